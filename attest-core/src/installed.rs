//! Installed package metadata beside a lockfile: who wrote a package, its
//! declared licence and its source repository.
//!
//! A lockfile names packages and versions but not their authors or
//! licences, which conformance profiles ask for per component
//! (`docs/sbom-profiles.md`). When the packages are installed beside the
//! lockfile, their own metadata says it: `node_modules/<name>/package.json`
//! beside an npm, yarn or pnpm lockfile, `<name>-<version>.dist-info/METADATA`
//! in a virtualenv's site-packages beside a Python lockfile, and, when asked
//! (`--cargo-registry`), `<name>-<version>/Cargo.toml` in Cargo's registry
//! sources for a Cargo.lock's crates.io packages; composer.lock carries its
//! packages' metadata in its own entries, and Bundler's `vendor/bundle`
//! holds each gem's gemspec beside a Gemfile.lock. Everything is
//! read offline, bounded in size, and used only when the metadata names the
//! exact package and version the lockfile locks; a file that cannot be read
//! or parsed never fails the SBOM, it becomes a note. The rules are in
//! `docs/lockfiles.md` ("Installed package metadata").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::fsio::read_bounded;
use crate::lockfile::{LockfileKind, Package};

/// Largest package.json or METADATA file read: real ones are a few KiB (a
/// long README embedded in METADATA reaches a few hundred).
pub const MAX_METADATA_BYTES: u64 = 1 << 20;

/// What a package's installed metadata says, and where it said it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Installed {
    /// The metadata file, named as the lockfile is named (relative to the
    /// scanned PATH, or as given with `--lockfile`) with the path below its
    /// folder appended.
    pub source: String,
    /// The package's authors (npm `author`; Python `Author-email`, else
    /// `Author`, else the maintainers).
    pub authors: Vec<Person>,
    /// The declared licence, only when it is a valid SPDX expression.
    pub license: Option<String>,
    /// The source repository URL.
    pub vcs: Option<String>,
}

impl Installed {
    /// The component fields this fills, by their CycloneDX names, for the
    /// summary: `authors` only in CycloneDX 1.6 (`v1_6`), `supplier` only
    /// when an author has a name.
    pub fn fields(&self, v1_6: bool) -> Vec<&'static str> {
        let mut out = Vec::new();
        if v1_6 && !self.authors.is_empty() {
            out.push("authors");
        }
        if self.authors.iter().any(|p| p.name.is_some()) {
            out.push("supplier");
        }
        if self.license.is_some() {
            out.push("licenses");
        }
        if self.vcs.is_some() {
            out.push("externalReferences/vcs");
        }
        out
    }

    fn is_empty(&self) -> bool {
        self.authors.is_empty() && self.license.is_none() && self.vcs.is_none()
    }
}

/// An author: a name, an e-mail address or both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    /// The name.
    pub name: Option<String>,
    /// The e-mail address.
    pub email: Option<String>,
}

