//! `work-echo ADDRESS PORT ROUNDS`: accepts one connection, then answers each message it reads
//! with the same bytes after `ROUNDS` rounds of arithmetic. For `sockbox-bench --cores`: guests
//! whose time goes to wasm, not to the kernel's TCP, so what the host lets run in parallel
//! shows in their throughput.

use sockbox_guest::*;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (address, port) = (&args[1], args[2].parse().expect("PORT"));
    let rounds: u64 = args[3].parse().expect("ROUNDS");
    let listener = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).expect("socket_create");
    socket_bind(&listener, address, port).expect("socket_bind");
    socket_listen(&listener, 1).expect("socket_listen");
    let conn = socket_accept(&listener).expect("socket_accept");
    let mut x = 1u64;
    loop {
        let msg = match socket_read(&conn, 4096, PHP_BINARY_READ) {
            Ok(m) if !m.is_empty() => m,
            _ => return,
        };
        for _ in 0..rounds {
            x = black_box(
                x.wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407),
            );
        }
        if socket_write(&conn, &msg, None).is_err() {
            return;
        }
    }
}
