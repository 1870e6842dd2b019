//! Evaluating a policy: [`apply`] and the judgement of each rule, in the
//! order the result lists them.

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::jsontree::{Json, Object};
use crate::profile::{self, Profile};
use crate::provenance::{self, ComponentRef, ComponentStatus};
use crate::report::Outcome;
use crate::timestamp::Timestamp;

use super::{CertificateRules, ExcludedAction, Policy, UnknownAction};

/// How many offending components a rule's detail names before "and N more".
const SHOWN: usize = 5;

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

/// The rule that the product is covered by a supplier whose key signed
/// (docs/formats.md §8): its detail is the product decision's sentence.
pub const PRODUCT_RULE: &str = "product";

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
    let outcome = if p.product.is_approved() { Outcome::Pass } else { Outcome::Fail };
    result(PRODUCT_RULE, outcome, p.product.reason())
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
