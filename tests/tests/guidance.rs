//! A person who gives attest the wrong document hears what it is and what
//! the command takes (issue 14): every kind of document attest speaks, given
//! to every command slot that takes another kind, is named along with the
//! kind wanted before any parser speaks; a missing file is reported once.

use attest_e2e::{Scratch, issue_args};

/// Each kind of document, the file in the fixture that is one, and the
/// words that name it.
const DOCUMENTS: &[(&str, &str)] = &[
    ("kzreg.key", "a private key"),
    ("kzreg.pub", "a public key"),
    ("sbom.json", "a CycloneDX SBOM"),
    ("att.json", "a signed attestation"),
    ("cert.json", "a mutual-recognition certificate"),
    ("fed.json", "a signed trust list"),
    ("kz.draft.json", "an unsigned trust-list draft"),
    ("policy.json", "a national policy"),
    ("bundle.json", "a certificate bundle"),
    ("log.checkpoint", "a transparency-log checkpoint"),
];

/// A command with one slot (`{}`) and the kinds that slot takes; every other
/// argument is a right one.
struct Slot {
    args: &'static [&'static str],
    taker: &'static str,
    takes: &'static [&'static str],
}

fn slots() -> Vec<Slot> {
    const PRIVATE: &[&str] = &["a private key"];
    const PUBLIC: &[&str] = &["a public key"];
    const LIST: &[&str] = &["a signed trust list"];
    const SUBJECT: &str = "rel/dist/acme-gateway.tar.gz";
    let mut slots = vec![
        Slot {
            args: &["sign", "--key", "{}", "--sbom", "sbom.json", "--subject", SUBJECT, "-o", "out.json"],
            taker: "`sign --key`",
            takes: PRIVATE,
        },
        Slot {
            args: &["sign", "--key", "vendor.key", "--sbom", "{}", "--subject", SUBJECT, "-o", "out.json"],
            taker: "`sign --sbom`",
            takes: &["a CycloneDX SBOM"],
        },
        Slot {
            args: &["cosign", "{}", "--key", "vendor.key", "-o", "out.json"],
            taker: "`cosign`",
            takes: &["a signed attestation", "a mutual-recognition certificate", "a signed trust list"],
        },
        Slot { args: &["verify", "{}", "--key", "vendor.pub"], taker: "`verify`", takes: &["a signed attestation"] },
        Slot { args: &["verify", "att.json", "--key", "{}"], taker: "`verify --key`", takes: PUBLIC },
        Slot {
            args: &["verify", "att.json", "--anchor", "{}", "--policy", "policy.json"],
            taker: "`verify --anchor`",
            takes: LIST,
        },
        Slot {
            args: &["verify", "att.json", "--anchor", "kz.json", "--policy", "{}"],
            taker: "`verify --policy`",
            takes: &["a national policy"],
        },
        Slot {
            args: &["trust", "sign", "{}", "--key", "g1.key", "-o", "out.json"],
            taker: "`trust sign`",
            takes: &["an unsigned trust-list draft", "a signed trust list"],
        },
        Slot {
            args: &["trust", "sign", "kz.draft.json", "--key", "{}", "-o", "out.json"],
            taker: "`trust sign --key`",
            takes: PRIVATE,
        },
        Slot {
            args: &["trust", "show", "{}"],
            taker: "`trust show`",
            takes: &["an unsigned trust-list draft", "a signed trust list"],
        },
        Slot {
            args: &["trust", "audit", "{}"],
            taker: "`trust audit`",
            takes: &["an unsigned trust-list draft", "a signed trust list"],
        },
        Slot {
            args: &[
                "trust",
                "init",
                "--name",
                "x",
                "--jurisdiction",
                "KZ",
                "--governor",
                "{}",
                "--threshold",
                "1",
                "-o",
                "out.json",
            ],
            taker: "`trust init --governor`",
            takes: PUBLIC,
        },
        Slot {
            args: &["trust", "add", "{}", "--kind", "component", "--id", "x", "--scope", "pkg:cargo/x"],
            taker: "`trust add`",
            takes: &["an unsigned trust-list draft"],
        },
        Slot {
            args: &["trust", "add", "kz.draft.json", "--kind", "supplier", "--id", "x", "--key", "{}"],
            taker: "`trust add --key`",
            takes: PUBLIC,
        },
        Slot { args: &["trust", "next", "{}", "-o", "out.json"], taker: "`trust next`", takes: LIST },
        Slot {
            args: &["certify", "verify", "{}", "--anchor", "fed.json"],
            taker: "`certify verify`",
            takes: &["a certificate bundle"],
        },
        Slot {
            args: &["certify", "verify", "bundle.json", "--anchor", "{}"],
            taker: "`certify verify --anchor`",
            takes: LIST,
        },
        Slot { args: &["certify", "show", "{}"], taker: "`certify show`", takes: &["a certificate bundle"] },
        Slot { args: &["sbom", "validate", "{}"], taker: "`sbom validate`", takes: &["a CycloneDX SBOM"] },
        Slot { args: &["key", "id", "{}"], taker: "`key id`", takes: &["a private key", "a public key"] },
        Slot {
            args: &["log", "init", "newlog", "--origin", "log.example.org/attest", "--log-key", "{}"],
            taker: "`log init --log-key`",
            takes: PRIVATE,
        },
        Slot {
            args: &["log", "append", "newlog", "--log-key", "kzreg.key", "{}"],
            taker: "`log append`",
            takes: &["a certificate bundle", "a mutual-recognition certificate", "a signed trust list"],
        },
        Slot { args: &["log", "prove", "newlog", "{}"], taker: "`log prove`", takes: &["a certificate bundle"] },
        Slot {
            args: &["log", "audit", "newlog", "--log-vkey", "log.example.org/attest+00000000+AQ==", "--since", "{}"],
            taker: "`log audit --since`",
            takes: &["a transparency-log checkpoint"],
        },
    ];
    // Every document slot of `certify issue`.
    for (flag, taker, takes) in [
        ("--key", "`certify issue --key`", PRIVATE),
        ("--attestation", "`certify issue --attestation`", &["a signed attestation"][..]),
        ("--anchor", "`certify issue --anchor`", LIST),
        ("--federation", "`certify issue --federation`", LIST),
        ("--policy", "`certify issue --policy`", &["a national policy"][..]),
    ] {
        let mut args = issue_args("out.json");
        let at = args.iter().position(|a| *a == flag).expect("flag in issue_args") + 1;
        args[at] = "{}";
        slots.push(Slot { args: Box::leak(args.into_boxed_slice()), taker, takes });
    }
    slots
}

