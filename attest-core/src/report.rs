//! Verification reports: every check by name, with its outcome and why.
//!
//! A regulator must be able to see *exactly* why something passed or failed,
//! so verification never returns a bare boolean: it returns a [`Report`], and
//! the decision is derived from it (any failed check fails the whole).

use serde::Serialize;

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

/// One named check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// A stable, short name (`signature`, `threshold`, `subject`…).
    pub check: String,
    /// What happened.
    pub outcome: Outcome,
    /// Why, in words a person can act on.
    pub detail: String,
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

    /// Records a check.
    pub fn push(&mut self, check: impl Into<String>, outcome: Outcome, detail: impl Into<String>) {
        self.checks.push(Check { check: check.into(), outcome, detail: detail.into() });
    }

    /// Records a passed check.
    pub fn pass(&mut self, check: impl Into<String>, detail: impl Into<String>) {
        self.push(check, Outcome::Pass, detail);
    }

    /// Records a failed check.
    pub fn fail(&mut self, check: impl Into<String>, detail: impl Into<String>) {
        self.push(check, Outcome::Fail, detail);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_report_does_not_pass_and_any_failure_fails() {
        let mut r = Report::new("x");
        assert!(!r.passed());
        r.pass("a", "ok");
        r.push("b", Outcome::Warn, "hm");
        assert!(r.passed());
        r.fail("c", "bad");
        assert!(!r.passed());
        assert_eq!(r.failures().count(), 1);
    }
}
