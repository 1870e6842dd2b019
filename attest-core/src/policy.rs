//! A state's national policy (docs/formats.md "Policy") and its evaluation.
//!
//! The policy is attest's own format: every struct refuses unknown fields
//! and nulls, so a misspelt rule (`requirePurls`, docs/threat-model.md T30) is a
//! malformed document, never a rule silently dropped. Every section and
//! every rule is optional; an absent rule requires nothing, except
//! `components.unknown`, which defaults to `deny`.
//!
//! [`apply`] reports *every* rule, `skip` for those the policy does not
//! set, so that a regulator sees the whole evaluation and not only what
//! failed. The schema is `schemas/policy.schema.json`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{Error, Result};
use crate::json::parse_own;
use crate::jsontree::{Json, Object};
use crate::profile::{self, Profile};
use crate::provenance::{self, ComponentRef, ComponentStatus};
use crate::report::Outcome;
use crate::timestamp::Timestamp;

/// CycloneDX versions a policy may name (the ones attest reads).
pub const SPEC_VERSIONS: &[&str] = &["1.4", "1.5", "1.6"];

/// CycloneDX hash algorithm names (the `alg` enumeration of 1.4–1.6).
pub const HASH_ALGORITHMS: &[&str] = &[
    "MD5",
    "SHA-1",
    "SHA-256",
    "SHA-384",
    "SHA-512",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
    "BLAKE2b-256",
    "BLAKE2b-384",
    "BLAKE2b-512",
    "BLAKE3",
];

/// How many offending components a rule's detail names before "and N more".
const SHOWN: usize = 5;

/// A national policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Policy {
    /// Stable id (`kz-import-2026`), pinned with the digest in certificates.
    pub id: String,
    /// The state whose policy it is.
    pub jurisdiction: String,
    /// Rules about the SBOM document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbom: Option<SbomRules>,
    /// Rules about the vendor's signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures: Option<SignatureRules>,
    /// Rules about the components' provenance and licences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<ComponentRules>,
    /// What a certificate issued under this policy says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateRules>,
    /// What a verifier under this policy accepts of other states'
    /// certificates (`certify verify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition: Option<RecognitionRules>,
}

/// Which certificate classes a verifier accepts, in its own jurisdiction's
/// names; another state's class counts through a granted equivalence of the
/// federation list (docs/mutual-recognition.md).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RecognitionRules {
    /// The accepted classes (`basic`).
    pub accept_classes: Vec<String>,
}

/// Rules about the SBOM document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SbomRules {
    /// Accepted CycloneDX `specVersion`s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_versions: Option<Vec<String>>,
    /// Hash algorithms (CycloneDX names, `SHA-256`) every component carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_hashes: Option<Vec<String>>,
    /// Every component that is not a file has a purl.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_purl: Option<bool>,
    /// `metadata.timestamp` at most this many days before the evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<u32>,
    /// Conformance profiles the SBOM must meet, every requirement of each
    /// (`docs/sbom-profiles.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<Profile>>,
}

/// Rules about the vendor's signatures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SignatureRules {
    /// Distinct granted supplier keys that must have signed the attestation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_supplier_signatures: Option<u32>,
}

/// What to do about components of unknown provenance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownAction {
    /// Fail when more are unknown than `maxUnknown` allows (default 0).
    #[default]
    Deny,
    /// Warn about unknown components, never fail for them.
    Warn,
    /// Accept them (`maxUnknown` still caps them when set).
    Allow,
}

/// How components with CycloneDX scope `excluded` (development and test
/// only) are judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExcludedAction {
    /// Like every other component (the default: an SBOM's scope is the
    /// vendor's word, and build tools still run on the build machine).
    #[default]
    Judge,
    /// Not counted by `unknown` and `maxUnknown`; a blocked (revoked or
    /// mismatched) one still fails.
    Ignore,
}

/// Rules about the components.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ComponentRules {
    /// What to do about `unknown` components; `deny` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<UnknownAction>,
    /// The most `unknown` components accepted, whatever `unknown` says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unknown: Option<u32>,
    /// How components of scope `excluded` are judged; `judge` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<ExcludedAction>,
    /// SPDX licence ids no component (nor the product) may carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_licenses: Option<Vec<String>>,
    /// Whether every component (and the product) must state a licence: a
    /// licence rule cannot judge a component with no licence data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_license: Option<bool>,
}

/// What a certificate issued under the policy says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CertificateRules {
    /// The certificate class (`standard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Validity of an issued certificate, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_days: Option<u32>,
}

crate::error::value_error!(
    /// Which rule of a policy serde cannot express is broken (an empty id,
    /// a zero count, an unknown value); the message names the field.
    PolicyError
);

impl Policy {
    /// Parses a policy strictly (duplicate keys, unknown fields and nulls
    /// refused) and runs [`Policy::check`]. `doc` names the file in errors.
    pub fn from_json(bytes: &[u8], doc: &str) -> Result<Policy> {
        let policy: Policy = parse_own(bytes, doc)?;
        policy.check().map_err(|r| Error::malformed(doc, r))?;
        Ok(policy)
    }