/// The installed packages beside one lockfile.
pub struct Installs {
    kind: Ecosystem,
    dir: PathBuf,
    rel_dir: String,
    /// Python: normalised name → (version, dist-info folder name).
    dist_infos: BTreeMap<String, Vec<(String, String)>>,
    /// Cargo: the index folders of `$CARGO_HOME/registry/src/`, sorted.
    cargo_indexes: Vec<PathBuf>,
    /// Composer: lower-cased name → (version, what the lock's entry says).
    composer: BTreeMap<String, Vec<(String, Installed)>>,
    /// Bundler: the `specifications/` folders of `vendor/bundle/ruby/*/`, sorted.
    gem_specs: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ecosystem {
    Npm,
    Python,
    Cargo,
    Composer,
    Ruby,
    None,
}

crate::error::value_error!(
    /// Why installed metadata was not used for a package (another version is
    /// installed, the file does not parse): a note for the user, never fatal.
    InstalledNote
);

/// The outcome of looking one package up: metadata, nothing installed, or
/// a note for the user (metadata of another version, a malformed file).
pub type Lookup = std::result::Result<Option<Installed>, InstalledNote>;

impl Installs {
    /// The installs beside the lockfile at `lock` (named `lock_rel` in the
    /// SBOM), with Cargo's registry sources `cargo_registry`
    /// (`$CARGO_HOME/registry/src`) for a Cargo.lock when given. Only folder
    /// listings are read here; metadata files are read per package.
    pub fn beside(lock: &Path, lock_rel: &str, kind: LockfileKind, cargo_registry: Option<&Path>) -> Installs {
        let dir = match lock.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let rel_dir = match lock_rel.rfind('/') {
            Some(i) => lock_rel.get(..=i).unwrap_or_default().to_owned(),
            None => String::new(),
        };
        let kind = match kind {
            LockfileKind::Npm | LockfileKind::Yarn | LockfileKind::Pnpm => Ecosystem::Npm,
            LockfileKind::Requirements | LockfileKind::Poetry | LockfileKind::Uv | LockfileKind::Pipfile => {
                Ecosystem::Python
            }
            LockfileKind::Cargo if cargo_registry.is_some() => Ecosystem::Cargo,
            LockfileKind::Composer => Ecosystem::Composer,
            LockfileKind::Gemfile => Ecosystem::Ruby,
            _ => Ecosystem::None,
        };
        let mut installs = Installs {
            kind,
            dir,
            rel_dir,
            dist_infos: BTreeMap::new(),
            cargo_indexes: Vec::new(),
            composer: BTreeMap::new(),
            gem_specs: Vec::new(),
        };
        match (kind, cargo_registry) {
            (Ecosystem::Python, _) => installs.index_site_packages(),
            (Ecosystem::Composer, _) => installs.composer = composer_entries(lock, lock_rel),
            (Ecosystem::Ruby, _) => {
                let rubies = std::fs::read_dir(installs.dir.join("vendor/bundle/ruby")).into_iter().flatten().flatten();
                installs.gem_specs = rubies.map(|e| e.path().join("specifications")).filter(|p| p.is_dir()).collect();
                installs.gem_specs.sort();
            }
            (Ecosystem::Cargo, Some(registry)) => {
                let entries = std::fs::read_dir(registry).into_iter().flatten().flatten();
                installs.cargo_indexes = entries.map(|e| e.path()).filter(|p| p.is_dir()).collect();
                installs.cargo_indexes.sort();
            }
            _ => {}
        }
        installs
    }

