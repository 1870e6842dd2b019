//! Pipenv's `Pipfile.lock` (pipfile-spec 6): JSON with a `default` section
//! (what the project runs with) and a `develop` section (what it is
//! developed with), each mapping a package name to `version: "==X"`, its
//! file `hashes` (`["sha256:…"]`) and the `index` (a name from
//! `_meta.sources`) it comes from; VCS packages carry `git` and `ref`
//! instead, local ones `path` or `file`. The file gives no dependency edges.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::pypi::{file_hashes, index_qualifier, pypi_purl};
use super::{Package, vcs_url};
use crate::error::{Error, Result};
use crate::json;

#[derive(Deserialize)]
struct RawLock {
    #[serde(rename = "_meta", default)]
    meta: Meta,
    #[serde(default)]
    default: BTreeMap<String, Entry>,
    #[serde(default)]
    develop: BTreeMap<String, Entry>,
}

#[derive(Deserialize, Default)]
struct Meta {
    #[serde(default)]
    sources: Vec<Source>,
}

#[derive(Deserialize)]
struct Source {
    name: String,
    url: String,
}

#[derive(Deserialize)]
struct Entry {
    version: Option<String>,
    #[serde(default)]
    hashes: Vec<String>,
    index: Option<String>,
    git: Option<String>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    path: Option<String>,
    file: Option<String>,
}

/// Reads a Pipfile.lock into packages (not yet sorted or merged; a package
/// in both sections is merged as not-dev); it has no root edges.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let lock: RawLock = json::parse_strict(bytes, doc)?;
    let indexes: BTreeMap<&str, &str> = lock.meta.sources.iter().map(|s| (s.name.as_str(), s.url.as_str())).collect();
    let mut packages = Vec::new();
    for (section, entries, dev) in [("default", &lock.default, false), ("develop", &lock.develop, true)] {
        for (name, entry) in entries {
            let fail = |reason: String| Error::malformed(doc, format!("{section} package \"{name}\": {reason}"));
            if let Some(package) = package(name, entry, &indexes, dev).map_err(fail)? {
                packages.push(package);
            }
        }
    }
    Ok((packages, Vec::new()))
}

/// The package an entry stands for; `None` for a local `path` / `file`
/// entry, which is the project itself or part of its source tree.
fn package(
    name: &str,
    entry: &Entry,
    indexes: &BTreeMap<&str, &str>,
    dev: bool,
) -> std::result::Result<Option<Package>, String> {
    let (version, qualifier) = if let Some(git) = &entry.git {
        let commit = entry.git_ref.as_deref().filter(|r| !r.is_empty()).ok_or("git package has no ref")?;
        let url = git.strip_prefix("git+").unwrap_or(git);
        let version = entry.version.as_deref().map_or("", |v| v.strip_prefix("==").unwrap_or(v));
        (version.to_owned(), Some(("vcs_url", vcs_url(&format!("git+{url}#{commit}")))))
    } else if entry.path.is_some() || entry.file.is_some() {
        return Ok(None);
    } else {
        let version = entry.version.as_deref().ok_or("version: missing")?;
        let pinned = version.strip_prefix("==").filter(|v| !v.is_empty() && !v.contains(['*', ',', ' ']));
        let version = pinned.ok_or_else(|| format!("version \"{version}\" is not pinned with =="))?;
        let qualifier = match entry.index.as_deref() {
            Some(index) => {
                let url = indexes.get(index).ok_or_else(|| format!("index \"{index}\" is not in _meta.sources"))?;
                index_qualifier(url)
            }
            None => None,
        };
        (version.to_owned(), qualifier)
    };
    let hashes = file_hashes(entry.hashes.iter().map(String::as_str))?;
    let purl = pypi_purl(name, &version, qualifier.as_ref())?;
    Ok(Some(Package { dev, ..Package::new(name.to_owned(), version, purl, hashes) }))
}

#[cfg(test)]
mod tests {
    use crate::digest::Sha256Digest;
    use crate::lockfile::{Lockfile, LockfileKind, PackageHash};

