//! Mutual recognition proper (issue 17), through the real binary:
//! certificates v2 (conditions, renewal, accreditation), class equivalence
//! in the federation list judged at issue and at verification, and the
//! CycloneDX export.

use attest_e2e::{ISSUED, Scratch, T0, issue_args, shared};
use serde_json::Value;

/// When the verifier checks (after [`ISSUED`], within every validity).
const VERIFIED: &str = "2026-02-01T00:00:00Z";
/// Before the certificate was issued.
const BEFORE: &str = "2026-01-02T00:00:00Z";
const BEFORE_2: &str = "2026-01-10T00:00:00Z";
/// After the certificate was issued, before verification.
const AFTER: &str = "2026-01-25T00:00:00Z";

/// UZ's policy: it names its own class `basic`.
const UZ_POLICY: &str = r#"{"id": "uz-import", "jurisdiction": "UZ", "components": {"unknown": "allow"},
 "recognition": {"acceptClasses": ["basic"]}}"#;

/// The certified release of the fixture, with UZ's policy beside it.
fn certified() -> Scratch {
    let s = Scratch::new();
    s.certified_release();
    s.write("uz.json", UZ_POLICY);
    s
}

/// The next federation version `out` (from `from`), its draft edited by
/// each `trust` command of `edits` (each `[time, subcommand args…]`, the
/// draft's name put after the subcommand), signed by f1 and f2.
fn next_federation(s: &Scratch, from: &str, out: &str, edits: &[&[&str]]) {
    let draft = format!("{}.draft.json", out.strip_suffix(".json").unwrap());
    s.run(&["--time", edits.first().map_or(T0, |e| e[0]), "trust", "next", from, "-o", &draft, "--force"]).code(0);
    for e in edits {
        let mut args = vec!["--time", e[0], "trust", e[1], &draft];
        args.extend(&e[2..]);
        s.run(&args).code(0);
    }
    s.sign_list(&draft, out, &["f1", "f2"]);
}

const ADD_KZ_AS_UZ: &[&str] =
    &["add", "--kind", "equivalence", "--id", "kz-std-uz-basic", "--from", "KZ:standard", "--to", "UZ:basic"];

fn status(time: &'static str, status: &'static str) -> Vec<&'static str> {
    vec![time, "set-status", "--id", "kz-std-uz-basic", "--status", status]
}

fn with_time<'a>(time: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![time];
    v.extend(rest);
    v
}

/// UZ verifies the bundle with the federation versions `lists`, accepting
/// its class `basic` (from `--accept-class`).
fn verify_as_uz(s: &Scratch, lists: &[&str], state: &str) -> attest_e2e::Outcome {
    let mut args = vec!["--time", VERIFIED, "--state", state, "--output", "json", "certify", "verify", "bundle.json"];
    args.extend(["--anchor", "fed.json", "--policy", "uz.json", "--accept-class", "basic"]);
    for l in lists {
        args.extend(["--trust-list", l]);
    }
    s.run(&args)
}

