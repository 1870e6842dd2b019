//! `sbom generate`: the CycloneDX SBOM (1.6, or 1.5 on request) of a release.
//!
//! Files are hashed by attest itself (SHA-256, and SHA-512 on request);
//! dependencies come from lockfiles with the hashes they record. Output is
//! deterministic apart from `serialNumber` and `metadata.timestamp`: the same
//! inputs give byte-identical component lists in the same order.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::cyclonedx::model::{
    Acknowledgement, Aggregate, Author, Bom, Component, ComponentType, Composition, Contact, Dependency,
    ExternalReference, ExternalReferenceType, Hash, License, Metadata, Organization, Property, Scope, SpecVersion,
    Tools, serial_number,
};
use crate::digest::FileHashes;
use crate::error::{Error, Result, display_path};
use crate::fsio::read_bounded;
use crate::glob::Glob;
use crate::installed::{Installed, Installs};
use crate::kind::Kind;
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::lockfile::{self, Distribution, LockfileKind, Package, PackageHash};
use crate::scan::{FoundFile, Scan, ScanOptions, Skipped, hash_files, scan_root};
use crate::timestamp::Timestamp;

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
    /// lockfiles (see [`crate::glob`]).
    pub exclude: Vec<String>,
    /// Read only the lockfiles named in `lockfiles`, none found in the tree.
    pub no_discover: bool,
    /// Files of gitignore-style rules; what they match under each PATH is
    /// left out and reported (see [`crate::ignore_rules`]).
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
    /// Cargo.lock's crates.io packages from their `Cargo.toml` (see
    /// [`crate::installed`]). Off unless asked: it is a machine-wide cache,
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
    /// The components filled from installed package metadata (see
    /// [`crate::installed`]): purl and what was read.
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

/// Moves attest's own outputs from `scan.files` to `scan.skipped`: a
/// signed attestation, a certificate, a certificate bundle, or an SBOM
/// whose `metadata.tools` names attest. They describe a release; they are
/// not part of it, and a CI recipe run twice in one folder would otherwise
/// list its previous attestation as a file of the product. Told by content
/// ([`crate::kind::sniff`]), never by name, so a renamed output is still
/// recognised and a product file named `*.intoto.json` is not lost.
fn leave_out_own_outputs(scan: &mut Scan) {
    let own: Vec<Option<Kind>> = scan.files.par_iter().map(|f| own_output(&f.path, f.size)).collect();
    let mut kept = Vec::with_capacity(scan.files.len());
    for (file, kind) in std::mem::take(&mut scan.files).into_iter().zip(own) {
        match kind {
            Some(kind) => scan.skipped.push(Skipped {
                path: file.rel,
                reason: format!(
                    "attest's own output ({}), not part of the release (pass --keep-own-outputs to list it)",
                    kind.described()
                ),
            }),
            None => kept.push(file),
        }
    }
    scan.files = kept;
}

/// The kind of attest output the file at `path` is, if it is one. Only a
/// file that opens with `{` and fits the document size limit is read whole;
/// one that cannot be read is left to the hashing step to report.
fn own_output(path: &Path, size: u64) -> Option<Kind> {
    use std::io::Read as _;
    if size > MAX_DOCUMENT_BYTES {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 64];
    let n = file.read(&mut head).ok()?;
    if head.get(..n)?.trim_ascii_start().first() != Some(&b'{') {
        return None;
    }
    let bytes = read_bounded(path, MAX_DOCUMENT_BYTES, "file").ok()?;
    match crate::kind::sniff(&bytes)? {
        kind @ (Kind::Attestation | Kind::Certificate | Kind::Bundle) => Some(kind),
        Kind::Sbom if written_by_attest(&bytes) => Some(Kind::Sbom),
        _ => None,
    }
}

