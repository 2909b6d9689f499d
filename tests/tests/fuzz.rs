//! Property test of the host implementation: random sequences of php:sockets calls with random
//! arguments, straight against the host traits (the same code guests reach). Arguments come from
//! dictionaries of the dangerous values (`i64::MIN`/`MAX`, negative and huge durations, lengths
//! at and around every cap, every option number at every level the host knows). Checks: no
//! panic, no allocation past the cap (a counting allocator watches every call), no read
//! returning more than the cap, the socket limit held, and the host's real descriptor count
//! back where it was after each case.
//!
//! CI runs a bounded number of cases; a long run: `SOCKBOX_FUZZ_CASES=500000
//! SOCKBOX_FUZZ_STEP_MS=1 cargo test -p sockbox-tests --test fuzz` (docs/security.md).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Records the largest single allocation made while [`MEASURING`] is on.
struct CountingAlloc;

static MEASURING: AtomicBool = AtomicBool::new(false);
static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only observes sizes.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if MEASURING.load(Ordering::Relaxed) {
            LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: the caller's layout is passed through.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: ptr came from System.alloc with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if MEASURING.load(Ordering::Relaxed) {
            LARGEST.fetch_max(new_size, Ordering::Relaxed);
        }
        // SAFETY: as for System.realloc.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// No single allocation a call makes may exceed this (the I/O cap is 4 KiB; the rest is
/// bookkeeping). A read of `i64::MAX` bytes must not come near it.
const ALLOCATION_CAP: usize = 256 << 10;

use proptest::prelude::*;
use sockbox::bindings::php::sockets::events::HostPoller;
use sockbox::bindings::php::sockets::sockets::{Host, HostAddressInfo, HostSocket};
use sockbox::bindings::php::sockets::types::{
    AddrinfoHints, Cmsg, CmsgData, Linger, Message, MsgName, OptionValue, Readiness,
    RecvmsgRequest, Timeval, Ucred,
};
use sockbox::{HostError, Limits, Policy, Sock, SocketsCtx, SocketsCtxView};
use std::time::Duration;
use wasmtime::component::{Resource, ResourceTable};

const CAP: usize = 4096;

/// One call, with the socket it targets given as an index into the sockets made so far (or a
/// handle that was never valid).
#[derive(Debug, Clone)]
enum Op {
    Create(i64, i64, i64),
    Pair(i64),
    Bind(usize, &'static str, i64),
    Listen(usize, i64),
    Connect(usize, &'static str, i64),
    Accept(usize),
    Read(usize, i64, i64),
    Write(usize, Vec<u8>, Option<i64>),
    Recv(usize, i64, i64),
    Send(usize, Vec<u8>, i64, i64),
    Sendto(usize, Vec<u8>, &'static str, i64),
    Recvfrom(usize, i64, i64),
    SetOption(usize, i64, i64, OptionValue),
    GetOption(usize, i64, i64),
    Shutdown(usize, i64),
    SetBlocking(usize, bool),
    Close(usize),
    Drop(usize),
    Select(Vec<usize>, Vec<usize>, Option<i64>, i64),
    Names(usize),
    Strerror(i64),
    WorkingDirectory(String),
    CmsgSpace(i64, i64, i64),
    Errors(Option<usize>),
    Sendmsg(usize, Message, Vec<usize>, i64),
    Recvmsg(usize, RecvmsgRequest, i64),
    Lookup(&'static str, Option<&'static str>, AddrinfoHints),
    NameOf(String),
    UseInfo(usize, u8),
    CreateListen(i64, i64),
    Atmark(usize),
    Export(usize),
    Import(usize),
    DropStream(usize),
    /// `events.poller`: create, then add / modify / remove / wait / drop on poller `.0`.
    NewPoller,
    Watch(usize, usize, u8, u64, u8),
    Wait(usize, u32, Option<u64>),
    DropPoller(usize),
}

/// Integers, weighted to the values that break arithmetic and casts.
fn int() -> impl Strategy<Value = i64> {
    prop_oneof![
        -3i64..12,
        prop::sample::select(vec![
            i64::MAX,
            i64::MIN,
            i64::MAX - 1,
            i64::MIN + 1,
            i64::from(i32::MAX),
            i64::from(i32::MIN),
            i64::from(i32::MAX) + 1,
            i64::from(u32::MAX),
            i64::from(u32::MAX) + 1,
            1 << 40,
            -1 << 40,
            999_999,
            1_000_000,
            -1_000_000,
            65535,
            65536,
        ]),
        // Lengths at and around the caps (the I/O cap is 4096, backlog 4, sockets 6).
        prop::sample::select(vec![4095i64, 4096, 4097, 8192, 100 << 20, (100 << 20) + 1]),
        any::<i64>(),
        0i64..70000
    ]
}

/// Option levels the host knows, and some it does not.
fn level() -> impl Strategy<Value = i64> {
    prop_oneof![
        8 => prop::sample::select(vec![1i64, 0, 6, 17, 41]),
        1 => prop::sample::select(vec![255i64, 263, 282, 999, -1]),
        1 => int(),
    ]
}

/// Every option number up to the kernel's current ones, and extremes.
fn option() -> impl Strategy<Value = i64> {
    prop_oneof![9 => 0i64..100, 1 => int()]
}

fn addr() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "127.0.0.1",
        "::1",
        "0.0.0.0",
        "10.1.2.3",
        "localhost",
        "",
        "not an address",
        "::ffff:127.0.0.1",
        "/tmp/sockbox-fuzz-no-such-dir/s",
        "\0abstract",
        "fe80::1%lo",
    ])
}

