//! A log directory: create, append (atomically), prove, collect
//! cosignatures — docs/transparency.md "Operations".
//!
//! An append writes the new entry bundles and hash tiles first and the new
//! checkpoint last, by rename. The previous checkpoint names only tiles of
//! its own widths, which an append never changes (it writes tiles of new
//! widths, or full tiles whose first hashes are the old partial ones), so a
//! crash at any point leaves the previous checkpoint valid and its tiles
//! intact. A lock file keeps two appends from interleaving.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fsio::{Overwrite, write_atomic};
use crate::signer::Signer;
use crate::tlog::checkpoint::{Checkpoint, SignedCheckpoint};
use crate::tlog::merkle::{self, Hash, perfect_hash};
use crate::tlog::note::{ALG_ED25519, MAX_NOTE_BYTES, Note, NoteKey, SigLine, log_signature};
use crate::tlog::proof::TlogProof;
use crate::tlog::tiles::{
    TILE_WIDTH, TileLevel, TileStore, encode_bundle, level_count, read_entry_bundle, read_hash_tile, tile_path,
};

/// The checkpoint's file name in a log directory.
pub const CHECKPOINT: &str = "checkpoint";
const LOCK: &str = ".attest-log.lock";

fn refused(msg: String) -> Error {
    Error::Refused(msg)
}

/// The checkpoint file of `dir`, parsed (no signature checked).
pub fn read_checkpoint(dir: &Path) -> Result<SignedCheckpoint> {
    let path = dir.join(CHECKPOINT);
    let bytes = crate::fsio::read_bounded(&path, MAX_NOTE_BYTES as u64, "checkpoint")?;
    SignedCheckpoint::parse(&bytes).map_err(|e| Error::malformed(path.display().to_string(), e))
}

/// The checkpoint of `dir`, its log signature and origin checked against `log`.
pub fn open_checkpoint(dir: &Path, log: &NoteKey) -> Result<SignedCheckpoint> {
    let path = dir.join(CHECKPOINT);
    let bytes = crate::fsio::read_bounded(&path, MAX_NOTE_BYTES as u64, "checkpoint")?;
    SignedCheckpoint::open(&bytes, log).map_err(|e| refused(format!("{}: {e}", path.display())))
}

/// Holds the log's lock file while alive.
struct Lock(File);

