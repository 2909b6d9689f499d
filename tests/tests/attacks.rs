//! Hostile calls against narrow policies, written from the kernel's side: what bytes and
//! addresses the kernel really uses, what a root host would lend, and what an unprivileged
//! process gets instead. Calls go straight to the host traits (the code a guest reaches) on a
//! single-threaded runtime, as the CLI runs guests; every wait is bounded.

use sockbox::bindings::php::sockets::sockets::{Host, HostSocket};
use sockbox::bindings::php::sockets::types::{Error as WitError, Linger, OptionValue};
use sockbox::policy::Operation;
use sockbox::{HostError, Limits, Policy};
use sockbox_tests::{HostGuest, PEER_DEADLINE, R, TempDir, h};
use socket2::{Domain, SockAddr, Socket, Type};
use std::future::Future;
use std::net::SocketAddr;
use std::ops::Not;
use std::time::{Duration, Instant};
use wasmtime::component::Resource;

type Guest = HostGuest;

/// The errno of a failed call (panics on success or another kind of error).
fn errno<T: std::fmt::Debug>(r: R<T>) -> i32 {
    match r {
        Err(HostError::Php(WitError::Errno(code))) => code,
        other => panic!("expected an errno, got {other:?}"),
    }
}

/// Runs `f` on a fresh single-threaded runtime, bounded by 60 s: a bound for hangs only, with
/// room for a debug build on a loaded machine.
fn block_on<F: Future>(f: F) -> F::Output {
    sockbox_tests::block_on_bounded(Duration::from_secs(60), f)
}

fn unix_listener(path: &std::path::Path) -> Socket {
    let l = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
    l.bind(&SockAddr::unix(path).unwrap()).unwrap();
    l.listen(8).unwrap();
    l.set_nonblocking(true).unwrap();
    l
}

/// Whether anyone connected to a (non-blocking) listener.
fn was_reached(l: &Socket) -> bool {
    l.accept().is_ok()
}

