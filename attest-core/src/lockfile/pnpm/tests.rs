use super::*;
use crate::digest::Sha512Digest;
use crate::lockfile::LockfileKind;
use crate::lockfile::test_rows::{Row, error, fixture, row, rows};

const IS_NEGATIVE: &str = "is-negative@2.1.0?download_url=https:%2F%2Fcodeload.github.com%2Fkevva%2Fis-negative%2Ftar.gz%2F1d7e288222b53a0cab90a331f1865220ec29560c";
const LEFT_PAD: &str = "left-pad@1.3.0?vcs_url=git%2Bhttps:%2F%2Fgitlab.com%2Facme%2Fleft-pad.git%405f0a3c8e1b7d4a29c6e0f8b1d3a5c7e9f1b2d4a6";

/// The row of `pkg:npm/{short}`. When `hashed`, its hash is the one every
/// fixture gives: the SHA-512 of the text `name@version`.
fn pkg(short: &str, hashed: bool, deps: &[&str], dev: bool) -> Row {
    let deps: Vec<String> = deps.iter().map(|d| format!("pkg:npm/{d}")).collect();
    let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
    let version = short.rsplit_once('@').map_or("", |(_, v)| v.split('?').next().unwrap());
    let mut r = row(&format!("pkg:npm/{short}"), version, &[], &deps, dev);
    if hashed {
        r.2 = vec![PackageHash::Sha512(Sha512Digest::of(short.replace("%40", "@").as_bytes()))];
    }
    r
}

/// What the demo workspace (`.` and `packages/utils`) of the v6 and v9
/// fixtures resolves to: the same packages, dev flags and edges whether
/// pnpm 8 wrote them (`dev` flags) or pnpm 9 (computed).
fn demo() -> Vec<Row> {
    vec![
        pkg("%40babel/code-frame@7.24.2", true, &["%40babel/highlight@7.24.5", "picocolors@1.0.1"], false),
        pkg("%40babel/helper-validator-identifier@7.24.5", true, &[], false),
        pkg(
            "%40babel/highlight@7.24.5",
            true,
            &["%40babel/helper-validator-identifier@7.24.5", "js-tokens@4.0.0", "picocolors@1.0.1"],
            false,
        ),
        // The project at packages/utils, named by the root's link.
        pkg(
            "%40demo/utils",
            false,
            &[
                "debug@2.6.9",
                IS_NEGATIVE,
                LEFT_PAD,
                "ms@2.1.3",
                "react@17.0.2",
                "typescript@5.4.5",
                "use-sync-external-store@1.2.2",
            ],
            false,
        ),
        pkg("%40esbuild/darwin-arm64@0.21.5", true, &[], true),
        pkg("%40esbuild/linux-x64@0.21.5", true, &[], true),
        pkg("%40types/prop-types@15.7.12", true, &[], true),
        pkg("%40types/react@18.3.3", true, &["%40types/prop-types@15.7.12", "csstype@3.1.3"], true),
        pkg("ansi-regex@5.0.1", true, &[], false),
        pkg("csstype@3.1.3", true, &[], true),
        pkg("debug@2.6.9", true, &["ms@2.0.0"], false),
        pkg("debug@4.3.4", true, &["ms@2.1.2"], false),
        pkg("esbuild@0.21.5", true, &["%40esbuild/darwin-arm64@0.21.5", "%40esbuild/linux-x64@0.21.5"], true),
        pkg("fsevents@2.3.3", true, &[], false),
        pkg(IS_NEGATIVE, false, &[], false),
        pkg("js-tokens@4.0.0", true, &[], false),
        pkg(LEFT_PAD, false, &[], false),
        pkg("loose-envify@1.4.0", true, &["js-tokens@4.0.0"], false),
        pkg("ms@2.0.0", false, &[], false), // SHA-1 integrity only
        pkg("ms@2.1.2", true, &[], false),
        pkg("ms@2.1.3", true, &[], false),
        pkg("object-assign@4.1.1", true, &[], false),
        pkg("picocolors@1.0.1", true, &[], false),
        pkg("react-dom@18.2.0", true, &["loose-envify@1.4.0", "react@18.2.0", "scheduler@0.23.2"], false),
        pkg("react@17.0.2", true, &["loose-envify@1.4.0", "object-assign@4.1.1"], false),
        pkg("react@18.2.0", true, &["loose-envify@1.4.0"], false),
        pkg("scheduler@0.23.2", true, &["loose-envify@1.4.0"], false),
        pkg("strip-ansi@6.0.1", true, &["ansi-regex@5.0.1"], false),
        pkg("typescript@5.4.5", true, &[], true),
        pkg("use-sync-external-store@1.2.2", true, &["react@17.0.2", "react@18.2.0"], false),
    ]
}

