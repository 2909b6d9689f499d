//! The echo server a user would write today with `std::net` on wasm32-wasip2, without
//! sockbox: bind, then accept and serve one connection at a time until it closes.
//!
//! `std-echo [ADDRESS] [PORT]` (default `127.0.0.1 10004`) prints `listening on ADDRESS:PORT`
//! once it accepts connections, and runs until killed. It is the `wasi-std` column of
//! `scripts/bench`, run by the `wasi-std-run` runner on plain wasmtime-wasi.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1".to_string());
    let port = args.next().unwrap_or_else(|| "10004".to_string());
    let listener = TcpListener::bind(format!("{address}:{port}")).unwrap_or_else(|e| {
        eprintln!("std-echo: bind {address}:{port}: {e}");
        std::process::exit(1);
    });
    let bound = listener.local_addr().expect("local_addr");
    println!("listening on {bound}");

    for stream in listener.incoming() {
        match stream {
            Ok(stream) => serve(stream),
            Err(e) => eprintln!("std-echo: accept: {e}"),
        }
    }
}

/// Echoes everything the peer sends until it closes; errors just end the connection.
fn serve(mut stream: TcpStream) {
    // Echo small messages at once rather than waiting to coalesce them, as select-echo does.
    let _ = stream.set_nodelay(true);
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return,
            Ok(n) => {
                if stream.write_all(&buffer[..n]).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return,
        }
    }
}
