//! Reading the lockfiles of a release (found in the tree or named) into
//! one set of packages, with the product's direct dependencies.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Result, display_path};
use crate::fsio::read_bounded;
use crate::installed::{Installed, Installs};
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::lockfile::{self, LockfileKind, Package};

use super::{LOCKFILE_PROPERTY, Omit};

/// A lockfile to read: its name in the SBOM, where it is, its format.
pub(super) struct LockSource {
    pub(super) rel: String,
    pub(super) path: PathBuf,
    pub(super) kind: LockfileKind,
}

/// The file `name` in the folder of `path`, read when it is there.
fn beside(path: &Path, name: &str) -> Result<Option<(PathBuf, Vec<u8>)>> {
    let other = path.with_file_name(name);
    if !other.is_file() {
        return Ok(None);
    }
    let bytes = read_bounded(&other, MAX_DOCUMENT_BYTES, "manifest")?;
    Ok(Some((other, bytes)))
}

/// Folders a workspace's Cargo.toml files are never in: build output,
/// other ecosystems' installs, version control.
const NOT_CRATES: &[&str] = &["target", "node_modules", ".git", ".hg", ".svn"];

/// The Cargo.toml files in the folder of the Cargo.lock at `lock` and
/// below it (the workspace's members), for marking development-only
/// crates. Each is size-bounded; one that does not parse is an error
/// naming it, since it would be guessing which crates ship.
fn cargo_manifests(lock: &Path) -> Result<Vec<lockfile::CargoManifest>> {
    let Some(dir) = lock.parent() else { return Ok(Vec::new()) };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let walker = walkdir::WalkDir::new(dir).max_depth(8).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|e| !(e.file_type().is_dir() && NOT_CRATES.iter().any(|n| e.file_name() == *n)));
    let mut out = Vec::new();
    for entry in walker.flatten() {
        if entry.file_type().is_file() && entry.file_name() == "Cargo.toml" {
            let bytes = read_bounded(entry.path(), MAX_DOCUMENT_BYTES, "Cargo.toml")?;
            out.push(lockfile::read_cargo_manifest(&bytes, &display_path(entry.path()))?);
        }
    }
    Ok(out)
}

/// Reads one lockfile with the manifest beside it, when its kind has one.
fn read_one(path: &Path, kind: LockfileKind) -> Result<lockfile::Lockfile> {
    let bytes = read_bounded(path, MAX_DOCUMENT_BYTES, "lockfile")?;
    let doc = display_path(path);
    let manifest = kind.manifest_name().map(|name| beside(path, name)).transpose()?.flatten();
    let manifest_doc = manifest.as_ref().map(|(p, _)| display_path(p)).unwrap_or_default();
    let manifest = manifest.as_ref().map(|(_, bytes)| lockfile::Manifest { bytes, doc: &manifest_doc });
    lockfile::parse_with_manifest(kind, &bytes, &doc, manifest)
}

/// What the lockfiles say, merged.
pub(super) struct Read {
    /// Every package, by purl.
    pub(super) packages: BTreeMap<String, Package>,
    /// The product's direct dependencies.
    pub(super) roots: BTreeSet<String>,
    /// Notes for the user.
    pub(super) notes: Vec<String>,
    /// Installed metadata of the packages kept, by purl.
    pub(super) installed: BTreeMap<String, Installed>,
}

/// Installed-metadata notes listed one by one; more are counted.
const MAX_INSTALLED_NOTES: usize = 10;

