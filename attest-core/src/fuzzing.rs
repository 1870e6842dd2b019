//! Entry points shared by the fuzz targets (`fuzz/`) and the bounded
//! property tests that run inside `cargo test`, so both exercise exactly the
//! same code: every parser of every input attest reads, and what it does
//! next with what parses. Each function must return normally on any input;
//! a panic is a bug.

use serde_json::value::RawValue;

use crate::attestation::PREDICATE_CYCLONEDX;
use crate::bundle::Bundle;
use crate::certificate::{Certificate, PREDICATE_MUTUAL_RECOGNITION};
use crate::dsse::{Envelope, KeySet};
use crate::keys::PrivateKey;
use crate::lockfile::{LockfileKind, parse};
use crate::policy::Policy;
use crate::purl::{Pattern, Purl};
use crate::statement::Statement;
use crate::timestamp::Timestamp;
use crate::trust::{SignedList, inspect, parse_list};

/// A fuzz entry point.
pub type Target = fn(&[u8]);

/// Every target: its name (also the seed directory under `testdata/fuzz/`)
/// and its entry point.
pub const TARGETS: &[(&str, Target)] = &[
    ("envelope", envelope),
    ("statement", statement),
    ("trust_list", trust_list),
    ("policy", policy),
    ("bundle", bundle),
    ("cyclonedx", cyclonedx),
    ("lockfile_cargo", lockfile_cargo),
    ("lockfile_npm", lockfile_npm),
    ("purl", purl),
    ("lockfile_any", lockfile_any),
    ("tlog", tlog),
];

/// DSSE envelopes: parse, decode, verify against a fixed key, re-encode.
pub fn envelope(data: &[u8]) {
    if let Ok(env) = Envelope::from_json(data, "fuzz") {
        if let Ok(key) = PrivateKey::from_seed(&[7; 32]) {
            let keys = KeySet::new(vec![key.public().clone()]).unwrap_or_default();
            let _ = env.verify(&keys);
        }
        let _ = crate::json::to_vec(&env.to_json());
    }
}

/// in-toto Statements carrying an SBOM or a certificate.
pub fn statement(data: &[u8]) {
    let _ = Statement::<Box<RawValue>>::from_payload(data, PREDICATE_CYCLONEDX, "fuzz");
    let _ = Statement::<Certificate>::from_own_payload(data, PREDICATE_MUTUAL_RECOGNITION, "fuzz");
}

/// Trust-list drafts and signed lists, with audit and diff of what parses.
pub fn trust_list(data: &[u8]) {
    if let Ok(list) = parse_list(data, "fuzz") {
        let t = Timestamp::now();
        let _ = inspect::audit(&list, t, None);
        let _ = inspect::diff(&list, &list);
        let _ = inspect::summary(&list, t);
        let _ = list.governance.fingerprint();
    }
    let _ = SignedList::from_json(data, "fuzz");
}

/// National policies.
pub fn policy(data: &[u8]) {
    let _ = Policy::from_json(data, "fuzz");
}

/// Bundles, with every embedded envelope, list and policy.
pub fn bundle(data: &[u8]) {
    if let Ok(b) = Bundle::from_json(data, "fuzz") {
        let _ = b.to_json();
    }
}

/// The CycloneDX reader and validator.
pub fn cyclonedx(data: &[u8]) {
    if let Ok(v) = crate::jsontree::parse(data, "fuzz") {
        let _ = crate::cyclonedx::validate(&v);
    }
}

/// Cargo.lock.
pub fn lockfile_cargo(data: &[u8]) {
    let _ = parse(LockfileKind::Cargo, data, "fuzz");
}

/// package-lock.json v1–v3.
pub fn lockfile_npm(data: &[u8]) {
    let _ = parse(LockfileKind::Npm, data, "fuzz");
}

/// Every other lockfile reader (Python, Go, Ruby, PHP, and npm's yarn.lock
/// and pnpm-lock.yaml) on the same input.
pub fn lockfile_any(data: &[u8]) {
    for kind in LockfileKind::ALL {
        if !matches!(kind, LockfileKind::Cargo | LockfileKind::Npm) {
            let _ = parse(kind, data, "fuzz");
        }
    }
}

/// Package URLs and scope patterns (first line a purl, second a pattern
/// and also read as a version range of the purl's type), matching between
/// them, and the purl's version read and normalised by its ecosystem's rules.
pub fn purl(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (a, b) = text.split_once('\n').unwrap_or((text, text));
    if let Ok(p) = Purl::parse(a) {
        let _ = p.identity();
        if let (Some(v), Ok(range)) = (p.release(), crate::version::Range::parse(&p.ty, b)) {
            let _ = range.matches(&v);
            let _ = v.revoked_by(&v);
        }
        if let Ok(pat) = Pattern::parse(b) {
            let _ = pat.matches(&p);
            let _ = p.to_string();
        }
    }
}

/// Transparency-log text: a verifier key (first line), a tlog-proof (its
/// note, checkpoint and audit path, checked against that key), a log entry
/// and an entry bundle.
pub fn tlog(data: &[u8]) {
    use crate::tlog::{LogEntry, TlogProof, merkle, note::NoteKey, tiles::decode_bundle};
    let _ = LogEntry::parse(data);
    let _ = decode_bundle(data, 3, "fuzz");
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let key = NoteKey::parse(first);
    for t in [text, rest] {
        if let Ok(p) = TlogProof::parse(t) {
            let cp = &p.checkpoint.checkpoint;
            let _ = merkle::verify_inclusion(p.index, cp.size, &merkle::leaf_hash(data), &p.path, &cp.root);
            let _ = p.to_text();
            if let Ok(k) = &key {
                let _ = p.checkpoint.note.verified_by(k);
                let _ = p.checkpoint.note.cosigned_by(k);
            }
        }
    }
}
