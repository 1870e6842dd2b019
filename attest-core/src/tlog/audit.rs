//! `log audit`: every entry bundle re-read, every hash tile and the root
//! recomputed, the checkpoint's signatures and its consistency with an
//! older checkpoint checked (docs/transparency.md "Audit", docs/threat-model.md T36).
//! A mismatch is a refusal naming the tile.

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::tlog::LogEntry;
use crate::tlog::SignedCheckpoint;
use crate::tlog::log::open_checkpoint;
use crate::tlog::merkle::{self, Hash, SubtreeSource, perfect_hash};
use crate::tlog::note::NoteKey;
use crate::tlog::tiles::{
    TILE_HEIGHT, TILE_WIDTH, TileLevel, level_count, read_entry_bundle, read_hash_tile, tile_path, tile_width,
};

/// One audited entry.
#[derive(Debug, Clone)]
pub struct AuditedEntry {
    /// Its index.
    pub index: u64,
    /// The entry, or why it is not an `attest-log-entry/v1` (with its size).
    pub entry: std::result::Result<LogEntry, (String, usize)>,
}

/// What an audit found: all of it consistent, or an error was returned.
#[derive(Debug)]
pub struct Audited {
    /// The checkpoint audited.
    pub checkpoint: SignedCheckpoint,
    /// The witnesses that cosigned it, with their times.
    pub witnesses: Vec<(String, u64)>,
    /// Hash tiles compared.
    pub tiles: u64,
    /// Every entry, in order.
    pub entries: Vec<AuditedEntry>,
    /// The older checkpoint shown to be a prefix (`--since`).
    pub since: Option<SignedCheckpoint>,
}

/// The hash rows of tile levels 0, 1, …: `rows[l]` holds tree level 8·l.
struct Rows(Vec<Vec<Hash>>);

impl SubtreeSource for Rows {
    fn subtree(&mut self, level: u32, index: u64) -> Result<Hash> {
        let (l, r) = (level / TILE_HEIGHT, level % TILE_HEIGHT);
        let first = (index << r) as usize;
        self.0
            .get(l as usize)
            .and_then(|row| row.get(first..first + (1usize << r)))
            .and_then(perfect_hash)
            .ok_or_else(|| Error::Refused(format!("no subtree at level {level} index {index}")))
    }
}

/// Audits the log in `dir` under the log key `log`: every one of
/// `witnesses` must have cosigned its checkpoint, and `since` (a checkpoint
/// of the same log) must be a prefix of it.
pub fn audit(dir: &Path, log: &NoteKey, witnesses: &[NoteKey], since: Option<&[u8]>) -> Result<Audited> {
    let cp = open_checkpoint(dir, log)?;
    let (ok, bad) = cp.cosigners(witnesses);
    if let Some(w) = bad.first() {
        return Err(Error::Refused(format!(
            "{}: the cosignature by {} does not verify",
            dir.join("checkpoint").display(),
            w.name()
        )));
    }
    if let Some(w) = witnesses.iter().find(|w| !ok.iter().any(|(k, _)| k == w)) {
        return Err(Error::Refused(format!(
            "{}: not cosigned by the witness {}",
            dir.join("checkpoint").display(),
            w.name()
        )));
    }
    let size = cp.checkpoint.size;
    // Entries, bundle by bundle, in parallel: hashed and parsed, then
    // dropped (a million entries are never held as bytes).
    let bundles: Vec<(Vec<Hash>, Vec<AuditedEntry>)> = (0..size.div_ceil(TILE_WIDTH))
        .into_par_iter()
        .map(|t| {
            let raw = read_entry_bundle(dir, t, tile_width(size, t))?;
            let leaves = raw.iter().map(|e| merkle::leaf_hash(e)).collect();
            let parsed = raw
                .iter()
                .enumerate()
                .map(|(j, e)| AuditedEntry {
                    index: t * TILE_WIDTH + j as u64,
                    entry: LogEntry::parse(e).map_err(|why| (why.into(), e.len())),
                })
                .collect();
            Ok((leaves, parsed))
        })
        .collect::<Result<_>>()?;
    let leaves: Vec<Hash> = bundles.iter().flat_map(|(l, _)| l.iter().copied()).collect();
    // Every hash tile of every level, recomputed and compared.
    let mut rows = vec![leaves];
    let mut tiles = 0;
    for l in 0u32.. {
        let count = level_count(size, l);
        if count == 0 {
            break;
        }
        let row = rows.last().map_or(&[][..], |r| r.as_slice());
        let bad: Option<String> = (0..count.div_ceil(TILE_WIDTH)).into_par_iter().find_map_first(|t| {
            let w = tile_width(count, t);
            let want = row.get((t * TILE_WIDTH) as usize..(t * TILE_WIDTH + w) as usize).unwrap_or_default();
            match read_hash_tile(dir, l, t, w) {
                Err(e) => Some(e.to_string()),
                Ok(got) => got.iter().zip(want).position(|(g, w)| g != w).map(|i| {
                    let what = if l == 0 { "the leaf hash of entry" } else { "the hash of the subtree from entry" };
                    let first = (t * TILE_WIDTH + i as u64) << (TILE_HEIGHT * l);
                    format!(
                        "{}: hash {i} is not {what} {first} in the entry bundles",
                        dir.join(tile_path(TileLevel::Hashes(l), t, w)).display()
                    )
                }),
            }
        });
        if let Some(msg) = bad {
            return Err(Error::Refused(msg));
        }
        tiles += count.div_ceil(TILE_WIDTH);
        let up: Vec<Hash> = row.par_chunks_exact(TILE_WIDTH as usize).filter_map(perfect_hash).collect();
        rows.push(up);
    }
    let mut rows = Rows(rows);
    let root = merkle::tree_hash(&mut rows, size)?;
    if root != cp.checkpoint.root {
        return Err(Error::Refused(format!(
            "{}: the entries hash to another root than the checkpoint's",
            dir.display()
        )));
    }
    let since = match since {
        None => None,
        Some(bytes) => {
            let old = SignedCheckpoint::open(bytes, log).map_err(|e| Error::Refused(format!("--since: {e}")))?;
            let o = &old.checkpoint;
            if o.size > size || merkle::tree_hash(&mut rows, o.size)? != o.root {
                return Err(Error::Refused(format!(
                    "--since: the checkpoint of size {} is not a prefix of this log (size {size}): a split view",
                    o.size
                )));
            }
            Some(old)
        }
    };
    let entries = bundles.into_iter().flat_map(|(_, parsed)| parsed).collect();
    let witnesses = ok.into_iter().map(|(k, t)| (k.name().to_owned(), t)).collect();
    Ok(Audited { checkpoint: cp, witnesses, tiles, entries, since })
}
