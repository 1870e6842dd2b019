//! Unit tests of the policy format and of every rule [`apply`] judges.

use super::*;
use crate::provenance::{self, ComponentDecision, ComponentStatus, Counts, ProductDecision, ProductRefusal};
use crate::report::Outcome;
use crate::timestamp::Timestamp;
use serde_json::{Value, json};

/// Evaluates against the tree of a `json!` SBOM.
fn evaluate(
    policy: &Policy,
    sbom: &Value,
    provenance: &provenance::Decisions,
    supplier_signatures: usize,
    time: Timestamp,
) -> Vec<RuleResult> {
    super::apply(policy, &crate::jsontree::tests::tree(sbom), provenance, supplier_signatures, time)
}

const KZ: &[u8] = include_bytes!("../../../testdata/policy/kz-import-2026.json");
const T30: &[u8] = include_bytes!("../../../testdata/policy/t30-misspelt-require-purls.json");
const SCHEMA: &str = include_str!("../../../schemas/policy.schema.json");

fn now() -> Timestamp {
    Timestamp::parse_strict("2026-06-01T00:00:00Z").unwrap()
}

fn policy(v: Value) -> Result<Policy> {
    Policy::from_json(&serde_json::to_vec(&v).unwrap(), "p.json")
}

fn decision(name: &str, status: ComponentStatus) -> ComponentDecision {
    ComponentDecision {
        bom_ref: None,
        name: name.into(),
        version: None,
        purl: Some(format!("pkg:npm/{name}@1.0.0")),
        status,
        reason: format!("because {name}"),
        by: None,
        excluded: false,
    }
}

fn outcome(statuses: &[ComponentStatus], product_ok: bool) -> provenance::Decisions {
    let components: Vec<ComponentDecision> =
        statuses.iter().enumerate().map(|(i, s)| decision(&format!("c{i}"), *s)).collect();
    provenance::Decisions {
        product: if product_ok {
            ProductDecision::Approved { supplier: "l/s".into(), reason: "product reason".into() }
        } else {
            ProductDecision::Refused(ProductRefusal::NoPurl { product: "p".into() })
        },
        counts: Counts::of(&components),
        components,
    }
}

fn sbom() -> Value {
    json!({"bomFormat": "CycloneDX", "specVersion": "1.5",
           "metadata": {"timestamp": "2026-05-01T03:00:00+03:00",
                        "component": {"type": "application", "name": "gw", "licenses": [{"license": {"id": "MIT"}}]}},
           "components": [
             {"type": "library", "name": "a", "version": "1", "purl": "pkg:npm/a@1",
              "hashes": [{"alg": "SHA-256", "content": "00"}],
              "licenses": [{"expression": "(MIT OR agpl-3.0-only)"}],
              "components": [{"type": "library", "name": "nested", "licenses": [{"license": {"name": "AGPL-3.0-only"}}]}]},
             {"type": "file", "name": "bin/gw", "hashes": [{"alg": "SHA-256", "content": "00"}]}]})
}

fn by_rule<'a>(results: &'a [RuleResult], rule: &str) -> &'a RuleResult {
    results.iter().find(|r| r.rule == rule).unwrap()
}

#[test]
fn the_formats_example_parses() {
    let p = Policy::from_json(KZ, "kz").unwrap();
    assert_eq!(p.id, "kz-import-2026");
    let s = p.sbom.as_ref().unwrap();
    assert_eq!(s.require_purl, Some(true));
    assert_eq!(p.components.as_ref().unwrap().unknown, Some(UnknownAction::Deny));
    assert_eq!(p.certificate.as_ref().unwrap().validity_days, Some(365));
}

