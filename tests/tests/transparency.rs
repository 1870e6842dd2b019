//! Transparency end to end (docs/transparency.md): KZ's authority logs its
//! certificate, two member states' witnesses cosign, B verifies offline from
//! the bundle; the attacks of docs/threat-model.md T31–T37; an interrupted append;
//! and interop both ways with ../shared/interop (Go's sumdb/{note,tlog} and
//! an independent Python writer), skipped plainly when it is absent.

use std::path::Path;
use std::process::Command;

use attest_e2e::{Outcome, Scratch, shared};
use serde_json::{Value, json};

const LATER: &str = "2026-02-01T00:00:00Z";
/// When the witnesses cosign: an hour after the certificate's issue.
const WITNESSED: &str = "2026-01-20T01:00:00Z";
const ORIGIN: &str = "kz.example/certificates";

fn run_ok(s: &Scratch, args: &[&str]) -> Outcome {
    let out = s.run(args);
    out.code(0);
    out
}

/// A verifier key printed by `log vkey`, saved as `file`.
fn vkey(s: &Scratch, name: &str, key: &str, witness: bool, file: &str) {
    let mut args = vec!["log", "vkey", "--name", name, "--key", key];
    if witness {
        args.push("--witness");
    }
    let out = run_ok(s, &args);
    s.write(file, out.stdout.trim());
}

/// The certified release of [`Scratch::certified_release`], plus:
/// - the log `kzlog` (key `kzlog`, origin [`ORIGIN`]) holding `bundle.json`;
/// - witnesses `wkz` (KZ, `witness.kz.example`), `wuz` (UZ) and `wkz2`
///   (KZ, a second one), and `wxx`, known to nobody;
/// - `fed2.json`: the federation's next version (2026-01-15) declaring the
///   log for kz-regulator, the three witnesses and a required rule of
///   quorum 2 within a day;
/// - `bundle.json` with a proof cosigned by `wkz` and `wuz` at [`WITNESSED`];
///   `plain.json` is the same bundle without a proof.
fn logged_release(s: &Scratch) {
    s.certified_release();
    std::fs::copy(s.join("bundle.json"), s.join("plain.json")).unwrap();
    for k in ["kzlog", "wkz", "wuz", "wkz2", "wxx"] {
        run_ok(s, &["key", "generate", "--out", k]);
    }
    run_ok(s, &["log", "init", "kzlog", "--origin", ORIGIN, "--log-key", "kzlog.key"]);
    vkey(s, ORIGIN, "kzlog.pub", false, "kzlog.vkey");
    for (k, name) in [
        ("wkz", "witness.kz.example"),
        ("wuz", "witness.uz.example"),
        ("wkz2", "witness2.kz.example"),
        ("wxx", "witness.xx.example"),
    ] {
        vkey(s, name, &format!("{k}.pub"), true, &format!("{k}.vkey"));
    }
    run_ok(s, &["--time", "2026-01-15T00:00:00Z", "trust", "next", "fed.json", "-o", "fed2.draft.json"]);
    let add = |args: &[&str]| {
        let mut all = vec!["--time", "2026-01-15T00:00:00Z", "trust", "add", "fed2.draft.json"];
        all.extend(args);
        run_ok(s, &all);
    };
    add(&["--kind", "log", "--id", "kz-log", "--origin", ORIGIN, "--key", "kzlog.pub", "--authority", "kz-regulator"]);
    add(&[
        "--kind",
        "witness",
        "--id",
        "kz-witness",
        "--name",
        "witness.kz.example",
        "--jurisdiction",
        "KZ",
        "--key",
        "wkz.pub",
    ]);
    add(&[
        "--kind",
        "witness",
        "--id",
        "uz-witness",
        "--name",
        "witness.uz.example",
        "--jurisdiction",
        "UZ",
        "--key",
        "wuz.pub",
    ]);
    add(&[
        "--kind",
        "witness",
        "--id",
        "kz-witness-2",
        "--name",
        "witness2.kz.example",
        "--jurisdiction",
        "KZ",
        "--key",
        "wkz2.pub",
    ]);
    run_ok(s, &["trust", "set-transparency", "fed2.draft.json", "--quorum", "2", "--max-delay", "86400", "--required"]);
    s.sign_list("fed2.draft.json", "fed2.json", &["f1", "f2"]);
    run_ok(s, &["log", "append", "kzlog", "--log-key", "kzlog.key", "bundle.json"]);
    cosign(s, "kzlog", &[("wkz", "witness.kz.example"), ("wuz", "witness.uz.example")], WITNESSED);
    run_ok(s, &["log", "prove", "kzlog", "bundle.json"]);
}

