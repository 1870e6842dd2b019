//! Mutual-recognition certificates (docs/formats.md "Certificate"): a regulator's
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

/// The predicate type of a version 1 certificate (still verified; no
/// longer issued).
pub const PREDICATE_MUTUAL_RECOGNITION: &str = "urn:attest:mutual-recognition:v1";

/// The predicate type of a version 2 certificate, which also states what
/// was assessed and on what terms (`scope`, `assessment`, `conditions`,
/// `supersedes`, `issuer.accreditation`): what `certify issue` writes.
pub const PREDICATE_MUTUAL_RECOGNITION_V2: &str = "urn:attest:mutual-recognition:v2";

/// Longest condition text, in bytes: a condition is a sentence or two.
pub const MAX_CONDITION_BYTES: usize = 2048;
/// Most conditions one certificate carries.
pub const MAX_CONDITIONS: usize = 64;

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
    /// What was certified (version 1; version 2 has it in `scope`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Product>,
    /// What was certified: the product and the artefacts by digest (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<CertScope>,
    /// How it was evaluated.
    pub evaluation: EvaluationSummary,
    /// Every rule of the policy with its outcome, and the SBOM profiles met
    /// (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// Conditions and limitations of the certificate, as the issuer wrote
    /// them (version 2; none when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// The id of the certificate this one renews (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
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
    /// The authority's accreditation as the federation list recorded it at
    /// issue (version 2, when the entry has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditation: Option<String>,
}

/// What a version 2 certificate covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertScope {
    /// The product, from the SBOM's `metadata.component`.
    pub product: Product,
    /// The certified artefacts by digest: the same set as the Statement's
    /// `subject`.
    pub artefacts: Vec<crate::statement::Subject>,
}

/// What the assessment found, rule by rule (version 2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Assessment {
    /// Every check of the evaluation, in the order it ran.
    pub rules: Vec<RuleOutcome>,
    /// The ids of the SBOM conformance profiles the SBOM met.
    pub sbom_profiles: Vec<String>,
}

/// One rule of the policy and its outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOutcome {
    /// The check's name, as the evaluation report names it.
    pub rule: String,
    /// What it found; a certificate records no failure.
    pub outcome: RuleResult,
    /// Why.
    pub detail: String,
}

/// The outcome of a rule in a certificate: a failed rule means no
/// certificate, so `fail` is not a value (and is refused when read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleResult {
    /// Passed.
    Pass,
    /// Passed with a warning.
    Warn,
    /// Not applicable under the policy.
    Skip,
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
    /// The policy, by id and the digest of its canonical form.
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
    /// SHA-256 of the policy's canonical JSON form (`bundle::policy_digest`).
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

/// Which version of the predicate a certificate is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `urn:attest:mutual-recognition:v1`.
    V1,
    /// `urn:attest:mutual-recognition:v2`.
    V2,
}

impl Version {
    /// The predicate type of this version.
    pub fn predicate_type(self) -> &'static str {
        match self {
            Version::V1 => PREDICATE_MUTUAL_RECOGNITION,
            Version::V2 => PREDICATE_MUTUAL_RECOGNITION_V2,
        }
    }
}

impl Certificate {
    /// The version its fields make it: a version 2 certificate has `scope`.
    pub fn version(&self) -> Version {
        if self.scope.is_some() { Version::V2 } else { Version::V1 }
    }

    /// The product, wherever the version keeps it.
    pub fn product(&self) -> &Product {
        match (&self.scope, &self.product) {
            (Some(s), _) => &s.product,
            (None, Some(p)) => p,
            // `check` refuses a certificate with neither; a blank product
            // keeps this infallible for display of one built in memory.
            (None, None) => &BLANK_PRODUCT,
        }
    }

    /// The rules serde cannot express: ids that identify something, a
    /// result attest issues, at least one recognition and one list, and the
    /// fields of exactly one version. A certificate that breaks them is
    /// malformed, whoever signed it.
    pub fn check(&self) -> Result<(), CertificateError> {
        check_certificate_id(&self.certificate_id)?;
        self.check_version_fields()?;
        for (field, value) in [
            ("class", &self.class),
            ("issuer.authority", &self.issuer.authority),
            ("issuer.jurisdiction", &self.issuer.jurisdiction),
            ("product.name", &self.product().name),
            ("evaluation.policy.id", &self.evaluation.policy.id),
        ] {
            if value.trim().is_empty() {
                return Err(format!("`{field}` is empty").into());
            }
        }
        if self.evaluation.result != RESULT_PASSED {
            return Err(format!(
                "`evaluation.result` is {:?}; attest certifies only {RESULT_PASSED}",
                self.evaluation.result
            )
            .into());
        }
        if self.recognition.is_empty() {
            return Err("`recognition` is empty".into());
        }
        if self.evaluation.trust_lists.is_empty() {
            return Err("`evaluation.trustLists` is empty".into());
        }
        if let Some(i) = self.evaluation.trust_lists.iter().position(|l| l.sequence == 0 || l.name.is_empty()) {
            return Err(format!("`evaluation.trustLists[{i}]` needs a name and a sequence of at least 1").into());
        }
        Ok(())
    }