impl Lock {
    fn take(dir: &Path) -> Result<Self> {
        let path = dir.join(LOCK);
        let f =
            File::options().create(true).truncate(false).write(true).open(&path).map_err(|e| Error::io(&path, e))?;
        f.try_lock().map_err(|_| {
            Error::Usage(format!("{}: another attest is writing this log; try again when it is done", dir.display()))
        })?;
        Ok(Lock(f))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// The signed checkpoint of `cp` under the log key `key`.
fn sign_checkpoint(cp: Checkpoint, key: &dyn Signer) -> Result<SignedCheckpoint> {
    let text = cp.text();
    let sig = log_signature(key, &cp.origin, &text).map_err(Error::usage)?;
    Ok(SignedCheckpoint { checkpoint: cp, note: Note { text, sigs: vec![sig] } })
}

/// `log init`: a new, empty log named `origin` in `dir` (absent or empty).
pub fn init(dir: &Path, origin: &str, key: &dyn Signer) -> Result<SignedCheckpoint> {
    if dir.join(CHECKPOINT).exists() || dir.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return Err(Error::Usage(format!("{}: not empty; a log starts in a new directory", dir.display())));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let cp = Checkpoint { origin: origin.to_owned(), size: 0, root: merkle::empty_root(), extensions: Vec::new() };
    let signed = sign_checkpoint(cp, key)?;
    write_atomic(&dir.join(CHECKPOINT), signed.to_text().as_bytes(), Overwrite::Refuse, None)?;
    Ok(signed)
}

/// The log key of `dir` for `key`: the checkpoint must verify under it.
fn own_checkpoint(dir: &Path, key: &dyn Signer) -> Result<(SignedCheckpoint, NoteKey)> {
    let cp = read_checkpoint(dir)?;
    let nk = NoteKey::new(&cp.checkpoint.origin, ALG_ED25519, key.public().clone()).map_err(Error::usage)?;
    if !cp.note.verified_by(&nk) {
        return Err(refused(format!(
            "{}: not signed by key {}; give the log's own key",
            dir.join(CHECKPOINT).display(),
            key.public().id()
        )));
    }
    Ok((cp, nk))
}

/// What an append did.
#[derive(Debug)]
pub struct Appended {
    /// Index of the first new entry.
    pub first: u64,
    /// The new checkpoint.
    pub checkpoint: SignedCheckpoint,
}

/// `log append`: adds `entries` and signs one new checkpoint.
pub fn append(dir: &Path, key: &dyn Signer, entries: &[Vec<u8>]) -> Result<Appended> {
    let _lock = Lock::take(dir)?;
    let (old, _) = own_checkpoint(dir, key)?;
    let size = write_tiles(dir, &old.checkpoint, entries)?;
    let mut store = TileStore::new(dir, size);
    let root = merkle::tree_hash(&mut store, size)?;
    let cp = Checkpoint { size, root, ..old.checkpoint.clone() };
    let signed = sign_checkpoint(cp, key)?;
    write_atomic(&dir.join(CHECKPOINT), signed.to_text().as_bytes(), Overwrite::Replace, None)?;
    Ok(Appended { first: old.checkpoint.size, checkpoint: signed })
}

/// Writes the entry bundles and hash tiles of the tree `old` extended by
/// `entries`, checking first that the tiles on its right edge are the ones
/// it signed. Returns the new size. The checkpoint is not touched.
pub(crate) fn write_tiles(dir: &Path, old: &Checkpoint, entries: &[Vec<u8>]) -> Result<u64> {
    if let Some(e) = entries.iter().find(|e| e.len() > usize::from(u16::MAX)) {
        return Err(Error::Usage(format!("an entry of {} bytes is over the 65,535-byte limit of tlog-tiles", e.len())));
    }
    let n = old.size;
    let size = n
        .checked_add(entries.len() as u64)
        .filter(|s| *s <= i64::MAX as u64)
        .ok_or_else(|| Error::Usage("the log would be too large".into()))?;
    if n > 0 && merkle::tree_hash(&mut TileStore::new(dir, n), n)? != old.root {
        return Err(refused(format!(
            "{}: the tiles do not hash to the checkpoint's root; run `attest log audit` before appending",
            dir.display()
        )));
    }
    let mut out = TileWriter::default();
    // Entry bundles: the old partial bundle, completed.
    let first_bundle = n / TILE_WIDTH;
    let kept = n % TILE_WIDTH;
    let mut pending: Vec<&[u8]> = Vec::new();
    let old_partial = if kept > 0 { read_entry_bundle(dir, first_bundle, kept)? } else { Vec::new() };
    let leaves: Vec<Hash> = entries.par_iter().map(|e| merkle::leaf_hash(e)).collect();
    if kept > 0 {
        let tile = read_hash_tile(dir, 0, first_bundle, kept)?;
        if old_partial.iter().map(|e| merkle::leaf_hash(e)).ne(tile.iter().copied()) {
            return Err(refused(format!(
                "{}: the entries do not match the leaf hashes of {}; run `attest log audit`",
                dir.join(tile_path(TileLevel::Entries, first_bundle, kept)).display(),
                tile_path(TileLevel::Hashes(0), first_bundle, kept)
            )));
        }
    }
    pending.extend(old_partial.iter().map(Vec::as_slice));
    pending.extend(entries.iter().map(Vec::as_slice));
    for (j, chunk) in pending.chunks(TILE_WIDTH as usize).enumerate() {
        let mut bytes = Vec::with_capacity(chunk.iter().map(|e| e.len() + 2).sum());
        encode_bundle(chunk.iter().copied(), &mut bytes)?;
        out.put(dir, &tile_path(TileLevel::Entries, first_bundle + j as u64, chunk.len() as u64), bytes);
    }
    // Hash tiles, level by level: the new hashes of one level make the full
    // tiles whose hashes are the next level's new ones.
    let mut new_hashes = leaves;
    for l in 0u32.. {
        let (was, now) = (level_count(n, l), level_count(size, l));
        if was == now {
            break;
        }
        let start = was / TILE_WIDTH;
        let mut row = if was % TILE_WIDTH > 0 { read_hash_tile(dir, l, start, was % TILE_WIDTH)? } else { Vec::new() };
        row.append(&mut new_hashes);
        for (j, chunk) in row.chunks(TILE_WIDTH as usize).enumerate() {
            let bytes: Vec<u8> = chunk.iter().flatten().copied().collect();
            out.put(dir, &tile_path(TileLevel::Hashes(l), start + j as u64, chunk.len() as u64), bytes);
        }
        new_hashes = row.chunks_exact(TILE_WIDTH as usize).filter_map(perfect_hash).collect();
    }
    out.finish()?;
    Ok(size)
}

/// Tiles to write: each by temporary file and rename (a reader never sees
/// half a tile), in parallel; then all flushed, before the checkpoint that
/// names them is written.
#[derive(Default)]
struct TileWriter {
    jobs: Vec<(PathBuf, Vec<u8>)>,
}

impl TileWriter {
    fn put(&mut self, dir: &Path, rel: &str, bytes: Vec<u8>) {
        self.jobs.push((dir.join(rel), bytes));
    }

    /// Writes every tile queued and makes them durable.
    fn finish(self) -> Result<()> {
        let mut dirs: Vec<&Path> = self.jobs.iter().filter_map(|(p, _)| p.parent()).collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        self.jobs.par_iter().try_for_each(|(path, bytes)| write_tile(path, bytes))?;
        let written: Vec<&Path> = self.jobs.iter().map(|(p, _)| p.as_path()).chain(dirs).collect();
        flush(&written)
    }
}

/// Makes the files written durable: each flushed once all are written, so
/// that the file system writes them back together. The flushes wait on the
/// disk, not the CPU, so they run on [`FLUSHERS`] threads whatever the core
/// count: flushes waiting together are committed by the file system's
/// journal together, where one after another each would wait for its own
/// commit. (A whole-file-system `syncfs` would be one call, but would also
/// wait for every other program's unwritten data.)
fn flush(written: &[&Path]) -> Result<()> {
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<Error>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..FLUSHERS.min(written.len()) {
            s.spawn(|| {
                while let Some(p) = written.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(e) = File::open(p).and_then(|f| f.sync_all()) {
                        failed.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(Error::io(p, e));
                        return;
                    }
                }
            });
        }
    });
    failed.into_inner().unwrap_or_else(PoisonError::into_inner).map_or(Ok(()), Err)
}

