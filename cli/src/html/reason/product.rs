//! Why the product is not approved (the provenance product rule), in the
//! reader's language, from the typed refusal.

use attest_core::provenance::{KeyFinding, ProductRefusal, Revocation, Revoked};

use super::v;
use crate::args::Lang;
use crate::html::markup::Html;
use crate::html::quoted;

/// `r` in `lang`, as markup.
pub(super) fn refusal(lang: Lang, r: &ProductRefusal) -> Html {
    use ProductRefusal as P;
    match r {
        P::NoProduct => say!(
            lang,
            "the product is not approved: the SBOM names no product",
            "продукт не одобрен: SBOM не называет продукт",
            "产品未获核准：SBOM 未指明产品"
        ),
        P::Revoked { product, revocation } => {
            let (product, revocation) = (v(product), revoked(lang, revocation));
            say!(
                lang,
                "the product is not approved: {product} is {revocation}",
                "продукт не одобрен: {product} {revocation}",
                "产品未获核准：{product} {revocation}"; product, revocation
            )
        }
        P::NoPurl { product } => {
            let product = v(product);
            say!(
                lang,
                "the product is not approved: {product} has no package URL, so no supplier's scope can cover it",
                "продукт не одобрен: у {product} нет идентификатора пакета, поэтому его не покрывает \
                 область ни одного поставщика",
                "产品未获核准：{product} 没有软件包标识，因此任何供应商的范围都无法涵盖它"; product
            )
        }
        P::NoSigner => say!(
            lang,
            "the product is not approved: no key verified the attestation",
            "продукт не одобрен: ни один ключ не подтвердил подпись аттестации",
            "产品未获核准：没有任何密钥验证该证明"
        ),
        P::NotVouched(findings) => {
            let sep = Html::markup(if lang == Lang::Zh { "；" } else { "; " });
            let findings = Html::join(findings.iter().map(|f| finding(lang, f)), &sep);
            say!(
                lang,
                "the product is not approved: {findings}",
                "продукт не одобрен: {findings}",
                "产品未获核准：{findings}"; findings
            )
        }
        // A refusal this version of the page does not know: attest's words.
        other => crate::html::text(&other.to_string()),
    }
}

/// What one key that signed could not do for the product.
fn finding(lang: Lang, f: &KeyFinding) -> Html {
    match f {
        KeyFinding::KeyRevoked { key, list, reason } => {
            let (key, list, why) = (v(key), v(list), quoted(lang, reason));
            say!(
                lang,
                "key {key} is revoked in {list}, reason: {why}",
                "ключ {key} отозван в списке {list}, причина: {why}",
                "密钥 {key} 已在 {list} 中撤销，理由：{why}"; key, list, why
            )
        }
        KeyFinding::NotASupplier { key } => {
            let key = v(key);
            say!(
                lang,
                "key {key} is no granted supplier's",
                "ключ {key} не принадлежит ни одному допущенному поставщику",
                "密钥 {key} 不属于任何已授权供应商"; key
            )
        }
        KeyFinding::OutOfScope { supplier, scopes, pins_differ, product } => {
            let (supplier, scopes, product) = (v(supplier), v(scopes), v(product));
            match pins_differ {
                false => say!(
                    lang,
                    "out of scope: supplier {supplier} covers {scopes}, not {product}",
                    "вне области: поставщик {supplier} охватывает {scopes}, но не {product}",
                    "超出范围：供应商 {supplier} 涵盖 {scopes}，不含 {product}"; supplier, scopes, product
                ),
                true => say!(
                    lang,
                    "out of scope: supplier {supplier} covers {scopes}, and its pinned digests differ from those of \
                     {product}",
                    "вне области: поставщик {supplier} охватывает {scopes}, но закреплённые им хеши отличаются от \
                     хешей {product}",
                    "超出范围：供应商 {supplier} 涵盖 {scopes}，但其固定的摘要与 {product} 的不同"; supplier, scopes, product
                ),
            }
        }
        other => crate::html::text(&other.to_string()),
    }
}

/// A revocation of the product: by whom, why (as written) and what it names.
fn revoked(lang: Lang, r: &Revocation) -> Html {
    let (list, why) = (v(&r.list), quoted(lang, &r.reason));
    match &r.item {
        Revoked::Component(purl) => {
            let purl = v(purl);
            say!(
                lang,
                "revoked in {list} ({purl}), reason: {why}",
                "отозван в списке {list} ({purl}), причина: {why}",
                "已在 {list} 中撤销（{purl}），理由：{why}"; list, purl, why
            )
        }
        Revoked::Artefact(hash) => {
            let hash = v(hash);
            say!(
                lang,
                "revoked in {list} (the artefact {hash}), reason: {why}",
                "отозван в списке {list} (артефакт {hash}), причина: {why}",
                "已在 {list} 中撤销（制品 {hash}），理由：{why}"; list, hash, why
            )
        }
    }
}
