//! The PHP functions under their PHP names. Each takes Rust types, returns PHP's by-reference
//! outputs, and calls the [`Socket`] / [`AddressInfo`] method of the same name, or the host
//! directly for functions without a socket.
//!
//! [`socket_select`](crate::socket_select) and [`socket_select_ready`](crate::socket_select_ready)
//! are in their own module.

use crate::addrinfo::{AddressInfo, AddrinfoExplained, AddrinfoHints};
use crate::bindings::php::sockets::{constants as wit_constants, sockets as wit};
use crate::error::{LookupError, Result};
use crate::msg::{Message, ReceivedMessage, RecvmsgRequest};
use crate::options::OptionValue;
use crate::socket::{Received, ReceivedFrom, SockName, Socket};
use crate::{InputStream, OutputStream};

/// `socket_create($domain, $type, $protocol)`, e.g.
/// `socket_create(AF_INET, SOCK_STREAM, SOL_TCP)`.
pub fn socket_create(domain: i64, ty: i64, protocol: i64) -> Result<Socket> {
    Socket::create(domain, ty, protocol)
}

/// `socket_create_listen($port, $backlog)`: an AF_INET stream socket listening on
/// `0.0.0.0:$port` (PHP's default backlog is `SOMAXCONN`).
pub fn socket_create_listen(port: i64, backlog: i64) -> Result<Socket> {
    Socket::create_listen(port, backlog)
}

/// `socket_create_pair($domain, $type, $protocol, &$pair)`: the pair, as `$pair[0]`,
/// `$pair[1]`.
pub fn socket_create_pair(domain: i64, ty: i64, protocol: i64) -> Result<(Socket, Socket)> {
    Socket::create_pair(domain, ty, protocol)
}

/// `socket_accept($socket)`.
pub fn socket_accept(socket: &Socket) -> Result<Socket> {
    socket.accept()
}

/// `socket_set_nonblock($socket)`.
pub fn socket_set_nonblock(socket: &Socket) -> Result<()> {
    socket.set_nonblock()
}

/// `socket_set_block($socket)`.
pub fn socket_set_block(socket: &Socket) -> Result<()> {
    socket.set_block()
}

/// `socket_listen($socket, $backlog)` (PHP's default backlog is 0).
pub fn socket_listen(socket: &Socket, backlog: i64) -> Result<()> {
    socket.listen(backlog)
}

/// `socket_close($socket)`. Further calls on `socket` fail with
/// [`Error::Closed`](crate::Error::Closed); dropping a [`Socket`] also closes it.
pub fn socket_close(socket: &Socket) -> Result<()> {
    socket.close()
}

/// `socket_write($socket, $data, $length)`: the bytes written (one `write(2)`, possibly
/// partial). `length` of `None` writes all of `data`.
pub fn socket_write(socket: &Socket, data: impl AsRef<[u8]>, length: Option<i64>) -> Result<usize> {
    socket.write(data, length)
}

/// `socket_read($socket, $length, $mode)`: at most `length` bytes, empty at end of stream.
/// `mode` is `PHP_BINARY_READ` (PHP's default) or `PHP_NORMAL_READ`.
pub fn socket_read(socket: &Socket, length: i64, mode: i64) -> Result<Vec<u8>> {
    socket.read(length, mode)
}

/// `socket_getsockname($socket, &$address, &$port)`.
pub fn socket_getsockname(socket: &Socket) -> Result<SockName> {
    socket.getsockname()
}

/// `socket_getpeername($socket, &$address, &$port)`.
pub fn socket_getpeername(socket: &Socket) -> Result<SockName> {
    socket.getpeername()
}

/// `socket_connect($socket, $address, $port)`; `port` is required for AF_INET/AF_INET6.
pub fn socket_connect(socket: &Socket, address: &str, port: Option<i64>) -> Result<()> {
    socket.connect(address, port)
}

/// `socket_bind($socket, $address, $port)` (PHP's default port is 0).
pub fn socket_bind(socket: &Socket, address: &str, port: i64) -> Result<()> {
    socket.bind(address, port)
}

