//! What passed, on the certificate page, in the reader's language: the
//! details of passed and skipped steps and of the policy's rules.
//!
//! A failure or warning is written from its typed reason (see
//! [`super::reason`]); a pass has no reason, and attest's report writes its
//! detail in English from a fixed template with values put in (names,
//! sequence numbers, times, digests). Here those templates are recognised and
//! written again in the reader's language — English too, because the
//! report's wording is for the terminal and some of it (`trustLists[0]`,
//! `--subject`) means nothing to a regulator. The values are carried over
//! unchanged, each escaped. A detail that no template matches is shown as the
//! report wrote it, so a translation can never change or hide what a check
//! found.

use super::markup::{Html, html};
use super::text;
use crate::args::Lang;

/// `[pattern, English, Russian, Chinese]`. In the pattern each `{}` is a
/// value; in a translation `{N}` puts the N-th value (from 0), `{N+}` the
/// N-th value plus one (a position counted from 0 in the document, from 1
/// for people), `{Ni}` a list of offending components (see [`offenders`]),
/// `{Nu}` a list of unmet profile requirements (see [`unmet`]).
type Template = [&'static str; 4];

/// The details of the offline verification steps (docs/formats.md §10).
const DETAILS: &[Template] = &[
    // 1. Trust lists.
    [
        "{} ({}, {}) sequence {}, governance {}",
        "{0} ({1}), version {3}, read from {2}; governance digest {4}",
        "{0} ({1}), версия {3}, прочитан из {2}; хеш правил управления {4}",
        "{0}（{1}），第 {3} 版，读取自 {2}；治理摘要 {4}",
    ],
    [
        "{} (trustLists[{}]): the trusted version itself",
        "list {1+} carried in {0}: the very version trusted",
        "список № {1+} в пакете {0}: та самая доверенная версия",
        "{0} 所附第 {1+} 个列表：即受信任的版本本身",
    ],
    [
        "{} (trustLists[{}]): signed by {} of {} required governors",
        "list {1+} carried in {0}: signed by {2} of the {3} governors required",
        "список № {1+} в пакете {0}: подписан {2} из {3} требуемых руководителей",
        "{0} 所附第 {1+} 个列表：已由所需 {3} 名管理方中的 {2} 名签名",
    ],
    [
        "{}: the trusted version itself",
        "{0}: the very version trusted",
        "{0}: та самая доверенная версия",
        "{0}：即受信任的版本本身",
    ],
    [
        "{}: signed by {} of {} required governors",
        "{0}: signed by {1} of the {2} governors required",
        "{0}: подписан {1} из {2} требуемых руководителей",
        "{0}：已由所需 {2} 名管理方中的 {1} 名签名",
    ],
    [
        "{} (trustLists[{}]): rotation accepted: threshold of the old ({}) and of the new governance ({})",
        "list {1+} carried in {0}: new governors accepted, signed by enough of the old ({2}) and of the new ({3})",
        "список № {1+} в пакете {0}: смена руководителей принята, подписей достаточно и прежних ({2}), и новых ({3})",
        "{0} 所附第 {1+} 个列表：管理方轮换获准，原管理方（{2}）与新管理方（{3}）签名均足够",
    ],
    [
        "{}: rotation accepted: threshold of the old ({}) and of the new governance ({})",
        "{0}: new governors accepted, signed by enough of the old ({1}) and of the new ({2})",
        "{0}: смена руководителей принята, подписей достаточно и прежних ({1}), и новых ({2})",
        "{0}：管理方轮换获准，原管理方（{1}）与新管理方（{2}）签名均足够",
    ],
    [
        "newest version seen before: sequence {} ({})",
        "version {0} was the newest seen before ({1})",
        "ранее новейшей была версия {0} ({1})",
        "此前见过的最新版本为第 {0} 版（{1}）",
    ],
    [
        "sequence {} valid until {}",
        "version {0}, valid until {1}",
        "версия {0}, действует до {1}",
        "第 {0} 版，有效期至 {1}",
    ],
    [
        "recognised by entry {} of {}, sequence {}",
        "recognised by the entry {0} of {1}, version {2}",
        "признан записью {0} списка {1}, версия {2}",
        "已由 {1} 第 {2} 版中的条目 {0} 认可",
    ],
    // 2. Issuer.
    [
        "{} was granted when the certificate was issued ({})",
        "{0} was authorised when the certificate was issued ({1})",
        "{0} имел полномочия на момент выдачи сертификата ({1})",
        "证书签发时（{1}）{0} 已获授权",
    ],
    // 3. Certificate.
    [
        "{} class {}, valid {} .. {}",
        "{0}, class {1}, valid from {2} to {3}",
        "{0}, класс {1}, действителен с {2} по {3}",
        "{0}，类别 {1}，有效期自 {2} 至 {3}",
    ],
    [
        "class {} is one you accept ({})",
        "class {0} is one you accept ({1})",
        "класс {0} входит в принимаемые вами ({1})",
        "类别 {0} 属于您接受的类别（{1}）",
    ],
    [
        "class {} accepted as {} through equivalence {} of {} sequence {}",
        "class {0} accepted as {1} through the equivalence {2} of {3}, version {4}",
        "класс {0} принят как {1} через эквивалентность {2} списка {3}, версия {4}",
        "类别 {0} 经 {3} 第 {4} 版中的等效条目 {2} 视同 {1} 予以接受",
    ],
    // 4. Revocation freshness.
    [
        "{} sequence {} is current (until {})",
        "{0} version {1} is current (until {2})",
        "{0}, версия {1}, актуален (до {2})",
        "{0} 第 {1} 版为现行版本（至 {2}）",
    ],
    // 5. Evidence.
    [
        "attestation {}, policy {} and every list match the certificate",
        "the attestation ({0}), the policy {1} and every trust list match the certificate",
        "аттестация ({0}), политика {1} и все доверенные списки соответствуют сертификату",
        "证明（{0}）、策略 {1} 及所有信任列表均与证书一致",
    ],
    // 6. Artefacts.
    [
        "no --subject given",
        "no artefact was presented for comparison",
        "артефакты для сверки не предъявлялись",
        "未提供用于比对的制品",
    ],
    [
        "{} matches subject \"{}\"",
        "{0} matches the certified artefact {1}",
        "{0} совпадает с сертифицированным артефактом {1}",
        "{0} 与认证制品 {1} 一致",
    ],
    // 7. Own policy.
    [
        "no --policy given",
        "the verifier's own policy was not applied",
        "собственная политика проверяющего не применялась",
        "未适用验证方本方策略",
    ],
    ["PASSED under {} as well", "also passed under {0}", "пройдена также по политике {0}", "依据 {0} 亦通过"],
    // 8. Transparency.
    [
        "the bundle carries a proof, not checked: {} declares no transparency rule",
        "the bundle carries a proof of logging, not checked: {0} sets no transparency requirement",
        "пакет содержит доказательство записи в журнал, оно не проверялось: {0} не устанавливает требований \
         прозрачности",
        "证书包附有记入日志的证明，未予核查：{0} 未规定透明性要求",
    ],
    [
        "{} declares no transparency rule",
        "{0} sets no transparency requirement",
        "{0} не устанавливает требований прозрачности",
        "{0} 未规定透明性要求",
    ],
    [
        "logged at index {} of {} (size {}), witnessed by {}, at {}",
        "logged as entry {0} of {1} (of {2}), witnessed by {3} at {4}",
        "запись № {0} в журнале {1} (из {2}), засвидетельствована {3} в {4}",
        "记入 {1} 第 {0} 条（共 {2} 条），由 {3} 于 {4} 见证",
    ],
];

/// The details of the policy's rules in the certificate's assessment
/// (docs/formats.md, the `assessment` of a v2 certificate).
const RULE_DETAILS: &[Template] = &[
    [
        "signed by supplier {} (key {}), whose scope {} covers the product {}",
        "signed by the supplier {0} (key {1}), whose approved scope {2} covers the product {3}",
        "подписан поставщиком {0} (ключ {1}), утверждённая область которого {2} охватывает продукт {3}",
        "由供应商 {0} 签名（密钥 {1}），其核准范围 {2} 涵盖产品 {3}",
    ],
    ["specVersion {}", "CycloneDX version {0}", "версия CycloneDX {0}", "CycloneDX 版本 {0}"],
    ["the SBOM meets {}", "the SBOM meets {0}", "SBOM соответствует {0}", "SBOM 符合 {0}"],
    [
        "all {} component(s) comply",
        "all {0} component(s) comply",
        "все компоненты ({0}) соответствуют",
        "全部 {0} 个组件均符合",
    ],
    [
        "the policy does not require purls",
        "the policy does not require package identifiers",
        "политика не требует идентификаторов пакетов",
        "策略不要求软件包标识",
    ],
    [
        "the SBOM is {} day(s) old; at most {} allowed",
        "the SBOM is {0} day(s) old; at most {1} allowed",
        "возраст SBOM — {0} дн.; допускается не более {1}",
        "SBOM 已生成 {0} 天；最多允许 {1} 天",
    ],
    [
        "{} supplier signature(s); at least {} required",
        "{0} supplier signature(s); at least {1} required",
        "подписей поставщика: {0}; требуется не менее {1}",
        "供应商签名 {0} 个；至少需要 {1} 个",
    ],
    [
        "none of {} component(s) is blocked",
        "none of the {0} component(s) is blocked",
        "ни один из компонентов ({0}) не заблокирован",
        "{0} 个组件均未被阻止",
    ],
    [
        "no component of unknown provenance",
        "no component of unknown provenance",
        "компонентов неизвестного происхождения нет",
        "没有来源不明的组件",
    ],
    [
        "{} component(s) of unknown provenance; at most {} allowed",
        "{0} component(s) of unknown provenance; at most {1} allowed",
        "компонентов неизвестного происхождения: {0}; допускается не более {1}",
        "来源不明的组件 {0} 个；最多允许 {1} 个",
    ],
    [
        "{} component(s) of unknown provenance, within {} allowed",
        "{0} component(s) of unknown provenance, within the {1} allowed",
        "компонентов неизвестного происхождения: {0}, в пределах допустимых {1}",
        "来源不明的组件 {0} 个，未超过允许的 {1} 个",
    ],
    [
        "{} component(s) of unknown provenance, allowed by the policy",
        "{0} component(s) of unknown provenance, allowed by the policy",
        "компонентов неизвестного происхождения: {0}, политика это допускает",
        "来源不明的组件 {0} 个，策略允许",
    ],
    [
        "{} component(s) of unknown provenance: {}",
        "{0} component(s) of unknown provenance: {1}",
        "компонентов неизвестного происхождения: {0}: {1}",
        "来源不明的组件 {0} 个：{1}",
    ],
    [
        "none of {} component(s) nor the product carries a denied licence",
        "neither the product nor any of its {0} component(s) carries a denied licence",
        "ни продукт, ни его компоненты ({0}) не имеют запрещённых лицензий",
        "产品及其 {0} 个组件均无禁用许可证",
    ],
    [
        "no denied licence found, but {} of {} component(s) and the product have no licence data and could not be \
         judged (set requireLicense to fail them): {}",
        "no denied licence found, but {0} of {1} component(s) and the product state no licence and could not be \
         judged (the policy does not require a licence): {2}",
        "запрещённых лицензий не найдено, но у {0} из {1} компонентов и у продукта лицензия не указана, и их нельзя \
         было оценить (политика не требует указывать лицензию): {2}",
        "未发现禁用许可证，但 {1} 个组件中的 {0} 个及产品本身未注明许可证，无法判定（策略不要求注明许可证）：{2}",
    ],
    [
        "no denied licence found, but {} of {} component(s) have no licence data and could not be judged (set \
         requireLicense to fail them): {}",
        "no denied licence found, but {0} of {1} component(s) state no licence and could not be judged (the policy \
         does not require a licence): {2}",
        "запрещённых лицензий не найдено, но у {0} из {1} компонентов лицензия не указана, и их нельзя было оценить \
         (политика не требует указывать лицензию): {2}",
        "未发现禁用许可证，但 {1} 个组件中的 {0} 个未注明许可证，无法判定（策略不要求注明许可证）：{2}",
    ],
    [
        "no denied licence found, but the product has no licence data and could not be judged (set requireLicense \
         to fail them): {}",
        "no denied licence found, but the product states no licence and could not be judged (the policy does not \
         require a licence): {0}",
        "запрещённых лицензий не найдено, но у продукта лицензия не указана, и его нельзя было оценить (политика не \
         требует указывать лицензию): {0}",
        "未发现禁用许可证，但产品本身未注明许可证，无法判定（策略不要求注明许可证）：{0}",
    ],
    [
        "all {} component(s) and the product state a licence",
        "the product and all its {0} component(s) state a licence",
        "продукт и все его компоненты ({0}) указывают лицензию",
        "产品及其全部 {0} 个组件均注明了许可证",
    ],
    [
        "the policy does not require licences",
        "the policy does not require licences",
        "политика не требует указывать лицензии",
        "策略不要求注明许可证",
    ],
    ["not set by the policy", "not set by the policy", "политикой не задано", "策略未设定"],
    // Failures, as step 7 reports them under the verifier's own policy.
    [
        "metadata.timestamp {} is later than the evaluation time {}",
        "the SBOM is dated {0}, later than the time of evaluation {1}",
        "SBOM датирован {0}, позже времени оценки {1}",
        "SBOM 日期为 {0}，晚于评估时间 {1}",
    ],
    [
        "the SBOM is {} day(s) old (made {}); at most {} allowed",
        "the SBOM is {0} day(s) old (made {1}); at most {2} allowed",
        "возраст SBOM — {0} дн. (составлен {1}); допускается не более {2}",
        "SBOM 已生成 {0} 天（生成于 {1}）；最多允许 {2} 天",
    ],
    [
        "specVersion {} is not one of {}",
        "CycloneDX version {0} is not one of {1}",
        "версия CycloneDX {0} не входит в число {1}",
        "CycloneDX 版本 {0} 不在 {1} 之列",
    ],
    [
        "{} component(s) blocked: {}",
        "{0} component(s) blocked: {1}",
        "заблокированных компонентов: {0}: {1}",
        "被阻止的组件 {0} 个：{1}",
    ],
    [
        "{} component(s) of unknown provenance; the policy denies them (at most {}): {}",
        "{0} component(s) of unknown provenance; the policy denies them (at most {1}): {2}",
        "компонентов неизвестного происхождения: {0}; политика их не допускает (не более {1}): {2}",
        "来源不明的组件 {0} 个；策略不允许（最多 {1} 个）：{2}",
    ],
    [
        "the SBOM has no specVersion",
        "the SBOM states no CycloneDX version",
        "SBOM не указывает версию CycloneDX",
        "SBOM 未注明 CycloneDX 版本",
    ],
    [
        "{} requirement(s) unmet: {}",
        "{0} requirement(s) of the profiles unmet: {1u}",
        "не выполнено требований профилей: {0}: {1u}",
        "未满足的规范要求 {0} 项：{1u}",
    ],
    [
        "the components cannot be read: {}",
        "the components cannot be read: {0}",
        "компоненты не читаются (сообщение attest): {0}",
        "无法读取组件（attest 的说明）：{0}",
    ],
    [
        "{} component(s) lack a required hash: {}",
        "{0} component(s) lack a required hash: {1i}",
        "компонентов без требуемого хеша: {0}: {1i}",
        "缺少所需哈希值的组件 {0} 个：{1i}",
    ],
    [
        "{} component(s) that are not files have no purl: {}",
        "{0} component(s) other than files have no package identifier: {1}",
        "компонентов (кроме файлов) без идентификатора пакета: {0}: {1}",
        "缺少软件包标识的组件（文件除外）{0} 个：{1}",
    ],
    [
        "the SBOM has no metadata.timestamp, so its age is unknown",
        "the SBOM states no time of creation, so its age is unknown",
        "SBOM не указывает время составления, поэтому его возраст неизвестен",
        "SBOM 未注明生成时间，因此无法确定其时效",
    ],
    [
        "metadata.timestamp {} is not an RFC 3339 time: {}",
        "the SBOM's time of creation {0} is not an RFC 3339 time: {1}",
        "время составления SBOM {0} не является временем RFC 3339: {1}",
        "SBOM 的生成时间 {0} 不是 RFC 3339 时间：{1}",
    ],
    [
        "{} component(s) carry a denied licence: {}",
        "{0} component(s) carry a denied licence: {1i}",
        "компонентов с запрещённой лицензией: {0}: {1i}",
        "带有禁用许可证的组件 {0} 个：{1i}",
    ],
    [
        "the product has no licence data: {}",
        "the product states no licence: {0}",
        "продукт не указывает лицензию: {0}",
        "产品未注明许可证：{0}",
    ],
    [
        "{} of {} component(s) and the product have no licence data: {}",
        "{0} of {1} component(s) and the product state no licence: {2}",
        "лицензию не указывают {0} из {1} компонентов и продукт: {2}",
        "{1} 个组件中的 {0} 个及产品本身未注明许可证：{2}",
    ],
    [
        "{} of {} component(s) have no licence data: {}",
        "{0} of {1} component(s) state no licence: {2}",
        "лицензию не указывают {0} из {1} компонентов: {2}",
        "{1} 个组件中的 {0} 个未注明许可证：{2}",
    ],
    [
        "class {}, validity {} day(s): applied when a certificate is issued",
        "class {0}, validity {1} day(s): applied when the certificate was issued",
        "класс {0}, срок действия {1} дн.: применяется при выдаче сертификата",
        "类别 {0}，有效期 {1} 天：于签发证书时适用",
    ],
];

/// The policy's rules (docs/formats.md, policy) by what they judge, so that
/// the page shows no field paths of the policy document.
const RULE_NAMES: &[(&str, [&str; 3])] = &[
    ("product", ["Product and its supplier", "Продукт и его поставщик", "产品及其供应商"]),
    ("sbom.specVersions", ["SBOM format version", "Версия формата SBOM", "SBOM 格式版本"]),
    ("sbom.requireHashes", ["Component hashes", "Хеши компонентов", "组件哈希值"]),
    ("sbom.requirePurl", ["Package identifiers", "Идентификаторы пакетов", "软件包标识"]),
    ("sbom.maxAgeDays", ["Age of the SBOM", "Возраст SBOM", "SBOM 时效"]),
    ("sbom.profiles", ["SBOM profiles", "Профили SBOM", "SBOM 规范"]),
    ("signatures.minSupplierSignatures", ["Supplier signatures", "Подписи поставщика", "供应商签名"]),
    ("components.blocked", ["Blocked components", "Заблокированные компоненты", "被阻止的组件"]),
    (
        "components.unknown",
        ["Components of unknown provenance", "Компоненты неизвестного происхождения", "来源不明的组件"],
    ),
    ("components.maxUnknown", ["Limit on unknown provenance", "Предел неизвестного происхождения", "来源不明组件上限"]),
    ("components.deniedLicenses", ["Denied licences", "Запрещённые лицензии", "禁用许可证"]),
    ("components.requireLicense", ["Licence stated", "Указание лицензии", "注明许可证"]),
    ("certificate", ["Certificate terms", "Условия сертификата", "证书条款"]),
];

/// The part of a step-1 check's name after `1 lists: `.
const LIST_CHECKS: &[Template] = &[
    ["anchor", "federation anchor", "якорь доверия федерации", "联盟信任锚"],
    ["state {}", "versions of {0} seen before", "ранее виденные версии {0}", "此前见过的 {0} 版本"],
    ["fork {}", "one version of {0}", "единственность версии {0}", "{0} 的版本唯一性"],
    ["version {}", "version of {0}", "версия {0}", "{0} 的版本"],
    ["expiry {}", "validity of {0}", "срок действия {0}", "{0} 的有效期"],
    ["recognition {}", "recognition of {0}", "признание {0}", "对 {0} 的认可"],
    ["list {}", "list {0}", "список {0}", "列表 {0}"],
];

/// A step's detail in `lang`, as markup.
pub(super) fn detail(lang: Lang, s: &str) -> Html {
    translate(DETAILS, lang, s).unwrap_or_else(|| text(s))
}

/// A policy rule's detail in `lang`, as markup.
pub(super) fn rule_detail(lang: Lang, s: &str) -> Html {
    translate(RULE_DETAILS, lang, s).unwrap_or_else(|| text(s))
}

/// A policy rule by what it judges in `lang`, as markup; a rule attest does
/// not know by its id, as code.
pub(super) fn rule_name(lang: Lang, id: &str) -> Html {
    match RULE_NAMES.iter().find(|(r, _)| *r == id) {
        Some((_, [en, ru, zh])) => text(match lang {
            Lang::En => en,
            Lang::Ru => ru,
            Lang::Zh => zh,
        }),
        None => {
            let id = text(id);
            html!("<code>{id}</code>", id)
        }
    }
}

/// The part of a step-1 check's name after `1 lists: ` in `lang`, as
/// markup; `None` when no template matches.
pub(super) fn list_check(lang: Lang, s: &str) -> Option<Html> {
    translate(LIST_CHECKS, lang, s)
}

fn translate(table: &[Template], lang: Lang, s: &str) -> Option<Html> {
    table.iter().find_map(|t| {
        let values = values(t[0], s)?;
        let out = match lang {
            Lang::En => t[1],
            Lang::Ru => t[2],
            Lang::Zh => t[3],
        };
        fill(lang, out, &values)
    })
}

/// The values of `s` if it has the shape of `pattern`: its literal parts in
/// order, each value the shortest non-empty text before the next literal.
fn values<'a>(pattern: &str, s: &'a str) -> Option<Vec<&'a str>> {
    let mut parts = pattern.split("{}");
    let first = parts.next()?;
    let mut rest = s.strip_prefix(first)?;
    let mut out = Vec::new();
    for lit in parts {
        let value = if lit.is_empty() {
            std::mem::take(&mut rest)
        } else {
            let skip = rest.chars().next()?.len_utf8();
            let at = rest[skip..].find(lit)? + skip;
            let v = &rest[..at];
            rest = &rest[at + lit.len()..];
            v
        };
        if value.is_empty() {
            return None;
        }
        out.push(value);
    }
    rest.is_empty().then_some(out)
}

