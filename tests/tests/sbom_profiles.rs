//! CycloneDX 1.6 by default, `--spec-version 1.5`, `sbom generate --profile`
//! and `sbom check --profile` end to end, and the policy rule
//! `sbom.profiles` in a regulator's evaluation (docs/sbom-profiles.md).
use attest_e2e::{ISSUED, Scratch, validate_cdx_16};
use serde_json::{Value, json};

const NOW: &str = "2026-01-20T00:00:00Z";

/// A tree holding only the vendor's own files: an ELF binary with its
/// execute bit, a zip, a gzip stream and a text file.
fn vendor_tree(s: &Scratch) {
    s.write("dist/bin/gw", b"\x7fELF\x02\x01\x01 gateway");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(s.join("dist/bin/gw"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    s.write("dist/plugins.zip", b"PK\x03\x04 members");
    s.write("dist/data.gz", b"\x1f\x8b\x08 stream");
    s.write("dist/README", b"read me\n");
}

const PROFILE_ARGS: [&str; 16] = [
    "sbom",
    "generate",
    "dist",
    "--name",
    "gw",
    "--version",
    "2.4.1",
    "--supplier",
    "Acme LLP",
    "--purl",
    "pkg:generic/acme/gw@2.4.1",
    "--license",
    "Apache-2.0",
    "--profile",
    "tr-03183-2",
    "--force",
];

fn property<'a>(c: &'a Value, name: &str) -> &'a str {
    let props = c["properties"].as_array().unwrap();
    props.iter().find(|p| p["name"] == json!(name)).and_then(|p| p["value"].as_str()).unwrap()
}

#[test]
fn a_vendor_tree_generated_for_tr_03183_2_passes_its_check_and_every_profile() {
    let s = Scratch::new();
    vendor_tree(&s);
    let mut args = PROFILE_ARGS.to_vec();
    args.extend(["--creator-email", "sbom@acme.example", "--profile", "ntia", "--profile", "cra", "-o", "tr.json"]);
    let out = s.run(&args);
    out.code(0);
    assert!(!out.stderr.contains("not met"), "{}", out.stderr);
    s.run(&["sbom", "check", "tr.json", "--profile", "tr-03183-2"]).code(0).says("meets tr-03183-2");
    s.run(&["sbom", "check", "tr.json", "--profile", "ntia", "--profile", "cra"]).code(0).says("meets cra");
    s.run(&["sbom", "validate", "tr.json"]).code(0).says("valid CycloneDX 1.6");
    validate_cdx_16(&s, "tr.json");

    let bom: Value = serde_json::from_slice(&s.read("tr.json")).unwrap();
    assert_eq!(bom["metadata"]["manufacturer"]["contact"][0]["email"], json!("sbom@acme.example"));
    let by_name = |n: &str| bom["components"].as_array().unwrap().iter().find(|c| c["name"] == json!(n)).unwrap();
    let gw = by_name("bin/gw");
    assert_eq!(gw["version"], json!("2.4.1"));
    assert_eq!(property(gw, "bsi:component:filename"), "gw");
    assert_eq!(property(gw, "bsi:component:executable"), "executable");
    assert_eq!(gw["licenses"], json!([{"expression": "Apache-2.0", "acknowledgement": "concluded"}]));
    let dist = &gw["externalReferences"][0];
    assert_eq!((dist["type"].clone(), dist["url"].clone()), (json!("distribution"), json!("bin/gw")));
    assert_eq!(dist["hashes"][0]["alg"], json!("SHA-512"));
    assert_eq!(dist["hashes"][0]["content"], gw["hashes"][1]["content"]);
    let zip = by_name("plugins.zip");
    assert_eq!(
        [property(zip, "bsi:component:archive"), property(zip, "bsi:component:structured")],
        ["archive", "structured"]
    );
    let gz = by_name("data.gz");
    assert_eq!(
        [property(gz, "bsi:component:archive"), property(gz, "bsi:component:structured")],
        ["archive", "unstructured"]
    );
    let readme = by_name("README");
    assert_eq!(
        [
            property(readme, "bsi:component:executable"),
            property(readme, "bsi:component:archive"),
            property(readme, "bsi:component:structured")
        ],
        ["non-executable", "no archive", "unstructured"]
    );
    assert_eq!(bom["compositions"][0], json!({"aggregate": "complete", "assemblies": ["product"]}));
}

