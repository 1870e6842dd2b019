//! Composer's `composer.lock`.
//!
//! `packages` and `packages-dev` (the latter marked `dev`) list every
//! installed package with its `name` (`vendor/package`), `version` and
//! `require` map. Names are case-insensitive in Composer and the purl spec
//! lower-cases them, so lookups and purls use the lower-case form.
//!
//! `dist.shasum` is SHA-1 when present (and usually empty for GitHub
//! zipballs), which attest does not report as a hash, so Composer packages
//! carry no hashes. The lockfile does not record what the project itself
//! requires (that is composer.json), so there are no root dependencies.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Manifest, Package, purl};
use crate::error::{Error, Result};
use crate::json;

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    packages: Vec<Entry>,
    #[serde(default, rename = "packages-dev")]
    packages_dev: Vec<Entry>,
}

/// One package of `packages` or `packages-dev`. Name and version are
/// optional here so that their absence is reported with the package's
/// position rather than as a bare serde error.
#[derive(Deserialize)]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    #[serde(default)]
    require: BTreeMap<String, String>,
    #[serde(default)]
    replace: BTreeMap<String, String>,
    #[serde(default)]
    provide: BTreeMap<String, String>,
}

/// A checked package before its dependencies are resolved.
struct Checked<'a> {
    entry: &'a Entry,
    name: String,
    version: String,
    purl: String,
    dev: bool,
}

/// composer.json as far as the project's own requirements go.
#[derive(Deserialize)]
struct RawManifest {
    #[serde(default)]
    require: BTreeMap<String, serde_json::Value>,
    #[serde(default, rename = "require-dev")]
    require_dev: BTreeMap<String, serde_json::Value>,
}

/// Reads a composer.lock into packages (not yet sorted or merged) and, when
/// composer.json is beside it, the project's direct dependencies (its
/// `require` and `require-dev`), which the lockfile does not record.
pub(super) fn parse(bytes: &[u8], doc: &str, manifest: Option<Manifest<'_>>) -> Result<(Vec<Package>, Vec<String>)> {
    let lock: Lock = json::parse_strict(bytes, doc)?;
    let manifest: Option<RawManifest> = manifest.map(|m| json::parse_strict(m.bytes, m.doc)).transpose()?;
    let listed = lock.packages.iter().enumerate().map(|(i, e)| ("packages", i, e, false));
    let listed = listed.chain(lock.packages_dev.iter().enumerate().map(|(i, e)| ("packages-dev", i, e, true)));
    let checked = listed.map(|(list, i, e, dev)| check(list, i, e, dev, doc)).collect::<Result<Vec<_>>>()?;

    // Who satisfies a requirement: the package of that name, else the
    // packages that `replace` or `provide` it (virtual packages such as
    // `psr/http-client-implementation`, forks that replace the original).
    let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for c in &checked {
        by_name.entry(c.name.clone()).or_default().push(&c.purl);
    }
    let mut by_alias: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for c in &checked {
        for alias in c.entry.replace.keys().chain(c.entry.provide.keys()) {
            by_alias.entry(alias.to_lowercase()).or_default().push(&c.purl);
        }
    }
    let satisfy = |names: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        names
            .filter(|name| !is_platform(name))
            .flat_map(|name| {
                let name = name.to_lowercase();
                by_name.get(&name).or_else(|| by_alias.get(&name)).cloned().unwrap_or_default()
            })
            .map(str::to_owned)
            .collect()
    };
    let roots = manifest.map(|m| satisfy(&mut m.require.keys().chain(m.require_dev.keys()))).unwrap_or_default();
    let packages = checked
        .iter()
        .map(|c| {
            let dependencies = satisfy(&mut c.entry.require.keys());
            Package {
                dependencies,
                dev: c.dev,
                ..Package::new(c.name.clone(), c.version.clone(), c.purl.clone(), Vec::new())
            }
        })
        .collect();
    Ok((packages, roots))
}

/// Whether a requirement names the platform (`php`, `ext-json`,
/// `lib-curl`, `composer-plugin-api`, ...) rather than a package: platform
/// names are the ones without a vendor. They are not components. A package
/// requirement that no locked package satisfies is left out rather than
/// refused: the project's own composer.json may `replace` or `provide` it,
/// and that is not in the lockfile.
fn is_platform(name: &str) -> bool {
    !name.contains('/')
}

/// Checks the entry at `list[index]` and works out its purl.
fn check<'a>(list: &str, index: usize, e: &'a Entry, dev: bool, doc: &str) -> Result<Checked<'a>> {
    let label = match &e.name {
        Some(name) => format!("{list}[{index}] ({name})"),
        None => format!("{list}[{index}]"),
    };
    let fail = |reason: String| Error::malformed(doc, format!("package {label}: {reason}"));
    let name = e.name.as_deref().ok_or_else(|| fail("name: missing".to_owned()))?.to_lowercase();
    let version = e.version.as_deref().ok_or_else(|| fail("version: missing".to_owned()))?;
    if version.is_empty() {
        return Err(fail("version: empty".to_owned()));
    }
    let (vendor, base) = match name.split_once('/') {
        Some((vendor, base)) if !vendor.is_empty() && !base.is_empty() && !base.contains('/') => (vendor, base),
        _ => return Err(fail(format!("name \"{name}\" is not vendor/package"))),
    };
    let purl = purl("composer", Some(vendor), base, version, None).map_err(fail)?;
    Ok(Checked { entry: e, version: version.to_owned(), purl, dev, name })
}

