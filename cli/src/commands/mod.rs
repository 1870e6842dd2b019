//! One module per command group. Each takes its flags from `args`, its
//! documents from `inputs` and prints through `output`; none imports
//! another.

pub(crate) mod certify;
pub(crate) mod demo;
pub(crate) mod docs;
pub(crate) mod key;
pub(crate) mod log;
pub(crate) mod sbom;
pub(crate) mod sign;
pub(crate) mod trust;
pub(crate) mod verify;
