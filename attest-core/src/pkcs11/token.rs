//! The plumbing under [`super`]: load a module, find the one token a URI
//! names, log in, find objects, and turn PKCS#11 return codes into reasons a
//! person can act on.

use std::path::Path;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::MechanismType;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::{Slot, TokenInfo};
use cryptoki::types::AuthPin;
use zeroize::Zeroizing;

use super::uri::{PinSource, Pkcs11Uri};
use crate::error::{Error, Result};
use crate::keys::PublicKey;

/// EC_PARAMS values naming Ed25519: the RFC 8410 OID 1.3.101.112, the
/// PKCS#11 3.0 printable curve name, and the older GnuPG OID some tokens
/// still write (1.3.6.1.4.1.11591.15.1).
const ED25519_PARAMS: [&[u8]; 3] = [
    &[0x06, 0x03, 0x2b, 0x65, 0x70],
    b"\x13\x0cedwards25519",
    &[0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01],
];

/// The EC_PARAMS attest writes when it generates a key: the RFC 8410 OID,
/// which every PKCS#11 3.0 token reads.
pub(super) const ED25519_OID: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];

/// A loaded, initialised module. Dropping it finalises the module if this
/// value initialised it (a module another part of the process initialised
/// is left to that part).
pub(super) struct Module {
    /// The module's context.
    pub ctx: Pkcs11,
    owns_init: bool,
}

impl Drop for Module {
    fn drop(&mut self) {
        if self.owns_init {
            // Nothing can be done about a failure to finalise at exit.
            let _ = self.ctx.clone().finalize();
        }
    }
}

/// An open session on one token. Fields drop in order: the session closes
/// before the module is finalised.
pub(super) struct Token {
    /// The session.
    pub session: Session,
    /// The module it was opened through.
    pub module: Module,
    /// The slot the token sits in.
    pub slot: Slot,
    /// What the token says about itself.
    pub info: TokenInfo,
}

/// Loads the module at `path` and initialises it.
pub(super) fn load(path: &Path, doc: &str) -> Result<Module> {
    let ctx = Pkcs11::new(path).map_err(|e| {
        Error::key(
            doc,
            format!(
                "cannot load the PKCS#11 module {}: {e}. Check that module-path= names the vendor's library \
                 (for SoftHSM2 on Debian: /usr/lib/softhsm/libsofthsm2.so) and that it is installed",
                path.display()
            ),
        )
    })?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) => Ok(Module { ctx, owns_init: true }),
        Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(Module { ctx, owns_init: false }),
        Err(e) => {
            Err(Error::key(doc, format!("the PKCS#11 module {} does not start: {}", path.display(), explain(&e))))
        }
    }
}

/// The module named by the URI's `module-path`.
pub(super) fn module_path<'a>(uri: &'a Pkcs11Uri, doc: &str) -> Result<&'a Path> {
    uri.module_path.as_deref().ok_or_else(|| {
        Error::key(
            doc,
            "names no module: add ?module-path=/path/to/the/vendor/pkcs11-library.so \
             (for SoftHSM2 on Debian: /usr/lib/softhsm/libsofthsm2.so)",
        )
    })
}

/// Opens a session on the one token the URI names. `rw` opens a read-write
/// session (for key generation).
pub(super) fn open(uri: &Pkcs11Uri, doc: &str, rw: bool) -> Result<Token> {
    let module = load(module_path(uri, doc)?, doc)?;
    let ctx = &module.ctx;
    let slots = ctx.get_slots_with_token().map_err(ck(doc))?;
    let mut matching = Vec::new();
    let mut seen = Vec::new();
    for slot in slots {
        let info = ctx.get_token_info(slot).map_err(ck(doc))?;
        if !info.token_initialized() {
            continue;
        }
        seen.push(format!("{:?}", info.label()));
        if token_matches(uri, slot, &info) {
            matching.push((slot, info));
        }
    }
    let (slot, info) = match matching.len() {
        1 => matching.pop().ok_or_else(|| Error::Internal("no token".into()))?,
        0 => {
            let present = if seen.is_empty() { "none".to_owned() } else { seen.join(", ") };
            return Err(Error::key(
                doc,
                format!(
                    "token absent: no token in the module's slots matches the URI (tokens present: {present}). \
                     Insert the token, or correct token=/serial= (attest key list --pkcs11-module PATH shows them)"
                ),
            ));
        }
        n => {
            return Err(Error::key(
                doc,
                format!("{n} tokens match the URI: name one with token= and serial= (attest key list shows them)"),
            ));
        }
    };
    let session = if rw { ctx.open_rw_session(slot) } else { ctx.open_ro_session(slot) };
    let session = session.map_err(ck(doc))?;
    Ok(Token { session, module, slot, info })
}

