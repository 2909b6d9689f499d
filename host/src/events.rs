//! The `events` interface: a guest's own level-triggered epoll sets, for event loops that
//! watch many sockets without sending them all on every call (`socket_select` must take its
//! whole sets each time, as PHP passes them).
//!
//! A poller only watches sockets the guest already holds, so no policy rule applies; it holds
//! a descriptor, counted like a socket in both budgets. The token a guest gives is the epoll
//! event's data, so a wait answers with the kernel's list as it is, in O(ready).

use crate::bindings::php::sockets::types::{Event, Readiness};
use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::fd::Slot;
use crate::select::{deadline, epoll_readable};
use crate::sys;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use wasmtime::component::Resource;

/// A guest's `poller`: an epoll set and its places in the budgets.
#[derive(Debug)]
pub struct EventPoller {
    /// Shared with the guest's list of sets, which `forget` walks.
    epoll: AsyncFd<Arc<OwnedFd>>,
    events: Vec<libc::epoll_event>,
    _slots: (Slot, Slot),
}

/// Which epoll events stand for which readiness, asked and reported.
const EVENTS: [(Readiness, u32); 5] = [
    (
        Readiness::READABLE,
        (libc::EPOLLIN | libc::EPOLLRDHUP) as u32,
    ),
    (Readiness::WRITABLE, libc::EPOLLOUT as u32),
    (Readiness::PRIORITY, libc::EPOLLPRI as u32),
    (
        Readiness::HANGUP,
        (libc::EPOLLHUP | libc::EPOLLRDHUP) as u32,
    ),
    (Readiness::ERROR, libc::EPOLLERR as u32),
];

/// The epoll events to watch for `interest` (hang-ups and errors are always reported).
fn epoll_interest(interest: Readiness) -> u32 {
    EVENTS
        .iter()
        .filter(|(r, _)| interest.contains(*r))
        .fold(0, |acc, (_, ev)| acc | ev)
}

/// What a reported set of epoll events means. A hang-up or error also makes a socket readable,
/// as select's read set counts it: a read then returns the end or the error.
fn readiness(events: u32) -> Readiness {
    let mut ready = EVENTS
        .iter()
        .filter(|(_, ev)| events & ev != 0)
        .fold(Readiness::empty(), |acc, (r, _)| acc | *r);
    if events & (libc::EPOLLHUP | libc::EPOLLERR) as u32 != 0 {
        ready |= Readiness::READABLE;
    }
    ready
}

/// `poller.create`.
pub(crate) fn create(v: &mut SocketsCtxView<'_>) -> HostResult<Resource<EventPoller>> {
    let slots = v.ctx.reserve_descriptor()?;
    let epoll = Arc::new(sys::epoll_create()?);
    let poller = EventPoller {
        epoll: sys::register(epoll.clone(), Interest::READABLE)?,
        events: Vec::new(),
        _slots: slots,
    };
    let res = v.table.push(poller)?;
    v.ctx.event_sets.insert(res.rep(), epoll);
    Ok(res)
}

/// `poller.add`, `poller.modify` and `poller.remove`.
pub(crate) fn control(
    v: &mut SocketsCtxView<'_>,
    p: &Resource<EventPoller>,
    s: &Resource<Sock>,
    change: sys::EpollChange,
    token: u64,
    interest: Readiness,
) -> HostResult<()> {
    let fd = v.table.get(s)?.fd()?;
    let poller = v.table.get(p)?;
    let epoll = poller.epoll.get_ref().as_fd();
    let r = sys::epoll_change(
        epoll,
        change,
        fd.socket().as_fd(),
        epoll_interest(interest),
        token,
    );
    v.ctx.record_global(r.map_err(HostError::from))
}

/// `poller.wait`: the ready sockets, at most `max_events` (and at most the guest's socket
/// limit, so the list a guest asks for is bounded).
pub(crate) async fn wait(
    v: &mut SocketsCtxView<'_>,
    p: &Resource<EventPoller>,
    max_events: u32,
    timeout_ms: Option<u64>,
) -> HostResult<Vec<Event>> {
    if max_events == 0 {
        return v.ctx.record_global(Err(HostError::errno(errno::EINVAL)));
    }
    let cap = (max_events as usize).min(v.ctx.limits.max_sockets.max(1));
    let poller = v.table.get_mut(p)?;
    let limit = timeout_ms.map(Duration::from_millis);
    let deadline = deadline(limit);
    let r = async {
        loop {
            sys::epoll_ready(poller.epoll.get_ref().as_fd(), &mut poller.events, cap)?;
            if !poller.events.is_empty() || limit == Some(Duration::ZERO) {
                break;
            }
            if !epoll_readable(&poller.epoll, deadline).await? {
                break;
            }
        }
        Ok(poller
            .events
            .iter()
            .map(|e| Event {
                token: e.u64,
                ready: readiness(e.events),
            })
            .collect())
    }
    .await;
    v.ctx.record_global(r)
}

/// The resource destructor.
pub(crate) fn drop_poller(
    v: &mut SocketsCtxView<'_>,
    p: Resource<EventPoller>,
) -> wasmtime::Result<()> {
    v.ctx.event_sets.remove(&p.rep());
    v.table.delete(p)?;
    Ok(())
}
