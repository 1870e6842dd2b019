//! The trust-list document (docs/formats.md "Trust list"): its types, and the
//! semantic checks that serde alone cannot express. Entries, one typed body
//! per kind, are [`super::entry`]'s.
//!
//! The payload is attest's own signed format, so every struct refuses
//! unknown fields (docs/threat-model.md T15) and [`TrustList::check`] refuses any
//! document whose parts contradict each other (a key id that is not the id
//! of the key beside it, a key listed twice, an impossible threshold).

use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::digest::{DigestSet, Sha256Digest};
use crate::dsse::KeySet;
use crate::keys::{KeyId, PublicKey};
use crate::timestamp::Timestamp;
use crate::trust::entry::{Entry, EntryKind};

crate::error::value_error!(
    /// Why a trust list, one of its entries, keys or scopes breaks a rule
    /// its types cannot express; the message names the field.
    TrustListError
);

/// `_type` of a trust-list payload.
pub const TRUST_LIST_TYPE: &str = "urn:attest:trust-list:v1";
/// DSSE `payloadType` of a trust list.
pub const TRUST_LIST_PAYLOAD_TYPE: &str = "application/vnd.attest.trust-list.v1+json";

/// A trust list: who a state trusts, for what, and what it revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TrustList {
    /// Always [`TRUST_LIST_TYPE`].
    #[serde(rename = "_type")]
    pub type_: String,
    /// The list's name (`kz-national`), stable across versions.
    pub name: String,
    /// ISO 3166 code of the state (or `SCO` for the federation).
    pub jurisdiction: String,
    /// Who runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Version number, one more than the previous version's.
    pub sequence: u64,
    /// When this version was issued (a claim by the governors).
    pub issued: Timestamp,
    /// After this, the version is expired (freeze protection, T6).
    pub next_update: Timestamp,
    /// Digest of the previous version's payload; absent only at sequence 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousDigest>,
    /// Who may sign this list, and how many of them must.
    pub governance: Governance,
    /// Suppliers, components, authorities and recognised lists.
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// What this list revokes.
    #[serde(default, skip_serializing_if = "Revocations::is_empty")]
    pub revoked: Revocations,
    /// The federation's transparency rule (docs/transparency.md): whether a
    /// certificate needs an inclusion proof, and how it must be witnessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparency: Option<Transparency>,
}

/// What a federation demands of certificates' inclusion proofs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Transparency {
    /// A certificate without a proof fails (else it is reported only).
    pub required: bool,
    /// Distinct granted witnesses that must cosign the proof's checkpoint
    /// (of at least two jurisdictions when two or more).
    pub quorum: usize,
    /// Longest time from a certificate's `issued` to its first counted
    /// cosignature.
    pub max_delay_seconds: u64,
}

/// The digest of a previous version: SHA-256 only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousDigest {
    /// SHA-256 of the previous version's DSSE payload.
    pub sha256: Sha256Digest,
}

/// A k-of-n set of keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// How many distinct keys must sign: at least one, so that no list is
    /// believed unsigned. A `0` in the JSON is refused naming the field.
    #[serde(deserialize_with = "nonzero_threshold")]
    pub threshold: NonZeroUsize,
    /// The keys.
    pub keys: Vec<ListedKey>,
}

/// A key as a list carries it: id, PEM, and who holds it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListedKey {
    /// Must equal the id computed from `public_key`.
    pub keyid: KeyId,
    /// SPKI PEM.
    pub public_key: String,
    /// The person or office holding the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// `public_key` parsed on first use, with the PEM it was parsed from.
    /// Parsing a key decompresses a curve point, which costs a sixth of a
    /// signature check; a batch of bundles carrying the same lists asks for
    /// the same keys thousands of times. The fields are public, so the PEM
    /// is kept to notice an edit (the cache is then not used) and `keyid`
    /// is compared on every call.
    #[serde(skip)]
    parsed: OnceLock<(String, Result<PublicKey, String>)>,
}

