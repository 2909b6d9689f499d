//! wasi:sockets under sockbox's policy: the sockets a guest's own language runtime opens
//! (Rust `std::net`, wasi-libc's `socket()`, PHP's stream sockets) are checked by the same
//! [`Policy`], counted against the same socket limit and logged the same way as php:sockets.
//!
//! wasmtime-wasi does the sockets; sockbox decides. Its address hook ([`configure`]) checks
//! every bind, listen, connect, accepted peer and datagram destination before the syscall. What
//! the hook cannot see — socket creation, accepted sockets, name lookups, and whether a bind is
//! the guest's or the kernel's implicit one — sockbox takes over in the linker
//! ([`add_to_linker`]): its own definitions check, then call wasmtime-wasi's; name lookups are
//! sockbox's own, bounded as php:sockets' are. The input stream of each connected TCP socket is
//! made one whose readiness is exact (`wasi_tcp_input.rs`), as `poll()` needs it to be.

use crate::check::CheckTarget;
use crate::ctx::{SocketsCtx, SocketsView};
use crate::policy::{Denial, Operation, Policy};
use crate::wasi_tcp_input::make_exact;
use std::net::{IpAddr, SocketAddr};
use wasmtime::component::{Linker, Resource, ResourceType};
use wasmtime_wasi::p2::bindings::sockets::network::{
    ErrorCode, IpAddress, IpAddressFamily, IpSocketAddress, Network,
};
use wasmtime_wasi::p2::bindings::sockets::{tcp, tcp_create_socket, udp, udp_create_socket};
use wasmtime_wasi::p2::{DynInputStream, DynOutputStream, SocketResult, TcpSocket, UdpSocket};
use wasmtime_wasi::sockets::{SocketAddrUse, WasiSocketsView};
use wasmtime_wasi::{WasiCtxBuilder, WasiView};

/// The wasi:sockets version wasmtime-wasi defines; guests importing any 0.2.x resolve to it.
const VERSION: &str = "0.2.12";

/// Turns wasi:sockets on for a guest, every address checked against `ctx`'s policy and every
/// denial counted and logged in `ctx`'s record.
pub fn configure(builder: &mut WasiCtxBuilder, ctx: &SocketsCtx) {
    let (policy, denials) = (ctx.policy.clone(), ctx.denials.clone());
    let check = ctx.check.clone();
    builder
        .allow_tcp(true)
        .allow_udp(true)
        // Lookups are sockbox's own ([`add_to_linker`]); wasmtime-wasi's stay off.
        .allow_ip_name_lookup(false)
        .socket_addr_check(move |addr, use_| {
            let (denials, check) = (denials.clone(), check.clone());
            let policy = check_address(&policy, addr, use_);
            Box::pin(async move {
                let verdict = match (policy, &check) {
                    (Ok(Some(operation)), Some(check)) => {
                        check.allows(operation, CheckTarget::Ip(addr)).await
                    }
                    (Ok(_), _) => Ok(()),
                    (Err(d), _) => Err(d),
                };
                verdict.map_err(|d| denials.record(&d)).is_ok()
            })
        });
}

