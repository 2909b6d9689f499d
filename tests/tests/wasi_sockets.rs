//! wasi:sockets under sockbox's policy: a guest's own language sockets (Rust `std::net`, through
//! wasi-libc) are allowed and denied by the same rules as php:sockets, counted against the same
//! socket limit, and their denials logged and counted the same way.

use sockbox::Policy;
use sockbox::policy::Operation;
use sockbox_tests::{PEER_DEADLINE, c_guest_path, free_port, scenario_outcome, sockbox_run};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

/// A native line-echo server on loopback, one thread a connection, alive until the test
/// process ends; returns its port.
fn echo_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                stream.set_read_timeout(Some(PEER_DEADLINE)).unwrap();
                let mut line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut line);
                let _ = (&stream).write_all(line.as_bytes());
            });
        }
    });
    port
}

/// A client of a guest that is starting to listen on `port`: sends `hello\n` and returns the
/// 6 bytes that come back.
fn hello_client(port: u16) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut stream = sockbox_tests::examples::connect(port);
        stream.write_all(b"hello\n").unwrap();
        let mut back = vec![0u8; 6];
        stream.read_exact(&mut back).unwrap();
        back
    })
}

fn denials(out: &sockbox::run::Outcome, op: Operation) -> u64 {
    out.sockets.denials().get(&op).copied().unwrap_or(0)
}

#[test]
fn std_net_connect_follows_the_connect_rule() {
    let port = echo_server();
    let p = port.to_string();
    let exact = Policy::deny_all()
        .allow_connect(&format!("127.0.0.1:{port}"))
        .unwrap();
    let (stdout, out) = scenario_outcome(&["std-connect", "127.0.0.1", &p], exact);
    assert_eq!(stdout, "connected\nreply ping\n");
    assert_eq!(out.sockets.open_sockets(), 0, "the socket's slot came back");

    let other = Policy::deny_all()
        .allow_connect(&format!("127.0.0.1:{}", port.wrapping_add(1)))
        .unwrap();
    for policy in [Policy::deny_all(), other] {
        let (stdout, out) = scenario_outcome(&["std-connect", "127.0.0.1", &p], policy);
        assert_eq!(stdout, "connect: PermissionDenied\n");
        assert_eq!(denials(&out, Operation::Connect), 1);
    }
    // IPv6 is checked the same way; the allow-everything switch covers wasi:sockets alike.
    let (stdout, _) = scenario_outcome(
        &["std-connect", "::1", &free_port().to_string()],
        Policy::deny_all(),
    );
    assert_eq!(stdout, "connect: PermissionDenied\n");
    let (stdout, _) = scenario_outcome(
        &["std-connect", "127.0.0.1", &p],
        Policy::deny_all().allow_all_network(),
    );
    assert_eq!(stdout, "connected\nreply ping\n");
}

#[test]
fn std_net_listen_follows_the_bind_rule() {
    let port = free_port();
    let p = port.to_string();
    // Compiled before the client's clock starts.
    sockbox_tests::component("sockbox-test-guest");
    let client = hello_client(port);
    let allowed = Policy::deny_all()
        .allow_bind(&format!("127.0.0.1:{port}"))
        .unwrap();
    let (stdout, _) = scenario_outcome(&["std-listen", "127.0.0.1", &p], allowed);
    assert_eq!(
        stdout,
        format!("listening on 127.0.0.1:{port}\nechoed hello\n")
    );
    assert_eq!(client.join().unwrap(), b"hello\n");

    // Another port, an ephemeral port on an allowed address, and the wildcard address with
    // port 0 (which wasmtime-wasi reports like an implicit bind): the listen is refused on
    // the address the kernel would really use.
    let narrow = || {
        Policy::deny_all()
            .allow_bind(&format!("127.0.0.1:{port}"))
            .unwrap()
    };
    for (host, p) in [
        ("127.0.0.1", (port.wrapping_add(1)).to_string()),
        ("127.0.0.1", "0".into()),
        ("0.0.0.0", "0".into()),
        ("::", "0".into()),
    ] {
        let (stdout, out) = scenario_outcome(&["std-listen", host, &p], narrow());
        assert_eq!(stdout, "listen: PermissionDenied\n", "{host}:{p}");
        assert_eq!(denials(&out, Operation::Bind), 1, "{host}:{p}");
        assert_eq!(out.sockets.open_sockets(), 0);
    }
}

