//! The capability policy through real guests: every path denies what is not allowed, with the
//! errno a native call gives, while the allowed neighbour goes through.

use sockbox::Policy;
use sockbox::policy::Operation;
use sockbox_tests::{TempDir, free_port, run, scenario};
use std::net::{TcpListener, UdpSocket};

const DENIED: &str = "false [13] Permission denied";

fn probe(args: &[&str], policy: Policy) -> String {
    let mut full = vec!["probe"];
    full.extend_from_slice(args);
    scenario(&full, policy)
}

#[test]
fn connect_only_to_allowed_port() {
    let allowed = TcpListener::bind("127.0.0.1:0").unwrap();
    let other = TcpListener::bind("127.0.0.1:0").unwrap();
    let (pa, po) = (
        allowed.local_addr().unwrap().port().to_string(),
        other.local_addr().unwrap().port().to_string(),
    );
    let policy = || {
        Policy::deny_all()
            .allow_connect(&format!("127.0.0.1:{pa}"))
            .unwrap()
    };
    assert_eq!(
        probe(&["connect", "127.0.0.1", &pa], policy()),
        "connect: true\n"
    );
    assert_eq!(
        probe(&["connect", "127.0.0.1", &po], policy()),
        format!("connect: {DENIED}\n")
    );
    // The same host written other ways: 0.0.0.0 reaches the local host, and so does localhost.
    assert_eq!(
        probe(&["connect", "0.0.0.0", &po], policy()),
        format!("connect: {DENIED}\n")
    );
    assert_eq!(
        probe(&["connect", "localhost", &pa], policy()),
        "connect: true\n"
    );
    assert_eq!(
        probe(&["connect", "::ffff:127.0.0.1", &pa], policy()),
        "connect: true\n",
        "IPv4-mapped IPv6 matches the IPv4 rule"
    );
    assert_eq!(
        probe(&["connect", "::ffff:127.0.0.1", &po], policy()),
        format!("connect: {DENIED}\n")
    );
}

#[test]
fn default_policy_denies_everything() {
    let port = free_port().to_string();
    for op in ["connect", "bind", "sendto"] {
        let out = probe(&[op, "127.0.0.1", &port], Policy::deny_all());
        assert!(out.ends_with(&format!("{DENIED}\n")), "{op}: {out}");
    }
    assert_eq!(
        probe(&["create-listen", &port], Policy::deny_all()),
        format!("create_listen: {DENIED}\n")
    );
    assert_eq!(
        probe(&["listen-unbound"], Policy::deny_all()),
        format!("listen: {DENIED}\n")
    );
}

#[test]
fn bind_only_allowed_address_and_port() {
    let port = free_port();
    let policy = || {
        Policy::deny_all()
            .allow_bind(&format!("127.0.0.1:{port}"))
            .unwrap()
    };
    assert_eq!(
        probe(&["bind", "127.0.0.1", &port.to_string()], policy()),
        "bind: true\n"
    );
    assert_eq!(
        probe(&["bind", "127.0.0.1", &(port + 1).to_string()], policy()),
        format!("bind: {DENIED}\n")
    );
    assert_eq!(
        probe(&["bind", "0.0.0.0", &port.to_string()], policy()),
        format!("bind: {DENIED}\n")
    );
    assert_eq!(
        probe(&["bind", "::1", &port.to_string()], policy()),
        format!("bind: {DENIED}\n")
    );
}

