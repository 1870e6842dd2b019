//! `--output json` of every command against its JSON Schema in
//! `schemas/output/` (docs/json-output.md): the real binary on real
//! fixtures, in passing and failing cases, and stdout must be one document
//! that validates.
//!
//! Every document checked is also mutated (an unknown top-level field, each
//! required top-level field removed) and must then be rejected, so that no
//! schema can be vacuous. The schemas refer to each other and to the format
//! schemas in `schemas/` by `$id`; all are registered by `$id`, so nothing is
//! looked up on disk or on the network.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use attest_e2e::{ISSUED, Outcome, Scratch, T0, issue_args, workspace};
use serde_json::{Value, json};

/// The time of every run after the fixtures are made.
const LATER: &str = "2026-02-01T00:00:00Z";
/// When every fixture list and certificate has expired.
const EXPIRED: &str = "2028-02-01T00:00:00Z";

fn schema_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".schema.json"))
        .collect();
    files.sort();
    files
}

fn output_dir() -> PathBuf {
    workspace().join("schemas/output")
}

/// The output schema's file stem (`verify-report` for
/// `verify-report.schema.json`).
fn stem(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().trim_end_matches(".schema.json").to_owned()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every schema of `schemas/` and `schemas/output/`, registered by `$id`;
/// the output schemas compiled, by file stem.
struct Schemas {
    schemas: boon::Schemas,
    by_name: BTreeMap<String, boon::SchemaIndex>,
    required: BTreeMap<String, Vec<String>>,
}

impl Schemas {
    fn load() -> Schemas {
        let mut compiler = boon::Compiler::new();
        let mut ids = BTreeMap::new();
        let mut required = BTreeMap::new();
        for path in schema_files(&workspace().join("schemas")).into_iter().chain(schema_files(&output_dir())) {
            let value = read_json(&path);
            let id = value["$id"].as_str().unwrap_or_else(|| panic!("{} has no $id", path.display())).to_owned();
            if path.starts_with(output_dir()) {
                let names = value["required"].as_array().map(|r| r.iter().map(|n| n.as_str().unwrap().to_owned()));
                required.insert(stem(&path), names.map(Iterator::collect).unwrap_or_default());
                ids.insert(stem(&path), id.clone());
            }
            compiler.add_resource(&id, value).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let mut schemas = boon::Schemas::new();
        let by_name = ids
            .into_iter()
            .map(|(name, id)| {
                let index =
                    compiler.compile(&id, &mut schemas).unwrap_or_else(|e| panic!("{name} does not compile: {e:#}"));
                (name, index)
            })
            .collect();
        Schemas { schemas, by_name, required }
    }

    fn check(&self, name: &str, doc: &Value) -> Result<(), String> {
        let index = *self.by_name.get(name).unwrap_or_else(|| panic!("no schema {name}"));
        self.schemas.validate(doc, index).map_err(|e| format!("{e:#}"))
    }

    /// Asserts that `doc` validates against `name`, and that it no longer
    /// does with an unknown top-level field or without any one of the
    /// required top-level fields.
    #[track_caller]
    fn assert_conforms(&self, name: &str, doc: &Value) {
        if let Err(e) = self.check(name, doc) {
            panic!("output does not validate against {name}: {e}\n{doc:#}");
        }
        let mut extra = doc.clone();
        extra["unexpectedField"] = json!(true);
        assert!(self.check(name, &extra).is_err(), "{name} accepts an unknown top-level field");
        let required = &self.required[name];
        assert!(!required.is_empty(), "{name} requires nothing");
        for field in required {
            let mut missing = doc.clone();
            missing.as_object_mut().unwrap().remove(field);
            assert!(self.check(name, &missing).is_err(), "{name} accepts a document without {field}");
        }
    }

    /// Asserts that `doc` does not validate against `name`.
    #[track_caller]
    fn assert_rejects(&self, name: &str, what: &str, doc: &Value) {
        assert!(self.check(name, doc).is_err(), "{name} accepts {what}:\n{doc:#}");
    }

    /// Asserts that `out` exited with `code` and printed one document on
    /// stdout that conforms to `name`; returns the document.
    #[track_caller]
    fn output(&self, name: &str, out: &Outcome, code: i32) -> Value {
        out.code(code);
        let doc = out.json();
        self.assert_conforms(name, &doc);
        doc
    }
}

/// Runs attest with `--output json` (a global flag, so it may come first).
fn json_run(s: &Scratch, args: &[&str]) -> Outcome {
    let mut all = vec!["--output", "json"];
    all.extend(args);
    s.run(&all)
}

/// Runs attest with `--output json --time TIME --state state`.
fn json_at(s: &Scratch, time: &str, args: &[&str]) -> Outcome {
    let mut all = vec!["--time", time, "--state", "state"];
    all.extend(args);
    json_run(s, &all)
}

/// `doc` with the value at the JSON pointer `at` replaced by `value`.
fn with(doc: &Value, at: &str, value: Value) -> Value {
    let mut d = doc.clone();
    *d.pointer_mut(at).unwrap_or_else(|| panic!("no {at} in\n{doc:#}")) = value;
    d
}

/// `doc` with an unknown field added to the object at the JSON pointer `at`.
fn with_unknown(doc: &Value, at: &str) -> Value {
    let mut d = doc.clone();
    d.pointer_mut(at).unwrap_or_else(|| panic!("no {at} in\n{doc:#}"))["unexpectedField"] = json!(1);
    d
}

#[test]
fn key_generate_and_id() {
    let (s, v) = (Scratch::new(), Schemas::load());
    let plain = v.output("key-generate", &json_run(&s, &["key", "generate", "--out", "k"]), 0);
    assert_eq!((plain["privateKey"].as_str(), plain["publicKey"].as_str()), (Some("k.key"), Some("k.pub")));
    assert_eq!(plain["encrypted"], json!(false));
    let env = [("PASS", "correct horse battery staple")];
    let out =
        s.run_with(&["--output", "json", "key", "generate", "--out", "e", "--passphrase-env", "PASS"], &env, None);
    assert_eq!(v.output("key-generate", &out, 0)["encrypted"], json!(true));

    let id = v.output("key-id", &json_run(&s, &["key", "id", "k.pub"]), 0);
    assert_eq!(id["keyid"], plain["keyid"]);
    assert_eq!(v.output("key-id", &json_run(&s, &["key", "id", "k.key"]), 0), id);
    v.assert_rejects("key-id", "an upper-case key id", &with(&id, "/keyid", json!("AB".repeat(32))));
    v.assert_rejects("key-generate", "a key id of 63 digits", &with(&plain, "/keyid", json!("a".repeat(63))));
}

#[test]
fn key_generate_on_a_token_and_key_list() {
    let Some(h) = attest_e2e::hsm::Hsm::new() else { return };
    let v = Schemas::load();
    let out = h.run(&["--output", "json", "key", "generate", "--out", "t", "--pkcs11", &h.uri("t")]);
    let made = v.output("key-generate", &out, 0);
    assert_eq!(made["publicKey"], json!("t.pub"));
    assert!(made["pkcs11"].as_str().unwrap().contains("object=t;id=%"), "{made}");
    let mut both = made.clone();
    both["privateKey"] = json!("t.key");
    v.assert_rejects("key-generate", "a token key with a private key file", &both);
    let module = h.module.display().to_string();
    let listed = v.output("key-list", &h.run(&["--output", "json", "key", "list", "--pkcs11-module", &module]), 0);
    assert_eq!(listed["keys"][0]["keyid"], made["keyid"]);
    v.assert_rejects("key-list", "an upper-case CKA_ID", &with(&listed, "/keys/0/id", json!("AB")));
    v.assert_rejects("key-list", "an unknown field in a key", &with_unknown(&listed, "/keys/0"));
}

#[test]
fn sbom_generate_and_validate() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.write("rel/app.bin", b"app 1.0\n");
    let lock = std::fs::read(workspace().join("testdata/demo/Cargo.lock")).unwrap();
    s.write("Cargo.lock", lock);
    #[cfg(unix)]
    std::os::unix::fs::symlink("app.bin", s.join("rel/link.bin")).unwrap();
    let args = ["sbom", "generate", "rel", "--lockfile", "Cargo.lock", "--name", "app", "--version", "1.0.0"];
    let out = json_at(&s, T0, &[&args[..], &["-o", "sbom.json"]].concat());
    let summary = v.output("sbom-generate", &out, 0);
    assert_eq!(summary["output"], json!("sbom.json"));
    assert_eq!(summary["files"], json!(1));
    assert_eq!(summary["bytesHashed"], json!(8));
    assert!(summary["packages"].as_u64().unwrap() > 0, "{summary:#}");
    assert_eq!(summary["lockfiles"].as_array().unwrap().len(), 1, "{summary:#}");
    #[cfg(unix)]
    assert_eq!(summary["skipped"][0]["path"], json!("link.bin"), "{summary:#}");
    v.assert_rejects("sbom-generate", "a negative count", &with(&summary, "/files", json!(-1)));
    // With -o - stdout is the SBOM itself.
    let sbom = json_at(&s, T0, &[&args[..], &["-o", "-"]].concat()).code(0).json();
    assert_eq!(sbom["bomFormat"], json!("CycloneDX"));

    let valid = v.output("sbom-validate", &json_run(&s, &["sbom", "validate", "sbom.json"]), 0);
    assert_eq!((valid["valid"].clone(), valid["specVersion"].clone()), (json!(true), json!("1.6")));
    s.write("bad.json", br#"{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{"name":"x"}]}"#);
    let invalid = v.output("sbom-validate", &json_run(&s, &["sbom", "validate", "bad.json"]), 1);
    assert_eq!(invalid["valid"], json!(false));
    assert_eq!(invalid["problems"][0]["path"], json!("/components/0"));
    // JSON of no kind attest knows is judged as an SBOM (and found wanting);
    // a document of a known other kind is refused naming it (guidance.rs).
    s.write("other.json", br#"{"name":"p","items":[]}"#);
    let foreign = v.output("sbom-validate", &json_run(&s, &["sbom", "validate", "other.json"]), 1);
    assert_eq!(foreign["specVersion"], Value::Null);
    v.assert_rejects("sbom-validate", "valid with problems", &with(&invalid, "/valid", json!(true)));
    v.assert_rejects("sbom-validate", "invalid without problems", &with(&valid, "/valid", json!(false)));
    v.assert_rejects("sbom-validate", "an unknown field in a problem", &with_unknown(&invalid, "/problems/0"));

    // sbom check: a plain SBOM misses TR-03183-2's fields (exit 1); one
    // generated for CRA meets it.
    let checked = v.output("sbom-check", &json_run(&s, &["sbom", "check", "sbom.json", "--profile", "tr-03183-2"]), 1);
    assert_eq!(checked["passed"], json!(false));
    let unmet = checked["profiles"][0]["findings"].as_array().unwrap().iter().find(|f| f["met"] == json!(false));
    assert!(unmet.unwrap()["missing"].is_string(), "{checked:#}");
    json_at(&s, T0, &[&args[..], &["--profile", "cra", "-o", "cra.json"]].concat()).code(0);
    let cra = v.output("sbom-check", &json_run(&s, &["sbom", "check", "cra.json", "--profile", "cra"]), 0);
    assert_eq!((cra["passed"].clone(), cra["profiles"][0]["unmet"].clone()), (json!(true), json!(0)));
    v.assert_rejects("sbom-check", "an unknown profile", &with(&cra, "/profiles/0/profile", json!("bsi")));
    let mut explained = cra.clone();
    explained["profiles"][0]["findings"][0]["missing"] = json!("x");
    v.assert_rejects("sbom-check", "a met finding with a missing text", &explained);
}

#[test]
fn sign_and_cosign() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.signed_release();
    s.key("auditor");
    let digest = format!("other.tar.gz=sha256:{}", "ab".repeat(32));
    let args = ["sign", "--key", "vendor.key", "--sbom", "sbom.json", "--subject", "dist/app.tar.gz"];
    let signed =
        v.output("sign", &json_run(&s, &[&args[..], &["--subject-digest", &digest, "-o", "a.json"]].concat()), 0);
    assert_eq!(signed["subjects"][0]["name"], json!("dist/app.tar.gz"));
    assert_eq!(signed["subjects"][1]["digest"]["sha256"], json!("ab".repeat(32)));
    let cosigned = v.output("sign", &json_run(&s, &["cosign", "--key", "auditor.key", "a.json", "-o", "b.json"]), 0);
    assert_eq!(cosigned["subjects"], json!([]));
    assert_ne!(cosigned["keyid"], signed["keyid"]);
    v.assert_rejects("sign", "a subject without a digest", &with(&signed, "/subjects/0", json!({"name": "x"})));
    // With -o - stdout is the envelope itself.
    let envelope = json_run(&s, &[&args[..], &["-o", "-"]].concat()).code(0).json();
    assert_eq!(envelope["payloadType"], json!("application/vnd.in-toto+json"));
}

#[test]
fn verify_with_keys_reports_passes_and_failures() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.signed_release();
    s.key("auditor");
    let args = ["verify", "att.json", "--subject", "dist/app.tar.gz", "--key"];
    let ok = v.output("verify-report", &json_run(&s, &[&args[..], &["vendor.pub"]].concat()), 0);
    assert_eq!(ok["verified"], json!(true));
    assert_eq!(ok["subjects"][0]["name"], json!("dist/app.tar.gz"));
    assert!(ok["checks"].as_array().unwrap().iter().all(|c| c["outcome"] == json!("pass")), "{ok:#}");

    // Exit 1 still prints the report: an untrusted key, and a changed artefact.
    let untrusted = v.output("verify-report", &json_run(&s, &[&args[..], &["auditor.pub"]].concat()), 1);
    assert_eq!((untrusted["verified"].clone(), untrusted["subjects"].clone()), (json!(false), Value::Null));
    assert_eq!(untrusted["signers"], json!([]));
    s.write("dist/app.tar.gz", b"tampered\n");
    let tampered = v.output("verify-report", &json_run(&s, &[&args[..], &["vendor.pub"]].concat()), 1);
    let failed: Vec<&Value> =
        tampered["checks"].as_array().unwrap().iter().filter(|c| c["outcome"] == "fail").collect();
    assert_eq!(failed.len(), 1, "{tampered:#}");
    assert_eq!(failed[0]["check"], json!("subject"));

    // The shared check shape is closed and its outcome words are fixed.
    v.assert_rejects("verify-report", "an unknown field in a check", &with_unknown(&ok, "/checks/0"));
    v.assert_rejects("verify-report", "outcome ok", &with(&ok, "/checks/0/outcome", json!("ok")));
    v.assert_rejects(
        "verify-report",
        "a check without detail",
        &with(&ok, "/checks/0", json!({"check": "x", "outcome": "pass"})),
    );
}

#[test]
fn verify_evaluation_reports_passes_and_failures() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.certified_release();
    let args = ["verify", "att.json", "--anchor", "kz.json", "--policy", "policy.json"];
    let ok = v.output("verify-evaluation", &json_at(&s, ISSUED, &args), 0);
    assert_eq!(ok["verified"], json!(true));
    assert_eq!(ok["lists"][0]["name"], json!("kz-national"));
    assert_eq!(ok["product"]["supplier"], json!("kz-national/acme"));
    assert_eq!(ok["counts"]["total"], json!(ok["components"].as_array().unwrap().len()));
    assert!(ok["policy"].as_array().unwrap().iter().any(|r| r["rule"] == "sbom.specVersions"), "{ok:#}");

    // Judged but failed: expired list and a stale SBOM (exit 1, still printed).
    let expired = v.output("verify-evaluation", &json_at(&s, EXPIRED, &args), 1);
    assert_eq!(expired["verified"], json!(false));
    assert!(expired["product"].is_object(), "{expired:#}");
    // Not judged: nobody the lists trust signed it.
    s.sign_sbom("g1.key", "sbom.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    let unsigned = v.output("verify-evaluation", &json_at(&s, ISSUED, &args), 1);
    assert_eq!((unsigned["product"].clone(), unsigned["components"].clone()), (Value::Null, Value::Null));
    assert_eq!(unsigned["policy"], json!([]));

    let bad_status = with(&ok, "/components/0/status", json!("first_party"));
    v.assert_rejects("verify-evaluation", "an unknown component status", &bad_status);
    v.assert_rejects("verify-evaluation", "an unknown field in a component", &with_unknown(&ok, "/components/0"));
    v.assert_rejects(
        "verify-evaluation",
        "counts in camelCase",
        &with(&ok, "/counts", json!({"total": 1, "firstParty": 1})),
    );
    v.assert_rejects("verify-evaluation", "a judged product without counts", &with(&ok, "/counts", Value::Null));
    v.assert_rejects("verify-evaluation", "an unknown field in a list", &with_unknown(&ok, "/lists/0"));
    v.assert_rejects("verify-evaluation", "an unknown field in a rule", &with_unknown(&ok, "/policy/0"));
}

#[test]
fn trust_drafting_signing_and_fingerprint() {
    let (s, v) = (Scratch::new(), Schemas::load());
    for g in ["g1", "g2", "g3", "g4"] {
        s.run(&["key", "generate", "--out", g]).code(0);
    }
    s.key("vendor");
    let governors = ["--governor", "g1.pub", "--governor", "g2.pub", "--governor", "g3.pub", "--threshold", "2"];
    let init = [
        &["trust", "init", "--name", "kz-national", "--jurisdiction", "KZ"][..],
        &governors[..],
        &["-o", "d.json"][..],
    ];
    let draft = |args: &[&str]| v.output("trust-draft", &json_at(&s, T0, args), 0);
    assert_eq!(draft(&init.concat())["sequence"], json!(1));
    let supplier = ["trust", "add", "d.json", "--kind", "supplier", "--id", "acme", "--key", "vendor.pub"];
    let added = draft(&[&supplier[..], &["--scope", "pkg:generic/acme/*"]].concat());
    assert_eq!(
        (added["draft"].clone(), added["change"].clone()),
        (json!("d.json"), json!("added supplier entry acme"))
    );
    draft(&["trust", "set-status", "d.json", "--id", "acme", "--status", "suspended"]);
    draft(&["trust", "revoke", "d.json", "--key", "g4.pub", "--reason", "lost"]);
    draft(&["trust", "set-governance", "d.json", "--governor", "g1.pub", "--governor", "g2.pub", "--threshold", "2"]);
    v.assert_rejects("trust-draft", "sequence 0", &with(&added, "/sequence", json!(0)));

    let signed =
        v.output("trust-signed", &json_run(&s, &["trust", "sign", "d.json", "--key", "g1.key", "-o", "a.json"]), 0);
    assert_eq!((signed["signatures"].clone(), signed["threshold"].clone()), (json!(1), json!(2)));
    json_run(&s, &["trust", "sign", "d.json", "--key", "g2.key", "-o", "b.json"]).code(0);
    let combined =
        v.output("trust-signed", &json_run(&s, &["trust", "combine", "a.json", "b.json", "-o", "l.json"]), 0);
    assert_eq!(combined["signatures"], json!(2));
    assert_eq!(combined["digest"], signed["digest"]);
    let next = draft(&["trust", "next", "l.json", "-o", "n.json"]);
    assert_eq!(next["sequence"], json!(2));

    let fp = v.output("trust-fingerprint", &json_run(&s, &["trust", "fingerprint", "l.json"]), 0);
    assert_eq!(fp["governors"].as_array().unwrap().len(), 2);
    assert_eq!(fp["fingerprint"].as_str().unwrap(), s.run(&["trust", "fingerprint", "l.json"]).stdout.trim());
    v.assert_rejects("trust-fingerprint", "a governor that is not a key id", &with(&fp, "/governors/0", json!("g1")));
}

#[test]
fn trust_verify_reports_belief_and_rollback() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.national_list();
    let ok = v.output("trust-verify", &json_at(&s, LATER, &["trust", "verify", "kz.json", "--anchor", "kz.json"]), 0);
    assert_eq!(ok["believed"][0]["recognisedBy"], Value::Null);
    s.next_list(LATER, "kz.json", "kz2.json", &["g1", "g2"], &[]);
    let newer = json_at(&s, LATER, &["trust", "verify", "kz2.json", "--anchor", "kz.json"]);
    assert_eq!(v.output("trust-verify", &newer, 0)["believed"][0]["sequence"], json!(2));
    // A rollback is exit 1, and the report is still printed.
    let rollback =
        v.output("trust-verify", &json_at(&s, LATER, &["trust", "verify", "kz.json", "--anchor", "kz.json"]), 1);
    assert_eq!(rollback["verified"], json!(false));
    assert!(rollback["checks"].as_array().unwrap().iter().any(|c| c["outcome"] == "fail"), "{rollback:#}");
    v.assert_rejects("trust-verify", "a believed list without digest", &{
        let mut d = ok.clone();
        d["believed"][0].as_object_mut().unwrap().remove("digest");
        d
    });
}

