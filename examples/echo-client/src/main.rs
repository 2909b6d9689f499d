//! A client for the `echo-server` example (PHP manual, Sockets, Example #1).
//!
//! `echo-client [ADDRESS] [PORT] [LINE...]` connects to `ADDRESS:PORT` (default
//! `127.0.0.1 10000`), reads the welcome text, then sends each `LINE` (default `hello`,
//! `sockets in wasm`, `quit`) and prints the transcript:
//!
//! ```text
//! > hello
//! < PHP: You said 'hello'.
//! ```
//!
//! After `quit` (or `shutdown`, which also stops the server) it reads until the server closes
//! the connection.
//!
//! ```text
//! sockbox run --allow-connect 127.0.0.1:10000 echo-client.wasm 127.0.0.1 10000 hello quit
//! ```

use sockbox_guest::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1".to_string());
    let port: i64 = match args.next().map(|p| p.parse()) {
        None => 10000,
        Some(Ok(port)) => port,
        Some(Err(_)) => {
            eprintln!("usage: echo-client [ADDRESS] [PORT] [LINE...]");
            std::process::exit(2);
        }
    };
    let mut lines: Vec<String> = args.collect();
    if lines.is_empty() {
        lines = vec!["hello".into(), "sockets in wasm".into(), "quit".into()];
    }

    let socket =
        socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap_or_else(|e| fail("socket_create", e));
    if let Err(e) = socket_connect(&socket, &address, Some(port)) {
        fail("socket_connect", e);
    }

    // The welcome text ends with the line that explains 'shutdown'.
    loop {
        let line = read_line(&socket).unwrap_or_else(|| std::process::exit(1));
        print_received(&line);
        if line.contains("'shutdown'") {
            break;
        }
    }

    for line in &lines {
        write_all(&socket, format!("{line}\n").as_bytes());
        println!("> {line}");
        let command = line.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B']);
        if command == "quit" || command == "shutdown" {
            break;
        }
        // The server ignores lines that PHP's trim() leaves empty (or "0"): no reply to wait for.
        if command.is_empty() || command == "0" {
            continue;
        }
        match read_line(&socket) {
            Some(reply) => print_received(&reply),
            None => break,
        }
    }

    // Whatever the server still sends, until it closes the connection.
    loop {
        match socket_read(&socket, 2048, PHP_BINARY_READ) {
            Ok(data) if data.is_empty() => break,
            Ok(data) => String::from_utf8_lossy(&data)
                .lines()
                .for_each(print_received),
            Err(e) => {
                println!("socket_read() failed: reason: {e}");
                break;
            }
        }
    }
    let _ = socket_close(&socket);
}

/// One line from the server (PHP_NORMAL_READ stops after "\n"), without its terminator;
/// `None` (after printing why) at end of stream or on error.
fn read_line(socket: &Socket) -> Option<String> {
    match socket_read(socket, 2048, PHP_NORMAL_READ) {
        Ok(data) if data.is_empty() => None,
        Ok(data) => Some(
            String::from_utf8_lossy(&data)
                .trim_end_matches(['\r', '\n'])
                .to_string(),
        ),
        Err(e) => {
            println!("socket_read() failed: reason: {e}");
            None
        }
    }
}

/// `socket_write` until all of `data` is written (one call may write less).
fn write_all(socket: &Socket, mut data: &[u8]) {
    while !data.is_empty() {
        match socket_write(socket, data, None) {
            Ok(n) => data = &data[n..],
            Err(e) => fail("socket_write", e),
        }
    }
}

fn print_received(line: &str) {
    if line.is_empty() {
        println!("<");
    } else {
        println!("< {line}");
    }
}

fn fail(function: &str, e: Error) -> ! {
    println!("{function}() failed: reason: {e}");
    std::process::exit(1);
}
