//! The command-line contract (docs/cli.md), as clap definitions.

use std::path::{Path, PathBuf};

use attest_core::fsio::Overwrite;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

/// Signed, verifiable supply-chain attestations: SBOMs, trust lists and
/// mutual-recognition certificates.
#[derive(Debug, Parser)]
#[command(name = "attest", version, after_help = EXAMPLES)]
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
pub enum Command {
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

/// Where the log's private key comes from (`--log-key`).
#[derive(Debug, Args)]
pub struct LogKeyArgs {
    /// The log's private key: a PKCS#8 PEM file, or env:VAR.
    #[arg(long, value_name = "KEY")]
    pub log_key: String,
    /// Environment variable holding the passphrase of an encrypted log key.
    #[arg(long, value_name = "VAR")]
    pub log_passphrase_env: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Create an empty log (a tiles directory with a signed checkpoint).
    #[command(after_help = "Example:\n  attest log init kz-log --origin kz.example/certificates --log-key kz-log.key")]
    Init {
        /// The log directory (absent or empty).
        dir: PathBuf,
        /// The log's origin: its checkpoints' first line and its key's name.
        #[arg(long)]
        origin: String,
        #[command(flatten)]
        key: LogKeyArgs,
    },
    /// Log bundles, certificates or signed trust lists; one new checkpoint.
    #[command(after_help = "Example:\n  attest log append kz-log --log-key kz-log.key bundles/*.json kz-national.json")]
    Append {
        /// The log directory.
        dir: PathBuf,
        #[command(flatten)]
        key: LogKeyArgs,
        /// The documents to log.
        #[arg(required = true)]
        docs: Vec<PathBuf>,
    },
    /// Print the checkpoint: origin, size, root and who signed it.
    #[command(after_help = "Example:\n  attest log show kz-log")]
    Show {
        /// The log directory.
        dir: PathBuf,
    },
    /// Print the C2SP verifier key (name+hex8+base64) of a public key.
    #[command(
        after_help = "Example:\n  attest log vkey --name kz.example/certificates --key kz-log.pub\n  attest log vkey --name witness.uz.example --key uz-witness.pub --witness"
    )]
    Vkey {
        /// The log's origin, or the witness's cosigner name.
        #[arg(long)]
        name: String,
        /// The public (or private) key file.
        #[arg(long, value_name = "PUB")]
        key: PathBuf,
        /// A witness's cosignature key (type 0x04) instead of a log's (0x01).
        #[arg(long)]
        witness: bool,
    },
    /// As a witness: check the log grew consistently since you last cosigned
    /// it, and print your cosignature line (a split view is refused).
    #[command(
        after_help = "Example:\n  attest log witness kz-log --key uz-witness.key --name witness.uz.example --log-vkey kz-log.vkey --state ./uz-witness-state -o uz.cosig"
    )]
    Witness {
        /// The log directory (a copy of the published files).
        dir: PathBuf,
        #[command(flatten)]
        key: SigningKeyArgs,
        /// Your cosigner name.
        #[arg(long)]
        name: String,
        /// The log's verifier key, or a file holding it.
        #[arg(long, value_name = "VKEY")]
        log_vkey: String,
        /// Where to write the cosignature line (`-` for stdout).
        #[arg(short, long, default_value = "-")]
        out: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Add witnesses' cosignature lines to the current checkpoint.
    #[command(
        after_help = "Example:\n  attest log cosign kz-log uz.cosig kg.cosig --witness uz-witness.vkey --witness kg-witness.vkey"
    )]
    Cosign {
        /// The log directory.
        dir: PathBuf,
        /// Files of cosignature lines.
        #[arg(required = true)]
        lines: Vec<PathBuf>,
        /// A witness verifier key (or a file holding it) whose lines are accepted.
        #[arg(long = "witness", value_name = "VKEY", required = true)]
        witnesses: Vec<String>,
    },
    /// Write into each bundle the inclusion proof of its certificate under
    /// the current (cosigned) checkpoint.
    #[command(after_help = "Example:\n  attest log prove kz-log app.bundle.json")]
    Prove {
        /// The log directory.
        dir: PathBuf,
        /// The bundles (rewritten in place).
        #[arg(required = true)]
        bundles: Vec<PathBuf>,
    },
    /// Re-read every entry and tile, recompute the root, check signatures
    /// and consistency; list what was issued.
    #[command(
        after_help = "Example:\n  attest log audit kz-log --log-vkey kz-log.vkey --witness uz-witness.vkey --since old.checkpoint"
    )]
    Audit {
        /// The log directory.
        dir: PathBuf,
        /// The log's verifier key, or a file holding it.
        #[arg(long, value_name = "VKEY")]
        log_vkey: String,
        /// A witness that must have cosigned the checkpoint.
        #[arg(long = "witness", value_name = "VKEY")]
        witnesses: Vec<String>,
        /// An older checkpoint of this log that must be a prefix of it.
        #[arg(long, value_name = "CHECKPOINT")]
        since: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Write PREFIX.key (PKCS#8 PEM, mode 0600) and PREFIX.pub (SPKI PEM), or
    /// with --pkcs11 make the pair on a token and write only PREFIX.pub.
    #[command(
        after_help = "Example:\n  attest key generate --out vendor\n  ATTEST_PASS=… attest key generate --out vendor --passphrase-env ATTEST_PASS\n  HSM_PIN=… attest key generate --out gov1 \\\n      --pkcs11 'pkcs11:token=governors;object=gov1?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:HSM_PIN'"
    )]
    #[command(mut_arg("force", |a| a.help("Replace existing files (never a key on a token)")))]
    Generate {
        /// Path prefix of the files written.
        #[arg(long, value_name = "PREFIX")]
        out: PathBuf,
        /// Encrypt the private key with the passphrase in this environment variable.
        #[arg(long, value_name = "VAR", conflicts_with = "pkcs11")]
        passphrase_env: Option<String>,
        /// Generate on a PKCS#11 token (non-extractable, sensitive): the URI names
        /// the module, the token, the new key's label (object=) and the PIN's
        /// variable (pin-source=env:VAR).
        #[arg(long, value_name = "URI")]
        pkcs11: Option<String>,
        #[command(flatten)]
        force: Force,
    },
    /// Print the key id (SHA-256 of the SPKI DER) of a public or private key
    /// file, or of a key on a PKCS#11 token.
    #[command(
        after_help = "Example:\n  attest key id vendor.pub\n  openssl pkey -pubin -in vendor.pub -outform DER | sha256sum   # the same id\n  attest key id 'pkcs11:token=governors;object=gov1?module-path=/usr/lib/softhsm/libsofthsm2.so'"
    )]
    Id {
        /// The key file, or a pkcs11: URI.
        #[arg(value_name = "FILE|URI")]
        key: String,
        /// Passphrase variable, for an encrypted private key.
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
    },
    /// List the Ed25519 keys on the tokens a PKCS#11 module sees, with the URI
    /// that names each.
    #[command(after_help = "Example:\n  attest key list --pkcs11-module /usr/lib/softhsm/libsofthsm2.so")]
    List {
        /// The vendor's PKCS#11 library.
        #[arg(long, value_name = "PATH")]
        pkcs11_module: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum SbomCommand {
    /// CycloneDX 1.6 SBOM of the files under each PATH and the dependencies in
    /// each lockfile (lockfiles found under PATH are read too).
    #[command(
        after_help = "Example:\n  attest sbom generate dist/ --name acme-gateway --version 2.4.1 --supplier 'Acme LLP' -o sbom.cdx.json\n  attest sbom generate --lockfile Cargo.lock --name app --version 1.0.0\n  attest sbom generate dist/ --name gw --version 2.4.1 --supplier 'Acme LLP' --creator-email sbom@acme.example --license Apache-2.0 --profile tr-03183-2 -o sbom.cdx.json"
    )]
    Generate(Box<GenerateArgs>),
    /// Check a CycloneDX 1.4–1.6 SBOM (from attest or any other tool) against
    /// a conformance profile: every requirement, per document and per
    /// component (docs/sbom-profiles.md). Exit 1 when one is unmet.
    #[command(
        after_help = "Example:\n  attest sbom check sbom.cdx.json --profile tr-03183-2\n  attest sbom check sbom.cdx.json --profile ntia --profile cra --output json"
    )]
    Check {
        /// The SBOM (`-` for stdin).
        file: PathBuf,
        /// The profile to check (repeatable).
        #[arg(long, value_enum, required = true, value_name = "PROFILE")]
        profile: Vec<ProfileName>,
        /// Show met requirements too, not only the unmet ones.
        #[arg(long)]
        all: bool,
    },
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
    /// A lockfile to read: Cargo.lock, package-lock.json / npm-shrinkwrap.json,
    /// yarn.lock (v1, Berry), pnpm-lock.yaml (v6, v9), requirements.txt,
    /// poetry.lock, uv.lock, Pipfile.lock, go.mod, go.sum, Gemfile.lock,
    /// composer.lock.
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
    /// Neither hash nor read lockfiles from paths under PATH matching GLOB
    /// (repeatable): `node_modules` matches at any depth, `test/packages/*`
    /// from PATH, `**` any folders, `*` and `?` within a name.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read only the lockfiles named with --lockfile, none found under PATH.
    #[arg(long, requires = "lockfile")]
    pub no_discover: bool,
    /// Leave out what the gitignore-style rules in FILE match under each PATH
    /// (repeatable; patterns relative to PATH). Each path left out is reported.
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Vec<PathBuf>,
    /// Leave out what the .gitignore files under PATH match. Not the default:
    /// release folders such as dist/ are usually gitignored themselves.
    #[arg(long)]
    pub respect_gitignore: bool,
    /// List attest's own outputs found under PATH (attestations, bundles,
    /// certificates, SBOMs attest wrote) as files; by default they are left out.
    #[arg(long)]
    pub keep_own_outputs: bool,
    /// Leave out packages the lockfiles mark as development/test-only (dev)
    /// or optional (optional); by default they are listed with CycloneDX
    /// scope "excluded" or "optional". Repeatable.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub omit: Vec<OmitKind>,
    /// Fill Cargo.lock's crates.io packages (authors, supplier, declared
    /// licence, repository) from their Cargo.toml in Cargo's registry sources,
    /// $CARGO_HOME/registry/src (CARGO_HOME defaults to ~/.cargo); off by
    /// default, as that cache differs from machine to machine.
    #[arg(long)]
    pub cargo_registry: bool,
    /// CycloneDX version to write.
    #[arg(long, value_enum, default_value = "1.6", value_name = "VERSION")]
    pub spec_version: SpecVersionArg,
    /// Fill what the profile asks for (repeatable): SHA-512 of every file as
    /// a distribution reference, each file's name and executable / archive /
    /// structured classification, dependency completeness; then check the
    /// SBOM and note what could not be filled.
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Vec<ProfileName>,
    /// E-mail address of whoever made the product and the SBOM (CycloneDX
    /// 1.6 manufacturer contact).
    #[arg(long, value_name = "EMAIL")]
    pub creator_email: Option<String>,
    /// Web address of whoever made the product and the SBOM.
    #[arg(long, value_name = "URL")]
    pub creator_url: Option<String>,
    /// SPDX licence expression of the product and its own files.
    #[arg(long, value_name = "SPDX-EXPRESSION")]
    pub license: Option<String>,
    /// Where to write the SBOM (`-` for stdout).
    #[arg(short, long, default_value = "-")]
    pub out: PathBuf,
    #[command(flatten)]
    pub force: Force,
}

