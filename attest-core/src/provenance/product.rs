//! The product rule's decision, as a type: approved by a supplier, or
//! refused for a reason a reader (the certificate page in three languages,
//! a script) can tell apart without reading English (docs/formats.md
//! "Provenance decision", docs/threat-model.md T10, T11).

use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::keys::KeyId;

/// Whether the product passes the supplier-scope rule, and why. Serialised
/// as `{"ok", "supplier"?, "reason"}`, `reason` the English sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProductDecision {
    /// A granted supplier whose key verified the attestation covers the
    /// product.
    Approved {
        /// `list/entry` of the supplier.
        supplier: String,
        /// The sentence saying which key and scope.
        reason: String,
    },
    /// The rule does not hold.
    Refused(ProductRefusal),
}

impl ProductDecision {
    /// Whether the rule holds.
    pub fn is_approved(&self) -> bool {
        matches!(self, ProductDecision::Approved { .. })
    }

    /// The English sentence: which supplier approved it, or why not.
    pub fn reason(&self) -> String {
        match self {
            ProductDecision::Approved { reason, .. } => reason.clone(),
            ProductDecision::Refused(r) => r.to_string(),
        }
    }
}

impl Serialize for ProductDecision {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let supplier = match self {
            ProductDecision::Approved { supplier, .. } => Some(supplier),
            ProductDecision::Refused(_) => None,
        };
        let mut st = s.serialize_struct("ProductDecision", 2 + usize::from(supplier.is_some()))?;
        st.serialize_field("ok", &self.is_approved())?;
        if let Some(supplier) = supplier {
            st.serialize_field("supplier", supplier)?;
        }
        st.serialize_field("reason", &self.reason())?;
        st.end()
    }
}

/// Why the product is not approved.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProductRefusal {
    /// The SBOM has no `metadata.component`.
    NoProduct,
    /// A believed list revokes the product.
    Revoked {
        /// The product, as `name@version` or its purl.
        product: String,
        /// The revocation.
        revocation: Revocation,
    },
    /// The product has no purl, so no scope can name it.
    NoPurl {
        /// The product.
        product: String,
    },
    /// No key verified the attestation.
    NoSigner,
    /// Keys verified the attestation; none is a key of a supplier whose
    /// scope covers the product. One finding per key (and per supplier of
    /// a key), in key order.
    NotVouched(Vec<KeyFinding>),
}

impl fmt::Display for ProductRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProductRefusal::NoProduct => f.write_str("the SBOM names no product (`metadata.component` is missing)"),
            ProductRefusal::Revoked { product, revocation } => write!(f, "the product {product} is {revocation}"),
            ProductRefusal::NoPurl { product } => {
                write!(f, "the product {product} has no purl, so no supplier scope can cover it")
            }
            ProductRefusal::NoSigner => f.write_str("untrusted signer: no key verified the attestation"),
            ProductRefusal::NotVouched(findings) => {
                for (i, finding) in findings.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{finding}")?;
                }
                Ok(())
            }
        }
    }
}

/// What one key that verified the attestation could not do for the product.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyFinding {
    /// The key is revoked.
    KeyRevoked {
        /// The key.
        key: KeyId,
        /// The list that revokes it.
        list: String,
        /// The revocation's reason, as the list's governors wrote it.
        reason: String,
    },
    /// The key is no granted supplier's.
    NotASupplier {
        /// The key.
        key: KeyId,
    },
    /// T11: the key's supplier does not cover the product.
    OutOfScope {
        /// The supplier entry's id.
        supplier: String,
        /// The supplier's scopes, described.
        scopes: String,
        /// A scope names the product but pins other digests.
        pins_differ: bool,
        /// The product.
        product: String,
    },
}

impl fmt::Display for KeyFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyFinding::KeyRevoked { key, list, reason } => write!(f, "key {key} is revoked in {list}: {reason}"),
            KeyFinding::NotASupplier { key } => {
                write!(f, "untrusted signer: key {key} is not a key of any granted supplier")
            }
            KeyFinding::OutOfScope { supplier, scopes, pins_differ, product } => {
                let pins = if *pins_differ { " (its pinned digests differ from the product's)" } else { "" };
                write!(f, "out of scope: supplier {supplier} covers {scopes}{pins}; product is {product}")
            }
        }
    }
}

/// A revocation that blocks a component or the product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revocation {
    /// The list that revokes it.
    pub list: String,
    /// The revocation's reason, as the list's governors wrote it.
    pub reason: String,
    /// What the revocation names.
    pub item: Revoked,
}

impl fmt::Display for Revocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "revoked in {}: {} ({})", self.list, self.reason, self.item)
    }
}

/// What a revocation names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revoked {
    /// A component, by purl (with its version range).
    Component(String),
    /// An artefact, by one of the component's hashes.
    Artefact(String),
}

impl fmt::Display for Revoked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Revoked::Component(purl) => write!(f, "{purl} revoked"),
            Revoked::Artefact(hash) => write!(f, "artefact {hash}"),
        }
    }
}
