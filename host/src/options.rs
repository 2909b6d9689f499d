//! `socket_get_option()` / `socket_set_option()` with PHP's typed value shapes.
//!
//! Dispatch follows PHP: level-specific options first (IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP),
//! then the option number alone (whatever the level), then the generic integer path.

use crate::bindings::php::sockets::types::{
    Error as WitError, Iface, Linger, McastRequest, Meminfo, OptionValue, Pktinfo, Timeval,
};
use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::{HostError, HostResult};
use crate::policy::socket_options::{self, Access};
use crate::sys;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsFd, BorrowedFd};
use wasmtime::component::Resource;

/// The PHP shape an option takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// Generic: `(int)` of the value, passed as a C int.
    Int,
    Linger,
    Timeval,
    /// `TCP_CONGESTION`, `SO_BINDTODEVICE`: a string (get returns the name).
    Text,
    /// `IP_MULTICAST_TTL`: 0..255, one byte.
    Ttl,
    /// `IP_MULTICAST_LOOP`: a boolean, one byte.
    Loop4,
    /// `IPV6_MULTICAST_LOOP`: a boolean, as an int.
    Loop6,
    /// `IPV6_MULTICAST_HOPS`: -1..255.
    Hops,
    /// `IP_MULTICAST_IF`: an interface (set) mapped to its IPv4 address; get maps it back.
    If4,
    /// `IPV6_MULTICAST_IF`: an interface index.
    If6,
    /// `MCAST_*` group requests (`group_req` / `group_source_req`).
    Mcast {
        source: bool,
    },
    /// `IPV6_PKTINFO`: `in6_pktinfo`.
    Pktinfo,
    /// `SO_MEMINFO`: nine counters, get only.
    Meminfo,
    /// `UDP_SEGMENT`: 0..65535 (PHP 8.5).
    UdpSegment,
}

/// Whether a value is read (`socket_get_option`) or written: PHP 8.2 picks the linger and
/// timeout shapes by option number at different levels for each.
#[derive(Clone, Copy)]
enum Direction {
    Get,
    Set,
}

fn shape(level: i32, option: i32, direction: Direction) -> Shape {
    match (level, option) {
        (
            libc::IPPROTO_IP | libc::IPPROTO_IPV6,
            libc::MCAST_JOIN_GROUP | libc::MCAST_LEAVE_GROUP,
        ) => return Shape::Mcast { source: false },
        (
            libc::IPPROTO_IP | libc::IPPROTO_IPV6,
            libc::MCAST_BLOCK_SOURCE
            | libc::MCAST_UNBLOCK_SOURCE
            | libc::MCAST_JOIN_SOURCE_GROUP
            | libc::MCAST_LEAVE_SOURCE_GROUP,
        ) => return Shape::Mcast { source: true },
        (libc::IPPROTO_IP, libc::IP_MULTICAST_IF) => return Shape::If4,
        (libc::IPPROTO_IP, libc::IP_MULTICAST_TTL) => return Shape::Ttl,
        (libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP) => return Shape::Loop4,
        (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF) => return Shape::If6,
        (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS) => return Shape::Hops,
        (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP) => return Shape::Loop6,
        (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO) => return Shape::Pktinfo,
        (libc::IPPROTO_TCP, libc::TCP_CONGESTION) | (libc::SOL_SOCKET, libc::SO_BINDTODEVICE) => {
            return Shape::Text;
        }
        (libc::SOL_SOCKET, libc::SO_MEMINFO) => return Shape::Meminfo,
        (libc::IPPROTO_UDP, libc::UDP_SEGMENT) => return Shape::UdpSegment,
        _ => {}
    }
    // Get knows them at SOL_SOCKET only; set by number at any level but the IP ones, whose
    // unknown options PHP passes as ints (`goto default_case`).
    let by_number = match direction {
        Direction::Get => level == libc::SOL_SOCKET,
        Direction::Set => !matches!(level, libc::IPPROTO_IP | libc::IPPROTO_IPV6),
    };
    match option {
        libc::SO_LINGER if by_number => Shape::Linger,
        libc::SO_RCVTIMEO | libc::SO_SNDTIMEO if by_number => Shape::Timeval,
        _ => Shape::Int,
    }
}

