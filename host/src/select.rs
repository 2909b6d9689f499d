//! `socket_select()`: readiness of many sockets at once, with no FD_SETSIZE cap.
//!
//! Each guest has one level-triggered epoll set of its own ([`Poller`]), kept in step with the
//! sockets its selects watch (an event loop that selects over the same sockets changes nothing
//! between calls). A select asks it with `epoll_wait(0)` — one syscall whatever the number of
//! sockets — and, when nothing is ready, awaits the epoll descriptor's own readiness through
//! tokio, holding no thread. What the guest sees is always the kernel's current answer.

use crate::bindings::php::sockets::types::SelectReady;
use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::sys;
use std::collections::HashMap;
use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::time::Duration;
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::time::Instant;
use wasmtime::component::Resource;

/// The three sets, in PHP's argument order: name, the epoll event to watch, and what
/// `select(2)` counts as ready for that set.
const SETS: [(&str, u32, u32); 3] = [
    (
        "read",
        libc::EPOLLIN as u32,
        (libc::EPOLLIN | libc::EPOLLHUP | libc::EPOLLERR | libc::EPOLLRDHUP) as u32,
    ),
    (
        "write",
        libc::EPOLLOUT as u32,
        (libc::EPOLLOUT | libc::EPOLLERR) as u32,
    ),
    ("except", libc::EPOLLPRI as u32, libc::EPOLLPRI as u32),
];

/// Wake-ups in a row that find nothing the guest asked for before a select backs off.
const SPIN_LIMIT: u32 = 16;

/// A guest's epoll set for `socket_select`.
#[derive(Debug)]
pub(crate) struct Poller {
    epoll: AsyncFd<OwnedFd>,
    /// What each registered descriptor is watched for.
    registered: HashMap<RawFd, u32>,
    events: Vec<libc::epoll_event>,
}

impl Poller {
    fn new() -> io::Result<Self> {
        let epoll = sys::epoll_create()?;
        Ok(Poller {
            epoll: sys::register(epoll, Interest::READABLE)?,
            registered: HashMap::new(),
            events: Vec::new(),
        })
    }

    /// Makes the epoll set watch exactly `want`.
    fn sync(&mut self, want: &HashMap<RawFd, u32>) -> io::Result<()> {
        let epoll = self.epoll.get_ref().as_fd();
        let stale: Vec<RawFd> = self
            .registered
            .keys()
            .filter(|fd| !want.contains_key(fd))
            .copied()
            .collect();
        for fd in stale {
            self.registered.remove(&fd);
            // The descriptor may already be closed (and so gone from the set).
            let _ = sys::epoll_ctl(epoll, libc::EPOLL_CTL_DEL, fd, 0);
        }
        for (&fd, &events) in want {
            match self.registered.get(&fd) {
                Some(&had) if had == events => continue,
                Some(_) => sys::epoll_ctl(epoll, libc::EPOLL_CTL_MOD, fd, events)?,
                None => match sys::epoll_ctl(epoll, libc::EPOLL_CTL_ADD, fd, events) {
                    Err(e) if e.raw_os_error() == Some(libc::EEXIST) => {
                        sys::epoll_ctl(epoll, libc::EPOLL_CTL_MOD, fd, events)?
                    }
                    r => r?,
                },
            }
            self.registered.insert(fd, events);
        }
        self.events.reserve(want.len());
        Ok(())
    }

    /// The descriptors ready now, with their events.
    fn ready_now(&mut self) -> io::Result<HashMap<RawFd, u32>> {
        sys::epoll_ready(self.epoll.get_ref().as_fd(), &mut self.events)?;
        Ok(self
            .events
            .iter()
            .map(|e| (e.u64 as RawFd, e.events))
            .collect())
    }

    /// Stops watching a descriptor the guest is closing (its number may be reused).
    pub(crate) fn forget(&mut self, fd: RawFd) {
        if self.registered.remove(&fd).is_some() {
            let _ = sys::epoll_ctl(self.epoll.get_ref().as_fd(), libc::EPOLL_CTL_DEL, fd, 0);
        }
    }
}

