//! The one error type of the library.
//!
//! Every variant says *which document* is at fault, so that a user reading the
//! message knows which file to look at and what to change. Verification
//! *failures* (a bad signature, an untrusted signer) are not errors: they are
//! outcomes recorded in a [`crate::report::Report`]. An [`Error`] means attest
//! could not even judge: the input is unreadable, malformed, oversized, or the
//! request itself is wrong; [`Error::Internal`] means attest itself is wrong.
//!
//! Parsers of single values (a purl, a timestamp, a key id) do not know which
//! document the value came from, so they return a small error type of their
//! own ([`crate::purl::PurlError`], [`crate::timestamp::TimestampError`], …)
//! carrying the message; the caller names the document with
//! [`Error::malformed`] (or makes it a usage error for a flag).

use std::fmt;
use std::path::Path;

use crate::kind::Kind;

/// Why attest could not do what was asked.
///
/// Non-exhaustive: a new kind of failure may be added without breaking
/// callers, who match the variants they act on and treat the rest as errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or stream could not be read or written.
    /// The reason is part of the message and not a separate source, so that
    /// a chain printed whole says it once.
    #[error("{doc}: {}", io_reason(cause))]
    Io {
        /// The file (or `-` for a standard stream).
        doc: String,
        /// The operating system's reason.
        cause: std::io::Error,
    },
    /// The input is not what its format requires (parse error, duplicate key,
    /// unknown field, wrong type, bad encoding).
    #[error("{doc}: malformed: {reason}")]
    Malformed {
        /// The document at fault.
        doc: String,
        /// Where in the document, when the reader knows: for a program to
        /// point at (an editor, a CI annotation) without parsing `reason`,
        /// which already says it in words.
        at: Option<Location>,
        /// What is wrong and, where known, in which field or line.
        reason: String,
    },
    /// The input is larger than the limit for its kind (docs/threat-model.md T16).
    #[error("{doc}: {size} bytes is over the {limit}-byte limit for {kind}")]
    TooLarge {
        /// The document at fault.
        doc: String,
        /// What kind of document it was read as.
        kind: &'static str,
        /// Its size (or how far reading got before stopping).
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A key file or key material is unusable (wrong type, weak key, bad
    /// passphrase, unsafe permissions).
    #[error("{doc}: {reason}")]
    Key {
        /// The key file, or `env:VAR` for a key from the environment.
        doc: String,
        /// What is wrong and what to do.
        reason: String,
    },
    /// The request cannot be carried out as given (conflicting options, an
    /// output that exists, a threshold above the number of keys).
    #[error("{0}")]
    Usage(String),
    /// The document is of another kind than the one asked for (an SBOM
    /// given to `verify`, a public key given to `sign --key`), told by its
    /// marks before any parser reads it ([`crate::kind`]).
    #[error("{}", crate::kind::wrong_kind_message(doc, *found, wanted, taker.as_deref()))]
    WrongKind {
        /// The document at fault.
        doc: String,
        /// What it is.
        found: Kind,
        /// What was asked for.
        wanted: &'static [Kind],
        /// The command and flag that took it (`sign --key`), when known.
        taker: Option<String>,
    },
    /// The operation was refused on policy grounds (for instance a key that is
    /// not a governor asked to sign a trust list).
    #[error("{0}")]
    Refused(String),
    /// attest itself went wrong (a state its own code should never reach,
    /// a value of its own types that does not serialise): a bug to report,
    /// not something the user can fix by changing the input or the flags.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Where in a document a [`Error::Malformed`] fault is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A line, counted from 1 (text formats: lockfiles, notes, and JSON as
    /// its parser reports it).
    Line(usize),
    /// A field, spelt as the message spells it (`lockfileVersion`,
    /// `signatures[0].sig`).
    Field(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Field(name) => f.write_str(name),
        }
    }
}

impl Error {
    /// A malformed-input error for `doc`, where in it not known. `reason`
    /// is a message or one of the value error types of the parsers.
    pub fn malformed(doc: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::Malformed { doc: doc.into(), at: None, reason: reason.to_string() }
    }

    /// A malformed-input error at line `line` of `doc`; the message reads
    /// `line N: reason`.
    pub fn malformed_at_line(doc: impl Into<String>, line: usize, reason: impl fmt::Display) -> Self {
        Error::Malformed { doc: doc.into(), at: Some(Location::Line(line)), reason: format!("line {line}: {reason}") }
    }

    /// A malformed-input error in field `field` of `doc`; the message reads
    /// `field: reason`.
    pub fn malformed_field(doc: impl Into<String>, field: impl Into<String>, reason: impl fmt::Display) -> Self {
        let field = field.into();
        let reason = format!("{field}: {reason}");
        Error::Malformed { doc: doc.into(), at: Some(Location::Field(field)), reason }
    }

    /// A JSON parser's error for `doc`, with the line it reports (its
    /// message says line and column already).
    pub fn malformed_json(doc: impl Into<String>, e: &serde_json::Error) -> Self {
        let at = (e.line() > 0).then_some(Location::Line(e.line()));
        Error::Malformed { doc: doc.into(), at, reason: e.to_string() }
    }

