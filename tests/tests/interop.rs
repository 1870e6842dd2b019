//! Independent verifiers agree with attest: securesystemslib, pyca/
//! cryptography and the official in-toto bindings verify what attest signs,
//! cyclonedx-python-lib validates what it generates, and an envelope signed
//! by pyca/cryptography verifies in attest.
//!
//! These need `../shared/interop` (present in CI; set `ATTEST_SHARED` to use
//! another copy). Where it is absent the tests that need it are compiled
//! `#[ignore]`d with the reason (tests/build.rs), so `cargo test` counts them
//! as ignored in its summary.

use std::path::Path;
use std::process::Command;

use attest_e2e::{Scratch, shared};

fn run_tool(tool: &Path, args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new(tool).args(args).current_dir(dir).output().expect("run interop tool");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn venv_python() -> std::path::PathBuf {
    if let Some(v) = std::env::var_os("INTEROP_VENV") {
        return Path::new(&v).join("bin/python");
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(&std::env::var_os("HOME").unwrap_or_default()).join(".cache"));
    cache.join("attest-interop/venv/bin/python")
}

#[test]
#[cfg_attr(no_shared_interop, ignore = "needs ../shared/interop, which is absent (set ATTEST_SHARED)")]
fn third_party_verifiers_accept_what_attest_emits() {
    let Some(shared) = shared() else {
        panic!("../shared/interop not found (set ATTEST_SHARED); this test was run with --include-ignored")
    };
    let s = Scratch::new();
    s.signed_release();
    let lock = std::fs::read(attest_e2e::workspace().join("testdata/demo/Cargo.lock")).unwrap();
    s.write("src/Cargo.lock", lock);
    s.run(&["sbom", "generate", "src", "--name", "app", "--version", "1.0.0", "--supplier", "Acme", "-o", "full.json"])
        .code(0);
    let (ok, text) = run_tool(&shared.join("interop/validate-cdx"), &["full.json"], s.path());
    assert!(ok, "validate-cdx rejected attest's SBOM:\n{text}");
    s.sign_sbom("vendor.key", "full.json", "dist/app.tar.gz", "full.att.json");
    s.key("auditor");
    s.run(&["cosign", "--key", "auditor.key", "full.att.json", "-o", "cosigned.json"]).code(0);
    for env in ["att.json", "full.att.json", "cosigned.json"] {
        let (ok, text) = run_tool(
            &shared.join("interop/verify-dsse"),
            &[env, "vendor.pub", "--artifact", "dist/app.tar.gz", "--validate-predicate"],
            s.path(),
        );
        assert!(ok, "verify-dsse rejected {env}:\n{text}");
    }
    // And it must reject a tampered one, or the check above proves nothing.
    s.write("dist/app.tar.gz", b"swapped");
    let (ok, _) = run_tool(
        &shared.join("interop/verify-dsse"),
        &["att.json", "vendor.pub", "--artifact", "dist/app.tar.gz"],
        s.path(),
    );
    assert!(!ok, "verify-dsse accepted a swapped artefact");
}

#[test]
#[cfg_attr(no_shared_interop, ignore = "needs ../shared/interop, which is absent (set ATTEST_SHARED)")]
fn envelope_signed_by_pyca_cryptography_verifies_in_attest() {
    let Some(shared) = shared() else {
        panic!("../shared/interop not found (set ATTEST_SHARED); this test was run with --include-ignored")
    };
    // verify-dsse installs the venv on first use; make sure it exists.
    let (ok, text) = run_tool(&shared.join("interop/setup.sh"), &[], Path::new("."));
    assert!(ok, "interop setup failed:\n{text}");
    let s = Scratch::new();
    s.signed_release();
    let make = shared.join("interop/make_envelope.py");
    let py = venv_python();
    let make_envelope = |args: &[&str]| {
        let out = Command::new(&py).arg(&make).args(args).current_dir(s.path()).output().expect("run make_envelope.py");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    make_envelope(&[
        "sign",
        "--key",
        "vendor.key",
        "--predicate",
        "sbom.json",
        "--subject",
        "dist/app.tar.gz",
        "--out",
        "py.json",
    ]);
    s.run(&["verify", "py.json", "--key", "vendor.pub", "--subject", "dist/app.tar.gz"]).code(0).says("VERIFIED");
    // Other encodings of the same signature verify; a changed payload or
    // signature does not.
    for (what, code) in [("unpad", 0), ("urlsafe", 0), ("payload", 1), ("sig", 1)] {
        let out = format!("{what}.json");
        make_envelope(&["tamper", "--envelope", "py.json", "--what", what, "--out", &out]);
        s.run(&["verify", &out, "--key", "vendor.pub"]).code(code);
    }
}

/// The interop venv of `interop/run` (`ATTEST_INTEROP_VENV`, else
/// `target/interop-venv`), if it has PyPI's `rfc8785` installed.
fn rfc8785_python() -> Option<std::path::PathBuf> {
    let venv = std::env::var_os("ATTEST_INTEROP_VENV").map(std::path::PathBuf::from).unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| attest_e2e::workspace().join("target"));
        target.join("interop-venv")
    });
    let py = venv.join("bin/python");
    let has = Command::new(&py).args(["-c", "import rfc8785"]).output().is_ok_and(|o| o.status.success());
    has.then_some(py)
}

