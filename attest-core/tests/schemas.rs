//! The JSON Schemas in `schemas/` describe what attest writes and reads
//! (docs/formats.md: "the tests validate every fixture and every emitted document
//! against it").
//!
//! Lists are built with the same edit functions the CLI uses, covering every
//! entry kind, every kind of revocation and a history with `grandfathered`,
//! and each must validate. Each negative case is checked against the Rust
//! reader too: the schema and `parse_list` must agree, so the schema cannot
//! silently drift from the model.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use attest_core::digest::{DigestSet, Sha256Digest, Sha512Digest};
use attest_core::keys::PrivateKey;
use attest_core::policy::Policy;
use attest_core::testkit;
use attest_core::timestamp::Timestamp;
use attest_core::trust::edit::{self, Revocation};
use attest_core::trust::{Entry, EntryKind, FlatEntry, Governance, ListedKey, Scope, Status, TrustList, parse_list};
use serde_json::{Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A compiled schema from `schemas/NAME`.
struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
    name: String,
}

impl Schema {
    fn load(name: &str) -> Schema {
        let path = repo_root().join("schemas").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Registered under its own `$id`, so that nothing is ever looked up
        // elsewhere (the validator would otherwise try the file system).
        let url = value["$id"].as_str().unwrap_or_else(|| panic!("{name} has no $id")).to_owned();
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.add_resource(&url, value).unwrap_or_else(|e| panic!("{name}: {e}"));
        let index = compiler.compile(&url, &mut schemas).unwrap_or_else(|e| panic!("{name} does not compile: {e:#}"));
        Schema { schemas, index, name: name.to_owned() }
    }

    fn check(&self, doc: &Value) -> Result<(), String> {
        self.schemas.validate(doc, self.index).map_err(|e| format!("{e:#}"))
    }

    fn assert_valid(&self, what: &str, doc: &Value) {
        if let Err(e) = self.check(doc) {
            panic!("{what} does not validate against {}: {e}\n{doc:#}", self.name);
        }
    }
}

fn key(i: u8) -> PrivateKey {
    PrivateKey::from_seed(&[i; 32]).unwrap()
}

fn t(s: &str) -> Timestamp {
    Timestamp::parse_strict(s).unwrap()
}

fn listed(i: u8, holder: Option<&str>) -> ListedKey {
    ListedKey::new(key(i).public(), holder.map(Into::into))
}

/// An entry written flat, as `trust add` fills it in; [`Entry::try_from`] checks its kind.
fn entry(id: &str, kind: EntryKind) -> FlatEntry {
    FlatEntry::granted(id, kind, t("2026-01-01T00:00:00Z"))
}

fn minimal() -> TrustList {
    testkit::national_draft(&[1, 2, 3], 2, t("2026-01-01T00:00:00Z")).unwrap()
}

