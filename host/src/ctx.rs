//! Per-store state: the policy, limits, PHP's global last error, and the socket resource.

use crate::check::{CheckFuture, CheckRequest, CheckTarget, EmbedderCheck};
use crate::denials::Denials;
use crate::errors::{HostError, HostResult, errno};
use crate::fd::{Descriptor, Slot};
use crate::policy::{Denial, Operation, Policy};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use wasmtime::component::{Resource, ResourceTable};

/// Per-guest limits. A guest that reaches one gets the errno a kernel would give.
///
/// Built from the defaults with one setter per field, so new limits can be added:
/// `Limits::default().max_sockets(64).max_io_bytes(1 << 20)`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Limits {
    /// Sockets a guest may hold open at once (beyond: EMFILE).
    pub max_sockets: usize,
    /// Bytes one read/recv may allocate; longer requests return at most this much (never more
    /// than 1 GiB, whatever is set).
    pub max_io_bytes: usize,
    /// Sockets one `socket_select` may watch (beyond: EINVAL).
    pub max_select: usize,
    /// Connections a listening socket may queue (larger backlogs are clamped, as the kernel
    /// clamps to `somaxconn`).
    pub max_backlog: usize,
    /// Host-name lookups a guest may have in flight (beyond: `EAI_AGAIN`).
    pub max_lookups: usize,
    /// Bytes of linear memory the guest may grow to. Arguments the host copies out of the
    /// guest (write data, lists of sockets) are bounded by this too.
    pub max_memory: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_sockets: 1024,
            max_io_bytes: 16 << 20,
            max_select: 4096,
            max_backlog: 128,
            max_lookups: 4,
            max_memory: 1 << 30,
        }
    }
}

/// A setter `name(value)` for each listed field of `Limits`.
macro_rules! limit_setters {
    ($($field:ident),* $(,)?) => {
        impl Limits {
            $(
                #[doc = concat!("Sets [`Limits::", stringify!($field), "`].")]
                pub fn $field(mut self, value: usize) -> Self {
                    self.$field = value;
                    self
                }
            )*
        }
    };
}

limit_setters!(
    max_sockets,
    max_io_bytes,
    max_select,
    max_backlog,
    max_lookups,
    max_memory
);

/// The most one call may allocate for data whatever `max_io_bytes` says: a configured value
/// beyond it (say `usize::MAX`) must not let a guest's huge read length become an allocation.
const IO_BYTES_CEILING: usize = 1 << 30;

impl Limits {
    /// Bytes one read may allocate: `max_io_bytes`, at most 1 GiB.
    pub(crate) fn io_bytes(&self) -> usize {
        self.max_io_bytes.min(IO_BYTES_CEILING)
    }
}

/// The php:sockets state of one guest (one store). Build it from a [`Policy`].
#[derive(Debug)]
pub struct SocketsCtx {
    pub(crate) policy: Policy,
    pub(crate) limits: Limits,
    /// `socket_last_error()` without a socket.
    pub(crate) global_error: i32,
    /// glibc's `h_errno` as the guest's lookups left it: PHP reports a name glibc refuses
    /// without a lookup as `-10000 - h_errno`, whatever the last lookup set.
    pub(crate) h_errno: i32,
    /// Slots taken: socket handles and exported stream pairs (see `fd.rs`).
    pub(crate) slots: Arc<AtomicUsize>,
    /// `AddressInfo` handles alive (bounded like sockets, by `max_sockets`).
    pub(crate) addrinfo_slots: Arc<AtomicUsize>,
    /// Streams handed out by `socket_export_stream`, so `socket_import_stream` can take them back.
    pub(crate) exported: crate::streams::Exports,
    /// `socket_select`'s epoll set, made on first use.
    pub(crate) poller: Option<crate::select::Poller>,
    /// The epoll set of each `events.poller` alive, by resource rep.
    pub(crate) event_sets: HashMap<u32, Arc<std::os::fd::OwnedFd>>,
    /// Resolver calls still running (shared with their blocking threads).
    pub(crate) lookups_in_flight: Arc<std::sync::atomic::AtomicUsize>,
    /// What the policy refused, shared with the wasi:sockets hooks.
    pub(crate) denials: Denials,
    /// wasi:sockets sockets alive, by resource rep: each holds a slot (see `wasi_sockets.rs`).
    pub(crate) wasi_sockets: HashMap<u32, (Slot, Slot)>,
    /// The embedder's own check, asked after the policy allowed an operation.
    pub(crate) check: Option<EmbedderCheck>,
    /// Where the guest's AF_UNIX path names are on the host.
    pub(crate) guest_paths: crate::policy::GuestPaths,
}

