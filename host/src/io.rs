//! Data transfer: read (binary and PHP_NORMAL_READ), write, recv, send, recvfrom, sendto,
//! and the one helper every blocking call uses to wait for readiness.

use crate::bindings::php::sockets::types::Error as WitError;
use crate::bindings::php::sockets::types::{Received, ReceivedFrom};
use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::policy::{self, Use};
use crate::sys::{self, peek_into, recv_from_into, recv_into};
use std::io;
use std::os::fd::AsFd;
use tokio::io::Interest;
use wasmtime::component::Resource;

/// `PHP_NORMAL_READ`.
const PHP_NORMAL_READ: i64 = 1;

/// Wake-ups in a row that find nothing to do before a blocked call backs off.
const SPIN_LIMIT: u32 = 16;

/// How long a call that keeps waking for nothing sleeps between tries.
const SPIN_BACKOFF: std::time::Duration = std::time::Duration::from_millis(1);

/// Flags with which a receive never blocks natively (`MSG_ERRQUEUE` only reads the error queue).
pub(crate) fn never_blocks(flags: i32) -> bool {
    flags & (libc::MSG_DONTWAIT | libc::MSG_ERRQUEUE) != 0
}

/// Which way a call moves data: decides the readiness awaited and the timeout applied.
#[derive(Clone, Copy, Debug)]
enum Dir {
    Read,
    Write,
}

/// What a blocking receive answers at once on a socket shut down for reading with nothing
/// queued. The kernel's blocking call returns instead of waiting there (a datagram socket
/// gives 0 bytes, an AF_UNIX listener EINVAL), while the host's non-blocking descriptor only
/// says EAGAIN, and no readiness will ever come.
pub(crate) trait AtReadEnd: Sized {
    /// The kernel's answer.
    fn at_read_end() -> io::Result<Self>;
}

/// A byte count: nothing more to read.
impl AtReadEnd for usize {
    fn at_read_end() -> io::Result<Self> {
        Ok(0)
    }
}

/// `recvfrom`: 0 bytes from no address (the kernel's `msg_namelen` stays 0).
impl AtReadEnd for (usize, socket2::SockAddr) {
    fn at_read_end() -> io::Result<Self> {
        Ok((0, sys::no_address()))
    }
}

/// Waits for a blocking receive (see [`wait_io`]); on a socket shut down for reading it
/// answers [`AtReadEnd`] as the kernel's blocking call does.
pub(crate) async fn wait_read<R: AtReadEnd>(
    sock: &Sock,
    dont_wait: bool,
    op: impl FnMut(&socket2::Socket) -> io::Result<R>,
) -> HostResult<R> {
    wait_io(sock, Dir::Read, dont_wait, op, Some(R::at_read_end)).await
}

/// Waits for a blocking send (see [`wait_io`]).
pub(crate) async fn wait_write<R>(
    sock: &Sock,
    dont_wait: bool,
    op: impl FnMut(&socket2::Socket) -> io::Result<R>,
) -> HostResult<R> {
    wait_io(sock, Dir::Write, dont_wait, op, None).await
}

/// Runs `op` on the native socket. If it would block and the guest's socket is blocking
/// (and `dont_wait` is false), awaits readiness and retries, bounded by SO_RCVTIMEO /
/// SO_SNDTIMEO (EAGAIN when they expire, as on Linux). The first attempt costs what a
/// native call costs; a waiting guest holds no thread. A readiness the call cannot use is
/// where a receive looks whether the socket was shut down for reading (`at_read_end`).
async fn wait_io<R>(
    sock: &Sock,
    dir: Dir,
    dont_wait: bool,
    mut op: impl FnMut(&socket2::Socket) -> io::Result<R>,
    at_read_end: Option<fn() -> io::Result<R>>,
) -> HostResult<R> {
    let fd = sock.fd()?;
    match op(fd.socket()) {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock && sock.blocking() && !dont_wait => {}
        r => return Ok(r?),
    }
    let (interest, timeout) = match dir {
        Dir::Read => (Interest::READABLE, sock.recv_timeout),
        Dir::Write => (Interest::WRITABLE, sock.send_timeout),
    };
    let reactor = fd.reactor()?;
    let wait = async {
        let mut spurious = 0u32;
        loop {
            let mut guard = reactor.ready(interest).await?;
            match guard.try_io(|_| op(fd.socket())) {
                Ok(r) => return r,
                Err(_would_block) => spurious += 1,
            }
            // A shut-down read side is readable for ever with nothing to read: checked here,
            // where readiness met EAGAIN, not on the first attempt's hot path.
            if let Some(end) = at_read_end
                && sys::poll_now(fd.socket().as_fd(), libc::POLLRDHUP)? & libc::POLLRDHUP != 0
            {
                return end();
            }
            // Readiness the call could not use (flags that only read an error queue, a peer
            // racing us): let other guests and timers run, and never spin a core on it.
            if spurious > SPIN_LIMIT {
                tokio::time::sleep(SPIN_BACKOFF).await;
            } else {
                tokio::task::yield_now().await;
            }
        }
    };
    let r = within(timeout, wait)
        .await
        .unwrap_or_else(|| Err(io::Error::from_raw_os_error(errno::EAGAIN)));
    Ok(r?)
}

