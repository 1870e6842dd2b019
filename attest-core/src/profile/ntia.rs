//! NTIA "The Minimum Elements For a Software Bill of Materials (SBOM)"
//! (July 2021), "Data Fields", in its CycloneDX reading
//! (`docs/sbom-profiles.md`).

use super::{Facts, Level, Requirement, Rule, array, has_contact, need, text, timestamp, version};
use crate::jsontree::{Json, Object};

/// The seven data fields, in the order of the report's table.
pub(crate) static REQUIREMENTS: &[Requirement] = &[
    Requirement {
        id: "ntia.author",
        source: "NTIA Minimum Elements (2021), Data Fields: Author of SBOM Data",
        title: "author of the SBOM data",
        level: Level::Document,
        rule: Rule::Required(author),
    },
    Requirement {
        id: "ntia.timestamp",
        source: "NTIA Minimum Elements (2021), Data Fields: Timestamp",
        title: "timestamp of the SBOM data's assembly",
        level: Level::Document,
        rule: Rule::Required(timestamp),
    },
    Requirement {
        id: "ntia.dependency-relationship",
        source: "NTIA Minimum Elements (2021), Data Fields: Dependency Relationship",
        title: "the primary component's dependency relationship",
        level: Level::Document,
        rule: Rule::Required(primary_dependencies),
    },
    Requirement {
        id: "ntia.supplier",
        source: "NTIA Minimum Elements (2021), Data Fields: Supplier Name",
        title: "supplier name",
        level: Level::Component,
        rule: Rule::Required(supplier),
    },
    Requirement {
        id: "ntia.component-name",
        source: "NTIA Minimum Elements (2021), Data Fields: Component Name",
        title: "component name",
        level: Level::Component,
        rule: Rule::Required(super::name),
    },
    Requirement {
        id: "ntia.version",
        source: "NTIA Minimum Elements (2021), Data Fields: Version of the Component",
        title: "component version",
        level: Level::Component,
        rule: Rule::Required(version),
    },
    Requirement {
        id: "ntia.unique-identifier",
        source: "NTIA Minimum Elements (2021), Data Fields: Other Unique Identifiers",
        title: "a unique identifier: purl, CPE, SWID tag id (or, for a file, its hash)",
        level: Level::Component,
        rule: Rule::Required(identifier),
    },
];

fn author(_: &Facts, root: &Object<'_>) -> Result<(), String> {
    let ok = root.get("metadata").and_then(Json::as_object).is_some_and(|m| {
        let named = |key: &str| m.get(key).and_then(Json::as_object).is_some_and(|e| text(e, "name").is_some());
        array(m, "authors").any(|a| text(a, "name").is_some() || text(a, "email").is_some())
            || named("manufacturer")
            || named("supplier")
            || has_contact(m.get("manufacturer"))
    });
    need(ok, "metadata names no author, manufacturer or supplier")
}

fn primary_dependencies(facts: &Facts, root: &Object<'_>) -> Result<(), String> {
    let primary = root.get("metadata").and_then(|m| m.get("component")).and_then(Json::as_object);
    let Some(p) = primary else { return Err("no metadata.component (the primary component)".into()) };
    let Some(r) = text(p, "bom-ref") else { return Err("metadata.component has no bom-ref".into()) };
    need(facts.dependency_refs.contains(r), "no dependencies entry for the primary component")
}

fn supplier(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    let named = |key: &str| c.get(key).and_then(Json::as_object).is_some_and(|e| text(e, "name").is_some());
    need(named("supplier") || named("manufacturer"), "no supplier (or manufacturer) name")
}

fn identifier(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    let swid = c.get("swid").and_then(Json::as_object).is_some_and(|s| text(s, "tagId").is_some());
    let file_hash = text(c, "type") == Some("file") && array(c, "hashes").any(|h| text(h, "content").is_some());
    need(text(c, "purl").is_some() || text(c, "cpe").is_some() || swid || file_hash, "no purl, cpe or swid.tagId")
}