/// On top of [`Scratch::certified_release`], `kz2.draft.json`: the next
/// version of `kz.json` at [`LATER`] with an authority added, `serde`
/// suspended, one revocation of each kind and a rotated governance.
fn edited_national_list(s: &Scratch) {
    s.run(&["key", "generate", "--out", "auth"]).code(0);
    s.run(&["--time", LATER, "trust", "next", "kz.json", "-o", "kz2.draft.json"]).code(0);
    let artefact = format!("sha256:{}", "cd".repeat(32));
    let edits: [&[&str]; 7] = [
        &[
            "add",
            "--kind",
            "authority",
            "--id",
            "kz-cert",
            "--jurisdiction",
            "KZ",
            "--key",
            "auth.pub",
            "--certifies",
            "standard",
            "--max-validity-days",
            "365",
        ],
        &["set-status", "--id", "serde", "--status", "suspended"],
        &["revoke", "--key", "g5.pub", "--reason", "lost"],
        &["revoke", "--component", "pkg:cargo/serde@1.0.100", "--reason", "malicious"],
        &["revoke", "--artefact", artefact.as_str(), "--reason", "tampered"],
        &["revoke", "--certificate", "KZ-2026-0000000000000009", "--authority", "kz-cert", "--reason", "withdrawn"],
        &["set-governance", "--governor", "g1.pub", "--governor", "g2.pub", "--governor", "g4.pub", "--threshold", "2"],
    ];
    for edit in edits {
        let mut args = vec!["--time", LATER, "trust", edit[0], "kz2.draft.json"];
        args.extend(&edit[1..]);
        s.run(&args).code(0);
    }
}