/// Awaits `wait` for at most `limit` (a socket's SO_RCVTIMEO / SO_SNDTIMEO): `None` if it
/// expired first. Each caller answers an expiry as Linux does for its call.
pub(crate) async fn within<T>(
    limit: Option<std::time::Duration>,
    wait: impl std::future::Future<Output = T>,
) -> Option<T> {
    match limit {
        Some(limit) => tokio::time::timeout(limit, wait).await.ok(),
        None => Some(wait.await),
    }
}

/// Waits until `done` has an answer, asked each time the socket is readable; a readiness
/// that leaves it without one is cleared, so the next wait is for new data, not a spin.
async fn readable_until<T>(
    fd: &crate::fd::Descriptor,
    mut done: impl FnMut(tokio::io::Ready) -> io::Result<Option<T>>,
) -> io::Result<T> {
    let reactor = fd.reactor()?;
    loop {
        let mut guard = reactor.readable().await?;
        if let Some(answer) = done(guard.ready())? {
            return Ok(answer);
        }
        guard.clear_ready();
    }
}

/// SO_RCVLOWAT on a blocking stream: before a receive of up to `length` bytes, waits until
/// `min(SO_RCVLOWAT, length)` bytes are queued, the stream ends or fails, or SO_RCVTIMEO
/// expires (then the receive returns what there is, as the kernel's does).
async fn await_lowat(sock: &Sock, length: usize) -> HostResult<()> {
    let target = sock.rcvlowat.min(length);
    if target <= 1 || !sock.blocking() || !sock.fd()?.is_stream() {
        return Ok(());
    }
    let fd = sock.fd()?;
    let queued = || sys::bytes_queued(fd.socket().as_fd()).map(|n| n >= target);
    if queued()? {
        return Ok(());
    }
    // Only more data, the end or an error can reach the mark.
    let reached = readable_until(fd, |ready| {
        let end = ready.is_read_closed() || ready.is_error();
        Ok((end || queued()?).then_some(()))
    });
    // An expired wait (`None`) is no error: the receive then takes what there is.
    if let Some(waited) = within(sock.recv_timeout, reached).await {
        waited?;
    }
    Ok(())
}

/// A receive buffer of `length` bytes, capped by the guest's allocation limit.
fn buffer(v: &SocketsCtxView<'_>, length: i64) -> Vec<u8> {
    Vec::with_capacity((length as u64).min(v.ctx.limits.io_bytes() as u64) as usize)
}

/// `socket_read()`.
pub(crate) async fn read(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    length: i64,
    mode: i64,
) -> HostResult<Vec<u8>> {
    if length <= 0 || length == i64::MAX {
        return Err(HostError::Php(WitError::Unspecified));
    }
    let mut buf = buffer(v, length);
    v.on_socket(s, async |sock, _| {
        if mode == PHP_NORMAL_READ {
            return read_line(sock, buf).await;
        }
        await_lowat(sock, buf.capacity()).await?;
        wait_read(sock, false, |fd| recv_into(fd, &mut buf, usize::MAX, 0))
            .await
            .map(|_| buf)
    })
    .await
}

/// PHP_NORMAL_READ: up to the buffer's capacity, stopping after the first `\n` or `\r`
/// (included). PHP reads one byte per syscall; on a stream, peeking a chunk and consuming up to
/// the terminator gives the same bytes in two, while on a datagram socket each of PHP's
/// one-byte reads takes (and cuts) a whole datagram, so that is done here too. At end of stream
/// with nothing read, a blocking socket fails with ECONNRESET as PHP does and a non-blocking one
/// returns `""`; unlike PHP, data read before the end is returned, not lost
/// (docs/php-differences.md).
async fn read_line(sock: &Sock, mut line: Vec<u8>) -> HostResult<Vec<u8>> {
    let max = line.capacity();
    let stream = sock.fd()?.is_stream();
    let mut peek = vec![0u8; if stream { max.min(4096) } else { 1 }];
    while line.len() < max {
        let want = (max - line.len()).min(peek.len());
        let got = wait_read(sock, false, |fd| {
            if stream {
                peek_into(fd, &mut peek[..want])
            } else {
                recv_into(fd, &mut line, 1, 0).map(|n| n.min(1))
            }
        })
        .await;
        let n = match got {
            Ok(0) if line.is_empty() && sock.blocking() => {
                return Err(HostError::errno(libc::ECONNRESET));
            }
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if !line.is_empty() && e.recorded_errno() == Some(errno::EAGAIN) => break,
            Err(e) => return Err(e),
        };
        if !stream {
            if matches!(line.last(), Some(b'\n' | b'\r')) {
                break;
            }
            continue;
        }
        let take = peek[..n]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(n, |i| i + 1);
        let done = matches!(peek[take - 1], b'\n' | b'\r');
        recv_into(sock.raw()?, &mut line, take, 0)?;
        if done {
            break;
        }
    }
    Ok(line)
}

