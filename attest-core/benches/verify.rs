//! Whole verifications at the sizes of targets.md:
//! - `verify --anchor --policy` of an attestation whose SBOM has N
//!   components, against a signed national list of N entries, next to a bare
//!   `serde_json` parse of the same two files (target: ≤ 3× the parse);
//! - `certify verify` of many bundles in one call (target: a signature rate
//!   ≥ 1.5× single-core `openssl speed ed25519` verify), reported as bundles
//!   per second; each bundle carries its own signed certificate and
//!   attestation.
//!
//! `cargo bench -p attest-core --bench verify`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

use attest_core::bundle::Bundle;
use attest_core::certify::{self, BatchRequest, IssueRequest};
use attest_core::digest::{DigestSet, Sha256Digest};
use attest_core::dsse::Envelope;
use attest_core::evaluate::{self, Request as EvalRequest};
use attest_core::keys::PrivateKey;
use attest_core::policy::Policy;
use attest_core::statement::Subject;
use attest_core::testkit;
use attest_core::timestamp::Timestamp;
use attest_core::trust::edit::{self, Init};
use attest_core::trust::verify::{Decision, Request, decide};
use attest_core::trust::{Entry, EntryKind, ListedKey, Scope, SignedList};

const POLICY: &[u8] = br#"{"id": "bench", "jurisdiction": "KZ",
 "sbom": {"specVersions": ["1.5"], "requireHashes": ["SHA-256"], "requirePurl": true},
 "components": {"unknown": "deny", "maxUnknown": 0},
 "certificate": {"class": "standard", "validityDays": 365}}"#;

fn t(s: &str) -> Timestamp {
    Timestamp::parse_strict(s).expect("time")
}

fn key(i: u8) -> PrivateKey {
    PrivateKey::from_seed(&[i; 32]).expect("key")
}

fn purl(i: usize) -> (String, String) {
    match i % 3 {
        0 => (format!("pkg:cargo/crate-{i}"), format!("1.{}.0", i % 50)),
        1 => (format!("pkg:npm/%40scope-{i}/pkg-{i}"), format!("2.0.{}", i % 10)),
        _ => (format!("pkg:pypi/py-pkg-{i}"), format!("3.{}", i % 7)),
    }
}

/// The SBOM (N components, each covered by an entry) signed by the vendor.
fn attestation(n: usize, vendor: &PrivateKey) -> Envelope {
    let components: Vec<Value> = (0..n)
        .map(|i| {
            let (p, v) = purl(i);
            json!({"type": "library", "bom-ref": format!("c{i}"), "name": format!("c{i}"), "version": v,
                   "purl": format!("{p}@{v}"),
                   "hashes": [{"alg": "SHA-256", "content": Sha256Digest::of(&i.to_le_bytes()).to_hex()}]})
        })
        .collect();
    let sbom = json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"timestamp": "2026-01-20T00:00:00Z",
                     "component": {"type": "application", "name": "app", "version": "1.0.0", "bom-ref": "product",
                                   "purl": "pkg:generic/acme/app@1.0.0"}},
        "components": components});
    let bytes = serde_json::to_vec(&sbom).expect("sbom");
    let subject = Subject { name: "app.tar.gz".into(), digest: DigestSet::sha256(Sha256Digest::of(b"app")) };
    attest_core::attestation::sign(&bytes, "sbom", vec![subject], vendor).expect("sign")
}

/// A 2-of-3 national list: the vendor, and N component entries.
fn national(n: usize, vendor: &PrivateKey) -> SignedList {
    let since = t("2026-01-01T00:00:00Z");
    let mut list = testkit::national_draft(&[1, 2, 3], 2, since).expect("init");
    let mut acme = Entry::granted("acme", EntryKind::Supplier, since);
    acme.keys = vec![ListedKey::new(vendor.public(), None)];
    acme.scope = vec![Scope::new("pkg:generic/acme/*", None)];
    list.entries.push(acme);
    for i in 0..n {
        let (p, v) = purl(i);
        let mut e = Entry::granted(format!("c{i}"), EntryKind::Component, since);
        // PyPI versions like 3.2 are not semver: they match through `exact`.
        let mut scope = Scope::new(p, (i % 3 != 2).then(|| format!("={v}")).as_deref());
        if i % 3 == 2 {
            scope.exact = Some(vec![v]);
        }
        e.scope = vec![scope];
        list.entries.push(e);
    }
    let signed = edit::sign_draft(&list, &key(1), None).expect("sign list");
    edit::cosign(signed, &key(2), None).expect("cosign list")
}

fn believe(anchor: &SignedList, extra: Vec<SignedList>) -> Decision {
    let candidates = extra.into_iter().map(|l| (l, attest_core::trust::verify::Origin::Offered)).collect();
    decide(Request { anchor: anchor.clone(), candidates, state: None, time: t("2026-01-20T00:00:00Z") })
        .expect("decide")
}

