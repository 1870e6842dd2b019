//! Steps 3 (certificate, accepted class), 4 (revocation freshness), 5
//! (evidence) and 8 (transparency) of bundle verification.

use std::collections::BTreeSet;

use serde_json::value::RawValue;

use crate::bundle::Bundle;
use crate::certificate::{Certificate, RESULT_PASSED};
use crate::digest::Sha256Digest;
use crate::dsse::{Envelope, KeySet, PAYLOAD_TYPE_IN_TOTO};
use crate::error::Result;
use crate::keys::{KeyId, PublicKey};
use crate::report::{KeyRole, Reason, Report, Step};
use crate::statement::{Statement, same_subjects};
use crate::timestamp::Timestamp;
use crate::tlog::verify::Step as ProofStep;
use crate::trust::verify::Decision;
use crate::trust::{Authority, ClassRef, Entry, EntryBody, Status, TrustList};

use super::authority::revoked_key;
use super::verify::{Acceptance, EquivalenceUsed};

/// Step 3 under `--accept-class`: the certificate's class is one the
/// verifier accepts, or an equivalence entry of the anchor maps (issuer's
/// jurisdiction, class) to (verifier's jurisdiction, an accepted class) and
/// was granted both when the certificate was issued and now.
pub(super) fn check_class(
    cert: &Certificate,
    anchor: &TrustList,
    accept: &Acceptance,
    time: Timestamp,
    report: &mut Report,
) -> Option<EquivalenceUsed> {
    const STEP: &str = "3 certificate";
    let wanted = accept.classes.join(", ");
    if accept.classes.contains(&cert.class) {
        report.pass(Step::Certificate, STEP, format!("class {} is one you accept ({wanted})", cert.class));
        return None;
    }
    let from = ClassRef { jurisdiction: cert.issuer.jurisdiction.clone(), class: cert.class.clone() };
    let equivalences = || {
        anchor.entries.iter().filter_map(|e| match &e.body {
            EntryBody::Equivalence { from, to } => Some((e, from, to)),
            _ => None,
        })
    };
    let mut refusals = Vec::new();
    for (e, f, to) in equivalences() {
        if *f != from || to.jurisdiction != accept.jurisdiction || !accept.classes.contains(&to.class) {
            continue;
        }
        let (then, now) = (e.status_at(cert.issued), e.status_at(time));
        if then == Status::Granted && now == Status::Granted {
            report.pass(
                Step::Certificate,
                STEP,
                format!(
                    "class {from} accepted as {to} through equivalence {} of {} sequence {}",
                    e.id, anchor.name, anchor.sequence
                ),
            );
            return Some(EquivalenceUsed {
                entry: e.id.clone(),
                list: anchor.name.clone(),
                sequence: anchor.sequence,
                from: from.clone(),
                to: to.clone(),
            });
        }
        if then != Status::Granted {
            refusals.push(Reason::EquivalenceNotGrantedAtIssue {
                entry: e.id.clone(),
                from: from.clone(),
                to: to.clone(),
                status: then,
                issued: cert.issued,
            });
        }
        if now != Status::Granted {
            refusals.push(Reason::EquivalenceNotGranted {
                entry: e.id.clone(),
                from: from.clone(),
                to: to.clone(),
                status: now,
                since: e.history.iter().rev().find(|c| c.since <= time).map(|c| c.since),
                federation: anchor.name.clone(),
                sequence: anchor.sequence,
            });
        }
    }
    if refusals.is_empty() {
        let reversed = equivalences().find(|(_, f, to)| {
            **to == from && f.jurisdiction == accept.jurisdiction && accept.classes.contains(&f.class)
        });
        refusals.push(match reversed {
            Some((e, f, _)) => Reason::EquivalenceReversed {
                entry: e.id.clone(),
                reverse_from: f.clone(),
                from: from.clone(),
                federation: anchor.name.clone(),
                jurisdiction: accept.jurisdiction.clone(),
                accepted: accept.classes.clone(),
            },
            None => Reason::ClassNotAccepted {
                from: from.clone(),
                accepted: accept.classes.clone(),
                federation: anchor.name.clone(),
                jurisdiction: accept.jurisdiction.clone(),
            },
        });
    }
    for r in refusals {
        report.fail(Step::Certificate, STEP, r);
    }
    None
}