#[test]
fn trust_show_diff_and_audit() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.certified_release();
    edited_national_list(&s);

    let fed = v.output("trust-show", &json_at(&s, LATER, &["trust", "show", "fed.json"]), 0);
    assert_eq!(fed["signatures"]["met"], json!(true));
    let pinned = fed["entries"].as_array().unwrap().iter().find(|e| e["kind"] == "trust-list").unwrap();
    assert_eq!(pinned["listName"], json!("kz-national"));
    assert!(pinned["governance"]["fingerprint"].is_string(), "{pinned:#}");
    let draft = v.output("trust-show", &json_at(&s, LATER, &["trust", "show", "kz2.draft.json"]), 0);
    assert_eq!(draft["signatures"], Value::Null);
    assert_eq!(draft["revoked"]["certificates"][0]["id"], json!("KZ-2026-0000000000000009"));
    v.assert_rejects("trust-show", "an unknown field in an entry", &with_unknown(&fed, "/entries/0"));
    v.assert_rejects("trust-show", "an unknown status", &with(&fed, "/entries/0/statusNow", json!("active")));
    v.assert_rejects("trust-show", "an unknown revocation kind", &with_unknown(&draft, "/revoked"));

    let d = v.output("trust-diff", &json_at(&s, LATER, &["trust", "diff", "kz.json", "kz2.draft.json"]), 0);
    assert_eq!((d["changed"].clone(), d["governance"]["rotation"].clone()), (json!(true), json!(true)));
    assert_eq!(d["entries"]["added"][0]["id"], json!("kz-cert"));
    assert_eq!(
        d["entries"]["changed"][0]["fields"][0],
        json!({"field": "status", "old": "granted", "new": "suspended"})
    );
    for kind in ["keys", "components", "artefacts", "certificates"] {
        assert_eq!(d["revocations"][kind]["added"].as_array().unwrap().len(), 1, "{kind}: {d:#}");
    }
    let back = v.output("trust-diff", &json_at(&s, LATER, &["trust", "diff", "kz2.draft.json", "kz.json"]), 0);
    assert_eq!(back["entries"]["removed"][0]["id"], json!("kz-cert"));
    assert_eq!(back["revocations"]["keys"]["removed"].as_array().unwrap().len(), 1);
    let same = v.output("trust-diff", &json_at(&s, LATER, &["trust", "diff", "kz.json", "kz.json"]), 0);
    assert_eq!((same["changed"].clone(), same["governance"].clone()), (json!(false), Value::Null));
    v.assert_rejects("trust-diff", "an unknown header field", &with(&d, "/header/0/field", json!("nextupdate")));
    v.assert_rejects(
        "trust-diff",
        "a revoked key without reason",
        &with(&d, "/revocations/keys/added/0", json!({"keyid": "ab".repeat(32)})),
    );
    v.assert_rejects("trust-diff", "an unknown field in an entry diff", &with_unknown(&d, "/entries/changed/0"));
    v.assert_rejects("trust-diff", "an unknown field in a governance diff", &with_unknown(&d, "/governance"));

    let signed = v.output("trust-audit", &json_at(&s, LATER, &["trust", "audit", "kz.json"]), 0);
    assert_eq!(signed["signed"], json!(true));
    let audit = v.output("trust-audit", &json_at(&s, LATER, &["trust", "audit", "kz2.draft.json"]), 0);
    assert_eq!(audit["signed"], json!(false));
    let findings = audit["findings"].as_array().unwrap();
    let total: u64 = ["high", "medium", "low", "info"].iter().map(|k| audit["counts"][k].as_u64().unwrap()).sum();
    assert_eq!(total, findings.len() as u64);
    v.assert_rejects("trust-audit", "an unknown severity", &with(&audit, "/findings/0/severity", json!("critical")));
    v.assert_rejects("trust-audit", "a code with spaces", &with(&audit, "/findings/0/code", json!("threshold one")));
}

