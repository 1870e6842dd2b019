//! Lockfiles as real projects write them, through the real binary
//! (docs/lockfiles.md): yarn Berry 9/10 and `resolutions`, Cargo path and
//! registry crates sharing a name and version, `--exclude` / `--no-discover`
//! and `attest:lockfile`, go.mod as the build list, scopes and `--omit`,
//! first-party components, Python distributions, Go purls that keep case,
//! and the product linked from the manifest beside the lockfile.

use attest_e2e::{Scratch, workspace};
use serde_json::{Value, json};

/// Runs `sbom generate` with `args` (plus name, version and `-o out`),
/// checks the SBOM is valid CycloneDX and returns it.
fn generate(s: &Scratch, args: &[&str]) -> Value {
    let mut all = vec!["sbom", "generate"];
    all.extend_from_slice(args);
    all.extend(["--name", "app", "--version", "1.0.0", "-o", "out.json", "--force"]);
    s.run(&all).code(0);
    s.run(&["sbom", "validate", "out.json"]).code(0);
    serde_json::from_slice(&s.read("out.json")).unwrap()
}

fn components(sbom: &Value) -> Vec<Value> {
    sbom["components"].as_array().cloned().unwrap_or_default()
}

fn component(sbom: &Value, purl: &str) -> Value {
    components(sbom).into_iter().find(|c| c["purl"] == json!(purl)).unwrap_or_else(|| panic!("no {purl}"))
}

