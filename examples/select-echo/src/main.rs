//! An echo server for many clients at once, driven by `socket_select`: every byte a client
//! sends comes back to it.
//!
//! `select-echo [ADDRESS] [PORT] [N]` listens on `ADDRESS:PORT` (default `127.0.0.1 10001`;
//! port 0 picks a free one) and prints `listening on ADDRESS:PORT` once it accepts
//! connections. It runs until killed, or, given `N`, until `N` client connections have been
//! served and closed.
//!
//! ```text
//! sockbox run --allow-bind 127.0.0.1:10001 select-echo.wasm 127.0.0.1 10001
//! ```
//!
//! All sockets are non-blocking: one `socket_select` waits for the listener and every client,
//! and no call after it can block the others. A client whose echo could not be written in full
//! is watched for writability instead of readability until its backlog is flushed.
//!
//! The loop is benchmarked, so it avoids work per iteration: the select lists and bookkeeping
//! vectors keep their allocations from one iteration to the next, and a readable socket costs
//! one `socket_read` and one `socket_write`.

mod client;

use client::{Client, flush, on_readable};
use sockbox_guest::*;
use std::io::Write;

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

    let mut clients: Vec<Client> = Vec::new();
    let mut served = 0usize;
    // Reused every iteration. `readers[i]` / `writers[i]` is the client at position i of the
    // read list (after the listener, at 0) / the write list.
    let mut read_list: Vec<&Socket> = Vec::new();
    let mut write_list: Vec<&Socket> = Vec::new();
    let mut readers: Vec<usize> = Vec::new();
    let mut writers: Vec<usize> = Vec::new();
    let mut finished: Vec<usize> = Vec::new();

    while limit.is_none_or(|n| served < n) {
        // The lists borrow `clients`, which changes below, so each iteration refills the
        // previous iteration's (emptied) allocations under a fresh lifetime.
        let mut reads = recycle(std::mem::take(&mut read_list));
        let mut writes = recycle(std::mem::take(&mut write_list));
        readers.clear();
        writers.clear();
        reads.push(&listener);
        for (index, client) in clients.iter().enumerate() {
            if !client.has_pending() {
                reads.push(&client.socket);
                readers.push(index);
            } else {
                writes.push(&client.socket);
                writers.push(index);
            }
        }

        let ready = match socket_select_ready(&reads, &writes, &[], None, 0) {
            Ok(ready) => ready,
            Err(e) if e.errno() == SOCKET_EINTR as i32 => continue,
            Err(e) => fail("socket_select", e),
        };
        read_list = recycle(reads);
        write_list = recycle(writes);

        for &position in &ready.read {
            match position {
                0 => accept_all(&listener, &mut clients),
                p => {
                    let index = readers[p as usize - 1];
                    if !on_readable(&mut clients[index]) {
                        finished.push(index);
                    }
                }
            }
        }
        for &position in &ready.write {
            let index = writers[position as usize];
            if !flush(&mut clients[index]) {
                finished.push(index);
            }
        }

        // Highest index first, so that `swap_remove` only moves clients that stay.
        finished.sort_unstable();
        for &index in finished.iter().rev() {
            clients.swap_remove(index); // dropping the Socket closes it
            served += 1;
        }
        finished.clear();
    }
}

/// Accepts every pending connection (the listener is non-blocking: until `EAGAIN`).
fn accept_all(listener: &Socket, clients: &mut Vec<Client>) {
    loop {
        match socket_accept(listener) {
            Ok(socket) => {
                if let Err(e) = socket_set_nonblock(&socket) {
                    println!("socket_set_nonblock() failed: reason: {e}");
                    continue;
                }
                // Echo small messages at once rather than waiting to coalesce them.
                let _ = socket_set_option(&socket, SOL_TCP, TCP_NODELAY, 1);
                clients.push(Client::new(socket));
            }
            Err(e) if e.is_would_block() => return,
            Err(e) => {
                println!("socket_accept() failed: reason: {e}");
                return;
            }
        }
    }
}

/// Empties `list` and returns its allocation with a new lifetime (collecting a vector's
/// `into_iter()` into a vector of the same layout reuses its buffer).
fn recycle<'a>(mut list: Vec<&Socket>) -> Vec<&'a Socket> {
    list.clear();
    list.into_iter().map(|_| unreachable!()).collect()
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
    eprintln!("usage: select-echo [ADDRESS] [PORT] [N]");
    std::process::exit(2);
}
