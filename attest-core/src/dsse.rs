//! DSSE envelopes: signing and verifying exact payload bytes.
//!
//! A signature covers PAE(payloadType, payload), so the payload is never
//! re-serialised before verification and the type is bound into what is
//! signed (a trust list cannot be replayed as an attestation, docs/threat-model.md T4).
//! Who signed is decided by verification, not by the `keyid` hint.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::json::parse_strict;
use crate::keys::{KeyId, PublicKey};
use crate::limits::MAX_SIGNATURES;
use crate::signer::Signer;

/// The payload type of in-toto Statements (attestations and certificates).
pub const PAYLOAD_TYPE_IN_TOTO: &str = "application/vnd.in-toto+json";

/// DSSE Pre-Authentication Encoding:
/// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + payload_type.len() + 32);
    out.extend_from_slice(b"DSSEv1 ");
    out.extend_from_slice(payload_type.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload_type.as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload);
    out
}

/// An envelope as it is written: base64 text fields, field order as the
/// DSSE spec shows them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeJson {
    /// The payload type (bound into every signature by PAE).
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// The payload, base64.
    pub payload: String,
    /// The signatures.
    pub signatures: Vec<SignatureJson>,
}

/// [`EnvelopeJson`] as read from a file: the base64 payload borrowed from
/// the file's bytes rather than copied (payloads can be tens of megabytes).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeRef<'a> {
    #[serde(rename = "payloadType")]
    payload_type: String,
    #[serde(borrow)]
    payload: std::borrow::Cow<'a, str>,
    signatures: Vec<SignatureJson>,
}

/// One signature as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureJson {
    /// Hint naming the signing key (attest always writes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyid: Option<String>,
    /// The Ed25519 signature over PAE, base64.
    pub sig: String,
}

/// A decoded envelope: payload bytes and signatures ready to verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The payload type.
    pub payload_type: String,
    /// The exact payload bytes that were signed.
    pub payload: Vec<u8>,
    /// The signatures, in the order found.
    pub signatures: Vec<Signature>,
}

/// One decoded signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The `keyid` hint, if present and non-empty.
    pub keyid: Option<String>,
    /// The signature bytes.
    pub sig: ed25519_dalek::Signature,
}

/// Decodes base64 as DSSE allows it: standard (the form attest writes) or
/// URL-safe, padded or not. Decoding is canonical: stray bits are refused.
///
/// Payloads are public and can be tens of megabytes, so they go through the
/// `base64` crate's fast engine (several times the speed of `base64ct`'s
/// constant-time one, which the key code keeps for secrets).
fn decode_b64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    use base64::alphabet::{STANDARD, URL_SAFE};
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const CONFIG: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const ENGINES: [GeneralPurpose; 2] =
        [GeneralPurpose::new(&STANDARD, CONFIG), GeneralPurpose::new(&URL_SAFE, CONFIG)];
    ENGINES.iter().find_map(|engine| engine.decode(s).ok())
}

