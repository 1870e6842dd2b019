//! SBOM conformance profiles: BSI TR-03183-2, NTIA minimum elements, EU CRA.
//!
//! A profile is a list of [`Requirement`]s, each with the section of the
//! published text it comes from and a check on the CycloneDX JSON (any
//! 1.4–1.6 document, from attest or another tool). Document requirements are
//! checked once; component requirements on every entry of `components`,
//! nested ones included. `docs/sbom-profiles.md` quotes each requirement's
//! source beside its check.

mod cra;
mod ntia;
mod tr03183;

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::jsontree::{Json, Object};

/// A conformance profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Profile {
    /// BSI TR-03183-2 v2.1.0 (2025-08-20), §4 and §5.2.
    #[serde(rename = "tr-03183-2")]
    Tr03183_2,
    /// NTIA "The Minimum Elements For a Software Bill of Materials" (2021).
    #[serde(rename = "ntia")]
    Ntia,
    /// EU Cyber Resilience Act (Regulation (EU) 2024/2847), Annex I Part II.
    #[serde(rename = "cra")]
    Cra,
}

impl Profile {
    /// Every profile, in the order they are listed.
    pub const ALL: [Profile; 3] = [Profile::Tr03183_2, Profile::Ntia, Profile::Cra];

    /// The name used on the command line, in policies and in certificates.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Tr03183_2 => "tr-03183-2",
            Profile::Ntia => "ntia",
            Profile::Cra => "cra",
        }
    }

    /// Reads a profile name.
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == s)
    }

    /// The requirements, in the order of the published text.
    pub fn requirements(self) -> &'static [Requirement] {
        match self {
            Profile::Tr03183_2 => tr03183::REQUIREMENTS,
            Profile::Ntia => ntia::REQUIREMENTS,
            Profile::Cra => cra::REQUIREMENTS,
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a requirement is checked on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The document as a whole.
    Document,
    /// Each component.
    Component,
}

/// A check: `Ok` when met, else what is missing.
type Check = fn(&Facts, &Object<'_>) -> Result<(), String>;

/// A check of a field that must be given when it exists: `None` when the
/// document does not state it, else whether what it states is right.
type IfKnownCheck = fn(&Object<'_>) -> Option<Result<(), String>>;

/// How binding a requirement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Obligation {
    /// Every document (or component) must meet it.
    Required,
    /// Must be given when the information exists (TR-03183-2's additional
    /// data fields): a checker cannot tell "unknown" from "left out", so
    /// its absence is reported, not failed; a value given that is wrong
    /// (not an SPDX licence, a reference without a URL) fails.
    IfKnown,
}

/// How a requirement is checked, which fixes its [`Obligation`].
#[derive(Clone, Copy)]
enum Rule {
    Required(Check),
    IfKnown(IfKnownCheck),
}

/// One requirement of a profile.
pub struct Requirement {
    /// Stable identifier, `<profile>.<field>`.
    pub id: &'static str,
    /// Where in the published text it comes from.
    pub source: &'static str,
    /// What is checked, in one line.
    pub title: &'static str,
    /// Document or component.
    pub level: Level,
    rule: Rule,
}

impl Requirement {
    /// Whether it binds always or only when the information exists.
    pub fn obligation(&self) -> Obligation {
        match self.rule {
            Rule::Required(_) => Obligation::Required,
            Rule::IfKnown(_) => Obligation::IfKnown,
        }
    }

    /// Judges it on `at` (the document or a component).
    fn judge(&self, facts: &Facts, at: &Object<'_>, pointer: String) -> Finding {
        let (stated, outcome) = match self.rule {
            Rule::Required(check) => (true, check(facts, at)),
            Rule::IfKnown(check) => match check(at) {
                Some(outcome) => (true, outcome),
                None => (false, Err("not stated".to_owned())),
            },
        };
        finding(self, pointer, stated, outcome)
    }
}

/// Facts about the whole document that component checks need.
pub struct Facts {
    /// `specVersion` as (major, minor), when readable.
    spec: Option<(u32, u32)>,
    /// `bom-ref`s with an entry in `dependencies`.
    dependency_refs: BTreeSet<String>,
    /// `bom-ref`s whose dependency list a composition says is complete,
    /// incomplete or partly complete (anything but unknown / not specified).
    stated_refs: BTreeSet<String>,
}

impl Facts {
    fn of(root: &Object<'_>) -> Facts {
        let spec = root.get("specVersion").and_then(Json::as_str).and_then(|s| {
            let (a, b) = s.split_once('.')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        });
        let dependency_refs = array(root, "dependencies")
            .filter_map(|d| d.get("ref").and_then(Json::as_str).map(str::to_owned))
            .collect();
        let stated_refs = array(root, "compositions")
            .filter(|c| !matches!(c.get("aggregate").and_then(Json::as_str), None | Some("unknown" | "not_specified")))
            .flat_map(|c| array_of(c.get("dependencies")).filter_map(Json::as_str).map(str::to_owned))
            .collect();
        Facts { spec, dependency_refs, stated_refs }
    }
}

/// One requirement judged at one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The requirement's id.
    pub requirement: &'static str,
    /// Its source section.
    pub source: &'static str,
    /// What it asks.
    pub title: &'static str,
    /// JSON pointer of the document (`""`) or the component judged.
    pub pointer: String,
    /// Always, or when the information exists.
    pub obligation: Obligation,
    /// Whether the document states the field at all (false only for an
    /// [`Obligation::IfKnown`] field left out: reported, not failed).
    pub stated: bool,
    /// Whether it is met there.
    pub met: bool,
    /// What is missing, when not met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// The result of checking one document against one profile.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The profile.
    pub profile: Profile,
    /// Every requirement at every place, document ones first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether every requirement is met everywhere (a field that need be
    /// given only when known and is not stated does not fail).
    pub fn passed(&self) -> bool {
        self.unmet().next().is_none()
    }

    /// The findings that fail: not met, and stated or required.
    pub fn unmet(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.met && f.stated)
    }

    /// The fields to give when known that the document leaves out.
    pub fn not_stated(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.stated)
    }
}

