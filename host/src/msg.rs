//! `socket_sendmsg()` / `socket_recvmsg()` / `socket_cmsg_space()`: PHP's message arrays
//! (ext/sockets/conversions.c) to native messages and back, control messages included (PHP's
//! `['level', 'type', 'data']` entries to native payloads and back, with the sockets
//! `SCM_RIGHTS` carries). The native calls are in `sys/msg.rs`.

use crate::bindings::php::sockets::types::{
    Cmsg, CmsgData, Iface, Message, MsgName, Pktinfo, ReceivedMessage, RecvmsgRequest, Ucred,
};
use crate::ctx::{Sock, SocketsCtx, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::io::{AtReadEnd, wait_read, wait_write};
use crate::policy::{self, Denial, Named, Operation, Resolved, Use};
use crate::sys::{self, ControlBuf, RawCmsg, RecvCmsg};
use socket2::SockAddr;
use std::net::{Ipv6Addr, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::sync::Arc;
use wasmtime::component::Resource;

/// Control messages PHP knows on Linux: (level, type, fixed payload size, size per element).
const CMSG_TYPES: &[(i32, i32, usize, usize)] = &[
    (
        libc::SOL_SOCKET,
        libc::SCM_RIGHTS,
        0,
        size_of::<libc::c_int>(),
    ),
    (
        libc::SOL_SOCKET,
        libc::SCM_CREDENTIALS,
        size_of::<libc::ucred>(),
        0,
    ),
    (
        libc::IPPROTO_IPV6,
        libc::IPV6_PKTINFO,
        size_of::<libc::in6_pktinfo>(),
        0,
    ),
    (
        libc::IPPROTO_IPV6,
        libc::IPV6_HOPLIMIT,
        size_of::<libc::c_int>(),
        0,
    ),
    (
        libc::IPPROTO_IPV6,
        libc::IPV6_TCLASS,
        size_of::<libc::c_int>(),
        0,
    ),
];

/// `CMSG_SPACE(len)` on Linux x86_64: header plus payload, each aligned to 8 bytes.
fn cmsg_space_of(len: usize) -> Option<usize> {
    const HDR: usize = size_of::<libc::cmsghdr>();
    Some(HDR + len.checked_add(7)? / 8 * 8)
}

/// `socket_cmsg_space()`, validating in PHP's order.
pub(crate) fn cmsg_space(level: i64, ty: i64, num: i64) -> HostResult<u64> {
    for (i, (name, val)) in [("level", level), ("type", ty), ("num", num)]
        .into_iter()
        .enumerate()
    {
        if i32::try_from(val).is_err() {
            return Err(HostError::invalid(format!(
                "socket_cmsg_space(): Argument #{} (${name}) must be between -2147483648 and 2147483647",
                i + 1
            )));
        }
    }
    if num < 0 {
        return Err(HostError::invalid(
            "socket_cmsg_space(): Argument #3 ($num) must be greater than or equal to 0",
        ));
    }
    let Some(&(_, _, fixed, per)) = CMSG_TYPES
        .iter()
        .find(|(l, t, _, _)| i64::from(*l) == level && i64::from(*t) == ty)
    else {
        return Err(HostError::invalid(format!(
            "Pair level {level} and/or type {ty} is not supported"
        )));
    };
    (num as usize)
        .checked_mul(per)
        .and_then(|n| n.checked_add(fixed))
        .and_then(cmsg_space_of)
        // PHP's limit is its integer's (`total_size > ZEND_LONG_MAX`).
        .filter(|&n| n <= i64::MAX as usize)
        .map(|n| n as u64)
        .ok_or_else(|| HostError::invalid("socket_cmsg_space(): Argument #3 ($num) is too large"))
}

/// `recvmsg`'s `buffer_size`: PHP's default and maximum.
const DEFAULT_BUFFER: i64 = 8192;
const MAX_BUFFER: i64 = 100 << 20;

/// PHP's conversion failure, which PHP reports as a warning and `false` without recording an
/// errno.
fn conv(path: &str, what: impl std::fmt::Display) -> HostError {
    HostError::warning(format!("error converting user data (path: {path}): {what}"))
}

/// PHP's `$flags` check: a C int, else ValueError.
fn flags_arg(func: &str, flags: i64) -> HostResult<i32> {
    i32::try_from(flags).map_err(|_| {
        HostError::invalid(format!(
            "{func}(): Argument #3 ($flags) must be between -2147483648 and 2147483647"
        ))
    })
}

/// `socket_sendmsg()`. The destination (`name`) is checked like `socket_sendto`'s, on every
/// call; `SCM_RIGHTS` passes the descriptors of the `rights` sockets its data names.
pub(crate) async fn sendmsg(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    m: Message,
    rights: Vec<Resource<Sock>>,
    flags: i64,
) -> HostResult<u64> {
    const F: &str = "socket_sendmsg";
    let flags = flags_arg(F, flags)?;
    let (family, usage) = {
        let sock = v.table.get(s)?;
        (sock.family, Use::connect_from(sock.raw()?))
    };
    let dest = m.name.as_ref().map(|n| target(family, n)).transpose()?;
    // Holding the passed sockets' descriptors keeps their numbers valid until the call ends.
    let prepared = outgoing(v, &m.control, &rights);
    v.on_socket(s, async |sock, ctx| {
        let (control, held) = prepared?;
        let to = match dest {
            Some(t) => Some(destination(ctx, t, usage).await?),
            None => None,
        };
        let control = sys::encode_cmsgs(&control)?;
        let sent = send(sock, to.as_ref().map(|t| &t.addr), &m.iov, &control, flags).await?;
        // The receiver now shares those sockets: closing them here must not end them there.
        held.iter().for_each(|fd| fd.mark_passed());
        Ok(sent)
    })
    .await
}

/// A validated `$message['name']`, not yet resolved or checked against the policy.
enum Target {
    Ip {
        family: i32,
        addr: String,
        port: u16,
        flowinfo: Option<u32>,
        scope_id: Option<u32>,
    },
    /// The `sun_path` bytes PHP would use (cut where its `strlen` stops).
    Unix(Vec<u8>),
}

/// Checks `$message['name']` for a socket of `sock_family` as PHP's conversions do.
fn target(sock_family: i32, n: &MsgName) -> HostResult<Target> {
    let family = match n.family {
        Some(f) => i32::try_from(f).map_err(|_| {
            conv(
                "msghdr > name > family",
                "given PHP integer is out of bounds for a native int",
            )
        })?,
        None => sock_family,
    };
    let unsupported = |what: String| {
        conv(
            "msghdr > name",
            format!("the specified family ({what}) is not supported on this socket"),
        )
    };
    match family {
        libc::AF_INET if !matches!(sock_family, libc::AF_INET | libc::AF_INET6) => {
            Err(unsupported(format!("number {family}")))
        }
        libc::AF_INET6 if sock_family != libc::AF_INET6 => Err(unsupported("AF_INET6".into())),
        libc::AF_UNIX if sock_family != libc::AF_UNIX => Err(unsupported("AF_UNIX".into())),
        libc::AF_INET | libc::AF_INET6 => ip_target(family, n),
        libc::AF_UNIX => unix_target(n.path.as_deref()),
        _ => Err(conv(
            "msghdr > name",
            "the only families currently supported are AF_INET, AF_INET6 and AF_UNIX",
        )),
    }
}

fn ip_target(family: i32, n: &MsgName) -> HostResult<Target> {
    let port = match n.port {
        None => 0,
        Some(p) => u16::try_from(p).map_err(|_| {
            conv(
                "msghdr > name > port",
                "given PHP integer is out of bounds for an unsigned 16-bit integer",
            )
        })?,
    };
    // A missing address is PHP's zeroed one: the unspecified address.
    let unspecified = if family == libc::AF_INET {
        "0.0.0.0"
    } else {
        "::"
    };
    Ok(Target::Ip {
        family,
        addr: n.addr.clone().unwrap_or_else(|| unspecified.into()),
        port,
        flowinfo: n.flowinfo,
        scope_id: n.scope_id,
    })
}

/// PHP computes the address length with `strlen` (after the leading NUL of an abstract name),
/// so anything past an inner NUL is not part of the address; neither is it checked.
fn unix_target(path: Option<&str>) -> HostResult<Target> {
    // No path: PHP's zeroed sun_path, an empty abstract name.
    let bytes = path.unwrap_or("\0").as_bytes();
    if bytes.is_empty() {
        return Err(conv("msghdr > name > path", "the path is cannot be empty"));
    }
    if bytes.len() > 107 {
        return Err(conv(
            "msghdr > name > path",
            "the path is too long, the maximum permitted length is 107",
        ));
    }
    let skip = usize::from(bytes[0] == 0);
    let len = bytes[skip..]
        .iter()
        .position(|&b| b == 0)
        .map_or(bytes.len(), |i| i + skip);
    Ok(Target::Unix(bytes[..len].to_vec()))
}

/// Resolves a destination and checks it against the policy exactly as `socket_sendto` does.
async fn destination(ctx: &mut SocketsCtx, t: Target, usage: Use) -> HostResult<Resolved> {
    let named = match t {
        Target::Ip {
            family,
            addr,
            port,
            flowinfo,
            scope_id,
        } => match policy::resolve(ctx, "socket_sendmsg", family, &addr, port).await? {
            Named::Ip(SocketAddr::V6(mut v6)) => {
                v6.set_flowinfo(flowinfo.unwrap_or(0));
                if let Some(scope) = scope_id {
                    v6.set_scope_id(scope);
                }
                Named::Ip(SocketAddr::V6(v6))
            }
            named => named,
        },
        Target::Unix(path) => Named::Unix(path),
    };
    policy::permit(ctx, named, usage).await
}

/// One `sendmsg`, waiting for room on a blocking socket. A blocking kernel sendmsg on a stream
/// sends everything; the native descriptor is non-blocking, so when the kernel took only part
/// the rest follows as plain sends (the control data went with the first byte). An error on
/// the rest leaves the count of what was sent, as the kernel reports it.
async fn send(
    sock: &Sock,
    to: Option<&SockAddr>,
    iov: &[Vec<u8>],
    control: &ControlBuf,
    flags: i32,
) -> HostResult<u64> {
    let dont_wait = flags & libc::MSG_DONTWAIT != 0;
    let native = flags | libc::MSG_NOSIGNAL;
    let sent = wait_write(sock, dont_wait, |fd| {
        sys::sendmsg(fd, to, iov, control, native)
    })
    .await?;
    let total: usize = iov.iter().map(Vec::len).sum();
    if sent >= total || !sock.blocking() || dont_wait {
        return Ok(sent as u64);
    }
    let rest = iov.concat().split_off(sent);
    let more = crate::io::send_all(sock, &rest, flags).await.unwrap_or(0);
    Ok((sent + more as usize) as u64)
}

/// `recvmsg` at the end of a shut-down read side: nothing, from no one.
impl AtReadEnd for sys::RecvMsg {
    fn at_read_end() -> std::io::Result<Self> {
        Ok(sys::RecvMsg {
            count: 0,
            flags: 0,
            name: None,
            control: vec![],
        })
    }
}

/// `socket_recvmsg()`. Errors go to the global slot only, as in PHP. Sockets received with
/// `SCM_RIGHTS` become new guest sockets, returned beside the message.
pub(crate) async fn recvmsg(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    req: RecvmsgRequest,
    flags: i64,
) -> HostResult<(ReceivedMessage, Vec<Resource<Sock>>)> {
    let flags = flags_arg("socket_recvmsg", flags)?;
    v.table.get(s)?.raw()?;
    let (buffer, controllen) = recv_sizes(&req)?;
    // Never allocate past the guest's per-call limit, whatever it asks for.
    let cap = v.ctx.limits.io_bytes();
    let mut data = Vec::with_capacity(buffer.min(cap));
    let mut control = ControlBuf::zeroed(controllen.min(cap));
    let sock = v.table.get(s)?;
    let r = wait_read(sock, crate::io::never_blocks(flags), |fd| {
        sys::recvmsg(fd, &mut data, &mut control, req.want_name, flags)
    })
    .await;
    let got = v.ctx.record_global(r)?;
    let control_error = control_error(&got.control);
    let (control, sockets, extra_flags) = incoming(v, got.control)?;
    // The host always asks for MSG_CMSG_CLOEXEC, and the kernel echoes it in msg_flags.
    let own = if flags & libc::MSG_CMSG_CLOEXEC == 0 {
        libc::MSG_CMSG_CLOEXEC
    } else {
        0
    };
    let message = ReceivedMessage {
        name: got
            .name
            .as_ref()
            .filter(|_| req.want_name)
            .and_then(|sa| name_of(&v.ctx.guest_paths, sa)),
        control,
        // PHP returns no buffer when nothing arrived, else the bytes kept.
        iov: if got.count == 0 { vec![] } else { vec![data] },
        flags: i64::from((got.flags & !own) | extra_flags),
        count: got.count as u64,
        control_error,
    };
    Ok((message, sockets))
}

/// `buffer_size` and `controllen`, checked in PHP's order with PHP's messages.
fn recv_sizes(req: &RecvmsgRequest) -> HostResult<(usize, usize)> {
    let buffer = match req.buffer_size.unwrap_or(DEFAULT_BUFFER) {
        b @ 0..=MAX_BUFFER => b as usize,
        b => {
            return Err(conv(
                "msghdr > buffer_size",
                format!("the buffer size must be between 1 and {MAX_BUFFER}; given {b}"),
            ));
        }
    };
    let controllen = match req.controllen {
        None => return Err(conv("msghdr", "The key 'controllen' is required")),
        Some(0) => return Err(conv("msghdr > controllen", "controllen cannot be 0")),
        Some(c) => u32::try_from(c).map_err(|_| {
            conv(
                "msghdr > controllen",
                "given PHP integer is out of bounds for an unsigned 32-bit integer",
            )
        })?,
    };
    Ok((buffer, controllen as usize))
}

/// The sender as PHP's `$message['name']`; `None` where the kernel wrote no address (PHP's
/// `null`). An abstract AF_UNIX sender keeps its leading NUL, as `socket_recvfrom` reports it.
fn name_of(paths: &policy::GuestPaths, sa: &SockAddr) -> Option<MsgName> {
    let mut n = MsgName {
        family: Some(i64::from(sa.family())),
        addr: None,
        port: None,
        flowinfo: None,
        scope_id: None,
        path: None,
    };
    match i32::from(sa.family()) {
        libc::AF_INET => {
            let v4 = sa.as_socket_ipv4()?;
            n.addr = Some(v4.ip().to_string());
            n.port = Some(i64::from(v4.port()));
        }
        libc::AF_INET6 => {
            let v6 = sa.as_socket_ipv6()?;
            n.addr = Some(v6.ip().to_string());
            n.port = Some(i64::from(v6.port()));
            n.flowinfo = Some(v6.flowinfo());
            n.scope_id = Some(v6.scope_id());
        }
        libc::AF_UNIX => n.path = Some(policy::unix_path_text(paths, sa)),
        _ => return None,
    }
    Some(n)
}

// Control messages.

/// Descriptors of sockets being passed, held open until the message is sent.
type Held = Vec<Arc<crate::fd::Descriptor>>;

/// Converts `$message['control']`, checking every entry as PHP does. `SCM_RIGHTS` data names
/// sockets by position in `rights`.
fn outgoing(
    v: &mut SocketsCtxView<'_>,
    control: &[Cmsg],
    rights: &[Resource<Sock>],
) -> HostResult<(Vec<RawCmsg>, Held)> {
    let mut out = Vec::with_capacity(control.len());
    let mut held = Vec::new();
    for (i, c) in control.iter().enumerate() {
        // PHP numbers control elements from 0 (and the elements of a list inside from 1).
        let path = format!("msghdr > control > element #{i}");
        let level = native_int(&format!("{path} > level"), c.level)?;
        let ty = native_int(&format!("{path} > type"), c.type_)?;
        if !CMSG_TYPES.iter().any(|&(l, t, _, _)| (l, t) == (level, ty)) {
            return Err(conv(
                &path,
                format!("cmsghdr with level {level} and type {ty} not supported"),
            ));
        }
        let data = match (level, ty) {
            (libc::SOL_SOCKET, libc::SCM_RIGHTS) => {
                rights_out(v, &path, &c.data, rights, &mut held)?
            }
            (libc::SOL_SOCKET, libc::SCM_CREDENTIALS) => credentials_out(v, &path, &c.data)?,
            (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO) => pktinfo_out(&path, &c.data)?,
            _ => int_out(&path, &c.data)?,
        };
        out.push(RawCmsg { level, ty, data });
    }
    Ok((out, held))
}

fn native_int(path: &str, value: i64) -> HostResult<i32> {
    i32::try_from(value)
        .map_err(|_| conv(path, "given PHP integer is out of bounds for a native int"))
}

/// `SCM_RIGHTS`: the descriptors of the named guest sockets (what the manual documents; PHP
/// itself writes a Socket's descriptor one slot too far).
fn rights_out(
    v: &SocketsCtxView<'_>,
    path: &str,
    data: &CmsgData,
    rights: &[Resource<Sock>],
    held: &mut Held,
) -> HostResult<Vec<u8>> {
    let CmsgData::Rights(positions) = data else {
        return Err(conv(path, "expected an array here"));
    };
    if positions.is_empty() {
        return Err(conv(path, "expected at least one element in this array"));
    }
    let mut bytes = Vec::with_capacity(positions.len() * size_of::<libc::c_int>());
    for (k, &pos) in positions.iter().enumerate() {
        let at = format!("{path} > data > element #{}", k + 1);
        let res = rights.get(pos as usize).ok_or_else(|| {
            conv(
                &at,
                format!("no socket at position {pos} of the rights list"),
            )
        })?;
        let fd = v.table.get(res)?.fd.clone();
        let fd = fd.ok_or_else(|| conv(&at, "socket is already closed"))?;
        bytes.extend_from_slice(&fd.as_raw_fd().to_ne_bytes());
        held.push(fd);
    }
    Ok(bytes)
}

/// `SCM_CREDENTIALS`: only what an unprivileged process may claim (its own pid, its real or
/// effective ids). The host may hold CAP_SYS_ADMIN / CAP_SETUID, which would let the kernel
/// accept forged credentials; a guest gets the kernel's answer for an unprivileged sender.
fn credentials_out(v: &mut SocketsCtxView<'_>, path: &str, data: &CmsgData) -> HostResult<Vec<u8>> {
    let CmsgData::Credentials(Ucred { pid, uid, gid }) = *data else {
        return Err(conv(&format!("{path} > data"), "expected an array here"));
    };
    let id = |key: &str, value: i64, kind: &str, ok: bool| {
        if ok {
            Ok(value)
        } else {
            let at = format!("{path} > data > {key}");
            Err(conv(
                &at,
                format!("given PHP integer is out of bounds for a {kind} value"),
            ))
        }
    };
    let pid = id(
        "pid",
        pid,
        "pid_t",
        (0..=i64::from(i32::MAX)).contains(&pid),
    )? as i32;
    let uid = id("uid", uid, "uid_t", u32::try_from(uid).is_ok())? as u32;
    let gid = id("gid", gid, "uid_t", u32::try_from(gid).is_ok())? as u32;
    let (own_pid, uids, gids) = sys::process_ids();
    if pid != own_pid || !uids.contains(&uid) || !gids.contains(&gid) {
        let d = Denial {
            operation: Operation::PrivilegedOption,
            target: format!("SCM_CREDENTIALS pid {pid} uid {uid} gid {gid}"),
            rule: None,
            by_embedder_check: false,
        };
        return Err(v.ctx.denied_with(d, errno::EPERM));
    }
    Ok(sys::bytes_of(&libc::ucred { pid, uid, gid }))
}

/// `IPV6_PKTINFO`: `struct in6_pktinfo` (address, then interface index). The address must be
/// a literal: a source address is never looked up.
fn pktinfo_out(path: &str, data: &CmsgData) -> HostResult<Vec<u8>> {
    let CmsgData::Pktinfo(Pktinfo { addr, ifindex }) = data else {
        return Err(conv(&format!("{path} > data"), "expected an array here"));
    };
    let ip: Ipv6Addr = addr.parse().map_err(|_| {
        conv(
            &format!("{path} > data > addr"),
            format!("could not resolve address '{addr}' to get an AF_INET6 address"),
        )
    })?;
    let at = format!("{path} > data > ifindex");
    let index = match ifindex {
        Iface::Index(i) => u32::try_from(*i).map_err(|_| {
            conv(
                &at,
                format!(
                    "the interface index cannot be negative or larger than 4294967295; given {i}"
                ),
            )
        })?,
        Iface::Name(name) => match policy::interface_index(name) {
            0 => {
                return Err(conv(
                    &at,
                    format!("no interface with name \"{name}\" could be found"),
                ));
            }
            index => index,
        },
    };
    Ok(sys::bytes_of(&libc::in6_pktinfo {
        ipi6_addr: libc::in6_addr {
            s6_addr: ip.octets(),
        },
        ipi6_ifindex: index,
    }))
}

/// `IPV6_HOPLIMIT` / `IPV6_TCLASS`: a C int.
fn int_out(path: &str, data: &CmsgData) -> HostResult<Vec<u8>> {
    let at = format!("{path} > data");
    let CmsgData::Int(value) = *data else {
        return Err(conv(
            &at,
            "expected an integer, either of a PHP integer type or of a convertible type",
        ));
    };
    Ok(native_int(&at, value)?.to_ne_bytes().to_vec())
}

/// Converts received control messages for the guest. Each descriptor that is a socket becomes
/// a new guest socket (its position in the returned list is what `rights` data names). The
/// others — files, pipes — are closed here and never reach the guest, and so is any socket
/// past the guest's socket limit; either sets `MSG_CTRUNC`, as Linux does when it cannot
/// install a passed descriptor. Messages of other kinds than PHP's five are left out
/// (`control_error` says so).
fn incoming(
    v: &mut SocketsCtxView<'_>,
    received: Vec<RecvCmsg>,
) -> HostResult<(Vec<Cmsg>, Vec<Resource<Sock>>, i32)> {
    let mut control = Vec::new();
    let mut sockets = Vec::new();
    let mut flags = 0;
    for c in received {
        match c {
            RecvCmsg::Rights(fds) => {
                if let Err(d) = v.ctx.policy.check_receive_sockets() {
                    // Dropping the descriptors closes them: the guest sees a cut message.
                    v.ctx.denied(d);
                    drop(fds);
                    flags |= libc::MSG_CTRUNC;
                    continue;
                }
                let mut positions = Vec::with_capacity(fds.len());
                for fd in fds {
                    match adopt_received(v, fd) {
                        Ok(s) => {
                            positions.push(sockets.len() as u32);
                            sockets.push(s);
                        }
                        Err(e @ HostError::Trap(_)) => return Err(e),
                        Err(_) => flags |= libc::MSG_CTRUNC,
                    }
                }
                control.push(Cmsg {
                    level: libc::SOL_SOCKET.into(),
                    type_: libc::SCM_RIGHTS.into(),
                    data: CmsgData::Rights(positions),
                });
            }
            RecvCmsg::Other(raw) => control.extend(data_in(&raw).map(|data| Cmsg {
                level: raw.level.into(),
                type_: raw.ty.into(),
                data,
            })),
        }
    }
    Ok((control, sockets, flags))
}

/// A received descriptor as a guest socket (blocking, as PHP makes it), or an error after
/// which the descriptor is closed.
fn adopt_received(v: &mut SocketsCtxView<'_>, fd: OwnedFd) -> HostResult<Resource<Sock>> {
    if !sys::is_socket(fd.as_fd()) {
        tracing::warn!(target: "sockbox", "closed a descriptor received with SCM_RIGHTS: not a socket");
        return Err(HostError::errno(errno::ENOTSOCK));
    }
    let socket = socket2::Socket::from(fd);
    let family = i32::from(socket.domain()?);
    let slots = v.ctx.reserve_descriptor();
    slots.and_then(|slots| v.adopt(socket, slots, family, true)).inspect_err(|e| {
        if e.recorded_errno() == Some(errno::EMFILE) {
            tracing::warn!(target: "sockbox", "closed a socket received with SCM_RIGHTS: socket limit reached");
        }
    })
}

/// PHP's warning for the first received control message it cannot convert — a kind it does
/// not know, or one whose data the control buffer cut (`cmsg_len` below `CMSG_LEN` of the
/// fixed size in [`CMSG_TYPES`]) — with the path PHP names it by (elements count from 1).
/// PHP then gives `false` for the whole message.
fn control_error(received: &[RecvCmsg]) -> Option<String> {
    let cmsg_len = |data: usize| size_of::<libc::cmsghdr>() + data;
    received.iter().enumerate().find_map(|(i, c)| {
        let (level, ty, len) = match c {
            RecvCmsg::Rights(fds) => (
                libc::SOL_SOCKET,
                libc::SCM_RIGHTS,
                fds.len() * size_of::<libc::c_int>(),
            ),
            RecvCmsg::Other(raw) => (raw.level, raw.ty, raw.data.len()),
        };
        let known = CMSG_TYPES
            .iter()
            .find(|&&(l, t, _, _)| (l, t) == (level, ty));
        let why = match known {
            None => format!("cmsghdr with level {level} and type {ty} not supported"),
            Some(&(_, _, size, _)) if len < size => format!(
                "the cmsghdr structure is unexpectedly small; expected a length of at least {}, \
                 but got {}",
                cmsg_len(size),
                cmsg_len(len)
            ),
            Some(_) => return None,
        };
        Some(format!(
            "error converting native data (path: msghdr > control > element #{} > data): {why}",
            i + 1
        ))
    })
}

/// The `data` of a received message of PHP's kinds (`SCM_RIGHTS` aside); `None` for other
/// kinds and for payloads MSG_CTRUNC cut short.
fn data_in(raw: &RawCmsg) -> Option<CmsgData> {
    let word = |i: usize| -> Option<[u8; 4]> { raw.data.get(i * 4..i * 4 + 4)?.try_into().ok() };
    match (raw.level, raw.ty) {
        (libc::SOL_SOCKET, libc::SCM_CREDENTIALS) => {
            let c: libc::ucred = sys::whole_bytes(&raw.data)?;
            Some(CmsgData::Credentials(Ucred {
                pid: c.pid.into(),
                uid: c.uid.into(),
                gid: c.gid.into(),
            }))
        }
        (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO) => {
            let p: libc::in6_pktinfo = sys::whole_bytes(&raw.data)?;
            Some(CmsgData::Pktinfo(Pktinfo {
                addr: Ipv6Addr::from(p.ipi6_addr.s6_addr).to_string(),
                ifindex: Iface::Index(p.ipi6_ifindex.into()),
            }))
        }
        (libc::IPPROTO_IPV6, libc::IPV6_HOPLIMIT | libc::IPV6_TCLASS) => {
            Some(CmsgData::Int(i32::from_ne_bytes(word(0)?).into()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cmsg_space_matches_php_on_linux() {
        use super::cmsg_space;
        let rights = (libc::SOL_SOCKET as i64, libc::SCM_RIGHTS as i64);
        assert_eq!(cmsg_space(rights.0, rights.1, 0).unwrap(), 16);
        assert_eq!(cmsg_space(rights.0, rights.1, 1).unwrap(), 24);
        assert_eq!(cmsg_space(rights.0, rights.1, 3).unwrap(), 32);
        assert_eq!(cmsg_space(1, libc::SCM_CREDENTIALS as i64, 0).unwrap(), 32);
        assert_eq!(cmsg_space(41, libc::IPV6_PKTINFO as i64, 0).unwrap(), 40);
        assert_eq!(cmsg_space(41, libc::IPV6_HOPLIMIT as i64, 0).unwrap(), 24);
        assert!(cmsg_space(1, 99, 0).is_err());
        assert!(cmsg_space(1, 1, -1).is_err());
        // php-cli (64-bit): up to ZEND_LONG_MAX.
        assert_eq!(cmsg_space(1, 1, 1 << 30).unwrap(), 4_294_967_312);
        assert!(cmsg_space(1, 1, i64::MAX / 2).is_err());
    }
}