/// CycloneDX versions `sbom generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpecVersionArg {
    /// CycloneDX 1.5.
    #[value(name = "1.5")]
    V1_5,
    /// CycloneDX 1.6.
    #[value(name = "1.6")]
    V1_6,
}

/// SBOM conformance profiles (docs/sbom-profiles.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileName {
    /// BSI TR-03183-2 v2.1.
    #[value(name = "tr-03183-2")]
    Tr03183_2,
    /// NTIA minimum elements (2021).
    Ntia,
    /// EU Cyber Resilience Act, Annex I Part II.
    Cra,
}

/// What `sbom generate --omit` can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OmitKind {
    /// Development and test dependencies (CycloneDX scope "excluded").
    Dev,
    /// Optional dependencies (CycloneDX scope "optional").
    Optional,
}

/// `--force`, flattened into every command that writes a file: an existing
/// output is refused unless it is given, the same way everywhere. Commands
/// whose outputs need a word more say so with `mut_arg`.
#[derive(Debug, Clone, Copy, Args)]
pub struct Force {
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

impl Force {
    /// How [`write_atomic`](attest_core::fsio::write_atomic) treats an
    /// existing output.
    pub fn overwrite(self) -> Overwrite {
        if self.force { Overwrite::Replace } else { Overwrite::Refuse }
    }

