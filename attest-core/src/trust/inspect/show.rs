//! `trust show`: a list as a reviewer reads it, and whose signatures count on it.

use super::*;
use crate::trust::FlatEntry;
use crate::trust::TrustListError;

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
            threshold: g.threshold.get(),
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
        let since = e.history.last().map(|c| c.since);
        let status_now = e.status_at(time);
        let f = FlatEntry::from(e);
        EntrySummary {
            id: f.id,
            kind: f.kind,
            name: f.name,
            jurisdiction: f.jurisdiction,
            status: f.status,
            since,
            status_now,
            keys: f.keys.iter().map(KeyRef::from).collect(),
            scopes: f.scope.iter().map(scope_text).collect(),
            certifies: f.certifies,
            max_validity_days: f.max_validity_days,
            accreditation: f.accreditation,
            from: f.from,
            to: f.to,
            list_name: f.list_name,
            governance: f.governance.as_ref().map(GovernanceSummary::from),
            origin: f.origin,
            authorities: f.authorities,
            valid_from: f.valid_from,
            valid_until: f.valid_until,
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
/// the governors of `list`, as [`crate::trust::verify`] would for a version under
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
        threshold: list.governance.threshold.get(),
        met: list.governance.met_by(counted.len()),
        counted: counted.into_iter().map(KeyRef::from).collect(),
        missing: missing.into_iter().map(KeyRef::from).collect(),
    }
}

/// A version's signatures counted against every governance that must
/// approve it: its own and, when it rotates the governance, the previous
/// version's too (as [`crate::trust::verify`] requires, T7). Shown wherever a list
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
pub fn approval(
    list: &TrustList,
    signed: &SignedList,
    previous: Option<&SignedList>,
) -> Result<Approval, TrustListError> {
    count_approval(list, signed, previous).map_err(TrustListError::from)
}

fn count_approval(list: &TrustList, signed: &SignedList, previous: Option<&SignedList>) -> Result<Approval, String> {
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
