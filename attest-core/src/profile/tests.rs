use serde_json::{Value, json};

use super::*;
use crate::jsontree;

fn run(v: &Value, p: Profile) -> Report {
    let bytes = serde_json::to_vec(v).unwrap();
    check(&jsontree::parse(&bytes, "t").unwrap(), p)
}

#[test]
fn classification_reads_magic_bytes_and_mode() {
    assert_eq!(classify(b"\x7fELF\x02", false), Classification { executable: true, ..Default::default() });
    assert!(classify(b"hello", true).executable);
    assert_eq!(classify(b"hello", false), Classification::default());
    assert_eq!(
        classify(b"PK\x03\x04rest", false),
        Classification { executable: false, archive: true, structured: true }
    );
    assert_eq!(
        classify(b"\x1f\x8b\x08", false),
        Classification { executable: false, archive: true, structured: false }
    );
    let mut tar = vec![0u8; 300];
    tar[257..262].copy_from_slice(b"ustar");
    assert!(classify(&tar, false).structured);
}

#[test]
fn profile_names_round_trip() {
    for p in Profile::ALL {
        assert_eq!(Profile::parse(p.name()), Some(p));
        assert!(!p.requirements().is_empty());
    }
    assert_eq!(Profile::parse("bsi"), None);
}

#[test]
fn not_an_object_fails_every_requirement() {
    let r = run(&json!([]), Profile::Ntia);
    assert_eq!(r.findings.len(), Profile::Ntia.requirements().len());
    assert!(r.findings.iter().all(|f| !f.met));
}

/// A document meeting every requirement of every profile.
fn conforming() -> Value {
    let props = [
        ("bsi:component:filename", "gw"),
        ("bsi:component:executable", "executable"),
        ("bsi:component:archive", "no archive"),
        ("bsi:component:structured", "unstructured"),
    ];
    json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "metadata": {
            "timestamp": "2026-01-01T00:00:00Z",
            "manufacturer": {"name": "Acme", "contact": [{"email": "sbom@acme.example"}]},
            "component": {"type": "application", "bom-ref": "product", "name": "gw", "version": "1.0"}
        },
        "components": [{
            "type": "file", "bom-ref": "file:bin/gw", "name": "bin/gw", "version": "1.0",
            "supplier": {"name": "Acme"},
            "manufacturer": {"name": "Acme", "url": ["https://acme.example"]},
            "hashes": [{"alg": "SHA-256", "content": "ab".repeat(32)}],
            "purl": "pkg:generic/gw@1.0",
            "licenses": [
                {"license": {"id": "Apache-2.0", "acknowledgement": "concluded"}},
                {"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}
            ],
            "externalReferences": [
                {"type": "distribution", "url": "bin/gw", "hashes": [{"alg": "SHA-512", "content": "cd".repeat(64)}]},
                {"type": "vcs", "url": "https://git.acme.example/gw"}
            ],
            "properties": props.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>()
        }],
        "dependencies": [{"ref": "product", "dependsOn": []}, {"ref": "file:bin/gw", "dependsOn": []}],
        "compositions": [{"aggregate": "incomplete_first_party_only", "dependencies": ["file:bin/gw"]}]
    })
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = new;
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key).unwrap_or_else(|| panic!("no {pointer}"));
}

fn without_property(v: &mut Value, name: &str) {
    let props = v.pointer_mut("/components/0/properties").unwrap().as_array_mut().unwrap();
    props.retain(|p| p["name"] != name);
}