/// `socket_get_option()`.
pub(crate) async fn get(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    level: i64,
    option: i64,
) -> HostResult<OptionValue> {
    let (level, option) = (level as i32, option as i32);
    v.on_socket(s, async |sock, ctx| {
        let fd = sock.raw()?.as_fd();
        match socket_options::access(level, option) {
            Access::Never => return Err(refuse(ctx, level, option, libc::ENOPROTOOPT, false)),
            Access::Privileged(libc::ENOPROTOOPT) if !ctx.policy.allows_privileged_options() => {
                return Err(refuse(ctx, level, option, libc::ENOPROTOOPT, true));
            }
            _ => {}
        }
        Ok(match shape(level, option, Direction::Get) {
            Shape::Linger => {
                let l: libc::linger = sys::getsockopt_plain(fd, level, option)?;
                OptionValue::Linger(Linger {
                    l_onoff: l.l_onoff.into(),
                    l_linger: l.l_linger.into(),
                })
            }
            Shape::Timeval => {
                let t: libc::timeval = sys::getsockopt_plain(fd, level, option)?;
                #[allow(clippy::useless_conversion, reason = "time_t is 32 bits on some hosts")]
                OptionValue::Timeval(Timeval {
                    sec: t.tv_sec.into(),
                    usec: t.tv_usec.into(),
                })
            }
            Shape::Text => {
                let b = sys::getsockopt_bytes(fd, level, option, 16)?;
                let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
                OptionValue::Text(String::from_utf8_lossy(&b[..end]).into_owned())
            }
            Shape::If4 => {
                let b = sys::getsockopt_bytes(fd, level, option, 4)?;
                let addr =
                    Ipv4Addr::from(<[u8; 4]>::try_from(&b[..4.min(b.len())]).unwrap_or([0; 4]));
                OptionValue::Int(if addr.is_unspecified() {
                    0
                } else {
                    i64::from(sys::ifindex_of_ipv4(addr))
                })
            }
            Shape::Pktinfo => {
                let p: libc::in6_pktinfo = sys::getsockopt_plain(fd, level, option)?;
                OptionValue::Pktinfo(Pktinfo {
                    addr: Ipv6Addr::from(p.ipi6_addr.s6_addr).to_string(),
                    ifindex: Iface::Index(i64::from(p.ipi6_ifindex)),
                })
            }
            Shape::Meminfo => {
                let b = sys::getsockopt_bytes(fd, level, option, 9 * 4)?;
                let n = |i: usize| {
                    b.get(i * 4..i * 4 + 4)
                        .map_or(0, |s| i64::from(u32::from_ne_bytes(s.try_into().unwrap())))
                };
                OptionValue::Meminfo(Meminfo {
                    rmem_alloc: n(0),
                    rcvbuf: n(1),
                    wmem_alloc: n(2),
                    sndbuf: n(3),
                    fwd_alloc: n(4),
                    wmem_queued: n(5),
                    optmem: n(6),
                    backlog: n(7),
                    drops: n(8),
                })
            }
            // Everything else, MCAST_* included (the kernel refuses to read those), is an int;
            // one-byte options (IP_MULTICAST_LOOP / TTL) are read as unsigned char.
            _ => {
                let (val, len) = sys::getsockopt_int(fd, level, option)?;
                OptionValue::Int(if len == 1 {
                    i64::from(val as u8)
                } else {
                    i64::from(val)
                })
            }
        })
    })
    .await
}

/// PHP's `(int)` of a string: its leading integer, or 0.
fn php_int(text: &str) -> i64 {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+'))))
        .map_or(t.len(), |(i, _)| i);
    t[..end].parse::<i64>().unwrap_or(0)
}

