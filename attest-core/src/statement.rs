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
    /// `predicateType` (docs/threat-model.md T4) and the subjects. The predicate may
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

crate::error::value_error!(
    /// Why a statement's `subject` list is refused; the message names the field.
    SubjectError
);

/// A statement has at least one subject, not too many, each with a
/// non-empty name, and no two with the same name or the same SHA-256: a
/// list with duplicates could agree in length with another that names more
/// artefacts, so that comparisons by count or one way pass (docs/threat-model.md
/// T40). Checked on every statement read and before one is signed.
pub fn check_subjects(subjects: &[Subject]) -> std::result::Result<(), SubjectError> {
    if subjects.is_empty() {
        return Err("field `subject` is empty; a statement must name at least one artefact".into());
    }
    if subjects.len() > MAX_SUBJECTS {
        return Err(format!("field `subject` has {} entries, over the limit of {MAX_SUBJECTS}", subjects.len()).into());
    }
    if let Some(i) = subjects.iter().position(|s| s.name.is_empty()) {
        return Err(format!("field `subject[{i}].name` is empty").into());
    }
    let mut names = std::collections::HashMap::with_capacity(subjects.len());
    let mut digests = std::collections::HashMap::with_capacity(subjects.len());
    for (i, s) in subjects.iter().enumerate() {
        if let Some(first) = names.insert(s.name.as_str(), i) {
            return Err(format!(
                "field `subject[{i}]` repeats the name {:?} of `subject[{first}]`; each artefact is named once",
                s.name
            )
            .into());
        }
        if let Some(first) = digests.insert(s.digest.sha256, i) {
            return Err(format!(
                "field `subject[{i}]` ({:?}) repeats the sha256 {} of `subject[{first}]`; each artefact is named once",
                s.name, s.digest.sha256
            )
            .into());
        }
    }
    Ok(())
}

/// Whether two subject lists name the same artefacts: every subject of each
/// has one of the same name and matching digests in the other. Compared
/// both ways, so neither duplicates nor a count that happens to agree can
/// hide an artefact only one side names.
pub fn same_subjects(a: &[Subject], b: &[Subject]) -> bool {
    let within = |x: &[Subject], y: &[Subject]| {
        x.iter().all(|s| y.iter().any(|t| t.name == s.name && t.digest.matches(&s.digest)))
    };
    within(a, b) && within(b, a)
}

/// The subject that `digests` matches, if any (every algorithm both carry
/// must agree).
pub fn matching_subject<'a>(subjects: &'a [Subject], digests: &DigestSet) -> Option<&'a Subject> {
    subjects.iter().find(|s| s.digest.matches(digests))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Sha256Digest;

    fn subject(name: &str, content: &str) -> Subject {
        Subject { name: name.into(), digest: DigestSet::sha256(Sha256Digest::of(content.as_bytes())) }
    }

    #[test]
    fn t40_duplicate_subject_names_or_digests_are_malformed() {
        let cases: [(Vec<Subject>, &str); 5] = [
            (vec![subject("x", "1"), subject("x", "1")], "repeats the name"),
            (vec![subject("x", "1"), subject("x", "2")], "repeats the name"),
            (vec![subject("x", "1"), subject("y", "1")], "repeats the sha256"),
            (vec![subject("a", "0"), subject("x", "1"), subject("b", "2"), subject("x", "3")], "`subject[3]`"),
            (vec![subject("a", "0"), subject("b", "1"), subject("c", "0")], "of `subject[0]`"),
        ];
        for (subjects, want) in cases {
            let err = check_subjects(&subjects).unwrap_err();
            assert!(err.to_string().contains(want), "{subjects:?}: {err}");
        }
        assert!(check_subjects(&[subject("x", "1"), subject("y", "2")]).is_ok());
    }

    #[test]
    fn t40_duplicates_in_a_signed_statement_are_refused_when_read() {
        let sha = Sha256Digest::of(b"1");
        let payload = format!(
            r#"{{"_type":"{STATEMENT_TYPE}","subject":[{{"name":"x","digest":{{"sha256":"{sha}"}}}},{{"name":"x","digest":{{"sha256":"{sha}"}}}}],"predicateType":"p","predicate":{{}}}}"#
        );
        let err = Statement::<serde_json::Value>::from_payload(payload.as_bytes(), "p", "att").unwrap_err();
        assert!(err.to_string().contains("repeats the name"), "{err}");
    }

    #[test]
    fn t40_subject_lists_are_compared_as_sets_both_ways() {
        let (x, y, z) = (subject("x", "1"), subject("y", "2"), subject("z", "3"));
        let same = [
            (vec![x.clone()], vec![x.clone()]),
            (vec![x.clone(), y.clone()], vec![y.clone(), x.clone()]),
            (vec![x.clone(), y.clone(), z.clone()], vec![z.clone(), x.clone(), y.clone()]),
        ];
        for (a, b) in same {
            assert!(same_subjects(&a, &b) && same_subjects(&b, &a), "{a:?} {b:?}");
        }
        let other_name = Subject { name: "renamed".into(), ..x.clone() };
        let differ = [
            (vec![x.clone(), x.clone()], vec![x.clone(), y.clone()]),
            (vec![x.clone()], vec![x.clone(), y.clone()]),
            (vec![x.clone(), y.clone()], vec![x.clone(), z.clone()]),
            (vec![x.clone()], vec![other_name]),
            (vec![x.clone()], vec![]),
        ];
        for (a, b) in differ {
            assert!(!same_subjects(&a, &b) && !same_subjects(&b, &a), "{a:?} {b:?}");
        }
    }
}
