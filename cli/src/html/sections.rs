//! The sections of the page, top to bottom: the verdict, the certificate's
//! contents, and every verification step.

use attest_core::certificate::{Assessment, Certificate, RuleResult, Version};
use attest_core::certify::BundleVerdict;
use attest_core::report::{Check, Outcome, Step};
use attest_core::statement::Subject;
use attest_core::timestamp::Timestamp;

use super::labels::L;
use super::markup::{ABSENT, Page, colon, digest, opt, quoted, text, with_code};
use super::style::OUTCOME_WIDTH;
use super::{detail, reason};
use crate::args::Lang;

/// The verdict, first on the page, so that nobody reads a certificate's
/// contents before seeing whether it verified.
pub(super) fn status(p: &mut Page, verdict: Option<&BundleVerdict>, time: Timestamp) {
    let lang = p.lang;
    let sep = colon(lang);
    let (class, word) = match verdict {
        Some(v) if v.report.passed() => ("ok", L::Verified),
        Some(_) => ("bad", L::NotVerified),
        None => ("unchecked", L::NotCheckedVerdict),
    };
    p.push(&format!(
        "<section class=\"status {class}\">\n<h2>{}</h2>\n<p class=\"verdict\">{}</p>\n",
        L::Status.get(lang),
        word.get(lang)
    ));
    let Some(v) = verdict else {
        p.push(&format!("<p>{}</p>\n</section>\n", with_code(&L::NotCheckedNote.get(lang))));
        return;
    };
    p.push(&format!(
        "<p>{}{sep}{}</p>\n<p>{}{sep}<code>{}</code></p>\n",
        L::CheckedAt.get(lang),
        text(&time.to_string()),
        L::Bundle.get(lang),
        text(&v.report.document)
    ));
    // The reasons, where a reader of the printout looks first; the full
    // table of steps follows at the end of the page.
    let failures: Vec<String> = v
        .report
        .failures()
        .map(|c| format!("<li>{}{sep}{}</li>\n", step_name(lang, c), reason::check_detail(lang, c)))
        .collect();
    if !failures.is_empty() {
        p.push(&format!("<p>{}{sep}</p>\n<ul>\n{}</ul>\n", L::Failures.get(lang), failures.concat()));
    }
    p.push("</section>\n");
}

/// Step 8's finding: "logged at index N of LOG, witnessed by …, at …".
pub(super) fn transparency(p: &mut Page, w: &attest_core::tlog::verify::Witnessing) {
    let by: Vec<String> = w.witnesses.iter().map(|x| format!("{} ({})", x.id, x.jurisdiction)).collect();
    p.push("<section>\n");
    p.h2(L::Transparency);
    p.kv(&[
        (L::Log, format!("{} (<code>{}</code>)", text(&w.log), text(&w.origin))),
        (L::LoggedAt, text(&format!("{} / {}", w.index, w.size))),
        (L::WitnessedBy, text(&by.join(", "))),
        (L::WitnessedAt, w.witnessed.map_or_else(|| text(ABSENT), |t| text(&t.to_string()))),
    ]);
    p.push("</section>\n");
}

pub(super) fn product(p: &mut Page, cert: &Certificate) {
    let pr = cert.product();
    p.push("<section>\n");
    p.h2(L::Product);
    p.kv(&[
        (L::Name, text(&pr.name)),
        (L::Version, opt(pr.version.as_deref())),
        (L::Supplier, opt(pr.supplier.as_deref())),
        (L::Purl, pr.purl.as_deref().map_or_else(|| text(ABSENT), |u| format!("<code>{}</code>", text(u)))),
    ]);
    p.push("</section>\n");
}

/// The issuer: by its name in the reader's federation list when
/// verification found it there (`name`), with the id the certificate
/// states beside it; by the id alone otherwise.
pub(super) fn issuer(p: &mut Page, cert: &Certificate, name: Option<&str>) {
    let i = &cert.issuer;
    p.push("<section>\n");
    p.h2(L::Issuer);
    let authority = match name {
        Some(name) => format!("{} (<code>{}</code>)", text(name), text(&i.authority)),
        None => text(&i.authority),
    };
    let mut rows = vec![
        (L::Authority, authority),
        (L::Jurisdiction, text(&i.jurisdiction)),
        (L::KeyId, digest("", &i.keyid.to_string())),
    ];
    if let Some(a) = &i.accreditation {
        rows.push((L::Accreditation, quoted(p.lang, a)));
    }
    p.kv(&rows);
    p.push("</section>\n");
}

