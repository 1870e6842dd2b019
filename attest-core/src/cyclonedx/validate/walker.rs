//! The one recursive walker of a BOM: applies the [`super::rules`] of each
//! node's kind and collects what holds across the whole BOM (unique
//! `bom-ref`s, dependencies that point at them).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::jsontree::{Json, Object};
use crate::limits::MAX_JSON_DEPTH;

use super::Problem;
use super::formats::{integer, is_serial_number, is_spdx_id, truncate};
use super::rules::*;

/// A reference made by a dependency, resolved once every `bom-ref` is known.
/// Its path is rebuilt only when it dangles, so a large BOM costs no
/// allocation per reference.
pub(super) struct RefUse<'a> {
    target: &'a str,
    dependency: usize,
    field: &'static str,
    item: Option<usize>,
}

/// The one recursive walker: checks each node by its [`Kind`] and collects
/// what is checked across the whole BOM (bom-refs, dependency references).
pub(super) struct Walker<'a> {
    ver: Ver,
    path: String,
    depth: usize,
    problems: Vec<Problem>,
    /// Every bom-ref seen, with where the path of its first use is in `first_paths`
    /// (one string for all, not one allocation per bom-ref).
    bom_refs: HashMap<&'a str, (usize, usize)>,
    first_paths: String,
    ref_uses: Vec<RefUse<'a>>,
    /// Scratch set for uniqueness within one array, reused to avoid allocating.
    seen: HashSet<&'a str>,
}

impl<'a> Walker<'a> {
    pub(super) fn new(ver: Ver) -> Self {
        Walker {
            ver,
            path: String::new(),
            depth: 0,
            problems: Vec::new(),
            bom_refs: HashMap::new(),
            first_paths: String::new(),
            ref_uses: Vec::new(),
            seen: HashSet::new(),
        }
    }

    pub(super) fn finish(mut self) -> Vec<Problem> {
        let mut dangling = Vec::new();
        for u in &self.ref_uses {
            if !u.target.is_empty() && !self.bom_refs.contains_key(u.target) {
                let mut path = format!("/dependencies/{}/{}", u.dependency, u.field);
                if let Some(i) = u.item {
                    let _ = write!(path, "/{i}");
                }
                let message = format!("refers to bom-ref \"{}\", which no element of this BOM has", u.target);
                dangling.push(Problem { path, message });
            }
        }
        self.problems.append(&mut dangling);
        self.problems
    }

    fn report(&mut self, message: impl Into<String>) {
        self.problems.push(Problem { path: self.path.clone(), message: message.into() });
    }

    fn report_at(&mut self, key: &str, message: impl Into<String>) {
        let mark = self.enter_key(key);
        self.report(message);
        self.path.truncate(mark);
    }

    fn enter_key(&mut self, key: &str) -> usize {
        let mark = self.path.len();
        self.path.push('/');
        if key.bytes().any(|b| b == b'~' || b == b'/') {
            self.path.push_str(&key.replace('~', "~0").replace('/', "~1"));
        } else {
            self.path.push_str(key);
        }
        mark
    }

    /// Appends `/i` by hand: `write!` costs more than the rest of a small node.
    fn enter_index(&mut self, i: usize) -> usize {
        let mark = self.path.len();
        let mut digits = [0u8; 20];
        let mut n = i;
        let mut at = digits.len();
        loop {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        self.path.push('/');
        self.path.extend(digits.iter().skip(at).map(|&d| char::from(d)));
        mark
    }

    pub(super) fn walk(&mut self, v: &'a Json<'a>, kind: Kind) {
        if self.depth >= MAX_JSON_DEPTH {
            self.report(format!("nested deeper than {MAX_JSON_DEPTH} levels; not checked further"));
            return;
        }
        self.depth += 1;
        match (kind, v) {
            (Kind::LicenseChoice, _) => self.license_choice(v),
            (Kind::Any, Json::Object(m)) => self.members(m, kind),
            (Kind::Any, Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let mark = self.enter_index(i);
                    self.walk(item, Kind::Any);
                    self.path.truncate(mark);
                }
            }
            (Kind::Any, _) => {}
            (_, Json::Object(m)) => {
                self.check_object(kind, m);
                self.members(m, kind);
            }
            (_, _) => self.report(format!("a {} must be a JSON object", rules(kind).name)),
        }
        self.depth -= 1;
    }

