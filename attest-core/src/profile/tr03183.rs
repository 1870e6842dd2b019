//! BSI TR-03183-2 v2.1.0 (2025-08-20), in its CycloneDX reading
//! (`docs/sbom-profiles.md`).

use super::{
    Facts, Level, Requirement, Rule, array, author_email, has_contact, need, property, text, timestamp, version,
};
use crate::jsontree::{Json, Object};

/// The requirements, in the order of §4 and §5.2.
pub(crate) static REQUIREMENTS: &[Requirement] = &[
    Requirement {
        id: "tr-03183-2.format",
        source: "TR-03183-2 v2.1 §4",
        title: "CycloneDX 1.6 or later",
        level: Level::Document,
        rule: Rule::Required(format),
    },
    Requirement {
        id: "tr-03183-2.creator",
        source: "TR-03183-2 v2.1 §5.2.1",
        title: "creator of the SBOM: e-mail address or URL",
        level: Level::Document,
        rule: Rule::Required(creator),
    },
    Requirement {
        id: "tr-03183-2.timestamp",
        source: "TR-03183-2 v2.1 §5.2.1",
        title: "timestamp of the SBOM's compilation",
        level: Level::Document,
        rule: Rule::Required(timestamp),
    },
    Requirement {
        id: "tr-03183-2.sbom-uri",
        source: "TR-03183-2 v2.1 §5.2.1",
        title: "SBOM-URI: serialNumber and version",
        level: Level::Document,
        rule: Rule::Required(sbom_uri),
    },
    Requirement {
        id: "tr-03183-2.component-creator",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "component creator: e-mail address or URL",
        level: Level::Component,
        rule: Rule::Required(component_creator),
    },
    Requirement {
        id: "tr-03183-2.component-name",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "component name",
        level: Level::Component,
        rule: Rule::Required(super::name),
    },
    Requirement {
        id: "tr-03183-2.component-version",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "component version",
        level: Level::Component,
        rule: Rule::Required(version),
    },
    Requirement {
        id: "tr-03183-2.filename",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "filename of the component (property bsi:component:filename)",
        level: Level::Component,
        rule: Rule::Required(filename),
    },
    Requirement {
        id: "tr-03183-2.dependencies",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "dependencies enumerated, their completeness stated (dependencies + compositions)",
        level: Level::Component,
        rule: Rule::Required(dependencies),
    },
    Requirement {
        id: "tr-03183-2.distribution-licence",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "distribution licence: SPDX id or expression, acknowledgement concluded",
        level: Level::Component,
        rule: Rule::Required(distribution_licence),
    },
    Requirement {
        id: "tr-03183-2.hash",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "SHA-512 of the deployable component (distribution external reference)",
        level: Level::Component,
        rule: Rule::Required(deployable_hash),
    },
    Requirement {
        id: "tr-03183-2.executable",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "executable property (bsi:component:executable)",
        level: Level::Component,
        rule: Rule::Required(executable),
    },
    Requirement {
        id: "tr-03183-2.archive",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "archive property (bsi:component:archive)",
        level: Level::Component,
        rule: Rule::Required(archive),
    },
    Requirement {
        id: "tr-03183-2.structured",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "structured property (bsi:component:structured)",
        level: Level::Component,
        rule: Rule::Required(structured),
    },
    Requirement {
        id: "tr-03183-2.source-code-uri",
        source: "TR-03183-2 v2.1 §5.2.4",
        title: "source code URI, when it exists (source-distribution or vcs external reference)",
        level: Level::Component,
        rule: Rule::IfKnown(source_code_uri),
    },
    Requirement {
        id: "tr-03183-2.deployable-uri",
        source: "TR-03183-2 v2.1 §5.2.4",
        title: "URI of the deployable form, when it exists (distribution external reference)",
        level: Level::Component,
        rule: Rule::IfKnown(deployable_uri),
    },
    Requirement {
        id: "tr-03183-2.unique-identifier",
        source: "TR-03183-2 v2.1 §5.2.4",
        title: "other unique identifiers, when they exist (purl, cpe or swid)",
        level: Level::Component,
        rule: Rule::IfKnown(unique_identifier),
    },
    Requirement {
        id: "tr-03183-2.original-licence",
        source: "TR-03183-2 v2.1 §5.2.4",
        title: "original licences, when known: SPDX id or expression, acknowledgement declared",
        level: Level::Component,
        rule: Rule::IfKnown(original_licence),
    },
];

fn format(facts: &Facts, _: &Object<'_>) -> Result<(), String> {
    need(facts.spec.is_some_and(|v| v >= (1, 6)), "specVersion is below 1.6 (or missing)")
}

