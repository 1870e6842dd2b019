//! Strict JSON reading.
//!
//! serde_json accepts duplicate object keys (the last one wins) while other
//! parsers keep the first: a parser differential an attacker can use to make
//! a verifier and a human see different documents (docs/threat-model.md T14). Every
//! document attest reads therefore goes through [`check_strict`] first, which
//! rejects duplicate keys anywhere and nesting deeper than
//! [`MAX_JSON_DEPTH`], and only then is it
//! deserialised.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, Result};
use crate::limits::MAX_JSON_DEPTH;

/// Checks that `bytes` is one JSON value with no duplicate keys and no
/// nesting deeper than the limit. `doc` names the document in errors.
pub fn check_strict(bytes: &[u8], doc: &str) -> Result<()> {
    check(bytes, doc, Nulls::Allow)
}

/// Whether `null` may appear (other tools' formats) or not (attest's own:
/// an optional field is left out, never null, so every document has one
/// spelling and a schema and the reader agree).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nulls {
    Allow,
    Refuse,
}

fn check(bytes: &[u8], doc: &str, nulls: Nulls) -> Result<()> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(Error::malformed(doc, "starts with a UTF-8 byte-order mark; JSON must not"));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    // serde_json's own recursion limit is 128; ours is enforced by the seed
    // and stays authoritative if that default ever changes.
    Strict { depth: 0, nulls }.deserialize(&mut de).and_then(|()| de.end()).map_err(|e| Error::malformed_json(doc, &e))
}

/// Parses `bytes` strictly into `T`. `T`'s own serde attributes decide about
/// unknown fields (attest's own formats use `deny_unknown_fields`).
pub fn parse_strict<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8], doc: &str) -> Result<T> {
    check_strict(bytes, doc)?;
    serde_json::from_slice(bytes).map_err(|e| Error::malformed_json(doc, &e))
}

/// Parses one of attest's own formats: [`parse_strict`], and `null`
/// refused anywhere.
pub fn parse_own<T: DeserializeOwned>(bytes: &[u8], doc: &str) -> Result<T> {
    check(bytes, doc, Nulls::Refuse)?;
    serde_json::from_slice(bytes).map_err(|e| Error::malformed_json(doc, &e))
}

/// The canonical form of a JSON value: RFC 8785, the JSON Canonicalization
/// Scheme, in full (no whitespace; object keys sorted by UTF-16 code units;
/// strings escaped minimally; numbers written as ECMAScript writes them, so
/// `4.50` is `4.5` and `1E30` is `1e+30`), from the `serde_json_canonicalizer`
/// crate. Digests over it do not change when another tool re-indents,
/// reorders or respells the numbers of a document, and any RFC 8785
/// implementation computes the same bytes. `doc` names the document in the
/// (unexpected) error.
pub fn canonical(value: &serde_json::Value, doc: &str) -> Result<Vec<u8>> {
    if let Some(n) = inexact_integer(value) {
        return Err(Error::malformed(
            doc,
            format!(
                "the integer {n} is outside ±(2^53 - 1): RFC 8785 reads numbers as IEEE 754 doubles, which cannot \
                 hold it exactly, so two documents could share a digest"
            ),
        ));
    }
    serde_json_canonicalizer::to_vec(value)
        .map_err(|e| Error::malformed(doc, format!("has no RFC 8785 canonical form: {e}")))
}

/// The first integer in `value` that an IEEE 754 double does not hold
/// exactly (I-JSON, RFC 7493 §2.2: beyond ±(2^53 - 1)).
fn inexact_integer(value: &serde_json::Value) -> Option<&serde_json::Number> {
    const MAX: u64 = (1 << 53) - 1;
    match value {
        serde_json::Value::Number(n) if n.as_u64().is_some_and(|u| u > MAX) => Some(n),
        serde_json::Value::Number(n) if n.as_i64().is_some_and(|i| i.unsigned_abs() > MAX) => Some(n),
        serde_json::Value::Array(items) => items.iter().find_map(inexact_integer),
        serde_json::Value::Object(map) => map.values().find_map(inexact_integer),
        _ => None,
    }
}

/// Serialises `value` as compact JSON.
///
/// Serialising attest's own plain-data types cannot fail (no maps with
/// non-string keys, no failing `Serialize` impls), so a failure here is a bug
/// and is reported as such rather than panicking.
pub fn to_vec<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| Error::Internal(format!("cannot serialise: {e}")))
}

