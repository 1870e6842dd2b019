//! uv's `uv.lock` (format `version = 1`).
//!
//! Each `[[package]]` has `name`, `version`, a `source` table (`registry`,
//! `git`, `url`, `path`, `directory`, `editable` or `virtual`), the hashes
//! of its `sdist` and `wheels`, and `dependencies` (plus
//! `optional-dependencies` and `dev-dependencies` by extra / group) as
//! `{ name = … }` tables that add `version` and `source` only when the name
//! alone is ambiguous. Editable and virtual packages are the project's own
//! workspace members: the one at `.` is the product itself (its
//! dependencies are the product's), every other one a first-party package.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::pypi::{distributions, index_qualifier, line_of, normalise_name, pypi_purl};
use super::{Package, reachable, vcs_url};
use crate::error::{Error, Result};

/// The newest format version understood; a newer one may change meaning.
const MAX_VERSION: u32 = 1;

#[derive(Deserialize)]
struct RawLock {
    version: u32,
    #[serde(default)]
    package: Vec<RawPackage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawPackage {
    name: Spanned<String>,
    /// Absent for a dynamic-version workspace member.
    #[serde(default)]
    version: String,
    source: BTreeMap<String, String>,
    sdist: Option<RawFile>,
    #[serde(default)]
    wheels: Vec<RawFile>,
    #[serde(default)]
    dependencies: Vec<RawDependency>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, Vec<RawDependency>>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, Vec<RawDependency>>,
}

#[derive(Deserialize)]
struct RawFile {
    /// Absent for a local path, whose file uv does not hash.
    hash: Option<String>,
    /// Where the file is downloaded from (a registry or direct URL).
    url: Option<String>,
    /// A local file, relative to the project.
    path: Option<String>,
}

#[derive(Deserialize)]
struct RawDependency {
    name: String,
    version: Option<String>,
    source: Option<BTreeMap<String, String>>,
}

/// Reads a uv.lock into third-party packages (not yet sorted or merged) and
/// the dependencies of the workspace's own members.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let lock: RawLock = toml::from_slice(bytes).map_err(|e| Error::malformed_toml(doc, bytes, &e))?;
    if !(1..=MAX_VERSION).contains(&lock.version) {
        return Err(Error::malformed_field(
            doc,
            "version",
            format!("uv.lock format {} is not supported (1 to {MAX_VERSION} is)", lock.version),
        ));
    }
    let at = |raw: &RawPackage| {
        format!("package {} {} (line {})", raw.name.get_ref(), raw.version, line_of(bytes, raw.name.span().start))
    };
    let mut by_name: HashMap<String, Vec<(&RawPackage, String)>> = HashMap::new();
    let mut purls = Vec::with_capacity(lock.package.len());
    for raw in &lock.package {
        let fail = |reason: String| Error::malformed(doc, format!("{}: {reason}", at(raw)));
        let qualifier = source_qualifier(&raw.source).map_err(fail)?;
        let purl = pypi_purl(raw.name.get_ref(), &raw.version, qualifier.as_ref()).map_err(fail)?;
        by_name.entry(normalise_name(raw.name.get_ref())).or_default().push((raw, purl.clone()));
        purls.push(purl);
    }
    let mut packages = Vec::new();
    let mut roots = Vec::new();
    let mut members = HashSet::new();
    // Purl → non-development edges, and the members' own non-development
    // dependencies: what is reachable from those is needed at run time.
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    let mut production: Vec<String> = Vec::new();
    for (raw, purl) in lock.package.iter().zip(purls) {
        let fail = |reason: String| Error::malformed(doc, format!("{}: {reason}", at(raw)));
        let resolve_all = |deps: &mut dyn Iterator<Item = &RawDependency>| {
            deps.map(|d| resolve(d, &by_name).map_err(&fail)).collect::<Result<Vec<_>>>()
        };
        let mut dependencies =
            resolve_all(&mut raw.dependencies.iter().chain(raw.optional_dependencies.values().flatten()))?;
        let dev_dependencies = resolve_all(&mut raw.dev_dependencies.values().flatten())?;
        let member = is_member(&raw.source);
        if member {
            production.extend(dependencies.iter().cloned());
        }
        if member && is_root(&raw.source) {
            edges.insert(purl.clone(), dependencies.clone());
            members.insert(purl);
            roots.extend(dependencies.into_iter().chain(dev_dependencies));
            continue;
        }
        edges.insert(purl.clone(), dependencies.clone());
        dependencies.extend(dev_dependencies);
        let files = raw.sdist.iter().chain(&raw.wheels);
        let files = files.filter_map(|f| Some((f.url.as_deref().or(f.path.as_deref())?, f.hash.as_deref()?)));
        let distributions = distributions(files).map_err(&fail)?;
        packages.push(Package {
            dependencies,
            first_party: member,
            distributions,
            ..Package::new(raw.name.get_ref().clone(), raw.version.clone(), purl, Vec::new())
        });
    }
    // uv.lock does not mark development packages; a package reached only
    // through a member's `dev-dependencies` is one.
    let needed = reachable(production, &edges);
    // The root project is the product itself: an edge to it is an edge to
    // the product. Without members there is nothing to tell development
    // from run time; a member, the project's own, is never development-only.
    let any_member = !members.is_empty() || packages.iter().any(|p| p.first_party);
    roots.retain(|d| !members.contains(d));
    for p in &mut packages {
        p.dependencies.retain(|d| !members.contains(d));
        p.dev = any_member && !p.first_party && !needed.contains(&p.purl);
    }
    Ok((packages, roots))
}

