//! `attest trust show`, `diff` and `audit`: rendering the views of
//! [`attest_core::trust::inspect`] for a security team (headed, aligned
//! tables) or for scripts (one JSON document with the library's stable field
//! names).
//!
//! Every piece of text taken from a list goes through [`table`] or
//! [`escape`]: a list from elsewhere may carry terminal escape sequences in
//! its names (docs/threat-model.md T21).

use std::fmt::Write as _;

use attest_core::timestamp::Timestamp;
use attest_core::trust::inspect::{
    self, Approval, Changes, Diff, EntryDiff, FieldChange, Finding, GovernanceDiff, GovernorSignatures, KeyRef,
    ListRef, RevocationsDiff, Severity, Summary,
};
use attest_core::trust::{
    Entry, FlatEntry, Revocations, RevokedArtefact, RevokedCertificate, RevokedComponent, RevokedKey, SignedList,
    TrustList,
};
use serde::Serialize;

use crate::args::OutputFormat;
use crate::output::{escape, print_json, table};
use crate::{Ctx, Verdict};

/// Marks a row of a diff.
const ADDED: &str = "+";
const REMOVED: &str = "-";
const CHANGED: &str = "~";

/// `attest trust show`: the list as it stands, and, for a signed list, which
/// governors' signatures count.
pub(super) fn show(ctx: &Ctx, list: &TrustList, approval: Option<&Approval>) -> anyhow::Result<Verdict> {
    let summary = inspect::summary(list, ctx.time);
    let signatures = approval.map(|a| &a.current);
    match ctx.output {
        OutputFormat::Json => {
            /// The summary with the signature count beside it (`null` for a
            /// draft).
            #[derive(Serialize)]
            struct Shown<'a> {
                #[serde(flatten)]
                summary: &'a Summary,
                signatures: Option<&'a GovernorSignatures>,
                /// For a rotation, the previous governance's count.
                #[serde(rename = "previousSignatures", skip_serializing_if = "Option::is_none")]
                previous_signatures: Option<&'a GovernorSignatures>,
            }
            let previous_signatures = approval.and_then(|a| a.previous.as_ref());
            print_json(&Shown { summary: &summary, signatures, previous_signatures })?;
        }
        OutputFormat::Human => out!("{}", render_show(list, &summary, approval)),
    }
    Ok(Verdict::Ok)
}

/// `attest trust diff`: what changed from `old` to `new`. Exits 0 whether or
/// not anything changed: a diff informs, it does not judge.
pub(super) fn diff(ctx: &Ctx, old: &TrustList, new: &TrustList) -> anyhow::Result<Verdict> {
    let d = inspect::diff(old, new);
    match ctx.output {
        OutputFormat::Json => {
            /// The diff with a top-level flag for scripts that only ask
            /// "did anything change".
            #[derive(Serialize)]
            struct Diffed<'a> {
                changed: bool,
                #[serde(flatten)]
                diff: &'a Diff,
            }
            print_json(&Diffed { changed: !d.is_empty(), diff: &d })?;
        }
        OutputFormat::Human => out!("{}", render_diff(&d)),
    }
    Ok(Verdict::Ok)
}

/// `attest trust audit`: findings, most severe first. Exits 0: findings are
/// advice for the governors, not a verification result.
pub(super) fn audit(ctx: &Ctx, list: &TrustList, signed: Option<(&SignedList, &Approval)>) -> anyhow::Result<Verdict> {
    let findings = inspect::audit(list, ctx.time, signed);
    match ctx.output {
        OutputFormat::Json => {
            /// How many findings of each severity, most severe first.
            #[derive(Serialize)]
            struct Counts {
                high: usize,
                medium: usize,
                low: usize,
                info: usize,
            }
            /// The audit as one document.
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Audited<'a> {
                list: ListRef,
                time: Timestamp,
                signed: bool,
                counts: Counts,
                findings: &'a [Finding],
            }
            let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
            let counts = Counts {
                high: count(Severity::High),
                medium: count(Severity::Medium),
                low: count(Severity::Low),
                info: count(Severity::Info),
            };
            print_json(&Audited {
                list: ListRef::from(list),
                time: ctx.time,
                signed: signed.is_some(),
                counts,
                findings: &findings,
            })?;
        }
        OutputFormat::Human => out!("{}", render_audit(list, ctx.time, signed.is_some(), &findings)),
    }
    Ok(Verdict::Ok)
}

