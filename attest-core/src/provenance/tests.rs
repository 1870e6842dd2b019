//! Unit tests: one per status and per rule, and the threats of
//! docs/threat-model.md T10 (revocations), T11 (out of scope), T25 (purl spellings)
//! end to end through [`decide`].

use serde_json::{Value, json};

use super::*;
use crate::digest::{DigestSet, Sha256Digest, Sha512Digest};
use crate::jsontree::tests::tree;
use crate::keys::PrivateKey;
use crate::testkit::unit::typed;
use crate::trust::{
    Entry, FlatEntry, ListedKey, Revocations, RevokedArtefact, RevokedComponent, RevokedKey, Scope, StatusChange,
};

fn t(s: &str) -> Timestamp {
    Timestamp::parse_strict(s).unwrap()
}

fn now() -> Timestamp {
    t("2026-06-01T00:00:00Z")
}

fn key(n: u8) -> PublicKey {
    PrivateKey::from_seed(&[n; 32]).unwrap().public().clone()
}

fn scope(purl: &str) -> Scope {
    Scope::new(purl, None)
}

fn versions(purl: &str, req: &str) -> Scope {
    Scope::new(purl, Some(req))
}

fn exact(purl: &str, list: &[&str]) -> Scope {
    Scope { exact: Some(list.iter().map(|s| s.to_string()).collect()), ..scope(purl) }
}

fn entry(id: &str, kind: EntryKind, keys: &[PublicKey], scope: Vec<Scope>) -> Entry {
    let keys = keys.iter().map(|k| ListedKey::new(k, None)).collect();
    typed(FlatEntry { keys, scope, ..FlatEntry::granted(id, kind, t("2026-01-01T00:00:00Z")) })
}

fn supplier(id: &str, keys: &[PublicKey], scope: Vec<Scope>) -> Entry {
    entry(id, EntryKind::Supplier, keys, scope)
}

fn component(id: &str, scope: Vec<Scope>) -> Entry {
    entry(id, EntryKind::Component, &[], scope)
}

fn list(name: &str, entries: Vec<Entry>, revoked: Revocations) -> TrustList {
    crate::testkit::unchecked_list(name, t("2026-01-01T00:00:00Z"), ListedKey::new(&key(99), None), entries, revoked)
}

fn sha(s: &str) -> Sha256Digest {
    Sha256Digest::of(s.as_bytes())
}

fn hashes(s: &str) -> Value {
    json!([{"alg": "SHA-256", "content": sha(s).to_hex()}])
}

/// A BOM whose product is `pkg:generic/acme/gateway@2.4.1` with `components`.
fn bom(components: Value) -> Value {
    bom_for("pkg:generic/acme/gateway@2.4.1", components)
}

fn bom_for(product: &str, components: Value) -> Value {
    json!({"bomFormat": "CycloneDX", "specVersion": "1.5",
           "metadata": {"component": {"type": "application", "name": "gateway", "purl": product}},
           "components": components})
}

fn lib(purl: &str) -> Value {
    json!({"type": "library", "name": purl, "bom-ref": purl, "purl": purl})
}

fn lib_hashed(purl: &str, content: &str) -> Value {
    json!({"type": "library", "name": purl, "purl": purl, "hashes": hashes(content)})
}

fn acme() -> Entry {
    supplier("acme", &[key(1)], vec![versions("pkg:generic/acme/*", ">=1.0.0, <3"), scope("pkg:npm/%40acme/*")])
}

fn national(extra: Vec<Entry>, revoked: Revocations) -> TrustList {
    let mut entries = vec![acme(), component("serde", vec![versions("pkg:cargo/serde", "^1")])];
    entries.extend(extra);
    list("kz-national", entries, revoked)
}

struct Run<'a> {
    lists: Vec<&'a TrustList>,
    signers: Vec<KeyId>,
    evidence: Vec<Evidence>,
    time: Timestamp,
}

