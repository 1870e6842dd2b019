//! Ed25519 keys: generation, PEM encodings, key ids, and loading with the
//! safety checks a signing tool owes its users.
//!
//! Private keys are PKCS#8 v1 PEM without the embedded public key (what
//! `openssl genpkey -algorithm ed25519` writes and what OpenSSL 3.0 reads),
//! optionally encrypted; public keys are SPKI PEM. The key id is the SHA-256
//! of the canonical SPKI DER rebuilt from the raw key, never of the bytes as
//! found in a file, so one key has exactly one id (docs/threat-model.md T3, T26).

use std::fmt;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::DecodePublicKey;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, KeypairBytes};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::digest::Sha256Digest;
use crate::error::{Error, Result, display_path};
use crate::fsio::read_bounded;
use crate::kind::{self, Kind};
use crate::limits::MAX_KEY_BYTES;
use crate::pkcs11::{Pkcs11Uri, redact};

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE {
/// SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) }, followed by
/// the 32 key bytes.
const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

crate::error::value_error!(
    /// Why bytes or text are not a usable key or key id (not Ed25519, a weak
    /// key, not 64 hex digits), before it is known which file they came from.
    KeyMaterialError
);

/// A key id: lowercase hex SHA-256 of the canonical SPKI DER.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeyId(pub Sha256Digest);

impl KeyId {
    /// Parses a key id given as 64 hex digits.
    pub fn from_hex(s: &str) -> std::result::Result<Self, KeyMaterialError> {
        Sha256Digest::from_hex(s).map(KeyId).map_err(|e| String::from(e).into())
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.0)
    }
}

/// A verified-usable public key: not of small order, with its id computed.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
    id: KeyId,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.id.0)
    }
}

impl PublicKey {
    /// Wraps raw key bytes, refusing small-order ("weak") keys, for which
    /// signatures can be forged (docs/threat-model.md T17).
    pub fn from_raw(bytes: &[u8; 32]) -> std::result::Result<Self, KeyMaterialError> {
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| "not a valid Ed25519 public key".to_owned())?;
        Ok(Self::from_verifying_key(key)?)
    }

    fn from_verifying_key(key: VerifyingKey) -> std::result::Result<Self, String> {
        if key.is_weak() {
            return Err("is a small-order (weak) Ed25519 key, for which signatures can be forged".to_owned());
        }
        let id = KeyId(Sha256Digest::of(&spki_der(key.as_bytes())));
        Ok(PublicKey { key, id })
    }

    /// Parses an SPKI PEM public key (`-----BEGIN PUBLIC KEY-----`).
    pub fn from_spki_pem(pem: &str, doc: &str) -> Result<Self> {
        let key = VerifyingKey::from_public_key_pem(pem.trim())
            .map_err(|e| Error::key(doc, format!("not an Ed25519 SPKI PEM public key: {e}")))?;
        Self::from_verifying_key(key).map_err(|r| Error::key(doc, r))
    }

    /// The key id.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The raw 32 key bytes.
    pub fn raw(&self) -> &[u8; 32] {
        self.key.as_bytes()
    }

    /// The canonical SPKI PEM, as `openssl pkey -pubout` writes it.
    pub fn to_spki_pem(&self) -> String {
        let b64 = <base64ct::Base64 as base64ct::Encoding>::encode_string(&spki_der(self.key.as_bytes()));
        format!("-----BEGIN PUBLIC KEY-----\n{b64}\n-----END PUBLIC KEY-----\n")
    }

    /// Strict verification of `sig` over `msg`: non-canonical signatures are
    /// rejected (docs/threat-model.md T17). Batch verification is never used for
    /// decisions: it is all-or-nothing and skips these checks.
    pub fn verify_strict(&self, msg: &[u8], sig: &ed25519_dalek::Signature) -> bool {
        self.key.verify_strict(msg, sig).is_ok()
    }
}

/// The canonical SPKI DER of a raw Ed25519 key.
fn spki_der(raw: &[u8; 32]) -> [u8; 44] {
    let mut out = [0u8; 44];
    let (prefix, key) = out.split_at_mut(SPKI_PREFIX.len());
    prefix.copy_from_slice(&SPKI_PREFIX);
    key.copy_from_slice(raw);
    out
}

/// A private signing key. The secret is wiped from memory when dropped.
pub struct PrivateKey {
    key: SigningKey,
    public: PublicKey,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({})", self.public.id.0)
    }
}

