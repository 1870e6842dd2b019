use crate::lockfile::test_rows::{error, fixture, row, rows};
use crate::lockfile::{Lockfile, LockfileKind};

fn parse(text: &str) -> Lockfile {
    crate::lockfile::parse(LockfileKind::GoMod, text.as_bytes(), "go.mod").unwrap()
}

fn err(text: &str) -> String {
    error(LockfileKind::GoMod, text)
}

/// (purl, name, properties) of a package.
type Named<'a> = (&'a str, &'a str, Vec<(String, String)>);

fn named(lock: &Lockfile) -> Vec<Named<'_>> {
    lock.packages.iter().map(|p| (p.purl.as_str(), p.name.as_str(), p.properties.clone())).collect()
}

#[test]
fn reads_the_build_list_with_direct_requirements_as_roots() {
    let lock = fixture(LockfileKind::GoMod, "go/go.mod");
    assert_eq!(lock.kind, LockfileKind::GoMod);
    // The local `proto` module is the product's own folder: not listed.
    assert_eq!(
        rows(&lock),
        [
            row("pkg:golang/github.com/BurntSushi/toml@v1.3.2", "v1.3.2", &[], &[], false),
            row("pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible", "v24.0.7+incompatible", &[], &[], false),
            row("pkg:golang/github.com/google/go-cmp@v0.6.0", "v0.6.0", &[], &[], false),
            row("pkg:golang/github.com/spf13/cobra@v1.8.0", "v1.8.0", &[], &[], false),
            row("pkg:golang/golang.org/x/sys@v0.15.0", "v0.15.0", &[], &[], false),
            // Required at v3.0.0, replaced by v3.0.1: the replacement is built.
            row("pkg:golang/gopkg.in/yaml.v3@v3.0.1", "v3.0.1", &[], &[], false),
        ]
    );
    assert_eq!(lock.packages[0].name, "github.com/BurntSushi/toml");
    assert_eq!(lock.packages[5].properties, [("attest:go:replaces".to_owned(), "gopkg.in/yaml.v3 v3.0.0".to_owned())]);
    assert!(lock.packages[..5].iter().all(|p| p.properties.is_empty()));
    // go-cmp and x/sys are `// indirect`: packages, not roots.
    assert_eq!(
        lock.root_dependencies,
        [
            "pkg:golang/github.com/BurntSushi/toml@v1.3.2",
            "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
            "pkg:golang/github.com/spf13/cobra@v1.8.0",
            "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
        ]
    );
}

#[test]
fn replacements_by_module_exact_version_first_and_by_folder() {
    let lock = parse(concat!(
        "module example.com/m\n",
        "go 1.22.0\n",
        "require github.com/a/b v1.0.0\n",
        "require (\n",
        "\tgithub.com/c/d v1.2.0 // indirect; needed by b\n",
        "\tgithub.com/e/f v0.1.0 // indirectly needed, but direct\n",
        "\texample.com/local v1.0.0\n",
        ")\n",
        "replace github.com/a/b => github.com/fork/b v1.0.1\n",
        "replace (\n",
        "\tgithub.com/c/d v1.2.0 => github.com/c/d v1.2.1\n",
        "\tgithub.com/c/d => github.com/c/d v9.0.0\n",
        "\tgithub.com/e/f v0.0.9 => github.com/e/f v0.0.10 // another version: no effect\n",
        "\tgithub.com/unused/x => github.com/unused/y v1.0.0\n",
        "\texample.com/local => ../local\n",
        ")\n",
    ));
    let replaces = |s: &str| vec![("attest:go:replaces".to_owned(), s.to_owned())];
    assert_eq!(
        named(&lock),
        [
            ("pkg:golang/github.com/c/d@v1.2.1", "github.com/c/d", replaces("github.com/c/d v1.2.0")),
            ("pkg:golang/github.com/e/f@v0.1.0", "github.com/e/f", vec![]),
            ("pkg:golang/github.com/fork/b@v1.0.1", "github.com/fork/b", replaces("github.com/a/b v1.0.0")),
        ]
    );
    assert_eq!(lock.root_dependencies, ["pkg:golang/github.com/e/f@v0.1.0", "pkg:golang/github.com/fork/b@v1.0.1"]);
}

