//! The multicast phpts: send options round trips (on loopback) and the receive test, which
//! needs a second interface for its "different interface" send (the network tier runs it in a
//! namespace with a veth link).

use crate::check::{Ctx, Outcome, TestFn};
use sockbox_guest::*;

pub const TESTS: &[(&str, TestFn)] = &[
    ("mcast_ipv4_send", mcast_ipv4_send),
    ("mcast_ipv6_send", mcast_ipv6_send),
    ("mcast_ipv4_send_error", mcast_ipv4_send_error),
    ("socket_getopt", socket_getopt_test),
    ("mcast_ipv4_recv", mcast_ipv4_recv),
];

/// TTL/HOPS 9, LOOP 0 then 1, IF 0 then 1, each read back (with the alias getter if asked).
fn send_options(domain: i64, alias: bool) -> Outcome {
    let s = ok!(socket_create(domain, SOCK_DGRAM, SOL_UDP));
    let (level, ttl, lp, iface) = if domain == AF_INET {
        (
            IPPROTO_IP,
            IP_MULTICAST_TTL,
            IP_MULTICAST_LOOP,
            IP_MULTICAST_IF,
        )
    } else {
        (
            IPPROTO_IPV6,
            IPV6_MULTICAST_HOPS,
            IPV6_MULTICAST_LOOP,
            IPV6_MULTICAST_IF,
        )
    };
    let get = |option| {
        if alias {
            socket_getopt(&s, level, option)
        } else {
            socket_get_option(&s, level, option)
        }
    };
    for (option, value) in [(ttl, 9), (lp, 0), (lp, 1), (iface, 0), (iface, 1)] {
        ok!(socket_set_option(&s, level, option, value));
        eq!(ok!(get(option)), OptionValue::Int(value));
    }
    Ok(())
}

/// IPv4 send options.
fn mcast_ipv4_send(_: &Ctx) -> Outcome {
    send_options(AF_INET, false)
}

/// IPv6 send options.
fn mcast_ipv6_send(_: &Ctx) -> Outcome {
    send_options(AF_INET6, false)
}

/// The same through the socket_getopt() alias.
fn socket_getopt_test(_: &Ctx) -> Outcome {
    send_options(AF_INET, true)
}

/// IP_MULTICAST_LOOP 256 is true (not a byte cast to 0), false is 0; TTL 256 and -1 are
/// ValueErrors that leave the value; "254" is 254.
fn mcast_ipv4_send_error(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP));
    let range = "socket_set_option(): Argument #4 ($value) must be between 0 and 255";
    ok!(socket_set_option(&s, IPPROTO_IP, IP_MULTICAST_LOOP, 256));
    eq!(
        ok!(socket_get_option(&s, IPPROTO_IP, IP_MULTICAST_LOOP)),
        OptionValue::Int(1)
    );
    ok!(socket_set_option(&s, IPPROTO_IP, IP_MULTICAST_LOOP, false));
    eq!(
        ok!(socket_get_option(&s, IPPROTO_IP, IP_MULTICAST_LOOP)),
        OptionValue::Int(0)
    );
    throws!(
        socket_set_option(&s, IPPROTO_IP, IP_MULTICAST_TTL, 256),
        range
    );
    eq!(
        ok!(socket_get_option(&s, IPPROTO_IP, IP_MULTICAST_TTL)),
        OptionValue::Int(1)
    );
    ok!(socket_set_option(&s, IPPROTO_IP, IP_MULTICAST_TTL, "254"));
    eq!(
        ok!(socket_get_option(&s, IPPROTO_IP, IP_MULTICAST_TTL)),
        OptionValue::Int(254)
    );
    throws!(
        socket_set_option(&s, IPPROTO_IP, IP_MULTICAST_TTL, -1),
        range
    );
    eq!(
        ok!(socket_get_option(&s, IPPROTO_IP, IP_MULTICAST_TTL)),
        OptionValue::Int(254)
    );
    Ok(())
}

fn group(source: Option<&str>) -> OptionValue {
    OptionValue::Mcast(McastRequest {
        group: "224.0.0.23".into(),
        interface: Some(Iface::Name("lo".into())),
        source: source.map(Into::into),
    })
}

