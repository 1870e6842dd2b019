//! SBOMs of Python lockfiles: `sbom generate --lockfile requirements.txt`
//! gives a package one SHA-256 per distribution file (the sdist and each
//! wheel), and the regulator's evaluation judges such components instead of
//! refusing the SBOM as malformed. Either file may be the one installed, so
//! a revocation of any of them blocks the package, and pins cover it only
//! when every one of its files is pinned.

use attest_e2e::{Scratch, workspace};
use serde_json::{Value, json};

const NOW: &str = "2026-01-20T00:00:00Z";

/// Hashes of testdata/lockfiles/requirements/requirements.txt (the file
/// names are poetry.lock's, which locks the same releases).
const CERTIFI_WHEEL: &str = "c6c2e98f5c7869efca1f8916fed228dd91539f9f1b444c314c06eef02980c716";
const CERTIFI_SDIST: &str = "5a1e7645bc0ec61a09e26c36f6106dd4cf40c6db3a1fb6352b0244e7fb057c7b";
const IDNA_WHEEL: &str = "82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0";
const REQUESTS_WHEEL: &str = "70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6";
const REQUESTS_SDIST: &str = "55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760";

/// The national list with every PyPI package listed (`pkg:pypi/*`) and
/// `certifi` pinned to both its files, plus `pinned` (extra `trust add`
/// arguments) when given; the policy; and a signed release with the
/// packages of the requirements.txt fixture ([`sign_python_release`]).
fn setup(s: &Scratch, pinned: &[&str]) {
    s.national_list();
    s.trust_add("kz.draft.json", &["--kind", "component", "--id", "pypi", "--scope", "pkg:pypi/*"]);
    let (wheel, sdist) = (format!("sha256:{CERTIFI_WHEEL}"), format!("sha256:{CERTIFI_SDIST}"));
    let certifi = ["--kind", "component", "--id", "certifi", "--scope", "pkg:pypi/certifi", "--exact", "2024.7.4"];
    let digests = ["--digest", wheel.as_str(), "--digest", sdist.as_str()];
    s.trust_add("kz.draft.json", &[certifi.as_slice(), digests.as_slice()].concat());
    if !pinned.is_empty() {
        s.trust_add("kz.draft.json", pinned);
    }
    s.sign_list("kz.draft.json", "kz.json", &["g1", "g2"]);
    s.policy();
    sign_python_release(s);
}

/// `sbom.json`: acme-gateway 2.4.1 (`rel`) with the packages of
/// testdata/lockfiles/requirements/requirements.txt, and `att.json`, that
/// SBOM signed by the vendor for `rel/dist/acme-gateway.tar.gz`.
fn sign_python_release(s: &Scratch) {
    let lockfile = std::fs::read(workspace().join("testdata/lockfiles/requirements/requirements.txt")).unwrap();
    s.write("requirements.txt", lockfile);
    s.write("rel/dist/acme-gateway.tar.gz", b"acme-gateway 2.4.1");
    let product = ["--name", "acme-gateway", "--version", "2.4.1", "--supplier", "Acme LLP"];
    let generate = ["--time", NOW, "sbom", "generate", "rel", "--lockfile", "requirements.txt"];
    let out = ["--purl", "pkg:generic/acme/acme-gateway@2.4.1", "-o", "sbom.json", "--force"];
    s.run(&[generate.as_slice(), product.as_slice(), out.as_slice()].concat()).code(0);
    s.sign_sbom("vendor.key", "sbom.json", "rel/dist/acme-gateway.tar.gz", "att.json");
}

/// Drops `sbom.requireHashes` from policy.json: the fixture pins PyYAML by
/// hand, without a hash.
fn without_require_hashes(s: &Scratch) {
    let mut policy: Value = serde_json::from_slice(&s.read("policy.json")).unwrap();
    policy["sbom"].as_object_mut().unwrap().remove("requireHashes");
    s.write("policy.json", serde_json::to_vec(&policy).unwrap());
}

/// The evaluation's JSON report, after checking its exit code.
fn evaluate(s: &Scratch, code: i32, extra: &[&str]) -> Value {
    let mut args = vec!["--output", "json"];
    args.extend(extra);
    let out = s.evaluate(NOW, &args);
    out.code(code);
    out.json()
}

/// `name → (status, reason)` of every component judged.
fn statuses(report: &Value) -> Vec<(String, String, String)> {
    let components = report["components"].as_array().expect("components");
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    components.iter().map(|c| (text(&c["name"]), text(&c["status"]), text(&c["reason"]))).collect()
}

fn status_of(report: &Value, name: &str) -> (String, String) {
    let found = statuses(report).into_iter().find(|(n, _, _)| n == name);
    let (_, status, reason) = found.unwrap_or_else(|| panic!("no component {name} in {report}"));
    (status, reason)
}

fn rule<'a>(report: &'a Value, name: &str) -> &'a Value {
    let rules = report["policy"].as_array().expect("policy");
    rules.iter().find(|r| r["rule"] == json!(name)).unwrap_or_else(|| panic!("no rule {name} in {report}"))
}

#[test]
fn the_sbom_carries_one_hash_per_file() {
    let s = Scratch::new();
    setup(&s, &[]);
    let sbom: Value = serde_json::from_slice(&s.read("sbom.json")).unwrap();
    let certifi = sbom["components"].as_array().unwrap().iter().find(|c| c["name"] == json!("certifi")).unwrap();
    let hashes: Vec<&str> =
        certifi["hashes"].as_array().unwrap().iter().map(|h| h["content"].as_str().unwrap()).collect();
    assert_eq!(hashes, [CERTIFI_WHEEL, CERTIFI_SDIST]);
    // Accepted on its own, as CycloneDX allows it.
    s.run(&["sbom", "validate", "sbom.json"]).code(0);
}