impl PrivateKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut())
            .map_err(|e| Error::Usage(format!("the operating system gave no random bytes: {e}")))?;
        Self::from_signing_key(SigningKey::from_bytes(&seed), "generated key")
    }

    /// From a raw 32-byte seed (RFC 8032 secret key), for known-answer tests
    /// and fixtures.
    pub fn from_seed(seed: &[u8; 32]) -> Result<Self> {
        Self::from_signing_key(SigningKey::from_bytes(seed), "seed")
    }

    fn from_signing_key(key: SigningKey, doc: &str) -> Result<Self> {
        let public = PublicKey::from_verifying_key(key.verifying_key()).map_err(|r| Error::key(doc, r))?;
        Ok(PrivateKey { key, public })
    }

    /// Parses a PKCS#8 PEM private key, decrypting it with `passphrase` when
    /// it is an `ENCRYPTED PRIVATE KEY`.
    pub fn from_pkcs8_pem(pem: &str, passphrase: Option<&[u8]>, doc: &str) -> Result<Self> {
        let pem = pem.trim();
        let key = if pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            let pass = passphrase.ok_or_else(|| {
                Error::key(
                    doc,
                    "is encrypted: name the environment variable holding its passphrase with --passphrase-env",
                )
            })?;
            SigningKey::from_pkcs8_encrypted_pem(pem, pass)
                .map_err(|e| Error::key(doc, format!("cannot decrypt (wrong passphrase?): {e}")))?
        } else if pem.starts_with("-----BEGIN PRIVATE KEY-----") {
            SigningKey::from_pkcs8_pem(pem)
                .map_err(|e| Error::key(doc, format!("not an Ed25519 PKCS#8 private key: {e}")))?
        } else {
            return Err(Error::key(doc, "not a PEM private key (expected -----BEGIN PRIVATE KEY-----)"));
        };
        Self::from_signing_key(key, doc)
    }

    /// The PKCS#8 v1 PEM (no embedded public key, so OpenSSL 3.0 reads it),
    /// encrypted when a passphrase is given.
    pub fn to_pkcs8_pem(&self, passphrase: Option<&[u8]>) -> Result<Zeroizing<String>> {
        let bytes = KeypairBytes { secret_key: self.key.to_bytes(), public_key: None };
        let le = pkcs8::LineEnding::LF;
        let pem = match passphrase {
            Some(p) => bytes.to_pkcs8_encrypted_pem(p, le),
            None => bytes.to_pkcs8_pem(le),
        };
        pem.map_err(|e| Error::Internal(format!("cannot encode the private key: {e}")))
    }

    /// The public half.
    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    /// Signs `msg` (deterministic Ed25519).
    pub fn sign(&self, msg: &[u8]) -> ed25519_dalek::Signature {
        self.key.sign(msg)
    }
}

/// Where a private key comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// A PEM file.
    File(PathBuf),
    /// The PEM text in an environment variable (`--key env:VAR`), for CI
    /// secrets that should never touch the disk.
    Env(String),
    /// A key on a PKCS#11 token (`--key pkcs11:…`), which never leaves it.
    Pkcs11(Pkcs11Uri),
}

impl KeySource {
    /// Interprets a `--key` argument: `pkcs11:…`, `env:VAR` or a path. A
    /// malformed `pkcs11:` URI is an error (shown without any PIN in it).
    pub fn parse(arg: &str) -> Result<Self> {
        if Pkcs11Uri::is_uri(arg) {
            return Pkcs11Uri::parse(arg).map(KeySource::Pkcs11).map_err(|r| Error::key(redact(arg), r));
        }
        Ok(match arg.strip_prefix("env:") {
            Some(var) => KeySource::Env(var.to_owned()),
            None => KeySource::File(PathBuf::from(arg)),
        })
    }

    /// How the source is named in messages.
    pub fn describe(&self) -> String {
        match self {
            KeySource::File(p) => display_path(p),
            KeySource::Env(v) => format!("env:{v}"),
            KeySource::Pkcs11(uri) => uri.to_string(),
        }
    }
}

/// Options for [`load_private_key`].
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions<'a> {
    /// The passphrase for an encrypted key.
    pub passphrase: Option<&'a [u8]>,
    /// Accept a key file readable by group or others (`--allow-insecure-key`).
    pub allow_insecure: bool,
}

/// Loads a private key, refusing a key file that others can read, as ssh
/// does (docs/threat-model.md T19). The PEM text is wiped from memory after parsing.
pub fn load_private_key(source: &KeySource, opts: LoadOptions<'_>) -> Result<PrivateKey> {
    let doc = source.describe();
    let pem: Zeroizing<String> = match source {
        KeySource::Env(var) => {
            let pem = Zeroizing::new(std::env::var(var).map_err(|_| {
                Error::key(
                    &doc,
                    format!("environment variable {var} is not set or not UTF-8; it must hold the PEM text"),
                )
            })?);
            kind::expect(pem.as_bytes(), &doc, &[Kind::PrivateKey])?;
            pem
        }
        KeySource::Pkcs11(_) => {
            return Err(Error::key(&doc, "is a key on a token, not a PEM key: open it with signer::load_signer"));
        }
        KeySource::File(path) => {
            let bytes = Zeroizing::new(read_bounded(path, MAX_KEY_BYTES, "key file")?);
            // A public key given by mistake is named as such before any
            // complaint about its (rightly) open permissions.
            kind::expect(&bytes, &doc, &[Kind::PrivateKey])?;
            if !opts.allow_insecure {
                check_private_permissions(path)?;
            }
            Zeroizing::new(String::from_utf8(bytes.to_vec()).map_err(|_| Error::key(&doc, "is not a PEM text file"))?)
        }
    };
    PrivateKey::from_pkcs8_pem(&pem, opts.passphrase, &doc)
}

