//! The sections of the page, top to bottom: the verdict, the certificate's
//! contents, and every verification step.

use attest_core::certificate::{Assessment, Certificate, RuleResult, Version};
use attest_core::certify::BundleVerdict;
use attest_core::report::{Check, Outcome, Step};
use attest_core::statement::Subject;
use attest_core::timestamp::Timestamp;

use super::labels::L;
use super::markup::{ABSENT, Html, Page, colon, digest, html, opt, quoted, text, with_code};
use super::style::OUTCOME_WIDTH;
use super::{detail, reason};
use crate::args::Lang;

/// The verdict, first on the page, so that nobody reads a certificate's
/// contents before seeing whether it verified.
pub(super) fn status(p: &mut Page, verdict: Option<&BundleVerdict>, time: Timestamp) {
    let lang = p.lang;
    let sep = colon(lang);
    let (class, word) = match verdict {
        Some(v) if v.report.passed() => (Html::markup("ok"), L::Verified),
        Some(_) => (Html::markup("bad"), L::NotVerified),
        None => (Html::markup("unchecked"), L::NotCheckedVerdict),
    };
    let (title, word) = (L::Status.get(lang), word.get(lang));
    p.push(html!(
        "<section class=\"status {class}\">\n<h2>{title}</h2>\n<p class=\"verdict\">{word}</p>\n",
        class,
        title,
        word
    ));
    let Some(v) = verdict else {
        let note = with_code(&L::NotCheckedNote.get(lang));
        p.push(html!("<p>{note}</p>\n</section>\n", note));
        return;
    };
    let (at, time, bundle, document) =
        (L::CheckedAt.get(lang), text(&time.to_string()), L::Bundle.get(lang), text(&v.report.document));
    p.push(html!(
        "<p>{at}{sep}{time}</p>\n<p>{bundle}{sep}<code>{document}</code></p>\n",
        at,
        sep,
        time,
        bundle,
        document
    ));
    // The reasons, where a reader of the printout looks first; the full
    // table of steps follows at the end of the page.
    let failures: Vec<Html> = v
        .report
        .failures()
        .map(|c| {
            let (name, detail) = (step_name(lang, c), reason::check_detail(lang, c));
            html!("<li>{name}{sep}{detail}</li>\n", name, sep, detail)
        })
        .collect();
    if !failures.is_empty() {
        let (label, items) = (L::Failures.get(lang), Html::join(failures, &Html::default()));
        p.push(html!("<p>{label}{sep}</p>\n<ul>\n{items}</ul>\n", label, sep, items));
    }
    p.push(Html::markup("</section>\n"));
}

/// Step 8's finding: "logged at index N of LOG, witnessed by …, at …".
pub(super) fn transparency(p: &mut Page, w: &attest_core::tlog::verify::Witnessing) {
    let by: Vec<String> = w.witnesses.iter().map(|x| format!("{} ({})", x.id, x.jurisdiction)).collect();
    let (log, origin) = (text(&w.log), text(&w.origin));
    p.push(Html::markup("<section>\n"));
    p.h2(L::Transparency);
    p.kv(&[
        (L::Log, html!("{log} (<code>{origin}</code>)", log, origin)),
        (L::LoggedAt, text(&format!("{} / {}", w.index, w.size))),
        (L::WitnessedBy, text(&by.join(", "))),
        (L::WitnessedAt, w.witnessed.map_or_else(|| text(ABSENT), |t| text(&t.to_string()))),
    ]);
    p.push(Html::markup("</section>\n"));
}

pub(super) fn product(p: &mut Page, cert: &Certificate) {
    let pr = cert.product();
    p.push(Html::markup("<section>\n"));
    p.h2(L::Product);
    p.kv(&[
        (L::Name, text(&pr.name)),
        (L::Version, opt(pr.version.as_deref())),
        (L::Supplier, opt(pr.supplier.as_deref())),
        (L::Purl, pr.purl.as_deref().map_or_else(|| text(ABSENT), code)),
    ]);
    p.push(Html::markup("</section>\n"));
}

