//! The getting-started guides for the security team and the regulator run
//! as written: every ```sh block, in order, in one scratch directory, with
//! the built attest first on PATH and HOME inside the scratch directory (so
//! the default state directory is too). A block whose first line is a
//! comment saying `(exit N)` shows a step that must fail: it must exit with
//! exactly N. Every other block must succeed.

use std::path::Path;
use std::process::Command;

use attest_e2e::{Scratch, attest_bin, workspace};

/// One ```sh block of a guide, and the exit code it must end with.
struct Block {
    script: String,
    exit: i32,
}

/// The ```sh blocks of `markdown`, in order.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None if line == "```sh" => current = Some(String::new()),
            None => {}
            Some(script) if line == "```" => {
                let exit = expected_exit(script);
                out.push(Block { script: std::mem::take(script), exit });
                current = None;
            }
            Some(script) => {
                script.push_str(line);
                script.push('\n');
            }
        }
    }
    assert!(current.is_none(), "a ```sh block is not closed");
    out
}

/// N when the block's first line is a comment saying `(exit N)`, else 0.
fn expected_exit(script: &str) -> i32 {
    let first = script.lines().next().unwrap_or_default();
    let Some(rest) = first.strip_prefix('#').and_then(|c| c.split_once("(exit ")) else {
        return 0;
    };
    let code = rest.1.split_once(')').map(|(n, _)| n).unwrap_or_default();
    code.parse().unwrap_or_else(|_| panic!("unreadable exit code in {first:?}"))
}

/// Runs every block of the guide `docs/NAME` in `s`; returns what each block
/// printed, after checking its exit code.
fn run_guide(s: &Scratch, name: &str) -> Vec<(Block, String)> {
    let text = std::fs::read_to_string(workspace().join("docs").join(name)).unwrap();
    let bin_dir = attest_bin().parent().map(Path::to_path_buf).unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let home = s.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut done = Vec::new();
    for (i, block) in blocks(&text).into_iter().enumerate() {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("set -euo pipefail\n{}", block.script))
            .current_dir(s.path())
            .env("PATH", &path)
            .env("HOME", &home)
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            out.status.code(),
            Some(block.exit),
            "{name}, block {} exited {:?}, expected {}:\n{}\n--- output\n{said}",
            i + 1,
            out.status.code(),
            block.exit,
            block.script
        );
        done.push((block, said));
    }
    done
}

/// What the blocks that must fail printed, in order.
fn failures(done: &[(Block, String)]) -> Vec<&str> {
    done.iter().filter(|(b, _)| b.exit != 0).map(|(_, said)| said.as_str()).collect()
}

/// What attest printed on stdout for `args`, which must succeed.
fn printed(s: &Scratch, args: &[&str]) -> String {
    let out = s.run(args);
    out.code(0);
    out.stdout
}

#[test]
fn the_blocks_of_a_guide_are_read_with_their_exit_codes() {
    let md = "text\n```sh\nattest a\n```\n```json\n{}\n```\n```sh\n# Refused (exit 1): why\nattest b \\\n  --c\n```\n";
    let found = blocks(md);
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].script.as_str(), found[0].exit), ("attest a\n", 0));
    assert_eq!((found[1].script.as_str(), found[1].exit), ("# Refused (exit 1): why\nattest b \\\n  --c\n", 1));
}

#[test]
fn the_security_team_guide_runs_as_written() {
    let s = Scratch::new();
    let done = run_guide(&s, "getting-started-security-team.md");
    assert!(done.len() >= 10, "only {} blocks", done.len());
    let failed = failures(&done);
    assert_eq!(failed.len(), 2);
    assert!(failed[0].contains("is not a governor of kz-national sequence 1; refusing to sign"), "{}", failed[0]);
    assert!(failed[1].contains("rollback rejected"), "{}", failed[1]);
    assert!(!s.join("not-a-governor.json").exists());

    // Sequence 2 chains to 1, is signed by governors 2 and 3, and carries the edits.
    let shown = s.run(&["--output", "json", "trust", "show", "kz-national-2.json"]).code(0).json();
    assert_eq!(shown["sequence"], 2);
    assert_eq!(shown["signatures"]["met"], true);
    let first = s.run(&["--output", "json", "trust", "show", "kz-national.json"]).code(0).json();
    assert_eq!(shown["governance"]["fingerprint"], first["governance"]["fingerprint"]);
    let ids: Vec<&str> = shown["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["acme", "serde", "lodash", "bolat"]);
    let revoked: Vec<&str> =
        shown["revoked"]["components"].as_array().unwrap().iter().map(|c| c["purl"].as_str().unwrap()).collect();
    assert_eq!(revoked, ["pkg:npm/event-stream@3.3.6", "pkg:npm/lodash@4.17.20"]);
    let fingerprint = printed(&s, &["trust", "fingerprint", "kz-national.json"]);
    assert!(done.iter().any(|(_, said)| said.contains(fingerprint.trim())));
}

#[test]
fn the_regulator_guide_runs_as_written() {
    let s = Scratch::new();
    let done = run_guide(&s, "getting-started-regulator.md");
    assert!(done.len() >= 10, "only {} blocks", done.len());
    let failed = failures(&done);
    assert_eq!(failed.len(), 2);
    assert!(failed[0].contains("is not a subject of the attestation"), "{}", failed[0]);
    assert!(failed[1].contains("FAILED under uz-strict"), "{}", failed[1]);
    let said: String = done.iter().map(|(_, said)| said.as_str()).collect();
    for needle in [
        "kz-national: fingerprint matches",
        "sco-federation: fingerprint matches",
        "acme-gateway-2.4.1.att.json: PASSED",
        "acme-gateway-2.4.1.att.json: ISSUED",
        "PASSED under uz-import-2026 as well",
        "acme-gateway-2.4.1.bundle.json: VERIFIED",
    ] {
        assert!(said.contains(needle), "the guide never printed {needle:?}:\n{said}");
    }

    // The bundle certifies the vendor's artefact, issued by kz-regulator's key.
    let shown = s.run(&["--output", "json", "certify", "show", "acme-gateway-2.4.1.bundle.json"]).code(0).json();
    let certificate = &shown["certificate"];
    assert_eq!(certificate["scope"]["product"]["purl"], "pkg:generic/acme/acme-gateway@2.4.1");
    assert_eq!(certificate["issuer"]["authority"], "kz-regulator");
    let keyid = printed(&s, &["key", "id", "kz-regulator.pub"]);
    assert_eq!(certificate["issuer"]["keyid"], keyid.trim());
    let id = certificate["certificateId"].as_str().unwrap();
    for page in ["certificate.html", "certificate-ru.html"] {
        let html = String::from_utf8(s.read(page)).unwrap();
        assert!(html.contains(id), "{page} does not name {id}");
    }
    // The others' private keys are gone; the regulator's own stays.
    assert!(!s.join("acme-release.key").exists() && !s.join("kz-gov1.key").exists());
    assert!(s.join("kz-regulator.key").exists());
}
