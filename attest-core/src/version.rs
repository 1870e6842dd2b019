//! Package versions, compared as each ecosystem compares them
//! (docs/trust-lists.md "Versions", docs/threat-model.md T38).
//!
//! One release has many spellings: pip installs `requests==2.32.03` as
//! 2.32.3, npm reads `v3.3.6` as 3.3.6, and SemVer ignores build metadata
//! (`3.3.6+build1`). Compared as strings, a revocation of one spelling
//! would miss the others. So every version comparison of attest goes
//! through this module (revocations, `exact` pins, `versions` ranges, the
//! product rule, `trust diff`) and the lockfile readers write the normal
//! form [`normal_form`] gives:
//!
//! | purl type | versions | `versions` ranges |
//! | --- | --- | --- |
//! | `pypi` | PEP 440 (`pep440_rs`, as uv reads them) | PEP 440 specifiers (`>=2,<3`, `~=2.1`, `==2.*`) |
//! | `npm` | node-semver (`nodejs-semver`): SemVer 2.0, a leading `v` or `=` dropped | npm ranges (`^1.2`, `1.x \|\| >=3 <4`) |
//! | `cargo` | SemVer 2.0 (`semver`) | Cargo's requirements (`^1`, `>=1.2, <2`) |
//! | `golang` | SemVer 2.0 after the leading `v` (`+incompatible` and pseudo-versions as SemVer reads them) | Cargo's requirements |
//! | any other | the string, exactly | Cargo's requirements, met only by versions that are SemVer 2.0 |
//!
//! Build metadata takes no part in equality or order (SemVer 2.0 §10). A
//! version its ecosystem cannot read is compared as written, so it still
//! meets a revocation spelt the same way.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// How the versions of one purl type are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// PyPI: PEP 440.
    Pep440,
    /// npm: node-semver.
    Npm,
    /// Cargo: SemVer 2.0 with Cargo's requirement syntax.
    Cargo,
    /// Go modules: SemVer 2.0 behind a `v`.
    Go,
    /// Every other type: exact strings.
    Exact,
}

impl Scheme {
    /// The scheme of a purl type (lower-case, as [`crate::purl::Purl`] holds it).
    pub fn of(ty: &str) -> Scheme {
        match ty {
            "pypi" => Scheme::Pep440,
            "npm" => Scheme::Npm,
            "cargo" => Scheme::Cargo,
            "golang" => Scheme::Go,
            _ => Scheme::Exact,
        }
    }

    /// The syntax `versions` ranges of this scheme are written in, for
    /// messages.
    pub fn range_syntax(self) -> &'static str {
        match self {
            Scheme::Pep440 => "a PEP 440 specifier set (>=2,<3, ~=2.1, ==2.*)",
            Scheme::Npm => "an npm range (^1.2, >=1.0.0 <2, 1.x || 3.x)",
            Scheme::Cargo | Scheme::Go | Scheme::Exact => "a Cargo version requirement (^1, >=1.2, <2)",
        }
    }
}

/// A version of one ecosystem, read once and compared by its rules.
#[derive(Clone, Debug)]
pub struct Version(Key);

#[derive(Clone, Debug)]
enum Key {
    Pep440(pep440_rs::Version),
    Npm(nodejs_semver::Version),
    /// Cargo and Go (after the `v`).
    Semver(semver::Version),
    /// A version its ecosystem cannot read, or of a type without rules.
    Text(String),
}

impl Version {
    /// Reads `text` as a version of a package of purl type `ty`. Never
    /// fails: what the ecosystem cannot read is kept as text.
    pub fn parse(ty: &str, text: &str) -> Version {
        let key = match Scheme::of(ty) {
            Scheme::Pep440 => pep440_rs::Version::from_str(text).ok().map(Key::Pep440),
            Scheme::Npm => nodejs_semver::Version::parse(npm_trim(text)).ok().map(Key::Npm),
            Scheme::Cargo => semver::Version::parse(text).ok().map(Key::Semver),
            Scheme::Go => go_semver(text).map(Key::Semver),
            Scheme::Exact => None,
        };
        Version(key.unwrap_or_else(|| Key::Text(text.to_owned())))
    }

