//! Provenance matching at scale (docs/performance.md: linear in components + entries,
//! 10× more of both costs ≤ 12× the time; `verify` of 10,000 components
//! against 10,000 entries within 3× a plain serde_json parse of the SBOM).
//!
//! A synthetic CycloneDX SBOM of N components (cargo, npm and pypi purls in
//! turn, every tenth with a nested component) is judged against one list of
//! N entries (component entries with semver and exact scopes, suppliers with
//! `*` scopes), with N/3 evidence attestations and N/100 revocations. Each
//! size reports `evaluate` of the SBOM's tree, the strict parse into that
//! tree (`jsontree-parse`, duplicate-key check included) and, as the
//! reference, `serde_json` parsing the same SBOM bytes into a `Value`.
//!
//! `cargo bench -p attest-core --bench provenance -- --quick`

use criterion::{BenchmarkId, Criterion, Throughput};
use serde_json::{Value, json};

use attest_core::digest::{DigestSet, Sha256Digest};
use attest_core::jsontree;
use attest_core::keys::PrivateKey;
use attest_core::provenance::{Evidence, Input, decide};
use attest_core::statement::Subject;
use attest_core::testkit::unchecked_list;
use attest_core::timestamp::Timestamp;
use attest_core::trust::{
    Entry, EntryKind, FlatEntry, ListedKey, Revocations, RevokedArtefact, RevokedComponent, Scope, TrustList,
};

fn t(s: &str) -> Timestamp {
    Timestamp::parse_strict(s).expect("time")
}

/// Supplier `i`'s key, from a seed derived from `i`.
fn key(i: usize) -> ListedKey {
    let seed: [u8; 32] = Sha256Digest::of(format!("key {i}").as_bytes()).0;
    ListedKey::new(PrivateKey::from_seed(&seed).expect("key").public(), None)
}

fn content(i: usize) -> Sha256Digest {
    Sha256Digest::of(format!("component {i}").as_bytes())
}

fn purl(i: usize) -> String {
    match i % 3 {
        0 => format!("pkg:cargo/crate-{i}@1.{}.0", i % 50),
        1 => format!("pkg:npm/%40scope-{i}/pkg-{i}@2.0.{}", i % 10),
        _ => format!("pkg:pypi/Py_Pkg_{i}@3.{}", i % 7),
    }
}

fn component(i: usize) -> Value {
    let mut c = json!({"type": "library", "bom-ref": format!("c{i}"), "name": format!("c{i}"), "purl": purl(i),
                       "hashes": [{"alg": "SHA-256", "content": content(i).to_hex()}]});
    if i.is_multiple_of(10) {
        c["components"] = json!([{"type": "file", "name": format!("files/{i}.bin"),
                                  "hashes": [{"alg": "SHA-256", "content": content(i + 1_000_000_000).to_hex()}]}]);
    }
    c
}

/// The SBOM's bytes, written one component at a time: a `Value` of the
/// whole BOM, built and dropped here, would leave ~170 MiB of small free
/// chunks behind that every later allocation of the benchmark would wade
/// through.
fn sbom(n: usize) -> Vec<u8> {
    let head = json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                      "metadata": {"timestamp": "2026-05-01T00:00:00Z",
                                   "component": {"type": "application", "name": "app", "purl": "pkg:generic/acme/app@1.0.0"}}});
    let mut out = serde_json::to_vec(&head).expect("serialise");
    out.pop(); // the closing brace
    out.extend_from_slice(b",\"components\":[");
    for i in 0..n {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, &component(i)).expect("serialise");
    }
    out.extend_from_slice(b"]}");
    out
}

fn entry(id: String, kind: EntryKind, keys: Vec<ListedKey>, scope: Scope) -> Entry {
    let flat = FlatEntry { keys, scope: vec![scope], ..FlatEntry::granted(id, kind, t("2026-01-01T00:00:00Z")) };
    Entry::try_from(flat).expect("a supplier or component")
}

fn scope(purl: String, versions: Option<&str>, exact: Option<Vec<String>>) -> Scope {
    Scope { exact, ..Scope::new(purl, versions) }
}

fn list_entry(i: usize) -> Entry {
    match i % 3 {
        0 => entry(
            format!("e{i}"),
            EntryKind::Component,
            vec![],
            scope(format!("pkg:cargo/crate-{i}"), Some("^1"), None),
        ),
        1 => entry(
            format!("e{i}"),
            EntryKind::Supplier,
            vec![key(i)],
            scope(format!("pkg:npm/%40scope-{i}/*"), None, None),
        ),
        _ => {
            let exact = Some(vec![format!("3.{}", i % 7)]);
            entry(format!("e{i}"), EntryKind::Component, vec![], scope(format!("pkg:pypi/py-pkg-{i}"), None, exact))
        }
    }
}

fn list(n: usize) -> TrustList {
    let mut entries: Vec<Entry> = (0..n).map(list_entry).collect();
    let acme = scope("pkg:generic/acme/*".into(), Some(">=1.0.0, <3"), None);
    entries.push(entry("acme".into(), EntryKind::Supplier, vec![key(usize::MAX)], acme));
    let revoked = Revocations {
        components: (0..n).step_by(100).map(|i| RevokedComponent { purl: purl(i), reason: "bench".into() }).collect(),
        artefacts: (50..n)
            .step_by(100)
            .map(|i| RevokedArtefact { digest: DigestSet::sha256(content(i)), reason: "bench".into() })
            .collect(),
        ..Revocations::default()
    };
    unchecked_list("bench", t("2026-01-01T00:00:00Z"), key(0), entries, revoked)
}

fn evidence(n: usize) -> Vec<Evidence> {
    let npm = (1..n).step_by(3);
    npm.map(|i| Evidence {
        source: format!("ev{i}"),
        signers: vec![key(i).keyid],
        subjects: vec![Subject { name: format!("pkg-{i}.tgz"), digest: DigestSet::sha256(content(i)) }],
    })
    .collect()
}

fn provenance(c: &mut Criterion) {
    let time = t("2026-06-01T00:00:00Z");
    let signers = [key(usize::MAX).keyid];
    let mut g = c.benchmark_group("provenance");
    for n in [1_000usize, 10_000, 100_000] {
        let bytes = sbom(n);
        let sbom = jsontree::parse(&bytes, "bench").expect("parse");
        let list = list(n);
        let lists = [&list];
        let evidence = evidence(n);
        let input = Input { sbom: &sbom, lists: &lists, signers: &signers, evidence: &evidence, time };
        let out = decide(&input).expect("evaluate");
        assert!(out.product.is_approved(), "{}", out.product.reason());
        eprintln!("n={n}: {} bytes, counts {:?}", bytes.len(), out.counts);
        g.sample_size(if n >= 100_000 { 10 } else { 20 });
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("serde_json-parse", n), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<Value>(bytes).expect("parse"))
        });
        g.bench_with_input(BenchmarkId::new("jsontree-parse", n), &bytes, |b, bytes| {
            b.iter(|| jsontree::parse(bytes, "bench").expect("parse"))
        });
        g.bench_with_input(BenchmarkId::new("evaluate", n), &input, |b, input| {
            b.iter(|| decide(input).expect("evaluate"))
        });
    }
    g.finish();
}

// What criterion_main! and criterion_group! write, without the undocumented
// public function the latter makes.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    provenance(&mut c);
    c.final_summary();
}
