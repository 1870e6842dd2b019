//! Transparency logs (docs/transparency.md): every certificate an authority
//! issues goes into an append-only Merkle log that witnesses cosign, and a
//! verifier checks an inclusion proof under a witnessed checkpoint offline.
//!
//! Only C2SP formats, so that independent tools read and write the same
//! bytes: the RFC 6962 tree ([`merkle`]), `tlog-tiles` ([`tiles`]),
//! `signed-note` and `tlog-cosignature` ([`note`]), `tlog-checkpoint`
//! ([`checkpoint`]), `tlog-proof` ([`proof`]); plus attest's own entry
//! record ([`entry`]). [`log`], [`witness`] and [`audit`] are the
//! operations on a log directory.

pub mod audit;
pub mod checkpoint;
pub mod entry;
pub mod log;
pub mod merkle;
pub mod note;
pub mod proof;
pub mod tiles;
pub mod verify;
pub mod witness;

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
