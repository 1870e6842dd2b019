//! Reading the components of a CycloneDX BOM as JSON.
//!
//! The SBOM is judged as the JSON value it is (a foreign SBOM is never
//! round-tripped through a typed model, formats.md "SBOM"), so this module
//! walks the value itself and extracts only what a decision needs: the purl,
//! the version, the SHA-256 / SHA-512 hashes, the type.

use serde_json::{Map, Value};

use crate::digest::{DigestSet, Sha256Digest, Sha512Digest};
use crate::purl::{Purl, normalise_version};

/// One component object of the BOM and where it sits (a JSON-pointer-like
/// path such as `/components/3/components/0`), for messages.
pub type ComponentRef<'a> = (String, &'a Map<String, Value>);

/// Every component the provenance decision judges, in document order
/// (pre-order): `components` and everything nested in it, then the
/// components nested in `metadata.component` (parts of the product are
/// components too). The product itself is not among them.
///
/// The walk uses an explicit stack, so no BOM can exhaust the call stack
/// whatever its depth. `Err` names the first place that is not a component
/// object or whose `components` is not an array.
pub fn component_objects(sbom: &Value) -> Result<Vec<ComponentRef<'_>>, String> {
    let mut stack: Vec<(String, &Value)> = Vec::new();
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
fn push_children<'a>(stack: &mut Vec<(String, &'a Value)>, path: &str, value: &'a Value) -> Result<(), String> {
    match value.get("components") {
        None => Ok(()),
        Some(Value::Array(items)) => {
            let children = items.iter().enumerate().map(|(i, c)| (format!("{path}/components/{i}"), c));
            stack.extend(children.rev());
            Ok(())
        }
        Some(_) => Err(format!("{path}/components: must be an array")),
    }
}

/// The SHA-256 and SHA-512 a component carries (other algorithms take no
/// part in decisions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hashes {
    /// SHA-256, if the component carries one.
    pub sha256: Option<Sha256Digest>,
    /// SHA-512, if the component carries one.
    pub sha512: Option<Sha512Digest>,
}

impl Hashes {
    /// Whether the component carries neither.
    pub fn is_empty(&self) -> bool {
        self.sha256.is_none() && self.sha512.is_none()
    }

    /// A positive match (evidence, pins): they share at least one algorithm
    /// and every shared algorithm agrees.
    pub fn matches(&self, d: &DigestSet) -> bool {
        let sha256 = self.sha256.map(|h| h == d.sha256);
        let sha512 = self.sha512.zip(d.sha512).map(|(a, b)| a == b);
        (sha256.is_some() || sha512.is_some()) && sha256 != Some(false) && sha512 != Some(false)
    }

    /// Short text for reasons.
    pub fn describe(&self) -> String {
        match (self.sha256, self.sha512) {
            (Some(h), _) => format!("sha256 {h}"),
            (None, Some(h)) => format!("sha512 {h}"),
            (None, None) => "no SHA-256 or SHA-512 hash".to_owned(),
        }
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
    /// The purl as written.
    pub purl_text: Option<&'a str>,
    /// The purl, parsed and normalised.
    pub purl: Option<Purl>,
    /// Its hashes.
    pub hashes: Hashes,
}

impl<'a> Component<'a> {
    /// Reads one component object. `Err` (a malformed SBOM) when a field has
    /// the wrong JSON type, the purl does not parse, a SHA-256 / SHA-512 hash
    /// is not hex of the right length, one algorithm carries two different
    /// values, or the purl's version contradicts `version`: each of these
    /// could otherwise make a component evade a revocation.
    pub fn read(path: &str, obj: &'a Map<String, Value>) -> Result<Self, String> {
        let at = |field: &str, why: String| format!("{path}/{field}: {why}");
        let purl_text = string(obj, "purl").map_err(|e| at("purl", e))?;
        let purl = purl_text.map(Purl::parse).transpose().map_err(|e| at("purl", e))?;
        let field_version = string(obj, "version").map_err(|e| at("version", e))?;
        let version = version(purl.as_ref(), field_version).map_err(|e| at("version", e))?;
        Ok(Component {
            path: path.to_owned(),
            bom_ref: string(obj, "bom-ref").map_err(|e| at("bom-ref", e))?,
            name: string(obj, "name").map_err(|e| at("name", e))?.unwrap_or(""),
            ty: string(obj, "type").map_err(|e| at("type", e))?,
            version,
            purl_text,
            purl,
            hashes: hashes(obj).map_err(|e| at("hashes", e))?,
        })
    }

    /// The version as compared (Go's leading `v` dropped).
    pub fn match_version(&self) -> Option<&str> {
        let ty = self.purl.as_ref().map_or("", |p| p.ty.as_str());
        self.version.as_deref().map(|v| normalise_version(ty, v))
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

fn string<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err("must be a string".to_owned()),
    }
}

/// The version decisions use: the purl's, which must agree with `version`
/// when both are given (a component shown as 2.0.0 but named @3.3.6 in its
/// purl would be judged as one and read by a person as the other).
fn version(purl: Option<&Purl>, field: Option<&str>) -> Result<Option<String>, String> {
    let Some(p) = purl else { return Ok(field.map(str::to_owned)) };
    match (p.version.as_deref(), field) {
        (Some(a), Some(b)) if normalise_version(&p.ty, a) != normalise_version(&p.ty, b) => {
            Err(format!("{b:?} contradicts the purl's version {a:?}"))
        }
        (Some(v), _) | (None, Some(v)) => Ok(Some(v.to_owned())),
        (None, None) => Ok(None),
    }
}

fn hashes(obj: &Map<String, Value>) -> Result<Hashes, String> {
    let mut out = Hashes::default();
    let Some(list) = obj.get("hashes") else { return Ok(out) };
    let list = list.as_array().ok_or("must be an array")?;
    for (i, h) in list.iter().enumerate() {
        let alg = h.get("alg").and_then(Value::as_str).ok_or_else(|| format!("[{i}].alg must be a string"))?;
        let content =
            h.get("content").and_then(Value::as_str).ok_or_else(|| format!("[{i}].content must be a string"))?;
        match alg {
            "SHA-256" => set_once(&mut out.sha256, Sha256Digest::from_hex(content), alg, i)?,
            "SHA-512" => set_once(&mut out.sha512, Sha512Digest::from_hex(content), alg, i)?,
            _ => {}
        }
    }
    Ok(out)
}

fn set_once<T: PartialEq>(slot: &mut Option<T>, parsed: Result<T, String>, alg: &str, i: usize) -> Result<(), String> {
    let value = parsed.map_err(|e| format!("[{i}]: {e}"))?;
    match slot {
        Some(old) if *old != value => Err(format!("[{i}]: a second, different {alg} hash")),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}