/// `template` with its `{N}` and `{N+}` filled from `values`; the
/// template's own words are escaped too. `None` if a placeholder names no
/// value or `{N+}` a value that is not a number.
fn fill(lang: Lang, template: &str, values: &[&str]) -> Option<Html> {
    let mut out = Html::default();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push(&text(&rest[..open]));
        let close = open + rest[open..].find('}')?;
        let spec = &rest[open + 1..close];
        let (index, how) = spec.split_at(spec.find(|c: char| !c.is_ascii_digit()).unwrap_or(spec.len()));
        let v = *values.get(index.parse::<usize>().ok()?)?;
        match how {
            "" => out.push(&value(lang, v)),
            "+" => out.push(&text(&(v.parse::<u64>().ok()?.checked_add(1)?).to_string())),
            "i" => out.push(&offenders(lang, v)),
            "u" => out.push(&unmet(lang, v)),
            _ => return None,
        }
        rest = &rest[close + 1..];
    }
    out.push(&text(rest));
    Some(out)
}

/// A value as written, escaped, but for the `and N more` that attest puts
/// after the first few items of a long list (`a@1; b@2; and 3 more`): those
/// words are attest's, not the document's, so they are said in the reader's
/// language.
fn value(lang: Lang, v: &str) -> Html {
    match and_more(v) {
        Some((items, sep, n)) => {
            let (items, more) = (text(items), more(lang, n));
            html!("{items}{sep}{more}", items, sep, more)
        }
        None => text(v),
    }
}

