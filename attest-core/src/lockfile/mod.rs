//! Lockfile readers: the dependencies a release was built from.
//!
//! A lockfile is the most precise record of what went into a build: every
//! resolved package, its exact version, where it came from and (usually) a
//! hash of its archive. `sbom generate` turns it into CycloneDX components and
//! dependency edges.
//!
//! The readers are strict where a mistake would misstate the build (a hash
//! that does not decode, a dependency that resolves to nothing, duplicate JSON
//! keys) and lenient about fields they do not use: lockfiles are other tools'
//! formats and grow new fields. Output is deterministic: packages sorted by
//! purl, each purl once, so the same lockfile always gives the same SBOM.

mod cargo;
mod cargo_manifest;
mod composer;
mod gemfile;
mod golang;
mod gomod;
mod npm;
mod pipfile;
mod pnpm;
mod poetry;
mod pypi;
mod pyproject;
mod requirements;
mod uv;
mod yaml;
mod yarn;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use crate::digest::{Sha256Digest, Sha512Digest};
use crate::error::{Error, Result};

pub use cargo_manifest::{CargoManifest, mark_dev as mark_cargo_dev, read_manifest as read_cargo_manifest};

/// Which lockfile format a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LockfileKind {
    /// Cargo's `Cargo.lock`, format versions 1–4.
    Cargo,
    /// npm's `package-lock.json` / `npm-shrinkwrap.json`, lockfileVersion 1–3.
    Npm,
    /// Bundler's `Gemfile.lock` (GEM, GIT and PATH sources; Bundler 2.5+ CHECKSUMS).
    Gemfile,
    /// Composer's `composer.lock` (`packages` and `packages-dev`).
    Composer,
    /// pip's `requirements.txt`, every requirement pinned with `==`, usually with `--hash`es.
    Requirements,
    /// Poetry's `poetry.lock`, lock-version 1.x and 2.x.
    Poetry,
    /// uv's `uv.lock`, format version 1.
    Uv,
    /// Pipenv's `Pipfile.lock`, pipfile-spec 6.
    Pipfile,
    /// Go's `go.sum` (module versions and their `h1:` hashes; no edges).
    GoSum,
    /// Go's `go.mod` (the build list, direct and `// indirect`, with
    /// `replace`s applied; no hashes: a go.sum beside it adds them).
    GoMod,
    /// Yarn's `yarn.lock`: yarn 1's own format and Berry's YAML (yarn 2–4,
    /// `__metadata` version 4–8), told apart by content.
    Yarn,
    /// pnpm's `pnpm-lock.yaml`, lockfileVersion 6.0 (pnpm 8) and 9.0 (pnpm 9
    /// and later, with the env document pnpm 11 may put first).
    Pnpm,
}

impl LockfileKind {
    /// The usual file name of this kind (for messages and tests).
    pub fn file_name(self) -> &'static str {
        match self {
            LockfileKind::Cargo => "Cargo.lock",
            LockfileKind::Npm => "package-lock.json",
            LockfileKind::Requirements => "requirements.txt",
            LockfileKind::Poetry => "poetry.lock",
            LockfileKind::Uv => "uv.lock",
            LockfileKind::Pipfile => "Pipfile.lock",
            LockfileKind::GoSum => "go.sum",
            LockfileKind::GoMod => "go.mod",
            LockfileKind::Gemfile => "Gemfile.lock",
            LockfileKind::Composer => "composer.lock",
            LockfileKind::Yarn => "yarn.lock",
            LockfileKind::Pnpm => "pnpm-lock.yaml",
        }
    }

    /// The manifest beside the lockfile that [`parse_with_manifest`] reads,
    /// for the kinds whose lockfile alone does not say everything.
    pub fn manifest_name(self) -> Option<&'static str> {
        match self {
            LockfileKind::Yarn => Some("package.json"),
            LockfileKind::Poetry => Some("pyproject.toml"),
            LockfileKind::Composer => Some("composer.json"),
            _ => None,
        }
    }

    /// Every kind, for help texts and the fuzzers.
    pub const ALL: [LockfileKind; 12] = [
        LockfileKind::Cargo,
        LockfileKind::Npm,
        LockfileKind::Requirements,
        LockfileKind::Poetry,
        LockfileKind::Uv,
        LockfileKind::Pipfile,
        LockfileKind::GoSum,
        LockfileKind::GoMod,
        LockfileKind::Gemfile,
        LockfileKind::Composer,
        LockfileKind::Yarn,
        LockfileKind::Pnpm,
    ];

    /// Recognises a lockfile by its file name (each kind's `file_name`, and
    /// `npm-shrinkwrap.json` for npm), so a scan of a source tree can pick
    /// lockfiles out without reading every file.
    pub fn from_file_name(name: &str) -> Option<Self> {
        match name {
            "Cargo.lock" => Some(Self::Cargo),
            "package-lock.json" | "npm-shrinkwrap.json" => Some(Self::Npm),
            "Gemfile.lock" => Some(Self::Gemfile),
            "composer.lock" => Some(Self::Composer),
            "requirements.txt" => Some(Self::Requirements),
            "poetry.lock" => Some(Self::Poetry),
            "uv.lock" => Some(Self::Uv),
            "Pipfile.lock" => Some(Self::Pipfile),
            "go.sum" => Some(Self::GoSum),
            "go.mod" => Some(Self::GoMod),
            "yarn.lock" => Some(Self::Yarn),
            "pnpm-lock.yaml" => Some(Self::Pnpm),
            _ => None,
        }
    }
}

