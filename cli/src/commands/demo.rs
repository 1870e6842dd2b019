//! `attest demo`: the story of attest on embedded data, each step printed.
//!
//! The demo calls the same library functions the commands use, on files it
//! writes into a fresh directory, so what it shows is what a user gets.

use std::path::{Path, PathBuf};

use attest_core::attestation::{self, Artefact, VerifyRequest};
use attest_core::digest::{DigestSet, hash_file};
use attest_core::dsse::{Envelope, KeySet};
use attest_core::evaluate;
use attest_core::fsio::{Overwrite, write_atomic};
use attest_core::json::to_vec_pretty;
use attest_core::keys::{PrivateKey, PublicKey};
use attest_core::policy::Policy;
use attest_core::report::Report;
use attest_core::sbom::{GenerateRequest, Product, generate, scan};
use attest_core::statement::Subject;
use attest_core::trust::edit::{self, Init};
use attest_core::trust::state::StateDir;
use attest_core::trust::verify::{Request, decide};
use attest_core::trust::{Entry, EntryKind, ListedKey, Scope, SignedList, Status};
use serde::Serialize;

use crate::args::{DemoArgs, OutputFormat};
use crate::output::{escape, print_json};
use crate::{Ctx, Verdict};

/// Test-only keys (testdata/keys/README.md): public, never to be trusted.
const VENDOR_KEY: &str = include_str!("../../../testdata/keys/vendor.key");
const KZ_GOVERNORS: [&str; 3] = [
    include_str!("../../../testdata/keys/kz-gov1.key"),
    include_str!("../../../testdata/keys/kz-gov2.key"),
    include_str!("../../../testdata/keys/kz-gov3.key"),
];
const KZ_POLICY: &str = include_str!("../../../testdata/policy/kz-import-2026.json");
const DEMO_CARGO_LOCK: &str = include_str!("../../../testdata/demo/Cargo.lock");
const DEMO_README: &str = include_str!("../../../testdata/demo/README.txt");
const ARTEFACT: &str = "dist/acme-gateway-2.4.1.tar.gz";

#[derive(Serialize)]
struct Step {
    step: usize,
    actor: &'static str,
    action: String,
    outcome: String,
    expected: bool,
}

struct Story {
    steps: Vec<Step>,
    human: bool,
}

impl Story {
    fn step(&mut self, actor: &'static str, action: impl Into<String>, outcome: impl Into<String>, expected: bool) {
        let s = Step { step: self.steps.len() + 1, actor, action: action.into(), outcome: outcome.into(), expected };
        if self.human {
            println!("{:>2}. [{}] {}", s.step, s.actor, escape(&s.action));
            println!("      -> {}", escape(&s.outcome));
        }
        self.steps.push(s);
    }
}

