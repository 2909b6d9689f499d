//! What both native echo servers (`native-select-echo`, `native-epoll-echo`) do with a client,
//! so that they differ only in how they wait.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;

/// The most one `read` asks for, as in select-echo.
pub const CHUNK: usize = 64 * 1024;

/// A connected client and the part of its echo not yet written.
pub struct Client {
    pub stream: TcpStream,
    pending: Vec<u8>,
    written: usize,
}

impl Client {
    /// Takes an accepted connection: non-blocking, with small messages echoed at once rather
    /// than coalesced. `None` if the socket cannot be set up.
    pub fn new(stream: TcpStream) -> Option<Client> {
        stream.set_nonblocking(true).ok()?;
        let _ = stream.set_nodelay(true);
        Some(Client {
            stream,
            pending: Vec::new(),
            written: 0,
        })
    }

    /// Whether part of an echo waits for writability.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Reads what the client sent and echoes it. `false` when the client is done (end of
    /// stream or error).
    pub fn on_readable(&mut self, buffer: &mut [u8]) -> bool {
        match self.stream.read(buffer) {
            Ok(0) => false,
            Ok(n) => {
                // select-echo's socket_read returns a fresh string; copying into `pending` is
                // the same one copy.
                self.pending.extend_from_slice(&buffer[..n]);
                self.written = 0;
                self.flush()
            }
            Err(e) => matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted),
        }
    }

    /// Writes as much of the pending echo as the socket takes. `false` on error.
    pub fn flush(&mut self) -> bool {
        while self.written < self.pending.len() {
            match self.stream.write(&self.pending[self.written..]) {
                Ok(0) => return false,
                Ok(n) => self.written += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        }
        self.pending.clear();
        self.written = 0;
        true
    }
}
