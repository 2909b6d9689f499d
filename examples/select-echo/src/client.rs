//! A client of the echo servers (`select-echo`, and `event-echo`, which includes this file):
//! what is read from it is written back, waiting for writability when the socket is full.

use sockbox_guest::*;

/// The most one `socket_read` asks for.
const CHUNK: i64 = 64 * 1024;

/// A connected client and the part of its echo not yet written.
pub struct Client {
    pub socket: Socket,
    pending: Vec<u8>,
    written: usize,
}

impl Client {
    /// A client with nothing pending.
    pub fn new(socket: Socket) -> Client {
        Client {
            socket,
            pending: Vec::new(),
            written: 0,
        }
    }

    /// Whether part of an echo waits for writability.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// Reads what the client sent and echoes it. `false` when the client is done (end of stream
/// or error).
pub fn on_readable(client: &mut Client) -> bool {
    match socket_read(&client.socket, CHUNK, PHP_BINARY_READ) {
        Ok(data) if data.is_empty() => false,
        Ok(data) => {
            client.pending = data;
            client.written = 0;
            flush(client)
        }
        Err(e) => e.is_would_block(),
    }
}

/// Writes as much of the client's pending echo as the socket takes. `false` on error.
pub fn flush(client: &mut Client) -> bool {
    while client.written < client.pending.len() {
        match socket_write(&client.socket, &client.pending[client.written..], None) {
            Ok(0) => return true, // wait for writability
            Ok(n) => client.written += n,
            Err(e) => return e.is_would_block(),
        }
    }
    client.pending.clear();
    client.written = 0;
    true
}
