//! Verification step 8, transparency (docs/transparency.md "Verify",
//! docs/threat-model.md T31–T34, T37): the certificate's entry is included, at the
//! proof's index, under a checkpoint signed by a granted log covering its
//! authority and cosigned by a quorum of granted witnesses, in time.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use crate::certificate::Certificate;
use crate::dsse::Envelope;
use crate::keys::KeyId;
use crate::report::Reason;
use crate::timestamp::Timestamp;
use crate::tlog::LogEntry;
use crate::tlog::merkle;
use crate::tlog::note::{ALG_COSIGNATURE_V1, ALG_ED25519, Cosigned, NoteKey};
use crate::tlog::proof::ProofHead;
use crate::tlog::unix_time;
use crate::tlog::{Checkpoint, SignedCheckpoint};
use crate::trust::{Entry, EntryBody, EntryKind, Status, Transparency, TransparencyLog, TrustList};

/// One witness whose cosignature counted.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CountedWitness {
    /// Its entry id in the federation list.
    pub id: String,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// When it cosigned.
    pub time: Timestamp,
}

/// What a verified proof shows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Witnessing {
    /// The log's entry id.
    pub log: String,
    /// The log's origin.
    pub origin: String,
    /// The certificate's index in the log.
    pub index: u64,
    /// The checkpoint's tree size.
    pub size: u64,
    /// The witnesses counted, each once.
    pub witnesses: Vec<CountedWitness>,
    /// The earliest counted cosignature: when the certificate was first
    /// witnessed (`None` with a quorum of 0 and no witness).
    pub witnessed: Option<Timestamp>,
}

/// The outcome of step 8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The federation list declares no transparency rule.
    NotDeclared {
        /// Whether the bundle carried a proof (then left unchecked).
        proof_present: bool,
    },
    /// No proof in the bundle.
    Absent {
        /// The rule in force.
        rule: Transparency,
    },
    /// A proof that meets the rule.
    Verified(Witnessing),
    /// A proof that does not, with every reason.
    Failed(Vec<Reason>),
}

/// Step 8 for the certificate `cert` (the payload of `envelope`) with the
/// bundle's proof text, under the believed federation list `fed` at `time`;
/// `lists` are every believed list (their key revocations apply to
/// witnesses).
///
/// `memo` holds what was concluded about each checkpoint already met: it
/// must be used with one `fed`, `lists` and `time` only (a batch's).
pub fn check(
    envelope: &Envelope,
    cert: &Certificate,
    proof: Option<&str>,
    fed: &TrustList,
    lists: &[&TrustList],
    time: Timestamp,
    memo: &CheckpointMemo,
) -> Step {
    let Some(rule) = fed.transparency else { return Step::NotDeclared { proof_present: proof.is_some() } };
    let Some(text) = proof else { return Step::Absent { rule } };
    match verify(envelope, cert, text, &Judge { fed, lists, rule, time }, memo) {
        Ok(w) => Step::Verified(w),
        Err(reasons) => Step::Failed(reasons),
    }
}

fn granted(fed: &TrustList, kind: EntryKind, time: Timestamp) -> impl Iterator<Item = &Entry> {
    fed.entries.iter().filter(move |e| e.kind() == kind && e.status_at(time) == Status::Granted)
}

/// The granted log covering `authority` whose key signs `proof`'s checkpoint.
fn signing_log<'a>(
    fed: &'a TrustList,
    authority: &str,
    checkpoint: &SignedCheckpoint,
    revoked: &BTreeSet<KeyId>,
    time: Timestamp,
) -> Result<&'a Entry, Box<Reason>> {
    let logs: Vec<(&Entry, &TransparencyLog)> = granted(fed, EntryKind::Log, time)
        .filter_map(|e| match &e.body {
            EntryBody::Log(l) if l.authorities.iter().any(|a| a == authority) => Some((e, l)),
            _ => None,
        })
        .collect();
    if logs.is_empty() {
        return Err(Box::new(Reason::NoLogCovers { federation: fed.name.clone(), authority: authority.to_owned() }));
    }
    let origin = &checkpoint.checkpoint.origin;
    logs.into_iter()
        .find(|(_, l)| {
            l.origin == *origin
                && l.keys
                    .iter()
                    .filter(|k| !revoked.contains(&k.keyid))
                    .filter_map(|k| k.public().ok())
                    .any(|pk| NoteKey::new(origin, ALG_ED25519, pk).is_ok_and(|nk| checkpoint.note.verified_by(&nk)))
        })
        .map(|(e, _)| e)
        .ok_or_else(|| {
            Box::new(Reason::CheckpointNotSigned {
                origin: origin.clone(),
                authority: authority.to_owned(),
                federation: fed.name.clone(),
            })
        })
}

/// What step 8 judges a proof under: the federation's rule, at one time.
struct Judge<'a> {
    fed: &'a TrustList,
    lists: &'a [&'a TrustList],
    rule: Transparency,
    time: Timestamp,
}