/// `log witness DIR` at `time` by the witness `(key stem, name)`, its state
/// in `<stem>-state`, with `extra` arguments.
fn witness(s: &Scratch, time: &str, dir: &str, (k, name): (&str, &str), extra: &[&str]) -> Outcome {
    let (state, key) = (format!("{k}-state"), format!("{k}.key"));
    let mut args = vec!["--time", time, "--state", &state, "log", "witness", dir, "--key", &key, "--name", name];
    args.extend(["--log-vkey", "kzlog.vkey"]);
    args.extend(extra);
    s.run(&args)
}

/// Each of `witnesses` (key stem, name) witnesses `dir` at `time`, and
/// their lines are added.
fn cosign(s: &Scratch, dir: &str, witnesses: &[(&str, &str)], time: &str) {
    let mut args = vec!["log".to_owned(), "cosign".into(), dir.into()];
    for &(k, name) in witnesses {
        let line = format!("{k}.cosig");
        witness(s, time, dir, (k, name), &["-o", &line, "--force"]).code(0);
        args.push(line);
    }
    for (k, _) in witnesses {
        args.extend(["--witness".to_owned(), format!("{k}.vkey")]);
    }
    run_ok(s, &args.iter().map(String::as_str).collect::<Vec<_>>());
}

/// `certify verify BUNDLE` at [`LATER`] with the state `state`, the
/// federation anchor and its second version, then `more` arguments.
fn verify_args<'a>(state: &'a str, bundle: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--time", LATER, "--state", state, "certify", "verify", bundle, "--anchor", "fed.json"];
    args.extend(["--trust-list", "fed2.json"]);
    args.extend(more);
    args
}

/// State B verifies `bundle` with the federation's second version.
fn verify_b(s: &Scratch, bundle: &str) -> Outcome {
    s.run(&verify_args("stateB", bundle, &[]))
}

/// [`verify_b`] with the report as JSON, for its codes.
fn verify_json(s: &Scratch, bundle: &str) -> Outcome {
    s.run(&verify_args("stateB", bundle, &["--output", "json"]))
}

fn proof_of(s: &Scratch, bundle: &str) -> String {
    let b: Value = serde_json::from_slice(&s.read(bundle)).unwrap();
    b["transparency"]["proof"].as_str().unwrap().to_owned()
}

/// `bundle` with its proof text replaced by `f(proof)`, as `out`.
fn with_proof(s: &Scratch, bundle: &str, out: &str, f: impl Fn(&str) -> String) {
    let mut b: Value = serde_json::from_slice(&s.read(bundle)).unwrap();
    let p = f(b["transparency"]["proof"].as_str().unwrap());
    b["transparency"]["proof"] = json!(p);
    s.write(out, serde_json::to_vec_pretty(&b).unwrap());
}

