//! `attest completions SHELL` and `attest man --dir DIR`: generated from the
//! clap definitions, so they can never disagree with the parser.

use std::path::Path;

use attest_core::fsio::{Overwrite, write_atomic};
use clap::CommandFactory;

use crate::Verdict;
use crate::args::Cli;

pub(crate) fn completions(shell: clap_complete::Shell) -> anyhow::Result<Verdict> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "attest", &mut out);
    out!("{}", String::from_utf8_lossy(&out));
    Ok(Verdict::Ok)
}

/// Writes `attest.1` and `attest-<sub>[-<subsub>].1` for every command.
pub(crate) fn man_pages(dir: &Path) -> anyhow::Result<Verdict> {
    std::fs::create_dir_all(dir).map_err(|e| attest_core::Error::io(dir, e))?;
    let mut written = 0usize;
    // Built, so that the global flags are propagated into every subcommand's
    // page and not only the top one.
    let mut root = Cli::command();
    root.build();
    write_pages(&root, "attest", dir, &mut written)?;
    outln!("wrote {written} man page(s) into {}", crate::output::escape(&dir.display().to_string()));
    Ok(Verdict::Ok)
}

/// The EXIT STATUS section every page ends with (roff).
const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\nDone, or verified.\n.TP\n\\fB1\\fR\n\
A verification or policy check failed (every reason is printed), or the operation was refused.\n.TP\n\\fB2\\fR\n\
Usage error, or an input that is unreadable, malformed, of the wrong kind or over a limit.\n";

fn write_pages(cmd: &clap::Command, name: &str, dir: &Path, written: &mut usize) -> anyhow::Result<()> {
    let mut page = Vec::new();
    let titled = cmd.clone().display_name(name.to_owned()).bin_name(name.replace('-', " "));
    clap_mangen::Man::new(titled).title(name.to_uppercase()).render(&mut page)?;
    page.extend_from_slice(EXIT_STATUS.as_bytes());
    write_atomic(&dir.join(format!("{name}.1")), &page, Overwrite::Replace, None)?;
    *written += 1;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir, written)?;
    }
    Ok(())
}
