//! `attest certify show --html` end to end: the printable page of a real
//! bundle, verified or not, in each language, and with hostile names in the
//! SBOM (docs/threat-model.md T21: a value is shown, never interpreted).

use attest_e2e::{ISSUED, Outcome, Scratch};

const LATER: &str = "2026-02-01T00:00:00Z";

/// Before the certificate was issued: verification fails at step 3.
const TOO_EARLY: &str = "2026-01-10T00:00:00Z";

/// State B shows `bundle` at `time` against its federation anchor, as the
/// page `html`, with `extra` arguments.
fn show(s: &Scratch, time: &str, bundle: &str, html: &str, extra: &[&str]) -> Outcome {
    let mut args =
        vec!["--time", time, "--state", "stateB", "certify", "show", bundle, "--anchor", "fed.json", "--html", html];
    args.extend(extra);
    s.run(&args)
}

fn page(s: &Scratch, rel: &str) -> String {
    String::from_utf8(s.read(rel)).expect("the page is UTF-8")
}

/// The page loads nothing and runs nothing.
#[track_caller]
fn self_contained(html: &str) {
    let lower = html.to_lowercase();
    for banned in ["http://", "https://", "src=", "href=", "<script", "<link", "<img", "url(", "@import"] {
        assert!(!lower.contains(banned), "{banned:?} on the page");
    }
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
}

#[test]
fn show_writes_a_verified_page_in_each_language() {
    let s = Scratch::new();
    s.certified_release();
    for (lang, tag, title, verified) in [
        ("en", "en", "Mutual-recognition certificate", "✓ VERIFIED"),
        ("ru", "ru", "Сертификат взаимного признания", "✓ ПОДТВЕРЖДЁН"),
        ("zh", "zh-Hans", "互认证书", "✓ 验证通过"),
    ] {
        let file = format!("cert-{lang}.html");
        show(&s, LATER, "bundle.json", &file, &["--lang", lang]).code(0).says("VERIFIED").says(&file);
        let html = page(&s, &file);
        self_contained(&html);
        assert!(html.contains(&format!("<html lang=\"{tag}\">")), "{lang}");
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{lang}");
        assert!(html.contains(verified), "{lang}");
        // Values as the certificate states them, in every language.
        for v in [
            "KZ-2026-0000000000000001",
            "acme-gateway",
            "2.4.1",
            "Acme LLP",
            "pkg:generic/acme/acme-gateway@2.4.1",
            "kz-regulator",
            "standard",
            "sco-federation",
            "kz-national",
            "kz-import-2026",
            ISSUED,
            "2027-01-20T00:00:00Z",
            LATER,
            "rel/dist/acme-gateway.tar.gz",
        ] {
            assert!(html.contains(v), "{lang}: {v:?} missing");
        }
        // Step names in the reader's language.
        let steps = match lang {
            "en" => ["1. Trust lists", "2. Issuer", "3. Certificate", "4. Revocation freshness", "7. Own policy"],
            "ru" => [
                "1. Доверенные списки",
                "2. Выдавший орган",
                "3. Сертификат",
                "4. Актуальность отзывов",
                "7. Собственная политика",
            ],
            _ => ["1. 信任列表", "2. 签发机构", "3. 证书", "4. 撤销信息时效", "7. 本方策略"],
        };
        assert!(html.contains(if lang == "en" {
            "PASSED"
        } else if lang == "ru" {
            "ПРОЙДЕНА"
        } else {
            "通过"
        }));
        for step in steps {
            assert!(html.contains(step), "{lang}: step {step:?} missing");
        }
    }
}

