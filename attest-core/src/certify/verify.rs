//! Offline verification of one bundle: the steps of docs/formats.md, in
//! order, each named in the report.

use crate::attestation::Artefact;
use crate::bundle::Bundle;
use crate::certificate::Certificate;
use crate::dsse::PAYLOAD_TYPE_IN_TOTO;
use crate::error::Result;
use crate::evaluate::{self, Evaluation};
use crate::policy::Policy;
use crate::report::{Check, Reason, Report, Step};
use crate::statement::matching_subject;
use crate::timestamp::Timestamp;
use crate::tlog::verify::{CheckpointMemo, Step as ProofStep, Witnessing};
use crate::trust::ClassRef;
use crate::trust::verify::Decision;

use super::authority::{check_issuer_entry, signing_authorities};
use super::steps::{check_certificate, check_class, check_evidence, check_freshness, report_transparency};

/// What offline verification of one bundle found.
#[derive(Debug)]
pub struct BundleVerdict {
    /// The seven steps, each named.
    pub report: Report,
    /// The certificate, when its signature verified.
    pub certificate: Option<Certificate>,
    /// The re-evaluation under the verifier's own policy (step 7).
    pub own: Option<Evaluation>,
    /// Where and when the certificate was logged and witnessed (step 8),
    /// when its proof verified.
    pub witnessing: Option<Witnessing>,
    /// The equivalence through which step 3 accepted the certificate's
    /// class, when it did so by one.
    pub equivalence: Option<EquivalenceUsed>,
    /// The id of a certificate verified in the same batch that renews this one.
    pub superseded_by: Option<String>,
    /// The issuing authority's `name` in the verifier's federation list (the
    /// entry whose key verified the certificate), so that people read who
    /// issued it, not only its id; `None` when the entry has no name or
    /// verification stopped before step 2.
    pub issuer_name: Option<String>,
}

impl BundleVerdict {
    /// The verdict of a verification that stopped with `report`: nothing
    /// beyond the report was established.
    pub fn stopped(report: Report) -> Self {
        BundleVerdict {
            report,
            certificate: None,
            own: None,
            witnessing: None,
            equivalence: None,
            superseded_by: None,
            issuer_name: None,
        }
    }
}

/// The verifier's own terms for step 3: the classes it accepts in its own
/// jurisdiction (`--accept-class`, or its policy's
/// `recognition.acceptClasses`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// The verifier's jurisdiction (its policy's).
    pub jurisdiction: String,
    /// The classes it accepts, in its own names.
    pub classes: Vec<String>,
}

/// An equivalence entry that accepted a certificate's class, and where it
/// came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EquivalenceUsed {
    /// The entry id.
    pub entry: String,
    /// The federation list that carries it.
    pub list: String,
    /// That list's version.
    pub sequence: u64,
    /// The issuer's class.
    pub from: ClassRef,
    /// The verifier's class it counts as.
    pub to: ClassRef,
}

/// What verifying one bundle needs besides the bundle.
pub struct VerifyContext<'a> {
    /// The believed lists: the verifier's anchor, with the bundle's and
    /// `--trust-list`'s lists offered.
    pub lists: &'a Decision,
    /// `--subject` files.
    pub artefacts: &'a [Artefact],
    /// The verifier's own policy.
    pub own_policy: Option<&'a Policy>,
    /// The classes the verifier accepts; `None` accepts any class the
    /// issuer may certify.
    pub accept: Option<&'a Acceptance>,
    /// Verification time.
    pub time: Timestamp,
    /// Step 8's conclusions about the checkpoints met so far, shared by the
    /// bundles verified under this context (`CheckpointMemo::default()`).
    pub checkpoints: CheckpointMemo,
}