/// Encodes as attest writes DSSE: standard alphabet, padded.
fn encode_b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Envelope {
    /// A new envelope signed by `key`.
    pub fn sign(payload_type: &str, payload: Vec<u8>, key: &dyn Signer) -> Result<Self> {
        let mut env = Envelope { payload_type: payload_type.to_owned(), payload, signatures: Vec::new() };
        let sig = key.sign(&env.pae())?;
        env.signatures.push(Signature { keyid: Some(key.public().id().to_string()), sig });
        Ok(env)
    }

    /// Adds `key`'s signature. A key that already signed is refused: one
    /// signature per key id is what third-party verifiers demand.
    pub fn add_signature(&mut self, key: &dyn Signer) -> Result<()> {
        let id = key.public().id().to_string();
        if self.signatures.iter().any(|s| s.keyid.as_deref() == Some(id.as_str())) {
            return Err(Error::Usage(format!("the envelope already carries a signature by key {id}")));
        }
        if self.signatures.len() >= MAX_SIGNATURES {
            return Err(Error::Usage(format!("the envelope already carries {MAX_SIGNATURES} signatures")));
        }
        let sig = key.sign(&self.pae())?;
        self.signatures.push(Signature { keyid: Some(id), sig });
        Ok(())
    }

    /// The bytes every signature covers.
    pub fn pae(&self) -> Vec<u8> {
        pae(&self.payload_type, &self.payload)
    }

    /// Parses and decodes an envelope strictly: duplicate keys, unknown
    /// fields, bad base64, wrong signature lengths and too many signatures are
    /// all malformed (docs/threat-model.md T14, T16).
    pub fn from_json(bytes: &[u8], doc: &str) -> Result<Self> {
        let json: EnvelopeRef<'_> = parse_strict(bytes, doc)?;
        Self::decode_parts(json.payload_type, &json.payload, json.signatures, doc)
    }

    /// Decodes an already parsed envelope (one embedded in a bundle, say).
    pub fn decode(json: EnvelopeJson, doc: &str) -> Result<Self> {
        Self::decode_parts(json.payload_type, &json.payload, json.signatures, doc)
    }

    fn decode_parts(payload_type: String, payload: &str, signatures: Vec<SignatureJson>, doc: &str) -> Result<Self> {
        let payload =
            decode_b64(payload).ok_or_else(|| Error::malformed(doc, "field `payload` is not valid base64"))?;
        if signatures.len() > MAX_SIGNATURES {
            return Err(Error::malformed(
                doc,
                format!("{} signatures, more than the limit of {MAX_SIGNATURES}", signatures.len()),
            ));
        }
        let signatures = signatures
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let raw = decode_b64(&s.sig)
                    .ok_or_else(|| Error::malformed(doc, format!("field `signatures[{i}].sig` is not valid base64")))?;
                let sig = ed25519_dalek::Signature::from_slice(&raw).map_err(|_| {
                    Error::malformed(
                        doc,
                        format!("field `signatures[{i}].sig` is {} bytes; an Ed25519 signature is 64", raw.len()),
                    )
                })?;
                Ok(Signature { keyid: s.keyid.filter(|k| !k.is_empty()), sig })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Envelope { payload_type, payload, signatures })
    }

    /// The envelope as written: standard padded base64, keyids present.
    pub fn to_json(&self) -> EnvelopeJson {
        EnvelopeJson {
            payload_type: self.payload_type.clone(),
            payload: encode_b64(&self.payload),
            signatures: self
                .signatures
                .iter()
                .map(|s| SignatureJson { keyid: s.keyid.clone(), sig: encode_b64(&s.sig.to_bytes()) })
                .collect(),
        }
    }

    /// Checks the payload type, refusing any other (docs/threat-model.md T4).
    pub fn expect_type(&self, expected: &str, doc: &str) -> Result<()> {
        if self.payload_type == expected {
            Ok(())
        } else {
            Err(Error::malformed(
                doc,
                format!("wrong type: payloadType is {:?}, expected {expected:?}", self.payload_type),
            ))
        }
    }

    /// Verifies every signature against `trusted`.
    pub fn verify(&self, trusted: &KeySet) -> SignatureSummary {
        let pae = self.pae();
        let mut verified = BTreeSet::new();
        let signatures = self
            .signatures
            .iter()
            .map(|s| {
                let status = check_one(s, &pae, trusted);
                match status {
                    SignatureStatus::Verified(id) if !verified.insert(id) => SignatureStatus::Duplicate(id),
                    other => other,
                }
            })
            .collect();
        SignatureSummary { signatures, verified: verified.into_iter().collect() }
    }
}

/// A signature counts for the key that verifies it, and only when its
/// `keyid` (if present) names that key (docs/threat-model.md T26).
fn check_one(s: &Signature, pae: &[u8], trusted: &KeySet) -> SignatureStatus {
    match &s.keyid {
        Some(hint) => match KeyId::from_hex(hint).ok().and_then(|id| trusted.get(&id)) {
            Some(key) if key.verify_strict(pae, &s.sig) => SignatureStatus::Verified(key.id()),
            Some(key) => SignatureStatus::Invalid(key.id()),
            None => SignatureStatus::UntrustedKey(hint.clone()),
        },
        None => trusted
            .keys()
            .iter()
            .find(|k| k.verify_strict(pae, &s.sig))
            .map_or(SignatureStatus::NoTrustedKeyVerifies, |k| SignatureStatus::Verified(k.id())),
    }
}

/// A set of distinct trusted keys. A key given twice is an error, never
/// silently counted twice (docs/threat-model.md T3, T26).
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    keys: Vec<PublicKey>,
}

impl KeySet {
    /// Builds the set; `Err` names the key id given twice.
    pub fn new(keys: Vec<PublicKey>) -> std::result::Result<Self, KeyId> {
        let mut seen = BTreeSet::new();
        for k in &keys {
            if !seen.insert(k.id()) {
                return Err(k.id());
            }
        }
        Ok(KeySet { keys })
    }

    /// The key with this id.
    pub fn get(&self, id: &KeyId) -> Option<&PublicKey> {
        self.keys.iter().find(|k| k.id() == *id)
    }

    /// Every key.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    /// How many distinct keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// What became of one signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureStatus {
    /// Verified by this trusted key; counts towards the threshold.
    Verified(KeyId),
    /// Verified by a key that already counted: counts once (docs/threat-model.md T3).
    Duplicate(KeyId),
    /// The key its `keyid` names does not verify it (tampered payload, or a
    /// `keyid` naming one key on another key's signature).
    Invalid(KeyId),
    /// Its `keyid` names no trusted key.
    UntrustedKey(String),
    /// It has no `keyid` and no trusted key verifies it.
    NoTrustedKeyVerifies,
}

