//! The texts `socket_strerror()` gives: PHP's on Linux, which are glibc's `strerror` and
//! `hstrerror`, kept here rather than asked of the host's libc so that a host on musl (or any
//! other libc) prints what php-cli on Linux prints. Tested against glibc where the host has it.

/// glibc's `strerror` text of each errno, by its value (0 to 133, the last one Linux defines).
const ERRNO: [&str; 134] = [
    "Success",
    "Operation not permitted",
    "No such file or directory",
    "No such process",
    "Interrupted system call",
    "Input/output error",
    "No such device or address",
    "Argument list too long",
    "Exec format error",
    "Bad file descriptor",
    "No child processes",
    "Resource temporarily unavailable",
    "Cannot allocate memory",
    "Permission denied",
    "Bad address",
    "Block device required",
    "Device or resource busy",
    "File exists",
    "Invalid cross-device link",
    "No such device",
    "Not a directory",
    "Is a directory",
    "Invalid argument",
    "Too many open files in system",
    "Too many open files",
    "Inappropriate ioctl for device",
    "Text file busy",
    "File too large",
    "No space left on device",
    "Illegal seek",
    "Read-only file system",
    "Too many links",
    "Broken pipe",
    "Numerical argument out of domain",
    "Numerical result out of range",
    "Resource deadlock avoided",
    "File name too long",
    "No locks available",
    "Function not implemented",
    "Directory not empty",
    "Too many levels of symbolic links",
    "Unknown error 41",
    "No message of desired type",
    "Identifier removed",
    "Channel number out of range",
    "Level 2 not synchronized",
    "Level 3 halted",
    "Level 3 reset",
    "Link number out of range",
    "Protocol driver not attached",
    "No CSI structure available",
    "Level 2 halted",
    "Invalid exchange",
    "Invalid request descriptor",
    "Exchange full",
    "No anode",
    "Invalid request code",
    "Invalid slot",
    "Unknown error 58",
    "Bad font file format",
    "Device not a stream",
    "No data available",
    "Timer expired",
    "Out of streams resources",
    "Machine is not on the network",
    "Package not installed",
    "Object is remote",
    "Link has been severed",
    "Advertise error",
    "Srmount error",
    "Communication error on send",
    "Protocol error",
    "Multihop attempted",
    "RFS specific error",
    "Bad message",
    "Value too large for defined data type",
    "Name not unique on network",
    "File descriptor in bad state",
    "Remote address changed",
    "Can not access a needed shared library",
    "Accessing a corrupted shared library",
    ".lib section in a.out corrupted",
    "Attempting to link in too many shared libraries",
    "Cannot exec a shared library directly",
    "Invalid or incomplete multibyte or wide character",
    "Interrupted system call should be restarted",
    "Streams pipe error",
    "Too many users",
    "Socket operation on non-socket",
    "Destination address required",
    "Message too long",
    "Protocol wrong type for socket",
    "Protocol not available",
    "Protocol not supported",
    "Socket type not supported",
    "Operation not supported",
    "Protocol family not supported",
    "Address family not supported by protocol",
    "Address already in use",
    "Cannot assign requested address",
    "Network is down",
    "Network is unreachable",
    "Network dropped connection on reset",
    "Software caused connection abort",
    "Connection reset by peer",
    "No buffer space available",
    "Transport endpoint is already connected",
    "Transport endpoint is not connected",
    "Cannot send after transport endpoint shutdown",
    "Too many references: cannot splice",
    "Connection timed out",
    "Connection refused",
    "Host is down",
    "No route to host",
    "Operation already in progress",
    "Operation now in progress",
    "Stale file handle",
    "Structure needs cleaning",
    "Not a XENIX named type file",
    "No XENIX semaphores available",
    "Is a named type file",
    "Remote I/O error",
    "Disk quota exceeded",
    "No medium found",
    "Wrong medium type",
    "Operation canceled",
    "Required key not available",
    "Key has expired",
    "Key has been revoked",
    "Key was rejected by service",
    "Owner died",
    "State not recoverable",
    "Operation not possible due to RF-kill",
    "Memory page has hardware error",
];

/// glibc's `hstrerror` text of each resolver (`h_errno`) code, 0 to 4.
const RESOLVER: [&str; 5] = [
    "Resolver Error 0 (no error)",
    "Unknown host",
    "Host name lookup failure",
    "Unknown server error",
    "No address associated with name",
];

/// `socket_strerror()`: the text PHP prints on Linux for this code.
///
/// Codes below -10000 are resolver (`h_errno`) codes, as PHP encodes them; everything else is
/// an errno, with glibc's "Unknown error N" for a number Linux does not define.
pub fn strerror(code: i32) -> String {
    if code < -10000 {
        let h = -(code + 10000);
        return usize::try_from(h)
            .ok()
            .and_then(|h| RESOLVER.get(h))
            .map_or("Unknown resolver error", |t| t)
            .to_owned();
    }
    match usize::try_from(code).ok().and_then(|c| ERRNO.get(c)) {
        Some(text) => (*text).to_owned(),
        None => format!("Unknown error {code}"),
    }
}

#[cfg(all(test, target_env = "gnu"))]
mod tests {
    use super::strerror;
    use crate::sys::{glibc_hstrerror, glibc_strerror};

    #[test]
    fn the_table_is_what_glibc_says() {
        for code in (-10_000..=200).chain([i32::MAX]) {
            assert_eq!(strerror(code), glibc_strerror(code), "errno {code}");
        }
        for h in (1..=10).chain([i32::MAX - 10_000]) {
            assert_eq!(strerror(-10_000 - h), glibc_hstrerror(h), "h_errno {h}");
        }
        assert_eq!(strerror(i32::MIN), "Unknown resolver error");
    }
}
