//! Python: `<name>-<version>.dist-info/METADATA` in a virtualenv's site-packages.

use std::path::{Path, PathBuf};

use super::{Installed, Installs, Lookup, MAX_METADATA_BYTES, Person, expect_locked_by, parse_person, spdx_expression};
use crate::fsio::read_bounded;
use crate::lockfile::Package;

impl Installs {
    /// Lists `*.dist-info` folders of the site-packages of `.venv/` or
    /// `venv/` (`lib/python3.*/site-packages`, or Windows' `Lib/site-packages`).
    pub(super) fn index_site_packages(&mut self) {
        for venv in [".venv", "venv"] {
            for site in site_packages(&self.dir.join(venv)) {
                let Ok(entries) = std::fs::read_dir(&site) else { continue };
                let rel_site = site.strip_prefix(&self.dir).map(|p| p.to_string_lossy().replace('\\', "/"));
                let Ok(rel_site) = rel_site else { continue };
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".dist-info")) else { continue };
                    let Some((dist, version)) = stem.split_once('-') else { continue };
                    self.dist_infos
                        .entry(normalise_python(dist))
                        .or_default()
                        .push((version.to_owned(), format!("{rel_site}/{stem}.dist-info")));
                }
            }
        }
    }

    pub(super) fn python(&self, pkg: &Package) -> Lookup {
        let Some(candidates) = self.dist_infos.get(&normalise_python(&pkg.name)) else { return Ok(None) };
        let Some((_, folder)) = candidates.iter().find(|(v, _)| same_python_version(v, &pkg.version)) else {
            let found: Vec<String> = candidates.iter().map(|(_, f)| format!("{}{f}", self.rel_dir)).collect();
            return Err(format!(
                "{}: the lockfile locks {} {}, another version is installed; not used",
                found.join(", "),
                pkg.name,
                pkg.version
            )
            .into());
        };
        let rel = format!("{folder}/METADATA");
        let source = format!("{}{rel}", self.rel_dir);
        let path = self.dir.join(&rel);
        if !path.is_file() {
            return Ok(None);
        }
        let bytes = read_bounded(&path, MAX_METADATA_BYTES, "METADATA").map_err(|e| format!("{e}; not used"))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| format!("{source}: not UTF-8; not used"))?;
        let headers = metadata_headers(text);
        let one = |key: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
        let (name, version) = (one("Name"), one("Version"));
        expect_locked_by(&source, name, version, pkg, |n, v| {
            normalise_python(n) == normalise_python(&pkg.name) && same_python_version(v, &pkg.version)
        })?;
        let found = Installed {
            authors: python_authors(&one),
            license: one("License-Expression").or(one("License")).and_then(spdx_expression),
            vcs: headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("Project-URL")).find_map(|(_, v)| source_url(v)),
            source,
        };
        Ok((!found.is_empty()).then_some(found))
    }
}

/// `lib/python3.*/site-packages` (Unix) and `Lib/site-packages` (Windows)
/// of a virtualenv, sorted.
fn site_packages(venv: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(venv.join("lib")) {
        for e in entries.flatten() {
            if e.file_name().to_str().is_some_and(|n| n.starts_with("python3")) {
                out.push(e.path().join("site-packages"));
            }
        }
    }
    out.push(venv.join("Lib").join("site-packages"));
    out.retain(|p| p.is_dir());
    out.sort();
    out
}

/// The header fields of a core metadata file (RFC 822 style: `Key: value`
/// up to the first blank line; continuation lines start with white space).
fn metadata_headers(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = out.last_mut() {
                v.push('\n');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}

/// `Author-email` (a comma-separated list of `Name <email>` or bare
/// addresses), else `Author`, else the same from `Maintainer-email` and
/// `Maintainer`.
fn python_authors<'a>(one: &dyn Fn(&str) -> Option<&'a str>) -> Vec<Person> {
    for (email_key, name_key) in [("Author-email", "Author"), ("Maintainer-email", "Maintainer")] {
        if let Some(list) = one(email_key) {
            let people: Vec<Person> =
                list.split(',').map(parse_person).filter(|p| p.name.is_some() || p.email.is_some()).collect();
            if !people.is_empty() {
                return people;
            }
        }
        if let Some(name) = one(name_key).map(str::trim).filter(|n| !n.is_empty() && !n.contains('\n')) {
            return vec![Person { name: Some(name.to_owned()), email: None }];
        }
    }
    Vec::new()
}

/// A `Project-URL` (`Label, URL`) whose label says it is the source
/// repository.
fn source_url(value: &str) -> Option<String> {
    let (label, url) = value.split_once(',')?;
    let label: String = label.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let url = url.trim();
    let source = ["source", "sourcecode", "repository", "code", "github", "gitlab", "git"].contains(&label.as_str());
    (source && (url.starts_with("https://") || url.starts_with("http://"))).then(|| url.to_owned())
}

/// PEP 503 normalisation (lower case, runs of `-`, `_`, `.` as one `-`).
fn normalise_python(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Whether two Python versions are the same release (PEP 440 equality, so
/// `1.0` and `1.0.0` agree); text that is not PEP 440 must match exactly.
fn same_python_version(a: &str, b: &str) -> bool {
    use std::str::FromStr as _;
    match (pep440_rs::Version::from_str(a), pep440_rs::Version::from_str(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_metadata_fields() {
        let text = "Metadata-Version: 2.1\nName: Foo.Bar\nVersion: 1.0\nAuthor-email: A <a@x.example>, b@x.example\n\
                    License: MIT\nProject-URL: Source Code, https://example.org/foo\n\nBody: not a header\n";
        let headers = metadata_headers(text);
        let one = |key: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
        assert_eq!(one("Body"), None);
        let authors = python_authors(&one);
        assert_eq!(authors.len(), 2);
        assert_eq!(authors[1].email.as_deref(), Some("b@x.example"));
        assert_eq!(one("Project-URL").and_then(source_url).as_deref(), Some("https://example.org/foo"));
        assert_eq!(normalise_python("Foo__Bar.baz"), "foo-bar-baz");
        assert!(same_python_version("1.0", "1.0.0") && !same_python_version("1.0", "1.1"));
    }
}
