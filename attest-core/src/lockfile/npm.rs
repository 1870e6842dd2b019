//! `package-lock.json` / `npm-shrinkwrap.json`, lockfileVersion 1–3.
//!
//! Versions 2 and 3 have a `packages` map keyed by install location
//! (`node_modules/a/node_modules/@s/b`; `""` is the project itself; workspace
//! folders appear under their own path and are reached through `link: true`
//! entries). Version 1 has a nested `dependencies` tree whose nesting is the
//! same install layout; it is converted to location keys so that both are
//! resolved the same way: a dependency name is looked up as Node does, in the
//! depending package's own `node_modules`, then in each parent directory's
//! up to the root. Version 2 carries both forms; `packages` is read.

use std::collections::BTreeMap;

use base64ct::{Base64, Encoding};
use serde::Deserialize;

use super::{Package, PackageHash, purl, vcs_url};
use crate::digest::{Sha256Digest, Sha512Digest};
use crate::error::{Error, Result};
use crate::json;

/// Where npm packages come from unless a lockfile says otherwise (old
/// lockfiles spell it with `http:`).
const DEFAULT_REGISTRY: [&str; 2] = ["https://registry.npmjs.org/", "http://registry.npmjs.org/"];

#[derive(Deserialize)]
struct Header {
    #[serde(rename = "lockfileVersion")]
    lockfile_version: u64,
}

#[derive(Deserialize)]
struct V2Lock {
    packages: BTreeMap<String, Entry>,
}

#[derive(Deserialize)]
struct V1Lock {
    #[serde(default)]
    dependencies: BTreeMap<String, V1Entry>,
}

/// One `packages` entry (v2/v3), also the form v1 entries are converted to.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    #[serde(default)]
    link: bool,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    optional: bool,
    /// Needed only by development dependencies, optionally.
    #[serde(default)]
    dev_optional: bool,
    #[serde(default)]
    extraneous: bool,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
    #[serde(default)]
    peer_dependencies: BTreeMap<String, String>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, String>,
}

/// One entry of v1's `dependencies` tree.
#[derive(Deserialize)]
struct V1Entry {
    version: String,
    /// npm 6 wrote `false` for packages bundled inside another's tarball.
    #[serde(default, deserialize_with = "string_or_false")]
    resolved: Option<String>,
    integrity: Option<String>,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    requires: BTreeMap<String, String>,
    #[serde(default)]
    dependencies: BTreeMap<String, V1Entry>,
}

/// A string, or `false` meaning none (npm 6's `"resolved": false`).
fn string_or_false<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum StringOrFalse {
        Text(String),
        Flag(bool),
    }
    match StringOrFalse::deserialize(d)? {
        StringOrFalse::Text(s) => Ok(Some(s)),
        StringOrFalse::Flag(false) => Ok(None),
        StringOrFalse::Flag(true) => Err(serde::de::Error::custom("resolved: true is neither a URL nor false")),
    }
}

/// Reads a package-lock.json into packages (not yet sorted or merged) and
/// the purls the root package depends on.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let serde_err = |e: serde_json::Error| Error::malformed_json(doc, &e);
    let header: Header = json::parse_strict(bytes, doc)?;
    let entries = match header.lockfile_version {
        1 => {
            let mut entries = BTreeMap::new();
            flatten_v1(serde_json::from_slice::<V1Lock>(bytes).map_err(serde_err)?.dependencies, "", &mut entries);
            entries
        }
        2 | 3 => serde_json::from_slice::<V2Lock>(bytes).map_err(serde_err)?.packages,
        v => return Err(Error::malformed_field(doc, "lockfileVersion", format!("{v} is not supported (1 to 3 are)"))),
    };
    let purls = entries
        .iter()
        .filter(|(key, e)| is_package(key, e))
        .map(|(key, e)| Ok((key.as_str(), package_purl(key, e).map_err(|r| at(doc, key, &r))?)))
        .collect::<Result<BTreeMap<_, _>>>()?;
    let graph = Graph { entries: &entries, purls: &purls, doc };
    let packages = entries.iter().filter(|(key, e)| is_package(key, e)).map(|(key, e)| graph.package(key, e));
    let packages = packages.collect::<Result<_>>()?;
    let root = entries.get("").map_or(Ok(Vec::new()), |e| graph.dependencies("", e))?;
    Ok((packages, root))
}

