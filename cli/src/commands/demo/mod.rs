//! `attest demo`: the whole story of attest on embedded data, each step
//! printed: a vendor of state A signs a release, state A's security team
//! publishes its national list, the federation lists state A's regulator,
//! the regulator evaluates and certifies, a regulator of state B verifies
//! the certificate offline with only the federation anchor, attacks fail,
//! a revocation reaches B; then the federation requires transparency, a
//! logged and witnessed certificate verifies, an unlogged one does not,
//! and a witness catches a split view.
//!
//! The demo calls the same library functions the commands use, on files it
//! writes into a fresh directory (kept with `--dir`), so what it shows is
//! what a user gets.

mod checks;
mod lists;
mod transparency;

use std::path::{Path, PathBuf};

use attest_core::attestation::{self, Artefact};
use attest_core::certify::{self, Acceptance, IssueRequest};
use attest_core::digest::{DigestSet, Sha256Digest, hash_file};
use attest_core::dsse::{Envelope, KeySet};
use attest_core::fsio::{Overwrite, write_atomic};
use attest_core::json::to_vec_pretty;
use attest_core::keys::PrivateKey;
use attest_core::policy::Policy;
use attest_core::sbom::{GenerateRequest, Product, generate, scan};
use attest_core::statement::Subject;
use attest_core::timestamp::Timestamp;
use attest_core::trust::SignedList;
use attest_core::trust::StateDir;
use serde::Serialize;

use crate::args::{DemoArgs, OutputFormat};
use crate::output::{escape, print_json};
use crate::{Ctx, Verdict};

use checks::{believe, bundle_verdict, check_signatures, class_verdict, evaluation_summary, verdict, verify_offline};
use lists::{federation_list, list_summary, national_list, revoke_certificate, suspend_equivalence};
use transparency::Transparency;

/// Test-only keys (testdata/keys/README.md): public, never to be trusted.
const VENDOR_KEY: &str = include_str!("../../../../testdata/keys/vendor.key");
const KZ_GOVERNORS: [&str; 3] = [
    include_str!("../../../../testdata/keys/kz-gov1.key"),
    include_str!("../../../../testdata/keys/kz-gov2.key"),
    include_str!("../../../../testdata/keys/kz-gov3.key"),
];
const SCO_GOVERNORS: [&str; 3] = [
    include_str!("../../../../testdata/keys/sco-gov1.key"),
    include_str!("../../../../testdata/keys/sco-gov2.key"),
    include_str!("../../../../testdata/keys/sco-gov3.key"),
];
const KZ_REGULATOR_KEY: &str = include_str!("../../../../testdata/keys/kz-regulator.key");
const KZ_POLICY: &str = include_str!("../../../../testdata/policy/kz-import-2026.json");
const UZ_POLICY: &str = include_str!("../../../../testdata/policy/uz-import-2026.json");
/// The condition KZ's regulator writes on its certificate.
const DEMO_CONDITION: &str =
    "Valid for the evaluated configuration only: the release tarball as shipped, without plug-ins.";
/// The federation's equivalence: UZ accepts KZ's `standard` as its `basic`.
const EQUIVALENCE_ID: &str = "kz-standard-as-uz-basic";
const DEMO_CARGO_LOCK: &str = include_str!("../../../../testdata/demo/Cargo.lock");
const DEMO_README: &str = include_str!("../../../../testdata/demo/README.txt");
const ARTEFACT: &str = "dist/acme-gateway-2.4.1.tar.gz";

#[derive(Serialize)]
struct Step {
    step: usize,
    actor: &'static str,
    action: String,
    outcome: String,
    expected: bool,
}

/// The printed story; every step records whether it ended as it should.
struct Story {
    steps: Vec<Step>,
    human: bool,
    dir: PathBuf,
    /// Whether `dir` outlives the demo (`--dir`).
    kept: bool,
}

