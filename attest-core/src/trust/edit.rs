//! Editing drafts and signing lists: `trust init`, `add`, `set-status`,
//! `revoke`, `set-governance`, `next`, `sign`, `combine`.
//!
//! A draft is the unsigned payload as a JSON file. Signing serialises it
//! deterministically, so governors who sign copies of the same draft in
//! parallel produce envelopes over identical bytes that `combine` can merge.

use std::num::NonZeroUsize;

use crate::digest::{DigestSet, Sha256Digest};
use crate::dsse::Envelope;
use crate::error::{Error, Result};
use crate::json::to_vec;
use crate::keys::{KeyId, PublicKey};
use crate::signer::Signer;
use crate::timestamp::Timestamp;
use crate::trust::{
    Entry, Governance, ListedKey, PreviousDigest, RevokedArtefact, RevokedCertificate, RevokedComponent, RevokedKey,
    SignedList, Status, StatusChange, TRUST_LIST_PAYLOAD_TYPE, TRUST_LIST_TYPE, TrustList,
};

/// Default validity of a version: 90 days (docs/cli.md `--valid-for`).
pub const DEFAULT_VALID_FOR_DAYS: u32 = 90;

/// What `trust init` needs.
#[derive(Clone, Debug)]
pub struct Init {
    /// List name.
    pub name: String,
    /// Jurisdiction.
    pub jurisdiction: String,
    /// Operator.
    pub operator: Option<String>,
    /// Governor keys.
    pub governors: Vec<PublicKey>,
    /// Threshold.
    pub threshold: usize,
    /// Days until `nextUpdate`.
    pub valid_for_days: u32,
    /// `issued`.
    pub issued: Timestamp,
}

fn governance(keys: &[PublicKey], threshold: usize) -> Result<Governance> {
    let threshold = NonZeroUsize::new(threshold).ok_or_else(|| {
        Error::Usage("governance: the threshold is 0; it must be between 1 and the number of keys".into())
    })?;
    let g = Governance { threshold, keys: keys.iter().map(|k| ListedKey::new(k, None)).collect() };
    g.key_set().map_err(|r| Error::Usage(format!("governance: {r}")))?;
    Ok(g)
}

fn checked(list: TrustList) -> Result<TrustList> {
    list.check().map_err(|r| Error::Usage(format!("the edit would make the list invalid: {r}")))?;
    Ok(list)
}

/// A new list at sequence 1.
pub fn init(req: Init) -> Result<TrustList> {
    if req.valid_for_days == 0 {
        return Err(Error::Usage("--valid-for must be at least 1 day".into()));
    }
    checked(TrustList {
        type_: TRUST_LIST_TYPE.to_owned(),
        name: req.name,
        jurisdiction: req.jurisdiction,
        operator: req.operator,
        sequence: 1,
        issued: req.issued,
        next_update: req.issued.plus_days(i64::from(req.valid_for_days)),
        previous: None,
        governance: governance(&req.governors, req.threshold)?,
        entries: Vec::new(),
        revoked: Default::default(),
        transparency: None,
    })
}

/// Adds an entry (its id must be new).
pub fn add_entry(mut list: TrustList, entry: Entry) -> Result<TrustList> {
    if list.entry(&entry.id).is_some() {
        return Err(Error::Usage(format!("entry {:?} already exists; use set-status to change it", entry.id)));
    }
    list.entries.push(entry);
    checked(list)
}

/// Changes an entry's status, recording the change in its history.
pub fn set_status(
    mut list: TrustList,
    id: &str,
    status: Status,
    since: Timestamp,
    grandfathered: Option<Vec<String>>,
) -> Result<TrustList> {
    let entry = list
        .entries
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| Error::Usage(format!("no entry {id:?} in the list")))?;
    if entry.history.last().is_some_and(|c| c.since > since) {
        return Err(Error::Usage(format!(
            "entry {id:?} already has a change after {since}; history must stay in time order"
        )));
    }
    entry.status = status;
    entry.history.push(StatusChange { status, since, grandfathered });
    checked(list)
}

/// What `trust revoke` revokes.
#[derive(Clone, Debug)]
pub enum Revocation {
    /// A key, by id.
    Key(KeyId),
    /// A component, `purl@version`.
    Component(String),
    /// An artefact, by SHA-256.
    Artefact(Sha256Digest),
    /// A certificate of an authority.
    Certificate {
        /// Authority entry id.
        authority: String,
        /// Certificate id.
        id: String,
    },
}

