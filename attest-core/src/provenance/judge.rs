//! The decision for one component, and for the product.

use std::collections::{BTreeSet, HashMap};

use crate::digest::{DigestSet, Sha256Digest, Sha512Digest};
use crate::keys::KeyId;
use crate::trust::EntryKind;

use super::index::{CompiledScope, Cover, Grant, Trust};
use super::sbom::{Component, Hashes};
use super::{
    ComponentDecision, ComponentStatus, Evidence, KeyFinding, ProductDecision, ProductRefusal, Revocation, Revoked,
};

/// A status with its reason and who decided it.
struct Verdict {
    status: ComponentStatus,
    reason: String,
    by: Option<String>,
}

impl Verdict {
    fn new(status: ComponentStatus, reason: String, by: Option<String>) -> Self {
        Verdict { status, reason, by }
    }
}

/// Evidence subjects filed by digest, so that a component finds the
/// attestations about it without scanning them all.
struct EvidenceIndex<'e> {
    by_sha256: HashMap<Sha256Digest, Vec<&'e Evidence>>,
    by_sha512: HashMap<Sha512Digest, Vec<&'e Evidence>>,
}

impl<'e> EvidenceIndex<'e> {
    fn build(evidence: &'e [Evidence]) -> Self {
        let mut index = EvidenceIndex { by_sha256: HashMap::new(), by_sha512: HashMap::new() };
        for ev in evidence {
            for s in &ev.subjects {
                index.by_sha256.entry(s.digest.sha256).or_default().push(ev);
                if let Some(h) = s.digest.sha512 {
                    index.by_sha512.entry(h).or_default().push(ev);
                }
            }
        }
        index
    }

    /// The evidence with a subject that matches one of the files the
    /// component could be ([`Hashes::touches`]), each once. It is found by
    /// any of the component's SHA-256 values (by SHA-512 when it carries no
    /// SHA-256: a subject always has a SHA-256, which must then agree).
    fn about(&self, hashes: &Hashes) -> Vec<&'e Evidence> {
        let by256 = hashes.sha256.iter().filter_map(|h| self.by_sha256.get(h));
        let by512 = hashes.sha512.iter().filter(|_| hashes.sha256.is_empty()).filter_map(|h| self.by_sha512.get(h));
        let mut out: Vec<&'e Evidence> = Vec::new();
        let candidates = by256.chain(by512).flatten().copied();
        for ev in candidates.filter(|ev| ev.subjects.iter().any(|s| hashes.touches(&s.digest))) {
            if !out.iter().any(|seen| std::ptr::eq(*seen, ev)) {
                out.push(ev);
            }
        }
        out
    }
}

/// Decides components and the product against compiled lists and evidence.
pub(super) struct Judge<'t, 'l, 'e> {
    trust: &'t Trust<'l>,
    evidence: EvidenceIndex<'e>,
    /// `list/entry` of the supplier whose scope covers the product and who
    /// signed it, once the product rule has passed.
    product_supplier: Option<String>,
}

impl<'t, 'l, 'e> Judge<'t, 'l, 'e> {
    pub(super) fn new(trust: &'t Trust<'l>, evidence: &'e [Evidence]) -> Self {
        Judge { trust, evidence: EvidenceIndex::build(evidence), product_supplier: None }
    }

    /// Records who signed the product and covers it (the product rule's
    /// supplier), so that components the SBOM marks first-party and that
    /// supplier's scope covers are first-party.
    pub(super) fn set_product_supplier(&mut self, supplier: Option<String>) {
        self.product_supplier = supplier;
    }

    /// The decision for one component (docs/formats.md "Provenance decision"):
    /// blocked, else verified, else listed, else first-party, else unknown.
    pub(super) fn component(&self, c: &Component<'_>) -> ComponentDecision {
        let v = self.verdict(c);
        ComponentDecision {
            bom_ref: c.bom_ref.map(str::to_owned),
            name: c.name.to_owned(),
            version: c.version.clone(),
            purl: c.purl_text.map(str::to_owned),
            status: v.status,
            reason: v.reason,
            by: v.by,
            excluded: c.excluded,
        }
    }

