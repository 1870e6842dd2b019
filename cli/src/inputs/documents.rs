//! Documents: attestations and other envelopes, policies, bundles, upstream
//! evidence, SBOMs and transparency-log inputs. Each is read bounded and
//! refused, naming the command and flag that took it, when its marks say it
//! is another kind of document.

use std::path::{Path, PathBuf};

use attest_core::Error;
use attest_core::bundle::{self, Bundle};
use attest_core::dsse::Envelope;
use attest_core::fsio::read_bounded;
use attest_core::kind::{self, Kind};
use attest_core::limits::{Limits, MAX_DOCUMENT_BYTES, MAX_TRUST_LIST_BYTES};
use attest_core::policy::Policy;
use attest_core::tlog::LogEntry;
use attest_core::tlog::note::{MAX_NOTE_BYTES, SigLine};

/// Reads a DSSE envelope of one of the `wanted` kinds (an attestation, a
/// certificate, a signed list), bounded.
pub(crate) fn read_envelope(
    path: &Path,
    limits: Limits,
    wanted: &'static [Kind],
    taker: &str,
) -> anyhow::Result<Envelope> {
    let doc = path.display().to_string();
    let bytes = read_bounded(path, limits.envelope_bytes, "envelope")?;
    kind::expect(&bytes, &doc, wanted).map_err(|e| e.taken_by(taker))?;
    Ok(Envelope::from_json(&bytes, &doc)?)
}

/// Reads an attestation envelope given to `taker`.
pub(crate) fn read_attestation(path: &Path, limits: Limits, taker: &str) -> anyhow::Result<Envelope> {
    read_envelope(path, limits, &[Kind::Attestation], taker)
}

/// Reads every `*.json` attestation in `--evidence DIR`, in name order.
pub(crate) fn read_evidence_dir(dir: Option<&Path>, limits: Limits) -> anyhow::Result<Vec<(String, Envelope)>> {
    let Some(dir) = dir else { return Ok(Vec::new()) };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| Ok((p.display().to_string(), read_attestation(&p, limits, "--evidence")?))).collect()
}

/// A policy file: the bytes as read (a certificate embeds them) and the
/// policy they state.
pub(crate) struct PolicyFile {
    /// The file as read.
    pub bytes: Vec<u8>,
    /// The parsed and checked policy.
    pub policy: Policy,
}

impl PolicyFile {
    /// The bytes a bundle embeds ([`bundle::policy_bytes`]).
    pub(crate) fn embedded(&self) -> &[u8] {
        bundle::policy_bytes(&self.bytes)
    }
}

/// Reads a policy given to `taker`.
pub(crate) fn read_policy(path: &Path, taker: &str) -> anyhow::Result<PolicyFile> {
    let doc = path.display().to_string();
    let bytes = read_bounded(path, MAX_DOCUMENT_BYTES, "policy")?;
    kind::expect(&bytes, &doc, &[Kind::Policy]).map_err(|e| e.taken_by(taker))?;
    let policy = Policy::from_json(&bytes, &doc)?;
    Ok(PolicyFile { bytes, policy })
}

/// Reads a bundle given to `taker`, bounded.
pub(crate) fn read_bundle(path: &Path, limits: Limits, taker: &str) -> anyhow::Result<Bundle> {
    let doc = path.display().to_string();
    let bytes = read_bounded(path, limits.envelope_bytes, "bundle")?;
    kind::expect(&bytes, &doc, &[Kind::Bundle]).map_err(|e| e.taken_by(taker))?;
    Ok(Bundle::from_json(&bytes, &doc)?)
}

/// Reads many bundles given to `taker` in parallel, sharing the lists they
/// carry ([`bundle::read_many`]); one result per path, in order.
pub(crate) fn read_bundles(paths: &[PathBuf], limits: Limits, taker: &str) -> Vec<Result<Bundle, Error>> {
    bundle::read_many(paths, limits.envelope_bytes).into_iter().map(|r| r.map_err(|e| e.taken_by(taker))).collect()
}

/// Reads a CycloneDX SBOM given to `taker`, bounded; its bytes as they are.
pub(crate) fn read_sbom(path: &Path, limits: Limits, taker: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = read_bounded(path, limits.sbom_bytes, "SBOM")?;
    kind::expect(&bytes, &path.display().to_string(), &[Kind::Sbom]).map_err(|e| e.taken_by(taker))?;
    Ok(bytes)
}

/// Reads a transparency-log checkpoint given to `taker`; its bytes.
pub(crate) fn read_checkpoint(path: &Path, taker: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = read_bounded(path, MAX_NOTE_BYTES as u64, "checkpoint")?;
    kind::expect(&bytes, &path.display().to_string(), &[Kind::Checkpoint]).map_err(|e| e.taken_by(taker))?;
    Ok(bytes)
}

/// The log entry of a document given to `taker` (a bundle, a certificate
/// or a signed list).
pub(crate) fn read_log_entry(path: &Path, limits: Limits, taker: &str) -> anyhow::Result<LogEntry> {
    let bytes = read_bounded(path, limits.envelope_bytes.max(MAX_TRUST_LIST_BYTES), "document")?;
    Ok(LogEntry::of_document(&bytes, &path.display().to_string()).map_err(|e| e.taken_by(taker))?)
}

/// The witnesses' cosignature lines in `paths`, each with its file's name;
/// blank lines are skipped.
pub(crate) fn read_cosignature_lines(paths: &[PathBuf]) -> anyhow::Result<Vec<(String, SigLine)>> {
    let mut parsed = Vec::new();
    for f in paths {
        let doc = f.display().to_string();
        let bytes = read_bounded(f, MAX_NOTE_BYTES as u64, "cosignature lines")?;
        let text = String::from_utf8(bytes).map_err(|_| Error::malformed(&doc, "not UTF-8"))?;
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            parsed.push((doc.clone(), SigLine::parse(l).map_err(|e| Error::malformed(&doc, e))?));
        }
    }
    Ok(parsed)
}