fn token_matches(uri: &Pkcs11Uri, slot: Slot, info: &TokenInfo) -> bool {
    let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    eq(&uri.token, info.label())
        && eq(&uri.manufacturer, info.manufacturer_id())
        && eq(&uri.serial, info.serial_number())
        && eq(&uri.model, info.model())
        && uri.slot_id.is_none_or(|id| id == slot.id())
}

/// Logs the user in with the PIN from `pin-source`, or through the token's
/// own PIN pad when it has one. `required` says whether the operation needs
/// a login at all (reading a public key does not).
pub(super) fn login(token: &Token, uri: &Pkcs11Uri, doc: &str, required: bool) -> Result<()> {
    let session = &token.session;
    let result = match &uri.pin_source {
        Some(PinSource::Env(var)) => {
            let pin = Zeroizing::new(std::env::var(var).map_err(|_| {
                Error::key(doc, format!("pin-source=env:{var}: the environment variable is not set or not UTF-8"))
            })?);
            session.login(UserType::User, Some(&AuthPin::new(pin.as_str().into())))
        }
        None if !required || !token.info.login_required() => return Ok(()),
        None if token.info.protected_authentication_path() => session.login(UserType::User, None),
        None => {
            return Err(Error::key(
                doc,
                "the token needs its user PIN: put it in an environment variable and add \
                 pin-source=env:VAR to the URI (a PIN is never taken from the command line)",
            ));
        }
    };
    match result {
        Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(()),
        Err(e) => Err(Error::key(doc, explain(&e))),
    }
}

/// The objects of `class` the URI's `object=` and `id=` select.
pub(super) fn find(token: &Token, uri: &Pkcs11Uri, class: ObjectClass) -> Result<Vec<ObjectHandle>> {
    let mut template = vec![Attribute::Class(class)];
    if let Some(label) = &uri.object {
        template.push(Attribute::Label(label.as_bytes().to_vec()));
    }
    if let Some(id) = &uri.id {
        template.push(Attribute::Id(id.clone()));
    }
    token.session.find_objects(&template).map_err(ck(&uri.to_string()))
}

/// The Ed25519 public key of a public-key object, or why it is not one.
pub(super) fn ed25519_public(session: &Session, handle: ObjectHandle, doc: &str) -> Result<PublicKey> {
    ed25519_params(session, handle, doc)?;
    let attrs = session.get_attributes(handle, &[AttributeType::EcPoint]).map_err(ck(doc))?;
    let point = attrs
        .into_iter()
        .find_map(|a| if let Attribute::EcPoint(p) = a { Some(p) } else { None })
        .ok_or_else(|| Error::key(doc, "the public key object has no CKA_EC_POINT"))?;
    let raw = ec_point_raw(&point).ok_or_else(|| {
        Error::key(doc, format!("CKA_EC_POINT of {} bytes is not an Ed25519 public key", point.len()))
    })?;
    PublicKey::from_raw(&raw).map_err(|r| Error::key(doc, r))
}

/// Checks that an object is an Ed25519 key: CKK_EC_EDWARDS on the Ed25519
/// curve (not Ed448, not ECDSA or RSA).
pub(super) fn ed25519_params(session: &Session, handle: ObjectHandle, doc: &str) -> Result<()> {
    let attrs = session.get_attributes(handle, &[AttributeType::KeyType, AttributeType::EcParams]).map_err(ck(doc))?;
    let mut key_type = None;
    let mut params = None;
    for a in attrs {
        match a {
            Attribute::KeyType(t) => key_type = Some(t),
            Attribute::EcParams(p) => params = Some(p),
            _ => {}
        }
    }
    let not_ed25519 = |what: String| {
        Error::key(doc, format!("the key is {what}, not Ed25519: attest signs with Ed25519 (CKK_EC_EDWARDS) keys only"))
    };
    match key_type {
        Some(t) if t == KeyType::EC_EDWARDS => {}
        Some(t) => return Err(not_ed25519(format!("a {t} key"))),
        None => return Err(not_ed25519("of unknown type".into())),
    }
    match params {
        // A private key object may keep its curve to itself; the public key
        // read beside it settles the question by its length.
        None => Ok(()),
        Some(p) if ED25519_PARAMS.contains(&p.as_slice()) => Ok(()),
        Some(_) => Err(not_ed25519("an EdDSA key on another curve (Ed448?)".into())),
    }
}

/// The 32 key bytes of a CKA_EC_POINT: PKCS#11 3.0 wants a DER OCTET STRING
/// around them; some tokens give the bare bytes.
fn ec_point_raw(point: &[u8]) -> Option<[u8; 32]> {
    match point {
        [0x04, 0x20, rest @ ..] if rest.len() == 32 => rest.try_into().ok(),
        raw if raw.len() == 32 => raw.try_into().ok(),
        _ => None,
    }
}

