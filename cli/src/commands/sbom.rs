//! `attest sbom generate` and `attest sbom validate`.

use attest_core::cyclonedx::validate;
use attest_core::fsio::read_bounded;
use attest_core::jsontree;
use attest_core::kind::{self, Kind};
use attest_core::sbom::{GenerateRequest, Omit, Product, generate, scan};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::args::{GenerateArgs, OmitKind, OutputFormat, SbomCommand};
use crate::commands::{is_stdout, write_output};
use crate::output::{escape, print_json, table};
use crate::{Ctx, Verdict};

/// Trees smaller than this finish before a progress bar is worth drawing.
const PROGRESS_MIN_BYTES: u64 = 256 << 20;

pub fn run(ctx: &Ctx, cmd: SbomCommand) -> anyhow::Result<Verdict> {
    match cmd {
        SbomCommand::Generate(a) => run_generate(ctx, *a),
        SbomCommand::Validate { file } => run_validate(ctx, &file),
    }
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
    };
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
    let generated = generate(&req, found, &|n| bar.inc(n))?;
    bar.finish_and_clear();
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
    });
    match (ctx.output, is_stdout(&a.out)) {
        // stdout carries the SBOM itself; the summary would corrupt it.
        (_, true) => {}
        (OutputFormat::Json, false) => print_json(&summary)?,
        (OutputFormat::Human, false) => outln!(
            "wrote {}: {} file(s), {} package(s) from {} lockfile(s), {} bytes hashed{}",
            escape(&a.out.to_string_lossy()),
            generated.files,
            generated.packages,
            generated.lockfiles.len(),
            generated.bytes_hashed,
            match generated.skipped.len() {
                0 => String::new(),
                n => format!("; {n} path(s) left out, each named above with why"),
            }
        ),
    }
    Ok(Verdict::Ok)
}

fn run_validate(ctx: &Ctx, file: &std::path::Path) -> anyhow::Result<Verdict> {
    let doc = file.display().to_string();
    let bytes = read_bounded(file, ctx.limits.sbom_bytes, "SBOM")?;
    kind::expect(&bytes, &doc, &[Kind::Sbom]).map_err(|e| e.taken_by("sbom validate"))?;
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
