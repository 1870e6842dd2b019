//! `trust audit`: what in a list deserves a second look before the governors sign.

use super::*;
use crate::trust::{Authority, EntryBody, RecognisedList};

/// How much a finding matters. Ordered most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A key compromise or a lapse away from trusting the wrong thing, or a
    /// list verifiers already refuse.
    High,
    /// Weakens a control, or will soon stop the list working.
    Medium,
    /// Worth tightening.
    Low,
    /// For the record.
    Info,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 4] = [Severity::High, Severity::Medium, Severity::Low, Severity::Info];
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        })
    }
}

/// One thing an audit found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// A stable code (`threshold-one`), for scripts and for the table in
    /// docs/trust-lists.md.
    pub code: &'static str,
    /// The entry concerned, if any (`None`: the list as a whole).
    pub entry: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// Findings as they are collected.
#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, severity: Severity, code: &'static str, entry: Option<&str>, message: String) {
        self.0.push(Finding { severity, code, entry: entry.map(str::to_owned), message });
    }
}

/// Everything in `list` that deserves a second look at `time`, most severe
/// first (then by code and entry). `signed`, when given, is the envelope the
/// list was read from: it adds the findings about who signed.
pub fn audit(list: &TrustList, time: Timestamp, signed: Option<(&SignedList, &Approval)>) -> Vec<Finding> {
    let mut f = Findings::default();
    audit_validity(list, time, &mut f);
    audit_governance(&list.governance, None, &mut f);
    if let Some((signed, approval)) = signed {
        audit_signatures(signed, approval, &mut f);
    }
    audit_revoked_keys(list, &mut f);
    audit_shared_keys(list, &mut f);
    for e in &list.entries {
        audit_entry(list, e, time, &mut f);
    }
    audit_revocations(list, &mut f);
    audit_transparency(list, time, &mut f);
    let mut findings = f.0;
    findings
        .sort_by(|a, b| (a.severity, a.code, &a.entry, &a.message).cmp(&(b.severity, b.code, &b.entry, &b.message)));
    findings
}

/// The list's own dates.
/// The transparency rule against the logs and witnesses granted now: a
/// quorum no set of witnesses can meet, witnesses of one jurisdiction only,
/// a log that covers no authority, an authority no log covers.
fn audit_transparency(list: &TrustList, time: Timestamp, f: &mut Findings) {
    let granted =
        |k: EntryKind| list.entries.iter().filter(move |e| e.kind() == k && e.status_at(time) == Status::Granted);
    let granted_logs = || {
        granted(EntryKind::Log).filter_map(|e| match &e.body {
            EntryBody::Log(l) => Some((e, l)),
            _ => None,
        })
    };
    for (e, log) in granted_logs() {
        if !log.authorities.iter().any(|a| list.entry(a).is_some_and(|e| e.kind() == EntryKind::Authority)) {
            f.add(
                Severity::Medium,
                "log-covers-no-authority",
                Some(&e.id),
                format!(
                    "log {} covers no authority of this list ({:?}); its checkpoints prove nothing here",
                    e.id, log.authorities
                ),
            );
        }
    }
    let Some(t) = list.transparency else { return };
    let witnesses: Vec<&Entry> = granted(EntryKind::Witness).collect();
    let jurisdictions: BTreeSet<&str> = witnesses.iter().filter_map(|w| w.jurisdiction()).collect();
    if t.quorum > witnesses.len() {
        f.add(
            if t.required { Severity::High } else { Severity::Medium },
            "quorum-above-witnesses",
            None,
            format!(
                "transparency quorum {} is more than the {} witnesses granted now: no certificate can meet it",
                t.quorum,
                witnesses.len()
            ),
        );
    }
    if t.quorum >= 2 && jurisdictions.len() < 2 {
        f.add(
            Severity::High,
            "witnesses-one-jurisdiction",
            None,
            format!(
                "the granted witnesses are of {} jurisdiction(s) only; a quorum of {} needs two",
                jurisdictions.len(),
                t.quorum
            ),
        );
    }
    if t.quorum == 0 {
        f.add(
            Severity::Medium,
            "quorum-zero",
            None,
            "transparency quorum 0: a log alone can back-date or split its view".into(),
        );
    }
    for a in granted(EntryKind::Authority) {
        if !granted_logs().any(|(_, l)| l.authorities.contains(&a.id)) {
            f.add(
                if t.required { Severity::High } else { Severity::Low },
                "authority-without-log",
                Some(&a.id),
                format!("no granted log covers authority {}; its certificates cannot carry a valid proof", a.id),
            );
        }
    }
}