#[test]
fn the_page_carries_the_digests_of_the_bundle() {
    let s = Scratch::new();
    s.certified_release();
    s.run(&["--time", LATER, "--state", "stateB", "certify", "show", "bundle.json", "--html", "c.html"]).code(0);
    let j = s.run(&["--output", "json", "certify", "show", "bundle.json"]).json();
    let html = page(&s, "c.html");
    let c = &j["certificate"];
    let mut digests = vec![
        c["issuer"]["keyid"].as_str().unwrap().to_owned(),
        c["evaluation"]["policy"]["digest"]["sha256"].as_str().unwrap().to_owned(),
        c["evaluation"]["attestation"]["digest"]["sha256"].as_str().unwrap().to_owned(),
        j["subjects"][0]["digest"]["sha256"].as_str().unwrap().to_owned(),
    ];
    for l in c["evaluation"]["trustLists"].as_array().unwrap() {
        digests.push(l["digest"]["sha256"].as_str().unwrap().to_owned());
    }
    for d in digests {
        assert_eq!(d.len(), 64);
        assert!(html.contains(&d), "{d} missing from the page");
    }
}

#[test]
fn without_an_anchor_the_page_says_nothing_was_verified() {
    let s = Scratch::new();
    s.certified_release();
    s.run(&["certify", "show", "bundle.json", "--html", "c.html", "--lang", "ru"]).code(0);
    let html = page(&s, "c.html");
    self_contained(&html);
    assert!(html.contains("НЕ ПРОВЕРЯЛСЯ"));
    assert!(html.contains("<code>attest certify verify</code>"));
    assert!(!html.contains("ПОДТВЕРЖДЁН"));
    assert!(!html.contains("1. Доверенные списки"), "no steps were run, none are shown");
}

#[test]
fn a_failed_verification_still_writes_a_page_that_says_why() {
    let s = Scratch::new();
    s.certified_release();
    show(&s, TOO_EARLY, "bundle.json", "c.html", &[]).code(1).says("NOT VERIFIED");
    let html = page(&s, "c.html");
    self_contained(&html);
    assert!(html.contains("✗ NOT VERIFIED"));
    assert!(!html.contains("✓ VERIFIED"));
    assert!(html.contains("Failed checks"));
    assert!(html.contains("<td>3. Certificate</td><td class=\"outcome\">✗ FAIL</td>"));
    assert!(html.contains("after the time of verification"));
}

#[test]
fn an_existing_page_is_replaced_only_with_force() {
    let s = Scratch::new();
    s.certified_release();
    s.write("c.html", b"mine");
    s.run(&["certify", "show", "bundle.json", "--html", "c.html"]).code(2);
    assert_eq!(s.read("c.html"), b"mine");
    s.run(&["certify", "show", "bundle.json", "--html", "c.html", "--force"]).code(0);
    assert!(page(&s, "c.html").contains("KZ-2026-0000000000000001"));
}

#[test]
fn t21_hostile_names_in_the_sbom_are_shown_as_text() {
    let s = Scratch::new();
    s.certified_release();
    // The same release, described by a hostile SBOM, certified again.
    s.sign_release("<script>alert(1)</script>", "2.4.1", Some("\"><img src=x onerror=alert(2)>\u{202e}gpj.exe"));
    s.issue("evil.json", &[]).code(0);
    for lang in ["en", "ru", "zh"] {
        let file = format!("evil-{lang}.html");
        show(&s, LATER, "evil.json", &file, &["--lang", lang]).code(0);
        let html = page(&s, &file);
        // `src=` is on this page, as text: the tags are what must not be.
        for tag in ["<script", "<img", "<link"] {
            assert!(!html.contains(tag), "{lang}: {tag} on the page");
        }
        assert!(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), "{lang}");
        assert!(html.contains("<td>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\\u{202e}gpj.exe</td>"), "{lang}");
        assert!(!html.contains('\u{202e}'), "{lang}: a raw bidi override reached the page");
    }
}