    fn parse_text(text: &str) -> crate::error::Result<Lockfile> {
        crate::lockfile::parse(LockfileKind::Pipfile, text.as_bytes(), "Pipfile.lock")
    }

    fn err(text: &str) -> String {
        parse_text(text).unwrap_err().to_string()
    }

    fn h(hex: &str) -> PackageHash {
        PackageHash::Sha256(Sha256Digest::from_hex(hex).unwrap())
    }

    type Row = (String, String, Vec<PackageHash>, bool);

    fn row(purl: &str, version: &str, hashes: &[&str], dev: bool) -> Row {
        (purl.to_owned(), version.to_owned(), hashes.iter().map(|x| h(x)).collect(), dev)
    }

    const FLASK_GIT: &str = "pkg:pypi/flask-login@0.6.3?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fmaxcountryman%2Fflask-login.git%4030675c56b651389d47ea2b1a8c6d1c0a0c1c7b3a";

    #[test]
    fn reads_default_and_develop_sections() {
        let lock = crate::lockfile::test_rows::fixture(LockfileKind::Pipfile, "pipfile/Pipfile.lock");
        assert_eq!(lock.kind, LockfileKind::Pipfile);
        assert!(lock.root_dependencies.is_empty());
        assert!(lock.packages.iter().all(|p| p.dependencies.is_empty()));
        let rows: Vec<Row> =
            lock.packages.iter().map(|p| (p.purl.clone(), p.version.clone(), p.hashes.clone(), p.dev)).collect();
        assert_eq!(
            rows,
            [
                row(
                    "pkg:pypi/blinker@1.8.2",
                    "1.8.2",
                    &[
                        "1779309f71bf239144b9399d06ae925637cf6634cf6bd131104184531bf67c01",
                        "8f77b09d3bf7c795e969e9486f39c2c5e9c39d4ee07424be2bc594ece9642d83"
                    ],
                    false
                ),
                row(FLASK_GIT, "0.6.3", &[], false),
                row(
                    "pkg:pypi/internal-metrics@2.1.0?repository_url=https:%2F%2Fpypi.example.com%2Fsimple",
                    "2.1.0",
                    &["4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e"],
                    false
                ),
                row(
                    "pkg:pypi/markupsafe@2.1.5",
                    "2.1.5",
                    &[
                        "d283d37a890ba4c1ae73ffadf8046435c76e7bc2247bbb63c00bd1a709c6544b",
                        "2d1a3ef5a5b5b4b5c0d1e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4"
                    ],
                    false
                ),
                row(
                    "pkg:pypi/packaging@24.1",
                    "24.1",
                    &["5b8f2217dbdbd2f7f384c41c628544e6d52f2d0f53c6d0c3ea61aa5d1d7ff124"],
                    true
                ),
                row(
                    "pkg:pypi/werkzeug@3.0.3",
                    "3.0.3",
                    &["fc9645dc43e03e4d630d23143a04a7f947a9a3b5727cd535fdfe155a17cc48c8"],
                    false
                ),
            ]
        );
    }

    #[test]
    fn malformed_entries_name_their_section_and_package() {
        let e = err(r#"{"default": {"six": {"version": ">=1.16"}}}"#);
        assert_eq!(e, "Pipfile.lock: malformed: default package \"six\": version \">=1.16\" is not pinned with ==");
        let e = err(r#"{"develop": {"six": {"version": "==1.16.0", "hashes": ["sha256:1e"]}}}"#);
        assert_eq!(
            e,
            "Pipfile.lock: malformed: develop package \"six\": hash: sha256 digest must be 64 hex digits, found 2"
        );
        let e = err(r#"{"default": {"six": {"version": "==1", "index": "corp"}}}"#);
        assert!(e.ends_with("default package \"six\": index \"corp\" is not in _meta.sources"), "{e}");
        assert!(err(r#"{"default": {"six": {"version": "==1", "version": "==2"}}}"#).contains("duplicate key"));
    }
}
