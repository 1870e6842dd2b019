//! Which crates of a Cargo.lock only development needs, from the
//! workspace's own `Cargo.toml` files.
//!
//! Cargo.lock records every dependency of a workspace crate, its
//! `[dev-dependencies]` (tests, examples, benches) among them, without
//! saying which is which. The crate's Cargo.toml says: a dependency named
//! only under `[dev-dependencies]` (or `[target.….dev-dependencies]`) is not
//! built into the product. So, as for the ecosystems whose lockfiles mark
//! them, a crate is development-only when the workspace's crates reach it
//! only through such an edge (docs/lockfiles.md).

use std::collections::{HashMap, HashSet};

use toml::Value;

use super::Lockfile;
use crate::error::{Error, Result};

/// What one `Cargo.toml` of the workspace says.
#[derive(Debug, Clone, Default)]
pub struct CargoManifest {
    /// `[package] name`; `None` for a virtual manifest (a workspace root
    /// without a package).
    name: Option<String>,
    /// The package names under `[dependencies]` and `[build-dependencies]`
    /// (target-specific ones too), renames (`package = "…"`) resolved.
    normal: HashSet<String>,
    /// `[workspace.dependencies]`: key → package name, for members that
    /// write `dep = { workspace = true }`.
    workspace: HashMap<String, String>,
    /// Dependency keys that inherit from the workspace (`workspace = true`)
    /// in a normal table, resolved once every manifest is read.
    inherited: Vec<String>,
}

/// Reads one Cargo.toml (size-bounded by the caller).
pub fn read_manifest(bytes: &[u8], doc: &str) -> Result<CargoManifest> {
    let value: Value = toml::from_slice(bytes).map_err(|e| Error::malformed_toml(doc, bytes, &e))?;
    let mut m = CargoManifest {
        name: value.get("package").and_then(|p| p.get("name")).and_then(Value::as_str).map(str::to_owned),
        ..CargoManifest::default()
    };
    let mut tables: Vec<&Value> = ["dependencies", "build-dependencies"].iter().filter_map(|t| value.get(*t)).collect();
    if let Some(targets) = value.get("target").and_then(Value::as_table) {
        for target in targets.values() {
            tables.extend(["dependencies", "build-dependencies"].iter().filter_map(|t| target.get(*t)));
        }
    }
    for table in tables.iter().filter_map(|t| t.as_table()) {
        for (key, spec) in table {
            if spec.get("workspace").and_then(Value::as_bool) == Some(true) {
                m.inherited.push(key.clone());
            } else {
                m.normal.insert(package_name(key, spec));
            }
        }
    }
    if let Some(deps) = value.get("workspace").and_then(|w| w.get("dependencies")).and_then(Value::as_table) {
        m.workspace = deps.iter().map(|(key, spec)| (key.clone(), package_name(key, spec))).collect();
    }
    Ok(m)
}

/// The package a dependency entry names: its `package` when renamed.
fn package_name(key: &str, spec: &Value) -> String {
    spec.get("package").and_then(Value::as_str).unwrap_or(key).to_owned()
}

/// Marks `lock`'s development-only crates from the workspace's
/// `manifests`. `Err` lists the first-party crates without a manifest
/// among them: then nothing is marked, since an edge of an unknown crate
/// could be a run-time one.
pub fn mark_dev(lock: &mut Lockfile, manifests: &[CargoManifest]) -> std::result::Result<(), Vec<String>> {
    let workspace: HashMap<&str, &str> =
        manifests.iter().flat_map(|m| m.workspace.iter().map(|(k, v)| (k.as_str(), v.as_str()))).collect();
    let mut normal_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for m in manifests {
        let Some(name) = m.name.as_deref() else { continue };
        let inherited = m.inherited.iter().map(|k| workspace.get(k.as_str()).copied().unwrap_or(k.as_str()));
        normal_of.entry(name).or_default().extend(m.normal.iter().map(String::as_str).chain(inherited));
    }
    let missing: Vec<String> = lock
        .packages
        .iter()
        .filter(|p| p.first_party && !normal_of.contains_key(p.name.as_str()))
        .map(|p| p.name.clone())
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let name_of: HashMap<&str, &str> = lock.packages.iter().map(|p| (p.purl.as_str(), p.name.as_str())).collect();
    // Edges that are built into the product: all of a registry crate's
    // (Cargo.lock lists no dev-dependencies of those), and a workspace
    // crate's to the packages its manifest names outside dev-dependencies.
    let edges: HashMap<String, Vec<String>> = lock
        .packages
        .iter()
        .map(|p| {
            let normal = normal_of.get(p.name.as_str()).filter(|_| p.first_party);
            let deps = p.dependencies.iter().filter(|d| match normal {
                Some(names) => name_of.get(d.as_str()).is_some_and(|n| names.contains(n)),
                None => true,
            });
            (p.purl.clone(), deps.cloned().collect())
        })
        .collect();
    let start = lock.packages.iter().filter(|p| p.first_party).map(|p| p.purl.clone()).collect();
    let needed = super::reachable(start, &edges);
    for p in &mut lock.packages {
        p.dev = !p.first_party && !needed.contains(&p.purl);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_reached_only_through_dev_dependencies_is_development_only() {
        let lock_text = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"serde\", \"proptest\", \"util\"]\n\n\
            [[package]]\nname = \"util\"\nversion = \"0.1.0\"\ndependencies = [\"itoa\"]\n\n\
            [[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\ndependencies = [\"itoa\"]\n\n\
            [[package]]\nname = \"proptest\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\ndependencies = [\"bitflags\"]\n\n\
            [[package]]\nname = \"bitflags\"\nversion = \"2.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n\
            [[package]]\nname = \"itoa\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let mut lock =
            super::super::parse(super::super::LockfileKind::Cargo, lock_text.as_bytes(), "Cargo.lock").unwrap();
        let app = read_manifest(
            b"[package]\nname = \"app\"\n[dependencies]\nserde = { workspace = true }\nutil = { path = \"util\" }\n[dev-dependencies]\nproptest = \"1\"\n[workspace.dependencies]\nserde = \"1\"\n",
            "Cargo.toml",
        )
        .unwrap();
        // Without util's manifest nothing is marked.
        assert_eq!(mark_dev(&mut lock, std::slice::from_ref(&app)), Err(vec!["util".to_owned()]));
        assert!(lock.packages.iter().all(|p| !p.dev));
        let util = read_manifest(
            b"[package]\nname = \"util\"\n[target.'cfg(unix)'.dependencies]\nitoa = \"1\"\n",
            "util/Cargo.toml",
        )
        .unwrap();
        mark_dev(&mut lock, &[app, util]).unwrap();
        let dev: Vec<&str> = lock.packages.iter().filter(|p| p.dev).map(|p| p.name.as_str()).collect();
        assert_eq!(dev, ["bitflags", "proptest"]);
    }
}
