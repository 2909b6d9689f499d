//! `socket_export_stream()` / `socket_import_stream()`: wasi:io streams over a socket.
//!
//! PHP links a Socket and a stream resource over one descriptor. Here the exported
//! `input-stream` / `output-stream` share the socket's descriptor (it closes when the last of
//! them goes), and `socket_import_stream()` takes back an input stream this host exported.

use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::fd::{Descriptor, Slot};
use bytes::{Buf, Bytes, BytesMut};
use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Weak};
use tokio::io::Interest;
use wasmtime::component::Resource;
use wasmtime_wasi::p2::{
    DynInputStream, DynOutputStream, InputStream, OutputStream, Pollable, StreamError, StreamResult,
};

type SharedFd = Arc<Descriptor>;

/// How much an output stream buffers before `check-write` says wait.
const WRITE_BUDGET: usize = 64 * 1024;

/// One exported input stream, recognised again by `socket_import_stream()`.
#[derive(Debug)]
pub(crate) struct Export {
    /// The stream object's address in the table, to tell it from other streams.
    addr: usize,
    /// Dies with the stream, so a reused table slot or address is never mistaken for it.
    alive: Weak<()>,
    fd: Weak<Descriptor>,
    family: i32,
}

/// Exported input streams by table index.
pub(crate) type Exports = HashMap<u32, Export>;

/// The read side: bytes as they arrive, `closed` at end of stream.
struct SocketInput {
    fd: SharedFd,
    _alive: Arc<()>,
    /// The socket slot the stream pair holds (shared with the output stream).
    _slot: Arc<Slot>,
    max_read: usize,
}

fn failed(e: io::Error) -> StreamError {
    StreamError::LastOperationFailed(e.into())
}

/// EBADF once a handle sharing the descriptor closed it (see `Descriptor::close_for_all`).
fn closed_for_all(fd: &Descriptor) -> StreamResult<()> {
    if fd.is_closed_for_all() {
        return Err(failed(io::Error::from_raw_os_error(errno::EBADF)));
    }
    Ok(())
}

#[async_trait::async_trait]
impl Pollable for SocketInput {
    async fn ready(&mut self) {
        // A guard dropped without clearing keeps the readiness for the read that follows.
        if let Ok(reactor) = self.fd.reactor() {
            let _ = reactor.readable().await;
        }
    }
}

impl InputStream for SocketInput {
    fn read(&mut self, size: usize) -> StreamResult<Bytes> {
        closed_for_all(&self.fd)?;
        let mut buf = BytesMut::zeroed(size.min(self.max_read));
        let socket = self.fd.socket();
        let read = match self.fd.reactor() {
            Ok(reactor) => reactor.try_io(Interest::READABLE, |_| {
                crate::sys::recv_bytes(socket, &mut buf)
            }),
            Err(e) => Err(e),
        };
        match read {
            Ok(0) if !buf.is_empty() => Err(StreamError::Closed),
            Ok(n) => {
                buf.truncate(n);
                Ok(buf.freeze())
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Bytes::new()),
            Err(e) => Err(failed(e)),
        }
    }
}

/// The write side: writes are buffered up to [`WRITE_BUDGET`] and sent as the socket allows.
struct SocketOutput {
    fd: SharedFd,
    _slot: Arc<Slot>,
    pending: BytesMut,
}

impl SocketOutput {
    /// Sends what the socket takes now.
    fn drain(&mut self) -> StreamResult<()> {
        closed_for_all(&self.fd)?;
        let reactor = self.fd.reactor().map_err(failed)?;
        let socket = self.fd.socket();
        while !self.pending.is_empty() {
            let r = reactor.try_io(Interest::WRITABLE, |_| {
                socket.send_with_flags(&self.pending, libc::MSG_NOSIGNAL)
            });
            match r {
                Ok(n) => self.pending.advance(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => return Err(failed(e)),
            }
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl Pollable for SocketOutput {
    async fn ready(&mut self) {
        while !self.pending.is_empty() {
            let Ok(reactor) = self.fd.reactor() else {
                return;
            };
            if reactor.writable().await.is_err() || self.drain().is_err() {
                return;
            }
        }
    }
}

impl OutputStream for SocketOutput {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        if self.pending.len() + bytes.len() > WRITE_BUDGET {
            return Err(StreamError::Trap(wasmtime::Error::msg(
                "write exceeded check-write",
            )));
        }
        self.pending.extend_from_slice(&bytes);
        self.drain()
    }

    fn flush(&mut self) -> StreamResult<()> {
        self.drain()
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        self.drain()?;
        Ok(WRITE_BUDGET - self.pending.len())
    }
}

/// `socket_export_stream()`: a new stream pair over the socket's descriptor on every call
/// (PHP hands back the same resource; component handles cannot be shared that way).
pub(crate) fn export(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
) -> HostResult<(Resource<DynInputStream>, Resource<DynOutputStream>)> {
    let sock = v.table.get(s)?;
    let fd = sock.shared_fd()?.clone();
    let family = sock.family;
    // The streams keep the descriptor open after socket_close: they hold a socket slot.
    let slot = Arc::new(v.ctx.reserve_socket()?);
    let alive = Arc::new(());
    let token = Arc::downgrade(&alive);
    let input: DynInputStream = Box::new(SocketInput {
        fd: fd.clone(),
        _alive: alive,
        _slot: slot.clone(),
        max_read: v.ctx.limits.io_bytes(),
    });
    let addr = stream_addr(&input);
    let output: DynOutputStream = Box::new(SocketOutput {
        fd: fd.clone(),
        _slot: slot,
        pending: BytesMut::new(),
    });
    let input = v.table.push(input)?;
    let output = v.table.push(output)?;
    v.ctx.exported.retain(|_, e| e.alive.strong_count() > 0);
    v.ctx.exported.insert(
        input.rep(),
        Export {
            addr,
            alive: token,
            fd: Arc::downgrade(&fd),
            family,
        },
    );
    Ok((input, output))
}

fn stream_addr(stream: &DynInputStream) -> usize {
    (&**stream as *const dyn InputStream).cast::<()>() as usize
}

/// `socket_import_stream()`: a new Socket over the descriptor behind an input stream this
/// host exported. Any other stream (stdin, files, pipes) is not a socket: ENOTSOCK.
pub(crate) fn import(
    v: &mut SocketsCtxView<'_>,
    input: &Resource<DynInputStream>,
) -> HostResult<Resource<Sock>> {
    let addr = stream_addr(v.table.get(input)?);
    let found = v
        .ctx
        .exported
        .get(&input.rep())
        .filter(|e| e.addr == addr && e.alive.strong_count() > 0);
    let r = match found.and_then(|e| Some((e.fd.upgrade()?, e.family))) {
        Some((fd, _)) if fd.is_closed_for_all() => Err(HostError::errno(errno::EBADF)),
        Some((fd, family)) => v
            .ctx
            .reserve_socket()
            .and_then(|slot| Ok(v.table.push(Sock::shared(fd, slot, family))?)),
        None => Err(HostError::errno(errno::ENOTSOCK)),
    };
    v.ctx.record_global(r)
}
