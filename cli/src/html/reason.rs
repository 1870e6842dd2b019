//! Why a step failed or warned, in the reader's language, from the typed
//! [`Reason`] the report carries (docs/json-output.md, "Codes").
//!
//! Each reason is written from its values, never recognised in the English
//! detail: every value is escaped ([`text`]), and free text that a list's
//! governors or an issuer wrote (a revocation's reason, an accreditation) is
//! shown as written, between quotation marks ([`quoted`]). A reason this
//! version of the page does not know (the enum is non-exhaustive) is shown
//! as attest's English detail, so that nothing a check found is hidden.

use std::fmt::Display;

use attest_core::report::{Check, Reason, Step};
use attest_core::trust::Status;

use super::markup::{Html, html};
use super::{colon, detail, quoted, text};
use crate::args::Lang;

/// The sentence in the reader's language, its `{name}`s filled with the
/// [`Html`] values of those names (see [`html!`](super::markup::html)).
macro_rules! say {
    ($lang:expr, $en:literal, $ru:literal, $zh:literal $(; $($name:ident),*)?) => {
        $crate::html::markup::Html::fill(
            match $lang {
                Lang::En => $en,
                Lang::Ru => $ru,
                Lang::Zh => $zh,
            },
            &[$($((stringify!($name), &$name)),*)?],
        )
    };
}

mod evaluation;
mod lists;
mod product;
mod proof;

/// A value, escaped.
fn v(x: impl Display) -> Html {
    text(&x.to_string())
}

/// A list of values, escaped, joined in the reader's manner.
fn list(lang: Lang, xs: &[String]) -> Html {
    let sep = Html::markup(if lang == Lang::Zh { "、" } else { ", " });
    Html::join(xs.iter().map(|x| text(x)), &sep)
}

/// A trust-list entry's status in the reader's language.
fn status(lang: Lang, s: Status) -> Html {
    Html::markup(match (s, lang) {
        (Status::Granted, Lang::En) => "authorised",
        (Status::Granted, Lang::Ru) => "действует",
        (Status::Granted, Lang::Zh) => "有效",
        (Status::Suspended, Lang::En) => "suspended",
        (Status::Suspended, Lang::Ru) => "приостановлен",
        (Status::Suspended, Lang::Zh) => "已暂停",
        (Status::Withdrawn, Lang::En) => "withdrawn",
        (Status::Withdrawn, Lang::Ru) => "прекращён",
        (Status::Withdrawn, Lang::Zh) => "已撤回",
    })
}

/// A check's own name when it is not a step of the bundle's verification
/// (a failure of the verifier's own policy, step 7).
pub(super) fn inner_check_name(lang: Lang, c: &Check) -> Html {
    if c.step == Step::Policy {
        let rule = c.check.strip_prefix("policy: ").unwrap_or(&c.check);
        return detail::rule_name(lang, rule);
    }
    let [en, ru, zh] = match c.step {
        Step::Lists => ["Trust lists", "Доверенные списки", "信任列表"],
        Step::PayloadType => ["Payload type", "Тип содержимого", "载荷类型"],
        Step::Signature => ["Signature", "Подпись", "签名"],
        Step::Threshold => ["Signature threshold", "Порог подписей", "签名门槛"],
        Step::Statement => ["Statement", "Утверждение", "声明"],
        Step::Sbom => ["SBOM", "SBOM", "SBOM"],
        Step::Subject => ["Artefact", "Артефакт", "制品"],
        Step::UpstreamEvidence => ["Upstream evidence", "Доказательства поставщиков", "上游证据"],
        Step::Provenance => ["Provenance", "Происхождение", "来源"],
        _ => {
            let name = text(&c.check);
            return html!("<code>{name}</code>", name);
        }
    };
    Html::markup(match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Zh => zh,
    })
}

