//! `socket_select()`: readiness of many sockets at once, with no FD_SETSIZE cap.
//!
//! Each guest has one level-triggered epoll set of its own ([`Poller`]), kept in step with the
//! sockets its selects watch (an event loop that selects over the same sockets changes nothing
//! between calls). A select asks it with `epoll_wait(0)` — one syscall whatever the number of
//! sockets — and, when nothing is ready, awaits the epoll descriptor's own readiness through
//! tokio, holding no thread. What the guest sees is always the kernel's current answer.

use crate::bindings::php::sockets::types::SelectReady;
use crate::ctx::{Sock, SocketsCtx, SocketsCtxView};
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
///
/// An event loop passes the same sockets in the same sets call after call: the sets of the
/// last select are kept, and a select naming exactly them costs no hashing at all (no sync, and
/// an answer built from the few ready descriptors rather than a scan of every position).
#[derive(Debug)]
pub(crate) struct Poller {
    epoll: AsyncFd<OwnedFd>,
    /// What each registered descriptor is watched for.
    registered: HashMap<RawFd, u32>,
    events: Vec<libc::epoll_event>,
    /// The sets the epoll set was last made to watch; `None` after a descriptor left it.
    last: Option<Watched>,
}

/// A descriptor's position in a set that does not name it.
const NOWHERE: u32 = u32::MAX;

impl Poller {
    fn new() -> io::Result<Self> {
        let epoll = sys::epoll_create()?;
        Ok(Poller {
            epoll: sys::register(epoll, Interest::READABLE)?,
            registered: HashMap::new(),
            events: Vec::new(),
            last: None,
        })
    }

    /// Whether the last sets were exactly these sockets, in this order.
    fn watches(&self, ids: &[Vec<u32>; 3]) -> bool {
        self.last.as_ref().is_some_and(|last| last.ids == *ids)
    }

    /// Makes the epoll set watch `sets`, unless it already watches exactly their descriptors.
    fn watch(&mut self, mut sets: Watched) -> io::Result<()> {
        if let Some(last) = &mut self.last
            && last.fds == sets.fds
        {
            last.ids = sets.ids;
            return Ok(());
        }
        self.last = None;
        // What each descriptor is watched for; each set has an event bit of its own, so a
        // descriptor already seen in a set has its bit set.
        let mut want: HashMap<RawFd, u32> = HashMap::with_capacity(sets.fds[0].len());
        for (set, (_, events, _)) in SETS.iter().enumerate() {
            for fd in &sets.fds[set] {
                let watched = want.entry(*fd).or_default();
                sets.repeats[set] |= *watched & events != 0;
                *watched |= events;
            }
        }
        self.sync(&want)?;
        sets.positions = (!sets.repeats.iter().any(|&r| r)).then(|| {
            let mut positions: HashMap<RawFd, [u32; 3]> = HashMap::with_capacity(want.len());
            for (set, fds) in sets.fds.iter().enumerate() {
                for (pos, fd) in fds.iter().enumerate() {
                    positions.entry(*fd).or_insert([NOWHERE; 3])[set] = pos as u32;
                }
            }
            positions
        });
        self.last = Some(sets);
        Ok(())
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
        Ok(())
    }

    /// Asks the kernel which watched descriptors are ready now: the answer for the sets last
    /// watched, and whether the kernel reported anything at all.
    fn ready_now(&mut self) -> io::Result<(SelectReady, bool)> {
        // Every registered descriptor fits: one call sees all that are ready.
        let max = self.registered.len();
        sys::epoll_ready(self.epoll.get_ref().as_fd(), &mut self.events, max)?;
        let sets = self.last.as_ref().expect("select waits on watched sets");
        let ready = self.events.iter().map(|e| (e.u64 as RawFd, e.events));
        let answer = match &sets.positions {
            Some(positions) => answer_from_ready(positions, ready),
            None => answer(sets, &ready.collect()),
        };
        Ok((answer, !self.events.is_empty()))
    }

    /// Stops watching a descriptor the guest is closing (its number may be reused).
    pub(crate) fn forget(&mut self, fd: RawFd) {
        if self.registered.remove(&fd).is_some() {
            let _ = sys::epoll_ctl(self.epoll.get_ref().as_fd(), libc::EPOLL_CTL_DEL, fd, 0);
            // A new socket may get the number and be passed in the same place.
            self.last = None;
        }
    }
}

/// A descriptor number the guest gives up (close, drop) may be reused: `socket_select`'s set
/// and every `events.poller` of the guest stop watching it (the descriptor itself may live on
/// in an exported stream, where the guest could no longer remove it).
pub(crate) fn forget(ctx: &mut SocketsCtx, fd: RawFd) {
    if let Some(poller) = &mut ctx.poller {
        poller.forget(fd);
    }
    for epoll in ctx.event_sets.values() {
        let _ = sys::epoll_ctl(epoll.as_fd(), libc::EPOLL_CTL_DEL, fd, 0);
    }
}

