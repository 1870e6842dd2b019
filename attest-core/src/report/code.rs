//! The stable class of a failure or warning (docs/json-output.md, "Codes").

use serde::Serialize;

use super::{ListRefusal, Reason};
use crate::dsse::SignatureStatus;

/// The class of a failure or warning: stable, kebab-case, documented in
/// docs/json-output.md. New codes may be added; none is renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// A key, certificate, artefact or list signer is revoked.
    Revoked,
    /// A digest differs from the one the certificate pins.
    DigestMismatch,
    /// An artefact or the attestation's subjects are not the certified ones.
    SubjectMismatch,
    /// No trusted key signed.
    UntrustedSigner,
    /// A signature does not verify with the key it names.
    SignatureInvalid,
    /// A second signature by a key already counted.
    DuplicateSignature,
    /// Fewer distinct signers than required.
    BelowThreshold,
    /// An older version of a trust list than the one trusted.
    Rollback,
    /// Two different versions of a trust list with one sequence.
    Fork,
    /// A trust list past its `nextUpdate`.
    Expired,
    /// A governance rotation whose intermediate versions are missing.
    RotationNotShown,
    /// A version whose `previous` does not name the trusted version.
    ChainBroken,
    /// A governance whose keys cannot be read.
    MalformedGovernance,
    /// A document issued after the verification time.
    IssuedInFuture,
    /// A list that is neither the anchor nor recognised by it.
    ListNotRecognised,
    /// A second granted entry pinning a list already pinned.
    DuplicateRecognition,
    /// No current version of the issuer's national list.
    RevocationStatusUnknown,
    /// The verification time is outside the certificate's validity.
    NotValidAt,
    /// The issuer is not a granted authority of the federation (or was not
    /// when it issued).
    IssuerNotRecognised,
    /// The issuer may not certify the class.
    ClassNotCertified,
    /// The certificate's class is not one the verifier accepts.
    ClassNotAccepted,
    /// A validity longer than the authority's `maxValidityDays`.
    ValidityTooLong,
    /// The certificate's accreditation differs from the one now recorded.
    AccreditationChanged,
    /// The certificate's evaluation result is not `PASSED`.
    NotPassed,
    /// The certificate does not ask for recognition in this federation.
    NotRecognised,
    /// `notBefore` differs from `issued`.
    NotBeforeDiffers,
    /// A certificate claims to renew one it cannot renew.
    BadRenewal,
    /// A newer certificate renews this one.
    Superseded,
    /// The product is not covered by a granted supplier.
    ProductNotApproved,
    /// A component is blocked.
    ComponentBlocked,
    /// A rule of the policy failed.
    PolicyRuleFailed,
    /// A rule of the policy warns.
    PolicyRuleWarning,
    /// The policy lacks what `certify issue` needs.
    PolicyIncomplete,
    /// Upstream evidence that is not an in-toto attestation.
    EvidenceIgnored,
    /// The verifier's own policy failed (step 7).
    OwnPolicyFailed,
    /// No inclusion proof where one is required or expected.
    NotLogged,
    /// An inclusion proof that cannot be read.
    MalformedProof,
    /// A checkpoint not signed by a granted log.
    CheckpointNotSigned,
    /// The certificate is not at the proof's index.
    NotIncluded,
    /// A witness cosignature that does not count.
    CosignatureInvalid,
    /// Fewer witnesses (or jurisdictions) than the quorum.
    BelowQuorum,
    /// Witnessed before the certificate was issued.
    WitnessedBeforeIssued,
    /// Witnessed later than the federation allows.
    WitnessedTooLate,
}

