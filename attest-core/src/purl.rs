//! Package URLs, normalised, and the scope patterns of trust lists
//! (docs/formats.md "Scopes", docs/threat-model.md T25).
//!
//! A scope, a revocation and a component name one package in many spellings:
//! `pkg:NPM/Lodash`, `pkg:npm/%6codash`, `pkg:pypi/Foo_Bar`. If two spellings
//! of one package compared unequal, a revoked component could slip past its
//! revocation by being spelt differently, so every purl is parsed by the
//! `packageurl` crate (which applies the purl-spec type definitions) and then
//! normalised further where an ecosystem itself treats spellings as equal:
//!
//! - the type and qualifier keys are lower-case, every component is
//!   percent-decoded;
//! - names and namespaces are lower-cased where the type's definition says so
//!   (bitbucket, github, composer, deb, hex; apk, rpm, qpkg namespaces; npm
//!   names), plus npm scopes, which npm only accepts in lower case; golang
//!   namespaces keep their case, since Go module paths are case-sensitive
//!   (`github.com/Azure/go-autorest` is not `github.com/azure/go-autorest`),
//!   as the purl spec's golang type and syft, OSV and deps.dev treat them;
//! - PyPI names follow PEP 503 (lower case, every run of `-`, `_`, `.`
//!   becomes one `-`), as PyPI itself resolves them;
//! - versions are compared as their ecosystem compares them
//!   ([`Purl::release`], [`crate::version`]): `2.32.03` is `2.32.3` on PyPI,
//!   `v3.3.6` is `3.3.6` on npm, Go's `v1.2.3` is `1.2.3`;
//! - `repository_url` is compared with a lower-case scheme and host and no
//!   trailing slash; other qualifiers do not take part in matching;
//! - a qualifier key given twice, in any case, is malformed (the purl spec
//!   makes keys unique): read last-wins here and first-wins by a resolver,
//!   `?repository_url=A&repository_url=B` would be judged as one registry
//!   and fetched from the other (docs/threat-model.md T39).
//!
//! Types whose definitions say they are case-sensitive (cargo, maven,
//! golang names, generic, …) are kept as written.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use packageurl::PackageUrl;

use crate::version::Version;

/// The qualifier that names a package's registry. A purl carrying it names a
/// package of *that* registry, which a scope for the default registry must
/// not cover (a private package shadowing a public name).
pub const REPOSITORY_URL: &str = "repository_url";

/// A parsed, normalised package URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Purl {
    /// The type (`npm`, `cargo`, …), lower-case.
    pub ty: String,
    /// Namespace segments joined by `/`, percent-decoded; `None` when absent.
    pub namespace: Option<String>,
    /// The name, percent-decoded and normalised for the type.
    pub name: String,
    /// The version as written (percent-decoded); compared as [`Purl::release`].
    pub version: Option<String>,
    /// Qualifiers with lower-case keys and decoded values.
    pub qualifiers: BTreeMap<String, String>,
    /// The subpath, decoded, without empty, `.` or `..` segments.
    pub subpath: Option<String>,
}

crate::error::value_error!(
    /// Why a text is not a package URL attest accepts, or not a scope pattern;
    /// the message quotes the text and says what is wrong with it.
    PurlError
);

impl Purl {
    /// Parses and normalises `s`. `Err` says what is wrong in words.
    pub fn parse(s: &str) -> Result<Purl, PurlError> {
        unique_qualifier_keys(s)?;
        let p =
            PackageUrl::from_str(&keep_dot_segments(s)).map_err(|e| format!("purl {s:?} is not a package URL: {e}"))?;
        let mut purl = Purl::from_package_url(&p);
        if purl.ty == "golang"
            && let Some(namespace) = case_kept_namespace(s).filter(|n| Some(n.to_lowercase()) == purl.namespace)
        {
            purl.namespace = Some(namespace);
        }
        Ok(purl)
    }

    fn from_package_url(p: &PackageUrl<'_>) -> Purl {
        let ty = p.ty().to_owned();
        let namespace = p.namespace().map(|ns| normalise_namespace(&ty, ns));
        let name = normalise_name(&ty, p.name());
        let qualifiers = p.qualifiers().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Purl {
            ty,
            namespace,
            name,
            version: p.version().map(str::to_owned),
            qualifiers,
            subpath: p.subpath().map(str::to_owned),
        }
    }

