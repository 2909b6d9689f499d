//! PHP manual, Sockets, "Examples", Example #1: a simple TCP/IP server.
//!
//! Listens on `ADDRESS PORT` (default `127.0.0.1 10000`) and serves one client at a time.
//! Whatever a client types is printed here and echoed back; `quit` disconnects the client,
//! `shutdown` also stops the server. Try it with `telnet 127.0.0.1 10000` or the `echo-client`
//! example:
//!
//! ```text
//! sockbox run --allow-bind 127.0.0.1:10000 echo-server.wasm 127.0.0.1 10000
//! ```
//!
//! The structure follows the PHP script line by line; messages are in English.

use sockbox_guest::*;
use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1".to_string());
    let port: i64 = match args.next().map(|p| p.parse()) {
        None => 10000,
        Some(Ok(port)) => port,
        Some(Err(_)) => {
            eprintln!("usage: echo-server [ADDRESS] [PORT]");
            std::process::exit(2);
        }
    };

    // The PHP script prints socket_strerror(socket_last_error(...)); an `Error` displays the
    // same text. Unlike the script, which goes on with `false`, stop at the first failure.
    let sock = match socket_create(AF_INET, SOCK_STREAM, SOL_TCP) {
        Ok(sock) => sock,
        Err(e) => fail("socket_create", e),
    };
    if let Err(e) = socket_bind(&sock, &address, port) {
        fail("socket_bind", e);
    }
    if let Err(e) = socket_listen(&sock, 5) {
        fail("socket_listen", e);
    }

    let mut stdout = std::io::stdout();
    'server: loop {
        let msgsock = match socket_accept(&sock) {
            Ok(msgsock) => msgsock,
            Err(e) => {
                println!("socket_accept() failed: reason: {e}");
                break;
            }
        };
        // Send instructions.
        let msg = "\nWelcome to the PHP Test Server. \n\
                   To quit, type 'quit'. To shut down the server type 'shutdown'.\n";
        let _ = socket_write(&msgsock, msg, Some(msg.len() as i64));

        loop {
            let buf = match socket_read(&msgsock, 2048, PHP_NORMAL_READ) {
                Ok(buf) => buf,
                Err(e) => {
                    println!("socket_read() failed: reason: {e}");
                    break 'server;
                }
            };
            if buf.is_empty() {
                // End of stream. (PHP's line read reports it as an error instead, above; a
                // host that returns "" must not make this loop spin.)
                break;
            }
            // `if (!$buf = trim($buf)) continue;`: PHP also treats "0" as false.
            let buf = php_trim(&buf);
            if buf.is_empty() || buf == b"0" {
                continue;
            }
            if buf == b"quit" {
                break;
            }
            if buf == b"shutdown" {
                let _ = socket_close(&msgsock);
                break 'server;
            }
            let talkback = [b"PHP: You said '", buf, b"'.\n"].concat();
            let _ = socket_write(&msgsock, &talkback, Some(talkback.len() as i64));
            let _ = stdout.write_all(&[buf, b"\n"].concat());
        }
        let _ = socket_close(&msgsock);
    }

    let _ = socket_close(&sock);
}

/// PHP's `trim()`: strips " \t\n\r\0\x0B" from both ends.
fn php_trim(bytes: &[u8]) -> &[u8] {
    let strip = |b: &u8| b" \t\n\r\0\x0B".contains(b);
    let start = bytes.iter().position(|b| !strip(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !strip(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

fn fail(function: &str, e: Error) -> ! {
    println!("{function}() failed: reason: {e}");
    std::process::exit(1);
}