// ---------------------------------------------------------------------------
// show

/// The signature count of a signed version against each governance that
/// must approve it, saying which one is short.
pub(super) fn render_approval(a: &Approval) -> String {
    let mut out = String::new();
    let short = |g: &GovernorSignatures| g.threshold.saturating_sub(g.counted.len());
    let sig = &a.current;
    let _ = writeln!(
        out,
        "Signatures: {} of the required {} governor(s) count{}",
        sig.counted.len(),
        sig.threshold,
        if sig.met {
            String::new()
        } else {
            format!(": BELOW THRESHOLD by {}, verifiers refuse this version", short(sig))
        }
    );
    if let Some(old) = &a.previous {
        let _ = writeln!(
            out,
            "Rotation: {} of the required {} governor(s) of the previous governance count{}",
            old.counted.len(),
            old.threshold,
            if old.met {
                String::new()
            } else {
                format!(
                    ": BELOW THRESHOLD by {}, verifiers refuse this version; the previous governors sign with \
                     `attest trust sign --previous PREVIOUS.json`",
                    short(old)
                )
            }
        );
    }
    if !a.previous_known {
        out.push_str(
            "  (counted against this version's governance only: if it rotates the governance, give --previous \
             PREVIOUS.json to count the previous governors too)\n",
        );
    }
    out
}

fn render_show(list: &TrustList, s: &Summary, approval: Option<&Approval>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Trust list {}, sequence {}", list_name(&s.name, &s.jurisdiction), s.sequence);
    let days = (s.next_update.unix() - s.time.unix()).div_euclid(86_400);
    let expiry = if s.expired {
        format!("{} (EXPIRED at {})", s.next_update, s.time)
    } else {
        format!("{} ({days} day(s) left at {})", s.next_update, s.time)
    };
    let previous = s.previous.map_or_else(|| "none (first version)".to_owned(), |d| format!("sha256:{d}"));
    let mut header = vec![("operator", s.operator.clone().unwrap_or_else(|| "-".into()))];
    header.extend([("issued", s.issued.to_string()), ("next update", expiry), ("previous", previous)]);
    for (k, v) in header {
        let _ = writeln!(out, "  {k:<12} {}", escape(&v));
    }

    let g = &s.governance;
    let _ = writeln!(out, "\nGovernance: {} of {} key(s) must sign", g.threshold, g.keys.len());
    let _ = writeln!(out, "  fingerprint  {} (compare with the one published out of band)\n", g.fingerprint);
    match approval {
        Some(a) => {
            let sig = &a.current;
            let rows: Vec<Vec<String>> = g
                .keys
                .iter()
                .map(|k| {
                    let counted = sig.counted.iter().any(|c| c.keyid == k.keyid);
                    vec![k.keyid.to_string(), holder(k), (if counted { "yes" } else { "no" }).to_owned()]
                })
                .collect();
            out.push_str(&table(&["KEY ID", "HOLDER", "SIGNED"], &rows));
            out.push_str(&render_approval(a));
        }
        None => {
            let rows: Vec<Vec<String>> = g.keys.iter().map(|k| vec![k.keyid.to_string(), holder(k)]).collect();
            out.push_str(&table(&["KEY ID", "HOLDER"], &rows));
            out.push_str("Signatures: none (an unsigned draft)\n");
        }
    }

    let _ = writeln!(out, "\nEntries ({})", s.entries.len());
    if s.entries.is_empty() {
        out.push_str("  none\n");
    } else {
        let mut rows = Vec::new();
        for (e, sum) in list.entries.iter().zip(&s.entries) {
            let status = if sum.status_now == sum.status {
                sum.status.to_string()
            } else {
                format!("{} now (recorded {})", sum.status_now, sum.status)
            };
            let first = [e.id.clone(), e.kind().to_string(), status, opt(e.name.as_deref()), opt(e.jurisdiction())];
            let details = entry_details(e);
            for (i, detail) in details.into_iter().enumerate() {
                let mut row = if i == 0 { first.to_vec() } else { vec![String::new(); first.len()] };
                row.push(detail);
                rows.push(row);
            }
        }
        out.push_str(&table(&["ID", "KIND", "STATUS", "NAME", "JURISDICTION", "DETAILS"], &rows));
    }

    if let Some(t) = s.transparency {
        let _ = writeln!(out, "\nTransparency: {}", inspect::transparency_text(t));
    }

    let rows = revocation_rows(&s.revoked);
    let _ = writeln!(out, "\nRevocations ({})", rows.len());
    if rows.is_empty() {
        out.push_str("  none\n");
    } else {
        out.push_str(&table(&["KIND", "REVOKED", "SINCE", "REASON"], &rows));
    }
    out
}