/// The rule for each use wasmtime-wasi reports, as php:sockets applies it; allowed, the
/// operation the embedder's check is asked about (`None`: a use it is not asked about).
fn check_address(
    policy: &Policy,
    addr: SocketAddr,
    use_: SocketAddrUse,
) -> Result<Option<Operation>, Denial> {
    let operation = match use_ {
        // wasmtime-wasi asks for the wildcard address, port 0, before a connect or a send on
        // an unbound socket: the kernel's autobind, which php:sockets does not check either.
        // An explicit bind to it looks the same here, so `start-bind` checks those itself
        // ([`check_explicit_bind`]); a listen is checked on its real address.
        SocketAddrUse::TcpBind | SocketAddrUse::UdpBind if is_autobind(addr) => return Ok(None),
        // IPv6 sockets are always IPV6_V6ONLY in wasi:sockets: never dual stack.
        SocketAddrUse::TcpBind | SocketAddrUse::UdpBind | SocketAddrUse::TcpListen => {
            policy.check_bind(addr).map(|()| Operation::Bind)
        }
        // wasmtime-wasi refuses unspecified destinations itself, so the bound address
        // (which only decides what such a destination means) does not matter.
        SocketAddrUse::TcpConnect | SocketAddrUse::UdpSend => policy
            .check_connect(addr, None)
            .map(|()| Operation::Connect),
        SocketAddrUse::TcpAccept => policy.check_accept(addr).map(|()| Operation::Accept),
        // Datagrams from any source reach a php:sockets socket too.
        SocketAddrUse::UdpReceive => return Ok(None),
    };
    operation.map(Some)
}

/// Takes over the wasi:sockets functions the address hook cannot see (after wasmtime-wasi's
/// own `add_to_linker`): socket creation and accept take a slot of the guest's socket budget
/// (the drop of the socket gives it back), a bind the guest asks for is checked as given, and
/// a name lookup needs the same rule as `socket_addrinfo_lookup` and runs on its resolver.
pub fn add_to_linker<T>(linker: &mut Linker<T>) -> wasmtime::Result<()>
where
    T: WasiView + SocketsView + 'static,
{
    linker.allow_shadowing(true);
    let defined = define(linker);
    linker.allow_shadowing(false);
    defined
}

/// Defines, on a socket kind's instance, `start-bind` (the guest's bind, checked as given by
/// [`check_explicit_bind`] before wasmtime-wasi's) and the resource's drop (wasmtime-wasi's,
/// then the socket's slots go back).
macro_rules! explicit_bind_and_drop {
    ($instance:ident, $resource:literal, $socket:ty, $host:path, $udp:expr) => {
        $instance.func_wrap_async(
            concat!("[method]", $resource, ".start-bind"),
            |mut store,
             (socket, network, local): (Resource<$socket>, Resource<Network>, IpSocketAddress)| {
                Box::new(async move {
                    let state: &mut T = store.data_mut();
                    if let Err(code) = check_explicit_bind(state, local, $udp) {
                        return Ok((Err(code),));
                    }
                    let mut view = WasiSocketsView::sockets(state);
                    let bound = <_ as $host>::start_bind(&mut view, socket, network, local).await;
                    Ok((lower(bound)?,))
                })
            },
        )?;
        $instance.resource(
            $resource,
            ResourceType::host::<$socket>(),
            |mut store, rep| {
                let state: &mut T = store.data_mut();
                <_ as $host>::drop(&mut WasiSocketsView::sockets(state), Resource::new_own(rep))?;
                SocketsView::sockets(state).ctx.wasi_sockets.remove(&rep);
                Ok(())
            },
        )?;
    };
}

