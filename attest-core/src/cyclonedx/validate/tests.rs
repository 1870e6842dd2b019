//! The validator against hand-made BOMs of each version.

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
