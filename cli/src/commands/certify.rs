//! `attest certify issue | verify | show`.

use attest_core::bundle::Bundle;
use attest_core::certificate::Certificate;
use attest_core::certify::{self, Acceptance, BatchRequest, BundleVerdict, IssueRequest};
use attest_core::json::to_vec_pretty;
use attest_core::policy::Policy;
use attest_core::tlog::LogEntry;
use attest_core::tlog::verify::CheckpointMemo;
use attest_core::trust::SignedList;
use serde_json::json;

use crate::args::{CertifyCommand, CertifyVerifyArgs, ExportArgs, IssueArgs, OutputFormat, ShowArgs};
use crate::inputs::{
    Anchored, artefacts, load_key, read_attestation, read_bundle, read_bundles, read_evidence_dir, read_policy,
    signing_key,
};
use crate::output::evaluation::print_evaluation;
use crate::output::{escape, is_stdout, print_json, render_report, table, write_output};
use crate::{Ctx, Verdict};

pub(crate) fn run(ctx: &Ctx, cmd: CertifyCommand) -> anyhow::Result<Verdict> {
    match cmd {
        CertifyCommand::Issue(a) => issue(ctx, *a),
        CertifyCommand::Verify(a) => verify(ctx, a),
        CertifyCommand::Show(a) => show(ctx, a),
        CertifyCommand::Export(a) => export(ctx, a),
    }
}

fn issue(ctx: &Ctx, a: IssueArgs) -> anyhow::Result<Verdict> {
    let key = signing_key(&a.key, "certify issue")?;
    let log_key = match &a.log_key {
        Some(k) => Some(load_key(k, a.log_passphrase_env.as_deref(), a.key.allow_insecure_key)?),
        None => None,
    };
    if a.log.is_some() && is_stdout(&a.out) {
        return Err(attest_core::Error::Usage(
            "--log needs -o FILE: the log report cannot share stdout with the bundle".into(),
        )
        .into());
    }
    let policy = read_policy(&a.policy, "certify issue --policy")?;
    let national = Anchored::read(ctx, &a.anchor, &a.trust_lists, "certify issue")?.believe(ctx, [])?;
    let federation = Anchored::alone(ctx, &a.federation, "certify issue --federation")?.believe(ctx, [])?;
    let attestation = read_attestation(&a.attestation, ctx.limits, "certify issue --attestation")?;
    let evidence = read_evidence_dir(a.evidence.as_deref(), ctx.limits)?;
    let artefacts = artefacts(&a.subject)?;
    let doc = a.attestation.display().to_string();
    let issued = certify::issue(&IssueRequest {
        key: &*key,
        authority: &a.authority,
        attestation: &attestation,
        attestation_doc: &doc,
        national: &national,
        federation: &federation,
        policy: &policy.policy,
        policy_bytes: policy.embedded(),
        evidence: &evidence,
        artefacts: &artefacts,
        time: ctx.time,
        certificate_id: a.certificate_id.clone(),
        conditions: &a.conditions,
        supersedes: a.supersedes.clone(),
        // The SBOM conformance profiles are judged by `sbom validate`'s
        // profiles (docs/sbom-validation.md); none is claimed until wired.
    })?;
    let Some((cert, bundle)) = &issued.bundle else {
        match ctx.output {
            OutputFormat::Json => print_json(&json!({
                "issued": false,
                "bundle": null,
                "certificate": null,
                "checks": issued.report.checks,
            }))?,
            OutputFormat::Human => {
                print_evaluation(ctx, &issued.evaluation, &national)?;
                out!("{}", render_report(&issued.report, "ISSUED", "NOT ISSUED: nothing was written"));
            }
        }
        return Ok(Verdict::Failed);
    };
    // Refuse before logging: a logged certificate without its bundle helps nobody.
    a.force.refuse_existing(&a.out)?;
    // The log first: a bundle is never handed out for a certificate that
    // is not logged.
    let logged = match (&a.log, &log_key) {
        (Some(dir), Some(k)) => {
            let entry = LogEntry::of_certificate(&bundle.certificate, "new certificate")?;
            Some(attest_core::tlog::log::append(dir, &**k, &[entry.to_bytes()])?)
        }
        _ => None,
    };
    write_output(&a.out, &bundle.to_json()?, a.force)?;
    if is_stdout(&a.out) {
        // stdout carries the bundle itself; a report would corrupt it.
        return Ok(Verdict::Ok);
    }
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "issued": true,
            "bundle": a.out.display().to_string(),
            "certificate": cert,
            "checks": issued.report.checks,
            "logged": logged.as_ref().map(|l| json!({"origin": l.checkpoint.checkpoint.origin,
                "index": l.first, "size": l.checkpoint.checkpoint.size})),
        }))?,
        OutputFormat::Human => {
            out!("{}", render_report(&issued.report, "ISSUED", "NOT ISSUED"));
            outln!(
                "\nwrote {}: certificate {} for {} {}, valid until {}",
                escape(&a.out.display().to_string()),
                escape(&cert.certificate_id),
                escape(&cert.product().name),
                escape(cert.product().version.as_deref().unwrap_or("")),
                cert.not_after
            );
            if let Some(l) = &logged {
                outln!(
                    "logged at index {} of {} (size {}); collect cosignatures, then `attest log prove`",
                    l.first,
                    escape(&l.checkpoint.checkpoint.origin),
                    l.checkpoint.checkpoint.size
                );
            }
        }
    }
    Ok(Verdict::Ok)
}