    /// Refuses an existing `path` without `--force` before the command acts,
    /// for commands whose first step cannot be undone (logging a
    /// certificate, making a key on a token), with the message
    /// `write_atomic` would give.
    pub fn refuse_existing(self, path: &Path) -> anyhow::Result<()> {
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
pub struct SigningKeyArgs {
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
    #[command(flatten)]
    pub force: Force,
}

#[derive(Debug, Args)]
#[command(mut_arg("force", |a| a.help("Replace an existing output file (needed to write back to ENVELOPE)")))]
pub struct CosignArgs {
    #[command(flatten)]
    pub key: SigningKeyArgs,
    /// The envelope to add a signature to.
    pub envelope: PathBuf,
    /// Where to write the result (`-` for stdout).
    #[arg(short, long, default_value = "-")]
    pub out: PathBuf,
    #[command(flatten)]
    pub force: Force,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("trust").required(true).multiple(false).args(["key", "anchor"])))]
pub struct VerifyArgs {
    /// The attestation envelope (`-` for stdin).
    pub envelope: PathBuf,
    /// A trusted public key (SPKI PEM): verify signatures and subjects only.
    #[arg(long, value_name = "PUB")]
    pub key: Vec<PathBuf>,
    /// How many distinct trusted keys must have signed (with --key; default 1).
    #[arg(long, requires = "key")]
    pub threshold: Option<usize>,
    /// The trust list you trust: full evaluation of signers, components and policy.
    #[arg(long, value_name = "LIST", requires = "policy")]
    pub anchor: Option<PathBuf>,
    /// A newer or recognised list (used only if it chains to the anchor).
    #[arg(long = "trust-list", value_name = "LIST", requires = "anchor")]
    pub trust_lists: Vec<PathBuf>,
    /// The national policy to evaluate under.
    #[arg(long, value_name = "POLICY", requires = "anchor")]
    pub policy: Option<PathBuf>,
    /// A directory of upstream suppliers' attestations, matched to components by digest.
    #[arg(long, value_name = "DIR", requires = "anchor")]
    pub evidence: Option<PathBuf>,
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

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// A new unsigned list (sequence 1).
    #[command(
        after_help = "Example:\n  attest trust init --name kz-national --jurisdiction KZ --governor g1.pub --governor g2.pub --governor g3.pub --threshold 2 -o kz.draft.json\n  attest trust init --name kz-national --jurisdiction KZ --governor g1.pub --holder 'Ministry of Digital Development' --governor g2.pub --holder 'National Bank' --threshold 2 -o kz.draft.json"
    )]
    #[command(mut_arg("force", |a| a.help("Replace an existing file")))]
    Init {
        /// List name, stable across versions.
        #[arg(long)]
        name: String,
        /// Jurisdiction (ISO 3166 code, or SCO).
        #[arg(long)]
        jurisdiction: String,
        /// A governor's public key.
        #[arg(long = "governor", value_name = "PUB", required = true)]
        governors: Vec<PathBuf>,
        /// Who holds each --governor key, in the same order (one per --governor, or none).
        #[arg(long = "holder", value_name = "NAME")]
        holders: Vec<String>,
        /// How many distinct governors must sign each version.
        #[arg(long)]
        threshold: usize,
        /// Who runs the list.
        #[arg(long)]
        operator: Option<String>,
        /// Days from `issued` to `nextUpdate`.
        #[arg(long, value_name = "DAYS", default_value_t = 90)]
        valid_for: u32,
        /// Where to write the draft.
        #[arg(short, long)]
        out: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Add an entry to a draft (written back in place).
    #[command(
        after_help = "Example:\n  attest trust add kz.draft.json --kind supplier --id acme --name 'Acme LLP' --jurisdiction KZ --key acme.pub --scope 'pkg:generic/acme/*' --versions '>=1.0.0, <3'\n  attest trust add kz.draft.json --kind component --id serde --scope pkg:cargo/serde --versions ^1\n  attest trust add kz.draft.json --kind component --id gateway-2.4.1-deps --from-sbom gateway.cdx.json"
    )]
    Add(Box<AddArgs>),
    /// Change an entry's status (recorded in its history at --time).
    #[command(
        after_help = "Example:\n  attest trust set-status sco.draft.json --id kz-regulator --status withdrawn --grandfather KZ-2026-3f9a0c1d5e7b2a64"
    )]
    SetStatus {
        /// The draft.
        draft: PathBuf,
        /// Entry id.
        #[arg(long)]
        id: String,
        /// New status.
        #[arg(long, value_enum)]
        status: StatusArg,
        /// Certificates issued before the change that stay valid.
        #[arg(long = "grandfather", value_name = "CERT_ID")]
        grandfather: Vec<String>,
    },
    /// Add a revocation to a draft.
    #[command(
        after_help = "Example:\n  attest trust revoke kz.draft.json --component pkg:npm/event-stream@3.3.6 --reason 'malicious flatmap-stream dependency'\n  attest trust revoke kz.draft.json --key stolen.pub --reason 'key compromised'"
    )]
    Revoke(RevokeArgs),
    /// Replace the governance (a rotation).
    #[command(
        after_help = "Example:\n  attest trust set-governance kz.draft.json --governor g1.pub --governor g4.pub --governor g5.pub --threshold 2"
    )]
    SetGovernance {
        /// The draft.
        draft: PathBuf,
        /// New governor keys.
        #[arg(long = "governor", value_name = "PUB", required = true)]
        governors: Vec<PathBuf>,
        /// Who holds each --governor key, in the same order (one per --governor, or none).
        #[arg(long = "holder", value_name = "NAME")]
        holders: Vec<String>,
        /// New threshold.
        #[arg(long)]
        threshold: usize,
    },
    /// The draft of the next version of a signed list.
    #[command(after_help = "Example:\n  attest trust next kz.json -o kz.draft.json")]
    #[command(mut_arg("force", |a| a.help("Replace an existing file")))]
    Next {
        /// The current signed list.
        list: PathBuf,
        /// Where to write the draft.
        #[arg(short, long)]
        out: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Add a governor's signature (a draft becomes a signed list).
    #[command(
        after_help = "Example:\n  attest trust sign kz.draft.json --key g1.key -o kz.json\n  attest trust sign kz.json --key g2.key -o kz.json --force\n  HSM_PIN=… attest trust sign kz.json --key 'pkcs11:token=gov3;object=g3?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:HSM_PIN' -o kz.json --force"
    )]
    #[command(mut_arg("force", |a| a.help("Replace an existing file")))]
    Sign {
        /// A draft or a signed list.
        input: PathBuf,
        #[command(flatten)]
        key: SigningKeyArgs,
        /// The previous signed version, so that its governors may sign a rotation.
        #[arg(long, value_name = "LIST")]
        previous: Option<PathBuf>,
        /// Where to write the signed list (default: stdout).
        #[arg(short, long, default_value = "-")]
        out: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Merge signatures of copies of one payload signed separately.
    #[command(after_help = "Example:\n  attest trust combine kz.g1.json kz.g2.json -o kz.json")]
    #[command(mut_arg("force", |a| a.help("Replace an existing file")))]
    Combine {
        /// The signed copies.
        #[arg(required = true, num_args = 2..)]
        lists: Vec<PathBuf>,
        /// Where to write the result.
        #[arg(short, long, default_value = "-")]
        out: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Print the governance fingerprint to publish out of band.
    #[command(after_help = "Example:\n  attest trust fingerprint sco-federation.json")]
    Fingerprint {
        /// A draft or signed list.
        list: PathBuf,
    },
    /// Decide which lists to believe, from the anchor and the state.
    #[command(
        after_help = "Example:\n  attest trust verify kz.json --anchor sco-federation.json --state ./state\n  attest trust verify sco.json --anchor sco.json   # a first anchor verifies against itself"
    )]
    Verify {
        /// Lists to verify.
        #[arg(required = true)]
        lists: Vec<PathBuf>,
        /// The list you trust.
        #[arg(long, value_name = "LIST")]
        anchor: PathBuf,
    },
    /// Show a list for people.
    #[command(after_help = "Example:\n  attest trust show kz.json")]
    Show {
        /// A draft or signed list.
        list: PathBuf,
        /// The previous signed version: signatures are then counted against
        /// its governance too when this version rotates it.
        #[arg(long, value_name = "LIST")]
        previous: Option<PathBuf>,
    },
    /// What changed between two versions.
    #[command(after_help = "Example:\n  attest trust diff kz.v6.json kz.v7.json")]
    Diff {
        /// The older version.
        old: PathBuf,
        /// The newer version.
        new: PathBuf,
    },
    /// Set the federation's transparency rule.
    #[command(
        after_help = "Example:\n  attest trust set-transparency sco.draft.json --quorum 2 --max-delay 86400 --required"
    )]
    SetTransparency {
        /// The draft.
        draft: PathBuf,
        /// Distinct granted witnesses (of two jurisdictions or more when 2+) that must cosign.
        #[arg(long)]
        quorum: usize,
        /// Longest delay, in seconds, from a certificate's issue to its first cosignature.
        #[arg(long, value_name = "SECONDS")]
        max_delay: u64,
        /// Certificates without an inclusion proof fail.
        #[arg(long, conflicts_with = "optional")]
        required: bool,
        /// A missing proof is reported, not a failure (the default).
        #[arg(long)]
        optional: bool,
    },
    /// Findings a security team should look at, by severity.
    #[command(after_help = "Example:\n  attest trust audit kz.json --output json")]
    Audit {
        /// A draft or signed list.
        list: PathBuf,
        /// The previous signed version: signatures are then counted against
        /// its governance too when this version rotates it.
        #[arg(long, value_name = "LIST")]
        previous: Option<PathBuf>,
    },
}

