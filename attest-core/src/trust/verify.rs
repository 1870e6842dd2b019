//! Which lists to believe (docs/formats.md "How a verifier decides which lists to
//! believe").
//!
//! Starting from the anchor the verifier chose, and from the newest version
//! recorded in the state, newer versions are accepted only when they chain:
//! signed by a threshold of the trusted governance, and, when governance
//! changes, walked version by version with both the old and the new
//! threshold (TUF root rotation). Lists the anchor recognises are believed
//! through their pinned governance, one level deep. Everything else is
//! ignored with a warning, and every step is named in the report.

use std::collections::{BTreeMap, BTreeSet};

use crate::digest::Sha256Digest;
use crate::dsse::KeySet;
use crate::error::{Error, Result};
use crate::keys::KeyId;
use crate::report::{ListRefusal, Outcome, Reason, Report, Step};
use crate::timestamp::Timestamp;
use crate::trust::state::{RecordKey, Recorded, StateDir};
use crate::trust::{EntryBody, Governance, RecognisedList, SignedList, Status};

/// How to treat a list offered for verification that does not chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Named to `trust verify`: it must verify (exit 1 otherwise).
    Named,
    /// Given with `--trust-list` or found in a bundle: used if it chains,
    /// otherwise ignored with a warning (the believed version stands, T24).
    Offered,
}

/// What the procedure needs.
pub struct Request<'a> {
    /// The list the verifier chose to trust.
    pub anchor: SignedList,
    /// Other lists: newer versions of the anchor, recognised lists, noise.
    pub candidates: Vec<(SignedList, Origin)>,
    /// The rollback state, if any.
    pub state: Option<&'a StateDir>,
    /// The evaluation time.
    pub time: Timestamp,
}

/// A list the procedure believes, as [`Decision::believed`] lists them.
#[derive(Clone, Copy, Debug)]
pub struct Believed<'a> {
    /// The newest verified version.
    pub list: &'a SignedList,
    /// `None` for the anchor; the entry id of the anchor's `trust-list`
    /// entry for a recognised list.
    pub recognised_by: Option<&'a str>,
}

/// The outcome: the lists to use and the report of how they were chosen.
#[derive(Clone, Debug)]
pub struct Decision {
    /// `None` when the anchor did not verify against its own governance
    /// (the report says why): then nothing is believed, and what is
    /// believed always has its anchor.
    believed: Option<BelievedLists>,
    /// Every step.
    pub report: Report,
}

/// What a decision believes: the anchor, and the lists it recognises.
#[derive(Clone, Debug)]
struct BelievedLists {
    /// The anchor's newest verified version.
    anchor: SignedList,
    /// Each recognised list's newest verified version, with the id of the
    /// anchor's entry that recognises it.
    recognised: Vec<(SignedList, String)>,
}

impl Decision {
    /// The believed anchor; `None` when it did not verify.
    pub fn anchor(&self) -> Option<&SignedList> {
        self.believed.as_ref().map(|b| &b.anchor)
    }

    /// The believed lists, the anchor first, then the recognised lists.
    pub fn believed(&self) -> impl Iterator<Item = Believed<'_>> {
        self.believed.iter().flat_map(|b| {
            let anchor = Believed { list: &b.anchor, recognised_by: None };
            let recognised = b.recognised.iter().map(|(list, by)| Believed { list, recognised_by: Some(by) });
            std::iter::once(anchor).chain(recognised)
        })
    }

    /// The believed lists' payloads.
    pub fn lists(&self) -> Vec<&crate::trust::TrustList> {
        self.believed().map(|b| &b.list.list).collect()
    }
}

/// Where a chain walk stands: the governance and version trusted so far.
#[derive(Clone, Debug)]
struct Trusted {
    governance: Governance,
    sequence: u64,
    digest: Option<Sha256Digest>,
    revoked: BTreeSet<KeyId>,
    list: Option<SignedList>,
}

