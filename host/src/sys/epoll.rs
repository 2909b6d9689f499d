//! The epoll sets of `socket_select` and `events.poller` (a wait costs one `epoll_wait`
//! however many sockets it watches), and registration with tokio's epoll reactor.
//!
//! rustix makes the sets and changes an `events.poller`'s live sockets. Two calls stay libc's:
//! `epoll_ctl` by number, because select's set also drops numbers whose socket is being closed
//! (or is already gone), which no `AsFd` can name; and `epoll_wait`, because the buffer a
//! guest keeps between waits must be `Send` and rustix's `Event` is not (it may hold a pointer).

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};

use rustix::event::epoll;

/// A new close-on-exec epoll instance.
pub(crate) fn epoll_create() -> io::Result<OwnedFd> {
    Ok(epoll::create(epoll::CreateFlags::CLOEXEC)?)
}

/// `epoll_ctl(op, fd, events)` by descriptor number, level-triggered, with the number itself
/// as the event's data.
pub(crate) fn epoll_ctl(epoll: BorrowedFd<'_>, op: i32, fd: RawFd, events: u32) -> io::Result<()> {
    let mut ev = libc::epoll_event {
        events,
        u64: fd as u64,
    };
    // SAFETY: ev is a valid epoll_event for the duration of the call; the kernel checks the
    // number (a closed one is EBADF, another file's ENOENT).
    syscall!(unsafe { libc::epoll_ctl(epoll.as_raw_fd(), op, fd, &mut ev) })?;
    Ok(())
}

/// An `events.poller` change for one live socket.
#[derive(Debug, Clone, Copy)]
pub(crate) enum EpollChange {
    /// `EPOLL_CTL_ADD`.
    Add,
    /// `EPOLL_CTL_MOD`.
    Modify,
    /// `EPOLL_CTL_DEL`.
    Remove,
}

/// `epoll_ctl` for a live socket, level-triggered, with `token` as the event's data.
pub(crate) fn epoll_change(
    epoll: BorrowedFd<'_>,
    change: EpollChange,
    socket: BorrowedFd<'_>,
    events: u32,
    token: u64,
) -> io::Result<()> {
    let flags = epoll::EventFlags::from_bits_retain(events);
    let data = epoll::EventData::new_u64(token);
    Ok(match change {
        EpollChange::Add => epoll::add(epoll, socket, data, flags),
        EpollChange::Modify => epoll::modify(epoll, socket, data, flags),
        EpollChange::Remove => epoll::delete(epoll, socket),
    }?)
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
