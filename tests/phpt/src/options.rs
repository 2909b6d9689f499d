//! socket_set_option() / socket_get_option() (and the socket_setopt / socket_getopt aliases).

use crate::check::{Ctx, Outcome, TestFn};
use sockbox_guest::*;

pub const TESTS: &[(&str, TestFn)] = &[
    ("socket_set_option_rcvtimeo", socket_set_option_rcvtimeo),
    ("socket_set_option_sndtimeo", socket_set_option_sndtimeo),
    ("socket_set_option_seolinger", socket_set_option_seolinger),
    (
        "socket_set_option_timeo_error",
        socket_set_option_timeo_error,
    ),
    ("socket_setopt_basic", socket_setopt_basic),
    (
        "socket_set_option_error_socket_option",
        socket_set_option_error_socket_option,
    ),
    ("socket_tcp_congestion", socket_tcp_congestion),
    ("socket_defer_acp", socket_defer_acp),
    ("socket_dontfragment", socket_dontfragment),
    ("socket_meminfo", socket_meminfo),
    ("socket_bpf_extensions", socket_bpf_extensions),
    ("socket_reuseport_cbpf", socket_reuseport_cbpf),
    ("socket_cmsg_udp_segment", socket_cmsg_udp_segment),
    ("mcast_sockettype_error", mcast_sockettype_error),
];

/// Sets {sec: 1, usec: 0} on a blocking TCP socket and reads the same array back.
fn timeo_round_trip(option: i64, alias: bool) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    ok!(socket_set_block(&s));
    let options = Timeval { sec: 1, usec: 0 };
    if alias {
        ok!(socket_setopt(&s, SOL_SOCKET, option, options));
        eq!(
            ok!(socket_getopt(&s, SOL_SOCKET, option)),
            OptionValue::Timeval(options)
        );
    } else {
        ok!(socket_set_option(&s, SOL_SOCKET, option, options));
        eq!(
            ok!(socket_get_option(&s, SOL_SOCKET, option)),
            OptionValue::Timeval(options)
        );
    }
    ok!(socket_close(&s));
    Ok(())
}

/// SO_RCVTIMEO set/get round trip. (The phpt's `array()` without "sec" cannot be built: the
/// typed Timeval always has both keys.)
fn socket_set_option_rcvtimeo(_: &Ctx) -> Outcome {
    timeo_round_trip(SO_RCVTIMEO, false)
}

/// SO_SNDTIMEO set/get round trip. (The missing-key ValueError, `must have key "sec"`, cannot
/// be provoked with the typed Timeval.)
fn socket_set_option_sndtimeo(_: &Ctx) -> Outcome {
    timeo_round_trip(SO_SNDTIMEO, false)
}

/// socket_setopt() / socket_getopt() aliases with SO_SNDTIMEO.
fn socket_setopt_basic(_: &Ctx) -> Outcome {
    timeo_round_trip(SO_SNDTIMEO, true)
}

/// SO_LINGER set/get: l_linger comes back as set, l_onoff as true. (The phpt's arrays
/// without "l_onoff" / "l_linger" cannot be built with the typed Linger.)
fn socket_set_option_seolinger(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    let options = Linger {
        l_onoff: 1,
        l_linger: 1,
    };
    ok!(socket_set_option(&s, SOL_SOCKET, SO_LINGER, options));
    let OptionValue::Linger(got) = ok!(socket_get_option(&s, SOL_SOCKET, SO_LINGER)) else {
        fail!("SO_LINGER did not come back as {{l_onoff, l_linger}}");
    };
    eq!(got.l_linger, 1);
    eq!(got.l_onoff != 0, true);
    ok!(socket_close(&s));
    Ok(())
}

/// SO_RCVTIMEO / SO_SNDTIMEO / SO_LINGER with bad values. The phpt's four cases are
/// TypeErrors for string / object / array values inside the option array, which the typed
/// Timeval / Linger records cannot hold; what remains expressible is PHP 8.5's range check of
/// the SO_LINGER fields (0..65535), a ValueError.
fn socket_set_option_timeo_error(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    throws!(
        socket_set_option(
            &s,
            SOL_SOCKET,
            SO_LINGER,
            Linger {
                l_onoff: 65536,
                l_linger: 1
            }
        ),
        "socket_set_option(): Argument #4 ($value) \"l_onoff\" must be between 0 and 65535"
    );
    throws!(
        socket_set_option(
            &s,
            SOL_SOCKET,
            SO_LINGER,
            Linger {
                l_onoff: 1,
                l_linger: -1
            }
        ),
        "socket_set_option(): Argument #4 ($value) \"l_linger\" must be between 0 and 65535"
    );
    Ok(())
}

/// Setting option 1 (SO_DEBUG) without CAP_NET_ADMIN: "unable to set socket option [%d]:
/// Permission denied" (EACCES, what Linux answers an unprivileged process).
fn socket_set_option_error_socket_option(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    errno!(socket_set_option(&s, SOL_SOCKET, 1, 1i64), SOCKET_EACCES);
    ok!(socket_close(&s));
    Ok(())
}

/// TCP_CONGESTION reads as ['name' => ...]; an algorithm unprivileged users may choose can be
/// set and reads back.
fn socket_tcp_congestion(c: &Ctx) -> Outcome {
    // The phpt uses 'cubic', Linux's default; the harness passes one this machine allows
    // (net.ipv4.tcp_allowed_congestion_control).
    let algo = c.get("algo", "cubic");
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    match ok!(socket_get_option(&s, SOL_TCP, TCP_CONGESTION)) {
        OptionValue::Text(name) => ensure!(!name.is_empty(), "empty current algorithm"),
        other => fail!("TCP_CONGESTION read as {other:?}, expected ['name' => ...]"),
    }
    ok!(socket_set_option(&s, SOL_TCP, TCP_CONGESTION, algo));
    eq!(
        ok!(socket_get_option(&s, SOL_TCP, TCP_CONGESTION)),
        OptionValue::Text(algo.into())
    );
    Ok(())
}