    /// Lists `*.dist-info` folders of the site-packages of `.venv/` or
    /// `venv/` (`lib/python3.*/site-packages`, or Windows' `Lib/site-packages`).
    fn index_site_packages(&mut self) {
        for venv in [".venv", "venv"] {
            for site in site_packages(&self.dir.join(venv)) {
                let Ok(entries) = std::fs::read_dir(&site) else { continue };
                let rel_site = site.strip_prefix(&self.dir).map(|p| p.to_string_lossy().replace('\\', "/"));
                let Ok(rel_site) = rel_site else { continue };
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".dist-info")) else { continue };
                    let Some((dist, version)) = stem.split_once('-') else { continue };
                    self.dist_infos
                        .entry(normalise_python(dist))
                        .or_default()
                        .push((version.to_owned(), format!("{rel_site}/{stem}.dist-info")));
                }
            }
        }
    }

    /// The installed metadata of `pkg`, if its exact version is installed.
    pub fn lookup(&self, pkg: &Package) -> Lookup {
        match self.kind {
            Ecosystem::Npm => self.npm(pkg),
            Ecosystem::Python => self.python(pkg),
            Ecosystem::Cargo => self.cargo(pkg),
            Ecosystem::Composer => Ok(self
                .composer
                .get(&pkg.name.to_lowercase())
                .and_then(|found| found.iter().find(|(v, _)| *v == pkg.version))
                .map(|(_, i)| i.clone())),
            Ecosystem::Ruby => self.gem(pkg),
            Ecosystem::None => Ok(None),
        }
    }

    fn npm(&self, pkg: &Package) -> Lookup {
        if !npm_name_is_plain(&pkg.name) || pkg.version.is_empty() {
            return Ok(None);
        }
        let rel = format!("node_modules/{}/package.json", pkg.name);
        let path = self.dir.join(&rel);
        if !path.is_file() {
            return Ok(None);
        }
        let source = format!("{}{rel}", self.rel_dir);
        let bytes = read_bounded(&path, MAX_METADATA_BYTES, "package.json").map_err(|e| format!("{e}; not used"))?;
        let json: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("{source}: not JSON ({e}); not used"))?;
        let (name, version) = (str_field(&json, "name"), str_field(&json, "version"));
        if name != Some(pkg.name.as_str()) || version != Some(pkg.version.as_str()) {
            return Err(format!(
                "{source}: is {}@{}, the lockfile locks {}@{}; not used",
                name.unwrap_or("?"),
                version.unwrap_or("?"),
                pkg.name,
                pkg.version
            )
            .into());
        }
        let found = Installed {
            authors: json.get("author").and_then(npm_person).into_iter().collect(),
            license: str_field(&json, "license").and_then(spdx_expression),
            vcs: json.get("repository").and_then(npm_repository),
            source,
        };
        Ok((!found.is_empty()).then_some(found))
    }

    fn python(&self, pkg: &Package) -> Lookup {
        let Some(candidates) = self.dist_infos.get(&normalise_python(&pkg.name)) else { return Ok(None) };
        let Some((_, folder)) = candidates.iter().find(|(v, _)| same_python_version(v, &pkg.version)) else {
            let found: Vec<String> = candidates.iter().map(|(_, f)| format!("{}{f}", self.rel_dir)).collect();
            return Err(format!(
                "{}: the lockfile locks {} {}, another version is installed; not used",
                found.join(", "),
                pkg.name,
                pkg.version
            )
            .into());
        };
        let rel = format!("{folder}/METADATA");
        let source = format!("{}{rel}", self.rel_dir);
        let path = self.dir.join(&rel);
        if !path.is_file() {
            return Ok(None);
        }
        let bytes = read_bounded(&path, MAX_METADATA_BYTES, "METADATA").map_err(|e| format!("{e}; not used"))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| format!("{source}: not UTF-8; not used"))?;
        let headers = metadata_headers(text);
        let one = |key: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
        let (name, version) = (one("Name"), one("Version"));
        let same = name.is_some_and(|n| normalise_python(n) == normalise_python(&pkg.name))
            && version.is_some_and(|v| same_python_version(v, &pkg.version));
        if !same {
            return Err(format!(
                "{source}: names {} {}, the lockfile locks {} {}; not used",
                name.unwrap_or("?"),
                version.unwrap_or("?"),
                pkg.name,
                pkg.version
            )
            .into());
        }
        let found = Installed {
            authors: python_authors(&one),
            license: one("License-Expression").or(one("License")).and_then(spdx_expression),
            vcs: headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("Project-URL")).find_map(|(_, v)| source_url(v)),
            source,
        };
        Ok((!found.is_empty()).then_some(found))
    }
}

