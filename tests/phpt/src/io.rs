//! Data over loopback: TCP over IPv4 / IPv6, AF_UNIX streams and datagrams, UDP, out-of-band
//! data.

use crate::check::{Ctx, Fallible, Outcome, TestFn};
use sockbox_guest::*;

pub const TESTS: &[(&str, TestFn)] = &[
    ("ipv4loop", ipv4loop),
    ("ipv6loop", ipv6loop),
    ("unixloop", unixloop),
    ("socket_getpeername_ipv4loop", socket_getpeername_ipv4loop),
    ("socket_getpeername_ipv6loop", socket_getpeername_ipv6loop),
    (
        "socket_sentto_recvfrom_ipv4_udp",
        socket_sentto_recvfrom_ipv4_udp,
    ),
    (
        "socket_sentto_recvfrom_ipv6_udp",
        socket_sentto_recvfrom_ipv6_udp,
    ),
    ("socket_sentto_recvfrom_unix", socket_sentto_recvfrom_unix),
    ("bug76839", bug76839),
    ("socket_atmark", socket_atmark_test),
    ("socket_sendto_zerocopy", socket_sendto_zerocopy),
];

/// A connected TCP (or AF_UNIX stream) trio: listener, client, accepted peer.
struct Conn {
    server: Socket,
    client: Socket,
    peer: Socket,
    /// The listener's port (AF_INET / AF_INET6).
    port: Option<u16>,
}

/// socket_create + bind + listen(2) + connect + accept, as the loop phpts do.
fn connect(domain: i64, protocol: i64, address: &str, port: i64) -> Fallible<Conn> {
    let server = ok!(socket_create(domain, SOCK_STREAM, protocol));
    ok!(socket_bind(&server, address, port));
    ok!(socket_listen(&server, 2));
    let port = ok!(socket_getsockname(&server)).port;
    let client = ok!(socket_create(domain, SOCK_STREAM, protocol));
    ok!(socket_connect(&client, address, port.map(i64::from)));
    let peer = ok!(socket_accept(&server));
    Ok(Conn {
        server,
        client,
        peer,
        port,
    })
}

/// Writes "ABCdef123\n" on the client and reads 10 bytes on the accepted side.
fn round_trip(conn: Conn) -> Outcome {
    eq!(ok!(socket_write(&conn.client, "ABCdef123\n", None)), 10);
    let data = ok!(socket_read(&conn.peer, 10, PHP_BINARY_READ));
    eq!(String::from_utf8_lossy(&data), "ABCdef123\n");
    ok!(socket_close(&conn.client));
    ok!(socket_close(&conn.peer));
    ok!(socket_close(&conn.server));
    Ok(())
}

/// IPv4 TCP loopback round trip.
fn ipv4loop(_: &Ctx) -> Outcome {
    round_trip(connect(AF_INET, SOL_TCP, "127.0.0.1", 0)?)
}

/// IPv6 TCP loopback round trip.
fn ipv6loop(c: &Ctx) -> Outcome {
    // The phpt tries ports 31337..31356 until one binds; the harness passes a free one.
    round_trip(connect(AF_INET6, SOL_TCP, "::1", c.int("port", 31337))?)
}

/// AF_UNIX stream round trip.
fn unixloop(c: &Ctx) -> Outcome {
    let path = c.path("unixloop.sock");
    round_trip(connect(AF_UNIX, 0, &path, 0)?)
}

/// socket_getpeername() of a connected client names the server.
fn getpeername_loop(address: &str, domain: i64, port: i64) -> Outcome {
    let conn = connect(domain, SOL_TCP, address, port)?;
    let peer = ok!(socket_getpeername(&conn.client));
    eq!(peer.address, address);
    eq!(peer.port, conn.port);
    eq!(peer.port.map(i64::from), Some(port));
    Ok(())
}

fn socket_getpeername_ipv4loop(c: &Ctx) -> Outcome {
    getpeername_loop("127.0.0.1", AF_INET, c.int("port", 31337))
}

fn socket_getpeername_ipv6loop(c: &Ctx) -> Outcome {
    getpeername_loop("::1", AF_INET6, c.int("port", 31337))
}

/// UDP sendto/recvfrom to itself, with the phpt's failing calls first.
fn udp(domain: i64, address: &str, family_name: &str, port: i64) -> Outcome {
    let s = ok!(socket_create(domain, SOCK_DGRAM, SOL_UDP));
    ok!(socket_set_nonblock(&s));
    // "unable to recvfrom [11]: Resource temporarily unavailable".
    errno!(socket_recvfrom(&s, 12, 0), SOCKET_EAGAIN);
    // PHP 8: sendto on an AF_INET/AF_INET6 socket without a port is a ValueError (PHP 7's
    // "Wrong parameter count" warning).
    throws!(
        socket_sendto(&s, "", 1, 0, address, None),
        &format!(
            "socket_sendto(): Argument #6 ($port) cannot be null when the socket type is {family_name}"
        )
    );
    ok!(socket_bind(&s, address, port));
    eq!(
        ok!(socket_sendto(&s, "Ping!", 5, 0, address, Some(port))),
        5
    );
    // The phpt's two recvfrom calls without &$from / &$port are argument-count errors a typed
    // call cannot make (the SDK always returns both).
    let got = ok!(socket_recvfrom(&s, 12, 0));
    eq!(got.count, 5);
    eq!(String::from_utf8_lossy(&got.data), "Ping!");
    eq!(got.address, address);
    eq!(got.port.map(i64::from), Some(port));
    ok!(socket_close(&s));
    Ok(())
}

