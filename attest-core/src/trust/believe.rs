//! The one way a verifier comes to its believed lists: the anchor it chose,
//! and every other list it was offered beside it (`--trust-list`, or carried
//! by a bundle), decided by [`verify::decide`] against the rollback state
//! (docs/formats.md "How a verifier decides which lists to believe").
//!
//! `verify --anchor`, `certify issue` (the national lists and the
//! federation), `certify verify` and `certify show` all come here, so an
//! offered list counts the same way in each: used when it chains to the
//! anchor, otherwise ignored with a warning.

use crate::error::Result;
use crate::timestamp::Timestamp;
use crate::trust::SignedList;
use crate::trust::StateDir;
use crate::trust::verify::{self, Decision, Origin, Request};

/// Decides which lists to believe from `anchor` and the `offered` lists, in
/// the order given (the order names which file a report line cites when two
/// carry the same version).
pub fn believe(
    anchor: SignedList,
    offered: impl IntoIterator<Item = SignedList>,
    state: Option<&StateDir>,
    time: Timestamp,
) -> Result<Decision> {
    let candidates = offered.into_iter().map(|l| (l, Origin::Offered)).collect();
    verify::decide(Request { anchor, candidates, state, time })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PrivateKey;
    use crate::testkit;
    use crate::trust::edit;

    #[test]
    fn an_offered_newer_version_is_believed_and_a_stranger_is_not() {
        let t = Timestamp::parse_strict("2026-01-01T00:00:00Z").unwrap();
        let g = PrivateKey::from_seed(&[1; 32]).unwrap();
        let v1 = edit::sign_draft(&testkit::national_draft(&[1], 1, t).unwrap(), &g, None).unwrap();
        let v2 = edit::sign_draft(&edit::next(&v1, t).unwrap(), &g, Some(&v1.list)).unwrap();
        let mut other = testkit::national_draft(&[2], 1, t).unwrap();
        other.name = "someone-else".into();
        let other = edit::sign_draft(&other, &PrivateKey::from_seed(&[2; 32]).unwrap(), None).unwrap();

        let decision = believe(v1, [other, v2.clone()], None, t).unwrap();
        assert_eq!(decision.anchor().map(|a| a.digest), Some(v2.digest));
        assert_eq!(decision.believed().count(), 1);
        // The stranger is a warning, not a failure: it was only offered.
        assert!(decision.report.passed(), "{:?}", decision.report);
        let report = format!("{:?}", decision.report);
        assert!(report.contains("someone-else") && report.contains("ignored"), "{report}");
    }
}
