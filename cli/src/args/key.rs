//! `attest key`: making keys and naming them.

use std::path::PathBuf;

use clap::Subcommand;

use super::Force;

#[derive(Debug, Subcommand)]
pub(crate) enum KeyCommand {
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
