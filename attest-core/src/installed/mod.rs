//! Installed package metadata beside a lockfile: who wrote a package, its
//! declared licence and its source repository.
//!
//! A lockfile names packages and versions but not their authors or
//! licences, which conformance profiles ask for per component
//! (`docs/sbom-profiles.md`). When the packages are installed beside the
//! lockfile, their own metadata says it: `node_modules/<name>/package.json`
//! beside an npm, yarn or pnpm lockfile, `<name>-<version>.dist-info/METADATA`
//! in a virtualenv's site-packages beside a Python lockfile, and, when asked
//! (`--cargo-registry`), `<name>-<version>/Cargo.toml` in Cargo's registry
//! sources for a Cargo.lock's crates.io packages; composer.lock carries its
//! packages' metadata in its own entries, and Bundler's `vendor/bundle`
//! holds each gem's gemspec beside a Gemfile.lock. Everything is
//! read offline, bounded in size, and used only when the metadata names the
//! exact package and version the lockfile locks; a file that cannot be read
//! or parsed never fails the SBOM, it becomes a note. The rules are in
//! `docs/lockfiles.md` ("Installed package metadata").

mod cargo;
mod composer;
mod npm;
mod python;
mod ruby;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::lockfile::{LockfileKind, Package};
use composer::composer_entries;

/// Largest package.json or METADATA file read: real ones are a few KiB (a
/// long README embedded in METADATA reaches a few hundred).
pub(crate) const MAX_METADATA_BYTES: u64 = 1 << 20;

/// What a package's installed metadata says, and where it said it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Installed {
    /// The metadata file, named as the lockfile is named (relative to the
    /// scanned PATH, or as given with `--lockfile`) with the path below its
    /// folder appended.
    pub source: String,
    /// The package's authors (npm `author`; Python `Author-email`, else
    /// `Author`, else the maintainers).
    pub authors: Vec<Person>,
    /// The declared licence, only when it is a valid SPDX expression.
    pub license: Option<String>,
    /// The source repository URL.
    pub vcs: Option<String>,
}

impl Installed {
    /// The component fields this fills, by their CycloneDX names, for the
    /// summary: `authors` only in CycloneDX 1.6 (`v1_6`), `supplier` only
    /// when an author has a name.
    pub fn fields(&self, v1_6: bool) -> Vec<&'static str> {
        let mut out = Vec::new();
        if v1_6 && !self.authors.is_empty() {
            out.push("authors");
        }
        if self.authors.iter().any(|p| p.name.is_some()) {
            out.push("supplier");
        }
        if self.license.is_some() {
            out.push("licenses");
        }
        if self.vcs.is_some() {
            out.push("externalReferences/vcs");
        }
        out
    }

    fn is_empty(&self) -> bool {
        self.authors.is_empty() && self.license.is_none() && self.vcs.is_none()
    }
}

/// An author: a name, an e-mail address or both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    /// The name.
    pub name: Option<String>,
    /// The e-mail address.
    pub email: Option<String>,
}

