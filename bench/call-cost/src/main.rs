//! `call-cost ITERATIONS`: the cost of single php:sockets calls, timed inside the guest, for
//! `sockbox-bench --calls`. Prints two lines, nanoseconds per iteration:
//!
//! ```text
//! trivial NS     socket_last_error(None): a host call that makes no syscall
//! pair NS        a 1-byte socket_write and socket_read on a socket_create_pair pair
//! ```

use sockbox_guest::*;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(100_000);

    let start = Instant::now();
    for _ in 0..n {
        black_box(socket_last_error(None));
    }
    println!("trivial {}", start.elapsed().as_nanos() / u128::from(n));

    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).expect("socket_create_pair");
    let start = Instant::now();
    for _ in 0..n {
        socket_write(&a, b"x", None).expect("socket_write");
        black_box(socket_read(&b, 1, PHP_BINARY_READ).expect("socket_read"));
    }
    println!("pair {}", start.elapsed().as_nanos() / u128::from(n));
}
