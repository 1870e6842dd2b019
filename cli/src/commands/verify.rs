//! `attest verify ENVELOPE --key PUB…` (signatures and subjects) and
//! `attest verify ENVELOPE --anchor LIST --policy POLICY` (full evaluation).

use std::path::Path;

use attest_core::attestation::{VerifyRequest, verify};
use attest_core::dsse::KeySet;
use attest_core::evaluate;
use serde_json::json;

use crate::args::{OutputFormat, VerifyArgs};
use crate::inputs::{Anchored, artefacts, public_keys, read_attestation, read_evidence_dir, read_policy};
use crate::output::evaluation::print_evaluation;
use crate::output::{print_json, render_report};
use crate::{Ctx, Verdict};

pub(crate) fn run(ctx: &Ctx, a: VerifyArgs) -> anyhow::Result<Verdict> {
    refuse_flags_of_the_other_mode(&a)?;
    match (&a.anchor, &a.policy) {
        (Some(anchor), Some(policy)) => run_evaluation(ctx, &a, anchor, policy),
        _ => run_keys(ctx, &a),
    }
}

/// The two modes take different flags, and clap lets some through together
/// (`--key` and `--anchor` are alternatives, so the `requires` between the
/// anchor's flags is not enforced beside `--key`). A flag the chosen mode
/// would not apply is refused with the reason, never silently dropped: a
/// `--policy` ignored would print VERIFIED for an SBOM that breaks it.
fn refuse_flags_of_the_other_mode(a: &VerifyArgs) -> anyhow::Result<()> {
    let refuse = |msg: &str| Err(attest_core::Error::Usage(msg.to_owned()).into());
    if !a.key.is_empty() {
        if a.policy.is_some() {
            return refuse(
                "--policy needs --anchor: with --key attest checks signatures and subjects only, and a policy's \
                 rules need the believed trust lists. Use --anchor LIST --policy POLICY, or drop --policy",
            );
        }
        if !a.trust_lists.is_empty() || a.evidence.is_some() {
            return refuse(
                "--trust-list and --evidence need --anchor: with --key attest checks signatures and subjects only",
            );
        }
    }
    if a.anchor.is_some() && a.threshold.is_some() {
        return refuse(
            "--threshold applies to --key only: with --anchor, the trust lists decide whose signatures count",
        );
    }
    Ok(())
}

fn run_keys(ctx: &Ctx, a: &VerifyArgs) -> anyhow::Result<Verdict> {
    let keys = KeySet::new(public_keys(&a.key, "verify --key")?)
        .map_err(|id| attest_core::Error::Usage(format!("key {id} is given twice with --key; each key counts once")))?;
    let artefacts = artefacts(&a.subject)?;
    let doc = a.envelope.display().to_string();
    let envelope = read_attestation(&a.envelope, ctx.limits, "verify")?;
    let req = VerifyRequest { keys: &keys, threshold: a.threshold.unwrap_or(1), artefacts: &artefacts };
    let verified = verify(&envelope, &doc, &req)?;
    let ok = verified.report.passed();
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "document": doc,
            "verified": ok,
            "signers": verified.signers.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "subjects": verified.statement.as_ref().map(|s| &s.subject),
            "checks": verified.report.checks,
        }))?,
        OutputFormat::Human => out!("{}", render_report(&verified.report, "VERIFIED", "NOT VERIFIED")),
    }
    Ok(if ok { Verdict::Ok } else { Verdict::Failed })
}

fn run_evaluation(ctx: &Ctx, a: &VerifyArgs, anchor: &Path, policy: &Path) -> anyhow::Result<Verdict> {
    let policy = read_policy(policy, "verify --policy")?.policy;
    let lists = Anchored::read(ctx, anchor, &a.trust_lists, "verify")?.believe(ctx, [])?;
    let envelope = read_attestation(&a.envelope, ctx.limits, "verify")?;
    let evidence = read_evidence_dir(a.evidence.as_deref(), ctx.limits)?;
    let artefacts = artefacts(&a.subject)?;
    let doc = a.envelope.display().to_string();
    let ev = evaluate::evaluate(&evaluate::Request {
        attestation: &envelope,
        attestation_doc: &doc,
        lists: &lists,
        policy: &policy,
        evidence: &evidence,
        artefacts: &artefacts,
        time: ctx.time,
    })?;
    print_evaluation(ctx, &ev, &lists)?;
    Ok(if ev.passed() { Verdict::Ok } else { Verdict::Failed })
}
