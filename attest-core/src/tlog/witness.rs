//! A witness (docs/transparency.md "Witness", docs/threat-model.md T35): it cosigns a
//! log's checkpoint only after proving, from the log's own tiles, that the
//! tree extends the last one it cosigned for that origin. It never cosigns
//! two roots for one size, nor a smaller tree; faced with either it refuses
//! and keeps both signed checkpoints as evidence of the split view.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsio::{Overwrite, read_bounded, write_atomic};
use crate::signer::Signer;
use crate::tlog::SignedCheckpoint;
use crate::tlog::log::open_checkpoint;
use crate::tlog::merkle;
use crate::tlog::note::{MAX_NOTE_BYTES, NoteKey, SigLine, cosignature};
use crate::tlog::tiles::TileStore;

/// What a witness is asked to do.
pub struct WitnessRequest<'a> {
    /// The log directory.
    pub dir: &'a Path,
    /// The witness's key.
    pub key: &'a dyn Signer,
    /// Its cosigner name.
    pub name: &'a str,
    /// The log's verifier key.
    pub log: &'a NoteKey,
    /// Where the witness keeps the last checkpoint it cosigned per origin.
    pub state: &'a Path,
    /// The cosignature time (Unix seconds).
    pub time: u64,
}

/// The outcome.
#[derive(Debug)]
pub enum Witnessed {
    /// Consistent: the cosignature line, and the size before (if any).
    Cosigned {
        /// The line to hand to the log.
        line: SigLine,
        /// The checkpoint cosigned.
        checkpoint: SignedCheckpoint,
        /// The size last cosigned before, if any.
        previous: Option<u64>,
    },
    /// Refused: not an extension of what was cosigned before.
    SplitView {
        /// Why.
        reason: String,
        /// The checkpoint cosigned before.
        cosigned: PathBuf,
        /// The checkpoint presented now.
        presented: PathBuf,
    },
}

/// The state file of one origin: named by the SHA-256 of the origin, so any
/// origin maps to a safe file name.
fn state_file(state: &Path, origin: &str) -> PathBuf {
    state.join("witness").join(format!("{}.checkpoint", crate::digest::Sha256Digest::of(origin.as_bytes())))
}

/// Checks the log in `req.dir` and cosigns its checkpoint, or refuses.
pub fn witness(req: &WitnessRequest<'_>) -> Result<Witnessed> {
    let cp = open_checkpoint(req.dir, req.log)?;
    let file = state_file(req.state, req.log.name());
    let previous = match std::fs::metadata(&file) {
        Ok(_) => {
            let bytes = read_bounded(&file, MAX_NOTE_BYTES as u64, "witness state")?;
            Some(SignedCheckpoint::open(&bytes, req.log).map_err(|e| Error::malformed(file.display().to_string(), e))?)
        }
        Err(_) => None,
    };
    if let Some(prev) = &previous
        && let Some(reason) = not_an_extension(req.dir, prev, &cp)
    {
        let dir = req.state.join("witness").join(format!("split-view-{}-{}", req.time, prev.checkpoint.size));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let (cosigned, presented) = (dir.join("cosigned.checkpoint"), dir.join("presented.checkpoint"));
        write_atomic(&cosigned, prev.to_text().as_bytes(), Overwrite::Replace, None)?;
        write_atomic(&presented, cp.to_text().as_bytes(), Overwrite::Replace, None)?;
        return Ok(Witnessed::SplitView { reason, cosigned, presented });
    }
    let line = cosignature(req.key, req.name, &cp.note.text, req.time).map_err(Error::usage)?;
    let parent = file.parent().unwrap_or(req.state);
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    write_atomic(&file, cp.to_text().as_bytes(), Overwrite::Replace, None)?;
    Ok(Witnessed::Cosigned { line, checkpoint: cp, previous: previous.map(|p| p.checkpoint.size) })
}

/// Why `cp` does not extend `prev`, or `None` when it does.
fn not_an_extension(dir: &Path, prev: &SignedCheckpoint, cp: &SignedCheckpoint) -> Option<String> {
    let (p, c) = (&prev.checkpoint, &cp.checkpoint);
    if c.size < p.size {
        return Some(format!("the log shows size {} after size {} was cosigned: a smaller tree", c.size, p.size));
    }
    if c.size == p.size {
        return (c.root != p.root).then(|| format!("two different roots for size {}", c.size));
    }
    let proof = match merkle::consistency_proof(&mut TileStore::new(dir, c.size), p.size, c.size) {
        Ok(p) => p,
        Err(e) => return Some(format!("no consistency proof from size {} to {} in the tiles: {e}", p.size, c.size)),
    };
    (!merkle::verify_consistency(p.size, c.size, &p.root, &c.root, &proof))
        .then(|| format!("the tree of size {} does not extend the cosigned tree of size {}", c.size, p.size))
}
