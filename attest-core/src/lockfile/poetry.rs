//! Poetry's `poetry.lock` (lock-version 1.x and 2.x).
//!
//! Each `[[package]]` has `name`, `version`, the hashes of its distribution
//! files (`files = [{file, hash = "sha256:…"}]` since lock-version 2.0, or
//! `[metadata.files]` keyed by name before), a `[package.dependencies]`
//! table of name → constraint, and a `[package.source]` when it does not
//! come from PyPI. Poetry 1 marks development packages `category = "dev"`;
//! Poetry 2 lists the dependency `groups` a package is needed by.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::pypi::{distributions, index_qualifier, line_of, normalise_name, pypi_purl};
use super::vcs_url;
use super::{Manifest, Package, pyproject};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct RawLock {
    #[serde(default)]
    package: Vec<RawPackage>,
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Deserialize, Default)]
struct Metadata {
    /// lock-version 1.x: file hashes by package name.
    #[serde(default)]
    files: BTreeMap<String, Vec<RawFile>>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: Spanned<String>,
    version: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    groups: Option<Vec<String>>,
    /// Poetry 1: installed only for an extra.
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    files: Vec<RawFile>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    source: Option<RawSource>,
}

#[derive(Deserialize)]
struct RawFile {
    /// The distribution file's name.
    file: String,
    hash: String,
}

#[derive(Deserialize)]
struct RawSource {
    #[serde(rename = "type")]
    kind: String,
    url: String,
    resolved_reference: Option<String>,
}

/// Reads a poetry.lock into packages (not yet sorted or merged) and, when
/// the project's pyproject.toml is beside it, the project's direct
/// dependencies, which the lockfile does not record. A package's dependency
/// on the project itself (a plugin of the project) is an edge to the
/// product, not to a package, and so is left out.
pub(super) fn parse(bytes: &[u8], doc: &str, manifest: Option<Manifest<'_>>) -> Result<(Vec<Package>, Vec<String>)> {
    let mut lock: RawLock = toml::from_slice(bytes).map_err(|e| Error::malformed_toml(doc, bytes, &e))?;
    let project = manifest.map(pyproject::read).transpose()?.unwrap_or_default();
    let metadata_files: HashMap<String, Vec<RawFile>> = std::mem::take(&mut lock.metadata.files)
        .into_iter()
        .map(|(name, files)| (normalise_name(&name), files))
        .collect();
    let at = |raw: &RawPackage| {
        format!("package {} {} (line {})", raw.name.get_ref(), raw.version, line_of(bytes, raw.name.span().start))
    };
    // Normalised name → purls: Poetry may lock several versions of one
    // name, each for different markers or Python versions.
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    let mut purls = Vec::with_capacity(lock.package.len());
    for raw in &lock.package {
        let fail = |reason: String| Error::malformed(doc, format!("{}: {reason}", at(raw)));
        let qualifier = raw.source.as_ref().map(source_qualifier).transpose().map_err(fail)?.flatten();
        let purl = pypi_purl(raw.name.get_ref(), &raw.version, qualifier.as_ref()).map_err(fail)?;
        by_name.entry(normalise_name(raw.name.get_ref())).or_default().push(purl.clone());
        purls.push(purl);
    }
    let mut packages = Vec::with_capacity(lock.package.len());
    for (raw, purl) in lock.package.iter().zip(purls) {
        let fail = |reason: String| Error::malformed(doc, format!("{}: {reason}", at(raw)));
        let old_files = metadata_files.get(&normalise_name(raw.name.get_ref()));
        let files = raw.files.iter().chain(old_files.into_iter().flatten());
        let distributions = distributions(files.map(|f| (f.file.as_str(), f.hash.as_str()))).map_err(fail)?;
        let mut dependencies = Vec::new();
        for (name, constraint) in &raw.dependencies {
            match by_name.get(&normalise_name(name)) {
                // Every locked version: which one applies is decided by
                // markers at install time, and each is a possible part of
                // the build.
                Some(found) => dependencies.extend(found.iter().cloned()),
                None if conditional(constraint) || project.name.as_deref() == Some(&normalise_name(name)) => {}
                None if project.name.is_none() => {
                    return Err(fail(format!(
                        "dependency \"{name}\" matches no package in the lockfile; if it is the project itself, keep \
                         its pyproject.toml beside the lockfile"
                    )));
                }
                None => return Err(fail(format!("dependency \"{name}\" matches no package in the lockfile"))),
            }
        }
        packages.push(Package {
            dependencies,
            dev: is_dev(raw),
            optional: raw.optional,
            distributions,
            ..Package::new(raw.name.get_ref().clone(), raw.version.clone(), purl, Vec::new())
        });
    }
    // The project's direct dependencies: every locked version of each name
    // (markers pick one at install time); one that is not locked is for
    // another platform or an extra, which Poetry leaves out.
    let roots = project.dependencies.iter().filter_map(|name| by_name.get(name)).flatten().cloned().collect();
    Ok((packages, roots))
}

