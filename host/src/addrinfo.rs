//! `socket_addrinfo_lookup()`, the `AddressInfo` resource (`bind`, `connect`, `explain`), and
//! the name of an address (`gethostbyaddr()`).
//!
//! Lookups go through the policy: a literal address needs no resolver and no rule,
//! `localhost` is the loopback addresses without asking the resolver, and any other name needs
//! an `allow-lookup` rule. Names are resolved on a blocking thread with a time limit.

use crate::bindings::php::sockets::types::{
    AddrinfoAddr, AddrinfoExplained, AddrinfoHints, LookupError,
};
use crate::check::CheckTarget;
use crate::ctx::{Sock, SocketsCtx, SocketsCtxView};
use crate::errors::{HostError, HostResult, errno};
use crate::fd::Slot;
use crate::policy::{self, Operation, Use};
use crate::sys::{self, GaiEntry, GaiHints};
use socket2::SockAddr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use wasmtime::component::Resource;

/// At most this many results per lookup (getaddrinfo can return long lists).
const MAX_RESULTS: usize = 64;
/// A name lookup that takes longer fails with `EAI_AGAIN`, so a guest never hangs on DNS.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// PHP's `AddressInfo`: one resolved `struct addrinfo`.
#[derive(Debug, Clone)]
pub struct AddrInfo {
    /// What `socket_addrinfo_explain()` returns.
    pub(crate) explained: AddrinfoExplained,
    /// `ai_addr`, for bind and connect.
    pub(crate) addr: SockAddr,
    /// Its place among the handles a guest may hold (as many as sockets).
    _slot: Arc<Slot>,
}

/// `socket_addrinfo_lookup()`: the AF_INET / AF_INET6 results, or the `EAI_*` code (PHP 8.6's
/// `&$error_code`; PHP returns `false` and records no error). A name the policy does not allow
/// is `EAI_NONAME`, as if it did not exist, and the denial is logged.
pub(crate) async fn lookup(
    v: &mut SocketsCtxView<'_>,
    host: String,
    service: Option<String>,
    hints: AddrinfoHints,
) -> wasmtime::Result<Result<Vec<Resource<AddrInfo>>, LookupError>> {
    let hints = match check_hints(&hints) {
        Ok(h) => h,
        Err(message) => return Ok(Err(LookupError::InvalidArgument(message))),
    };
    // PHP hands C strings to getaddrinfo: they end at the first NUL.
    let host = until_nul(&host);
    let service = service.as_deref().map(until_nul);
    let entries = match resolve(v.ctx, host, service, hints).await {
        Ok(entries) => entries,
        Err(code) => return Ok(Err(LookupError::Eai(code))),
    };
    // Every handle is counted, so a guest that keeps looking up cannot grow the host's table
    // without bound: past the limit, EAI_MEMORY, as getaddrinfo says when it cannot allocate.
    let mut slots = Vec::with_capacity(entries.len());
    for _ in &entries {
        match Slot::take(&v.ctx.addrinfo_slots, v.ctx.limits.max_sockets) {
            Ok(slot) => slots.push(slot),
            Err(_) => return Ok(Err(LookupError::Eai(libc::EAI_MEMORY))),
        }
    }
    let mut out = Vec::with_capacity(entries.len());
    for (e, slot) in entries.into_iter().zip(slots) {
        out.push(v.table.push(info(e, hints.flags, slot))?);
    }
    Ok(Ok(out))
}

fn until_nul(s: &str) -> &str {
    s.split('\0').next().unwrap_or_default()
}

