//! `attest sign` and `attest cosign`.

use std::path::Path;

use attest_core::attestation;
use attest_core::json::to_vec_pretty;
use attest_core::kind::Kind;
use attest_core::statement::Subject;
use serde_json::json;

use crate::args::{CosignArgs, OutputFormat, SignArgs};
use crate::inputs::{read_envelope, read_sbom, signing_key, subject_digests};
use crate::output::{escape, is_stdout, print_json, write_output};
use crate::{Ctx, Verdict};

pub(crate) fn sign(ctx: &Ctx, a: SignArgs) -> anyhow::Result<Verdict> {
    let key = signing_key(&a.key, "sign")?;
    let sbom_doc = a.sbom.display().to_string();
    let sbom = read_sbom(&a.sbom, ctx.limits, "sign --sbom")?;
    let subjects = subject_digests(&a.subject, &a.subject_digest)?;
    if subjects.is_empty() {
        return Err(attest_core::Error::Usage(
            "no subject: name the released artefacts with --subject FILE or --subject-digest NAME=sha256:HEX".into(),
        )
        .into());
    }
    let envelope = attestation::sign(&sbom, &sbom_doc, subjects.clone(), &*key)?;
    write_output(&a.out, &to_vec_pretty(&envelope.to_json())?, a.force)?;
    report_written(ctx, &a.out, &key.public().id().to_string(), &subjects)
}

fn report_written(ctx: &Ctx, out: &Path, keyid: &str, subjects: &[Subject]) -> anyhow::Result<Verdict> {
    if is_stdout(out) {
        return Ok(Verdict::Ok);
    }
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "output": out.to_string_lossy(),
            "keyid": keyid,
            "subjects": subjects,
        }))?,
        OutputFormat::Human => {
            outln!("wrote {} signed by key {keyid}", escape(&out.to_string_lossy()));
            for s in subjects {
                outln!("  subject {}  sha256:{}", escape(&s.name), s.digest.sha256);
            }
        }
    }
    Ok(Verdict::Ok)
}

pub(crate) fn cosign(ctx: &Ctx, a: CosignArgs) -> anyhow::Result<Verdict> {
    let key = signing_key(&a.key, "cosign")?;
    let wanted = &[Kind::Attestation, Kind::Certificate, Kind::SignedList];
    let mut envelope = read_envelope(&a.envelope, ctx.limits, wanted, "cosign")?;
    envelope.add_signature(&*key)?;
    write_output(&a.out, &to_vec_pretty(&envelope.to_json())?, a.force)?;
    report_written(ctx, &a.out, &key.public().id().to_string(), &[])
}