    fn verdict(&self, c: &Component<'_>) -> Verdict {
        if let Some(r) = self.revoked(c) {
            let by = Some(r.list.clone());
            return Verdict::new(ComponentStatus::Blocked, r.to_string(), by);
        }
        let Some(purl) = &c.purl else {
            return if c.is_file() {
                let why = "a file of the product without a purl: covered by the product's signature";
                Verdict::new(ComponentStatus::FirstParty, why.to_owned(), None)
            } else {
                let why = format!("{} has no purl, so no scope can cover it", c.label());
                Verdict::new(ComponentStatus::Unknown, why, None)
            };
        };
        let covering = self.trust.covering(purl, c.release.as_ref(), &c.hashes);
        if let Some((s, _)) = covering.iter().find(|(_, cover)| *cover == Cover::PinMismatch) {
            let why = format!(
                "pinned digests differ: {} pins {} to other digests; the component has {}{}",
                s.by(),
                s.describe(),
                c.hashes.describe(),
                Unpinned(&c.hashes, s.scope.digests.as_deref().unwrap_or_default())
            );
            return Verdict::new(ComponentStatus::Blocked, why, Some(s.by().to_string()));
        }
        let covered = || covering.iter().filter(|(_, cover)| *cover == Cover::Yes).map(|(s, _)| *s);
        let vouchers = if covered().any(|s| s.grant.entry.kind() == EntryKind::Supplier) {
            self.vouchers(&c.hashes)
        } else {
            vec![]
        };
        if let Some(v) = verified(c, covered(), &vouchers) {
            return v;
        }
        if let Some(s) = covered().find(|s| s.grant.entry.kind() == EntryKind::Component) {
            let why = format!("listed by {}: {} covers {}", s.by(), s.describe(), c.label());
            return Verdict::new(ComponentStatus::Listed, why, Some(s.by().to_string()));
        }
        // The SBOM's first-party mark is the vendor's word, so it counts only
        // for packages the product's own supplier, who signed it, may ship.
        let own = covered().filter(|s| s.grant.entry.kind() == EntryKind::Supplier);
        let own = own.filter(|s| self.product_supplier.as_deref() == Some(s.by().to_string().as_str()));
        if let Some(s) = own.clone().next().filter(|_| c.first_party) {
            let why = format!(
                "first-party: {} is the product's own package (attest:first-party), in the scope {} of {}, which signed the product",
                c.label(),
                s.describe(),
                s.by()
            );
            return Verdict::new(ComponentStatus::FirstParty, why, Some(s.by().to_string()));
        }
        Verdict::new(ComponentStatus::Unknown, self.unknown_reason(c, &covering, &vouchers), None)
    }

    /// Blocked by a revocation of the component (purl and version) or of an
    /// artefact with one of its hashes, in any believed list.
    fn revoked(&self, c: &Component<'_>) -> Option<Revocation> {
        let by_purl = c.purl.as_ref().and_then(|p| self.trust.revoked_component(p, c.release.as_ref()));
        if let Some(r) = by_purl {
            let item = Revoked::Component(r.purl().to_string());
            return Some(Revocation { list: r.by.list.to_owned(), reason: r.by.reason.to_owned(), item });
        }
        let (r, hash) = self.trust.revoked_artefact(&c.hashes)?;
        let item = Revoked::Artefact(hash.to_string());
        Some(Revocation { list: r.list.to_owned(), reason: r.reason.to_owned(), item })
    }

    /// Who vouches for these hashes: every unrevoked key that signed an
    /// evidence attestation with a matching subject, with the evidence.
    fn vouchers(&self, hashes: &Hashes) -> Vec<(&'e Evidence, KeyId)> {
        let about = self.evidence.about(hashes);
        let signed = about.into_iter().flat_map(|ev| ev.signers.iter().map(move |k| (ev, *k)));
        signed.filter(|(_, k)| self.trust.revoked_key(k).is_none()).collect()
    }