#[test]
fn a_logged_and_witnessed_certificate_verifies_offline_from_the_bundle() {
    let s = Scratch::new();
    logged_release(&s);
    verify_b(&s, "bundle.json")
        .code(0)
        .says("8 transparency")
        .says("logged at index 0 of kz-log")
        .says("kz-witness (KZ), uz-witness (UZ), at 2026-01-20T01:00:00Z");
    let j = s.run(&verify_args("stateB", "bundle.json", &["--output", "json"])).json();
    let checks = j["bundles"][0]["checks"].as_array().unwrap();
    assert!(
        checks.iter().any(|c| c["check"] == json!("8 transparency") && c["outcome"] == json!("pass")),
        "{checks:?}"
    );
    // The log audits, and the federation's views name the new kinds.
    run_ok(
        &s,
        &["log", "audit", "kzlog", "--log-vkey", "kzlog.vkey", "--witness", "wkz.vkey", "--witness", "wuz.vkey"],
    )
    .says("KZ-2026-0000000000000001")
    .says("AUDITED: 1 entries");
    run_ok(&s, &["--time", LATER, "trust", "show", "fed2.json"])
        .says("log origin kz.example/certificates")
        .says("Transparency: required, quorum 2");
    let audit = s.run(&["--time", LATER, "--output", "json", "trust", "audit", "fed2.json"]).json();
    assert!(!audit.to_string().contains("witnesses-one-jurisdiction"), "{audit}");
    let diff = s.run(&["--output", "json", "trust", "diff", "fed.json", "fed2.json"]).json();
    assert!(diff.to_string().contains("transparency"), "{diff}");
}

#[test]
fn t32_a_certificate_never_logged_fails_where_transparency_is_required() {
    let s = Scratch::new();
    logged_release(&s);
    verify_json(&s, "plain.json").code(1).fails_with("not-logged");
    // Issued with --log, in the same step: logged, not yet proven.
    s.issue(
        "second.json",
        &["--certificate-id", "KZ-2026-0000000000000002", "--log", "kzlog", "--log-key", "kzlog.key"],
    )
    .code(0)
    .says("logged at index 1");
    cosign(&s, "kzlog", &[("wkz", "witness.kz.example"), ("wuz", "witness.uz.example")], WITNESSED);
    run_ok(&s, &["log", "prove", "kzlog", "second.json"]);
    verify_b(&s, "second.json").code(0).says("logged at index 1 of kz-log");
    // A bundle whose certificate is not in the log gets no proof.
    s.issue("third.json", &["--certificate-id", "KZ-2026-0000000000000003"]).code(0);
    s.run(&["log", "prove", "kzlog", "third.json"]).code(1).says("is not in the log");
}

