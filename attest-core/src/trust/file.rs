//! A trust-list file as a person hands it over: an unsigned draft (the bare
//! payload) or a signed list (a DSSE envelope), told apart here, in the
//! library, so that every front end reads lists the same way
//! (docs/formats.md "Trust list").
//!
//! Lists can be tens of megabytes (docs/performance.md), so a file is read
//! in as few passes as its kind allows: the kind marks ([`kind::sniff`]),
//! then one strict check and one parse of the kind they name. Only a file
//! whose marks say nothing is probed for its shape first, as before.

use crate::error::{Error, Result};
use crate::json::check_strict;
use crate::kind::{self, Kind};
use crate::trust::{SignedList, TrustList, parse_list};

/// What the commands that read drafts and signed lists alike take.
pub const ANY_LIST: &[Kind] = &[Kind::Draft, Kind::SignedList];

/// A trust-list file: a draft or a signed list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListFile {
    /// Unsigned: the payload itself, being edited.
    Draft(TrustList),
    /// Signed: an envelope around the payload.
    Signed(SignedList),
}

impl ListFile {
    /// Reads a draft or a signed list from `bytes` of `doc`. A document whose
    /// kind marks name a kind other than one of `wanted` (an SBOM, a key, a
    /// draft where only a signed list will do) is refused with
    /// [`Error::WrongKind`], as [`kind::expect`] refuses it.
    pub fn from_json(bytes: &[u8], doc: &str, wanted: &'static [Kind]) -> Result<Self> {
        let sniffed = kind::sniff(bytes);
        if let Some(found) = sniffed
            && !wanted.contains(&found)
        {
            return Err(Error::WrongKind { doc: doc.to_owned(), found, wanted, taker: None });
        }
        let signed = match sniffed {
            Some(Kind::SignedList) => true,
            Some(Kind::Draft) => false,
            // The marks do not say: the shape does (an envelope has a
            // `payloadType`), and the parser of that shape reports what is
            // wrong.
            _ => {
                check_strict(bytes, doc)?;
                let value: serde_json::Value =
                    serde_json::from_slice(bytes).map_err(|e| Error::malformed(doc, e.to_string()))?;
                value.get("payloadType").is_some()
            }
        };
        if signed {
            Ok(ListFile::Signed(SignedList::from_json(bytes, doc)?))
        } else {
            Ok(ListFile::Draft(parse_list(bytes, doc)?))
        }
    }

    /// The payload.
    pub fn list(&self) -> &TrustList {
        match self {
            ListFile::Draft(l) => l,
            ListFile::Signed(s) => &s.list,
        }
    }

    /// The signed list; a draft is refused, saying how to sign it.
    pub fn into_signed(self, doc: &str) -> Result<SignedList> {
        match self {
            ListFile::Signed(s) => Ok(s),
            ListFile::Draft(_) => {
                Err(Error::Usage(format!("{doc}: is an unsigned draft; sign it first with `attest trust sign`")))
            }
        }
    }

    /// The draft; a signed list is refused, saying which draft to edit.
    pub fn into_draft(self, doc: &str) -> Result<TrustList> {
        match self {
            ListFile::Draft(d) => Ok(d),
            ListFile::Signed(_) => Err(Error::Usage(format!(
                "{doc}: is a signed list; edit the draft of its next version (`attest trust next`)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PrivateKey;
    use crate::testkit;
    use crate::timestamp::Timestamp;
    use crate::trust::edit;

    fn draft() -> TrustList {
        let t = Timestamp::parse_strict("2026-01-01T00:00:00Z").unwrap();
        testkit::national_draft(&[1], 1, t).unwrap()
    }

    #[test]
    fn drafts_and_signed_lists_are_told_apart() {
        let d = draft();
        let draft_bytes = crate::json::to_vec_pretty(&d).unwrap();
        let read = ListFile::from_json(&draft_bytes, "d.json", ANY_LIST).unwrap();
        assert_eq!(read, ListFile::Draft(d.clone()));

        let signed = edit::sign_draft(&d, &PrivateKey::from_seed(&[1; 32]).unwrap(), None).unwrap();
        let signed_bytes = crate::json::to_vec_pretty(&signed.envelope.to_json()).unwrap();
        let read = ListFile::from_json(&signed_bytes, "s.json", ANY_LIST).unwrap();
        assert_eq!(read.list(), &d);
        assert_eq!(read.clone().into_signed("s.json").unwrap().digest, signed.digest);
        let err = read.into_draft("s.json").unwrap_err();
        assert!(err.to_string().contains("trust next"), "{err}");
    }

    #[test]
    fn a_document_of_another_kind_is_refused_by_its_marks() {
        let draft_bytes = crate::json::to_vec_pretty(&draft()).unwrap();
        let err = ListFile::from_json(&draft_bytes, "d.json", &[Kind::SignedList]).unwrap_err();
        assert!(matches!(err, Error::WrongKind { found: Kind::Draft, .. }), "{err}");
        let err = ListFile::from_json(br#"{"bomFormat":"CycloneDX"}"#, "x.json", ANY_LIST).unwrap_err();
        assert!(matches!(err, Error::WrongKind { found: Kind::Sbom, .. }), "{err}");
    }

    #[test]
    fn duplicate_keys_are_refused_whatever_the_marks_say() {
        let d = String::from_utf8(crate::json::to_vec_pretty(&draft()).unwrap()).unwrap();
        let doubled = d.replacen("\"name\":", "\"name\": \"x\", \"name\":", 1);
        assert_ne!(doubled, d);
        let err = ListFile::from_json(doubled.as_bytes(), "d.json", ANY_LIST).unwrap_err();
        assert!(err.to_string().contains("duplicate"), "{err}");
        // A file whose marks say nothing is judged by its shape's parser.
        let err = ListFile::from_json(br#"{"payloadType": 1}"#, "e.json", ANY_LIST).unwrap_err();
        assert!(matches!(err, Error::Malformed { .. }), "{err}");
    }
}