/// IPv4 receive: join, leave, source blocks and source groups on `lo`, with sends to the
/// group from a socket bound to 127.0.0.1 and from an unbound one that the routing table sends
/// out another interface; each datagram read (with the phpt's 500 ms read timeout) must be the
/// one the phpt expects.
fn mcast_ipv4_recv(_: &Ctx) -> Outcome {
    let group_addr = "224.0.0.23";
    let sends1 = ok!(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP));
    ok!(socket_bind(&sends1, "127.0.0.1", 0));
    let sends2 = ok!(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP));
    let s = ok!(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP));
    ok!(socket_bind(&s, "0.0.0.0", 0));
    let port = i64::from(ok!(socket_getsockname(&s)).port.unwrap_or(0));
    ok!(socket_set_option(
        &s,
        IPPROTO_IP,
        MCAST_JOIN_GROUP,
        group(None)
    ));
    let send = |from: &Socket, text: &str, to: &str| {
        socket_sendto(from, text, text.len() as i64, 0, to, Some(port))
    };
    eq!(ok!(send(&sends1, "initial packet", group_addr)), 14);
    let timeout = Timeval {
        sec: 0,
        usec: 500_000,
    };
    ok!(socket_set_option(&s, SOL_SOCKET, SO_RCVTIMEO, timeout));
    // What each read must return, and the steps after it.
    let expected = [
        "initial packet",
        "unicast packet",
        "mcast packet",
        "unicast packet",
        "mcast packet from 127.0.0.1",
        "unicast packet",
        "mcast packet from 127.0.0.1",
        "unicast packet",
    ];
    for (i, want) in expected.iter().enumerate() {
        let got = ok!(socket_read(&s, 3000, PHP_BINARY_READ));
        eq!(String::from_utf8_lossy(&got), *want);
        match i + 1 {
            1 | 5 => {
                ok!(socket_set_option(
                    &s,
                    IPPROTO_IP,
                    MCAST_LEAVE_GROUP,
                    group(None)
                ));
                eq!(ok!(send(&sends1, "ignored mcast packet", group_addr)), 20);
                eq!(ok!(send(&sends1, "unicast packet", "127.0.0.1")), 14);
            }
            2 => {
                ok!(socket_set_option(
                    &s,
                    IPPROTO_IP,
                    MCAST_JOIN_GROUP,
                    group(None)
                ));
                let other = "ignored mcast packet (different interface)";
                eq!(ok!(send(&sends2, other, group_addr)), 42);
                eq!(ok!(send(&sends1, "mcast packet", group_addr)), 12);
            }
            3 => {
                let block = group(Some("127.0.0.1"));
                ok!(socket_set_option(&s, IPPROTO_IP, MCAST_BLOCK_SOURCE, block));
                eq!(
                    ok!(send(&sends1, "ignored packet (blocked source)", group_addr)),
                    31
                );
                eq!(ok!(send(&sends1, "unicast packet", "127.0.0.1")), 14);
            }
            4 => {
                let unblock = group(Some("127.0.0.1"));
                ok!(socket_set_option(
                    &s,
                    IPPROTO_IP,
                    MCAST_UNBLOCK_SOURCE,
                    unblock
                ));
                eq!(
                    ok!(send(&sends1, "mcast packet from 127.0.0.1", group_addr)),
                    27
                );
            }
            6 => {
                let join = group(Some("127.0.0.1"));
                ok!(socket_set_option(
                    &s,
                    IPPROTO_IP,
                    MCAST_JOIN_SOURCE_GROUP,
                    join
                ));
                eq!(
                    ok!(send(&sends1, "mcast packet from 127.0.0.1", group_addr)),
                    27
                );
            }
            7 => {
                let leave = group(Some("127.0.0.1"));
                ok!(socket_set_option(
                    &s,
                    IPPROTO_IP,
                    MCAST_LEAVE_SOURCE_GROUP,
                    leave
                ));
                eq!(ok!(send(&sends1, "ignored mcast packet", group_addr)), 20);
                eq!(ok!(send(&sends1, "unicast packet", "127.0.0.1")), 14);
            }
            _ => {}
        }
    }
    Ok(())
}
