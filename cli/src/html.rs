//! The printable certificate page (`certify show --html`).
//!
//! The page is one self-contained HTML5 document: a regulator prints it, files
//! it, or mails it, and it must look the same years later on a machine with no
//! network. So it loads nothing (no external CSS, fonts, images or scripts),
//! carries no `<script>` at all, and a Content-Security-Policy forbids
//! everything except its own inline style, in case a value ever slipped
//! through as markup.
//!
//! Every value comes from a document someone else signed (docs/threat-model.md T21): a
//! product called `<script>…` must appear as text, and a right-to-left
//! override must not make `gpj.exe` read as `exe.jpg`. The page is built
//! only from [`Html`](markup::Html), which a value becomes only through
//! [`text`]: first [`crate::output::escape`] (control and bidi characters
//! become visible `\u{…}`), then HTML escaping. Labels are translated
//! (English, Russian, Simplified Chinese); values never are.

use attest_core::certificate::Certificate;
use attest_core::certify::BundleVerdict;
use attest_core::statement::Subject;
use attest_core::timestamp::Timestamp;

use crate::args::Lang;

mod detail;
mod labels;
mod markup;
mod reason;
mod sections;
mod style;
#[cfg(test)]
mod tests;

use labels::L;
use markup::{Html, Page, colon, html, lang_tag, quoted, text};
use style::STYLE;

/// One self-contained printable HTML page for `cert`.
///
/// The Content-Security-Policy comes first in `<head>` so that it governs
/// everything after it: nothing may load and only the inline `<style>`
/// applies, a second line of defence should a value ever slip through as
/// markup.
///
/// `verdict` is the result of verifying the bundle against the reader's
/// federation anchor, when one was given; without it the page says plainly
/// that nothing was verified, because a good-looking page proves nothing.
/// `time` is the verification time (or the time the page was made).
pub(crate) fn certificate_page(
    cert: &Certificate,
    subjects: &[Subject],
    verdict: Option<&BundleVerdict>,
    time: Timestamp,
    lang: Lang,
) -> String {
    let mut p = Page { out: Html::default(), lang };
    let (title, tag, id, style) = (L::Title.get(lang), lang_tag(lang), text(&cert.certificate_id), Html::markup(STYLE));
    p.push(html!(
        "<!DOCTYPE html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} {id}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n",
        tag,
        title,
        id,
        style
    ));
    let (label, colon) = (L::CertificateId.get(lang), colon(lang));
    p.push(html!(
        "<header>\n<h1>{title}</h1>\n<p class=\"certid\">{label}{colon}<code>{id}</code></p>\n</header>\n",
        title,
        label,
        colon,
        id
    ));

    sections::status(&mut p, verdict, time);
    sections::product(&mut p, cert);
    sections::issuer(&mut p, cert, verdict.and_then(|v| v.issuer_name.as_deref()));
    sections::validity(&mut p, cert);
    sections::evaluation(&mut p, cert);
    sections::subjects_table(&mut p, subjects);
    if let Some(w) = verdict.and_then(|v| v.witnessing.as_ref()) {
        sections::transparency(&mut p, w);
    }
    if let Some(v) = verdict {
        sections::steps(&mut p, v);
    }

    // Each language places the version and the time where its grammar puts them.
    let (version, time) = (text(env!("CARGO_PKG_VERSION")), text(&time.to_string()));
    let generated = Html::fill(L::Generated.template(lang), &[("version", &version), ("time", &time)]);
    let authoritative = L::Authoritative.get(lang);
    p.push(html!(
        "<footer>\n<p>{generated}</p>\n<p>{authoritative}</p>\n</footer>\n</main>\n</body>\n</html>\n",
        generated,
        authoritative
    ));
    p.out.into_string()
}
