//! Why a check failed or warned, as a type (docs/json-output.md, "Codes").
//!
//! Each [`Reason`] holds the values its sentence is made from (names,
//! sequences, times, digests); its `Display` writes the English `detail` of
//! the report, and [`Reason::code`] the stable kebab-case [`Code`] that the
//! JSON output carries beside it. A caller that needs the class of a failure
//! matches on the reason or its code, never on the prose.

use std::fmt;

use super::{Check, Code};
use crate::digest::Sha256Digest;
use crate::dsse::SignatureStatus;
use crate::keys::KeyId;
use crate::provenance::{Counts, ProductRefusal};
use crate::timestamp::Timestamp;
use crate::trust::{ClassRef, Status};

/// Whose key a revocation names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyRole {
    /// The key `certify issue` signs with.
    Issuing,
    /// A key that signed the attestation under evaluation.
    Signing,
    /// The key that signed the certificate (step 2).
    Issuer,
    /// A key that signed the bundle's attestation (step 5).
    AttestationSigner,
}

/// Why a newer version of a trust list does not follow the trusted one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListRefusal {
    /// Governance changed across a gap, or with no trusted version to chain
    /// from.
    RotationNotShown {
        /// The trusted sequence.
        trusted: u64,
        /// The offered sequence.
        sequence: u64,
        /// Signatures of the trusted governance it carries.
        carried: usize,
        /// The trusted governance's threshold.
        required: usize,
    },
    /// `previous` does not name the trusted version.
    ChainBroken {
        /// The offered sequence.
        sequence: u64,
        /// The trusted sequence.
        trusted: u64,
    },
    /// Too few signatures of the trusted governance.
    BelowThreshold {
        /// Distinct unrevoked signers.
        signed: usize,
        /// The threshold.
        required: usize,
        /// Whether governance changed (a rotation).
        rotation: bool,
    },
    /// A rotation with too few signatures of the new governance.
    NewGovernanceBelowThreshold {
        /// Distinct signers.
        signed: usize,
        /// The new threshold.
        required: usize,
    },
    /// A governance's keys cannot be read.
    MalformedGovernance(String),
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

impl fmt::Display for ListRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListRefusal::RotationNotShown { trusted, sequence, carried, required } => write!(
                f,
                "rotation not shown: governance changed between the trusted sequence {trusted} and {sequence} and \
                 every intermediate version is needed; it carries {carried} of the {required} signatures the \
                 trusted governance requires"
            ),
            ListRefusal::ChainBroken { sequence, trusted } => {
                write!(
                    f,
                    "chain broken: `previous` of sequence {sequence} does not name the trusted sequence {trusted}"
                )
            }
            ListRefusal::BelowThreshold { signed, required, rotation } => {
                let what = if *rotation { "rotation rejected" } else { "untrusted signers" };
                write!(f, "{what}: signed by {signed} of the trusted governance's keys, {required} required")
            }
            ListRefusal::NewGovernanceBelowThreshold { signed, required } => {
                write!(f, "rotation rejected: signed by {signed} of the new governance's keys, {required} required")
            }
            ListRefusal::MalformedGovernance(e) => f.write_str(e),
        }
    }
}

/// Why a check failed or warned. `Display` writes the report's English
/// detail; [`Reason::code`] its class.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant's fields are named after the values of its sentence.
pub enum Reason {
    // Trust lists (step 1).
    /// The anchor lacks a threshold of its own governance.
    AnchorBelowThreshold { source: String, signed: usize, required: usize },
    /// A recognising entry is not granted.
    RecognitionNotGranted { entry: String, federation: String, status: Status, time: Timestamp },
    /// A second granted entry pins the same list.
    RecognitionRepeated { entry: String, list: String },
    /// A recognised list lacks its threshold once revoked keys are set aside.
    RecognisedSignersRevoked { sequence: u64, signed: usize, federation: String, required: usize },
    /// A list that is neither the anchor nor recognised by it.
    ListNotRecognised { source: String, name: String, jurisdiction: String },
    /// The state holds another version with the trusted sequence.
    StateFork { sequence: u64, stored: Sha256Digest, trusted: Option<Sha256Digest> },
    /// A version issued after the evaluation time.
    ListIssuedLater { source: String, issued: Timestamp, time: Timestamp },
    /// A version older than the trusted one (`rejected` when named, not
    /// merely offered).
    Rollback { source: String, sequence: u64, trusted: u64, rejected: bool },
    /// A different version with the trusted sequence.
    Fork { source: String, sequence: u64, digest: Sha256Digest, trusted: Option<Sha256Digest> },
    /// A newer version that may not follow the trusted one.
    ListVersionRefused { source: String, refusal: ListRefusal },
    /// A list past its `nextUpdate`.
    Expired { sequence: u64, next_update: Timestamp, time: Timestamp },

