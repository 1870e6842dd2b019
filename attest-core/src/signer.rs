//! Whatever signs: a key in a file or the environment, or a key on a PKCS#11
//! token. Every document attest signs goes through [`Signer`], so a new
//! place keys live (a cloud KMS, say) is one more implementation.

use crate::error::{Error, Result};
use crate::keys::{KeySource, LoadOptions, PrivateKey, PublicKey, load_private_key};
use crate::pkcs11::Pkcs11Key;

/// An Ed25519 signing key, wherever its secret half lives. `Debug` shows
/// which key (its id and where it lives), never secret material.
pub trait Signer: std::fmt::Debug {
    /// The public half: its id is what a signature's `keyid` names.
    fn public(&self) -> &PublicKey;

    /// Signs `msg` (pure Ed25519, RFC 8032). Fallible because a token can
    /// be removed, locked or refuse between two signatures.
    fn sign(&self, msg: &[u8]) -> Result<ed25519_dalek::Signature>;
}

impl Signer for PrivateKey {
    fn public(&self) -> &PublicKey {
        PrivateKey::public(self)
    }

    fn sign(&self, msg: &[u8]) -> Result<ed25519_dalek::Signature> {
        Ok(PrivateKey::sign(self, msg))
    }
}

/// Opens the signing key `source` names: loads a PEM key (see
/// [`load_private_key`]) or opens a token key. Options that only apply to
/// files are refused for a token rather than ignored.
pub fn load_signer(source: &KeySource, opts: LoadOptions<'_>) -> Result<Box<dyn Signer>> {
    match source {
        KeySource::Pkcs11(uri) => {
            if opts.passphrase.is_some() {
                return Err(Error::Usage(format!(
                    "--passphrase-env applies to encrypted key files; the PIN of {uri} comes from pin-source=env:VAR"
                )));
            }
            if opts.allow_insecure {
                return Err(Error::Usage(format!(
                    "--allow-insecure-key applies to key files; {uri} is a key on a token"
                )));
            }
            Ok(Box::new(Pkcs11Key::open(uri)?))
        }
        KeySource::File(_) | KeySource::Env(_) => Ok(Box::new(load_private_key(source, opts)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::unit::key;

    #[test]
    fn a_file_key_signs_through_the_trait_as_it_does_directly() {
        let k = key(1);
        let signer: &dyn Signer = &k;
        assert_eq!(signer.sign(b"m").unwrap(), k.sign(b"m"));
        assert_eq!(signer.public(), k.public());
    }

    #[test]
    fn file_options_are_refused_for_a_token_key() {
        let uri = crate::pkcs11::Pkcs11Uri::parse("pkcs11:object=k?module-path=/nonexistent.so").unwrap();
        let source = KeySource::Pkcs11(uri);
        let err = load_signer(&source, LoadOptions { passphrase: Some(b"p"), allow_insecure: false }).unwrap_err();
        assert!(err.to_string().contains("pin-source=env:VAR"), "{err}");
        let err = load_signer(&source, LoadOptions { passphrase: None, allow_insecure: true }).unwrap_err();
        assert!(err.to_string().contains("--allow-insecure-key"), "{err}");
        // A module that is not there is named, with what to check.
        let err = load_signer(&source, LoadOptions::default()).unwrap_err().to_string();
        assert!(
            err.contains("cannot load the PKCS#11 module /nonexistent.so") && err.contains("module-path="),
            "{err}"
        );
        assert!(err.starts_with("pkcs11:object=k?module-path=/nonexistent.so: "), "{err}");
    }
}