/// `socket_recv($socket, &$data, $length, $flags)`: `$data` and PHP's return value (the
/// kernel's byte count) together in a [`Received`].
pub fn socket_recv(socket: &Socket, length: i64, flags: i64) -> Result<Received> {
    socket.recv(length, flags)
}

/// `socket_send($socket, $data, $length, $flags)`: the bytes sent.
pub fn socket_send(
    socket: &Socket,
    data: impl AsRef<[u8]>,
    length: i64,
    flags: i64,
) -> Result<usize> {
    socket.send(data, length, flags)
}

/// `socket_recvfrom($socket, &$data, $length, $flags, &$address, &$port)`: `$data`, PHP's
/// return value (`count`), `$address` and `$port` together in a [`ReceivedFrom`].
pub fn socket_recvfrom(socket: &Socket, length: i64, flags: i64) -> Result<ReceivedFrom> {
    socket.recvfrom(length, flags)
}

/// `socket_sendto($socket, $data, $length, $flags, $address, $port)`: the bytes sent.
pub fn socket_sendto(
    socket: &Socket,
    data: impl AsRef<[u8]>,
    length: i64,
    flags: i64,
    address: &str,
    port: Option<i64>,
) -> Result<usize> {
    socket.sendto(data, length, flags, address, port)
}

/// `socket_get_option($socket, $level, $option)`.
pub fn socket_get_option(socket: &Socket, level: i64, option: i64) -> Result<OptionValue> {
    socket.get_option(level, option)
}

/// `socket_getopt()`: alias of [`socket_get_option`].
pub fn socket_getopt(socket: &Socket, level: i64, option: i64) -> Result<OptionValue> {
    socket.get_option(level, option)
}

/// `socket_set_option($socket, $level, $option, $value)`; `value` is an [`OptionValue`] or
/// converts to one (`1i64`, `true`, `"lo"`, a [`Linger`](crate::Linger), ...).
pub fn socket_set_option(
    socket: &Socket,
    level: i64,
    option: i64,
    value: impl Into<OptionValue>,
) -> Result<()> {
    socket.set_option(level, option, value)
}

/// `socket_setopt()`: alias of [`socket_set_option`].
pub fn socket_setopt(
    socket: &Socket,
    level: i64,
    option: i64,
    value: impl Into<OptionValue>,
) -> Result<()> {
    socket.set_option(level, option, value)
}

/// `socket_shutdown($socket, $mode)`: `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR` (PHP's default, 2).
pub fn socket_shutdown(socket: &Socket, mode: i64) -> Result<()> {
    socket.shutdown(mode)
}

/// `socket_atmark($socket)`.
pub fn socket_atmark(socket: &Socket) -> Result<bool> {
    socket.atmark()
}

/// `socket_last_error($socket)`: the socket's last errno, or the global one for `None`; 0 if
/// none was recorded.
pub fn socket_last_error(socket: Option<&Socket>) -> i32 {
    wit::last_error(socket.map(Socket::as_raw))
}

/// `socket_clear_error($socket)`: clears the socket's last error, or the global one for
/// `None` (never both).
pub fn socket_clear_error(socket: Option<&Socket>) {
    wit::clear_error(socket.map(Socket::as_raw))
}

/// `socket_strerror($error_code)`: the text PHP on Linux gives for an errno (glibc's; values
/// below -10000 are resolver errors, e.g. -10001 is "Unknown host").
///
/// Takes any integer that converts to `i64`, so `socket_strerror(socket_last_error(None))`
/// works. A code outside C `int` is [`Error::InvalidArgument`](crate::Error::InvalidArgument),
/// PHP's `ValueError`; that is the only failure.
pub fn socket_strerror(error_code: impl Into<i64>) -> Result<String> {
    Ok(wit::strerror(error_code.into())?)
}

/// `socket_cmsg_space($level, $type, $num)`: the control buffer size for `num` items of the
/// control message `(level, type)`.
pub fn socket_cmsg_space(level: i64, ty: i64, num: i64) -> Result<usize> {
    let space = wit::cmsg_space(level, ty, num)?;
    Ok(usize::try_from(space).unwrap_or(usize::MAX))
}

