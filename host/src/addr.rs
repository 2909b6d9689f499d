//! PHP address strings to native socket addresses and back, with the policy consulted on the
//! way out.

use crate::bindings::php::sockets::types::SockName;
use crate::check::CheckTarget;
use crate::ctx::SocketsCtx;
use crate::errors::{HostError, HostResult, errno};
use crate::policy::{Denial, Operation, UnixRefusal};
use crate::unix_path::{self, PathUse, Pinned};
use socket2::SockAddr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};

/// `sizeof(sun_path)` on Linux.
pub(crate) const SUN_PATH_LEN: usize = 108;

/// What an address will be used for, from which socket: decides which policy rule applies and
/// what the kernel will make of the address.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Use {
    /// A connect or a datagram destination, from a socket bound to this address (if bound).
    Connect { bound: Option<SocketAddr> },
    /// A bind; `dual_stack` when `[::]` would also take the IPv4 port (no `IPV6_V6ONLY`).
    Bind { dual_stack: bool },
}

impl Use {
    /// Connecting or sending from `socket`.
    pub(crate) fn connect_from(socket: &socket2::Socket) -> Use {
        let bound = socket.local_addr().ok().and_then(|a| a.as_socket());
        Use::Connect { bound }
    }

    /// Binding `socket`.
    pub(crate) fn bind_of(socket: &socket2::Socket) -> Use {
        Use::Bind {
            dual_stack: socket.only_v6().map(|only| !only).unwrap_or(false),
        }
    }

    /// Checks an IP endpoint for this use against the policy, then the embedder's check.
    pub(crate) async fn check(self, ctx: &mut SocketsCtx, sa: SocketAddr) -> HostResult<()> {
        let (policy, operation) = match self {
            Use::Connect { bound } => (ctx.policy.check_connect(sa, bound), Operation::Connect),
            Use::Bind { dual_stack } => (
                ctx.policy.check_bind_socket(sa, dual_stack),
                Operation::Bind,
            ),
        };
        ctx.permit(policy, operation, CheckTarget::Ip(sa)).await
    }
}

/// The `sun_path` bytes the kernel uses for a PHP address: a path name ends at its first NUL
/// (the kernel terminates it there), an abstract name (leading NUL) is every byte given.
pub(crate) fn kernel_unix_bytes(address: &[u8]) -> &[u8] {
    match address.first() {
        Some(0) | None => address,
        Some(_) => {
            let end = address
                .iter()
                .position(|&b| b == 0)
                .unwrap_or(address.len());
            &address[..end]
        }
    }
}

/// Checks AF_UNIX address bytes (as the kernel will use them) against the policy, then the
/// embedder's check.
pub(crate) async fn check_unix(ctx: &mut SocketsCtx, bytes: &[u8]) -> HostResult<()> {
    ctx.policy.check_unix(bytes).map_err(|r| refused(ctx, r))?;
    embedder_allows_unix(ctx, bytes).await
}

/// The embedder's check of AF_UNIX address bytes the policy allowed.
async fn embedder_allows_unix(ctx: &mut SocketsCtx, bytes: &[u8]) -> HostResult<()> {
    let operation = match bytes.first() {
        Some(0) => Operation::AbstractName,
        _ => Operation::Unix,
    };
    let r = ctx.embedder_allows(operation, CheckTarget::Unix(bytes.to_vec()));
    r.await.map_err(|d| ctx.denied(d))
}

fn refused(ctx: &mut SocketsCtx, r: UnixRefusal) -> HostError {
    match r {
        UnixRefusal::Native(code) => HostError::errno(code),
        UnixRefusal::Denied(d) => ctx.denied(d),
    }
}

