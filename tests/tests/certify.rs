//! `attest certify …` end to end: a regulator of state A certifies, a
//! regulator of state B verifies offline with only its federation anchor;
//! and the attacks of docs/threat-model.md on certificates and bundles (T8, T9, T10,
//! T12, T13, T27, T29, T31, plus rollback, fork and expiry of the
//! federation list seen through a bundle).

use attest_e2e::{ISSUED, Outcome, Scratch, issue_args, shared};
use serde_json::{Value, json};

const LATER: &str = "2026-02-01T00:00:00Z";

/// State B verifies `bundle` at `time` with its own state `stateB`.
fn verify_b(s: &Scratch, bundle: &str, time: &str, extra: &[&str]) -> Outcome {
    let mut args = vec!["--time", time, "--state", "stateB", "certify", "verify", bundle, "--anchor", "fed.json"];
    args.extend(extra);
    s.run(&args)
}

/// The next federation version with `edit` (a `trust` subcommand on
/// `fed2.draft.json`) applied at `time`, signed by f1 and f2, as `fed2.json`.
fn fed_next(s: &Scratch, time: &str, edit: &[&str]) {
    s.next_list(time, "fed.json", "fed2.json", &["f1", "f2"], edit);
}

/// [`fed_next`] withdrawing kz-regulator, with `extra` arguments to
/// `set-status`.
fn fed_withdrawing_the_regulator(s: &Scratch, time: &str, extra: &[&str]) {
    let mut edit = vec!["set-status", "fed2.draft.json", "--id", "kz-regulator", "--status", "withdrawn"];
    edit.extend(extra);
    fed_next(s, time, &edit);
}

/// [`fed_next`] at 2026-01-25 revoking the certificate of `bundle.json`
/// for `reason`.
fn fed_revoking_the_certificate(s: &Scratch, reason: &str) {
    let edit = [
        "revoke",
        "fed2.draft.json",
        "--certificate",
        "KZ-2026-0000000000000001",
        "--authority",
        "kz-regulator",
        "--reason",
        reason,
    ];
    fed_next(s, "2026-01-25T00:00:00Z", &edit);
}

fn bundle(s: &Scratch, rel: &str) -> Value {
    serde_json::from_slice(&s.read(rel)).unwrap()
}

#[test]
fn issue_then_verify_offline_with_only_the_federation_anchor() {
    let s = Scratch::new();
    s.certified_release();
    let out = verify_b(&s, "bundle.json", LATER, &["--subject", "rel/dist/acme-gateway.tar.gz"]);
    out.code(0).says("VERIFIED");
    for step in
        ["1 lists", "2 issuer", "3 certificate", "4 revocation freshness", "5 evidence", "6 artefacts", "7 own policy"]
    {
        out.says(step);
    }
    let b = bundle(&s, "bundle.json");
    assert_eq!(b["mediaType"], json!("application/vnd.attest.bundle.v1+json"));
    assert_eq!(b["trustLists"].as_array().unwrap().len(), 2);
    let j = verify_b(&s, "bundle.json", LATER, &["--output", "json"]).json();
    assert_eq!(j["verified"], json!(true));
    let cert = &j["bundles"][0]["certificate"];
    assert_eq!(cert["certificateId"], json!("KZ-2026-0000000000000001"));
    assert_eq!(cert["evaluation"]["result"], json!("PASSED"));
    assert_eq!(cert["recognition"], json!(["sco-federation"]));
    assert_eq!(cert["notAfter"], json!("2027-01-20T00:00:00Z"));
    // Re-evaluated under B's own policy too.
    verify_b(&s, "bundle.json", LATER, &["--policy", "policy.json"]).code(0).says("PASSED under kz-import-2026");
}