#[test]
fn packages_with_several_hashes_are_judged_and_pinned_when_every_file_is() {
    let s = Scratch::new();
    setup(&s, &[]);
    let report = evaluate(&s, 1, &[]);
    let judged = statuses(&report);
    let names: Vec<&str> = judged.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "dist/acme-gateway.tar.gz",
            "certifi",
            "charset-normalizer",
            "idna",
            "PyYAML",
            "requests",
            "typing_extensions",
            "urllib3"
        ]
    );
    for (name, status, reason) in &judged {
        match name.as_str() {
            "dist/acme-gateway.tar.gz" => assert_eq!(status, "first-party", "{reason}"),
            "certifi" => {
                assert_eq!(status, "listed", "{reason}");
                assert!(
                    reason.starts_with("listed by kz-national/certifi: pkg:pypi/certifi exactly 2024.7.4"),
                    "{reason}"
                );
            }
            _ => {
                assert_eq!(status, "listed", "{name}: {reason}");
                assert!(reason.starts_with("listed by kz-national/pypi: pkg:pypi/* covers"), "{reason}");
            }
        }
    }
    assert_eq!(
        report["counts"],
        json!({"total": 8, "verified": 0, "listed": 7, "first-party": 1, "unknown": 0, "blocked": 0})
    );
    // The policy fails only because the fixture pins PyYAML by hand, without
    // a hash: one SHA-256 among several satisfies "requires SHA-256".
    let hashes = rule(&report, "sbom.requireHashes");
    assert_eq!(hashes["outcome"], json!("fail"), "{hashes}");
    let detail = hashes["detail"].as_str().unwrap();
    assert!(detail.contains("PyYAML@6.0.1 (/components/4) lacks SHA-256"), "{detail}");
    assert!(!detail.contains("certifi") && !detail.contains("charset"), "{detail}");
    // Without that rule the evaluation passes.
    without_require_hashes(&s);
    let report = evaluate(&s, 0, &[]);
    assert_eq!(report["verified"], json!(true), "{report}");
    s.evaluate(NOW, &[]).code(0).says("PASSED");
}

#[test]
fn an_unpinned_file_beside_a_pinned_wheel_blocks_the_package() {
    let s = Scratch::new();
    let wheel = format!("sha256:{REQUESTS_WHEEL}");
    let pin = ["--kind", "component", "--id", "requests", "--scope", "pkg:pypi/requests", "--digest", &wheel];
    setup(&s, &pin);
    let report = evaluate(&s, 1, &[]);
    let (status, reason) = status_of(&report, "requests");
    assert_eq!(status, "blocked", "{reason}");
    assert!(reason.starts_with("pinned digests differ: kz-national/requests pins pkg:pypi/requests"), "{reason}");
    assert!(
        reason.contains("the component has 2 SHA-256 hashes (sha256 55365417734e…, sha256 70761cfe03c7…)"),
        "{reason}"
    );
    assert!(reason.ends_with(&format!("; sha256 {REQUESTS_SDIST} is not pinned")), "{reason}");
    assert_eq!(status_of(&report, "certifi").0, "listed");
    assert_eq!(report["counts"]["blocked"], json!(1));
    assert_eq!(rule(&report, "components.blocked")["outcome"], json!("fail"));
}

#[test]
fn revoking_one_wheel_blocks_its_package() {
    let s = Scratch::new();
    setup(&s, &[]);
    let wheel = format!("sha256:{}", IDNA_WHEEL.to_uppercase());
    s.next_list(
        "2026-01-10T00:00:00Z",
        "kz.json",
        "kz2.json",
        &["g1", "g2"],
        &["revoke", "kz2.draft.json", "--artefact", &wheel, "--reason", "compromised wheel"],
    );
    let report = evaluate(&s, 1, &["--trust-list", "kz2.json"]);
    let (status, reason) = status_of(&report, "idna");
    assert_eq!(status, "blocked", "{reason}");
    assert_eq!(reason, format!("revoked in kz-national: compromised wheel (artefact sha256 {IDNA_WHEEL})"));
    for other in ["certifi", "charset-normalizer", "requests", "urllib3"] {
        assert_eq!(status_of(&report, other).0, "listed", "{other}");
    }
    assert_eq!(report["counts"]["blocked"], json!(1));
}

#[test]
fn a_certificate_is_issued_for_it() {
    let s = Scratch::new();
    s.certified_release();
    let pypi = ["add", "kz2.draft.json", "--kind", "component", "--id", "pypi", "--scope", "pkg:pypi/*"];
    s.next_list("2026-01-10T00:00:00Z", "kz.json", "kz2.json", &["g1", "g2"], &pypi);
    without_require_hashes(&s);
    sign_python_release(&s);
    let extra = ["--trust-list", "kz2.json", "--certificate-id", "KZ-2026-0000000000000002"];
    s.issue("python.bundle.json", &extra).code(0).says("KZ-2026-0000000000000002");
    // State B re-evaluates the SBOM the bundle carries under its own policy.
    s.run(&[
        "--time",
        NOW,
        "certify",
        "verify",
        "python.bundle.json",
        "--anchor",
        "fed.json",
        "--policy",
        "policy.json",
    ])
    .code(0);
}
