//! `attest sbom validate`: checks a CycloneDX JSON BOM, specVersion 1.4, 1.5 or 1.6.
//!
//! attest validates BOMs itself rather than through a typed model such as the
//! cyclonedx-bom crate's: that crate reads nothing newer than 1.5, drops
//! fields it does not know, and its validator is weak (mis-anchored hash
//! patterns, no hash-length check).
//! An SBOM made by another tool is signed as it is, so it is judged as the JSON
//! value it is, never through a typed model.
//!
//! The checks follow the official JSON schemas where attest walks (the BOM,
//! metadata, components, services, hashes, external references, licenses,
//! SWID tags, pedigree patches and issues, service data, properties,
//! dependencies): required fields, JSON types, enumerations of the BOM's own
//! version, closed objects (`additionalProperties: false`), and formats
//! (date-times anywhere, serial numbers, SPDX ids). They add what a schema
//! cannot say: the hash length of each algorithm, unique `bom-ref`s across
//! the whole BOM and dependencies that point at existing `bom-ref`s. Every
//! rule is one table entry or one branch of a single recursive walker,
//! parameterised by the spec version; differences from the schemas are
//! listed in `docs/sbom-validation.md`.

//!
//! [`rules`] holds the tables (enumerations, the fields of each closed
//! object, the kind of each member), [`walker`] the walk that applies them,
//! [`formats`] the checks of single values (serial numbers, SPDX ids).

mod formats;
mod rules;
mod walker;

use std::fmt;

use crate::jsontree::Json;

use rules::{Kind, Ver};
use walker::Walker;

/// One thing wrong with a BOM.
///
/// `path` is a JSON-pointer-like location (`/components/3/hashes/0/content`,
/// `""` for the whole document) so that a user can find the spot in the file;
/// `message` says what is wrong there and, where useful, what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Where the problem is (RFC 6901 escaping for `~` and `/` in keys).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "{path}: {}", self.message)
    }
}

/// The outcome of validating one BOM: the `specVersion` found and every
/// problem, so that a user fixes them all in one round rather than one per run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Validation {
    /// The document's `specVersion` when it is a string (even an unsupported one).
    pub spec_version: Option<String>,
    /// Every problem found, in walk order (object members in document order,
    /// array items by index, dangling dependency references last);
    /// empty means valid.
    pub problems: Vec<Problem>,
}

impl Validation {
    /// True when no problem was found.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Validates an already strictly-parsed JSON document (see
/// [`crate::json::check_strict`]) as a CycloneDX BOM of specVersion 1.4–1.6.
///
/// It never stops at the first problem. A document whose `specVersion` is
/// missing or unsupported is not checked further: which rules apply depends on it.
pub fn validate(bom: &Json<'_>) -> Validation {
    let Some(top) = bom.as_object() else {
        return Validation { spec_version: None, problems: vec![problem("", "a CycloneDX BOM must be a JSON object")] };
    };
    let spec = top.get("specVersion");
    let spec_version = spec.and_then(Json::as_str).map(str::to_owned);
    let ver = match spec {
        None => Err("required field \"specVersion\" is missing".to_owned()),
        Some(Json::String(s)) => Ver::parse(s).ok_or_else(|| {
            format!("specVersion \"{s}\" is not supported: attest validates CycloneDX 1.4, 1.5 and 1.6")
        }),
        Some(_) => Err("specVersion must be a string (\"1.4\", \"1.5\" or \"1.6\")".to_owned()),
    };
    match ver {
        Ok(ver) => {
            let mut walker = Walker::new(ver);
            walker.walk(bom, Kind::Bom);
            Validation { spec_version, problems: walker.finish() }
        }
        Err(message) => {
            let mut problems = Vec::new();
            if top.get("bomFormat").and_then(Json::as_str) != Some("CycloneDX") {
                problems.push(problem("/bomFormat", "bomFormat must be \"CycloneDX\""));
            }
            problems.push(problem("/specVersion", message));
            Validation { spec_version, problems }
        }
    }
}

pub(super) fn problem(path: &str, message: impl Into<String>) -> Problem {
    Problem { path: path.to_owned(), message: message.into() }
}

#[cfg(test)]
mod tests;
