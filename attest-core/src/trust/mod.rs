//! Trust lists: who a state trusts, signed by a threshold of its governors,
//! versioned, expiring and hash-chained (docs/formats.md "Trust list").

mod believe;
pub mod edit;
mod entry;
mod file;
mod flat;
mod from_sbom;
pub mod inspect;
mod model;
mod state;
pub mod verify;

// The documents and their parts are types of `trust` itself; the three
// public modules are namespaces of operations whose names need theirs
// (`edit::init`, `inspect::diff`, `verify::decide`).
pub use believe::believe;
pub use entry::{
    Authority, ClassRef, Entry, EntryBody, EntryKind, RecognisedList, Scope, Status, StatusChange, TransparencyLog,
};
pub use file::{ANY_LIST, ListFile};
pub use flat::{EntryShapeError, FlatEntry};
pub use from_sbom::{FromSbom, scopes as scopes_from_sbom};
pub use model::{
    Governance, ListedKey, PreviousDigest, Revocations, RevokedArtefact, RevokedCertificate, RevokedComponent,
    RevokedKey, TRUST_LIST_PAYLOAD_TYPE, TRUST_LIST_TYPE, Transparency, TrustList, TrustListError,
};
pub use state::{RecordKey, Recorded, StateDir};

use crate::digest::Sha256Digest;
use crate::dsse::Envelope;
use crate::error::{Error, Result};
use crate::json::parse_own;

/// A trust list read from an envelope: the payload parsed and checked, its
/// digest computed. Nothing about its signatures is known yet; see
/// [`verify`] for what makes a list *believed*.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedList {
    /// The envelope as read (signatures included).
    pub envelope: Envelope,
    /// The parsed payload.
    pub list: TrustList,
    /// SHA-256 of the payload bytes: the list's identity.
    pub digest: Sha256Digest,
    /// Where it came from (file name, or "bundle X"), for reports.
    pub source: String,
}

impl SignedList {
    /// Parses a trust-list envelope strictly: payload type, payload JSON
    /// (duplicate keys and unknown fields refused) and semantic checks.
    pub fn from_envelope(envelope: Envelope, source: &str) -> Result<Self> {
        envelope.expect_type(TRUST_LIST_PAYLOAD_TYPE, source)?;
        let list = parse_list(&envelope.payload, source)?;
        let digest = Sha256Digest::of(&envelope.payload);
        Ok(SignedList { envelope, list, digest, source: source.to_owned() })
    }

    /// Reads a trust-list envelope from JSON bytes.
    pub fn from_json(bytes: &[u8], source: &str) -> Result<Self> {
        Self::from_envelope(Envelope::from_json(bytes, source)?, source)
    }
}

/// Parses trust-list payload JSON (a draft, or a signed payload) strictly,
/// nulls refused, and runs [`TrustList::check`].
pub fn parse_list(bytes: &[u8], doc: &str) -> Result<TrustList> {
    let list: TrustList = parse_own(bytes, doc)?;
    list.check().map_err(|r| Error::malformed(doc, r))?;
    Ok(list)
}
