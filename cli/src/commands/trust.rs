//! `attest trust …`: drafting, signing, verifying and inspecting trust lists.

mod view;

use std::path::Path;

use attest_core::Error;
use attest_core::digest::{DigestSet, Sha256Digest};
use attest_core::fsio::{Overwrite, write_atomic};
use attest_core::json::to_vec_pretty;
use attest_core::jsontree;
use attest_core::keys::KeyId;
use attest_core::timestamp::Timestamp;
use attest_core::trust::edit::{self, Init, Revocation};

use attest_core::trust::inspect::{self, Approval};
use attest_core::trust::verify::{Origin, Request, decide};
use attest_core::trust::{
    ClassRef, Entry, EntryKind, FlatEntry, FromSbom, ListFile, ListedKey, Scope, SignedList, TrustList,
    scopes_from_sbom,
};
use serde_json::json;

use crate::args::{AddArgs, OutputFormat, RevokeArgs, TrustCommand};
use crate::inputs::{
    ANY_LIST, public_key, public_keys, read_draft, read_list_file, read_sbom, read_signed, signing_key, state_dir,
};
use crate::output::evaluation::believed_json;
use crate::output::{escape, is_stdout, print_json, render_report, write_output};
use crate::{Ctx, Verdict};

fn write_draft(path: &Path, list: &TrustList, overwrite: Overwrite) -> anyhow::Result<()> {
    Ok(write_atomic(path, &to_vec_pretty(list)?, overwrite, None)?)
}

fn edited(ctx: &Ctx, path: &Path, list: &TrustList, what: &str) -> anyhow::Result<Verdict> {
    write_draft(path, list, Overwrite::Replace)?;
    report_draft(ctx, path, list.sequence, what)
}

/// Says which draft was written and what changed; nothing when the draft
/// itself went to stdout (`-`), which must then carry it alone.
fn report_draft(ctx: &Ctx, path: &Path, sequence: u64, what: &str) -> anyhow::Result<Verdict> {
    if is_stdout(path) {
        return Ok(Verdict::Ok);
    }
    match ctx.output {
        OutputFormat::Json => {
            print_json(&json!({ "draft": path.display().to_string(), "sequence": sequence, "change": what }))?
        }
        OutputFormat::Human => outln!("{}: {}", escape(&path.display().to_string()), escape(what)),
    }
    Ok(Verdict::Ok)
}