/// Whether a dependency may legitimately be absent from the lockfile: an
/// optional one (an extra nobody asked for) or one restricted by markers or
/// Python version (Poetry leaves out what the project's Python range never
/// installs). A plain constraint must resolve.
fn conditional(constraint: &toml::Value) -> bool {
    let one = |v: &toml::Value| {
        v.as_table().is_some_and(|t| {
            t.get("optional").and_then(toml::Value::as_bool) == Some(true)
                || t.contains_key("markers")
                || t.contains_key("python")
        })
    };
    match constraint {
        toml::Value::Array(alternatives) => alternatives.iter().any(one),
        other => one(other),
    }
}

/// Whether the package is needed only for development: Poetry 1's
/// `category = "dev"`, or Poetry 2 groups that do not include `main`.
fn is_dev(raw: &RawPackage) -> bool {
    match (&raw.groups, raw.category.as_deref()) {
        (Some(groups), _) => !groups.is_empty() && !groups.iter().any(|g| g == "main"),
        (None, category) => category == Some("dev"),
    }
}

/// The purl qualifier for where a package came from: `repository_url` for
/// another index, `vcs_url` for git (pinned to the resolved commit),
/// `download_url` for an archive URL, none for a local directory or file.
fn source_qualifier(source: &RawSource) -> std::result::Result<Option<(&'static str, String)>, String> {
    match source.kind.as_str() {
        "legacy" => Ok(index_qualifier(&source.url)),
        "git" => match source.resolved_reference.as_deref() {
            Some(commit) if !commit.is_empty() => {
                let url = source.url.strip_prefix("git+").unwrap_or(&source.url);
                Ok(Some(("vcs_url", vcs_url(&format!("git+{url}#{commit}")))))
            }
            _ => Err(format!("git source {} has no resolved_reference commit", source.url)),
        },
        "url" => Ok(Some(("download_url", source.url.clone()))),
        "directory" | "file" => Ok(None),
        other => Err(format!("source type \"{other}\" is not one attest knows")),
    }
}

#[cfg(test)]
mod tests {
    use crate::lockfile::test_rows::{row, rows};
    use crate::lockfile::{Lockfile, LockfileKind};

    fn parse_text(text: &str) -> crate::error::Result<Lockfile> {
        crate::lockfile::parse(LockfileKind::Poetry, text.as_bytes(), "poetry.lock")
    }

    const RICH: &str = "pkg:pypi/rich@13.7.1?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2FTextualize%2Frich.git%409e4a2f2ab4a3a8b1b5e6d0c1d2f0b9c8a7e6d5c4";

    #[test]
    fn reads_a_lock_version_2_file() {
        let lock = crate::lockfile::test_rows::fixture(LockfileKind::Poetry, "poetry/poetry.lock");
        assert_eq!(lock.kind, LockfileKind::Poetry);
        assert!(lock.root_dependencies.is_empty());
        assert_eq!(
            rows(&lock),
            [
                row(
                    "pkg:pypi/certifi@2024.7.4",
                    "2024.7.4",
                    &[
                        "c6c2e98f5c7869efca1f8916fed228dd91539f9f1b444c314c06eef02980c716",
                        "5a1e7645bc0ec61a09e26c36f6106dd4cf40c6db3a1fb6352b0244e7fb057c7b"
                    ],
                    &[],
                    false
                ),
                row(
                    "pkg:pypi/colorama@0.4.6",
                    "0.4.6",
                    &["08695f5cb7ed6e0531a20572697297273c47b8cae5a63ffc6d6ed5c201be6e44"],
                    &[],
                    true
                ),
                row(
                    "pkg:pypi/idna@3.7",
                    "3.7",
                    &["82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0"],
                    &[],
                    false
                ),
                row(
                    "pkg:pypi/iniconfig@2.0.0",
                    "2.0.0",
                    &["b6a85871a79d2e3b22d2d1b94ac2824226a63c6b741c88f7ae975f18b6778374"],
                    &[],
                    true
                ),
                row(
                    "pkg:pypi/internal-auth@1.4.0?repository_url=https:%2F%2Fpypi.example.com%2Fsimple%2F",
                    "1.4.0",
                    &["0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"],
                    &["pkg:pypi/requests@2.32.3"],
                    false
                ),
                row(
                    "pkg:pypi/pytest@8.2.2",
                    "8.2.2",
                    &[
                        "c434598117762e2bd304e526244f67bf66bbd7b5d6cf22138be51ff661980343",
                        "de4bb8104e201939ccdc688b27a89a7be2079b22e2bd2b07f806b6ba71117977"
                    ],
                    &["pkg:pypi/colorama@0.4.6", "pkg:pypi/iniconfig@2.0.0"],
                    true
                ),
                row(
                    "pkg:pypi/requests@2.32.3",
                    "2.32.3",
                    &[
                        "70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6",
                        "55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760"
                    ],
                    &["pkg:pypi/certifi@2024.7.4", "pkg:pypi/idna@3.7", "pkg:pypi/urllib3@2.2.2"],
                    false
                ),
                row(RICH, "13.7.1", &[], &[], false),
                row(
                    "pkg:pypi/urllib3@2.2.2",
                    "2.2.2",
                    &["a448b2f64d686155468037e1ace9f2d2199776e17f0a46610480d311f73e3472"],
                    &[],
                    false
                ),
            ]
        );
    }