    /// The rules serde cannot express. `Err` names the field.
    pub fn check(&self) -> std::result::Result<(), PolicyError> {
        non_empty("id", &self.id)?;
        non_empty("jurisdiction", &self.jurisdiction)?;
        if let Some(s) = &self.sbom {
            one_of_each("sbom.specVersions", s.spec_versions.as_deref(), SPEC_VERSIONS)?;
            one_of_each("sbom.requireHashes", s.require_hashes.as_deref(), HASH_ALGORITHMS)?;
            positive("sbom.maxAgeDays", s.max_age_days)?;
            if let Some(p) = &s.profiles {
                if p.is_empty() {
                    return Err("`sbom.profiles` is empty; leave it out to require nothing".into());
                }
                if p.iter().collect::<std::collections::BTreeSet<_>>().len() != p.len() {
                    return Err("`sbom.profiles` names a profile twice".into());
                }
            }
        }
        if let Some(s) = &self.signatures {
            positive("signatures.minSupplierSignatures", s.min_supplier_signatures)?;
        }
        if let Some(c) = &self.components {
            for (i, l) in c.denied_licenses.iter().flatten().enumerate() {
                non_empty(&format!("components.deniedLicenses[{i}]"), l)?;
            }
        }
        if let Some(c) = &self.certificate {
            c.class.as_deref().map_or(Ok(()), |class| non_empty("certificate.class", class))?;
            positive("certificate.validityDays", c.validity_days)?;
        }
        if let Some(r) = &self.recognition {
            if r.accept_classes.is_empty() {
                return Err("`recognition.acceptClasses` is empty; leave `recognition` out to accept any class".into());
            }
            for (i, c) in r.accept_classes.iter().enumerate() {
                non_empty(&format!("recognition.acceptClasses[{i}]"), c)?;
            }
        }
        Ok(())
    }
}

fn non_empty(field: &str, value: &str) -> std::result::Result<(), String> {
    if value.trim().is_empty() { Err(format!("`{field}` must not be empty")) } else { Ok(()) }
}

fn positive(field: &str, value: Option<u32>) -> std::result::Result<(), String> {
    if value == Some(0) { Err(format!("`{field}` must be at least 1")) } else { Ok(()) }
}

/// A list that is absent, or non-empty with every item among `allowed`.
fn one_of_each(field: &str, values: Option<&[String]>, allowed: &[&str]) -> std::result::Result<(), String> {
    let Some(values) = values else { return Ok(()) };
    if values.is_empty() {
        return Err(format!("`{field}` is empty; leave it out to require nothing"));
    }
    match values.iter().find(|v| !allowed.contains(&v.as_str())) {
        Some(v) => Err(format!("`{field}`: {v:?} is not one of {}", allowed.join(", "))),
        None => Ok(()),
    }
}

/// The outcome of one policy rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    /// The rule, named by its place in the policy (`sbom.specVersions`).
    pub rule: String,
    /// What happened (`skip` when the policy does not set the rule).
    pub outcome: Outcome,
    /// Why, naming the offending components.
    pub detail: String,
}

fn result(rule: &str, outcome: Outcome, detail: impl Into<String>) -> RuleResult {
    RuleResult { rule: rule.to_owned(), outcome, detail: detail.into() }
}

fn skip(rule: &str) -> RuleResult {
    result(rule, Outcome::Skip, "not set by the policy")
}

/// Pass when nothing offends, else Fail naming the offenders.
fn verdict(rule: &str, offenders: Vec<String>, pass: String, fail: &str) -> RuleResult {
    if offenders.is_empty() {
        result(rule, Outcome::Pass, pass)
    } else {
        result(rule, Outcome::Fail, format!("{} {fail}: {}", offenders.len(), name_some(&offenders)))
    }
}

/// The first few items, then how many more.
fn name_some(items: &[String]) -> String {
    let shown = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("; ");
    match items.len().saturating_sub(SHOWN) {
        0 => shown,
        more => format!("{shown}; and {more} more"),
    }
}

/// Evaluates every rule of `policy` against the SBOM, its provenance
/// outcome, the number of distinct supplier keys that signed it, and the
/// evaluation time. Every rule appears in the result, in a fixed order.
pub fn apply(
    policy: &Policy,
    sbom: &Json<'_>,
    provenance: &provenance::Decisions,
    supplier_signatures: usize,
    time: Timestamp,
) -> Vec<RuleResult> {
    let s = policy.sbom.clone().unwrap_or_default();
    let c = policy.components.clone().unwrap_or_default();
    let min_signatures = policy.signatures.as_ref().and_then(|s| s.min_supplier_signatures);
    let components = provenance::component_objects(sbom);
    vec![
        product(provenance),
        s.spec_versions.as_deref().map_or_else(|| skip("sbom.specVersions"), |v| spec_versions(sbom, v)),
        s.require_hashes.as_deref().map_or_else(|| skip("sbom.requireHashes"), |a| require_hashes(&components, a)),
        require_purl(&components, s.require_purl),
        s.max_age_days.map_or_else(|| skip("sbom.maxAgeDays"), |d| max_age(sbom, d, time)),
        s.profiles.as_deref().map_or_else(|| skip("sbom.profiles"), |p| profiles(sbom, p)),
        min_signatures.map_or_else(|| skip("signatures.minSupplierSignatures"), |m| signatures(m, supplier_signatures)),
        blocked(provenance),
        unknown(provenance, c.unknown.unwrap_or_default(), c.max_unknown, c.excluded.unwrap_or_default()),
        c.max_unknown.map_or_else(
            || skip("components.maxUnknown"),
            |m| max_unknown(provenance, m, c.excluded.unwrap_or_default()),
        ),
        c.denied_licenses
            .as_deref()
            .map_or_else(|| skip("components.deniedLicenses"), |l| licences(sbom, &components, l)),
        require_license(sbom, &components, c.require_license),
        certificate(policy.certificate.as_ref()),
    ]
}

fn product(p: &provenance::Decisions) -> RuleResult {
    let outcome = if p.product.ok { Outcome::Pass } else { Outcome::Fail };
    result("product", outcome, p.product.reason.clone())
}

