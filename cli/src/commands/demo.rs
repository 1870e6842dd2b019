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

use std::path::{Path, PathBuf};

use attest_core::attestation::{self, Artefact, VerifyRequest};
use attest_core::bundle::Bundle;
use attest_core::certify::{self, Acceptance, IssueRequest, VerifyContext};
use attest_core::digest::{DigestSet, Sha256Digest, hash_file};
use attest_core::dsse::{Envelope, KeySet};
use attest_core::evaluate;
use attest_core::fsio::{Overwrite, write_atomic};
use attest_core::json::to_vec_pretty;
use attest_core::keys::{PrivateKey, PublicKey};
use attest_core::policy::Policy;
use attest_core::report::Report;
use attest_core::sbom::{GenerateRequest, Product, generate, scan};
use attest_core::statement::Subject;
use attest_core::timestamp::Timestamp;
use attest_core::trust::believe;
use attest_core::trust::edit::{self, Init, Revocation};
use attest_core::trust::state::StateDir;
use attest_core::trust::verify::Decision;
use attest_core::trust::{
    Authority, ClassRef, Entry, EntryBody, ListedKey, RecognisedList, Scope, SignedList, Status, TransparencyLog,
    TrustList,
};
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
const SCO_GOVERNORS: [&str; 3] = [
    include_str!("../../../testdata/keys/sco-gov1.key"),
    include_str!("../../../testdata/keys/sco-gov2.key"),
    include_str!("../../../testdata/keys/sco-gov3.key"),
];
const KZ_REGULATOR_KEY: &str = include_str!("../../../testdata/keys/kz-regulator.key");
const KZ_POLICY: &str = include_str!("../../../testdata/policy/kz-import-2026.json");
const UZ_POLICY: &str = include_str!("../../../testdata/policy/uz-import-2026.json");
/// The condition KZ's regulator writes on its certificate.
const DEMO_CONDITION: &str =
    "Valid for the evaluated configuration only: the release tarball as shipped, without plug-ins.";
/// The federation's equivalence: UZ accepts KZ's `standard` as its `basic`.
const EQUIVALENCE_ID: &str = "kz-standard-as-uz-basic";
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

pub fn run(ctx: &Ctx, a: DemoArgs) -> anyhow::Result<Verdict> {
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

/// Demo keys for the log and the witnesses, from fixed seeds: public, never
/// to be trusted.
fn seeded(seed: u8) -> anyhow::Result<PrivateKey> {
    Ok(PrivateKey::from_seed(&[seed; 32])?)
}

/// The transparency chapter (docs/transparency.md): the federation requires
/// logged, witnessed certificates; KZ logs a new one, KZ's and UZ's
/// witnesses cosign, UZ verifies offline from the bundle; a certificate
/// never logged is refused, and a split view is caught by a witness.
struct Transparency<'a> {
    envelope: &'a Envelope,
    good: &'a [Artefact],
    policy: &'a Policy,
    policy_bytes: &'a [u8],
    time: Timestamp,
}

const LOG_ORIGIN: &str = "kz.example/certificates";
const WITNESSES: [(u8, &str, &str); 2] = [(42, "witness.kz.example", "KZ"), (43, "witness.uz.example", "UZ")];