/// Whether an entry is a package of its own: not the project root, not a
/// link (its target is the package), not extraneous (npm prunes those).
fn is_package(key: &str, e: &Entry) -> bool {
    !key.is_empty() && !e.link && !e.extraneous
}

/// A malformed-lockfile error about the entry at `key`.
fn at(doc: &str, key: &str, reason: &str) -> Error {
    match key {
        "" => Error::malformed(doc, format!("root package \"\": {reason}")),
        _ => Error::malformed(doc, format!("package \"{key}\": {reason}")),
    }
}

/// Converts v1's tree to v2-style location keys. An aliased v1 entry has
/// `version: "npm:real@1.2.3"`; a local one `file:...`; a git or tarball one
/// its URL (whose `#fragment` is the commit).
fn flatten_v1(tree: BTreeMap<String, V1Entry>, prefix: &str, out: &mut BTreeMap<String, Entry>) {
    for (name, v1) in tree {
        let key = format!("{prefix}node_modules/{name}");
        flatten_v1(v1.dependencies, &format!("{key}/"), out);
        let (name, version, resolved) = match v1.version.strip_prefix("npm:").and_then(|spec| spec.rsplit_once('@')) {
            Some((real, version)) => (Some(real.to_owned()), version.to_owned(), v1.resolved),
            None if v1.version.contains(':') => {
                let commit = v1.version.rsplit_once('#').map_or("", |(_, c)| c).to_owned();
                (None, commit, v1.resolved.or(Some(v1.version)))
            }
            None => (None, v1.version, v1.resolved),
        };
        let entry = Entry {
            name,
            version: Some(version),
            resolved,
            integrity: v1.integrity,
            link: false,
            dev: v1.dev,
            optional: v1.optional,
            dev_optional: false,
            extraneous: false,
            dependencies: v1.requires,
            optional_dependencies: BTreeMap::new(),
            peer_dependencies: BTreeMap::new(),
            dev_dependencies: BTreeMap::new(),
        };
        out.insert(key, entry);
    }
}

/// The package's name: its `name` field (set for aliases and workspace
/// folders), else the folder it is installed in.
fn package_name<'a>(key: &'a str, e: &'a Entry) -> &'a str {
    e.name.as_deref().unwrap_or_else(|| match key.rsplit_once("node_modules/") {
        Some((_, name)) => name,
        None => key.rsplit('/').next().unwrap_or(key),
    })
}

/// The purl of the entry at `key`.
fn package_purl(key: &str, e: &Entry) -> std::result::Result<String, String> {
    let name = package_name(key, e);
    let version = match (&e.version, key.contains("node_modules/")) {
        (Some(v), _) => v.as_str(),
        (None, false) => "", // a workspace folder whose package.json has no version
        (None, true) => return Err("version: missing".to_owned()),
    };
    npm_purl(name, version, source_qualifier(name, e.resolved.as_deref()).as_ref())
}

