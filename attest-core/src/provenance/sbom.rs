//! Reading the components of a CycloneDX BOM as JSON.
//!
//! The SBOM is judged as the JSON value it is (a foreign SBOM is never
//! round-tripped through a typed model, docs/formats.md "SBOM"), so this module
//! walks the value itself and extracts only what a decision needs: the purl,
//! the version, the SHA-256 / SHA-512 hashes, the type.

use crate::jsontree::{Json, Object};

use crate::digest::{DigestSet, Sha256Digest, Sha512Digest};
use crate::purl::Purl;
use crate::version::Version;

crate::error::value_error!(
    /// Why a component of an SBOM cannot be judged (not an object, a purl or
    /// hash that does not parse); the message names its JSON pointer.
    ComponentError
);

/// One component object of the BOM and where it sits (a JSON-pointer-like
/// path such as `/components/3/components/0`), for messages.
pub type ComponentRef<'a> = (String, &'a Object<'a>);

/// Every component the provenance decision judges, in document order
/// (pre-order): `components` and everything nested in it, then the
/// components nested in `metadata.component` (parts of the product are
/// components too). The product itself is not among them.
///
/// The walk uses an explicit stack, so no BOM can exhaust the call stack
/// whatever its depth. `Err` names the first place that is not a component
/// object or whose `components` is not an array.
pub fn component_objects<'a>(sbom: &'a Json<'a>) -> Result<Vec<ComponentRef<'a>>, ComponentError> {
    let mut stack: Vec<(String, &Json<'a>)> = Vec::new();
    let product = sbom.get("metadata").and_then(|m| m.get("component"));
    if let Some(product) = product {
        push_children(&mut stack, "/metadata/component", product)?;
    }
    push_children(&mut stack, "", sbom)?;
    let mut out = Vec::new();
    while let Some((path, value)) = stack.pop() {
        let obj = value.as_object().ok_or_else(|| format!("{path}: a component must be a JSON object"))?;
        push_children(&mut stack, &path, value)?;
        out.push((path, obj));
    }
    Ok(out)
}

/// Pushes `value.components` onto the stack in reverse, so that they pop in
/// document order.
fn push_children<'a>(stack: &mut Vec<(String, &'a Json<'a>)>, path: &str, value: &'a Json<'a>) -> Result<(), String> {
    match value.get("components") {
        None => Ok(()),
        Some(Json::Array(items)) => {
            let children = items.iter().enumerate().map(|(i, c)| (format!("{path}/components/{i}"), c));
            stack.extend(children.rev());
            Ok(())
        }
        Some(_) => Err(format!("{path}/components: must be an array")),
    }
}

/// The distinct values of one digest algorithm a component carries.
///
/// A lockfile gives a package one hash per distribution file (the sdist
/// and each wheel of a PyPI release), so a component may carry several;
/// almost every component carries one, so the first is held inline and
/// only the others go to the heap (one hash costs no allocation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digests<T> {
    first: Option<T>,
    /// The others: distinct from `first` and from each other.
    rest: Vec<T>,
}

impl<T> Default for Digests<T> {
    fn default() -> Self {
        Digests { first: None, rest: Vec::new() }
    }
}

impl<T: DigestBytes> Digests<T> {
    /// Adds `value`. A value already held is not added again (the same
    /// hash listed twice is one file).
    fn push(&mut self, value: T) {
        match &self.first {
            None => self.first = Some(value),
            Some(first) if *first == value => {}
            Some(_) => self.rest.push(value),
        }
    }

    /// Drops repeated values from `rest` once every value is in: sorting
    /// keeps this O(n log n) however many hashes a hostile SBOM lists.
    fn dedup(&mut self) {
        if self.rest.len() > 1 {
            self.rest.sort_unstable_by(|a, b| a.bytes().cmp(b.bytes()));
            self.rest.dedup();
        }
    }

    /// Every value, the first one first.
    pub fn iter(&self) -> impl Iterator<Item = &T> + Clone {
        self.first.iter().chain(&self.rest)
    }

    /// How many distinct values.
    pub fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }
}

/// The bytes of a digest, to sort values of an algorithm.
pub trait DigestBytes: PartialEq {
    /// The digest's bytes.
    fn bytes(&self) -> &[u8];
}

