//! An entry on the wire (docs/formats.md "Entries"): one flat JSON object
//! whose `kind` says which of its fields apply ([`FlatEntry`]), and the
//! conversions that sort it into an [`Entry`] and spread an entry out again,
//! field for field and in the order attest has always written.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::timestamp::Timestamp;
use crate::trust::entry::{
    Authority, ClassRef, Entry, EntryBody, EntryKind, RecognisedList, Scope, Status, StatusChange, TransparencyLog,
};
use crate::trust::model::{Governance, ListedKey};

/// An entry as JSON writes it: every kind's fields side by side, `kind`
/// saying which apply. What the reader parses and `trust add` fills from its
/// flags, before [`Entry::try_from`] sorts the fields into a body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FlatEntry {
    /// Unique within the list.
    pub id: String,
    /// What it is.
    pub kind: EntryKind,
    /// Human name (a witness's cosigner name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// State of the supplier / authority / recognised list / witness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// Signing keys (suppliers, authorities, logs, witnesses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<ListedKey>,
    /// Package scopes (suppliers, components).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Scope>,
    /// Certificate classes (authorities).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifies: Vec<String>,
    /// Longest certificate validity (authorities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_validity_days: Option<u32>,
    /// Accreditation reference (authorities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditation: Option<String>,
    /// The class accepted (equivalences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ClassRef>,
    /// The class it is accepted as (equivalences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ClassRef>,
    /// The recognised list's name (trust-list entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_name: Option<String>,
    /// The recognised list's governance (trust-list entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<Governance>,
    /// The log's origin (logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The authorities a log covers (logs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<String>,
    /// Current status.
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

impl FlatEntry {
    /// A flat entry of `kind`, granted at `since`, every other field empty:
    /// `trust add` fills in what its flags give.
    pub fn granted(id: impl Into<String>, kind: EntryKind, since: Timestamp) -> Self {
        let history = vec![StatusChange { status: Status::Granted, since, grandfathered: None }];
        FlatEntry { history, ..FlatEntry::bare(id.into(), kind) }
    }

    /// A flat entry of `kind` with every field empty and no history: the
    /// base that [`FlatEntry::granted`] and an entry spread out flat fill.
    fn bare(id: String, kind: EntryKind) -> Self {
        FlatEntry {
            id,
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
            history: Vec::new(),
        }
    }
}

/// Why a [`FlatEntry`] is no entry: a field its kind does not carry, or one
/// it needs missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryShapeError {
    /// The entry's id.
    pub id: String,
    /// What is wrong, naming the field.
    pub reason: String,
}

impl fmt::Display for EntryShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry {:?}: {}", self.id, self.reason)
    }
}

impl std::error::Error for EntryShapeError {}

impl TryFrom<FlatEntry> for Entry {
    type Error = EntryShapeError;

    fn try_from(f: FlatEntry) -> Result<Self, EntryShapeError> {
        let refuse = |reason: String| EntryShapeError { id: f.id.clone(), reason };
        let kind = f.kind;
        // The kind-specific fields present, by wire name: each must be one the kind carries.
        let present = [
            ("jurisdiction", f.jurisdiction.is_some()),
            ("keys", !f.keys.is_empty()),
            ("scope", !f.scope.is_empty()),
            ("certifies", !f.certifies.is_empty()),
            ("maxValidityDays", f.max_validity_days.is_some()),
            ("accreditation", f.accreditation.is_some()),
            ("from", f.from.is_some()),
            ("to", f.to.is_some()),
            ("listName", f.list_name.is_some()),
            ("governance", f.governance.is_some()),
            ("origin", f.origin.is_some()),
            ("authorities", !f.authorities.is_empty()),
        ];
        if let Some((foreign, _)) = present.iter().find(|(field, has)| *has && !kind.may_carry().contains(field)) {
            return Err(refuse(format!("an entry of kind {kind} cannot have `{foreign}`")));
        }
        let needs = |what: &str| refuse(format!("an entry of kind {kind} needs `{what}`"));
        let body = match kind {
            EntryKind::Supplier => EntryBody::Supplier { jurisdiction: f.jurisdiction, keys: f.keys, scope: f.scope },
            EntryKind::Component => EntryBody::Component { jurisdiction: f.jurisdiction, scope: f.scope },
            EntryKind::Authority => EntryBody::Authority(Authority {
                jurisdiction: f.jurisdiction.ok_or_else(|| needs("jurisdiction"))?,
                keys: f.keys,
                certifies: f.certifies,
                max_validity_days: f.max_validity_days,
                accreditation: f.accreditation,
            }),
            EntryKind::TrustList => EntryBody::TrustList(RecognisedList {
                list_name: f.list_name.ok_or_else(|| needs("listName"))?,
                jurisdiction: f.jurisdiction.ok_or_else(|| needs("jurisdiction"))?,
                governance: f.governance.ok_or_else(|| needs("governance"))?,
            }),
            EntryKind::Log => EntryBody::Log(TransparencyLog {
                jurisdiction: f.jurisdiction,
                keys: f.keys,
                origin: f.origin.ok_or_else(|| needs("origin"))?,
                authorities: f.authorities,
            }),
            EntryKind::Witness => {
                if f.name.is_none() {
                    return Err(refuse("a witness entry needs `name` (its cosigner name)".into()));
                }
                EntryBody::Witness { jurisdiction: f.jurisdiction.ok_or_else(|| needs("jurisdiction"))?, keys: f.keys }
            }
            EntryKind::Equivalence => EntryBody::Equivalence {
                from: f.from.ok_or_else(|| needs("from"))?,
                to: f.to.ok_or_else(|| needs("to"))?,
            },
        };
        Ok(Entry {
            id: f.id,
            name: f.name,
            status: f.status,
            valid_from: f.valid_from,
            valid_until: f.valid_until,
            history: f.history,
            body,
        })
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Entry::try_from(FlatEntry::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Writes the flat object [`FlatEntry`] reads, in the field order attest
/// has always written (drafts are read and diffed by people), absent and
/// empty fields left out: a list read and written again has the same bytes.
impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FlatEntry::from(self).serialize(s)
    }
}

/// An entry spread out flat, as the wire carries it and as `trust show` and
/// `trust diff` compare entries of any kinds field by field.
impl From<&Entry> for FlatEntry {
    fn from(e: &Entry) -> Self {
        let mut f = FlatEntry {
            name: e.name.clone(),
            jurisdiction: e.jurisdiction().map(str::to_owned),
            keys: e.keys().to_vec(),
            scope: e.scope().to_vec(),
            status: e.status,
            valid_from: e.valid_from,
            valid_until: e.valid_until,
            history: e.history.clone(),
            ..FlatEntry::bare(e.id.clone(), e.kind())
        };
        match &e.body {
            EntryBody::Authority(a) => {
                f.certifies.clone_from(&a.certifies);
                f.max_validity_days = a.max_validity_days;
                f.accreditation.clone_from(&a.accreditation);
            }
            EntryBody::TrustList(r) => {
                f.list_name = Some(r.list_name.clone());
                f.governance = Some(r.governance.clone());
            }
            EntryBody::Log(l) => {
                f.origin = Some(l.origin.clone());
                f.authorities.clone_from(&l.authorities);
            }
            EntryBody::Equivalence { from, to } => {
                f.from = Some(from.clone());
                f.to = Some(to.clone());
            }
            EntryBody::Supplier { .. } | EntryBody::Component { .. } | EntryBody::Witness { .. } => {}
        }
        f
    }
}