/// Adds a revocation.
pub fn revoke(mut list: TrustList, what: Revocation, reason: String, since: Timestamp) -> Result<TrustList> {
    if reason.trim().is_empty() {
        return Err(Error::Usage("--reason must say why".into()));
    }
    let r = &mut list.revoked;
    match what {
        Revocation::Key(keyid) => r.keys.push(RevokedKey { keyid, since: Some(since), reason }),
        Revocation::Component(purl) => {
            let parsed =
                crate::purl::Purl::parse(&purl).map_err(|e| Error::Usage(format!("--component {purl:?}: {e}")))?;
            if parsed.version.is_none() {
                return Err(Error::Usage(format!("--component {purl:?}: name the version, PURL@VERSION")));
            }
            r.components.push(RevokedComponent { purl, reason })
        }
        Revocation::Artefact(d) => r.artefacts.push(RevokedArtefact { digest: DigestSet::sha256(d), reason }),
        Revocation::Certificate { authority, id } => r.certificates.push(RevokedCertificate { authority, id, reason }),
    }
    checked(list)
}

/// Replaces the governance (a rotation: the next version then needs the old
/// governance's threshold too).
pub fn set_governance(mut list: TrustList, keys: &[PublicKey], threshold: usize) -> Result<TrustList> {
    list.governance = governance(keys, threshold)?;
    checked(list)
}

/// Sets the federation's transparency rule (`trust set-transparency`).
pub fn set_transparency(mut list: TrustList, rule: crate::trust::Transparency) -> Result<TrustList> {
    list.transparency = Some(rule);
    checked(list)
}

/// The draft of the next version: sequence + 1, `previous` = digest of
/// `prev`, issued now, `nextUpdate` moved on by the same validity.
pub fn next(prev: &SignedList, issued: Timestamp) -> Result<TrustList> {
    let p = &prev.list;
    let validity_days = (p.next_update.unix() - p.issued.unix()).div_euclid(86_400).max(1);
    let mut list = p.clone();
    list.sequence = p.sequence.checked_add(1).ok_or_else(|| Error::Usage("sequence overflow".into()))?;
    list.previous = Some(PreviousDigest { sha256: prev.digest });
    list.issued = issued;
    list.next_update = issued.plus_days(validity_days);
    checked(list)
}

/// The payload bytes a draft is signed as (deterministic).
pub fn payload(list: &TrustList) -> Result<Vec<u8>> {
    to_vec(list)
}

/// Whether `key` may sign `list`: a governor of it, or, for a rotation, of
/// the previous version.
fn check_governor(list: &TrustList, key: &dyn Signer, previous: Option<&TrustList>) -> Result<()> {
    let id = key.public().id();
    let of = |g: &Governance| g.keys.iter().any(|k| k.keyid == id);
    if of(&list.governance) || previous.is_some_and(|p| of(&p.governance)) {
        return Ok(());
    }
    // A governor of the previous version only signs a rotation, and only
    // with that version at hand (its governance is not in the draft).
    let hint = match (previous, &list.previous) {
        (Some(_), _) => " nor of the previous version",
        (None, Some(_)) => {
            ". If this version rotates the governance and you govern the previous version, sign with \
             --previous PREVIOUS.json"
        }
        (None, None) => "",
    };
    Err(Error::Refused(format!(
        "key {id} is not a governor of {} sequence {}{hint}; refusing to sign",
        list.name, list.sequence
    )))
}

/// Signs a draft into a new envelope.
pub fn sign_draft(list: &TrustList, key: &dyn Signer, previous: Option<&TrustList>) -> Result<SignedList> {
    check_governor(list, key, previous)?;
    let env = Envelope::sign(TRUST_LIST_PAYLOAD_TYPE, payload(list)?, key)?;
    SignedList::from_envelope(env, "signed draft")
}

/// Adds a governor's signature to a signed list.
pub fn cosign(mut signed: SignedList, key: &dyn Signer, previous: Option<&TrustList>) -> Result<SignedList> {
    check_governor(&signed.list, key, previous)?;
    signed.envelope.add_signature(key)?;
    Ok(signed)
}

