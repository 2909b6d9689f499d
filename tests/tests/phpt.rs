//! php-src's ext/sockets tests (`ext/sockets/tests/*.phpt`), ported as the `sockbox-phpt`
//! guest (tests/phpt): one test per ported phpt, each run through the real host under a
//! policy that allows what that phpt needs on loopback and nothing else. docs/phpt.md lists
//! every phpt, ported or not, and why.

use sockbox::Policy;
use sockbox_tests::{TempDir, free_port, loopback_policy, run};

/// What a phpt needs from the policy.
#[derive(Clone, Copy)]
enum Needs {
    /// Nothing: socket pairs, argument checks, unconnected sockets.
    Nothing,
    /// Loopback addresses (127.0.0.0/8, ::1): connect and bind.
    Loopback,
    /// Loopback, plus binding the wildcard addresses (0.0.0.0, ::), which
    /// socket_create_listen() and several phpts bind.
    Wildcard,
    /// AF_UNIX paths in a temporary directory (passed as `dir=`).
    Unix,
}

fn policy(needs: Needs, dir: &TempDir) -> Policy {
    match needs {
        Needs::Nothing => Policy::deny_all(),
        Needs::Loopback => loopback_policy(&[]),
        Needs::Wildcard => loopback_policy(&[])
            .allow_bind("0.0.0.0:*")
            .unwrap()
            .allow_bind("[::]:*")
            .unwrap(),
        Needs::Unix => Policy::deny_all().allow_unix(dir.path()).unwrap(),
    }
}

/// A congestion control algorithm an unprivileged process may select here (the phpt's
/// 'cubic' when allowed).
fn congestion_algorithm() -> String {
    let allowed = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_allowed_congestion_control")
        .unwrap_or_default();
    let names: Vec<&str> = allowed.split_whitespace().collect();
    if names.is_empty() || names.contains(&"cubic") {
        "cubic".into()
    } else {
        names[0].into()
    }
}

