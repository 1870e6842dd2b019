//! Trust lists: drafts, signed lists, and the lists a verifier believes.
//! The library tells a draft from a signed list ([`ListFile`]); this module
//! reads the files and names the command and flag that took them.

use std::path::{Path, PathBuf};

use attest_core::fsio::read_bounded;
use attest_core::kind::Kind;
use attest_core::limits::MAX_TRUST_LIST_BYTES;
use attest_core::trust::StateDir;
use attest_core::trust::believe;
use attest_core::trust::verify::Decision;
use attest_core::trust::{ListFile, SignedList, TrustList};

pub(crate) use attest_core::trust::ANY_LIST;

use super::state_dir;
use crate::Ctx;

/// Reads a draft or a signed list, bounded; a file of another kind than
/// `wanted` (an SBOM, a key) is refused naming both kinds and `taker`, the
/// command and flag that took it.
pub(crate) fn read_list_file(path: &Path, wanted: &'static [Kind], taker: &str) -> anyhow::Result<ListFile> {
    let doc = path.display().to_string();
    let bytes = read_bounded(path, MAX_TRUST_LIST_BYTES, "trust list")?;
    Ok(ListFile::from_json(&bytes, &doc, wanted).map_err(|e| e.taken_by(taker))?)
}

/// Reads a signed list (an envelope) given to `taker`.
pub(crate) fn read_signed(path: &Path, taker: &str) -> anyhow::Result<SignedList> {
    Ok(read_list_file(path, &[Kind::SignedList], taker)?.into_signed(&path.display().to_string())?)
}

/// Reads a draft given to `taker`.
pub(crate) fn read_draft(path: &Path, taker: &str) -> anyhow::Result<TrustList> {
    Ok(read_list_file(path, &[Kind::Draft], taker)?.into_draft(&path.display().to_string())?)
}

/// What a verifier decides its believed lists from: the anchor it chose,
/// the lists offered beside it and the rollback state. Read first, decided
/// last ([`Anchored::believe`] records in the state), so that a bad input
/// read after the lists stops the command before the state changes.
pub(crate) struct Anchored {
    /// The rollback state.
    pub state: StateDir,
    /// `--anchor` (or `--federation`).
    pub anchor: SignedList,
    /// `--trust-list`.
    pub offered: Vec<SignedList>,
}

impl Anchored {
    /// `--anchor` and `--trust-list` of `command`, and the state.
    pub(crate) fn read(ctx: &Ctx, anchor: &Path, trust_lists: &[PathBuf], command: &str) -> anyhow::Result<Self> {
        let state = state_dir(ctx)?;
        let anchor = read_signed(anchor, &format!("{command} --anchor"))?;
        let taker = format!("{command} --trust-list");
        let offered = trust_lists.iter().map(|p| read_signed(p, &taker)).collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Anchored { state, anchor, offered })
    }

    /// One list given to `taker` as an anchor of its own, with nothing
    /// offered beside it (`certify issue --federation`), and the state.
    pub(crate) fn alone(ctx: &Ctx, anchor: &Path, taker: &str) -> anyhow::Result<Self> {
        let state = state_dir(ctx)?;
        Ok(Anchored { state, anchor: read_signed(anchor, taker)?, offered: Vec::new() })
    }

    /// Decides which lists to believe at `--time`: the lists a bundle
    /// `carried` are offered first, then `--trust-list`'s.
    pub(crate) fn believe(self, ctx: &Ctx, carried: impl IntoIterator<Item = SignedList>) -> anyhow::Result<Decision> {
        let offered = carried.into_iter().chain(self.offered);
        Ok(believe(self.anchor, offered, Some(&self.state), ctx.time)?)
    }
}
