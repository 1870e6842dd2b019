//! Keys on a PKCS#11 token, end to end against SoftHSM2 (a real PKCS#11 3.0
//! implementation): generation on the token, an attestation, a trust list
//! co-signed by a file governor and a token governor, a certificate issued
//! with a token authority key; third-party verification of each envelope;
//! errors a person can act on.
//!
//! Needs SoftHSM2 (`.ci/install-hsm` installs it with OpenSC's pkcs11-tool;
//! CI runs it). Where it is absent each test says SKIPPED and passes. Every
//! test has its own SOFTHSM2_CONF and token directory ([`Hsm`]).

use std::path::Path;
use std::process::Command;

use attest_e2e::hsm::{Hsm, PIN, TOKEN, tool_available};
use attest_e2e::{ISSUED, issue_args, shared};

/// `verify-dsse` from ../shared (securesystemslib and pyca/cryptography):
/// `None` when absent, else whether both signature paths accepted the
/// envelope under `public` (payload checks are the caller's business).
fn third_party_signature_check(dir: &Path, envelope: &str, public: &str, extra: &[&str]) -> Option<(bool, String)> {
    let shared = shared()?;
    let out = Command::new(shared.join("interop/verify-dsse"))
        .args([envelope, public])
        .args(extra)
        .current_dir(dir)
        .output()
        .expect("run verify-dsse");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let both = text.contains("PASS  (a) own-PAE + cryptography") && text.contains("PASS  (b) securesystemslib");
    Some((both, text))
}

