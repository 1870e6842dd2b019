//! The `c2sp.org/tlog-proof@v1` text: an offline inclusion proof — header,
//! optional `extra`, `index`, the audit path one base64 hash a line, a blank
//! line, then the checkpoint with its cosignatures (docs/transparency.md
//! "Proof").

use base64ct::{Base64, Encoding};

use crate::tlog::FormatError;
use crate::tlog::SignedCheckpoint;
use crate::tlog::merkle::{Hash, hash_from_base64};

/// The first line of a proof.
pub const PROOF_HEADER: &str = "c2sp.org/tlog-proof@v1";

/// Most hashes in an audit path: a tree of 2^63 leaves needs 63.
const MAX_PATH: usize = 64;

/// A parsed `tlog-proof@v1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlogProof {
    /// Opaque application data (never trusted: it is not signed).
    pub extra: Option<Vec<u8>>,
    /// The entry's index.
    pub index: u64,
    /// The audit path, sibling first.
    pub path: Vec<Hash>,
    /// The checkpoint the path leads to, as signed.
    pub checkpoint: SignedCheckpoint,
}

impl TlogProof {
    /// The proof text.
    pub fn to_text(&self) -> String {
        let mut out = format!("{PROOF_HEADER}\n");
        if let Some(e) = &self.extra {
            out.push_str(&format!("extra {}\n", Base64::encode_string(e)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.path {
            out.push_str(&Base64::encode_string(h));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint.to_text());
        out
    }

    /// Parses a proof strictly: every hash canonical base64 of 32 bytes, the
    /// index a canonical decimal, the checkpoint a well-formed signed note
    /// (its signatures are checked by the verifier, against its policy).
    pub fn parse(text: &str) -> Result<Self, FormatError> {
        let (head, cp) = ProofHead::split(text)?;
        let checkpoint = SignedCheckpoint::parse(cp.as_bytes()).map_err(|e| format!("checkpoint: {e}"))?;
        Ok(TlogProof { extra: head.extra, index: head.index, path: head.path, checkpoint })
    }
}

/// A proof's lines before its checkpoint, parsed: what is particular to the
/// entry it proves. Many proofs share one checkpoint, so a verifier that has
/// judged a checkpoint by its text need not parse it again.
pub(crate) struct ProofHead {
    pub(crate) extra: Option<Vec<u8>>,
    pub(crate) index: u64,
    pub(crate) path: Vec<Hash>,
}

impl ProofHead {
    /// The head of `text`, parsed strictly (as [`TlogProof::parse`]), and
    /// the checkpoint's text, not yet parsed.
    pub(crate) fn split(text: &str) -> Result<(Self, &str), FormatError> {
        let (head, cp) = text.split_once("\n\n").ok_or("no blank line before the checkpoint")?;
        let mut lines = head.split('\n');
        if lines.next() != Some(PROOF_HEADER) {
            return Err(format!("the first line is not {PROOF_HEADER}").into());
        }
        let mut line = lines.next();
        let mut extra = None;
        if let Some(e) = line.and_then(|l| l.strip_prefix("extra ")) {
            extra = Some(Base64::decode_vec(e).map_err(|_| "the extra line is not base64")?);
            line = lines.next();
        }
        let index = line.and_then(|l| l.strip_prefix("index ")).ok_or("no index line")?;
        let n = canonical_decimal(index).ok_or_else(|| format!("index {index:?} is not a canonical decimal number"))?;
        let mut path = Vec::new();
        for l in lines {
            let h = hash_from_base64(l)
                .ok_or_else(|| format!("hash line {l:?} is not the canonical base64 of 32 bytes"))?;
            path.push(h);
            if path.len() > MAX_PATH {
                return Err(format!("more than {MAX_PATH} hashes").into());
            }
        }
        Ok((ProofHead { extra, index: n, path }, cp))
    }
}

/// A decimal number as the spec writes it: digits only, no sign, no
/// leading zero (but `0` itself), within `u64`.
pub(crate) fn canonical_decimal(text: &str) -> Option<u64> {
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    (digits && !text.is_empty() && (text == "0" || !text.starts_with('0'))).then(|| text.parse().ok()).flatten()
}
