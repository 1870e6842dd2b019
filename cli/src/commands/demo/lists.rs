//! The demo's trust lists: state A's national list, the federation, and their later versions.

use attest_core::keys::{PrivateKey, PublicKey};
use attest_core::timestamp::Timestamp;
use attest_core::trust::edit::{self, Init, Revocation};
use attest_core::trust::{
    Authority, ClassRef, Entry, EntryBody, ListedKey, RecognisedList, Scope, SignedList, Status, TrustList,
};

use super::{EQUIVALENCE_ID, KZ_GOVERNORS, keys};

pub(super) fn list_summary(l: &SignedList) -> String {
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

/// An entry named `name`, granted at `time`.
pub(super) fn named(id: &str, name: &str, time: Timestamp, body: EntryBody) -> Entry {
    Entry { name: Some(name.into()), ..Entry::granted(id, time, body) }
}

pub(super) fn signed(list: &TrustList, governors: &[PrivateKey]) -> anyhow::Result<SignedList> {
    let [g1, g2, ..] = governors else {
        return Err(attest_core::Error::Internal("two demo governors expected".into()).into());
    };
    Ok(edit::cosign(edit::sign_draft(list, g1, None)?, g2, None)?)
}

/// State A's national list: the vendor as a supplier of `pkg:generic/acme/*`
/// 1.x–2.x, the release's Rust crates as approved components; 2 of 3 sign.
pub(super) fn national_list(time: Timestamp, vendor: &PublicKey) -> anyhow::Result<SignedList> {
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
pub(super) fn federation_list(
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
pub(super) fn suspend_equivalence(
    federation: &SignedList,
    governors: &[PrivateKey],
    time: Timestamp,
    since: Timestamp,
) -> anyhow::Result<SignedList> {
    let next = edit::next(federation, time)?;
    let next = edit::set_status(next, EQUIVALENCE_ID, Status::Suspended, since, None)?;
    signed(&next, governors)
}

pub(super) fn revoke_certificate(
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