#[test]
fn certify_issue_verify_and_show() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.certified_release();
    let issue = |args: Vec<&str>, code| v.output("certify-issue", &json_run(&s, &args), code);
    let issued = issue(issue_args("b2.json"), 0);
    assert_eq!((issued["issued"].clone(), issued["bundle"].clone()), (json!(true), json!("b2.json")));
    assert_eq!(issued["certificate"]["evaluation"]["result"], json!("PASSED"));
    // Refused (a key that is not kz-regulator's): exit 1, still printed, nothing written.
    let mut refused = issue_args("b3.json");
    refused[7] = "g1.key";
    let not_issued = issue(refused, 1);
    assert_eq!((not_issued["bundle"].clone(), not_issued["certificate"].clone()), (Value::Null, Value::Null));
    assert!(!s.join("b3.json").exists());
    v.assert_rejects("certify-issue", "issued without a bundle", &with(&issued, "/bundle", Value::Null));
    v.assert_rejects(
        "certify-issue",
        "not issued with a certificate",
        &with(&not_issued, "/certificate", issued["certificate"].clone()),
    );
    v.assert_rejects("certify-issue", "an unknown field in the certificate", &with_unknown(&issued, "/certificate"));

    let verify = ["certify", "verify", "bundle.json", "--anchor", "fed.json"];
    let own = ["--subject", "rel/dist/acme-gateway.tar.gz", "--policy", "policy.json"];
    let ok = v.output("certify-verify", &json_at(&s, LATER, &[&verify[..], &own].concat()), 0);
    assert_eq!((ok["total"].clone(), ok["passed"].clone(), ok["malformed"].clone()), (json!(1), json!(1), json!([])));
    assert_eq!(ok["bundles"][0]["certificateId"], json!("KZ-2026-0000000000000001"));
    assert_eq!(ok["bundles"][0]["ownPolicy"]["passed"], json!(true));
    let expired = v.output("certify-verify", &json_at(&s, EXPIRED, &verify), 1);
    assert_eq!((expired["verified"].clone(), expired["passed"].clone()), (json!(false), json!(0)));
    assert_eq!(expired["bundles"][0]["ownPolicy"], Value::Null);
    // An unreadable bundle: exit 2, and the others are still reported.
    let mixed = v.output("certify-verify", &json_at(&s, LATER, &[&verify[..], &["att.json"]].concat()), 2);
    assert_eq!((mixed["total"].clone(), mixed["passed"].clone()), (json!(2), json!(1)));
    assert!(mixed["malformed"][0].as_str().unwrap().contains("att.json"), "{mixed:#}");
    v.assert_rejects("certify-verify", "passed as a boolean", &with(&ok, "/passed", json!(true)));
    v.assert_rejects("certify-verify", "an unknown field in a bundle verdict", &with_unknown(&ok, "/bundles/0"));
    v.assert_rejects("certify-verify", "an unknown field in ownPolicy", &with_unknown(&ok, "/bundles/0/ownPolicy"));
    v.assert_rejects(
        "certify-verify",
        "an id without a certificate",
        &with(&ok, "/bundles/0/certificate", Value::Null),
    );

    let shown = v.output("certify-show", &json_run(&s, &["certify", "show", "bundle.json"]), 0);
    assert_eq!(
        (shown["verified"].clone(), shown["checks"].clone(), shown["html"].clone()),
        (Value::Null, Value::Null, Value::Null)
    );
    assert_eq!(shown["subjects"][0]["name"], json!("rel/dist/acme-gateway.tar.gz"));
    let page = ["certify", "show", "bundle.json", "--anchor", "fed.json", "--html", "c.html"];
    let verified = v.output("certify-show", &json_at(&s, LATER, &page), 0);
    assert_eq!((verified["verified"].clone(), verified["html"].clone()), (json!(true), json!("c.html")));
    let expired =
        v.output("certify-show", &json_at(&s, EXPIRED, &["certify", "show", "bundle.json", "--anchor", "fed.json"]), 1);
    assert_eq!(expired["verified"], json!(false));
    v.assert_rejects("certify-show", "a verdict without checks", &with(&verified, "/checks", Value::Null));
    assert_eq!(shown["predicateType"], json!("urn:attest:mutual-recognition:v2"));
    assert_eq!(ok["bundles"][0]["predicateType"], json!("urn:attest:mutual-recognition:v2"));
    assert_eq!(
        (ok["bundles"][0]["equivalence"].clone(), ok["bundles"][0]["supersededBy"].clone()),
        (Value::Null, Value::Null)
    );

    let export = json_run(&s, &["certify", "export", "bundle.json", "--cyclonedx", "c.cdx.json"]);
    let exported = v.output("certify-export", &export, 0);
    assert_eq!(exported["certificateId"], json!("KZ-2026-0000000000000001"));
    v.assert_rejects("certify-export", "another spec version", &with(&exported, "/specVersion", json!("1.5")));
}

