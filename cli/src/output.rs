//! Printing for people and for programs.
//!
//! Human output escapes every control character (docs/threat-model.md T21): a name in
//! a hostile SBOM must never move the cursor or recolour the terminal. Colour
//! is used only on a terminal and never when `NO_COLOR` is set.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use attest_core::fsio::write_atomic;
use attest_core::report::{Outcome, Report};
use serde::Serialize;

use crate::args::Force;

/// Escapes control characters (C0, DEL, C1) and other invisible format
/// characters so that text from a document is shown, never interpreted.
/// Text that needs no escaping (nearly all of it) is borrowed, not copied.
pub(crate) fn escape(s: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether to colour stdout.
pub(crate) fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn paint(s: &str, code: &str, on: bool) -> String {
    if on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_owned() }
}

/// A table with aligned columns; every cell escaped.
pub(crate) fn table<R: AsRef<[S]>, S: AsRef<str>>(headers: &[&str], rows: &[R]) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_table(&mut out, headers, rows);
    out
}

/// Writes [`table`] to `out` row by row, so that a table of 100,000
/// components is never held as one string (docs/performance.md, memory).
pub(crate) fn write_table<W: fmt::Write, R: AsRef<[S]>, S: AsRef<str>>(
    out: &mut W,
    headers: &[&str],
    rows: &[R],
) -> fmt::Result {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r.as_ref()) {
            *w = (*w).max(escape(c.as_ref()).chars().count());
        }
    }
    write_row(out, headers.iter().map(|h| Cow::Borrowed(*h)), &widths)?;
    for r in rows {
        write_row(out, r.as_ref().iter().map(|c| escape(c.as_ref())), &widths)?;
    }
    Ok(())
}

/// One row: cells padded to their column's width, two spaces apart, no
/// trailing spaces.
fn write_row<'a, W: fmt::Write>(
    out: &mut W,
    cells: impl Iterator<Item = Cow<'a, str>>,
    widths: &[usize],
) -> fmt::Result {
    let mut pending = 0;
    for (i, (cell, width)) in cells.zip(widths).enumerate() {
        if cell.is_empty() {
            pending += if i == 0 { *width } else { width + 2 };
            continue;
        }
        let gap = if i == 0 { pending } else { pending + 2 };
        write!(out, "{:gap$}{cell}", "")?;
        pending = width - cell.chars().count();
    }
    out.write_char('\n')
}

/// A report as an aligned table followed by a verdict line.
pub(crate) fn render_report(report: &Report, verdict_ok: &str, verdict_fail: &str) -> String {
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

/// Prints one JSON document on stdout, serialised straight into the
/// stream (never held whole in memory).
pub(crate) fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    quiet_on_closed_pipe(written)
}

/// Prints, as [`print_json`] would, an object whose last field is a long
/// list (`log audit`'s million entries): `head` is the object with that
/// list empty, and `items` are pretty-printed in parallel, a window at a
/// time, and spliced in where serde puts them (the same bytes as printing
/// it whole; a test says so). The list must be a field of the top-level
/// object, whose items serde indents by four spaces.
pub(crate) fn print_json_listing<T: Serialize, I: Serialize + Sync>(head: &T, items: &[I]) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    quiet_on_closed_pipe(write_json_listing(&mut out, head, items).and_then(|()| out.flush()))
}

fn write_json_listing<T: Serialize, I: Serialize + Sync>(
    out: &mut impl Write,
    head: &T,
    items: &[I],
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const EMPTY_LAST: &str = "[]\n}";
    let head = serde_json::to_string_pretty(head)?;
    let Some(start) = head.strip_suffix(EMPTY_LAST).filter(|_| !items.is_empty()) else {
        return writeln!(out, "{head}");
    };
    out.write_all(start.as_bytes())?;
    out.write_all(b"[\n")?;
    for (w, window) in items.chunks(1 << 16).enumerate() {
        // Nested twice, serde indents the items as it does in the object.
        let parts = window
            .par_chunks(1 << 12)
            .map(|chunk| {
                let text = serde_json::to_string_pretty(&[chunk])?;
                text.strip_prefix("[\n  [\n")
                    .and_then(|t| t.strip_suffix("\n  ]\n]"))
                    .map(str::to_owned)
                    .ok_or_else(|| std::io::Error::other("unexpected JSON layout"))
            })
            .collect::<std::io::Result<Vec<String>>>()?;
        for (i, part) in parts.iter().enumerate() {
            if w > 0 || i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(part.as_bytes())?;
        }
    }
    out.write_all(b"\n  ]\n}\n")
}

