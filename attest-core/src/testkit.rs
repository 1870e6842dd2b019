//! Fixtures shared by the tests and benches of attest-core and the unit
//! tests of the CLI: trust lists built as the CLI builds them, governed by
//! keys derived from one-byte seeds (`[seed; 32]`). Not part of the API.

pub mod scale;

use crate::error::Result;
use crate::keys::PrivateKey;
use crate::timestamp::Timestamp;
use crate::trust::edit::Init;
use crate::trust::{Entry, Governance, ListedKey, Revocations, TRUST_LIST_TYPE, TrustList};

/// What `trust init` is given for `kz-national` (KZ, no operator), issued at
/// `issued` and valid 90 days, governed by `threshold` of the keys of the
/// seeds `governors`. Change the fields a test needs otherwise.
pub fn national_init(governors: &[u8], threshold: usize, issued: Timestamp) -> Result<Init> {
    let governors = governors
        .iter()
        .map(|&i| PrivateKey::from_seed(&[i; 32]).map(|k| k.public().clone()))
        .collect::<Result<_>>()?;
    Ok(Init {
        name: "kz-national".into(),
        jurisdiction: "KZ".into(),
        operator: None,
        governors,
        threshold,
        valid_for_days: 90,
        issued,
    })
}

/// The draft [`national_init`] describes, made by `trust init`.
pub fn national_draft(governors: &[u8], threshold: usize, issued: Timestamp) -> Result<TrustList> {
    crate::trust::edit::init(national_init(governors, threshold, issued)?)
}

/// A list `name` (KZ) at sequence 1, issued at `issued` and valid a year,
/// governed by `governor` alone, as given: not checked, so that a bench may
/// list made-up keys.
pub fn unchecked_list(
    name: &str,
    issued: Timestamp,
    governor: ListedKey,
    entries: Vec<Entry>,
    revoked: Revocations,
) -> TrustList {
    TrustList {
        type_: TRUST_LIST_TYPE.into(),
        name: name.into(),
        jurisdiction: "KZ".into(),
        operator: None,
        sequence: 1,
        issued,
        next_update: issued.plus_days(365),
        previous: None,
        governance: Governance { threshold: std::num::NonZeroUsize::MIN, keys: vec![governor] },
        entries,
        revoked,
        transparency: None,
    }
}

/// One-line fixtures for unit tests: a key from a one-byte seed, a strict time.
#[cfg(test)]
pub mod unit {
    use crate::keys::PrivateKey;
    use crate::timestamp::Timestamp;

    /// The key of seed `[i; 32]`.
    pub fn key(i: u8) -> PrivateKey {
        PrivateKey::from_seed(&[i; 32]).unwrap()
    }

    /// A time in the strict `…Z` form.
    pub fn t(s: &str) -> Timestamp {
        Timestamp::parse_strict(s).unwrap()
    }

    /// The entry a test wrote flat (`FlatEntry { keys, ..FlatEntry::granted(…) }`),
    /// its kind checked as a reader checks it.
    pub fn typed(flat: crate::trust::FlatEntry) -> crate::trust::Entry {
        crate::trust::Entry::try_from(flat).unwrap()
    }
}