impl Installs {
    /// A crates.io package's `Cargo.toml` in the first registry index
    /// folder that has `NAME-VERSION/`. Named `$CARGO_HOME/registry/src/…`
    /// so no home folder or user name goes into the SBOM.
    fn cargo(&self, pkg: &Package) -> Lookup {
        let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.+".contains(c));
        if pkg.first_party || pkg.purl.contains('?') || !plain(&pkg.name) || !plain(&pkg.version) {
            return Ok(None);
        }
        let folder = format!("{}-{}", pkg.name, pkg.version);
        let Some(index) = self.cargo_indexes.iter().find(|i| i.join(&folder).join("Cargo.toml").is_file()) else {
            return Ok(None);
        };
        let index_name = index.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let source = format!("$CARGO_HOME/registry/src/{index_name}/{folder}/Cargo.toml");
        let path = index.join(&folder).join("Cargo.toml");
        let bytes = read_bounded(&path, MAX_METADATA_BYTES, "Cargo.toml").map_err(|e| format!("{e}; not used"))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| format!("{source}: not UTF-8; not used"))?;
        let toml: toml::Table = text.parse().map_err(|e| format!("{source}: not TOML ({e}); not used"))?;
        let package = toml.get("package").and_then(toml::Value::as_table);
        let field = |key: &str| package.and_then(|p| p.get(key)).and_then(toml::Value::as_str).map(str::trim);
        if field("name") != Some(pkg.name.as_str()) || field("version") != Some(pkg.version.as_str()) {
            return Err(format!(
                "{source}: is {} {}, the lockfile locks {} {}; not used",
                field("name").unwrap_or("?"),
                field("version").unwrap_or("?"),
                pkg.name,
                pkg.version
            )
            .into());
        }
        let authors = package.and_then(|p| p.get("authors")).and_then(toml::Value::as_array);
        let found = Installed {
            authors: authors
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_str)
                .map(parse_person)
                .filter(|p| p.name.is_some() || p.email.is_some())
                .collect(),
            license: field("license").and_then(spdx_expression),
            vcs: field("repository")
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .map(str::to_owned),
            source,
        };
        Ok((!found.is_empty()).then_some(found))
    }
}

impl Installs {
    /// A gem's specification as Bundler installed it with `--path
    /// vendor/bundle` (or `BUNDLE_PATH`, `bundle install --deployment`):
    /// `vendor/bundle/ruby/RUBY/specifications/NAME-VERSION[-PLATFORM].gemspec`,
    /// the Ruby RubyGems writes (`Gem::Specification#to_ruby`), read as the
    /// literal assignments it is made of, never run.
    fn gem(&self, pkg: &Package) -> Lookup {
        let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        let platform = pkg.purl.split_once("?platform=").map(|(_, p)| p.split('&').next().unwrap_or(p));
        if !plain(&pkg.name) || !plain(&pkg.version) || platform.is_some_and(|p| !plain(p)) {
            return Ok(None);
        }
        let file = match platform {
            Some(p) => format!("{}-{}-{p}.gemspec", pkg.name, pkg.version),
            None => format!("{}-{}.gemspec", pkg.name, pkg.version),
        };
        let Some(path) = self.gem_specs.iter().map(|d| d.join(&file)).find(|p| p.is_file()) else { return Ok(None) };
        let rel = path.strip_prefix(&self.dir).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
        let source = format!("{}{rel}", self.rel_dir);
        let bytes = read_bounded(&path, MAX_METADATA_BYTES, "gemspec").map_err(|e| format!("{e}; not used"))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| format!("{source}: not UTF-8; not used"))?;
        let spec = gemspec_fields(text);
        let one = |key: &str| spec.get(key).and_then(|v| v.first()).map(String::as_str);
        if one("name") != Some(pkg.name.as_str()) || one("version") != Some(pkg.version.as_str()) {
            return Err(format!(
                "{source}: is {} {}, the lockfile locks {} {}; not used",
                one("name").unwrap_or("?"),
                one("version").unwrap_or("?"),
                pkg.name,
                pkg.version
            )
            .into());
        }
        let names = spec.get("authors").map(Vec::as_slice).unwrap_or_default();
        let emails = spec.get("email").map(Vec::as_slice).unwrap_or_default();
        let clean = |v: Option<&String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        // `email` pairs with `authors` only when they are as many.
        let paired = names.len() == emails.len();
        let authors = (0..names.len())
            .map(|i| Person { name: clean(names.get(i)), email: clean(paired.then(|| emails.get(i)).flatten()) })
            .filter(|p| p.name.is_some() || p.email.is_some())
            .collect();
        let licences = spec.get("licenses").or_else(|| spec.get("license")).map(Vec::as_slice).unwrap_or_default();
        let metadata = spec.get("metadata").map(Vec::as_slice).unwrap_or_default();
        let source_code = metadata.chunks(2).find(|kv| kv.first().is_some_and(|k| k == "source_code_uri"));
        let found = Installed {
            authors,
            // Several licences: RubyGems does not say whether they are a
            // choice or all apply, so none is used.
            license: match licences {
                [one] => spdx_expression(one),
                _ => None,
            },
            vcs: source_code
                .and_then(|kv| kv.get(1))
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .cloned(),
            source,
        };
        Ok((!found.is_empty()).then_some(found))
    }
}

