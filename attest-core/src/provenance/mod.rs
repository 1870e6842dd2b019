//! Provenance: where each component of a signed SBOM comes from, judged
//! against the believed trust lists (docs/formats.md "Provenance decision").
//!
//! Every component, nested ones included, gets one status:
//!
//! | status | when |
//! | --- | --- |
//! | `blocked` | its purl and version, or any one of its hashes, is revoked in a believed list, or a granted scope that covers it pins digests that do not include every one of its hashes |
//! | `verified` | evidence (upstream attestations) signed by unrevoked keys of a granted supplier whose scope covers it has subjects with its hashes, every one of them |
//! | `listed` | a granted `component` entry's scope covers its purl and version |
//! | `first-party` | a file (`type` `file`) without a purl, covered by the product's signature |
//! | `unknown` | none of the above |
//!
//! and the product (`metadata.component`) must be covered by the scope of a
//! granted supplier whose unrevoked key verified the attestation (T11).
//!
//! Decisions compare normalised purls ([`crate::purl`], T25). The lists are
//! compiled once into hash maps keyed by purl type, namespace and name, so
//! the work is linear in components + entries (docs/performance.md), never
//! components × entries. Scopes are compiled and components judged in
//! parallel (rayon); results keep document order.
//!
//! Choices the spec leaves open, made here to fail closed:
//! - A malformed SBOM (a purl that does not parse, a SHA-256 / SHA-512 hash
//!   that is not hex of its length or not a string, a purl version that
//!   contradicts `version`) is an [`Error`], never an `unknown` component:
//!   any of these could make a revoked component slip through. So is a
//!   scope or revoked purl of a list that does not parse.
//! - Several hashes of one algorithm (a lockfile's sdist and wheels) make a
//!   component one of several files, none known to be the installed one
//!   ([`Hashes`]): a revocation of any of them blocks it, and pins and
//!   evidence vouch for it only when they match every one (an approved
//!   wheel listed beside an unapproved file is not covered). The same value
//!   listed twice is one hash.
//! - A revoked component without a version revokes every version, and one
//!   without `repository_url` revokes the package from every registry.
//! - A revoked artefact matches when any hash algorithm both carry agrees;
//!   evidence and pins match only when every shared algorithm agrees (for
//!   several values: every pairing of a SHA-256 with a SHA-512 value).
//! - A scope that pins `digests` covers a component with no SHA-256 or
//!   SHA-512 hash nowhere (it cannot be compared), rather than blocking it.
//! - Pins apply to supplier scopes too (docs/formats.md "Scopes" puts them on any
//!   scope), and to the product.
//! - The components nested in `metadata.component` are judged too.

mod index;
mod judge;
mod product;
mod sbom;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use product::{KeyFinding, ProductDecision, ProductRefusal, Revocation, Revoked};
pub use sbom::{
    Component, ComponentError, ComponentHash, ComponentRef, DigestBytes, Digests, Hashes, component_objects,
    first_party,
};

use crate::error::{Error, Result};
use crate::jsontree::Json;
use crate::keys::{KeyId, PublicKey};
use crate::statement::Subject;
use crate::timestamp::Timestamp;
use crate::trust::{EntryKind, Status, TrustList};

use index::Trust;
use judge::Judge;

/// The document name used in errors about the SBOM.
const SBOM_DOC: &str = "SBOM";

/// The provenance status of one component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentStatus {
    /// Evidence signed by a supplier in scope matches its hashes.
    Verified,
    /// A granted `component` entry covers it.
    Listed,
    /// A file of the product itself, without a purl; or a package the SBOM
    /// marks `attest:first-party` that the scope of the supplier who signed
    /// the product covers.
    FirstParty,
    /// Nothing vouches for it.
    Unknown,
    /// Revoked, or its hashes differ from pinned digests.
    Blocked,
}

/// The decision about one component, with the reason a person can check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentDecision {
    /// `bom-ref`, when the component has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bom_ref: Option<String>,
    /// `name`.
    pub name: String,
    /// The version (the purl's, else `version`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The purl as the SBOM writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// The status.
    pub status: ComponentStatus,
    /// Why, naming the list, entry, scope or revocation.
    pub reason: String,
    /// What decided it: `list/entry`, or the revoking list's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Whether the SBOM gives it scope `excluded` (development or test
    /// only); a policy may leave such components out of `unknown`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
}

/// How many components got each status (the certificate's
/// `evaluation.components`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Counts {
    /// All components judged.
    pub total: usize,
    /// `verified`.
    pub verified: usize,
    /// `listed`.
    pub listed: usize,
    /// `first-party`.
    pub first_party: usize,
    /// `unknown`.
    pub unknown: usize,
    /// `blocked`.
    pub blocked: usize,
}