/// The native address for AF_UNIX address bytes (as the kernel will use them), checked
/// against the policy and the embedder's check: a path name pinned to what was checked
/// (`unix_path.rs`), an abstract name as it is.
async fn unix_target(ctx: &mut SocketsCtx, bytes: &[u8], usage: Use) -> HostResult<Resolved> {
    if bytes.first() == Some(&0) {
        check_unix(ctx, bytes).await?;
        return Ok(Resolved {
            addr: unix_addr(bytes)?,
            pinned: None,
        });
    }
    let how = match usage {
        Use::Connect { .. } => PathUse::Reach,
        Use::Bind { .. } => PathUse::Create,
    };
    let pinned = unix_path::pin(&ctx.policy, bytes, how).map_err(|r| refused(ctx, r))?;
    embedder_allows_unix(ctx, bytes).await?;
    Ok(Resolved {
        addr: pinned.sockaddr()?,
        pinned: Some(pinned),
    })
}

/// A resolved address, and for an AF_UNIX path the descriptor that pins it (keep it until
/// the syscall is done; after a bind, keep it with the socket).
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) addr: SockAddr,
    pub(crate) pinned: Option<Pinned>,
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

/// What a PHP address names, resolved but not yet checked: [`permit`] does that.
#[derive(Debug)]
pub(crate) enum Named {
    /// An IP endpoint.
    Ip(SocketAddr),
    /// AF_UNIX `sun_path` bytes as the kernel will use them (none: no name).
    Unix(Vec<u8>),
}

/// Resolves `address` for a socket of `family`.
///
/// IP families accept literals, `localhost`, and names the policy (and the embedder's check)
/// allow looking up (a lookup failure is PHP's `-10001`, "Unknown host"). AF_UNIX takes a
/// path of under 108 bytes (a leading NUL makes an abstract name).
pub(crate) async fn resolve(
    ctx: &mut SocketsCtx,
    func: &str,
    family: i32,
    address: &str,
    port: u16,
) -> HostResult<Named> {
    match family {
        libc::AF_UNIX => {
            if address.len() >= SUN_PATH_LEN {
                return Err(HostError::invalid(format!(
                    "{func}(): Argument #2 ($address) must be less than {SUN_PATH_LEN}"
                )));
            }
            Ok(Named::Unix(kernel_unix_bytes(address.as_bytes()).to_vec()))
        }
        libc::AF_INET | libc::AF_INET6 => {
            let ip = resolve_ip(ctx, family, address).await?;
            Ok(Named::Ip(match ip {
                IpAddr::V6(v6) => {
                    let scope = scope_id(address);
                    SocketAddr::V6(SocketAddrV6::new(v6, port, 0, scope))
                }
                IpAddr::V4(v4) => SocketAddr::new(IpAddr::V4(v4), port),
            }))
        }
        _ => Err(HostError::errno(errno::EAFNOSUPPORT)),
    }
}

