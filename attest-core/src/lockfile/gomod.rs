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

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use super::Package;
use super::golang::module_purl;
use crate::error::{Error, Result};

/// The property naming the requirement a replacement stands in for, as
/// `PATH VERSION`.
const REPLACES_PROPERTY: &str = "attest:go:replaces";

/// Directives that may be written as a `VERB (` … `)` block.
const BLOCK_VERBS: [&str; 7] = ["require", "exclude", "replace", "retract", "godebug", "tool", "ignore"];

/// One token of a go.mod line.
#[derive(Debug, PartialEq)]
enum Token {
    /// A bare word, such as a verb, a path, a version or `=>`.
    Word(String),
    /// A Go string literal, unquoted.
    Quoted(String),
    /// `(`, opening a block.
    Open,
    /// `)`, closing a block.
    Close,
    /// `[`, `]`, `,` (retracted ranges), `{` or `}`.
    Punct(char),
}

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
            packages.push(Package {
                name: path.clone(),
                version: version.clone(),
                purl,
                hashes: Vec::new(),
                dependencies: Vec::new(),
                dev: false,
                optional: false,
                first_party: false,
                distributions: Vec::new(),
                properties,
            });
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

/// Splits one line into tokens and its trailing comment (the text after
/// `//`, empty when there is none), as Go's go.mod lexer does: a comment
/// starts only where a token could, so `//` inside a word is part of it.
fn lex(line: &str) -> std::result::Result<(Vec<Token>, &str), String> {
    let mut tokens = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else { return Ok((tokens, "")) };
        if let Some(comment) = rest.strip_prefix("//") {
            return Ok((tokens, comment));
        }
        if rest.starts_with("/*") {
            return Err("go.mod takes // comments, not /* */".into());
        }
        let after = rest.get(c.len_utf8()..).unwrap_or_default();
        let (token, tail) = match c {
            '(' => (Token::Open, after),
            ')' => (Token::Close, after),
            '[' | ']' | ',' | '{' | '}' => (Token::Punct(c), after),
            '"' => {
                let end = closing_quote(after).ok_or("unterminated quoted string")?;
                let (inner, tail) = after.split_at(end);
                (Token::Quoted(unescape(inner)?), tail.get(1..).unwrap_or_default())
            }
            '`' => {
                let (inner, tail) = after.split_once('`').ok_or("unterminated raw string (it must end on its line)")?;
                (Token::Quoted(inner.to_owned()), tail)
            }
            _ => {
                let end = rest.find(|c: char| c.is_whitespace() || "()[]{},".contains(c)).unwrap_or(rest.len());
                let (text, tail) = rest.split_at(end);
                if let Some(bad) = text.chars().find(|c| c.is_control()) {
                    return Err(format!("unexpected character {bad:?}"));
                }
                (Token::Word(text.to_owned()), tail)
            }
        };
        tokens.push(token);
        rest = tail;
    }
}

/// The byte offset of the `"` closing an interpreted string whose body
/// starts `body`, stepping over escaped characters.
fn closing_quote(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

/// Decodes the escapes of a Go interpreted string literal's body. An escape
/// Go does not know is an error, not a guess.
fn unescape(body: &str) -> std::result::Result<String, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.chars();
    let bad = |what: &str| format!("bad escape {what} in quoted string \"{body}\"");
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            continue;
        }
        let e = chars.next().ok_or_else(|| bad("\\ at the end"))?;
        let mut digits = |n: usize, radix: u32| -> std::result::Result<u32, String> {
            let text: String = chars.by_ref().take(n).collect();
            let value = u32::from_str_radix(&text, radix).ok().filter(|_| text.chars().all(|c| c.is_digit(radix)));
            value.filter(|_| text.len() == n).ok_or_else(|| bad(&format!("\\{e}{text}")))
        };
        match e {
            'a' => out.push(0x07),
            'b' => out.push(0x08),
            'f' => out.push(0x0c),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(0x0b),
            '\\' | '"' => out.push(e as u8),
            'x' => out.push(u8::try_from(digits(2, 16)?).map_err(|_| bad("\\x"))?),
            'u' | 'U' => {
                let code = digits(if e == 'u' { 4 } else { 8 }, 16)?;
                let c = char::from_u32(code).ok_or_else(|| bad(&format!("\\{e}{code:x} (not a character)")))?;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            '0'..='7' => {
                let rest = digits(2, 8)?;
                let value = e.to_digit(8).unwrap_or_default() * 64 + rest;
                out.push(u8::try_from(value).map_err(|_| bad(&format!("\\{e}… (above \\377)")))?);
            }
            other => return Err(bad(&format!("\\{other}"))),
        }
    }
    String::from_utf8(out).map_err(|_| format!("quoted string \"{body}\" is not UTF-8 once unescaped"))
}

