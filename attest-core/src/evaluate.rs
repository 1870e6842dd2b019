//! The full evaluation of an attestation (`verify --anchor … --policy …`):
//! believed lists, the vendor's signatures against the suppliers those lists
//! grant, every component's provenance, and the national policy.
//!
//! `certify issue` runs exactly this before it may issue anything, and
//! `certify verify --policy` runs it again under the verifier's own policy,
//! so the three can never disagree about what "passed" means.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use crate::attestation::{self, Artefact, PREDICATE_CYCLONEDX, VerifyRequest};
use crate::digest::Sha256Digest;
use crate::dsse::{Envelope, KeySet, PAYLOAD_TYPE_IN_TOTO};
use crate::error::Result;
use crate::jsontree::Json;
use crate::keys::{KeyId, PublicKey};
use crate::policy::{self, Policy, RuleResult};
use crate::provenance::{self, Evidence, Input};
use crate::report::{Outcome, Report};
use crate::statement::{Statement, Subject};
use crate::timestamp::Timestamp;
use crate::trust::verify::Decision;

/// What an evaluation needs.
pub struct Request<'a> {
    /// The vendor's attestation.
    pub attestation: &'a Envelope,
    /// Its name in reports.
    pub attestation_doc: &'a str,
    /// The lists believed (from [`crate::trust::verify::decide`]).
    pub lists: &'a Decision,
    /// The national policy.
    pub policy: &'a Policy,
    /// Upstream attestations (`--evidence DIR`), with their names.
    pub evidence: &'a [(String, Envelope)],
    /// Files that must match a subject.
    pub artefacts: &'a [Artefact],
    /// The evaluation time.
    pub time: Timestamp,
}

/// The parts of a verified statement a certificate repeats. The SBOM itself
/// is dropped once judged: it is the largest thing attest holds, and nothing
/// after the evaluation needs more of it than this.
#[derive(Debug)]
pub struct Attested {
    /// The statement's subjects (the released artefacts).
    pub subjects: Vec<Subject>,
    /// The SBOM's `metadata.component` (the product), if it has one.
    pub product: Option<serde_json::Value>,
}

/// The result: one report naming every check, plus the structured parts.
#[derive(Debug)]
pub struct Evaluation {
    /// Every check: lists, signatures, statement, product, policy rules.
    pub report: Report,
    /// Per-component decisions (when the attestation verified).
    pub provenance: Option<provenance::Decisions>,
    /// Every policy rule.
    pub policy: Vec<RuleResult>,
    /// What a certificate repeats of the verified statement (present when
    /// the attestation verified).
    pub attested: Option<Attested>,
    /// SHA-256 of the attestation's payload (what certificates pin).
    pub attestation_digest: Sha256Digest,
    /// Supplier keys whose signatures verified.
    pub signers: Vec<KeyId>,
}

impl Evaluation {
    /// Whether everything passed.
    pub fn passed(&self) -> bool {
        self.report.passed()
    }
}

fn merge(into: &mut Report, section: &str, from: &Report) {
    for c in &from.checks {
        into.push(format!("{section}: {}", c.check), c.outcome, c.detail.clone());
    }
}

/// The granted, unrevoked supplier keys of the believed lists, each once.
fn supplier_key_set(lists: &Decision, time: Timestamp) -> KeySet {
    let mut by_id: BTreeMap<KeyId, PublicKey> = BTreeMap::new();
    for k in provenance::supplier_keys(&lists.lists(), time) {
        by_id.entry(k.id()).or_insert(k);
    }
    // Distinct by construction, so `new` cannot refuse it.
    KeySet::new(by_id.into_values().collect()).unwrap_or_default()
}

