//! Why a check failed or warned, as a type (docs/json-output.md, "Codes").
//!
//! Each [`Reason`] holds the values its sentence is made from (names,
//! sequences, times, digests); its `Display` (in `english.rs`) writes the
//! English `detail` of the report, and [`Reason::code`] (in `code.rs`) the
//! stable kebab-case [`Code`](super::Code) that the JSON output carries
//! beside it. A caller that needs the class of a failure matches on the
//! reason or its code, never on the prose.

mod english;

use super::{Check, ListRefusal};
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

/// Why a check failed or warned. `Display` writes the report's English
/// detail; [`Reason::code`] its class.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    // Trust lists (step 1).
    /// The anchor lacks a threshold of its own governance.
    AnchorBelowThreshold {
        /// The anchor's file.
        source: String,
        /// How many of the required keys signed.
        signed: usize,
        /// How many are required.
        required: usize,
    },
    /// A recognising entry is not granted.
    RecognitionNotGranted {
        /// The entry's id.
        entry: String,
        /// The federation list's name.
        federation: String,
        /// The entry's status at `time`.
        status: Status,
        /// The evaluation time.
        time: Timestamp,
    },
    /// A second granted entry pins the same list.
    RecognitionRepeated {
        /// The entry's id.
        entry: String,
        /// The list it pins again.
        list: String,
    },
    /// A recognised list lacks its threshold once revoked keys are set aside.
    RecognisedSignersRevoked {
        /// The recognised list's sequence number.
        sequence: u64,
        /// How many of its governors signed, revoked keys set aside.
        signed: usize,
        /// The list whose revocations were set aside.
        federation: String,
        /// How many are required.
        required: usize,
    },
    /// A list that is neither the anchor nor recognised by it.
    ListNotRecognised {
        /// Where the list came from: its file, or the bundle and its place in it.
        source: String,
        /// The list's name.
        name: String,
        /// The list's jurisdiction.
        jurisdiction: String,
    },
    /// The state holds another version with the trusted sequence.
    StateFork {
        /// The sequence both versions carry.
        sequence: u64,
        /// The digest of the version the state holds.
        stored: Sha256Digest,
        /// The digest of the version trusted now, when known.
        trusted: Option<Sha256Digest>,
    },
    /// A version issued after the evaluation time.
    ListIssuedLater {
        /// Where the list came from: its file, or the bundle and its place in it.
        source: String,
        /// When the version says it was issued.
        issued: Timestamp,
        /// The evaluation time.
        time: Timestamp,
    },
    /// A version older than the trusted one (`rejected` when named, not
    /// merely offered).
    Rollback {
        /// Where the list came from: its file, or the bundle and its place in it.
        source: String,
        /// The offered version's sequence.
        sequence: u64,
        /// The trusted sequence.
        trusted: u64,
        /// Named by the caller (a rollback rejected), not merely offered (an older copy ignored).
        rejected: bool,
    },
    /// A different version with the trusted sequence.
    Fork {
        /// Where the list came from: its file, or the bundle and its place in it.
        source: String,
        /// The trusted sequence, which the other version carries too.
        sequence: u64,
        /// The other version's digest.
        digest: Sha256Digest,
        /// The trusted version's digest, when known.
        trusted: Option<Sha256Digest>,
    },
    /// A newer version that may not follow the trusted one.
    ListVersionRefused {
        /// Where the list came from: its file, or the bundle and its place in it.
        source: String,
        /// Why it may not follow the trusted version.
        refusal: ListRefusal,
    },
    /// A list past its `nextUpdate`.
    Expired {
        /// The expired version's sequence.
        sequence: u64,
        /// The list's `nextUpdate`.
        next_update: Timestamp,
        /// The evaluation time.
        time: Timestamp,
    },

    // Attestations.
    /// A signature that does not count (warning) or does not verify (failure).
    Signature(SignatureStatus),
    /// Fewer distinct trusted signers than required.
    BelowThreshold {
        /// How many distinct trusted keys signed.
        signed: usize,
        /// How many are required.
        required: usize,
    },
    /// A `--subject` file that is not a subject (`certified`: of the
    /// certificate, step 6; else of the attestation).
    SubjectMismatch {
        /// The `--subject` file.
        artefact: String,
        /// The file's SHA-256.
        sha256: Sha256Digest,
        /// Checked against the certificate's subjects (step 6), not the attestation's.
        certified: bool,
    },
    /// A revoked key.
    KeyRevoked {
        /// Whose key it is.
        role: KeyRole,
        /// The revoked key.
        key: KeyId,
        /// The list that revokes it.
        list: String,
        /// The revocation's reason, as the list's governors wrote it.
        reason: String,
    },
    /// The believed lists grant no supplier key.
    NoSupplierKey,
    /// The product is not approved.
    ProductNotApproved {
        /// Why: no product, revoked, no purl, no signer, or no signing key vouching for it.
        refusal: ProductRefusal,
    },
    /// Blocked components.
    ComponentsBlocked {
        /// The components by status.
        counts: Counts,
    },
    /// A policy rule failed, with the rule's own sentence.
    PolicyRuleFailed {
        /// The rule's id (`components.blocked`).
        rule: String,
        /// The rule's own sentence.
        detail: String,
    },
    /// The policy's `product` rule failed: the product refusal, as a type
    /// (the rule's sentence is its English).
    ProductRuleFailed {
        /// Why the product is not approved.
        refusal: ProductRefusal,
    },
    /// A policy rule warns, with the rule's own sentence.
    PolicyRuleWarning {
        /// The rule's id (`components.blocked`).
        rule: String,
        /// The rule's own sentence.
        detail: String,
    },
    /// Upstream evidence that is not an in-toto attestation.
    EvidenceNotInToto,
    /// Upstream evidence signed by no granted supplier key.
    EvidenceUntrusted,

    // `certify issue`.
    /// The policy has no `certificate` section.
    NoCertificateTerms {
        /// The policy's name.
        policy: String,
    },
    /// The authority is not an authority entry of the federation.
    NotAnAuthority {
        /// The authority's entry id.
        authority: String,
        /// The federation list's name.
        federation: String,
    },
    /// The authority is not granted.
    AuthorityNotGranted {
        /// The authority's entry id.
        authority: String,
        /// Its status now.
        status: Status,
        /// The federation list's name.
        federation: String,
    },
    /// The signing key is not the authority's.
    KeyNotOfAuthority {
        /// The signing key.
        key: KeyId,
        /// The authority's entry id.
        authority: String,
    },
    /// The authority may not certify the policy's class.
    ClassNotCertifiable {
        /// The authority's entry id.
        authority: String,
        /// The classes the authority may certify.
        certifies: Vec<String>,
        /// The policy's class.
        class: String,
    },
    /// The policy's validity exceeds the authority's `maxValidityDays`.
    ValidityExceeds {
        /// The policy's validity in days.
        days: u32,
        /// The authority's entry id.
        authority: String,
    },

    // Step 2: issuer.
    /// No authority key of the federation verifies the certificate.
    NoAuthorityKeyVerifies {
        /// The federation list's name.
        federation: String,
    },
    /// The certificate names another authority or key than the one that signed.
    IssuerMismatch {
        /// The authority the certificate names.
        named: String,
        /// The key the certificate names.
        named_key: KeyId,
        /// The key that signed.
        key: KeyId,
        /// The authority that key is of.
        authority: String,
    },
    /// The certificate claims another jurisdiction than the authority's.
    JurisdictionMismatch {
        /// The jurisdiction the certificate claims.
        claimed: String,
        /// The authority's entry id.
        authority: String,
        /// The authority's jurisdiction, if it has one.
        actual: Option<String>,
    },
    /// The authority was not granted when the certificate was issued.
    NotGrantedAtIssue {
        /// The authority's entry id.
        authority: String,
        /// Its status at `issued`.
        status: Status,
        /// When the certificate was issued.
        issued: Timestamp,
    },
    /// The authority's status changed before the certificate was first witnessed.
    WitnessedAfterChange {
        /// The authority's entry id.
        authority: String,
        /// The status it changed to.
        status: Status,
        /// When the status changed.
        since: Timestamp,
        /// The certificate's id.
        certificate: String,
        /// When the certificate was first witnessed.
        witnessed: Timestamp,
    },
    /// A later status change grandfathered other certificates only.
    NotGrandfathered {
        /// The authority's entry id.
        authority: String,
        /// The status it changed to.
        status: Status,
        /// When the status changed.
        since: Timestamp,
        /// The certificate's id.
        certificate: String,
    },
    /// The certificate's accreditation is not the one now recorded (a warning).
    AccreditationChanged {
        /// The accreditation the certificate states.
        claimed: String,
        /// The authority's entry id.
        authority: String,
        /// The accreditation the entry records now, if any.
        now: Option<String>,
    },
    /// The authority may not certify the certificate's class.
    ClassNotCertified {
        /// The authority's entry id.
        authority: String,
        /// The certificate's class.
        class: String,
    },

    // Step 3: certificate.
    /// The evaluation result is not `PASSED`.
    ResultNotPassed {
        /// The result the certificate states.
        result: String,
    },
    /// The certificate asks for recognition elsewhere.
    RecognitionNotAsked {
        /// Where the certificate asks to be recognised.
        recognition: Vec<String>,
        /// The federation list's name.
        federation: String,
    },
    /// `notBefore` differs from `issued`.
    NotBeforeDiffers,
    /// Issued after the verification time.
    IssuedAfter {
        /// When the certificate was issued.
        issued: Timestamp,
        /// The verification time.
        time: Timestamp,
    },
    /// Outside the validity window.
    NotValidAt {
        /// The certificate's `notBefore`.
        not_before: Timestamp,
        /// The certificate's `notAfter`.
        not_after: Timestamp,
        /// The verification time.
        time: Timestamp,
    },
    /// Valid longer than the authority may certify.
    ValidityTooLong {
        /// The certificate's validity in seconds.
        seconds: i64,
        /// The authority's entry id.
        authority: String,
        /// The authority's `maxValidityDays`.
        max: u32,
    },
    /// The certificate is revoked.
    CertificateRevoked {
        /// The certificate's id.
        certificate: String,
        /// The list that revokes it.
        list: String,
        /// The revocation's reason, as the list's governors wrote it.
        reason: String,
    },
    /// The equivalence was not granted when the certificate was issued.
    EquivalenceNotGrantedAtIssue {
        /// The entry's id.
        entry: String,
        /// The class as its own state calls it.
        from: ClassRef,
        /// The class it is accepted as.
        to: ClassRef,
        /// Its status at `issued`.
        status: Status,
        /// When the certificate was issued.
        issued: Timestamp,
    },
    /// The equivalence is not granted now.
    EquivalenceNotGranted {
        /// The entry's id.
        entry: String,
        /// The class as its own state calls it.
        from: ClassRef,
        /// The class it is accepted as.
        to: ClassRef,
        /// Its status now.
        status: Status,
        /// Since when, if its history says.
        since: Option<Timestamp>,
        /// The federation list's name.
        federation: String,
        /// The federation list's sequence.
        sequence: u64,
    },
    /// Only an equivalence the other way exists.
    EquivalenceReversed {
        /// The entry's id.
        entry: String,
        /// The class the entry maps from (the verifier's own state's).
        reverse_from: ClassRef,
        /// The certificate's class.
        from: ClassRef,
        /// The federation list's name.
        federation: String,
        /// The verifier's jurisdiction.
        jurisdiction: String,
        /// The classes the verifier accepts.
        accepted: Vec<String>,
    },
    /// The class is not accepted and no equivalence maps it.
    ClassNotAccepted {
        /// The certificate's class.
        from: ClassRef,
        /// The classes the verifier accepts.
        accepted: Vec<String>,
        /// The federation list's name.
        federation: String,
        /// The verifier's jurisdiction.
        jurisdiction: String,
    },
    /// A certificate claims to renew one of another authority.
    RenewsOtherAuthority {
        /// The renewing certificate's id.
        certificate: String,
        /// The renewed certificate's id.
        old: String,
        /// The renewed certificate's authority.
        old_authority: String,
        /// The renewing certificate's authority.
        authority: String,
    },
    /// A certificate claims to renew one issued later.
    RenewsLater {
        /// The renewing certificate's id.
        certificate: String,
        /// When the renewing certificate was issued.
        issued: Timestamp,
        /// The renewed certificate's id.
        old: String,
        /// When the renewed certificate was issued.
        old_issued: Timestamp,
    },
    /// A newer certificate renews this one (a warning).
    Superseded {
        /// The newer certificate's id.
        by: String,
        /// When the newer certificate was issued.
        issued: Timestamp,
    },

    // Step 4: revocation freshness.
    /// The federation recognises no national list of the jurisdiction.
    NoNationalList {
        /// The federation list's name.
        federation: String,
        /// The issuer's jurisdiction.
        jurisdiction: String,
    },
    /// The newest version of the national list has expired.
    NationalListExpired {
        /// The national list's name.
        list: String,
        /// Its newest version's sequence.
        sequence: u64,
        /// That version's `nextUpdate`.
        next_update: Timestamp,
    },
    /// No verified version of the national list was given.
    NationalListAbsent {
        /// The national list's name.
        list: String,
    },

    // Step 5: evidence.
    /// The attestation is not the one certified.
    AttestationDigestMismatch {
        /// The given attestation's digest.
        actual: Sha256Digest,
        /// The digest the certificate was issued on.
        certified: Sha256Digest,
    },
    /// The attestation's subjects differ from the certificate's.
    SubjectsDiffer,
    /// A certified artefact is revoked.
    ArtefactRevoked {
        /// The artefact's name.
        artefact: String,
        /// The list that revokes it.
        list: String,
        /// The revocation's reason, as the list's governors wrote it.
        reason: String,
    },
    /// No signature on the attestation verifies with a listed key.
    NoTrustedAttestationSigner,
    /// The policy is not the one certified.
    PolicyDigestMismatch {
        /// The given policy's digest (RFC 8785).
        actual: Sha256Digest,
        /// The digest the certificate names.
        certified: Sha256Digest,
    },
    /// A list the certificate names is not in the bundle.
    ListNotInBundle {
        /// The list's name.
        list: String,
        /// The list's sequence number.
        sequence: u64,
        /// The version's digest.
        digest: Sha256Digest,
    },

    // Step 7: own policy.
    /// The re-evaluation under the verifier's policy failed, with its failed
    /// checks.
    OwnPolicyFailed {
        /// The verifier's policy's name.
        policy: String,
        /// The checks that failed under it.
        failures: Vec<Check>,
    },

    // Step 8: transparency.
    /// The federation requires a proof and the bundle has none.
    ProofRequired {
        /// The federation list's name.
        federation: String,
    },
    /// No proof, not yet required (a warning).
    ProofNotYetRequired {
        /// The federation list's name.
        federation: String,
    },
    /// The proof cannot be read.
    MalformedProof {
        /// What is wrong with it, as the parser says it.
        error: String,
    },
    /// No granted log covers the authority.
    NoLogCovers {
        /// The federation list's name.
        federation: String,
        /// The certificate's authority.
        authority: String,
    },
    /// The checkpoint is not signed by a granted log of the authority.
    CheckpointNotSigned {
        /// The checkpoint's origin line.
        origin: String,
        /// The certificate's authority.
        authority: String,
        /// The federation list's name.
        federation: String,
    },
    /// The certificate's entry is not at the proof's index.
    NotIncluded {
        /// The index the proof claims.
        index: u64,
        /// The log's origin.
        log: String,
        /// The checkpoint's tree size.
        size: u64,
    },
    /// The certificate cannot be rebuilt as a log entry.
    EntryNotRebuilt {
        /// Why the entry could not be made.
        error: String,
    },
    /// A witness's key is revoked.
    WitnessKeyRevoked {
        /// The witness's name.
        witness: String,
        /// Its revoked key.
        key: KeyId,
    },
    /// A cosignature at an impossible time.
    CosignedAtImpossibleTime {
        /// The witness's name.
        witness: String,
        /// The cosignature's Unix time.
        time: u64,
    },
    /// A cosignature that does not verify.
    CosignatureInvalid {
        /// The witness it claims to be from.
        witness: String,
    },
    /// Fewer counted witnesses than the quorum.
    BelowQuorum {
        /// How many granted witnesses' cosignatures counted.
        counted: usize,
        /// The quorum the federation requires.
        quorum: usize,
    },
    /// Every counted witness is of one jurisdiction.
    OneJurisdiction {
        /// The one jurisdiction of every counted witness.
        jurisdictions: Vec<String>,
        /// The quorum the federation requires.
        quorum: usize,
    },
    /// Witnessed before the certificate was issued.
    WitnessedBeforeIssued {
        /// When it was first witnessed.
        at: Timestamp,
        /// The certificate's `issued`.
        issued: Timestamp,
    },
    /// Witnessed later than the federation allows.
    WitnessedLate {
        /// When it was first witnessed.
        at: Timestamp,
        /// Seconds from `issued` to the first cosignature.
        delay: i64,
        /// The certificate's `issued`.
        issued: Timestamp,
        /// The federation's `maxDelay` in seconds.
        max: u64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;

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
