//! EU Cyber Resilience Act (Regulation (EU) 2024/2847), Annex I Part II
//! point (1), in its CycloneDX reading (`docs/sbom-profiles.md`).

use super::{Facts, Level, Requirement, Rule, need, text, version};
use crate::jsontree::{Json, Object};

/// What the Regulation's text asks of the SBOM itself.
pub(crate) static REQUIREMENTS: &[Requirement] = &[
    Requirement {
        id: "cra.format",
        source: "CRA Annex I Part II (1)",
        title: "a commonly used, machine-readable format: CycloneDX JSON",
        level: Level::Document,
        rule: Rule::Required(format),
    },
    Requirement {
        id: "cra.product",
        source: "CRA Annex I Part II (1)",
        title: "the product: metadata.component with name and version",
        level: Level::Document,
        rule: Rule::Required(product),
    },
    Requirement {
        id: "cra.top-level-dependencies",
        source: "CRA Annex I Part II (1)",
        title: "at the very least the top-level dependencies: a dependencies entry for the product",
        level: Level::Document,
        rule: Rule::Required(top_level),
    },
    Requirement {
        id: "cra.component-name",
        source: "CRA Annex I Part II (1)",
        title: "components identified: name",
        level: Level::Component,
        rule: Rule::Required(super::name),
    },
    Requirement {
        id: "cra.component-version",
        source: "CRA Annex I Part II (1)",
        title: "components identified: version",
        level: Level::Component,
        rule: Rule::Required(version),
    },
];

fn format(facts: &Facts, root: &Object<'_>) -> Result<(), String> {
    need(
        text(root, "bomFormat") == Some("CycloneDX") && facts.spec.is_some_and(|v| v >= (1, 4)),
        "not a CycloneDX 1.4 or later document",
    )
}

fn primary<'j, 'a>(root: &'j Object<'a>) -> Option<&'j Object<'a>> {
    root.get("metadata").and_then(|m| m.get("component")).and_then(Json::as_object)
}

fn product(_: &Facts, root: &Object<'_>) -> Result<(), String> {
    let p = primary(root).ok_or("no metadata.component")?;
    need(text(p, "name").is_some() && text(p, "version").is_some(), "metadata.component lacks a name or version")
}

fn top_level(facts: &Facts, root: &Object<'_>) -> Result<(), String> {
    let r = primary(root).and_then(|p| text(p, "bom-ref")).ok_or("metadata.component has no bom-ref")?;
    need(facts.dependency_refs.contains(r), "no dependencies entry for the product's bom-ref")
}
