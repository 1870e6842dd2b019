//! pnpm's `pnpm-lock.yaml`, lockfileVersion 6.0 (pnpm 8) and 9.0 (pnpm 9
//! and later). pnpm released no 7.x or 8.x format; 5.x (pnpm 7 and older)
//! keys packages differently and is refused with the versions that are read.
//!
//! Both formats have `importers`: the workspace's projects by folder (`.`
//! is the root; a single-project v6 file may put the root's fields at the
//! top level instead), whose `dependencies`, `optionalDependencies` and
//! `devDependencies` map a name to `{specifier, version}`. A `version` there,
//! like a package's dependency value, is a reference: a version (`1.0.0`),
//! a version with a peer suffix (`18.2.0(react@18.2.0)`: the package linked
//! against those peers), a whole key (an alias `string-width@4.2.3`, `npm:`
//! in the specifier; a tarball or git URL), or `link:DIR`, another project of
//! the workspace.
//!
//! - **v6** keys `packages` by `/name@version(peers)`, or by a path such as
//!   `github.com/o/r/COMMIT` with `name` and `version` fields for a package
//!   from elsewhere. Each has its `resolution`, `dependencies`,
//!   `optionalDependencies` and `dev` (`true`: only development, `false`:
//!   only production, absent: both).
//! - **v9** splits them: `packages`, keyed `name@version` (`name@URL` from
//!   elsewhere, with a `version` field), says what was fetched
//!   (`resolution`); `snapshots`, keyed `name@version(peers)`, how each copy
//!   is linked (`dependencies`, `optionalDependencies`). There is no `dev`
//!   flag: a package is development-only when `devDependencies` reach it and
//!   the projects' `dependencies` and `optionalDependencies` do not. What
//!   no project reaches is not known to be development-only.
//!
//! Peer variants of a package are one purl, merged by `normalise`. The
//! root project (`.`) is the product itself: its direct dependencies are
//! the product's (`root_dependencies`). Importers record no name, so a
//! project other than the root is named by the `link:` references to its
//! folder (`'@vue/shared': {version: 'link:../shared'}`): such a project is
//! a first-party package without a version (the lockfile records none),
//! with its dependencies and `link:` edges, like a Cargo workspace member.
//! A project nothing links to is named nowhere in the lockfile; it stays
//! part of the product, its dependencies the product's. A required dependency that resolves to no
//! key is an error; an optional one may be absent, as npm allows, although
//! pnpm records every platform's optional packages.
//!
//! pnpm 11 and later may open the file with an "env" document: the root
//! importer's `configDependencies` and `packageManagerDependencies` (config
//! packages and pnpm itself, installed and run before the project's own),
//! with their `packages` and `snapshots`. pnpm's guidance is that SBOM
//! generators read every document, so the env document is read exactly like
//! the lockfile after it: its packages are listed, development-only (they
//! build the product, they do not ship in it) unless the project's lockfile
//! also needs them, and its importer's dependencies join the root
//! dependencies, so the SBOM says which pnpm and which config code took
//! part in the build.

use std::collections::{HashMap, HashSet};

use super::npm::{integrity_hashes, npm_purl, source_qualifier};
use super::yaml::{self, Node};
use super::{Package, PackageHash, reachable, vcs_url};
use crate::error::{Error, Result};

/// The formats read, by the major number of `lockfileVersion` (a minor
/// version only adds what older readers may ignore: pnpm's versions are
/// ComVer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    V6,
    V9,
}

/// An importer's dependency fields: (name, needed at run time, must
/// resolve). The last two are the env document's.
const IMPORTER_FIELDS: [(&str, bool, bool); 5] = [
    ("dependencies", true, true),
    ("optionalDependencies", true, false),
    ("devDependencies", false, true),
    ("configDependencies", false, true),
    ("packageManagerDependencies", false, true),
];

/// A package's dependency fields: (name, must resolve). The peers pnpm
/// resolved are among `dependencies`; `peerDependencies` holds only ranges.
const PACKAGE_FIELDS: [(&str, bool); 2] = [("dependencies", true), ("optionalDependencies", false)];

/// Reads every document of a pnpm-lock.yaml into packages (not yet sorted
/// or merged) and the workspace projects' direct dependencies.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::malformed(doc, format!("not UTF-8: {e}")))?;
    let documents = yaml::parse_documents(text, doc)?;
    if !(1..=2).contains(&documents.len()) {
        return Err(Error::malformed(
            doc,
            format!(
                "holds {} YAML documents; pnpm writes one lockfile, after at most one env document",
                documents.len()
            ),
        ));
    }
    let mut packages = Vec::new();
    let mut roots = Vec::new();
    for document in &documents {
        let (p, r) = Document::read(document, doc)?.packages()?;
        packages.extend(p);
        roots.extend(r);
    }
    Ok((packages, roots))
}

/// One YAML document of the file, checked and indexed.
struct Document<'a> {
    format: Format,
    doc: &'a str,
    /// What a reference may resolve to: v6 `packages`; v9 `snapshots`, and
    /// any `packages` entry that no snapshot links.
    entries: Vec<Entry<'a>>,
    by_key: HashMap<&'a str, usize>,
    /// Every project: (folder, importer).
    importers: Vec<(&'a str, &'a Node)>,
}

/// A package entry, its name, version, purl and hashes worked out.
struct Entry<'a> {
    key: &'a str,
    /// Where its dependencies are: the v6 package, the v9 snapshot.
    links: &'a Node,
    name: String,
    version: String,
    purl: String,
    hashes: Vec<PackageHash>,
    /// v6's `dev: true`.
    dev_flag: bool,
}

