//! `attest sbom generate`, `attest sbom validate` and `attest sbom check`.

use attest_core::cyclonedx::model::SpecVersion;
use attest_core::cyclonedx::validate;
use attest_core::jsontree;
use attest_core::profile::{self, Profile};
use attest_core::sbom::{Creator, GenerateRequest, Omit, Product, generate, scan};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::args::{GenerateArgs, OmitKind, OutputFormat, ProfileName, SbomCommand, SpecVersionArg};
use crate::inputs::read_sbom;
use crate::output::{escape, is_stdout, print_json, table, write_output};
use crate::{Ctx, Verdict};

/// Trees smaller than this finish before a progress bar is worth drawing.
const PROGRESS_MIN_BYTES: u64 = 256 << 20;

pub(crate) fn run(ctx: &Ctx, cmd: SbomCommand) -> anyhow::Result<Verdict> {
    match cmd {
        SbomCommand::Generate(a) => run_generate(ctx, *a),
        SbomCommand::Validate { file } => run_validate(ctx, &file),
        SbomCommand::Check { file, profile, all } => run_check(ctx, &file, &profiles(&profile), all),
    }
}

fn profiles(names: &[ProfileName]) -> Vec<Profile> {
    let mut out: Vec<Profile> = names
        .iter()
        .map(|n| match n {
            ProfileName::Tr03183_2 => Profile::Tr03183_2,
            ProfileName::Ntia => Profile::Ntia,
            ProfileName::Cra => Profile::Cra,
        })
        .collect();
    out.dedup();
    out
}

fn run_generate(ctx: &Ctx, a: GenerateArgs) -> anyhow::Result<Verdict> {
    let req = GenerateRequest {
        paths: a.paths,
        lockfiles: a.lockfile,
        product: Product { name: a.name, version: a.product_version, supplier: a.supplier, purl: a.purl },
        sha512: a.sha512,
        follow_symlinks: a.follow_symlinks,
        skip_unreadable: a.skip_unreadable,
        exclude: a.exclude,
        no_discover: a.no_discover,
        ignore_files: a.ignore_file,
        respect_gitignore: a.respect_gitignore,
        keep_own_outputs: a.keep_own_outputs,
        omit: Omit { dev: a.omit.contains(&OmitKind::Dev), optional: a.omit.contains(&OmitKind::Optional) },
        timestamp: Some(ctx.time),
        spec_version: match a.spec_version {
            SpecVersionArg::V1_5 => SpecVersion::V1_5,
            SpecVersionArg::V1_6 => SpecVersion::V1_6,
        },
        creator: Creator { email: a.creator_email, url: a.creator_url },
        license: a.license,
        fill_profiles: !a.profile.is_empty(),
        cargo_registry: if a.cargo_registry { Some(cargo_registry()?) } else { None },
    };
    let wanted = profiles(&a.profile);
    if !wanted.is_empty() && req.spec_version == SpecVersion::V1_5 {
        return Err(attest_core::Error::Usage(
            "--profile writes CycloneDX 1.6 fields (manufacturer, licence acknowledgement); leave out --spec-version 1.5"
                .into(),
        )
        .into());
    }
    let found = scan(&req)?;
    let total: u64 = found.files.iter().map(|f| f.size).sum();
    // indicatif draws nothing when stderr is not a terminal.
    let bar = if total >= PROGRESS_MIN_BYTES {
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("hashing {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    let mut generated = generate(&req, found, &|n| bar.inc(n))?;
    bar.finish_and_clear();
    // Say what the profiles still miss: what attest could not fill.
    if !wanted.is_empty() {
        let doc = jsontree::parse(&generated.json, "the generated SBOM")?;
        for p in &wanted {
            let report = profile::check(&doc, *p);
            let unmet: Vec<String> =
                report.unmet().map(|f| format!("{} at {}", f.requirement, pointer(&f.pointer))).collect();
            if !unmet.is_empty() {
                generated.notes.push(format!(
                    "profile {p}: {} requirement(s) not met ({}); run attest sbom check --profile {p} for details",
                    unmet.len(),
                    summarise(&unmet)
                ));
            }
        }
    }
    write_output(&a.out, &generated.json, a.force)?;

    for s in &generated.skipped {
        eprintln!("attest: warning: skipped {}: {}", escape(&s.path), escape(&s.reason));
    }
    for note in &generated.notes {
        eprintln!("attest: note: {}", escape(note));
    }
    let summary = json!({
        "output": a.out.to_string_lossy(),
        "files": generated.files,
        "packages": generated.packages,
        "bytesHashed": generated.bytes_hashed,
        "lockfiles": generated.lockfiles,
        "skipped": generated.skipped,
        "notes": generated.notes,
        "installedMetadata": generated.installed.iter().map(|(purl, found)| json!({
            "component": purl,
            "source": found.source,
            "fields": found.fields(req.spec_version == SpecVersion::V1_6),
        })).collect::<Vec<_>>(),
    });
    match (ctx.output, is_stdout(&a.out)) {
        // stdout carries the SBOM itself; the summary would corrupt it.
        (_, true) => {}
        (OutputFormat::Json, false) => print_json(&summary)?,
        (OutputFormat::Human, false) => outln!(
            "wrote {}: {} file(s), {} package(s) from {} lockfile(s){}, {} bytes hashed{}",
            escape(&a.out.to_string_lossy()),
            generated.files,
            generated.packages,
            generated.lockfiles.len(),
            match generated.installed.len() {
                0 => String::new(),
                n => format!(
                    " ({n} filled from installed package metadata, each naming its file in property {})",
                    attest_core::sbom::INSTALLED_PROPERTY
                ),
            },
            generated.bytes_hashed,
            match generated.skipped.len() {
                0 => String::new(),
                n => format!("; {n} path(s) left out, each named above with why"),
            }
        ),
    }
    Ok(Verdict::Ok)
}

/// `$CARGO_HOME/registry/src` (`~/.cargo` when CARGO_HOME is not set),
/// refused when it is not a folder: `--cargo-registry` would fill nothing.
fn cargo_registry() -> anyhow::Result<std::path::PathBuf> {
    let home = match std::env::var_os("CARGO_HOME") {
        Some(h) if !h.is_empty() => std::path::PathBuf::from(h),
        _ => std::env::home_dir().map(|h| h.join(".cargo")).ok_or_else(|| {
            attest_core::Error::Usage("--cargo-registry: no home folder and CARGO_HOME is not set".into())
        })?,
    };
    let src = home.join("registry").join("src");
    if !src.is_dir() {
        return Err(attest_core::Error::Usage(format!(
            "--cargo-registry: {} is not a folder; set CARGO_HOME, or run cargo fetch in the project first",
            src.display()
        ))
        .into());
    }
    Ok(src)
}

fn run_validate(ctx: &Ctx, file: &std::path::Path) -> anyhow::Result<Verdict> {
    let doc = file.display().to_string();
    let bytes = read_sbom(file, ctx.limits, "sbom validate")?;
    let v = validate(&jsontree::parse(&bytes, &doc)?);
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "document": doc,
            "valid": v.is_valid(),
            "specVersion": v.spec_version,
            "problems": v.problems,
        }))?,
        OutputFormat::Human => {
            let version = v.spec_version.as_deref().unwrap_or("?");
            if v.is_valid() {
                outln!("{}: valid CycloneDX {}", escape(&doc), escape(version));
            } else {
                let rows: Vec<Vec<String>> =
                    v.problems.iter().map(|p| vec![p.path.clone(), p.message.clone()]).collect();
                out!("{}", table(&["WHERE", "PROBLEM"], &rows));
                outln!("\n{}: INVALID CycloneDX {} ({} problem(s))", escape(&doc), escape(version), v.problems.len());
            }
        }
    }
    Ok(if v.is_valid() { Verdict::Ok } else { Verdict::Failed })
}