/// The `s.FIELD = VALUE` lines of a RubyGems-written gemspec whose value is
/// only string literals: one string, an array of strings, or a hash of
/// strings (its keys and values in order), each maybe `.freeze`d and the
/// line maybe ending in `if s.respond_to? …`. A value with anything else
/// (interpolation, a method call, a constant) is left out.
fn gemspec_fields(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Some((field, value)) = line.trim().strip_prefix("s.").and_then(|l| l.split_once(" = ")) else { continue };
        if !field.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            continue;
        }
        if let Some(strings) = ruby_strings(value) {
            out.insert(field.to_owned(), strings);
        }
    }
    out
}

/// The string literals of a Ruby value made of `"…"` strings, `.freeze`,
/// `[ ]`, `{ }`, `,` and `=>` only; `None` for anything else, including
/// interpolation (`#{`, `#@`, `#$` unescaped: RubyGems escapes a literal `#`).
fn ruby_strings(value: &str) -> Option<Vec<String>> {
    let mut rest = value.split(" if s.respond_to?").next().unwrap_or(value);
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "[]{},".contains(c));
        if let Some(after) = rest.strip_prefix("=>") {
            rest = after;
            continue;
        }
        if rest.is_empty() {
            return Some(out);
        }
        let body = rest.strip_prefix('"')?;
        let mut s = String::new();
        let mut chars = body.char_indices().peekable();
        let end = loop {
            match chars.next()? {
                (i, '"') => break i,
                (_, '\\') => match chars.next()?.1 {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    c @ ('"' | '\\' | '#') => s.push(c),
                    _ => return None,
                },
                (_, '#') if chars.peek().is_some_and(|&(_, c)| matches!(c, '{' | '@' | '$')) => return None,
                (_, c) => s.push(c),
            }
        };
        out.push(s);
        rest = body.get(end + 1..)?;
        rest = rest.strip_prefix(".freeze").unwrap_or(rest);
    }
}

/// What composer.lock says of each package: Composer copies every
/// package's own composer.json metadata into its entry (`license`,
/// `authors`, `source`), so the lock itself is the installed metadata and
/// nothing else need be installed. Each entry is named by its JSON pointer
/// in the lock. The lock was read and checked as a lockfile just before; a
/// lock that cannot be read again gives no metadata.
fn composer_entries(lock: &Path, lock_rel: &str) -> BTreeMap<String, Vec<(String, Installed)>> {
    let mut out: BTreeMap<String, Vec<(String, Installed)>> = BTreeMap::new();
    let Ok(bytes) = read_bounded(lock, crate::limits::MAX_DOCUMENT_BYTES, "lockfile") else { return out };
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return out };
    for list in ["packages", "packages-dev"] {
        let entries = json.get(list).and_then(serde_json::Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for (i, e) in entries.iter().enumerate() {
            let (Some(name), Some(version)) = (str_field(e, "name"), str_field(e, "version")) else { continue };
            let authors = e.get("authors").and_then(serde_json::Value::as_array).map(Vec::as_slice).unwrap_or_default();
            let found = Installed {
                source: format!("{lock_rel}#/{list}/{i}"),
                authors: authors.iter().filter_map(npm_person).collect(),
                license: composer_licence(e.get("license")),
                vcs: e
                    .get("source")
                    .and_then(|s| str_field(s, "url"))
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                    .map(str::to_owned),
            };
            if !found.is_empty() {
                out.entry(name.to_lowercase()).or_default().push((version.to_owned(), found));
            }
        }
    }
    out
}