fn spec_versions(sbom: &Json<'_>, allowed: &[String]) -> RuleResult {
    let rule = "sbom.specVersions";
    match sbom.get("specVersion").and_then(Json::as_str) {
        Some(v) if allowed.iter().any(|a| a == v) => result(rule, Outcome::Pass, format!("specVersion {v}")),
        Some(v) => result(rule, Outcome::Fail, format!("specVersion {v} is not one of {}", allowed.join(", "))),
        None => result(rule, Outcome::Fail, "the SBOM has no specVersion"),
    }
}

/// Every requirement of each profile met; else each unmet requirement named,
/// with how many places miss it and the first few JSON pointers.
fn profiles(sbom: &Json<'_>, wanted: &[Profile]) -> RuleResult {
    let rule = "sbom.profiles";
    let names = wanted.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ");
    let mut unmet: Vec<String> = Vec::new();
    for p in wanted {
        let report = profile::check(sbom, *p);
        for r in p.requirements() {
            let places: Vec<String> = report
                .unmet()
                .filter(|f| f.requirement == r.id)
                .map(|f| if f.pointer.is_empty() { "/".to_owned() } else { f.pointer.clone() })
                .collect();
            if !places.is_empty() {
                let more = places.len().saturating_sub(SHOWN);
                let shown = places.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                unmet.push(format!("{} ({}) unmet at {shown}{more}", r.id, r.source));
            }
        }
    }
    if unmet.is_empty() {
        result(rule, Outcome::Pass, format!("the SBOM meets {names}"))
    } else {
        result(rule, Outcome::Fail, format!("{} requirement(s) unmet: {}", unmet.len(), unmet.join("; ")))
    }
}

type Components<'a> = std::result::Result<Vec<ComponentRef<'a>>, provenance::ComponentError>;

/// Applies `offence` to every component, or fails the rule when the
/// components cannot even be walked.
fn per_component(
    rule: &str,
    components: &Components<'_>,
    offence: impl Fn(&str, &Object<'_>) -> Option<String>,
    fail: &str,
) -> RuleResult {
    match components {
        Err(e) => result(rule, Outcome::Fail, format!("the components cannot be read: {e}")),
        Ok(list) => {
            let offenders = list.iter().filter_map(|(path, obj)| offence(path, obj)).collect();
            verdict(rule, offenders, format!("all {} component(s) comply", list.len()), fail)
        }
    }
}

/// How a component is named in a rule's detail.
fn label(path: &str, obj: &Object<'_>) -> String {
    let name = obj.get("name").and_then(Json::as_str).unwrap_or("(unnamed)");
    match obj.get("version").and_then(Json::as_str) {
        Some(v) => format!("{name}@{v} ({path})"),
        None => format!("{name} ({path})"),
    }
}

/// Every component carries each hash algorithm the policy requires, on
/// itself or on each of its `distribution` external references (a PyPI
/// release's files). A package marked first-party (the product's own
/// source, with no archive to hash) is covered by the product's signature,
/// like the product's files; whether the mark is believed is the provenance
/// decision's (only the signing supplier's scope makes it first-party).
fn require_hashes(components: &Components<'_>, algs: &[String]) -> RuleResult {
    let algs_of = |hashes: Option<&Json<'_>>| -> Vec<String> {
        let list = hashes.and_then(Json::as_array).unwrap_or_default();
        list.iter().filter_map(|h| h.get("alg").and_then(Json::as_str)).map(str::to_owned).collect()
    };
    let offence = |path: &str, obj: &Object<'_>| {
        if crate::provenance::first_party(obj) {
            return None;
        }
        let refs = obj.get("externalReferences").and_then(Json::as_array).unwrap_or_default();
        let files: Vec<Vec<String>> = refs
            .iter()
            .filter(|r| r.get("type").and_then(Json::as_str) == Some("distribution"))
            .map(|r| algs_of(r.get("hashes")))
            .collect();
        let own = algs_of(obj.get("hashes"));
        let has = |alg: &str| {
            own.iter().any(|a| a == alg) || (!files.is_empty() && files.iter().all(|f| f.iter().any(|a| a == alg)))
        };
        let have: Vec<&str> = algs.iter().map(String::as_str).filter(|a| has(a)).collect();
        let missing: Vec<&str> = algs.iter().map(String::as_str).filter(|a| !have.contains(a)).collect();
        (!missing.is_empty()).then(|| format!("{} lacks {}", label(path, obj), missing.join(", ")))
    };
    per_component("sbom.requireHashes", components, offence, "component(s) lack a required hash")
}

fn require_purl(components: &Components<'_>, required: Option<bool>) -> RuleResult {
    let rule = "sbom.requirePurl";
    match required {
        None => skip(rule),
        Some(false) => result(rule, Outcome::Skip, "the policy does not require purls"),
        Some(true) => {
            let offence = |path: &str, obj: &Object<'_>| {
                let is_file = obj.get("type").and_then(Json::as_str) == Some("file");
                (!is_file && obj.get("purl").is_none()).then(|| label(path, obj))
            };
            per_component(rule, components, offence, "component(s) that are not files have no purl")
        }
    }
}