#[test]
fn quoted_paths_are_unescaped() {
    let lock = parse(concat!(
        "module \"example.com/m\"\n",
        "require \"github.com/\\x61/b\" v1.0.0\n",
        "require `github.com/c/d` \"v1.0.0-20231201120000-abcdef123456\"\n",
        "require \"github.com/\\u0065/\\146\" v2.0.0-rc.1 // a/b, c/d, e/f\n",
        "godebug default=go1.21\n",
    ));
    let purls: Vec<&str> = lock.packages.iter().map(|p| p.purl.as_str()).collect();
    assert_eq!(
        purls,
        [
            "pkg:golang/github.com/a/b@v1.0.0",
            "pkg:golang/github.com/c/d@v1.0.0-20231201120000-abcdef123456",
            "pkg:golang/github.com/e/f@v2.0.0-rc.1",
        ]
    );
}

#[test]
fn malformed_go_mod_is_refused_naming_the_line() {
    let m = "module example.com/m\n";
    let cases = [
        (format!("{m}requires github.com/a/b v1.0.0\n"), "line 2: unknown directive \"requires\""),
        (format!("{m}require (\n\tgithub.com/a/b v1.0.0\n"), "line 2: the require block is never closed with \")\""),
        (format!("{m}require github.com/a/b v1.0.0\n)\n"), "line 3: \")\" closes no block"),
        (format!("{m}require (\n\trequire (\n)\n"), "line 3: a block cannot open inside the require block of line 2"),
        (format!("{m}go (\n)\n"), "line 2: the go directive cannot be a block"),
        (format!("{m}require github.com/a/b 1.0.0\n"), "line 2: version \"1.0.0\" does not start with \"v\""),
        (
            format!("{m}require github.com/a/b v1.0\n"),
            "line 2: version \"v1.0\" is not a semantic version vMAJOR.MINOR.PATCH[-PRERELEASE]",
        ),
        (format!("{m}require github.com/a/b v1.0.0+build\n"), "line 2: version \"v1.0.0+build\" is not a semantic"),
        (format!("{m}require github.com/a/b v01.0.0\n"), "line 2: version \"v01.0.0\" is not a semantic"),
        (format!("{m}require github.com/a/b\n"), "line 2: expected \"require MODULE VERSION\", found 1 argument(s)"),
        (format!("{m}require \"github.com/\\q\" v1.0.0\n"), "line 2: bad escape \\q in quoted string"),
        (format!("{m}require \"github.com/\\x6\" v1.0.0\n"), "line 2: bad escape \\x6 in quoted string"),
        (format!("{m}require \"github.com/\\400\" v1.0.0\n"), "line 2: bad escape \\4… (above \\377)"),
        (format!("{m}require \"github.com/a/b v1.0.0\n"), "line 2: unterminated quoted string"),
        (format!("{m}require \"github.com/a b\" v1.0.0\n"), "line 2: \"github.com/a b\" is not a module path"),
        (format!("{m}require github.com//b v1.0.0\n"), "line 2: \"github.com//b\" is not a module path"),
        (format!("{m}/* old */\n"), "line 2: go.mod takes // comments, not /* */"),
        (format!("{m}go 1.021\n"), "line 2: go version \"1.021\" is not 1.N[.P]"),
        (format!("{m}toolchain 1.21.5\n"), "line 2: toolchain \"1.21.5\" is not go1.N…"),
        (format!("{m}module example.com/n\n"), "line 2: a second module directive (the first is on line 1)"),
        ("go 1.21\n".to_owned(), "no module directive"),
        (
            format!("{m}replace github.com/a/b => github.com/c/d\n"),
            "line 2: replacement \"github.com/c/d\" has no version",
        ),
        (format!("{m}replace github.com/a/b => ./b v1.0.0\n"), "line 2: replacement folder \"./b\" takes no version"),
        (format!("{m}replace github.com/a/b v1.0.0\n"), "line 2: expected \"replace MODULE [VERSION] => REPLACEMENT"),
        (
            format!("{m}replace github.com/a/b => ./b\nreplace github.com/a/b => ./c\n"),
            "line 3: github.com/a/b is replaced on line 2 already, by something else",
        ),
        (
            format!("{m}require github.com/a/b v1.0.0\nrequire github.com/a/b v1.1.0\n"),
            "line 3: github.com/a/b is required at v1.0.0 on line 2 already",
        ),
        (format!("{m}retract [v1.0.0 v1.1.0]\n"), "line 2: unexpected \"[\""),
        (format!("{m}exclude github.com/a/b latest\n"), "line 2: version \"latest\" does not start with \"v\""),
    ];
    for (text, expected) in cases {
        let message = err(&text);
        assert!(message.starts_with("go.mod: malformed: "), "{message}");
        assert!(message.contains(expected), "{text:?}: expected {expected:?} in {message:?}");
    }
}