impl Transparency<'_> {
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        story: &mut Story,
        federation: &SignedList,
        chain: &[SignedList],
        sco: &[PrivateKey],
        regulator: &PrivateKey,
        national_lists: &Decision,
        state_b: &StateDir,
    ) -> anyhow::Result<()> {
        use attest_core::tlog::{entry::LogEntry, log, note, witness};
        let time = self.time;
        let log_key = seeded(41)?;
        let Some(previous) = chain.last() else {
            return Err(attest_core::Error::Internal("the demo's federation chain is empty".into()).into());
        };
        let mut next = edit::next(previous, time)?;
        let kz_log = TransparencyLog {
            jurisdiction: None,
            keys: vec![ListedKey::new(log_key.public(), None)],
            origin: LOG_ORIGIN.into(),
            authorities: vec!["kz-regulator".into()],
        };
        next = edit::add_entry(next, Entry::granted("kz-log", time, EntryBody::Log(kz_log)))?;
        for (seed, name, jurisdiction) in WITNESSES {
            let keys = vec![ListedKey::new(seeded(seed)?.public(), None)];
            let body = EntryBody::Witness { jurisdiction: jurisdiction.into(), keys };
            let w = named(&format!("{}-witness", jurisdiction.to_lowercase()), name, time, body);
            next = edit::add_entry(next, w)?;
        }
        let rule = attest_core::trust::Transparency { required: true, quorum: 2, max_delay_seconds: 86_400 };
        let fed3 = signed(&edit::set_transparency(next, rule)?, sco)?;
        story.write_list("sco-federation-4.json", &fed3)?;
        story.step(
            "SCO governors",
            "attest trust add --kind log --id kz-log --origin kz.example/certificates --key kz-log.pub \
             --authority kz-regulator; trust add --kind witness (KZ, UZ); trust set-transparency --quorum 2 \
             --max-delay 86400 --required; 2 of 3 sign",
            list_summary(&fed3),
            true,
        );

        // KZ's regulator issues and logs in the same step.
        let mut lists = chain.to_vec();
        lists.push(fed3.clone());
        let state_a = StateDir::new(story.dir.join("state-kz"));
        let fed_lists = believe(federation, lists.clone(), &state_a, time)?;
        let issue = |id: &str| {
            certify::issue(&IssueRequest {
                key: regulator,
                authority: "kz-regulator",
                attestation: self.envelope,
                attestation_doc: "acme-gateway.att.json",
                national: national_lists,
                federation: &fed_lists,
                policy: self.policy,
                policy_bytes: self.policy_bytes,
                evidence: &[],
                artefacts: self.good,
                time,
                certificate_id: Some(format!("KZ-{}-{id}", time.year())),
                conditions: &[],
                supersedes: None,
            })
        };
        let Some((cert, mut bundle)) = issue("0000000000000042")?.bundle else {
            story.step("KZ regulator", "attest certify issue … --log kz-log", "NOT ISSUED", false);
            return Ok(());
        };
        // A fresh log and fresh witnesses on every run of the demo.
        let log_dir = story.dir.join("kz-log");
        for d in ["kz-log", "kz-log-forked", "witness-kz", "witness-uz"] {
            let d = story.dir.join(d);
            if d.exists() {
                std::fs::remove_dir_all(&d).map_err(|e| attest_core::Error::io(&d, e))?;
            }
        }
        log::init(&log_dir, LOG_ORIGIN, &log_key)?;
        let entry = LogEntry::of_certificate(&bundle.certificate, "new certificate")?.to_bytes();
        let appended = log::append(&log_dir, &log_key, std::slice::from_ref(&entry))?;
        story.step(
            "KZ regulator",
            "attest log init kz-log --origin kz.example/certificates --log-key kz-log.key; attest certify issue … \
             --log kz-log --log-key kz-log.key -o acme-gateway-logged.bundle.json",
            format!(
                "certificate {} logged at index {} (log size {})",
                cert.certificate_id, appended.first, appended.checkpoint.checkpoint.size
            ),
            true,
        );

        // The witnesses of KZ and UZ check the log only grew, and cosign.
        let log_vkey = note::NoteKey::new(LOG_ORIGIN, note::ALG_ED25519, log_key.public().clone())
            .map_err(attest_core::Error::usage)?;
        let unix = u64::try_from(time.unix()).unwrap_or_default();
        let mut lines = Vec::new();
        let mut witness_keys = Vec::new();
        for (seed, name, jurisdiction) in WITNESSES {
            let key = seeded(seed)?;
            let state = story.dir.join(format!("witness-{}", jurisdiction.to_lowercase()));
            let req =
                witness::WitnessRequest { dir: &log_dir, key: &key, name, log: &log_vkey, state: &state, time: unix };
            if let witness::Witnessed::Cosigned { line, .. } = witness::witness(&req)? {
                lines.push((name.to_owned(), line));
            }
            witness_keys.push(
                note::NoteKey::new(name, note::ALG_COSIGNATURE_V1, key.public().clone())
                    .map_err(attest_core::Error::usage)?,
            );
        }
        let added = log::add_cosignatures(&log_dir, &lines, &witness_keys)?;
        let cp = log::read_checkpoint(&log_dir)?;
        bundle.transparency = Some(attest_core::bundle::TransparencyJson {
            proof: log::prove(&log_dir, &cp, appended.first, &entry)?.to_text(),
        });
        story.write("acme-gateway-logged.bundle.json", &bundle.to_json()?)?;
        story.step(
            "KZ and UZ witnesses",
            "attest log witness kz-log --key W.key --name NAME --log-vkey kz-log.vkey; attest log cosign kz-log …; \
             attest log prove kz-log acme-gateway-logged.bundle.json",
            format!("cosigned by {}; the bundle carries a c2sp.org/tlog-proof@v1", added.join(", ")),
            added.len() == 2,
        );
        let verified = verify_offline(&bundle, federation, &lists, state_b, self.good, None, time)?;
        let step8 = verified.checks.iter().find(|c| c.check == "8 transparency").map(|c| c.detail.clone());
        story.step(
            "UZ regulator (offline)",
            "attest certify verify acme-gateway-logged.bundle.json --anchor sco-federation.json",
            if verified.passed() { format!("VERIFIED: {}", step8.unwrap_or_default()) } else { verdict(&verified) },
            verified.passed(),
        );

        // A certificate issued but never logged.
        if let Some((_, unlogged)) = issue("0000000000000043")?.bundle {
            let refused = verify_offline(&unlogged, federation, &lists, state_b, self.good, None, time)?;
            story.step(
                "KZ regulator (rogue)",
                "issues a certificate without --log; UZ runs certify verify on it",
                verdict(&refused),
                !refused.passed(),
            );
        }

        // A split view: the log shows the KZ witness another tree of size 1.
        let forked = story.dir.join("kz-log-forked");
        log::init(&forked, LOG_ORIGIN, &log_key)?;
        log::append(&forked, &log_key, &[b"attest-log-entry/v1\nkind certificate\n".to_vec()])?;
        let (seed, name, _) = WITNESSES[0];
        let key = seeded(seed)?;
        let state = story.dir.join("witness-kz");
        let req = witness::WitnessRequest { dir: &forked, key: &key, name, log: &log_vkey, state: &state, time: unix };
        let outcome = match witness::witness(&req)? {
            witness::Witnessed::SplitView { reason, cosigned, presented } => (
                format!(
                    "REFUSED, split view: {reason}; evidence {} and {}",
                    cosigned.strip_prefix(&story.dir).unwrap_or(&cosigned).display(),
                    presented.strip_prefix(&story.dir).unwrap_or(&presented).display()
                ),
                true,
            ),
            witness::Witnessed::Cosigned { .. } => ("cosigned a forked log".to_owned(), false),
        };
        story.step(
            "KZ log operator (rogue)",
            "shows the KZ witness a forked log of the same size (attest log witness kz-log-forked …)",
            outcome.0,
            outcome.1,
        );
        Ok(())
    }
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