impl SocketsCtx {
    /// A context enforcing `policy` with default [`Limits`].
    pub fn new(policy: Policy) -> Self {
        SocketsCtx {
            policy,
            limits: Limits::default(),
            global_error: 0,
            h_errno: 0,
            slots: Default::default(),
            addrinfo_slots: Default::default(),
            exported: Default::default(),
            lookups_in_flight: Default::default(),
            poller: None,
            event_sets: HashMap::new(),
            denials: Denials::new("guest"),
            wasi_sockets: HashMap::new(),
            check: None,
            guest_paths: Default::default(),
        }
    }

    /// Replaces the limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Adds the embedder's own check ([`crate::check`]): asked, after the policy allowed it,
    /// about every address and name a guest uses; `false` refuses as the policy would.
    ///
    /// Set it before [`wasi_sockets::configure`](crate::wasi_sockets::configure), which
    /// takes it for the guest's wasi:sockets too.
    pub fn with_check(
        mut self,
        check: impl Fn(CheckRequest) -> CheckFuture + Send + Sync + 'static,
    ) -> Self {
        self.check = Some(EmbedderCheck::new(check));
        self
    }

    /// Tells the context that the guest sees host directory `host` at `guest` (a preopened
    /// directory: [`crate::run::Preopen`]), so its AF_UNIX path names there reach that
    /// directory, as its file names do; a bind there fails with `EROFS` unless `writable`. A
    /// name in no such directory is a host path, as given; either way the policy checks where
    /// the name really is.
    pub fn with_guest_dir(mut self, guest: &str, host: &std::path::Path, writable: bool) -> Self {
        self.guest_paths.add(guest, host, writable);
        self
    }

    /// Names the guest in denial logs.
    pub fn with_guest_name(self, name: impl Into<String>) -> Self {
        self.denials.rename(name.into());
        self
    }

    /// How many operations of each kind the policy denied so far (php:sockets and
    /// wasi:sockets together).
    pub fn denials(&self) -> BTreeMap<Operation, u64> {
        self.denials.counts()
    }

    /// Number of sockets the guest holds open (socket handles and exported stream pairs whose
    /// descriptor lives on).
    pub fn open_sockets(&self) -> usize {
        self.slots.load(Ordering::SeqCst)
    }

    /// The policy's answer for an operation, then the embedder's check: a denial by either is
    /// logged, counted and `EACCES`.
    pub(crate) async fn permit(
        &mut self,
        policy: Result<(), Denial>,
        operation: Operation,
        target: CheckTarget,
    ) -> HostResult<()> {
        policy.map_err(|d| self.denied(d))?;
        self.embedder_allows(operation, target)
            .await
            .map_err(|d| self.denied(d))
    }

    /// The embedder's check alone (the caller applied the policy): its refusal as a denial.
    pub(crate) async fn embedder_allows(
        &self,
        operation: Operation,
        target: CheckTarget,
    ) -> Result<(), Denial> {
        match &self.check {
            Some(check) => check.allows(operation, target).await,
            None => Ok(()),
        }
    }

    /// Logs and counts a denial; returns the errno the guest sees (EACCES, as a native call
    /// refused by a security module gives).
    pub(crate) fn denied(&mut self, d: Denial) -> HostError {
        self.denied_with(d, errno::EACCES)
    }

    /// Logs and counts a denial that a native call would refuse with `code` (EPERM for
    /// privileged operations).
    pub(crate) fn denied_with(&mut self, d: Denial, code: i32) -> HostError {
        self.denials.record(&d);
        HostError::errno(code)
    }

    /// Records a runtime failure in the global slot.
    pub(crate) fn record_global<T>(&mut self, r: HostResult<T>) -> HostResult<T> {
        if let Err(e) = &r
            && let Some(code) = e.recorded_errno()
        {
            self.global_error = code;
        }
        r
    }

    /// Takes one socket slot, or EMFILE at the guest's limit.
    pub(crate) fn reserve_socket(&self) -> HostResult<Slot> {
        Slot::take(&self.slots, self.limits.max_sockets)
    }

    /// Takes a slot and room for a new native descriptor, before the descriptor exists.
    pub(crate) fn reserve_descriptor(&self) -> HostResult<(Slot, Slot)> {
        Ok((self.reserve_socket()?, crate::fd::host_slot()?))
    }
}

/// What the php:sockets host functions borrow from the store on each call.
pub struct SocketsCtxView<'a> {
    /// The guest's php:sockets state.
    pub ctx: &'a mut SocketsCtx,
    /// The store's resource table (shared with wasmtime-wasi).
    pub table: &'a mut ResourceTable,
}

/// Implemented by store data that carries php:sockets state.
pub trait SocketsView: Send {
    /// Borrows the php:sockets view.
    fn sockets(&mut self) -> SocketsCtxView<'_>;
}