fn audit_validity(list: &TrustList, time: Timestamp, f: &mut Findings) {
    let what = format!("{} sequence {}", list.name, list.sequence);
    if list.next_update <= time {
        f.add(
            Severity::High,
            "list-expired",
            None,
            format!(
                "{what} expired at {}; verifiers refuse it (freeze protection). Make the next version \
                 (`attest trust next`), have a threshold of governors sign it and publish it.",
                list.next_update
            ),
        );
    } else if list.next_update <= time.plus_days(LIST_EXPIRY_WARNING_DAYS) {
        f.add(
            Severity::Medium,
            "list-expiring",
            None,
            format!(
                "{what} expires at {}, within {LIST_EXPIRY_WARNING_DAYS} days; make, sign and publish the next \
                 version (`attest trust next`) before then.",
                list.next_update
            ),
        );
    }
    if list.issued > time {
        f.add(
            Severity::Low,
            "issued-in-future",
            None,
            format!(
                "{what} is issued at {}, after {time}; verifiers ignore a version issued in their future. Check \
                 the clock of the machine that made the draft, or give `--time`.",
                list.issued
            ),
        );
    }
}

/// A governance: the list's own (`pinned_by: None`) or the one a trust-list
/// entry pins.
fn audit_governance(g: &Governance, pinned_by: Option<(&Entry, &RecognisedList)>, f: &mut Findings) {
    let threshold = g.threshold.get();
    match pinned_by {
        None if threshold == 1 => f.add(
            Severity::High,
            "threshold-one",
            None,
            format!(
                "one governor key alone can sign a new version ({} key(s), threshold 1): a single stolen or \
                 coerced key can grant or strip anything. Raise the threshold with `attest trust set-governance \
                 --threshold 2` or more, with enough governors.",
                g.keys.len()
            ),
        ),
        Some((e, pin)) if threshold == 1 => f.add(
            Severity::High,
            "threshold-one",
            Some(&e.id),
            format!(
                "the recognised list {} is believed on the signature of one key (threshold 1 of {}): one stolen \
                 key of its governance can grant or revoke anything here. Ask its operator to raise the \
                 threshold, then pin the new governance.",
                pin.list_name,
                g.keys.len()
            ),
        ),
        None if g.keys.len() > 1 && threshold >= g.keys.len() => f.add(
            Severity::Low,
            "threshold-all-keys",
            None,
            format!(
                "every one of the {} governor keys must sign: one lost key (a broken token, a departed \
                 official) leaves the list unable to publish a new version, and it expires. Add a spare governor \
                 with `attest trust set-governance`.",
                g.keys.len()
            ),
        ),
        _ => {}
    }
}