pub fn run(ctx: &Ctx, a: DemoArgs) -> anyhow::Result<Verdict> {
    let tmp;
    let dir: PathBuf = match a.dir {
        Some(d) => {
            std::fs::create_dir_all(&d).map_err(|e| attest_core::Error::io(&d, e))?;
            d
        }
        None => {
            tmp = tempfile::tempdir().map_err(|e| attest_core::Error::io(Path::new("temporary directory"), e))?;
            tmp.path().to_path_buf()
        }
    };
    let human = ctx.output == OutputFormat::Human;
    let mut story = Story { steps: Vec::new(), human };
    if human {
        println!("attest demo: a vendor signs a release; anyone verifies it with the public key alone.");
        println!("working directory: {}\n", escape(&dir.display().to_string()));
    }

    // The vendor's release tree.
    let release = dir.join("release");
    let artefact_path = release.join(ARTEFACT);
    let artefact: Vec<u8> = (0u32..65_536).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    for (p, bytes) in [
        (artefact_path.clone(), artefact.as_slice()),
        (release.join("Cargo.lock"), DEMO_CARGO_LOCK.as_bytes()),
        (release.join("README.txt"), DEMO_README.as_bytes()),
    ] {
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| attest_core::Error::io(parent, e))?;
        }
        write_atomic(&p, bytes, Overwrite::Replace, None)?;
    }
    let key = PrivateKey::from_pkcs8_pem(VENDOR_KEY, None, "embedded demo key")?;
    write_atomic(&dir.join("vendor.pub"), key.public().to_spki_pem().as_bytes(), Overwrite::Replace, None)?;
    story.step(
        "vendor",
        "loads its signing key (a test key embedded in the demo)",
        format!("key id {}", key.public().id()),
        true,
    );

    let req = GenerateRequest {
        paths: vec![release.clone()],
        product: Product {
            name: "acme-gateway".into(),
            version: "2.4.1".into(),
            supplier: Some("Acme LLP".into()),
            purl: Some("pkg:generic/acme/acme-gateway@2.4.1".into()),
        },
        timestamp: Some(ctx.time),
        ..Default::default()
    };
    let generated = generate(&req, scan(&req)?, &|_| {})?;
    let sbom_path = dir.join("acme-gateway.cdx.json");
    write_atomic(&sbom_path, &generated.json, Overwrite::Replace, None)?;
    story.step(
        "vendor",
        "attest sbom generate release/ --name acme-gateway --version 2.4.1 --supplier 'Acme LLP'",
        format!(
            "CycloneDX 1.5 SBOM: {} files hashed, {} packages from Cargo.lock",
            generated.files, generated.packages
        ),
        true,
    );

    let digest = hash_file(&artefact_path, false)?;
    let subjects = vec![Subject { name: ARTEFACT.into(), digest: DigestSet::sha256(digest.sha256) }];
    let envelope = attestation::sign(&generated.json, "SBOM", subjects, &key)?;
    let att_path = dir.join("acme-gateway.att.json");
    write_atomic(&att_path, &to_vec_pretty(&envelope.to_json())?, Overwrite::Replace, None)?;
    story.step(
        "vendor",
        format!("attest sign --key vendor.key --sbom acme-gateway.cdx.json --subject {ARTEFACT}"),
        format!("DSSE envelope with an in-toto Statement, subject sha256:{}", digest.sha256),
        true,
    );

    let keys =
        KeySet::new(vec![key.public().clone()]).map_err(|_| attest_core::Error::Usage("duplicate key".into()))?;
    let good = vec![Artefact { name: ARTEFACT.into(), digests: digest.digest_set() }];
    let ok = verify(&envelope, &keys, &good)?;
    story.step(
        "anyone",
        format!("attest verify acme-gateway.att.json --key vendor.pub --subject {ARTEFACT}"),
        verdict(&ok),
        ok.passed(),
    );

    let mut swapped = artefact;
    if let Some(b) = swapped.first_mut() {
        *b ^= 1;
    }
    let swapped_digest = attest_core::digest::Sha256Digest::of(&swapped);
    let bad = vec![Artefact { name: ARTEFACT.into(), digests: DigestSet::sha256(swapped_digest) }];
    let swapped_report = verify(&envelope, &keys, &bad)?;
    story.step(
        "attacker",
        "swaps the artefact for one that differs in a single bit, then verify --subject",
        verdict(&swapped_report),
        !swapped_report.passed(),
    );

    let mut tampered = envelope.clone();
    if let Some(b) = tampered.payload.iter_mut().rev().find(|b| b.is_ascii_digit()) {
        *b = if *b == b'9' { b'8' } else { *b + 1 };
    }
    let tampered_report = verify(&tampered, &keys, &good)?;
    story.step(
        "attacker",
        "changes one byte of the signed SBOM inside the envelope, then verify",
        verdict(&tampered_report),
        !tampered_report.passed(),
    );

    // The security team of state A publishes its national list.
    let national = national_list(ctx, key.public())?;
    write_atomic(
        &dir.join("kz-national.json"),
        &to_vec_pretty(&national.envelope.to_json())?,
        Overwrite::Replace,
        None,
    )?;
    story.step(
        "KZ security team",
        "attest trust init --name kz-national --jurisdiction KZ --governor kz-gov{1,2,3}.pub --threshold 2; \
         trust add (supplier acme, Rust components); trust sign --key kz-gov1.key; trust sign --key kz-gov2.key",
        format!(
            "kz-national sequence {} with {} entries, signed by {} of 3 governors (threshold {})",
            national.list.sequence,
            national.list.entries.len(),
            national.envelope.signatures.len(),
            national.list.governance.threshold
        ),
        true,
    );

    // The regulator of state A evaluates the release under its policy.
    let policy = Policy::from_json(KZ_POLICY.as_bytes(), "kz-import-2026.json")?;
    write_atomic(&dir.join("kz-import-2026.json"), KZ_POLICY.as_bytes(), Overwrite::Replace, None)?;
    let state = StateDir::new(dir.join("state"));
    let lists = decide(Request { anchor: national, candidates: Vec::new(), state: Some(&state), time: ctx.time })?;
    let ev = evaluate::evaluate(&evaluate::Request {
        attestation: &envelope,
        attestation_doc: "acme-gateway.att.json",
        lists: &lists,
        policy: &policy,
        evidence: &[],
        artefacts: &good,
        time: ctx.time,
    })?;
    story.step(
        "KZ regulator",
        format!("attest verify acme-gateway.att.json --anchor kz-national.json --policy kz-import-2026.json --subject {ARTEFACT}"),
        evaluation_summary(&ev),
        ev.passed(),
    );

    let all_as_expected = story.steps.iter().all(|s| s.expected);
    if human {
        println!(
            "\n{}",
            if all_as_expected {
                "every step ended as it should"
            } else {
                "DEMO FAILED: a step did not end as it should"
            }
        );
    } else {
        print_json(
            &serde_json::json!({ "directory": dir.display().to_string(), "steps": story.steps, "ok": all_as_expected }),
        )?;
    }
    Ok(if all_as_expected { Verdict::Ok } else { Verdict::Failed })
}

