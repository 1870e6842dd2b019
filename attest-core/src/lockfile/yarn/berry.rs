//! **Berry (yarn 2, 3 and 4)** is YAML with a `__metadata` map (format
//! `version` 4 to 8) and entries keyed by their descriptors (`"lodash@npm:
//! ^4.17.21, lodash@npm:^4.17.0"`), each with the `version`, the
//! `resolution` (the locator `NAME@REFERENCE`, which names the real package
//! of an alias), `dependencies` (NAME: RANGE; yarn 2 and 3 leave out the
//! default `npm:` protocol) and `checksum`. The checksum is a hash of the zip
//! yarn builds in its own cache, not of anything a registry serves, so,
//! like go.sum's `h1:`, it is the `attest:yarn:checksum` property and never
//! a hash. What a resolution's protocol means:
//!
//! - `npm:` a registry package. The lockfile does not say which registry
//!   (that is in `.yarnrc.yml`), so there is no qualifier, unless yarn
//!   recorded an unusual tarball URL (`::__archiveUrl=`): `download_url`.
//! - `patch:` the patched package, under the purl of the package it patches,
//!   with the `attest:yarn:patch` property naming the patch. Yarn locks the
//!   unpatched package too, and the two copies merge into one purl.
//! - git (`git+...`, `ssh:`, an `https:` repository `#commit=...`):
//!   `vcs_url` with the commit; one that pins no commit is refused.
//!   An `http(s):` tarball: `download_url`.
//! - `file:` a tarball or folder in the project's tree: no qualifier, as
//!   npm's `file:` packages.
//! - `workspace:`, `portal:`, `link:` the project's own folders, linked
//!   rather than installed: like Cargo's path packages they are not listed,
//!   their dependencies are the root dependencies, and edges to them from
//!   packages are dropped.
//! - anything else (`exec:`, a plugin's protocol) is refused: attest cannot
//!   say what it is.

use std::collections::{BTreeMap, BTreeSet};

use super::{CLASSIC_HEADER, split_descriptor};
use crate::error::{Error, Result};
use crate::lockfile::npm::npm_purl;
use crate::lockfile::yaml::{self, Node};
use crate::lockfile::{Manifest, Package, vcs_url};

/// The Berry lockfile format versions understood (yarn 2.0 wrote 4, yarn
/// 4.0 wrote 8, yarn 4.6–4.10 write 9 and 10, which change only how yarn
/// computes checksums and conditions, not what an entry means); a newer one
/// may change meaning.
pub(super) const BERRY_VERSIONS: std::ops::RangeInclusive<u64> = 4..=10;

/// The property holding Berry's cache-zip checksum.
pub(super) const CHECKSUM_PROPERTY: &str = "attest:yarn:checksum";

/// The property naming the patch applied to a `patch:` package.
pub(super) const PATCH_PROPERTY: &str = "attest:yarn:patch";

/// One entry of package.json's `resolutions`: `[FROM[@RANGE]/]NAME[@RANGE]`
/// → the descriptor range to use instead.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Resolution {
    /// The depending package's name, when the override is for its
    /// dependency only.
    pub(super) from: Option<String>,
    pub(super) name: String,
    /// The range the override replaces; any range when absent.
    pub(super) range: Option<String>,
    /// What to resolve to instead.
    pub(super) to: String,
}

/// package.json as far as resolutions go.
#[derive(serde::Deserialize)]
pub(super) struct RawManifest {
    #[serde(default)]
    resolutions: BTreeMap<String, String>,
}

/// Reads `resolutions` from package.json.
pub(super) fn resolutions(manifest: Manifest<'_>) -> Result<Vec<Resolution>> {
    let raw: RawManifest = crate::json::parse_strict(manifest.bytes, manifest.doc)?;
    raw.resolutions
        .into_iter()
        .map(|(pattern, to)| {
            resolution(&pattern, to).ok_or_else(|| {
                Error::malformed_field(
                    manifest.doc,
                    "resolutions",
                    format!("\"{pattern}\" is not [FROM/]NAME[@RANGE] as yarn writes resolutions"),
                )
            })
        })
        .collect()
}

