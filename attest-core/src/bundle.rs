//! Bundles (docs/formats.md "Bundle"): everything a foreign regulator needs to
//! verify a certificate offline — the certificate, the attestation, the
//! policy, and the trust lists.
//!
//! The policy travels as the bytes the issuer read (a raw JSON value written
//! verbatim); the certificate pins its canonical form, so re-indenting a
//! bundle never changes a digest.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::digest::Sha256Digest;
use crate::dsse::{Envelope, EnvelopeJson};
use crate::error::{Error, Result};
use crate::fsio::read_bounded;
use crate::json::to_vec_pretty;
use crate::limits::MAX_SIGNATURES;
use crate::policy::Policy;
use crate::trust::SignedList;

/// The `mediaType` of a bundle.
pub const BUNDLE_MEDIA_TYPE: &str = "application/vnd.attest.bundle.v1+json";

/// Most trust lists one bundle may carry.
pub const MAX_BUNDLE_LISTS: usize = MAX_SIGNATURES;

/// A bundle as written. Written with the policy and lists owned
/// ([`Bundle::to_json`]); read with both borrowed from the file's bytes
/// ([`Bundle::from_json_with`]): the policy is checked strictly on its own,
/// and a list already read through the [`ListCache`] is found by its text
/// without being decoded or copied again.
///
/// Every part is a struct with fixed fields, so serde itself refuses a
/// duplicate field anywhere in it (docs/threat-model.md T14) and the
/// nesting is bounded; the free-form policy is strict-checked by
/// [`Policy::from_json`], each list on first reading by
/// [`Envelope::from_json`]. One pass over the bytes is enough.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BundleJson<P, L> {
    media_type: String,
    certificate: EnvelopeJson,
    attestation: EnvelopeJson,
    policy: P,
    trust_lists: Vec<L>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transparency: Option<TransparencyJson>,
}

/// What a bundle carries of its certificate's transparency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransparencyJson {
    /// The `c2sp.org/tlog-proof@v1` text of the certificate's log entry.
    pub proof: String,
}

/// A decoded bundle.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The certificate envelope.
    pub certificate: Envelope,
    /// The vendor's attestation envelope.
    pub attestation: Envelope,
    /// The policy bytes as the issuer read them.
    pub policy_bytes: Vec<u8>,
    /// The parsed policy.
    pub policy: Policy,
    /// The trust lists carried, shared with other bundles read through the
    /// same [`ListCache`].
    pub trust_lists: Vec<Arc<SignedList>>,
    /// The inclusion proof of the certificate, when the issuer added one
    /// (`attest log prove`); verification step 8 checks it.
    pub transparency: Option<TransparencyJson>,
    /// Where it came from, for reports.
    pub source: String,
}

impl Bundle {
    /// Parses a bundle strictly: media type, envelopes, policy, lists.
    pub fn from_json(bytes: &[u8], doc: &str) -> Result<Self> {
        Self::from_json_with(bytes, doc, &ListCache::default())
    }

    /// [`Bundle::from_json`], taking the lists already read through `cache`
    /// instead of parsing and checking them again.
    pub fn from_json_with(bytes: &[u8], doc: &str, cache: &ListCache) -> Result<Self> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            return Err(Error::malformed(doc, "starts with a UTF-8 byte-order mark; JSON must not"));
        }
        let json: BundleJson<&RawValue, &RawValue> =
            serde_json::from_slice(bytes).map_err(|e| Error::malformed(doc, e.to_string()))?;
        if json.media_type != BUNDLE_MEDIA_TYPE {
            return Err(Error::malformed(
                doc,
                format!("wrong type: `mediaType` is {:?}, expected {BUNDLE_MEDIA_TYPE:?}", json.media_type),
            ));
        }
        if json.trust_lists.len() > MAX_BUNDLE_LISTS {
            return Err(Error::malformed(doc, format!("more than {MAX_BUNDLE_LISTS} trust lists")));
        }
        let policy_bytes = json.policy.get().as_bytes().to_vec();
        let policy = Policy::from_json(&policy_bytes, &format!("{doc} (policy)"))?;
        let trust_lists = json
            .trust_lists
            .iter()
            .enumerate()
            .map(|(i, l)| cache.list(l.get(), doc, i))
            .collect::<Result<Vec<_>>>()?;
        Ok(Bundle {
            certificate: Envelope::decode(json.certificate, &format!("{doc} (certificate)"))?,
            attestation: Envelope::decode(json.attestation, &format!("{doc} (attestation)"))?,
            policy_bytes,
            policy,
            trust_lists,
            transparency: json.transparency,
            source: doc.to_owned(),
        })
    }

    /// The bundle as written.
    pub fn to_json(&self) -> Result<Vec<u8>> {
        let text = std::str::from_utf8(&self.policy_bytes)
            .map_err(|_| Error::malformed(&self.source, "policy is not UTF-8"))?;
        let policy = RawValue::from_string(text.to_owned()).map_err(|e| Error::malformed_json(&self.source, &e))?;
        to_vec_pretty(&BundleJson::<Box<RawValue>, EnvelopeJson> {
            media_type: BUNDLE_MEDIA_TYPE.to_owned(),
            certificate: self.certificate.to_json(),
            attestation: self.attestation.to_json(),
            policy,
            trust_lists: self.trust_lists.iter().map(|l| l.envelope.to_json()).collect(),
            transparency: self.transparency.clone(),
        })
    }

    /// The policy's digest (see [`policy_digest`]).
    pub fn policy_digest(&self) -> Result<Sha256Digest> {
        policy_digest(&self.policy_bytes, &self.source)
    }
}

