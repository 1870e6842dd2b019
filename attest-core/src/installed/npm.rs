//! npm, yarn and pnpm: `node_modules/<name>/package.json`.

use super::{
    Installed, Installs, Lookup, MAX_METADATA_BYTES, Person, expect_locked, parse_person, spdx_expression, str_field,
};
use crate::fsio::read_bounded;
use crate::lockfile::Package;

impl Installs {
    pub(super) fn npm(&self, pkg: &Package) -> Lookup {
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
        expect_locked(&source, name, version, pkg)?;
        let found = Installed {
            authors: json.get("author").and_then(npm_person).into_iter().collect(),
            license: str_field(&json, "license").and_then(spdx_expression),
            vcs: json.get("repository").and_then(npm_repository),
            source,
        };
        Ok((!found.is_empty()).then_some(found))
    }
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

/// npm's `author`: `"Name <email> (url)"` or `{ "name", "email" }`.
pub(super) fn npm_person(author: &serde_json::Value) -> Option<Person> {
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
}