/// A hash the lockfile gives for a package's distributed archive (the
/// `.crate` file, the npm tarball), reported as the source gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageHash {
    /// SHA-256 (Cargo.lock checksums; Gemfile.lock `CHECKSUMS`; `sha256-`
    /// integrity in npm, yarn 1 and pnpm locks; the `sha256:` file hashes of
    /// pip, Poetry, uv and Pipenv locks).
    Sha256(Sha256Digest),
    /// SHA-512 (`sha512-` integrity in npm, yarn 1 and pnpm locks; the rare
    /// `sha512:` file hashes of the Python locks).
    Sha512(Sha512Digest),
}

/// One distribution file of a package and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    /// Where the lockfile says the file is: its URL (uv.lock) or, when the
    /// lockfile gives only the name (poetry.lock), the file name.
    pub url: String,
    /// The file's hash.
    pub hash: PackageHash,
}

/// One resolved package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The name as the ecosystem spells it, e.g. `@babel/core` (for an npm
    /// alias, the real package's name, not the alias).
    pub name: String,
    /// The resolved version; empty when the lockfile does not record one
    /// (an npm v1 `file:` dependency, a workspace folder without a version).
    pub version: String,
    /// Canonical purl, e.g. `pkg:cargo/serde@1.0.200`,
    /// `pkg:npm/%40babel/core@7.24.0`; qualified with `vcs_url`,
    /// `repository_url` or `download_url` when the package does not come from
    /// the ecosystem's default registry.
    pub purl: String,
    /// Hashes of the distributed archive; empty for path, workspace, git and
    /// bundled packages, for npm packages whose only integrity is SHA-1, and
    /// always for go.sum, go.mod, composer.lock and yarn Berry, which give
    /// no digest of a file a verifier could fetch (go.sum's `h1:` and
    /// Berry's checksum are `properties`). A Python package has one per
    /// distribution file (sdist and wheels).
    pub hashes: Vec<PackageHash>,
    /// Purls of direct dependencies, sorted, deduplicated.
    pub dependencies: Vec<String>,
    /// Whether the package is needed only for development. Such packages
    /// are still listed (they are in the build), so a policy can tell them
    /// apart rather than lose them. As each lockfile says it: npm's and
    /// pnpm v6's `dev: true`, Composer's `packages-dev`, Pipfile.lock's
    /// `develop`, Poetry's dev category or groups without `main`. pnpm v9
    /// and uv.lock do not mark them, so it is what only development
    /// dependencies reach (pnpm's `devDependencies` and the env document's
    /// tooling, uv's `dev-dependencies`). Cargo.lock does not say either;
    /// [`mark_cargo_dev`] marks it from the workspace's Cargo.toml files.
    /// Always `false` for requirements.txt, go.sum, go.mod, Gemfile.lock and
    /// yarn.lock (both formats), whose lockfiles do not say.
    pub dev: bool,
    /// Whether the package is installed only when it can be (npm's and
    /// pnpm's `optional`, yarn Berry's `dependenciesMeta` optional, Poetry's
    /// `optional = true` extras): the product runs without it. A package
    /// that is also reached as a required dependency is not optional.
    pub optional: bool,
    /// Whether the package is the project's own (a Cargo workspace or path
    /// crate, an npm workspace folder, a yarn Berry workspace other than
    /// `workspace:.`, a pnpm importer another importer links to, a Bundler
    /// `PATH` gem, a uv member other than the one at `.`): part of the
    /// product, listed so the graph shows what it brings in, and marked so
    /// no one mistakes it for a supplier's.
    pub first_party: bool,
    /// The distribution files the lockfile names for the package (a PyPI
    /// release's sdist and wheels), each with its hash: reported as
    /// CycloneDX `distribution` external references, so each hash names
    /// the file it is the hash of. Empty for ecosystems with one archive
    /// per version (its hash is in `hashes`).
    pub distributions: Vec<Distribution>,
    /// Extra facts emitted as CycloneDX component properties, as (name,
    /// value) pairs, e.g. (`attest:go:h1`, `h1:...`): values that describe
    /// the package but are not hashes of a file, so they must never be put
    /// in `hashes` where a verifier would compare them with a file's digest.
    pub properties: Vec<(String, String)>,
}