/// The root project's direct dependencies, the linked `@demo/utils`
/// (a first-party package) among them.
fn demo_roots() -> Vec<String> {
    [
        "%40babel/code-frame@7.24.2",
        "%40demo/utils",
        "%40types/react@18.3.3",
        "debug@4.3.4",
        "esbuild@0.21.5",
        "fsevents@2.3.3",
        "react-dom@18.2.0",
        "react@18.2.0",
        "strip-ansi@6.0.1",
        "typescript@5.4.5",
        "use-sync-external-store@1.2.2",
    ]
    .iter()
    .map(|p| format!("pkg:npm/{p}"))
    .collect()
}

fn err(text: &str) -> String {
    error(LockfileKind::Pnpm, text)
}

fn parse_text(text: &str) -> crate::lockfile::Lockfile {
    crate::lockfile::parse(LockfileKind::Pnpm, text.as_bytes(), "pnpm-lock.yaml").unwrap()
}

#[test]
fn reads_v9_workspace_with_peers_aliases_git_tarball_and_dev_subtrees() {
    let lock = fixture(LockfileKind::Pnpm, "pnpm-v9/pnpm-lock.yaml");
    assert_eq!(lock.kind, LockfileKind::Pnpm);
    assert_eq!(rows(&lock), demo());
    assert_eq!(lock.root_dependencies, demo_roots());
    let alias = lock.packages.iter().find(|p| p.purl == "pkg:npm/strip-ansi@6.0.1").unwrap();
    assert_eq!((alias.name.as_str(), alias.version.as_str()), ("strip-ansi", "6.0.1"));
    let scoped = lock.packages.iter().find(|p| p.version == "7.24.2").unwrap();
    assert_eq!(scoped.name, "@babel/code-frame");
    let git = lock.packages.iter().find(|p| p.name == "left-pad").unwrap();
    assert_eq!(git.version, "1.3.0");
    assert!(
        lock.packages.iter().all(|p| p.first_party == (p.name == "@demo/utils")),
        "a linked project is first-party"
    );
}

#[test]
fn reads_v6_with_its_dev_flags_to_the_same_packages() {
    let lock = fixture(LockfileKind::Pnpm, "pnpm-v6/pnpm-lock.yaml");
    assert_eq!(rows(&lock), demo());
    assert_eq!(lock.root_dependencies, demo_roots());
    let tarball = lock.packages.iter().find(|p| p.name == "is-negative").unwrap();
    assert_eq!(tarball.version, "2.1.0");
}

#[test]
fn reads_the_env_document_before_the_lockfile() {
    let lock = fixture(LockfileKind::Pnpm, "pnpm-v9/with-env/pnpm-lock.yaml");
    let mut expected = demo();
    expected.extend([
        // Config dependencies and pnpm build the product: development-only.
        pkg("%40demo/pnpm-config@1.2.0", true, &["ms@2.1.3"], true),
        pkg("%40pnpm/exe.darwin-arm64@11.1.2", true, &[], true),
        pkg("%40pnpm/exe.linux-x64@11.1.2", true, &[], true),
        pkg("pnpm@11.1.2", true, &["%40pnpm/exe.darwin-arm64@11.1.2", "%40pnpm/exe.linux-x64@11.1.2"], true),
    ]);
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    // ms@2.1.3 is in both documents: one package, needed at run time.
    assert_eq!(rows(&lock), expected);
    let mut roots = demo_roots();
    roots.extend(["pkg:npm/%40demo/pnpm-config@1.2.0".to_owned(), "pkg:npm/pnpm@11.1.2".to_owned()]);
    roots.sort();
    assert_eq!(lock.root_dependencies, roots);
}

