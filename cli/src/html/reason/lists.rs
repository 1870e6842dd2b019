//! Why a trust list was not believed (step 1), in the reader's language.

use attest_core::report::{ListRefusal, Reason};

use super::{status, v};
use crate::args::Lang;
use crate::html::markup::Html;
use crate::html::text;

/// `r` in `lang`, as markup, when it is one of this module's reasons.
pub(super) fn render(lang: Lang, r: &Reason) -> Option<Html> {
    use Reason as R;
    Some(match r {
        R::AnchorBelowThreshold { source, signed, required } => {
            let (source, signed, required) = (self::source(lang, source), v(signed), v(required));
            say!(
                lang,
                "{source} is not signed by enough of its own governors: {signed} of the {required} required",
                "{source} подписан недостаточным числом собственных руководителей: {signed} из {required} требуемых",
                "{source} 的本方管理方签名不足：所需 {required} 名中仅 {signed} 名"; source, signed, required
            )
        }
        R::RecognitionNotGranted { entry, federation, status: s, time } => {
            let (entry, federation, s, time) = (v(entry), v(federation), status(lang, *s), v(time));
            say!(
                lang,
                "the entry {entry} of {federation} is {s} at {time}; it recognises nothing",
                "запись {entry} списка {federation} на {time} имеет статус «{s}» и ничего не признаёт",
                "{federation} 中的条目 {entry} 于 {time} 状态为「{s}」，不认可任何列表"; entry, federation, s, time
            )
        }
        R::RecognitionRepeated { entry, list } => {
            let (entry, list) = (v(entry), v(list));
            say!(
                lang,
                "the entry {entry} recognises {list} again; the first authorised entry is used",
                "запись {entry} повторно признаёт {list}; используется первая действующая запись",
                "条目 {entry} 再次认可 {list}；以第一个有效条目为准"; entry, list
            )
        }
        R::RecognisedSignersRevoked { sequence, signed, federation, required } => {
            let (sequence, signed, federation, required) = (v(sequence), v(signed), v(federation), v(required));
            say!(
                lang,
                "revoked: version {sequence} is signed by {signed} of its governors once the keys {federation} \
                 revokes are set aside, {required} required; not trusted",
                "отозван: без ключей, отозванных {federation}, версия {sequence} подписана {signed} руководителями \
                 из {required} требуемых; доверия нет",
                "已撤销：除去 {federation} 撤销的密钥后，第 {sequence} 版仅有 {signed} 名管理方签名，需要 \
                 {required} 名；不予信任"; sequence, signed, federation, required
            )
        }
        R::ListNotRecognised { source, name, jurisdiction } => {
            let (source, name, jurisdiction) = (self::source(lang, source), v(name), v(jurisdiction));
            say!(
                lang,
                "{source} ({name}, {jurisdiction}) is neither the federation's list nor one it recognises; ignored",
                "{source} ({name}, {jurisdiction}) не является ни списком федерации, ни признанным им списком; не \
                 учитывается",
                "{source}（{name}，{jurisdiction}）既非联盟列表，也非其认可的列表；已忽略"; source, name, jurisdiction
            )
        }
        R::StateFork { sequence, stored, trusted } => {
            let (sequence, stored) = (v(sequence), v(stored));
            let trusted = v(trusted.map(|d| d.to_hex()).unwrap_or_default());
            say!(
                lang,
                "fork: a different version {sequence} was seen before ({stored}, not {trusted})",
                "раздвоение: ранее встречалась другая версия {sequence} ({stored}, а не {trusted})",
                "分叉：此前见过另一个第 {sequence} 版（{stored}，而非 {trusted}）"; sequence, stored, trusted
            )
        }
        R::ListIssuedLater { source, issued, time } => {
            let (source, issued, time) = (self::source(lang, source), v(issued), v(time));
            say!(
                lang,
                "{source} was issued at {issued}, after the time of verification {time}; ignored",
                "{source} выпущен {issued}, позже времени проверки {time}; не учитывается",
                "{source} 签发于 {issued}，晚于验证时间 {time}；已忽略"; source, issued, time
            )
        }
        R::Rollback { source, sequence, trusted, rejected } => {
            let (source, sequence, trusted) = (self::source(lang, source), v(sequence), v(trusted));
            match rejected {
                true => say!(
                    lang,
                    "rollback rejected: {source} is version {sequence}, older than the trusted version {trusted}",
                    "откат отклонён: {source} — версия {sequence}, старше доверенной версии {trusted}",
                    "拒绝回滚：{source} 为第 {sequence} 版，早于受信任的第 {trusted} 版"; source, sequence, trusted
                ),
                false => say!(
                    lang,
                    "older copy ignored: {source} is version {sequence}, older than the trusted version {trusted}",
                    "старая копия не учитывается: {source} — версия {sequence}, старше доверенной версии {trusted}",
                    "已忽略旧副本：{source} 为第 {sequence} 版，早于受信任的第 {trusted} 版"; source, sequence, trusted
                ),
            }
        }
        R::Fork { source, sequence, digest, trusted } => {
            let (source, sequence, digest) = (self::source(lang, source), v(sequence), v(digest));
            let trusted = v(trusted.map(|d| d.to_hex()).unwrap_or_default());
            say!(
                lang,
                "fork rejected: {source} is a different list with the trusted version number {sequence} ({digest}, \
                 not {trusted})",
                "раздвоение отклонено: {source} — другой список с номером доверенной версии {sequence} ({digest}, а \
                 не {trusted})",
                "拒绝分叉：{source} 是另一个与受信任版本同为第 {sequence} 版的列表（{digest}，而非 {trusted}）"; source, sequence, digest, trusted
            )
        }
        R::ListVersionRefused { source, refusal } => {
            let (source, why) = (self::source(lang, source), list_refusal(lang, refusal));
            say!(
                lang,
                "{source}: {why}; ignored, the trusted version stands",
                "{source}: {why}; не учитывается, в силе остаётся доверенная версия",
                "{source}：{why}；已忽略，受信任的版本继续有效"; source, why
            )
        }
        R::Expired { sequence, next_update, time } => {
            let (sequence, next_update, time) = (v(sequence), v(next_update), v(time));
            say!(
                lang,
                "expired: version {sequence} was due to be replaced by {next_update} (checked at {time})",
                "срок истёк: версия {sequence} подлежала замене до {next_update} (проверено {time})",
                "已过期：第 {sequence} 版应于 {next_update} 前更新（验证于 {time}）"; sequence, next_update, time
            )
        }
        _ => return None,
    })
}

