//! `attest trust …` end to end: drafting, co-signing, verifying against an
//! anchor with rollback state, and the attacks on lists of docs/threat-model.md (T3,
//! T4, T5, T6, T7, T23, T24, T26, T28).

use attest_e2e::Scratch;
use serde_json::{Value, json};

const T1: &str = "2026-01-10T00:00:00Z";
const LATER: &str = "2026-02-01T00:00:00Z";

fn national(s: &Scratch) {
    s.national_list();
}

/// The draft of the next version of `from`, signed by `signers`, written to `out`.
fn next(s: &Scratch, from: &str, out: &str, signers: &[&str], edit: impl Fn(&str)) {
    s.run(&["--time", T1, "trust", "next", from, "-o", "next.draft.json", "--force"]).code(0);
    edit("next.draft.json");
    let first = format!("{}.key", signers[0]);
    s.run(&["trust", "sign", "next.draft.json", "--key", &first, "--previous", from, "-o", out, "--force"]).code(0);
    for g in &signers[1..] {
        s.run(&["trust", "sign", out, "--key", &format!("{g}.key"), "--previous", from, "-o", out, "--force"]).code(0);
    }
}

fn verify(s: &Scratch, lists: &[&str], anchor: &str) -> attest_e2e::Outcome {
    let mut args = vec!["--time", LATER, "--state", "state", "trust", "verify"];
    args.extend(lists);
    args.extend(["--anchor", anchor]);
    s.run(&args)
}

/// [`verify`] with the report as JSON, for its codes.
fn verify_json(s: &Scratch, lists: &[&str], anchor: &str) -> attest_e2e::Outcome {
    let mut args = vec!["--output", "json"];
    args.extend(lists);
    verify(s, &args, anchor)
}

#[test]
fn a_co_signed_list_verifies_against_itself_and_records_state() {
    let s = Scratch::new();
    national(&s);
    let out = verify(&s, &["kz.json"], "kz.json");
    out.code(0).says("VERIFIED");
    assert!(s.join("state/trust").read_dir().unwrap().count() == 1);
    let j = s
        .run(&[
            "--time", LATER, "--state", "state", "--output", "json", "trust", "verify", "kz.json", "--anchor",
            "kz.json",
        ])
        .json();
    assert_eq!(j["believed"][0]["sequence"], json!(1));
    // The signed payload is a trust list, with every entry kind we added.
    let fp = s.run(&["trust", "fingerprint", "kz.json"]);
    fp.code(0);
    assert_eq!(fp.stdout.trim().len(), 64);
}

#[test]
fn parallel_signatures_combine() {
    let s = Scratch::new();
    national(&s);
    s.run(&["trust", "sign", "kz.draft.json", "--key", "g1.key", "-o", "a.json"]).code(0);
    s.run(&["trust", "sign", "kz.draft.json", "--key", "g3.key", "-o", "b.json"]).code(0);
    verify(&s, &["a.json"], "a.json").code(1).says("not signed by a threshold");
    s.run(&["trust", "combine", "a.json", "b.json", "-o", "ab.json"]).code(0).says("2 signature(s)");
    verify(&s, &["ab.json"], "ab.json").code(0);
}

#[test]
fn t2_non_governor_signature_is_refused_and_not_counted() {
    let s = Scratch::new();
    national(&s);
    s.run(&["trust", "sign", "kz.draft.json", "--key", "g4.key", "-o", "x.json"]).code(1).says("not a governor");
    assert!(!s.join("x.json").exists());
}