fn define<T>(linker: &mut Linker<T>) -> wasmtime::Result<()>
where
    T: WasiView + SocketsView + 'static,
{
    let mut create = linker.instance(&format!("wasi:sockets/tcp-create-socket@{VERSION}"))?;
    create.func_wrap(
        "create-tcp-socket",
        |mut store, (family,): (IpAddressFamily,)| {
            let state: &mut T = store.data_mut();
            let Some(slots) = reserve(state) else {
                return Ok((Err(ErrorCode::NewSocketLimit),));
            };
            let made = tcp_create_socket::Host::create_tcp_socket(
                &mut WasiSocketsView::sockets(state),
                family,
            );
            Ok((keep(state, made, |s| s.rep(), slots)?,))
        },
    )?;

    let mut create = linker.instance(&format!("wasi:sockets/udp-create-socket@{VERSION}"))?;
    create.func_wrap_async(
        "create-udp-socket",
        |mut store, (family,): (IpAddressFamily,)| {
            Box::new(async move {
                let state: &mut T = store.data_mut();
                let Some(slots) = reserve(state) else {
                    return Ok((Err(ErrorCode::NewSocketLimit),));
                };
                let made = udp_create_socket::Host::create_udp_socket(
                    &mut WasiSocketsView::sockets(state),
                    family,
                )
                .await;
                Ok((keep(state, made, |s| s.rep(), slots)?,))
            })
        },
    )?;

    let mut tcp_instance = linker.instance(&format!("wasi:sockets/tcp@{VERSION}"))?;
    tcp_instance.func_wrap(
        "[method]tcp-socket.accept",
        |mut store, (listener,): (Resource<TcpSocket>,)| {
            let state: &mut T = store.data_mut();
            // At the limit: EMFILE at once, as Linux's accept(2) takes the descriptor before it
            // waits; a pending connection stays queued.
            let Some(slots) = reserve(state) else {
                return Ok((Err(ErrorCode::NewSocketLimit),));
            };
            let accepted: SocketResult<(
                Resource<TcpSocket>,
                Resource<DynInputStream>,
                Resource<DynOutputStream>,
            )> = tcp::HostTcpSocket::accept(&mut WasiSocketsView::sockets(state), listener);
            let accepted = match keep(state, accepted, |(s, _, _)| s.rep(), slots)? {
                Ok((socket, input, output)) => {
                    let input = make_exact(WasiView::ctx(state).table, input, &socket)?;
                    Ok((socket, input, output))
                }
                Err(code) => Err(code),
            };
            Ok((accepted,))
        },
    )?;
    tcp_instance.func_wrap(
        "[method]tcp-socket.start-connect",
        |mut store,
         (socket, network, remote): (Resource<TcpSocket>, Resource<Network>, IpSocketAddress)| {
            let state: &mut T = store.data_mut();
            let addr = SocketAddr::from(remote);
            if addr.port() == 0 {
                let family = tcp::HostTcpSocket::address_family(
                    &mut WasiSocketsView::sockets(state),
                    Resource::new_borrow(socket.rep()),
                )?;
                if let Some(code) = connect_to_port_zero(state, addr, family) {
                    return Ok((Err(code),));
                }
            }
            let started = tcp::HostTcpSocket::start_connect(
                &mut WasiSocketsView::sockets(state),
                socket,
                network,
                remote,
            );
            Ok((lower(started)?,))
        },
    )?;
    tcp_instance.func_wrap(
        "[method]tcp-socket.finish-connect",
        |mut store, (socket,): (Resource<TcpSocket>,)| {
            let state: &mut T = store.data_mut();
            // A borrow: the same rep names the socket again, as the streams' parent.
            let parent = Resource::<TcpSocket>::new_borrow(socket.rep());
            let connected: SocketResult<(Resource<DynInputStream>, Resource<DynOutputStream>)> =
                tcp::HostTcpSocket::finish_connect(&mut WasiSocketsView::sockets(state), socket);
            let connected = match lower(connected)? {
                Ok((input, output)) => Ok((
                    make_exact(WasiView::ctx(state).table, input, &parent)?,
                    output,
                )),
                Err(code) => Err(code),
            };
            Ok((connected,))
        },
    )?;
    explicit_bind_and_drop!(
        tcp_instance,
        "tcp-socket",
        TcpSocket,
        tcp::HostTcpSocket,
        false
    );
    let mut udp_instance = linker.instance(&format!("wasi:sockets/udp@{VERSION}"))?;
    explicit_bind_and_drop!(
        udp_instance,
        "udp-socket",
        UdpSocket,
        udp::HostUdpSocket,
        true
    );

    let mut lookup = linker.instance(&format!("wasi:sockets/ip-name-lookup@{VERSION}"))?;
    // The lookup is sockbox's own, as socket_addrinfo_lookup()'s: checked, then bounded in
    // time and in lookups in flight (wasmtime-wasi's would queue without bound on the blocking
    // pool every guest shares). The call waits for the answer; the stream only hands it out.
    lookup.resource(
        "resolve-address-stream",
        ResourceType::host::<Lookup>(),
        |mut store, rep| {
            let state: &mut T = store.data_mut();
            WasiView::ctx(state)
                .table
                .delete(Resource::<Lookup>::new_own(rep))?;
            Ok(())
        },
    )?;
    lookup.func_wrap_async(
        "resolve-addresses",
        |mut store, (network, name): (Resource<Network>, String)| {
            Box::new(async move {
                let state: &mut T = store.data_mut();
                // The network handle is the capability, as in wasmtime-wasi.
                WasiView::ctx(state).table.get(&network)?;
                let found = match resolve(SocketsView::sockets(state).ctx, &name).await {
                    Ok(addresses) => addresses,
                    Err(code) => return Ok((Err(code),)),
                };
                let stream = WasiView::ctx(state).table.push(Lookup(found.into_iter()))?;
                Ok((Ok(stream),))
            })
        },
    )?;
    lookup.func_wrap(
        "[method]resolve-address-stream.resolve-next-address",
        |mut store, (stream,): (Resource<Lookup>,)| {
            let state: &mut T = store.data_mut();
            let Lookup(addresses) = WasiView::ctx(state).table.get_mut(&stream)?;
            let next: Result<Option<IpAddress>, ErrorCode> = Ok(addresses.next().map(Into::into));
            Ok((next,))
        },
    )?;
    lookup.func_wrap(
        "[method]resolve-address-stream.subscribe",
        |mut store, (stream,): (Resource<Lookup>,)| {
            let state: &mut T = store.data_mut();
            Ok((wasmtime_wasi::p2::subscribe(
                WasiView::ctx(state).table,
                stream,
            )?,))
        },
    )?;
    Ok(())
}