impl Trusted {
    /// Takes the list itself: lists can be tens of megabytes, and each is
    /// held once (docs/performance.md, memory).
    fn from_list(l: SignedList) -> Self {
        Trusted {
            governance: l.list.governance.clone(),
            sequence: l.list.sequence,
            digest: Some(l.digest),
            revoked: l.list.revoked.keys.iter().map(|k| k.keyid).collect(),
            list: Some(l),
        }
    }
}

/// Runs the procedure.
pub fn decide(req: Request<'_>) -> Result<Decision> {
    let mut report = Report::new(format!("trust lists (anchor {})", req.anchor.source));
    let time = req.time;
    let anchor = &req.anchor;

    // 1. The anchor must verify against its own governance.
    let signed =
        count_signers(anchor, &anchor.list.governance, &anchor.list.revoked.keys.iter().map(|k| k.keyid).collect())
            .map_err(|r| Error::malformed(&anchor.source, r))?;
    if !anchor.list.governance.met_by(signed.len()) {
        report.fail(
            Step::Lists,
            "anchor",
            Reason::AnchorBelowThreshold {
                source: anchor.source.clone(),
                signed: signed.len(),
                required: anchor.list.governance.threshold.get(),
            },
        );
        return Ok(Decision { believed: None, report });
    }
    report.pass(
        Step::Lists,
        "anchor",
        format!(
            "{} ({}, {}) sequence {}, governance {}",
            anchor.list.name,
            anchor.list.jurisdiction,
            anchor.source,
            anchor.list.sequence,
            anchor.list.governance.fingerprint()
        ),
    );

    // Group the candidates by the identity they claim.
    let mut by_identity: BTreeMap<(String, String), Vec<(SignedList, Origin)>> = BTreeMap::new();
    for (c, o) in req.candidates {
        by_identity.entry((c.list.name.clone(), c.list.jurisdiction.clone())).or_default().push((c, o));
    }

    let anchor_id = (anchor.list.name.clone(), anchor.list.jurisdiction.clone());
    let anchor_key = RecordKey::new(&anchor_id.0, &anchor_id.1, &anchor.list.governance.fingerprint());
    let anchor_name = anchor.list.name.clone();
    let (start, stored_sequence) =
        resume(req.state, &anchor_key, Trusted::from_list(req.anchor), &mut report, "anchor")?;
    let cands = by_identity.remove(&anchor_id).unwrap_or_default();
    let newest = walk(start, cands, time, &mut report, &anchor_name, &BTreeSet::new());
    let Some(newest_anchor) = newest.list else {
        return Err(Error::Internal("the anchor walk lost its list".into()));
    };
    check_expiry(&newest_anchor, time, &mut report);
    record(req.state, &anchor_key, &newest_anchor, stored_sequence)?;

    let mut recognised = Vec::new();

    // Keys the anchor revokes count for no recognised list's governance
    // either: a federation that revokes a national governor's key has
    // said that key signs nothing.
    let anchor_revoked: BTreeSet<KeyId> = newest_anchor.list.revoked.keys.iter().map(|k| k.keyid).collect();

    // 3. Lists the anchor recognises, one level deep. Only granted entries
    // recognise; several entries may name one list (an old pin withdrawn, a
    // new one granted after a rotation), so candidates are taken only once
    // an entry is found to stand.
    let mut recognised_ids = BTreeSet::new();
    let pins = newest_anchor.list.entries.iter().filter_map(|e| match &e.body {
        EntryBody::TrustList(r) => Some((e, r)),
        _ => None,
    });
    for (entry, RecognisedList { list_name: name, jurisdiction: jur, governance: gov }) in pins {
        let id = (name.clone(), jur.clone());
        let status = entry.status_at(time);
        if status != Status::Granted {
            if by_identity.contains_key(&id) {
                report.warn(
                    Step::Lists,
                    format!("recognition {name}"),
                    Reason::RecognitionNotGranted {
                        entry: entry.id.clone(),
                        federation: anchor_id.0.clone(),
                        status,
                        time,
                    },
                );
            }
            continue;
        }
        if !recognised_ids.insert(id.clone()) {
            report.warn(
                Step::Lists,
                format!("recognition {name}"),
                Reason::RecognitionRepeated { entry: entry.id.clone(), list: name.clone() },
            );
            continue;
        }
        let cands = by_identity.remove(&id).unwrap_or_default();
        let key = RecordKey::new(name, jur, &gov.fingerprint());
        let pinned =
            Trusted { governance: gov.clone(), sequence: 0, digest: None, revoked: BTreeSet::new(), list: None };
        let (start, stored_sequence) = resume(req.state, &key, pinned, &mut report, name)?;
        if cands.is_empty() && start.list.is_none() {
            continue;
        }
        let newest = walk(start, cands, time, &mut report, name, &anchor_revoked);
        if let Some(list) = newest.list {
            // A version trusted before the anchor revoked one of its signers
            // (from the state, or the pinned version itself) is checked again.
            let gov = &list.list.governance;
            let signers = count_signers(&list, gov, &newest.revoked).map_err(|r| Error::malformed(&list.source, r))?;
            if !gov.met_by(signers.len()) {
                report.fail(
                    Step::Lists,
                    format!("recognition {name}"),
                    Reason::RecognisedSignersRevoked {
                        sequence: list.list.sequence,
                        signed: signers.len(),
                        federation: anchor_id.0.clone(),
                        required: gov.threshold.get(),
                    },
                );
                continue;
            }
            report.pass(
                Step::Lists,
                format!("recognition {name}"),
                format!("recognised by entry {} of {}, sequence {}", entry.id, anchor_id.0, list.list.sequence),
            );
            check_expiry(&list, time, &mut report);
            record(req.state, &key, &list, stored_sequence)?;
            recognised.push((list, entry.id.clone()));
        }
    }

    // Anything else is not believed.
    for ((name, jur), cands) in by_identity {
        for (c, origin) in cands {
            let reason =
                Reason::ListNotRecognised { source: c.source.clone(), name: name.clone(), jurisdiction: jur.clone() };
            report.found(Step::Lists, format!("list {name}"), outcome_for(origin), reason);
        }
    }
    Ok(Decision { believed: Some(BelievedLists { anchor: newest_anchor, recognised }), report })
}

