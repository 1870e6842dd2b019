//! Verification reports: every check by name, with its outcome and why.
//!
//! A regulator must be able to see *exactly* why something passed or failed,
//! so verification never returns a bare boolean: it returns a [`Report`], and
//! the decision is derived from it (any failed check fails the whole).
//!
//! A check that fails or warns carries a typed [`Reason`] holding the values
//! its sentence is made from, so that a program (the JSON output's `code`, the
//! certificate page in the reader's language) never has to parse the English
//! `detail`, which is the reason's [`Display`](std::fmt::Display).

use serde::{Serialize, Serializer};

mod code;
mod list_refusal;
mod reason;

pub use code::Code;
pub use list_refusal::ListRefusal;
pub use reason::{KeyRole, Reason};

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The check passed.
    Pass,
    /// The check failed: the whole verification fails.
    Fail,
    /// Worth a person's attention, but not a failure.
    Warn,
    /// Not applicable or not asked for.
    Skip,
}

/// Where a check belongs: the step of the verification procedure
/// (docs/formats.md) it is part of. Serialised as the kebab-case name,
/// which is stable (docs/json-output.md, "Checks").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Step {
    /// Which trust lists are believed (anchor, versions, expiry,
    /// recognition); step 1 of a bundle's verification.
    Lists,
    /// The envelope's payload type.
    PayloadType,
    /// One signature of an attestation.
    Signature,
    /// The signature threshold of an attestation.
    Threshold,
    /// The in-toto statement.
    Statement,
    /// The SBOM the statement carries.
    Sbom,
    /// A `--subject` file against the attestation's subjects.
    Subject,
    /// An upstream attestation given with `--evidence`.
    UpstreamEvidence,
    /// The provenance of the product and its components.
    Provenance,
    /// A rule of the policy.
    Policy,
    /// The certificate's issuer (step 2; `certify issue`'s own checks).
    Issuer,
    /// The certificate itself (step 3; the certificate issued).
    Certificate,
    /// A current version of the issuer's national list (step 4).
    RevocationFreshness,
    /// The bundle's evidence against the certificate (step 5).
    Evidence,
    /// `--subject` files against the certified subjects (step 6).
    Artefacts,
    /// The verifier's own policy (step 7).
    OwnPolicy,
    /// The certificate's inclusion proof (step 8).
    Transparency,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 17] = [
        Step::Lists,
        Step::PayloadType,
        Step::Signature,
        Step::Threshold,
        Step::Statement,
        Step::Sbom,
        Step::Subject,
        Step::UpstreamEvidence,
        Step::Provenance,
        Step::Policy,
        Step::Issuer,
        Step::Certificate,
        Step::RevocationFreshness,
        Step::Evidence,
        Step::Artefacts,
        Step::OwnPolicy,
        Step::Transparency,
    ];

    /// The stable name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Lists => "lists",
            Step::PayloadType => "payload-type",
            Step::Signature => "signature",
            Step::Threshold => "threshold",
            Step::Statement => "statement",
            Step::Sbom => "sbom",
            Step::Subject => "subject",
            Step::UpstreamEvidence => "upstream-evidence",
            Step::Provenance => "provenance",
            Step::Policy => "policy",
            Step::Issuer => "issuer",
            Step::Certificate => "certificate",
            Step::RevocationFreshness => "revocation-freshness",
            Step::Evidence => "evidence",
            Step::Artefacts => "artefacts",
            Step::OwnPolicy => "own-policy",
            Step::Transparency => "transparency",
        }
    }
}

/// One named check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// A stable, short name (`signature`, `threshold`, `subject`…).
    pub check: String,
    /// The step it belongs to.
    pub step: Step,
    /// What happened.
    pub outcome: Outcome,
    /// Why, in words a person can act on: the reason's sentence when there
    /// is one.
    pub detail: String,
    /// Why it failed or warned, typed; `None` for a pass or a skip.
    /// Serialised as its [`Code`], `null` when there is none.
    #[serde(rename = "code", serialize_with = "code_of")]
    pub reason: Option<Reason>,
}

fn code_of<S: Serializer>(reason: &Option<Reason>, s: S) -> Result<S::Ok, S::Error> {
    match reason {
        Some(r) => r.code().serialize(s),
        None => s.serialize_none(),
    }
}

impl Check {
    /// The code of its reason, if it failed or warned.
    pub fn code(&self) -> Option<Code> {
        self.reason.as_ref().map(Reason::code)
    }
}

