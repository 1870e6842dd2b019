//! `attest trust`: drafting, signing, checking and auditing trust lists.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use attest_core::trust::{EntryKind, Status};

use super::{Force, SigningKeyArgs, named};

#[derive(Debug, Subcommand)]
pub(crate) enum TrustCommand {
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
        #[arg(long, value_parser = named(&Status::ALL, Status::name, Status::about))]
        status: Status,
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

#[derive(Debug, Args)]
pub(crate) struct AddArgs {
    /// The draft.
    pub draft: PathBuf,
    /// What the entry is.
    #[arg(long, value_parser = named(&EntryKind::ALL, EntryKind::name, EntryKind::about))]
    pub kind: EntryKind,
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
pub(crate) struct RevokeArgs {
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