/// PHP 8.5's hint checks (8.6 also accepts `AF_UNSPEC`), in the order PHP lists the keys.
fn check_hints(h: &AddrinfoHints) -> Result<GaiHints, String> {
    let prefix = "socket_addrinfo_lookup(): Argument #3 ($hints)";
    let int = |key: &str, value: Option<i64>| match value {
        None => Ok(0),
        Some(v) => i32::try_from(v)
            .ok()
            .filter(|v| *v >= 0)
            .ok_or_else(|| format!("{prefix} \"{key}\" key must be between 0 and 2147483647")),
    };
    let flags = int("ai_flags", h.ai_flags)?;
    let socktype = int("ai_socktype", h.ai_socktype)?;
    let protocol = int("ai_protocol", h.ai_protocol)?;
    let family = match h.ai_family {
        None => libc::AF_UNSPEC,
        Some(f)
            if [libc::AF_UNSPEC, libc::AF_INET, libc::AF_INET6].contains(&(f as i32))
                && f == i64::from(f as i32) =>
        {
            f as i32
        }
        Some(_) => {
            return Err(format!(
                "{prefix} \"ai_family\" key must be AF_INET or AF_INET6"
            ));
        }
    };
    Ok(GaiHints {
        flags,
        family,
        socktype,
        protocol,
    })
}

/// Numeric first (no resolver, no rule needed); then `localhost`; then, if the policy allows
/// the name, the resolver.
async fn resolve(
    ctx: &mut SocketsCtx,
    host: &str,
    service: Option<&str>,
    hints: GaiHints,
) -> Result<Vec<GaiEntry>, i32> {
    let numeric = GaiHints {
        flags: hints.flags | libc::AI_NUMERICHOST,
        ..hints
    };
    match sys::getaddrinfo(host, service, numeric, MAX_RESULTS) {
        Ok(found) => return Ok(found),
        Err(code)
            if code != libc::EAI_NONAME
                || hints.flags & libc::AI_NUMERICHOST != 0
                || is_literal(host) =>
        {
            return Err(code);
        }
        Err(_) => {}
    }
    if host.eq_ignore_ascii_case("localhost") {
        return localhost(service, numeric);
    }
    let policy = ctx.policy.check_lookup(host);
    let name = CheckTarget::Name(host.to_owned());
    if ctx.permit(policy, Operation::Lookup, name).await.is_err() {
        return Err(libc::EAI_NONAME);
    }
    resolver(ctx, host, service, hints).await
}

/// Asks the system resolver, off the guest's thread, bounded in time and in how many lookups a
/// guest may have in flight (a timed-out lookup keeps its thread until the resolver returns, so
/// it still counts): `EAI_AGAIN` beyond either bound. Callers have checked the policy.
pub(crate) async fn resolver(
    ctx: &SocketsCtx,
    host: &str,
    service: Option<&str>,
    hints: GaiHints,
) -> Result<Vec<GaiEntry>, i32> {
    let (host, service) = (host.to_owned(), service.map(str::to_owned));
    bounded(ctx, move || {
        sys::getaddrinfo(&host, service.as_deref(), hints, MAX_RESULTS)
    })
    .await
}

/// Runs one resolver call (`lookup`) as [`resolver`] does: on a blocking thread, within
/// [`LOOKUP_TIMEOUT`] and the guest's `max_lookups`.
async fn bounded<T: Send + 'static>(
    ctx: &SocketsCtx,
    lookup: impl FnOnce() -> Result<T, i32> + Send + 'static,
) -> Result<T, i32> {
    let in_flight = ctx.lookups_in_flight.clone();
    if in_flight.fetch_add(1, Ordering::SeqCst) >= ctx.limits.max_lookups {
        in_flight.fetch_sub(1, Ordering::SeqCst);
        return Err(libc::EAI_AGAIN);
    }
    let blocking = tokio::task::spawn_blocking(move || {
        let found = lookup();
        in_flight.fetch_sub(1, Ordering::SeqCst);
        found
    });
    match tokio::time::timeout(LOOKUP_TIMEOUT, blocking).await {
        Ok(Ok(found)) => found,
        Ok(Err(_panicked)) => Err(libc::EAI_FAIL),
        Err(_elapsed) => Err(libc::EAI_AGAIN),
    }
}