impl DigestBytes for Sha256Digest {
    fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl DigestBytes for Sha512Digest {
    fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// One hash a component carries, to name it in a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComponentHash<'h> {
    /// A SHA-256 value.
    Sha256(&'h Sha256Digest),
    /// A SHA-512 value.
    Sha512(&'h Sha512Digest),
}

impl ComponentHash<'_> {
    /// `sha256` or `sha512`, as reasons and `--artefact` name them.
    fn alg(&self) -> &'static str {
        match self {
            ComponentHash::Sha256(_) => "sha256",
            ComponentHash::Sha512(_) => "sha512",
        }
    }

    /// Lower-case hex.
    fn hex(&self) -> String {
        match self {
            ComponentHash::Sha256(h) => h.to_hex(),
            ComponentHash::Sha512(h) => h.to_hex(),
        }
    }
}

impl std::fmt::Display for ComponentHash<'_> {
    /// `sha256 HEX`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.alg(), self.hex())
    }
}

/// The SHA-256 and SHA-512 values a component carries (other algorithms
/// take no part in decisions).
///
/// Several values of one algorithm mean the component is one of several
/// files, and nothing says which was installed. Decisions therefore fail
/// closed both ways: a revocation of *any* value blocks the component
/// ([`Hashes::iter`] feeds the lookup), while pins and evidence vouch for it
/// only when *every* file it could be is vouched for
/// ([`Hashes::unmatched`]): a pinned wheel listed beside an unpinned file
/// is not covered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hashes {
    /// The SHA-256 values.
    pub sha256: Digests<Sha256Digest>,
    /// The SHA-512 values.
    pub sha512: Digests<Sha512Digest>,
}

impl Hashes {
    /// Whether the component carries neither.
    pub fn is_empty(&self) -> bool {
        self.sha256.is_empty() && self.sha512.is_empty()
    }

    /// Whether it carries more than one value of an algorithm.
    pub fn is_several(&self) -> bool {
        self.sha256.len() > 1 || self.sha512.len() > 1
    }

    /// Every value, SHA-256 first.
    pub fn iter(&self) -> impl Iterator<Item = ComponentHash<'_>> {
        self.sha256.iter().map(ComponentHash::Sha256).chain(self.sha512.iter().map(ComponentHash::Sha512))
    }

    /// A positive match (evidence, pins) against the digest sets `set`:
    /// `None` when every file the component could be matches one of them,
    /// else the first value that does not.
    ///
    /// The file could be any pairing of one SHA-256 value with one SHA-512
    /// value (or either alone when the other algorithm is absent), so each
    /// pairing must match a set on which every shared algorithm agrees and
    /// at least one is shared. For one value of each algorithm this is
    /// "they share an algorithm and every shared algorithm agrees". The
    /// walk ends at the first value that no set carries, so it compares at
    /// most one value more than `set` holds, however many an SBOM lists.
    ///
    /// With no hash at all this is `None` too: decide with
    /// [`Hashes::covered_by`], which refuses that case.
    pub fn unmatched<'d, I>(&self, set: I) -> Option<ComponentHash<'_>>
    where
        I: IntoIterator<Item = &'d DigestSet> + Clone,
    {
        if self.sha256.is_empty() {
            let known = |h: &Sha512Digest| set.clone().into_iter().any(|d| d.sha512.as_ref() == Some(h));
            return self.sha512.iter().find(|h| !known(h)).map(ComponentHash::Sha512);
        }
        for h256 in self.sha256.iter() {
            let same = || set.clone().into_iter().filter(move |d| d.sha256 == *h256);
            if same().next().is_none() {
                return Some(ComponentHash::Sha256(h256));
            }
            if same().any(|d| d.sha512.is_none()) {
                continue;
            }
            if let Some(h512) = self.sha512.iter().find(|h| !same().any(|d| d.sha512.as_ref() == Some(*h))) {
                return Some(ComponentHash::Sha512(h512));
            }
        }
        None
    }

    /// Whether every file the component could be matches one of the digest
    /// sets `set` (see [`Hashes::unmatched`]); never when it carries no
    /// hash.
    pub fn covered_by<'d, I>(&self, set: I) -> bool
    where
        I: IntoIterator<Item = &'d DigestSet> + Clone,
    {
        !self.is_empty() && self.unmatched(set).is_none()
    }

    /// Whether `d` matches one of the files the component could be (see
    /// [`Hashes::unmatched`]): evidence about it is worth a look.
    pub fn touches(&self, d: &DigestSet) -> bool {
        if self.sha256.is_empty() {
            return d.sha512.is_some_and(|h| self.sha512.iter().any(|v| *v == h));
        }
        let sha512_ok = || match d.sha512 {
            Some(h) if !self.sha512.is_empty() => self.sha512.iter().any(|v| *v == h),
            _ => true,
        };
        self.sha256.iter().any(|v| *v == d.sha256) && sha512_ok()
    }

    /// Short text for reasons: the hash when there is one value per
    /// algorithm (SHA-256 preferred), else how many of each and the first
    /// few, abbreviated.
    pub fn describe(&self) -> String {
        if self.is_several() {
            return self.describe_several();
        }
        match self.iter().next() {
            Some(h) => h.to_string(),
            None => "no SHA-256 or SHA-512 hash".to_owned(),
        }
    }

    fn describe_several(&self) -> String {
        /// How many values are shown (abbreviated) before `…`.
        const SHOWN: usize = 3;
        /// Hex digits shown of each.
        const DIGITS: usize = 12;
        let count = |n: usize, alg: &str| match n {
            0 => None,
            1 => Some(format!("1 {alg} hash")),
            n => Some(format!("{n} {alg} hashes")),
        };
        let counts: Vec<String> =
            [count(self.sha256.len(), "SHA-256"), count(self.sha512.len(), "SHA-512")].into_iter().flatten().collect();
        let mut shown: Vec<String> = self
            .iter()
            .take(SHOWN)
            .map(|h| {
                let hex = h.hex();
                format!("{} {}…", h.alg(), hex.get(..DIGITS).unwrap_or(&hex))
            })
            .collect();
        if self.sha256.len() + self.sha512.len() > SHOWN {
            shown.push("…".to_owned());
        }
        format!("{} ({})", counts.join(" and "), shown.join(", "))
    }
}

