//! The command-line contract (docs/cli.md), as clap definitions.

mod certify;
mod key;
mod log;
mod sbom;
mod sign;
mod trust;

use std::path::{Path, PathBuf};

use attest_core::fsio::Overwrite;

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub(crate) use certify::{CertifyCommand, CertifyVerifyArgs, ExportArgs, IssueArgs, Lang, ShowArgs};
pub(crate) use key::KeyCommand;
pub(crate) use log::{LogCommand, LogKeyArgs};
pub(crate) use sbom::{GenerateArgs, OmitKind, ProfileName, SbomCommand, SpecVersionArg};
pub(crate) use sign::{CosignArgs, SignArgs, VerifyArgs};
pub(crate) use trust::{AddArgs, RevokeArgs, TrustCommand};

/// A value parser for one of the core's named enums (`--kind`, `--status`):
/// the values and their help are the core's own, so the command line cannot
/// drift from the format.
fn named<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
    about: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    let values = all.iter().map(move |&v| clap::builder::PossibleValue::new(name(v)).help(about(v)));
    clap::builder::PossibleValuesParser::new(values)
        .try_map(move |s| all.iter().copied().find(|&v| name(v) == s).ok_or(format!("no value named {s:?}")))
}

/// Signed, verifiable supply-chain attestations: SBOMs, trust lists and
/// mutual-recognition certificates.
#[derive(Debug, Parser)]
#[command(name = "attest", version, after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  attest demo                                          # the whole story on embedded data
  attest key generate --out vendor                     # vendor.key (0600) and vendor.pub
  attest sbom generate dist/ --name app --version 1.0.0 -o app.cdx.json
  attest sign --key vendor.key --sbom app.cdx.json --subject dist/app.tar.gz -o app.att.json
  attest verify app.att.json --key vendor.pub --subject dist/app.tar.gz

Exit codes: 0 verified / done, 1 verification or policy failed, 2 usage error or malformed input.";

/// Flags accepted before or after any subcommand.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Output for people (aligned tables) or one JSON document on stdout.
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = OutputFormat::Human)]
    pub output: OutputFormat,
    /// Evaluate every validity check as of this RFC 3339 time (a date alone
    /// is its midnight UTC), and write it into what is created (default: now).
    #[arg(long, global = true, help_heading = "Global options", value_name = "RFC3339")]
    pub time: Option<String>,
    /// Where rollback-protection state is kept (default: the platform's state
    /// directory, e.g. ~/.local/state/attest).
    #[arg(long, global = true, help_heading = "Global options", value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Accept SBOMs up to this many MiB (default 64; envelopes and bundles
    /// get room in proportion).
    #[arg(long, global = true, help_heading = "Global options", value_name = "MIB")]
    pub max_sbom_mib: Option<u64>,
}

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned tables for people.
    Human,
    /// One JSON document with stable field names.
    Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Generate Ed25519 keys (files or a PKCS#11 token), print key ids, list token keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Generate or validate CycloneDX SBOMs.
    #[command(subcommand)]
    Sbom(SbomCommand),
    /// Sign an SBOM: a DSSE envelope around an in-toto Statement whose
    /// subjects are the released artefacts.
    #[command(
        after_help = "Example:\n  attest sign --key vendor.key --sbom app.cdx.json --subject dist/app.tar.gz -o app.att.json\n  attest sign --key env:SIGNING_KEY --sbom app.cdx.json --subject-digest app.tar.gz=sha256:<hex> -o -\n  HSM_PIN=… attest sign --key 'pkcs11:token=release;object=vendor?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:HSM_PIN' \\\n      --sbom app.cdx.json --subject dist/app.tar.gz -o app.att.json"
    )]
    Sign(SignArgs),
    /// Add one more signature to an envelope attest made.
    #[command(after_help = "Example:\n  attest cosign --key auditor.key app.att.json -o app.att.json --force")]
    Cosign(CosignArgs),
    /// Verify an attestation: signatures and subjects (--key), or the full
    /// evaluation against trust lists and a national policy (--anchor).
    #[command(
        after_help = "Example:\n  attest verify app.att.json --key vendor.pub --subject dist/app.tar.gz\n  attest verify app.att.json --key a.pub --key b.pub --threshold 2 --output json\n  attest verify app.att.json --anchor kz-national.json --policy kz-import-2026.json --evidence upstream/"
    )]
    Verify(VerifyArgs),
    /// Draft, sign, verify, inspect and audit trust lists.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Issue, verify and show mutual-recognition certificates.
    #[command(subcommand)]
    Certify(CertifyCommand),
    /// Keep a transparency log of what an authority issues, witness it, prove
    /// and audit it (C2SP tlog-tiles, checkpoints, cosignatures, proofs).
    #[command(subcommand)]
    Log(LogCommand),
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  attest completions bash > /etc/bash_completion.d/attest\n  attest completions zsh > \"${fpath[1]}/_attest\""
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write man pages (attest.1 and one per subcommand) into a directory.
    #[command(after_help = "Example:\n  attest man --dir /usr/local/share/man/man1")]
    Man {
        /// Where to write the pages.
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
    },
    /// Run the whole story on embedded demo data and print each step.
    #[command(after_help = "Example:\n  attest demo --dir /tmp/attest-demo")]
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Keep the demo's files here (default: a temporary directory).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `--force`, flattened into every command that writes a file: an existing
/// output is refused unless it is given, the same way everywhere. Commands
/// whose outputs need a word more say so with `mut_arg`.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct Force {
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