impl<'a> Run<'a> {
    fn new(lists: &[&'a TrustList]) -> Self {
        Run { lists: lists.to_vec(), signers: vec![key(1).id()], evidence: vec![], time: now() }
    }

    fn eval(&self, sbom: &Value) -> Decisions {
        self.try_eval(sbom).unwrap()
    }

    fn try_eval(&self, sbom: &Value) -> Result<Decisions> {
        let sbom = &tree(sbom);
        let input =
            Input { sbom, lists: &self.lists, signers: &self.signers, evidence: &self.evidence, time: self.time };
        decide(&input)
    }

    fn one(&self, c: Value) -> ComponentDecision {
        let out = self.eval(&bom(json!([c])));
        assert_eq!(out.components.len(), 1);
        out.components.into_iter().next().unwrap()
    }
}

fn evidence(source: &str, signer: &PublicKey, content: &str) -> Evidence {
    let subject = Subject { name: "pkg.tgz".into(), digest: DigestSet::sha256(sha(content)) };
    Evidence { source: source.into(), signers: vec![signer.id()], subjects: vec![subject] }
}

#[test]
fn listed_by_a_granted_component_entry_within_its_versions() {
    let l = national(vec![], Revocations::default());
    let run = Run::new(&[&l]);
    let d = run.one(lib("pkg:cargo/serde@1.0.200"));
    assert_eq!(d.status, ComponentStatus::Listed, "{}", d.reason);
    assert_eq!(d.by.as_deref(), Some("kz-national/serde"));
    assert!(d.reason.contains("pkg:cargo/serde ^1"), "{}", d.reason);
    let d = run.one(lib("pkg:cargo/serde@2.0.0"));
    assert_eq!(d.status, ComponentStatus::Unknown);
    assert!(d.reason.contains("kz-national/serde covers pkg:cargo/serde ^1, not version 2.0.0"), "{}", d.reason);
}

#[test]
fn verified_by_evidence_signed_by_a_supplier_in_scope() {
    let l = national(vec![supplier("other", &[key(2)], vec![scope("pkg:npm/*")])], Revocations::default());
    let mut run = Run::new(&[&l]);
    let c = lib_hashed("pkg:npm/%40acme/widget@1.2.3", "widget");
    run.evidence = vec![evidence("widget.att", &key(1), "widget")];
    let d = run.one(c.clone());
    assert_eq!(d.status, ComponentStatus::Verified, "{}", d.reason);
    assert_eq!(d.by.as_deref(), Some("kz-national/acme"));
    assert!(d.reason.contains("widget.att"), "{}", d.reason);
    // Evidence about other bytes does not count.
    run.evidence = vec![evidence("widget.att", &key(1), "other bytes")];
    assert_eq!(run.one(c.clone()).status, ComponentStatus::Unknown);
    // A key that is no supplier's does not count.
    run.evidence = vec![evidence("widget.att", &key(7), "widget")];
    let d = run.one(c.clone());
    assert_eq!(d.status, ComponentStatus::Unknown);
    assert!(d.reason.contains("supplier kz-national/acme covers pkg:npm/%40acme/*, but no evidence"), "{}", d.reason);
    // A supplier signing outside its scope does not verify (T11 for evidence):
    // acme's key on an npm package outside @acme.
    run.evidence = vec![evidence("x.att", &key(1), "x")];
    assert_eq!(run.one(lib_hashed("pkg:npm/lodash@4.17.21", "x")).status, ComponentStatus::Unknown);
    // Another supplier whose scope covers it does.
    run.evidence = vec![evidence("x.att", &key(2), "x")];
    assert_eq!(run.one(lib_hashed("pkg:npm/lodash@4.17.21", "x")).status, ComponentStatus::Verified);
}

#[test]
fn evidence_matches_on_sha512_alone() {
    let l = national(vec![], Revocations::default());
    let mut run = Run::new(&[&l]);
    let h512 = Sha512Digest::of(b"npm tarball");
    let mut digest = DigestSet::sha256(sha("npm tarball"));
    digest.sha512 = Some(h512);
    let subject = Subject { name: "w.tgz".into(), digest };
    run.evidence = vec![Evidence { source: "e".into(), signers: vec![key(1).id()], subjects: vec![subject] }];
    let c = json!({"type": "library", "name": "w", "purl": "pkg:npm/%40acme/w@1.0.0",
                   "hashes": [{"alg": "SHA-512", "content": h512.to_hex().to_uppercase()}]});
    assert_eq!(run.one(c).status, ComponentStatus::Verified);
}

#[test]
fn first_party_files_and_unknown_components_without_purl() {
    let l = national(vec![], Revocations::default());
    let run = Run::new(&[&l]);
    let file = json!({"type": "file", "name": "bin/gateway", "hashes": hashes("gw")});
    let d = run.one(file);
    assert_eq!(d.status, ComponentStatus::FirstParty, "{}", d.reason);
    let d = run.one(json!({"type": "library", "name": "mystery"}));
    assert_eq!(d.status, ComponentStatus::Unknown);
    assert!(d.reason.contains("no purl"), "{}", d.reason);
    // A file with a purl is judged by its purl.
    assert_eq!(
        run.one(json!({"type": "file", "name": "x", "purl": "pkg:cargo/serde@1.0.0"})).status,
        ComponentStatus::Listed
    );
}

#[test]
fn nested_components_are_judged_in_document_order() {
    let l = national(vec![], Revocations::default());
    let run = Run::new(&[&l]);
    let mut inner = lib("pkg:cargo/serde@1.0.1");
    inner["components"] = json!([lib("pkg:cargo/evil@1.0.0")]);
    let mut sbom = bom(json!([inner, lib("pkg:cargo/serde@1.0.2")]));
    sbom["metadata"]["component"]["components"] = json!([lib("pkg:cargo/serde@1.0.3")]);
    let out = run.eval(&sbom);
    let purls: Vec<_> = out.components.iter().map(|d| d.purl.clone().unwrap()).collect();
    assert_eq!(
        purls,
        ["pkg:cargo/serde@1.0.1", "pkg:cargo/evil@1.0.0", "pkg:cargo/serde@1.0.2", "pkg:cargo/serde@1.0.3"]
    );
    assert_eq!(out.components.get(1).map(|d| d.status), Some(ComponentStatus::Unknown));
    assert_eq!(out.counts, Counts { total: 4, listed: 3, unknown: 1, ..Counts::default() });
}

#[test]
fn product_in_scope_passes_naming_the_supplier() {
    let l = national(vec![], Revocations::default());
    let out = Run::new(&[&l]).eval(&bom(json!([])));
    let ProductDecision::Approved { supplier, .. } = &out.product else { panic!("{}", out.product.reason()) };
    assert_eq!(supplier, "kz-national/acme");
    let json = serde_json::to_value(&out.product).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["supplier"], "kz-national/acme");
}

#[test]
fn t11_product_out_of_scope_by_purl_or_version() {
    let l = national(vec![], Revocations::default());
    let run = Run::new(&[&l]);
    let out = run.eval(&bom_for("pkg:generic/other/x@1.0.0", json!([])));
    let ProductDecision::Refused(ProductRefusal::NotVouched(findings)) = &out.product else {
        panic!("{:?}", out.product)
    };
    assert!(
        matches!(findings.as_slice(), [KeyFinding::OutOfScope { supplier, pins_differ: false, .. }] if supplier == "acme")
    );
    let json = serde_json::to_value(&out.product).unwrap();
    assert_eq!((json["ok"].clone(), json.get("supplier")), (json!(false), None));
    assert_eq!(
        out.product.reason(),
        "out of scope: supplier acme covers pkg:generic/acme/* >=1.0.0, <3 and pkg:npm/%40acme/*; \
         product is pkg:generic/other/x@1.0.0"
    );
    let out = run.eval(&bom_for("pkg:generic/acme/gateway@3.0.0", json!([])));
    assert!(!out.product.is_approved());
    assert!(out.product.reason().starts_with("out of scope: supplier acme"), "{}", out.product.reason());
    assert!(out.product.reason().ends_with("product is pkg:generic/acme/gateway@3.0.0"), "{}", out.product.reason());
}