/// PHP's `(int)` of an option value (arrays count as 1, as PHP's conversion of a non-empty array).
fn as_int(value: &OptionValue) -> i64 {
    match value {
        OptionValue::Int(i) => *i,
        OptionValue::Text(t) => php_int(t),
        OptionValue::Interface(Iface::Index(i)) => *i,
        _ => 1,
    }
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

fn range_error(low: i64, high: i64) -> HostError {
    HostError::invalid(format!(
        "socket_set_option(): Argument #4 ($value) must be between {low} and {high}"
    ))
}

/// An interface given by index or name, as PHP's multicast options take it. PHP warns and
/// returns false (recording nothing) for a bad index or an unknown name.
fn iface_index(fd: BorrowedFd<'_>, value: &OptionValue) -> HostResult<u32> {
    let unknown = || HostError::Php(WitError::Unspecified);
    match value {
        OptionValue::Int(i) | OptionValue::Interface(Iface::Index(i)) => {
            u32::try_from(*i).map_err(|_| unknown())
        }
        OptionValue::Text(name) | OptionValue::Interface(Iface::Name(name)) => {
            rustix::net::netdevice::name_to_index(fd, name).map_err(|_| unknown())
        }
        _ => Err(unknown()),
    }
}

fn iface_of(fd: BorrowedFd<'_>, iface: &Option<Iface>) -> HostResult<u32> {
    match iface {
        None => Ok(0),
        Some(Iface::Index(i)) => iface_index(fd, &OptionValue::Int(*i)),
        Some(Iface::Name(n)) => iface_index(fd, &OptionValue::Text(n.clone())),
    }
}

/// A multicast group or source address for a socket of `family` (literals only: no lookups).
/// On a socket that is not AF_INET/AF_INET6, PHP 8.5's ValueError.
fn mcast_addr(family: i32, text: &str) -> HostResult<SocketAddr> {
    let ip: Option<IpAddr> = match family {
        libc::AF_INET => text.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
        libc::AF_INET6 => text.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        _ => {
            return Err(HostError::invalid(
                "IP address used in the context of an unexpected type of socket",
            ));
        }
    };
    ip.map(|ip| SocketAddr::new(ip, 0))
        .ok_or(HostError::Php(WitError::Unspecified))
}

/// The bytes `setsockopt` takes for `value` in `shape`.
fn encode(
    fd: BorrowedFd<'_>,
    shape: Shape,
    option: i32,
    family: i32,
    value: &OptionValue,
) -> HostResult<Vec<u8>> {
    let int = |i: i64| (i as i32).to_ne_bytes().to_vec();
    Ok(match (shape, value) {
        (Shape::Int, v @ (OptionValue::Int(_) | OptionValue::Text(_))) => int(as_int(v)),
        (Shape::Int, other) => return Err(type_error("an integer option", "int", other)),
        (Shape::Linger, OptionValue::Linger(l)) => {
            for (key, val) in [("l_onoff", l.l_onoff), ("l_linger", l.l_linger)] {
                if !(0..=65535).contains(&val) {
                    return Err(HostError::invalid(format!(
                        "socket_set_option(): Argument #4 ($value) \"{key}\" must be between 0 and 65535"
                    )));
                }
            }
            sys::bytes_of(&libc::linger {
                l_onoff: l.l_onoff as libc::c_int,
                l_linger: l.l_linger as libc::c_int,
            })
        }
        (Shape::Linger, other) => return Err(type_error("SO_LINGER", "array", other)),
        (Shape::Timeval, OptionValue::Timeval(t)) => sys::bytes_of(&libc::timeval {
            tv_sec: t.sec as libc::time_t,
            tv_usec: t.usec as libc::suseconds_t,
        }),
        (Shape::Timeval, other) => {
            return Err(type_error("SO_RCVTIMEO/SO_SNDTIMEO", "array", other));
        }
        (Shape::Text, OptionValue::Text(t)) => t.as_bytes().to_vec(),
        (Shape::Text, other) => {
            let name = if option == libc::SO_BINDTODEVICE {
                "SO_BINDTODEVICE"
            } else {
                "TCP_CONGESTION"
            };
            return Err(type_error(name, "string", other));
        }
        (Shape::Ttl, v) => match as_int(v) {
            ttl @ 0..=255 => vec![ttl as u8],
            _ => return Err(range_error(0, 255)),
        },
        (Shape::Loop4, v) => vec![u8::from(as_int(v) != 0)],
        (Shape::Loop6, v) => int(i64::from(as_int(v) != 0)),
        (Shape::UdpSegment, v) => match as_int(v) {
            size @ 0..=65535 => int(size),
            _ => return Err(range_error(0, 65535)),
        },
        (Shape::Hops, v) => match as_int(v) {
            hops @ -1..=255 => int(hops),
            _ => return Err(range_error(-1, 255)),
        },
        (Shape::If4, v) => {
            // PHP passes the interface's IPv4 address (INADDR_ANY for index 0).
            let addr = match iface_index(fd, v)? {
                0 => Ipv4Addr::UNSPECIFIED,
                index => sys::ipv4_of_interface(fd, index).map_err(|e| {
                    HostError::warning(format!(
                        "Failed obtaining address for interface {index}: error {}",
                        crate::errors::errno_of(&e)
                    ))
                })?,
            };
            addr.octets().to_vec()
        }
        (Shape::If6, v) => iface_index(fd, v)?.to_ne_bytes().to_vec(),
        (
            Shape::Mcast { source },
            OptionValue::Mcast(McastRequest {
                group,
                interface,
                source: src,
            }),
        ) => {
            let iface = iface_of(fd, interface)?;
            let group = mcast_addr(family, group)?;
            let source = match (source, src) {
                (false, _) => None,
                (true, Some(s)) => Some(mcast_addr(family, s)?),
                (true, None) => return Err(HostError::Php(WitError::Unspecified)),
            };
            sys::group_request(iface, group, source)
        }
        (Shape::Mcast { .. }, other) => {
            return Err(type_error("a multicast option", "array", other));
        }
        (Shape::Pktinfo, OptionValue::Pktinfo(p)) => {
            let addr: Ipv6Addr = p
                .addr
                .parse()
                .map_err(|_| HostError::Php(WitError::Unspecified))?;
            sys::bytes_of(&libc::in6_pktinfo {
                ipi6_addr: libc::in6_addr {
                    s6_addr: addr.octets(),
                },
                ipi6_ifindex: iface_of(fd, &Some(p.ifindex.clone()))?,
            })
        }
        (Shape::Pktinfo, other) => return Err(type_error("IPV6_PKTINFO", "array", other)),
        // The kernel refuses to set SO_MEMINFO: let it say so.
        (Shape::Meminfo, v) => int(as_int(v)),
    })
}

/// Refuses an option: logged and counted as a denial, with the errno an unprivileged process
/// gets (`grantable`: whether the privileged rule would allow it).
fn refuse(
    ctx: &mut crate::SocketsCtx,
    level: i32,
    option: i32,
    code: i32,
    grantable: bool,
) -> HostError {
    let mut d = ctx.policy.privileged_option_denial(level, option);
    if !grantable {
        d.operation = crate::policy::Operation::SocketKind;
        d.target = format!(
            "level {level} option {option} (never: it would hand the guest host descriptors)"
        );
    }
    ctx.denied_with(d, code)
}

/// Checks a set against what an unprivileged process may do (see `policy/socket_options.rs`),
/// before the kernel sees it; `Ok` also when the privileged rule grants it.
fn check_set(
    ctx: &mut crate::SocketsCtx,
    level: i32,
    option: i32,
    value: &OptionValue,
) -> HostResult<()> {
    let refusal = match socket_options::access(level, option) {
        Access::Free | Access::GetOnly => None,
        Access::Never => return Err(refuse(ctx, level, option, libc::ENOPROTOOPT, false)),
        Access::Privileged(code) => Some(code),
        Access::Priority => (!(0..=6).contains(&(as_int(value) as i32))).then_some(libc::EPERM),
        Access::Congestion => match value {
            OptionValue::Text(name) => {
                // The kernel reads the name up to its first NUL.
                let name = name.split('\0').next().unwrap_or_default();
                socket_options::congestion_refusal(name)
            }
            _ => None,
        },
    };
    match refusal {
        Some(code) if !ctx.policy.allows_privileged_options() => {
            Err(refuse(ctx, level, option, code, true))
        }
        _ => Ok(()),
    }
}

/// `socket_set_option()`.
pub(crate) async fn set(
    v: &mut SocketsCtxView<'_>,
    s: &Resource<Sock>,
    level: i64,
    option: i64,
    value: OptionValue,
) -> HostResult<()> {
    let (level, option) = (level as i32, option as i32);
    let shape = shape(level, option, Direction::Set);
    v.on_socket(s, async |sock, ctx| {
        let raw = sock.raw()?;
        let bytes = encode(raw.as_fd(), shape, option, sock.family, &value)?;
        check_set(ctx, level, option, &value)?;
        sys::setsockopt_bytes(raw.as_fd(), level, option, &bytes)?;
        if level == libc::SOL_SOCKET {
            follow_kernel(sock, option)?;
        }
        Ok(())
    })
    .await
}

/// Host state that mirrors an option the kernel just took, read back as the kernel holds it
/// (its rounding and limits, not the guest's numbers). The native descriptor is non-blocking,
/// so the host enforces SO_RCVTIMEO / SO_SNDTIMEO and SO_RCVLOWAT itself, and closes a
/// lingering socket off the reactor.
fn follow_kernel(sock: &mut Sock, option: i32) -> HostResult<()> {
    let raw = sock.raw()?;
    match option {
        libc::SO_RCVTIMEO | libc::SO_SNDTIMEO => {
            let limit = sys::timeout_of(raw.as_fd(), option)?;
            if option == libc::SO_RCVTIMEO {
                sock.recv_timeout = limit;
            } else {
                sock.send_timeout = limit;
            }
        }
        libc::SO_RCVLOWAT => {
            let (lowat, _) = sys::getsockopt_int(raw.as_fd(), libc::SOL_SOCKET, option)?;
            sock.rcvlowat = usize::try_from(lowat).unwrap_or(1).max(1);
        }
        libc::SO_LINGER => {
            let lingers = raw.linger()?.is_some_and(|t| !t.is_zero());
            sock.fd()?.set_lingers(lingers);
        }
        _ => {}
    }
    Ok(())
}
