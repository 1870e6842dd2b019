//! The real-world corpus (testdata/corpus/README.md): every lockfile of
//! at least 20 public repositories, read through the real binary. The
//! numbers were checked by hand against the lockfiles (docs/lockfiles.md
//! says how): components are the distinct packages the lockfile resolves
//! (Cargo `[[package]]` tables, npm `packages` entries by name and version,
//! go.mod `require` lines, poetry/uv `[[package]]` tables less uv's
//! member at `.`, yarn Berry resolutions less the root workspace and the
//! `patch:` copies that merge with the package they patch, pnpm packages
//! plus the importers another importer's `link:` names, …), and each edge
//! below is the dependency list of that package in the lockfile. First-party
//! counts: yarn `workspace:` entries less `workspace:.`, pnpm link targets
//! that are importers, uv editable members not at `.`.

use attest_e2e::{Scratch, workspace};
use serde_json::{Value, json};

/// What an entry's SBOM must hold.
struct Entry {
    dir: &'static str,
    /// Library components.
    components: usize,
    /// Of them, marked `attest:first-party`.
    first_party: usize,
    /// Of them, scope `excluded` (development / test only).
    excluded: usize,
    /// Of them, scope `optional`.
    optional: usize,
    /// Direct dependencies of the product.
    roots: usize,
    /// Every dependency edge, the product's included.
    edges: usize,
}

const CORPUS: &[Entry] = &[
    Entry { dir: "cargo-bat", components: 317, first_party: 1, excluded: 0, optional: 0, roots: 1, edges: 864 },
    Entry { dir: "cargo-fd", components: 130, first_party: 1, excluded: 0, optional: 0, roots: 1, edges: 263 },
    Entry { dir: "cargo-uv", components: 753, first_party: 70, excluded: 0, optional: 0, roots: 3, edges: 3163 },
    Entry { dir: "cargo-v1-ripgrep", components: 64, first_party: 10, excluded: 0, optional: 0, roots: 1, edges: 138 },
    Entry { dir: "cargo-v3-ripgrep", components: 61, first_party: 10, excluded: 0, optional: 0, roots: 1, edges: 132 },
    Entry { dir: "cargo-v4-cargo", components: 549, first_party: 27, excluded: 0, optional: 0, roots: 13, edges: 1699 },
    Entry { dir: "cargo-v4-ripgrep", components: 63, first_party: 11, excluded: 0, optional: 0, roots: 1, edges: 146 },
    Entry { dir: "composer-composer", components: 36, first_party: 0, excluded: 6, optional: 0, roots: 27, edges: 55 },
    Entry { dir: "gemfile-rails", components: 264, first_party: 14, excluded: 0, optional: 0, roots: 96, edges: 570 },
    Entry { dir: "gomod-cobra", components: 6, first_party: 0, excluded: 0, optional: 0, roots: 4, edges: 4 },
    Entry { dir: "gomod-cosign", components: 287, first_party: 0, excluded: 0, optional: 0, roots: 60, edges: 60 },
    Entry { dir: "gomod-hugo", components: 180, first_party: 0, excluded: 0, optional: 0, roots: 80, edges: 80 },
    Entry {
        dir: "gomod-prometheus",
        components: 250,
        first_party: 0,
        excluded: 0,
        optional: 0,
        roots: 109,
        edges: 109,
    },
    Entry { dir: "npm-v1-npm-cli", components: 685, first_party: 0, excluded: 284, optional: 5, roots: 0, edges: 1125 },
    Entry {
        dir: "npm-v2-npm-cli",
        components: 736,
        first_party: 14,
        excluded: 539,
        optional: 2,
        roots: 78,
        edges: 1485,
    },
    Entry {
        dir: "npm-v3-npm-cli",
        components: 1036,
        first_party: 16,
        excluded: 826,
        optional: 2,
        roots: 88,
        edges: 2255,
    },
    Entry { dir: "pipfile-pipenv", components: 105, first_party: 0, excluded: 95, optional: 0, roots: 0, edges: 0 },
    Entry { dir: "pnpm-v6-vue", components: 752, first_party: 11, excluded: 710, optional: 0, roots: 65, edges: 1209 },
    Entry { dir: "pnpm-v9-vue", components: 631, first_party: 11, excluded: 587, optional: 0, roots: 63, edges: 968 },
    Entry {
        dir: "poetry-v1.1-poetry",
        components: 83,
        first_party: 0,
        excluded: 33,
        optional: 0,
        roots: 42,
        edges: 119,
    },
    Entry { dir: "poetry-v2.0-poetry", components: 68, first_party: 0, excluded: 0, optional: 0, roots: 36, edges: 97 },
    Entry {
        dir: "poetry-v2.1-poetry",
        components: 78,
        first_party: 0,
        excluded: 25,
        optional: 0,
        roots: 35,
        edges: 122,
    },
    Entry { dir: "uv-flask", components: 82, first_party: 0, excluded: 72, optional: 0, roots: 28, edges: 163 },
    Entry { dir: "uv-pydantic", components: 175, first_party: 1, excluded: 167, optional: 0, roots: 51, edges: 358 },
    Entry { dir: "uv-uv", components: 88, first_party: 0, excluded: 88, optional: 0, roots: 15, edges: 147 },
    Entry {
        dir: "yarn-berry10-jest",
        components: 2220,
        first_party: 70,
        excluded: 0,
        optional: 0,
        roots: 98,
        edges: 5396,
    },
    Entry {
        dir: "yarn-berry10-prettier",
        components: 1049,
        first_party: 0,
        excluded: 0,
        optional: 0,
        roots: 149,
        edges: 1825,
    },
    Entry {
        dir: "yarn-berry4-jest",
        components: 2208,
        first_party: 65,
        excluded: 0,
        optional: 0,
        roots: 97,
        edges: 5281,
    },
    Entry {
        dir: "yarn-berry6-jest",
        components: 2160,
        first_party: 71,
        excluded: 0,
        optional: 0,
        roots: 99,
        edges: 5355,
    },
    Entry {
        dir: "yarn-berry6-prettier",
        components: 928,
        first_party: 0,
        excluded: 0,
        optional: 0,
        roots: 120,
        edges: 1875,
    },
    Entry {
        dir: "yarn-berry8-jest",
        components: 2115,
        first_party: 70,
        excluded: 0,
        optional: 0,
        roots: 100,
        edges: 5267,
    },
    Entry {
        dir: "yarn-berry8-prettier",
        components: 963,
        first_party: 0,
        excluded: 0,
        optional: 0,
        roots: 131,
        edges: 1693,
    },
    Entry {
        dir: "yarn-berry9-jest",
        components: 2186,
        first_party: 70,
        excluded: 0,
        optional: 0,
        roots: 99,
        edges: 5339,
    },
    Entry { dir: "yarn-v1-rails", components: 759, first_party: 0, excluded: 0, optional: 0, roots: 0, edges: 1328 },
    Entry { dir: "yarn-v1-webpack", components: 1393, first_party: 0, excluded: 0, optional: 0, roots: 0, edges: 2850 },
];