/// Runs the evaluation.
pub fn evaluate(req: &Request<'_>) -> Result<Evaluation> {
    let mut report = Report::new(req.attestation_doc);
    let attestation_digest = Sha256Digest::of(&req.attestation.payload);
    merge(&mut report, "lists", &req.lists.report);
    let empty = |report: Report| Evaluation {
        report,
        provenance: None,
        policy: Vec::new(),
        attested: None,
        attestation_digest,
        signers: Vec::new(),
    };
    if req.lists.anchor().is_none() {
        return Ok(empty(report));
    }

    let suppliers = supplier_key_set(req.lists, req.time);
    let revoked = revoked_signers(req.attestation, req.lists);
    for r in &revoked {
        report.fail("attestation: revoked signer", r.clone());
    }
    if suppliers.is_empty() {
        if revoked.is_empty() {
            report.fail(
                "attestation: signers",
                "untrusted signer: the believed lists grant no supplier key at this time",
            );
        }
        return Ok(empty(report));
    }
    let verified = attestation::verify(
        req.attestation,
        req.attestation_doc,
        &VerifyRequest { keys: &suppliers, threshold: 1, artefacts: req.artefacts },
    )?;
    merge(&mut report, "attestation", &verified.report);
    let Some(statement) = verified.statement else {
        return Ok(empty(report));
    };
    let sbom = &statement.predicate;

    let evidence = read_evidence(req.evidence, &suppliers, &mut report)?;
    let lists = req.lists.lists();
    let outcome = provenance::decide(&Input {
        sbom,
        lists: &lists,
        signers: &verified.signers,
        evidence: &evidence,
        time: req.time,
    })?;
    if outcome.product.ok {
        report.pass("provenance: product", outcome.product.reason.clone());
    } else {
        report.fail("provenance: product", outcome.product.reason.clone());
    }
    let c = &outcome.counts;
    report.push(
        "provenance: components",
        if c.blocked > 0 { Outcome::Fail } else { Outcome::Pass },
        format!(
            "{} component(s): {} verified, {} listed, {} first-party, {} unknown, {} blocked",
            c.total, c.verified, c.listed, c.first_party, c.unknown, c.blocked
        ),
    );

    let rules = policy::apply(req.policy, sbom, &outcome, verified.signers.len(), req.time);
    for r in &rules {
        report.push(format!("policy: {}", r.rule), r.outcome, r.detail.clone());
    }
    Ok(Evaluation {
        report,
        provenance: Some(outcome),
        policy: rules,
        attested: Some(Attested {
            product: statement.predicate.pointer("/metadata/component").map(Json::to_value),
            subjects: statement.subject,
        }),
        attestation_digest,
        signers: verified.signers,
    })
}

/// Signatures whose `keyid` names a key revoked in a believed list, with
/// the revocation, so that a failure says *why* the vendor is not trusted
/// (docs/threat-model.md T10). Such signatures never count: revoked keys are not in
/// the supplier key set.
fn revoked_signers(envelope: &Envelope, lists: &Decision) -> Vec<String> {
    let mut out = Vec::new();
    for sig in &envelope.signatures {
        let Some(id) = sig.keyid.as_deref().and_then(|h| KeyId::from_hex(h).ok()) else { continue };
        for b in lists.believed() {
            if let Some(r) = b.list.list.revoked.keys.iter().find(|r| r.keyid == id) {
                out.push(format!("revoked: signing key {id} is revoked in {}: {}", b.list.list.name, r.reason));
            }
        }
    }
    out
}

/// Verifies each upstream attestation against the supplier keys; one that
/// does not verify is ignored with a warning (it can only add `verified`
/// statuses, never take anything away).
fn read_evidence(evidence: &[(String, Envelope)], suppliers: &KeySet, report: &mut Report) -> Result<Vec<Evidence>> {
    let mut out = Vec::new();
    for (source, env) in evidence {
        if env.payload_type != PAYLOAD_TYPE_IN_TOTO {
            report.push(format!("evidence: {source}"), Outcome::Warn, "not an in-toto attestation; ignored");
            continue;
        }
        let summary = env.verify(suppliers);
        if summary.verified.is_empty() {
            report.push(
                format!("evidence: {source}"),
                Outcome::Warn,
                "untrusted signer: signed by no granted supplier key; ignored",
            );
            continue;
        }
        let st: Statement<Box<RawValue>> = Statement::from_payload(&env.payload, PREDICATE_CYCLONEDX, source)?;
        report.pass(
            format!("evidence: {source}"),
            format!("{} subject(s), signed by {} supplier key(s)", st.subject.len(), summary.verified.len()),
        );
        out.push(Evidence { source: source.clone(), signers: summary.verified, subjects: st.subject });
    }
    Ok(out)
}