#[test]
fn demo_story() {
    let (s, v) = (Scratch::new(), Schemas::load());
    let demo = v.output("demo", &json_at(&s, LATER, &["demo", "--dir", "story"]), 0);
    assert_eq!((demo["ok"].clone(), demo["directory"].clone()), (json!(true), json!("story")));
    let steps = demo["steps"].as_array().unwrap();
    assert!(steps.iter().all(|st| st["expected"] == json!(true)), "{demo:#}");
    assert_eq!(steps[0]["step"], json!(1));
    v.assert_rejects("demo", "an unknown field in a step", &with_unknown(&demo, "/steps/0"));
    v.assert_rejects("demo", "step 0", &with(&demo, "/steps/0/step", json!(0)));
}

/// Exit 2 (and exit 1 from a refusal) prints nothing on stdout: the message
/// is on stderr, and the exit code says there is no document to read.
#[test]
fn errors_print_no_document() {
    let s = Scratch::new();
    s.national_list();
    for (args, code) in [
        (&["verify", "missing.json", "--key", "vendor.pub"][..], 2),
        (&["verify", "--no-such-flag"][..], 2),
        (&["key", "generate", "--out", "g1"][..], 2),
        (&["trust", "sign", "kz.draft.json", "--key", "vendor.key", "-o", "x.json"][..], 1),
    ] {
        let out = json_run(&s, args);
        out.code(code);
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

/// An output written to stdout (`-`) replaces the summary: stdout carries
/// that one document alone.
#[test]
fn an_output_on_stdout_is_the_only_thing_printed() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.certified_release();
    let init = ["trust", "init", "--name", "x", "--jurisdiction", "KZ", "--governor", "g1.pub", "--threshold", "1"];
    let draft = json_at(&s, T0, &[&init[..], &["-o", "-"]].concat()).code(0).json();
    assert_eq!(draft["_type"], json!("urn:attest:trust-list:v1"));
    let next = json_at(&s, LATER, &["trust", "next", "kz.json", "-o", "-"]).code(0).json();
    assert_eq!(next["sequence"], json!(2));
    let mut issue = vec!["--output", "json"];
    issue.extend(issue_args("-"));
    let bundle = s.run(&issue).code(0).json();
    assert_eq!(bundle["mediaType"], json!("application/vnd.attest.bundle.v1+json"));
    let page = json_run(&s, &["certify", "show", "bundle.json", "--html", "-"]);
    assert!(page.code(0).stdout.starts_with("<!DOCTYPE html>"), "{}", page.stdout);
    assert!(page.stdout.trim_end().ends_with("</html>"), "{}", page.stdout);
    // The same without `-`: the summary.
    v.output("trust-draft", &json_at(&s, T0, &[&init[..], &["-o", "x.json"]].concat()), 0);
}

/// Walks `schema`, calling `f` with the path and value of every property
/// declared under a `properties` keyword outside conditions.
fn each_property(schema: &Value, path: &str, f: &mut dyn FnMut(&str, &Value)) {
    match schema {
        Value::Object(map) => {
            // Conditions (`if`/`then`/`else`) restate fields declared
            // and described elsewhere in the schema.
            for (k, child) in map.iter().filter(|(k, _)| !matches!(k.as_str(), "if" | "then" | "else")) {
                let here = format!("{path}/{k}");
                if k == "properties"
                    && let Some(props) = child.as_object()
                {
                    for (name, prop) in props {
                        f(&format!("{here}/{name}"), prop);
                    }
                }
                each_property(child, &here, f);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                each_property(child, &format!("{path}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// Every output schema is a 2020-12 schema that compiles (boon checks it
/// against the meta-schema), is named by its file, describes every field,
/// and is exercised by a test of this file; the shared one is referred to.
#[test]
fn every_output_schema_is_valid_documented_and_used() {
    let schemas = Schemas::load();
    let source = include_str!("json_output.rs");
    let files = schema_files(&output_dir());
    assert!(files.len() > 10, "{files:?}");
    for path in &files {
        let name = stem(path);
        let value = read_json(path);
        assert_eq!(value["$schema"], json!("https://json-schema.org/draft/2020-12/schema"), "{name}");
        assert_eq!(value["$id"], json!(format!("urn:attest:schema:output:{name}:v1")), "{name}");
        assert!(value["description"].is_string(), "{name}: no description");
        each_property(&value, "", &mut |at, prop| {
            assert!(prop["description"].as_str().is_some_and(|d| !d.is_empty()), "{name}{at}: no description");
        });
        if name == "common" {
            continue;
        }
        assert!(schemas.by_name.contains_key(&name), "{name}");
        assert!(source.contains(&format!("output(\"{name}\"")), "{name} is checked by no test");
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains("urn:attest:schema:output:common:v1#/$defs/"), "{name} shares nothing with common");
    }
    // The meta-schema check is real: a schema with a wrong keyword value does
    // not compile.
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:test:broken", json!({"type": "object", "required": "name"})).unwrap();
    assert!(compiler.compile("urn:test:broken", &mut boon::Schemas::new()).is_err());
}

#[test]
fn log_commands() {
    let (s, v) = (Scratch::new(), Schemas::load());
    s.certified_release();
    for k in ["kzlog", "w1"] {
        s.run(&["key", "generate", "--out", k]).code(0);
    }
    let origin = "kz.example/certificates";
    let init =
        v.output("log-init", &json_run(&s, &["log", "init", "L", "--origin", origin, "--log-key", "kzlog.key"]), 0);
    s.write("log.vkey", init["vkey"].as_str().unwrap());
    let vkey = json_run(&s, &["log", "vkey", "--name", "w1.example", "--key", "w1.pub", "--witness"]);
    let w = v.output("log-vkey", &vkey, 0);
    s.write("w1.vkey", w["vkey"].as_str().unwrap());
    let append = json_run(&s, &["log", "append", "L", "--log-key", "kzlog.key", "bundle.json", "kz.json"]);
    let appended = v.output("log-append", &append, 0);
    assert_eq!((appended["first"].clone(), appended["size"].clone()), (json!(0), json!(2)));
    assert_eq!(appended["entries"][1]["kind"], json!("trust-list"));
    v.assert_rejects("log-append", "an unknown kind", &with(&appended, "/entries/0/kind", json!("sbom")));
    let witness = ["log", "witness", "L", "--key", "w1.key", "--name", "w1.example", "--log-vkey", "log.vkey"];
    let cosigned = v.output("log-witness", &json_at(&s, ISSUED, &[&witness[..], &["-o", "w1.cosig"]].concat()), 0);
    assert_eq!(cosigned["cosigned"], json!(true));
    v.output("log-cosign", &json_run(&s, &["log", "cosign", "L", "w1.cosig", "--witness", "w1.vkey"]), 0);
    let shown = v.output("log-show", &json_run(&s, &["log", "show", "L"]), 0);
    assert_eq!(shown["signatures"].as_array().unwrap().len(), 2);
    let proved = v.output("log-prove", &json_run(&s, &["log", "prove", "L", "bundle.json"]), 0);
    assert_eq!(proved["bundles"][0]["index"], json!(0));
    let audit = ["log", "audit", "L", "--log-vkey", "log.vkey", "--witness", "w1.vkey"];
    let audited = v.output("log-audit", &json_run(&s, &audit), 0);
    assert_eq!(audited["entries"][0]["id"], json!("KZ-2026-0000000000000001"));
    v.assert_rejects("log-audit", "a failed audit", &with(&audited, "/verified", json!(false)));
    // A split view: another tree of the same size, refused with evidence.
    s.run(&["log", "init", "F", "--origin", origin, "--log-key", "kzlog.key"]).code(0);
    s.run(&["log", "append", "F", "--log-key", "kzlog.key", "kz.json", "bundle.json"]).code(0);
    let split = v.output("log-witness", &json_at(&s, ISSUED, &[&witness[..2], &["F"], &witness[3..]].concat()), 1);
    assert_eq!(split["evidence"].as_array().unwrap().len(), 2);
}
