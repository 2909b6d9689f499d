//! `socket_get_option()` / `socket_set_option()` with PHP's typed value shapes.
//!
//! Dispatch follows PHP: level-specific options first, then the option number alone
//! (whatever the level), then the generic integer path.

use crate::bindings::php::sockets::types::{Linger, OptionValue, Timeval};
use crate::ctx::{Sock, SocketsView};
use crate::errors::{HostError, HostResult, errno};
use crate::sys;
use std::os::fd::AsFd;
use std::time::Duration;
use wasmtime::component::Resource;

/// Options an unprivileged process cannot set (they need CAP_NET_ADMIN / CAP_NET_RAW) or that
/// reach beyond the socket; a guest gets what an unprivileged native call gets.
const PRIVILEGED: &[(i32, i32)] = &[
    (libc::SOL_SOCKET, libc::SO_DEBUG),
    (libc::SOL_SOCKET, libc::SO_MARK),
    (libc::SOL_SOCKET, libc::SO_BINDTODEVICE),
    (libc::SOL_SOCKET, libc::SO_BINDTOIFINDEX),
    (libc::SOL_SOCKET, libc::SO_ATTACH_FILTER),
    (libc::SOL_SOCKET, libc::SO_ATTACH_BPF),
    (libc::SOL_SOCKET, libc::SO_ATTACH_REUSEPORT_CBPF),
    (libc::SOL_SOCKET, libc::SO_ATTACH_REUSEPORT_EBPF),
    (libc::IPPROTO_IP, libc::IP_TRANSPARENT),
    (libc::IPPROTO_IPV6, libc::IPV6_TRANSPARENT),
    (libc::IPPROTO_TCP, libc::TCP_REPAIR),
];

/// Options whose PHP value shapes arrive with the full-surface work (multicast requests,
/// interfaces, packet info, meminfo): refused clearly rather than mis-encoded as ints.
const NOT_YET: &[(i32, i32)] = &[
    (libc::IPPROTO_IP, libc::MCAST_JOIN_GROUP),
    (libc::IPPROTO_IP, libc::MCAST_LEAVE_GROUP),
    (libc::IPPROTO_IP, libc::MCAST_BLOCK_SOURCE),
    (libc::IPPROTO_IP, libc::MCAST_UNBLOCK_SOURCE),
    (libc::IPPROTO_IP, libc::MCAST_JOIN_SOURCE_GROUP),
    (libc::IPPROTO_IP, libc::MCAST_LEAVE_SOURCE_GROUP),
    (libc::IPPROTO_IPV6, libc::MCAST_JOIN_GROUP),
    (libc::IPPROTO_IPV6, libc::MCAST_LEAVE_GROUP),
    (libc::IPPROTO_IPV6, libc::MCAST_BLOCK_SOURCE),
    (libc::IPPROTO_IPV6, libc::MCAST_UNBLOCK_SOURCE),
    (libc::IPPROTO_IPV6, libc::MCAST_JOIN_SOURCE_GROUP),
    (libc::IPPROTO_IPV6, libc::MCAST_LEAVE_SOURCE_GROUP),
    (libc::IPPROTO_IP, libc::IP_MULTICAST_IF),
    (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF),
    (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO),
    (libc::SOL_SOCKET, libc::SO_MEMINFO),
];

/// The PHP shape an option takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    Int,
    Linger,
    Timeval,
    /// `TCP_CONGESTION`, `SO_BINDTODEVICE`: a string (get returns the name).
    Text,
}

fn shape(level: i32, option: i32) -> Shape {
    if (level, option) == (libc::IPPROTO_TCP, libc::TCP_CONGESTION)
        || (level, option) == (libc::SOL_SOCKET, libc::SO_BINDTODEVICE)
    {
        return Shape::Text;
    }
    match option {
        libc::SO_LINGER => Shape::Linger,
        libc::SO_RCVTIMEO | libc::SO_SNDTIMEO => Shape::Timeval,
        _ => Shape::Int,
    }
}

fn not_yet(level: i32, option: i32) -> HostResult<()> {
    if NOT_YET.contains(&(level, option)) {
        tracing::warn!(target: "sockbox", level, option, "socket option not implemented yet");
        return Err(HostError::errno(errno::ENOSYS));
    }
    Ok(())
}