/// (entry, component, its dependencies as the lockfile lists them).
const EDGES: &[(&str, &str, &[&str])] = &[
    (
        "cargo-v4-ripgrep",
        "pkg:cargo/bstr@1.13.0",
        &["pkg:cargo/memchr@2.8.3", "pkg:cargo/regex-automata@0.4.18", "pkg:cargo/serde_core@1.0.229"],
    ),
    (
        "cargo-v1-ripgrep",
        "pkg:cargo/atty@0.2.14",
        &["pkg:cargo/hermit-abi@0.1.6", "pkg:cargo/libc@0.2.66", "pkg:cargo/winapi@0.3.8"],
    ),
    (
        "cargo-v4-cargo",
        "pkg:cargo/annotate-snippets@0.12.16",
        &["pkg:cargo/anstyle@1.0.14", "pkg:cargo/memchr@2.8.2", "pkg:cargo/unicode-width@0.2.2"],
    ),
    (
        "composer-composer",
        "pkg:composer/composer/class-map-generator@1.7.3",
        &["pkg:composer/composer/pcre@2.3.2", "pkg:composer/symfony/finder@v5.4.45"],
    ),
    (
        "gemfile-rails",
        "pkg:gem/activejob@8.2.0.alpha",
        &["pkg:gem/activesupport@8.2.0.alpha", "pkg:gem/globalid@1.4.0"],
    ),
    (
        "npm-v1-npm-cli",
        "pkg:npm/%40babel/helper-function-name@7.1.0",
        &[
            "pkg:npm/%40babel/helper-get-function-arity@7.0.0",
            "pkg:npm/%40babel/template@7.4.4",
            "pkg:npm/%40babel/types@7.4.4",
        ],
    ),
    (
        "npm-v3-npm-cli",
        "pkg:npm/%40actions/core@1.10.1",
        &["pkg:npm/%40actions/http-client@2.2.2", "pkg:npm/uuid@8.3.2"],
    ),
    (
        "pnpm-v9-vue",
        "pkg:npm/%40babel/code-frame@7.29.0",
        &["pkg:npm/%40babel/helper-validator-identifier@7.29.7", "pkg:npm/js-tokens@4.0.0", "pkg:npm/picocolors@1.1.1"],
    ),
    (
        "poetry-v1.1-poetry",
        "pkg:pypi/cachecontrol@0.12.11",
        &["pkg:pypi/lockfile@0.12.2", "pkg:pypi/msgpack@1.0.4", "pkg:pypi/requests@2.28.1"],
    ),
    (
        "uv-flask",
        "pkg:pypi/anyio@4.13.0",
        &["pkg:pypi/exceptiongroup@1.3.1", "pkg:pypi/idna@3.11", "pkg:pypi/typing-extensions@4.15.0"],
    ),
    (
        "yarn-berry10-jest",
        "pkg:npm/%40algolia/autocomplete-core@1.19.2",
        &[
            "pkg:npm/%40algolia/autocomplete-plugin-algolia-insights@1.19.2",
            "pkg:npm/%40algolia/autocomplete-shared@1.19.2",
        ],
    ),
    (
        "yarn-berry4-jest",
        "pkg:npm/%40algolia/client-account@4.10.5",
        &[
            "pkg:npm/%40algolia/client-common@4.10.5",
            "pkg:npm/%40algolia/client-search@4.10.5",
            "pkg:npm/%40algolia/transporter@4.10.5",
        ],
    ),
    (
        "yarn-v1-webpack",
        "pkg:npm/%40apidevtools/json-schema-ref-parser@11.9.3",
        &["pkg:npm/%40jsdevtools/ono@7.1.3", "pkg:npm/%40types/json-schema@7.0.15", "pkg:npm/js-yaml@4.3.1"],
    ),
];