/// Composer's `license`: one identifier, or a list meaning the user may
/// choose any of them (Composer's documentation: disjunctive), written as
/// one SPDX expression joined by `OR`; used only when valid SPDX.
fn composer_licence(license: Option<&serde_json::Value>) -> Option<String> {
    let ids: Vec<&str> = match license? {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(a) => a.iter().filter_map(serde_json::Value::as_str).collect(),
        _ => return None,
    };
    let parts: Vec<String> = ids
        .iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
        .map(|id| if id.contains(' ') { format!("({id})") } else { id.to_owned() })
        .collect();
    if parts.is_empty() {
        return None;
    }
    spdx_expression(&parts.join(" OR "))
}

/// `lib/python3.*/site-packages` (Unix) and `Lib/site-packages` (Windows)
/// of a virtualenv, sorted.
fn site_packages(venv: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(venv.join("lib")) {
        for e in entries.flatten() {
            if e.file_name().to_str().is_some_and(|n| n.starts_with("python3")) {
                out.push(e.path().join("site-packages"));
            }
        }
    }
    out.push(venv.join("Lib").join("site-packages"));
    out.retain(|p| p.is_dir());
    out.sort();
    out
}

/// A name that is one folder (`name`) or a scope and one folder
/// (`@scope/name`), so joining it under `node_modules` stays there.
fn npm_name_is_plain(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    let ok = |p: &str| !p.is_empty() && p != "." && p != ".." && !p.contains(['\\', ':', '\0']);
    match parts.as_slice() {
        [one] => ok(one) && !one.starts_with('@'),
        [scope, one] => scope.starts_with('@') && ok(scope) && ok(one),
        _ => false,
    }
}

fn str_field<'a>(json: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    json.get(key).and_then(serde_json::Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// npm's `author`: `"Name <email> (url)"` or `{ "name", "email" }`.
fn npm_person(author: &serde_json::Value) -> Option<Person> {
    let person = match author {
        serde_json::Value::String(s) => parse_person(s),
        serde_json::Value::Object(_) => Person {
            name: str_field(author, "name").map(str::to_owned),
            email: str_field(author, "email").map(str::to_owned),
        },
        _ => return None,
    };
    (person.name.is_some() || person.email.is_some()).then_some(person)
}

/// `Name <email> (url)`, each part optional (npm's author string, one
/// entry of Python's `Author-email`).
fn parse_person(s: &str) -> Person {
    let without_url = match s.find('(') {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    };
    let (name, email) = match (without_url.find('<'), without_url.rfind('>')) {
        (Some(a), Some(b)) if a < b => (without_url.get(..a).unwrap_or(""), without_url.get(a + 1..b)),
        _ if without_url.contains('@') && !without_url.trim().contains(' ') => ("", Some(without_url)),
        _ => (without_url, None),
    };
    let clean = |v: &str| {
        let v = v.trim().trim_matches('"').trim();
        (!v.is_empty()).then(|| v.to_owned())
    };
    Person { name: clean(name), email: email.and_then(clean) }
}

