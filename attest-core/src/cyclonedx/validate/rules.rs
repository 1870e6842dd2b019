//! The rules of CycloneDX 1.4–1.6 as tables, from the official schemas: the
//! versions, the enumerations, the fields of each closed object and the kind
//! of each member, so that the walker holds no rule of its own.

use std::fmt;

/// The CycloneDX versions attest validates, in order: a rule or a field that
/// exists from some version on applies to that version and the later ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Ver {
    V1_4,
    V1_5,
    V1_6,
}

pub(super) use Ver::{V1_4, V1_5, V1_6};

impl Ver {
    pub(super) fn parse(s: &str) -> Option<Ver> {
        match s {
            "1.4" => Some(V1_4),
            "1.5" => Some(V1_5),
            "1.6" => Some(V1_6),
            _ => None,
        }
    }
}

impl fmt::Display for Ver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            V1_4 => "1.4",
            V1_5 => "1.5",
            V1_6 => "1.6",
        })
    }
}

/// A field name or enumeration value and the first version that has it.
pub(super) type Since = (&'static str, Ver);

// ---- Enumerations (from the official schemas) ----

pub(super) const BOM_FORMATS: &[Since] = &[("CycloneDX", V1_4)];
pub(super) const COMPONENT_TYPES: &[Since] = &[
    ("application", V1_4),
    ("framework", V1_4),
    ("library", V1_4),
    ("container", V1_4),
    ("platform", V1_5),
    ("operating-system", V1_4),
    ("device", V1_4),
    ("device-driver", V1_5),
    ("firmware", V1_4),
    ("file", V1_4),
    ("machine-learning-model", V1_5),
    ("data", V1_5),
    ("cryptographic-asset", V1_6),
];
pub(super) const SCOPES: &[Since] = &[("required", V1_4), ("optional", V1_4), ("excluded", V1_4)];
pub(super) const ISSUE_TYPES: &[Since] = &[("defect", V1_4), ("enhancement", V1_4), ("security", V1_4)];
pub(super) const PATCH_TYPES: &[Since] =
    &[("unofficial", V1_4), ("monkey", V1_4), ("backport", V1_4), ("cherry-pick", V1_4)];
pub(super) const DATA_FLOWS: &[Since] =
    &[("inbound", V1_4), ("outbound", V1_4), ("bi-directional", V1_4), ("unknown", V1_4)];
pub(super) const ENCODINGS: &[Since] = &[("base64", V1_4)];
pub(super) const EXTERNAL_REFERENCE_TYPES: &[Since] = &[
    ("vcs", V1_4),
    ("issue-tracker", V1_4),
    ("website", V1_4),
    ("advisories", V1_4),
    ("bom", V1_4),
    ("mailing-list", V1_4),
    ("social", V1_4),
    ("chat", V1_4),
    ("documentation", V1_4),
    ("support", V1_4),
    ("source-distribution", V1_6),
    ("distribution", V1_4),
    ("distribution-intake", V1_5),
    ("license", V1_4),
    ("build-meta", V1_4),
    ("build-system", V1_4),
    ("release-notes", V1_4),
    ("security-contact", V1_5),
    ("model-card", V1_5),
    ("log", V1_5),
    ("configuration", V1_5),
    ("evidence", V1_5),
    ("formulation", V1_5),
    ("attestation", V1_5),
    ("threat-model", V1_5),
    ("adversary-model", V1_5),
    ("risk-assessment", V1_5),
    ("vulnerability-assertion", V1_5),
    ("exploitability-statement", V1_5),
    ("pentest-report", V1_5),
    ("static-analysis-report", V1_5),
    ("dynamic-analysis-report", V1_5),
    ("runtime-analysis-report", V1_5),
    ("component-analysis-report", V1_5),
    ("maturity-report", V1_5),
    ("certification-report", V1_5),
    ("codified-infrastructure", V1_5),
    ("quality-metrics", V1_5),
    ("poam", V1_5),
    ("electronic-signature", V1_6),
    ("digital-signature", V1_6),
    ("rfc-9116", V1_6),
    ("other", V1_4),
];
/// The `acknowledgement` field itself is 1.6 only; its values carry no version.
pub(super) const ACKNOWLEDGEMENTS: &[Since] = &[("declared", V1_4), ("concluded", V1_4)];

/// Hash algorithms (the same in 1.4–1.6) and the hex length of their digests.
/// The schema's `hash-content` pattern only says "one of 32/40/64/96/128 hex
/// digits" whatever the algorithm; attest ties the length to the algorithm.
pub(super) const HASH_ALGS: &[(&str, usize)] = &[
    ("MD5", 32),
    ("SHA-1", 40),
    ("SHA-256", 64),
    ("SHA-384", 96),
    ("SHA-512", 128),
    ("SHA3-256", 64),
    ("SHA3-384", 96),
    ("SHA3-512", 128),
    ("BLAKE2b-256", 64),
    ("BLAKE2b-384", 96),
    ("BLAKE2b-512", 128),
    ("BLAKE3", 64),
];

// ---- Fields of each closed object ----

/// What a field's value must be.
#[derive(Clone, Copy)]
pub(super) enum Check {
    /// Checked elsewhere (by its own kind, or everywhere like `bom-ref`), or free.
    Any,
    Str,
    Bool,
    Int,
    Obj,
    Arr,
    /// A string from an enumeration.
    Enum(&'static [Since]),
}

/// A field of a closed object: its name, the version that added it, and
/// what its value must be. One table per kind, so each member of an object
/// is looked up once.
pub(super) type Field = (&'static str, Ver, Check);

pub(super) use Check::{Any, Arr, Bool, Enum, Int, Obj, Str};

pub(super) const BOM_FIELDS: &[Field] = &[
    ("$schema", V1_4, Str),
    ("bomFormat", V1_4, Enum(BOM_FORMATS)),
    ("specVersion", V1_4, Any),
    ("serialNumber", V1_4, Str),
    ("version", V1_4, Int),
    ("metadata", V1_4, Any),
    ("components", V1_4, Any),
    ("services", V1_4, Any),
    ("externalReferences", V1_4, Any),
    ("dependencies", V1_4, Any),
    ("compositions", V1_4, Arr),
    ("vulnerabilities", V1_4, Arr),
    ("signature", V1_4, Obj),
    ("annotations", V1_5, Arr),
    ("formulation", V1_5, Arr),
    ("properties", V1_5, Any),
    ("declarations", V1_6, Obj),
    ("definitions", V1_6, Obj),
];
pub(super) const METADATA_FIELDS: &[Field] = &[
    ("timestamp", V1_4, Any),
    ("tools", V1_4, Any),
    ("authors", V1_4, Arr),
    ("component", V1_4, Any),
    ("manufacture", V1_4, Obj),
    ("supplier", V1_4, Obj),
    ("licenses", V1_4, Any),
    ("properties", V1_4, Any),
    ("lifecycles", V1_5, Arr),
    ("manufacturer", V1_6, Obj),
];
pub(super) const COMPONENT_FIELDS: &[Field] = &[
    ("type", V1_4, Enum(COMPONENT_TYPES)),
    ("name", V1_4, Str),
    ("version", V1_4, Str),
    ("bom-ref", V1_4, Any),
    ("purl", V1_4, Str),
    ("hashes", V1_4, Any),
    ("licenses", V1_4, Any),
    ("properties", V1_4, Any),
    ("group", V1_4, Str),
    ("description", V1_4, Str),
    ("scope", V1_4, Enum(SCOPES)),
    ("cpe", V1_4, Str),
    ("externalReferences", V1_4, Any),
    ("supplier", V1_4, Obj),
    ("author", V1_4, Str),
    ("publisher", V1_4, Str),
    ("mime-type", V1_4, Str),
    ("copyright", V1_4, Str),
    ("swid", V1_4, Any),
    ("modified", V1_4, Bool),
    ("pedigree", V1_4, Any),
    ("components", V1_4, Any),
    ("evidence", V1_4, Obj),
    ("releaseNotes", V1_4, Obj),
    ("signature", V1_4, Obj),
    ("modelCard", V1_5, Obj),
    ("data", V1_5, Arr),
    ("manufacturer", V1_6, Obj),
    ("authors", V1_6, Arr),
    ("omniborId", V1_6, Arr),
    ("swhid", V1_6, Arr),
    ("cryptoProperties", V1_6, Obj),
    ("tags", V1_6, Arr),
];
pub(super) const SERVICE_FIELDS: &[Field] = &[
    ("bom-ref", V1_4, Any),
    ("provider", V1_4, Obj),
    ("group", V1_4, Str),
    ("name", V1_4, Str),
    ("version", V1_4, Str),
    ("description", V1_4, Str),
    ("endpoints", V1_4, Arr),
    ("authenticated", V1_4, Bool),
    ("x-trust-boundary", V1_4, Bool),
    ("data", V1_4, Any),
    ("licenses", V1_4, Any),
    ("externalReferences", V1_4, Any),
    ("services", V1_4, Any),
    ("releaseNotes", V1_4, Obj),
    ("properties", V1_4, Any),
    ("signature", V1_4, Obj),
    ("trustZone", V1_5, Str),
    ("tags", V1_6, Arr),
];
pub(super) const PEDIGREE_FIELDS: &[Field] = &[
    ("ancestors", V1_4, Any),
    ("descendants", V1_4, Any),
    ("variants", V1_4, Any),
    ("commits", V1_4, Arr),
    ("patches", V1_4, Any),
    ("notes", V1_4, Str),
];
pub(super) const HASH_FIELDS: &[Field] = &[("alg", V1_4, Str), ("content", V1_4, Str)];
pub(super) const EXTERNAL_REFERENCE_FIELDS: &[Field] = &[
    ("url", V1_4, Str),
    ("type", V1_4, Enum(EXTERNAL_REFERENCE_TYPES)),
    ("comment", V1_4, Str),
    ("hashes", V1_4, Any),
];
pub(super) const LICENSE_ENTRY_FIELDS: &[Field] = &[("license", V1_4, Any)];
pub(super) const LICENSE_FIELDS: &[Field] = &[
    ("id", V1_4, Str),
    ("name", V1_4, Str),
    ("text", V1_4, Any),
    ("url", V1_4, Str),
    ("bom-ref", V1_5, Any),
    ("licensing", V1_5, Obj),
    ("properties", V1_5, Any),
    ("acknowledgement", V1_6, Enum(ACKNOWLEDGEMENTS)),
];
pub(super) const EXPRESSION_FIELDS: &[Field] =
    &[("expression", V1_4, Str), ("bom-ref", V1_5, Any), ("acknowledgement", V1_6, Enum(ACKNOWLEDGEMENTS))];
pub(super) const ATTACHMENT_FIELDS: &[Field] =
    &[("contentType", V1_4, Str), ("encoding", V1_4, Enum(ENCODINGS)), ("content", V1_4, Str)];
pub(super) const SWID_FIELDS: &[Field] = &[
    ("tagId", V1_4, Str),
    ("name", V1_4, Str),
    ("version", V1_4, Str),
    ("tagVersion", V1_4, Int),
    ("patch", V1_4, Bool),
    ("text", V1_4, Any),
    ("url", V1_4, Str),
];
pub(super) const PATCH_FIELDS: &[Field] =
    &[("type", V1_4, Enum(PATCH_TYPES)), ("diff", V1_4, Any), ("resolves", V1_4, Any)];
pub(super) const DIFF_FIELDS: &[Field] = &[("text", V1_4, Any), ("url", V1_4, Str)];
pub(super) const ISSUE_FIELDS: &[Field] = &[
    ("type", V1_4, Enum(ISSUE_TYPES)),
    ("id", V1_4, Str),
    ("name", V1_4, Str),
    ("description", V1_4, Str),
    ("source", V1_4, Obj),
    ("references", V1_4, Arr),
];
/// 1.4 service data is `{flow, classification}`; 1.5 made it a richer object.
pub(super) const SERVICE_DATA_FIELDS: &[Field] = &[
    ("flow", V1_4, Enum(DATA_FLOWS)),
    ("classification", V1_4, Str),
    ("name", V1_5, Str),
    ("description", V1_5, Str),
    ("governance", V1_5, Obj),
    ("source", V1_5, Arr),
    ("destination", V1_5, Arr),
];
pub(super) const PROPERTY_FIELDS: &[Field] = &[("name", V1_4, Str), ("value", V1_4, Str)];
pub(super) const DEPENDENCY_FIELDS: &[Field] = &[("ref", V1_4, Str), ("dependsOn", V1_4, Any), ("provides", V1_6, Any)];

/// Keys whose value is a JSON Schema `date-time` wherever they occur in 1.4–1.6.
pub(super) fn is_date_time_key(key: &str) -> bool {
    matches!(
        key,
        "timestamp"
            | "created"
            | "published"
            | "updated"
            | "rejected"
            | "firstIssued"
            | "lastRenewal"
            | "lastUpdated"
            | "expiration"
            | "timeActivated"
            | "timeStart"
            | "timeEnd"
            | "timeReceived"
            | "activationDate"
            | "creationDate"
            | "expirationDate"
            | "updateDate"
            | "expires"
            | "notValidBefore"
            | "notValidAfter"
    )
}

/// The kinds of node the walker knows the rules of; everything else is
/// [`Kind::Any`], walked only for the rules that hold everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Any,
    Bom,
    Metadata,
    Component,
    Service,
    Pedigree,
    Hash,
    ExternalReference,
    LicenseChoice,
    LicenseEntry,
    License,
    Expression,
    Attachment,
    Swid,
    Patch,
    Diff,
    Issue,
    ServiceData,
    Property,
    Dependency,
}

/// The schema rules of one kind of object.
pub(super) struct Rules {
    /// What the object is called in messages.
    pub(super) name: &'static str,
    /// The fields allowed (`None`: an open object, not checked).
    pub(super) fields: Option<&'static [Field]>,
    /// The first version in which unknown fields are refused (properties were
    /// open objects before 1.6).
    pub(super) closed_since: Ver,
    /// Required fields, from the given version on.
    pub(super) required: &'static [Since],
}

pub(super) const fn closed(name: &'static str, fields: &'static [Field], required: &'static [Since]) -> Rules {
    Rules { name, fields: Some(fields), closed_since: V1_4, required }
}

pub(super) fn rules(kind: Kind) -> &'static Rules {
    const OPEN: Rules = Rules { name: "object", fields: None, closed_since: V1_4, required: &[] };
    const BOM: Rules = closed("BOM", BOM_FIELDS, &[("bomFormat", V1_4)]);
    const METADATA: Rules = closed("metadata", METADATA_FIELDS, &[]);
    const COMPONENT: Rules = closed("component", COMPONENT_FIELDS, &[("type", V1_4), ("name", V1_4)]);
    const SERVICE: Rules = closed("service", SERVICE_FIELDS, &[("name", V1_4)]);
    const PEDIGREE: Rules = closed("pedigree", PEDIGREE_FIELDS, &[]);
    const HASH: Rules = closed("hash", HASH_FIELDS, &[("alg", V1_4), ("content", V1_4)]);
    const EXTERNAL_REFERENCE: Rules =
        closed("external reference", EXTERNAL_REFERENCE_FIELDS, &[("url", V1_4), ("type", V1_4)]);
    const LICENSE_ENTRY: Rules = closed("licenses entry", LICENSE_ENTRY_FIELDS, &[("license", V1_4)]);
    const LICENSE: Rules = closed("license", LICENSE_FIELDS, &[]);
    const EXPRESSION: Rules = closed("license expression", EXPRESSION_FIELDS, &[("expression", V1_4)]);
    const ATTACHMENT: Rules = closed("attachment", ATTACHMENT_FIELDS, &[("content", V1_4)]);
    const SWID: Rules = closed("swid", SWID_FIELDS, &[("tagId", V1_4), ("name", V1_4)]);
    const PATCH: Rules = closed("patch", PATCH_FIELDS, &[("type", V1_4)]);
    const DIFF: Rules = closed("diff", DIFF_FIELDS, &[]);
    const ISSUE: Rules = closed("issue", ISSUE_FIELDS, &[("type", V1_4)]);
    const SERVICE_DATA: Rules =
        closed("service data", SERVICE_DATA_FIELDS, &[("flow", V1_4), ("classification", V1_4)]);
    const PROPERTY: Rules = Rules { closed_since: V1_6, ..closed("property", PROPERTY_FIELDS, &[("name", V1_6)]) };
    const DEPENDENCY: Rules = closed("dependency", DEPENDENCY_FIELDS, &[("ref", V1_4)]);
    match kind {
        Kind::Any | Kind::LicenseChoice => &OPEN,
        Kind::Bom => &BOM,
        Kind::Metadata => &METADATA,
        Kind::Component => &COMPONENT,
        Kind::Service => &SERVICE,
        Kind::Pedigree => &PEDIGREE,
        Kind::Hash => &HASH,
        Kind::ExternalReference => &EXTERNAL_REFERENCE,
        Kind::LicenseEntry => &LICENSE_ENTRY,
        Kind::License => &LICENSE,
        Kind::Expression => &EXPRESSION,
        Kind::Attachment => &ATTACHMENT,
        Kind::Swid => &SWID,
        Kind::Patch => &PATCH,
        Kind::Diff => &DIFF,
        Kind::Issue => &ISSUE,
        Kind::ServiceData => &SERVICE_DATA,
        Kind::Property => &PROPERTY,
        Kind::Dependency => &DEPENDENCY,
    }
}

/// How a member's value is walked: one node of a kind, or an array of them.
pub(super) enum Child {
    One(Kind),
    Many(Kind),
}

/// The kind of `parent`'s member `key`. Where the schemas give a key the same
/// meaning everywhere (`components`, `hashes`, `licenses`, …) it is mapped
/// whatever the parent, so components inside tools, formulation or
/// vulnerabilities are checked too.
pub(super) fn child(parent: Kind, key: &str) -> Child {
    match (parent, key) {
        (Kind::Bom, "metadata") => Child::One(Kind::Metadata),
        (Kind::Bom, "dependencies") => Child::Many(Kind::Dependency),
        (Kind::Metadata, "component") => Child::One(Kind::Component),
        (Kind::Component, "swid") => Child::One(Kind::Swid),
        (Kind::Component, "pedigree") => Child::One(Kind::Pedigree),
        (Kind::Pedigree, "ancestors" | "descendants" | "variants") => Child::Many(Kind::Component),
        (Kind::Pedigree, "patches") => Child::Many(Kind::Patch),
        (Kind::Patch, "diff") => Child::One(Kind::Diff),
        (Kind::Service, "data") => Child::Many(Kind::ServiceData),
        (Kind::LicenseEntry, "license") => Child::One(Kind::License),
        (Kind::License | Kind::Swid | Kind::Diff, "text") => Child::One(Kind::Attachment),
        (_, "components") => Child::Many(Kind::Component),
        (_, "services") => Child::Many(Kind::Service),
        (_, "hashes") => Child::Many(Kind::Hash),
        (_, "externalReferences") => Child::Many(Kind::ExternalReference),
        (_, "licenses") => Child::One(Kind::LicenseChoice),
        (_, "properties") => Child::Many(Kind::Property),
        (_, "resolves") => Child::Many(Kind::Issue),
        _ => Child::One(Kind::Any),
    }
}
