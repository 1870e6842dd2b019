//! `attest sign` and `attest cosign`.

use std::path::{Component, Path};

use attest_core::attestation;
use attest_core::digest::{DigestSet, Sha256Digest, hash_file};
use attest_core::dsse::Envelope;
use attest_core::fsio::read_bounded;
use attest_core::json::to_vec_pretty;

use attest_core::statement::Subject;
use serde_json::json;

use crate::args::{CosignArgs, OutputFormat, SignArgs};
use crate::commands::{is_stdout, signing_key, write_output};
use crate::output::{escape, print_json};
use crate::{Ctx, Verdict};

/// The subject name of a file given on the command line: the relative path
/// as written, or only the file name when the path is absolute or climbs
/// out with `..` (documents must not reveal the signing machine's layout).
pub fn subject_name(path: &Path) -> String {
    let clean: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let portable = path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if portable && !clean.is_empty() {
        clean.join("/")
    } else {
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

pub fn sign(ctx: &Ctx, a: SignArgs) -> anyhow::Result<Verdict> {
    let key = signing_key(&a.key)?;
    let sbom_doc = a.sbom.display().to_string();
    let sbom = read_bounded(&a.sbom, ctx.limits.sbom_bytes, "SBOM")?;
    let mut subjects = Vec::new();
    for p in &a.subject {
        let h = hash_file(p, false)?;
        subjects.push(Subject { name: subject_name(p), digest: DigestSet::sha256(h.sha256) });
    }
    for s in &a.subject_digest {
        let (name, digest) = s
            .split_once('=')
            .ok_or_else(|| attest_core::Error::Usage(format!("--subject-digest {s:?}: expected NAME=sha256:HEX")))?;
        let d = Sha256Digest::from_prefixed(digest)
            .map_err(|e| attest_core::Error::Usage(format!("--subject-digest {name}: {e}")))?;
        subjects.push(Subject { name: name.to_owned(), digest: DigestSet::sha256(d) });
    }
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

pub fn cosign(ctx: &Ctx, a: CosignArgs) -> anyhow::Result<Verdict> {
    let key = signing_key(&a.key)?;
    let doc = a.envelope.display().to_string();
    let bytes = read_bounded(&a.envelope, ctx.limits.envelope_bytes, "envelope")?;
    let mut envelope = Envelope::from_json(&bytes, &doc)?;
    envelope.add_signature(&*key)?;
    write_output(&a.out, &to_vec_pretty(&envelope.to_json())?, a.force)?;
    report_written(ctx, &a.out, &key.public().id().to_string(), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_names_never_reveal_absolute_paths() {
        assert_eq!(subject_name(Path::new("./dist/app.tar.gz")), "dist/app.tar.gz");
        assert_eq!(subject_name(Path::new("/home/ci/dist/app.tar.gz")), "app.tar.gz");
        assert_eq!(subject_name(Path::new("../out/app.tar.gz")), "app.tar.gz");
    }
}
