//! Ed25519 keys on PKCS#11 tokens (HSMs, smart cards, SoftHSM): signing,
//! generation on the token, and listing (docs/hardware-keys.md).
//!
//! The module is loaded with `dlopen` when a `pkcs11:` key is used, and only
//! then, so attest needs no PKCS#11 library to build or to run with file
//! keys. Signing uses PKCS#11 3.0 `CKM_EDDSA` on `CKK_EC_EDWARDS` keys; the
//! public key is read from the token and gives the same key id as the same
//! key in a file, because both are the SHA-256 of the canonical SPKI.

mod token;
mod uri;

use std::path::Path;

use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};

use self::token::{Token, ck};
pub(crate) use self::uri::redact;
pub use self::uri::{PinSource, Pkcs11Uri};
use crate::error::{Error, Result};
use crate::keys::PublicKey;
use crate::signer::Signer;

/// A private key on a token, with its public half read from the token. The
/// session stays open (and logged in) for as many signatures as are asked.
pub struct Pkcs11Key {
    token: Token,
    key: ObjectHandle,
    public: PublicKey,
    doc: String,
}

impl std::fmt::Debug for Pkcs11Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pkcs11Key({}, {})", self.doc, self.public.id())
    }
}

impl Pkcs11Key {
    /// Opens the key a URI names: loads the module, finds the token, logs in
    /// with the PIN from `pin-source`, finds exactly one private key and its
    /// public key, and checks the token offers `CKM_EDDSA`.
    pub fn open(uri: &Pkcs11Uri) -> Result<Self> {
        let doc = uri.to_string();
        require_selector(uri, &doc)?;
        let token = token::open(uri, &doc, false)?;
        token::login(&token, uri, &doc, true)?;
        let key = one(token::find(&token, uri, ObjectClass::PRIVATE_KEY)?, "private key", &doc)?;
        token::ed25519_params(&token.session, key, &doc)?;
        let public = public_beside(&token, key, uri, &doc)?;
        token::require_mechanism(&token, MechanismType::EDDSA, "Ed25519 signing", &doc)?;
        Ok(Pkcs11Key { token, key, public, doc })
    }
}

impl Signer for Pkcs11Key {
    fn public(&self) -> &PublicKey {
        &self.public
    }

    /// Signs on the token, then verifies the signature under the public key
    /// read from the token before handing it out: a public key object that
    /// does not belong to the private key, or a token that signs with another
    /// EdDSA variant, fails here rather than in a verifier's hands.
    fn sign(&self, msg: &[u8]) -> Result<ed25519_dalek::Signature> {
        let mechanism = Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure));
        let sig = self.token.session.sign(&mechanism, self.key, msg).map_err(ck(&self.doc))?;
        let sig = ed25519_dalek::Signature::from_slice(&sig).map_err(|_| {
            Error::key(&self.doc, format!("the token returned a {}-byte signature, not Ed25519's 64", sig.len()))
        })?;
        if !self.public.verify_strict(msg, &sig) {
            return Err(Error::key(
                &self.doc,
                format!(
                    "the token's signature does not verify under the public key read from it ({}): the public \
                     key object does not belong to this private key",
                    self.public.id()
                ),
            ));
        }
        Ok(sig)
    }
}

/// The public key of the key a URI names (for `attest key id pkcs11:…`).
/// Public key objects are readable without a PIN on most tokens; a PIN is
/// used when `pin-source` gives one.
pub fn public_key(uri: &Pkcs11Uri) -> Result<PublicKey> {
    let doc = uri.to_string();
    require_selector(uri, &doc)?;
    let token = token::open(uri, &doc, false)?;
    token::login(&token, uri, &doc, false)?;
    let handle = one(token::find(&token, uri, ObjectClass::PUBLIC_KEY)?, "public key", &doc)?;
    token::ed25519_public(&token.session, handle, &doc)
}

/// A key pair made on a token by [`generate`].
#[derive(Debug)]
pub struct Generated {
    /// The public key read back from the token.
    pub public: PublicKey,
    /// The URI that names the new key (with the `id=` it was given).
    pub uri: Pkcs11Uri,
}

