//! [`Socket`]: PHP's `Socket` object, with one method per PHP function that takes a socket
//! first, and `std::io::Read` / `Write`.

use crate::bindings::php::sockets::sockets as wit;
use crate::constants::PHP_BINARY_READ;
use crate::error::Result;
use crate::msg::{Message, ReceivedMessage, RecvmsgRequest};
use crate::options::OptionValue;
use crate::{InputStream, OutputStream};
use std::io;

/// An address as PHP reports it through `&$address` / `&$port` (`socket_getsockname`,
/// `socket_getpeername`): `address` is the dotted quad, IPv6 text or AF_UNIX path, `port` is
/// `None` for AF_UNIX, where PHP leaves `$port` untouched.
pub use crate::bindings::php::sockets::types::SockName;
pub use wit::{Received, ReceivedFrom};

/// PHP's `Socket` object.
///
/// Every method is the PHP function of the same name without the `socket_` prefix, with
/// by-reference outputs as return values; the free functions ([`socket_bind`](crate::socket_bind)
/// ...) call these. Dropping a `Socket` closes it, like PHP's destructor; [`Socket::close`] closes
/// it early, after which every call fails with [`Error::Closed`](crate::Error::Closed).
///
/// `Socket` (and `&Socket`) also implement [`io::Read`] and [`io::Write`]. The inherent
/// [`read`](Socket::read) and [`write`](Socket::write) take PHP's arguments and win method-call
/// syntax; use the traits through their other methods (`read_to_end`, `write_all`, `write!`) or
/// as `io::Read::read(&mut sock, buf)`.
#[derive(Debug)]
pub struct Socket {
    raw: wit::Socket,
    /// `socket.id`, which `socket_select` passes in place of the socket: asked once, here.
    id: u32,
}

/// Before a call that may carry `address` as a relative AF_UNIX path name: tells the host the
/// working directory (`std::env::set_current_dir` keeps it in the guest, in wasi-libc) when it
/// changed since it last did, so the name is taken where the guest's own files are.
fn tell_cwd(address: &str) {
    use std::cell::RefCell;
    thread_local! {
        // The host starts from wasi-libc's initial working directory.
        static TOLD: RefCell<String> = RefCell::new("/".into());
    }
    if address.is_empty() || address.starts_with(['/', '\0']) {
        return;
    }
    let Ok(cwd) = std::env::current_dir() else {
        return;
    };
    let Some(cwd) = cwd.to_str() else { return };
    TOLD.with_borrow_mut(|told| {
        if told != cwd && crate::bindings::php::sockets::sockets::working_directory(cwd).is_ok() {
            *told = cwd.to_owned();
        }
    });
}

/// Converts a byte count from the host (never more than the data the guest passed or can hold)
/// to `usize`.
fn bytes(count: u64) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

impl Socket {
    /// Wraps a raw generated socket resource.
    pub fn from_raw(raw: wit::Socket) -> Self {
        let id = raw.id();
        Socket { raw, id }
    }

    /// The raw generated socket resource, for calling the bindings directly.
    pub fn as_raw(&self) -> &wit::Socket {
        &self.raw
    }

    /// Unwraps the raw generated socket resource.
    pub fn into_raw(self) -> wit::Socket {
        self.raw
    }

    /// The host's number for this socket (`socket.id`): what the raw `select` takes.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// `socket_create($domain, $type, $protocol)`.
    pub fn create(domain: i64, ty: i64, protocol: i64) -> Result<Socket> {
        Ok(Socket::from_raw(wit::create(domain, ty, protocol)?))
    }

    /// `socket_create_listen($port, $backlog)`: an AF_INET stream socket bound to
    /// `0.0.0.0:$port` and listening (PHP's default backlog is `SOMAXCONN`).
    pub fn create_listen(port: i64, backlog: i64) -> Result<Socket> {
        Ok(Socket::from_raw(wit::create_listen(port, backlog)?))
    }

    /// `socket_create_pair($domain, $type, $protocol, &$pair)`: the two connected sockets.
    pub fn create_pair(domain: i64, ty: i64, protocol: i64) -> Result<(Socket, Socket)> {
        let (a, b) = wit::create_pair(domain, ty, protocol)?;
        Ok((Socket::from_raw(a), Socket::from_raw(b)))
    }

    /// `socket_import_stream($stream)`: a socket over the descriptor behind streams this host
    /// gave out with [`export_stream`](Socket::export_stream).
    pub fn import_stream(input: &InputStream) -> Result<Socket> {
        Ok(Socket::from_raw(wit::import_stream(input)?))
    }

