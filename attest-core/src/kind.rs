//! What kind of document a file is, told before any parser speaks.
//!
//! A person who gives `verify` an SBOM, or `sign --key` a public key, needs
//! to hear "this is an SBOM; `verify` takes a signed attestation", not the
//! parser's view ("unknown field `bomFormat`"). Every document attest speaks
//! has a mark that tells it apart from the others (docs/formats.md): a PEM
//! label, `bomFormat`, a DSSE `payloadType` (and, for in-toto envelopes, the
//! Statement's `predicateType`), a bundle's `mediaType`, a list's `_type`, a
//! policy's `id` and `jurisdiction`, a checkpoint's signed-note lines.
//! [`sniff`] reads only those marks; a file it cannot place is left to the
//! parser, whose error then speaks for it.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::attestation::PREDICATE_CYCLONEDX;
use crate::bundle::BUNDLE_MEDIA_TYPE;
use crate::certificate::{PREDICATE_MUTUAL_RECOGNITION, PREDICATE_MUTUAL_RECOGNITION_V2};
use crate::dsse::PAYLOAD_TYPE_IN_TOTO;
use crate::error::{Error, Result};
use crate::trust::{TRUST_LIST_PAYLOAD_TYPE, TRUST_LIST_TYPE};

/// A kind of document attest reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A PEM PKCS#8 private key (`NAME.key`).
    PrivateKey,
    /// A PEM SPKI public key (`NAME.pub`).
    PublicKey,
    /// A CycloneDX SBOM (JSON).
    Sbom,
    /// A DSSE envelope around an in-toto Statement of an SBOM.
    Attestation,
    /// A DSSE envelope around a mutual-recognition certificate.
    Certificate,
    /// A signed trust list (a DSSE envelope).
    SignedList,
    /// An unsigned trust-list draft.
    Draft,
    /// A national policy.
    Policy,
    /// A certificate bundle (certificate, attestation, policy, lists).
    Bundle,
    /// A transparency-log checkpoint (a signed note).
    Checkpoint,
}

impl Kind {
    /// The kind with its article, as a sentence uses it.
    pub fn described(self) -> &'static str {
        match self {
            Kind::PrivateKey => "a private key",
            Kind::PublicKey => "a public key",
            Kind::Sbom => "a CycloneDX SBOM",
            Kind::Attestation => "a signed attestation",
            Kind::Certificate => "a mutual-recognition certificate",
            Kind::SignedList => "a signed trust list",
            Kind::Draft => "an unsigned trust-list draft",
            Kind::Policy => "a national policy",
            Kind::Bundle => "a certificate bundle",
            Kind::Checkpoint => "a transparency-log checkpoint",
        }
    }

    /// How a person gets a document of this kind.
    pub fn how_to_get(self) -> &'static str {
        match self {
            Kind::PrivateKey => "make one with `attest key generate --out NAME` (it writes NAME.key)",
            Kind::PublicKey => "`attest key generate --out NAME` writes it beside the private key as NAME.pub",
            Kind::Sbom => "make one with `attest sbom generate`",
            Kind::Attestation => "sign an SBOM with `attest sign`",
            Kind::Certificate => "a regulator issues one with `attest certify issue`, inside a bundle",
            Kind::SignedList => "its governors sign the draft with `attest trust sign`",
            Kind::Draft => "start one with `attest trust init`, or `attest trust next LIST` for the next version",
            Kind::Policy => "your regulator publishes it (docs/formats.md, \"Policy\")",
            Kind::Bundle => "a regulator writes one with `attest certify issue`",
            Kind::Checkpoint => "a transparency log serves it",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.described())
    }
}