impl Package {
    /// A package with no dependency edges, not development-only, optional or
    /// first-party, without distributions or properties: the whole of what
    /// formats without edges (requirements.txt) say, and the base every
    /// reader updates with what its format adds (`Package { dev, ..new }`),
    /// so no reader spells out the fields its format does not have.
    pub fn new(name: String, version: String, purl: String, hashes: Vec<PackageHash>) -> Self {
        Self {
            name,
            version,
            purl,
            hashes,
            dependencies: Vec::new(),
            dev: false,
            optional: false,
            first_party: false,
            distributions: Vec::new(),
            properties: Vec::new(),
        }
    }
}

/// The packages of one lockfile, sorted by purl, each purl once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lockfile {
    /// The format read.
    pub kind: LockfileKind,
    /// Every package, sorted by purl, each purl once.
    pub packages: Vec<Package>,
    /// Purls of the product's own direct dependencies, sorted, deduplicated:
    /// the edges from the product. npm v2/v3: the root `""` package's;
    /// go.mod: the requirements not marked `// indirect`; Gemfile.lock:
    /// `DEPENDENCIES`. Also the dependencies of what is the product itself
    /// and so is not listed as a package: yarn Berry's `workspace:.`,
    /// `portal:` and `link:` folders, pnpm's root importer and importers no
    /// link names (and the env document's config and package-manager
    /// dependencies), uv's member at `.`. And, for every format, each
    /// first-party package no package depends on. Otherwise empty where the
    /// lockfile has no entry for the project: npm's v1, yarn 1,
    /// requirements.txt, poetry.lock, Pipfile.lock, go.sum and composer.lock.
    pub root_dependencies: Vec<String>,
    /// Whether the packages are every package the build needs. False for a
    /// go.mod whose `go` line is below 1.17 (it lists only part of the
    /// build list) and for go.sum (it also lists versions only consulted
    /// during version selection).
    pub whole_build: bool,
}

/// The project manifest beside a lockfile (see [`LockfileKind::manifest_name`]).
#[derive(Debug, Clone, Copy)]
pub struct Manifest<'a> {
    /// Its contents (size-bounded by the caller).
    pub bytes: &'a [u8],
    /// Its name for messages.
    pub doc: &'a str,
}

/// Parses `bytes` (already size-bounded by the caller) as `kind`; `doc` names
/// the file in errors.
pub fn parse(kind: LockfileKind, bytes: &[u8], doc: &str) -> Result<Lockfile> {
    parse_with_manifest(kind, bytes, doc, None)
}

