//! The trust-list document (docs/formats.md "Trust list"): its types, and the
//! semantic checks that serde alone cannot express.
//!
//! The payload is attest's own signed format, so every struct refuses
//! unknown fields (docs/threat-model.md T15) and [`TrustList::check`] refuses any
//! document whose parts contradict each other (a key id that is not the id
//! of the key beside it, a key listed twice, an impossible threshold).

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::digest::{DigestSet, Sha256Digest};
use crate::dsse::KeySet;
use crate::keys::{KeyId, PublicKey};
use crate::timestamp::Timestamp;

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
    /// How many distinct keys must sign.
    pub threshold: usize,
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
    pub fn public(&self) -> Result<PublicKey, String> {
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
    pub fn key_set(&self) -> Result<KeySet, String> {
        let keys = parse_keys(&self.keys)?;
        if self.threshold == 0 || self.threshold > keys.len() {
            return Err(format!(
                "threshold {} is impossible with {} key(s); it must be between 1 and the number of keys",
                self.threshold,
                keys.len()
            ));
        }
        KeySet::new(keys).map_err(|id| format!("key {id} is listed twice"))
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

fn parse_keys(keys: &[ListedKey]) -> Result<Vec<PublicKey>, String> {
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

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// Keys that may sign releases within `scope`.
    Supplier,
    /// Components approved within `scope`.
    Component,
    /// Keys that may issue certificates of the classes in `certifies`.
    Authority,
    /// Another list this one recognises, pinned by governance and name.
    TrustList,
    /// A transparency log of the `authorities` it covers, by `origin` and key.
    Log,
    /// A witness that cosigns logs' checkpoints, by cosigner `name` and key.
    Witness,
    /// A declared equivalence of certificate classes across jurisdictions,
    /// directional: the `to` state accepts the `from` state's class as its own.
    Equivalence,
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EntryKind::Supplier => "supplier",
            EntryKind::Component => "component",
            EntryKind::Authority => "authority",
            EntryKind::TrustList => "trust-list",
            EntryKind::Log => "log",
            EntryKind::Witness => "witness",
            EntryKind::Equivalence => "equivalence",
        })
    }
}

/// An entry's standing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In force.
    Granted,
    /// Temporarily not in force.
    Suspended,
    /// No longer in force.
    Withdrawn,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Granted => "granted",
            Status::Suspended => "suspended",
            Status::Withdrawn => "withdrawn",
        })
    }
}

/// One change of an entry's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The new status.
    pub status: Status,
    /// When it takes effect (a claim by the governors).
    pub since: Timestamp,
    /// For an authority suspended or withdrawn: the only certificates
    /// issued before the change that stay valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grandfathered: Option<Vec<String>>,
}

/// A certificate class of one jurisdiction: one side of an equivalence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRef {
    /// The state whose class it is.
    pub jurisdiction: String,
    /// The class, as that state's authorities certify it.
    pub class: String,
}

impl fmt::Display for ClassRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.jurisdiction, self.class)
    }
}

impl ClassRef {
    /// Parses `JURISDICTION:CLASS` (`KZ:standard`), as `trust add --from/--to` take it.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.split_once(':') {
            Some((j, c)) if !j.trim().is_empty() && !c.trim().is_empty() => {
                Ok(ClassRef { jurisdiction: j.to_owned(), class: c.to_owned() })
            }
            _ => Err(format!("{s:?} is not JURISDICTION:CLASS (for example KZ:standard)")),
        }
    }
}

/// A package scope: which purls (and versions) an entry covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// A purl pattern: a purl, or one ending in a whole `*` segment.
    pub purl: String,
    /// A version range in the ecosystem's syntax: PEP 440 specifiers for
    /// `pypi`, npm ranges for `npm`, Cargo requirements for every other type
    /// ([`crate::version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<String>,
    /// Exact versions, compared as the ecosystem compares them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<Vec<String>>,
    /// Pinned digests: a matching purl whose hashes differ is blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digests: Option<Vec<DigestSet>>,
}

impl Scope {
    /// A scope of `purl`, with a version range when given.
    pub fn new(purl: impl Into<String>, versions: Option<&str>) -> Self {
        Scope { purl: purl.into(), versions: versions.map(str::to_owned), exact: None, digests: None }
    }
}