/// An ordered list of checks about one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The document the checks are about (file name as given).
    pub document: String,
    /// Every check in the order it ran.
    pub checks: Vec<Check>,
}

impl Report {
    /// An empty report about `document`.
    pub fn new(document: impl Into<String>) -> Self {
        Report { document: document.into(), checks: Vec::new() }
    }

    /// Records a passed check.
    pub fn pass(&mut self, step: Step, check: impl Into<String>, detail: impl Into<String>) {
        self.checks.push(Check {
            check: check.into(),
            step,
            outcome: Outcome::Pass,
            detail: detail.into(),
            reason: None,
        });
    }

    /// Records a check that did not apply or was not asked for.
    pub fn skip(&mut self, step: Step, check: impl Into<String>, detail: impl Into<String>) {
        self.checks.push(Check {
            check: check.into(),
            step,
            outcome: Outcome::Skip,
            detail: detail.into(),
            reason: None,
        });
    }

    /// Records a failed check.
    pub fn fail(&mut self, step: Step, check: impl Into<String>, reason: Reason) {
        self.found(step, check, Outcome::Fail, reason);
    }

    /// Records a warning.
    pub fn warn(&mut self, step: Step, check: impl Into<String>, reason: Reason) {
        self.found(step, check, Outcome::Warn, reason);
    }

    /// Records a failure or a warning (`outcome`), as the caller decides.
    pub fn found(&mut self, step: Step, check: impl Into<String>, outcome: Outcome, reason: Reason) {
        self.checks.push(Check {
            check: check.into(),
            step,
            outcome,
            detail: reason.to_string(),
            reason: Some(reason),
        });
    }

    /// Appends every check of `from`, each named `SECTION: NAME`.
    pub fn merge(&mut self, section: &str, from: &Report) {
        self.checks.extend(from.checks.iter().map(|c| Check { check: format!("{section}: {}", c.check), ..c.clone() }));
    }

    /// Whether no check failed. An empty report has not verified anything
    /// and does not pass.
    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.outcome != Outcome::Fail)
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.outcome == Outcome::Fail)
    }

    /// The codes of the failed checks, in order (what a test or a script
    /// asks first).
    pub fn failure_codes(&self) -> Vec<Code> {
        self.failures().filter_map(Check::code).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_report_does_not_pass_and_any_failure_fails() {
        let mut r = Report::new("x");
        assert!(!r.passed());
        r.pass(Step::Threshold, "a", "ok");
        r.warn(Step::Signature, "b", Reason::NoSupplierKey);
        assert!(r.passed());
        r.fail(Step::Threshold, "c", Reason::BelowThreshold { signed: 0, required: 1 });
        assert!(!r.passed());
        assert_eq!(r.failures().count(), 1);
        assert_eq!(r.failure_codes(), vec![Code::BelowThreshold]);
    }

    #[test]
    fn a_check_serialises_its_step_and_its_reason_as_a_code_beside_the_detail() {
        let mut r = Report::new("x");
        r.pass(Step::Threshold, "threshold", "1 distinct trusted key(s) signed; 1 required");
        r.fail(Step::Threshold, "threshold", Reason::BelowThreshold { signed: 0, required: 1 });
        let v = serde_json::to_value(&r.checks).unwrap_or_default();
        assert_eq!(v[0]["step"], "threshold");
        assert!(v[0]["code"].is_null(), "{v}");
        assert_eq!(v[1]["code"], "below-threshold");
        assert_eq!(v[1]["detail"], "below threshold: 0 distinct trusted key(s) signed; 1 required");
    }

    #[test]
    fn merged_checks_keep_their_step_and_reason_under_a_prefixed_name() {
        let mut inner = Report::new("a");
        inner.fail(Step::Lists, "expiry x", Reason::NoSupplierKey);
        let mut outer = Report::new("b");
        outer.merge("lists", &inner);
        assert_eq!(outer.checks[0].check, "lists: expiry x");
        assert_eq!(outer.checks[0].step, Step::Lists);
        assert_eq!(outer.checks[0].code(), Some(Code::UntrustedSigner));
    }

    #[test]
    fn steps_serialise_as_their_stable_names() {
        for s in Step::ALL {
            assert_eq!(serde_json::to_value(s).unwrap_or_default(), s.as_str());
        }
    }
}