/// [`parse`], with the project's manifest beside the lockfile when there is
/// one: yarn Berry's package.json `resolutions` say which entry a remapped
/// dependency resolves to; Poetry's pyproject.toml and Composer's
/// composer.json name the project and its direct dependencies, which their
/// lockfiles do not record.
pub fn parse_with_manifest(
    kind: LockfileKind,
    bytes: &[u8],
    doc: &str,
    manifest: Option<Manifest<'_>>,
) -> Result<Lockfile> {
    let mut whole_build = kind != LockfileKind::GoSum;
    let (packages, root_dependencies) = match kind {
        LockfileKind::Cargo => cargo::parse(bytes, doc)?,
        LockfileKind::Npm => npm::parse(bytes, doc)?,
        LockfileKind::Gemfile => gemfile::parse(bytes, doc)?,
        LockfileKind::Composer => composer::parse(bytes, doc, manifest)?,
        LockfileKind::Requirements => requirements::parse(bytes, doc)?,
        LockfileKind::Poetry => poetry::parse(bytes, doc, manifest)?,
        LockfileKind::Uv => uv::parse(bytes, doc)?,
        LockfileKind::Pipfile => pipfile::parse(bytes, doc)?,
        LockfileKind::GoSum => golang::parse(bytes, doc)?,
        LockfileKind::GoMod => {
            let (packages, roots, pruned) = gomod::parse(bytes, doc)?;
            whole_build = pruned;
            (packages, roots)
        }
        LockfileKind::Yarn => yarn::parse(bytes, doc, manifest)?,
        LockfileKind::Pnpm => pnpm::parse(bytes, doc)?,
    };
    let (packages, mut root_dependencies) = normal_versions(packages, root_dependencies);
    root_dependencies.extend(unreached_first_party(&packages));
    Ok(Lockfile {
        kind,
        packages: normalise(packages, doc)?,
        root_dependencies: sorted(root_dependencies),
        whole_build,
    })
}

/// The first-party packages no package depends on: the product is made
/// of them, so it depends on them (a Cargo workspace's binaries, a
/// workspace folder the root package.json does not name). Done here, once,
/// so that every ecosystem links its first-party packages the same way.
fn unreached_first_party(packages: &[Package]) -> Vec<String> {
    let needed: HashSet<&str> = packages.iter().flat_map(|p| p.dependencies.iter().map(String::as_str)).collect();
    packages.iter().filter(|p| p.first_party && !needed.contains(p.purl.as_str())).map(|p| p.purl.clone()).collect()
}

/// The property that keeps a version as the lockfile spelt it, when
/// `normal_versions` wrote another spelling into the purl.
pub const VERSION_AS_WRITTEN: &str = "attest:version-as-written";

/// Writes every package's version in its ecosystem's normal form
/// ([`crate::version::normal_form`]: `2.32.03` → `2.32.3` on PyPI, `v3.3.6`
/// → `3.3.6` on npm), in its purl, its `version` and every edge that names
/// it, keeping the spelling as written in [`VERSION_AS_WRITTEN`]. One
/// release then has one purl in what attest generates, so a revocation or a
/// pin of the normal spelling meets it in any other tool too (docs/threat-model.md
/// T38), and two spellings of one release merge into one component. Done
/// here, once for every reader, so that no reader can forget it.
fn normal_versions(mut packages: Vec<Package>, mut roots: Vec<String>) -> (Vec<Package>, Vec<String>) {
    let mut renamed: HashMap<String, String> = HashMap::new();
    for p in &mut packages {
        let ty = p.purl.strip_prefix("pkg:").and_then(|rest| rest.split('/').next()).unwrap_or("");
        let Cow::Owned(normal) = crate::version::normal_form(ty, &p.version) else { continue };
        let Some(purl) = with_version(&p.purl, &normal) else { continue };
        let written = std::mem::replace(&mut p.version, normal);
        p.properties.push((VERSION_AS_WRITTEN.to_owned(), written));
        renamed.insert(std::mem::replace(&mut p.purl, purl.clone()), purl);
    }
    if renamed.is_empty() {
        return (packages, roots);
    }
    let rename = |purls: &mut Vec<String>| {
        for purl in purls.iter_mut() {
            if let Some(new) = renamed.get(purl.as_str()) {
                purl.clone_from(new);
            }
        }
    };
    for p in &mut packages {
        rename(&mut p.dependencies);
    }
    rename(&mut roots);
    (packages, roots)
}

