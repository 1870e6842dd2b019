//! Signed notes (`c2sp.org/signed-note`), their Ed25519 verifier keys, log
//! signatures (type 0x01) and witness cosignatures (`c2sp.org/tlog-cosignature`,
//! `cosignature/v1`, type 0x04) — docs/transparency.md "Signed notes".
//!
//! A note is UTF-8 text ending in a newline, a blank line, then one line per
//! signature: `— <name> <base64(key ID ‖ signature)>`. The key ID is the
//! first four bytes of SHA-256(name ‖ "\n" ‖ type ‖ public key), so a line
//! names the key it claims; lines of keys a verifier does not know are
//! ignored, as the spec requires.

use base64ct::{Base64, Encoding};
use sha2::{Digest as _, Sha256};

use crate::keys::PublicKey;
use crate::signer::Signer;
use crate::tlog::FormatError;

/// Signature type of an Ed25519 note signature (the log's checkpoint).
pub const ALG_ED25519: u8 = 0x01;
/// Signature type of an Ed25519 `cosignature/v1` (a witness).
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

/// Most signature lines read from one note (as Go's `sumdb/note`).
pub const MAX_SIGNATURES: usize = 100;
/// Largest note read: a checkpoint with a hundred cosignatures is ~15 KiB.
pub const MAX_NOTE_BYTES: usize = 1 << 20;

/// The prefix of a signature line: an em dash and a space.
const SIG_PREFIX: &str = "\u{2014} ";

/// Whether `name` is a valid key name: non-empty, no Unicode space, no `+`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

/// The 4-byte key ID of a key: SHA-256(name ‖ "\n" ‖ type ‖ key)[:4].
fn key_id(name: &str, alg: u8, key: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([alg]);
    h.update(key);
    let d: [u8; 32] = h.finalize().into();
    let (id, _) = d.split_first_chunk::<4>().map_or(([0; 4], &[][..]), |(a, b)| (*a, b));
    u32::from_be_bytes(id)
}

/// A named Ed25519 verifier key of one signature type: a log's key (0x01)
/// or a witness's (0x04).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteKey {
    name: String,
    alg: u8,
    key: PublicKey,
    id: u32,
}

impl NoteKey {
    /// The key `key` under `name`, for signatures of type `alg`.
    pub fn new(name: &str, alg: u8, key: PublicKey) -> Result<Self, FormatError> {
        if !valid_name(name) {
            return Err(format!("key name {name:?} must be non-empty, without spaces or '+'").into());
        }
        if alg != ALG_ED25519 && alg != ALG_COSIGNATURE_V1 {
            return Err(format!("signature type {alg:#04x} is not Ed25519 (0x01) nor cosignature/v1 (0x04)").into());
        }
        let id = key_id(name, alg, key.raw());
        Ok(NoteKey { name: name.to_owned(), alg, key, id })
    }

    /// Parses a verifier key `name+hex8+base64(type ‖ key)`, checking that
    /// the hex key ID is the one the name and key give.
    pub fn parse(vkey: &str) -> Result<Self, FormatError> {
        let bad = |why: &str| format!("verifier key {vkey:?}: {why} (expected name+hex8+base64(type||key))");
        let mut parts = vkey.trim().splitn(3, '+');
        let (Some(name), Some(hex8), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad("not three '+'-separated parts").into());
        };
        if hex8.len() != 8 {
            return Err(bad("the key ID is not 8 hex digits").into());
        }
        let id = u32::from_str_radix(hex8, 16).map_err(|_| bad("the key ID is not hexadecimal"))?;
        let raw = Base64::decode_vec(b64).map_err(|_| bad("the key is not base64"))?;
        let (alg, key): (u8, [u8; 32]) = match raw.split_first() {
            Some((&alg, key)) => (alg, key.try_into().map_err(|_| bad("the key is not 32 bytes"))?),
            None => return Err(bad("the key is empty").into()),
        };
        let key = PublicKey::from_raw(&key).map_err(|e| bad(&e.to_string()))?;
        let k = NoteKey::new(name, alg, key).map_err(|e| bad(&e.to_string()))?;
        if k.id != id {
            return Err(bad("the key ID does not match the name and key").into());
        }
        Ok(k)
    }

    /// The verifier key string.
    pub fn vkey(&self) -> String {
        let mut raw = Vec::with_capacity(33);
        raw.push(self.alg);
        raw.extend_from_slice(self.key.raw());
        format!("{}+{:08x}+{}", self.name, self.id, Base64::encode_string(&raw))
    }

    /// The key's name (a log's origin, a witness's cosigner name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signature type.
    pub fn alg(&self) -> u8 {
        self.alg
    }

    /// The public key.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    /// The 4-byte key ID.
    pub fn id(&self) -> u32 {
        self.id
    }
}

/// One signature line of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigLine {
    /// The key name the line claims.
    pub name: String,
    /// The key ID the line claims.
    pub key_id: u32,
    /// The signature bytes after the key ID.
    pub sig: Vec<u8>,
}

