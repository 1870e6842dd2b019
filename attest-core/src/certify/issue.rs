//! `certify issue`: evaluate, check the issuer, and build the bundle only
//! when everything passed.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::attestation::Artefact;
use crate::bundle::{Bundle, policy_digest};
use crate::certificate::{
    Assessment, CertScope, Certificate, DigestRef, EvaluationSummary, Issuer, ListRef, PolicyRef, Product,
    RESULT_PASSED, RuleOutcome, RuleResult, Version, check_certificate_id, check_conditions, new_certificate_id,
    sha256_ref,
};
use crate::dsse::{Envelope, PAYLOAD_TYPE_IN_TOTO};
use crate::error::{Error, Result};
use crate::evaluate::{self, Evaluation};
use crate::json::to_vec;
use crate::policy::Policy;
use crate::report::{KeyRole, Outcome, Reason, Report, Step};
use crate::signer::Signer;
use crate::statement::{STATEMENT_TYPE, Statement};
use crate::timestamp::Timestamp;
use crate::trust::verify::Decision;
use crate::trust::{Authority, Entry, SignedList, Status};

use super::authority::revoked_key;

/// The SBOM conformance profiles a certificate states: those its policy
/// requires (`sbom.profiles`), every requirement of which the evaluation
/// found met, since nothing is issued when a rule fails (docs/formats.md).
fn profiles_met(policy: &Policy) -> Vec<String> {
    let required = policy.sbom.as_ref().and_then(|s| s.profiles.as_deref()).unwrap_or_default();
    required.iter().map(|p| p.name().to_owned()).collect()
}

/// What `certify issue` needs.
pub struct IssueRequest<'a> {
    /// The authority's signing key.
    pub key: &'a dyn Signer,
    /// The authority's entry id in the federation list.
    pub authority: &'a str,
    /// The vendor's attestation.
    pub attestation: &'a Envelope,
    /// Its name in reports.
    pub attestation_doc: &'a str,
    /// The issuer's own believed lists (from its national anchor).
    pub national: &'a Decision,
    /// The federation list, believed (self-anchored, with state).
    pub federation: &'a Decision,
    /// The policy.
    pub policy: &'a Policy,
    /// The policy's bytes, as digested and embedded.
    pub policy_bytes: &'a [u8],
    /// Upstream attestations.
    pub evidence: &'a [(String, Envelope)],
    /// Files that must match a subject.
    pub artefacts: &'a [Artefact],
    /// Issue time.
    pub time: Timestamp,
    /// A certificate id to use instead of a random one.
    pub certificate_id: Option<String>,
    /// Conditions and limitations, as the issuer writes them.
    pub conditions: &'a [String],
    /// The certificate this one renews.
    pub supersedes: Option<String>,
}

/// The outcome of `certify issue`.
#[derive(Debug)]
pub struct Issued {
    /// The evaluation, then the issuer's checks.
    pub report: Report,
    /// The national evaluation.
    pub evaluation: Evaluation,
    /// The bundle, only when every check passed.
    pub bundle: Option<(Certificate, Bundle)>,
}

