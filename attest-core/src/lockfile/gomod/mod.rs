//! Go's `go.mod`.
//!
//! Since Go 1.17 a module's go.mod lists every module its build needs,
//! indirect ones marked `// indirect`, so it is the build list: direct
//! requirements become the root dependencies, the others plain packages.
//! (With a `go` line below 1.17 it lists only part of the build list; a
//! go.sum beside it still names the rest.) go.mod has no hashes and no
//! edges between modules; `sbom generate` merges packages of one purl across
//! lockfiles, so a go.sum in the same tree adds its `attest:go:h1`
//! properties, and modules only go.sum names are still listed.
//!
//! The syntax is Go's own: one directive per line, or a `VERB (` … `)`
//! block of them; `//` comments; paths and versions may be Go string
//! literals (`"…"` with escapes, or `` `…` ``). What each directive does:
//!
//! - `module`, `go`, `toolchain`: read and checked, once each. They are not
//!   packages: `module` is the product itself, and `go` / `toolchain` state
//!   the minimum Go, not the toolchain that built the release.
//! - `require PATH VERSION`: a package `pkg:golang/PATH@VERSION`.
//! - `replace PATH [VERSION] => NEW VERSION`: the replacement is what is
//!   built, so the package is NEW@VERSION, with an `attest:go:replaces`
//!   property naming the requirement it stands in for.
//! - `replace PATH [VERSION] => ./DIR` (or `../DIR`, an absolute path): the
//!   module is a folder of the product's own source tree, not a package, so
//!   it is neither listed nor a root dependency (as Cargo's path packages).
//! - `exclude`, `retract`, `godebug`, `tool`, `ignore`: checked for syntax
//!   and otherwise ignored: they do not change which versions are built
//!   (`exclude` only steers version selection, whose result the `require`
//!   lines already record).
//!
//! Anything else (an unknown directive, an unbalanced parenthesis, a version
//! that is not `vMAJOR.MINOR.PATCH`, a bad escape in a quoted path) is an
//! error naming the line: a go.mod that Go would refuse says nothing
//! reliable about the build.

mod lex;

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use super::Package;
use super::golang::module_purl;
use crate::error::{Error, Result};

use lex::{Token, lex};

/// The property naming the requirement a replacement stands in for, as
/// `PATH VERSION`.
const REPLACES_PROPERTY: &str = "attest:go:replaces";

/// Directives that may be written as a `VERB (` … `)` block.
const BLOCK_VERBS: [&str; 7] = ["require", "exclude", "replace", "retract", "godebug", "tool", "ignore"];

/// One `require` line.
struct Require {
    path: String,
    version: String,
    indirect: bool,
    line: usize,
}

/// What a `replace` puts in a module's place.
#[derive(Debug, PartialEq)]
enum Target {
    /// Another module version, downloaded and built instead.
    Module { path: String, version: String },
    /// A folder of the product's own tree.
    Folder(String),
}

/// What the directives say, gathered before packages are made.
#[derive(Default)]
struct GoMod {
    /// Lines of the `module`, `go` and `toolchain` directives, each allowed once.
    module: Option<usize>,
    go: Option<usize>,
    /// Whether the `go` line is 1.17 or later: the module graph is pruned
    /// and go.mod lists every module the build needs.
    pruned: bool,
    toolchain: Option<usize>,
    requires: Vec<Require>,
    /// (module, version or every version) → replacement and its line.
    replaces: BTreeMap<(String, Option<String>), (Target, usize)>,
}

