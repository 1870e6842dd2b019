//! A state's national policy (docs/formats.md "Policy") and its evaluation.
//!
//! The policy is attest's own format: every struct refuses unknown fields
//! and nulls, so a misspelt rule (`requirePurls`, docs/threat-model.md T30) is a
//! malformed document, never a rule silently dropped. Every section and
//! every rule is optional; an absent rule requires nothing, except
//! `components.unknown`, which defaults to `deny`.
//!
//! [`apply`] reports *every* rule, `skip` for those the policy does not
//! set, so that a regulator sees the whole evaluation and not only what
//! failed. The schema is `schemas/policy.schema.json`.
//!
//! This module holds the format: the policy's sections and the checks serde
//! cannot express. `rules` holds [`apply`] and each rule's judgement; the
//! unit tests are in `tests`.

mod rules;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::json::parse_own;
use crate::profile::Profile;

pub use rules::{PRODUCT_RULE, RuleResult, apply};

/// CycloneDX versions a policy may name (the ones attest reads).
pub const SPEC_VERSIONS: &[&str] = &["1.4", "1.5", "1.6"];

/// CycloneDX hash algorithm names (the `alg` enumeration of 1.4–1.6).
pub const HASH_ALGORITHMS: &[&str] = &[
    "MD5",
    "SHA-1",
    "SHA-256",
    "SHA-384",
    "SHA-512",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
    "BLAKE2b-256",
    "BLAKE2b-384",
    "BLAKE2b-512",
    "BLAKE3",
];

/// A national policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Policy {
    /// Stable id (`kz-import-2026`), pinned with the digest in certificates.
    pub id: String,
    /// The state whose policy it is.
    pub jurisdiction: String,
    /// Rules about the SBOM document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbom: Option<SbomRules>,
    /// Rules about the vendor's signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures: Option<SignatureRules>,
    /// Rules about the components' provenance and licences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<ComponentRules>,
    /// What a certificate issued under this policy says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateRules>,
    /// What a verifier under this policy accepts of other states'
    /// certificates (`certify verify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition: Option<RecognitionRules>,
}

/// Which certificate classes a verifier accepts, in its own jurisdiction's
/// names; another state's class counts through a granted equivalence of the
/// federation list (docs/mutual-recognition.md).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RecognitionRules {
    /// The accepted classes (`basic`).
    pub accept_classes: Vec<String>,
}

/// Rules about the SBOM document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SbomRules {
    /// Accepted CycloneDX `specVersion`s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_versions: Option<Vec<String>>,
    /// Hash algorithms (CycloneDX names, `SHA-256`) every component carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_hashes: Option<Vec<String>>,
    /// Every component that is not a file has a purl.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_purl: Option<bool>,
    /// `metadata.timestamp` at most this many days before the evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<u32>,
    /// Conformance profiles the SBOM must meet, every requirement of each
    /// (`docs/sbom-profiles.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<Profile>>,
}

/// Rules about the vendor's signatures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SignatureRules {
    /// Distinct granted supplier keys that must have signed the attestation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_supplier_signatures: Option<u32>,
}

/// What to do about components of unknown provenance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownAction {
    /// Fail when more are unknown than `maxUnknown` allows (default 0).
    #[default]
    Deny,
    /// Warn about unknown components, never fail for them.
    Warn,
    /// Accept them (`maxUnknown` still caps them when set).
    Allow,
}

/// How components with CycloneDX scope `excluded` (development and test
/// only) are judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExcludedAction {
    /// Like every other component (the default: an SBOM's scope is the
    /// vendor's word, and build tools still run on the build machine).
    #[default]
    Judge,
    /// Not counted by `unknown` and `maxUnknown`; a blocked (revoked or
    /// mismatched) one still fails.
    Ignore,
}