#[test]
fn comments_and_indirect_markers_follow_go() {
    let lock = parse(concat!(
        "// The gateway.\n",
        "module example.com/m // Deprecated: use example.com/n\n",
        "require (\n",
        "\tgithub.com/a/b v1.0.0 //indirect\n",
        "\tgithub.com/c/d v1.0.0 // indirect;\n",
        "\tgithub.com/e/f v1.0.0 // not indirect\n",
        ")\n",
        "retract v0.1.0\n",
        "exclude ()\n",
    ));
    // `//indirect` is indirect; `indirect;` with nothing after it is not.
    assert_eq!(lock.packages.len(), 3);
    assert_eq!(lock.root_dependencies, ["pkg:golang/github.com/c/d@v1.0.0", "pkg:golang/github.com/e/f@v1.0.0"]);
}

/// With go.mod and go.sum in one folder, `sbom generate` reads both:
/// go.mod's build list and roots with go.sum's h1 properties; go.sum's
/// extra module (go-spew, only its go.mod was hashed) is not built.
/// Each component names the lockfile it came from.
#[test]
fn sbom_of_a_folder_with_go_mod_and_go_sum_merges_them() {
    let dir = format!("{}/../testdata/lockfiles/go", env!("CARGO_MANIFEST_DIR"));
    let req = crate::sbom::GenerateRequest {
        paths: vec![dir.into()],
        product: crate::sbom::Product { name: "gateway".into(), version: "1.0.0".into(), ..Default::default() },
        ..Default::default()
    };
    let scan = crate::sbom::scan(&req).unwrap();
    let generated = crate::sbom::generate(&req, scan, &|_| {}).unwrap();
    assert_eq!(generated.lockfiles, ["go.mod", "go.sum"]);
    let bom: serde_json::Value = serde_json::from_slice(&generated.json).unwrap();
    let components = bom["components"].as_array().unwrap();
    let libraries: Vec<(&str, serde_json::Value)> = components
        .iter()
        .filter(|c| c["type"] == "library")
        .map(|c| (c["purl"].as_str().unwrap(), c["properties"].clone()))
        .collect();
    let h1 = |v: &str| serde_json::json!([{"name": "attest:go:h1", "value": v}, {"name": "attest:lockfile", "value": "go.mod"}]);
    assert_eq!(
        libraries,
        [
            ("pkg:golang/github.com/BurntSushi/toml@v1.3.2", h1("h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=")),
            (
                "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
                h1("h1:Wo6l37AuwP3JaMnZa226lzVXGA3F9Ig1seQen0cKYlM=")
            ),
            ("pkg:golang/github.com/google/go-cmp@v0.6.0", h1("h1:ofyhxvXcZhMsU5ulbFiLKl/XBFqE1GSq7atu8tAmTRI=")),
            ("pkg:golang/github.com/spf13/cobra@v1.8.0", h1("h1:7aJaZx1B85qltLMc546zn58BxxfZdR/W22ej9CFoEf0=")),
            ("pkg:golang/golang.org/x/sys@v0.15.0", h1("h1:h48lPFYpsTvQJZF4EKyI4aLHaev3CxivZmv7yZig9pc=")),
            (
                "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
                serde_json::json!([
                    {"name": "attest:go:replaces", "value": "gopkg.in/yaml.v3 v3.0.0"},
                    {"name": "attest:go:h1", "value": "h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA="},
                    {"name": "attest:lockfile", "value": "go.mod"}
                ])
            ),
        ]
    );
    assert!(components.iter().all(|c| c.get("hashes").is_none() || c["type"] == "file"));
    let dependencies = bom["dependencies"].as_array().unwrap();
    let product = dependencies.iter().find(|d| d["ref"] == "product").unwrap();
    assert_eq!(
        product["dependsOn"],
        serde_json::json!([
            "pkg:golang/github.com/BurntSushi/toml@v1.3.2",
            "pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible",
            "pkg:golang/github.com/spf13/cobra@v1.8.0",
            "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
        ])
    );
}
