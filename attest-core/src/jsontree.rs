//! A compact JSON tree borrowed from the bytes it was parsed from.
//!
//! SBOMs made by other tools are judged as the JSON they are, never through a
//! typed model that drops fields, so attest holds them as a tree. A
//! `serde_json::Value` costs a B-tree node per object and a heap string per
//! key and string value, several times the document for a large SBOM.
//! [`Json`] keeps an object's members in one boxed slice, in document order,
//! and borrows every string without escapes from the input.
//!
//! A tree is only ever made through [`crate::json::parse_strict`] ([`parse`],
//! or [`Statement::from_payload`](crate::statement::Statement::from_payload)
//! for an attestation's predicate), which runs
//! [`check_strict`](crate::json::check_strict) first: duplicate keys are
//! refused (so a member lookup has one answer) and nesting is bounded (so
//! the recursive walks over a tree, and its drop, are too).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use crate::error::Result;

/// One JSON value. Strings borrow from the parsed bytes unless they had
/// escapes.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json reads it.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Box<[Json<'a>]>),
    /// An object.
    Object(Object<'a>),
}

/// The members of a JSON object, in document order. Keys are unique (see
/// the module notes), so [`Object::get`] has one answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object<'a>(Box<[(Cow<'a, str>, Json<'a>)]>);

/// Parses `bytes` strictly (see [`crate::json::check_strict`]) into a tree
/// that borrows from them. `doc` names the document in errors.
pub fn parse<'a>(bytes: &'a [u8], doc: &str) -> Result<Json<'a>> {
    crate::json::parse_strict(bytes, doc)
}

impl<'a> Json<'a> {
    /// The member `key` of an object; `None` for a missing member or when
    /// this is not an object.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.as_object().and_then(|o| o.get(key))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Json::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as a `u64`, if it is a non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    /// The number as an `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The number as an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Whether this is `true` or `false`.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Json::Bool(_))
    }

    /// Whether this is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Json::Number(_))
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Json::String(_))
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Json::Array(_))
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// The value an RFC 6901 JSON pointer (`/metadata/component`) names, as
    /// `serde_json::Value::pointer` finds it.
    pub fn pointer(&self, pointer: &str) -> Option<&Json<'a>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut at = self;
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            at = match at {
                Json::Object(o) => o.get(&token)?,
                Json::Array(items) => items.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(at)
    }

    /// An owned `serde_json::Value` of this value, for the small parts that
    /// outlive the parsed bytes (an SBOM's `metadata.component`).
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => serde_json::Value::Bool(*b),
            Json::Number(n) => serde_json::Value::Number(n.clone()),
            Json::String(s) => serde_json::Value::String(s.clone().into_owned()),
            Json::Array(items) => serde_json::Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(o) => serde_json::Value::Object(o.iter().map(|(k, v)| (k.to_owned(), v.to_value())).collect()),
        }
    }
}

/// An array index as RFC 6901 spells it: decimal, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

impl<'a> Object<'a> {
    /// The value of member `key`.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether the object has a member `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members, in document order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Json<'a>)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The keys, in document order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Json<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

/// Builds a [`Json`], borrowing strings without escapes.
struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> std::result::Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    /// As serde_json's `Value`: a number it cannot hold is `null` (the
    /// parser itself refuses numbers out of range, so this does not occur
    /// for parsed text).
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Json<'de>, E> {
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Json<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items.into_boxed_slice()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Json<'de>, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key_seed(crate::json::Key)? {
            members.push((key, map.next_value()?));
        }
        Ok(Json::Object(Object(members.into_boxed_slice())))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// The tree of a `json!` value, through the same strict parse as real
    /// input. The bytes are leaked: a test's tree lives as long as it needs.
    pub(crate) fn tree(v: &serde_json::Value) -> Json<'static> {
        let bytes: &'static [u8] = Box::leak(serde_json::to_vec(v).unwrap_or_default().into_boxed_slice());
        parse(bytes, "test").unwrap()
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let bytes = br#"{"plain":"abc","esc":"a\"b","\u0061k":"\u00e9"}"#;
        let t = parse(bytes, "t").unwrap();
        assert!(matches!(t.get("plain"), Some(Json::String(Cow::Borrowed("abc")))));
        assert!(matches!(t.get("esc"), Some(Json::String(Cow::Owned(s))) if s == "a\"b"));
        assert_eq!(t.get("ak").and_then(Json::as_str), Some("é"));
    }

    #[test]
    fn members_keep_document_order() {
        let t = parse(br#"{"z":1,"a":[true,null,-2,1.5],"m":{}}"#, "t").unwrap();
        let o = t.as_object().unwrap();
        assert_eq!(o.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
        assert_eq!((o.len(), o.is_empty(), o.contains_key("m"), o.contains_key("b")), (3, false, true, false));
        let a = t.get("a").and_then(Json::as_array).unwrap();
        assert_eq!(a.first().and_then(Json::as_bool), Some(true));
        assert!(a.get(1).is_some_and(Json::is_null));
        assert_eq!(a.get(2).and_then(Json::as_i64), Some(-2));
        assert_eq!(a.get(2).and_then(Json::as_u64), None);
        assert_eq!(a.get(3).and_then(Json::as_f64), Some(1.5));
        assert!(t.get("m").and_then(Json::as_object).is_some_and(Object::is_empty));
        assert_eq!(t.get("z").and_then(Json::as_u64), Some(1));
    }

    #[test]
    fn parsing_is_strict() {
        let err = parse(br#"{"a":1,"a":2}"#, "doc.json").unwrap_err();
        assert!(err.to_string().contains("duplicate key \"a\""), "{err}");
        assert!(parse(b"{} x", "t").is_err());
    }

    #[test]
    fn pointer_and_to_value_agree_with_serde_json() {
        let v = json!({"a/b": {"m~n": [10, {"x": "y"}]}, "n": 100000000000000000000.0_f64, "s": "é\n"});
        let t = tree(&v);
        assert_eq!(t.to_value(), v);
        for p in ["", "/a~1b", "/a~1b/m~0n", "/a~1b/m~0n/1/x", "/a~1b/m~0n/01", "/a~1b/m~0n/+1", "/n/0", "x", "/s"] {
            assert_eq!(t.pointer(p).map(Json::to_value), v.pointer(p).cloned(), "{p}");
        }
    }

    /// The tag hides in the niche of an owned string's capacity, so a value
    /// is as large as a `String` and a member twice that.
    #[test]
    fn a_value_fits_in_three_words() {
        assert_eq!(std::mem::size_of::<Json<'_>>(), 3 * std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<(Cow<'_, str>, Json<'_>)>(), 6 * std::mem::size_of::<usize>());
    }
}