/// One entry of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Entry {
    /// Unique within the list.
    pub id: String,
    /// What it is.
    pub kind: EntryKind,
    /// Human name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// State of the supplier / authority / recognised list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// Signing keys (suppliers, authorities).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<ListedKey>,
    /// Package scopes (suppliers, components).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Scope>,
    /// Certificate classes (authorities).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifies: Vec<String>,
    /// Longest certificate validity an authority may issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_validity_days: Option<u32>,
    /// The authority's accreditation (a reference such as the accreditation
    /// body's certificate number), which its certificates repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditation: Option<String>,
    /// The class accepted (equivalence entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ClassRef>,
    /// The class it is accepted as (equivalence entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ClassRef>,
    /// The recognised list's name (trust-list entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_name: Option<String>,
    /// The recognised list's governance (trust-list entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<Governance>,
    /// The log's origin, its checkpoints' first line (log entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The authorities whose certificates the log holds (log entries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<String>,
    /// Current status; equals the last history change.
    pub status: Status,
    /// Start of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// End of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
}

impl Entry {
    /// A new entry of `kind`, granted at `since`, with every optional part
    /// empty: the caller sets what its kind needs (keys, scope, …), and
    /// [`TrustList::check`] says if something is missing.
    pub fn granted(id: impl Into<String>, kind: EntryKind, since: Timestamp) -> Self {
        Entry {
            id: id.into(),
            kind,
            name: None,
            jurisdiction: None,
            keys: Vec::new(),
            scope: Vec::new(),
            certifies: Vec::new(),
            max_validity_days: None,
            accreditation: None,
            from: None,
            to: None,
            list_name: None,
            governance: None,
            origin: None,
            authorities: Vec::new(),
            status: Status::Granted,
            valid_from: None,
            valid_until: None,
            history: vec![StatusChange { status: Status::Granted, since, grandfathered: None }],
        }
    }

    /// The status in force at `t` (from `history`, and `validFrom` /
    /// `validUntil`): "was this entry granted at time T". Before the first
    /// change the entry did not exist, which counts as withdrawn.
    pub fn status_at(&self, t: Timestamp) -> Status {
        if self.valid_from.is_some_and(|f| t < f) || self.valid_until.is_some_and(|u| t >= u) {
            return Status::Withdrawn;
        }
        self.history.iter().rev().find(|c| c.since <= t).map_or(Status::Withdrawn, |c| c.status)
    }

