//! Errors on the php:sockets boundary: the WIT `error` variant and traps.

use crate::bindings::php::sockets::types::Error as WitError;
use std::io;

/// The Linux errno values sockbox raises itself (canonical values, see `wit/constants.tsv`).
pub(crate) mod errno {
    pub const EPERM: i32 = libc::EPERM;
    pub const EBADF: i32 = libc::EBADF;
    pub const EAGAIN: i32 = libc::EAGAIN;
    pub const EACCES: i32 = libc::EACCES;
    pub const EINVAL: i32 = libc::EINVAL;
    pub const EMFILE: i32 = libc::EMFILE;
    pub const ENOTSOCK: i32 = libc::ENOTSOCK;
    pub const EOPNOTSUPP: i32 = libc::EOPNOTSUPP;
    pub const EAFNOSUPPORT: i32 = libc::EAFNOSUPPORT;
    pub const EROFS: i32 = libc::EROFS;
    /// PHP's encoding of resolver failures: `-10000 - h_errno`.
    pub const fn lookup_failed(h_errno: i32) -> i32 {
        -10000 - h_errno
    }
    /// h_errno's HOST_NOT_FOUND.
    pub const H_HOST_NOT_FOUND: i32 = 1;
    /// h_errno's NO_RECOVERY.
    pub const H_NO_RECOVERY: i32 = 3;
}

/// How a host function failed: a PHP-level error the guest sees, or a trap.
#[derive(Debug)]
pub enum HostError {
    /// Returned to the guest as the WIT `error` variant.
    Php(WitError),
    /// Traps the guest (invalid handle, host bug): never a host panic.
    Trap(wasmtime::Error),
}

/// Result of a host function.
pub type HostResult<T> = Result<T, HostError>;

impl HostError {
    /// A runtime failure with this errno.
    pub fn errno(code: i32) -> Self {
        HostError::Php(WitError::Errno(code))
    }

    /// PHP's ValueError / TypeError with this message.
    pub fn invalid(message: impl Into<String>) -> Self {
        HostError::Php(WitError::InvalidArgument(message.into()))
    }

    /// A PHP warning with `message` (the function's name is the runtime's to add), `false`.
    pub fn warning(message: impl Into<String>) -> Self {
        HostError::Php(WitError::Warning(message.into()))
    }

    /// The errno this error records in last-error slots, if it is a runtime failure.
    pub fn recorded_errno(&self) -> Option<i32> {
        match self {
            HostError::Php(WitError::Errno(e)) => Some(*e),
            _ => None,
        }
    }
}

impl From<io::Error> for HostError {
    fn from(e: io::Error) -> Self {
        HostError::errno(errno_of(&e))
    }
}

impl From<wasmtime::component::ResourceTableError> for HostError {
    fn from(e: wasmtime::component::ResourceTableError) -> Self {
        HostError::Trap(e.into())
    }
}

impl From<wasmtime::Error> for HostError {
    fn from(e: wasmtime::Error) -> Self {
        HostError::Trap(e)
    }
}

/// The errno of an I/O error; errors that carry none (e.g. timeouts) map to their Linux errno.
pub(crate) fn errno_of(e: &io::Error) -> i32 {
    if let Some(code) = e.raw_os_error() {
        return code;
    }
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => errno::EAGAIN,
        io::ErrorKind::PermissionDenied => errno::EACCES,
        io::ErrorKind::InvalidInput => errno::EINVAL,
        _ => libc::EIO,
    }
}
