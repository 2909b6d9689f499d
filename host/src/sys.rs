//! The few raw libc calls socket2 does not wrap. All `unsafe` code of the host lives here and
//! in its submodules: `sys/msg.rs` (sendmsg/recvmsg and control messages), `sys/gai.rs`
//! (getaddrinfo, getnameinfo), `sys/sockopt.rs` (getsockopt/setsockopt, interfaces and multicast
//! requests), `sys/epoll.rs` (the epoll sets of socket_select and events.poller, tokio's
//! reactor) and `sys/plain.rs` (libc structs as bytes).
//!
//! rustix (already a dependency) makes the epoll sets and changes an `events.poller`'s sockets;
//! it does not fit the rest: its ancillary-message API knows only `SCM_RIGHTS` and
//! `SCM_CREDENTIALS`, where PHP's messages also carry `IPV6_PKTINFO`, `IPV6_HOPLIMIT` and
//! `IPV6_TCLASS`; its `epoll_ctl` takes a live `AsFd`, where select's set also removes numbers
//! whose socket is being closed; and its epoll `Event` is not `Send`, which the buffer a guest
//! keeps between waits must be (sys/epoll.rs).

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
mod plain;
mod sockopt;

pub(crate) use epoll::{EpollChange, epoll_change, epoll_create, epoll_ctl, epoll_ready, register};
pub(crate) use gai::{GaiEntry, GaiHints, getaddrinfo, getnameinfo};
pub(crate) use msg::{
    ControlBuf, RawCmsg, RecvCmsg, RecvMsg, encode_cmsgs, is_socket, process_ids, recvmsg, sendmsg,
};
pub(crate) use plain::{bytes_of, whole_bytes};
pub(crate) use sockopt::{
    getsockopt_bytes, getsockopt_int, getsockopt_plain, group_request, ifindex_of_ipv4,
    ipv4_of_interface, setsockopt_bytes, timeout_of,
};

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

/// Bytes queued for reading (`SIOCINQ`, the same request as `FIONREAD`).
pub(crate) fn bytes_queued(fd: BorrowedFd<'_>) -> io::Result<usize> {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int through the pointer, which is valid for writes.
    syscall!(unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut n) })?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The poll(2) events of `events` (and POLLERR / POLLHUP) the socket has now, seen without
/// consuming anything: a shut-down read side (`POLLRDHUP`, from `sk_shutdown`), a pending error
/// (`POLLERR`: `SO_ERROR` set or the error queue non-empty), which a send or `SO_ERROR` would
/// consume.
pub(crate) fn poll_now(fd: BorrowedFd<'_>, events: libc::c_short) -> io::Result<libc::c_short> {
    let mut p = libc::pollfd {
        fd: fd.as_raw_fd(),
        events,
        revents: 0,
    };
    // SAFETY: one valid pollfd, and a zero timeout: poll only writes its revents.
    syscall!(unsafe { libc::poll(&mut p, 1, 0) })?;
    Ok(p.revents)
}

/// An empty address, as the kernel leaves `msg_namelen` when nothing was received.
pub(crate) fn no_address() -> socket2::SockAddr {
    // SAFETY: a zeroed sockaddr_storage with length 0 is a valid (empty) address.
    unsafe { socket2::SockAddr::new(std::mem::zeroed(), 0) }
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
