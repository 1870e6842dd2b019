//! Issuing and verifying mutual-recognition certificates (docs/formats.md
//! "Certificate", "Bundle" and the offline steps).
//!
//! This module is the *procedure*: how a certificate is issued and how a
//! bundle is verified. [`crate::certificate`] beside it is the *format*:
//! the certificate's fields and how its bytes are read and written.
//!
//! `issue` evaluates exactly as `verify --policy` does and writes nothing
//! unless everything passed. `verify_bundle` runs the seven offline steps,
//! each named in the report, with nothing but the verifier's federation
//! anchor, its state, and what the bundle carries.
//!
//! - `issue`: `certify issue`, from evaluation to the signed bundle;
//! - `verify`: the offline steps of one bundle, in order;
//! - `authority`: step 2, the issuing authority's key and standing;
//! - `steps`: steps 3 (certificate, class), 4 (revocation freshness),
//!   5 (evidence) and 8 (transparency);
//! - `batch`: many bundles at once, and renewals among them.

mod authority;
mod batch;
mod issue;
mod steps;
mod verify;

pub use batch::{BatchRequest, verify_batch};
pub use issue::{IssueRequest, Issued, issue};
pub use verify::{Acceptance, BundleVerdict, EquivalenceUsed, VerifyContext, verify_bundle};