/// `v` split before attest's ` and N more` (N digits only, after `; ` or a
/// space): the items, the separator and N. `None` when `v` does not end so.
fn and_more(v: &str) -> Option<(&str, Html, &str)> {
    let (items, n) = v.strip_suffix(" more")?.rsplit_once(" and ")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match items.strip_suffix(';') {
        Some(items) => (items, Html::markup("; "), n),
        None => (items, Html::markup(" "), n),
    })
}

/// `and N more` in `lang`.
fn more(lang: Lang, n: &str) -> Html {
    let n = text(n);
    match lang {
        Lang::En => html!("and {n} more", n),
        Lang::Ru => html!("и ещё {n}", n),
        Lang::Zh => html!("另有 {n} 项", n),
    }
}

/// The unmet profile requirements a rule names, `; `-separated, each written
/// by attest as `ID (SOURCE) unmet at POINTER, POINTER[ and N more]`: the
/// id, source and pointers are values, `unmet at` and `and N more` attest's.
fn unmet(lang: Lang, v: &str) -> Html {
    let item = |s: &str| {
        let Some((req, places)) = s.rsplit_once(" unmet at ") else { return value(lang, s) };
        let (req, places) = (text(req), value(lang, places));
        match lang {
            Lang::En => html!("{req} unmet at {places}", req, places),
            Lang::Ru => html!("{req} не выполнено: {places}", req, places),
            Lang::Zh => html!("{req} 未满足：{places}", req, places),
        }
    };
    Html::join(v.split("; ").map(item), &Html::markup("; "))
}

