//! `requirements.txt` as pip-compile / `pip freeze` write it for pip's
//! hash-checking mode: one `name==version` pin per logical line, followed by
//! `--hash=sha256:…` options, lines continued with a trailing backslash,
//! `#` comments (at line start or after whitespace, as pip reads them).
//!
//! A lockfile must pin, so a requirement that is not `==` (or `===`) one
//! exact version is an error naming its line: it does not say what was
//! built. A pin without hashes is still listed (pip accepts it outside
//! hash-checking mode). The file gives no dependency edges.

use std::collections::HashMap;

use super::Package;
use super::pypi::{file_hashes, is_project_name, normalise_name, pypi_purl};
use crate::error::{Error, Result};

/// Reads a requirements.txt into packages (not yet sorted or merged); it
/// has no root dependency edges.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::malformed(doc, format!("not UTF-8: {e}")))?;
    let mut packages = Vec::new();
    // Normalised name → (version, line) of its pin, to refuse a second pin.
    let mut pinned: HashMap<String, (String, usize)> = HashMap::new();
    for (line, logical) in logical_lines(text) {
        let fail = |reason: String| Error::malformed_at_line(doc, line, reason);
        let Some(package) = requirement(&logical).map_err(fail)? else { continue };
        let key = normalise_name(&package.name);
        if let Some((version, first)) = pinned.get(&key)
            && *version != package.version
        {
            return Err(fail(format!("{} is pinned to {version} on line {first} already", package.name)));
        }
        pinned.insert(key, (package.version.clone(), line));
        packages.push(package);
    }
    Ok((packages, Vec::new()))
}

/// Joins continued lines and strips comments, giving each logical line with
/// the number of the physical line it starts on. A comment ends its line,
/// so a backslash inside one does not continue it.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let stripped = strip_comment(raw);
        let (body, continues) = match stripped.strip_suffix('\\') {
            Some(body) if stripped.len() == raw.len() => (body, true),
            _ => (stripped, false),
        };
        let (start, mut joined) = current.take().unwrap_or((index + 1, String::new()));
        joined.push_str(body);
        if continues {
            current = Some((start, joined));
        } else {
            out.push((start, joined));
        }
    }
    out.extend(current);
    out
}

/// The line without its comment: `#` at the start or after whitespace.
fn strip_comment(line: &str) -> &str {
    let mut previous_is_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && previous_is_space {
            return line.get(..i).unwrap_or(line);
        }
        previous_is_space = c.is_whitespace();
    }
    line
}

/// Reads one logical line: `None` for a blank line or a global option, the
/// package for a pinned requirement.
fn requirement(line: &str) -> std::result::Result<Option<Package>, String> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    if line.starts_with('-') {
        return option_line(line).map(|()| None);
    }
    // The requirement is everything before the first option.
    let (spec, options) = match line.find(" -").or_else(|| line.find("\t-")) {
        Some(at) => (line.get(..at).unwrap_or(line), line.get(at..).unwrap_or_default()),
        None => (line, ""),
    };
    let spec = spec.trim();
    // Environment markers say where the pin applies, not what it is.
    let spec = spec.split_once(';').map_or(spec, |(spec, _)| spec).trim();
    let (name, version) = pin(spec).ok_or_else(|| {
        format!("requirement \"{spec}\" is not pinned to one version with ==; a lockfile must pin every package")
    })?;
    let mut hashes = Vec::new();
    let mut words = options.split_whitespace();
    while let Some(word) = words.next() {
        match word.strip_prefix("--hash") {
            Some(rest) => match rest.strip_prefix('=') {
                Some(value) => hashes.push(value),
                None if rest.is_empty() => hashes.push(words.next().ok_or("--hash has no value")?),
                None => return Err(format!("option {word} is not one pip allows on a requirement")),
            },
            None if word.starts_with("--config-settings") || word.starts_with("--global-option") => {}
            None => return Err(format!("option {word} is not one pip allows on a requirement")),
        }
    }
    let hashes = file_hashes(hashes).map_err(|e| format!("{name}=={version}: {e}"))?;
    let purl = pypi_purl(name, version, None).map_err(|e| format!("{name}=={version}: {e}"))?;
    Ok(Some(Package::new(name.to_owned(), version.to_owned(), purl, hashes)))
}

/// Splits `name[extras] == version` (also `===`); `None` unless the
/// requirement is exactly one pin of a whole version (no `*`, no second
/// clause, no URL).
fn pin(spec: &str) -> Option<(&str, &str)> {
    let (name, rest) = spec.split_once("==")?;
    let name = name.trim();
    let name = match name.split_once('[') {
        Some((name, extras)) if extras.ends_with(']') => name.trim(),
        Some(_) => return None,
        None => name,
    };
    if !is_project_name(name) {
        return None;
    }
    let version = rest.strip_prefix('=').unwrap_or(rest).trim();
    let bad = |c: char| c.is_whitespace() || matches!(c, ',' | '*' | '<' | '>' | '=' | '!' | '~' | '@');
    (!name.is_empty() && !version.is_empty() && !version.contains(bad)).then_some((name, version))
}

/// Checks an option line. Options that change what a name resolves to
/// (another index) are global and do not change the pin, so they are
/// accepted; a nested file (`-r`, `-c`) or an editable install holds
/// requirements this file does not show, so it is refused rather than
/// silently left out of the SBOM.
fn option_line(line: &str) -> std::result::Result<(), String> {
    let option = line.split(|c: char| c == '=' || c.is_whitespace()).next().unwrap_or(line);
    match option {
        "-r" | "--requirement" | "-c" | "--constraint" => {
            Err(format!("\"{line}\" includes another file; give that file's pins in this one"))
        }
        "-e" | "--editable" => Err(format!("\"{line}\" is an editable install, which pins no version")),
        "-i" | "--index-url" | "--extra-index-url" | "--no-index" | "-f" | "--find-links" | "--trusted-host"
        | "--require-hashes" | "--pre" | "--prefer-binary" | "--no-binary" | "--only-binary" | "--use-feature" => {
            Ok(())
        }
        other => Err(format!("option {other} is not one attest knows in a requirements file")),
    }
}

