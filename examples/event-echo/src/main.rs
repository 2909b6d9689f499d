//! An echo server for many clients at once, driven by a [`Poller`] (sockbox's epoll-style
//! `events` interface) instead of `socket_select`: every byte a client sends comes back to it.
//!
//! `event-echo [ADDRESS] [PORT] [N]` listens on `ADDRESS:PORT` (default `127.0.0.1 10001`;
//! port 0 picks a free one) and prints `listening on ADDRESS:PORT` once it accepts
//! connections. It runs until killed, or, given `N`, until `N` client connections have been
//! served and closed.
//!
//! ```text
//! sockbox run --allow-bind 127.0.0.1:10001 event-echo.wasm 127.0.0.1 10001
//! ```
//!
//! The same server as `select-echo`, but each socket is added to the poller once: a wait
//! answers with the ready sockets only, so its cost does not grow with idle clients. A
//! client whose echo could not be written in full is watched for writability instead of
//! readability until its backlog is flushed.

// The same client handling as select-echo's.
#[path = "../../select-echo/src/client.rs"]
mod client;

use client::{Client, flush, on_readable};
use sockbox_guest::*;
use std::io::Write;

/// The most events one wait returns.
const BATCH: u32 = 256;
/// The listener's token; a client's is its slot in `clients`.
const LISTENER: u64 = u64::MAX;

fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1".to_string());
    let port: i64 = args
        .next()
        .map_or(10001, |p| p.parse().unwrap_or_else(|_| usage()));
    let limit: Option<usize> = args.next().map(|n| n.parse().unwrap_or_else(|_| usage()));

    let listener =
        socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap_or_else(|e| fail("socket_create", e));
    let _ = socket_set_option(&listener, SOL_SOCKET, SO_REUSEADDR, 1);
    check("socket_bind", socket_bind(&listener, &address, port));
    check("socket_listen", socket_listen(&listener, SOMAXCONN));
    check("socket_set_nonblock", socket_set_nonblock(&listener));
    let bound = socket_getsockname(&listener).unwrap_or_else(|e| fail("socket_getsockname", e));
    println!("listening on {}:{}", bound.address, bound.port.unwrap_or(0));
    let _ = std::io::stdout().flush();

    let poller = Poller::new().unwrap_or_else(|e| fail("Poller::new", e));
    check(
        "poller.add",
        poller.add(&listener, LISTENER, Readiness::READABLE),
    );
    let mut clients: Vec<Option<Client>> = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    let mut served = 0usize;

    while limit.is_none_or(|n| served < n) {
        let events = match poller.wait(BATCH, None) {
            Ok(events) => events,
            Err(e) if e.errno() == SOCKET_EINTR as i32 => continue,
            Err(e) => fail("poller.wait", e),
        };
        for event in events {
            if event.token == LISTENER {
                accept_all(&listener, &poller, &mut clients, &mut free);
                continue;
            }
            let slot = event.token as usize;
            let Some(client) = clients[slot].as_mut() else {
                continue;
            };
            let had_pending = client.has_pending();
            let alive = if had_pending {
                flush(client)
            } else {
                on_readable(client)
            };
            if !alive {
                clients[slot] = None; // dropping the Socket closes it and leaves the poller
                free.push(slot);
                served += 1;
            } else if had_pending != client.has_pending() {
                let interest = if client.has_pending() {
                    Readiness::WRITABLE
                } else {
                    Readiness::READABLE
                };
                check(
                    "poller.modify",
                    poller.modify(&client.socket, event.token, interest),
                );
            }
        }
    }
}

/// Accepts every pending connection (the listener is non-blocking: until `EAGAIN`) and adds
/// each to the poller under its slot.
fn accept_all(
    listener: &Socket,
    poller: &Poller,
    clients: &mut Vec<Option<Client>>,
    free: &mut Vec<usize>,
) {
    loop {
        match socket_accept(listener) {
            Ok(socket) => {
                if let Err(e) = socket_set_nonblock(&socket) {
                    println!("socket_set_nonblock() failed: reason: {e}");
                    continue;
                }
                // Echo small messages at once rather than waiting to coalesce them.
                let _ = socket_set_option(&socket, SOL_TCP, TCP_NODELAY, 1);
                let slot = free.pop().unwrap_or_else(|| {
                    clients.push(None);
                    clients.len() - 1
                });
                if let Err(e) = poller.add(&socket, slot as u64, Readiness::READABLE) {
                    println!("poller.add failed: reason: {e}");
                    free.push(slot);
                    continue;
                }
                clients[slot] = Some(Client::new(socket));
            }
            Err(e) if e.is_would_block() => return,
            Err(e) => {
                println!("socket_accept() failed: reason: {e}");
                return;
            }
        }
    }
}

fn check(function: &str, result: Result<()>) {
    if let Err(e) = result {
        fail(function, e);
    }
}

fn fail(function: &str, e: Error) -> ! {
    println!("{function}() failed: reason: {e}");
    std::process::exit(1);
}

fn usage() -> ! {
    eprintln!("usage: event-echo [ADDRESS] [PORT] [N]");
    std::process::exit(2);
}