fn full_verify(c: &mut Criterion) {
    let vendor = key(9);
    let policy = Policy::from_json(POLICY, "policy").expect("policy");
    let mut g = c.benchmark_group("verify-anchor-policy");
    g.sample_size(10);
    for n in [1_000usize, 10_000] {
        let att = attestation(n, &vendor);
        let list = national(n, &vendor);
        let att_bytes = serde_json::to_vec(&att.to_json()).expect("att json");
        let list_bytes = serde_json::to_vec(&list.envelope.to_json()).expect("list json");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("serde_json parse of both files", n), &n, |b, _| {
            b.iter(|| {
                // The reference: parse the two files, and the payloads they carry.
                let a: Value = serde_json::from_slice(&att_bytes).expect("parse");
                let l: Value = serde_json::from_slice(&list_bytes).expect("parse");
                let ap: Value = serde_json::from_slice(&att.payload).expect("parse");
                let lp: Value = serde_json::from_slice(&list.envelope.payload).expect("parse");
                (a, l, ap, lp)
            })
        });
        g.bench_with_input(BenchmarkId::new("attest verify --anchor --policy", n), &n, |b, _| {
            b.iter(|| {
                let env = Envelope::from_json(&att_bytes, "att").expect("att");
                let anchor = SignedList::from_json(&list_bytes, "list").expect("list");
                let lists = believe(&anchor, Vec::new());
                let ev = evaluate::evaluate(&EvalRequest {
                    attestation: &env,
                    attestation_doc: "att",
                    lists: &lists,
                    policy: &policy,
                    evidence: &[],
                    artefacts: &[],
                    time: t("2026-01-20T00:00:00Z"),
                })
                .expect("evaluate");
                assert!(ev.passed(), "{:?}", ev.report.failures().collect::<Vec<_>>());
                ev
            })
        });
    }
    g.finish();
}

/// N bundles, each a certificate of its own attestation.
fn bundles(n: usize) -> (SignedList, Vec<Bundle>) {
    let vendor = key(9);
    let regulator = key(20);
    let list = national(10, &vendor);
    let since = t("2026-01-01T00:00:00Z");
    let init = testkit::national_init(&[11, 12, 13], 2, since).expect("fed");
    let mut fed =
        edit::init(Init { name: "sco-federation".into(), jurisdiction: "SCO".into(), valid_for_days: 365, ..init })
            .expect("fed");
    let mut auth = Entry::granted("kz-regulator", EntryKind::Authority, since);
    auth.jurisdiction = Some("KZ".into());
    auth.keys = vec![ListedKey::new(regulator.public(), None)];
    auth.certifies = vec!["standard".into()];
    fed.entries.push(auth);
    let mut rec = Entry::granted("kz-national", EntryKind::TrustList, since);
    rec.jurisdiction = Some("KZ".into());
    rec.list_name = Some(list.list.name.clone());
    rec.governance = Some(list.list.governance.clone());
    fed.entries.push(rec);
    let fed = edit::cosign(edit::sign_draft(&fed, &key(11), None).expect("sign"), &key(12), None).expect("cosign");
    let policy = Policy::from_json(POLICY, "policy").expect("policy");
    let national_lists = believe(&list, Vec::new());
    let fed_lists = believe(&fed, Vec::new());
    let out = (0..n)
        .map(|i| {
            let att = attestation(3 + i % 5, &vendor);
            let issued = certify::issue(&IssueRequest {
                key: &regulator,
                authority: "kz-regulator",
                attestation: &att,
                attestation_doc: "att",
                national: &national_lists,
                federation: &fed_lists,
                policy: &policy,
                policy_bytes: POLICY,
                evidence: &[],
                artefacts: &[],
                time: t("2026-01-20T00:00:00Z"),
                certificate_id: Some(format!("KZ-2026-{i:016x}")),
            })
            .expect("issue");
            let (_, bundle) = issued.bundle.expect("issued");
            // Round-trip through JSON, as `certify verify` reads it.
            Bundle::from_json(&bundle.to_json().expect("json"), &format!("b{i}")).expect("bundle")
        })
        .collect();
    (fed, out)
}

fn batch_certify_verify(c: &mut Criterion) {
    let n = 2_000;
    let (fed, bundles) = bundles(n);
    let mut g = c.benchmark_group("certify-verify-batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("bundles", n), |b| {
        b.iter(|| {
            let req = BatchRequest {
                anchor: &fed,
                extra: &[],
                state: None,
                artefacts: &[],
                own_policy: None,
                time: t("2026-02-01T00:00:00Z"),
            };
            let verdicts = certify::verify_batch(&bundles, &req).expect("batch");
            assert!(verdicts.iter().all(|v| v.as_ref().is_ok_and(|v| v.report.passed())));
            verdicts
        })
    });
    g.finish();
}

criterion_group!(benches, full_verify, batch_certify_verify);
criterion_main!(benches);