pub(super) fn validity(p: &mut Page, cert: &Certificate) {
    p.push("<section>\n");
    p.h2(L::Certificate);
    let mut rows = vec![(L::Class, text(&cert.class)), (L::Recognition, text(&cert.recognition.join(", ")))];
    if let Some(old) = &cert.supersedes {
        rows.push((L::Supersedes, format!("<code>{}</code>", text(old))));
    }
    p.kv(&rows);
    if cert.version() == Version::V2 {
        // Conditions are free text the issuer wrote: shown quoted, as written.
        p.push(&format!("<h3>{}</h3>\n", L::Conditions.get(p.lang)));
        if cert.conditions.is_empty() {
            p.push(&format!("<p>{}</p>\n", L::NoConditions.get(p.lang)));
        } else {
            p.push(&format!("<ol class=\"conditions\" title=\"{}\">\n", L::Quoted.get(p.lang)));
            for c in &cert.conditions {
                p.push(&format!("<li>{}</li>\n", quoted(p.lang, c)));
            }
            p.push("</ol>\n");
        }
    }
    p.push("</section>\n<section>\n");
    p.h2(L::Validity);
    p.kv(&[
        (L::Issued, text(&cert.issued.to_string())),
        (L::NotBefore, text(&cert.not_before.to_string())),
        (L::NotAfter, text(&cert.not_after.to_string())),
    ]);
    p.push("</section>\n");
}

pub(super) fn evaluation(p: &mut Page, cert: &Certificate) {
    let lang = p.lang;
    let e = &cert.evaluation;
    p.push("<section>\n");
    p.h2(L::Evaluation);
    p.kv(&[
        (L::Policy, format!("{}<br>{}", text(&e.policy.id), digest("sha256", &e.policy.digest.sha256.to_string()))),
        (L::Attestation, digest("sha256", &e.attestation.digest.sha256.to_string())),
        (L::Result, format!("<strong>{}</strong>", result_word(lang, &e.result))),
    ]);

    p.push(&format!("<h3>{}</h3>\n", L::TrustLists.get(lang)));
    p.push("<table class=\"lists\">\n");
    p.thead(&[L::Name, L::Jurisdiction, L::Sequence, L::Digest], &["22%", "16%", "14%", "48%"]);
    p.push("<tbody>\n");
    for l in &e.trust_lists {
        p.push(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            text(&l.name),
            text(&l.jurisdiction),
            text(&l.sequence.to_string()),
            digest("sha256", &l.digest.sha256.to_string())
        ));
    }
    p.push("</tbody>\n</table>\n");

    let n = &e.components;
    p.push(&format!("<h3>{}</h3>\n", L::Components.get(lang)));
    p.push("<table class=\"counts\">\n");
    let labels = [L::Total, L::CompVerified, L::CompListed, L::CompFirstParty, L::CompUnknown, L::CompBlocked];
    p.thead(&labels, &[]);
    p.push("<tbody><tr>");
    for v in [n.total, n.verified, n.listed, n.first_party, n.unknown, n.blocked] {
        p.push(&format!("<td>{}</td>", text(&v.to_string())));
    }
    p.push("</tr></tbody>\n</table>\n</section>\n");
    if let Some(a) = &cert.assessment {
        assessment(p, a);
    }
}