fn value() -> impl Strategy<Value = OptionValue> {
    prop_oneof![
        int().prop_map(OptionValue::Int),
        (int(), int()).prop_map(|(a, b)| OptionValue::Linger(Linger {
            l_onoff: a,
            l_linger: b
        })),
        (int(), int()).prop_map(|(a, b)| OptionValue::Timeval(Timeval { sec: a, usec: b })),
        ".{0,20}".prop_map(OptionValue::Text),
    ]
}

fn message() -> impl Strategy<Value = Message> {
    let name = (
        prop::option::of(prop::sample::select(vec![1i64, 2, 10, 99])),
        prop::option::of(addr().prop_map(String::from)),
        prop::option::of(port()),
        prop::option::of(addr().prop_map(String::from)),
    )
        .prop_map(|(family, a, port, path)| MsgName {
            family,
            addr: a,
            port,
            flowinfo: None,
            scope_id: None,
            path,
        });
    let cmsg = (
        prop::sample::select(vec![1i64, 41, 0, 999]),
        prop::sample::select(vec![1i64, 2, 50, 52, 67, 0]),
        prop_oneof![
            prop::collection::vec(0u32..10, 0..4).prop_map(CmsgData::Rights),
            (int(), int(), int()).prop_map(|(pid, uid, gid)| CmsgData::Credentials(Ucred {
                pid,
                uid,
                gid
            })),
            int().prop_map(CmsgData::Int),
        ],
    )
        .prop_map(|(level, type_, data)| Cmsg { level, type_, data });
    (
        prop::option::of(name),
        prop::collection::vec(prop::collection::vec(any::<u8>(), 0..100), 0..4),
        prop::collection::vec(cmsg, 0..3),
    )
        .prop_map(|(name, iov, control)| Message { name, iov, control })
}

fn hints() -> impl Strategy<Value = AddrinfoHints> {
    (
        prop::option::of(int()),
        prop::option::of(int()),
        prop::option::of(int()),
        prop::option::of(prop::sample::select(vec![0i64, 2, 10, 1, -1])),
    )
        .prop_map(
            |(ai_flags, ai_socktype, ai_protocol, ai_family)| AddrinfoHints {
                ai_flags,
                ai_socktype,
                ai_protocol,
                ai_family,
            },
        )
}

