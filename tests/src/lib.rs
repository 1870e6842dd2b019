//! Shared helpers for the end-to-end tests: find the real `attest` binary,
//! run it in a scratch directory, and read what it said.
//!
//! The binary is the one `cargo test --workspace` builds for the `cli`
//! package (its own integration tests make cargo build it first); set
//! `ATTEST_BIN` to test another build.

pub mod hsm;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The `attest` binary under test.
pub fn attest_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("ATTEST_BIN") {
        return PathBuf::from(p);
    }
    // target/<profile>/deps/<this test> → target/<profile>/attest
    let exe = std::env::current_exe().expect("current_exe");
    let bin = exe.parent().and_then(Path::parent).map(|d| d.join("attest")).expect("target dir");
    assert!(bin.exists(), "{} not built: run the tests with `cargo test --workspace`", bin.display());
    bin
}

/// What one run of attest did.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code (`None` when killed by a signal: always a bug).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    /// Asserts the exit code, showing everything attest said when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts that stdout or stderr mentions `needle`.
    #[track_caller]
    pub fn says(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle) || self.stderr.contains(needle),
            "expected {needle:?} in the output\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// The `code` of every check with outcome `outcome` in the JSON document
    /// on stdout (a run with `--output json`), nested reports included, in
    /// order (docs/json-output.md, "Codes").
    #[track_caller]
    pub fn codes(&self, outcome: &str) -> Vec<String> {
        fn walk(v: &serde_json::Value, outcome: &str, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let (Some(o), Some(c)) = (m.get("outcome"), m.get("code").and_then(|c| c.as_str()))
                        && o == outcome
                        && m.contains_key("check")
                    {
                        out.push(c.to_owned());
                    }
                    m.values().for_each(|x| walk(x, outcome, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, outcome, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.json(), outcome, &mut out);
        out
    }

    /// Asserts that a check failed with `code` (a run with `--output json`):
    /// why it failed, as a program reads it, not the English detail.
    #[track_caller]
    pub fn fails_with(&self, code: &str) -> &Self {
        let codes = self.codes("fail");
        assert!(
            codes.iter().any(|c| c == code),
            "expected a failure with code {code:?}, got {codes:?}\n--- stdout\n{}",
            self.stdout
        );
        self
    }

    /// Asserts that a check warned with `code` (a run with `--output json`).
    #[track_caller]
    pub fn warns_with(&self, code: &str) -> &Self {
        let codes = self.codes("warn");
        assert!(
            codes.iter().any(|c| c == code),
            "expected a warning with code {code:?}, got {codes:?}\n--- stdout\n{}",
            self.stdout
        );
        self
    }

    /// Parses stdout as one JSON document.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A scratch directory in which attest runs.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

impl Scratch {
    /// A new empty directory.
    pub fn new() -> Self {
        Scratch { dir: tempfile::tempdir().expect("tempdir") }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside it.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating parents).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// Reads a file.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Copies a test key from testdata/keys as NAME.key (0600) and NAME.pub.
    pub fn key(&self, name: &str) {
        let src = workspace().join("testdata/keys");
        for ext in ["key", "pub"] {
            let from = src.join(format!("{name}.{ext}"));
            let to = self.join(&format!("{name}.{ext}"));
            std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
            #[cfg(unix)]
            if ext == "key" {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).expect("chmod");
            }
        }
    }

    /// Runs attest with `args` in this directory.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_with(args, &[], None)
    }

    /// Runs attest with extra environment variables and optional stdin.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Outcome {
        let mut cmd = Command::new(attest_bin());
        // Rollback and witness state stays in this directory unless a test
        // names another: no test reads or writes the state of the user who
        // runs the tests, nor another test's.
        cmd.args(args).current_dir(self.path()).env("NO_COLOR", "1").env("XDG_STATE_HOME", self.path().join(".state"));
        cmd.stdin(Stdio::piped());
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn attest");
        if let Some(mut w) = child.stdin.take() {
            use std::io::Write;
            if let Some(bytes) = stdin {
                // A broken pipe only means attest stopped reading early.
                let _ = w.write_all(bytes);
            }
        }
        let out = child.wait_with_output().expect("wait for attest");
        Outcome {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// A small signed release: `vendor` keys, `dist/app.tar.gz`, `sbom.json`
    /// and `att.json` signed by the vendor.
    pub fn signed_release(&self) {
        self.key("vendor");
        self.write("dist/app.tar.gz", b"release bytes\n");
        self.write("src/main.rs", b"fn main() {}\n");
        self.run(&["sbom", "generate", "src", "--name", "app", "--version", "1.0.0", "-o", "sbom.json"]).code(0);
        self.sign_sbom("vendor.key", "sbom.json", "dist/app.tar.gz", "att.json");
    }

    /// `attest sign`: the SBOM `sbom` signed with `key` for `subject`, as
    /// `out` (replaced if it exists).
    pub fn sign_sbom(&self, key: &str, sbom: &str, subject: &str, out: &str) {
        self.run(&["sign", "--key", key, "--sbom", sbom, "--subject", subject, "-o", out, "--force"]).code(0);
    }

    /// `policy.json`: testdata/policy/kz-import-2026.json.
    pub fn policy(&self) {
        let policy = std::fs::read(workspace().join("testdata/policy/kz-import-2026.json")).expect("policy fixture");
        self.write("policy.json", policy);
    }

    /// The regulator's evaluation at `time`: `verify att.json --anchor
    /// kz.json --policy policy.json` with its state in `state`, and `extra`
    /// arguments.
    pub fn evaluate(&self, time: &str, extra: &[&str]) -> Outcome {
        let mut args = vec![
            "--time",
            time,
            "--state",
            "state",
            "verify",
            "att.json",
            "--anchor",
            "kz.json",
            "--policy",
            "policy.json",
        ];
        args.extend(extra);
        self.run(&args)
    }
}

/// `issued` of the fixture lists.
pub const T0: &str = "2026-01-01T00:00:00Z";

impl Scratch {
    /// `kz.draft.json`: the empty draft of `kz-national` (issued [`T0`]),
    /// governed 2-of-N by the public keys `governors` (`NAME.pub`).
    pub fn init_national(&self, governors: &[&str]) {
        let files: Vec<String> = governors.iter().map(|g| format!("{g}.pub")).collect();
        let mut args = vec!["--time", T0, "trust", "init", "--name", "kz-national", "--jurisdiction", "KZ"];
        for f in &files {
            args.extend(["--governor", f.as_str()]);
        }
        args.extend(["--threshold", "2", "--operator", "Ministry of Digital Development, KZ", "-o", "kz.draft.json"]);
        self.run(&args).code(0);
    }

    /// Governor keys g1..g5, the vendor key, and `kz.json`: `kz-national`
    /// sequence 1 (issued [`T0`], 90 days), 2-of-3 governance signed by g1
    /// and g2, with supplier `acme` (the vendor key, `pkg:generic/acme/*`
    /// `>=1.0.0, <3`) and component `serde` (`pkg:cargo/serde` `^1`).
    /// `kz.draft.json` is its draft.
    pub fn national_list(&self) {
        for g in ["g1", "g2", "g3", "g4", "g5"] {
            self.run(&["key", "generate", "--out", g]).code(0);
        }
        self.key("vendor");
        self.init_national(&["g1", "g2", "g3"]);
        self.trust_add(
            "kz.draft.json",
            &[
                "--kind",
                "supplier",
                "--id",
                "acme",
                "--name",
                "Acme LLP",
                "--jurisdiction",
                "KZ",
                "--key",
                "vendor.pub",
                "--scope",
                "pkg:generic/acme/*",
                "--versions",
                ">=1.0.0, <3",
            ],
        );
        self.trust_add(
            "kz.draft.json",
            &["--kind", "component", "--id", "serde", "--scope", "pkg:cargo/serde", "--versions", "^1"],
        );
        self.sign_list("kz.draft.json", "kz.json", &["g1", "g2"]);
    }

    /// `trust add` at [`T0`] to `draft`, with `args`.
    pub fn trust_add(&self, draft: &str, args: &[&str]) {
        let mut all = vec!["--time", T0, "trust", "add", draft];
        all.extend(args);
        self.run(&all).code(0);
    }

    /// Signs a draft (or list) with each governor in turn into `out`.
    pub fn sign_list(&self, draft: &str, out: &str, governors: &[&str]) {
        let mut input = draft.to_owned();
        for g in governors {
            self.run(&["trust", "sign", &input, "--key", &format!("{g}.key"), "-o", out, "--force"]).code(0);
            input = out.to_owned();
        }
    }

    /// The next version of the list `from` at `time` as `out`: its draft
    /// (`out` with `.draft.json` for `.json`), with the `trust` subcommand
    /// `edit` applied to it unless empty, signed by each of `governors`.
    pub fn next_list(&self, time: &str, from: &str, out: &str, governors: &[&str], edit: &[&str]) {
        let draft = format!("{}.draft.json", out.strip_suffix(".json").unwrap_or(out));
        self.run(&["--time", time, "trust", "next", from, "-o", &draft, "--force"]).code(0);
        if !edit.is_empty() {
            let mut args = vec!["--time", time, "trust"];
            args.extend(edit);
            self.run(&args).code(0);
        }
        self.sign_list(&draft, out, governors);
    }
}

/// When the fixture's certificate is issued.
pub const ISSUED: &str = "2026-01-20T00:00:00Z";

impl Scratch {
    /// The whole chain of issue 4, on top of [`Scratch::national_list`]:
    /// - `fed.json`: `sco-federation` (SCO, 2-of-3 of f1..f3, 400 days),
    ///   with authority `kz-regulator` (key `kzreg`, KZ, certifies
    ///   `standard`, at most 730 days) and the recognised list `kz-national`;
    /// - `policy.json` (testdata/policy/kz-import-2026.json);
    /// - `att.json`: acme-gateway 2.4.1 signed by the vendor, subject
    ///   `rel/dist/acme-gateway.tar.gz`;
    /// - `bundle.json`: the certificate `KZ-2026-0000000000000001`, issued at
    ///   [`ISSUED`] by kz-regulator (state A's own state in `stateA`).
    pub fn certified_release(&self) {
        self.run(&["key", "generate", "--out", "kzreg"]).code(0);
        self.ready_to_certify();
        self.issue("bundle.json", &[]).code(0);
    }

    /// A draft of the SCO federation at [`T0`] (governors f1–f3 of whose
    /// keys must exist, threshold 2, valid 400 days), written to `draft`.
    pub fn init_federation(&self, draft: &str) {
        self.run(&[
            "--time",
            T0,
            "trust",
            "init",
            "--name",
            "sco-federation",
            "--jurisdiction",
            "SCO",
            "--governor",
            "f1.pub",
            "--governor",
            "f2.pub",
            "--governor",
            "f3.pub",
            "--threshold",
            "2",
            "--valid-for",
            "400",
            "-o",
            draft,
        ])
        .code(0);
    }

    /// Everything [`Scratch::certified_release`] makes before `certify
    /// issue`, around an authority key `kzreg.pub` that must already exist
    /// (a file key, or a key on a token).
    pub fn ready_to_certify(&self) {
        self.national_list();
        for k in ["f1", "f2", "f3"] {
            self.run(&["key", "generate", "--out", k]).code(0);
        }
        self.init_federation("fed.draft.json");
        self.federate_kz(
            "fed.draft.json",
            &["--max-validity-days", "730", "--name", "Committee for Technical Regulation"],
        );
        self.sign_list("fed.draft.json", "fed.json", &["f1", "f2"]);
        self.policy();
        self.write("rel/dist/acme-gateway.tar.gz", b"acme-gateway 2.4.1");
        self.sign_release("acme-gateway", "2.4.1", Some("Acme LLP"));
    }

    /// Adds to the federation draft `draft` the authority `kz-regulator`
    /// (key `kzreg`, KZ, certifies `standard`, with `extra` arguments) and
    /// the recognised list `kz-national` (`kz.json`).
    pub fn federate_kz(&self, draft: &str, extra: &[&str]) {
        let mut authority = vec![
            "--kind",
            "authority",
            "--id",
            "kz-regulator",
            "--jurisdiction",
            "KZ",
            "--key",
            "kzreg.pub",
            "--certifies",
            "standard",
        ];
        authority.extend(extra);
        self.trust_add(draft, &authority);
        self.trust_add(draft, &["--kind", "trust-list", "--id", "kz-national", "--list", "kz.json"]);
    }

    /// A release of acme-gateway `version`: `sbom.json`, the SBOM of `rel`
    /// at [`ISSUED`] named `name`, by `supplier` when given, with the purl
    /// `pkg:generic/acme/acme-gateway@VERSION`; and `att.json`, that SBOM
    /// signed by the vendor for `rel/dist/acme-gateway.tar.gz`. Both are
    /// replaced if they exist.
    pub fn sign_release(&self, name: &str, version: &str, supplier: Option<&str>) {
        let purl = format!("pkg:generic/acme/acme-gateway@{version}");
        let mut args = vec!["--time", ISSUED, "sbom", "generate", "rel", "--name", name, "--version", version];
        if let Some(supplier) = supplier {
            args.extend(["--supplier", supplier]);
        }
        args.extend(["--purl", &purl, "-o", "sbom.json", "--force"]);
        self.run(&args).code(0);
        self.sign_sbom("vendor.key", "sbom.json", "rel/dist/acme-gateway.tar.gz", "att.json");
    }

    /// `certify issue` of `att.json` by kz-regulator at [`ISSUED`] into
    /// `out`, with `extra` arguments.
    pub fn issue(&self, out: &str, extra: &[&str]) -> Outcome {
        let mut args = issue_args(out);
        if !extra.contains(&"--certificate-id") {
            args.extend(["--certificate-id", "KZ-2026-0000000000000001"]);
        }
        args.extend(extra);
        self.run(&args)
    }
}

/// The arguments of `certify issue` of `att.json` by kz-regulator at
/// [`ISSUED`] (state A's own state in `stateA`) into `out`, with no
/// certificate id: `out` comes last, the key is at index 7 and the
/// authority at index 9.
pub fn issue_args(out: &str) -> Vec<&str> {
    vec![
        "--time",
        ISSUED,
        "--state",
        "stateA",
        "certify",
        "issue",
        "--key",
        "kzreg.key",
        "--authority",
        "kz-regulator",
        "--attestation",
        "att.json",
        "--anchor",
        "kz.json",
        "--federation",
        "fed.json",
        "--policy",
        "policy.json",
        "-o",
        out,
    ]
}

/// The shared folder beside the project (interop verifiers and vectors),
/// from `ATTEST_SHARED` or `<workspace>/../shared`; `None` when absent.
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("ATTEST_SHARED").map(PathBuf::from).unwrap_or_else(|| workspace().join("../shared"));
    p.join("interop").is_dir().then_some(p)
}

/// Checks `file` (in `s`) with the third-party CycloneDX 1.6 validator of
/// `../shared/interop`, or prints why it was skipped when that is absent.
pub fn validate_cdx_16(s: &Scratch, file: &str) {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/interop not found (set ATTEST_SHARED); {file} not checked by validate-cdx");
        return;
    };
    let out = Command::new(shared.join("interop/validate-cdx"))
        .args(["--schema-version", "1.6", file])
        .current_dir(s.path())
        .output()
        .expect("run validate-cdx");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "validate-cdx rejected {file}:\n{text}");
}
