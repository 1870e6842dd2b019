//! The certificate page: contents, escaping, languages, self-containment.

use attest_core::certificate::{
    Assessment, CertScope, DigestRef, EvaluationSummary, Issuer, ListRef, PolicyRef, Product, RuleOutcome, RuleResult,
    sha256_ref,
};
use attest_core::digest::{DigestSet, Sha256Digest};
use attest_core::keys::KeyId;
use attest_core::provenance::{Counts, KeyFinding, ProductRefusal, Revocation, Revoked};
use attest_core::report::{KeyRole, ListRefusal, Outcome, Reason, Report, Step};
use attest_core::statement::Subject;
use attest_core::trust::{ClassRef, Status};

use super::markup::{ABSENT, escape_html, with_code};
use super::*;

const LANGS: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Zh];

fn t(s: &str) -> Timestamp {
    Timestamp::parse_strict(s).unwrap()
}

fn d(b: u8) -> Sha256Digest {
    Sha256Digest([b; 32])
}

fn cert() -> Certificate {
    Certificate {
        certificate_id: "KZ-2026-3f9a0c1d5e7b2a64".into(),
        issuer: Issuer {
            authority: "kz-regulator".into(),
            jurisdiction: "KZ".into(),
            keyid: KeyId(d(0xaa)),
            accreditation: Some("KZ-NAC 17065 No. 0571".into()),
        },
        product: None,
        scope: Some(CertScope {
            product: Product {
                name: "acme-gateway".into(),
                version: Some("2.4.1".into()),
                supplier: Some("Acme LLP".into()),
                purl: Some("pkg:generic/acme/acme-gateway@2.4.1".into()),
            },
            artefacts: subjects(),
        }),
        assessment: Some(Assessment {
            rules: vec![
                RuleOutcome {
                    rule: "sbom.requireHashes".into(),
                    outcome: RuleResult::Pass,
                    detail: "all 412 component(s) comply".into(),
                },
                RuleOutcome {
                    rule: "components.deniedLicenses".into(),
                    outcome: RuleResult::Warn,
                    detail: "no denied licence found, but 3 of 412 component(s) have no licence data and could not be judged (set requireLicense to fail them): a@1; b@2; c@3".into(),
                },
            ],
            sbom_profiles: vec!["tr-03183-2".into()],
        }),
        conditions: vec!["Only as shipped, without plug-ins.".into()],
        supersedes: Some("KZ-2025-0000000000000009".into()),
        evaluation: EvaluationSummary {
            policy: PolicyRef { id: "kz-import-2026".into(), digest: sha256_ref(d(0xbb)) },
            attestation: DigestRef { digest: sha256_ref(d(0xcc)) },
            trust_lists: vec![
                ListRef {
                    name: "sco-federation".into(),
                    jurisdiction: "SCO".into(),
                    sequence: 3,
                    digest: sha256_ref(d(0xdd)),
                },
                ListRef {
                    name: "kz-national".into(),
                    jurisdiction: "KZ".into(),
                    sequence: 7,
                    digest: sha256_ref(d(0xee)),
                },
            ],
            components: Counts { total: 412, verified: 12, listed: 398, first_party: 2, unknown: 0, blocked: 0 },
            result: "PASSED".into(),
        },
        class: "standard".into(),
        recognition: vec!["sco-federation".into()],
        issued: t("2026-01-05T00:00:00Z"),
        not_before: t("2026-01-05T00:00:00Z"),
        not_after: t("2027-01-05T00:00:00Z"),
    }
}

fn subjects() -> Vec<Subject> {
    vec![Subject { name: "dist/acme-gateway.tar.gz".into(), digest: DigestSet::sha256(d(0x11)) }]
}

/// The names and steps `certify verify` gives its checks, and one of no
/// step of a bundle's verification.
const CHECKS: [(&str, Step); 9] = [
    ("1 lists: anchor", Step::Lists),
    ("2 issuer", Step::Issuer),
    ("3 certificate", Step::Certificate),
    ("4 revocation freshness", Step::RevocationFreshness),
    ("5 evidence", Step::Evidence),
    ("6 artefacts", Step::Artefacts),
    ("7 own policy", Step::OwnPolicy),
    ("8 transparency", Step::Transparency),
    ("federation: chain", Step::Statement),
];

