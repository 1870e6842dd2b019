//! Inputs at the sizes of docs/performance.md, shared by the criterion benches and
//! by `bench/run` (through the `bench_inputs` example), so that the
//! in-process and the whole-process figures measure the same documents.
//!
//! Everything is derived from fixed seeds: the same call gives the same
//! bytes, and the times are fixed (`ISSUED` … `CHECK_TIME`), so a benchmark
//! run never depends on the clock.

use serde_json::{Value, json};

use crate::bundle::Bundle;
use crate::certify::{self, IssueRequest};
use crate::digest::{DigestSet, Sha256Digest};
use crate::dsse::Envelope;
use crate::error::{Error, Result};
use crate::keys::PrivateKey;
use crate::policy::Policy;
use crate::statement::Subject;
use crate::timestamp::Timestamp;
use crate::trust::edit::{self, Init};
use crate::trust::verify::{Decision, Request, decide};
use crate::trust::{
    Authority, Entry, EntryBody, ListedKey, RecognisedList, Scope, SignedList, Transparency, TransparencyLog,
};

/// The national policy every scale evaluation runs under: SHA-256 and a
/// purl on every component, no unknown component.
pub const POLICY: &[u8] = br#"{"id": "bench", "jurisdiction": "KZ",
 "sbom": {"specVersions": ["1.5"], "requireHashes": ["SHA-256"], "requirePurl": true},
 "components": {"unknown": "deny", "maxUnknown": 0},
 "certificate": {"class": "standard", "validityDays": 365}}"#;

/// When the lists are issued and start granting.
pub const ISSUED: &str = "2026-01-01T00:00:00Z";
/// When attestations are evaluated and certificates issued.
pub const EVALUATION_TIME: &str = "2026-01-20T00:00:00Z";
/// When bundles are verified.
pub const CHECK_TIME: &str = "2026-02-01T00:00:00Z";

/// Seeds of the keys: governors of the national list 1–3, of the
/// federation 11–13, the vendor 9, the regulator 20, its log 21, the
/// witnesses of KZ 22 and UZ 23.
const VENDOR: u8 = 9;
const REGULATOR: u8 = 20;
const LOG: u8 = 21;
const WITNESSES: [(u8, &str, &str); 2] = [(22, "witness.kz.example", "KZ"), (23, "witness.uz.example", "UZ")];
/// The regulator's log's origin.
pub const LOG_ORIGIN: &str = "kz.example/certificates";

fn t(s: &str) -> Result<Timestamp> {
    Timestamp::parse_strict(s).map_err(|e| Error::malformed("scale time", e))
}

fn key(seed: u8) -> Result<PrivateKey> {
    PrivateKey::from_seed(&[seed; 32])
}

/// The vendor's key.
pub fn vendor() -> Result<PrivateKey> {
    key(VENDOR)
}

/// Component `i`'s purl (without version) and version: cargo, npm (scoped)
/// and pypi in turn, so matching exercises every normalisation.
fn purl(i: usize) -> (String, String) {
    match i % 3 {
        0 => (format!("pkg:cargo/crate-{i}"), format!("1.{}.0", i % 50)),
        1 => (format!("pkg:npm/%40scope-{i}/pkg-{i}"), format!("2.0.{}", i % 10)),
        _ => (format!("pkg:pypi/py-pkg-{i}"), format!("3.{}", i % 7)),
    }
}

/// A CycloneDX 1.5 SBOM of `n` library components (each with a purl and a
/// SHA-256) for the product `pkg:generic/acme/app@1.0.0`.
pub fn sbom(n: usize) -> Result<Vec<u8>> {
    let components: Vec<Value> = (0..n)
        .map(|i| {
            let (p, v) = purl(i);
            json!({"type": "library", "bom-ref": format!("c{i}"), "name": format!("c{i}"), "version": v,
                   "purl": format!("{p}@{v}"),
                   "hashes": [{"alg": "SHA-256", "content": Sha256Digest::of(&i.to_le_bytes()).to_hex()}]})
        })
        .collect();
    let sbom = json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"timestamp": EVALUATION_TIME,
                     "component": {"type": "application", "name": "app", "version": "1.0.0", "bom-ref": "product",
                                   "purl": "pkg:generic/acme/app@1.0.0"}},
        "components": components});
    serde_json::to_vec(&sbom).map_err(|e| Error::malformed("scale sbom", e.to_string()))
}