/// Reads a go.mod into packages (not yet sorted or merged), the purls of
/// its direct requirements, and whether they are the whole build list (a
/// `go` line of 1.17 or later).
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>, bool)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::malformed(doc, format!("not UTF-8: {e}")))?;
    let mut file = GoMod::default();
    // The verb and first line of the block being read.
    let mut block: Option<(String, usize)> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let fail = |reason: String| Error::malformed_at_line(doc, number, reason);
        let (tokens, comment) = lex(raw).map_err(fail)?;
        match (&block, tokens.as_slice()) {
            (_, []) => {}
            (Some(_), [Token::Close]) => block = None,
            (None, [Token::Close]) => return Err(fail("\")\" closes no block".into())),
            (Some((verb, start)), [_, Token::Open]) => {
                return Err(fail(format!("a block cannot open inside the {verb} block of line {start}")));
            }
            (None, [Token::Word(verb), Token::Open, Token::Close]) if BLOCK_VERBS.contains(&verb.as_str()) => {}
            (None, [Token::Word(verb), Token::Open]) if BLOCK_VERBS.contains(&verb.as_str()) => {
                block = Some((verb.clone(), number));
            }
            (None, [Token::Word(verb), Token::Open]) => {
                return Err(fail(format!("the {verb} directive cannot be a block")));
            }
            (Some((verb, _)), args) => file.directive(verb, args, comment, number).map_err(fail)?,
            (None, [Token::Word(verb), args @ ..]) => file.directive(verb, args, comment, number).map_err(fail)?,
            (None, [first, ..]) => return Err(fail(format!("expected a directive, found {}", show(first)))),
        }
    }
    if let Some((verb, start)) = block {
        return Err(Error::malformed_at_line(doc, start, format!("the {verb} block is never closed with \")\"")));
    }
    if file.module.is_none() {
        return Err(Error::malformed(doc, "no module directive: a go.mod names its module with `module PATH`"));
    }
    let (packages, roots) = file.packages(doc)?;
    Ok((packages, roots, file.pruned))
}

impl GoMod {
    /// Reads one directive (`verb` with its arguments), in or out of a block.
    fn directive(&mut self, verb: &str, args: &[Token], comment: &str, line: usize) -> std::result::Result<(), String> {
        match verb {
            "module" => {
                once(&mut self.module, verb, line)?;
                let [path] = words(verb, args, "PATH")?;
                check_path(&path)
            }
            "go" => {
                once(&mut self.go, verb, line)?;
                let [version] = words(verb, args, "VERSION")?;
                check_go_version(&version)?;
                let minor = version.split('.').nth(1).map(|m| m.trim_end_matches(|c: char| !c.is_ascii_digit()));
                self.pruned = minor.and_then(|m| m.parse::<u32>().ok()).is_some_and(|m| m >= 17);
                Ok(())
            }
            "toolchain" => {
                once(&mut self.toolchain, verb, line)?;
                let [name] = words(verb, args, "NAME")?;
                // Go's own rule: `default`, or a name beginning `go1` (`go1.21.5`, `go1.22rc1-custom`).
                let go1 = name.strip_prefix("go1").is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
                if name == "default" || go1 { Ok(()) } else { Err(format!("toolchain \"{name}\" is not go1.N…")) }
            }
            "require" => {
                let [path, version] = words(verb, args, "MODULE VERSION")?;
                check_path(&path)?;
                check_version(&version)?;
                self.requires.push(Require { path, version, indirect: is_indirect(comment), line });
                Ok(())
            }
            "exclude" => {
                let [path, version] = words(verb, args, "MODULE VERSION")?;
                check_path(&path)?;
                check_version(&version)
            }
            "replace" => self.replace(args, line),
            "retract" => match args {
                [Token::Punct('['), low, Token::Punct(','), high, Token::Punct(']')] => {
                    check_version(&word(low)?)?;
                    check_version(&word(high)?)
                }
                _ => check_version(&words::<1>(verb, args, "VERSION or [LOW, HIGH]")?.concat()),
            },
            "godebug" | "tool" | "ignore" => words::<1>(verb, args, "one argument").map(drop),
            _ => Err(format!("unknown directive \"{verb}\"")),
        }
    }