#[cfg(unix)]
fn check_private_permissions(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if path.as_os_str() == "-" {
        return Ok(());
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        let p = display_path(path);
        return Err(Error::key(
            &p,
            format!(
                "private key permissions {mode:04o} are too open: it must not be readable by group or others. \
                 Run `chmod 600 {p}`, or pass --allow-insecure-key if you accept the risk"
            ),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private_permissions(_: &Path) -> Result<()> {
    Ok(())
}

/// Loads a public key from a file holding an SPKI PEM public key. A private
/// key file is refused here: verification must never need the secret.
pub fn load_public_key(path: &Path) -> Result<PublicKey> {
    let doc = display_path(path);
    let bytes = read_bounded(path, MAX_KEY_BYTES, "key file")?;
    kind::expect(&bytes, &doc, &[Kind::PublicKey])?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::key(&doc, "is not a PEM text file"))?;
    if text.contains("PRIVATE KEY-----") {
        return Err(Error::key(&doc, "is a private key; give the public key (.pub) for verification"));
    }
    PublicKey::from_spki_pem(text, &doc)
}

/// The public key of a PEM file holding either a public or a private key
/// (for `attest key id`).
pub fn load_any_public(path: &Path, passphrase: Option<&[u8]>) -> Result<PublicKey> {
    let doc = display_path(path);
    let bytes = Zeroizing::new(read_bounded(path, MAX_KEY_BYTES, "key file")?);
    kind::expect(&bytes, &doc, &[Kind::PrivateKey, Kind::PublicKey])?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::key(&doc, "is not a PEM text file"))?;
    if text.contains("PRIVATE KEY-----") {
        Ok(PrivateKey::from_pkcs8_pem(text, passphrase, &doc)?.public.clone())
    } else {
        PublicKey::from_spki_pem(text, &doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC8410_SPKI_B64: &str = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

    #[test]
    fn rfc8032_known_answers() {
        let vectors = [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            ),
            (
                "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
            ),
        ];
        for (sk, pk, msg, sig) in vectors {
            let seed: [u8; 32] = hex::decode(sk).unwrap().try_into().unwrap();
            let key = PrivateKey::from_seed(&seed).unwrap();
            assert_eq!(hex::encode(key.public().raw()), pk);
            let msg = hex::decode(msg).unwrap();
            let s = key.sign(&msg);
            assert_eq!(hex::encode(s.to_bytes()), sig);
            assert!(key.public().verify_strict(&msg, &s));
            assert!(!key.public().verify_strict(b"other", &s));
        }
    }

    #[test]
    fn rfc8410_spki_round_trips_and_key_id_is_of_canonical_der() {
        let pem = format!("-----BEGIN PUBLIC KEY-----\n{RFC8410_SPKI_B64}\n-----END PUBLIC KEY-----\n");
        let key = PublicKey::from_spki_pem(&pem, "t").unwrap();
        assert_eq!(key.to_spki_pem(), pem);
        let der = <base64ct::Base64 as base64ct::Encoding>::decode_vec(RFC8410_SPKI_B64).unwrap();
        assert_eq!(key.id().0, Sha256Digest::of(&der));
    }

    #[test]
    fn private_key_pem_round_trips_plain_and_encrypted() {
        let key = PrivateKey::generate().unwrap();
        let pem = key.to_pkcs8_pem(None).unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let back = PrivateKey::from_pkcs8_pem(&pem, None, "t").unwrap();
        assert_eq!(back.public(), key.public());

        let enc = key.to_pkcs8_pem(Some(b"correct horse")).unwrap();
        assert!(enc.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let back = PrivateKey::from_pkcs8_pem(&enc, Some(b"correct horse"), "t").unwrap();
        assert_eq!(back.public(), key.public());
        assert!(PrivateKey::from_pkcs8_pem(&enc, Some(b"wrong"), "t").is_err());
        let err = PrivateKey::from_pkcs8_pem(&enc, None, "t").unwrap_err();
        assert!(err.to_string().contains("--passphrase-env"), "{err}");
    }

    #[test]
    fn small_order_keys_are_refused() {
        // The identity point: of small order, signatures on it are forgeable.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let err = PublicKey::from_raw(&identity).unwrap_err();
        assert!(err.to_string().contains("small-order"), "{err}");
    }

    #[test]
    fn key_source_parses_env_prefix() {
        assert_eq!(KeySource::parse("env:SIGNING_KEY").unwrap(), KeySource::Env("SIGNING_KEY".into()));
        assert_eq!(KeySource::parse("a.key").unwrap(), KeySource::File("a.key".into()));
        let uri = KeySource::parse("pkcs11:object=k?module-path=/m.so&pin-source=env:PIN").unwrap();
        assert_eq!(uri.describe(), "pkcs11:object=k?module-path=/m.so&pin-source=env:PIN");
        let err = KeySource::parse("pkcs11:object=k?pin-value=0000").unwrap_err().to_string();
        assert!(err.starts_with("pkcs11:object=k?pin-value=…: pin-value is refused"), "{err}");
    }
}
