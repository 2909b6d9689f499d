//! Ownership of native descriptors and of the guest's socket slots.
//!
//! Two budgets bound what guests hold. A guest's [`Slot`]s count every object that keeps a
//! socket alive on its behalf — each `Socket` handle and each exported stream pair — so closing a
//! socket whose streams live on does not free its slot. The process's descriptor budget counts
//! every native descriptor all guests hold together ([`Descriptor`]), so many guests cannot take
//! the host's last descriptors. Either way the guest sees `EMFILE`, as a process at its limit does.

use crate::errors::{HostError, HostResult, errno};
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::io::unix::AsyncFd;

/// Descriptors kept back from guests for the host itself (its listeners, logs, compiler cache).
const HOST_RESERVE_MIN: usize = 64;

/// One unit of a guest's socket budget, returned when dropped.
#[derive(Debug)]
pub(crate) struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// Takes a slot from `used` if fewer than `max` are taken, else `EMFILE`.
    pub(crate) fn take(used: &Arc<AtomicUsize>, max: usize) -> HostResult<Slot> {
        used.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < max).then_some(n + 1)
        })
        .map_err(|_| HostError::errno(errno::EMFILE))?;
        Ok(Slot(used.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Descriptors all guests of this process hold, and how many they may.
fn host_budget() -> &'static (Arc<AtomicUsize>, usize) {
    static BUDGET: OnceLock<(Arc<AtomicUsize>, usize)> = OnceLock::new();
    BUDGET.get_or_init(|| {
        let soft = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .unwrap_or(u64::MAX)
            .min(usize::MAX as u64) as usize;
        let reserve = HOST_RESERVE_MIN.max(soft / 8);
        (Arc::new(AtomicUsize::new(0)), soft.saturating_sub(reserve))
    })
}

/// How many descriptors guests of this process may hold together: the soft `RLIMIT_NOFILE` at
/// first use, less a reserve of an eighth (at least 64) for the host.
pub fn host_descriptor_limit() -> usize {
    host_budget().1
}

/// Descriptors guests of this process hold now.
pub fn host_descriptors_in_use() -> usize {
    host_budget().0.load(Ordering::SeqCst)
}

/// Reserves room for one more native descriptor in the process budget (`EMFILE` when full).
pub(crate) fn host_slot() -> HostResult<Slot> {
    let (used, max) = host_budget();
    Slot::take(used, *max)
}

/// A native socket, counted in the process budget, and its registration with the reactor.
///
/// The registration is made when a call first has to wait, and made anew after `listen` or
/// `connect`: tokio treats a hang-up as final, but a socket that reported one while unconnected
/// (Linux reports `EPOLLHUP` for a fresh TCP socket) can still connect or listen, and a stale
/// hang-up would make every later wait return at once.
///
/// Closing a socket with `SO_LINGER` on blocks in `close(2)` even when it is non-blocking, so
/// such a descriptor is closed on a blocking thread, never on the reactor's.
#[derive(Debug)]
pub(crate) struct Descriptor {
    /// The registration shares the socket, so the descriptor outlives it.
    reactor: Mutex<Option<Arc<AsyncFd<Arc<socket2::Socket>>>>>,
    socket: Option<Arc<socket2::Socket>>,
    /// `SO_TYPE`, read once (Linux makes AF_UNIX `SOCK_RAW` a datagram socket).
    kind: Option<socket2::Type>,
    lingers: AtomicBool,
    /// PHP's blocking mode, kept here as O_NONBLOCK is kept on the open file (the native
    /// descriptor itself is always non-blocking: the host waits for the guest).
    blocking: AtomicBool,
    /// Closed through one of the handles sharing it (PHP's Socket, its stream, a Socket
    /// imported from that stream all name one descriptor number; closing any closes it for
    /// all): the others' calls fail with EBADF, as they do natively.
    closed_for_all: AtomicBool,
    /// Sent with `SCM_RIGHTS`: the socket may live on in another descriptor (another guest's,
    /// another process's), which a close here must leave working.
    passed: AtomicBool,
    /// For an AF_UNIX socket bound through a pinned directory: keeps its name translated.
    bound_name: OnceLock<crate::policy::BoundName>,
    /// `None` only while a lingering close is handed to another thread.
    host_slot: Option<Slot>,
}

impl Descriptor {
    /// Takes an open, non-blocking socket whose place in the budget `slot` holds.
    pub(crate) fn new(socket: socket2::Socket, slot: Slot) -> Self {
        Descriptor {
            reactor: Mutex::new(None),
            kind: socket.r#type().ok(),
            socket: Some(Arc::new(socket)),
            lingers: AtomicBool::new(false),
            blocking: AtomicBool::new(true),
            closed_for_all: AtomicBool::new(false),
            passed: AtomicBool::new(false),
            bound_name: OnceLock::new(),
            host_slot: Some(slot),
        }
    }

    /// The native socket.
    pub(crate) fn socket(&self) -> &socket2::Socket {
        self.socket.as_ref().expect("socket used after close")
    }

    /// Closes it for every handle that shares it: each handle's next call fails with EBADF,
    /// and the connection ends now (`shutdown`), as the native close of its one descriptor
    /// would end it — unless the socket was passed with `SCM_RIGHTS`, whose receiver's copy a
    /// native close leaves open. The descriptor itself closes with the last holder, so no
    /// number is reused while a handle still names it.
    pub(crate) fn close_for_all(&self) {
        if !self.passed.load(Ordering::Relaxed) {
            let socket = self.socket();
            // A native close resets a TCP connection when SO_LINGER is on with no time, or
            // when received data was left unread; otherwise it ends it with a FIN.
            let resets = self.is_stream()
                && socket.domain().is_ok_and(|d| d != socket2::Domain::UNIX)
                && (socket
                    .linger()
                    .is_ok_and(|l| l == Some(std::time::Duration::ZERO))
                    || crate::sys::bytes_queued(socket.as_fd()).is_ok_and(|n| n > 0));
            if resets {
                // connect(AF_UNSPEC): tcp_disconnect resets an established connection.
                let _ = rustix::net::connect_unspec(socket);
            } else {
                let _ = socket.shutdown(std::net::Shutdown::Both);
            }
        }
        self.closed_for_all.store(true, Ordering::Relaxed);
    }

    /// Whether the guest's calls on it wait for readiness (PHP's blocking mode).
    pub(crate) fn is_blocking(&self) -> bool {
        self.blocking.load(Ordering::Relaxed)
    }

    /// Sets PHP's blocking mode for every handle of the descriptor.
    pub(crate) fn set_blocking(&self, blocking: bool) {
        self.blocking.store(blocking, Ordering::Relaxed);
    }

    /// Records that the socket was sent with `SCM_RIGHTS` (see [`Descriptor::close_for_all`]).
    pub(crate) fn mark_passed(&self) {
        self.passed.store(true, Ordering::Relaxed);
    }

    /// Whether [`Descriptor::close_for_all`] ran.
    pub(crate) fn is_closed_for_all(&self) -> bool {
        self.closed_for_all.load(Ordering::Relaxed)
    }

    /// Whether it is a stream socket.
    pub(crate) fn is_stream(&self) -> bool {
        self.kind == Some(socket2::Type::STREAM)
    }

    /// Whether it is a datagram socket.
    pub(crate) fn is_dgram(&self) -> bool {
        self.kind == Some(socket2::Type::DGRAM)
    }

    /// The reactor registration, made on first use. Must run inside tokio.
    pub(crate) fn reactor(&self) -> std::io::Result<Arc<AsyncFd<Arc<socket2::Socket>>>> {
        let mut slot = self.reactor.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = &*slot {
            return Ok(r.clone());
        }
        let interest = tokio::io::Interest::READABLE
            | tokio::io::Interest::WRITABLE
            | tokio::io::Interest::PRIORITY;
        let shared = self.socket.clone().expect("socket used after close");
        let r = Arc::new(crate::sys::register(shared, interest)?);
        *slot = Some(r.clone());
        Ok(r)
    }

    /// Forgets the registration after a state change (listen, connect), unless a wait or a
    /// stream still uses it: the next wait registers the socket as it is now.
    pub(crate) fn renew_reactor(&self) {
        let mut slot = self.reactor.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref().is_some_and(|r| Arc::strong_count(r) == 1) {
            *slot = None;
        }
    }

    /// Keeps the translation of the name a bind gave the socket for as long as it lives (a
    /// socket is bound once).
    pub(crate) fn keep_bound_name(&self, name: crate::policy::BoundName) {
        let _ = self.bound_name.set(name);
    }

    /// Records whether the kernel now lingers on close (`SO_LINGER` on with a time).
    pub(crate) fn set_lingers(&self, on: bool) {
        self.lingers.store(on, Ordering::Relaxed);
    }

    /// Takes the socket (with its budget slot) away when its close may block.
    fn detach_if_lingering(&mut self) -> Option<(socket2::Socket, Option<Slot>)> {
        if !self.lingers.load(Ordering::Relaxed) {
            return None;
        }
        // Deregister before the descriptor leaves this thread.
        *self.reactor.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        let socket = Arc::try_unwrap(self.socket.take()?).ok()?;
        Some((socket, self.host_slot.take()))
    }
}

impl AsRawFd for Descriptor {
    fn as_raw_fd(&self) -> RawFd {
        self.socket().as_raw_fd()
    }
}

impl Drop for Descriptor {
    fn drop(&mut self) {
        // The budget slot moves with the socket: it stays taken until the close is done.
        if let Some((socket, slot)) = self.detach_if_lingering() {
            close_off_thread(move || {
                drop(socket);
                drop(slot);
            });
        }
    }
}

/// Runs a close that may block on tokio's blocking pool (bounded, queued) or, outside a
/// runtime, on a thread of its own.
fn close_off_thread(close: impl FnOnce() + Send + 'static) {
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => drop(rt.spawn_blocking(close)),
        Err(_) => drop(std::thread::Builder::new().spawn(close)),
    }
}

/// Drops the guest's last reference to a descriptor. When that closes a lingering socket, waits
/// (without holding the reactor) until `close(2)` returns, as a native blocking close would.
pub(crate) async fn release(fd: Arc<Descriptor>) {
    let Ok(mut desc) = Arc::try_unwrap(fd) else {
        return;
    };
    let Some((socket, slot)) = desc.detach_if_lingering() else {
        return;
    };
    let _ = tokio::task::spawn_blocking(move || {
        drop(socket);
        drop(slot);
    })
    .await;
}
