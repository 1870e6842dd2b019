//! `sbom generate` reading installed package metadata beside a lockfile
//! (`node_modules/*/package.json`, a virtualenv's `*.dist-info/METADATA`)
//! for component authors, supplier, declared licence and source repository
//! (docs/lockfiles.md, "Installed package metadata"), and what that does to
//! `sbom check --profile ntia`.

use std::path::Path;

use attest_e2e::{Scratch, validate_cdx_16, workspace};
use serde_json::{Value, json};

/// Copies testdata/installed/NAME into the scratch folder as NAME.
fn copy_fixture(s: &Scratch, name: &str) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    copy(&workspace().join("testdata/installed").join(name), &s.join(name));
}

const NTIA_ARGS: [&str; 12] = [
    "sbom",
    "generate",
    "npm",
    "--name",
    "shop",
    "--version",
    "1.0.0",
    "--supplier",
    "Shop Ltd",
    "--creator-email",
    "sbom@shop.example",
    "--force",
];

fn component<'a>(bom: &'a Value, name: &str) -> &'a Value {
    let components = bom["components"].as_array().unwrap();
    components.iter().find(|c| c["name"] == json!(name)).unwrap_or_else(|| panic!("no component {name}"))
}

fn property<'a>(c: &'a Value, name: &str) -> Option<&'a str> {
    let props = c["properties"].as_array()?;
    props.iter().find(|p| p["name"] == json!(name)).and_then(|p| p["value"].as_str())
}

#[test]
fn node_modules_beside_package_lock_fill_licence_and_author_so_ntia_passes() {
    let s = Scratch::new();
    copy_fixture(&s, "npm");
    let modules = s.join("npm/node_modules");
    let stash = s.join("stash");
    std::fs::rename(&modules, &stash).unwrap();

    // Without node_modules the lockfile's packages have no supplier.
    let mut args = NTIA_ARGS.to_vec();
    args.extend(["--profile", "ntia", "-o", "bare.json"]);
    s.run(&args).code(0).says("profile ntia: 2 requirement(s) not met");
    let check = s.run(&["sbom", "check", "bare.json", "--profile", "ntia", "--output", "json"]);
    check.code(1);
    let report = check.json();
    let bare: Value = serde_json::from_slice(&s.read("bare.json")).unwrap();
    let findings = report["profiles"][0]["findings"].as_array().unwrap();
    let unmet: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["met"] == json!(false))
        .map(|f| {
            let pointer = f["pointer"].as_str().unwrap();
            (f["requirement"].as_str().unwrap(), bare.pointer(pointer).unwrap()["name"].as_str().unwrap())
        })
        .collect();
    assert_eq!(unmet, [("ntia.supplier", "@acme/colors"), ("ntia.supplier", "tiny-json")]);
    assert!(component(&bare, "tiny-json").get("licenses").is_none());

    // With it, each package carries its author, supplier, declared licence and repository.
    std::fs::rename(&stash, &modules).unwrap();
    let mut args = NTIA_ARGS.to_vec();
    args.extend(["--profile", "ntia", "-o", "full.json", "--output", "json"]);
    let out = s.run(&args);
    out.code(0);
    assert!(!out.stderr.contains("not met"), "{}", out.stderr);
    let summary = out.json();
    assert_eq!(
        summary["installedMetadata"],
        json!([
            {
                "component": "pkg:npm/%40acme/colors@2.1.0",
                "source": "node_modules/@acme/colors/package.json",
                "fields": ["authors", "supplier", "licenses", "externalReferences/vcs"]
            },
            {
                "component": "pkg:npm/tiny-json@1.2.3",
                "source": "node_modules/tiny-json/package.json",
                "fields": ["authors", "supplier", "licenses", "externalReferences/vcs"]
            }
        ])
    );
    s.run(&["sbom", "check", "full.json", "--profile", "ntia"]).code(0).says("meets ntia");
    s.run(&["sbom", "validate", "full.json"]).code(0).says("valid CycloneDX 1.6");

    let bom: Value = serde_json::from_slice(&s.read("full.json")).unwrap();
    let colors = component(&bom, "@acme/colors");
    assert_eq!(colors["authors"], json!([{"name": "Ada Colours", "email": "ada@acme.example"}]));
    assert_eq!(colors["supplier"], json!({"name": "Ada Colours"}));
    assert_eq!(colors["licenses"], json!([{"expression": "MIT", "acknowledgement": "declared"}]));
    assert_eq!(colors["externalReferences"], json!([{"type": "vcs", "url": "https://github.com/acme/colors.git"}]));
    assert_eq!(property(colors, "attest:installed-metadata"), Some("node_modules/@acme/colors/package.json"));
    let tiny = component(&bom, "tiny-json");
    assert_eq!(tiny["authors"], json!([{"name": "Tom Tiny", "email": "tom@tiny.example"}]));
    assert_eq!(tiny["licenses"][0]["expression"], json!("(MIT OR Apache-2.0)"));
    assert_eq!(tiny["externalReferences"][0]["url"], json!("https://github.com/tiny/json"));
    validate_cdx_16(&s, "full.json");
}