    fn unknown_reason(
        &self,
        c: &Component<'_>,
        covering: &[(&CompiledScope<'l>, Cover)],
        vouchers: &[(&Evidence, KeyId)],
    ) -> String {
        let mut notes: Vec<String> =
            covering.iter().filter_map(|(s, cover)| near_miss(c, s, *cover, vouchers)).collect();
        for ev in self.evidence.about(&c.hashes) {
            for (k, r) in ev.signers.iter().filter_map(|k| self.trust.revoked_key(k).map(|r| (k, r))) {
                notes
                    .push(format!("evidence {} was signed by key {k}, revoked in {}: {}", ev.source, r.list, r.reason));
            }
        }
        let head = format!("no granted supplier or component entry covers {}", c.label());
        if notes.is_empty() { head } else { format!("{head}: {}", notes.join("; ")) }
    }

    /// The product rule: `metadata.component` must be covered by the scope
    /// of a granted supplier whose key verified the attestation and is not
    /// revoked (docs/threat-model.md T10, T11).
    pub(super) fn product(&self, product: Option<&Component<'_>>, signers: &[KeyId]) -> ProductDecision {
        let refuse = ProductDecision::Refused;
        let Some(c) = product else {
            return refuse(ProductRefusal::NoProduct);
        };
        if let Some(revocation) = self.revoked(c) {
            return refuse(ProductRefusal::Revoked { product: c.label().to_string(), revocation });
        }
        let Some(purl) = &c.purl else {
            return refuse(ProductRefusal::NoPurl { product: c.label().to_string() });
        };
        let covering = self.trust.covering(purl, c.release.as_ref(), &c.hashes);
        let signers: BTreeSet<KeyId> = signers.iter().copied().collect();
        if signers.is_empty() {
            return refuse(ProductRefusal::NoSigner);
        }
        let mut findings = Vec::new();
        for key in &signers {
            if let Some(r) = self.trust.revoked_key(key) {
                findings.push(KeyFinding::KeyRevoked {
                    key: *key,
                    list: r.list.to_owned(),
                    reason: r.reason.to_owned(),
                });
                continue;
            }
            let owners = self.trust.key_owners(key);
            if owners.is_empty() {
                findings.push(KeyFinding::NotASupplier { key: *key });
            }
            for grant in owners {
                if let Some(d) = product_covered(c, grant, key, &covering) {
                    return d;
                }
                findings.push(out_of_scope(c, grant, &covering));
            }
        }
        refuse(ProductRefusal::NotVouched(findings))
    }
}

/// Verified: a granted supplier scope covers the component and evidence
/// signed by that supplier's unrevoked keys has subjects matching every file
/// the component could be ([`Hashes::covered_by`]: one attestation per file
/// is fine, a file no attestation names is not).
fn verified<'a, 'l: 'a>(
    c: &Component<'_>,
    covered: impl Iterator<Item = &'a CompiledScope<'l>>,
    vouchers: &[(&Evidence, KeyId)],
) -> Option<Verdict> {
    for s in covered.filter(|s| s.grant.entry.kind() == EntryKind::Supplier) {
        let Some((ev, key)) = vouchers.iter().find(|(_, k)| s.grant.has_key(k)) else { continue };
        if !c.hashes.covered_by(subjects_of(s, vouchers)) {
            continue;
        }
        let more = match other_sources(c, s, ev, vouchers) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let why = format!(
            "verified: {} is attested by {}{more}, signed by supplier {} (key {key}), whose scope {} covers it",
            c.label(),
            ev.source,
            s.by(),
            s.describe()
        );
        return Some(Verdict::new(ComponentStatus::Verified, why, Some(s.by().to_string())));
    }
    None
}

/// How many attestations besides `first` the supplier of `s` signed about a
/// component with several hashes (each may name some of its files). With
/// one hash, `first` alone matches it, so none are counted.
fn other_sources(c: &Component<'_>, s: &CompiledScope<'_>, first: &Evidence, vouchers: &[(&Evidence, KeyId)]) -> usize {
    if !c.hashes.is_several() {
        return 0;
    }
    let mut seen: Vec<&Evidence> = vec![first];
    for (ev, _) in vouchers.iter().filter(|(_, k)| s.grant.has_key(k)) {
        if !seen.iter().any(|e| std::ptr::eq(*e, *ev)) {
            seen.push(ev);
        }
    }
    seen.len() - 1
}

/// The subjects of the evidence that the keys of `s`'s supplier vouch for.
fn subjects_of<'v>(
    s: &'v CompiledScope<'_>,
    vouchers: &'v [(&Evidence, KeyId)],
) -> impl Iterator<Item = &'v DigestSet> + Clone {
    let mine = vouchers.iter().filter(move |(_, k)| s.grant.has_key(k));
    mine.flat_map(|(ev, _)| ev.subjects.iter().map(|subject| &subject.digest))
}