#[test]
fn a_single_project_v6_lockfile_keeps_its_dependencies_at_the_top() {
    let lock = parse_text(
        "lockfileVersion: '6.0'\n\ndependencies:\n  ms:\n    specifier: ^2.1.3\n    version: 2.1.3\n\n\
         devDependencies:\n  typescript:\n    specifier: ^5.4.5\n    version: 5.4.5\n\npackages:\n\n  \
         /ms@2.1.3:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n    dev: false\n\n  \
         /typescript@5.4.5:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n    dev: true\n",
    );
    assert_eq!(lock.root_dependencies, ["pkg:npm/ms@2.1.3", "pkg:npm/typescript@5.4.5"]);
    assert_eq!(
        rows(&lock),
        [row("pkg:npm/ms@2.1.3", "2.1.3", &[], &[], false), row("pkg:npm/typescript@5.4.5", "5.4.5", &[], &[], true)]
    );
}

#[test]
fn optional_dependencies_may_be_missing_and_linked_projects_are_first_party() {
    let lock = parse_text(
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '@demo/ui': {specifier: 'workspace:*', \
         version: 'link:packages/ui'}\n    optionalDependencies:\n      fsevents: {specifier: ~2.3.3, version: 2.3.3}\n  \
         packages/ui:\n    dependencies:\n      chokidar: {specifier: ^3.6.0, version: 3.6.0}\npackages:\n  \
         chokidar@3.6.0: {resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}}\n  \
         orphan@1.0.0: {resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}}\nsnapshots:\n  \
         chokidar@3.6.0:\n    optionalDependencies:\n      fsevents: 2.3.3\n",
    );
    assert_eq!(lock.root_dependencies, ["pkg:npm/%40demo/ui"]);
    // An entry that no snapshot and no project reaches is still listed,
    // and not known to be development-only.
    assert_eq!(
        rows(&lock),
        [
            row("pkg:npm/%40demo/ui", "", &[], &["pkg:npm/chokidar@3.6.0"], false),
            row("pkg:npm/chokidar@3.6.0", "3.6.0", &[], &[], false),
            row("pkg:npm/orphan@1.0.0", "1.0.0", &[], &[], false)
        ]
    );
}

#[test]
fn unsupported_lockfile_versions_are_refused_naming_the_supported_ones() {
    let supported = "is not supported (6.0, written by pnpm 8, and 9.0, by pnpm 9 and later, are); \
                     rewrite the lockfile with `pnpm install` from pnpm 8 or later";
    assert_eq!(
        err("lockfileVersion: 5.4\n\nspecifiers:\n  ms: ^2.1.3\n"),
        format!("pnpm-lock.yaml: malformed: line 1: lockfileVersion \"5.4\" {supported}")
    );
    for v in ["'10.0'", "'7.0'", "'9'", "'9.x'"] {
        let e = err(&format!("# pnpm\nlockfileVersion: {v}\n"));
        assert!(e.starts_with("pnpm-lock.yaml: malformed: line 2: lockfileVersion ") && e.ends_with(supported), "{e}");
    }
    assert_eq!(parse_text("lockfileVersion: '9.1'\n").packages, []);
    assert_eq!(err("importers: {}\n"), "pnpm-lock.yaml: malformed: line 1: lockfileVersion: missing");
}