fn list_name(name: &str, jurisdiction: &str) -> String {
    format!("{} ({})", escape(name), escape(jurisdiction))
}

fn holder(k: &KeyRef) -> String {
    opt(k.holder.as_deref())
}

fn opt(v: Option<&str>) -> String {
    v.unwrap_or("-").to_owned()
}

/// What an entry says besides its id, kind, status, name and jurisdiction,
/// one fact a line. Used by `show` and for added or removed entries in
/// `diff`, so both describe an entry the same way.
fn entry_details(e: &Entry) -> Vec<String> {
    // Every kind's fields, side by side: one description for any kind.
    let e = &FlatEntry::from(e);
    let mut out = Vec::new();
    out.extend(e.keys.iter().map(|k| key_text("key", &KeyRef::from(k))));
    out.extend(e.scope.iter().map(|s| format!("scope {}", inspect::scope_text(s))));
    if !e.certifies.is_empty() {
        out.push(format!("certifies {}", e.certifies.join(", ")));
    }
    if let Some(days) = e.max_validity_days {
        out.push(format!("certificates valid at most {days} days"));
    }
    if let Some(a) = &e.accreditation {
        out.push(format!("accreditation {a}"));
    }
    if let (Some(from), Some(to)) = (&e.from, &e.to) {
        out.push(format!("{} accepts {from} as its {} ({from} -> {to})", to.jurisdiction, to.class));
    }
    if let Some(name) = &e.list_name {
        out.push(format!("recognises list {name}"));
    }
    if let Some(origin) = &e.origin {
        out.push(format!("log origin {origin}"));
    }
    if !e.authorities.is_empty() {
        out.push(format!("logs the certificates of {}", e.authorities.join(", ")));
    }
    if let Some(g) = &e.governance {
        out.push(format!(
            "pinned governance {} of {} key(s), fingerprint {}",
            g.threshold,
            g.keys.len(),
            g.fingerprint()
        ));
        out.extend(g.keys.iter().map(|k| key_text("pinned key", &KeyRef::from(k))));
    }
    match (e.valid_from, e.valid_until) {
        (Some(f), Some(u)) => out.push(format!("valid from {f} until {u}")),
        (Some(f), None) => out.push(format!("valid from {f}")),
        (None, Some(u)) => out.push(format!("valid until {u}")),
        (None, None) => {}
    }
    out.extend(e.history.iter().map(history_text));
    out
}

fn key_text(label: &str, k: &KeyRef) -> String {
    match &k.holder {
        Some(h) => format!("{label} {} ({h})", k.keyid),
        None => format!("{label} {}", k.keyid),
    }
}

fn history_text(c: &attest_core::trust::StatusChange) -> String {
    match &c.grandfathered {
        Some(ids) if ids.is_empty() => format!("{} since {}, no certificate grandfathered", c.status, c.since),
        Some(ids) => format!("{} since {}, grandfathered {}", c.status, c.since, ids.join(", ")),
        None => format!("{} since {}", c.status, c.since),
    }
}

