//! CycloneDX: reading, validating and writing SBOMs.

pub mod model;
mod validate;

pub use validate::{Problem, Validation, validate};