/// Whether anyone reaches a (non-blocking) listener within [`PEER_DEADLINE`]: a connect that
/// returned may show in the accept queue a moment later.
fn is_reached_soon(l: &Socket) -> bool {
    let start = Instant::now();
    while !was_reached(l) {
        if start.elapsed() > PEER_DEADLINE {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

fn tcp_listener(addr: &str) -> (Socket, u16) {
    let sa: SocketAddr = addr.parse().unwrap();
    let l = Socket::new(Domain::for_address(sa), Type::STREAM, None).unwrap();
    l.bind(&sa.into()).unwrap();
    l.listen(8).unwrap();
    l.set_nonblocking(true).unwrap();
    let port = l.local_addr().unwrap().as_socket().unwrap().port();
    (l, port)
}

#[test]
fn a_trailing_nul_cannot_smuggle_a_symlink_out_of_the_allowed_directory() {
    let (allowed, outside) = (TempDir::new("atk-in"), TempDir::new("atk-out"));
    let target = outside.path().join("secret.sock");
    let listener = unix_listener(&target);
    std::os::unix::fs::symlink(&target, allowed.path().join("link")).unwrap();
    let mut g = Guest::new(Policy::deny_all().allow_unix(allowed.path()).unwrap());
    block_on(async {
        for path in ["link\0", "link\0x", "link"] {
            let s = g.create(libc::AF_UNIX, libc::SOCK_STREAM, 0).await.unwrap();
            let full = format!("{}/{path}", allowed.str());
            assert_eq!(
                errno(g.connect(s, &full, 0).await),
                libc::EACCES,
                "{path:?}"
            );
        }
    });
    assert!(!was_reached(&listener), "the socket outside was reached");
}

#[test]
fn a_bind_path_is_checked_as_the_kernel_cuts_it() {
    let allowed = TempDir::new("atk-bind");
    let mut g = Guest::new(Policy::deny_all().allow_unix(allowed.path()).unwrap());
    block_on(async {
        let s = g.create(libc::AF_UNIX, libc::SOCK_STREAM, 0).await.unwrap();
        let path = format!("{}/a.sock\0/../../escape", allowed.str());
        g.bind(s, &path, 0).await.unwrap();
        assert_eq!(
            g.local_name(s).await.unwrap(),
            format!("{}/a.sock", allowed.str())
        );
    });
    assert!(allowed.path().join("a.sock").exists());
}

#[test]
fn a_missing_directory_inside_an_allowed_one_fails_as_natively() {
    let allowed = TempDir::new("atk-missing");
    let mut g = Guest::new(Policy::deny_all().allow_unix(allowed.path()).unwrap());
    block_on(async {
        let s = g.create(libc::AF_UNIX, libc::SOCK_STREAM, 0).await.unwrap();
        let inside = format!("{}/no/such/dir/s.sock", allowed.str());
        assert_eq!(errno(g.bind(s, &inside, 0).await), libc::ENOENT);
        // Outside, existence is not revealed.
        assert_eq!(
            errno(g.bind(s, "/no/such/dir/s.sock", 0).await),
            libc::EACCES
        );
        // An empty address is too short for the kernel, whatever the policy.
        assert_eq!(errno(g.connect(s, "", 0).await), libc::EINVAL);
    });
}

#[test]
fn a_kernel_picked_abstract_name_cannot_listen_without_an_abstract_rule() {
    let allowed = TempDir::new("atk-autobind");
    let policy = Policy::deny_all().allow_unix(allowed.path()).unwrap();
    let mut g = Guest::new(policy);
    block_on(async {
        let s = g.create(libc::AF_UNIX, libc::SOCK_STREAM, 0).await.unwrap();
        g.set(s, libc::SOL_SOCKET, libc::SO_PASSCRED, OptionValue::Int(1))
            .await
            .unwrap();
        // SO_PASSCRED makes the kernel name the socket on connect, even one that fails (here:
        // the path is a plain file, not a socket).
        let file = allowed.path().join("not-a-socket");
        std::fs::write(&file, b"").unwrap();
        let r = g.connect(s, file.to_str().unwrap(), 0).await;
        assert_eq!(errno(r), libc::ECONNREFUSED);
        let name = g.local_name(s).await.unwrap();
        assert!(
            name.starts_with('\0'),
            "autobound to an abstract name: {name:?}"
        );
        let r = HostSocket::listen(&mut g.v(), h(s), 5).await;
        assert_eq!(errno(r), libc::EACCES);
        // bind() with no name asks the kernel for one: only a `*` rule allows that.
        let s = g.create(libc::AF_UNIX, libc::SOCK_DGRAM, 0).await.unwrap();
        assert_eq!(errno(g.bind(s, "", 0).await), libc::EACCES);
    });
    let mut g = Guest::new(Policy::deny_all().allow_abstract("*").unwrap());
    block_on(async {
        let s = g.create(libc::AF_UNIX, libc::SOCK_DGRAM, 0).await.unwrap();
        g.bind(s, "", 0).await.unwrap();
        assert!(g.local_name(s).await.unwrap().starts_with('\0'));
    });
}

#[test]
fn the_unspecified_destination_is_matched_as_the_address_linux_uses() {
    let (l2, port2) = tcp_listener("127.0.0.2:0");
    let (l1, port1) = tcp_listener("127.0.0.1:0");
    let policy = Policy::deny_all()
        .allow_connect("127.0.0.1:*")
        .unwrap()
        .allow_bind("127.0.0.2:*")
        .unwrap();
    let mut g = Guest::new(policy);
    block_on(async {
        // Bound to 127.0.0.2, a connect to 0.0.0.0 goes to 127.0.0.2: not allowed.
        let s = g.create(libc::AF_INET, libc::SOCK_STREAM, 0).await.unwrap();
        g.bind(s, "127.0.0.2", 0).await.unwrap();
        assert_eq!(
            errno(g.connect(s, "0.0.0.0", port2.into()).await),
            libc::EACCES
        );
        let u = g.create(libc::AF_INET, libc::SOCK_DGRAM, 0).await.unwrap();
        g.bind(u, "127.0.0.2", 0).await.unwrap();
        let r = HostSocket::sendto(
            &mut g.v(),
            h(u),
            b"x".to_vec(),
            1,
            0,
            "0.0.0.0".into(),
            Some(9),
        )
        .await;
        assert_eq!(errno(r), libc::EACCES);
        // Unbound, it goes to 127.0.0.1: allowed, and that is where it lands.
        let s = g.create(libc::AF_INET, libc::SOCK_STREAM, 0).await.unwrap();
        g.connect(s, "0.0.0.0", port1.into()).await.unwrap();
    });
    assert!(!was_reached(&l2), "127.0.0.2 was reached");
    assert!(is_reached_soon(&l1));
}

#[test]
fn a_dual_stack_bind_needs_both_any_addresses() {
    let policy = Policy::deny_all().allow_bind("[::]:*").unwrap();
    let mut g = Guest::new(policy);
    block_on(async {
        let s = g
            .create(libc::AF_INET6, libc::SOCK_STREAM, 0)
            .await
            .unwrap();
        assert_eq!(errno(g.bind(s, "::", 0).await), libc::EACCES);
        g.set(
            s,
            libc::IPPROTO_IPV6,
            libc::IPV6_V6ONLY,
            OptionValue::Int(1),
        )
        .await
        .unwrap();
        g.bind(s, "::", 0).await.unwrap();
    });
}

#[test]
fn privileged_socket_kinds_are_refused_before_the_kernel_sees_them() {
    let mut g = Guest::new(Policy::deny_all());
    block_on(async {
        // SOCK_PACKET on AF_INET is a packet socket: it would read every frame as root.
        for protocol in [0, 0x0300] {
            let r = g.create(libc::AF_INET, 10, protocol).await;
            assert_eq!(errno(r), libc::EPERM);
        }
        // Type flags do not hide a type.
        let r = g
            .create(
                libc::AF_INET,
                libc::SOCK_RAW | libc::SOCK_NONBLOCK,
                libc::IPPROTO_ICMP,
            )
            .await;
        assert_eq!(errno(r), libc::EPERM);
        // Raw protocol 0 is refused by the kernel itself, for everyone.
        let r = g.create(libc::AF_INET, libc::SOCK_RAW, 0).await;
        assert_eq!(errno(r), libc::EPROTONOSUPPORT);
        // Kinds off the allow-list never reach the guest, whatever the kernel would do.
        for (ty, protocol) in [
            (libc::SOCK_DGRAM, libc::IPPROTO_ICMP),
            (libc::SOCK_STREAM, 132),
            (libc::SOCK_STREAM, 262),
        ] {
            let r = g.create(libc::AF_INET, ty, protocol).await;
            assert!(r.is_err(), "type {ty} protocol {protocol} was created");
        }
        // AF_UNIX + SOCK_RAW is an ordinary datagram socket an unprivileged process may make.
        let s = g.create(libc::AF_UNIX, libc::SOCK_RAW, 0).await.unwrap();
        let ty = g.get(s, libc::SOL_SOCKET, libc::SO_TYPE).await.unwrap();
        assert!(matches!(ty, OptionValue::Int(t) if t == i64::from(libc::SOCK_DGRAM)));
    });
}

#[test]
fn options_need_what_an_unprivileged_process_needs() {
    let mut g = Guest::new(Policy::deny_all());
    block_on(async {
        let s = g.create(libc::AF_INET, libc::SOCK_STREAM, 0).await.unwrap();
        let int = OptionValue::Int;
        let cases = [
            (
                libc::SOL_SOCKET,
                libc::SO_RCVBUFFORCE,
                int(1 << 20),
                Some(libc::EPERM),
            ),
            (
                libc::SOL_SOCKET,
                libc::SO_SNDBUFFORCE,
                int(1 << 20),
                Some(libc::EPERM),
            ),
            (
                libc::SOL_SOCKET,
                libc::SO_PRIORITY,
                int(7),
                Some(libc::EPERM),
            ),
            (libc::SOL_SOCKET, libc::SO_PRIORITY, int(6), None),
            (libc::SOL_SOCKET, libc::SO_MARK, int(1), Some(libc::EPERM)),
            (
                libc::SOL_SOCKET,
                libc::SO_ATTACH_BPF,
                int(3),
                Some(libc::ENOPROTOOPT),
            ),
            (libc::SOL_SOCKET, 77, int(0), Some(libc::ENOPROTOOPT)),
            (libc::SOL_SOCKET, 9999, int(0), Some(libc::ENOPROTOOPT)),
            (
                libc::IPPROTO_TCP,
                libc::TCP_CONGESTION,
                OptionValue::Text("sockbox-none".into()),
                Some(libc::ENOENT),
            ),
            (
                libc::IPPROTO_TCP,
                libc::TCP_CONGESTION,
                OptionValue::Text("reno".into()),
                None,
            ),
        ];
        for (level, option, value, want) in cases {
            let r = g.set(s, level, option, value.clone()).await;
            match want {
                Some(code) => {
                    assert!(r.is_err(), "set {level}/{option} {value:?} was allowed");
                    assert_eq!(errno(r), code, "set {level}/{option} {value:?}");
                }
                None => r.unwrap_or_else(|e| panic!("set {level}/{option} {value:?}: {e:?}")),
            }
        }
        // Reading SO_PEERPIDFD would install a pidfd in the host.
        assert_eq!(
            errno(g.get(s, libc::SOL_SOCKET, 77).await),
            libc::ENOPROTOOPT
        );
    });
    let mut g = Guest::new(Policy::deny_all().allow_privileged_options());
    block_on(async {
        let s = g.create(libc::AF_INET, libc::SOCK_STREAM, 0).await.unwrap();
        // Still never: the number would name one of the host's descriptors.
        let r = g
            .set(
                s,
                libc::SOL_SOCKET,
                libc::SO_ATTACH_BPF,
                OptionValue::Int(0),
            )
            .await;
        assert_eq!(errno(r), libc::ENOPROTOOPT);
    });
}

#[test]
fn a_negative_backlog_is_the_largest_the_limit_allows() {
    let limits = Limits::default().max_backlog(1);
    let mut g = Guest::with_limits(
        Policy::deny_all().allow_bind("127.0.0.1:*").unwrap(),
        limits,
    );
    let port = block_on(async {
        let s = g.create(libc::AF_INET, libc::SOCK_STREAM, 0).await.unwrap();
        g.bind(s, "127.0.0.1", 0).await.unwrap();
        HostSocket::listen(&mut g.v(), h(s), -1).await.unwrap();
        HostSocket::getsockname(&mut g.v(), h(s))
            .await
            .unwrap()
            .port
            .unwrap()
    });
    // A backlog of 1 queues two connections; the kernel drops the SYNs of the rest.
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut done = 0;
    let mut clients = Vec::new();
    for _ in 0..5 {
        let c = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        if c.connect_timeout(&addr.into(), Duration::from_millis(300))
            .is_ok()
        {
            done += 1;
        }
        clients.push(c);
    }
    assert!(done <= 2, "{done} connections queued on a backlog of 1");
}

#[test]
fn select_with_the_largest_timeout_waits_without_panicking() {
    let mut g = Guest::new(Policy::deny_all());
    block_on(async {
        let (a, _b) = Host::create_pair(&mut g.v(), 1, 1, 0).await.unwrap();
        let mut v = g.v();
        for (sec, usec) in [(i64::MAX, 999_999), (i64::MAX / 2, i64::MAX)] {
            let select = Host::select(&mut v, vec![a.rep()], vec![], vec![], Some(sec), usec);
            // Nothing is ready: it waits (here, until the test stops waiting).
            assert!(
                tokio::time::timeout(Duration::from_millis(100), select)
                    .await
                    .is_err()
            );
        }
    });
}

#[test]
fn select_refuses_ids_that_name_no_socket_of_the_guest() {
    // `select` takes `socket.id` numbers, which a guest may forge: one naming nothing, a
    // dropped socket or another kind of resource (an events.poller) is select's EBADF, recorded
    // as socket_last_error(), never a trap or another resource used as a socket.
    use sockbox::bindings::php::sockets::events::HostPoller;
    let mut g = Guest::new(Policy::deny_all());
    block_on(async {
        let (a, b) = Host::create_pair(&mut g.v(), 1, 1, 0).await.unwrap();
        let poller = HostPoller::create(&mut g.v()).await.unwrap();
        let dropped = b.rep();
        HostSocket::drop(&mut g.v(), Resource::new_own(dropped))
            .await
            .unwrap();
        for forged in [dropped, poller.rep(), a.rep() + 1000, u32::MAX] {
            let mut v = g.v();
            let ids = || vec![a.rep(), forged];
            for sets in [
                [ids(), vec![], vec![]],
                [vec![], ids(), vec![]],
                [vec![], vec![], ids()],
            ] {
                let [r, w, e] = sets;
                Host::clear_error(&mut v, None).unwrap();
                let got = Host::select(&mut v, r, w, e, Some(0), 0).await;
                assert_eq!(errno(got), libc::EBADF, "id {forged}");
                assert_eq!(Host::last_error(&mut v, None).unwrap(), libc::EBADF);
            }
        }
        // The guest's own socket still selects (writable at once).
        let ready = Host::select(&mut g.v(), vec![], vec![a.rep()], vec![], Some(0), 0).await;
        assert_eq!(ready.unwrap().write, [0]);
    });
}

#[test]
fn a_lingering_close_does_not_hold_the_reactor() {
    // A peer that never reads and has a small window, so the guest's data cannot leave and
    // close(2) lingers (php-cli's close blocks for the whole linger here).
    let l = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    l.set_recv_buffer_size(4096).unwrap();
    l.bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    l.listen(1).unwrap();
    let port = l.local_addr().unwrap().as_socket().unwrap().port();
    let mut g = Guest::new(Policy::deny_all().allow_connect("127.0.0.1:*").unwrap());
    block_on(async {
        let s = g.create(libc::AF_INET, libc::SOCK_STREAM, 0).await.unwrap();
        g.set(s, libc::SOL_SOCKET, libc::SO_SNDBUF, OptionValue::Int(4096))
            .await
            .unwrap();
        g.connect(s, "127.0.0.1", port.into()).await.unwrap();
        let _peer = l.accept().unwrap();
        HostSocket::set_nonblock(&mut g.v(), h(s)).unwrap();
        let chunk = vec![0u8; 1 << 16];
        // Until the window stays shut.
        for _ in 0..5 {
            while HostSocket::write(&mut g.v(), h(s), chunk.clone(), None)
                .await
                .is_ok()
            {}
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let linger = OptionValue::Linger(Linger {
            l_onoff: 1,
            l_linger: 3,
        });
        g.set(s, libc::SOL_SOCKET, libc::SO_LINGER, linger)
            .await
            .unwrap();
        // Timers keep firing while the guest's close waits out its linger.
        let ticks = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = ticks.clone();
        let ticker = async move {
            loop {
                tokio::time::sleep(Duration::from_millis(10)).await;
                counter.set(counter.get() + 1);
            }
        };
        let start = Instant::now();
        let mut v = g.v();
        let close = HostSocket::close(&mut v, h(s));
        tokio::select! {
            r = close => panic!("close returned before its linger: {r:?} after {:?}", start.elapsed()),
            _ = ticker => {}
            _ = tokio::time::sleep(Duration::from_millis(300)) => {}
        }
        // Loose for a loaded machine; a blocked reactor shows no ticks, and the 3-s linger.
        assert!(
            start.elapsed() < Duration::from_millis(2500),
            "the reactor was blocked"
        );
        assert!(ticks.get() >= 3, "only {} ticks in 300 ms", ticks.get());
    });
}

/// The oracle: php-cli run as `nobody` on this host says what an unprivileged process gets for
/// each privileged kind and option; sockbox, running as root, must give the guest the same.
#[test]
fn a_root_host_lends_the_guest_nothing_an_unprivileged_process_lacks() {
    if is_root().not() || which("setpriv").is_none() {
        eprintln!("skipped: needs root and setpriv to run php-cli as nobody");
        return;
    }
    let script = sockbox_tests::root().join("tests/php/unprivileged.php");
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "php"])
        .arg(&script)
        .output()
        .expect("php-cli");
    let native = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(native.lines().count() > 20, "{native}");
    let mut g = Guest::new(Policy::deny_all().allow_seqpacket());
    let ours = block_on(async {
        let mut lines = String::new();
        let mut line = |label: &str, r: Result<(), HostError>| {
            let shown = match r {
                Ok(()) => "ok".to_string(),
                Err(e) => errno::<()>(Err(e)).to_string(),
            };
            lines.push_str(&format!("{label}: {shown}\n"));
        };
        let kinds = [
            ("packet", libc::AF_INET, 10, 0),
            ("packet all", libc::AF_INET, 10, 0x0300),
            ("raw icmp", libc::AF_INET, libc::SOCK_RAW, 1),
            ("raw 0", libc::AF_INET, libc::SOCK_RAW, 0),
            ("raw6 icmp", libc::AF_INET6, libc::SOCK_RAW, 58),
            ("unix raw", libc::AF_UNIX, libc::SOCK_RAW, 0),
            ("unix seqpacket", libc::AF_UNIX, libc::SOCK_SEQPACKET, 0),
            ("inet seqpacket", libc::AF_INET, libc::SOCK_SEQPACKET, 0),
            ("unix bad protocol", libc::AF_UNIX, libc::SOCK_STREAM, 7),
        ];
        for (label, d, t, p) in kinds {
            let r = g.create(d, t, p).await.map(drop);
            line(label, r);
        }
        let s = g.create(libc::AF_INET, libc::SOCK_STREAM, 0).await.unwrap();
        let options = [
            ("rcvbufforce", libc::SOL_SOCKET, 33, 1 << 20),
            ("sndbufforce", libc::SOL_SOCKET, 32, 1 << 20),
            ("priority 7", libc::SOL_SOCKET, 12, 7),
            ("priority 6", libc::SOL_SOCKET, 12, 6),
            ("priority -1", libc::SOL_SOCKET, 12, -1),
            ("mark", libc::SOL_SOCKET, 36, 1),
            ("busy poll 50", libc::SOL_SOCKET, 46, 50),
            ("busy poll 0", libc::SOL_SOCKET, 46, 0),
            ("debug", libc::SOL_SOCKET, libc::SO_DEBUG, 1),
            ("unknown", libc::SOL_SOCKET, 9999, 0),
            ("ip transparent", 0, 19, 1),
            ("tcp repair", libc::IPPROTO_TCP, 19, 1),
            ("reuseaddr", libc::SOL_SOCKET, libc::SO_REUSEADDR, 1),
        ];
        for (label, level, option, value) in options {
            let r = g.set(s, level, option, OptionValue::Int(value)).await;
            line(label, r);
        }
        let available =
            std::fs::read_to_string("/proc/sys/net/ipv4/tcp_available_congestion_control").unwrap();
        for cc in available.split_whitespace().chain(["sockbox-none"]) {
            let r = g
                .set(
                    s,
                    libc::IPPROTO_TCP,
                    libc::TCP_CONGESTION,
                    OptionValue::Text(cc.into()),
                )
                .await;
            line(&format!("congestion {cc}"), r);
        }
        // Options the allow-list grants, set and read back as an unprivileged process may.
        let u4 = g
            .create(libc::AF_INET, libc::SOCK_DGRAM, libc::IPPROTO_UDP)
            .await
            .unwrap();
        let u6 = g
            .create(libc::AF_INET6, libc::SOCK_DGRAM, libc::IPPROTO_UDP)
            .await
            .unwrap();
        let granted = [
            ("ip origdstaddr", u4, libc::IPPROTO_IP, 20, 1),
            ("ip minttl", u4, libc::IPPROTO_IP, 21, 10),
            ("ip checksum", u4, libc::IPPROTO_IP, 23, 1),
            ("ip passsec", u4, libc::IPPROTO_IP, 18, 1),
            ("ip recvfragsize", u4, libc::IPPROTO_IP, 25, 1),
            ("ipv6 flowinfo", u6, libc::IPPROTO_IPV6, 11, 1),
            ("ipv6 recvhopopts", u6, libc::IPPROTO_IPV6, 53, 1),
            ("ipv6 recvrthdr", u6, libc::IPPROTO_IPV6, 56, 1),
            ("ipv6 recvdstopts", u6, libc::IPPROTO_IPV6, 58, 1),
            ("ipv6 addr preferences", u6, libc::IPPROTO_IPV6, 72, 1),
            ("ipv6 minhopcount", u6, libc::IPPROTO_IPV6, 73, 10),
            ("ipv6 origdstaddr", u6, libc::IPPROTO_IPV6, 74, 1),
            ("ipv6 recvfragsize", u6, libc::IPPROTO_IPV6, 77, 1),
            ("ipv6 freebind", u6, libc::IPPROTO_IPV6, 78, 1),
        ];
        for (label, s, level, option, value) in granted {
            let shown = match g.set(s, level, option, OptionValue::Int(value)).await {
                Ok(()) => match g.get(s, level, option).await {
                    Ok(OptionValue::Int(n)) => format!("ok {n}"),
                    other => format!("ok {other:?}"),
                },
                Err(e) => errno::<()>(Err(e)).to_string(),
            };
            lines.push_str(&format!("{label}: {shown}\n"));
        }
        lines
    });
    assert_eq!(
        ours, native,
        "sockbox as root (left), php-cli as nobody (right)"
    );
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

fn which(tool: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(tool))
            .find(|p| p.exists())
    })
}