/// The offline steps of docs/formats.md, in order, each named in the report.
pub fn verify_bundle(bundle: &Bundle, ctx: &VerifyContext<'_>) -> Result<BundleVerdict> {
    let mut report = Report::new(bundle.source.clone());
    // 1. Lists.
    report.merge("1 lists", &ctx.lists.report);
    let Some(anchor) = ctx.lists.anchor() else {
        return Ok(BundleVerdict::stopped(report));
    };
    let lists = ctx.lists.lists();

    // 2. Issuer: which authority keys verify the certificate; the one the
    // certificate names must be among them.
    bundle.certificate.expect_type(PAYLOAD_TYPE_IN_TOTO, &format!("{} (certificate)", bundle.source))?;
    let signers = signing_authorities(&bundle.certificate, &anchor.list);
    if signers.is_empty() {
        let reason = Reason::NoAuthorityKeyVerifies { federation: anchor.list.name.clone() };
        report.fail(Step::Issuer, "2 issuer", reason);
        return Ok(BundleVerdict::stopped(report));
    }
    let st =
        crate::certificate::parse_statement(&bundle.certificate.payload, &format!("{} (certificate)", bundle.source))?;
    let cert = st.predicate.clone();
    let named = signers.iter().find(|(e, _, k)| e.id == cert.issuer.authority && *k == cert.issuer.keyid);
    let Some(&(entry, authority, key)) = named.or(signers.first()) else {
        return Ok(BundleVerdict::stopped(report));
    };
    let issuer_name = entry.name.clone();
    // Step 8 is judged first: a certificate witnessed before its
    // authority's withdrawal stands without a grandfathered list (step 2).
    let transparency = crate::tlog::verify::check(
        &bundle.certificate,
        &cert,
        bundle.transparency.as_ref().map(|t| t.proof.as_str()),
        &anchor.list,
        &lists,
        ctx.time,
        &ctx.checkpoints,
    );
    let witnessed = match &transparency {
        ProofStep::Verified(w) => w.witnessed,
        _ => None,
    };
    check_issuer_entry(&cert, (entry, authority), key, &lists, witnessed, &mut report);

    // 3. Certificate.
    check_certificate(&cert, (entry, authority), &anchor.list, &lists, ctx.time, &mut report);
    let equivalence = ctx.accept.and_then(|a| check_class(&cert, &anchor.list, a, ctx.time, &mut report));

    // 4. Revocation freshness.
    check_freshness(&cert, &anchor.list, ctx.lists, ctx.time, &mut report);

    // 5. Evidence.
    check_evidence(bundle, &st, &lists, &mut report)?;

    // 6. Artefacts.
    if ctx.artefacts.is_empty() {
        report.skip(Step::Artefacts, "6 artefacts", "no --subject given");
    }
    for a in ctx.artefacts {
        match matching_subject(&st.subject, &a.digests) {
            Some(s) => report.pass(Step::Artefacts, "6 artefacts", format!("{} matches subject {:?}", a.name, s.name)),
            None => report.fail(
                Step::Artefacts,
                "6 artefacts",
                Reason::SubjectMismatch { artefact: a.name.clone(), sha256: a.digests.sha256, certified: true },
            ),
        }
    }

    // 7. Own policy.
    let own = match ctx.own_policy {
        None => {
            report.skip(Step::OwnPolicy, "7 own policy", "no --policy given");
            None
        }
        Some(policy) => {
            let ev = evaluate::evaluate(&evaluate::Request {
                attestation: &bundle.attestation,
                attestation_doc: &format!("{} (attestation)", bundle.source),
                lists: ctx.lists,
                policy,
                evidence: &[],
                artefacts: &[],
                time: ctx.time,
            })?;
            let failures: Vec<Check> = ev.report.failures().cloned().collect();
            if failures.is_empty() {
                report.pass(Step::OwnPolicy, "7 own policy", format!("PASSED under {} as well", policy.id));
            } else {
                let reason = Reason::OwnPolicyFailed { policy: policy.id.clone(), failures };
                report.fail(Step::OwnPolicy, "7 own policy", reason);
            }
            Some(ev)
        }
    };
    // 8. Transparency.
    report_transparency(&transparency, &anchor.list.name, &mut report);
    let witnessing = match transparency {
        ProofStep::Verified(w) => Some(w),
        _ => None,
    };
    Ok(BundleVerdict {
        report,
        certificate: Some(cert),
        own,
        witnessing,
        equivalence,
        superseded_by: None,
        issuer_name,
    })
}
