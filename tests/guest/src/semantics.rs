//! Scenarios where loopback and newer PHP hid a difference from php-cli 8.2: connects that must
//! wait, reads at the end of a stream, datagrams read line-wise, select counts, address forms.
//! Each prints what tests/php/scenarios.php prints for it.

use crate::report::{q, report};
use crate::{data, int, t};
use sockbox_guest::*;
use std::time::Instant;

/// Runs `name` if it is one of these scenarios.
pub fn run(scenario: &str, args: &[String]) -> bool {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let port = |i: usize| arg(i).parse::<i64>().unwrap_or(0);
    match scenario {
        "refused-twice" => refused_twice(),
        "connect-sndtimeo" => connect_timed(AF_INET, "127.0.0.1", Some(port(0))),
        "unix-connect-full" => connect_timed(AF_UNIX, &arg(0), None),
        "normal-read-nonblock-eof" => normal_read_nonblock_eof(),
        "normal-read-dgram" => normal_read_dgram(),
        "select-duplicates" => select_duplicates(),
        "select-loop" => select_loop(),
        "v4-literal-on-v6" => v4_literal_on_v6(),
        "aton-literals" => aton_literals(),
        "waitall-dgram" => waitall_dgram(),
        "peek-waitall" => peek_waitall(),
        "rcvlowat" => rcvlowat(),
        "errqueue-blocking" => errqueue_blocking(),
        "select-huge-timeout" => select_huge_timeout(),
        "timeouts-extreme" => timeouts_extreme(),
        "connect-to" => connect_to(&arg(0), port(1), port(2)),
        "udp-send-to" => udp_send_to(&arg(0), port(1)),
        "send-bulk" => send_bulk(&arg(0), port(1), port(2)),
        "send-stalled" => send_stalled(&arg(0), port(1)),
        _ => return false,
    }
    true
}

fn waited(start: Instant) -> String {
    let ms = start.elapsed().as_millis();
    format!("waited: {}", ms >= 250)
}

/// A refused blocking connect fails with ECONNREFUSED, and so does the next one on the same
/// socket; the socket is left unbound.
fn refused_twice() {
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report("connect", socket_connect(&s, "127.0.0.1", Some(1)), t);
    report("connect again", socket_connect(&s, "127.0.0.1", Some(1)), t);
    // The kernel keeps the port it picked; the address is reset.
    report("getsockname", socket_getsockname(&s), |n| {
        q(n.address.as_bytes())
    });
    println!("socket error: {}", socket_last_error(Some(&s)));
}

/// A blocking connect that cannot finish — a TCP listener that never answers (its backlog is
/// full: the SYN is dropped), an AF_UNIX listener whose backlog is full — waits, and an
/// SO_SNDTIMEO of 300 ms ends the wait: EINPROGRESS for TCP, EAGAIN for AF_UNIX, as on Linux.
fn connect_timed(domain: i64, address: &str, port: Option<i64>) {
    let protocol = if domain == AF_UNIX { 0 } else { SOL_TCP };
    let s = socket_create(domain, SOCK_STREAM, protocol).unwrap();
    let tv = OptionValue::Timeval(Timeval {
        sec: 0,
        usec: 300_000,
    });
    report(
        "set SO_SNDTIMEO",
        socket_set_option(&s, SOL_SOCKET, SO_SNDTIMEO, tv),
        t,
    );
    let start = Instant::now();
    report("connect", socket_connect(&s, address, port), t);
    println!("{}", waited(start));
}

/// A connected TCP pair on loopback: (the accepted socket, the client).
pub fn tcp_pair() -> (Socket, Socket) {
    let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_bind(&l, "127.0.0.1", 0).unwrap();
    socket_listen(&l, 1).unwrap();
    let port = i64::from(socket_getsockname(&l).unwrap().port.unwrap());
    let c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_connect(&c, "127.0.0.1", Some(port)).unwrap();
    (socket_accept(&l).unwrap(), c)
}

/// A connected AF_UNIX pair and a connected TCP pair on loopback, as (kind, reader, writer).
fn stream_pairs() -> [(&'static str, Socket, Socket); 2] {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let (s, c) = tcp_pair();
    [("unix", a, b), ("tcp", s, c)]
}

/// PHP_NORMAL_READ on a non-blocking socket at the end of the stream: what was there, then "".
fn normal_read_nonblock_eof() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("write", socket_write(&b, "ab", None), int);
    socket_close(&b).unwrap();
    report("set_nonblock", socket_set_nonblock(&a), t);
    report("read", socket_read(&a, 10, PHP_NORMAL_READ), data);
    report("read at eof", socket_read(&a, 10, PHP_NORMAL_READ), data);
}

