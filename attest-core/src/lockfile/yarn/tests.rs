//! Both formats against hand-made lockfiles.

use super::berry::{
    CHECKSUM_PROPERTY, PATCH_PROPERTY, Source, berry_source, encode_component, resolution, resolve_override,
};
use super::classic::classic_qualifier;
use super::*;
use crate::digest::Sha512Digest;
use crate::lockfile::test_rows::{Row, error, fixture, rows};
use crate::lockfile::{Lockfile, LockfileKind, PackageHash};

fn err(text: &str) -> String {
    error(LockfileKind::Yarn, text)
}

fn parse_text(text: &str) -> Lockfile {
    crate::lockfile::parse(LockfileKind::Yarn, text.as_bytes(), "yarn.lock").unwrap()
}

/// A row whose integrity is, as in every npm and yarn fixture, the
/// SHA-512 of the text `name@version` (`None`: no hash reported).
fn row(purl: &str, version: &str, hash_of: Option<&str>, deps: &[&str]) -> Row {
    let hashes = hash_of.map(|id| PackageHash::Sha512(Sha512Digest::of(id.as_bytes()))).into_iter().collect();
    let deps = deps.iter().map(|d| format!("pkg:npm/{d}")).collect();
    (format!("pkg:npm/{purl}"), version.to_owned(), hashes, deps, false)
}

const LEFT_PAD: &str = "left-pad@1.3.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fstevemao%2Fleft-pad.git%405636f9a4a5d9ba1ff1ab4a1fb8d7ea8b8e0ee6e4";

#[test]
fn reads_classic_entries_aliases_sources_and_edges() {
    let lock = fixture(LockfileKind::Yarn, "yarn-v1/yarn.lock");
    assert_eq!(lock.kind, LockfileKind::Yarn);
    assert!(lock.root_dependencies.is_empty(), "yarn 1 has no entry for the project");
    assert_eq!(
        rows(&lock),
        [
            row(
                "%40acme/auth@1.2.3?repository_url=https:%2F%2Fnpm.acme.example",
                "1.2.3",
                Some("@acme/auth@1.2.3"),
                &["debug@4.3.4"]
            ),
            // Two descriptors, one entry.
            row(
                "%40babel/code-frame@7.24.2",
                "7.24.2",
                Some("@babel/code-frame@7.24.2"),
                &["%40babel/highlight@7.24.5", "picocolors@1.0.1"]
            ),
            row("%40babel/highlight@7.24.5", "7.24.5", Some("@babel/highlight@7.24.5"), &["picocolors@1.0.1"]),
            row("ansi-regex@5.0.1", "5.0.1", Some("ansi-regex@5.0.1"), &[]),
            // An optional dependency that is locked is an edge.
            row("chokidar@3.6.0", "3.6.0", Some("chokidar@3.6.0"), &["fsevents@2.3.3", "normalize-path@3.0.0"]),
            row("debug@2.6.9", "2.6.9", Some("debug@2.6.9"), &["ms@2.0.0"]),
            row("debug@4.3.4", "4.3.4", Some("debug@4.3.4"), &["ms@2.1.2"]),
            row("fsevents@2.3.3", "2.3.3", Some("fsevents@2.3.3"), &[]),
            row(LEFT_PAD, "1.3.0", None, &[]),
            row("local-config@0.1.0", "0.1.0", None, &[]),
            // SHA-1 integrity only: no hash.
            row("ms@2.0.0", "2.0.0", None, &[]),
            row("ms@2.1.2", "2.1.2", Some("ms@2.1.2"), &[]),
            row("normalize-path@3.0.0", "3.0.0", Some("normalize-path@3.0.0"), &[]),
            row("picocolors@1.0.1", "1.0.1", Some("picocolors@1.0.1"), &[]),
            // strip-ansi-cjs is an alias: the real package is listed.
            row("strip-ansi@6.0.1", "6.0.1", Some("strip-ansi@6.0.1"), &["ansi-regex@5.0.1"]),
        ]
    );
    let scoped = lock.packages.iter().find(|p| p.version == "7.24.2").unwrap();
    assert_eq!(scoped.name, "@babel/code-frame");
    assert!(lock.packages.iter().all(|p| p.properties.is_empty()));
}