/// The marks [`sniff`] looks at; every other field is skipped unread.
#[derive(Deserialize)]
struct Marks<'a> {
    #[serde(rename = "bomFormat")]
    bom_format: Option<IgnoredAny>,
    #[serde(rename = "payloadType", borrow)]
    payload_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    payload: Option<Cow<'a, str>>,
    #[serde(rename = "mediaType", borrow)]
    media_type: Option<Cow<'a, str>>,
    #[serde(rename = "_type", borrow)]
    type_: Option<Cow<'a, str>>,
    #[serde(rename = "predicateType", borrow)]
    predicate_type: Option<Cow<'a, str>>,
    id: Option<IgnoredAny>,
    jurisdiction: Option<IgnoredAny>,
}

/// The kind of `bytes`, when its marks say so; `None` when they do not (the
/// parser of the expected kind then reports what is wrong).
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let text = bytes.trim_ascii_start();
    if text.starts_with(b"{") {
        return sniff_json(text);
    }
    if text.starts_with(b"-----BEGIN ") {
        let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
        return if first.ends_with(b"PRIVATE KEY-----") || first.ends_with(b"PRIVATE KEY-----\r") {
            Some(Kind::PrivateKey)
        } else if first.ends_with(b"PUBLIC KEY-----") || first.ends_with(b"PUBLIC KEY-----\r") {
            Some(Kind::PublicKey)
        } else {
            None
        };
    }
    is_checkpoint(text).then_some(Kind::Checkpoint)
}

fn sniff_json(bytes: &[u8]) -> Option<Kind> {
    let marks: Marks<'_> = serde_json::from_slice(bytes).ok()?;
    if marks.bom_format.is_some() {
        return Some(Kind::Sbom);
    }
    if marks.media_type.as_deref() == Some(BUNDLE_MEDIA_TYPE) {
        return Some(Kind::Bundle);
    }
    if marks.type_.as_deref() == Some(TRUST_LIST_TYPE) {
        return Some(Kind::Draft);
    }
    match marks.payload_type.as_deref() {
        Some(TRUST_LIST_PAYLOAD_TYPE) => return Some(Kind::SignedList),
        Some(PAYLOAD_TYPE_IN_TOTO) => {
            let payload = base64::engine::general_purpose::STANDARD.decode(marks.payload?.as_bytes()).ok()?;
            let statement: Marks<'_> = serde_json::from_slice(&payload).ok()?;
            return match statement.predicate_type.as_deref() {
                Some(PREDICATE_MUTUAL_RECOGNITION | PREDICATE_MUTUAL_RECOGNITION_V2) => Some(Kind::Certificate),
                Some(PREDICATE_CYCLONEDX) => Some(Kind::Attestation),
                _ => None,
            };
        }
        _ => {}
    }
    (marks.type_.is_none() && marks.id.is_some() && marks.jurisdiction.is_some()).then_some(Kind::Policy)
}

/// A signed note (C2SP `signed-note`, `tlog-checkpoint`): origin line, tree
/// size in decimal, root hash in base64, a blank line, then `— ` signature
/// lines.
fn is_checkpoint(text: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(text) else { return false };
    let mut lines = text.lines();
    let (Some(origin), Some(size), Some(hash)) = (lines.next(), lines.next(), lines.next()) else { return false };
    !origin.is_empty()
        && !size.is_empty()
        && size.bytes().all(|b| b.is_ascii_digit())
        && base64::engine::general_purpose::STANDARD.decode(hash).is_ok()
        && text.contains("\n\n\u{2014} ")
}

/// Refuses `bytes` from `doc` when its marks say it is a known kind other
/// than one of `wanted`; a document whose kind cannot be told passes, for
/// its parser to judge.
pub fn expect(bytes: &[u8], doc: &str, wanted: &'static [Kind]) -> Result<()> {
    match sniff(bytes) {
        Some(found) if !wanted.contains(&found) => {
            Err(Error::WrongKind { doc: doc.to_owned(), found, wanted, taker: None })
        }
        _ => Ok(()),
    }
}