impl SignatureStatus {
    /// A sentence for reports.
    pub fn describe(&self) -> String {
        match self {
            SignatureStatus::Verified(id) => format!("verified by trusted key {id}"),
            SignatureStatus::Duplicate(id) => format!("another signature by key {id}, counted once"),
            SignatureStatus::Invalid(id) => {
                format!("signature invalid: key {id} does not verify it (payload changed or keyid mismatch)")
            }
            SignatureStatus::UntrustedKey(hint) => format!("untrusted signer: key {hint} is not a trusted key"),
            SignatureStatus::NoTrustedKeyVerifies => "untrusted signer: no trusted key verifies it".to_owned(),
        }
    }
}

/// The outcome of verifying every signature of an envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureSummary {
    /// Per signature, in envelope order.
    pub signatures: Vec<SignatureStatus>,
    /// The distinct trusted keys that verified a signature, sorted.
    pub verified: Vec<KeyId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PrivateKey;

    #[test]
    fn pae_known_answers() {
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
        // Lengths are in bytes, not characters.
        assert_eq!(pae("类型", "中文".as_bytes()), "DSSEv1 6 类型 6 中文".as_bytes());
    }

    fn keys(n: u8) -> Vec<PrivateKey> {
        (1..=n).map(|i| PrivateKey::from_seed(&[i; 32]).unwrap()).collect()
    }

    #[test]
    fn round_trip_and_threshold_counts_distinct_keys() {
        let ks = keys(2);
        let mut env = Envelope::sign(PAYLOAD_TYPE_IN_TOTO, b"{}".to_vec(), &ks[0]).unwrap();
        env.add_signature(&ks[1]).unwrap();
        assert!(env.add_signature(&ks[1]).is_err());
        let json = serde_json::to_vec(&env.to_json()).unwrap();
        let back = Envelope::from_json(&json, "e").unwrap();
        assert_eq!(back, env);
        let set = KeySet::new(ks.iter().map(|k| k.public().clone()).collect()).unwrap();
        assert_eq!(back.verify(&set).verified.len(), 2);
    }

    #[test]
    fn repeated_signature_counts_once() {
        let ks = keys(1);
        let mut env = Envelope::sign(PAYLOAD_TYPE_IN_TOTO, b"x".to_vec(), &ks[0]).unwrap();
        let copy = env.signatures[0].clone();
        env.signatures.push(copy);
        let set = KeySet::new(vec![ks[0].public().clone()]).unwrap();
        let s = env.verify(&set);
        assert_eq!(s.verified.len(), 1);
        assert!(matches!(s.signatures[1], SignatureStatus::Duplicate(_)));
    }

    #[test]
    fn keyid_naming_another_trusted_key_is_not_counted() {
        let ks = keys(2);
        let mut env = Envelope::sign(PAYLOAD_TYPE_IN_TOTO, b"x".to_vec(), &ks[0]).unwrap();
        env.signatures[0].keyid = Some(ks[1].public().id().to_string());
        let set = KeySet::new(ks.iter().map(|k| k.public().clone()).collect()).unwrap();
        let s = env.verify(&set);
        assert!(s.verified.is_empty());
        assert!(matches!(s.signatures[0], SignatureStatus::Invalid(_)));
    }

    #[test]
    fn missing_keyid_tries_every_trusted_key() {
        let ks = keys(2);
        let mut env = Envelope::sign(PAYLOAD_TYPE_IN_TOTO, b"x".to_vec(), &ks[1]).unwrap();
        env.signatures[0].keyid = None;
        let set = KeySet::new(ks.iter().map(|k| k.public().clone()).collect()).unwrap();
        assert_eq!(env.verify(&set).verified, vec![ks[1].public().id()]);
    }

    #[test]
    fn tampered_payload_fails() {
        let ks = keys(1);
        let mut env = Envelope::sign(PAYLOAD_TYPE_IN_TOTO, b"payload".to_vec(), &ks[0]).unwrap();
        env.payload[0] ^= 1;
        let set = KeySet::new(vec![ks[0].public().clone()]).unwrap();
        assert!(env.verify(&set).verified.is_empty());
    }

    #[test]
    fn malformed_envelopes_are_refused() {
        for (bad, why) in [
            (r#"{"payloadType":"a","payload":"!!","signatures":[]}"#, "payload"),
            (r#"{"payloadType":"a","payload":"","signatures":[{"sig":"AAAA"}]}"#, "64"),
            (r#"{"payloadType":"a","payload":"","signatures":[],"extra":1}"#, "unknown field"),
            (r#"{"payloadType":"a","payloadType":"b","payload":"","signatures":[]}"#, "duplicate"),
        ] {
            let err = Envelope::from_json(bad.as_bytes(), "e.json").unwrap_err();
            assert!(err.to_string().contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn url_safe_base64_is_accepted() {
        let ks = keys(1);
        let env = Envelope::sign("t", vec![0xfb, 0xff], &ks[0]).unwrap();
        let mut json = env.to_json();
        json.payload = <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(&env.payload);
        assert_eq!(Envelope::decode(json, "e").unwrap().payload, env.payload);
    }

    #[test]
    fn duplicate_trusted_keys_are_refused() {
        let k = keys(1)[0].public().clone();
        assert_eq!(KeySet::new(vec![k.clone(), k.clone()]).unwrap_err(), k.id());
    }
}