/// `--status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// In force.
    Granted,
    /// Temporarily not in force.
    Suspended,
    /// No longer in force.
    Withdrawn,
}

/// `--kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Keys that may sign releases within a scope.
    Supplier,
    /// Components approved within a scope.
    Component,
    /// Keys that may issue certificates.
    Authority,
    /// Another list this one recognises.
    TrustList,
    /// A transparency log of some authorities.
    Log,
    /// A witness that cosigns logs' checkpoints.
    Witness,
    /// One state's certificate class accepted as another's (--from KZ:standard --to UZ:basic).
    Equivalence,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The draft.
    pub draft: PathBuf,
    /// What the entry is.
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// Entry id, unique in the list.
    #[arg(long)]
    pub id: String,
    /// Human name.
    #[arg(long)]
    pub name: Option<String>,
    /// Jurisdiction of the supplier, authority or list.
    #[arg(long)]
    pub jurisdiction: Option<String>,
    /// A public key of the supplier or authority.
    #[arg(long = "key", value_name = "PUB")]
    pub keys: Vec<PathBuf>,
    /// Who holds each --key, in the same order (one per --key, or none).
    #[arg(long = "holder", value_name = "NAME")]
    pub holders: Vec<String>,
    /// A purl pattern (`pkg:npm/%40acme/*`, `pkg:cargo/serde`).
    #[arg(long = "scope", value_name = "PURL_PATTERN")]
    pub scopes: Vec<String>,
    /// Version range for every --scope of this call, in the ecosystem's syntax: PEP 440 for
    /// pkg:pypi (>=2,<3), npm ranges for pkg:npm (^1.2), Cargo's elsewhere (^1, >=1.2, <2).
    #[arg(long, value_name = "RANGE")]
    pub versions: Option<String>,
    /// Exact versions applied to every --scope of this call.
    #[arg(long = "exact", value_name = "V")]
    pub exact: Vec<String>,
    /// Pinned digests applied to every --scope of this call.
    #[arg(long = "digest", value_name = "sha256:HEX")]
    pub digests: Vec<String>,
    /// Certificate classes an authority may issue.
    #[arg(long = "certifies", value_name = "CLASS")]
    pub certifies: Vec<String>,
    /// Longest certificate validity an authority may issue.
    #[arg(long, value_name = "N")]
    pub max_validity_days: Option<u32>,
    /// The authority's accreditation reference, which its certificates repeat (--kind authority).
    #[arg(long, value_name = "REF")]
    pub accreditation: Option<String>,
    /// The class accepted, JURISDICTION:CLASS (--kind equivalence).
    #[arg(long, value_name = "JUR:CLASS")]
    pub from: Option<String>,
    /// The class it counts as, JURISDICTION:CLASS (--kind equivalence).
    #[arg(long, value_name = "JUR:CLASS")]
    pub to: Option<String>,
    /// A log's origin (--kind log).
    #[arg(long)]
    pub origin: Option<String>,
    /// An authority whose certificates the log holds (--kind log).
    #[arg(long = "authority", value_name = "ID")]
    pub authorities: Vec<String>,
    /// Approve every component this CycloneDX SBOM lists (--kind component): one scope
    /// per package version, exact version, its SHA-256 digests pinned where the SBOM
    /// gives them. First-party components and files are left out.
    #[arg(long, value_name = "SBOM", conflicts_with_all = ["scopes", "versions", "exact", "digests"])]
    pub from_sbom: Option<PathBuf>,
    /// A signed list to recognise: pins its name, jurisdiction and governance.
    #[arg(long, value_name = "LIST")]
    pub list: Option<PathBuf>,
    /// End of the entry's validity (RFC 3339, UTC).
    #[arg(long, value_name = "RFC3339")]
    pub valid_until: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(false).args(["key", "component", "artefact", "certificate"])))]