#[test]
fn classic_sources_off_the_registry_are_qualified() {
    let q = |name, resolved| classic_qualifier(name, Some(resolved)).map(|(k, v)| format!("{k}={v}"));
    assert_eq!(q("ms", "https://registry.yarnpkg.com/ms/-/ms-2.1.2.tgz#191b6aa3"), None);
    assert_eq!(q("ms", "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz"), None);
    assert_eq!(
        q("x", "https://codeload.github.com/o/x/tar.gz/0a1b2c#5f2a").unwrap(),
        "download_url=https://codeload.github.com/o/x/tar.gz/0a1b2c"
    );
    assert_eq!(q("x", "https://github.com/o/x.git#0a1b2c").unwrap(), "vcs_url=git+https://github.com/o/x.git@0a1b2c");
    assert_eq!(
        q("x", "git+ssh://git@github.com/o/x.git#0a1b2c").unwrap(),
        "vcs_url=git+ssh://git@github.com/o/x.git@0a1b2c"
    );
    assert_eq!(q("x", "file:./vendor/x-1.0.0.tgz"), None);
}

#[test]
fn classic_optional_dependencies_may_be_unlocked_but_required_ones_not() {
    let head = "# yarn lockfile v1\n\n\n";
    let lock = parse_text(&format!(
        "{head}a@^1.0.0:\n  version \"1.0.0\"\n  optionalDependencies:\n    fsevents \"^2.0.0\"\n"
    ));
    assert!(lock.packages[0].dependencies.is_empty());
    assert_eq!(
        err(&format!("{head}a@^1.0.0:\n  version \"1.0.0\"\n  dependencies:\n    b \"^2.0.0\"\n")),
        "yarn.lock: malformed: line 7: entry \"a@^1.0.0\": dependency \"b@^2.0.0\" matches no entry's header"
    );
}

#[test]
fn malformed_classic_lockfiles_are_refused_with_their_line() {
    let head = "# yarn lockfile v1\n\n\n";
    let e = |body: &str| err(&format!("{head}{body}"));
    assert_eq!(
        e("a@^1.0.0:\n   version \"1.0.0\"\n"),
        "yarn.lock: malformed: line 5: unexpected indentation of 3 spaces"
    );
    assert_eq!(
        e("a@^1.0.0:\n  resolved \"https://registry.yarnpkg.com/a/-/a-1.0.0.tgz\"\n"),
        "yarn.lock: malformed: line 4: entry \"a@^1.0.0\": version: missing"
    );
    assert_eq!(
        e("a@^1.0.0:\n  version \"1.0.0\"\n  integrity sha512-not*base64\n"),
        "yarn.lock: malformed: line 6: entry \"a@^1.0.0\": integrity: sha512 value \"not*base64\" is not valid base64"
    );
    assert_eq!(
        e("a@^1.0.0:\n  version \"1.0.0\"\n  version \"1.0.1\"\n"),
        "yarn.lock: malformed: line 6: entry \"a@^1.0.0\": the field \"version\" is given twice"
    );
    assert_eq!(
        e("a@^1.0.0:\n  version \"1.0.0\"\n\na@^1.0.0, a@^1.0.1:\n  version \"1.0.1\"\n"),
        "yarn.lock: malformed: line 7: entry \"a@^1.0.0\": the descriptor \"a@^1.0.0\" is also the header of line 4"
    );
    assert_eq!(
        e("a@^1.0.0, b@^1.0.0:\n  version \"1.0.0\"\n"),
        "yarn.lock: malformed: line 4: entry \"a@^1.0.0\": its descriptors name two packages, a and b"
    );
    assert_eq!(
        e("a@^1.0.0:\n  version \"1.0.0\"\n    b \"^2.0.0\"\n"),
        "yarn.lock: malformed: line 6: unexpected indentation of 4 spaces"
    );
    assert_eq!(e("  version \"1.0.0\"\n"), "yarn.lock: malformed: line 4: a field before any entry header");
    assert_eq!(e("a@^1.0.0:\n  version \"1.0.0\n"), "yarn.lock: malformed: line 5: a string is not closed");
    assert_eq!(
        e("a@^1.0.0\n  version \"1.0.0\"\n"),
        "yarn.lock: malformed: line 4: expected an entry header, `\"NAME@RANGE\", ...:`"
    );
    assert_eq!(
        e("lodash:\n  version \"1.0.0\"\n"),
        "yarn.lock: malformed: line 4: entry \"lodash\": \"lodash\" is not NAME@RANGE"
    );
}