    // Attestations.
    /// A signature that does not count (warning) or does not verify (failure).
    Signature(SignatureStatus),
    /// Fewer distinct trusted signers than required.
    BelowThreshold { signed: usize, required: usize },
    /// A `--subject` file that is not a subject (`certified`: of the
    /// certificate, step 6; else of the attestation).
    SubjectMismatch { artefact: String, sha256: Sha256Digest, certified: bool },
    /// A revoked key.
    KeyRevoked { role: KeyRole, key: KeyId, list: String, reason: String },
    /// The believed lists grant no supplier key.
    NoSupplierKey,
    /// The product is not approved.
    ProductNotApproved { refusal: ProductRefusal },
    /// Blocked components.
    ComponentsBlocked { counts: Counts },
    /// A policy rule failed, with the rule's own sentence.
    PolicyRuleFailed { rule: String, detail: String },
    /// A policy rule warns, with the rule's own sentence.
    PolicyRuleWarning { rule: String, detail: String },
    /// Upstream evidence that is not an in-toto attestation.
    EvidenceNotInToto,
    /// Upstream evidence signed by no granted supplier key.
    EvidenceUntrusted,

    // `certify issue`.
    /// The policy has no `certificate` section.
    NoCertificateTerms { policy: String },
    /// The authority is not an authority entry of the federation.
    NotAnAuthority { authority: String, federation: String },
    /// The authority is not granted.
    AuthorityNotGranted { authority: String, status: Status, federation: String },
    /// The signing key is not the authority's.
    KeyNotOfAuthority { key: KeyId, authority: String },
    /// The authority may not certify the policy's class.
    ClassNotCertifiable { authority: String, certifies: Vec<String>, class: String },
    /// The policy's validity exceeds the authority's `maxValidityDays`.
    ValidityExceeds { days: u32, authority: String },

    // Step 2: issuer.
    /// No authority key of the federation verifies the certificate.
    NoAuthorityKeyVerifies { federation: String },
    /// The certificate names another authority or key than the one that signed.
    IssuerMismatch { named: String, named_key: KeyId, key: KeyId, authority: String },
    /// The certificate claims another jurisdiction than the authority's.
    JurisdictionMismatch { claimed: String, authority: String, actual: Option<String> },
    /// The authority was not granted when the certificate was issued.
    NotGrantedAtIssue { authority: String, status: Status, issued: Timestamp },
    /// The authority's status changed before the certificate was first witnessed.
    WitnessedAfterChange {
        authority: String,
        status: Status,
        since: Timestamp,
        certificate: String,
        witnessed: Timestamp,
    },
    /// A later status change grandfathered other certificates only.
    NotGrandfathered { authority: String, status: Status, since: Timestamp, certificate: String },
    /// The certificate's accreditation is not the one now recorded (a warning).
    AccreditationChanged { claimed: String, authority: String, now: Option<String> },
    /// The authority may not certify the certificate's class.
    ClassNotCertified { authority: String, class: String },