impl Story {
    fn step(&mut self, actor: &'static str, action: impl Into<String>, outcome: impl Into<String>, expected: bool) {
        let s = Step { step: self.steps.len() + 1, actor, action: action.into(), outcome: outcome.into(), expected };
        if self.human {
            outln!("{:>2}. [{}] {}", s.step, s.actor, escape(&s.action));
            outln!("      -> {}", escape(&s.outcome));
        }
        self.steps.push(s);
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
        let p = self.dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| attest_core::Error::io(parent, e))?;
        }
        write_atomic(&p, bytes, Overwrite::Replace, None)?;
        Ok(p)
    }

    fn write_list(&self, rel: &str, list: &SignedList) -> anyhow::Result<()> {
        self.write(rel, &to_vec_pretty(&list.envelope.to_json())?)?;
        Ok(())
    }
}

fn key(pem: &str, name: &str) -> anyhow::Result<PrivateKey> {
    Ok(PrivateKey::from_pkcs8_pem(pem, None, &format!("embedded demo key {name}"))?)
}

fn keys(pems: &[&str; 3], name: &str) -> anyhow::Result<Vec<PrivateKey>> {
    pems.iter().enumerate().map(|(i, p)| key(p, &format!("{name}{}", i + 1))).collect()
}

pub(crate) fn run(ctx: &Ctx, a: DemoArgs) -> anyhow::Result<Verdict> {
    let tmp;
    let kept = a.dir.is_some();
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
    if human {
        outln!("attest demo: a vendor of state A (KZ) signs a release; KZ's regulator certifies it;");
        outln!("a regulator of state B verifies the certificate offline, holding only the SCO federation anchor.");
        // A temporary directory is gone when the demo ends: naming it would
        // send a person to look for files that no longer exist.
        if kept {
            outln!("files: {}\n", escape(&dir.display().to_string()));
        } else {
            outln!("files: a temporary directory, deleted at the end (keep them with --dir DIR)\n");
        }
    }
    let mut story = Story { steps: Vec::new(), human, dir, kept };
    let time = ctx.time;

    // The vendor.
    let vendor = key(VENDOR_KEY, "vendor")?;
    let (envelope, artefact) = vendor_release(&mut story, &vendor, time)?;
    let good = vec![Artefact { name: ARTEFACT.into(), digests: artefact.clone() }];
    let vendor_keys = KeySet::new(vec![vendor.public().clone()]).unwrap_or_default();
    let ok = check_signatures(&envelope, &vendor_keys, &good)?;
    story.step(
        "anyone",
        format!("attest verify acme-gateway.att.json --key vendor.pub --subject {ARTEFACT}"),
        verdict(&ok),
        ok.passed(),
    );

    // State A's security team and the federation.
    let national = national_list(time, vendor.public())?;
    story.write_list("kz-national.json", &national)?;
    story.step(
        "KZ security team",
        "attest trust init --name kz-national --jurisdiction KZ --governor kz-gov{1,2,3}.pub --threshold 2; \
         trust add (supplier acme, Rust crates); trust sign --key kz-gov1.key; trust sign --key kz-gov2.key",
        list_summary(&national),
        true,
    );
    let regulator = key(KZ_REGULATOR_KEY, "kz-regulator")?;
    let sco = keys(&SCO_GOVERNORS, "sco-gov")?;
    let federation = federation_list(time, &sco, regulator.public(), &national)?;
    story.write_list("sco-federation.json", &federation)?;
    story.step(
        "SCO governors",
        "attest trust init --name sco-federation --jurisdiction SCO …; trust add --kind authority --id kz-regulator \
         --certifies standard --accreditation '…'; trust add --kind trust-list --id kz-national --list \
         kz-national.json; trust add --kind equivalence --id kz-standard-as-uz-basic --from KZ:standard --to \
         UZ:basic; 2 of 3 sign",
        list_summary(&federation),
        true,
    );

    // State A's regulator evaluates and certifies.
    let policy_bytes = KZ_POLICY.trim().as_bytes();
    let policy = Policy::from_json(policy_bytes, "kz-import-2026.json")?;
    story.write("kz-import-2026.json", KZ_POLICY.as_bytes())?;
    let state_a = StateDir::new(story.dir.join("state-kz"));
    let national_lists = believe(&national, Vec::new(), &state_a, time)?;
    let fed_lists = believe(&federation, Vec::new(), &state_a, time)?;
    let issued = certify::issue(&IssueRequest {
        key: &regulator,
        authority: "kz-regulator",
        attestation: &envelope,
        attestation_doc: "acme-gateway.att.json",
        national: &national_lists,
        federation: &fed_lists,
        policy: &policy,
        policy_bytes,
        evidence: &[],
        artefacts: &good,
        time,
        certificate_id: None,
        conditions: &[DEMO_CONDITION.to_owned()],
        supersedes: None,
    })?;
    story.step(
        "KZ regulator",
        format!("attest verify acme-gateway.att.json --anchor kz-national.json --policy kz-import-2026.json --subject {ARTEFACT}"),
        evaluation_summary(&issued.evaluation),
        issued.evaluation.passed(),
    );
    let Some((cert, bundle)) = issued.bundle else {
        story.step("KZ regulator", "attest certify issue …", verdict(&issued.report), false);
        return finish(&story);
    };
    story.write("acme-gateway.bundle.json", &bundle.to_json()?)?;
    story.step(
        "KZ regulator",
        "attest certify issue --key kz-regulator.key --authority kz-regulator --attestation acme-gateway.att.json \
         --anchor kz-national.json --federation sco-federation.json --policy kz-import-2026.json -o acme-gateway.bundle.json",
        format!("certificate {} (class {}), valid {} .. {}", cert.certificate_id, cert.class, cert.not_before, cert.not_after),
        true,
    );

    // State B's regulator, offline, holding only the federation anchor.
    let state_b = StateDir::new(story.dir.join("state-uz"));
    let verified = verify_offline(&bundle, &federation, &[], &state_b, &good, None, time)?;
    story.step(
        "UZ regulator (offline)",
        format!("attest certify verify acme-gateway.bundle.json --anchor sco-federation.json --subject {ARTEFACT}"),
        bundle_verdict(&verified),
        verified.passed(),
    );

    // UZ names its classes differently: it accepts KZ's "standard" as its
    // "basic" through the federation's equivalence, until the governors
    // suspend it.
    let uz_policy = Policy::from_json(UZ_POLICY.trim().as_bytes(), "uz-import-2026.json")?;
    story.write("uz-import-2026.json", UZ_POLICY.as_bytes())?;
    let uz = Acceptance { jurisdiction: uz_policy.jurisdiction.clone(), classes: vec!["basic".into()] };
    let uz_terms = Some((&uz_policy, &uz));
    let as_basic = verify_offline(&bundle, &federation, &[], &state_b, &good, uz_terms, time)?;
    story.step(
        "UZ regulator (offline)",
        "attest certify verify acme-gateway.bundle.json --anchor sco-federation.json --policy uz-import-2026.json \
         --accept-class basic",
        class_verdict(&as_basic),
        as_basic.passed(),
    );
    let dispute = time.plus_days(1);
    let suspended = suspend_equivalence(&federation, &sco, time, dispute)?;
    story.write_list("sco-federation-2.json", &suspended)?;
    story.step(
        "SCO governors",
        format!(
            "during a dispute: attest trust next sco-federation.json; trust set-status --id {EQUIVALENCE_ID} \
             --status suspended (since {dispute}); 2 of 3 sign"
        ),
        list_summary(&suspended),
        true,
    );
    let refused =
        verify_offline(&bundle, &federation, std::slice::from_ref(&suspended), &state_b, &good, uz_terms, dispute)?;
    story.step(
        "UZ regulator (offline)",
        format!(
            "attest --time {dispute} certify verify acme-gateway.bundle.json --anchor sco-federation.json \
             --trust-list sco-federation-2.json --policy uz-import-2026.json --accept-class basic"
        ),
        verdict(&refused),
        !refused.passed(),
    );

    // Attacks.
    let mut swapped = artefact.clone();
    swapped.sha256 = Sha256Digest::of(b"a trojaned build of acme-gateway");
    let bad = vec![Artefact { name: ARTEFACT.into(), digests: swapped }];
    let swapped_report = verify_offline(&bundle, &federation, &[], &state_b, &bad, None, time)?;
    story.step(
        "attacker",
        "swaps the artefact for a trojaned build; UZ runs certify verify --subject on it",
        bundle_verdict(&swapped_report),
        !swapped_report.passed(),
    );
    let mut tampered = envelope.clone();
    if let Some(b) = tampered.payload.iter_mut().rev().find(|b| b.is_ascii_digit()) {
        *b = if *b == b'9' { b'8' } else { *b + 1 };
    }
    let tampered_report = check_signatures(&tampered, &vendor_keys, &good)?;
    story.step(
        "attacker",
        "changes one byte of the signed SBOM inside the attestation, then verify",
        verdict(&tampered_report),
        !tampered_report.passed(),
    );

    // A revocation reaches state B.
    let revoked = revoke_certificate(&suspended, &sco, &cert.certificate_id, time)?;
    story.write_list("sco-federation-3.json", &revoked)?;
    story.step(
        "SCO governors",
        format!(
            "attest trust next sco-federation-2.json; trust revoke --certificate {} --authority kz-regulator \
             --reason 'vendor withdrew the release'; 2 of 3 sign",
            cert.certificate_id
        ),
        list_summary(&revoked),
        true,
    );
    let chain = [suspended, revoked];
    let after = verify_offline(&bundle, &federation, &chain, &state_b, &good, None, time)?;
    story.step(
        "UZ regulator (offline)",
        "attest certify verify acme-gateway.bundle.json --anchor sco-federation.json --trust-list \
         sco-federation-2.json --trust-list sco-federation-3.json",
        bundle_verdict(&after),
        !after.passed(),
    );
    let chapter = Transparency { envelope: &envelope, good: &good, policy: &policy, policy_bytes, time };
    chapter.run(&mut story, &federation, &chain, &sco, &regulator, &national_lists, &state_b)?;
    finish(&story)
}

