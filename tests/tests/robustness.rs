//! Attacks on the edges: malleable signatures and weak keys (T17), a crash
//! part-way through a write (T20), terminal escapes in names (T21), and
//! malformed input of every kind exiting 2, never 101 or a signal.

use attest_e2e::Scratch;
use base64ct::{Base64, Encoding};
use serde_json::{Value, json};

/// The Ed25519 group order L, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

#[test]
fn t17_non_canonical_signature_is_invalid() {
    let s = Scratch::new();
    s.signed_release();
    let mut env: Value = serde_json::from_slice(&s.read("att.json")).unwrap();
    let mut sig = Base64::decode_vec(env["signatures"][0]["sig"].as_str().unwrap()).unwrap();
    // S' = S + L encodes the same scalar; strict verification must refuse it.
    let mut carry = 0u16;
    for (b, l) in sig[32..].iter_mut().zip(L) {
        let v = u16::from(*b) + u16::from(l) + carry;
        *b = v as u8;
        carry = v >> 8;
    }
    assert_eq!(carry, 0, "S + L must fit in 32 bytes for this test");
    env["signatures"][0]["sig"] = json!(Base64::encode_string(&sig));
    s.write("malleable.json", serde_json::to_vec(&env).unwrap());
    s.run(&["verify", "malleable.json", "--key", "vendor.pub"]).code(1).says("signature invalid");
}

#[test]
fn t17_small_order_public_key_is_refused() {
    let s = Scratch::new();
    s.signed_release();
    // SPKI of the identity point, a small-order key for which anything verifies under lax rules.
    let mut der = vec![0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, 1];
    der.extend([0u8; 31]);
    let pem = format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", Base64::encode_string(&der));
    s.write("weak.pub", pem);
    s.run(&["verify", "att.json", "--key", "weak.pub"]).code(2).says("small-order");
}

#[cfg(unix)]
#[test]
fn t20_a_killed_write_leaves_no_partial_file() {
    let s = Scratch::new();
    for i in 0..400 {
        s.write(&format!("tree/d{}/f{i}", i % 20), vec![i as u8; 64 << 10]);
    }
    let bin = attest_e2e::attest_bin();
    for delay_ms in [1u64, 5, 10, 20, 40, 80] {
        let out = s.join(&format!("sbom-{delay_ms}.json"));
        let mut child = std::process::Command::new(&bin)
            .args(["sbom", "generate", "tree", "--name", "x", "--version", "1", "-o"])
            .arg(&out)
            .current_dir(s.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Either nothing, or the whole document: never a prefix of it.
        if let Ok(bytes) = std::fs::read(&out) {
            let v: Value = serde_json::from_slice(&bytes).expect("a complete SBOM");
            assert_eq!(v["components"].as_array().unwrap().len(), 400);
        }
    }
}

#[test]
fn t21_terminal_escapes_in_names_are_shown_escaped() {
    let s = Scratch::new();
    s.national_list();
    s.write("rel/app.bin", b"x");
    let sbom = json!({
        "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"component": {"type": "application", "name": "acme\u{1b}[2J\u{1b}[31mgateway", "version": "2.4.1",
            "bom-ref": "p", "purl": "pkg:generic/acme/acme-gateway@2.4.1"}},
        "components": [{"type": "library", "name": "evil\u{1b}]0;pwned\u{7}\u{202e}gpj.exe", "version": "1.0.0", "bom-ref": "e",
            "purl": "pkg:npm/evil@1.0.0"}]
    });
    s.write("evil.json", serde_json::to_vec(&sbom).unwrap());
    s.sign_sbom("vendor.key", "evil.json", "rel/app.bin", "att.json");
    s.policy();
    let out = s.evaluate("2026-01-20T00:00:00Z", &[]);
    out.code(1).says("evil\\u{1b}]0;pwned\\u{7}\\u{202e}gpj.exe");
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{202e}'),
        "raw control characters reached the terminal"
    );
    assert!(!out.stderr.contains('\u{1b}'));
}

#[test]
fn malformed_input_of_every_kind_exits_2_naming_the_file() {
    let s = Scratch::new();
    s.certified_release();
    let garbage: [(&str, &[u8]); 5] = [
        ("empty.json", b""),
        (
            "trunc.json",
            b"{\"payloadType\": \"application/vnd.in-toto+json\", \"payload\": \"e30=\", \"signatures\": [{\"sig\"",
        ),
        ("binary.json", b"\x00\xff\xfe\x80garbage"),
        ("array.json", b"[1,2,3]"),
        ("number.json", b"1e999999"),
    ];
    for (name, bytes) in garbage {
        s.write(name, bytes);
        let cases: Vec<Vec<&str>> = vec![
            vec!["verify", name, "--key", "vendor.pub"],
            vec!["sbom", "validate", name],
            vec!["trust", "show", name],
            vec!["trust", "verify", name, "--anchor", "kz.json", "--state", "st"],
            vec!["trust", "verify", "kz.json", "--anchor", name, "--state", "st"],
            vec!["certify", "verify", name, "--anchor", "fed.json", "--state", "st"],
            vec!["certify", "show", name],
            vec!["verify", "att.json", "--anchor", "kz.json", "--policy", name, "--state", "st"],
            vec![
                "sign",
                "--key",
                "vendor.key",
                "--sbom",
                name,
                "--subject",
                "rel/dist/acme-gateway.tar.gz",
                "-o",
                "o.json",
            ],
            vec!["key", "id", name],
        ];
        for args in cases {
            // `sbom validate` judges any JSON document: a valid JSON value
            // that is not a BOM fails validation (1); only unparseable input is 2.
            let expected = if args[0] == "sbom" && serde_json::from_slice::<Value>(bytes).is_ok() { 1 } else { 2 };
            s.run(&args).code(expected).says(name);
        }
    }
    s.write("rel/Cargo.lock", b"[[package]\nname=");
    s.run(&["sbom", "generate", "--lockfile", "rel/Cargo.lock", "--name", "x", "--version", "1"])
        .code(2)
        .says("Cargo.lock");
    s.write(
        "rel/package-lock.json",
        b"{\"lockfileVersion\": 3, \"packages\": {\"\": {}, \"node_modules/a\": {\"version\": 7}}}",
    );
    s.run(&["sbom", "generate", "--lockfile", "rel/package-lock.json", "--name", "x", "--version", "1"])
        .code(2)
        .says("package-lock.json");
}

#[test]
fn the_sbom_size_limit_can_be_raised() {
    let s = Scratch::new();
    s.key("vendor");
    // A valid SBOM just over 64 MiB (padding in a property value).
    let pad = "x".repeat(65 << 20);
    let sbom = format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"properties":[{{"name":"pad","value":"{pad}"}}]}}"#
    );
    s.write("big.json", sbom);
    s.run(&["sbom", "validate", "big.json"]).code(2).says("limit");
    s.run(&["--max-sbom-mib", "80", "sbom", "validate", "big.json"]).code(0);
}
