//! Bundler's `Gemfile.lock`.
//!
//! Sections start at column 0. Source sections (`GEM`, `GIT`, `PATH`) carry
//! `remote:` (and for git `revision:`) at two spaces, then `specs:` with one
//! gem per line at four spaces, `NAME (VERSION[-PLATFORM])`, and that gem's
//! dependencies at six, `NAME[ (REQUIREMENTS)]`. `DEPENDENCIES` lists what
//! the Gemfile asks for (`NAME!` when it comes from a git or path source);
//! `CHECKSUMS` (Bundler 2.5+) gives `NAME (VERSION[-PLATFORM]) sha256=HEX`.
//! Other sections (`PLATFORMS`, `RUBY VERSION`, `BUNDLED WITH`, ...) say
//! nothing about components and are skipped.
//!
//! `PATH` gems are the project's own, like Cargo's workspace members: they
//! are not listed, and their dependencies are the product's. A dependency
//! that names no locked gem is left out rather than refused: Bundler locks
//! only the gems for the lock's platforms (a Windows-only `tzinfo-data` stays
//! in DEPENDENCIES without a spec), and gems may depend on `bundler` itself,
//! which is never a spec.

use std::collections::BTreeMap;

use super::{Package, PackageHash, vcs_url};
use crate::digest::Sha256Digest;
use crate::error::{Error, Result};

/// rubygems.org as Bundler writes it in `remote:`; gems from it need no
/// `repository_url` qualifier.
const RUBYGEMS: [&str; 2] = ["https://rubygems.org/", "https://rubygems.org"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Gem,
    Git,
    Path,
}

/// One `GEM`, `GIT` or `PATH` section.
struct Source {
    kind: SourceKind,
    remotes: Vec<String>,
    revision: Option<String>,
}

/// One gem under `specs:`.
struct Spec {
    source: usize,
    name: String,
    /// As written, with any `-PLATFORM` suffix: how CHECKSUMS names it.
    full_version: String,
    line: usize,
    dependencies: Vec<String>,
}

#[derive(Clone, Copy)]
enum Section {
    Source(usize),
    Dependencies,
    Checksums,
    Other,
}