#[test]
fn what_cannot_be_filled_is_noted_and_the_check_names_it() {
    let s = Scratch::new();
    vendor_tree(&s);
    let mut args = PROFILE_ARGS.to_vec();
    args.extend(["-o", "no-creator.json"]);
    s.run(&args).code(0).says("profile tr-03183-2: 5 requirement(s) not met").says("tr-03183-2.creator at /");
    let out = s.run(&["sbom", "check", "no-creator.json", "--profile", "tr-03183-2"]);
    out.code(1).says("UNMET").says("tr-03183-2.component-creator").says("/components/3").says("§5.2.2");
    out.says("does NOT meet tr-03183-2: 5 of");
    let j = s.run(&["--output", "json", "sbom", "check", "no-creator.json", "--profile", "tr-03183-2"]);
    let unmet: Vec<Value> = j.json()["profiles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["met"] == json!(false) && f["stated"] == json!(true))
        .map(|f| f["requirement"].clone())
        .collect();
    assert_eq!(unmet[0], json!("tr-03183-2.creator"));
    assert!(unmet[1..].iter().all(|r| r == &json!("tr-03183-2.component-creator")), "{unmet:?}");
    // Files have no source repository or package identifier of their own:
    // those fields, to give when known, are reported as not stated.
    let profile = &j.json()["profiles"][0];
    assert_eq!(profile["unmet"], json!(unmet.len()));
    assert!(profile["notStated"].as_u64().is_some_and(|n| n > 0), "{profile:#}");
    out.says("not stated").says("tr-03183-2.source-code-uri");
}

#[test]
fn spec_version_1_5_on_request_and_refusals() {
    let s = Scratch::new();
    vendor_tree(&s);
    let base = ["sbom", "generate", "dist", "--name", "gw", "--version", "1"];
    s.run(&[&base[..], &["-o", "default.json"]].concat()).code(0);
    let bom: Value = serde_json::from_slice(&s.read("default.json")).unwrap();
    assert_eq!(bom["specVersion"], json!("1.6"));
    assert_eq!(bom["metadata"]["tools"]["components"][0]["name"], json!("attest"));
    validate_cdx_16(&s, "default.json");
    s.run(&[&base[..], &["--spec-version", "1.5", "-o", "old.json"]].concat()).code(0);
    s.run(&["sbom", "validate", "old.json"]).code(0).says("valid CycloneDX 1.5");
    s.run(&["sbom", "check", "old.json", "--profile", "tr-03183-2", "--all"])
        .code(1)
        .says("specVersion is below 1.6")
        .says("met");
    // A 1.5 document cannot carry what a profile needs: refused, not degraded.
    s.run(&[&base[..], &["--spec-version", "1.5", "--profile", "ntia"]].concat())
        .code(2)
        .says("leave out --spec-version 1.5");
    s.run(&[&base[..], &["--spec-version", "1.5", "--creator-email", "a@b.example"]].concat())
        .code(2)
        .says("needs CycloneDX 1.6");
    s.run(&[&base[..], &["--license", "Apache 2"]].concat()).code(2).says("not an SPDX licence expression");
    s.run(&[&base[..], &["--spec-version", "1.7"]].concat()).code(2);
    s.run(&["sbom", "check", "old.json"]).code(2);
}

#[test]
fn the_policy_rule_fails_an_evaluation_naming_each_unmet_requirement() {
    let s = Scratch::new();
    s.national_list();
    s.policy();
    s.write("rel/dist/acme-gateway.tar.gz", "acme-gateway 2.4.1");
    s.sign_release("acme-gateway", "2.4.1", Some("Acme LLP"));
    let mut policy: Value = serde_json::from_slice(&s.read("policy.json")).unwrap();
    policy["sbom"]["profiles"] = json!(["tr-03183-2"]);
    s.write("policy.json", serde_json::to_vec(&policy).unwrap());
    let out = s.evaluate(NOW, &["--output", "json"]);
    out.code(1);
    let rules = out.json()["policy"].as_array().unwrap().clone();
    let rule = rules.iter().find(|r| r["rule"] == json!("sbom.profiles")).unwrap();
    assert_eq!(rule["outcome"], json!("fail"));
    let detail = rule["detail"].as_str().unwrap();
    assert!(detail.contains("tr-03183-2.creator (TR-03183-2 v2.1 §5.2.1) unmet at /"), "{detail}");
    assert!(detail.contains("tr-03183-2.filename"), "{detail}");
    // The release generated for CRA (the product's dependency entry) and
    // judged only by CRA passes that rule.
    let generate = "sbom generate rel --name acme-gateway --version 2.4.1 --purl pkg:generic/acme/acme-gateway@2.4.1";
    let mut args = vec!["--time", ISSUED];
    args.extend(generate.split(' '));
    args.extend(["--supplier", "Acme LLP", "--profile", "cra", "-o", "sbom.json", "--force"]);
    s.run(&args).code(0);
    s.sign_sbom("vendor.key", "sbom.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    policy["sbom"]["profiles"] = json!(["cra"]);
    s.write("policy.json", serde_json::to_vec(&policy).unwrap());
    let rules = s.evaluate(NOW, &["--output", "json"]).json()["policy"].as_array().unwrap().clone();
    let rule = rules.iter().find(|r| r["rule"] == json!("sbom.profiles")).unwrap();
    assert_eq!((rule["outcome"].clone(), rule["detail"].clone()), (json!("pass"), json!("the SBOM meets cra")));
}
