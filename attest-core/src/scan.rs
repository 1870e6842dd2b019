//! Walking a release tree and hashing its files in parallel.
//!
//! The walk never leaves the scanned root: symlinks are not followed unless
//! asked, and when they are, a link whose target lies outside the root is
//! skipped, and walkdir's loop detection stops cycles (docs/threat-model.md T18). Only
//! regular files are opened, so a FIFO or device in the tree cannot hang the
//! scan. Everything skipped is reported, never silently dropped.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::digest::{FileHashes, hash_file};
use crate::error::{Error, Result, display_path};
use crate::glob::Glob;
use crate::ignore_rules::IgnoreRules;

/// A regular file found under a root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundFile {
    /// Path relative to the scanned root, `/`-separated (never absolute: the
    /// SBOM must not reveal the build machine's layout).
    pub rel: String,
    /// Where to read it.
    pub path: PathBuf,
    /// Its size when found.
    pub size: u64,
}

/// Something under a root that was not hashed, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The path as shown to the user (relative to the root where possible).
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// The result of walking one or more roots.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Regular files, sorted by `rel`.
    pub files: Vec<FoundFile>,
    /// What was not hashed.
    pub skipped: Vec<Skipped>,
}

/// How to walk.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// Follow symlinks whose targets stay inside the root.
    pub follow_symlinks: bool,
    /// Files and folders not to walk into (matched against the path
    /// relative to the root, without the multi-root prefix).
    pub exclude: Vec<Glob>,
    /// Files of gitignore-style rules (`--ignore-file`), matched relative
    /// to each root; what they leave out is reported.
    pub ignore_files: Vec<PathBuf>,
    /// Apply the `.gitignore` files of the tree (`--respect-gitignore`).
    pub respect_gitignore: bool,
}

/// Folders of version-control metadata: a working tree's history and
/// configuration, never part of a release, and never walked (a release built
/// in a checkout would otherwise list every object of `.git` as its own file).
pub const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn"];

/// Walks `root` (a directory, or a single file). `prefix` is prepended to
/// every relative path (used to keep the names of several roots apart).
pub fn scan_root(root: &Path, prefix: &str, opts: &ScanOptions, out: &mut Scan) -> Result<()> {
    let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
    if meta.is_file() {
        let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.files.push(FoundFile { rel: format!("{prefix}{name}"), path: root.to_path_buf(), size: meta.len() });
        return Ok(());
    }
    let canon_root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let rel_of = |p: &Path| -> String {
        let rel = p.strip_prefix(root).unwrap_or(p);
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        format!("{prefix}{}", parts.join("/"))
    };
    let walker = WalkDir::new(root).follow_links(opts.follow_symlinks).sort_by_file_name().into_iter();
    let mut outside = Vec::new();
    let mut vcs = Vec::new();
    let mut ignored = Vec::new();
    let mut rules = IgnoreRules::new(root, &opts.ignore_files, opts.respect_gitignore)?;
    let walker = walker.filter_entry(|e| {
        let is_dir = e.file_type().is_dir();
        if e.depth() > 0 && is_dir && VCS_DIRS.iter().any(|d| e.file_name() == *d) {
            vcs.push(e.path().to_path_buf());
            return false;
        }
        if e.depth() > 0 {
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let rel = rel.join("/");
            if opts.exclude.iter().any(|g| g.matches(&rel)) {
                return false;
            }
            if let Some(reason) = rules.ignored(e.path(), is_dir) {
                ignored.push(Skipped { path: rel_of(e.path()), reason });
                return false;
            }
        }
        // Following is on: refuse any link that resolves outside the root.
        let keep = !e.path_is_symlink()
            || match std::fs::canonicalize(e.path()) {
                Ok(target) => target.starts_with(&canon_root),
                Err(_) => false,
            };
        if !keep {
            outside.push(e.path().to_path_buf());
        } else if is_dir && e.depth() > 0 {
            rules.enter(e.path());
        }
        keep
    });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(&rel_of).unwrap_or_else(|| display_path(root));
                let reason = if err.loop_ancestor().is_some() {
                    "symlink loop, not followed".to_owned()
                } else {
                    format!("unreadable: {}", err.io_error().map_or_else(|| err.to_string(), |e| e.to_string()))
                };
                out.skipped.push(Skipped { path, reason });
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        let rel = rel_of(entry.path());
        if ft.is_symlink() {
            out.skipped.push(Skipped { path: rel, reason: "symlink, not followed (see --follow-symlinks)".into() });
        } else if ft.is_file() {
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            out.files.push(FoundFile { rel, path: entry.into_path(), size });
        } else {
            out.skipped.push(Skipped { path: rel, reason: "not a regular file (device, FIFO or socket)".into() });
        }
    }
    out.skipped.extend(ignored);
    for p in vcs {
        out.skipped.push(Skipped {
            path: rel_of(&p),
            reason: "version-control metadata, not part of the release (.git, .hg and .svn are never scanned)".into(),
        });
    }
    for p in outside {
        out.skipped.push(Skipped { path: rel_of(&p), reason: "symlink pointing outside the scanned root".into() });
    }
    Ok(())
}