#[cfg(test)]
mod tests {
    use crate::digest::Sha256Digest;
    use crate::lockfile::{Lockfile, LockfileKind, PackageHash};

    fn parse_text(text: &str) -> crate::error::Result<Lockfile> {
        crate::lockfile::parse(LockfileKind::Requirements, text.as_bytes(), "requirements.txt")
    }

    fn err(text: &str) -> String {
        parse_text(text).unwrap_err().to_string()
    }

    fn h(hex: &str) -> PackageHash {
        PackageHash::Sha256(Sha256Digest::from_hex(hex).unwrap())
    }

    #[test]
    fn reads_a_pip_compile_file_with_hashes() {
        let lock = crate::lockfile::test_rows::fixture(LockfileKind::Requirements, "requirements/requirements.txt");
        assert_eq!(lock.kind, LockfileKind::Requirements);
        assert!(lock.root_dependencies.is_empty());
        let rows: Vec<_> = lock
            .packages
            .iter()
            .map(|p| {
                (p.purl.as_str(), p.name.as_str(), p.version.as_str(), p.hashes.clone(), p.dependencies.len(), p.dev)
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "pkg:pypi/certifi@2024.7.4",
                    "certifi",
                    "2024.7.4",
                    vec![
                        h("c6c2e98f5c7869efca1f8916fed228dd91539f9f1b444c314c06eef02980c716"),
                        h("5a1e7645bc0ec61a09e26c36f6106dd4cf40c6db3a1fb6352b0244e7fb057c7b"),
                    ],
                    0,
                    false
                ),
                (
                    "pkg:pypi/charset-normalizer@3.3.2",
                    "charset-normalizer",
                    "3.3.2",
                    vec![
                        h("f30c3cb33b24454a82faecaf01b19c18562b1e89558fb6c56de4d9118a032fd5"),
                        h("96b02a3dc4381e5494fad39be677abcb5e6634bf7b4fa83a6dd3112607547001"),
                        h("3e4d1f6587322d2788836a99c69062fbb091331ec940e02d12d179c1d53e25fc"),
                    ],
                    0,
                    false
                ),
                (
                    "pkg:pypi/idna@3.7",
                    "idna",
                    "3.7",
                    vec![
                        h("028ff3aadf0609c1fd278d8ea3089299412a7a8b9bd005dd08b9f8285bcb5cfc"),
                        h("82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0"),
                    ],
                    0,
                    false
                ),
                ("pkg:pypi/pyyaml@6.0.1", "PyYAML", "6.0.1", vec![], 0, false),
                (
                    "pkg:pypi/requests@2.32.3",
                    "requests",
                    "2.32.3",
                    vec![
                        h("55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760"),
                        h("70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6"),
                    ],
                    0,
                    false
                ),
                (
                    "pkg:pypi/typing-extensions@4.12.2",
                    "typing_extensions",
                    "4.12.2",
                    vec![h("04e5ca0351e0f3f85c6853954072df659d0d13fac324d0072316b67d7794700d")],
                    0,
                    false
                ),
                (
                    "pkg:pypi/urllib3@2.2.2",
                    "urllib3",
                    "2.2.2",
                    vec![
                        h("a448b2f64d686155468037e1ace9f2d2199776e17f0a46610480d311f73e3472"),
                        h("dd505485549a7a552833da5e6063639d0d177c04f23bc3864e41e5dc5f612168"),
                    ],
                    0,
                    false
                ),
            ]
        );
    }

    #[test]
    fn unpinned_and_malformed_requirements_name_their_line() {
        let e = err("# pins\nidna==3.7\nrequests>=2.31 \\\n    --hash=sha256:00\n");
        assert_eq!(
            e,
            "requirements.txt: malformed: line 3: requirement \"requests>=2.31\" is not pinned to one version with ==; a lockfile must pin every package"
        );
        assert!(err("a==1.*\n").contains("line 1: requirement \"a==1.*\" is not pinned"));
        assert!(err("a==1,<2\n").contains("is not pinned"));
        let e = err("\n\nidna==3.7 \\\n  --hash=sha256:028ff3\n");
        assert_eq!(
            e,
            "requirements.txt: malformed: line 3: idna==3.7: hash: sha256 digest must be 64 hex digits, found 6"
        );
        assert!(err("-r base.txt\n").contains("line 1: \"-r base.txt\" includes another file"));
        assert!(err("-e git+https://example.com/a.git#egg=a\n").contains("line 1: \"-e git+"));
        let e = err("a==1\nb==2\nA==2\n");
        assert_eq!(e, "requirements.txt: malformed: line 3: A is pinned to 1 on line 1 already");
        assert!(err("a==1 --install-option=x\n").contains("line 1: option --install-option=x is not one pip allows"));
    }

    #[test]
    fn comments_continuations_markers_and_extras_are_understood() {
        let lock = parse_text(
            "--index-url https://pypi.org/simple\n# comment \\\nZope.Interface[test] == 6.4 ; python_version >= \"3.8\" # why\nb===1.0 \\\n\\\n",
        )
        .unwrap();
        let purls: Vec<_> = lock.packages.iter().map(|p| p.purl.as_str()).collect();
        assert_eq!(purls, ["pkg:pypi/b@1.0", "pkg:pypi/zope-interface@6.4"]);
        assert_eq!(lock.packages[1].name, "Zope.Interface");
    }
}