    // Step 3: certificate.
    /// The evaluation result is not `PASSED`.
    ResultNotPassed { result: String },
    /// The certificate asks for recognition elsewhere.
    RecognitionNotAsked { recognition: Vec<String>, federation: String },
    /// `notBefore` differs from `issued`.
    NotBeforeDiffers,
    /// Issued after the verification time.
    IssuedAfter { issued: Timestamp, time: Timestamp },
    /// Outside the validity window.
    NotValidAt { not_before: Timestamp, not_after: Timestamp, time: Timestamp },
    /// Valid longer than the authority may certify.
    ValidityTooLong { seconds: i64, authority: String, max: u32 },
    /// The certificate is revoked.
    CertificateRevoked { certificate: String, list: String, reason: String },
    /// The equivalence was not granted when the certificate was issued.
    EquivalenceNotGrantedAtIssue { entry: String, from: ClassRef, to: ClassRef, status: Status, issued: Timestamp },
    /// The equivalence is not granted now.
    EquivalenceNotGranted {
        entry: String,
        from: ClassRef,
        to: ClassRef,
        status: Status,
        since: Option<Timestamp>,
        federation: String,
        sequence: u64,
    },
    /// Only an equivalence the other way exists.
    EquivalenceReversed {
        entry: String,
        reverse_from: ClassRef,
        from: ClassRef,
        federation: String,
        jurisdiction: String,
        accepted: Vec<String>,
    },
    /// The class is not accepted and no equivalence maps it.
    ClassNotAccepted { from: ClassRef, accepted: Vec<String>, federation: String, jurisdiction: String },
    /// A certificate claims to renew one of another authority.
    RenewsOtherAuthority { certificate: String, old: String, old_authority: String, authority: String },
    /// A certificate claims to renew one issued later.
    RenewsLater { certificate: String, issued: Timestamp, old: String, old_issued: Timestamp },
    /// A newer certificate renews this one (a warning).
    Superseded { by: String, issued: Timestamp },

    // Step 4: revocation freshness.
    /// The federation recognises no national list of the jurisdiction.
    NoNationalList { federation: String, jurisdiction: String },
    /// The newest version of the national list has expired.
    NationalListExpired { list: String, sequence: u64, next_update: Timestamp },
    /// No verified version of the national list was given.
    NationalListAbsent { list: String },

    // Step 5: evidence.
    /// The attestation is not the one certified.
    AttestationDigestMismatch { actual: Sha256Digest, certified: Sha256Digest },
    /// The attestation's subjects differ from the certificate's.
    SubjectsDiffer,
    /// A certified artefact is revoked.
    ArtefactRevoked { artefact: String, list: String, reason: String },
    /// No signature on the attestation verifies with a listed key.
    NoTrustedAttestationSigner,
    /// The policy is not the one certified.
    PolicyDigestMismatch { actual: Sha256Digest, certified: Sha256Digest },
    /// A list the certificate names is not in the bundle.
    ListNotInBundle { list: String, sequence: u64, digest: Sha256Digest },

    // Step 7: own policy.
    /// The re-evaluation under the verifier's policy failed, with its failed
    /// checks.
    OwnPolicyFailed { policy: String, failures: Vec<Check> },

    // Step 8: transparency.
    /// The federation requires a proof and the bundle has none.
    ProofRequired { federation: String },
    /// No proof, not yet required (a warning).
    ProofNotYetRequired { federation: String },
    /// The proof cannot be read.
    MalformedProof { error: String },
    /// No granted log covers the authority.
    NoLogCovers { federation: String, authority: String },
    /// The checkpoint is not signed by a granted log of the authority.
    CheckpointNotSigned { origin: String, authority: String, federation: String },
    /// The certificate's entry is not at the proof's index.
    NotIncluded { index: u64, log: String, size: u64 },
    /// The certificate cannot be rebuilt as a log entry.
    EntryNotRebuilt { error: String },
    /// A witness's key is revoked.
    WitnessKeyRevoked { witness: String, key: KeyId },
    /// A cosignature at an impossible time.
    CosignedAtImpossibleTime { witness: String, time: u64 },
    /// A cosignature that does not verify.
    CosignatureInvalid { witness: String },
    /// Fewer counted witnesses than the quorum.
    BelowQuorum { counted: usize, quorum: usize },
    /// Every counted witness is of one jurisdiction.
    OneJurisdiction { jurisdictions: Vec<String>, quorum: usize },
    /// Witnessed before the certificate was issued.
    WitnessedBeforeIssued { at: Timestamp, issued: Timestamp },
    /// Witnessed later than the federation allows.
    WitnessedLate { at: Timestamp, delay: i64, issued: Timestamp, max: u64 },
}

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
            R::PolicyRuleFailed { .. } => Code::PolicyRuleFailed,
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