    #[test]
    fn lock_version_1_metadata_files_and_dev_category_are_read() {
        let lock = parse_text(&format!(
            "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\ncategory = \"dev\"\n\n[metadata]\nlock-version = \"1.1\"\n\n[metadata.files]\nsix = [\n    {{file = \"six-1.16.0.tar.gz\", hash = \"sha256:{0}\"}},\n    {{file = \"six-1.16.0-py2.py3-none-any.whl\", hash = \"sha256:{1}\"}},\n]\n",
            "1e".repeat(32),
            "8a".repeat(32)
        ))
        .unwrap();
        assert_eq!(
            rows(&lock),
            [row("pkg:pypi/six@1.16.0", "1.16.0", &[&"1e".repeat(32), &"8a".repeat(32)], &[], true)]
        );
    }

    #[test]
    fn a_name_locked_at_several_versions_links_to_each() {
        let pkg = |name: &str, version: &str| format!("[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n\n");
        let text = format!(
            "{}{}{}[package.dependencies]\nNumPy = [\n    {{version = \">=1.26\", python = \">=3.12\"}},\n    {{version = \"<1.25\", python = \"<3.9\"}},\n]\n",
            pkg("numpy", "1.24.4"),
            pkg("numpy", "1.26.4"),
            pkg("pandas", "2.0.3")
        );
        let lock = parse_text(&text).unwrap();
        let pandas = lock.packages.iter().find(|p| p.name == "pandas").unwrap();
        assert_eq!(pandas.dependencies, ["pkg:pypi/numpy@1.24.4", "pkg:pypi/numpy@1.26.4"]);
    }

    #[test]
    fn malformed_packages_are_named_with_their_line() {
        let pkg = |name: &str, extra: &str| format!("[[package]]\nname = \"{name}\"\nversion = \"1.0\"\n{extra}\n");
        let e = parse_text(&pkg("a", "files = [{file = \"a.whl\", hash = \"sha256:00\"}]")).unwrap_err().to_string();
        assert_eq!(
            e,
            "poetry.lock: malformed: package a 1.0 (line 2): hash: sha256 digest must be 64 hex digits, found 2"
        );
        let e =
            parse_text(&format!("\n{}", pkg("a", "\n[package.dependencies]\nb = \">=1\""))).unwrap_err().to_string();
        assert_eq!(
            e,
            "poetry.lock: malformed: package a 1.0 (line 3): dependency \"b\" matches no package in the lockfile; \
             if it is the project itself, keep its pyproject.toml beside the lockfile"
        );
        // With pyproject.toml naming the project `b`, the edge is to the product.
        let text = pkg("a", "\n[package.dependencies]\nb = \">=1\"");
        let manifest = crate::lockfile::Manifest {
            bytes: b"[project]\nname = \"B\"\ndependencies = [\"a\"]\n",
            doc: "pyproject.toml",
        };
        let lock =
            crate::lockfile::parse_with_manifest(LockfileKind::Poetry, text.as_bytes(), "poetry.lock", Some(manifest))
                .unwrap();
        assert!(lock.packages[0].dependencies.is_empty());
        assert_eq!(lock.root_dependencies, ["pkg:pypi/a@1.0"]);
        let optional = pkg("a", "\n[package.dependencies]\nb = {version = \">=1\", optional = true}");
        assert!(parse_text(&optional).unwrap().packages[0].dependencies.is_empty());
        let e = parse_text(&pkg("a", "\n[package.source]\ntype = \"git\"\nurl = \"https://example.com/a.git\""))
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with(
                "package a 1.0 (line 2): git source https://example.com/a.git has no resolved_reference commit"
            ),
            "{e}"
        );
    }
}