/// Step 8 in the report.
pub(super) fn report_transparency(step: &ProofStep, federation: &str, report: &mut Report) {
    const STEP: &str = "8 transparency";
    match step {
        ProofStep::NotDeclared { proof_present: false } => {
            report.skip(Step::Transparency, STEP, format!("{federation} declares no transparency rule"))
        }
        ProofStep::NotDeclared { proof_present: true } => report.skip(
            Step::Transparency,
            STEP,
            format!("the bundle carries a proof, not checked: {federation} declares no transparency rule"),
        ),
        ProofStep::Absent { rule } if rule.required => {
            report.fail(Step::Transparency, STEP, Reason::ProofRequired { federation: federation.to_owned() })
        }
        ProofStep::Absent { .. } => {
            report.warn(Step::Transparency, STEP, Reason::ProofNotYetRequired { federation: federation.to_owned() })
        }
        ProofStep::Verified(w) => report.pass(Step::Transparency, STEP, w.describe()),
        ProofStep::Failed(reasons) => {
            for r in reasons {
                report.fail(Step::Transparency, STEP, r.clone());
            }
        }
    }
}

/// Step 3: result, recognition, validity window, length, revocation.
pub(super) fn check_certificate(
    cert: &Certificate,
    (entry, authority): (&Entry, &Authority),
    anchor: &TrustList,
    lists: &[&TrustList],
    time: Timestamp,
    report: &mut Report,
) {
    const STEP: &str = "3 certificate";
    let mut problems = Vec::new();
    if cert.evaluation.result != RESULT_PASSED {
        problems.push(Reason::ResultNotPassed { result: cert.evaluation.result.clone() });
    }
    if !cert.recognition.contains(&anchor.name) {
        problems.push(Reason::RecognitionNotAsked {
            recognition: cert.recognition.clone(),
            federation: anchor.name.clone(),
        });
    }
    if cert.not_before != cert.issued {
        problems.push(Reason::NotBeforeDiffers);
    }
    if cert.issued > time {
        problems.push(Reason::IssuedAfter { issued: cert.issued, time });
    }
    if time < cert.not_before || time > cert.not_after {
        problems.push(Reason::NotValidAt { not_before: cert.not_before, not_after: cert.not_after, time });
    }
    let seconds = cert.not_after.unix() - cert.issued.unix();
    if let Some(max) = authority.max_validity_days
        && seconds > i64::from(max) * 86_400
    {
        problems.push(Reason::ValidityTooLong { seconds, authority: entry.id.clone(), max });
    }
    for l in lists {
        if let Some(r) = l.revoked.certificates.iter().find(|r| r.authority == entry.id && r.id == cert.certificate_id)
        {
            problems.push(Reason::CertificateRevoked {
                certificate: cert.certificate_id.clone(),
                list: l.name.clone(),
                reason: r.reason.clone(),
            });
        }
    }
    if problems.is_empty() {
        report.pass(
            Step::Certificate,
            STEP,
            format!("{} class {}, valid {} .. {}", cert.certificate_id, cert.class, cert.not_before, cert.not_after),
        );
    } else {
        for p in problems {
            report.fail(Step::Certificate, STEP, p);
        }
    }
}

/// Step 4: an unexpired, believed version of the issuer's national list.
pub(super) fn check_freshness(
    cert: &Certificate,
    anchor: &TrustList,
    lists: &Decision,
    time: Timestamp,
    report: &mut Report,
) {
    const STEP: &str = "4 revocation freshness";
    let national = anchor.entries.iter().find_map(|e| match &e.body {
        EntryBody::TrustList(r)
            if r.jurisdiction == cert.issuer.jurisdiction && e.status_at(time) == Status::Granted =>
        {
            Some((e, r))
        }
        _ => None,
    });
    let Some((entry, recognised)) = national else {
        let reason =
            Reason::NoNationalList { federation: anchor.name.clone(), jurisdiction: cert.issuer.jurisdiction.clone() };
        report.fail(Step::RevocationFreshness, STEP, reason);
        return;
    };
    let believed = lists.believed().find(|b| b.recognised_by == Some(entry.id.as_str()));
    match believed {
        Some(b) if b.list.list.next_update > time => report.pass(
            Step::RevocationFreshness,
            STEP,
            format!(
                "{} sequence {} is current (until {})",
                b.list.list.name, b.list.list.sequence, b.list.list.next_update
            ),
        ),
        Some(b) => report.fail(
            Step::RevocationFreshness,
            STEP,
            Reason::NationalListExpired {
                list: b.list.list.name.clone(),
                sequence: b.list.list.sequence,
                next_update: b.list.list.next_update,
            },
        ),
        None => report.fail(
            Step::RevocationFreshness,
            STEP,
            Reason::NationalListAbsent { list: recognised.list_name.clone() },
        ),
    }
}

