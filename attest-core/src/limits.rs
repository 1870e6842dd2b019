//! Size and shape limits for everything attest reads (docs/threat-model.md T16).
//!
//! Each limit is a named constant so that it is documented in one place and
//! can be raised deliberately (the CLI exposes overrides where a user could
//! legitimately need more) rather than by accident.

/// Largest CycloneDX SBOM read on its own: 64 MiB.
pub const MAX_SBOM_BYTES: u64 = 64 << 20;
/// Largest envelope or bundle that carries an SBOM: 96 MiB (base64 grows the
/// SBOM by a third).
pub const MAX_ENVELOPE_BYTES: u64 = 96 << 20;
/// Largest signed trust list (and state record, which holds one): 64 MiB.
/// A list of 100,000 entries (the scale docs/performance.md asks for) takes about
/// 24 MiB as a signed envelope.
pub const MAX_TRUST_LIST_BYTES: u64 = 64 << 20;
/// Largest document of any other kind (policies, lockfiles): 16 MiB.
pub const MAX_DOCUMENT_BYTES: u64 = 16 << 20;
/// Deepest nesting of JSON arrays and objects accepted.
pub const MAX_JSON_DEPTH: usize = 128;
/// Most signatures read from one envelope: more is an attack on verification
/// time, not a real co-signing ceremony.
pub const MAX_SIGNATURES: usize = 256;
/// Most subjects in one in-toto Statement.
pub const MAX_SUBJECTS: usize = 100_000;
/// Largest key file (PEM) read: real keys are a few hundred bytes.
pub const MAX_KEY_BYTES: u64 = 64 << 10;
/// Most components (nested included) judged in one SBOM.
pub const MAX_COMPONENTS: usize = 1_000_000;
/// Most entries in one trust list.
pub const MAX_ENTRIES: usize = 1_000_000;

/// The size limits a caller may raise (`--max-sbom-mib`): an SBOM larger
/// than 64 MiB is rare but real (container images with every file listed).
/// The nesting depth and counts stay fixed: they bound work, not data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest SBOM.
    pub sbom_bytes: u64,
    /// Largest envelope or bundle carrying an SBOM.
    pub envelope_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { sbom_bytes: MAX_SBOM_BYTES, envelope_bytes: MAX_ENVELOPE_BYTES }
    }
}

impl Limits {
    /// Limits for SBOMs of up to `mib` MiB; envelopes get room for base64
    /// (a third more) plus the rest of a bundle. Never below the defaults.
    pub fn with_sbom_mib(mib: u64) -> Self {
        let sbom = mib.saturating_mul(1 << 20).max(MAX_SBOM_BYTES);
        Limits { sbom_bytes: sbom, envelope_bytes: (sbom / 2).saturating_mul(3).max(MAX_ENVELOPE_BYTES) }
    }
}