fn max_age(sbom: &Json<'_>, days: u32, time: Timestamp) -> RuleResult {
    let rule = "sbom.maxAgeDays";
    let Some(text) = sbom.get("metadata").and_then(|m| m.get("timestamp")).and_then(Json::as_str) else {
        return result(rule, Outcome::Fail, "the SBOM has no metadata.timestamp, so its age is unknown");
    };
    let made = match OffsetDateTime::parse(text, &Rfc3339) {
        Ok(t) => t.unix_timestamp(),
        Err(e) => {
            return result(rule, Outcome::Fail, format!("metadata.timestamp {text:?} is not an RFC 3339 time: {e}"));
        }
    };
    let age = time.unix().saturating_sub(made);
    let limit = i64::from(days) * 86_400;
    if age < 0 {
        result(rule, Outcome::Fail, format!("metadata.timestamp {text} is later than the evaluation time {time}"))
    } else if age > limit {
        result(
            rule,
            Outcome::Fail,
            format!("the SBOM is {} day(s) old (made {text}); at most {days} allowed", age / 86_400),
        )
    } else {
        result(rule, Outcome::Pass, format!("the SBOM is {} day(s) old; at most {days} allowed", age / 86_400))
    }
}

fn signatures(min: u32, have: usize) -> RuleResult {
    let rule = "signatures.minSupplierSignatures";
    let detail = format!("{have} supplier signature(s); at least {min} required");
    let ok = u32::try_from(have).map_or(true, |have| have >= min);
    result(rule, if ok { Outcome::Pass } else { Outcome::Fail }, detail)
}

/// The decisions with a status, named with their reasons.
fn with_status(p: &provenance::Decisions, status: ComponentStatus) -> Vec<String> {
    named(p.components.iter().filter(|d| d.status == status))
}

/// `PURL: REASON` (or the name, without a purl) of each decision.
fn named<'a>(decisions: impl Iterator<Item = &'a provenance::ComponentDecision>) -> Vec<String> {
    decisions.map(|d| format!("{}: {}", d.purl.as_deref().unwrap_or(&d.name), d.reason)).collect()
}

/// Blocked components always fail, whatever the policy says.
fn blocked(p: &provenance::Decisions) -> RuleResult {
    let pass = format!("none of {} component(s) is blocked", p.counts.total);
    verdict("components.blocked", with_status(p, ComponentStatus::Blocked), pass, "component(s) blocked")
}

/// The components of unknown provenance that count: all of them, or with
/// `excluded: ignore` those not of scope `excluded`.
fn counted_unknown(p: &provenance::Decisions, excluded: ExcludedAction) -> Vec<String> {
    let counted = p.components.iter().filter(|d| d.status == ComponentStatus::Unknown);
    named(counted.filter(|d| excluded == ExcludedAction::Judge || !d.excluded))
}

fn unknown(p: &provenance::Decisions, action: UnknownAction, max: Option<u32>, excluded: ExcludedAction) -> RuleResult {
    let rule = "components.unknown";
    let counted = counted_unknown(p, excluded);
    let n = counted.len();
    let names = name_some(&counted);
    let allowed = usize::try_from(max.unwrap_or(0)).unwrap_or(usize::MAX);
    match action {
        _ if n == 0 => result(rule, Outcome::Pass, "no component of unknown provenance"),
        UnknownAction::Deny if n > allowed => result(
            rule,
            Outcome::Fail,
            format!("{n} component(s) of unknown provenance; the policy denies them (at most {allowed}): {names}"),
        ),
        UnknownAction::Deny => {
            result(rule, Outcome::Pass, format!("{n} component(s) of unknown provenance, within {allowed} allowed"))
        }
        UnknownAction::Warn => result(rule, Outcome::Warn, format!("{n} component(s) of unknown provenance: {names}")),
        UnknownAction::Allow => {
            result(rule, Outcome::Pass, format!("{n} component(s) of unknown provenance, allowed by the policy"))
        }
    }
}

fn max_unknown(p: &provenance::Decisions, max: u32, excluded: ExcludedAction) -> RuleResult {
    let n = counted_unknown(p, excluded).len();
    let detail = format!("{n} component(s) of unknown provenance; at most {max} allowed");
    let ok = u32::try_from(n).is_ok_and(|n| n <= max);
    result("components.maxUnknown", if ok { Outcome::Pass } else { Outcome::Fail }, detail)
}

/// The components and the product (`metadata.component`), as the licence
/// rules judge them; the count is of components only, as in every other
/// rule's line.
fn licensed<'a>(sbom: &'a Json<'a>, components: &[ComponentRef<'a>]) -> Vec<ComponentRef<'a>> {
    let product = sbom.get("metadata").and_then(|m| m.get("component")).and_then(Json::as_object);
    product.map(|obj| ("/metadata/component".to_owned(), obj)).into_iter().chain(components.iter().cloned()).collect()
}

/// Denied licences, on every component and on the product itself: a
/// licence `id` or `name` equal to a denied id, or an `expression` that
/// names it (SPDX ids compare case-insensitively). A component with no
/// licence data cannot be judged: the rule warns naming it (and
/// `requireLicense` fails it), never passes it silently.
fn licences<'a>(sbom: &'a Json<'a>, components: &Components<'a>, denied: &[String]) -> RuleResult {
    let rule = "components.deniedLicenses";
    let list = match components {
        Err(e) => return result(rule, Outcome::Fail, format!("the components cannot be read: {e}")),
        Ok(list) => list,
    };
    let (mut offenders, mut unjudged) = (Vec::new(), Vec::new());
    for (path, obj) in licensed(sbom, list) {
        let terms = licence_terms(obj);
        let found: Vec<&str> =
            terms.iter().copied().filter(|term| denied.iter().any(|d| d.eq_ignore_ascii_case(term))).collect();
        if !found.is_empty() {
            offenders.push(format!("{} carries {}", label(&path, obj), found.join(", ")));
        } else if terms.is_empty() {
            unjudged.push(label(&path, obj));
        }
    }
    let n = list.len();
    if !offenders.is_empty() {
        return verdict(rule, offenders, String::new(), "component(s) carry a denied licence");
    }
    if unjudged.is_empty() {
        return result(
            rule,
            Outcome::Pass,
            format!("none of {n} component(s) nor the product carries a denied licence"),
        );
    }
    let who = unlicensed(&unjudged, n);
    result(
        rule,
        Outcome::Warn,
        format!(
            "no denied licence found, but {who} no licence data and could not be judged (set requireLicense to \
             fail them): {}",
            name_some(&unjudged)
        ),
    )
}

