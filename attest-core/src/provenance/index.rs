//! The believed lists, compiled once for fast lookups.
//!
//! Provenance must be linear in components + entries (docs/performance.md): every
//! scope pattern and every revocation is parsed once and filed under its
//! type, namespace and name, so that each component looks up its candidate
//! scopes in O(1) (plus one lookup per namespace segment for `*` patterns)
//! instead of scanning every entry.

use std::collections::HashMap;
use std::fmt;

use rayon::prelude::*;

use crate::digest::{Sha256Digest, Sha512Digest};
use crate::keys::KeyId;
use crate::purl::{Pattern, Purl};
use crate::timestamp::Timestamp;
use crate::trust::{Entry, EntryKind, Scope, Status, TrustList};
use crate::version::{Range, Version};

use super::sbom::{ComponentHash, Hashes};

/// Items filed by package: exact patterns under (type, namespace, name), and
/// `*` patterns under (type, namespace before the `*`). An absent namespace
/// is filed as `""` (a purl namespace segment is never empty).
pub(crate) struct PurlIndex<T> {
    exact: HashMap<String, HashMap<String, HashMap<String, Vec<T>>>>,
    below: HashMap<String, HashMap<String, Vec<T>>>,
}

impl<T> Default for PurlIndex<T> {
    fn default() -> Self {
        PurlIndex { exact: HashMap::new(), below: HashMap::new() }
    }
}

impl<T> PurlIndex<T> {
    /// Files `item` under a package (`name: None` for a `*` pattern).
    pub(crate) fn insert(&mut self, ty: &str, namespace: Option<&str>, name: Option<&str>, item: T) {
        let ns = namespace.unwrap_or("");
        match name {
            Some(name) => slot(slot(slot(&mut self.exact, ty), ns), name).push(item),
            None => slot(slot(&mut self.below, ty), ns).push(item),
        }
    }

    /// Everything filed under `p`'s package or under a `*` above it. A
    /// candidate still has to be checked (qualifiers, versions).
    pub(crate) fn candidates<'s>(&'s self, p: &Purl) -> impl Iterator<Item = &'s T> {
        let ns = p.namespace.as_deref().unwrap_or("");
        let exact = self.exact.get(&p.ty).and_then(|m| m.get(ns)).and_then(|m| m.get(&p.name));
        let below = self.below.get(&p.ty);
        let below = below.into_iter().flat_map(move |m| namespace_prefixes(ns).filter_map(|pre| m.get(pre)));
        exact.into_iter().chain(below).flatten()
    }
}

/// The value under `key`, made empty first if absent.
fn slot<'m, V: Default>(map: &'m mut HashMap<String, V>, key: &str) -> &'m mut V {
    map.entry(key.to_owned()).or_default()
}

/// `""`, then every whole-segment prefix of `ns`, then `ns` itself.
fn namespace_prefixes(ns: &str) -> impl Iterator<Item = &str> {
    let inner = ns.match_indices('/').filter_map(move |(i, _)| ns.get(..i));
    std::iter::once("").chain(inner).chain((!ns.is_empty()).then_some(ns))
}

/// A granted entry of a believed list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grant<'l> {
    /// The list.
    pub list: &'l TrustList,
    /// The entry.
    pub entry: &'l Entry,
}

impl<'l> Grant<'l> {
    /// `list/entry`, as decisions name who decided.
    pub(crate) fn by(&self) -> String {
        self.name().to_string()
    }

    /// [`Grant::by`] as a `Display`, for messages.
    pub(crate) fn name(&self) -> impl fmt::Display + 'l {
        GrantName(self.list, self.entry)
    }

    /// Whether `key` is one of the entry's keys.
    pub(crate) fn has_key(&self, key: &KeyId) -> bool {
        self.entry.keys().iter().any(|k| k.keyid == *key)
    }

    /// Whether two grants are the same entry of the same list.
    pub(crate) fn same(&self, other: &Grant<'_>) -> bool {
        std::ptr::eq(self.entry, other.entry)
    }

    /// Every scope of the entry in words (`pkg:generic/acme/* >=1.0.0, <3`).
    pub(crate) fn describe_scopes(&self) -> String {
        let scopes: Vec<String> = self
            .entry
            .scope()
            .iter()
            .map(|s| ScopeText { pattern: Pattern::parse(&s.purl).ok().as_ref(), scope: s }.to_string())
            .collect();
        scopes.join(" and ")
    }
}

struct GrantName<'l>(&'l TrustList, &'l Entry);

impl fmt::Display for GrantName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.0.name, self.1.id)
    }
}

/// A scope in words: the pattern (canonical when it parses), then its
/// version constraints. Written on demand: most scopes never appear in a
/// reason.
struct ScopeText<'a> {
    pattern: Option<&'a Pattern>,
    scope: &'a Scope,
}

