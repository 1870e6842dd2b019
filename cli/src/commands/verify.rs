//! `attest verify ENVELOPE --key PUB…` (signatures and subjects) and
//! `attest verify ENVELOPE --anchor LIST --policy POLICY` (full evaluation).

use std::path::{Path, PathBuf};

use attest_core::attestation::{Artefact, VerifyRequest, verify};
use attest_core::digest::hash_file;
use attest_core::dsse::{Envelope, KeySet};
use attest_core::evaluate::{self, Evaluation};
use attest_core::fsio::read_bounded;
use attest_core::keys::load_public_key;
use attest_core::kind::{self, Kind};
use attest_core::limits::{Limits, MAX_DOCUMENT_BYTES};
use attest_core::policy::Policy;
use attest_core::provenance::ComponentStatus;
use attest_core::trust::verify::{Decision, Origin, Request, decide};
use serde_json::json;

use crate::args::{OutputFormat, VerifyArgs};
use crate::commands::sign::subject_name;
use crate::commands::trust::{read_signed, state_dir};
use crate::output::{escape, print_json, print_table, render_report};
use crate::{Ctx, Verdict};

/// Reads an attestation envelope, bounded; a file of another kind is refused
/// naming both kinds and `taker`, the command and flag that took it.
pub fn read_envelope(path: &Path, limits: Limits, taker: &str) -> anyhow::Result<Envelope> {
    let doc = path.display().to_string();
    let bytes = read_bounded(path, limits.envelope_bytes, "envelope")?;
    kind::expect(&bytes, &doc, &[Kind::Attestation]).map_err(|e| e.taken_by(taker))?;
    Ok(Envelope::from_json(&bytes, &doc)?)
}

/// Hashes the `--subject` files.
pub fn artefacts(paths: &[PathBuf]) -> anyhow::Result<Vec<Artefact>> {
    paths.iter().map(|p| Ok(Artefact { name: subject_name(p), digests: hash_file(p, false)?.digest_set() })).collect()
}

