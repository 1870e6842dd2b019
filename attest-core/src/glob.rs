//! Path globs for `sbom generate --exclude`.
//!
//! A small, predictable subset of gitignore-style globs, matched against a
//! path relative to the scanned root (`/`-separated): `*` matches within one
//! path segment, `**` any number of whole segments, `?` one character other
//! than `/`. A glob without `/` matches a file or folder of that name at any
//! depth (`node_modules`, `*.lock`); one with `/` matches from the root
//! (`test/packages/*`). A folder that matches is left out with everything in
//! it. Nothing else is special, so a glob cannot mean more than it shows.

use crate::error::{Error, Result};

/// A parsed glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    /// As the user wrote it, for messages.
    text: String,
    /// Its `/`-separated segments (without a leading or trailing `/`).
    segments: Vec<String>,
    /// Whether it matches from the root only (it contains `/`).
    anchored: bool,
}

impl Glob {
    /// Parses `text`; an empty glob, or one with an empty segment (`a//b`),
    /// is refused as a usage error naming it.
    pub fn new(text: &str) -> Result<Self> {
        let trimmed = text.trim_start_matches("./").trim_matches('/');
        let segments: Vec<String> = trimmed.split('/').map(str::to_owned).collect();
        if trimmed.is_empty() || segments.iter().any(String::is_empty) {
            return Err(Error::Usage(format!(
                "--exclude {text:?}: not a path glob (write e.g. node_modules, test/packages/*, **/fixtures)"
            )));
        }
        Ok(Glob { text: text.to_owned(), segments, anchored: trimmed.contains('/') })
    }

    /// The glob as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the file or folder at `rel` (relative to the root,
    /// `/`-separated) is matched.
    pub fn matches(&self, rel: &str) -> bool {
        let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
        if self.anchored {
            segments_match(&self.segments, &parts)
        } else {
            parts.last().is_some_and(|name| self.segments.first().is_some_and(|g| segment_matches(g, name)))
        }
    }
}

/// Whether the glob segments match the path segments, `**` standing for any
/// number of whole segments.
fn segments_match(glob: &[String], path: &[&str]) -> bool {
    match glob.split_first() {
        None => path.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=path.len()).any(|skip| segments_match(rest, path.get(skip..).unwrap_or_default()))
        }
        Some((first, rest)) => match path.split_first() {
            Some((name, path_rest)) => segment_matches(first, name) && segments_match(rest, path_rest),
            None => false,
        },
    }
}

/// Whether one segment pattern (`*`, `?`, literal characters) matches one
/// name. Iterative with one backtrack point, so no pattern is exponential.
fn segment_matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == n.get(ni) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(glob: &str, rel: &str) -> bool {
        Glob::new(glob).unwrap().matches(rel)
    }

    #[test]
    fn names_match_at_any_depth_and_paths_from_the_root() {
        assert!(m("node_modules", "node_modules"));
        assert!(m("node_modules", "a/b/node_modules"));
        assert!(!m("node_modules", "a/node_modules_x"));
        assert!(m("*.lock", "x/Cargo.lock"));
        assert!(m("test/packages/*", "test/packages/built-by-uv"));
        assert!(!m("test/packages/*", "test/packages"));
        assert!(!m("test/packages/*", "a/test/packages/x"));
        assert!(m("**/fixtures", "a/b/fixtures"));
        assert!(m("**/fixtures", "fixtures"));
        assert!(m("a/**/c", "a/c") && m("a/**/c", "a/x/y/c") && !m("a/**/c", "b/a/c"));
        assert!(m("fix?ure*", "fixtures") && !m("fix?ure", "fixtures"));
        assert!(m("./docs/", "docs"));
    }

    #[test]
    fn empty_globs_are_refused() {
        for bad in ["", "/", "a//b"] {
            let e = Glob::new(bad).unwrap_err().to_string();
            assert!(e.contains("not a path glob"), "{bad}: {e}");
        }
    }

    #[test]
    fn stars_do_not_backtrack_exponentially() {
        let name = "a".repeat(200);
        assert!(!m(&format!("{}b", "*a".repeat(30)), &name));
    }
}