/// Reads a Gemfile.lock into gems (not yet sorted or merged) and the purls
/// the Gemfile depends on directly.
pub(super) fn parse(bytes: &[u8], doc: &str) -> Result<(Vec<Package>, Vec<String>)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::malformed(doc, format!("not UTF-8: {e}")))?;
    let mut sources: Vec<Source> = Vec::new();
    let mut specs: Vec<Spec> = Vec::new();
    let mut wanted: Vec<String> = Vec::new();
    let mut checksums: BTreeMap<(String, String), Sha256Digest> = BTreeMap::new();
    let mut section = Section::Other;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let fail = |reason: String| Error::malformed_at_line(doc, number, reason);
        if line.trim().is_empty() {
            continue;
        }
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if indent == 0 {
            let kind = match content {
                "GEM" => Some(SourceKind::Gem),
                "GIT" => Some(SourceKind::Git),
                "PATH" => Some(SourceKind::Path),
                _ => None,
            };
            section = match (kind, content) {
                (Some(kind), _) => {
                    sources.push(Source { kind, remotes: Vec::new(), revision: None });
                    Section::Source(sources.len() - 1)
                }
                (None, "DEPENDENCIES") => Section::Dependencies,
                (None, "CHECKSUMS") => Section::Checksums,
                (None, _) => Section::Other,
            };
            continue;
        }
        match (section, indent) {
            (Section::Source(source), 2) => {
                if content == "specs:" {
                    continue;
                }
                let (key, value) =
                    content.split_once(": ").ok_or_else(|| fail(format!("\"{content}\" is not KEY: VALUE")))?;
                if let Some(s) = sources.get_mut(source) {
                    match key {
                        "remote" => s.remotes.push(value.to_owned()),
                        "revision" => s.revision = Some(value.to_owned()),
                        _ => {}
                    }
                }
            }
            (Section::Source(source), 4) => {
                let (name, version) = name_version(content).map_err(fail)?;
                let dependencies = Vec::new();
                specs.push(Spec {
                    source,
                    name: name.into(),
                    full_version: version.into(),
                    line: number,
                    dependencies,
                });
            }
            (Section::Source(_), 6) => {
                let spec = specs.last_mut().ok_or_else(|| fail("a dependency before any gem".to_owned()))?;
                spec.dependencies.push(dependency_name(content).to_owned());
            }
            (Section::Dependencies, 2) => wanted.push(dependency_name(content).trim_end_matches('!').to_owned()),
            (Section::Checksums, 2) => {
                let end = content.find(')').map_or(content.len(), |i| i + 1);
                let (head, sums) = content.split_at_checked(end).unwrap_or((content, ""));
                let (name, version) = name_version(head).map_err(&fail)?;
                for sum in sums.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let Some(hex) = sum.strip_prefix("sha256=") else { continue };
                    let digest = Sha256Digest::from_hex(hex)
                        .map_err(|e| fail(format!("checksum of {name} ({version}): {e}")))?;
                    match checksums.insert((name.to_owned(), version.to_owned()), digest) {
                        Some(old) if old != digest => {
                            return Err(fail(format!("a second, different checksum for {name} ({version})")));
                        }
                        _ => {}
                    }
                }
            }
            (Section::Source(_) | Section::Dependencies | Section::Checksums, _) => {
                return Err(fail(format!("unexpected indentation of {indent} spaces")));
            }
            (Section::Other, _) => {}
        }
    }
    let purls = specs
        .iter()
        .map(|s| {
            spec_purl(s, sources.get(s.source))
                .map_err(|r| Error::malformed_at_line(doc, s.line, format!("gem {} ({}): {r}", s.name, s.full_version)))
        })
        .collect::<Result<Vec<_>>>()?;
    let is_path = |s: &Spec| sources.get(s.source).is_some_and(|src| src.kind == SourceKind::Path);
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (spec, purl) in specs.iter().zip(&purls) {
        by_name.entry(spec.name.as_str()).or_default().push(purl);
    }
    let resolve = |names: &[String]| -> Vec<String> {
        names.iter().flat_map(|n| by_name.get(n.as_str()).cloned().unwrap_or_default()).map(str::to_owned).collect()
    };
    let root = resolve(&wanted);
    let mut packages = Vec::new();
    for (spec, purl) in specs.iter().zip(&purls) {
        let checksum = checksums.get(&(spec.name.clone(), spec.full_version.clone()));
        let version = split_platform(&spec.full_version).0.to_owned();
        let hashes = checksum.map(|d| PackageHash::Sha256(*d)).into_iter().collect();
        packages.push(Package {
            dependencies: resolve(&spec.dependencies),
            // A PATH gem is a folder of the project's own tree.
            first_party: is_path(spec),
            ..Package::new(spec.name.clone(), version, purl.clone(), hashes)
        });
    }
    Ok((packages, root))
}

/// `NAME (VERSION)` → (NAME, VERSION).
fn name_version(content: &str) -> std::result::Result<(&str, &str), String> {
    let parsed = content.split_once(" (").and_then(|(name, rest)| Some((name, rest.strip_suffix(')')?)));
    match parsed {
        Some((name, version)) if !name.is_empty() && !name.contains(' ') && !version.is_empty() => Ok((name, version)),
        _ => Err(format!("\"{content}\" is not NAME (VERSION)")),
    }
}

/// The gem a dependency line names, without its requirements.
fn dependency_name(content: &str) -> &str {
    content.split_once(' ').map_or(content, |(name, _)| name)
}

/// Bundler writes a platform-specific gem as `VERSION-PLATFORM`; gem
/// versions themselves never contain `-`, so the first one separates them.
fn split_platform(full: &str) -> (&str, Option<&str>) {
    match full.split_once('-') {
        Some((version, platform)) => (version, Some(platform)),
        None => (full, None),
    }
}

