//! Every input a command reads, in one place: the step from the parsed
//! flags (`args`) to the documents the library works on. Each kind of
//! input is read bounded, checked for its kind (a wrong file is named with
//! the command and flag that took it, docs/cli.md) and parsed the same way
//! whichever command takes it; command modules import only this module,
//! `output` and `args`.

mod documents;
mod keys;
mod lists;
mod subjects;

use std::path::PathBuf;

use attest_core::trust::StateDir;

pub(crate) use documents::{
    read_attestation, read_bundle, read_bundles, read_checkpoint, read_cosignature_lines, read_envelope,
    read_evidence_dir, read_log_entry, read_policy, read_sbom,
};
pub(crate) use keys::{
    any_public_key, load_key, log_key, passphrase, public_key, public_keys, signing_key, verifier_key,
};
pub(crate) use lists::{ANY_LIST, Anchored, read_draft, read_list_file, read_signed};
pub(crate) use subjects::{artefacts, subject_digests};

use crate::Ctx;

/// The state directory's path: `--state`, else the platform default.
pub(crate) fn state_path(ctx: &Ctx) -> anyhow::Result<PathBuf> {
    ctx.state.clone().or_else(StateDir::default_location).ok_or_else(|| {
        attest_core::Error::Usage("no state directory: set --state DIR (HOME and XDG_STATE_HOME are unset)".into())
            .into()
    })
}

/// The rollback state kept for trust lists, under [`state_path`].
pub(crate) fn state_dir(ctx: &Ctx) -> anyhow::Result<StateDir> {
    Ok(StateDir::new(state_path(ctx)?))
}