/// Rows `[kind, what is revoked, since, reason]` of every revocation in the
/// four lists, in that order. Used for `show` and, once per side, for `diff`.
fn revocation_table_rows(
    keys: &[RevokedKey],
    components: &[RevokedComponent],
    artefacts: &[RevokedArtefact],
    certificates: &[RevokedCertificate],
) -> Vec<Vec<String>> {
    let row = |kind: &str, what: String, since: Option<Timestamp>, reason: &str| {
        vec![kind.to_owned(), what, since.map_or_else(|| "-".to_owned(), |t| t.to_string()), reason.to_owned()]
    };
    let mut rows = Vec::new();
    rows.extend(keys.iter().map(|r| row("key", r.keyid.to_string(), r.since, &r.reason)));
    rows.extend(components.iter().map(|r| row("component", r.purl.clone(), None, &r.reason)));
    rows.extend(artefacts.iter().map(|r| row("artefact", inspect::digest_text(&r.digest), None, &r.reason)));
    rows.extend(
        certificates
            .iter()
            .map(|r| row("certificate", format!("{} (authority {})", r.id, r.authority), None, &r.reason)),
    );
    rows
}

fn revocation_rows(r: &Revocations) -> Vec<Vec<String>> {
    revocation_table_rows(&r.keys, &r.components, &r.artefacts, &r.certificates)
}

// ---------------------------------------------------------------------------
// diff

fn render_diff(d: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Changes from {} sequence {} to {} sequence {}",
        list_name(&d.from.name, &d.from.jurisdiction),
        d.from.sequence,
        list_name(&d.to.name, &d.to.jurisdiction),
        d.to.sequence
    );
    if d.is_empty() {
        out.push_str("\nNo differences: the two versions say the same thing.\n");
        return out;
    }
    let mut changes = 0;

    if !d.header.is_empty() {
        let rows: Vec<Vec<String>> = d
            .header
            .iter()
            .map(|c| vec![CHANGED.to_owned(), c.field.to_owned(), value(c.old.as_deref()), value(c.new.as_deref())])
            .collect();
        changes += rows.len();
        let _ = writeln!(out, "\nHeader");
        out.push_str(&table(&["", "FIELD", "OLD", "NEW"], &rows));
    }

    if let Some(g) = &d.governance {
        let rows: Vec<Vec<String>> =
            governance_rows(g, "").into_iter().map(|(marker, text)| vec![marker.to_owned(), text]).collect();
        changes += rows.len();
        if g.rotation {
            let _ = writeln!(
                out,
                "\nGovernance: ROTATION. Verifiers accept the new version only when a threshold of the old and of \
                 the new governance signed it; publish the new fingerprint out of band."
            );
        } else {
            let _ = writeln!(out, "\nGovernance (holders only; who governs is unchanged)");
        }
        out.push_str(&table(&["", "CHANGE"], &rows));
    }

    let mut rows = Vec::new();
    for e in &d.entries.added {
        entry_rows(&mut rows, ADDED, e, format!("entry added ({})", e.status));
    }
    for e in &d.entries.removed {
        entry_rows(
            &mut rows,
            REMOVED,
            e,
            format!("entry removed (was {}); its history is gone: withdrawing keeps the record", e.status),
        );
    }
    for c in &d.entries.changed {
        rows.extend(
            entry_diff_rows(c)
                .into_iter()
                .map(|(marker, text)| vec![marker.to_owned(), c.id.clone(), c.kind.to_string(), text]),
        );
    }
    if !rows.is_empty() {
        changes += rows.len();
        let _ = writeln!(out, "\nEntries");
        out.push_str(&table(&["", "ENTRY", "KIND", "CHANGE"], &rows));
    }

    let (added, removed) = (revocation_diff_rows(&d.revocations, ADDED), revocation_diff_rows(&d.revocations, REMOVED));
    if !(added.is_empty() && removed.is_empty()) {
        changes += added.len() + removed.len();
        let _ = writeln!(out, "\nRevocations");
        out.push_str(&table(&["", "KIND", "REVOKED", "SINCE", "REASON"], &[added, removed.clone()].concat()));
        if !removed.is_empty() {
            out.push_str("Note: a removed revocation trusts again what was revoked; make sure that is intended.\n");
        }
    }
    let _ = writeln!(out, "\n{changes} change(s).");
    out
}

