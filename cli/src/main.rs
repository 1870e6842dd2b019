//! `attest`: the command-line face of attest-core. Parsing, I/O and
//! printing only; every decision is made in the library.

#![warn(unreachable_pub)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

#[macro_use]
mod output;
mod args;
mod commands;
mod html;
mod inputs;

use std::process::ExitCode;

use attest_core::timestamp::Timestamp;
use clap::Parser;

use args::{Cli, Command, OutputFormat};

/// What every command gets from the global flags.
pub struct Ctx {
    /// `--output`.
    pub output: OutputFormat,
    /// `--time`, or now.
    pub time: Timestamp,
    /// `--state`.
    pub state: Option<std::path::PathBuf>,
    /// Size limits (`--max-sbom-mib`).
    pub limits: attest_core::limits::Limits,
}

/// How a command ended when it did not fail to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Done, or verified: exit 0.
    Ok,
    /// Verification or policy failed: exit 1.
    Failed,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // Help and version are successes; every parse error is a usage error.
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(Verdict::Ok) => ExitCode::SUCCESS,
        Ok(Verdict::Failed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("attest: error: {}", output::escape(&format!("{e:#}")));
            ExitCode::from(exit_code(&e))
        }
    }
}

/// The exit code of an error (docs/cli.md "Exit codes"): a refusal on
/// policy grounds is a failed check (1), a bug in attest is 3 so that it
/// never reads as the user's mistake, everything else is a usage or input
/// error (2).
fn exit_code(e: &anyhow::Error) -> u8 {
    match e.downcast_ref::<attest_core::Error>() {
        Some(attest_core::Error::Refused(_)) => 1,
        Some(attest_core::Error::Internal(_)) => 3,
        _ => 2,
    }
}

fn run(cli: Cli) -> anyhow::Result<Verdict> {
    let time = match &cli.global.time {
        Some(t) => Timestamp::parse_lenient(t).map_err(attest_core::Error::usage)?,
        None => Timestamp::now(),
    };
    let limits = cli.global.max_sbom_mib.map(attest_core::limits::Limits::with_sbom_mib).unwrap_or_default();
    let ctx = Ctx { output: cli.global.output, time, state: cli.global.state, limits };
    match cli.command {
        Command::Key(k) => commands::key::run(&ctx, k),
        Command::Sbom(s) => commands::sbom::run(&ctx, s),
        Command::Sign(a) => commands::sign::sign(&ctx, a),
        Command::Cosign(a) => commands::sign::cosign(&ctx, a),
        Command::Verify(a) => commands::verify::run(&ctx, a),
        Command::Trust(t) => commands::trust::run(&ctx, t),
        Command::Certify(c) => commands::certify::run(&ctx, c),
        Command::Log(l) => commands::log::run(&ctx, l),
        Command::Demo(a) => commands::demo::run(&ctx, a),
        Command::Completions { shell } => commands::docs::completions(shell),
        Command::Man { dir } => commands::docs::man_pages(&dir),
    }
}

#[cfg(test)]
mod tests {
    use super::exit_code;

    #[test]
    fn a_bug_is_not_blamed_on_the_user() {
        let code = |e: attest_core::Error| exit_code(&anyhow::Error::from(e));
        assert_eq!(code(attest_core::Error::Internal("lost its list".into())), 3);
        assert_eq!(code(attest_core::Error::Refused("not a governor".into())), 1);
        assert_eq!(code(attest_core::Error::Usage("--x and --y".into())), 2);
        assert_eq!(code(attest_core::Error::malformed("a.json", "bad")), 2);
        assert_eq!(exit_code(&anyhow::anyhow!("not an attest error")), 2);
    }
}