#[test]
fn product_signed_by_an_unknown_key_or_nobody_fails() {
    let l = national(vec![], Revocations::default());
    let mut run = Run::new(&[&l]);
    run.signers = vec![key(5).id()];
    let out = run.eval(&bom(json!([])));
    let ProductDecision::Refused(ProductRefusal::NotVouched(findings)) = &out.product else {
        panic!("{:?}", out.product)
    };
    assert!(matches!(findings.as_slice(), [KeyFinding::NotASupplier { key: k }] if *k == key(5).id()));
    assert!(out.product.reason().starts_with("untrusted signer: key"), "{}", out.product.reason());
    run.signers = vec![];
    assert_eq!(run.eval(&bom(json!([]))).product, ProductDecision::Refused(ProductRefusal::NoSigner));
    let mut no_product = bom(json!([]));
    no_product["metadata"] = json!({});
    let out = run.eval(&no_product);
    assert_eq!(out.product, ProductDecision::Refused(ProductRefusal::NoProduct));
    assert!(out.product.reason().contains("metadata.component"));
}

#[test]
fn only_entries_granted_at_the_time_count() {
    let mut suspended = component("lodash", vec![scope("pkg:npm/lodash")]);
    suspended.history.push(StatusChange {
        status: Status::Suspended,
        since: t("2026-03-01T00:00:00Z"),
        grandfathered: None,
    });
    suspended.status = Status::Suspended;
    let mut later = component("left-pad", vec![scope("pkg:npm/left-pad")]);
    later.valid_from = Some(t("2026-09-01T00:00:00Z"));
    let l = national(vec![suspended, later], Revocations::default());
    let mut run = Run::new(&[&l]);
    assert_eq!(run.one(lib("pkg:npm/lodash@1.0.0")).status, ComponentStatus::Unknown);
    assert_eq!(run.one(lib("pkg:npm/left-pad@1.0.0")).status, ComponentStatus::Unknown);
    run.time = t("2026-02-01T00:00:00Z");
    assert_eq!(run.one(lib("pkg:npm/lodash@1.0.0")).status, ComponentStatus::Listed);
    run.time = t("2026-10-01T00:00:00Z");
    assert_eq!(run.one(lib("pkg:npm/left-pad@1.0.0")).status, ComponentStatus::Listed);
}

fn revoked_key(k: &PublicKey, reason: &str) -> Revocations {
    Revocations {
        keys: vec![RevokedKey { keyid: k.id(), since: None, reason: reason.into() }],
        ..Revocations::default()
    }
}

#[test]
fn t10_revoked_key_voids_the_product_signature_and_evidence() {
    let national = national(vec![], Revocations::default());
    // The revocation comes from another believed list: every list may revoke.
    let other = list("sco-federation", vec![], revoked_key(&key(1), "key stolen"));
    let mut run = Run::new(&[&national, &other]);
    run.evidence = vec![evidence("w.att", &key(1), "w")];
    let out = run.eval(&bom(json!([lib_hashed("pkg:npm/%40acme/w@1.0.0", "w")])));
    assert!(!out.product.is_approved());
    assert!(out.product.reason().contains("revoked in sco-federation: key stolen"), "{}", out.product.reason());
    let d = out.components.first().unwrap();
    assert_eq!(d.status, ComponentStatus::Unknown);
    assert!(d.reason.contains("revoked in sco-federation: key stolen"), "{}", d.reason);
    assert!(supplier_keys(&[&national, &other], now()).is_empty());
}

#[test]
fn t10_revoked_component_is_blocked_in_every_spelling() {
    let revoked = Revocations {
        components: vec![RevokedComponent { purl: "pkg:npm/event-stream@3.3.6".into(), reason: "malicious".into() }],
        ..Revocations::default()
    };
    let l = national(vec![component("npm", vec![scope("pkg:npm/*")])], revoked);
    let run = Run::new(&[&l]);
    for spelling in [
        "pkg:npm/event-stream@3.3.6",
        "pkg:NPM/Event-Stream@3.3.6",
        "pkg:npm/%65vent-stream@3.3.6",
        "pkg:npm/event-stream@3.3.6?repository_url=https://evil.example/npm",
    ] {
        let d = run.one(lib(spelling));
        assert_eq!(d.status, ComponentStatus::Blocked, "{spelling}: {}", d.reason);
        assert!(d.reason.starts_with("revoked in kz-national: malicious"), "{}", d.reason);
    }
    assert_eq!(run.one(lib("pkg:npm/event-stream@3.3.5")).status, ComponentStatus::Listed);
    // A revoked product fails the product rule.
    let out = run.eval(&bom_for("pkg:npm/event-stream@3.3.6", json!([])));
    assert!(!out.product.is_approved());
    assert!(out.product.reason().contains("revoked in kz-national: malicious"), "{}", out.product.reason());
}

