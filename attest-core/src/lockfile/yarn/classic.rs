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

use std::collections::{BTreeMap, BTreeSet};

use super::split_descriptor;
use crate::error::{Error, Result};
use crate::lockfile::npm::{integrity_hashes, npm_purl, source_qualifier};
use crate::lockfile::{Package, vcs_url};

/// Yarn's mirror of the npm registry, where yarn 1 resolves packages by
/// default: the same packages as registry.npmjs.org.
pub(super) const YARN_REGISTRY: [&str; 2] = ["https://registry.yarnpkg.com/", "http://registry.yarnpkg.com/"];

/// One token of a classic line.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// A bare word or a JSON-quoted string.
    Text(String),
    Colon,
    Comma,
}

/// One entry of a classic lockfile: its header's descriptors and fields.
pub(super) struct Entry {
    line: usize,
    descriptors: Vec<String>,
    fields: Vec<Field>,
}

/// A field: `KEY VALUE`, or `KEY:` and its block of `NAME VALUE` lines
/// (each with its line).
pub(super) struct Field {
    key: String,
    line: usize,
    value: FieldValue,
}

pub(super) enum FieldValue {
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
pub(super) fn tokens(mut rest: &str) -> std::result::Result<Vec<Token>, String> {
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
pub(super) fn quoted(rest: &str) -> std::result::Result<(String, &str), String> {
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
pub(super) fn header(tokens: Vec<Token>) -> Option<Vec<String>> {
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
pub(super) fn classic_entries(text: &str, doc: &str) -> Result<Vec<Entry>> {
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
pub(super) fn classic_name(descriptor: &str) -> std::result::Result<&str, String> {
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
pub(super) fn classic_qualifier(name: &str, resolved: Option<&str>) -> Option<(&'static str, String)> {
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
pub(super) fn parse(text: &str, doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
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