#[test]
fn every_datagram_destination_is_checked() {
    let target = UdpSocket::bind("127.0.0.1:0").unwrap();
    let other = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (pt, po) = (
        target.local_addr().unwrap().port().to_string(),
        other.local_addr().unwrap().port().to_string(),
    );
    let policy = || {
        Policy::deny_all()
            .allow_connect(&format!("127.0.0.1:{pt}"))
            .unwrap()
    };
    assert_eq!(
        probe(&["sendto", "127.0.0.1", &pt], policy()),
        "sendto: 1\n"
    );
    assert_eq!(
        probe(&["sendto", "127.0.0.1", &po], policy()),
        format!("sendto: {DENIED}\n")
    );
    // A connected UDP socket is checked at connect; sends then go to the allowed peer only.
    assert_eq!(
        probe(&["connect-udp-send", "127.0.0.1", &pt], policy()),
        "connect: true\nsend: 1\n"
    );
    let out = probe(&["connect-udp-send", "127.0.0.1", &po], policy());
    assert!(out.starts_with(&format!("connect: {DENIED}\n")), "{out}");
}

#[test]
fn unix_paths_stay_inside_allowed_directories() {
    let base = TempDir::new("policy-unix");
    let allowed = base.path().join("allowed");
    std::fs::create_dir(&allowed).unwrap();
    std::os::unix::fs::symlink(base.path(), allowed.join("escape")).unwrap();
    let policy = || Policy::deny_all().allow_unix(&allowed).unwrap();
    let inside = format!("{}/ok.sock", allowed.display());
    assert_eq!(probe(&["unix-bind", &inside], policy()), "bind: true\n");
    let outside = format!("{}/no.sock", base.str());
    assert_eq!(
        probe(&["unix-bind", &outside], policy()),
        format!("bind: {DENIED}\n")
    );
    let dotdot = format!("{}/../dotdot.sock", allowed.display());
    assert_eq!(
        probe(&["unix-bind", &dotdot], policy()),
        format!("bind: {DENIED}\n")
    );
    let via_link = format!("{}/escape/link.sock", allowed.display());
    assert_eq!(
        probe(&["unix-bind", &via_link], policy()),
        format!("bind: {DENIED}\n")
    );
    assert!(
        !base.path().join("dotdot.sock").exists() && !base.path().join("link.sock").exists(),
        "nothing created outside"
    );
    assert_eq!(
        probe(&["unix-connect", &outside], policy()),
        format!("connect: {DENIED}\n")
    );
    assert_eq!(
        probe(&["unix-sendto", &outside], policy()),
        format!("sendto: {DENIED}\n")
    );
    assert_eq!(
        probe(&["unix-connect", "\0abstract"], policy()),
        format!("connect: {DENIED}\n")
    );
}