/// What step 8 concludes about one checkpoint for one authority's
/// certificates, whichever entry a proof shows under it: the log that
/// signed it, the witnesses that count, and what is wrong with its
/// cosignatures or their number.
struct Judged {
    log: String,
    checkpoint: Checkpoint,
    witnesses: Vec<CountedWitness>,
    problems: Vec<Reason>,
}

/// The checkpoints already judged while verifying a batch, by authority and
/// checkpoint text. A batch's bundles are proven under a handful of
/// checkpoints, so each is parsed and judged once rather than once per
/// bundle (docs/performance.md). It is only sound under one federation list,
/// set of believed lists and time: keep one per batch.
#[derive(Default)]
pub struct CheckpointMemo(Mutex<HashMap<String, HashMap<String, Arc<Verdict>>>>);

/// A checkpoint judged, or why it cannot be (unreadable, or no granted log
/// of the authority signed it).
type Verdict = Result<Judged, Vec<Reason>>;

impl CheckpointMemo {
    /// The judgement of `text` for `authority`, made now if it is the first
    /// time (looked up by reference: a hit copies nothing).
    fn judged(&self, judge: &Judge<'_>, authority: &str, text: &str) -> Arc<Verdict> {
        let lock = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(j) = lock().get(authority).and_then(|by_text| by_text.get(text)) {
            return Arc::clone(j);
        }
        let judged = Arc::new(judge.checkpoint(authority, text));
        lock().entry(authority.to_owned()).or_default().insert(text.to_owned(), Arc::clone(&judged));
        judged
    }
}

impl Judge<'_> {
    /// Step 8's conclusions about the checkpoint `text` for `authority`.
    fn checkpoint(&self, authority: &str, text: &str) -> Verdict {
        let signed = SignedCheckpoint::parse(text.as_bytes())
            .map_err(|e| vec![Reason::MalformedProof { error: format!("checkpoint: {e}") }])?;
        // A revoked log key signs nothing, whatever time its checkpoint claims.
        let revoked: BTreeSet<KeyId> = self.lists.iter().flat_map(|l| l.revoked.keys.iter().map(|r| r.keyid)).collect();
        let log = signing_log(self.fed, authority, &signed, &revoked, self.time).map_err(|e| vec![*e])?;
        let mut problems = Vec::new();
        let mut counted: BTreeMap<&str, CountedWitness> = BTreeMap::new();
        for w in granted(self.fed, EntryKind::Witness, self.time) {
            // A witness's name is required when the list is read (docs/formats.md).
            let (Some(name), EntryBody::Witness { jurisdiction, keys }) = (w.name.as_deref(), &w.body) else {
                continue;
            };
            for k in keys {
                let Ok(pk) = k.public() else { continue };
                let Ok(nk) = NoteKey::new(name, ALG_COSIGNATURE_V1, pk) else { continue };
                match signed.note.cosigned_by(&nk) {
                    Cosigned::At(_) if revoked.contains(&k.keyid) => {
                        problems.push(Reason::WitnessKeyRevoked { witness: w.id.clone(), key: k.keyid })
                    }
                    Cosigned::At(t) => match unix_time(t) {
                        Some(at) => {
                            let c =
                                CountedWitness { id: w.id.clone(), jurisdiction: jurisdiction.to_owned(), time: at };
                            let slot = counted.entry(w.id.as_str()).or_insert_with(|| c.clone());
                            if c.time < slot.time {
                                *slot = c;
                            }
                        }
                        None => problems.push(Reason::CosignedAtImpossibleTime { witness: w.id.clone(), time: t }),
                    },
                    Cosigned::Invalid => problems.push(Reason::CosignatureInvalid { witness: w.id.clone() }),
                    Cosigned::Absent => {}
                }
            }
        }
        let witnesses: Vec<CountedWitness> = counted.into_values().collect();
        let jurisdictions: BTreeSet<&str> = witnesses.iter().map(|w| w.jurisdiction.as_str()).collect();
        if witnesses.len() < self.rule.quorum {
            problems.push(Reason::BelowQuorum { counted: witnesses.len(), quorum: self.rule.quorum });
        } else if self.rule.quorum >= 2 && jurisdictions.len() < 2 {
            problems.push(Reason::OneJurisdiction {
                jurisdictions: jurisdictions.into_iter().map(str::to_owned).collect(),
                quorum: self.rule.quorum,
            });
        }
        Ok(Judged { log: log.id.clone(), checkpoint: signed.checkpoint, witnesses, problems })
    }
}