pub(crate) fn run(ctx: &Ctx, cmd: TrustCommand) -> anyhow::Result<Verdict> {
    match cmd {
        TrustCommand::Init { name, jurisdiction, governors, holders, threshold, operator, valid_for, out, force } => {
            let mut list = edit::init(Init {
                name,
                jurisdiction,
                operator,
                governors: public_keys(&governors, "trust init --governor")?,
                threshold,
                valid_for_days: valid_for,
                issued: ctx.time,
            })?;
            set_holders(&mut list.governance.keys, holders, "trust init", "--governor")?;
            write_draft(&out, &list, force.overwrite())?;
            let what =
                format!("new draft of {} sequence 1, {}-of-{} governance", list.name, threshold, governors.len());
            report_draft(ctx, &out, list.sequence, &what)
        }
        TrustCommand::Add(a) => {
            let list = read_draft(&a.draft, "trust add")?;
            let mut entry = build_entry(ctx, &a)?;
            let mut what = format!("added {} entry {}", entry.kind, entry.id);
            if let Some(sbom) = &a.from_sbom {
                if entry.kind != EntryKind::Component {
                    return Err(Error::Usage("--from-sbom goes with --kind component".into()).into());
                }
                let from = scopes_of_sbom(ctx, sbom)?;
                what.push_str(&format!(
                    ", approving {} package version(s) of {} at their exact versions ({} with pinned SHA-256 \
                     digests); left out {} first-party component(s) and {} without a purl and version",
                    from.scopes.len(),
                    sbom.display(),
                    from.pinned,
                    from.first_party,
                    from.unnamed
                ));
                entry.scope = from.scopes;
            }
            let entry = Entry::try_from(entry)
                .map_err(|e| Error::Usage(format!("the edit would make the list invalid: {e}")))?;
            let list = edit::add_entry(list, entry)?;
            edited(ctx, &a.draft, &list, &what)
        }
        TrustCommand::SetStatus { draft, id, status: s, grandfather } => {
            let list = read_draft(&draft, "trust set-status")?;
            let g = (!grandfather.is_empty()).then_some(grandfather);
            let list = edit::set_status(list, &id, s, ctx.time, g)?;
            edited(ctx, &draft, &list, &format!("entry {id} is {} since {}", s, ctx.time))
        }
        TrustCommand::Revoke(a) => {
            let list = read_draft(&a.draft, "trust revoke")?;
            let (what, label) = revocation(&a, &list)?;
            let list = edit::revoke(list, what, a.reason.clone(), ctx.time)?;
            edited(ctx, &a.draft, &list, &format!("revoked {label}"))
        }
        TrustCommand::SetGovernance { draft, governors, holders, threshold } => {
            let list = read_draft(&draft, "trust set-governance")?;
            let mut list =
                edit::set_governance(list, &public_keys(&governors, "trust set-governance --governor")?, threshold)?;
            set_holders(&mut list.governance.keys, holders, "trust set-governance", "--governor")?;
            let what = format!(
                "governance is now {threshold}-of-{} (fingerprint {})",
                governors.len(),
                list.governance.fingerprint()
            );
            edited(ctx, &draft, &list, &what)
        }
        TrustCommand::Next { list, out, force } => {
            let prev = read_signed(&list, "trust next")?;
            let next = edit::next(&prev, ctx.time)?;
            write_draft(&out, &next, force.overwrite())?;
            edited_summary(ctx, &out, &next)
        }
        TrustCommand::Sign { input, key, previous, out, force } => {
            let key = signing_key(&key, "trust sign")?;
            let previous = previous.as_deref().map(|p| read_signed(p, "trust sign --previous")).transpose()?;
            let prev_list = previous.as_ref().map(|p| &p.list);
            let signed = match read_list_file(&input, ANY_LIST, "trust sign")? {
                ListFile::Draft(d) => edit::sign_draft(&d, &*key, prev_list)?,
                ListFile::Signed(s) => edit::cosign(s, &*key, prev_list)?,
            };
            let approval = approval(&signed, previous.as_ref())?;
            write_output(&out, &to_vec_pretty(&signed.envelope.to_json())?, force)?;
            report_signed(ctx, &out, &signed, &approval)
        }
        TrustCommand::Combine { lists, out, force } => {
            let signed = lists.iter().map(|p| read_signed(p, "trust combine")).collect::<anyhow::Result<Vec<_>>>()?;
            let combined = edit::combine(signed)?;
            let approval = approval(&combined, None)?;
            write_output(&out, &to_vec_pretty(&combined.envelope.to_json())?, force)?;
            report_signed(ctx, &out, &combined, &approval)
        }
        TrustCommand::Fingerprint { list } => {
            let f = read_list_file(&list, ANY_LIST, "trust fingerprint")?;
            let l = f.list();
            let fp = l.governance.fingerprint();
            match ctx.output {
                OutputFormat::Json => print_json(&json!({
                    "name": l.name, "jurisdiction": l.jurisdiction, "sequence": l.sequence,
                    "threshold": l.governance.threshold,
                    "governors": l.governance.keys.iter().map(|k| k.keyid.to_string()).collect::<Vec<_>>(),
                    "fingerprint": fp.to_hex(),
                }))?,
                OutputFormat::Human => outln!("{fp}"),
            }
            Ok(Verdict::Ok)
        }
        TrustCommand::Verify { lists, anchor } => {
            let state = state_dir(ctx)?;
            let anchor = read_signed(&anchor, "trust verify --anchor")?;
            let candidates = lists
                .iter()
                .map(|p| Ok((read_signed(p, "trust verify")?, Origin::Named)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let decision = decide(Request { anchor, candidates, state: Some(&state), time: ctx.time })?;
            let ok = decision.report.passed();
            match ctx.output {
                OutputFormat::Json => print_json(&json!({
                    "verified": ok,
                    "believed": decision.believed().map(|b| believed_json(&b)).collect::<Vec<_>>(),
                    "checks": decision.report.checks,
                }))?,
                OutputFormat::Human => out!("{}", render_report(&decision.report, "VERIFIED", "NOT VERIFIED")),
            }
            Ok(if ok { Verdict::Ok } else { Verdict::Failed })
        }
        TrustCommand::Show { list, previous } => {
            let f = read_list_file(&list, ANY_LIST, "trust show")?;
            let previous = previous.as_deref().map(|p| read_signed(p, "trust show --previous")).transpose()?;
            let approval = signed_approval(&f, previous.as_ref())?;
            view::show(ctx, f.list(), approval.as_ref())
        }
        TrustCommand::Diff { old, new } => {
            let (old, new) =
                (read_list_file(&old, ANY_LIST, "trust diff")?, read_list_file(&new, ANY_LIST, "trust diff")?);
            view::diff(ctx, old.list(), new.list())
        }
        TrustCommand::SetTransparency { draft, quorum, max_delay, required, optional: _ } => {
            let list = read_draft(&draft, "trust set-transparency")?;
            let rule = attest_core::trust::Transparency { required, quorum, max_delay_seconds: max_delay };
            let list = edit::set_transparency(list, rule)?;
            let what = format!("transparency {}", attest_core::trust::inspect::transparency_text(rule));
            edited(ctx, &draft, &list, &what)
        }
        TrustCommand::Audit { list, previous } => {
            let f = read_list_file(&list, ANY_LIST, "trust audit")?;
            let previous = previous.as_deref().map(|p| read_signed(p, "trust audit --previous")).transpose()?;
            let approval = signed_approval(&f, previous.as_ref())?;
            let signed = match &f {
                ListFile::Signed(s) => approval.as_ref().map(|a| (s, a)),
                ListFile::Draft(_) => None,
            };
            view::audit(ctx, f.list(), signed)
        }
    }
}

fn edited_summary(ctx: &Ctx, out: &Path, next: &TrustList) -> anyhow::Result<Verdict> {
    let what = format!(
        "draft of {} sequence {}, issued {}, nextUpdate {}",
        next.name, next.sequence, next.issued, next.next_update
    );
    report_draft(ctx, out, next.sequence, &what)
}

/// The signatures of `signed` counted against its governance and, for a
/// rotation, the `previous` version's.
fn approval(signed: &SignedList, previous: Option<&SignedList>) -> anyhow::Result<Approval> {
    Ok(inspect::approval(&signed.list, signed, previous).map_err(Error::usage)?)
}

/// [`approval`] of a signed list; `None` for a draft.
fn signed_approval(f: &ListFile, previous: Option<&SignedList>) -> anyhow::Result<Option<Approval>> {
    match f {
        ListFile::Signed(s) => approval(s, previous).map(Some),
        ListFile::Draft(_) => Ok(None),
    }
}

fn report_signed(ctx: &Ctx, out: &Path, s: &SignedList, approval: &Approval) -> anyhow::Result<Verdict> {
    if is_stdout(out) {
        return Ok(Verdict::Ok);
    }
    let n = s.envelope.signatures.len();
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "output": out.display().to_string(), "name": s.list.name, "sequence": s.list.sequence,
            "digest": s.digest.to_hex(), "signatures": n, "threshold": s.list.governance.threshold,
            "approval": approval,
        }))?,
        OutputFormat::Human => {
            outln!(
                "{}: {} sequence {} carries {n} signature(s); threshold {}",
                escape(&out.display().to_string()),
                escape(&s.list.name),
                s.list.sequence,
                s.list.governance.threshold
            );
            out!("{}", view::render_approval(approval));
        }
    }
    Ok(Verdict::Ok)
}