    /// The version as its ecosystem reads it, for every comparison
    /// (scopes, pins, revocations): see [`crate::version`].
    pub fn release(&self) -> Option<Version> {
        self.version.as_deref().map(|v| Version::parse(&self.ty, v))
    }

    /// The canonical string with the version in its ecosystem's normal form
    /// ([`crate::version::normal_form`]): one string per release, for
    /// comparing purls as a whole (`trust diff`).
    pub fn identity(&self) -> String {
        let mut p = self.clone();
        if let Some(v) = &self.version {
            p.version = Some(crate::version::normal_form(&self.ty, v).into_owned());
        }
        p.to_string()
    }

    /// The normalised `repository_url` qualifier, if any.
    pub fn repository_url(&self) -> Option<String> {
        self.qualifiers.get(REPOSITORY_URL).map(|u| normalise_repository_url(u))
    }

    /// Namespace segments, in order (none when there is no namespace).
    pub fn namespace_segments(&self) -> impl Iterator<Item = &str> {
        self.namespace.as_deref().into_iter().flat_map(|ns| ns.split('/'))
    }

    /// The canonical form without version, qualifiers or subpath: the
    /// package's identity, for display and as a key.
    pub fn to_string_without_version(&self) -> String {
        self.package().to_string()
    }

    /// [`Purl::to_string_without_version`] as a `Display`, so that a
    /// message can write it without an intermediate string.
    pub fn package(&self) -> impl fmt::Display + '_ {
        Package(self)
    }
}

/// Writes `pkg:type/namespace/name`, canonical.
struct Package<'a>(&'a Purl);

impl fmt::Display for Package<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pkg:{}/", self.0.ty)?;
        for seg in self.0.namespace_segments() {
            write!(f, "{}/", Encoded(seg))?;
        }
        write!(f, "{}", Encoded(&self.0.name))
    }
}

impl fmt::Display for Purl {
    /// The canonical string: normalised, percent-encoded where needed,
    /// qualifiers sorted by key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.package())?;
        if let Some(v) = &self.version {
            write!(f, "@{}", Encoded(v))?;
        }
        for (i, (k, v)) in self.qualifiers.iter().enumerate() {
            write!(f, "{}{k}={}", if i == 0 { '?' } else { '&' }, Encoded(v))?;
        }
        for (i, seg) in self.subpath.iter().flat_map(|sp| sp.split('/')).enumerate() {
            write!(f, "{}{}", if i == 0 { '#' } else { '/' }, Encoded(seg))?;
        }
        Ok(())
    }
}

/// `s` with every `.` or `..` segment of its type/namespace/name/version
/// path percent-encoded (`%2E`), so that the `packageurl` crate keeps it.
///
/// The purl spec drops `.` and `..` only from the subpath; in a namespace
/// they are segments like any other (syft writes a Go module's local
/// `replace ./proto` as `pkg:golang/./proto`). The crate drops them there
/// too, which made that purl `pkg:golang//proto` (an empty namespace that no
/// other spelling of it has) and `pkg:golang/a/./b` the same package as
/// `pkg:golang/a/b`. Encoded, they decode to themselves: `./proto` keeps
/// its namespace `.`, shown as written, and is no registry package.
fn keep_dot_segments(s: &str) -> std::borrow::Cow<'_, str> {
    // The crate splits off the subpath at the last `#`, then the qualifiers
    // at the last `?`; what is left is the path.
    let path_end = s.rfind('#').unwrap_or(s.len());
    let path_end = s.get(..path_end).and_then(|p| p.rfind('?')).unwrap_or(path_end);
    let (path, tail) = s.split_at(path_end);
    if !path.split('/').any(|seg| matches!(seg, "." | "..")) {
        return std::borrow::Cow::Borrowed(s);
    }
    let segments: Vec<&str> = path
        .split('/')
        .map(|seg| {
            if seg == "." {
                "%2E"
            } else if seg == ".." {
                "%2E%2E"
            } else {
                seg
            }
        })
        .collect();
    std::borrow::Cow::Owned(format!("{}{tail}", segments.join("/")))
}