fn outcome_for(origin: Origin) -> Outcome {
    match origin {
        Origin::Named => Outcome::Fail,
        Origin::Offered => Outcome::Warn,
    }
}

/// Where a walk starts: `base`, or the newer version the state recorded
/// for `key`; with the sequence the state held (to know whether to record).
fn resume(
    state: Option<&StateDir>,
    key: &RecordKey,
    base: Trusted,
    report: &mut Report,
    label: &str,
) -> Result<(Trusted, Option<u64>)> {
    let Some(state) = state else { return Ok((base, None)) };
    let stored = match state.load(key, base.list.as_ref())? {
        None => return Ok((base, None)),
        Some(Recorded::Known) => {
            // `Known` is only returned for the list `base` holds.
            if let Some(known) = &base.list {
                report_state(report, known);
            }
            let sequence = base.sequence;
            return Ok((base, Some(sequence)));
        }
        Some(Recorded::Other(stored)) => *stored,
    };
    report_state(report, &stored);
    let sequence = stored.list.sequence;
    Ok((merge_start(base, stored, report, label)?, Some(sequence)))
}

fn report_state(report: &mut Report, s: &SignedList) {
    report.pass(
        Step::Lists,
        format!("state {}", s.list.name),
        format!("newest version seen before: sequence {} ({})", s.list.sequence, s.digest),
    );
}