/// Equal when the document's fields are (the parse cache is not content).
impl PartialEq for ListedKey {
    fn eq(&self, other: &Self) -> bool {
        self.keyid == other.keyid && self.public_key == other.public_key && self.holder == other.holder
    }
}

impl Eq for ListedKey {}

impl ListedKey {
    /// A listed key for `key`.
    pub fn new(key: &PublicKey, holder: Option<String>) -> Self {
        let public_key = key.to_spki_pem();
        let parsed = OnceLock::from((public_key.clone(), Ok(key.clone())));
        ListedKey { keyid: key.id(), public_key, holder, parsed }
    }

    /// Parses the PEM (once, unless it was edited since) and checks that
    /// `keyid` is its id.
    pub fn public(&self) -> Result<PublicKey, TrustListError> {
        self.parse_public().map_err(TrustListError::from)
    }

    fn parse_public(&self) -> Result<PublicKey, String> {
        let parse = || PublicKey::from_spki_pem(&self.public_key, "listed key").map_err(|e| e.to_string());
        let key = match self.parsed.get_or_init(|| (self.public_key.clone(), parse())) {
            (pem, cached) if *pem == self.public_key => cached.clone()?,
            _ => parse()?,
        };
        if key.id() != self.keyid {
            return Err(format!("keyid {} is not the id of the key beside it ({})", self.keyid, key.id()));
        }
        Ok(key)
    }
}

impl Governance {
    /// The keys as a [`KeySet`], after checking ids, duplicates and the
    /// threshold (docs/formats.md: 1 ≤ threshold ≤ distinct keys; a key listed
    /// twice is malformed, T26).
    pub fn key_set(&self) -> Result<KeySet, TrustListError> {
        self.checked_keys().map_err(TrustListError::from)
    }

    fn checked_keys(&self) -> Result<KeySet, String> {
        let keys = parse_keys(&self.keys)?;
        if self.threshold.get() > keys.len() {
            return Err(format!(
                "threshold {} is impossible with {} key(s); it must be between 1 and the number of keys",
                self.threshold,
                keys.len()
            ));
        }
        KeySet::new(keys).map_err(|id| format!("key {id} is listed twice"))
    }

    /// Whether `signers` distinct keys meet the threshold.
    pub fn met_by(&self, signers: usize) -> bool {
        signers >= self.threshold.get()
    }

    /// A fingerprint of who governs: SHA-256 over the threshold and the
    /// sorted key ids. Published out of band so that a verifier can check
    /// the anchor it was handed (`attest trust fingerprint`).
    pub fn fingerprint(&self) -> Sha256Digest {
        let ids: BTreeSet<String> = self.keys.iter().map(|k| k.keyid.to_string()).collect();
        let mut text = format!("attest-governance-v1\nthreshold {}\n", self.threshold);
        for id in ids {
            text.push_str(&id);
            text.push('\n');
        }
        Sha256Digest::of(text.as_bytes())
    }
}

/// Reads a threshold, refusing 0 with the field named (serde's own
/// message for a zero `NonZeroUsize` names neither the field nor the fix).
fn nonzero_threshold<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NonZeroUsize, D::Error> {
    let n = usize::deserialize(d)?;
    NonZeroUsize::new(n)
        .ok_or_else(|| serde::de::Error::custom("`threshold` is 0; it must be between 1 and the number of keys"))
}

pub(super) fn parse_keys(keys: &[ListedKey]) -> Result<Vec<PublicKey>, String> {
    let mut seen = BTreeSet::new();
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            let key = k.public().map_err(|e| format!("keys[{i}]: {e}"))?;
            if !seen.insert(key.id()) {
                return Err(format!("keys[{i}]: key {} is listed twice", key.id()));
            }
            Ok(key)
        })
        .collect()
}

/// A revoked key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokedKey {
    /// The key id (revocations match the verifying key's id).
    pub keyid: KeyId,
    /// When (informational: a revoked key voids every signature it made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    /// Why.
    pub reason: String,
}

/// A revoked component: a purl with its version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokedComponent {
    /// `pkg:type/ns/name@version`.
    pub purl: String,
    /// Why.
    pub reason: String,
}