/// The name of an address, for `gethostbyaddr()`: the loopback addresses are `localhost`
/// (as `localhost` is them, with no resolver and no `/etc/hosts`); any other address is a
/// lookup of its reverse name, which the policy must allow (the resolver may ask DNS for
/// exactly that name). Denied, or no name: `EAI_NONAME`, as for an address without one.
pub(crate) async fn name_of_address(
    ctx: &mut SocketsCtx,
    address: &str,
) -> Result<String, LookupError> {
    let Ok(ip) = address.parse::<IpAddr>() else {
        return Err(LookupError::InvalidArgument(
            "Address is not a valid IPv4 or IPv6 address".into(),
        ));
    };
    if ip == Ipv4Addr::LOCALHOST || ip == Ipv6Addr::LOCALHOST {
        return Ok("localhost".into());
    }
    let reverse = policy::reverse_lookup_name(ip);
    let policy = ctx.policy.check_lookup(&reverse);
    let name = CheckTarget::Name(reverse);
    if ctx.permit(policy, Operation::Lookup, name).await.is_err() {
        return Err(LookupError::Eai(libc::EAI_NONAME));
    }
    let addr = SockAddr::from(SocketAddr::new(ip, 0));
    bounded(ctx, move || sys::getnameinfo(&addr))
        .await
        .map_err(LookupError::Eai)
}

/// wasi:sockets' `resolve-addresses` for a host name the caller checked against the policy:
/// through the same bounded resolver as `socket_addrinfo_lookup()` (`localhost` as there),
/// each address once, in the resolver's order.
pub(crate) async fn resolve_ips(ctx: &SocketsCtx, host: &str) -> Result<Vec<IpAddr>, i32> {
    let hints = GaiHints {
        flags: 0,
        family: libc::AF_UNSPEC,
        socktype: libc::SOCK_STREAM,
        protocol: 0,
    };
    let found = if host.eq_ignore_ascii_case("localhost") {
        localhost(
            None,
            GaiHints {
                flags: libc::AI_NUMERICHOST,
                ..hints
            },
        )?
    } else {
        resolver(ctx, host, None, hints).await?
    };
    let mut ips = Vec::new();
    for ip in found
        .iter()
        .filter_map(|e| e.addr.as_socket())
        .map(|a| a.ip())
    {
        if !ips.contains(&ip) {
            ips.push(ip);
        }
    }
    Ok(ips)
}

/// An IP literal (`fe80::1%eth0` included), which must never reach the resolver.
fn is_literal(host: &str) -> bool {
    let bare = host.split_once('%').map_or(host, |(a, _)| a);
    bare.parse::<IpAddr>().is_ok()
}

/// `localhost` is 127.0.0.1 and ::1 (in that order, as the families asked allow), the same on
/// every host: no resolver, no `/etc/hosts`. The canonical name is `localhost`.
fn localhost(service: Option<&str>, numeric: GaiHints) -> Result<Vec<GaiEntry>, i32> {
    let mut found = Vec::new();
    for (family, addr) in [(libc::AF_INET, "127.0.0.1"), (libc::AF_INET6, "::1")] {
        if numeric.family == libc::AF_UNSPEC || numeric.family == family {
            found.extend(sys::getaddrinfo(addr, service, numeric, MAX_RESULTS)?);
        }
    }
    found.truncate(MAX_RESULTS);
    for (i, e) in found.iter_mut().enumerate() {
        e.canonname =
            (i == 0 && numeric.flags & libc::AI_CANONNAME != 0).then(|| "localhost".to_string());
    }
    Ok(found)
}

