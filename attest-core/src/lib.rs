//! attest-core: the model, formats, cryptography and verification logic of
//! attest, a toolkit for signed, verifiable supply-chain attestations.
//!
//! The library never prints and never exits: every operation returns a typed
//! [`Error`] when it cannot judge, and a [`report::Report`] naming every check
//! and its outcome when it can. The `attest` binary is a thin layer over it.

#![warn(unreachable_pub)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod attestation;
pub mod bundle;
pub mod certificate;
pub mod certify;
pub mod cyclonedx;
pub mod digest;
pub mod dsse;
pub mod error;
pub mod evaluate;
pub mod fsio;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod glob;
pub mod ignore_rules;
pub mod installed;
pub mod json;
pub mod jsontree;
pub mod keys;
pub mod kind;
pub mod limits;
pub mod lockfile;
pub mod pkcs11;
pub mod policy;
pub mod profile;
pub mod provenance;
pub mod purl;
pub mod report;
pub mod sbom;
pub mod scan;
pub mod signer;
pub mod statement;
#[cfg(any(test, feature = "testkit"))]
#[doc(hidden)]
pub mod testkit;
pub mod timestamp;
pub mod tlog;
pub mod trust;
pub mod version;

pub use error::{Error, Result};