/// Writes to stdout; a closed pipe (`attest … | head`) ends the program
/// quietly with success, as it does for other Unix tools, instead of a panic.
pub(crate) fn write_stdout(args: std::fmt::Arguments<'_>) {
    let _ = quiet_on_closed_pipe(std::io::stdout().lock().write_fmt(args));
}

/// Writes a table to stdout through a buffer, row by row.
pub(crate) fn print_table<R: AsRef<[S]>, S: AsRef<str>>(headers: &[&str], rows: &[R]) -> anyhow::Result<()> {
    /// `fmt::Write` over a buffered stdout, keeping the I/O error.
    struct Out<W: Write>(W, Option<std::io::Error>);
    impl<W: Write> fmt::Write for Out<W> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.write_all(s.as_bytes()).map_err(|e| {
                self.1 = Some(e);
                fmt::Error
            })
        }
    }
    let mut out = Out(BufWriter::with_capacity(1 << 16, std::io::stdout().lock()), None);
    let written = match write_table(&mut out, headers, rows) {
        Ok(()) => out.0.flush(),
        Err(fmt::Error) => Err(out.1.take().unwrap_or_else(|| std::io::Error::other("formatting failed"))),
    };
    quiet_on_closed_pipe(written)
}

/// A closed pipe ends the program quietly with success; any other write
/// error is returned.
fn quiet_on_closed_pipe(written: std::io::Result<()>) -> anyhow::Result<()> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => Ok(other?),
    }
}

/// Writes an output file atomically (`-` is stdout), refusing to replace
/// one without `--force`.
pub(crate) fn write_output(path: &Path, bytes: &[u8], force: Force) -> anyhow::Result<()> {
    Ok(write_atomic(path, bytes, force.overwrite(), None)?)
}

/// Whether an output goes to stdout (so stdout cannot carry a report too).
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
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

// After the macros above, which it prints with.
pub(crate) mod evaluation;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_printed_in_parallel_is_the_document_serde_prints() {
        #[derive(Serialize)]
        struct Item {
            index: usize,
            name: String,
            tags: Vec<&'static str>,
        }
        #[derive(Serialize)]
        struct Doc<'a> {
            verified: bool,
            nested: serde_json::Value,
            entries: &'a [Item],
        }
        for n in [0, 1, 4095, 4096, 4097, 65536 + 3] {
            let items: Vec<Item> = (0..n)
                .map(|i| Item {
                    index: i,
                    name: format!("n\"{i}\u{1b}é"),
                    tags: if i % 2 == 0 { vec!["a"] } else { vec![] },
                })
                .collect();
            let nested = serde_json::json!({"a": [1, {"b": []}]});
            let whole = Doc { verified: true, nested: nested.clone(), entries: &items };
            let mut want = serde_json::to_vec_pretty(&whole).unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            write_json_listing(&mut got, &Doc { verified: true, nested, entries: &[] }, &items).unwrap();
            assert!(got == want, "{n} items: the listing differs from serde's");
        }
    }

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(escape("a\x1b[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(escape("ok é 中"), "ok é 中");
        assert_eq!(escape("\u{202e}gpj.exe"), "\\u{202e}gpj.exe");
    }

    #[test]
    fn table_aligns_columns() {
        let t = table(&["A", "BB"], &[vec!["xxx".to_owned(), "y".to_owned()]]);
        assert_eq!(t, "A    BB\nxxx  y\n");
        let t = table(&["A", "B", "C"], &[["", "x", ""], ["long", "", "z"], ["", "", ""]]);
        assert_eq!(t, "A     B  C\n      x\nlong     z\n\n");
        assert_eq!(table(&["A", "B"], &[["\x1b[2J", "b"]]), "A          B\n\\u{1b}[2J  b\n");
    }
}