/// npm's `repository`: a URL, a `github:`/`gitlab:`/`bitbucket:` shorthand
/// or `user/repo` (GitHub), or `{ "type", "url" }`. `git+` is dropped from
/// the URL's scheme.
fn npm_repository(repo: &serde_json::Value) -> Option<String> {
    let raw = match repo {
        serde_json::Value::String(s) => s.trim(),
        serde_json::Value::Object(_) => str_field(repo, "url")?,
        _ => return None,
    };
    for (prefix, host) in [("github:", "github.com"), ("gitlab:", "gitlab.com"), ("bitbucket:", "bitbucket.org")] {
        if let Some(path) = raw.strip_prefix(prefix) {
            return Some(format!("https://{host}/{path}"));
        }
    }
    if !raw.contains(':') && raw.split('/').count() == 2 && !raw.starts_with(['.', '/']) {
        return Some(format!("https://github.com/{raw}"));
    }
    let url = raw.strip_prefix("git+").unwrap_or(raw);
    url.contains("://").then(|| url.to_owned())
}

/// A licence that is a valid SPDX expression (other text, such as npm's
/// `SEE LICENSE IN …` or a free-form Python `License`, is not used).
fn spdx_expression(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && !s.contains('\n') && spdx::Expression::parse(s).is_ok()).then(|| s.to_owned())
}

/// The header fields of a core metadata file (RFC 822 style: `Key: value`
/// up to the first blank line; continuation lines start with white space).
fn metadata_headers(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = out.last_mut() {
                v.push('\n');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}

/// `Author-email` (a comma-separated list of `Name <email>` or bare
/// addresses), else `Author`, else the same from `Maintainer-email` and
/// `Maintainer`.
fn python_authors<'a>(one: &dyn Fn(&str) -> Option<&'a str>) -> Vec<Person> {
    for (email_key, name_key) in [("Author-email", "Author"), ("Maintainer-email", "Maintainer")] {
        if let Some(list) = one(email_key) {
            let people: Vec<Person> =
                list.split(',').map(parse_person).filter(|p| p.name.is_some() || p.email.is_some()).collect();
            if !people.is_empty() {
                return people;
            }
        }
        if let Some(name) = one(name_key).map(str::trim).filter(|n| !n.is_empty() && !n.contains('\n')) {
            return vec![Person { name: Some(name.to_owned()), email: None }];
        }
    }
    Vec::new()
}

/// A `Project-URL` (`Label, URL`) whose label says it is the source
/// repository.
fn source_url(value: &str) -> Option<String> {
    let (label, url) = value.split_once(',')?;
    let label: String = label.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let url = url.trim();
    let source = ["source", "sourcecode", "repository", "code", "github", "gitlab", "git"].contains(&label.as_str());
    (source && (url.starts_with("https://") || url.starts_with("http://"))).then(|| url.to_owned())
}

