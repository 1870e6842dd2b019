//! Markup for the page, escaped by construction: [`Html`] is the only thing
//! the page is built from, and a `String` cannot become one. Every value
//! from a document goes in through [`Html::text`]; attest's own markup is a
//! constant ([`Html::markup`] takes `&'static str`), and the [`html!`]
//! macro fills a constant template's `{name}`s with other `Html` only. A
//! value therefore cannot reach the page unescaped by mistake.

use std::fmt;

use super::labels::L;
use crate::args::Lang;
use crate::output::escape;

/// Shown where an optional field of the certificate is absent.
pub(super) const ABSENT: &str = "—";

/// Markup that may go on the page as it is (see the module's doc).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Html(String);

impl Html {
    /// A value from a document, made safe for the page: control and bidi
    /// characters shown as `\u{…}` (so nothing is hidden or reordered),
    /// then HTML-escaped.
    pub(super) fn text(s: &str) -> Html {
        Html(escape_html(&escape(s)))
    }

    /// attest's own constant markup (a tag, a translated word).
    pub(super) fn markup(s: &'static str) -> Html {
        Html(s.to_owned())
    }

    /// `template` with each `{name}` replaced by the markup `args` gives
    /// that name (what [`html!`] expands to). The template is a constant;
    /// braces around anything else stay as written.
    pub(super) fn fill(template: &'static str, args: &[(&str, &Html)]) -> Html {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name_len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            let value = (after[name_len..].starts_with('}'))
                .then(|| args.iter().find(|(n, _)| *n == &after[..name_len]))
                .flatten();
            match value {
                Some((_, v)) => {
                    out.push_str(&v.0);
                    rest = &after[name_len + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        Html(out)
    }

    /// `parts` one after another, `sep` between them.
    pub(super) fn join(parts: impl IntoIterator<Item = Html>, sep: &Html) -> Html {
        let mut out = Html::default();
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(sep);
            }
            out.push(&p);
        }
        out
    }

    /// Appends `other`.
    pub(super) fn push(&mut self, other: &Html) {
        self.0.push_str(&other.0);
    }

    /// The markup, to write out.
    pub(super) fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, to write out.
    pub(super) fn into_string(self) -> String {
        self.0
    }
}

/// Read as text (to search or compare it); it stays markup.
impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// [`Html::fill`] of a constant template with `Html` values named as the
/// variables that hold them: `html!("<td>{name}</td>", name)`.
macro_rules! html {
    ($template:literal $(, $name:ident)* $(,)?) => {
        $crate::html::markup::Html::fill($template, &[$((stringify!($name), &$name)),*])
    };
}
pub(super) use html;

/// Escapes the five characters that are special in HTML text and in quoted
/// attribute values, so that any string is shown as text and can never open
/// a tag, end an attribute, or start an entity.
pub(super) fn escape_html(s: &str) -> String {
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

/// [`Html::text`].
pub(super) fn text(s: &str) -> Html {
    Html::text(s)
}

/// A digest or key id: escaped, in monospace, wrapping anywhere.
pub(super) fn digest(alg: &str, hex: &str) -> Html {
    let hex = text(hex);
    if alg.is_empty() {
        return html!("<code class=\"digest\">{hex}</code>", hex);
    }
    let alg = text(alg);
    html!("<code class=\"digest\"><span class=\"alg\">{alg}:</span>{hex}</code>", alg, hex)
}

/// An optional value, or a dash.
pub(super) fn opt(v: Option<&str>) -> Html {
    text(v.unwrap_or(ABSENT))
}

/// The separator after a label: Chinese text uses the full-width colon.
pub(super) fn colon(lang: Lang) -> Html {
    Html::markup(match lang {
        Lang::Zh => "：",
        Lang::En | Lang::Ru => ": ",
    })
}

/// Label markup whose `backticked` parts are commands to type: those are
/// shown as code (escaping leaves backticks alone).
pub(super) fn with_code(label: &Html) -> Html {
    let parts = label.as_str().split('`').enumerate().map(|(i, part)| {
        let part = Html(part.to_owned());
        if i % 2 == 1 { html!("<code>{part}</code>", part) } else { part }
    });
    Html::join(parts, &Html::default())
}

/// The `lang` attribute: BCP 47, so that browsers pick Simplified Chinese
/// glyphs for shared Han characters.
pub(super) fn lang_tag(lang: Lang) -> Html {
    Html::markup(match lang {
        Lang::En => "en",
        Lang::Ru => "ru",
        Lang::Zh => "zh-Hans",
    })
}

/// Free text from a signed document (a condition, an accreditation): shown
/// as written, between the reader's language's quotation marks, so that it
/// is never mistaken for attest's own words.
pub(super) fn quoted(lang: Lang, s: &str) -> Html {
    let (open, close) = match lang {
        Lang::En => ("\u{201c}", "\u{201d}"),
        Lang::Ru => ("\u{ab}", "\u{bb}"),
        Lang::Zh => ("\u{300c}", "\u{300d}"),
    };
    let (open, close, s) = (Html::markup(open), Html::markup(close), text(s));
    html!("<q class=\"quoted\">{open}{s}{close}</q>", open, s, close)
}

/// Builds the page from markup only.
pub(super) struct Page {
    pub(super) out: Html,
    pub(super) lang: Lang,
}

impl Page {
    pub(super) fn push(&mut self, html: Html) {
        self.out.push(&html);
    }

    pub(super) fn h2(&mut self, label: L) {
        let t = label.get(self.lang);
        self.push(html!("<h2>{t}</h2>\n", t));
    }

    /// A two-column table of label → value.
    pub(super) fn kv(&mut self, rows: &[(L, Html)]) {
        self.push(Html::markup("<table class=\"kv\">\n"));
        for (label, value) in rows {
            let t = label.get(self.lang);
            self.push(html!("<tr><th scope=\"row\">{t}</th><td>{value}</td></tr>\n", t, value));
        }
        self.push(Html::markup("</table>\n"));
    }

    /// A header row of labels, with the columns' widths (constants).
    pub(super) fn thead(&mut self, labels: &[L], widths: &[&'static str]) {
        if !widths.is_empty() {
            self.push(Html::markup("<colgroup>"));
            for w in widths {
                let w = Html::markup(w);
                self.push(html!("<col style=\"width:{w}\">", w));
            }
            self.push(Html::markup("</colgroup>\n"));
        }
        self.push(Html::markup("<thead><tr>"));
        for l in labels {
            let t = l.get(self.lang);
            self.push(html!("<th scope=\"col\">{t}</th>", t));
        }
        self.push(Html::markup("</tr></thead>\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_enter_escaped_and_templates_fill_only_with_markup() {
        let name = Html::text("<script>\"x\"&\u{202e}");
        let tag = Html::markup("b");
        let page = html!("<{tag}>{name}</{tag}> {unknown} {", tag, name);
        assert_eq!(page.as_str(), "<b>&lt;script&gt;&quot;x&quot;&amp;\\u{202e}</b> {unknown} {");
        let joined = Html::join([Html::text("a<"), Html::text("b")], &Html::markup(", "));
        assert_eq!(joined.as_str(), "a&lt;, b");
        assert_eq!(with_code(&Html::text("run `attest x` <now>")).as_str(), "run <code>attest x</code> &lt;now&gt;");
    }
}
