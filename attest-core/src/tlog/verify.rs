//! Verification step 8, transparency (docs/transparency.md "Verify",
//! docs/threat-model.md T31–T34, T37): the certificate's entry is included, at the
//! proof's index, under a checkpoint signed by a granted log covering its
//! authority and cosigned by a quorum of granted witnesses, in time.

use std::collections::{BTreeMap, BTreeSet};

use crate::certificate::Certificate;
use crate::dsse::Envelope;
use crate::keys::KeyId;
use crate::report::Reason;
use crate::timestamp::Timestamp;
use crate::tlog::LogEntry;
use crate::tlog::merkle;
use crate::tlog::note::{ALG_COSIGNATURE_V1, ALG_ED25519, Cosigned, NoteKey};
use crate::tlog::proof::TlogProof;
use crate::tlog::unix_time;
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
pub fn check(
    envelope: &Envelope,
    cert: &Certificate,
    proof: Option<&str>,
    fed: &TrustList,
    lists: &[&TrustList],
    time: Timestamp,
) -> Step {
    let Some(rule) = fed.transparency else { return Step::NotDeclared { proof_present: proof.is_some() } };
    let Some(text) = proof else { return Step::Absent { rule } };
    match verify(envelope, cert, text, fed, lists, rule, time) {
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
    proof: &TlogProof,
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
    let origin = &proof.checkpoint.checkpoint.origin;
    logs.into_iter()
        .find(|(_, l)| {
            l.origin == *origin
                && l.keys.iter().filter(|k| !revoked.contains(&k.keyid)).filter_map(|k| k.public().ok()).any(|pk| {
                    NoteKey::new(origin, ALG_ED25519, pk).is_ok_and(|nk| proof.checkpoint.note.verified_by(&nk))
                })
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

fn verify(
    envelope: &Envelope,
    cert: &Certificate,
    text: &str,
    fed: &TrustList,
    lists: &[&TrustList],
    rule: Transparency,
    time: Timestamp,
) -> Result<Witnessing, Vec<Reason>> {
    let proof = TlogProof::parse(text).map_err(|e| vec![Reason::MalformedProof { error: e.to_string() }])?;
    // A revoked log key signs nothing, whatever time its checkpoint claims.
    let revoked: BTreeSet<KeyId> = lists.iter().flat_map(|l| l.revoked.keys.iter().map(|r| r.keyid)).collect();
    let log = signing_log(fed, &cert.issuer.authority, &proof, &revoked, time).map_err(|e| vec![*e])?;
    let cp = &proof.checkpoint.checkpoint;
    let mut problems = Vec::new();
    let entry = LogEntry::of_parsed_certificate(cert, &envelope.payload, "certificate").map(|e| e.to_bytes());
    match entry {
        Ok(bytes)
            if merkle::verify_inclusion(proof.index, cp.size, &merkle::leaf_hash(&bytes), &proof.path, &cp.root) => {}
        Ok(_) => problems.push(Reason::NotIncluded { index: proof.index, log: log.id.clone(), size: cp.size }),
        Err(e) => problems.push(Reason::EntryNotRebuilt { error: e.to_string() }),
    }
    let mut counted: BTreeMap<&str, CountedWitness> = BTreeMap::new();
    for w in granted(fed, EntryKind::Witness, time) {
        // A witness's name is required when the list is read (docs/formats.md).
        let (Some(name), EntryBody::Witness { jurisdiction, keys }) = (w.name.as_deref(), &w.body) else { continue };
        for k in keys {
            let Ok(pk) = k.public() else { continue };
            let Ok(nk) = NoteKey::new(name, ALG_COSIGNATURE_V1, pk) else { continue };
            match proof.checkpoint.note.cosigned_by(&nk) {
                Cosigned::At(_) if revoked.contains(&k.keyid) => {
                    problems.push(Reason::WitnessKeyRevoked { witness: w.id.clone(), key: k.keyid })
                }
                Cosigned::At(t) => match unix_time(t) {
                    Some(at) => {
                        let c = CountedWitness { id: w.id.clone(), jurisdiction: jurisdiction.to_owned(), time: at };
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
    if witnesses.len() < rule.quorum {
        problems.push(Reason::BelowQuorum { counted: witnesses.len(), quorum: rule.quorum });
    } else if rule.quorum >= 2 && jurisdictions.len() < 2 {
        problems.push(Reason::OneJurisdiction {
            jurisdictions: jurisdictions.into_iter().map(str::to_owned).collect(),
            quorum: rule.quorum,
        });
    }
    let witnessed = witnesses.iter().map(|w| w.time).min();
    if let Some(at) = witnessed {
        let delay = at.unix() - cert.issued.unix();
        if delay < 0 {
            problems.push(Reason::WitnessedBeforeIssued { at, issued: cert.issued });
        } else if delay as u64 > rule.max_delay_seconds {
            problems.push(Reason::WitnessedLate { at, delay, issued: cert.issued, max: rule.max_delay_seconds });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Witnessing {
        log: log.id.clone(),
        origin: cp.origin.clone(),
        index: proof.index,
        size: cp.size,
        witnesses,
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