/// The policy (then the embedder's check) on what an address names, for `usage`: the native
/// address to give the syscall, an AF_UNIX path name pinned to what was checked.
pub(crate) async fn permit(ctx: &mut SocketsCtx, named: Named, usage: Use) -> HostResult<Resolved> {
    let bytes = match named {
        Named::Ip(sa) => {
            usage.check(ctx, sa).await?;
            return Ok(Resolved {
                addr: SockAddr::from(sa),
                pinned: None,
            });
        }
        Named::Unix(bytes) if !bytes.is_empty() => {
            return unix_target(ctx, &bytes, usage).await;
        }
        Named::Unix(bytes) => bytes,
    };
    match usage {
        // An address of no bytes is too short for the kernel.
        Use::Connect { .. } => return Err(HostError::errno(errno::EINVAL)),
        // bind() with no name: the kernel picks an abstract name.
        Use::Bind { .. } if !ctx.policy.allows_any_abstract_name() => {
            let d = Denial {
                operation: Operation::AbstractName,
                target: "an abstract name the kernel picks (empty path)".into(),
                rule: Some("*".into()),
                by_embedder_check: false,
            };
            return Err(ctx.denied(d));
        }
        Use::Bind { .. } => {}
    }
    Ok(Resolved {
        addr: unix_addr(&bytes)?,
        pinned: None,
    })
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
    // PHP tries inet_pton first, then the resolver; on AF_INET6 its getaddrinfo asks for
    // AI_V4MAPPED, so an IPv4 number becomes its mapped address without a lookup.
    if family == libc::AF_INET {
        // glibc's gethostbyname, which PHP falls back to, reads digits-and-dots names (`127.1`,
        // `2130706433`, octal `0177.0.0.1`) as inet_aton does, and refuses bad ones itself.
        let digits_dots = !address.is_empty()
            && !address.ends_with('.')
            && address.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if digits_dots {
            return inet_aton(address)
                .map(IpAddr::V4)
                .ok_or(HostError::errno(errno::HOST_NOT_FOUND));
        }
    } else {
        let literal = address.split_once('%').map_or(address, |(a, _)| a);
        if let Ok(v6) = literal.parse::<Ipv6Addr>() {
            return Ok(v6.into());
        }
        if let Some(v4) = inet_aton(address) {
            return Ok(v4.to_ipv6_mapped().into());
        }
    }
    if address.eq_ignore_ascii_case("localhost") {
        return Ok(if family == libc::AF_INET {
            Ipv4Addr::LOCALHOST.into()
        } else {
            Ipv6Addr::LOCALHOST.into()
        });
    }
    let policy = ctx.policy.check_lookup(address);
    let name = CheckTarget::Name(address.to_owned());
    ctx.permit(policy, Operation::Lookup, name).await?;
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

/// glibc's `inet_aton(3)` over a whole string: one to four parts, each decimal, octal
/// (leading `0`) or hex (`0x`), the last filling the remaining bytes (`127.1`, `2130706433`,
/// `0177.0.0.1`, `0x7f.1`) — how glibc reads numeric host names.
pub(crate) fn inet_aton(text: &str) -> Option<Ipv4Addr> {
    let bytes = text.as_bytes();
    let mut parts: Vec<u64> = Vec::with_capacity(4);
    for part in bytes.split(|&b| b == b'.') {
        if parts.len() == 4 || !part.first()?.is_ascii_digit() {
            return None;
        }
        let (digits, radix) = match part {
            [b'0', b'x' | b'X', rest @ ..] => (rest, 16),
            [b'0', rest @ ..] => (rest, 8),
            _ => (part, 10),
        };
        let mut value: u64 = 0;
        for &d in digits {
            let digit = u64::from(char::from(d).to_digit(radix)?);
            value = value.checked_mul(u64::from(radix))?.checked_add(digit)?;
            if value > u64::from(u32::MAX) {
                return None;
            }
        }
        parts.push(value);
    }
    let (last, head) = parts.split_last()?;
    // Earlier parts are one byte each; the last fills the bytes left.
    let last_bits = 8 * (5 - parts.len()).min(4);
    if head.iter().any(|&p| p > 0xff) || *last >> last_bits != 0 {
        return None;
    }
    let value = head.iter().enumerate().fold(*last as u32, |acc, (i, &p)| {
        acc | (p as u32) << (24 - 8 * i)
    });
    Some(Ipv4Addr::from(value))
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

/// The `sun_path` text PHP reports: the path (as the guest gave it, for a socket the host
/// bound through a pinned directory), `\0name` for abstract names, `""` if unnamed.
pub(crate) fn unix_path_text(sa: &SockAddr) -> String {
    String::from_utf8_lossy(&unix_path::guest_name(unix_name_bytes(sa))).into_owned()
}

/// The bytes of an AF_UNIX address as the kernel holds them: a path, `\0` and an abstract
/// name, or nothing for an unnamed socket.
pub(crate) fn unix_name_bytes(sa: &SockAddr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    if let Some(p) = sa.as_pathname() {
        return p.as_os_str().as_bytes().to_vec();
    }
    if let Some(name) = sa.as_abstract_namespace() {
        return [&[0u8][..], name].concat();
    }
    Vec::new()
}