/// PHP's `Socket`: a native descriptor (non-blocking at the OS level) and PHP's view of it.
#[derive(Debug)]
pub struct Sock {
    /// `None` once `socket_close` ran. Shared with the streams `socket_export_stream` made.
    pub(crate) fd: Option<Arc<Descriptor>>,
    /// This handle's place in the guest's socket budget, given back at close.
    pub(crate) slot: Option<Slot>,
    /// The domain PHP records (`AF_INET`, `AF_INET6`, `AF_UNIX`).
    pub(crate) family: i32,
    /// `socket_last_error($socket)`.
    pub(crate) last_error: i32,
    /// SO_RCVTIMEO / SO_SNDTIMEO: bounds on the host-side waits of a blocking socket.
    pub(crate) recv_timeout: Option<Duration>,
    pub(crate) send_timeout: Option<Duration>,
    /// SO_RCVLOWAT as the kernel holds it: a blocking receive waits for this many bytes.
    pub(crate) rcvlowat: usize,
}

impl Sock {
    /// Another guest `Socket` over a descriptor the guest already holds (an imported stream).
    pub(crate) fn shared(fd: Arc<Descriptor>, slot: Slot, family: i32) -> Self {
        Sock {
            fd: Some(fd),
            slot: Some(slot),
            family,
            last_error: 0,
            recv_timeout: None,
            send_timeout: None,
            rcvlowat: 1,
        }
    }

    /// Wraps an open socket for the guest (non-blocking at the OS level: the host waits on
    /// the guest's behalf), in the budget places `slots` reserved. Must run inside tokio.
    pub(crate) fn new(
        socket: socket2::Socket,
        (slot, host_slot): (Slot, Slot),
        family: i32,
    ) -> HostResult<Self> {
        socket.set_nonblocking(true)?;
        let fd = Arc::new(Descriptor::new(socket, host_slot));
        Ok(Sock::shared(fd, slot, family))
    }

    /// The open descriptor: PHP's "already been closed" error once this handle was closed,
    /// EBADF once another handle sharing the descriptor closed it.
    pub(crate) fn fd(&self) -> HostResult<&Descriptor> {
        self.shared_fd().map(|fd| &**fd)
    }

    /// [`Sock::fd`] as the shared handle, for what keeps the descriptor (exported streams).
    pub(crate) fn shared_fd(&self) -> HostResult<&Arc<Descriptor>> {
        match &self.fd {
            Some(fd) if fd.is_closed_for_all() => Err(HostError::errno(errno::EBADF)),
            Some(fd) => Ok(fd),
            None => Err(HostError::Php(
                crate::bindings::php::sockets::types::Error::Closed,
            )),
        }
    }

    /// PHP's blocking flag: whether calls wait for readiness. It belongs to the descriptor,
    /// as O_NONBLOCK to the open file: a Socket imported from a stream shares the stream's.
    pub(crate) fn blocking(&self) -> bool {
        self.fd.as_deref().is_none_or(Descriptor::is_blocking)
    }

    /// The raw socket.
    pub(crate) fn raw(&self) -> HostResult<&socket2::Socket> {
        Ok(self.fd()?.socket())
    }
}

impl SocketsCtxView<'_> {
    /// Puts a fresh native socket into the table as a guest `Socket` (non-blocking at the OS
    /// level; `blocking` is PHP's flag), in the budget places `slots` reserved before it was
    /// made.
    pub(crate) fn adopt(
        &mut self,
        socket: socket2::Socket,
        slots: (Slot, Slot),
        family: i32,
        blocking: bool,
    ) -> HostResult<Resource<Sock>> {
        let sock = Sock::new(socket, slots, family)?;
        sock.fd()?.set_blocking(blocking);
        Ok(self.table.push(sock)?)
    }

    /// A PHP function on one socket: fetches it, runs `body` (the policy check first, then the
    /// syscall) and records a failure as PHP does ([`SocketsCtx::record`]).
    pub(crate) async fn on_socket<T>(
        &mut self,
        s: &Resource<Sock>,
        body: impl AsyncFnOnce(&mut Sock, &mut SocketsCtx) -> HostResult<T>,
    ) -> HostResult<T> {
        let sock = self.table.get_mut(s)?;
        let r = body(sock, self.ctx).await;
        self.ctx.record(sock, r)
    }
}

impl SocketsCtx {
    /// Records a runtime failure in the socket's slot and the global one, as PHP does for most
    /// functions.
    pub(crate) fn record<T>(&mut self, sock: &mut Sock, r: HostResult<T>) -> HostResult<T> {
        if let Err(e) = &r
            && let Some(code) = e.recorded_errno()
        {
            sock.last_error = code;
            self.global_error = code;
        }
        r
    }
}