/// Rules about the components.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ComponentRules {
    /// What to do about `unknown` components; `deny` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<UnknownAction>,
    /// The most `unknown` components accepted, whatever `unknown` says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unknown: Option<u32>,
    /// How components of scope `excluded` are judged; `judge` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<ExcludedAction>,
    /// SPDX licence ids no component (nor the product) may carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_licenses: Option<Vec<String>>,
    /// Whether every component (and the product) must state a licence: a
    /// licence rule cannot judge a component with no licence data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_license: Option<bool>,
}

/// What a certificate issued under the policy says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CertificateRules {
    /// The certificate class (`standard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Validity of an issued certificate, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_days: Option<u32>,
}

crate::error::value_error!(
    /// Which rule of a policy serde cannot express is broken (an empty id,
    /// a zero count, an unknown value); the message names the field.
    PolicyError
);

impl Policy {
    /// Parses a policy strictly (duplicate keys, unknown fields and nulls
    /// refused) and runs [`Policy::check`]. `doc` names the file in errors.
    pub fn from_json(bytes: &[u8], doc: &str) -> Result<Policy> {
        let policy: Policy = parse_own(bytes, doc)?;
        policy.check().map_err(|r| Error::malformed(doc, r))?;
        Ok(policy)
    }

    /// The rules serde cannot express. `Err` names the field.
    pub fn check(&self) -> std::result::Result<(), PolicyError> {
        non_empty("id", &self.id)?;
        non_empty("jurisdiction", &self.jurisdiction)?;
        if let Some(s) = &self.sbom {
            one_of_each("sbom.specVersions", s.spec_versions.as_deref(), SPEC_VERSIONS)?;
            one_of_each("sbom.requireHashes", s.require_hashes.as_deref(), HASH_ALGORITHMS)?;
            positive("sbom.maxAgeDays", s.max_age_days)?;
            if let Some(p) = &s.profiles {
                if p.is_empty() {
                    return Err("`sbom.profiles` is empty; leave it out to require nothing".into());
                }
                if p.iter().collect::<std::collections::BTreeSet<_>>().len() != p.len() {
                    return Err("`sbom.profiles` names a profile twice".into());
                }
            }
        }
        if let Some(s) = &self.signatures {
            positive("signatures.minSupplierSignatures", s.min_supplier_signatures)?;
        }
        if let Some(c) = &self.components {
            for (i, l) in c.denied_licenses.iter().flatten().enumerate() {
                non_empty(&format!("components.deniedLicenses[{i}]"), l)?;
            }
        }
        if let Some(c) = &self.certificate {
            c.class.as_deref().map_or(Ok(()), |class| non_empty("certificate.class", class))?;
            positive("certificate.validityDays", c.validity_days)?;
        }
        if let Some(r) = &self.recognition {
            if r.accept_classes.is_empty() {
                return Err("`recognition.acceptClasses` is empty; leave `recognition` out to accept any class".into());
            }
            for (i, c) in r.accept_classes.iter().enumerate() {
                non_empty(&format!("recognition.acceptClasses[{i}]"), c)?;
            }
        }
        Ok(())
    }
}

fn non_empty(field: &str, value: &str) -> std::result::Result<(), String> {
    if value.trim().is_empty() { Err(format!("`{field}` must not be empty")) } else { Ok(()) }
}

fn positive(field: &str, value: Option<u32>) -> std::result::Result<(), String> {
    if value == Some(0) { Err(format!("`{field}` must be at least 1")) } else { Ok(()) }
}

/// A list that is absent, or non-empty with every item among `allowed`.
fn one_of_each(field: &str, values: Option<&[String]>, allowed: &[&str]) -> std::result::Result<(), String> {
    let Some(values) = values else { return Ok(()) };
    if values.is_empty() {
        return Err(format!("`{field}` is empty; leave it out to require nothing"));
    }
    match values.iter().find(|v| !allowed.contains(&v.as_str())) {
        Some(v) => Err(format!("`{field}`: {v:?} is not one of {}", allowed.join(", "))),
        None => Ok(()),
    }
}
