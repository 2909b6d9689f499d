//! Socket lifecycle: create, create_listen, create_pair, bind, listen, accept, connect,
//! shutdown, close, blocking mode, getsockname/getpeername.

use crate::bindings::php::sockets::types::SockName;
use crate::check::CheckTarget;
use crate::ctx::{Sock, SocketsCtx, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::io::{AtReadEnd, wait_read};
use crate::policy::{self, Use};
use crate::policy::{Operation, SocketCheck};
use socket2::{Domain, Protocol, SockAddr, Socket, Type};
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsRawFd;
use wasmtime::component::Resource;

/// `SOCK_NONBLOCK | SOCK_CLOEXEC`: flags PHP 8.4 accepts OR'ed into the type.
const TYPE_FLAGS: i32 = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;

fn check_domain(func: &str, domain: i64) -> HostResult<i32> {
    match domain as i32 {
        d @ (libc::AF_UNIX | libc::AF_INET | libc::AF_INET6) if d as i64 == domain => Ok(d),
        _ => Err(HostError::invalid(format!(
            "{func}(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET"
        ))),
    }
}

fn check_type(func: &str, ty: i64) -> HostResult<i32> {
    if ty & !i64::from(TYPE_FLAGS) > 10 {
        return Err(HostError::invalid(format!(
            "{func}(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM optionally OR'ed with SOCK_CLOEXEC, SOCK_NONBLOCK"
        )));
    }
    Ok(ty as i32)
}

/// The policy's answer for a socket kind, checked before the kernel sees it where the kernel
/// would lend the host's privileges (RAW and packet sockets: EPERM, as for an unprivileged
/// process). Kinds off the policy's allow-list go to the kernel, which refuses most of them
/// with its own errno; one it would create is closed again and refused (EACCES).
pub(crate) fn check_socket_kind(
    ctx: &mut SocketsCtx,
    domain: i32,
    ty: i32,
    protocol: i32,
    pair: bool,
) -> HostResult<()> {
    match ctx.policy.check_socket(domain, ty & !TYPE_FLAGS, protocol) {
        SocketCheck::Allowed => Ok(()),
        SocketCheck::Denied(d, code) => Err(ctx.denied_with(d, code)),
        SocketCheck::KernelDecides(d) => {
            // Only to learn the kernel's errno: a socket it makes is closed at once.
            let probe = if pair {
                native_pair(domain, ty, protocol).map(drop)
            } else {
                native_socket(domain, ty, protocol).map(drop)
            };
            probe?;
            Err(ctx.denied(d))
        }
    }
}

/// Creates the native socket for PHP's `(domain, type, protocol)`, non-blocking and
/// close-on-exec whatever the guest asked (the guest-visible mode is host state).
pub(crate) fn native_socket(domain: i32, ty: i32, protocol: i32) -> HostResult<Socket> {
    let ty = ty | TYPE_FLAGS;
    Ok(Socket::new_raw(
        Domain::from(domain),
        Type::from(ty),
        Some(Protocol::from(protocol)),
    )?)
}

fn native_pair(domain: i32, ty: i32, protocol: i32) -> HostResult<(Socket, Socket)> {
    Ok(Socket::pair_raw(
        Domain::from(domain),
        Type::from(ty | TYPE_FLAGS),
        Some(Protocol::from(protocol)),
    )?)
}

/// The backlog `listen(2)` gets. PHP passes the low 32 bits of its integer, and the kernel
/// compares that as unsigned against `somaxconn`: a negative backlog means the largest. The
/// guest's limit stands in for `somaxconn`.
fn clamp_backlog(backlog: i64, max: usize) -> i32 {
    let max = max.min(i32::MAX as usize) as u32;
    let native = backlog as i32;
    if native as u32 > max {
        max as i32
    } else {
        native
    }
}

/// `socket_create()`.
pub(crate) async fn create(
    v: &mut SocketsCtxView<'_>,
    domain: i64,
    ty: i64,
    protocol: i64,
) -> HostResult<Resource<Sock>> {
    let domain = check_domain("socket_create", domain)?;
    let ty = check_type("socket_create", ty)?;
    let r = (|| {
        check_socket_kind(v.ctx, domain, ty, protocol as i32, false)?;
        let slots = v.ctx.reserve_descriptor()?;
        let socket = native_socket(domain, ty, protocol as i32)?;
        v.adopt(socket, slots, domain, ty & libc::SOCK_NONBLOCK == 0)
    })();
    v.ctx.record_global(r)
}

/// `socket_create_pair()`.
pub(crate) async fn create_pair(
    v: &mut SocketsCtxView<'_>,
    domain: i64,
    ty: i64,
    protocol: i64,
) -> HostResult<(Resource<Sock>, Resource<Sock>)> {
    let domain = check_domain("socket_create_pair", domain)?;
    let ty = check_type("socket_create_pair", ty)?;
    let r = (|| {
        check_socket_kind(v.ctx, domain, ty, protocol as i32, true)?;
        let (sa, sb) = (v.ctx.reserve_descriptor()?, v.ctx.reserve_descriptor()?);
        let (a, b) = native_pair(domain, ty, protocol as i32)?;
        let blocking = ty & libc::SOCK_NONBLOCK == 0;
        let a = v.adopt(a, sa, domain, blocking)?;
        let b = v.adopt(b, sb, domain, blocking)?;
        Ok((a, b))
    })();
    v.ctx.record_global(r)
}

/// `socket_create_listen()`: an IPv4 stream socket bound to INADDR_ANY:port, listening.
pub(crate) async fn create_listen(
    v: &mut SocketsCtxView<'_>,
    port: i64,
    backlog: i64,
) -> HostResult<Resource<Sock>> {
    let port = policy::port_arg("socket_create_listen", 1, port)?;
    let r = async {
        let any = SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), port);
        let policy = v.ctx.policy.check_bind(any);
        v.ctx
            .permit(policy, Operation::Bind, CheckTarget::Ip(any))
            .await?;
        let slots = v.ctx.reserve_descriptor()?;
        let socket = native_socket(libc::AF_INET, libc::SOCK_STREAM, 0)?;
        socket.bind(&SockAddr::from(any))?;
        socket.listen(clamp_backlog(backlog, v.ctx.limits.max_backlog))?;
        v.adopt(socket, slots, libc::AF_INET, true)
    }
    .await;
    v.ctx.record_global(r)
}

