//! Signing speed: a key in a file against a key on a PKCS#11 token
//! (SoftHSM2), through the same [`Signer`] every command uses, for a small
//! document (1 KiB: a certificate, a trust-list signature) and a large one
//! (1 MiB: an SBOM attestation; pure Ed25519 sends the whole PAE to the
//! token). The token path includes attest's check of each signature under
//! the public key read from the token. `open` is what each command pays
//! once before its first token signature: load the module, log in, find the
//! key and read its public half.
//!
//! SoftHSM2 is found at `ATTEST_SOFTHSM_MODULE` or Debian's path; without it
//! only the file key is measured, and the bench says so.
//!
//! `cargo bench -p attest-core --bench signing`

use std::path::PathBuf;
use std::process::Command;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use attest_core::keys::PrivateKey;
use attest_core::pkcs11::{self, Pkcs11Key, Pkcs11Uri};
use attest_core::signer::Signer;

const SIZES: [usize; 2] = [1024, 1024 * 1024];

/// A fresh SoftHSM2 token in a temporary directory holding one Ed25519 key,
/// and the URI naming it; `None` when SoftHSM2 is not installed.
fn token_key(dir: &tempfile::TempDir) -> Option<(Pkcs11Key, Pkcs11Uri)> {
    let module = std::env::var_os("ATTEST_SOFTHSM_MODULE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/softhsm/libsofthsm2.so"));
    if !module.is_file() {
        eprintln!("SKIPPED: SoftHSM2 not installed (.ci/install-hsm); only the file key is measured");
        return None;
    }
    let conf = dir.path().join("softhsm2.conf");
    let tokens = dir.path().join("tokens");
    std::fs::create_dir(&tokens).expect("token dir");
    std::fs::write(&conf, format!("directories.tokendir = {}\nobjectstore.backend = file\n", tokens.display()))
        .expect("softhsm2.conf");
    // SAFETY: set before criterion starts any thread.
    unsafe {
        std::env::set_var("SOFTHSM2_CONF", &conf);
        std::env::set_var("ATTEST_BENCH_PIN", "1234");
    }
    let init = Command::new("softhsm2-util")
        .args(["--init-token", "--free", "--label", "bench", "--so-pin", "5678", "--pin", "1234"])
        .output()
        .expect("softhsm2-util");
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let uri = Pkcs11Uri::parse(&format!(
        "pkcs11:token=bench;object=k?module-path={}&pin-source=env:ATTEST_BENCH_PIN",
        module.display()
    ))
    .expect("uri");
    pkcs11::generate(&uri).expect("generate on the token");
    Some((Pkcs11Key::open(&uri).expect("open the token key"), uri))
}

fn signing(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = PrivateKey::from_seed(&[7; 32]).expect("key");
    let token = token_key(&dir);
    let mut signers: Vec<(&str, &dyn Signer)> = vec![("file", &file)];
    if let Some((t, uri)) = &token {
        signers.push(("softhsm2", t));
        c.bench_function("open/softhsm2", |b| b.iter(|| Pkcs11Key::open(uri).expect("open")));
    }
    let mut group = c.benchmark_group("sign");
    for size in SIZES {
        let msg = vec![0x5a; size];
        group.throughput(Throughput::Elements(1));
        for (name, signer) in &signers {
            group
                .bench_with_input(BenchmarkId::new(*name, size), &msg, |b, m| b.iter(|| signer.sign(m).expect("sign")));
        }
    }
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
