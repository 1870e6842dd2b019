//! Attestations: a CycloneDX SBOM as the predicate of an in-toto Statement,
//! in a DSSE envelope signed by the vendor.

use serde_json::value::RawValue;

use crate::cyclonedx::validate;
use crate::digest::DigestSet;
use crate::dsse::{Envelope, KeySet, PAYLOAD_TYPE_IN_TOTO, SignatureStatus};
use crate::error::{Error, Result};
use crate::json::to_vec;
use crate::jsontree::{self, Json};
use crate::keys::KeyId;
use crate::report::{Reason, Report, Step};
use crate::signer::Signer;
use crate::statement::{Statement, Subject, check_subjects, matching_subject};

/// The predicate type of an attestation: a CycloneDX BOM.
pub const PREDICATE_CYCLONEDX: &str = "https://cyclonedx.org/bom";

/// Signs `sbom` (bytes of a CycloneDX JSON document, from attest or any other
/// tool) for `subjects`. The SBOM is embedded exactly as it is, never
/// round-tripped through a typed model that could drop fields; it must be a
/// valid CycloneDX document, since signing a broken one helps nobody.
pub fn sign(sbom: &[u8], sbom_doc: &str, subjects: Vec<Subject>, key: &dyn Signer) -> Result<Envelope> {
    check_subjects(&subjects).map_err(Error::usage)?;
    let validation = validate(&jsontree::parse(sbom, sbom_doc)?);
    if !validation.is_valid() {
        let problems: Vec<String> = validation.problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
        return Err(Error::malformed(sbom_doc, format!("not a valid CycloneDX SBOM: {}", problems.join("; "))));
    }
    let text = std::str::from_utf8(sbom).map_err(|_| Error::malformed(sbom_doc, "is not UTF-8"))?;
    let predicate = RawValue::from_string(text.trim().to_owned()).map_err(|e| Error::malformed_json(sbom_doc, &e))?;
    let statement = Statement {
        type_: crate::statement::STATEMENT_TYPE.to_owned(),
        subject: subjects,
        predicate_type: PREDICATE_CYCLONEDX.to_owned(),
        predicate,
    };
    Envelope::sign(PAYLOAD_TYPE_IN_TOTO, to_vec(&statement)?, key)
}

/// An artefact to check against the subjects (`--subject FILE`).
#[derive(Clone, Debug)]
pub struct Artefact {
    /// How to name it in the report.
    pub name: String,
    /// Its digests.
    pub digests: DigestSet,
}

/// What [`verify`] needs.
#[derive(Clone, Debug)]
pub struct VerifyRequest<'a> {
    /// The keys trusted to sign.
    pub keys: &'a KeySet,
    /// How many distinct trusted keys must have signed.
    pub threshold: usize,
    /// Files that must each match a subject.
    pub artefacts: &'a [Artefact],
}

/// The outcome of verifying an attestation; the SBOM borrows from the
/// envelope's payload.
#[derive(Debug)]
pub struct Verified<'a> {
    /// Every check.
    pub report: Report,
    /// The statement, its predicate the SBOM as a JSON tree, present when
    /// the signatures met the threshold (only verified bytes are ever
    /// parsed, and they are parsed once).
    pub statement: Option<Statement<Json<'a>>>,
    /// The distinct keys whose signatures verified.
    pub signers: Vec<KeyId>,
}

/// Verifies an attestation envelope: type, signatures (strict, each key once),
/// threshold, then, only over verified bytes, the Statement, the SBOM and
/// the subjects. Malformed input is an `Err` (exit 2); a failed check is a
/// failed report (exit 1).
pub fn verify<'a>(envelope: &'a Envelope, doc: &str, req: &VerifyRequest<'_>) -> Result<Verified<'a>> {
    if req.threshold == 0 || req.threshold > req.keys.len() {
        return Err(Error::Usage(format!(
            "threshold {} is impossible with {} distinct trusted key(s); it must be between 1 and the number of keys",
            req.threshold,
            req.keys.len()
        )));
    }
    envelope.expect_type(PAYLOAD_TYPE_IN_TOTO, doc)?;
    let mut report = Report::new(doc);
    report.pass(Step::PayloadType, "payload-type", PAYLOAD_TYPE_IN_TOTO);

    let summary = envelope.verify(req.keys);
    for (i, status) in summary.signatures.iter().enumerate() {
        let name = format!("signature[{i}]");
        match status {
            SignatureStatus::Verified(_) => report.pass(Step::Signature, name, status.describe()),
            // A signature by a key the verifier does not trust is not
            // counted, but is no evidence of tampering either (a co-signer
            // this verifier does not know); the threshold decides.
            SignatureStatus::Duplicate(_)
            | SignatureStatus::UntrustedKey(_)
            | SignatureStatus::NoTrustedKeyVerifies => {
                report.warn(Step::Signature, name, Reason::Signature(status.clone()))
            }
            SignatureStatus::Invalid(_) => report.fail(Step::Signature, name, Reason::Signature(status.clone())),
        }
    }
    let n = summary.verified.len();
    if n >= req.threshold {
        report.pass(
            Step::Threshold,
            "threshold",
            format!("{n} distinct trusted key(s) signed; {} required", req.threshold),
        );
    } else {
        report.fail(Step::Threshold, "threshold", Reason::BelowThreshold { signed: n, required: req.threshold });
        return Ok(Verified { report, statement: None, signers: summary.verified });
    }

    let statement: Statement<Json<'a>> =
        Statement::from_payload(&envelope.payload, PREDICATE_CYCLONEDX, &format!("{doc} (payload)"))?;
    report.pass(
        Step::Statement,
        "statement",
        format!("in-toto Statement v1 with {} subject(s)", statement.subject.len()),
    );

    let sbom_doc = format!("{doc} (predicate)");
    let validation = validate(&statement.predicate);
    if validation.is_valid() {
        report.pass(
            Step::Sbom,
            "sbom",
            format!("valid CycloneDX {}", validation.spec_version.as_deref().unwrap_or("(unknown version)")),
        );
    } else {
        let problems: Vec<String> = validation.problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
        return Err(Error::malformed(sbom_doc, format!("not a valid CycloneDX SBOM: {}", problems.join("; "))));
    }

    for a in req.artefacts {
        match matching_subject(&statement.subject, &a.digests) {
            Some(s) => report.pass(Step::Subject, "subject", format!("{} matches subject {:?}", a.name, s.name)),
            None => report.fail(
                Step::Subject,
                "subject",
                Reason::SubjectMismatch { artefact: a.name.clone(), sha256: a.digests.sha256, certified: false },
            ),
        }
    }
    Ok(Verified { report, statement: Some(statement), signers: summary.verified })
}