fn creator(_: &Facts, root: &Object<'_>) -> Result<(), String> {
    let ok = root
        .get("metadata")
        .and_then(Json::as_object)
        .is_some_and(|m| has_contact(m.get("manufacturer")) || author_email(m));
    need(ok, "neither metadata.manufacturer (url or contact email) nor metadata.authors (email) names the creator")
}

fn sbom_uri(_: &Facts, root: &Object<'_>) -> Result<(), String> {
    need(
        text(root, "serialNumber").is_some() && root.get("version").and_then(Json::as_u64).is_some(),
        "serialNumber or version is missing",
    )
}

fn component_creator(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    need(has_contact(c.get("manufacturer")) || author_email(c), "no manufacturer url / contact email, no author email")
}

fn filename(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    need(property(c, "bsi:component:filename").is_some(), "no property bsi:component:filename")
}

fn dependencies(facts: &Facts, c: &Object<'_>) -> Result<(), String> {
    let Some(r) = text(c, "bom-ref") else { return Err("no bom-ref, so no dependencies entry can name it".into()) };
    if !facts.dependency_refs.contains(r) {
        return Err(format!("no dependencies entry with ref {r:?}"));
    }
    need(
        facts.stated_refs.contains(r),
        "no composition states the completeness of its dependencies (aggregate other than unknown)",
    )
}

/// A `licenses[]` entry's acknowledgement (on the entry or its `license`).
fn acknowledgement<'j>(l: &'j Object<'_>) -> Option<&'j str> {
    let inner = l.get("license").and_then(Json::as_object);
    text(l, "acknowledgement").or_else(|| inner.and_then(|i| text(i, "acknowledgement")))
}

/// Whether a `licenses[]` entry is an SPDX expression or licence id.
fn spdx_licence(l: &Object<'_>) -> bool {
    text(l, "expression").is_some() || l.get("license").and_then(Json::as_object).and_then(|i| text(i, "id")).is_some()
}

fn distribution_licence(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    let concluded = array(c, "licenses").any(|l| spdx_licence(l) && acknowledgement(l) == Some("concluded"));
    need(concluded, "no licence (SPDX id or expression) with acknowledgement \"concluded\"")
}

fn deployable_hash(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    let ok = array(c, "externalReferences")
        .filter(|r| text(r, "type") == Some("distribution"))
        .any(|r| array(r, "hashes").any(|h| text(h, "alg") == Some("SHA-512") && text(h, "content").is_some()));
    need(ok, "no distribution external reference with a SHA-512 hash")
}

fn one_of(c: &Object<'_>, name: &str, values: [&str; 2]) -> Result<(), String> {
    match property(c, name) {
        Some(v) if values.contains(&v) => Ok(()),
        Some(v) => Err(format!("property {name} is {v:?}, not {:?} or {:?}", values[0], values[1])),
        None => Err(format!("no property {name}")),
    }
}

fn executable(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    one_of(c, "bsi:component:executable", ["executable", "non-executable"])
}

fn archive(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    one_of(c, "bsi:component:archive", ["archive", "no archive"])
}

fn structured(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    one_of(c, "bsi:component:structured", ["structured", "unstructured"])
}

/// Whether the external references of the given types carry a URL: `None`
/// when there is no such reference.
fn reference_url(c: &Object<'_>, types: &[&str], what: &str) -> Option<Result<(), String>> {
    let mut refs =
        array(c, "externalReferences").filter(|r| text(r, "type").is_some_and(|t| types.contains(&t))).peekable();
    refs.peek()?;
    Some(need(refs.all(|r| text(r, "url").is_some()), &format!("a {what} external reference has no url")))
}

fn source_code_uri(c: &Object<'_>) -> Option<Result<(), String>> {
    reference_url(c, &["source-distribution", "vcs"], "source-distribution or vcs")
}

fn deployable_uri(c: &Object<'_>) -> Option<Result<(), String>> {
    reference_url(c, &["distribution", "distribution-intake"], "distribution")
}

/// A purl must parse as one; a cpe or swid tag id need only be given.
fn unique_identifier(c: &Object<'_>) -> Option<Result<(), String>> {
    let purl = text(c, "purl");
    let other =
        text(c, "cpe").is_some() || c.get("swid").and_then(Json::as_object).and_then(|s| text(s, "tagId")).is_some();
    match purl {
        Some(p) => Some(need(crate::purl::Purl::parse(p).is_ok(), &format!("purl {p:?} is not a valid package URL"))),
        None if other => Some(Ok(())),
        None => None,
    }
}

/// The licences marked `declared` (the component's authors' own): each an
/// SPDX id or expression.
fn original_licence(c: &Object<'_>) -> Option<Result<(), String>> {
    let mut declared = array(c, "licenses").filter(|l| acknowledgement(l) == Some("declared")).peekable();
    declared.peek()?;
    Some(need(declared.all(|l| spdx_licence(l)), "a declared licence is not an SPDX id or expression"))
}