impl fmt::Display for ScopeText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pattern {
            Some(p) => write!(f, "{p}")?,
            None => f.write_str(&self.scope.purl)?,
        }
        if let Some(v) = &self.scope.versions {
            write!(f, " {v}")?;
        }
        if let Some(exact) = &self.scope.exact {
            write!(f, " exactly {}", exact.join(" or "))?;
        }
        Ok(())
    }
}

/// How a scope relates to a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cover {
    /// It covers the component's purl and version (and pinned digests agree).
    Yes,
    /// Same package, but the version is outside the scope.
    OtherVersion,
    /// It pins digests and the component carries no hash to compare.
    NoHash,
    /// It pins digests and the component's hashes differ: blocked.
    PinMismatch,
    /// Not the component's package (qualifiers differ).
    No,
}

/// A scope of a granted entry, parsed once.
pub(crate) struct CompiledScope<'l> {
    /// Whose scope.
    pub grant: Grant<'l>,
    /// The scope as written.
    pub scope: &'l Scope,
    pattern: Pattern,
    req: Option<Range>,
    exact: Option<Vec<Version>>,
}

impl<'l> CompiledScope<'l> {
    fn compile(grant: Grant<'l>, scope: &'l Scope) -> Result<Self, String> {
        let pattern = Pattern::parse(&scope.purl)?;
        let ty = pattern.ty();
        let req = scope.versions.as_deref().map(|r| Range::parse(ty, r)).transpose()?;
        let exact = scope.exact.as_ref().map(|list| list.iter().map(|v| Version::parse(ty, v)).collect());
        Ok(CompiledScope { grant, scope, pattern, req, exact })
    }

    /// Whether this scope covers `purl` at `version` with `hashes`. A scope
    /// without `versions` or `exact` covers every version; otherwise the
    /// version must be the same release as one in `exact` or meet
    /// `versions`, both by the ecosystem's rules ([`crate::version`]).
    pub(crate) fn cover(&self, purl: &Purl, version: Option<&Version>, hashes: &Hashes) -> Cover {
        if !self.pattern.matches(purl) {
            return Cover::No;
        }
        if !self.version_ok(version) {
            return Cover::OtherVersion;
        }
        match &self.scope.digests {
            None => Cover::Yes,
            Some(_) if hashes.is_empty() => Cover::NoHash,
            Some(pins) if hashes.covered_by(pins) => Cover::Yes,
            Some(_) => Cover::PinMismatch,
        }
    }

    fn version_ok(&self, version: Option<&Version>) -> bool {
        if self.req.is_none() && self.exact.is_none() {
            return true;
        }
        let Some(v) = version else { return false };
        let listed = self.exact.as_ref().is_some_and(|list| list.iter().any(|e| v.same_release(e)));
        listed || self.req.as_ref().is_some_and(|r| r.matches(v))
    }

    /// The scope in words.
    pub(crate) fn describe(&self) -> impl fmt::Display + '_ {
        ScopeText { pattern: Some(&self.pattern), scope: self.scope }
    }

    /// `list/entry` of the scope's entry.
    pub(crate) fn by(&self) -> impl fmt::Display + 'l {
        self.grant.name()
    }
}

/// Why something is revoked, and by which list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Revoker<'l> {
    /// The revoking list's name.
    pub list: &'l str,
    /// Its stated reason.
    pub reason: &'l str,
}

/// A revoked component, parsed.
pub(crate) struct RevokedComponent<'l> {
    purl: Purl,
    release: Option<Version>,
    /// Who revoked it.
    pub by: Revoker<'l>,
}

impl RevokedComponent<'_> {
    /// Whether it is this component. Filed by package, so only the version
    /// and `repository_url` remain to compare. A revocation without a
    /// version revokes every version; one without `repository_url` revokes
    /// the package from any registry (failing closed).
    fn matches(&self, purl: &Purl, version: Option<&Version>) -> bool {
        let url = self.purl.repository_url();
        let same_version = self.release.as_ref().is_none_or(|r| version.is_some_and(|v| v.revoked_by(r)));
        same_version && (url.is_none() || url == purl.repository_url())
    }

    /// The revoked purl, canonical.
    pub(crate) fn purl(&self) -> String {
        self.purl.to_string()
    }
}

/// Everything about the believed lists a decision looks up.
#[derive(Default)]
pub(crate) struct Trust<'l> {
    scopes: Vec<CompiledScope<'l>>,
    scope_index: PurlIndex<usize>,
    key_owners: HashMap<KeyId, Vec<Grant<'l>>>,
    revoked_keys: HashMap<KeyId, Revoker<'l>>,
    revoked_components: PurlIndex<RevokedComponent<'l>>,
    revoked_sha256: HashMap<Sha256Digest, Revoker<'l>>,
    revoked_sha512: HashMap<Sha512Digest, Revoker<'l>>,
}