/// Checks an SBOM (a parsed CycloneDX JSON document) against a profile.
pub fn check(sbom: &Json<'_>, profile: Profile) -> Report {
    let Some(root) = sbom.as_object() else {
        let findings = profile
            .requirements()
            .iter()
            .map(|r| finding(r, String::new(), true, Err("the SBOM is not a JSON object".into())))
            .collect();
        return Report { profile, findings };
    };
    let facts = Facts::of(root);
    let mut components = Vec::new();
    collect_components(root, "", &mut components);
    let mut findings = Vec::new();
    let requirements = profile.requirements();
    for r in requirements.iter().filter(|r| r.level == Level::Document) {
        findings.push(r.judge(&facts, root, String::new()));
    }
    for (pointer, c) in &components {
        for r in requirements.iter().filter(|r| r.level == Level::Component) {
            findings.push(r.judge(&facts, c, pointer.clone()));
        }
    }
    Report { profile, findings }
}

/// The profiles among `profiles` that the SBOM meets, in the order given:
/// what a certificate states.
pub fn met(sbom: &Json<'_>, profiles: &[Profile]) -> Vec<Profile> {
    profiles.iter().copied().filter(|p| check(sbom, *p).passed()).collect()
}

fn finding(r: &Requirement, pointer: String, stated: bool, outcome: Result<(), String>) -> Finding {
    Finding {
        requirement: r.id,
        source: r.source,
        title: r.title,
        pointer,
        obligation: r.obligation(),
        stated,
        met: outcome.is_ok(),
        missing: outcome.err(),
    }
}

/// Every component object with its JSON pointer, nested ones after their parent.
fn collect_components<'j, 'a>(parent: &'j Object<'a>, at: &str, out: &mut Vec<(String, &'j Object<'a>)>) {
    let Some(list) = parent.get("components").and_then(Json::as_array) else { return };
    for (i, c) in list.iter().enumerate() {
        if let Some(obj) = c.as_object() {
            let pointer = format!("{at}/components/{i}");
            out.push((pointer.clone(), obj));
            collect_components(obj, &pointer, out);
        }
    }
}

/// The objects of the array `key` of `obj` (nothing when absent or not an array).
fn array<'j, 'a>(obj: &'j Object<'a>, key: &str) -> impl Iterator<Item = &'j Object<'a>> {
    array_of(obj.get(key)).filter_map(Json::as_object)
}