#[test]
fn t10_revoked_artefact_matches_upper_case_hex() {
    let revoked = Revocations {
        artefacts: vec![RevokedArtefact { digest: DigestSet::sha256(sha("bad")), reason: "tampered build".into() }],
        ..Revocations::default()
    };
    let l = national(vec![], revoked);
    let run = Run::new(&[&l]);
    let upper = json!([{"alg": "SHA-256", "content": sha("bad").to_hex().to_uppercase()}]);
    let d = run.one(json!({"type": "library", "name": "s", "purl": "pkg:cargo/serde@1.0.0", "hashes": upper}));
    assert_eq!(d.status, ComponentStatus::Blocked);
    assert!(d.reason.starts_with("revoked in kz-national: tampered build"), "{}", d.reason);
    // Files without purl too.
    let d = run.one(json!({"type": "file", "name": "f", "hashes": hashes("bad")}));
    assert_eq!(d.status, ComponentStatus::Blocked);
}

#[test]
fn pinned_digests_block_a_mismatch_and_list_a_match() {
    let pinned =
        Scope { digests: Some(vec![DigestSet::sha256(sha("good"))]), ..exact("pkg:pypi/requests", &["2.32.3"]) };
    let l = national(vec![component("requests", vec![pinned])], Revocations::default());
    let run = Run::new(&[&l]);
    assert_eq!(run.one(lib_hashed("pkg:pypi/requests@2.32.3", "good")).status, ComponentStatus::Listed);
    let d = run.one(lib_hashed("pkg:pypi/requests@2.32.3", "evil"));
    assert_eq!(d.status, ComponentStatus::Blocked);
    assert!(d.reason.starts_with("pinned digests differ: kz-national/requests"), "{}", d.reason);
    let d = run.one(lib("pkg:pypi/requests@2.32.3"));
    assert_eq!(d.status, ComponentStatus::Unknown);
    assert!(d.reason.contains("no SHA-256 or SHA-512 hash"), "{}", d.reason);
    // Another version is outside the pinned scope altogether.
    assert_eq!(run.one(lib_hashed("pkg:pypi/requests@2.31.0", "evil")).status, ComponentStatus::Unknown);
}

#[test]
fn t25_spellings_end_to_end() {
    let l = national(
        vec![
            component("requests", vec![exact("pkg:pypi/requests", &["2.32.3"])]),
            component("lodash", vec![scope("pkg:npm/lodash")]),
            component("private", vec![scope("pkg:npm/*?repository_url=https://npm.acme.example")]),
        ],
        Revocations::default(),
    );
    let run = Run::new(&[&l]);
    for listed in [
        "pkg:pypi/Requests@2.32.3",
        "pkg:PYPI/requests@2.32.3?extension=tar.gz",
        "pkg:npm/LODASH@4.17.21",
        "pkg:npm/%6Codash@4.17.21",
        "pkg:npm/anything@1.0.0?repository_url=HTTPS://NPM.ACME.EXAMPLE/",
    ] {
        assert_eq!(run.one(lib(listed)).status, ComponentStatus::Listed, "{listed}");
    }
    // A foreign repository_url does not match a scope without it.
    let d = run.one(lib("pkg:npm/lodash@4.17.21?repository_url=https://evil.example/npm"));
    assert_eq!(d.status, ComponentStatus::Unknown, "{}", d.reason);
    // A prefix pattern in a list is refused, never read as a prefix.
    let bad = list("bad", vec![component("lod", vec![scope("pkg:npm/lod*")])], Revocations::default());
    let err = Run::new(&[&bad]).try_eval(&bom(json!([]))).unwrap_err();
    assert!(err.to_string().contains("`*` may stand only as a whole last path segment"), "{err}");
}

