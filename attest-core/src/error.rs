//! The one error type of the library.
//!
//! Every variant says *which document* is at fault, so that a user reading the
//! message knows which file to look at and what to change. Verification
//! *failures* (a bad signature, an untrusted signer) are not errors: they are
//! outcomes recorded in a [`crate::report::Report`]. An [`Error`] means attest
//! could not even judge: the input is unreadable, malformed, oversized, or the
//! request itself is wrong.

use std::path::Path;

use crate::kind::Kind;

/// Why attest could not do what was asked.
#[derive(Debug, thiserror::Error)]
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
        /// What is wrong and, where known, in which field.
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
}

impl Error {
    /// A malformed-input error for `doc`.
    pub fn malformed(doc: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Malformed { doc: doc.into(), reason: reason.into() }
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

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