/// `Err` when a qualifier key appears twice in `s`, compared as keys are
/// compared (percent-decoded, case-insensitively). The qualifiers are what
/// lies between the last `?` before the subpath's `#` and that `#`, as the
/// `packageurl` crate splits them.
fn unique_qualifier_keys(s: &str) -> Result<(), String> {
    let end = s.rfind('#').unwrap_or(s.len());
    let Some(query) = s.get(..end).and_then(|head| head.rsplit_once('?')).map(|(_, q)| q) else { return Ok(()) };
    let mut seen = std::collections::BTreeSet::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let key = decode(pair.split_once('=').map_or(pair, |(k, _)| k))?.to_lowercase();
        if !seen.insert(key) {
            let key = pair.split_once('=').map_or(pair, |(k, _)| k);
            return Err(format!(
                "purl {s:?} gives the qualifier `{key}` twice; a qualifier key may appear once (one reader would \
                 take the first value, another the last)"
            ));
        }
    }
    Ok(())
}

/// The namespace of `s` as written, percent-decoded (the `packageurl` crate
/// lower-cases golang namespaces); `None` when it cannot be told apart.
fn case_kept_namespace(s: &str) -> Option<String> {
    let path_end = s.find(['?', '#']).unwrap_or(s.len());
    let path = s.get(..path_end)?.split_once(':')?.1.trim_start_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    let (_, namespace) = segments.split_last()?.1.split_first()?;
    if namespace.is_empty() {
        return None;
    }
    let decoded: Result<Vec<String>, String> = namespace.iter().map(|seg| decode(seg)).collect();
    decoded.ok().map(|segments| segments.join("/"))
}

fn normalise_name(ty: &str, name: &str) -> String {
    match ty {
        "pypi" => pep503(name),
        _ => name.to_owned(),
    }
}

fn normalise_namespace(ty: &str, ns: &str) -> String {
    match ty {
        "npm" => ns.to_lowercase(),
        _ => ns.to_owned(),
    }
}

/// PEP 503: lower case, every run of `-`, `_` and `.` as one `-`.
/// `Foo.Bar`, `foo_bar` and `foo-bar` are one project on PyPI, so they must
/// be one purl (the purl spec asks for this form for `pypi`).
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// `repository_url` as compared: scheme and host lower-case (they are
/// case-insensitive in URLs), no trailing slash.
pub fn normalise_repository_url(url: &str) -> String {
    let url = url.trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if scheme.is_empty() {
        format!("{}{path}", host.to_lowercase())
    } else {
        format!("{}://{}{path}", scheme.to_lowercase(), host.to_lowercase())
    }
}

/// Writes a string percent-encoded: everything but unreserved characters
/// and `:` is escaped.
struct Encoded<'a>(&'a str);

impl fmt::Display for Encoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let safe = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b':');
        let mut rest = self.0;
        loop {
            // Safe bytes are ASCII, so the first unsafe one starts a char.
            let run = rest.bytes().position(|b| !safe(b)).unwrap_or(rest.len());
            let (plain, tail) = rest.split_at(run);
            f.write_str(plain)?;
            let mut chars = tail.chars();
            let Some(c) = chars.next() else { return Ok(()) };
            for b in c.encode_utf8(&mut [0u8; 4]).bytes() {
                write!(f, "%{b:02X}")?;
            }
            rest = chars.as_str();
        }
    }
}

/// Strict percent-decoding: a `%` must start a two-digit hex escape, and the
/// result must be UTF-8.
fn decode(s: &str) -> Result<String, String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b != b'%' {
            out.push(b);
            continue;
        }
        let digit = |d: Option<u8>| d.and_then(|d| char::from(d).to_digit(16));
        match (digit(bytes.next()), digit(bytes.next())) {
            (Some(hi), Some(lo)) => out.push(u8::try_from(hi * 16 + lo).unwrap_or(0)),
            _ => return Err(format!("bad percent-escape in {s:?}")),
        }
    }
    String::from_utf8(out).map_err(|_| format!("{s:?} does not decode to UTF-8"))
}