/// TCP_DEFER_ACCEPT 5 on a listener reads back rounded up by the kernel.
fn socket_defer_acp(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    let initial = 5;
    ok!(socket_set_option(&s, SOL_TCP, TCP_DEFER_ACCEPT, initial));
    // listen() on an unbound socket binds it to 0.0.0.0 and an ephemeral port.
    ok!(socket_listen(&s, 0));
    let rounded = ok!(socket_get_option(&s, SOL_TCP, TCP_DEFER_ACCEPT)).as_int();
    ensure!(
        rounded.is_some_and(|r| r > initial),
        "TCP_DEFER_ACCEPT read back as {rounded:?}, expected more than {initial}"
    );
    ok!(socket_close(&s));
    Ok(())
}

/// IP_MTU_DISCOVER = IP_PMTUDISC_DO on a bound UDP socket.
fn socket_dontfragment(c: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP));
    ok!(socket_bind(&s, "127.0.0.1", c.int("port", 5557)));
    ok!(socket_set_option(
        &s,
        IPPROTO_IP,
        IP_MTU_DISCOVER,
        IP_PMTUDISC_DO
    ));
    Ok(())
}

/// SO_MEMINFO on a connected TCP socket: the nine counters.
fn socket_meminfo(_: &Ctx) -> Outcome {
    let server = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    ok!(socket_bind(&server, "127.0.0.1", 0));
    ok!(socket_listen(&server, 2));
    let port = ok!(socket_getsockname(&server)).port.map(i64::from);
    let client = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    ok!(socket_connect(&client, "127.0.0.1", port));
    let socket = ok!(socket_accept(&server));
    ok!(socket_write(&client, "SO_MEMINFO\n", None));
    ok!(socket_read(&socket, 10, PHP_BINARY_READ));
    // array(9) {rmem_alloc, rcvbuf, wmem_alloc, sndbuf, fwd_alloc, wmem_queued, optmem,
    // backlog, drops}: the record has exactly these fields.
    let OptionValue::Meminfo(info) = ok!(socket_get_option(&socket, SOL_SOCKET, SO_MEMINFO)) else {
        fail!("SO_MEMINFO did not come back as the nine counters");
    };
    ensure!(
        info.rcvbuf > 0 && info.sndbuf > 0,
        "SO_MEMINFO buffers are not positive: {info:?}"
    );
    ok!(socket_close(&client));
    ok!(socket_close(&socket));
    ok!(socket_close(&server));
    Ok(())
}

/// socket_getopt(SOL_SOCKET, SO_BPF_EXTENSIONS) is an int (non-zero: the phpt dies on a
/// falsy value).
fn socket_bpf_extensions(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    let flags = ok!(socket_getopt(&s, SOL_SOCKET, SO_BPF_EXTENSIONS)).as_int();
    ensure!(
        flags.is_some_and(|f| f != 0),
        "SO_BPF_EXTENSIONS is {flags:?}, expected a non-zero int"
    );
    ok!(socket_close(&s));
    Ok(())
}

/// SO_REUSEADDR, SO_REUSEPORT, SO_ATTACH_REUSEPORT_CBPF, then bind and listen.
fn socket_reuseport_cbpf(c: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    ok!(socket_set_option(&s, SOL_SOCKET, SO_REUSEADDR, true));
    ok!(socket_set_option(&s, SOL_SOCKET, SO_REUSEPORT, true));
    // The phpt's `array()` value (a TypeError) has no typed counterpart.
    // PHP: true. sockbox deliberately refuses BPF filters with EPERM whatever the host's
    // privileges (docs/php-differences.md "Socket options", docs/security.md).
    c.differs("SO_ATTACH_REUSEPORT_CBPF is refused (EPERM): BPF filters need the privileged rule");
    errno!(
        socket_set_option(&s, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, SKF_AD_CPU),
        SOCKET_EPERM
    );
    ok!(socket_bind(&s, "0.0.0.0", 0));
    ok!(socket_listen(&s, 0));
    ok!(socket_close(&s));
    Ok(())
}

/// UDP_SEGMENT outside 0..65535: ValueError (PHP 8.5, which added the constant).
fn socket_cmsg_udp_segment(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_UNIX, SOCK_DGRAM, 0));
    // The phpt calls the socket_setopt() alias, and PHP names the alias in the message; the
    // SDK's alias reaches the host as socket_set_option, so the message names that.
    let message = "socket_set_option(): Argument #4 ($value) must be between 0 and 65535";
    throws!(socket_setopt(&s, SOL_UDP, UDP_SEGMENT, -1i64), message);
    throws!(socket_setopt(&s, SOL_UDP, UDP_SEGMENT, 65536i64), message);
    Ok(())
}

/// MCAST_JOIN_GROUP on an AF_UNIX socket: ValueError "IP address used in the context of an
/// unexpected type of socket".
fn mcast_sockettype_error(c: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_UNIX, SOCK_DGRAM, 0));
    ok!(socket_bind(&s, &c.path("mcast.sock"), 0));
    let request = McastRequest {
        group: "127.0.0.1".into(),
        interface: Some(Iface::Name("lo".into())),
        source: None,
    };
    throws!(
        socket_set_option(&s, IPPROTO_IP, MCAST_JOIN_GROUP, request),
        "IP address used in the context of an unexpected type of socket"
    );
    Ok(())
}
