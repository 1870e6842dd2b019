//! Checks of single values the schemas give a format or pattern for: JSON
//! Schema integers, serial numbers, SPDX ids.

use crate::jsontree::Json;

use super::rules::{V1_5, Ver};

/// The integer value of a JSON number, accepting `2.0` as JSON Schema does
/// (and integers too large for 64 bits, which serde_json reads as floats;
/// they saturate, which is enough for a range check).
pub(super) fn integer(v: &Json<'_>) -> Option<i128> {
    let n = v.as_number()?;
    if let Some(i) = n.as_i64() {
        return Some(i128::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(i128::from(u));
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0).then_some(f as i128)
}

/// `urn:uuid:` and a lower-case UUID. 1.4's schema also demands an RFC 4122
/// version (1-5) and variant (8, 9, a, b); 1.5 relaxed that to any UUID shape.
pub(super) fn is_serial_number(s: &str, ver: Ver) -> bool {
    let Some(uuid) = s.strip_prefix("urn:uuid:") else { return false };
    let b = uuid.as_bytes();
    let shape = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => matches!(c, b'0'..=b'9' | b'a'..=b'f'),
        });
    shape
        && (ver >= V1_5
            || (matches!(b.get(14), Some(b'1'..=b'5')) && matches!(b.get(19), Some(b'8' | b'9' | b'a' | b'b'))))
}

/// The only SPDX ids with a `+`: deprecated GNU ids, frozen in the SPDX list.
pub(super) const PLUS_IDS: &[&str] = &["GPL-1.0+", "GPL-2.0+", "GPL-3.0+", "LGPL-2.0+", "LGPL-2.1+", "LGPL-3.0+"];

/// Whether `id` is in the SPDX license list (or exception list, which the
/// CycloneDX `spdx.schema.json` enumeration also includes), exactly as spelt.
///
/// The lookup goes through the `spdx` crate (its list is at least as new as
/// the schema's). `spdx::license_id` ignores a
/// trailing `+` (so `MIT+` would pass) and knows `NOASSERTION`, which the
/// schema enumeration does not, so those are decided here. Exceptions are
/// looked up in the crate's exception list, after making sure `id` is one
/// plain identifier.
pub(super) fn is_spdx_id(id: &str) -> bool {
    if PLUS_IDS.contains(&id) {
        return true;
    }
    let plain = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !id.starts_with("LicenseRef-")
        && !id.starts_with("DocumentRef-")
        && !id.starts_with("AdditionRef-")
        && id != "NOASSERTION";
    plain && (spdx::license_id(id).is_some() || spdx::exception_id(id).is_some())
}

pub(super) fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}