/// Who of `n` components and the product has no licence data (`labels`
/// from [`licensed`], the product first), counted as every rule's line
/// counts components: "3 of 8 component(s) and the product have".
fn unlicensed(labels: &[String], n: usize) -> String {
    let product = labels.first().is_some_and(|l| l.ends_with("(/metadata/component)"));
    match (labels.len() - usize::from(product), product) {
        (0, _) => "the product has".to_owned(),
        (k, true) => format!("{k} of {n} component(s) and the product have"),
        (k, false) => format!("{k} of {n} component(s) have"),
    }
}

/// `requireLicense`: every component and the product state a licence.
fn require_license<'a>(sbom: &'a Json<'a>, components: &Components<'a>, required: Option<bool>) -> RuleResult {
    let rule = "components.requireLicense";
    match (required, components) {
        (None, _) => skip(rule),
        (Some(false), _) => result(rule, Outcome::Skip, "the policy does not require licences"),
        (Some(true), Err(e)) => result(rule, Outcome::Fail, format!("the components cannot be read: {e}")),
        (Some(true), Ok(list)) => {
            let unstated: Vec<String> = licensed(sbom, list)
                .iter()
                .filter(|(_, obj)| licence_terms(obj).is_empty())
                .map(|(path, obj)| label(path, obj))
                .collect();
            if unstated.is_empty() {
                return result(
                    rule,
                    Outcome::Pass,
                    format!("all {} component(s) and the product state a licence", list.len()),
                );
            }
            let who = unlicensed(&unstated, list.len());
            result(rule, Outcome::Fail, format!("{who} no licence data: {}", name_some(&unstated)))
        }
    }
}

/// Every licence id, name and expression token of a component.
fn licence_terms<'a>(obj: &'a Object<'a>) -> Vec<&'a str> {
    let mut terms = Vec::new();
    for l in obj.get("licenses").and_then(Json::as_array).into_iter().flatten() {
        let license = l.get("license");
        terms.extend(["id", "name"].iter().filter_map(|k| license.and_then(|x| x.get(k)).and_then(Json::as_str)));
        if let Some(expr) = l.get("expression").and_then(Json::as_str) {
            terms.extend(expr.split(|c: char| c.is_whitespace() || c == '(' || c == ')').filter(|t| !t.is_empty()));
        }
    }
    terms
}