/// Generates an Ed25519 key pair on the token: the private key is a token
/// object that is sensitive and never extractable, so it never exists
/// outside the token. The URI's `object=` becomes the label; its `id=` the
/// CKA_ID (16 random bytes when absent). A key with the same label or id is
/// never replaced.
pub fn generate(uri: &Pkcs11Uri) -> Result<Generated> {
    let doc = uri.to_string();
    let label = uri
        .object
        .as_deref()
        .filter(|l| !l.is_empty())
        .ok_or_else(|| Error::key(&doc, "name the new key with object=LABEL"))?;
    let id = match &uri.id {
        Some(id) if !id.is_empty() => id.clone(),
        _ => {
            let mut id = vec![0u8; 16];
            getrandom::fill(&mut id)
                .map_err(|e| Error::Usage(format!("the operating system gave no random bytes: {e}")))?;
            id
        }
    };
    let token = token::open(uri, &doc, true)?;
    token::login(&token, uri, &doc, true)?;
    token::require_mechanism(&token, MechanismType::ECC_EDWARDS_KEY_PAIR_GEN, "Ed25519 key generation", &doc)?;
    token::require_mechanism(&token, MechanismType::EDDSA, "Ed25519 signing", &doc)?;
    let s = &token.session;
    for clash in [Attribute::Label(label.as_bytes().to_vec()), Attribute::Id(id.clone())] {
        if !s.find_objects(&[clash]).map_err(ck(&doc))?.is_empty() {
            return Err(Error::key(
                &doc,
                "the token already holds an object with this label or id: choose another object= (attest never \
                 replaces a key on a token)",
            ));
        }
    }
    let common = |extra: &[Attribute]| {
        let mut t = vec![
            Attribute::Token(true),
            Attribute::KeyType(KeyType::EC_EDWARDS),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Id(id.clone()),
        ];
        t.extend_from_slice(extra);
        t
    };
    let public_template = common(&[
        Attribute::Class(ObjectClass::PUBLIC_KEY),
        Attribute::Private(false),
        Attribute::Verify(true),
        Attribute::Encrypt(false),
        Attribute::Wrap(false),
        Attribute::Derive(false),
        Attribute::EcParams(token::ED25519_OID.to_vec()),
    ]);
    let private_template = common(&[
        Attribute::Class(ObjectClass::PRIVATE_KEY),
        Attribute::Private(true),
        Attribute::Sensitive(true),
        Attribute::Extractable(false),
        Attribute::Sign(true),
        Attribute::Decrypt(false),
        Attribute::Unwrap(false),
        Attribute::Derive(false),
    ]);
    let (public_handle, private_handle) =
        s.generate_key_pair(&Mechanism::EccEdwardsKeyPairGen, &public_template, &private_template).map_err(ck(&doc))?;
    let checked = check_protected(&token, private_handle, &doc)
        .and_then(|()| token::ed25519_public(&token.session, public_handle, &doc));
    let public = match checked {
        Ok(p) => p,
        Err(e) => {
            // A pair the token did not protect as asked is not left behind.
            let _ = s.destroy_object(private_handle);
            let _ = s.destroy_object(public_handle);
            return Err(e);
        }
    };
    let mut named = uri.clone();
    named.id = Some(id);
    named.pin_source = None;
    Ok(Generated { public, uri: named })
}

/// One Ed25519 key found by [`list`].
#[derive(Debug)]
pub struct ListedKey {
    /// The token's label.
    pub token: String,
    /// The token's serial number.
    pub serial: String,
    /// The key's label (CKA_LABEL).
    pub label: String,
    /// The key's CKA_ID.
    pub id: Vec<u8>,
    /// The public key.
    pub public: PublicKey,
    /// A URI naming the key (add `pin-source=env:VAR` to sign with it).
    pub uri: Pkcs11Uri,
}