/// T38: a revoked or pinned release spelt another way is still that release,
/// for revocations, `exact` pins, digest pins, `versions` ranges and the
/// product rule.
#[test]
fn t38_one_release_in_every_spelling() {
    let revoked = |purl: &str| RevokedComponent { purl: purl.into(), reason: "hijacked".into() };
    let pinned = Scope { digests: Some(vec![DigestSet::sha256(sha("good"))]), ..exact("pkg:pypi/pinned", &["1.0"]) };
    let l = national(
        vec![
            component("requests", vec![scope("pkg:pypi/requests")]),
            component("ms", vec![scope("pkg:npm/ms"), scope("pkg:cargo/time")]),
            component("exact", vec![exact("pkg:pypi/exact", &["2.32.3"]), exact("pkg:npm/exact", &["3.3.6"])]),
            component("pinned", vec![pinned]),
            component("ranged", vec![versions("pkg:pypi/ranged", ">=2,<3"), versions("pkg:npm/ranged", "^3.3")]),
        ],
        Revocations {
            components: vec![
                revoked("pkg:pypi/requests@2.32.3"),
                revoked("pkg:npm/ms@3.3.6"),
                revoked("pkg:cargo/time@0.3.36"),
                revoked("pkg:generic/acme/gateway@2.4.1"),
                revoked("pkg:npm/%40acme/gateway@2.4.1"),
            ],
            ..Revocations::default()
        },
    );
    let run = Run::new(&[&l]);
    for c in [
        "pkg:pypi/requests@2.32.03",
        "pkg:pypi/requests@v2.32.3",
        "pkg:pypi/requests@2.32.3.0",
        "pkg:pypi/requests@02.32.3",
        "pkg:pypi/requests@0!2.32.3",
        "pkg:pypi/requests@2.32.3+local.1",
        "pkg:npm/ms@v3.3.6",
        "pkg:npm/ms@%3D3.3.6",
        "pkg:npm/ms@3.3.6%2Bbuild1",
        "pkg:npm/ms@v3.3.6%2Bbuild.7",
        "pkg:cargo/time@0.3.36%2Bbuild.5",
    ] {
        let d = run.one(lib(c));
        assert_eq!(d.status, ComponentStatus::Blocked, "{c}: {}", d.reason);
        assert!(d.reason.contains("revoked in kz-national: hijacked"), "{c}: {}", d.reason);
    }
    for c in ["pkg:pypi/requests@2.32.4", "pkg:pypi/requests@2.32.3.post1", "pkg:npm/ms@3.3.7", "pkg:npm/ms@3.3.6-rc.1"]
    {
        assert_eq!(run.one(lib(c)).status, ComponentStatus::Listed, "{c}");
    }
    for c in ["pkg:pypi/exact@2.32.03", "pkg:pypi/exact@2.32.3.0", "pkg:npm/exact@v3.3.6", "pkg:npm/exact@3.3.6%2Bb"] {
        assert_eq!(run.one(lib(c)).status, ComponentStatus::Listed, "{c}");
    }
    assert_eq!(run.one(lib("pkg:pypi/exact@2.32.3.1")).status, ComponentStatus::Unknown);
    for v in ["1.0", "1", "1.0.0", "v1.00"] {
        assert_eq!(run.one(lib_hashed(&format!("pkg:pypi/pinned@{v}"), "good")).status, ComponentStatus::Listed);
        let d = run.one(lib_hashed(&format!("pkg:pypi/pinned@{v}"), "evil"));
        assert_eq!(d.status, ComponentStatus::Blocked, "{v}: the pin holds in every spelling");
    }
    for (c, want) in [
        ("pkg:pypi/ranged@2.5.post1", ComponentStatus::Listed),
        ("pkg:pypi/ranged@v02.9", ComponentStatus::Listed),
        ("pkg:pypi/ranged@3.0rc1", ComponentStatus::Unknown),
        ("pkg:pypi/ranged@3", ComponentStatus::Unknown),
        ("pkg:npm/ranged@v3.4.0", ComponentStatus::Listed),
        ("pkg:npm/ranged@4.0.0", ComponentStatus::Unknown),
    ] {
        assert_eq!(run.one(lib(c)).status, want, "{c}");
    }
    // The product rule: a revoked product in another spelling is still refused.
    for product in [
        "pkg:generic/acme/gateway@2.4.1",
        "pkg:npm/%40acme/gateway@2.4.1",
        "pkg:npm/%40acme/gateway@v2.4.1",
        "pkg:npm/%40acme/gateway@%3D2.4.1%2Bbuild.9",
    ] {
        let out = run.eval(&bom_for(product, json!([])));
        assert!(
            !out.product.is_approved() && out.product.reason().contains("hijacked"),
            "{product}: {}",
            out.product.reason()
        );
    }
    let out = run.eval(&bom_for("pkg:generic/acme/gateway@2.4.01", json!([])));
    assert!(!out.product.reason().contains("hijacked"), "generic versions compare exactly: {}", out.product.reason());
    let out = run.eval(&bom_for("pkg:npm/%40acme/gateway@v2.4.2", json!([])));
    assert!(out.product.is_approved(), "another release of the product is in scope: {}", out.product.reason());
    // A version field that is another spelling of the purl's agrees with it.
    let agreeing = json!({"type": "library", "name": "r", "purl": "pkg:pypi/requests@2.32.3", "version": "2.32.03"});
    assert_eq!(run.one(agreeing).status, ComponentStatus::Blocked);
}

#[test]
fn versions_follow_semver_exact_and_go_rules() {
    let l = national(
        vec![
            component("dateutil", vec![exact("pkg:pypi/python-dateutil", &["2.9.0.post0"])]),
            component("pep440", vec![versions("pkg:pypi/pep440", ">=1")]),
            component("any", vec![scope("pkg:pypi/any")]),
            component("go", vec![versions("pkg:golang/github.com/acme/*", ">=1.2.0")]),
        ],
        Revocations {
            components: vec![RevokedComponent {
                purl: "pkg:golang/github.com/acme/bad@1.3.0".into(),
                reason: "r".into(),
            }],
            ..Revocations::default()
        },
    );
    let run = Run::new(&[&l]);
    assert_eq!(run.one(lib("pkg:pypi/python-dateutil@2.9.0.post0")).status, ComponentStatus::Listed);
    // PyPI ranges are PEP 440 specifiers: a post-release of 2024.1 is >=1.
    assert_eq!(run.one(lib("pkg:pypi/pep440@2024.1.post1")).status, ComponentStatus::Listed);
    assert_eq!(run.one(lib("pkg:pypi/pep440@0.9")).status, ComponentStatus::Unknown);
    assert_eq!(run.one(lib("pkg:pypi/any@2024.1.post1")).status, ComponentStatus::Listed);
    assert_eq!(run.one(lib("pkg:golang/github.com/acme/tool/v2@v2.0.1")).status, ComponentStatus::Listed);
    assert_eq!(run.one(lib("pkg:golang/github.com/acme/tool@v1.1.0")).status, ComponentStatus::Unknown);
    assert_eq!(run.one(lib("pkg:golang/github.com/acme/bad@v1.3.0")).status, ComponentStatus::Blocked);
    // Cargo's rules: a pre-release matches only a requirement that names one.
    assert_eq!(run.one(lib("pkg:cargo/serde@1.1.0-rc.1")).status, ComponentStatus::Unknown);
}

