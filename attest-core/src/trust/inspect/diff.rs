//! `trust diff`: what changed between two versions of a list.

use super::*;
use crate::trust::FlatEntry;

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
    if o == n {
        return None;
    }
    // Compared field by field, whatever their kinds.
    let (o, n) = (&FlatEntry::from(o), &FlatEntry::from(n));
    // Entries that differ only in how an exact version is spelt say the same thing.
    let respelt = |e: &FlatEntry| {
        (e.scope.iter().map(scope_key).collect::<Vec<_>>(), FlatEntry { scope: Vec::new(), ..e.clone() })
    };
    if respelt(o) == respelt(n) {
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