/// The visible words of a page: its text without style and tags.
fn visible(html: &str) -> String {
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

/// Words of attest's English step details and of its command line, none of
/// which may reach a Russian or Chinese page; the command line's words
/// reach no page at all.
const TEMPLATE_WORDS: [&str; 28] = [
    "component(s)",
    "comply",
    "not set by",
    "supplier signature",
    "unknown provenance",
    "licence",
    "the SBOM is",
    "required",
    "allowed",
    "whose scope",
    "sequence",
    "valid until",
    "granted",
    "trusted version",
    "governors",
    "recognised by",
    "matches",
    "declares",
    "as well",
    "is after",
    "not valid",
    "verification time",
    "every list",
    "is current",
    "given",
    "anchor",
    "expiry",
    "PASSED",
];
const JARGON: [&str; 10] = [
    "trustLists[",
    "--subject",
    "--policy",
    "--trust-list",
    "requireLicense",
    "specVersion",
    "sbom.",
    "components.",
    "signatures.",
    "maxAgeDays",
];

#[test]
fn show_takes_subject_and_policy_and_shows_steps_6_and_7_done() {
    let s = Scratch::new();
    s.certified_release();
    let mine = ["--subject", "rel/dist/acme-gateway.tar.gz", "--policy", "policy.json"];
    show(&s, LATER, "bundle.json", "c.html", &mine)
        .code(0)
        .says("6 artefacts")
        .says("PASSED under kz-import-2026 as well");
    let html = page(&s, "c.html");
    assert!(html.contains(
        "<td>6. Artefacts</td><td class=\"outcome\">✓ pass</td><td>rel/dist/acme-gateway.tar.gz matches the certified artefact rel/dist/acme-gateway.tar.gz</td>"
    ));
    assert!(
        html.contains(
            "<td>7. Own policy</td><td class=\"outcome\">✓ pass</td><td>also passed under kz-import-2026</td>"
        )
    );
    // The issuer by its name in the federation list, its id beside it.
    assert!(html.contains("Committee for Technical Regulation (<code>kz-regulator</code>)"));
    // A file that is not the certified artefact fails step 6, and says so.
    s.write("other.tar.gz", b"not the release");
    show(&s, LATER, "bundle.json", "bad.html", &["--subject", "other.tar.gz"]).code(1).says("subject mismatch");
    let bad = page(&s, "bad.html");
    assert!(bad.contains("✗ NOT VERIFIED"));
    assert!(bad.contains("mismatch: other.tar.gz (sha256:"));
    assert!(bad.contains("is not a certified artefact"));
    // Without a federation anchor nothing is verified: the flags are refused.
    for flags in [&["--subject", "rel/dist/acme-gateway.tar.gz"][..], &["--policy", "policy.json"][..]] {
        let mut args = vec!["certify", "show", "bundle.json", "--html", "x.html"];
        args.extend(flags);
        s.run(&args).code(2).says("--anchor");
        assert!(!s.join("x.html").exists());
    }
}

#[test]
fn no_english_template_or_command_line_words_remain_in_russian_or_chinese_pages() {
    let s = Scratch::new();
    s.certified_release();
    let mine = ["--subject", "rel/dist/acme-gateway.tar.gz", "--policy", "policy.json"];
    for (time, code, name) in [(LATER, 0, "passing"), (TOO_EARLY, 1, "failing")] {
        for lang in ["en", "ru", "zh"] {
            let file = format!("{name}-{lang}.html");
            let mut extra = vec!["--lang", lang];
            extra.extend(mine);
            // A state of its own per run: the failing time must not see the lists the passing run kept.
            let state = format!("state-{name}-{lang}");
            let mut args = vec!["--time", time, "--state", &state, "certify", "show", "bundle.json"];
            args.extend(["--anchor", "fed.json", "--html", &file]);
            args.extend(&extra);
            s.run(&args).code(code);
            let seen = visible(&page(&s, &file));
            for j in JARGON {
                assert!(!seen.contains(j), "{name} {lang}: {j:?} on the page:\n{seen}");
            }
            if lang == "en" {
                continue;
            }
            let lower = seen.to_lowercase();
            for w in TEMPLATE_WORDS {
                assert!(!lower.contains(&w.to_lowercase()), "{name} {lang}: English {w:?} on the page:\n{seen}");
            }
        }
    }
}