/// PHP_NORMAL_READ on a datagram socket: each one-byte read takes a whole datagram.
fn normal_read_dgram() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    for d in ["xyz", "\n", "q", "\n"] {
        report("send", socket_send(&b, d, d.len() as i64, 0), int);
    }
    report("read", socket_read(&a, 10, PHP_NORMAL_READ), data);
    report("read", socket_read(&a, 10, PHP_NORMAL_READ), data);
}

/// A socket listed twice in one set is counted once (as select(2) counts descriptors), and
/// both entries stay in the array.
fn select_duplicates() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_write(&b, "x", None).unwrap();
    let (mut r, mut w, mut e) = (vec![&a, &a], vec![&b], vec![]);
    report(
        "select",
        socket_select(&mut r, &mut w, &mut e, Some(0), 0),
        int,
    );
    println!("read entries: {}, write entries: {}", r.len(), w.len());
}

/// An event loop's selects: the same sets again and again, a socket moving between sets, and a
/// socket closed and replaced by a new one that the kernel gives the same descriptor number.
fn select_loop() {
    let show = |label: &str, r: &[&Socket], w: &[&Socket], sets: Result<u32>| {
        report(label, sets, |n| {
            format!("{n} (read {}, write {})", r.len(), w.len())
        });
    };
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let (c, d) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    for round in ["idle", "idle again"] {
        let (mut r, mut w, mut e) = (vec![&a, &c], vec![], vec![]);
        show(
            round,
            &r.clone(),
            &w.clone(),
            socket_select(&mut r, &mut w, &mut e, Some(0), 0),
        );
    }
    socket_write(&b, "x", None).unwrap();
    for round in ["a readable", "a still readable"] {
        let (mut r, mut w, mut e) = (vec![&a, &c], vec![], vec![]);
        let n = socket_select(&mut r, &mut w, &mut e, Some(0), 0);
        report(round, n, |n| {
            format!("{n}, first ready is a: {}", std::ptr::eq(r[0], &a))
        });
    }
    report("read a", socket_read(&a, 10, PHP_BINARY_READ), data);
    let (mut r, mut w, mut e) = (vec![&c], vec![&a], vec![]);
    let n = socket_select(&mut r, &mut w, &mut e, Some(0), 0);
    show("a moved to write", &r, &w, n);
    let (mut r, mut w, mut e) = (vec![&a, &c], vec![], vec![]);
    let n = socket_select(&mut r, &mut w, &mut e, Some(0), 0);
    show("a back to read", &r, &w, n);
    socket_close(&a).unwrap();
    // The lowest free numbers: e takes the number a had.
    let (e_, f) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_write(&f, "y", None).unwrap();
    let (mut r, mut w, mut e) = (vec![&e_, &c], vec![], vec![]);
    let n = socket_select(&mut r, &mut w, &mut e, Some(0), 0);
    report("new socket in a's place", n, |n| {
        format!(
            "{n}, ready is the new one: {}",
            r.len() == 1 && std::ptr::eq(r[0], &e_)
        )
    });
    socket_write(&d, "z", None).unwrap();
    let (mut r, mut w, mut e) = (vec![&e_, &c], vec![], vec![]);
    show(
        "both readable",
        &r.clone(),
        &w.clone(),
        socket_select(&mut r, &mut w, &mut e, Some(0), 0),
    );
    let (mut r, mut w, mut e) = (vec![&c, &e_], vec![&d], vec![]);
    let n = socket_select(&mut r, &mut w, &mut e, Some(0), 0);
    show("reordered, and d writable", &r, &w, n);
    // Dropped rather than closed: the new socket may also get the handle the old one had.
    let (mut r, mut w, mut e) = (vec![&e_, &c], vec![], vec![]);
    let n = socket_select(&mut r, &mut w, &mut e, Some(0), 0);
    show("before the drop", &r, &w, n);
    drop(e_);
    let (g, h) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_write(&h, "w", None).unwrap();
    let (mut r, mut w, mut e) = (vec![&g, &c], vec![], vec![]);
    let n = socket_select(&mut r, &mut w, &mut e, Some(0), 0);
    report("new socket in the dropped one's place", n, |n| {
        format!(
            "{n}, ready is the new one: {}",
            r.len() == 2 && std::ptr::eq(r[0], &g)
        )
    });
    drop((b, f, h));
}

/// An IPv4 literal on an AF_INET6 socket is its IPv4-mapped address.
fn v4_literal_on_v6() {
    let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_bind(&l, "127.0.0.1", 0).unwrap();
    socket_listen(&l, 5).unwrap();
    let port = i64::from(socket_getsockname(&l).unwrap().port.unwrap());
    let c = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP).unwrap();
    report("connect", socket_connect(&c, "127.0.0.1", Some(port)), t);
    report("peer", socket_getpeername(&c), |n| q(n.address.as_bytes()));
}

