//! Yarn's `yarn.lock`, in both of its formats, told apart by content.
//!
//! **Classic (yarn 1)** begins with the comment `# yarn lockfile v1` and is
//! yarn's own indented format. An entry's header lists the descriptors it
//! satisfies (`"@babel/core@^7.0.0", "@babel/core@^7.1.0":`); the lines
//! under it are `KEY VALUE` fields (`version "7.24.0"`, `resolved
//! "URL#SHA1"`, `integrity sha512-...`) or `KEY:` blocks of `NAME "RANGE"`
//! lines (`dependencies:`, `optionalDependencies:`). Strings are bare words
//! or JSON-quoted. A dependency resolves through its descriptor `NAME@RANGE`
//! to the entry that lists it; one that resolves to no entry is refused,
//! except an optional dependency, which yarn leaves unlocked when it could
//! not be resolved and which is then left out. `integrity` gives the hashes
//! as in package-lock.json (SHA-1 alone gives none, nor does the `#SHA1`
//! that yarn appends to `resolved`). The format has no entry for the project
//! itself, so, as with npm's v1, there are no root dependencies.
//!
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
//!
//! Peer dependencies are not edges: the dependent's own dependency on the
//! peer is. An entry of `dependencies` that resolves to nothing is refused
//! unless `dependenciesMeta` marks it optional. Neither format says which
//! packages are for development only, so none are marked `dev`.

use std::collections::{BTreeMap, BTreeSet};

use super::npm::{integrity_hashes, npm_purl, source_qualifier};
use super::yaml::{self, Node};
use super::{Manifest, Package, vcs_url};
use crate::error::{Error, Result};

/// The comment that marks the classic format.
const CLASSIC_HEADER: &str = "# yarn lockfile v1";

/// Yarn's mirror of the npm registry, where yarn 1 resolves packages by
/// default: the same packages as registry.npmjs.org.
const YARN_REGISTRY: [&str; 2] = ["https://registry.yarnpkg.com/", "http://registry.yarnpkg.com/"];

/// The Berry lockfile format versions understood (yarn 2.0 wrote 4, yarn
/// 4.0 wrote 8, yarn 4.6–4.10 write 9 and 10, which change only how yarn
/// computes checksums and conditions, not what an entry means); a newer one
/// may change meaning.
const BERRY_VERSIONS: std::ops::RangeInclusive<u64> = 4..=10;

/// The property holding Berry's cache-zip checksum.
const CHECKSUM_PROPERTY: &str = "attest:yarn:checksum";

/// The property naming the patch applied to a `patch:` package.
const PATCH_PROPERTY: &str = "attest:yarn:patch";

/// Reads a yarn.lock of either format into packages (not yet sorted or
/// merged) and the purls the project depends on directly.
/// `manifest` is the package.json beside the lockfile, when there is one:
/// its `resolutions` say which entry a remapped dependency resolves to, as
/// they tell yarn itself.
pub(super) fn parse(bytes: &[u8], doc: &str, manifest: Option<Manifest<'_>>) -> Result<(Vec<Package>, Vec<String>)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::malformed(doc, format!("not UTF-8: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut preamble = text.lines().take_while(|l| l.trim().is_empty() || l.starts_with('#'));
    if preamble.any(|l| l.trim_end() == CLASSIC_HEADER) {
        classic(text, doc)
    } else {
        let resolutions = manifest.map(resolutions).transpose()?.unwrap_or_default();
        berry(text, doc, &resolutions)
    }
}

/// One entry of package.json's `resolutions`: `[FROM[@RANGE]/]NAME[@RANGE]`
/// → the descriptor range to use instead.
#[derive(Debug, PartialEq, Eq)]
struct Resolution {
    /// The depending package's name, when the override is for its
    /// dependency only.
    from: Option<String>,
    name: String,
    /// The range the override replaces; any range when absent.
    range: Option<String>,
    /// What to resolve to instead.
    to: String,
}

/// package.json as far as resolutions go.
#[derive(serde::Deserialize)]
struct RawManifest {
    #[serde(default)]
    resolutions: BTreeMap<String, String>,
}

/// Reads `resolutions` from package.json.
fn resolutions(manifest: Manifest<'_>) -> Result<Vec<Resolution>> {
    let raw: RawManifest = crate::json::parse_strict(manifest.bytes, manifest.doc)?;
    raw.resolutions
        .into_iter()
        .map(|(pattern, to)| {
            resolution(&pattern, to).ok_or_else(|| {
                Error::malformed(
                    manifest.doc,
                    format!("resolutions: \"{pattern}\" is not [FROM/]NAME[@RANGE] as yarn writes resolutions"),
                )
            })
        })
        .collect()
}

