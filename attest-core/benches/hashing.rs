//! Hashing throughput: one stream (SHA-256, SHA-256 + SHA-512), and a tree of
//! many files hashed in parallel by `scan::hash_files`.
//!
//! `cargo bench -p attest-core --bench hashing`

use criterion::{Criterion, Throughput};

use attest_core::digest::hash_reader;
use attest_core::scan::{Scan, ScanOptions, hash_files, scan_root};

fn stream(c: &mut Criterion) {
    let data = vec![0x5au8; 64 << 20];
    let mut g = c.benchmark_group("stream-64MiB");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.sample_size(10);
    g.bench_function("sha256", |b| b.iter(|| hash_reader(&data[..], false)));
    g.bench_function("sha256+sha512", |b| b.iter(|| hash_reader(&data[..], true)));
    g.finish();
}

fn tree(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = 2_000usize;
    let size = 32 << 10;
    for i in 0..files {
        let sub = dir.path().join(format!("d{}", i % 20));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("f{i}")), vec![(i % 251) as u8; size]).expect("write");
    }
    let mut scan = Scan::default();
    scan_root(dir.path(), "", &ScanOptions::default(), &mut scan).expect("scan");
    let mut g = c.benchmark_group("tree-2000x32KiB");
    g.throughput(Throughput::Bytes((files * size) as u64));
    g.sample_size(10);
    g.bench_function("scan", |b| {
        b.iter(|| {
            let mut s = Scan::default();
            scan_root(dir.path(), "", &ScanOptions::default(), &mut s).expect("scan");
            s
        })
    });
    g.bench_function("hash_files", |b| b.iter(|| hash_files(&scan.files, false, &|_| {})));
    g.finish();
}

// What criterion_main! and criterion_group! write, without the undocumented
// public function the latter makes.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    stream(&mut c);
    tree(&mut c);
    c.final_summary();
}