/// PEP 503 normalisation (lower case, runs of `-`, `_`, `.` as one `-`).
fn normalise_python(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Whether two Python versions are the same release (PEP 440 equality, so
/// `1.0` and `1.0.0` agree); text that is not PEP 440 must match exactly.
fn same_python_version(a: &str, b: &str) -> bool {
    use std::str::FromStr as _;
    match (pep440_rs::Version::from_str(a), pep440_rs::Version::from_str(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_author_strings_and_objects() {
        let p = parse_person("Jane Doe <jane@example.org> (https://jane.example.org)");
        assert_eq!(p, Person { name: Some("Jane Doe".into()), email: Some("jane@example.org".into()) });
        assert_eq!(parse_person("Solo").name.as_deref(), Some("Solo"));
        assert_eq!(parse_person("a@b.example").email.as_deref(), Some("a@b.example"));
        let obj = serde_json::json!({"name": "Ann", "email": "ann@example.org"});
        assert_eq!(npm_person(&obj).and_then(|p| p.email), Some("ann@example.org".into()));
        assert_eq!(npm_person(&serde_json::json!(3)), None);
    }

    #[test]
    fn gemspec_literals_are_read_and_anything_else_is_left_out() {
        let spec = gemspec_fields(
            "Gem::Specification.new do |s|\n  s.name = \"rake\".freeze\n  s.version = \"13.0.6\"\n\
             \x20 s.metadata = { \"source_code_uri\" => \"https://g/r\" } if s.respond_to? :metadata=\n\
             \x20 s.authors = [\"A \\\"B\\\"\".freeze, \"C\".freeze]\n\
             \x20 s.email = \"#{ENV['USER']}@x\"\n  s.files = Dir[\"lib/**\"]\n  s.required_ruby_version = Gem::Requirement.new(\">= 2\")\nend\n",
        );
        let get = |k: &str| spec.get(k).cloned();
        assert_eq!(get("name"), Some(vec!["rake".to_owned()]));
        assert_eq!(get("version"), Some(vec!["13.0.6".to_owned()]));
        assert_eq!(get("metadata"), Some(vec!["source_code_uri".to_owned(), "https://g/r".to_owned()]));
        assert_eq!(get("authors"), Some(vec!["A \"B\"".to_owned(), "C".to_owned()]));
        assert_eq!((get("email"), get("files"), get("required_ruby_version")), (None, None, None));
    }

    #[test]
    fn composer_licence_lists_are_a_choice() {
        let l = |v: serde_json::Value| composer_licence(Some(&v));
        assert_eq!(l(serde_json::json!(["MIT"])).as_deref(), Some("MIT"));
        assert_eq!(l(serde_json::json!("BSD-3-Clause")).as_deref(), Some("BSD-3-Clause"));
        assert_eq!(
            l(serde_json::json!(["LGPL-2.1-only", "GPL-3.0-or-later"])).as_deref(),
            Some("LGPL-2.1-only OR GPL-3.0-or-later")
        );
        assert_eq!(
            l(serde_json::json!(["MIT AND BSD-2-Clause", "Apache-2.0"])).as_deref(),
            Some("(MIT AND BSD-2-Clause) OR Apache-2.0")
        );
        assert_eq!(l(serde_json::json!(["proprietary"])), None);
        assert_eq!(l(serde_json::json!([])), None);
        assert_eq!(l(serde_json::json!({"id": "MIT"})), None);
    }

    #[test]
    fn npm_repositories_become_urls() {
        let r = |v: serde_json::Value| npm_repository(&v);
        assert_eq!(r(serde_json::json!("github:a/b")).as_deref(), Some("https://github.com/a/b"));
        assert_eq!(r(serde_json::json!("a/b")).as_deref(), Some("https://github.com/a/b"));
        let obj = serde_json::json!({"type": "git", "url": "git+https://github.com/a/b.git"});
        assert_eq!(r(obj).as_deref(), Some("https://github.com/a/b.git"));
        assert_eq!(r(serde_json::json!("not a url")), None);
    }

    #[test]
    fn only_spdx_licences_and_plain_names() {
        assert_eq!(spdx_expression("(MIT OR Apache-2.0)").as_deref(), Some("(MIT OR Apache-2.0)"));
        assert_eq!(spdx_expression("SEE LICENSE IN COPYING"), None);
        assert!(npm_name_is_plain("@scope/name") && npm_name_is_plain("left-pad"));
        for bad in ["..", "@scope/..", "a/b", "@scope", "../x", "a\\b", ""] {
            assert!(!npm_name_is_plain(bad), "{bad}");
        }
    }

    #[test]
    fn python_metadata_fields() {
        let text = "Metadata-Version: 2.1\nName: Foo.Bar\nVersion: 1.0\nAuthor-email: A <a@x.example>, b@x.example\n\
                    License: MIT\nProject-URL: Source Code, https://example.org/foo\n\nBody: not a header\n";
        let headers = metadata_headers(text);
        let one = |key: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
        assert_eq!(one("Body"), None);
        let authors = python_authors(&one);
        assert_eq!(authors.len(), 2);
        assert_eq!(authors[1].email.as_deref(), Some("b@x.example"));
        assert_eq!(one("Project-URL").and_then(source_url).as_deref(), Some("https://example.org/foo"));
        assert_eq!(normalise_python("Foo__Bar.baz"), "foo-bar-baz");
        assert!(same_python_version("1.0", "1.0.0") && !same_python_version("1.0", "1.1"));
    }
}