#[test]
fn metadata_of_another_version_or_malformed_is_noted_never_used_never_fatal() {
    let s = Scratch::new();
    copy_fixture(&s, "npm");
    let tiny = s.join("npm/node_modules/tiny-json/package.json");
    let text = std::fs::read_to_string(&tiny).unwrap().replace("\"1.2.3\"", "\"1.2.2\"");
    std::fs::write(&tiny, text).unwrap();
    s.write("npm/node_modules/@acme/colors/package.json", b"{\"name\": \"@acme/colors\", ");

    let mut args = NTIA_ARGS.to_vec();
    args.extend(["-o", "s.json", "--output", "json"]);
    let out = s.run(&args);
    out.code(0);
    assert!(
        out.stderr.contains(
            "node_modules/tiny-json/package.json: is tiny-json 1.2.2, the lockfile locks tiny-json 1.2.3; not used"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("node_modules/@acme/colors/package.json: not JSON"), "{}", out.stderr);
    assert_eq!(out.json()["installedMetadata"], json!([]));
    let bom: Value = serde_json::from_slice(&s.read("s.json")).unwrap();
    for name in ["tiny-json", "@acme/colors"] {
        let c = component(&bom, name);
        assert!(c.get("licenses").is_none() && c.get("supplier").is_none(), "{c}");
        assert_eq!(property(c, "attest:installed-metadata"), None);
    }
}

#[test]
fn a_virtualenv_beside_requirements_fills_by_normalised_name_and_pep440_version() {
    let s = Scratch::new();
    copy_fixture(&s, "python");
    let base = ["sbom", "generate", "python", "--name", "p", "--version", "1", "--force"];
    s.run(&[&base[..], &["-o", "16.json"]].concat()).code(0).says("1 filled from installed package metadata");
    let bom: Value = serde_json::from_slice(&s.read("16.json")).unwrap();
    let foo = component(&bom, "Foo.Bar");
    assert_eq!(foo["authors"], json!([{"name": "Fay Bar", "email": "fay@bar.example"}]));
    assert_eq!(foo["supplier"], json!({"name": "Fay Bar"}));
    assert_eq!(foo["licenses"], json!([{"expression": "BSD-3-Clause", "acknowledgement": "declared"}]));
    assert_eq!(foo["externalReferences"], json!([{"type": "vcs", "url": "https://git.bar.example/foo-bar"}]));
    assert_eq!(
        property(foo, "attest:installed-metadata"),
        Some(".venv/lib/python3.12/site-packages/foo_bar-2.0.dist-info/METADATA")
    );

    // CycloneDX 1.5 has no component authors nor licence acknowledgement.
    s.run(&[&base[..], &["--spec-version", "1.5", "-o", "15.json"]].concat()).code(0);
    let bom: Value = serde_json::from_slice(&s.read("15.json")).unwrap();
    let foo = component(&bom, "Foo.Bar");
    assert!(foo.get("authors").is_none(), "{foo}");
    assert_eq!(foo["licenses"], json!([{"expression": "BSD-3-Clause"}]));
    assert_eq!(foo["supplier"], json!({"name": "Fay Bar"}));
    s.run(&["sbom", "validate", "15.json"]).code(0).says("valid CycloneDX 1.5");
}

#[test]
fn cargo_registry_sources_fill_crates_only_when_asked_and_a_missing_registry_is_refused() {
    let s = Scratch::new();
    copy_fixture(&s, "cargo");
    copy_fixture(&s, "cargo-home");
    let home = s.join("cargo-home");
    let env = [("CARGO_HOME", home.to_str().unwrap())];
    let base = ["sbom", "generate", "cargo", "--name", "app", "--version", "0.1.0", "--force"];

    // By default the registry cache (machine-wide) is not read.
    s.run_with(&[&base[..], &["-o", "plain.json"]].concat(), &env, None).code(0);
    let bom: Value = serde_json::from_slice(&s.read("plain.json")).unwrap();
    assert!(component(&bom, "tinycrate").get("licenses").is_none());

    let out =
        s.run_with(&[&base[..], &["--cargo-registry", "-o", "filled.json", "--output", "json"]].concat(), &env, None);
    out.code(0);
    let source = "$CARGO_HOME/registry/src/index.crates.io-1949cf8c6b5b557f/tinycrate-0.1.0/Cargo.toml";
    assert_eq!(out.json()["installedMetadata"][0]["source"], json!(source));
    let bom: Value = serde_json::from_slice(&s.read("filled.json")).unwrap();
    let tiny = component(&bom, "tinycrate");
    assert_eq!(tiny["authors"], json!([{"name": "Cara Crate", "email": "cara@crate.example"}]));
    assert_eq!(tiny["licenses"], json!([{"expression": "MIT OR Apache-2.0", "acknowledgement": "declared"}]));
    assert_eq!(tiny["externalReferences"], json!([{"type": "vcs", "url": "https://github.com/cara/tinycrate"}]));
    assert_eq!(property(tiny, "attest:installed-metadata"), Some(source));
    // The project's own crate is not looked up in the registry.
    assert_eq!(property(component(&bom, "app"), "attest:installed-metadata"), None);

    let missing = s.join("no-such-home");
    let env = [("CARGO_HOME", missing.to_str().unwrap())];
    s.run_with(&[&base[..], &["--cargo-registry", "-o", "x.json"]].concat(), &env, None)
        .code(2)
        .says("--cargo-registry:")
        .says("is not a folder");
}

/// composer.lock carries each package's own metadata (Composer copies it
/// from the package's composer.json): the real lock of Composer itself fills
/// licence, authors and repository with nothing installed, and a package
/// whose entry names no author (phpstan's) gets its licence only.
#[test]
fn composer_lock_entries_fill_licence_authors_and_repository() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.join("php")).unwrap();
    for f in ["composer.json", "composer.lock"] {
        std::fs::copy(workspace().join("testdata/corpus/composer-composer").join(f), s.join("php").join(f)).unwrap();
    }
    let out = s.run(&[
        "--output",
        "json",
        "sbom",
        "generate",
        "php",
        "--name",
        "composer",
        "--version",
        "2",
        "-o",
        "php.json",
    ]);
    out.code(0);
    let filled = out.json()["installedMetadata"].as_array().unwrap().clone();
    let ca = filled.iter().find(|f| f["component"] == json!("pkg:composer/composer/ca-bundle@1.5.12")).unwrap();
    assert_eq!(ca["source"], json!("composer.lock#/packages/0"));
    assert_eq!(ca["fields"], json!(["authors", "supplier", "licenses", "externalReferences/vcs"]));

    let bom: Value = serde_json::from_slice(&s.read("php.json")).unwrap();
    let ca = component(&bom, "composer/ca-bundle");
    assert_eq!(ca["authors"], json!([{"name": "Jordi Boggiano", "email": "j.boggiano@seld.be"}]));
    assert_eq!(ca["licenses"], json!([{"expression": "MIT", "acknowledgement": "declared"}]));
    assert_eq!(ca["externalReferences"], json!([{"type": "vcs", "url": "https://github.com/composer/ca-bundle.git"}]));
    let phpstan = component(&bom, "phpstan/phpstan");
    assert_eq!(phpstan["licenses"][0]["expression"], json!("MIT"));
    assert!(phpstan.get("authors").is_none() && phpstan.get("supplier").is_none(), "{phpstan:#}");
    s.run(&["sbom", "validate", "php.json"]).code(0).says("valid CycloneDX 1.6");
    validate_cdx_16(&s, "php.json");
}

