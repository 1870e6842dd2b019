//! Why a certificate's proof of logging did not verify (step 8), in the
//! reader's language.

use attest_core::report::Reason;

use super::{list, v};
use crate::args::Lang;
use crate::html::markup::Html;
use crate::html::text;

/// `r` in `lang`, as markup, when it is one of this module's reasons.
pub(super) fn render(lang: Lang, r: &Reason) -> Option<Html> {
    use Reason as R;
    Some(match r {
        R::ProofRequired { federation } => {
            let federation = v(federation);
            say!(
                lang,
                "not logged: {federation} requires proof of logging and the bundle carries none",
                "нет записи в журнале: {federation} требует доказательства записи, а пакет его не содержит",
                "未记入日志：{federation} 要求记入日志的证明，而证书包中没有"; federation
            )
        }
        R::ProofNotYetRequired { federation } => {
            let federation = v(federation);
            say!(
                lang,
                "not logged; {federation} does not require it yet",
                "записи в журнале нет; {federation} пока этого не требует",
                "未记入日志；{federation} 暂不要求"; federation
            )
        }
        R::MalformedProof { error } => {
            let error = text(error);
            say!(
                lang,
                "the proof of logging cannot be read: {error}",
                "доказательство записи в журнал не читается (сообщение attest): {error}",
                "无法读取记入日志的证明（attest 的说明）：{error}"; error
            )
        }
        R::NoLogCovers { federation, authority } => {
            let (federation, authority) = (v(federation), v(authority));
            say!(
                lang,
                "not logged: no authorised log of {federation} covers the authority {authority}",
                "нет записи в журнале: ни один действующий журнал {federation} не обслуживает орган {authority}",
                "未记入日志：{federation} 中没有覆盖机构 {authority} 的有效日志"; federation, authority
            )
        }
        R::CheckpointNotSigned { origin, authority, federation } => {
            let (origin, authority, federation) = (v(origin), v(authority), v(federation));
            say!(
                lang,
                "the log's checkpoint ({origin}) is not signed by an authorised log of {authority} in {federation} \
                 (revoked log keys do not count)",
                "контрольная точка журнала ({origin}) не подписана действующим журналом органа {authority} в \
                 {federation} (отозванные ключи журналов не учитываются)",
                "日志检查点（{origin}）未由 {federation} 中 {authority} 的有效日志签名（已撤销的日志密钥不计）"; origin, authority, federation
            )
        }
        R::NotIncluded { index, log, size } => {
            let (index, log, size) = (v(index), v(log), v(size));
            say!(
                lang,
                "not included: the certificate is not entry {index} of {log} (of {size})",
                "не включён: сертификат не является записью № {index} журнала {log} (из {size})",
                "未收录：证书不是 {log} 的第 {index} 条（共 {size} 条）"; index, log, size
            )
        }
        R::EntryNotRebuilt { error } => {
            let error = text(error);
            say!(
                lang,
                "the certificate cannot be rebuilt as a log entry: {error}",
                "сертификат нельзя представить как запись журнала (сообщение attest): {error}",
                "无法将证书重建为日志条目（attest 的说明）：{error}"; error
            )
        }
        R::WitnessKeyRevoked { witness, key } => {
            let (witness, key) = (v(witness), v(key));
            say!(
                lang,
                "the key {key} of the witness {witness} is revoked; its cosignature does not count",
                "ключ {key} свидетеля {witness} отозван; его подпись не учитывается",
                "见证方 {witness} 的密钥 {key} 已撤销；其联署不计"; key, witness
            )
        }
        R::CosignedAtImpossibleTime { witness, time } => {
            let (witness, time) = (v(witness), v(time));
            say!(
                lang,
                "the witness {witness} cosigned at an impossible time ({time})",
                "свидетель {witness} подписал в невозможное время ({time})",
                "见证方 {witness} 的联署时间不可能（{time}）"; witness, time
            )
        }
        R::CosignatureInvalid { witness } => {
            let witness = v(witness);
            say!(
                lang,
                "a cosignature claiming the witness {witness} does not verify; it does not count",
                "подпись от имени свидетеля {witness} не подтверждается и не учитывается",
                "声称来自见证方 {witness} 的联署无法验证；不计"; witness
            )
        }
        R::BelowQuorum { counted, quorum } => {
            let (counted, quorum) = (v(counted), v(quorum));
            say!(
                lang,
                "too few witnesses: {counted} of the {quorum} required cosigned",
                "недостаточно свидетелей: подписали {counted} из {quorum} требуемых",
                "见证方不足：所需 {quorum} 个中仅 {counted} 个联署"; counted, quorum
            )
        }
        R::OneJurisdiction { jurisdictions, quorum } => {
            let (jurisdictions, quorum) = (list(lang, jurisdictions), v(quorum));
            say!(
                lang,
                "too few witnesses: every witness is of {jurisdictions}; {quorum} witnesses must span two \
                 jurisdictions",
                "недостаточно свидетелей: все свидетели из {jurisdictions}; {quorum} свидетеля должны представлять \
                 две юрисдикции",
                "见证方不足：所有见证方均属于 {jurisdictions}；{quorum} 个见证方须来自两个辖区"; jurisdictions, quorum
            )
        }
        R::WitnessedBeforeIssued { at, issued } => {
            let (at, issued) = (v(at), v(issued));
            say!(
                lang,
                "witnessed at {at}, before the certificate was issued ({issued})",
                "засвидетельствован {at}, раньше выдачи сертификата ({issued})",
                "见证时间 {at} 早于证书签发时间（{issued}）"; at, issued
            )
        }
        R::WitnessedLate { at, delay, issued, max } => {
            let (at, delay, issued, max) = (v(at), v(delay), v(issued), v(max));
            say!(
                lang,
                "first witnessed at {at}, {delay} s after it was issued ({issued}): more than the {max} s the \
                 federation allows",
                "впервые засвидетельствован {at}, через {delay} с после выдачи ({issued}): больше допустимых \
                 федерацией {max} с",
                "首次见证于 {at}，签发（{issued}）后 {delay} 秒：超过联盟允许的 {max} 秒"; at, delay, issued, max
            )
        }
        _ => return None,
    })
}
