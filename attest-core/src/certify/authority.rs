//! Step 2 of bundle verification: which authority signed the certificate,
//! whether it stood granted when it issued it, and whether its key is revoked.

use crate::certificate::Certificate;
use crate::dsse::Envelope;
use crate::keys::KeyId;
use crate::report::{KeyRole, Reason, Report, Step};
use crate::timestamp::Timestamp;
use crate::trust::{Authority, Entry, Status, TrustList};

/// Every (authority entry of `fed`, key of it) whose signature on `env`
/// verifies.
pub(super) fn signing_authorities<'a>(env: &Envelope, fed: &'a TrustList) -> Vec<(&'a Entry, &'a Authority, KeyId)> {
    let mut out = Vec::new();
    for (e, a) in fed.entries.iter().filter_map(|e| Some((e, e.authority()?))) {
        if let Ok(keys) = e.key_set() {
            out.extend(env.verify(&keys).verified.into_iter().map(|k| (e, a, k)));
        }
    }
    out
}

pub(super) fn revoked_key<'a>(lists: &[&'a TrustList], id: &KeyId) -> Option<(&'a str, &'a str)> {
    lists
        .iter()
        .find_map(|l| l.revoked.keys.iter().find(|r| r.keyid == *id).map(|r| (l.name.as_str(), r.reason.as_str())))
}

/// Step 2: granted at `issued` (or grandfathered), class, key.
pub(super) fn check_issuer_entry(
    cert: &Certificate,
    (entry, authority): (&Entry, &Authority),
    key: KeyId,
    lists: &[&TrustList],
    witnessed: Option<Timestamp>,
    report: &mut Report,
) {
    const STEP: &str = "2 issuer";
    if cert.issuer.authority != entry.id || cert.issuer.keyid != key {
        let reason = Reason::IssuerMismatch {
            named: cert.issuer.authority.clone(),
            named_key: cert.issuer.keyid,
            key,
            authority: entry.id.clone(),
        };
        report.fail(Step::Issuer, STEP, reason);
        return;
    }
    if authority.jurisdiction != cert.issuer.jurisdiction {
        let reason = Reason::JurisdictionMismatch {
            claimed: cert.issuer.jurisdiction.clone(),
            authority: entry.id.clone(),
            actual: Some(authority.jurisdiction.clone()),
        };
        report.fail(Step::Issuer, STEP, reason);
    }
    match standing(entry, cert, witnessed) {
        Ok(detail) => report.pass(Step::Issuer, STEP, detail),
        Err(reason) => report.fail(Step::Issuer, STEP, *reason),
    }
    // The accreditation is the issuer's statement of what the federation
    // recorded at issue; a renewed accreditation since is worth a look,
    // not a refusal.
    if let Some(claimed) = &cert.issuer.accreditation
        && authority.accreditation.as_ref() != Some(claimed)
    {
        let reason = Reason::AccreditationChanged {
            claimed: claimed.clone(),
            authority: entry.id.clone(),
            now: authority.accreditation.clone(),
        };
        report.warn(Step::Issuer, STEP, reason);
    }
    if !authority.certifies.contains(&cert.class) {
        let reason = Reason::ClassNotCertified { authority: entry.id.clone(), class: cert.class.clone() };
        report.fail(Step::Issuer, STEP, reason);
    }
    if let Some((list, reason)) = revoked_key(lists, &key) {
        let reason =
            Reason::KeyRevoked { role: KeyRole::Issuer, key, list: list.to_owned(), reason: reason.to_owned() };
        report.fail(Step::Issuer, STEP, reason);
    }
}

/// Whether the authority stood granted when the certificate was issued: a
/// status change judges by `issued`, narrowed by `grandfathered` — or, for
/// a certificate whose proof verified, by when it was first `witnessed`:
/// only a certificate witnessed before a later suspension or withdrawal
/// stays valid (the log replaces the hand-kept list, docs/threat-model.md T31).
fn standing(
    entry: &Entry,
    cert: &Certificate,
    witnessed: Option<Timestamp>,
) -> std::result::Result<String, Box<Reason>> {
    let at = entry.status_at(cert.issued);
    if at != Status::Granted {
        return Err(Box::new(Reason::NotGrantedAtIssue {
            authority: entry.id.clone(),
            status: at,
            issued: cert.issued,
        }));
    }
    // A later suspension or withdrawal with a grandfathered list keeps only
    // the certificates it names.
    let later = entry.history.iter().filter(|c| c.since > cert.issued && c.status != Status::Granted);
    for change in later {
        if let Some(w) = witnessed {
            if w >= change.since {
                return Err(Box::new(Reason::WitnessedAfterChange {
                    authority: entry.id.clone(),
                    status: change.status,
                    since: change.since,
                    certificate: cert.certificate_id.clone(),
                    witnessed: w,
                }));
            }
            continue;
        }
        if let Some(g) = &change.grandfathered
            && !g.contains(&cert.certificate_id)
        {
            return Err(Box::new(Reason::NotGrandfathered {
                authority: entry.id.clone(),
                status: change.status,
                since: change.since,
                certificate: cert.certificate_id.clone(),
            }));
        }
    }
    Ok(format!("{} was granted when the certificate was issued ({})", entry.id, cert.issued))
}