#[test]
fn profiles_fail_naming_each_unmet_requirement() {
    let p = policy(json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["cra", "tr-03183-2"]}})).unwrap();
    let ok = outcome(&[ComponentStatus::Listed], true);
    let r = by_rule(&evaluate(&p, &sbom(), &ok, 1, now()), "sbom.profiles").clone();
    assert_eq!(r.outcome, Outcome::Fail);
    // The product has no bom-ref (CRA), the BOM is 1.5 (TR), and so on:
    // each requirement named once, with where it fails.
    assert!(r.detail.contains("cra.top-level-dependencies (CRA Annex I Part II (1)) unmet at /"), "{}", r.detail);
    assert!(r.detail.contains("tr-03183-2.format (TR-03183-2 v2.1 §4) unmet at /"), "{}", r.detail);
    assert!(r.detail.contains("tr-03183-2.filename (TR-03183-2 v2.1 §5.2.2) unmet at /components/0, "), "{}", r.detail);
    assert_eq!(r.detail.matches("tr-03183-2.filename").count(), 1, "{}", r.detail);
    let mut met = sbom();
    met["metadata"]["component"]["bom-ref"] = json!("p");
    met["metadata"]["component"]["version"] = json!("1");
    met["dependencies"] = json!([{"ref": "p"}]);
    met["components"][0]["components"][0]["version"] = json!("2");
    met["components"][1]["version"] = json!("3");
    let cra = policy(json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["cra"]}})).unwrap();
    let r = by_rule(&evaluate(&cra, &met, &ok, 1, now()), "sbom.profiles").clone();
    assert_eq!((r.outcome, r.detail.as_str()), (Outcome::Pass, "the SBOM meets cra"));
}

