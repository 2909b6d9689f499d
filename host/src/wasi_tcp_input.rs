//! wasi:sockets TCP input streams whose readiness means what `poll(2)`'s `POLLIN` means: a read
//! that follows returns data, end of stream or an error — never "nothing yet".
//!
//! wasmtime-wasi's TCP reader is ready whenever tokio says so, and tokio's readiness is only
//! cleared by a read that would block: a socket just accepted is ready at once, and one whose
//! last read emptied it stays ready. wasi-libc's `poll()` passes that on, so PHP's `fgets()` on
//! a stream socket (poll, then `recv(MSG_DONTWAIT)`) returned `false` instead of waiting for
//! the peer. Here readiness is proven by reading ahead: [`ExactInput::ready`] resolves once a
//! read has returned something, and that read is what the guest's next read gets.

use bytes::Bytes;
use wasmtime::component::{Resource, ResourceTable};
use wasmtime_wasi::p2::{DynInputStream, InputStream, Pollable, StreamError, StreamResult};

/// The most a read ahead takes: what wasmtime-wasi reads at most in one go.
const READ_AHEAD: usize = 64 * 1024;

/// Replaces the input stream `input` of the TCP socket `socket` with one whose readiness is
/// exact; returns the new stream's resource (same parent, new rep).
pub(crate) fn make_exact<T: 'static>(
    table: &mut ResourceTable,
    input: Resource<DynInputStream>,
    socket: &Resource<T>,
) -> wasmtime::Result<Resource<DynInputStream>> {
    let inner = table.delete(input)?;
    let exact: DynInputStream = Box::new(ExactInput {
        inner,
        ahead: Ahead::Nothing,
    });
    Ok(table.push_child(exact, socket)?)
}

/// What a read ahead has taken and the guest has not yet read.
enum Ahead {
    Nothing,
    Data(Bytes),
    /// End of stream or a failure: returned once, by the next read.
    Failed(StreamError),
}

struct ExactInput {
    inner: DynInputStream,
    ahead: Ahead,
}

#[wasmtime_wasi::async_trait]
impl Pollable for ExactInput {
    async fn ready(&mut self) {
        // No await between a read and keeping what it returned: dropping this future (poll
        // returns on another pollable) loses nothing.
        while matches!(self.ahead, Ahead::Nothing) {
            self.inner.ready().await;
            match self.inner.read(READ_AHEAD) {
                // tokio's readiness was stale; that read cleared it, so the next wait is real.
                Ok(data) if data.is_empty() => {}
                Ok(data) => self.ahead = Ahead::Data(data),
                Err(e) => self.ahead = Ahead::Failed(e),
            }
        }
    }
}

#[wasmtime_wasi::async_trait]
impl InputStream for ExactInput {
    fn read(&mut self, size: usize) -> StreamResult<Bytes> {
        match std::mem::replace(&mut self.ahead, Ahead::Nothing) {
            Ahead::Nothing => self.inner.read(size),
            Ahead::Data(mut data) => {
                let rest = data.split_off(size.min(data.len()));
                if !rest.is_empty() {
                    self.ahead = Ahead::Data(rest);
                }
                Ok(data)
            }
            Ahead::Failed(e) => Err(e),
        }
    }

    async fn cancel(&mut self) {
        self.inner.cancel().await
    }
}