/// What a decision needs to know about one component.
#[derive(Clone, Debug)]
pub struct Component<'a> {
    /// Where it is in the BOM.
    pub path: String,
    /// `bom-ref`.
    pub bom_ref: Option<&'a str>,
    /// `name` (empty when absent; validation reports that elsewhere).
    pub name: &'a str,
    /// `type` (`library`, `file`, …).
    pub ty: Option<&'a str>,
    /// The version as shown: the purl's version, else `version`.
    pub version: Option<String>,
    /// [`Component::version`] read by the ecosystem's rules, as every
    /// comparison uses it.
    pub release: Option<Version>,
    /// The purl as written.
    pub purl_text: Option<&'a str>,
    /// The purl, parsed and normalised.
    pub purl: Option<Purl>,
    /// Its hashes.
    pub hashes: Hashes,
    /// Whether its CycloneDX `scope` is `excluded`: needed only to develop
    /// or test the product, not part of what runs.
    pub excluded: bool,
    /// Whether it carries the property `attest:first-party` = `true` (a
    /// package of the product's own source tree).
    pub first_party: bool,
}

impl<'a> Component<'a> {
    /// Reads one component object. `Err` (a malformed SBOM) when a field has
    /// the wrong JSON type, the purl does not parse, a SHA-256 / SHA-512 hash
    /// is not hex of the right length, or the purl's version contradicts
    /// `version`: each of these could otherwise make a component evade a
    /// revocation. Several values of one algorithm are read as a set (see
    /// [`Hashes`]).
    pub fn read(path: &str, obj: &'a Object<'a>) -> Result<Self, ComponentError> {
        let at = |field: &str, why: String| format!("{path}/{field}: {why}");
        let purl_text = string(obj, "purl").map_err(|e| at("purl", e))?;
        let purl = purl_text.map(Purl::parse).transpose().map_err(|e| at("purl", e.into()))?;
        let field_version = string(obj, "version").map_err(|e| at("version", e))?;
        let version = version(purl.as_ref(), field_version).map_err(|e| at("version", e))?;
        let ty = purl.as_ref().map_or("", |p| p.ty.as_str());
        let release = version.as_deref().map(|v| Version::parse(ty, v));
        Ok(Component {
            path: path.to_owned(),
            bom_ref: string(obj, "bom-ref").map_err(|e| at("bom-ref", e))?,
            name: string(obj, "name").map_err(|e| at("name", e))?.unwrap_or(""),
            ty: string(obj, "type").map_err(|e| at("type", e))?,
            version,
            release,
            purl_text,
            purl,
            hashes: hashes(obj).map_err(|e| format!("{path}/{e}"))?,
            excluded: string(obj, "scope").map_err(|e| at("scope", e))? == Some("excluded"),
            first_party: first_party(obj),
        })
    }