/// Parses one resolution pattern (`**/` is yarn 1's spelling of "any
/// depending package").
pub(super) fn resolution(pattern: &str, to: String) -> Option<Resolution> {
    let pattern = pattern.strip_prefix("**/").unwrap_or(pattern);
    // The first package-name-sized piece, then, after `/`, the rest.
    let first_end = if pattern.starts_with('@') { pattern.find('/')? + 1 } else { 0 };
    let (first, rest) = match pattern.get(first_end..)?.find('/') {
        Some(i) => (pattern.get(..first_end + i)?, Some(pattern.get(first_end + i + 1..)?)),
        None => (pattern, None),
    };
    let name_range = |d: &str| match split_descriptor(d) {
        Some((name, range)) => (name.to_owned(), Some(range.to_owned())),
        None => (d.to_owned(), None),
    };
    let (from, (name, range)) = match rest {
        Some(rest) => (Some(name_range(first).0), name_range(rest)),
        None => (None, name_range(first)),
    };
    (!name.is_empty() && !name.ends_with('/')).then_some(Resolution { from, name, range, to })
}

/// The range without yarn's default `npm:` protocol, to compare ranges as
/// yarn 2/3 (which leave it out) and yarn 4 (which write it) spell them.
pub(super) fn bare_range(range: &str) -> &str {
    range.strip_prefix("npm:").unwrap_or(range)
}

/// What a Berry resolution is.
pub(super) enum Source {
    /// A portal or link, or the root workspace (`workspace:.`): the
    /// project's own folder, whose dependencies are the product's.
    Local,
    /// Another workspace (`workspace:packages/a`): a first-party package.
    Workspace,
    /// A package, with its purl qualifier and the patch applied to it.
    Package { qualifier: Option<(&'static str, String)>, patch: Option<String> },
}

/// Classifies a resolution's REFERENCE (see the module documentation).
/// `patched` is set inside a `patch:`, which cannot itself be patched.
pub(super) fn berry_source(reference: &str, patched: bool) -> std::result::Result<Source, String> {
    let package = |qualifier| Ok(Source::Package { qualifier, patch: None });
    let (protocol, rest) = reference.split_once(':').unwrap_or(("", reference));
    match protocol {
        "workspace" if rest != "." => Ok(Source::Workspace),
        "workspace" | "portal" | "link" => Ok(Source::Local),
        "npm" => match params(rest).find_map(|p| p.strip_prefix("__archiveUrl=")) {
            Some(url) => package(Some(("download_url", percent_decode(url)?))),
            None => package(None),
        },
        "file" => package(None),
        "patch" if !patched => {
            let (inner, selector) =
                rest.split_once('#').ok_or_else(|| format!("patch \"{reference}\" names no patch file"))?;
            let patch = selector.split_once("::").map_or(selector, |(p, _)| p);
            let inner = percent_decode(inner)?;
            let (_, inner_reference) =
                split_descriptor(&inner).ok_or_else(|| format!("patch of \"{inner}\", which is not NAME@REFERENCE"))?;
            match berry_source(inner_reference, true)? {
                Source::Package { qualifier, .. } => Ok(Source::Package { qualifier, patch: Some(patch.to_owned()) }),
                other => Ok(other),
            }
        }
        "git" | "git+ssh" | "git+https" | "git+http" | "git+file" | "ssh" => package(Some(git(reference)?)),
        _ if reference.starts_with("git@") => package(Some(git(reference)?)),
        "http" | "https" => {
            let url = reference.split_once("::").map_or(reference, |(url, _)| url);
            let path = url.split_once(['?', '#']).map_or(url, |(path, _)| path);
            if path.ends_with(".tgz") || path.ends_with(".tar.gz") {
                package(Some(("download_url", url.to_owned())))
            } else {
                package(Some(git(reference)?))
            }
        }
        "patch" => Err(format!("\"{reference}\" patches a patched package, which attest does not read")),
        _ => Err(format!("\"{reference}\" uses a protocol attest does not read")),
    }
}

/// The `KEY=VALUE` parameters after a reference's `::`.
pub(super) fn params(reference: &str) -> impl Iterator<Item = &str> {
    reference.split_once("::").map_or("", |(_, p)| p).split('&').filter(|p| !p.is_empty())
}

/// The `vcs_url` of a git resolution `URL#commit=SHA[&...]` (or `URL#SHA`).
pub(super) fn git(reference: &str) -> std::result::Result<(&'static str, String), String> {
    let no_commit = || format!("git resolution \"{reference}\" does not pin a commit");
    let (url, fragment) = reference.split_once('#').ok_or_else(no_commit)?;
    let commit = match fragment.split('&').find_map(|p| p.strip_prefix("commit=")) {
        Some(commit) => commit,
        None if !fragment.contains('=') => fragment,
        None => "",
    };
    if commit.is_empty() {
        return Err(no_commit());
    }
    let url = if ["https://", "http://", "ssh://"].iter().any(|s| url.starts_with(s)) {
        format!("git+{url}")
    } else {
        url.to_owned()
    };
    Ok(("vcs_url", vcs_url(&format!("{url}#{commit}"))))
}

/// Decodes `%XX` escapes (yarn escapes `:`, `#` and `%` in a patched
/// locator, and URLs in parameters).
pub(super) fn percent_decode(text: &str) -> std::result::Result<String, String> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let digit = |d: Option<u8>| d.and_then(|d| char::from(d).to_digit(16));
            match (digit(bytes.next()), digit(bytes.next())) {
                (Some(hi), Some(lo)) => out.extend(u8::try_from(hi * 16 + lo)),
                _ => return Err(format!("\"{text}\" has a % that is not %XX")),
            }
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).map_err(|_| format!("\"{text}\" does not decode to UTF-8"))
}

