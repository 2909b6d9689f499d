//! Socket lifecycle: create, create_listen, create_pair, bind, listen, accept, connect,
//! shutdown, close, blocking mode, getsockname/getpeername.

use crate::addr::{self, Use};
use crate::bindings::php::sockets::types::SockName;
use crate::ctx::{Sock, SocketsCtx, SocketsView};
use crate::errors::{HostError, HostResult, errno};
use crate::io::{Dir, wait_io};
use socket2::{Domain, Protocol, SockAddr, Socket, Type};
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsRawFd;
use wasmtime::component::Resource;

/// `SOCK_NONBLOCK | SOCK_CLOEXEC`: flags PHP 8.4 accepts OR'ed into the type.
const TYPE_FLAGS: i64 = (libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC) as i64;

fn check_domain(func: &str, domain: i64) -> HostResult<i32> {
    match domain as i32 {
        d @ (libc::AF_UNIX | libc::AF_INET | libc::AF_INET6) if d as i64 == domain => Ok(d),
        _ => Err(HostError::invalid(format!(
            "{func}(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET"
        ))),
    }
}

fn check_type(func: &str, ty: i64) -> HostResult<i32> {
    if ty & !TYPE_FLAGS > 10 {
        return Err(HostError::invalid(format!(
            "{func}(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM optionally OR'ed with SOCK_CLOEXEC, SOCK_NONBLOCK"
        )));
    }
    Ok(ty as i32)
}

/// RAW sockets need CAP_NET_RAW natively; a guest without the capability gets what an
/// unprivileged process gets.
pub(crate) fn check_raw(ctx: &mut SocketsCtx, ty: i32) -> HostResult<()> {
    ctx.policy
        .check_type(ty & !(TYPE_FLAGS as i32))
        .map_err(|d| ctx.denied_with(d, errno::EPERM))
}

/// Puts a fresh native socket into the table as a guest `Socket` (EMFILE over the socket
/// limit, closing it).
pub(crate) fn adopt(
    v: &mut SocketsView<'_>,
    socket: Socket,
    family: i32,
    blocking: bool,
) -> HostResult<Resource<Sock>> {
    socket.set_nonblocking(true)?;
    let mut sock = Sock::new(socket, family)?;
    sock.blocking = blocking;
    v.ctx.reserve_socket()?;
    Ok(v.table.push(sock)?)
}

/// Creates the native socket for PHP's `(domain, type, protocol)`, non-blocking and
/// close-on-exec whatever the guest asked (the guest-visible mode is host state).
pub(crate) fn native_socket(domain: i32, ty: i32, protocol: i32) -> HostResult<Socket> {
    let ty = ty | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
    Ok(Socket::new_raw(
        Domain::from(domain),
        Type::from(ty),
        Some(Protocol::from(protocol)),
    )?)
}

/// The backlog passed to `listen(2)`: PHP's value cut to the guest's limit (negative values
/// mean the kernel's default, itself within the limit once cut).
fn clamp_backlog(backlog: i64, max: usize) -> i32 {
    backlog.clamp(i64::from(i32::MIN), max.min(i32::MAX as usize) as i64) as i32
}

/// `socket_create()`.
pub(crate) async fn create(
    v: &mut SocketsView<'_>,
    domain: i64,
    ty: i64,
    protocol: i64,
) -> HostResult<Resource<Sock>> {
    let domain = check_domain("socket_create", domain)?;
    let ty = check_type("socket_create", ty)?;
    let r = (|| {
        check_raw(v.ctx, ty)?;
        if v.ctx.open_sockets >= v.ctx.limits.max_sockets {
            return Err(HostError::errno(errno::EMFILE));
        }
        let socket = native_socket(domain, ty, protocol as i32)?;
        adopt(v, socket, domain, ty & libc::SOCK_NONBLOCK == 0)
    })();
    v.ctx.record_global(r)
}

/// `socket_create_pair()`.
pub(crate) async fn create_pair(
    v: &mut SocketsView<'_>,
    domain: i64,
    ty: i64,
    protocol: i64,
) -> HostResult<(Resource<Sock>, Resource<Sock>)> {
    let domain = check_domain("socket_create_pair", domain)?;
    let ty = check_type("socket_create_pair", ty)?;
    let r = (|| {
        check_raw(v.ctx, ty)?;
        if v.ctx.open_sockets + 2 > v.ctx.limits.max_sockets {
            return Err(HostError::errno(errno::EMFILE));
        }
        let flags = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        let (a, b) = Socket::pair_raw(
            Domain::from(domain),
            Type::from(ty | flags),
            Some(Protocol::from(protocol as i32)),
        )?;
        let blocking = ty & libc::SOCK_NONBLOCK == 0;
        let a = adopt(v, a, domain, blocking)?;
        let b = adopt(v, b, domain, blocking)?;
        Ok((a, b))
    })();
    v.ctx.record_global(r)
}

