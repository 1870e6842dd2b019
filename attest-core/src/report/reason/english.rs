//! The report's English `detail` of each [`Reason`]: the sentence a
//! terminal shows, written from the reason's values. Scripts read the code,
//! people this; the certificate page writes its own, in three languages.

use std::fmt;

use super::{KeyRole, Reason};
use crate::digest::Sha256Digest;
use crate::report::ListRefusal;

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
            R::ProductNotApproved { refusal } | R::ProductRuleFailed { refusal } => write!(f, "{refusal}"),
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