fn check_signatures(envelope: &Envelope, keys: &KeySet, artefacts: &[Artefact]) -> anyhow::Result<Report> {
    let req = VerifyRequest { keys, threshold: 1, artefacts };
    Ok(attestation::verify(envelope, "acme-gateway.att.json", &req)?.report)
}

/// [`believe::believe`] from a borrowed anchor: the demo uses each list in
/// several steps.
fn believe(
    anchor: &SignedList,
    offered: Vec<SignedList>,
    state: &StateDir,
    time: Timestamp,
) -> anyhow::Result<Decision> {
    Ok(believe::believe(anchor.clone(), offered, Some(state), time)?)
}

fn verify_offline(
    bundle: &Bundle,
    federation: &SignedList,
    newer: &[SignedList],
    state: &StateDir,
    artefacts: &[Artefact],
    terms: Option<(&Policy, &Acceptance)>,
    time: Timestamp,
) -> anyhow::Result<Report> {
    let mut offered: Vec<SignedList> = bundle.trust_lists.iter().map(|l| SignedList::clone(l)).collect();
    offered.extend(newer.iter().cloned());
    let lists = believe(federation, offered, state, time)?;
    let ctx =
        VerifyContext { lists: &lists, artefacts, own_policy: terms.map(|t| t.0), accept: terms.map(|t| t.1), time };
    Ok(certify::verify_bundle(bundle, &ctx)?.report)
}

/// A verdict that shows how step 3 accepted the class.
fn class_verdict(report: &Report) -> String {
    let class = report.checks.iter().rev().find(|c| c.check.starts_with("3 ") && c.detail.starts_with("class "));
    match class {
        Some(c) if report.passed() => format!("VERIFIED: {}", c.detail),
        _ => verdict(report),
    }
}

fn verdict(report: &Report) -> String {
    if report.passed() {
        "VERIFIED".to_owned()
    } else {
        let reasons: Vec<&str> = report.failures().map(|c| c.detail.as_str()).collect();
        format!("NOT VERIFIED: {}", reasons.join("; "))
    }
}

fn bundle_verdict(report: &Report) -> String {
    if report.passed() {
        let steps = report.checks.iter().filter(|c| c.check.starts_with(char::is_numeric)).count();
        format!(
            "VERIFIED ({steps} checks passed: lists, issuer, certificate, revocation freshness, evidence, artefacts)"
        )
    } else {
        verdict(report)
    }
}