fn op() -> impl Strategy<Value = Op> {
    let s = 0usize..8;
    let bytes = prop::collection::vec(any::<u8>(), 0..200);
    prop_oneof![
        4 => (prop::sample::select(vec![1i64, 2, 10, 0, 99]), prop::sample::select(vec![1i64, 2, 3, 5, 2049, 11, -1]), prop::sample::select(vec![0i64, 6, 17, 9999])).prop_map(|(d, t, p)| Op::Create(d, t, p)),
        2 => prop::sample::select(vec![1i64, 2, 5]).prop_map(Op::Pair),
        1 => (s.clone(), addr(), port()).prop_map(|(i, a, p)| Op::Bind(i, a, p)),
        1 => (s.clone(), int()).prop_map(|(i, b)| Op::Listen(i, b)),
        1 => (s.clone(), addr(), port()).prop_map(|(i, a, p)| Op::Connect(i, a, p)),
        1 => s.clone().prop_map(Op::Accept),
        1 => (s.clone(), int(), prop::sample::select(vec![1i64, 2, 99])).prop_map(|(i, l, m)| Op::Read(i, l, m)),
        1 => (s.clone(), bytes.clone(), prop::option::of(int())).prop_map(|(i, b, l)| Op::Write(i, b, l)),
        1 => (s.clone(), int(), int()).prop_map(|(i, l, f)| Op::Recv(i, l, f)),
        1 => (s.clone(), bytes.clone(), int(), int()).prop_map(|(i, b, l, f)| Op::Send(i, b, l, f)),
        1 => (s.clone(), bytes, addr(), port()).prop_map(|(i, b, a, p)| Op::Sendto(i, b, a, p)),
        1 => (s.clone(), int(), int()).prop_map(|(i, l, f)| Op::Recvfrom(i, l, f)),
        2 => (s.clone(), level(), option(), value()).prop_map(|(i, l, o, v)| Op::SetOption(i, l, o, v)),
        2 => (s.clone(), level(), option()).prop_map(|(i, l, o)| Op::GetOption(i, l, o)),
        1 => (s.clone(), int()).prop_map(|(i, m)| Op::Shutdown(i, m)),
        1 => (s.clone(), any::<bool>()).prop_map(|(i, b)| Op::SetBlocking(i, b)),
        1 => s.clone().prop_map(Op::Close),
        1 => s.clone().prop_map(Op::Drop),
        1 => (prop::collection::vec(s.clone(), 0..4), prop::collection::vec(s.clone(), 0..4), prop::option::of(int()), int()).prop_map(|(r, w, t, u)| Op::Select(r, w, t, u)),
        1 => s.clone().prop_map(Op::Names),
        1 => int().prop_map(Op::Strerror),
        1 => prop_oneof![
            prop::sample::select(vec!["/", "/tmp", "rel", "", "/a\0b", "/tmp/sockbox-fuzz-no-such-dir", "/.."]).prop_map(String::from),
            "[/a-z.]{0,40}",
            Just("/x".repeat(3000)),
        ].prop_map(Op::WorkingDirectory),
        1 => (int(), int(), int()).prop_map(|(a, b, c)| Op::CmsgSpace(a, b, c)),
        1 => prop::option::of(s.clone()).prop_map(Op::Errors),
        1 => (s.clone(), message(), prop::collection::vec(s.clone(), 0..3), int()).prop_map(|(i, m, r, f)| Op::Sendmsg(i, m, r, f)),
        1 => (s.clone(), (prop::option::of(int()), prop::option::of(int()), any::<bool>()), int())
            .prop_map(|(i, (buffer_size, controllen, want_name), f)| Op::Recvmsg(i, RecvmsgRequest { buffer_size, controllen, want_name }, f)),
        1 => (addr(), prop::option::of(prop::sample::select(vec!["80", "http", "0", "99999", "x"])), hints()).prop_map(|(a, sv, h)| Op::Lookup(a, sv, h)),
        1 => prop_oneof![addr().prop_map(String::from), "\\PC{0,50}", Just("1".repeat(5000))].prop_map(Op::NameOf),
        1 => (0usize..4, 0u8..4).prop_map(|(i, what)| Op::UseInfo(i, what)),
        1 => (port(), int()).prop_map(|(p, b)| Op::CreateListen(p, b)),
        1 => s.clone().prop_map(Op::Atmark),
        1 => s.clone().prop_map(Op::Export),
        1 => (0usize..4).prop_map(Op::Import),
        1 => (0usize..4).prop_map(Op::DropStream),
        1 => Just(Op::NewPoller),
        2 => (0usize..3, s.clone(), 0u8..3, any::<u64>(), any::<u8>()).prop_map(|(p, i, op, t, r)| Op::Watch(p, i, op, t, r)),
        1 => (0usize..3, prop::sample::select(vec![0u32, 1, 3, u32::MAX]), prop::option::of(prop::sample::select(vec![0u64, 1, 5, u64::MAX]))).prop_map(|(p, m, t)| Op::Wait(p, m, t)),
        1 => (0usize..3).prop_map(Op::DropPoller),
    ]
}