/// Parses one resolution pattern (`**/` is yarn 1's spelling of "any
/// depending package").
fn resolution(pattern: &str, to: String) -> Option<Resolution> {
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
fn bare_range(range: &str) -> &str {
    range.strip_prefix("npm:").unwrap_or(range)
}

/// `NAME@RANGE` (or a locator `NAME@REFERENCE`) → (NAME, RANGE): the first
/// `@` that does not begin a scope separates them.
fn split_descriptor(descriptor: &str) -> Option<(&str, &str)> {
    let at = descriptor.get(1..)?.find('@')? + 1;
    Some((descriptor.get(..at)?, descriptor.get(at + 1..)?))
}

// ---------------------------------------------------------------- classic

/// One token of a classic line.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// A bare word or a JSON-quoted string.
    Text(String),
    Colon,
    Comma,
}

/// One entry of a classic lockfile: its header's descriptors and fields.
struct Entry {
    line: usize,
    descriptors: Vec<String>,
    fields: Vec<Field>,
}

/// A field: `KEY VALUE`, or `KEY:` and its block of `NAME VALUE` lines
/// (each with its line).
struct Field {
    key: String,
    line: usize,
    value: FieldValue,
}

enum FieldValue {
    Text(String),
    Block(Vec<(String, String, usize)>),
}

impl Entry {
    /// A malformed-lockfile error about this entry, at `line`.
    fn fail(&self, doc: &str, line: usize, reason: &str) -> Error {
        let name = self.descriptors.first().map_or("", String::as_str);
        Error::malformed_at_line(doc, line, format!("entry \"{name}\": {reason}"))
    }

    /// The text field `key` and its line.
    fn text(&self, key: &str, doc: &str) -> Result<Option<(&str, usize)>> {
        match self.fields.iter().find(|f| f.key == key) {
            None => Ok(None),
            Some(Field { value: FieldValue::Text(t), line, .. }) => Ok(Some((t, *line))),
            Some(f) => Err(self.fail(doc, f.line, &format!("{key}: expected a value, found a block"))),
        }
    }

    /// The block field `key`'s lines (none when it is absent).
    fn block(&self, key: &str, doc: &str) -> Result<&[(String, String, usize)]> {
        match self.fields.iter().find(|f| f.key == key) {
            None => Ok(&[]),
            Some(Field { value: FieldValue::Block(b), .. }) => Ok(b),
            Some(f) => Err(self.fail(doc, f.line, &format!("{key}: expected a block, found a value"))),
        }
    }
}

/// Splits one line's content (indentation removed) into tokens.
fn tokens(mut rest: &str) -> std::result::Result<Vec<Token>, String> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix(':') {
            out.push(Token::Colon);
            rest = after;
        } else if let Some(after) = rest.strip_prefix(',') {
            out.push(Token::Comma);
            rest = after;
        } else if rest.starts_with('"') {
            let (text, after) = quoted(rest)?;
            out.push(Token::Text(text));
            rest = after;
        } else if rest.is_empty() {
            return Ok(out);
        } else {
            let end = rest.find([' ', ':', ',', '"']).unwrap_or(rest.len());
            let (word, after) = rest.split_at_checked(end).ok_or("a word is cut in a character")?;
            if word.contains(['\t', '\\', '[', ']']) {
                return Err(format!("\"{word}\" must be quoted"));
            }
            out.push(Token::Text(word.to_owned()));
            rest = after;
        }
    }
}

/// The JSON string at the start of `rest` and what follows it.
fn quoted(rest: &str) -> std::result::Result<(String, &str), String> {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => {
                let (literal, after) = rest.split_at_checked(i + 1).ok_or("a string is cut in a character")?;
                let text = serde_json::from_str(literal).map_err(|e| format!("string {literal}: {e}"))?;
                return Ok((text, after));
            }
            (false, _) => {}
        }
    }
    Err("a string is not closed".to_owned())
}

/// An entry header: `DESCRIPTOR(, DESCRIPTOR)*:`.
fn header(tokens: Vec<Token>) -> Option<Vec<String>> {
    let mut tokens = tokens.into_iter();
    let mut descriptors = Vec::new();
    loop {
        let Some(Token::Text(d)) = tokens.next() else { return None };
        descriptors.push(d);
        match tokens.next() {
            Some(Token::Comma) => {}
            Some(Token::Colon) => return tokens.next().is_none().then_some(descriptors),
            _ => return None,
        }
    }
}