/// The address forms glibc's inet_aton takes are literals, needing no lookup.
fn aton_literals() {
    let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_bind(&l, "127.0.0.1", 0).unwrap();
    socket_listen(&l, 10).unwrap();
    let port = i64::from(socket_getsockname(&l).unwrap().port.unwrap());
    for addr in ["127.1", "2130706433", "0177.0.0.1"] {
        let c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
        report(
            &format!("connect {addr}"),
            socket_connect(&c, addr, Some(port)),
            t,
        );
        drop(socket_accept(&l));
    }
    // AF_INET6 takes every inet_aton form, hex included, as an IPv4-mapped address.
    let c = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP).unwrap();
    report(
        "v6 connect 0x7f.1",
        socket_connect(&c, "0x7f.1", Some(port)),
        t,
    );
    report("peer", socket_getpeername(&c), |n| q(n.address.as_bytes()));
    let u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    report("bind 127.1", socket_bind(&u, "127.1", 0), t);
    report("getsockname", socket_getsockname(&u), |n| {
        q(n.address.as_bytes())
    });
}

/// MSG_WAITALL applies to streams only: a datagram socket returns the datagram.
fn waitall_dgram() {
    let a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    let b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    socket_bind(&b, "127.0.0.1", 0).unwrap();
    let pb = i64::from(socket_getsockname(&b).unwrap().port.unwrap());
    report(
        "sendto",
        socket_sendto(&a, "abc", 3, 0, "127.0.0.1", Some(pb)),
        int,
    );
    report("recv waitall", socket_recv(&b, 100, MSG_WAITALL), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
}

/// MSG_PEEK | MSG_WAITALL consumes nothing and returns the bytes once: on an AF_UNIX stream at
/// once, on TCP after waiting for the whole length (here until SO_RCVTIMEO).
fn peek_waitall() {
    for (kind, reader, writer) in &stream_pairs() {
        socket_write(writer, "abc", None).unwrap();
        let tv = OptionValue::Timeval(Timeval {
            sec: 0,
            usec: 300_000,
        });
        socket_set_option(reader, SOL_SOCKET, SO_RCVTIMEO, tv).unwrap();
        let show = |r: &Received| format!("{} {}", r.count, q(&r.data));
        let start = Instant::now();
        report(
            &format!("{kind} peek waitall 6"),
            socket_recv(reader, 6, MSG_PEEK | MSG_WAITALL),
            show,
        );
        println!("{}", waited(start));
        socket_write(writer, "def", None).unwrap();
        report(
            &format!("{kind} peek waitall 6"),
            socket_recv(reader, 6, MSG_PEEK | MSG_WAITALL),
            show,
        );
        report(
            &format!("{kind} recv"),
            socket_recv(reader, 10, MSG_WAITALL),
            show,
        );
    }
}

/// A blocking read waits for SO_RCVLOWAT bytes (here until SO_RCVTIMEO, then takes what
/// there is), on AF_UNIX and TCP streams alike.
fn rcvlowat() {
    for (kind, reader, writer) in &stream_pairs() {
        report(
            &format!("{kind} SO_RCVLOWAT"),
            socket_set_option(reader, SOL_SOCKET, SO_RCVLOWAT, 5),
            t,
        );
        let tv = OptionValue::Timeval(Timeval {
            sec: 0,
            usec: 300_000,
        });
        socket_set_option(reader, SOL_SOCKET, SO_RCVTIMEO, tv).unwrap();
        socket_write(writer, "abc", None).unwrap();
        let start = Instant::now();
        report(
            &format!("{kind} read"),
            socket_read(reader, 10, PHP_BINARY_READ),
            data,
        );
        println!("{}", waited(start));
        socket_write(writer, "de", None).unwrap();
        socket_write(writer, "fgh", None).unwrap();
        let start = Instant::now();
        report(
            &format!("{kind} read"),
            socket_read(reader, 10, PHP_BINARY_READ),
            data,
        );
        println!("{}", waited(start));
        socket_write(writer, "ij", None).unwrap();
        let start = Instant::now();
        report(&format!("{kind} recv"), socket_recv(reader, 10, 0), |r| {
            format!("{} {}", r.count, q(&r.data))
        });
        println!("{}", waited(start));
    }
}

/// MSG_ERRQUEUE never waits, even on a blocking socket.
fn errqueue_blocking() {
    let u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    socket_bind(&u, "127.0.0.1", 0).unwrap();
    report("recv errqueue", socket_recv(&u, 100, MSG_ERRQUEUE), |r| {
        r.count.to_string()
    });
    let req = RecvmsgRequest {
        buffer_size: Some(100),
        controllen: Some(100),
        want_name: false,
    };
    report(
        "recvmsg errqueue",
        socket_recvmsg(&u, req, MSG_ERRQUEUE),
        |m| m.count.to_string(),
    );
}

/// The largest timeouts PHP can pass: a ready socket answers at once.
fn select_huge_timeout() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_write(&b, "x", None).unwrap();
    let (mut r, mut w, mut e) = (vec![&a], vec![], vec![]);
    report(
        "select PHP_INT_MAX",
        socket_select(&mut r, &mut w, &mut e, Some(i64::MAX), 999_999),
        int,
    );
}

