//! One module per command group. Each takes its flags from `args`, its
//! documents from `inputs` and prints through `output`; none imports
//! another.

pub mod certify;
pub mod demo;
pub mod docs;
pub mod key;
pub mod log;
pub mod sbom;
pub mod sign;
pub mod trust;
pub mod verify;