#[test]
fn t3_t26_repeated_governor_signature_counts_once_and_a_key_listed_twice_is_malformed() {
    let s = Scratch::new();
    national(&s);
    s.run(&["trust", "sign", "kz.draft.json", "--key", "g1.key", "-o", "one.json"]).code(0);
    let mut env: Value = serde_json::from_slice(&s.read("one.json")).unwrap();
    let sig = env["signatures"][0].clone();
    env["signatures"].as_array_mut().unwrap().push(sig);
    s.write("twice.json", serde_json::to_vec(&env).unwrap());
    verify(&s, &["twice.json"], "twice.json").code(1).says("1 of 2 required");

    s.run(&[
        "trust",
        "init",
        "--name",
        "x",
        "--jurisdiction",
        "KZ",
        "--governor",
        "g1.pub",
        "--governor",
        "g1.pub",
        "--threshold",
        "1",
        "-o",
        "dup.json",
    ])
    .code(2)
    .says("listed twice");
}

#[test]
fn t4_an_attestation_is_not_a_trust_list() {
    let s = Scratch::new();
    national(&s);
    s.signed_release();
    verify(&s, &["att.json"], "kz.json")
        .code(2)
        .says("att.json is a signed attestation; `trust verify` takes a signed trust list");
    verify(&s, &["kz.json"], "att.json")
        .code(2)
        .says("att.json is a signed attestation; `trust verify --anchor` takes a signed trust list");
}

#[test]
fn t5_rollback_is_rejected_after_a_newer_version_was_seen() {
    let s = Scratch::new();
    national(&s);
    next(&s, "kz.json", "kz2.json", &["g2", "g3"], |_| {});
    verify(&s, &["kz.json", "kz2.json"], "kz.json").code(0);
    verify_json(&s, &["kz.json"], "kz.json").code(1).fails_with("rollback");
}

#[test]
fn t6_a_list_past_next_update_is_expired() {
    let s = Scratch::new();
    national(&s);
    let args =
        ["--time", "2026-04-02T00:00:00Z", "--state", "state", "trust", "verify", "kz.json", "--anchor", "kz.json"];
    s.run(&[&args[..], &["--output", "json"]].concat()).code(1).fails_with("expired");
}

#[test]
fn t7_rotation_needs_the_old_governance_and_t28_every_step() {
    let s = Scratch::new();
    national(&s);
    let rotate = |d: &str| {
        s.run(&["trust", "set-governance", d, "--governor", "g4.pub", "--governor", "g5.pub", "--threshold", "2"])
            .code(0);
    };
    // Only the new governors signed.
    next(&s, "kz.json", "rot-bad.json", &["g4", "g5"], rotate);
    verify_json(&s, &["rot-bad.json"], "kz.json").code(1).fails_with("below-threshold").says("rotation rejected");
    // Old and new thresholds: a valid rotation.
    next(&s, "kz.json", "rot.json", &["g1", "g2", "g4", "g5"], rotate);
    next(&s, "rot.json", "kz3.json", &["g4", "g5"], |_| {});
    // Version 3 alone, without the rotation it rests on: a chain gap.
    verify_json(&s, &["kz3.json"], "kz.json").code(1).fails_with("rotation-not-shown");
    verify(&s, &["rot.json", "kz3.json"], "kz.json").code(0).says("rotation accepted");
}

#[test]
fn t23_two_lists_with_one_sequence_are_a_fork() {
    let s = Scratch::new();
    national(&s);
    next(&s, "kz.json", "kz2.json", &["g1", "g2"], |_| {});
    next(&s, "kz.json", "kz2-fork.json", &["g2", "g3"], |d| {
        s.run(&["--time", T1, "trust", "revoke", d, "--component", "pkg:cargo/serde@1.0.210", "--reason", "fork"])
            .code(0);
    });
    verify(&s, &["kz2.json"], "kz.json").code(0);
    verify(&s, &["kz2-fork.json"], "kz.json").code(1).says("fork");
}