    /// Whether both are one release: equal by the ecosystem's rules (PEP
    /// 440 pads release segments with zeros; SemVer ignores build metadata),
    /// else equal as written.
    pub fn same_release(&self, other: &Version) -> bool {
        match (&self.0, &other.0) {
            (Key::Pep440(a), Key::Pep440(b)) => a == b,
            (Key::Npm(a), Key::Npm(b)) => a == b,
            (Key::Semver(a), Key::Semver(b)) => semver_eq(a, b),
            (Key::Text(a), Key::Text(b)) => a == b,
            _ => false,
        }
    }

    /// Whether a revocation of `revoked` reaches this version: the same
    /// release, or for PyPI a local build of it (`2.32.3+ubuntu1` for a
    /// revoked `2.32.3`, as PEP 440's `==2.32.3` would match it): failing
    /// closed, a patched build of a revoked release is revoked too.
    pub fn revoked_by(&self, revoked: &Version) -> bool {
        match (&self.0, &revoked.0) {
            (Key::Pep440(v), Key::Pep440(r)) if r.local().is_empty() => v.clone().without_local() == *r,
            _ => self.same_release(revoked),
        }
    }
}

/// Build metadata takes no part in SemVer equality.
fn semver_eq(a: &semver::Version, b: &semver::Version) -> bool {
    (a.major, a.minor, a.patch, &a.pre) == (b.major, b.minor, b.patch, &b.pre)
}

/// npm's spelling without the leading `=`, `v` and spaces npm itself drops
/// (`semver.clean`).
fn npm_trim(text: &str) -> &str {
    let t = text.trim().trim_start_matches('=').trim_start();
    t.strip_prefix(['v', 'V']).unwrap_or(t)
}

/// A Go module version as SemVer: it must start with `v` in Go, but attest
/// has always accepted it without (`1.2.3` for `v1.2.3`).
fn go_semver(text: &str) -> Option<semver::Version> {
    semver::Version::parse(text.strip_prefix('v').unwrap_or(text)).ok()
}

/// The ecosystem's normal spelling of `text`, which lockfile readers write
/// into purls: PEP 440's normalised form (`2.32.03` → `2.32.3`, `1.0RC1` →
/// `1.0rc1`, `v1` → `1`), npm's as `semver.clean` writes it (`v3.3.6+b` →
/// `3.3.6`), Cargo's as SemVer writes it (build metadata kept: crates.io
/// keeps it in the version), Go's with its `v`.
/// Borrowed when `text` is already normal or cannot be read.
pub fn normal_form<'a>(ty: &str, text: &'a str) -> Cow<'a, str> {
    let normal = match Version::parse(ty, text).0 {
        Key::Pep440(v) => v.to_string(),
        Key::Npm(_) => npm_normal(text),
        Key::Semver(v) if Scheme::of(ty) == Scheme::Go => format!("v{v}"),
        Key::Semver(v) => v.to_string(),
        Key::Text(_) => return Cow::Borrowed(text),
    };
    if normal == text { Cow::Borrowed(text) } else { Cow::Owned(normal) }
}

/// An npm version as npm's `semver.clean` writes it, and as the registry
/// publishes it: without a leading `=` / `v` and without build metadata.
fn npm_normal(text: &str) -> String {
    let trimmed = npm_trim(text);
    let read = nodejs_semver::Version::parse(trimmed).map_or_else(|_| trimmed.to_owned(), |v| v.to_string());
    // Pre-release identifiers cannot hold `+`: the first one starts the build.
    read.split('+').next().unwrap_or_default().to_owned()
}

/// A `versions` range of a scope, in its ecosystem's syntax.
#[derive(Clone, Debug)]
pub struct Range(RangeKind);

#[derive(Clone, Debug)]
enum RangeKind {
    Pep440(pep440_rs::VersionSpecifiers),
    Npm(nodejs_semver::Range),
    Cargo(semver::VersionReq),
}

crate::error::value_error!(
    /// Why a text is not a version range in the syntax of its purl type;
    /// the message names the syntax expected.
    RangeError
);