/// `socket_bind()`.
pub(crate) async fn bind(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    address: String,
    port: i64,
) -> HostResult<()> {
    let port = policy::port_arg("socket_bind", 3, port)?;
    v.on_socket(s, async |sock, ctx| {
        let named = policy::resolve(ctx, "socket_bind", sock.family, &address, port).await?;
        let to = policy::permit(ctx, named, Use::bind_of(sock.raw()?)).await?;
        sock.raw()?.bind(&to.addr)?;
        if let Some(pinned) = to.pinned {
            sock.fd()?.keep_bound_name(pinned.into_bound_name());
        }
        Ok(())
    })
    .await
}

/// `socket_listen()`: the address the socket listens on must be one the guest may bind,
/// whoever picked it — the guest, an implicit bind, or the kernel's AF_UNIX autobind.
pub(crate) async fn listen(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    backlog: i64,
) -> HostResult<()> {
    v.on_socket(s, async |sock, ctx| {
        let raw = sock.raw()?;
        let local = raw.local_addr()?;
        // A datagram socket cannot listen and never binds trying: the kernel's EOPNOTSUPP.
        let may_bind = !sock.fd()?.is_dgram();
        if let Some(ip) = local.as_socket().filter(|_| may_bind) {
            Use::bind_of(raw).check(ctx, ip).await?;
        } else if local.is_unix() && may_bind {
            let name = policy::unix_name_bytes(&local);
            // An unbound socket cannot listen: let the kernel say so (EINVAL).
            if !name.is_empty() {
                policy::permit_unix(ctx, &name).await?;
            }
        }
        raw.listen(clamp_backlog(backlog, ctx.limits.max_backlog))?;
        sock.fd()?.renew_reactor();
        Ok(())
    })
    .await
}

/// An accept on a listener shut down for reading: the kernel's blocking accept fails at once
/// with EINVAL (AF_UNIX; a shut-down TCP listener is closed and says so without waiting).
impl AtReadEnd for ((Socket, SockAddr), (crate::fd::Slot, crate::fd::Slot)) {
    fn at_read_end() -> std::io::Result<Self> {
        Err(std::io::Error::from_raw_os_error(errno::EINVAL))
    }
}

