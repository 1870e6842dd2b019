//! Keys: signing keys (files, `env:VAR`, `pkcs11:` URIs), public keys and
//! transparency-log verifier keys.

use std::path::{Path, PathBuf};

use attest_core::Error;
use attest_core::fsio::read_bounded;
use attest_core::keys::{KeySource, LoadOptions, PublicKey, load_any_public, load_public_key};
use attest_core::limits::MAX_KEY_BYTES;
use attest_core::signer::{Signer, load_signer};
use attest_core::tlog::note::NoteKey;
use zeroize::Zeroizing;

use crate::args::{LogKeyArgs, SigningKeyArgs};

/// Reads a passphrase from the environment variable named by
/// `--passphrase-env` (never from the command line, where `ps` shows it).
pub(crate) fn passphrase(var: Option<&str>) -> anyhow::Result<Option<Zeroizing<String>>> {
    let Some(var) = var else { return Ok(None) };
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Ok(Some(Zeroizing::new(v))),
        _ => Err(Error::Usage(format!(
            "--passphrase-env {var}: the environment variable is not set, empty or not UTF-8"
        ))
        .into()),
    }
}

/// Opens the signing key named by `--key` of `command`: a key file,
/// `env:VAR` or a `pkcs11:` URI.
pub(crate) fn signing_key(args: &SigningKeyArgs, command: &str) -> anyhow::Result<Box<dyn Signer>> {
    load_key(&args.key, args.passphrase_env.as_deref(), args.allow_insecure_key)
        .map_err(|e| taken_by(e, &format!("{command} --key")))
}

/// The log's key from `--log-key` of `command`.
pub(crate) fn log_key(a: &LogKeyArgs, command: &str) -> anyhow::Result<Box<dyn Signer>> {
    load_key(&a.log_key, a.log_passphrase_env.as_deref(), false)
        .map_err(|e| taken_by(e, &format!("{command} --log-key")))
}

/// Names `taker` (`sign --key`) in a wrong-kind error; other errors pass.
fn taken_by(e: anyhow::Error, taker: &str) -> anyhow::Error {
    match e.downcast::<Error>() {
        Ok(e) => e.taken_by(taker).into(),
        Err(e) => e,
    }
}

/// Opens a signing key from a `--key`-style argument (a file, `env:VAR` or a
/// `pkcs11:` URI).
pub(crate) fn load_key(
    arg: &str,
    passphrase_env: Option<&str>,
    allow_insecure: bool,
) -> anyhow::Result<Box<dyn Signer>> {
    let pass = passphrase(passphrase_env)?;
    let opts = LoadOptions { passphrase: pass.as_ref().map(|p| p.as_bytes()), allow_insecure };
    Ok(load_signer(&KeySource::parse(arg)?, opts)?)
}

/// The public key in `path`, given to `taker` (the command and flag).
pub(crate) fn public_key(path: &Path, taker: &str) -> anyhow::Result<PublicKey> {
    Ok(load_public_key(path).map_err(|e| e.taken_by(taker))?)
}

/// The public key of a public or private key file (`passphrase` opens an
/// encrypted one); `taker`, when given, is named in a wrong-kind error.
pub(crate) fn any_public_key(path: &Path, passphrase: Option<&[u8]>, taker: Option<&str>) -> anyhow::Result<PublicKey> {
    let read = load_any_public(path, passphrase);
    Ok(match taker {
        Some(taker) => read.map_err(|e| e.taken_by(taker))?,
        None => read?,
    })
}

/// The public keys in `paths`, given to `taker` (the command and flag).
pub(crate) fn public_keys(paths: &[PathBuf], taker: &str) -> anyhow::Result<Vec<PublicKey>> {
    paths.iter().map(|p| public_key(p, taker)).collect()
}

/// A log or witness verifier key given to `flag` as the string itself or as
/// a file holding it.
pub(crate) fn verifier_key(arg: &str, flag: &str) -> anyhow::Result<NoteKey> {
    let path = Path::new(arg);
    let text = if !arg.contains('+') && path.is_file() {
        let bytes = read_bounded(path, MAX_KEY_BYTES, "verifier key")?;
        String::from_utf8(bytes).map_err(|_| Error::malformed(arg, "not UTF-8"))?
    } else {
        arg.to_owned()
    };
    Ok(NoteKey::parse(text.trim()).map_err(|e| Error::Usage(format!("{flag}: {e}")))?)
}
