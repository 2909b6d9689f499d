//! `socket_select()`: readiness of many sockets at once, with no FD_SETSIZE cap.
//!
//! A zero-timeout `poll(2)` answers first (the fast path costs one syscall). When nothing is
//! ready, the host awaits tokio readiness of every socket, then asks `poll(2)` again, so what
//! the guest sees is always the kernel's current answer.

use crate::bindings::php::sockets::types::SelectReady;
use crate::ctx::{Sock, SocketsView};
use crate::errors::{HostError, HostResult, errno};
use crate::sys::{self, PollFd};
use std::future::Future;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;
use tokio::io::Interest;
use tokio::io::unix::AsyncFdReadyGuard;
use tokio::time::Instant;
use wasmtime::component::Resource;

/// Readiness of one socket, as tokio reports it.
type ReadyFuture<'a> =
    dyn Future<Output = std::io::Result<AsyncFdReadyGuard<'a, socket2::Socket>>> + Send + 'a;

/// The three sets, in PHP's argument order.
const SETS: [(&str, i16); 3] = [
    ("read", libc::POLLIN),
    ("write", libc::POLLOUT),
    ("except", libc::POLLPRI),
];

/// What `select(2)` counts as ready for each set, in poll(2) terms.
fn ready_mask(events: i16) -> i16 {
    match events {
        libc::POLLIN => libc::POLLIN | libc::POLLHUP | libc::POLLERR,
        libc::POLLOUT => libc::POLLOUT | libc::POLLERR,
        _ => libc::POLLPRI,
    }
}

fn interest(events: i16) -> Interest {
    match events {
        libc::POLLIN => Interest::READABLE,
        libc::POLLOUT => Interest::WRITABLE,
        _ => Interest::PRIORITY,
    }
}

/// `socket_select()`. Errors go to the global slot only.
pub(crate) async fn select(
    v: &mut SocketsView<'_>,
    sets: [Vec<Resource<Sock>>; 3],
    seconds: Option<i64>,
    microseconds: i64,
) -> HostResult<SelectReady> {
    let total: usize = sets.iter().map(Vec::len).sum();
    if total == 0 {
        return Err(HostError::invalid(
            "socket_select(): At least one array argument must be passed",
        ));
    }
    let mut socks: Vec<(&Sock, i16)> = Vec::with_capacity(total);
    for (arg, (name, events)) in SETS.into_iter().enumerate() {
        for res in &sets[arg] {
            let sock = v.table.get(res)?;
            if sock.fd.is_none() {
                return Err(HostError::invalid(format!(
                    "socket_select(): Argument #{} (${name}) contains a closed socket",
                    arg + 1
                )));
            }
            socks.push((sock, events));
        }
    }
    let r = wait(&socks, v.ctx.limits.max_select, seconds, microseconds).await;
    let r = r.map(|ready| {
        let mut out = SelectReady {
            count: 0,
            read: vec![],
            write: vec![],
            except: vec![],
        };
        let mut at = 0;
        for (set, list) in sets
            .iter()
            .zip([&mut out.read, &mut out.write, &mut out.except])
        {
            for pos in 0..set.len() {
                if ready[at] {
                    list.push(pos as u32);
                }
                at += 1;
            }
        }
        out.count = ready.iter().filter(|r| **r).count() as u32;
        out
    });
    v.ctx.record_global(r)
}

/// The timeout PHP passes to select(2); negative parts are select's EINVAL.
fn timeout(seconds: Option<i64>, microseconds: i64) -> HostResult<Option<Duration>> {
    let Some(sec) = seconds else { return Ok(None) };
    if sec < 0 || microseconds < 0 {
        return Err(HostError::errno(errno::EINVAL));
    }
    let sec = sec.saturating_add(microseconds / 1_000_000);
    let usec = microseconds % 1_000_000;
    Ok(Some(
        Duration::from_secs(sec as u64) + Duration::from_micros(usec as u64),
    ))
}

async fn wait(
    socks: &[(&Sock, i16)],
    max: usize,
    seconds: Option<i64>,
    microseconds: i64,
) -> HostResult<Vec<bool>> {
    if socks.len() > max {
        return Err(HostError::errno(errno::EINVAL));
    }
    let limit = timeout(seconds, microseconds)?;
    let deadline = limit.map(|d| Instant::now() + d);
    let mut fds: Vec<PollFd> = socks
        .iter()
        .map(|(s, ev)| sys::pollfd(s.fd.as_ref().map_or(-1, |f| f.as_raw_fd()), *ev))
        .collect();
    loop {
        if sys::poll_now(&mut fds)? > 0 || limit == Some(Duration::ZERO) {
            return Ok(fds
                .iter()
                .map(|p| p.revents & ready_mask(p.events) != 0)
                .collect());
        }
        let mut waits: Vec<Pin<Box<ReadyFuture<'_>>>> = socks
            .iter()
            .filter_map(|(s, ev)| {
                s.fd.as_ref()
                    .map(|f| Box::pin(f.ready(interest(*ev))) as Pin<Box<ReadyFuture<'_>>>)
            })
            .collect();
        let any = std::future::poll_fn(|cx| {
            for w in waits.iter_mut() {
                if let Poll::Ready(r) = w.as_mut().poll(cx) {
                    return Poll::Ready(r);
                }
            }
            Poll::Pending
        });
        let woke = match deadline {
            Some(at) => match tokio::time::timeout_at(at, any).await {
                Ok(r) => r,
                Err(_) => return Ok(vec![false; socks.len()]),
            },
            None => any.await,
        };
        let mut guard = woke?;
        if sys::poll_now(&mut fds)? == 0 {
            // tokio's cached readiness was stale: clear it so the next wait really waits, and
            // let other guests run meanwhile.
            guard.clear_ready();
            drop(waits);
            tokio::task::yield_now().await;
            continue;
        }
        return Ok(fds
            .iter()
            .map(|p| p.revents & ready_mask(p.events) != 0)
            .collect());
    }
}
