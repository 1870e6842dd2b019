//! `attest sbom validate`: checks a CycloneDX JSON BOM, specVersion 1.4, 1.5 or 1.6.
//!
//! attest validates BOMs itself rather than through a typed model such as the
//! cyclonedx-bom crate's: that crate reads nothing newer than 1.5, drops
//! fields it does not know, and its validator is weak (mis-anchored hash
//! patterns, no hash-length check).
//! An SBOM made by another tool is signed as it is, so it is judged as the JSON
//! value it is, never through a typed model.
//!
//! The checks follow the official JSON schemas where attest walks (the BOM,
//! metadata, components, services, hashes, external references, licenses,
//! SWID tags, pedigree patches and issues, service data, properties,
//! dependencies): required fields, JSON types, enumerations of the BOM's own
//! version, closed objects (`additionalProperties: false`), and formats
//! (date-times anywhere, serial numbers, SPDX ids). They add what a schema
//! cannot say: the hash length of each algorithm, unique `bom-ref`s across
//! the whole BOM and dependencies that point at existing `bom-ref`s. Every
//! rule is one table entry or one branch of a single recursive walker,
//! parameterised by the spec version; differences from the schemas are
//! listed in `docs/sbom-validation.md`.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

use crate::jsontree::{Json, Object};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::limits::MAX_JSON_DEPTH;

/// One thing wrong with a BOM.
///
/// `path` is a JSON-pointer-like location (`/components/3/hashes/0/content`,
/// `""` for the whole document) so that a user can find the spot in the file;
/// `message` says what is wrong there and, where useful, what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Where the problem is (RFC 6901 escaping for `~` and `/` in keys).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "{path}: {}", self.message)
    }
}

/// The outcome of validating one BOM: the `specVersion` found and every
/// problem, so that a user fixes them all in one round rather than one per run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Validation {
    /// The document's `specVersion` when it is a string (even an unsupported one).
    pub spec_version: Option<String>,
    /// Every problem found, in walk order (object members in document order,
    /// array items by index, dangling dependency references last);
    /// empty means valid.
    pub problems: Vec<Problem>,
}

impl Validation {
    /// True when no problem was found.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Validates an already strictly-parsed JSON document (see
/// [`crate::json::check_strict`]) as a CycloneDX BOM of specVersion 1.4–1.6.
///
/// It never stops at the first problem. A document whose `specVersion` is
/// missing or unsupported is not checked further: which rules apply depends on it.
pub fn validate(bom: &Json<'_>) -> Validation {
    let Some(top) = bom.as_object() else {
        return Validation { spec_version: None, problems: vec![problem("", "a CycloneDX BOM must be a JSON object")] };
    };
    let spec = top.get("specVersion");
    let spec_version = spec.and_then(Json::as_str).map(str::to_owned);
    let ver = match spec {
        None => Err("required field \"specVersion\" is missing".to_owned()),
        Some(Json::String(s)) => Ver::parse(s).ok_or_else(|| {
            format!("specVersion \"{s}\" is not supported: attest validates CycloneDX 1.4, 1.5 and 1.6")
        }),
        Some(_) => Err("specVersion must be a string (\"1.4\", \"1.5\" or \"1.6\")".to_owned()),
    };
    match ver {
        Ok(ver) => {
            let mut walker = Walker::new(ver);
            walker.walk(bom, Kind::Bom);
            Validation { spec_version, problems: walker.finish() }
        }
        Err(message) => {
            let mut problems = Vec::new();
            if top.get("bomFormat").and_then(Json::as_str) != Some("CycloneDX") {
                problems.push(problem("/bomFormat", "bomFormat must be \"CycloneDX\""));
            }
            problems.push(problem("/specVersion", message));
            Validation { spec_version, problems }
        }
    }
}

fn problem(path: &str, message: impl Into<String>) -> Problem {
    Problem { path: path.to_owned(), message: message.into() }
}

/// The CycloneDX versions attest validates, in order: a rule or a field that
/// exists from some version on applies to that version and the later ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ver {
    V1_4,
    V1_5,
    V1_6,
}

use Ver::{V1_4, V1_5, V1_6};

