//! The verification steps' details on the certificate page, in the reader's
//! language.
//!
//! attest's report writes each detail in English from a fixed template with
//! values put in (names, sequence numbers, times, digests). Here the common
//! templates are recognised and written again in the reader's language —
//! English too, because the report's wording is for the terminal and some of
//! it (`trustLists[0]`, `--subject`) means nothing to a regulator. The values
//! are carried over unchanged, each escaped; values that are free text a
//! document's authors wrote (a revocation's reason) are shown quoted. A
//! detail that no template matches is shown as the report wrote it, so a
//! translation can never change or hide what a check found.

use super::{quoted, text};
use crate::args::Lang;

/// `[pattern, English, Russian, Chinese]`. In the pattern each `{}` is a
/// value; in a translation `{N}` puts the N-th value (from 0), `{N+}` the
/// N-th value plus one (a position counted from 0 in the document, from 1
/// for people) and `{Nq}` the N-th value quoted as free text.
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
    [
        "issuer not recognised: no authority key of {} verifies the certificate",
        "issuer not recognised: no authority key of {0} verifies the certificate",
        "выдавший орган не признан: ни один ключ органов из {0} не подтверждает подпись сертификата",
        "签发机构未获认可：{0} 中没有任何机构密钥能验证该证书",
    ],
    // 3. Certificate.
    [
        "{} class {}, valid {} .. {}",
        "{0}, class {1}, valid from {2} to {3}",
        "{0}, класс {1}, действителен с {2} по {3}",
        "{0}，类别 {1}，有效期自 {2} 至 {3}",
    ],
    [
        "issued {} is after the verification time {}",
        "issued at {0}, after the time of verification {1}",
        "выдан {0}, позже времени проверки {1}",
        "签发时间 {0} 晚于验证时间 {1}",
    ],
    [
        "not valid at that time: valid {} .. {}, verified at {}",
        "not valid at the time of verification {2}: valid from {0} to {1}",
        "недействителен на момент проверки {2}: действует с {0} по {1}",
        "在验证时间 {2} 时无效：有效期自 {0} 至 {1}",
    ],
    [
        "revoked: certificate {} is revoked in {}: {}",
        "revoked: certificate {0} is revoked in {1}, reason: {2q}",
        "отозван: сертификат {0} отозван в списке {1}, причина: {2q}",
        "已撤销：证书 {0} 已在 {1} 中撤销，理由：{2q}",
    ],
    // 4. Revocation freshness.
    [
        "{} sequence {} is current (until {})",
        "{0} version {1} is current (until {2})",
        "{0}, версия {1}, актуален (до {2})",
        "{0} 第 {1} 版为现行版本（至 {2}）",
    ],
    [
        "revocation status unknown: the newest {} (sequence {}) expired at {}",
        "revocation status unknown: the newest {0} (version {1}) expired at {2}",
        "статус отзыва неизвестен: новейшая версия {0} (№ {1}) истекла {2}",
        "撤销状态未知：{0} 的最新版本（第 {1} 版）已于 {2} 过期",
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
    [
        "subject mismatch: {} (sha256:{}) is not a certified subject",
        "mismatch: {0} (sha256:{1}) is not a certified artefact",
        "несовпадение: {0} (sha256:{1}) не является сертифицированным артефактом",
        "不一致：{0}（sha256:{1}）不是认证制品",
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
        "{} declares no transparency rule",
        "{0} sets no transparency requirement",
        "{0} не устанавливает требований прозрачности",
        "{0} 未规定透明性要求",
    ],
    [
        "no inclusion proof; {} does not require one yet",
        "not logged; {0} does not require it yet",
        "записи в журнале нет; {0} пока этого не требует",
        "未记入日志；{0} 暂不要求",
    ],
    [
        "not logged: {} requires an inclusion proof and the bundle carries none",
        "not logged: {0} requires proof of logging and the bundle carries none",
        "нет записи в журнале: {0} требует доказательства записи, а пакет его не содержит",
        "未记入日志：{0} 要求记入日志的证明，而证书包中没有",
    ],
    [
        "logged at index {} of {} (size {}), witnessed by {}, at {}",
        "logged as entry {0} of {1} (of {2}), witnessed by {3} at {4}",
        "запись № {0} в журнале {1} (из {2}), засвидетельствована {3} в {4}",
        "记入 {1} 第 {0} 条（共 {2} 条），由 {3} 于 {4} 见证",
    ],
];