/// Bytes of `data` a call sends: `min(length, strlen)`, ValueError for a negative length.
fn send_len(func: &str, data: &[u8], length: Option<i64>) -> HostResult<usize> {
    match length {
        Some(l) if l < 0 => Err(HostError::invalid(format!(
            "{func}(): Argument #3 ($length) must be greater than or equal to 0"
        ))),
        Some(l) => Ok((l as u64).min(data.len() as u64) as usize),
        None => Ok(data.len()),
    }
}

/// Sends all of `data` on a blocking socket (as a blocking kernel send does), or what fits
/// on a non-blocking one. Never raises SIGPIPE. Once part is sent, a failure ends the call
/// with the count, as the kernel's blocking send ends: a pending socket error (a peer's
/// reset, TCP_USER_TIMEOUT) is left unread for the next call, which reports it.
pub(crate) async fn send_all(sock: &Sock, data: &[u8], flags: i32) -> HostResult<u64> {
    let dont_wait = flags & libc::MSG_DONTWAIT != 0;
    let flags = flags | libc::MSG_NOSIGNAL;
    let mut sent = 0;
    loop {
        let r = wait_write(sock, dont_wait, |fd| {
            // A send would consume the error (sock_error) the next call must see. (POLLERR
            // also flags an error-queue entry, e.g. MSG_ZEROCOPY's completions: that ends the
            // call early too, with the right count.)
            if sent > 0 && sys::poll_now(fd.as_fd(), 0)? & libc::POLLERR != 0 {
                return Ok(None);
            }
            fd.send_with_flags(&data[sent..], flags).map(Some)
        })
        .await;
        match r {
            Ok(Some(n)) => sent += n,
            Ok(None) => break,
            Err(e) if sent > 0 && e.recorded_errno().is_some() => break,
            Err(e) => return Err(e),
        }
        if sent == data.len() || !sock.blocking() || dont_wait {
            break;
        }
    }
    Ok(sent as u64)
}

/// `socket_write()`.
pub(crate) async fn write(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    data: Vec<u8>,
    length: Option<i64>,
) -> HostResult<u64> {
    let n = send_len("socket_write", &data, length)?;
    v.on_socket(s, async |sock, _| send_all(sock, &data[..n], 0).await)
        .await
}

/// `socket_send()`.
pub(crate) async fn send(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    data: Vec<u8>,
    length: i64,
    flags: i64,
) -> HostResult<u64> {
    let n = send_len("socket_send", &data, Some(length))?;
    v.on_socket(s, async |sock, _| {
        send_all(sock, &data[..n], flags as i32).await
    })
    .await
}

/// `socket_recv()`: one receive. On a blocking stream socket MSG_WAITALL waits for the whole
/// length (or the end of the stream, or an error), as the kernel's blocking receive does —
/// with MSG_PEEK too on TCP, where the bytes stay queued; on datagram sockets the kernel
/// ignores it.
pub(crate) async fn recv(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    length: i64,
    flags: i64,
) -> HostResult<Received> {
    if length <= 0 || length == i64::MAX {
        return Err(HostError::Php(WitError::Unspecified));
    }
    let mut data = buffer(v, length);
    let flags = flags as i32;
    let dont_wait = never_blocks(flags);
    v.on_socket(s, async |sock, _| {
        let waitall = flags & libc::MSG_WAITALL != 0
            && sock.blocking()
            && !dont_wait
            && sock.fd()?.is_stream();
        // Peeking, Linux waits for the whole length on TCP but not on AF_UNIX streams.
        let peek = flags & libc::MSG_PEEK != 0;
        if waitall && peek && sock.family != libc::AF_UNIX {
            return peek_all(sock, data, flags).await;
        }
        let waitall = waitall && !peek;
        if !dont_wait {
            await_lowat(sock, data.capacity()).await?;
        }
        let mut count = wait_read(sock, dont_wait, |fd| {
            recv_into(fd, &mut data, usize::MAX, flags)
        })
        .await?;
        if waitall {
            while count > 0 && data.len() < data.capacity() {
                match wait_read(sock, false, |fd| {
                    recv_into(fd, &mut data, usize::MAX, flags)
                })
                .await
                {
                    Ok(0) => break,
                    Ok(n) => count += n,
                    Err(_) => break,
                }
            }
        }
        Ok(Received {
            count: count as u64,
            data,
        })
    })
    .await
}

