//! Mutual-recognition certificates (formats.md "Certificate"): a regulator's
//! signed statement that a product passed its national evaluation, which a
//! regulator of another state can verify offline.
//!
//! The predicate is attest's own signed format, so every struct refuses
//! unknown fields; it is modelled on SLSA's Verification Summary
//! Attestation (what was evaluated, under which policy, against which lists,
//! with what result) and on Common Criteria certificates (issuer, class,
//! validity).

use serde::{Deserialize, Serialize};

use crate::digest::Sha256Digest;
use crate::keys::KeyId;
use crate::provenance::Counts;
use crate::timestamp::Timestamp;
use crate::trust::PreviousDigest;

/// The predicate type of a certificate.
pub const PREDICATE_MUTUAL_RECOGNITION: &str = "urn:attest:mutual-recognition:v1";

/// The one result a certificate can carry: attest issues nothing else.
pub const RESULT_PASSED: &str = "PASSED";

/// The certificate predicate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Certificate {
    /// `<jurisdiction>-<year>-<16 hex>` unless given.
    pub certificate_id: String,
    /// Who issued it.
    pub issuer: Issuer,
    /// What was certified.
    pub product: Product,
    /// How it was evaluated.
    pub evaluation: EvaluationSummary,
    /// The certificate class (from the policy), which the issuing authority
    /// must be allowed to certify.
    pub class: String,
    /// The federation lists in which this certificate asks to be recognised.
    pub recognition: Vec<String>,
    /// When it was issued (a claim of the issuer).
    pub issued: Timestamp,
    /// Start of validity; equals `issued`.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
}

/// The issuing authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The authority's entry id in the federation list.
    pub authority: String,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// The key that signs the certificate.
    pub keyid: KeyId,
}

/// The product, from the SBOM's `metadata.component`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Name.
    pub name: String,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Supplier name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// Package URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

/// What the evaluation covered and found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EvaluationSummary {
    /// The policy, by id and digest of its bytes.
    pub policy: PolicyRef,
    /// The attestation, by the digest of its payload.
    pub attestation: DigestRef,
    /// Every list used, with the digest of the version used.
    pub trust_lists: Vec<ListRef>,
    /// Component statuses.
    pub components: Counts,
    /// Always [`RESULT_PASSED`].
    pub result: String,
}

/// A policy reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRef {
    /// Policy id.
    pub id: String,
    /// SHA-256 of the policy bytes as carried in the bundle.
    pub digest: PreviousDigest,
}

/// A reference by digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestRef {
    /// The digest.
    pub digest: PreviousDigest,
}

/// A trust-list version used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRef {
    /// List name.
    pub name: String,
    /// Jurisdiction.
    pub jurisdiction: String,
    /// Sequence used.
    pub sequence: u64,
    /// Digest of that version's payload.
    pub digest: PreviousDigest,
}

/// A SHA-256 reference as the formats write it: `{"sha256": "…"}`.
pub fn sha256_ref(d: Sha256Digest) -> PreviousDigest {
    PreviousDigest { sha256: d }
}

/// A fresh certificate id: `<jurisdiction>-<year>-<16 random hex digits>`,
/// so two workstations of one regulator never collide.
pub fn new_certificate_id(jurisdiction: &str, issued: Timestamp) -> crate::Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::Error::Usage(format!("the operating system gave no random bytes: {e}")))?;
    Ok(format!("{jurisdiction}-{}-{}", issued.year(), hex::encode(bytes)))
}