/// A borrowed handle for socket `i`: mostly one the guest holds, sometimes one that was never
/// valid.
fn handle(socks: &[u32], i: usize) -> Resource<Sock> {
    match socks.len() {
        n if n > 0 && i < 7 => Resource::new_borrow(socks[i % n]),
        _ => Resource::new_borrow(10_000 + i as u32),
    }
}

/// A loopback listener the calls can connect to and send datagrams at.
fn target_port() -> i64 {
    static PORT: std::sync::OnceLock<(std::net::TcpListener, std::net::UdpSocket)> =
        std::sync::OnceLock::new();
    let (tcp, _) = PORT.get_or_init(|| {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        (tcp, std::net::UdpSocket::bind(("127.0.0.1", port)).unwrap())
    });
    i64::from(tcp.local_addr().unwrap().port())
}

fn port() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0),
        Just(target_port()),
        1i64..65536,
        Just(-1),
        Just(70000),
        Just(i64::MAX)
    ]
}

/// Handles the calls made so far, by kind.
#[derive(Default)]
struct Held {
    socks: Vec<u32>,
    infos: Vec<u32>,
    /// Exported (input, output) stream pairs.
    streams: Vec<(u32, u32)>,
    pollers: Vec<u32>,
}

async fn step(v: &mut SocketsCtxView<'_>, held: &mut Held, op: Op) -> Result<(), HostError> {
    let Held {
        socks,
        infos,
        streams,
        pollers,
    } = held;
    let h = |i| handle(socks, i);
    // A poller the guest holds, or (with none) a handle that was never valid.
    let poller = |p: usize| Resource::new_borrow(pollers.get(p).copied().unwrap_or(20_000));
    match op {
        Op::NewPoller => pollers.push(HostPoller::create(v).await?.rep()),
        Op::Watch(p, i, op, token, bits) => {
            let all = [
                Readiness::READABLE,
                Readiness::WRITABLE,
                Readiness::PRIORITY,
                Readiness::HANGUP,
                Readiness::ERROR,
            ];
            let interest = (0..all.len())
                .filter(|b| bits & (1 << b) != 0)
                .fold(Readiness::empty(), |acc, b| acc | all[b]);
            match op {
                0 => HostPoller::add(v, poller(p), h(i), token, interest).await?,
                1 => HostPoller::modify(v, poller(p), h(i), token, interest).await?,
                _ => HostPoller::remove(v, poller(p), h(i)).await?,
            }
        }
        Op::Wait(p, max, timeout) => {
            let events = HostPoller::wait(v, poller(p), max, timeout).await?;
            assert!(events.len() <= 6, "more events than sockets");
        }
        Op::DropPoller(p) if p < pollers.len() => {
            let rep = pollers.remove(p);
            HostPoller::drop(v, Resource::new_own(rep)).await?;
        }
        Op::DropPoller(_) => {}
        Op::CreateListen(p, b) => socks.push(Host::create_listen(v, p, b).await?.rep()),
        Op::Atmark(i) => drop(HostSocket::atmark(v, h(i)).await?),
        Op::Export(i) => {
            let (input, output) = HostSocket::export_stream(v, h(i)).await?;
            streams.push((input.rep(), output.rep()));
        }
        Op::Import(i) => {
            let Some(&(input, _)) = streams.get(i) else {
                return Ok(());
            };
            socks.push(
                Host::import_stream(v, Resource::new_borrow(input))
                    .await?
                    .rep(),
            );
        }
        Op::DropStream(i) if i < streams.len() => {
            let (input, output) = streams.remove(i);
            let input: Resource<wasmtime_wasi::p2::DynInputStream> = Resource::new_own(input);
            let output: Resource<wasmtime_wasi::p2::DynOutputStream> = Resource::new_own(output);
            v.table
                .delete(input)
                .map_err(|e| HostError::Trap(e.into()))?;
            v.table
                .delete(output)
                .map_err(|e| HostError::Trap(e.into()))?;
        }
        Op::DropStream(_) => {}
        Op::Create(d, t, p) => socks.push(Host::create(v, d, t, p).await?.rep()),
        Op::Pair(t) => {
            let (a, b) = Host::create_pair(v, 1, t, 0).await?;
            socks.extend([a.rep(), b.rep()]);
        }
        Op::Bind(i, a, p) => HostSocket::bind(v, h(i), a.into(), p).await?,
        Op::Listen(i, b) => HostSocket::listen(v, h(i), b).await?,
        Op::Connect(i, a, p) => HostSocket::connect(v, h(i), a.into(), Some(p)).await?,
        Op::Accept(i) => socks.push(HostSocket::accept(v, h(i)).await?.rep()),
        Op::Read(i, l, m) => assert!(HostSocket::read(v, h(i), l, m).await?.len() <= CAP),
        Op::Write(i, b, l) => {
            HostSocket::write(v, h(i), b, l).await?;
        }
        Op::Recv(i, l, f) => assert!(HostSocket::recv(v, h(i), l, f).await?.data.len() <= CAP),
        Op::Send(i, b, l, f) => {
            HostSocket::send(v, h(i), b, l, f).await?;
        }
        Op::Sendto(i, b, a, p) => {
            HostSocket::sendto(v, h(i), b, 200, 0, a.into(), Some(p)).await?;
        }
        Op::Recvfrom(i, l, f) => {
            assert!(HostSocket::recvfrom(v, h(i), l, f).await?.data.len() <= CAP)
        }
        Op::SetOption(i, l, o, val) => HostSocket::set_option(v, h(i), l, o, val).await?,
        Op::GetOption(i, l, o) => drop(HostSocket::get_option(v, h(i), l, o).await?),
        Op::Shutdown(i, m) => HostSocket::shutdown(v, h(i), m).await?,
        Op::SetBlocking(i, true) => HostSocket::set_block(v, h(i))?,
        Op::SetBlocking(i, false) => HostSocket::set_nonblock(v, h(i))?,
        Op::Close(i) => HostSocket::close(v, h(i)).await?,
        Op::Drop(i) if i < socks.len() => {
            let rep = socks.remove(i);
            HostSocket::drop(v, Resource::new_own(rep)).await?;
        }
        Op::Drop(_) => {}
        Op::Select(r, w, t, u) => {
            let sets = |ix: Vec<usize>| ix.into_iter().map(|i| h(i).rep()).collect();
            drop(Host::select(v, sets(r), sets(w), vec![], t, u).await?);
        }
        Op::Names(i) => {
            drop(HostSocket::getsockname(v, h(i)).await);
            drop(HostSocket::getpeername(v, h(i)).await?);
        }
        Op::Strerror(c) => drop(Host::strerror(v, c)?),
        Op::WorkingDirectory(path) => Host::working_directory(v, path)?,
        Op::CmsgSpace(a, b, c) => {
            Host::cmsg_space(v, a, b, c)?;
        }
        Op::Sendmsg(i, m, rights, f) => {
            let rights = rights.into_iter().map(h).collect();
            HostSocket::sendmsg(v, h(i), m, rights, f).await?;
        }
        Op::Recvmsg(i, req, f) => {
            let (msg, received) = HostSocket::recvmsg(v, h(i), req, f).await?;
            assert!(
                msg.iov.iter().map(Vec::len).sum::<usize>() <= CAP,
                "recvmsg past the cap"
            );
            socks.extend(received.iter().map(Resource::rep));
        }
        Op::Lookup(host, service, hints) => {
            if let Ok(found) =
                Host::addrinfo_lookup(v, host.into(), service.map(Into::into), hints).await?
            {
                infos.extend(found.iter().map(Resource::rep));
            }
        }
        Op::NameOf(address) => {
            // The policy allows no lookup: only the loopback addresses have a name.
            let r = Host::name_of_address(v, address.clone()).await?;
            let loopback = address.parse::<std::net::IpAddr>().is_ok_and(|ip| {
                ip == std::net::Ipv4Addr::LOCALHOST || ip == std::net::Ipv6Addr::LOCALHOST
            });
            assert_eq!(r.is_ok(), loopback, "{address:?}: {r:?}");
        }
        Op::UseInfo(i, what) => {
            let Some(&rep) = infos.get(i) else {
                return Ok(());
            };
            match what {
                0 => socks.push(
                    HostAddressInfo::connect(v, Resource::new_borrow(rep))
                        .await?
                        .rep(),
                ),
                1 => socks.push(
                    HostAddressInfo::bind(v, Resource::new_borrow(rep))
                        .await?
                        .rep(),
                ),
                2 => drop(HostAddressInfo::explain(v, Resource::new_borrow(rep)).await?),
                _ => {
                    infos.remove(i);
                    HostAddressInfo::drop(v, Resource::new_own(rep)).await?;
                }
            }
        }
        Op::Errors(i) => {
            let s = i.map(h);
            Host::last_error(v, s)?;
            Host::clear_error(v, i.map(h))?;
        }
    }
    Ok(())
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn run(ops: Vec<Op>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let policy = Policy::deny_all()
            .allow_connect("127.0.0.0/8:*")
            .unwrap()
            .allow_bind("127.0.0.1:*")
            .unwrap()
            .allow_bind("[::1]:*")
            .unwrap();
        let mut ctx = SocketsCtx::new(policy).with_limits(
            Limits::default()
                .max_sockets(6)
                .max_io_bytes(CAP)
                .max_select(8)
                .max_backlog(4)
                .max_lookups(2),
        );
        let mut table = ResourceTable::new();
        let mut held = Held::default();
        for op in ops {
            let mut v = SocketsCtxView {
                ctx: &mut ctx,
                table: &mut table,
            };
            // Blocking calls may wait forever (as natively); a guest would be stopped by its
            // deadline, which drops the call like this timeout does.
            MEASURING.store(true, Ordering::Relaxed);
            let _ = tokio::time::timeout(step_time(), step(&mut v, &mut held, op)).await;
            MEASURING.store(false, Ordering::Relaxed);
            assert!(ctx.open_sockets() <= 6, "socket limit exceeded");
            let largest = LARGEST.swap(0, Ordering::Relaxed);
            assert!(
                largest <= ALLOCATION_CAP,
                "one call allocated {largest} bytes"
            );
        }
    });
}

/// How long one call may wait before it is dropped (`SOCKBOX_FUZZ_STEP_MS`, default 20).
fn step_time() -> Duration {
    let ms = std::env::var("SOCKBOX_FUZZ_STEP_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    Duration::from_millis(ms)
}

fn cases() -> u32 {
    std::env::var("SOCKBOX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_call_sequences_never_panic_leak_or_overallocate(ops in prop::collection::vec(op(), 1..40)) {
        let before = open_fds();
        run(ops);
        let after = open_fds();
        prop_assert!(after <= before, "descriptors leaked: {} before, {} after", before, after);
    }
}
