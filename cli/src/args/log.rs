//! `attest log`: the transparency log's commands.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Force, SigningKeyArgs};

/// Where the log's private key comes from (`--log-key`).
#[derive(Debug, Args)]
pub(crate) struct LogKeyArgs {
    /// The log's private key: a PKCS#8 PEM file, or env:VAR.
    #[arg(long, value_name = "KEY")]
    pub log_key: String,
    /// Environment variable holding the passphrase of an encrypted log key.
    #[arg(long, value_name = "VAR")]
    pub log_passphrase_env: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum LogCommand {
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