    /// `socket_wsaprotocol_info_import($info_id)`: Windows only; elsewhere `Errno(EOPNOTSUPP)`.
    pub fn wsaprotocol_info_import(info_id: &str) -> Result<Socket> {
        Ok(Socket::from_raw(wit::wsaprotocol_info_import(info_id)?))
    }

    /// `socket_accept($socket)`: the next connection. On failure PHP records the errno only in
    /// the global slot (`socket_last_error()`), not in this socket's.
    pub fn accept(&self) -> Result<Socket> {
        Ok(Socket::from_raw(self.raw.accept()?))
    }

    /// `socket_set_nonblock($socket)`.
    pub fn set_nonblock(&self) -> Result<()> {
        Ok(self.raw.set_nonblock()?)
    }

    /// `socket_set_block($socket)`.
    pub fn set_block(&self) -> Result<()> {
        Ok(self.raw.set_block()?)
    }

    /// `socket_listen($socket, $backlog)` (PHP's default backlog is 0).
    pub fn listen(&self, backlog: i64) -> Result<()> {
        Ok(self.raw.listen(backlog)?)
    }

    /// `socket_close($socket)`. Closing twice is [`Error::Closed`](crate::Error::Closed); dropping also closes.
    pub fn close(&self) -> Result<()> {
        Ok(self.raw.close()?)
    }

    /// `socket_write($socket, $data, $length)`: one `write(2)` of the first `length` bytes
    /// (all of `data` for `None`); the bytes written, possibly fewer.
    pub fn write(&self, data: impl AsRef<[u8]>, length: Option<i64>) -> Result<usize> {
        Ok(bytes(self.raw.write(data.as_ref(), length)?))
    }

    /// `socket_read($socket, $length, $mode)`: at most `length` bytes; empty at end of stream.
    ///
    /// `mode` is [`PHP_BINARY_READ`] (one `recv`, PHP's default) or
    /// [`PHP_NORMAL_READ`](crate::PHP_NORMAL_READ) (up to and including the next `\n` or `\r`).
    /// A `length` of 0 or less is [`Error::Unspecified`](crate::Error::Unspecified), as PHP returns `false`.
    pub fn read(&self, length: i64, mode: i64) -> Result<Vec<u8>> {
        Ok(self.raw.read(length, mode)?)
    }

    /// `socket_getsockname($socket, &$address, &$port)`.
    pub fn getsockname(&self) -> Result<SockName> {
        Ok(self.raw.getsockname()?)
    }

    /// `socket_getpeername($socket, &$address, &$port)`.
    pub fn getpeername(&self) -> Result<SockName> {
        Ok(self.raw.getpeername()?)
    }

    /// `socket_connect($socket, $address, $port)`. `port` is required for AF_INET/AF_INET6 and
    /// ignored for AF_UNIX. A non-blocking connect fails with `EINPROGRESS` (see
    /// [`SOCKET_EINPROGRESS`](crate::SOCKET_EINPROGRESS)).
    pub fn connect(&self, address: &str, port: Option<i64>) -> Result<()> {
        tell_cwd(address);
        Ok(self.raw.connect(address, port)?)
    }

    /// `socket_bind($socket, $address, $port)` (PHP's default port is 0).
    pub fn bind(&self, address: &str, port: i64) -> Result<()> {
        tell_cwd(address);
        Ok(self.raw.bind(address, port)?)
    }

    /// `socket_recv($socket, &$data, $length, $flags)`: the data (empty where PHP sets `$data`
    /// to null, e.g. at end of stream) and PHP's return value, the kernel's byte count (larger
    /// than the data with `MSG_TRUNC`).
    pub fn recv(&self, length: i64, flags: i64) -> Result<Received> {
        Ok(self.raw.recv(length, flags)?)
    }

    /// `socket_send($socket, $data, $length, $flags)`: the bytes sent.
    pub fn send(&self, data: impl AsRef<[u8]>, length: i64, flags: i64) -> Result<usize> {
        Ok(bytes(self.raw.send(data.as_ref(), length, flags)?))
    }

    /// `socket_recvfrom($socket, &$data, $length, $flags, &$address, &$port)`: the data, the
    /// kernel's byte count (PHP's return value) and the sender.
    pub fn recvfrom(&self, length: i64, flags: i64) -> Result<ReceivedFrom> {
        Ok(self.raw.recvfrom(length, flags)?)
    }

    /// `socket_sendto($socket, $data, $length, $flags, $address, $port)`: the bytes sent.
    /// `port` is required for AF_INET/AF_INET6.
    pub fn sendto(
        &self,
        data: impl AsRef<[u8]>,
        length: i64,
        flags: i64,
        address: &str,
        port: Option<i64>,
    ) -> Result<usize> {
        tell_cwd(address);
        Ok(bytes(self.raw.sendto(
            data.as_ref(),
            length,
            flags,
            address,
            port,
        )?))
    }