#[test]
fn malformed_sbom_data_is_an_error_naming_the_component() {
    let l = national(vec![], Revocations::default());
    let run = Run::new(&[&l]);
    let cases = [
        (json!([{"name": "x", "purl": "npm/lodash"}]), "/components/0/purl"),
        (json!([{"name": "x", "purl": "pkg:cargo/serde@1.0.0", "version": "9.9.9"}]), "/components/0/version"),
        (json!([{"name": "x", "hashes": [{"alg": "SHA-256", "content": "abc"}]}]), "/components/0/hashes"),
        (
            json!([lib("pkg:cargo/a@1"), {"name": "y", "components": [{"name": "z", "purl": 7}]}]),
            "/components/1/components/0/purl",
        ),
        (json!([1]), "/components/0"),
    ];
    for (components, path) in cases {
        let err = run.try_eval(&bom(components)).unwrap_err();
        assert!(err.to_string().starts_with(&format!("SBOM: malformed: {path}")), "{err}");
    }
    // A bad value among good ones is still malformed, named by its index.
    let bad = json!([{"name": "x", "hashes": [{"alg": "SHA-256", "content": sha("a").to_hex()},
                                             {"alg": "SHA-256", "content": sha("b").to_hex()},
                                             {"alg": "SHA-256", "content": "ab".repeat(31)}]}]);
    let err = run.try_eval(&bom(bad)).unwrap_err().to_string();
    assert!(err.starts_with("SBOM: malformed: /components/0/hashes[2]: sha256 digest must be 64 hex digits"), "{err}");
    let bad = json!([{"name": "x", "hashes": [{"alg": "SHA-256", "content": sha("a").to_hex()},
                                             {"alg": "SHA-512", "content": 7}]}]);
    let err = run.try_eval(&bom(bad)).unwrap_err().to_string();
    assert!(err.starts_with("SBOM: malformed: /components/0/hashes[1].content must be a string"), "{err}");
    // Go versions with and without `v` agree.
    let go = json!([{"name": "m", "purl": "pkg:golang/github.com/x/m@v1.0.0", "version": "1.0.0"}]);
    assert!(run.try_eval(&bom(go)).is_ok());
}

#[test]
fn counts_serialise_like_the_certificate() {
    let c = Counts { total: 5, verified: 1, listed: 1, first_party: 1, unknown: 1, blocked: 1 };
    let v = serde_json::to_value(c).unwrap();
    assert_eq!(v, json!({"total": 5, "verified": 1, "listed": 1, "first-party": 1, "unknown": 1, "blocked": 1}));
    assert_eq!(serde_json::to_value(ComponentStatus::FirstParty).unwrap(), json!("first-party"));
}

#[test]
fn supplier_keys_are_granted_unrevoked_and_unique() {
    let mut withdrawn = supplier("gone", &[key(3)], vec![scope("pkg:npm/*")]);
    withdrawn.history.push(StatusChange {
        status: Status::Withdrawn,
        since: t("2026-02-01T00:00:00Z"),
        grandfathered: None,
    });
    let twice = supplier("acme-too", &[key(1), key(2)], vec![scope("pkg:npm/*")]);
    let a = national(vec![withdrawn, twice, component("c", vec![scope("pkg:npm/*")])], Revocations::default());
    let b = list("other", vec![], revoked_key(&key(2), "lost"));
    let ids: Vec<KeyId> = supplier_keys(&[&a, &b], now()).iter().map(PublicKey::id).collect();
    assert_eq!(ids, vec![key(1).id()]);
}

#[test]
fn wildcards_over_deep_namespaces_are_found_through_the_index() {
    let l = national(vec![supplier("gh", &[key(4)], vec![scope("pkg:golang/github.com/*")])], Revocations::default());
    let mut run = Run::new(&[&l]);
    run.signers = vec![key(4).id()];
    let out = run.eval(&bom_for("pkg:golang/github.com/a/b/c@v1.0.0", json!([])));
    assert!(out.product.is_approved(), "{}", out.product.reason());
    assert!(!run.eval(&bom_for("pkg:golang/gitlab.com/a/b@v1.0.0", json!([]))).product.is_approved());
}

/// A component carrying one SHA-256 hash per distribution file, as a
/// lockfile gives it (`contents` hashed).
fn lib_files(purl: &str, contents: &[&str]) -> Value {
    let hashes: Vec<Value> = contents.iter().map(|c| json!({"alg": "SHA-256", "content": sha(c).to_hex()})).collect();
    json!({"type": "library", "name": purl, "purl": purl, "hashes": hashes})
}

fn revoked_artefact(content: &str, reason: &str) -> Revocations {
    Revocations {
        artefacts: vec![RevokedArtefact { digest: DigestSet::sha256(sha(content)), reason: reason.into() }],
        ..Revocations::default()
    }
}

#[test]
fn several_hashes_are_blocked_when_any_is_revoked() {
    let l = national(vec![component("certifi", vec![scope("pkg:pypi/certifi")])], revoked_artefact("wheel", "trojan"));
    let run = Run::new(&[&l]);
    let d = run.one(lib_files("pkg:pypi/certifi@2024.7.4", &["sdist", "wheel", "other wheel"]));
    assert_eq!(d.status, ComponentStatus::Blocked, "{}", d.reason);
    assert_eq!(d.reason, format!("revoked in kz-national: trojan (artefact sha256 {})", sha("wheel")));
    assert_eq!(d.by.as_deref(), Some("kz-national"));
    // Without the revoked file it is listed.
    let d = run.one(lib_files("pkg:pypi/certifi@2024.7.4", &["sdist", "other wheel"]));
    assert_eq!(d.status, ComponentStatus::Listed, "{}", d.reason);
    // A revoked SHA-512 among SHA-256 values blocks too.
    let h512 = Sha512Digest::of(b"npm tarball");
    let mut digest = DigestSet::sha256(sha("unrelated"));
    digest.sha512 = Some(h512);
    let l = national(
        vec![],
        Revocations { artefacts: vec![RevokedArtefact { digest, reason: "bad".into() }], ..Revocations::default() },
    );
    let mut c = lib_files("pkg:cargo/serde@1.0.0", &["a", "b"]);
    c["hashes"].as_array_mut().unwrap().push(json!({"alg": "SHA-512", "content": h512.to_hex()}));
    let d = Run::new(&[&l]).one(c);
    assert_eq!(d.status, ComponentStatus::Blocked, "{}", d.reason);
    assert!(d.reason.ends_with(&format!("(artefact sha512 {h512})")), "{}", d.reason);
}

