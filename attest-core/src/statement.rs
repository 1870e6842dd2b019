//! in-toto Statement v1: the signed claim "these artefacts have this
//! predicate".

use serde::{Deserialize, Serialize};

use crate::digest::DigestSet;
use crate::error::{Error, Result};
use crate::json::{parse_own, parse_strict};
use crate::limits::MAX_SUBJECTS;

/// The `_type` of an in-toto Statement v1.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";

/// One artefact a statement is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// The artefact's name (a relative path, never an absolute one).
    pub name: String,
    /// Its digests; SHA-256 is always present.
    pub digest: DigestSet,
}

/// A Statement whose predicate is of type `P` (raw JSON for SBOMs, so that a
/// foreign SBOM is carried byte for byte).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement<P> {
    /// Always [`STATEMENT_TYPE`].
    #[serde(rename = "_type")]
    pub type_: String,
    /// The artefacts.
    pub subject: Vec<Subject>,
    /// What the predicate is.
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    /// The claim.
    pub predicate: P,
}

impl<'de, P: Deserialize<'de>> Statement<P> {
    /// Parses verified payload bytes strictly and checks `_type`,
    /// `predicateType` (threats.md T4) and the subjects. The predicate may
    /// borrow from `payload` (an SBOM as a [`crate::jsontree::Json`] tree).
    pub fn from_payload(payload: &'de [u8], predicate_type: &str, doc: &str) -> Result<Self> {
        Self::checked(parse_strict(payload, doc)?, predicate_type, doc)
    }
}

impl<P: serde::de::DeserializeOwned> Statement<P> {
    /// As [`Statement::from_payload`], for a predicate in one of attest's
    /// own formats (certificates): `null` is refused too.
    pub fn from_own_payload(payload: &[u8], predicate_type: &str, doc: &str) -> Result<Self> {
        Self::checked(parse_own(payload, doc)?, predicate_type, doc)
    }
}

impl<P> Statement<P> {
    fn checked(st: Statement<P>, predicate_type: &str, doc: &str) -> Result<Self> {
        if st.type_ != STATEMENT_TYPE {
            return Err(Error::malformed(
                doc,
                format!("wrong type: payload `_type` is {:?}, expected {STATEMENT_TYPE:?}", st.type_),
            ));
        }
        if st.predicate_type != predicate_type {
            return Err(Error::malformed(
                doc,
                format!("wrong type: `predicateType` is {:?}, expected {predicate_type:?}", st.predicate_type),
            ));
        }
        check_subjects(&st.subject).map_err(|r| Error::malformed(doc, r))?;
        Ok(st)
    }
}

/// A statement has at least one subject, not too many, each with a
/// non-empty name.
pub fn check_subjects(subjects: &[Subject]) -> std::result::Result<(), String> {
    if subjects.is_empty() {
        return Err("field `subject` is empty; a statement must name at least one artefact".to_owned());
    }
    if subjects.len() > MAX_SUBJECTS {
        return Err(format!("field `subject` has {} entries, over the limit of {MAX_SUBJECTS}", subjects.len()));
    }
    if let Some(i) = subjects.iter().position(|s| s.name.is_empty()) {
        return Err(format!("field `subject[{i}].name` is empty"));
    }
    Ok(())
}

/// The subject that `digests` matches, if any (every algorithm both carry
/// must agree).
pub fn matching_subject<'a>(subjects: &'a [Subject], digests: &DigestSet) -> Option<&'a Subject> {
    subjects.iter().find(|s| s.digest.matches(digests))
}
