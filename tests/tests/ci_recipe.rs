//! The CI recipes of docs/ci.md run docs/ci/attest-release.sh; this test
//! runs the same script on a made-up release, with the key in an
//! environment variable as a CI secret would provide it, and with a key on
//! an HSM (SoftHSM2) as the HSM-backed recipe does.

use std::process::Command;

use attest_e2e::hsm::Hsm;
use attest_e2e::{Scratch, attest_bin, workspace};

/// `bash docs/ci/attest-release.sh` in `s` for release app 1.2.0, with
/// attest on the PATH.
fn recipe(s: &Scratch) -> Command {
    let bin_dir = attest_bin().parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("bash");
    cmd.arg(workspace().join("docs/ci/attest-release.sh"))
        .current_dir(s.path())
        .env("PATH", path)
        .env("RELEASE_NAME", "app")
        .env("RELEASE_VERSION", "1.2.0")
        .env("SOURCE_DIR", "src")
        .env("DIST_DIR", "dist")
        .env("NO_COLOR", "1")
        // Cargo gives tests of a package with a build script its own OUT_DIR;
        // the recipe reads OUT_DIR as where to write, so the default is meant.
        .env_remove("OUT_DIR");
    cmd
}

#[test]
fn the_hsm_recipe_signs_with_a_key_on_the_token() {
    let Some(h) = Hsm::new() else { return };
    let s = &h.s;
    h.generate("release");
    s.write("src/main.rs", b"fn main() {}\n");
    s.write("dist/app-1.2.0.tar.gz", b"the release");
    let mut cmd = recipe(s);
    for (k, v) in h.env() {
        cmd.env(k, v);
    }
    let out = cmd.env("SIGNING_KEY_URI", h.uri("release")).env("PUBLIC_KEY", "release.pub").output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    s.run(&["verify", "attest-out/app-1.2.0.att.json", "--key", "release.pub", "--subject", "dist/app-1.2.0.tar.gz"])
        .code(0);
}

#[test]
fn the_ci_recipe_generates_signs_and_checks_a_release() {
    let s = Scratch::new();
    s.key("vendor");
    s.write("src/main.rs", b"fn main() {}\n");
    s.write("src/Cargo.lock", std::fs::read(workspace().join("testdata/demo/Cargo.lock")).unwrap());
    s.write("dist/app-1.2.0.tar.gz", b"the release");
    s.write("dist/app-1.2.0.zip", b"the release, zipped");
    let pem = String::from_utf8(s.read("vendor.key")).unwrap();
    std::fs::remove_file(s.join("vendor.key")).unwrap();
    let out = recipe(&s)
        .env("SUPPLIER", "Acme LLP")
        .env("SIGNING_KEY", &pem)
        .env("PUBLIC_KEY", "vendor.pub")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // Both artefacts are subjects, the lockfile's crates are components.
    s.run(&["verify", "attest-out/app-1.2.0.att.json", "--key", "vendor.pub", "--subject", "dist/app-1.2.0.zip"])
        .code(0);
    let sbom: serde_json::Value = serde_json::from_slice(&s.read("attest-out/app-1.2.0.cdx.json")).unwrap();
    assert!(sbom["components"].as_array().unwrap().iter().any(|c| c["purl"] == "pkg:cargo/serde@1.0.210"));
    // Without the secret the script refuses to run.
    let missing = recipe(&s).env_remove("SIGNING_KEY").env_remove("SIGNING_KEY_URI").output().unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("SIGNING_KEY"));
}