/// The purl of the npm package `name` (`base` or `@scope/base`), shared
/// with the other readers of the npm ecosystem (pnpm-lock.yaml and
/// yarn.lock), so a package has one purl whichever tool locked it.
pub(super) fn npm_purl(
    name: &str,
    version: &str,
    qualifier: Option<&(&'static str, String)>,
) -> std::result::Result<String, String> {
    let (scope, base) = match name.strip_prefix('@') {
        Some(scoped) => match scoped.split_once('/') {
            Some((scope, base)) if !scope.is_empty() => (Some(format!("@{scope}")), base),
            _ => return Err(format!("name \"{name}\" is a scope without a package name")),
        },
        None => (None, name),
    };
    if base.is_empty() || base.contains('/') {
        return Err(format!("\"{name}\" is not an npm package name"));
    }
    purl("npm", scope.as_deref(), base, version, qualifier)
}

/// The purl qualifier that says where a package came from: none for the npm
/// registry and for local folders, `vcs_url` for git, `repository_url` for
/// another registry (recognised by npm's `/NAME/-/` tarball path), else
/// `download_url`.
pub(super) fn source_qualifier(name: &str, resolved: Option<&str>) -> Option<(&'static str, String)> {
    let resolved = resolved?;
    let git = ["git+", "git:", "github:", "gitlab:", "bitbucket:"];
    if DEFAULT_REGISTRY.iter().any(|r| resolved.starts_with(r)) {
        None
    } else if git.iter().any(|p| resolved.starts_with(p)) {
        Some(("vcs_url", vcs_url(resolved)))
    } else if resolved.starts_with("https://") || resolved.starts_with("http://") {
        Some(match resolved.split_once(&format!("/{name}/-/")) {
            Some((registry, _)) => ("repository_url", registry.to_owned()),
            None => ("download_url", resolved.to_owned()),
        })
    } else {
        None
    }
}

/// The hashes to report from an SRI `integrity` value: every value of the
/// strongest algorithm reported (SHA-512 over SHA-256). SHA-1 (common in old
/// lockfiles), SHA-384 and unknown algorithms are not reported, as SRI says
/// unknown ones are skipped; a reported value that does not decode to a
/// digest of the right length is an error, never skipped.
pub(super) fn integrity_hashes(sri: &str) -> std::result::Result<Vec<PackageHash>, String> {
    let mut best: Vec<PackageHash> = Vec::new();
    for token in sri.split_ascii_whitespace() {
        let token = token.split_once('?').map_or(token, |(value, _options)| value);
        let (alg, value) =
            token.split_once('-').ok_or_else(|| format!("integrity: \"{token}\" is not ALGORITHM-BASE64"))?;
        let hash = match alg {
            "sha512" => PackageHash::Sha512(Sha512Digest(decode(alg, value)?)),
            "sha256" => PackageHash::Sha256(Sha256Digest(decode(alg, value)?)),
            _ => continue,
        };
        let stronger =
            |a: &PackageHash, b: &PackageHash| matches!((a, b), (PackageHash::Sha512(_), PackageHash::Sha256(_)));
        match best.first() {
            Some(b) if stronger(b, &hash) || best.contains(&hash) => {}
            Some(b) if stronger(&hash, b) => best = vec![hash],
            _ => best.push(hash),
        }
    }
    Ok(best)
}

/// Decodes strict base64 of an `N`-byte digest.
fn decode<const N: usize>(alg: &str, value: &str) -> std::result::Result<[u8; N], String> {
    let bytes =
        Base64::decode_vec(value).map_err(|_| format!("integrity: {alg} value \"{value}\" is not valid base64"))?;
    let len = bytes.len();
    bytes.try_into().map_err(|_| format!("integrity: {alg} value is {len} bytes, not {N}"))
}

/// The lockfile's entries with their purls, for resolving dependencies.
struct Graph<'a> {
    entries: &'a BTreeMap<String, Entry>,
    purls: &'a BTreeMap<&'a str, String>,
    doc: &'a str,
}

