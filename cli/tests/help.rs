//! Every command's help carries a worked example (cli.md), and parse errors
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
