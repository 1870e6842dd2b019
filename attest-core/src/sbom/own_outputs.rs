//! Attest's own outputs (an attestation, a certificate, a bundle, an SBOM
//! attest wrote) found in a scan: they describe a release, they are not
//! part of it.

use rayon::prelude::*;
use std::path::Path;

use crate::fsio::read_bounded;
use crate::kind::Kind;
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::scan::{Scan, Skipped};

/// Moves attest's own outputs from `scan.files` to `scan.skipped`: a
/// signed attestation, a certificate, a certificate bundle, or an SBOM
/// whose `metadata.tools` names attest. They describe a release; they are
/// not part of it, and a CI recipe run twice in one folder would otherwise
/// list its previous attestation as a file of the product. Told by content
/// ([`crate::kind::sniff`]), never by name, so a renamed output is still
/// recognised and a product file named `*.intoto.json` is not lost.
pub(super) fn leave_out_own_outputs(scan: &mut Scan) {
    let own: Vec<Option<Kind>> = scan.files.par_iter().map(|f| own_output(&f.path, f.size)).collect();
    let mut kept = Vec::with_capacity(scan.files.len());
    for (file, kind) in std::mem::take(&mut scan.files).into_iter().zip(own) {
        match kind {
            Some(kind) => scan.skipped.push(Skipped {
                path: file.rel,
                reason: format!(
                    "attest's own output ({}), not part of the release (pass --keep-own-outputs to list it)",
                    kind.described()
                ),
            }),
            None => kept.push(file),
        }
    }
    scan.files = kept;
}

/// The kind of attest output the file at `path` is, if it is one. Only a
/// file that opens with `{` and fits the document size limit is read whole;
/// one that cannot be read is left to the hashing step to report.
fn own_output(path: &Path, size: u64) -> Option<Kind> {
    use std::io::Read as _;
    if size > MAX_DOCUMENT_BYTES {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 64];
    let n = file.read(&mut head).ok()?;
    if head.get(..n)?.trim_ascii_start().first() != Some(&b'{') {
        return None;
    }
    let bytes = read_bounded(path, MAX_DOCUMENT_BYTES, "file").ok()?;
    match crate::kind::sniff(&bytes)? {
        kind @ (Kind::Attestation | Kind::Certificate | Kind::Bundle) => Some(kind),
        Kind::Sbom if written_by_attest(&bytes) => Some(Kind::Sbom),
        _ => None,
    }
}

/// Whether a CycloneDX SBOM's `metadata.tools` names attest (1.4's list of
/// tools, or 1.5's `tools.components`): an SBOM some other tool wrote, or
/// one shipped inside the release, is a file of the release like any other.
fn written_by_attest(bytes: &[u8]) -> bool {
    let Ok(bom) = serde_json::from_slice::<serde_json::Value>(bytes) else { return false };
    let Some(tools) = bom.get("metadata").and_then(|m| m.get("tools")) else { return false };
    let components = tools.get("components").and_then(serde_json::Value::as_array);
    let mut listed = tools.as_array().into_iter().chain(components).flatten();
    listed.any(|t| t.get("name").and_then(serde_json::Value::as_str) == Some("attest"))
}
