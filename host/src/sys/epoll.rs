//! The epoll sets of `socket_select` and `events.poller` (a wait costs one `epoll_wait`
//! however many sockets it watches), and registration with tokio's epoll reactor.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

/// A new close-on-exec epoll instance.
pub(crate) fn epoll_create() -> io::Result<OwnedFd> {
    // SAFETY: epoll_create1 takes no pointers; on success the descriptor is ours to own.
    let fd = syscall!(unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) })?;
    // SAFETY: fd is a fresh descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `epoll_ctl(op, fd, events)`, level-triggered, with the fd itself as the event's data.
pub(crate) fn epoll_ctl(epoll: BorrowedFd<'_>, op: i32, fd: RawFd, events: u32) -> io::Result<()> {
    epoll_ctl_token(epoll, op, fd, events, fd as u64)
}

/// `epoll_ctl(op, fd, events)`, level-triggered, with `token` as the event's data.
pub(crate) fn epoll_ctl_token(
    epoll: BorrowedFd<'_>,
    op: i32,
    fd: RawFd,
    events: u32,
    token: u64,
) -> io::Result<()> {
    let mut ev = libc::epoll_event { events, u64: token };
    // SAFETY: ev is a valid epoll_event for the duration of the call.
    syscall!(unsafe { libc::epoll_ctl(epoll.as_raw_fd(), op, fd, &mut ev) })?;
    Ok(())
}

/// `epoll_wait` without waiting: fills `out` (cleared first) with at most `max` (at least 1)
/// events of the ready descriptors.
pub(crate) fn epoll_ready(
    epoll: BorrowedFd<'_>,
    out: &mut Vec<libc::epoll_event>,
    max: usize,
) -> io::Result<()> {
    out.clear();
    let cap = max.clamp(1, i32::MAX as usize);
    out.reserve_exact(cap);
    // SAFETY: out has room for `cap` events; the kernel writes at most that many.
    let n = unsafe { libc::epoll_wait(epoll.as_raw_fd(), out.as_mut_ptr(), cap as i32, 0) };
    let n = syscall!(n)?;
    // SAFETY: the kernel initialised the first n entries.
    unsafe { out.set_len(n as usize) };
    Ok(())
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
