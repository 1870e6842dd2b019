//! CycloneDX: reading, validating and writing SBOMs.

pub mod declarations;
mod validate;

pub use validate::{Problem, Validation, validate};