fn build_entry(ctx: &Ctx, a: &AddArgs) -> anyhow::Result<FlatEntry> {
    let usage = |m: String| -> anyhow::Error { Error::Usage(m).into() };
    let digests = a
        .digests
        .iter()
        .map(|d| Sha256Digest::from_prefixed(d).map(DigestSet::sha256).map_err(|e| usage(format!("--digest: {e}"))))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let scope = a
        .scopes
        .iter()
        .map(|p| Scope {
            exact: (!a.exact.is_empty()).then(|| a.exact.clone()),
            digests: (!digests.is_empty()).then(|| digests.clone()),
            ..Scope::new(p.clone(), a.versions.as_deref())
        })
        .collect();
    let valid_until = a
        .valid_until
        .as_deref()
        .map(|t| Timestamp::parse_lenient(t).map_err(|e| usage(format!("--valid-until: {e}"))))
        .transpose()?;
    let kind = a.kind;
    let class_ref = |flag: &str, v: &Option<String>| {
        v.as_deref().map(|v| ClassRef::parse(v).map_err(|r| usage(format!("--{flag}: {r}")))).transpose()
    };
    let (from, to) = (class_ref("from", &a.from)?, class_ref("to", &a.to)?);
    if (kind == EntryKind::Equivalence) != (from.is_some() && to.is_some()) {
        return Err(usage(if kind == EntryKind::Equivalence {
            "--kind equivalence needs --from JUR:CLASS and --to JUR:CLASS (UZ accepting KZ's standard as its basic: \
             --from KZ:standard --to UZ:basic)"
                .into()
        } else {
            "--from and --to go with --kind equivalence".into()
        }));
    }
    if a.accreditation.is_some() && kind != EntryKind::Authority {
        return Err(usage("--accreditation goes with --kind authority".into()));
    }
    let mut listed: Vec<ListedKey> =
        public_keys(&a.keys, "trust add --key")?.iter().map(|k| ListedKey::new(k, None)).collect();
    set_holders(&mut listed, a.holders.clone(), "trust add", "--key")?;
    let mut entry = FlatEntry {
        name: a.name.clone(),
        jurisdiction: a.jurisdiction.clone(),
        keys: listed,
        scope,
        certifies: a.certifies.clone(),
        max_validity_days: a.max_validity_days,
        accreditation: a.accreditation.clone(),
        from,
        to,
        origin: a.origin.clone(),
        authorities: a.authorities.clone(),
        valid_until,
        ..FlatEntry::granted(a.id.clone(), kind, ctx.time)
    };
    if let Some(path) = &a.list {
        if entry.kind != EntryKind::TrustList {
            return Err(usage("--list goes with --kind trust-list".into()));
        }
        let recognised = read_signed(path, "trust add --list")?;
        // Pin only a list that verifies against its own governance.
        let keys = recognised.list.governance.key_set().map_err(|r| Error::malformed(&recognised.source, r))?;
        let n = recognised.envelope.verify(&keys).verified.len();
        if !recognised.list.governance.met_by(n) {
            return Err(Error::Refused(format!(
                "{}: signed by {n} of its governors, {} required; refusing to pin it",
                path.display(),
                recognised.list.governance.threshold
            ))
            .into());
        }
        if entry.jurisdiction.as_ref().is_some_and(|j| *j != recognised.list.jurisdiction) {
            return Err(usage(format!("--jurisdiction differs from the list's ({})", recognised.list.jurisdiction)));
        }
        entry.list_name = Some(recognised.list.name.clone());
        entry.jurisdiction = Some(recognised.list.jurisdiction.clone());
        entry.governance = Some(recognised.list.governance.clone());
        entry.name = entry.name.or_else(|| recognised.list.operator.clone());
    }
    Ok(entry)
}

