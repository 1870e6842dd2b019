//! Composer: composer.lock carries each package's own metadata.

use std::collections::BTreeMap;
use std::path::Path;

use super::npm::npm_person;
use super::{Installed, spdx_expression, str_field};
use crate::fsio::read_bounded;

/// What composer.lock says of each package: Composer copies every
/// package's own composer.json metadata into its entry (`license`,
/// `authors`, `source`), so the lock itself is the installed metadata and
/// nothing else need be installed. Each entry is named by its JSON pointer
/// in the lock. The lock was read and checked as a lockfile just before; a
/// lock that cannot be read again gives no metadata.
pub(super) fn composer_entries(lock: &Path, lock_rel: &str) -> BTreeMap<String, Vec<(String, Installed)>> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