    fn walk_many(&mut self, v: &'a Json<'a>, kind: Kind) {
        let Some(items) = v.as_array() else {
            self.report(format!("must be an array of {} objects", rules(kind).name));
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let mark = self.enter_index(i);
            self.walk(item, kind);
            self.path.truncate(mark);
        }
    }

    fn members(&mut self, m: &'a Object<'a>, kind: Kind) {
        for (key, value) in m.iter() {
            let mark = self.enter_key(key);
            if key == "bom-ref" {
                self.bom_ref(value);
            } else if is_date_time_key(key) {
                self.date_time(key, value);
            }
            match child(kind, key) {
                Child::One(k) => self.walk(value, k),
                Child::Many(k) => self.walk_many(value, k),
            }
            self.path.truncate(mark);
        }
    }

    /// Records a bom-ref. The schemas say every bom-ref must be unique within
    /// the BOM but cannot enforce it; dependencies and compositions are
    /// ambiguous otherwise.
    fn bom_ref(&mut self, v: &'a Json<'a>) {
        match v.as_str() {
            None => self.report("bom-ref must be a string"),
            Some("") => self.report("bom-ref must not be empty"),
            Some(r) => match self.bom_refs.get(r) {
                Some(&(start, end)) => {
                    let first = self.first_paths.get(start..end).unwrap_or_default();
                    let message = format!("duplicate bom-ref \"{r}\" (first used at {first})");
                    self.report(message);
                }
                None => {
                    let start = self.first_paths.len();
                    self.first_paths.push_str(&self.path);
                    self.bom_refs.insert(r, (start, self.first_paths.len()));
                }
            },
        }
    }

    /// RFC 3339 `date-time` as JSON Schema means it: `T` between date and time
    /// (the `time` crate also takes a space), any offset, leap second allowed.
    fn date_time(&mut self, key: &str, v: &Json<'_>) {
        let valid =
            |s: &str| matches!(s.as_bytes().get(10), Some(b'T' | b't')) && OffsetDateTime::parse(s, &Rfc3339).is_ok();
        match v.as_str() {
            Some(s) if valid(s) => {}
            Some(s) => self.report(format!(
                "{key} \"{s}\" is not an RFC 3339 date-time (e.g. 2024-05-01T12:00:00Z or with an offset)"
            )),
            None => self.report(format!("{key} must be an RFC 3339 date-time string")),
        }
    }

    fn check_object(&mut self, kind: Kind, m: &'a Object<'a>) {
        let r = rules(kind);
        let ver = self.ver;
        let first = self.problems.len();
        // Required fields are noted while going through the members (a map
        // lookup each would cost a cache miss on large BOMs).
        let mut present = 0u32;
        if let Some(fields) = r.fields {
            for (key, value) in m.iter() {
                if let Some(i) = r.required.iter().position(|(f, _)| *f == key) {
                    present |= 1 << i;
                }
                match fields.iter().find(|(f, _, _)| *f == key) {
                    Some(&(_, since, check)) if ver >= since => self.check_value(key, value, check),
                    Some(&(_, since, _)) => self
                        .report_at(key, format!("field \"{key}\" needs CycloneDX {since} or later; this BOM is {ver}")),
                    None if ver >= r.closed_since => self.report_at(
                        key,
                        format!("unknown field \"{key}\": CycloneDX {ver} does not allow it in a {}", r.name),
                    ),
                    None => {}
                }
            }
        }
        let missing = r.required.iter().enumerate().filter(|&(i, (_, since))| ver >= *since && present & (1 << i) == 0);
        let missing: Vec<Problem> = missing
            .map(|(_, (field, _))| Problem {
                path: self.path.clone(),
                message: format!("a {} needs the field \"{field}\"", r.name),
            })
            .collect();
        self.problems.splice(first..first, missing);
        match kind {
            Kind::Bom => self.bom_header(m),
            Kind::Metadata => self.tools(m),
            Kind::Component => self.mime_type(m),
            Kind::Hash => self.hash(m),
            Kind::License => self.license(m),
            Kind::Dependency => self.dependency(m),
            _ => {}
        }
    }

