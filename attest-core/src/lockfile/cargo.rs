//! `Cargo.lock`, format versions 1–4.
//!
//! Every version lists `[[package]]` tables with `name`, `version`, `source`
//! and `dependencies`. Versions 2–4 keep the archive checksum on the package;
//! version 1 keeps it in `[metadata]` under
//! `"checksum NAME VERSION (SOURCE)"` (and very old files put the root
//! package in a `[root]` table). Dependencies are written `NAME`, `NAME
//! VERSION` or `NAME VERSION (SOURCE)`: as much as it takes to be unique.
//! Packages without a source are path or workspace members.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{Package, PackageHash, purl, vcs_url};
use crate::digest::Sha256Digest;
use crate::error::{Error, Result};

/// The crates.io index as Cargo writes it in `source`, git and sparse.
const CRATES_IO: [&str; 2] =
    ["registry+https://github.com/rust-lang/crates.io-index", "sparse+https://index.crates.io/"];

/// The newest format version understood; a newer one may change meaning.
const MAX_VERSION: u32 = 4;

#[derive(Deserialize)]
struct RawLock {
    version: Option<u32>,
    root: Option<RawPackage>,
    #[serde(default)]
    package: Vec<RawPackage>,
    #[serde(default)]
    metadata: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: Spanned<String>,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

/// A package with what the lockfile says about it, located for messages.
struct Entry {
    raw: RawPackage,
    /// `name version` and the line, for messages.
    at: String,
    purl: String,
    checksum: Option<Sha256Digest>,
}

/// Reads a Cargo.lock into third-party packages (not yet sorted or merged)
/// and the dependencies of the workspace's own crates.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let lock: RawLock = toml::from_slice(bytes).map_err(|e| Error::malformed_toml(doc, bytes, &e))?;
    if let Some(v) = lock.version.filter(|v| !(1..=MAX_VERSION).contains(v)) {
        return Err(Error::malformed_field(
            doc,
            "version",
            format!("Cargo.lock format {v} is not supported (1 to {MAX_VERSION} are)"),
        ));
    }
    let mut metadata = metadata_checksums(&lock.metadata, doc)?;
    let raws = lock.root.into_iter().chain(lock.package);
    let entries = raws.map(|raw| entry(raw, bytes, &mut metadata, doc)).collect::<Result<Vec<_>>>()?;
    let mut by_name: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in &entries {
        let same = by_name.entry(e.raw.name.get_ref()).or_default();
        if same.iter().any(|o| o.raw.version == e.raw.version && o.raw.source == e.raw.source) {
            return Err(Error::malformed(doc, format!("package {} is listed twice", e.at)));
        }
        same.push(e);
    }
    // Packages without a source are the workspace's own crates (members and
    // path dependencies): first-party components of the product, which
    // depends on those no other crate depends on (`super::parse_with_manifest`).
    let packages = entries.iter().map(|e| package(e, &by_name, doc)).collect::<Result<Vec<_>>>()?;
    Ok((packages, Vec::new()))
}

/// Version 1's `[metadata]` checksums, keyed by `NAME VERSION (SOURCE)`.
/// `<none>` is how Cargo wrote "no checksum known".
fn metadata_checksums<'a>(metadata: &'a BTreeMap<String, toml::Value>, doc: &str) -> Result<HashMap<&'a str, &'a str>> {
    let mut out = HashMap::new();
    for (key, value) in metadata {
        let Some(id) = key.strip_prefix("checksum ") else { continue };
        let hex = value
            .as_str()
            .ok_or_else(|| Error::malformed_field(doc, "metadata", format!("\"{key}\" is not a string")))?;
        if hex != "<none>" {
            out.insert(id, hex);
        }
    }
    Ok(out)
}

/// Checks one `[[package]]` and works out its purl and checksum.
fn entry(raw: RawPackage, text: &[u8], metadata: &mut HashMap<&str, &str>, doc: &str) -> Result<Entry> {
    let at = format!("{} {} (line {})", raw.name.get_ref(), raw.version, line_of(text, raw.name.span()));
    let fail = |reason: String| Error::malformed(doc, format!("package {at}: {reason}"));
    let from_metadata = raw
        .source
        .as_ref()
        .and_then(|s| metadata.remove(format!("{} {} ({s})", raw.name.get_ref(), raw.version).as_str()));
    let checksum = match (raw.checksum.as_deref(), from_metadata) {
        (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b) => {
            return Err(fail(format!("checksum {a:?} disagrees with the [metadata] checksum {b:?}")));
        }
        (Some(hex), _) | (None, Some(hex)) => {
            Some(Sha256Digest::from_hex(hex).map_err(|e| fail(format!("checksum: {e}")))?)
        }
        (None, None) => None,
    };
    let qualifier = raw.source.as_deref().map(source_qualifier).transpose().map_err(&fail)?.flatten();
    let purl = purl("cargo", None, raw.name.get_ref(), &raw.version, qualifier.as_ref()).map_err(&fail)?;
    Ok(Entry { raw, at, purl, checksum })
}