/// `socket_accept()`: errors go to the global slot only, as in PHP (they land on a socket
/// object the caller never sees). A peer the policy does not accept is closed unseen, as a
/// firewall would drop it: a blocking accept waits for the next peer, a non-blocking one
/// fails with EAGAIN. (Failing instead would let any peer stop a server.)
pub(crate) async fn accept(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
) -> HostResult<Resource<Sock>> {
    let sock = v.table.get(s)?;
    sock.raw()?;
    let r = async {
        loop {
            // Room for the new descriptor first, at each attempt: at the limit the connection
            // stays queued, and a guest waiting for a peer holds no place in the budgets.
            let ctx = &*v.ctx;
            let ((peer, peer_addr), slots) = wait_read(sock, false, |fd| {
                let slots = ctx
                    .reserve_descriptor()
                    .map_err(|_| std::io::Error::from_raw_os_error(errno::EMFILE))?;
                Ok((fd.accept()?, slots))
            })
            .await?;
            let verdict = match peer_addr.as_socket() {
                Some(a) => match v.ctx.policy.check_accept(a) {
                    Ok(()) => {
                        v.ctx
                            .embedder_allows(Operation::Accept, CheckTarget::Ip(a))
                            .await
                    }
                    refused => refused,
                },
                None => Ok(()),
            };
            match verdict {
                Err(denial) => {
                    v.ctx.denied(denial);
                    if !sock.blocking() {
                        return Err(HostError::errno(errno::EAGAIN));
                    }
                }
                Ok(()) => return Ok((peer, slots, peer_addr.family() as i32)),
            }
        }
    }
    .await;
    let r = r.and_then(|(peer, slots, family)| v.adopt(peer, slots, family, true));
    v.ctx.record_global(r)
}

/// `socket_connect()`: blocking sockets wait for the handshake (bounded by SO_SNDTIMEO, as on
/// Linux); non-blocking ones fail with EINPROGRESS.
pub(crate) async fn connect(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    address: String,
    port: Option<i64>,
) -> HostResult<()> {
    v.on_socket(s, async |sock, ctx| {
        let family = sock.family;
        // PHP casts the port to 16 bits without a range check.
        let port = policy::port_for_family("socket_connect", 3, family, port)? as u16;
        let named = policy::resolve(ctx, "socket_connect", family, &address, port).await?;
        let to = policy::permit(ctx, named, Use::connect_from(sock.raw()?)).await?;
        connect_native(sock, &to.addr).await
    })
    .await
}

/// How often a blocking AF_UNIX connect to a full backlog retries: the kernel wakes its own
/// waiters when the listener accepts, but offers no readiness for it to a non-blocking socket.
const UNIX_CONNECT_RETRY: std::time::Duration = std::time::Duration::from_millis(5);

/// Connects `sock` to `sa` as a native `connect(2)` would on the guest's socket.
///
/// The native descriptor is non-blocking, so a blocking guest's connect is the kernel's
/// non-blocking one followed by its wait: for TCP, writability and then `connect` again, which
/// gives the handshake's outcome exactly as a blocking connect reports it (0, ECONNREFUSED,
/// ETIMEDOUT… with the socket reset for another try); for AF_UNIX, a retry while the listener's
/// backlog is full. SO_SNDTIMEO bounds the wait, expiring as Linux does: EINPROGRESS for TCP
/// (EALREADY when a connect was already under way), EAGAIN for AF_UNIX.
pub(crate) async fn connect_native(sock: &Sock, sa: &SockAddr) -> HostResult<()> {
    let fd = sock.fd()?;
    let unix = sa.is_unix();
    let first = fd.socket().connect(sa);
    fd.renew_reactor();
    // What an expired SO_SNDTIMEO reports: the first answer (EINPROGRESS, or EALREADY when a
    // connect was already under way), EAGAIN for AF_UNIX.
    let expired = match first {
        Ok(()) => return Ok(()),
        Err(e) if !sock.blocking() => return Err(e.into()),
        Err(e) => match e.raw_os_error() {
            Some(code @ (libc::EINPROGRESS | libc::EALREADY)) if !unix => code,
            Some(libc::EAGAIN) if unix => libc::EAGAIN,
            _ => return Err(e.into()),
        },
    };
    let wait = async {
        let reactor = if unix { None } else { Some(fd.reactor()?) };
        loop {
            let guard = match &reactor {
                Some(r) => Some(r.writable().await?),
                None => {
                    tokio::time::sleep(UNIX_CONNECT_RETRY).await;
                    None
                }
            };
            match fd.socket().connect(sa) {
                Ok(()) => return Ok(()),
                // Connected meanwhile (the first connect's handshake finished).
                Err(e) if e.raw_os_error() == Some(libc::EISCONN) => return Ok(()),
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EALREADY | libc::EINPROGRESS | libc::EAGAIN)
                    ) =>
                {
                    if let Some(mut g) = guard {
                        g.clear_ready();
                    }
                }
                Err(e) => return Err(e),
            }
        }
    };
    let r = crate::io::within(sock.send_timeout, wait)
        .await
        .unwrap_or_else(|| Err(std::io::Error::from_raw_os_error(expired)));
    Ok(r?)
}