/// `socket_create_listen()`: an IPv4 stream socket bound to INADDR_ANY:port, listening.
pub(crate) async fn create_listen(
    v: &mut SocketsView<'_>,
    port: i64,
    backlog: i64,
) -> HostResult<Resource<Sock>> {
    let port = addr::port_arg("socket_create_listen", 1, port)?;
    let r = (|| {
        let any = SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), port);
        v.ctx.policy.check_bind(any).map_err(|d| v.ctx.denied(d))?;
        if v.ctx.open_sockets >= v.ctx.limits.max_sockets {
            return Err(HostError::errno(errno::EMFILE));
        }
        let socket = native_socket(libc::AF_INET, libc::SOCK_STREAM, 0)?;
        socket.bind(&SockAddr::from(any))?;
        socket.listen(clamp_backlog(backlog, v.ctx.limits.max_backlog))?;
        adopt(v, socket, libc::AF_INET, true)
    })();
    v.ctx.record_global(r)
}

/// `socket_bind()`.
pub(crate) async fn bind(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    address: String,
    port: i64,
) -> HostResult<()> {
    let port = addr::port_arg("socket_bind", 3, port)?;
    let sock = v.table.get_mut(s)?;
    let family = sock.family;
    sock.raw()?;
    let r = async {
        let sa = addr::resolve(v.ctx, "socket_bind", family, &address, port, Use::Bind).await?;
        Ok(sock.raw()?.bind(&sa)?)
    }
    .await;
    v.ctx.record(sock, r)
}

/// `socket_listen()`: the address the socket listens on must be one the guest may bind.
pub(crate) async fn listen(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    backlog: i64,
) -> HostResult<()> {
    let sock = v.table.get_mut(s)?;
    let r = (|| {
        let raw = sock.raw()?;
        if let Some(local) = raw.local_addr()?.as_socket() {
            v.ctx
                .policy
                .check_bind(local)
                .map_err(|d| v.ctx.denied(d))?;
        }
        Ok(raw.listen(clamp_backlog(backlog, v.ctx.limits.max_backlog))?)
    })();
    v.ctx.record(sock, r)
}

/// `socket_accept()`: errors go to the global slot only, as in PHP (they land on a socket
/// object the caller never sees). A peer the policy does not accept is closed unseen, as a
/// firewall would drop it: a blocking accept waits for the next peer, a non-blocking one
/// fails with EAGAIN. (Failing instead would let any peer stop a server.)
pub(crate) async fn accept(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
) -> HostResult<Resource<Sock>> {
    let sock = v.table.get(s)?;
    sock.raw()?;
    let r = async {
        if v.ctx.open_sockets >= v.ctx.limits.max_sockets {
            return Err(HostError::errno(errno::EMFILE));
        }
        loop {
            let (peer, peer_addr) = wait_io(sock, Dir::Read, false, |fd| fd.accept()).await?;
            match peer_addr.as_socket().map(|a| v.ctx.policy.check_accept(a)) {
                Some(Err(denial)) => {
                    v.ctx.denied(denial);
                    if !sock.blocking {
                        return Err(HostError::errno(errno::EAGAIN));
                    }
                }
                _ => return Ok((peer, peer_addr.family() as i32)),
            }
        }
    }
    .await;
    let r = r.and_then(|(peer, family)| adopt(v, peer, family, true));
    v.ctx.record_global(r)
}

/// `socket_connect()`: blocking sockets wait for the handshake (bounded by SO_SNDTIMEO, as on
/// Linux); non-blocking ones fail with EINPROGRESS.
pub(crate) async fn connect(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    address: String,
    port: Option<i64>,
) -> HostResult<()> {
    let sock = v.table.get_mut(s)?;
    let family = sock.family;
    sock.raw()?;
    // PHP casts the port to 16 bits without a range check.
    let port = addr::port_for_family("socket_connect", 3, family, port)? as u16;
    let r = async {
        let sa = addr::resolve(
            v.ctx,
            "socket_connect",
            family,
            &address,
            port,
            Use::Connect,
        )
        .await?;
        connect_native(sock, &sa).await
    }
    .await;
    v.ctx.record(sock, r)
}