/// A revoked artefact, by digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokedArtefact {
    /// Its digest.
    pub digest: DigestSet,
    /// Why.
    pub reason: String,
}

/// A revoked certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokedCertificate {
    /// The issuing authority's entry id.
    pub authority: String,
    /// The certificate id.
    pub id: String,
    /// Why.
    pub reason: String,
}

/// Everything a list revokes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocations {
    /// Keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<RevokedKey>,
    /// Components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<RevokedComponent>,
    /// Artefacts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artefacts: Vec<RevokedArtefact>,
    /// Certificates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<RevokedCertificate>,
}

impl Revocations {
    /// Whether nothing is revoked.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.components.is_empty() && self.artefacts.is_empty() && self.certificates.is_empty()
    }
}

impl TrustList {
    /// Every semantic rule a well-formed list obeys. `Err` names the field.
    pub fn check(&self) -> Result<(), TrustListError> {
        self.check_rules().map_err(TrustListError::from)
    }

    fn check_rules(&self) -> Result<(), String> {
        if self.type_ != TRUST_LIST_TYPE {
            return Err(format!("wrong type: `_type` is {:?}, expected {TRUST_LIST_TYPE:?}", self.type_));
        }
        if self.name.is_empty() || self.jurisdiction.is_empty() {
            return Err("`name` and `jurisdiction` must not be empty".into());
        }
        if self.sequence == 0 {
            return Err("`sequence` starts at 1".into());
        }
        if self.sequence > 1 && self.previous.is_none() {
            return Err(format!("`previous` is missing; sequence {} must name its predecessor", self.sequence));
        }
        if self.next_update <= self.issued {
            return Err("`nextUpdate` must be later than `issued`".into());
        }
        self.governance.key_set().map_err(|e| format!("`governance`: {e}"))?;
        if self.entries.len() > crate::limits::MAX_ENTRIES {
            return Err(format!("{} entries, over the limit of {}", self.entries.len(), crate::limits::MAX_ENTRIES));
        }
        for (i, c) in self.revoked.components.iter().enumerate() {
            let p = crate::purl::Purl::parse(&c.purl).map_err(|r| format!("`revoked.components[{i}].purl`: {r}"))?;
            if p.version.is_none() {
                return Err(format!("`revoked.components[{i}].purl` {:?} names no version (PURL@VERSION)", c.purl));
            }
        }
        if let Some(t) = &self.transparency {
            let witnesses = self.entries.iter().filter(|e| e.kind() == EntryKind::Witness).count();
            if t.required && t.quorum > witnesses {
                return Err(format!(
                    "`transparency.quorum` {} is more than the {witnesses} witness entries; no certificate could pass",
                    t.quorum
                ));
            }
        }
        let mut ids = BTreeSet::new();
        for (i, e) in self.entries.iter().enumerate() {
            if !ids.insert(e.id.as_str()) {
                return Err(format!("`entries[{i}].id` {:?} is used twice", e.id));
            }
            e.check().map_err(|r| format!("`entries[{i}]` ({}): {r}", e.id))?;
        }
        Ok(())
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::ListedKey;
    use crate::testkit::unit::key;

    #[test]
    fn a_listed_key_parsed_once_still_notices_edits() {
        let mut listed = ListedKey::new(key(1).public(), None);
        assert_eq!(listed.public().unwrap().id(), key(1).public().id());
        // Another key's PEM beside the first key's id: the cached parse is not used.
        listed.public_key = key(2).public().to_spki_pem();
        assert!(listed.public().unwrap_err().to_string().contains("is not the id of the key beside it"));
        // The id edited to match: the new PEM is parsed and accepted.
        listed.keyid = key(2).public().id();
        assert_eq!(listed.public().unwrap().id(), key(2).public().id());
        // A copy made after the first parse carries the cache, and the same checks.
        let mut copy = listed.clone();
        copy.keyid = key(1).public().id();
        assert!(copy.public().is_err());
    }
}