#[test]
fn std_net_accepts_only_peers_the_accept_rule_allows() {
    let port = free_port();
    let p = port.to_string();
    // Compiled before the clients' clock starts.
    sockbox_tests::component("sockbox-test-guest");
    let clients = std::thread::spawn(move || {
        let connect_from = |source: [u8; 4]| {
            let start = Instant::now();
            loop {
                let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
                    .unwrap();
                s.bind(&std::net::SocketAddr::from((source, 0)).into())
                    .unwrap();
                match s.connect(&std::net::SocketAddr::from(([127, 0, 0, 1], port)).into()) {
                    Ok(()) => break TcpStream::from(s),
                    Err(_) if start.elapsed() < PEER_DEADLINE => {
                        std::thread::sleep(Duration::from_millis(20))
                    }
                    Err(e) => panic!("guest never listened: {e}"),
                }
            }
        };
        // The refused peer is reset unseen by the guest ...
        let refused = connect_from([127, 0, 0, 1]);
        refused.set_read_timeout(Some(PEER_DEADLINE)).unwrap();
        let _ = (&refused).write_all(b"refused\n");
        let mut rest = Vec::new();
        let ended = (&refused).read_to_end(&mut rest);
        assert!(ended.is_err() || rest.is_empty(), "{rest:?}");
        // ... and the allowed one is served.
        let allowed = connect_from([127, 0, 0, 2]);
        allowed.set_read_timeout(Some(PEER_DEADLINE)).unwrap();
        (&allowed).write_all(b"allowed\n").unwrap();
        let mut back = String::new();
        BufReader::new(&allowed).read_line(&mut back).unwrap();
        back
    });
    let policy = Policy::deny_all()
        .allow_bind(&format!("127.0.0.1:{port}"))
        .unwrap()
        .allow_accept("127.0.0.2:*")
        .unwrap();
    let (stdout, out) = scenario_outcome(&["std-listen", "127.0.0.1", &p], policy);
    assert_eq!(clients.join().unwrap(), "allowed\n");
    assert_eq!(
        stdout,
        format!("listening on 127.0.0.1:{port}\nechoed allowed\n")
    );
    assert_eq!(denials(&out, Operation::Accept), 1);
}

#[test]
fn std_net_datagrams_follow_the_connect_rule_and_binds_the_bind_rule() {
    let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
    receiver.set_read_timeout(Some(PEER_DEADLINE)).unwrap();
    let port = receiver.local_addr().unwrap().port();
    let p = port.to_string();
    let allowed = Policy::deny_all()
        .allow_connect(&format!("127.0.0.1:{port}"))
        .unwrap();
    let (stdout, _) = scenario_outcome(&["std-udp-send", "127.0.0.1", &p], allowed);
    assert_eq!(stdout, "sent 4\n");
    let mut buf = [0u8; 16];
    let (n, _) = receiver.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"ping");

    // Another destination allowed: the client socket binds, the send itself is refused.
    let elsewhere = || {
        Policy::deny_all()
            .allow_connect(&format!("127.0.0.1:{}", port.wrapping_add(1)))
            .unwrap()
    };
    let (stdout, out) = scenario_outcome(&["std-udp-send", "127.0.0.1", &p], elsewhere());
    assert_eq!(stdout, "send: PermissionDenied\n");
    assert_eq!(denials(&out, Operation::Connect), 1);
    // Nothing allowed: not even the client socket's bind.
    let (stdout, out) = scenario_outcome(&["std-udp-send", "127.0.0.1", &p], Policy::deny_all());
    assert_eq!(stdout, "send: PermissionDenied\n");
    assert_eq!(denials(&out, Operation::Bind), 1);

    // An explicit bind is a bind: it needs its rule (port 0 included, as in php:sockets).
    let bind_port = free_port();
    let rule = format!("127.0.0.1:{bind_port}");
    let (stdout, _) = scenario_outcome(
        &["std-udp-bind", "127.0.0.1", &bind_port.to_string()],
        Policy::deny_all().allow_bind(&rule).unwrap(),
    );
    assert_eq!(stdout, format!("bound {rule}\n"));
    for (host, p) in [
        ("127.0.0.1", bind_port.wrapping_add(1)),
        ("127.0.0.1", 0),
        ("0.0.0.0", 0),
        ("::", 0),
    ] {
        let (stdout, out) = scenario_outcome(
            &["std-udp-bind", host, &p.to_string()],
            Policy::deny_all().allow_bind(&rule).unwrap(),
        );
        assert_eq!(stdout, "bind: PermissionDenied\n", "{host} port {p}");
        assert_eq!(denials(&out, Operation::Bind), 1);
    }
    // The wildcard with port 0 is std::net's datagram client: allowed where sending is.
    let (stdout, _) = scenario_outcome(
        &["std-udp-bind", "0.0.0.0", "0"],
        Policy::deny_all().allow_connect("127.0.0.1:9").unwrap(),
    );
    assert!(stdout.starts_with("bound 0.0.0.0:"), "{stdout}");
}