/// SO_RCVTIMEO / SO_SNDTIMEO at the edges of what the kernel takes: what it keeps is read back.
fn timeouts_extreme() {
    let (a, _b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    for (sec, usec) in [
        (-1, 0),
        (i64::MAX, 999_999),
        (i64::MIN, 0),
        (0, 1_000_000),
        (0, -1),
    ] {
        let tv = OptionValue::Timeval(Timeval { sec, usec });
        report(
            &format!("SO_RCVTIMEO {sec} {usec}"),
            socket_set_option(&a, SOL_SOCKET, SO_RCVTIMEO, tv),
            t,
        );
        report(
            "get",
            socket_get_option(&a, SOL_SOCKET, SO_RCVTIMEO),
            |v| match v {
                OptionValue::Timeval(tv) => format!("{} {}", tv.sec, tv.usec),
                _ => "other".into(),
            },
        );
    }
    report("set_nonblock", socket_set_nonblock(&a), t);
    report("read", socket_read(&a, 10, PHP_BINARY_READ), data);
}

/// A blocking TCP connect to `addr:port`, bounded by SO_SNDTIMEO when `timeout_ms` > 0.
fn connect_to(addr: &str, port: i64, timeout_ms: i64) {
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    if timeout_ms > 0 {
        let tv = OptionValue::Timeval(Timeval {
            sec: 0,
            usec: timeout_ms * 1000,
        });
        report(
            "set SO_SNDTIMEO",
            socket_set_option(&s, SOL_SOCKET, SO_SNDTIMEO, tv),
            t,
        );
    }
    let start = Instant::now();
    report("connect", socket_connect(&s, addr, Some(port)), t);
    if timeout_ms > 0 {
        println!("{}", waited(start));
    }
    report("connect again", socket_connect(&s, addr, Some(port)), t);
}

/// One datagram to `addr:port`, and a second after the kernel had time to hear back.
fn udp_send_to(addr: &str, port: i64) {
    let u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    report(
        "sendto",
        socket_sendto(&u, "ping", 4, 0, addr, Some(port)),
        int,
    );
    report("connect", socket_connect(&u, addr, Some(port)), t);
    report("send", socket_send(&u, "ping", 4, 0), int);
}

/// Sends `bytes` bytes over a (slow) link with one blocking write, then closes.
fn send_bulk(addr: &str, port: i64, bytes: i64) {
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report("connect", socket_connect(&s, addr, Some(port)), t);
    let payload: Vec<u8> = (0..bytes).map(|i| (i % 251) as u8).collect();
    report("write", socket_write(&s, &payload, None), int);
    report("shutdown", socket_shutdown(&s, 1), t);
    report("read", socket_read(&s, 100, PHP_BINARY_READ), data);
}

/// Fills the buffers of a peer that stopped reading: non-blocking writes come back short,
/// then a blocking write waits until SO_SNDTIMEO and fails with EAGAIN.
fn send_stalled(addr: &str, port: i64) {
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report("connect", socket_connect(&s, addr, Some(port)), t);
    socket_set_nonblock(&s).unwrap();
    let chunk = vec![7u8; 1 << 16];
    let (mut short, mut writes) = (false, 0);
    // Bounded: a peer that reads nothing takes a few hundred KiB at most.
    while writes < 400 {
        match socket_write(&s, &chunk, None) {
            Ok(n) if n < chunk.len() => short = true,
            Ok(_) => {}
            Err(Error::Errno(11)) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
                if socket_write(&s, &chunk, None).is_err() {
                    break;
                }
            }
            Err(e) => {
                println!("write failed: {e:?}");
                break;
            }
        }
        writes += 1;
    }
    println!("a write came back short: {short}");
    socket_set_block(&s).unwrap();
    let tv = OptionValue::Timeval(Timeval {
        sec: 0,
        usec: 300_000,
    });
    socket_set_option(&s, SOL_SOCKET, SO_SNDTIMEO, tv).unwrap();
    let start = Instant::now();
    // How much gets out before the timeout depends on the peer's window: the shape is what
    // must match (a short count, or EAGAIN when nothing fitted).
    report("blocking write", socket_write(&s, &chunk, None), |n| {
        format!("short: {}", *n < chunk.len())
    });
    println!("{}", waited(start));
}