/// Who signed this version.
fn audit_signatures(signed: &SignedList, approval: &Approval, f: &mut Findings) {
    let sigs = &approval.current;
    if let Some(old) = &approval.previous
        && !old.met
    {
        f.add(
            Severity::High,
            "rotation-below-threshold",
            None,
            format!(
                "this version changes the governance (a rotation): only {} of the previous governance's required {} \
                 signatures count on {}; verifiers that trust the previous version refuse it. The previous \
                 governors sign it with `attest trust sign --previous PREVIOUS.json`.",
                old.counted.len(),
                old.threshold,
                signed.source
            ),
        );
    }
    if !approval.previous_known {
        f.add(
            Severity::Info,
            "previous-not-given",
            None,
            format!(
                "signatures on {} are counted against this version's governance only; if it changes the governance \
                 (a rotation), the previous version's governors must reach their threshold too: give --previous \
                 PREVIOUS.json to count both.",
                signed.source
            ),
        );
    }
    if !sigs.met {
        f.add(
            Severity::High,
            "below-threshold",
            None,
            format!(
                "only {} of the required {} governors' signatures count on {}; verifiers refuse it. Collect \
                 more with `attest trust sign` (or `attest trust combine` for copies signed in parallel).",
                sigs.counted.len(),
                sigs.threshold,
                signed.source
            ),
        );
    }
    for k in &sigs.missing {
        f.add(
            Severity::Info,
            "governor-unsigned",
            None,
            format!(
                "governor {}{} did not sign this version (or signed with a revoked key). Allowed while the \
                 threshold is met; if they did sign, combine their copy (`attest trust combine`).",
                k.keyid,
                holder_text(k.holder.as_deref())
            ),
        );
    }
}

fn holder_text(holder: Option<&str>) -> String {
    holder.map(|h| format!(" ({h})")).unwrap_or_default()
}

/// Revoked keys still listed where they would be trusted: the list's
/// governance, granted entries, and governances pinned by granted entries.
fn audit_revoked_keys(list: &TrustList, f: &mut Findings) {
    let revoked: BTreeMap<KeyId, &str> = list.revoked.keys.iter().map(|k| (k.keyid, k.reason.as_str())).collect();
    for k in list.governance.keys.iter().filter(|k| revoked.contains_key(&k.keyid)) {
        f.add(
            Severity::High,
            "revoked-key-listed",
            None,
            format!(
                "governor key {} is revoked ({}) but still in the governance; its signatures no longer count, \
                 so the threshold is closer than it looks. Replace it with `attest trust set-governance`.",
                k.keyid,
                revoked.get(&k.keyid).copied().unwrap_or_default()
            ),
        );
    }
    for e in list.entries.iter().filter(|e| e.status == Status::Granted) {
        let pinned: &[ListedKey] = match &e.body {
            EntryBody::TrustList(r) => &r.governance.keys,
            _ => &[],
        };
        for k in e.keys().iter().chain(pinned).filter(|k| revoked.contains_key(&k.keyid)) {
            f.add(
                Severity::High,
                "revoked-key-listed",
                Some(&e.id),
                format!(
                    "key {} of granted entry {} is revoked ({}) but still listed; verifiers refuse its signatures, \
                     yet readers and other tools may not. Withdraw the entry and add it again under a new id with \
                     the replacement key.",
                    k.keyid,
                    e.id,
                    revoked.get(&k.keyid).copied().unwrap_or_default()
                ),
            );
        }
    }
}

/// One key serving two entries, or an entry and the governance: one
/// compromise then breaks both, and one revocation stops both.
fn audit_shared_keys(list: &TrustList, f: &mut Findings) {
    let mut holders: BTreeMap<KeyId, Vec<&str>> = BTreeMap::new();
    for e in &list.entries {
        for k in e.keys() {
            holders.entry(k.keyid).or_default().push(&e.id);
        }
    }
    for (keyid, ids) in &holders {
        if let [first, _, ..] = ids.as_slice() {
            f.add(
                Severity::Medium,
                "key-shared",
                Some(*first),
                format!(
                    "key {keyid} is a key of entries {}: a compromise of it breaks all of them and revoking it \
                     stops all of them. Give each entry its own key.",
                    ids.join(", ")
                ),
            );
        }
    }
    for k in &list.governance.keys {
        for id in holders.get(&k.keyid).into_iter().flatten() {
            f.add(
                Severity::Medium,
                "governor-key-in-entry",
                Some(*id),
                format!(
                    "key {} of entry {id} is also a governor key of this list: the same key governs the list and \
                     signs as the entry. Separate the roles with distinct keys.",
                    k.keyid
                ),
            );
        }
    }
}