/// The revocations added (`marker` [`ADDED`]) or removed ([`REMOVED`]), as
/// rows headed by the marker.
fn revocation_diff_rows(r: &RevocationsDiff, marker: &str) -> Vec<Vec<String>> {
    fn pick<'a, T>(c: &'a Changes<T>, marker: &str) -> &'a [T] {
        if marker == ADDED { &c.added } else { &c.removed }
    }
    let rows = revocation_table_rows(
        pick(&r.keys, marker),
        pick(&r.components, marker),
        pick(&r.artefacts, marker),
        pick(&r.certificates, marker),
    );
    rows.into_iter().map(|row| [vec![marker.to_owned()], row].concat()).collect()
}

/// One side of a change; `None` is an absent field.
fn value(v: Option<&str>) -> String {
    v.unwrap_or("(none)").to_owned()
}

fn field_text(c: &FieldChange) -> String {
    format!("{}: {} → {}", c.field, value(c.old.as_deref()), value(c.new.as_deref()))
}

/// Rows for an added or removed entry: a first line, then its details.
fn entry_rows(rows: &mut Vec<Vec<String>>, marker: &str, e: &Entry, first: String) {
    let mut facts = vec![first];
    facts.extend(e.name.iter().map(|n| format!("name {n}")));
    facts.extend(e.jurisdiction().map(|j| format!("jurisdiction {j}")));
    facts.extend(entry_details(e));
    rows.extend(facts.into_iter().map(|f| vec![marker.to_owned(), e.id.clone(), e.kind().to_string(), f]));
}

/// `(marker, text)` for each change of a governance; `prefix` names it
/// (`""` for the list's own, `"pinned "` for a recognised list's).
fn governance_rows(g: &GovernanceDiff, prefix: &str) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let mut push = |marker: &'static str, text: String| rows.push((marker, text));
    if let Some(t) = &g.threshold {
        push(CHANGED, format!("{prefix}{}", field_text(t)));
    }
    for k in &g.keys.added {
        push(ADDED, key_text(&format!("{prefix}governor key"), k));
    }
    for k in &g.keys.removed {
        push(REMOVED, key_text(&format!("{prefix}governor key"), k));
    }
    for h in &g.holders {
        push(
            CHANGED,
            format!("{prefix}holder of key {}: {} → {}", h.keyid, value(h.old.as_deref()), value(h.new.as_deref())),
        );
    }
    if g.rotation {
        let fp = |f: Option<attest_core::digest::Sha256Digest>| f.map_or_else(|| "(none)".to_owned(), |d| d.to_hex());
        push(CHANGED, format!("{prefix}fingerprint: {} → {}", fp(g.old_fingerprint), fp(g.new_fingerprint)));
    }
    rows
}

