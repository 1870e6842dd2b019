//! Trust-list entries are typed in memory (a header and one body per kind)
//! but flat on the wire (docs/formats.md "Entries"). These tests pin the
//! wire: every kind, written in the field order attest has always used,
//! reads and writes back to the same bytes (a signed payload's digest
//! depends on them); every testdata list does too; and a field of another
//! kind, a missing one, or a zero threshold is refused naming the entry
//! and the field.

use std::path::{Path, PathBuf};

use attest_core::dsse::Envelope;
use attest_core::keys::PrivateKey;
use attest_core::trust::{Entry, EntryBody, EntryKind, TrustList, parse_list};
use serde_json::{Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `"keys":[…]` of the key of seed `[i; 32]`, as a list carries it.
fn keys(i: u8) -> String {
    let key = PrivateKey::from_seed(&[i; 32]).unwrap();
    let pem = serde_json::to_string(&key.public().to_spki_pem()).unwrap();
    format!(r#""keys":[{{"keyid":"{}","publicKey":{pem},"holder":"office {i}"}}]"#, key.public().id())
}

fn governance(i: u8) -> String {
    format!(r#"{{"threshold":1,{}}}"#, keys(i))
}

const GRANT: &str = r#""status":"granted","history":[{"status":"granted","since":"2026-01-01T00:00:00Z"}]"#;

/// One entry of every kind, each with every field its kind may carry, in
/// the order attest writes them (id, kind, name, jurisdiction, keys, scope,
/// certifies, maxValidityDays, accreditation, from, to, listName,
/// governance, origin, authorities, status, validFrom, validUntil, history).
fn every_kind() -> Vec<(EntryKind, String)> {
    let validity = r#""validFrom":"2026-01-01T00:00:00Z","validUntil":"2027-01-01T00:00:00Z""#;
    let scope = r#""scope":[{"purl":"pkg:cargo/serde","versions":"^1","exact":["1.0.200"],"digests":[{"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}]}]"#;
    let suspended = r#""status":"suspended","history":[{"status":"granted","since":"2026-01-01T00:00:00Z"},{"status":"suspended","since":"2026-02-01T00:00:00Z","grandfathered":["KZ-2026-1"]}]"#;
    vec![
        (
            EntryKind::Supplier,
            format!(
                r#"{{"id":"acme","kind":"supplier","name":"Acme","jurisdiction":"KZ",{},{scope},"status":"granted",{validity},"history":[{{"status":"granted","since":"2026-01-01T00:00:00Z"}}]}}"#,
                keys(1)
            ),
        ),
        (EntryKind::Component, format!(r#"{{"id":"serde","kind":"component","jurisdiction":"KZ",{scope},{GRANT}}}"#)),
        (
            EntryKind::Authority,
            format!(
                r#"{{"id":"kz-regulator","kind":"authority","name":"Regulator","jurisdiction":"KZ",{},"certifies":["standard","high"],"maxValidityDays":730,"accreditation":"KZ-NAC 0571",{suspended}}}"#,
                keys(2)
            ),
        ),
        (
            EntryKind::TrustList,
            format!(
                r#"{{"id":"uz","kind":"trust-list","name":"UZ","jurisdiction":"UZ","listName":"uz-national","governance":{},{GRANT}}}"#,
                governance(3)
            ),
        ),
        (
            EntryKind::Log,
            format!(
                r#"{{"id":"kz-log","kind":"log","jurisdiction":"KZ",{},"origin":"kz.example/log","authorities":["kz-regulator"],{GRANT}}}"#,
                keys(4)
            ),
        ),
        (
            EntryKind::Witness,
            format!(
                r#"{{"id":"uz-witness","kind":"witness","name":"witness.uz.example","jurisdiction":"UZ",{},{GRANT}}}"#,
                keys(5)
            ),
        ),
        (
            EntryKind::Equivalence,
            format!(
                r#"{{"id":"kz-uz","kind":"equivalence","name":"UZ takes KZ standard","from":{{"jurisdiction":"KZ","class":"standard"}},"to":{{"jurisdiction":"UZ","class":"basic"}},{GRANT}}}"#
            ),
        ),
    ]
}

/// A list around `entries` (JSON texts), compact as a payload is.
fn list_text(entries: &[String]) -> String {
    format!(
        r#"{{"_type":"urn:attest:trust-list:v1","name":"kz-national","jurisdiction":"KZ","sequence":1,"issued":"2026-01-01T00:00:00Z","nextUpdate":"2026-04-01T00:00:00Z","governance":{},"entries":[{}]}}"#,
        governance(9),
        entries.join(",")
    )
}

fn read(text: &str) -> attest_core::Result<TrustList> {
    parse_list(text.as_bytes(), "test list")
}

#[test]
fn every_kind_reads_into_its_own_body_and_writes_back_the_same_bytes() {
    let entries = every_kind();
    let texts: Vec<String> = entries.iter().map(|(_, t)| t.clone()).collect();
    let text = list_text(&texts);
    let list = read(&text).unwrap();
    assert_eq!(String::from_utf8(serde_json::to_vec(&list).unwrap()).unwrap(), text);
    for ((kind, entry_text), entry) in entries.iter().zip(&list.entries) {
        assert_eq!(entry.kind(), *kind);
        assert_eq!(serde_json::to_string(entry).unwrap(), *entry_text, "{kind}");
    }
    // Each kind's own parts are in its body, typed.
    let authority = list.entry("kz-regulator").and_then(Entry::authority).unwrap();
    assert_eq!((authority.jurisdiction.as_str(), authority.max_validity_days), ("KZ", Some(730)));
    assert!(matches!(&list.entry("uz").unwrap().body, EntryBody::TrustList(r) if r.list_name == "uz-national"));
    assert!(matches!(&list.entry("kz-log").unwrap().body, EntryBody::Log(l) if l.origin == "kz.example/log"));
    assert!(
        matches!(&list.entry("kz-uz").unwrap().body, EntryBody::Equivalence { from, .. } if from.class == "standard")
    );
    assert_eq!(list.entry("kz-uz").unwrap().jurisdiction(), None);
    assert_eq!(list.entry("uz-witness").unwrap().jurisdiction(), Some("UZ"));
}

/// Every list in testdata, written by earlier versions of attest, is
/// written back byte for byte: payloads, and the payloads of envelopes.
#[test]
fn every_testdata_list_round_trips_byte_for_byte() {
    let dir = repo_root().join("testdata/fuzz/trust_list");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let payload =
            if name.ends_with(".payload.json") { bytes } else { Envelope::from_json(&bytes, &name).unwrap().payload };
        let list = parse_list(&payload, &name).unwrap();
        assert_eq!(serde_json::to_vec(&list).unwrap(), payload, "{name}");
        seen += 1;
    }
    assert!(seen >= 4, "only {seen} lists in {}", dir.display());
}

/// Every field that belongs to some kind, with a value it would carry there.
fn foreign_fields() -> Vec<(&'static str, Value)> {
    let key: Value = serde_json::from_str(&format!("{{{}}}", keys(7))).unwrap();
    let gov: Value = serde_json::from_str(&governance(8)).unwrap();
    vec![
        ("jurisdiction", json!("KZ")),
        ("keys", key["keys"].clone()),
        ("scope", json!([{ "purl": "pkg:cargo/serde" }])),
        ("certifies", json!(["standard"])),
        ("maxValidityDays", json!(30)),
        ("accreditation", json!("ref")),
        ("from", json!({ "jurisdiction": "KZ", "class": "standard" })),
        ("to", json!({ "jurisdiction": "UZ", "class": "basic" })),
        ("listName", json!("other")),
        ("governance", gov),
        ("origin", json!("log.example")),
        ("authorities", json!(["kz-regulator"])),
    ]
}

#[test]
fn a_field_of_another_kind_is_refused_naming_the_entry_and_the_field() {
    // The table agrees with docs/formats.md: authorities carry classes, equivalences no keys.
    assert!(EntryKind::Authority.may_carry().contains(&"certifies"));
    assert!(!EntryKind::Supplier.may_carry().contains(&"certifies"));
    assert!(!EntryKind::Equivalence.may_carry().contains(&"keys"));
    let mut refused = 0;
    for (kind, text) in every_kind() {
        for (field, value) in foreign_fields() {
            if kind.may_carry().contains(&field) {
                continue;
            }
            let mut entry: Value = serde_json::from_str(&text).unwrap();
            entry[field] = value;
            let err = read(&list_text(&[entry.to_string()])).unwrap_err().to_string();
            let id = entry["id"].as_str().unwrap();
            assert!(err.contains(&format!("entry \"{id}\"")), "{kind} + {field}: {err}");
            assert!(err.contains(&format!("an entry of kind {kind} cannot have `{field}`")), "{kind} + {field}: {err}");
            refused += 1;
        }
    }
    // 7 kinds × 12 fields, less the 21 the kinds carry.
    assert_eq!(refused, 7 * 12 - 21);
}

#[test]
fn unknown_and_missing_fields_are_refused() {
    let (_, text) = every_kind().remove(2);
    let mut entry: Value = serde_json::from_str(&text).unwrap();
    entry["certifiess"] = json!(["standard"]);
    let err = read(&list_text(&[entry.to_string()])).unwrap_err().to_string();
    assert!(err.contains("unknown field `certifiess`"), "{err}");

    for (kind, id, field) in [
        (EntryKind::Authority, "kz-regulator", "jurisdiction"),
        (EntryKind::TrustList, "uz", "listName"),
        (EntryKind::TrustList, "uz", "governance"),
        (EntryKind::Log, "kz-log", "origin"),
        (EntryKind::Witness, "uz-witness", "name"),
        (EntryKind::Witness, "uz-witness", "jurisdiction"),
        (EntryKind::Equivalence, "kz-uz", "to"),
    ] {
        let (_, text) = every_kind().into_iter().find(|(k, _)| *k == kind).unwrap();
        let mut entry: Value = serde_json::from_str(&text).unwrap();
        entry.as_object_mut().unwrap().remove(field);
        let err = read(&list_text(&[entry.to_string()])).unwrap_err().to_string();
        assert!(err.contains(&format!("entry \"{id}\"")) && err.contains(&format!("needs `{field}`")), "{err}");
    }
    // What a type cannot say is still checked: an authority with no keys.
    let (_, text) = every_kind().remove(2);
    let mut entry: Value = serde_json::from_str(&text).unwrap();
    entry.as_object_mut().unwrap().remove("keys");
    let err = read(&list_text(&[entry.to_string()])).unwrap_err().to_string();
    assert!(err.contains("(kz-regulator): an entry of kind authority needs `keys`"), "{err}");
}

#[test]
fn a_zero_threshold_is_refused_naming_the_field() {
    let text = list_text(&[]).replacen(r#""threshold":1"#, r#""threshold":0"#, 1);
    let err = read(&text).unwrap_err().to_string();
    assert!(err.contains("`threshold` is 0; it must be between 1"), "{err}");
    // In a pinned governance too.
    let (_, pin) = every_kind().remove(3);
    let text = list_text(&[pin.replacen(r#""threshold":1"#, r#""threshold":0"#, 1)]);
    let err = read(&text).unwrap_err().to_string();
    assert!(err.contains("`threshold` is 0"), "{err}");
}
