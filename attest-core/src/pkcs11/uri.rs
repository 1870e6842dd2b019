//! PKCS#11 URIs (RFC 7512): which module, which token, which key, and where
//! the PIN comes from.
//!
//! attest reads the subset that names an Ed25519 signing key and refuses the
//! rest with a reason (docs/hardware-keys.md): an attribute it did not
//! understand could have been meant to narrow the choice of key, so ignoring
//! it could sign with a key the user did not mean. `pin-value` is refused
//! outright: a PIN on the command line is in the shell history and in `ps`.

use std::fmt;
use std::path::PathBuf;

/// Where the user PIN comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinSource {
    /// `pin-source=env:VAR`: the PIN is the value of environment variable VAR.
    Env(String),
}

/// A parsed `pkcs11:` URI. It never holds a PIN, so it can be shown in any
/// message (its [`Display`](fmt::Display) is the canonical URI).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pkcs11Uri {
    /// `token=`: the token label.
    pub token: Option<String>,
    /// `manufacturer=`: the token manufacturer.
    pub manufacturer: Option<String>,
    /// `serial=`: the token serial number.
    pub serial: Option<String>,
    /// `model=`: the token model.
    pub model: Option<String>,
    /// `slot-id=`: the slot number.
    pub slot_id: Option<u64>,
    /// `object=`: the key's label (CKA_LABEL).
    pub object: Option<String>,
    /// `id=`: the key's CKA_ID bytes.
    pub id: Option<Vec<u8>>,
    /// `module-path=`: the PKCS#11 library to load.
    pub module_path: Option<PathBuf>,
    /// `pin-source=`: where the user PIN comes from.
    pub pin_source: Option<PinSource>,
}

/// The URI scheme prefix.
pub(super) const SCHEME: &str = "pkcs11:";

crate::error::value_error!(
    /// Why a text is not a `pkcs11:` URI attest reads; the message never
    /// repeats a PIN.
    UriError
);

impl Pkcs11Uri {
    /// Whether a `--key` argument is a PKCS#11 URI rather than a path.
    pub fn is_uri(arg: &str) -> bool {
        arg.starts_with(SCHEME)
    }

    /// Parses a `pkcs11:` URI. Errors say what to change; they never repeat
    /// a `pin-value`.
    pub fn parse(s: &str) -> Result<Self, UriError> {
        let rest = s.strip_prefix(SCHEME).ok_or_else(|| format!("does not start with {SCHEME}"))?;
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let mut uri = Pkcs11Uri::default();
        let mut seen = Vec::new();
        for attr in path.split(';').filter(|a| !a.is_empty()) {
            let (name, value) = name_value(attr)?;
            once(&mut seen, name)?;
            match name {
                "token" => uri.token = Some(text(name, value)?),
                "manufacturer" => uri.manufacturer = Some(text(name, value)?),
                "serial" => uri.serial = Some(text(name, value)?),
                "model" => uri.model = Some(text(name, value)?),
                "object" => uri.object = Some(text(name, value)?),
                "id" => uri.id = Some(decode(name, value)?),
                "slot-id" => {
                    uri.slot_id = Some(
                        text(name, value)?
                            .parse()
                            .map_err(|_| format!("slot-id={value} is not a decimal slot number"))?,
                    )
                }
                "type" => match text(name, value)?.as_str() {
                    // attest uses the private key to sign and the public key
                    // for the key id, whichever the URI names.
                    "private" | "public" => {}
                    other => {
                        return Err(format!("type={other}: attest uses key pairs (type=private or type=public)").into());
                    }
                },
                other => {
                    return Err(format!(
                        "path attribute {other:?} is not supported (attest reads token, manufacturer, serial, \
                         model, slot-id, object, id and type); remove it or select the key with object= or id="
                    )
                    .into());
                }
            }
        }
        for attr in query.into_iter().flat_map(|q| q.split('&')).filter(|a| !a.is_empty()) {
            let (name, value) = name_value(attr)?;
            once(&mut seen, name)?;
            match name {
                "module-path" => uri.module_path = Some(PathBuf::from(text(name, value)?)),
                "pin-source" => uri.pin_source = Some(pin_source(&text(name, value)?)?),
                "pin-value" => {
                    return Err("pin-value is refused: a PIN in a URI ends up in shell history and process \
                                lists. Put the PIN in an environment variable and write pin-source=env:VAR"
                        .into());
                }
                "module-name" => {
                    return Err("module-name is not supported: give the library's full path with module-path=".into());
                }
                other => {
                    return Err(format!(
                        "query attribute {other:?} is not supported (attest reads module-path and pin-source)"
                    )
                    .into());
                }
            }
        }
        Ok(uri)
    }

    /// The URI of one key on one token, as `attest key generate` and
    /// `attest key list` print it.
    pub fn for_key(module: PathBuf, token: &str, label: &str, id: &[u8]) -> Self {
        Pkcs11Uri {
            token: Some(token.to_owned()),
            object: (!label.is_empty()).then(|| label.to_owned()),
            id: (!id.is_empty()).then(|| id.to_vec()),
            module_path: Some(module),
            ..Pkcs11Uri::default()
        }
    }
}

/// A URI as text for messages, with any `pin-value` blanked: used where the
/// text could not be parsed, so it cannot be rebuilt from its parts.
pub(crate) fn redact(s: &str) -> String {
    s.split_inclusive(['?', '&', ';'])
        .map(|part| {
            if part.starts_with("pin-value=") {
                let sep = part.chars().last().filter(|c| ['?', '&', ';'].contains(c));
                format!("pin-value=…{}", sep.map(String::from).unwrap_or_default())
            } else {
                part.to_owned()
            }
        })
        .collect()
}

