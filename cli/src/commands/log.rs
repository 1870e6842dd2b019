//! `attest log …`: a transparency log of what an authority issues, its
//! witnesses, proofs and audits (docs/transparency.md).

use std::path::{Path, PathBuf};

use attest_core::Error;
use attest_core::bundle::TransparencyJson;
use attest_core::fsio::{Overwrite, write_atomic};
use attest_core::tlog::LogEntry;
use attest_core::tlog::SignedCheckpoint;
use attest_core::tlog::log::{self, Appended};
use attest_core::tlog::merkle::leaf_hash;
use attest_core::tlog::note::{ALG_COSIGNATURE_V1, ALG_ED25519, NoteKey};
use attest_core::tlog::unix_time;
use attest_core::tlog::{AuditedEntry, audit};
use attest_core::tlog::{WitnessRequest, Witnessed, witness};
use base64ct::{Base64, Encoding};
use serde_json::json;

use crate::args::{LogCommand, OutputFormat};
use crate::inputs::{
    any_public_key, log_key, read_bundle, read_checkpoint, read_cosignature_lines, read_log_entry, signing_key,
    state_path, verifier_key,
};
use crate::output::{escape, print_json, print_json_listing, print_table, write_output};
use crate::{Ctx, Verdict};

pub(crate) fn run(ctx: &Ctx, cmd: LogCommand) -> anyhow::Result<Verdict> {
    match cmd {
        LogCommand::Init { dir, origin, key } => {
            let key = log_key(&key, "log init")?;
            let cp = log::init(&dir, &origin, &*key)?;
            let vkey = NoteKey::new(&origin, ALG_ED25519, key.public().clone()).map_err(Error::usage)?.vkey();
            match ctx.output {
                OutputFormat::Json => print_json(&json!({"dir": dir.display().to_string(), "origin": origin,
                    "size": 0, "root": b64(&cp.checkpoint.root), "vkey": vkey}))?,
                OutputFormat::Human => {
                    outln!("created log {} in {}", escape(&origin), escape(&dir.display().to_string()));
                    outln!("verifier key: {}", escape(&vkey));
                }
            }
            Ok(Verdict::Ok)
        }
        LogCommand::Append { dir, key, docs } => {
            let entries =
                docs.iter().map(|d| read_log_entry(d, ctx.limits, "log append")).collect::<anyhow::Result<Vec<_>>>()?;
            let key = log_key(&key, "log append")?;
            let done = log::append(&dir, &*key, &entries.iter().map(LogEntry::to_bytes).collect::<Vec<_>>())?;
            print_appended(ctx, &done, &entries)?;
            Ok(Verdict::Ok)
        }
        LogCommand::Show { dir } => show(ctx, &dir),
        LogCommand::Vkey { name, key, witness } => {
            let pk = any_public_key(&key, None, None)?;
            let keyid = pk.id();
            let alg = if witness { ALG_COSIGNATURE_V1 } else { ALG_ED25519 };
            let vkey = NoteKey::new(&name, alg, pk).map_err(|e| Error::Usage(format!("--name: {e}")))?.vkey();
            match ctx.output {
                OutputFormat::Json => {
                    print_json(&json!({"name": name, "witness": witness, "vkey": vkey, "keyid": keyid}))?
                }
                OutputFormat::Human => outln!("{}", escape(&vkey)),
            }
            Ok(Verdict::Ok)
        }
        LogCommand::Witness { dir, key, name, log_vkey, out, force } => {
            let wkey = signing_key(&key, "log witness")?;
            let log = verifier_key(&log_vkey, "--log-vkey")?;
            let state = state_path(ctx)?;
            let time = u64::try_from(ctx.time.unix()).map_err(|_| Error::Usage("--time before 1970".into()))?;
            let req = WitnessRequest { dir: &dir, key: &*wkey, name: &name, log: &log, state: &state, time };
            match witness(&req)? {
                Witnessed::Cosigned { line, checkpoint, previous } => {
                    write_output(&out, line.to_line().as_bytes(), force)?;
                    if out.as_os_str() != "-" {
                        let c = &checkpoint.checkpoint;
                        match ctx.output {
                            OutputFormat::Json => print_json(&json!({"cosigned": true, "origin": c.origin,
                                "size": c.size, "root": b64(&c.root), "previousSize": previous, "time": time,
                                "line": out.display().to_string()}))?,
                            OutputFormat::Human => outln!(
                                "cosigned {} size {} (consistent with size {} cosigned before); wrote {}",
                                escape(&c.origin),
                                c.size,
                                previous.map_or_else(|| "none".to_owned(), |p| p.to_string()),
                                escape(&out.display().to_string())
                            ),
                        }
                    }
                    Ok(Verdict::Ok)
                }
                Witnessed::SplitView { reason, cosigned, presented } => {
                    match ctx.output {
                        OutputFormat::Json => print_json(&json!({"cosigned": false, "splitView": reason,
                            "evidence": [cosigned.display().to_string(), presented.display().to_string()]}))?,
                        OutputFormat::Human => {}
                    }
                    eprintln!(
                        "attest: REFUSED, split view: {}; evidence: {} and {}",
                        escape(&reason),
                        escape(&cosigned.display().to_string()),
                        escape(&presented.display().to_string())
                    );
                    Ok(Verdict::Failed)
                }
            }
        }
        LogCommand::Cosign { dir, lines, witnesses } => {
            let keys = witnesses.iter().map(|w| verifier_key(w, "--witness")).collect::<anyhow::Result<Vec<_>>>()?;
            let parsed = read_cosignature_lines(&lines)?;
            let added = log::add_cosignatures(&dir, &parsed, &keys)?;
            let size = log::read_checkpoint(&dir)?.checkpoint.size;
            match ctx.output {
                OutputFormat::Json => print_json(&json!({"added": added, "size": size}))?,
                OutputFormat::Human => outln!("added {} cosignature(s): {}", added.len(), escape(&added.join(", "))),
            }
            Ok(Verdict::Ok)
        }
        LogCommand::Prove { dir, bundles } => prove(ctx, &dir, &bundles),
        LogCommand::Audit { dir, log_vkey, witnesses, since } => {
            let old = since.as_deref().map(|p| read_checkpoint(p, "log audit --since")).transpose()?;
            let log = verifier_key(&log_vkey, "--log-vkey")?;
            let keys = witnesses.iter().map(|w| verifier_key(w, "--witness")).collect::<anyhow::Result<Vec<_>>>()?;
            let a = audit(&dir, &log, &keys, old.as_deref())?;
            let c = &a.checkpoint.checkpoint;
            match ctx.output {
                OutputFormat::Json => print_json_listing(
                    &AuditJson {
                        verified: true,
                        origin: &c.origin,
                        size: c.size,
                        root: b64(&c.root),
                        tiles: a.tiles,
                        witnesses: a.witnesses.iter().map(|(n, t)| json!({"name": n, "time": t})).collect(),
                        since: a
                            .since
                            .as_ref()
                            .map(|s| json!({"size": s.checkpoint.size, "root": b64(&s.checkpoint.root)})),
                        entries: Vec::new(),
                    },
                    &a.entries.iter().map(EntryJson).collect::<Vec<_>>(),
                )?,
                OutputFormat::Human => {
                    let rows: Vec<Vec<String>> = a
                        .entries
                        .iter()
                        .map(|e| match &e.entry {
                            Ok(en) => vec![
                                e.index.to_string(),
                                en.kind.to_string(),
                                en.id.clone(),
                                en.authority.clone(),
                                en.issued.to_string(),
                                en.sha256.to_string(),
                            ],
                            Err((_, len)) => {
                                vec![e.index.to_string(), "-".into(), format!("({len} bytes, not an attest entry)")]
                            }
                        })
                        .collect();
                    print_table(&["INDEX", "KIND", "ID", "AUTHORITY", "ISSUED", "SHA256"], &rows)?;
                    let by: Vec<String> =
                        a.witnesses.iter().map(|(n, t)| format!("{n} at {}", time_text(*t))).collect();
                    outln!(
                        "\n{}: AUDITED: {} entries, {} tiles recomputed, root {}{}{}",
                        escape(&c.origin),
                        c.size,
                        a.tiles,
                        b64(&c.root),
                        if by.is_empty() { String::new() } else { format!(", cosigned by {}", by.join(", ")) },
                        a.since.as_ref().map_or(String::new(), |s| format!(", extends size {}", s.checkpoint.size))
                    );
                }
            }
            Ok(Verdict::Ok)
        }
    }
}

