//! Control messages: PHP's `['level', 'type', 'data']` entries to native payloads (sending)
//! and back (receiving), including the sockets `SCM_RIGHTS` carries.

use super::{CMSG_TYPES, conv};
use crate::bindings::php::sockets::types::{Cmsg, CmsgData, Iface, Pktinfo, Ucred};
use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::policy::{Denial, Operation};
use crate::sys::{self, RawCmsg, RecvCmsg};
use std::net::Ipv6Addr;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::sync::Arc;
use wasmtime::component::Resource;

const F: &str = "socket_sendmsg";

/// Descriptors of sockets being passed, held open until the message is sent.
pub(super) type Held = Vec<Arc<crate::fd::Descriptor>>;

/// Converts `$message['control']`, checking every entry as PHP does. `SCM_RIGHTS` data names
/// sockets by position in `rights`.
pub(super) fn outgoing(
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
                F,
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
    i32::try_from(value).map_err(|_| {
        conv(
            F,
            path,
            "given PHP integer is out of bounds for a native int",
        )
    })
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
        return Err(conv(F, path, "expected an array here"));
    };
    if positions.is_empty() {
        return Err(conv(F, path, "expected at least one element in this array"));
    }
    let mut bytes = Vec::with_capacity(positions.len() * size_of::<libc::c_int>());
    for (k, &pos) in positions.iter().enumerate() {
        let at = format!("{path} > data > element #{}", k + 1);
        let res = rights.get(pos as usize).ok_or_else(|| {
            conv(
                F,
                &at,
                format!("no socket at position {pos} of the rights list"),
            )
        })?;
        let fd = v.table.get(res)?.fd.clone();
        let fd = fd.ok_or_else(|| conv(F, &at, "socket is already closed"))?;
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
        return Err(conv(F, &format!("{path} > data"), "expected an array here"));
    };
    let id = |key: &str, value: i64, kind: &str, ok: bool| {
        if ok {
            Ok(value)
        } else {
            let at = format!("{path} > data > {key}");
            Err(conv(
                F,
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
        return Err(conv(F, &format!("{path} > data"), "expected an array here"));
    };
    let ip: Ipv6Addr = addr.parse().map_err(|_| {
        conv(
            F,
            &format!("{path} > data > addr"),
            format!("could not resolve address '{addr}' to get an AF_INET6 address"),
        )
    })?;
    let at = format!("{path} > data > ifindex");
    let index = match ifindex {
        Iface::Index(i) => u32::try_from(*i).map_err(|_| {
            conv(
                F,
                &at,
                format!(
                    "the interface index cannot be negative or larger than 4294967295; given {i}"
                ),
            )
        })?,
        Iface::Name(name) => match sys::if_nametoindex(name) {
            0 => {
                return Err(conv(
                    F,
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
            F,
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
/// install a passed descriptor. Messages of other kinds than PHP's five are left out.
pub(super) fn incoming(
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
    slots.and_then(|slots| crate::socket::adopt(v, socket, slots, family, true)).inspect_err(|e| {
        if e.recorded_errno() == Some(errno::EMFILE) {
            tracing::warn!(target: "sockbox", "closed a socket received with SCM_RIGHTS: socket limit reached");
        }
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