fn audit_entry(list: &TrustList, e: &Entry, time: Timestamp, f: &mut Findings) {
    let id = Some(e.id.as_str());
    if let Some(until) = e.valid_until.filter(|_| e.status == Status::Granted) {
        if until <= time {
            f.add(
                Severity::Medium,
                "entry-expired",
                id,
                format!(
                    "the validity of {} ended at {until}; it grants nothing any more. Withdraw it \
                         (`attest trust set-status --status withdrawn`), or renew its validity if it should go on.",
                    e.id
                ),
            );
        } else if until <= time.plus_days(ENTRY_EXPIRY_WARNING_DAYS) {
            f.add(
                Severity::Low,
                "entry-expiring",
                id,
                format!(
                    "the validity of {} ends at {until}, within {ENTRY_EXPIRY_WARNING_DAYS} days; renew it in \
                         the next version if it should go on.",
                    e.id
                ),
            );
        }
    }
    let since = e.history.last().map(|c| c.since.to_string()).unwrap_or_default();
    match e.status {
        Status::Granted => {}
        Status::Suspended => f.add(
            Severity::Info,
            "entry-suspended",
            id,
            format!("{} is suspended since {since}: it grants nothing until set back to granted.", e.id),
        ),
        Status::Withdrawn => f.add(
            Severity::Info,
            "entry-withdrawn",
            id,
            format!("{} is withdrawn since {since}; kept for the record of what it granted before.", e.id),
        ),
    }
    match &e.body {
        EntryBody::Authority(a) => audit_authority(list, e, a, f),
        EntryBody::Equivalence { from, to } if e.status != Status::Withdrawn => audit_equivalence(list, e, from, to, f),
        EntryBody::TrustList(r) => audit_governance(&r.governance, Some((e, r)), f),
        _ => {}
    }
    // A withdrawn entry grants nothing any more, however broad its scope was.
    if e.status != Status::Withdrawn {
        for s in e.scope() {
            audit_scope(e, s, f);
        }
    }
}

/// An equivalence whose `from` names a class no authority of that
/// jurisdiction in this list certifies maps nothing (or a misspelt class).
/// Its `to` is the verifier's own name, and a state that only verifies has
/// no authority here; so `to` is judged only when its state has one.
fn audit_equivalence(list: &TrustList, e: &Entry, from: &ClassRef, to: &ClassRef, f: &mut Findings) {
    for (side, c) in [("from", from), ("to", to)] {
        let of_state: Vec<&Authority> = list
            .entries
            .iter()
            .filter(|a| a.status != Status::Withdrawn)
            .filter_map(Entry::authority)
            .filter(|a| a.jurisdiction == c.jurisdiction)
            .collect();
        if (side == "to" && of_state.is_empty()) || of_state.iter().any(|a| a.certifies.contains(&c.class)) {
            continue;
        }
        f.add(
            Severity::Medium,
            "equivalence-class-uncertified",
            Some(&e.id),
            format!(
                "equivalence {} names {c} as its `{side}`, but no authority of {} in this list certifies class \
                 {:?}: check the spelling, or add the authority before relying on it.",
                e.id, c.jurisdiction, c.class
            ),
        );
    }
}