#[test]
fn a_symlink_swapped_between_check_and_use_cannot_redirect_a_bind_or_connect() {
    // Another process flips `allowed/link` between a directory inside and one outside, as fast
    // as it can, while the guest binds and connects through it.
    let (allowed, outside) = (TempDir::new("atk-race-in"), TempDir::new("atk-race-out"));
    let inside = allowed.path().join("real");
    std::fs::create_dir(&inside).unwrap();
    let listener = unix_listener(&outside.path().join("l.sock"));
    let _inside_listener = unix_listener(&inside.join("l.sock"));
    let link = allowed.path().join("link");
    std::os::unix::fs::symlink(&inside, &link).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (stop, link) = (stop.clone(), link.clone());
        let (a, b) = (inside.clone(), outside.path().to_path_buf());
        let tmp = allowed.path().join("tmp-link");
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for target in [&b, &a] {
                    let _ = std::fs::remove_file(&tmp);
                    std::os::unix::fs::symlink(target, &tmp).unwrap();
                    std::fs::rename(&tmp, &link).unwrap();
                }
            }
        })
    };
    let mut g = Guest::new(Policy::deny_all().allow_unix(allowed.path()).unwrap());
    block_on(async {
        for i in 0..3000 {
            let s = g.create(libc::AF_UNIX, libc::SOCK_DGRAM, 0).await.unwrap();
            let _ = g
                .bind(s, &format!("{}/link/s{i}.sock", allowed.str()), 0)
                .await;
            HostSocket::drop(&mut g.v(), Resource::new_own(s))
                .await
                .unwrap();
            // Non-blocking: the listener inside never accepts, and its backlog fills.
            let c = g
                .create(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_NONBLOCK, 0)
                .await
                .unwrap();
            let _ = g
                .connect(c, &format!("{}/link/l.sock", allowed.str()), 0)
                .await;
            HostSocket::drop(&mut g.v(), Resource::new_own(c))
                .await
                .unwrap();
        }
    });
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
    let escaped: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "l.sock")
        .collect();
    assert!(escaped.is_empty(), "sockets created outside: {escaped:?}");
    assert!(!was_reached(&listener), "the listener outside was reached");
}

