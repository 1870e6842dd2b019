//! How one package entry is worked out: the key each format gives a
//! reference, the name and version a key spells, and what its `resolution`
//! says about where the package came from.

use super::{Entry, Format, mapping};
use crate::error::{Error, Result};
use crate::lockfile::PackageHash;
use crate::lockfile::npm::{integrity_hashes, npm_purl, source_qualifier};
use crate::lockfile::vcs_url;
use crate::lockfile::yaml::Node;

impl<'a> Entry<'a> {
    /// Checks the entry at `key`; `links` holds its dependencies, `meta`
    /// its resolution (the same node in v6).
    pub(super) fn new(format: Format, key: &'a str, links: &'a Node, meta: &'a Node, doc: &str) -> Result<Self> {
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
    pub(super) fn key(self, name: &str, reference: &str) -> Option<String> {
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
    pub(super) fn name_and_version(self, key: &str) -> (Option<&str>, Option<&str>) {
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
pub(super) fn without_suffix(key: &str) -> &str {
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