fn certificate(c: Option<&CertificateRules>) -> RuleResult {
    let rule = "certificate";
    let Some(c) = c else { return skip(rule) };
    let class = c.class.as_deref().unwrap_or("(not set)");
    let days = c.validity_days.map_or_else(|| "(not set)".to_owned(), |d| d.to_string());
    result(rule, Outcome::Skip, format!("class {class}, validity {days} day(s): applied when a certificate is issued"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provenance::{ComponentDecision, Counts, ProductDecision};
    use serde_json::{Value, json};

    /// Evaluates against the tree of a `json!` SBOM.
    fn evaluate(
        policy: &Policy,
        sbom: &Value,
        provenance: &provenance::Decisions,
        supplier_signatures: usize,
        time: Timestamp,
    ) -> Vec<RuleResult> {
        super::apply(policy, &crate::jsontree::tests::tree(sbom), provenance, supplier_signatures, time)
    }

    const KZ: &[u8] = include_bytes!("../../testdata/policy/kz-import-2026.json");
    const T30: &[u8] = include_bytes!("../../testdata/policy/t30-misspelt-require-purls.json");
    const SCHEMA: &str = include_str!("../../schemas/policy.schema.json");

    fn now() -> Timestamp {
        Timestamp::parse_strict("2026-06-01T00:00:00Z").unwrap()
    }

    fn policy(v: Value) -> Result<Policy> {
        Policy::from_json(&serde_json::to_vec(&v).unwrap(), "p.json")
    }

    fn decision(name: &str, status: ComponentStatus) -> ComponentDecision {
        ComponentDecision {
            bom_ref: None,
            name: name.into(),
            version: None,
            purl: Some(format!("pkg:npm/{name}@1.0.0")),
            status,
            reason: format!("because {name}"),
            by: None,
            excluded: false,
        }
    }

    fn outcome(statuses: &[ComponentStatus], product_ok: bool) -> provenance::Decisions {
        let components: Vec<ComponentDecision> =
            statuses.iter().enumerate().map(|(i, s)| decision(&format!("c{i}"), *s)).collect();
        provenance::Decisions {
            product: ProductDecision { ok: product_ok, supplier: None, reason: "product reason".into() },
            counts: Counts::of(&components),
            components,
        }
    }

    fn sbom() -> Value {
        json!({"bomFormat": "CycloneDX", "specVersion": "1.5",
               "metadata": {"timestamp": "2026-05-01T03:00:00+03:00",
                            "component": {"type": "application", "name": "gw", "licenses": [{"license": {"id": "MIT"}}]}},
               "components": [
                 {"type": "library", "name": "a", "version": "1", "purl": "pkg:npm/a@1",
                  "hashes": [{"alg": "SHA-256", "content": "00"}],
                  "licenses": [{"expression": "(MIT OR agpl-3.0-only)"}],
                  "components": [{"type": "library", "name": "nested", "licenses": [{"license": {"name": "AGPL-3.0-only"}}]}]},
                 {"type": "file", "name": "bin/gw", "hashes": [{"alg": "SHA-256", "content": "00"}]}]})
    }

    fn by_rule<'a>(results: &'a [RuleResult], rule: &str) -> &'a RuleResult {
        results.iter().find(|r| r.rule == rule).unwrap()
    }

    #[test]
    fn the_formats_example_parses() {
        let p = Policy::from_json(KZ, "kz").unwrap();
        assert_eq!(p.id, "kz-import-2026");
        let s = p.sbom.as_ref().unwrap();
        assert_eq!(s.require_purl, Some(true));
        assert_eq!(p.components.as_ref().unwrap().unknown, Some(UnknownAction::Deny));
        assert_eq!(p.certificate.as_ref().unwrap().validity_days, Some(365));
    }

    #[test]
    fn profiles_fail_naming_each_unmet_requirement() {
        let p = policy(json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["cra", "tr-03183-2"]}})).unwrap();
        let ok = outcome(&[ComponentStatus::Listed], true);
        let r = by_rule(&evaluate(&p, &sbom(), &ok, 1, now()), "sbom.profiles").clone();
        assert_eq!(r.outcome, Outcome::Fail);
        // The product has no bom-ref (CRA), the BOM is 1.5 (TR), and so on:
        // each requirement named once, with where it fails.
        assert!(r.detail.contains("cra.top-level-dependencies (CRA Annex I Part II (1)) unmet at /"), "{}", r.detail);
        assert!(r.detail.contains("tr-03183-2.format (TR-03183-2 v2.1 §4) unmet at /"), "{}", r.detail);
        assert!(
            r.detail.contains("tr-03183-2.filename (TR-03183-2 v2.1 §5.2.2) unmet at /components/0, "),
            "{}",
            r.detail
        );
        assert_eq!(r.detail.matches("tr-03183-2.filename").count(), 1, "{}", r.detail);
        let mut met = sbom();
        met["metadata"]["component"]["bom-ref"] = json!("p");
        met["metadata"]["component"]["version"] = json!("1");
        met["dependencies"] = json!([{"ref": "p"}]);
        met["components"][0]["components"][0]["version"] = json!("2");
        met["components"][1]["version"] = json!("3");
        let cra = policy(json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["cra"]}})).unwrap();
        let r = by_rule(&evaluate(&cra, &met, &ok, 1, now()), "sbom.profiles").clone();
        assert_eq!((r.outcome, r.detail.as_str()), (Outcome::Pass, "the SBOM meets cra"));
    }

    #[test]
    fn t30_misspelt_field_is_malformed() {
        let err = Policy::from_json(T30, "t30.json").unwrap_err();
        assert!(err.to_string().starts_with("t30.json: malformed"), "{err}");
        assert!(err.to_string().contains("requirePurls"), "{err}");
        for bad in [
            json!({"id": "x", "jurisdiction": "KZ", "sbom": {"maxAgeDays": 0}}),
            json!({"id": "x", "jurisdiction": "KZ", "sbom": {"requireHashes": ["SHA256"]}}),
            json!({"id": "x", "jurisdiction": "KZ", "sbom": {"specVersions": []}}),
            json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": []}}),
            json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["bsi"]}}),
            json!({"id": "x", "jurisdiction": "KZ", "sbom": {"profiles": ["ntia", "ntia"]}}),
            json!({"id": "x", "jurisdiction": "KZ", "sbom": {"requirePurl": null}}),
            json!({"id": "x", "jurisdiction": "KZ", "components": {"unknown": "ignore"}}),
            json!({"id": "x", "jurisdiction": "KZ", "certificate": {"validityDays": 0}}),
            json!({"id": "x", "jurisdiction": "KZ", "extra": 1}),
            json!({"id": "", "jurisdiction": "KZ"}),
            json!({"id": "x", "jurisdiction": ""}),
            json!({"jurisdiction": "KZ"}),
        ] {
            assert!(policy(bad.clone()).is_err(), "{bad}");
        }
        assert!(Policy::from_json(br#"{"id":"x","id":"y","jurisdiction":"KZ"}"#, "d").is_err());
    }

    #[test]
    fn components_without_licence_data_are_never_passed_silently() {
        let bare = json!({"bomFormat": "CycloneDX", "specVersion": "1.5",
                          "metadata": {"component": {"type": "application", "name": "gw"}},
                          "components": [{"type": "library", "name": "a", "version": "1"},
                                         {"type": "library", "name": "b", "licenses": [{"license": {"id": "MIT"}}]}]});
        let o = outcome(&[ComponentStatus::Listed, ComponentStatus::Listed], true);
        let denied =
            policy(json!({"id": "x", "jurisdiction": "KZ", "components": {"deniedLicenses": ["GPL-3.0-only"]}}))
                .unwrap();
        let r = evaluate(&denied, &bare, &o, 1, now());
        let lic = by_rule(&r, "components.deniedLicenses");
        assert_eq!(lic.outcome, Outcome::Warn, "{lic:?}");
        assert!(lic.detail.contains("1 of 2 component(s) and the product have no licence data"), "{lic:?}");
        assert!(lic.detail.contains("a@1 (/components/0)") && lic.detail.contains("gw"), "{lic:?}");
        assert_eq!(by_rule(&r, "components.requireLicense").outcome, Outcome::Skip);

        let required =
            policy(json!({"id": "x", "jurisdiction": "KZ", "components": {"requireLicense": true}})).unwrap();
        let r = evaluate(&required, &bare, &o, 1, now());
        let req = by_rule(&r, "components.requireLicense");
        assert_eq!(req.outcome, Outcome::Fail, "{req:?}");
        assert!(req.detail.starts_with("1 of 2 component(s) and the product have no licence data: gw"), "{req:?}");
        // All licensed: both rules pass, counting the components (not the
        // product) as every other rule's line does.
        let licensed = json!({"bomFormat": "CycloneDX", "specVersion": "1.5",
                          "metadata": {"component": {"type": "application", "name": "gw",
                                                     "licenses": [{"expression": "MIT OR Apache-2.0"}]}},
                          "components": [{"type": "library", "name": "a", "licenses": [{"license": {"name": "MIT"}}]},
                                         {"type": "library", "name": "b", "licenses": [{"license": {"id": "MIT"}}]}]});
        let both = policy(json!({"id": "x", "jurisdiction": "KZ", "sbom": {"requireHashes": ["SHA-256"]},
                                 "components": {"requireLicense": true, "deniedLicenses": ["GPL-3.0-only"]}}))
        .unwrap();
        let r = evaluate(&both, &licensed, &o, 1, now());
        assert_eq!(
            by_rule(&r, "components.deniedLicenses").detail,
            "none of 2 component(s) nor the product carries a denied licence"
        );
        assert_eq!(
            by_rule(&r, "components.requireLicense").detail,
            "all 2 component(s) and the product state a licence"
        );
        assert!(by_rule(&r, "sbom.requireHashes").detail.starts_with("2 component(s)"), "{r:?}");
    }

    #[test]
    fn every_rule_appears_and_an_empty_policy_only_denies_unknown() {
        let p = policy(json!({"id": "x", "jurisdiction": "KZ"})).unwrap();
        let r = evaluate(&p, &sbom(), &outcome(&[ComponentStatus::Listed], true), 1, now());
        let names: Vec<&str> = r.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(
            names,
            [
                "product",
                "sbom.specVersions",
                "sbom.requireHashes",
                "sbom.requirePurl",
                "sbom.maxAgeDays",
                "sbom.profiles",
                "signatures.minSupplierSignatures",
                "components.blocked",
                "components.unknown",
                "components.maxUnknown",
                "components.deniedLicenses",
                "components.requireLicense",
                "certificate"
            ]
        );
        let not_skipped: Vec<&str> = r.iter().filter(|r| r.outcome != Outcome::Skip).map(|r| r.rule.as_str()).collect();
        assert_eq!(not_skipped, ["product", "components.blocked", "components.unknown"]);
        let r = evaluate(&p, &sbom(), &outcome(&[ComponentStatus::Unknown], true), 1, now());
        assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Fail);
    }

    #[test]
    fn the_example_policy_judges_each_rule() {
        let p = Policy::from_json(KZ, "kz").unwrap();
        let r = evaluate(&p, &sbom(), &outcome(&[ComponentStatus::Listed], true), 1, now());
        let outcome_of = |rule| by_rule(&r, rule).outcome;
        assert_eq!(outcome_of("product"), Outcome::Pass);
        assert_eq!(outcome_of("sbom.specVersions"), Outcome::Pass);
        let hashes = by_rule(&r, "sbom.requireHashes");
        assert_eq!(hashes.outcome, Outcome::Fail);
        assert!(hashes.detail.contains("nested (/components/0/components/0) lacks SHA-256"), "{}", hashes.detail);
        let purl = by_rule(&r, "sbom.requirePurl");
        assert_eq!(purl.outcome, Outcome::Fail);
        assert!(purl.detail.starts_with("1 component(s)") && purl.detail.contains("nested"), "{}", purl.detail);
        assert_eq!(outcome_of("sbom.maxAgeDays"), Outcome::Pass);
        assert_eq!(outcome_of("signatures.minSupplierSignatures"), Outcome::Pass);
        let lic = by_rule(&r, "components.deniedLicenses");
        assert_eq!(lic.outcome, Outcome::Fail);
        assert!(lic.detail.starts_with("2 component(s)"), "{}", lic.detail);
        assert!(lic.detail.contains("a@1 (/components/0) carries agpl-3.0-only"), "{}", lic.detail);
        assert_eq!(outcome_of("certificate"), Outcome::Skip);
    }

    #[test]
    fn age_signatures_spec_version_and_product() {
        let p = Policy::from_json(KZ, "kz").unwrap();
        let late = Timestamp::parse_strict("2027-01-01T00:00:00Z").unwrap();
        let early = Timestamp::parse_strict("2026-04-01T00:00:00Z").unwrap();
        let ok = outcome(&[], true);
        assert_eq!(by_rule(&evaluate(&p, &sbom(), &ok, 1, late), "sbom.maxAgeDays").outcome, Outcome::Fail);
        let future = evaluate(&p, &sbom(), &ok, 1, early);
        assert!(by_rule(&future, "sbom.maxAgeDays").detail.contains("later than"));
        let mut undated = sbom();
        undated["metadata"] = json!({});
        assert_eq!(by_rule(&evaluate(&p, &undated, &ok, 1, now()), "sbom.maxAgeDays").outcome, Outcome::Fail);
        assert_eq!(
            by_rule(&evaluate(&p, &sbom(), &ok, 0, now()), "signatures.minSupplierSignatures").outcome,
            Outcome::Fail
        );
        let mut v14 = sbom();
        v14["specVersion"] = json!("1.4");
        assert_eq!(by_rule(&evaluate(&p, &v14, &ok, 1, now()), "sbom.specVersions").outcome, Outcome::Fail);
        let bad_product = evaluate(&p, &sbom(), &outcome(&[], false), 1, now());
        assert_eq!(by_rule(&bad_product, "product").outcome, Outcome::Fail);
        assert_eq!(by_rule(&bad_product, "product").detail, "product reason");
    }

    #[test]
    fn blocked_always_fails_and_unknown_follows_the_action() {
        let base =
            |components: Value| policy(json!({"id": "x", "jurisdiction": "KZ", "components": components})).unwrap();
        let two_unknown =
            outcome(&[ComponentStatus::Unknown, ComponentStatus::Unknown, ComponentStatus::Verified], true);
        let run = |p: &Policy, o: &provenance::Decisions| evaluate(p, &sbom(), o, 1, now());
        let allow = base(json!({"unknown": "allow"}));
        let blocked = run(&allow, &outcome(&[ComponentStatus::Blocked], true));
        let rule = by_rule(&blocked, "components.blocked");
        assert_eq!(rule.outcome, Outcome::Fail);
        assert!(rule.detail.contains("pkg:npm/c0@1.0.0: because c0"), "{}", rule.detail);
        assert_eq!(by_rule(&run(&allow, &two_unknown), "components.unknown").outcome, Outcome::Pass);
        let warn = base(json!({"unknown": "warn"}));
        assert_eq!(by_rule(&run(&warn, &two_unknown), "components.unknown").outcome, Outcome::Warn);
        let deny_two = base(json!({"unknown": "deny", "maxUnknown": 2}));
        let r = run(&deny_two, &two_unknown);
        assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Pass);
        assert_eq!(by_rule(&r, "components.maxUnknown").outcome, Outcome::Pass);
        let capped = base(json!({"unknown": "allow", "maxUnknown": 1}));
        let r = run(&capped, &two_unknown);
        assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Pass);
        assert_eq!(by_rule(&r, "components.maxUnknown").outcome, Outcome::Fail);
        let deny = base(json!({}));
        let r = run(&deny, &two_unknown);
        assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Fail);
        assert!(by_rule(&r, "components.unknown").detail.contains("c0"), "{:?}", r);
    }

    #[test]
    fn excluded_components_are_judged_unless_the_policy_ignores_them() {
        let base =
            |components: Value| policy(json!({"id": "x", "jurisdiction": "KZ", "components": components})).unwrap();
        let mut o = outcome(&[ComponentStatus::Unknown, ComponentStatus::Unknown, ComponentStatus::Blocked], true);
        for d in &mut o.components {
            d.excluded = d.name != "c0";
        }
        let run = |p: &Policy| evaluate(p, &sbom(), &o, 1, now());
        // Judged (the default): both unknown components count.
        let r = run(&base(json!({"maxUnknown": 1})));
        assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Fail);
        assert_eq!(
            by_rule(&r, "components.maxUnknown").detail,
            "2 component(s) of unknown provenance; at most 1 allowed"
        );
        // Ignored: only c0 (runtime) counts; the excluded blocked one still fails.
        let r = run(&base(json!({"maxUnknown": 1, "excluded": "ignore"})));
        assert_eq!(by_rule(&r, "components.unknown").outcome, Outcome::Pass);
        assert_eq!(by_rule(&r, "components.maxUnknown").outcome, Outcome::Pass);
        assert_eq!(by_rule(&r, "components.blocked").outcome, Outcome::Fail);
        let r = run(&base(json!({"excluded": "ignore"})));
        assert!(
            by_rule(&r, "components.unknown").detail.contains("c0")
                && !by_rule(&r, "components.unknown").detail.contains("c1")
        );
        assert!(policy(json!({"id": "x", "jurisdiction": "KZ", "components": {"excluded": "skip"}})).is_err());
    }

    /// Every object of the schema is closed, and its properties are exactly
    /// the model's fields: a field added to one and not the other fails here.
    #[test]
    fn schema_matches_the_model() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        let full = policy(json!({
            "id": "x", "jurisdiction": "KZ",
            "sbom": {"specVersions": ["1.5"], "requireHashes": ["SHA-256"], "requirePurl": true, "maxAgeDays": 1,
                     "profiles": ["tr-03183-2"]},
            "signatures": {"minSupplierSignatures": 1},
            "components": {"unknown": "warn", "maxUnknown": 0, "excluded": "ignore", "deniedLicenses": ["GPL-3.0-only"],
                           "requireLicense": true},
            "certificate": {"class": "standard", "validityDays": 1},
            "recognition": {"acceptClasses": ["basic"]}}))
        .unwrap();
        let model = serde_json::to_value(&full).unwrap();
        assert_closed_and_equal(&schema, &model, "");
        let algs: Vec<&str> = schema["properties"]["sbom"]["properties"]["requireHashes"]["items"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(algs, HASH_ALGORITHMS);
        let unknown = &schema["properties"]["components"]["properties"]["unknown"]["enum"];
        assert_eq!(unknown, &json!(["deny", "warn", "allow"]));
        let profiles = &schema["properties"]["sbom"]["properties"]["profiles"]["items"]["enum"];
        assert_eq!(profiles, &json!(Profile::ALL.map(Profile::name)));
    }

    fn assert_closed_and_equal(schema: &Value, model: &Value, path: &str) {
        let Some(obj) = model.as_object() else { return };
        assert_eq!(schema["additionalProperties"], json!(false), "{path} is not closed");
        let props = schema["properties"].as_object().unwrap();
        let mut want: Vec<&String> = props.keys().collect();
        let mut have: Vec<&String> = obj.keys().collect();
        want.sort();
        have.sort();
        assert_eq!(want, have, "properties of {path}");
        for (k, v) in obj {
            assert_closed_and_equal(&props[k], v, &format!("{path}/{k}"));
        }
    }
}
