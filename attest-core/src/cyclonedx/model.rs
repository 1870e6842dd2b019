//! The CycloneDX document attest writes, as typed Rust values.
//!
//! attest writes SBOMs from this model rather than through the
//! `cyclonedx-bom` crate: that crate writes at most CycloneDX 1.5, and
//! BSI TR-03183-2 v2.1 asks for 1.6 (see `docs/sbom-profiles.md`). The model
//! holds only what attest writes; SBOMs from other tools are never read
//! through it (they are judged as the JSON they are, see
//! [`super::validate`]). Field order follows the CycloneDX schemas' property
//! order, so output reads like other tools'. Every field here is valid in
//! both 1.5 and 1.6 except those marked "1.6": [`Bom::to_json`] refuses
//! to write those in a 1.5 document rather than emit an invalid one.

use serde::Serialize;

use crate::error::{Error, Result};

/// The CycloneDX versions attest writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum SpecVersion {
    /// CycloneDX 1.5.
    #[serde(rename = "1.5")]
    V1_5,
    /// CycloneDX 1.6 (ECMA-424 1st edition), the default.
    #[default]
    #[serde(rename = "1.6")]
    V1_6,
}

impl SpecVersion {
    /// The `specVersion` string.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecVersion::V1_5 => "1.5",
            SpecVersion::V1_6 => "1.6",
        }
    }

    /// Reads `1.5` or `1.6`.
    pub fn parse(s: &str) -> Option<SpecVersion> {
        match s {
            "1.5" => Some(SpecVersion::V1_5),
            "1.6" => Some(SpecVersion::V1_6),
            _ => None,
        }
    }
}

/// A whole BOM.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bom {
    /// Always `CycloneDX`.
    pub bom_format: &'static str,
    /// The version written.
    pub spec_version: SpecVersion,
    /// `urn:uuid:` and a random (version 4) UUID.
    pub serial_number: String,
    /// The BOM's version, 1 for a new BOM.
    pub version: u32,
    /// Who made it, when, about what.
    pub metadata: Metadata,
    /// Files and packages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// The dependency graph.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// Where the component lists and the graph are complete.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub compositions: Vec<Composition>,
}

/// `metadata`.
#[derive(Clone, Debug, Serialize)]
pub struct Metadata {
    /// RFC 3339 time of creation.
    pub timestamp: String,
    /// The tool that wrote the BOM (the 1.5+ `{components: [...]}` form).
    pub tools: Tools,
    /// 1.6: the organisation that made the BOM's subject, with its contact;
    /// BSI TR-03183-2 reads the SBOM's creator from here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<Organization>,
    /// The product.
    pub component: Component,
}

/// `metadata.tools` as an object.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Tools {
    /// The tools, as components of type `application`.
    pub components: Vec<Component>,
}

/// An organisational entity (`supplier`, `manufacturer`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Organization {
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its web sites.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub url: Vec<String>,
    /// Its contacts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<Contact>,
}

/// An organisational contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The contact's e-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A person who wrote a component (CycloneDX 1.6 component `authors`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Author {
    /// The name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The e-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The `type` of a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ComponentType {
    /// The product, or a tool.
    Application,
    /// A package from a lockfile.
    Library,
    /// A file of the product.
    File,
}

/// The `scope` of a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Needed only for development and tests.
    Excluded,
    /// Optional.
    Optional,
}

/// A component.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// Its type.
    #[serde(rename = "type")]
    pub kind: ComponentType,
    /// Its identifier inside the BOM.
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    pub bom_ref: Option<String>,
    /// The organisation that supplied it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Organization>,
    /// 1.6: the organisation that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<Organization>,
    /// 1.6: the people who wrote it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// Its name.
    pub name: String,
    /// Its version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Development-only or optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Digests of the component itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
    /// Its licences: at most one SPDX expression.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<License>,
    /// Its package URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// Where it is distributed or its source is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_references: Vec<ExternalReference>,
    /// Facts with no CycloneDX field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

impl Component {
    /// A component with only its type, reference, name and version.
    pub fn new(kind: ComponentType, bom_ref: Option<String>, name: &str, version: Option<&str>) -> Component {
        Component {
            kind,
            bom_ref,
            supplier: None,
            manufacturer: None,
            authors: Vec::new(),
            name: name.to_owned(),
            version: version.map(str::to_owned),
            scope: None,
            hashes: Vec::new(),
            licenses: Vec::new(),
            purl: None,
            external_references: Vec::new(),
            properties: Vec::new(),
        }
    }
}

/// A digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hash {
    /// `SHA-256` or `SHA-512`.
    pub alg: &'static str,
    /// Lower-case hex.
    pub content: String,
}

