//! One entry of a trust list (docs/formats.md "Entries"): a header every kind
//! shares, and a body that holds what its kind, and only its kind, carries.
//!
//! On the wire an entry is one flat JSON object with a `kind` field
//! ([`FlatEntry`], in `flat.rs`); in memory it is an [`Entry`] whose [`EntryBody`] cannot
//! hold a field of another kind nor lack one its kind requires. Reading
//! converts the first into the second and refuses, naming the entry and the
//! field, any field the kind does not carry (docs/threat-model.md T15);
//! writing produces the same object, field for field and in the same order,
//! so a list read and written again has the same bytes. What a type cannot
//! say (a non-empty key list, a scope that parses, a history in time order)
//! is [`Entry::check`]'s.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::digest::DigestSet;
use crate::dsse::KeySet;
use crate::timestamp::Timestamp;
use crate::trust::model::{Governance, ListedKey, TrustListError, parse_keys};

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
        f.write_str(self.name())
    }
}

impl EntryKind {
    /// Every kind, in the order help texts list them.
    pub const ALL: [EntryKind; 7] = [
        EntryKind::Supplier,
        EntryKind::Component,
        EntryKind::Authority,
        EntryKind::TrustList,
        EntryKind::Log,
        EntryKind::Witness,
        EntryKind::Equivalence,
    ];

    /// The kind as `kind` spells it on the wire (`trust-list`).
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Supplier => "supplier",
            EntryKind::Component => "component",
            EntryKind::Authority => "authority",
            EntryKind::TrustList => "trust-list",
            EntryKind::Log => "log",
            EntryKind::Witness => "witness",
            EntryKind::Equivalence => "equivalence",
        }
    }

    /// What an entry of the kind is, in a line: the one text `--help` and
    /// listings show, so a front end never keeps a copy that can drift.
    pub fn about(self) -> &'static str {
        match self {
            EntryKind::Supplier => "Keys that may sign releases within a scope",
            EntryKind::Component => "Components approved within a scope",
            EntryKind::Authority => "Keys that may issue certificates",
            EntryKind::TrustList => "Another list this one recognises",
            EntryKind::Log => "A transparency log of some authorities",
            EntryKind::Witness => "A witness that cosigns logs' checkpoints",
            EntryKind::Equivalence => {
                "One state's certificate class accepted as another's (--from KZ:standard --to UZ:basic)"
            }
        }
    }

    /// The fields, by wire name, that an entry of this kind may carry
    /// besides those every entry has (docs/formats.md "Entries"); any
    /// other kind's field on it is malformed.
    pub fn may_carry(self) -> &'static [&'static str] {
        match self {
            EntryKind::Supplier => &["jurisdiction", "keys", "scope"],
            EntryKind::Component => &["jurisdiction", "scope"],
            EntryKind::Authority => &["jurisdiction", "keys", "certifies", "maxValidityDays", "accreditation"],
            EntryKind::TrustList => &["jurisdiction", "listName", "governance"],
            EntryKind::Log => &["jurisdiction", "keys", "origin", "authorities"],
            EntryKind::Witness => &["jurisdiction", "keys"],
            EntryKind::Equivalence => &["from", "to"],
        }
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
        f.write_str(self.name())
    }
}

impl Status {
    /// Every status, in the order help texts list them.
    pub const ALL: [Status; 3] = [Status::Granted, Status::Suspended, Status::Withdrawn];

