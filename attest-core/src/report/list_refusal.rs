//! Why a newer version of a trust list may not follow the trusted one: the
//! refusals of the chain rules (docs/formats.md "Trust list", "Rotation").

/// Why a newer version of a trust list does not follow the trusted one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListRefusal {
    /// Governance changed across a gap, or with no trusted version to chain
    /// from.
    RotationNotShown {
        /// The trusted sequence.
        trusted: u64,
        /// The offered sequence.
        sequence: u64,
        /// Signatures of the trusted governance it carries.
        carried: usize,
        /// The trusted governance's threshold.
        required: usize,
    },
    /// `previous` does not name the trusted version.
    ChainBroken {
        /// The offered sequence.
        sequence: u64,
        /// The trusted sequence.
        trusted: u64,
    },
    /// Too few signatures of the trusted governance.
    BelowThreshold {
        /// Distinct unrevoked signers.
        signed: usize,
        /// The threshold.
        required: usize,
        /// Whether governance changed (a rotation).
        rotation: bool,
    },
    /// A rotation with too few signatures of the new governance.
    NewGovernanceBelowThreshold {
        /// Distinct signers.
        signed: usize,
        /// The new threshold.
        required: usize,
    },
    /// A governance's keys cannot be read.
    MalformedGovernance(String),
}
