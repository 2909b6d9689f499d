//! PHP address strings to native socket addresses and back, with the policy consulted on the
//! way out.

use crate::bindings::php::sockets::types::SockName;
use crate::ctx::SocketsCtx;
use crate::errors::{HostError, HostResult, errno};
use socket2::SockAddr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};

/// `sizeof(sun_path)` on Linux.
const SUN_PATH_LEN: usize = 108;

/// What an address will be used for: decides which policy rule applies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Use {
    Connect,
    Bind,
}

/// Checks a PHP port argument: `0..=65535` or PHP 8.5's ValueError.
pub(crate) fn port_arg(func: &str, arg: u32, port: i64) -> HostResult<u16> {
    u16::try_from(port).map_err(|_| {
        HostError::invalid(format!(
            "{func}(): Argument #{arg} ($port) must be between 0 and 65535"
        ))
    })
}

/// A nullable PHP port argument: required (PHP's ValueError when null) for AF_INET and
/// AF_INET6, ignored (0) for AF_UNIX.
pub(crate) fn port_for_family(
    func: &str,
    arg: u32,
    family: i32,
    port: Option<i64>,
) -> HostResult<i64> {
    match (family, port) {
        (libc::AF_INET | libc::AF_INET6, None) => Err(HostError::invalid(format!(
            "{func}(): Argument #{arg} ($port) cannot be null when the socket type is {}",
            family_name(family)
        ))),
        (_, p) => Ok(p.unwrap_or(0)),
    }
}

/// The family name PHP uses in messages.
fn family_name(family: i32) -> &'static str {
    match family {
        libc::AF_INET => "AF_INET",
        libc::AF_INET6 => "AF_INET6",
        libc::AF_UNIX => "AF_UNIX",
        _ => "unknown",
    }
}

/// Resolves `address` for a socket of `family` and checks it against the policy.
///
/// IP families accept literals, `localhost`, and names the policy allows looking up (a lookup
/// failure is PHP's `-10001`, "Unknown host"). AF_UNIX takes a path of under 108 bytes
/// (a leading NUL makes an abstract name).
pub(crate) async fn resolve(
    ctx: &mut SocketsCtx,
    func: &str,
    family: i32,
    address: &str,
    port: u16,
    usage: Use,
) -> HostResult<SockAddr> {
    match family {
        libc::AF_UNIX => {
            if address.len() >= SUN_PATH_LEN {
                return Err(HostError::invalid(format!(
                    "{func}(): Argument #2 ($address) must be less than {SUN_PATH_LEN}"
                )));
            }
            if let Err(d) = ctx.policy.check_unix(address.as_bytes()) {
                return Err(ctx.denied(d));
            }
            unix_addr(address.as_bytes())
        }
        libc::AF_INET | libc::AF_INET6 => {
            let ip = resolve_ip(ctx, family, address).await?;
            let sa = match (ip, family) {
                (IpAddr::V6(v6), _) => {
                    let scope = scope_id(address);
                    SocketAddr::V6(SocketAddrV6::new(v6, port, 0, scope))
                }
                (IpAddr::V4(v4), _) => SocketAddr::new(IpAddr::V4(v4), port),
            };
            let check = match usage {
                Use::Connect => ctx.policy.check_connect(sa),
                Use::Bind => ctx.policy.check_bind(sa),
            };
            check.map_err(|d| ctx.denied(d))?;
            Ok(SockAddr::from(sa))
        }
        _ => Err(HostError::errno(errno::EAFNOSUPPORT)),
    }
}

/// An AF_UNIX address with the length PHP computes (offset + strlen, so abstract names work).
pub(crate) fn unix_addr(path: &[u8]) -> HostResult<SockAddr> {
    use std::os::unix::ffi::OsStrExt;
    SockAddr::unix(std::ffi::OsStr::from_bytes(path)).map_err(HostError::from)
}

/// The scope of `fe80::1%eth0` / `fe80::1%2`; 0 without one.
fn scope_id(address: &str) -> u32 {
    match address.split_once('%') {
        Some((_, scope)) => scope
            .parse()
            .unwrap_or_else(|_| crate::sys::if_nametoindex(scope)),
        None => 0,
    }
}

async fn resolve_ip(ctx: &mut SocketsCtx, family: i32, address: &str) -> HostResult<IpAddr> {
    let literal = address.split_once('%').map_or(address, |(a, _)| a);
    if family == libc::AF_INET {
        if let Ok(v4) = literal.parse::<Ipv4Addr>() {
            return Ok(v4.into());
        }
    } else if let Ok(v6) = literal.parse::<Ipv6Addr>() {
        return Ok(v6.into());
    }
    if address.eq_ignore_ascii_case("localhost") {
        return Ok(if family == libc::AF_INET {
            Ipv4Addr::LOCALHOST.into()
        } else {
            Ipv6Addr::LOCALHOST.into()
        });
    }
    if let Err(d) = ctx.policy.check_lookup(address) {
        return Err(ctx.denied(d));
    }
    let hints = crate::sys::GaiHints {
        family,
        socktype: libc::SOCK_STREAM,
        ..Default::default()
    };
    let found = crate::addrinfo::resolver(ctx, address, None, hints)
        .await
        .map_err(|_| HostError::errno(errno::HOST_NOT_FOUND))?;
    found
        .iter()
        .find_map(|e| e.addr.as_socket().map(|sa| sa.ip()))
        .ok_or(HostError::errno(errno::HOST_NOT_FOUND))
}

/// Formats a native address the way `socket_getsockname()` fills `&$address` / `&$port`.
pub(crate) fn sock_name(func: &str, sa: &SockAddr) -> HostResult<SockName> {
    if let Some(ip) = sa.as_socket() {
        let address = match ip.ip() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => v6.to_string(),
        };
        return Ok(SockName {
            address,
            port: Some(ip.port()),
        });
    }
    if sa.is_unix() {
        return Ok(SockName {
            address: unix_path_text(sa),
            port: None,
        });
    }
    Err(HostError::invalid(format!(
        "{func}(): Argument #1 ($socket) must be one of AF_UNIX, AF_INET, or AF_INET6"
    )))
}

/// The `sun_path` text PHP reports: the path, `\0name` for abstract names, `""` if unnamed.
pub(crate) fn unix_path_text(sa: &SockAddr) -> String {
    if let Some(p) = sa.as_pathname() {
        return p.to_string_lossy().into_owned();
    }
    if let Some(name) = sa.as_abstract_namespace() {
        return format!("\0{}", String::from_utf8_lossy(name));
    }
    String::new()
}
