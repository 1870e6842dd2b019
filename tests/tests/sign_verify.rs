//! `attest sign`, `cosign` and `verify` end to end, with the attacks of
//! docs/threat-model.md that apply to a bare attestation (T1, T2, T3, T4, T9, T14, T16,
//! T22, T26). Each test builds the attack and asserts exit code and reason.

use attest_core::dsse::{Envelope, PAYLOAD_TYPE_IN_TOTO};
use attest_core::keys::PrivateKey;
use attest_e2e::{Scratch, workspace};
use base64ct::{Base64, Encoding};
use serde_json::{Value, json};

fn test_key(name: &str) -> PrivateKey {
    let pem = std::fs::read_to_string(workspace().join(format!("testdata/keys/{name}.key"))).unwrap();
    PrivateKey::from_pkcs8_pem(&pem, None, name).unwrap()
}

fn envelope_json(s: &Scratch, rel: &str) -> Value {
    serde_json::from_slice(&s.read(rel)).unwrap()
}

fn payload(s: &Scratch, rel: &str) -> Vec<u8> {
    let env = envelope_json(s, rel);
    Base64::decode_vec(env["payload"].as_str().unwrap()).unwrap()
}

/// Signs `payload` with the vendor key as a fresh envelope at `rel`.
fn write_signed(s: &Scratch, rel: &str, payload_type: &str, payload: Vec<u8>) {
    let env = Envelope::sign(payload_type, payload, &test_key("vendor")).unwrap();
    s.write(rel, serde_json::to_vec(&env.to_json()).unwrap());
}

#[test]
fn sign_then_verify_with_subject_passes_and_reports_every_check() {
    let s = Scratch::new();
    s.signed_release();
    let out = s.run(&["verify", "att.json", "--key", "vendor.pub", "--subject", "dist/app.tar.gz"]);
    out.code(0).says("VERIFIED").says("threshold").says("subject");
    let j = s.run(&["verify", "att.json", "--key", "vendor.pub", "--output", "json"]).json();
    assert_eq!(j["verified"], json!(true));
    assert_eq!(j["subjects"][0]["name"], json!("dist/app.tar.gz"));
    assert!(j["checks"].as_array().unwrap().iter().all(|c| c["outcome"] != json!("fail")));

    // The statement is an in-toto v1 Statement around the SBOM, as it was.
    let st: Value = serde_json::from_slice(&payload(&s, "att.json")).unwrap();
    assert_eq!(st["_type"], json!("https://in-toto.io/Statement/v1"));
    assert_eq!(st["predicateType"], json!("https://cyclonedx.org/bom"));
    let sbom: Value = serde_json::from_slice(&s.read("sbom.json")).unwrap();
    assert_eq!(st["predicate"], sbom);
}

#[test]
fn foreign_sbom_is_signed_byte_for_byte() {
    let s = Scratch::new();
    s.key("vendor");
    // Fields the cyclonedx-bom crate does not model must survive signing.
    let sbom = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
      "metadata":{"tools":{"components":[{"type":"application","name":"syft","version":"1.0.0"}]}},
      "components":[{"type":"library","name":"left-pad","version":"1.3.0","purl":"pkg:npm/left-pad@1.3.0",
        "bom-ref":"pkg:npm/left-pad@1.3.0","properties":[{"name":"syft:package:foundBy","value":"javascript-lock-cataloger"}]}]}"#;
    s.write("foreign.json", sbom);
    s.run(&[
        "sign",
        "--key",
        "vendor.key",
        "--sbom",
        "foreign.json",
        "--subject-digest",
        &format!("app.tar.gz=sha256:{}", "ab".repeat(32)),
        "-o",
        "att.json",
    ])
    .code(0);
    let text = String::from_utf8(payload(&s, "att.json")).unwrap();
    assert!(text.contains(sbom.trim()), "SBOM bytes not embedded verbatim:\n{text}");
    s.run(&["verify", "att.json", "--key", "vendor.pub"]).code(0);
}

#[test]
fn t1_payload_changed_by_one_byte_fails_the_signature() {
    let s = Scratch::new();
    s.signed_release();
    let mut env = envelope_json(&s, "att.json");
    let mut p = payload(&s, "att.json");
    let i = p.iter().rposition(|b| b.is_ascii_digit()).unwrap();
    p[i] = if p[i] == b'9' { b'0' } else { p[i] + 1 };
    env["payload"] = json!(Base64::encode_string(&p));
    s.write("tampered.json", serde_json::to_vec(&env).unwrap());
    let out = s.run(&["verify", "tampered.json", "--key", "vendor.pub", "--output", "json"]);
    out.code(1).fails_with("signature-invalid").fails_with("below-threshold");
}

#[test]
fn t2_signature_by_an_untrusted_key_is_rejected() {
    let s = Scratch::new();
    s.signed_release();
    s.key("auditor");
    let out = s.run(&["verify", "att.json", "--key", "auditor.pub", "--output", "json"]);
    out.code(1).warns_with("untrusted-signer").fails_with("below-threshold");
}