#[cfg(test)]
mod tests {
    use crate::lockfile::test_rows::{error, fixture, row, rows};
    use crate::lockfile::{Lockfile, LockfileKind};

    fn parse(text: &str) -> Lockfile {
        crate::lockfile::parse(LockfileKind::GoMod, text.as_bytes(), "go.mod").unwrap()
    }

    fn err(text: &str) -> String {
        error(LockfileKind::GoMod, text)
    }

    /// (purl, name, properties) of a package.
    type Named<'a> = (&'a str, &'a str, Vec<(String, String)>);

    fn named(lock: &Lockfile) -> Vec<Named<'_>> {
        lock.packages.iter().map(|p| (p.purl.as_str(), p.name.as_str(), p.properties.clone())).collect()
    }

    #[test]
    fn reads_the_build_list_with_direct_requirements_as_roots() {
        let lock = fixture(LockfileKind::GoMod, "go/go.mod");
        assert_eq!(lock.kind, LockfileKind::GoMod);
        // The local `proto` module is the product's own folder: not listed.
        assert_eq!(
            rows(&lock),
            [
                row("pkg:golang/github.com/BurntSushi/toml@v1.3.2", "v1.3.2", &[], &[], false),
                row(
                    "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
                    "v24.0.7+incompatible",
                    &[],
                    &[],
                    false
                ),
                row("pkg:golang/github.com/google/go-cmp@v0.6.0", "v0.6.0", &[], &[], false),
                row("pkg:golang/github.com/spf13/cobra@v1.8.0", "v1.8.0", &[], &[], false),
                row("pkg:golang/golang.org/x/sys@v0.15.0", "v0.15.0", &[], &[], false),
                // Required at v3.0.0, replaced by v3.0.1: the replacement is built.
                row("pkg:golang/gopkg.in/yaml.v3@v3.0.1", "v3.0.1", &[], &[], false),
            ]
        );
        assert_eq!(lock.packages[0].name, "github.com/BurntSushi/toml");
        assert_eq!(
            lock.packages[5].properties,
            [("attest:go:replaces".to_owned(), "gopkg.in/yaml.v3 v3.0.0".to_owned())]
        );
        assert!(lock.packages[..5].iter().all(|p| p.properties.is_empty()));
        // go-cmp and x/sys are `// indirect`: packages, not roots.
        assert_eq!(
            lock.root_dependencies,
            [
                "pkg:golang/github.com/BurntSushi/toml@v1.3.2",
                "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
                "pkg:golang/github.com/spf13/cobra@v1.8.0",
                "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
            ]
        );
    }

    #[test]
    fn replacements_by_module_exact_version_first_and_by_folder() {
        let lock = parse(concat!(
            "module example.com/m\n",
            "go 1.22.0\n",
            "require github.com/a/b v1.0.0\n",
            "require (\n",
            "\tgithub.com/c/d v1.2.0 // indirect; needed by b\n",
            "\tgithub.com/e/f v0.1.0 // indirectly needed, but direct\n",
            "\texample.com/local v1.0.0\n",
            ")\n",
            "replace github.com/a/b => github.com/fork/b v1.0.1\n",
            "replace (\n",
            "\tgithub.com/c/d v1.2.0 => github.com/c/d v1.2.1\n",
            "\tgithub.com/c/d => github.com/c/d v9.0.0\n",
            "\tgithub.com/e/f v0.0.9 => github.com/e/f v0.0.10 // another version: no effect\n",
            "\tgithub.com/unused/x => github.com/unused/y v1.0.0\n",
            "\texample.com/local => ../local\n",
            ")\n",
        ));
        let replaces = |s: &str| vec![("attest:go:replaces".to_owned(), s.to_owned())];
        assert_eq!(
            named(&lock),
            [
                ("pkg:golang/github.com/c/d@v1.2.1", "github.com/c/d", replaces("github.com/c/d v1.2.0")),
                ("pkg:golang/github.com/e/f@v0.1.0", "github.com/e/f", vec![]),
                ("pkg:golang/github.com/fork/b@v1.0.1", "github.com/fork/b", replaces("github.com/a/b v1.0.0")),
            ]
        );
        assert_eq!(lock.root_dependencies, ["pkg:golang/github.com/e/f@v0.1.0", "pkg:golang/github.com/fork/b@v1.0.1"]);
    }

    #[test]
    fn quoted_paths_are_unescaped() {
        let lock = parse(concat!(
            "module \"example.com/m\"\n",
            "require \"github.com/\\x61/b\" v1.0.0\n",
            "require `github.com/c/d` \"v1.0.0-20231201120000-abcdef123456\"\n",
            "require \"github.com/\\u0065/\\146\" v2.0.0-rc.1 // a/b, c/d, e/f\n",
            "godebug default=go1.21\n",
        ));
        let purls: Vec<&str> = lock.packages.iter().map(|p| p.purl.as_str()).collect();
        assert_eq!(
            purls,
            [
                "pkg:golang/github.com/a/b@v1.0.0",
                "pkg:golang/github.com/c/d@v1.0.0-20231201120000-abcdef123456",
                "pkg:golang/github.com/e/f@v2.0.0-rc.1",
            ]
        );
    }

    #[test]
    fn malformed_go_mod_is_refused_naming_the_line() {
        let m = "module example.com/m\n";
        let cases = [
            (format!("{m}requires github.com/a/b v1.0.0\n"), "line 2: unknown directive \"requires\""),
            (
                format!("{m}require (\n\tgithub.com/a/b v1.0.0\n"),
                "line 2: the require block is never closed with \")\"",
            ),
            (format!("{m}require github.com/a/b v1.0.0\n)\n"), "line 3: \")\" closes no block"),
            (
                format!("{m}require (\n\trequire (\n)\n"),
                "line 3: a block cannot open inside the require block of line 2",
            ),
            (format!("{m}go (\n)\n"), "line 2: the go directive cannot be a block"),
            (format!("{m}require github.com/a/b 1.0.0\n"), "line 2: version \"1.0.0\" does not start with \"v\""),
            (
                format!("{m}require github.com/a/b v1.0\n"),
                "line 2: version \"v1.0\" is not a semantic version vMAJOR.MINOR.PATCH[-PRERELEASE]",
            ),
            (format!("{m}require github.com/a/b v1.0.0+build\n"), "line 2: version \"v1.0.0+build\" is not a semantic"),
            (format!("{m}require github.com/a/b v01.0.0\n"), "line 2: version \"v01.0.0\" is not a semantic"),
            (
                format!("{m}require github.com/a/b\n"),
                "line 2: expected \"require MODULE VERSION\", found 1 argument(s)",
            ),
            (format!("{m}require \"github.com/\\q\" v1.0.0\n"), "line 2: bad escape \\q in quoted string"),
            (format!("{m}require \"github.com/\\x6\" v1.0.0\n"), "line 2: bad escape \\x6 in quoted string"),
            (format!("{m}require \"github.com/\\400\" v1.0.0\n"), "line 2: bad escape \\4… (above \\377)"),
            (format!("{m}require \"github.com/a/b v1.0.0\n"), "line 2: unterminated quoted string"),
            (format!("{m}require \"github.com/a b\" v1.0.0\n"), "line 2: \"github.com/a b\" is not a module path"),
            (format!("{m}require github.com//b v1.0.0\n"), "line 2: \"github.com//b\" is not a module path"),
            (format!("{m}/* old */\n"), "line 2: go.mod takes // comments, not /* */"),
            (format!("{m}go 1.021\n"), "line 2: go version \"1.021\" is not 1.N[.P]"),
            (format!("{m}toolchain 1.21.5\n"), "line 2: toolchain \"1.21.5\" is not go1.N…"),
            (format!("{m}module example.com/n\n"), "line 2: a second module directive (the first is on line 1)"),
            ("go 1.21\n".to_owned(), "no module directive"),
            (
                format!("{m}replace github.com/a/b => github.com/c/d\n"),
                "line 2: replacement \"github.com/c/d\" has no version",
            ),
            (
                format!("{m}replace github.com/a/b => ./b v1.0.0\n"),
                "line 2: replacement folder \"./b\" takes no version",
            ),
            (
                format!("{m}replace github.com/a/b v1.0.0\n"),
                "line 2: expected \"replace MODULE [VERSION] => REPLACEMENT",
            ),
            (
                format!("{m}replace github.com/a/b => ./b\nreplace github.com/a/b => ./c\n"),
                "line 3: github.com/a/b is replaced on line 2 already, by something else",
            ),
            (
                format!("{m}require github.com/a/b v1.0.0\nrequire github.com/a/b v1.1.0\n"),
                "line 3: github.com/a/b is required at v1.0.0 on line 2 already",
            ),
            (format!("{m}retract [v1.0.0 v1.1.0]\n"), "line 2: unexpected \"[\""),
            (format!("{m}exclude github.com/a/b latest\n"), "line 2: version \"latest\" does not start with \"v\""),
        ];
        for (text, expected) in cases {
            let message = err(&text);
            assert!(message.starts_with("go.mod: malformed: "), "{message}");
            assert!(message.contains(expected), "{text:?}: expected {expected:?} in {message:?}");
        }
    }

    #[test]
    fn comments_and_indirect_markers_follow_go() {
        let lock = parse(concat!(
            "// The gateway.\n",
            "module example.com/m // Deprecated: use example.com/n\n",
            "require (\n",
            "\tgithub.com/a/b v1.0.0 //indirect\n",
            "\tgithub.com/c/d v1.0.0 // indirect;\n",
            "\tgithub.com/e/f v1.0.0 // not indirect\n",
            ")\n",
            "retract v0.1.0\n",
            "exclude ()\n",
        ));
        // `//indirect` is indirect; `indirect;` with nothing after it is not.
        assert_eq!(lock.packages.len(), 3);
        assert_eq!(lock.root_dependencies, ["pkg:golang/github.com/c/d@v1.0.0", "pkg:golang/github.com/e/f@v1.0.0"]);
    }

    /// With go.mod and go.sum in one folder, `sbom generate` reads both:
    /// go.mod's build list and roots with go.sum's h1 properties; go.sum's
    /// extra module (go-spew, only its go.mod was hashed) is not built.
    /// Each component names the lockfile it came from.
    #[test]
    fn sbom_of_a_folder_with_go_mod_and_go_sum_merges_them() {
        let dir = format!("{}/../testdata/lockfiles/go", env!("CARGO_MANIFEST_DIR"));
        let req = crate::sbom::GenerateRequest {
            paths: vec![dir.into()],
            product: crate::sbom::Product { name: "gateway".into(), version: "1.0.0".into(), ..Default::default() },
            ..Default::default()
        };
        let scan = crate::sbom::scan(&req).unwrap();
        let generated = crate::sbom::generate(&req, scan, &|_| {}).unwrap();
        assert_eq!(generated.lockfiles, ["go.mod", "go.sum"]);
        let bom: serde_json::Value = serde_json::from_slice(&generated.json).unwrap();
        let components = bom["components"].as_array().unwrap();
        let libraries: Vec<(&str, serde_json::Value)> = components
            .iter()
            .filter(|c| c["type"] == "library")
            .map(|c| (c["purl"].as_str().unwrap(), c["properties"].clone()))
            .collect();
        let h1 = |v: &str| serde_json::json!([{"name": "attest:go:h1", "value": v}, {"name": "attest:lockfile", "value": "go.mod"}]);
        assert_eq!(
            libraries,
            [
                ("pkg:golang/github.com/BurntSushi/toml@v1.3.2", h1("h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=")),
                (
                    "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
                    h1("h1:Wo6l37AuwP3JaMnZa226lzVXGA3F9Ig1seQen0cKYlM=")
                ),
                ("pkg:golang/github.com/google/go-cmp@v0.6.0", h1("h1:ofyhxvXcZhMsU5ulbFiLKl/XBFqE1GSq7atu8tAmTRI=")),
                ("pkg:golang/github.com/spf13/cobra@v1.8.0", h1("h1:7aJaZx1B85qltLMc546zn58BxxfZdR/W22ej9CFoEf0=")),
                ("pkg:golang/golang.org/x/sys@v0.15.0", h1("h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=")),
                (
                    "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
                    serde_json::json!([
                        {"name": "attest:go:replaces", "value": "gopkg.in/yaml.v3 v3.0.0"},
                        {"name": "attest:go:h1", "value": "h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA="},
                        {"name": "attest:lockfile", "value": "go.mod"}
                    ])
                ),
            ]
        );
        assert!(components.iter().all(|c| c.get("hashes").is_none() || c["type"] == "file"));
        let dependencies = bom["dependencies"].as_array().unwrap();
        let product = dependencies.iter().find(|d| d["ref"] == "product").unwrap();
        assert_eq!(
            product["dependsOn"],
            serde_json::json!([
                "pkg:golang/github.com/BurntSushi/toml@v1.3.2",
                "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
                "pkg:golang/github.com/spf13/cobra@v1.8.0",
                "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
            ])
        );
    }
}