/// Gems installed by Bundler into vendor/bundle: their RubyGems-written
/// gemspecs (real ones, from Debian's packages) fill authors with their
/// e-mail addresses paired by position, the one licence and the
/// `source_code_uri`.
#[test]
fn vendor_bundle_gemspecs_beside_gemfile_lock_fill_authors_licence_and_source() {
    let s = Scratch::new();
    copy_fixture(&s, "ruby");
    let mut args = NTIA_ARGS.to_vec();
    args[2] = "ruby";
    args.extend(["--profile", "ntia", "-o", "rb.json", "--output", "json"]);
    let out = s.run(&args);
    out.code(0);
    assert!(!out.stderr.contains("not met"), "{}", out.stderr);
    let filled = out.json()["installedMetadata"].clone();
    assert_eq!(
        filled,
        json!([
            {
                "component": "pkg:gem/rack@2.2.22",
                "source": "vendor/bundle/ruby/3.1.0/specifications/rack-2.2.22.gemspec",
                "fields": ["authors", "supplier", "licenses", "externalReferences/vcs"]
            },
            {
                "component": "pkg:gem/rake@13.0.6",
                "source": "vendor/bundle/ruby/3.1.0/specifications/rake-13.0.6.gemspec",
                "fields": ["authors", "supplier", "licenses", "externalReferences/vcs"]
            }
        ])
    );
    let bom: Value = serde_json::from_slice(&s.read("rb.json")).unwrap();
    let rake = component(&bom, "rake");
    assert_eq!(
        rake["authors"],
        json!([
            {"name": "Hiroshi SHIBATA", "email": "hsbt@ruby-lang.org"},
            {"name": "Eric Hodel", "email": "drbrain@segment7.net"},
            {"name": "Jim Weirich"}
        ])
    );
    assert_eq!(rake["licenses"], json!([{"expression": "MIT", "acknowledgement": "declared"}]));
    assert_eq!(
        rake["externalReferences"],
        json!([{"type": "vcs", "url": "https://github.com/ruby/rake/tree/v13.0.6"}])
    );
    let rack = component(&bom, "rack");
    assert_eq!(rack["authors"], json!([{"name": "Leah Neukirchen", "email": "leah@vuxu.org"}]));
    s.run(&["sbom", "check", "rb.json", "--profile", "ntia"]).code(0).says("meets ntia");
    validate_cdx_16(&s, "rb.json");
}
