//! A SoftHSM2 token of one's own for a test: its own SOFTHSM2_CONF and token
//! directory inside a [`Scratch`], so tests never share token state.

use std::path::PathBuf;
use std::process::Command;

use crate::{Outcome, Scratch};

/// The user PIN of the test tokens: distinctive, so a test can check that
/// no message ever repeats it.
pub const PIN: &str = "271828";
/// The label of the test token.
pub const TOKEN: &str = "attest-test";

/// Where distributions put SoftHSM2's module (`ATTEST_SOFTHSM_MODULE` first).
pub fn softhsm_module() -> Option<PathBuf> {
    let env = std::env::var_os("ATTEST_SOFTHSM_MODULE").map(PathBuf::from);
    let known = [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
        "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    ];
    env.into_iter().chain(known.iter().map(PathBuf::from)).find(|p| p.is_file())
}

/// Whether `tool` can be run.
pub fn tool_available(tool: &str) -> bool {
    Command::new(tool).arg("--help").output().is_ok()
}

/// A scratch directory with its own SoftHSM2 configuration and one
/// initialised token.
pub struct Hsm {
    /// The scratch directory (token directory and configuration inside).
    pub s: Scratch,
    /// The SoftHSM2 module.
    pub module: PathBuf,
}

impl Hsm {
    /// `None` (having said SKIPPED) when SoftHSM2 is not installed.
    pub fn new() -> Option<Self> {
        let Some(module) = softhsm_module().filter(|_| tool_available("softhsm2-util")) else {
            eprintln!("SKIPPED: SoftHSM2 not installed (run .ci/install-hsm); PKCS#11 keys not tested");
            return None;
        };
        let s = Scratch::new();
        std::fs::create_dir(s.join("tokens")).unwrap();
        s.write(
            "softhsm2.conf",
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                s.join("tokens").display()
            ),
        );
        let hsm = Hsm { s, module };
        let init = hsm
            .tool("softhsm2-util", &["--init-token", "--free", "--label", TOKEN, "--so-pin", "314159", "--pin", PIN]);
        assert!(init.status.success(), "softhsm2-util: {}", String::from_utf8_lossy(&init.stderr));
        Some(hsm)
    }

    /// The environment attest and the tools run with: the configuration and `HSM_PIN`.
    pub fn env(&self) -> [(&'static str, String); 2] {
        [("SOFTHSM2_CONF", self.s.join("softhsm2.conf").display().to_string()), ("HSM_PIN", PIN.to_owned())]
    }

    /// Runs a tool with this token's configuration.
    pub fn tool(&self, tool: &str, args: &[&str]) -> std::process::Output {
        let mut cmd = Command::new(tool);
        cmd.args(args).current_dir(self.s.path());
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd.output().unwrap_or_else(|e| panic!("{tool}: {e}"))
    }

    /// Runs attest with this token's configuration and `HSM_PIN` set.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_env(args, &[])
    }

    /// [`Hsm::run`] with more environment variables (later ones win).
    pub fn run_env(&self, args: &[&str], extra: &[(&str, &str)]) -> Outcome {
        let env = self.env();
        let mut all: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend_from_slice(extra);
        self.s.run_with(args, &all, None)
    }

    /// The URI of key `object` on the test token, PIN from `HSM_PIN`.
    pub fn uri(&self, object: &str) -> String {
        format!("pkcs11:token={TOKEN};object={object}?module-path={}&pin-source=env:HSM_PIN", self.module.display())
    }

    /// Generates key `name` on the token; writes `name.pub`; returns its id.
    pub fn generate(&self, name: &str) -> String {
        let out = self.run(&["key", "generate", "--out", name, "--pkcs11", &self.uri(name)]);
        out.code(0);
        out.stdout.trim().to_owned()
    }
}
