//! Go's `go.sum`.
//!
//! Each line is `MODULE VERSION h1:BASE64` (the hash of the module's zip
//! contents) or `MODULE VERSION/go.mod h1:BASE64` (the hash of its go.mod
//! alone). A module with only a `/go.mod` line had its go.mod consulted
//! during version selection; it is still listed, since go.sum is the only
//! record attest has of it. go.sum holds no dependency edges and does not
//! say which modules the main module requires directly, so packages carry no
//! dependencies and there are no root dependencies: those come from go.mod
//! (`gomod.rs`), whose packages `sbom generate` merges with go.sum's by purl
//! when both are in the tree.
//!
//! `h1:` is a hash over a directory listing, not over any file a verifier
//! could download and digest, so it is reported as the `attest:go:h1`
//! property and never among the hashes (docs/formats.md, "SBOM").

use std::collections::BTreeMap;

use base64ct::{Base64, Encoding};

use super::{Package, purl};
use crate::error::{Error, Result};

/// The property name of a module's `h1:` zip hash.
const H1_PROPERTY: &str = "attest:go:h1";

/// What go.sum says about one module version.
#[derive(Default)]
struct Module {
    /// The `h1:` hash of the module zip, when there is a zip line.
    h1: Option<String>,
    /// 1-based line of the first mention, for messages.
    line: usize,
}

/// Reads a go.sum into packages (not yet sorted); no root dependencies.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::malformed(doc, format!("not UTF-8: {e}")))?;
    let mut modules: BTreeMap<(&str, &str), Module> = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let fail = |reason: String| Error::malformed_at_line(doc, number, reason);
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_ascii_whitespace().collect();
        let [path, version, hash] = fields.as_slice() else {
            return Err(fail(format!("expected \"MODULE VERSION h1:HASH\", found {} fields", fields.len())));
        };
        let (version, zip) = match version.strip_suffix("/go.mod") {
            Some(v) => (v, false),
            None => (*version, true),
        };
        check_h1(hash).map_err(|r| fail(format!("module {path} {version}: {r}")))?;
        if !version.starts_with('v') {
            return Err(fail(format!("module {path}: version \"{version}\" does not start with \"v\"")));
        }
        let module = modules.entry((path, version)).or_insert_with(|| Module { h1: None, line: number });
        if zip {
            match &module.h1 {
                Some(old) if old != hash => {
                    return Err(fail(format!("module {path} {version}: a second, different h1 hash (first {old})")));
                }
                _ => module.h1 = Some((*hash).to_owned()),
            }
        }
    }
    let packages = modules
        .into_iter()
        .map(|((path, version), module)| {
            let purl = module_purl(path, version)
                .map_err(|r| Error::malformed_at_line(doc, module.line, format!("module {path} {version}: {r}")))?;
            Ok(Package {
                properties: module.h1.map(|h1| (H1_PROPERTY.to_owned(), h1)).into_iter().collect(),
                ..Package::new(path.to_owned(), version.to_owned(), purl, Vec::new())
            })
        })
        .collect::<Result<_>>()?;
    Ok((packages, Vec::new()))
}

/// Checks that `hash` is `h1:` and the base64 of 32 bytes (a SHA-256), so a
/// truncated or mangled line is refused rather than reported.
fn check_h1(hash: &str) -> std::result::Result<(), String> {
    let value = hash.strip_prefix("h1:").ok_or_else(|| format!("hash \"{hash}\" is not an h1: hash"))?;
    match Base64::decode_vec(value) {
        Ok(bytes) if bytes.len() == 32 => Ok(()),
        Ok(bytes) => Err(format!("h1 hash is {} bytes, not 32", bytes.len())),
        Err(_) => Err(format!("h1 hash \"{value}\" is not valid base64")),
    }
}

/// `pkg:golang/NAMESPACE/NAME@VERSION`: the module path's last segment is
/// the name and the segments before it the namespace, as the purl spec's
/// golang type says; the version keeps its `v`. Shared with go.mod's reader
/// so both files give one module the same purl.
pub(super) fn module_purl(path: &str, version: &str) -> std::result::Result<String, String> {
    let (namespace, name) = match path.rsplit_once('/') {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, path),
    };
    if name.is_empty() || namespace.is_some_and(|n| n.is_empty() || n.split('/').any(str::is_empty)) {
        return Err(format!("\"{path}\" is not a module path"));
    }
    purl("golang", namespace, name, version, None)
}