/// Step 5: the bundle's evidence is what the certificate was issued on.
pub(super) fn check_evidence(
    bundle: &Bundle,
    cert_st: &Statement<Certificate>,
    lists: &[&TrustList],
    report: &mut Report,
) -> Result<()> {
    const STEP: &str = "5 evidence";
    let cert = &cert_st.predicate;
    let mut problems = Vec::new();
    let att_digest = Sha256Digest::of(&bundle.attestation.payload);
    if att_digest != cert.evaluation.attestation.digest.sha256 {
        problems.push(Reason::AttestationDigestMismatch {
            actual: att_digest,
            certified: cert.evaluation.attestation.digest.sha256,
        });
    } else {
        bundle.attestation.expect_type(PAYLOAD_TYPE_IN_TOTO, &format!("{} (attestation)", bundle.source))?;
        let att: Statement<Box<RawValue>> = Statement::from_payload(
            &bundle.attestation.payload,
            crate::attestation::PREDICATE_CYCLONEDX,
            &format!("{} (attestation)", bundle.source),
        )?;
        if !same_subjects(&att.subject, &cert_st.subject) {
            problems.push(Reason::SubjectsDiffer);
        }
        for s in &att.subject {
            for l in lists {
                if let Some(r) = l.revoked.artefacts.iter().find(|r| r.digest.matches(&s.digest)) {
                    problems.push(Reason::ArtefactRevoked {
                        artefact: s.name.clone(),
                        list: l.name.clone(),
                        reason: r.reason.clone(),
                    });
                }
            }
        }
        let (verified, hinted) = attestation_signers(&bundle.attestation, lists);
        if verified.is_empty() {
            problems.push(Reason::NoTrustedAttestationSigner);
        }
        for id in verified.iter().chain(&hinted) {
            if let Some((list, reason)) = revoked_key(lists, id) {
                problems.push(Reason::KeyRevoked {
                    role: KeyRole::AttestationSigner,
                    key: *id,
                    list: list.to_owned(),
                    reason: reason.to_owned(),
                });
            }
        }
    }
    let policy_digest = bundle.policy_digest()?;
    if policy_digest != cert.evaluation.policy.digest.sha256 {
        problems.push(Reason::PolicyDigestMismatch {
            actual: policy_digest,
            certified: cert.evaluation.policy.digest.sha256,
        });
    }
    for l in &cert.evaluation.trust_lists {
        if !bundle.trust_lists.iter().any(|b| b.digest == l.digest.sha256) {
            problems.push(Reason::ListNotInBundle {
                list: l.name.clone(),
                sequence: l.sequence,
                digest: l.digest.sha256,
            });
        }
    }
    if problems.is_empty() {
        report.pass(
            Step::Evidence,
            STEP,
            format!(
                "attestation {att_digest}, policy {} and every list match the certificate",
                cert.evaluation.policy.id
            ),
        );
    } else {
        for p in problems {
            report.fail(Step::Evidence, STEP, p);
        }
    }
    Ok(())
}

/// The ids of keys listed anywhere in the believed lists that verify the
/// attestation, and every `keyid` hint (a revoked key must fail closed even
/// when no list still carries its public half). The certificate pins only
/// the payload, so without the first set a bundle whose signatures were
/// stripped would escape the revocation check.
fn attestation_signers(env: &Envelope, lists: &[&TrustList]) -> (BTreeSet<KeyId>, BTreeSet<KeyId>) {
    let mut keys: Vec<PublicKey> = Vec::new();
    let mut seen = BTreeSet::new();
    for l in lists {
        for e in &l.entries {
            for k in e.keys() {
                if seen.insert(k.keyid)
                    && let Ok(pk) = k.public()
                {
                    keys.push(pk);
                }
            }
        }
    }
    let verified: BTreeSet<KeyId> =
        KeySet::new(keys).map(|set| env.verify(&set).verified.into_iter().collect()).unwrap_or_default();
    let hinted =
        env.signatures.iter().filter_map(|s| s.keyid.as_deref().and_then(|h| KeyId::from_hex(h).ok())).collect();
    (verified, hinted)
}
