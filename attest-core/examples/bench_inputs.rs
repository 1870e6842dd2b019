//! Writes the inputs `bench/run` measures, and is the serde_json reference
//! it measures them against. Not a user tool.
//!
//! - `bench_inputs verify DIR N`: `attestation.json` (an SBOM of N
//!   components, signed by the vendor), `national.json` (a 2-of-3 list of N
//!   component entries and the vendor) and `policy.json`;
//! - `bench_inputs bundles DIR COUNT`: `federation.json` and COUNT bundles
//!   `bundles/NNNNN.json`;
//! - `bench_inputs logged-bundles DIR COUNT`: the same under a federation
//!   that requires transparency, each bundle with its inclusion proof, and
//!   the log in `DIR/log`;
//! - `bench_inputs log DIR COUNT`: a new log of COUNT entries appended in
//!   one call (DIR is replaced), its verifier key in `DIR.vkey`;
//! - `bench_inputs parse FILE…`: the reference of docs/performance.md, "only parsing
//!   the same files with serde_json": each file into a `serde_json::Value`,
//!   and the payload a DSSE envelope carries (base64-decoded) too.

use std::error::Error;
use std::fs;
use std::path::Path;

use base64ct::{Base64, Encoding};
use serde_json::Value;

use attest_core::testkit::scale;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["verify", dir, n] => verify(Path::new(dir), n.parse()?),
        ["bundles", dir, count] => bundles(Path::new(dir), count.parse()?, false),
        ["logged-bundles", dir, count] => bundles(Path::new(dir), count.parse()?, true),
        ["log", dir, count] => {
            let dir = Path::new(dir);
            if dir.exists() {
                fs::remove_dir_all(dir)?;
            }
            let vkey = scale::log_of(dir, count.parse()?)?;
            fs::write(dir.with_extension("vkey"), vkey)?;
            Ok(())
        }
        ["parse", files @ ..] => files.iter().try_for_each(|f| parse(Path::new(f))),
        _ => Err("usage: bench_inputs verify DIR N | bundles DIR COUNT | logged-bundles DIR COUNT | log DIR COUNT | parse FILE…".into()),
    }
}

fn verify(dir: &Path, n: usize) -> Result<()> {
    fs::create_dir_all(dir)?;
    let vendor = scale::vendor()?;
    let attestation = scale::attestation(n, &vendor)?;
    fs::write(dir.join("attestation.json"), serde_json::to_vec(&attestation.to_json())?)?;
    let national = scale::national(n, &vendor)?;
    fs::write(dir.join("national.json"), serde_json::to_vec(&national.envelope.to_json())?)?;
    fs::write(dir.join("policy.json"), scale::POLICY)?;
    Ok(())
}

fn bundles(dir: &Path, count: usize, logged: bool) -> Result<()> {
    let out = dir.join("bundles");
    fs::create_dir_all(&out)?;
    let write = |i: usize, bundle: attest_core::bundle::Bundle| {
        fs::write(out.join(format!("{i:05}.json")), bundle.to_json()?)
            .map_err(|e| attest_core::error::Error::io(&out, e))
    };
    let federation =
        if logged { scale::logged_bundles(count, &dir.join("log"), write)? } else { scale::bundles(count, write)? };
    fs::write(dir.join("federation.json"), serde_json::to_vec(&federation.envelope.to_json())?)?;
    Ok(())
}

fn parse(file: &Path) -> Result<()> {
    let value: Value = serde_json::from_slice(&fs::read(file)?)?;
    if let Some(payload) = value.get("payload").and_then(Value::as_str) {
        let inner: Value = serde_json::from_slice(&Base64::decode_vec(payload)?)?;
        std::hint::black_box(inner);
    }
    std::hint::black_box(value);
    Ok(())
}