impl<'a> Document<'a> {
    /// Checks the document's `lockfileVersion` and works out every entry.
    fn read(root: &'a Node, doc: &'a str) -> Result<Self> {
        let fail = |line: usize, reason: String| Error::malformed_at_line(doc, line, reason);
        mapping(root, "the lockfile", doc)?;
        let version = root.get("lockfileVersion").ok_or_else(|| fail(root.line, "lockfileVersion: missing".into()))?;
        let text = version.as_str().unwrap_or_default();
        let format = match text.split_once('.') {
            Some(("6", minor)) if is_number(minor) => Format::V6,
            Some(("9", minor)) if is_number(minor) => Format::V9,
            _ => {
                return Err(fail(
                    version.line,
                    format!(
                        "lockfileVersion {text:?} is not supported (6.0, written by pnpm 8, and 9.0, by pnpm 9 and \
                         later, are); rewrite the lockfile with `pnpm install` from pnpm 8 or later"
                    ),
                ));
            }
        };
        let section = |name: &str| match root.get(name) {
            Some(node) => mapping(node, name, doc),
            None => Ok(&[][..]),
        };
        let packages = section("packages")?;
        // (key, where its dependencies are, where its resolution is)
        let mut raw: Vec<(&'a str, &'a Node, &'a Node)> = Vec::new();
        match format {
            Format::V6 => raw.extend(packages.iter().map(|(key, node)| (key.as_str(), node, node))),
            Format::V9 => {
                let by_id: HashMap<&str, &Node> = packages.iter().map(|(k, n)| (k.as_str(), n)).collect();
                let mut linked = HashSet::new();
                for (key, snapshot) in section("snapshots")? {
                    let id = without_suffix(key);
                    let meta = by_id.get(id).ok_or_else(|| {
                        fail(
                            snapshot.line,
                            format!("snapshot \"{key}\": no `packages` entry \"{id}\" gives its resolution"),
                        )
                    })?;
                    linked.insert(id);
                    raw.push((key, snapshot, meta));
                }
                let unlinked = packages.iter().filter(|(key, _)| !linked.contains(key.as_str()));
                raw.extend(unlinked.map(|(key, node)| (key.as_str(), node, node)));
            }
        }
        let entries = raw
            .into_iter()
            .map(|(key, links, meta)| Entry::new(format, key, links, meta, doc))
            .collect::<Result<Vec<_>>>()?;
        let by_key = entries.iter().enumerate().map(|(i, e)| (e.key, i)).collect();
        let importers = match root.get("importers") {
            Some(node) => mapping(node, "importers", doc)?.iter().map(|(path, n)| (path.as_str(), n)).collect(),
            None => vec![(".", root)],
        };
        Ok(Document { format, doc, entries, by_key, importers })
    }

    /// The packages, with their edges and dev flags, and the projects'
    /// direct dependencies.
    fn packages(self) -> Result<(Vec<Package>, Vec<String>)> {
        let mut edges: HashMap<String, Vec<String>> = HashMap::with_capacity(self.entries.len());
        for e in &self.entries {
            let what = format!("package \"{}\"", e.key);
            let mut keys = Vec::new();
            for (field, required) in PACKAGE_FIELDS {
                keys.extend(self.resolve_field(e.links, field, required, false, &what)?);
            }
            edges.insert(e.key.to_owned(), keys);
        }
        let names = self.importer_names()?;
        // (name, purl) of the project at a folder, when a link names it.
        let importer_purl = |path: &str| -> Result<Option<(&str, String)>> {
            let Some(&(name, line)) = names.get(path) else { return Ok(None) };
            let fail =
                |reason: String| Error::malformed_at_line(self.doc, line, format!("link to \"{path}\": {reason}"));
            npm_purl(name, "", None).map(|purl| Some((name, purl))).map_err(fail)
        };
        let (mut runtime, mut development, mut roots) = (Vec::new(), Vec::new(), Vec::new());
        let mut projects = Vec::new();
        let mut linked_roots = Vec::new();
        for &(path, importer) in &self.importers {
            let what = format!("importer \"{path}\"");
            mapping(importer, &what, self.doc)?;
            let mut keys_of_importer = Vec::new();
            for (field, needed, required) in IMPORTER_FIELDS {
                let keys = self.resolve_field(importer, field, required, true, &what)?;
                keys_of_importer.extend(keys.iter().cloned());
                if needed { runtime.extend(keys) } else { development.extend(keys) }
            }
            let mut links = Vec::new();
            for (_, target, _) in self.links(path, importer) {
                links.extend(importer_purl(&target)?.map(|(_, purl)| purl));
            }
            // A project another project links to is named by that link:
            // a first-party package. The root, and a project nothing
            // names, is the product itself.
            match importer_purl(path)?.filter(|_| path != ".") {
                Some((name, purl)) => projects.push((name, purl, keys_of_importer, links)),
                None => {
                    roots.extend(keys_of_importer);
                    linked_roots.extend(links);
                }
            }
        }
        // v9 has no dev flag: development-only is what devDependencies (or
        // the env document's tooling) reach and the runtime fields do not.
        let reach = (self.format == Format::V9).then(|| (reachable(runtime, &edges), reachable(development, &edges)));
        let purl_of = |key: &String| self.by_key.get(key.as_str()).and_then(|&i| self.entries.get(i)).map(|e| &e.purl);
        let mut packages = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let dev = match &reach {
                Some((run, dev)) => dev.contains(e.key) && !run.contains(e.key),
                None => e.dev_flag,
            };
            packages.push(Package {
                name: e.name.clone(),
                version: e.version.clone(),
                purl: e.purl.clone(),
                hashes: e.hashes.clone(),
                dependencies: edges.get(e.key).into_iter().flatten().filter_map(purl_of).cloned().collect(),
                dev,
                optional: false,
                first_party: false,
                distributions: Vec::new(),
                properties: Vec::new(),
            });
        }
        for (name, purl, keys, links) in projects {
            let mut dependencies: Vec<String> = keys.iter().filter_map(purl_of).cloned().collect();
            dependencies.extend(links);
            packages.push(Package {
                dependencies,
                first_party: true,
                ..Package::new(name.to_owned(), String::new(), purl, Vec::new())
            });
        }
        let mut roots: Vec<String> = roots.iter().filter_map(purl_of).cloned().collect();
        roots.extend(linked_roots);
        Ok((packages, roots))
    }