impl Code {
    /// Every code.
    pub const ALL: [Code; 43] = [
        Code::Revoked,
        Code::DigestMismatch,
        Code::SubjectMismatch,
        Code::UntrustedSigner,
        Code::SignatureInvalid,
        Code::DuplicateSignature,
        Code::BelowThreshold,
        Code::Rollback,
        Code::Fork,
        Code::Expired,
        Code::RotationNotShown,
        Code::ChainBroken,
        Code::MalformedGovernance,
        Code::IssuedInFuture,
        Code::ListNotRecognised,
        Code::DuplicateRecognition,
        Code::RevocationStatusUnknown,
        Code::NotValidAt,
        Code::IssuerNotRecognised,
        Code::ClassNotCertified,
        Code::ClassNotAccepted,
        Code::ValidityTooLong,
        Code::AccreditationChanged,
        Code::NotPassed,
        Code::NotRecognised,
        Code::NotBeforeDiffers,
        Code::BadRenewal,
        Code::Superseded,
        Code::ProductNotApproved,
        Code::ComponentBlocked,
        Code::PolicyRuleFailed,
        Code::PolicyRuleWarning,
        Code::PolicyIncomplete,
        Code::EvidenceIgnored,
        Code::OwnPolicyFailed,
        Code::NotLogged,
        Code::MalformedProof,
        Code::CheckpointNotSigned,
        Code::NotIncluded,
        Code::CosignatureInvalid,
        Code::BelowQuorum,
        Code::WitnessedBeforeIssued,
        Code::WitnessedTooLate,
    ];

    /// The stable name, as serialised.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }
}

/// Which class each reason is: the one table scripts rely on.
impl Reason {
    /// The stable class of this reason.
    pub fn code(&self) -> Code {
        use Reason as R;
        match self {
            R::AnchorBelowThreshold { .. } | R::BelowThreshold { .. } => Code::BelowThreshold,
            R::RecognitionNotGranted { .. } | R::ListNotRecognised { .. } => Code::ListNotRecognised,
            R::RecognitionRepeated { .. } => Code::DuplicateRecognition,
            R::RecognisedSignersRevoked { .. }
            | R::KeyRevoked { .. }
            | R::CertificateRevoked { .. }
            | R::ArtefactRevoked { .. }
            | R::WitnessKeyRevoked { .. } => Code::Revoked,
            R::StateFork { .. } | R::Fork { .. } => Code::Fork,
            R::ListIssuedLater { .. } | R::IssuedAfter { .. } => Code::IssuedInFuture,
            R::Rollback { .. } => Code::Rollback,
            R::ListVersionRefused { refusal, .. } => refusal.code(),
            R::Expired { .. } => Code::Expired,
            R::Signature(s) => match s {
                SignatureStatus::Invalid(_) => Code::SignatureInvalid,
                SignatureStatus::Duplicate(_) => Code::DuplicateSignature,
                SignatureStatus::Verified(_)
                | SignatureStatus::UntrustedKey(_)
                | SignatureStatus::NoTrustedKeyVerifies => Code::UntrustedSigner,
            },
            R::SubjectMismatch { .. } | R::SubjectsDiffer => Code::SubjectMismatch,
            R::NoSupplierKey | R::EvidenceUntrusted | R::NoTrustedAttestationSigner => Code::UntrustedSigner,
            R::ProductNotApproved { .. } => Code::ProductNotApproved,
            R::ComponentsBlocked { .. } => Code::ComponentBlocked,
            R::PolicyRuleFailed { .. } | R::ProductRuleFailed { .. } => Code::PolicyRuleFailed,
            R::PolicyRuleWarning { .. } => Code::PolicyRuleWarning,
            R::EvidenceNotInToto => Code::EvidenceIgnored,
            R::NoCertificateTerms { .. } => Code::PolicyIncomplete,
            R::NotAnAuthority { .. }
            | R::AuthorityNotGranted { .. }
            | R::KeyNotOfAuthority { .. }
            | R::NoAuthorityKeyVerifies { .. }
            | R::IssuerMismatch { .. }
            | R::JurisdictionMismatch { .. }
            | R::NotGrantedAtIssue { .. }
            | R::WitnessedAfterChange { .. }
            | R::NotGrandfathered { .. } => Code::IssuerNotRecognised,
            R::ClassNotCertifiable { .. } | R::ClassNotCertified { .. } => Code::ClassNotCertified,
            R::ValidityExceeds { .. } | R::ValidityTooLong { .. } => Code::ValidityTooLong,
            R::AccreditationChanged { .. } => Code::AccreditationChanged,
            R::ResultNotPassed { .. } => Code::NotPassed,
            R::RecognitionNotAsked { .. } => Code::NotRecognised,
            R::NotBeforeDiffers => Code::NotBeforeDiffers,
            R::NotValidAt { .. } => Code::NotValidAt,
            R::EquivalenceNotGrantedAtIssue { .. }
            | R::EquivalenceNotGranted { .. }
            | R::EquivalenceReversed { .. }
            | R::ClassNotAccepted { .. } => Code::ClassNotAccepted,
            R::RenewsOtherAuthority { .. } | R::RenewsLater { .. } => Code::BadRenewal,
            R::Superseded { .. } => Code::Superseded,
            R::NoNationalList { .. } | R::NationalListExpired { .. } | R::NationalListAbsent { .. } => {
                Code::RevocationStatusUnknown
            }
            R::AttestationDigestMismatch { .. } | R::PolicyDigestMismatch { .. } | R::ListNotInBundle { .. } => {
                Code::DigestMismatch
            }
            R::OwnPolicyFailed { .. } => Code::OwnPolicyFailed,
            R::ProofRequired { .. } | R::ProofNotYetRequired { .. } | R::NoLogCovers { .. } => Code::NotLogged,
            R::MalformedProof { .. } => Code::MalformedProof,
            R::CheckpointNotSigned { .. } => Code::CheckpointNotSigned,
            R::NotIncluded { .. } | R::EntryNotRebuilt { .. } => Code::NotIncluded,
            R::CosignedAtImpossibleTime { .. } | R::CosignatureInvalid { .. } => Code::CosignatureInvalid,
            R::BelowQuorum { .. } | R::OneJurisdiction { .. } => Code::BelowQuorum,
            R::WitnessedBeforeIssued { .. } => Code::WitnessedBeforeIssued,
            R::WitnessedLate { .. } => Code::WitnessedTooLate,
        }
    }
}