/// `socket_shutdown()`: modes 0, 1, 2 as the kernel takes them; anything else is the
/// kernel's EINVAL (PHP 8.4 passes the mode through).
pub(crate) async fn shutdown(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    mode: i64,
) -> HostResult<()> {
    v.on_socket(s, async |sock, _| {
        // PHP hands the mode to shutdown(2) as a C int.
        let how = match mode as i32 {
            0 => std::net::Shutdown::Read,
            1 => std::net::Shutdown::Write,
            2 => std::net::Shutdown::Both,
            _ => return Err(HostError::errno(errno::EINVAL)),
        };
        Ok(sock.raw()?.shutdown(how)?)
    })
    .await
}

/// `socket_close()`: closes the descriptor now, for the streams exported from it and the
/// Sockets imported from those too (PHP's all name one descriptor); the handle stays, and
/// using it again is PHP's "already been closed" error.
pub(crate) async fn close(v: &mut SocketsCtxView<'_>, s: &Resource<Sock>) -> HostResult<()> {
    let sock = v.table.get_mut(s)?;
    let fd = sock.fd.take().ok_or(HostError::Php(
        crate::bindings::php::sockets::types::Error::Closed,
    ))?;
    sock.slot = None;
    crate::select::forget(v.ctx, fd.as_raw_fd());
    if std::sync::Arc::strong_count(&fd) > 1 && !fd.is_closed_for_all() {
        fd.close_for_all();
    }
    crate::fd::release(fd).await;
    Ok(())
}

/// The resource destructor: PHP's object destruction closes the descriptor.
pub(crate) async fn drop_socket(v: &mut SocketsCtxView<'_>, s: Resource<Sock>) -> HostResult<()> {
    let mut sock = v.table.delete(s)?;
    if let Some(fd) = sock.fd.take() {
        crate::select::forget(v.ctx, fd.as_raw_fd());
        drop(sock);
        crate::fd::release(fd).await;
    }
    Ok(())
}

/// `socket_set_block()` / `socket_set_nonblock()`: PHP's blocking flag, for every handle of the
/// descriptor (its streams, Sockets imported from them), as O_NONBLOCK is the open file's. The
/// native descriptor stays non-blocking; the host waits on the guest's behalf when it is set.
pub(crate) fn set_blocking(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    blocking: bool,
) -> HostResult<()> {
    v.table.get(s)?.fd()?.set_blocking(blocking);
    Ok(())
}

/// `socket_getsockname()` / `socket_getpeername()`.
pub(crate) async fn name(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    peer: bool,
) -> HostResult<SockName> {
    v.on_socket(s, async |sock, ctx| {
        let raw = sock.raw()?;
        let (func, sa) = if peer {
            ("socket_getpeername", raw.peer_addr()?)
        } else {
            ("socket_getsockname", raw.local_addr()?)
        };
        policy::sock_name(func, &ctx.guest_paths, &sa)
    })
    .await
}

/// `socket_atmark()`.
pub(crate) async fn atmark(v: &mut SocketsCtxView<'_>, s: &Resource<Sock>) -> HostResult<bool> {
    use std::os::fd::AsFd;
    v.on_socket(s, async |sock, _| {
        Ok(crate::sys::sockatmark(sock.raw()?.as_fd())?)
    })
    .await
}

/// The `socket_wsaprotocol_info_*` functions exist only on Windows; elsewhere they fail as an
/// unsupported operation.
pub(crate) async fn windows_only<T>(
    v: &mut SocketsCtxView<'_>,
    s: Option<&Resource<Sock>>,
) -> HostResult<T> {
    let unsupported = || Err(HostError::errno(errno::EOPNOTSUPP));
    match s {
        Some(s) => {
            let r = v.on_socket(s, async |sock, _| sock.raw().and_then(|_| unsupported()));
            r.await
        }
        None => v.ctx.record_global(unsupported()),
    }
}