/// Whether a package is one of the project's own workspace members.
fn is_member(source: &BTreeMap<String, String>) -> bool {
    source.contains_key("editable") || source.contains_key("virtual")
}

/// Whether a member is the project at the lockfile's own folder: the
/// product, whose dependencies are the product's. Other members (and
/// editable path packages) are first-party packages of it.
fn is_root(source: &BTreeMap<String, String>) -> bool {
    ["editable", "virtual"].iter().any(|k| source.get(*k).is_some_and(|path| path == "." || path.is_empty()))
}

/// The purl qualifier for where a package came from: none for PyPI and
/// local packages, `repository_url` for another index, `vcs_url` for git
/// (uv writes the commit as the URL's fragment), `download_url` for an
/// archive URL.
fn source_qualifier(source: &BTreeMap<String, String>) -> std::result::Result<Option<(&'static str, String)>, String> {
    let mut kinds = source.iter();
    match (kinds.next(), kinds.next()) {
        (Some((kind, value)), None) => match kind.as_str() {
            "registry" => Ok(index_qualifier(value)),
            "git" => match value.split_once('#') {
                Some((_, commit)) if !commit.is_empty() => {
                    let url = value.strip_prefix("git+").unwrap_or(value);
                    Ok(Some(("vcs_url", vcs_url(&format!("git+{url}")))))
                }
                _ => Err(format!("git source {value} does not pin a commit")),
            },
            "url" => Ok(Some(("download_url", value.clone()))),
            "path" | "directory" | "editable" | "virtual" => Ok(None),
            other => Err(format!("source kind \"{other}\" is not one attest knows")),
        },
        _ => Err(format!("source must name exactly one kind, found {source:?}")),
    }
}

/// The purl of the one package a dependency entry names; `version` and
/// `source` narrow it when a name is locked more than once.
fn resolve(
    dep: &RawDependency,
    by_name: &HashMap<String, Vec<(&RawPackage, String)>>,
) -> std::result::Result<String, String> {
    let matches: Vec<&String> = by_name
        .get(&normalise_name(&dep.name))
        .into_iter()
        .flatten()
        .filter(|(raw, _)| dep.version.as_ref().is_none_or(|v| *v == raw.version))
        .filter(|(raw, _)| dep.source.as_ref().is_none_or(|s| *s == raw.source))
        .map(|(_, purl)| purl)
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!("dependency \"{}\" matches no package in the lockfile", dep.name)),
        many => Err(format!("dependency \"{}\" is ambiguous: {} packages match", dep.name, many.len())),
    }
}

#[cfg(test)]
mod tests {
    use crate::lockfile::test_rows::{row, rows};
    use crate::lockfile::{Lockfile, LockfileKind};

    fn parse_text(text: &str) -> crate::error::Result<Lockfile> {
        crate::lockfile::parse(LockfileKind::Uv, text.as_bytes(), "uv.lock")
    }

    const ATTRS_GIT: &str = "pkg:pypi/attrs@24.1.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fpython-attrs%2Fattrs%405c8a1f0e3b2d4a6c9e7f1b3d5a7c9e1f3b5d7a9c";