impl SigLine {
    /// The line as written, newline included.
    pub fn to_line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.sig);
        format!("{SIG_PREFIX}{} {}\n", self.name, Base64::encode_string(&raw))
    }

    /// Parses one line (without its newline).
    pub fn parse(line: &str) -> Result<Self, FormatError> {
        let rest = line.strip_prefix(SIG_PREFIX).ok_or("a signature line must start with \"\u{2014} \"")?;
        let (name, b64) = rest.split_once(' ').ok_or("a signature line is \"\u{2014} name base64\"")?;
        let raw = Base64::decode_vec(b64).map_err(|_| format!("the signature of {name:?} is not base64"))?;
        if !valid_name(name) || raw.len() < 5 {
            return Err(format!("malformed signature line for {name:?}").into());
        }
        let (id, sig) = raw.split_at(4);
        let key_id = u32::from_be_bytes(id.try_into().map_err(|_| "short key ID")?);
        Ok(SigLine { name: name.to_owned(), key_id, sig: sig.to_vec() })
    }

    /// Whether this line claims `key` (name and key ID).
    pub fn claims(&self, key: &NoteKey) -> bool {
        self.name == key.name && self.key_id == key.id
    }
}

/// A signed note: its text and its signature lines, none verified yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The text, ending in a newline.
    pub text: String,
    /// The signature lines, in order.
    pub sigs: Vec<SigLine>,
}

impl Note {
    /// Parses a note: valid UTF-8 without control characters other than
    /// newline, the text, a blank line, at least one signature line.
    pub fn parse(msg: &[u8]) -> Result<Self, FormatError> {
        if msg.len() > MAX_NOTE_BYTES {
            return Err(format!("{} bytes is over the {MAX_NOTE_BYTES}-byte limit for a signed note", msg.len()).into());
        }
        let s = std::str::from_utf8(msg).map_err(|_| "not UTF-8")?;
        if s.chars().any(|c| c.is_control() && c != '\n') {
            return Err("contains a control character other than newline".into());
        }
        let split = s.rfind("\n\n").ok_or("no blank line between the text and the signatures")?;
        let (text, sigs) = (s.get(..=split).unwrap_or_default(), s.get(split + 2..).unwrap_or_default());
        if sigs.is_empty() || !sigs.ends_with('\n') {
            return Err("no signature lines, or the last one does not end in a newline".into());
        }
        let lines: Vec<&str> = sigs.trim_end_matches('\n').split('\n').collect();
        if lines.len() > MAX_SIGNATURES {
            return Err(format!("more than {MAX_SIGNATURES} signature lines").into());
        }
        let sigs = lines.into_iter().map(SigLine::parse).collect::<Result<Vec<_>, _>>()?;
        Ok(Note { text: text.to_owned(), sigs })
    }

    /// The note as written.
    pub fn to_text(&self) -> String {
        let mut out = self.text.clone();
        out.push('\n');
        for s in &self.sigs {
            out.push_str(&s.to_line());
        }
        out
    }

    /// Whether a line by `key` (type 0x01) verifies over the text, and no
    /// line claiming it fails to.
    pub fn verified_by(&self, key: &NoteKey) -> bool {
        let mut any = false;
        for s in self.sigs.iter().filter(|s| s.claims(key)) {
            if key.alg != ALG_ED25519 || !verify(&key.key, self.text.as_bytes(), &s.sig) {
                return false;
            }
            any = true;
        }
        any
    }

    /// The witness `key`'s cosignature over the text: the earliest time of
    /// its verifying lines, [`Cosigned::Absent`] without a line, or
    /// [`Cosigned::Invalid`] when a line claiming it does not verify.
    pub fn cosigned_by(&self, key: &NoteKey) -> Cosigned {
        let mut best: Option<u64> = None;
        for s in self.sigs.iter().filter(|s| s.claims(key)) {
            let Some((t, sig)) = s.sig.split_first_chunk::<8>() else { return Cosigned::Invalid };
            let t = u64::from_be_bytes(*t);
            let msg = cosignature_message(t, &self.text);
            if key.alg != ALG_COSIGNATURE_V1 || t > i64::MAX as u64 || !verify(&key.key, msg.as_bytes(), sig) {
                return Cosigned::Invalid;
            }
            best = Some(best.map_or(t, |b| b.min(t)));
        }
        best.map_or(Cosigned::Absent, Cosigned::At)
    }
}

/// What a note says of one witness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cosigned {
    /// Cosigned at this Unix time (the earliest of its lines).
    At(u64),
    /// No line by this witness.
    Absent,
    /// A line claims this witness but does not verify.
    Invalid,
}

