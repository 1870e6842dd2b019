//! Gitignore-style rules for `sbom generate --ignore-file` and
//! `--respect-gitignore`, read with the `ignore` crate (ripgrep's own
//! implementation of git's rules), so a pattern means what git says it
//! means: `dist/` a folder, `!keep.txt` an exception, `/build` anchored,
//! `**` any folders, the last matching rule wins, and a deeper `.gitignore`
//! overrides a shallower one.
//!
//! Neither is on by default: release folders (`dist/`, `target/release`)
//! are usually gitignored themselves, and an SBOM that silently dropped the
//! release would misstate it. Every path the rules leave out is reported
//! with the rule that matched (docs/formats.md "SBOM generation").

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::{Error, Result, display_path};
use crate::fsio::read_bounded;
use crate::limits::MAX_DOCUMENT_BYTES;

/// The rules in force while one root is walked.
#[derive(Debug)]
pub(crate) struct IgnoreRules {
    /// `--ignore-file`s, matched relative to the scanned root.
    explicit: Option<Gitignore>,
    /// Whether `.gitignore` files in the tree apply.
    respect_gitignore: bool,
    /// Every `.gitignore` read so far: (its folder, its rules), outermost
    /// first. A walk is depth-first, so a folder's file is read before any
    /// path under it is asked about.
    found: Vec<(PathBuf, Gitignore)>,
}

impl IgnoreRules {
    /// The rules for a walk of `root`: the `ignore_files` given (each line
    /// matched relative to `root`; a line that is not a valid pattern is an
    /// error naming the file, since the user asked for it), and, with
    /// `respect_gitignore`, the `.gitignore` files found in the tree.
    pub(crate) fn new(root: &Path, ignore_files: &[PathBuf], respect_gitignore: bool) -> Result<Self> {
        let explicit = if ignore_files.is_empty() {
            None
        } else {
            let mut builder = GitignoreBuilder::new(root);
            for file in ignore_files {
                if !file.is_file() {
                    return Err(Error::Usage(format!(
                        "--ignore-file {}: no such file; give a file of gitignore-style rules",
                        display_path(file)
                    )));
                }
                add_bounded(&mut builder, file).map_err(|e| match e {
                    Error::Usage(why) => Error::Usage(format!("--ignore-file {}: {why}", display_path(file))),
                    other => other,
                })?;
            }
            Some(builder.build().map_err(|e| Error::Usage(format!("--ignore-file: {e}")))?)
        };
        let mut rules = IgnoreRules { explicit, respect_gitignore, found: Vec::new() };
        rules.enter(root);
        Ok(rules)
    }

    /// Reads `dir/.gitignore`, when `.gitignore` files apply and there is
    /// one. Called for each folder the walk goes into. As git does, a line
    /// that is not a valid pattern is passed over (the file's other rules
    /// still apply); that can only keep more files in the SBOM.
    pub(crate) fn enter(&mut self, dir: &Path) {
        if !self.respect_gitignore {
            return;
        }
        let file = dir.join(".gitignore");
        if !file.is_file() {
            return;
        }
        let mut builder = GitignoreBuilder::new(dir);
        // An unreadable or oversized file applies no rules: that, too, can
        // only keep more files in the SBOM.
        let _partial = add_bounded(&mut builder, &file);
        if let Ok(rules) = builder.build() {
            self.found.push((dir.to_path_buf(), rules));
        }
    }

    /// Why `path` (under the root; `is_dir` when it is a folder) is left
    /// out, naming the rule and its file; `None` when no rule leaves it out.
    pub(crate) fn ignored(&self, path: &Path, is_dir: bool) -> Option<String> {
        // The deepest .gitignore that has a say decides; an --ignore-file
        // rule applies whatever the .gitignore files say.
        let from_tree = self
            .found
            .iter()
            .rev()
            .filter(|(dir, _)| path.starts_with(dir))
            .map(|(_, rules)| rules.matched(path, is_dir))
            .find(|m| !m.is_none());
        let said = |m: Match<&ignore::gitignore::Glob>, what: &str| match m {
            Match::Ignore(glob) => Some(format!(
                "left out by {what} rule {:?} in {}",
                glob.original(),
                glob.from().map_or_else(|| "?".to_owned(), display_path)
            )),
            _ => None,
        };
        if let Some(reason) =
            self.explicit.as_ref().and_then(|rules| said(rules.matched(path, is_dir), "--ignore-file"))
        {
            return Some(reason);
        }
        from_tree.and_then(|m| said(m, ".gitignore"))
    }
}

/// Adds the rules of `file`, read whole up to [`MAX_DOCUMENT_BYTES`] (the
/// `ignore` crate's own reader has no bound). Every valid line is added;
/// the first invalid one is returned as the error.
fn add_bounded(builder: &mut GitignoreBuilder, file: &Path) -> Result<()> {
    let bytes = read_bounded(file, MAX_DOCUMENT_BYTES, "ignore file")?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Usage("not UTF-8 text".into()))?;
    let mut first = None;
    for line in text.lines() {
        if let Err(e) = builder.add_line(Some(file.to_path_buf()), line) {
            first.get_or_insert(Error::Usage(e.to_string()));
        }
    }
    first.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignore_rules_apply_deepest_first_and_ignore_files_always() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join(".gitignore"), "*.log\n/build\n").unwrap();
        std::fs::write(root.join("sub/.gitignore"), "!keep.log\n").unwrap();
        std::fs::write(root.join("extra.ignore"), "secret.txt\n").unwrap();
        let mut rules = IgnoreRules::new(root, &[root.join("extra.ignore")], true).unwrap();
        rules.enter(&root.join("sub"));
        let why = |rel: &str, is_dir: bool| rules.ignored(&root.join(rel), is_dir);
        assert!(why("a.log", false).unwrap().contains("\"*.log\""));
        assert!(why("sub/x.log", false).is_some());
        assert_eq!(why("sub/keep.log", false), None, "the deeper .gitignore's exception wins");
        assert!(why("build", true).is_some());
        assert_eq!(why("sub/build", true), None, "/build is anchored at its file's folder");
        assert!(why("sub/secret.txt", false).unwrap().starts_with("left out by --ignore-file rule \"secret.txt\""));
        assert_eq!(why("src/main.rs", false), None);
        // Without --respect-gitignore only the --ignore-file counts.
        let rules = IgnoreRules::new(root, &[root.join("extra.ignore")], false).unwrap();
        assert_eq!(rules.ignored(&root.join("a.log"), false), None);
        let e = IgnoreRules::new(root, &[root.join("missing")], false).unwrap_err().to_string();
        assert!(e.contains("--ignore-file") && e.contains("missing"), "{e}");
    }
}
