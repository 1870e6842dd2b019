//! SHA-256 / SHA-512 digests and in-toto DigestSets.
//!
//! Hex is accepted in either case on input (docs/threat-model.md T25: an upper-case
//! digest must not slip past a revocation) and always written lower-case.

use std::fmt;
use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256, Sha512};

use crate::error::{Error, Result};

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Digest(pub [u8; 32]);

/// A SHA-512 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sha512Digest(pub [u8; 64]);

crate::error::value_error!(
    /// Why a text is not a digest (wrong length, not hexadecimal, another
    /// algorithm).
    DigestError
);

macro_rules! hex_digest {
    ($ty:ident, $len:expr, $name:expr) => {
        impl $ty {
            /// Parses hex of the right length, in either case.
            pub fn from_hex(s: &str) -> std::result::Result<Self, DigestError> {
                let mut out = [0u8; $len];
                if s.len() != $len * 2 {
                    return Err(format!("{} digest must be {} hex digits, found {}", $name, $len * 2, s.len()).into());
                }
                let nibble = |b: u8| match b {
                    b'0'..=b'9' => Some(b - b'0'),
                    b'a'..=b'f' => Some(b - b'a' + 10),
                    b'A'..=b'F' => Some(b - b'A' + 10),
                    _ => None,
                };
                for (o, pair) in out.iter_mut().zip(s.as_bytes().chunks_exact(2)) {
                    *o = match *pair {
                        [hi, lo] if let (Some(hi), Some(lo)) = (nibble(hi), nibble(lo)) => hi << 4 | lo,
                        _ => return Err(format!("{} digest is not hexadecimal: {s:?}", $name).into()),
                    };
                }
                Ok($ty(out))
            }
            /// Lower-case hex.
            pub fn to_hex(&self) -> String {
                self.with_hex(str::to_owned)
            }
            /// Calls `f` with the lower-case hex, written on the stack (a
            /// log audit writes a million of them).
            fn with_hex<T>(&self, f: impl FnOnce(&str) -> T) -> T {
                let mut buf = [0u8; $len * 2];
                // Both cannot fail: the buffer is exactly twice the bytes,
                // and hex digits are ASCII.
                let text = hex::encode_to_slice(self.0, &mut buf).ok().and_then(|()| std::str::from_utf8(&buf).ok());
                f(text.unwrap_or_default())
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.with_hex(|h| f.write_str(h))
            }
        }
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.with_hex(|h| write!(f, "{}:{h}", $name))
            }
        }
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                self.with_hex(|h| s.serialize_str(h))
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $ty::from_hex(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

hex_digest!(Sha256Digest, 32, "sha256");
hex_digest!(Sha512Digest, 64, "sha512");

impl Sha256Digest {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Sha256Digest(Sha256::digest(bytes).into())
    }

    /// Parses `sha256:HEX` (the form of `--subject-digest` and `--digest`).
    pub fn from_prefixed(s: &str) -> std::result::Result<Self, DigestError> {
        match s.split_once(':') {
            Some((alg, hex)) if alg.eq_ignore_ascii_case("sha256") => Self::from_hex(hex),
            _ => Err(format!("expected sha256:<64 hex digits>, found {s:?}").into()),
        }
    }
}

impl Sha512Digest {
    /// The SHA-512 of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        let mut out = [0u8; 64];
        out.copy_from_slice(&Sha512::digest(bytes));
        Sha512Digest(out)
    }
}

/// An in-toto DigestSet as attest writes and compares it: SHA-256 always,
/// SHA-512 when known. Other algorithms a foreign statement carries are kept
/// in `other` (so nothing is silently dropped) but never used for a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestSet {
    /// SHA-256, required on every subject attest reads or writes.
    pub sha256: Sha256Digest,
    /// SHA-512 where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha512: Option<Sha512Digest>,
    /// Algorithms attest does not use, kept as found.
    #[serde(flatten)]
    pub other: std::collections::BTreeMap<String, String>,
}

impl DigestSet {
    /// A set holding only SHA-256.
    pub fn sha256(d: Sha256Digest) -> Self {
        DigestSet { sha256: d, sha512: None, other: Default::default() }
    }

