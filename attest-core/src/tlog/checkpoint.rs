//! Checkpoints (`c2sp.org/tlog-checkpoint`): the signed note whose text is
//! `<origin>\n<size>\n<base64 root>\n`, optionally followed by extension
//! lines — docs/transparency.md "Checkpoint".

use base64ct::{Base64, Encoding};

use crate::tlog::FormatError;
use crate::tlog::merkle::{Hash, empty_root, hash_from_base64};
use crate::tlog::note::{Cosigned, Note, NoteKey};
use crate::tlog::proof::canonical_decimal;

/// A checkpoint's text, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's origin line (equal to its key's name).
    pub origin: String,
    /// The tree size.
    pub size: u64,
    /// The tree hash.
    pub root: Hash,
    /// Extension lines, kept and signed as they are.
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// The note text.
    pub fn text(&self) -> String {
        let mut t = format!("{}\n{}\n{}\n", self.origin, self.size, Base64::encode_string(&self.root));
        for e in &self.extensions {
            t.push_str(e);
            t.push('\n');
        }
        t
    }

    /// Parses a note text: origin, canonical decimal size, canonical base64
    /// 32-byte root, non-empty extension lines; size 0 only with the empty
    /// tree's hash.
    pub fn parse(text: &str) -> Result<Self, FormatError> {
        let body = text.strip_suffix('\n').ok_or("the checkpoint text does not end in a newline")?;
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next()) else {
            return Err("a checkpoint needs an origin, a size and a root hash line".into());
        };
        let extensions: Vec<String> = lines.map(str::to_owned).collect();
        if origin.is_empty() || extensions.iter().any(String::is_empty) {
            return Err("a checkpoint line is empty".into());
        }
        let n = canonical_decimal(size)
            .filter(|&n| n <= i64::MAX as u64)
            .ok_or_else(|| format!("size {size:?} is not a canonical decimal number"))?;
        let root_hash =
            hash_from_base64(root).ok_or_else(|| format!("root {root:?} is not the canonical base64 of 32 bytes"))?;
        if n == 0 && root_hash != empty_root() {
            return Err("an empty tree's root must be SHA-256(\"\")".into());
        }
        Ok(Checkpoint { origin: origin.to_owned(), size: n, root: root_hash, extensions })
    }
}

/// A checkpoint with its signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// The parsed text.
    pub checkpoint: Checkpoint,
    /// The note (text and every signature line).
    pub note: Note,
}

impl SignedCheckpoint {
    /// Parses a signed checkpoint without verifying any signature.
    pub fn parse(msg: &[u8]) -> Result<Self, FormatError> {
        let note = Note::parse(msg)?;
        let checkpoint = Checkpoint::parse(&note.text)?;
        Ok(SignedCheckpoint { checkpoint, note })
    }

    /// Parses and checks the log's signature and that the origin is the
    /// log key's name.
    pub fn open(msg: &[u8], log: &NoteKey) -> Result<Self, FormatError> {
        let cp = Self::parse(msg)?;
        if cp.checkpoint.origin != log.name() {
            return Err(format!(
                "the checkpoint's origin is {:?}, the log key's is {:?}",
                cp.checkpoint.origin,
                log.name()
            )
            .into());
        }
        if !cp.note.verified_by(log) {
            return Err(format!("the checkpoint carries no valid signature by the log key {}", log.vkey()).into());
        }
        Ok(cp)
    }

    /// The note as written.
    pub fn to_text(&self) -> String {
        self.note.to_text()
    }

    /// Which of `witnesses` cosigned it, each once, with the earliest time
    /// of its lines; a witness whose line does not verify is reported in
    /// the second list.
    pub fn cosigners<'a>(&self, witnesses: &'a [NoteKey]) -> (Vec<(&'a NoteKey, u64)>, Vec<&'a NoteKey>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        for w in witnesses {
            match self.note.cosigned_by(w) {
                Cosigned::At(t) => ok.push((w, t)),
                Cosigned::Invalid => bad.push(w),
                Cosigned::Absent => {}
            }
        }
        (ok, bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_non_canonical_forms_are_refused() {
        let cp =
            Checkpoint { origin: "example.com/log".into(), size: 7, root: [3; 32], extensions: vec!["ext".into()] };
        assert_eq!(Checkpoint::parse(&cp.text()).unwrap(), cp);
        let root = Base64::encode_string(&[3u8; 32]);
        for bad in [
            format!("o\n07\n{root}\n"),
            format!("o\n-1\n{root}\n"),
            format!("o\n7\n{root}"),
            format!("o\n7\n{root}\n\n"),
            "o\n7\nAAAA\n".to_owned(),
            format!("o\n0\n{root}\n"),
            format!("\n7\n{root}\n"),
            format!("o\n+7\n{root}\n"),
            format!("o\n 7\n{root}\n"),
            format!("o\n\n{root}\n"),
            format!("o\n9223372036854775808\n{root}\n"),
            // The last character's unused bits set: decodes, but not canonical.
            format!("o\n7\n{}\n", root.replacen("M=", "N=", 1)),
            format!("o\n7\n{}\n", root.trim_end_matches('=')),
            format!("o\n7\n{}\n", Base64::encode_string(&[3u8; 33])),
        ] {
            assert!(Checkpoint::parse(&bad).is_err(), "{bad:?}");
        }
    }
}
