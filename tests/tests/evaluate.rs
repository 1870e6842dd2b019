//! `attest verify ENVELOPE --anchor LIST --policy POLICY`: the regulator's
//! full evaluation, with the attacks on provenance of docs/threat-model.md (T10, T11,
//! T25, T30) and the product-scope rule.

use attest_e2e::{Scratch, T0, workspace};
use serde_json::{Value, json};

const NOW: &str = "2026-01-20T00:00:00Z";

/// The national list, a policy, and a signed release of acme-gateway `version`.
fn setup(s: &Scratch, version: &str) {
    s.national_list();
    s.policy();
    s.write("rel/dist/acme-gateway.tar.gz", format!("acme-gateway {version}"));
    s.write(
        "rel/Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.210\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"c8e3592472072e6e22e0a54d5904d9febf8508f65fb8552499a1abc7d1078c3a\"\n",
    );
    s.sign_release("acme-gateway", version, Some("Acme LLP"));
}

fn evaluate(s: &Scratch, extra: &[&str]) -> attest_e2e::Outcome {
    s.evaluate(NOW, extra)
}

/// kz2.json: the next version with `edit` applied, signed by g1 and g2.
fn next_version(s: &Scratch, edit: &[&str]) {
    s.next_list("2026-01-10T00:00:00Z", "kz.json", "kz2.json", &["g1", "g2"], edit);
}

/// An SBOM written by hand of acme-gateway 2.4.1 with the one `component`.
fn sbom_of_2_4_1(component: Value) -> Value {
    json!({
        "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"timestamp": NOW, "component": {"type": "application", "name": "acme-gateway", "version": "2.4.1",
            "bom-ref": "product", "purl": "pkg:generic/acme/acme-gateway@2.4.1"}},
        "components": [component]
    })
}

/// kz2.json: the next version, revoking serde 1.0.210 for CVE-2099-0001.
fn revoke_serde(s: &Scratch) {
    next_version(
        s,
        &["revoke", "kz2.draft.json", "--component", "pkg:cargo/serde@1.0.210", "--reason", "CVE-2099-0001"],
    );
}

#[test]
fn a_release_within_scope_passes_and_every_component_is_judged() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    let out = evaluate(&s, &["--subject", "rel/dist/acme-gateway.tar.gz"]);
    out.code(0).says("PASSED").says("listed").says("first-party");
    let j = evaluate(&s, &["--output", "json"]).json();
    assert_eq!(j["verified"], json!(true));
    assert_eq!(j["counts"]["listed"], json!(1));
    assert_eq!(j["counts"]["blocked"], json!(0));
    assert_eq!(j["product"]["ok"], json!(true));
    let serde = j["components"].as_array().unwrap().iter().find(|c| c["name"] == json!("serde")).unwrap().clone();
    assert_eq!(serde["status"], json!("listed"));
    assert!(j["policy"].as_array().unwrap().len() >= 5, "every rule is reported: {}", j["policy"]);
}

#[test]
fn t11_product_outside_the_supplier_scope_fails() {
    let s = Scratch::new();
    setup(&s, "3.0.0");
    evaluate(&s, &[]).code(1).says("out of scope");
    // The provenance check and the policy's product rule both fail, each with
    // its own code and the same sentence.
    let j = evaluate(&s, &["--output", "json"]).json();
    let check = |name: &str| j["checks"].as_array().unwrap().iter().find(|c| c["check"] == json!(name)).cloned();
    let (provenance, rule) = (check("provenance: product").unwrap(), check("policy: product").unwrap());
    assert_eq!(
        (provenance["code"].clone(), rule["code"].clone()),
        (json!("product-not-approved"), json!("policy-rule-failed"))
    );
    assert!(rule["detail"].as_str().unwrap().starts_with("out of scope: supplier"), "{rule}");
    assert_eq!(provenance["detail"], rule["detail"]);
}

#[test]
fn t10_revoked_component_is_blocked() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    revoke_serde(&s);
    evaluate(&s, &["--trust-list", "kz2.json"]).code(1).says("blocked").says("CVE-2099-0001");
}

#[test]
fn t10_revoked_vendor_key_fails_the_product() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    next_version(&s, &["revoke", "kz2.draft.json", "--key", "vendor.pub", "--reason", "key stolen"]);
    evaluate(&s, &["--trust-list", "kz2.json", "--output", "json"]).code(1).fails_with("revoked");
}

#[test]
fn t10_revoked_artefact_is_blocked() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    let sbom: Value = serde_json::from_slice(&s.read("sbom.json")).unwrap();
    let readme = sbom["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == json!("dist/acme-gateway.tar.gz"))
        .unwrap()
        .clone();
    let digest = format!("sha256:{}", readme["hashes"][0]["content"].as_str().unwrap().to_uppercase());
    next_version(&s, &["revoke", "kz2.draft.json", "--artefact", &digest, "--reason", "trojaned build"]);
    evaluate(&s, &["--trust-list", "kz2.json"]).code(1).says("trojaned build");
}

