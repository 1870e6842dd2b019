//! `attest key …` end to end: formats that openssl reads both ways, key ids,
//! encrypted keys, keys from the environment, and T19 (unsafe permissions).

use attest_e2e::Scratch;

fn openssl_available() -> bool {
    std::process::Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn generate_writes_0600_private_and_spki_public_and_prints_the_id() {
    let s = Scratch::new();
    let out = s.run(&["key", "generate", "--out", "k"]);
    out.code(0);
    let id = out.stdout.trim().to_owned();
    assert_eq!(id.len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(s.join("k.key")).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(String::from_utf8(s.read("k.pub")).unwrap().starts_with("-----BEGIN PUBLIC KEY-----"));
    s.run(&["key", "id", "k.pub"]).code(0).says(&id);
    s.run(&["key", "id", "k.key"]).code(0).says(&id);
    // No overwrite without --force.
    s.run(&["key", "generate", "--out", "k"]).code(2).says("--force");
}

#[test]
fn key_id_matches_openssl_and_keys_cross_over() {
    if !openssl_available() {
        eprintln!("SKIPPED: openssl not installed");
        return;
    }
    let s = Scratch::new();
    s.run(&["key", "generate", "--out", "a"]).code(0);
    // openssl reads attest's private key and derives the same public key.
    let o = std::process::Command::new("openssl")
        .args(["pkey", "-in", "a.key", "-pubout"])
        .current_dir(s.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), String::from_utf8(s.read("a.pub")).unwrap());
    // The key id is sha256 of the SPKI DER, as openssl computes it.
    let der = std::process::Command::new("openssl")
        .args(["pkey", "-pubin", "-in", "a.pub", "-outform", "DER"])
        .current_dir(s.path())
        .output()
        .unwrap()
        .stdout;
    let expected = attest_core::digest::Sha256Digest::of(&der).to_hex();
    s.run(&["key", "id", "a.pub"]).code(0).says(&expected);

    // A key made by openssl signs in attest and verifies.
    let generated = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "ed25519", "-out", "o.key"])
        .current_dir(s.path())
        .status()
        .unwrap();
    assert!(generated.success());
    std::process::Command::new("openssl")
        .args(["pkey", "-in", "o.key", "-pubout", "-out", "o.pub"])
        .current_dir(s.path())
        .status()
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(s.join("o.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    s.write("a.bin", b"artefact");
    s.write("src/x", b"x");
    s.run(&["sbom", "generate", "src", "--name", "x", "--version", "1.0.0", "-o", "sbom.json"]).code(0);
    s.run(&["sign", "--key", "o.key", "--sbom", "sbom.json", "--subject", "a.bin", "-o", "att.json"]).code(0);
    s.run(&["verify", "att.json", "--key", "o.pub", "--subject", "a.bin"]).code(0).says("VERIFIED");
}

#[test]
fn t19_private_key_readable_by_others_is_refused() {
    let s = Scratch::new();
    s.signed_release();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(s.join("vendor.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
        let args =
            ["sign", "--key", "vendor.key", "--sbom", "sbom.json", "--subject", "dist/app.tar.gz", "-o", "x.json"];
        s.run(&args).code(2).says("too open").says("chmod 600");
        assert!(!s.join("x.json").exists());
        let mut insecure = args.to_vec();
        insecure.push("--allow-insecure-key");
        s.run(&insecure).code(0);
    }
}

#[test]
fn encrypted_key_needs_its_passphrase_from_the_environment() {
    let s = Scratch::new();
    let env = [("PASS", "correct horse battery staple")];
    s.run_with(&["key", "generate", "--out", "e", "--passphrase-env", "PASS"], &env, None).code(0);
    assert!(String::from_utf8(s.read("e.key")).unwrap().starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    s.write("src/x", b"x");
    s.write("a.bin", b"a");
    s.run(&["sbom", "generate", "src", "--name", "x", "--version", "1.0.0", "-o", "sbom.json"]).code(0);
    let sign = ["sign", "--key", "e.key", "--sbom", "sbom.json", "--subject", "a.bin", "-o", "att.json"];
    s.run(&sign).code(2).says("--passphrase-env");
    let mut with_pass = sign.to_vec();
    with_pass.extend(["--passphrase-env", "PASS"]);
    s.run_with(&with_pass, &[("PASS", "wrong")], None).code(2).says("wrong passphrase");
    s.run_with(&with_pass, &env, None).code(0);
    s.run(&["verify", "att.json", "--key", "e.pub"]).code(0);
}

#[test]
fn signing_key_from_an_environment_variable() {
    let s = Scratch::new();
    s.signed_release();
    let pem = String::from_utf8(s.read("vendor.key")).unwrap();
    std::fs::remove_file(s.join("vendor.key")).unwrap();
    let args =
        ["sign", "--key", "env:SIGNING_KEY", "--sbom", "sbom.json", "--subject", "dist/app.tar.gz", "-o", "e.json"];
    s.run(&args).code(2).says("SIGNING_KEY");
    s.run_with(&args, &[("SIGNING_KEY", &pem)], None).code(0);
    s.run(&["verify", "e.json", "--key", "vendor.pub", "--subject", "dist/app.tar.gz"]).code(0);
}

#[test]
fn verification_refuses_a_private_key_in_place_of_a_public_one() {
    let s = Scratch::new();
    s.signed_release();
    s.run(&["verify", "att.json", "--key", "vendor.key"]).code(2).says("private key");
}

#[test]
fn encrypted_keys_cross_over_with_openssl() {
    if !openssl_available() {
        eprintln!("SKIPPED: openssl not installed");
        return;
    }
    let s = Scratch::new();
    let env = [("PASS", "hunter2")];
    s.run_with(&["key", "generate", "--out", "e", "--passphrase-env", "PASS"], &env, None).code(0);
    let o = std::process::Command::new("openssl")
        .args(["pkey", "-in", "e.key", "-passin", "pass:hunter2", "-pubout"])
        .current_dir(s.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), String::from_utf8(s.read("e.pub")).unwrap());
    let made = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:hunter2", "-out", "o.key"])
        .current_dir(s.path())
        .status()
        .unwrap();
    assert!(made.success());
    let id = s.run_with(&["key", "id", "o.key", "--passphrase-env", "PASS"], &env, None);
    id.code(0);
    assert_eq!(id.stdout.trim().len(), 64);
}
