//! What a Python project's `pyproject.toml` says that its poetry.lock does
//! not: the project's own name and its direct dependencies (PEP 621
//! `[project]`, PEP 735 `[dependency-groups]`, and Poetry's
//! `[tool.poetry]` tables), so the product is linked into the graph.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Manifest;
use super::pypi::normalise_name;
use crate::error::{Error, Result};

/// The project, names PEP 503-normalised.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Project {
    /// The project's own name.
    pub name: Option<String>,
    /// The names of its direct dependencies, runtime and development, each once.
    pub dependencies: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Raw {
    project: Option<RawProject>,
    #[serde(default)]
    dependency_groups: BTreeMap<String, Vec<toml::Value>>,
    tool: Option<RawTool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawProject {
    name: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct RawTool {
    poetry: Option<RawPoetry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawPoetry {
    name: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    group: BTreeMap<String, RawGroup>,
}

#[derive(Deserialize)]
struct RawGroup {
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

/// Reads the project's name and direct dependencies.
pub(super) fn read(manifest: Manifest<'_>) -> Result<Project> {
    let raw: Raw =
        toml::from_slice(manifest.bytes).map_err(|e| Error::malformed_toml(manifest.doc, manifest.bytes, &e))?;
    let poetry = raw.tool.and_then(|t| t.poetry);
    let name =
        raw.project.as_ref().and_then(|p| p.name.clone()).or_else(|| poetry.as_ref().and_then(|p| p.name.clone()));
    let mut names: Vec<String> = Vec::new();
    if let Some(project) = &raw.project {
        let specs = project.dependencies.iter().chain(project.optional_dependencies.values().flatten());
        names.extend(specs.filter_map(|s| requirement_name(s)).map(str::to_owned));
    }
    // PEP 735 groups hold requirement strings and `{include-group = …}` tables.
    let groups = raw.dependency_groups.values().flatten().filter_map(|v| v.as_str());
    names.extend(groups.filter_map(requirement_name).map(str::to_owned));
    if let Some(poetry) = poetry {
        let tables = [poetry.dependencies, poetry.dev_dependencies].into_iter();
        let tables = tables.chain(poetry.group.into_values().map(|g| g.dependencies));
        names.extend(tables.flat_map(|t| t.into_keys()).filter(|n| n != "python"));
    }
    let mut dependencies: Vec<String> = names.iter().map(|n| normalise_name(n)).collect();
    dependencies.sort();
    dependencies.dedup();
    Ok(Project { name: name.map(|n| normalise_name(&n)), dependencies })
}

/// The project name at the start of a PEP 508 requirement
/// (`requests[socks]>=2; python_version>"3.8"` → `requests`).
fn requirement_name(spec: &str) -> Option<&str> {
    let spec = spec.trim_start();
    let end = spec.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(spec.len());
    spec.get(..end).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pep_621_pep_735_and_poetry_tables() {
        let text = r#"
[project]
name = "My_App"
dependencies = ["requests[socks]>=2; python_version > '3.8'", "Click"]
[project.optional-dependencies]
fast = ["orjson"]
[dependency-groups]
lint = ["ruff==0.5", {include-group = "test"}]
[tool.poetry]
name = "ignored"
[tool.poetry.dependencies]
python = "^3.9"
tomli = "*"
[tool.poetry.group.test.dependencies]
pytest = "^8"
"#;
        let p = read(Manifest { bytes: text.as_bytes(), doc: "pyproject.toml" }).unwrap();
        assert_eq!(p.name.as_deref(), Some("my-app"));
        assert_eq!(p.dependencies, ["click", "orjson", "pytest", "requests", "ruff", "tomli"]);
    }

    #[test]
    fn a_broken_manifest_is_refused_with_its_name() {
        let e = read(Manifest { bytes: b"[project\n", doc: "pyproject.toml" }).unwrap_err().to_string();
        assert!(e.starts_with("pyproject.toml: malformed"), "{e}");
    }
}