    /// Whether every algorithm both sets carry agrees (docs/formats.md: an artefact
    /// matches a subject when every digest algorithm both carry agrees).
    /// SHA-256 is always common, so two sets never match on nothing.
    pub fn matches(&self, other: &DigestSet) -> bool {
        self.sha256 == other.sha256
            && match (&self.sha512, &other.sha512) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// Hashes of one file or stream, computed in a single pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileHashes {
    /// SHA-256 of the content.
    pub sha256: Sha256Digest,
    /// SHA-512 of the content, when asked for.
    pub sha512: Option<Sha512Digest>,
    /// Number of bytes hashed.
    pub size: u64,
}

impl FileHashes {
    /// As a DigestSet.
    pub fn digest_set(&self) -> DigestSet {
        DigestSet { sha256: self.sha256, sha512: self.sha512, other: Default::default() }
    }
}

/// Buffer size for streaming hashes: large enough that syscalls do not show
/// next to SHA-NI hashing speed, small enough for many parallel readers.
const HASH_BUF: usize = 256 << 10;

thread_local! {
    /// One read buffer per thread, reused from file to file: allocating and
    /// zeroing 256 KiB for each of 20,000 small files costs as much as
    /// hashing them.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Hashes everything `reader` yields, with SHA-512 too when `sha512` is set.
pub fn hash_reader(reader: impl Read, sha512: bool) -> std::io::Result<FileHashes> {
    BUFFER.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => {
            if buf.len() < HASH_BUF {
                buf.resize(HASH_BUF, 0);
            }
            hash_with(reader, sha512, &mut buf)
        }
        // Re-entered on this thread (cannot happen today): use a fresh buffer.
        Err(_) => hash_with(reader, sha512, &mut vec![0u8; HASH_BUF]),
    })
}

fn hash_with(mut reader: impl Read, sha512: bool, buf: &mut [u8]) -> std::io::Result<FileHashes> {
    let mut h256 = Sha256::new();
    let mut h512 = sha512.then(Sha512::new);
    let mut size = 0u64;
    loop {
        let n = match reader.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = buf.get(..n).unwrap_or_default();
        h256.update(chunk);
        if let Some(h) = h512.as_mut() {
            h.update(chunk);
        }
        size += n as u64;
    }
    let sha512 = h512.map(|h| {
        let mut out = [0u8; 64];
        out.copy_from_slice(&h.finalize());
        Sha512Digest(out)
    });
    Ok(FileHashes { sha256: Sha256Digest(h256.finalize().into()), sha512, size })
}

/// Hashes the file at `path`.
pub fn hash_file(path: &std::path::Path, sha512: bool) -> Result<FileHashes> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    hash_reader(file, sha512).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        assert_eq!(
            Sha256Digest::of(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let h = hash_reader(&b"abc"[..], true).unwrap();
        assert_eq!(h.sha256, Sha256Digest::of(b"abc"));
        assert_eq!(h.sha512.unwrap(), Sha512Digest::of(b"abc"));
        assert!(Sha512Digest::of(b"abc").to_hex().starts_with("ddaf35a193617aba"));
        assert_eq!(h.size, 3);
    }

    #[test]
    fn hex_is_case_insensitive_and_length_checked() {
        let lower = Sha256Digest::of(b"x").to_hex();
        let upper = lower.to_uppercase();
        assert_eq!(Sha256Digest::from_hex(&upper).unwrap(), Sha256Digest::from_hex(&lower).unwrap());
        assert!(Sha256Digest::from_hex(&lower[..62]).is_err());
        assert!(Sha256Digest::from_prefixed(&format!("SHA256:{upper}")).is_ok());
        assert!(Sha256Digest::from_prefixed(&lower).is_err());
    }

    #[test]
    fn digest_sets_match_on_common_algorithms() {
        let a = DigestSet::sha256(Sha256Digest::of(b"a"));
        let mut b = a.clone();
        b.sha512 = Some(Sha512Digest::of(b"a"));
        assert!(a.matches(&b));
        let mut c = b.clone();
        c.sha512 = Some(Sha512Digest::of(b"other"));
        assert!(!b.matches(&c));
        assert!(!a.matches(&DigestSet::sha256(Sha256Digest::of(b"b"))));
    }
}
