//! Tells the end-to-end tests whether the shared interop folder
//! (`ATTEST_SHARED`, else `<workspace>/../shared`, with its `interop/`) is
//! there. When it is not, the tests that need it are compiled
//! `#[ignore = "…"]` (cfg `no_shared_interop`), so `cargo test` reports
//! each one as ignored, with the reason, in its own summary (`N ignored`),
//! instead of a passing test that checked nothing. Whether a test is
//! ignored is fixed when it is compiled, so this script runs again when
//! `ATTEST_SHARED` changes or a folder appears or goes beside the
//! workspace (the parent folder's listing is watched).

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_shared_interop)");
    println!("cargo::rerun-if-env-changed=ATTEST_SHARED");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let workspace = manifest.parent().map(PathBuf::from).unwrap_or_default();
    let shared = std::env::var_os("ATTEST_SHARED").map(PathBuf::from).unwrap_or_else(|| workspace.join("../shared"));
    if let Some(parent) = shared.parent() {
        println!("cargo::rerun-if-changed={}", parent.display());
    }
    println!("cargo::rerun-if-changed={}", shared.display());
    if !shared.join("interop").is_dir() {
        println!("cargo::rustc-cfg=no_shared_interop");
    }
}