fn finish(story: &Story) -> anyhow::Result<Verdict> {
    let ok = story.steps.iter().all(|s| s.expected);
    if story.human {
        outln!(
            "\n{}",
            if ok { "every step ended as it should" } else { "DEMO FAILED: a step did not end as it should" }
        );
    } else {
        print_json(&serde_json::json!({
            "directory": story.kept.then(|| story.dir.display().to_string()),
            "steps": story.steps,
            "ok": ok,
        }))?;
    }
    Ok(if ok { Verdict::Ok } else { Verdict::Failed })
}

/// Writes the release tree, generates and signs its SBOM.
fn vendor_release(story: &mut Story, vendor: &PrivateKey, time: Timestamp) -> anyhow::Result<(Envelope, DigestSet)> {
    let artefact: Vec<u8> = (0u32..65_536).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let artefact_path = story.write(&format!("release/{ARTEFACT}"), &artefact)?;
    story.write("release/Cargo.lock", DEMO_CARGO_LOCK.as_bytes())?;
    story.write("release/README.txt", DEMO_README.as_bytes())?;
    story.write("vendor.pub", vendor.public().to_spki_pem().as_bytes())?;
    story.step(
        "vendor",
        "loads its signing key (a test key embedded in the demo)",
        format!("key id {}", vendor.public().id()),
        true,
    );

    let req = GenerateRequest {
        paths: vec![story.dir.join("release")],
        product: Product {
            name: "acme-gateway".into(),
            version: "2.4.1".into(),
            supplier: Some("Acme LLP".into()),
            purl: Some("pkg:generic/acme/acme-gateway@2.4.1".into()),
        },
        timestamp: Some(time),
        ..Default::default()
    };
    let generated = generate(&req, scan(&req)?, &|_| {})?;
    story.write("acme-gateway.cdx.json", &generated.json)?;
    story.step(
        "vendor",
        "attest sbom generate release/ --name acme-gateway --version 2.4.1 --supplier 'Acme LLP' --purl pkg:generic/acme/acme-gateway@2.4.1",
        format!("CycloneDX 1.5 SBOM: {} files hashed, {} packages from Cargo.lock", generated.files, generated.packages),
        true,
    );
    let digest = hash_file(&artefact_path, false)?.digest_set();
    let subjects = vec![Subject { name: ARTEFACT.into(), digest: digest.clone() }];
    let envelope = attestation::sign(&generated.json, "SBOM", subjects, vendor)?;
    story.write("acme-gateway.att.json", &to_vec_pretty(&envelope.to_json())?)?;
    story.step(
        "vendor",
        format!("attest sign --key vendor.key --sbom acme-gateway.cdx.json --subject {ARTEFACT}"),
        format!("DSSE envelope with an in-toto Statement, subject sha256:{}", digest.sha256),
        true,
    );
    Ok((envelope, digest))
}
