//! Differential tests: each scenario runs as a guest under sockbox and as a PHP script under the
//! real php-cli; the outputs must be identical byte for byte.

use sockbox_tests::{TempDir, free_port, loopback_policy, php_stdout, scenario};

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
}

#[test]
fn connect_to_closed_port() {
    // Port 1: closed, and outside the ephemeral range, so the client cannot connect to itself.
    same("connect-refused", &["1"], &[]);
}

#[test]
fn create_listen_any_address() {
    let port = free_port().to_string();
    let policy = loopback_policy(&[])
        .allow_bind(&format!("0.0.0.0:{port}"))
        .unwrap();
    let guest = scenario(&["create-listen", &port], policy);
    let php = php_stdout("scenarios.php", &["create-listen", &port]);
    assert_eq!(guest, php);
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
    assert!(
        guest.contains("receive: \"to the group\"") || guest.contains("join: false"),
        "{guest}"
    );
}

#[test]
fn sendmsg_recvmsg_over_unix_datagrams() {
    let (g, p) = (TempDir::new("diff-md"), TempDir::new("diff-md"));
    let guest = scenario(&["msg-unix-dgram", g.str()], loopback_policy(&[g.path()]));
    let php = php_stdout("scenarios.php", &["msg-unix-dgram", p.str()]);
    assert_eq!(guest, php);
}