/// `(marker, text)` for each change of an entry present in both versions.
fn entry_diff_rows(c: &EntryDiff) -> Vec<(&'static str, String)> {
    let mut rows: Vec<(&'static str, String)> = c.fields.iter().map(|f| (CHANGED, field_text(f))).collect();
    rows.extend(c.history.added.iter().map(|h| (ADDED, format!("history: {}", history_text(h)))));
    rows.extend(
        c.history.removed.iter().map(|h| (REMOVED, format!("history: {} (history rewritten!)", history_text(h)))),
    );
    rows.extend(c.keys.added.iter().map(|k| (ADDED, key_text("key", k))));
    rows.extend(c.keys.removed.iter().map(|k| (REMOVED, key_text("key", k))));
    rows.extend(c.scopes.added.iter().map(|s| (ADDED, format!("scope {}", inspect::scope_text(s)))));
    rows.extend(c.scopes.removed.iter().map(|s| (REMOVED, format!("scope {}", inspect::scope_text(s)))));
    rows.extend(c.certifies.added.iter().map(|s| (ADDED, format!("certifies {s}"))));
    rows.extend(c.certifies.removed.iter().map(|s| (REMOVED, format!("certifies {s}"))));
    rows.extend(c.authorities.added.iter().map(|s| (ADDED, format!("logs {s}"))));
    rows.extend(c.authorities.removed.iter().map(|s| (REMOVED, format!("logs {s}"))));
    if let Some(g) = &c.governance {
        rows.extend(governance_rows(g, "pinned "));
    }
    rows
}

// ---------------------------------------------------------------------------
// audit

fn render_audit(list: &TrustList, time: Timestamp, signed: bool, findings: &[Finding]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Audit of {} sequence {} at {time}{}",
        list_name(&list.name, &list.jurisdiction),
        list.sequence,
        if signed { "" } else { " (an unsigned draft: signatures not checked)" }
    );
    if findings.is_empty() {
        out.push_str("\nNo findings.\n");
        return out;
    }
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| vec![f.severity.to_string(), f.code.to_owned(), opt(f.entry.as_deref()), f.message.clone()])
        .collect();
    out.push('\n');
    out.push_str(&table(&["SEVERITY", "CODE", "ENTRY", "FINDING AND WHAT TO DO"], &rows));
    let counts: Vec<String> =
        Severity::ALL.iter().map(|s| format!("{} {s}", findings.iter().filter(|f| f.severity == *s).count())).collect();
    let _ = writeln!(out, "\n{} finding(s): {}", findings.len(), counts.join(", "));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use attest_core::keys::PrivateKey;
    use attest_core::testkit;
    use attest_core::trust::edit::{self, Revocation};
    use attest_core::trust::{EntryKind, ListedKey, Scope, Status};

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_strict(s).unwrap()
    }

    fn key(i: u8) -> PrivateKey {
        PrivateKey::from_seed(&[i; 32]).unwrap()
    }

    /// A list whose supplier name carries a terminal escape sequence.
    fn list() -> TrustList {
        let l = testkit::national_draft(&[1, 2], 1, t("2026-01-01T00:00:00Z")).unwrap();
        let acme = Entry::try_from(FlatEntry {
            name: Some("Acme\x1b[2J LLP".into()),
            jurisdiction: Some("KZ".into()),
            keys: vec![ListedKey::new(key(9).public(), None)],
            scope: vec![Scope::new("pkg:generic/acme/*", None)],
            ..FlatEntry::granted("acme", EntryKind::Supplier, t("2026-01-01T00:00:00Z"))
        })
        .unwrap();
        edit::add_entry(l, acme).unwrap()
    }

    #[test]
    fn show_escapes_names_and_reports_signatures() {
        let l = list();
        let signed = edit::sign_draft(&l, &key(1), None).unwrap();
        let approval = inspect::approval(&l, &signed, None).unwrap();
        let out = render_show(&l, &inspect::summary(&l, t("2026-01-02T00:00:00Z")), Some(&approval));
        assert!(!out.contains('\x1b'), "{out}");
        assert!(out.contains("Acme\\u{1b}[2J LLP"), "{out}");
        assert!(out.contains("Signatures: 1 of the required 1 governor(s) count\n"), "{out}");
        assert!(out.contains("scope pkg:generic/acme/*"), "{out}");
    }

    #[test]
    fn diff_marks_additions_removals_and_changes() {
        let old = list();
        let new = edit::set_status(old.clone(), "acme", Status::Suspended, t("2026-01-05T00:00:00Z"), None).unwrap();
        let new = edit::revoke(new, Revocation::Key(key(9).public().id()), "leaked".into(), t("2026-01-05T00:00:00Z"))
            .unwrap();
        let out = render_diff(&inspect::diff(&old, &new));
        assert!(out.contains("~  acme   supplier  status: granted → suspended"), "{out}");
        assert!(out.contains("+  acme   supplier  history: suspended since 2026-01-05T00:00:00Z"), "{out}");
        assert!(out.contains("+  key   "), "{out}");
        assert!(out.contains("3 change(s)."), "{out}");
        assert!(render_diff(&inspect::diff(&old, &old)).contains("No differences"));
    }

    #[test]
    fn audit_lists_findings_with_counts() {
        let l = list();
        let findings = inspect::audit(&l, t("2026-01-02T00:00:00Z"), None);
        let out = render_audit(&l, t("2026-01-02T00:00:00Z"), false, &findings);
        assert!(out.contains("unsigned draft"), "{out}");
        assert!(out.contains("high      threshold-one"), "{out}");
        assert!(out.contains("finding(s): 1 high, 0 medium, 0 low, 2 info"), "{out}");
    }
}