pub struct RevokeArgs {
    /// The draft.
    pub draft: PathBuf,
    /// A key: its id, or a public key file.
    #[arg(long, value_name = "KEYID_OR_PUB")]
    pub key: Option<String>,
    /// A component, PURL@VERSION.
    #[arg(long, value_name = "PURL@VERSION")]
    pub component: Option<String>,
    /// An artefact, sha256:HEX.
    #[arg(long, value_name = "sha256:HEX")]
    pub artefact: Option<String>,
    /// A certificate id (with --authority).
    #[arg(long, value_name = "ID")]
    pub certificate: Option<String>,
    /// The authority that issued the certificate.
    #[arg(long, value_name = "ID")]
    pub authority: Option<String>,
    /// Why (recorded in the list).
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Subcommand)]
pub enum CertifyCommand {
    /// Evaluate an attestation as `verify --policy` does and, only if
    /// everything passes, write a bundle with a new certificate.
    #[command(
        after_help = "Example:\n  attest certify issue --key kz-regulator.key --authority kz-regulator --attestation app.att.json \\\n      --anchor kz-national.json --federation sco-federation.json --policy kz-import-2026.json -o app.bundle.json"
    )]
    Issue(Box<IssueArgs>),
    /// Verify bundles offline against your federation anchor (the steps of docs/formats.md §10, and step 8 of docs/transparency.md).
    #[command(
        after_help = "Example:\n  attest certify verify app.bundle.json --anchor sco-federation.json --subject dist/app.tar.gz\n  attest certify verify bundles/*.json --anchor sco-federation.json --policy uz-import.json --output json"
    )]
    Verify(CertifyVerifyArgs),
    /// Show a certificate for people, or write a printable HTML page.
    #[command(
        after_help = "Example:\n  attest certify show app.bundle.json\n  attest certify show app.bundle.json --anchor sco-federation.json --html certificate.html --lang ru"
    )]
    Show(ShowArgs),
    /// Write what a certificate states as a CycloneDX 1.6 document (`declarations`), for CycloneDX tools.
    #[command(after_help = "Example:\n  attest certify export app.bundle.json --cyclonedx app.certificate.cdx.json")]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