impl Ver {
    fn parse(s: &str) -> Option<Ver> {
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
type Since = (&'static str, Ver);

// ---- Enumerations (from the official schemas) ----

const BOM_FORMATS: &[Since] = &[("CycloneDX", V1_4)];
const COMPONENT_TYPES: &[Since] = &[
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
const SCOPES: &[Since] = &[("required", V1_4), ("optional", V1_4), ("excluded", V1_4)];
const ISSUE_TYPES: &[Since] = &[("defect", V1_4), ("enhancement", V1_4), ("security", V1_4)];
const PATCH_TYPES: &[Since] = &[("unofficial", V1_4), ("monkey", V1_4), ("backport", V1_4), ("cherry-pick", V1_4)];
const DATA_FLOWS: &[Since] = &[("inbound", V1_4), ("outbound", V1_4), ("bi-directional", V1_4), ("unknown", V1_4)];
const ENCODINGS: &[Since] = &[("base64", V1_4)];
const EXTERNAL_REFERENCE_TYPES: &[Since] = &[
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
const ACKNOWLEDGEMENTS: &[Since] = &[("declared", V1_4), ("concluded", V1_4)];

/// Hash algorithms (the same in 1.4–1.6) and the hex length of their digests.
/// The schema's `hash-content` pattern only says "one of 32/40/64/96/128 hex
/// digits" whatever the algorithm; attest ties the length to the algorithm.
const HASH_ALGS: &[(&str, usize)] = &[
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
enum Check {
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
type Field = (&'static str, Ver, Check);

use Check::{Any, Arr, Bool, Enum, Int, Obj, Str};

const BOM_FIELDS: &[Field] = &[
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
const METADATA_FIELDS: &[Field] = &[
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
const COMPONENT_FIELDS: &[Field] = &[
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
const SERVICE_FIELDS: &[Field] = &[
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
const PEDIGREE_FIELDS: &[Field] = &[
    ("ancestors", V1_4, Any),
    ("descendants", V1_4, Any),
    ("variants", V1_4, Any),
    ("commits", V1_4, Arr),
    ("patches", V1_4, Any),
    ("notes", V1_4, Str),
];
const HASH_FIELDS: &[Field] = &[("alg", V1_4, Str), ("content", V1_4, Str)];
const EXTERNAL_REFERENCE_FIELDS: &[Field] = &[
    ("url", V1_4, Str),
    ("type", V1_4, Enum(EXTERNAL_REFERENCE_TYPES)),
    ("comment", V1_4, Str),
    ("hashes", V1_4, Any),
];
const LICENSE_ENTRY_FIELDS: &[Field] = &[("license", V1_4, Any)];
const LICENSE_FIELDS: &[Field] = &[
    ("id", V1_4, Str),
    ("name", V1_4, Str),
    ("text", V1_4, Any),
    ("url", V1_4, Str),
    ("bom-ref", V1_5, Any),
    ("licensing", V1_5, Obj),
    ("properties", V1_5, Any),
    ("acknowledgement", V1_6, Enum(ACKNOWLEDGEMENTS)),
];
const EXPRESSION_FIELDS: &[Field] =
    &[("expression", V1_4, Str), ("bom-ref", V1_5, Any), ("acknowledgement", V1_6, Enum(ACKNOWLEDGEMENTS))];
const ATTACHMENT_FIELDS: &[Field] =
    &[("contentType", V1_4, Str), ("encoding", V1_4, Enum(ENCODINGS)), ("content", V1_4, Str)];
const SWID_FIELDS: &[Field] = &[
    ("tagId", V1_4, Str),
    ("name", V1_4, Str),
    ("version", V1_4, Str),
    ("tagVersion", V1_4, Int),
    ("patch", V1_4, Bool),
    ("text", V1_4, Any),
    ("url", V1_4, Str),
];
const PATCH_FIELDS: &[Field] = &[("type", V1_4, Enum(PATCH_TYPES)), ("diff", V1_4, Any), ("resolves", V1_4, Any)];
const DIFF_FIELDS: &[Field] = &[("text", V1_4, Any), ("url", V1_4, Str)];
const ISSUE_FIELDS: &[Field] = &[
    ("type", V1_4, Enum(ISSUE_TYPES)),
    ("id", V1_4, Str),
    ("name", V1_4, Str),
    ("description", V1_4, Str),
    ("source", V1_4, Obj),
    ("references", V1_4, Arr),
];
/// 1.4 service data is `{flow, classification}`; 1.5 made it a richer object.
const SERVICE_DATA_FIELDS: &[Field] = &[
    ("flow", V1_4, Enum(DATA_FLOWS)),
    ("classification", V1_4, Str),
    ("name", V1_5, Str),
    ("description", V1_5, Str),
    ("governance", V1_5, Obj),
    ("source", V1_5, Arr),
    ("destination", V1_5, Arr),
];
const PROPERTY_FIELDS: &[Field] = &[("name", V1_4, Str), ("value", V1_4, Str)];
const DEPENDENCY_FIELDS: &[Field] = &[("ref", V1_4, Str), ("dependsOn", V1_4, Any), ("provides", V1_6, Any)];

/// Keys whose value is a JSON Schema `date-time` wherever they occur in 1.4–1.6.
fn is_date_time_key(key: &str) -> bool {
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
enum Kind {
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
struct Rules {
    /// What the object is called in messages.
    name: &'static str,
    /// The fields allowed (`None`: an open object, not checked).
    fields: Option<&'static [Field]>,
    /// The first version in which unknown fields are refused (properties were
    /// open objects before 1.6).
    closed_since: Ver,
    /// Required fields, from the given version on.
    required: &'static [Since],
}

const fn closed(name: &'static str, fields: &'static [Field], required: &'static [Since]) -> Rules {
    Rules { name, fields: Some(fields), closed_since: V1_4, required }
}

fn rules(kind: Kind) -> &'static Rules {
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
enum Child {
    One(Kind),
    Many(Kind),
}

/// The kind of `parent`'s member `key`. Where the schemas give a key the same
/// meaning everywhere (`components`, `hashes`, `licenses`, …) it is mapped
/// whatever the parent, so components inside tools, formulation or
/// vulnerabilities are checked too.
fn child(parent: Kind, key: &str) -> Child {
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

/// A reference made by a dependency, resolved once every `bom-ref` is known.
/// Its path is rebuilt only when it dangles, so a large BOM costs no
/// allocation per reference.
struct RefUse<'a> {
    target: &'a str,
    dependency: usize,
    field: &'static str,
    item: Option<usize>,
}

/// The one recursive walker: checks each node by its [`Kind`] and collects
/// what is checked across the whole BOM (bom-refs, dependency references).
struct Walker<'a> {
    ver: Ver,
    path: String,
    depth: usize,
    problems: Vec<Problem>,
    /// Every bom-ref seen, with where the path of its first use is in `first_paths`
    /// (one string for all, not one allocation per bom-ref).
    bom_refs: HashMap<&'a str, (usize, usize)>,
    first_paths: String,
    ref_uses: Vec<RefUse<'a>>,
    /// Scratch set for uniqueness within one array, reused to avoid allocating.
    seen: HashSet<&'a str>,
}

impl<'a> Walker<'a> {
    fn new(ver: Ver) -> Self {
        Walker {
            ver,
            path: String::new(),
            depth: 0,
            problems: Vec::new(),
            bom_refs: HashMap::new(),
            first_paths: String::new(),
            ref_uses: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn finish(mut self) -> Vec<Problem> {
        let mut dangling = Vec::new();
        for u in &self.ref_uses {
            if !u.target.is_empty() && !self.bom_refs.contains_key(u.target) {
                let mut path = format!("/dependencies/{}/{}", u.dependency, u.field);
                if let Some(i) = u.item {
                    let _ = write!(path, "/{i}");
                }
                let message = format!("refers to bom-ref \"{}\", which no element of this BOM has", u.target);
                dangling.push(Problem { path, message });
            }
        }
        self.problems.append(&mut dangling);
        self.problems
    }

    fn report(&mut self, message: impl Into<String>) {
        self.problems.push(Problem { path: self.path.clone(), message: message.into() });
    }

    fn report_at(&mut self, key: &str, message: impl Into<String>) {
        let mark = self.enter_key(key);
        self.report(message);
        self.path.truncate(mark);
    }

    fn enter_key(&mut self, key: &str) -> usize {
        let mark = self.path.len();
        self.path.push('/');
        if key.bytes().any(|b| b == b'~' || b == b'/') {
            self.path.push_str(&key.replace('~', "~0").replace('/', "~1"));
        } else {
            self.path.push_str(key);
        }
        mark
    }

    /// Appends `/i` by hand: `write!` costs more than the rest of a small node.
    fn enter_index(&mut self, i: usize) -> usize {
        let mark = self.path.len();
        let mut digits = [0u8; 20];
        let mut n = i;
        let mut at = digits.len();
        loop {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        self.path.push('/');
        self.path.extend(digits.iter().skip(at).map(|&d| char::from(d)));
        mark
    }

    fn walk(&mut self, v: &'a Json<'a>, kind: Kind) {
        if self.depth >= MAX_JSON_DEPTH {
            self.report(format!("nested deeper than {MAX_JSON_DEPTH} levels; not checked further"));
            return;
        }
        self.depth += 1;
        match (kind, v) {
            (Kind::LicenseChoice, _) => self.license_choice(v),
            (Kind::Any, Json::Object(m)) => self.members(m, kind),
            (Kind::Any, Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let mark = self.enter_index(i);
                    self.walk(item, Kind::Any);
                    self.path.truncate(mark);
                }
            }
            (Kind::Any, _) => {}
            (_, Json::Object(m)) => {
                self.check_object(kind, m);
                self.members(m, kind);
            }
            (_, _) => self.report(format!("a {} must be a JSON object", rules(kind).name)),
        }
        self.depth -= 1;
    }

    fn walk_many(&mut self, v: &'a Json<'a>, kind: Kind) {
        let Some(items) = v.as_array() else {
            self.report(format!("must be an array of {} objects", rules(kind).name));
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let mark = self.enter_index(i);
            self.walk(item, kind);
            self.path.truncate(mark);
        }
    }

    fn members(&mut self, m: &'a Object<'a>, kind: Kind) {
        for (key, value) in m.iter() {
            let mark = self.enter_key(key);
            if key == "bom-ref" {
                self.bom_ref(value);
            } else if is_date_time_key(key) {
                self.date_time(key, value);
            }
            match child(kind, key) {
                Child::One(k) => self.walk(value, k),
                Child::Many(k) => self.walk_many(value, k),
            }
            self.path.truncate(mark);
        }
    }

    /// Records a bom-ref. The schemas say every bom-ref must be unique within
    /// the BOM but cannot enforce it; dependencies and compositions are
    /// ambiguous otherwise.
    fn bom_ref(&mut self, v: &'a Json<'a>) {
        match v.as_str() {
            None => self.report("bom-ref must be a string"),
            Some("") => self.report("bom-ref must not be empty"),
            Some(r) => match self.bom_refs.get(r) {
                Some(&(start, end)) => {
                    let first = self.first_paths.get(start..end).unwrap_or_default();
                    let message = format!("duplicate bom-ref \"{r}\" (first used at {first})");
                    self.report(message);
                }
                None => {
                    let start = self.first_paths.len();
                    self.first_paths.push_str(&self.path);
                    self.bom_refs.insert(r, (start, self.first_paths.len()));
                }
            },
        }
    }

    /// RFC 3339 `date-time` as JSON Schema means it: `T` between date and time
    /// (the `time` crate also takes a space), any offset, leap second allowed.
    fn date_time(&mut self, key: &str, v: &Json<'_>) {
        let valid =
            |s: &str| matches!(s.as_bytes().get(10), Some(b'T' | b't')) && OffsetDateTime::parse(s, &Rfc3339).is_ok();
        match v.as_str() {
            Some(s) if valid(s) => {}
            Some(s) => self.report(format!(
                "{key} \"{s}\" is not an RFC 3339 date-time (e.g. 2024-05-01T12:00:00Z or with an offset)"
            )),
            None => self.report(format!("{key} must be an RFC 3339 date-time string")),
        }
    }

    fn check_object(&mut self, kind: Kind, m: &'a Object<'a>) {
        let r = rules(kind);
        let ver = self.ver;
        let first = self.problems.len();
        // Required fields are noted while going through the members (a map
        // lookup each would cost a cache miss on large BOMs).
        let mut present = 0u32;
        if let Some(fields) = r.fields {
            for (key, value) in m.iter() {
                if let Some(i) = r.required.iter().position(|(f, _)| *f == key) {
                    present |= 1 << i;
                }
                match fields.iter().find(|(f, _, _)| *f == key) {
                    Some(&(_, since, check)) if ver >= since => self.check_value(key, value, check),
                    Some(&(_, since, _)) => self
                        .report_at(key, format!("field \"{key}\" needs CycloneDX {since} or later; this BOM is {ver}")),
                    None if ver >= r.closed_since => self.report_at(
                        key,
                        format!("unknown field \"{key}\": CycloneDX {ver} does not allow it in a {}", r.name),
                    ),
                    None => {}
                }
            }
        }
        let missing = r.required.iter().enumerate().filter(|&(i, (_, since))| ver >= *since && present & (1 << i) == 0);
        let missing: Vec<Problem> = missing
            .map(|(_, (field, _))| Problem {
                path: self.path.clone(),
                message: format!("a {} needs the field \"{field}\"", r.name),
            })
            .collect();
        self.problems.splice(first..first, missing);
        match kind {
            Kind::Bom => self.bom_header(m),
            Kind::Metadata => self.tools(m),
            Kind::Component => self.mime_type(m),
            Kind::Hash => self.hash(m),
            Kind::License => self.license(m),
            Kind::Dependency => self.dependency(m),
            _ => {}
        }
    }

    fn check_value(&mut self, field: &str, v: &Json<'_>, check: Check) {
        let (ok, what) = match check {
            Check::Any => (true, ""),
            Check::Str => (v.is_string(), "a string"),
            Check::Bool => (v.is_boolean(), "true or false"),
            Check::Int => (integer(v).is_some(), "an integer"),
            Check::Obj => (v.is_object(), "a JSON object"),
            Check::Arr => (v.is_array(), "an array"),
            Check::Enum(allowed) => return self.check_enum(field, v, allowed),
        };
        if !ok {
            self.report_at(field, format!("{field} must be {what}"));
        }
    }

    fn check_enum(&mut self, field: &str, v: &Json<'_>, allowed: &[Since]) {
        let ver = self.ver;
        let Some(s) = v.as_str() else {
            self.report_at(field, format!("{field} must be a string"));
            return;
        };
        match allowed.iter().find(|(a, _)| *a == s) {
            Some((_, since)) if ver >= *since => {}
            found => {
                let list: Vec<&str> = allowed.iter().filter(|(_, since)| ver >= *since).map(|(a, _)| *a).collect();
                let later = match found {
                    Some((_, since)) => format!(" (\"{s}\" needs CycloneDX {since})"),
                    None => String::new(),
                };
                let message = format!("{field} \"{s}\" is not one of CycloneDX {ver}'s: {}{later}", list.join(", "));
                self.report_at(field, message);
            }
        }
    }

    /// serialNumber, version, and the references made by dependencies.
    fn bom_header(&mut self, m: &'a Object<'a>) {
        if let Some(serial) = m.get("serialNumber").and_then(Json::as_str)
            && !is_serial_number(serial, self.ver)
        {
            let form = if self.ver == V1_4 {
                "urn:uuid: and an RFC 4122 UUID (version 1-5, variant 8/9/a/b)"
            } else {
                "urn:uuid: and a UUID"
            };
            self.report_at("serialNumber", format!("serialNumber must be {form} in lower case"));
        }
        if let Some(v) = m.get("version")
            && integer(v).is_some_and(|n| n < 1)
        {
            self.report_at("version", "version must be 1 or more");
        }
        let dependencies = m.get("dependencies").and_then(Json::as_array);
        for (dependency, dep) in dependencies.unwrap_or_default().iter().enumerate() {
            let Some(dep) = dep.as_object() else { continue };
            if let Some(target) = dep.get("ref").and_then(Json::as_str) {
                self.ref_uses.push(RefUse { target, dependency, field: "ref", item: None });
            }
            for field in ["dependsOn", "provides"] {
                let items = dep.get(field).and_then(Json::as_array);
                for (i, target) in items.unwrap_or_default().iter().enumerate() {
                    if let Some(target) = target.as_str() {
                        self.ref_uses.push(RefUse { target, dependency, field, item: Some(i) });
                    }
                }
            }
        }
    }

    /// `metadata.tools` is an array of tools in 1.4; 1.5 added the object
    /// form (`{components, services}`) and kept the array as deprecated.
    fn tools(&mut self, m: &Object<'_>) {
        let ok = match m.get("tools") {
            None | Some(Json::Array(_)) => true,
            Some(Json::Object(_)) => self.ver >= V1_5,
            Some(_) => false,
        };
        if !ok {
            let form = if self.ver >= V1_5 { "an object or an array" } else { "an array" };
            self.report_at("tools", format!("tools must be {form} in CycloneDX {}", self.ver));
        }
    }

    fn mime_type(&mut self, m: &Object<'_>) {
        let Some(mime) = m.get("mime-type").and_then(Json::as_str) else { return };
        let part =
            |p: &str| !p.is_empty() && p.bytes().all(|b| matches!(b, b'-' | b'+' | b'.' | b'a'..=b'z' | b'0'..=b'9'));
        let ok = mime.split_once('/').is_some_and(|(t, s)| part(t) && part(s));
        if !ok {
            self.report_at("mime-type", format!("mime-type \"{mime}\" is not of the form type/subtype (lower case)"));
        }
    }

    /// The algorithm must be known and the digest as long as that algorithm's.
    fn hash(&mut self, m: &Object<'_>) {
        let alg = m.get("alg").and_then(Json::as_str);
        let expected = match alg {
            Some(a) => match HASH_ALGS.iter().find(|(name, _)| *name == a) {
                Some((_, len)) => Some(*len),
                None => {
                    let names: Vec<&str> = HASH_ALGS.iter().map(|(n, _)| *n).collect();
                    let message = format!("hash algorithm \"{a}\" is not one of: {}", names.join(", "));
                    self.report_at("alg", message);
                    None
                }
            },
            None => None,
        };
        let Some(content) = m.get("content").and_then(Json::as_str) else { return };
        let hex = content.bytes().all(|b| b.is_ascii_hexdigit());
        let found = if hex {
            format!("{} digits", content.len())
        } else {
            format!("{:?}, which is not hexadecimal", truncate(content, 40))
        };
        match (alg, expected) {
            (Some(a), Some(n)) if !hex || content.len() != n => {
                let message = format!("{a} hash must be {n} hexadecimal digits, found {found}");
                self.report_at("content", message);
            }
            (_, None) if !hex || ![32, 40, 64, 96, 128].contains(&content.len()) => {
                let message = format!("hash must be 32, 40, 64, 96 or 128 hexadecimal digits, found {found}");
                self.report_at("content", message);
            }
            _ => {}
        }
    }

    /// A license is named by exactly one of an SPDX `id` or a free `name`.
    fn license(&mut self, m: &Object<'_>) {
        match (m.get("id"), m.get("name")) {
            (None, None) => self.report("a license needs an \"id\" (SPDX) or a \"name\""),
            (Some(_), Some(_)) => self.report("a license has an \"id\" or a \"name\", not both"),
            _ => {}
        }
        if let Some(id) = m.get("id").and_then(Json::as_str)
            && !is_spdx_id(id)
        {
            let message = format!("\"{id}\" is not an SPDX license identifier (use \"name\" for other licenses)");
            self.report_at("id", message);
        }
    }

    /// `ref` non-empty; `dependsOn` and `provides` arrays of unique non-empty refs.
    fn dependency(&mut self, m: &'a Object<'a>) {
        if m.get("ref").and_then(Json::as_str) == Some("") {
            self.report_at("ref", "ref must not be empty");
        }
        for field in ["dependsOn", "provides"] {
            let Some(v) = m.get(field) else { continue };
            let mark = self.enter_key(field);
            match v.as_array() {
                None => self.report(format!("{field} must be an array of bom-refs")),
                Some(items) => {
                    self.seen.clear();
                    for (i, item) in items.iter().enumerate() {
                        let message = match item.as_str() {
                            None => "must be a bom-ref string".to_owned(),
                            Some("") => "must not be empty".to_owned(),
                            Some(r) if !self.seen.insert(r) => format!("\"{r}\" is listed twice"),
                            Some(_) => continue,
                        };
                        let item_mark = self.enter_index(i);
                        self.report(message);
                        self.path.truncate(item_mark);
                    }
                }
            }
            self.path.truncate(mark);
        }
    }

    /// Since 1.5 `licenses` is either a list of `{license}` entries or exactly
    /// one `{expression}` (1.6 names the mixed case
    /// "declared-concluded-mix"); 1.4 allowed both kinds side by side.
    fn license_choice(&mut self, v: &'a Json<'a>) {
        let Some(items) = v.as_array() else {
            self.report("licenses must be an array");
            return;
        };
        let mut expressions = 0;
        for (i, item) in items.iter().enumerate() {
            let mark = self.enter_index(i);
            let kind = match item.as_object() {
                Some(m) if m.contains_key("license") => Kind::LicenseEntry,
                Some(m) if m.contains_key("expression") => {
                    expressions += 1;
                    Kind::Expression
                }
                Some(_) => {
                    self.report("a licenses entry needs a \"license\" or an \"expression\"");
                    Kind::Any
                }
                None => {
                    self.report("a licenses entry must be a JSON object");
                    Kind::Any
                }
            };
            self.walk(item, kind);
            self.path.truncate(mark);
        }
        if self.ver >= V1_5 && expressions > 0 && items.len() > 1 {
            self.report(format!(
                "licenses holds {} entries, {expressions} of them SPDX expressions: since CycloneDX 1.5 \
                 it is either a list of licenses or a single expression (use one expression, e.g. \
                 \"MIT OR Apache-2.0\")",
                items.len()
            ));
        }
    }
}

/// The integer value of a JSON number, accepting `2.0` as JSON Schema does
/// (and integers too large for 64 bits, which serde_json reads as floats;
/// they saturate, which is enough for a range check).
fn integer(v: &Json<'_>) -> Option<i128> {
    let n = v.as_number()?;
    if let Some(i) = n.as_i64() {
        return Some(i128::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(i128::from(u));
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0).then_some(f as i128)
}

/// `urn:uuid:` and a lower-case UUID. 1.4's schema also demands an RFC 4122
/// version (1-5) and variant (8, 9, a, b); 1.5 relaxed that to any UUID shape.
fn is_serial_number(s: &str, ver: Ver) -> bool {
    let Some(uuid) = s.strip_prefix("urn:uuid:") else { return false };
    let b = uuid.as_bytes();
    let shape = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => matches!(c, b'0'..=b'9' | b'a'..=b'f'),
        });
    shape
        && (ver >= V1_5
            || (matches!(b.get(14), Some(b'1'..=b'5')) && matches!(b.get(19), Some(b'8' | b'9' | b'a' | b'b'))))
}

/// The only SPDX ids with a `+`: deprecated GNU ids, frozen in the SPDX list.
const PLUS_IDS: &[&str] = &["GPL-1.0+", "GPL-2.0+", "GPL-3.0+", "LGPL-2.0+", "LGPL-2.1+", "LGPL-3.0+"];

/// Whether `id` is in the SPDX license list (or exception list, which the
/// CycloneDX `spdx.schema.json` enumeration also includes), exactly as spelt.
///
/// The lookup goes through the `spdx` crate (its list is at least as new as
/// the schema's). `spdx::license_id` ignores a
/// trailing `+` (so `MIT+` would pass) and knows `NOASSERTION`, which the
/// schema enumeration does not, so those are decided here. Exceptions are
/// looked up in the crate's exception list, after making sure `id` is one
/// plain identifier.
fn is_spdx_id(id: &str) -> bool {
    if PLUS_IDS.contains(&id) {
        return true;
    }
    let plain = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !id.starts_with("LicenseRef-")
        && !id.starts_with("DocumentRef-")
        && !id.starts_with("AdditionRef-")
        && id != "NOASSERTION";
    plain && (spdx::license_id(id).is_some() || spdx::exception_id(id).is_some())
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// Validates the tree of a `json!` value (the test data is written as
    /// `json!` values, the validator reads trees).
    fn validate(v: &Value) -> Validation {
        super::validate(&crate::jsontree::tests::tree(v))
    }

    fn problems(v: &Value) -> Vec<Problem> {
        validate(v).problems
    }

    fn bom(ver: &str, extra: Value) -> Value {
        let mut b = json!({
            "bomFormat": "CycloneDX",
            "specVersion": ver,
            "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
            "version": 1
        });
        if let (Some(b), Some(extra)) = (b.as_object_mut(), extra.as_object()) {
            b.extend(extra.clone());
        }
        b
    }

    fn lib(name: &str) -> Value {
        json!({"type": "library", "name": name, "bom-ref": name, "version": "1.0.0"})
    }

    /// The problems' paths, sorted: the walk follows the document's member
    /// order, and a `json!` value's order is serde_json's.
    fn paths(p: &[Problem]) -> Vec<&str> {
        let mut paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        paths.sort_unstable();
        paths
    }

    fn message<'p>(p: &'p [Problem], path: &str) -> &'p str {
        p.iter().find(|p| p.path == path).map_or("", |p| p.message.as_str())
    }

    #[test]
    fn minimal_boms_are_valid_in_every_version() {
        for ver in ["1.4", "1.5", "1.6"] {
            let v = validate(&bom(ver, json!({"components": [lib("a")]})));
            assert!(v.is_valid(), "{ver}: {:?}", v.problems);
            assert_eq!(v.spec_version.as_deref(), Some(ver));
        }
    }

    #[test]
    fn unsupported_spec_version_names_the_supported_ones() {
        let v = validate(&bom("1.3", json!({})));
        assert_eq!(v.spec_version.as_deref(), Some("1.3"));
        assert_eq!(paths(&v.problems), ["/specVersion"]);
        assert!(v.problems[0].message.contains("1.4, 1.5 and 1.6"), "{:?}", v.problems);
        let v = validate(&json!({"bomFormat": "SPDX"}));
        assert_eq!(paths(&v.problems), ["/bomFormat", "/specVersion"]);
        assert!(!validate(&json!([])).is_valid());
    }

    #[test]
    fn header_fields() {
        let p = problems(&json!({
            "bomFormat": "CycloneDx", "specVersion": "1.5",
            "serialNumber": "urn:uuid:3E671687-395b-41f5-a30f-a58921a69b79", "version": 0
        }));
        assert_eq!(paths(&p), ["/bomFormat", "/serialNumber", "/version"], "{p:?}");
        let p = problems(&bom("1.6", json!({"version": "1"})));
        assert_eq!(paths(&p), ["/version"]);
        assert!(problems(&bom("1.6", json!({"version": 2.0}))).is_empty());
        let huge: Value = serde_json::from_str("100000000000000000000").unwrap_or_default();
        assert!(problems(&bom("1.6", json!({"version": huge}))).is_empty());
        // 1.4 wants an RFC 4122 version and variant; 1.5 any UUID shape.
        let zero = json!({"serialNumber": "urn:uuid:00000000-0000-0000-0000-000000000000"});
        assert_eq!(paths(&problems(&bom("1.4", zero.clone()))), ["/serialNumber"]);
        assert!(problems(&bom("1.5", zero)).is_empty());
    }

    #[test]
    fn hash_length_must_match_the_algorithm() {
        let hashes = json!([
            {"alg": "SHA-256", "content": "ab".repeat(32)},
            {"alg": "SHA-256", "content": "ab".repeat(20)},
            {"alg": "SHA-1", "content": "AB".repeat(20)},
            {"alg": "SHA-512", "content": "zz".repeat(64)},
            {"alg": "BLAKE3", "content": "ab".repeat(64)},
            {"alg": "MD4", "content": "ab".repeat(16)},
            {"alg": "MD5", "content": format!("{}\n", "ab".repeat(16))}
        ]);
        let mut c = lib("a");
        c["hashes"] = hashes;
        let p = problems(&bom("1.6", json!({"components": [c]})));
        assert_eq!(
            paths(&p),
            [
                "/components/0/hashes/1/content",
                "/components/0/hashes/3/content",
                "/components/0/hashes/4/content",
                "/components/0/hashes/5/alg",
                "/components/0/hashes/6/content"
            ],
            "{p:?}"
        );
        assert!(message(&p, "/components/0/hashes/1/content").contains("SHA-256 hash must be 64"), "{p:?}");
    }

    #[test]
    fn duplicate_bom_refs_anywhere_are_reported() {
        let mut parent = lib("a");
        parent["components"] = json!([lib("b")]);
        let b = bom(
            "1.6",
            json!({
                "metadata": {"component": lib("app")},
                "components": [parent, lib("b")],
                "services": [{"name": "s", "bom-ref": "app"}]
            }),
        );
        let p = problems(&b);
        assert_eq!(paths(&p), ["/components/1/bom-ref", "/services/0/bom-ref"], "{p:?}");
        assert!(message(&p, "/components/1/bom-ref").contains("first used at /components/0/components/0/bom-ref"));
        assert!(message(&p, "/services/0/bom-ref").contains("first used at /metadata/component/bom-ref"));
        let p = problems(&bom("1.5", json!({"components": [{"type": "library", "name": "x", "bom-ref": ""}]})));
        assert_eq!(paths(&p), ["/components/0/bom-ref"]);
    }

    #[test]
    fn dependencies_must_point_at_bom_refs() {
        let b = bom(
            "1.6",
            json!({
                "components": [lib("a"), lib("b")],
                "dependencies": [
                    {"ref": "a", "dependsOn": ["b", "ghost", "b"]},
                    {"ref": "nobody", "provides": ["a"]},
                    {"dependsOn": []},
                    {"ref": ""}
                ]
            }),
        );
        let p = problems(&b);
        assert_eq!(
            paths(&p),
            [
                "/dependencies/0/dependsOn/1",
                "/dependencies/0/dependsOn/2",
                "/dependencies/1/ref",
                "/dependencies/2",
                "/dependencies/3/ref"
            ],
            "{p:?}"
        );
        // `provides` is 1.6 only.
        let b = bom("1.5", json!({"components": [lib("a")], "dependencies": [{"ref": "a", "provides": []}]}));
        assert_eq!(paths(&problems(&b)), ["/dependencies/0/provides"]);
    }

    #[test]
    fn nested_and_metadata_components_are_checked() {
        let b = bom(
            "1.5",
            json!({
                "metadata": {"component": {"type": "app", "name": "x"}, "timestamp": "2024-01-01"},
                "components": [{
                    "type": "library", "name": "outer",
                    "components": [{"type": "library", "components": [{"name": "deep", "type": "cryptographic-asset"}]}],
                    "pedigree": {"ancestors": [{"type": "library", "name": "a", "scope": "maybe"}]}
                }]
            }),
        );
        let p = problems(&b);
        assert_eq!(
            paths(&p),
            [
                "/components/0/components/0",
                "/components/0/components/0/components/0/type",
                "/components/0/pedigree/ancestors/0/scope",
                "/metadata/component/type",
                "/metadata/timestamp"
            ],
            "{p:?}"
        );
        assert!(message(&p, "/components/0/components/0/components/0/type").contains("needs CycloneDX 1.6"), "{p:?}");
    }

    #[test]
    fn component_fields_depend_on_the_version() {
        let c = json!({"type": "library", "name": "x", "omniborId": [], "foo": 1});
        let p = problems(&bom("1.5", json!({"components": [c.clone()]})));
        assert_eq!(paths(&p), ["/components/0/foo", "/components/0/omniborId"]);
        assert!(message(&p, "/components/0/omniborId").contains("needs CycloneDX 1.6"));
        assert_eq!(paths(&problems(&bom("1.6", json!({"components": [c]})))), ["/components/0/foo"]);
        let ml = json!({"type": "machine-learning-model", "name": "m", "modelCard": {}});
        assert!(problems(&bom("1.5", json!({"components": [ml.clone()]}))).is_empty());
        assert_eq!(problems(&bom("1.4", json!({"components": [ml]}))).len(), 2);
    }

    #[test]
    fn license_rules() {
        let with = |licenses: Value| {
            let mut c = lib("a");
            c["licenses"] = licenses;
            c
        };
        let cases = [
            ("1.6", json!([{"license": {"id": "MIT"}}, {"license": {"name": "Custom"}}]), 0),
            ("1.6", json!([{"expression": "MIT OR Apache-2.0", "acknowledgement": "concluded"}]), 0),
            ("1.6", json!([{"license": {"id": "Classpath-exception-2.0"}}]), 0),
            ("1.6", json!([{"license": {"id": "Apache-2"}}]), 1),
            ("1.6", json!([{"license": {"id": "MIT+"}}]), 1),
            ("1.6", json!([{"license": {"id": "GPL-2.0+"}}]), 0),
            ("1.6", json!([{"license": {"id": "LicenseRef-acme"}}]), 1),
            ("1.6", json!([{"license": {"id": "NOASSERTION"}}]), 1),
            ("1.6", json!([{"license": {}}]), 1),
            ("1.6", json!([{"license": {"id": "MIT", "name": "MIT"}}]), 1),
            ("1.6", json!([{"expression": "MIT", "license": {"id": "MIT"}}]), 1),
            ("1.6", json!([{"license": {"id": "MIT"}}, {"expression": "MIT"}]), 1),
            ("1.5", json!([{"expression": "MIT"}, {"expression": "BSD-3-Clause"}]), 1),
            ("1.4", json!([{"license": {"id": "MIT"}}, {"expression": "MIT"}]), 0),
            ("1.5", json!([{"expression": "MIT", "acknowledgement": "declared"}]), 1),
            ("1.6", json!([{"license": {"name": "x", "text": {"content": "x", "encoding": "hex"}}}]), 1),
            ("1.6", json!({"license": {"id": "MIT"}}), 1),
        ];
        for (ver, licenses, expected) in cases {
            let b = bom(ver, json!({"components": [with(licenses.clone())]}));
            let p = problems(&b);
            assert_eq!(p.len(), expected, "{ver} {licenses}: {p:?}");
        }
        let meta = bom("1.6", json!({"metadata": {"licenses": [{"license": {"id": "Apache-2"}}]}}));
        assert_eq!(paths(&problems(&meta)), ["/metadata/licenses/0/license/id"]);
    }

    #[test]
    fn swid_pedigree_and_service_enums() {
        let mut c = lib("a");
        c["swid"] = json!({"name": "a", "tagVersion": "1"});
        c["pedigree"] = json!({"patches": [{"type": "foo", "resolves": [{"type": "bar"}]}]});
        let services = json!([{"name": "s", "data": [{"flow": "sideways", "classification": "PII"}]}]);
        let b = bom("1.6", json!({"components": [c], "services": services}));
        let p = problems(&b);
        assert_eq!(
            paths(&p),
            [
                "/components/0/pedigree/patches/0/resolves/0/type",
                "/components/0/pedigree/patches/0/type",
                "/components/0/swid",
                "/components/0/swid/tagVersion",
                "/services/0/data/0/flow"
            ],
            "{p:?}"
        );
    }

    #[test]
    fn service_data_shape_depends_on_the_version() {
        let data = json!([{"flow": "inbound", "classification": "PII", "name": "customer data"}]);
        let b = |ver| bom(ver, json!({"services": [{"name": "s", "data": data.clone()}]}));
        assert!(problems(&b("1.5")).is_empty());
        assert_eq!(paths(&problems(&b("1.4"))), ["/services/0/data/0/name"]);
    }

    #[test]
    fn properties_are_closed_and_named_from_1_6() {
        let props = json!([{"value": "no name"}, {"name": "n", "extra": 1}, {"name": "ok", "value": "v"}]);
        let b = |ver| bom(ver, json!({"metadata": {"properties": props.clone()}}));
        assert!(problems(&b("1.5")).is_empty());
        assert_eq!(paths(&problems(&b("1.6"))), ["/metadata/properties/0", "/metadata/properties/1/extra"]);
        // Top-level properties came with 1.5.
        assert_eq!(paths(&problems(&bom("1.4", json!({"properties": []})))), ["/properties"]);
    }

    #[test]
    fn date_times_anywhere_and_unknown_top_level_fields() {
        let b = bom(
            "1.5",
            json!({
                "metadata": {"timestamp": "2020-04-13T20:20:39+02:00"},
                "vulnerabilities": [{"created": "2020-04-13 20:20:39Z", "published": "2016-12-31T23:59:60Z"}],
                "annotations": [{"timestamp": "yesterday", "subjects": [], "annotator": {}, "text": "x"}],
                "extra~/field": true
            }),
        );
        assert_eq!(paths(&problems(&b)), ["/annotations/0/timestamp", "/extra~0~1field", "/vulnerabilities/0/created"]);
    }

    #[test]
    fn problem_display_and_serialisation() {
        let p = Problem { path: String::new(), message: "m".into() };
        assert_eq!(p.to_string(), "/: m");
        let v = validate(&bom("1.6", json!({})));
        let s = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(s, r#"{"spec_version":"1.6","problems":[]}"#);
    }

    #[test]
    fn ten_thousand_components() {
        let components: Vec<Value> = (0..10_000)
            .map(|i| {
                json!({
                    "type": "library", "name": format!("c{i}"), "bom-ref": format!("pkg:cargo/c{i}@1.0.0"),
                    "purl": format!("pkg:cargo/c{i}@1.0.0"), "version": "1.0.0",
                    "hashes": [{"alg": "SHA-256", "content": "ab".repeat(32)}],
                    "licenses": [{"license": {"id": "MIT"}}],
                    "properties": [{"name": "attest:source", "value": "Cargo.lock"}]
                })
            })
            .collect();
        let dependencies: Vec<Value> = (1..10_000)
            .map(|i| json!({"ref": format!("pkg:cargo/c{i}@1.0.0"), "dependsOn": [format!("pkg:cargo/c{}@1.0.0", i - 1)]}))
            .collect();
        let b = bom("1.6", json!({"components": components, "dependencies": dependencies}));
        let start = std::time::Instant::now();
        let v = validate(&b);
        eprintln!("10,000 components validated in {:?}", start.elapsed());
        assert!(v.is_valid(), "{:?}", v.problems.first());
    }
}
