//! What the Python lockfile readers share: PEP 503 names, `pkg:pypi` purls
//! and the `ALGORITHM:HEX` file hashes pip, Poetry, uv and Pipenv all write.

use super::{Distribution, PackageHash, purl};
use crate::digest::{Sha256Digest, Sha512Digest};

/// The index every Python tool uses unless told otherwise, in the spellings
/// lockfiles write it.
const PYPI: [&str; 4] = [
    "https://pypi.org/simple",
    "https://pypi.org/simple/",
    "https://pypi.python.org/simple",
    "https://pypi.python.org/simple/",
];

/// PEP 503 normalisation (see [`crate::purl::pep503`]).
pub(super) fn normalise_name(name: &str) -> String {
    crate::purl::pep503(name)
}

/// Whether `name` is a valid PEP 508 project name: ASCII letters, digits,
/// `-`, `_` and `.`, starting and ending with a letter or digit. Checked so
/// that a misread line is reported rather than turned into a bogus purl.
pub(super) fn is_project_name(name: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    alnum(name.chars().next())
        && alnum(name.chars().last())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `pkg:pypi/<normalised name>@<version>`, qualified with `qualifier` when
/// the package does not come from PyPI.
pub(super) fn pypi_purl(
    name: &str,
    version: &str,
    qualifier: Option<&(&'static str, String)>,
) -> std::result::Result<String, String> {
    if !is_project_name(name) {
        return Err(format!("\"{name}\" is not a Python project name"));
    }
    purl("pypi", None, &normalise_name(name), version, qualifier)
}

/// The `repository_url` qualifier for a package from an index other than
/// PyPI; `None` for PyPI itself.
pub(super) fn index_qualifier(index: &str) -> Option<(&'static str, String)> {
    (!PYPI.contains(&index)).then(|| ("repository_url", index.to_owned()))
}

/// Parses one `ALGORITHM:HEX` file hash. SHA-256 (what every current tool
/// writes) and SHA-512 are kept; the weak algorithms pip still accepts (MD5,
/// SHA-1, SHA-224, SHA-384 — the last two unrepresentable here) give `None`,
/// as npm's SHA-1 integrity does, rather than refusing the file.
pub(super) fn file_hash(value: &str) -> std::result::Result<Option<PackageHash>, String> {
    let (algorithm, hex) =
        value.split_once(':').ok_or_else(|| format!("hash {value:?} is not ALGORITHM:HEX (e.g. sha256:…)"))?;
    match algorithm {
        "sha256" => Ok(Some(PackageHash::Sha256(Sha256Digest::from_hex(hex).map_err(|e| format!("hash: {e}"))?))),
        "sha512" => Ok(Some(PackageHash::Sha512(Sha512Digest::from_hex(hex).map_err(|e| format!("hash: {e}"))?))),
        "md5" | "sha1" | "sha224" | "sha384" => Ok(None),
        other => Err(format!("hash {value:?}: algorithm \"{other}\" is not one pip knows")),
    }
}

/// Parses every hash of a package's distribution files, keeping each
/// distinct hash once in first-seen order: a package has one hash per file
/// (an sdist and several wheels), and a lockfile may repeat one.
pub(super) fn file_hashes<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> std::result::Result<Vec<PackageHash>, String> {
    let mut out: Vec<PackageHash> = Vec::new();
    for value in values {
        if let Some(hash) = file_hash(value)?
            && !out.contains(&hash)
        {
            out.push(hash);
        }
    }
    Ok(out)
}

/// Each distribution file (`location`: its URL or file name; `hash`:
/// `ALGORITHM:HEX`) as a [`Distribution`], once each, in first-seen order.
/// A file whose only hash is of a weak algorithm is left out, as in
/// [`file_hashes`].
pub(super) fn distributions<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> std::result::Result<Vec<Distribution>, String> {
    let mut out: Vec<Distribution> = Vec::new();
    for (location, value) in files {
        if let Some(hash) = file_hash(value)? {
            let d = Distribution { url: location.to_owned(), hash };
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    Ok(out)
}

/// The 1-based line of byte `offset` in `text`.
pub(super) fn line_of(text: &[u8], offset: usize) -> usize {
    text.get(..offset).map_or(0, |before| before.iter().filter(|&&b| b == b'\n').count()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_as_pep_503_says() {
        assert_eq!(normalise_name("Foo.Bar__baz-_-Qux"), "foo-bar-baz-qux");
        assert_eq!(normalise_name("zope.interface"), "zope-interface");
        assert!(is_project_name("a") && is_project_name("Foo_bar.2"));
        assert!(!is_project_name("-a") && !is_project_name("a b") && !is_project_name(""));
        assert_eq!(pypi_purl("Typing_Extensions", "4.12.2", None).unwrap(), "pkg:pypi/typing-extensions@4.12.2");
    }

    #[test]
    fn hashes_are_parsed_and_deduplicated() {
        let a = format!("sha256:{}", "ab".repeat(32));
        let b = format!("sha256:{}", "CD".repeat(32));
        let md5 = format!("md5:{}", "00".repeat(16));
        let hashes = file_hashes([a.as_str(), md5.as_str(), b.as_str(), a.as_str()]).unwrap();
        assert_eq!(
            hashes,
            [PackageHash::Sha256(Sha256Digest([0xab; 32])), PackageHash::Sha256(Sha256Digest([0xcd; 32]))]
        );
        assert!(file_hash("sha256").unwrap_err().contains("not ALGORITHM:HEX"));
        assert!(file_hash("sha256:abc").unwrap_err().contains("64 hex digits"));
        assert!(file_hash("blake2:00").unwrap_err().contains("not one pip knows"));
    }
}
