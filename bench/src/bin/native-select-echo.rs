//! The select-echo example (examples/select-echo) as a native Rust program: the `native`
//! column of `scripts/bench`. Same loop: one `poll` over the non-blocking listener and every
//! client; a readable client costs one `read` and one `write`; a client whose echo was not
//! written in full waits for writability until its backlog is flushed.
//!
//! `native-select-echo [ADDRESS] [PORT]` prints `listening on ADDRESS:PORT` and runs until
//! killed.

#[path = "../echo.rs"]
mod echo;

use echo::{CHUNK, Client};
use std::io::ErrorKind;
use std::net::TcpListener;
use std::os::fd::AsRawFd;

fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1".to_string());
    let port = args.next().unwrap_or_else(|| "10003".to_string());
    // std sets SO_REUSEADDR on Unix listeners, as select-echo does by hand.
    let listener = TcpListener::bind(format!("{address}:{port}")).unwrap_or_else(|e| {
        eprintln!("native-select-echo: bind {address}:{port}: {e}");
        std::process::exit(1);
    });
    listener.set_nonblocking(true).expect("set_nonblocking");
    println!(
        "listening on {}",
        listener.local_addr().expect("local_addr")
    );

    let mut clients: Vec<Client> = Vec::new();
    let mut fds: Vec<libc::pollfd> = Vec::new();
    let mut buffer = vec![0u8; CHUNK];
    loop {
        fds.clear();
        fds.push(pollfd(listener.as_raw_fd(), libc::POLLIN));
        for client in &clients {
            let events = if client.has_pending() {
                libc::POLLOUT
            } else {
                libc::POLLIN
            };
            fds.push(pollfd(client.stream.as_raw_fd(), events));
        }
        // SAFETY: `fds` is a valid, initialised array of `fds.len()` pollfd structs.
        if unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) } < 0 {
            continue; // EINTR
        }

        // Walk backwards so that `swap_remove` only moves clients already handled.
        for index in (0..clients.len()).rev() {
            let revents = fds[index + 1].revents;
            if revents == 0 {
                continue;
            }
            let client = &mut clients[index];
            let alive = if client.has_pending() {
                client.flush()
            } else {
                client.on_readable(&mut buffer)
            };
            if !alive {
                clients.swap_remove(index); // dropping the stream closes it
            }
        }
        if fds[0].revents != 0 {
            accept_all(&listener, &mut clients);
        }
    }
}

fn pollfd(fd: i32, events: libc::c_short) -> libc::pollfd {
    libc::pollfd {
        fd,
        events,
        revents: 0,
    }
}

/// Accepts every pending connection (the listener is non-blocking: until `WouldBlock`).
fn accept_all(listener: &TcpListener, clients: &mut Vec<Client>) {
    loop {
        match listener.accept() {
            Ok((stream, _)) => clients.extend(Client::new(stream)),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) => {
                eprintln!("accept: {e}");
                return;
            }
        }
    }
}