/// Evaluates, checks the issuer, and builds the bundle only when all passed.
pub fn issue(req: &IssueRequest<'_>) -> Result<Issued> {
    let evaluation = evaluate::evaluate(&evaluate::Request {
        attestation: req.attestation,
        attestation_doc: req.attestation_doc,
        lists: req.national,
        policy: req.policy,
        evidence: req.evidence,
        artefacts: req.artefacts,
        time: req.time,
    })?;
    let mut report = evaluation.report.clone();
    report.merge("federation", &req.federation.report);
    let terms = req.policy.certificate.as_ref();
    let class = terms.and_then(|c| c.class.clone());
    let validity_days = terms.and_then(|c| c.validity_days);
    let (Some(class), Some(validity_days)) = (class, validity_days) else {
        report.fail(Step::Issuer, "issuer: class", Reason::NoCertificateTerms { policy: req.policy.id.clone() });
        return Ok(Issued { report, evaluation, bundle: None });
    };
    let entry = check_issuer(req, &class, validity_days, &mut report);
    let (Some((_, authority)), true, Some(attested)) = (entry, report.passed(), evaluation.attested.as_ref()) else {
        return Ok(Issued { report, evaluation, bundle: None });
    };
    let Some(fed) = req.federation.anchor() else {
        return Ok(Issued { report, evaluation, bundle: None });
    };
    let jurisdiction = authority.jurisdiction.clone();
    let certificate_id = match &req.certificate_id {
        Some(id) => {
            check_certificate_id(id).map_err(|r| Error::Usage(format!("--certificate-id: {r}")))?;
            id.clone()
        }
        None => new_certificate_id(&jurisdiction, req.time)?,
    };
    check_conditions(req.conditions).map_err(|r| Error::Usage(format!("--condition: {r}")))?;
    if let Some(old) = &req.supersedes {
        check_certificate_id(old).map_err(|r| Error::Usage(format!("--supersedes: {r}")))?;
        if *old == certificate_id {
            return Err(Error::Usage("--supersedes names the new certificate itself".into()));
        }
    }
    let rules = evaluation
        .policy
        .iter()
        .map(|r| {
            let outcome = match r.outcome {
                Outcome::Pass => RuleResult::Pass,
                Outcome::Warn => RuleResult::Warn,
                Outcome::Skip => RuleResult::Skip,
                // The report passed, so no rule failed; fail closed all the same.
                Outcome::Fail => return Err(Error::Usage(format!("policy rule {} failed", r.rule))),
            };
            Ok(RuleOutcome { rule: r.rule.clone(), outcome, detail: r.detail.clone() })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut lists: Vec<&SignedList> = vec![fed];
    lists.extend(req.national.believed().map(|b| b.list));
    let mut seen = BTreeSet::new();
    lists.retain(|l| seen.insert(l.digest));
    let certificate = Certificate {
        certificate_id,
        issuer: Issuer {
            authority: req.authority.to_owned(),
            jurisdiction,
            keyid: req.key.public().id(),
            accreditation: authority.accreditation.clone(),
        },
        product: None,
        scope: Some(CertScope { product: product(attested.product.as_ref())?, artefacts: attested.subjects.clone() }),
        assessment: Some(Assessment { rules, sbom_profiles: profiles_met(req.policy) }),
        conditions: req.conditions.to_vec(),
        supersedes: req.supersedes.clone(),
        evaluation: EvaluationSummary {
            policy: PolicyRef {
                id: req.policy.id.clone(),
                digest: sha256_ref(policy_digest(req.policy_bytes, "policy")?),
            },
            attestation: DigestRef { digest: sha256_ref(evaluation.attestation_digest) },
            trust_lists: lists
                .iter()
                .map(|l| ListRef {
                    name: l.list.name.clone(),
                    jurisdiction: l.list.jurisdiction.clone(),
                    sequence: l.list.sequence,
                    digest: sha256_ref(l.digest),
                })
                .collect(),
            components: evaluation.provenance.as_ref().map(|p| p.counts).unwrap_or_default(),
            result: RESULT_PASSED.to_owned(),
        },
        class,
        recognition: vec![fed.list.name.clone()],
        issued: req.time,
        not_before: req.time,
        not_after: req.time.plus_days(i64::from(validity_days)),
    };
    let st = Statement {
        type_: STATEMENT_TYPE.to_owned(),
        subject: attested.subjects.clone(),
        predicate_type: Version::V2.predicate_type().to_owned(),
        predicate: &certificate,
    };
    let envelope = Envelope::sign(PAYLOAD_TYPE_IN_TOTO, to_vec(&st)?, req.key)?;
    report.pass(
        Step::Certificate,
        "certificate",
        format!("{} issued {}, valid until {}", certificate.certificate_id, certificate.issued, certificate.not_after),
    );
    let bundle = Bundle {
        certificate: envelope,
        attestation: req.attestation.clone(),
        policy_bytes: req.policy_bytes.to_vec(),
        policy: req.policy.clone(),
        trust_lists: lists.into_iter().map(|l| Arc::new(l.clone())).collect(),
        transparency: None,
        source: "new bundle".to_owned(),
    };
    Ok(Issued { report, evaluation, bundle: Some((certificate, bundle)) })
}

/// The product from the SBOM's `metadata.component`.
fn product(c: Option<&serde_json::Value>) -> Result<Product> {
    let field = |k: &str| c.and_then(|c| c.get(k)).and_then(|v| v.as_str()).map(str::to_owned);
    let supplier = c.and_then(|c| c.pointer("/supplier/name")).and_then(|v| v.as_str()).map(str::to_owned);
    let name = field("name").ok_or_else(|| Error::malformed("SBOM", "`metadata.component.name` is missing"))?;
    Ok(Product { name, version: field("version"), supplier, purl: field("purl") })
}

/// The issuer must be a granted authority of the federation, holding KEY,
/// allowed to certify the policy's class for at least its validity.
fn check_issuer<'a>(
    req: &IssueRequest<'a>,
    class: &str,
    validity_days: u32,
    report: &mut Report,
) -> Option<(&'a Entry, &'a Authority)> {
    let fed = req.federation.anchor()?;
    let Some((entry, authority)) = fed.list.entry(req.authority).and_then(|e| Some((e, e.authority()?))) else {
        let reason = Reason::NotAnAuthority { authority: req.authority.to_owned(), federation: fed.list.name.clone() };
        report.fail(Step::Issuer, "issuer", reason);
        return None;
    };
    let mut ok = true;
    let status = entry.status_at(req.time);
    if status != Status::Granted {
        let reason =
            Reason::AuthorityNotGranted { authority: entry.id.clone(), status, federation: fed.list.name.clone() };
        report.fail(Step::Issuer, "issuer", reason);
        ok = false;
    }
    let id = req.key.public().id();
    if !authority.keys.iter().any(|k| k.keyid == id) {
        report.fail(Step::Issuer, "issuer: key", Reason::KeyNotOfAuthority { key: id, authority: entry.id.clone() });
        ok = false;
    }
    let mut lists = req.federation.lists();
    lists.extend(req.national.lists());
    if let Some((list, reason)) = revoked_key(&lists, &id) {
        let reason =
            Reason::KeyRevoked { role: KeyRole::Issuing, key: id, list: list.to_owned(), reason: reason.to_owned() };
        report.fail(Step::Issuer, "issuer: key", reason);
        ok = false;
    }
    if !authority.certifies.iter().any(|c| c == class) {
        let reason = Reason::ClassNotCertifiable {
            authority: entry.id.clone(),
            certifies: authority.certifies.clone(),
            class: class.to_owned(),
        };
        report.fail(Step::Issuer, "issuer: class", reason);
        ok = false;
    }
    if authority.max_validity_days.is_some_and(|m| validity_days > m) {
        let reason = Reason::ValidityExceeds { days: validity_days, authority: entry.id.clone() };
        report.fail(Step::Issuer, "issuer: validity", reason);
        ok = false;
    }
    if ok {
        report.pass(
            Step::Issuer,
            "issuer",
            format!("{} is a granted authority of {} for class {class}, key {id}", entry.id, fed.list.name),
        );
        Some((entry, authority))
    } else {
        None
    }
}
