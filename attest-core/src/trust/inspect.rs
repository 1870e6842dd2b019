//! Reading a trust list as a security team does: what it says (`trust
//! show`), what changed between two versions (`trust diff`) and what deserves
//! a second look before the governors sign (`trust audit`).
//!
//! Nothing here decides whether a list is *believed*; that is
//! [`super::verify`]. These are review tools, so every result is a plain
//! serialisable value with stable camelCase field names (the CLI prints it as
//! JSON unchanged) and every audit finding says what to do about it.
//!
//! The functions expect a list that passed [`TrustList::check`] (every list
//! read through [`super::parse_list`] or [`SignedList`] has): a scope whose
//! pattern does not parse is simply not judged here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::digest::{DigestSet, Sha256Digest};
use crate::keys::KeyId;
use crate::purl::Pattern;
use crate::timestamp::Timestamp;
use crate::trust::{
    ClassRef, Entry, EntryKind, Governance, ListedKey, Revocations, RevokedArtefact, RevokedCertificate,
    RevokedComponent, RevokedKey, Scope, SignedList, Status, StatusChange, Transparency, TrustList,
};

/// A list expiring within this many days is worth a warning: a new version
/// needs a threshold of governors, who are rarely all at hand the same day.
pub const LIST_EXPIRY_WARNING_DAYS: i64 = 14;
/// An entry expiring within this many days is worth a warning: renewing a
/// supplier or authority usually takes paperwork.
pub const ENTRY_EXPIRY_WARNING_DAYS: i64 = 30;
/// Certificates valid longer than this (two years) outlive most evaluations
/// they rest on.
pub const LONG_VALIDITY_DAYS: u32 = 730;

// ---------------------------------------------------------------------------
// Shared pieces

/// A key as a person reviews it: its id and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyRef {
    /// The key id.
    pub keyid: KeyId,
    /// The person or office holding it, when the list says.
    pub holder: Option<String>,
}

impl From<&ListedKey> for KeyRef {
    fn from(k: &ListedKey) -> Self {
        KeyRef { keyid: k.keyid, holder: k.holder.clone() }
    }
}

/// Which list (and version) a view is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListRef {
    /// The list's name.
    pub name: String,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// Its version.
    pub sequence: u64,
}

impl From<&TrustList> for ListRef {
    fn from(l: &TrustList) -> Self {
        ListRef { name: l.name.clone(), jurisdiction: l.jurisdiction.clone(), sequence: l.sequence }
    }
}

/// A scope on one line: `PURL versions=RANGE exact=V,… digests=sha256:HEX,…`.
///
/// The purl is shown as written, not normalised: a reviewer should see the
/// spelling the governors are about to sign.
pub fn scope_text(s: &Scope) -> String {
    let mut out = s.purl.clone();
    if let Some(v) = &s.versions {
        out.push_str(" versions=");
        out.push_str(&quoted_if_spaced(v));
    }
    if let Some(exact) = &s.exact {
        out.push_str(" exact=");
        out.push_str(&exact.iter().map(|v| quoted_if_spaced(v)).collect::<Vec<_>>().join(","));
    }
    if let Some(digests) = &s.digests {
        out.push_str(" digests=");
        out.push_str(&digests.iter().map(digest_text).collect::<Vec<_>>().join(","));
    }
    out
}

/// Quotes a value holding whitespace or a comma (`">=1.0.0, <3"`), so that
/// it cannot be mistaken for the next `key=value` of [`scope_text`].
fn quoted_if_spaced(v: &str) -> String {
    if v.is_empty() || v.contains(|c: char| c.is_whitespace() || c == ',') { format!("{v:?}") } else { v.to_owned() }
}

/// A digest set as `sha256:HEX` (`+sha512:HEX` and other algorithms after).
pub fn digest_text(d: &DigestSet) -> String {
    let mut out = format!("sha256:{}", d.sha256);
    if let Some(s) = &d.sha512 {
        out.push_str(&format!("+sha512:{s}"));
    }
    for (alg, value) in &d.other {
        out.push_str(&format!("+{alg}:{value}"));
    }
    out
}

/// What identifies a digest set in set comparisons (`DigestSet` has no
/// order of its own): every algorithm.
type DigestKey = (Sha256Digest, Option<String>, BTreeMap<String, String>);

fn digest_key(d: &DigestSet) -> DigestKey {
    (d.sha256, d.sha512.map(|s| s.to_hex()), d.other.clone())
}

/// What identifies a scope, for set comparisons: every field, with `exact`
/// versions as a set in their ecosystem's normal form, so that respelling
/// `2.32.03` as `2.32.3` is no change ([`crate::version`]).
type ScopeKey = (String, Option<String>, Option<BTreeSet<String>>, Option<Vec<DigestKey>>);

fn scope_key(s: &Scope) -> ScopeKey {
    let ty = crate::purl::Pattern::parse(&s.purl).map(|p| p.ty().to_owned()).unwrap_or_default();
    (
        s.purl.clone(),
        s.versions.clone(),
        s.exact.as_ref().map(|vs| vs.iter().map(|v| crate::version::normal_form(&ty, v).into_owned()).collect()),
        s.digests.as_ref().map(|ds| ds.iter().map(digest_key).collect()),
    )
}

/// What identifies a revoked component: its purl with the version in normal
/// form ([`crate::purl::Purl::identity`]), or as written when it does not
/// parse (such a list fails its checks anyway), and the reason.
fn revoked_component_key(r: &RevokedComponent) -> (String, String) {
    let purl = crate::purl::Purl::parse(&r.purl).map_or_else(|_| r.purl.clone(), |p| p.identity());
    (purl, r.reason.clone())
}

// ---------------------------------------------------------------------------
// Summary (`trust show`)

/// A governance as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GovernanceSummary {
    /// How many distinct keys must sign.
    pub threshold: usize,
    /// The fingerprint published out of band ([`Governance::fingerprint`]).
    pub fingerprint: Sha256Digest,
    /// The keys.
    pub keys: Vec<KeyRef>,
}

impl From<&Governance> for GovernanceSummary {
    fn from(g: &Governance) -> Self {
        GovernanceSummary {
            threshold: g.threshold,
            fingerprint: g.fingerprint(),
            keys: g.keys.iter().map(KeyRef::from).collect(),
        }
    }
}

/// One entry as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    /// Entry id.
    pub id: String,
    /// What it is.
    pub kind: EntryKind,
    /// Human name.
    pub name: Option<String>,
    /// Jurisdiction.
    pub jurisdiction: Option<String>,
    /// The status the list records (its last history change).
    pub status: Status,
    /// When that status took effect.
    pub since: Option<Timestamp>,
    /// The status in force at the time of the view (history and validity
    /// applied): what a verifier would use.
    pub status_now: Status,
    /// Signing keys.
    pub keys: Vec<KeyRef>,
    /// Scopes as [`scope_text`] writes them.
    pub scopes: Vec<String>,
    /// Certificate classes (authorities).
    pub certifies: Vec<String>,
    /// Longest certificate validity (authorities).
    pub max_validity_days: Option<u32>,
    /// The authority's accreditation reference.
    pub accreditation: Option<String>,
    /// The class accepted (equivalence entries).
    pub from: Option<ClassRef>,
    /// The class it counts as (equivalence entries).
    pub to: Option<ClassRef>,
    /// The recognised list's name (trust-list entries).
    pub list_name: Option<String>,
    /// The recognised list's pinned governance (trust-list entries).
    pub governance: Option<GovernanceSummary>,
    /// The log's origin (log entries).
    pub origin: Option<String>,
    /// The authorities the log covers (log entries).
    pub authorities: Vec<String>,
    /// Start of validity.
    pub valid_from: Option<Timestamp>,
    /// End of validity.
    pub valid_until: Option<Timestamp>,
}