/// Reads the classic format's lines into entries, strictly: indentation of
/// 0 (headers), 2 (fields) or 4 (block lines) spaces only, each field and
/// each block key once.
fn classic_entries(text: &str, doc: &str) -> Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut in_block = false;
    // The current entry's field keys and the current block's names, for
    // refusing repeats without rescanning.
    let (mut keys, mut names) = (BTreeSet::new(), BTreeSet::new());
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let fail = |reason: &str| Error::malformed_at_line(doc, number, reason);
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.trim().is_empty() || (indent == 0 && content.starts_with('#')) {
            continue;
        }
        let tokens = tokens(content.trim_end()).map_err(|r| fail(&r))?;
        match indent {
            0 => {
                let descriptors =
                    header(tokens).ok_or_else(|| fail("expected an entry header, `\"NAME@RANGE\", ...:`"))?;
                entries.push(Entry { line: number, descriptors, fields: Vec::new() });
                in_block = false;
                keys.clear();
            }
            2 => {
                let entry = entries.last_mut().ok_or_else(|| fail("a field before any entry header"))?;
                let (key, value) = match <[Token; 2]>::try_from(tokens) {
                    Ok([Token::Text(key), Token::Text(value)]) => (key, FieldValue::Text(value)),
                    Ok([Token::Text(key), Token::Colon]) => (key, FieldValue::Block(Vec::new())),
                    _ => return Err(fail("expected `KEY VALUE` or `KEY:`")),
                };
                if !keys.insert(key.clone()) {
                    return Err(entry.fail(doc, number, &format!("the field \"{key}\" is given twice")));
                }
                in_block = matches!(value, FieldValue::Block(_));
                names.clear();
                entry.fields.push(Field { key, line: number, value });
            }
            4 if in_block => {
                let Some(Field { key, value: FieldValue::Block(block), .. }) =
                    entries.last_mut().and_then(|e| e.fields.last_mut())
                else {
                    return Err(fail("a block line outside a block"));
                };
                let Ok([Token::Text(name), Token::Text(value)]) = <[Token; 2]>::try_from(tokens) else {
                    return Err(fail("expected `NAME VALUE`"));
                };
                if !names.insert(name.clone()) {
                    return Err(fail(&format!("\"{name}\" is listed twice in {key}")));
                }
                block.push((name, value, number));
            }
            _ => return Err(fail(&format!("unexpected indentation of {indent} spaces"))),
        }
    }
    Ok(entries)
}

/// The package a classic descriptor names: NAME, or REAL for an alias
/// `NAME@npm:REAL@RANGE`.
fn classic_name(descriptor: &str) -> std::result::Result<&str, String> {
    let (name, range) = split_descriptor(descriptor).ok_or_else(|| format!("\"{descriptor}\" is not NAME@RANGE"))?;
    Ok(match range.strip_prefix("npm:").and_then(split_descriptor) {
        Some((real, _)) => real,
        None => name,
    })
}

/// The purl qualifier for a classic `resolved`: npm's rules, with yarn's
/// registry mirror counted as the default registry and the `#SHA1` yarn
/// appends to tarball URLs removed (a hash, not part of the URL). An
/// `http(s)` URL of a `.git` repository is git, its fragment the commit.
fn classic_qualifier(name: &str, resolved: Option<&str>) -> Option<(&'static str, String)> {
    let resolved = resolved?;
    if !(resolved.starts_with("https://") || resolved.starts_with("http://")) {
        return source_qualifier(name, Some(resolved));
    }
    let url = resolved.split_once('#').map_or(resolved, |(url, _)| url);
    if YARN_REGISTRY.iter().any(|r| url.starts_with(r)) {
        None
    } else if url.ends_with(".git") {
        Some(("vcs_url", vcs_url(&format!("git+{resolved}"))))
    } else {
        source_qualifier(name, Some(url))
    }
}

/// Reads the classic format.
fn classic(text: &str, doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let entries = classic_entries(text, doc)?;
    let mut packages = Vec::with_capacity(entries.len());
    let mut by_descriptor: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (index, e) in entries.iter().enumerate() {
        let header_fail = |reason: &str| e.fail(doc, e.line, reason);
        let mut names = e.descriptors.iter().map(|d| classic_name(d));
        let name = names.next().transpose().map_err(|r| header_fail(&r))?.unwrap_or_default();
        for other in names {
            let other = other.map_err(|r| header_fail(&r))?;
            if other != name {
                return Err(header_fail(&format!("its descriptors name two packages, {name} and {other}")));
            }
        }
        for d in &e.descriptors {
            if let Some((_, line)) = by_descriptor.insert(d, (index, e.line)) {
                return Err(header_fail(&format!("the descriptor \"{d}\" is also the header of line {line}")));
            }
        }
        let version = match e.text("version", doc)? {
            Some((v, _)) if !v.is_empty() => v,
            Some((_, line)) => return Err(e.fail(doc, line, "version: empty")),
            None => return Err(header_fail("version: missing")),
        };
        let resolved = e.text("resolved", doc)?.map(|(r, _)| r);
        let purl = npm_purl(name, version, classic_qualifier(name, resolved).as_ref()).map_err(|r| header_fail(&r))?;
        let hashes = match e.text("integrity", doc)? {
            Some((sri, line)) => integrity_hashes(sri).map_err(|r| e.fail(doc, line, &r))?,
            None => Vec::new(),
        };
        packages.push(Package::new(name.to_owned(), version.to_owned(), purl, hashes));
    }
    let purl_of = |descriptor: &str| {
        let (index, _) = by_descriptor.get(descriptor)?;
        packages.get(*index).map(|p| p.purl.clone())
    };
    let mut edges = Vec::with_capacity(entries.len());
    for e in &entries {
        let optional = e.block("optionalDependencies", doc)?;
        let optional_names: BTreeSet<&str> = optional.iter().map(|(n, ..)| n.as_str()).collect();
        let required = e.block("dependencies", doc)?.iter().filter(|(n, ..)| !optional_names.contains(n.as_str()));
        let mut dependencies = Vec::new();
        for ((name, range, line), needed) in required.map(|d| (d, true)).chain(optional.iter().map(|d| (d, false))) {
            match purl_of(&format!("{name}@{range}")) {
                Some(purl) => dependencies.push(purl),
                None if !needed => {}
                None => {
                    return Err(e.fail(
                        doc,
                        *line,
                        &format!("dependency \"{name}@{range}\" matches no entry's header"),
                    ));
                }
            }
        }
        edges.push(dependencies);
    }
    for (package, dependencies) in packages.iter_mut().zip(edges) {
        package.dependencies = dependencies;
    }
    Ok((packages, Vec::new()))
}

