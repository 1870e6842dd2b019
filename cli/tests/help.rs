//! Every command's help carries a worked example (docs/cli.md), and parse errors
//! exit 2. Living in the cli package, this test also makes
//! `cargo test --workspace` build the binary the end-to-end tests run.

use std::process::Command;

fn attest(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_attest")).args(args).output().expect("run attest")
}

#[test]
fn every_command_help_has_an_example() {
    for cmd in [
        &["--help"][..],
        &["key", "generate", "--help"],
        &["key", "id", "--help"],
        &["key", "list", "--help"],
        &["sbom", "generate", "--help"],
        &["sbom", "validate", "--help"],
        &["sign", "--help"],
        &["cosign", "--help"],
        &["verify", "--help"],
        &["demo", "--help"],
        &["trust", "init", "--help"],
        &["trust", "add", "--help"],
        &["trust", "set-status", "--help"],
        &["trust", "revoke", "--help"],
        &["trust", "set-governance", "--help"],
        &["trust", "next", "--help"],
        &["trust", "sign", "--help"],
        &["trust", "combine", "--help"],
        &["trust", "fingerprint", "--help"],
        &["trust", "verify", "--help"],
        &["trust", "show", "--help"],
        &["trust", "diff", "--help"],
        &["trust", "audit", "--help"],
        &["certify", "issue", "--help"],
        &["certify", "verify", "--help"],
        &["certify", "show", "--help"],
        &["completions", "--help"],
        &["man", "--help"],
    ] {
        let out = attest(cmd);
        assert!(out.status.success(), "{cmd:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Example"), "{cmd:?} has no example:\n{text}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(attest(&["verify"]).status.code(), Some(2));
    assert_eq!(attest(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(attest(&["--time", "yesterday", "key", "id", "x.pub"]).status.code(), Some(2));
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = attest(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("certify") && text.contains("trust"), "{shell} completions lack commands");
    }
    assert_eq!(attest(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_pages_cover_every_command() {
    let dir = std::env::temp_dir().join(format!("attest-man-{}", std::process::id()));
    let out = attest(&["man", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for page in ["attest.1", "attest-sign.1", "attest-trust-verify.1", "attest-certify-verify.1"] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH"), "{page} is not a man page");
    }
    let verify = std::fs::read_to_string(dir.join("attest-certify-verify.1")).unwrap();
    assert!(verify.contains("anchor"), "options missing from the page");
    std::fs::remove_dir_all(&dir).unwrap();
}