/// `log audit --output json`, streamed as it is serialised: a log of a
/// million entries is never built as a JSON tree. `entries` is left empty
/// and the entries printed by [`print_json_listing`].
#[derive(serde::Serialize)]
struct AuditJson<'a> {
    verified: bool,
    origin: &'a str,
    size: u64,
    root: String,
    tiles: u64,
    witnesses: Vec<serde_json::Value>,
    since: Option<serde_json::Value>,
    entries: Vec<EntryJson<'a>>,
}

/// One audited entry: its fields, or why it is not an attest entry.
struct EntryJson<'a>(&'a AuditedEntry);

impl serde::Serialize for EntryJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("index", &self.0.index)?;
        match &self.0.entry {
            Ok(e) => {
                m.serialize_entry("kind", &e.kind)?;
                m.serialize_entry("id", &e.id)?;
                m.serialize_entry("authority", &e.authority)?;
                m.serialize_entry("issued", &e.issued)?;
                m.serialize_entry("sha256", &e.sha256)?;
            }
            Err((why, len)) => {
                m.serialize_entry("kind", &None::<&str>)?;
                m.serialize_entry("bytes", len)?;
                m.serialize_entry("note", why)?;
            }
        }
        m.end()
    }
}

fn b64(h: &[u8]) -> String {
    Base64::encode_string(h)
}

