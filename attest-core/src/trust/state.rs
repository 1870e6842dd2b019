//! The rollback-protection state: per trusted list, the newest version
//! verified so far (the whole envelope), so that an older or forked version
//! offered later is recognised as such (docs/threat-model.md T5, T23).
//!
//! Records are keyed by a digest of the list's name, jurisdiction and the
//! fingerprint of the governance it was first trusted under, never by a raw
//! name: no list can choose where it is written, and no list can overwrite
//! another anchor's record.

use std::path::{Path, PathBuf};

use crate::digest::Sha256Digest;
use crate::dsse::Envelope;
use crate::error::{Error, Result};
use crate::fsio::{Overwrite, read_bounded, write_atomic};
use crate::json::to_vec_pretty;
use crate::limits::MAX_TRUST_LIST_BYTES;
use crate::trust::SignedList;

/// What a state record holds, next to the list a caller already has.
#[derive(Debug)]
pub enum Recorded {
    /// The very envelope the caller holds.
    Known,
    /// Another version (or another copy, signed differently).
    Other(Box<SignedList>),
}

/// A state directory.
#[derive(Clone, Debug)]
pub struct StateDir {
    root: PathBuf,
}

/// Which record a list belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordKey(Sha256Digest);

impl RecordKey {
    /// The key of a list identity: name, jurisdiction and the fingerprint of
    /// the governance it was first trusted under.
    pub fn new(name: &str, jurisdiction: &str, governance_fingerprint: &Sha256Digest) -> Self {
        let mut text = Vec::new();
        for part in ["attest-state-v1", name, jurisdiction, &governance_fingerprint.to_hex()] {
            text.extend_from_slice(part.as_bytes());
            text.push(0);
        }
        RecordKey(Sha256Digest::of(&text))
    }
}

impl StateDir {
    /// The state at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        StateDir { root: root.into() }
    }

    /// The platform's default: `$XDG_STATE_HOME/attest`, else
    /// `~/.local/state/attest`.
    pub fn default_location() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(d).join("attest"));
        }
        std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| Path::new(&h).join(".local/state/attest"))
    }

    fn path(&self, key: &RecordKey) -> PathBuf {
        self.root.join("trust").join(format!("{}.json", key.0.to_hex()))
    }

    /// The newest version recorded for `key`, compared with `known` (the
    /// list the caller already holds, usually the same one): an identical
    /// envelope is not parsed and checked a second time. A record that
    /// cannot be read or parsed is an error: state is never silently
    /// discarded, since that would re-open rollback.
    pub fn load(&self, key: &RecordKey, known: Option<&SignedList>) -> Result<Option<Recorded>> {
        let path = self.path(key);
        if !path.exists() {
            return Ok(None);
        }
        let doc = path.display().to_string();
        let envelope = Envelope::from_json(&read_bounded(&path, MAX_TRUST_LIST_BYTES, "state record")?, &doc)?;
        if known.is_some_and(|k| k.envelope == envelope) {
            return Ok(Some(Recorded::Known));
        }
        SignedList::from_envelope(envelope, &doc).map(|l| Some(Recorded::Other(Box::new(l))))
    }

    /// Records `list` as the newest version for `key` (atomically).
    pub fn store(&self, key: &RecordKey, list: &SignedList) -> Result<()> {
        let path = self.path(key);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        write_atomic(&path, &to_vec_pretty(&list.envelope.to_json())?, Overwrite::Replace, None)
    }
}