    /// Reads `replace PATH [VERSION] => NEW [VERSION]`.
    fn replace(&mut self, args: &[Token], line: usize) -> std::result::Result<(), String> {
        const USAGE: &str = "expected \"replace MODULE [VERSION] => REPLACEMENT [VERSION]\"";
        let arrow = args.iter().position(|t| *t == Token::Word("=>".into())).ok_or(USAGE)?;
        let (left, right) = args.split_at(arrow);
        let left = left.iter().map(word).collect::<std::result::Result<Vec<_>, _>>()?;
        let right = right.iter().skip(1).map(word).collect::<std::result::Result<Vec<_>, _>>()?;
        let (path, version) = match <[String; 2]>::try_from(left) {
            Ok([path, version]) => (path, Some(version)),
            Err(left) => (<[String; 1]>::try_from(left).map_err(|_| USAGE)?.concat(), None),
        };
        check_path(&path)?;
        if let Some(version) = &version {
            check_version(version)?;
        }
        let target = match right.as_slice() {
            [folder] if is_folder(folder) => Target::Folder(folder.clone()),
            [new] => {
                return Err(format!(
                    "replacement \"{new}\" has no version: a module replacement needs one, and a folder starts with ./, ../ or /"
                ));
            }
            [folder, _] if is_folder(folder) => {
                return Err(format!("replacement folder \"{folder}\" takes no version"));
            }
            [new, new_version] => {
                check_path(new)?;
                check_version(new_version)?;
                Target::Module { path: new.clone(), version: new_version.clone() }
            }
            _ => return Err(USAGE.into()),
        };
        match self.replaces.entry((path, version)) {
            Entry::Occupied(e) if e.get().0 != target => {
                let ((path, _), (_, first)) = (e.key(), e.get());
                Err(format!("{path} is replaced on line {first} already, by something else"))
            }
            Entry::Occupied(_) => Ok(()),
            Entry::Vacant(e) => {
                e.insert((target, line));
                Ok(())
            }
        }
    }

    /// The replacement of `require`: one for its exact version first, else
    /// one for every version of its module.
    fn replacement(&self, require: &Require) -> Option<&Target> {
        let exact = (require.path.clone(), Some(require.version.clone()));
        let any = (require.path.clone(), None);
        self.replaces.get(&exact).or_else(|| self.replaces.get(&any)).map(|(target, _)| target)
    }

    /// The packages the requirements name, and the purls of the direct ones.
    fn packages(&self, doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
        let mut first: BTreeMap<&str, &Require> = BTreeMap::new();
        let mut packages = Vec::with_capacity(self.requires.len());
        let mut roots = Vec::new();
        for require in &self.requires {
            let fail = |reason: String| Error::malformed_at_line(doc, require.line, reason);
            match first.get(require.path.as_str()) {
                Some(earlier) if earlier.version != require.version => {
                    return Err(fail(format!(
                        "{} is required at {} on line {} already; go.mod must require one version",
                        require.path, earlier.version, earlier.line
                    )));
                }
                Some(_) => {}
                None => {
                    first.insert(require.path.as_str(), require);
                }
            }
            let (path, version, properties) = match self.replacement(require) {
                Some(Target::Folder(_)) => continue,
                Some(Target::Module { path, version }) => {
                    let replaced = format!("{} {}", require.path, require.version);
                    (path, version, vec![(REPLACES_PROPERTY.to_owned(), replaced)])
                }
                None => (&require.path, &require.version, Vec::new()),
            };
            let purl = module_purl(path, version).map_err(|r| fail(format!("module {path} {version}: {r}")))?;
            if !require.indirect {
                roots.push(purl.clone());
            }
            packages.push(Package { properties, ..Package::new(path.clone(), version.clone(), purl, Vec::new()) });
        }
        Ok((packages, roots))
    }
}

/// Records that a once-only directive was met on `line`.
fn once(seen: &mut Option<usize>, verb: &str, line: usize) -> std::result::Result<(), String> {
    match seen.replace(line) {
        Some(first) => Err(format!("a second {verb} directive (the first is on line {first})")),
        None => Ok(()),
    }
}

/// Exactly `N` word arguments of `verb`, or an error showing `usage`.
fn words<const N: usize>(verb: &str, args: &[Token], usage: &str) -> std::result::Result<[String; N], String> {
    let texts = args.iter().map(word).collect::<std::result::Result<Vec<_>, _>>()?;
    <[String; N]>::try_from(texts)
        .map_err(|found| format!("expected \"{verb} {usage}\", found {} argument(s)", found.len()))
}