#[test]
fn std_net_lookups_follow_the_lookup_rule() {
    // Denied names never reach the resolver; literals and localhost need no rule.
    let (stdout, out) = scenario_outcome(&["std-lookup", "sockbox.invalid"], Policy::deny_all());
    assert!(stdout.starts_with("lookup: "), "{stdout}");
    assert_eq!(denials(&out, Operation::Lookup), 1);
    // The name is checked as it is resolved: case and percent-escapes are undone first.
    let (_, out) = scenario_outcome(
        &["std-lookup", "SOCKBOX.%69nvalid"],
        Policy::deny_all().allow_lookup("sockbox.invalid").unwrap(),
    );
    assert_eq!(denials(&out, Operation::Lookup), 0);
    let (_, out) = scenario_outcome(
        &["std-lookup", "other.invalid"],
        Policy::deny_all().allow_lookup("sockbox.invalid").unwrap(),
    );
    assert_eq!(denials(&out, Operation::Lookup), 1);
    for literal in ["127.0.0.1", "::1", "localhost"] {
        let (stdout, out) = scenario_outcome(&["std-lookup", literal], Policy::deny_all());
        assert!(stdout.starts_with("found "), "{literal}: {stdout}");
        assert_eq!(denials(&out, Operation::Lookup), 0, "{literal}");
    }
}

#[test]
fn std_net_lookups_are_sockboxs_bounded_ones() {
    // wasi:sockets lookups go to the resolver socket_addrinfo_lookup() uses, with its bound on
    // lookups in flight: at 0, an allowed name gets a temporary failure, and the resolver is
    // never asked; literals and localhost need no resolver, so they still answer.
    let policy = || Policy::deny_all().allow_lookup("sockbox.invalid").unwrap();
    let bounded = |args: &[&str]| {
        let cfg = sockbox_tests::config("sockbox-test-guest", args, policy())
            .limits(sockbox::Limits::default().max_lookups(0));
        let out = sockbox_tests::tokio_runtime()
            .block_on(sockbox_tests::run_async("sockbox-test-guest", cfg));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let stdout = bounded(&["std-lookup", "sockbox.invalid"]);
    // EAI_AGAIN, as wasi-libc words it.
    assert!(stdout.contains("Try again"), "{stdout}");
    assert_eq!(
        bounded(&["std-lookup", "localhost"]),
        "found 127.0.0.1 ::1\n"
    );
    assert_eq!(bounded(&["std-lookup", "127.0.0.2"]), "found 127.0.0.2\n");
    assert_eq!(bounded(&["std-lookup", "::2"]), "found ::2\n");
}

#[test]
fn std_net_sockets_count_against_the_socket_limit_and_come_back() {
    let port = echo_server();
    let policy = Policy::deny_all()
        .allow_connect(&format!("127.0.0.1:{port}"))
        .unwrap();
    let mut cfg = sockbox_tests::config(
        "sockbox-test-guest",
        &["std-hold", "8", "127.0.0.1", &port.to_string()],
        policy,
    );
    cfg.limits.max_sockets = 3;
    let out = sockbox_tests::tokio_runtime()
        .block_on(sockbox_tests::run_async("sockbox-test-guest", cfg));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // wasi-libc's text for EMFILE; then, all closed, a new one fits again.
    assert_eq!(
        stdout,
        "held 3 then Some(\"No file descriptors available (os error 33)\")\nafter close: connected\n"
    );
    assert_eq!(out.sockets.open_sockets(), 0);
}

#[test]
fn std_net_accepts_count_against_the_socket_limit() {
    // One slot: the listener has it, so an accept fails with EMFILE at once, as Linux's
    // accept(2) does (it takes the descriptor before it waits for a connection).
    let port = free_port();
    let policy = Policy::deny_all()
        .allow_bind(&format!("127.0.0.1:{port}"))
        .unwrap();
    let mut cfg = sockbox_tests::config(
        "sockbox-test-guest",
        &["std-listen", "127.0.0.1", &port.to_string()],
        policy,
    );
    cfg.limits.max_sockets = 1;
    let out = sockbox_tests::tokio_runtime()
        .block_on(sockbox_tests::run_async("sockbox-test-guest", cfg));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "listening on 127.0.0.1:{port}\naccept: No file descriptors available (os error 33)\n"
        )
    );
}