/// The installed packages beside one lockfile.
pub(crate) struct Installs {
    kind: Ecosystem,
    dir: PathBuf,
    rel_dir: String,
    /// Python: normalised name → (version, dist-info folder name).
    dist_infos: BTreeMap<String, Vec<(String, String)>>,
    /// Cargo: the index folders of `$CARGO_HOME/registry/src/`, sorted.
    cargo_indexes: Vec<PathBuf>,
    /// Composer: lower-cased name → (version, what the lock's entry says).
    composer: BTreeMap<String, Vec<(String, Installed)>>,
    /// Bundler: the `specifications/` folders of `vendor/bundle/ruby/*/`, sorted.
    gem_specs: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ecosystem {
    Npm,
    Python,
    Cargo,
    Composer,
    Ruby,
    None,
}

crate::error::value_error!(
    /// Why installed metadata was not used for a package (another version is
    /// installed, the file does not parse): a note for the user, never fatal.
    InstalledNote
);

/// The outcome of looking one package up: metadata, nothing installed, or
/// a note for the user (metadata of another version, a malformed file).
pub(crate) type Lookup = std::result::Result<Option<Installed>, InstalledNote>;

impl Installs {
    /// The installs beside the lockfile at `lock` (named `lock_rel` in the
    /// SBOM), with Cargo's registry sources `cargo_registry`
    /// (`$CARGO_HOME/registry/src`) for a Cargo.lock when given. Only folder
    /// listings are read here; metadata files are read per package.
    pub(crate) fn beside(lock: &Path, lock_rel: &str, kind: LockfileKind, cargo_registry: Option<&Path>) -> Installs {
        let dir = match lock.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let rel_dir = match lock_rel.rfind('/') {
            Some(i) => lock_rel.get(..=i).unwrap_or_default().to_owned(),
            None => String::new(),
        };
        let kind = match kind {
            LockfileKind::Npm | LockfileKind::Yarn | LockfileKind::Pnpm => Ecosystem::Npm,
            LockfileKind::Requirements | LockfileKind::Poetry | LockfileKind::Uv | LockfileKind::Pipfile => {
                Ecosystem::Python
            }
            LockfileKind::Cargo if cargo_registry.is_some() => Ecosystem::Cargo,
            LockfileKind::Composer => Ecosystem::Composer,
            LockfileKind::Gemfile => Ecosystem::Ruby,
            _ => Ecosystem::None,
        };
        let mut installs = Installs {
            kind,
            dir,
            rel_dir,
            dist_infos: BTreeMap::new(),
            cargo_indexes: Vec::new(),
            composer: BTreeMap::new(),
            gem_specs: Vec::new(),
        };
        match (kind, cargo_registry) {
            (Ecosystem::Python, _) => installs.index_site_packages(),
            (Ecosystem::Composer, _) => installs.composer = composer_entries(lock, lock_rel),
            (Ecosystem::Ruby, _) => {
                let rubies = std::fs::read_dir(installs.dir.join("vendor/bundle/ruby")).into_iter().flatten().flatten();
                installs.gem_specs = rubies.map(|e| e.path().join("specifications")).filter(|p| p.is_dir()).collect();
                installs.gem_specs.sort();
            }
            (Ecosystem::Cargo, Some(registry)) => {
                let entries = std::fs::read_dir(registry).into_iter().flatten().flatten();
                installs.cargo_indexes = entries.map(|e| e.path()).filter(|p| p.is_dir()).collect();
                installs.cargo_indexes.sort();
            }
            _ => {}
        }
        installs
    }

    /// The installed metadata of `pkg`, if its exact version is installed.
    pub(crate) fn lookup(&self, pkg: &Package) -> Lookup {
        match self.kind {
            Ecosystem::Npm => self.npm(pkg),
            Ecosystem::Python => self.python(pkg),
            Ecosystem::Cargo => self.cargo(pkg),
            Ecosystem::Composer => Ok(self
                .composer
                .get(&pkg.name.to_lowercase())
                .and_then(|found| found.iter().find(|(v, _)| *v == pkg.version))
                .map(|(_, i)| i.clone())),
            Ecosystem::Ruby => self.gem(pkg),
            Ecosystem::None => Ok(None),
        }
    }
}

/// Refuses metadata at `source` that names another package or version
/// (`name`, `version` as it says them) than the `pkg` the lockfile locks,
/// compared to the letter.
fn expect_locked(source: &str, name: Option<&str>, version: Option<&str>, pkg: &Package) -> Result<(), InstalledNote> {
    expect_locked_by(source, name, version, pkg, |n, v| n == pkg.name && v == pkg.version)
}

/// [`expect_locked`] under the ecosystem's own sameness (`same(name,
/// version)`), for ecosystems whose names and versions have several
/// spellings (Python's normalised names and PEP 440 versions).
fn expect_locked_by(
    source: &str,
    name: Option<&str>,
    version: Option<&str>,
    pkg: &Package,
    same: impl FnOnce(&str, &str) -> bool,
) -> Result<(), InstalledNote> {
    match (name, version) {
        (Some(n), Some(v)) if same(n, v) => Ok(()),
        _ => Err(format!(
            "{source}: is {} {}, the lockfile locks {} {}; not used",
            name.unwrap_or("?"),
            version.unwrap_or("?"),
            pkg.name,
            pkg.version
        )
        .into()),
    }
}

fn str_field<'a>(json: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    json.get(key).and_then(serde_json::Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// `Name <email> (url)`, each part optional (npm's author string, one
/// entry of Python's `Author-email`).
fn parse_person(s: &str) -> Person {
    let without_url = match s.find('(') {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    };
    let (name, email) = match (without_url.find('<'), without_url.rfind('>')) {
        (Some(a), Some(b)) if a < b => (without_url.get(..a).unwrap_or(""), without_url.get(a + 1..b)),
        _ if without_url.contains('@') && !without_url.trim().contains(' ') => ("", Some(without_url)),
        _ => (without_url, None),
    };
    let clean = |v: &str| {
        let v = v.trim().trim_matches('"').trim();
        (!v.is_empty()).then(|| v.to_owned())
    };
    Person { name: clean(name), email: email.and_then(clean) }
}

/// A licence that is a valid SPDX expression (other text, such as npm's
/// `SEE LICENSE IN …` or a free-form Python `License`, is not used).
fn spdx_expression(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && !s.contains('\n') && spdx::Expression::parse(s).is_ok()).then(|| s.to_owned())
}