fn verify(ctx: &Ctx, a: CertifyVerifyArgs) -> anyhow::Result<Verdict> {
    let lists = Anchored::read(ctx, &a.anchor, &a.trust_lists, "certify verify")?;
    let own = a.policy.as_deref().map(|p| read_policy(p, "certify verify --policy")).transpose()?.map(|p| p.policy);
    let accept = acceptance(&a.accept_classes, own.as_ref())?;
    let artefacts = artefacts(&a.subject)?;
    // Unreadable or malformed bundles are reported and make the exit code 2;
    // the others are still verified.
    let mut bundles = Vec::new();
    let mut malformed = Vec::new();
    for read in read_bundles(&a.bundles, ctx.limits, "certify verify") {
        match read {
            Ok(b) => bundles.push(b),
            Err(e) => malformed.push(format!("{e:#}")),
        }
    }
    let req = BatchRequest {
        anchor: &lists.anchor,
        extra: &lists.offered,
        state: Some(&lists.state),
        artefacts: &artefacts,
        own_policy: own.as_ref(),
        accept: accept.as_ref(),
        time: ctx.time,
    };
    let verdicts = certify::verify_batch(&bundles, &req)?;
    let mut verified = 0usize;
    let mut results = Vec::new();
    for (b, v) in bundles.iter().zip(verdicts) {
        match v {
            Ok(v) => {
                verified += usize::from(v.report.passed());
                results.push((b, v));
            }
            Err(e) => malformed.push(format!("{:#}", e.taken_by("certify verify"))),
        }
    }
    let all_ok = malformed.is_empty() && verified == a.bundles.len();
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "verified": all_ok,
            "total": a.bundles.len(),
            "passed": verified,
            "malformed": malformed,
            "bundles": results.iter().map(|(_, v)| bundle_json(v)).collect::<Vec<_>>(),
        }))?,
        OutputFormat::Human => {
            let detailed = results.len() == 1;
            for (_, v) in &results {
                if detailed || !v.report.passed() {
                    outln!("{}", render_report(&v.report, "VERIFIED", "NOT VERIFIED"));
                } else {
                    let id = v.certificate.as_ref().map(|c| c.certificate_id.as_str()).unwrap_or("?");
                    outln!("{}: VERIFIED ({})", escape(&v.report.document), escape(id));
                }
            }
            for m in &malformed {
                eprintln!("attest: error: {}", escape(m));
            }
            if results.len() + malformed.len() > 1 {
                outln!("{verified} of {} bundle(s) verified", a.bundles.len());
            }
        }
    }
    if !malformed.is_empty() {
        return Err(attest_core::Error::Usage(format!("{} bundle(s) could not be read", malformed.len())).into());
    }
    Ok(if all_ok { Verdict::Ok } else { Verdict::Failed })
}

/// The verifier's accepted classes: `--accept-class`, else its policy's
/// `recognition.acceptClasses`; its jurisdiction is its policy's. `None`
/// (any class the issuer may certify) when neither names a class.
fn acceptance(flags: &[String], own: Option<&Policy>) -> anyhow::Result<Option<Acceptance>> {
    let from_policy = own.and_then(|p| p.recognition.as_ref()).map(|r| r.accept_classes.clone());
    let classes = if flags.is_empty() { from_policy } else { Some(flags.to_vec()) };
    let Some(classes) = classes else { return Ok(None) };
    if let Some(c) = classes.iter().find(|c| c.trim().is_empty()) {
        return Err(attest_core::Error::Usage(format!("--accept-class {c:?}: name a class")).into());
    }
    let Some(policy) = own else {
        return Err(attest_core::Error::Usage(
            "--accept-class needs --policy MINE: your policy's `jurisdiction` says whose classes you name".into(),
        )
        .into());
    };
    Ok(Some(Acceptance { jurisdiction: policy.jurisdiction.clone(), classes }))
}

