//! The transparency chapter of the demo: logging, witnessing, a split view caught.

use attest_core::attestation::Artefact;
use attest_core::certify::{self, IssueRequest};
use attest_core::dsse::Envelope;
use attest_core::keys::PrivateKey;
use attest_core::policy::Policy;
use attest_core::timestamp::Timestamp;
use attest_core::trust::StateDir;
use attest_core::trust::edit;
use attest_core::trust::verify::Decision;
use attest_core::trust::{Entry, EntryBody, ListedKey, SignedList, TransparencyLog};

use super::Story;
use super::checks::{believe, verdict, verify_offline};
use super::lists::{list_summary, named, signed};

/// Demo keys for the log and the witnesses, from fixed seeds: public, never
/// to be trusted.
fn seeded(seed: u8) -> anyhow::Result<PrivateKey> {
    Ok(PrivateKey::from_seed(&[seed; 32])?)
}

/// The transparency chapter (docs/transparency.md): the federation requires
/// logged, witnessed certificates; KZ logs a new one, KZ's and UZ's
/// witnesses cosign, UZ verifies offline from the bundle; a certificate
/// never logged is refused, and a split view is caught by a witness.
pub(super) struct Transparency<'a> {
    pub(super) envelope: &'a Envelope,
    pub(super) good: &'a [Artefact],
    pub(super) policy: &'a Policy,
    pub(super) policy_bytes: &'a [u8],
    pub(super) time: Timestamp,
}

const LOG_ORIGIN: &str = "kz.example/certificates";
const WITNESSES: [(u8, &str, &str); 2] = [(42, "witness.kz.example", "KZ"), (43, "witness.uz.example", "UZ")];

impl Transparency<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn run(
        &self,
        story: &mut Story,
        federation: &SignedList,
        chain: &[SignedList],
        sco: &[PrivateKey],
        regulator: &PrivateKey,
        national_lists: &Decision,
        state_b: &StateDir,
    ) -> anyhow::Result<()> {
        use attest_core::tlog::{LogEntry, WitnessRequest, Witnessed, log, note, witness};
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
            let req = WitnessRequest { dir: &log_dir, key: &key, name, log: &log_vkey, state: &state, time: unix };
            if let Witnessed::Cosigned { line, .. } = witness(&req)? {
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
        let req = WitnessRequest { dir: &forked, key: &key, name, log: &log_vkey, state: &state, time: unix };
        let outcome = match witness(&req)? {
            Witnessed::SplitView { reason, cosigned, presented } => (
                format!(
                    "REFUSED, split view: {reason}; evidence {} and {}",
                    cosigned.strip_prefix(&story.dir).unwrap_or(&cosigned).display(),
                    presented.strip_prefix(&story.dir).unwrap_or(&presented).display()
                ),
                true,
            ),
            Witnessed::Cosigned { .. } => ("cosigned a forked log".to_owned(), false),
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
