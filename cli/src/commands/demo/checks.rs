//! The checks the demo's actors run, and the one-line verdicts the story prints.

use attest_core::attestation::{self, Artefact, VerifyRequest};
use attest_core::bundle::Bundle;
use attest_core::certify::{self, Acceptance, VerifyContext};
use attest_core::dsse::{Envelope, KeySet};
use attest_core::evaluate;
use attest_core::policy::Policy;
use attest_core::report::Report;
use attest_core::timestamp::Timestamp;
use attest_core::tlog::verify::CheckpointMemo;
use attest_core::trust::SignedList;

use attest_core::trust::StateDir;
use attest_core::trust::verify::Decision;

pub(super) fn check_signatures(envelope: &Envelope, keys: &KeySet, artefacts: &[Artefact]) -> anyhow::Result<Report> {
    let req = VerifyRequest { keys, threshold: 1, artefacts };
    Ok(attestation::verify(envelope, "acme-gateway.att.json", &req)?.report)
}

/// [`believe::believe`] from a borrowed anchor: the demo uses each list in
/// several steps.
pub(super) fn believe(
    anchor: &SignedList,
    offered: Vec<SignedList>,
    state: &StateDir,
    time: Timestamp,
) -> anyhow::Result<Decision> {
    Ok(attest_core::trust::believe(anchor.clone(), offered, Some(state), time)?)
}

pub(super) fn verify_offline(
    bundle: &Bundle,
    federation: &SignedList,
    newer: &[SignedList],
    state: &StateDir,
    artefacts: &[Artefact],
    terms: Option<(&Policy, &Acceptance)>,
    time: Timestamp,
) -> anyhow::Result<Report> {
    let mut offered: Vec<SignedList> = bundle.trust_lists.iter().map(|l| SignedList::clone(l)).collect();
    offered.extend(newer.iter().cloned());
    let lists = believe(federation, offered, state, time)?;
    let ctx = VerifyContext {
        lists: &lists,
        artefacts,
        own_policy: terms.map(|t| t.0),
        accept: terms.map(|t| t.1),
        time,
        checkpoints: CheckpointMemo::default(),
    };
    Ok(certify::verify_bundle(bundle, &ctx)?.report)
}

/// A verdict that shows how step 3 accepted the class.
pub(super) fn class_verdict(report: &Report) -> String {
    let class = report.checks.iter().rev().find(|c| c.check.starts_with("3 ") && c.detail.starts_with("class "));
    match class {
        Some(c) if report.passed() => format!("VERIFIED: {}", c.detail),
        _ => verdict(report),
    }
}

pub(super) fn verdict(report: &Report) -> String {
    if report.passed() {
        "VERIFIED".to_owned()
    } else {
        let reasons: Vec<&str> = report.failures().map(|c| c.detail.as_str()).collect();
        format!("NOT VERIFIED: {}", reasons.join("; "))
    }
}

pub(super) fn bundle_verdict(report: &Report) -> String {
    if report.passed() {
        let steps = report.checks.iter().filter(|c| c.check.starts_with(char::is_numeric)).count();
        format!(
            "VERIFIED ({steps} checks passed: lists, issuer, certificate, revocation freshness, evidence, artefacts)"
        )
    } else {
        verdict(report)
    }
}

pub(super) fn evaluation_summary(ev: &evaluate::Evaluation) -> String {
    let counts = ev.provenance.as_ref().map(|p| {
        let c = &p.counts;
        format!(
            "{} components: {} verified, {} listed, {} first-party, {} unknown, {} blocked",
            c.total, c.verified, c.listed, c.first_party, c.unknown, c.blocked
        )
    });
    let counts = counts.unwrap_or_else(|| "no components judged".to_owned());
    if ev.passed() {
        format!("PASSED ({counts}; every policy rule met)")
    } else {
        let reasons: Vec<&str> = ev.report.failures().map(|c| c.detail.as_str()).collect();
        format!("FAILED ({counts}): {}", reasons.join("; "))
    }
}