/// [`sbom`]`(n)` signed by the vendor, for the artefact `app.tar.gz`.
pub fn attestation(n: usize, vendor: &PrivateKey) -> Result<Envelope> {
    let subject = Subject { name: "app.tar.gz".into(), digest: DigestSet::sha256(Sha256Digest::of(b"app")) };
    crate::attestation::sign(&sbom(n)?, "sbom", vec![subject], vendor)
}

/// `kz-national`, 2-of-3: the vendor as supplier of `pkg:generic/acme/*`,
/// and one component entry covering each of [`sbom`]'s `n` components.
pub fn national(n: usize, vendor: &PrivateKey) -> Result<SignedList> {
    let since = t(ISSUED)?;
    let mut list = super::national_draft(&[1, 2, 3], 2, since)?;
    let keys = vec![ListedKey::new(vendor.public(), None)];
    let scope = vec![Scope::new("pkg:generic/acme/*", None)];
    list.entries.push(Entry::granted("acme", since, EntryBody::Supplier { jurisdiction: None, keys, scope }));
    for i in 0..n {
        let (p, v) = purl(i);
        // PyPI versions like 3.2 are not semver: they match through `exact`.
        let mut scope = Scope::new(p, (i % 3 != 2).then(|| format!("={v}")).as_deref());
        if i % 3 == 2 {
            scope.exact = Some(vec![v]);
        }
        let body = EntryBody::Component { jurisdiction: None, scope: vec![scope] };
        list.entries.push(Entry::granted(format!("c{i}"), since, body));
    }
    let signed = edit::sign_draft(&list, &key(1)?, None)?;
    edit::cosign(signed, &key(2)?, None)
}

/// The SCO federation (2-of-3): `kz-regulator` may certify `standard`, and
/// `national` is recognised by its pinned governance.
pub fn federation(national: &SignedList) -> Result<SignedList> {
    federation_with(national, false)
}

/// [`federation`], with `transparency` its log, two witnesses (KZ, UZ) and
/// a required rule of quorum 2 within a day.
fn federation_with(national: &SignedList, transparency: bool) -> Result<SignedList> {
    let since = t(ISSUED)?;
    let init = super::national_init(&[11, 12, 13], 2, since)?;
    let mut fed =
        edit::init(Init { name: "sco-federation".into(), jurisdiction: "SCO".into(), valid_for_days: 365, ..init })?;
    let auth = Authority {
        jurisdiction: "KZ".into(),
        keys: vec![ListedKey::new(key(REGULATOR)?.public(), None)],
        certifies: vec!["standard".into()],
        max_validity_days: None,
        accreditation: None,
    };
    fed.entries.push(Entry::granted("kz-regulator", since, EntryBody::Authority(auth)));
    let rec = RecognisedList {
        list_name: national.list.name.clone(),
        jurisdiction: "KZ".into(),
        governance: national.list.governance.clone(),
    };
    fed.entries.push(Entry::granted("kz-national", since, EntryBody::TrustList(rec)));
    if transparency {
        let log = TransparencyLog {
            jurisdiction: None,
            keys: vec![ListedKey::new(key(LOG)?.public(), None)],
            origin: LOG_ORIGIN.into(),
            authorities: vec!["kz-regulator".into()],
        };
        fed.entries.push(Entry::granted("kz-log", since, EntryBody::Log(log)));
        for (seed, name, jurisdiction) in WITNESSES {
            let keys = vec![ListedKey::new(key(seed)?.public(), None)];
            let body = EntryBody::Witness { jurisdiction: jurisdiction.into(), keys };
            let mut w = Entry::granted(format!("{}-witness", jurisdiction.to_lowercase()), since, body);
            w.name = Some(name.into());
            fed.entries.push(w);
        }
        fed = edit::set_transparency(fed, Transparency { required: true, quorum: 2, max_delay_seconds: 86_400 })?;
    }
    edit::cosign(edit::sign_draft(&fed, &key(11)?, None)?, &key(12)?, None)
}

/// The lists `anchor` alone makes a verifier believe at `time`.
pub fn believe(anchor: &SignedList, time: Timestamp) -> Result<Decision> {
    decide(Request { anchor: anchor.clone(), candidates: Vec::new(), state: None, time })
}

/// The federation list and `count` bundles, each a certificate issued by
/// `kz-regulator` for its own attestation (of 3–7 components) under
/// [`POLICY`], calling `each` with every bundle as it is made (so a caller
/// can write them out without holding them all).
pub fn bundles(count: usize, each: impl FnMut(usize, Bundle) -> Result<()>) -> Result<SignedList> {
    bundles_with(count, false, each)
}