fn checksum(locator: &str) -> (String, String) {
    let zip = Sha512Digest::of(format!("zip:{locator}").as_bytes());
    (CHECKSUM_PROPERTY.to_owned(), format!("10c0/{}", hex::encode(zip.0)))
}

#[test]
fn reads_berry_workspaces_patches_aliases_git_and_checksums() {
    let lock = fixture(LockfileKind::Yarn, "yarn-berry/yarn.lock");
    let r = |purl: &str, version: &str, deps: &[&str]| row(purl, version, None, deps);
    // The root workspace acme-web is the product; the workspace
    // @acme/utils is a first-party package of it, without a version
    // (Berry writes 0.0.0-use.local for every workspace).
    assert_eq!(
        rows(&lock),
        [
            r("%40acme/utils", "", &["lodash@4.17.21", "ms@2.1.3"]),
            r("%40babel/code-frame@7.24.2", "7.24.2", &["%40babel/highlight@7.24.5", "picocolors@1.0.1"]),
            r("%40babel/highlight@7.24.5", "7.24.5", &["picocolors@1.0.1"]),
            r("ansi-regex@5.0.1", "5.0.1", &[]),
            // The optional peer supports-color is not an edge.
            r("debug@4.3.4", "4.3.4", &["ms@2.1.2"]),
            r(LEFT_PAD, "1.3.0", &[]),
            r("lodash@4.17.21", "4.17.21", &[]),
            r("ms@2.1.2", "2.1.2", &[]),
            r("ms@2.1.3", "2.1.3", &[]),
            r("picocolors@1.0.1", "1.0.1", &[]),
            r("strip-ansi@6.0.1", "6.0.1", &["ansi-regex@5.0.1"]),
            r("typescript@5.4.5", "5.4.5", &[]),
        ]
    );
    assert_eq!(
        lock.root_dependencies,
        [
            "pkg:npm/%40acme/utils".to_owned(),
            "pkg:npm/%40babel/code-frame@7.24.2".to_owned(),
            "pkg:npm/debug@4.3.4".to_owned(),
            format!("pkg:npm/{LEFT_PAD}"),
            "pkg:npm/strip-ansi@6.0.1".to_owned(),
            "pkg:npm/typescript@5.4.5".to_owned(),
        ]
    );
    assert!(lock.packages.iter().all(|p| p.first_party == (p.name == "@acme/utils")));
    let properties: Vec<(&str, Vec<(String, String)>)> =
        lock.packages.iter().map(|p| (p.name.as_str(), p.properties.clone())).collect();
    let patch = |p: &str| (PATCH_PROPERTY.to_owned(), p.to_owned());
    assert_eq!(
        properties,
        [
            ("@acme/utils", vec![]),
            ("@babel/code-frame", vec![checksum("@babel/code-frame@npm:7.24.2")]),
            ("@babel/highlight", vec![checksum("@babel/highlight@npm:7.24.5")]),
            ("ansi-regex", vec![checksum("ansi-regex@npm:5.0.1")]),
            ("debug", vec![checksum("debug@npm:4.3.4")]),
            ("left-pad", vec![]),
            // The unpatched and the patched copy, merged.
            (
                "lodash",
                vec![
                    checksum("lodash@npm:4.17.21"),
                    checksum(
                        "lodash@patch:lodash@npm%3A4.17.21#~/.yarn/patches/lodash-npm-4.17.21-6382451519.patch::version=4.17.21&hash=7e3f1b"
                    ),
                    patch("~/.yarn/patches/lodash-npm-4.17.21-6382451519.patch"),
                ]
            ),
            ("ms", vec![checksum("ms@npm:2.1.2")]),
            ("ms", vec![checksum("ms@npm:2.1.3")]),
            ("picocolors", vec![checksum("picocolors@npm:1.0.1")]),
            ("strip-ansi", vec![checksum("strip-ansi@npm:6.0.1")]),
            (
                "typescript",
                vec![
                    checksum("typescript@npm:5.4.5"),
                    checksum(
                        "typescript@patch:typescript@npm%3A5.4.5#optional!builtin<compat/typescript>::version=5.4.5&hash=5adc0c"
                    ),
                    patch("optional!builtin<compat/typescript>"),
                ]
            ),
        ]
    );
}