/// For a component with several hashes, `; HASH is not pinned` naming the
/// first that the pins do not match; nothing for one hash (the reason
/// already shows it).
struct Unpinned<'a, 'h>(&'h Hashes, &'a [DigestSet]);

impl std::fmt::Display for Unpinned<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.unmatched(self.1) {
            Some(h) if self.0.is_several() => write!(f, "; {h} is not pinned"),
            _ => Ok(()),
        }
    }
}

/// Why a scope that names the component's package did not decide it.
fn near_miss(
    c: &Component<'_>,
    s: &CompiledScope<'_>,
    cover: Cover,
    vouchers: &[(&Evidence, KeyId)],
) -> Option<String> {
    let (by, scope) = (s.by(), s.describe());
    match cover {
        Cover::OtherVersion => {
            Some(format!("{by} covers {scope}, not version {}", c.version.as_deref().unwrap_or("(none)")))
        }
        Cover::NoHash => {
            Some(format!("{by} pins digests for {scope}, and the component carries no SHA-256 or SHA-512 hash"))
        }
        Cover::Yes if s.grant.entry.kind() == EntryKind::Supplier => {
            let unmatched = c.hashes.unmatched(subjects_of(s, vouchers)).filter(|_| c.hashes.is_several());
            let what = match unmatched {
                Some(h) => format!("{h}, one of the component's {}", c.hashes.describe()),
                None => format!("the component's hashes ({})", c.hashes.describe()),
            };
            Some(format!("supplier {by} covers {scope}, but no evidence signed by its keys has a subject with {what}"))
        }
        _ => None,
    }
}

/// The product decision when `grant` (holding `key`) covers the product.
fn product_covered(
    c: &Component<'_>,
    grant: &Grant<'_>,
    key: &KeyId,
    covering: &[(&CompiledScope<'_>, Cover)],
) -> Option<ProductDecision> {
    let (s, _) = covering.iter().find(|(s, cover)| *cover == Cover::Yes && s.grant.same(grant))?;
    Some(ProductDecision::Approved {
        supplier: grant.by(),
        reason: format!(
            "signed by supplier {} (key {key}), whose scope {} covers the product {}",
            grant.by(),
            s.describe(),
            c.label()
        ),
    })
}

/// T11: the supplier that signed does not cover the product.
fn out_of_scope(c: &Component<'_>, grant: &Grant<'_>, covering: &[(&CompiledScope<'_>, Cover)]) -> KeyFinding {
    KeyFinding::OutOfScope {
        supplier: grant.entry.id.clone(),
        scopes: grant.describe_scopes(),
        pins_differ: covering.iter().any(|(s, cover)| s.grant.same(grant) && *cover == Cover::PinMismatch),
        product: c.label().to_string(),
    }
}