/// Every rule of the policy and its outcome (v2), and the SBOM profiles met.
fn assessment(p: &mut Page, a: &Assessment) {
    let lang = p.lang;
    p.push("<section>\n");
    p.h2(L::Assessment);
    p.push("<table class=\"rules\">\n");
    p.thead(&[L::Rule, L::Outcome, L::Detail], &["24%", OUTCOME_WIDTH, "auto"]);
    p.push("<tbody>\n");
    for r in &a.rules {
        let (class, word) = match r.outcome {
            RuleResult::Pass => ("pass", L::Pass),
            RuleResult::Warn => ("warn", L::Warn),
            RuleResult::Skip => ("skip", L::Skip),
        };
        p.push(&format!(
            "<tr class=\"{class}\"><td>{}</td><td class=\"outcome\">{}</td><td>{}</td></tr>\n",
            detail::rule_name(lang, &r.rule),
            word.get(lang),
            detail::rule_detail(lang, &r.detail)
        ));
    }
    p.push("</tbody>\n</table>\n");
    let profiles = if a.sbom_profiles.is_empty() {
        L::NoConditions.get(lang)
    } else {
        a.sbom_profiles.iter().map(|x| format!("<code>{}</code>", text(x))).collect::<Vec<_>>().join(", ")
    };
    p.kv(&[(L::SbomProfiles, profiles)]);
    p.push("</section>\n");
}

/// `PASSED` in the reader's language; any other value (attest issues none)
/// as written.
fn result_word(lang: Lang, result: &str) -> String {
    if result == attest_core::certificate::RESULT_PASSED { L::Passed.get(lang) } else { text(result) }
}

/// The steps of a bundle's verification (docs/formats.md §10) by their
/// number and name.
fn step_label(step: Step) -> Option<L> {
    Some(match step {
        Step::Lists => L::StepLists,
        Step::Issuer => L::StepIssuer,
        Step::Certificate => L::StepCertificate,
        Step::RevocationFreshness => L::StepFreshness,
        Step::Evidence => L::StepEvidence,
        Step::Artefacts => L::StepArtefacts,
        Step::OwnPolicy => L::StepOwnPolicy,
        Step::Transparency => L::StepTransparency,
        _ => return None,
    })
}

/// A check's name in the reader's language: its step's translated name
/// and, for step 1, which list check it is (a part no template knows as
/// code); a check of no step of the bundle's verification as code.
fn step_name(lang: Lang, c: &Check) -> String {
    let Some(label) = step_label(c.step) else {
        return format!("{} <code>{}</code>", L::StepOther.get(lang), text(&c.check));
    };
    let part = c.check.split_once(": ").map(|(_, rest)| rest).filter(|_| c.step == Step::Lists);
    match part {
        Some(part) => match detail::list_check(lang, part) {
            Some(part) => format!("{}{}{part}", label.get(lang), colon(lang)),
            None => format!("{} <code>{}</code>", label.get(lang), text(part)),
        },
        None => label.get(lang),
    }
}

pub(super) fn subjects_table(p: &mut Page, subjects: &[Subject]) {
    p.push("<section>\n");
    p.h2(L::Subjects);
    p.push("<table class=\"subjects\">\n");
    p.thead(&[L::Artefact, L::Digest], &["40%", "60%"]);
    p.push("<tbody>\n");
    for s in subjects {
        p.push(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            text(&s.name),
            digest("sha256", &s.digest.sha256.to_string())
        ));
    }
    p.push("</tbody>\n</table>\n</section>\n");
}

/// Every step of the offline verification: the step's name, outcome and
/// detail in the reader's language (a failure or warning from its typed
/// reason, see [`reason`]; a pass detail no template matches is shown as
/// attest wrote it, see [`detail`]).
pub(super) fn steps(p: &mut Page, v: &BundleVerdict) {
    p.push("<section class=\"steps\">\n");
    p.h2(L::Steps);
    p.push("<table>\n");
    p.thead(&[L::Step, L::Outcome, L::Detail], &["22%", OUTCOME_WIDTH, "auto"]);
    p.push("<tbody>\n");
    for c in &v.report.checks {
        let (class, word) = match c.outcome {
            Outcome::Pass => ("pass", L::Pass),
            Outcome::Fail => ("fail", L::Fail),
            Outcome::Warn => ("warn", L::Warn),
            Outcome::Skip => ("skip", L::Skip),
        };
        p.push(&format!(
            "<tr class=\"{class}\"><td>{}</td><td class=\"outcome\">{}</td><td>{}</td></tr>\n",
            step_name(p.lang, c),
            word.get(p.lang),
            reason::check_detail(p.lang, c)
        ));
    }
    p.push("</tbody>\n</table>\n</section>\n");
}