/// Chooses the walk's starting point between the given base and the newest
/// version recorded in the state (which was verified before).
fn merge_start(base: Trusted, stored: SignedList, report: &mut Report, label: &str) -> Result<Trusted> {
    if stored.list.sequence > base.sequence {
        return Ok(Trusted::from_list(stored));
    }
    if stored.list.sequence == base.sequence && base.digest.is_some_and(|d| d != stored.digest) {
        report.fail(
            Step::Lists,
            format!("fork {label}"),
            Reason::StateFork { sequence: stored.list.sequence, stored: stored.digest, trusted: base.digest },
        );
    }
    Ok(base)
}

/// Distinct governance keys (not revoked) whose signatures verify.
fn count_signers(list: &SignedList, gov: &Governance, revoked: &BTreeSet<KeyId>) -> Result<Vec<KeyId>, String> {
    let keys: KeySet = gov.key_set()?;
    let summary = list.envelope.verify(&keys);
    Ok(summary.verified.into_iter().filter(|k| !revoked.contains(k)).collect())
}

/// Walks the candidates of one identity upwards from `start`; keys in
/// `revoked_above` (revoked by the list that recognises this one) never
/// count as signers, whatever version is trusted.
fn walk(
    start: Trusted,
    mut cands: Vec<(SignedList, Origin)>,
    time: Timestamp,
    report: &mut Report,
    label: &str,
    revoked_above: &BTreeSet<KeyId>,
) -> Trusted {
    cands.sort_by(|(a, oa), (b, ob)| a.list.sequence.cmp(&b.list.sequence).then(oa.cmp(ob)));
    let mut seen = BTreeSet::new();
    let mut current = start;
    current.revoked.extend(revoked_above);
    for (c, origin) in cands {
        if !seen.insert(c.digest) {
            continue;
        }
        let name = format!("version {label} #{}", c.list.sequence);
        if current.digest == Some(c.digest) {
            report.pass(Step::Lists, name, format!("{}: the trusted version itself", c.source));
            continue;
        }
        if c.list.issued > time {
            let reason = Reason::ListIssuedLater { source: c.source.clone(), issued: c.list.issued, time };
            report.found(Step::Lists, name, outcome_for(origin), reason);
            continue;
        }
        if c.list.sequence < current.sequence {
            let reason = Reason::Rollback {
                source: c.source.clone(),
                sequence: c.list.sequence,
                trusted: current.sequence,
                rejected: origin == Origin::Named,
            };
            report.found(Step::Lists, name, outcome_for(origin), reason);
            continue;
        }
        if c.list.sequence == current.sequence && current.digest.is_some() {
            report.fail(
                Step::Lists,
                format!("fork {label}"),
                Reason::Fork {
                    source: c.source.clone(),
                    sequence: c.list.sequence,
                    digest: c.digest,
                    trusted: current.digest,
                },
            );
            continue;
        }
        match step(&current, &c) {
            Ok(detail) => {
                report.pass(Step::Lists, name, format!("{}: {detail}", c.source));
                current = Trusted::from_list(c);
                current.revoked.extend(revoked_above);
            }
            Err(refusal) => report.found(
                Step::Lists,
                name,
                outcome_for(origin),
                Reason::ListVersionRefused { source: c.source.clone(), refusal },
            ),
        }
    }
    current
}

/// Whether `c` may follow `current`.
fn step(current: &Trusted, c: &SignedList) -> Result<String, ListRefusal> {
    let count = |gov: &Governance, revoked: &BTreeSet<KeyId>| {
        count_signers(c, gov, revoked).map_err(|e| ListRefusal::MalformedGovernance(e.to_string()))
    };
    let same_gov = c.list.governance.fingerprint() == current.governance.fingerprint();
    let next = current.sequence + 1 == c.list.sequence;
    if !same_gov && (!next || current.digest.is_none()) {
        let old = count(&current.governance, &current.revoked)?;
        return Err(ListRefusal::RotationNotShown {
            trusted: current.sequence,
            sequence: c.list.sequence,
            carried: old.len(),
            required: current.governance.threshold.get(),
        });
    }
    if next && current.digest.is_some() && c.list.previous.map(|p| p.sha256) != current.digest {
        return Err(ListRefusal::ChainBroken { sequence: c.list.sequence, trusted: current.sequence });
    }
    let old = count(&current.governance, &current.revoked)?;
    if !current.governance.met_by(old.len()) {
        return Err(ListRefusal::BelowThreshold {
            signed: old.len(),
            required: current.governance.threshold.get(),
            rotation: !same_gov,
        });
    }
    if same_gov {
        return Ok(format!("signed by {} of {} required governors", old.len(), current.governance.threshold));
    }
    let new = count(&c.list.governance, &BTreeSet::new())?;
    if !c.list.governance.met_by(new.len()) {
        return Err(ListRefusal::NewGovernanceBelowThreshold {
            signed: new.len(),
            required: c.list.governance.threshold.get(),
        });
    }
    Ok(format!("rotation accepted: threshold of the old ({}) and of the new governance ({})", old.len(), new.len()))
}

