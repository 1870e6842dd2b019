//! Verifying many bundles at once: one decision over every list, and the
//! renewals among the certificates verified together.

use std::collections::BTreeSet;

use crate::attestation::Artefact;
use crate::bundle::Bundle;
use crate::certificate::Certificate;
use crate::error::Result;
use crate::policy::Policy;
use crate::report::{Check, Outcome, Reason, Step};
use crate::timestamp::Timestamp;
use crate::tlog::verify::CheckpointMemo;
use crate::trust::SignedList;

use super::verify::{Acceptance, BundleVerdict, VerifyContext, verify_bundle};

/// What verifying many bundles at once needs.
pub struct BatchRequest<'a> {
    /// The verifier's federation anchor.
    pub anchor: &'a SignedList,
    /// Lists given with `--trust-list`.
    pub extra: &'a [SignedList],
    /// The rollback state.
    pub state: Option<&'a crate::trust::StateDir>,
    /// `--subject` files.
    pub artefacts: &'a [Artefact],
    /// The verifier's own policy.
    pub own_policy: Option<&'a Policy>,
    /// The classes the verifier accepts.
    pub accept: Option<&'a Acceptance>,
    /// Verification time.
    pub time: Timestamp,
}

/// Verifies many bundles: the lists are decided once, and the bundles are
/// verified in parallel, each signature still checked on its own, strictly.
pub fn verify_batch(bundles: &[Bundle], req: &BatchRequest<'_>) -> Result<Vec<Result<BundleVerdict>>> {
    use rayon::prelude::*;

    // One decision over every list of every bundle and `--trust-list`, so
    // that the outcome cannot depend on the order of the bundles: a
    // revocation carried by any bundle applies to all of them.
    let mut seen = BTreeSet::new();
    let offered = bundles
        .iter()
        .flat_map(|b| b.trust_lists.iter().map(|l| &**l))
        .chain(req.extra)
        .filter(|l| seen.insert(l.digest))
        .cloned();
    let lists = crate::trust::believe(req.anchor.clone(), offered, req.state, req.time)?;
    let ctx = VerifyContext {
        lists: &lists,
        artefacts: req.artefacts,
        own_policy: req.own_policy,
        accept: req.accept,
        time: req.time,
        checkpoints: CheckpointMemo::default(),
    };
    let mut verdicts: Vec<Result<BundleVerdict>> = bundles.par_iter().map(|b| verify_bundle(b, &ctx)).collect();
    mark_superseded(&mut verdicts);
    Ok(verdicts)
}

/// Within one batch, a verified certificate that `supersedes` another of
/// the same authority, issued later, marks the older one as superseded (a
/// warning: it is renewed, not revoked). A certificate that claims to renew
/// one of another authority, or a later one, fails step 3.
fn mark_superseded(verdicts: &mut [Result<BundleVerdict>]) {
    const STEP: &str = "3 certificate";
    let certs: Vec<Option<(bool, Certificate)>> = verdicts
        .iter()
        .map(|v| v.as_ref().ok().and_then(|v| v.certificate.clone().map(|c| (v.report.passed(), c))))
        .collect();
    // (which verdict, outcome, reason, renewed by)
    let mut marks: Vec<(usize, Outcome, Reason, Option<String>)> = Vec::new();
    for (i, new) in certs.iter().enumerate().filter_map(|(i, c)| c.as_ref().filter(|c| c.0).map(|c| (i, &c.1))) {
        let Some(old_id) = new.supersedes.as_deref() else { continue };
        for (j, old) in certs.iter().enumerate().filter_map(|(j, c)| c.as_ref().map(|c| (j, &c.1))) {
            if old.certificate_id != old_id {
                continue;
            }
            if old.issuer.authority != new.issuer.authority {
                let reason = Reason::RenewsOtherAuthority {
                    certificate: new.certificate_id.clone(),
                    old: old_id.to_owned(),
                    old_authority: old.issuer.authority.clone(),
                    authority: new.issuer.authority.clone(),
                };
                marks.push((i, Outcome::Fail, reason, None));
            } else if old.issued >= new.issued {
                let reason = Reason::RenewsLater {
                    certificate: new.certificate_id.clone(),
                    issued: new.issued,
                    old: old_id.to_owned(),
                    old_issued: old.issued,
                };
                marks.push((i, Outcome::Fail, reason, None));
            } else {
                let reason = Reason::Superseded { by: new.certificate_id.clone(), issued: new.issued };
                marks.push((j, Outcome::Warn, reason, Some(new.certificate_id.clone())));
            }
        }
    }
    for (k, v) in verdicts.iter_mut().enumerate() {
        let Ok(v) = v else { continue };
        for (_, outcome, reason, by) in marks.iter().filter(|m| m.0 == k) {
            let at = v
                .report
                .checks
                .iter()
                .rposition(|c| c.check.starts_with("3 "))
                .map_or(v.report.checks.len(), |p| p + 1);
            let check = Check {
                check: STEP.to_owned(),
                step: Step::Certificate,
                outcome: *outcome,
                detail: reason.to_string(),
                reason: Some(reason.clone()),
            };
            v.report.checks.insert(at, check);
            if by.is_some() {
                v.superseded_by.clone_from(by);
            }
        }
    }
}