/// `socket_select()`. Errors go to the global slot only.
pub(crate) async fn select(
    v: &mut SocketsCtxView<'_>,
    sets: [Vec<u32>; 3],
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
    // The same socket ids as the last select name the same open descriptors (closing or
    // dropping a watched socket forgets the last sets): no need to look each one up.
    let watched = match &v.ctx.poller {
        Some(poller) if poller.watches(&sets) => None,
        _ => Some(v.ctx.record_global(descriptors(v, sets))?),
    };
    let r = async {
        let limit = timeout(seconds, microseconds)?;
        let poller = match &mut v.ctx.poller {
            Some(p) => p,
            slot => slot.insert(Poller::new()?),
        };
        if let Some(watched) = watched {
            poller.watch(watched)?;
        }
        Ok(wait(poller, limit).await?)
    }
    .await;
    v.ctx.record_global(r)
}

/// The descriptor of each socket of the sets, named by `socket.id` (its place in the
/// guest's resource table, type-checked: a number naming no socket of this guest is EBADF);
/// PHP's error for a closed socket, EBADF for one closed through another handle.
fn descriptors(v: &SocketsCtxView<'_>, ids: [Vec<u32>; 3]) -> HostResult<Watched> {
    let mut fds: [Vec<RawFd>; 3] = Default::default();
    for (arg, (name, _, _)) in SETS.into_iter().enumerate() {
        fds[arg].reserve_exact(ids[arg].len());
        for &id in &ids[arg] {
            let Ok(sock) = v.table.get(&Resource::<Sock>::new_borrow(id)) else {
                return Err(HostError::errno(errno::EBADF));
            };
            let Some(fd) = sock.fd.as_deref() else {
                return Err(HostError::invalid(format!(
                    "socket_select(): Argument #{} (${name}) contains a closed socket",
                    arg + 1
                )));
            };
            // Closed through another handle: the number PHP passes is stale, select's EBADF.
            if fd.is_closed_for_all() {
                return Err(HostError::errno(errno::EBADF));
            }
            fds[arg].push(fd.as_raw_fd());
        }
    }
    Ok(Watched {
        ids,
        fds,
        repeats: [false; 3],
        positions: None,
    })
}

/// The three sets as socket ids and descriptors, in the guest's order.
#[derive(Debug)]
struct Watched {
    /// Per set, the `socket.id` at each position.
    ids: [Vec<u32>; 3],
    /// Per set, the descriptor at each position.
    fds: [Vec<RawFd>; 3],
    /// Per set, whether it names a descriptor more than once.
    repeats: [bool; 3],
    /// When no set names a descriptor twice: each descriptor's position in each set
    /// (`NOWHERE` if absent), so an answer needs only the ready descriptors.
    positions: Option<HashMap<RawFd, [u32; 3]>>,
}

/// An answer with nothing ready.
fn nothing_ready() -> SelectReady {
    SelectReady {
        count: 0,
        read: vec![],
        write: vec![],
        except: vec![],
    }
}

/// Which positions of each set the kernel reports ready, from the ready descriptors alone
/// (each is in a set at most once).
fn answer_from_ready(
    positions: &HashMap<RawFd, [u32; 3]>,
    ready: impl Iterator<Item = (RawFd, u32)>,
) -> SelectReady {
    let mut out = nothing_ready();
    let mut lists = [&mut out.read, &mut out.write, &mut out.except];
    for (fd, events) in ready {
        let Some(at) = positions.get(&fd) else {
            continue;
        };
        for (set, (_, _, mask)) in SETS.iter().enumerate() {
            if at[set] != NOWHERE && events & mask != 0 {
                lists[set].push(at[set]);
            }
        }
    }
    for list in &mut lists {
        list.sort_unstable();
        out.count += list.len() as u32;
    }
    out
}

/// Which positions of each set the kernel reports ready, by a scan of every position.
fn answer(sets: &Watched, ready: &HashMap<RawFd, u32>) -> SelectReady {
    let mut out = nothing_ready();
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

/// Waits until a watched socket is ready for a set that names it, or `limit` passes.
async fn wait(poller: &mut Poller, limit: Option<Duration>) -> io::Result<SelectReady> {
    let deadline = deadline(limit);
    let mut spurious = 0u32;
    loop {
        let (out, reported) = poller.ready_now()?;
        if out.count > 0 || limit == Some(Duration::ZERO) {
            return Ok(out);
        }
        if reported {
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
                    return Ok(nothing_ready());
                }
                _ => tokio::time::sleep(pause).await,
            }
            continue;
        }
        if !epoll_readable(&poller.epoll, deadline).await? {
            return Ok(nothing_ready());
        }
    }
}

/// When a wait of at most `limit` ends. A timeout too long to represent as an instant is as
/// good as none.
pub(crate) fn deadline(limit: Option<Duration>) -> Option<Instant> {
    limit.and_then(|d| Instant::now().checked_add(d))
}

/// Waits until the epoll set `epoll` has events, or `deadline` passes (then `false`). Its
/// readiness is cleared first, so an event after the caller's last look wakes this wait.
pub(crate) async fn epoll_readable<T: AsRawFd>(
    epoll: &AsyncFd<T>,
    deadline: Option<Instant>,
) -> io::Result<bool> {
    let readable = epoll.readable();
    let mut guard = match deadline {
        Some(at) => match tokio::time::timeout_at(at, readable).await {
            Ok(guard) => guard?,
            Err(_) => return Ok(false),
        },
        None => readable.await?,
    };
    guard.clear_ready();
    Ok(true)
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