/// `socket_sendmsg($socket, $message, $flags)`: the bytes sent. `SCM_RIGHTS` control data
/// names the sockets to pass by position in `rights`.
pub fn socket_sendmsg(
    socket: &Socket,
    message: &Message,
    rights: &[&Socket],
    flags: i64,
) -> Result<usize> {
    socket.sendmsg(message, rights, flags)
}

/// `socket_recvmsg($socket, &$message, $flags)`: the `$message` PHP writes back.
pub fn socket_recvmsg(
    socket: &Socket,
    request: RecvmsgRequest,
    flags: i64,
) -> Result<ReceivedMessage> {
    socket.recvmsg(request, flags)
}

/// `socket_addrinfo_lookup($host, $service, $hints, &$error_code)`: the results, or the
/// `EAI_*` code PHP 8.6 puts in `$error_code`.
pub fn socket_addrinfo_lookup(
    host: &str,
    service: Option<&str>,
    hints: AddrinfoHints,
) -> core::result::Result<Vec<AddressInfo>, LookupError> {
    AddressInfo::lookup(host, service, hints)
}

/// `gethostbyaddr($ip)`'s lookup: the name of an IPv4 or IPv6 address. `127.0.0.1` and `::1`
/// are `localhost`; any other address needs an `allow-lookup` rule for its reverse name
/// (`4.3.2.1.in-addr.arpa`). No name, or denied: `Eai(EAI_NONAME)` (PHP's `gethostbyaddr()`
/// then returns the address itself).
pub fn name_of_address(address: &str) -> core::result::Result<String, LookupError> {
    Ok(wit::name_of_address(address)?)
}

/// `socket_addrinfo_bind($address)`.
pub fn socket_addrinfo_bind(address: &AddressInfo) -> Result<Socket> {
    address.bind()
}

/// `socket_addrinfo_connect($address)`.
pub fn socket_addrinfo_connect(address: &AddressInfo) -> Result<Socket> {
    address.connect()
}

/// `socket_addrinfo_explain($address)`.
pub fn socket_addrinfo_explain(address: &AddressInfo) -> AddrinfoExplained {
    address.explain()
}

/// `socket_export_stream($socket)`: `wasi:io` streams over the socket's descriptor.
pub fn socket_export_stream(socket: &Socket) -> Result<(InputStream, OutputStream)> {
    socket.export_stream()
}

/// `socket_import_stream($stream)`: a socket over the descriptor behind a stream from
/// [`socket_export_stream`].
pub fn socket_import_stream(stream: &InputStream) -> Result<Socket> {
    Socket::import_stream(stream)
}

/// `socket_wsaprotocol_info_export($socket, $process_id)`: Windows only; elsewhere
/// `Errno(EOPNOTSUPP)`.
pub fn socket_wsaprotocol_info_export(socket: &Socket, process_id: i64) -> Result<String> {
    socket.wsaprotocol_info_export(process_id)
}

/// `socket_wsaprotocol_info_import($info_id)`: Windows only; elsewhere `Errno(EOPNOTSUPP)`.
pub fn socket_wsaprotocol_info_import(info_id: &str) -> Result<Socket> {
    Socket::wsaprotocol_info_import(info_id)
}

/// `socket_wsaprotocol_info_release($info_id)`: Windows only; elsewhere `Errno(EOPNOTSUPP)`.
pub fn socket_wsaprotocol_info_release(info_id: &str) -> Result<bool> {
    Ok(wit::wsaprotocol_info_release(info_id)?)
}

/// The constants the host defines, `(name, value)` in the order of the source table, as a
/// PHP-on-wasm runtime registers them. The same names and values as the crate's `const`s,
/// unless host and guest were built from different tables.
pub fn constants() -> Vec<(String, i64)> {
    wit_constants::all()
        .into_iter()
        .map(|c| (c.name, c.value))
        .collect()
}
