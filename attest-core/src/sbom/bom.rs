//! Building the CycloneDX document from the hashed files and the packages
//! the lockfiles name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::cyclonedx::model::{
    Acknowledgement, Aggregate, Author, Bom, Component, ComponentType, Composition, Contact, Dependency,
    ExternalReference, ExternalReferenceType, Hash, License, Metadata, Organization, Property, Scope, SpecVersion,
    Tools, serial_number,
};
use crate::digest::FileHashes;
use crate::error::{Error, Result, display_path};
use crate::installed::Installed;
use crate::lockfile::{Distribution, Package, PackageHash};
use crate::scan::FoundFile;
use crate::timestamp::Timestamp;

use super::{FIRST_PARTY_PROPERTY, GenerateRequest};

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
pub(super) fn check_license_expression(expr: &str) -> Result<()> {
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

pub(super) fn build_bom(
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
            properties: vec![("attest:go:h1".into(), "h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=".into())],
            ..Package::new("golang.org/x/sys".into(), "v0.15.0".into(), purl.clone(), Vec::new())
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