fn array_of<'j, 'a>(v: Option<&'j Json<'a>>) -> impl Iterator<Item = &'j Json<'a>> {
    v.and_then(Json::as_array).unwrap_or_default().iter()
}

/// A non-empty string member.
fn text<'j>(obj: &'j Object<'_>, key: &str) -> Option<&'j str> {
    obj.get(key).and_then(Json::as_str).filter(|s| !s.trim().is_empty())
}

/// `Ok` when `ok`, else the message.
fn need(ok: bool, missing: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(missing.to_owned()) }
}

/// An organisational entity's contact: a URL or a contact e-mail address.
fn has_contact(entity: Option<&Json<'_>>) -> bool {
    let Some(e) = entity.and_then(Json::as_object) else { return false };
    let url = array_of(e.get("url")).filter_map(Json::as_str).any(|u| !u.trim().is_empty());
    url || array(e, "contact").any(|c| text(c, "email").is_some())
}

/// Whether any person in `authors` has an e-mail address.
fn author_email(obj: &Object<'_>) -> bool {
    array(obj, "authors").any(|a| text(a, "email").is_some())
}

/// The value of the property `name`, when present and not empty.
fn property<'j>(obj: &'j Object<'_>, name: &str) -> Option<&'j str> {
    array(obj, "properties").filter(|p| text(p, "name") == Some(name)).find_map(|p| text(p, "value"))
}

/// `metadata.timestamp`: present and an RFC 3339 date-time.
fn timestamp(_: &Facts, root: &Object<'_>) -> Result<(), String> {
    let ts = root.get("metadata").and_then(|m| m.get("timestamp")).and_then(Json::as_str);
    match ts {
        None => Err("metadata.timestamp is missing".into()),
        Some(t) => need(
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).is_ok(),
            "metadata.timestamp is not an RFC 3339 date-time",
        ),
    }
}

/// The component's `name`.
fn name(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    need(text(c, "name").is_some(), "no name")
}

/// The component's `version`.
fn version(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    need(text(c, "version").is_some(), "no version")
}

/// What a file's first bytes and mode say about it (`sbom generate --profile`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Classification {
    /// Machine code or a script the system runs directly.
    pub executable: bool,
    /// A container of other files or a compressed stream.
    pub archive: bool,
    /// An archive that lists its members (zip, tar, 7z, ar, rpm).
    pub structured: bool,
}

/// Classifies a file from its first 512 bytes (`head`) and whether its mode
/// has an execute bit. Rules in `docs/sbom-profiles.md`.
pub fn classify(head: &[u8], exec_mode: bool) -> Classification {
    const EXECUTABLE: &[&[u8]] = &[
        b"\x7fELF",          // ELF
        b"MZ",               // PE (Windows)
        b"\xfe\xed\xfa\xce", // Mach-O 32
        b"\xfe\xed\xfa\xcf", // Mach-O 64
        b"\xce\xfa\xed\xfe", // Mach-O 32, little-endian
        b"\xcf\xfa\xed\xfe", // Mach-O 64, little-endian
        b"\xca\xfe\xba\xbe", // Mach-O universal
        b"\x00asm",          // WebAssembly
        b"#!",               // script with an interpreter line
    ];
    const LISTED: &[&[u8]] = &[
        b"PK\x03\x04",         // zip (jar, whl, apk, nupkg)
        b"PK\x05\x06",         // empty zip
        b"7z\xbc\xaf\x27\x1c", // 7z
        b"!<arch>\n",          // ar (deb)
        b"\xed\xab\xee\xdb",   // rpm
    ];
    const STREAMS: &[&[u8]] = &[
        b"\x1f\x8b",         // gzip
        b"\xfd7zXZ\x00",     // xz
        b"BZh",              // bzip2
        b"\x28\xb5\x2f\xfd", // zstd
    ];
    let tar = head.get(257..262) == Some(b"ustar".as_slice());
    let listed = tar || LISTED.iter().any(|m| head.starts_with(m));
    let stream = STREAMS.iter().any(|m| head.starts_with(m));
    Classification {
        executable: exec_mode || EXECUTABLE.iter().any(|m| head.starts_with(m)),
        archive: listed || stream,
        structured: listed,
    }
}

#[cfg(test)]
mod tests;
