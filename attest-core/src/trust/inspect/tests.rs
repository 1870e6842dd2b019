//! Tests of show, diff and audit.

use super::*;
use crate::testkit;
use crate::trust::edit::{self, Init, Revocation};
use crate::trust::{EntryBody, FlatEntry, RecognisedList};

use crate::testkit::unit::{key, t, typed};

fn entry_mut<'a>(l: &'a mut TrustList, id: &str) -> &'a mut Entry {
    l.entries.iter_mut().find(|e| e.id == id).unwrap()
}

const T0: &str = "2026-01-01T00:00:00Z";

fn base(threshold: usize) -> TrustList {
    let init = testkit::national_init(&[1, 2, 3], threshold, t(T0)).unwrap();
    edit::init(Init { operator: Some("Ministry".into()), ..init }).unwrap()
}

fn supplier(id: &str, k: u8, scopes: Vec<Scope>) -> Entry {
    typed(FlatEntry {
        keys: vec![ListedKey::new(key(k).public(), None)],
        scope: scopes,
        ..FlatEntry::granted(id, EntryKind::Supplier, t(T0))
    })
}

fn authority(id: &str, k: u8, max: Option<u32>) -> Entry {
    typed(FlatEntry {
        jurisdiction: Some("KZ".into()),
        keys: vec![ListedKey::new(key(k).public(), None)],
        certifies: vec!["standard".into()],
        max_validity_days: max,
        ..FlatEntry::granted(id, EntryKind::Authority, t(T0))
    })
}

fn recognised(id: &str, threshold: usize, keys: &[u8]) -> Entry {
    typed(FlatEntry {
        jurisdiction: Some("UZ".into()),
        list_name: Some("uz-national".into()),
        governance: Some(Governance {
            threshold: std::num::NonZeroUsize::new(threshold).unwrap(),
            keys: keys.iter().map(|k| ListedKey::new(key(*k).public(), None)).collect(),
        }),
        ..FlatEntry::granted(id, EntryKind::TrustList, t(T0))
    })
}

fn codes(findings: &[Finding]) -> Vec<(&'static str, Option<&str>)> {
    findings.iter().map(|f| (f.code, f.entry.as_deref())).collect()
}

fn has(findings: &[Finding], code: &str, entry: Option<&str>, severity: Severity) -> bool {
    findings.iter().any(|f| f.code == code && f.entry.as_deref() == entry && f.severity == severity)
}

#[test]
fn audit_finds_transparency_rules_no_witness_set_can_meet() {
    let mut l = base(2);
    l.entries.push(authority("kz-regulator", 5, Some(365)));
    l.entries.push(authority("uz-regulator", 6, Some(365)));
    l.entries.push(typed(FlatEntry {
        origin: Some("kz.example/log".into()),
        keys: vec![ListedKey::new(key(7).public(), None)],
        authorities: vec!["nobody".into()],
        ..FlatEntry::granted("stray-log", EntryKind::Log, t(T0))
    }));
    l.entries.push(typed(FlatEntry {
        origin: Some("kz.example/certificates".into()),
        keys: vec![ListedKey::new(key(8).public(), None)],
        authorities: vec!["kz-regulator".into()],
        ..FlatEntry::granted("kz-log", EntryKind::Log, t(T0))
    }));
    l.entries.push(typed(FlatEntry {
        name: Some("witness.kz.example".into()),
        jurisdiction: Some("KZ".into()),
        keys: vec![ListedKey::new(key(9).public(), None)],
        ..FlatEntry::granted("kz-witness", EntryKind::Witness, t(T0))
    }));
    l.transparency = Some(Transparency { required: false, quorum: 2, max_delay_seconds: 3600 });
    l.check().unwrap();
    let f = audit(&l, t(T0), None);
    assert!(has(&f, "log-covers-no-authority", Some("stray-log"), Severity::Medium), "{f:#?}");
    assert!(has(&f, "quorum-above-witnesses", None, Severity::Medium), "{f:#?}");
    assert!(has(&f, "witnesses-one-jurisdiction", None, Severity::High), "{f:#?}");
    assert!(has(&f, "authority-without-log", Some("uz-regulator"), Severity::Low), "{f:#?}");
    assert!(!has(&f, "authority-without-log", Some("kz-regulator"), Severity::Low), "{f:#?}");
    // A required rule a list cannot meet is not a list at all.
    l.transparency = Some(Transparency { required: true, quorum: 2, max_delay_seconds: 3600 });
    assert!(l.check().unwrap_err().to_string().contains("transparency.quorum"));
}