impl Range {
    /// Parses `text` as a range for purl type `ty` (see the module's table).
    /// `Err` says which syntax was expected.
    pub fn parse(ty: &str, text: &str) -> Result<Range, RangeError> {
        let scheme = Scheme::of(ty);
        let bad = |e: &dyn fmt::Display| format!("{text:?} is not {} for pkg:{ty}: {e}", scheme.range_syntax());
        if text.trim().is_empty() {
            return Err(bad(&"it is empty (leave `versions` out to cover every version)").into());
        }
        let kind = match scheme {
            Scheme::Pep440 => RangeKind::Pep440(pep440_rs::VersionSpecifiers::from_str(text).map_err(|e| bad(&e))?),
            Scheme::Npm => RangeKind::Npm(nodejs_semver::Range::parse(text).map_err(|e| bad(&e))?),
            Scheme::Cargo | Scheme::Go | Scheme::Exact => {
                RangeKind::Cargo(semver::VersionReq::parse(text).map_err(|e| bad(&e))?)
            }
        };
        Ok(Range(kind))
    }

    /// Whether `v` is in the range. A pre-release is in it only when the
    /// range names a pre-release (Cargo's and npm's rule, and PEP 440's
    /// default), so a grant of `>=2,<3` does not take in `3.0rc1`'s
    /// forerunners unasked. A version the ecosystem cannot read is in no
    /// range.
    pub fn matches(&self, v: &Version) -> bool {
        match (&self.0, &v.0) {
            (RangeKind::Pep440(specs), Key::Pep440(v)) => {
                specs.contains(v) && (!v.any_prerelease() || specs.iter().any(|s| s.version().any_prerelease()))
            }
            (RangeKind::Npm(range), Key::Npm(v)) => range.satisfies(v),
            (RangeKind::Cargo(req), Key::Semver(v)) => req.matches(v),
            (RangeKind::Cargo(req), Key::Text(t)) => semver::Version::parse(t).is_ok_and(|v| req.matches(&v)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(ty: &str, a: &str, b: &str) -> bool {
        Version::parse(ty, a).same_release(&Version::parse(ty, b))
    }

    fn within(ty: &str, range: &str, v: &str) -> bool {
        Range::parse(ty, range).unwrap().matches(&Version::parse(ty, v))
    }

    #[test]
    fn pypi_spellings_of_one_release_are_one_release() {
        let classes: &[(&str, &[&str])] = &[
            ("2.32.3", &["2.32.03", "v2.32.3", "V2.32.3", "2.32.3.0", "2.32.3.0.0", "02.32.3", " 2.32.3 ", "0!2.32.3"]),
            ("1.0rc1", &["1.0RC1", "1.0-rc1", "1.0.rc.1", "1.0_rc_1", "1.0c1", "1.0pre1", "1.0preview1", "1.0.0rc1"]),
            ("1.0a1", &["1.0alpha1", "1.0-a.1", "1.0A1", "1.0a01"]),
            ("1.0b2", &["1.0beta2", "1.0-b2", "1.0B2"]),
            ("1.0.post1", &["1.0post1", "1.0-post1", "1.0.POST1", "1.0-1", "1.0.rev1", "1.0r1", "1.0_post_1"]),
            ("1.0.dev0", &["1.0dev", "1.0-dev0", "1.0.DEV0", "1.0_dev"]),
            ("1.0+ubuntu.1", &["1.0+Ubuntu-1", "1.0+ubuntu_1", "1.0+UBUNTU.1", "1.0+ubuntu.01"]),
            ("2.9.0.post0", &["2.9.0-post0", "2.9.post0", "2.9.0.post", "2.9.0-0"]),
        ];
        for (normal, spellings) in classes {
            for s in *spellings {
                assert!(same("pypi", normal, s), "{s} should be {normal}");
                assert!(same("pypi", s, normal), "{normal} should be {s}");
            }
        }
        for (a, b) in
            [("2.32.3", "2.32.4"), ("1.0", "1.0.post0"), ("1.0", "1.0rc1"), ("1.0", "1.0+local"), ("1!1.0", "1.0")]
        {
            assert!(!same("pypi", a, b), "{a} is not {b}");
        }
    }

    #[test]
    fn pypi_normal_form_is_pep_440s() {
        for (written, normal) in [
            ("2.32.03", "2.32.3"),
            ("v2.32.3", "2.32.3"),
            ("1.0RC1", "1.0rc1"),
            ("1.0-post1", "1.0.post1"),
            ("1.0+Ubuntu-1", "1.0+ubuntu.1"),
            ("2.32.3.0", "2.32.3.0"),
            ("2.32.3", "2.32.3"),
            ("not a version", "not a version"),
        ] {
            assert_eq!(normal_form("pypi", written), normal, "{written}");
        }
        assert!(matches!(normal_form("pypi", "2.32.3"), Cow::Borrowed(_)));
    }

    #[test]
    fn semver_ecosystems_ignore_build_metadata_and_npm_a_leading_v() {
        let npm: &[(&str, &[&str])] = &[
            (
                "3.3.6",
                &["v3.3.6", "=3.3.6", "=v3.3.6", " v3.3.6 ", "V3.3.6", "3.3.6+build1", "v3.3.6+build.1.2", "3.3.06"],
            ),
            ("1.0.0-rc.1", &["v1.0.0-rc.1", "1.0.0-rc.1+sha.5114f85"]),
        ];
        for (normal, spellings) in npm {
            for s in *spellings {
                assert!(same("npm", normal, s), "npm {s} should be {normal}");
            }
        }
        assert!(!same("npm", "3.3.6", "3.3.6-rc.1"));
        assert!(!same("npm", "3.3.6", "3.3.7"));
        for s in ["1.0.200+build.5", "1.0.200+anything", "1.0.200"] {
            assert!(same("cargo", "1.0.200", s), "cargo {s}");
        }
        assert!(!same("cargo", "1.0.200", "v1.0.200"), "Cargo has no `v` prefix");
        assert!(!same("cargo", "1.0.200", "1.0.200-rc.1"));
        for (written, normal) in
            [("v3.3.6", "3.3.6"), ("=3.3.6", "3.3.6"), ("3.3.6+build1", "3.3.6"), ("1.0.0-rc.1+b", "1.0.0-rc.1")]
        {
            assert_eq!(normal_form("npm", written), normal);
        }
        assert_eq!(normal_form("cargo", "1.0.200+build.5"), "1.0.200+build.5");
    }

    #[test]
    fn go_versions_follow_module_rules() {
        for s in ["v1.8.1", "1.8.1", "v1.8.1+incompatible"] {
            assert!(same("golang", "v1.8.1", s), "{s}");
        }
        let pseudo = "v0.0.0-20191109021931-daa7c04131f5";
        assert!(same("golang", pseudo, pseudo));
        assert!(!same("golang", pseudo, "v0.0.0-20191109021931-000000000000"));
        assert!(within("golang", ">=1.2.0", "v2.0.1"));
        assert!(!within("golang", ">=1.2.0", pseudo));
        assert_eq!(normal_form("golang", "1.8.1"), "v1.8.1");
        assert_eq!(normal_form("golang", "v2.0.0+incompatible"), "v2.0.0+incompatible");
    }

    #[test]
    fn other_types_compare_exactly() {
        assert!(same("maven", "1.0", "1.0"));
        for (a, b) in [("1.0", "1.00"), ("1.0", "v1.0"), ("1.0.0", "1.0.0+b")] {
            assert!(!same("maven", a, b), "{a} {b}");
            assert!(!same("generic", a, b), "{a} {b}");
        }
        assert_eq!(normal_form("maven", "1.00"), "1.00");
    }

    #[test]
    fn pypi_ranges_are_pep_440_specifiers() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (">=2,<3", &["2", "2.0.0", "2.32.03", "2.99.post1", "v2.5"], &["1.9", "3", "3.0.0", "2.5rc1", "3.0.dev0"]),
            ("~=2.1", &["2.1", "2.1.9", "2.9"], &["2.0", "3.0", "2.2a1"]),
            ("==2.*", &["2", "2.0", "2.99.1", "2.1.post3"], &["1.9", "3.0"]),
            ("!=2.32.3, >=2", &["2.32.4", "2.31"], &["2.32.3", "2.32.03", "1.0"]),
            (">=1.0rc1", &["1.0rc1", "1.0rc2", "1.0", "2.0b1"], &["1.0b9"]),
            (">=1", &["2024.1.post1", "1"], &["0.9"]),
            ("==2.32.3", &["2.32.3", "2.32.3+local", "2.32.3.0"], &["2.32.4"]),
        ];
        for (range, inside, outside) in cases {
            for v in *inside {
                assert!(within("pypi", range, v), "{v} should be in {range}");
            }
            for v in *outside {
                assert!(!within("pypi", range, v), "{v} should not be in {range}");
            }
        }
        for bad in ["^1", "1.2.3", "", "  ", ">=2 <3", "~2"] {
            let err = Range::parse("pypi", bad).unwrap_err();
            assert!(err.to_string().contains("PEP 440"), "{bad}: {err}");
        }
        assert!(!within("pypi", ">=1", "not a version"));
    }

    #[test]
    fn npm_ranges_are_npm_ranges() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("^1.2", &["1.2.0", "1.9.9", "v1.5.0", "1.5.0+b"], &["2.0.0", "1.1.9", "1.3.0-rc.1"]),
            (">=1.0.0 <2", &["1.0.0", "1.99.0"], &["2.0.0", "0.9.0"]),
            ("1.x || >=3 <4", &["1.0.0", "3.5.0"], &["2.0.0", "4.0.0"]),
            ("~1.2.3", &["1.2.3", "1.2.9"], &["1.3.0"]),
            ("1.2.3 - 1.4", &["1.2.3", "1.4.9"], &["1.5.0"]),
            (">=1.0.0-rc.1 <2", &["1.0.0-rc.2", "1.0.0"], &["1.1.0-rc.1"]),
        ];
        for (range, inside, outside) in cases {
            for v in *inside {
                assert!(within("npm", range, v), "{v} should be in {range}");
            }
            for v in *outside {
                assert!(!within("npm", range, v), "{v} should not be in {range}");
            }
        }
        for bad in ["", ">=foo", "not a range"] {
            assert!(Range::parse("npm", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cargo_and_other_ranges_are_cargos() {
        assert!(within("cargo", "^1", "1.0.200+build.5"));
        assert!(!within("cargo", "^1", "1.1.0-rc.1"));
        assert!(within("generic", ">=1.0.0, <3", "2.0.0"));
        assert!(!within("generic", ">=1.0.0, <3", "2.0"), "not SemVer: only `exact` covers it");
        assert!(within("cargo", ">=1.2, <2", "1.5.0"));
        let err = Range::parse("cargo", "1.x || 2").unwrap_err();
        assert!(err.to_string().contains("Cargo version requirement"), "{err}");
    }

    #[test]
    fn revocations_reach_local_builds_on_pypi_only() {
        let revoked = Version::parse("pypi", "2.32.3");
        for v in ["2.32.3", "2.32.03", "2.32.3+ubuntu1", "2.32.3.0+x"] {
            assert!(Version::parse("pypi", v).revoked_by(&revoked), "{v}");
        }
        assert!(!Version::parse("pypi", "2.32.3.post1").revoked_by(&revoked));
        let local = Version::parse("pypi", "2.32.3+ubuntu1");
        assert!(!Version::parse("pypi", "2.32.3").revoked_by(&local));
        assert!(Version::parse("npm", "v3.3.6+b").revoked_by(&Version::parse("npm", "3.3.6")));
    }

    proptest::proptest! {
        /// Any PEP 440 version, respelt with a `v`, zero-padded segments and
        /// an extra `.0`, is still the same release, and its normal form is
        /// too.
        #[test]
        fn pypi_respellings_stay_one_release(
            release in proptest::collection::vec(0u32..1000, 1..4),
            pad in 0usize..3,
            post in proptest::option::of(0u32..50),
        ) {
            let plain = release.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
            let padded = release.iter().map(|n| format!("{n:0>width$}", width = pad + 1)).collect::<Vec<_>>().join(".");
            let post_plain = post.map(|p| format!(".post{p}")).unwrap_or_default();
            let post_odd = post.map(|p| format!("-POST{p}")).unwrap_or_default();
            let a = format!("{plain}{post_plain}");
            let b = format!("v{padded}.0{post_odd}");
            proptest::prop_assert!(same("pypi", &a, &b), "{} vs {}", a, b);
            proptest::prop_assert!(same("pypi", &normal_form("pypi", &b), &a));
        }

        /// SemVer build metadata never changes which release it is.
        #[test]
        fn semver_build_metadata_is_ignored(
            (maj, min, pat) in (0u64..100, 0u64..100, 0u64..100),
            build in "[0-9A-Za-z]{1,8}(\\.[0-9A-Za-z]{1,8}){0,2}",
        ) {
            let plain = format!("{maj}.{min}.{pat}");
            let built = format!("{plain}+{build}");
            for ty in ["npm", "cargo"] {
                proptest::prop_assert!(same(ty, &plain, &built));
            }
            let (v_plain, v_built) = (format!("v{plain}"), format!("v{built}"));
            proptest::prop_assert!(same("npm", &plain, &v_built));
            proptest::prop_assert!(same("golang", &v_plain, &v_built));
        }
    }
}