fn bundle_json(v: &BundleVerdict) -> serde_json::Value {
    json!({
        "document": v.report.document,
        "verified": v.report.passed(),
        "certificateId": v.certificate.as_ref().map(|c| &c.certificate_id),
        "predicateType": v.certificate.as_ref().map(|c| c.version().predicate_type()),
        "certificate": v.certificate,
        "equivalence": v.equivalence,
        "supersededBy": v.superseded_by,
        "checks": v.report.checks,
        "ownPolicy": v.own.as_ref().map(|e| json!({"passed": e.passed(), "policy": e.policy})),
        "transparency": v.witnessing,
    })
}

/// The certificate carried by a bundle, parsed without trusting it (for
/// display; `--anchor` decides whether it verifies).
fn carried_certificate(b: &Bundle) -> anyhow::Result<(Certificate, Vec<attest_core::statement::Subject>)> {
    let st = attest_core::certificate::parse_statement(&b.certificate.payload, &format!("{} (certificate)", b.source))?;
    Ok((st.predicate, st.subject))
}

fn show(ctx: &Ctx, a: ShowArgs) -> anyhow::Result<Verdict> {
    let bundle = read_bundle(&a.bundle, ctx.limits, "certify show")?;
    let (cert, subjects) = carried_certificate(&bundle)?;
    let verdict = match &a.anchor {
        Some(anchor) => {
            let anchored = Anchored::read(ctx, anchor, &[], "certify show")?;
            // Steps 6 and 7 exactly as `certify verify` takes them, so that
            // a printed page can show them done.
            let own =
                a.policy.as_deref().map(|p| read_policy(p, "certify show --policy")).transpose()?.map(|p| p.policy);
            let accept = acceptance(&[], own.as_ref())?;
            let artefacts = artefacts(&a.subject)?;
            let lists = anchored.believe(ctx, bundle.trust_lists.iter().map(|l| SignedList::clone(l)))?;
            Some(certify::verify_bundle(
                &bundle,
                &certify::VerifyContext {
                    lists: &lists,
                    artefacts: &artefacts,
                    own_policy: own.as_ref(),
                    accept: accept.as_ref(),
                    time: ctx.time,
                    checkpoints: CheckpointMemo::default(),
                },
            )?)
        }
        None => None,
    };
    if let Some(path) = &a.html {
        let page = crate::html::certificate_page(&cert, &subjects, verdict.as_ref(), ctx.time, a.lang);
        write_output(path, page.as_bytes(), a.force)?;
    }
    let verdict_of = |v: &Option<BundleVerdict>| match v {
        Some(v) if !v.report.passed() => Verdict::Failed,
        _ => Verdict::Ok,
    };
    if a.html.as_deref().is_some_and(is_stdout) {
        // stdout carries the page itself; the exit code still tells the verdict.
        return Ok(verdict_of(&verdict));
    }
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "predicateType": cert.version().predicate_type(),
            "certificate": cert,
            "subjects": subjects,
            "verified": verdict.as_ref().map(|v| v.report.passed()),
            "checks": verdict.as_ref().map(|v| &v.report.checks),
            "html": a.html.as_ref().map(|p| p.display().to_string()),
        }))?,
        OutputFormat::Human => {
            out!("{}", describe(&cert, &subjects));
            match &verdict {
                Some(v) => out!("\n{}", render_report(&v.report, "VERIFIED", "NOT VERIFIED")),
                None => outln!("\nstatus: not verified here (give --anchor FEDERATION to verify)"),
            }
            if let Some(p) = &a.html {
                outln!("wrote {}", escape(&p.display().to_string()));
            }
        }
    }
    Ok(verdict_of(&verdict))
}

