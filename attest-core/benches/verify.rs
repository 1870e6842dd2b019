//! Whole verifications at the sizes of docs/performance.md:
//! - `verify --anchor --policy` of an attestation whose SBOM has N
//!   components, against a signed national list of N entries, next to a bare
//!   `serde_json` parse of the same two files (target: ≤ 3× the parse);
//! - `certify verify` of many bundles in one call (target: a signature rate
//!   ≥ 1.5× single-core `openssl speed ed25519` verify), reported as bundles
//!   per second; each bundle carries its own signed certificate and
//!   attestation.
//!
//! The inputs are `testkit::scale`'s, the same `bench/run` measures as whole
//! processes. `cargo bench -p attest-core --bench verify`

use criterion::{BenchmarkId, Criterion, Throughput};
use serde_json::Value;

use attest_core::bundle::Bundle;
use attest_core::certify::{self, BatchRequest};
use attest_core::dsse::Envelope;
use attest_core::evaluate::{self, Request as EvalRequest};
use attest_core::policy::Policy;
use attest_core::testkit::scale;
use attest_core::timestamp::Timestamp;
use attest_core::trust::SignedList;

fn t(s: &str) -> Timestamp {
    Timestamp::parse_strict(s).expect("time")
}

fn full_verify(c: &mut Criterion) {
    let vendor = scale::vendor().expect("vendor");
    let policy = Policy::from_json(scale::POLICY, "policy").expect("policy");
    let mut g = c.benchmark_group("verify-anchor-policy");
    g.sample_size(10);
    for n in [1_000usize, 10_000] {
        let att = scale::attestation(n, &vendor).expect("attestation");
        let list = scale::national(n, &vendor).expect("list");
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
                let lists = scale::believe(&anchor, t(scale::EVALUATION_TIME)).expect("decide");
                let ev = evaluate::evaluate(&EvalRequest {
                    attestation: &env,
                    attestation_doc: "att",
                    lists: &lists,
                    policy: &policy,
                    evidence: &[],
                    artefacts: &[],
                    time: t(scale::EVALUATION_TIME),
                })
                .expect("evaluate");
                assert!(ev.passed(), "{:?}", ev.report.failures().collect::<Vec<_>>());
                ev
            })
        });
    }
    g.finish();
}

fn batch_certify_verify(c: &mut Criterion) {
    let n = 2_000;
    let mut bundles = Vec::with_capacity(n);
    let fed = scale::bundles(n, |i, bundle| {
        // Round-trip through JSON, as `certify verify` reads it.
        bundles.push(Bundle::from_json(&bundle.to_json()?, &format!("b{i}"))?);
        Ok(())
    })
    .expect("bundles");
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
                accept: None,
                time: t(scale::CHECK_TIME),
            };
            let verdicts = certify::verify_batch(&bundles, &req).expect("batch");
            assert!(verdicts.iter().all(|v| v.as_ref().is_ok_and(|v| v.report.passed())));
            verdicts
        })
    });
    g.finish();
}

// What criterion_main! and criterion_group! write, without the undocumented
// public function the latter makes.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    full_verify(&mut c);
    batch_certify_verify(&mut c);
    c.final_summary();
}