/// The text of a word or string token.
fn word(token: &Token) -> std::result::Result<String, String> {
    match token {
        Token::Word(text) | Token::Quoted(text) => Ok(text.clone()),
        other => Err(format!("unexpected {}", show(other))),
    }
}

/// A token as a message shows it.
fn show(token: &Token) -> String {
    match token {
        Token::Word(text) => format!("\"{text}\""),
        Token::Quoted(text) => format!("the string {text:?}"),
        Token::Open => "\"(\"".into(),
        Token::Close => "\")\"".into(),
        Token::Punct(c) => format!("\"{c}\""),
    }
}

/// Go's rule for `// indirect`: the comment is `indirect`, or starts with
/// `indirect;` followed by more text.
fn is_indirect(comment: &str) -> bool {
    let fields: Vec<&str> = comment.split_whitespace().collect();
    matches!(fields.as_slice(), ["indirect"] | ["indirect;", _, ..])
}

/// Whether a replacement is a folder rather than a module path, by Go's
/// rule (both Unix and Windows spellings, since go.mod files move between
/// systems).
fn is_folder(path: &str) -> bool {
    let bytes = path.as_bytes();
    ["./", ".\\", "../", "..\\", "/", "\\"].iter().any(|p| path.starts_with(p))
        || path == "."
        || path == ".."
        || matches!(bytes, [drive, b':', ..] if drive.is_ascii_alphabetic())
}

/// Checks a module path: `/`-separated elements, none empty, `.` or `..`,
/// of ASCII letters, digits and `-._~+` (a space or control character in a
/// path is a mangled file, not a module).
fn check_path(path: &str) -> std::result::Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~+".contains(c);
    let bad = |e: &str| e.is_empty() || e == "." || e == ".." || !e.chars().all(allowed);
    if path.split('/').any(bad) { Err(format!("\"{path}\" is not a module path")) } else { Ok(()) }
}

/// Checks a module version is canonical semver as Go requires in go.mod:
/// `vMAJOR.MINOR.PATCH`, an optional `-PRERELEASE` (pseudo-versions are
/// such), and no build suffix but `+incompatible`.
fn check_version(version: &str) -> std::result::Result<(), String> {
    let Some(rest) = version.strip_prefix('v') else {
        return Err(format!("version \"{version}\" does not start with \"v\""));
    };
    let rest = rest.strip_suffix("+incompatible").unwrap_or(rest);
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let identifier = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let core_ok = core.split('.').count() == 3 && core.split('.').all(is_number);
    let pre_ok =
        pre.is_none_or(|p| p.split('.').all(|i| identifier(i) && (!all_digits(i) || i == "0" || !i.starts_with('0'))));
    if core_ok && pre_ok {
        Ok(())
    } else {
        Err(format!("version \"{version}\" is not a semantic version vMAJOR.MINOR.PATCH[-PRERELEASE]"))
    }
}

/// Checks a `go` line's version by Go's pattern: `1.N`, `1.N.P`, or either
/// with a release-candidate suffix such as `rc1`.
fn check_go_version(version: &str) -> std::result::Result<(), String> {
    let (numbers, suffix) = version.split_at(version.find(|c: char| c.is_ascii_lowercase()).unwrap_or(version.len()));
    let letters = suffix.trim_start_matches(|c: char| c.is_ascii_lowercase());
    let suffix_ok = suffix.is_empty() || (letters.len() < suffix.len() && is_number(letters));
    let parts: Vec<&str> = numbers.split('.').collect();
    let numbers_ok = (2..=3).contains(&parts.len()) && parts.iter().all(|p| is_number(p)) && !numbers.starts_with('0');
    if numbers_ok && suffix_ok { Ok(()) } else { Err(format!("go version \"{version}\" is not 1.N[.P]")) }
}

/// A decimal number without leading zeros.
fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

#[cfg(test)]
mod tests;
