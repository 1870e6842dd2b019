//! Subjects: the released artefacts named on the command line, hashed.

use std::path::{Component, Path, PathBuf};

use attest_core::Error;
use attest_core::attestation::Artefact;
use attest_core::digest::{DigestSet, Sha256Digest, hash_file};
use attest_core::statement::Subject;

/// The subject name of a file given on the command line: the relative path
/// as written, or only the file name when the path is absolute or climbs
/// out with `..` (documents must not reveal the signing machine's layout).
fn subject_name(path: &Path) -> String {
    let clean: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let portable = path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if portable && !clean.is_empty() {
        clean.join("/")
    } else {
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

/// The `--subject` files a verifier checks against the subjects, hashed.
pub(crate) fn artefacts(paths: &[PathBuf]) -> anyhow::Result<Vec<Artefact>> {
    paths.iter().map(|p| Ok(Artefact { name: subject_name(p), digests: hash_file(p, false)?.digest_set() })).collect()
}

/// The subjects a signer names: `--subject` files, hashed, then
/// `--subject-digest NAME=sha256:HEX` for artefacts not on disk.
pub(crate) fn subject_digests(files: &[PathBuf], digests: &[String]) -> anyhow::Result<Vec<Subject>> {
    let mut subjects = Vec::new();
    for p in files {
        let h = hash_file(p, false)?;
        subjects.push(Subject { name: subject_name(p), digest: DigestSet::sha256(h.sha256) });
    }
    for s in digests {
        let (name, digest) = s
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--subject-digest {s:?}: expected NAME=sha256:HEX")))?;
        let d =
            Sha256Digest::from_prefixed(digest).map_err(|e| Error::Usage(format!("--subject-digest {name}: {e}")))?;
        subjects.push(Subject { name: name.to_owned(), digest: DigestSet::sha256(d) });
    }
    Ok(subjects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_names_never_reveal_absolute_paths() {
        assert_eq!(subject_name(Path::new("./dist/app.tar.gz")), "dist/app.tar.gz");
        assert_eq!(subject_name(Path::new("/home/ci/dist/app.tar.gz")), "app.tar.gz");
        assert_eq!(subject_name(Path::new("../out/app.tar.gz")), "app.tar.gz");
    }

    #[test]
    fn subject_digests_name_the_flag_at_fault() {
        let err = subject_digests(&[], &["app.tar.gz".into()]).unwrap_err();
        assert!(err.to_string().contains("expected NAME=sha256:HEX"), "{err}");
        let hex = "ab".repeat(32);
        let s = subject_digests(&[], &[format!("app.tar.gz=sha256:{hex}")]).unwrap();
        assert_eq!(s[0].name, "app.tar.gz");
        assert_eq!(s[0].digest.sha256.to_hex(), hex);
    }
}