impl Force {
    /// How [`write_atomic`](attest_core::fsio::write_atomic) treats an
    /// existing output.
    pub(crate) fn overwrite(self) -> Overwrite {
        if self.force { Overwrite::Replace } else { Overwrite::Refuse }
    }

    /// Refuses an existing `path` without `--force` before the command acts,
    /// for commands whose first step cannot be undone (logging a
    /// certificate, making a key on a token), with the message
    /// `write_atomic` would give.
    pub(crate) fn refuse_existing(self, path: &Path) -> anyhow::Result<()> {
        if !self.force && path.symlink_metadata().is_ok() {
            return Err(attest_core::Error::Usage(format!(
                "{}: exists; choose another output or pass --force to replace it",
                path.display()
            ))
            .into());
        }
        Ok(())
    }
}

/// Options shared by every command that signs.
#[derive(Debug, Args)]
pub(crate) struct SigningKeyArgs {
    /// Private key: a PKCS#8 PEM file, env:VAR to read the PEM from an
    /// environment variable, or a pkcs11: URI naming a key on a token
    /// (pkcs11:token=T;object=K?module-path=LIB&pin-source=env:VAR).
    #[arg(long, value_name = "KEY")]
    pub key: String,
    /// Environment variable holding the passphrase of an encrypted key.
    #[arg(long, value_name = "VAR")]
    pub passphrase_env: Option<String>,
    /// Use a key file that group or others can read.
    #[arg(long)]
    pub allow_insecure_key: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// The `--force` help of the command at `path`.
    fn force_help(path: &[&str]) -> Option<String> {
        let mut cmd = Cli::command();
        for name in path {
            cmd = cmd.find_subcommand(name)?.clone();
        }
        let force = cmd.get_arguments().find(|a| a.get_id() == "force")?;
        force.get_help().map(ToString::to_string)
    }

    #[test]
    fn one_force_flag_keeps_each_commands_help() {
        Cli::command().debug_assert();
        assert_eq!(force_help(&["sign"]).as_deref(), Some("Replace an existing output file"));
        assert_eq!(force_help(&["trust", "init"]).as_deref(), Some("Replace an existing file"));
        assert_eq!(force_help(&["certify", "show"]).as_deref(), Some("Replace an existing HTML file"));
        assert_eq!(
            force_help(&["key", "generate"]).as_deref(),
            Some("Replace existing files (never a key on a token)")
        );
    }

    #[test]
    fn an_existing_output_is_refused_before_acting_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        assert!(Force { force: false }.refuse_existing(&path).is_ok());
        std::fs::write(&path, b"{}").unwrap();
        let err = Force { force: false }.refuse_existing(&path).unwrap_err();
        assert!(err.to_string().contains("pass --force to replace it"), "{err}");
        assert!(Force { force: true }.refuse_existing(&path).is_ok());
        assert_eq!(Force { force: true }.overwrite(), Overwrite::Replace);
        assert_eq!(Force { force: false }.overwrite(), Overwrite::Refuse);
    }
}