/// The policy digest certificates pin is RFC 8785 in full: PyPI's
/// `rfc8785` (the implementation sigstore-python uses) gives the same
/// SHA-256 for every policy fixture and for documents whose numbers and
/// keys RFC 8785 respells. Needs the interop venv (`interop/run` installs it
/// and runs this test in it); without it the test says SKIPPED.
#[test]
fn policy_digests_agree_with_pypi_rfc8785() {
    let Some(py) = rfc8785_python() else {
        eprintln!(
            "SKIPPED: no interop venv with rfc8785 (run interop/run, or set ATTEST_INTEROP_VENV); JCS not cross-checked"
        );
        return;
    };
    let s = Scratch::new();
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    let dirs = ["testdata/policy", "testdata/fuzz/policy"];
    for dir in dirs.map(|d| attest_e2e::workspace().join(d)) {
        let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        docs.extend(paths.into_iter().map(|p| (p.display().to_string(), std::fs::read(&p).unwrap())));
    }
    let respelt = r#"{"z": [4.50, 1E30, 2e-3, -0, 333333333.33333329, 1e-27], "\u20ac": "\u0041\/\u000f",
        "\ud83d\ude00": {"b": true, "a": null}, "\r": 1, "ö": 9007199254740991}"#;
    docs.push(("respelt.json".to_owned(), respelt.as_bytes().to_vec()));
    let script = "import hashlib, json, sys, rfc8785\nfor p in sys.argv[1:]:\n    \
                  print(hashlib.sha256(rfc8785.dumps(json.load(open(p, 'rb')))).hexdigest())";
    let mut compared = 0;
    let mut files = Vec::new();
    let mut ours = Vec::new();
    for (i, (name, bytes)) in docs.iter().enumerate() {
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(_) => continue,
        };
        let canonical = attest_core::json::canonical(&value, name).unwrap();
        let file = s.write(&format!("doc{i}.json"), bytes);
        files.push(file.display().to_string());
        ours.push((name.clone(), attest_core::digest::Sha256Digest::of(&canonical).to_hex()));
        // Where attest reads it as a policy, the certificate's digest is this one.
        if let Ok(d) = attest_core::bundle::policy_digest(bytes, name) {
            assert_eq!(d.to_hex(), ours.last().unwrap().1, "{name}");
        }
    }
    let out = Command::new(&py).arg("-c").arg(script).args(&files).output().expect("run python");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let theirs: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(theirs.len(), ours.len());
    for ((name, mine), other) in ours.iter().zip(&theirs) {
        assert_eq!(mine, other, "{name}: attest and rfc8785 disagree");
        compared += 1;
    }
    assert!(compared >= 8, "only {compared} documents compared");
    eprintln!("rfc8785 agrees on {compared} documents");
}