fn hex_or_empty(d: &Option<Sha256Digest>) -> String {
    d.map(|d| d.to_hex()).unwrap_or_default()
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Reason as R;
        match self {
            R::AnchorBelowThreshold { source, signed, required } => write!(
                f,
                "{source} is not signed by a threshold of its own governance: {signed} of {required} required"
            ),
            R::RecognitionNotGranted { entry, federation, status, time } => {
                write!(f, "entry {entry} of {federation} is {status} at {time}; it recognises nothing")
            }
            R::RecognitionRepeated { entry, list } => {
                write!(f, "entry {entry} pins {list} again; the first granted entry is used")
            }
            R::RecognisedSignersRevoked { sequence, signed, federation, required } => write!(
                f,
                "revoked: sequence {sequence} is signed by {signed} of its governors once the keys {federation} \
                 revokes are set aside, {required} required; not believed"
            ),
            R::ListNotRecognised { source, name, jurisdiction } => write!(
                f,
                "{source} ({name}, {jurisdiction}) is neither the anchor nor a list it recognises; ignored, it grants \
                 and revokes nothing"
            ),
            R::StateFork { sequence, stored, trusted } => write!(
                f,
                "fork: the state holds a different version with the same sequence {sequence} ({stored} vs {})",
                hex_or_empty(trusted)
            ),
            R::ListIssuedLater { source, issued, time } => {
                write!(f, "{source}: issued {issued} after the evaluation time {time}; ignored")
            }
            R::Rollback { source, sequence, trusted, rejected } => {
                let what = if *rejected { "rollback rejected" } else { "older copy ignored" };
                write!(f, "{what}: {source} is sequence {sequence}, older than the trusted sequence {trusted}")
            }
            R::Fork { source, sequence, digest, trusted } => write!(
                f,
                "fork rejected: {source} is a different list with the trusted sequence {sequence} ({digest} vs {})",
                hex_or_empty(trusted)
            ),
            R::ListVersionRefused { source, refusal } => {
                write!(f, "{source}: {refusal}; ignored, the trusted version stands")
            }
            R::Expired { sequence, next_update, time } => {
                write!(f, "expired: sequence {sequence} passed its nextUpdate {next_update} (evaluated at {time})")
            }
            R::Signature(s) => f.write_str(&s.describe()),
            R::BelowThreshold { signed, required } => {
                write!(f, "below threshold: {signed} distinct trusted key(s) signed; {required} required")
            }
            R::SubjectMismatch { artefact, sha256, certified } => {
                let what = if *certified { "a certified subject" } else { "a subject of the attestation" };
                write!(f, "subject mismatch: {artefact} (sha256:{sha256}) is not {what}")
            }
            R::KeyRevoked { role, key, list, reason } => {
                let whose = match role {
                    KeyRole::Issuing => "key",
                    KeyRole::Signing => "signing key",
                    KeyRole::Issuer => "the issuer's key",
                    KeyRole::AttestationSigner => "the attestation's signing key",
                };
                write!(f, "revoked: {whose} {key} is revoked in {list}: {reason}")
            }
            R::NoSupplierKey => f.write_str("untrusted signer: the believed lists grant no supplier key at this time"),
            R::ProductNotApproved { refusal } => write!(f, "{refusal}"),
            R::ComponentsBlocked { counts: c } => write!(
                f,
                "{} component(s): {} verified, {} listed, {} first-party, {} unknown, {} blocked",
                c.total, c.verified, c.listed, c.first_party, c.unknown, c.blocked
            ),
            R::PolicyRuleFailed { detail, .. } | R::PolicyRuleWarning { detail, .. } => f.write_str(detail),
            R::EvidenceNotInToto => f.write_str("not an in-toto attestation; ignored"),
            R::EvidenceUntrusted => f.write_str("untrusted signer: signed by no granted supplier key; ignored"),
            R::NoCertificateTerms { policy } => {
                write!(f, "policy {policy} has no `certificate` section (class, validityDays)")
            }
            R::NotAnAuthority { authority, federation } => {
                write!(f, "issuer not recognised: {authority} is not an authority of {federation}")
            }
            R::AuthorityNotGranted { authority, status, federation } => {
                write!(f, "issuer not recognised: {authority} is {status} in {federation}")
            }
            R::KeyNotOfAuthority { key, authority } => write!(f, "key {key} is not a key of authority {authority}"),
            R::ClassNotCertifiable { authority, certifies, class } => {
                write!(f, "issuer not recognised: {authority} may certify {certifies:?}, not {class:?}")
            }
            R::ValidityExceeds { days, authority } => {
                write!(f, "the policy's {days} days exceed {authority}'s maxValidityDays")
            }
            R::NoAuthorityKeyVerifies { federation } => {
                write!(f, "issuer not recognised: no authority key of {federation} verifies the certificate")
            }
            R::IssuerMismatch { named, named_key, key, authority } => write!(
                f,
                "issuer not recognised: the certificate names {named} key {named_key}, but key {key} of {authority} \
                 signed it"
            ),
            R::JurisdictionMismatch { claimed, authority, actual } => write!(
                f,
                "issuer not recognised: the certificate claims jurisdiction {claimed}, {authority} is of {}",
                actual.as_deref().unwrap_or("no jurisdiction")
            ),
            R::NotGrantedAtIssue { authority, status, issued } => {
                write!(f, "issuer not recognised: {authority} was {status} when the certificate was issued ({issued})")
            }
            R::WitnessedAfterChange { authority, status, since, certificate, witnessed } => write!(
                f,
                "issuer not recognised: {authority} was {status} on {since} and certificate {certificate} was first \
                 witnessed at {witnessed}, after that"
            ),
            R::NotGrandfathered { authority, status, since, certificate } => write!(
                f,
                "issuer not recognised: {authority} was {status} on {since} and {certificate} is not among the \
                 certificates it grandfathered"
            ),
            R::AccreditationChanged { claimed, authority, now } => write!(
                f,
                "the certificate states accreditation {claimed}; {authority} now records {}",
                now.as_deref().unwrap_or("none")
            ),
            R::ClassNotCertified { authority, class } => {
                write!(f, "issuer not recognised: {authority} may not certify class {class:?}")
            }
            R::ResultNotPassed { result } => write!(f, "evaluation result is {result:?}, not PASSED"),
            R::RecognitionNotAsked { recognition, federation } => write!(
                f,
                "not recognised: the certificate asks for recognition in {recognition:?}, not in {federation}"
            ),
            R::NotBeforeDiffers => f.write_str("notBefore differs from issued"),
            R::IssuedAfter { issued, time } => write!(f, "issued {issued} is after the verification time {time}"),
            R::NotValidAt { not_before, not_after, time } => {
                write!(f, "not valid at that time: valid {not_before} .. {not_after}, verified at {time}")
            }
            R::ValidityTooLong { seconds, authority, max } => write!(
                f,
                "valid for {:.1} days, more than {authority}'s maxValidityDays {max}",
                *seconds as f64 / 86_400.0
            ),
            R::CertificateRevoked { certificate, list, reason } => {
                write!(f, "revoked: certificate {certificate} is revoked in {list}: {reason}")
            }
            R::EquivalenceNotGrantedAtIssue { entry, from, to, status, issued } => write!(
                f,
                "class not accepted: equivalence {entry} ({from} as {to}) was {status} when the certificate was \
                 issued ({issued})"
            ),
            R::EquivalenceNotGranted { entry, from, to, status, since, federation, sequence } => {
                let since = since.map(|s| format!(" since {s}")).unwrap_or_default();
                write!(
                    f,
                    "class not accepted: equivalence {entry} ({from} as {to}) is {status}{since} in {federation} \
                     sequence {sequence}"
                )
            }
            R::EquivalenceReversed { entry, reverse_from, from, federation, jurisdiction, accepted } => write!(
                f,
                "class not accepted: equivalence {entry} maps {reverse_from} to {from}, the other direction; nothing \
                 in {federation} maps {from} to a class of {jurisdiction} you accept ({})",
                accepted.join(", ")
            ),
            R::ClassNotAccepted { from, accepted, federation, jurisdiction } => write!(
                f,
                "class not accepted: {from} is not a class you accept ({}) and no equivalence of {federation} maps \
                 it to one of {jurisdiction}",
                accepted.join(", ")
            ),
            R::RenewsOtherAuthority { certificate, old, old_authority, authority } => {
                write!(f, "{certificate} claims to renew {old}, a certificate of {old_authority}, not of {authority}")
            }
            R::RenewsLater { certificate, issued, old, old_issued } => {
                write!(f, "{certificate} (issued {issued}) claims to renew {old}, issued later ({old_issued})")
            }
            R::Superseded { by, issued } => {
                write!(f, "superseded: {by} (issued {issued}) renews this certificate; rely on the newer one")
            }
            R::NoNationalList { federation, jurisdiction } => {
                write!(f, "revocation status unknown: {federation} recognises no national list of {jurisdiction}")
            }
            R::NationalListExpired { list, sequence, next_update } => {
                write!(f, "revocation status unknown: the newest {list} (sequence {sequence}) expired at {next_update}")
            }
            R::NationalListAbsent { list } => write!(
                f,
                "revocation status unknown: no verified version of {list} is in the bundle or given with --trust-list"
            ),
            R::AttestationDigestMismatch { actual, certified } => {
                write!(f, "digest mismatch: the attestation is {actual}, the certificate was issued on {certified}")
            }
            R::SubjectsDiffer => {
                f.write_str("subject mismatch: the attestation's subjects differ from the certificate's")
            }
            R::ArtefactRevoked { artefact, list, reason } => {
                write!(f, "revoked: artefact {artefact} is revoked in {list}: {reason}")
            }
            R::NoTrustedAttestationSigner => f.write_str(
                "untrusted signer: no signature on the attestation verifies with a key the believed lists carry",
            ),
            R::PolicyDigestMismatch { actual, certified } => {
                write!(f, "digest mismatch: the policy is {actual}, the certificate names {certified}")
            }
            R::ListNotInBundle { list, sequence, digest } => {
                write!(f, "digest mismatch: {list} sequence {sequence} ({digest}) is not in the bundle")
            }
            R::OwnPolicyFailed { policy, failures } => {
                let items: Vec<String> = failures.iter().map(|c| format!("{}: {}", c.check, c.detail)).collect();
                write!(f, "FAILED under {policy}: {}", items.join("; "))
            }
            R::ProofRequired { federation } => {
                write!(f, "not logged: {federation} requires an inclusion proof and the bundle carries none")
            }
            R::ProofNotYetRequired { federation } => {
                write!(f, "no inclusion proof; {federation} does not require one yet")
            }
            R::MalformedProof { error } => write!(f, "malformed proof: {error}"),
            R::NoLogCovers { federation, authority } => {
                write!(f, "not logged: no granted log of {federation} covers authority {authority}")
            }
            R::CheckpointNotSigned { origin, authority, federation } => write!(
                f,
                "the proof's checkpoint (origin {origin:?}) is not signed by a granted log of {authority} in \
                 {federation} (revoked log keys do not count)"
            ),
            R::NotIncluded { index, log, size } => {
                write!(f, "not included: the certificate's entry is not at index {index} of {log} (size {size})")
            }
            R::EntryNotRebuilt { error } => write!(f, "the certificate cannot be rebuilt as a log entry: {error}"),
            R::WitnessKeyRevoked { witness, key } => {
                write!(f, "witness {witness}'s key {key} is revoked; its cosignature does not count")
            }
            R::CosignedAtImpossibleTime { witness, time } => {
                write!(f, "witness {witness} cosigned at an impossible time {time}")
            }
            R::CosignatureInvalid { witness } => {
                write!(f, "a cosignature claiming witness {witness} does not verify; it does not count")
            }
            R::BelowQuorum { counted, quorum } => {
                write!(f, "below quorum: {counted} of the {quorum} granted witnesses required cosigned the checkpoint")
            }
            R::OneJurisdiction { jurisdictions, quorum } => write!(
                f,
                "below quorum: every counted witness is of {}; a quorum of {quorum} needs two jurisdictions",
                jurisdictions.join(", ")
            ),
            R::WitnessedBeforeIssued { at, issued } => {
                write!(f, "witnessed at {at}, before the certificate's issued {issued}")
            }
            R::WitnessedLate { at, delay, issued, max } => write!(
                f,
                "first witnessed at {at}, {delay} s after issued {issued}: more than the {max} s the federation \
                 allows"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_writes_the_detail_it_is_made_from() {
        let r = Reason::Rollback { source: "kz.json".into(), sequence: 1, trusted: 2, rejected: true };
        assert_eq!(r.to_string(), "rollback rejected: kz.json is sequence 1, older than the trusted sequence 2");
        assert_eq!(r.code(), Code::Rollback);
        let r = Reason::ListVersionRefused {
            source: "new.json".into(),
            refusal: ListRefusal::RotationNotShown { trusted: 1, sequence: 3, carried: 0, required: 2 },
        };
        assert_eq!(r.code(), Code::RotationNotShown);
        assert!(r.to_string().starts_with("new.json: rotation not shown: governance changed between"), "{r}");
        assert!(r.to_string().ends_with("; ignored, the trusted version stands"), "{r}");
    }
}