/// Hashes every file in parallel over all cores. `progress` is told the
/// number of bytes of each file as it completes. Results are in input order.
pub fn hash_files(files: &[FoundFile], sha512: bool, progress: &(dyn Fn(u64) + Sync)) -> Vec<Result<FileHashes>> {
    files
        .par_iter()
        .with_max_len(1)
        .map(|f| {
            let r = hash_file(&f.path, sha512);
            progress(f.size);
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_sorted_relative_paths_and_hashes_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::write(dir.path().join("b/c/z.txt"), b"z").unwrap();
        std::fs::write(dir.path().join("a.txt"), b"abc").unwrap();
        let mut scan = Scan::default();
        scan_root(dir.path(), "", &ScanOptions::default(), &mut scan).unwrap();
        let rels: Vec<&str> = scan.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "b/c/z.txt"]);
        let hashes = hash_files(&scan.files, false, &|_| {});
        assert_eq!(hashes[0].as_ref().unwrap().sha256, crate::digest::Sha256Digest::of(b"abc"));
    }

    #[test]
    fn version_control_folders_are_reported_not_scanned() {
        let dir = tempfile::tempdir().unwrap();
        for d in [".git/objects", ".hg", "sub/.svn", "src/.github"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join(".git/objects/ab"), b"x").unwrap();
        std::fs::write(dir.path().join(".hg/store"), b"x").unwrap();
        std::fs::write(dir.path().join("sub/.svn/entries"), b"x").unwrap();
        std::fs::write(dir.path().join("src/.github/ci.yml"), b"x").unwrap();
        std::fs::write(dir.path().join(".gitignore"), b"x").unwrap();
        let mut scan = Scan::default();
        scan_root(dir.path(), "", &ScanOptions::default(), &mut scan).unwrap();
        let rels: Vec<&str> = scan.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, [".gitignore", "src/.github/ci.yml"]);
        let skipped: Vec<&str> = scan.skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(skipped, [".git", ".hg", "sub/.svn"]);
        assert!(scan.skipped.iter().all(|s| s.reason.contains("version-control")));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_loops_and_escapes_are_reported_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), b"s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("d/loop")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("escape")).unwrap();
        std::fs::write(dir.path().join("d/real"), b"r").unwrap();
        for follow in [false, true] {
            let mut scan = Scan::default();
            scan_root(dir.path(), "", &ScanOptions { follow_symlinks: follow, ..ScanOptions::default() }, &mut scan)
                .unwrap();
            let rels: Vec<&str> = scan.files.iter().map(|f| f.rel.as_str()).collect();
            assert_eq!(rels, ["d/real"], "follow={follow}");
            assert_eq!(scan.skipped.len(), 2, "follow={follow}: {:?}", scan.skipped);
        }
    }
}