/// A check per outcome, in the order of [`CHECKS`]: a pass or skip with
/// a made-up detail, a failure or warning with a made-up federation.
fn verdict(outcomes: &[Outcome]) -> BundleVerdict {
    let mut report = Report::new("app.bundle.json");
    for (i, o) in outcomes.iter().enumerate() {
        let (name, step) = CHECKS[i % CHECKS.len()];
        let federation = format!("fed-{}", i + 1);
        match o {
            Outcome::Pass => report.pass(step, name, format!("detail number {}", i + 1)),
            Outcome::Skip => report.skip(step, name, format!("detail number {}", i + 1)),
            Outcome::Fail => report.fail(step, name, Reason::ProofRequired { federation }),
            Outcome::Warn => report.warn(step, name, Reason::ProofNotYetRequired { federation }),
        }
    }
    BundleVerdict::stopped(report)
}

/// A verdict that failed every step in several ways, each reason with
/// the values attest would give it.
fn failing_kinds() -> BundleVerdict {
    let mut r = Report::new("app.bundle.json");
    let (key, digest) = (KeyId(d(7)), d(8));
    let class = |j: &str, c: &str| ClassRef { jurisdiction: j.into(), class: c.into() };
    r.pass(Step::Lists, "1 lists: anchor", "sco-federation (SCO, fed.json) sequence 2, governance 29a8e2b9");
    r.warn(
        Step::Lists,
        "1 lists: version kz-national #1",
        Reason::Rollback { source: "old.json".into(), sequence: 1, trusted: 2, rejected: false },
    );
    r.fail(
        Step::Lists,
        "1 lists: version kz-national #4",
        Reason::ListVersionRefused {
            source: "new.json".into(),
            refusal: ListRefusal::RotationNotShown { trusted: 2, sequence: 4, carried: 0, required: 2 },
        },
    );
    r.fail(
        Step::Lists,
        "1 lists: expiry uz-national",
        Reason::Expired { sequence: 3, next_update: now(), time: now() },
    );
    r.fail(
        Step::Issuer,
        "2 issuer",
        Reason::NotGrantedAtIssue { authority: "kz-regulator".into(), status: Status::Suspended, issued: now() },
    );
    r.fail(
        Step::Issuer,
        "2 issuer",
        Reason::KeyRevoked { role: KeyRole::Issuer, key, list: "kz-national".into(), reason: "утерян".into() },
    );
    r.warn(
        Step::Issuer,
        "2 issuer",
        Reason::AccreditationChanged { claimed: "KZ-1".into(), authority: "kz-regulator".into(), now: None },
    );
    r.fail(Step::Certificate, "3 certificate", Reason::NotValidAt { not_before: now(), not_after: now(), time: now() });
    r.fail(
        Step::Certificate,
        "3 certificate",
        Reason::CertificateRevoked {
            certificate: "KZ-1".into(), list: "kz-national".into(), reason: "ошибка".into()
        },
    );
    r.fail(
        Step::Certificate,
        "3 certificate",
        Reason::ClassNotAccepted {
            from: class("KZ", "standard"),
            accepted: vec!["basic".into()],
            federation: "sco-federation".into(),
            jurisdiction: "UZ".into(),
        },
    );
    r.warn(Step::Certificate, "3 certificate", Reason::Superseded { by: "KZ-2".into(), issued: now() });
    r.fail(
        Step::RevocationFreshness,
        "4 revocation freshness",
        Reason::NationalListExpired { list: "kz-national".into(), sequence: 2, next_update: now() },
    );
    r.fail(Step::Evidence, "5 evidence", Reason::AttestationDigestMismatch { actual: digest, certified: d(9) });
    r.fail(Step::Evidence, "5 evidence", Reason::SubjectsDiffer);
    r.fail(Step::Evidence, "5 evidence", Reason::NoTrustedAttestationSigner);
    r.fail(
        Step::Artefacts,
        "6 artefacts",
        Reason::SubjectMismatch { artefact: "app.tar".into(), sha256: digest, certified: true },
    );
    let mut own = Report::new("own");
    own.fail(
        Step::Policy,
        "policy: components.blocked",
        Reason::PolicyRuleFailed { rule: "components.blocked".into(), detail: "1 component(s) blocked: a@1".into() },
    );
    own.fail(
        Step::Signature,
        "attestation: revoked signer",
        Reason::KeyRevoked { role: KeyRole::Signing, key, list: "kz-national".into(), reason: "утерян".into() },
    );
    let findings = vec![
        KeyFinding::KeyRevoked { key, list: "kz-national".into(), reason: "утерян".into() },
        KeyFinding::NotASupplier { key },
        KeyFinding::OutOfScope {
            supplier: "acme".into(),
            scopes: "pkg:generic/acme/*".into(),
            pins_differ: true,
            product: "pkg:generic/zeta/x@1".into(),
        },
    ];
    let product_refusals = [
        ProductRefusal::NotVouched(findings),
        ProductRefusal::Revoked {
            product: "pkg:generic/zeta/x@1".into(),
            revocation: Revocation {
                list: "kz-national".into(),
                reason: "утерян".into(),
                item: Revoked::Artefact("sha256:ab".into()),
            },
        },
        ProductRefusal::NoPurl { product: "x@1".into() },
        ProductRefusal::NoSigner,
        ProductRefusal::NoProduct,
    ];
    for refusal in product_refusals {
        own.fail(Step::Policy, "policy: product", Reason::ProductRuleFailed { refusal: refusal.clone() });
        own.fail(Step::Provenance, "provenance: product", Reason::ProductNotApproved { refusal });
    }
    for detail in [
        "2 component(s) lack a required hash: a@1 (/components/0) lacks SHA-512; b@2 (/components/1) lacks SHA-512",
        "1 component(s) that are not files have no purl: a@1 (/components/0)",
        "the SBOM has no metadata.timestamp, so its age is unknown",
        "3 of 9 component(s) and the product have no licence data: a@1; b@2; and 2 more",
        "the SBOM has no specVersion",
        "2 requirement(s) unmet: tr-03183-2.creator (TR-03183-2 §5.2.1) unmet at /metadata; tr-03183-2.hash \
         (TR-03183-2 §5.2.2) unmet at /components/0, /components/1 and 3 more",
    ] {
        own.fail(Step::Policy, "policy: x", Reason::PolicyRuleFailed { rule: "x".into(), detail: detail.into() });
    }
    r.fail(Step::OwnPolicy, "7 own policy", Reason::OwnPolicyFailed { policy: "uz-2026".into(), failures: own.checks });
    r.fail(Step::Transparency, "8 transparency", Reason::BelowQuorum { counted: 1, quorum: 2 });
    r.fail(Step::Transparency, "8 transparency", Reason::NotIncluded { index: 3, log: "kz-log".into(), size: 9 });
    r.fail(
        Step::Transparency,
        "8 transparency",
        Reason::CheckpointNotSigned {
            origin: "kz.example/log".into(),
            authority: "kz-regulator".into(),
            federation: "sco-federation".into(),
        },
    );
    r.fail(Step::Transparency, "8 transparency", Reason::ProofRequired { federation: "sco-federation".into() });
    BundleVerdict::stopped(r)
}