/// A JSON pointer as shown to people: `/` for the whole document.
fn pointer(p: &str) -> &str {
    if p.is_empty() { "/" } else { p }
}

/// The first few items of a long list, and how many more.
fn summarise(items: &[String]) -> String {
    const SHOWN: usize = 5;
    let head = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    match items.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{head} and {more} more"),
        _ => head,
    }
}

fn run_check(ctx: &Ctx, file: &std::path::Path, wanted: &[Profile], all: bool) -> anyhow::Result<Verdict> {
    let doc = file.display().to_string();
    let bytes = read_sbom(file, ctx.limits, "sbom check")?;
    let sbom = jsontree::parse(&bytes, &doc)?;
    let reports: Vec<profile::Report> = wanted.iter().map(|p| profile::check(&sbom, *p)).collect();
    let passed = reports.iter().all(profile::Report::passed);
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "document": doc,
            "passed": passed,
            "profiles": reports.iter().map(|r| json!({
                "profile": r.profile,
                "passed": r.passed(),
                "unmet": r.unmet().count(),
                "notStated": r.not_stated().count(),
                "findings": r.findings,
            })).collect::<Vec<_>>(),
        }))?,
        OutputFormat::Human => {
            for r in &reports {
                let rows: Vec<Vec<String>> = r
                    .findings
                    .iter()
                    .filter(|f| all || !f.met)
                    .map(|f| {
                        let outcome = match (f.met, f.stated) {
                            (true, _) => "met",
                            (false, true) => "UNMET",
                            (false, false) => "not stated",
                        };
                        vec![
                            outcome.into(),
                            f.requirement.to_owned(),
                            pointer(&f.pointer).to_owned(),
                            f.missing.clone().unwrap_or_default(),
                            f.source.to_owned(),
                        ]
                    })
                    .collect();
                if !rows.is_empty() {
                    out!("{}", table(&["", "REQUIREMENT", "WHERE", "MISSING", "SOURCE"], &rows));
                }
                let (unmet, not_stated) = (r.unmet().count(), r.not_stated().count());
                if unmet == 0 && not_stated > 0 {
                    outln!(
                        "{}: meets {} ({} check(s)); {not_stated} field(s) to give when known are not stated",
                        escape(&doc),
                        r.profile,
                        r.findings.len()
                    );
                } else if unmet == 0 {
                    outln!("{}: meets {} ({} check(s))", escape(&doc), r.profile, r.findings.len());
                } else {
                    outln!(
                        "{}: does NOT meet {}: {unmet} of {} check(s) unmet",
                        escape(&doc),
                        r.profile,
                        r.findings.len()
                    );
                }
            }
        }
    }
    Ok(if passed { Verdict::Ok } else { Verdict::Failed })
}
