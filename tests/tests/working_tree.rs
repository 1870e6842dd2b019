//! `sbom generate` of a working tree (issue 14): attest's own earlier
//! outputs are left out by content, `--ignore-file` and
//! `--respect-gitignore` apply gitignore rules, and the summary names each
//! path left out with why; and the trust-list papercuts: `--holder` where
//! keys are added, `trust add --from-sbom`.

use attest_e2e::Scratch;
use serde_json::Value;

/// The `name`s of the file components of the SBOM at `rel`.
fn files(s: &Scratch, rel: &str) -> Vec<String> {
    let v: Value = serde_json::from_slice(&s.read(rel)).unwrap();
    let components = v["components"].as_array().cloned().unwrap_or_default();
    components.iter().filter(|c| c["type"] == "file").map(|c| c["name"].as_str().unwrap().to_owned()).collect()
}

fn generate(s: &Scratch, out: &str, extra: &[&str]) -> Value {
    let mut args =
        vec!["--output", "json", "sbom", "generate", "work", "--name", "app", "--version", "1.0.0", "-o", out];
    args.extend(extra);
    s.run(&args).code(0).json()
}

/// The reasons the summary gives, by path.
fn left_out(summary: &Value) -> Vec<(String, String)> {
    let skipped = summary["skipped"].as_array().unwrap();
    skipped.iter().map(|k| (k["path"].as_str().unwrap().to_owned(), k["reason"].as_str().unwrap().to_owned())).collect()
}

#[test]
fn the_ci_recipe_run_twice_leaves_its_own_outputs_out_by_content() {
    let s = Scratch::new();
    s.key("vendor");
    s.write("work/app.bin", b"binary");
    s.write("work/notes.json", b"{\"not\": \"an attest output\"}");
    // A CycloneDX SBOM another tool wrote, shipped in the release: kept.
    s.write(
        "work/vendored.cdx.json",
        br#"{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"tools":[{"name":"syft"}]}}"#,
    );
    generate(&s, "work/first.cdx.json", &[]);
    s.sign_sbom("vendor.key", "work/first.cdx.json", "work/app.bin", "work/renamed-output.json");
    // The second run: the earlier SBOM and attestation are recognised by
    // content (one under a name that says nothing), reported, not listed.
    let summary = generate(&s, "second.cdx.json", &[]);
    assert_eq!(files(&s, "second.cdx.json"), ["app.bin", "notes.json", "vendored.cdx.json"]);
    let reasons = left_out(&summary);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].0 == "first.cdx.json" && reasons[0].1.contains("attest's own output (a CycloneDX SBOM)"));
    assert!(reasons[1].0 == "renamed-output.json" && reasons[1].1.contains("(a signed attestation)"));
    // Asked for, they are listed; and the human summary counts what was left out.
    generate(&s, "third.cdx.json", &["--keep-own-outputs"]);
    assert_eq!(files(&s, "third.cdx.json").len(), 5);
    s.run(&["sbom", "generate", "work", "--name", "app", "--version", "1.0.0", "-o", "fourth.cdx.json"])
        .code(0)
        .says("2 path(s) left out, each named above with why")
        .says("skipped renamed-output.json: attest's own output");
}

#[test]
fn gitignore_rules_apply_only_when_asked_and_each_path_left_out_is_named() {
    let s = Scratch::new();
    s.write("work/.gitignore", "*.log\n/build/\n");
    s.write("work/src/.gitignore", "!keep.log\n");
    s.write("work/app.log", "x");
    s.write("work/src/keep.log", "x");
    s.write("work/src/main.rs", "fn main() {}");
    s.write("work/build/out.o", "x");
    s.write("work/secret.env", "x");
    s.write("rules.ignore", "secret.env\n");
    // By default .gitignore files are not rules: release folders are often gitignored.
    generate(&s, "all.cdx.json", &[]);
    assert_eq!(files(&s, "all.cdx.json").len(), 7);
    let summary = generate(&s, "git.cdx.json", &["--respect-gitignore", "--ignore-file", "rules.ignore"]);
    assert_eq!(files(&s, "git.cdx.json"), [".gitignore", "src/.gitignore", "src/keep.log", "src/main.rs"]);
    let reasons = left_out(&summary);
    let paths: Vec<&str> = reasons.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["app.log", "build", "secret.env"]);
    assert!(reasons[0].1.starts_with("left out by .gitignore rule \"*.log\""), "{reasons:?}");
    assert!(reasons[2].1.starts_with("left out by --ignore-file rule \"secret.env\""), "{reasons:?}");
    // An ignore file that is not there is refused, naming it.
    s.run(&["sbom", "generate", "work", "--name", "a", "--version", "1", "--ignore-file", "nope", "-o", "x.json"])
        .code(2)
        .says("--ignore-file nope");
}

