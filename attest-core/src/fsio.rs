//! Bounded reads and atomic writes.
//!
//! Every read is capped by the limit of its document kind so that a huge or
//! endless input (`/dev/zero`, a pipe) cannot exhaust memory (docs/threat-model.md T16).
//! Every write goes to a temporary file in the destination's directory that is
//! renamed into place only when complete, so a crash never leaves a partial
//! key, list or bundle behind (T20); the directory is then synced too, so
//! that a power cut after the write returns cannot undo the rename and lose
//! the file (the rename lives in the directory, not in the file).

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, Result, display_path};

/// Reads at most `limit` bytes from `path` (`-` is standard input); more is a
/// [`Error::TooLarge`] naming `kind`.
pub fn read_bounded(path: &Path, limit: u64, kind: &'static str) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        return read_limited(std::io::stdin().lock(), limit, kind, "-");
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    if let Ok(meta) = file.metadata()
        && meta.is_file()
        && meta.len() > limit
    {
        return Err(Error::TooLarge { doc: display_path(path), kind, size: meta.len(), limit });
    }
    read_limited(file, limit, kind, &display_path(path))
}

/// Reads at most `limit` bytes from `reader`.
pub fn read_limited(reader: impl Read, limit: u64, kind: &'static str, doc: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|cause| Error::Io { doc: doc.to_owned(), cause })?;
    if buf.len() as u64 > limit {
        return Err(Error::TooLarge { doc: doc.to_owned(), kind, size: buf.len() as u64, limit });
    }
    Ok(buf)
}

/// How [`write_atomic`] treats an existing destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse if the destination exists (the default for every output).
    Refuse,
    /// Replace it (`--force`).
    Replace,
}

/// Writes `bytes` to `path` atomically (`-` is standard output), with Unix
/// permission bits `mode` when given (0600 for private keys).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: Overwrite, mode: Option<u32>) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| Error::io(path, e));
    }
    // A device or a pipe (`-o /dev/null`, a FIFO a script reads from) is not
    // a file to replace: it is written to, as the person asked.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut out = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| Error::io(path, e))?;
        return out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| Error::io(path, e));
    }
    if overwrite == Overwrite::Refuse && path.symlink_metadata().is_ok() {
        return Err(Error::Usage(format!(
            "{}: exists; choose another output or pass --force to replace it",
            display_path(path)
        )));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::Builder::new().prefix(".attest-").suffix(".tmp").tempfile_in(dir).map_err(|e| Error::io(path, e))?;
    set_mode(tmp.as_file(), mode).map_err(|e| Error::io(path, e))?;
    tmp.write_all(bytes).and_then(|()| tmp.as_file().sync_all()).map_err(|e| Error::io(path, e))?;
    let result = match overwrite {
        Overwrite::Replace => tmp.persist(path).map(drop),
        Overwrite::Refuse => tmp.persist_noclobber(path).map(drop),
    };
    result.map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir).map_err(|e| Error::io(dir, e))
}

/// Makes a rename in `dir` durable: fsync of the directory itself.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Windows has no directory handle to sync: `MoveFileEx`, which the rename
/// uses, writes the change through already.
#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn set_mode(file: &std::fs::File, mode: Option<u32>) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // A temp file is created 0600; outputs that are not secret get the
    // usual 0644 so that they can be published as they are.
    let mode = mode.unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &std::fs::File, _: Option<u32>) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_read_refuses_oversized_input() {
        let err = read_limited(&[0u8; 11][..], 10, "test document", "x").unwrap_err();
        assert!(matches!(err, Error::TooLarge { size: 11, limit: 10, .. }), "{err}");
        assert_eq!(read_limited(&[1u8; 10][..], 10, "t", "x").unwrap().len(), 10);
    }

    #[test]
    fn atomic_write_refuses_to_clobber_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_atomic(&p, b"one", Overwrite::Refuse, None).unwrap();
        let err = write_atomic(&p, b"two", Overwrite::Refuse, None).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        write_atomic(&p, b"two", Overwrite::Replace, None).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_to_not_refused_or_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        write_atomic(null, b"discarded", Overwrite::Refuse, None).unwrap();
        assert!(std::fs::metadata(null).unwrap().file_type().is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn the_directory_of_a_rename_is_synced() {
        let dir = tempfile::tempdir().unwrap();
        sync_dir(dir.path()).unwrap();
        // The sync opens the directory itself: a missing one is an error, not a silent pass.
        assert!(sync_dir(&dir.path().join("gone")).is_err());
        // A write into a directory that vanishes is reported, never claimed durable.
        let err = write_atomic(&dir.path().join("gone/out.json"), b"x", Overwrite::Refuse, None).unwrap_err();
        assert!(err.to_string().contains("gone"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_sets_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k.key");
        write_atomic(&p, b"secret", Overwrite::Refuse, Some(0o600)).unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