impl EntrySummary {
    /// The entry as shown at `time`.
    pub fn new(e: &Entry, time: Timestamp) -> Self {
        EntrySummary {
            id: e.id.clone(),
            kind: e.kind,
            name: e.name.clone(),
            jurisdiction: e.jurisdiction.clone(),
            status: e.status,
            since: e.history.last().map(|c| c.since),
            status_now: e.status_at(time),
            keys: e.keys.iter().map(KeyRef::from).collect(),
            scopes: e.scope.iter().map(scope_text).collect(),
            certifies: e.certifies.clone(),
            max_validity_days: e.max_validity_days,
            accreditation: e.accreditation.clone(),
            from: e.from.clone(),
            to: e.to.clone(),
            list_name: e.list_name.clone(),
            governance: e.governance.as_ref().map(GovernanceSummary::from),
            origin: e.origin.clone(),
            authorities: e.authorities.clone(),
            valid_from: e.valid_from,
            valid_until: e.valid_until,
        }
    }
}

/// A whole list as shown by `trust show`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The list's name.
    pub name: String,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// Who runs it.
    pub operator: Option<String>,
    /// Version number.
    pub sequence: u64,
    /// When this version was issued.
    pub issued: Timestamp,
    /// When it expires.
    pub next_update: Timestamp,
    /// Digest of the previous version.
    pub previous: Option<Sha256Digest>,
    /// The time the view was taken at (`--time` or now).
    pub time: Timestamp,
    /// Whether the version is expired at `time`.
    pub expired: bool,
    /// Who may sign it.
    pub governance: GovernanceSummary,
    /// Every entry, in list order.
    pub entries: Vec<EntrySummary>,
    /// Everything it revokes, in the format's own field names.
    pub revoked: Revocations,
    /// The transparency rule, if the list declares one.
    pub transparency: Option<Transparency>,
}

/// The list as `trust show` presents it, at `time`.
pub fn summary(list: &TrustList, time: Timestamp) -> Summary {
    Summary {
        name: list.name.clone(),
        jurisdiction: list.jurisdiction.clone(),
        operator: list.operator.clone(),
        sequence: list.sequence,
        issued: list.issued,
        next_update: list.next_update,
        previous: list.previous.map(|p| p.sha256),
        time,
        expired: list.next_update <= time,
        governance: GovernanceSummary::from(&list.governance),
        entries: list.entries.iter().map(|e| EntrySummary::new(e, time)).collect(),
        revoked: list.revoked.clone(),
        transparency: list.transparency,
    }
}

/// Which governors' signatures count on a signed list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GovernorSignatures {
    /// How many are required.
    pub threshold: usize,
    /// Governors whose signature verifies and whose key the list does not
    /// revoke: the ones that count.
    pub counted: Vec<KeyRef>,
    /// Governors whose signature is absent, does not verify, or is made with
    /// a key the list revokes.
    pub missing: Vec<KeyRef>,
    /// Whether `counted` reaches `threshold`.
    pub met: bool,
}

/// Counts the signatures of `signed` (the envelope `list` was read from) by
/// the governors of `list`, as [`super::verify`] would for a version under
/// unchanged governance. A rotation's old governors are not considered here:
/// only a chain walk knows the previous version.
pub fn governor_signatures(list: &TrustList, signed: &SignedList) -> GovernorSignatures {
    let revoked: BTreeSet<KeyId> = list.revoked.keys.iter().map(|k| k.keyid).collect();
    // A governance that does not parse has no key that can verify; the list
    // check refuses such a list long before a view is taken.
    let verified: BTreeSet<KeyId> = match list.governance.key_set() {
        Ok(keys) => signed.envelope.verify(&keys).verified.into_iter().filter(|k| !revoked.contains(k)).collect(),
        Err(_) => BTreeSet::new(),
    };
    let (counted, missing): (Vec<&ListedKey>, Vec<&ListedKey>) =
        list.governance.keys.iter().partition(|k| verified.contains(&k.keyid));
    GovernorSignatures {
        threshold: list.governance.threshold,
        met: counted.len() >= list.governance.threshold,
        counted: counted.into_iter().map(KeyRef::from).collect(),
        missing: missing.into_iter().map(KeyRef::from).collect(),
    }
}

/// A version's signatures counted against every governance that must
/// approve it: its own and, when it rotates the governance, the previous
/// version's too (as [`super::verify`] requires, T7). Shown wherever a list
/// is signed, shown or audited, so that "2 of the required 2" never hides a
/// rotation the old governors have not approved.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    /// Counted against this version's own governance.
    pub current: GovernorSignatures,
    /// Counted against the previous version's governance, for a rotation;
    /// `None` when the governance is unchanged or the previous version was
    /// not given.
    pub previous: Option<GovernorSignatures>,
    /// Whether the previous version was given, so that an unchanged
    /// governance is known rather than assumed (always true at sequence 1).
    pub previous_known: bool,
}

impl Approval {
    /// Whether every governance that must approve the version has.
    pub fn met(&self) -> bool {
        self.current.met && self.previous.as_ref().is_none_or(|p| p.met)
    }
}

/// Counts `signed` against `list`'s governance and, when `previous` (the
/// previous signed version) governs differently, against its governance.
/// A `previous` that is not the version `list` names is refused.
pub fn approval(list: &TrustList, signed: &SignedList, previous: Option<&SignedList>) -> Result<Approval, String> {
    let current = governor_signatures(list, signed);
    let Some(prev) = previous else {
        return Ok(Approval { current, previous: None, previous_known: list.previous.is_none() });
    };
    if list.previous.map(|p| p.sha256) != Some(prev.digest) {
        return Err(format!(
            "{} is not the version before {} sequence {} (its digest is not the list's `previous`)",
            prev.source, list.name, list.sequence
        ));
    }
    let rotation = prev.list.governance.fingerprint() != list.governance.fingerprint();
    Ok(Approval { current, previous: rotation.then(|| governor_signatures(&prev.list, signed)), previous_known: true })
}

// ---------------------------------------------------------------------------
// Diff (`trust diff`)

/// What was added and removed in a collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Changes<T> {
    /// In the new version only.
    pub added: Vec<T>,
    /// In the old version only.
    pub removed: Vec<T>,
}

impl<T> Changes<T> {
    /// Whether nothing was added or removed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Items of `new` not in `old` and items of `old` not in `new`, compared by
/// `key` (in the order each version lists them). Keyed sets rather than
/// pairwise equality keep large revocation lists linear-logarithmic.
fn changes<T: Clone, K: Ord>(old: &[T], new: &[T], key: impl Fn(&T) -> K) -> Changes<T> {
    let old_keys: BTreeSet<K> = old.iter().map(&key).collect();
    let new_keys: BTreeSet<K> = new.iter().map(&key).collect();
    Changes {
        added: new.iter().filter(|x| !old_keys.contains(&key(x))).cloned().collect(),
        removed: old.iter().filter(|x| !new_keys.contains(&key(x))).cloned().collect(),
    }
}

/// Keys added and removed, compared by key id.
fn key_changes(old: &[ListedKey], new: &[ListedKey]) -> Changes<KeyRef> {
    let c = changes(old, new, |k| k.keyid);
    Changes { added: c.added.iter().map(KeyRef::from).collect(), removed: c.removed.iter().map(KeyRef::from).collect() }
}

/// A changed scalar field, both sides as text (`None`: absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// The field's name in the format (`nextUpdate`, `status`…).
    pub field: &'static str,
    /// The old value.
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
}

/// A [`FieldChange`] when the two sides differ.
fn field<T: PartialEq + ToString>(field: &'static str, old: Option<&T>, new: Option<&T>) -> Option<FieldChange> {
    (old != new).then(|| FieldChange { field, old: old.map(ToString::to_string), new: new.map(ToString::to_string) })
}

/// A changed holder of a key that stayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HolderChange {
    /// The key.
    pub keyid: KeyId,
    /// The old holder.
    pub old: Option<String>,
    /// The new holder.
    pub new: Option<String>,
}