#[test]
fn t24_a_newer_list_that_does_not_chain_cannot_strip_a_revocation() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    revoke_serde(&s);
    evaluate(&s, &["--trust-list", "kz2.json"]).code(1);
    // A "version 3" without the revocation, signed by a key that is no governor.
    s.run(&["--time", "2026-01-11T00:00:00Z", "trust", "next", "kz2.json", "-o", "kz3.draft.json"]).code(0);
    let mut d: Value = serde_json::from_slice(&s.read("kz3.draft.json")).unwrap();
    d.as_object_mut().unwrap().remove("revoked");
    d["governance"]["threshold"] = json!(1);
    s.write("kz3.draft.json", serde_json::to_vec(&d).unwrap());
    s.run(&["trust", "sign", "kz3.draft.json", "--key", "g3.key", "-o", "kz3.json"]).code(0);
    // The state remembers version 2, so its revocation stands.
    evaluate(&s, &["--trust-list", "kz3.json"]).code(1).says("CVE-2099-0001").says("ignored");
}

#[test]
fn t25_purl_spelling_does_not_evade_a_revocation() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    s.key("vendor");
    let sbom = sbom_of_2_4_1(json!({"type": "library", "name": "lodash", "version": "4.17.21", "bom-ref": "l",
        "purl": "pkg:npm/%40Acme/LoDash@4.17.21?foo=bar",
        "hashes": [{"alg": "SHA-256", "content": "ab".repeat(32)}]}));
    s.write("npm.json", serde_json::to_vec(&sbom).unwrap());
    s.sign_sbom("vendor.key", "npm.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    next_version(
        &s,
        &["revoke", "kz2.draft.json", "--component", "pkg:npm/@acme/lodash@4.17.21", "--reason", "typosquat"],
    );
    evaluate(&s, &["--trust-list", "kz2.json", "--output", "json"]).code(1).says("typosquat");
}

#[test]
fn t30_a_misspelt_policy_field_is_malformed() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    let bad = std::fs::read(workspace().join("testdata/policy/t30-misspelt-require-purls.json")).unwrap();
    s.write("policy.json", bad);
    evaluate(&s, &[]).code(2).says("requirePurls");
}

#[test]
fn t6_an_expired_national_list_fails_the_evaluation() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    s.evaluate("2026-04-02T00:00:00Z", &["--output", "json"]).code(1).fails_with("expired");
}

#[test]
fn t2_attestation_signed_by_a_key_no_list_grants_fails() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    s.run(&["key", "generate", "--out", "mallory"]).code(0);
    s.sign_sbom("mallory.key", "sbom.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    evaluate(&s, &["--output", "json"]).code(1).warns_with("untrusted-signer").fails_with("below-threshold");
}

#[test]
fn evidence_from_an_upstream_supplier_makes_a_component_verified() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    // The supplier acme also ships a library, whose own attestation is the evidence.
    s.write("lib/libacme.tar.gz", b"libacme 1.2.0");
    let sbom = sbom_of_2_4_1(json!({"type": "library", "name": "libacme", "version": "1.2.0", "bom-ref": "lib",
        "purl": "pkg:generic/acme/libacme@1.2.0",
        "hashes": [{"alg": "SHA-256", "content": attest_core::digest::Sha256Digest::of(b"libacme 1.2.0").to_hex()}]}));
    s.write("p.json", serde_json::to_vec(&sbom).unwrap());
    s.sign_sbom("vendor.key", "p.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    // Without evidence, libacme is unknown and the policy denies unknowns.
    evaluate(&s, &[]).code(1).says("unknown");
    std::fs::create_dir(s.join("evidence")).unwrap();
    s.run(&["--time", T0, "sbom", "generate", "lib", "--name", "libacme", "--version", "1.2.0", "-o", "lib.sbom.json"])
        .code(0);
    s.sign_sbom("vendor.key", "lib.sbom.json", "lib/libacme.tar.gz", "evidence/libacme.att.json");
    let j = evaluate(&s, &["--evidence", "evidence", "--output", "json"]).json();
    assert_eq!(j["components"][0]["status"], json!("verified"), "{j}");
    assert_eq!(j["verified"], json!(true), "{j}");
}

/// A development-only component (scope `excluded`) of unknown provenance
/// fails a policy that denies unknown components, unless the policy says
/// `components.excluded: ignore`; the evaluation marks it `excluded`.
#[test]
fn excluded_components_count_as_unknown_unless_the_policy_ignores_them() {
    let s = Scratch::new();
    setup(&s, "2.4.1");
    let sbom = sbom_of_2_4_1(json!({"type": "library", "name": "typescript", "version": "5.4.5", "bom-ref": "ts",
        "purl": "pkg:npm/typescript@5.4.5", "scope": "excluded",
        "hashes": [{"alg": "SHA-256", "content": "cd".repeat(32)}]}));
    s.write("dev.json", serde_json::to_vec(&sbom).unwrap());
    s.sign_sbom("vendor.key", "dev.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    let judged = evaluate(&s, &["--output", "json"]);
    judged.code(1);
    let out = judged.json();
    let ts = &out["components"][0];
    assert_eq!((ts["status"].clone(), ts["excluded"].clone()), (json!("unknown"), json!(true)), "{out:#}");
    let mut policy: Value = serde_json::from_slice(&s.read("policy.json")).unwrap();
    policy["components"]["excluded"] = json!("ignore");
    s.write("policy.json", serde_json::to_vec(&policy).unwrap());
    evaluate(&s, &[]).code(0).says("components.unknown");
}
