//! `schemas/certificate.schema.json` and `schemas/bundle.schema.json` against
//! what attest really issues (docs/formats.md: "the tests validate every fixture
//! and every emitted document against it").
//!
//! Certificates and bundles are issued in-process with
//! [`attest_core::certify::issue`], on lists built with the edit functions
//! the CLI uses, and must validate; the bundle is also verified offline, so
//! the documents checked are ones a foreign regulator would accept. Each
//! negative case (an unknown field, a missing field, a time in the wrong
//! form, a wrong type…) is checked against the Rust reader too, so that the
//! schemas and the model cannot silently drift apart. The few rules where
//! the schemas are deliberately stricter than the reader are listed apart.
//!
//! The bundle schema refers to the policy, certificate and trust-list
//! schemas by their `$id`; all four are registered by `$id`, so nothing is
//! looked up on disk or on the network. With content assertions on, the
//! validator also decodes every envelope's payload and checks it against
//! the schema of its kind.

use std::path::{Path, PathBuf};

use attest_core::attestation::{self, PREDICATE_CYCLONEDX};
use attest_core::bundle::{Bundle, policy_bytes};
use attest_core::certificate::{Certificate, PREDICATE_MUTUAL_RECOGNITION};
use attest_core::certify::{self, IssueRequest, VerifyContext};
use attest_core::digest::{DigestSet, Sha256Digest, Sha512Digest};
use attest_core::dsse::{Envelope, PAYLOAD_TYPE_IN_TOTO};
use attest_core::keys::PrivateKey;
use attest_core::policy::Policy;
use attest_core::sbom::{GenerateRequest, Product, generate, scan};
use attest_core::statement::{Statement, Subject};
use attest_core::testkit;
use attest_core::timestamp::Timestamp;
use attest_core::trust::edit::{self, Init};
use attest_core::trust::verify::{Decision, Origin, Request, decide};
use attest_core::trust::{Entry, EntryKind, FlatEntry, ListedKey, Scope, SignedList, TrustList};
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use serde_json::value::RawValue;
use serde_json::{Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const CERTIFICATE: &str = "urn:attest:schema:certificate:v1";
const PREDICATE: &str = "urn:attest:schema:certificate:v1#/$defs/predicate";
const PREDICATE_ANCHOR: &str = "urn:attest:schema:certificate:v1#predicate";
const BUNDLE: &str = "urn:attest:schema:bundle:v1";

/// The four schemas, registered under their `$id`s and compiled.
struct Schemas {
    schemas: boon::Schemas,
    certificate: boon::SchemaIndex,
    predicate: boon::SchemaIndex,
    predicate_anchor: boon::SchemaIndex,
    bundle: boon::SchemaIndex,
}

impl Schemas {
    /// With `content`, `contentSchema` is asserted: every envelope payload
    /// is decoded and validated against the schema of its kind.
    fn load(content: bool) -> Schemas {
        let mut compiler = boon::Compiler::new();
        if content {
            compiler.enable_content_assertions();
        }
        for name in ["policy", "trust-list", "certificate", "bundle"] {
            let path = repo_root().join("schemas").join(format!("{name}.schema.json"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let id = value["$id"].as_str().unwrap_or_else(|| panic!("{name} has no $id")).to_owned();
            assert_eq!(id, format!("urn:attest:schema:{name}:v1"), "{name}: $id");
            compiler.add_resource(&id, value).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let mut schemas = boon::Schemas::new();
        let mut compile =
            |loc: &str| compiler.compile(loc, &mut schemas).unwrap_or_else(|e| panic!("{loc} does not compile: {e:#}"));
        let certificate = compile(CERTIFICATE);
        let predicate = compile(PREDICATE);
        let predicate_anchor = compile(PREDICATE_ANCHOR);
        let bundle = compile(BUNDLE);
        Schemas { schemas, certificate, predicate, predicate_anchor, bundle }
    }

    fn check(&self, index: boon::SchemaIndex, doc: &Value) -> Result<(), String> {
        self.schemas.validate(doc, index).map_err(|e| format!("{e:#}"))
    }

    #[track_caller]
    fn assert_valid(&self, index: boon::SchemaIndex, what: &str, doc: &Value) {
        if let Err(e) = self.check(index, doc) {
            panic!("{what} does not validate: {e}\n{doc:#}");
        }
    }
}

fn key(i: u8) -> PrivateKey {
    PrivateKey::from_seed(&[i; 32]).unwrap()
}

fn t(s: &str) -> Timestamp {
    Timestamp::parse_strict(s).unwrap()
}

const LISTS_ISSUED: &str = "2026-01-01T00:00:00Z";
const ISSUED: &str = "2026-01-20T00:00:00Z";
const VERIFIED: &str = "2026-02-01T00:00:00Z";
const VENDOR: u8 = 9;
const REGULATOR: u8 = 11;
const KZ_GOVERNORS: [u8; 3] = [1, 2, 3];
const SCO_GOVERNORS: [u8; 3] = [4, 5, 6];

/// An entry of KZ written flat; [`Entry::try_from`] checks its kind.
fn entry(id: &str, kind: EntryKind) -> FlatEntry {
    FlatEntry { jurisdiction: Some("KZ".into()), ..FlatEntry::granted(id, kind, t(LISTS_ISSUED)) }
}

fn new_list(name: &str, jurisdiction: &str, governors: [u8; 3], valid_for_days: u32) -> TrustList {
    let init = testkit::national_init(&governors, 2, t(LISTS_ISSUED)).unwrap();
    edit::init(Init { name: name.into(), jurisdiction: jurisdiction.into(), valid_for_days, ..init }).unwrap()
}

/// Signed by the first two governors (threshold 2).
fn signed(list: &TrustList, governors: [u8; 3]) -> SignedList {
    let one = edit::sign_draft(list, &key(governors[0]), None).unwrap();
    edit::cosign(one, &key(governors[1]), None).unwrap()
}

/// `kz-national`: the vendor as supplier of `pkg:generic/acme/*` 1.x–2.x.
fn national_list() -> SignedList {
    let mut list = new_list("kz-national", "KZ", KZ_GOVERNORS, 90);
    let acme = FlatEntry {
        name: Some("Acme LLP".into()),
        keys: vec![ListedKey::new(key(VENDOR).public(), None)],
        scope: vec![Scope::new("pkg:generic/acme/*", Some(">=1.0.0, <3"))],
        ..entry("acme", EntryKind::Supplier)
    };
    list = edit::add_entry(list, Entry::try_from(acme).unwrap()).unwrap();
    signed(&list, KZ_GOVERNORS)
}

/// `sco-federation`: `kz-regulator` may certify `standard` for at most 730
/// days, and `kz-national` is recognised by its governance.
fn federation_list(national: &SignedList) -> SignedList {
    let mut list = new_list("sco-federation", "SCO", SCO_GOVERNORS, 365);
    let authority = FlatEntry {
        keys: vec![ListedKey::new(key(REGULATOR).public(), Some("KZ import regulator".into()))],
        certifies: vec!["standard".into()],
        max_validity_days: Some(730),
        accreditation: Some("KZ-NAC 17065 No. 0571".into()),
        ..entry("kz-regulator", EntryKind::Authority)
    };
    let recognised = FlatEntry {
        list_name: Some(national.list.name.clone()),
        governance: Some(national.list.governance.clone()),
        ..entry("kz-national", EntryKind::TrustList)
    };
    list = edit::add_entry(list, Entry::try_from(authority).unwrap()).unwrap();
    list = edit::add_entry(list, Entry::try_from(recognised).unwrap()).unwrap();
    signed(&list, SCO_GOVERNORS)
}

fn believe(anchor: &SignedList, offered: &[SignedList], time: &str) -> Decision {
    let candidates = offered.iter().cloned().map(|l| (l, Origin::Offered)).collect();
    decide(Request { anchor: anchor.clone(), candidates, state: None, time: t(time) }).unwrap()
}

/// Verification under `lists` at `VERIFIED`, with no subject, policy or class.
fn context(lists: &Decision) -> VerifyContext<'_> {
    VerifyContext {
        lists,
        artefacts: &[],
        own_policy: None,
        accept: None,
        time: t(VERIFIED),
        checkpoints: Default::default(),
    }
}

/// How the release and its certificate vary.
struct Variant {
    certificate_id: Option<&'static str>,
    supplier: Option<&'static str>,
    /// Subjects with SHA-512 too, and a second artefact.
    sha512_and_two_subjects: bool,
    /// `--condition`s.
    conditions: &'static [&'static str],
    /// `--supersedes`.
    supersedes: Option<&'static str>,
    /// SBOM profiles the policy requires (the SBOM is made to meet them).
    sbom_profiles: &'static [&'static str],
}

/// What was issued, as documents.
struct Issued {
    certificate: Certificate,
    /// The certificate envelope's payload: the in-toto Statement.
    statement: Value,
    /// The bundle exactly as attest writes it.
    bundle_bytes: Vec<u8>,
    bundle: Value,
}

fn digests(bytes: &[u8], sha512: bool) -> DigestSet {
    DigestSet {
        sha256: Sha256Digest::of(bytes),
        sha512: sha512.then(|| Sha512Digest::of(bytes)),
        other: Default::default(),
    }
}

/// The vendor signs a release, kz-regulator certifies it, and the bundle
/// verifies offline against the federation alone.
fn issue(v: &Variant) -> Issued {
    let dir = tempfile::tempdir().unwrap();
    let artefacts: &[(&str, &[u8])] = if v.sha512_and_two_subjects {
        &[("dist/acme-gateway-2.4.1.tar.gz", b"acme-gateway 2.4.1"), ("dist/acme-gateway-2.4.1.zip", b"zip")]
    } else {
        &[("dist/acme-gateway-2.4.1.tar.gz", b"acme-gateway 2.4.1")]
    };
    for (name, bytes) in artefacts {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let req = GenerateRequest {
        paths: vec![dir.path().to_path_buf()],
        product: Product {
            name: "acme-gateway".into(),
            version: "2.4.1".into(),
            supplier: v.supplier.map(Into::into),
            purl: Some("pkg:generic/acme/acme-gateway@2.4.1".into()),
        },
        timestamp: Some(t(ISSUED)),
        creator: attest_core::sbom::Creator { email: Some("sbom@acme.example".into()), url: None },
        license: Some("Apache-2.0".into()),
        fill_profiles: !v.sbom_profiles.is_empty(),
        ..Default::default()
    };
    let sbom = generate(&req, scan(&req).unwrap(), &|_| {}).unwrap();
    let subjects = artefacts
        .iter()
        .map(|(name, bytes)| Subject { name: (*name).into(), digest: digests(bytes, v.sha512_and_two_subjects) })
        .collect();
    let attestation = attestation::sign(&sbom.json, "SBOM", subjects, &key(VENDOR)).unwrap();

    let national = national_list();
    let federation = federation_list(&national);
    let policy_file = std::fs::read(repo_root().join("testdata/policy/kz-import-2026.json")).unwrap();
    let policy_file = if v.sbom_profiles.is_empty() {
        policy_file
    } else {
        let mut policy: Value = serde_json::from_slice(policy_bytes(&policy_file)).unwrap();
        policy["sbom"]["profiles"] = json!(v.sbom_profiles);
        serde_json::to_vec(&policy).unwrap()
    };
    let policy_bytes = policy_bytes(&policy_file);
    let policy = Policy::from_json(policy_bytes, "kz-import-2026.json").unwrap();
    let issued = certify::issue(&IssueRequest {
        key: &key(REGULATOR),
        authority: "kz-regulator",
        attestation: &attestation,
        attestation_doc: "acme-gateway.att.json",
        national: &believe(&national, &[], ISSUED),
        federation: &believe(&federation, &[], ISSUED),
        policy: &policy,
        policy_bytes,
        evidence: &[],
        artefacts: &[],
        time: t(ISSUED),
        certificate_id: v.certificate_id.map(Into::into),
        conditions: &v.conditions.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>(),
        supersedes: v.supersedes.map(Into::into),
    })
    .unwrap();
    let Some((certificate, bundle)) = issued.bundle else {
        panic!("nothing issued: {:#?}", issued.report);
    };

    // State B, offline, with the federation anchor only.
    let bundle_bytes = bundle.to_json().unwrap();
    let read = Bundle::from_json(&bundle_bytes, "bundle.json").unwrap();
    let carried: Vec<SignedList> = read.trust_lists.iter().map(|l| SignedList::clone(l)).collect();
    let lists = believe(&federation, &carried, VERIFIED);
    let verdict = certify::verify_bundle(&read, &context(&lists)).unwrap();
    assert!(verdict.report.passed(), "the issued bundle does not verify: {:#?}", verdict.report);

    Issued {
        statement: serde_json::from_slice(&bundle.certificate.payload).unwrap(),
        bundle: serde_json::from_slice(&bundle_bytes).unwrap(),
        bundle_bytes,
        certificate,
    }
}

fn variants() -> Vec<(&'static str, Variant)> {
    vec![
        (
            "given id, one subject",
            Variant {
                certificate_id: Some("KZ-2026-0000000000000001"),
                supplier: Some("Acme LLP"),
                sha512_and_two_subjects: false,
                conditions: &["Only as shipped, without plug-ins.", "Not for use in medical devices."],
                supersedes: Some("KZ-2025-0000000000000009"),
                sbom_profiles: &["tr-03183-2"],
            },
        ),
        (
            "random id, no supplier, two subjects with sha512",
            Variant {
                certificate_id: None,
                supplier: None,
                sha512_and_two_subjects: true,
                conditions: &[],
                supersedes: None,
                sbom_profiles: &[],
            },
        ),
    ]
}

fn fixture() -> Issued {
    let (_, v) = variants().remove(0);
    issue(&v)
}

#[test]
fn issued_certificates_and_bundles_validate() {
    let deep = Schemas::load(true);
    let shallow = Schemas::load(false);
    for (what, v) in variants() {
        let issued = issue(&v);
        let predicate = serde_json::to_value(&issued.certificate).unwrap();
        for s in [&deep, &shallow] {
            s.assert_valid(s.certificate, &format!("{what}: certificate statement"), &issued.statement);
            // The predicate alone, as `certify … --output json` prints it.
            s.assert_valid(s.predicate, &format!("{what}: certificate predicate"), &predicate);
            s.assert_valid(s.predicate_anchor, &format!("{what}: certificate predicate (#predicate)"), &predicate);
            s.assert_valid(s.bundle, &format!("{what}: bundle"), &issued.bundle);
        }
        assert_eq!(issued.statement["predicate"], predicate, "{what}");
        assert_eq!(issued.bundle["trustLists"].as_array().map(Vec::len), Some(2), "{what}");
    }
}

#[test]
fn the_fixture_exercises_the_optional_parts() {
    let [(_, a), (_, b)] = <[_; 2]>::try_from(variants()).ok().unwrap();
    let (a, b) = (issue(&a), issue(&b));
    assert_eq!(a.statement["predicateType"], json!("urn:attest:mutual-recognition:v2"));
    assert_eq!(a.statement["predicate"]["scope"]["product"]["supplier"], json!("Acme LLP"));
    assert!(b.statement["predicate"]["scope"]["product"].get("supplier").is_none());
    assert_eq!(a.statement["predicate"]["conditions"].as_array().map(Vec::len), Some(2));
    assert!(b.statement["predicate"].get("conditions").is_none());
    assert_eq!(a.statement["predicate"]["supersedes"], json!("KZ-2025-0000000000000009"));
    assert_eq!(a.statement["predicate"]["issuer"]["accreditation"], json!("KZ-NAC 17065 No. 0571"));
    assert_eq!(a.statement["predicate"]["assessment"]["sbomProfiles"], json!(["tr-03183-2"]));
    assert!(a.statement["predicate"]["assessment"]["rules"].as_array().is_some_and(|r| r.len() > 3));
    assert_eq!(a.statement["predicate"]["scope"]["artefacts"], a.statement["subject"]);
    assert!(b.statement["subject"][1]["digest"]["sha512"].is_string());
    let id = b.certificate.certificate_id.as_str();
    assert!(id.starts_with("KZ-2026-") && id.len() == "KZ-2026-".len() + 16, "{id}");
    // A bundle carries the policy verbatim (b's is the fixture's file as it is).
    let text = String::from_utf8(b.bundle_bytes).unwrap();
    let policy = std::fs::read_to_string(repo_root().join("testdata/policy/kz-import-2026.json")).unwrap();
    assert!(text.contains(policy.trim()), "the policy is not embedded byte for byte");
}

/// One change to a valid document.
enum Change {
    Set(Value),
    Remove,
}

fn set(v: Value) -> Change {
    Change::Set(v)
}

/// Applies `change` at a `/`-separated path whose last segment is an object
/// key (`~1` for a `/` inside a key).
fn with(doc: &Value, path: &str, change: &Change) -> Value {
    let mut doc = doc.clone();
    let (parent, last) = path.rsplit_once('/').unwrap();
    let last = last.replace("~1", "/").replace("~0", "~");
    let obj = doc.pointer_mut(parent).and_then(Value::as_object_mut).unwrap_or_else(|| panic!("no object at {parent}"));
    match change {
        Change::Set(v) => {
            obj.insert(last, v.clone());
        }
        Change::Remove => assert!(obj.remove(&last).is_some(), "nothing to remove at {path}"),
    }
    doc
}

/// The reader of certificates: what `certify verify` runs on the verified
/// payload bytes.
fn read_certificate(statement: &Value) -> attest_core::Result<Statement<Certificate>> {
    attest_core::certificate::parse_statement(&serde_json::to_vec(statement).unwrap(), "certificate")
}

#[test]
fn certificate_schema_and_reader_agree_on_changed_statements() {
    let s = Schemas::load(false);
    let doc = fixture().statement;
    let keyid = doc["predicate"]["issuer"]["keyid"].as_str().unwrap().to_owned();
    let cases: &[(&str, &str, Change, bool)] = &[
        // Unknown fields, at every level.
        ("unknown statement field", "/comment", set(json!("x")), false),
        ("unknown subject field", "/subject/0/size", set(json!(18)), false),
        ("unknown predicate field", "/predicate/validUntil", set(json!("2027-01-20T00:00:00Z")), false),
        ("unknown issuer field", "/predicate/issuer/name", set(json!("KZ import regulator")), false),
        ("unknown product field", "/predicate/scope/product/licence", set(json!("MIT")), false),
        ("unknown evaluation field", "/predicate/evaluation/score", set(json!(100)), false),
        ("unknown policy-ref field", "/predicate/evaluation/policy/version", set(json!("1")), false),
        ("sha512 beside a sha256 ref", "/predicate/evaluation/policy/digest/sha512", set(json!("00")), false),
        ("unknown list-ref field", "/predicate/evaluation/trustLists/0/url", set(json!("https://x")), false),
        ("unknown counts field", "/predicate/evaluation/components/skipped", set(json!(0)), false),
        ("snake-case counts field", "/predicate/evaluation/components/first_party", set(json!(0)), false),
        // Missing fields.
        ("missing subject", "/subject", Change::Remove, false),
        ("missing predicate", "/predicate", Change::Remove, false),
        ("missing certificateId", "/predicate/certificateId", Change::Remove, false),
        ("missing notAfter", "/predicate/notAfter", Change::Remove, false),
        ("missing notBefore", "/predicate/notBefore", Change::Remove, false),
        ("missing issuer keyid", "/predicate/issuer/keyid", Change::Remove, false),
        ("missing product name", "/predicate/scope/product/name", Change::Remove, false),
        ("missing evaluation result", "/predicate/evaluation/result", Change::Remove, false),
        ("missing first-party count", "/predicate/evaluation/components/first-party", Change::Remove, false),
        ("missing list sequence", "/predicate/evaluation/trustLists/0/sequence", Change::Remove, false),
        ("missing attestation digest", "/predicate/evaluation/attestation/digest", Change::Remove, false),
        ("missing subject sha256", "/subject/0/digest/sha256", Change::Remove, false),
        // Times not in the one accepted form (docs/threat-model.md T22).
        ("issued with an offset", "/predicate/issued", set(json!("2026-01-20T00:00:00+00:00")), false),
        ("notAfter with fractions", "/predicate/notAfter", set(json!("2027-01-20T00:00:00.5Z")), false),
        ("notBefore as a date", "/predicate/notBefore", set(json!("2026-01-20")), false),
        ("issued in lower case", "/predicate/issued", set(json!("2026-01-20t00:00:00z")), false),
        ("issued as a number", "/predicate/issued", set(json!(1_768_867_200)), false),
        // Wrong types (docs/threat-model.md T4) and shapes.
        ("attestation's predicateType", "/predicateType", set(json!(PREDICATE_CYCLONEDX)), false),
        ("another Statement version", "/_type", set(json!("https://in-toto.io/Statement/v0.1")), false),
        ("no subject", "/subject", set(json!([])), false),
        ("subject without a name", "/subject/0/name", set(json!("")), false),
        ("short key id", "/predicate/issuer/keyid", set(json!("abcd")), false),
        ("short attestation digest", "/predicate/evaluation/attestation/digest/sha256", set(json!("ab")), false),
        ("negative count", "/predicate/evaluation/components/total", set(json!(-1)), false),
        ("count as a string", "/predicate/evaluation/components/listed", set(json!("3")), false),
        ("sequence as a string", "/predicate/evaluation/trustLists/0/sequence", set(json!("1")), false),
        ("recognition as a string", "/predicate/recognition", set(json!("sco-federation")), false),
        ("null version", "/predicate/scope/product/version", set(Value::Null), false),
        // Still valid.
        ("upper-case key id", "/predicate/issuer/keyid", set(json!(keyid.to_uppercase())), true),
        ("no product version", "/predicate/scope/product/version", Change::Remove, true),
        ("no product supplier", "/predicate/scope/product/supplier", Change::Remove, true),
        ("no product purl", "/predicate/scope/product/purl", Change::Remove, true),
        ("digest algorithm attest does not use", "/subject/0/digest/sha3-256", set(json!("00")), true),
        ("several federations", "/predicate/recognition", set(json!(["sco-federation", "eaeu"])), true),
        // Version 2's own fields.
        ("missing scope", "/predicate/scope", Change::Remove, false),
        ("missing assessment", "/predicate/assessment", Change::Remove, false),
        ("v1 product beside scope", "/predicate/product", set(json!({"name": "x"})), false),
        ("unknown scope field", "/predicate/scope/configuration", set(json!("x")), false),
        ("unknown rule field", "/predicate/assessment/rules/0/weight", set(json!(1)), false),
        ("a failed rule", "/predicate/assessment/rules/0/outcome", set(json!("fail")), false),
        ("an empty condition", "/predicate/conditions", set(json!(["ok", ""])), false),
        ("conditions empty rather than absent", "/predicate/conditions", set(json!([])), true),
        ("supersedes not an id", "/predicate/supersedes", set(json!("KZ 2025/1")), false),
        ("supersedes itself", "/predicate/supersedes", set(json!("KZ-2026-0000000000000001")), false),
        ("empty accreditation", "/predicate/issuer/accreditation", set(json!("")), false),
        ("artefacts not the subjects", "/predicate/scope/artefacts/0/name", set(json!("other.tar.gz")), false),
        ("declared v1", "/predicateType", set(json!(PREDICATE_MUTUAL_RECOGNITION)), false),
        ("no conditions", "/predicate/conditions", Change::Remove, true),
        ("no renewal", "/predicate/supersedes", Change::Remove, true),
        ("no accreditation", "/predicate/issuer/accreditation", Change::Remove, true),
        ("no profiles met", "/predicate/assessment/sbomProfiles", set(json!([])), true),
    ];
    // Rules across fields, which a schema cannot express: only the reader refuses them.
    let reader_only = ["supersedes itself", "artefacts not the subjects"];
    for (what, path, change, valid) in cases {
        let changed = with(&doc, path, change);
        let by_schema = s.check(s.certificate, &changed);
        let by_reader = read_certificate(&changed);
        if reader_only.contains(what) {
            assert!(by_schema.is_ok(), "schema on {what}: {by_schema:?}");
            assert!(by_reader.is_err(), "reader accepts {what}");
            continue;
        }
        assert_eq!(by_schema.is_ok(), *valid, "schema on {what}: {by_schema:?}");
        assert_eq!(by_reader.is_ok(), *valid, "reader on {what}: {:?}", by_reader.err());
        // The predicate schema alone judges the predicate alike.
        if path.starts_with("/predicate/") {
            assert_eq!(s.check(s.predicate, &changed["predicate"]).is_ok(), *valid, "predicate schema on {what}");
        }
    }
}

/// A version 1 certificate (what attest issued before v2): `product` at the
/// top, none of v2's fields. The schema and the reader accept it, and refuse
/// it with any v2 field.
fn as_v1(statement: &Value) -> Value {
    let mut v1 = statement.clone();
    v1["predicateType"] = json!(PREDICATE_MUTUAL_RECOGNITION);
    let p = v1["predicate"].as_object_mut().unwrap();
    let product = p["scope"]["product"].clone();
    for k in ["scope", "assessment", "conditions", "supersedes"] {
        p.remove(k);
    }
    p.insert("product".into(), product);
    p["issuer"].as_object_mut().unwrap().remove("accreditation");
    v1
}

#[test]
fn version_1_certificates_are_still_read_and_keep_to_their_fields() {
    let s = Schemas::load(false);
    let v1 = as_v1(&fixture().statement);
    s.assert_valid(s.certificate, "v1 statement", &v1);
    s.assert_valid(s.predicate, "v1 predicate", &v1["predicate"]);
    let read = read_certificate(&v1).unwrap();
    assert_eq!(read.predicate.version(), attest_core::certificate::Version::V1);
    assert_eq!(read.predicate.product().name, "acme-gateway");
    for (what, path, change) in [
        ("v2 conditions", "/predicate/conditions", set(json!(["x"]))),
        ("v2 supersedes", "/predicate/supersedes", set(json!("KZ-2025-1"))),
        ("v2 accreditation", "/predicate/issuer/accreditation", set(json!("x"))),
        ("v2 assessment", "/predicate/assessment", set(json!({"rules": [], "sbomProfiles": []}))),
        ("no product", "/predicate/product", Change::Remove),
    ] {
        let changed = with(&v1, path, &change);
        assert!(s.check(s.certificate, &changed).is_err(), "schema accepts v1 with {what}");
        assert!(read_certificate(&changed).is_err(), "reader accepts v1 with {what}");
    }
    // Declared v2 with v1's fields: refused.
    let mut v2_declared = v1.clone();
    v2_declared["predicateType"] = json!("urn:attest:mutual-recognition:v2");
    assert!(s.check(s.certificate, &v2_declared).is_err());
    assert!(read_certificate(&v2_declared).is_err());
}

/// A signed version 1 certificate in a bundle verifies offline as before,
/// and the same signed as v2 with a v1 field does not read.
#[test]
fn a_signed_version_1_certificate_still_verifies() {
    let issued = fixture();
    let v1 = as_v1(&issued.statement);
    let mut bundle = Bundle::from_json(&issued.bundle_bytes, "bundle.json").unwrap();
    bundle.certificate =
        Envelope::sign(PAYLOAD_TYPE_IN_TOTO, serde_json::to_vec(&v1).unwrap(), &key(REGULATOR)).unwrap();
    let national = national_list();
    let federation = federation_list(&national);
    let carried: Vec<SignedList> = bundle.trust_lists.iter().map(|l| SignedList::clone(l)).collect();
    let lists = believe(&federation, &carried, VERIFIED);
    let verdict = certify::verify_bundle(&bundle, &context(&lists)).unwrap();
    assert!(verdict.report.passed(), "{:#?}", verdict.report);
    let cert = verdict.certificate.unwrap();
    assert_eq!(cert.version(), attest_core::certificate::Version::V1);
    assert_eq!(cert.product().name, "acme-gateway");
}

/// Documents attest never issues: the schema and the reader
/// (`Certificate::check`) both refuse them.
#[test]
fn certificate_schema_and_reader_refuse_what_attest_never_issues() {
    let s = Schemas::load(false);
    let doc = fixture().statement;
    let cases: &[(&str, &str, Value)] = &[
        ("a result other than PASSED", "/predicate/evaluation/result", json!("FAILED")),
        ("no recognition", "/predicate/recognition", json!([])),
        ("no trust lists", "/predicate/evaluation/trustLists", json!([])),
        ("empty certificate id", "/predicate/certificateId", json!("")),
        ("empty class", "/predicate/class", json!("")),
        ("empty authority", "/predicate/issuer/authority", json!("")),
        ("sequence 0", "/predicate/evaluation/trustLists/0/sequence", json!(0)),
    ];
    for (what, path, value) in cases {
        let changed = with(&doc, path, &set(value.clone()));
        assert!(s.check(s.certificate, &changed).is_err(), "schema accepts {what}");
        assert!(read_certificate(&changed).is_err(), "the reader accepts {what}");
    }
}

/// The reader of bundles, as far as `certify verify` reads before judging:
/// the bundle, its envelopes, policy and lists, then the certificate and
/// attestation statements (a failure here is exit 2, not a verdict).
fn read_bundle(doc: &Value) -> attest_core::Result<()> {
    let b = Bundle::from_json(&serde_json::to_vec(doc).unwrap(), "bundle.json")?;
    b.certificate.expect_type(PAYLOAD_TYPE_IN_TOTO, "certificate")?;
    attest_core::certificate::parse_statement(&b.certificate.payload, "certificate")?;
    b.attestation.expect_type(PAYLOAD_TYPE_IN_TOTO, "attestation")?;
    Statement::<Box<RawValue>>::from_payload(&b.attestation.payload, PREDICATE_CYCLONEDX, "attestation")?;
    Ok(())
}

/// The bundle with the payload of the envelope at `at` decoded, changed and
/// encoded again (the signatures no longer verify, which neither the schema
/// nor the reader looks at).
fn with_payload(bundle: &Value, at: &str, path: &str, change: &Change) -> Value {
    let mut bundle = bundle.clone();
    let env = bundle.pointer_mut(at).unwrap_or_else(|| panic!("no envelope at {at}"));
    let payload = Base64::decode_vec(env["payload"].as_str().unwrap()).unwrap();
    let doc: Value = serde_json::from_slice(&payload).unwrap();
    let changed = with(&doc, path, change);
    env["payload"] = json!(Base64::encode_string(&serde_json::to_vec(&changed).unwrap()));
    bundle
}

#[test]
fn bundle_schema_and_reader_agree_on_changed_bundles() {
    let deep = Schemas::load(true);
    let shallow = Schemas::load(false);
    let doc = fixture().bundle;
    let list_type = "application/vnd.attest.trust-list.v1+json";
    let cases: &[(&str, &str, Change, bool)] = &[
        // Unknown fields.
        ("unknown bundle field", "/signature", set(json!("x")), false),
        ("unknown envelope field", "/certificate/payloadTypes", set(json!("x")), false),
        ("unknown signature field", "/attestation/signatures/0/cert", set(json!("x")), false),
        ("unknown list envelope field", "/trustLists/1/comment", set(json!("x")), false),
        ("misspelt policy rule (T30)", "/policy/sbom/requirePurls", set(json!(true)), false),
        ("unknown policy section", "/policy/certificates", set(json!({})), false),
        // Missing fields.
        ("missing mediaType", "/mediaType", Change::Remove, false),
        ("missing certificate", "/certificate", Change::Remove, false),
        ("missing policy", "/policy", Change::Remove, false),
        ("missing trustLists", "/trustLists", Change::Remove, false),
        ("missing certificate signatures", "/certificate/signatures", Change::Remove, false),
        ("missing attestation payload", "/attestation/payload", Change::Remove, false),
        ("missing payloadType", "/trustLists/0/payloadType", Change::Remove, false),
        ("missing sig", "/certificate/signatures/0/sig", Change::Remove, false),
        ("missing policy id", "/policy/id", Change::Remove, false),
        // Wrong types and shapes.
        ("another media type", "/mediaType", set(json!("application/vnd.attest.bundle.v2+json")), false),
        ("trust list as certificate (T4)", "/certificate/payloadType", set(json!(list_type)), false),
        ("attestation of another type", "/attestation/payloadType", set(json!("text/plain")), false),
        ("certificate as trust list (T4)", "/trustLists/0/payloadType", set(json!(PAYLOAD_TYPE_IN_TOTO)), false),
        ("payload not base64", "/certificate/payload", set(json!("not base64!")), false),
        ("signature not 64 bytes", "/certificate/signatures/0/sig", set(json!("AAAA")), false),
        ("policy not an object", "/policy", set(json!("kz-import-2026")), false),
        ("trustLists not an array", "/trustLists", set(json!({})), false),
        // Still valid.
        ("signature without keyid (DSSE allows it)", "/certificate/signatures/0/keyid", Change::Remove, true),
        ("policy without its certificate section", "/policy/certificate", Change::Remove, true),
    ];
    for (what, path, change, valid) in cases {
        let changed = with(&doc, path, change);
        let by_reader = read_bundle(&changed);
        assert_eq!(by_reader.is_ok(), *valid, "reader on {what}: {:?}", by_reader.err());
        for (mode, s) in [("deep", &deep), ("shallow", &shallow)] {
            let by_schema = s.check(s.bundle, &changed);
            assert_eq!(by_schema.is_ok(), *valid, "{mode} schema on {what}: {by_schema:?}");
        }
    }

    // Inside the payloads: only a validator with content assertions sees
    // them, as the reader does.
    let payload_cases: &[(&str, &str, &str, Change)] = &[
        ("unknown certificate field", "/certificate", "/predicate/comment", set(json!("x"))),
        ("certificate without notAfter", "/certificate", "/predicate/notAfter", Change::Remove),
        (
            "certificate time with an offset",
            "/certificate",
            "/predicate/issued",
            set(json!("2026-01-20T05:00:00+05:00")),
        ),
        ("attestation as certificate (T4)", "/certificate", "/predicateType", set(json!(PREDICATE_CYCLONEDX))),
        ("unknown attestation statement field", "/attestation", "/comment", set(json!("x"))),
        ("certificate as attestation (T4)", "/attestation", "/predicateType", set(json!(PREDICATE_MUTUAL_RECOGNITION))),
        ("attestation without subjects", "/attestation", "/subject", set(json!([]))),
        ("unknown trust-list field", "/trustLists/1", "/operatorr", set(json!("x"))),
        ("trust list without governance", "/trustLists/0", "/governance", Change::Remove),
        ("trust list nextUpdate without Z", "/trustLists/1", "/nextUpdate", set(json!("2026-04-01T00:00:00"))),
    ];
    for (what, at, path, change) in payload_cases {
        let changed = with_payload(&doc, at, path, change);
        assert!(read_bundle(&changed).is_err(), "reader accepts {what}");
        assert!(deep.check(deep.bundle, &changed).is_err(), "deep schema accepts {what}");
        assert!(shallow.check(shallow.bundle, &changed).is_ok(), "shallow schema looks inside the payload: {what}");
    }
    // Re-encoding an unchanged payload keeps it valid.
    let same = with_payload(&doc, "/certificate", "/predicate/class", &set(json!("standard")));
    deep.assert_valid(deep.bundle, "re-encoded certificate", &same);
    assert!(read_bundle(&same).is_ok());
}

/// attest reads URL-safe, unpadded base64 too (DSSE allows it); the schema's
/// patterns do. (`contentEncoding: base64` means the standard alphabet, so a
/// validator asserting content would refuse it: attest never writes it.)
#[test]
fn url_safe_base64_is_read() {
    let s = Schemas::load(false);
    let mut doc = fixture().bundle;
    for at in ["/certificate", "/attestation"] {
        let env = doc.pointer_mut(at).unwrap();
        let payload = Base64::decode_vec(env["payload"].as_str().unwrap()).unwrap();
        env["payload"] = json!(Base64UrlUnpadded::encode_string(&payload));
        let sig = Base64::decode_vec(env["signatures"][0]["sig"].as_str().unwrap()).unwrap();
        env["signatures"][0]["sig"] = json!(Base64UrlUnpadded::encode_string(&sig));
    }
    s.assert_valid(s.bundle, "URL-safe bundle", &doc);
    read_bundle(&doc).unwrap();
}

/// Bundles attest never writes, which the reader parses and verification
/// then fails (no signature; no list to verify against): the schema refuses
/// them outright.
#[test]
fn bundle_schema_refuses_what_attest_never_writes() {
    let s = Schemas::load(false);
    let doc = fixture().bundle;
    let cases: &[(&str, &str, Value)] = &[
        ("unsigned certificate", "/certificate/signatures", json!([])),
        ("unsigned attestation", "/attestation/signatures", json!([])),
        ("no trust lists", "/trustLists", json!([])),
    ];
    for (what, path, value) in cases {
        let changed = with(&doc, path, &set(value.clone()));
        assert!(s.check(s.bundle, &changed).is_err(), "schema accepts {what}");
        assert!(read_bundle(&changed).is_ok(), "the reader refuses {what} now: move it to the agreeing cases");
    }
}

/// A DSSE envelope of a certificate, standing alone, matches the bundle
/// schema's envelope definition: what third-party DSSE tools see.
#[test]
fn the_certificate_envelope_is_a_plain_dsse_envelope() {
    let issued = fixture();
    let env = &issued.bundle["certificate"];
    let mut keys: Vec<&str> = env.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["payload", "payloadType", "signatures"]);
    let decoded = Envelope::from_json(&serde_json::to_vec(env).unwrap(), "certificate").unwrap();
    assert_eq!(decoded.payload_type, PAYLOAD_TYPE_IN_TOTO);
    let sig = &env["signatures"][0];
    assert_eq!(sig["keyid"], json!(key(REGULATOR).public().id().to_string()));
    assert_eq!(sig["sig"].as_str().map(str::len), Some(88), "standard padded base64");
}

/// The bundle reader makes one pass: serde refuses a duplicate field in
/// each fixed part, the policy's and each list's own strict reading a
/// duplicate key inside them (docs/threat-model.md T14). A duplicate at
/// every level is refused.
#[test]
fn a_duplicate_key_anywhere_in_a_bundle_is_refused() {
    let text = String::from_utf8(fixture().bundle_bytes).unwrap();
    assert!(Bundle::from_json(text.as_bytes(), "bundle.json").is_ok());
    // Before the n-th occurrence of `at`, insert `dup`.
    let insert = |at: &str, n: usize, dup: &str| {
        let (i, _) = text.match_indices(at).nth(n).unwrap_or_else(|| panic!("no {at:?} #{n} in the bundle"));
        format!("{}{dup}{}", &text[..i], &text[i..])
    };
    let cases = [
        ("the bundle", insert("\"mediaType\"", 0, "\"mediaType\": \"x\", ")),
        ("the certificate envelope", insert("\"payloadType\"", 0, "\"payloadType\": \"x\", ")),
        ("a signature", insert("\"sig\"", 0, "\"sig\": \"AAAA\", ")),
        ("the attestation envelope", insert("\"payload\"", 1, "\"payload\": \"AAAA\", ")),
        ("the policy", insert("\"jurisdiction\"", 0, "\"jurisdiction\": \"XX\", ")),
        ("a trust list envelope", insert("\"payloadType\"", 2, "\"payloadType\": \"x\", ")),
        (
            "the transparency",
            format!(
                "{},\n  \"transparency\": {{\"proof\": \"a\", \"proof\": \"b\"}}\n}}",
                text.trim_end().trim_end_matches('}')
            ),
        ),
    ];
    for (what, bytes) in cases {
        let err = Bundle::from_json(bytes.as_bytes(), "bundle.json").err().map(|e| e.to_string());
        assert!(err.as_deref().is_some_and(|e| e.contains("duplicate")), "a duplicate in {what}: {err:?}");
    }
}

/// Bundles carrying the same list text share one parsed list; another text
/// (here the same list with another, unsigned, keyid hint) is read on its own.
#[test]
fn bundles_share_a_list_only_when_its_text_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(fixture().bundle_bytes).unwrap();
    let mut bundle: Value = serde_json::from_str(&text).unwrap();
    bundle["trustLists"][0]["signatures"][0]["keyid"] = json!("another-hint");
    let paths: Vec<PathBuf> = [text.clone(), text, serde_json::to_string(&bundle).unwrap()]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = dir.path().join(format!("{i}.json"));
            std::fs::write(&p, t).unwrap();
            p
        })
        .collect();
    let read: Vec<Bundle> =
        attest_core::bundle::read_many(&paths, 1 << 24).into_iter().collect::<attest_core::Result<_>>().unwrap();
    assert!(std::sync::Arc::ptr_eq(&read[0].trust_lists[0], &read[1].trust_lists[0]));
    assert!(!std::sync::Arc::ptr_eq(&read[0].trust_lists[0], &read[2].trust_lists[0]));
    assert_eq!(read[2].trust_lists[0].envelope.signatures[0].keyid.as_deref(), Some("another-hint"));
}