#[test]
fn both_socket_worlds_see_one_policy() {
    let port = echo_server();
    let p = port.to_string();
    let allowed = Policy::deny_all()
        .allow_connect(&format!("127.0.0.1:{port}"))
        .unwrap();
    // php:sockets connects and keeps its socket while std::net connects too.
    let (stdout, _) = scenario_outcome(&["mixed", "127.0.0.1", &p], allowed);
    assert_eq!(stdout, "php:sockets connected\nconnected\nreply ping\n");
    let (stdout, out) = scenario_outcome(&["mixed", "127.0.0.1", &p], Policy::deny_all());
    assert_eq!(
        stdout,
        "php:sockets: PermissionDenied\nconnect: PermissionDenied\n"
    );
    assert_eq!(denials(&out, Operation::Connect), 2);
}

/// `sockbox run [FLAGS] libc-sockets ARGS` (the C guest on wasi-libc's own sockets).
fn libc_sockets(flags: &[&str], args: &[&str]) -> (String, String, Option<i32>) {
    let out = sockbox_run(flags, &c_guest_path("libc-sockets"), args);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn wasi_libc_sockets_follow_every_rule() {
    // C's socket()/connect()/bind()/sendto()/getaddrinfo() through wasi-libc: allowed exactly
    // by their rules, denied with EACCES (wasi-libc's number for it is 2) and logged with the
    // flag that would allow them.
    let port = echo_server();
    let p = port.to_string();
    let connect_rule = format!("127.0.0.1:{port}");
    let (out, _, code) = libc_sockets(
        &["--allow-connect", &connect_rule],
        &["connect", "127.0.0.1", &p],
    );
    assert_eq!((out.as_str(), code), ("ping\n", Some(0)));
    let (out, log, code) = libc_sockets(&[], &["connect", "127.0.0.1", &p]);
    assert_eq!(out, "connect: Permission denied (errno 2)\n");
    assert_eq!(code, Some(1));
    assert!(
        log.contains(&format!("allow with --allow-connect {connect_rule}")),
        "{log}"
    );

    let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
    let udp = receiver.local_addr().unwrap().port().to_string();
    let (out, _, _) = libc_sockets(
        &["--allow-connect", &format!("127.0.0.1:{udp}")],
        &["udp-send", "127.0.0.1", &udp],
    );
    assert_eq!(out, "sent 5 bytes\n");
    let other = format!("127.0.0.1:{}", port.wrapping_add(1));
    let (out, log, _) = libc_sockets(
        &["--allow-connect", &other],
        &["udp-send", "127.0.0.1", &udp],
    );
    assert!(out.ends_with("Permission denied (errno 2)\n"), "{out}");
    assert!(
        log.contains(&format!("allow with --allow-connect 127.0.0.1:{udp}")),
        "{log}"
    );

    let bind_port = free_port().to_string();
    let (out, log, code) = libc_sockets(&[], &["bind", "127.0.0.1", &bind_port]);
    assert!(out.ends_with("Permission denied (errno 2)\n"), "{out}");
    assert_eq!(code, Some(1));
    assert!(
        log.contains(&format!("allow with --allow-bind 127.0.0.1:{bind_port}")),
        "{log}"
    );

    let (out, log, code) = libc_sockets(&[], &["lookup", "sockbox.invalid"]);
    assert!(out.starts_with("getaddrinfo: "), "{out}");
    assert_eq!(code, Some(1));
    assert!(
        log.contains("allow with --allow-lookup sockbox.invalid"),
        "{log}"
    );
    // wasi-libc passes literals to the lookup as they are (IPv6 without brackets): no rule, no
    // resolver; localhost is both loopbacks.
    for (name, found) in [
        ("::1", "::1\n"),
        ("127.0.0.3", "127.0.0.3\n"),
        ("localhost", "127.0.0.1\n::1\n"),
    ] {
        let (out, _, code) = libc_sockets(&[], &["lookup", name]);
        assert_eq!((out.as_str(), code), (found, Some(0)), "{name}");
    }
}

#[test]
fn wasi_libc_listen_serves_only_with_its_rule() {
    let port = free_port();
    let p = port.to_string();
    let client = hello_client(port);
    let (out, log, code) = libc_sockets(
        &["--allow-bind", &format!("127.0.0.1:{port}")],
        &["bind", "127.0.0.1", &p],
    );
    assert_eq!(client.join().unwrap(), b"hello\n");
    assert_eq!(
        (out.as_str(), code),
        (
            format!("listening on 127.0.0.1:{port}\nechoed 6 bytes\n").as_str(),
            Some(0)
        ),
        "{log}"
    );
}
