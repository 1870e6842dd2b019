//! `certify export --cyclonedx`: what a certificate states, as a CycloneDX
//! 1.6 document whose `declarations` CycloneDX tools read (docs/formats.md
//! "Certificate export").
//!
//! The mapping: the issuing authority is the one *assessor* (third party);
//! the policy is a *standard* under `definitions` whose *requirements* are
//! the policy rules the assessment applied, plus one requirement for the
//! certificate itself; each requirement has a *claim* about the certified
//! product (the *target*), and one *attestation* by the assessor maps every
//! requirement to its claim with its conformance. The certificate's signed
//! envelope is the *evidence*, attached whole, so a reader can verify it
//! with attest. The export is a view: the bundle stays authoritative.
//!
//! Only the fields used are modelled, each as the 1.6 schema names it; the
//! document is checked against the official schema by `interop/run`.

use serde::Serialize;

use crate::certificate::{Certificate, RuleResult};
use crate::digest::Sha256Digest;
use crate::dsse::Envelope;
use crate::error::Result;
use crate::statement::Subject;

/// The document: a BOM with no `components` of its own, only declarations.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    bom_format: &'static str,
    spec_version: &'static str,
    serial_number: String,
    version: u32,
    metadata: Metadata,
    definitions: Definitions,
    declarations: Declarations,
}

#[derive(Serialize)]
struct Metadata {
    timestamp: String,
    tools: Tools,
}

#[derive(Serialize)]
struct Tools {
    components: Vec<Component>,
}

#[derive(Serialize)]
struct Component {
    #[serde(rename = "type")]
    type_: &'static str,
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    bom_ref: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Organization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<Hash>,
}

#[derive(Serialize)]
struct Hash {
    alg: &'static str,
    content: String,
}

#[derive(Serialize)]
struct Organization {
    name: String,
}

#[derive(Serialize)]
struct Definitions {
    standards: Vec<Standard>,
}

#[derive(Serialize)]
struct Standard {
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    name: String,
    version: String,
    description: String,
    owner: String,
    requirements: Vec<Requirement>,
}

#[derive(Serialize)]
struct Requirement {
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    identifier: String,
    title: String,
    text: String,
}