/// Reads every lockfile into one set of packages (each tagged with the
/// lockfiles it came from), the product's direct dependencies and notes for
/// the user, leaving out what `omit` says. A go.sum beside a go.mod only
/// adds its `h1:` hashes to go.mod's modules: go.mod (Go 1.17 and later) is
/// the build list, go.sum also names versions only consulted to select it.
pub(super) fn read_lockfiles(sources: &[LockSource], omit: Omit, cargo_registry: Option<&Path>) -> Result<Read> {
    let mut packages: BTreeMap<String, Package> = BTreeMap::new();
    let mut roots: BTreeSet<String> = BTreeSet::new();
    let mut notes = Vec::new();
    let mut installed: BTreeMap<String, Installed> = BTreeMap::new();
    let mut installed_notes: Vec<String> = Vec::new();
    let go_mod_dirs: BTreeSet<&Path> =
        sources.iter().filter(|s| s.kind == LockfileKind::GoMod).filter_map(|s| s.path.parent()).collect();
    for source in sources {
        let go_mod = source.path.with_file_name("go.mod");
        let with_go_mod = source.kind == LockfileKind::GoSum && go_mod.is_file();
        if with_go_mod && source.path.parent().is_some_and(|d| go_mod_dirs.contains(d)) {
            continue; // read with its go.mod
        }
        let (path, kind) =
            if with_go_mod { (go_mod.as_path(), LockfileKind::GoMod) } else { (source.path.as_path(), source.kind) };
        let mut lock = read_one(path, kind)?;
        match kind {
            LockfileKind::GoMod => {
                let sum_path = path.with_file_name("go.sum");
                if sum_path.is_file() {
                    add_go_sum(&mut lock, read_one(&sum_path, LockfileKind::GoSum)?);
                }
            }
            LockfileKind::Cargo => {
                let manifests = cargo_manifests(path)?;
                let missing = if manifests.is_empty() {
                    Err(Vec::new())
                } else {
                    lockfile::mark_cargo_dev(&mut lock, &manifests)
                };
                if let Err(missing) = missing {
                    let which = if missing.is_empty() {
                        "no Cargo.toml in its folder".to_owned()
                    } else {
                        format!("no Cargo.toml found for {}", missing.join(", "))
                    };
                    notes.push(format!(
                        "{}: development-only crates not marked ({which}); Cargo.lock does not say which crates only \
                         [dev-dependencies] need, so keep the workspace's Cargo.toml files beside it",
                        source.rel
                    ));
                }
            }
            LockfileKind::GoSum => {
                let before = lock.packages.len();
                lock.packages.retain(|p| !p.properties.is_empty());
                notes.push(format!(
                    "{}: read without a go.mod beside it: listed the {} module version(s) with an h1: hash of \
                     their zip, left out {} consulted only for their go.mod; keep go.mod beside go.sum for the \
                     exact build list",
                    source.rel,
                    lock.packages.len(),
                    before - lock.packages.len()
                ));
            }
            _ => {}
        }
        roots.extend(lock.root_dependencies);
        let installs = Installs::beside(path, &source.rel, kind, cargo_registry);
        for mut p in lock.packages {
            if !installed.contains_key(&p.purl) {
                match installs.lookup(&p) {
                    Ok(Some(found)) => {
                        installed.insert(p.purl.clone(), found);
                    }
                    Ok(None) => {}
                    Err(note) => installed_notes.push(note.into()),
                }
            }
            p.properties.push((LOCKFILE_PROPERTY.to_owned(), source.rel.clone()));
            merge_package(&mut packages, p);
        }
    }
    omit_packages(&mut packages, &mut roots, omit);
    installed.retain(|purl, _| packages.contains_key(purl));
    let more = installed_notes.len().saturating_sub(MAX_INSTALLED_NOTES);
    notes.extend(installed_notes.into_iter().take(MAX_INSTALLED_NOTES));
    if more > 0 {
        notes.push(format!("{more} more installed package metadata file(s) not used, for the same reasons"));
    }
    Ok(Read { packages, roots, notes, installed })
}

/// Adds go.sum's `h1:` properties to go.mod's modules. With a `go` line
/// below 1.17, go.mod lists only part of the build list, so go.sum's
/// modules with a zip hash are added too.
fn add_go_sum(go_mod: &mut lockfile::Lockfile, go_sum: lockfile::Lockfile) {
    let mut sum: BTreeMap<String, Package> = go_sum.packages.into_iter().map(|p| (p.purl.clone(), p)).collect();
    for p in &mut go_mod.packages {
        if let Some(s) = sum.remove(&p.purl) {
            p.properties.extend(s.properties);
        }
    }
    if !go_mod.whole_build {
        go_mod.packages.extend(sum.into_values().filter(|p| !p.properties.is_empty()));
    }
}

/// Leaves out what `omit` names, and every edge to it.
fn omit_packages(packages: &mut BTreeMap<String, Package>, roots: &mut BTreeSet<String>, omit: Omit) {
    if omit == Omit::default() {
        return;
    }
    packages.retain(|_, p| !((omit.dev && p.dev) || (omit.optional && p.optional)));
    let kept: BTreeSet<String> = packages.keys().cloned().collect();
    roots.retain(|r| kept.contains(r));
    for p in packages.values_mut() {
        p.dependencies.retain(|d| kept.contains(d));
    }
}

/// The same package met in two lockfiles is one component; its hashes and
/// dependencies are the union.
fn merge_package(packages: &mut BTreeMap<String, Package>, p: Package) {
    match packages.get_mut(&p.purl) {
        Some(existing) => {
            for h in p.hashes {
                if !existing.hashes.contains(&h) {
                    existing.hashes.push(h);
                }
            }
            for property in p.properties {
                if !existing.properties.contains(&property) {
                    existing.properties.push(property);
                }
            }
            for d in p.distributions {
                if !existing.distributions.contains(&d) {
                    existing.distributions.push(d);
                }
            }
            existing.dev &= p.dev;
            existing.optional &= p.optional;
            existing.first_party |= p.first_party;
            let deps: BTreeSet<String> = existing.dependencies.drain(..).chain(p.dependencies).collect();
            existing.dependencies = deps.into_iter().collect();
        }
        None => {
            packages.insert(p.purl.clone(), p);
        }
    }
}