    #[test]
    fn reads_a_workspace_with_registry_git_and_member_packages() {
        let lock = crate::lockfile::test_rows::fixture(LockfileKind::Uv, "uv/uv.lock");
        assert_eq!(lock.kind, LockfileKind::Uv);
        assert_eq!(
            lock.root_dependencies,
            [
                "pkg:pypi/anyio@4.4.0",
                ATTRS_GIT,
                "pkg:pypi/demo-lib@0.1.0",
                "pkg:pypi/pytest@8.2.2",
                "pkg:pypi/typing-extensions@4.12.2"
            ]
        );
        assert_eq!(
            rows(&lock),
            [
                row(
                    "pkg:pypi/anyio@4.4.0",
                    "4.4.0",
                    &[
                        "1f6b5b4e0c6f8e7a9d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10",
                        "5aadc6a1bbb7cdb0bede386cac5e2940f5e2ff3aa20277e991cf028e0585ce94"
                    ],
                    &["pkg:pypi/idna@3.7", "pkg:pypi/sniffio@1.3.1"],
                    false
                ),
                row(ATTRS_GIT, "24.1.0", &[], &[], false),
                row(
                    "pkg:pypi/colorama@0.4.6",
                    "0.4.6",
                    &["08695f5cb7ed6e0531a20572697297273c47b8cae5a63ffc6d6ed5c201be6e44"],
                    &[],
                    true
                ),
                // The member at packages/demo-lib: first-party.
                row("pkg:pypi/demo-lib@0.1.0", "0.1.0", &[], &["pkg:pypi/idna@3.7"], false),
                row(
                    "pkg:pypi/idna@3.7",
                    "3.7",
                    &[
                        "028ff3aadf0609c1fd278d8ea3089299412a7a8b9bd005dd08b9f8285bcb5cfc",
                        "82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0"
                    ],
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
                    "pkg:pypi/pytest@8.2.2",
                    "8.2.2",
                    &[
                        "de4bb8104e201939ccdc688b27a89a7be2079b22e2bd2b07f806b6ba71117977",
                        "c434598117762e2bd304e526244f67bf66bbd7b5d6cf22138be51ff661980343"
                    ],
                    &["pkg:pypi/colorama@0.4.6", "pkg:pypi/iniconfig@2.0.0"],
                    true
                ),
                row(
                    "pkg:pypi/sniffio@1.3.1",
                    "1.3.1",
                    &["2f6da418d1f1e0fddd844478f41680e794e6051915791a034ff65e5f100525a2"],
                    &[],
                    false
                ),
                row(
                    "pkg:pypi/typing-extensions@4.12.2",
                    "4.12.2",
                    &[
                        "1a7ead55c7e559dd4dee8856e3a88b41225abfe1ce8df57b7c13915fe121ffb8",
                        "04e5ca0351e0f3f85c6853954072df659d0d13fac324d0072316b67d7794700d"
                    ],
                    &[],
                    false
                ),
            ]
        );
        // The root member (at `.`) is the product; the other is first-party.
        assert!(lock.packages.iter().all(|p| p.name != "demo-app" && p.first_party == (p.name == "demo-lib")));
    }

    #[test]
    fn malformed_packages_are_named_with_their_line() {
        let e = parse_text(
            "version = 1\n\n[[package]]\nname = \"a\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\ndependencies = [{ name = \"b\" }]\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "uv.lock: malformed: package a 1.0 (line 4): dependency \"b\" matches no package in the lockfile"
        );
        let e = parse_text(
            "version = 1\n[[package]]\nname = \"a\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\nwheels = [{ url = \"https://x/a.whl\", hash = \"sha256:zz\" }]\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(e, "uv.lock: malformed: package a 1.0 (line 3): hash: sha256 digest must be 64 hex digits, found 2");
        let e = parse_text("version = 2\n").unwrap_err().to_string();
        assert_eq!(e, "uv.lock: malformed: version: uv.lock format 2 is not supported (1 to 1 is)");
        let e =
            parse_text("version = 1\n[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { git = \"https://x/a\" }\n")
                .unwrap_err()
                .to_string();
        assert!(e.ends_with("package a 1 (line 3): git source https://x/a does not pin a commit"), "{e}");
        let lock = parse_text(
            "version = 1\n[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
        )
        .unwrap();
        assert!(!lock.packages[0].dev, "without workspace members nothing is known to be dev-only");
    }
}