/// `purl` (as the readers write it, with the packageurl crate) with its
/// version replaced; `None` if it does not parse or has no version.
/// Only the version changes: the text before it is kept as the reader
/// wrote it (the crate would lower-case a Go module path on the way).
fn with_version(purl: &str, version: &str) -> Option<String> {
    let mut p = packageurl::PackageUrl::from_str(purl).ok()?;
    p.version()?;
    p.with_version(version.to_owned()).ok()?;
    let rebuilt = p.to_string();
    let at = |s: &str| s.get(..s.find(['?', '#']).unwrap_or(s.len())).and_then(|path| path.rfind('@'));
    Some(format!("{}{}", purl.get(..at(purl)?)?, rebuilt.get(at(&rebuilt)?..)?))
}

/// Sorts `packages` by purl and merges packages that share a purl (npm keeps
/// one copy per install location; they are one package). Copies that
/// disagree about the archive's hash cannot be one package, so that is an
/// error rather than a silent choice.
fn normalise(mut packages: Vec<Package>, doc: &str) -> Result<Vec<Package>> {
    packages.sort_by(|a, b| a.purl.cmp(&b.purl));
    let mut out: Vec<Package> = Vec::with_capacity(packages.len());
    for package in packages {
        match out.last_mut() {
            Some(last) if last.purl == package.purl => merge(last, package, doc)?,
            _ => out.push(package),
        }
    }
    for package in &mut out {
        package.dependencies = sorted(std::mem::take(&mut package.dependencies));
    }
    Ok(out)
}

/// Folds `other`, a second copy of `into`'s purl, into `into`.
fn merge(into: &mut Package, other: Package, doc: &str) -> Result<()> {
    let subset = |a: &[PackageHash], b: &[PackageHash]| a.iter().all(|h| b.contains(h));
    let same = subset(&into.hashes, &other.hashes) && subset(&other.hashes, &into.hashes);
    if into.hashes.is_empty() {
        into.hashes = other.hashes;
    } else if !other.hashes.is_empty() && !same {
        return Err(Error::malformed(
            doc,
            format!(
                "two copies of {} ({}) give different hashes ({:?} and {:?})",
                into.name, into.purl, into.hashes, other.hashes
            ),
        ));
    }
    into.dependencies.extend(other.dependencies);
    into.dev &= other.dev;
    into.optional &= other.optional;
    into.first_party |= other.first_party;
    for d in other.distributions {
        if !into.distributions.contains(&d) {
            into.distributions.push(d);
        }
    }
    for property in other.properties {
        if !into.properties.contains(&property) {
            into.properties.push(property);
        }
    }
    Ok(())
}

/// Every node reachable from `start` along `edges` (the starts included).
/// Lockfiles that do not mark development packages (uv.lock, pnpm's v9)
/// tell them this way: what the project's own non-development dependencies
/// do not reach is needed only for development.
fn reachable(start: Vec<String>, edges: &HashMap<String, Vec<String>>) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut todo = start;
    while let Some(node) = todo.pop() {
        if let Some(next) = edges.get(&node)
            && !seen.contains(&node)
        {
            todo.extend(next.iter().cloned());
        }
        seen.insert(node);
    }
    seen
}

fn sorted(mut purls: Vec<String>) -> Vec<String> {
    purls.sort();
    purls.dedup();
    purls
}