fn check_expiry(list: &SignedList, time: Timestamp, report: &mut Report) {
    let name = format!("expiry {}", list.list.name);
    if list.list.next_update <= time {
        report.fail(
            Step::Lists,
            name,
            Reason::Expired { sequence: list.list.sequence, next_update: list.list.next_update, time },
        );
    } else {
        report.pass(
            Step::Lists,
            name,
            format!("sequence {} valid until {}", list.list.sequence, list.list.next_update),
        );
    }
}

/// Records `list` unless the state already held (`stored`) this sequence
/// or a newer one.
fn record(state: Option<&StateDir>, key: &RecordKey, list: &SignedList, stored: Option<u64>) -> Result<()> {
    match state {
        Some(s) if stored.is_none_or(|seq| seq < list.list.sequence) => s.store(key, list),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;
    use crate::trust::edit;

    use crate::testkit::unit::{key, t};

    fn sign(list: &crate::trust::TrustList, signers: &[u8]) -> SignedList {
        let mut s = edit::sign_draft(list, &key(signers[0]), None).unwrap_or_else(|_| {
            // A rotation draft: the first signer may be an old governor only.
            let env = crate::dsse::Envelope::sign(
                crate::trust::TRUST_LIST_PAYLOAD_TYPE,
                edit::payload(list).unwrap(),
                &key(signers[0]),
            )
            .unwrap();
            SignedList::from_envelope(env, "t").unwrap()
        });
        for i in &signers[1..] {
            s.envelope.add_signature(&key(*i)).unwrap();
        }
        s.source = format!("{}#{}", list.name, list.sequence);
        s
    }

    fn v1() -> SignedList {
        let d = crate::testkit::national_draft(&[1, 2, 3], 2, t("2026-01-01T00:00:00Z")).unwrap();
        sign(&d, &[1, 2])
    }

    fn next(prev: &SignedList, signers: &[u8]) -> SignedList {
        sign(&edit::next(prev, t("2026-01-10T00:00:00Z")).unwrap(), signers)
    }

    fn run(anchor: SignedList, cands: Vec<(SignedList, Origin)>, state: Option<&StateDir>, time: &str) -> Decision {
        decide(Request { anchor, candidates: cands, state, time: t(time) }).unwrap()
    }

    fn fails_with(d: &Decision, code: Code) -> bool {
        d.report.failure_codes().contains(&code)
    }

    #[test]
    fn anchor_verifies_against_itself_and_newer_versions_chain() {
        let a = v1();
        let b = next(&a, &[2, 3]);
        let d = run(a.clone(), vec![(b.clone(), Origin::Named)], None, "2026-02-01T00:00:00Z");
        assert!(d.report.passed(), "{:?}", d.report);
        assert_eq!(d.anchor().unwrap().list.sequence, 2);
    }

    #[test]
    fn below_threshold_anchor_fails() {
        let a = v1();
        let mut lone = a.clone();
        lone.envelope.signatures.truncate(1);
        let d = run(lone, vec![], None, "2026-02-01T00:00:00Z");
        assert!(fails_with(&d, Code::BelowThreshold), "{:?}", d.report);
        // Nothing is believed without its anchor.
        assert!(d.anchor().is_none() && d.believed().next().is_none() && d.lists().is_empty());
    }

    #[test]
    fn t5_rollback_after_a_newer_version_was_seen() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path());
        let a = v1();
        let b = next(&a, &[1, 2]);
        assert!(run(a.clone(), vec![(b, Origin::Named)], Some(&state), "2026-02-01T00:00:00Z").report.passed());
        let d = run(a.clone(), vec![(a.clone(), Origin::Named)], Some(&state), "2026-02-01T00:00:00Z");
        assert!(fails_with(&d, Code::Rollback), "{:?}", d.report);
        // Offered (as in a bundle), an older copy is only ignored, and the
        // newer version from the state is what is believed.
        let d = run(a.clone(), vec![(a, Origin::Offered)], Some(&state), "2026-02-01T00:00:00Z");
        assert!(d.report.passed(), "{:?}", d.report);
        assert_eq!(d.anchor().unwrap().list.sequence, 2);
    }

    #[test]
    fn the_state_is_compared_with_the_anchor_before_it_is_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path());
        let a = v1();
        let key = RecordKey::new(&a.list.name, &a.list.jurisdiction, &a.list.governance.fingerprint());
        assert!(state.load(&key, Some(&a)).unwrap().is_none());
        let d = run(a.clone(), vec![], Some(&state), "2026-02-01T00:00:00Z");
        assert!(d.report.passed(), "{:?}", d.report);
        assert!(matches!(state.load(&key, Some(&a)).unwrap(), Some(Recorded::Known)));
        assert!(matches!(state.load(&key, None).unwrap(), Some(Recorded::Other(l)) if l.envelope == a.envelope));
        // The same anchor again: reported from the state, believed, recorded once.
        let d = run(a.clone(), vec![], Some(&state), "2026-02-01T00:00:00Z");
        assert!(d.report.checks.iter().any(|c| c.check == "state kz-national" && c.detail.contains("sequence 1")));
        assert_eq!(d.anchor().unwrap().digest, a.digest);
        // The same payload with a signature fewer is another envelope: parsed.
        let mut fewer = a.clone();
        fewer.envelope.signatures.pop();
        assert!(matches!(state.load(&key, Some(&fewer)).unwrap(), Some(Recorded::Other(_))));
    }

    #[test]
    fn a_governor_key_the_anchor_revokes_signs_no_recognised_list() {
        use crate::testkit::scale;
        let national = v1(); // signed by governors 1 and 2 of 3
        let fed1 = scale::federation(&national).unwrap();
        let mut draft = edit::next(&fed1, t("2026-01-15T00:00:00Z")).unwrap();
        draft.revoked.keys.push(crate::trust::RevokedKey {
            keyid: key(1).public().id(),
            since: None,
            reason: "stolen".into(),
        });
        let fed2 = edit::cosign(edit::sign_draft(&draft, &key(11), None).unwrap(), &key(12), None).unwrap();
        let believed = |d: &Decision| d.believed().any(|b| b.list.list.name == "kz-national");
        let offered = |l: &SignedList| vec![(l.clone(), Origin::Offered)];

        // Before the revocation the list is believed, and recorded.
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path());
        let d = run(fed1.clone(), offered(&national), Some(&state), "2026-01-20T00:00:00Z");
        assert!(believed(&d) && d.report.passed(), "{:?}", d.report);
        // The anchor first, then the list it recognises, with the entry that does.
        let by: Vec<_> = d.believed().map(|b| (b.list.list.name.as_str(), b.recognised_by)).collect();
        assert_eq!(by, [("sco-federation", None), ("kz-national", Some("kz-national"))]);

        // Offered afresh under the revoking federation: 1 of 2 signers left.
        let d = run(fed2.clone(), offered(&national), None, "2026-01-20T00:00:00Z");
        assert!(!believed(&d), "{:?}", d.report);
        // Trusted before (from the state): checked again, and refused.
        let d = run(fed2.clone(), vec![], Some(&state), "2026-01-20T00:00:00Z");
        assert!(!believed(&d));
        assert!(
            d.report.failures().any(|c| matches!(
                &c.reason,
                Some(Reason::RecognisedSignersRevoked { federation, required: 2, .. }) if federation == "sco-federation"
            )),
            "{:?}",
            d.report
        );
        // Signed by two governors the federation did not revoke: believed.
        let good = sign(&national.list, &[2, 3]);
        let d = run(fed2, offered(&good), None, "2026-01-20T00:00:00Z");
        assert!(believed(&d), "{:?}", d.report);
    }

    #[test]
    fn t6_expired_list_fails() {
        let d = run(v1(), vec![], None, "2026-04-02T00:00:00Z");
        assert!(fails_with(&d, Code::Expired), "{:?}", d.report);
    }

    #[test]
    fn t7_rotation_needs_the_old_threshold_and_t28_the_whole_chain() {
        let a = v1();
        let mut d2 = edit::next(&a, t("2026-01-10T00:00:00Z")).unwrap();
        d2 = edit::set_governance(d2, &[key(4).public().clone(), key(5).public().clone()], 2).unwrap();
        // New governors only: the old governance did not approve.
        let only_new = sign(&d2, &[4, 5]);
        let d = run(a.clone(), vec![(only_new, Origin::Named)], None, "2026-02-01T00:00:00Z");
        assert!(
            d.report.failures().any(|c| matches!(
                &c.reason,
                Some(Reason::ListVersionRefused { refusal: ListRefusal::BelowThreshold { rotation: true, .. }, .. })
            )),
            "{:?}",
            d.report
        );
        // Both thresholds: accepted.
        let both = sign(&d2, &[1, 2, 4, 5]);
        let d = run(a.clone(), vec![(both.clone(), Origin::Named)], None, "2026-02-01T00:00:00Z");
        assert!(d.report.passed(), "{:?}", d.report);
        // Sequence 3 by the new governance, with 2 missing: a chain gap.
        let v3 = next(&both, &[4, 5]);
        let d = run(a.clone(), vec![(v3.clone(), Origin::Named)], None, "2026-02-01T00:00:00Z");
        assert!(fails_with(&d, Code::RotationNotShown), "{:?}", d.report);
        let d = run(a, vec![(v3, Origin::Named), (both, Origin::Named)], None, "2026-02-01T00:00:00Z");
        assert!(d.report.passed(), "{:?}", d.report);
        assert_eq!(d.anchor().unwrap().list.sequence, 3);
    }

    #[test]
    fn t23_fork_is_rejected() {
        let a = v1();
        let b = next(&a, &[1, 2]);
        let mut other = edit::next(&a, t("2026-01-11T00:00:00Z")).unwrap();
        other.operator = Some("someone else".into());
        let fork = sign(&other, &[1, 3]);
        let d = run(a, vec![(b, Origin::Named), (fork, Origin::Offered)], None, "2026-02-01T00:00:00Z");
        assert!(fails_with(&d, Code::Fork), "{:?}", d.report);
    }

    #[test]
    fn t24_self_signed_replacement_is_ignored_with_a_warning() {
        let a = v1();
        let mut impostor = edit::next(&a, t("2026-01-10T00:00:00Z")).unwrap();
        impostor = edit::set_governance(impostor, &[key(9).public().clone()], 1).unwrap();
        let s = sign(&impostor, &[9]);
        let d = run(a, vec![(s, Origin::Offered)], None, "2026-02-01T00:00:00Z");
        assert!(d.report.passed(), "{:?}", d.report);
        assert_eq!(d.anchor().unwrap().list.sequence, 1);
        assert!(d.report.checks.iter().any(|c| c.outcome == Outcome::Warn && c.code() == Some(Code::BelowThreshold)));
    }
}