fn verify(envelope: &Envelope, keys: &KeySet, artefacts: &[Artefact]) -> anyhow::Result<Report> {
    let req = VerifyRequest { keys, threshold: 1, artefacts };
    Ok(attestation::verify(envelope, "acme-gateway.att.json", &req)?.report)
}

fn verdict(report: &Report) -> String {
    if report.passed() {
        "VERIFIED".to_owned()
    } else {
        let reasons: Vec<&str> = report.failures().map(|c| c.detail.as_str()).collect();
        format!("NOT VERIFIED: {}", reasons.join("; "))
    }
}

fn evaluation_summary(ev: &evaluate::Evaluation) -> String {
    let counts = ev.provenance.as_ref().map(|p| {
        let c = &p.counts;
        format!(
            "{} components: {} verified, {} listed, {} first-party, {} unknown, {} blocked",
            c.total, c.verified, c.listed, c.first_party, c.unknown, c.blocked
        )
    });
    let counts = counts.unwrap_or_else(|| "no components judged".to_owned());
    if ev.passed() {
        format!("PASSED ({counts}; every policy rule met)")
    } else {
        let reasons: Vec<&str> = ev.report.failures().map(|c| c.detail.as_str()).collect();
        format!("FAILED ({counts}): {}", reasons.join("; "))
    }
}

/// State A's national list: the vendor as a supplier of `pkg:generic/acme/*`
/// 1.x–2.x, and the Rust crates of the release as approved components;
/// co-signed by two of its three governors.
fn national_list(ctx: &Ctx, vendor: &PublicKey) -> anyhow::Result<SignedList> {
    let governors = KZ_GOVERNORS
        .iter()
        .enumerate()
        .map(|(i, pem)| PrivateKey::from_pkcs8_pem(pem, None, &format!("embedded kz-gov{}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut list = edit::init(Init {
        name: "kz-national".into(),
        jurisdiction: "KZ".into(),
        operator: Some("Ministry of Digital Development, KZ".into()),
        governors: governors.iter().map(|g| g.public().clone()).collect(),
        threshold: 2,
        valid_for_days: 90,
        issued: ctx.time,
    })?;
    let scope = |purl: &str, versions: &str| Scope {
        purl: purl.into(),
        versions: Some(versions.into()),
        exact: None,
        digests: None,
    };
    let entry = |id: &str, kind: EntryKind, keys: Vec<ListedKey>, scopes: Vec<Scope>| Entry {
        id: id.into(),
        kind,
        name: None,
        jurisdiction: Some("KZ".into()),
        keys,
        scope: scopes,
        certifies: Vec::new(),
        max_validity_days: None,
        list_name: None,
        governance: None,
        status: Status::Granted,
        valid_from: None,
        valid_until: None,
        history: edit::granted_history(ctx.time),
    };
    let mut acme = entry(
        "acme",
        EntryKind::Supplier,
        vec![ListedKey::new(vendor, None)],
        vec![scope("pkg:generic/acme/*", ">=1.0.0, <3")],
    );
    acme.name = Some("Acme LLP".into());
    list = edit::add_entry(list, acme)?;
    let crates = ["serde", "serde_json", "itoa", "ryu"].iter().map(|c| scope(&format!("pkg:cargo/{c}"), "^1"));
    let mut rust = entry("rust-core-crates", EntryKind::Component, Vec::new(), crates.collect());
    rust.scope.push(scope("pkg:cargo/memchr", "^2"));
    rust.name = Some("Audited Rust crates".into());
    list = edit::add_entry(list, rust)?;
    let [g1, g2, _] = governors.as_slice() else {
        return Err(attest_core::Error::Usage("internal error: three demo governors expected".into()).into());
    };
    let signed = edit::sign_draft(&list, g1, None)?;
    Ok(edit::cosign(signed, g2, None)?)
}
