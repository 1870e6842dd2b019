//! Issuing and verifying mutual-recognition certificates (docs/formats.md
//! "Certificate", "Bundle" and the offline steps).
//!
//! `issue` evaluates exactly as `verify --policy` does and writes nothing
//! unless everything passed. `verify_bundle` runs the seven offline steps,
//! each named in the report, with nothing but the verifier's federation
//! anchor, its state, and what the bundle carries.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::value::RawValue;

use crate::attestation::Artefact;
use crate::bundle::{Bundle, policy_digest};
use crate::certificate::{
    Assessment, CertScope, Certificate, DigestRef, EvaluationSummary, Issuer, ListRef, PolicyRef, Product,
    RESULT_PASSED, RuleOutcome, RuleResult, Version, check_certificate_id, check_conditions, new_certificate_id,
    sha256_ref,
};
use crate::digest::Sha256Digest;
use crate::dsse::{Envelope, KeySet, PAYLOAD_TYPE_IN_TOTO};
use crate::error::{Error, Result};
use crate::evaluate::{self, Evaluation};
use crate::json::to_vec;
use crate::keys::{KeyId, PublicKey};
use crate::policy::Policy;
use crate::report::{Check, KeyRole, Outcome, Reason, Report, Step};
use crate::signer::Signer;
use crate::statement::{STATEMENT_TYPE, Statement, matching_subject, same_subjects};
use crate::timestamp::Timestamp;
use crate::tlog::verify::{Step as ProofStep, Witnessing};
use crate::trust::verify::Decision;
use crate::trust::{Authority, ClassRef, Entry, EntryBody, SignedList, Status, TrustList};

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

/// Step 3 under `--accept-class`: the certificate's class is one the
/// verifier accepts, or an equivalence entry of the anchor maps (issuer's
/// jurisdiction, class) to (verifier's jurisdiction, an accepted class) and
/// was granted both when the certificate was issued and now.
fn check_class(
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

/// Step 8 in the report.
fn report_transparency(step: &ProofStep, federation: &str, report: &mut Report) {
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

/// Every (authority entry of `fed`, key of it) whose signature on `env`
/// verifies.
fn signing_authorities<'a>(env: &Envelope, fed: &'a TrustList) -> Vec<(&'a Entry, &'a Authority, KeyId)> {
    let mut out = Vec::new();
    for (e, a) in fed.entries.iter().filter_map(|e| Some((e, e.authority()?))) {
        if let Ok(keys) = e.key_set() {
            out.extend(env.verify(&keys).verified.into_iter().map(|k| (e, a, k)));
        }
    }
    out
}

fn revoked_key<'a>(lists: &[&'a TrustList], id: &KeyId) -> Option<(&'a str, &'a str)> {
    lists
        .iter()
        .find_map(|l| l.revoked.keys.iter().find(|r| r.keyid == *id).map(|r| (l.name.as_str(), r.reason.as_str())))
}