fn audit_authority(list: &TrustList, e: &Entry, authority: &Authority, f: &mut Findings) {
    let id = Some(e.id.as_str());
    match authority.max_validity_days {
        Some(days) if days > LONG_VALIDITY_DAYS => f.add(
            Severity::Low,
            "max-validity-long",
            id,
            format!(
                "authority {} may issue certificates valid {days} days, more than {LONG_VALIDITY_DAYS}: a \
                 certificate then outlives the evaluation it rests on. Lower `maxValidityDays`.",
                e.id
            ),
        ),
        None => f.add(
            Severity::Low,
            "max-validity-unset",
            id,
            format!(
                "authority {} has no `maxValidityDays`: nothing bounds how long its certificates stay valid. \
                 Set one (`--max-validity-days`, {LONG_VALIDITY_DAYS} or less).",
                e.id
            ),
        ),
        Some(_) => {}
    }
    let revoked: BTreeSet<KeyId> = list.revoked.keys.iter().map(|k| k.keyid).collect();
    let stopped = e.status == Status::Granted
        || e.history.last().is_some_and(|c| c.grandfathered.is_some())
        || authority.keys.iter().any(|k| revoked.contains(&k.keyid));
    if !stopped {
        f.add(
            Severity::Medium,
            "authority-backdating-possible",
            id,
            format!(
                "authority {} is {} without a `grandfathered` list and none of its keys is revoked: it can still \
                 backdate `issued` on new certificates (docs/threat-model.md T31). Record the certificates that stay valid \
                 (`attest trust set-status --grandfather CERT_ID…`) or revoke its keys (`attest trust revoke \
                 --key`).",
                e.id, e.status
            ),
        );
    }
}

fn audit_scope(e: &Entry, s: &Scope, f: &mut Findings) {
    let id = Some(e.id.as_str());
    let grants = match e.kind() {
        EntryKind::Supplier => "its keys may sign releases of",
        _ => "it approves",
    };
    if let Ok(p) = Pattern::parse(&s.purl) {
        let mut namespace = p.namespace_segments();
        let first = namespace.next();
        // A Go namespace starts with the host: `pkg:golang/github.com/*` is
        // every module hosted there, as broad as a whole ecosystem.
        let host_only = p.ty() == "golang" && first.is_some() && namespace.next().is_none();
        match (p.name(), first) {
            (None, None) => f.add(
                Severity::High,
                "scope-everything",
                id,
                format!(
                    "scope {} covers every {} package: {grants} any of them, present or future. Narrow it to \
                     the supplier's own namespace or to named packages.",
                    s.purl,
                    p.ty()
                ),
            ),
            (None, Some(host)) if host_only => f.add(
                Severity::High,
                "scope-everything",
                id,
                format!(
                    "scope {} covers every Go module hosted at {host}: {grants} any of them. Narrow it to the \
                     supplier's own path (pkg:golang/{host}/OWNER/*).",
                    s.purl
                ),
            ),
            (None, Some(_)) => f.add(
                if e.kind() == EntryKind::Supplier { Severity::Info } else { Severity::Low },
                "scope-namespace",
                id,
                format!(
                    "scope {} covers every package of its namespace, including ones published later; right when \
                     the namespace is the supplier's own, otherwise name the packages.",
                    s.purl
                ),
            ),
            (Some(_), _) => {}
        }
    }
    let unbounded = s.versions.is_none() && s.exact.is_none();
    match e.kind() {
        EntryKind::Supplier if unbounded => f.add(
            Severity::Info,
            "scope-no-versions",
            id,
            format!(
                "scope {} has no version range: any version the supplier signs is accepted. Add one \
                 (`--versions`) to bound the grant.",
                s.purl
            ),
        ),
        EntryKind::Component if unbounded && s.digests.is_none() => f.add(
            Severity::Low,
            "component-any-version",
            id,
            format!(
                "scope {} approves every version, past and future, whoever published it. Pin a range \
                 (`--versions`), exact versions (`--exact`) or digests (`--digest`).",
                s.purl
            ),
        ),
        _ => {}
    }
}

/// Revocations that may not match what their author meant.
fn audit_revocations(list: &TrustList, f: &mut Findings) {
    for c in &list.revoked.certificates {
        let known = list.entry(&c.authority).is_some_and(|e| e.kind() == EntryKind::Authority);
        if !known {
            f.add(
                Severity::Info,
                "revocation-unknown-authority",
                None,
                format!(
                    "certificate {} is revoked for authority {:?}, which is no authority entry of this list; it \
                     matches only if another believed list has an authority of that id. Check the spelling.",
                    c.id, c.authority
                ),
            );
        }
    }
}
