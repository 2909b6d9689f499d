//! AF_UNIX path names, pinned to what the policy checked.
//!
//! Checking a path and then handing the same string to `bind`/`connect` leaves a window: the
//! kernel resolves the string again, and a directory renamed or a symlink swapped in between
//! sends the call elsewhere. So after the check the host opens what it checked (`O_PATH`: the
//! socket file for a connect, its directory for a bind), verifies where that descriptor really
//! is, and makes the syscall through `/proc/self/fd/N` — the kernel then reaches exactly that
//! inode, whatever happens to the path.
//!
//! A bind through `/proc/self/fd/N/NAME` records that string as the socket's name, so the
//! host keeps the directory open for as long as the socket lives and translates the name back
//! to the guest's path wherever it reports one (`getsockname`, a sender's or peer's name).

use crate::errors::HostResult;
use crate::policy::{Policy, UnixRefusal};
use std::collections::HashMap;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// A checked path name and the descriptor that pins it.
#[derive(Debug)]
pub(crate) struct Pinned {
    /// What the syscall gets: `/proc/self/fd/N` (connect, send) or `/proc/self/fd/N/NAME`
    /// (bind).
    kernel: Vec<u8>,
    /// The path as the guest gave it (cut where the kernel cuts it).
    guest: Vec<u8>,
    pin: File,
}

/// What the path will be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathUse {
    /// Reaching an existing socket (connect, sendto, sendmsg): follows symlinks, as the
    /// kernel does.
    Reach,
    /// Creating a socket file (bind).
    Create,
}

/// Checks `guest` (a path name as the kernel cuts it) against the policy and pins it.
pub(crate) fn pin(policy: &Policy, guest: &[u8], usage: PathUse) -> Result<Pinned, UnixRefusal> {
    let real = policy.resolve_unix_path(guest)?;
    let native = |e: std::io::Error| UnixRefusal::Native(crate::errors::errno_of(&e));
    let (target, name) = match usage {
        PathUse::Reach => (real.as_path(), None),
        PathUse::Create => {
            let name = real.file_name().ok_or(UnixRefusal::Native(libc::EINVAL))?;
            (real.parent().unwrap_or(Path::new("/")), Some(name))
        }
    };
    let directory = if usage == PathUse::Create {
        libc::O_DIRECTORY
    } else {
        0
    };
    let pin = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_PATH | libc::O_CLOEXEC | directory)
        .open(target)
        .map_err(native)?;
    // Where the descriptor really is, now that nothing can move it.
    let fd_path = format!("/proc/self/fd/{}", pin.as_raw_fd());
    let there = std::fs::read_link(&fd_path).map_err(native)?;
    let there = match name {
        Some(n) => there.join(n),
        None => there,
    };
    policy.check_real_unix_path(&there, guest)?;
    let mut kernel = fd_path.into_bytes();
    if let Some(n) = name {
        kernel.push(b'/');
        kernel.extend_from_slice(n.as_bytes());
    }
    // A pinned name must fit in `sun_path` with its terminating NUL.
    if kernel.len() >= crate::addr::SUN_PATH_LEN {
        return Err(UnixRefusal::Native(libc::ENAMETOOLONG));
    }
    Ok(Pinned {
        kernel,
        guest: guest.to_vec(),
        pin,
    })
}

impl Pinned {
    /// The address the syscall gets.
    pub(crate) fn sockaddr(&self) -> HostResult<socket2::SockAddr> {
        crate::addr::unix_addr(&self.kernel)
    }

    /// After a successful bind: the name the kernel recorded is reported as the guest's path
    /// for as long as the returned guard (kept with the socket) lives.
    pub(crate) fn into_bound_name(self) -> BoundName {
        names()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.kernel.clone(), self.guest);
        BoundName {
            kernel: self.kernel,
            _dir: self.pin,
        }
    }
}

/// Keeps a bound socket's directory open (so its `/proc/self/fd/N` name stays unique) and its
/// translation registered.
#[derive(Debug)]
pub(crate) struct BoundName {
    kernel: Vec<u8>,
    _dir: File,
}

impl Drop for BoundName {
    fn drop(&mut self) {
        names()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.kernel);
    }
}

/// Kernel names of sockets bound through a pinned directory, to the guests' paths.
fn names() -> &'static Mutex<HashMap<Vec<u8>, Vec<u8>>> {
    static NAMES: OnceLock<Mutex<HashMap<Vec<u8>, Vec<u8>>>> = OnceLock::new();
    NAMES.get_or_init(Default::default)
}

/// The path a guest gave for a name the kernel reports (itself for any other name).
pub(crate) fn guest_name(kernel: Vec<u8>) -> Vec<u8> {
    if !kernel.starts_with(b"/proc/self/fd/") {
        return kernel;
    }
    let names = names().lock().unwrap_or_else(|e| e.into_inner());
    names.get(&kernel).cloned().unwrap_or(kernel)
}
