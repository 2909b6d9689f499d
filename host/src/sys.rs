//! The few raw libc calls socket2 does not wrap. All `unsafe` code of the host lives here and
//! in its submodules: `sys/msg.rs` (sendmsg/recvmsg and control messages), `sys/gai.rs`
//! (getaddrinfo), `sys/netif.rs` (interfaces and multicast requests), `sys/epoll.rs`
//! (the epoll sets of socket_select and events.poller) and `sys/plain.rs` (libc structs as
//! bytes).
//!
//! rustix (already a dependency) does not fit two of them: its ancillary-message API knows
//! only `SCM_RIGHTS` and `SCM_CREDENTIALS`, where PHP's messages also carry `IPV6_PKTINFO`,
//! `IPV6_HOPLIMIT` and `IPV6_TCLASS`; and its epoll calls take a live `AsFd`, where the sets
//! here also remove descriptor numbers whose socket is being closed.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

/// Evaluates a libc call returning -1 on error into `io::Result`.
macro_rules! syscall {
    ($e:expr) => {{
        let r = $e;
        if r == -1 {
            Err(io::Error::last_os_error())
        } else {
            Ok(r)
        }
    }};
}

mod epoll;
mod gai;
mod msg;
mod netif;
mod plain;

pub(crate) use epoll::{epoll_create, epoll_ctl, epoll_ctl_token, epoll_ready};
pub(crate) use gai::{GaiEntry, GaiHints, getaddrinfo};
pub(crate) use msg::{
    ControlBuf, RawCmsg, RecvCmsg, encode_cmsgs, is_socket, process_ids, recvmsg, sendmsg,
};
pub(crate) use netif::{group_request, ifindex_of_ipv4, ipv4_of_ifindex};
pub(crate) use plain::{bytes_of, from_bytes, whole_bytes};

/// glibc's `strerror` text for `code` (thread-safe variant): the oracle of `strerror.rs`'s table.
#[cfg(all(test, target_env = "gnu"))]
pub(crate) fn glibc_strerror(code: i32) -> String {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: buf is writable for its full length and strerror_r (XSI) NUL-terminates within it.
    let rc = unsafe { libc::strerror_r(code, buf.as_mut_ptr(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {code}");
    }
    // SAFETY: strerror_r succeeded, so buf holds a NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// glibc's `hstrerror` text for a resolver error code: the oracle of `strerror.rs`'s table.
#[cfg(all(test, target_env = "gnu"))]
pub(crate) fn glibc_hstrerror(code: i32) -> String {
    // hstrerror returns a pointer to a static string (or "Unknown resolver error").
    unsafe extern "C" {
        fn hstrerror(err: libc::c_int) -> *const libc::c_char;
    }
    // SAFETY: glibc's hstrerror always returns a valid static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(hstrerror(code)) }
        .to_string_lossy()
        .into_owned()
}

/// `getsockopt` of an int-sized (or smaller) option; returns the value and the kernel's length.
pub(crate) fn getsockopt_int(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
) -> io::Result<(i32, usize)> {
    let mut val: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: val and len are valid for writes; the kernel writes at most len bytes.
    syscall!(unsafe {
        libc::getsockopt(fd.as_raw_fd(), level, name, (&raw mut val).cast(), &mut len)
    })?;
    Ok((val, len as usize))
}

/// `setsockopt` with a plain byte buffer (ints, structs and strings, already laid out).
pub(crate) fn setsockopt_bytes(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
    value: &[u8],
) -> io::Result<()> {
    // SAFETY: value is valid for reads of value.len() bytes.
    syscall!(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            value.as_ptr().cast(),
            value.len() as libc::socklen_t,
        )
    })?;
    Ok(())
}

/// `getsockopt` of an option whose value is a plain libc struct.
pub(crate) fn getsockopt_plain<T: plain::Plain>(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
) -> io::Result<T> {
    Ok(from_bytes(&getsockopt_bytes(
        fd,
        level,
        name,
        size_of::<T>(),
    )?))
}

/// `getsockopt` into a byte buffer; returns the bytes the kernel wrote.
pub(crate) fn getsockopt_bytes(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
    cap: usize,
) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; cap];
    let mut len = cap as libc::socklen_t;
    // SAFETY: buf is valid for writes of len bytes; the kernel updates len to what it wrote.
    syscall!(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    })?;
    buf.truncate(len as usize);
    Ok(buf)
}

/// The kernel's SO_RCVTIMEO / SO_SNDTIMEO as it holds it: `None` for no timeout (the kernel
/// reports "forever" as zero).
pub(crate) fn timeout_of(
    fd: BorrowedFd<'_>,
    option: i32,
) -> io::Result<Option<std::time::Duration>> {
    let mut tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    let mut len = size_of::<libc::timeval>() as libc::socklen_t;
    // SAFETY: tv and len are valid for writes; the kernel writes at most len bytes.
    syscall!(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            option,
            (&raw mut tv).cast(),
            &mut len,
        )
    })?;
    let secs = u64::try_from(tv.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(tv.tv_usec.clamp(0, 999_999)).unwrap_or(0) * 1000;
    Ok((secs > 0 || nanos > 0).then(|| std::time::Duration::new(secs, nanos)))
}

