//! The log entry `attest-log-entry/v1` (docs/transparency.md "What a log
//! holds"): a short text record of a certificate or a trust list, never the
//! document itself, so that anyone holding the document rebuilds the entry
//! byte for byte and checks its inclusion.

use std::fmt;

use crate::bundle::Bundle;
use crate::certificate::{Certificate, parse_statement};
use crate::digest::Sha256Digest;
use crate::dsse::{Envelope, PAYLOAD_TYPE_IN_TOTO};
use crate::error::{Error, Result};
use crate::kind::Kind;
use crate::timestamp::Timestamp;
use crate::tlog::FormatError;
use crate::trust::SignedList;

/// The first line of an entry.
pub const ENTRY_HEADER: &str = "attest-log-entry/v1";

/// The kinds of document a log records (an entry of each; docs/transparency.md).
pub const LOGGABLE: &[Kind] = &[Kind::Bundle, Kind::Certificate, Kind::SignedList];

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A mutual-recognition certificate.
    Certificate,
    /// A signed trust list version.
    TrustList,
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EntryKind::Certificate => "certificate",
            EntryKind::TrustList => "trust-list",
        })
    }
}

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LogEntry {
    /// Certificate or trust list.
    pub kind: EntryKind,
    /// Certificate id, or `<list name>#<sequence>`.
    pub id: String,
    /// The issuing authority's entry id, or the list's jurisdiction.
    pub authority: String,
    /// When the document says it was issued.
    pub issued: Timestamp,
    /// SHA-256 of the envelope's payload (the bytes its signatures cover).
    pub sha256: Sha256Digest,
}

impl LogEntry {
    /// The entry of a certificate envelope.
    pub fn of_certificate(env: &Envelope, doc: &str) -> Result<Self> {
        env.expect_type(PAYLOAD_TYPE_IN_TOTO, doc)?;
        let st = parse_statement(&env.payload, doc)?;
        Self::of_parsed_certificate(&st.predicate, &env.payload, doc)
    }

    /// The entry of `cert`, already parsed from `payload` (verification has
    /// it at hand, so the statement is not parsed a second time).
    pub fn of_parsed_certificate(cert: &Certificate, payload: &[u8], doc: &str) -> Result<Self> {
        let (id, authority) = (cert.certificate_id.clone(), cert.issuer.authority.clone());
        Self::checked(EntryKind::Certificate, id, authority, cert.issued, payload, doc)
    }

    /// The entry of a signed trust list.
    pub fn of_list(list: &SignedList) -> Result<Self> {
        let l = &list.list;
        let id = format!("{}#{}", l.name, l.sequence);
        Self::checked(EntryKind::TrustList, id, l.jurisdiction.clone(), l.issued, &list.envelope.payload, &list.source)
    }

