//! attest-core: the model, formats, cryptography and verification logic of
//! attest, a toolkit for signed, verifiable supply-chain attestations.
//!
//! The library never prints and never exits: every operation returns a typed
//! [`Error`] when it cannot judge, and a [`report::Report`] naming every check
//! and its outcome when it can. The `attest` binary is a thin layer over it.
//!
//! # The surface
//! Each public module is one concept, and what it offers is re-exported at
//! its top: a module's own submodules are private, except where a namespace
//! keeps generic names apart (`trust::edit::init` and `tlog::log::init`).
//! What only the crate itself needs (path globs, ignore files, installed
//! package metadata) is not public at all.
//!
//! | for | modules |
//! |---|---|
//! | the vendor's SBOM and attestation | [`sbom`], [`scan`], [`lockfile`], [`cyclonedx`], [`profile`], [`purl`], [`version`], [`statement`], [`attestation`], [`dsse`] |
//! | the security team's trust lists | [`trust`] |
//! | the regulator's verdict and certificate | [`provenance`], [`policy`], [`evaluate`], [`certificate`], [`certify`], [`bundle`], [`tlog`], [`report`] |
//! | what all of them stand on | [`digest`], [`keys`], [`signer`], [`pkcs11`], [`json`], [`jsontree`], [`kind`], [`limits`], [`timestamp`], [`fsio`], [`error`] |
//!
//! The formats and procedures are specified in the repository's `docs/`
//! (`formats.md`, `transparency.md`, `threat-model.md`).

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
mod glob;
mod ignore_rules;
mod installed;
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