#[test]
fn t30_misspelt_field_is_malformed() {
    let err = Policy::from_json(T30, "t30.json").unwrap_err();
    assert!(err.to_string().starts_with("t30.json: malformed"), "{err}");
    assert!(err.to_string().contains("requirePurls"), "{err}");
    for bad in [
        json!({"id": "x", "jurisdiction": "KZ", "sbom": {"maxAgeDays": 0}}),
        json!({"id": "x", "jurisdiction": "KZ", "sbom": {"requireHashes": ["SHA256"]}}),
        json!({"id": "x", "jurisdiction": "KZ", "sbom": {"specVersions": []}}),
        json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": []}}),
        json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["bsi"]}}),
        json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["ntia", "ntia"]}}),
        json!({"id": "x", "jurisdiction": "KZ", "sbom": {"requirePurl": null}}),
        json!({"id": "x", "jurisdiction": "KZ", "components": {"unknown": "ignore"}}),
        json!({"id": "x", "jurisdiction": "KZ", "certificate": {"validityDays": 0}}),
        json!({"id": "x", "jurisdiction": "KZ", "extra": 1}),
        json!({"id": "", "jurisdiction": "KZ"}),
        json!({"id": "x", "jurisdiction": ""}),
        json!({"jurisdiction": "KZ"}),
    ] {
        assert!(policy(bad.clone()).is_err(), "{bad}");
    }
    assert!(Policy::from_json(br#"{"id":"x","id":"y","jurisdiction":"KZ"}"#, "d").is_err());
}

#[test]
fn components_without_licence_data_are_never_passed_silently() {
    let bare = json!({"bomFormat": "CycloneDX", "specVersion": "1.5",
                      "metadata": {"component": {"type": "application", "name": "gw"}},
                      "components": [{"type": "library", "name": "a", "version": "1"},
                                     {"type": "library", "name": "b", "licenses": [{"license": {"id": "MIT"}}]}]});
    let o = outcome(&[ComponentStatus::Listed, ComponentStatus::Listed], true);
    let denied =
        policy(json!({"id": "x", "jurisdiction": "KZ", "components": {"deniedLicenses": ["GPL-3.0-only"]}})).unwrap();
    let r = evaluate(&denied, &bare, &o, 1, now());
    let lic = by_rule(&r, "components.deniedLicenses");
    assert_eq!(lic.outcome, Outcome::Warn, "{lic:?}");
    assert!(lic.detail.contains("1 of 2 component(s) and the product have no licence data"), "{lic:?}");
    assert!(lic.detail.contains("a@1 (/components/0)") && lic.detail.contains("gw"), "{lic:?}");
    assert_eq!(by_rule(&r, "components.requireLicense").outcome, Outcome::Skip);

    let required = policy(json!({"id": "x", "jurisdiction": "KZ", "components": {"requireLicense": true}})).unwrap();
    let r = evaluate(&required, &bare, &o, 1, now());
    let req = by_rule(&r, "components.requireLicense");
    assert_eq!(req.outcome, Outcome::Fail, "{req:?}");
    assert!(req.detail.starts_with("1 of 2 component(s) and the product have no licence data: gw"), "{req:?}");
    // All licensed: both rules pass, counting the components (not the
    // product) as every other rule's line does.
    let licensed = json!({"bomFormat": "CycloneDX", "specVersion": "1.5",
                      "metadata": {"component": {"type": "application", "name": "gw",
                                                 "licenses": [{"expression": "MIT OR Apache-2.0"}]}},
                      "components": [{"type": "library", "name": "a", "licenses": [{"license": {"name": "MIT"}}]},
                                     {"type": "library", "name": "b", "licenses": [{"license": {"id": "MIT"}}]}]});
    let both = policy(json!({"id": "x", "jurisdiction": "KZ", "sbom": {"requireHashes": ["SHA-256"]},
                             "components": {"requireLicense": true, "deniedLicenses": ["GPL-3.0-only"]}}))
    .unwrap();
    let r = evaluate(&both, &licensed, &o, 1, now());
    assert_eq!(
        by_rule(&r, "components.deniedLicenses").detail,
        "none of 2 component(s) nor the product carries a denied licence"
    );
    assert_eq!(by_rule(&r, "components.requireLicense").detail, "all 2 component(s) and the product state a licence");
    assert!(by_rule(&r, "sbom.requireHashes").detail.starts_with("2 component(s)"), "{r:?}");
}

#[test]
fn every_rule_appears_and_an_empty_policy_only_denies_unknown() {
    let p = policy(json!({"id": "x", "jurisdiction": "KZ"})).unwrap();
    let r = evaluate(&p, &sbom(), &outcome(&[ComponentStatus::Listed], true), 1, now());
    let names: Vec<&str> = r.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(
        names,
        [
            "product",
            "sbom.specVersions",
            "sbom.requireHashes",
            "sbom.requirePurl",
            "sbom.maxAgeDays",
            "sbom.profiles",
            "signatures.minSupplierSignatures",
            "components.blocked",
            "components.unknown",
            "components.maxUnknown",
            "components.deniedLicenses",
            "components.requireLicense",
            "certificate"
        ]
    );
    let not_skipped: Vec<&str> = r.iter().filter(|r| r.outcome != Outcome::Skip).map(|r| r.rule.as_str()).collect();
    assert_eq!(not_skipped, ["product", "components.blocked", "components.unknown"]);
    let r = evaluate(&p, &sbom(), &outcome(&[ComponentStatus::Unknown], true), 1, now());
    assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Fail);
}

#[test]
fn the_example_policy_judges_each_rule() {
    let p = Policy::from_json(KZ, "kz").unwrap();
    let r = evaluate(&p, &sbom(), &outcome(&[ComponentStatus::Listed], true), 1, now());
    let outcome_of = |rule| by_rule(&r, rule).outcome;
    assert_eq!(outcome_of("product"), Outcome::Pass);
    assert_eq!(outcome_of("sbom.specVersions"), Outcome::Pass);
    let hashes = by_rule(&r, "sbom.requireHashes");
    assert_eq!(hashes.outcome, Outcome::Fail);
    assert!(hashes.detail.contains("nested (/components/0/components/0) lacks SHA-256"), "{}", hashes.detail);
    let purl = by_rule(&r, "sbom.requirePurl");
    assert_eq!(purl.outcome, Outcome::Fail);
    assert!(purl.detail.starts_with("1 component(s)") && purl.detail.contains("nested"), "{}", purl.detail);
    assert_eq!(outcome_of("sbom.maxAgeDays"), Outcome::Pass);
    assert_eq!(outcome_of("signatures.minSupplierSignatures"), Outcome::Pass);
    let lic = by_rule(&r, "components.deniedLicenses");
    assert_eq!(lic.outcome, Outcome::Fail);
    assert!(lic.detail.starts_with("2 component(s)"), "{}", lic.detail);
    assert!(lic.detail.contains("a@1 (/components/0) carries agpl-3.0-only"), "{}", lic.detail);
    assert_eq!(outcome_of("certificate"), Outcome::Skip);
}