/// Every step, every outcome.
fn all_outcomes() -> BundleVerdict {
    let o = [Outcome::Pass, Outcome::Fail, Outcome::Warn, Outcome::Skip];
    verdict(&(0..CHECKS.len()).map(|i| o[i % 4]).collect::<Vec<_>>())
}

fn now() -> Timestamp {
    t("2026-03-01T12:00:00Z")
}

fn page(c: &Certificate, v: Option<&BundleVerdict>, lang: Lang) -> String {
    certificate_page(c, &subjects(), v, now(), lang)
}

#[test]
fn escape_html_escapes_the_five_characters() {
    assert_eq!(
        escape_html(r#"<a href="x" title='y'>&amp;</a>"#),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
    );
    assert_eq!(escape_html("plain é 中"), "plain é 中");
}

#[test]
fn every_field_of_the_certificate_is_on_the_page() {
    let c = cert();
    let html = page(&c, None, Lang::En);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    for needle in [
        "Mutual-recognition certificate",
        "KZ-2026-3f9a0c1d5e7b2a64",
        "acme-gateway",
        "2.4.1",
        "Acme LLP",
        "pkg:generic/acme/acme-gateway@2.4.1",
        "kz-regulator",
        "<td>KZ</td>",
        &d(0xaa).to_hex(),
        "standard",
        "sco-federation",
        "2026-01-05T00:00:00Z",
        "2027-01-05T00:00:00Z",
        "kz-import-2026",
        &d(0xbb).to_hex(),
        &d(0xcc).to_hex(),
        "kz-national",
        "<td>7</td>",
        "<td>3</td>",
        &d(0xdd).to_hex(),
        &d(0xee).to_hex(),
        "<td>412</td>",
        "<td>398</td>",
        "<td>12</td>",
        "<td>2</td>",
        "<td>0</td>",
        "PASSED",
        "dist/acme-gateway.tar.gz",
        &d(0x11).to_hex(),
    ] {
        assert!(html.contains(needle), "{needle:?} missing from the page");
    }
    // Each rule by what it judges, not by its field in the policy; its detail in words.
    assert!(
        html.contains("<td>Component hashes</td><td class=\"outcome\">✓ pass</td><td>all 412 component(s) comply</td>")
    );
    assert!(html.contains("<td>Denied licences</td>"));
    assert!(!html.contains("sbom.requireHashes") && !html.contains("components.deniedLicenses"));
    // Digests are in monospace.
    assert!(html.contains(&format!("<span class=\"alg\">sha256:</span>{}</code>", d(0xbb).to_hex())));
    assert!(html.contains("overflow-wrap: anywhere"));
    assert!(html.contains("@media print") && html.contains("size: A4"));
}

#[test]
fn absent_optional_fields_show_a_dash() {
    let mut c = cert();
    let pr = &mut c.scope.as_mut().unwrap().product;
    pr.version = None;
    pr.supplier = None;
    pr.purl = None;
    let html = page(&c, None, Lang::En);
    assert_eq!(html.matches(&format!("<td>{ABSENT}</td>")).count(), 3);
}

#[test]
fn without_a_verdict_the_page_says_it_verified_nothing() {
    let html = page(&cert(), None, Lang::En);
    assert!(html.contains("NOT CHECKED"));
    assert!(
        html.contains("Not verified on this page; run <code>attest certify verify</code> with your federation anchor.")
    );
    assert!(!html.contains("VERIFIED"));
    assert!(!html.contains("Verification steps"));
}

#[test]
fn a_passing_verdict_says_verified_with_every_step_and_the_time() {
    let v = verdict(&[Outcome::Pass, Outcome::Skip]);
    let html = page(&cert(), Some(&v), Lang::En);
    assert!(html.contains("✓ VERIFIED"));
    assert!(!html.contains("NOT VERIFIED"));
    assert!(html.contains("Checked at: 2026-03-01T12:00:00Z"));
    assert!(html.contains("app.bundle.json"));
    assert!(html.contains(
        "<tr class=\"pass\"><td>1. Trust lists: federation anchor</td><td class=\"outcome\">✓ pass</td><td>detail number 1</td></tr>"
    ));
    assert!(html.contains(
        "<tr class=\"skip\"><td>2. Issuer</td><td class=\"outcome\">– skipped</td><td>detail number 2</td></tr>"
    ));
}

#[test]
fn a_failing_or_empty_verdict_says_not_verified() {
    for v in [all_outcomes(), verdict(&[])] {
        let html = page(&cert(), Some(&v), Lang::En);
        assert!(html.contains("✗ NOT VERIFIED"));
        assert!(!html.contains("✓ VERIFIED"));
    }
    let html = page(&cert(), Some(&all_outcomes()), Lang::En);
    assert!(html.contains("<tr class=\"fail\"><td>2. Issuer</td><td class=\"outcome\">✗ FAIL</td>"));
    assert!(html.contains("<td class=\"outcome\">! warning</td>"));
    assert!(html.contains("<td>Other check <code>federation: chain</code></td>"));
    // The failed checks are repeated in the status box, the rest are not.
    assert!(html.contains(
        "<p>Failed checks: </p>\n<ul>\n\
         <li>2. Issuer: not logged: fed-2 requires proof of logging and the bundle carries none</li>\n\
         <li>6. Artefacts: not logged: fed-6 requires proof of logging and the bundle carries none</li>\n</ul>"
    ));
    assert!(!html.contains("<li>1. Trust lists"));
}

#[test]
fn hostile_values_are_shown_as_text() {
    let mut c = cert();
    c.certificate_id = "</title><script>alert(0)</script>".into();
    let pr = &mut c.scope.as_mut().unwrap().product;
    pr.name = "<script>alert(1)</script>".into();
    pr.version = Some("1.0\u{1b}[31m".into());
    pr.supplier = Some("\"><img src=x onerror=alert(2)>".into());
    pr.purl = Some("pkg:generic/x@1?a=1&b='2'".into());
    c.conditions = vec!["<script>cond()</script>".into(), "\u{202e}snoitidnoc".into()];
    c.issuer.accreditation = Some("</q><img src=acc>".into());
    c.supersedes = Some("<svg/onload=sup>".into());
    let a = c.assessment.as_mut().unwrap();
    a.rules[0].rule = "<script>rule</script>".into();
    a.rules[0].detail = "<img src=detail>".into();
    a.sbom_profiles = vec!["<iframe>profile".into()];
    c.issuer.authority = "'><svg onload=alert(3)>".into();
    c.issuer.jurisdiction = "KZ\u{202e}gpj.exe".into();
    c.class = "\u{2066}standard\u{2069}".into();
    c.recognition = vec!["<b>fed</b>".into()];
    c.evaluation.policy.id = "<style>*{display:none}</style>".into();
    c.evaluation.trust_lists[0].name = "<iframe>".into();
    c.evaluation.result = "<i>PASSED</i>".into();
    let subjects = vec![Subject { name: "app\u{202e}gpj.exe\n<x>".into(), digest: DigestSet::sha256(d(1)) }];
    let mut v = verdict(&[]);
    v.report.document = "<script>doc</script>".into();
    v.report.fail(
        Step::Statement,
        "<script>check</script>",
        Reason::CertificateRevoked {
            certificate: "<img src=y onerror=alert(4)>".into(),
            list: "<svg>".into(),
            reason: "<script>\"x\"".into(),
        },
    );
    for lang in LANGS {
        let html = certificate_page(&c, &subjects, Some(&v), now(), lang);
        for raw in
            ["<script", "<img", "<svg", "<iframe", "<b>", "<i>", "<x>", "</title><", "\u{202e}", "\u{2066}", "\u{1b}"]
        {
            assert!(!html.contains(raw), "{raw:?} reached the page raw");
        }
        assert_eq!(html.matches("<style>").count(), 1, "only our own <style>");
        for escaped in [
            "&lt;/title&gt;&lt;script&gt;alert(0)&lt;/script&gt;",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "1.0\\u{1b}[31m",
            "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;",
            "pkg:generic/x@1?a=1&amp;b=&#39;2&#39;",
            "&#39;&gt;&lt;svg onload=alert(3)&gt;",
            "KZ\\u{202e}gpj.exe",
            "\\u{2066}standard\\u{2069}",
            "&lt;b&gt;fed&lt;/b&gt;",
            "&lt;style&gt;*{display:none}&lt;/style&gt;",
            "&lt;iframe&gt;",
            "&lt;i&gt;PASSED&lt;/i&gt;",
            "app\\u{202e}gpj.exe\\u{a}&lt;x&gt;",
            "&lt;script&gt;doc&lt;/script&gt;",
            "&lt;script&gt;check&lt;/script&gt;",
            "&lt;img src=y onerror=alert(4)&gt;",
            "&lt;script&gt;cond()&lt;/script&gt;",
            "\\u{202e}snoitidnoc",
            "&lt;/q&gt;&lt;img src=acc&gt;",
            "&lt;svg/onload=sup&gt;",
            "&lt;script&gt;rule&lt;/script&gt;",
            "&lt;img src=detail&gt;",
            "&lt;iframe&gt;profile",
        ] {
            assert!(html.contains(escaped), "{escaped:?} missing");
        }
        // No control character of any kind except the page's own newlines.
        assert!(!html.chars().any(|ch| ch.is_control() && ch != '\n'));
    }
}

#[test]
fn every_label_has_three_distinct_non_empty_translations() {
    for l in L::ALL {
        let [en, ru, zh] = l.texts();
        assert!(!en.is_empty() && !ru.is_empty() && !zh.is_empty(), "{l:?}");
        assert!(en != ru && en != zh && ru != zh, "{l:?} is not translated");
        // Russian labels are Cyrillic, Chinese labels contain Han characters.
        assert!(ru.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)), "{l:?}: {ru}");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{l:?}: {zh}");
    }
}

