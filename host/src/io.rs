//! Data transfer: read (binary and PHP_NORMAL_READ), write, recv, send, recvfrom, sendto,
//! and the one helper every blocking call uses to wait for readiness.

use crate::addr::{self, Use};
use crate::bindings::php::sockets::types::Error as WitError;
use crate::bindings::php::sockets::types::{Received, ReceivedFrom};
use crate::ctx::{Sock, SocketsView};
use crate::errors::{HostError, HostResult, errno};
use crate::sys::{peek_into, recv_from_into, recv_into};
use std::io;
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
pub(crate) enum Dir {
    Read,
    Write,
}

/// Runs `op` on the native socket. If it would block and the guest's socket is blocking
/// (and `dont_wait` is false), awaits readiness and retries, bounded by SO_RCVTIMEO /
/// SO_SNDTIMEO (EAGAIN when they expire, as on Linux). The first attempt costs what a
/// native call costs; a waiting guest holds no thread.
pub(crate) async fn wait_io<R>(
    sock: &Sock,
    dir: Dir,
    dont_wait: bool,
    mut op: impl FnMut(&socket2::Socket) -> io::Result<R>,
) -> HostResult<R> {
    let fd = sock.fd()?;
    match op(fd.get_ref()) {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock && sock.blocking && !dont_wait => {}
        r => return Ok(r?),
    }
    let (interest, timeout) = match dir {
        Dir::Read => (Interest::READABLE, sock.recv_timeout),
        Dir::Write => (Interest::WRITABLE, sock.send_timeout),
    };
    let wait = async {
        let mut spurious = 0u32;
        loop {
            let mut guard = fd.ready(interest).await?;
            match guard.try_io(|inner| op(inner.get_ref())) {
                Ok(r) => return r,
                Err(_would_block) => spurious += 1,
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
    let r = match timeout {
        Some(limit) => tokio::time::timeout(limit, wait)
            .await
            .unwrap_or_else(|_| Err(io::Error::from_raw_os_error(errno::EAGAIN))),
        None => wait.await,
    };
    Ok(r?)
}

/// A receive buffer of `length` bytes, capped by the guest's allocation limit.
fn buffer(v: &SocketsView<'_>, length: i64) -> Vec<u8> {
    Vec::with_capacity((length as u64).min(v.ctx.limits.max_io_bytes as u64) as usize)
}

/// `socket_read()`.
pub(crate) async fn read(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    length: i64,
    mode: i64,
) -> HostResult<Vec<u8>> {
    if length <= 0 || length == i64::MAX {
        return Err(HostError::Php(WitError::Unspecified));
    }
    let mut buf = buffer(v, length);
    let sock = v.table.get_mut(s)?;
    let r = if mode == PHP_NORMAL_READ {
        read_line(sock, buf).await
    } else {
        wait_io(sock, Dir::Read, false, |fd| {
            recv_into(fd, &mut buf, usize::MAX, 0)
        })
        .await
        .map(|_| buf)
    };
    v.ctx.record(sock, r)
}

/// PHP_NORMAL_READ: up to the buffer's capacity, stopping after the first `\n` or `\r`
/// (included). PHP reads one byte per syscall; peeking a chunk and consuming up to the
/// terminator gives the same bytes in two. At end of stream with nothing read it fails with
/// ECONNRESET as PHP does; unlike PHP, data read before the end is returned, not lost
/// (docs/php-differences.md).
async fn read_line(sock: &Sock, mut line: Vec<u8>) -> HostResult<Vec<u8>> {
    let max = line.capacity();
    let mut peek = vec![0u8; max.min(4096)];
    while line.len() < max {
        let want = (max - line.len()).min(peek.len());
        let got = wait_io(sock, Dir::Read, false, |fd| {
            peek_into(fd, &mut peek[..want])
        })
        .await;
        let n = match got {
            Ok(0) if line.is_empty() => return Err(HostError::errno(libc::ECONNRESET)),
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if !line.is_empty() && e.recorded_errno() == Some(errno::EAGAIN) => break,
            Err(e) => return Err(e),
        };
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
/// on a non-blocking one. Never raises SIGPIPE.
pub(crate) async fn send_all(sock: &Sock, data: &[u8], flags: i32) -> HostResult<u64> {
    let dont_wait = flags & libc::MSG_DONTWAIT != 0;
    let flags = flags | libc::MSG_NOSIGNAL;
    let mut sent = 0;
    loop {
        let r = wait_io(sock, Dir::Write, dont_wait, |fd| {
            fd.send_with_flags(&data[sent..], flags)
        })
        .await;
        match r {
            Ok(n) => sent += n,
            Err(e) if sent > 0 && e.recorded_errno() == Some(errno::EAGAIN) => break,
            Err(e) => return Err(e),
        }
        if sent == data.len() || !sock.blocking || dont_wait {
            break;
        }
    }
    Ok(sent as u64)
}

/// `socket_write()`.
pub(crate) async fn write(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    data: Vec<u8>,
    length: Option<i64>,
) -> HostResult<u64> {
    let n = send_len("socket_write", &data, length)?;
    let sock = v.table.get_mut(s)?;
    let r = send_all(sock, &data[..n], 0).await;
    v.ctx.record(sock, r)
}

/// `socket_send()`.
pub(crate) async fn send(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    data: Vec<u8>,
    length: i64,
    flags: i64,
) -> HostResult<u64> {
    let n = send_len("socket_send", &data, Some(length))?;
    let sock = v.table.get_mut(s)?;
    let r = send_all(sock, &data[..n], flags as i32).await;
    v.ctx.record(sock, r)
}

/// `socket_recv()`: one receive (MSG_WAITALL on a blocking socket keeps receiving until the
/// length is reached, the stream ends, or an error).
pub(crate) async fn recv(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    length: i64,
    flags: i64,
) -> HostResult<Received> {
    if length <= 0 || length == i64::MAX {
        return Err(HostError::Php(WitError::Unspecified));
    }
    let mut data = buffer(v, length);
    let sock = v.table.get_mut(s)?;
    let flags = flags as i32;
    let dont_wait = never_blocks(flags);
    let r = async {
        let mut count = wait_io(sock, Dir::Read, dont_wait, |fd| {
            recv_into(fd, &mut data, usize::MAX, flags)
        })
        .await?;
        if flags & libc::MSG_WAITALL != 0 && sock.blocking && !dont_wait {
            while count > 0 && data.len() < data.capacity() {
                match wait_io(sock, Dir::Read, false, |fd| {
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
    }
    .await;
    v.ctx.record(sock, r)
}

/// `socket_recvfrom()`.
pub(crate) async fn recvfrom(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    length: i64,
    flags: i64,
) -> HostResult<ReceivedFrom> {
    if length <= 0 || length >= i64::MAX - 1 {
        return Err(HostError::Php(WitError::Unspecified));
    }
    let mut data = buffer(v, length);
    let sock = v.table.get_mut(s)?;
    let flags = flags as i32;
    let family = sock.family;
    let r = async {
        let (count, from) = wait_io(sock, Dir::Read, never_blocks(flags), |fd| {
            recv_from_into(fd, &mut data, flags)
        })
        .await?;
        let (address, port) = if family == libc::AF_UNIX {
            (addr::unix_path_text(&from), None)
        } else {
            match from.as_socket() {
                Some(sa) => (
                    addr::sock_name("socket_recvfrom", &from)?.address,
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
    }
    .await;
    v.ctx.record(sock, r)
}

/// `socket_sendto()`: every destination goes through the policy.
pub(crate) async fn sendto(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    data: Vec<u8>,
    length: i64,
    flags: i64,
    address: String,
    port: Option<i64>,
) -> HostResult<u64> {
    let n = send_len("socket_sendto", &data, Some(length))?;
    let sock = v.table.get_mut(s)?;
    let family = sock.family;
    sock.raw()?;
    let port = addr::port_for_family("socket_sendto", 6, family, port)?;
    let port = addr::port_arg("socket_sendto", 6, port)?;
    let r = async {
        let to =
            addr::resolve(v.ctx, "socket_sendto", family, &address, port, Use::Connect).await?;
        let flags = flags as i32 | libc::MSG_NOSIGNAL;
        let sent = wait_io(sock, Dir::Write, flags & libc::MSG_DONTWAIT != 0, |fd| {
            fd.send_to_with_flags(&data[..n], &to, flags)
        })
        .await?;
        Ok(sent as u64)
    }
    .await;
    v.ctx.record(sock, r)
}