/// Threads flushing files at once (see [`flush`]).
const FLUSHERS: usize = 32;

fn write_tile(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".attest-").suffix(".tmp");
    // Tiles are published as they are: readable by all.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(parent).map_err(|e| Error::io(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The index of every leaf hash of the tree of `size` leaves, from its
/// level-0 tiles (the first index of a leaf logged twice).
pub fn leaf_index(dir: &Path, size: u64) -> Result<HashMap<Hash, u64>> {
    let tiles = size.div_ceil(TILE_WIDTH);
    let rows: Vec<Vec<Hash>> = (0..tiles)
        .into_par_iter()
        .map(|t| read_hash_tile(dir, 0, t, crate::tlog::tiles::tile_width(size, t)))
        .collect::<Result<_>>()?;
    let mut map = HashMap::with_capacity(size as usize);
    for (i, h) in rows.iter().flatten().enumerate() {
        map.entry(*h).or_insert(i as u64);
    }
    Ok(map)
}

/// `log prove`: the `tlog-proof` of `entry` under the current checkpoint
/// (with every cosignature it carries), checked before it is returned.
pub fn prove(dir: &Path, cp: &SignedCheckpoint, index: u64, entry: &[u8]) -> Result<TlogProof> {
    let size = cp.checkpoint.size;
    let path = merkle::inclusion_proof(&mut TileStore::new(dir, size), index, size)?;
    if !merkle::verify_inclusion(index, size, &merkle::leaf_hash(entry), &path, &cp.checkpoint.root) {
        return Err(refused(format!(
            "{}: the proof of index {index} does not verify under the checkpoint; run `attest log audit`",
            dir.display()
        )));
    }
    Ok(TlogProof { extra: None, index, path, checkpoint: cp.clone() })
}

