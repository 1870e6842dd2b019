//! The go.mod lexer: tokens, comments and Go string literals, line by line.

/// One token of a go.mod line.
#[derive(Debug, PartialEq)]
pub(super) enum Token {
    /// A bare word, such as a verb, a path, a version or `=>`.
    Word(String),
    /// A Go string literal, unquoted.
    Quoted(String),
    /// `(`, opening a block.
    Open,
    /// `)`, closing a block.
    Close,
    /// `[`, `]`, `,` (retracted ranges), `{` or `}`.
    Punct(char),
}

/// Splits one line into tokens and its trailing comment (the text after
/// `//`, empty when there is none), as Go's go.mod lexer does: a comment
/// starts only where a token could, so `//` inside a word is part of it.
pub(super) fn lex(line: &str) -> std::result::Result<(Vec<Token>, &str), String> {
    let mut tokens = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else { return Ok((tokens, "")) };
        if let Some(comment) = rest.strip_prefix("//") {
            return Ok((tokens, comment));
        }
        if rest.starts_with("/*") {
            return Err("go.mod takes // comments, not /* */".into());
        }
        let after = rest.get(c.len_utf8()..).unwrap_or_default();
        let (token, tail) = match c {
            '(' => (Token::Open, after),
            ')' => (Token::Close, after),
            '[' | ']' | ',' | '{' | '}' => (Token::Punct(c), after),
            '"' => {
                let end = closing_quote(after).ok_or("unterminated quoted string")?;
                let (inner, tail) = after.split_at(end);
                (Token::Quoted(unescape(inner)?), tail.get(1..).unwrap_or_default())
            }
            '`' => {
                let (inner, tail) = after.split_once('`').ok_or("unterminated raw string (it must end on its line)")?;
                (Token::Quoted(inner.to_owned()), tail)
            }
            _ => {
                let end = rest.find(|c: char| c.is_whitespace() || "()[]{},".contains(c)).unwrap_or(rest.len());
                let (text, tail) = rest.split_at(end);
                if let Some(bad) = text.chars().find(|c| c.is_control()) {
                    return Err(format!("unexpected character {bad:?}"));
                }
                (Token::Word(text.to_owned()), tail)
            }
        };
        tokens.push(token);
        rest = tail;
    }
}

/// The byte offset of the `"` closing an interpreted string whose body
/// starts `body`, stepping over escaped characters.
fn closing_quote(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

/// Decodes the escapes of a Go interpreted string literal's body. An escape
/// Go does not know is an error, not a guess.
fn unescape(body: &str) -> std::result::Result<String, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.chars();
    let bad = |what: &str| format!("bad escape {what} in quoted string \"{body}\"");
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            continue;
        }
        let e = chars.next().ok_or_else(|| bad("\\ at the end"))?;
        let mut digits = |n: usize, radix: u32| -> std::result::Result<u32, String> {
            let text: String = chars.by_ref().take(n).collect();
            let value = u32::from_str_radix(&text, radix).ok().filter(|_| text.chars().all(|c| c.is_digit(radix)));
            value.filter(|_| text.len() == n).ok_or_else(|| bad(&format!("\\{e}{text}")))
        };
        match e {
            'a' => out.push(0x07),
            'b' => out.push(0x08),
            'f' => out.push(0x0c),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(0x0b),
            '\\' | '"' => out.push(e as u8),
            'x' => out.push(u8::try_from(digits(2, 16)?).map_err(|_| bad("\\x"))?),
            'u' | 'U' => {
                let code = digits(if e == 'u' { 4 } else { 8 }, 16)?;
                let c = char::from_u32(code).ok_or_else(|| bad(&format!("\\{e}{code:x} (not a character)")))?;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            '0'..='7' => {
                let rest = digits(2, 8)?;
                let value = e.to_digit(8).unwrap_or_default() * 64 + rest;
                out.push(u8::try_from(value).map_err(|_| bad(&format!("\\{e}… (above \\377)")))?);
            }
            other => return Err(bad(&format!("\\{other}"))),
        }
    }
    String::from_utf8(out).map_err(|_| format!("quoted string \"{body}\" is not UTF-8 once unescaped"))
}