#[test]
fn random_certificate_ids_follow_the_format() {
    let s = Scratch::new();
    s.certified_release();
    let mut args = vec!["--output", "json"];
    args.extend(issue_args("b2.json"));
    let j = s.run(&args).json();
    let id = j["certificate"]["certificateId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("KZ-2026-") && id.len() == "KZ-2026-".len() + 16, "{id}");
    args.pop();
    args.push("b3.json");
    let other = s.run(&args).json()["certificate"]["certificateId"].as_str().unwrap().to_owned();
    assert_ne!(id, other);
}

#[test]
#[cfg_attr(no_shared_interop, ignore = "needs ../shared/interop, which is absent (set ATTEST_SHARED)")]
fn the_certificate_envelope_passes_a_third_party_verifier() {
    let Some(shared) = shared() else {
        panic!("../shared/interop not found (set ATTEST_SHARED); this test was run with --include-ignored")
    };
    let s = Scratch::new();
    s.certified_release();
    let b = bundle(&s, "bundle.json");
    s.write("cert.json", serde_json::to_vec(&b["certificate"]).unwrap());
    let out = std::process::Command::new(shared.join("interop/verify-dsse"))
        .args([
            "cert.json",
            "kzreg.pub",
            "--artifact",
            "rel/dist/acme-gateway.tar.gz",
            "--expect-predicate-type",
            "urn:attest:mutual-recognition:v2",
        ])
        .current_dir(s.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn nothing_is_issued_when_the_evaluation_fails() {
    let s = Scratch::new();
    s.certified_release();
    // A release outside the supplier's scope.
    s.sign_release("acme-gateway", "3.0.0", None);
    s.issue("refused.json", &[]).code(1).says("out of scope").says("nothing was written");
    assert!(!s.join("refused.json").exists());
}

#[test]
fn t12_issuer_must_be_a_granted_authority_with_the_key_and_class() {
    let s = Scratch::new();
    s.certified_release();
    let mut args = issue_args("x.json");
    args.extend(["--output", "json"]);
    args[7] = "g1.key";
    s.run(&args).code(1).fails_with("issuer-not-recognised").says("is not a key of authority");
    args[7] = "kzreg.key";
    args[9] = "uz-regulator";
    s.run(&args).code(1).fails_with("issuer-not-recognised");
    let mut p: Value = serde_json::from_slice(&s.read("policy.json")).unwrap();
    p["certificate"]["class"] = json!("critical-infrastructure");
    s.write("policy.json", serde_json::to_vec(&p).unwrap());
    s.issue("y.json", &["--output", "json"]).code(1).fails_with("class-not-certified");
    assert!(!s.join("x.json").exists() && !s.join("y.json").exists());
}

#[test]
fn t12_authority_withdrawn_before_issued_is_not_recognised() {
    let s = Scratch::new();
    s.certified_release();
    fed_withdrawing_the_regulator(&s, "2026-01-15T00:00:00Z", &[]);
    verify_b(&s, "bundle.json", LATER, &["--trust-list", "fed2.json", "--output", "json"])
        .code(1)
        .fails_with("issuer-not-recognised")
        .says("withdrawn");
}

#[test]
fn t31_withdrawal_after_issue_judges_by_issued_narrowed_by_grandfathered() {
    let s = Scratch::new();
    s.certified_release();
    // Withdrawn after the certificate was issued, no grandfathered list: it stands.
    fed_withdrawing_the_regulator(&s, "2026-01-25T00:00:00Z", &[]);
    verify_b(&s, "bundle.json", LATER, &["--trust-list", "fed2.json"]).code(0);
    // With a grandfathered list that does not name it: void.
    let t = Scratch::new();
    t.certified_release();
    fed_withdrawing_the_regulator(&t, "2026-01-25T00:00:00Z", &["--grandfather", "KZ-2026-ffffffffffffffff"]);
    verify_b(&t, "bundle.json", LATER, &["--trust-list", "fed2.json"])
        .code(1)
        .says("not among the certificates it grandfathered");
}

#[test]
fn t8_mix_and_match_is_a_digest_mismatch() {
    let s = Scratch::new();
    s.certified_release();
    // Another attestation, validly signed by the same vendor, swapped in.
    s.run(&[
        "--time",
        ISSUED,
        "sbom",
        "generate",
        "rel",
        "--name",
        "acme-gateway",
        "--version",
        "2.4.2",
        "-o",
        "other.json",
    ])
    .code(0);
    s.sign_sbom("vendor.key", "other.json", "rel/dist/acme-gateway.tar.gz", "other.att.json");
    let mut b = bundle(&s, "bundle.json");
    b["attestation"] = serde_json::from_slice(&s.read("other.att.json")).unwrap();
    s.write("mixed.json", serde_json::to_vec(&b).unwrap());
    verify_b(&s, "mixed.json", LATER, &["--output", "json"])
        .code(1)
        .fails_with("digest-mismatch")
        .says("the attestation is");
    // A different policy.
    let mut b = bundle(&s, "bundle.json");
    b["policy"]["sbom"]["maxAgeDays"] = json!(9999);
    s.write("mixed-policy.json", serde_json::to_vec(&b).unwrap());
    verify_b(&s, "mixed-policy.json", LATER, &["--output", "json"])
        .code(1)
        .fails_with("digest-mismatch")
        .says("the policy is");
    // A list the certificate was not issued against.
    let mut b = bundle(&s, "bundle.json");
    b["trustLists"].as_array_mut().unwrap().truncate(1);
    s.write("no-national.json", serde_json::to_vec(&b).unwrap());
    verify_b(&s, "no-national.json", LATER, &["--output", "json"])
        .code(1)
        .fails_with("digest-mismatch")
        .says("is not in the bundle");
}

#[test]
fn t9_swapped_artefact_is_a_subject_mismatch() {
    let s = Scratch::new();
    s.certified_release();
    s.write("swapped.tar.gz", b"trojan");
    verify_b(&s, "bundle.json", LATER, &["--subject", "swapped.tar.gz", "--output", "json"])
        .code(1)
        .fails_with("subject-mismatch");
}

#[test]
fn t10_revoked_certificate_and_issuer_key() {
    let s = Scratch::new();
    s.certified_release();
    fed_revoking_the_certificate(&s, "issued in error");
    verify_b(&s, "bundle.json", LATER, &["--trust-list", "fed2.json", "--output", "json"])
        .code(1)
        .fails_with("revoked")
        .says("issued in error");
    let t = Scratch::new();
    t.certified_release();
    fed_next(
        &t,
        "2026-01-25T00:00:00Z",
        &["revoke", "fed2.draft.json", "--key", "kzreg.pub", "--reason", "key compromised"],
    );
    verify_b(&t, "bundle.json", LATER, &["--trust-list", "fed2.json", "--output", "json"])
        .code(1)
        .fails_with("revoked")
        .says("key compromised");
}

#[test]
fn t13_outside_validity_is_rejected() {
    let s = Scratch::new();
    s.certified_release();
    verify_b(&s, "bundle.json", "2026-01-19T00:00:00Z", &["--output", "json"]).code(1).fails_with("issued-in-future");
}

#[test]
fn t13_and_t29_after_expiry_of_the_national_list_revocation_status_is_unknown() {
    let s = Scratch::new();
    s.certified_release();
    // kz-national (90 days from 2026-01-01) has expired; the federation (400 days) has not.
    verify_b(&s, "bundle.json", "2026-05-01T00:00:00Z", &["--output", "json"])
        .code(1)
        .fails_with("revocation-status-unknown");
    // A fresh national list given with --trust-list restores it.
    s.next_list("2026-04-20T00:00:00Z", "kz.json", "kz2.json", &["g1", "g2"], &[]);
    verify_b(&s, "bundle.json", "2026-05-01T00:00:00Z", &["--trust-list", "kz2.json"]).code(0);
    // And after notAfter the certificate itself is over.
    verify_b(&s, "bundle.json", "2027-01-21T00:00:00Z", &["--trust-list", "kz2.json", "--output", "json"])
        .code(1)
        .fails_with("not-valid-at");
}

#[test]
fn t27_certificate_replayed_into_another_federation_is_not_recognised() {
    let s = Scratch::new();
    s.certified_release();
    // Another federation that also lists kz-regulator and kz-national.
    s.run(&[
        "--time",
        "2026-01-01T00:00:00Z",
        "trust",
        "init",
        "--name",
        "other-federation",
        "--jurisdiction",
        "XX",
        "--governor",
        "f3.pub",
        "--threshold",
        "1",
        "--valid-for",
        "400",
        "-o",
        "other.draft.json",
    ])
    .code(0);
    s.federate_kz("other.draft.json", &[]);
    s.sign_list("other.draft.json", "other.json", &["f3"]);
    s.run(&[
        "--time",
        LATER,
        "--state",
        "stateC",
        "certify",
        "verify",
        "bundle.json",
        "--anchor",
        "other.json",
        "--output",
        "json",
    ])
    .code(1)
    .fails_with("not-recognised");
}

#[test]
fn federation_rollback_fork_and_expiry_through_a_bundle() {
    let s = Scratch::new();
    s.certified_release();
    // B has seen federation version 2; the bundle carries version 1: ignored, not an error.
    fed_next(&s, "2026-01-25T00:00:00Z", &[]);
    s.run(&["--time", LATER, "--state", "stateB", "trust", "verify", "fed2.json", "--anchor", "fed.json"]).code(0);
    verify_b(&s, "bundle.json", LATER, &["--output", "json"]).code(0).warns_with("rollback");
    // A fork of version 2 inside a bundle is rejected.
    s.next_list("2026-01-26T00:00:00Z", "fed.json", "fork.json", &["f2", "f3"], &[]);
    let mut b = bundle(&s, "bundle.json");
    b["trustLists"].as_array_mut().unwrap().push(serde_json::from_slice(&s.read("fork.json")).unwrap());
    s.write("forked.json", serde_json::to_vec(&b).unwrap());
    verify_b(&s, "forked.json", LATER, &["--output", "json"]).code(1).fails_with("fork");
    // Past the federation's nextUpdate (400 days): expired.
    verify_b(&s, "bundle.json", "2027-02-10T00:00:00Z", &["--output", "json"]).code(1).fails_with("expired");
}

#[test]
fn many_bundles_in_one_call() {
    let s = Scratch::new();
    s.certified_release();
    for i in 2..=5 {
        s.issue(&format!("b{i}.json"), &["--certificate-id", &format!("KZ-2026-000000000000000{i}")]).code(0);
    }
    let out = s.run(&[
        "--time",
        LATER,
        "--state",
        "stateB",
        "certify",
        "verify",
        "bundle.json",
        "b2.json",
        "b3.json",
        "b4.json",
        "b5.json",
        "--anchor",
        "fed.json",
    ]);
    out.code(0).says("5 of 5 bundle(s) verified");
    s.write("broken.json", b"{");
    s.run(&[
        "--time",
        LATER,
        "--state",
        "stateB",
        "certify",
        "verify",
        "bundle.json",
        "broken.json",
        "--anchor",
        "fed.json",
    ])
    .code(2)
    .says("broken.json");
}

#[test]
fn show_prints_the_certificate_and_its_status() {
    let s = Scratch::new();
    s.certified_release();
    s.run(&["certify", "show", "bundle.json"])
        .code(0)
        .says("KZ-2026-0000000000000001")
        .says("acme-gateway")
        .says("not verified here");
    s.run(&["--time", LATER, "--state", "stateB", "certify", "show", "bundle.json", "--anchor", "fed.json"])
        .code(0)
        .says("VERIFIED");
}

#[test]
fn stripping_the_attestation_signatures_cannot_hide_a_revoked_vendor_key() {
    let s = Scratch::new();
    s.certified_release();
    s.next_list(
        "2026-01-25T00:00:00Z",
        "kz.json",
        "kz2.json",
        &["g1", "g2"],
        &["revoke", "kz2.draft.json", "--key", "vendor.pub", "--reason", "vendor key stolen"],
    );
    verify_b(&s, "bundle.json", LATER, &["--trust-list", "kz2.json", "--output", "json"])
        .code(1)
        .fails_with("revoked")
        .says("vendor key stolen");
    let mut b = bundle(&s, "bundle.json");
    b["attestation"]["signatures"] = json!([]);
    s.write("stripped.json", serde_json::to_vec(&b).unwrap());
    verify_b(&s, "stripped.json", LATER, &["--trust-list", "kz2.json", "--output", "json"])
        .code(1)
        .fails_with("untrusted-signer");
}

#[test]
fn a_revocation_carried_by_any_bundle_applies_to_all_whatever_the_order() {
    let s = Scratch::new();
    s.certified_release();
    // Bundle y carries a federation version that revokes bundle.json's certificate.
    s.issue("y.json", &["--certificate-id", "KZ-2026-00000000000000ff"]).code(0);
    fed_revoking_the_certificate(&s, "withdrawn");
    let mut y = bundle(&s, "y.json");
    y["trustLists"].as_array_mut().unwrap().push(serde_json::from_slice(&s.read("fed2.json")).unwrap());
    s.write("y.json", serde_json::to_vec(&y).unwrap());
    for order in [["bundle.json", "y.json"], ["y.json", "bundle.json"]] {
        let t = s.run(&[
            "--time",
            LATER,
            "--state",
            &format!("state-{}", order[0]),
            "--output",
            "json",
            "certify",
            "verify",
            order[0],
            order[1],
            "--anchor",
            "fed.json",
        ]);
        t.code(1);
        let j = t.json();
        let verdicts: Vec<(String, bool)> = j["bundles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| (b["certificateId"].as_str().unwrap().to_owned(), b["verified"].as_bool().unwrap()))
            .collect();
        assert!(verdicts.contains(&("KZ-2026-0000000000000001".to_owned(), false)), "{verdicts:?}");
        assert!(verdicts.contains(&("KZ-2026-00000000000000ff".to_owned(), true)), "{verdicts:?} {}", j["bundles"]);
    }
}

#[test]
fn certificate_ids_are_plain() {
    let s = Scratch::new();
    s.certified_release();
    s.issue("odd.json", &["--certificate-id", "KZ 2026\u{1b}[31m"]).code(2).says("certificate id");
    assert!(!s.join("odd.json").exists());
}