/// How a governance changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GovernanceDiff {
    /// Whether who governs changed (threshold or keys): a rotation, which
    /// verifiers accept only when a threshold of both governances signed.
    pub rotation: bool,
    /// The old fingerprint (`None`: an entry that pinned no governance).
    pub old_fingerprint: Option<Sha256Digest>,
    /// The new fingerprint: the one to publish out of band after a rotation.
    pub new_fingerprint: Option<Sha256Digest>,
    /// Old and new threshold, when it changed.
    pub threshold: Option<FieldChange>,
    /// Governor keys added and removed.
    pub keys: Changes<KeyRef>,
    /// Keys that stayed but changed holder.
    pub holders: Vec<HolderChange>,
}

fn keys_of(g: Option<&Governance>) -> &[ListedKey] {
    g.map_or(&[], |g| g.keys.as_slice())
}

/// How `old` became `new`; `None` when nothing changed. A side is absent
/// only for an entry whose kind changed to or from `trust-list`.
fn diff_governance(old: Option<&Governance>, new: Option<&Governance>) -> Option<GovernanceDiff> {
    let (old_keys, new_keys) = (keys_of(old), keys_of(new));
    let keys = key_changes(old_keys, new_keys);
    let old_holders: BTreeMap<KeyId, &Option<String>> = old_keys.iter().map(|k| (k.keyid, &k.holder)).collect();
    let holders: Vec<HolderChange> = new_keys
        .iter()
        .filter_map(|k| {
            let before = old_holders.get(&k.keyid)?;
            (**before != k.holder).then(|| HolderChange {
                keyid: k.keyid,
                old: (*before).clone(),
                new: k.holder.clone(),
            })
        })
        .collect();
    let threshold = field("threshold", old.map(|g| &g.threshold), new.map(|g| &g.threshold));
    if keys.is_empty() && holders.is_empty() && threshold.is_none() {
        return None;
    }
    let (old_fingerprint, new_fingerprint) = (old.map(Governance::fingerprint), new.map(Governance::fingerprint));
    Some(GovernanceDiff {
        rotation: old_fingerprint != new_fingerprint,
        old_fingerprint,
        new_fingerprint,
        threshold,
        keys,
        holders,
    })
}

/// How one entry (same id in both versions) changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryDiff {
    /// Entry id.
    pub id: String,
    /// Its kind in the new version.
    pub kind: EntryKind,
    /// Changed scalar fields: `kind`, `name`, `jurisdiction`, `status`,
    /// `validFrom`, `validUntil`, `maxValidityDays`, `listName`, `origin`.
    pub fields: Vec<FieldChange>,
    /// Status changes recorded since the old version (`removed` is a
    /// rewritten history, which should never happen).
    pub history: Changes<StatusChange>,
    /// Keys.
    pub keys: Changes<KeyRef>,
    /// Scopes (a changed range shows as one removed and one added).
    pub scopes: Changes<Scope>,
    /// Certificate classes.
    pub certifies: Changes<String>,
    /// Authorities a log covers.
    pub authorities: Changes<String>,
    /// The pinned governance of a recognised list.
    pub governance: Option<GovernanceDiff>,
}

/// How the entries changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntriesDiff {
    /// New entries, whole, in the format's own field names.
    pub added: Vec<Entry>,
    /// Entries that are gone, whole. (Withdrawing keeps the record; removing
    /// an entry erases the history a verifier needs to judge the past.)
    pub removed: Vec<Entry>,
    /// Entries present in both versions that differ.
    pub changed: Vec<EntryDiff>,
}

/// How the revocations changed, per kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevocationsDiff {
    /// Revoked keys.
    pub keys: Changes<RevokedKey>,
    /// Revoked components.
    pub components: Changes<RevokedComponent>,
    /// Revoked artefacts.
    pub artefacts: Changes<RevokedArtefact>,
    /// Revoked certificates.
    pub certificates: Changes<RevokedCertificate>,
}

impl RevocationsDiff {
    /// Whether no revocation was added or removed.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.components.is_empty() && self.artefacts.is_empty() && self.certificates.is_empty()
    }
}

/// What changed between two versions of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// The old version.
    pub from: ListRef,
    /// The new version.
    pub to: ListRef,
    /// Changed header fields: `name`, `jurisdiction`, `operator`,
    /// `sequence`, `issued`, `nextUpdate`, `previous`, `transparency`.
    pub header: Vec<FieldChange>,
    /// The list's own governance, when it changed.
    pub governance: Option<GovernanceDiff>,
    /// Entries.
    pub entries: EntriesDiff,
    /// Revocations.
    pub revocations: RevocationsDiff,
}

impl Diff {
    /// Whether the two versions say the same thing.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty()
            && self.governance.is_none()
            && self.entries.added.is_empty()
            && self.entries.removed.is_empty()
            && self.entries.changed.is_empty()
            && self.revocations.is_empty()
    }
}

/// What changed from `old` to `new`. Entries are matched by id; keys by key
/// id; scopes, history items and revocations by their whole content.
pub fn diff(old: &TrustList, new: &TrustList) -> Diff {
    let header = [
        field("name", Some(&old.name), Some(&new.name)),
        field("jurisdiction", Some(&old.jurisdiction), Some(&new.jurisdiction)),
        field("operator", old.operator.as_ref(), new.operator.as_ref()),
        field("sequence", Some(&old.sequence), Some(&new.sequence)),
        field("issued", Some(&old.issued), Some(&new.issued)),
        field("nextUpdate", Some(&old.next_update), Some(&new.next_update)),
        field("previous", old.previous.map(|p| p.sha256).as_ref(), new.previous.map(|p| p.sha256).as_ref()),
        field(
            "transparency",
            old.transparency.map(transparency_text).as_ref(),
            new.transparency.map(transparency_text).as_ref(),
        ),
    ];
    let old_ids: BTreeMap<&str, &Entry> = old.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_ids: BTreeSet<&str> = new.entries.iter().map(|e| e.id.as_str()).collect();
    let entries = EntriesDiff {
        added: new.entries.iter().filter(|e| !old_ids.contains_key(e.id.as_str())).cloned().collect(),
        removed: old.entries.iter().filter(|e| !new_ids.contains(e.id.as_str())).cloned().collect(),
        changed: new.entries.iter().filter_map(|n| old_ids.get(n.id.as_str()).and_then(|o| diff_entry(o, n))).collect(),
    };
    let (o, n) = (&old.revoked, &new.revoked);
    let revocations = RevocationsDiff {
        keys: changes(&o.keys, &n.keys, |r| (r.keyid, r.since, r.reason.clone())),
        components: changes(&o.components, &n.components, revoked_component_key),
        artefacts: changes(&o.artefacts, &n.artefacts, |r| (digest_key(&r.digest), r.reason.clone())),
        certificates: changes(&o.certificates, &n.certificates, |r| {
            (r.authority.clone(), r.id.clone(), r.reason.clone())
        }),
    };
    Diff {
        from: ListRef::from(old),
        to: ListRef::from(new),
        header: header.into_iter().flatten().collect(),
        governance: diff_governance(Some(&old.governance), Some(&new.governance)),
        entries,
        revocations,
    }
}

/// A transparency rule in one line: `required, quorum 2, max delay 86400 s`.
pub fn transparency_text(t: Transparency) -> String {
    format!(
        "{}, quorum {}, max delay {} s",
        if t.required { "required" } else { "optional" },
        t.quorum,
        t.max_delay_seconds
    )
}