/// `pkg:gem/NAME@VERSION`, qualified with `platform` for a platform build,
/// `repository_url` for a gem server other than rubygems.org, `vcs_url` for
/// a git source.
fn spec_purl(spec: &Spec, source: Option<&Source>) -> std::result::Result<String, String> {
    let (version, platform) = split_platform(&spec.full_version);
    let mut qualifiers: Vec<(&str, String)> = Vec::new();
    if let Some(platform) = platform {
        qualifiers.push(("platform", platform.to_owned()));
    }
    match source {
        Some(Source { kind: SourceKind::Gem, remotes, .. }) => {
            // With several remotes in one section the lock does not say
            // which served the gem, so no repository is claimed.
            if let [remote] = remotes.as_slice()
                && !RUBYGEMS.contains(&remote.as_str())
            {
                qualifiers.push(("repository_url", remote.clone()));
            }
        }
        Some(Source { kind: SourceKind::Git, remotes, revision }) => {
            let remote = remotes.first().ok_or("the GIT source has no remote")?;
            let revision = revision.as_deref().ok_or("the GIT source has no revision")?;
            let url = if remote.starts_with("git+") { remote.clone() } else { format!("git+{remote}") };
            qualifiers.push(("vcs_url", vcs_url(&format!("{url}#{revision}"))));
        }
        Some(Source { kind: SourceKind::Path, .. }) | None => {}
    }
    let build = || -> packageurl::Result<String> {
        let mut purl = packageurl::PackageUrl::new("gem", spec.name.as_str())?;
        purl.with_version(version)?;
        for (key, value) in &qualifiers {
            purl.add_qualifier(*key, value.as_str())?;
        }
        Ok(purl.to_string())
    };
    build().map_err(|e| format!("cannot form a package URL: {e}"))
}

#[cfg(test)]
mod tests {
    use crate::lockfile::{Lockfile, LockfileKind, PackageHash};

    fn read(rel: &str) -> Lockfile {
        crate::lockfile::test_rows::fixture(LockfileKind::Gemfile, rel)
    }

    fn err(text: &str) -> String {
        crate::lockfile::test_rows::error(LockfileKind::Gemfile, text)
    }

    const RACK_ATTACK: &str = "pkg:gem/rack-attack@6.7.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Frack%2Frack-attack.git%404fc4d79c9d2697ec8b4ed3e6b7c8d3c5c1a2b3d4";