    fn checked(
        kind: EntryKind,
        id: String,
        authority: String,
        issued: Timestamp,
        payload: &[u8],
        doc: &str,
    ) -> Result<Self> {
        for (field, v) in [("id", &id), ("authority", &authority)] {
            if v.is_empty() || v.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return Err(Error::malformed(
                    doc,
                    format!("the {kind}'s {field} {v:?} cannot be logged: empty, or with spaces or control characters"),
                ));
            }
        }
        Ok(LogEntry { kind, id, authority, issued, sha256: Sha256Digest::of(payload) })
    }

    /// The entry of any document attest logs: a bundle (its certificate), a
    /// certificate envelope or a signed trust list, told apart by their marks
    /// ([`crate::kind::sniff`]); any other kind is refused naming both kinds.
    pub fn of_document(bytes: &[u8], doc: &str) -> Result<Self> {
        match crate::kind::sniff(bytes) {
            Some(Kind::Bundle) => {
                let b = Bundle::from_json(bytes, doc)?;
                Self::of_certificate(&b.certificate, &format!("{doc} (certificate)"))
            }
            Some(Kind::Certificate) => Self::of_certificate(&Envelope::from_json(bytes, doc)?, doc),
            Some(Kind::SignedList) => Self::of_list(&SignedList::from_envelope(Envelope::from_json(bytes, doc)?, doc)?),
            Some(found) => Err(Error::WrongKind { doc: doc.to_owned(), found, wanted: LOGGABLE, taker: None }),
            None => Err(Error::malformed(
                doc,
                "not a document attest logs: give a certificate bundle, a certificate or a signed trust list",
            )),
        }
    }

    /// The entry's bytes, as logged.
    pub fn to_bytes(&self) -> Vec<u8> {
        format!(
            "{ENTRY_HEADER}\nkind {}\nid {}\nauthority {}\nissued {}\nsha256 {}\n",
            self.kind, self.id, self.authority, self.issued, self.sha256
        )
        .into_bytes()
    }

    /// Parses an entry's bytes strictly: the exact lines in order, and the
    /// bytes must be what [`LogEntry::to_bytes`] writes.
    pub fn parse(bytes: &[u8]) -> std::result::Result<Self, FormatError> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8")?;
        let mut lines = text.strip_suffix('\n').ok_or("does not end in a newline")?.split('\n');
        if lines.next() != Some(ENTRY_HEADER) {
            return Err(format!("not an {ENTRY_HEADER} entry").into());
        }
        let mut field = |name: &str| {
            lines
                .next()
                .and_then(|l| l.strip_prefix(name))
                .and_then(|l| l.strip_prefix(' '))
                .ok_or(format!("no `{name}` line"))
        };
        let kind = match field("kind")? {
            "certificate" => EntryKind::Certificate,
            "trust-list" => EntryKind::TrustList,
            k => return Err(format!("unknown kind {k:?}").into()),
        };
        let id = field("id")?.to_owned();
        let authority = field("authority")?.to_owned();
        let issued = Timestamp::parse_strict(field("issued")?).map_err(String::from)?;
        let hex = field("sha256")?;
        let sha256 = Sha256Digest::from_hex(hex).map_err(String::from)?;
        // Every other field is written back as read (the time's strict form
        // is its only form), so the bytes are what `to_bytes` writes exactly
        // when nothing follows and the hex is lower-case.
        if lines.next().is_some() || hex.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err("not in the canonical form".into());
        }
        Ok(LogEntry { kind, id, authority, issued, sha256 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_only_the_canonical_form_parses() {
        let e = LogEntry {
            kind: EntryKind::Certificate,
            id: "KZ-2026-3f9a0c1d5e7b2a64".into(),
            authority: "kz-regulator".into(),
            issued: Timestamp::parse_strict("2026-12-06T22:45:18Z").unwrap(),
            sha256: Sha256Digest::of(b"x"),
        };
        let text = String::from_utf8(e.to_bytes()).unwrap();
        assert_eq!(
            text,
            format!(
                "attest-log-entry/v1\nkind certificate\nid KZ-2026-3f9a0c1d5e7b2a64\nauthority kz-regulator\nissued 2026-12-06T22:45:18Z\nsha256 {}\n",
                Sha256Digest::of(b"x")
            )
        );
        assert_eq!(LogEntry::parse(text.as_bytes()).unwrap(), e);
        assert!(LogEntry::parse(text.to_uppercase().as_bytes()).is_err());
        assert!(LogEntry::parse(format!("{text}extra\n").as_bytes()).is_err());
        assert!(LogEntry::parse(text.replace("kind certificate", "kind other").as_bytes()).is_err());
        let hex = Sha256Digest::of(b"x").to_hex();
        assert!(LogEntry::parse(text.replace(&hex, &hex.to_uppercase()).as_bytes()).is_err());
        assert!(
            LogEntry::parse(text.replace("issued 2026-12-06T22:45:18Z", "issued 2026-12-06T22:45:18+00:00").as_bytes())
                .is_err()
        );
        // Whatever parses is exactly what `to_bytes` writes.
        for odd in [text.replace("id KZ", "id  KZ"), text.replace("authority kz-regulator", "authority "), text.clone()]
        {
            if let Ok(e) = LogEntry::parse(odd.as_bytes()) {
                assert_eq!(e.to_bytes(), odd.as_bytes());
            }
        }
    }
}
