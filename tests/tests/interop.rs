//! Independent verifiers agree with attest: securesystemslib, pyca/
//! cryptography and the official in-toto bindings verify what attest signs,
//! cyclonedx-python-lib validates what it generates, and an envelope signed
//! by pyca/cryptography verifies in attest.
//!
//! These need `../shared/interop` (present in CI; set `ATTEST_SHARED` to use
//! another copy). Where it is absent each test says SKIPPED and passes.

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
fn third_party_verifiers_accept_what_attest_emits() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/interop not found (set ATTEST_SHARED); third-party interop not checked");
        return;
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
fn envelope_signed_by_pyca_cryptography_verifies_in_attest() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/interop not found (set ATTEST_SHARED); foreign envelopes not checked");
        return;
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