#[test]
fn a_key_generated_on_the_token_stays_there_and_has_one_id_everywhere() {
    let Some(h) = Hsm::new() else { return };
    let id = h.generate("vendor");
    assert_eq!(id.len(), 64, "{id}");
    assert!(h.s.join("vendor.pub").is_file());
    assert!(!h.s.join("vendor.key").exists(), "a token key must never be written to a file");
    // The id of the exported public key, of the key on the token, and in the list agree.
    h.run(&["key", "id", "vendor.pub"]).code(0).says(&id);
    let no_pin = format!("pkcs11:token={TOKEN};object=vendor?module-path={}", h.module.display());
    h.run(&["key", "id", &no_pin]).code(0).says(&id);
    let listed = h.run(&["--output", "json", "key", "list", "--pkcs11-module", &h.module.display().to_string()]).json();
    let keys = listed["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "{listed}");
    assert_eq!(keys[0]["keyid"], id.as_str());
    assert_eq!(keys[0]["label"], "vendor");
    assert_eq!(keys[0]["token"], TOKEN);
    // The listed URI names the key: with a PIN source it signs.
    let listed_uri = format!("{}&pin-source=env:HSM_PIN", keys[0]["uri"].as_str().unwrap());
    h.s.write("a.txt", b"a");
    h.s.write("sbom.json", br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}"#);
    h.run(&["sign", "--key", &listed_uri, "--sbom", "sbom.json", "--subject", "a.txt", "-o", "att.json"])
        .code(0)
        .says(&id);
    // A second key with the same label is refused: a token key is never replaced.
    h.run(&["key", "generate", "--out", "again", "--pkcs11", &h.uri("vendor")]).code(2).says("never replaces");
    assert!(!h.s.join("again.pub").exists());

    if !tool_available("pkcs11-tool") {
        eprintln!("SKIPPED: pkcs11-tool (OpenSC) not installed; the token's own listing not checked");
        return;
    }
    let module = h.module.display().to_string();
    let out = h.tool("pkcs11-tool", &["--module", &module, "--login", "--pin", PIN, "--list-objects"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    let private = text.split("Private Key Object").nth(1).expect("pkcs11-tool lists the private key");
    assert!(private.contains("EC_EDWARDS") && private.contains("label:      vendor"), "{text}");
    assert!(private.contains("sensitive") && private.contains("never extractable"), "{text}");
    assert!(text.contains("Public Key Object; EC_EDWARDS"), "{text}");
}

#[test]
fn the_same_key_in_a_file_and_on_the_token_has_one_id_and_signs_the_same_bytes() {
    let Some(h) = Hsm::new() else { return };
    let s = &h.s;
    s.key("vendor");
    // SoftHSM2 imports the PKCS#8 key attest wrote (Ed25519 is deterministic,
    // so the same key must produce the same envelope byte for byte).
    let import = h.tool(
        "softhsm2-util",
        &["--import", "vendor.key", "--token", TOKEN, "--label", "imported", "--id", "0a0b", "--pin", PIN],
    );
    assert!(import.status.success(), "softhsm2-util --import: {}", String::from_utf8_lossy(&import.stderr));
    let file_id = s.run(&["key", "id", "vendor.pub"]).stdout.trim().to_owned();
    let uri = h.uri("imported");
    h.run(&["key", "id", &uri]).code(0).says(&file_id);
    s.write("a.txt", b"a");
    s.write("sbom.json", br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}"#);
    let sign = ["--sbom", "sbom.json", "--subject", "a.txt", "-o"];
    let mut by_file = vec!["sign", "--key", "vendor.key"];
    by_file.extend(sign);
    by_file.push("file.json");
    s.run(&by_file).code(0);
    let mut by_token = vec!["sign", "--key", uri.as_str()];
    by_token.extend(sign);
    by_token.push("token.json");
    h.run(&by_token).code(0).says(&file_id);
    assert_eq!(s.read("token.json"), s.read("file.json"), "the token and the file signed differently");
}

#[test]
fn an_attestation_signed_on_the_token_verifies_in_attest_and_third_party_verifiers() {
    let Some(h) = Hsm::new() else { return };
    let s = &h.s;
    let id = h.generate("vendor");
    s.write("dist/app.tar.gz", b"release bytes\n");
    s.write("src/main.rs", b"fn main() {}\n");
    s.run(&["sbom", "generate", "src", "--name", "app", "--version", "1.0.0", "-o", "sbom.json"]).code(0);
    h.run(&[
        "sign",
        "--key",
        &h.uri("vendor"),
        "--sbom",
        "sbom.json",
        "--subject",
        "dist/app.tar.gz",
        "-o",
        "att.json",
    ])
    .code(0)
    .says(&id);
    s.run(&["verify", "att.json", "--key", "vendor.pub", "--subject", "dist/app.tar.gz"]).code(0).says("VERIFIED");
    // A file key and a second token key co-sign; all three count.
    s.key("auditor");
    s.run(&["cosign", "--key", "auditor.key", "att.json", "-o", "att.json", "--force"]).code(0);
    h.generate("reviewer");
    h.run(&["cosign", "--key", &h.uri("reviewer"), "att.json", "-o", "att.json", "--force"]).code(0);
    let three = ["--key", "vendor.pub", "--key", "auditor.pub", "--key", "reviewer.pub", "--threshold", "3"];
    let mut args = vec!["verify", "att.json"];
    args.extend(three);
    s.run(&args).code(0).says("VERIFIED");
    // The same key cannot sign twice.
    h.run(&["cosign", "--key", &h.uri("vendor"), "att.json", "-o", "-"]).code(2).says("already carries");

    for public in ["vendor.pub", "reviewer.pub"] {
        let extra = ["--artifact", "dist/app.tar.gz", "--validate-predicate"];
        let Some((ok, text)) = third_party_signature_check(s.path(), "att.json", public, &extra) else {
            eprintln!("SKIPPED: ../shared/interop not found (set ATTEST_SHARED); third-party verification not checked");
            return;
        };
        assert!(ok && text.contains("RESULT: OK"), "verify-dsse rejected the token-signed attestation:\n{text}");
    }
}

#[test]
fn a_trust_list_co_signed_by_a_file_governor_and_a_token_governor() {
    let Some(h) = Hsm::new() else { return };
    let s = &h.s;
    s.run(&["key", "generate", "--out", "g1"]).code(0);
    h.generate("g2");
    s.init_national(&["g1", "g2"]);
    s.run(&["trust", "sign", "kz.draft.json", "--key", "g1.key", "-o", "kz.json"]).code(0);
    // One signature of two: not yet believed.
    s.run(&["--time", ISSUED, "--state", "st1", "trust", "verify", "kz.json", "--anchor", "kz.json"]).code(1);
    h.run(&["trust", "sign", "kz.json", "--key", &h.uri("g2"), "-o", "kz.json", "--force"]).code(0);
    s.run(&["--time", ISSUED, "--state", "st2", "trust", "verify", "kz.json", "--anchor", "kz.json"])
        .code(0)
        .says("VERIFIED");
    // A token key that is not a governor is refused before it signs.
    h.generate("stranger");
    h.run(&["trust", "sign", "kz.json", "--key", &h.uri("stranger"), "-o", "-"]).code(1).says("not a governor");

    let extra = ["--payload-type", "application/vnd.attest.trust-list.v1+json"];
    match third_party_signature_check(s.path(), "kz.json", "g2.pub", &extra) {
        // The payload is a trust list, not an in-toto Statement: only the
        // two signature paths are asked of the third-party verifier.
        Some((ok, text)) => assert!(ok, "verify-dsse rejected the token governor's signature:\n{text}"),
        None => {
            eprintln!("SKIPPED: ../shared/interop not found (set ATTEST_SHARED); third-party verification not checked")
        }
    }
}

#[test]
fn a_certificate_issued_with_a_token_authority_key() {
    let Some(h) = Hsm::new() else { return };
    let s = &h.s;
    let id = h.generate("kzreg");
    s.ready_to_certify();
    let uri = h.uri("kzreg");
    let mut args = issue_args("bundle.json");
    args[7] = &uri;
    args.extend(["--certificate-id", "KZ-2026-0000000000000001"]);
    h.run(&args).code(0);
    let bundle: serde_json::Value = serde_json::from_slice(&s.read("bundle.json")).unwrap();
    let sigs = bundle["certificate"]["signatures"].as_array().unwrap();
    assert_eq!(sigs[0]["keyid"], id.as_str(), "{bundle}");
    s.run(&[
        "--time",
        "2026-02-01T00:00:00Z",
        "--state",
        "stateB",
        "certify",
        "verify",
        "bundle.json",
        "--anchor",
        "fed.json",
    ])
    .code(0);

    s.write("cert.json", serde_json::to_vec(&bundle["certificate"]).unwrap());
    let extra =
        ["--artifact", "rel/dist/acme-gateway.tar.gz", "--expect-predicate-type", "urn:attest:mutual-recognition:v2"];
    match third_party_signature_check(s.path(), "cert.json", "kzreg.pub", &extra) {
        Some((ok, text)) => assert!(ok && text.contains("RESULT: OK"), "verify-dsse rejected the certificate:\n{text}"),
        None => {
            eprintln!("SKIPPED: ../shared/interop not found (set ATTEST_SHARED); third-party verification not checked")
        }
    }
}

#[test]
fn a_transparency_log_and_a_witness_sign_with_token_keys() {
    let Some(h) = Hsm::new() else { return };
    let s = &h.s;
    s.certified_release();
    h.generate("kzlog");
    h.generate("w1");
    let (log_uri, w1_uri) = (h.uri("kzlog"), h.uri("w1"));
    let origin = "kz.example/certificates";
    h.run(&["log", "init", "L", "--origin", origin, "--log-key", &log_uri]).code(0);
    let vkey = h.run(&["log", "vkey", "--name", origin, "--key", "kzlog.pub"]);
    s.write("log.vkey", vkey.code(0).stdout.trim());
    let wkey = h.run(&["log", "vkey", "--name", "w1.example", "--key", "w1.pub", "--witness"]);
    s.write("w1.vkey", wkey.code(0).stdout.trim());
    h.run(&["log", "append", "L", "--log-key", &log_uri, "bundle.json", "kz.json"]).code(0);
    let witness =
        ["--time", ISSUED, "--state", "wstate", "log", "witness", "L", "--key", &w1_uri, "--name", "w1.example"];
    h.run(&[&witness[..], &["--log-vkey", "log.vkey", "-o", "w1.cosig"]].concat()).code(0);
    h.run(&["log", "cosign", "L", "w1.cosig", "--witness", "w1.vkey"]).code(0);
    // The checkpoint's log signature and the cosignature both verify under
    // the keys exported from the token: the audit re-checks every one.
    h.run(&["log", "audit", "L", "--log-vkey", "log.vkey", "--witness", "w1.vkey"])
        .code(0)
        .says("KZ-2026-0000000000000001");
    // A witness key the audit was not told about is not counted as one.
    h.generate("w2");
    let other = h.run(&["log", "vkey", "--name", "w1.example", "--key", "w2.pub", "--witness"]);
    s.write("w2.vkey", other.code(0).stdout.trim());
    h.run(&["log", "audit", "L", "--log-vkey", "log.vkey", "--witness", "w2.vkey"]).code(1);
}

#[test]
fn errors_name_the_uri_say_what_to_do_and_never_show_the_pin() {
    let Some(h) = Hsm::new() else { return };
    h.generate("vendor");
    h.s.write("a.txt", b"a");
    h.s.write("sbom.json", br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}"#);
    // Each case: the key's URI, the PIN in HSM_PIN, what the message says.
    let sign = |uri: &str, pin: &str| {
        h.run_env(
            &["sign", "--key", uri, "--sbom", "sbom.json", "--subject", "a.txt", "-o", "att.json"],
            &[("HSM_PIN", pin)],
        )
    };
    let module = h.module.display().to_string();
    let no_pin = h.uri("vendor").replace("&pin-source=env:HSM_PIN", "");
    let cases = [
        (h.uri("vendor"), "000000", "wrong PIN"),
        (h.uri("vendor").replace(TOKEN, "absent-token"), PIN, "token absent"),
        (h.uri("vendor").replace(&module, "/nonexistent/libpkcs11.so"), PIN, "cannot load the PKCS#11 module"),
        (h.uri("nokey"), PIN, "no private key"),
        (no_pin.clone(), PIN, "pin-source=env:VAR"),
        (h.uri("vendor").replace("env:HSM_PIN", "env:UNSET_PIN_VAR"), PIN, "UNSET_PIN_VAR"),
        (format!("{no_pin}&pin-value={PIN}"), PIN, "pin-value is refused"),
    ];
    for (uri, pin, why) in cases {
        let out = sign(&uri, pin);
        out.code(2).says(why);
        let shown = uri.replace(&format!("pin-value={PIN}"), "pin-value=…");
        assert!(out.stderr.contains(&shown), "the message must name {shown}:\n{}", out.stderr);
        for secret in [PIN, pin] {
            assert!(!out.stderr.contains(secret) && !out.stdout.contains(secret), "a PIN leaked:\n{}", out.stderr);
        }
        assert!(!h.s.join("att.json").exists());
    }
    // File-key options are refused for a token key rather than ignored.
    h.run(&["sign", "--key", &h.uri("vendor"), "--allow-insecure-key", "--sbom", "sbom.json", "--subject", "a.txt"])
        .code(2)
        .says("--allow-insecure-key");

    if !tool_available("pkcs11-tool") {
        eprintln!("SKIPPED: pkcs11-tool (OpenSC) not installed; a non-Ed25519 token key not tried");
        return;
    }
    let made = h.tool(
        "pkcs11-tool",
        &[
            "--module",
            &module,
            "--login",
            "--pin",
            PIN,
            "--keypairgen",
            "--key-type",
            "EC:prime256v1",
            "--label",
            "p256",
        ],
    );
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    sign(&h.uri("p256"), PIN).code(2).says("not Ed25519").says("object=p256");
}
