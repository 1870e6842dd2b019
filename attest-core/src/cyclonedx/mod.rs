//! CycloneDX: reading, validating and writing SBOMs.

mod validate;

pub use validate::{Problem, Validation, validate};