#[test]
fn identical_versions_have_an_empty_diff() {
    let l = edit::add_entry(base(2), supplier("acme", 9, vec![Scope::new("pkg:generic/acme/*", Some("^1"))])).unwrap();
    let d = diff(&l, &l);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(d.from.sequence, 1);
}

#[test]
fn t38_respelt_versions_are_no_change_in_a_diff() {
    let component = |exact: &str| {
        typed(FlatEntry {
            scope: vec![Scope { exact: Some(vec![exact.into()]), ..Scope::new("pkg:pypi/requests", None) }],
            ..FlatEntry::granted("requests", EntryKind::Component, t(T0))
        })
    };
    let revoke = |l, purl: &str| edit::revoke(l, Revocation::Component(purl.into()), "r".into(), t(T0)).unwrap();
    let old = revoke(edit::add_entry(base(2), component("2.32.3")).unwrap(), "pkg:npm/ms@3.3.6");
    for (exact, revoked) in [("2.32.03", "pkg:npm/ms@v3.3.6"), ("v2.32.3", "pkg:npm/ms@%3D3.3.6")] {
        let new = revoke(edit::add_entry(base(2), component(exact)).unwrap(), revoked);
        assert!(diff(&old, &new).is_empty(), "{exact} {revoked}: {:?}", diff(&old, &new));
    }
    // Another release is a change, in the entry and in the revocations.
    let new = revoke(edit::add_entry(base(2), component("2.32.4")).unwrap(), "pkg:npm/ms@3.3.7");
    let d = diff(&old, &new);
    assert_eq!(d.entries.changed.len(), 1);
    assert_eq!(d.revocations.components.added.len(), 1);
}

#[test]
fn diff_reports_header_entries_and_revocations() {
    let old =
        edit::add_entry(base(2), supplier("acme", 9, vec![Scope::new("pkg:generic/acme/*", Some("^1"))])).unwrap();
    let old = edit::add_entry(old, supplier("gone", 10, vec![Scope::new("pkg:generic/gone/*", None)])).unwrap();
    let old = edit::revoke(old, Revocation::Component("pkg:npm/left-pad@1.0.0".into()), "typo".into(), t(T0)).unwrap();
    let signed = edit::sign_draft(&old, &key(1), None).unwrap();
    let later = t("2026-02-01T00:00:00Z");

    let mut new = edit::next(&signed, later).unwrap();
    new.entries.retain(|e| e.id != "gone");
    new.revoked.components.clear();
    let EntryBody::Supplier { scope, .. } = &mut entry_mut(&mut new, "acme").body else { panic!("acme is a supplier") };
    *scope = vec![Scope::new("pkg:generic/acme/*", Some("^2"))];
    let new = edit::set_status(new, "acme", Status::Suspended, later, None).unwrap();
    let new = edit::add_entry(new, authority("kz-reg", 11, Some(365))).unwrap();
    let new = edit::revoke(new, Revocation::Key(key(10).public().id()), "leaked".into(), later).unwrap();

    let d = diff(&old, &new);
    assert!(!d.is_empty());
    let fields: Vec<&str> = d.header.iter().map(|c| c.field).collect();
    assert_eq!(fields, ["sequence", "issued", "nextUpdate", "previous"]);
    assert_eq!(d.header[0].old.as_deref(), Some("1"));
    assert_eq!(d.header[0].new.as_deref(), Some("2"));
    assert!(d.governance.is_none());
    assert_eq!(d.entries.added.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["kz-reg"]);
    assert_eq!(d.entries.removed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["gone"]);
    let [acme] = d.entries.changed.as_slice() else { panic!("{:?}", d.entries.changed) };
    assert_eq!(acme.id, "acme");
    assert_eq!(acme.fields.iter().map(|c| c.field).collect::<Vec<_>>(), ["status"]);
    assert_eq!(acme.fields[0].new.as_deref(), Some("suspended"));
    assert_eq!(acme.history.added.len(), 1);
    assert!(acme.history.removed.is_empty());
    assert_eq!(acme.scopes.added[0].versions.as_deref(), Some("^2"));
    assert_eq!(acme.scopes.removed[0].versions.as_deref(), Some("^1"));
    assert!(acme.keys.is_empty() && acme.certifies.is_empty() && acme.governance.is_none());
    assert_eq!(d.revocations.keys.added.len(), 1);
    assert_eq!(d.revocations.components.removed.len(), 1);
    assert!(d.revocations.artefacts.is_empty() && d.revocations.certificates.is_empty());

    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["entries"]["changed"][0]["scopes"]["added"][0]["versions"], "^2");
    assert_eq!(json["revocations"]["components"]["removed"][0]["purl"], "pkg:npm/left-pad@1.0.0");
    assert_eq!(json["header"][0]["field"], "sequence");
}

