//! Differential tests: each scenario runs as a guest under sockbox and as a PHP script under the
//! real php-cli; the outputs must be identical byte for byte.

use sockbox_tests::{TempDir, loopback_policy, php_stdout, scenario};

/// Runs `name` both ways (with `args`) and compares.
fn same(name: &str, args: &[&str], dirs: &[&std::path::Path]) {
    let mut full = vec![name];
    full.extend_from_slice(args);
    let guest = scenario(&full, loopback_policy(dirs));
    let php = php_stdout("scenarios.php", &full);
    assert_eq!(
        guest, php,
        "scenario {name}: sockbox (left) and php-cli (right) differ"
    );
    assert!(!guest.is_empty());
}

macro_rules! differential {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(#[test] fn $test() { same($name, &[], &[]); })*
    };
}

differential! {
    strerror_texts => "strerror",
    address_in_use => "addr-in-use",
    bad_arguments => "bad-arguments",
    eagain_on_nonblocking => "eagain",
    peer_closed => "peer-closed",
    manual_socket_pair_example => "pair-example",
    udp_sendto_recvfrom => "udp",
    normal_read_lines => "normal-read",
    select_sets_and_timeouts => "select",
    tcp_over_ipv4 => "tcp-v4",
    tcp_over_ipv6 => "tcp-v6",
    socket_options => "options",
    shutdown_modes => "shutdown",
    last_error_slots => "last-error",
    nonblocking_accept_and_connect => "nonblocking",
    recv_flags => "recv-flags",
    cmsg_space_sizes => "cmsg-space",
    sendmsg_recvmsg_over_udp => "msg-udp",
    sendmsg_recvmsg_over_a_unix_stream => "msg-unix-stream",
    scm_rights_passes_a_usable_socket => "msg-rights",
    scm_credentials_with_so_passcred => "msg-credentials",
    ipv6_control_messages => "msg-ipv6-control",
    addrinfo_lookup_and_explain => "addrinfo-lookup",
    addrinfo_bind_and_connect => "addrinfo-connect-bind",
    refused_connect_can_be_retried => "refused-twice",
    normal_read_nonblocking_at_end_of_stream => "normal-read-nonblock-eof",
    normal_read_takes_a_datagram_per_byte => "normal-read-dgram",
    select_counts_a_twice_listed_socket_once => "select-duplicates",
    select_in_an_event_loop_sees_sockets_replaced => "select-loop",
    ipv4_literal_on_an_ipv6_socket_is_mapped => "v4-literal-on-v6",
    numbers_and_dots_addresses_are_literals => "aton-literals",
    waitall_is_for_streams_only => "waitall-dgram",
    peek_waitall_returns_the_bytes_once => "peek-waitall",
    errqueue_never_waits => "errqueue-blocking",
    blocking_reads_wait_for_rcvlowat => "rcvlowat",
    select_with_the_largest_timeout => "select-huge-timeout",
    timeouts_at_the_kernels_edges => "timeouts-extreme",
}

#[test]
fn blocking_connect_waits_for_the_handshake_and_sndtimeo_ends_it() {
    let (_l, _clients, port) = sockbox_tests::full_tcp_listener();
    let port = port.to_string();
    let guest = scenario(&["connect-sndtimeo", &port], loopback_policy(&[]));
    let php = php_stdout("scenarios.php", &["connect-sndtimeo", &port]);
    assert_eq!(guest, php);
    assert!(guest.contains("waited: true"), "{guest}");
}

#[test]
fn blocking_unix_connect_waits_while_the_backlog_is_full() {
    use socket2::{Domain, SockAddr, Socket, Type};
    let dir = TempDir::new("diff-full");
    let path = format!("{}/s.sock", dir.str());
    let l = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
    l.bind(&SockAddr::unix(&path).unwrap()).unwrap();
    l.listen(0).unwrap();
    let mut clients = Vec::new();
    for _ in 0..8 {
        let c = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
        c.set_nonblocking(true).unwrap();
        let full = c.connect(&SockAddr::unix(&path).unwrap()).is_err();
        clients.push(c);
        if full {
            break;
        }
    }
    let guest = scenario(
        &["unix-connect-full", &path],
        loopback_policy(&[dir.path()]),
    );
    let php = php_stdout("scenarios.php", &["unix-connect-full", &path]);
    assert_eq!(guest, php);
    assert!(guest.contains("waited: true"), "{guest}");
}

#[test]
fn connect_to_closed_port() {
    // Port 1: closed, and outside the ephemeral range, so the client cannot connect to itself.
    same("connect-refused", &["1"], &[]);
}

#[test]
fn create_listen_any_address() {
    // Port 0: the kernel picks one (no free-port race), and the scenario takes it again.
    let policy = loopback_policy(&[]).allow_bind("0.0.0.0:*").unwrap();
    let guest = scenario(&["create-listen", "0"], policy);
    let php = php_stdout("scenarios.php", &["create-listen", "0"]);
    assert_eq!(guest, php);
    assert!(guest.contains("again: false [98]"), "{guest}");
}

#[test]
fn unix_stream_sockets() {
    // Separate directories: each run creates its own socket file.
    let (g, p) = (TempDir::new("diff-us"), TempDir::new("diff-us"));
    let guest = scenario(
        &["unix-stream", &format!("{}/s.sock", g.str())],
        loopback_policy(&[g.path()]),
    );
    let php = php_stdout(
        "scenarios.php",
        &["unix-stream", &format!("{}/s.sock", p.str())],
    );
    assert_eq!(guest, php);
}

#[test]
fn unix_datagram_sockets() {
    let (g, p) = (TempDir::new("diff-ud"), TempDir::new("diff-ud"));
    let guest = scenario(&["unix-dgram", g.str()], loopback_policy(&[g.path()]));
    let php = php_stdout("scenarios.php", &["unix-dgram", p.str()]);
    assert_eq!(guest, php);
}

#[test]
fn multicast_and_tcp_options() {
    // Receiving group traffic needs the wildcard address; sending needs the group.
    let policy = loopback_policy(&[])
        .allow_bind("0.0.0.0:*")
        .unwrap()
        .allow_connect("239.255.0.0/16:*")
        .unwrap();
    let guest = scenario(&["multicast"], policy);
    let php = php_stdout("scenarios.php", &["multicast"]);
    assert_eq!(guest, php);
    // Both sides failing to join would compare equal and prove nothing: the datagram must
    // really come back through the group.
    assert!(guest.contains("receive: \"to the group\""), "{guest}");
}

#[test]
fn sendmsg_recvmsg_over_unix_datagrams() {
    let (g, p) = (TempDir::new("diff-md"), TempDir::new("diff-md"));
    let guest = scenario(&["msg-unix-dgram", g.str()], loopback_policy(&[g.path()]));
    let php = php_stdout("scenarios.php", &["msg-unix-dgram", p.str()]);
    assert_eq!(guest, php);
}