#[test]
fn each_language_uses_its_own_labels_and_never_translates_values() {
    for (lang, tag, title) in [
        (Lang::En, "en", "Mutual-recognition certificate"),
        (Lang::Ru, "ru", "Сертификат взаимного признания"),
        (Lang::Zh, "zh-Hans", "互认证书"),
    ] {
        let checked = page(&cert(), Some(&all_outcomes()), lang);
        let mut plain = cert();
        plain.conditions.clear();
        let unchecked = page(&plain, None, lang);
        assert!(checked.contains(&format!("<html lang=\"{tag}\">")));
        assert!(checked.contains(&format!("<h1>{title}</h1>")));
        let mut logged = verdict(&[Outcome::Pass]);
        logged.witnessing = Some(attest_core::tlog::verify::Witnessing {
            log: "kz-log".into(),
            origin: "kz.example/certificates".into(),
            index: 7,
            size: 9,
            witnesses: vec![attest_core::tlog::verify::CountedWitness {
                id: "uz-witness".into(),
                jurisdiction: "UZ".into(),
                time: now(),
            }],
            witnessed: Some(now()),
        });
        let verified = page(&cert(), Some(&logged), lang);
        assert!(verified.contains("uz-witness (UZ)") && verified.contains("7 / 9"), "{lang:?}");
        for l in L::ALL {
            // A label with `{placeholders}` is checked up to its first one.
            let full = with_code(&l.get(lang));
            let label = full.split('{').next().unwrap_or(&full);
            assert!(
                checked.contains(label) || unchecked.contains(label) || verified.contains(label),
                "{lang:?}: label {l:?} ({label}) is never shown"
            );
        }
        // Values stay as written.
        for v in [
            "acme-gateway",
            "Acme LLP",
            "kz-regulator",
            "standard",
            "detail number 1",
            "KZ-NAC 17065 No. 0571",
            "Only as shipped, without plug-ins.",
            "KZ-2025-0000000000000009",
            "tr-03183-2",
        ] {
            assert!(checked.contains(v), "{lang:?}: {v}");
        }
        if lang != Lang::En {
            for en in ["Mutual-recognition", "Certificate number", "Supplier", "Valid until", "Verification steps"] {
                assert!(!checked.contains(en), "{lang:?} page shows English {en:?}");
            }
        }
    }
}