/// The part of a step-1 check's name after `1 lists: `.
const LIST_CHECKS: &[Template] = &[
    ["anchor", "federation anchor", "якорь доверия федерации", "联盟信任锚"],
    ["version {}", "version of {0}", "версия {0}", "{0} 的版本"],
    ["expiry {}", "validity of {0}", "срок действия {0}", "{0} 的有效期"],
    ["recognition {}", "recognition of {0}", "признание {0}", "对 {0} 的认可"],
    ["list {}", "list {0}", "список {0}", "列表 {0}"],
];

/// A step's detail in `lang`, as markup.
pub(super) fn detail(lang: Lang, s: &str) -> String {
    translate(DETAILS, lang, s).unwrap_or_else(|| text(s))
}

/// The part of a step-1 check's name after `1 lists: ` in `lang`, as
/// markup; `None` when no template matches.
pub(super) fn list_check(lang: Lang, s: &str) -> Option<String> {
    translate(LIST_CHECKS, lang, s)
}

fn translate(table: &[Template], lang: Lang, s: &str) -> Option<String> {
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

/// `template` with its `{N}`, `{N+}` and `{Nq}` filled from `values`; the
/// template's own words are escaped too. `None` if a placeholder names no
/// value or `{N+}` a value that is not a number.
fn fill(lang: Lang, template: &str, values: &[&str]) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&super::escape_html(&rest[..open]));
        let close = open + rest[open..].find('}')?;
        let spec = &rest[open + 1..close];
        let (index, how) = spec.split_at(spec.find(|c: char| !c.is_ascii_digit()).unwrap_or(spec.len()));
        let v = *values.get(index.parse::<usize>().ok()?)?;
        match how {
            "" => out.push_str(&text(v)),
            "+" => out.push_str(&(v.parse::<u64>().ok()?.checked_add(1)?).to_string()),
            "q" => out.push_str(&quoted(lang, v)),
            _ => return None,
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&super::escape_html(rest));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for table in [DETAILS, LIST_CHECKS] {
            for t in table {
                let n = t[0].matches("{}").count();
                let vals: Vec<String> = (0..n).map(|i| format!("{}", 70 + i)).collect();
                let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
                for (lang, out) in [(Lang::En, t[1]), (Lang::Ru, t[2]), (Lang::Zh, t[3])] {
                    let filled = fill(lang, out, &refs).unwrap_or_else(|| panic!("{out:?}"));
                    for (i, v) in vals.iter().enumerate() {
                        let plus = (71 + i).to_string();
                        assert!(filled.contains(v.as_str()) || filled.contains(&plus), "{out:?} drops value {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn values_are_escaped_and_free_text_is_quoted() {
        let s = "revoked: certificate <b>C</b> is revoked in kz: key \"lost\"";
        let ru = detail(Lang::Ru, s);
        assert!(ru.contains("&lt;b&gt;C&lt;/b&gt;"));
        assert!(ru.contains("\u{ab}key &quot;lost&quot;\u{bb}"));
        assert!(!ru.contains("<b>"));
    }

    #[test]
    fn an_unknown_detail_is_shown_as_written_and_a_bad_position_does_not_match() {
        assert_eq!(detail(Lang::Zh, "something <new>"), "something &lt;new&gt;");
        let s = "bundle.json (trustLists[x]): the trusted version itself";
        assert_eq!(detail(Lang::Ru, s), text(s));
        assert!(detail(Lang::En, "bundle.json (trustLists[0]): the trusted version itself").contains("list 1 carried"));
    }
}