/// Builds a canonical purl with the packageurl crate (which applies the
/// spec's per-type rules and percent-encoding). An empty `version` leaves the
/// version out. Errors are phrased for a message about the package.
fn purl(
    ty: &'static str,
    namespace: Option<&str>,
    name: &str,
    version: &str,
    qualifier: Option<&(&'static str, String)>,
) -> std::result::Result<String, String> {
    // The packageurl crate lower-cases golang namespaces, but Go module
    // paths are case-sensitive (`github.com/Azure/…` and `github.com/azure/…`
    // are two modules; the purl spec's golang type says so, and syft, OSV
    // and deps.dev keep case). `generic` keeps case and encodes the same way.
    let built_as = if ty == "golang" { "generic" } else { ty };
    let build = || -> packageurl::Result<String> {
        let mut purl = packageurl::PackageUrl::new(built_as, name)?;
        if let Some(namespace) = namespace {
            purl.with_namespace(namespace)?;
        }
        if !version.is_empty() {
            purl.with_version(version)?;
        }
        if let Some((key, value)) = qualifier {
            purl.add_qualifier(*key, value.as_str())?;
        }
        let text = purl.to_string();
        Ok(match text.strip_prefix("pkg:generic/") {
            Some(rest) if ty != built_as => format!("pkg:{ty}/{rest}"),
            _ => text,
        })
    };
    build().map_err(|e| format!("cannot form a package URL: {e}"))
}

/// The `vcs_url` qualifier's value in the SPDX / pip form the purl spec
/// points to, `git+https://host/repo@COMMIT`, from a lockfile's
/// `git+https://host/repo?ref=..#COMMIT`. The branch or tag in the query is
/// dropped: the commit alone says what was built.
fn vcs_url(source: &str) -> String {
    let (url, commit) = source.split_once('#').unwrap_or((source, ""));
    let url = url.split_once('?').map_or(url, |(url, _)| url);
    if commit.is_empty() { url.to_owned() } else { format!("{url}@{commit}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t38_versions_are_written_in_normal_form_with_edges_and_the_spelling_kept() {
        let with_version = |purl: &str, version: &str, deps: &[&str]| Package {
            version: version.into(),
            ..package(purl, Vec::new(), deps, false)
        };
        let packages = vec![
            with_version("pkg:pypi/requests@2.32.03", "2.32.03", &["pkg:pypi/idna@3.07"]),
            with_version("pkg:pypi/idna@3.07", "3.07", &[]),
            with_version("pkg:npm/ms@v3.3.6", "v3.3.6", &[]),
            with_version("pkg:cargo/time@0.3.36%2Bbuild.5", "0.3.36+build.5", &[]),
            with_version("pkg:generic/x@01.0", "01.0", &[]),
            with_version("pkg:pypi/plain@2.32.3", "2.32.3", &[]),
        ];
        let roots = vec!["pkg:pypi/requests@2.32.03".to_owned(), "pkg:npm/ms@v3.3.6".to_owned()];
        let (out, roots) = normal_versions(packages, roots);
        let purls: Vec<&str> = out.iter().map(|p| p.purl.as_str()).collect();
        assert_eq!(
            purls,
            [
                "pkg:pypi/requests@2.32.3",
                "pkg:pypi/idna@3.7",
                "pkg:npm/ms@3.3.6",
                "pkg:cargo/time@0.3.36%2Bbuild.5",
                "pkg:generic/x@01.0",
                "pkg:pypi/plain@2.32.3"
            ]
        );
        assert_eq!(roots, ["pkg:pypi/requests@2.32.3", "pkg:npm/ms@3.3.6"]);
        let first = out.first().unwrap();
        assert_eq!(first.version, "2.32.3");
        assert_eq!(first.dependencies, ["pkg:pypi/idna@3.7"]);
        assert_eq!(first.properties, [(VERSION_AS_WRITTEN.to_owned(), "2.32.03".to_owned())]);
        // Already normal, or without rules: no property.
        assert!(out.iter().skip(3).all(|p| p.properties.is_empty()), "{out:?}");
    }

    fn package(purl: &str, hashes: Vec<PackageHash>, deps: &[&str], dev: bool) -> Package {
        Package {
            dependencies: deps.iter().map(|d| d.to_string()).collect(),
            dev,
            ..Package::new("p".into(), "1".into(), purl.into(), hashes)
        }
    }

    #[test]
    fn recognises_lockfiles_by_name() {
        assert_eq!(LockfileKind::from_file_name("Cargo.lock"), Some(LockfileKind::Cargo));
        assert_eq!(LockfileKind::from_file_name("package-lock.json"), Some(LockfileKind::Npm));
        assert_eq!(LockfileKind::from_file_name("npm-shrinkwrap.json"), Some(LockfileKind::Npm));
        assert_eq!(LockfileKind::from_file_name("Gemfile.lock"), Some(LockfileKind::Gemfile));
        assert_eq!(LockfileKind::from_file_name("composer.lock"), Some(LockfileKind::Composer));
        assert_eq!(LockfileKind::from_file_name("go.sum"), Some(LockfileKind::GoSum));
        assert_eq!(LockfileKind::from_file_name("go.mod"), Some(LockfileKind::GoMod));
        assert_eq!(LockfileKind::from_file_name("requirements.txt"), Some(LockfileKind::Requirements));
        assert_eq!(LockfileKind::from_file_name("poetry.lock"), Some(LockfileKind::Poetry));
        assert_eq!(LockfileKind::from_file_name("uv.lock"), Some(LockfileKind::Uv));
        assert_eq!(LockfileKind::from_file_name("Pipfile.lock"), Some(LockfileKind::Pipfile));
        assert_eq!(LockfileKind::from_file_name("Pipfile"), None);
        assert_eq!(LockfileKind::from_file_name("yarn.lock"), Some(LockfileKind::Yarn));
        assert_eq!(LockfileKind::from_file_name("pnpm-lock.yaml"), Some(LockfileKind::Pnpm));
        assert_eq!(LockfileKind::from_file_name("cargo.lock"), None);
    }

    #[test]
    fn copies_of_one_purl_merge_and_conflicting_hashes_are_refused() {
        let h = |b: u8| PackageHash::Sha256(Sha256Digest([b; 32]));
        let merged = normalise(
            vec![
                package("pkg:npm/b@1", vec![], &["pkg:npm/z@1"], true),
                package("pkg:npm/a@1", vec![], &[], true),
                package("pkg:npm/b@1", vec![h(1)], &["pkg:npm/y@1", "pkg:npm/z@1"], false),
            ],
            "t",
        )
        .unwrap();
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[1], package("pkg:npm/b@1", vec![h(1)], &["pkg:npm/y@1", "pkg:npm/z@1"], false));
        let err = normalise(
            vec![package("pkg:npm/b@1", vec![h(1)], &[], false), package("pkg:npm/b@1", vec![h(2)], &[], false)],
            "lock",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("lock: malformed: two copies of p (pkg:npm/b@1) give different hashes"), "{err}");
    }

    #[test]
    fn vcs_urls_pin_the_commit() {
        assert_eq!(vcs_url("git+https://github.com/o/r?branch=main#0123abc"), "git+https://github.com/o/r@0123abc");
        assert_eq!(vcs_url("git+ssh://git@github.com/o/r.git#0123abc"), "git+ssh://git@github.com/o/r.git@0123abc");
        assert_eq!(vcs_url("git+https://github.com/o/r"), "git+https://github.com/o/r");
    }
}

/// Table-style assertions shared by the readers' tests: a package as
/// (purl, version, hashes, dependencies, dev).
#[cfg(test)]
pub(crate) mod test_rows {
    use super::{Lockfile, LockfileKind, PackageHash};
    use crate::digest::Sha256Digest;

    /// Parses `testdata/lockfiles/<rel>` as `kind`.
    pub(crate) fn fixture(kind: LockfileKind, rel: &str) -> Lockfile {
        let path = format!("{}/../testdata/lockfiles/{rel}", env!("CARGO_MANIFEST_DIR"));
        super::parse(kind, &std::fs::read(&path).unwrap(), kind.file_name()).unwrap()
    }

    /// The error parsing `text` as `kind` gives.
    pub(crate) fn error(kind: LockfileKind, text: &str) -> String {
        super::parse(kind, text.as_bytes(), kind.file_name()).unwrap_err().to_string()
    }

    pub(crate) type Row = (String, String, Vec<PackageHash>, Vec<String>, bool);

    pub(crate) fn rows(lock: &Lockfile) -> Vec<Row> {
        lock.packages
            .iter()
            .map(|p| {
                // A Python package's hashes are its distribution files'.
                let hashes = p.hashes.iter().chain(p.distributions.iter().map(|d| &d.hash)).cloned().collect();
                (p.purl.clone(), p.version.clone(), hashes, p.dependencies.clone(), p.dev)
            })
            .collect()
    }

    pub(crate) fn row(purl: &str, version: &str, sha256: &[&str], deps: &[&str], dev: bool) -> Row {
        (
            purl.to_owned(),
            version.to_owned(),
            sha256.iter().map(|x| PackageHash::Sha256(Sha256Digest::from_hex(x).unwrap())).collect(),
            deps.iter().map(|d| d.to_string()).collect(),
            dev,
        )
    }
}