/// Connects `sock` to `sa`: a blocking socket waits for the handshake (bounded by
/// SO_SNDTIMEO); a non-blocking one fails with EINPROGRESS.
pub(crate) async fn connect_native(sock: &Sock, sa: &SockAddr) -> HostResult<()> {
    match sock.raw()?.connect(sa) {
        Ok(()) => Ok(()),
        Err(e) if e.raw_os_error() == Some(errno::EINPROGRESS) && sock.blocking => {
            wait_io(sock, Dir::Write, false, |fd| match fd.take_error()? {
                Some(err) => Err(err),
                None => Ok(()),
            })
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `socket_shutdown()`: modes 0, 1, 2 as the kernel takes them; anything else is the
/// kernel's EINVAL (PHP 8.4 passes the mode through).
pub(crate) fn shutdown(v: &mut SocketsView<'_>, s: &Resource<Sock>, mode: i64) -> HostResult<()> {
    let sock = v.table.get_mut(s)?;
    let r = (|| {
        let how = match mode {
            0 => std::net::Shutdown::Read,
            1 => std::net::Shutdown::Write,
            2 => std::net::Shutdown::Both,
            _ => return Err(HostError::errno(errno::EINVAL)),
        };
        Ok(sock.raw()?.shutdown(how)?)
    })();
    v.ctx.record(sock, r)
}

/// `socket_close()`: closes the descriptor now (and ends the connection for streams exported
/// from it); the handle stays, and using it again is PHP's "already been closed" error.
pub(crate) fn close(v: &mut SocketsView<'_>, s: &Resource<Sock>) -> HostResult<()> {
    let sock = v.table.get_mut(s)?;
    forget_in_select(v.ctx, sock.fd()?.as_raw_fd());
    if let Some(fd) = sock.fd.take()
        && std::sync::Arc::strong_count(&fd) > 1
    {
        // Exported streams share the descriptor; PHP's close closes them too, so end the
        // connection for them (the descriptor itself closes with the last holder).
        let _ = fd.get_ref().shutdown(std::net::Shutdown::Both);
    }
    v.ctx.open_sockets -= 1;
    Ok(())
}

/// The resource destructor: PHP's object destruction closes the descriptor.
pub(crate) fn drop_socket(v: &mut SocketsView<'_>, s: Resource<Sock>) -> HostResult<()> {
    let sock = v.table.delete(s)?;
    if let Some(fd) = &sock.fd {
        forget_in_select(v.ctx, fd.as_raw_fd());
        v.ctx.open_sockets -= 1;
    }
    Ok(())
}

/// A descriptor number the guest gives up may be reused: select must not keep watching it.
fn forget_in_select(ctx: &mut SocketsCtx, fd: std::os::fd::RawFd) {
    if let Some(poller) = &mut ctx.poller {
        poller.forget(fd);
    }
}

/// `socket_set_block()` / `socket_set_nonblock()`: PHP's blocking flag. The native descriptor
/// stays non-blocking; the host waits on the guest's behalf when the flag is set.
pub(crate) fn set_blocking(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    blocking: bool,
) -> HostResult<()> {
    let sock = v.table.get_mut(s)?;
    sock.fd()?;
    sock.blocking = blocking;
    Ok(())
}

/// `socket_getsockname()` / `socket_getpeername()`.
pub(crate) fn name(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    peer: bool,
) -> HostResult<SockName> {
    let sock = v.table.get_mut(s)?;
    let r = (|| {
        let raw = sock.raw()?;
        let (func, sa) = if peer {
            ("socket_getpeername", raw.peer_addr()?)
        } else {
            ("socket_getsockname", raw.local_addr()?)
        };
        addr::sock_name(func, &sa)
    })();
    v.ctx.record(sock, r)
}

/// `socket_atmark()`.
pub(crate) fn atmark(v: &mut SocketsView<'_>, s: &Resource<Sock>) -> HostResult<bool> {
    use std::os::fd::AsFd;
    let sock = v.table.get_mut(s)?;
    let r = sock
        .raw()
        .and_then(|raw| Ok(crate::sys::sockatmark(raw.as_fd())?));
    v.ctx.record(sock, r)
}

/// The `socket_wsaprotocol_info_*` functions exist only on Windows; elsewhere they fail as an
/// unsupported operation.
pub(crate) fn windows_only<T>(
    v: &mut SocketsView<'_>,
    s: Option<&Resource<Sock>>,
) -> HostResult<T> {
    let r = Err(HostError::errno(errno::EOPNOTSUPP));
    match s {
        Some(s) => {
            let sock = v.table.get_mut(s)?;
            sock.raw()?;
            v.ctx.record(sock, r)
        }
        None => v.ctx.record_global(r),
    }
}