/// The resource for one result. `ai_flags` are the guest's (glibc echoes the request's flags,
/// and the host added AI_NUMERICHOST to its own first attempt).
fn info(e: GaiEntry, flags: i32, slot: Slot) -> AddrInfo {
    let (addr, port) = match e.addr.as_socket() {
        Some(SocketAddr::V4(a)) => (a.ip().to_string(), a.port()),
        Some(SocketAddr::V6(a)) => (a.ip().to_string(), a.port()),
        None => (String::new(), 0),
    };
    AddrInfo {
        explained: AddrinfoExplained {
            ai_flags: flags.into(),
            ai_family: e.family.into(),
            ai_socktype: e.socktype.into(),
            ai_protocol: e.protocol.into(),
            ai_canonname: e.canonname,
            ai_addr: AddrinfoAddr { addr, port },
        },
        addr: e.addr,
        _slot: Arc::new(slot),
    }
}

/// `socket_addrinfo_bind()` / `socket_addrinfo_connect()`: a new socket (blocking, as PHP
/// makes it) bound or connected to the address, after the policy allowed it. Failures go to
/// the global slot (PHP records them on the socket it then destroys). `bind`: bind rather
/// than connect.
pub(crate) async fn open(
    v: &mut SocketsCtxView<'_>,
    ai: &Resource<AddrInfo>,
    bind: bool,
) -> HostResult<Resource<Sock>> {
    let info = v.table.get(ai)?.clone();
    let r = async {
        let e = &info.explained;
        let (family, ty, protocol) = (
            e.ai_family as i32,
            e.ai_socktype as i32,
            e.ai_protocol as i32,
        );
        let target = info
            .addr
            .as_socket()
            .ok_or(HostError::errno(errno::EAFNOSUPPORT))?;
        // A fresh socket: unbound, and dual-stack as the kernel's default makes it.
        let usage = if bind {
            Use::bind_of_new(family)
        } else {
            Use::Connect { bound: None }
        };
        usage.check(v.ctx, target).await?;
        crate::socket::check_socket_kind(v.ctx, family, ty, protocol, false)?;
        let slots = v.ctx.reserve_descriptor()?;
        let socket = crate::socket::native_socket(family, ty, protocol)?;
        if bind {
            socket.bind(&info.addr)?;
            return v.adopt(socket, slots, family, true);
        }
        // The guest gets the socket once it is connected; a failed one is closed unseen.
        let sock = Sock::new(socket, slots, family)?;
        crate::socket::connect_native(&sock, &info.addr).await?;
        Ok(v.table.push(sock)?)
    }
    .await;
    v.ctx.record_global(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(flags: i64, socktype: i64, protocol: i64, family: i64) -> AddrinfoHints {
        AddrinfoHints {
            ai_flags: Some(flags),
            ai_socktype: Some(socktype),
            ai_protocol: Some(protocol),
            ai_family: Some(family),
        }
    }

    #[test]
    fn hints_are_checked_as_php_8_5_does() {
        assert!(check_hints(&hints(0, 1, 6, 2)).is_ok());
        assert!(check_hints(&hints(0, 0, 0, 0)).is_ok(), "AF_UNSPEC (8.6)");
        let err = |h| check_hints(&h).unwrap_err();
        assert_eq!(
            err(hints(-256, 1, 0, 2)),
            "socket_addrinfo_lookup(): Argument #3 ($hints) \"ai_flags\" key must be between 0 and 2147483647"
        );
        assert!(err(hints(0, 1 << 31, 0, 2)).contains("\"ai_socktype\" key"));
        assert!(err(hints(0, 0, -1, 2)).contains("\"ai_protocol\" key"));
        assert_eq!(
            err(hints(0, 0, 0, 1)),
            "socket_addrinfo_lookup(): Argument #3 ($hints) \"ai_family\" key must be AF_INET or AF_INET6"
        );
        assert!(err(hints(0, 0, 0, (1 << 32) + 2)).contains("ai_family"));
    }

    #[test]
    fn literals_are_recognised() {
        assert!(is_literal("127.0.0.1"));
        assert!(is_literal("fe80::1%lo"));
        assert!(!is_literal("localhost"));
        assert!(!is_literal("example.com"));
    }
}