/// Step 2: granted at `issued` (or grandfathered), class, key.
fn check_issuer_entry(
    cert: &Certificate,
    (entry, authority): (&Entry, &Authority),
    key: KeyId,
    lists: &[&TrustList],
    witnessed: Option<Timestamp>,
    report: &mut Report,
) {
    const STEP: &str = "2 issuer";
    if cert.issuer.authority != entry.id || cert.issuer.keyid != key {
        let reason = Reason::IssuerMismatch {
            named: cert.issuer.authority.clone(),
            named_key: cert.issuer.keyid,
            key,
            authority: entry.id.clone(),
        };
        report.fail(Step::Issuer, STEP, reason);
        return;
    }
    if authority.jurisdiction != cert.issuer.jurisdiction {
        let reason = Reason::JurisdictionMismatch {
            claimed: cert.issuer.jurisdiction.clone(),
            authority: entry.id.clone(),
            actual: Some(authority.jurisdiction.clone()),
        };
        report.fail(Step::Issuer, STEP, reason);
    }
    match standing(entry, cert, witnessed) {
        Ok(detail) => report.pass(Step::Issuer, STEP, detail),
        Err(reason) => report.fail(Step::Issuer, STEP, *reason),
    }
    // The accreditation is the issuer's statement of what the federation
    // recorded at issue; a renewed accreditation since is worth a look,
    // not a refusal.
    if let Some(claimed) = &cert.issuer.accreditation
        && authority.accreditation.as_ref() != Some(claimed)
    {
        let reason = Reason::AccreditationChanged {
            claimed: claimed.clone(),
            authority: entry.id.clone(),
            now: authority.accreditation.clone(),
        };
        report.warn(Step::Issuer, STEP, reason);
    }
    if !authority.certifies.contains(&cert.class) {
        let reason = Reason::ClassNotCertified { authority: entry.id.clone(), class: cert.class.clone() };
        report.fail(Step::Issuer, STEP, reason);
    }
    if let Some((list, reason)) = revoked_key(lists, &key) {
        let reason =
            Reason::KeyRevoked { role: KeyRole::Issuer, key, list: list.to_owned(), reason: reason.to_owned() };
        report.fail(Step::Issuer, STEP, reason);
    }
}

/// Whether the authority stood granted when the certificate was issued: a
/// status change judges by `issued`, narrowed by `grandfathered` — or, for
/// a certificate whose proof verified, by when it was first `witnessed`:
/// only a certificate witnessed before a later suspension or withdrawal
/// stays valid (the log replaces the hand-kept list, docs/threat-model.md T31).
fn standing(
    entry: &Entry,
    cert: &Certificate,
    witnessed: Option<Timestamp>,
) -> std::result::Result<String, Box<Reason>> {
    let at = entry.status_at(cert.issued);
    if at != Status::Granted {
        return Err(Box::new(Reason::NotGrantedAtIssue {
            authority: entry.id.clone(),
            status: at,
            issued: cert.issued,
        }));
    }
    // A later suspension or withdrawal with a grandfathered list keeps only
    // the certificates it names.
    let later = entry.history.iter().filter(|c| c.since > cert.issued && c.status != Status::Granted);
    for change in later {
        if let Some(w) = witnessed {
            if w >= change.since {
                return Err(Box::new(Reason::WitnessedAfterChange {
                    authority: entry.id.clone(),
                    status: change.status,
                    since: change.since,
                    certificate: cert.certificate_id.clone(),
                    witnessed: w,
                }));
            }
            continue;
        }
        if let Some(g) = &change.grandfathered
            && !g.contains(&cert.certificate_id)
        {
            return Err(Box::new(Reason::NotGrandfathered {
                authority: entry.id.clone(),
                status: change.status,
                since: change.since,
                certificate: cert.certificate_id.clone(),
            }));
        }
    }
    Ok(format!("{} was granted when the certificate was issued ({})", entry.id, cert.issued))
}

/// Step 3: result, recognition, validity window, length, revocation.
fn check_certificate(
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
fn check_freshness(cert: &Certificate, anchor: &TrustList, lists: &Decision, time: Timestamp, report: &mut Report) {
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
fn check_evidence(
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

/// What verifying many bundles at once needs.
pub struct BatchRequest<'a> {
    /// The verifier's federation anchor.
    pub anchor: &'a SignedList,
    /// Lists given with `--trust-list`.
    pub extra: &'a [SignedList],
    /// The rollback state.
    pub state: Option<&'a crate::trust::state::StateDir>,
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
    let lists = crate::trust::believe::believe(req.anchor.clone(), offered, req.state, req.time)?;
    let ctx = VerifyContext {
        lists: &lists,
        artefacts: req.artefacts,
        own_policy: req.own_policy,
        accept: req.accept,
        time: req.time,
    };
    let mut verdicts: Vec<Result<BundleVerdict>> = bundles.par_iter().map(|b| verify_bundle(b, &ctx)).collect();
    mark_superseded(&mut verdicts);
    Ok(verdicts)
}