    fn check_value(&mut self, field: &str, v: &Json<'_>, check: Check) {
        let (ok, what) = match check {
            Check::Any => (true, ""),
            Check::Str => (v.is_string(), "a string"),
            Check::Bool => (v.is_boolean(), "true or false"),
            Check::Int => (integer(v).is_some(), "an integer"),
            Check::Obj => (v.is_object(), "a JSON object"),
            Check::Arr => (v.is_array(), "an array"),
            Check::Enum(allowed) => return self.check_enum(field, v, allowed),
        };
        if !ok {
            self.report_at(field, format!("{field} must be {what}"));
        }
    }

    fn check_enum(&mut self, field: &str, v: &Json<'_>, allowed: &[Since]) {
        let ver = self.ver;
        let Some(s) = v.as_str() else {
            self.report_at(field, format!("{field} must be a string"));
            return;
        };
        match allowed.iter().find(|(a, _)| *a == s) {
            Some((_, since)) if ver >= *since => {}
            found => {
                let list: Vec<&str> = allowed.iter().filter(|(_, since)| ver >= *since).map(|(a, _)| *a).collect();
                let later = match found {
                    Some((_, since)) => format!(" (\"{s}\" needs CycloneDX {since})"),
                    None => String::new(),
                };
                let message = format!("{field} \"{s}\" is not one of CycloneDX {ver}'s: {}{later}", list.join(", "));
                self.report_at(field, message);
            }
        }
    }

    /// serialNumber, version, and the references made by dependencies.
    fn bom_header(&mut self, m: &'a Object<'a>) {
        if let Some(serial) = m.get("serialNumber").and_then(Json::as_str)
            && !is_serial_number(serial, self.ver)
        {
            let form = if self.ver == V1_4 {
                "urn:uuid: and an RFC 4122 UUID (version 1-5, variant 8/9/a/b)"
            } else {
                "urn:uuid: and a UUID"
            };
            self.report_at("serialNumber", format!("serialNumber must be {form} in lower case"));
        }
        if let Some(v) = m.get("version")
            && integer(v).is_some_and(|n| n < 1)
        {
            self.report_at("version", "version must be 1 or more");
        }
        let dependencies = m.get("dependencies").and_then(Json::as_array);
        for (dependency, dep) in dependencies.unwrap_or_default().iter().enumerate() {
            let Some(dep) = dep.as_object() else { continue };
            if let Some(target) = dep.get("ref").and_then(Json::as_str) {
                self.ref_uses.push(RefUse { target, dependency, field: "ref", item: None });
            }
            for field in ["dependsOn", "provides"] {
                let items = dep.get(field).and_then(Json::as_array);
                for (i, target) in items.unwrap_or_default().iter().enumerate() {
                    if let Some(target) = target.as_str() {
                        self.ref_uses.push(RefUse { target, dependency, field, item: Some(i) });
                    }
                }
            }
        }
    }

    /// `metadata.tools` is an array of tools in 1.4; 1.5 added the object
    /// form (`{components, services}`) and kept the array as deprecated.
    fn tools(&mut self, m: &Object<'_>) {
        let ok = match m.get("tools") {
            None | Some(Json::Array(_)) => true,
            Some(Json::Object(_)) => self.ver >= V1_5,
            Some(_) => false,
        };
        if !ok {
            let form = if self.ver >= V1_5 { "an object or an array" } else { "an array" };
            self.report_at("tools", format!("tools must be {form} in CycloneDX {}", self.ver));
        }
    }

    fn mime_type(&mut self, m: &Object<'_>) {
        let Some(mime) = m.get("mime-type").and_then(Json::as_str) else { return };
        let part =
            |p: &str| !p.is_empty() && p.bytes().all(|b| matches!(b, b'-' | b'+' | b'.' | b'a'..=b'z' | b'0'..=b'9'));
        let ok = mime.split_once('/').is_some_and(|(t, s)| part(t) && part(s));
        if !ok {
            self.report_at("mime-type", format!("mime-type \"{mime}\" is not of the form type/subtype (lower case)"));
        }
    }