#[test]
fn holders_are_named_where_keys_are_added() {
    let s = Scratch::new();
    for k in ["g1", "g2", "acme"] {
        s.run(&["key", "generate", "--out", k]).code(0);
    }
    let init = |holders: &[&str]| {
        let mut args = vec!["trust", "init", "--name", "kz", "--jurisdiction", "KZ", "--threshold", "1"];
        args.extend(["--governor", "g1.pub", "--governor", "g2.pub"]);
        for h in holders {
            args.extend(["--holder", h]);
        }
        args.extend(["-o", "kz.draft.json", "--force"]);
        s.run(&args)
    };
    init(&["Ministry"]).code(2).says("1 --holder for 2 --governor");
    init(&["Ministry", "National Bank"]).code(0);
    s.run(&[
        "trust",
        "add",
        "kz.draft.json",
        "--kind",
        "supplier",
        "--id",
        "acme",
        "--key",
        "acme.pub",
        "--holder",
        "Acme release team",
        "--scope",
        "pkg:generic/acme/*",
    ])
    .code(0);
    let draft: Value = serde_json::from_slice(&s.read("kz.draft.json")).unwrap();
    let holders: Vec<&str> =
        draft["governance"]["keys"].as_array().unwrap().iter().map(|k| k["holder"].as_str().unwrap()).collect();
    assert_eq!(holders, ["Ministry", "National Bank"]);
    assert_eq!(draft["entries"][0]["keys"][0]["holder"], "Acme release team");
    s.run(&["trust", "show", "kz.draft.json"]).code(0).says("National Bank");
}

#[test]
fn components_of_an_sbom_are_approved_at_exact_versions_with_digests_pinned() {
    let s = Scratch::new();
    s.run(&["key", "generate", "--out", "g1"]).code(0);
    let lock = attest_e2e::workspace().join("testdata/corpus/cargo-fd/Cargo.lock");
    let lock = lock.to_str().unwrap();
    s.run(&["sbom", "generate", "--lockfile", lock, "--name", "fd", "--version", "10", "-o", "fd.cdx.json"]).code(0);
    s.run(&[
        "trust",
        "init",
        "--name",
        "kz",
        "--jurisdiction",
        "KZ",
        "--threshold",
        "1",
        "--governor",
        "g1.pub",
        "-o",
        "d.json",
    ])
    .code(0);
    s.run(&["trust", "add", "d.json", "--kind", "component", "--id", "fd-deps", "--from-sbom", "fd.cdx.json"])
        .code(0)
        .says("approving 129 package version(s)")
        .says("left out 1 first-party component(s)");
    let draft: Value = serde_json::from_slice(&s.read("d.json")).unwrap();
    let scopes = draft["entries"][0]["scope"].as_array().unwrap();
    assert_eq!(scopes.len(), 129);
    let regex = scopes.iter().find(|sc| sc["purl"] == "pkg:cargo/regex").unwrap();
    assert_eq!(regex["exact"].as_array().unwrap().len(), 1);
    assert!(regex.get("versions").is_none());
    assert_eq!(regex["digests"][0]["sha256"].as_str().unwrap().len(), 64);
    // Only with --kind component, and never with --scope; an attestation is not an SBOM.
    s.run(&["trust", "add", "d.json", "--kind", "supplier", "--id", "x", "--from-sbom", "fd.cdx.json"])
        .code(2)
        .says("--from-sbom goes with --kind component");
    s.run(&[
        "trust",
        "add",
        "d.json",
        "--kind",
        "component",
        "--id",
        "y",
        "--from-sbom",
        "fd.cdx.json",
        "--scope",
        "pkg:cargo/x",
    ])
    .code(2);
    s.run(&["trust", "add", "d.json", "--kind", "component", "--id", "z", "--from-sbom", "g1.pub"])
        .code(2)
        .says("a public key");
}