#[test]
fn diff_reports_a_rotation_and_a_changed_pin() {
    let old = edit::add_entry(base(2), recognised("uz", 2, &[20, 21])).unwrap();
    let new = edit::set_governance(old.clone(), &[key(2).public().clone(), key(4).public().clone()], 2).unwrap();
    let mut new = new;
    let EntryBody::TrustList(RecognisedList { governance, .. }) = &mut entry_mut(&mut new, "uz").body else {
        panic!("uz is a trust-list entry")
    };
    *governance = Governance {
        threshold: std::num::NonZeroUsize::MIN,
        keys: vec![ListedKey::new(key(20).public(), None), ListedKey::new(key(22).public(), None)],
    };
    let d = diff(&old, &new);
    let g = d.governance.as_ref().unwrap();
    assert!(g.rotation);
    assert_ne!(g.old_fingerprint, g.new_fingerprint);
    assert!(g.threshold.is_none());
    assert_eq!(g.keys.added.iter().map(|k| k.keyid).collect::<Vec<_>>(), [key(4).public().id()]);
    let removed: BTreeSet<KeyId> = g.keys.removed.iter().map(|k| k.keyid).collect();
    assert_eq!(removed, [key(1).public().id(), key(3).public().id()].into_iter().collect());
    let pin = d.entries.changed[0].governance.as_ref().unwrap();
    assert!(pin.rotation);
    assert_eq!(pin.threshold.as_ref().and_then(|c| c.new.as_deref()), Some("1"));
    assert_eq!(pin.keys.added.len(), 1);
    assert_eq!(pin.keys.removed.len(), 1);
}

#[test]
fn a_holder_change_is_not_a_rotation() {
    let old = base(2);
    let mut new = old.clone();
    new.governance.keys[0].holder = Some("Minister".into());
    let g = diff(&old, &new).governance.unwrap();
    assert!(!g.rotation);
    assert_eq!(g.holders.len(), 1);
    assert!(g.keys.is_empty() && g.threshold.is_none());
}

#[test]
fn a_clean_list_has_only_informational_findings() {
    let l = edit::add_entry(base(2), supplier("acme", 9, vec![Scope::new("pkg:generic/acme/*", Some("^1"))])).unwrap();
    let l = edit::add_entry(l, authority("kz-reg", 11, Some(365))).unwrap();
    let signed =
        edit::combine(vec![edit::sign_draft(&l, &key(1), None).unwrap(), edit::sign_draft(&l, &key(2), None).unwrap()])
            .unwrap();
    let approval = approval(&l, &signed, None).unwrap();
    let findings = audit(&l, t("2026-01-02T00:00:00Z"), Some((&signed, &approval)));
    assert_eq!(codes(&findings), [("governor-unsigned", None), ("scope-namespace", Some("acme"))]);
    assert!(findings.iter().all(|f| f.severity == Severity::Info));
}