fn describe(c: &Certificate, subjects: &[attest_core::statement::Subject]) -> String {
    let p = c.product();
    let e = &c.evaluation;
    let n = &e.components;
    let mut rows: Vec<Vec<String>> = vec![
        vec!["certificate".into(), c.certificate_id.clone()],
        vec!["product".into(), format!("{} {}", p.name, p.version.as_deref().unwrap_or(""))],
        vec!["supplier".into(), p.supplier.clone().unwrap_or_default()],
        vec!["purl".into(), p.purl.clone().unwrap_or_default()],
        vec!["format".into(), c.version().predicate_type().into()],
        vec!["issuer".into(), format!("{} ({}), key {}", c.issuer.authority, c.issuer.jurisdiction, c.issuer.keyid)],
        vec!["accreditation".into(), c.issuer.accreditation.clone().unwrap_or_else(|| "none stated".into())],
        vec!["class".into(), c.class.clone()],
        vec!["recognition".into(), c.recognition.join(", ")],
        vec!["issued".into(), c.issued.to_string()],
        vec!["valid".into(), format!("{} .. {}", c.not_before, c.not_after)],
        vec!["policy".into(), format!("{} sha256:{}", e.policy.id, e.policy.digest.sha256)],
        vec!["attestation".into(), format!("sha256:{}", e.attestation.digest.sha256)],
        vec![
            "components".into(),
            format!(
                "{} total: {} verified, {} listed, {} first-party, {} unknown, {} blocked",
                n.total, n.verified, n.listed, n.first_party, n.unknown, n.blocked
            ),
        ],
        vec!["result".into(), e.result.clone()],
        vec!["supersedes".into(), c.supersedes.clone().unwrap_or_else(|| "none".into())],
    ];
    if c.conditions.is_empty() {
        rows.push(vec!["conditions".into(), "none".into()]);
    }
    for cond in &c.conditions {
        rows.push(vec!["condition".into(), format!("\u{201c}{cond}\u{201d}")]);
    }
    if let Some(a) = &c.assessment {
        for r in &a.rules {
            rows.push(vec!["rule".into(), format!("{} {}: {}", r.rule, outcome_word(r.outcome), r.detail)]);
        }
        let profiles = if a.sbom_profiles.is_empty() { "none".to_owned() } else { a.sbom_profiles.join(", ") };
        rows.push(vec!["SBOM profiles met".into(), profiles]);
    }
    for l in &e.trust_lists {
        rows.push(vec![
            "trust list".into(),
            format!("{} ({}) #{} sha256:{}", l.name, l.jurisdiction, l.sequence, l.digest.sha256),
        ]);
    }
    for s in subjects {
        rows.push(vec!["subject".into(), format!("{} sha256:{}", s.name, s.digest.sha256)]);
    }
    table(&["FIELD", "VALUE"], &rows)
}

fn outcome_word(o: attest_core::certificate::RuleResult) -> &'static str {
    match o {
        attest_core::certificate::RuleResult::Pass => "pass",
        attest_core::certificate::RuleResult::Warn => "warn",
        attest_core::certificate::RuleResult::Skip => "skip",
    }
}

/// `certify export --cyclonedx`: the certificate a bundle carries as a
/// CycloneDX 1.6 document (attest_core::cyclonedx::declarations). It is a
/// view of what the certificate states, not a verification: the bundle is
/// verified with `certify verify`.
fn export(ctx: &Ctx, a: ExportArgs) -> anyhow::Result<Verdict> {
    let bundle = read_bundle(&a.bundle, ctx.limits, "certify export")?;
    let (cert, subjects) = carried_certificate(&bundle)?;
    // The authority's name as the bundle's federation list gives it: a
    // label for people, not a verified claim.
    let issuer_name = bundle
        .trust_lists
        .iter()
        .filter_map(|l| l.list.entry(&cert.issuer.authority))
        .find(|e| e.kind() == attest_core::trust::EntryKind::Authority)
        .and_then(|e| e.name.clone());
    let doc =
        attest_core::cyclonedx::declarations::export(&cert, &subjects, &bundle.certificate, issuer_name.as_deref())?;
    write_output(&a.cyclonedx, &to_vec_pretty(&doc)?, a.force)?;
    if is_stdout(&a.cyclonedx) {
        return Ok(Verdict::Ok);
    }
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "cyclonedx": a.cyclonedx.display().to_string(),
            "specVersion": "1.6",
            "certificateId": cert.certificate_id,
        }))?,
        OutputFormat::Human => outln!(
            "wrote {}: certificate {} as CycloneDX 1.6 declarations (not verified here; use `attest certify verify`)",
            escape(&a.cyclonedx.display().to_string()),
            escape(&cert.certificate_id)
        ),
    }
    Ok(Verdict::Ok)
}