fn count(libs: &[&Value], pred: impl Fn(&Value) -> bool) -> usize {
    libs.iter().filter(|c| pred(c)).count()
}

#[test]
fn every_lockfile_of_the_corpus_reads_with_the_counts_checked_by_hand() {
    let root = workspace().join("testdata/corpus");
    let listed = std::fs::read_dir(&root).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
    assert_eq!(listed, CORPUS.len(), "every corpus folder has a row");
    let s = Scratch::new();
    let mut wrong = Vec::new();
    for e in CORPUS {
        let dir = root.join(e.dir);
        let out = format!("{}.json", e.dir);
        s.run(&["sbom", "generate", dir.to_str().unwrap(), "--name", e.dir, "--version", "1", "-o", &out]).code(0);
        s.run(&["sbom", "validate", &out]).code(0);
        let sbom: Value = serde_json::from_slice(&s.read(&out)).unwrap();
        let all = sbom["components"].as_array().unwrap();
        let libs: Vec<&Value> = all.iter().filter(|c| c["type"] == json!("library")).collect();
        let first_party = |c: &Value| {
            c["properties"]
                .as_array()
                .is_some_and(|p| p.contains(&json!({"name": "attest:first-party", "value": "true"})))
        };
        let deps = sbom["dependencies"].as_array().cloned().unwrap_or_default();
        let product = deps.iter().find(|d| d["ref"] == json!("product"));
        let got = (
            libs.len(),
            count(&libs, first_party),
            count(&libs, |c| c["scope"] == json!("excluded")),
            count(&libs, |c| c["scope"] == json!("optional")),
            product.map_or(0, |p| p["dependsOn"].as_array().unwrap().len()),
            deps.iter().map(|d| d["dependsOn"].as_array().map_or(0, Vec::len)).sum::<usize>(),
        );
        let want = (e.components, e.first_party, e.excluded, e.optional, e.roots, e.edges);
        if got != want {
            // Every folder is read before failing, so one run shows every difference.
            wrong.push(format!("{}: got {got:?}, checked by hand {want:?}", e.dir));
        }
        // Every component names the lockfile it came from.
        assert!(
            libs.iter().all(|c| c["properties"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == json!("attest:lockfile"))),
            "{}",
            e.dir
        );
        for (_, purl, want) in EDGES.iter().filter(|(d, _, _)| *d == e.dir) {
            let edge = deps.iter().find(|d| d["ref"] == json!(purl)).unwrap_or_else(|| panic!("{}: no {purl}", e.dir));
            assert_eq!(edge["dependsOn"], json!(want), "{}: {purl}", e.dir);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