/// Runs `sockbox-phpt NAME` and asserts it passed.
fn phpt(name: &str, needs: Needs) {
    let dir = TempDir::new("phpt");
    let port = free_port();
    let port2 = std::iter::repeat_with(free_port)
        .find(|&p| p != port)
        .unwrap();
    let mut args = vec![
        name.to_owned(),
        format!("port={port}"),
        format!("port2={port2}"),
        format!("pid={}", std::process::id()),
        format!("algo={}", congestion_algorithm()),
    ];
    if let Needs::Unix = needs {
        args.push(format!("dir={}", dir.str()));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run("sockbox-phpt", &args, policy(needs, &dir));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // A port that asserts a documented difference reports DIFFERS: only the ones listed here
    // may (docs/phpt.md says which and why).
    let verdict = if DIFFERS.contains(&name) {
        "DIFFERS"
    } else {
        "PASS"
    };
    assert!(
        out.exit_code == 0 && stdout.starts_with(&format!("{verdict} {name}")),
        "{name}.phpt exited {} (expected {verdict}):\n{stdout}{}",
        out.exit_code,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Ports that need a second interface and multicast routes: tests/tests/network.rs runs them
/// inside network namespaces (sending to a group from the host's own namespace would leave
/// the machine).
const NETWORK_TIER: &[&str] = &["mcast_ipv4_recv"];

/// Ports that pass by asserting sockbox's documented behaviour where it differs from PHP's.
const DIFFERS: &[&str] = &["socket_reuseport_cbpf", "gh21161"];

macro_rules! phpts {
    ($($(#[$meta:meta])* $test:ident = $name:literal, $needs:ident;)*) => {
        /// Every ported phpt, as `sockbox-phpt list` prints them.
        const PORTED: &[&str] = &[$($name),*];
        $(
            $(#[$meta])*
            #[test]
            fn $test() {
                phpt($name, Needs::$needs);
            }
        )*
    };
}

phpts! {
    // Errors, argument checks, error bookkeeping (tests/phpt/src/errors.rs).
    bug46360 = "bug46360", Nothing;
    gh16267 = "gh16267", Nothing;
    gh17921 = "gh17921", Wildcard;
    socket_strerror = "socket_strerror", Nothing;
    socket_accept_failure = "socket_accept_failure", Nothing;
    socket_read_params = "socket_read_params", Wildcard;
    socket_send_params = "socket_send_params", Wildcard;
    socket_sendto_params = "socket_sendto_params", Wildcard;
    socket_sendto_invalid_port = "socket_sendto_invalid_port", Wildcard;
    socket_bind_invalid_port = "socket_bind_invalid_port", Nothing;
    socket_clear_error = "socket_clear_error", Loopback;
    socket_listen_wrongparams = "socket_listen-wrongparams", Nothing;
    socket_getpeername = "socket_getpeername", Wildcard;
    socket_set_block_retval = "socket_set_block-retval", Wildcard;
    socket_set_nonblock_retval = "socket_set_nonblock-retval", Wildcard;
    socket_set_nonblock = "socket_set_nonblock", Wildcard;
    socket_connect_params = "socket_connect_params", Wildcard;
    // Creating sockets (create.rs).
    socket_create_listen = "socket_create_listen", Wildcard;
    socket_create_listen_invalid_port = "socket_create_listen_invalid_port", Wildcard;
    socket_create_listen_used = "socket_create_listen_used", Wildcard;
    // The policy allows no bind at all: the refusal a non-root process gets from the kernel.
    socket_create_listen_nobind = "socket_create_listen-nobind", Nothing;
    socket_create_pair = "socket_create_pair", Nothing;
    socket_create_pair_wrongparams = "socket_create_pair-wrongparams", Nothing;
    socket_create_pair_sockexec = "socket_create_pair_sockexec", Nothing;
    socket_getsockname = "socket_getsockname", Wildcard;
    gh13603 = "gh13603", Unix;
    // Data over loopback (io.rs).
    ipv4loop = "ipv4loop", Loopback;
    ipv6loop = "ipv6loop", Loopback;
    unixloop = "unixloop", Unix;
    socket_getpeername_ipv4loop = "socket_getpeername_ipv4loop", Loopback;
    socket_getpeername_ipv6loop = "socket_getpeername_ipv6loop", Loopback;
    socket_sentto_recvfrom_ipv4_udp = "socket_sentto_recvfrom_ipv4_udp", Loopback;
    socket_sentto_recvfrom_ipv6_udp = "socket_sentto_recvfrom_ipv6_udp", Loopback;
    socket_sentto_recvfrom_unix = "socket_sentto_recvfrom_unix", Unix;
    bug76839 = "bug76839", Unix;
    socket_atmark = "socket_atmark", Nothing;
    socket_sendto_zerocopy = "socket_sendto_zerocopy", Loopback;
    // socket_select (select.rs).
    socket_select = "socket_select", Nothing;
    socket_select_wrongparams_1 = "socket_select-wrongparams-1", Nothing;
    socket_select_wrongparams_2 = "socket_select-wrongparams-2", Nothing;
    socket_select_wrongparams_4 = "socket_select-wrongparams-4", Nothing;
    // Messages and control data (msg.rs).
    socket_recvmsg = "socket_recvmsg", Wildcard;
    socket_sendrecvmsg_error = "socket_sendrecvmsg_error", Nothing;
    socket_sendrecvmsg_multi_msg = "socket_sendrecvmsg_multi_msg", Wildcard;
    socket_sendrecvmsg_multi_msg_unix = "socket_sendrecvmsg_multi_msg-unix", Wildcard;
    socket_cmsg_credentials = "socket_cmsg_credentials", Unix;
    socket_cmsg_space_num_range_64bit = "socket_cmsg_space_num_range_64bit", Nothing;
    socket_cmsg_space_return_type = "socket_cmsg_space_return_type", Nothing;
    socket_set_option_in6_pktinfo = "socket_set_option_in6_pktinfo", Nothing;
    gh21161 = "gh21161", Nothing;
    // Socket options (options.rs).
    socket_set_option_rcvtimeo = "socket_set_option_rcvtimeo", Nothing;
    socket_set_option_sndtimeo = "socket_set_option_sndtimeo", Nothing;
    socket_set_option_seolinger = "socket_set_option_seolinger", Nothing;
    socket_set_option_timeo_error = "socket_set_option_timeo_error", Nothing;
    socket_setopt_basic = "socket_setopt_basic", Nothing;
    // Host bug: SO_DEBUG is refused with EPERM; Linux answers an unprivileged process EACCES.
    socket_set_option_error_socket_option = "socket_set_option_error_socket_option", Nothing;
    socket_tcp_congestion = "socket_tcp_congestion", Nothing;
    socket_defer_acp = "socket_defer_acp", Wildcard;
    socket_dontfragment = "socket_dontfragment", Loopback;
    socket_meminfo = "socket_meminfo", Loopback;
    socket_bpf_extensions = "socket_bpf_extensions", Nothing;
    socket_reuseport_cbpf = "socket_reuseport_cbpf", Wildcard;
    // PHP 8.5's 0..65535 range check of UDP_SEGMENT.
    socket_cmsg_udp_segment = "socket_cmsg_udp_segment", Nothing;
    // An IP multicast group on an AF_UNIX socket: the ValueError of the PHP version that added
    // this phpt.
    mcast_sockettype_error = "mcast_sockettype_error", Unix;
    // Multicast send options on loopback (mcast.rs); the receive test runs in the network tier.
    mcast_ipv4_send = "mcast_ipv4_send", Nothing;
    mcast_ipv6_send = "mcast_ipv6_send", Nothing;
    mcast_ipv4_send_error = "mcast_ipv4_send_error", Nothing;
    socket_getopt = "socket_getopt", Nothing;
    // Address lookups (addrinfo.rs).
    socket_addrinfo_bind = "socket_addrinfo_bind", Loopback;
    socket_addrinfo_connect = "socket_addrinfo_connect", Loopback;
    socket_addrinfo_explain = "socket_addrinfo_explain", Nothing;
    socket_getaddrinfo_error = "socket_getaddrinfo_error", Nothing;
}

#[test]
fn list_matches_the_ported_set() {
    let out = run("sockbox-phpt", &["list"], Policy::deny_all());
    assert_eq!(out.exit_code, 0);
    let listed: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    let mut ported: Vec<&str> = PORTED.iter().chain(NETWORK_TIER).copied().collect();
    ported.sort_unstable();
    assert_eq!(listed, ported);
}