/// Merges the signatures of copies of the same payload signed separately
/// (parallel co-signing). Copies of different payloads are refused.
pub fn combine(lists: Vec<SignedList>) -> Result<SignedList> {
    let mut iter = lists.into_iter();
    let mut first = iter.next().ok_or_else(|| Error::Usage("combine needs at least two lists".into()))?;
    for other in iter {
        if other.digest != first.digest {
            return Err(Error::Usage(format!(
                "{} and {} are different payloads ({} vs {}); only copies of the same draft can be combined",
                first.source, other.source, first.digest, other.digest
            )));
        }
        for sig in other.envelope.signatures {
            let dup = first
                .envelope
                .signatures
                .iter()
                .any(|s| s.sig == sig.sig || (s.keyid.is_some() && s.keyid == sig.keyid));
            if !dup {
                first.envelope.signatures.push(sig);
            }
        }
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;
    use crate::trust::{EntryKind, FlatEntry, Scope};

    use crate::testkit::unit::{key, t, typed};

    fn draft() -> TrustList {
        testkit::national_draft(&[1, 2, 3], 2, t("2026-01-01T00:00:00Z")).unwrap()
    }

    #[test]
    fn init_sets_sequence_validity_and_refuses_impossible_thresholds() {
        let d = draft();
        assert_eq!(d.sequence, 1);
        assert_eq!(d.next_update, t("2026-04-01T00:00:00Z"));
        let mut bad = Init { name: "x".into(), ..testkit::national_init(&[1], 2, t("2026-01-01T00:00:00Z")).unwrap() };
        assert!(init(bad.clone()).is_err());
        bad.threshold = 1;
        bad.governors.push(key(1).public().clone());
        assert!(init(bad).unwrap_err().to_string().contains("listed twice"));
    }

    #[test]
    fn status_changes_are_recorded_and_answer_questions_about_the_past() {
        let entry = typed(FlatEntry {
            name: Some("Acme".into()),
            jurisdiction: Some("KZ".into()),
            keys: vec![ListedKey::new(key(9).public(), None)],
            scope: vec![Scope::new("pkg:generic/acme/*", None)],
            ..FlatEntry::granted("acme", EntryKind::Supplier, t("2026-01-01T00:00:00Z"))
        });
        let d = add_entry(draft(), entry.clone()).unwrap();
        assert!(add_entry(d.clone(), entry).is_err());
        let d = set_status(d, "acme", Status::Suspended, t("2026-02-01T00:00:00Z"), None).unwrap();
        let e = d.entry("acme").unwrap();
        assert_eq!(e.status, Status::Suspended);
        assert_eq!(e.status_at(t("2026-01-15T00:00:00Z")), Status::Granted);
        assert_eq!(e.status_at(t("2026-02-15T00:00:00Z")), Status::Suspended);
        assert_eq!(e.status_at(t("2025-12-31T00:00:00Z")), Status::Withdrawn);
        assert!(set_status(d, "acme", Status::Granted, t("2026-01-20T00:00:00Z"), None).is_err());
    }

    #[test]
    fn only_governors_sign_and_parallel_copies_combine() {
        let d = draft();
        assert!(matches!(sign_draft(&d, &key(7), None), Err(Error::Refused(_))));
        let a = sign_draft(&d, &key(1), None).unwrap();
        let b = sign_draft(&d, &key(2), None).unwrap();
        let both = combine(vec![a.clone(), b]).unwrap();
        assert_eq!(both.envelope.signatures.len(), 2);
        let again = combine(vec![both.clone(), a]).unwrap();
        assert_eq!(again.envelope.signatures.len(), 2);
        let other = sign_draft(&next(&both, t("2026-01-02T00:00:00Z")).unwrap(), &key(1), None).unwrap();
        assert!(combine(vec![both, other]).is_err());
    }

    #[test]
    fn next_chains_and_keeps_the_validity() {
        let signed = sign_draft(&draft(), &key(1), None).unwrap();
        let n = next(&signed, t("2026-03-01T00:00:00Z")).unwrap();
        assert_eq!(n.sequence, 2);
        assert_eq!(n.previous.unwrap().sha256, signed.digest);
        assert_eq!(n.next_update, t("2026-05-30T00:00:00Z"));
    }
}