    /// A TOML parser's error for `doc` (whose bytes are `bytes`), with the
    /// line its span starts on (its message shows the line already).
    pub fn malformed_toml(doc: impl Into<String>, bytes: &[u8], e: &toml::de::Error) -> Self {
        let at = e.span().map(|span| {
            let before = bytes.get(..span.start).unwrap_or(bytes);
            Location::Line(before.iter().filter(|&&b| b == b'\n').count() + 1)
        });
        Error::Malformed { doc: doc.into(), at, reason: e.to_string() }
    }

    /// Where in its document a malformed input is at fault, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Malformed { at, .. } => at.as_ref(),
            _ => None,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io { doc: display_path(path), cause: source }
    }

    /// Names the command and flag that took a document of the wrong kind
    /// (`sign --key`), for its message; other errors are returned unchanged.
    #[must_use]
    pub fn taken_by(self, taker: &str) -> Self {
        match self {
            Error::WrongKind { doc, found, wanted, .. } => {
                Error::WrongKind { doc, found, wanted, taker: Some(taker.to_owned()) }
            }
            other => other,
        }
    }

    /// A usage error: the request cannot be carried out as given. `reason`
    /// is a message or one of the value error types of the parsers (a
    /// `--time` that is not a time).
    pub fn usage(reason: impl fmt::Display) -> Self {
        Error::Usage(reason.to_string())
    }

    /// A key error for `doc`.
    pub fn key(doc: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Key { doc: doc.into(), reason: reason.into() }
    }
}

/// The operating system's reason, in words a person acts on for the common
/// cases.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory; check the path".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied; check who may read or write it".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".to_owned(),
        _ => e.to_string(),
    }
}

/// How a path is shown in messages: `-` stays `-`, everything else as given.
pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

/// Declares a small error type for one kind of value, holding what is wrong
/// with it in words. Private helpers that say so in a `String` convert with
/// `?` both ways; callers outside turn it into an [`Error`] with [`Error::malformed`]
/// once they know the document.
macro_rules! value_error {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("{0}")]
        pub struct $name(String);

        impl From<String> for $name {
            fn from(reason: String) -> Self {
                $name(reason)
            }
        }

        impl From<&str> for $name {
            fn from(reason: &str) -> Self {
                $name(reason.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(e: $name) -> String {
                e.0
            }
        }
    };
}
pub(crate) use value_error;

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_or_field_is_kept_for_programs_and_said_in_the_message() {
        let e = Error::malformed_at_line("go.sum", 3, "bad hash");
        assert_eq!(e.to_string(), "go.sum: malformed: line 3: bad hash");
        assert_eq!(e.location(), Some(&Location::Line(3)));
        let e = Error::malformed_field("package-lock.json", "lockfileVersion", "4 is not supported");
        assert_eq!(e.to_string(), "package-lock.json: malformed: lockfileVersion: 4 is not supported");
        assert_eq!(e.location(), Some(&Location::Field("lockfileVersion".into())));
        assert_eq!(Error::malformed("x", "y").location(), None);
    }

    #[test]
    fn parser_errors_give_the_line_they_report() {
        let bytes = b"{\n  \"a\": 1,\n  \"b\": }\n";
        let e = crate::json::parse_strict::<serde_json::Value>(bytes, "doc.json").unwrap_err();
        assert_eq!(e.location(), Some(&Location::Line(3)), "{e}");
        let toml_bytes = b"version = 3\n\n[[package]]\nname = \n";
        let te = toml::from_slice::<toml::Value>(toml_bytes).unwrap_err();
        let e = Error::malformed_toml("Cargo.lock", toml_bytes, &te);
        assert_eq!(e.location(), Some(&Location::Line(4)), "{e}");
        assert_eq!(e.to_string(), format!("Cargo.lock: malformed: {te}"));
    }

    #[test]
    fn a_lockfile_error_names_its_line_or_field() {
        use crate::lockfile::{LockfileKind, parse};
        let text = "module example.com/m\n\nrequire example.com/a\n";
        let e = parse(LockfileKind::GoMod, text.as_bytes(), "go.mod").unwrap_err();
        assert_eq!(e.location(), Some(&Location::Line(3)), "{e}");
        assert!(e.to_string().starts_with("go.mod: malformed: line 3: "), "{e}");
        let e = parse(LockfileKind::Npm, br#"{"lockfileVersion": 4}"#, "package-lock.json").unwrap_err();
        assert_eq!(e.location(), Some(&Location::Field("lockfileVersion".into())), "{e}");
        assert_eq!(e.to_string(), "package-lock.json: malformed: lockfileVersion: 4 is not supported (1 to 3 are)");
    }

    #[test]
    fn a_value_error_becomes_an_error_with_its_message_unchanged() {
        let purl = crate::purl::Purl::parse("not a purl").unwrap_err();
        let e = Error::malformed("list.json", &purl);
        assert_eq!(e.to_string(), format!("list.json: malformed: {purl}"));
        let time = crate::timestamp::Timestamp::parse_lenient("yesterday").unwrap_err();
        assert_eq!(Error::usage(&time).to_string(), time.to_string());
    }

    #[test]
    fn an_internal_error_says_so() {
        assert_eq!(Error::Internal("lost its list".into()).to_string(), "internal error: lost its list");
    }
}