#[test]
fn age_signatures_spec_version_and_product() {
    let p = Policy::from_json(KZ, "kz").unwrap();
    let late = Timestamp::parse_strict("2027-01-01T00:00:00Z").unwrap();
    let early = Timestamp::parse_strict("2026-04-01T00:00:00Z").unwrap();
    let ok = outcome(&[], true);
    assert_eq!(by_rule(&evaluate(&p, &sbom(), &ok, 1, late), "sbom.maxAgeDays").outcome, Outcome::Fail);
    let future = evaluate(&p, &sbom(), &ok, 1, early);
    assert!(by_rule(&future, "sbom.maxAgeDays").detail.contains("later than"));
    let mut undated = sbom();
    undated["metadata"] = json!({});
    assert_eq!(by_rule(&evaluate(&p, &undated, &ok, 1, now()), "sbom.maxAgeDays").outcome, Outcome::Fail);
    assert_eq!(
        by_rule(&evaluate(&p, &sbom(), &ok, 0, now()), "signatures.minSupplierSignatures").outcome,
        Outcome::Fail
    );
    let mut v14 = sbom();
    v14["specVersion"] = json!("1.4");
    assert_eq!(by_rule(&evaluate(&p, &v14, &ok, 1, now()), "sbom.specVersions").outcome, Outcome::Fail);
    let bad_product = evaluate(&p, &sbom(), &outcome(&[], false), 1, now());
    assert_eq!(by_rule(&bad_product, "product").outcome, Outcome::Fail);
    assert_eq!(by_rule(&bad_product, "product").detail, "the product p has no purl, so no supplier scope can cover it");
}

#[test]
fn blocked_always_fails_and_unknown_follows_the_action() {
    let base = |components: Value| policy(json!({"id": "x", "jurisdiction": "KZ", "components": components})).unwrap();
    let two_unknown = outcome(&[ComponentStatus::Unknown, ComponentStatus::Unknown, ComponentStatus::Verified], true);
    let run = |p: &Policy, o: &provenance::Decisions| evaluate(p, &sbom(), o, 1, now());
    let allow = base(json!({"unknown": "allow"}));
    let blocked = run(&allow, &outcome(&[ComponentStatus::Blocked], true));
    let rule = by_rule(&blocked, "components.blocked");
    assert_eq!(rule.outcome, Outcome::Fail);
    assert!(rule.detail.contains("pkg:npm/c0@1.0.0: because c0"), "{}", rule.detail);
    assert_eq!(by_rule(&run(&allow, &two_unknown), "components.unknown").outcome, Outcome::Pass);
    let warn = base(json!({"unknown": "warn"}));
    assert_eq!(by_rule(&run(&warn, &two_unknown), "components.unknown").outcome, Outcome::Warn);
    let deny_two = base(json!({"unknown": "deny", "maxUnknown": 2}));
    let r = run(&deny_two, &two_unknown);
    assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Pass);
    assert_eq!(by_rule(&r, "components.maxUnknown").outcome, Outcome::Pass);
    let capped = base(json!({"unknown": "allow", "maxUnknown": 1}));
    let r = run(&capped, &two_unknown);
    assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Pass);
    assert_eq!(by_rule(&r, "components.maxUnknown").outcome, Outcome::Fail);
    let deny = base(json!({}));
    let r = run(&deny, &two_unknown);
    assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Fail);
    assert!(by_rule(&r, "components.unknown").detail.contains("c0"), "{:?}", r);
}