    /// A version 1 certificate has `product` and none of version 2's
    /// fields; a version 2 certificate has `scope` and `assessment`, no
    /// top-level `product`, and well-formed conditions and renewal.
    fn check_version_fields(&self) -> Result<(), String> {
        match self.version() {
            Version::V1 => {
                if self.product.is_none() {
                    return Err("`product` is missing".into());
                }
                let v2 = [
                    ("assessment", self.assessment.is_some()),
                    ("conditions", !self.conditions.is_empty()),
                    ("supersedes", self.supersedes.is_some()),
                    ("issuer.accreditation", self.issuer.accreditation.is_some()),
                ];
                if let Some((field, _)) = v2.iter().find(|(_, present)| *present) {
                    return Err(format!("`{field}` belongs to {PREDICATE_MUTUAL_RECOGNITION_V2}, not to v1"));
                }
            }
            Version::V2 => {
                if self.product.is_some() {
                    return Err("`product` belongs in `scope.product` in v2".into());
                }
                if self.assessment.is_none() {
                    return Err("`assessment` is missing".into());
                }
                check_conditions(&self.conditions)?;
                if let Some(s) = &self.supersedes {
                    check_certificate_id(s).map_err(|r| format!("`supersedes`: {r}"))?;
                    if *s == self.certificate_id {
                        return Err("`supersedes` names the certificate itself".into());
                    }
                }
                if self.issuer.accreditation.as_deref().is_some_and(|a| a.trim().is_empty()) {
                    return Err("`issuer.accreditation` is empty".into());
                }
                if let Some(a) = &self.assessment
                    && let Some(i) = a.sbom_profiles.iter().position(|p| p.trim().is_empty())
                {
                    return Err(format!("`assessment.sbomProfiles[{i}]` is empty"));
                }
            }
        }
        Ok(())
    }
}

crate::error::value_error!(
    /// Which rule a certificate breaks that serde cannot express (an id, the
    /// conditions, the fields of its version); the message names the field.
    CertificateError
);

static BLANK_PRODUCT: Product = Product { name: String::new(), version: None, supplier: None, purl: None };

/// Conditions are sentences for people: each non-empty, at most
/// [`MAX_CONDITION_BYTES`], at most [`MAX_CONDITIONS`] of them.
pub fn check_conditions(conditions: &[String]) -> Result<(), CertificateError> {
    if conditions.len() > MAX_CONDITIONS {
        return Err(format!("{} conditions, more than {MAX_CONDITIONS}", conditions.len()).into());
    }
    for (i, c) in conditions.iter().enumerate() {
        if c.trim().is_empty() {
            return Err(format!("`conditions[{i}]` is empty").into());
        }
        if c.len() > MAX_CONDITION_BYTES {
            return Err(format!("`conditions[{i}]` is {} bytes, more than {MAX_CONDITION_BYTES}", c.len()).into());
        }
    }
    Ok(())
}

/// Parses a certificate Statement from verified payload bytes: strict, own
/// format (no nulls, no unknown fields), types checked, then
/// [`Certificate::check`]. Both versions are read; the fields must be those
/// of the version the `predicateType` names, and a version 2 certificate's
/// `scope.artefacts` must be the Statement's subjects.
pub fn parse_statement(payload: &[u8], doc: &str) -> crate::Result<crate::statement::Statement<Certificate>> {
    #[derive(Deserialize)]
    struct Marks {
        #[serde(rename = "predicateType")]
        predicate_type: Option<String>,
    }
    let marks: Marks = serde_json::from_slice(payload).unwrap_or(Marks { predicate_type: None });
    // Any other type is refused against v2, the version attest writes.
    let expected = match marks.predicate_type.as_deref() {
        Some(PREDICATE_MUTUAL_RECOGNITION) => PREDICATE_MUTUAL_RECOGNITION,
        _ => PREDICATE_MUTUAL_RECOGNITION_V2,
    };
    let st = crate::statement::Statement::<Certificate>::from_own_payload(payload, expected, doc)?;
    let cert = &st.predicate;
    if cert.version().predicate_type() != expected {
        return Err(crate::Error::malformed(
            doc,
            format!(
                "`predicateType` is {expected} but the predicate has the fields of {}",
                cert.version().predicate_type()
            ),
        ));
    }
    cert.check().map_err(|r| crate::Error::malformed(doc, r))?;
    if let Some(scope) = &cert.scope
        && !crate::statement::same_subjects(&scope.artefacts, &st.subject)
    {
        return Err(crate::Error::malformed(doc, "`scope.artefacts` differ from the Statement's `subject`"));
    }
    Ok(st)
}

/// A certificate id names one certificate in revocations and grandfather
/// lists, so it is plain: 1–128 ASCII letters, digits, `.`, `_` or `-`,
/// starting with a letter or digit.
pub fn check_certificate_id(id: &str) -> Result<(), CertificateError> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id.bytes().enumerate().all(|(i, b)| b.is_ascii_alphanumeric() || (i > 0 && matches!(b, b'.' | b'_' | b'-')));
    if ok {
        Ok(())
    } else {
        Err(format!("certificate id {id:?} must be 1-128 letters, digits, '.', '_' or '-'").into())
    }
}

/// A fresh certificate id: `<jurisdiction>-<year>-<16 random hex digits>`,
/// so two workstations of one regulator never collide.
pub fn new_certificate_id(jurisdiction: &str, issued: Timestamp) -> crate::Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::Error::Usage(format!("the operating system gave no random bytes: {e}")))?;
    Ok(format!("{jurisdiction}-{}-{}", issued.year(), hex::encode(bytes)))
}