/// The detail of a check in the reader's language: its reason when it
/// failed or warned, else its (pass or skip) detail.
pub(super) fn check_detail(lang: Lang, c: &Check) -> Html {
    match &c.reason {
        Some(r) => reason(lang, r, &c.detail),
        None => detail::detail(lang, &c.detail),
    }
}

/// `r` in `lang`, as markup; `english` is the report's detail, shown for a
/// reason this page does not know.
pub(super) fn reason(lang: Lang, r: &Reason, english: &str) -> Html {
    lists::render(lang, r)
        .or_else(|| evaluation::render(lang, r))
        .or_else(|| bundle(lang, r))
        .or_else(|| proof::render(lang, r))
        // Reasons of `certify issue`, which never reach a verified page, and
        // any reason newer than this page.
        .unwrap_or_else(|| text(english))
}

/// The reasons of steps 2 to 7 of a bundle's verification.
fn bundle(lang: Lang, r: &Reason) -> Option<Html> {
    use Reason as R;
    Some(match r {
        R::NoAuthorityKeyVerifies { federation } => {
            let federation = v(federation);
            say!(
                lang,
                "issuer not recognised: no authority key of {federation} verifies the certificate",
                "выдавший орган не признан: ни один ключ органов из {federation} не подтверждает подпись сертификата",
                "签发机构未获认可：{federation} 中没有任何机构密钥能验证该证书"; federation
            )
        }
        R::IssuerMismatch { named, named_key, key, authority } => {
            let (named, named_key, key, authority) = (v(named), v(named_key), v(key), v(authority));
            say!(
                lang,
                "issuer not recognised: the certificate names {named} (key {named_key}), but key {key} of \
                 {authority} signed it",
                "выдавший орган не признан: в сертификате указан {named} (ключ {named_key}), но подписал его ключ \
                 {key} органа {authority}",
                "签发机构未获认可：证书写明 {named}（密钥 {named_key}），但签名的是 {authority} 的密钥 {key}"; named, named_key, key, authority
            )
        }
        R::JurisdictionMismatch { claimed, authority, actual } => {
            let (claimed, authority) = (v(claimed), v(authority));
            let actual = match actual {
                Some(a) => v(a),
                None => say!(lang, "no jurisdiction", "никакой юрисдикции", "无辖区"),
            };
            say!(
                lang,
                "issuer not recognised: the certificate claims jurisdiction {claimed}, but {authority} is of \
                 {actual}",
                "выдавший орган не признан: сертификат указывает юрисдикцию {claimed}, а {authority} относится к \
                 {actual}",
                "签发机构未获认可：证书声称辖区为 {claimed}，但 {authority} 属于 {actual}"; claimed, authority, actual
            )
        }
        R::NotGrantedAtIssue { authority, status: s, issued } => {
            let (authority, s, issued) = (v(authority), status(lang, *s), v(issued));
            say!(
                lang,
                "issuer not recognised: {authority} was {s} when the certificate was issued ({issued})",
                "выдавший орган не признан: на момент выдачи сертификата ({issued}) статус {authority} — «{s}»",
                "签发机构未获认可：证书签发时（{issued}）{authority} 的状态为「{s}」"; authority, s, issued
            )
        }
        R::WitnessedAfterChange { authority, status: s, since, certificate, witnessed } => {
            let (authority, s, since) = (v(authority), status(lang, *s), v(since));
            let (certificate, witnessed) = (v(certificate), v(witnessed));
            say!(
                lang,
                "issuer not recognised: {authority} was {s} on {since}, and certificate {certificate} was first \
                 witnessed at {witnessed}, after that",
                "выдавший орган не признан: с {since} статус {authority} — «{s}», а сертификат {certificate} \
                 впервые засвидетельствован позже, {witnessed}",
                "签发机构未获认可：{authority} 自 {since} 起状态为「{s}」，而证书 {certificate} 首次见证于其后的 \
                 {witnessed}"; authority, s, since, certificate, witnessed
            )
        }
        R::NotGrandfathered { authority, status: s, since, certificate } => {
            let (authority, s, since, certificate) = (v(authority), status(lang, *s), v(since), v(certificate));
            say!(
                lang,
                "issuer not recognised: {authority} was {s} on {since}, and {certificate} is not among the \
                 certificates kept valid then",
                "выдавший орган не признан: с {since} статус {authority} — «{s}», и сертификат {certificate} не \
                 входит в число сохранивших силу",
                "签发机构未获认可：{authority} 自 {since} 起状态为「{s}」，且 {certificate} 不在当时保留效力的证书之列"; authority, s, since, certificate
            )
        }
        R::AccreditationChanged { claimed, authority, now } => {
            let (claimed, authority) = (quoted(lang, claimed), v(authority));
            let now = match now {
                Some(n) => quoted(lang, n),
                None => say!(lang, "none", "никакой", "无"),
            };
            say!(
                lang,
                "the certificate states the accreditation {claimed}; {authority} now records {now}",
                "в сертификате указана аккредитация {claimed}; сейчас у {authority} записана {now}",
                "证书载明的认可资格为 {claimed}；{authority} 现记录为 {now}"; claimed, authority, now
            )
        }
        R::ClassNotCertified { authority, class } => {
            let (authority, class) = (v(authority), v(class));
            say!(
                lang,
                "issuer not recognised: {authority} may not certify the class {class}",
                "выдавший орган не признан: {authority} не вправе сертифицировать класс {class}",
                "签发机构未获认可：{authority} 无权认证类别 {class}"; authority, class
            )
        }
        R::ResultNotPassed { result } => {
            let result = v(result);
            say!(
                lang,
                "the evaluation result is {result}, not passed",
                "результат оценки — {result}, а не «пройдена»",
                "评估结果为 {result}，而非「通过」"; result
            )
        }
        R::RecognitionNotAsked { recognition, federation } => {
            let (asked, federation) = (list(lang, recognition), v(federation));
            say!(
                lang,
                "not recognised: the certificate asks for recognition in {asked}, not in {federation}",
                "не признан: сертификат предназначен для признания в {asked}, а не в {federation}",
                "未获认可：证书申请在 {asked} 中获得认可，而非在 {federation} 中"; asked, federation
            )
        }
        R::NotBeforeDiffers => say!(
            lang,
            "the start of validity differs from the time of issue",
            "начало срока действия не совпадает со временем выдачи",
            "有效期起始时间与签发时间不一致"
        ),
        R::IssuedAfter { issued, time } => {
            let (issued, time) = (v(issued), v(time));
            say!(
                lang,
                "issued at {issued}, after the time of verification {time}",
                "выдан {issued}, позже времени проверки {time}",
                "签发时间 {issued} 晚于验证时间 {time}"; issued, time
            )
        }
        R::NotValidAt { not_before, not_after, time } => {
            let (not_before, not_after, time) = (v(not_before), v(not_after), v(time));
            say!(
                lang,
                "not valid at the time of verification {time}: valid from {not_before} to {not_after}",
                "недействителен на момент проверки {time}: действует с {not_before} по {not_after}",
                "在验证时间 {time} 时无效：有效期自 {not_before} 至 {not_after}"; time, not_before, not_after
            )
        }
        R::ValidityTooLong { seconds, authority, max } => {
            let days = v(format!("{:.1}", *seconds as f64 / 86_400.0));
            let (authority, max) = (v(authority), v(max));
            say!(
                lang,
                "valid for {days} days, more than the {max} days {authority} may certify for",
                "срок действия {days} дн. превышает {max} дн., на которые вправе выдавать {authority}",
                "有效期 {days} 天，超过 {authority} 可认证的 {max} 天"; days, max, authority
            )
        }
        R::CertificateRevoked { certificate, list, reason } => {
            let (certificate, list, why) = (v(certificate), v(list), quoted(lang, reason));
            say!(
                lang,
                "revoked: certificate {certificate} is revoked in {list}, reason: {why}",
                "отозван: сертификат {certificate} отозван в списке {list}, причина: {why}",
                "已撤销：证书 {certificate} 已在 {list} 中撤销，理由：{why}"; certificate, list, why
            )
        }
        R::EquivalenceNotGrantedAtIssue { entry, from, to, status: s, issued } => {
            let (entry, from, to, s, issued) = (v(entry), v(from), v(to), status(lang, *s), v(issued));
            say!(
                lang,
                "class not accepted: the equivalence {entry} ({from} as {to}) was {s} when the certificate was \
                 issued ({issued})",
                "класс не принят: на момент выдачи сертификата ({issued}) статус эквивалентности {entry} ({from} \
                 как {to}) — «{s}»",
                "类别不予接受：证书签发时（{issued}）等效条目 {entry}（{from} 视同 {to}）的状态为「{s}」"; entry, from, to, s, issued
            )
        }
        R::EquivalenceNotGranted { entry, from, to, status: s, since, federation, sequence } => {
            let (entry, from, to, s) = (v(entry), v(from), v(to), status(lang, *s));
            let (federation, sequence) = (v(federation), v(sequence));
            let since = since.map(v).unwrap_or_else(|| text("—"));
            say!(
                lang,
                "class not accepted: the equivalence {entry} ({from} as {to}) is {s} since {since} in {federation} \
                 version {sequence}",
                "класс не принят: эквивалентность {entry} ({from} как {to}) с {since} имеет статус «{s}» в \
                 {federation}, версия {sequence}",
                "类别不予接受：在 {federation} 第 {sequence} 版中，等效条目 {entry}（{from} 视同 {to}）自 {since} \
                 起状态为「{s}」"; entry, from, to, s, since, federation, sequence
            )
        }
        R::EquivalenceReversed { entry, reverse_from, from, federation, jurisdiction, accepted } => {
            let (entry, reverse_from, from) = (v(entry), v(reverse_from), v(from));
            let (federation, jurisdiction, accepted) = (v(federation), v(jurisdiction), list(lang, accepted));
            say!(
                lang,
                "class not accepted: the equivalence {entry} maps {reverse_from} to {from}, the other direction; \
                 nothing in {federation} maps {from} to a class of {jurisdiction} you accept ({accepted})",
                "класс не принят: эквивалентность {entry} приравнивает {reverse_from} к {from}, то есть в обратную \
                 сторону; в {federation} нет ничего, что приравнивало бы {from} к принимаемому вами классу \
                 {jurisdiction} ({accepted})",
                "类别不予接受：等效条目 {entry} 将 {reverse_from} 视同 {from}，方向相反；{federation} 中没有将 \
                 {from} 视同您所接受的 {jurisdiction} 类别（{accepted}）的条目"; entry, reverse_from, from, federation, jurisdiction, accepted
            )
        }
        R::ClassNotAccepted { from, accepted, federation, jurisdiction } => {
            let (from, accepted, federation, jurisdiction) =
                (v(from), list(lang, accepted), v(federation), v(jurisdiction));
            say!(
                lang,
                "class not accepted: {from} is not a class you accept ({accepted}), and no equivalence of \
                 {federation} maps it to one of {jurisdiction}",
                "класс не принят: {from} не входит в принимаемые вами классы ({accepted}), и ни одна \
                 эквивалентность {federation} не приравнивает его к классу {jurisdiction}",
                "类别不予接受：{from} 不是您接受的类别（{accepted}），{federation} 中也没有将其视同 {jurisdiction} \
                 类别的等效条目"; from, accepted, federation, jurisdiction
            )
        }
        R::RenewsOtherAuthority { certificate, old, old_authority, authority } => {
            let (certificate, old, old_authority, authority) = (v(certificate), v(old), v(old_authority), v(authority));
            say!(
                lang,
                "{certificate} claims to renew {old}, a certificate of {old_authority}, not of {authority}",
                "{certificate} заявлен как продление {old}, но тот выдан {old_authority}, а не {authority}",
                "{certificate} 声称续期 {old}，但后者由 {old_authority} 而非 {authority} 签发"; certificate, old, old_authority, authority
            )
        }
        R::RenewsLater { certificate, issued, old, old_issued } => {
            let (certificate, issued, old, old_issued) = (v(certificate), v(issued), v(old), v(old_issued));
            say!(
                lang,
                "{certificate} (issued {issued}) claims to renew {old}, which was issued later ({old_issued})",
                "{certificate} (выдан {issued}) заявлен как продление {old}, выданного позже ({old_issued})",
                "{certificate}（签发于 {issued}）声称续期签发更晚的 {old}（{old_issued}）"; certificate, issued, old, old_issued
            )
        }
        R::Superseded { by, issued } => {
            let (by, issued) = (v(by), v(issued));
            say!(
                lang,
                "superseded: {by} (issued {issued}) renews this certificate; rely on the newer one",
                "заменён: {by} (выдан {issued}) продлевает этот сертификат; опирайтесь на более новый",
                "已被取代：{by}（签发于 {issued}）续期了本证书；请以较新的证书为准"; by, issued
            )
        }
        R::NoNationalList { federation, jurisdiction } => {
            let (federation, jurisdiction) = (v(federation), v(jurisdiction));
            say!(
                lang,
                "revocation status unknown: {federation} recognises no national list of {jurisdiction}",
                "статус отзыва неизвестен: {federation} не признаёт ни одного национального списка {jurisdiction}",
                "撤销状态未知：{federation} 未认可 {jurisdiction} 的任何国家列表"; federation, jurisdiction
            )
        }
        R::NationalListExpired { list, sequence, next_update } => {
            let (list, sequence, next_update) = (v(list), v(sequence), v(next_update));
            say!(
                lang,
                "revocation status unknown: the newest {list} (version {sequence}) expired at {next_update}",
                "статус отзыва неизвестен: новейшая версия {list} (№ {sequence}) истекла {next_update}",
                "撤销状态未知：{list} 的最新版本（第 {sequence} 版）已于 {next_update} 过期"; list, sequence, next_update
            )
        }
        R::NationalListAbsent { list } => {
            let list = v(list);
            say!(
                lang,
                "revocation status unknown: no verified version of {list} was presented",
                "статус отзыва неизвестен: проверенная версия {list} не предъявлена",
                "撤销状态未知：未提供经验证的 {list} 版本"; list
            )
        }
        R::AttestationDigestMismatch { actual, certified } => {
            let (actual, certified) = (v(actual), v(certified));
            say!(
                lang,
                "digest mismatch: the attestation is {actual}, the certificate was issued on {certified}",
                "несовпадение хеша: аттестация — {actual}, а сертификат выдан на {certified}",
                "摘要不一致：证明为 {actual}，而证书签发所依据的是 {certified}"; actual, certified
            )
        }
        R::SubjectsDiffer => say!(
            lang,
            "mismatch: the attestation's artefacts differ from the certificate's",
            "несовпадение: артефакты аттестации отличаются от артефактов сертификата",
            "不一致：证明所涉制品与证书所列不同"
        ),
        R::ArtefactRevoked { artefact, list, reason } => {
            let (artefact, list, why) = (v(artefact), v(list), quoted(lang, reason));
            say!(
                lang,
                "revoked: the artefact {artefact} is revoked in {list}, reason: {why}",
                "отозван: артефакт {artefact} отозван в списке {list}, причина: {why}",
                "已撤销：制品 {artefact} 已在 {list} 中撤销，理由：{why}"; artefact, list, why
            )
        }
        R::NoTrustedAttestationSigner => say!(
            lang,
            "untrusted signer: no signature on the attestation verifies with a key of the trusted lists",
            "подписант не доверенный: ни одна подпись аттестации не подтверждается ключом из доверенных списков",
            "签名方不受信任：证明上没有任何签名能用信任列表中的密钥验证"
        ),
        R::PolicyDigestMismatch { actual, certified } => {
            let (actual, certified) = (v(actual), v(certified));
            say!(
                lang,
                "digest mismatch: the policy is {actual}, the certificate names {certified}",
                "несовпадение хеша: политика — {actual}, а в сертификате указана {certified}",
                "摘要不一致：策略为 {actual}，而证书写明的是 {certified}"; actual, certified
            )
        }
        R::ListNotInBundle { list, sequence, digest } => {
            let (list, sequence, digest) = (v(list), v(sequence), v(digest));
            say!(
                lang,
                "digest mismatch: {list} version {sequence} ({digest}) is not in the bundle",
                "несовпадение хеша: {list}, версия {sequence} ({digest}), отсутствует в пакете",
                "摘要不一致：证书包中没有 {list} 第 {sequence} 版（{digest}）"; list, sequence, digest
            )
        }
        R::OwnPolicyFailed { policy, failures } => {
            let policy = v(policy);
            let sep = Html::markup(if lang == Lang::Zh { "；" } else { "; " });
            let items = failures.iter().map(|c| {
                let (name, colon, detail) = (inner_check_name(lang, c), colon(lang), check_detail(lang, c));
                html!("{name}{colon}{detail}", name, colon, detail)
            });
            let items = Html::join(items, &sep);
            say!(
                lang,
                "failed under {policy}: {items}",
                "не пройдена по политике {policy}: {items}",
                "依据 {policy} 未通过：{items}"; policy, items
            )
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use attest_core::keys::KeyId;
    use attest_core::report::KeyRole;

    use super::*;

    #[test]
    fn values_are_escaped_and_free_text_is_quoted() {
        let r = Reason::CertificateRevoked {
            certificate: "<b>C</b>".into(),
            list: "kz".into(),
            reason: "key \"lost\"".into(),
        };
        let ru = reason(Lang::Ru, &r, &r.to_string());
        assert!(ru.starts_with("отозван: сертификат &lt;b&gt;C&lt;/b&gt; отозван в списке kz"), "{ru}");
        assert!(ru.contains("\u{ab}key &quot;lost&quot;\u{bb}"), "{ru}");
        assert!(!ru.contains("<b>"));
    }

    #[test]
    fn a_list_carried_in_a_bundle_is_named_for_people() {
        let r = Reason::Rollback { source: "b.json (trustLists[0])".into(), sequence: 1, trusted: 2, rejected: true };
        assert!(reason(Lang::En, &r, "").contains("list 1 carried in b.json is version 1"));
        assert!(reason(Lang::Zh, &r, "").contains("b.json 所附第 1 个列表"));
        let r = Reason::Rollback { source: "x (trustLists[y])".into(), sequence: 1, trusted: 2, rejected: true };
        assert!(reason(Lang::Ru, &r, "").contains("x (trustLists[y])"), "an odd source is shown as written");
    }

    #[test]
    fn the_failed_checks_of_the_own_policy_are_named_and_translated_each() {
        let mut own = attest_core::report::Report::new("own");
        own.fail(
            Step::Policy,
            "policy: components.blocked",
            Reason::PolicyRuleFailed {
                rule: "components.blocked".into(),
                detail: "1 component(s) blocked: a@1".into(),
            },
        );
        own.fail(
            Step::Signature,
            "attestation: revoked signer",
            Reason::KeyRevoked {
                role: KeyRole::Signing,
                key: KeyId(attest_core::digest::Sha256Digest([7; 32])),
                list: "kz".into(),
                reason: "x".into(),
            },
        );
        let r = Reason::OwnPolicyFailed { policy: "uz-2026".into(), failures: own.checks };
        let zh = reason(Lang::Zh, &r, &r.to_string());
        assert!(
            zh.starts_with("依据 uz-2026 未通过：被阻止的组件：被阻止的组件 1 个：a@1；签名：已撤销：签名密钥 "),
            "{zh}"
        );
    }
}