/// Every entry kind, every optional field, every revocation kind, a history
/// with a suspension that grandfathers certificates.
fn full() -> TrustList {
    let mut list = minimal();
    list.operator = Some("Ministry of Digital Development, KZ".into());
    list.governance.keys[0].holder = Some("Minister".into());
    let supplier = FlatEntry {
        name: Some("Acme LLP".into()),
        jurisdiction: Some("KZ".into()),
        keys: vec![listed(9, Some("Acme release team"))],
        scope: vec![
            Scope::new("pkg:generic/acme/*", Some(">=1.0.0, <3")),
            Scope { exact: Some(vec!["0.9.0".into()]), ..Scope::new("pkg:npm/%40acme/*", None) },
        ],
        valid_from: Some(t("2026-01-01T00:00:00Z")),
        valid_until: Some(t("2027-01-01T00:00:00Z")),
        ..entry("acme", EntryKind::Supplier)
    };
    let mut other = BTreeMap::new();
    other.insert("sha3-256".to_owned(), "ab".repeat(32));
    let component = FlatEntry {
        scope: vec![
            Scope::new("pkg:cargo/serde", Some("^1")),
            Scope {
                exact: Some(vec!["2.32.3".into()]),
                digests: Some(vec![DigestSet {
                    sha256: Sha256Digest::of(b"requests"),
                    sha512: Some(Sha512Digest::of(b"requests")),
                    other,
                }]),
                ..Scope::new("pkg:pypi/requests", None)
            },
        ],
        ..entry("serde", EntryKind::Component)
    };
    let authority = |id: &str, k: u8, certifies: &[&str]| FlatEntry {
        jurisdiction: Some("KZ".into()),
        keys: vec![listed(k, None)],
        certifies: certifies.iter().map(|c| (*c).to_owned()).collect(),
        max_validity_days: Some(730),
        ..entry(id, EntryKind::Authority)
    };
    let recognised = FlatEntry {
        jurisdiction: Some("UZ".into()),
        list_name: Some("uz-national".into()),
        governance: Some(Governance {
            threshold: NonZeroUsize::new(2).unwrap(),
            keys: vec![listed(20, Some("UZ gov 1")), listed(21, None)],
        }),
        ..entry("uz-national", EntryKind::TrustList)
    };
    let old_authority = FlatEntry { max_validity_days: None, ..authority("old-authority", 12, &["standard"]) };
    for e in [supplier, component, authority("kz-regulator", 11, &["standard", "high"]), recognised, old_authority] {
        list = edit::add_entry(list, Entry::try_from(e).unwrap()).unwrap();
    }
    let feb = t("2026-02-01T00:00:00Z");
    list = edit::set_status(list, "old-authority", Status::Suspended, feb, Some(vec!["KZ-2026-0001".into()])).unwrap();
    list = edit::set_status(list, "old-authority", Status::Withdrawn, t("2026-02-02T00:00:00Z"), None).unwrap();
    list = edit::set_status(list, "serde", Status::Suspended, feb, None).unwrap();
    list = edit::set_status(list, "serde", Status::Granted, t("2026-02-03T00:00:00Z"), None).unwrap();
    for (what, reason) in [
        (Revocation::Key(key(12).public().id()), "key leaked"),
        (Revocation::Component("pkg:npm/event-stream@3.3.6".into()), "malicious release"),
        (Revocation::Artefact(Sha256Digest::of(b"bad build")), "tampered build"),
        (Revocation::Certificate { authority: "kz-regulator".into(), id: "KZ-2026-0002".into() }, "issued in error"),
    ] {
        list = edit::revoke(list, what, reason.into(), feb).unwrap();
    }
    list
}

/// Sequence 2 after a rotation: `previous` set, governance replaced.
fn rotated() -> TrustList {
    let signed = edit::sign_draft(&full(), &key(1), None).unwrap();
    let next = edit::next(&signed, t("2026-03-01T00:00:00Z")).unwrap();
    edit::set_governance(next, &[key(2).public().clone(), key(4).public().clone(), key(5).public().clone()], 2).unwrap()
}

fn lists() -> Vec<(&'static str, TrustList)> {
    vec![("minimal", minimal()), ("full", full()), ("rotated", rotated())]
}

fn to_json(list: &TrustList) -> Value {
    serde_json::to_value(list).unwrap()
}