impl Counts {
    /// Counts the statuses of `decisions`.
    pub fn of(decisions: &[ComponentDecision]) -> Self {
        let mut c = Counts { total: decisions.len(), ..Counts::default() };
        for d in decisions {
            *match d.status {
                ComponentStatus::Verified => &mut c.verified,
                ComponentStatus::Listed => &mut c.listed,
                ComponentStatus::FirstParty => &mut c.first_party,
                ComponentStatus::Unknown => &mut c.unknown,
                ComponentStatus::Blocked => &mut c.blocked,
            } += 1;
        }
        c
    }
}

/// An upstream attestation given as evidence. The caller has checked its
/// signatures (against [`supplier_keys`]) and names the keys that verified
/// it; this module decides whether those keys count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Where it came from (file name), for reasons.
    pub source: String,
    /// The keys whose signatures verified.
    pub signers: Vec<KeyId>,
    /// Its subjects.
    pub subjects: Vec<Subject>,
}

/// Everything a provenance decision is made from.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The CycloneDX BOM (the attestation's predicate), as JSON.
    pub sbom: &'a Json<'a>,
    /// The believed lists: grants and revocations count from all of them.
    pub lists: &'a [&'a TrustList],
    /// The keys that verified the vendor's attestation.
    pub signers: &'a [KeyId],
    /// Upstream attestations offered as evidence.
    pub evidence: &'a [Evidence],
    /// The time at which entries must be granted.
    pub time: Timestamp,
}

/// The result of a provenance evaluation: the decision about the product
/// and about each component (named apart from [`crate::report::Outcome`],
/// a check's pass or fail).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decisions {
    /// The product rule.
    pub product: ProductDecision,
    /// One decision per component, in document order.
    pub components: Vec<ComponentDecision>,
    /// The statuses counted.
    pub counts: Counts,
}

/// Judges the product and every component of `input.sbom`.
///
/// `Err` only when the SBOM is malformed in a way that could hide a
/// component from a revocation (see the module notes), naming the
/// component, or when a believed list carries a scope or revoked purl that
/// does not parse.
pub fn decide(input: &Input<'_>) -> Result<Decisions> {
    let trust = Trust::build(input.lists, input.time).map_err(|(list, why)| Error::malformed(list, why))?;
    let mut judge = Judge::new(&trust, input.evidence);
    let sbom_err = |why: String| Error::malformed(SBOM_DOC, why);
    let product = match input.sbom.get("metadata").and_then(|m| m.get("component")) {
        None => None,
        Some(v) => {
            let obj = v.as_object().ok_or_else(|| sbom_err("/metadata/component: must be a JSON object".into()))?;
            Some(Component::read("/metadata/component", obj).map_err(|e| sbom_err(e.into()))?)
        }
    };
    // Components are judged in parallel (each decision is independent);
    // the first malformed one in document order is the one reported.
    let objects = component_objects(input.sbom).map_err(|e| sbom_err(e.into()))?;
    if objects.len() > crate::limits::MAX_COMPONENTS {
        return Err(sbom_err(format!(
            "{} components, over the limit of {}",
            objects.len(),
            crate::limits::MAX_COMPONENTS
        )));
    }
    let product_decision = judge.product(product.as_ref(), input.signers);
    judge.set_product_supplier(match &product_decision {
        ProductDecision::Approved { supplier, .. } => Some(supplier.clone()),
        ProductDecision::Refused(_) => None,
    });
    let judged: Vec<std::result::Result<ComponentDecision, ComponentError>> =
        objects.par_iter().map(|(path, obj)| Component::read(path, obj).map(|c| judge.component(&c))).collect();
    let components = judged.into_iter().collect::<std::result::Result<Vec<_>, _>>().map_err(|e| sbom_err(e.into()))?;
    Ok(Decisions { product: product_decision, counts: Counts::of(&components), components })
}

/// Every key of a supplier granted at `time` in the believed lists and not
/// revoked in any of them, once each, ordered by key id: the keys a caller
/// verifies the vendor's envelope and the evidence against. Keys whose PEM
/// does not parse are left out (they cannot verify anything).
pub fn supplier_keys(lists: &[&TrustList], time: Timestamp) -> Vec<PublicKey> {
    let revoked: BTreeSet<KeyId> = lists.iter().flat_map(|l| l.revoked.keys.iter().map(|k| k.keyid)).collect();
    let granted = lists.iter().flat_map(|l| &l.entries);
    let suppliers = granted.filter(|e| e.kind() == EntryKind::Supplier && e.status_at(time) == Status::Granted);
    let mut seen = BTreeSet::new();
    let mut keys: Vec<PublicKey> = suppliers
        .flat_map(|e| e.keys())
        .filter(|k| !revoked.contains(&k.keyid))
        .filter_map(|k| k.public().ok())
        .filter(|k| seen.insert(k.id()))
        .collect();
    keys.sort_by_key(PublicKey::id);
    keys
}