impl ListRefusal {
    fn code(&self) -> Code {
        match self {
            ListRefusal::RotationNotShown { .. } => Code::RotationNotShown,
            ListRefusal::ChainBroken { .. } => Code::ChainBroken,
            ListRefusal::BelowThreshold { .. } | ListRefusal::NewGovernanceBelowThreshold { .. } => {
                Code::BelowThreshold
            }
            ListRefusal::MalformedGovernance(_) => Code::MalformedGovernance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_with_a_distinct_kebab_case_name() {
        let names: std::collections::BTreeSet<String> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for n in &names {
            assert!(!n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{n}");
        }
    }

    fn repo_file(path: &str) -> String {
        let at = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
        std::fs::read_to_string(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display()))
    }

    #[test]
    fn every_code_and_step_is_documented_and_in_the_output_schema_and_nothing_else_is() {
        let docs = repo_file("docs/json-output.md");
        let schema: serde_json::Value =
            serde_json::from_str(&repo_file("schemas/output/common.schema.json")).unwrap_or_default();
        let listed = |def: &str| -> Vec<String> {
            let e = &schema["$defs"][def]["enum"];
            e.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        };
        let codes: Vec<String> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(listed("code"), codes, "the schema's code enum");
        for c in &codes {
            assert!(docs.contains(&format!("\n| `{c}` | ")), "docs/json-output.md does not explain the code {c}");
        }
        let steps: Vec<String> = super::super::Step::ALL.iter().map(|s| s.as_str().to_owned()).collect();
        assert_eq!(listed("step"), steps, "the schema's step enum");
        for s in &steps {
            assert!(docs.contains(&format!("`{s}`")), "docs/json-output.md does not name the step {s}");
        }
    }
}