    /// The entry's keys, checked.
    pub fn key_set(&self) -> Result<KeySet, String> {
        let keys = parse_keys(&self.keys)?;
        KeySet::new(keys).map_err(|id| format!("key {id} is listed twice"))
    }
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
    pub fn check(&self) -> Result<(), String> {
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
            let witnesses = self.entries.iter().filter(|e| e.kind == EntryKind::Witness).count();
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
            check_entry(e).map_err(|r| format!("`entries[{i}]` ({}): {r}", e.id))?;
        }
        Ok(())
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

/// A log origin or witness name is a signed-note key name.
fn note_name(field: &str, v: &str) -> Result<(), String> {
    if crate::tlog::note::valid_name(v) {
        Ok(())
    } else {
        Err(format!("`{field}` {v:?} must be a key name: not empty, no spaces or '+'"))
    }
}

fn check_entry(e: &Entry) -> Result<(), String> {
    if e.id.is_empty() {
        return Err("`id` is empty".into());
    }
    let last = e.history.last().ok_or("`history` is empty; it must record at least the grant")?;
    if last.status != e.status {
        return Err(format!("`status` is {} but the last `history` change is {}", e.status, last.status));
    }
    if e.history.windows(2).any(|w| matches!(w, [a, b] if b.since < a.since)) {
        return Err("`history` is not in time order".into());
    }
    if e.history
        .iter()
        .any(|c| c.grandfathered.is_some() && (c.status == Status::Granted || e.kind != EntryKind::Authority))
    {
        return Err("`grandfathered` belongs only to an authority's suspension or withdrawal".into());
    }
    let keys = e.key_set()?;
    let needs = |cond: bool, what: &str| if cond { Ok(()) } else { Err(format!("a {} entry needs {what}", e.kind)) };
    let forbids =
        |cond: bool, what: &str| if cond { Err(format!("a {} entry cannot have {what}", e.kind)) } else { Ok(()) };
    match e.kind {
        EntryKind::Supplier => {
            needs(!keys.is_empty(), "`keys`")?;
            needs(!e.scope.is_empty(), "`scope`")?;
        }
        EntryKind::Component => {
            needs(!e.scope.is_empty(), "`scope`")?;
            forbids(!keys.is_empty(), "`keys`")?;
        }
        EntryKind::Authority => {
            needs(!keys.is_empty(), "`keys`")?;
            needs(!e.certifies.is_empty(), "`certifies`")?;
            needs(e.jurisdiction.is_some(), "`jurisdiction`")?;
            if e.accreditation.as_deref().is_some_and(|a| a.trim().is_empty()) {
                return Err("`accreditation` is empty; omit it or name the accreditation".into());
            }
        }
        EntryKind::TrustList => {
            needs(e.list_name.is_some(), "`listName`")?;
            needs(e.jurisdiction.is_some(), "`jurisdiction`")?;
            let g = e.governance.as_ref().ok_or("a trust-list entry needs `governance`")?;
            g.key_set().map_err(|r| format!("`governance`: {r}"))?;
            forbids(!keys.is_empty(), "`keys`")?;
        }
        EntryKind::Log => {
            needs(!keys.is_empty(), "`keys`")?;
            needs(!e.authorities.is_empty(), "`authorities`")?;
            let origin = e.origin.as_deref().ok_or("a log entry needs `origin`")?;
            note_name("origin", origin)?;
        }
        EntryKind::Witness => {
            needs(!keys.is_empty(), "`keys`")?;
            needs(e.jurisdiction.is_some(), "`jurisdiction`")?;
            note_name("name", e.name.as_deref().ok_or("a witness entry needs `name` (its cosigner name)")?)?;
        }
        EntryKind::Equivalence => {
            let (Some(from), Some(to)) = (&e.from, &e.to) else {
                return Err("an equivalence entry needs `from` and `to`".into());
            };
            for (field, c) in [("from", from), ("to", to)] {
                if c.jurisdiction.trim().is_empty() || c.class.trim().is_empty() {
                    return Err(format!("`{field}` needs a jurisdiction and a class"));
                }
            }
            if from.jurisdiction == to.jurisdiction {
                return Err(format!(
                    "`from` and `to` are both of {}: an equivalence maps one state's class to another's",
                    from.jurisdiction
                ));
            }
            forbids(!keys.is_empty(), "`keys`")?;
            forbids(e.jurisdiction.is_some(), "`jurisdiction` (its sides carry theirs)")?;
        }
    }
    if !matches!(e.kind, EntryKind::Equivalence) {
        forbids(e.from.is_some() || e.to.is_some(), "`from` / `to`")?;
    }
    if !matches!(e.kind, EntryKind::Log) {
        forbids(e.origin.is_some() || !e.authorities.is_empty(), "`origin` / `authorities`")?;
    }
    if !matches!(e.kind, EntryKind::Authority) {
        forbids(
            !e.certifies.is_empty() || e.max_validity_days.is_some() || e.accreditation.is_some(),
            "`certifies` / `maxValidityDays` / `accreditation`",
        )?;
    }
    if !matches!(e.kind, EntryKind::Supplier | EntryKind::Component) {
        forbids(!e.scope.is_empty(), "`scope`")?;
    }
    if !matches!(e.kind, EntryKind::TrustList) {
        forbids(e.list_name.is_some() || e.governance.is_some(), "`listName` / `governance`")?;
    }
    for (i, s) in e.scope.iter().enumerate() {
        let pattern = crate::purl::Pattern::parse(&s.purl).map_err(|r| format!("`scope[{i}].purl`: {r}"))?;
        if let Some(v) = &s.versions {
            crate::version::Range::parse(pattern.ty(), v).map_err(|r| format!("`scope[{i}].versions`: {r}"))?;
        }
    }
    Ok(())
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
        assert!(listed.public().unwrap_err().contains("is not the id of the key beside it"));
        // The id edited to match: the new PEM is parsed and accepted.
        listed.keyid = key(2).public().id();
        assert_eq!(listed.public().unwrap().id(), key(2).public().id());
        // A copy made after the first parse carries the cache, and the same checks.
        let mut copy = listed.clone();
        copy.keyid = key(1).public().id();
        assert!(copy.public().is_err());
    }
}