    /// `socket_get_option($socket, $level, $option)` (alias `socket_getopt`).
    pub fn get_option(&self, level: i64, option: i64) -> Result<OptionValue> {
        Ok(self.raw.get_option(level, option)?)
    }

    /// `socket_set_option($socket, $level, $option, $value)` (alias `socket_setopt`). `value`
    /// is an [`OptionValue`] or anything that converts to one (`i64`, `bool`, `&str`,
    /// [`Linger`](crate::Linger), [`Timeval`](crate::Timeval), ...).
    pub fn set_option(&self, level: i64, option: i64, value: impl Into<OptionValue>) -> Result<()> {
        Ok(self.raw.set_option(level, option, &value.into())?)
    }

    /// `socket_shutdown($socket, $mode)`: `SHUT_RD` (0), `SHUT_WR` (1) or `SHUT_RDWR` (2,
    /// PHP's default).
    pub fn shutdown(&self, mode: i64) -> Result<()> {
        Ok(self.raw.shutdown(mode)?)
    }

    /// `socket_atmark($socket)`: whether the socket is at the out-of-band mark.
    pub fn atmark(&self) -> Result<bool> {
        Ok(self.raw.atmark()?)
    }

    /// `socket_export_stream($socket)`: `wasi:io` streams over the same descriptor.
    pub fn export_stream(&self) -> Result<(InputStream, OutputStream)> {
        Ok(self.raw.export_stream()?)
    }

    /// `socket_sendmsg($socket, $message, $flags)`: the bytes sent. `SCM_RIGHTS` control
    /// messages name the sockets to pass by their position in `rights`
    /// (`CmsgData::Rights(vec![0])` passes `rights[0]`). A `name` is checked against the
    /// host's policy like a `socket_sendto` destination.
    pub fn sendmsg(&self, message: &Message, rights: &[&Socket], flags: i64) -> Result<usize> {
        if let Some(path) = message.name.as_ref().and_then(|n| n.path.as_deref()) {
            tell_cwd(path);
        }
        let rights: Vec<&wit::Socket> = rights.iter().map(|s| s.as_raw()).collect();
        Ok(bytes(self.raw.sendmsg(message, &rights, flags)?))
    }

    /// `socket_recvmsg($socket, &$message, $flags)`: the message PHP writes back into
    /// `$message`, with PHP's return value (the kernel's byte count, which exceeds the data
    /// kept under `MSG_TRUNC`) in [`ReceivedMessage::count`] and the sockets `SCM_RIGHTS`
    /// brought in [`ReceivedMessage::rights`]. Descriptors that are not sockets never arrive.
    pub fn recvmsg(&self, request: RecvmsgRequest, flags: i64) -> Result<ReceivedMessage> {
        Ok(self.raw.recvmsg(request, flags)?.into())
    }

    /// `socket_wsaprotocol_info_export($socket, $process_id)`: Windows only; elsewhere
    /// `Errno(EOPNOTSUPP)`.
    pub fn wsaprotocol_info_export(&self, process_id: i64) -> Result<String> {
        Ok(self.raw.wsaprotocol_info_export(process_id)?)
    }

    /// `socket_last_error($socket)`: this socket's last errno (0 if none).
    pub fn last_error(&self) -> i32 {
        crate::socket_last_error(Some(self))
    }

    /// `socket_clear_error($socket)`: clears this socket's last error (not the global one).
    pub fn clear_error(&self) {
        crate::socket_clear_error(Some(self))
    }
}

impl From<wit::Socket> for Socket {
    fn from(raw: wit::Socket) -> Self {
        Socket::from_raw(raw)
    }
}

impl From<Socket> for wit::Socket {
    fn from(socket: Socket) -> Self {
        socket.raw
    }
}

/// A binary read, like `socket_read($socket, buf.len(), PHP_BINARY_READ)`: one `recv`, `Ok(0)`
/// at end of stream. The host may return fewer bytes than asked (it caps one call's allocation).
impl io::Read for &Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0); // PHP would refuse a length of 0; `io::Read` expects Ok(0)
        }
        let length = i64::try_from(buf.len()).unwrap_or(i64::MAX - 1);
        let data = Socket::read(self, length, PHP_BINARY_READ)?;
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        Ok(n)
    }
}

/// See the implementation for `&Socket`.
impl io::Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        io::Read::read(&mut &*self, buf)
    }
}

/// `write` is `socket_write($socket, $buf)` (one `write(2)`, possibly partial); `flush` does
/// nothing, as sockets have no user-space buffer.
impl io::Write for &Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(Socket::write(self, buf, None)?)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// See the implementation for `&Socket`.
impl io::Write for Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::Write::write(&mut &*self, buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