#[command(mut_arg("force", |a| a.help("Replace an existing file")))]
pub struct ExportArgs {
    /// The bundle.
    pub bundle: PathBuf,
    /// Where to write the CycloneDX 1.6 document (`-` for stdout).
    #[arg(long, value_name = "FILE", required = true)]
    pub cyclonedx: PathBuf,
    #[command(flatten)]
    pub force: Force,
}

#[derive(Debug, Args)]
#[command(mut_arg("force", |a| a.help("Replace an existing file")))]
pub struct IssueArgs {
    #[command(flatten)]
    pub key: SigningKeyArgs,
    /// Your authority's entry id in the federation list.
    #[arg(long)]
    pub authority: String,
    /// The vendor's attestation.
    #[arg(long, value_name = "ENV")]
    pub attestation: PathBuf,
    /// Your national trust list (the anchor of your evaluation).
    #[arg(long, value_name = "LIST")]
    pub anchor: PathBuf,
    /// Newer or recognised lists.
    #[arg(long = "trust-list", value_name = "LIST")]
    pub trust_lists: Vec<PathBuf>,
    /// The federation list in which your authority is granted.
    #[arg(long, value_name = "LIST")]
    pub federation: PathBuf,
    /// Your national policy.
    #[arg(long, value_name = "POLICY")]
    pub policy: PathBuf,
    /// Upstream suppliers' attestations.
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// Use this certificate id instead of a random one.
    #[arg(long, value_name = "ID")]
    pub certificate_id: Option<String>,
    /// A condition or limitation of the certificate (repeat for several).
    #[arg(long = "condition", value_name = "TEXT")]
    pub conditions: Vec<String>,
    /// The id of the certificate this one renews.
    #[arg(long, value_name = "CERT_ID")]
    pub supersedes: Option<String>,
    /// Artefacts that must match a subject.
    #[arg(long, value_name = "FILE")]
    pub subject: Vec<PathBuf>,
    /// Log the new certificate in this log directory, in the same step.
    #[arg(long, value_name = "DIR", requires = "log_key")]
    pub log: Option<PathBuf>,
    /// The log's private key (with --log).
    #[arg(long, value_name = "KEY", requires = "log")]
    pub log_key: Option<String>,
    /// Environment variable holding the passphrase of an encrypted log key.
    #[arg(long, value_name = "VAR", requires = "log")]
    pub log_passphrase_env: Option<String>,
    /// Where to write the bundle.
    #[arg(short, long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub force: Force,
}