#[test]
fn several_hashes_are_pinned_only_when_every_one_is() {
    let pins = ["sdist", "wheel-linux", "wheel-mac"].map(|c| DigestSet::sha256(sha(c))).to_vec();
    let pinned = Scope { digests: Some(pins), ..exact("pkg:pypi/requests", &["2.32.3"]) };
    let l = national(vec![component("requests", vec![pinned])], Revocations::default());
    let run = Run::new(&[&l]);
    let all = run.one(lib_files("pkg:pypi/requests@2.32.3", &["sdist", "wheel-linux", "wheel-mac"]));
    assert_eq!(all.status, ComponentStatus::Listed, "{}", all.reason);
    let some = run.one(lib_files("pkg:pypi/requests@2.32.3", &["wheel-mac", "sdist"]));
    assert_eq!(some.status, ComponentStatus::Listed, "{}", some.reason);
    // An approved wheel with a second, unapproved file beside it: the
    // installed file may be that one.
    let smuggled = run.one(lib_files("pkg:pypi/requests@2.32.3", &["sdist", "evil", "wheel-linux"]));
    assert_eq!(smuggled.status, ComponentStatus::Blocked, "{}", smuggled.reason);
    assert!(smuggled.reason.starts_with("pinned digests differ: kz-national/requests pins "), "{}", smuggled.reason);
    assert!(smuggled.reason.contains("the component has 3 SHA-256 hashes ("), "{}", smuggled.reason);
    assert!(smuggled.reason.ends_with(&format!("; sha256 {} is not pinned", sha("evil"))), "{}", smuggled.reason);
    assert_eq!(smuggled.by.as_deref(), Some("kz-national/requests"));
}

#[test]
fn several_hashes_pair_sha256_with_sha512_like_one_hash_does() {
    let (z1, z2) = (Sha512Digest::of(b"one"), Sha512Digest::of(b"two"));
    let pin = |h256: &str, h512: Option<Sha512Digest>| DigestSet { sha512: h512, ..DigestSet::sha256(sha(h256)) };
    let judge = |pins: Vec<DigestSet>, c: Value| {
        let pinned = Scope { digests: Some(pins), ..scope("pkg:npm/w") };
        let l = national(vec![component("w", vec![pinned])], Revocations::default());
        Run::new(&[&l]).one(c)
    };
    let with_512s = |contents: &[&str], sha512s: &[Sha512Digest]| {
        let mut c = lib_files("pkg:npm/w@1.0.0", contents);
        let list = c["hashes"].as_array_mut().unwrap();
        list.extend(sha512s.iter().map(|h| json!({"alg": "SHA-512", "content": h.to_hex()})));
        c
    };
    // One value each: the pin must agree on both (as before).
    assert_eq!(judge(vec![pin("a", Some(z1))], with_512s(&["a"], &[z1])).status, ComponentStatus::Listed);
    assert_eq!(judge(vec![pin("a", Some(z2))], with_512s(&["a"], &[z1])).status, ComponentStatus::Blocked);
    assert_eq!(judge(vec![pin("a", None)], with_512s(&["a"], &[z1])).status, ComponentStatus::Listed);
    // Split over two pins that each disagree on one algorithm: no pin is that file.
    let split = judge(vec![pin("a", Some(z2)), pin("b", Some(z1))], with_512s(&["a"], &[z1]));
    assert_eq!(split.status, ComponentStatus::Blocked, "{}", split.reason);
    // Two SHA-512 values with one SHA-256: the file is a with z1 or a with z2.
    let d = judge(vec![pin("a", Some(z1))], with_512s(&["a"], &[z1, z2]));
    assert_eq!(d.status, ComponentStatus::Blocked, "{}", d.reason);
    assert!(d.reason.ends_with(&format!("; sha512 {z2} is not pinned")), "{}", d.reason);
    let both = judge(vec![pin("a", Some(z1)), pin("a", Some(z2))], with_512s(&["a"], &[z1, z2]));
    assert_eq!(both.status, ComponentStatus::Listed, "{}", both.reason);
    // SHA-512 values alone are compared with the pins' SHA-512.
    assert_eq!(
        judge(vec![pin("x", Some(z1)), pin("y", Some(z2))], with_512s(&[], &[z2, z1])).status,
        ComponentStatus::Listed
    );
    assert_eq!(
        judge(vec![pin("x", Some(z1)), pin("y", None)], with_512s(&[], &[z2, z1])).status,
        ComponentStatus::Blocked
    );
}

#[test]
fn several_hashes_are_verified_only_when_evidence_names_every_one() {
    let l = national(vec![supplier("other", &[key(2)], vec![scope("pkg:npm/*")])], Revocations::default());
    let mut run = Run::new(&[&l]);
    let purl = "pkg:npm/%40acme/widget@1.2.3";
    // One attestation per file, both signed by acme.
    run.evidence = vec![evidence("linux.att", &key(1), "linux"), evidence("mac.att", &key(1), "mac")];
    let d = run.one(lib_files(purl, &["linux", "mac"]));
    assert_eq!(d.status, ComponentStatus::Verified, "{}", d.reason);
    assert!(
        d.reason.contains("is attested by linux.att and 1 more, signed by supplier kz-national/acme"),
        "{}",
        d.reason
    );
    // A file no attestation names leaves it unknown, naming that file.
    let d = run.one(lib_files(purl, &["linux", "evil", "mac"]));
    assert_eq!(d.status, ComponentStatus::Unknown, "{}", d.reason);
    assert!(
        d.reason.contains(&format!(
            "supplier kz-national/acme covers pkg:npm/%40acme/*, but no evidence signed by its keys has a subject with sha256 {}, one of the component's 3 SHA-256 hashes (",
            sha("evil")
        )),
        "{}",
        d.reason
    );
    // Evidence signed by another supplier does not fill the gap for acme.
    run.evidence.push(evidence("evil.att", &key(2), "evil"));
    assert_eq!(run.one(lib_files(purl, &["linux", "evil", "mac"])).status, ComponentStatus::Unknown);
    // One attestation naming every file is enough.
    let subjects = ["linux", "mac"].map(|c| Subject { name: c.into(), digest: DigestSet::sha256(sha(c)) }).to_vec();
    run.evidence = vec![Evidence { source: "all.att".into(), signers: vec![key(1).id()], subjects }];
    let d = run.one(lib_files(purl, &["mac", "linux"]));
    assert_eq!(d.status, ComponentStatus::Verified, "{}", d.reason);
    assert!(d.reason.contains("is attested by all.att, signed by"), "{}", d.reason);
}

