//! How a call fails: [`Error`] mirrors the WIT `error` variant, [`LookupError`] the
//! `lookup-error` of `socket_addrinfo_lookup`.

use crate::bindings::php::sockets::types as wit;
use crate::constants::*;
use core::fmt;
use std::io;

/// The result of every fallible SDK call.
pub type Result<T> = core::result::Result<T, Error>;

/// How a php:sockets call failed. PHP keeps these kinds apart, and so does the SDK.
///
/// `Display` shows the text PHP shows: for [`Error::Errno`], `socket_strerror()`'s text as the
/// host gives it (glibc's, e.g. "Connection refused"); for the others, PHP's exception message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// A runtime failure: PHP returns `false` and records this errno (canonical Linux value, see
    /// the `SOCKET_E*` constants) in `socket_last_error()`.
    Errno(i32),
    /// PHP 8 throws `ValueError` / `TypeError` / `ArgumentCountError` with this message and
    /// records no error.
    InvalidArgument(String),
    /// PHP warns with this message (after the function's name), returns `false` and records no
    /// error: a conversion of option or message data it cannot make, an interface it cannot
    /// use.
    Warning(String),
    /// The socket was already closed: PHP throws `Error: <fn>(): Argument #1 ($socket) has
    /// already been closed`.
    Closed,
    /// PHP returns `false` without recording any error (e.g. `socket_read()` with a length of 0
    /// or less).
    Unspecified,
}

impl Error {
    /// The errno of an [`Error::Errno`] (canonical Linux value); 0 for the other kinds, which
    /// record no error in PHP either.
    pub fn errno(&self) -> i32 {
        match self {
            Error::Errno(code) => *code,
            _ => 0,
        }
    }

    /// Whether this is `EAGAIN` / `EWOULDBLOCK`: a non-blocking call that would have blocked.
    pub fn is_would_block(&self) -> bool {
        i64::from(self.errno()) == SOCKET_EAGAIN
    }

    /// The [`io::ErrorKind`] closest to this error.
    pub fn kind(&self) -> io::ErrorKind {
        use io::ErrorKind as K;
        let code = match self {
            Error::Errno(code) => i64::from(*code),
            Error::InvalidArgument(_) | Error::Warning(_) => return K::InvalidInput,
            Error::Closed | Error::Unspecified => return K::Other,
        };
        match code {
            SOCKET_EPERM | SOCKET_EACCES => K::PermissionDenied,
            SOCKET_ENOENT => K::NotFound,
            SOCKET_EINTR => K::Interrupted,
            SOCKET_EAGAIN => K::WouldBlock,
            SOCKET_ENOMEM | SOCKET_ENOBUFS => K::OutOfMemory,
            SOCKET_EEXIST => K::AlreadyExists,
            SOCKET_EINVAL => K::InvalidInput,
            SOCKET_EPIPE => K::BrokenPipe,
            SOCKET_ENOSYS | SOCKET_EOPNOTSUPP => K::Unsupported,
            SOCKET_EADDRINUSE => K::AddrInUse,
            SOCKET_EADDRNOTAVAIL => K::AddrNotAvailable,
            SOCKET_ENETDOWN => K::NetworkDown,
            SOCKET_ENETUNREACH => K::NetworkUnreachable,
            SOCKET_ECONNABORTED => K::ConnectionAborted,
            SOCKET_ECONNRESET => K::ConnectionReset,
            SOCKET_ENOTCONN => K::NotConnected,
            SOCKET_ETIMEDOUT => K::TimedOut,
            SOCKET_ECONNREFUSED => K::ConnectionRefused,
            SOCKET_EHOSTUNREACH => K::HostUnreachable,
            _ => K::Other,
        }
    }
}

impl From<wit::Error> for Error {
    fn from(error: wit::Error) -> Self {
        match error {
            wit::Error::Errno(code) => Error::Errno(code),
            wit::Error::InvalidArgument(message) => Error::InvalidArgument(message),
            wit::Error::Warning(message) => Error::Warning(message),
            wit::Error::Closed => Error::Closed,
            wit::Error::Unspecified => Error::Unspecified,
        }
    }
}

impl From<Error> for wit::Error {
    fn from(error: Error) -> Self {
        match error {
            Error::Errno(code) => wit::Error::Errno(code),
            Error::InvalidArgument(message) => wit::Error::InvalidArgument(message),
            Error::Warning(message) => wit::Error::Warning(message),
            Error::Closed => wit::Error::Closed,
            Error::Unspecified => wit::Error::Unspecified,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The host is the one source of errno texts; any i32 is a valid C int, so it
            // cannot refuse one, but fall back to glibc's wording rather than panic.
            Error::Errno(code) => {
                match crate::bindings::php::sockets::sockets::strerror((*code).into()) {
                    Ok(text) => f.write_str(&text),
                    Err(_) => write!(f, "Unknown error {code}"),
                }
            }
            Error::InvalidArgument(message) | Error::Warning(message) => f.write_str(message),
            Error::Closed => f.write_str("Argument #1 ($socket) has already been closed"),
            Error::Unspecified => f.write_str("operation failed"),
        }
    }
}

impl std::error::Error for Error {}

/// Converts to an [`io::Error`] of the matching [`kind`](Error::kind) that carries the
/// [`Error`] itself, so it still displays PHP's text and
/// `io_error.get_ref().and_then(|e| e.downcast_ref::<Error>())` gives back the canonical errno.
///
/// The errno is deliberately not passed to `io::Error::from_raw_os_error`: on
/// `wasm32-wasip2` that function reads WASI's errno numbering, where the canonical Linux values
/// mean other errors (Linux `EAGAIN`, 11, is WASI's `ECANCELED`).
impl From<Error> for io::Error {
    fn from(error: Error) -> Self {
        io::Error::new(error.kind(), error)
    }
}

/// How `socket_addrinfo_lookup()` failed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LookupError {
    /// getaddrinfo's `EAI_*` code (see the `EAI_*` constants); PHP returns `false` (and, from
    /// PHP 8.6, sets `&$error_code`).
    Eai(i32),
    /// PHP throws `ValueError` / `TypeError` with this message.
    InvalidArgument(String),
}

impl LookupError {
    /// The `EAI_*` code of a [`LookupError::Eai`]; 0 for an invalid argument.
    pub fn eai(&self) -> i32 {
        match self {
            LookupError::Eai(code) => *code,
            LookupError::InvalidArgument(_) => 0,
        }
    }
}

impl From<wit::LookupError> for LookupError {
    fn from(error: wit::LookupError) -> Self {
        match error {
            wit::LookupError::Eai(code) => LookupError::Eai(code),
            wit::LookupError::InvalidArgument(message) => LookupError::InvalidArgument(message),
        }
    }
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Eai(code) => write!(f, "address lookup failed (EAI error {code})"),
            LookupError::InvalidArgument(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for LookupError {}

/// `InvalidInput` for an invalid argument, `Other` for a getaddrinfo failure; the
/// [`LookupError`] is kept as the payload.
impl From<LookupError> for io::Error {
    fn from(error: LookupError) -> Self {
        let kind = match error {
            LookupError::Eai(_) => io::ErrorKind::Other,
            LookupError::InvalidArgument(_) => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, error)
    }
}