// ---------------------------------------------------------------- Berry

/// What a Berry resolution is.
enum Source {
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
fn berry_source(reference: &str, patched: bool) -> std::result::Result<Source, String> {
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
fn params(reference: &str) -> impl Iterator<Item = &str> {
    reference.split_once("::").map_or("", |(_, p)| p).split('&').filter(|p| !p.is_empty())
}

/// The `vcs_url` of a git resolution `URL#commit=SHA[&...]` (or `URL#SHA`).
fn git(reference: &str) -> std::result::Result<(&'static str, String), String> {
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
fn percent_decode(text: &str) -> std::result::Result<String, String> {
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
fn check_checksum(value: &str) -> std::result::Result<(), String> {
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
struct Checked<'a> {
    key: &'a str,
    node: &'a Node,
    package: Option<Package>,
}

/// Reads the Berry format.
fn berry(text: &str, doc: &str, resolutions: &[Resolution]) -> Result<(Vec<Package>, Vec<String>)> {
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
fn berry_entry<'a>(key: &'a str, node: &'a Node, doc: &str) -> Result<Checked<'a>> {
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
    let package = Package {
        name: name.to_owned(),
        version: version.to_owned(),
        purl,
        hashes: Vec::new(),
        dependencies: Vec::new(),
        dev: false,
        optional: false,
        first_party: false,
        distributions: Vec::new(),
        properties,
    };
    Ok(Checked { key, node, package: Some(package) })
}

/// Each descriptor of a Berry lockfile → the purl it resolves to (`None`
/// for a local folder) and the line of its entry.
type Lookup<'a> = BTreeMap<&'a str, (Option<&'a str>, usize)>;

/// The purls a Berry entry's `dependencies` resolve to (local folders left
/// out). A range without a protocol is yarn 2/3's way of writing `npm:`.
/// A dependency that package.json's `resolutions` remap resolves as yarn
/// resolves it: through the override's range instead of its own.
fn berry_dependencies(c: &Checked, lookup: &Lookup, resolutions: &[Resolution], doc: &str) -> Result<Vec<String>> {
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
fn resolve_override<'r>(resolutions: &'r [Resolution], parent: &str, name: &str, range: &str) -> Option<&'r str> {
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
fn find_descriptor<'a>(lookup: &Lookup<'a>, name: &str, range: &str, locator: &str) -> Option<Option<&'a str>> {
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
fn encode_component(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Sha512Digest;
    use crate::lockfile::test_rows::{Row, error, fixture, rows};
    use crate::lockfile::{Lockfile, LockfileKind, PackageHash};

    fn err(text: &str) -> String {
        error(LockfileKind::Yarn, text)
    }

    fn parse_text(text: &str) -> Lockfile {
        crate::lockfile::parse(LockfileKind::Yarn, text.as_bytes(), "yarn.lock").unwrap()
    }

    /// A row whose integrity is, as in every npm and yarn fixture, the
    /// SHA-512 of the text `name@version` (`None`: no hash reported).
    fn row(purl: &str, version: &str, hash_of: Option<&str>, deps: &[&str]) -> Row {
        let hashes = hash_of.map(|id| PackageHash::Sha512(Sha512Digest::of(id.as_bytes()))).into_iter().collect();
        let deps = deps.iter().map(|d| format!("pkg:npm/{d}")).collect();
        (format!("pkg:npm/{purl}"), version.to_owned(), hashes, deps, false)
    }

    const LEFT_PAD: &str = "left-pad@1.3.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fstevemao%2Fleft-pad.git%405636f9a4a5d9ba1ff1ab4a1fb8d7ea8b8e0ee6e4";

    #[test]
    fn reads_classic_entries_aliases_sources_and_edges() {
        let lock = fixture(LockfileKind::Yarn, "yarn-v1/yarn.lock");
        assert_eq!(lock.kind, LockfileKind::Yarn);
        assert!(lock.root_dependencies.is_empty(), "yarn 1 has no entry for the project");
        assert_eq!(
            rows(&lock),
            [
                row(
                    "%40acme/auth@1.2.3?repository_url=https:%2F%2Fnpm.acme.example",
                    "1.2.3",
                    Some("@acme/auth@1.2.3"),
                    &["debug@4.3.4"]
                ),
                // Two descriptors, one entry.
                row(
                    "%40babel/code-frame@7.24.2",
                    "7.24.2",
                    Some("@babel/code-frame@7.24.2"),
                    &["%40babel/highlight@7.24.5", "picocolors@1.0.1"]
                ),
                row("%40babel/highlight@7.24.5", "7.24.5", Some("@babel/highlight@7.24.5"), &["picocolors@1.0.1"]),
                row("ansi-regex@5.0.1", "5.0.1", Some("ansi-regex@5.0.1"), &[]),
                // An optional dependency that is locked is an edge.
                row("chokidar@3.6.0", "3.6.0", Some("chokidar@3.6.0"), &["fsevents@2.3.3", "normalize-path@3.0.0"]),
                row("debug@2.6.9", "2.6.9", Some("debug@2.6.9"), &["ms@2.0.0"]),
                row("debug@4.3.4", "4.3.4", Some("debug@4.3.4"), &["ms@2.1.2"]),
                row("fsevents@2.3.3", "2.3.3", Some("fsevents@2.3.3"), &[]),
                row(LEFT_PAD, "1.3.0", None, &[]),
                row("local-config@0.1.0", "0.1.0", None, &[]),
                // SHA-1 integrity only: no hash.
                row("ms@2.0.0", "2.0.0", None, &[]),
                row("ms@2.1.2", "2.1.2", Some("ms@2.1.2"), &[]),
                row("normalize-path@3.0.0", "3.0.0", Some("normalize-path@3.0.0"), &[]),
                row("picocolors@1.0.1", "1.0.1", Some("picocolors@1.0.1"), &[]),
                // strip-ansi-cjs is an alias: the real package is listed.
                row("strip-ansi@6.0.1", "6.0.1", Some("strip-ansi@6.0.1"), &["ansi-regex@5.0.1"]),
            ]
        );
        let scoped = lock.packages.iter().find(|p| p.version == "7.24.2").unwrap();
        assert_eq!(scoped.name, "@babel/code-frame");
        assert!(lock.packages.iter().all(|p| p.properties.is_empty()));
    }

    #[test]
    fn classic_sources_off_the_registry_are_qualified() {
        let q = |name, resolved| classic_qualifier(name, Some(resolved)).map(|(k, v)| format!("{k}={v}"));
        assert_eq!(q("ms", "https://registry.yarnpkg.com/ms/-/ms-2.1.2.tgz#191b6aa3"), None);
        assert_eq!(q("ms", "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz"), None);
        assert_eq!(
            q("x", "https://codeload.github.com/o/x/tar.gz/0a1b2c#5f2a").unwrap(),
            "download_url=https://codeload.github.com/o/x/tar.gz/0a1b2c"
        );
        assert_eq!(
            q("x", "https://github.com/o/x.git#0a1b2c").unwrap(),
            "vcs_url=git+https://github.com/o/x.git@0a1b2c"
        );
        assert_eq!(
            q("x", "git+ssh://git@github.com/o/x.git#0a1b2c").unwrap(),
            "vcs_url=git+ssh://git@github.com/o/x.git@0a1b2c"
        );
        assert_eq!(q("x", "file:./vendor/x-1.0.0.tgz"), None);
    }

    #[test]
    fn classic_optional_dependencies_may_be_unlocked_but_required_ones_not() {
        let head = "# yarn lockfile v1\n\n\n";
        let lock = parse_text(&format!(
            "{head}a@^1.0.0:\n  version \"1.0.0\"\n  optionalDependencies:\n    fsevents \"^2.0.0\"\n"
        ));
        assert!(lock.packages[0].dependencies.is_empty());
        assert_eq!(
            err(&format!("{head}a@^1.0.0:\n  version \"1.0.0\"\n  dependencies:\n    b \"^2.0.0\"\n")),
            "yarn.lock: malformed: line 7: entry \"a@^1.0.0\": dependency \"b@^2.0.0\" matches no entry's header"
        );
    }

    #[test]
    fn malformed_classic_lockfiles_are_refused_with_their_line() {
        let head = "# yarn lockfile v1\n\n\n";
        let e = |body: &str| err(&format!("{head}{body}"));
        assert_eq!(
            e("a@^1.0.0:\n   version \"1.0.0\"\n"),
            "yarn.lock: malformed: line 5: unexpected indentation of 3 spaces"
        );
        assert_eq!(
            e("a@^1.0.0:\n  resolved \"https://registry.yarnpkg.com/a/-/a-1.0.0.tgz\"\n"),
            "yarn.lock: malformed: line 4: entry \"a@^1.0.0\": version: missing"
        );
        assert_eq!(
            e("a@^1.0.0:\n  version \"1.0.0\"\n  integrity sha512-not*base64\n"),
            "yarn.lock: malformed: line 6: entry \"a@^1.0.0\": integrity: sha512 value \"not*base64\" is not valid base64"
        );
        assert_eq!(
            e("a@^1.0.0:\n  version \"1.0.0\"\n  version \"1.0.1\"\n"),
            "yarn.lock: malformed: line 6: entry \"a@^1.0.0\": the field \"version\" is given twice"
        );
        assert_eq!(
            e("a@^1.0.0:\n  version \"1.0.0\"\n\na@^1.0.0, a@^1.0.1:\n  version \"1.0.1\"\n"),
            "yarn.lock: malformed: line 7: entry \"a@^1.0.0\": the descriptor \"a@^1.0.0\" is also the header of line 4"
        );
        assert_eq!(
            e("a@^1.0.0, b@^1.0.0:\n  version \"1.0.0\"\n"),
            "yarn.lock: malformed: line 4: entry \"a@^1.0.0\": its descriptors name two packages, a and b"
        );
        assert_eq!(
            e("a@^1.0.0:\n  version \"1.0.0\"\n    b \"^2.0.0\"\n"),
            "yarn.lock: malformed: line 6: unexpected indentation of 4 spaces"
        );
        assert_eq!(e("  version \"1.0.0\"\n"), "yarn.lock: malformed: line 4: a field before any entry header");
        assert_eq!(e("a@^1.0.0:\n  version \"1.0.0\n"), "yarn.lock: malformed: line 5: a string is not closed");
        assert_eq!(
            e("a@^1.0.0\n  version \"1.0.0\"\n"),
            "yarn.lock: malformed: line 4: expected an entry header, `\"NAME@RANGE\", ...:`"
        );
        assert_eq!(
            e("lodash:\n  version \"1.0.0\"\n"),
            "yarn.lock: malformed: line 4: entry \"lodash\": \"lodash\" is not NAME@RANGE"
        );
    }

    fn checksum(locator: &str) -> (String, String) {
        let zip = Sha512Digest::of(format!("zip:{locator}").as_bytes());
        (CHECKSUM_PROPERTY.to_owned(), format!("10c0/{}", hex::encode(zip.0)))
    }

    #[test]
    fn reads_berry_workspaces_patches_aliases_git_and_checksums() {
        let lock = fixture(LockfileKind::Yarn, "yarn-berry/yarn.lock");
        let r = |purl: &str, version: &str, deps: &[&str]| row(purl, version, None, deps);
        // The root workspace acme-web is the product; the workspace
        // @acme/utils is a first-party package of it, without a version
        // (Berry writes 0.0.0-use.local for every workspace).
        assert_eq!(
            rows(&lock),
            [
                r("%40acme/utils", "", &["lodash@4.17.21", "ms@2.1.3"]),
                r("%40babel/code-frame@7.24.2", "7.24.2", &["%40babel/highlight@7.24.5", "picocolors@1.0.1"]),
                r("%40babel/highlight@7.24.5", "7.24.5", &["picocolors@1.0.1"]),
                r("ansi-regex@5.0.1", "5.0.1", &[]),
                // The optional peer supports-color is not an edge.
                r("debug@4.3.4", "4.3.4", &["ms@2.1.2"]),
                r(LEFT_PAD, "1.3.0", &[]),
                r("lodash@4.17.21", "4.17.21", &[]),
                r("ms@2.1.2", "2.1.2", &[]),
                r("ms@2.1.3", "2.1.3", &[]),
                r("picocolors@1.0.1", "1.0.1", &[]),
                r("strip-ansi@6.0.1", "6.0.1", &["ansi-regex@5.0.1"]),
                r("typescript@5.4.5", "5.4.5", &[]),
            ]
        );
        assert_eq!(
            lock.root_dependencies,
            [
                "pkg:npm/%40acme/utils".to_owned(),
                "pkg:npm/%40babel/code-frame@7.24.2".to_owned(),
                "pkg:npm/debug@4.3.4".to_owned(),
                format!("pkg:npm/{LEFT_PAD}"),
                "pkg:npm/strip-ansi@6.0.1".to_owned(),
                "pkg:npm/typescript@5.4.5".to_owned(),
            ]
        );
        assert!(lock.packages.iter().all(|p| p.first_party == (p.name == "@acme/utils")));
        let properties: Vec<(&str, Vec<(String, String)>)> =
            lock.packages.iter().map(|p| (p.name.as_str(), p.properties.clone())).collect();
        let patch = |p: &str| (PATCH_PROPERTY.to_owned(), p.to_owned());
        assert_eq!(
            properties,
            [
                ("@acme/utils", vec![]),
                ("@babel/code-frame", vec![checksum("@babel/code-frame@npm:7.24.2")]),
                ("@babel/highlight", vec![checksum("@babel/highlight@npm:7.24.5")]),
                ("ansi-regex", vec![checksum("ansi-regex@npm:5.0.1")]),
                ("debug", vec![checksum("debug@npm:4.3.4")]),
                ("left-pad", vec![]),
                // The unpatched and the patched copy, merged.
                (
                    "lodash",
                    vec![
                        checksum("lodash@npm:4.17.21"),
                        checksum(
                            "lodash@patch:lodash@npm%3A4.17.21#~/.yarn/patches/lodash-npm-4.17.21-6382451519.patch::version=4.17.21&hash=7e3f1b"
                        ),
                        patch("~/.yarn/patches/lodash-npm-4.17.21-6382451519.patch"),
                    ]
                ),
                ("ms", vec![checksum("ms@npm:2.1.2")]),
                ("ms", vec![checksum("ms@npm:2.1.3")]),
                ("picocolors", vec![checksum("picocolors@npm:1.0.1")]),
                ("strip-ansi", vec![checksum("strip-ansi@npm:6.0.1")]),
                (
                    "typescript",
                    vec![
                        checksum("typescript@npm:5.4.5"),
                        checksum(
                            "typescript@patch:typescript@npm%3A5.4.5#optional!builtin<compat/typescript>::version=5.4.5&hash=5adc0c"
                        ),
                        patch("optional!builtin<compat/typescript>"),
                    ]
                ),
            ]
        );
    }

    #[test]
    fn reads_yarn_3_ranges_without_the_npm_protocol() {
        let hex = "a".repeat(128);
        let lock = parse_text(&format!(
            "__metadata:\n  version: 6\n  cacheKey: 8\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n  dependencies:\n    ms: ^2.1.3\n    fsevents: ~2.3.2\n  dependenciesMeta:\n    fsevents:\n      optional: true\n  languageName: unknown\n  linkType: soft\n\n\"ms@npm:^2.1.3\":\n  version: 2.1.3\n  resolution: \"ms@npm:2.1.3\"\n  checksum: {hex}\n  languageName: node\n  linkType: hard\n"
        ));
        // fsevents is optional and not locked: left out.
        assert_eq!(lock.root_dependencies, ["pkg:npm/ms@2.1.3"]);
        assert_eq!(lock.packages[0].properties, [(CHECKSUM_PROPERTY.to_owned(), hex)]);
    }

    #[test]
    fn package_json_resolutions_parse_and_the_most_specific_applies() {
        let r = |p: &str| resolution(p, "X".into()).map(|r| (r.from, r.name, r.range));
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(r("trim"), Some((None, "trim".into(), None)));
        assert_eq!(r("**/trim"), Some((None, "trim".into(), None)));
        assert_eq!(r("lru-cache@^10.0.1"), Some((None, "lru-cache".into(), s("^10.0.1"))));
        assert_eq!(r("ansi-escapes/type-fest"), Some((s("ansi-escapes"), "type-fest".into(), None)));
        assert_eq!(r("@types/node"), Some((None, "@types/node".into(), None)));
        assert_eq!(
            r("@testing-library/react-native/@jest/x@^1"),
            Some((s("@testing-library/react-native"), "@jest/x".into(), s("^1")))
        );
        assert_eq!(r("@scope"), None);
        let all = [
            resolution("b", "1.0.0".into()).unwrap(),
            resolution("b@^2", "2.5.0".into()).unwrap(),
            resolution("a/b", "3.0.0".into()).unwrap(),
        ];
        assert_eq!(resolve_override(&all, "a", "b", "npm:^2"), Some("3.0.0"));
        assert_eq!(resolve_override(&all, "c", "b", "npm:^2"), Some("2.5.0"));
        assert_eq!(resolve_override(&all, "c", "b", "^4"), Some("1.0.0"));
        assert_eq!(resolve_override(&all, "c", "d", "^4"), None);
        assert_eq!(encode_component("@jest/monorepo@workspace:."), "%40jest%2Fmonorepo%40workspace%3A.");
        // package.json that is not JSON, or a pattern yarn would not take, names the file.
        let bad =
            parse(b"__metadata:\n  version: 8\n", "yarn.lock", Some(Manifest { bytes: b"{", doc: "package.json" }));
        assert!(bad.unwrap_err().to_string().starts_with("package.json: malformed"));
        let bad = Manifest { bytes: br#"{"resolutions": {"@scope": "1"}}"#, doc: "package.json" };
        let e = parse(b"__metadata:\n  version: 8\n", "yarn.lock", Some(bad)).unwrap_err().to_string();
        assert!(e.contains("resolutions: \"@scope\" is not [FROM/]NAME[@RANGE]"), "{e}");
    }

    #[test]
    fn berry_resolutions_are_classified_by_protocol() {
        let q = |reference: &str| match berry_source(reference, false) {
            Ok(Source::Local) => "local".to_owned(),
            Ok(Source::Workspace) => "workspace".to_owned(),
            Ok(Source::Package { qualifier, patch }) => {
                let q = qualifier.map_or(String::new(), |(k, v)| format!("{k}={v}"));
                format!("{q}|{}", patch.unwrap_or_default())
            }
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(q("npm:1.0.0"), "|");
        assert_eq!(
            q("npm:1.0.0::__archiveUrl=https%3A%2F%2Fnpm.example.com%2Fx%2F-%2Fx-1.0.0.tgz"),
            "download_url=https://npm.example.com/x/-/x-1.0.0.tgz|"
        );
        assert_eq!(q("workspace:packages/a"), "workspace");
        assert_eq!(q("workspace:."), "local");
        assert_eq!(q("portal:../b::locator=app%40workspace%3A."), "local");
        assert_eq!(q("link:../c::locator=app%40workspace%3A."), "local");
        assert_eq!(q("file:./vendor/x.tgz::locator=app%40workspace%3A."), "|");
        assert_eq!(q("https://example.com/x-1.0.0.tgz"), "download_url=https://example.com/x-1.0.0.tgz|");
        assert_eq!(q("git+ssh://git@github.com/o/x.git#commit=0a1b"), "vcs_url=git+ssh://git@github.com/o/x.git@0a1b|");
        assert_eq!(
            q("https://github.com/o/x.git#head=main"),
            "error: git resolution \"https://github.com/o/x.git#head=main\" does not pin a commit"
        );
        assert_eq!(q("patch:x@npm%3A1.0.0#./p.patch::version=1.0.0&hash=1"), "|./p.patch");
        assert_eq!(
            q("patch:x@https%3A//github.com/o/x.git%23commit=0a1b#./p.patch"),
            "vcs_url=git+https://github.com/o/x.git@0a1b|./p.patch"
        );
        assert!(
            q("patch:x@patch%3Ax@npm%253A1.0.0%23a#b")
                .ends_with("patches a patched package, which attest does not read")
        );
        assert!(q("patch:x@npm%3G1.0.0#a").contains("has a % that is not %XX"));
        assert_eq!(q("exec:./gen.js"), "error: \"exec:./gen.js\" uses a protocol attest does not read");
    }

    const BERRY_HEAD: &str = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n";

    #[test]
    fn malformed_berry_lockfiles_are_refused_with_their_line() {
        let e = |body: &str| err(&format!("{BERRY_HEAD}{body}"));
        let a = "\"a@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n";
        assert_eq!(
            e(&format!("{a}\n\"a@npm:^1.0.0\":\n  version: 1.0.1\n  resolution: \"a@npm:1.0.1\"\n")),
            "yarn.lock: malformed: line 9: the key \"a@npm:^1.0.0\" is given twice"
        );
        assert_eq!(
            err("__metadata:\n  version: 11\n  cacheKey: 10c0\n"),
            "yarn.lock: malformed: line 2: __metadata: version 11 is not supported (4 to 10 are)"
        );
        assert_eq!(
            e(&format!("{a}  dependencies:\n    b: \"npm:^2.0.0\"\n")),
            "yarn.lock: malformed: line 9: entry \"a@npm:^1.0.0\": dependency \"b@npm:^2.0.0\" matches no entry's key; if package.json remaps it with `resolutions`, keep that package.json beside the lockfile"
        );
        assert_eq!(
            e("\"a@npm:^1.0.0\":\n  resolution: \"a@npm:1.0.0\"\n"),
            "yarn.lock: malformed: line 6: entry \"a@npm:^1.0.0\": version: missing"
        );
        assert_eq!(
            e(&format!("{a}  checksum: 10c0/abc\n")),
            "yarn.lock: malformed: line 8: entry \"a@npm:^1.0.0\": checksum: \"10c0/abc\" is not [CACHEKEY/]SHA512-HEX"
        );
        assert_eq!(
            e("\"a@exec:./gen.js\":\n  version: 1.0.0\n  resolution: \"a@exec:./gen.js\"\n"),
            "yarn.lock: malformed: line 7: entry \"a@exec:./gen.js\": resolution: \"exec:./gen.js\" uses a protocol attest does not read"
        );
        assert_eq!(
            e(&format!("{a}\n\"a@npm:^1.0.0, b@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"b@npm:1.0.0\"\n")),
            "yarn.lock: malformed: line 10: the descriptor \"a@npm:^1.0.0\" is also a key of the entry at line 6"
        );
        assert!(e("a: [1\n").starts_with("yarn.lock: malformed: line"), "YAML errors carry the line");
        assert_eq!(
            err("{\"lockfileVersion\": 3}"),
            "yarn.lock: malformed: neither a yarn 1 lockfile (no \"# yarn lockfile v1\" line) nor a yarn 2+ one (no __metadata)"
        );
    }
}