#[test]
fn t3_repeated_signature_counts_once_and_keys_given_twice_are_refused() {
    let s = Scratch::new();
    s.signed_release();
    s.key("auditor");
    let mut env = envelope_json(&s, "att.json");
    let sig = env["signatures"][0].clone();
    env["signatures"].as_array_mut().unwrap().push(sig.clone());
    // The same signature again without its keyid: still the same key.
    let mut bare = sig;
    bare.as_object_mut().unwrap().remove("keyid");
    env["signatures"].as_array_mut().unwrap().push(bare);
    s.write("repeated.json", serde_json::to_vec(&env).unwrap());
    s.run(&[
        "verify",
        "repeated.json",
        "--key",
        "vendor.pub",
        "--key",
        "auditor.pub",
        "--threshold",
        "2",
        "--output",
        "json",
    ])
    .code(1)
    .warns_with("duplicate-signature")
    .fails_with("below-threshold")
    .says("1 distinct");
    s.run(&["verify", "att.json", "--key", "vendor.pub", "--key", "vendor.pub"]).code(2).says("given twice");
    s.run(&["verify", "att.json", "--key", "vendor.pub", "--threshold", "2"]).code(2).says("threshold 2 is impossible");
}

#[test]
fn cosigned_envelope_meets_a_threshold_of_two() {
    let s = Scratch::new();
    s.signed_release();
    s.key("auditor");
    s.run(&["cosign", "--key", "auditor.key", "att.json", "-o", "att2.json"]).code(0);
    s.run(&["verify", "att2.json", "--key", "vendor.pub", "--key", "auditor.pub", "--threshold", "2"])
        .code(0)
        .says("2 distinct trusted key(s) signed");
    // The same key cannot sign twice, and nothing is overwritten without --force.
    s.run(&["cosign", "--key", "auditor.key", "att2.json", "-o", "att3.json"]).code(2).says("already carries");
    s.run(&["cosign", "--key", "auditor.key", "att.json", "-o", "att2.json"]).code(2).says("--force");
}

#[test]
fn t4_envelope_of_another_type_is_rejected() {
    let s = Scratch::new();
    s.signed_release();
    let p = payload(&s, "att.json");
    write_signed(&s, "wrong-payload-type.json", "application/vnd.attest.trust-list.v1+json", p.clone());
    // Its kind is told from the payloadType before any signature is looked at.
    s.run(&["verify", "wrong-payload-type.json", "--key", "vendor.pub"])
        .code(2)
        .says("wrong-payload-type.json is a signed trust list; `verify` takes a signed attestation");

    let mut st: Value = serde_json::from_slice(&p).unwrap();
    st["predicateType"] = json!("urn:attest:mutual-recognition:v1");
    write_signed(&s, "wrong-predicate.json", PAYLOAD_TYPE_IN_TOTO, serde_json::to_vec(&st).unwrap());
    s.run(&["verify", "wrong-predicate.json", "--key", "vendor.pub"])
        .code(2)
        .says("wrong-predicate.json is a mutual-recognition certificate; `verify` takes a signed attestation");

    st["predicateType"] = json!("https://cyclonedx.org/bom");
    st["_type"] = json!("https://in-toto.io/Statement/v0.1");
    write_signed(&s, "wrong-statement.json", PAYLOAD_TYPE_IN_TOTO, serde_json::to_vec(&st).unwrap());
    s.run(&["verify", "wrong-statement.json", "--key", "vendor.pub"]).code(2).says("wrong type").says("_type");
}

#[test]
fn t9_swapped_artefact_is_a_subject_mismatch() {
    let s = Scratch::new();
    s.signed_release();
    s.write("dist/app.tar.gz", b"release bytes, swapped\n");
    s.run(&["verify", "att.json", "--key", "vendor.pub", "--subject", "dist/app.tar.gz", "--output", "json"])
        .code(1)
        .fails_with("subject-mismatch");
}

#[test]
fn t14_duplicate_keys_are_malformed_in_the_envelope_and_in_the_signed_payload() {
    let s = Scratch::new();
    s.signed_release();
    let text = String::from_utf8(s.read("att.json")).unwrap();
    let dup = text.replacen("\"payloadType\"", "\"payloadType\": \"application/vnd.in-toto+json\", \"payloadType\"", 1);
    s.write("dup-envelope.json", dup);
    s.run(&["verify", "dup-envelope.json", "--key", "vendor.pub"]).code(2).says("duplicate key");

    let p = String::from_utf8(payload(&s, "att.json")).unwrap();
    let dup_payload = p.replacen("\"subject\":", "\"subject\":[],\"subject\":", 1);
    assert_ne!(p, dup_payload);
    write_signed(&s, "dup-payload.json", PAYLOAD_TYPE_IN_TOTO, dup_payload.into_bytes());
    s.run(&["verify", "dup-payload.json", "--key", "vendor.pub"])
        .code(2)
        .says("duplicate key \"subject\"")
        .says("malformed");
}

