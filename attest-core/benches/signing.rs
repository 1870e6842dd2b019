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

use criterion::{BenchmarkId, Criterion, Throughput};

use attest_core::keys::PrivateKey;
use attest_core::pkcs11::{self, Pkcs11Key, Pkcs11Uri};
use attest_core::signer::Signer;

const SIZES: [usize; 2] = [1024, 1024 * 1024];

/// Set (to the token folder) in the run of the bench that measures: SoftHSM2
/// reads `SOFTHSM2_CONF` and the URI reads the PIN from the environment,
/// which must be in place before the process starts (setting it in a running
/// process is `unsafe`, and the workspace forbids unsafe code), so the first
/// run makes the folder and runs the bench again with all three set.
const TOKEN_DIR_VAR: &str = "ATTEST_BENCH_TOKEN_DIR";

/// The SoftHSM2 module, when installed.
fn softhsm_module() -> Option<PathBuf> {
    let module = std::env::var_os("ATTEST_SOFTHSM_MODULE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/softhsm/libsofthsm2.so"));
    module.is_file().then_some(module)
}

/// Runs this bench again in a fresh token folder with the token's
/// environment set, and exits with its status.
fn rerun_with_token_env() -> ! {
    let dir = tempfile::tempdir().expect("tempdir");
    let conf = dir.path().join("softhsm2.conf");
    let tokens = dir.path().join("tokens");
    std::fs::create_dir(&tokens).expect("token dir");
    std::fs::write(&conf, format!("directories.tokendir = {}\nobjectstore.backend = file\n", tokens.display()))
        .expect("softhsm2.conf");
    let status = Command::new(std::env::current_exe().expect("the bench's own path"))
        .args(std::env::args_os().skip(1))
        .env(TOKEN_DIR_VAR, dir.path())
        .env("SOFTHSM2_CONF", &conf)
        .env("ATTEST_BENCH_PIN", "1234")
        .status()
        .expect("run the bench with the token environment");
    drop(dir);
    std::process::exit(status.code().unwrap_or(1));
}

/// A fresh SoftHSM2 token (in the folder [`rerun_with_token_env`] made)
/// holding one Ed25519 key, and the URI naming it; `None` when SoftHSM2 is
/// not installed.
fn token_key() -> Option<(Pkcs11Key, Pkcs11Uri)> {
    let Some(module) = softhsm_module() else {
        eprintln!("SKIPPED: SoftHSM2 not installed (.ci/install-hsm); only the file key is measured");
        return None;
    };
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
    let file = PrivateKey::from_seed(&[7; 32]).expect("key");
    let token = token_key();
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

// What criterion_main! and criterion_group! write, without the undocumented
// public function the latter makes.
fn main() {
    if softhsm_module().is_some() && std::env::var_os(TOKEN_DIR_VAR).is_none() {
        rerun_with_token_env();
    }
    let mut c = Criterion::default().configure_from_args();
    signing(&mut c);
    c.final_summary();
}