/// Bytes queued for reading (`SIOCINQ`, the same request as `FIONREAD`).
pub(crate) fn bytes_queued(fd: BorrowedFd<'_>) -> io::Result<usize> {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int through the pointer, which is valid for writes.
    syscall!(unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut n) })?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// `SIOCATMARK` from <linux/sockios.h> (libc does not export it).
const SIOCATMARK: libc::Ioctl = 0x8905;

/// `sockatmark(3)`, which is the `SIOCATMARK` ioctl on Linux.
pub(crate) fn sockatmark(fd: BorrowedFd<'_>) -> io::Result<bool> {
    let mut at: libc::c_int = 0;
    // SAFETY: SIOCATMARK writes one int through the pointer, which is valid for writes.
    syscall!(unsafe { libc::ioctl(fd.as_raw_fd(), SIOCATMARK, &mut at) })?;
    Ok(at != 0)
}

/// Registers a descriptor (an epoll set, or a socket shared with its registration) with
/// tokio's reactor.
pub(crate) fn register<T: AsRawFd>(
    owned: T,
    interest: tokio::io::Interest,
) -> io::Result<tokio::io::unix::AsyncFd<T>> {
    // SAFETY: `owned` owns (or shares ownership of) its descriptor, and the AsyncFd owns
    // `owned`: the descriptor stays open and is not replaced while registered.
    unsafe { tokio::io::unix::AsyncFd::register_with_interest(owned, interest) }
        .map_err(|e| e.into_parts().1)
}

/// Whether new IPv6 sockets start with `IPV6_V6ONLY` on (`net.ipv6.bindv6only`; off when
/// it cannot be read, the kernel's default).
pub(crate) fn bindv6only() -> bool {
    std::fs::read_to_string("/proc/sys/net/ipv6/bindv6only").is_ok_and(|v| v.trim() == "1")
}

/// `if_nametoindex(3)`: 0 when there is no such interface.
pub(crate) fn if_nametoindex(name: &str) -> u32 {
    let Ok(c) = std::ffi::CString::new(name) else {
        return 0;
    };
    // SAFETY: c is a valid NUL-terminated string.
    unsafe { libc::if_nametoindex(c.as_ptr()) }
}

/// Receives at most `max` bytes into the spare capacity of `buf` (never past its capacity),
/// extending its length by what arrived. Returns the kernel's count, which exceeds what was
/// stored when MSG_TRUNC reports a longer datagram.
pub(crate) fn recv_into(
    fd: &socket2::Socket,
    buf: &mut Vec<u8>,
    max: usize,
    flags: i32,
) -> io::Result<usize> {
    let len = buf.len();
    let spare = buf.spare_capacity_mut();
    let room = spare.len().min(max);
    let n = fd.recv_with_flags(&mut spare[..room], flags)?;
    // SAFETY: the kernel initialised min(n, room) bytes of the spare capacity.
    unsafe { buf.set_len(len + n.min(room)) };
    Ok(n)
}

/// Like [`recv_into`] with the sender's address (`recvfrom`).
pub(crate) fn recv_from_into(
    fd: &socket2::Socket,
    buf: &mut Vec<u8>,
    flags: i32,
) -> io::Result<(usize, socket2::SockAddr)> {
    let len = buf.len();
    let spare = buf.spare_capacity_mut();
    let room = spare.len();
    let (n, from) = fd.recv_from_with_flags(spare, flags)?;
    // SAFETY: the kernel initialised min(n, room) bytes of the spare capacity.
    unsafe { buf.set_len(len + n.min(room)) };
    Ok((n, from))
}

/// An initialised byte buffer as the `MaybeUninit` slice socket2's receive calls take.
fn as_uninit(buf: &mut [u8]) -> &mut [std::mem::MaybeUninit<u8>] {
    // SAFETY: MaybeUninit<u8> has the layout of u8, and the kernel only writes bytes into it.
    unsafe { &mut *(buf as *mut [u8] as *mut [std::mem::MaybeUninit<u8>]) }
}

/// Peeks at pending bytes without consuming them.
pub(crate) fn peek_into(fd: &socket2::Socket, buf: &mut [u8]) -> io::Result<usize> {
    fd.recv_with_flags(as_uninit(buf), libc::MSG_PEEK)
}

/// Receives into an initialised buffer (used by the exported input stream).
pub(crate) fn recv_bytes(fd: &socket2::Socket, buf: &mut [u8]) -> io::Result<usize> {
    fd.recv(as_uninit(buf))
}