#[test]
fn the_same_hash_listed_twice_is_one_hash() {
    let pinned = Scope { digests: Some(vec![DigestSet::sha256(sha("good"))]), ..scope("pkg:pypi/idna") };
    let l = national(vec![component("idna", vec![pinned])], revoked_artefact("bad", "tampered"));
    let run = Run::new(&[&l]);
    let twice = |content: &str| {
        let hex = sha(content).to_hex();
        json!({"type": "library", "name": "idna", "purl": "pkg:pypi/idna@3.7",
               "hashes": [{"alg": "SHA-256", "content": hex}, {"alg": "SHA-256", "content": hex.to_uppercase()}]})
    };
    assert_eq!(run.one(twice("good")).status, ComponentStatus::Listed);
    let d = run.one(twice("other"));
    assert_eq!(d.status, ComponentStatus::Blocked);
    assert!(d.reason.ends_with(&format!("the component has sha256 {}", sha("other"))), "{}", d.reason);
    assert_eq!(
        run.one(twice("bad")).reason,
        format!("revoked in kz-national: tampered (artefact sha256 {})", sha("bad"))
    );
}

#[test]
fn several_hashes_are_described_briefly() {
    let describe = |c: Value| {
        let c = tree(&c);
        Component::read("/components/0", c.as_object().unwrap()).unwrap().hashes.describe()
    };
    assert_eq!(describe(lib_files("pkg:pypi/x@1", &["a"])), format!("sha256 {}", sha("a")));
    let short = |c: &str| format!("sha256 {}…", sha(c).to_hex().get(..12).unwrap());
    assert_eq!(
        describe(lib_files("pkg:pypi/x@1", &["a", "b"])),
        format!("2 SHA-256 hashes ({}, {})", short("a"), short("b"))
    );
    let five = describe(lib_files("pkg:pypi/x@1", &["a", "b", "c", "d", "e"]));
    assert!(five.starts_with(&format!("5 SHA-256 hashes ({}, ", short("a"))), "{five}");
    assert!(five.ends_with(", …)"), "{five}");
    assert_eq!(five.matches("sha256 ").count(), 3, "{five}");
    let mut mixed = lib_files("pkg:npm/x@1", &["a"]);
    mixed["hashes"]
        .as_array_mut()
        .unwrap()
        .extend([1u8, 2].map(|n| json!({"alg": "SHA-512", "content": Sha512Digest::of(&[n]).to_hex()})));
    assert!(describe(mixed).starts_with("1 SHA-256 hash and 2 SHA-512 hashes (sha256 "));
}

/// The SBOM's `attest:first-party` mark is the vendor's word: it makes a
/// package first-party only inside the scope of the supplier who signed
/// the product, and never for a product that fails its own rule.
#[test]
fn first_party_marks_count_only_in_the_signing_supplier_scope() {
    let l = national(vec![supplier("other", &[key(2)], vec![scope("pkg:npm/%40other/*")])], Revocations::default());
    let marked = |purl: &str| {
        let mut c = lib(purl);
        c["properties"] = json!([{"name": "attest:first-party", "value": "true"}]);
        c
    };
    let run = Run::new(&[&l]);
    let own = run.one(marked("pkg:npm/%40acme/ui@1.0.0"));
    assert_eq!(own.status, ComponentStatus::FirstParty, "{}", own.reason);
    assert_eq!(own.by.as_deref(), Some("kz-national/acme"));
    assert!(
        own.reason.starts_with("first-party: pkg:npm/%40acme/ui@1.0.0 is the product's own package"),
        "{}",
        own.reason
    );
    // Another supplier's scope, or no scope: the mark changes nothing.
    assert_eq!(run.one(marked("pkg:npm/%40other/ui@1.0.0")).status, ComponentStatus::Unknown);
    assert_eq!(run.one(marked("pkg:npm/left-pad@1.3.0")).status, ComponentStatus::Unknown);
    // Unmarked, the supplier's own package is not vouched for by the product's signature.
    assert_eq!(run.one(lib("pkg:npm/%40acme/ui@1.0.0")).status, ComponentStatus::Unknown);
    // The product out of scope: no component rides on it.
    let out = run.eval(&bom_for("pkg:generic/other/x@1.0.0", json!([marked("pkg:npm/%40acme/ui@1.0.0")])));
    assert!(!out.product.is_approved());
    assert_eq!(out.components[0].status, ComponentStatus::Unknown);
    // A marked component is still blocked when revoked.
    let revoked = Revocations {
        components: vec![RevokedComponent { purl: "pkg:npm/%40acme/ui@1.0.0".into(), reason: "withdrawn".into() }],
        ..Revocations::default()
    };
    let l = national(vec![], revoked);
    assert_eq!(Run::new(&[&l]).one(marked("pkg:npm/%40acme/ui@1.0.0")).status, ComponentStatus::Blocked);
}