#[test]
fn reads_yarn_3_ranges_without_the_npm_protocol() {
    let hex = "a".repeat(128);
    let lock = parse_text(&format!(
        "__metadata:\n  version: 6\n  cacheKey: 8\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n  dependencies:\n    ms: ^2.1.3\n    fsevents: ~2.3.2\n  dependenciesMeta:\n    fsevents:\n      optional: true\n  languageName: unknown\n  linkType: soft\n\n\"ms@npm:^2.1.3\":\n  version: 2.1.3\n  resolution: \"ms@npm:2.1.3\"\n  checksum: {hex}\n  languageName: node\n  linkType: hard\n"
    ));
    // fsevents is optional and not locked: left out.
    assert_eq!(lock.root_dependencies, ["pkg:npm/ms@2.1.3"]);
    assert_eq!(lock.packages[0].properties, [(CHECKSUM_PROPERTY.to_owned(), hex)]);
}

#[test]
fn package_json_resolutions_parse_and_the_most_specific_applies() {
    let r = |p: &str| resolution(p, "X".into()).map(|r| (r.from, r.name, r.range));
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(r("trim"), Some((None, "trim".into(), None)));
    assert_eq!(r("**/trim"), Some((None, "trim".into(), None)));
    assert_eq!(r("lru-cache@^10.0.1"), Some((None, "lru-cache".into(), s("^10.0.1"))));
    assert_eq!(r("ansi-escapes/type-fest"), Some((s("ansi-escapes"), "type-fest".into(), None)));
    assert_eq!(r("@types/node"), Some((None, "@types/node".into(), None)));
    assert_eq!(
        r("@testing-library/react-native/@jest/x@^1"),
        Some((s("@testing-library/react-native"), "@jest/x".into(), s("^1")))
    );
    assert_eq!(r("@scope"), None);
    let all = [
        resolution("b", "1.0.0".into()).unwrap(),
        resolution("b@^2", "2.5.0".into()).unwrap(),
        resolution("a/b", "3.0.0".into()).unwrap(),
    ];
    assert_eq!(resolve_override(&all, "a", "b", "npm:^2"), Some("3.0.0"));
    assert_eq!(resolve_override(&all, "c", "b", "npm:^2"), Some("2.5.0"));
    assert_eq!(resolve_override(&all, "c", "b", "^4"), Some("1.0.0"));
    assert_eq!(resolve_override(&all, "c", "d", "^4"), None);
    assert_eq!(encode_component("@jest/monorepo@workspace:."), "%40jest%2Fmonorepo%40workspace%3A.");
    // package.json that is not JSON, or a pattern yarn would not take, names the file.
    let bad = parse(b"__metadata:\n  version: 8\n", "yarn.lock", Some(Manifest { bytes: b"{", doc: "package.json" }));
    assert!(bad.unwrap_err().to_string().starts_with("package.json: malformed"));
    let bad = Manifest { bytes: br#"{"resolutions": {"@scope": "1"}}"#, doc: "package.json" };
    let e = parse(b"__metadata:\n  version: 8\n", "yarn.lock", Some(bad)).unwrap_err().to_string();
    assert!(e.contains("resolutions: \"@scope\" is not [FROM/]NAME[@RANGE]"), "{e}");
}

#[test]
fn berry_resolutions_are_classified_by_protocol() {
    let q = |reference: &str| match berry_source(reference, false) {
        Ok(Source::Local) => "local".to_owned(),
        Ok(Source::Workspace) => "workspace".to_owned(),
        Ok(Source::Package { qualifier, patch }) => {
            let q = qualifier.map_or(String::new(), |(k, v)| format!("{k}={v}"));
            format!("{q}|{}", patch.unwrap_or_default())
        }
        Err(e) => format!("error: {e}"),
    };
    assert_eq!(q("npm:1.0.0"), "|");
    assert_eq!(
        q("npm:1.0.0::__archiveUrl=https%3A%2F%2Fnpm.example.com%2Fx%2F-%2Fx-1.0.0.tgz"),
        "download_url=https://npm.example.com/x/-/x-1.0.0.tgz|"
    );
    assert_eq!(q("workspace:packages/a"), "workspace");
    assert_eq!(q("workspace:."), "local");
    assert_eq!(q("portal:../b::locator=app%40workspace%3A."), "local");
    assert_eq!(q("link:../c::locator=app%40workspace%3A."), "local");
    assert_eq!(q("file:./vendor/x.tgz::locator=app%40workspace%3A."), "|");
    assert_eq!(q("https://example.com/x-1.0.0.tgz"), "download_url=https://example.com/x-1.0.0.tgz|");
    assert_eq!(q("git+ssh://git@github.com/o/x.git#commit=0a1b"), "vcs_url=git+ssh://git@github.com/o/x.git@0a1b|");
    assert_eq!(
        q("https://github.com/o/x.git#head=main"),
        "error: git resolution \"https://github.com/o/x.git#head=main\" does not pin a commit"
    );
    assert_eq!(q("patch:x@npm%3A1.0.0#./p.patch::version=1.0.0&hash=1"), "|./p.patch");
    assert_eq!(
        q("patch:x@https%3A//github.com/o/x.git%23commit=0a1b#./p.patch"),
        "vcs_url=git+https://github.com/o/x.git@0a1b|./p.patch"
    );
    assert!(
        q("patch:x@patch%3Ax@npm%253A1.0.0%23a#b").ends_with("patches a patched package, which attest does not read")
    );
    assert!(q("patch:x@npm%3G1.0.0#a").contains("has a % that is not %XX"));
    assert_eq!(q("exec:./gen.js"), "error: \"exec:./gen.js\" uses a protocol attest does not read");
}

const BERRY_HEAD: &str = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n";

#[test]
fn malformed_berry_lockfiles_are_refused_with_their_line() {
    let e = |body: &str| err(&format!("{BERRY_HEAD}{body}"));
    let a = "\"a@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n";
    assert_eq!(
        e(&format!("{a}\n\"a@npm:^1.0.0\":\n  version: 1.0.1\n  resolution: \"a@npm:1.0.1\"\n")),
        "yarn.lock: malformed: line 9: the key \"a@npm:^1.0.0\" is given twice"
    );
    assert_eq!(
        err("__metadata:\n  version: 11\n  cacheKey: 10c0\n"),
        "yarn.lock: malformed: line 2: __metadata: version 11 is not supported (4 to 10 are)"
    );
    assert_eq!(
        e(&format!("{a}  dependencies:\n    b: \"npm:^2.0.0\"\n")),
        "yarn.lock: malformed: line 9: entry \"a@npm:^1.0.0\": dependency \"b@npm:^2.0.0\" matches no entry's key; if package.json remaps it with `resolutions`, keep that package.json beside the lockfile"
    );
    assert_eq!(
        e("\"a@npm:^1.0.0\":\n  resolution: \"a@npm:1.0.0\"\n"),
        "yarn.lock: malformed: line 6: entry \"a@npm:^1.0.0\": version: missing"
    );
    assert_eq!(
        e(&format!("{a}  checksum: 10c0/abc\n")),
        "yarn.lock: malformed: line 8: entry \"a@npm:^1.0.0\": checksum: \"10c0/abc\" is not [CACHEKEY/]SHA512-HEX"
    );
    assert_eq!(
        e("\"a@exec:./gen.js\":\n  version: 1.0.0\n  resolution: \"a@exec:./gen.js\"\n"),
        "yarn.lock: malformed: line 7: entry \"a@exec:./gen.js\": resolution: \"exec:./gen.js\" uses a protocol attest does not read"
    );
    assert_eq!(
        e(&format!("{a}\n\"a@npm:^1.0.0, b@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"b@npm:1.0.0\"\n")),
        "yarn.lock: malformed: line 10: the descriptor \"a@npm:^1.0.0\" is also a key of the entry at line 6"
    );
    assert!(e("a: [1\n").starts_with("yarn.lock: malformed: line"), "YAML errors carry the line");
    assert_eq!(
        err("{\"lockfileVersion\": 3}"),
        "yarn.lock: malformed: neither a yarn 1 lockfile (no \"# yarn lockfile v1\" line) nor a yarn 2+ one (no __metadata)"
    );
}