/// `log cosign`: adds witness cosignature lines to the current checkpoint.
/// Each line must claim one of `witnesses` and verify over this
/// checkpoint's text; anything else is refused, naming it. Returns the
/// names of the witnesses whose lines were added.
pub fn add_cosignatures(dir: &Path, lines: &[(String, SigLine)], witnesses: &[NoteKey]) -> Result<Vec<String>> {
    let _lock = Lock::take(dir)?;
    let mut cp = read_checkpoint(dir)?;
    let mut added = Vec::new();
    for (doc, line) in lines {
        let Some(w) = witnesses.iter().find(|w| line.claims(w)) else {
            return Err(refused(format!(
                "{doc}: a cosignature by {:?} (key ID {:08x}), which is none of the --witness keys",
                line.name, line.key_id
            )));
        };
        let alone = Note { text: cp.note.text.clone(), sigs: vec![line.clone()] };
        if !matches!(alone.cosigned_by(w), crate::tlog::note::Cosigned::At(_)) {
            return Err(refused(format!(
                "{doc}: the cosignature by {} does not verify for the current checkpoint (size {})",
                w.name(),
                cp.checkpoint.size
            )));
        }
        if !cp.note.sigs.contains(line) {
            cp.note.sigs.push(line.clone());
            added.push(w.name().to_owned());
        }
    }
    if cp.note.sigs.len() > crate::tlog::note::MAX_SIGNATURES {
        return Err(Error::Usage("a checkpoint holds at most 100 signature lines".into()));
    }
    write_atomic(&dir.join(CHECKPOINT), cp.to_text().as_bytes(), Overwrite::Replace, None)?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::unit::key;
    use crate::tlog::tiles::read_entry_bundle;

    fn entries(range: std::ops::Range<u32>) -> Vec<Vec<u8>> {
        range.map(|i| format!("entry {i}\n").into_bytes()).collect()
    }

    #[test]
    fn appends_in_batches_give_the_tree_of_all_entries() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("log");
        init(&dir, "example.com/log", &key(1)).unwrap();
        let mut all = Vec::new();
        for (a, b) in [(0, 1), (1, 3), (3, 255), (255, 257), (257, 600), (600, 66_000)] {
            let batch = entries(a..b);
            let got = append(&dir, &key(1), &batch).unwrap();
            all.extend(batch);
            assert_eq!(got.first, u64::from(a));
            let mut mem = merkle::MemoryTree::from_leaf_hashes(all.iter().map(|e| merkle::leaf_hash(e)).collect());
            assert_eq!(got.checkpoint.checkpoint.root, merkle::tree_hash(&mut mem, all.len() as u64).unwrap());
        }
        assert_eq!(read_entry_bundle(&dir, 2, 88).unwrap()[0], b"entry 512\n");
        assert!(dir.join("tile/2/000.p/1").exists());
        let cp = read_checkpoint(&dir).unwrap();
        let idx = leaf_index(&dir, cp.checkpoint.size).unwrap();
        let e = b"entry 65537\n";
        let p = prove(&dir, &cp, idx[&merkle::leaf_hash(e)], e).unwrap();
        assert_eq!(p.index, 65_537);
        assert!(matches!(append(&dir, &key(2), &entries(0..1)), Err(Error::Refused(_))));
    }

    #[test]
    fn tiles_written_without_a_checkpoint_leave_the_old_one_valid() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("log");
        init(&dir, "example.com/log", &key(1)).unwrap();
        append(&dir, &key(1), &entries(0..300)).unwrap();
        let before = read_checkpoint(&dir).unwrap();
        // An append interrupted after its tiles, before its checkpoint.
        write_tiles(&dir, &before.checkpoint, &entries(1000..1700)).unwrap();
        let mut store = TileStore::new(&dir, 300);
        assert_eq!(merkle::tree_hash(&mut store, 300).unwrap(), before.checkpoint.root);
        // The next append writes other entries over the orphaned tiles.
        let after = append(&dir, &key(1), &entries(300..400)).unwrap();
        let all = entries(0..400);
        let mut mem = merkle::MemoryTree::from_leaf_hashes(all.iter().map(|e| merkle::leaf_hash(e)).collect());
        assert_eq!(after.checkpoint.checkpoint.root, merkle::tree_hash(&mut mem, 400).unwrap());
    }
}