    /// `pkg:type/ns/name@version` in canonical form, for reasons.
    pub fn label(&self) -> impl std::fmt::Display + '_ {
        Label(self)
    }

    /// Whether this is a file (`type` `file`).
    pub fn is_file(&self) -> bool {
        self.ty == Some("file")
    }
}

/// Writes a component's label without building it as a string first.
struct Label<'c, 'a>(&'c Component<'a>);

impl std::fmt::Display for Label<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.0;
        match (&c.purl, &c.version) {
            (Some(p), Some(v)) => write!(f, "{}@{v}", p.package()),
            (Some(p), None) => write!(f, "{}", p.package()),
            (None, _) => write!(f, "{} ({})", c.name, c.path),
        }
    }
}

fn string<'a>(obj: &'a Object<'a>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(_) => Err("must be a string".to_owned()),
    }
}

/// The version decisions use: the purl's, which must agree with `version`
/// when both are given (a component shown as 2.0.0 but named @3.3.6 in its
/// purl would be judged as one and read by a person as the other).
fn version(purl: Option<&Purl>, field: Option<&str>) -> Result<Option<String>, String> {
    let Some(p) = purl else { return Ok(field.map(str::to_owned)) };
    match (p.version.as_deref(), field) {
        (Some(a), Some(b)) if !Version::parse(&p.ty, a).same_release(&Version::parse(&p.ty, b)) => {
            Err(format!("{b:?} contradicts the purl's version {a:?}"))
        }
        (Some(v), _) | (None, Some(v)) => Ok(Some(v.to_owned())),
        (None, None) => Ok(None),
    }
}

/// Whether `properties` holds `attest:first-party` = `true`. Anything
/// malformed there reads as not first-party, which claims nothing.
pub fn first_party(obj: &Object<'_>) -> bool {
    let Some(Json::Array(properties)) = obj.get("properties") else { return false };
    properties.iter().any(|p| {
        p.get("name").and_then(Json::as_str) == Some("attest:first-party")
            && p.get("value").and_then(Json::as_str) == Some("true")
    })
}

/// The component's SHA-256 and SHA-512 values: its own `hashes`, and those
/// of its `distribution` external references (a PyPI release's sdist and
/// wheels, each with its file's hash), so that a pin or revocation of any
/// file of the component applies to it as it did when the files' hashes
/// were listed on the component itself.
fn hashes(obj: &Object<'_>) -> Result<Hashes, String> {
    let mut out = Hashes::default();
    if let Some(list) = obj.get("hashes") {
        add_hashes(&mut out, list, "hashes")?;
    }
    if let Some(refs) = obj.get("externalReferences") {
        let refs = refs.as_array().ok_or("externalReferences: must be an array")?;
        for (i, r) in refs.iter().enumerate() {
            let distribution = r.get("type").and_then(Json::as_str) == Some("distribution");
            if let Some(list) = r.get("hashes").filter(|_| distribution) {
                add_hashes(&mut out, list, &format!("externalReferences[{i}].hashes"))?;
            }
        }
    }
    out.sha256.dedup();
    out.sha512.dedup();
    Ok(out)
}

/// Adds the SHA-256 and SHA-512 values of one CycloneDX `hashes` array;
/// `at` names it in errors.
fn add_hashes(out: &mut Hashes, list: &Json<'_>, at: &str) -> Result<(), String> {
    let list = list.as_array().ok_or_else(|| format!("{at}: must be an array"))?;
    for (i, h) in list.iter().enumerate() {
        let alg = h.get("alg").and_then(Json::as_str).ok_or_else(|| format!("{at}[{i}].alg must be a string"))?;
        let content =
            h.get("content").and_then(Json::as_str).ok_or_else(|| format!("{at}[{i}].content must be a string"))?;
        let bad = |e: String| format!("{at}[{i}]: {e}");
        match alg {
            "SHA-256" => out.sha256.push(Sha256Digest::from_hex(content).map_err(|e| bad(e.into()))?),
            "SHA-512" => out.sha512.push(Sha512Digest::from_hex(content).map_err(|e| bad(e.into()))?),
            _ => {}
        }
    }
    Ok(())
}
