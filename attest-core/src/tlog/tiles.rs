//! The `c2sp.org/tlog-tiles` layout: hash tiles `tile/<L>/<N>[.p/<W>]` and
//! entry bundles `tile/entries/<N>[.p/<W>]` (docs/transparency.md "Tiles").
//!
//! A tile at level L holds up to 256 hashes of tree level 8·L: the hashes of
//! the complete subtrees of 256^L leaves. A partial tile (W < 256) is the
//! right edge of a tree whose size is not a multiple; a full tile may serve
//! for a missing partial one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::tlog::merkle::{Hash, SubtreeSource, perfect_hash};

/// Hashes (or entries) in a full tile: height 8.
pub(crate) const TILE_WIDTH: u64 = 256;
/// Tree levels per tile level.
pub(crate) const TILE_HEIGHT: u32 = 8;

/// Which tile: a hash tile of a level, or an entry bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum TileLevel {
    /// Hash tile of tile level L (tree level 8·L).
    Hashes(u32),
    /// Entry bundle.
    Entries,
}

/// The path of a tile relative to the log directory: `N` written in groups
/// of three digits, all but the last prefixed `x`.
pub(crate) fn tile_path(level: TileLevel, index: u64, width: u64) -> String {
    let mut groups = vec![format!("{:03}", index % 1000)];
    let mut n = index / 1000;
    while n > 0 {
        groups.push(format!("x{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    let l = match level {
        TileLevel::Hashes(l) => l.to_string(),
        TileLevel::Entries => "entries".to_owned(),
    };
    let partial = if width < TILE_WIDTH { format!(".p/{width}") } else { String::new() };
    format!("tile/{l}/{}{partial}", groups.join("/"))
}

/// How many hashes tile level `l` holds in a tree of `size` leaves.
pub(crate) fn level_count(size: u64, l: u32) -> u64 {
    size.checked_shr(TILE_HEIGHT * l).unwrap_or(0)
}

/// The width of tile `index` of a level holding `count` items.
pub(crate) fn tile_width(count: u64, index: u64) -> u64 {
    count.saturating_sub(index * TILE_WIDTH).min(TILE_WIDTH)
}

/// Encodes entries as a bundle: each a big-endian u16 length and its bytes.
pub(crate) fn encode_bundle<'a>(entries: impl IntoIterator<Item = &'a [u8]>, out: &mut Vec<u8>) -> Result<()> {
    for e in entries {
        let len = u16::try_from(e.len())
            .map_err(|_| Error::Usage(format!("an entry of {} bytes is over the 65,535-byte limit", e.len())))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(())
}

/// Decodes a bundle of exactly `want` entries.
pub(crate) fn decode_bundle(data: &[u8], want: u64, doc: &str) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(want as usize);
    let mut rest = data;
    while !rest.is_empty() {
        let Some((len, tail)) = rest.split_first_chunk::<2>() else {
            return Err(Error::Refused(format!("{doc}: entry {} is truncated", out.len())));
        };
        let len = usize::from(u16::from_be_bytes(*len));
        let (entry, tail) = tail
            .split_at_checked(len)
            .ok_or_else(|| Error::Refused(format!("{doc}: entry {} is truncated", out.len())))?;
        out.push(entry.to_vec());
        rest = tail;
    }
    if out.len() as u64 != want {
        return Err(Error::Refused(format!("{doc} holds {} entries, the tree needs {want}", out.len())));
    }
    Ok(out)
}

/// Reads a tile of `width` items, falling back to the full tile when the
/// partial one is absent; returns the bytes and how many items they hold.
/// A tile is read up to the most a full tile of its level can hold (8 KiB
/// of hashes; 256 entries of at most 65,535 bytes each), so a tampered log
/// directory cannot make an audit read without bound.
pub(crate) fn read_tile(dir: &Path, level: TileLevel, index: u64, width: u64) -> Result<(Vec<u8>, u64, String)> {
    let limit = match level {
        TileLevel::Hashes(_) => TILE_WIDTH * 32,
        TileLevel::Entries => TILE_WIDTH * (2 + u64::from(u16::MAX)),
    };
    let read = |rel: &str| -> Option<Result<Vec<u8>>> {
        let path = dir.join(rel);
        path.exists().then(|| crate::fsio::read_bounded(&path, limit, "log tile"))
    };
    let rel = tile_path(level, index, width);
    if let Some(bytes) = read(&rel) {
        return Ok((bytes?, width, rel));
    }
    let full = tile_path(level, index, TILE_WIDTH);
    match read(&full) {
        Some(bytes) if width < TILE_WIDTH => Ok((bytes?, TILE_WIDTH, full)),
        _ => Err(Error::Refused(format!("{}: missing", dir.join(&rel).display()))),
    }
}

/// The first `width` hashes of a hash tile, its length checked.
pub(crate) fn read_hash_tile(dir: &Path, l: u32, index: u64, width: u64) -> Result<Vec<Hash>> {
    let (bytes, held, rel) = read_tile(dir, TileLevel::Hashes(l), index, width)?;
    if bytes.len() as u64 != held * 32 {
        return Err(Error::Refused(format!(
            "{rel} is {} bytes, a tile of {held} hashes is {}",
            bytes.len(),
            held * 32
        )));
    }
    Ok(bytes.chunks_exact(32).take(width as usize).filter_map(|c| c.try_into().ok()).collect())
}

/// The first `width` entries of an entry bundle.
pub(crate) fn read_entry_bundle(dir: &Path, index: u64, width: u64) -> Result<Vec<Vec<u8>>> {
    let (bytes, held, rel) = read_tile(dir, TileLevel::Entries, index, width)?;
    let mut entries = decode_bundle(&bytes, held, &rel)?;
    entries.truncate(width as usize);
    Ok(entries)
}

/// Complete-subtree hashes of the tree of `size` leaves read from a tiles
/// directory, each tile read once. The tiles are not trusted: every proof
/// built from them is checked against a signed root.
pub(crate) struct TileStore {
    dir: PathBuf,
    size: u64,
    cache: HashMap<(u32, u64), Vec<Hash>>,
}

impl TileStore {
    /// A reader of the tree of `size` leaves in `dir`.
    pub(crate) fn new(dir: &Path, size: u64) -> Self {
        TileStore { dir: dir.to_owned(), size, cache: HashMap::new() }
    }

    /// The hashes of tile `index` at tile level `l`.
    pub(crate) fn tile(&mut self, l: u32, index: u64) -> Result<&[Hash]> {
        let width = tile_width(level_count(self.size, l), index);
        if width == 0 {
            return Err(Error::Refused(format!(
                "{}: not part of a tree of {} entries",
                tile_path(TileLevel::Hashes(l), index, 1),
                self.size
            )));
        }
        if !self.cache.contains_key(&(l, index)) {
            let hashes = read_hash_tile(&self.dir, l, index, width)?;
            self.cache.insert((l, index), hashes);
        }
        Ok(self.cache.get(&(l, index)).map_or(&[], |v| v.as_slice()))
    }
}

impl SubtreeSource for TileStore {
    fn subtree(&mut self, level: u32, index: u64) -> Result<Hash> {
        let (l, r) = (level / TILE_HEIGHT, level % TILE_HEIGHT);
        let first = index << r;
        let tile = first / TILE_WIDTH;
        let offset = (first % TILE_WIDTH) as usize;
        let row = self.tile(l, tile)?;
        let span = row.get(offset..offset + (1usize << r)).ok_or_else(|| {
            Error::Refused(format!("tile level {l} index {tile} is too short for subtree {index} of level {level}"))
        })?;
        perfect_hash(span).ok_or_else(|| Error::Refused("empty subtree".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tile_larger_than_its_level_allows_is_refused_not_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tile/0")).unwrap();
        std::fs::write(dir.path().join("tile/0/000"), vec![0u8; 256 * 32 + 1]).unwrap();
        let err = read_tile(dir.path(), TileLevel::Hashes(0), 0, 256).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
        std::fs::write(dir.path().join("tile/0/000"), vec![0u8; 256 * 32]).unwrap();
        assert_eq!(read_tile(dir.path(), TileLevel::Hashes(0), 0, 256).unwrap().1, 256);
    }

    #[test]
    fn paths_follow_tlog_tiles() {
        assert_eq!(tile_path(TileLevel::Hashes(0), 0, 256), "tile/0/000");
        assert_eq!(tile_path(TileLevel::Hashes(1), 1234067, 256), "tile/1/x001/x234/067");
        assert_eq!(tile_path(TileLevel::Entries, 5, 17), "tile/entries/005.p/17");
        assert_eq!(tile_path(TileLevel::Hashes(2), 1000, 3), "tile/2/x001/000.p/3");
    }

    #[test]
    fn bundles_round_trip_and_truncation_is_caught() {
        let mut b = Vec::new();
        encode_bundle([&b"ab"[..], b"", b"xyz"], &mut b).unwrap();
        assert_eq!(b, b"\x00\x02ab\x00\x00\x00\x03xyz");
        assert_eq!(decode_bundle(&b, 3, "t").unwrap(), vec![b"ab".to_vec(), vec![], b"xyz".to_vec()]);
        assert!(decode_bundle(&b[..b.len() - 1], 3, "t").is_err());
        assert!(decode_bundle(&b, 2, "t").is_err());
        assert!(encode_bundle([&vec![0u8; 65_536][..]], &mut Vec::new()).is_err());
    }
}