/// A TCP connect to port 0 of an address the socket could reach: wasi:sockets refuses it as
/// an invalid argument before anything is sent, where Linux sends the SYN and (nothing can
/// listen on port 0) gets `ECONNREFUSED`, which is what programs probe for (PHP's tests ask
/// `tcp://[::1]:0` whether IPv6 works). So it is checked against the connect rule, then refused
/// as Linux would, without a packet. `None`: not that case, wasmtime-wasi decides.
fn connect_to_port_zero<T: SocketsView>(
    state: &mut T,
    addr: SocketAddr,
    family: IpAddressFamily,
) -> Option<ErrorCode> {
    let reachable = match (addr.ip(), family) {
        (std::net::IpAddr::V4(ip), IpAddressFamily::Ipv4) => {
            !ip.is_multicast() && !ip.is_broadcast()
        }
        // IPv6 sockets are IPV6_V6ONLY in wasi:sockets: a mapped IPv4 address is not theirs.
        (std::net::IpAddr::V6(ip), IpAddressFamily::Ipv6) => {
            !ip.is_multicast() && ip.to_ipv4_mapped().is_none()
        }
        _ => false,
    };
    if !reachable || addr.ip().is_unspecified() {
        return None;
    }
    let ctx = state.sockets().ctx;
    Some(match ctx.policy.check_connect(addr, None) {
        Ok(()) => ErrorCode::ConnectionRefused,
        Err(d) => {
            ctx.denials.record(&d);
            ErrorCode::AccessDenied
        }
    })
}

/// The address wasmtime-wasi reports for the kernel's implicit bind: the wildcard, port 0.
fn is_autobind(addr: SocketAddr) -> bool {
    addr.ip().is_unspecified() && addr.port() == 0
}

