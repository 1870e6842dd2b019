//! `sbom generate`: the CycloneDX SBOM (1.6, or 1.5 on request) of a release.
//!
//! Files are hashed by attest itself (SHA-256, and SHA-512 on request);
//! dependencies come from lockfiles with the hashes they record. Output is
//! deterministic apart from `serialNumber` and `metadata.timestamp`: the same
//! inputs give byte-identical component lists in the same order.
//!
//! - this file: the request, [`scan`] and [`generate`];
//! - `own_outputs`: attest's own outputs found in a scan, left out of it;
//! - `lockfiles`: reading the lockfiles into one set of packages;
//! - `bom`: building the CycloneDX document from files and packages.

mod bom;
mod lockfiles;
mod own_outputs;

use std::path::PathBuf;

use crate::cyclonedx::model::SpecVersion;
use crate::digest::FileHashes;
use crate::error::{Error, Result, display_path};
use crate::glob::Glob;
pub use crate::installed::Installed;
use crate::lockfile::LockfileKind;
use crate::scan::{FoundFile, Scan, ScanOptions, Skipped, hash_files, scan_root};
use crate::timestamp::Timestamp;

pub use bom::{BSI_ARCHIVE, BSI_EXECUTABLE, BSI_FILENAME, BSI_STRUCTURED, INSTALLED_PROPERTY};
use bom::{build_bom, check_license_expression};
use lockfiles::{LockSource, Read, read_lockfiles};
use own_outputs::leave_out_own_outputs;

/// The product an SBOM describes (`metadata.component`).
#[derive(Clone, Debug, Default)]
pub struct Product {
    /// Product name.
    pub name: String,
    /// Product version.
    pub version: String,
    /// Supplier (organisation) name.
    pub supplier: Option<String>,
    /// The product's own purl.
    pub purl: Option<String>,
}

/// What to put in the SBOM.
#[derive(Clone, Debug, Default)]
pub struct GenerateRequest {
    /// Directories or files whose files are hashed.
    pub paths: Vec<PathBuf>,
    /// Lockfiles named explicitly (lockfiles found under `paths` are read too).
    pub lockfiles: Vec<PathBuf>,
    /// The product.
    pub product: Product,
    /// Add SHA-512 to every file hash.
    pub sha512: bool,
    /// Follow symlinks that stay inside their root.
    pub follow_symlinks: bool,
    /// Record unreadable files as skipped instead of failing.
    pub skip_unreadable: bool,
    /// Globs of paths under each PATH neither hashed nor read for
    /// lockfiles, relative to it: `*` within a segment, `**` across
    /// segments, `?` one character; a glob without `/` matches a name at any
    /// depth, one with `/` from the root.
    pub exclude: Vec<String>,
    /// Read only the lockfiles named in `lockfiles`, none found in the tree.
    pub no_discover: bool,
    /// Files of gitignore-style rules; what they match under each PATH is
    /// left out and reported (gitignore syntax, read by the `ignore` crate
    /// ripgrep uses).
    pub ignore_files: Vec<PathBuf>,
    /// Apply the `.gitignore` files found under each PATH.
    pub respect_gitignore: bool,
    /// Keep attest's own outputs found under PATH (attestations, bundles,
    /// certificates, SBOMs attest wrote), which are otherwise left out.
    pub keep_own_outputs: bool,
    /// Which non-runtime packages to leave out of the SBOM.
    pub omit: Omit,
    /// `metadata.timestamp`.
    pub timestamp: Option<Timestamp>,
    /// The CycloneDX version written.
    pub spec_version: SpecVersion,
    /// Who made the product and the SBOM: written as the 1.6 `manufacturer`
    /// of the BOM, of the product and of its files.
    pub creator: Creator,
    /// The SPDX licence expression of the product and its own files.
    pub license: Option<String>,
    /// Fill what conformance profiles ask for (see [`crate::profile`]):
    /// SHA-512 of every file as a `distribution` reference, the file name and
    /// executable/archive/structured classification of every file, the
    /// product's version on its files, a dependency entry for every
    /// component and `compositions`.
    pub fill_profiles: bool,
    /// Cargo's registry sources (`$CARGO_HOME/registry/src`), to fill a
    /// Cargo.lock's crates.io packages from their `Cargo.toml`
    /// (docs/lockfiles.md "Installed package metadata"). Off unless asked: it is a machine-wide cache,
    /// so what it holds differs from machine to machine.
    pub cargo_registry: Option<PathBuf>,
}

/// Contact details of whoever made the product (`--creator-email`,
/// `--creator-url`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Creator {
    /// E-mail address.
    pub email: Option<String>,
    /// Web address.
    pub url: Option<String>,
}

impl Creator {
    fn is_empty(&self) -> bool {
        self.email.is_none() && self.url.is_none()
    }
}

/// Which packages `sbom generate --omit` leaves out. Left in (the default),
/// they are components with CycloneDX `scope` `excluded` (development and
/// test only) or `optional`, so a policy can judge them apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omit {
    /// Leave out packages needed only for development and tests.
    pub dev: bool,
    /// Leave out optional packages.
    pub optional: bool,
}

/// The property naming the lockfile a component came from, relative to
/// the scanned PATH (or as named with `--lockfile`); one per lockfile.
pub const LOCKFILE_PROPERTY: &str = "attest:lockfile";

