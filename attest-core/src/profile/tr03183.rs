//! BSI TR-03183-2 v2.1.0 (2025-08-20), in its CycloneDX reading
//! (`docs/sbom-profiles.md`).

use super::{Facts, Level, Requirement, array, author_email, has_contact, need, property, text, timestamp, version};
use crate::jsontree::{Json, Object};

/// The requirements, in the order of §4 and §5.2.
pub(crate) static REQUIREMENTS: &[Requirement] = &[
    Requirement {
        id: "tr-03183-2.format",
        source: "TR-03183-2 v2.1 §4",
        title: "CycloneDX 1.6 or later",
        level: Level::Document,
        check: format,
    },
    Requirement {
        id: "tr-03183-2.creator",
        source: "TR-03183-2 v2.1 §5.2.1",
        title: "creator of the SBOM: e-mail address or URL",
        level: Level::Document,
        check: creator,
    },
    Requirement {
        id: "tr-03183-2.timestamp",
        source: "TR-03183-2 v2.1 §5.2.1",
        title: "timestamp of the SBOM's compilation",
        level: Level::Document,
        check: timestamp,
    },
    Requirement {
        id: "tr-03183-2.sbom-uri",
        source: "TR-03183-2 v2.1 §5.2.1",
        title: "SBOM-URI: serialNumber and version",
        level: Level::Document,
        check: sbom_uri,
    },
    Requirement {
        id: "tr-03183-2.component-creator",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "component creator: e-mail address or URL",
        level: Level::Component,
        check: component_creator,
    },
    Requirement {
        id: "tr-03183-2.component-name",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "component name",
        level: Level::Component,
        check: super::name,
    },
    Requirement {
        id: "tr-03183-2.component-version",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "component version",
        level: Level::Component,
        check: version,
    },
    Requirement {
        id: "tr-03183-2.filename",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "filename of the component (property bsi:component:filename)",
        level: Level::Component,
        check: filename,
    },
    Requirement {
        id: "tr-03183-2.dependencies",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "dependencies enumerated, their completeness stated (dependencies + compositions)",
        level: Level::Component,
        check: dependencies,
    },
    Requirement {
        id: "tr-03183-2.distribution-licence",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "distribution licence: SPDX id or expression, acknowledgement concluded",
        level: Level::Component,
        check: distribution_licence,
    },
    Requirement {
        id: "tr-03183-2.hash",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "SHA-512 of the deployable component (distribution external reference)",
        level: Level::Component,
        check: deployable_hash,
    },
    Requirement {
        id: "tr-03183-2.executable",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "executable property (bsi:component:executable)",
        level: Level::Component,
        check: executable,
    },
    Requirement {
        id: "tr-03183-2.archive",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "archive property (bsi:component:archive)",
        level: Level::Component,
        check: archive,
    },
    Requirement {
        id: "tr-03183-2.structured",
        source: "TR-03183-2 v2.1 §5.2.2",
        title: "structured property (bsi:component:structured)",
        level: Level::Component,
        check: structured,
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

fn distribution_licence(_: &Facts, c: &Object<'_>) -> Result<(), String> {
    let concluded = array(c, "licenses").any(|l| {
        let inner = l.get("license").and_then(Json::as_object);
        let ack = text(l, "acknowledgement").or_else(|| inner.and_then(|i| text(i, "acknowledgement")));
        let spdx = text(l, "expression").is_some() || inner.and_then(|i| text(i, "id")).is_some();
        spdx && ack == Some("concluded")
    });
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