#[test]
fn t33_other_logs_and_forged_unknown_duplicate_or_revoked_witnesses_do_not_count() {
    let s = Scratch::new();
    logged_release(&s);
    // Another log (same origin name, another key) holding the certificate.
    run_ok(&s, &["key", "generate", "--out", "rogue"]);
    run_ok(&s, &["log", "init", "roguelog", "--origin", ORIGIN, "--log-key", "rogue.key"]);
    run_ok(&s, &["log", "append", "roguelog", "--log-key", "rogue.key", "plain.json"]);
    std::fs::copy(s.join("plain.json"), s.join("rogue.json")).unwrap();
    run_ok(&s, &["log", "prove", "roguelog", "rogue.json"]);
    verify_b(&s, "rogue.json").code(1).says("not signed by a granted log of kz-regulator");
    // A forged cosignature: one byte of uz's signature changed.
    with_proof(&s, "bundle.json", "forged.json", |p| {
        let line = p.lines().find(|l| l.contains("witness.uz.example")).unwrap();
        let sig = line.rsplit(' ').next().unwrap();
        let mut raw = base64ct_decode(sig);
        raw[40] ^= 1;
        p.replace(sig, &base64ct_encode(&raw))
    });
    verify_json(&s, "forged.json").code(1).fails_with("cosignature-invalid").fails_with("below-quorum");
    // An unknown witness instead of uz; kz twice.
    let s2 = Scratch::new();
    logged_release(&s2);
    cosign(&s2, "kzlog", &[("wxx", "witness.xx.example")], WITNESSED);
    let lines: Vec<String> = proof_of(&s2, "bundle.json").lines().map(str::to_owned).collect();
    let kz = lines.iter().find(|l| l.contains("witness.kz.example")).unwrap().clone();
    run_ok(&s2, &["log", "prove", "kzlog", "bundle.json"]);
    with_proof(&s2, "bundle.json", "unknown.json", |p| {
        p.lines().filter(|l| !l.contains("witness.uz.example")).map(|l| format!("{l}\n")).collect()
    });
    verify_json(&s2, "unknown.json").code(1).fails_with("below-quorum").says("1 of the 2");
    with_proof(&s2, "unknown.json", "twice.json", |p| format!("{p}{kz}\n"));
    verify_json(&s2, "twice.json").code(1).fails_with("below-quorum").says("1 of the 2");
    // A revoked witness key.
    s.next_list(
        "2026-01-25T00:00:00Z",
        "fed2.json",
        "fed3.json",
        &["f1", "f2"],
        &["revoke", "fed3.draft.json", "--key", "wuz.pub", "--reason", "witness key stolen"],
    );
    s.run(&verify_args("stateC", "bundle.json", &["--trust-list", "fed3.json"]))
        .code(1)
        .says("is revoked; its cosignature does not count");
    // A revoked log key: its checkpoints sign nothing, whatever they claim.
    s.next_list(
        "2026-01-25T00:00:00Z",
        "fed2.json",
        "fed4.json",
        &["f1", "f2"],
        &["revoke", "fed4.draft.json", "--key", "kzlog.pub", "--reason", "log key stolen"],
    );
    s.run(&verify_args("stateD", "bundle.json", &["--trust-list", "fed4.json"]))
        .code(1)
        .says("not signed by a granted log of kz-regulator");
}

fn base64ct_decode(s: &str) -> Vec<u8> {
    <base64ct::Base64 as base64ct::Encoding>::decode_vec(s).unwrap()
}

fn base64ct_encode(b: &[u8]) -> String {
    <base64ct::Base64 as base64ct::Encoding>::encode_string(b)
}

#[test]
fn t34_too_few_witnesses_or_one_jurisdiction_fail() {
    let s = Scratch::new();
    logged_release(&s);
    with_proof(&s, "bundle.json", "one.json", |p| {
        p.lines().filter(|l| !l.contains("witness.uz.example")).map(|l| format!("{l}\n")).collect()
    });
    verify_json(&s, "one.json").code(1).fails_with("below-quorum").says("1 of the 2");
    cosign(&s, "kzlog", &[("wkz2", "witness2.kz.example")], WITNESSED);
    run_ok(&s, &["log", "prove", "kzlog", "bundle.json"]);
    with_proof(&s, "bundle.json", "kzonly.json", |p| {
        p.lines().filter(|l| !l.contains("witness.uz.example")).map(|l| format!("{l}\n")).collect()
    });
    verify_b(&s, "kzonly.json").code(1).says("needs two jurisdictions");
    // trust audit says it of a federation whose witnesses are all of KZ.
    s.next_list(
        "2026-01-25T00:00:00Z",
        "fed2.json",
        "fed3.json",
        &["f1", "f2"],
        &["set-status", "fed3.draft.json", "--id", "uz-witness", "--status", "withdrawn"],
    );
    let audit = s.run(&["--time", LATER, "--output", "json", "trust", "audit", "fed3.json"]).json();
    assert!(audit.to_string().contains("witnesses-one-jurisdiction"), "{audit}");
}