    /// The status as `status` spells it on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Status::Granted => "granted",
            Status::Suspended => "suspended",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// What the status means, in a line (for `--help`).
    pub fn about(self) -> &'static str {
        match self {
            Status::Granted => "In force",
            Status::Suspended => "Temporarily not in force",
            Status::Withdrawn => "No longer in force",
        }
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
    pub fn parse(s: &str) -> Result<Self, TrustListError> {
        match s.split_once(':') {
            Some((j, c)) if !j.trim().is_empty() && !c.trim().is_empty() => {
                Ok(ClassRef { jurisdiction: j.to_owned(), class: c.to_owned() })
            }
            _ => Err(format!("{s:?} is not JURISDICTION:CLASS (for example KZ:standard)").into()),
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

/// One entry of a list: what every kind has, and its kind's own body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Unique within the list.
    pub id: String,
    /// Human name; for a witness, its cosigner name (required there).
    pub name: Option<String>,
    /// Current status; equals the last history change.
    pub status: Status,
    /// Start of validity.
    pub valid_from: Option<Timestamp>,
    /// End of validity.
    pub valid_until: Option<Timestamp>,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
    /// What the kind carries.
    pub body: EntryBody,
}

/// The part of an entry that depends on its kind. `jurisdiction` sits here,
/// not in the header, because kinds differ on it: an authority, a
/// recognised list and a witness must name theirs, an equivalence has none
/// (its sides carry theirs), the others may.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryBody {
    /// Keys that may sign releases of the packages in `scope`.
    Supplier {
        /// The supplier's state, if given.
        jurisdiction: Option<String>,
        /// Signing keys (at least one).
        keys: Vec<ListedKey>,
        /// Package scopes (at least one).
        scope: Vec<Scope>,
    },
    /// Packages approved without a signature.
    Component {
        /// The state that approved them, if given.
        jurisdiction: Option<String>,
        /// Package scopes (at least one).
        scope: Vec<Scope>,
    },
    /// A certification authority.
    Authority(Authority),
    /// Another list this one recognises.
    TrustList(RecognisedList),
    /// A transparency log.
    Log(TransparencyLog),
    /// A witness of logs' checkpoints; its cosigner name is the entry's `name`.
    Witness {
        /// The witness's state.
        jurisdiction: String,
        /// Its cosigning key.
        keys: Vec<ListedKey>,
    },
    /// A class of one state accepted by another state as one of its own.
    Equivalence {
        /// The class accepted.
        from: ClassRef,
        /// The class it counts as, of another jurisdiction.
        to: ClassRef,
    },
}

/// An `authority` entry's body: who may certify, what, for how long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    /// The state whose authority it is; its certificates claim it.
    pub jurisdiction: String,
    /// Keys that may sign certificates (at least one).
    pub keys: Vec<ListedKey>,
    /// Certificate classes it may issue (at least one).
    pub certifies: Vec<String>,
    /// Longest certificate validity it may issue.
    pub max_validity_days: Option<u32>,
    /// Its accreditation (a reference such as the accreditation body's
    /// certificate number), which its certificates repeat.
    pub accreditation: Option<String>,
}

/// A `trust-list` entry's body: the list recognised, pinned by governance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecognisedList {
    /// The recognised list's `name`.
    pub list_name: String,
    /// The recognised list's `jurisdiction`.
    pub jurisdiction: String,
    /// The governance its versions must be signed by.
    pub governance: Governance,
}

/// A `log` entry's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransparencyLog {
    /// The log's state, if given.
    pub jurisdiction: Option<String>,
    /// The key its checkpoints are signed with.
    pub keys: Vec<ListedKey>,
    /// Its checkpoints' first line.
    pub origin: String,
    /// The authority entries whose certificates it holds (at least one).
    pub authorities: Vec<String>,
}

impl EntryBody {
    /// The kind this body is of.
    pub fn kind(&self) -> EntryKind {
        match self {
            EntryBody::Supplier { .. } => EntryKind::Supplier,
            EntryBody::Component { .. } => EntryKind::Component,
            EntryBody::Authority(_) => EntryKind::Authority,
            EntryBody::TrustList(_) => EntryKind::TrustList,
            EntryBody::Log(_) => EntryKind::Log,
            EntryBody::Witness { .. } => EntryKind::Witness,
            EntryBody::Equivalence { .. } => EntryKind::Equivalence,
        }
    }
}

impl Entry {
    /// A new entry with this body, granted at `since`.
    pub fn granted(id: impl Into<String>, since: Timestamp, body: EntryBody) -> Self {
        Entry {
            id: id.into(),
            name: None,
            status: Status::Granted,
            valid_from: None,
            valid_until: None,
            history: vec![StatusChange { status: Status::Granted, since, grandfathered: None }],
            body,
        }
    }

    /// What it is.
    pub fn kind(&self) -> EntryKind {
        self.body.kind()
    }

    /// The state it belongs to, for the kinds that name one.
    pub fn jurisdiction(&self) -> Option<&str> {
        match &self.body {
            EntryBody::Supplier { jurisdiction, .. }
            | EntryBody::Component { jurisdiction, .. }
            | EntryBody::Log(TransparencyLog { jurisdiction, .. }) => jurisdiction.as_deref(),
            EntryBody::Authority(Authority { jurisdiction, .. })
            | EntryBody::TrustList(RecognisedList { jurisdiction, .. })
            | EntryBody::Witness { jurisdiction, .. } => Some(jurisdiction),
            EntryBody::Equivalence { .. } => None,
        }
    }