#[test]
fn audit_finds_weak_governance_broad_scopes_and_expiry() {
    let l = base(1);
    let l = edit::add_entry(l, supplier("wide", 9, vec![Scope::new("pkg:npm/*", None)])).unwrap();
    let l = edit::add_entry(l, supplier("go", 10, vec![Scope::new("pkg:golang/github.com/*", Some("^1"))])).unwrap();
    let l = edit::add_entry(
        l,
        typed(FlatEntry {
            scope: vec![Scope::new("pkg:cargo/serde", None)],
            ..FlatEntry::granted("serde", EntryKind::Component, t(T0))
        }),
    )
    .unwrap();
    let l = edit::add_entry(l, recognised("uz", 1, &[20])).unwrap();
    let l = edit::add_entry(l, authority("long", 11, Some(1000))).unwrap();
    let l = edit::add_entry(l, authority("unbounded", 12, None)).unwrap();
    let mut l = l;
    entry_mut(&mut l, "long").valid_until = Some(t("2026-03-20T00:00:00Z"));

    // 10 days before nextUpdate (2026-04-01).
    let findings = audit(&l, t("2026-03-22T00:00:00Z"), None);
    assert!(has(&findings, "threshold-one", None, Severity::High));
    assert!(has(&findings, "threshold-one", Some("uz"), Severity::High));
    assert!(has(&findings, "scope-everything", Some("wide"), Severity::High));
    assert!(has(&findings, "scope-everything", Some("go"), Severity::High));
    // Withdrawn, the same entry grants nothing: no scope finding.
    let gone = edit::set_status(l.clone(), "wide", Status::Withdrawn, t("2026-03-21T00:00:00Z"), None).unwrap();
    let later = audit(&gone, t("2026-03-22T00:00:00Z"), None);
    assert!(!has(&later, "scope-everything", Some("wide"), Severity::High));
    assert!(has(&later, "entry-withdrawn", Some("wide"), Severity::Info));
    assert!(has(&findings, "scope-no-versions", Some("wide"), Severity::Info));
    assert!(has(&findings, "component-any-version", Some("serde"), Severity::Low));
    assert!(has(&findings, "list-expiring", None, Severity::Medium));
    assert!(has(&findings, "entry-expired", Some("long"), Severity::Medium));
    assert!(has(&findings, "max-validity-long", Some("long"), Severity::Low));
    assert!(has(&findings, "max-validity-unset", Some("unbounded"), Severity::Low));
    let severities: Vec<Severity> = findings.iter().map(|f| f.severity).collect();
    assert!(severities.windows(2).all(|w| w[0] <= w[1]), "sorted by severity: {severities:?}");

    let later = audit(&l, t("2026-04-01T00:00:00Z"), None);
    assert!(has(&later, "list-expired", None, Severity::High));
    assert!(!has(&later, "list-expiring", None, Severity::Medium));
    let earlier = audit(&l, t("2026-03-01T00:00:00Z"), None);
    assert!(has(&earlier, "entry-expiring", Some("long"), Severity::Low));
    assert!(!has(&earlier, "list-expiring", None, Severity::Medium));
}

#[test]
fn audit_finds_shared_and_revoked_keys() {
    let l = edit::add_entry(base(2), supplier("a", 9, vec![Scope::new("pkg:generic/a/x", Some("^1"))])).unwrap();
    let l = edit::add_entry(l, supplier("b", 9, vec![Scope::new("pkg:generic/b/x", Some("^1"))])).unwrap();
    let l = edit::add_entry(l, supplier("gov", 1, vec![Scope::new("pkg:generic/c/x", Some("^1"))])).unwrap();
    let l = edit::revoke(l, Revocation::Key(key(9).public().id()), "leaked".into(), t(T0)).unwrap();
    let l = edit::revoke(l, Revocation::Key(key(2).public().id()), "lost".into(), t(T0)).unwrap();
    let findings = audit(&l, t("2026-01-02T00:00:00Z"), None);
    assert!(has(&findings, "key-shared", Some("a"), Severity::Medium));
    assert!(has(&findings, "governor-key-in-entry", Some("gov"), Severity::Medium));
    assert!(has(&findings, "revoked-key-listed", Some("a"), Severity::High));
    assert!(has(&findings, "revoked-key-listed", Some("b"), Severity::High));
    assert!(has(&findings, "revoked-key-listed", None, Severity::High));

    // A withdrawn entry keeps its keys for the record: not a finding.
    let l = edit::set_status(l, "b", Status::Withdrawn, t("2026-01-02T00:00:00Z"), None).unwrap();
    let findings = audit(&l, t("2026-01-03T00:00:00Z"), None);
    assert!(!has(&findings, "revoked-key-listed", Some("b"), Severity::High));
    assert!(has(&findings, "entry-withdrawn", Some("b"), Severity::Info));
}