/// The issuer: by its name in the reader's federation list when
/// verification found it there (`name`), with the id the certificate
/// states beside it; by the id alone otherwise.
pub(super) fn issuer(p: &mut Page, cert: &Certificate, name: Option<&str>) {
    let i = &cert.issuer;
    p.push(Html::markup("<section>\n"));
    p.h2(L::Issuer);
    let authority = match name {
        Some(name) => {
            let (name, id) = (text(name), text(&i.authority));
            html!("{name} (<code>{id}</code>)", name, id)
        }
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
    p.push(Html::markup("</section>\n"));
}

pub(super) fn validity(p: &mut Page, cert: &Certificate) {
    p.push(Html::markup("<section>\n"));
    p.h2(L::Certificate);
    let mut rows = vec![(L::Class, text(&cert.class)), (L::Recognition, text(&cert.recognition.join(", ")))];
    if let Some(old) = &cert.supersedes {
        rows.push((L::Supersedes, code(old)));
    }
    p.kv(&rows);
    if cert.version() == Version::V2 {
        // Conditions are free text the issuer wrote: shown quoted, as written.
        let title = L::Conditions.get(p.lang);
        p.push(html!("<h3>{title}</h3>\n", title));
        if cert.conditions.is_empty() {
            let none = L::NoConditions.get(p.lang);
            p.push(html!("<p>{none}</p>\n", none));
        } else {
            let quoted_title = L::Quoted.get(p.lang);
            p.push(html!("<ol class=\"conditions\" title=\"{quoted_title}\">\n", quoted_title));
            for c in &cert.conditions {
                let c = quoted(p.lang, c);
                p.push(html!("<li>{c}</li>\n", c));
            }
            p.push(Html::markup("</ol>\n"));
        }
    }
    p.push(Html::markup("</section>\n<section>\n"));
    p.h2(L::Validity);
    p.kv(&[
        (L::Issued, text(&cert.issued.to_string())),
        (L::NotBefore, text(&cert.not_before.to_string())),
        (L::NotAfter, text(&cert.not_after.to_string())),
    ]);
    p.push(Html::markup("</section>\n"));
}

pub(super) fn evaluation(p: &mut Page, cert: &Certificate) {
    let lang = p.lang;
    let e = &cert.evaluation;
    let (id, policy_digest) = (text(&e.policy.id), digest("sha256", &e.policy.digest.sha256.to_string()));
    let result = result_word(lang, &e.result);
    p.push(Html::markup("<section>\n"));
    p.h2(L::Evaluation);
    p.kv(&[
        (L::Policy, html!("{id}<br>{policy_digest}", id, policy_digest)),
        (L::Attestation, digest("sha256", &e.attestation.digest.sha256.to_string())),
        (L::Result, html!("<strong>{result}</strong>", result)),
    ]);

    let title = L::TrustLists.get(lang);
    p.push(html!("<h3>{title}</h3>\n", title));
    p.push(Html::markup("<table class=\"lists\">\n"));
    p.thead(&[L::Name, L::Jurisdiction, L::Sequence, L::Digest], &["22%", "16%", "14%", "48%"]);
    p.push(Html::markup("<tbody>\n"));
    for l in &e.trust_lists {
        let (name, jurisdiction) = (text(&l.name), text(&l.jurisdiction));
        let (sequence, list_digest) = (text(&l.sequence.to_string()), digest("sha256", &l.digest.sha256.to_string()));
        p.push(html!(
            "<tr><td>{name}</td><td>{jurisdiction}</td><td>{sequence}</td><td>{list_digest}</td></tr>\n",
            name,
            jurisdiction,
            sequence,
            list_digest
        ));
    }
    p.push(Html::markup("</tbody>\n</table>\n"));

    let n = &e.components;
    let title = L::Components.get(lang);
    p.push(html!("<h3>{title}</h3>\n", title));
    p.push(Html::markup("<table class=\"counts\">\n"));
    let labels = [L::Total, L::CompVerified, L::CompListed, L::CompFirstParty, L::CompUnknown, L::CompBlocked];
    p.thead(&labels, &[]);
    p.push(Html::markup("<tbody><tr>"));
    for v in [n.total, n.verified, n.listed, n.first_party, n.unknown, n.blocked] {
        let v = text(&v.to_string());
        p.push(html!("<td>{v}</td>", v));
    }
    p.push(Html::markup("</tr></tbody>\n</table>\n</section>\n"));
    if let Some(a) = &cert.assessment {
        assessment(p, a);
    }
}

/// Every rule of the policy and its outcome (v2), and the SBOM profiles met.
fn assessment(p: &mut Page, a: &Assessment) {
    let lang = p.lang;
    p.push(Html::markup("<section>\n"));
    p.h2(L::Assessment);
    p.push(Html::markup("<table class=\"rules\">\n"));
    p.thead(&[L::Rule, L::Outcome, L::Detail], &["24%", OUTCOME_WIDTH, "auto"]);
    p.push(Html::markup("<tbody>\n"));
    for r in &a.rules {
        let (class, word) = match r.outcome {
            RuleResult::Pass => (Html::markup("pass"), L::Pass),
            RuleResult::Warn => (Html::markup("warn"), L::Warn),
            RuleResult::Skip => (Html::markup("skip"), L::Skip),
        };
        let (name, word, detail) =
            (detail::rule_name(lang, &r.rule), word.get(lang), detail::rule_detail(lang, &r.detail));
        p.push(row(&class, &name, &word, &detail));
    }
    p.push(Html::markup("</tbody>\n</table>\n"));
    let profiles = if a.sbom_profiles.is_empty() {
        L::NoConditions.get(lang)
    } else {
        Html::join(a.sbom_profiles.iter().map(|x| code(x)), &Html::markup(", "))
    };
    p.kv(&[(L::SbomProfiles, profiles)]);
    p.push(Html::markup("</section>\n"));
}

/// `PASSED` in the reader's language; any other value (attest issues none)
/// as written.
fn result_word(lang: Lang, result: &str) -> Html {
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
fn step_name(lang: Lang, c: &Check) -> Html {
    let Some(label) = step_label(c.step) else {
        let (other, name) = (L::StepOther.get(lang), code(&c.check));
        return html!("{other} {name}", other, name);
    };
    let part = c.check.split_once(": ").map(|(_, rest)| rest).filter(|_| c.step == Step::Lists);
    let label = label.get(lang);
    match part {
        Some(part) => match detail::list_check(lang, part) {
            Some(part) => {
                let colon = colon(lang);
                html!("{label}{colon}{part}", label, colon, part)
            }
            None => {
                let part = code(part);
                html!("{label} {part}", label, part)
            }
        },
        None => label,
    }
}

/// A value as code.
fn code(s: &str) -> Html {
    let s = text(s);
    html!("<code>{s}</code>", s)
}

/// A row of a table of outcomes: name, outcome word, detail.
fn row(class: &Html, name: &Html, word: &Html, detail: &Html) -> Html {
    html!(
        "<tr class=\"{class}\"><td>{name}</td><td class=\"outcome\">{word}</td><td>{detail}</td></tr>\n",
        class,
        name,
        word,
        detail
    )
}

pub(super) fn subjects_table(p: &mut Page, subjects: &[Subject]) {
    p.push(Html::markup("<section>\n"));
    p.h2(L::Subjects);
    p.push(Html::markup("<table class=\"subjects\">\n"));
    p.thead(&[L::Artefact, L::Digest], &["40%", "60%"]);
    p.push(Html::markup("<tbody>\n"));
    for s in subjects {
        let (name, subject_digest) = (text(&s.name), digest("sha256", &s.digest.sha256.to_string()));
        p.push(html!("<tr><td>{name}</td><td>{subject_digest}</td></tr>\n", name, subject_digest));
    }
    p.push(Html::markup("</tbody>\n</table>\n</section>\n"));
}

/// Every step of the offline verification: the step's name, outcome and
/// detail in the reader's language (a failure or warning from its typed
/// reason, see [`reason`]; a pass detail no template matches is shown as
/// attest wrote it, see [`detail`]).
pub(super) fn steps(p: &mut Page, v: &BundleVerdict) {
    p.push(Html::markup("<section class=\"steps\">\n"));
    p.h2(L::Steps);
    p.push(Html::markup("<table>\n"));
    p.thead(&[L::Step, L::Outcome, L::Detail], &["22%", OUTCOME_WIDTH, "auto"]);
    p.push(Html::markup("<tbody>\n"));
    for c in &v.report.checks {
        let (class, word) = match c.outcome {
            Outcome::Pass => (Html::markup("pass"), L::Pass),
            Outcome::Fail => (Html::markup("fail"), L::Fail),
            Outcome::Warn => (Html::markup("warn"), L::Warn),
            Outcome::Skip => (Html::markup("skip"), L::Skip),
        };
        let (name, word, detail) = (step_name(p.lang, c), word.get(p.lang), reason::check_detail(p.lang, c));
        p.push(row(&class, &name, &word, &detail));
    }
    p.push(Html::markup("</tbody>\n</table>\n</section>\n"));
}
