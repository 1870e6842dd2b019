//! Markup for the page: every value escaped on its way in, labels and
//! free text in the reader's conventions, and the builder that assembles
//! the page.

use super::labels::L;
use crate::args::Lang;
use crate::output::escape;

/// Shown where an optional field of the certificate is absent.
pub(super) const ABSENT: &str = "—";

/// Escapes the five characters that are special in HTML text and in quoted
/// attribute values, so that any string is shown as text and can never open
/// a tag, end an attribute, or start an entity.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value from a document, made safe for the page: control and bidi
/// characters shown as `\u{…}` (so nothing is hidden or reordered), then
/// HTML-escaped. Every interpolated value goes through here.
pub(super) fn text(s: &str) -> String {
    escape_html(&escape(s))
}

/// A digest or key id: escaped, in monospace, wrapping anywhere.
pub(super) fn digest(alg: &str, hex: &str) -> String {
    let prefix = if alg.is_empty() { String::new() } else { format!("<span class=\"alg\">{}:</span>", text(alg)) };
    format!("<code class=\"digest\">{prefix}{}</code>", text(hex))
}

/// An optional value, or a dash.
pub(super) fn opt(v: Option<&str>) -> String {
    text(v.unwrap_or(ABSENT))
}

/// The separator after a label: Chinese text uses the full-width colon.
pub(super) fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En | Lang::Ru => ": ",
    }
}

/// Already-escaped label text whose `backticked` parts are commands to type:
/// those are shown as code (escaping leaves backticks alone).
pub(super) fn with_code(escaped: &str) -> String {
    escaped
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{part}</code>") } else { part.to_owned() })
        .collect()
}

/// The `lang` attribute: BCP 47, so that browsers pick Simplified Chinese
/// glyphs for shared Han characters.
pub(super) fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ru => "ru",
        Lang::Zh => "zh-Hans",
    }
}

/// Free text from a signed document (a condition, an accreditation): shown
/// as written, between the reader's language's quotation marks, so that it
/// is never mistaken for attest's own words.
pub(super) fn quoted(lang: Lang, s: &str) -> String {
    let (open, close) = match lang {
        Lang::En => ("\u{201c}", "\u{201d}"),
        Lang::Ru => ("\u{ab}", "\u{bb}"),
        Lang::Zh => ("\u{300c}", "\u{300d}"),
    };
    format!("<q class=\"quoted\">{open}{}{close}</q>", text(s))
}

/// Builds the page in one string. Its methods take markup: labels are
/// escaped by [`L::get`], values by [`text`] / [`digest`] / [`opt`] before
/// they get here, so nothing from a document is ever pushed unescaped.
pub(super) struct Page {
    pub(super) out: String,
    pub(super) lang: Lang,
}

impl Page {
    pub(super) fn push(&mut self, html: &str) {
        self.out.push_str(html);
    }

    pub(super) fn h2(&mut self, label: L) {
        let t = label.get(self.lang);
        self.push(&format!("<h2>{t}</h2>\n"));
    }

    /// A two-column table of label → value (value already markup).
    pub(super) fn kv(&mut self, rows: &[(L, String)]) {
        self.push("<table class=\"kv\">\n");
        for (label, html) in rows {
            let t = label.get(self.lang);
            self.push(&format!("<tr><th scope=\"row\">{t}</th><td>{html}</td></tr>\n"));
        }
        self.push("</table>\n");
    }

    /// A header row of labels.
    pub(super) fn thead(&mut self, labels: &[L], widths: &[&str]) {
        if !widths.is_empty() {
            self.push("<colgroup>");
            for w in widths {
                // Widths are our own constants, not values.
                self.push(&format!("<col style=\"width:{}\">", escape_html(w)));
            }
            self.push("</colgroup>\n");
        }
        self.push("<thead><tr>");
        for l in labels {
            let t = l.get(self.lang);
            self.push(&format!("<th scope=\"col\">{t}</th>"));
        }
        self.push("</tr></thead>\n");
    }
}