fn name_value(attr: &str) -> Result<(&str, &str), String> {
    attr.split_once('=').ok_or_else(|| format!("attribute {:?} has no '=' and value", redact(attr)))
}

fn once<'a>(seen: &mut Vec<&'a str>, name: &'a str) -> Result<(), String> {
    if seen.contains(&name) {
        return Err(format!("attribute {name} appears twice"));
    }
    seen.push(name);
    Ok(())
}

fn pin_source(value: &str) -> Result<PinSource, String> {
    match value.strip_prefix("env:") {
        Some(var) if !var.is_empty() => Ok(PinSource::Env(var.to_owned())),
        _ => Err(format!(
            "pin-source={value} is not supported: attest reads the PIN from an environment variable, \
             pin-source=env:VAR"
        )),
    }
}

/// Percent-decodes a value (RFC 3986 §2.1).
fn decode(name: &str, value: &str) -> Result<Vec<u8>, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("{name}: '%' must be followed by two hex digits"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Ok(out)
}

fn text(name: &str, value: &str) -> Result<String, String> {
    String::from_utf8(decode(name, value)?).map_err(|_| format!("{name}: the value is not UTF-8 once decoded"))
}

/// Percent-encodes a value, keeping the characters RFC 7512 allows as they
/// are in both path and query (`extra` adds the component's own).
fn encode(value: &[u8], extra: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value {
        if b.is_ascii_alphanumeric() || b"-._~:[]@!$'()*+,".contains(&b) || extra.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl fmt::Display for Pkcs11Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slot = self.slot_id.map(|n| n.to_string());
        let path = [
            ("token", self.token.as_deref().map(str::as_bytes)),
            ("manufacturer", self.manufacturer.as_deref().map(str::as_bytes)),
            ("serial", self.serial.as_deref().map(str::as_bytes)),
            ("model", self.model.as_deref().map(str::as_bytes)),
            ("slot-id", slot.as_deref().map(str::as_bytes)),
            ("object", self.object.as_deref().map(str::as_bytes)),
        ];
        let mut path: Vec<String> =
            path.iter().filter_map(|(n, v)| v.map(|v| format!("{n}={}", encode(v, b"&")))).collect();
        if let Some(id) = &self.id {
            // Ids are binary: always every byte encoded.
            path.push(format!("id={}", id.iter().map(|b| format!("%{b:02X}")).collect::<String>()));
        }
        let module = self.module_path.as_ref().map(|p| p.to_string_lossy());
        let pin = self.pin_source.as_ref().map(|PinSource::Env(v)| format!("env:{v}"));
        let query = [("module-path", module.as_deref()), ("pin-source", pin.as_deref())];
        let query: Vec<String> =
            query.iter().filter_map(|(n, v)| v.map(|v| format!("{n}={}", encode(v.as_bytes(), b"/?|")))).collect();
        write!(f, "{SCHEME}{}", path.join(";"))?;
        if !query.is_empty() {
            write!(f, "?{}", query.join("&"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc7512_attributes_and_round_trips() {
        let s = "pkcs11:token=Gov%20Token;object=gov1;id=%01%a2?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:HSM_PIN";
        let u = Pkcs11Uri::parse(s).unwrap();
        assert_eq!(u.token.as_deref(), Some("Gov Token"));
        assert_eq!(u.object.as_deref(), Some("gov1"));
        assert_eq!(u.id.as_deref(), Some(&[0x01, 0xa2][..]));
        assert_eq!(u.module_path.as_deref(), Some(std::path::Path::new("/usr/lib/softhsm/libsofthsm2.so")));
        assert_eq!(u.pin_source, Some(PinSource::Env("HSM_PIN".into())));
        let text = u.to_string();
        assert_eq!(
            text,
            "pkcs11:token=Gov%20Token;object=gov1;id=%01%A2?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:HSM_PIN"
        );
        assert_eq!(Pkcs11Uri::parse(&text).unwrap(), u);
    }

    #[test]
    fn pin_value_is_refused_and_never_echoed() {
        let err = Pkcs11Uri::parse("pkcs11:token=t;object=k?pin-value=123456").unwrap_err();
        assert!(err.to_string().contains("pin-source=env:VAR"), "{err}");
        assert!(!err.to_string().contains("123456"), "{err}");
        assert_eq!(
            redact("pkcs11:token=t?pin-value=123456&module-path=/m.so"),
            "pkcs11:token=t?pin-value=…&module-path=/m.so"
        );
    }

    #[test]
    fn unknown_duplicate_and_malformed_attributes_are_refused() {
        for (uri, why) in [
            ("pkcs11:token=a;token=b", "twice"),
            ("pkcs11:library-version=3", "not supported"),
            ("pkcs11:token=a?module-name=softhsm2", "module-path"),
            ("pkcs11:token=a?pin-source=file:/pin", "env:VAR"),
            ("pkcs11:token=a;type=cert", "type=cert"),
            ("pkcs11:token=%zz", "hex digits"),
            ("pkcs11:token=%ff", "UTF-8"),
            ("pkcs11:slot-id=x", "slot number"),
            ("pkcs11:token", "no '='"),
            ("token=a", "pkcs11:"),
        ] {
            let err = Pkcs11Uri::parse(uri).unwrap_err();
            assert!(err.to_string().contains(why), "{uri}: {err}");
        }
    }

    #[test]
    fn for_key_names_token_label_and_id() {
        let u = Pkcs11Uri::for_key("/m.so".into(), "t;1", "k", &[0xff]);
        assert_eq!(u.to_string(), "pkcs11:token=t%3B1;object=k;id=%FF?module-path=/m.so");
    }
}