/// The sentence of [`Error::WrongKind`]: both kinds named, and how to get
/// the one wanted.
pub fn wrong_kind_message(doc: &str, found: Kind, wanted: &[Kind], taker: Option<&str>) -> String {
    let names: Vec<&str> = wanted.iter().map(|k| k.described()).collect();
    let taker = taker.map_or_else(|| "this input".to_owned(), |t| format!("`{t}`"));
    let how: Vec<&str> = wanted.iter().map(|k| k.how_to_get()).collect();
    format!("{doc} is {found}; {taker} takes {} — {}", names.join(" or "), how.join("; or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_labels_tell_keys_apart() {
        assert_eq!(sniff(b"-----BEGIN PRIVATE KEY-----\nAA==\n"), Some(Kind::PrivateKey));
        assert_eq!(sniff(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nAA==\r\n"), Some(Kind::PrivateKey));
        assert_eq!(sniff(b"\n-----BEGIN PUBLIC KEY-----\nAA==\n"), Some(Kind::PublicKey));
        assert_eq!(sniff(b"-----BEGIN CERTIFICATE-----\nAA==\n"), None);
    }

    #[test]
    fn json_marks_tell_documents_apart() {
        assert_eq!(sniff(br#"{"bomFormat":"CycloneDX","specVersion":"1.6"}"#), Some(Kind::Sbom));
        assert_eq!(sniff(br#"{"_type":"urn:attest:trust-list:v1","name":"x"}"#), Some(Kind::Draft));
        assert_eq!(sniff(br#"{"id":"kz","jurisdiction":"KZ","sbom":{}}"#), Some(Kind::Policy));
        let list = format!(r#"{{"payloadType":"{TRUST_LIST_PAYLOAD_TYPE}","payload":"","signatures":[]}}"#);
        assert_eq!(sniff(list.as_bytes()), Some(Kind::SignedList));
        let bundle = format!(r#"{{"mediaType":"{BUNDLE_MEDIA_TYPE}","certificate":{{}}}}"#);
        assert_eq!(sniff(bundle.as_bytes()), Some(Kind::Bundle));
        for (predicate, kind) in [
            (PREDICATE_CYCLONEDX, Kind::Attestation),
            (PREDICATE_MUTUAL_RECOGNITION, Kind::Certificate),
            (PREDICATE_MUTUAL_RECOGNITION_V2, Kind::Certificate),
        ] {
            let statement = format!(r#"{{"_type":"https://in-toto.io/Statement/v1","predicateType":"{predicate}"}}"#);
            let payload = base64::engine::general_purpose::STANDARD.encode(statement);
            let env = format!(r#"{{"payloadType":"{PAYLOAD_TYPE_IN_TOTO}","payload":"{payload}","signatures":[]}}"#);
            assert_eq!(sniff(env.as_bytes()), Some(kind));
        }
    }

    #[test]
    fn unplaceable_documents_are_left_to_the_parser() {
        assert_eq!(sniff(b"{\"bomFormat\":1,\"bomFormat\":2}"), None, "duplicate keys");
        assert_eq!(sniff(b"{\"name\":\"x\"}"), None);
        assert_eq!(sniff(b"not json"), None);
        assert_eq!(sniff(b""), None);
        assert!(expect(b"{}", "x", &[Kind::Sbom]).is_ok());
    }

    #[test]
    fn checkpoints_are_signed_notes() {
        let note = "log.example/1\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u{2014} log.example/1 AAAA\n";
        assert_eq!(sniff(note.as_bytes()), Some(Kind::Checkpoint));
        assert_eq!(sniff(b"hello\nworld\n"), None);
    }

    #[test]
    fn the_message_names_both_kinds_and_the_way_out() {
        let err = expect(b"-----BEGIN PUBLIC KEY-----\n", "vendor.pub", &[Kind::PrivateKey]).unwrap_err();
        let Error::WrongKind { found, wanted, .. } = &err else { panic!("{err}") };
        let msg = wrong_kind_message("vendor.pub", *found, wanted, Some("sign --key"));
        assert_eq!(
            msg,
            "vendor.pub is a public key; `sign --key` takes a private key — make one with `attest key generate --out NAME` (it writes NAME.key)"
        );
    }
}
