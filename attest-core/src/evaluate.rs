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
use crate::provenance::{self, Evidence, Input, ProductDecision};
use crate::report::{KeyRole, Outcome, Reason, Report, Step};
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
    report.merge("lists", &req.lists.report);
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
        report.fail(Step::Signature, "attestation: revoked signer", r.clone());
    }
    if suppliers.is_empty() {
        if revoked.is_empty() {
            report.fail(Step::Signature, "attestation: signers", Reason::NoSupplierKey);
        }
        return Ok(empty(report));
    }
    let verified = attestation::verify(
        req.attestation,
        req.attestation_doc,
        &VerifyRequest { keys: &suppliers, threshold: 1, artefacts: req.artefacts },
    )?;
    report.merge("attestation", &verified.report);
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
    match &outcome.product {
        ProductDecision::Approved { reason, .. } => {
            report.pass(Step::Provenance, "provenance: product", reason.clone())
        }
        ProductDecision::Refused(refusal) => {
            let reason = Reason::ProductNotApproved { refusal: refusal.clone() };
            report.fail(Step::Provenance, "provenance: product", reason);
        }
    }
    let blocked = Reason::ComponentsBlocked { counts: outcome.counts };
    if outcome.counts.blocked > 0 {
        report.fail(Step::Provenance, "provenance: components", blocked);
    } else {
        report.pass(Step::Provenance, "provenance: components", blocked.to_string());
    }

    let rules = policy::apply(req.policy, sbom, &outcome, verified.signers.len(), req.time);
    for r in &rules {
        let (name, rule, detail) = (format!("policy: {}", r.rule), r.rule.clone(), r.detail.clone());
        match r.outcome {
            Outcome::Pass => report.pass(Step::Policy, name, detail),
            Outcome::Skip => report.skip(Step::Policy, name, detail),
            Outcome::Fail => {
                // The product rule's detail is the product refusal's sentence:
                // carried as the refusal itself, so a reader can say it in
                // another language (the code and the English stay the same).
                let reason = match &outcome.product {
                    ProductDecision::Refused(refusal) if rule == policy::PRODUCT_RULE => {
                        Reason::ProductRuleFailed { refusal: refusal.clone() }
                    }
                    _ => Reason::PolicyRuleFailed { rule, detail },
                };
                report.fail(Step::Policy, name, reason)
            }
            Outcome::Warn => report.warn(Step::Policy, name, Reason::PolicyRuleWarning { rule, detail }),
        }
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
fn revoked_signers(envelope: &Envelope, lists: &Decision) -> Vec<Reason> {
    let mut out = Vec::new();
    for sig in &envelope.signatures {
        let Some(id) = sig.keyid.as_deref().and_then(|h| KeyId::from_hex(h).ok()) else { continue };
        for b in lists.believed() {
            if let Some(r) = b.list.list.revoked.keys.iter().find(|r| r.keyid == id) {
                out.push(Reason::KeyRevoked {
                    role: KeyRole::Signing,
                    key: id,
                    list: b.list.list.name.clone(),
                    reason: r.reason.clone(),
                });
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
            report.warn(Step::UpstreamEvidence, format!("evidence: {source}"), Reason::EvidenceNotInToto);
            continue;
        }
        let summary = env.verify(suppliers);
        if summary.verified.is_empty() {
            report.warn(Step::UpstreamEvidence, format!("evidence: {source}"), Reason::EvidenceUntrusted);
            continue;
        }
        let st: Statement<Box<RawValue>> = Statement::from_payload(&env.payload, PREDICATE_CYCLONEDX, source)?;
        report.pass(
            Step::UpstreamEvidence,
            format!("evidence: {source}"),
            format!("{} subject(s), signed by {} supplier key(s)", st.subject.len(), summary.verified.len()),
        );
        out.push(Evidence { source: source.clone(), signers: summary.verified, subjects: st.subject });
    }
    Ok(out)
}