/// Serialises `value` as indented JSON followed by a newline, for files
/// people read.
pub fn to_vec_pretty<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(value).map_err(|e| Error::Internal(format!("cannot serialise: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

struct Strict {
    depth: usize,
    nulls: Nulls,
}

impl Strict {
    fn nested<E: de::Error>(&self) -> Result<Strict, E> {
        let depth = self.depth + 1;
        if depth > MAX_JSON_DEPTH {
            return Err(E::custom(format_args!("nesting deeper than {MAX_JSON_DEPTH} levels")));
        }
        Ok(Strict { depth, nulls: self.nulls })
    }
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.nulls {
            Nulls::Allow => Ok(()),
            Nulls::Refuse => Err(E::custom("null is not allowed; leave the field out instead")),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.nested()?;
        while seq.next_element_seed(Strict { depth: inner.depth, nulls: inner.nulls })?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.nested()?;
        let mut seen: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key_seed(Key)? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!("duplicate key \"{key}\"")));
            }
            map.next_value_seed(Strict { depth: inner.depth, nulls: inner.nulls })?;
            seen.insert(key);
        }
        Ok(())
    }
}

/// Reads an object key, borrowing it from the input when it has no escapes.
pub(crate) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_json() {
        check_strict(br#"{"a":[1,2,{"b":null}],"c":"\u00e9"}"#, "t").unwrap();
    }

    #[test]
    fn rejects_duplicate_keys_at_any_depth() {
        let err = check_strict(br#"{"a":{"b":1,"b":2}}"#, "doc.json").unwrap_err();
        assert!(err.to_string().contains("duplicate key \"b\""), "{err}");
        assert!(err.to_string().starts_with("doc.json: malformed"), "{err}");
    }

    #[test]
    fn rejects_duplicates_spelled_with_escapes() {
        let err = check_strict(br#"{"ab":1,"\u0061b":2}"#, "t").unwrap_err();
        assert!(err.to_string().contains("duplicate key"), "{err}");
    }

    #[test]
    fn rejects_deep_nesting() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(check_strict(deep.as_bytes(), "t").is_err());
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        check_strict(ok.as_bytes(), "t").unwrap();
    }

    #[test]
    fn canonical_form_ignores_layout_and_key_order() {
        let a: serde_json::Value =
            serde_json::from_str("{\"b\": [1, {\"y\":true,\"x\":\"é\"}],\n \"a\": null}").unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{"a":null,"b":[1,{"x":"é","y":true}]}"#).unwrap();
        assert_eq!(canonical(&a, "a").unwrap(), canonical(&b, "b").unwrap());
        assert_eq!(canonical(&a, "a").unwrap(), r#"{"a":null,"b":[1,{"x":"é","y":true}]}"#.as_bytes());
    }

    /// The examples of RFC 8785 §3.2.2 (numbers, strings, literals) and
    /// §3.2.3 (key order by UTF-16 code units).
    #[test]
    fn canonical_form_is_rfc_8785() {
        let cases = [
            (
                r#"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                    "literals": [null, true, false]}"#,
                r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#,
            ),
            (
                r#"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
                    "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
                    "\u00f6": "Latin Small Letter O With Diaeresis"}"#,
                "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With \
                 Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}",
            ),
            (
                r#"[-0, 0.0, 1.0, -1.5e-7, 1e21, 1e20, 9007199254740991, -9007199254740991, 9007199254740993.0]"#,
                "[0,0,1,-1.5e-7,1e+21,100000000000000000000,9007199254740991,-9007199254740991,9007199254740992]",
            ),
        ];
        for (input, want) in cases {
            let v: serde_json::Value = serde_json::from_str(input).unwrap();
            assert_eq!(String::from_utf8(canonical(&v, "t").unwrap()).unwrap(), want, "{input}");
        }
        // Integers a double cannot hold are refused, never rounded into another document's digest.
        for big in ["9007199254740992", "-9007199254740992", "[1, {\"a\": 18446744073709551615}]"] {
            let v: serde_json::Value = serde_json::from_str(big).unwrap();
            let err = canonical(&v, "p.json").unwrap_err();
            assert!(err.to_string().contains("outside ±(2^53 - 1)"), "{big}: {err}");
        }
    }

    #[test]
    fn own_formats_refuse_null() {
        #[derive(serde::Deserialize)]
        struct T {
            #[allow(dead_code)]
            a: Option<u8>,
        }
        let err = parse_own::<T>(br#"{"a":null}"#, "t").err().unwrap();
        assert!(err.to_string().contains("null is not allowed"), "{err}");
        assert!(parse_strict::<T>(br#"{"a":null}"#, "t").is_ok());
    }

    #[test]
    fn rejects_trailing_data_and_bom() {
        assert!(check_strict(b"{} {}", "t").is_err());
        assert!(check_strict(b"\xEF\xBB\xBF{}", "t").is_err());
    }
}