fn time_text(t: u64) -> String {
    unix_time(t).map_or_else(|| t.to_string(), |ts| ts.to_string())
}

/// Logs `entries` and reports it (shared with `certify issue --log`).
pub(crate) fn print_appended(ctx: &Ctx, done: &Appended, entries: &[LogEntry]) -> anyhow::Result<()> {
    let c = &done.checkpoint.checkpoint;
    match ctx.output {
        OutputFormat::Json => print_json(&json!({"origin": c.origin, "first": done.first, "count": entries.len(),
            "size": c.size, "root": b64(&c.root),
            "entries": entries.iter().enumerate().map(|(i, e)| json!({"index": done.first + i as u64,
                "kind": e.kind, "id": e.id, "authority": e.authority, "issued": e.issued, "sha256": e.sha256}))
                .collect::<Vec<_>>()}))?,
        OutputFormat::Human => {
            for (i, e) in entries.iter().enumerate() {
                outln!("logged {} {} at index {}", e.kind, escape(&e.id), done.first + i as u64);
            }
            outln!(
                "{}: size {}, root {} (checkpoint signed; collect cosignatures next)",
                escape(&c.origin),
                c.size,
                b64(&c.root)
            );
        }
    }
    Ok(())
}

fn show(ctx: &Ctx, dir: &Path) -> anyhow::Result<Verdict> {
    let cp: SignedCheckpoint = log::read_checkpoint(dir)?;
    let c = &cp.checkpoint;
    let sigs: Vec<(String, String)> =
        cp.note.sigs.iter().map(|s| (s.name.clone(), format!("{:08x}", s.key_id))).collect();
    match ctx.output {
        OutputFormat::Json => print_json(&json!({"origin": c.origin, "size": c.size, "root": b64(&c.root),
            "extensions": c.extensions,
            "signatures": sigs.iter().map(|(n, k)| json!({"name": n, "keyId": k})).collect::<Vec<_>>()}))?,
        OutputFormat::Human => {
            outln!("log {}\n  entries  {}\n  root     {}", escape(&c.origin), c.size, b64(&c.root));
            for (n, k) in &sigs {
                outln!("  signed   {} (key ID {k})", escape(n));
            }
            outln!("(not verified here: `attest log audit --log-vkey` checks signatures and tiles)");
        }
    }
    Ok(Verdict::Ok)
}

fn prove(ctx: &Ctx, dir: &Path, bundles: &[PathBuf]) -> anyhow::Result<Verdict> {
    // Every bundle read and judged before the log is.
    let mut read = Vec::new();
    for path in bundles {
        let doc = path.display().to_string();
        let bundle = read_bundle(path, ctx.limits, "log prove")?;
        read.push((path, doc, bundle));
    }
    let cp = log::read_checkpoint(dir)?;
    let index = log::leaf_index(dir, cp.checkpoint.size)?;
    let mut done = Vec::new();
    for (path, doc, mut bundle) in read {
        let entry = LogEntry::of_certificate(&bundle.certificate, &format!("{doc} (certificate)"))?.to_bytes();
        let Some(&i) = index.get(&leaf_hash(&entry)) else {
            return Err(Error::Refused(format!(
                "{doc}: its certificate is not in the log {} (size {}); log it with `attest log append` first",
                cp.checkpoint.origin, cp.checkpoint.size
            ))
            .into());
        };
        let proof = log::prove(dir, &cp, i, &entry)?;
        bundle.transparency = Some(TransparencyJson { proof: proof.to_text() });
        write_atomic(path, &bundle.to_json()?, Overwrite::Replace, None)?;
        done.push((doc, i));
    }
    match ctx.output {
        OutputFormat::Json => print_json(&json!({"origin": cp.checkpoint.origin, "size": cp.checkpoint.size,
            "cosignatures": cp.note.sigs.len().saturating_sub(1),
            "bundles": done.iter().map(|(d, i)| json!({"bundle": d, "index": i})).collect::<Vec<_>>()}))?,
        OutputFormat::Human => {
            for (d, i) in &done {
                outln!("{}: proof of index {i} under size {}", escape(d), cp.checkpoint.size);
            }
            outln!("checkpoint carries {} cosignature line(s)", cp.note.sigs.len().saturating_sub(1));
        }
    }
    Ok(Verdict::Ok)
}