fn verify(
    envelope: &Envelope,
    cert: &Certificate,
    text: &str,
    judge: &Judge<'_>,
    memo: &CheckpointMemo,
) -> Result<Witnessing, Vec<Reason>> {
    let (head, cp_text) = ProofHead::split(text).map_err(|e| vec![Reason::MalformedProof { error: e.to_string() }])?;
    let judged = memo.judged(judge, &cert.issuer.authority, cp_text);
    let j = judged.as_ref().as_ref().map_err(Clone::clone)?;
    let cp = &j.checkpoint;
    let mut problems = Vec::new();
    let entry = LogEntry::of_parsed_certificate(cert, &envelope.payload, "certificate").map(|e| e.to_bytes());
    match entry {
        Ok(bytes)
            if merkle::verify_inclusion(head.index, cp.size, &merkle::leaf_hash(&bytes), &head.path, &cp.root) => {}
        Ok(_) => problems.push(Reason::NotIncluded { index: head.index, log: j.log.clone(), size: cp.size }),
        Err(e) => problems.push(Reason::EntryNotRebuilt { error: e.to_string() }),
    }
    problems.extend(j.problems.iter().cloned());
    let witnessed = j.witnesses.iter().map(|w| w.time).min();
    if let Some(at) = witnessed {
        let delay = at.unix() - cert.issued.unix();
        let max = judge.rule.max_delay_seconds;
        if delay < 0 {
            problems.push(Reason::WitnessedBeforeIssued { at, issued: cert.issued });
        } else if delay as u64 > max {
            problems.push(Reason::WitnessedLate { at, delay, issued: cert.issued, max });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Witnessing {
        log: j.log.clone(),
        origin: cp.origin.clone(),
        index: head.index,
        size: cp.size,
        witnesses: j.witnesses.clone(),
        witnessed,
    })
}

impl Witnessing {
    /// "logged at index N of LOG, witnessed by A (KZ), B (UZ), at T".
    pub fn describe(&self) -> String {
        let by: Vec<String> = self.witnesses.iter().map(|w| format!("{} ({})", w.id, w.jurisdiction)).collect();
        match self.witnessed {
            Some(at) => format!(
                "logged at index {} of {} (size {}), witnessed by {}, at {at}",
                self.index,
                self.log,
                self.size,
                by.join(", ")
            ),
            None => format!("logged at index {} of {} (size {}), not witnessed", self.index, self.log, self.size),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::Bundle;
    use crate::certify::{VerifyContext, verify_bundle};
    use crate::report::Code;
    use crate::testkit::scale;

    impl CheckpointMemo {
        fn len(&self) -> usize {
            self.0.lock().unwrap().values().map(HashMap::len).sum()
        }
    }

    /// The codes of step 8's failures (the bundles carry no national list,
    /// so step 4 and 5 fail here, as they may).
    fn reasons(v: &crate::certify::BundleVerdict) -> Vec<Code> {
        let step8 = v.report.failures().filter(|c| c.step == crate::report::Step::Transparency);
        step8.filter_map(|c| c.reason.as_ref().map(Reason::code)).collect()
    }

    #[test]
    fn a_checkpoint_is_judged_once_per_batch_and_its_verdict_holds_for_each_entry_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut bundles: Vec<Bundle> = Vec::new();
        let federation = scale::logged_bundles(3, dir.path(), |_, b| {
            bundles.push(b);
            Ok(())
        })
        .unwrap();
        let time = Timestamp::parse_strict(scale::CHECK_TIME).unwrap();
        let lists = scale::believe(&federation, time).unwrap();
        let ctx = VerifyContext {
            lists: &lists,
            artefacts: &[],
            own_policy: None,
            accept: None,
            time,
            checkpoints: CheckpointMemo::default(),
        };
        for b in &bundles {
            let v = verify_bundle(b, &ctx).unwrap();
            assert!(reasons(&v).is_empty(), "{:?}", v.report);
            assert_eq!(v.witnessing.as_ref().map(|w| w.witnesses.len()), Some(2));
        }
        assert_eq!(ctx.checkpoints.len(), 1, "three bundles under one checkpoint");

        // A proof of entry 1 given to bundle 0: the checkpoint's judgement is
        // shared, the inclusion is the bundle's own.
        let mut swapped = bundles[0].clone();
        swapped.transparency = bundles[1].transparency.clone();
        assert_eq!(reasons(&verify_bundle(&swapped, &ctx).unwrap()), [Code::NotIncluded]);

        // One cosignature dropped: another checkpoint text, judged on its own.
        let mut thin = bundles[2].clone();
        let proof = &mut thin.transparency.as_mut().unwrap().proof;
        let kept: Vec<&str> = proof.split_inclusive('\n').collect();
        let last_sig = kept.iter().rposition(|l| l.starts_with("\u{2014} ")).unwrap();
        *proof = kept.iter().enumerate().filter(|(i, _)| *i != last_sig).map(|(_, l)| *l).collect();
        assert_eq!(reasons(&verify_bundle(&thin, &ctx).unwrap()), [Code::BelowQuorum]);
        assert_eq!(ctx.checkpoints.len(), 2);
        assert!(reasons(&verify_bundle(&bundles[2], &ctx).unwrap()).is_empty(), "the first judgement stands");
    }
}