/// Trust lists already read, by their envelope's text as written. Every
/// bundle an issuer writes carries the same few lists, so a batch of 10,000
/// bundles decodes, parses and checks each distinct list once, not 10,000
/// times, and holds one copy. A list is taken from the cache only when its
/// text is byte for byte the one read before; the key is a cheap
/// fingerprint (length and both ends), each hit compared in full.
#[derive(Default)]
pub struct ListCache(Mutex<ListsByText>);

/// The lists read, by the fingerprint of their text; each with its text.
type ListsByText = HashMap<u64, Vec<(Box<str>, Arc<SignedList>)>>;

impl ListCache {
    /// The list `text` carries: the copy read before when it is the same
    /// text, else decoded, strictly parsed and checked now.
    fn list(&self, text: &str, doc: &str, i: usize) -> Result<Arc<SignedList>> {
        let key = fingerprint(text);
        let known = |m: &ListsByText| m.get(&key)?.iter().find(|(t, _)| **t == *text).map(|(_, l)| Arc::clone(l));
        if let Some(list) = self.0.lock().ok().and_then(|m| known(&m)) {
            return Ok(list);
        }
        let what = format!("{doc} (trustLists[{i}])");
        let list = Arc::new(SignedList::from_json(text.as_bytes(), &what)?);
        let Ok(mut m) = self.0.lock() else { return Ok(list) };
        // Another thread may have read the same text meanwhile: keep one.
        if let Some(first) = known(&m) {
            return Ok(first);
        }
        m.entry(key).or_default().push((text.into(), Arc::clone(&list)));
        Ok(list)
    }
}

/// A list text's cache key: its length and its first and last 64 bytes
/// (lists differ in their signatures at the end; equal keys are told apart
/// by a full comparison).
fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    const ENDS: usize = 64;
    let b = text.as_bytes();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.len().hash(&mut h);
    b.get(..b.len().min(ENDS)).hash(&mut h);
    b.get(b.len().saturating_sub(ENDS)..).hash(&mut h);
    h.finish()
}

/// Reads and parses bundle files in parallel (each at most `max_bytes`),
/// sharing the lists they carry; one result per path, in order.
pub fn read_many(paths: &[PathBuf], max_bytes: u64) -> Vec<Result<Bundle>> {
    use rayon::prelude::*;
    let cache = ListCache::default();
    paths
        .par_iter()
        .map(|p| {
            let doc = p.display().to_string();
            let bytes = read_bounded(p, max_bytes, "bundle")?;
            // The kind is told only of a file that does not parse as a
            // bundle: the error then names what it is, and a bundle is not
            // read a third time (docs/performance.md).
            Bundle::from_json_with(&bytes, &doc, &cache)
                .map_err(|e| crate::kind::expect(&bytes, &doc, &[crate::kind::Kind::Bundle]).err().unwrap_or(e))
        })
        .collect()
}

/// The digest that pins a policy in a certificate: SHA-256 of its RFC 8785
/// canonical form ([`crate::json::canonical`]), so that a bundle re-indented by
/// another tool still verifies while any change of content does not.
pub fn policy_digest(bytes: &[u8], doc: &str) -> Result<Sha256Digest> {
    let value: serde_json::Value = crate::json::parse_own(bytes, doc)?;
    Ok(Sha256Digest::of(&crate::json::canonical(&value, doc)?))
}

/// Policy bytes as they are embedded: the file without surrounding
/// whitespace.
pub fn policy_bytes(file: &[u8]) -> &[u8] {
    file.trim_ascii()
}