/// How entry `o` became `n`; `None` when they are equal.
fn diff_entry(o: &Entry, n: &Entry) -> Option<EntryDiff> {
    // Entries that differ only in how an exact version is spelt say the same thing.
    let respelt =
        |e: &Entry| (e.scope.iter().map(scope_key).collect::<Vec<_>>(), Entry { scope: Vec::new(), ..e.clone() });
    if o == n || respelt(o) == respelt(n) {
        return None;
    }
    let fields = [
        field("kind", Some(&o.kind), Some(&n.kind)),
        field("name", o.name.as_ref(), n.name.as_ref()),
        field("jurisdiction", o.jurisdiction.as_ref(), n.jurisdiction.as_ref()),
        field("status", Some(&o.status), Some(&n.status)),
        field("validFrom", o.valid_from.as_ref(), n.valid_from.as_ref()),
        field("validUntil", o.valid_until.as_ref(), n.valid_until.as_ref()),
        field("maxValidityDays", o.max_validity_days.as_ref(), n.max_validity_days.as_ref()),
        field("accreditation", o.accreditation.as_ref(), n.accreditation.as_ref()),
        field("from", o.from.as_ref(), n.from.as_ref()),
        field("to", o.to.as_ref(), n.to.as_ref()),
        field("listName", o.list_name.as_ref(), n.list_name.as_ref()),
        field("origin", o.origin.as_ref(), n.origin.as_ref()),
    ];
    Some(EntryDiff {
        id: n.id.clone(),
        kind: n.kind,
        fields: fields.into_iter().flatten().collect(),
        history: changes(&o.history, &n.history, |c| (c.status.to_string(), c.since, c.grandfathered.clone())),
        keys: key_changes(&o.keys, &n.keys),
        scopes: changes(&o.scope, &n.scope, scope_key),
        certifies: changes(&o.certifies, &n.certifies, String::clone),
        authorities: changes(&o.authorities, &n.authorities, String::clone),
        governance: diff_governance(o.governance.as_ref(), n.governance.as_ref()),
    })
}

// ---------------------------------------------------------------------------
// Audit (`trust audit`)

/// How much a finding matters. Ordered most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A key compromise or a lapse away from trusting the wrong thing, or a
    /// list verifiers already refuse.
    High,
    /// Weakens a control, or will soon stop the list working.
    Medium,
    /// Worth tightening.
    Low,
    /// For the record.
    Info,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 4] = [Severity::High, Severity::Medium, Severity::Low, Severity::Info];
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        })
    }
}

/// One thing an audit found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// A stable code (`threshold-one`), for scripts and for the table in
    /// docs/trust-lists.md.
    pub code: &'static str,
    /// The entry concerned, if any (`None`: the list as a whole).
    pub entry: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// Findings as they are collected.
#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, severity: Severity, code: &'static str, entry: Option<&str>, message: String) {
        self.0.push(Finding { severity, code, entry: entry.map(str::to_owned), message });
    }
}

/// Everything in `list` that deserves a second look at `time`, most severe
/// first (then by code and entry). `signed`, when given, is the envelope the
/// list was read from: it adds the findings about who signed.
pub fn audit(list: &TrustList, time: Timestamp, signed: Option<(&SignedList, &Approval)>) -> Vec<Finding> {
    let mut f = Findings::default();
    audit_validity(list, time, &mut f);
    audit_governance(&list.governance, None, &mut f);
    if let Some((signed, approval)) = signed {
        audit_signatures(signed, approval, &mut f);
    }
    audit_revoked_keys(list, &mut f);
    audit_shared_keys(list, &mut f);
    for e in &list.entries {
        audit_entry(list, e, time, &mut f);
    }
    audit_revocations(list, &mut f);
    audit_transparency(list, time, &mut f);
    let mut findings = f.0;
    findings
        .sort_by(|a, b| (a.severity, a.code, &a.entry, &a.message).cmp(&(b.severity, b.code, &b.entry, &b.message)));
    findings
}

/// The list's own dates.
/// The transparency rule against the logs and witnesses granted now: a
/// quorum no set of witnesses can meet, witnesses of one jurisdiction only,
/// a log that covers no authority, an authority no log covers.
fn audit_transparency(list: &TrustList, time: Timestamp, f: &mut Findings) {
    let granted =
        |k: EntryKind| list.entries.iter().filter(move |e| e.kind == k && e.status_at(time) == Status::Granted);
    for log in granted(EntryKind::Log) {
        if !log.authorities.iter().any(|a| list.entry(a).is_some_and(|e| e.kind == EntryKind::Authority)) {
            f.add(
                Severity::Medium,
                "log-covers-no-authority",
                Some(&log.id),
                format!(
                    "log {} covers no authority of this list ({:?}); its checkpoints prove nothing here",
                    log.id, log.authorities
                ),
            );
        }
    }
    let Some(t) = list.transparency else { return };
    let witnesses: Vec<&Entry> = granted(EntryKind::Witness).collect();
    let jurisdictions: BTreeSet<&str> = witnesses.iter().filter_map(|w| w.jurisdiction.as_deref()).collect();
    if t.quorum > witnesses.len() {
        f.add(
            if t.required { Severity::High } else { Severity::Medium },
            "quorum-above-witnesses",
            None,
            format!(
                "transparency quorum {} is more than the {} witnesses granted now: no certificate can meet it",
                t.quorum,
                witnesses.len()
            ),
        );
    }
    if t.quorum >= 2 && jurisdictions.len() < 2 {
        f.add(
            Severity::High,
            "witnesses-one-jurisdiction",
            None,
            format!(
                "the granted witnesses are of {} jurisdiction(s) only; a quorum of {} needs two",
                jurisdictions.len(),
                t.quorum
            ),
        );
    }
    if t.quorum == 0 {
        f.add(
            Severity::Medium,
            "quorum-zero",
            None,
            "transparency quorum 0: a log alone can back-date or split its view".into(),
        );
    }
    for a in granted(EntryKind::Authority) {
        if !granted(EntryKind::Log).any(|l| l.authorities.contains(&a.id)) {
            f.add(
                if t.required { Severity::High } else { Severity::Low },
                "authority-without-log",
                Some(&a.id),
                format!("no granted log covers authority {}; its certificates cannot carry a valid proof", a.id),
            );
        }
    }
}

fn audit_validity(list: &TrustList, time: Timestamp, f: &mut Findings) {
    let what = format!("{} sequence {}", list.name, list.sequence);
    if list.next_update <= time {
        f.add(
            Severity::High,
            "list-expired",
            None,
            format!(
                "{what} expired at {}; verifiers refuse it (freeze protection). Make the next version \
                 (`attest trust next`), have a threshold of governors sign it and publish it.",
                list.next_update
            ),
        );
    } else if list.next_update <= time.plus_days(LIST_EXPIRY_WARNING_DAYS) {
        f.add(
            Severity::Medium,
            "list-expiring",
            None,
            format!(
                "{what} expires at {}, within {LIST_EXPIRY_WARNING_DAYS} days; make, sign and publish the next \
                 version (`attest trust next`) before then.",
                list.next_update
            ),
        );
    }
    if list.issued > time {
        f.add(
            Severity::Low,
            "issued-in-future",
            None,
            format!(
                "{what} is issued at {}, after {time}; verifiers ignore a version issued in their future. Check \
                 the clock of the machine that made the draft, or give `--time`.",
                list.issued
            ),
        );
    }
}

/// A governance: the list's own (`pinned_by: None`) or the one a trust-list
/// entry pins.
fn audit_governance(g: &Governance, pinned_by: Option<&Entry>, f: &mut Findings) {
    match pinned_by {
        None if g.threshold == 1 => f.add(
            Severity::High,
            "threshold-one",
            None,
            format!(
                "one governor key alone can sign a new version ({} key(s), threshold 1): a single stolen or \
                 coerced key can grant or strip anything. Raise the threshold with `attest trust set-governance \
                 --threshold 2` or more, with enough governors.",
                g.keys.len()
            ),
        ),
        Some(e) if g.threshold == 1 => f.add(
            Severity::High,
            "threshold-one",
            Some(&e.id),
            format!(
                "the recognised list {} is believed on the signature of one key (threshold 1 of {}): one stolen \
                 key of its governance can grant or revoke anything here. Ask its operator to raise the \
                 threshold, then pin the new governance.",
                e.list_name.as_deref().unwrap_or(&e.id),
                g.keys.len()
            ),
        ),
        None if g.keys.len() > 1 && g.threshold >= g.keys.len() => f.add(
            Severity::Low,
            "threshold-all-keys",
            None,
            format!(
                "every one of the {} governor keys must sign: one lost key (a broken token, a departed \
                 official) leaves the list unable to publish a new version, and it expires. Add a spare governor \
                 with `attest trust set-governance`.",
                g.keys.len()
            ),
        ),
        _ => {}
    }
}

