//! The command-line contract (../shared/spec/cli.md), as clap definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Signed, verifiable supply-chain attestations: SBOMs, trust lists and
/// mutual-recognition certificates.
#[derive(Debug, Parser)]
#[command(name = "attest", version, about, after_help = EXAMPLES)]
pub struct Cli {
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
pub struct Global {
    /// Output for people (aligned tables) or one JSON document on stdout.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Human)]
    pub output: OutputFormat,
    /// Evaluate every validity check as of this RFC 3339 time, and write it
    /// into what is created (default: now).
    #[arg(long, global = true, value_name = "RFC3339")]
    pub time: Option<String>,
    /// Where rollback-protection state is kept (default: the platform's state
    /// directory, e.g. ~/.local/state/attest).
    #[arg(long, global = true, value_name = "DIR")]
    pub state: Option<PathBuf>,
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
pub enum Command {
    /// Generate Ed25519 keys and print key ids.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Generate or validate CycloneDX SBOMs.
    #[command(subcommand)]
    Sbom(SbomCommand),
    /// Sign an SBOM: a DSSE envelope around an in-toto Statement whose
    /// subjects are the released artefacts.
    #[command(
        after_help = "Example:\n  attest sign --key vendor.key --sbom app.cdx.json --subject dist/app.tar.gz -o app.att.json\n  attest sign --key env:SIGNING_KEY --sbom app.cdx.json --subject-digest app.tar.gz=sha256:<hex> -o -"
    )]
    Sign(SignArgs),
    /// Add one more signature to an envelope attest made.
    #[command(after_help = "Example:\n  attest cosign --key auditor.key app.att.json -o app.att.json --force")]
    Cosign(CosignArgs),
    /// Verify an attestation's signatures and subjects.
    #[command(
        after_help = "Example:\n  attest verify app.att.json --key vendor.pub --subject dist/app.tar.gz\n  attest verify app.att.json --key a.pub --key b.pub --threshold 2 --output json"
    )]
    Verify(VerifyArgs),
    /// Run the whole story on embedded demo data and print each step.
    #[command(after_help = "Example:\n  attest demo --dir /tmp/attest-demo")]
    Demo(DemoArgs),
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Write PREFIX.key (PKCS#8 PEM, mode 0600) and PREFIX.pub (SPKI PEM).
    #[command(
        after_help = "Example:\n  attest key generate --out vendor\n  ATTEST_PASS=… attest key generate --out vendor --passphrase-env ATTEST_PASS"
    )]
    Generate {
        /// Path prefix of the two files.
        #[arg(long, value_name = "PREFIX")]
        out: PathBuf,
        /// Encrypt the private key with the passphrase in this environment variable.
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
        /// Replace existing files.
        #[arg(long)]
        force: bool,
    },
    /// Print the key id (SHA-256 of the SPKI DER) of a public or private key file.
    #[command(
        after_help = "Example:\n  attest key id vendor.pub\n  openssl pkey -pubin -in vendor.pub -outform DER | sha256sum   # the same id"
    )]
    Id {
        /// The key file.
        file: PathBuf,
        /// Passphrase variable, for an encrypted private key.
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SbomCommand {
    /// CycloneDX 1.5 SBOM of the files under each PATH and the dependencies in
    /// each lockfile (lockfiles found under PATH are read too).
    #[command(
        after_help = "Example:\n  attest sbom generate dist/ --name acme-gateway --version 2.4.1 --supplier 'Acme LLP' -o sbom.cdx.json\n  attest sbom generate --lockfile Cargo.lock --name app --version 1.0.0"
    )]
    Generate(GenerateArgs),
    /// Check a CycloneDX 1.4–1.6 JSON document (from attest or any other tool).
    #[command(after_help = "Example:\n  attest sbom validate sbom.cdx.json --output json")]
    Validate {
        /// The SBOM (`-` for stdin).
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Directories or files to hash.
    pub paths: Vec<PathBuf>,
    /// A lockfile to read (Cargo.lock, package-lock.json, npm-shrinkwrap.json).
    #[arg(long, value_name = "FILE")]
    pub lockfile: Vec<PathBuf>,
    /// Product name.
    #[arg(long)]
    pub name: String,
    /// Product version.
    #[arg(long = "version", value_name = "VERSION")]
    pub product_version: String,
    /// Supplier (organisation) of the product.
    #[arg(long)]
    pub supplier: Option<String>,
    /// Package URL of the product.
    #[arg(long)]
    pub purl: Option<String>,
    /// Hash files with SHA-512 as well as SHA-256.
    #[arg(long)]
    pub sha512: bool,
    /// Follow symlinks that stay inside the scanned root.
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Leave out unreadable files (listed on stderr) instead of failing.
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Where to write the SBOM (`-` for stdout).
    #[arg(short, long, default_value = "-")]
    pub out: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

/// Options shared by every command that signs.
#[derive(Debug, Args)]
pub struct SigningKeyArgs {
    /// Private key: a PKCS#8 PEM file, or env:VAR to read the PEM from an environment variable.
    #[arg(long, value_name = "KEY")]
    pub key: String,
    /// Environment variable holding the passphrase of an encrypted key.
    #[arg(long, value_name = "VAR")]
    pub passphrase_env: Option<String>,
    /// Use a key file that group or others can read.
    #[arg(long)]
    pub allow_insecure_key: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    #[command(flatten)]
    pub key: SigningKeyArgs,
    /// The CycloneDX SBOM to sign, exactly as it is.
    #[arg(long, value_name = "FILE")]
    pub sbom: PathBuf,
    /// A released artefact; its SHA-256 becomes a subject.
    #[arg(long, value_name = "FILE")]
    pub subject: Vec<PathBuf>,
    /// An artefact not on disk: NAME=sha256:HEX.
    #[arg(long, value_name = "NAME=sha256:HEX")]
    pub subject_digest: Vec<String>,
    /// Where to write the envelope (`-` for stdout).
    #[arg(short, long, default_value = "-")]
    pub out: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CosignArgs {
    #[command(flatten)]
    pub key: SigningKeyArgs,
    /// The envelope to add a signature to.
    pub envelope: PathBuf,
    /// Where to write the result (`-` for stdout).
    #[arg(short, long, default_value = "-")]
    pub out: PathBuf,
    /// Replace an existing output file (needed to write back to ENVELOPE).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The attestation envelope (`-` for stdin).
    pub envelope: PathBuf,
    /// A trusted public key (SPKI PEM).
    #[arg(long, value_name = "PUB", required = true)]
    pub key: Vec<PathBuf>,
    /// How many distinct trusted keys must have signed.
    #[arg(long, default_value_t = 1)]
    pub threshold: usize,
    /// An artefact that must match a subject.
    #[arg(long, value_name = "FILE")]
    pub subject: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the demo's files here (default: a temporary directory).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}