#[test]
fn excluded_components_are_judged_unless_the_policy_ignores_them() {
    let base = |components: Value| policy(json!({"id": "x", "jurisdiction": "KZ", "components": components})).unwrap();
    let mut o = outcome(&[ComponentStatus::Unknown, ComponentStatus::Unknown, ComponentStatus::Blocked], true);
    for d in &mut o.components {
        d.excluded = d.name != "c0";
    }
    let run = |p: &Policy| evaluate(p, &sbom(), &o, 1, now());
    // Judged (the default): both unknown components count.
    let r = run(&base(json!({"maxUnknown": 1})));
    assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Fail);
    assert_eq!(by_rule(&r, "components.maxUnknown").detail, "2 component(s) of unknown provenance; at most 1 allowed");
    // Ignored: only c0 (runtime) counts; the excluded blocked one still fails.
    let r = run(&base(json!({"maxUnknown": 1, "excluded": "ignore"})));
    assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Pass);
    assert_eq!(by_rule(&r, "components.maxUnknown").outcome, Outcome::Pass);
    assert_eq!(by_rule(&r, "components.blocked").outcome, Outcome::Fail);
    let r = run(&base(json!({"excluded": "ignore"})));
    assert!(
        by_rule(&r, "components.unknown").detail.contains("c0")
            && !by_rule(&r, "components.unknown").detail.contains("c1")
    );
    assert!(policy(json!({"id": "x", "jurisdiction": "KZ", "components": {"excluded": "skip"}})).is_err());
}

/// Every object of the schema is closed, and its properties are exactly
/// the model's fields: a field added to one and not the other fails here.
#[test]
fn schema_matches_the_model() {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let full = policy(json!({
        "id": "x", "jurisdiction": "KZ",
        "sbom": {"specVersions": ["1.5"], "requireHashes": ["SHA-256"], "requirePurl": true, "maxAgeDays": 1,
                 "profiles": ["tr-03183-2"]},
        "signatures": {"minSupplierSignatures": 1},
        "components": {"unknown": "warn", "maxUnknown": 0, "excluded": "ignore", "deniedLicenses": ["GPL-3.0-only"],
                       "requireLicense": true},
        "certificate": {"class": "standard", "validityDays": 1},
        "recognition": {"acceptClasses": ["basic"]}}))
    .unwrap();
    let model = serde_json::to_value(&full).unwrap();
    assert_closed_and_equal(&schema, &model, "");
    let algs: Vec<&str> = schema["properties"]["sbom"]["properties"]["requireHashes"]["items"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(algs, HASH_ALGORITHMS);
    let unknown = &schema["properties"]["components"]["properties"]["unknown"]["enum"];
    assert_eq!(unknown, &json!(["deny", "warn", "allow"]));
    let profiles = &schema["properties"]["sbom"]["properties"]["profiles"]["items"]["enum"];
    assert_eq!(profiles, &json!(Profile::ALL.map(Profile::name)));
}

fn assert_closed_and_equal(schema: &Value, model: &Value, path: &str) {
    let Some(obj) = model.as_object() else { return };
    assert_eq!(schema["additionalProperties"], json!(false), "{path} is not closed");
    let props = schema["properties"].as_object().unwrap();
    let mut want: Vec<&String> = props.keys().collect();
    let mut have: Vec<&String> = obj.keys().collect();
    want.sort();
    have.sort();
    assert_eq!(want, have, "properties of {path}");
    for (k, v) in obj {
        assert_closed_and_equal(&props[k], v, &format!("{path}/{k}"));
    }
}