#[test]
fn t31_late_witnessing_or_witnessing_after_a_withdrawal_fails() {
    let s = Scratch::new();
    logged_release(&s);
    // Witnessed three days after `issued`: more than the day allowed.
    let s2 = Scratch::new();
    logged_release(&s2);
    let late = "2026-01-23T00:00:00Z";
    cosign(&s2, "kzlog", &[("wkz", "witness.kz.example"), ("wuz", "witness.uz.example")], late);
    // The proof with the log's signature and the late cosignatures only
    // (the checkpoint is unchanged, so the late lines sign the same text).
    let late_lines: Vec<String> =
        ["wkz.cosig", "wuz.cosig"].iter().map(|f| String::from_utf8(s2.read(f)).unwrap()).collect();
    with_proof(&s2, "bundle.json", "late.json", |p| {
        let kept: String =
            p.lines().filter(|l| !l.starts_with('\u{2014}') || l.contains(ORIGIN)).map(|l| format!("{l}\n")).collect();
        format!("{kept}{}", late_lines.concat())
    });
    assert_eq!(proof_of(&s2, "late.json").matches("witness.uz.example").count(), 1);
    verify_b(&s2, "late.json").code(1).says("more than the 86400 s the federation allows");
    // kz-regulator withdrawn at `at`, grandfathering only `kept`.
    let withdraw = |s: &Scratch, at: &str, kept: &str| {
        let edit = ["set-status", "fed3.draft.json", "--id", "kz-regulator", "--status", "withdrawn"];
        s.next_list(at, "fed2.json", "fed3.json", &["f1", "f2"], &[&edit[..], &["--grandfather", kept]].concat());
        s.run(&verify_args("stateC", "bundle.json", &["--trust-list", "fed3.json"]))
    };
    // Withdrawn on 01-25, after the witnesses saw it: it stands though the
    // grandfathered list does not name it (the log replaces the list).
    withdraw(&s, "2026-01-25T00:00:00Z", "KZ-2026-00000000000000ff").code(0);
    // Withdrawn at 00:30, before the witnesses saw it at 01:00: it fails
    // though the grandfathered list names it.
    let s3 = Scratch::new();
    logged_release(&s3);
    withdraw(&s3, "2026-01-20T00:30:00Z", "KZ-2026-0000000000000001")
        .code(1)
        .says("was first witnessed at 2026-01-20T01:00:00Z, after that");
}

#[test]
fn t35_a_witness_refuses_a_split_view_and_keeps_both_checkpoints() {
    let s = Scratch::new();
    logged_release(&s);
    // The log shows the witness another tree of the same size.
    run_ok(&s, &["log", "init", "forked", "--origin", ORIGIN, "--log-key", "kzlog.key"]);
    run_ok(&s, &["log", "append", "forked", "--log-key", "kzlog.key", "fed.json"]);
    let kz = ("wkz", "witness.kz.example");
    witness(&s, LATER, "forked", kz, &[]).code(1).says("split view").says("two different roots for size 1");
    let evidence: Vec<_> =
        std::fs::read_dir(s.join("wkz-state/witness")).unwrap().flatten().filter(|e| e.path().is_dir()).collect();
    assert_eq!(evidence.len(), 1);
    let dir = evidence[0].path();
    let cosigned = std::fs::read(dir.join("cosigned.checkpoint")).unwrap();
    assert!(String::from_utf8(cosigned.clone()).unwrap().contains(ORIGIN));
    assert_ne!(cosigned, std::fs::read(dir.join("presented.checkpoint")).unwrap());
    // A bigger tree that does not extend the cosigned one.
    run_ok(&s, &["log", "append", "forked", "--log-key", "kzlog.key", "fed.json"]);
    witness(&s, LATER, "forked", kz, &[]).code(1).says("does not extend the cosigned tree of size 1");
    // The honest log, grown, is still cosigned.
    run_ok(&s, &["log", "append", "kzlog", "--log-key", "kzlog.key", "fed.json"]);
    witness(&s, LATER, "kzlog", kz, &[]).code(0);
    // A line from a key not given is refused by cosign, naming it.
    witness(&s, LATER, "kzlog", ("wxx", "witness.xx.example"), &["-o", "wxx.cosig"]).code(0);
    s.run(&["log", "cosign", "kzlog", "wxx.cosig", "--witness", "wkz.vkey"]).code(1).says("witness.xx.example");
}