pub fn run(ctx: &Ctx, a: VerifyArgs) -> anyhow::Result<Verdict> {
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
    let keys = a
        .key
        .iter()
        .map(|p| load_public_key(p).map_err(|e| e.taken_by("verify --key")))
        .collect::<Result<Vec<_>, _>>()?;
    let keys = KeySet::new(keys)
        .map_err(|id| attest_core::Error::Usage(format!("key {id} is given twice with --key; each key counts once")))?;
    let artefacts = artefacts(&a.subject)?;
    let doc = a.envelope.display().to_string();
    let envelope = read_envelope(&a.envelope, ctx.limits, "verify")?;
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

/// Decides the believed lists from `--anchor`, `--trust-list` and extra
/// lists (from bundles), with the rollback state.
pub fn believed_lists(
    ctx: &Ctx,
    anchor: &Path,
    trust_lists: &[PathBuf],
    extra: Vec<attest_core::trust::SignedList>,
    command: &str,
) -> anyhow::Result<Decision> {
    let state = state_dir(ctx)?;
    let anchor = read_signed(anchor, &format!("{command} --anchor"))?;
    let taker = format!("{command} --trust-list");
    let mut candidates = trust_lists
        .iter()
        .map(|p| Ok((read_signed(p, &taker)?, Origin::Offered)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    candidates.extend(extra.into_iter().map(|l| (l, Origin::Offered)));
    Ok(decide(Request { anchor, candidates, state: Some(&state), time: ctx.time })?)
}

/// Reads a policy file given to `taker` (the command and flag).
pub fn read_policy(path: &Path, taker: &str) -> anyhow::Result<Policy> {
    let doc = path.display().to_string();
    let bytes = read_bounded(path, MAX_DOCUMENT_BYTES, "policy")?;
    kind::expect(&bytes, &doc, &[Kind::Policy]).map_err(|e| e.taken_by(taker))?;
    Ok(Policy::from_json(&bytes, &doc)?)
}

/// Reads every `*.json` envelope in `--evidence DIR`, in name order.
pub fn read_evidence_dir(dir: Option<&Path>, limits: Limits) -> anyhow::Result<Vec<(String, Envelope)>> {
    let Some(dir) = dir else { return Ok(Vec::new()) };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| attest_core::Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| Ok((p.display().to_string(), read_envelope(&p, limits, "--evidence")?))).collect()
}

fn run_evaluation(ctx: &Ctx, a: &VerifyArgs, anchor: &Path, policy: &Path) -> anyhow::Result<Verdict> {
    let policy = read_policy(policy, "verify --policy")?;
    let lists = believed_lists(ctx, anchor, &a.trust_lists, Vec::new(), "verify")?;
    let envelope = read_envelope(&a.envelope, ctx.limits, "verify")?;
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

/// Prints an evaluation: per-component table and every check, or one JSON
/// document.
pub fn print_evaluation(ctx: &Ctx, ev: &Evaluation, lists: &Decision) -> anyhow::Result<()> {
    match ctx.output {
        OutputFormat::Json => print_json(&evaluation_json(ev, lists)),
        OutputFormat::Human => {
            if let Some(p) = &ev.provenance {
                let rows: Vec<[&str; 5]> = p
                    .components
                    .iter()
                    .map(|d| {
                        [
                            status_word(d.status),
                            &d.name,
                            d.version.as_deref().unwrap_or_default(),
                            d.purl.as_deref().unwrap_or_default(),
                            &d.reason,
                        ]
                    })
                    .collect();
                print_table(&["STATUS", "COMPONENT", "VERSION", "PURL", "WHY"], &rows)?;
                outln!();
            }
            out!("{}", render_report(&ev.report, "PASSED", "FAILED"));
            if !ev.passed() {
                outln!("\nreasons:");
                for c in ev.report.failures() {
                    outln!("  - {}: {}", escape(&c.check), escape(&c.detail));
                }
            }
            Ok(())
        }
    }
}

/// The JSON form of an evaluation (documented in docs/json-output.md),
/// serialised from references: a report of 100,000 components is written
/// out, never copied into a `serde_json::Value` first.
pub fn evaluation_json<'a>(ev: &'a Evaluation, lists: &'a Decision) -> impl serde::Serialize + 'a {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Shown<'a> {
        attestation_digest: String,
        checks: &'a [attest_core::report::Check],
        components: Option<&'a [attest_core::provenance::ComponentDecision]>,
        counts: Option<&'a attest_core::provenance::Counts>,
        document: &'a str,
        lists: Vec<serde_json::Value>,
        policy: &'a [attest_core::policy::RuleResult],
        product: Option<&'a attest_core::provenance::ProductDecision>,
        signers: Vec<String>,
        verified: bool,
    }
    Shown {
        attestation_digest: ev.attestation_digest.to_hex(),
        checks: &ev.report.checks,
        components: ev.provenance.as_ref().map(|p| p.components.as_slice()),
        counts: ev.provenance.as_ref().map(|p| &p.counts),
        document: &ev.report.document,
        lists: lists
            .believed()
            .map(|b| {
                json!({
                    "name": b.list.list.name, "jurisdiction": b.list.list.jurisdiction,
                    "sequence": b.list.list.sequence, "digest": b.list.digest.to_hex(),
                    "recognisedBy": b.recognised_by,
                })
            })
            .collect(),
        policy: &ev.policy,
        product: ev.provenance.as_ref().map(|p| &p.product),
        signers: ev.signers.iter().map(ToString::to_string).collect(),
        verified: ev.passed(),
    }
}

fn status_word(s: ComponentStatus) -> &'static str {
    match s {
        ComponentStatus::Verified => "verified",
        ComponentStatus::Listed => "listed",
        ComponentStatus::FirstParty => "first-party",
        ComponentStatus::Unknown => "UNKNOWN",
        ComponentStatus::Blocked => "BLOCKED",
    }
}
