//! PHP manual, `socket_create_pair()`, Example #1: a connected pair of AF_UNIX stream
//! sockets; "ABCdef123\n" written on one end is read on the other and `var_dump`ed:
//!
//! ```text
//! string(10) "ABCdef123
//! "
//! ```
//!
//! ```text
//! sockbox run socket-pair.wasm
//! ```

use sockbox_guest::*;
use std::io::Write;

fn main() {
    // The manual picks AF_INET on Windows; sockbox's contract is Linux's, so AF_UNIX.
    let (first, second) = match socket_create_pair(AF_UNIX, SOCK_STREAM, 0) {
        Ok(pair) => pair,
        Err(e) => {
            print!("socket_create_pair failed. Reason: {e}");
            std::process::exit(1);
        }
    };

    // Send and receive data.
    let message = "ABCdef123\n";
    if let Err(e) = socket_write(&first, message, Some(message.len() as i64)) {
        print!("socket_write() failed. Reason: {e}");
    }
    let data = socket_read(&second, message.len() as i64, PHP_BINARY_READ);
    if let Err(e) = &data {
        print!("socket_read() failed. Reason: {e}");
    }
    var_dump(data.ok().as_deref());

    // Close the sockets.
    let _ = socket_close(&first);
    let _ = socket_close(&second);
}

/// PHP's `var_dump()` of a string (the bytes as they are, newlines included) or of `false`.
fn var_dump(value: Option<&[u8]>) {
    let mut out = std::io::stdout().lock();
    let _ = match value {
        Some(bytes) => write!(out, "string({}) \"", bytes.len())
            .and_then(|()| out.write_all(bytes))
            .and_then(|()| out.write_all(b"\"\n")),
        None => out.write_all(b"bool(false)\n"),
    };
}