impl Graph<'_> {
    /// The package installed at `key`.
    fn package(&self, key: &str, e: &Entry) -> Result<Package> {
        let purl = self.target(key, e).map_err(|r| at(self.doc, key, &r))?;
        let hashes =
            e.integrity.as_deref().map_or(Ok(Vec::new()), integrity_hashes).map_err(|r| at(self.doc, key, &r))?;
        Ok(Package {
            dependencies: self.dependencies(key, e)?,
            dev: e.dev || e.dev_optional,
            optional: e.optional,
            // A folder of the project (a workspace), not an installed package.
            first_party: !key.contains("node_modules/"),
            ..Package::new(package_name(key, e).to_owned(), e.version.clone().unwrap_or_default(), purl.clone(), hashes)
        })
    }

    /// Purls of what the entry at `key` depends on. `dependencies` must
    /// resolve; optional and peer dependencies may be absent (another
    /// platform's optional package, a peer the user did not install).
    /// `devDependencies` count only for the root and workspace folders, the
    /// only places npm installs them.
    fn dependencies(&self, key: &str, e: &Entry) -> Result<Vec<String>> {
        let dev = if key.contains("node_modules/") { None } else { Some(&e.dev_dependencies) };
        let required = e.dependencies.keys().chain(dev.into_iter().flat_map(|d| d.keys()));
        let required = required.filter(|n| !e.optional_dependencies.contains_key(*n)).map(|n| (n, true));
        let optional = e.optional_dependencies.keys().chain(e.peer_dependencies.keys()).map(|n| (n, false));
        let mut out = Vec::new();
        for (name, needed) in required.chain(optional) {
            match self.resolve(key, name) {
                Ok(Some(purl)) => out.push(purl.clone()),
                Ok(None) if !needed => {}
                Ok(None) => {
                    return Err(at(self.doc, key, &format!("dependency \"{name}\" is not installed at or above it")));
                }
                Err(reason) => return Err(at(self.doc, key, &format!("dependency \"{name}\" {reason}"))),
            }
        }
        Ok(out)
    }

    /// Node's module resolution of `name` from the package at `from`: the
    /// package's own `node_modules`, then each parent directory's (skipping
    /// directories that are themselves `node_modules`), then the root's.
    /// A link resolves to its target.
    fn resolve(&self, from: &str, name: &str) -> std::result::Result<Option<&String>, String> {
        let mut dir = Some(from);
        while let Some(d) = dir {
            if d != "node_modules" && !d.ends_with("/node_modules") {
                let key =
                    if d.is_empty() { format!("node_modules/{name}") } else { format!("{d}/node_modules/{name}") };
                if let Some((key, e)) = self.entries.get_key_value(&key) {
                    return self.target(key, e).map(Some);
                }
            }
            dir = (!d.is_empty()).then(|| d.rsplit_once('/').map_or("", |(parent, _)| parent));
        }
        Ok(None)
    }

    /// The purl of the package an installed entry stands for.
    fn target(&self, key: &str, e: &Entry) -> std::result::Result<&String, String> {
        let key = match (e.link, e.resolved.as_deref()) {
            (false, _) => key,
            (true, Some(target)) => target,
            (true, None) => return Err(format!("resolves to the link \"{key}\", which has no `resolved` target")),
        };
        self.purls.get(key).ok_or_else(|| match self.entries.get(key) {
            Some(t) if t.extraneous => format!("resolves to \"{key}\", which is marked extraneous"),
            Some(_) => format!("resolves to \"{key}\", which is itself a link or the root"),
            None => format!("resolves to the link target \"{key}\", which the lockfile does not list"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfile::{Lockfile, LockfileKind};

    fn parse_text(text: &str) -> Result<Lockfile> {
        crate::lockfile::parse(LockfileKind::Npm, text.as_bytes(), "package-lock.json")
    }

    fn read(fixture: &str) -> Lockfile {
        let lock = crate::lockfile::test_rows::fixture(LockfileKind::Npm, &format!("{fixture}/package-lock.json"));
        assert_eq!(lock.kind, LockfileKind::Npm);
        lock
    }

    fn err(text: &str) -> String {
        parse_text(text).unwrap_err().to_string()
    }

    /// The `integrity` every fixture gives `name@version`: the SHA-512 of
    /// the text `name@version`, so that each test can recompute it.
    fn sha512_of(id: &str) -> PackageHash {
        PackageHash::Sha512(Sha512Digest::of(id.as_bytes()))
    }

    /// (purl, hashes, dependency purls, dev) of every package.
    type Row = (String, Vec<PackageHash>, Vec<String>, bool);

    fn rows(lock: &Lockfile) -> Vec<Row> {
        lock.packages.iter().map(|p| (p.purl.clone(), p.hashes.clone(), p.dependencies.clone(), p.dev)).collect()
    }

    fn row(purl: &str, hash_of: Option<&str>, deps: &[&str], dev: bool) -> Row {
        let deps = deps.iter().map(|d| format!("pkg:npm/{d}")).collect();
        (format!("pkg:npm/{purl}"), hash_of.map(sha512_of).into_iter().collect(), deps, dev)
    }

    /// What the demo project of the three npm fixtures resolves to. v1 cannot
    /// say the workspace member's version, and v1 fixtures carry SHA-1
    /// integrity only for ms 2.0.0, as old lockfiles do.
    fn demo(workspace: &str, ms_2_0_0: Option<&str>) -> Vec<Row> {
        let ws_deps: &[&str] =
            if workspace.ends_with("@0.2.0") { &["ms@2.1.2", "typescript@5.4.5"] } else { &["ms@2.1.2"] };
        vec![
            row(
                "%40babel/code-frame@7.24.2",
                Some("@babel/code-frame@7.24.2"),
                &["%40babel/highlight@7.24.5", "picocolors@1.0.1"],
                false,
            ),
            row("%40babel/highlight@7.24.5", Some("@babel/highlight@7.24.5"), &["picocolors@1.0.1"], false),
            row(workspace, None, ws_deps, false),
            row("ansi-regex@5.0.1", Some("ansi-regex@5.0.1"), &[], false),
            row("debug@2.6.9", Some("debug@2.6.9"), &["ms@2.0.0"], false),
            row("debug@4.3.4", Some("debug@4.3.4"), &["ms@2.1.2"], false),
            row("encodeurl@1.0.2", Some("encodeurl@1.0.2"), &[], false),
            row("finalhandler@1.2.0", Some("finalhandler@1.2.0"), &["debug@2.6.9", "encodeurl@1.0.2"], false),
            row("ms@2.0.0", ms_2_0_0, &[], false),
            row("ms@2.1.2", Some("ms@2.1.2"), &[], false),
            row("ms@2.1.3", Some("ms@2.1.3"), &[], false),
            row("picocolors@1.0.1", Some("picocolors@1.0.1"), &[], false),
            row("send@0.18.0", Some("send@0.18.0"), &["debug@2.6.9", "encodeurl@1.0.2", "ms@2.1.3"], false),
            row("strip-ansi@6.0.1", Some("strip-ansi@6.0.1"), &["ansi-regex@5.0.1"], false),
            row("typescript@5.4.5", Some("typescript@5.4.5"), &[], true),
        ]
    }

    const ROOT_DEPS: [&str; 7] = [
        "pkg:npm/%40babel/code-frame@7.24.2",
        "pkg:npm/%40demo/utils@0.2.0",
        "pkg:npm/debug@4.3.4",
        "pkg:npm/finalhandler@1.2.0",
        "pkg:npm/send@0.18.0",
        "pkg:npm/strip-ansi@6.0.1",
        "pkg:npm/typescript@5.4.5",
    ];

    #[test]
    fn reads_v3_scoped_nested_aliased_linked_and_dev_packages() {
        let lock = read("npm-v3");
        assert_eq!(rows(&lock), demo("%40demo/utils@0.2.0", Some("ms@2.0.0")));
        assert_eq!(lock.root_dependencies, ROOT_DEPS);
        let alias = lock.packages.iter().find(|p| p.purl == "pkg:npm/strip-ansi@6.0.1").unwrap();
        assert_eq!((alias.name.as_str(), alias.version.as_str()), ("strip-ansi", "6.0.1"));
        let scoped = lock.packages.iter().find(|p| p.version == "7.24.2").unwrap();
        assert_eq!(scoped.name, "@babel/code-frame");
    }

    #[test]
    fn reads_v2_from_its_packages_map() {
        let lock = read("npm-v2");
        assert_eq!(rows(&lock), demo("%40demo/utils@0.2.0", Some("ms@2.0.0")));
        assert_eq!(lock.root_dependencies, ROOT_DEPS);
    }

    #[test]
    fn reads_v1_nested_tree() {
        let lock = read("npm-v1");
        assert_eq!(rows(&lock), demo("%40demo/utils", None));
        assert!(lock.root_dependencies.is_empty());
        let ws = lock.packages.iter().find(|p| p.name == "@demo/utils").unwrap();
        assert_eq!(ws.version, "");
    }

    #[test]
    fn integrity_takes_the_strongest_reported_algorithm() {
        let b64 = |bytes: &[u8]| Base64::encode_string(bytes);
        let (s512, s256) = (Sha512Digest::of(b"x"), Sha256Digest::of(b"x"));
        let both = format!("sha1-{} sha256-{} sha512-{}?opt sha384-AAAA", b64(&[1; 20]), b64(&s256.0), b64(&s512.0));
        assert_eq!(integrity_hashes(&both).unwrap(), [PackageHash::Sha512(s512)]);
        assert_eq!(integrity_hashes(&format!("sha256-{}", b64(&s256.0))).unwrap(), [PackageHash::Sha256(s256)]);
        assert_eq!(integrity_hashes("sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=").unwrap(), []);
        let short = integrity_hashes(&format!("sha512-{}", b64(&[7; 32]))).unwrap_err();
        assert_eq!(short, "integrity: sha512 value is 32 bytes, not 64");
        let unpadded = b64(&s512.0).trim_end_matches('=').to_owned();
        assert!(integrity_hashes(&format!("sha512-{unpadded}")).unwrap_err().contains("not valid base64"));
        assert!(integrity_hashes("sha512").unwrap_err().contains("not ALGORITHM-BASE64"));
    }

    #[test]
    fn sources_other_than_the_registry_are_qualified() {
        let q = |name, resolved| source_qualifier(name, Some(resolved)).map(|(k, v)| format!("{k}={v}"));
        assert_eq!(q("a", "https://registry.npmjs.org/a/-/a-1.0.0.tgz"), None);
        assert_eq!(q("a", "file:../a"), None);
        assert_eq!(
            q("@s/a", "https://npm.example.com/repo/@s/a/-/a-1.0.0.tgz").unwrap(),
            "repository_url=https://npm.example.com/repo"
        );
        assert_eq!(q("a", "https://example.com/a.tgz").unwrap(), "download_url=https://example.com/a.tgz");
        assert_eq!(
            q("a", "git+ssh://git@github.com/o/a.git#0a1b").unwrap(),
            "vcs_url=git+ssh://git@github.com/o/a.git@0a1b"
        );
        let lock = parse_text(
            r#"{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","resolved":"git+ssh://git@github.com/o/a.git#0a1b"}}}"#,
        )
        .unwrap();
        assert_eq!(
            lock.packages[0].purl,
            "pkg:npm/a@1.0.0?vcs_url=git%2Bssh:%2F%2Fgit%40github.com%2Fo%2Fa.git%400a1b"
        );
    }

    #[test]
    fn optional_and_peer_dependencies_may_be_missing_but_required_ones_not() {
        let lock = parse_text(
            r#"{"lockfileVersion":3,"packages":{
                "": {"dependencies": {"a": "1"}, "optionalDependencies": {"fsevents": "2"}},
                "node_modules/a": {"version":"1.0.0","peerDependencies":{"react":"*"},"dependencies":{"b":"1"}, "optionalDependencies":{"b":"1"}},
                "node_modules/x": {"version":"1.0.0","extraneous":true}
            }}"#,
        )
        .unwrap();
        assert_eq!(lock.root_dependencies, ["pkg:npm/a@1.0.0"]);
        assert_eq!(lock.packages.len(), 1, "the extraneous package is left out");
        assert!(lock.packages[0].dependencies.is_empty());
        let e = err(
            r#"{"lockfileVersion":3,"packages":{"node_modules/a/node_modules/b":{"version":"1.0.0","dependencies":{"c":"1"}}}}"#,
        );
        assert_eq!(
            e,
            "package-lock.json: malformed: package \"node_modules/a/node_modules/b\": dependency \"c\" is not installed at or above it"
        );
        let e = err(r#"{"lockfileVersion":3,"packages":{"":{"devDependencies":{"c":"1"}}}}"#);
        assert_eq!(
            e,
            "package-lock.json: malformed: root package \"\": dependency \"c\" is not installed at or above it"
        );
        let e = err(r#"{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","requires":{"zz":"1"}}}}"#);
        assert!(e.ends_with("package \"node_modules/a\": dependency \"zz\" is not installed at or above it"), "{e}");
    }

    #[test]
    fn malformed_lockfiles_are_refused_naming_the_problem() {
        let e = err(r#"{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","version":"1.0.1"}}}"#);
        assert!(e.starts_with("package-lock.json: malformed: duplicate key \"version\""), "{e}");
        let e =
            err(r#"{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","integrity":"sha512-AAAA"}}}"#);
        assert_eq!(
            e,
            "package-lock.json: malformed: package \"node_modules/a\": integrity: sha512 value is 3 bytes, not 64"
        );
        let e = err(r#"{"lockfileVersion":3,"packages":{"node_modules/a":{}}}"#);
        assert_eq!(e, "package-lock.json: malformed: package \"node_modules/a\": version: missing");
        let e = err(r#"{"lockfileVersion":3,"packages":{"node_modules/@s":{"version":"1"}}}"#);
        assert!(e.contains("package \"node_modules/@s\": name \"@s\" is a scope without a package name"), "{e}");
        let e = err(r#"{"lockfileVersion":4,"packages":{}}"#);
        assert_eq!(e, "package-lock.json: malformed: lockfileVersion: 4 is not supported (1 to 3 are)");
        assert!(err(r#"{"packages":{}}"#).contains("missing field `lockfileVersion`"));
        assert!(err(r#"{"lockfileVersion":2}"#).contains("missing field `packages`"));
        let e = err(
            r#"{"lockfileVersion":3,"packages":{"":{"dependencies":{"w":"*"}},"node_modules/w":{"link":true,"resolved":"packages/w"}}}"#,
        );
        assert!(e.ends_with("root package \"\": dependency \"w\" resolves to the link target \"packages/w\", which the lockfile does not list"), "{e}");
        let e = err(
            r#"{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1","dependencies":{"b":"1"}},"node_modules/b":{"version":"1","extraneous":true}}}"#,
        );
        assert!(e.ends_with("dependency \"b\" resolves to \"node_modules/b\", which is marked extraneous"), "{e}");
    }

    #[test]
    fn copies_with_different_integrity_are_refused() {
        let (a, b) = (Base64::encode_string(&[1; 64]), Base64::encode_string(&[2; 64]));
        let e = err(&format!(
            r#"{{"lockfileVersion":3,"packages":{{"node_modules/ms":{{"version":"2.0.0","integrity":"sha512-{a}"}},"node_modules/x/node_modules/ms":{{"version":"2.0.0","integrity":"sha512-{b}"}}}}}}"#
        ));
        assert!(
            e.starts_with("package-lock.json: malformed: two copies of ms (pkg:npm/ms@2.0.0) give different hashes"),
            "{e}"
        );
    }
}