/// Whether a CycloneDX SBOM's `metadata.tools` names attest (1.4's list of
/// tools, or 1.5's `tools.components`): an SBOM some other tool wrote, or
/// one shipped inside the release, is a file of the release like any other.
fn written_by_attest(bytes: &[u8]) -> bool {
    let Ok(bom) = serde_json::from_slice::<serde_json::Value>(bytes) else { return false };
    let Some(tools) = bom.get("metadata").and_then(|m| m.get("tools")) else { return false };
    let components = tools.get("components").and_then(serde_json::Value::as_array);
    let mut listed = tools.as_array().into_iter().chain(components).flatten();
    listed.any(|t| t.get("name").and_then(serde_json::Value::as_str) == Some("attest"))
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

/// A lockfile to read: its name in the SBOM, where it is, its format.
struct LockSource {
    rel: String,
    path: PathBuf,
    kind: LockfileKind,
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
struct Read {
    /// Every package, by purl.
    packages: BTreeMap<String, Package>,
    /// The product's direct dependencies.
    roots: BTreeSet<String>,
    /// Notes for the user.
    notes: Vec<String>,
    /// Installed metadata of the packages kept, by purl.
    installed: BTreeMap<String, Installed>,
}

/// Installed-metadata notes listed one by one; more are counted.
const MAX_INSTALLED_NOTES: usize = 10;

/// Reads every lockfile into one set of packages (each tagged with the
/// lockfiles it came from), the product's direct dependencies and notes for
/// the user, leaving out what `omit` says. A go.sum beside a go.mod only
/// adds its `h1:` hashes to go.mod's modules: go.mod (Go 1.17 and later) is
/// the build list, go.sum also names versions only consulted to select it.
fn read_lockfiles(sources: &[LockSource], omit: Omit, cargo_registry: Option<&Path>) -> Result<Read> {
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

const PRODUCT_REF: &str = "product";

/// The BSI TR-03183-2 taxonomy properties (`docs/sbom-profiles.md`).
pub const BSI_FILENAME: &str = "bsi:component:filename";
/// See [`BSI_FILENAME`].
pub const BSI_EXECUTABLE: &str = "bsi:component:executable";
/// See [`BSI_FILENAME`].
pub const BSI_ARCHIVE: &str = "bsi:component:archive";
/// See [`BSI_FILENAME`].
pub const BSI_STRUCTURED: &str = "bsi:component:structured";

/// Refuses a `--license` that is not a valid SPDX licence expression.
fn check_license_expression(expr: &str) -> Result<()> {
    spdx::Expression::parse(expr).map(|_| ()).map_err(|e| {
        Error::Usage(format!(
            "--license {expr:?} is not an SPDX licence expression ({e}); write e.g. \"Apache-2.0\" or \"MIT OR Apache-2.0\""
        ))
    })
}

/// The creator as a CycloneDX organisation, named after the supplier.
fn organization(req: &GenerateRequest) -> Option<Organization> {
    if req.creator.is_empty() {
        return None;
    }
    Some(Organization {
        name: req.product.supplier.clone(),
        url: req.creator.url.iter().cloned().collect(),
        contact: req.creator.email.iter().map(|e| Contact { email: Some(e.clone()) }).collect(),
    })
}

fn hashes_of(h: &FileHashes) -> Vec<Hash> {
    let mut hs = vec![Hash { alg: "SHA-256", content: h.sha256.to_hex() }];
    if let Some(s) = &h.sha512 {
        hs.push(Hash { alg: "SHA-512", content: s.to_hex() });
    }
    hs
}

fn build_bom(
    req: &GenerateRequest,
    files: Vec<(FoundFile, FileHashes)>,
    packages: BTreeMap<String, Package>,
    roots: BTreeSet<String>,
    installed: &BTreeMap<String, Installed>,
) -> Result<Bom> {
    let p = &req.product;
    let fill = req.fill_profiles;
    let manufacturer = organization(req);
    let licenses: Vec<License> = req
        .license
        .iter()
        .map(|l| License {
            expression: l.clone(),
            acknowledgement: (req.spec_version == SpecVersion::V1_6).then_some(Acknowledgement::Concluded),
        })
        .collect();
    let mut product = Component::new(ComponentType::Application, Some(PRODUCT_REF.into()), &p.name, Some(&p.version));
    product.supplier = p.supplier.as_ref().map(|s| Organization { name: Some(s.clone()), ..Organization::default() });
    product.manufacturer = manufacturer.clone();
    product.licenses = licenses.clone();
    product.purl = p.purl.clone();

    let mut components = Vec::with_capacity(files.len() + packages.len());
    let mut file_refs = Vec::with_capacity(files.len());
    for (f, h) in files {
        let bom_ref = format!("file:{}", f.rel);
        // A file of the release carries the release's version (TR-03183-2
        // asks every component for one).
        let version = fill.then_some(p.version.as_str());
        let mut c = Component::new(ComponentType::File, Some(bom_ref.clone()), &f.rel, version);
        c.hashes = hashes_of(&h);
        if fill {
            c.manufacturer = manufacturer.clone();
            c.licenses = licenses.clone();
            let sha512: Vec<Hash> = c.hashes.iter().filter(|h| h.alg == "SHA-512").cloned().collect();
            c.external_references = vec![ExternalReference {
                kind: ExternalReferenceType::Distribution,
                url: f.rel.clone(),
                hashes: sha512,
            }];
            c.properties = classify(&f)?;
        }
        components.push(c);
        file_refs.push(bom_ref);
    }
    let mut dependencies = Vec::new();
    if !roots.is_empty() || fill {
        dependencies.push(Dependency { dependency_ref: PRODUCT_REF.into(), depends_on: roots.into_iter().collect() });
    }
    if fill {
        dependencies.extend(file_refs.iter().map(|r| Dependency { dependency_ref: r.clone(), depends_on: Vec::new() }));
    }
    let mut package_refs = Vec::with_capacity(packages.len());
    for (purl, pkg) in packages {
        let mut c = Component::new(ComponentType::Library, Some(purl.clone()), &pkg.name, Some(&pkg.version));
        c.purl = Some(purl.clone());
        c.hashes = pkg.hashes.iter().map(package_hash).collect();
        c.external_references = pkg.distributions.iter().map(distribution).collect();
        c.scope = if pkg.dev {
            Some(Scope::Excluded)
        } else if pkg.optional {
            Some(Scope::Optional)
        } else {
            None
        };
        // Facts that are not file hashes (Go's `h1:`) go in properties, as
        // docs/formats.md requires, so no verifier mistakes them for a digest.
        let first_party = pkg.first_party.then(|| Property::new(FIRST_PARTY_PROPERTY, "true"));
        c.properties = first_party
            .into_iter()
            .chain(pkg.properties.iter().map(|(name, value)| Property::new(name, value)))
            .collect();
        if let Some(found) = installed.get(&purl) {
            fill_from_installed(&mut c, found, req.spec_version);
        }
        components.push(c);
        dependencies.push(Dependency { dependency_ref: purl.clone(), depends_on: pkg.dependencies });
        package_refs.push(purl);
    }
    let compositions = if fill { compositions(file_refs, package_refs) } else { Vec::new() };

    let timestamp = req.timestamp.unwrap_or_else(Timestamp::now).to_string();
    let tool = Component::new(ComponentType::Application, None, "attest", Some(env!("CARGO_PKG_VERSION")));
    let metadata = Metadata {
        timestamp,
        tools: Tools { components: vec![tool] },
        manufacturer: if req.spec_version == SpecVersion::V1_6 { manufacturer } else { None },
        component: product,
    };
    Ok(Bom {
        bom_format: "CycloneDX",
        spec_version: req.spec_version,
        serial_number: serial_number()?,
        version: 1,
        metadata,
        components,
        dependencies,
        compositions,
    })
}

/// The property naming the installed metadata file a component's
/// authors, supplier, licence or source repository came from.
pub const INSTALLED_PROPERTY: &str = "attest:installed-metadata";

/// Puts what a package's installed metadata says on its component: its
/// authors (1.6 only), the first author's name as supplier, the licence
/// as `declared`, the repository as a `vcs` reference, and where it came
/// from as [`INSTALLED_PROPERTY`].
fn fill_from_installed(c: &mut Component, found: &Installed, spec: SpecVersion) {
    let v16 = spec == SpecVersion::V1_6;
    if v16 {
        c.authors = found.authors.iter().map(|p| Author { name: p.name.clone(), email: p.email.clone() }).collect();
    }
    if let Some(name) = found.authors.iter().find_map(|p| p.name.clone()) {
        c.supplier = Some(Organization { name: Some(name), ..Organization::default() });
    }
    if let Some(l) = &found.license {
        c.licenses = vec![License { expression: l.clone(), acknowledgement: v16.then_some(Acknowledgement::Declared) }];
    }
    if let Some(url) = &found.vcs {
        c.external_references.push(ExternalReference {
            kind: ExternalReferenceType::Vcs,
            url: url.clone(),
            hashes: Vec::new(),
        });
    }
    c.properties.push(Property::new(INSTALLED_PROPERTY, &found.source));
}

/// What attest can say about completeness. The product's parts are every
/// file scanned and every package read: complete. A vendor file's own
/// dependencies are the other files of the tree (first party, all listed)
/// and whatever it links at run time, which attest cannot see. A lockfile
/// package's edges are what its lockfile records, which attest does not
/// judge complete for every format: unknown.
fn compositions(files: Vec<String>, packages: Vec<String>) -> Vec<Composition> {
    let mut out = vec![Composition {
        aggregate: Aggregate::Complete,
        assemblies: vec![PRODUCT_REF.to_owned()],
        dependencies: Vec::new(),
    }];
    if !files.is_empty() {
        out.push(Composition {
            aggregate: Aggregate::IncompleteFirstPartyOnly,
            assemblies: Vec::new(),
            dependencies: files,
        });
    }
    if !packages.is_empty() {
        out.push(Composition { aggregate: Aggregate::Unknown, assemblies: Vec::new(), dependencies: packages });
    }
    out
}

/// The TR-03183-2 file name and executable / archive / structured
/// classification of a file, from its first bytes and (on Unix) its mode:
/// the rules are in `docs/sbom-profiles.md`.
fn classify(f: &FoundFile) -> Result<Vec<Property>> {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(&f.path)
        .and_then(|file| file.take(512).read_to_end(&mut head))
        .map_err(|e| Error::Usage(format!("{}: cannot read to classify it: {e}", display_path(&f.path))))?;
    let class = crate::profile::classify(&head, is_exec_mode(&f.path));
    let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
    Ok(vec![
        Property::new(BSI_FILENAME, name),
        Property::new(BSI_EXECUTABLE, if class.executable { "executable" } else { "non-executable" }),
        Property::new(BSI_ARCHIVE, if class.archive { "archive" } else { "no archive" }),
        Property::new(BSI_STRUCTURED, if class.structured { "structured" } else { "unstructured" }),
    ])
}

#[cfg(unix)]
fn is_exec_mode(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_exec_mode(_: &Path) -> bool {
    false
}

/// A distribution file as a CycloneDX `distribution` external reference:
/// the file (URL or name) with its own hash, so each hash names its file.
fn distribution(d: &Distribution) -> ExternalReference {
    ExternalReference {
        kind: ExternalReferenceType::Distribution,
        url: d.url.clone(),
        hashes: vec![package_hash(&d.hash)],
    }
}

fn package_hash(h: &PackageHash) -> Hash {
    match h {
        PackageHash::Sha256(d) => Hash { alg: "SHA-256", content: d.to_hex() },
        PackageHash::Sha512(d) => Hash { alg: "SHA-512", content: d.to_hex() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_properties_become_component_properties_not_hashes() {
        let purl = "pkg:golang/golang.org/x/sys@v0.15.0".to_owned();
        let package = Package {
            name: "golang.org/x/sys".into(),
            version: "v0.15.0".into(),
            purl: purl.clone(),
            hashes: Vec::new(),
            dependencies: Vec::new(),
            dev: false,
            optional: false,
            first_party: false,
            distributions: Vec::new(),
            properties: vec![("attest:go:h1".into(), "h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=".into())],
        };
        let bom = build_bom(
            &GenerateRequest::default(),
            Vec::new(),
            BTreeMap::from([(purl, package)]),
            BTreeSet::new(),
            &BTreeMap::new(),
        )
        .unwrap();
        let json = bom.to_json().unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let component = &value["components"][0];
        assert_eq!(
            component["properties"],
            serde_json::json!([{"name": "attest:go:h1", "value": "h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc="}])
        );
        assert!(component.get("hashes").is_none());
    }
}
