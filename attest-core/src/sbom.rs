//! `sbom generate`: the CycloneDX 1.5 SBOM of a release.
//!
//! Files are hashed by attest itself (SHA-256, and SHA-512 on request);
//! dependencies come from lockfiles with the hashes they record. Output is
//! deterministic apart from `serialNumber` and `metadata.timestamp`: the same
//! inputs give byte-identical component lists in the same order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::str::FromStr;

use cyclonedx_bom::external_models::normalized_string::NormalizedString;
use cyclonedx_bom::external_models::uri::Purl;
use cyclonedx_bom::models::bom::{Bom, SpecVersion, UrnUuid};
use cyclonedx_bom::models::component::{Classification, Component, Components};
use cyclonedx_bom::models::dependency::{Dependencies, Dependency};
use cyclonedx_bom::models::hash::{Hash, HashAlgorithm, HashValue, Hashes};
use cyclonedx_bom::models::metadata::Metadata;
use cyclonedx_bom::models::organization::OrganizationalEntity;
use cyclonedx_bom::models::property::{Properties, Property};
use cyclonedx_bom::models::tool::{Tool, Tools};

use crate::digest::FileHashes;
use crate::error::{Error, Result, display_path};
use crate::fsio::read_bounded;
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::lockfile::{self, LockfileKind, Package, PackageHash};
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
    /// `metadata.timestamp`.
    pub timestamp: Option<Timestamp>,
}

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
}

/// Walks the paths; the caller may show progress with the total size.
pub fn scan(req: &GenerateRequest) -> Result<Scan> {
    if req.paths.is_empty() && req.lockfiles.is_empty() {
        return Err(Error::Usage("nothing to describe: give at least one PATH or --lockfile".into()));
    }
    let mut scan = Scan::default();
    let opts = ScanOptions { follow_symlinks: req.follow_symlinks };
    let several = req.paths.len() > 1;
    for root in &req.paths {
        // With several roots, each keeps its own name so files stay apart.
        let prefix = match (several, root.file_name()) {
            (true, Some(n)) => format!("{}/", n.to_string_lossy()),
            _ => String::new(),
        };
        scan_root(root, &prefix, opts, &mut scan)?;
    }
    scan.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    if let Some(w) = scan.files.windows(2).find(|w| w.first().map(|f| &f.rel) == w.get(1).map(|f| &f.rel)) {
        let name = w.first().map(|f| f.rel.clone()).unwrap_or_default();
        return Err(Error::Usage(format!(
            "two scanned paths give the same file name {name:?}; scan their common parent"
        )));
    }
    Ok(scan)
}

/// Builds the SBOM from a finished scan. `progress` receives the bytes of
/// each file as it is hashed.
pub fn generate(req: &GenerateRequest, scan: Scan, progress: &(dyn Fn(u64) + Sync)) -> Result<Generated> {
    let Scan { files, mut skipped } = scan;
    let hashes = hash_files(&files, req.sha512, progress);
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

    // Lockfiles: those found in the tree, then those named.
    let mut lock_paths: Vec<(String, PathBuf, LockfileKind)> = hashed
        .iter()
        .filter_map(|(f, _)| {
            let name = f.path.file_name()?.to_str()?;
            LockfileKind::from_file_name(name).map(|k| (f.rel.clone(), f.path.clone(), k))
        })
        .collect();
    for p in &req.lockfiles {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let kind = LockfileKind::from_file_name(name).ok_or_else(|| {
            Error::Usage(format!(
                "{}: not a lockfile attest reads ({})",
                display_path(p),
                LockfileKind::ALL.map(LockfileKind::file_name).join(", ")
            ))
        })?;
        lock_paths.push((name.to_owned(), p.clone(), kind));
    }
    let mut packages: BTreeMap<String, Package> = BTreeMap::new();
    let mut roots: BTreeSet<String> = BTreeSet::new();
    for (_, path, kind) in &lock_paths {
        let bytes = read_bounded(path, MAX_DOCUMENT_BYTES, "lockfile")?;
        let lock = lockfile::parse(*kind, &bytes, &display_path(path))?;
        roots.extend(lock.root_dependencies);
        for p in lock.packages {
            merge_package(&mut packages, p);
        }
    }

    let bytes_hashed = hashed.iter().map(|(_, h)| h.size).sum();
    let files_n = hashed.len();
    let packages_n = packages.len();
    let bom = build_bom(req, hashed, packages, roots)?;
    let mut json = Vec::new();
    bom.output_as_json_v1_5(&mut json)
        .map_err(|e| Error::Usage(format!("internal error: cannot write the SBOM: {e}")))?;
    json.push(b'\n');
    Ok(Generated {
        json,
        files: files_n,
        packages: packages_n,
        bytes_hashed,
        lockfiles: lock_paths.into_iter().map(|(n, _, _)| n).collect(),
        skipped,
    })
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
            let deps: BTreeSet<String> = existing.dependencies.drain(..).chain(p.dependencies).collect();
            existing.dependencies = deps.into_iter().collect();
        }
        None => {
            packages.insert(p.purl.clone(), p);
        }
    }
}

