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

mod entry;

use std::collections::{HashMap, HashSet};

use super::npm::npm_purl;
use super::yaml::{self, Node};
use super::{Package, PackageHash, reachable};
use crate::error::{Error, Result};

use entry::without_suffix;

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
                dependencies: edges.get(e.key).into_iter().flatten().filter_map(purl_of).cloned().collect(),
                dev,
                ..Package::new(e.name.clone(), e.version.clone(), e.purl.clone(), e.hashes.clone())
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

/// The entries of a mapping node; `what` names it in the error otherwise.
fn mapping<'a>(node: &'a Node, what: &str, doc: &str) -> Result<&'a [(String, Node)]> {
    node.as_map().ok_or_else(|| Error::malformed_at_line(doc, node.line, format!("{what}: not a mapping")))
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests;