/// Who signed this version.
fn audit_signatures(signed: &SignedList, approval: &Approval, f: &mut Findings) {
    let sigs = &approval.current;
    if let Some(old) = &approval.previous
        && !old.met
    {
        f.add(
            Severity::High,
            "rotation-below-threshold",
            None,
            format!(
                "this version changes the governance (a rotation): only {} of the previous governance's required {} \
                 signatures count on {}; verifiers that trust the previous version refuse it. The previous \
                 governors sign it with `attest trust sign --previous PREVIOUS.json`.",
                old.counted.len(),
                old.threshold,
                signed.source
            ),
        );
    }
    if !approval.previous_known {
        f.add(
            Severity::Info,
            "previous-not-given",
            None,
            format!(
                "signatures on {} are counted against this version's governance only; if it changes the governance \
                 (a rotation), the previous version's governors must reach their threshold too: give --previous \
                 PREVIOUS.json to count both.",
                signed.source
            ),
        );
    }
    if !sigs.met {
        f.add(
            Severity::High,
            "below-threshold",
            None,
            format!(
                "only {} of the required {} governors' signatures count on {}; verifiers refuse it. Collect \
                 more with `attest trust sign` (or `attest trust combine` for copies signed in parallel).",
                sigs.counted.len(),
                sigs.threshold,
                signed.source
            ),
        );
    }
    for k in &sigs.missing {
        f.add(
            Severity::Info,
            "governor-unsigned",
            None,
            format!(
                "governor {}{} did not sign this version (or signed with a revoked key). Allowed while the \
                 threshold is met; if they did sign, combine their copy (`attest trust combine`).",
                k.keyid,
                holder_text(k.holder.as_deref())
            ),
        );
    }
}

fn holder_text(holder: Option<&str>) -> String {
    holder.map(|h| format!(" ({h})")).unwrap_or_default()
}

/// Revoked keys still listed where they would be trusted: the list's
/// governance, granted entries, and governances pinned by granted entries.
fn audit_revoked_keys(list: &TrustList, f: &mut Findings) {
    let revoked: BTreeMap<KeyId, &str> = list.revoked.keys.iter().map(|k| (k.keyid, k.reason.as_str())).collect();
    for k in list.governance.keys.iter().filter(|k| revoked.contains_key(&k.keyid)) {
        f.add(
            Severity::High,
            "revoked-key-listed",
            None,
            format!(
                "governor key {} is revoked ({}) but still in the governance; its signatures no longer count, \
                 so the threshold is closer than it looks. Replace it with `attest trust set-governance`.",
                k.keyid,
                revoked.get(&k.keyid).copied().unwrap_or_default()
            ),
        );
    }
    for e in list.entries.iter().filter(|e| e.status == Status::Granted) {
        let pinned = e.governance.iter().flat_map(|g| &g.keys);
        for k in e.keys.iter().chain(pinned).filter(|k| revoked.contains_key(&k.keyid)) {
            f.add(
                Severity::High,
                "revoked-key-listed",
                Some(&e.id),
                format!(
                    "key {} of granted entry {} is revoked ({}) but still listed; verifiers refuse its signatures, \
                     yet readers and other tools may not. Withdraw the entry and add it again under a new id with \
                     the replacement key.",
                    k.keyid,
                    e.id,
                    revoked.get(&k.keyid).copied().unwrap_or_default()
                ),
            );
        }
    }
}

/// One key serving two entries, or an entry and the governance: one
/// compromise then breaks both, and one revocation stops both.
fn audit_shared_keys(list: &TrustList, f: &mut Findings) {
    let mut holders: BTreeMap<KeyId, Vec<&str>> = BTreeMap::new();
    for e in &list.entries {
        for k in &e.keys {
            holders.entry(k.keyid).or_default().push(&e.id);
        }
    }
    for (keyid, ids) in &holders {
        if let [first, _, ..] = ids.as_slice() {
            f.add(
                Severity::Medium,
                "key-shared",
                Some(*first),
                format!(
                    "key {keyid} is a key of entries {}: a compromise of it breaks all of them and revoking it \
                     stops all of them. Give each entry its own key.",
                    ids.join(", ")
                ),
            );
        }
    }
    for k in &list.governance.keys {
        for id in holders.get(&k.keyid).into_iter().flatten() {
            f.add(
                Severity::Medium,
                "governor-key-in-entry",
                Some(*id),
                format!(
                    "key {} of entry {id} is also a governor key of this list: the same key governs the list and \
                     signs as the entry. Separate the roles with distinct keys.",
                    k.keyid
                ),
            );
        }
    }
}

fn audit_entry(list: &TrustList, e: &Entry, time: Timestamp, f: &mut Findings) {
    let id = Some(e.id.as_str());
    if let Some(until) = e.valid_until.filter(|_| e.status == Status::Granted) {
        if until <= time {
            f.add(
                Severity::Medium,
                "entry-expired",
                id,
                format!(
                    "the validity of {} ended at {until}; it grants nothing any more. Withdraw it \
                         (`attest trust set-status --status withdrawn`), or renew its validity if it should go on.",
                    e.id
                ),
            );
        } else if until <= time.plus_days(ENTRY_EXPIRY_WARNING_DAYS) {
            f.add(
                Severity::Low,
                "entry-expiring",
                id,
                format!(
                    "the validity of {} ends at {until}, within {ENTRY_EXPIRY_WARNING_DAYS} days; renew it in \
                         the next version if it should go on.",
                    e.id
                ),
            );
        }
    }
    let since = e.history.last().map(|c| c.since.to_string()).unwrap_or_default();
    match e.status {
        Status::Granted => {}
        Status::Suspended => f.add(
            Severity::Info,
            "entry-suspended",
            id,
            format!("{} is suspended since {since}: it grants nothing until set back to granted.", e.id),
        ),
        Status::Withdrawn => f.add(
            Severity::Info,
            "entry-withdrawn",
            id,
            format!("{} is withdrawn since {since}; kept for the record of what it granted before.", e.id),
        ),
    }
    if e.kind == EntryKind::Authority {
        audit_authority(list, e, f);
    }
    if e.kind == EntryKind::Equivalence && e.status != Status::Withdrawn {
        audit_equivalence(list, e, f);
    }
    if let Some(g) = &e.governance {
        audit_governance(g, Some(e), f);
    }
    // A withdrawn entry grants nothing any more, however broad its scope was.
    if e.status != Status::Withdrawn {
        for s in &e.scope {
            audit_scope(e, s, f);
        }
    }
}

/// An equivalence whose `from` names a class no authority of that
/// jurisdiction in this list certifies maps nothing (or a misspelt class).
/// Its `to` is the verifier's own name, and a state that only verifies has
/// no authority here; so `to` is judged only when its state has one.
fn audit_equivalence(list: &TrustList, e: &Entry, f: &mut Findings) {
    for (side, c) in [("from", &e.from), ("to", &e.to)] {
        let Some(c) = c else { continue };
        let of_state: Vec<&Entry> = list
            .entries
            .iter()
            .filter(|a| {
                a.kind == EntryKind::Authority
                    && a.status != Status::Withdrawn
                    && a.jurisdiction.as_deref() == Some(c.jurisdiction.as_str())
            })
            .collect();
        if (side == "to" && of_state.is_empty()) || of_state.iter().any(|a| a.certifies.contains(&c.class)) {
            continue;
        }
        f.add(
            Severity::Medium,
            "equivalence-class-uncertified",
            Some(&e.id),
            format!(
                "equivalence {} names {c} as its `{side}`, but no authority of {} in this list certifies class \
                 {:?}: check the spelling, or add the authority before relying on it.",
                e.id, c.jurisdiction, c.class
            ),
        );
    }
}

