//! One release, one identity (docs/threat-model.md T38–T40), through the real binary:
//! a revoked release spelt another way in a lockfile, a purl qualifier given
//! twice, duplicate subjects, a leap second, and a `--policy` that `--key`
//! mode cannot apply.

use attest_core::digest::Sha256Digest;
use attest_core::dsse::{Envelope, PAYLOAD_TYPE_IN_TOTO};
use attest_core::keys::PrivateKey;
use attest_e2e::{Scratch, T0};
use serde_json::json;

const NOW: &str = "2026-01-20T00:00:00Z";

/// The national list, the policy, and `kz2.json` revoking `purl` for
/// "hijacked release".
fn list_revoking(s: &Scratch, purl: &str) {
    s.national_list();
    s.policy();
    s.next_list(
        "2026-01-10T00:00:00Z",
        "kz.json",
        "kz2.json",
        &["g1", "g2"],
        &["revoke", "kz2.draft.json", "--component", purl, "--reason", "hijacked release"],
    );
}

/// T38: `sbom generate` on a lockfile that pins a revoked release in an
/// unusual but valid spelling writes the normal form, and the regulator's
/// evaluation blocks it naming the revocation.
#[test]
fn t38_a_revoked_release_spelt_another_way_in_a_lockfile_is_still_revoked() {
    let sha256 = "c8e3592472072e6e22e0a54d5904d9febf8508f65fb8552499a1abc7d1078c3a";
    let npm_lock = |version: &str| {
        json!({"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
            "packages": {"": {"name": "app", "version": "1.0.0", "dependencies": {"ms": "^3.3.6"}},
                "node_modules/ms": {"version": version, "resolved": "https://registry.npmjs.org/ms/-/ms-3.3.6.tgz",
                    "integrity": "sha512-Ikiou7I4nmx0gv5S9spYLqnNO/pUwCiBkeXZsa6hx4kK9ya8Y4+fmlJ7DyCUcwvKb9ZhBhnUOa4eFXkH2HaT9Q=="}}})
        .to_string()
    };
    let cargo_lock = |version: &str| {
        format!(
            "version = 4\n\n[[package]]\nname = \"time\"\nversion = \"{version}\"\nsource = \
             \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{sha256}\"\n"
        )
    };
    // (lockfile, content, revoked purl, the spelling kept beside the normal form)
    let cases: Vec<(&str, String, &str, Option<&str>)> = vec![
        (
            "requirements.txt",
            format!("requests==2.32.03 \\\n    --hash=sha256:{sha256}\n"),
            "pkg:pypi/requests@2.32.3",
            Some("2.32.03"),
        ),
        (
            "requirements.txt",
            format!("Requests==v2.32.3.0 --hash=sha256:{sha256}\n"),
            "pkg:pypi/requests@2.32.3",
            Some("v2.32.3.0"),
        ),
        ("package-lock.json", npm_lock("v3.3.6"), "pkg:npm/ms@3.3.6", Some("v3.3.6")),
        ("package-lock.json", npm_lock("3.3.6+build1"), "pkg:npm/ms@3.3.6", Some("3.3.6+build1")),
        // Cargo keeps build metadata in the version (crates.io does), so the
        // purl keeps it too; the comparison ignores it.
        ("Cargo.lock", cargo_lock("0.3.36+build.5"), "pkg:cargo/time@0.3.36", None),
    ];
    for (file, lock, revoked, written) in cases {
        let s = Scratch::new();
        list_revoking(&s, revoked);
        s.write("rel/dist/acme-gateway.tar.gz", "acme-gateway 2.4.1");
        s.write(&format!("rel/{file}"), &lock);
        s.sign_release("acme-gateway", "2.4.1", Some("Acme LLP"));
        let sbom: serde_json::Value = serde_json::from_slice(&s.read("sbom.json")).unwrap();
        let components = sbom["components"].as_array().unwrap();
        let component = components.iter().find(|c| c["purl"].as_str().is_some_and(|p| p.starts_with(revoked))).unwrap();
        let props = component["properties"].to_string();
        match written {
            Some(w) => assert!(props.contains("attest:version-as-written") && props.contains(w), "{file}: {props}"),
            None => assert!(!props.contains("attest:version-as-written"), "{file}: {props}"),
        }
        let out = s.evaluate(NOW, &["--trust-list", "kz2.json"]);
        out.code(1).says("blocked").says("hijacked release");
        let j = s.evaluate(NOW, &["--trust-list", "kz2.json", "--output", "json"]).json();
        let decisions = j["components"].as_array().unwrap();
        let decision = decisions.iter().find(|d| d["status"] != json!("first-party")).unwrap();
        assert_eq!(decision["status"], json!("blocked"), "{file} {written:?}: {decision}");
        assert!(decision["reason"].as_str().unwrap().contains("hijacked release"), "{decision}");
    }
}