    /// The algorithm must be known and the digest as long as that algorithm's.
    fn hash(&mut self, m: &Object<'_>) {
        let alg = m.get("alg").and_then(Json::as_str);
        let expected = match alg {
            Some(a) => match HASH_ALGS.iter().find(|(name, _)| *name == a) {
                Some((_, len)) => Some(*len),
                None => {
                    let names: Vec<&str> = HASH_ALGS.iter().map(|(n, _)| *n).collect();
                    let message = format!("hash algorithm \"{a}\" is not one of: {}", names.join(", "));
                    self.report_at("alg", message);
                    None
                }
            },
            None => None,
        };
        let Some(content) = m.get("content").and_then(Json::as_str) else { return };
        let hex = content.bytes().all(|b| b.is_ascii_hexdigit());
        let found = if hex {
            format!("{} digits", content.len())
        } else {
            format!("{:?}, which is not hexadecimal", truncate(content, 40))
        };
        match (alg, expected) {
            (Some(a), Some(n)) if !hex || content.len() != n => {
                let message = format!("{a} hash must be {n} hexadecimal digits, found {found}");
                self.report_at("content", message);
            }
            (_, None) if !hex || ![32, 40, 64, 96, 128].contains(&content.len()) => {
                let message = format!("hash must be 32, 40, 64, 96 or 128 hexadecimal digits, found {found}");
                self.report_at("content", message);
            }
            _ => {}
        }
    }

    /// A license is named by exactly one of an SPDX `id` or a free `name`.
    fn license(&mut self, m: &Object<'_>) {
        match (m.get("id"), m.get("name")) {
            (None, None) => self.report("a license needs an \"id\" (SPDX) or a \"name\""),
            (Some(_), Some(_)) => self.report("a license has an \"id\" or a \"name\", not both"),
            _ => {}
        }
        if let Some(id) = m.get("id").and_then(Json::as_str)
            && !is_spdx_id(id)
        {
            let message = format!("\"{id}\" is not an SPDX license identifier (use \"name\" for other licenses)");
            self.report_at("id", message);
        }
    }

    /// `ref` non-empty; `dependsOn` and `provides` arrays of unique non-empty refs.
    fn dependency(&mut self, m: &'a Object<'a>) {
        if m.get("ref").and_then(Json::as_str) == Some("") {
            self.report_at("ref", "ref must not be empty");
        }
        for field in ["dependsOn", "provides"] {
            let Some(v) = m.get(field) else { continue };
            let mark = self.enter_key(field);
            match v.as_array() {
                None => self.report(format!("{field} must be an array of bom-refs")),
                Some(items) => {
                    self.seen.clear();
                    for (i, item) in items.iter().enumerate() {
                        let message = match item.as_str() {
                            None => "must be a bom-ref string".to_owned(),
                            Some("") => "must not be empty".to_owned(),
                            Some(r) if !self.seen.insert(r) => format!("\"{r}\" is listed twice"),
                            Some(_) => continue,
                        };
                        let item_mark = self.enter_index(i);
                        self.report(message);
                        self.path.truncate(item_mark);
                    }
                }
            }
            self.path.truncate(mark);
        }
    }

    /// Since 1.5 `licenses` is either a list of `{license}` entries or exactly
    /// one `{expression}` (1.6 names the mixed case
    /// "declared-concluded-mix"); 1.4 allowed both kinds side by side.
    fn license_choice(&mut self, v: &'a Json<'a>) {
        let Some(items) = v.as_array() else {
            self.report("licenses must be an array");
            return;
        };
        let mut expressions = 0;
        for (i, item) in items.iter().enumerate() {
            let mark = self.enter_index(i);
            let kind = match item.as_object() {
                Some(m) if m.contains_key("license") => Kind::LicenseEntry,
                Some(m) if m.contains_key("expression") => {
                    expressions += 1;
                    Kind::Expression
                }
                Some(_) => {
                    self.report("a licenses entry needs a \"license\" or an \"expression\"");
                    Kind::Any
                }
                None => {
                    self.report("a licenses entry must be a JSON object");
                    Kind::Any
                }
            };
            self.walk(item, kind);
            self.path.truncate(mark);
        }
        if self.ver >= V1_5 && expressions > 0 && items.len() > 1 {
            self.report(format!(
                "licenses holds {} entries, {expressions} of them SPDX expressions: since CycloneDX 1.5 \
                 it is either a list of licenses or a single expression (use one expression, e.g. \
                 \"MIT OR Apache-2.0\")",
                items.len()
            ));
        }
    }
}
