//! Yarn's `yarn.lock`, in both of its formats, told apart by content:
//! [`classic`] (yarn 1) and [`berry`] (yarn 2, 3 and 4).
//!
//! Peer dependencies are not edges: the dependent's own dependency on the
//! peer is. An entry of `dependencies` that resolves to nothing is refused
//! unless `dependenciesMeta` marks it optional. Neither format says which
//! packages are for development only, so none are marked `dev`.

mod berry;
mod classic;

use super::{Manifest, Package};
use crate::error::{Error, Result};

/// The comment that marks the classic format.
pub(super) const CLASSIC_HEADER: &str = "# yarn lockfile v1";

/// Reads a yarn.lock of either format into packages (not yet sorted or
/// merged) and the purls the project depends on directly.
/// `manifest` is the package.json beside the lockfile, when there is one:
/// its `resolutions` say which entry a remapped dependency resolves to, as
/// they tell yarn itself.
pub(super) fn parse(bytes: &[u8], doc: &str, manifest: Option<Manifest<'_>>) -> Result<(Vec<Package>, Vec<String>)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::malformed(doc, format!("not UTF-8: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut preamble = text.lines().take_while(|l| l.trim().is_empty() || l.starts_with('#'));
    if preamble.any(|l| l.trim_end() == CLASSIC_HEADER) {
        classic::parse(text, doc)
    } else {
        let resolutions = manifest.map(berry::resolutions).transpose()?.unwrap_or_default();
        berry::parse(text, doc, &resolutions)
    }
}

/// `NAME@RANGE` (or a locator `NAME@REFERENCE`) → (NAME, RANGE): the first
/// `@` that does not begin a scope separates them.
pub(super) fn split_descriptor(descriptor: &str) -> Option<(&str, &str)> {
    let at = descriptor.get(1..)?.find('@')? + 1;
    Some((descriptor.get(..at)?, descriptor.get(at + 1..)?))
}

#[cfg(test)]
mod tests;