/// Checks a Berry checksum: `[CACHEKEY/]HEX` of a SHA-512.
pub(super) fn check_checksum(value: &str) -> std::result::Result<(), String> {
    let hex = match value.split_once('/') {
        Some((key, hex)) if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric()) => hex,
        Some(_) => "",
        None => value,
    };
    if hex.len() == 128 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(format!("checksum: \"{value}\" is not [CACHEKEY/]SHA512-HEX"))
    }
}

/// A Berry entry once checked: its key and node, and its package unless it
/// is the project's own folder.
pub(super) struct Checked<'a> {
    key: &'a str,
    node: &'a Node,
    package: Option<Package>,
}

/// Reads the Berry format.
pub(super) fn parse(text: &str, doc: &str, resolutions: &[Resolution]) -> Result<(Vec<Package>, Vec<String>)> {
    let not_yarn = || {
        Error::malformed(
            doc,
            format!("neither a yarn 1 lockfile (no \"{CLASSIC_HEADER}\" line) nor a yarn 2+ one (no __metadata)"),
        )
    };
    let documents = yaml::parse_documents(text, doc)?;
    let [root] = documents.as_slice() else { return Err(not_yarn()) };
    let entries = root.as_map().ok_or_else(not_yarn)?;
    let metadata = root.get("__metadata").ok_or_else(not_yarn)?;
    let version = metadata.get("version").and_then(Node::as_str).and_then(|v| v.parse::<u64>().ok());
    match version {
        Some(v) if BERRY_VERSIONS.contains(&v) => {}
        _ => {
            let found = metadata.get("version").and_then(Node::as_str).unwrap_or("missing");
            return Err(Error::malformed(
                doc,
                format!(
                    "line {}: __metadata: version {found} is not supported ({} to {} are)",
                    metadata.line,
                    BERRY_VERSIONS.start(),
                    BERRY_VERSIONS.end()
                ),
            ));
        }
    }
    let checked = entries
        .iter()
        .filter(|(key, _)| key != "__metadata")
        .map(|(key, node)| berry_entry(key, node, doc))
        .collect::<Result<Vec<_>>>()?;
    // Each descriptor → the purl it resolves to, `None` for a local folder.
    let mut lookup: BTreeMap<&str, (Option<&str>, usize)> = BTreeMap::new();
    for c in &checked {
        for descriptor in c.key.split(", ") {
            let target = c.package.as_ref().map(|p| p.purl.as_str());
            if let Some((_, line)) = lookup.insert(descriptor, (target, c.node.line)) {
                return Err(Error::malformed(
                    doc,
                    format!(
                        "line {}: the descriptor \"{descriptor}\" is also a key of the entry at line {line}",
                        c.node.line
                    ),
                ));
            }
        }
    }
    let mut packages = Vec::with_capacity(checked.len());
    let mut roots = Vec::new();
    for c in &checked {
        let dependencies = berry_dependencies(c, &lookup, resolutions, doc)?;
        match &c.package {
            Some(p) => packages.push(Package { dependencies, ..p.clone() }),
            None => roots.extend(dependencies),
        }
    }
    Ok((packages, roots))
}