#[test]
fn malformed_packages_are_refused_with_their_line() {
    let e = err(
        "lockfileVersion: '9.0'\n\npackages:\n\n  ms@2.1.3:\n    engines: {node: '>=8'}\n\nsnapshots:\n\n  ms@2.1.3: {}\n",
    );
    assert_eq!(e, "pnpm-lock.yaml: malformed: line 6: package \"ms@2.1.3\": resolution: missing");
    let e = err(
        "lockfileVersion: '6.0'\npackages:\n  /ms@2.1.3:\n    dev: false\n    resolution: {integrity: sha512-AAAA}\n",
    );
    assert_eq!(
        e,
        "pnpm-lock.yaml: malformed: line 5: package \"/ms@2.1.3\": integrity: sha512 value is 3 bytes, not 64"
    );
    let e = err("lockfileVersion: '9.0'\npackages:\n  ms@2.1.3:\n    resolution: {integrity: sha512-AAAA}\n");
    assert!(e.ends_with("line 4: package \"ms@2.1.3\": integrity: sha512 value is 3 bytes, not 64"), "{e}");
    let e = err("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {repo: https://x/a.git, type: git}\n");
    assert_eq!(e, "pnpm-lock.yaml: malformed: line 4: package \"a@1.0.0\": resolution: git without a commit");
    let e = err("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {type: variations}\n");
    assert!(
        e.ends_with("resolution: type \"variations\" is not one attest reads (a tarball, git or directory)"),
        "{e}"
    );
    let e = err("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {}\n");
    assert!(e.ends_with("line 4: package \"a@1.0.0\": resolution: has neither an integrity nor a tarball"), "{e}");
    let e = err(
        "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {tarball: https://x/a.tgz}\n    version: 1.0.1\n",
    );
    assert!(e.ends_with("line 4: package \"a@1.0.0\": version \"1.0.1\" disagrees with the key's \"1.0.0\""), "{e}");
    let e =
        err("lockfileVersion: '6.0'\npackages:\n  github.com/o/a/0a1b:\n    resolution: {tarball: https://x/a.tgz}\n");
    assert!(
        e.ends_with(
            "package \"github.com/o/a/0a1b\": name: missing (a key that does not spell NAME@VERSION needs one)"
        ),
        "{e}"
    );
    let e = err(
        "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    resolution: {tarball: https://x/a.tgz}\n    dev: yes\n",
    );
    assert!(e.ends_with("line 4: package \"/a@1.0.0\": dev: \"yes\" is neither true nor false"), "{e}");
    let e = err(
        "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {tarball: https://x/a.tgz}\nsnapshots:\n  a@1.0.0(b@1.0.0): {}\n  c@1.0.0: {}\n",
    );
    assert_eq!(
        e,
        "pnpm-lock.yaml: malformed: line 7: snapshot \"c@1.0.0\": no `packages` entry \"c@1.0.0\" gives its resolution"
    );
}

#[test]
fn a_dependency_that_resolves_to_no_entry_is_refused_with_its_line() {
    let lock = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      debug:\n        specifier: ^4.3.4\n        version: VERSION\n\
                packages:\n  debug@4.3.4:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n\
                snapshots:\n  debug@4.3.4:\n    dependencies:\n      ms: 2.1.2\n";
    let e = err(&lock.replace("VERSION", "4.3.4"));
    assert_eq!(
        e,
        "pnpm-lock.yaml: malformed: line 14: package \"debug@4.3.4\": dependencies: \"ms\" (2.1.2) resolves to \"ms@2.1.2\", which the lockfile does not list"
    );
    let e = err(&lock.replace("VERSION", "4.3.5").replace("\n    dependencies:\n      ms: 2.1.2\n", " {}\n"));
    assert_eq!(
        e,
        "pnpm-lock.yaml: malformed: line 7: importer \".\": dependencies: \"debug\" (4.3.5) resolves to \"debug@4.3.5\", which the lockfile does not list"
    );
    let e = err("lockfileVersion: '6.0'\ndevDependencies:\n  typescript:\n    specifier: ^5.4.5\n    version: 5.4.5\n");
    assert!(e.ends_with("line 5: importer \".\": devDependencies: \"typescript\" (5.4.5) resolves to \"/typescript@5.4.5\", which the lockfile does not list"), "{e}");
    let e = err("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      ms: 2.1.3\n");
    assert!(e.ends_with("line 5: importer \".\": dependencies: \"ms\" is not a mapping with a `version`"), "{e}");
}

#[test]
fn yaml_the_lockfile_never_holds_is_refused() {
    let e = err(
        "lockfileVersion: '9.0'\npackages:\n  ms@2.1.3:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n  ms@2.1.3:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=}\n",
    );
    assert_eq!(e, "pnpm-lock.yaml: malformed: line 5: the key \"ms@2.1.3\" is given twice");
    assert_eq!(err("- lockfileVersion\n"), "pnpm-lock.yaml: malformed: line 1: the lockfile: not a mapping");
    let three = "---\nlockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n";
    assert_eq!(
        err(three),
        "pnpm-lock.yaml: malformed: holds 3 YAML documents; pnpm writes one lockfile, after at most one env document"
    );
    assert!(err("").contains("holds 0 YAML documents"));
    assert_eq!(
        crate::lockfile::parse(LockfileKind::Pnpm, b"lockfileVersion: '9.0'\n\xff", "pnpm-lock.yaml")
            .unwrap_err()
            .to_string(),
        "pnpm-lock.yaml: malformed: not UTF-8: invalid utf-8 sequence of 1 bytes from index 23"
    );
}