/// Runs the scenario guest with `dirs` preopened (host, guest, writable).
fn probe_in(args: &[&str], policy: Policy, dirs: &[(&std::path::Path, &str, bool)]) -> String {
    let mut full = vec!["probe"];
    full.extend_from_slice(args);
    let mut cfg = sockbox_tests::config("sockbox-test-guest", &full, policy);
    for (host, guest, writable) in dirs {
        cfg = cfg.dir(sockbox::run::Preopen::new(*host, *guest, *writable));
    }
    let out = sockbox_tests::tokio_runtime()
        .block_on(sockbox_tests::run_async("sockbox-test-guest", cfg));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn unix_names_in_preopened_directories_are_the_guests_files() {
    let base = TempDir::new("policy-unix-dirs");
    let app = base.path().join("app");
    std::fs::create_dir_all(app.join("sub")).unwrap();
    let policy = || Policy::deny_all().allow_unix(&app).unwrap();
    let at_app = [(app.as_path(), "/app", true)];
    let at_root = [(app.as_path(), "/", true)];
    // A name in the preopened directory is that directory's file on the host, shown back as
    // the guest gave it.
    assert_eq!(
        probe_in(
            &["unix-bind-in", "/app/sub", "/app/ok.sock"],
            policy(),
            &at_app
        ),
        "chdir: true\nbind: true\ngetsockname: /app/ok.sock\n"
    );
    assert!(app.join("ok.sock").exists());
    // Relative names: in the working directory the guest changed to, through its preopens.
    assert_eq!(
        probe_in(&["unix-bind-in", "/app/sub", "rel.sock"], policy(), &at_app),
        "chdir: true\nbind: true\ngetsockname: rel.sock\n"
    );
    assert!(app.join("sub/rel.sock").exists());
    assert_eq!(
        probe_in(&["unix-bind-in", "/", "top.sock"], policy(), &at_root),
        "chdir: true\nbind: true\ngetsockname: top.sock\n"
    );
    assert!(app.join("top.sock").exists());
    // A mapping never widens the rule: `..` out of the preopened directory is checked where it
    // leads on the host, and refused.
    for (cwd, name) in [
        ("/app", "/app/../out.sock"),
        ("/", "../../out.sock"),
        ("/app", "../out.sock"),
    ] {
        let out = probe_in(&["unix-bind-in", cwd, name], policy(), &at_app);
        assert!(
            out.contains(&format!("bind: {DENIED}\n")),
            "{cwd} {name}: {out}"
        );
    }
    assert!(
        !base.path().join("out.sock").exists(),
        "nothing created outside"
    );
    // Without the rule, a mapped name is refused like any other.
    let out = probe_in(
        &["unix-bind-in", "/app", "/app/no.sock"],
        Policy::deny_all(),
        &at_app,
    );
    assert!(out.contains(&format!("bind: {DENIED}\n")), "{out}");
    // A directory the guest sees read-only takes no new socket file (EROFS, as a read-only
    // filesystem), whatever the rule; an existing one can still be reached.
    let read_only = [(app.as_path(), "/ro", false)];
    let out = probe_in(
        &["unix-bind-in", "/ro", "/ro/new.sock"],
        policy(),
        &read_only,
    );
    assert!(
        out.contains("bind: false [30] Read-only file system\n"),
        "{out}"
    );
    assert!(!app.join("new.sock").exists());
    let _listener = std::os::unix::net::UnixListener::bind(app.join("srv.sock")).unwrap();
    assert_eq!(
        probe_in(&["unix-connect", "/ro/srv.sock"], policy(), &read_only),
        "connect: true\n"
    );
}

#[test]
fn raw_sockets_and_privileged_options_need_capabilities() {
    assert_eq!(
        probe(&["raw"], Policy::deny_all()),
        "create raw: false [1] Operation not permitted\n"
    );
    assert_eq!(
        probe(&["privileged-option"], Policy::deny_all()),
        "SO_MARK: false [1] Operation not permitted\nSO_BINDTODEVICE: false [1] Operation not permitted\n"
    );
}

#[test]
fn host_names_need_a_lookup_rule() {
    let port = free_port().to_string();
    let policy = Policy::deny_all().allow_connect("*:*").unwrap();
    assert_eq!(
        probe(&["hostname", "db.internal.example", &port], policy),
        format!("connect: {DENIED}\n")
    );
}

#[test]
fn denials_are_counted_per_kind() {
    let port = free_port().to_string();
    let out = run(
        "sockbox-test-guest",
        &["probe", "connect", "127.0.0.1", &port],
        Policy::deny_all(),
    );
    assert_eq!(out.sockets.denials().get(&Operation::Connect), Some(&1));
    assert_eq!(
        out.sockets.open_sockets(),
        0,
        "every socket was closed by the time the guest exited"
    );
}

#[test]
fn accept_rules_drop_other_peers_unseen() {
    use std::io::Read;
    let port = free_port();
    let policy = Policy::deny_all()
        .allow_bind(&format!("127.0.0.1:{port}"))
        .unwrap()
        .allow_accept("127.0.0.1:*")
        .unwrap();
    let rt = sockbox_tests::tokio_runtime();
    let p = port.to_string();
    // Compiled before the peers' clock starts.
    sockbox_tests::component("sockbox-test-guest");
    let guest = rt.spawn(sockbox_tests::run_async(
        "sockbox-test-guest",
        sockbox_tests::config(
            "sockbox-test-guest",
            &["probe", "accept-peer", "127.0.0.1", &p],
            policy,
        ),
    ));
    let start = std::time::Instant::now();
    let connect_from = |source: &str| loop {
        assert!(
            start.elapsed() < sockbox_tests::PEER_DEADLINE,
            "the guest's server never came up"
        );
        let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
        s.bind(
            &format!("{source}:0")
                .parse::<std::net::SocketAddr>()
                .unwrap()
                .into(),
        )
        .unwrap();
        if s.connect_timeout(
            &format!("127.0.0.1:{port}")
                .parse::<std::net::SocketAddr>()
                .unwrap()
                .into(),
            std::time::Duration::from_secs(5),
        )
        .is_ok()
        {
            break std::net::TcpStream::from(s);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut refused = connect_from("127.0.0.2");
    refused
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 1];
    assert_eq!(
        refused.read(&mut buf).unwrap_or(0),
        0,
        "the host closed the refused peer"
    );
    let _allowed = connect_from("127.0.0.1");
    let out = rt.block_on(guest).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "bind: true\nlisten: true\naccept: 127.0.0.1\n"
    );
    assert_eq!(out.sockets.denials().get(&Operation::Accept), Some(&1));
}

#[test]
fn every_sendmsg_destination_is_checked() {
    let target = UdpSocket::bind("127.0.0.1:0").unwrap();
    let other = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (pt, po) = (
        target.local_addr().unwrap().port().to_string(),
        other.local_addr().unwrap().port().to_string(),
    );
    let policy = || {
        Policy::deny_all()
            .allow_connect(&format!("127.0.0.1:{pt}"))
            .unwrap()
    };
    let sendmsg =
        |host: &str, port: &str| scenario(&["msg-probe", "sendmsg", host, port], policy());
    assert_eq!(sendmsg("127.0.0.1", &pt), "sendmsg: 1\n");
    assert_eq!(sendmsg("127.0.0.1", &po), format!("sendmsg: {DENIED}\n"));
    assert_eq!(sendmsg("0.0.0.0", &po), format!("sendmsg: {DENIED}\n"));
    assert_eq!(sendmsg("::ffff:127.0.0.1", &pt), "sendmsg: 1\n");
    assert_eq!(
        sendmsg("db.internal.example", &pt),
        format!("sendmsg: {DENIED}\n"),
        "a host name needs a lookup rule"
    );
}

#[test]
fn sendmsg_unix_destinations_stay_inside_allowed_directories() {
    let base = TempDir::new("policy-msg-unix");
    let allowed = base.path().join("allowed");
    std::fs::create_dir(&allowed).unwrap();
    let inside = allowed.join("peer.sock");
    let _peer = std::os::unix::net::UnixDatagram::bind(&inside).unwrap();
    let policy = || Policy::deny_all().allow_unix(&allowed).unwrap();
    let sendmsg = |path: &str| scenario(&["msg-probe", "unix-sendmsg", path], policy());
    assert_eq!(sendmsg(inside.to_str().unwrap()), "sendmsg: 1\n");
    let outside = format!("{}/peer.sock", base.str());
    let _outside_peer = std::os::unix::net::UnixDatagram::bind(&outside).unwrap();
    assert_eq!(sendmsg(&outside), format!("sendmsg: {DENIED}\n"));
    let dotdot = format!("{}/../peer.sock", allowed.display());
    assert_eq!(sendmsg(&dotdot), format!("sendmsg: {DENIED}\n"));
    assert_eq!(sendmsg("\0abstract"), format!("sendmsg: {DENIED}\n"));
}

#[test]
fn addrinfo_lookups_of_names_need_a_lookup_rule() {
    let out = run(
        "sockbox-test-guest",
        &["addrinfo-probe", "lookup", "db.internal.example"],
        Policy::deny_all(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "lookup db.internal.example: EAI -2\n",
        "a denied name looks like one that does not exist (EAI_NONAME)"
    );
    assert_eq!(out.sockets.denials().get(&Operation::Lookup), Some(&1));
    // A literal needs no resolver and no rule.
    let out = run(
        "sockbox-test-guest",
        &["addrinfo-probe", "lookup", "127.0.0.1"],
        Policy::deny_all(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "lookup 127.0.0.1: 1 [flags 0 family 2 socktype 1 protocol 6 canonname - addr \"127.0.0.1\" port 0]\n"
    );
    assert!(out.sockets.denials().is_empty());
}

#[test]
fn addrinfo_connect_and_bind_follow_the_policy() {
    let allowed = TcpListener::bind("127.0.0.1:0").unwrap();
    let other = TcpListener::bind("127.0.0.1:0").unwrap();
    let (pa, po) = (
        allowed.local_addr().unwrap().port().to_string(),
        other.local_addr().unwrap().port().to_string(),
    );
    let bind_port = free_port().to_string();
    let policy = || {
        Policy::deny_all()
            .allow_connect(&format!("127.0.0.1:{pa}"))
            .unwrap()
            .allow_bind(&format!("127.0.0.1:{bind_port}"))
            .unwrap()
    };
    let probe =
        |op: &str, port: &str| scenario(&["addrinfo-probe", op, "127.0.0.1", port], policy());
    assert_eq!(probe("connect", &pa), "connect: true\nglobal error: 0\n");
    assert_eq!(
        probe("connect", &po),
        format!("connect: {DENIED}\nglobal error: 13\n")
    );
    assert_eq!(probe("bind", &bind_port), "bind: true\nglobal error: 0\n");
    assert_eq!(
        probe("bind", &po),
        format!("bind: {DENIED}\nglobal error: 13\n")
    );
}

#[test]
fn received_sockets_need_a_rule() {
    // Without --allow-receive-sockets the passed sockets are closed on arrival: the guest sees a
    // cut message (MSG_CTRUNC) and no new socket, and the denial is counted.
    let out = run(
        "sockbox-test-guest",
        &["msg-probe", "rights-limit"],
        Policy::deny_all(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "sendmsg: 2\nrecvmsg: 2 iov [\"fd\"] flags 8 control [] sockets 0\n"
    );
    assert_eq!(
        out.sockets.denials().get(&Operation::ReceiveSockets),
        Some(&1)
    );
}

#[test]
fn abstract_names_need_a_name_rule() {
    let policy = || Policy::deny_all().allow_abstract("sockbox-test-*").unwrap();
    assert_eq!(
        probe(&["unix-bind", "\0sockbox-test-ok"], policy()),
        "bind: true\n"
    );
    assert_eq!(
        probe(&["unix-bind", "\0other"], policy()),
        format!("bind: {DENIED}\n")
    );
}

#[test]
fn socket_types_and_privileged_options_are_rules() {
    let denied = "false [1] Operation not permitted";
    assert_eq!(
        probe(&["seqpacket"], Policy::deny_all()),
        format!("create seqpacket: {denied}\npair seqpacket: {denied}\n")
    );
    assert_eq!(
        probe(&["seqpacket"], Policy::deny_all().allow_seqpacket()),
        "create seqpacket: true\npair seqpacket: true\n"
    );
    let out = run(
        "sockbox-test-guest",
        &["probe", "privileged-option"],
        Policy::deny_all(),
    );
    assert_eq!(
        out.sockets.denials().get(&Operation::PrivilegedOption),
        Some(&2)
    );
    let out = run("sockbox-test-guest", &["probe", "raw"], Policy::deny_all());
    assert_eq!(out.sockets.denials().get(&Operation::RawSocket), Some(&1));
    // With the rule, the host's own privileges decide (the kernel answers).
    let out = run(
        "sockbox-test-guest",
        &["probe", "privileged-option"],
        Policy::deny_all().allow_privileged_options(),
    );
    assert!(out.sockets.denials().is_empty());
}
