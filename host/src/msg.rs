//! `socket_sendmsg()` / `socket_recvmsg()` / `socket_cmsg_space()`.

use crate::bindings::php::sockets::types::{Message, ReceivedMessage, RecvmsgRequest};
use crate::ctx::{Sock, SocketsView};
use crate::errors::{HostError, HostResult, errno};
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
        .filter(|&n| n <= i32::MAX as usize)
        .map(|n| n as u64)
        .ok_or_else(|| HostError::invalid("socket_cmsg_space(): Argument #3 ($num) is too large"))
}

fn not_yet(func: &str) -> HostError {
    tracing::warn!(target: "sockbox", "{func}() is not implemented yet");
    HostError::errno(errno::ENOSYS)
}

/// `socket_sendmsg()`: not implemented yet (ENOSYS, listed in docs/api-map.md).
pub(crate) fn sendmsg(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    _m: Message,
    _rights: Vec<Resource<Sock>>,
    _flags: i64,
) -> HostResult<u64> {
    let sock = v.table.get_mut(s)?;
    let r = sock.raw().and_then(|_| Err(not_yet("socket_sendmsg")));
    v.ctx.record(sock, r)
}

/// `socket_recvmsg()`: not implemented yet (ENOSYS, listed in docs/api-map.md).
pub(crate) fn recvmsg(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    _req: RecvmsgRequest,
    _flags: i64,
) -> HostResult<(ReceivedMessage, Vec<Resource<Sock>>)> {
    v.table.get(s)?.raw()?;
    let r = Err(not_yet("socket_recvmsg"));
    v.ctx.record_global(r)
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
        assert!(cmsg_space(1, 1, i32::MAX as i64).is_err());
    }
}