/// `MSG_PEEK | MSG_WAITALL` on a blocking stream: peeks until the whole buffer's worth is
/// queued (or the stream ended), consuming nothing. Each wait is for new data, bounded by
/// SO_RCVTIMEO.
async fn peek_all(sock: &Sock, mut data: Vec<u8>, flags: i32) -> HostResult<Received> {
    let want = data.capacity();
    let fd = sock.fd()?;
    // Only newer data can complete the peek.
    let peeked = readable_until(fd, |_| {
        data.clear();
        match recv_into(fd.socket(), &mut data, want, flags | libc::MSG_DONTWAIT) {
            Ok(n) if n >= want || n == 0 => Ok(Some(n)),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        }
    });
    let count = match within(sock.recv_timeout, peeked).await {
        Some(r) => r?,
        // At the timeout the kernel returns what it peeked, if anything.
        None if !data.is_empty() => data.len(),
        None => return Err(HostError::errno(errno::EAGAIN)),
    };
    Ok(Received {
        count: count as u64,
        data,
    })
}

/// `socket_recvfrom()`.
pub(crate) async fn recvfrom(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    length: i64,
    flags: i64,
) -> HostResult<ReceivedFrom> {
    if length <= 0 || length >= i64::MAX - 1 {
        return Err(HostError::Php(WitError::Unspecified));
    }
    let mut data = buffer(v, length);
    let flags = flags as i32;
    v.on_socket(s, async |sock, ctx| {
        let family = sock.family;
        let (count, from) = wait_read(sock, never_blocks(flags), |fd| {
            recv_from_into(fd, &mut data, flags)
        })
        .await?;
        let (address, port) = if family == libc::AF_UNIX {
            (policy::unix_path_text(&ctx.guest_paths, &from), None)
        } else {
            match from.as_socket() {
                Some(sa) => (
                    policy::sock_name("socket_recvfrom", &ctx.guest_paths, &from)?.address,
                    Some(sa.port()),
                ),
                None if family == libc::AF_INET6 => ("::".to_string(), Some(0)),
                None => ("0.0.0.0".to_string(), Some(0)),
            }
        };
        Ok(ReceivedFrom {
            data,
            count: count as u64,
            address,
            port,
        })
    })
    .await
}

/// `socket_sendto()`: every destination goes through the policy.
pub(crate) async fn sendto(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    data: Vec<u8>,
    length: i64,
    flags: i64,
    address: String,
    port: Option<i64>,
) -> HostResult<u64> {
    let n = send_len("socket_sendto", &data, Some(length))?;
    v.on_socket(s, async |sock, ctx| {
        let family = sock.family;
        let port = policy::port_for_family("socket_sendto", 6, family, port)?;
        let port = policy::port_arg("socket_sendto", 6, port)?;
        // The kernel refuses a datagram to port 0 whoever may send where (EINVAL).
        if port == 0 && family != libc::AF_UNIX && sock.fd()?.is_dgram() {
            return Err(HostError::errno(errno::EINVAL));
        }
        let named = policy::resolve(ctx, "socket_sendto", family, &address, port).await?;
        let flags = flags as i32 | libc::MSG_NOSIGNAL;
        // A stream socket's peer is fixed by its connect (checked then): the kernel answers
        // an address on AF_UNIX without reading it, and a connected TCP socket ignores it.
        if sock.fd()?.is_stream() && flags & libc::MSG_FASTOPEN == 0 {
            let connected = sock.raw()?.peer_addr().is_ok();
            if family == libc::AF_UNIX {
                return Err(HostError::errno(if connected {
                    libc::EISCONN
                } else {
                    libc::EOPNOTSUPP
                }));
            }
            if connected {
                return send_all(sock, &data[..n], flags).await;
            }
        }
        let to = policy::permit(ctx, named, Use::connect_from(sock.raw()?)).await?;
        let to = &to.addr;
        let sent = wait_write(sock, flags & libc::MSG_DONTWAIT != 0, |fd| {
            fd.send_to_with_flags(&data[..n], to, flags)
        })
        .await?;
        Ok(sent as u64)
    })
    .await
}