/// Where a list came from: a file, or the N-th list a bundle carries
/// (`BUNDLE (trustLists[N])`, written for people as the report's pass
/// details are, see [`detail`]).
fn source(lang: Lang, s: &str) -> Html {
    let carried = s.strip_suffix("])").and_then(|r| r.rsplit_once(" (trustLists[")).and_then(|(b, n)| {
        let n = n.parse::<u64>().ok()?.checked_add(1)?;
        Some((v(b), v(n)))
    });
    match carried {
        Some((bundle, n)) => {
            say!(lang, "list {n} carried in {bundle}", "список № {n} в пакете {bundle}", "{bundle} 所附第 {n} 个列表"; n, bundle)
        }
        None => v(s),
    }
}

/// Why a newer version of a list does not follow the trusted one.
fn list_refusal(lang: Lang, r: &ListRefusal) -> Html {
    match r {
        ListRefusal::RotationNotShown { trusted, sequence, carried, required } => {
            let (trusted, sequence, carried, required) = (v(trusted), v(sequence), v(carried), v(required));
            say!(
                lang,
                "rotation not shown: the governors changed between the trusted version {trusted} and {sequence}, \
                 and every version in between is needed; it carries {carried} of the {required} signatures the \
                 trusted governors require",
                "смена руководителей не подтверждена: состав сменился между доверенной версией {trusted} и \
                 {sequence}, и нужны все промежуточные версии; подписей прежних руководителей — {carried} из \
                 {required} требуемых",
                "管理方轮换未经证明：受信任的第 {trusted} 版与第 {sequence} 版之间管理方已变更，需要其间的每个版本；\
                 仅有原管理方所需 {required} 个签名中的 {carried} 个"; trusted, sequence, carried, required
            )
        }
        ListRefusal::ChainBroken { sequence, trusted } => {
            let (sequence, trusted) = (v(sequence), v(trusted));
            say!(
                lang,
                "chain broken: version {sequence} does not name the trusted version {trusted} as its predecessor",
                "цепочка нарушена: версия {sequence} не ссылается на доверенную версию {trusted} как на предыдущую",
                "链条断裂：第 {sequence} 版未将受信任的第 {trusted} 版列为前一版本"; sequence, trusted
            )
        }
        ListRefusal::BelowThreshold { signed, required, rotation } => {
            let (signed, required) = (v(signed), v(required));
            match rotation {
                false => say!(
                    lang,
                    "too few signatures: {signed} of the trusted governors' keys signed, {required} required",
                    "недостаточно подписей: подписали ключей доверенных руководителей — {signed}, требуется {required}",
                    "签名不足：受信任管理方的密钥中有 {signed} 个签名，需要 {required} 个"; signed, required
                ),
                true => say!(
                    lang,
                    "rotation rejected: {signed} of the trusted governors' keys signed, {required} required",
                    "смена руководителей отклонена: подписали ключей прежних руководителей — {signed}, требуется \
                     {required}",
                    "拒绝轮换：受信任管理方的密钥中有 {signed} 个签名，需要 {required} 个"; signed, required
                ),
            }
        }
        ListRefusal::NewGovernanceBelowThreshold { signed, required } => {
            let (signed, required) = (v(signed), v(required));
            say!(
                lang,
                "rotation rejected: {signed} of the new governors' keys signed, {required} required",
                "смена руководителей отклонена: подписали ключей новых руководителей — {signed}, требуется {required}",
                "拒绝轮换：新管理方的密钥中有 {signed} 个签名，需要 {required} 个"; signed, required
            )
        }
        other => text(&other.to_string()),
    }
}