/// `socket_select()`. Errors go to the global slot only.
pub(crate) async fn select(
    v: &mut SocketsCtxView<'_>,
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
    if total > v.ctx.limits.max_select {
        return v.ctx.record_global(Err(HostError::errno(errno::EINVAL)));
    }
    // Per set, the descriptor of each position; and what each descriptor is watched for.
    let mut watched_sets = Watched::default();
    let mut want: HashMap<RawFd, u32> = HashMap::with_capacity(total);
    for (arg, (name, events, _)) in SETS.into_iter().enumerate() {
        for res in &sets[arg] {
            let Some(fd) = v.table.get(res)?.fd.as_ref().map(|f| f.as_raw_fd()) else {
                return Err(HostError::invalid(format!(
                    "socket_select(): Argument #{} (${name}) contains a closed socket",
                    arg + 1
                )));
            };
            watched_sets.fds[arg].push(fd);
            // Each set has an event bit of its own: seen before in this set if it is set.
            let watched = want.entry(fd).or_default();
            watched_sets.repeats[arg] |= *watched & events != 0;
            *watched |= events;
        }
    }
    let r = async {
        let limit = timeout(seconds, microseconds)?;
        let poller = match &mut v.ctx.poller {
            Some(p) => p,
            slot => slot.insert(Poller::new()?),
        };
        poller.sync(&want)?;
        Ok(wait(poller, &watched_sets, limit).await?)
    }
    .await;
    v.ctx.record_global(r)
}

/// The three sets as descriptors, in the guest's order.
#[derive(Default)]
struct Watched {
    /// Per set, the descriptor at each position.
    fds: [Vec<RawFd>; 3],
    /// Per set, whether it names a descriptor more than once.
    repeats: [bool; 3],
}

/// Which positions of each set the kernel reports ready.
fn answer(sets: &Watched, ready: &HashMap<RawFd, u32>) -> SelectReady {
    let mut out = SelectReady {
        count: 0,
        read: vec![],
        write: vec![],
        except: vec![],
    };
    let lists = [&mut out.read, &mut out.write, &mut out.except];
    for (((set, repeats), (_, _, mask)), list) in
        sets.fds.iter().zip(sets.repeats).zip(SETS).zip(lists)
    {
        for (pos, fd) in set.iter().enumerate() {
            if ready.get(fd).is_some_and(|ev| ev & mask != 0) {
                list.push(pos as u32);
            }
        }
        // select(2) counts descriptors per set: a socket listed twice counts once.
        out.count += if repeats {
            let distinct: std::collections::HashSet<RawFd> =
                list.iter().map(|&pos| set[pos as usize]).collect();
            distinct.len() as u32
        } else {
            list.len() as u32
        };
    }
    out
}

async fn wait(
    poller: &mut Poller,
    fds: &Watched,
    limit: Option<Duration>,
) -> io::Result<SelectReady> {
    // A timeout too long to represent as an instant is as good as none.
    let deadline = limit.and_then(|d| Instant::now().checked_add(d));
    let mut spurious = 0u32;
    loop {
        let ready = poller.ready_now()?;
        let out = answer(fds, &ready);
        if out.count > 0 || limit == Some(Duration::ZERO) {
            return Ok(out);
        }
        if !ready.is_empty() {
            // Events no set counts (a hang-up on a socket watched only for writing): the set
            // stays readable, so do not spin on it.
            spurious += 1;
            let pause = if spurious > SPIN_LIMIT {
                Duration::from_millis(1)
            } else {
                Duration::ZERO
            };
            match deadline {
                Some(at) if Instant::now().checked_add(pause).is_none_or(|t| t >= at) => {
                    return Ok(answer(fds, &HashMap::new()));
                }
                _ => tokio::time::sleep(pause).await,
            }
            continue;
        }
        let readable = poller.epoll.readable();
        let mut guard = match deadline {
            Some(at) => match tokio::time::timeout_at(at, readable).await {
                Ok(guard) => guard?,
                Err(_) => return Ok(answer(fds, &HashMap::new())),
            },
            None => readable.await?,
        };
        // Cleared before looking again: an event after the look wakes the next wait.
        guard.clear_ready();
    }
}

/// The timeout PHP passes to select(2); negative parts are select's EINVAL.
fn timeout(seconds: Option<i64>, microseconds: i64) -> HostResult<Option<Duration>> {
    let Some(sec) = seconds else { return Ok(None) };
    if sec < 0 || microseconds < 0 {
        return Err(HostError::errno(errno::EINVAL));
    }
    let sec = sec.saturating_add(microseconds / 1_000_000);
    let usec = microseconds % 1_000_000;
    // Both parts are non-negative here, and the micros stay below a second: no overflow.
    Ok(Some(Duration::new(sec as u64, (usec * 1000) as u32)))
}
