//! `attest key generate`, `attest key id` and `attest key list`.

use std::ffi::OsString;
use std::path::PathBuf;

use attest_core::fsio::write_atomic;
use attest_core::keys::{KeySource, PrivateKey};
use attest_core::pkcs11;
use serde_json::json;

use crate::args::{Force, KeyCommand, OutputFormat};
use crate::inputs::{any_public_key, passphrase};
use crate::output::{escape, print_json};
use crate::{Ctx, Verdict};

pub(crate) fn run(ctx: &Ctx, cmd: KeyCommand) -> anyhow::Result<Verdict> {
    match cmd {
        KeyCommand::Generate { out, pkcs11: Some(uri), force, passphrase_env: _ } => {
            generate_on_token(ctx, out, &uri, force)?
        }
        KeyCommand::Generate { out, passphrase_env, force, pkcs11: None } => {
            let pass = passphrase(passphrase_env.as_deref())?;
            let key = PrivateKey::generate()?;
            let priv_path = with_suffix(&out, ".key");
            let pub_path = with_suffix(&out, ".pub");
            let mode = force.overwrite();
            let pem = key.to_pkcs8_pem(pass.as_ref().map(|p| p.as_bytes()))?;
            // Public first: a failure then never leaves a private key whose
            // public half is missing.
            write_atomic(pub_path.as_ref(), key.public().to_spki_pem().as_bytes(), mode, None)?;
            write_atomic(priv_path.as_ref(), pem.as_bytes(), mode, Some(0o600))?;
            let id = key.public().id().to_string();
            match ctx.output {
                OutputFormat::Json => print_json(&json!({
                    "keyid": id,
                    "privateKey": priv_path.to_string_lossy(),
                    "publicKey": pub_path.to_string_lossy(),
                    "encrypted": pass.is_some(),
                }))?,
                OutputFormat::Human => {
                    eprintln!(
                        "wrote {} (private, 0600) and {}",
                        escape(&priv_path.to_string_lossy()),
                        escape(&pub_path.to_string_lossy())
                    );
                    outln!("{id}");
                }
            }
        }
        KeyCommand::Id { key, passphrase_env } => {
            let pass = passphrase(passphrase_env.as_deref())?;
            let public = match KeySource::parse(&key)? {
                KeySource::Pkcs11(uri) => {
                    if pass.is_some() {
                        return Err(attest_core::Error::Usage(
                            "--passphrase-env applies to encrypted key files, not to a pkcs11: URI".into(),
                        )
                        .into());
                    }
                    pkcs11::public_key(&uri)?
                }
                // `env:` has no meaning here: the argument is a file name.
                KeySource::File(_) | KeySource::Env(_) => {
                    any_public_key(key.as_ref(), pass.as_ref().map(|p| p.as_bytes()), Some("key id"))?
                }
            };
            match ctx.output {
                OutputFormat::Json => print_json(&json!({ "keyid": public.id().to_string() }))?,
                OutputFormat::Human => outln!("{}", public.id()),
            }
        }
        KeyCommand::List { pkcs11_module } => {
            let keys = pkcs11::list(&pkcs11_module)?;
            match ctx.output {
                OutputFormat::Json => print_json(&json!({
                    "module": pkcs11_module.to_string_lossy(),
                    "keys": keys.iter().map(|k| json!({
                        "token": k.token,
                        "serial": k.serial,
                        "label": k.label,
                        "id": hex(&k.id),
                        "keyid": k.public.id().to_string(),
                        "uri": k.uri.to_string(),
                    })).collect::<Vec<_>>(),
                }))?,
                OutputFormat::Human => {
                    if keys.is_empty() {
                        eprintln!("no Ed25519 keys on the tokens of {}", escape(&pkcs11_module.to_string_lossy()));
                    }
                    for k in &keys {
                        outln!("{}  {}", k.public.id(), escape(&k.uri.to_string()));
                    }
                }
            }
        }
    }
    Ok(Verdict::Ok)
}

/// `--pkcs11 URI`: the pair is made on the token; only PREFIX.pub is written.
fn generate_on_token(ctx: &Ctx, out: PathBuf, uri: &str, force: Force) -> anyhow::Result<()> {
    let KeySource::Pkcs11(uri) = KeySource::parse(uri)? else {
        return Err(attest_core::Error::Usage(format!("--pkcs11 {uri:?}: expected a pkcs11: URI")).into());
    };
    let pub_path = with_suffix(&out, ".pub");
    // Refuse an existing PREFIX.pub before touching the token.
    force.refuse_existing(pub_path.as_ref())?;
    let made = pkcs11::generate(&uri)?;
    write_atomic(pub_path.as_ref(), made.public.to_spki_pem().as_bytes(), force.overwrite(), None)?;
    let id = made.public.id().to_string();
    match ctx.output {
        OutputFormat::Json => print_json(&json!({
            "keyid": id,
            "publicKey": pub_path.to_string_lossy(),
            "pkcs11": made.uri.to_string(),
        }))?,
        OutputFormat::Human => {
            eprintln!(
                "generated on the token: {}\nwrote {} (the private key never leaves the token)",
                escape(&made.uri.to_string()),
                escape(&pub_path.to_string_lossy())
            );
            outln!("{id}");
        }
    }
    Ok(())
}

fn with_suffix(prefix: &std::path::Path, suffix: &str) -> OsString {
    let mut p = prefix.as_os_str().to_owned();
    p.push(suffix);
    p
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