/// The property marking a component as the project's own (value `true`).
pub const FIRST_PARTY_PROPERTY: &str = "attest:first-party";

/// A generated SBOM and what went into it.
#[derive(Debug)]
pub struct Generated {
    /// The CycloneDX JSON.
    pub json: Vec<u8>,
    /// Number of file components.
    pub files: usize,
    /// Number of package components from lockfiles.
    pub packages: usize,
    /// Bytes hashed.
    pub bytes_hashed: u64,
    /// Lockfiles read (relative names).
    pub lockfiles: Vec<String>,
    /// What was not included, and why.
    pub skipped: Vec<Skipped>,
    /// What the user should know about how lockfiles were read (a go.sum
    /// read without its go.mod, installed metadata not used).
    pub notes: Vec<String>,
    /// The components filled from installed package metadata
    /// (docs/lockfiles.md "Installed package metadata"): purl and what was
    /// read.
    pub installed: Vec<(String, Installed)>,
}

/// Walks the paths; the caller may show progress with the total size.
pub fn scan(req: &GenerateRequest) -> Result<Scan> {
    if req.paths.is_empty() && req.lockfiles.is_empty() {
        return Err(Error::Usage("nothing to describe: give at least one PATH or --lockfile".into()));
    }
    let mut scan = Scan::default();
    let exclude = req.exclude.iter().map(|g| Glob::new(g)).collect::<Result<Vec<_>>>()?;
    let opts = ScanOptions {
        follow_symlinks: req.follow_symlinks,
        exclude,
        ignore_files: req.ignore_files.clone(),
        respect_gitignore: req.respect_gitignore,
    };
    let several = req.paths.len() > 1;
    for root in &req.paths {
        // With several roots, each keeps its own name so files stay apart.
        let prefix = match (several, root.file_name()) {
            (true, Some(n)) => format!("{}/", n.to_string_lossy()),
            _ => String::new(),
        };
        scan_root(root, &prefix, &opts, &mut scan)?;
    }
    scan.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    if let Some(w) = scan.files.windows(2).find(|w| w.first().map(|f| &f.rel) == w.get(1).map(|f| &f.rel)) {
        let name = w.first().map(|f| f.rel.clone()).unwrap_or_default();
        return Err(Error::Usage(format!(
            "two scanned paths give the same file name {name:?}; scan their common parent"
        )));
    }
    if !req.keep_own_outputs {
        leave_out_own_outputs(&mut scan);
    }
    Ok(scan)
}

/// Builds the SBOM from a finished scan. `progress` receives the bytes of
/// each file as it is hashed.
pub fn generate(req: &GenerateRequest, scan: Scan, progress: &(dyn Fn(u64) + Sync)) -> Result<Generated> {
    let Scan { files, mut skipped } = scan;
    if let Some(l) = &req.license {
        check_license_expression(l)?;
    }
    let hashes = hash_files(&files, req.sha512 || req.fill_profiles, progress);
    let mut hashed: Vec<(FoundFile, FileHashes)> = Vec::with_capacity(files.len());
    let mut failures = Vec::new();
    for (f, h) in files.into_iter().zip(hashes) {
        match h {
            Ok(h) => hashed.push((f, h)),
            Err(e) => failures.push(Skipped { path: f.rel, reason: format!("unreadable: {e}") }),
        }
    }
    let unreadable = skipped.iter().chain(&failures).filter(|s| s.reason.starts_with("unreadable")).count();
    if unreadable > 0 && !req.skip_unreadable {
        let list: Vec<String> = skipped
            .iter()
            .chain(&failures)
            .filter(|s| s.reason.starts_with("unreadable"))
            .map(|s| format!("{} ({})", s.path, s.reason))
            .collect();
        return Err(Error::Usage(format!(
            "{unreadable} file(s) could not be read, so the SBOM would be incomplete: {}; fix the permissions or pass --skip-unreadable",
            list.join(", ")
        )));
    }
    skipped.extend(failures);

    // Lockfiles: those found in the tree (unless --no-discover), then those named.
    let mut sources: Vec<LockSource> = if req.no_discover {
        Vec::new()
    } else {
        hashed
            .iter()
            .filter_map(|(f, _)| {
                let name = f.path.file_name()?.to_str()?;
                let kind = LockfileKind::from_file_name(name)?;
                Some(LockSource { rel: f.rel.clone(), path: f.path.clone(), kind })
            })
            .collect()
    };
    for p in &req.lockfiles {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let kind = LockfileKind::from_file_name(name).ok_or_else(|| {
            Error::Usage(format!(
                "{}: not a lockfile attest reads ({})",
                display_path(p),
                LockfileKind::ALL.map(LockfileKind::file_name).join(", ")
            ))
        })?;
        sources.push(LockSource { rel: display_path(p), path: p.clone(), kind });
    }
    let Read { packages, roots, notes, installed } = read_lockfiles(&sources, req.omit, req.cargo_registry.as_deref())?;

    let bytes_hashed = hashed.iter().map(|(_, h)| h.size).sum();
    let files_n = hashed.len();
    let packages_n = packages.len();
    let bom = build_bom(req, hashed, packages, roots, &installed)?;
    let json = bom.to_json()?;
    Ok(Generated {
        json,
        files: files_n,
        packages: packages_n,
        bytes_hashed,
        lockfiles: sources.into_iter().map(|s| s.rel).collect(),
        skipped,
        notes,
        installed: installed.into_iter().collect(),
    })
}