/// One fixture per requirement: the conforming document changed so that
/// exactly that requirement fails.
/// A requirement id and the change that fails it.
type Fixture = (&'static str, fn(&mut Value));

fn fixtures() -> Vec<Fixture> {
    vec![
        ("tr-03183-2.format", |v| set(v, "/specVersion", json!("1.5"))),
        ("tr-03183-2.creator", |v| set(v, "/metadata/manufacturer", json!({"name": "Acme"}))),
        ("tr-03183-2.timestamp", |v| set(v, "/metadata/timestamp", json!("yesterday"))),
        ("tr-03183-2.sbom-uri", |v| remove(v, "/serialNumber")),
        ("tr-03183-2.component-creator", |v| set(v, "/components/0/manufacturer/url", json!([]))),
        ("tr-03183-2.component-name", |v| set(v, "/components/0/name", json!(" "))),
        ("tr-03183-2.component-version", |v| remove(v, "/components/0/version")),
        ("tr-03183-2.filename", |v| without_property(v, "bsi:component:filename")),
        ("tr-03183-2.dependencies", |v| set(v, "/compositions/0/aggregate", json!("unknown"))),
        ("tr-03183-2.distribution-licence", |v| {
            set(v, "/components/0/licenses/0/license/acknowledgement", json!("declared"))
        }),
        ("tr-03183-2.hash", |v| set(v, "/components/0/externalReferences/0/hashes/0/alg", json!("SHA-384"))),
        ("tr-03183-2.executable", |v| set(v, "/components/0/properties/1/value", json!("yes"))),
        ("tr-03183-2.archive", |v| without_property(v, "bsi:component:archive")),
        ("tr-03183-2.structured", |v| set(v, "/components/0/properties/3/value", json!("archive"))),
        ("tr-03183-2.source-code-uri", |v| set(v, "/components/0/externalReferences/1/url", json!(""))),
        ("tr-03183-2.deployable-uri", |v| set(v, "/components/0/externalReferences/0/url", json!(" "))),
        ("tr-03183-2.unique-identifier", |v| set(v, "/components/0/purl", json!("gw 1.0"))),
        ("tr-03183-2.original-licence", |v| {
            set(v, "/components/0/licenses/1/license", json!({"name": "Acme", "acknowledgement": "declared"}))
        }),
        ("ntia.author", |v| remove(v, "/metadata/manufacturer")),
        ("ntia.timestamp", |v| remove(v, "/metadata/timestamp")),
        ("ntia.dependency-relationship", |v| set(v, "/dependencies/0/ref", json!("file:bin/gw"))),
        ("ntia.supplier", |v| {
            remove(v, "/components/0/supplier");
            remove(v, "/components/0/manufacturer/name");
        }),
        ("ntia.component-name", |v| remove(v, "/components/0/name")),
        ("ntia.version", |v| set(v, "/components/0/version", json!(""))),
        ("ntia.unique-identifier", |v| {
            set(v, "/components/0/type", json!("library"));
            remove(v, "/components/0/purl");
        }),
        ("cra.format", |v| set(v, "/specVersion", json!("1.3"))),
        ("cra.product", |v| remove(v, "/metadata/component/version")),
        ("cra.top-level-dependencies", |v| remove(v, "/metadata/component/bom-ref")),
        ("cra.component-name", |v| set(v, "/components/0/name", json!(7))),
        ("cra.component-version", |v| remove(v, "/components/0/version")),
    ]
}

#[test]
fn the_conforming_document_meets_every_profile() {
    for p in Profile::ALL {
        let r = run(&conforming(), p);
        assert!(r.passed(), "{p}: {:?}", r.unmet().collect::<Vec<_>>());
    }
    let bytes = serde_json::to_vec(&conforming()).unwrap();
    assert_eq!(met(&jsontree::parse(&bytes, "t").unwrap(), &Profile::ALL), Profile::ALL);
}

#[test]
fn each_fixture_fails_only_its_requirement() {
    for (id, change) in fixtures() {
        let profile = Profile::parse(id.split('.').next().unwrap()).unwrap();
        let mut doc = conforming();
        change(&mut doc);
        let report = run(&doc, profile);
        let unmet: Vec<&str> = report.unmet().map(|f| f.requirement).collect();
        assert_eq!(unmet, [id], "fixture for {id}");
        let f = report.unmet().next().unwrap();
        assert!(f.missing.as_deref().is_some_and(|m| !m.is_empty()), "{id}: no missing text");
        let level = profile.requirements().iter().find(|r| r.id == id).unwrap().level;
        let want = if level == Level::Document { "" } else { "/components/0" };
        assert_eq!(f.pointer, want, "{id}");
    }
}

#[test]
fn every_requirement_has_a_fixture_and_a_source() {
    let covered: Vec<&str> = fixtures().iter().map(|(id, _)| *id).collect();
    for p in Profile::ALL {
        for r in p.requirements() {
            assert!(covered.contains(&r.id), "no fixture fails {}", r.id);
            assert!(r.id.starts_with(&format!("{}.", p.name())), "{}", r.id);
            assert!(!r.source.is_empty() && !r.title.is_empty(), "{}", r.id);
        }
    }
}

#[test]
fn nested_components_are_judged_at_their_pointer() {
    let mut doc = conforming();
    let mut inner = doc["components"][0].clone();
    inner["bom-ref"] = json!("file:inner");
    inner.as_object_mut().unwrap().remove("version");
    doc["components"][0]["components"] = json!([inner]);
    let report = run(&doc, Profile::Cra);
    let unmet: Vec<(&str, &str)> = report.unmet().map(|f| (f.requirement, f.pointer.as_str())).collect();
    assert_eq!(unmet, [("cra.component-version", "/components/0/components/0")]);
}

/// A field to give when known that is left out is reported, not failed;
/// the same field given wrong fails (the fixtures above).
#[test]
fn if_known_fields_left_out_are_reported_not_failed() {
    let mut doc = conforming();
    remove(&mut doc, "/components/0/purl");
    set(&mut doc, "/components/0/licenses", json!([{"expression": "Apache-2.0", "acknowledgement": "concluded"}]));
    doc["components"][0]["externalReferences"].as_array_mut().unwrap().pop();
    let report = run(&doc, Profile::Tr03183_2);
    assert!(report.passed(), "{:?}", report.unmet().collect::<Vec<_>>());
    let not_stated: Vec<&str> = report.not_stated().map(|f| f.requirement).collect();
    assert_eq!(
        not_stated,
        ["tr-03183-2.source-code-uri", "tr-03183-2.unique-identifier", "tr-03183-2.original-licence"]
    );
    assert!(report.not_stated().all(|f| f.obligation == Obligation::IfKnown && !f.met));
    let required = Profile::Tr03183_2.requirements().iter().filter(|r| r.obligation() == Obligation::Required);
    assert_eq!(required.count(), 14, "the required fields of §4, §5.2.1 and §5.2.2");
}