/// A bind the guest asked for is checked as given, the wildcard address with port 0 included
/// (the hook lets that one through, as it also stands for the kernel's implicit bind). One
/// exception: a UDP socket bound to the wildcard address, port 0, is how `std::net` makes a
/// datagram client (`UdpSocket::bind("0.0.0.0:0")`), the socket a php:sockets `sendto` gets
/// by autobind; it is allowed when the policy allows sending somewhere.
fn check_explicit_bind<T: SocketsView>(
    state: &mut T,
    local: IpSocketAddress,
    udp: bool,
) -> Result<(), ErrorCode> {
    let ctx = state.sockets().ctx;
    let addr = SocketAddr::from(local);
    if udp && is_autobind(addr) && ctx.policy.allows_some_connect() {
        return Ok(());
    }
    ctx.policy.check_bind(addr).map_err(|d| {
        ctx.denials.record(&d);
        ErrorCode::AccessDenied
    })
}

/// A finished name lookup: the addresses `resolve-next-address` hands out, in order.
struct Lookup(std::vec::IntoIter<IpAddr>);

#[wasmtime_wasi::async_trait]
impl wasmtime_wasi::p2::Pollable for Lookup {
    /// The answer is there before the stream is.
    async fn ready(&mut self) {}
}

/// `resolve-addresses`: the name as the URL host parser reads it (IDNA-mapped, lower-cased,
/// percent-escapes undone), as wasmtime-wasi does. A literal address is itself, without a rule
/// or a resolver; `localhost` needs no rule; any other name needs the lookup rule (denied:
/// name-unresolvable, what getaddrinfo says of a name it cannot find, as
/// socket_addrinfo_lookup), then goes to the bounded resolver.
async fn resolve(ctx: &mut SocketsCtx, name: &str) -> Result<Vec<IpAddr>, ErrorCode> {
    let domain = match url::Host::parse(name) {
        Ok(url::Host::Ipv4(ip)) => return Ok(vec![ip.into()]),
        Ok(url::Host::Ipv6(ip)) => return Ok(vec![ip.into()]),
        Ok(url::Host::Domain(domain)) => domain,
        // The URL parser wants IPv6 in brackets; wasi-libc passes it bare.
        Err(_) => match name.parse::<std::net::Ipv6Addr>() {
            Ok(ip) => return Ok(vec![ip.into()]),
            Err(_) => return Err(ErrorCode::InvalidArgument),
        },
    };
    if domain != "localhost" {
        let policy = ctx.policy.check_lookup(&domain);
        let name = CheckTarget::Name(domain.clone());
        if ctx.permit(policy, Operation::Lookup, name).await.is_err() {
            return Err(ErrorCode::NameUnresolvable);
        }
    }
    crate::addrinfo::resolve_ips(ctx, &domain)
        .await
        .map_err(|code| match code {
            libc::EAI_AGAIN => ErrorCode::TemporaryResolverFailure,
            libc::EAI_NONAME | libc::EAI_NODATA => ErrorCode::NameUnresolvable,
            _ => ErrorCode::PermanentResolverFailure,
        })
}

/// A slot in the guest's socket budget and one in the process's descriptor budget, or `None`
/// at either limit.
fn reserve<T: SocketsView>(state: &mut T) -> Option<(crate::fd::Slot, crate::fd::Slot)> {
    state.sockets().ctx.reserve_descriptor().ok()
}

/// Lowers a wasmtime-wasi result and, on success, files the new socket's slots under its rep.
fn keep<T: SocketsView, V>(
    state: &mut T,
    made: SocketResult<V>,
    rep: impl Fn(&V) -> u32,
    slots: (crate::fd::Slot, crate::fd::Slot),
) -> wasmtime::Result<Result<V, ErrorCode>> {
    let made = lower(made)?;
    if let Ok(v) = &made {
        state.sockets().ctx.wasi_sockets.insert(rep(v), slots);
    }
    Ok(made)
}

/// A wasmtime-wasi result as the guest receives it: its error code, or a trap.
fn lower<V>(r: SocketResult<V>) -> wasmtime::Result<Result<V, ErrorCode>> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(e) => e.downcast().map(Err),
    }
}
