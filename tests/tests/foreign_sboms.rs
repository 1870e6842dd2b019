//! SBOMs made by other tools (testdata/sbom/foreign/: syft, cargo-cyclonedx
//! and cyclonedx-py, CycloneDX 1.4–1.6, real tool output) are validated,
//! signed and verified as they are: the signed predicate is the file byte
//! for byte, changing it after signing breaks the signature, and the
//! regulator's evaluation judges every component the file lists.

use std::collections::{BTreeMap, BTreeSet};

use attest_e2e::{Scratch, workspace};
use base64ct::{Base64, Encoding};
use serde_json::value::RawValue;
use serde_json::{Value, json};

/// When the test's trust list is issued and its attestations signed: after
/// the tools ran (the files' timestamps are 2026-11-27).
const ISSUED: &str = "2026-11-28T00:00:00Z";
/// When the regulator evaluates them.
const NOW: &str = "2026-12-01T00:00:00Z";
const SUBJECT: &str = "dist/app.tar.gz";

/// Every foreign SBOM as (file name, bytes, parsed), sorted by name.
fn foreign() -> Vec<(String, Vec<u8>, Value)> {
    let dir = workspace().join("testdata/sbom/foreign");
    let mut files: Vec<(String, Vec<u8>, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.file_name().unwrap().to_string_lossy().into_owned(), bytes, value)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The tools a BOM names in `metadata.tools`: the 1.4 array of tools or
/// the 1.5+ object of `components`.
fn tools(bom: &Value) -> Vec<String> {
    let tools = &bom["metadata"]["tools"];
    let list = tools.as_array().or_else(|| tools["components"].as_array()).expect("metadata.tools");
    list.iter().map(|t| t["name"].as_str().unwrap().to_owned()).collect()
}

/// (name, purl) of every component the evaluation judges: `components`
/// with their nested components, and the product's own sub-components.
fn listed(bom: &Value) -> Vec<(String, Option<String>)> {
    fn walk(components: &Value, out: &mut Vec<(String, Option<String>)>) {
        for c in components.as_array().into_iter().flatten() {
            out.push((c["name"].as_str().unwrap().to_owned(), c["purl"].as_str().map(str::to_owned)));
            walk(&c["components"], out);
        }
    }
    let mut out = Vec::new();
    walk(&bom["components"], &mut out);
    walk(&bom["metadata"]["component"]["components"], &mut out);
    out.sort();
    out
}

/// The Statement inside a DSSE envelope (its payload decoded) and the raw
/// bytes of its predicate, exactly as they stand in the payload.
fn payload(envelope: &[u8]) -> (String, Vec<u8>) {
    let envelope: Value = serde_json::from_slice(envelope).unwrap();
    let statement = String::from_utf8(Base64::decode_vec(envelope["payload"].as_str().unwrap()).unwrap()).unwrap();
    let fields: BTreeMap<String, Box<RawValue>> = serde_json::from_str(&statement).unwrap();
    let predicate = fields["predicate"].get().as_bytes().to_vec();
    (statement, predicate)
}

/// Vendor keys and the subject artefact.
fn vendor() -> Scratch {
    let s = Scratch::new();
    s.key("vendor");
    s.write(SUBJECT, b"release bytes\n");
    s
}

fn sign(s: &Scratch, sbom: &str, out: &str) {
    s.run(&[
        "--time",
        ISSUED,
        "sign",
        "--key",
        "vendor.key",
        "--sbom",
        sbom,
        "--subject",
        SUBJECT,
        "-o",
        out,
        "--force",
    ])
    .code(0);
}

#[test]
fn the_fixtures_cover_every_tool_and_spec_version() {
    let files = foreign();
    let tools: BTreeSet<String> = files.iter().flat_map(|(_, _, bom)| tools(bom)).collect();
    for tool in ["syft", "cargo-cyclonedx", "cyclonedx-py"] {
        assert!(tools.contains(tool), "no SBOM made by {tool} in testdata/sbom/foreign: {tools:?}");
    }
    let versions: BTreeSet<&str> = files.iter().map(|(_, _, bom)| bom["specVersion"].as_str().unwrap()).collect();
    assert_eq!(versions, BTreeSet::from(["1.4", "1.5", "1.6"]));
    assert_eq!(files.len(), 12, "{:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
}

#[test]
fn every_foreign_sbom_validates_and_is_signed_byte_for_byte() {
    let s = vendor();
    for (name, bytes, bom) in foreign() {
        s.write(&name, &bytes);
        let spec = bom["specVersion"].as_str().unwrap();
        s.run(&["sbom", "validate", &name]).code(0).says(&format!("valid CycloneDX {spec}"));
        let att = format!("{name}.att.json");
        sign(&s, &name, &att);
        s.run(&["--time", NOW, "verify", &att, "--key", "vendor.pub", "--subject", SUBJECT])
            .code(0)
            .says("VERIFIED")
            .says(&format!("valid CycloneDX {spec}"));
        // The predicate is the file itself, not a re-serialisation: only the
        // whitespace around the document (a final newline) is left out.
        let (_, predicate) = payload(&s.read(&att));
        assert_eq!(predicate.as_slice(), bytes.trim_ascii(), "{name}: the signed predicate differs from the file");
    }
}

#[test]
fn a_component_version_changed_after_signing_breaks_the_signature() {
    let s = vendor();
    for (name, bytes, bom) in foreign() {
        s.write(&name, &bytes);
        let att = format!("{name}.att.json");
        sign(&s, &name, &att);
        let (statement, _) = payload(&s.read(&att));
        // The first component with a version, its version changed in the
        // signed payload (the envelope and its signature kept).
        let (index, version) = bom["components"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .find_map(|(i, c)| c["version"].as_str().map(|v| (i, v.to_owned())))
            .unwrap();
        let tampered = statement.replacen(&format!("\"{version}\""), &format!("\"{version}.1\""), 1);
        let mut expected: Value = serde_json::from_str(&statement).unwrap();
        expected["predicate"]["components"][index]["version"] = json!(format!("{version}.1"));
        assert_eq!(serde_json::from_str::<Value>(&tampered).unwrap(), expected, "{name}: tampered elsewhere");
        let mut envelope: Value = serde_json::from_slice(&s.read(&att)).unwrap();
        envelope["payload"] = json!(Base64::encode_string(tampered.as_bytes()));
        let forged = format!("{name}.forged.json");
        s.write(&forged, serde_json::to_vec(&envelope).unwrap());
        s.run(&["--time", NOW, "verify", &forged, "--key", "vendor.pub", "--subject", SUBJECT])
            .code(1)
            .says("signature invalid")
            .says("NOT VERIFIED");
    }
}

/// `kz.json`: a list issued at [`ISSUED`] by 2 of 3 governors, granting the
/// vendor `pkg:generic/acme/*` and approving every cargo, PyPI, Go and
/// Debian component; and `policy.json`.
fn regulator(s: &Scratch) {
    for g in ["g1", "g2", "g3"] {
        s.run(&["key", "generate", "--out", g]).code(0);
    }
    let mut init = vec!["--time", ISSUED, "trust", "init", "--name", "kz-national", "--jurisdiction", "KZ"];
    init.extend(["--governor", "g1.pub", "--governor", "g2.pub", "--governor", "g3.pub", "--threshold", "2"]);
    s.run(&[init, vec!["-o", "kz.draft.json"]].concat()).code(0);
    let add = |args: &[&str]| {
        s.run(&[&["--time", ISSUED, "trust", "add", "kz.draft.json"], args].concat()).code(0);
    };
    add(&["--kind", "supplier", "--id", "acme", "--key", "vendor.pub", "--scope", "pkg:generic/acme/*"]);
    for ty in ["cargo", "pypi", "golang", "deb"] {
        add(&["--kind", "component", "--id", ty, "--scope", &format!("pkg:{ty}/*")]);
    }
    s.run(&["--time", ISSUED, "trust", "sign", "kz.draft.json", "--key", "g1.key", "-o", "kz.json"]).code(0);
    s.run(&["--time", ISSUED, "trust", "sign", "kz.json", "--key", "g2.key", "-o", "kz.json", "--force"]).code(0);
    s.policy();
}

#[test]
fn the_evaluation_judges_every_component_the_file_lists() {
    let s = vendor();
    regulator(&s);
    for (name, bytes, bom) in foreign() {
        s.write(&name, &bytes);
        sign(&s, &name, "att.json");
        let out = s.evaluate(NOW, &["--output", "json"]);
        // None of these products is in acme's scope (`pkg:generic/acme/*`),
        // so the verdict is a failure, but a judged one (not exit 2).
        out.code(1);
        let report = out.json();
        assert_eq!(report["verified"], json!(false), "{name}");
        assert_eq!(report["product"]["ok"], json!(false), "{name}");
        let components = report["components"].as_array().unwrap();
        let mut judged: Vec<(String, Option<String>)> = components
            .iter()
            .map(|c| (c["name"].as_str().unwrap().to_owned(), c["purl"].as_str().map(str::to_owned)))
            .collect();
        judged.sort();
        let expected = listed(&bom);
        assert!(!expected.is_empty(), "{name}");
        assert_eq!(judged, expected, "{name}: the report's components are not the file's");
        // Every component with a purl is covered by its ecosystem's entry;
        // one without a purl (syft's operating-system component) cannot be.
        for c in components {
            let status = if c.get("purl").is_some() { "listed" } else { "unknown" };
            assert_eq!(c["status"], json!(status), "{name}: {c}");
        }
    }
}
