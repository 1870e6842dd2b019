//! Mutual-recognition certificates (docs/formats.md "Certificate"): a regulator's
//! signed statement that a product passed its national evaluation, which a
//! regulator of another state can verify offline.
//!
//! The predicate is attest's own signed format, so every struct refuses
//! unknown fields; it is modelled on SLSA's Verification Summary
//! Attestation (what was evaluated, under which policy, against which lists,
//! with what result) and on Common Criteria certificates (issuer, class,
//! validity).

use serde::{Deserialize, Serialize};

use crate::digest::Sha256Digest;
use crate::keys::KeyId;
use crate::provenance::Counts;
use crate::timestamp::Timestamp;
use crate::trust::PreviousDigest;

/// The predicate type of a certificate.
pub const PREDICATE_MUTUAL_RECOGNITION: &str = "urn:attest:mutual-recognition:v1";

/// The one result a certificate can carry: attest issues nothing else.
pub const RESULT_PASSED: &str = "PASSED";

/// The certificate predicate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Certificate {
    /// `<jurisdiction>-<year>-<16 hex>` unless given.
    pub certificate_id: String,
    /// Who issued it.
    pub issuer: Issuer,
    /// What was certified.
    pub product: Product,
    /// How it was evaluated.
    pub evaluation: EvaluationSummary,
    /// The certificate class (from the policy), which the issuing authority
    /// must be allowed to certify.
    pub class: String,
    /// The federation lists in which this certificate asks to be recognised.
    pub recognition: Vec<String>,
    /// When it was issued (a claim of the issuer).
    pub issued: Timestamp,
    /// Start of validity; equals `issued`.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
}

/// The issuing authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The authority's entry id in the federation list.
    pub authority: String,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// The key that signs the certificate.
    pub keyid: KeyId,
}

/// The product, from the SBOM's `metadata.component`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Name.
    pub name: String,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Supplier name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// Package URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

/// What the evaluation covered and found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EvaluationSummary {
    /// The policy, by id and the digest of its canonical form.
    pub policy: PolicyRef,
    /// The attestation, by the digest of its payload.
    pub attestation: DigestRef,
    /// Every list used, with the digest of the version used.
    pub trust_lists: Vec<ListRef>,
    /// Component statuses.
    pub components: Counts,
    /// Always [`RESULT_PASSED`].
    pub result: String,
}

/// A policy reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRef {
    /// Policy id.
    pub id: String,
    /// SHA-256 of the policy's canonical JSON form (`bundle::policy_digest`).
    pub digest: PreviousDigest,
}

/// A reference by digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestRef {
    /// The digest.
    pub digest: PreviousDigest,
}

/// A trust-list version used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRef {
    /// List name.
    pub name: String,
    /// Jurisdiction.
    pub jurisdiction: String,
    /// Sequence used.
    pub sequence: u64,
    /// Digest of that version's payload.
    pub digest: PreviousDigest,
}

/// A SHA-256 reference as the formats write it: `{"sha256": "…"}`.
pub fn sha256_ref(d: Sha256Digest) -> PreviousDigest {
    PreviousDigest { sha256: d }
}

impl Certificate {
    /// The rules serde cannot express: ids that identify something, a
    /// result attest issues, at least one recognition and one list. A
    /// certificate that breaks them is malformed, whoever signed it.
    pub fn check(&self) -> Result<(), String> {
        check_certificate_id(&self.certificate_id)?;
        for (field, value) in [
            ("class", &self.class),
            ("issuer.authority", &self.issuer.authority),
            ("issuer.jurisdiction", &self.issuer.jurisdiction),
            ("product.name", &self.product.name),
            ("evaluation.policy.id", &self.evaluation.policy.id),
        ] {
            if value.trim().is_empty() {
                return Err(format!("`{field}` is empty"));
            }
        }
        if self.evaluation.result != RESULT_PASSED {
            return Err(format!(
                "`evaluation.result` is {:?}; attest certifies only {RESULT_PASSED}",
                self.evaluation.result
            ));
        }
        if self.recognition.is_empty() {
            return Err("`recognition` is empty".into());
        }
        if self.evaluation.trust_lists.is_empty() {
            return Err("`evaluation.trustLists` is empty".into());
        }
        if let Some(i) = self.evaluation.trust_lists.iter().position(|l| l.sequence == 0 || l.name.is_empty()) {
            return Err(format!("`evaluation.trustLists[{i}]` needs a name and a sequence of at least 1"));
        }
        Ok(())
    }
}

/// Parses a certificate Statement from verified payload bytes: strict, own
/// format (no nulls, no unknown fields), types checked, then [`Certificate::check`].
pub fn parse_statement(payload: &[u8], doc: &str) -> crate::Result<crate::statement::Statement<Certificate>> {
    let st = crate::statement::Statement::<Certificate>::from_own_payload(payload, PREDICATE_MUTUAL_RECOGNITION, doc)?;
    st.predicate.check().map_err(|r| crate::Error::malformed(doc, r))?;
    Ok(st)
}

/// A certificate id names one certificate in revocations and grandfather
/// lists, so it is plain: 1–128 ASCII letters, digits, `.`, `_` or `-`,
/// starting with a letter or digit.
pub fn check_certificate_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id.bytes().enumerate().all(|(i, b)| b.is_ascii_alphanumeric() || (i > 0 && matches!(b, b'.' | b'_' | b'-')));
    if ok { Ok(()) } else { Err(format!("certificate id {id:?} must be 1-128 letters, digits, '.', '_' or '-'")) }
}

/// A fresh certificate id: `<jurisdiction>-<year>-<16 random hex digits>`,
/// so two workstations of one regulator never collide.
pub fn new_certificate_id(jurisdiction: &str, issued: Timestamp) -> crate::Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::Error::Usage(format!("the operating system gave no random bytes: {e}")))?;
    Ok(format!("{jurisdiction}-{}-{}", issued.year(), hex::encode(bytes)))
}
