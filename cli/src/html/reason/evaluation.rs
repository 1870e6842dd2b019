//! Why an attestation or its evaluation failed (signatures, subjects,
//! provenance, policy rules: what step 7 re-evaluates), in the reader's
//! language.

use attest_core::dsse::SignatureStatus;
use attest_core::report::{KeyRole, Reason};

use super::v;
use crate::args::Lang;
use crate::html::markup::Html;
use crate::html::{detail, quoted};

/// `r` in `lang`, as markup, when it is one of this module's reasons.
pub(super) fn render(lang: Lang, r: &Reason) -> Option<Html> {
    use Reason as R;
    Some(match r {
        R::Signature(s) => signature(lang, s),
        R::BelowThreshold { signed, required } => {
            let (signed, required) = (v(signed), v(required));
            say!(
                lang,
                "below threshold: {signed} distinct trusted key(s) signed; {required} required",
                "ниже порога: подписали доверенных ключей — {signed}; требуется {required}",
                "低于门槛：{signed} 个不同的受信任密钥签名；需要 {required} 个"; signed, required
            )
        }
        R::SubjectMismatch { artefact, sha256, certified } => {
            let (artefact, sha256) = (v(artefact), v(sha256));
            match certified {
                true => say!(
                    lang,
                    "mismatch: {artefact} (sha256:{sha256}) is not a certified artefact",
                    "несовпадение: {artefact} (sha256:{sha256}) не является сертифицированным артефактом",
                    "不一致：{artefact}（sha256:{sha256}）不是认证制品"; artefact, sha256
                ),
                false => say!(
                    lang,
                    "mismatch: {artefact} (sha256:{sha256}) is not an artefact of the attestation",
                    "несовпадение: {artefact} (sha256:{sha256}) не является артефактом аттестации",
                    "不一致：{artefact}（sha256:{sha256}）不是该证明所涉制品"; artefact, sha256
                ),
            }
        }
        R::KeyRevoked { role, key, list, reason } => {
            let (key, list, why) = (v(key), v(list), quoted(lang, reason));
            let whose = Html::markup(match (role, lang) {
                (KeyRole::Issuer, Lang::En) => "the issuer's key",
                (KeyRole::Issuer, Lang::Ru) => "ключ выдавшего органа",
                (KeyRole::Issuer, Lang::Zh) => "签发机构的密钥",
                (KeyRole::AttestationSigner, Lang::En) => "the attestation's signing key",
                (KeyRole::AttestationSigner, Lang::Ru) => "ключ, которым подписана аттестация,",
                (KeyRole::AttestationSigner, Lang::Zh) => "证明的签名密钥",
                (_, Lang::En) => "the signing key",
                (_, Lang::Ru) => "ключ подписи",
                (_, Lang::Zh) => "签名密钥",
            });
            say!(
                lang,
                "revoked: {whose} {key} is revoked in {list}, reason: {why}",
                "отозван: {whose} {key} отозван в списке {list}, причина: {why}",
                "已撤销：{whose} {key} 已在 {list} 中撤销，理由：{why}"; whose, key, list, why
            )
        }
        R::NoSupplierKey => say!(
            lang,
            "untrusted signer: the trusted lists authorise no supplier key at this time",
            "подписант не доверенный: доверенные списки на этот момент не содержат ни одного действующего ключа \
             поставщика",
            "签名方不受信任：信任列表当前未授权任何供应商密钥"
        ),
        R::ProductNotApproved { refusal } | R::ProductRuleFailed { refusal } => super::product::refusal(lang, refusal),
        R::ComponentsBlocked { counts: c } => {
            let (total, blocked) = (v(c.total), v(c.blocked));
            say!(
                lang,
                "{blocked} of {total} component(s) blocked",
                "заблокированных компонентов: {blocked} из {total}",
                "{total} 个组件中有 {blocked} 个被阻止"; blocked, total
            )
        }
        R::PolicyRuleFailed { detail, .. } | R::PolicyRuleWarning { detail, .. } => detail::rule_detail(lang, detail),
        R::EvidenceNotInToto => say!(
            lang,
            "not an in-toto attestation; ignored",
            "не является аттестацией in-toto; не учитывается",
            "不是 in-toto 证明；已忽略"
        ),
        R::EvidenceUntrusted => say!(
            lang,
            "untrusted signer: signed by no authorised supplier key; ignored",
            "подписант не доверенный: не подписано ни одним действующим ключом поставщика; не учитывается",
            "签名方不受信任：没有任何已授权的供应商密钥签名；已忽略"
        ),
        _ => return None,
    })
}

/// A signature that does not count or does not verify.
fn signature(lang: Lang, s: &SignatureStatus) -> Html {
    match s {
        SignatureStatus::Invalid(key) => {
            let key = v(key);
            say!(
                lang,
                "signature invalid: the key {key} does not verify it (content changed or wrong key named)",
                "подпись недействительна: ключ {key} её не подтверждает (содержимое изменено или указан не тот ключ)",
                "签名无效：密钥 {key} 无法验证（内容已更改或所注密钥有误）"; key
            )
        }
        SignatureStatus::Duplicate(key) => {
            let key = v(key);
            say!(
                lang,
                "another signature by the key {key}, counted once",
                "ещё одна подпись ключом {key}, учитывается один раз",
                "密钥 {key} 的又一签名，只计一次"; key
            )
        }
        SignatureStatus::UntrustedKey(hint) => {
            let hint = v(hint);
            say!(
                lang,
                "untrusted signer: the key {hint} is not a trusted key",
                "подписант не доверенный: ключ {hint} не входит в доверенные",
                "签名方不受信任：密钥 {hint} 不是受信任的密钥"; hint
            )
        }
        SignatureStatus::NoTrustedKeyVerifies => say!(
            lang,
            "untrusted signer: no trusted key verifies it",
            "подписант не доверенный: ни один доверенный ключ её не подтверждает",
            "签名方不受信任：没有任何受信任的密钥能验证"
        ),
        SignatureStatus::Verified(key) => {
            let key = v(key);
            say!(
                lang,
                "verified by the trusted key {key}",
                "подтверждена доверенным ключом {key}",
                "已由受信任的密钥 {key} 验证"; key
            )
        }
    }
}
