//! Bundler: each gem's gemspec in `vendor/bundle`.

use std::collections::BTreeMap;

use super::{Installed, Installs, Lookup, MAX_METADATA_BYTES, Person, expect_locked, spdx_expression};
use crate::fsio::read_bounded;
use crate::lockfile::Package;

impl Installs {
    /// A gem's specification as Bundler installed it with `--path
    /// vendor/bundle` (or `BUNDLE_PATH`, `bundle install --deployment`):
    /// `vendor/bundle/ruby/RUBY/specifications/NAME-VERSION[-PLATFORM].gemspec`,
    /// the Ruby RubyGems writes (`Gem::Specification#to_ruby`), read as the
    /// literal assignments it is made of, never run.
    pub(super) fn gem(&self, pkg: &Package) -> Lookup {
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
        expect_locked(&source, one("name"), one("version"), pkg)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