    /// Its keys (none for a component, a recognised list or an equivalence).
    pub fn keys(&self) -> &[ListedKey] {
        match &self.body {
            EntryBody::Supplier { keys, .. }
            | EntryBody::Authority(Authority { keys, .. })
            | EntryBody::Log(TransparencyLog { keys, .. })
            | EntryBody::Witness { keys, .. } => keys,
            EntryBody::Component { .. } | EntryBody::TrustList(_) | EntryBody::Equivalence { .. } => &[],
        }
    }

    /// Its package scopes (suppliers and components; none for the others).
    pub fn scope(&self) -> &[Scope] {
        match &self.body {
            EntryBody::Supplier { scope, .. } | EntryBody::Component { scope, .. } => scope,
            _ => &[],
        }
    }

    /// The authority body, when it is one.
    pub fn authority(&self) -> Option<&Authority> {
        match &self.body {
            EntryBody::Authority(a) => Some(a),
            _ => None,
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
    pub fn key_set(&self) -> Result<KeySet, TrustListError> {
        self.checked_keys().map_err(TrustListError::from)
    }

    fn checked_keys(&self) -> Result<KeySet, String> {
        let keys = parse_keys(self.keys())?;
        KeySet::new(keys).map_err(|id| format!("key {id} is listed twice"))
    }

    /// Every rule a type cannot express: a non-empty id, a history in time
    /// order ending in `status`, the keys, scopes, classes and names the
    /// kind needs present and well-formed. `Err` names the field.
    pub fn check(&self) -> Result<(), TrustListError> {
        self.check_rules().map_err(TrustListError::from)
    }

    fn check_rules(&self) -> Result<(), String> {
        let kind = self.kind();
        if self.id.is_empty() {
            return Err("`id` is empty".into());
        }
        let last = self.history.last().ok_or("`history` is empty; it must record at least the grant")?;
        if last.status != self.status {
            return Err(format!("`status` is {} but the last `history` change is {}", self.status, last.status));
        }
        if self.history.windows(2).any(|w| matches!(w, [a, b] if b.since < a.since)) {
            return Err("`history` is not in time order".into());
        }
        if self
            .history
            .iter()
            .any(|c| c.grandfathered.is_some() && (c.status == Status::Granted || kind != EntryKind::Authority))
        {
            return Err("`grandfathered` belongs only to an authority's suspension or withdrawal".into());
        }
        let keys = self.key_set()?;
        let needs = |present: bool, what: &str| {
            if present { Ok(()) } else { Err(format!("an entry of kind {kind} needs {what}")) }
        };
        match &self.body {
            EntryBody::Supplier { scope, .. } => {
                needs(!keys.is_empty(), "`keys`")?;
                needs(!scope.is_empty(), "`scope`")?;
            }
            EntryBody::Component { scope, .. } => needs(!scope.is_empty(), "`scope`")?,
            EntryBody::Authority(a) => {
                needs(!keys.is_empty(), "`keys`")?;
                needs(!a.certifies.is_empty(), "`certifies`")?;
                if a.accreditation.as_deref().is_some_and(|a| a.trim().is_empty()) {
                    return Err("`accreditation` is empty; omit it or name the accreditation".into());
                }
            }
            EntryBody::TrustList(r) => r.governance.key_set().map(drop).map_err(|e| format!("`governance`: {e}"))?,
            EntryBody::Log(log) => {
                needs(!keys.is_empty(), "`keys`")?;
                needs(!log.authorities.is_empty(), "`authorities`")?;
                note_name("origin", &log.origin)?;
            }
            EntryBody::Witness { .. } => {
                needs(!keys.is_empty(), "`keys`")?;
                let name = self.name.as_deref().ok_or("a witness entry needs `name` (its cosigner name)")?;
                note_name("name", name)?;
            }
            EntryBody::Equivalence { from, to } => {
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
            }
        }
        for (i, s) in self.scope().iter().enumerate() {
            let pattern = crate::purl::Pattern::parse(&s.purl).map_err(|r| format!("`scope[{i}].purl`: {r}"))?;
            if let Some(v) = &s.versions {
                crate::version::Range::parse(pattern.ty(), v).map_err(|r| format!("`scope[{i}].versions`: {r}"))?;
            }
        }
        Ok(())
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
