//! Times in attest's own formats: RFC 3339, UTC, `Z`, whole seconds.
//!
//! One accepted spelling per instant means two documents never disagree about
//! a time because of how it was written (docs/threat-model.md T22); `--time` input is
//! more lenient (any RFC 3339 offset) and is converted to UTC.
//!
//! A leap second (`23:59:60`) is malformed in both: RFC 3339 allows it, but
//! the `time` crate maps it onto `:59`, which would give one instant two
//! spellings (docs/threat-model.md T22).

use std::fmt;

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

crate::error::value_error!(
    /// Why a text is not a time attest accepts (the strict form of its own
    /// documents, or the `--time` flag's).
    TimestampError
);

/// An instant in UTC with second precision.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Parses the strict form `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn parse_strict(s: &str) -> Result<Self, TimestampError> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 20
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                19 => *c == b'Z',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(format!("time {s:?} is not of the form YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds)").into());
        }
        refuse_leap_second(s)?;
        OffsetDateTime::parse(s, &Rfc3339)
            .map(Timestamp)
            .map_err(|e| format!("time {s:?} is not a valid date and time: {e}").into())
    }

    /// Parses any RFC 3339 time, or a date alone as its midnight UTC (the
    /// `--time` flag), and converts it to UTC, dropping fractions of a
    /// second.
    pub fn parse_lenient(s: &str) -> Result<Self, TimestampError> {
        // A date alone (`2027-06-01`) is that day's midnight UTC, the time a
        // person means when asking "as of 1 June".
        let is_date = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        let full = if is_date { format!("{s}T00:00:00Z") } else { s.to_owned() };
        refuse_leap_second(&full)?;
        let t = OffsetDateTime::parse(&full, &Rfc3339).map_err(|e| {
            format!("--time {s:?} is not an RFC 3339 time or a date (e.g. 2026-11-26T00:00:00Z, 2026-11-26): {e}")
        })?;
        Ok(Self::from_offset(t))
    }

    /// The current time.
    pub fn now() -> Self {
        Self::from_offset(OffsetDateTime::now_utc())
    }

    fn from_offset(t: OffsetDateTime) -> Self {
        let t = t.to_offset(UtcOffset::UTC);
        Timestamp(t.replace_nanosecond(0).unwrap_or(t))
    }

    /// Seconds since the Unix epoch.
    pub fn unix(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// This time moved by `days` (negative to go back); saturates at the
    /// representable range instead of failing.
    pub fn plus_days(&self, days: i64) -> Self {
        let d = time::Duration::days(days);
        Timestamp(self.0.checked_add(d).unwrap_or(self.0))
    }

    /// The calendar year (for certificate ids).
    pub fn year(&self) -> i32 {
        self.0.year()
    }

    /// As the `time` crate's type, for interop with libraries that use it.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }
}

/// `Err` when the seconds of an RFC 3339 time (the two digits after the
/// second `:` of the time part) are 60 or more.
fn refuse_leap_second(s: &str) -> Result<(), String> {
    let time = s.split_once(['T', 't', ' ']).map_or("", |(_, t)| t);
    let seconds = time.splitn(3, ':').nth(2).and_then(|rest| rest.get(..2));
    match seconds.and_then(|d| d.parse::<u8>().ok()) {
        Some(sec) if sec >= 60 => Err(format!(
            "time {s:?} has second {sec}: attest accepts only seconds 00-59 (a leap second is not mapped onto another \
             instant)"
        )),
        _ => Ok(()),
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year(),
            u8::from(d.month()),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse_strict(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_form_round_trips() {
        let t = Timestamp::parse_strict("2026-11-26T08:09:10Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-26T08:09:10Z");
    }

    #[test]
    fn strict_form_rejects_offsets_fractions_and_lowercase() {
        for bad in [
            "2026-11-26T08:09:10+00:00",
            "2026-11-26T08:09:10.5Z",
            "2026-11-26t08:09:10z",
            "2026-11-26 08:09:10Z",
            "2026-13-26T08:09:10Z",
            "2026-05-31T23:59:60Z",
            "2026-12-31T23:59:60Z",
            "2026-06-30T23:59:61Z",
            "2026-05-31T12:00:60Z",
            "",
        ] {
            assert!(Timestamp::parse_strict(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lenient_form_converts_to_utc() {
        let t = Timestamp::parse_lenient("2026-11-26T03:00:00.75+03:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-26T00:00:00Z");
        assert!(Timestamp::parse_lenient("yesterday").is_err());
        for leap in
            ["2026-12-31T23:59:60Z", "2026-12-31T23:59:60.5Z", "2027-01-01T02:59:60+03:00", "2026-12-31t23:59:60z"]
        {
            let err = Timestamp::parse_lenient(leap).unwrap_err();
            assert!(err.to_string().contains("seconds 00-59"), "{leap}: {err}");
        }
        // Second 59 is still fine, and 60 is refused with a reason, never mapped.
        assert!(Timestamp::parse_strict("2026-05-31T23:59:59Z").is_ok());
        let err = Timestamp::parse_strict("2026-05-31T23:59:60Z").unwrap_err();
        assert!(err.to_string().contains("second 60"), "{err}");
    }
}