fn socket_sentto_recvfrom_ipv4_udp(c: &Ctx) -> Outcome {
    udp(AF_INET, "127.0.0.1", "AF_INET", c.int("port", 1223))
}

fn socket_sentto_recvfrom_ipv6_udp(c: &Ctx) -> Outcome {
    udp(AF_INET6, "::1", "AF_INET6", c.int("port", 1223))
}

/// AF_UNIX datagram sendto/recvfrom to itself.
fn socket_sentto_recvfrom_unix(c: &Ctx) -> Outcome {
    // "Unable to create socket [93]: Protocol not supported".
    errno!(
        socket_create(AF_UNIX, SOCK_DGRAM, SOL_UDP),
        SOCKET_EPROTONOSUPPORT
    );
    let s = ok!(socket_create(AF_UNIX, SOCK_DGRAM, 0));
    ok!(socket_set_nonblock(&s));
    errno!(socket_recvfrom(&s, 12, 0), SOCKET_EAGAIN);
    let path = c.path("recvfrom-unix.sock");
    ok!(socket_bind(&s, &path, 0));
    // The phpt's sendto without an address is an argument-count error (not expressible).
    eq!(ok!(socket_sendto(&s, "Ping!", 5, 0, &path, None)), 5);
    // A zero length: false, no warning.
    eq!(err!(socket_recvfrom(&s, 0, 0)), Error::Unspecified);
    let got = ok!(socket_recvfrom(&s, 12, 0));
    eq!(got.count, 5);
    eq!(String::from_utf8_lossy(&got.data), "Ping!");
    eq!(got.address, path);
    ok!(socket_close(&s));
    Ok(())
}

/// Bug #76839: socket_recvfrom() always reports the AF_UNIX sender's path, over ten rounds
/// with paths of varying length.
fn bug76839(c: &Ctx) -> Outcome {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random_name = |round: usize, who: &str| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let len = 8 + (seed >> 60) as usize; // 8..=23, as the phpt's md5 prefixes vary
        let hex = format!("{seed:016x}{:08x}", seed >> 17);
        c.path(&format!("{}{who}{round}.sock", &hex[..len.min(hex.len())]))
    };
    for round in 0..10 {
        let sender_path = random_name(round, "s");
        let sender = ok!(socket_create(AF_UNIX, SOCK_DGRAM, 0));
        ok!(socket_bind(&sender, &sender_path, 0));
        let receiver_path = random_name(round, "r");
        let receiver = ok!(socket_create(AF_UNIX, SOCK_DGRAM, 0));
        ok!(socket_bind(&receiver, &receiver_path, 0));

        eq!(
            ok!(socket_sendto(&sender, "Ping!", 5, 0, &receiver_path, None)),
            5
        );
        let got = ok!(socket_recvfrom(&receiver, 65535, 0));
        eq!(String::from_utf8_lossy(&got.data), "Ping!");
        eq!(got.address, sender_path);
        // "Responded to sender with 'Pong!'": the reported address works as a destination.
        eq!(
            ok!(socket_sendto(&receiver, "Pong!", 5, 0, &got.address, None)),
            5
        );
        let back = ok!(socket_recvfrom(&sender, 65535, 0));
        eq!(String::from_utf8_lossy(&back.data), "Pong!");
        ok!(socket_close(&receiver));
        ok!(socket_close(&sender));
    }
    Ok(())
}

/// socket_atmark() around one byte of out-of-band data, with SO_OOBINLINE.
fn socket_atmark_test(_: &Ctx) -> Outcome {
    let (a, b) = ok!(socket_create_pair(AF_UNIX, SOCK_STREAM, 0));
    ok!(socket_write(&a, "a", None));
    ok!(socket_send(&a, "b", 1, MSG_OOB));
    ok!(socket_write(&a, "c", None));

    eq!(ok!(socket_atmark(&b)), false);
    ok!(socket_set_option(&b, SOL_SOCKET, SO_OOBINLINE, 1i64));
    eq!(ok!(socket_atmark(&b)), false);
    for (byte, mark_after) in [("a", true), ("b", false), ("c", false)] {
        let got = ok!(socket_recv(&b, 1, 0));
        eq!(String::from_utf8_lossy(&got.data), byte);
        eq!(ok!(socket_atmark(&b)), mark_after);
    }
    ok!(socket_close(&a));
    ok!(socket_close(&b));
    Ok(())
}

/// SO_ZEROCOPY + MSG_ZEROCOPY: a 16 KiB UDP datagram is sent whole.
fn socket_sendto_zerocopy(c: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP));
    ok!(socket_set_option(&s, SOL_SOCKET, SO_ZEROCOPY, 1i64));
    ok!(socket_set_nonblock(&s));
    ok!(socket_bind(&s, "127.0.0.1", 0));
    let msg = "0123456789abcdef".repeat(1024);
    let sent = ok!(socket_sendto(
        &s,
        &msg,
        msg.len() as i64,
        MSG_ZEROCOPY,
        "127.0.0.1",
        Some(c.int("port", 3001))
    ));
    eq!(sent, 16384);
    ok!(socket_close(&s));
    Ok(())
}