fn depends_on(sbom: &Value, reference: &str) -> Vec<String> {
    let deps = sbom["dependencies"].as_array().unwrap();
    let d = deps.iter().find(|d| d["ref"] == json!(reference)).unwrap_or_else(|| panic!("no edges of {reference}"));
    let on = d["dependsOn"].as_array().cloned().unwrap_or_default(); // absent when it depends on nothing
    on.iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

fn property(c: &Value, name: &str) -> Vec<String> {
    let props = c["properties"].as_array().cloned().unwrap_or_default();
    props.iter().filter(|p| p["name"] == json!(name)).map(|p| p["value"].as_str().unwrap().to_owned()).collect()
}

fn corpus(rel: &str) -> Vec<u8> {
    std::fs::read(workspace().join("testdata/corpus").join(rel)).unwrap()
}

const BERRY: &str = "__metadata:\n  version: 10\n  cacheKey: 10c0\n\n\
\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n  dependencies:\n    a: \"npm:^1.0.0\"\n  languageName: unknown\n  linkType: soft\n\n\
\"a@npm:^1.0.0\":\n  version: 1.2.0\n  resolution: \"a@npm:1.2.0\"\n  dependencies:\n    b: \"npm:^1.0.0\"\n  languageName: node\n  linkType: hard\n\n\
\"b@npm:2.0.1\":\n  version: 2.0.1\n  resolution: \"b@npm:2.0.1\"\n  languageName: node\n  linkType: hard\n";

/// Issue point 1: yarn 4.10's `__metadata` version 10 reads, and a dependency that
/// package.json's `resolutions` remap resolves as yarn resolves it. Without
/// that package.json the lockfile alone cannot say, and is refused naming it.
#[test]
fn yarn_berry_10_with_resolutions_from_package_json() {
    let s = Scratch::new();
    s.write("web/yarn.lock", BERRY);
    s.run(&["sbom", "generate", "web", "--name", "app", "--version", "1", "-o", "x.json"])
        .code(2)
        .says("dependency \"b@npm:^1.0.0\" matches no entry's key; if package.json remaps it with `resolutions`");
    s.write("web/package.json", r#"{"name": "app", "resolutions": {"a/b": "2.0.1"}}"#);
    let sbom = generate(&s, &["web"]);
    assert_eq!(depends_on(&sbom, "pkg:npm/a@1.2.0"), ["pkg:npm/b@2.0.1"]);
    assert_eq!(depends_on(&sbom, "product"), ["pkg:npm/a@1.2.0"]);
    // The corpus: jest and prettier at yarn 4.x (versions 8, 9, 10) read.
    for dir in ["yarn-berry9-jest", "yarn-berry10-prettier"] {
        s.write(&format!("{dir}/yarn.lock"), corpus(&format!("{dir}/yarn.lock")));
        s.write(&format!("{dir}/package.json"), corpus(&format!("{dir}/package.json")));
        generate(&s, &[dir]);
    }
}

/// Issue point 2: rust-lang/cargo's own Cargo.lock: a path crate and a crates.io crate
/// share name and version, and a dependency without a source means the path
/// crate, as Cargo reads it.
#[test]
fn cargo_path_and_registry_crates_sharing_name_and_version() {
    let s = Scratch::new();
    s.write("Cargo.lock", corpus("cargo-v4-cargo/Cargo.lock"));
    let sbom = generate(&s, &["--lockfile", "Cargo.lock"]);
    let cargo = component(&sbom, "pkg:cargo/cargo@0.101.0");
    assert_eq!(property(&cargo, "attest:first-party"), ["true"]);
    assert!(depends_on(&sbom, "pkg:cargo/cargo@0.101.0").contains(&"pkg:cargo/cargo-platform@0.3.3".to_owned()));
    // The product depends on the workspace's top crates (nothing depends on them).
    let top = depends_on(&sbom, "product");
    assert!(top.contains(&"pkg:cargo/xtask-bump-check@0.0.0".to_owned()), "{top:?}");
    assert!(depends_on(&sbom, "pkg:cargo/xtask-bump-check@0.0.0").contains(&"pkg:cargo/cargo@0.101.0".to_owned()));
    assert_eq!(components(&sbom).len(), 549);
}

/// Issue point 3: `--exclude` keeps test fixtures out (not hashed, not read), every
/// component names its lockfile, and `--no-discover` reads only the named.
#[test]
fn exclude_no_discover_and_the_lockfile_property() {
    let s = Scratch::new();
    s.write("repo/Cargo.lock", corpus("cargo-v3-ripgrep/Cargo.lock"));
    s.write("repo/test/packages/broken/uv.lock", b"version = 1\n[[package]]\nname = 3\n");
    s.run(&["sbom", "generate", "repo", "--name", "a", "--version", "1", "-o", "x.json"])
        .code(2)
        .says("test/packages/broken/uv.lock");
    let sbom = generate(&s, &["repo", "--exclude", "test/packages/*"]);
    let all = components(&sbom);
    let files: Vec<&str> =
        all.iter().filter(|c| c["type"] == json!("file")).map(|c| c["name"].as_str().unwrap()).collect();
    // A sibling folder that stays in is still hashed; the excluded one is not.
    assert_eq!(files, ["Cargo.lock"]);
    let memchr = component(&sbom, "pkg:cargo/memchr@2.7.4");
    assert_eq!(property(&memchr, "attest:lockfile"), ["Cargo.lock"]);
    // --no-discover: the tree is hashed, only --lockfile is read.
    let sbom = generate(&s, &["repo", "--exclude", "test", "--no-discover", "--lockfile", "repo/Cargo.lock"]);
    assert_eq!(property(&component(&sbom, "pkg:cargo/memchr@2.7.4"), "attest:lockfile"), ["repo/Cargo.lock"]);
    s.run(&["sbom", "generate", "repo", "--no-discover", "--name", "a", "--version", "1"]).code(2).says("--lockfile");
    s.run(&["sbom", "generate", "repo", "--exclude", "a//b", "--name", "a", "--version", "1"])
        .code(2)
        .says("not a path glob");
}

/// Issue point 4: With go.mod, the module set is go.mod's and go.sum adds its hashes;
/// go.sum alone lists only versions with a zip hash, and says so.
#[test]
fn go_mod_is_the_build_list_and_go_sum_alone_says_what_it_left_out() {
    let s = Scratch::new();
    s.write("cosign/go.mod", corpus("gomod-cosign/go.mod"));
    s.write("cosign/go.sum", corpus("gomod-cosign/go.sum"));
    let sbom = generate(&s, &["--lockfile", "cosign/go.mod", "--lockfile", "cosign/go.sum"]);
    let modules: Vec<Value> = components(&sbom).into_iter().filter(|c| c["type"] == json!("library")).collect();
    assert_eq!(modules.len(), 287);
    assert!(modules.iter().all(|c| property(c, "attest:go:h1").len() == 1), "every go.mod module has go.sum's h1");
    s.write("sum-only/go.sum", corpus("gomod-cosign/go.sum"));
    let out =
        s.run(&["sbom", "generate", "--lockfile", "sum-only/go.sum", "--name", "a", "--version", "1", "-o", "s.json"]);
    out.code(0).says("read without a go.mod beside it");
    let sbom: Value = serde_json::from_slice(&s.read("s.json")).unwrap();
    let zip_lines = String::from_utf8(corpus("gomod-cosign/go.sum")).unwrap();
    let zips = zip_lines.lines().filter(|l| !l.split_whitespace().nth(1).unwrap_or("").ends_with("/go.mod")).count();
    assert_eq!(components(&sbom).len(), zips);
}

const NPM: &str = r#"{
  "name": "app", "version": "1.0.0", "lockfileVersion": 3,
  "packages": {
    "": {"name": "app", "version": "1.0.0", "workspaces": ["ui"],
         "dependencies": {"ms": "^2.1.3", "ui": "*"}, "devDependencies": {"typescript": "^5.4.5"},
         "optionalDependencies": {"fsevents": "^2.3.3"}},
    "ui": {"name": "ui", "version": "0.1.0", "dependencies": {"ms": "^2.1.3"}},
    "node_modules/ui": {"resolved": "ui", "link": true},
    "node_modules/ms": {"version": "2.1.3", "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
         "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="},
    "node_modules/typescript": {"version": "5.4.5", "resolved": "https://registry.npmjs.org/typescript/-/typescript-5.4.5.tgz", "dev": true},
    "node_modules/fsevents": {"version": "2.3.3", "resolved": "https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz", "optional": true}
  }
}"#;

/// Issue point 5 and 6: Dev-only components are scope `excluded`, optional ones
/// `optional`, `--omit` leaves them out; the npm workspace is a first-party
/// component in the graph.
#[test]
fn scopes_omit_and_first_party_workspaces() {
    let s = Scratch::new();
    s.write("package-lock.json", NPM);
    let sbom = generate(&s, &["--lockfile", "package-lock.json"]);
    assert_eq!(component(&sbom, "pkg:npm/typescript@5.4.5")["scope"], json!("excluded"));
    assert_eq!(component(&sbom, "pkg:npm/fsevents@2.3.3")["scope"], json!("optional"));
    assert_eq!(component(&sbom, "pkg:npm/ms@2.1.3").get("scope"), None);
    let ui = component(&sbom, "pkg:npm/ui@0.1.0");
    assert_eq!(property(&ui, "attest:first-party"), ["true"]);
    assert_eq!(depends_on(&sbom, "pkg:npm/ui@0.1.0"), ["pkg:npm/ms@2.1.3"]);
    let purls = |sbom: &Value| -> Vec<String> {
        components(sbom).iter().map(|c| c["purl"].as_str().unwrap().to_owned()).collect()
    };
    let sbom = generate(&s, &["--lockfile", "package-lock.json", "--omit", "dev"]);
    assert_eq!(purls(&sbom), ["pkg:npm/fsevents@2.3.3", "pkg:npm/ms@2.1.3", "pkg:npm/ui@0.1.0"]);
    assert!(!depends_on(&sbom, "product").contains(&"pkg:npm/typescript@5.4.5".to_owned()));
    let sbom = generate(&s, &["--lockfile", "package-lock.json", "--omit", "dev", "--omit", "optional"]);
    assert_eq!(purls(&sbom), ["pkg:npm/ms@2.1.3", "pkg:npm/ui@0.1.0"]);
    s.run(&["sbom", "generate", "--lockfile", "package-lock.json", "--omit", "test", "--name", "a", "--version", "1"])
        .code(2);
}

/// Issue point 6: Bundler PATH gems are first-party components the product depends on.
#[test]
fn gemfile_path_gems_are_first_party_components() {
    let s = Scratch::new();
    s.write("Gemfile.lock", corpus("gemfile-rails/Gemfile.lock"));
    let sbom = generate(&s, &["--lockfile", "Gemfile.lock"]);
    let rails = component(&sbom, "pkg:gem/rails@8.2.0.alpha");
    assert_eq!(property(&rails, "attest:first-party"), ["true"]);
    assert!(depends_on(&sbom, "product").contains(&"pkg:gem/rails@8.2.0.alpha".to_owned()));
    assert!(depends_on(&sbom, "pkg:gem/rails@8.2.0.alpha").contains(&"pkg:gem/activesupport@8.2.0.alpha".to_owned()));
    let first_party = components(&sbom).iter().filter(|c| !property(c, "attest:first-party").is_empty()).count();
    assert_eq!(first_party, 14);
}

/// Issue point 7: Each Python artefact is a `distribution` external reference with its
/// own file and hash, not one pile of hashes on the component.
#[test]
fn python_artefacts_are_distribution_references() {
    let s = Scratch::new();
    s.write("poetry.lock", corpus("poetry-v2.1-poetry/poetry.lock"));
    let sbom = generate(&s, &["--lockfile", "poetry.lock"]);
    let certifi = component(&sbom, "pkg:pypi/certifi@2026.4.22");
    assert_eq!(certifi.get("hashes"), None);
    let refs = certifi["externalReferences"].as_array().unwrap();
    assert_eq!(refs.len(), 2);
    assert!(refs.iter().all(|r| r["type"] == json!("distribution") && r["hashes"][0]["alg"] == json!("SHA-256")));
    let files: Vec<&str> = refs.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(files, ["certifi-2026.4.22-py3-none-any.whl", "certifi-2026.4.22.tar.gz"]);
    s.write("uv.lock", corpus("uv-flask/uv.lock"));
    let sbom = generate(&s, &["--lockfile", "uv.lock"]);
    let refs = component(&sbom, "pkg:pypi/click@8.3.2")["externalReferences"].clone();
    assert!(refs[0]["url"].as_str().unwrap().starts_with("https://files.pythonhosted.org/"), "{refs}");
}

/// Issue point 8: Go module paths keep their case in purls.
#[test]
fn go_purls_keep_case() {
    let s = Scratch::new();
    s.write("go.mod", corpus("gomod-prometheus/go.mod"));
    let sbom = generate(&s, &["--lockfile", "go.mod"]);
    component(&sbom, "pkg:golang/github.com/Azure/azure-sdk-for-go/sdk/azcore@v1.22.0");
    assert!(
        components(&sbom)
            .iter()
            .all(|c| c["purl"] != json!("pkg:golang/github.com/azure/azure-sdk-for-go/sdk/azcore@v1.22.0"))
    );
}

/// Issue point 9: poetry.lock and composer.lock do not record the project's own
/// dependencies; the manifest beside them does, and links the product.
#[test]
fn the_manifest_beside_the_lockfile_links_the_product() {
    let s = Scratch::new();
    // poetry-plugin-export depends on poetry, the project itself: only
    // pyproject.toml says so.
    s.write("py/poetry.lock", corpus("poetry-v1.1-poetry/poetry.lock"));
    s.run(&["sbom", "generate", "py", "--name", "a", "--version", "1", "-o", "x.json"])
        .code(2)
        .says("dependency \"poetry\" matches no package in the lockfile; if it is the project itself, keep its pyproject.toml beside the lockfile");
    s.write("py/pyproject.toml", corpus("poetry-v1.1-poetry/pyproject.toml"));
    let sbom = generate(&s, &["py"]);
    let direct = depends_on(&sbom, "product");
    assert!(direct.contains(&"pkg:pypi/poetry-core@1.4.0".to_owned()), "{direct:?}");
    assert!(direct.contains(&"pkg:pypi/pytest@7.1.3".to_owned()), "{direct:?}");
    s.write("php/composer.lock", corpus("composer-composer/composer.lock"));
    s.write("php/composer.json", corpus("composer-composer/composer.json"));
    let sbom = generate(&s, &["php"]);
    let direct = depends_on(&sbom, "product");
    assert!(direct.contains(&"pkg:composer/composer/ca-bundle@1.5.12".to_owned()), "{direct:?}");
}

/// The first-party components of an SBOM.
fn first_party(sbom: &Value) -> Vec<String> {
    let all = components(sbom);
    let own = all.iter().filter(|c| property(c, "attest:first-party") == ["true"]);
    own.map(|c| c["purl"].as_str().unwrap_or_default().to_owned()).collect()
}

/// Issue point 6: yarn Berry `workspace:` folders, pnpm importers other
/// projects link to and uv workspace members are first-party components in
/// the graph, as Cargo, npm and Bundler ones are; the root project is the product.
#[test]
fn yarn_pnpm_and_uv_workspaces_are_first_party_components() {
    let s = Scratch::new();
    s.write("yarn/yarn.lock", corpus("yarn-berry4-jest/yarn.lock"));
    s.write("yarn/package.json", corpus("yarn-berry4-jest/package.json"));
    let sbom = generate(&s, &["--lockfile", "yarn/yarn.lock"]);
    let own = first_party(&sbom);
    // 66 `workspace:` entries; `@jest/monorepo@workspace:.` is the product.
    assert_eq!(own.len(), 65);
    assert!(own.contains(&"pkg:npm/jest-circus".to_owned()), "{own:?}");
    assert!(depends_on(&sbom, "pkg:npm/jest-circus").contains(&"pkg:npm/%40jest/environment".to_owned()));

    s.write("pnpm/pnpm-lock.yaml", corpus("pnpm-v9-vue/pnpm-lock.yaml"));
    let sbom = generate(&s, &["--lockfile", "pnpm/pnpm-lock.yaml"]);
    let own = first_party(&sbom);
    // 17 projects besides the root; 11 are named by another's `link:`.
    assert_eq!(own.len(), 11, "{own:?}");
    assert!(depends_on(&sbom, "pkg:npm/vue").contains(&"pkg:npm/%40vue/runtime-dom".to_owned()));
    assert!(depends_on(&sbom, "pkg:npm/%40vue/shared").is_empty());

    s.write("uv/uv.lock", corpus("uv-pydantic/uv.lock"));
    let sbom = generate(&s, &["--lockfile", "uv/uv.lock"]);
    let core = component(&sbom, "pkg:pypi/pydantic-core");
    assert_eq!(property(&core, "attest:first-party"), ["true"]);
    assert!(core.get("scope").is_none(), "a member is never development-only");
    assert_eq!(first_party(&sbom).len(), 1);
    assert!(depends_on(&sbom, "product").contains(&"pkg:pypi/pydantic-core".to_owned()));
}

/// Issue point 5: with the workspace's Cargo.toml files beside Cargo.lock, a
/// crate only `[dev-dependencies]` reach is `excluded`; without them the
/// summary says the crates could not be marked.
#[test]
fn cargo_dev_only_crates_are_marked_from_the_members_manifests() {
    let s = Scratch::new();
    let registry = "source = \"registry+https://github.com/rust-lang/crates.io-index\"";
    s.write(
        "ws/Cargo.lock",
        format!(
            "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"serde\", \"proptest\", \"util\"]\n\n\
             [[package]]\nname = \"util\"\nversion = \"0.1.0\"\ndependencies = [\"itoa\"]\n\n\
             [[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n{registry}\n\n\
             [[package]]\nname = \"proptest\"\nversion = \"1.0.0\"\n{registry}\ndependencies = [\"bitflags\"]\n\n\
             [[package]]\nname = \"bitflags\"\nversion = \"2.0.0\"\n{registry}\n\n\
             [[package]]\nname = \"itoa\"\nversion = \"1.0.0\"\n{registry}\n"
        ),
    );
    let summary = s
        .run(&[
            "--output",
            "json",
            "sbom",
            "generate",
            "--lockfile",
            "ws/Cargo.lock",
            "--name",
            "a",
            "--version",
            "1",
            "-o",
            "x.json",
        ])
        .code(0)
        .json();
    let notes = summary["notes"].as_array().unwrap();
    assert!(notes[0].as_str().unwrap().contains("development-only crates not marked (no Cargo.toml in its folder)"));
    s.write("ws/Cargo.toml", "[workspace]\nmembers = [\"app\", \"util\"]\n[workspace.dependencies]\nserde = \"1\"\n");
    s.write("ws/app/Cargo.toml", "[package]\nname = \"app\"\n[dependencies]\nserde.workspace = true\nutil = { path = \"../util\" }\n[dev-dependencies]\nproptest = \"1\"\n");
    s.write("ws/util/Cargo.toml", "[package]\nname = \"util\"\n[build-dependencies]\nitoa = \"1\"\n");
    let sbom = generate(&s, &["--lockfile", "ws/Cargo.lock"]);
    let all = components(&sbom);
    let excluded: Vec<&str> =
        all.iter().filter(|c| c["scope"] == "excluded").map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(excluded, ["bitflags", "proptest"]);
    let sbom = generate(&s, &["--lockfile", "ws/Cargo.lock", "--omit", "dev"]);
    assert_eq!(components(&sbom).len(), 4);
}