#[test]
fn t24_a_self_signed_replacement_is_not_believed() {
    let s = Scratch::new();
    national(&s);
    // A draft of a list `name` of its own, governed by g5 alone.
    let own_list = |name: &str, out: &str| {
        s.run(&[
            "--time",
            T1,
            "trust",
            "init",
            "--name",
            name,
            "--jurisdiction",
            "KZ",
            "--governor",
            "g5.pub",
            "--threshold",
            "1",
            "-o",
            out,
        ])
        .code(0);
    };
    // An impostor with the same name, its own governance and a higher sequence.
    own_list("kz-national", "imp.draft.json");
    let mut d: Value = serde_json::from_slice(&s.read("imp.draft.json")).unwrap();
    d["sequence"] = json!(9);
    d["previous"] = json!({"sha256": "00".repeat(32)});
    s.write("imp.draft.json", serde_json::to_vec(&d).unwrap());
    s.run(&["trust", "sign", "imp.draft.json", "--key", "g5.key", "-o", "imp.json"]).code(0);
    verify(&s, &["imp.json"], "kz.json").code(1).says("0 of the 2 signatures the trusted governance requires");
    // A list with another name is not believed either.
    own_list("other", "o.draft.json");
    s.run(&["trust", "sign", "o.draft.json", "--key", "g5.key", "-o", "o.json"]).code(0);
    verify(&s, &["o.json"], "kz.json").code(1).says("neither the anchor nor a list it recognises");
}

#[test]
fn drafts_refuse_invalid_edits_and_signed_lists_refuse_edits() {
    let s = Scratch::new();
    national(&s);
    let add_supplier = |id: &str, scope: &str| {
        s.run(&["trust", "add", "kz.draft.json", "--kind", "supplier", "--id", id, "--key", "g5.pub", "--scope", scope])
    };
    add_supplier("acme", "pkg:npm/*").code(2).says("already exists");
    add_supplier("lod", "pkg:npm/lod*").code(2);
    s.run(&[
        "trust",
        "add",
        "kz.draft.json",
        "--kind",
        "supplier",
        "--id",
        "beta",
        "--key",
        "g5.pub",
        "--scope",
        "pkg:npm/b",
        "--certifies",
        "standard",
    ])
    .code(2)
    .says("an entry of kind supplier cannot have `certifies`");
    s.run(&["trust", "add", "kz.json", "--kind", "component", "--id", "x", "--scope", "pkg:npm/x"])
        .code(2)
        .says("kz.json is a signed trust list; `trust add` takes an unsigned trust-list draft");
    s.run(&["trust", "set-status", "kz.draft.json", "--id", "nobody", "--status", "suspended"])
        .code(2)
        .says("no entry");
}

#[test]
fn t22_times_in_a_list_must_be_utc_z() {
    let s = Scratch::new();
    national(&s);
    let text = String::from_utf8(s.read("kz.draft.json")).unwrap().replacen("T00:00:00Z", "T00:00:00+00:00", 1);
    s.write("offset.json", text);
    s.run(&["trust", "show", "offset.json"]).code(2).says("UTC");
}

#[test]
fn t15_unknown_field_in_a_list_is_malformed() {
    let s = Scratch::new();
    national(&s);
    let mut d: Value = serde_json::from_slice(&s.read("kz.draft.json")).unwrap();
    d["entries"][0]["trustEverything"] = json!(true);
    s.write("extra.json", serde_json::to_vec(&d).unwrap());
    s.run(&["trust", "sign", "extra.json", "--key", "g1.key", "-o", "x.json"]).code(2).says("unknown field");
}

#[test]
fn t15_a_field_of_another_kind_in_a_list_is_malformed_naming_entry_and_field() {
    let s = Scratch::new();
    national(&s);
    let mut d: Value = serde_json::from_slice(&s.read("kz.draft.json")).unwrap();
    let id = d["entries"][0]["id"].as_str().unwrap().to_owned();
    d["entries"][0]["listName"] = json!("uz-national");
    s.write("foreign.json", serde_json::to_vec(&d).unwrap());
    s.run(&["trust", "show", "foreign.json"]).code(2).says(&format!("entry \"{id}\"")).says("cannot have `listName`");
}