/// A licence entry: an SPDX expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct License {
    /// The SPDX licence expression.
    pub expression: String,
    /// 1.6: `declared` (stated by the component's author) or `concluded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledgement: Option<Acknowledgement>,
}

/// How a licence was established (CycloneDX 1.6 `acknowledgement`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Acknowledgement {
    /// As its author states it.
    Declared,
    /// As the SBOM's author concluded it.
    Concluded,
}

/// The kinds of external reference attest writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExternalReferenceType {
    /// A deployable file.
    Distribution,
    /// Source code repository.
    Vcs,
    /// Home page.
    Website,
}

/// An external reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExternalReference {
    /// Its kind.
    #[serde(rename = "type")]
    pub kind: ExternalReferenceType,
    /// Where (an IRI reference: a URL or a file name).
    pub url: String,
    /// Digests of what `url` names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
}

/// A name/value property.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Property {
    /// The name (a namespaced taxonomy name).
    pub name: String,
    /// The value.
    pub value: String,
}

impl Property {
    /// A property.
    pub fn new(name: &str, value: &str) -> Property {
        Property { name: name.to_owned(), value: value.to_owned() }
    }
}

/// One node of the dependency graph.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    /// The `bom-ref` depending.
    #[serde(rename = "ref")]
    pub dependency_ref: String,
    /// The `bom-ref`s depended on.
    pub depends_on: Vec<String>,
}

/// How complete a list is (`compositions[].aggregate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Complete.
    Complete,
    /// Complete for first-party relationships; third-party ones unknown.
    IncompleteFirstPartyOnly,
    /// Not known.
    Unknown,
}

/// A completeness statement.
#[derive(Clone, Debug, Serialize)]
pub struct Composition {
    /// How complete.
    pub aggregate: Aggregate,
    /// `bom-ref`s whose list of components (what they contain) this judges.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assemblies: Vec<String>,
    /// `bom-ref`s whose dependency lists this judges.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
}

impl Bom {
    /// The JSON text (two-space indented, newline-terminated). Refuses a
    /// 1.5 document holding a field only 1.6 has.
    pub fn to_json(&self) -> Result<Vec<u8>> {
        if self.spec_version == SpecVersion::V1_5 {
            let components = std::iter::once(&self.metadata.component).chain(&self.components);
            let newer = self.metadata.manufacturer.is_some()
                || components.clone().any(|c| c.manufacturer.is_some())
                || components.flat_map(|c| &c.licenses).any(|l| l.acknowledgement.is_some());
            if newer {
                return Err(Error::Usage(
                    "a manufacturer or licence acknowledgement needs CycloneDX 1.6; leave out --spec-version 1.5"
                        .into(),
                ));
            }
        }
        let mut json =
            serde_json::to_vec_pretty(self).map_err(|e| Error::Internal(format!("cannot write the SBOM: {e}")))?;
        json.push(b'\n');
        Ok(json)
    }
}

/// A new `urn:uuid:` serial number: a random RFC 4122 version 4 UUID.
pub fn serial_number() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| Error::Usage(format!("cannot draw a random serial number: {e}")))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    Ok(format!("urn:uuid:{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_version_4_uuids() {
        let s = serial_number().unwrap();
        assert_eq!(s.len(), "urn:uuid:".len() + 36);
        assert_eq!(s.as_bytes()[9 + 14], b'4', "{s}");
        assert!(matches!(s.as_bytes()[9 + 19], b'8' | b'9' | b'a' | b'b'), "{s}");
        assert_ne!(s, serial_number().unwrap());
    }

    #[test]
    fn a_1_5_document_refuses_1_6_fields() {
        let mut bom = Bom {
            bom_format: "CycloneDX",
            spec_version: SpecVersion::V1_5,
            serial_number: serial_number().unwrap(),
            version: 1,
            metadata: Metadata {
                timestamp: "2026-01-01T00:00:00Z".into(),
                tools: Tools::default(),
                manufacturer: None,
                component: Component::new(ComponentType::Application, None, "p", Some("1")),
            },
            components: Vec::new(),
            dependencies: Vec::new(),
            compositions: Vec::new(),
        };
        assert!(bom.to_json().is_ok());
        bom.metadata.component.licenses =
            vec![License { expression: "MIT".into(), acknowledgement: Some(Acknowledgement::Declared) }];
        assert!(bom.to_json().unwrap_err().to_string().contains("needs CycloneDX 1.6"));
        bom.spec_version = SpecVersion::V1_6;
        let v: serde_json::Value = serde_json::from_slice(&bom.to_json().unwrap()).unwrap();
        assert_eq!(v["specVersion"], "1.6");
        assert_eq!(v["metadata"]["component"]["licenses"][0]["acknowledgement"], "declared");
    }
}