#[test]
fn lists_attest_writes_validate_against_the_trust_list_schema() {
    let schema = Schema::load("trust-list.schema.json");
    for (what, list) in lists() {
        schema.assert_valid(what, &to_json(&list));
    }
    // The full list really exercises what it claims to.
    let doc = to_json(&full());
    let kinds: Vec<&str> = doc["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["supplier", "component", "authority", "trust-list", "authority"]);
    for kind in ["keys", "components", "artefacts", "certificates"] {
        assert_eq!(doc["revoked"][kind].as_array().map(Vec::len), Some(1), "{kind}");
    }
    assert_eq!(doc["entries"][4]["history"][1]["grandfathered"], json!(["KZ-2026-0001"]));
}

/// One change to a valid document, and whether the result is valid.
struct Case {
    what: &'static str,
    path: &'static str,
    value: Value,
    valid: bool,
}

fn case(what: &'static str, path: &'static str, value: Value, valid: bool) -> Case {
    Case { what, path, value, valid }
}

/// Sets (or, for `Value::Null`, removes) the member at a `/`-separated
/// path whose last segment is an object key.
fn with(doc: &Value, path: &str, value: Value) -> Value {
    let mut doc = doc.clone();
    let (parent, last) = path.rsplit_once('/').unwrap();
    let obj = doc.pointer_mut(parent).and_then(Value::as_object_mut).unwrap_or_else(|| panic!("no object at {parent}"));
    if value.is_null() {
        assert!(obj.remove(last).is_some(), "nothing to remove at {path}");
    } else {
        obj.insert(last.to_owned(), value);
    }
    doc
}

#[test]
fn schema_and_reader_agree_on_changed_documents() {
    let schema = Schema::load("trust-list.schema.json");
    let doc = to_json(&full());
    let upper = doc["governance"]["keys"][0]["keyid"].as_str().unwrap().to_uppercase();
    let cases = [
        case("unknown top-level field", "/operatorr", json!("x"), false),
        case("unknown entry field", "/entries/0/scopes", json!([]), false),
        case("unknown scope field", "/entries/0/scope/0/version", json!("1.0.0"), false),
        case("unknown key field", "/governance/keys/0/comment", json!("x"), false),
        case("unknown revocation kind", "/revoked/suppliers", json!([]), false),
        case("unknown history field", "/entries/0/history/0/reason", json!("x"), false),
        case("time with an offset", "/issued", json!("2026-01-01T00:00:00+00:00"), false),
        case("time with fractions", "/nextUpdate", json!("2026-04-01T00:00:00.5Z"), false),
        case("wrong _type", "/_type", json!("urn:attest:trust-list:v2"), false),
        case("unknown status", "/entries/0/status", json!("revoked"), false),
        case("unknown kind", "/entries/1/kind", json!("vendor"), false),
        case("short key id", "/revoked/keys/0/keyid", json!("abcd"), false),
        case("missing reason", "/revoked/components/0/reason", Value::Null, false),
        case("missing governance", "/governance", Value::Null, false),
        case("threshold zero", "/governance/threshold", json!(0), false),
        case("sequence zero", "/sequence", json!(0), false),
        case("empty name", "/name", json!(""), false),
        case("empty history", "/entries/0/history", json!([]), false),
        case("supplier without scope", "/entries/0/scope", Value::Null, false),
        case("component with keys", "/entries/1/keys", doc["entries"][0]["keys"].clone(), false),
        case("authority without certifies", "/entries/2/certifies", Value::Null, false),
        case("supplier with maxValidityDays", "/entries/0/maxValidityDays", json!(30), false),
        case("trust-list entry without governance", "/entries/3/governance", Value::Null, false),
        case("grandfathered on a component", "/entries/1/history/0/grandfathered", json!(["X"]), false),
        case("grandfathered on a grant", "/entries/4/history/0/grandfathered", json!(["X"]), false),
        case("upper-case key id", "/governance/keys/0/keyid", json!(upper), true),
        case("operator removed", "/operator", Value::Null, true),
        case("empty component keys", "/entries/1/keys", json!([]), true),
        case("digest algorithm attest does not use", "/revoked/artefacts/0/digest/md5", json!("00"), true),
    ];
    for c in &cases {
        let changed = with(&doc, c.path, c.value.clone());
        let by_schema = schema.check(&changed);
        let by_reader = parse_list(&serde_json::to_vec(&changed).unwrap(), c.what);
        assert_eq!(by_schema.is_ok(), c.valid, "schema on {}: {by_schema:?}", c.what);
        assert_eq!(by_reader.is_ok(), c.valid, "reader on {}: {:?}", c.what, by_reader.err());
    }
}

/// Policies: every fixture in `testdata/policy/` is judged alike by the
/// schema and by the reader; files whose name says they are broken (`typo`,
/// `invalid`, `misspelt`) must fail, every other one must pass.
#[test]
fn policy_fixtures_agree_with_the_policy_schema() {
    let schema = Schema::load("policy.schema.json");
    let dir = repo_root().join("testdata").join("policy");
    let mut seen = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") {
            continue;
        }
        let broken = ["typo", "invalid", "misspelt"].iter().any(|w| name.contains(w));
        let bytes = std::fs::read(&path).unwrap();
        let doc: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let by_schema = schema.check(&doc);
        let by_reader = Policy::from_json(&bytes, &name);
        assert_eq!(by_schema.is_err(), broken, "schema on {name}: {by_schema:?}");
        assert_eq!(by_reader.is_err(), broken, "reader on {name}: {:?}", by_reader.err());
        if broken { seen.1 += 1 } else { seen.0 += 1 }
    }
    assert!(seen.0 >= 1 && seen.1 >= 1, "expected valid and broken policy fixtures in {}: {seen:?}", dir.display());
}
