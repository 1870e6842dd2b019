#![no_main]
//! Fuzz target `tlog`: see attest_core::fuzzing.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| attest_core::fuzzing::tlog(data));