#[test]
fn t36_log_audit_fails_naming_a_tampered_tile_entry_bundle_or_checkpoint() {
    let s = Scratch::new();
    logged_release(&s);
    run_ok(&s, &append_args(&copies(&s, 300)));
    let audit = |dir: &str| s.run(&["log", "audit", dir, "--log-vkey", "kzlog.vkey"]);
    audit("kzlog").code(0);
    for (file, needle) in [
        ("tile/0/001.p/45", "tile/0/001.p/45"),
        ("tile/entries/000", "tile/0/000"),
        ("tile/1/000.p/1", "tile/1/000.p/1"),
    ] {
        let copy = format!("t{}", file.replace('/', "_"));
        copy_dir(&s.join("kzlog"), &s.join(&copy));
        let p = s.join(&format!("{copy}/{file}"));
        let mut b = std::fs::read(&p).unwrap();
        let last = b.len() - 3;
        b[last] ^= 1;
        std::fs::write(&p, b).unwrap();
        audit(&copy).code(1).says(needle);
    }
    let copy = "tcheckpoint";
    copy_dir(&s.join("kzlog"), &s.join(copy));
    let cp = String::from_utf8(s.read("tcheckpoint/checkpoint")).unwrap().replace("\n301\n", "\n300\n");
    s.write("tcheckpoint/checkpoint", cp);
    audit(copy).code(1).says("no valid signature by the log key");
    // An old checkpoint that is not a prefix (another log's) is a split view.
    s.run(&["log", "audit", "kzlog", "--log-vkey", "kzlog.vkey", "--since", "kzlog/checkpoint"])
        .code(0)
        .says("extends size 301");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dst = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

#[test]
fn t37_a_proof_for_another_entry_index_or_path_fails() {
    let s = Scratch::new();
    logged_release(&s);
    s.issue(
        "second.json",
        &["--certificate-id", "KZ-2026-0000000000000002", "--log", "kzlog", "--log-key", "kzlog.key"],
    )
    .code(0);
    run_ok(&s, &["log", "append", "kzlog", "--log-key", "kzlog.key", "fed.json", "kz.json"]);
    cosign(&s, "kzlog", &[("wkz", "witness.kz.example"), ("wuz", "witness.uz.example")], WITNESSED);
    run_ok(&s, &["log", "prove", "kzlog", "bundle.json", "second.json"]);
    verify_b(&s, "bundle.json").code(0);
    let second = proof_of(&s, "second.json");
    with_proof(&s, "bundle.json", "other-entry.json", |_| second.clone());
    verify_json(&s, "other-entry.json").code(1).fails_with("not-included");
    with_proof(&s, "bundle.json", "other-index.json", |p| p.replace("index 0\n", "index 1\n"));
    verify_json(&s, "other-index.json").code(1).fails_with("not-included");
    with_proof(&s, "bundle.json", "dropped.json", |p| {
        let (head, cp) = p.split_once("\n\n").unwrap();
        let mut lines: Vec<&str> = head.lines().collect();
        lines.pop();
        format!("{}\n\n{cp}", lines.join("\n"))
    });
    verify_json(&s, "dropped.json").code(1).fails_with("not-included");
    with_proof(&s, "bundle.json", "added.json", |p| {
        p.replacen("\n\n", "\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n", 1)
    });
    verify_json(&s, "added.json").code(1).fails_with("not-included");
    with_proof(&s, "bundle.json", "garbled.json", |p| p.replace("index 0", "index zero"));
    verify_b(&s, "garbled.json").code(1).says("malformed proof");
}

#[test]
fn an_interrupted_append_leaves_the_previous_checkpoint_valid() {
    let s = Scratch::new();
    logged_release(&s);
    let docs = copies(&s, 4000);
    let args = append_args(&docs);
    let mut sizes = Vec::new();
    for delay_ms in [5u64, 40, 120, 300, 700] {
        let before = String::from_utf8(s.read("kzlog/checkpoint")).unwrap();
        let mut child = Command::new(attest_e2e::attest_bin()).args(&args).current_dir(s.path()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever moment it died at: the checkpoint is the old one or the
        // new one, and the log audits.
        let after = String::from_utf8(s.read("kzlog/checkpoint")).unwrap();
        let audit = s.run(&["--output", "json", "log", "audit", "kzlog", "--log-vkey", "kzlog.vkey"]);
        audit.code(0);
        let size = audit.json()["size"].as_u64().unwrap();
        assert!(after == before || size % 4000 == 1, "size {size}");
        sizes.push(size);
    }
    // And the next append goes through.
    run_ok(&s, &args);
    let last = s.run(&["--output", "json", "log", "audit", "kzlog", "--log-vkey", "kzlog.vkey"]).json();
    assert_eq!(last["size"].as_u64().unwrap() % 4000, 1, "{sizes:?}");
}

/// `n` copies of `kz.json` (`d/<i>.json`), to log many entries at once.
fn copies(s: &Scratch, n: usize) -> Vec<String> {
    let list = s.read("kz.json");
    (0..n).map(|i| format!("d/{i}.json")).inspect(|f| drop(s.write(f, &list))).collect()
}

/// `log append kzlog` of `docs`.
fn append_args(docs: &[String]) -> Vec<&str> {
    let mut args = vec!["log", "append", "kzlog", "--log-key", "kzlog.key"];
    args.extend(docs.iter().map(String::as_str));
    args
}

/// The first entry of an entry bundle file, as the log holds it.
fn first_entry(s: &Scratch, bundle: &str) -> Vec<u8> {
    let b = s.read(bundle);
    let len = usize::from(u16::from_be_bytes([b[0], b[1]]));
    b[2..2 + len].to_vec()
}

/// Runs a tool of ../shared/interop: its exit code and what it said.
fn shared_tool(tool: &Path, args: &[&str], dir: &Path) -> (i32, String) {
    let out = Command::new(tool).args(args).current_dir(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

#[test]
#[cfg_attr(no_shared_interop, ignore = "needs ../shared/interop, which is absent (set ATTEST_SHARED)")]
fn go_sumdb_accepts_the_log_proofs_and_checkpoints_attest_writes() {
    let Some(shared) = shared() else {
        panic!("../shared/interop not found (set ATTEST_SHARED); this test was run with --include-ignored")
    };
    let vt = shared.join("interop/verify-tlog");
    let s = Scratch::new();
    logged_release(&s);
    std::fs::copy(s.join("kzlog/checkpoint"), s.join("old.checkpoint")).unwrap();
    run_ok(&s, &append_args(&copies(&s, 600)));
    cosign(&s, "kzlog", &[("wkz", "witness.kz.example"), ("wuz", "witness.uz.example")], WITNESSED);
    run_ok(&s, &["log", "prove", "kzlog", "bundle.json"]);
    s.write("bundle.tlog-proof", proof_of(&s, "bundle.json"));
    // The entry, as the log holds it: the first of entry bundle 000.
    s.write("bundle.entry", first_entry(&s, "kzlog/tile/entries/000"));
    let lk = String::from_utf8(s.read("kzlog.vkey")).unwrap();
    let (wk, wu) = (String::from_utf8(s.read("wkz.vkey")).unwrap(), String::from_utf8(s.read("wuz.vkey")).unwrap());
    let w = ["--log", &lk, "--witness", &wk, "--witness", &wu];
    let vt_ok = |extra: &[&str]| {
        let (code, said) = shared_tool(&vt, &[&extra[..1], &w[..], &extra[1..]].concat(), s.path());
        assert_eq!(code, 0, "verify-tlog {extra:?}: {said}");
    };
    vt_ok(&["inclusion", "--entry", "bundle.entry", "bundle.tlog-proof"]);
    vt_ok(&["audit", "kzlog"]);
    vt_ok(&["consistency", "old.checkpoint", "kzlog"]);
    // And refuses a proof of another entry.
    s.write("other.entry", b"attest-log-entry/v1\n");
    let (code, _) = shared_tool(
        &vt,
        &[&["inclusion"], &w[..], &["--entry", "other.entry", "bundle.tlog-proof"]].concat(),
        s.path(),
    );
    assert_eq!(code, 1);
}

#[test]
#[cfg_attr(no_shared_interop, ignore = "needs ../shared/interop, which is absent (set ATTEST_SHARED)")]
fn attest_accepts_a_log_and_proofs_written_by_an_independent_implementation() {
    let Some(shared) = shared() else {
        panic!("../shared/interop not found (set ATTEST_SHARED); this test was run with --include-ignored")
    };
    let has_crypto = Command::new("python3").args(["-c", "import cryptography"]).status().is_ok_and(|st| st.success());
    if !has_crypto {
        eprintln!("SKIPPED: python3 with the cryptography package is needed by make_log.py");
        return;
    }
    let s = Scratch::new();
    logged_release(&s);
    // The certificate's entry, then 70,000 other entries, in a log make_log.py
    // writes with the federation's log and witness keys, cosigned on time.
    s.write("cert.entry", first_entry(&s, "kzlog/tile/entries/000.p/1"));
    let time = (1_768_870_800u64).to_string(); // 2026-01-20T01:00:00Z
    let out = Command::new("python3")
        .arg(shared.join("interop/tlog/make_log.py"))
        .args(["py", "cert.entry", "--entries", "70000", "--name", ORIGIN, "--log-key", "kzlog.key"])
        .args([
            "--witness-key",
            "wkz.key",
            "--witness-name",
            "witness.kz.example",
            "--witness-key",
            "wuz.key",
            "--witness-name",
            "witness.uz.example",
        ])
        .args(["--time", &time, "--proof-index", "0", "--old-size", "1000", "--fork-size", "1000"])
        .current_dir(s.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let audit =
        ["log", "audit", "py/log", "--log-vkey", "kzlog.vkey", "--witness", "wkz.vkey", "--witness", "wuz.vkey"];
    run_ok(&s, &[&audit[..], &["--since", "py/checkpoints/size-1000"]].concat());
    s.run(&[&audit[..5], &["--since", "py/checkpoints/fork-1000"]].concat()).code(1).says("split view");
    for bad in ["other-key", "bad-time"] {
        std::fs::copy(s.join(&format!("py/bad/checkpoint.{bad}")), s.join("py/log/checkpoint")).unwrap();
        s.run(&audit).code(1);
    }
    // Its proof, in the bundle, passes step 8.
    let proof = String::from_utf8(s.read("py/proofs/0.tlog-proof")).unwrap();
    with_proof(&s, "bundle.json", "py.json", |_| proof.clone());
    verify_b(&s, "py.json").code(0).says("logged at index 0 of kz-log (size 70001)");
}

#[test]
fn the_demo_logs_witnesses_and_the_certificate_page_says_so_in_each_language() {
    let s = Scratch::new();
    run_ok(&s, &["--time", LATER, "demo", "--dir", "story"]).says("every step ended as it should").says("split view");
    for (lang, label) in [("en", "Transparency log"), ("ru", "Журнал прозрачности"), ("zh", "透明日志")]
    {
        let page = format!("{lang}.html");
        let show =
            ["certify", "show", "story/acme-gateway-logged.bundle.json", "--anchor", "story/sco-federation.json"];
        run_ok(&s, &[&["--time", LATER, "--state", "viewer"][..], &show, &["--html", &page, "--lang", lang]].concat());
        let html = String::from_utf8(s.read(&page)).unwrap();
        assert!(html.contains(label) && html.contains("kz-log") && html.contains("uz-witness (UZ)"), "{lang}");
    }
}
