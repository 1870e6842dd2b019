//! A bounded property-test pass over every parser (the same entry points as
//! the fuzz targets in `fuzz/`): random bytes, and the seed corpus of
//! `testdata/fuzz/` mutated by flips, insertions, deletions and truncation.
//! Any panic fails the test. Long fuzzing runs by hand: see docs/fuzzing.md.

use attest_core::fuzzing::TARGETS;
use proptest::prelude::*;
use proptest::sample::Index;

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/fuzz").join(target);
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// One edit: (where, byte, kind) with kind 0 replace, 1 insert, 2 delete, 3 truncate.
fn mutate(mut data: Vec<u8>, edits: &[(Index, u8, u8)]) -> Vec<u8> {
    for (at, byte, kind) in edits {
        if data.is_empty() {
            data.push(*byte);
            continue;
        }
        let i = at.index(data.len());
        match kind {
            0 => data[i] = *byte,
            1 => data.insert(i, *byte),
            2 => {
                data.remove(i);
            }
            _ => data.truncate(i),
        }
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_seeds_never_panic(
        target in 0..TARGETS.len(),
        seed in any::<Index>(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0u8..4), 1..12),
    ) {
        let (name, run) = TARGETS[target];
        let all = seeds(name);
        let data = mutate(seed.get(&all).clone(), &edits);
        run(&data);
    }

    #[test]
    fn random_bytes_never_panic(target in 0..TARGETS.len(), data in prop::collection::vec(any::<u8>(), 0..256)) {
        let (_, run) = TARGETS[target];
        run(&data);
    }
}

#[test]
fn every_target_has_seeds_that_exercise_it() {
    for (name, run) in TARGETS {
        for s in seeds(name) {
            run(&s);
        }
    }
}