/// Whether the token offers `mechanism`, refusing with a reason otherwise.
pub(super) fn require_mechanism(token: &Token, mechanism: MechanismType, what: &str, doc: &str) -> Result<()> {
    let list = token.module.ctx.get_mechanism_list(token.slot).map_err(ck(doc))?;
    if list.contains(&mechanism) {
        return Ok(());
    }
    Err(Error::key(
        doc,
        format!(
            "mechanism unsupported: the token does not offer {mechanism} ({what}); attest needs a PKCS#11 3.0 \
             token with Ed25519 (check the module and firmware versions)"
        ),
    ))
}

/// Maps a PKCS#11 failure to an error about `doc`.
pub(super) fn ck(doc: &str) -> impl Fn(CkError) -> Error + '_ {
    move |e| Error::key(doc, explain(&e))
}

/// What a PKCS#11 failure means to the person at the keyboard.
pub(super) fn explain(e: &CkError) -> String {
    match e {
        CkError::Pkcs11(RvError::PinIncorrect, _) => {
            "wrong PIN: the token refused the PIN from pin-source (tokens lock after a few failures: check the \
             variable before trying again)"
                .into()
        }
        CkError::Pkcs11(RvError::PinLocked, _) => {
            "the user PIN is locked after too many wrong attempts: the token's security officer must unlock it".into()
        }
        CkError::Pkcs11(RvError::PinExpired, _) => "the user PIN has expired: change it with the vendor's tool".into(),
        CkError::Pkcs11(RvError::PinLenRange, _) => "the PIN's length is outside what the token accepts".into(),
        CkError::Pkcs11(RvError::TokenNotPresent | RvError::DeviceRemoved | RvError::TokenNotRecognized, _) => {
            "token absent: the token is not in its slot or was removed; insert it and try again".into()
        }
        CkError::Pkcs11(RvError::UserNotLoggedIn, _) => {
            "the token needs a login for this: add pin-source=env:VAR to the URI".into()
        }
        CkError::Pkcs11(RvError::MechanismInvalid | RvError::FunctionNotSupported, f) => {
            format!("mechanism unsupported: the token refused C_{f:?}; attest needs PKCS#11 3.0 Ed25519 (CKM_EDDSA)")
        }
        CkError::Pkcs11(RvError::KeyTypeInconsistent, _) => {
            "the key is not an Ed25519 (CKK_EC_EDWARDS) key: attest signs with Ed25519 only".into()
        }
        CkError::Pkcs11(rv, f) => format!("C_{f:?} failed: {rv:?} ({rv})"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::unit::key;

    #[test]
    fn ec_point_in_either_encoding_gives_the_file_keys_id() {
        let k = key(3);
        let raw = *k.public().raw();
        let mut der = vec![0x04, 0x20];
        der.extend_from_slice(&raw);
        for point in [der.as_slice(), raw.as_slice()] {
            let from_token = PublicKey::from_raw(&ec_point_raw(point).unwrap()).unwrap();
            assert_eq!(from_token.id(), k.public().id());
        }
        // Truncated, or an Ed448 point (57 bytes): not an Ed25519 key.
        assert!(ec_point_raw(&der[..33]).is_none());
        let mut ed448 = vec![0x04, 0x39];
        ed448.extend_from_slice(&[1; 57]);
        assert!(ec_point_raw(&ed448).is_none());
    }

    #[test]
    fn return_codes_become_reasons_a_person_can_act_on() {
        use cryptoki::context::Function;
        for (rv, f, says) in [
            (RvError::PinIncorrect, Function::Login, "wrong PIN"),
            (RvError::PinLocked, Function::Login, "security officer must unlock"),
            (RvError::TokenNotPresent, Function::OpenSession, "token absent"),
            (RvError::DeviceRemoved, Function::Sign, "token absent"),
            (RvError::MechanismInvalid, Function::Sign, "mechanism unsupported: the token refused C_Sign"),
            (RvError::FunctionNotSupported, Function::GenerateKeyPair, "mechanism unsupported"),
            (RvError::KeyTypeInconsistent, Function::SignInit, "not an Ed25519"),
            (RvError::UserNotLoggedIn, Function::Sign, "pin-source=env:VAR"),
            (RvError::GeneralError, Function::Sign, "C_Sign failed: GeneralError"),
        ] {
            let why = explain(&CkError::Pkcs11(rv, f));
            assert!(why.contains(says), "{rv:?}: {why}");
        }
    }

    #[test]
    fn ed25519_is_recognised_by_oid_or_curve_name_and_ed448_is_not() {
        assert!(ED25519_PARAMS.contains(&ED25519_OID));
        assert!(ED25519_PARAMS.contains(&&b"\x13\x0cedwards25519"[..]));
        assert!(!ED25519_PARAMS.contains(&&[0x06, 0x03, 0x2b, 0x65, 0x71][..]));
    }
}