/// The purl qualifier that says where a package came from: none for
/// crates.io, `repository_url` for another registry, `vcs_url` for git.
fn source_qualifier(source: &str) -> std::result::Result<Option<(&'static str, String)>, String> {
    if CRATES_IO.contains(&source) {
        Ok(None)
    } else if let Some(index) = source.strip_prefix("registry+").or_else(|| source.strip_prefix("sparse+")) {
        Ok(Some(("repository_url", index.to_owned())))
    } else if source.starts_with("git+") {
        match source.split_once('#') {
            Some((_, commit)) if !commit.is_empty() => Ok(Some(("vcs_url", vcs_url(source)))),
            _ => Err(format!("source {source:?} does not pin a commit")),
        }
    } else {
        Err(format!("source {source:?} is of a kind attest does not know"))
    }
}

/// The package with its dependencies resolved to purls.
fn package(e: &Entry, by_name: &HashMap<&str, Vec<&Entry>>, doc: &str) -> Result<Package> {
    let dependencies = e.raw.dependencies.iter().map(|spec| {
        resolve(spec, by_name)
            .map_err(|reason| Error::malformed(doc, format!("package {}: dependency \"{spec}\" {reason}", e.at)))
    });
    let hashes = e.checksum.map(PackageHash::Sha256).into_iter().collect();
    Ok(Package {
        dependencies: dependencies.collect::<Result<_>>()?,
        first_party: e.raw.source.is_none(),
        ..Package::new(e.raw.name.get_ref().clone(), e.raw.version.clone(), e.purl.clone(), hashes)
    })
}

/// Finds the one package a dependency entry (`NAME [VERSION [(SOURCE)]]`)
/// names and returns its purl.
fn resolve(spec: &str, by_name: &HashMap<&str, Vec<&Entry>>) -> std::result::Result<String, String> {
    let mut parts = spec.splitn(3, ' ');
    let name = parts.next().unwrap_or_default();
    let version = parts.next();
    let source = match parts.next() {
        Some(s) => {
            Some(s.strip_prefix('(').and_then(|s| s.strip_suffix(')')).ok_or("has a source not in parentheses")?)
        }
        None => None,
    };
    let same_name = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
    let matches: Vec<&&Entry> = same_name
        .iter()
        .filter(|e| {
            version.is_none_or(|v| e.raw.version == v) && source.is_none_or(|s| e.raw.source.as_deref() == Some(s))
        })
        .collect();
    // As Cargo's own reader (`resolver/encode.rs`) decides: a path crate
    // never has its source written, so when a version without a source
    // matches several packages, it names the one path crate among them.
    let chosen = match matches.as_slice() {
        [_, _, ..] if version.is_some() && source.is_none() => {
            let path: Vec<&&&Entry> = matches.iter().filter(|e| e.raw.source.is_none()).collect();
            match path.as_slice() {
                [one] => Some(***one),
                _ => None,
            }
        }
        [one] => Some(**one),
        _ => None,
    };
    match (chosen, matches.len()) {
        (Some(e), _) => Ok(e.purl.clone()),
        (None, 0) => Err("matches no package in the lockfile".to_owned()),
        (None, n) => Err(format!("is ambiguous: {n} packages match")),
    }
}