impl<'l> Trust<'l> {
    /// Compiles the lists for decisions at `time`: only entries granted then
    /// count; revocations count from every list. `Err((list, reason))` when
    /// a scope or revoked purl of a believed list does not parse (such a list
    /// fails [`TrustList::check`]; met here, it is refused, never skipped).
    pub(crate) fn build(lists: &[&'l TrustList], time: Timestamp) -> Result<Self, (String, String)> {
        let mut trust = Trust::default();
        for list in lists {
            trust.add_grants(list, time).map_err(|e| (list.name.clone(), e))?;
            trust.add_revocations(list).map_err(|e| (list.name.clone(), e))?;
        }
        Ok(trust)
    }

    /// Compiles the scopes of the list's granted suppliers and components
    /// (in parallel: parsing patterns is most of the work) and files them.
    fn add_grants(&mut self, list: &'l TrustList, time: Timestamp) -> Result<(), String> {
        let wanted = |e: &&Entry| matches!(e.kind(), EntryKind::Supplier | EntryKind::Component);
        let granted: Vec<Grant<'l>> = list
            .entries
            .iter()
            .filter(wanted)
            .filter(|e| e.status_at(time) == Status::Granted)
            .map(|entry| Grant { list, entry })
            .collect();
        let compiled: Vec<Result<CompiledScope<'l>, String>> = granted
            .par_iter()
            .flat_map_iter(|g| {
                let scopes = g.entry.scope().iter().enumerate();
                scopes.map(|(i, s)| {
                    CompiledScope::compile(*g, s).map_err(|e| format!("`{}` scope[{i}]: {e}", g.entry.id))
                })
            })
            .collect();
        for c in compiled {
            let c = c?;
            self.scope_index.insert(c.pattern.ty(), c.pattern.namespace(), c.pattern.name(), self.scopes.len());
            self.scopes.push(c);
        }
        for g in granted.iter().filter(|g| g.entry.kind() == EntryKind::Supplier) {
            for key in g.entry.keys() {
                self.key_owners.entry(key.keyid).or_default().push(*g);
            }
        }
        Ok(())
    }

    fn add_revocations(&mut self, list: &'l TrustList) -> Result<(), String> {
        let revoker = |reason: &'l String| Revoker { list: &list.name, reason };
        for k in &list.revoked.keys {
            self.revoked_keys.entry(k.keyid).or_insert(revoker(&k.reason));
        }
        for c in &list.revoked.components {
            let purl = Purl::parse(&c.purl).map_err(|e| format!("revoked component: {e}"))?;
            let (ty, ns, name) = (purl.ty.clone(), purl.namespace.clone(), purl.name.clone());
            self.revoked_components.insert(
                &ty,
                ns.as_deref(),
                Some(&name),
                RevokedComponent { release: purl.release(), purl, by: revoker(&c.reason) },
            );
        }
        for a in &list.revoked.artefacts {
            self.revoked_sha256.entry(a.digest.sha256).or_insert(revoker(&a.reason));
            if let Some(h) = a.digest.sha512 {
                self.revoked_sha512.entry(h).or_insert(revoker(&a.reason));
            }
        }
        Ok(())
    }

    /// Scopes of granted entries that name `purl`'s package, with how each
    /// relates to the component (those that do not match are left out).
    pub(crate) fn covering(
        &self,
        purl: &Purl,
        version: Option<&Version>,
        hashes: &Hashes,
    ) -> Vec<(&CompiledScope<'l>, Cover)> {
        let scopes = self.scope_index.candidates(purl).filter_map(|i| self.scopes.get(*i));
        scopes.map(|s| (s, s.cover(purl, version, hashes))).filter(|(_, c)| *c != Cover::No).collect()
    }

    /// The revocation of this component (by purl and version), if any.
    pub(crate) fn revoked_component(&self, purl: &Purl, version: Option<&Version>) -> Option<&RevokedComponent<'l>> {
        self.revoked_components.candidates(purl).find(|r| r.matches(purl, version))
    }

    /// The revocation of an artefact with one of these hashes, and the hash:
    /// any value revoked is enough, whatever else the component carries
    /// (failing closed: the installed file may be that one).
    pub(crate) fn revoked_artefact<'h>(&self, hashes: &'h Hashes) -> Option<(Revoker<'l>, ComponentHash<'h>)> {
        hashes.iter().find_map(|h| {
            let revoker = match h {
                ComponentHash::Sha256(d) => self.revoked_sha256.get(d),
                ComponentHash::Sha512(d) => self.revoked_sha512.get(d),
            };
            revoker.map(|r| (*r, h))
        })
    }

    /// The revocation of a key, if any list revokes it.
    pub(crate) fn revoked_key(&self, key: &KeyId) -> Option<Revoker<'l>> {
        self.revoked_keys.get(key).copied()
    }

    /// The granted suppliers that hold `key`.
    pub(crate) fn key_owners(&self, key: &KeyId) -> &[Grant<'l>] {
        self.key_owners.get(key).map_or(&[], Vec::as_slice)
    }
}