#[derive(Serialize)]
struct Declarations {
    assessors: Vec<Assessor>,
    attestations: Vec<Attestation>,
    claims: Vec<Claim>,
    evidence: Vec<Evidence>,
    targets: Targets,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Assessor {
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    third_party: bool,
    organization: Organization,
}

#[derive(Serialize)]
struct Attestation {
    summary: String,
    assessor: String,
    map: Vec<MapEntry>,
}

#[derive(Serialize)]
struct MapEntry {
    requirement: String,
    claims: Vec<String>,
    conformance: Conformance,
}

#[derive(Serialize)]
struct Conformance {
    score: f64,
    rationale: String,
}

#[derive(Serialize)]
struct Claim {
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    target: String,
    predicate: String,
    reasoning: String,
    evidence: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Evidence {
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    description: String,
    data: Vec<Data>,
    created: String,
    expires: String,
}

#[derive(Serialize)]
struct Data {
    name: String,
    contents: Contents,
}

#[derive(Serialize)]
struct Contents {
    attachment: Attachment,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Attachment {
    content_type: &'static str,
    encoding: &'static str,
    content: String,
}

#[derive(Serialize)]
struct Targets {
    components: Vec<Component>,
}

const PRODUCT: &str = "product";
const ASSESSOR: &str = "assessor";
const POLICY: &str = "policy";
const EVIDENCE: &str = "evidence-certificate";

/// The export of `cert`, whose Statement names `subjects` and whose signed
/// envelope is `envelope`. `issuer_name` is the authority's name in the
/// federation list, when the bundle's list gives one.
pub fn export(
    cert: &Certificate,
    subjects: &[Subject],
    envelope: &Envelope,
    issuer_name: Option<&str>,
) -> Result<Export> {
    let payload = Sha256Digest::of(&envelope.payload);
    let p = cert.product();
    let product = Component {
        type_: "application",
        bom_ref: Some(PRODUCT.to_owned()),
        name: p.name.clone(),
        version: p.version.clone(),
        supplier: p.supplier.clone().map(|name| Organization { name }),
        purl: p.purl.clone(),
        hashes: Vec::new(),
    };
    let mut targets = vec![product];
    for (i, s) in subjects.iter().enumerate() {
        targets.push(Component {
            type_: "file",
            bom_ref: Some(format!("artefact-{}", i + 1)),
            name: s.name.clone(),
            version: None,
            supplier: None,
            purl: None,
            hashes: vec![Hash { alg: "SHA-256", content: s.digest.sha256.to_string() }],
        });
    }

    // The certificate as a whole, then each rule the assessment applied
    // (a rule the policy does not set was not assessed and is left out).
    let mut requirements = Vec::new();
    let mut claims = Vec::new();
    let mut map = Vec::new();
    let conditions = if cert.conditions.is_empty() {
        "no conditions".to_owned()
    } else {
        format!(
            "conditions: {}",
            cert.conditions.iter().map(|c| format!("\u{201c}{c}\u{201d}")).collect::<Vec<_>>().join("; ")
        )
    };
    let whole = format!(
        "{} passed the evaluation under policy {}: certificate {} of class {}, issued {}, valid until {}; {conditions}",
        p.name, cert.evaluation.policy.id, cert.certificate_id, cert.class, cert.issued, cert.not_after
    );
    let mut add = |id: &str, title: String, text: String, predicate: String, score: f64, rationale: String| {
        let n = requirements.len() + 1;
        let (req, claim) = (format!("requirement-{n}"), format!("claim-{n}"));
        requirements.push(Requirement { bom_ref: req.clone(), identifier: id.to_owned(), title, text });
        claims.push(Claim {
            bom_ref: claim.clone(),
            target: PRODUCT.to_owned(),
            predicate,
            reasoning: rationale.clone(),
            evidence: vec![EVIDENCE.to_owned()],
        });
        map.push(MapEntry { requirement: req, claims: vec![claim], conformance: Conformance { score, rationale } });
    };
    add(
        "certificate",
        format!("Mutual-recognition certificate of class {}", cert.class),
        format!(
            "The product passes every rule of policy {} (result {})",
            cert.evaluation.policy.id, cert.evaluation.result
        ),
        format!("{} is certified, class {}", p.name, cert.class),
        1.0,
        whole,
    );
    if let Some(a) = &cert.assessment {
        for r in &a.rules {
            let word = match r.outcome {
                RuleResult::Pass => "passed",
                RuleResult::Warn => "passed with a warning",
                RuleResult::Skip => continue,
            };
            add(
                &r.rule,
                r.rule.clone(),
                format!("Policy rule {}", r.rule),
                format!("{} {word}", r.rule),
                1.0,
                r.detail.clone(),
            );
        }
        for profile in &a.sbom_profiles {
            add(
                &format!("sbom-profile:{profile}"),
                format!("SBOM conformance profile {profile}"),
                format!("The SBOM meets profile {profile}"),
                format!("the SBOM meets {profile}"),
                1.0,
                format!("checked at evaluation under policy {}", cert.evaluation.policy.id),
            );
        }
    }
    let issuer = issuer_name.map_or_else(
        || format!("{} ({})", cert.issuer.authority, cert.issuer.jurisdiction),
        |n| format!("{n} ({}, {})", cert.issuer.authority, cert.issuer.jurisdiction),
    );
    let accreditation =
        cert.issuer.accreditation.as_deref().map(|a| format!(", accreditation {a}")).unwrap_or_default();
    let supersedes = cert.supersedes.as_deref().map(|s| format!("; it renews certificate {s}")).unwrap_or_default();
    Ok(Export {
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: serial_number(payload),
        version: 1,
        metadata: Metadata {
            timestamp: cert.issued.to_string(),
            tools: Tools {
                components: vec![Component {
                    type_: "application",
                    bom_ref: None,
                    name: "attest".to_owned(),
                    version: Some(env!("CARGO_PKG_VERSION").to_owned()),
                    supplier: None,
                    purl: None,
                    hashes: Vec::new(),
                }],
            },
        },
        definitions: Definitions {
            standards: vec![Standard {
                bom_ref: POLICY.to_owned(),
                name: cert.evaluation.policy.id.clone(),
                version: format!("sha256:{}", cert.evaluation.policy.digest.sha256),
                description: format!(
                    "The national policy of {} under which the certificate was issued",
                    cert.issuer.jurisdiction
                ),
                owner: cert.issuer.jurisdiction.clone(),
                requirements,
            }],
        },
        declarations: Declarations {
            assessors: vec![Assessor {
                bom_ref: ASSESSOR.to_owned(),
                third_party: true,
                organization: Organization { name: format!("{issuer}{accreditation}") },
            }],
            attestations: vec![Attestation {
                summary: format!(
                    "Certificate {} ({}) by {issuer}: class {}, valid {} to {}, recognised in {}{supersedes}",
                    cert.certificate_id,
                    cert.version().predicate_type(),
                    cert.class,
                    cert.not_before,
                    cert.not_after,
                    cert.recognition.join(", ")
                ),
                assessor: ASSESSOR.to_owned(),
                map,
            }],
            claims,
            evidence: vec![Evidence {
                bom_ref: EVIDENCE.to_owned(),
                description: format!(
                    "The signed certificate (DSSE envelope, payload sha256:{payload}); verify it with \
                     `attest certify verify` against the federation list"
                ),
                data: vec![Data {
                    name: "certificate envelope".to_owned(),
                    contents: Contents {
                        attachment: Attachment {
                            content_type: "application/vnd.dsse.envelope.v1+json",
                            encoding: "base64",
                            content: base64::Engine::encode(
                                &base64::engine::general_purpose::STANDARD,
                                crate::json::to_vec(&envelope.to_json())?,
                            ),
                        },
                    },
                }],
                created: cert.issued.to_string(),
                expires: cert.not_after.to_string(),
            }],
            targets: Targets { components: targets },
        },
    })
}

/// A stable `urn:uuid:` from the certificate payload's digest: the same
/// certificate always exports under the same serial number (an RFC 4122
/// name-based layout: version 5 nibble, variant bits 10).
fn serial_number(d: Sha256Digest) -> String {
    let mut b: [u8; 16] = [0; 16];
    b.copy_from_slice(&d.0[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!("urn:uuid:{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_rfc_4122_shaped_and_stable() {
        let s = serial_number(Sha256Digest([0xff; 32]));
        assert_eq!(s, "urn:uuid:ffffffff-ffff-5fff-bfff-ffffffffffff");
        assert_eq!(serial_number(Sha256Digest([0; 32])), "urn:uuid:00000000-0000-5000-8000-000000000000");
    }
}
