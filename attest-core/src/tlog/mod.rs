//! Transparency logs (docs/transparency.md): every certificate an authority
//! issues goes into an append-only Merkle log that witnesses cosign, and a
//! verifier checks an inclusion proof under a witnessed checkpoint offline.
//!
//! Only C2SP formats, so that independent tools read and write the same
//! bytes: the RFC 6962 tree ([`merkle`]), `tlog-tiles`, `signed-note` and
//! `tlog-cosignature` ([`note`]), `tlog-checkpoint` ([`Checkpoint`]),
//! `tlog-proof` ([`TlogProof`]); plus attest's own entry record
//! ([`LogEntry`]). [`log`] holds the operations on a log directory,
//! [`witness()`] and [`audit()`] the two that read one as an outsider, and
//! [`verify`] verification step 8 from a bundle alone.

mod audit;
mod checkpoint;
mod entry;
pub mod log;
pub mod merkle;
pub mod note;
mod proof;
pub(crate) mod tiles;
pub mod verify;
mod witness;

pub use audit::{Audited, AuditedEntry, audit};
pub use checkpoint::{Checkpoint, SignedCheckpoint};
pub use entry::{ENTRY_HEADER, EntryKind, LOGGABLE, LogEntry};
pub use proof::{PROOF_HEADER, TlogProof};
pub use witness::{WitnessRequest, Witnessed, witness};

use crate::timestamp::Timestamp;

crate::error::value_error!(
    /// Why a text is not a well-formed log document (a signed note, a
    /// verifier key, a signature line, a checkpoint, a proof, an entry); the
    /// message says which line or field.
    FormatError
);

/// A cosignature's Unix time as a [`Timestamp`] (`None` outside the years
/// a timestamp can hold).
pub fn unix_time(t: u64) -> Option<Timestamp> {
    let secs = i64::try_from(t).ok()?;
    let odt = time::OffsetDateTime::from_unix_timestamp(secs).ok()?;
    let text = odt.format(&time::format_description::well_known::Rfc3339).ok()?;
    Timestamp::parse_strict(&text).ok()
}