#[test]
fn references_resolve_to_keys_as_each_pnpm_writes_them() {
    let v6 = |name, reference| Format::V6.key(name, reference);
    assert_eq!(v6("ms", "2.1.3").unwrap(), "/ms@2.1.3");
    assert_eq!(v6("@types/react", "18.3.3").unwrap(), "/@types/react@18.3.3");
    assert_eq!(v6("a", "1.0.0(@types/react@18.3.3)").unwrap(), "/a@1.0.0(@types/react@18.3.3)");
    assert_eq!(v6("strip-ansi-cjs", "/strip-ansi@6.0.1").unwrap(), "/strip-ansi@6.0.1");
    assert_eq!(v6("x", "github.com/o/x/0a1b").unwrap(), "github.com/o/x/0a1b");
    assert_eq!(v6("x", "file:x.tgz").unwrap(), "file:x.tgz");
    assert_eq!(v6("x", "link:../x"), None);
    let v9 = |name, reference| Format::V9.key(name, reference);
    assert_eq!(v9("ms", "2.1.3").unwrap(), "ms@2.1.3");
    assert_eq!(v9("a", "1.0.0(react@18.2.0)").unwrap(), "a@1.0.0(react@18.2.0)");
    assert_eq!(v9("strip-ansi-cjs", "strip-ansi@6.0.1").unwrap(), "strip-ansi@6.0.1");
    assert_eq!(v9("b", "@s/real@1.0.0").unwrap(), "@s/real@1.0.0");
    assert_eq!(v9("x", "https://a.example/x.tgz").unwrap(), "x@https://a.example/x.tgz");
    assert_eq!(v9("x", "git+ssh://git@github.com/o/x.git#0a1b").unwrap(), "x@git+ssh://git@github.com/o/x.git#0a1b");
    assert_eq!(v9("x", "link:../x"), None);
    assert_eq!(Format::V9.name_and_version("@s/a@1.0.0(b@2.0.0)"), (Some("@s/a"), Some("1.0.0")));
    assert_eq!(Format::V9.name_and_version("x@file:../x"), (Some("x"), None));
    assert_eq!(Format::V9.name_and_version("@s/a"), (None, None));
    assert_eq!(Format::V6.name_and_version("/@s/a@1.0.0(b@2.0.0)"), (Some("@s/a"), Some("1.0.0")));
    assert_eq!(Format::V6.name_and_version("github.com/o/x/0a1b"), (None, None));
}

#[test]
fn peer_and_patch_suffixes_are_removed_whole() {
    assert_eq!(without_suffix("a@1.0.0"), "a@1.0.0");
    assert_eq!(without_suffix("a@1.0.0(react@18.2.0)"), "a@1.0.0");
    assert_eq!(
        without_suffix("@t/r@14.0.0(@types/react@18.3.3)(react-dom@18.2.0(react@18.2.0))(react@18.2.0)"),
        "@t/r@14.0.0"
    );
    assert_eq!(without_suffix("a@1.0.0(patch_hash=abc123)(react@18.2.0)"), "a@1.0.0");
    assert_eq!(without_suffix("a)"), "a)");
}

#[test]
fn git_resolutions_pin_the_commit_and_subfolder() {
    let lock = parse_text(
        "lockfileVersion: '9.0'\npackages:\n  is-odd@git+ssh://git@github.com/o/is-odd.git#a80ee0d:\n    \
         resolution: {commit: a80ee0d, path: /packages/is-odd, repo: git+ssh://git@github.com/o/is-odd.git, type: git}\n    \
         version: 3.0.1\n  local@file:packages/local:\n    resolution: {directory: packages/local, type: directory}\n  \
         inhouse@1.0.0:\n    resolution: {integrity: sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=, tarball: https://npm.example.com/inhouse/-/inhouse-1.0.0.tgz}\n",
    );
    let purls: Vec<&str> = lock.packages.iter().map(|p| p.purl.as_str()).collect();
    assert_eq!(
        purls,
        [
            "pkg:npm/inhouse@1.0.0?repository_url=https:%2F%2Fnpm.example.com",
            "pkg:npm/is-odd@3.0.1?vcs_url=git%2Bssh:%2F%2Fgit%40github.com%2Fo%2Fis-odd.git%40a80ee0d%23packages%2Fis-odd",
            "pkg:npm/local",
        ]
    );
}
