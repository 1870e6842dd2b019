//! `attest key generate` and `attest key id`.

use attest_core::fsio::{Overwrite, write_atomic};
use attest_core::keys::{PrivateKey, load_any_public};
use serde_json::json;

use crate::args::{KeyCommand, OutputFormat};
use crate::commands::passphrase;
use crate::output::{escape, print_json};
use crate::{Ctx, Verdict};

pub fn run(ctx: &Ctx, cmd: KeyCommand) -> anyhow::Result<Verdict> {
    match cmd {
        KeyCommand::Generate { out, passphrase_env, force } => {
            let pass = passphrase(passphrase_env.as_deref())?;
            let key = PrivateKey::generate()?;
            let mut priv_path = out.clone().into_os_string();
            priv_path.push(".key");
            let mut pub_path = out.into_os_string();
            pub_path.push(".pub");
            let mode = if force { Overwrite::Replace } else { Overwrite::Refuse };
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
        KeyCommand::Id { file, passphrase_env } => {
            let pass = passphrase(passphrase_env.as_deref())?;
            let key = load_any_public(&file, pass.as_ref().map(|p| p.as_bytes()))?;
            match ctx.output {
                OutputFormat::Json => print_json(&json!({ "keyid": key.id().to_string() }))?,
                OutputFormat::Human => outln!("{}", key.id()),
            }
        }
    }
    Ok(Verdict::Ok)
}