fn bundles_with(
    count: usize,
    transparency: bool,
    mut each: impl FnMut(usize, Bundle) -> Result<()>,
) -> Result<SignedList> {
    let vendor = vendor()?;
    let regulator = key(REGULATOR)?;
    let national = national(10, &vendor)?;
    let federation = federation_with(&national, transparency)?;
    let policy = Policy::from_json(POLICY, "policy")?;
    let time = t(EVALUATION_TIME)?;
    let national_lists = believe(&national, time)?;
    let federation_lists = believe(&federation, time)?;
    for i in 0..count {
        let attestation = attestation(3 + i % 5, &vendor)?;
        let issued = certify::issue(&IssueRequest {
            key: &regulator,
            authority: "kz-regulator",
            attestation: &attestation,
            attestation_doc: "attestation",
            national: &national_lists,
            federation: &federation_lists,
            policy: &policy,
            policy_bytes: POLICY,
            evidence: &[],
            artefacts: &[],
            time,
            certificate_id: Some(format!("KZ-2026-{i:016x}")),
            conditions: &[],
            supersedes: None,
        })?;
        let Some((_, bundle)) = issued.bundle else {
            let failures: Vec<String> = issued.report.failures().map(|c| c.check.clone()).collect();
            return Err(Error::malformed("scale bundle", format!("not issued: {failures:?}")));
        };
        each(i, bundle)?;
    }
    Ok(federation)
}

/// [`bundles`] under a federation that requires transparency: every
/// certificate logged in the log at `log_dir` (key seed 21), the checkpoint
/// cosigned by both witnesses a minute after issue, and each bundle given
/// its proof before `each` sees it.
pub fn logged_bundles(
    count: usize,
    log_dir: &std::path::Path,
    mut each: impl FnMut(usize, Bundle) -> Result<()>,
) -> Result<SignedList> {
    use crate::tlog::{LogEntry, log, note};
    let mut all = Vec::with_capacity(count);
    let federation = bundles_with(count, true, |_, b| {
        all.push(b);
        Ok(())
    })?;
    let entries = all
        .iter()
        .map(|b| LogEntry::of_certificate(&b.certificate, "bundle").map(|e| e.to_bytes()))
        .collect::<Result<Vec<_>>>()?;
    let log_key = key(LOG)?;
    log::init(log_dir, LOG_ORIGIN, &log_key)?;
    let cp = log::append(log_dir, &log_key, &entries)?.checkpoint;
    let time = u64::try_from(t(EVALUATION_TIME)?.unix() + 60).unwrap_or_default();
    let mut lines = Vec::new();
    let mut witnesses = Vec::new();
    for (seed, name, _) in WITNESSES {
        let k = key(seed)?;
        lines.push((name.to_owned(), note::cosignature(&k, name, &cp.note.text, time).map_err(Error::usage)?));
        witnesses.push(note::NoteKey::new(name, note::ALG_COSIGNATURE_V1, k.public().clone()).map_err(Error::usage)?);
    }
    log::add_cosignatures(log_dir, &lines, &witnesses)?;
    let cp = log::read_checkpoint(log_dir)?;
    for (i, (mut b, entry)) in all.into_iter().zip(entries).enumerate() {
        let proof = log::prove(log_dir, &cp, i as u64, &entry)?;
        b.transparency = Some(crate::bundle::TransparencyJson { proof: proof.to_text() });
        each(i, b)?;
    }
    Ok(federation)
}

/// A log of `count` certificate entries in `dir` (created), appended in one
/// call under the regulator's log key; returns the log's verifier key.
pub fn log_of(dir: &std::path::Path, count: usize) -> Result<String> {
    use crate::tlog::{EntryKind, LogEntry, log, note};
    let log_key = key(LOG)?;
    let issued = t(EVALUATION_TIME)?;
    let entries: Vec<Vec<u8>> = (0..count)
        .map(|i| {
            LogEntry {
                kind: EntryKind::Certificate,
                id: format!("KZ-2026-{i:016x}"),
                authority: "kz-regulator".into(),
                issued,
                sha256: Sha256Digest::of(&(i as u64).to_be_bytes()),
            }
            .to_bytes()
        })
        .collect();
    log::init(dir, LOG_ORIGIN, &log_key)?;
    log::append(dir, &log_key, &entries)?;
    Ok(note::NoteKey::new(LOG_ORIGIN, note::ALG_ED25519, log_key.public().clone()).map_err(Error::usage)?.vkey())
}