/// The Ed25519 public keys on every token the module sees. Keys of other
/// types are left out; a public key object that cannot be read is an error
/// naming it rather than a silent gap.
pub fn list(module: &Path) -> Result<Vec<ListedKey>> {
    let doc = format!("PKCS#11 module {}", module.display());
    let loaded = token::load(module, &doc)?;
    let mut out = Vec::new();
    for slot in loaded.ctx.get_slots_with_token().map_err(ck(&doc))? {
        let info = loaded.ctx.get_token_info(slot).map_err(ck(&doc))?;
        // SoftHSM and others keep an empty slot for the next token.
        if !info.token_initialized() {
            continue;
        }
        let session = loaded.ctx.open_ro_session(slot).map_err(ck(&doc))?;
        let template = [Attribute::Class(ObjectClass::PUBLIC_KEY), Attribute::KeyType(KeyType::EC_EDWARDS)];
        for handle in session.find_objects(&template).map_err(ck(&doc))? {
            let attrs = session.get_attributes(handle, &[AttributeType::Label, AttributeType::Id]).map_err(ck(&doc))?;
            let (mut label, mut id) = (String::new(), Vec::new());
            for a in attrs {
                match a {
                    Attribute::Label(l) => label = String::from_utf8_lossy(&l).into_owned(),
                    Attribute::Id(i) => id = i,
                    _ => {}
                }
            }
            let uri = Pkcs11Uri::for_key(module.to_path_buf(), info.label(), &label, &id);
            let key_doc = uri.to_string();
            // Ed448 keys share the key type; only Ed25519 ones are listed.
            if token::ed25519_params(&session, handle, &key_doc).is_err() {
                continue;
            }
            let public = token::ed25519_public(&session, handle, &key_doc)?;
            out.push(ListedKey {
                token: info.label().to_owned(),
                serial: info.serial_number().to_owned(),
                label,
                id,
                public,
                uri,
            });
        }
    }
    Ok(out)
}

/// A URI that selects no key would pick whichever key the token lists
/// first; refuse it.
fn require_selector(uri: &Pkcs11Uri, doc: &str) -> Result<()> {
    if uri.object.is_none() && uri.id.is_none() {
        return Err(Error::key(
            doc,
            "names no key: add object=LABEL or id=%XX… (attest key list --pkcs11-module PATH shows them)",
        ));
    }
    Ok(())
}

/// Exactly one object, or an error saying why not.
fn one(mut found: Vec<ObjectHandle>, what: &str, doc: &str) -> Result<ObjectHandle> {
    match (found.pop(), found.len()) {
        (Some(h), 0) => Ok(h),
        (None, _) => Err(Error::key(
            doc,
            format!("no {what} on the token matches object=/id= (attest key list --pkcs11-module PATH shows the keys)"),
        )),
        (Some(_), n) => {
            Err(Error::key(doc, format!("{} {what}s match: name one key with both object= and id=", n + 1)))
        }
    }
}

/// The public key object paired with a private key: same CKA_ID (and label,
/// when the URI gives one).
fn public_beside(token: &Token, private: ObjectHandle, uri: &Pkcs11Uri, doc: &str) -> Result<PublicKey> {
    let attrs = token.session.get_attributes(private, &[AttributeType::Id]).map_err(ck(doc))?;
    let id = attrs.into_iter().find_map(|a| if let Attribute::Id(i) = a { Some(i) } else { None });
    let mut pair = uri.clone();
    if let Some(id) = id.filter(|i| !i.is_empty()) {
        pair.id = Some(id);
    }
    let handle = one(token::find(token, &pair, ObjectClass::PUBLIC_KEY)?, "public key beside the private key", doc)?;
    token::ed25519_public(&token.session, handle, doc)
}

/// Checks that the token made the new private key sensitive and never
/// extractable, as asked.
fn check_protected(token: &Token, private: ObjectHandle, doc: &str) -> Result<()> {
    let attrs = token
        .session
        .get_attributes(private, &[AttributeType::Sensitive, AttributeType::Extractable])
        .map_err(ck(doc))?;
    let (mut sensitive, mut extractable) = (false, true);
    for a in attrs {
        match a {
            Attribute::Sensitive(v) => sensitive = v,
            Attribute::Extractable(v) => extractable = v,
            _ => {}
        }
    }
    if sensitive && !extractable {
        return Ok(());
    }
    Err(Error::key(doc, "the token did not make the new private key sensitive and non-extractable; it was destroyed"))
}