/// `socket_get_option()`.
pub(crate) fn get(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    level: i64,
    option: i64,
) -> HostResult<OptionValue> {
    let sock = v.table.get_mut(s)?;
    let (level, option) = (level as i32, option as i32);
    let r = (|| {
        let fd = sock.raw()?.as_fd();
        not_yet(level, option)?;
        Ok(match shape(level, option) {
            Shape::Int => {
                let (val, len) = sys::getsockopt_int(fd, level, option)?;
                // One-byte options (IP_MULTICAST_LOOP / TTL) are read as unsigned char.
                OptionValue::Int(if len == 1 {
                    i64::from(val as u8)
                } else {
                    i64::from(val)
                })
            }
            Shape::Linger => {
                let b = sys::getsockopt_bytes(fd, level, option, size_of::<libc::linger>())?;
                let (on, secs) = (int_at(&b, 0), int_at(&b, 4));
                OptionValue::Linger(Linger {
                    l_onoff: on,
                    l_linger: secs,
                })
            }
            Shape::Timeval => {
                let b = sys::getsockopt_bytes(fd, level, option, size_of::<libc::timeval>())?;
                OptionValue::Timeval(Timeval {
                    sec: long_at(&b, 0),
                    usec: long_at(&b, 8),
                })
            }
            Shape::Text => {
                let b = sys::getsockopt_bytes(fd, level, option, 16)?;
                let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
                OptionValue::Text(String::from_utf8_lossy(&b[..end]).into_owned())
            }
        })
    })();
    v.ctx.record(sock, r)
}

fn int_at(b: &[u8], at: usize) -> i64 {
    b.get(at..at + 4)
        .map_or(0, |s| i64::from(i32::from_ne_bytes(s.try_into().unwrap())))
}

fn long_at(b: &[u8], at: usize) -> i64 {
    b.get(at..at + 8)
        .map_or(0, |s| i64::from_ne_bytes(s.try_into().unwrap()))
}

/// PHP's `(int)` of a string: its leading integer, or 0.
fn php_int(text: &str) -> i32 {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+'))))
        .map_or(t.len(), |(i, _)| i);
    t[..end].parse::<i64>().map_or(0, |v| v as i32)
}

fn type_error(option: &str, want: &str, got: &OptionValue) -> HostError {
    let given = match got {
        OptionValue::Int(_) => "int",
        OptionValue::Text(_) => "string",
        _ => "array",
    };
    HostError::invalid(format!(
        "socket_set_option(): Argument #4 ($value) must be of type {want} when argument #3 ($option) is {option}, {given} given"
    ))
}

/// `socket_set_option()`.
pub(crate) fn set(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
    level: i64,
    option: i64,
    value: OptionValue,
) -> HostResult<()> {
    let sock = v.table.get_mut(s)?;
    let (level, option) = (level as i32, option as i32);
    let shape = shape(level, option);
    let bytes: Vec<u8> = match (shape, &value) {
        (Shape::Int, OptionValue::Int(i)) => (*i as i32).to_ne_bytes().to_vec(),
        (Shape::Int, OptionValue::Text(text)) => php_int(text).to_ne_bytes().to_vec(),
        (Shape::Int, other) => return Err(type_error("an integer option", "int", other)),
        (Shape::Linger, OptionValue::Linger(l)) => {
            for (key, val) in [("l_onoff", l.l_onoff), ("l_linger", l.l_linger)] {
                if !(0..=65535).contains(&val) {
                    return Err(HostError::invalid(format!(
                        "socket_set_option(): Argument #4 ($value) \"{key}\" must be between 0 and 65535"
                    )));
                }
            }
            [
                (l.l_onoff as i32).to_ne_bytes(),
                (l.l_linger as i32).to_ne_bytes(),
            ]
            .concat()
        }
        (Shape::Linger, other) => return Err(type_error("SO_LINGER", "array", other)),
        (Shape::Timeval, OptionValue::Timeval(t)) => {
            [t.sec.to_ne_bytes(), t.usec.to_ne_bytes()].concat()
        }
        (Shape::Timeval, other) => {
            return Err(type_error("SO_RCVTIMEO/SO_SNDTIMEO", "array", other));
        }
        (Shape::Text, OptionValue::Text(t)) => t.as_bytes().to_vec(),
        (Shape::Text, other) => {
            return Err(type_error(
                if option == libc::SO_BINDTODEVICE {
                    "SO_BINDTODEVICE"
                } else {
                    "TCP_CONGESTION"
                },
                "string",
                other,
            ));
        }
    };
    let r = (|| {
        let fd = sock.raw()?.as_fd();
        not_yet(level, option)?;
        if PRIVILEGED.contains(&(level, option)) {
            let d = crate::policy::Denial {
                operation: crate::policy::Operation::PrivilegedOption,
                target: format!("level {level} option {option}"),
                rule: None,
            };
            return Err(v.ctx.denied_with(d, errno::EPERM));
        }
        sys::setsockopt_bytes(fd, level, option, &bytes)?;
        Ok(())
    })();
    if r.is_ok()
        && let OptionValue::Timeval(t) = &value
        && level == libc::SOL_SOCKET
    {
        // The native descriptor is non-blocking, so the host enforces the timeout itself.
        let limit = (t.sec > 0 || t.usec > 0)
            .then(|| Duration::from_secs(t.sec as u64) + Duration::from_micros(t.usec as u64));
        if option == libc::SO_RCVTIMEO {
            sock.recv_timeout = limit;
        } else {
            sock.send_timeout = limit;
        }
    }
    v.ctx.record(sock, r)
}