/// A scope pattern: a purl without version, naming one package, or ending in
/// a whole `*` segment that covers every package below the segments before
/// it (`pkg:npm/*`, `pkg:npm/%40acme/*`, `pkg:generic/acme/*`).
///
/// A `*` anywhere else (`pkg:npm/lod*`) is malformed rather than read as a
/// prefix: a prefix pattern would grant `lodash-evil` along with `lodash`.
/// A version is malformed too (versions belong in `versions` / `exact`, and a
/// version silently ignored would widen the grant), and so is a subpath.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    ty: String,
    namespace: Option<String>,
    /// `None` for the `*` wildcard.
    name: Option<String>,
    repository_url: Option<String>,
}

impl Pattern {
    /// Parses and normalises a scope pattern.
    pub fn parse(s: &str) -> Result<Pattern, PurlError> {
        let path = s.split(['?', '#']).next().unwrap_or(s);
        let last = path.rsplit('/').next().unwrap_or(path);
        let wildcard = decode(last)? == "*";
        let purl = if wildcard { parse_wildcard(s)? } else { Purl::parse(s)? };
        if purl.version.is_some() {
            return Err(format!("pattern {s:?} has a version; versions belong in `versions` or `exact`").into());
        }
        if purl.subpath.is_some() {
            return Err(format!("pattern {s:?} has a subpath; a scope names whole packages").into());
        }
        let star_inside =
            purl.namespace_segments().any(|seg| seg.contains('*')) || (!wildcard && purl.name.contains('*'));
        if star_inside {
            return Err(
                format!("pattern {s:?}: `*` may stand only as a whole last path segment (like pkg:npm/*)").into()
            );
        }
        Ok(Pattern {
            repository_url: purl.repository_url(),
            ty: purl.ty,
            namespace: purl.namespace,
            name: (!wildcard).then_some(purl.name),
        })
    }

    /// Whether `p` is one of the packages this pattern names: same type,
    /// same `repository_url` (both absent, or equal after normalisation),
    /// and the same namespace and name, or a path below the wildcard's.
    pub fn matches(&self, p: &Purl) -> bool {
        if p.ty != self.ty || p.repository_url() != self.repository_url {
            return false;
        }
        match &self.name {
            Some(name) => *name == p.name && self.namespace == p.namespace,
            None => {
                let mut segs = p.namespace_segments();
                self.namespace_segments().all(|want| segs.next() == Some(want))
            }
        }
    }

    /// The type.
    pub fn ty(&self) -> &str {
        &self.ty
    }

    /// The namespace (for a wildcard: the segments before `*`), if any.
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The name, or `None` for a `*` wildcard.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Namespace segments in order.
    pub fn namespace_segments(&self) -> impl Iterator<Item = &str> {
        self.namespace.as_deref().into_iter().flat_map(|ns| ns.split('/'))
    }
}

impl fmt::Display for Pattern {
    /// The canonical form (`pkg:npm/%40acme/*`), with `repository_url`
    /// normalised, the only qualifier that takes part in matching.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pkg:{}/", self.ty)?;
        for seg in self.namespace_segments() {
            write!(f, "{}/", Encoded(seg))?;
        }
        match &self.name {
            Some(name) => write!(f, "{}", Encoded(name))?,
            None => f.write_str("*")?,
        }
        if let Some(url) = &self.repository_url {
            write!(f, "?{REPOSITORY_URL}={}", Encoded(url))?;
        }
        Ok(())
    }
}