/// The text a reader sees: the page without its style and tags, entities
/// left as they are (the test values hold none).
fn visible_text(html: &str) -> String {
    let body = html.split("</style>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for ch in body.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn no_english_step_name_or_outcome_word_remains_in_russian_or_chinese() {
    let passing = verdict(&[Outcome::Pass; 9]);
    for lang in [Lang::Ru, Lang::Zh] {
        for v in [&passing, &all_outcomes(), &failing_kinds()] {
            let html = page(&cert(), Some(v), lang);
            let seen = visible_text(&html).to_lowercase();
            // A check name's part no template knows (`federation: chain`) is shown as code, as written;
            // so is a detail no template knows (`detail number N`, made up here).
            let seen = seen.replace("federation: chain", "").replace("detail number", "");
            for word in [
                "lists",
                "issuer",
                "certificate",
                "revocation",
                "freshness",
                "evidence",
                "artefacts",
                "own policy",
                "transparency",
                "other check",
                "pass",
                "fail",
                "warning",
                "skipped",
                "verified",
                "step",
                "outcome",
                "detail",
                "conditions",
                "rule",
                // The failures and warnings of every kind above.
                "revoked",
                "mismatch",
                "expired",
                "not valid",
                "untrusted",
                "signer",
                "rollback",
                "rotation",
                "not recognised",
                "not accepted",
                "not logged",
                "quorum",
                "witness",
                "superseded",
                "suspended",
                "unknown",
                "digest",
                "failed under",
                "reason",
                "ignored",
                "blocked",
                "required",
                "signed",
                "version",
                "sequence",
                "older",
                "product",
                "approved",
                "scope",
                "covers",
                "supplier",
                "key",
                "artefact",
                "package",
                "lack",
                "licence",
                "timestamp",
                "specversion",
                "unmet",
            ] {
                assert!(!seen.contains(word), "{lang:?}: English {word:?} on the page:\n{seen}");
            }
        }
    }
}

#[test]
fn the_page_loads_nothing_and_runs_nothing() {
    for lang in LANGS {
        for v in [None, Some(all_outcomes())] {
            let html = page(&cert(), v.as_ref(), lang);
            let lower = html.to_lowercase();
            for banned in [
                "http://", "https://", "src=", "href=", "<script", "<link", "<img", "url(", "@import", "<iframe",
                "<object", "<base", "<form",
            ] {
                assert!(!lower.contains(banned), "{lang:?}: {banned:?} on the page");
            }
            let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";
            let at = html.find(csp).unwrap();
            assert!(at < html.find("<style>").unwrap(), "the policy must come before the style");
            assert!(html.ends_with("</html>\n"));
        }
    }
}