/// Checks one Berry entry and works out its package.
pub(super) fn berry_entry<'a>(key: &'a str, node: &'a Node, doc: &str) -> Result<Checked<'a>> {
    let fail = |line: usize, reason: &str| Error::malformed_at_line(doc, line, format!("entry \"{key}\": {reason}"));
    let field = |name: &str| -> Result<Option<(&str, usize)>> {
        match node.get(name) {
            None => Ok(None),
            Some(n) => {
                n.as_str().map(|s| Some((s, n.line))).ok_or_else(|| fail(n.line, &format!("{name}: not a string")))
            }
        }
    };
    if node.as_map().is_none() {
        return Err(fail(node.line, "not a mapping"));
    }
    let (resolution, resolution_line) = field("resolution")?.ok_or_else(|| fail(node.line, "resolution: missing"))?;
    let version = match field("version")? {
        Some((v, _)) if !v.is_empty() => v,
        Some((_, line)) => return Err(fail(line, "version: empty")),
        None => return Err(fail(node.line, "version: missing")),
    };
    let at_resolution = |r: String| fail(resolution_line, &format!("resolution: {r}"));
    let (name, reference) =
        split_descriptor(resolution).ok_or_else(|| at_resolution(format!("\"{resolution}\" is not NAME@REFERENCE")))?;
    let (qualifier, patch) = match berry_source(reference, false).map_err(at_resolution)? {
        Source::Package { qualifier, patch } => (qualifier, patch),
        Source::Local => return Ok(Checked { key, node, package: None }),
        Source::Workspace => {
            // Berry writes `0.0.0-use.local` for every workspace, whatever
            // its package.json says: the lockfile does not record the
            // version, so the purl has none.
            let purl = npm_purl(name, "", None).map_err(at_resolution)?;
            let package =
                Package { first_party: true, ..Package::new(name.to_owned(), String::new(), purl, Vec::new()) };
            return Ok(Checked { key, node, package: Some(package) });
        }
    };
    let purl = npm_purl(name, version, qualifier.as_ref()).map_err(at_resolution)?;
    let mut properties = Vec::new();
    if let Some((checksum, line)) = field("checksum")? {
        check_checksum(checksum).map_err(|r| fail(line, &r))?;
        properties.push((CHECKSUM_PROPERTY.to_owned(), checksum.to_owned()));
    }
    properties.extend(patch.map(|p| (PATCH_PROPERTY.to_owned(), p)));
    let package = Package { properties, ..Package::new(name.to_owned(), version.to_owned(), purl, Vec::new()) };
    Ok(Checked { key, node, package: Some(package) })
}