    #[test]
    fn reads_gem_git_and_path_sources_platforms_and_checksums() {
        let lock = read("gemfile/Gemfile.lock");
        assert_eq!(lock.kind, LockfileKind::Gemfile);
        // billing is the PATH gem: a first-party component the product
        // depends on (DEPENDENCIES `billing!`), with its own dependencies;
        // tzinfo-data has no spec and is left out.
        assert_eq!(
            lock.root_dependencies,
            ["pkg:gem/billing@0.3.0", RACK_ATTACK, "pkg:gem/rake@13.1.0", "pkg:gem/rspec-core@3.12.2"]
        );
        assert!(lock.packages.iter().all(|p| p.first_party == (p.name == "billing")));
        let rows: Vec<(&str, &str, String, Vec<&str>)> = lock
            .packages
            .iter()
            .map(|p| {
                let hash = match p.hashes.as_slice() {
                    [PackageHash::Sha256(d)] => d.to_hex(),
                    [] => String::new(),
                    other => panic!("unexpected hashes {other:?}"),
                };
                assert!(!p.dev && p.properties.is_empty());
                (p.purl.as_str(), p.version.as_str(), hash, p.dependencies.iter().map(String::as_str).collect())
            })
            .collect();
        let h = |s: &str| s.to_owned();
        assert_eq!(
            rows,
            [
                (
                    "pkg:gem/billing@0.3.0",
                    "0.3.0",
                    String::new(),
                    vec![
                        "pkg:gem/nokogiri@1.15.4",
                        "pkg:gem/nokogiri@1.15.4?platform=x86_64-linux",
                        "pkg:gem/rack@3.0.8"
                    ]
                ),
                (
                    "pkg:gem/mini_portile2@2.8.5",
                    "2.8.5",
                    h("7a37db8ae758086c3c3ac3a59c036704d331e965d5e106635e4a42d6e66089ce"),
                    vec![]
                ),
                (
                    "pkg:gem/nokogiri@1.15.4",
                    "1.15.4",
                    h("e4a801e5ef643cc0036f0a7e93433d18818b31d48c9c287596b68e92c0173c4d"),
                    vec!["pkg:gem/mini_portile2@2.8.5", "pkg:gem/racc@1.7.3"]
                ),
                (
                    "pkg:gem/nokogiri@1.15.4?platform=x86_64-linux",
                    "1.15.4",
                    h("f0ea2b4f8e4d3a4c5f5f8b8b9e3e0d1a8c8e5a4b0b6d8f0e2c7a1b3d5e7f9a1c"),
                    vec!["pkg:gem/racc@1.7.3"]
                ),
                (
                    "pkg:gem/racc@1.7.3",
                    "1.7.3",
                    h("b785ab8a30ec43bce073c51dbbe791fd27000f68d1c996c95da98bf685316905"),
                    vec![]
                ),
                (RACK_ATTACK, "6.7.0", String::new(), vec!["pkg:gem/rack@3.0.8"]),
                (
                    "pkg:gem/rack@3.0.8",
                    "3.0.8",
                    h("e88a7b6a1f6d4b6a0c5c7d9b2a8e4f1c3b5d7e9f0a2c4e6b8d0f1a3c5e7b9d2f"),
                    vec![]
                ),
                (
                    "pkg:gem/rake@13.1.0",
                    "13.1.0",
                    h("be6a3e1aa7f66e6c65fa57555234eb6ce4cf4a4ff87f2cebd5fd8f1b3fe7a4c6"),
                    vec![]
                ),
                (
                    "pkg:gem/rspec-core@3.12.2",
                    "3.12.2",
                    h("155b54480f28e2b2813185077fe435c2d663031616360ed3b179a9d6a55d2551"),
                    vec!["pkg:gem/rspec-support@3.12.1"]
                ),
                (
                    "pkg:gem/rspec-support@3.12.1",
                    "3.12.1",
                    h("f969b85d89aa8e6fdc7fa00bbf5a1cd8e50c5c2f71d88c9cf0a0c7a5a94f8a2e"),
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn other_gem_servers_are_qualified() {
        let text =
            "GEM\n  remote: https://gems.example.com/\n  specs:\n    acme-auth (1.2.0)\n\nDEPENDENCIES\n  acme-auth\n";
        let lock = crate::lockfile::parse(LockfileKind::Gemfile, text.as_bytes(), "Gemfile.lock").unwrap();
        assert_eq!(lock.root_dependencies, ["pkg:gem/acme-auth@1.2.0?repository_url=https:%2F%2Fgems.example.com%2F"]);
    }

    #[test]
    fn malformed_lines_are_refused_with_their_line() {
        let head = "GEM\n  remote: https://rubygems.org/\n  specs:\n";
        assert_eq!(
            err(&format!("{head}    rack 3.0.8\n")),
            "Gemfile.lock: malformed: line 4: \"rack 3.0.8\" is not NAME (VERSION)"
        );
        assert_eq!(
            err(&format!("{head}    rack (3.0.8)\n\nCHECKSUMS\n  rack (3.0.8) sha256=e88a\n")),
            "Gemfile.lock: malformed: line 7: checksum of rack (3.0.8): sha256 digest must be 64 hex digits, found 4"
        );
        assert_eq!(
            err(&format!("{head}     rack (3.0.8)\n")),
            "Gemfile.lock: malformed: line 4: unexpected indentation of 5 spaces"
        );
        assert_eq!(
            err("GIT\n  remote: https://github.com/o/r.git\n  specs:\n    r (1.0)\n"),
            "Gemfile.lock: malformed: line 4: gem r (1.0): the GIT source has no revision"
        );
    }
}
