//! Printing for people and for programs.
//!
//! Human output escapes every control character (threats.md T21): a name in
//! a hostile SBOM must never move the cursor or recolour the terminal. Colour
//! is used only on a terminal and never when `NO_COLOR` is set.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use attest_core::report::{Outcome, Report};
use serde::Serialize;

/// Escapes control characters (C0, DEL, C1) and other invisible format
/// characters so that text from a document is shown, never interpreted.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether to colour stdout.
pub fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn paint(s: &str, code: &str, on: bool) -> String {
    if on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_owned() }
}

/// A table with aligned columns; every cell escaped.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| escape(c)).collect()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        let parts: Vec<String> = cells.zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied(), &mut out);
    for r in &rows {
        line(&mut r.iter().map(String::as_str), &mut out);
    }
    out
}

/// A report as an aligned table followed by a verdict line.
pub fn render_report(report: &Report, verdict_ok: &str, verdict_fail: &str) -> String {
    let on = colour();
    let rows: Vec<Vec<String>> = report
        .checks
        .iter()
        .map(|c| vec![c.check.clone(), outcome_word(c.outcome).to_owned(), c.detail.clone()])
        .collect();
    let mut out = table(&["CHECK", "RESULT", "DETAIL"], &rows);
    if on {
        // Colour the result column after escaping: our own escapes only.
        for (word, code) in [("pass", "32"), ("FAIL", "31;1"), ("warn", "33")] {
            out = out.replace(&format!("  {word} "), &format!("  {} ", paint(word, code, true)));
        }
    }
    let verdict = if report.passed() { paint(verdict_ok, "32;1", on) } else { paint(verdict_fail, "31;1", on) };
    let _ = writeln!(out, "\n{}: {verdict}", escape(&report.document));
    out
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "pass",
        Outcome::Fail => "FAIL",
        Outcome::Warn => "warn",
        Outcome::Skip => "skip",
    }
}

/// Prints one JSON document on stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    write_stdout(format_args!("{}", String::from_utf8_lossy(&text)));
    Ok(())
}

/// Writes to stdout; a closed pipe (`attest … | head`) ends the program
/// quietly with success, as it does for other Unix tools, instead of a panic.
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args)
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// `println!` that survives a closed pipe.
macro_rules! outln {
    () => { crate::output::write_stdout(format_args!("\n")) };
    ($($arg:tt)*) => { crate::output::write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` that survives a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => { crate::output::write_stdout(format_args!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(escape("a\x1b[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(escape("ok é 中"), "ok é 中");
        assert_eq!(escape("\u{202e}gpj.exe"), "\\u{202e}gpj.exe");
    }

    #[test]
    fn table_aligns_columns() {
        let t = table(&["A", "BB"], &[vec!["xxx".into(), "y".into()]]);
        assert_eq!(t, "A    BB\nxxx  y\n");
    }
}