/// T38: an `exact` pin and a PEP 440 range in a list meet a lockfile's
/// other spelling too, and a pypi range in Cargo's syntax is refused.
#[test]
fn t38_pins_and_ranges_read_in_the_ecosystems_syntax() {
    let s = Scratch::new();
    s.national_list();
    s.trust_add(
        "kz.draft.json",
        &["--kind", "component", "--id", "idna", "--scope", "pkg:pypi/idna", "--exact", "3.7"],
    );
    s.trust_add(
        "kz.draft.json",
        &["--kind", "component", "--id", "requests", "--scope", "pkg:pypi/requests", "--versions", ">=2,<3"],
    );
    let out = s.run(&[
        "--time",
        T0,
        "trust",
        "add",
        "kz.draft.json",
        "--kind",
        "component",
        "--id",
        "bad",
        "--scope",
        "pkg:pypi/bad",
        "--versions",
        "^1",
    ]);
    out.code(2).says("PEP 440");
    s.sign_list("kz.draft.json", "kz.json", &["g1", "g2"]);
    s.policy();
    let sha256 = "c8e3592472072e6e22e0a54d5904d9febf8508f65fb8552499a1abc7d1078c3a";
    s.write("rel/dist/acme-gateway.tar.gz", "acme-gateway 2.4.1");
    s.write(
        "rel/requirements.txt",
        format!("idna==3.07 --hash=sha256:{sha256}\nrequests==2.32.03.post1 --hash=sha256:{sha256}\n"),
    );
    s.sign_release("acme-gateway", "2.4.1", Some("Acme LLP"));
    let j = s.evaluate(NOW, &["--output", "json"]).json();
    let listed: Vec<&str> = j["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == json!("listed"))
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["idna", "requests"], "{}", j["components"]);
}

/// T39: a purl with a qualifier key given twice is malformed in an SBOM
/// component, a scope and a revocation.
#[test]
fn t39_a_qualifier_given_twice_is_malformed_everywhere() {
    let s = Scratch::new();
    s.national_list();
    s.policy();
    let twice = "pkg:npm/lodash@4.17.21?repository_url=https://evil.example&repository_url=https://repo.acme.example";
    let sbom = json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"timestamp": NOW, "component": {"type": "application", "name": "acme-gateway", "version": "2.4.1",
            "purl": "pkg:generic/acme/acme-gateway@2.4.1"}},
        "components": [{"type": "library", "name": "lodash", "version": "4.17.21", "purl": twice,
            "hashes": [{"alg": "SHA-256", "content": "c8e3592472072e6e22e0a54d5904d9febf8508f65fb8552499a1abc7d1078c3a"}]}]});
    s.write("sbom.json", sbom.to_string());
    s.write("rel/dist/acme-gateway.tar.gz", "acme-gateway 2.4.1");
    s.sign_sbom("vendor.key", "sbom.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    s.evaluate(NOW, &[]).code(2).says("twice");
    let scope = "pkg:npm/*?Repository_Url=https://evil.example&repository_url=https://repo.acme.example";
    s.run(&["--time", T0, "trust", "add", "kz.draft.json", "--kind", "component", "--id", "x", "--scope", scope])
        .code(2)
        .says("twice");
    s.run(&["--time", T0, "trust", "revoke", "kz.draft.json", "--component", twice, "--reason", "r"])
        .code(2)
        .says("twice");
}

