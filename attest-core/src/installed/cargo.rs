//! Cargo: `<name>-<version>/Cargo.toml` in Cargo's registry sources.

use super::{Installed, Installs, Lookup, MAX_METADATA_BYTES, expect_locked, parse_person, spdx_expression};
use crate::fsio::read_bounded;
use crate::lockfile::Package;

impl Installs {
    /// A crates.io package's `Cargo.toml` in the first registry index
    /// folder that has `NAME-VERSION/`. Named `$CARGO_HOME/registry/src/…`
    /// so no home folder or user name goes into the SBOM.
    pub(super) fn cargo(&self, pkg: &Package) -> Lookup {
        let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.+".contains(c));
        if pkg.first_party || pkg.purl.contains('?') || !plain(&pkg.name) || !plain(&pkg.version) {
            return Ok(None);
        }
        let folder = format!("{}-{}", pkg.name, pkg.version);
        let Some(index) = self.cargo_indexes.iter().find(|i| i.join(&folder).join("Cargo.toml").is_file()) else {
            return Ok(None);
        };
        let index_name = index.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let source = format!("$CARGO_HOME/registry/src/{index_name}/{folder}/Cargo.toml");
        let path = index.join(&folder).join("Cargo.toml");
        let bytes = read_bounded(&path, MAX_METADATA_BYTES, "Cargo.toml").map_err(|e| format!("{e}; not used"))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| format!("{source}: not UTF-8; not used"))?;
        let toml: toml::Table = text.parse().map_err(|e| format!("{source}: not TOML ({e}); not used"))?;
        let package = toml.get("package").and_then(toml::Value::as_table);
        let field = |key: &str| package.and_then(|p| p.get(key)).and_then(toml::Value::as_str).map(str::trim);
        expect_locked(&source, field("name"), field("version"), pkg)?;
        let authors = package.and_then(|p| p.get("authors")).and_then(toml::Value::as_array);
        let found = Installed {
            authors: authors
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_str)
                .map(parse_person)
                .filter(|p| p.name.is_some() || p.email.is_some())
                .collect(),
            license: field("license").and_then(spdx_expression),
            vcs: field("repository")
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .map(str::to_owned),
            source,
        };
        Ok((!found.is_empty()).then_some(found))
    }
}