const PRODUCT_REF: &str = "product";

fn build_bom(
    req: &GenerateRequest,
    files: Vec<(FoundFile, FileHashes)>,
    packages: BTreeMap<String, Package>,
    roots: BTreeSet<String>,
) -> Result<Bom> {
    let p = &req.product;
    let mut product = Component::new(Classification::Application, &p.name, &p.version, Some(PRODUCT_REF.into()));
    product.supplier = p.supplier.as_deref().map(OrganizationalEntity::new);
    // The crate's `Purl::from_str` accepts anything; purls are checked where made.
    product.purl = p.purl.as_deref().and_then(|s| Purl::from_str(s).ok());

    let mut components = Vec::with_capacity(files.len() + packages.len());
    for (f, h) in files {
        let mut c = Component::new(Classification::File, &f.rel, "", Some(format!("file:{}", f.rel)));
        c.version = None;
        let mut hs = vec![hash(HashAlgorithm::SHA_256, h.sha256.to_hex())];
        if let Some(s) = h.sha512 {
            hs.push(hash(HashAlgorithm::SHA_512, s.to_hex()));
        }
        c.hashes = Some(Hashes(hs));
        components.push(c);
    }
    let mut dependencies = Vec::new();
    if !roots.is_empty() {
        dependencies.push(Dependency { dependency_ref: PRODUCT_REF.into(), dependencies: roots.into_iter().collect() });
    }
    for (purl, pkg) in packages {
        let mut c = Component::new(Classification::Library, &pkg.name, &pkg.version, Some(purl.clone()));
        c.purl = Purl::from_str(&purl).ok();
        if !pkg.hashes.is_empty() {
            c.hashes = Some(Hashes(
                pkg.hashes
                    .iter()
                    .map(|h| match h {
                        PackageHash::Sha256(d) => hash(HashAlgorithm::SHA_256, d.to_hex()),
                        PackageHash::Sha512(d) => hash(HashAlgorithm::SHA_512, d.to_hex()),
                    })
                    .collect(),
            ));
        }
        // Facts that are not file hashes (Go's `h1:`) go in properties, as
        // formats.md requires, so no verifier mistakes them for a digest.
        if !pkg.properties.is_empty() {
            c.properties =
                Some(Properties(pkg.properties.iter().map(|(name, value)| Property::new(name, value)).collect()));
        }
        components.push(c);
        dependencies.push(Dependency { dependency_ref: purl, dependencies: pkg.dependencies });
    }

    let timestamp = req.timestamp.unwrap_or_else(Timestamp::now).to_string();
    let metadata =
        Metadata {
            timestamp: Some(timestamp.try_into().map_err(|e| {
                Error::Usage(format!("internal error: timestamp not accepted by cyclonedx-bom: {e:?}"))
            })?),
            tools: Some(Tools::List(vec![Tool {
                vendor: None,
                name: Some(NormalizedString::new("attest")),
                version: Some(NormalizedString::new(env!("CARGO_PKG_VERSION"))),
                hashes: None,
                external_references: None,
            }])),
            component: Some(product),
            ..Default::default()
        };
    Ok(Bom {
        version: 1,
        serial_number: Some(UrnUuid::generate()),
        metadata: Some(metadata),
        components: Some(Components(components)),
        dependencies: (!dependencies.is_empty()).then_some(Dependencies(dependencies)),
        spec_version: SpecVersion::V1_5,
        ..Bom::default()
    })
}

fn hash(alg: HashAlgorithm, hex: String) -> Hash {
    Hash { alg, content: HashValue(hex) }
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
            properties: vec![("attest:go:h1".into(), "h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=".into())],
        };
        let bom =
            build_bom(&GenerateRequest::default(), Vec::new(), BTreeMap::from([(purl, package)]), BTreeSet::new())
                .unwrap();
        let mut json = Vec::new();
        bom.output_as_json_v1_5(&mut json).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let component = &value["components"][0];
        assert_eq!(
            component["properties"],
            serde_json::json!([{"name": "attest:go:h1", "value": "h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc="}])
        );
        assert!(component.get("hashes").is_none());
    }
}