#[cfg(test)]
mod tests {
    use crate::lockfile::{Lockfile, LockfileKind};

    fn read(rel: &str) -> Lockfile {
        crate::lockfile::test_rows::fixture(LockfileKind::Composer, rel)
    }

    fn err(text: &str) -> String {
        crate::lockfile::test_rows::error(LockfileKind::Composer, text)
    }

    #[test]
    fn reads_packages_dev_packages_and_require_edges() {
        let lock = read("composer/composer.lock");
        assert_eq!(lock.kind, LockfileKind::Composer);
        assert!(lock.root_dependencies.is_empty());
        // dist.shasum is SHA-1: never reported.
        assert!(lock.packages.iter().all(|p| p.hashes.is_empty() && p.properties.is_empty()));
        let rows: Vec<(&str, &str, &str, bool, Vec<&str>)> = lock
            .packages
            .iter()
            .map(|p| {
                let deps = p.dependencies.iter().map(String::as_str).collect();
                (p.purl.as_str(), p.name.as_str(), p.version.as_str(), p.dev, deps)
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "pkg:composer/guzzlehttp/guzzle@7.8.1",
                    "guzzlehttp/guzzle",
                    "7.8.1",
                    false,
                    vec![
                        "pkg:composer/guzzlehttp/promises@2.0.2",
                        "pkg:composer/guzzlehttp/psr7@2.6.2",
                        "pkg:composer/psr/http-client@1.0.3",
                        "pkg:composer/symfony/deprecation-contracts@v3.4.0",
                    ]
                ),
                ("pkg:composer/guzzlehttp/promises@2.0.2", "guzzlehttp/promises", "2.0.2", false, vec![]),
                (
                    "pkg:composer/guzzlehttp/psr7@2.6.2",
                    "guzzlehttp/psr7",
                    "2.6.2",
                    false,
                    vec![
                        "pkg:composer/psr/http-factory@1.0.2",
                        "pkg:composer/psr/http-message@2.0",
                        "pkg:composer/ralouphie/getallheaders@3.0.3",
                    ]
                ),
                ("pkg:composer/myclabs/deep-copy@1.11.1", "myclabs/deep-copy", "1.11.1", true, vec![]),
                (
                    "pkg:composer/phpunit/php-timer@6.0.0",
                    "phpunit/php-timer",
                    "6.0.0",
                    true,
                    vec!["pkg:composer/myclabs/deep-copy@1.11.1"]
                ),
                (
                    "pkg:composer/psr/http-client@1.0.3",
                    "psr/http-client",
                    "1.0.3",
                    false,
                    vec!["pkg:composer/psr/http-message@2.0"]
                ),
                (
                    "pkg:composer/psr/http-factory@1.0.2",
                    "psr/http-factory",
                    "1.0.2",
                    false,
                    vec!["pkg:composer/psr/http-message@2.0"]
                ),
                ("pkg:composer/psr/http-message@2.0", "psr/http-message", "2.0", false, vec![]),
                ("pkg:composer/ralouphie/getallheaders@3.0.3", "ralouphie/getallheaders", "3.0.3", false, vec![]),
                (
                    "pkg:composer/symfony/deprecation-contracts@v3.4.0",
                    "symfony/deprecation-contracts",
                    "v3.4.0",
                    false,
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn virtual_packages_resolve_to_their_providers() {
        let text = r#"{"packages": [
            {"name": "php-http/guzzle7-adapter", "version": "1.0.0", "provide": {"php-http/client-implementation": "1.0"}},
            {"name": "acme/app-lib", "version": "2.1.0", "require": {"php-http/client-implementation": "*", "ext-curl": "*"}}
        ]}"#;
        let lock = crate::lockfile::parse(LockfileKind::Composer, text.as_bytes(), "composer.lock").unwrap();
        let lib = lock.packages.iter().find(|p| p.name == "acme/app-lib").unwrap();
        assert_eq!(lib.dependencies, ["pkg:composer/php-http/guzzle7-adapter@1.0.0"]);
    }

    #[test]
    fn malformed_packages_are_refused_by_position_and_name() {
        assert_eq!(
            err(r#"{"packages": [{"name": "a/b", "version": "1.0.0"}], "packages-dev": [{"name": "c/d"}]}"#),
            "composer.lock: malformed: package packages-dev[0] (c/d): version: missing"
        );
        assert_eq!(
            err(r#"{"packages": [{"name": "monolog", "version": "3.5.0"}]}"#),
            "composer.lock: malformed: package packages[0] (monolog): name \"monolog\" is not vendor/package"
        );
        assert_eq!(
            err(r#"{"packages": [{"version": "3.5.0"}]}"#),
            "composer.lock: malformed: package packages[0]: name: missing"
        );
        assert!(err(r#"{"packages": [], "packages": []}"#).starts_with("composer.lock: malformed:"));
    }
}
