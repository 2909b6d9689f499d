//! The echo server as a native Rust program over a level-triggered `epoll(7)` set: the `epoll`
//! column of `scripts/bench`, the limit for many connections (its cost per round trip does not
//! grow with idle sockets). Same work per event as `native-select-echo`: a readable client
//! costs one `read` and one `write`; a client whose echo was not written in full is watched for
//! writability until its backlog is flushed.
//!
//! `native-epoll-echo [ADDRESS] [PORT]` prints `listening on ADDRESS:PORT` and runs until
//! killed.

#[path = "../echo.rs"]
mod echo;

use echo::{CHUNK, Client};
use std::io::ErrorKind;
use std::net::TcpListener;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// The listener's token; a client's is its slot in `clients`.
const LISTENER: u64 = u64::MAX;

fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1".to_string());
    let port = args.next().unwrap_or_else(|| "10004".to_string());
    let listener = TcpListener::bind(format!("{address}:{port}")).unwrap_or_else(|e| {
        eprintln!("native-epoll-echo: bind {address}:{port}: {e}");
        std::process::exit(1);
    });
    listener.set_nonblocking(true).expect("set_nonblocking");
    println!(
        "listening on {}",
        listener.local_addr().expect("local_addr")
    );

    // SAFETY: epoll_create1 has no memory arguments; a non-negative result is a new
    // descriptor this program owns.
    let epoll = unsafe {
        let fd = libc::epoll_create1(libc::EPOLL_CLOEXEC);
        assert!(
            fd >= 0,
            "epoll_create1: {}",
            std::io::Error::last_os_error()
        );
        OwnedFd::from_raw_fd(fd)
    };
    let epoll = epoll.as_raw_fd();
    control(
        epoll,
        libc::EPOLL_CTL_ADD,
        listener.as_raw_fd(),
        LISTENER,
        libc::EPOLLIN,
    );

    let mut clients: Vec<Option<Client>> = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 1024];
    let mut buffer = vec![0u8; CHUNK];
    loop {
        // SAFETY: `events` is a valid array of `events.len()` epoll_event structs.
        let n = unsafe { libc::epoll_wait(epoll, events.as_mut_ptr(), events.len() as i32, -1) };
        if n < 0 {
            continue; // EINTR
        }
        for event in &events[..n as usize] {
            let token = event.u64;
            if token == LISTENER {
                accept_all(epoll, &listener, &mut clients, &mut free);
                continue;
            }
            let slot = token as usize;
            let Some(client) = clients[slot].as_mut() else {
                continue;
            };
            let was_pending = client.has_pending();
            let alive = if was_pending {
                client.flush()
            } else {
                client.on_readable(&mut buffer)
            };
            let fd = client.stream.as_raw_fd();
            if !alive {
                clients[slot] = None; // dropping the stream closes it (and leaves the set)
                free.push(slot);
            } else if was_pending != client.has_pending() {
                let events = if client.has_pending() {
                    libc::EPOLLOUT
                } else {
                    libc::EPOLLIN
                };
                control(epoll, libc::EPOLL_CTL_MOD, fd, token, events);
            }
        }
    }
}

/// `epoll_ctl` on `fd` with `token`, for `events`; a failure ends the server.
fn control(epoll: RawFd, op: i32, fd: RawFd, token: u64, events: i32) {
    let mut event = libc::epoll_event {
        events: events as u32,
        u64: token,
    };
    // SAFETY: `event` is a valid epoll_event for the duration of the call.
    if unsafe { libc::epoll_ctl(epoll, op, fd, &mut event) } != 0 {
        eprintln!("epoll_ctl: {}", std::io::Error::last_os_error());
        std::process::exit(1);
    }
}

/// Accepts every pending connection (the listener is non-blocking: until `WouldBlock`).
fn accept_all(
    epoll: RawFd,
    listener: &TcpListener,
    clients: &mut Vec<Option<Client>>,
    free: &mut Vec<usize>,
) {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let Some(client) = Client::new(stream) else {
                    continue;
                };
                let slot = free.pop().unwrap_or_else(|| {
                    clients.push(None);
                    clients.len() - 1
                });
                let fd = client.stream.as_raw_fd();
                clients[slot] = Some(client);
                control(epoll, libc::EPOLL_CTL_ADD, fd, slot as u64, libc::EPOLLIN);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) => {
                eprintln!("accept: {e}");
                return;
            }
        }
    }
}