/// The offending components a rule names, `; `-separated, each written by
/// attest as `LABEL lacks ALGS` or `LABEL carries LICENCES` (then perhaps
/// `and N more`): the labels and what follows the verb are values, the verb
/// attest's, so it is said in the reader's language.
fn offenders(lang: Lang, v: &str) -> Html {
    let item = |s: &str| {
        // The verb attest wrote is the last in the item: a name may hold one too.
        let found = [" lacks ", " carries "]
            .into_iter()
            .filter_map(|verb| Some((verb, s.rsplit_once(verb)?)))
            .max_by_key(|(_, (label, _))| label.len());
        let Some((verb, (label, what))) = found else { return value(lang, s) };
        let (label, what) = (text(label), text(what));
        match (lang, verb) {
            (Lang::En, _) => text(s),
            (Lang::Ru, " lacks ") => html!("{label}: нет {what}", label, what),
            (Lang::Zh, " lacks ") => html!("{label} 缺少 {what}", label, what),
            (Lang::Ru | Lang::Zh, _) => html!("{label}: {what}", label, what),
        }
    };
    let sep = Html::markup("; ");
    match and_more(v) {
        Some((items, tail, n)) => {
            let (items, more) = (Html::join(items.split("; ").map(item), &sep), more(lang, n));
            html!("{items}{tail}{more}", items, tail, more)
        }
        None => Html::join(v.split("; ").map(item), &sep),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmet_requirements_keep_their_ids_and_places() {
        let v = "tr.a (TR-03183-2 §5.2.1) unmet at /metadata; tr.b (TR-03183-2 §5.2.2) unmet at /components/0, \
                 /components/1 and 4 more";
        assert_eq!(unmet(Lang::En, v).to_string(), v);
        assert_eq!(
            unmet(Lang::Ru, v).to_string(),
            "tr.a (TR-03183-2 §5.2.1) не выполнено: /metadata; tr.b (TR-03183-2 §5.2.2) не выполнено: \
             /components/0, /components/1 и ещё 4"
        );
    }

    #[test]
    fn offending_components_keep_their_values_and_lose_attests_english() {
        let v = "a@1 (/components/0) lacks SHA-512, SHA-384; b@2 (/components/1) lacks SHA-512; and 3 more";
        assert_eq!(offenders(Lang::En, v).to_string(), v);
        assert_eq!(
            offenders(Lang::Ru, v).to_string(),
            "a@1 (/components/0): нет SHA-512, SHA-384; b@2 (/components/1): нет SHA-512; и ещё 3"
        );
        // A label that merely begins with "and" is a label.
        assert_eq!(offenders(Lang::Ru, "a@1 lacks X; and so@2 lacks Y").to_string(), "a@1: нет X; and so@2: нет Y");
        assert_eq!(
            offenders(Lang::Zh, "x lacks y (/components/2) carries GPL-3.0-only").to_string(),
            "x lacks y (/components/2): GPL-3.0-only",
            "the verb attest wrote is the last one; a name's own words stay"
        );
    }

    #[test]
    fn and_n_more_is_said_in_the_readers_language_and_the_items_kept() {
        let v = "a@1; b@2; and 3 more";
        assert_eq!(value(Lang::En, v).to_string(), "a@1; b@2; and 3 more");
        assert_eq!(value(Lang::Ru, v).to_string(), "a@1; b@2; и ещё 3");
        assert_eq!(value(Lang::Zh, "/a, /b and 12 more").to_string(), "/a, /b 另有 12 项");
        // Not attest's suffix: as written.
        for v in ["fox and hounds more", "x and  more", "a and 3 more!"] {
            assert_eq!(value(Lang::Ru, v).to_string(), v);
        }
        assert_eq!(value(Lang::Ru, "<b> and 2 more").to_string(), "&lt;b&gt; и ещё 2");
    }

    #[test]
    fn values_are_found_between_the_literal_parts() {
        assert_eq!(
            values("{} class {}, valid {} .. {}", "C-1 class standard, valid a .. b"),
            Some(vec!["C-1", "standard", "a", "b"])
        );
        assert_eq!(values("no --subject given", "no --subject given"), Some(vec![]));
        assert_eq!(values("no --subject given", "no --subject given!"), None);
        assert_eq!(values("{} declares no transparency rule", " declares no transparency rule"), None);
    }

    #[test]
    fn every_template_fills_in_each_language_with_every_value() {
        for table in [DETAILS, RULE_DETAILS, LIST_CHECKS] {
            for t in table {
                let n = t[0].matches("{}").count();
                let vals: Vec<String> = (0..n).map(|i| format!("{}", 70 + i)).collect();
                let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
                for out in [t[1], t[2], t[3]] {
                    let filled = fill(Lang::En, out, &refs).unwrap_or_else(|| panic!("{out:?}")).into_string();
                    for (i, v) in vals.iter().enumerate() {
                        let plus = (71 + i).to_string();
                        assert!(filled.contains(v.as_str()) || filled.contains(&plus), "{out:?} drops value {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_unknown_detail_is_shown_as_written_and_a_bad_position_does_not_match() {
        assert_eq!(detail(Lang::Zh, "something <new>").as_str(), "something &lt;new&gt;");
        // Not a position: the whole source is shown as written, as a file's name would be.
        let s = "bundle.json (trustLists[x]): the trusted version itself";
        assert_eq!(detail(Lang::Ru, s).as_str(), "bundle.json (trustLists[x]): та самая доверенная версия");
        let en = detail(Lang::En, "bundle.json (trustLists[0]): the trusted version itself");
        assert!(en.as_str().contains("list 1 carried"));
    }
}