/// Parses a pattern whose last path segment is `*`. The crate's parser would
/// judge `*` as a package name and apply rules meant for real packages (a
/// namespace some types require, a name form), so the path is split here and
/// the type, namespace and qualifiers are normalised by the crate's builder.
fn parse_wildcard(s: &str) -> Result<Purl, String> {
    unique_qualifier_keys(s)?;
    let rest = s.strip_prefix("pkg:").ok_or_else(|| format!("pattern {s:?} does not start with `pkg:`"))?;
    if rest.contains('#') {
        return Err(format!("pattern {s:?} has a subpath; a scope names whole packages"));
    }
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.trim_start_matches('/');
    if path.rfind('@').is_some_and(|i| !path.get(i..).unwrap_or("").contains('/')) {
        return Err(format!("pattern {s:?} has a version; versions belong in `versions` or `exact`"));
    }
    // Only empty segments are dropped: `.` and `..` are namespace segments
    // (see `keep_dot_segments`), so `pkg:golang/./*` covers `./…` only.
    let mut segs: Vec<&str> = path.split('/').filter(|seg| !seg.is_empty()).collect();
    segs.pop();
    let (ty, ns) = segs.split_first().ok_or_else(|| format!("pattern {s:?} has no type"))?;
    let bad = |e: packageurl::Error| format!("pattern {s:?}: {e}");
    let mut p = PackageUrl::new(ty.to_string(), "x").map_err(bad)?;
    let mut namespace = None;
    if !ns.is_empty() {
        let ns = ns.iter().map(|seg| decode(seg)).collect::<Result<Vec<_>, _>>()?.join("/");
        p.with_namespace(ns.clone()).map_err(bad)?;
        namespace = Some(ns);
    }
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if !v.is_empty() {
            p.add_qualifier(k.to_owned(), decode(v)?).map_err(bad)?;
        }
    }
    let mut purl = Purl::from_package_url(&p);
    if purl.ty == "golang" {
        purl.namespace = namespace; // Go module paths are case-sensitive
    }
    Ok(purl)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purl(s: &str) -> Purl {
        Purl::parse(s).unwrap()
    }

    fn pat(s: &str) -> Pattern {
        Pattern::parse(s).unwrap()
    }

    #[test]
    fn type_and_names_normalised_per_type() {
        assert_eq!(purl("pkg:NPM/Lodash@4.17.21"), purl("pkg:npm/lodash@4.17.21"));
        assert_eq!(purl("pkg:npm/%40Acme/Widget").namespace.as_deref(), Some("@acme"));
        assert_eq!(purl("pkg:pypi/Foo_Bar.baz--qux").name, "foo-bar-baz-qux");
        assert_eq!(purl("pkg:github/Package-URL/Purl-Spec").to_string(), "pkg:github/package-url/purl-spec");
        assert_eq!(purl("pkg:bitbucket/Birkenfeld/Pygments").to_string(), "pkg:bitbucket/birkenfeld/pygments");
        // Case-sensitive types stay as written.
        assert_eq!(purl("pkg:cargo/Serde").name, "Serde");
        assert_eq!(purl("pkg:maven/org.Apache/Commons").to_string(), "pkg:maven/org.Apache/Commons");
        assert_eq!(purl("pkg:generic/Acme/X").to_string(), "pkg:generic/Acme/X");
    }

    #[test]
    fn percent_encoding_decoded_and_canonical_output() {
        let p = purl("pkg:npm/%6Codash@4.17.21");
        assert_eq!(p.name, "lodash");
        let scoped = purl("pkg:npm/%40angular/core@1.0.0");
        assert_eq!(scoped, purl("pkg:npm/@angular/core@1.0.0"));
        assert_eq!(scoped.to_string(), "pkg:npm/%40angular/core@1.0.0");
        assert_eq!(scoped.to_string_without_version(), "pkg:npm/%40angular/core");
        let odd = purl("pkg:generic/caf%C3%A9/a%20b@1.0%2B1?q=x%2Fy#sub/d%C3%AEr");
        assert_eq!(odd.name, "a b");
        assert_eq!(odd.to_string(), "pkg:generic/caf%C3%A9/a%20b@1.0%2B1?q=x%2Fy#sub/d%C3%AEr");
        assert_eq!(Purl::parse(&odd.to_string()).unwrap(), odd);
    }

    #[test]
    fn versions_compare_as_their_ecosystem_compares_them() {
        let p = purl("pkg:golang/github.com/Gorilla/mux@v1.8.1");
        let same = |a: &Purl, b: &str| a.release().unwrap().same_release(&purl(b).release().unwrap());
        assert!(same(&p, "pkg:golang/github.com/Gorilla/mux@1.8.1"));
        assert_eq!(p.namespace.as_deref(), Some("github.com/Gorilla"));
        // Go module paths are case-sensitive: two modules, in scopes too.
        assert_ne!(p, purl("pkg:golang/github.com/gorilla/mux@v1.8.1"));
        assert!(pat("pkg:golang/github.com/Gorilla/*").matches(&p));
        assert!(!pat("pkg:golang/github.com/gorilla/*").matches(&p));
        assert!(!pat("pkg:golang/github.com/gorilla/mux").matches(&p));
        assert!(pat("pkg:golang/github.com/Gorilla/mux").matches(&p));
        assert!(same(&purl("pkg:npm/v@v1.0.0"), "pkg:npm/v@1.0.0"));
        assert!(same(&purl("pkg:pypi/requests@2.32.03"), "pkg:pypi/requests@2.32.3"));
        assert!(!same(&purl("pkg:maven/a/b@1.0"), "pkg:maven/a/b@1.00"));
        assert_eq!(purl("pkg:pypi/Requests@v2.32.03?b=1").identity(), "pkg:pypi/requests@2.32.3?b=1");
        assert_eq!(purl("pkg:npm/x@%3Dv3.3.6").identity(), "pkg:npm/x@3.3.6");
        assert_eq!(purl("pkg:npm/x").identity(), "pkg:npm/x");
    }

    #[test]
    fn dot_namespace_segments_are_kept_as_the_purl_spec_says() {
        // syft's purl for a Go module's local `replace ./proto`.
        let local = purl("pkg:golang/./proto");
        assert_eq!(local.namespace.as_deref(), Some("."));
        assert_eq!(local.name, "proto");
        assert_eq!(purl("pkg:golang/./proto@UNKNOWN").to_string(), "pkg:golang/./proto@UNKNOWN");
        assert_eq!(Purl::parse(&local.to_string()).unwrap(), local);
        // Every spelling of it is one purl, and none is the registry's `proto`.
        assert_eq!(purl("pkg:golang/%2E/proto"), local);
        assert_eq!(purl("pkg:golang/./proto?x=y#sub/./dir").namespace.as_deref(), Some("."));
        assert_ne!(purl("pkg:golang/proto"), local);
        assert!(!pat("pkg:golang/proto").matches(&local));
        assert_eq!(purl("pkg:golang/a/./b").namespace.as_deref(), Some("a/."));
        assert_eq!(purl("pkg:golang/../x").to_string(), "pkg:golang/../x");
        // The subpath still drops them (the spec says so there).
        assert_eq!(purl("pkg:golang/x#a/./b/../c").subpath.as_deref(), Some("a/b/c"));
        // Wildcards read `.` the same way: `pkg:golang/./*` is not `pkg:golang/*`.
        let dot = pat("pkg:golang/./*");
        assert_eq!(dot.to_string(), "pkg:golang/./*");
        assert!(dot.matches(&local));
        assert!(!dot.matches(&purl("pkg:golang/github.com/x/y")));
        assert!(pat("pkg:golang/*").matches(&local));
    }

    #[test]
    fn qualifiers_keys_lower_case_and_repository_url_normalised() {
        let p = purl("pkg:npm/lodash?Repository_URL=HTTPS://Registry.Example.COM/Npm/&arch=x");
        assert_eq!(p.repository_url().as_deref(), Some("https://registry.example.com/Npm"));
        assert_eq!(p.qualifiers.get("arch").map(String::as_str), Some("x"));
    }

    #[test]
    fn exact_patterns_match_every_spelling() {
        let p = pat("pkg:npm/lodash");
        for s in ["pkg:npm/lodash@1.0.0", "pkg:NPM/LODASH@2", "pkg:npm/%6c%6Fdash", "pkg:npm/lodash?arch=x86"] {
            assert!(p.matches(&purl(s)), "{s}");
        }
        assert!(!p.matches(&purl("pkg:npm/lodash-evil")));
        assert!(!p.matches(&purl("pkg:npm/%40x/lodash")));
        assert!(!p.matches(&purl("pkg:pypi/lodash")));
        assert!(pat("pkg:pypi/Foo_Bar").matches(&purl("pkg:pypi/foo.bar@1")));
    }

    #[test]
    fn wildcards_cover_whole_segments_only() {
        let all = pat("pkg:npm/*");
        assert!(all.matches(&purl("pkg:npm/lodash")));
        assert!(all.matches(&purl("pkg:npm/%40acme/x")));
        assert!(!all.matches(&purl("pkg:cargo/x")));
        let scope = pat("pkg:npm/%40Acme/*");
        assert_eq!(scope.to_string(), "pkg:npm/%40acme/*");
        assert!(scope.matches(&purl("pkg:npm/@acme/widget@1")));
        assert!(!scope.matches(&purl("pkg:npm/@acmex/widget")));
        assert!(!scope.matches(&purl("pkg:npm/widget")));
        let generic = pat("pkg:generic/acme/*");
        assert!(generic.matches(&purl("pkg:generic/acme/tool@2.0.0")));
        assert!(!generic.matches(&purl("pkg:generic/other/tool")));
        assert!(!generic.matches(&purl("pkg:generic/acme")));
        // Types that require a namespace or qualifiers still take a wildcard.
        assert!(pat("pkg:swift/*").matches(&purl("pkg:swift/github.com/x/y")));
        assert!(pat("pkg:cargo/%2A").matches(&purl("pkg:cargo/serde")));
    }

    #[test]
    fn malformed_patterns() {
        for bad in [
            "pkg:npm/lod*",
            "pkg:npm/lod%2A",
            "pkg:npm/*/x",
            "pkg:generic/ac*/x",
            "pkg:npm/lodash@4.17.21",
            "pkg:npm/*@1",
            "pkg:npm/lodash#sub",
            "pkg:npm/*#sub",
            "pkg:cargo/ns/*",
            "npm/*",
            "pkg:*",
            "pkg:npm/%ZZ/*",
        ] {
            assert!(Pattern::parse(bad).is_err(), "{bad} should be malformed");
        }
        assert!(Purl::parse("pkg:npm/").is_err());
        assert!(Purl::parse("not a purl").is_err());
    }

    #[test]
    fn t39_a_qualifier_key_given_twice_is_malformed() {
        for bad in [
            "pkg:npm/lodash@1?repository_url=https://evil.example&repository_url=https://repo.acme.example",
            "pkg:npm/lodash@1?repository_url=https://repo.acme.example&repository_url=https://evil.example",
            "pkg:npm/lodash@1?Repository_URL=https://evil.example&repository_url=https://repo.acme.example",
            "pkg:npm/lodash@1?REPOSITORY_URL=a&arch=x&repository_url=b",
            "pkg:npm/lodash@1?%72epository_url=a&repository_url=b",
            "pkg:npm/lodash@1?arch=x&arch=x",
            "pkg:npm/lodash@1?arch=x&ARCH=y#sub",
            "pkg:pypi/requests@2.32.3?extension=whl&Extension=tar.gz",
            "pkg:npm/lodash@1?arch&arch=y",
        ] {
            let err = Purl::parse(bad).unwrap_err();
            assert!(err.to_string().contains("twice"), "{bad}: {err}");
        }
        for bad in [
            "pkg:npm/*?repository_url=https://evil.example&repository_url=https://repo.acme.example",
            "pkg:npm/lodash?repository_url=https://evil.example&REPOSITORY_URL=https://repo.acme.example",
            "pkg:generic/acme/*?a=1&A=2",
        ] {
            let err = Pattern::parse(bad).unwrap_err();
            assert!(err.to_string().contains("twice"), "{bad}: {err}");
        }
        // Distinct keys, and a `?` or `&` inside the subpath, are fine.
        assert!(Purl::parse("pkg:npm/lodash@1?arch=x&os=linux&repository_url=https://r.example").is_ok());
        assert!(Purl::parse("pkg:npm/lodash@1?arch=x#a&arch=y").is_ok());
        assert!(Pattern::parse("pkg:npm/*?repository_url=https://r.example").is_ok());
    }

    #[test]
    fn repository_url_must_agree() {
        let public = pat("pkg:npm/lodash");
        let private = purl("pkg:npm/lodash@1?repository_url=https://evil.example/npm");
        assert!(!public.matches(&private));
        let named = pat("pkg:npm/*?repository_url=HTTPS://EVIL.example/npm/");
        assert!(named.matches(&private));
        assert!(!named.matches(&purl("pkg:npm/lodash@1")));
        assert!(!named.matches(&purl("pkg:npm/lodash@1?repository_url=https://other.example/npm")));
        assert_eq!(named.to_string(), "pkg:npm/*?repository_url=https:%2F%2Fevil.example%2Fnpm");
    }
}