#[test]
fn accept_rules_see_ipv4_peers_of_a_dual_stack_listener_as_ipv4() {
    // A peer reaching an IPv6 listener over IPv4 appears as ::ffff:a.b.c.d: it must be matched
    // against the IPv4 accept rules, not slip past them.
    let policy = Policy::deny_all()
        .allow_bind("[::]:*")
        .unwrap()
        .allow_bind("0.0.0.0:*")
        .unwrap()
        .allow_accept("127.0.0.1:*")
        .unwrap();
    let mut g = Guest::new(policy);
    block_on(async {
        let l = g
            .create(libc::AF_INET6, libc::SOCK_STREAM, 0)
            .await
            .unwrap();
        g.bind(l, "::", 0).await.unwrap();
        HostSocket::listen(&mut g.v(), h(l), 4).await.unwrap();
        HostSocket::set_nonblock(&mut g.v(), h(l)).unwrap();
        let port = HostSocket::getsockname(&mut g.v(), h(l))
            .await
            .unwrap()
            .port
            .unwrap();
        let to: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let client = |from: &str| {
            let c = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
            c.bind(&format!("{from}:0").parse::<SocketAddr>().unwrap().into())
                .unwrap();
            c.connect_timeout(&to.into(), Duration::from_secs(2))
                .unwrap();
            c
        };
        // A peer whose connect returned may reach the accept queue a moment later: accepts are
        // retried (for at most PEER_DEADLINE) until the refused peer is counted, and then
        // until the allowed one is in.
        let start = Instant::now();
        let _refused = client("127.0.0.2");
        loop {
            let r = HostSocket::accept(&mut g.v(), h(l)).await;
            assert_eq!(errno(r), libc::EAGAIN, "127.0.0.2 was accepted");
            if g.ctx.denials().get(&Operation::Accept) == Some(&1) {
                break;
            }
            assert!(
                start.elapsed() < PEER_DEADLINE,
                "the refused peer never came"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let _allowed = client("127.0.0.1");
        while let Err(e) = HostSocket::accept(&mut g.v(), h(l)).await {
            assert_eq!(errno::<()>(Err(e)), libc::EAGAIN);
            assert!(
                start.elapsed() < PEER_DEADLINE,
                "127.0.0.1 was never accepted"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(g.ctx.denials().get(&Operation::Accept), Some(&1));
    });
}
