//! CycloneDX: reading, validating and writing SBOMs.

pub mod declarations;
pub mod model;
mod validate;

pub use validate::{Problem, Validation, validate};