fn audit_authority(list: &TrustList, e: &Entry, f: &mut Findings) {
    let id = Some(e.id.as_str());
    match e.max_validity_days {
        Some(days) if days > LONG_VALIDITY_DAYS => f.add(
            Severity::Low,
            "max-validity-long",
            id,
            format!(
                "authority {} may issue certificates valid {days} days, more than {LONG_VALIDITY_DAYS}: a \
                 certificate then outlives the evaluation it rests on. Lower `maxValidityDays`.",
                e.id
            ),
        ),
        None => f.add(
            Severity::Low,
            "max-validity-unset",
            id,
            format!(
                "authority {} has no `maxValidityDays`: nothing bounds how long its certificates stay valid. \
                 Set one (`--max-validity-days`, {LONG_VALIDITY_DAYS} or less).",
                e.id
            ),
        ),
        Some(_) => {}
    }
    let revoked: BTreeSet<KeyId> = list.revoked.keys.iter().map(|k| k.keyid).collect();
    let stopped = e.status == Status::Granted
        || e.history.last().is_some_and(|c| c.grandfathered.is_some())
        || e.keys.iter().any(|k| revoked.contains(&k.keyid));
    if !stopped {
        f.add(
            Severity::Medium,
            "authority-backdating-possible",
            id,
            format!(
                "authority {} is {} without a `grandfathered` list and none of its keys is revoked: it can still \
                 backdate `issued` on new certificates (docs/threat-model.md T31). Record the certificates that stay valid \
                 (`attest trust set-status --grandfather CERT_ID…`) or revoke its keys (`attest trust revoke \
                 --key`).",
                e.id, e.status
            ),
        );
    }
}

fn audit_scope(e: &Entry, s: &Scope, f: &mut Findings) {
    let id = Some(e.id.as_str());
    let grants = match e.kind {
        EntryKind::Supplier => "its keys may sign releases of",
        _ => "it approves",
    };
    if let Ok(p) = Pattern::parse(&s.purl) {
        let mut namespace = p.namespace_segments();
        let first = namespace.next();
        // A Go namespace starts with the host: `pkg:golang/github.com/*` is
        // every module hosted there, as broad as a whole ecosystem.
        let host_only = p.ty() == "golang" && first.is_some() && namespace.next().is_none();
        match (p.name(), first) {
            (None, None) => f.add(
                Severity::High,
                "scope-everything",
                id,
                format!(
                    "scope {} covers every {} package: {grants} any of them, present or future. Narrow it to \
                     the supplier's own namespace or to named packages.",
                    s.purl,
                    p.ty()
                ),
            ),
            (None, Some(host)) if host_only => f.add(
                Severity::High,
                "scope-everything",
                id,
                format!(
                    "scope {} covers every Go module hosted at {host}: {grants} any of them. Narrow it to the \
                     supplier's own path (pkg:golang/{host}/OWNER/*).",
                    s.purl
                ),
            ),
            (None, Some(_)) => f.add(
                if e.kind == EntryKind::Supplier { Severity::Info } else { Severity::Low },
                "scope-namespace",
                id,
                format!(
                    "scope {} covers every package of its namespace, including ones published later; right when \
                     the namespace is the supplier's own, otherwise name the packages.",
                    s.purl
                ),
            ),
            (Some(_), _) => {}
        }
    }
    let unbounded = s.versions.is_none() && s.exact.is_none();
    match e.kind {
        EntryKind::Supplier if unbounded => f.add(
            Severity::Info,
            "scope-no-versions",
            id,
            format!(
                "scope {} has no version range: any version the supplier signs is accepted. Add one \
                 (`--versions`) to bound the grant.",
                s.purl
            ),
        ),
        EntryKind::Component if unbounded && s.digests.is_none() => f.add(
            Severity::Low,
            "component-any-version",
            id,
            format!(
                "scope {} approves every version, past and future, whoever published it. Pin a range \
                 (`--versions`), exact versions (`--exact`) or digests (`--digest`).",
                s.purl
            ),
        ),
        _ => {}
    }
}