#[derive(Debug, Args)]
pub struct CertifyVerifyArgs {
    /// One or many bundles.
    #[arg(required = true)]
    pub bundles: Vec<PathBuf>,
    /// The federation list you trust.
    #[arg(long, value_name = "LIST")]
    pub anchor: PathBuf,
    /// Newer lists than the bundles carry.
    #[arg(long = "trust-list", value_name = "LIST")]
    pub trust_lists: Vec<PathBuf>,
    /// Artefacts that must match a certified subject.
    #[arg(long, value_name = "FILE")]
    pub subject: Vec<PathBuf>,
    /// Re-evaluate the evidence under your own policy too.
    #[arg(long, value_name = "MINE")]
    pub policy: Option<PathBuf>,
    /// A certificate class you accept, in your own jurisdiction's names (repeat for several; needs --policy for
    /// your jurisdiction). Another state's class counts through a granted equivalence of the federation list.
    #[arg(long = "accept-class", value_name = "CLASS", requires = "policy")]
    pub accept_classes: Vec<String>,
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Chinese.
    Zh,
}

#[derive(Debug, Args)]
#[command(mut_arg("force", |a| a.help("Replace an existing HTML file")))]
pub struct ShowArgs {
    /// The bundle.
    pub bundle: PathBuf,
    /// Verify against this federation anchor and show the status.
    #[arg(long, value_name = "LIST")]
    pub anchor: Option<PathBuf>,
    /// Artefacts that must match a certified subject (step 6, as `certify verify`; needs --anchor).
    #[arg(long, value_name = "FILE", requires = "anchor")]
    pub subject: Vec<PathBuf>,
    /// Re-evaluate the evidence under your own policy too (step 7, as `certify verify`; needs --anchor).
    #[arg(long, value_name = "MINE", requires = "anchor")]
    pub policy: Option<PathBuf>,
    /// Write a self-contained printable HTML page.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    #[command(flatten)]
    pub force: Force,
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
