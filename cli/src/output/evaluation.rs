//! The evaluation of an attestation under a policy, as `verify --policy`
//! and `certify issue` print it: a per-component table and every check for
//! people, or one JSON document (docs/json-output.md).

use attest_core::evaluate::Evaluation;
use attest_core::provenance::ComponentStatus;
use attest_core::trust::verify::{Believed, Decision};
use serde_json::json;

use crate::Ctx;
use crate::args::OutputFormat;
use crate::output::{escape, print_json, print_table, render_report};

/// Prints an evaluation: per-component table and every check, or one JSON
/// document.
pub(crate) fn print_evaluation(ctx: &Ctx, ev: &Evaluation, lists: &Decision) -> anyhow::Result<()> {
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
fn evaluation_json<'a>(ev: &'a Evaluation, lists: &'a Decision) -> impl serde::Serialize + 'a {
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
        lists: lists.believed().map(|b| believed_json(&b)).collect(),
        policy: &ev.policy,
        product: ev.provenance.as_ref().map(|p| &p.product),
        signers: ev.signers.iter().map(ToString::to_string).collect(),
        verified: ev.passed(),
    }
}

/// A believed list as the JSON outputs name it (docs/json-output.md).
pub(crate) fn believed_json(b: &Believed) -> serde_json::Value {
    json!({
        "name": b.list.list.name, "jurisdiction": b.list.list.jurisdiction,
        "sequence": b.list.list.sequence, "digest": b.list.digest.to_hex(),
        "recognisedBy": b.recognised_by,
    })
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