/// Revocations that may not match what their author meant.
fn audit_revocations(list: &TrustList, f: &mut Findings) {
    for c in &list.revoked.certificates {
        let known = list.entry(&c.authority).is_some_and(|e| e.kind == EntryKind::Authority);
        if !known {
            f.add(
                Severity::Info,
                "revocation-unknown-authority",
                None,
                format!(
                    "certificate {} is revoked for authority {:?}, which is no authority entry of this list; it \
                     matches only if another believed list has an authority of that id. Check the spelling.",
                    c.id, c.authority
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;
    use crate::trust::edit::{self, Init, Revocation};

    use crate::testkit::unit::{key, t};

    fn entry_mut<'a>(l: &'a mut TrustList, id: &str) -> &'a mut Entry {
        l.entries.iter_mut().find(|e| e.id == id).unwrap()
    }

    const T0: &str = "2026-01-01T00:00:00Z";

    fn base(threshold: usize) -> TrustList {
        let init = testkit::national_init(&[1, 2, 3], threshold, t(T0)).unwrap();
        edit::init(Init { operator: Some("Ministry".into()), ..init }).unwrap()
    }

    fn supplier(id: &str, k: u8, scopes: Vec<Scope>) -> Entry {
        Entry {
            keys: vec![ListedKey::new(key(k).public(), None)],
            scope: scopes,
            ..Entry::granted(id, EntryKind::Supplier, t(T0))
        }
    }

    fn authority(id: &str, k: u8, max: Option<u32>) -> Entry {
        Entry {
            jurisdiction: Some("KZ".into()),
            keys: vec![ListedKey::new(key(k).public(), None)],
            certifies: vec!["standard".into()],
            max_validity_days: max,
            ..Entry::granted(id, EntryKind::Authority, t(T0))
        }
    }

    fn recognised(id: &str, threshold: usize, keys: &[u8]) -> Entry {
        Entry {
            jurisdiction: Some("UZ".into()),
            list_name: Some("uz-national".into()),
            governance: Some(Governance {
                threshold,
                keys: keys.iter().map(|k| ListedKey::new(key(*k).public(), None)).collect(),
            }),
            ..Entry::granted(id, EntryKind::TrustList, t(T0))
        }
    }

    fn codes(findings: &[Finding]) -> Vec<(&'static str, Option<&str>)> {
        findings.iter().map(|f| (f.code, f.entry.as_deref())).collect()
    }

    fn has(findings: &[Finding], code: &str, entry: Option<&str>, severity: Severity) -> bool {
        findings.iter().any(|f| f.code == code && f.entry.as_deref() == entry && f.severity == severity)
    }

    #[test]
    fn audit_finds_transparency_rules_no_witness_set_can_meet() {
        let mut l = base(2);
        l.entries.push(authority("kz-regulator", 5, Some(365)));
        l.entries.push(authority("uz-regulator", 6, Some(365)));
        l.entries.push(Entry {
            origin: Some("kz.example/log".into()),
            keys: vec![ListedKey::new(key(7).public(), None)],
            authorities: vec!["nobody".into()],
            ..Entry::granted("stray-log", EntryKind::Log, t(T0))
        });
        l.entries.push(Entry {
            origin: Some("kz.example/certificates".into()),
            keys: vec![ListedKey::new(key(8).public(), None)],
            authorities: vec!["kz-regulator".into()],
            ..Entry::granted("kz-log", EntryKind::Log, t(T0))
        });
        l.entries.push(Entry {
            name: Some("witness.kz.example".into()),
            jurisdiction: Some("KZ".into()),
            keys: vec![ListedKey::new(key(9).public(), None)],
            ..Entry::granted("kz-witness", EntryKind::Witness, t(T0))
        });
        l.transparency = Some(Transparency { required: false, quorum: 2, max_delay_seconds: 3600 });
        l.check().unwrap();
        let f = audit(&l, t(T0), None);
        assert!(has(&f, "log-covers-no-authority", Some("stray-log"), Severity::Medium), "{f:#?}");
        assert!(has(&f, "quorum-above-witnesses", None, Severity::Medium), "{f:#?}");
        assert!(has(&f, "witnesses-one-jurisdiction", None, Severity::High), "{f:#?}");
        assert!(has(&f, "authority-without-log", Some("uz-regulator"), Severity::Low), "{f:#?}");
        assert!(!has(&f, "authority-without-log", Some("kz-regulator"), Severity::Low), "{f:#?}");
        // A required rule a list cannot meet is not a list at all.
        l.transparency = Some(Transparency { required: true, quorum: 2, max_delay_seconds: 3600 });
        assert!(l.check().unwrap_err().contains("transparency.quorum"));
    }

    #[test]
    fn identical_versions_have_an_empty_diff() {
        let l =
            edit::add_entry(base(2), supplier("acme", 9, vec![Scope::new("pkg:generic/acme/*", Some("^1"))])).unwrap();
        let d = diff(&l, &l);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(d.from.sequence, 1);
    }

    #[test]
    fn t38_respelt_versions_are_no_change_in_a_diff() {
        let component = |exact: &str| Entry {
            scope: vec![Scope { exact: Some(vec![exact.into()]), ..Scope::new("pkg:pypi/requests", None) }],
            ..Entry::granted("requests", EntryKind::Component, t(T0))
        };
        let revoke = |l, purl: &str| edit::revoke(l, Revocation::Component(purl.into()), "r".into(), t(T0)).unwrap();
        let old = revoke(edit::add_entry(base(2), component("2.32.3")).unwrap(), "pkg:npm/ms@3.3.6");
        for (exact, revoked) in [("2.32.03", "pkg:npm/ms@v3.3.6"), ("v2.32.3", "pkg:npm/ms@%3D3.3.6")] {
            let new = revoke(edit::add_entry(base(2), component(exact)).unwrap(), revoked);
            assert!(diff(&old, &new).is_empty(), "{exact} {revoked}: {:?}", diff(&old, &new));
        }
        // Another release is a change, in the entry and in the revocations.
        let new = revoke(edit::add_entry(base(2), component("2.32.4")).unwrap(), "pkg:npm/ms@3.3.7");
        let d = diff(&old, &new);
        assert_eq!(d.entries.changed.len(), 1);
        assert_eq!(d.revocations.components.added.len(), 1);
    }

    #[test]
    fn diff_reports_header_entries_and_revocations() {
        let old =
            edit::add_entry(base(2), supplier("acme", 9, vec![Scope::new("pkg:generic/acme/*", Some("^1"))])).unwrap();
        let old = edit::add_entry(old, supplier("gone", 10, vec![Scope::new("pkg:generic/gone/*", None)])).unwrap();
        let old =
            edit::revoke(old, Revocation::Component("pkg:npm/left-pad@1.0.0".into()), "typo".into(), t(T0)).unwrap();
        let signed = edit::sign_draft(&old, &key(1), None).unwrap();
        let later = t("2026-02-01T00:00:00Z");

        let mut new = edit::next(&signed, later).unwrap();
        new.entries.retain(|e| e.id != "gone");
        new.revoked.components.clear();
        entry_mut(&mut new, "acme").scope = vec![Scope::new("pkg:generic/acme/*", Some("^2"))];
        let new = edit::set_status(new, "acme", Status::Suspended, later, None).unwrap();
        let new = edit::add_entry(new, authority("kz-reg", 11, Some(365))).unwrap();
        let new = edit::revoke(new, Revocation::Key(key(10).public().id()), "leaked".into(), later).unwrap();

        let d = diff(&old, &new);
        assert!(!d.is_empty());
        let fields: Vec<&str> = d.header.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["sequence", "issued", "nextUpdate", "previous"]);
        assert_eq!(d.header[0].old.as_deref(), Some("1"));
        assert_eq!(d.header[0].new.as_deref(), Some("2"));
        assert!(d.governance.is_none());
        assert_eq!(d.entries.added.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["kz-reg"]);
        assert_eq!(d.entries.removed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["gone"]);
        let [acme] = d.entries.changed.as_slice() else { panic!("{:?}", d.entries.changed) };
        assert_eq!(acme.id, "acme");
        assert_eq!(acme.fields.iter().map(|c| c.field).collect::<Vec<_>>(), ["status"]);
        assert_eq!(acme.fields[0].new.as_deref(), Some("suspended"));
        assert_eq!(acme.history.added.len(), 1);
        assert!(acme.history.removed.is_empty());
        assert_eq!(acme.scopes.added[0].versions.as_deref(), Some("^2"));
        assert_eq!(acme.scopes.removed[0].versions.as_deref(), Some("^1"));
        assert!(acme.keys.is_empty() && acme.certifies.is_empty() && acme.governance.is_none());
        assert_eq!(d.revocations.keys.added.len(), 1);
        assert_eq!(d.revocations.components.removed.len(), 1);
        assert!(d.revocations.artefacts.is_empty() && d.revocations.certificates.is_empty());

        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["entries"]["changed"][0]["scopes"]["added"][0]["versions"], "^2");
        assert_eq!(json["revocations"]["components"]["removed"][0]["purl"], "pkg:npm/left-pad@1.0.0");
        assert_eq!(json["header"][0]["field"], "sequence");
    }

    #[test]
    fn diff_reports_a_rotation_and_a_changed_pin() {
        let old = edit::add_entry(base(2), recognised("uz", 2, &[20, 21])).unwrap();
        let new = edit::set_governance(old.clone(), &[key(2).public().clone(), key(4).public().clone()], 2).unwrap();
        let mut new = new;
        entry_mut(&mut new, "uz").governance = Some(Governance {
            threshold: 1,
            keys: vec![ListedKey::new(key(20).public(), None), ListedKey::new(key(22).public(), None)],
        });
        let d = diff(&old, &new);
        let g = d.governance.as_ref().unwrap();
        assert!(g.rotation);
        assert_ne!(g.old_fingerprint, g.new_fingerprint);
        assert!(g.threshold.is_none());
        assert_eq!(g.keys.added.iter().map(|k| k.keyid).collect::<Vec<_>>(), [key(4).public().id()]);
        let removed: BTreeSet<KeyId> = g.keys.removed.iter().map(|k| k.keyid).collect();
        assert_eq!(removed, [key(1).public().id(), key(3).public().id()].into_iter().collect());
        let pin = d.entries.changed[0].governance.as_ref().unwrap();
        assert!(pin.rotation);
        assert_eq!(pin.threshold.as_ref().and_then(|c| c.new.as_deref()), Some("1"));
        assert_eq!(pin.keys.added.len(), 1);
        assert_eq!(pin.keys.removed.len(), 1);
    }

    #[test]
    fn a_holder_change_is_not_a_rotation() {
        let old = base(2);
        let mut new = old.clone();
        new.governance.keys[0].holder = Some("Minister".into());
        let g = diff(&old, &new).governance.unwrap();
        assert!(!g.rotation);
        assert_eq!(g.holders.len(), 1);
        assert!(g.keys.is_empty() && g.threshold.is_none());
    }

    #[test]
    fn a_clean_list_has_only_informational_findings() {
        let l =
            edit::add_entry(base(2), supplier("acme", 9, vec![Scope::new("pkg:generic/acme/*", Some("^1"))])).unwrap();
        let l = edit::add_entry(l, authority("kz-reg", 11, Some(365))).unwrap();
        let signed = edit::combine(vec![
            edit::sign_draft(&l, &key(1), None).unwrap(),
            edit::sign_draft(&l, &key(2), None).unwrap(),
        ])
        .unwrap();
        let approval = approval(&l, &signed, None).unwrap();
        let findings = audit(&l, t("2026-01-02T00:00:00Z"), Some((&signed, &approval)));
        assert_eq!(codes(&findings), [("governor-unsigned", None), ("scope-namespace", Some("acme"))]);
        assert!(findings.iter().all(|f| f.severity == Severity::Info));
    }

    #[test]
    fn audit_finds_weak_governance_broad_scopes_and_expiry() {
        let l = base(1);
        let l = edit::add_entry(l, supplier("wide", 9, vec![Scope::new("pkg:npm/*", None)])).unwrap();
        let l =
            edit::add_entry(l, supplier("go", 10, vec![Scope::new("pkg:golang/github.com/*", Some("^1"))])).unwrap();
        let l = edit::add_entry(
            l,
            Entry {
                scope: vec![Scope::new("pkg:cargo/serde", None)],
                ..Entry::granted("serde", EntryKind::Component, t(T0))
            },
        )
        .unwrap();
        let l = edit::add_entry(l, recognised("uz", 1, &[20])).unwrap();
        let l = edit::add_entry(l, authority("long", 11, Some(1000))).unwrap();
        let l = edit::add_entry(l, authority("unbounded", 12, None)).unwrap();
        let mut l = l;
        entry_mut(&mut l, "long").valid_until = Some(t("2026-03-20T00:00:00Z"));

        // 10 days before nextUpdate (2026-04-01).
        let findings = audit(&l, t("2026-03-22T00:00:00Z"), None);
        assert!(has(&findings, "threshold-one", None, Severity::High));
        assert!(has(&findings, "threshold-one", Some("uz"), Severity::High));
        assert!(has(&findings, "scope-everything", Some("wide"), Severity::High));
        assert!(has(&findings, "scope-everything", Some("go"), Severity::High));
        // Withdrawn, the same entry grants nothing: no scope finding.
        let gone = edit::set_status(l.clone(), "wide", Status::Withdrawn, t("2026-03-21T00:00:00Z"), None).unwrap();
        let later = audit(&gone, t("2026-03-22T00:00:00Z"), None);
        assert!(!has(&later, "scope-everything", Some("wide"), Severity::High));
        assert!(has(&later, "entry-withdrawn", Some("wide"), Severity::Info));
        assert!(has(&findings, "scope-no-versions", Some("wide"), Severity::Info));
        assert!(has(&findings, "component-any-version", Some("serde"), Severity::Low));
        assert!(has(&findings, "list-expiring", None, Severity::Medium));
        assert!(has(&findings, "entry-expired", Some("long"), Severity::Medium));
        assert!(has(&findings, "max-validity-long", Some("long"), Severity::Low));
        assert!(has(&findings, "max-validity-unset", Some("unbounded"), Severity::Low));
        let severities: Vec<Severity> = findings.iter().map(|f| f.severity).collect();
        assert!(severities.windows(2).all(|w| w[0] <= w[1]), "sorted by severity: {severities:?}");

        let later = audit(&l, t("2026-04-01T00:00:00Z"), None);
        assert!(has(&later, "list-expired", None, Severity::High));
        assert!(!has(&later, "list-expiring", None, Severity::Medium));
        let earlier = audit(&l, t("2026-03-01T00:00:00Z"), None);
        assert!(has(&earlier, "entry-expiring", Some("long"), Severity::Low));
        assert!(!has(&earlier, "list-expiring", None, Severity::Medium));
    }

    #[test]
    fn audit_finds_shared_and_revoked_keys() {
        let l = edit::add_entry(base(2), supplier("a", 9, vec![Scope::new("pkg:generic/a/x", Some("^1"))])).unwrap();
        let l = edit::add_entry(l, supplier("b", 9, vec![Scope::new("pkg:generic/b/x", Some("^1"))])).unwrap();
        let l = edit::add_entry(l, supplier("gov", 1, vec![Scope::new("pkg:generic/c/x", Some("^1"))])).unwrap();
        let l = edit::revoke(l, Revocation::Key(key(9).public().id()), "leaked".into(), t(T0)).unwrap();
        let l = edit::revoke(l, Revocation::Key(key(2).public().id()), "lost".into(), t(T0)).unwrap();
        let findings = audit(&l, t("2026-01-02T00:00:00Z"), None);
        assert!(has(&findings, "key-shared", Some("a"), Severity::Medium));
        assert!(has(&findings, "governor-key-in-entry", Some("gov"), Severity::Medium));
        assert!(has(&findings, "revoked-key-listed", Some("a"), Severity::High));
        assert!(has(&findings, "revoked-key-listed", Some("b"), Severity::High));
        assert!(has(&findings, "revoked-key-listed", None, Severity::High));

        // A withdrawn entry keeps its keys for the record: not a finding.
        let l = edit::set_status(l, "b", Status::Withdrawn, t("2026-01-02T00:00:00Z"), None).unwrap();
        let findings = audit(&l, t("2026-01-03T00:00:00Z"), None);
        assert!(!has(&findings, "revoked-key-listed", Some("b"), Severity::High));
        assert!(has(&findings, "entry-withdrawn", Some("b"), Severity::Info));
    }

    #[test]
    fn audit_counts_signatures_and_flags_backdating_authorities() {
        let l = edit::add_entry(base(2), authority("kz-reg", 11, Some(365))).unwrap();
        let l = edit::add_entry(l, authority("old-reg", 12, Some(365))).unwrap();
        let at = t("2026-01-10T00:00:00Z");
        let l = edit::set_status(l, "kz-reg", Status::Withdrawn, at, None).unwrap();
        let l = edit::set_status(l, "old-reg", Status::Suspended, at, Some(vec!["KZ-2026-1".into()])).unwrap();
        let l = edit::revoke(
            l,
            Revocation::Certificate { authority: "kz-regulatr".into(), id: "KZ-2026-2".into() },
            "typo".into(),
            at,
        )
        .unwrap();
        let signed = edit::sign_draft(&l, &key(1), None).unwrap();
        let approval = approval(&l, &signed, None).unwrap();
        let findings = audit(&l, t("2026-01-11T00:00:00Z"), Some((&signed, &approval)));
        assert!(has(&findings, "below-threshold", None, Severity::High));
        assert_eq!(findings.iter().filter(|f| f.code == "governor-unsigned").count(), 2);
        assert!(has(&findings, "authority-backdating-possible", Some("kz-reg"), Severity::Medium));
        assert!(!has(&findings, "authority-backdating-possible", Some("old-reg"), Severity::Medium));
        assert!(has(&findings, "entry-suspended", Some("old-reg"), Severity::Info));
        assert!(has(&findings, "revocation-unknown-authority", None, Severity::Info));

        let sigs = governor_signatures(&l, &signed);
        assert_eq!(sigs.counted.iter().map(|k| k.keyid).collect::<Vec<_>>(), [key(1).public().id()]);
        assert!(!sigs.met);

        // Revoking the authority's key stops backdating too.
        let l = edit::revoke(l, Revocation::Key(key(11).public().id()), "withdrawn".into(), at).unwrap();
        assert!(!has(&audit(&l, at, None), "authority-backdating-possible", Some("kz-reg"), Severity::Medium));
        let json = serde_json::to_value(&findings[0]).unwrap();
        assert_eq!(json["severity"], "high");
        assert_eq!(json["code"], "below-threshold");
    }

    #[test]
    fn summary_shows_status_now_and_scopes() {
        let mut s = Scope::new("pkg:generic/acme/*", Some(">=1.0.0, <3"));
        s.exact = Some(vec!["2.0.0-rc.1".into()]);
        let l = edit::add_entry(base(2), supplier("acme", 9, vec![s])).unwrap();
        let l = edit::set_status(l, "acme", Status::Suspended, t("2026-02-01T00:00:00Z"), None).unwrap();
        let sum = summary(&l, t("2026-01-15T00:00:00Z"));
        let e = &sum.entries[0];
        assert_eq!(e.status, Status::Suspended);
        assert_eq!(e.status_now, Status::Granted);
        assert_eq!(e.scopes, [r#"pkg:generic/acme/* versions=">=1.0.0, <3" exact=2.0.0-rc.1"#]);
        assert_eq!(sum.governance.threshold, 2);
        assert_eq!(sum.governance.fingerprint, l.governance.fingerprint());
        assert!(!sum.expired);
        let json = serde_json::to_value(&sum).unwrap();
        assert_eq!(json["entries"][0]["statusNow"], "granted");
        assert_eq!(json["nextUpdate"], "2026-04-01T00:00:00Z");
    }
}