fn list_summary(l: &SignedList) -> String {
    format!(
        "{} sequence {}: {} entries, {} revocation(s), signed by {} of {} governors (threshold {})",
        l.list.name,
        l.list.sequence,
        l.list.entries.len(),
        l.list.revoked.keys.len()
            + l.list.revoked.components.len()
            + l.list.revoked.artefacts.len()
            + l.list.revoked.certificates.len(),
        l.envelope.signatures.len(),
        l.list.governance.keys.len(),
        l.list.governance.threshold
    )
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

/// An entry named `name`, granted at `time`.
fn named(id: &str, name: &str, time: Timestamp, body: EntryBody) -> Entry {
    Entry { name: Some(name.into()), ..Entry::granted(id, time, body) }
}

fn signed(list: &TrustList, governors: &[PrivateKey]) -> anyhow::Result<SignedList> {
    let [g1, g2, ..] = governors else {
        return Err(attest_core::Error::Internal("two demo governors expected".into()).into());
    };
    Ok(edit::cosign(edit::sign_draft(list, g1, None)?, g2, None)?)
}

/// State A's national list: the vendor as a supplier of `pkg:generic/acme/*`
/// 1.x–2.x, the release's Rust crates as approved components; 2 of 3 sign.
fn national_list(time: Timestamp, vendor: &PublicKey) -> anyhow::Result<SignedList> {
    let governors = keys(&KZ_GOVERNORS, "kz-gov")?;
    let mut list = edit::init(Init {
        name: "kz-national".into(),
        jurisdiction: "KZ".into(),
        operator: Some("Ministry of Digital Development, KZ".into()),
        governors: governors.iter().map(|g| g.public().clone()).collect(),
        threshold: 2,
        valid_for_days: 90,
        issued: time,
    })?;
    let acme = EntryBody::Supplier {
        jurisdiction: Some("KZ".into()),
        keys: vec![ListedKey::new(vendor, None)],
        // Its releases, and its own crate (first-party in the SBOM).
        scope: vec![
            Scope::new("pkg:generic/acme/*", Some(">=1.0.0, <3")),
            Scope::new("pkg:cargo/acme-gateway", Some(">=1.0.0, <3")),
        ],
    };
    list = edit::add_entry(list, named("acme", "Acme LLP", time, acme))?;
    let mut scope: Vec<Scope> = ["serde", "serde_json", "itoa", "ryu"]
        .iter()
        .map(|c| Scope::new(format!("pkg:cargo/{c}"), Some("^1")))
        .collect();
    scope.push(Scope::new("pkg:cargo/memchr", Some("^2")));
    let rust = EntryBody::Component { jurisdiction: Some("KZ".into()), scope };
    list = edit::add_entry(list, named("rust-core-crates", "Audited Rust crates", time, rust))?;
    signed(&list, &governors)
}

/// The SCO federation: KZ's regulator as an authority for `standard`
/// certificates, and KZ's national list recognised by its governance.
fn federation_list(
    time: Timestamp,
    governors: &[PrivateKey],
    regulator: &PublicKey,
    national: &SignedList,
) -> anyhow::Result<SignedList> {
    let mut list = edit::init(Init {
        name: "sco-federation".into(),
        jurisdiction: "SCO".into(),
        operator: Some("SCO digital trade secretariat".into()),
        governors: governors.iter().map(|g| g.public().clone()).collect(),
        threshold: 2,
        valid_for_days: 365,
        issued: time,
    })?;
    let authority = Authority {
        jurisdiction: "KZ".into(),
        keys: vec![ListedKey::new(regulator, None)],
        certifies: vec!["standard".into()],
        max_validity_days: Some(730),
        accreditation: Some("KZ-NAC ISO/IEC 17065 No. KZ.O.02.0571".into()),
    };
    list = edit::add_entry(list, named("kz-regulator", "KZ import regulator", time, EntryBody::Authority(authority)))?;
    let equivalence = EntryBody::Equivalence {
        from: ClassRef { jurisdiction: "KZ".into(), class: "standard".into() },
        to: ClassRef { jurisdiction: "UZ".into(), class: "basic".into() },
    };
    let name = "UZ accepts KZ standard certificates as basic";
    list = edit::add_entry(list, named(EQUIVALENCE_ID, name, time, equivalence))?;
    let recognised = RecognisedList {
        list_name: national.list.name.clone(),
        jurisdiction: "KZ".into(),
        governance: national.list.governance.clone(),
    };
    list = edit::add_entry(list, Entry::granted("kz-national", time, EntryBody::TrustList(recognised)))?;
    signed(&list, governors)
}

/// The next version of the federation, issued at `time`, in which the
/// governors suspend the equivalence from `since`.
fn suspend_equivalence(
    federation: &SignedList,
    governors: &[PrivateKey],
    time: Timestamp,
    since: Timestamp,
) -> anyhow::Result<SignedList> {
    let next = edit::next(federation, time)?;
    let next = edit::set_status(next, EQUIVALENCE_ID, Status::Suspended, since, None)?;
    signed(&next, governors)
}

fn revoke_certificate(
    federation: &SignedList,
    governors: &[PrivateKey],
    certificate_id: &str,
    time: Timestamp,
) -> anyhow::Result<SignedList> {
    let next = edit::next(federation, time)?;
    let what = Revocation::Certificate { authority: "kz-regulator".into(), id: certificate_id.into() };
    let next = edit::revoke(next, what, "vendor withdrew the release".into(), time)?;
    signed(&next, governors)
}