/// The 1-based line of the start of `span` in `text`.
fn line_of(text: &[u8], span: Range<usize>) -> usize {
    text.get(..span.start).map_or(0, |before| before.iter().filter(|&&b| b == b'\n').count()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfile::{Lockfile, LockfileKind};

    fn read(rel: &str) -> Lockfile {
        crate::lockfile::test_rows::fixture(LockfileKind::Cargo, rel)
    }

    fn err(text: &str) -> String {
        crate::lockfile::test_rows::error(LockfileKind::Cargo, text)
    }

    /// (purl, sha256 hex or "", dependency purls) of every package.
    fn summary(lock: &Lockfile) -> Vec<(String, String, Vec<String>)> {
        lock.packages
            .iter()
            .map(|p| {
                let hash = match p.hashes.as_slice() {
                    [PackageHash::Sha256(d)] => d.to_hex(),
                    [] => String::new(),
                    other => panic!("unexpected hashes {other:?}"),
                };
                (p.purl.clone(), hash, p.dependencies.clone())
            })
            .collect()
    }

    fn expect(rows: &[(&str, &str, &[&str])]) -> Vec<(String, String, Vec<String>)> {
        rows.iter().map(|(p, h, d)| (p.to_string(), h.to_string(), d.iter().map(|s| s.to_string()).collect())).collect()
    }

    const TINYJSON: &str = "pkg:cargo/tinyjson@2.5.1?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Frhysd%2Ftinyjson%4087d3e1e4cf4e5a7bb4b1a3a3e8bd5cd0e8c7b2a1";
    const METRICS: &str = "pkg:cargo/internal-metrics@0.3.0?repository_url=https:%2F%2Fcargo.example.com%2Findex%2F";

    #[test]
    fn reads_v4_with_registry_git_alternate_registry_and_path_packages() {
        let lock = read("cargo-v4/Cargo.lock");
        assert_eq!(lock.kind, LockfileKind::Cargo);
        // The workspace members demo-cli and demo-core are first-party
        // components; demo-cli, which nothing depends on, is the product's
        // direct dependency, and demo-core is demo-cli's.
        assert_eq!(lock.root_dependencies, ["pkg:cargo/demo-cli@0.1.0"]);
        assert_eq!(
            summary(&lock),
            expect(&[
                ("pkg:cargo/anyhow@1.0.86", "b82c73a0656d8c72535119e54067dccb1e8042a9c8adec8dbe0cd8b024894a33", &[]),
                (
                    "pkg:cargo/demo-cli@0.1.0",
                    "",
                    &[
                        "pkg:cargo/anyhow@1.0.86",
                        "pkg:cargo/demo-core@0.1.0",
                        "pkg:cargo/itoa@1.0.11",
                        "pkg:cargo/serde@1.0.203"
                    ]
                ),
                (
                    "pkg:cargo/demo-core@0.1.0",
                    "",
                    &[METRICS, "pkg:cargo/itoa@0.4.8", "pkg:cargo/serde@1.0.203", TINYJSON]
                ),
                (METRICS, "fc740f4e84790b803c6900740542625cd9a03624dd27b70cd8d1ec63d770bf79", &[]),
                ("pkg:cargo/itoa@0.4.8", "b0e01b549ece48e71f9b821e8529aa51c9bad99a7883cb9bc8026529422bcb2b", &[]),
                ("pkg:cargo/itoa@1.0.11", "e9c390369412f74363234f6dc1306c85b6e8ff7fd65906ce664013d2bc1bff0e", &[]),
                (
                    "pkg:cargo/proc-macro2@1.0.85",
                    "8ac5c1345007bb05baf23f89f68008a11a19d138cdb3743e0b540b10bda18446",
                    &["pkg:cargo/unicode-ident@1.0.12"]
                ),
                (
                    "pkg:cargo/quote@1.0.36",
                    "94146c1141ad7cff7c864cca7fdcc85d839d2038aa1e601c3e23ff9c16cd62ef",
                    &["pkg:cargo/proc-macro2@1.0.85"]
                ),
                (
                    "pkg:cargo/serde@1.0.203",
                    "76b051e29dbdc9f74b5f6d993168200bcd96043405adce4922d414362cb2d958",
                    &["pkg:cargo/serde_derive@1.0.203"]
                ),
                (
                    "pkg:cargo/serde_derive@1.0.203",
                    "f8245c18773313646feffbb65e78e036d2ec56c19865eccfdfaa3a433a4a7a65",
                    &["pkg:cargo/proc-macro2@1.0.85", "pkg:cargo/quote@1.0.36"],
                ),
                (TINYJSON, "", &[]),
                (
                    "pkg:cargo/unicode-ident@1.0.12",
                    "af56d69588f0bbbff0f320d324a0d8a814a0707b6e5c90a238de290be8905769",
                    &[]
                ),
            ])
        );
        assert!(lock.packages.iter().all(|p| p.name.starts_with("demo-") == p.first_party && !p.dev));
    }

    #[test]
    fn reads_v1_with_metadata_checksums_and_full_dependency_ids() {
        let lock = read("cargo-v1/Cargo.lock");
        assert_eq!(
            summary(&lock),
            expect(&[
                ("pkg:cargo/cfg-if@0.1.10", "74fd001bd1a333159a0d4c767710388610b95c570c27c195aa42b12b2eaf641d", &[]),
                ("pkg:cargo/cfg-if@1.0.0", "69979c4d2aadabff98b61cef69367678fcc0452c95461c61001a0314ad49f266", &[]),
                (
                    "pkg:cargo/getrandom@0.1.14",
                    "ae72b68465298851fd5f2731b91daafc6b093f88245bfdd6ec18e2fdb58a8666",
                    &["pkg:cargo/cfg-if@0.1.10", "pkg:cargo/libc@0.2.66"],
                ),
                ("pkg:cargo/legacy-app@0.1.0", "", &["pkg:cargo/local-helper@0.1.0", "pkg:cargo/log@0.4.8"]),
                ("pkg:cargo/libc@0.2.66", "", &[]),
                ("pkg:cargo/local-helper@0.1.0", "", &["pkg:cargo/cfg-if@1.0.0", "pkg:cargo/getrandom@0.1.14"]),
                (
                    "pkg:cargo/log@0.4.8",
                    "af11d157141d72e57c254fe1b0becdf35fa1c25758c2a59452378b958c51f36d",
                    &["pkg:cargo/cfg-if@0.1.10"]
                ),
            ])
        );
        assert_eq!(lock.root_dependencies, ["pkg:cargo/legacy-app@0.1.0"]);
    }

    const HEADER: &str = "version = 3\n\n";

    #[test]
    fn bad_checksum_names_the_package_and_line() {
        let text = format!(
            "{HEADER}[[package]]\nname = \"ryu\"\nversion = \"1.0.18\"\nsource = \"{}\"\nchecksum = \"f3cb5\"\n",
            CRATES_IO[0]
        );
        let e = err(&text);
        assert_eq!(
            e,
            "Cargo.lock: malformed: package ryu 1.0.18 (line 4): checksum: sha256 digest must be 64 hex digits, found 5"
        );
        let text = text.replace("f3cb5", &"zz".repeat(32));
        assert!(err(&text).contains("package ryu 1.0.18 (line 4): checksum: sha256 digest is not hexadecimal"));
    }

    #[test]
    fn unresolvable_and_ambiguous_dependencies_are_refused() {
        let pkg = |name: &str, version: &str, deps: &str| {
            format!("[[package]]\nname = \"{name}\"\nversion = \"{version}\"\ndependencies = [{deps}]\n\n")
        };
        let e = err(&format!("{HEADER}{}", pkg("app", "0.1.0", "\"missing\"")));
        assert_eq!(
            e,
            "Cargo.lock: malformed: package app 0.1.0 (line 4): dependency \"missing\" matches no package in the lockfile"
        );
        let two = format!("{}{}", pkg("itoa", "0.4.8", ""), pkg("itoa", "1.0.11", ""));
        let e = err(&format!("{HEADER}{two}{}", pkg("app", "0.1.0", "\"itoa\"")));
        assert!(e.ends_with("package app 0.1.0 (line 14): dependency \"itoa\" is ambiguous: 2 packages match"), "{e}");
        let e = err(&format!("{HEADER}{two}{}", pkg("app", "0.1.0", "\"itoa 2.0.0\"")));
        assert!(e.contains("dependency \"itoa 2.0.0\" matches no package"), "{e}");
        let e = err(&format!("{HEADER}{}", pkg("app", "0.1.0", "\"app 0.1.0 (registry+https://x)\"")));
        assert!(e.contains("dependency \"app 0.1.0 (registry+https://x)\" matches no package"), "{e}");
    }

    #[test]
    fn other_malformed_lockfiles_are_refused() {
        let e = err("version = 5\n");
        assert_eq!(e, "Cargo.lock: malformed: version: Cargo.lock format 5 is not supported (1 to 4 are)");
        let e = err("[[package]]\nname = \"a\"\nname = \"b\"\nversion = \"1\"\n");
        assert!(e.contains("duplicate key"), "{e}");
        let e = err("[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\nname = \"a\"\nversion = \"1\"\n");
        assert_eq!(e, "Cargo.lock: malformed: package a 1 (line 6) is listed twice");
        let e = err("[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"git+https://example.com/a\"\n");
        assert!(e.contains("package a 1 (line 2): source \"git+https://example.com/a\" does not pin a commit"), "{e}");
        let e = err("[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"ftp+x\"\n");
        assert!(e.contains("does not know"), "{e}");
        let mismatch = format!(
            "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"{0}\"\nchecksum = \"{1}\"\n\n[metadata]\n\"checksum a 1 ({0})\" = \"{2}\"\n",
            CRATES_IO[0],
            "1".repeat(64),
            "2".repeat(64)
        );
        assert!(err(&mismatch).contains("disagrees with the [metadata] checksum"));
    }

    #[test]
    fn root_table_and_none_checksums_of_old_lockfiles_are_read() {
        let text = format!(
            "[root]\nname = \"old\"\nversion = \"0.1.0\"\ndependencies = [\"a 1.0.0 ({0})\"]\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"{0}\"\n\n[metadata]\n\"checksum a 1.0.0 ({0})\" = \"<none>\"\n",
            CRATES_IO[1]
        );
        let lock = crate::lockfile::parse(LockfileKind::Cargo, text.as_bytes(), "Cargo.lock").unwrap();
        assert_eq!(
            summary(&lock),
            expect(&[("pkg:cargo/a@1.0.0", "", &[]), ("pkg:cargo/old@0.1.0", "", &["pkg:cargo/a@1.0.0"])])
        );
        assert_eq!(lock.root_dependencies, ["pkg:cargo/old@0.1.0"]);
    }
}
