//! `trust add --kind component --from-sbom SBOM`: the scopes that approve
//! exactly the components an SBOM lists.
//!
//! A list's governors who have reviewed a release's dependencies approve
//! what they reviewed, no more: each package at the exact versions the SBOM
//! names (never a range), its SHA-256 digests pinned where the SBOM carries
//! them, so a component of the same version but other content is blocked
//! (docs/formats.md "Provenance decision"). The project's own packages
//! (`attest:first-party`) and files are not components a supplier is
//! approved for, so they are left out, and counted.

use std::collections::BTreeMap;

use crate::digest::{DigestSet, Sha256Digest};
use crate::jsontree::Json;
use crate::provenance::{Component, component_objects};
use crate::trust::Scope;
use crate::trust::TrustListError;

/// The scopes, and what was left out of them.
#[derive(Debug, Default)]
pub struct FromSbom {
    /// One scope per package version (`pkg:type/namespace/name`,
    /// qualifiers dropped), the version as `exact` and every SHA-256 value
    /// the SBOM gives it as a pinned digest; sorted by purl and version.
    pub scopes: Vec<Scope>,
    /// Of the scopes, those with at least one digest pinned.
    pub pinned: usize,
    /// Components marked first-party, left out.
    pub first_party: usize,
    /// Components without a purl or without a version (files among
    /// them), left out: there is nothing exact to approve.
    pub unnamed: usize,
}

/// Reads the components of `sbom` (already parsed, of kind SBOM) into
/// scopes. `Err` names the component that is malformed.
pub fn scopes(sbom: &Json<'_>) -> Result<FromSbom, TrustListError> {
    read_scopes(sbom).map_err(TrustListError::from)
}

fn read_scopes(sbom: &Json<'_>) -> Result<FromSbom, String> {
    let mut out = FromSbom::default();
    // package → version → SHA-256 values
    let mut by_package: BTreeMap<String, BTreeMap<String, Vec<Sha256Digest>>> = BTreeMap::new();
    for (path, obj) in component_objects(sbom)? {
        let c = Component::read(&path, obj)?;
        if c.first_party {
            out.first_party += 1;
            continue;
        }
        let (Some(purl), Some(version)) = (&c.purl, &c.version) else {
            out.unnamed += 1;
            continue;
        };
        let digests = by_package.entry(purl.package().to_string()).or_default().entry(version.clone()).or_default();
        for d in c.hashes.sha256.iter() {
            if !digests.contains(d) {
                digests.push(*d);
            }
        }
    }
    // One scope per version: a pin names the files of that version only.
    for (purl, versions) in by_package {
        for (version, hashes) in versions {
            out.pinned += usize::from(!hashes.is_empty());
            let digests: Vec<DigestSet> = hashes.into_iter().map(DigestSet::sha256).collect();
            out.scopes.push(Scope {
                exact: Some(vec![version]),
                digests: (!digests.is_empty()).then_some(digests),
                ..Scope::new(purl.clone(), None)
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approves_exact_versions_pins_digests_and_leaves_out_the_projects_own() {
        let h = "a".repeat(64);
        let text = format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"1.5","components":[
            {{"type":"library","name":"serde","version":"1.0.200","purl":"pkg:cargo/serde@1.0.200","hashes":[{{"alg":"SHA-256","content":"{h}"}}]}},
            {{"type":"library","name":"serde","version":"1.0.201","purl":"pkg:cargo/serde@1.0.201"}},
            {{"type":"library","name":"mine","version":"0.1.0","purl":"pkg:cargo/mine@0.1.0","properties":[{{"name":"attest:first-party","value":"true"}}]}},
            {{"type":"file","name":"bin/app"}}]}}"#
        );
        let json = crate::jsontree::parse(text.as_bytes(), "sbom").unwrap();
        let got = scopes(&json).unwrap();
        assert_eq!((got.scopes.len(), got.pinned, got.first_party, got.unnamed), (2, 1, 1, 1));
        assert_eq!(got.scopes.len(), 2);
        let scope = &got.scopes[0];
        assert_eq!(scope.purl, "pkg:cargo/serde");
        assert_eq!(scope.versions, None);
        assert_eq!(scope.exact.as_deref(), Some(&["1.0.200".to_owned()][..]));
        assert_eq!(got.scopes[1].exact.as_deref(), Some(&["1.0.201".to_owned()][..]));
        assert_eq!(got.scopes[1].digests, None, "no hash in the SBOM, no pin");
        let pinned: Vec<String> = scope.digests.iter().flatten().map(|d| d.sha256.to_hex()).collect();
        assert_eq!(pinned, [h]);
    }
}
