//! Reading a trust list as a security team does: what it says (`trust
//! show`), what changed between two versions (`trust diff`) and what deserves
//! a second look before the governors sign (`trust audit`).
//!
//! Nothing here decides whether a list is *believed*; that is
//! [`super::verify`]. These are review tools, so every result is a plain
//! serialisable value with stable camelCase field names (the CLI prints it as
//! JSON unchanged) and every audit finding says what to do about it.
//!
//! The functions expect a list that passed [`TrustList::check`] (every list
//! read through [`super::parse_list`] or [`SignedList`] has): a scope whose
//! pattern does not parse is simply not judged here.

mod audit;
mod diff;
mod show;
#[cfg(test)]
mod tests;

pub use audit::*;
pub use diff::*;
pub use show::*;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::digest::{DigestSet, Sha256Digest};
use crate::keys::KeyId;
use crate::purl::Pattern;
use crate::timestamp::Timestamp;
use crate::trust::{
    ClassRef, Entry, EntryKind, Governance, ListedKey, Revocations, RevokedArtefact, RevokedCertificate,
    RevokedComponent, RevokedKey, Scope, SignedList, Status, StatusChange, Transparency, TrustList,
};

/// A list expiring within this many days is worth a warning: a new version
/// needs a threshold of governors, who are rarely all at hand the same day.
pub const LIST_EXPIRY_WARNING_DAYS: i64 = 14;
/// An entry expiring within this many days is worth a warning: renewing a
/// supplier or authority usually takes paperwork.
pub const ENTRY_EXPIRY_WARNING_DAYS: i64 = 30;
/// Certificates valid longer than this (two years) outlive most evaluations
/// they rest on.
pub const LONG_VALIDITY_DAYS: u32 = 730;

// ---------------------------------------------------------------------------
// Shared pieces

/// A key as a person reviews it: its id and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyRef {
    /// The key id.
    pub keyid: KeyId,
    /// The person or office holding it, when the list says.
    pub holder: Option<String>,
}

impl From<&ListedKey> for KeyRef {
    fn from(k: &ListedKey) -> Self {
        KeyRef { keyid: k.keyid, holder: k.holder.clone() }
    }
}

/// Which list (and version) a view is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListRef {
    /// The list's name.
    pub name: String,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// Its version.
    pub sequence: u64,
}

impl From<&TrustList> for ListRef {
    fn from(l: &TrustList) -> Self {
        ListRef { name: l.name.clone(), jurisdiction: l.jurisdiction.clone(), sequence: l.sequence }
    }
}

/// A scope on one line: `PURL versions=RANGE exact=V,… digests=sha256:HEX,…`.
///
/// The purl is shown as written, not normalised: a reviewer should see the
/// spelling the governors are about to sign.
pub fn scope_text(s: &Scope) -> String {
    let mut out = s.purl.clone();
    if let Some(v) = &s.versions {
        out.push_str(" versions=");
        out.push_str(&quoted_if_spaced(v));
    }
    if let Some(exact) = &s.exact {
        out.push_str(" exact=");
        out.push_str(&exact.iter().map(|v| quoted_if_spaced(v)).collect::<Vec<_>>().join(","));
    }
    if let Some(digests) = &s.digests {
        out.push_str(" digests=");
        out.push_str(&digests.iter().map(digest_text).collect::<Vec<_>>().join(","));
    }
    out
}

/// Quotes a value holding whitespace or a comma (`">=1.0.0, <3"`), so that
/// it cannot be mistaken for the next `key=value` of [`scope_text`].
fn quoted_if_spaced(v: &str) -> String {
    if v.is_empty() || v.contains(|c: char| c.is_whitespace() || c == ',') { format!("{v:?}") } else { v.to_owned() }
}

/// A digest set as `sha256:HEX` (`+sha512:HEX` and other algorithms after).
pub fn digest_text(d: &DigestSet) -> String {
    let mut out = format!("sha256:{}", d.sha256);
    if let Some(s) = &d.sha512 {
        out.push_str(&format!("+sha512:{s}"));
    }
    for (alg, value) in &d.other {
        out.push_str(&format!("+{alg}:{value}"));
    }
    out
}

/// What identifies a digest set in set comparisons (`DigestSet` has no
/// order of its own): every algorithm.
type DigestKey = (Sha256Digest, Option<String>, BTreeMap<String, String>);

fn digest_key(d: &DigestSet) -> DigestKey {
    (d.sha256, d.sha512.map(|s| s.to_hex()), d.other.clone())
}

/// What identifies a scope, for set comparisons: every field, with `exact`
/// versions as a set in their ecosystem's normal form, so that respelling
/// `2.32.03` as `2.32.3` is no change ([`crate::version`]).
type ScopeKey = (String, Option<String>, Option<BTreeSet<String>>, Option<Vec<DigestKey>>);

fn scope_key(s: &Scope) -> ScopeKey {
    let ty = crate::purl::Pattern::parse(&s.purl).map(|p| p.ty().to_owned()).unwrap_or_default();
    (
        s.purl.clone(),
        s.versions.clone(),
        s.exact.as_ref().map(|vs| vs.iter().map(|v| crate::version::normal_form(&ty, v).into_owned()).collect()),
        s.digests.as_ref().map(|ds| ds.iter().map(digest_key).collect()),
    )
}

/// What identifies a revoked component: its purl with the version in normal
/// form ([`crate::purl::Purl::identity`]), or as written when it does not
/// parse (such a list fails its checks anyway), and the reason.
fn revoked_component_key(r: &RevokedComponent) -> (String, String) {
    let purl = crate::purl::Purl::parse(&r.purl).map_or_else(|_| r.purl.clone(), |p| p.identity());
    (purl, r.reason.clone())
}