/// A statement naming `subjects` (name, content), signed by `vendor.key`.
fn statement_with_subjects(s: &Scratch, subjects: &[(&str, &str)]) -> Vec<u8> {
    let subjects: Vec<_> = subjects
        .iter()
        .map(|(name, content)| json!({"name": name, "digest": {"sha256": Sha256Digest::of(content.as_bytes()).to_hex()}}))
        .collect();
    let sbom: serde_json::Value = serde_json::from_slice(&s.read("sbom.json")).unwrap();
    let st = json!({"_type": "https://in-toto.io/Statement/v1", "subject": subjects,
        "predicateType": "https://cyclonedx.org/bom", "predicate": sbom});
    let pem = String::from_utf8(s.read("vendor.key")).unwrap();
    let key = PrivateKey::from_pkcs8_pem(&pem, None, "vendor.key").unwrap();
    let env = Envelope::sign(PAYLOAD_TYPE_IN_TOTO, serde_json::to_vec(&st).unwrap(), &key).unwrap();
    serde_json::to_vec(&env.to_json()).unwrap()
}

/// T40: an attestation naming one artefact twice is malformed for `verify
/// --key`, for the regulator's evaluation and for `certify issue`, so no
/// certificate can pair it with another subject list of the same length.
#[test]
fn t40_duplicate_subjects_are_malformed() {
    let s = Scratch::new();
    s.national_list();
    s.policy();
    s.write("rel/dist/acme-gateway.tar.gz", "acme-gateway 2.4.1");
    s.sign_release("acme-gateway", "2.4.1", Some("Acme LLP"));
    for subjects in [[("x", "1"), ("x", "1")], [("x", "1"), ("y", "1")], [("x", "1"), ("x", "2")]] {
        s.write("att.json", statement_with_subjects(&s, &subjects));
        s.run(&["verify", "att.json", "--key", "vendor.pub"]).code(2).says("repeats the");
        s.evaluate(NOW, &[]).code(2).says("repeats the");
    }
    // Two distinct subjects still verify.
    s.write("att.json", statement_with_subjects(&s, &[("x", "1"), ("y", "2")]));
    s.run(&["verify", "att.json", "--key", "vendor.pub"]).code(0).says("VERIFIED");
    // `attest sign` refuses to write one.
    s.write("dist/b.tar.gz", "same bytes");
    s.write("dist/c.tar.gz", "same bytes");
    s.run(&[
        "sign",
        "--key",
        "vendor.key",
        "--sbom",
        "sbom.json",
        "--subject",
        "dist/b.tar.gz",
        "--subject",
        "dist/c.tar.gz",
        "-o",
        "dup.json",
    ])
    .code(2)
    .says("repeats the sha256");
}

/// `verify --key … --policy P` cannot apply P: refused, never ignored; and
/// `--threshold` beside `--anchor` likewise.
#[test]
fn verify_refuses_flags_its_mode_cannot_apply() {
    let s = Scratch::new();
    s.signed_release();
    s.policy();
    s.run(&["verify", "att.json", "--key", "vendor.pub"]).code(0);
    s.run(&["verify", "att.json", "--key", "vendor.pub", "--policy", "policy.json"])
        .code(2)
        .says("--policy needs --anchor");
    s.national_list();
    s.evaluate(NOW, &["--threshold", "2"]).code(2).says("--threshold applies to --key only");
}

/// A leap second in a list is malformed, never shown as `:59`.
#[test]
fn a_leap_second_in_a_list_is_malformed() {
    let s = Scratch::new();
    s.national_list();
    let draft = String::from_utf8(s.read("kz.draft.json")).unwrap();
    let next_update =
        serde_json::from_str::<serde_json::Value>(&draft).unwrap()["nextUpdate"].as_str().unwrap().to_owned();
    let leap = format!("{}60Z", &next_update[..17]);
    s.write("leap.draft.json", draft.replace(&next_update, &leap));
    s.run(&["trust", "show", "leap.draft.json"]).code(2).says("seconds 00-59");
    s.run(&["--time", "2026-05-31T23:59:60Z", "trust", "show", "kz.json"]).code(2).says("seconds 00-59");
}
