//! `attest certify`: issuing, verifying, showing and exporting certificates.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{Force, SigningKeyArgs};

#[derive(Debug, Subcommand)]
pub(crate) enum CertifyCommand {
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
pub(crate) struct ExportArgs {
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
pub(crate) struct IssueArgs {
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
pub(crate) struct CertifyVerifyArgs {
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
pub(crate) enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Chinese.
    Zh,
}

#[derive(Debug, Args)]
#[command(mut_arg("force", |a| a.help("Replace an existing HTML file")))]
pub(crate) struct ShowArgs {
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
