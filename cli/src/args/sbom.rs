//! `attest sbom`: generating and checking CycloneDX SBOMs.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::Force;

#[derive(Debug, Subcommand)]
pub(crate) enum SbomCommand {
    /// CycloneDX 1.6 SBOM of the files under each PATH and the dependencies in
    /// each lockfile (lockfiles found under PATH are read too).
    #[command(
        after_help = "Example:\n  attest sbom generate dist/ --name acme-gateway --version 2.4.1 --supplier 'Acme LLP' -o sbom.cdx.json\n  attest sbom generate --lockfile Cargo.lock --name app --version 1.0.0\n  attest sbom generate dist/ --name gw --version 2.4.1 --supplier 'Acme LLP' --creator-email sbom@acme.example --license Apache-2.0 --profile tr-03183-2 -o sbom.cdx.json"
    )]
    Generate(Box<GenerateArgs>),
    /// Check a CycloneDX 1.4–1.6 SBOM (from attest or any other tool) against
    /// a conformance profile: every requirement, per document and per
    /// component (docs/sbom-profiles.md). Exit 1 when one is unmet.
    #[command(
        after_help = "Example:\n  attest sbom check sbom.cdx.json --profile tr-03183-2\n  attest sbom check sbom.cdx.json --profile ntia --profile cra --output json"
    )]
    Check {
        /// The SBOM (`-` for stdin).
        file: PathBuf,
        /// The profile to check (repeatable).
        #[arg(long, value_enum, required = true, value_name = "PROFILE")]
        profile: Vec<ProfileName>,
        /// Show met requirements too, not only the unmet ones.
        #[arg(long)]
        all: bool,
    },
    /// Check a CycloneDX 1.4–1.6 JSON document (from attest or any other tool).
    #[command(after_help = "Example:\n  attest sbom validate sbom.cdx.json --output json")]
    Validate {
        /// The SBOM (`-` for stdin).
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// Directories or files to hash.
    pub paths: Vec<PathBuf>,
    /// A lockfile to read: Cargo.lock, package-lock.json / npm-shrinkwrap.json,
    /// yarn.lock (v1, Berry), pnpm-lock.yaml (v6, v9), requirements.txt,
    /// poetry.lock, uv.lock, Pipfile.lock, go.mod, go.sum, Gemfile.lock,
    /// composer.lock.
    #[arg(long, value_name = "FILE")]
    pub lockfile: Vec<PathBuf>,
    /// Product name.
    #[arg(long)]
    pub name: String,
    /// Product version.
    #[arg(long = "version", value_name = "VERSION")]
    pub product_version: String,
    /// Supplier (organisation) of the product.
    #[arg(long)]
    pub supplier: Option<String>,
    /// Package URL of the product.
    #[arg(long)]
    pub purl: Option<String>,
    /// Hash files with SHA-512 as well as SHA-256.
    #[arg(long)]
    pub sha512: bool,
    /// Follow symlinks that stay inside the scanned root.
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Leave out unreadable files (listed on stderr) instead of failing.
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Neither hash nor read lockfiles from paths under PATH matching GLOB
    /// (repeatable): `node_modules` matches at any depth, `test/packages/*`
    /// from PATH, `**` any folders, `*` and `?` within a name.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read only the lockfiles named with --lockfile, none found under PATH.
    #[arg(long, requires = "lockfile")]
    pub no_discover: bool,
    /// Leave out what the gitignore-style rules in FILE match under each PATH
    /// (repeatable; patterns relative to PATH). Each path left out is reported.
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Vec<PathBuf>,
    /// Leave out what the .gitignore files under PATH match. Not the default:
    /// release folders such as dist/ are usually gitignored themselves.
    #[arg(long)]
    pub respect_gitignore: bool,
    /// List attest's own outputs found under PATH (attestations, bundles,
    /// certificates, SBOMs attest wrote) as files; by default they are left out.
    #[arg(long)]
    pub keep_own_outputs: bool,
    /// Leave out packages the lockfiles mark as development/test-only (dev)
    /// or optional (optional); by default they are listed with CycloneDX
    /// scope "excluded" or "optional". Repeatable.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub omit: Vec<OmitKind>,
    /// Fill Cargo.lock's crates.io packages (authors, supplier, declared
    /// licence, repository) from their Cargo.toml in Cargo's registry sources,
    /// $CARGO_HOME/registry/src (CARGO_HOME defaults to ~/.cargo); off by
    /// default, as that cache differs from machine to machine.
    #[arg(long)]
    pub cargo_registry: bool,
    /// CycloneDX version to write.
    #[arg(long, value_enum, default_value = "1.6", value_name = "VERSION")]
    pub spec_version: SpecVersionArg,
    /// Fill what the profile asks for (repeatable): SHA-512 of every file as
    /// a distribution reference, each file's name and executable / archive /
    /// structured classification, dependency completeness; then check the
    /// SBOM and note what could not be filled.
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Vec<ProfileName>,
    /// E-mail address of whoever made the product and the SBOM (CycloneDX
    /// 1.6 manufacturer contact).
    #[arg(long, value_name = "EMAIL")]
    pub creator_email: Option<String>,
    /// Web address of whoever made the product and the SBOM.
    #[arg(long, value_name = "URL")]
    pub creator_url: Option<String>,
    /// SPDX licence expression of the product and its own files.
    #[arg(long, value_name = "SPDX-EXPRESSION")]
    pub license: Option<String>,
    /// Where to write the SBOM (`-` for stdout).
    #[arg(short, long, default_value = "-")]
    pub out: PathBuf,
    #[command(flatten)]
    pub force: Force,
}

/// CycloneDX versions `sbom generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SpecVersionArg {
    /// CycloneDX 1.5.
    #[value(name = "1.5")]
    V1_5,
    /// CycloneDX 1.6.
    #[value(name = "1.6")]
    V1_6,
}

/// SBOM conformance profiles (docs/sbom-profiles.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProfileName {
    /// BSI TR-03183-2 v2.1.
    #[value(name = "tr-03183-2")]
    Tr03183_2,
    /// NTIA minimum elements (2021).
    Ntia,
    /// EU Cyber Resilience Act, Annex I Part II.
    Cra,
}

/// What `sbom generate --omit` can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OmitKind {
    /// Development and test dependencies (CycloneDX scope "excluded").
    Dev,
    /// Optional dependencies (CycloneDX scope "optional").
    Optional,
}