fn checks(out: &attest_e2e::Outcome) -> Vec<(String, String, String)> {
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    v["bundles"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["outcome"].as_str().unwrap().to_owned(),
                c["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn step3_failures(out: &attest_e2e::Outcome) -> Vec<String> {
    checks(out).into_iter().filter(|(c, o, _)| c == "3 certificate" && o == "fail").map(|(_, _, d)| d).collect()
}

#[test]
fn a_granted_equivalence_accepts_another_states_class_and_the_report_names_it() {
    let s = certified();
    let add = with_time(BEFORE, ADD_KZ_AS_UZ);
    next_federation(&s, "fed.json", "fed2.json", &[&add]);
    let out = verify_as_uz(&s, &["fed2.json"], "uzstate");
    out.code(0);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let b = &v["bundles"][0];
    assert_eq!(b["equivalence"]["entry"], "kz-std-uz-basic");
    assert_eq!(b["equivalence"]["list"], "sco-federation");
    assert_eq!(b["equivalence"]["sequence"], 2);
    assert_eq!(b["equivalence"]["from"]["class"], "standard");
    assert_eq!(b["equivalence"]["to"]["jurisdiction"], "UZ");
    assert!(checks(&out).iter().any(|(c, o, d)| c == "3 certificate"
        && o == "pass"
        && d.contains("accepted as UZ:basic through equivalence kz-std-uz-basic of sco-federation sequence 2")));
    // The policy's own acceptClasses does the same without the flag.
    s.run(&[
        "--time",
        VERIFIED,
        "--state",
        "uz2",
        "certify",
        "verify",
        "bundle.json",
        "--anchor",
        "fed.json",
        "--trust-list",
        "fed2.json",
        "--policy",
        "uz.json",
    ])
    .code(0)
    .says("through equivalence kz-std-uz-basic");
}

#[test]
fn without_an_equivalence_or_accept_class_the_class_is_judged_as_before() {
    let s = certified();
    // No equivalence: a class UZ does not use is refused under --accept-class…
    let out = verify_as_uz(&s, &[], "a");
    out.code(1);
    let f = step3_failures(&out);
    assert!(f.iter().any(|d| d.contains("KZ:standard is not a class you accept (basic)")), "{f:?}");
    // …its own name is accepted literally…
    s.run(&[
        "--time",
        VERIFIED,
        "--state",
        "b",
        "certify",
        "verify",
        "bundle.json",
        "--anchor",
        "fed.json",
        "--policy",
        "uz.json",
        "--accept-class",
        "standard",
    ])
    .code(0)
    .says("class standard is one you accept");
    // …and without any accepted class, as today.
    s.run(&["--time", VERIFIED, "--state", "c", "certify", "verify", "bundle.json", "--anchor", "fed.json"]).code(0);
    // --accept-class names the verifier's classes: it needs its policy's jurisdiction.
    s.run(&["--time", VERIFIED, "certify", "verify", "bundle.json", "--anchor", "fed.json", "--accept-class", "basic"])
        .code(2)
        .says("--policy");
}

#[test]
fn a_suspended_equivalence_refuses_and_says_since_when() {
    let s = certified();
    let add = with_time(BEFORE, ADD_KZ_AS_UZ);
    next_federation(&s, "fed.json", "fed2.json", &[&add]);
    next_federation(&s, "fed2.json", "fed3.json", &[&status(AFTER, "suspended")]);
    let out = verify_as_uz(&s, &["fed2.json", "fed3.json"], "uzstate");
    out.code(1);
    let f = step3_failures(&out);
    assert!(
        f.iter().any(|d| d.contains("equivalence kz-std-uz-basic (KZ:standard as UZ:basic) is suspended since 2026-01-25T00:00:00Z in sco-federation sequence 3")),
        "{f:?}"
    );
    // Re-granted later: accepted again, the record showing the suspension.
    next_federation(&s, "fed3.json", "fed4.json", &[&status("2026-01-28T00:00:00Z", "granted")]);
    verify_as_uz(&s, &["fed2.json", "fed3.json", "fed4.json"], "uzstate").code(0);
    s.run(&["--time", VERIFIED, "trust", "show", "fed4.json"]).code(0).says("kz-std-uz-basic").says("KZ:standard");
}

#[test]
fn an_equivalence_not_in_force_when_the_certificate_was_issued_refuses() {
    let s = certified();
    // Withdrawn before issuance, granted again since: not in force at `issued`.
    let add = with_time(BEFORE, ADD_KZ_AS_UZ);
    next_federation(&s, "fed.json", "fed2.json", &[&add, &status(BEFORE_2, "withdrawn"), &status(AFTER, "granted")]);
    let out = verify_as_uz(&s, &["fed2.json"], "uzstate");
    out.code(1);
    let f = step3_failures(&out);
    assert!(
        f.iter().any(|d| d.contains("was withdrawn when the certificate was issued (2026-01-20T00:00:00Z)")),
        "{f:?}"
    );
    // Declared only after issuance: it did not exist at `issued`.
    let s = certified();
    let add = with_time(AFTER, ADD_KZ_AS_UZ);
    next_federation(&s, "fed.json", "fed2.json", &[&add]);
    verify_as_uz(&s, &["fed2.json"], "uzstate").code(1).says("when the certificate was issued");
}

#[test]
fn an_equivalence_withdrawn_after_issuance_refuses_now() {
    let s = certified();
    let add = with_time(BEFORE, ADD_KZ_AS_UZ);
    next_federation(&s, "fed.json", "fed2.json", &[&add, &status(AFTER, "withdrawn")]);
    let out = verify_as_uz(&s, &["fed2.json"], "uzstate");
    out.code(1);
    let f = step3_failures(&out);
    assert!(f.iter().any(|d| d.contains("is withdrawn since 2026-01-25T00:00:00Z")), "{f:?}");
    assert!(!f.iter().any(|d| d.contains("when the certificate was issued")), "{f:?}");
}

#[test]
fn a_rolled_back_list_cannot_bring_a_suspended_equivalence_back() {
    let s = certified();
    let add = with_time(BEFORE, ADD_KZ_AS_UZ);
    next_federation(&s, "fed.json", "fed2.json", &[&add]);
    next_federation(&s, "fed2.json", "fed3.json", &[&status(AFTER, "suspended")]);
    // The verifier has seen sequence 3, which suspends the equivalence.
    verify_as_uz(&s, &["fed2.json", "fed3.json"], "uzstate").code(1);
    // Offered only sequence 2, where it is granted: still refused.
    let out = verify_as_uz(&s, &["fed2.json"], "uzstate");
    out.code(1);
    assert!(!checks(&out).iter().any(|(_, o, d)| o == "pass" && d.contains("through equivalence")), "{}", out.stdout);
}

#[test]
fn an_equivalence_in_the_other_direction_is_refused_and_named() {
    let s = certified();
    let reverse: &[&str] = &[
        BEFORE,
        "add",
        "--kind",
        "equivalence",
        "--id",
        "uz-basic-kz-std",
        "--from",
        "UZ:basic",
        "--to",
        "KZ:standard",
    ];
    next_federation(&s, "fed.json", "fed2.json", &[reverse]);
    let out = verify_as_uz(&s, &["fed2.json"], "uzstate");
    out.code(1);
    let f = step3_failures(&out);
    assert!(
        f.iter().any(|d| d.contains("equivalence uz-basic-kz-std maps UZ:basic to KZ:standard, the other direction")),
        "{f:?}"
    );
}

#[test]
fn trust_add_equivalence_refuses_what_it_cannot_mean() {
    let s = certified();
    s.run(&["trust", "next", "fed.json", "-o", "d.json"]).code(0);
    for (args, says) in [
        (&["--kind", "equivalence", "--id", "e", "--from", "KZ:standard"][..], "--to"),
        (&["--kind", "equivalence", "--id", "e", "--from", "KZ", "--to", "UZ:basic"][..], "JURISDICTION:CLASS"),
        (&["--kind", "equivalence", "--id", "e", "--from", "KZ:a", "--to", "KZ:b"][..], "both of KZ"),
        (
            &["--kind", "component", "--id", "e", "--scope", "pkg:cargo/x", "--from", "KZ:a", "--to", "UZ:b"][..],
            "--kind equivalence",
        ),
        (
            &["--kind", "component", "--id", "e", "--scope", "pkg:cargo/x", "--accreditation", "X"][..],
            "--kind authority",
        ),
    ] {
        let mut all = vec!["trust", "add", "d.json"];
        all.extend(args);
        s.run(&all).code(2).says(says);
    }
    // An audit names an equivalence of a class no authority of that state certifies.
    s.run(&[
        "--time",
        BEFORE,
        "trust",
        "add",
        "d.json",
        "--kind",
        "equivalence",
        "--id",
        "e",
        "--from",
        "KZ:premium",
        "--to",
        "UZ:basic",
    ])
    .code(0);
    s.run(&["--time", BEFORE, "trust", "audit", "d.json"]).says("equivalence-class-uncertified").says("premium");
}

#[test]
fn a_renewal_marks_the_older_certificate_superseded_and_shows_its_conditions() {
    let s = certified();
    let mut args = issue_args("renewed.json");
    let at = args.iter().position(|a| *a == ISSUED).unwrap();
    args[at] = AFTER;
    args.extend([
        "--certificate-id",
        "KZ-2026-0000000000000002",
        "--supersedes",
        "KZ-2026-0000000000000001",
        "--condition",
        "Only as shipped, without plug-ins.",
        "--condition",
        "<b>not</b> for medical devices",
    ]);
    s.run(&args).code(0);
    let out = s.run(&[
        "--time",
        VERIFIED,
        "--state",
        "v",
        "--output",
        "json",
        "certify",
        "verify",
        "bundle.json",
        "renewed.json",
        "--anchor",
        "fed.json",
    ]);
    out.code(0);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let old = &v["bundles"][0];
    assert_eq!(old["supersededBy"], "KZ-2026-0000000000000002");
    assert!(old["checks"].as_array().unwrap().iter().any(|c| c["outcome"] == "warn"
        && c["code"] == "superseded"
        && c["detail"].as_str().unwrap().contains("KZ-2026-0000000000000002")));
    assert!(v["bundles"][1]["supersededBy"].is_null());
    assert_eq!(v["bundles"][1]["predicateType"], "urn:attest:mutual-recognition:v2");
    let show = s.run(&["certify", "show", "renewed.json"]);
    show.code(0).says("KZ-2026-0000000000000001").says("\u{201c}Only as shipped, without plug-ins.\u{201d}");
    // A renewal claiming an older date than what it renews fails.
    let mut back = issue_args("back.json");
    back.extend(["--certificate-id", "KZ-2026-0000000000000003", "--supersedes", "KZ-2026-0000000000000002"]);
    s.run(&back).code(0);
    s.run(&[
        "--time",
        VERIFIED,
        "--state",
        "w",
        "certify",
        "verify",
        "renewed.json",
        "back.json",
        "--anchor",
        "fed.json",
    ])
    .code(1)
    .says("claims to renew KZ-2026-0000000000000002, issued later");
    // A certificate cannot renew itself.
    let mut own = issue_args("own.json");
    own.extend(["--certificate-id", "KZ-2026-0000000000000004", "--supersedes", "KZ-2026-0000000000000004"]);
    s.run(&own).code(2).says("--supersedes");
}

#[test]
fn the_issuer_accreditation_is_carried_from_the_federation_entry() {
    let s = certified();
    // A federation whose authority entry records an accreditation.
    s.init_federation("acc.draft.json");
    s.federate_kz("acc.draft.json", &["--max-validity-days", "730", "--accreditation", "KZ-NAC 17065 No. 0571"]);
    s.sign_list("acc.draft.json", "fed-acc.json", &["f1", "f2"]);
    let mut args = issue_args("acc.bundle.json");
    let at = args.iter().position(|a| *a == "fed.json").unwrap();
    args[at] = "fed-acc.json";
    // Another federation of the same name: a state of its own, or it is a fork of the one seen.
    let at = args.iter().position(|a| *a == "stateA").unwrap();
    args[at] = "stateAcc";
    args.extend(["--certificate-id", "KZ-2026-0000000000000005"]);
    s.run(&args).code(0);
    let show = s.run(&["--output", "json", "certify", "show", "acc.bundle.json"]);
    let v: Value = serde_json::from_str(&show.code(0).stdout).unwrap();
    assert_eq!(v["certificate"]["issuer"]["accreditation"], "KZ-NAC 17065 No. 0571");
    s.run(&["certify", "show", "acc.bundle.json"]).code(0).says("KZ-NAC 17065 No. 0571");
    // The list shows it too.
    s.run(&["--time", ISSUED, "trust", "show", "fed-acc.json"]).code(0).says("KZ-NAC 17065 No. 0571");
}

#[test]
fn the_export_is_cyclonedx_1_6_declarations_of_the_certificate() {
    let s = certified();
    s.run(&["certify", "export", "bundle.json", "--cyclonedx", "cert.cdx.json"]).code(0).says("CycloneDX 1.6");
    let v: Value = serde_json::from_slice(&s.read("cert.cdx.json")).unwrap();
    assert_eq!(v["bomFormat"], "CycloneDX");
    assert_eq!(v["specVersion"], "1.6");
    let d = &v["declarations"];
    assert_eq!(d["assessors"][0]["bom-ref"], "assessor");
    assert_eq!(d["attestations"][0]["assessor"], "assessor");
    assert!(d["attestations"][0]["summary"].as_str().unwrap().contains("KZ-2026-0000000000000001"));
    assert_eq!(d["targets"]["components"][0]["name"], "acme-gateway");
    assert_eq!(d["targets"]["components"][1]["hashes"][0]["alg"], "SHA-256");
    let claims = d["claims"].as_array().unwrap();
    let requirements = v["definitions"]["standards"][0]["requirements"].as_array().unwrap();
    assert_eq!(claims.len(), requirements.len());
    assert!(requirements.iter().any(|r| r["identifier"] == "sbom.requireHashes"));
    // Every map entry points at a requirement and a claim that exist.
    for m in d["attestations"][0]["map"].as_array().unwrap() {
        assert!(requirements.iter().any(|r| r["bom-ref"] == m["requirement"]));
        assert!(claims.iter().any(|c| c["bom-ref"] == m["claims"][0]));
    }
    // Not replaced without --force.
    s.run(&["certify", "export", "bundle.json", "--cyclonedx", "cert.cdx.json"]).code(2);
    let Some(shared) = shared() else {
        eprintln!("SKIPPED the CycloneDX schema check: ../shared/interop not found (set ATTEST_SHARED)");
        return;
    };
    let out = std::process::Command::new(shared.join("interop/validate-cdx"))
        .args(["--schema-version", "1.6", "cert.cdx.json"])
        .current_dir(s.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