#[test]
fn audit_counts_signatures_and_flags_backdating_authorities() {
    let l = edit::add_entry(base(2), authority("kz-reg", 11, Some(365))).unwrap();
    let l = edit::add_entry(l, authority("old-reg", 12, Some(365))).unwrap();
    let at = t("2026-01-10T00:00:00Z");
    let l = edit::set_status(l, "kz-reg", Status::Withdrawn, at, None).unwrap();
    let l = edit::set_status(l, "old-reg", Status::Suspended, at, Some(vec!["KZ-2026-1".into()])).unwrap();
    let l = edit::revoke(
        l,
        Revocation::Certificate { authority: "kz-regulatr".into(), id: "KZ-2026-2".into() },
        "typo".into(),
        at,
    )
    .unwrap();
    let signed = edit::sign_draft(&l, &key(1), None).unwrap();
    let approval = approval(&l, &signed, None).unwrap();
    let findings = audit(&l, t("2026-01-11T00:00:00Z"), Some((&signed, &approval)));
    assert!(has(&findings, "below-threshold", None, Severity::High));
    assert_eq!(findings.iter().filter(|f| f.code == "governor-unsigned").count(), 2);
    assert!(has(&findings, "authority-backdating-possible", Some("kz-reg"), Severity::Medium));
    assert!(!has(&findings, "authority-backdating-possible", Some("old-reg"), Severity::Medium));
    assert!(has(&findings, "entry-suspended", Some("old-reg"), Severity::Info));
    assert!(has(&findings, "revocation-unknown-authority", None, Severity::Info));

    let sigs = governor_signatures(&l, &signed);
    assert_eq!(sigs.counted.iter().map(|k| k.keyid).collect::<Vec<_>>(), [key(1).public().id()]);
    assert!(!sigs.met);

    // Revoking the authority's key stops backdating too.
    let l = edit::revoke(l, Revocation::Key(key(11).public().id()), "withdrawn".into(), at).unwrap();
    assert!(!has(&audit(&l, at, None), "authority-backdating-possible", Some("kz-reg"), Severity::Medium));
    let json = serde_json::to_value(&findings[0]).unwrap();
    assert_eq!(json["severity"], "high");
    assert_eq!(json["code"], "below-threshold");
}

#[test]
fn summary_shows_status_now_and_scopes() {
    let mut s = Scope::new("pkg:generic/acme/*", Some(">=1.0.0, <3"));
    s.exact = Some(vec!["2.0.0-rc.1".into()]);
    let l = edit::add_entry(base(2), supplier("acme", 9, vec![s])).unwrap();
    let l = edit::set_status(l, "acme", Status::Suspended, t("2026-02-01T00:00:00Z"), None).unwrap();
    let sum = summary(&l, t("2026-01-15T00:00:00Z"));
    let e = &sum.entries[0];
    assert_eq!(e.status, Status::Suspended);
    assert_eq!(e.status_now, Status::Granted);
    assert_eq!(e.scopes, [r#"pkg:generic/acme/* versions=">=1.0.0, <3" exact=2.0.0-rc.1"#]);
    assert_eq!(sum.governance.threshold, 2);
    assert_eq!(sum.governance.fingerprint, l.governance.fingerprint());
    assert!(!sum.expired);
    let json = serde_json::to_value(&sum).unwrap();
    assert_eq!(json["entries"][0]["statusNow"], "granted");
    assert_eq!(json["nextUpdate"], "2026-04-01T00:00:00Z");
}
