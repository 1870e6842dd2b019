//! `attest sign`, `attest cosign` and `attest verify`: the envelope's commands.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use super::{Force, SigningKeyArgs};

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
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
pub(crate) struct CosignArgs {
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
pub(crate) struct VerifyArgs {
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