/// Each descriptor of a Berry lockfile → the purl it resolves to (`None`
/// for a local folder) and the line of its entry.
pub(super) type Lookup<'a> = BTreeMap<&'a str, (Option<&'a str>, usize)>;

/// The purls a Berry entry's `dependencies` resolve to (local folders left
/// out). A range without a protocol is yarn 2/3's way of writing `npm:`.
/// A dependency that package.json's `resolutions` remap resolves as yarn
/// resolves it: through the override's range instead of its own.
pub(super) fn berry_dependencies(
    c: &Checked,
    lookup: &Lookup,
    resolutions: &[Resolution],
    doc: &str,
) -> Result<Vec<String>> {
    let fail =
        |line: usize, reason: &str| Error::malformed_at_line(doc, line, format!("entry \"{}\": {reason}", c.key));
    let Some(dependencies) = c.node.get("dependencies") else { return Ok(Vec::new()) };
    let dependencies = dependencies.as_map().ok_or_else(|| fail(dependencies.line, "dependencies: not a mapping"))?;
    let meta = c.node.get("dependenciesMeta").and_then(Node::as_map).unwrap_or_default();
    let optional: BTreeSet<&str> = meta
        .iter()
        .filter(|(_, m)| m.get("optional").and_then(Node::as_str) == Some("true"))
        .map(|(name, _)| name.as_str())
        .collect();
    let parent = c.key.split(", ").next().and_then(split_descriptor).map_or(c.key, |(name, _)| name);
    let locator = c.node.get("resolution").and_then(Node::as_str).unwrap_or_default();
    let mut out = Vec::new();
    for (name, range) in dependencies {
        let range_text =
            range.as_str().ok_or_else(|| fail(range.line, &format!("dependency \"{name}\": not a string")))?;
        let range_used = resolve_override(resolutions, parent, name, range_text).unwrap_or(range_text);
        match find_descriptor(lookup, name, range_used, locator) {
            Some(Some(purl)) => out.push(purl.to_owned()),
            Some(None) => {}
            None if optional.contains(name.as_str()) => {}
            None => {
                let via = if range_used == range_text {
                    String::new()
                } else {
                    format!(" (remapped to \"{range_used}\" by package.json resolutions)")
                };
                return Err(fail(
                    range.line,
                    &format!(
                        "dependency \"{name}@{range_text}\"{via} matches no entry's key; if package.json \
                         remaps it with `resolutions`, keep that package.json beside the lockfile"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// The range package.json's `resolutions` put in place of `range` for
/// `parent`'s dependency `name`: the most specific override that applies
/// (one naming the depending package before one that does not, one naming
/// the range before one that does not).
pub(super) fn resolve_override<'r>(
    resolutions: &'r [Resolution],
    parent: &str,
    name: &str,
    range: &str,
) -> Option<&'r str> {
    resolutions
        .iter()
        .filter(|r| {
            r.name == name
                && r.from.as_deref().is_none_or(|from| from == parent)
                && r.range.as_deref().is_none_or(|want| bare_range(want) == bare_range(range))
        })
        .max_by_key(|r| (r.from.is_some(), r.range.is_some()))
        .map(|r| r.to.as_str())
}

/// Finds the entry whose key lists `name@range`: as written, with yarn's
/// default `npm:` protocol added, or with the `::locator=PARENT` yarn binds
/// a relative range (`link:./x`, `file:`, `portal:`, `patch:`) to: the
/// depending entry's `locator`, or, for a `patch:` range from package.json
/// `resolutions`, the one workspace the patch was bound to.
pub(super) fn find_descriptor<'a>(
    lookup: &Lookup<'a>,
    name: &str,
    range: &str,
    locator: &str,
) -> Option<Option<&'a str>> {
    let exact = |descriptor: &str| lookup.get(descriptor).map(|(purl, _)| *purl);
    let mut candidates = vec![format!("{name}@{range}")];
    if !range.contains(':') {
        candidates.push(format!("{name}@npm:{range}"));
    }
    candidates.push(format!("{name}@{range}::locator={}", encode_component(locator)));
    if let Some(found) = candidates.iter().find_map(|d| exact(d)) {
        return Some(found);
    }
    if !range.starts_with("patch:") {
        return None;
    }
    // yarn writes the inner descriptor's `:` as `%3A` in some versions.
    let encoded = range.replacen("@npm:", "@npm%3A", 1);
    [range, encoded.as_str()].iter().find_map(|r| {
        let prefix = format!("{name}@{r}::");
        let mut bound = lookup.range::<&str, _>(prefix.as_str()..).take_while(|(k, _)| k.starts_with(&prefix));
        match (bound.next(), bound.next()) {
            (Some((_, (purl, _))), None) => Some(*purl),
            _ => None,
        }
    })
}

/// JavaScript's `encodeURIComponent`, which yarn applies to the locator in
/// a `::locator=` binding.
pub(super) fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
