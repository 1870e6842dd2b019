//! One module per command group.

pub mod certify;
pub mod demo;
pub mod docs;
pub mod key;
pub mod log;
pub mod sbom;
pub mod sign;
pub mod trust;
pub mod trust_view;
pub mod verify;

use std::path::Path;

use attest_core::fsio::{Overwrite, write_atomic};
use attest_core::keys::{KeySource, LoadOptions};
use attest_core::signer::{Signer, load_signer};
use zeroize::Zeroizing;

use crate::args::SigningKeyArgs;

/// Reads a passphrase from the environment variable named by
/// `--passphrase-env` (never from the command line, where `ps` shows it).
pub fn passphrase(var: Option<&str>) -> anyhow::Result<Option<Zeroizing<String>>> {
    let Some(var) = var else { return Ok(None) };
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Ok(Some(Zeroizing::new(v))),
        _ => Err(attest_core::Error::Usage(format!(
            "--passphrase-env {var}: the environment variable is not set, empty or not UTF-8"
        ))
        .into()),
    }
}

/// Opens the signing key named by `--key` of `command`: a key file,
/// `env:VAR` or a `pkcs11:` URI.
pub fn signing_key(args: &SigningKeyArgs, command: &str) -> anyhow::Result<Box<dyn Signer>> {
    load_key(&args.key, args.passphrase_env.as_deref(), args.allow_insecure_key)
        .map_err(|e| taken_by(e, &format!("{command} --key")))
}

/// Names `taker` (`sign --key`) in a wrong-kind error; other errors pass.
pub fn taken_by(e: anyhow::Error, taker: &str) -> anyhow::Error {
    match e.downcast::<attest_core::Error>() {
        Ok(e) => e.taken_by(taker).into(),
        Err(e) => e,
    }
}

/// Opens a signing key from a `--key`-style argument (a file, `env:VAR` or a
/// `pkcs11:` URI).
pub fn load_key(arg: &str, passphrase_env: Option<&str>, allow_insecure: bool) -> anyhow::Result<Box<dyn Signer>> {
    let pass = passphrase(passphrase_env)?;
    let opts = LoadOptions { passphrase: pass.as_ref().map(|p| p.as_bytes()), allow_insecure };
    Ok(load_signer(&KeySource::parse(arg)?, opts)?)
}

/// Writes an output atomically, honouring `--force`.
pub fn write_output(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mode = if force { Overwrite::Replace } else { Overwrite::Refuse };
    Ok(write_atomic(path, bytes, mode, None)?)
}

/// Whether an output goes to stdout (so stdout cannot carry a report too).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}