    /// Each project's name, by folder, as the `link:` references of other
    /// projects give it (pnpm's importers record no name): folder →
    /// (name, line of the first link naming it). Two links naming one
    /// folder differently cannot both be right, so that is an error.
    fn importer_names(&self) -> Result<HashMap<String, (&'a str, usize)>> {
        let mut names: HashMap<String, (&'a str, usize)> = HashMap::new();
        for &(path, importer) in &self.importers {
            for (name, target, line) in self.links(path, importer) {
                match names.get(&target) {
                    Some(&(other, first)) if other != name => {
                        return Err(Error::malformed(
                            self.doc,
                            format!(
                                "line {line}: importer \"{path}\" links \"{name}\" to \"{target}\", which line \
                                 {first} links as \"{other}\""
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        names.insert(target, (name, line));
                    }
                }
            }
        }
        Ok(names)
    }

    /// The `link:` dependencies of the importer at `path`: (name, the
    /// linked folder relative to the lockfile, line). Links that leave the
    /// workspace (`link:../../elsewhere` above the lockfile) are not its
    /// projects and are left out, as before.
    fn links(&self, path: &str, importer: &'a Node) -> Vec<(&'a str, String, usize)> {
        let mut out = Vec::new();
        for (field, _, _) in IMPORTER_FIELDS {
            let Some(deps) = importer.get(field).and_then(Node::as_map) else { continue };
            for (name, value) in deps {
                let Some(version) = value.get("version") else { continue };
                let Some(rel) = version.as_str().and_then(|v| v.strip_prefix("link:")) else { continue };
                if let Some(target) = join_folder(path, rel) {
                    out.push((name.as_str(), target, version.line));
                }
            }
        }
        out
    }

    /// The keys that the dependencies in `node`'s `field` resolve to
    /// (importers give `{specifier, version}`, packages the version alone).
    /// `link:` references, to the workspace's own projects, are left out.
    fn resolve_field(
        &self,
        node: &Node,
        field: &str,
        required: bool,
        importer: bool,
        what: &str,
    ) -> Result<Vec<String>> {
        let fail = |line: usize, reason: String| Error::malformed_at_line(self.doc, line, format!("{what}: {reason}"));
        let Some(deps) = node.get(field) else { return Ok(Vec::new()) };
        let deps = deps.as_map().ok_or_else(|| fail(deps.line, format!("{field}: not a mapping")))?;
        let mut keys = Vec::with_capacity(deps.len());
        for (name, value) in deps {
            let reference = if importer { value.get("version") } else { Some(value) };
            let Some((reference, line)) = reference.and_then(|r| Some((r.as_str()?, r.line))) else {
                let expected = if importer { "a mapping with a `version`" } else { "a version" };
                return Err(fail(value.line, format!("{field}: \"{name}\" is not {expected}")));
            };
            let Some(key) = self.format.key(name, reference) else { continue };
            if self.by_key.contains_key(key.as_str()) {
                keys.push(key);
            } else if required {
                return Err(fail(
                    line,
                    format!(
                        "{field}: \"{name}\" ({reference}) resolves to \"{key}\", which the lockfile does not list"
                    ),
                ));
            }
        }
        Ok(keys)
    }
}

/// The folder `rel` names from the importer folder `from`, both relative
/// to the lockfile and `/`-separated, in the form importers are keyed by
/// (`.` for the root); `None` when it leaves the lockfile's folder.
fn join_folder(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in from.split('/').chain(rel.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(if parts.is_empty() { ".".to_owned() } else { parts.join("/") })
}

impl<'a> Entry<'a> {
    /// Checks the entry at `key`; `links` holds its dependencies, `meta`
    /// its resolution (the same node in v6).
    fn new(format: Format, key: &'a str, links: &'a Node, meta: &'a Node, doc: &str) -> Result<Self> {
        let what = format!("package \"{key}\"");
        mapping(links, &what, doc)?;
        mapping(meta, &what, doc)?;
        let fail = |line: usize, reason: String| Error::malformed_at_line(doc, line, format!("{what}: {reason}"));
        let field = |name: &str| match meta.get(name) {
            None => Ok(None),
            Some(n) => n.as_str().map(Some).ok_or_else(|| fail(n.line, format!("{name}: not a plain value"))),
        };
        let (key_name, key_version) = format.name_and_version(key);
        let name = match (field("name")?, key_name) {
            (Some(n), Some(k)) if n != k => return Err(fail(meta.line, format!("name {n:?} disagrees with the key"))),
            (Some(n), _) | (None, Some(n)) => n,
            (None, None) => {
                return Err(fail(meta.line, "name: missing (a key that does not spell NAME@VERSION needs one)".into()));
            }
        };
        let version = match (field("version")?, key_version) {
            (Some(v), Some(k)) if v != k => {
                return Err(fail(meta.line, format!("version {v:?} disagrees with the key's {k:?}")));
            }
            (Some(v), _) | (None, Some(v)) => v,
            (None, None) => "", // a folder or URL whose package.json has no version
        };
        let (hashes, qualifier) = resolution(name, meta).map_err(|(line, reason)| fail(line, reason))?;
        let purl = npm_purl(name, version, qualifier.as_ref()).map_err(|reason| fail(meta.line, reason))?;
        let dev_flag = match field("dev")? {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => return Err(fail(meta.line, format!("dev: {other:?} is neither true nor false"))),
        };
        Ok(Entry { key, links, name: name.to_owned(), version: version.to_owned(), purl, hashes, dev_flag })
    }
}

impl Format {
    /// The key a dependency reference names (pnpm's `refToRelative` of the
    /// format's pnpm version); `None` for a `link:` to a workspace project.
    fn key(self, name: &str, reference: &str) -> Option<String> {
        if reference.starts_with("link:") {
            return None;
        }
        let whole = match self {
            // A version, peers or not, has no `/` before its peer suffix.
            Format::V6 => {
                let before_peers = reference.split('(').next().unwrap_or(reference);
                reference.starts_with("file:") || before_peers.contains('/')
            }
            // A key spells NAME@: an `@` before any `:` or `(`.
            Format::V9 => {
                let at = reference.find('@');
                reference.starts_with('@')
                    || at.is_some_and(|at| [':', '('].into_iter().all(|c| reference.find(c).is_none_or(|i| at < i)))
            }
        };
        Some(match (whole, self) {
            (true, _) => reference.to_owned(),
            (false, Format::V6) => format!("/{name}@{reference}"),
            (false, Format::V9) => format!("{name}@{reference}"),
        })
    }

    /// The name and version that a key spells, where it spells them: not
    /// for a v6 key that is a path (`github.com/o/r/COMMIT`), nor the
    /// version of a v9 key whose reference is a URL or `file:` path.
    fn name_and_version(self, key: &str) -> (Option<&str>, Option<&str>) {
        let path = match self {
            Format::V6 => match key.strip_prefix('/') {
                Some(path) => path,
                None => return (None, None),
            },
            Format::V9 => key,
        };
        let split = path.get(1..).and_then(|rest| rest.find('@')).and_then(|at| path.split_at_checked(at + 1));
        match split.and_then(|(name, rest)| Some((name, rest.strip_prefix('@')?))) {
            Some((name, reference)) if !name.is_empty() && !reference.is_empty() => {
                let reference = without_suffix(reference);
                (Some(name), (self == Format::V6 || !reference.contains(':')).then_some(reference))
            }
            _ => (None, None),
        }
    }
}

/// The hashes a resolution gives and the purl qualifier saying where the
/// package came from.
type Source = (Vec<PackageHash>, Option<(&'static str, String)>);

/// What a `resolution` gives: an `integrity` (the registry's tarball), a
/// `tarball` URL (with or without integrity), a git commit (`type: git`) or
/// a local folder (`type: directory`). Errors carry the line.
fn resolution(name: &str, meta: &Node) -> std::result::Result<Source, (usize, String)> {
    let res = meta.get("resolution").ok_or_else(|| (meta.line, "resolution: missing".to_owned()))?;
    if res.as_map().is_none() {
        return Err((res.line, "resolution: not a mapping".to_owned()));
    }
    let text = |field: &str| match res.get(field) {
        None => Ok(None),
        Some(n) => n.as_str().map(Some).ok_or_else(|| (n.line, format!("resolution: {field}: not a plain value"))),
    };
    let hashes = match res.get("integrity") {
        Some(n) => {
            let sri = text("integrity")?.unwrap_or_default();
            integrity_hashes(sri).map_err(|reason| (n.line, reason))?
        }
        None => Vec::new(),
    };
    let qualifier = match text("type")? {
        None => {
            let tarball = text("tarball")?;
            if tarball.is_none() && res.get("integrity").is_none() {
                return Err((res.line, "resolution: has neither an integrity nor a tarball".to_owned()));
            }
            source_qualifier(name, tarball)
        }
        Some("git") => {
            let repo = text("repo")?.ok_or_else(|| (res.line, "resolution: git without a repo".to_owned()))?;
            let commit = text("commit")?.filter(|c| !c.is_empty());
            let commit = commit.ok_or_else(|| (res.line, "resolution: git without a commit".to_owned()))?;
            let mut url = vcs_url(&format!("git+{}#{commit}", repo.strip_prefix("git+").unwrap_or(repo)));
            if let Some(path) = text("path")? {
                url = format!("{url}#{}", path.trim_start_matches('/'));
            }
            Some(("vcs_url", url))
        }
        Some("directory") => None,
        Some(other) => {
            return Err((
                res.line,
                format!("resolution: type {other:?} is not one attest reads (a tarball, git or directory)"),
            ));
        }
    };
    Ok((hashes, qualifier))
}

/// `key` without its peer suffix: the trailing parenthesised groups, which
/// may nest (`(react-dom@18.2.0(react@18.2.0))`) and start with pnpm 9's
/// `(patch_hash=…)`.
fn without_suffix(key: &str) -> &str {
    if !key.ends_with(')') {
        return key;
    }
    let mut depth = 0usize;
    for (i, c) in key.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => depth = depth.saturating_sub(1),
            _ if depth == 0 => return key.get(..i + c.len_utf8()).unwrap_or(key),
            _ => {}
        }
    }
    key
}

/// The entries of a mapping node; `what` names it in the error otherwise.
fn mapping<'a>(node: &'a Node, what: &str, doc: &str) -> Result<&'a [(String, Node)]> {
    node.as_map().ok_or_else(|| Error::malformed_at_line(doc, node.line, format!("{what}: not a mapping")))
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Sha512Digest;
    use crate::lockfile::LockfileKind;
    use crate::lockfile::test_rows::{Row, error, fixture, row, rows};

    const IS_NEGATIVE: &str = "is-negative@2.1.0?download_url=https:%2F%2Fcodeload.github.com%2Fkevva%2Fis-negative%2Ftar.gz%2F1d7e288222b53a0cab90a331f1865220ec29560c";
    const LEFT_PAD: &str = "left-pad@1.3.0?vcs_url=git%2Bhttps:%2F%2Fgitlab.com%2Facme%2Fleft-pad.git%405f0a3c8e1b7d4a29c6e0f8b1d3a5c7e9f1b2d4a6";

    /// The row of `pkg:npm/{short}`. When `hashed`, its hash is the one every
    /// fixture gives: the SHA-512 of the text `name@version`.
    fn pkg(short: &str, hashed: bool, deps: &[&str], dev: bool) -> Row {
        let deps: Vec<String> = deps.iter().map(|d| format!("pkg:npm/{d}")).collect();
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        let version = short.rsplit_once('@').map_or("", |(_, v)| v.split('?').next().unwrap());
        let mut r = row(&format!("pkg:npm/{short}"), version, &[], &deps, dev);
        if hashed {
            r.2 = vec![PackageHash::Sha512(Sha512Digest::of(short.replace("%40", "@").as_bytes()))];
        }
        r
    }

    /// What the demo workspace (`.` and `packages/utils`) of the v6 and v9
    /// fixtures resolves to: the same packages, dev flags and edges whether
    /// pnpm 8 wrote them (`dev` flags) or pnpm 9 (computed).
    fn demo() -> Vec<Row> {
        vec![
            pkg("%40babel/code-frame@7.24.2", true, &["%40babel/highlight@7.24.5", "picocolors@1.0.1"], false),
            pkg("%40babel/helper-validator-identifier@7.24.5", true, &[], false),
            pkg(
                "%40babel/highlight@7.24.5",
                true,
                &["%40babel/helper-validator-identifier@7.24.5", "js-tokens@4.0.0", "picocolors@1.0.1"],
                false,
            ),
            // The project at packages/utils, named by the root's link.
            pkg(
                "%40demo/utils",
                false,
                &[
                    "debug@2.6.9",
                    IS_NEGATIVE,
                    LEFT_PAD,
                    "ms@2.1.3",
                    "react@17.0.2",
                    "typescript@5.4.5",
                    "use-sync-external-store@1.2.2",
                ],
                false,
            ),
            pkg("%40esbuild/darwin-arm64@0.21.5", true, &[], true),
            pkg("%40esbuild/linux-x64@0.21.5", true, &[], true),
            pkg("%40types/prop-types@15.7.12", true, &[], true),
            pkg("%40types/react@18.3.3", true, &["%40types/prop-types@15.7.12", "csstype@3.1.3"], true),
            pkg("ansi-regex@5.0.1", true, &[], false),
            pkg("csstype@3.1.3", true, &[], true),
            pkg("debug@2.6.9", true, &["ms@2.0.0"], false),
            pkg("debug@4.3.4", true, &["ms@2.1.2"], false),
            pkg("esbuild@0.21.5", true, &["%40esbuild/darwin-arm64@0.21.5", "%40esbuild/linux-x64@0.21.5"], true),
            pkg("fsevents@2.3.3", true, &[], false),
            pkg(IS_NEGATIVE, false, &[], false),
            pkg("js-tokens@4.0.0", true, &[], false),
            pkg(LEFT_PAD, false, &[], false),
            pkg("loose-envify@1.4.0", true, &["js-tokens@4.0.0"], false),
            pkg("ms@2.0.0", false, &[], false), // SHA-1 integrity only
            pkg("ms@2.1.2", true, &[], false),
            pkg("ms@2.1.3", true, &[], false),
            pkg("object-assign@4.1.1", true, &[], false),
            pkg("picocolors@1.0.1", true, &[], false),
            pkg("react-dom@18.2.0", true, &["loose-envify@1.4.0", "react@18.2.0", "scheduler@0.23.2"], false),
            pkg("react@17.0.2", true, &["loose-envify@1.4.0", "object-assign@4.1.1"], false),
            pkg("react@18.2.0", true, &["loose-envify@1.4.0"], false),
            pkg("scheduler@0.23.2", true, &["loose-envify@1.4.0"], false),
            pkg("strip-ansi@6.0.1", true, &["ansi-regex@5.0.1"], false),
            pkg("typescript@5.4.5", true, &[], true),
            pkg("use-sync-external-store@1.2.2", true, &["react@17.0.2", "react@18.2.0"], false),
        ]
    }

    /// The root project's direct dependencies, the linked `@demo/utils`
    /// (a first-party package) among them.
    fn demo_roots() -> Vec<String> {
        [
            "%40babel/code-frame@7.24.2",
            "%40demo/utils",
            "%40types/react@18.3.3",
            "debug@4.3.4",
            "esbuild@0.21.5",
            "fsevents@2.3.3",
            "react-dom@18.2.0",
            "react@18.2.0",
            "strip-ansi@6.0.1",
            "typescript@5.4.5",
            "use-sync-external-store@1.2.2",
        ]
        .iter()
        .map(|p| format!("pkg:npm/{p}"))
        .collect()
    }

    fn err(text: &str) -> String {
        error(LockfileKind::Pnpm, text)
    }

    fn parse_text(text: &str) -> crate::lockfile::Lockfile {
        crate::lockfile::parse(LockfileKind::Pnpm, text.as_bytes(), "pnpm-lock.yaml").unwrap()
    }

    #[test]
    fn reads_v9_workspace_with_peers_aliases_git_tarball_and_dev_subtrees() {
        let lock = fixture(LockfileKind::Pnpm, "pnpm-v9/pnpm-lock.yaml");
        assert_eq!(lock.kind, LockfileKind::Pnpm);
        assert_eq!(rows(&lock), demo());
        assert_eq!(lock.root_dependencies, demo_roots());
        let alias = lock.packages.iter().find(|p| p.purl == "pkg:npm/strip-ansi@6.0.1").unwrap();
        assert_eq!((alias.name.as_str(), alias.version.as_str()), ("strip-ansi", "6.0.1"));
        let scoped = lock.packages.iter().find(|p| p.version == "7.24.2").unwrap();
        assert_eq!(scoped.name, "@babel/code-frame");
        let git = lock.packages.iter().find(|p| p.name == "left-pad").unwrap();
        assert_eq!(git.version, "1.3.0");
        assert!(
            lock.packages.iter().all(|p| p.first_party == (p.name == "@demo/utils")),
            "a linked project is first-party"
        );
    }

    #[test]
    fn reads_v6_with_its_dev_flags_to_the_same_packages() {
        let lock = fixture(LockfileKind::Pnpm, "pnpm-v6/pnpm-lock.yaml");
        assert_eq!(rows(&lock), demo());
        assert_eq!(lock.root_dependencies, demo_roots());
        let tarball = lock.packages.iter().find(|p| p.name == "is-negative").unwrap();
        assert_eq!(tarball.version, "2.1.0");
    }

    #[test]
    fn reads_the_env_document_before_the_lockfile() {
        let lock = fixture(LockfileKind::Pnpm, "pnpm-v9/with-env/pnpm-lock.yaml");
        let mut expected = demo();
        expected.extend([
            // Config dependencies and pnpm build the product: development-only.
            pkg("%40demo/pnpm-config@1.2.0", true, &["ms@2.1.3"], true),
            pkg("%40pnpm/exe.darwin-arm64@11.1.2", true, &[], true),
            pkg("%40pnpm/exe.linux-x64@11.1.2", true, &[], true),
            pkg("pnpm@11.1.2", true, &["%40pnpm/exe.darwin-arm64@11.1.2", "%40pnpm/exe.linux-x64@11.1.2"], true),
        ]);
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        // ms@2.1.3 is in both documents: one package, needed at run time.
        assert_eq!(rows(&lock), expected);
        let mut roots = demo_roots();
        roots.extend(["pkg:npm/%40demo/pnpm-config@1.2.0".to_owned(), "pkg:npm/pnpm@11.1.2".to_owned()]);
        roots.sort();
        assert_eq!(lock.root_dependencies, roots);
    }

    #[test]
    fn a_single_project_v6_lockfile_keeps_its_dependencies_at_the_top() {
        let lock = parse_text(
            "lockfileVersion: '6.0'\n\ndependencies:\n  ms:\n    specifier: ^2.1.3\n    version: 2.1.3\n\n\
             devDependencies:\n  typescript:\n    specifier: ^5.4.5\n    version: 5.4.5\n\npackages:\n\n  \
             /ms@2.1.3:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n    dev: false\n\n  \
             /typescript@5.4.5:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n    dev: true\n",
        );
        assert_eq!(lock.root_dependencies, ["pkg:npm/ms@2.1.3", "pkg:npm/typescript@5.4.5"]);
        assert_eq!(
            rows(&lock),
            [
                row("pkg:npm/ms@2.1.3", "2.1.3", &[], &[], false),
                row("pkg:npm/typescript@5.4.5", "5.4.5", &[], &[], true)
            ]
        );
    }

    #[test]
    fn optional_dependencies_may_be_missing_and_linked_projects_are_first_party() {
        let lock = parse_text(
            "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '@demo/ui': {specifier: 'workspace:*', \
             version: 'link:packages/ui'}\n    optionalDependencies:\n      fsevents: {specifier: ~2.3.3, version: 2.3.3}\n  \
             packages/ui:\n    dependencies:\n      chokidar: {specifier: ^3.6.0, version: 3.6.0}\npackages:\n  \
             chokidar@3.6.0: {resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}}\n  \
             orphan@1.0.0: {resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}}\nsnapshots:\n  \
             chokidar@3.6.0:\n    optionalDependencies:\n      fsevents: 2.3.3\n",
        );
        assert_eq!(lock.root_dependencies, ["pkg:npm/%40demo/ui"]);
        // An entry that no snapshot and no project reaches is still listed,
        // and not known to be development-only.
        assert_eq!(
            rows(&lock),
            [
                row("pkg:npm/%40demo/ui", "", &[], &["pkg:npm/chokidar@3.6.0"], false),
                row("pkg:npm/chokidar@3.6.0", "3.6.0", &[], &[], false),
                row("pkg:npm/orphan@1.0.0", "1.0.0", &[], &[], false)
            ]
        );
    }

    #[test]
    fn unsupported_lockfile_versions_are_refused_naming_the_supported_ones() {
        let supported = "is not supported (6.0, written by pnpm 8, and 9.0, by pnpm 9 and later, are); \
                         rewrite the lockfile with `pnpm install` from pnpm 8 or later";
        assert_eq!(
            err("lockfileVersion: 5.4\n\nspecifiers:\n  ms: ^2.1.3\n"),
            format!("pnpm-lock.yaml: malformed: line 1: lockfileVersion \"5.4\" {supported}")
        );
        for v in ["'10.0'", "'7.0'", "'9'", "'9.x'"] {
            let e = err(&format!("# pnpm\nlockfileVersion: {v}\n"));
            assert!(
                e.starts_with("pnpm-lock.yaml: malformed: line 2: lockfileVersion ") && e.ends_with(supported),
                "{e}"
            );
        }
        assert_eq!(parse_text("lockfileVersion: '9.1'\n").packages, []);
        assert_eq!(err("importers: {}\n"), "pnpm-lock.yaml: malformed: line 1: lockfileVersion: missing");
    }

    #[test]
    fn malformed_packages_are_refused_with_their_line() {
        let e = err(
            "lockfileVersion: '9.0'\n\npackages:\n\n  ms@2.1.3:\n    engines: {node: '>=8'}\n\nsnapshots:\n\n  ms@2.1.3: {}\n",
        );
        assert_eq!(e, "pnpm-lock.yaml: malformed: line 6: package \"ms@2.1.3\": resolution: missing");
        let e = err(
            "lockfileVersion: '6.0'\npackages:\n  /ms@2.1.3:\n    dev: false\n    resolution: {integrity: sha512-AAAA}\n",
        );
        assert_eq!(
            e,
            "pnpm-lock.yaml: malformed: line 5: package \"/ms@2.1.3\": integrity: sha512 value is 3 bytes, not 64"
        );
        let e = err("lockfileVersion: '9.0'\npackages:\n  ms@2.1.3:\n    resolution: {integrity: sha512-AAAA}\n");
        assert!(e.ends_with("line 4: package \"ms@2.1.3\": integrity: sha512 value is 3 bytes, not 64"), "{e}");
        let e =
            err("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {repo: https://x/a.git, type: git}\n");
        assert_eq!(e, "pnpm-lock.yaml: malformed: line 4: package \"a@1.0.0\": resolution: git without a commit");
        let e = err("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {type: variations}\n");
        assert!(
            e.ends_with("resolution: type \"variations\" is not one attest reads (a tarball, git or directory)"),
            "{e}"
        );
        let e = err("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {}\n");
        assert!(e.ends_with("line 4: package \"a@1.0.0\": resolution: has neither an integrity nor a tarball"), "{e}");
        let e = err(
            "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {tarball: https://x/a.tgz}\n    version: 1.0.1\n",
        );
        assert!(
            e.ends_with("line 4: package \"a@1.0.0\": version \"1.0.1\" disagrees with the key's \"1.0.0\""),
            "{e}"
        );
        let e = err(
            "lockfileVersion: '6.0'\npackages:\n  github.com/o/a/0a1b:\n    resolution: {tarball: https://x/a.tgz}\n",
        );
        assert!(
            e.ends_with(
                "package \"github.com/o/a/0a1b\": name: missing (a key that does not spell NAME@VERSION needs one)"
            ),
            "{e}"
        );
        let e = err(
            "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    resolution: {tarball: https://x/a.tgz}\n    dev: yes\n",
        );
        assert!(e.ends_with("line 4: package \"/a@1.0.0\": dev: \"yes\" is neither true nor false"), "{e}");
        let e = err(
            "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {tarball: https://x/a.tgz}\nsnapshots:\n  a@1.0.0(b@1.0.0): {}\n  c@1.0.0: {}\n",
        );
        assert_eq!(
            e,
            "pnpm-lock.yaml: malformed: line 7: snapshot \"c@1.0.0\": no `packages` entry \"c@1.0.0\" gives its resolution"
        );
    }

    #[test]
    fn a_dependency_that_resolves_to_no_entry_is_refused_with_its_line() {
        let lock = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      debug:\n        specifier: ^4.3.4\n        version: VERSION\n\
                    packages:\n  debug@4.3.4:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n\
                    snapshots:\n  debug@4.3.4:\n    dependencies:\n      ms: 2.1.2\n";
        let e = err(&lock.replace("VERSION", "4.3.4"));
        assert_eq!(
            e,
            "pnpm-lock.yaml: malformed: line 14: package \"debug@4.3.4\": dependencies: \"ms\" (2.1.2) resolves to \"ms@2.1.2\", which the lockfile does not list"
        );
        let e = err(&lock.replace("VERSION", "4.3.5").replace("\n    dependencies:\n      ms: 2.1.2\n", " {}\n"));
        assert_eq!(
            e,
            "pnpm-lock.yaml: malformed: line 7: importer \".\": dependencies: \"debug\" (4.3.5) resolves to \"debug@4.3.5\", which the lockfile does not list"
        );
        let e =
            err("lockfileVersion: '6.0'\ndevDependencies:\n  typescript:\n    specifier: ^5.4.5\n    version: 5.4.5\n");
        assert!(e.ends_with("line 5: importer \".\": devDependencies: \"typescript\" (5.4.5) resolves to \"/typescript@5.4.5\", which the lockfile does not list"), "{e}");
        let e = err("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      ms: 2.1.3\n");
        assert!(e.ends_with("line 5: importer \".\": dependencies: \"ms\" is not a mapping with a `version`"), "{e}");
    }

    #[test]
    fn yaml_the_lockfile_never_holds_is_refused() {
        let e = err(
            "lockfileVersion: '9.0'\npackages:\n  ms@2.1.3:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n  ms@2.1.3:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n",
        );
        assert_eq!(e, "pnpm-lock.yaml: malformed: line 5: the key \"ms@2.1.3\" is given twice");
        assert_eq!(err("- lockfileVersion\n"), "pnpm-lock.yaml: malformed: line 1: the lockfile: not a mapping");
        let three = "---\nlockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n";
        assert_eq!(
            err(three),
            "pnpm-lock.yaml: malformed: holds 3 YAML documents; pnpm writes one lockfile, after at most one env document"
        );
        assert!(err("").contains("holds 0 YAML documents"));
        assert_eq!(
            crate::lockfile::parse(LockfileKind::Pnpm, b"lockfileVersion: '9.0'\n\xff", "pnpm-lock.yaml")
                .unwrap_err()
                .to_string(),
            "pnpm-lock.yaml: malformed: not UTF-8: invalid utf-8 sequence of 1 bytes from index 23"
        );
    }

    #[test]
    fn references_resolve_to_keys_as_each_pnpm_writes_them() {
        let v6 = |name, reference| Format::V6.key(name, reference);
        assert_eq!(v6("ms", "2.1.3").unwrap(), "/ms@2.1.3");
        assert_eq!(v6("@types/react", "18.3.3").unwrap(), "/@types/react@18.3.3");
        assert_eq!(v6("a", "1.0.0(@types/react@18.3.3)").unwrap(), "/a@1.0.0(@types/react@18.3.3)");
        assert_eq!(v6("strip-ansi-cjs", "/strip-ansi@6.0.1").unwrap(), "/strip-ansi@6.0.1");
        assert_eq!(v6("x", "github.com/o/x/0a1b").unwrap(), "github.com/o/x/0a1b");
        assert_eq!(v6("x", "file:x.tgz").unwrap(), "file:x.tgz");
        assert_eq!(v6("x", "link:../x"), None);
        let v9 = |name, reference| Format::V9.key(name, reference);
        assert_eq!(v9("ms", "2.1.3").unwrap(), "ms@2.1.3");
        assert_eq!(v9("a", "1.0.0(react@18.2.0)").unwrap(), "a@1.0.0(react@18.2.0)");
        assert_eq!(v9("strip-ansi-cjs", "strip-ansi@6.0.1").unwrap(), "strip-ansi@6.0.1");
        assert_eq!(v9("b", "@s/real@1.0.0").unwrap(), "@s/real@1.0.0");
        assert_eq!(v9("x", "https://a.example/x.tgz").unwrap(), "x@https://a.example/x.tgz");
        assert_eq!(
            v9("x", "git+ssh://git@github.com/o/x.git#0a1b").unwrap(),
            "x@git+ssh://git@github.com/o/x.git#0a1b"
        );
        assert_eq!(v9("x", "link:../x"), None);
        assert_eq!(Format::V9.name_and_version("@s/a@1.0.0(b@2.0.0)"), (Some("@s/a"), Some("1.0.0")));
        assert_eq!(Format::V9.name_and_version("x@file:../x"), (Some("x"), None));
        assert_eq!(Format::V9.name_and_version("@s/a"), (None, None));
        assert_eq!(Format::V6.name_and_version("/@s/a@1.0.0(b@2.0.0)"), (Some("@s/a"), Some("1.0.0")));
        assert_eq!(Format::V6.name_and_version("github.com/o/x/0a1b"), (None, None));
    }

    #[test]
    fn peer_and_patch_suffixes_are_removed_whole() {
        assert_eq!(without_suffix("a@1.0.0"), "a@1.0.0");
        assert_eq!(without_suffix("a@1.0.0(react@18.2.0)"), "a@1.0.0");
        assert_eq!(
            without_suffix("@t/r@14.0.0(@types/react@18.3.3)(react-dom@18.2.0(react@18.2.0))(react@18.2.0)"),
            "@t/r@14.0.0"
        );
        assert_eq!(without_suffix("a@1.0.0(patch_hash=abc123)(react@18.2.0)"), "a@1.0.0");
        assert_eq!(without_suffix("a)"), "a)");
    }

    #[test]
    fn git_resolutions_pin_the_commit_and_subfolder() {
        let lock = parse_text(
            "lockfileVersion: '9.0'\npackages:\n  is-odd@git+ssh://git@github.com/o/is-odd.git#a80ee0d:\n    \
             resolution: {commit: a80ee0d, path: /packages/is-odd, repo: git+ssh://git@github.com/o/is-odd.git, type: git}\n    \
             version: 3.0.1\n  local@file:packages/local:\n    resolution: {directory: packages/local, type: directory}\n  \
             inhouse@1.0.0:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=, tarball: https://npm.example.com/inhouse/-/inhouse-1.0.0.tgz}\n",
        );
        let purls: Vec<&str> = lock.packages.iter().map(|p| p.purl.as_str()).collect();
        assert_eq!(
            purls,
            [
                "pkg:npm/inhouse@1.0.0?repository_url=https:%2F%2Fnpm.example.com",
                "pkg:npm/is-odd@3.0.1?vcs_url=git%2Bssh:%2F%2Fgit%40github.com%2Fo%2Fis-odd.git%40a80ee0d%23packages%2Fis-odd",
                "pkg:npm/local",
            ]
        );
    }
}
