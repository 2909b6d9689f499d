//! [`Poller`]: readiness for event loops over many sockets, without sending every socket on
//! every call as [`socket_select`](crate::socket_select) must. sockbox's own (PHP has only
//! `socket_select`), shaped like Linux's level-triggered `epoll(7)`.

use crate::Socket;
use crate::bindings::php::sockets::events as wit;
use crate::error::Result;
use std::time::Duration;

pub use crate::bindings::php::sockets::types::{Event, Readiness};

/// A set of watched sockets. A socket added once is reported by every [`wait`](Poller::wait)
/// while it is ready for what it was added for; closing or dropping the socket removes it.
///
/// ```no_run
/// use sockbox_guest::*;
///
/// let listener = socket_create_listen(8080, SOMAXCONN)?;
/// socket_set_nonblock(&listener)?;
/// let poller = Poller::new()?;
/// poller.add(&listener, 0, Readiness::READABLE)?;
/// for event in poller.wait(64, None)? {
///     assert_eq!(event.token, 0); // the listener has a connection to accept
/// }
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug)]
pub struct Poller(wit::Poller);

impl Poller {
    /// A new, empty set. It counts like a socket against the guest's limit (`EMFILE`).
    pub fn new() -> Result<Poller> {
        Ok(Poller(wit::Poller::create()?))
    }

    /// Watches `socket` for `interest`; waits report it with `token`. Hang-ups and errors are
    /// always reported. `EEXIST` if the set has it already.
    pub fn add(&self, socket: &Socket, token: u64, interest: Readiness) -> Result<()> {
        Ok(self.0.add(socket.as_raw(), token, interest)?)
    }

    /// Changes what `socket` is watched for and its token (`ENOENT` if it is not in the set).
    pub fn modify(&self, socket: &Socket, token: u64, interest: Readiness) -> Result<()> {
        Ok(self.0.modify(socket.as_raw(), token, interest)?)
    }

    /// Stops watching `socket` (`ENOENT` if it is not in the set).
    pub fn remove(&self, socket: &Socket) -> Result<()> {
        Ok(self.0.remove(socket.as_raw())?)
    }

    /// Waits until a socket of the set is ready or `timeout` passes (`None`: no limit), and
    /// returns at most `max_events` (at least 1) of the ready ones; empty when the time passed.
    /// A timeout is counted in whole milliseconds, rounded up.
    pub fn wait(&self, max_events: u32, timeout: Option<Duration>) -> Result<Vec<Event>> {
        let ms = timeout.map(|t| {
            let ms = t.as_millis() + u128::from(t.subsec_nanos() % 1_000_000 != 0);
            u64::try_from(ms).unwrap_or(u64::MAX)
        });
        Ok(self.0.wait(max_events, ms)?)
    }
}