/// Strict Ed25519 verification, remembered: a batch of 10,000 bundles
/// carries the same cosigned checkpoint 10,000 times, and its three
/// signatures need checking once. Only successes are kept, by the SHA-256
/// of key, signature and message, which is all the outcome depends on.
fn verify(key: &PublicKey, msg: &[u8], sig: &[u8]) -> bool {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    /// Bound on the memory held: beyond it the set starts again.
    const MAX_REMEMBERED: usize = 4096;
    static VERIFIED: OnceLock<Mutex<HashSet<[u8; 32]>>> = OnceLock::new();
    let Ok(bytes) = <[u8; 64]>::try_from(sig) else { return false };
    let mut h = Sha256::new();
    h.update(key.raw());
    h.update(bytes);
    h.update(msg);
    let id: [u8; 32] = h.finalize().into();
    let seen = VERIFIED.get_or_init(Default::default);
    if seen.lock().is_ok_and(|s| s.contains(&id)) {
        return true;
    }
    let ok = key.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&bytes));
    if ok && let Ok(mut s) = seen.lock() {
        if s.len() >= MAX_REMEMBERED {
            s.clear();
        }
        s.insert(id);
    }
    ok
}

/// What a `cosignature/v1` signs: `cosignature/v1\ntime <T>\n` and the
/// checkpoint text.
fn cosignature_message(time: u64, text: &str) -> String {
    format!("cosignature/v1\ntime {time}\n{text}")
}

/// Ed25519 over `msg` with `key`: the one place the log and its witnesses
/// sign, so that another signer (a token) replaces it alone.
fn sign(key: &dyn Signer, msg: &[u8]) -> Result<Vec<u8>, String> {
    key.sign(msg).map(|s| s.to_bytes().to_vec()).map_err(|e| e.to_string())
}

/// A log's signature line over `text` (type 0x01) under `name`.
pub fn log_signature(key: &dyn Signer, name: &str, text: &str) -> Result<SigLine, FormatError> {
    let nk = NoteKey::new(name, ALG_ED25519, key.public().clone())?;
    Ok(SigLine { name: nk.name, key_id: nk.id, sig: sign(key, text.as_bytes())? })
}

/// A witness's `cosignature/v1` line over `text` at Unix time `time`.
pub fn cosignature(key: &dyn Signer, name: &str, text: &str, time: u64) -> Result<SigLine, FormatError> {
    let nk = NoteKey::new(name, ALG_COSIGNATURE_V1, key.public().clone())?;
    let mut sig = time.to_be_bytes().to_vec();
    sig.extend(sign(key, cosignature_message(time, text).as_bytes())?);
    Ok(SigLine { name: nk.name, key_id: nk.id, sig })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::unit::key;

    #[test]
    fn vkeys_round_trip_and_their_key_ids_are_checked() {
        let k = NoteKey::new("example.com/log", ALG_ED25519, key(1).public().clone()).unwrap();
        let v = k.vkey();
        assert_eq!(NoteKey::parse(&v).unwrap(), k);
        // Go's sumdb/note example key: name+hex8+base64.
        let go = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        assert_eq!(NoteKey::parse(go).unwrap().vkey(), go);
        let wrong_id = v.replacen(&format!("{:08x}", k.id()), "00000000", 1);
        assert!(NoteKey::parse(&wrong_id).unwrap_err().to_string().contains("key ID does not match"));
        assert!(NoteKey::parse("a b+00000000+AQ==").is_err());
    }

    #[test]
    fn go_sumdb_note_example_verifies() {
        // From golang.org/x/mod/sumdb/note's documentation.
        let vkey = NoteKey::parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").unwrap();
        let msg = "If you think cryptography is the answer to your problem,\n\
                   then you don't know what your problem is.\n\
                   \n\
                   \u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
        let note = Note::parse(msg.as_bytes()).unwrap();
        assert!(note.verified_by(&vkey));
        assert_eq!(note.to_text(), msg);
        let tampered = msg.replace("answer", "Answer");
        assert!(!Note::parse(tampered.as_bytes()).unwrap().verified_by(&vkey));
    }

    #[test]
    fn cosignatures_verify_only_over_their_time_and_text() {
        let text = "example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
        let w = NoteKey::new("witness.example", ALG_COSIGNATURE_V1, key(2).public().clone()).unwrap();
        let line = cosignature(&key(2), "witness.example", text, 1_700_000_000).unwrap();
        let log = log_signature(&key(1), "example.com/log", text).unwrap();
        let note = Note { text: text.into(), sigs: vec![log, line.clone()] };
        let back = Note::parse(note.to_text().as_bytes()).unwrap();
        assert_eq!(back.cosigned_by(&w), Cosigned::At(1_700_000_000));
        let mut later = line;
        if let Some(b) = later.sig.get_mut(7) {
            *b ^= 1;
        }
        let forged = Note { text: text.into(), sigs: vec![later] };
        assert_eq!(forged.cosigned_by(&w), Cosigned::Invalid);
        let other = NoteKey::new("witness.example", ALG_COSIGNATURE_V1, key(3).public().clone()).unwrap();
        assert_eq!(back.cosigned_by(&other), Cosigned::Absent);
    }

    #[test]
    fn malformed_notes_are_refused() {
        for bad in [
            "no signatures\n".to_owned(),
            "text\n\n\u{2014} name\n".to_owned(),
            "text\n\n- name AAAAAAA=\n".to_owned(),
            "te\u{7}xt\n\n\u{2014} n AAAAAAA=\n".to_owned(),
            "text\n\n\u{2014} n AAAAAAA=".to_owned(),
        ] {
            assert!(Note::parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }
}