#[cfg(test)]
mod tests {
    use crate::lockfile::{Lockfile, LockfileKind};

    fn read(rel: &str) -> Lockfile {
        crate::lockfile::test_rows::fixture(LockfileKind::GoSum, rel)
    }

    fn err(text: &str) -> String {
        crate::lockfile::test_rows::error(LockfileKind::GoSum, text)
    }

    #[test]
    fn reads_modules_with_h1_as_a_property_never_a_hash() {
        let lock = read("go/go.sum");
        assert_eq!(lock.kind, LockfileKind::GoSum);
        assert!(lock.root_dependencies.is_empty());
        type Row<'a> = (&'a str, &'a str, &'a str, Vec<(String, String)>);
        let rows: Vec<Row> = lock
            .packages
            .iter()
            .map(|p| {
                assert!(p.hashes.is_empty() && p.dependencies.is_empty() && !p.dev);
                (p.purl.as_str(), p.name.as_str(), p.version.as_str(), p.properties.clone())
            })
            .collect();
        let h1 = |v: &str| vec![("attest:go:h1".to_owned(), v.to_owned())];
        assert_eq!(
            rows,
            [
                // Go module paths are case-sensitive: the purl keeps case.
                (
                    "pkg:golang/github.com/BurntSushi/toml@v1.3.2",
                    "github.com/BurntSushi/toml",
                    "v1.3.2",
                    h1("h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=")
                ),
                // Only its go.mod was needed: listed, with no h1.
                ("pkg:golang/github.com/davecgh/go-spew@v1.1.1", "github.com/davecgh/go-spew", "v1.1.1", vec![]),
                (
                    "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
                    "github.com/docker/docker",
                    "v24.0.7+incompatible",
                    h1("h1:Wo6l37AuwP3JaMnZa226lzVXGA3F9Ig1seQen0cKYlM=")
                ),
                (
                    "pkg:golang/github.com/google/go-cmp@v0.6.0",
                    "github.com/google/go-cmp",
                    "v0.6.0",
                    h1("h1:ofyhxvXcZhMsU5ulbFiLKl/XBFqE1GSq7atu8tAmTRI=")
                ),
                (
                    "pkg:golang/github.com/spf13/cobra@v1.8.0",
                    "github.com/spf13/cobra",
                    "v1.8.0",
                    h1("h1:7aJaZx1B85qltLMc546zn58BxxfZdR/W22ej9CFoEf0=")
                ),
                (
                    "pkg:golang/golang.org/x/sys@v0.15.0",
                    "golang.org/x/sys",
                    "v0.15.0",
                    h1("h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=")
                ),
                (
                    "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
                    "gopkg.in/yaml.v3",
                    "v3.0.1",
                    h1("h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=")
                ),
            ]
        );
    }

    #[test]
    fn malformed_lines_are_refused_with_their_line() {
        let good = "golang.org/x/sys v0.15.0 h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=\n";
        assert_eq!(
            err(&format!("{good}golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ\n")),
            "go.sum: malformed: line 2: module golang.org/x/text v0.14.0: h1 hash \"ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ\" is not valid base64"
        );
        assert_eq!(
            err(&format!("{good}golang.org/x/text v0.14.0\n")),
            "go.sum: malformed: line 2: expected \"MODULE VERSION h1:HASH\", found 2 fields"
        );
        assert!(err(&good.replace("h1:", "h2:")).contains("line 1: module golang.org/x/sys v0.15.0: hash"), "no h1");
        assert!(err(&good.replace("v0.15.0", "0.15.0")).contains("does not start with \"v\""));
        let other = good.replace("h48l", "h49l");
        assert!(
            err(&format!("{good}{other}"))
                .starts_with("go.sum: malformed: line 2: module golang.org/x/sys v0.15.0: a second, different h1 hash"),
            "conflict"
        );
        assert!(err("/x v1.0.0 h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=\n").contains("is not a module path"));
    }
}