/// The scopes approving what the SBOM at `path` lists (`trust add --from-sbom`).
fn scopes_of_sbom(ctx: &Ctx, path: &Path) -> anyhow::Result<FromSbom> {
    let doc = path.display().to_string();
    let bytes = read_sbom(path, ctx.limits, "trust add --from-sbom")?;
    let from = scopes_from_sbom(&jsontree::parse(&bytes, &doc)?).map_err(|r| Error::malformed(&doc, r))?;
    if from.scopes.is_empty() {
        return Err(Error::Usage(format!(
            "--from-sbom {doc}: the SBOM lists no component with a purl and a version that is not first-party; \
             nothing to approve"
        ))
        .into());
    }
    Ok(from)
}

/// Names the holder of each key (`--holder`, one per key flag, in the
/// order given): the list's `holder` field, shown by `trust show` and
/// `trust diff`, so readers see whose key counts, not only its id.
fn set_holders(keys: &mut [ListedKey], holders: Vec<String>, command: &str, key_flag: &str) -> anyhow::Result<()> {
    if holders.is_empty() {
        return Ok(());
    }
    if holders.len() != keys.len() {
        return Err(Error::Usage(format!(
            "{command}: {} --holder for {} {key_flag}; give one --holder per {key_flag}, in the same order, or none",
            holders.len(),
            keys.len()
        ))
        .into());
    }
    for (key, holder) in keys.iter_mut().zip(holders) {
        if holder.trim().is_empty() {
            return Err(Error::Usage(format!("{command}: --holder is empty; name who holds the key")).into());
        }
        key.holder = Some(holder);
    }
    Ok(())
}

fn revocation(a: &RevokeArgs, list: &TrustList) -> anyhow::Result<(Revocation, String)> {
    if let Some(k) = &a.key {
        let id = match KeyId::from_hex(k) {
            Ok(id) => id,
            Err(_) => public_key(Path::new(k), "trust revoke --key")?.id(),
        };
        return Ok((Revocation::Key(id), format!("key {id}")));
    }
    if let Some(c) = &a.component {
        return Ok((Revocation::Component(c.clone()), format!("component {c}")));
    }
    if let Some(d) = &a.artefact {
        let d = Sha256Digest::from_prefixed(d).map_err(|e| Error::Usage(format!("--artefact: {e}")))?;
        return Ok((Revocation::Artefact(d), format!("artefact sha256:{d}")));
    }
    if let Some(id) = &a.certificate {
        let authority = match &a.authority {
            Some(a) => a.clone(),
            None => {
                let mut auth = list.entries.iter().filter(|e| e.kind() == EntryKind::Authority);
                match (auth.next(), auth.next()) {
                    (Some(e), None) => e.id.clone(),
                    _ => {
                        return Err(Error::Usage(
                            "--certificate: name the issuing authority with --authority ID".into(),
                        )
                        .into());
                    }
                }
            }
        };
        return Ok((
            Revocation::Certificate { authority: authority.clone(), id: id.clone() },
            format!("certificate {id} of {authority}"),
        ));
    }
    Err(Error::Usage("name what to revoke".into()).into())
}