/// The fixture: every kind of document, right ones for every other slot.
fn every_kind() -> Scratch {
    let s = Scratch::new();
    s.certified_release();
    let bundle: serde_json::Value = serde_json::from_slice(&s.read("bundle.json")).expect("bundle");
    s.write("cert.json", serde_json::to_vec_pretty(&bundle["certificate"]).expect("certificate"));
    s.write(
        "log.checkpoint",
        "log.example.org/attest\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u{2014} log.example.org/attest AAAA\n",
    );
    s
}

#[test]
fn every_kind_given_to_every_slot_of_another_kind_is_named_with_the_kind_wanted() {
    let s = every_kind();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for slot in slots() {
        for (file, found) in DOCUMENTS {
            if slot.takes.contains(found) {
                continue;
            }
            let args: Vec<&str> = slot.args.iter().map(|a| if *a == "{}" { *file } else { *a }).collect();
            let out = s.run(&args);
            let said = format!("{file} is {found}; {} takes {}", slot.taker, slot.takes.join(" or "));
            if out.code != Some(2)
                || !out.stderr.contains(&said)
                || s.join("out.json").exists()
                || s.join("newlog").exists()
            {
                wrong.push(format!(
                    "attest {}\n  expected exit 2 and {said:?}\n  got {:?}: {}",
                    args.join(" "),
                    out.code,
                    out.stderr
                ));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{} of {checked}:\n{}", wrong.len(), wrong.join("\n"));
    assert!(checked > 200, "only {checked} combinations checked");
}

#[test]
fn the_right_kinds_are_still_taken() {
    let s = every_kind();
    s.run(&["verify", "att.json", "--key", "vendor.pub", "--subject", "rel/dist/acme-gateway.tar.gz"]).code(0);
    s.run(&["sbom", "validate", "sbom.json"]).code(0);
    s.run(&["trust", "show", "kz.draft.json"]).code(0);
    s.run(&["key", "id", "kzreg.key"]).code(0);
    s.run(&["certify", "show", "bundle.json"]).code(0);
    s.run(&["log", "init", "newlog", "--origin", "log.example.org/attest", "--log-key", "kzreg.key"]).code(0);
    s.run(&["log", "append", "newlog", "--log-key", "kzreg.key", "bundle.json", "cert.json", "fed.json"]).code(0);
    s.run(&["log", "prove", "newlog", "bundle.json"]).code(0);
}

#[test]
fn a_public_key_given_to_sign_is_named_before_its_permissions_are_judged() {
    let s = every_kind();
    // A public key is world-readable, as it should be.
    let out = s.run(&["sign", "--key", "vendor.pub", "--sbom", "sbom.json", "--subject", "sbom.json", "-o", "o.json"]);
    out.code(2).says("vendor.pub is a public key; `sign --key` takes a private key");
    assert!(!out.stderr.contains("chmod"), "{}", out.stderr);
}

#[test]
fn a_missing_file_is_reported_once() {
    let s = Scratch::new();
    s.key("vendor");
    let out = s.run(&["verify", "absent.json", "--key", "vendor.pub"]);
    out.code(2).says("absent.json: no such file or directory; check the path");
    assert_eq!(out.stderr.matches("absent.json").count(), 1, "{}", out.stderr);
    assert!(!out.stderr.contains("os error"), "{}", out.stderr);
}

/// A rotation draft signed by its new governors only is shown as short of
/// the previous governance wherever it is signed, shown or audited, and an
/// old-only governor is pointed to `--previous`.
#[test]
fn a_rotation_is_counted_against_both_governances() {
    let s = Scratch::new();
    s.national_list();
    let t = "2026-01-10T00:00:00Z";
    s.run(&["--time", t, "trust", "next", "kz.json", "-o", "kz2.draft.json"]).code(0);
    let rotate = ["trust", "set-governance", "kz2.draft.json", "--governor", "g4.pub", "--governor", "g5.pub"];
    s.run(&[&rotate[..], &["--threshold", "2"]].concat()).code(0);
    s.sign_list("kz2.draft.json", "kz2.json", &["g4", "g5"]);

    let show = s.run(&["--time", t, "trust", "show", "kz2.json", "--previous", "kz.json"]);
    show.code(0)
        .says("Signatures: 2 of the required 2 governor(s) count\n")
        .says("Rotation: 0 of the required 2 governor(s) of the previous governance count: BELOW THRESHOLD by 2");
    s.run(&["--time", t, "trust", "show", "kz2.json"]).code(0).says("give --previous PREVIOUS.json");
    s.run(&["--time", t, "trust", "audit", "kz2.json", "--previous", "kz.json"])
        .code(0)
        .says("rotation-below-threshold")
        .says("only 0 of the previous governance's required 2");
    // The verifier agrees: the old governance has not approved it.
    s.run(&["--time", t, "--state", "st", "trust", "verify", "kz2.json", "--anchor", "kz.json"]).code(1);

    // An old-only governor without --previous is pointed to it.
    s.run(&["trust", "sign", "kz2.json", "--key", "g1.key", "-o", "kz2.json", "--force"])
        .code(1)
        .says("sign with --previous PREVIOUS.json");
    let sign = ["trust", "sign", "kz2.json", "--previous", "kz.json", "-o", "kz2.json", "--force", "--key"];
    s.run(&[&sign[..], &["g1.key"]].concat())
        .code(0)
        .says("Rotation: 1 of the required 2")
        .says("BELOW THRESHOLD by 1");
    let done = s.run(&[&sign[..], &["g2.key"]].concat());
    done.code(0).says("Rotation: 2 of the required 2 governor(s) of the previous governance count\n");
    assert!(!done.stdout.contains("BELOW"), "{}", done.stdout);
    s.run(&["--time", t, "--state", "st", "trust", "verify", "kz2.json", "--anchor", "kz.json"]).code(0);
    // A --previous that is not the version before is refused.
    s.run(&["--time", t, "trust", "show", "kz.json", "--previous", "kz2.json"])
        .code(2)
        .says("is not the version before");
}

#[test]
fn papercuts_time_as_a_date_and_output_to_a_device() {
    let s = Scratch::new();
    s.signed_release();
    // A date alone is its midnight UTC.
    s.run(&["--time", "2027-06-01", "trust", "init", "--name", "x", "--jurisdiction", "KZ"]).code(2).says("--governor");
    s.run(&["--time", "2027-06-01", "--output", "json", "key", "id", "vendor.pub"]).code(0);
    s.run(&["key", "generate", "--out", "g"]).code(0);
    let init = ["trust", "init", "--name", "x", "--jurisdiction", "KZ", "--governor", "g.pub", "--threshold", "1"];
    s.run(&[&["--time", "2027-06-01"][..], &init, &["-o", "x.json"]].concat()).code(0);
    let draft: serde_json::Value = serde_json::from_slice(&s.read("x.json")).unwrap();
    assert_eq!(draft["issued"], "2027-06-01T00:00:00Z");
    s.run(&["--time", "2027-13-01", "key", "id", "vendor.pub"]).code(2).says("a date");
    // -o /dev/null is written to, not refused as existing.
    #[cfg(unix)]
    s.run(&["sign", "--key", "vendor.key", "--sbom", "sbom.json", "--subject", "dist/app.tar.gz", "-o", "/dev/null"])
        .code(0);
}

#[test]
fn the_demo_names_its_folder_only_when_kept() {
    let s = Scratch::new();
    let out = s.run(&["demo"]);
    out.code(0).says("files: a temporary directory, deleted at the end (keep them with --dir DIR)");
    assert!(!out.stdout.contains("/tmp"), "{}", out.stdout);
    s.run(&["demo", "--dir", "story"]).code(0).says("files: story\n");
}

#[test]
fn help_shows_own_flags_first_and_global_ones_under_their_heading() {
    let s = Scratch::new();
    let help = s.run(&["sign", "--help"]);
    let text = &help.code(0).stdout;
    let own = text.find("--sbom").expect("own flag");
    let global = text.find("Global options:").expect("global heading");
    assert!(own < global && text[global..].contains("--time"), "{text}");
    assert!(!text[..global].contains("--max-sbom-mib"), "{text}");
}

#[test]
fn a_withdrawn_entry_is_not_audited_as_granting_everything() {
    let s = Scratch::new();
    s.national_list();
    let wide = ["--kind", "component", "--id", "wide", "--scope", "pkg:npm/*"];
    s.trust_add("kz.draft.json", &wide);
    s.run(&["trust", "audit", "kz.draft.json"]).code(0).says("scope-everything");
    s.run(&["trust", "set-status", "kz.draft.json", "--id", "wide", "--status", "withdrawn"]).code(0);
    let out = s.run(&["trust", "audit", "kz.draft.json"]);
    out.code(0).says("entry-withdrawn");
    assert!(!out.stdout.contains("scope-everything"), "{}", out.stdout);
}

#[test]
fn man_pages_state_exit_codes_and_global_flags() {
    let s = Scratch::new();
    s.run(&["man", "--dir", "man"]).code(0);
    for page in ["attest.1", "attest-sign.1", "attest-trust-sign.1", "attest-certify-verify.1"] {
        let text = String::from_utf8(s.read(&format!("man/{page}"))).unwrap();
        assert!(text.contains(".SH \"EXIT STATUS\""), "{page}");
        assert!(text.contains("policy check failed"), "{page}");
        assert!(text.contains("max\\-sbom\\-mib") && text.contains("\\-\\-state"), "{page}: global flags");
    }
}

/// A licence rule never passes components it could not judge, and
/// `requireLicense` fails them.
#[test]
fn licence_rules_do_not_pass_components_without_licence_data() {
    let s = Scratch::new();
    s.run(&["key", "generate", "--out", "kzreg"]).code(0);
    s.ready_to_certify();
    let time = "2026-01-21T00:00:00Z";
    // The fixture policy denies AGPL; the generated SBOM states no licences.
    let out = s.evaluate(time, &[]);
    out.code(0).says("components.deniedLicenses         warn    no denied licence found, but ");
    out.says("component(s) and the product have no licence data and could not be judged");
    let mut policy: serde_json::Value = serde_json::from_slice(&s.read("policy.json")).unwrap();
    policy["components"]["requireLicense"] = serde_json::json!(true);
    s.write("policy.json", serde_json::to_vec(&policy).unwrap());
    s.evaluate(time, &[])
        .code(1)
        .says("components.requireLicense         FAIL    1 of 1 component(s) and the product have no licence data");
}

#[test]
fn sbom_generate_of_a_working_tree_leaves_version_control_folders_out_and_says_so() {
    let s = Scratch::new();
    s.write("repo/dist/app.bin", b"app");
    s.write("repo/.git/config", b"[core]");
    s.write("repo/.git/objects/ab/cdef", b"object");
    s.write("repo/vendor/.svn/entries", b"12");
    let out =
        s.run(&["--output", "json", "sbom", "generate", "repo", "--name", "app", "--version", "1", "-o", "x.json"]);
    out.code(0);
    let skipped: Vec<String> =
        out.json()["skipped"].as_array().unwrap().iter().map(|k| k["path"].as_str().unwrap().to_owned()).collect();
    assert_eq!(skipped, [".git", "vendor/.svn"], "{}", out.stdout);
    let sbom: serde_json::Value = serde_json::from_slice(&s.read("x.json")).unwrap();
    let names: Vec<&str> = sbom["components"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["dist/app.bin"], "{sbom}");
}