#[test]
fn t14_duplicate_keys_in_an_sbom_are_refused_when_signing() {
    let s = Scratch::new();
    s.key("vendor");
    s.write("dup.json", r#"{"bomFormat":"CycloneDX","specVersion":"1.5","specVersion":"1.4","version":1}"#);
    s.run(&[
        "sign",
        "--key",
        "vendor.key",
        "--sbom",
        "dup.json",
        "--subject-digest",
        &format!("a=sha256:{}", "0".repeat(64)),
        "-o",
        "x.json",
    ])
    .code(2)
    .says("duplicate key");
}

#[test]
fn t15_unknown_fields_in_the_envelope_or_statement_are_malformed() {
    let s = Scratch::new();
    s.signed_release();
    let mut env = envelope_json(&s, "att.json");
    env["note"] = json!("trust me");
    s.write("extra.json", serde_json::to_vec(&env).unwrap());
    s.run(&["verify", "extra.json", "--key", "vendor.pub"]).code(2).says("unknown field");

    let mut st: Value = serde_json::from_slice(&payload(&s, "att.json")).unwrap();
    st["subjects"] = json!([]);
    write_signed(&s, "extra-st.json", PAYLOAD_TYPE_IN_TOTO, serde_json::to_vec(&st).unwrap());
    s.run(&["verify", "extra-st.json", "--key", "vendor.pub"]).code(2).says("unknown field");
}

#[test]
fn t16_oversized_deeply_nested_and_undecodable_input_is_malformed() {
    let s = Scratch::new();
    s.signed_release();
    // Over the 96 MiB envelope limit: refused before it is parsed.
    let f = std::fs::File::create(s.join("huge.json")).unwrap();
    f.set_len(97 << 20).unwrap();
    s.run(&["verify", "huge.json", "--key", "vendor.pub"]).code(2).says("over the").says("limit");
    // The same through stdin, where no size is known in advance.
    let big = vec![b' '; (96 << 20) + 10];
    s.run_with(&["verify", "-", "--key", "vendor.pub"], &[], Some(&big)).code(2).says("limit");

    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    s.write("deep.json", deep);
    s.run(&["verify", "deep.json", "--key", "vendor.pub"]).code(2).says("malformed");

    let mut env = envelope_json(&s, "att.json");
    env["payload"] = json!("not base64 at all!");
    s.write("b64.json", serde_json::to_vec(&env).unwrap());
    s.run(&["verify", "b64.json", "--key", "vendor.pub"]).code(2).says("not valid base64");

    // An SBOM over its 64 MiB limit is refused by sign.
    let f = std::fs::File::create(s.join("huge-sbom.json")).unwrap();
    f.set_len(65 << 20).unwrap();
    s.run(&["sign", "--key", "vendor.key", "--sbom", "huge-sbom.json", "--subject", "dist/app.tar.gz", "-o", "x.json"])
        .code(2)
        .says("limit");
}

#[test]
fn t22_malformed_time_is_a_usage_error() {
    let s = Scratch::new();
    s.signed_release();
    s.run(&["verify", "att.json", "--key", "vendor.pub", "--time", "2026-13-01T00:00:00Z"]).code(2).says("RFC 3339");
    s.run(&["--time", "next tuesday", "verify", "att.json", "--key", "vendor.pub"]).code(2).says("--time");
    // An offset is converted to UTC and written as such.
    s.run(&[
        "--time",
        "2026-11-26T03:00:00+03:00",
        "sbom",
        "generate",
        "src",
        "--name",
        "a",
        "--version",
        "1.0.0",
        "-o",
        "t.json",
    ])
    .code(0);
    let sbom: Value = serde_json::from_slice(&s.read("t.json")).unwrap();
    assert_eq!(sbom["metadata"]["timestamp"], json!("2026-11-26T00:00:00Z"));
}

#[test]
fn t26_keyid_naming_another_trusted_key_is_not_counted() {
    let s = Scratch::new();
    s.signed_release();
    s.key("auditor");
    let auditor_id = s.run(&["key", "id", "auditor.pub"]).stdout.trim().to_owned();
    let mut env = envelope_json(&s, "att.json");
    env["signatures"][0]["keyid"] = json!(auditor_id);
    s.write("mislabelled.json", serde_json::to_vec(&env).unwrap());
    s.run(&["verify", "mislabelled.json", "--key", "vendor.pub", "--key", "auditor.pub", "--output", "json"])
        .code(1)
        .fails_with("signature-invalid")
        .fails_with("below-threshold");
}

#[test]
fn envelope_from_stdin_and_to_stdout() {
    let s = Scratch::new();
    s.signed_release();
    let out = s.run(&["sign", "--key", "vendor.key", "--sbom", "sbom.json", "--subject", "dist/app.tar.gz"]);
    out.code(0);
    s.run_with(&["verify", "-", "--key", "vendor.pub"], &[], Some(out.stdout.as_bytes())).code(0);
}
