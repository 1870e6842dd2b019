//! `attest verify ENVELOPE --key PUB…`.

use attest_core::attestation::{Artefact, VerifyRequest, verify};
use attest_core::digest::hash_file;
use attest_core::dsse::{Envelope, KeySet};
use attest_core::fsio::read_bounded;
use attest_core::keys::load_public_key;
use attest_core::limits::MAX_ENVELOPE_BYTES;
use serde_json::json;

use crate::args::{OutputFormat, VerifyArgs};
use crate::commands::sign::subject_name;
use crate::output::{print_json, render_report};
use crate::{Ctx, Verdict};

pub fn run(ctx: &Ctx, a: VerifyArgs) -> anyhow::Result<Verdict> {
    let keys = a.key.iter().map(|p| load_public_key(p)).collect::<Result<Vec<_>, _>>()?;
    let keys = KeySet::new(keys)
        .map_err(|id| attest_core::Error::Usage(format!("key {id} is given twice with --key; each key counts once")))?;
    let artefacts = a
        .subject
        .iter()
        .map(|p| Ok(Artefact { name: subject_name(p), digests: hash_file(p, false)?.digest_set() }))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let doc = a.envelope.display().to_string();
    let bytes = read_bounded(&a.envelope, MAX_ENVELOPE_BYTES, "envelope")?;
    let envelope = Envelope::from_json(&bytes, &doc)?;
    let req = VerifyRequest { keys: &keys, threshold: a.threshold, artefacts: &artefacts };
    let verified = verify(&envelope, &doc, &req)?;
    let ok = verified.report.passed();
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "document": doc,
            "verified": ok,
            "signers": verified.signers.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "subjects": verified.statement.as_ref().map(|s| &s.subject),
            "checks": verified.report.checks,
        }))?,
        OutputFormat::Human => print!("{}", render_report(&verified.report, "VERIFIED", "NOT VERIFIED")),
    }
    Ok(if ok { Verdict::Ok } else { Verdict::Failed })
}
