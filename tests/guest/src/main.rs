//! Scenario guest: `sockbox-test-guest SCENARIO [ARGS...]`. Every scenario prints what
//! tests/php/scenarios.php prints for the same scenario under php-cli, line for line.

mod addrinfo;
mod events;
mod msg;
mod report;
mod semantics;
mod wasi_world;

use report::{keep, q, report};
use sockbox_guest::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let port = |i: usize| arg(i).parse::<i64>().unwrap_or(0);
    match arg(0).as_str() {
        "strerror" => strerror(),
        "connect-refused" => connect_refused(port(1)),
        "addr-in-use" => addr_in_use(),
        "bad-arguments" => bad_arguments(),
        "eagain" => eagain(),
        "peer-closed" => peer_closed(),
        "pair-example" => pair_example(),
        "udp" => udp(),
        "normal-read" => normal_read(),
        "select" => select(),
        "tcp-v4" => tcp("127.0.0.1", AF_INET),
        "tcp-v6" => tcp("::1", AF_INET6),
        "unix-stream" => unix_stream(&arg(1)),
        "unix-dgram" => unix_dgram(&arg(1)),
        "options" => options(),
        "shutdown" => shutdown(),
        "last-error" => last_error(),
        "nonblocking" => nonblocking(),
        "recv-flags" => recv_flags(),
        "msg-trunc" => msg_trunc(),
        "create-listen" => create_listen(port(1)),
        "cmsg-space" => cmsg_space(),
        "multicast" => multicast(),
        "notsent-lowat" => {
            let tcp = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            report(
                "set",
                socket_set_option(&tcp, SOL_TCP, TCP_NOTSENT_LOWAT, OptionValue::Int(16384)),
                t,
            );
            report(
                "get",
                socket_get_option(&tcp, SOL_TCP, TCP_NOTSENT_LOWAT),
                |v| v.as_int().unwrap_or(-1).to_string(),
            );
        }
        "probe" => probe(&args[1..]),
        other
            if msg::run(other, &args[1..])
                || addrinfo::run(other, &args[1..])
                || semantics::run(other, &args[1..])
                || events::run(other, &args[1..])
                || wasi_world::run(other, &args[1..]) => {}
        other => {
            eprintln!("unknown scenario '{other}'");
            std::process::exit(2);
        }
    }
}

fn int(v: &impl ToString) -> String {
    v.to_string()
}

fn t<T>(_: &T) -> String {
    "true".into()
}

fn name(n: &SockName) -> String {
    match n.port {
        Some(p) => format!("{} {}", q(n.address.as_bytes()), p),
        None => q(n.address.as_bytes()),
    }
}

#[allow(clippy::ptr_arg)] // used as `impl FnOnce(&Vec<u8>)` for results of Vec<u8>
fn data(d: &Vec<u8>) -> String {
    q(d)
}

/// Strerror texts of a spread of codes, including resolver codes.
fn strerror() {
    for code in [
        0, 1, 4, 11, 13, 22, 32, 98, 99, 104, 107, 110, 111, 113, 115, -10001, -10002, -10003,
        -10004, 9999,
    ] {
        report(&format!("strerror({code})"), socket_strerror(code), |s| {
            s.clone()
        });
    }
}

/// Connecting to a closed port: ECONNREFUSED in both slots.
fn connect_refused(port: i64) {
    let Some(s) = keep("create", socket_create(AF_INET, SOCK_STREAM, SOL_TCP), t) else {
        return;
    };
    report("connect", socket_connect(&s, "127.0.0.1", Some(port)), t);
    println!("socket error: {}", socket_last_error(Some(&s)));
    println!("global error: {}", socket_last_error(None));
}

/// Binding an address twice: EADDRINUSE.
fn addr_in_use() {
    let a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report("bind a", socket_bind(&a, "127.0.0.1", 0), t);
    let port = socket_getsockname(&a).unwrap().port.unwrap();
    report("listen a", socket_listen(&a, 0), t);
    let b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report("bind b", socket_bind(&b, "127.0.0.1", i64::from(port)), t);
    println!("b error: {}", socket_last_error(Some(&b)));
}

/// Argument validation: PHP's ValueErrors, and the silent `false` of a zero-length read.
fn bad_arguments() {
    report("create bad domain", socket_create(99, SOCK_STREAM, 0), t);
    report(
        "create bad protocol",
        socket_create(AF_INET, SOCK_STREAM, 9999),
        t,
    );
    let (a, _b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_clear_error(None);
    report("read length 0", socket_read(&a, 0, PHP_BINARY_READ), data);
    report("write length -1", socket_write(&a, "x", Some(-1)), int);
    report("send length -1", socket_send(&a, "x", -1, 0), int);
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report(
        "connect null port",
        socket_connect(&s, "127.0.0.1", None),
        t,
    );
    println!("global error: {}", socket_last_error(None));
}

/// Non-blocking calls that would block: EAGAIN, recorded without a warning.
fn eagain() {
    let (a, _b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("recv dontwait", socket_recv(&a, 10, MSG_DONTWAIT), |r| {
        q(&r.data)
    });
    report("set_nonblock", socket_set_nonblock(&a), t);
    report("read", socket_read(&a, 10, PHP_BINARY_READ), data);
    println!("socket error: {}", socket_last_error(Some(&a)));
}

/// The peer went away: reads see the end, writes see EPIPE.
fn peer_closed() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("write", socket_write(&b, "bye", None), int);
    report("close b", socket_close(&b), t);
    report("read", socket_read(&a, 10, PHP_BINARY_READ), data);
    report("read at eof", socket_read(&a, 10, PHP_BINARY_READ), data);
    report("recv at eof", socket_recv(&a, 10, 0), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
    report("write to closed peer", socket_write(&a, "x", None), int);
    report("close a", socket_close(&a), t);
    report("close a again", socket_close(&a), t);
}

/// The manual's socket_create_pair() example.
fn pair_example() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("write", socket_write(&a, "ABCdef123\n", Some(10)), int);
    report("read", socket_read(&b, 10, PHP_BINARY_READ), data);
}

/// UDP: sendto / recvfrom with addresses and ports.
fn udp() {
    let a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    let b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    report("bind a", socket_bind(&a, "127.0.0.1", 0), t);
    report("bind b", socket_bind(&b, "127.0.0.1", 0), t);
    let pa = i64::from(socket_getsockname(&a).unwrap().port.unwrap());
    let pb = i64::from(socket_getsockname(&b).unwrap().port.unwrap());
    report(
        "sendto",
        socket_sendto(&a, "ping", 4, 0, "127.0.0.1", Some(pb)),
        int,
    );
    report("recvfrom", socket_recvfrom(&b, 100, 0), |r| {
        format!(
            "{} {} {} from a: {}",
            r.count,
            q(&r.data),
            q(r.address.as_bytes()),
            i64::from(r.port.unwrap_or(0)) == pa
        )
    });
    report(
        "sendto truncated",
        socket_sendto(&b, "pong!", 4, 0, "127.0.0.1", Some(pa)),
        int,
    );
    report("recvfrom", socket_recvfrom(&a, 100, 0), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
    report(
        "sendto null port",
        socket_sendto(&a, "x", 1, 0, "127.0.0.1", None),
        int,
    );
    report("SO_TYPE", socket_get_option(&a, SOL_SOCKET, SO_TYPE), |v| {
        v.as_int().map_or("?".into(), |i| i.to_string())
    });
}

/// PHP_NORMAL_READ stops after `\n` or `\r`, terminator included.
fn normal_read() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_write(&a, "ab\ncd\r\nef", None).unwrap();
    for i in 1..=3 {
        report(
            &format!("line {i}"),
            socket_read(&b, 100, PHP_NORMAL_READ),
            data,
        );
    }
    report("short length", socket_read(&b, 1, PHP_NORMAL_READ), data);
    report("rest", socket_read(&b, 100, PHP_BINARY_READ), data);
    socket_write(&a, "xyz\n", None).unwrap();
    report("length 2", socket_read(&b, 2, PHP_NORMAL_READ), data);
    report("then", socket_read(&b, 100, PHP_NORMAL_READ), data);
    socket_close(&a).unwrap();
    report("at eof", socket_read(&b, 100, PHP_NORMAL_READ), data);
}

/// socket_select over a pair: nothing, then one readable, and both writable.
fn select() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let (mut r, mut w, mut e) = (vec![&a, &b], vec![], vec![]);
    report(
        "select none",
        socket_select(&mut r, &mut w, &mut e, Some(0), 0),
        int,
    );
    println!("read left: {}", r.len());
    socket_write(&a, "x", None).unwrap();
    let (mut r, mut w) = (vec![&a, &b], vec![&a, &b]);
    report(
        "select some",
        socket_select(&mut r, &mut w, &mut e, Some(1), 0),
        int,
    );
    println!(
        "readable is b: {} writable: {}",
        r.len() == 1 && std::ptr::eq(r[0], &b),
        w.len()
    );
    let (mut r, mut w) = (vec![&a], vec![]);
    report(
        "select timeout",
        socket_select(&mut r, &mut w, &mut e, Some(0), 200_000),
        int,
    );
    let (mut r, mut w) = (vec![], vec![]);
    report(
        "select empty",
        socket_select(&mut r, &mut w, &mut e, Some(0), 0),
        int,
    );
    let (mut r, mut w) = (vec![&a], vec![]);
    report(
        "select negative",
        socket_select(&mut r, &mut w, &mut e, Some(-1), 0),
        int,
    );
}

/// A TCP conversation: bind, listen, connect, accept, names, exchange.
fn tcp(host: &str, domain: i64) {
    let l = socket_create(domain, SOCK_STREAM, SOL_TCP).unwrap();
    report("bind", socket_bind(&l, host, 0), t);
    report("listen", socket_listen(&l, 5), t);
    let port = socket_getsockname(&l).unwrap().port.unwrap();
    report("listener name has port", socket_getsockname(&l), |n| {
        format!("{} {}", q(n.address.as_bytes()), n.port == Some(port))
    });
    let c = socket_create(domain, SOCK_STREAM, SOL_TCP).unwrap();
    report(
        "connect",
        socket_connect(&c, host, Some(i64::from(port))),
        t,
    );
    let Some(s) = keep("accept", socket_accept(&l), t) else {
        return;
    };
    report("peer of client", socket_getpeername(&c), |n| {
        format!("{} {}", q(n.address.as_bytes()), n.port == Some(port))
    });
    report("peer of server", socket_getpeername(&s), |n| {
        q(n.address.as_bytes())
    });
    report("write", socket_write(&c, "hello over tcp", None), int);
    report("read", socket_read(&s, 100, PHP_BINARY_READ), data);
    report("send", socket_send(&s, "reply", 5, 0), int);
    report("recv", socket_recv(&c, 100, 0), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
}

/// AF_UNIX stream sockets on a path.
fn unix_stream(path: &str) {
    let l = socket_create(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("bind", socket_bind(&l, path, 0), t);
    report("listen", socket_listen(&l, 5), t);
    report("name", socket_getsockname(&l), |n| {
        format!("{}", n.address == path)
    });
    let c = socket_create(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("connect", socket_connect(&c, path, None), t);
    let Some(s) = keep("accept", socket_accept(&l), t) else {
        return;
    };
    report("client name", socket_getsockname(&c), name);
    report("write", socket_write(&c, "over unix", None), int);
    report("read", socket_read(&s, 100, PHP_BINARY_READ), data);
    report("long path", socket_bind(&c, &"x".repeat(200), 0), t);
}

/// AF_UNIX datagrams: recvfrom reports the sender's path.
fn unix_dgram(dir: &str) {
    let (pa, pb) = (format!("{dir}/a.sock"), format!("{dir}/b.sock"));
    let a = socket_create(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    let b = socket_create(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    report("bind a", socket_bind(&a, &pa, 0), t);
    report("bind b", socket_bind(&b, &pb, 0), t);
    report("sendto", socket_sendto(&a, "dgram", 5, 0, &pb, None), int);
    report("recvfrom", socket_recvfrom(&b, 100, 0), |r| {
        format!("{} {} {}", q(&r.data), r.address == pa, r.port.is_none())
    });
}

/// get/set_option shapes: ints, SO_LINGER, SO_RCVTIMEO, and type errors.
fn options() {
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    let show = |v: &OptionValue| match v {
        OptionValue::Int(i) => i.to_string(),
        OptionValue::Linger(l) => format!("l_onoff={} l_linger={}", l.l_onoff, l.l_linger),
        OptionValue::Timeval(tv) => format!("sec={} usec={}", tv.sec, tv.usec),
        OptionValue::Text(s) => q(s.as_bytes()),
        other => format!("{other:?}"),
    };
    for (label, level, opt) in [
        ("SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR),
        ("SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE),
        ("SO_BROADCAST", SOL_SOCKET, SO_BROADCAST),
        ("TCP_NODELAY", SOL_TCP, TCP_NODELAY),
        ("SO_REUSEPORT", SOL_SOCKET, SO_REUSEPORT),
    ] {
        report(
            &format!("get {label}"),
            socket_get_option(&s, level, opt),
            show,
        );
        report(
            &format!("set {label}"),
            socket_set_option(&s, level, opt, OptionValue::Int(1)),
            t,
        );
        report(
            &format!("get {label}"),
            socket_get_option(&s, level, opt),
            show,
        );
    }
    report(
        "set SO_RCVBUF",
        socket_set_option(&s, SOL_SOCKET, SO_RCVBUF, OptionValue::Int(8192)),
        t,
    );
    report(
        "get SO_RCVBUF",
        socket_get_option(&s, SOL_SOCKET, SO_RCVBUF),
        show,
    );
    report(
        "set SO_SNDBUF",
        socket_set_option(&s, SOL_SOCKET, SO_SNDBUF, OptionValue::Int(8192)),
        t,
    );
    report(
        "get SO_SNDBUF",
        socket_get_option(&s, SOL_SOCKET, SO_SNDBUF),
        show,
    );
    report(
        "get SO_TYPE",
        socket_get_option(&s, SOL_SOCKET, SO_TYPE),
        show,
    );
    report(
        "get SO_ERROR",
        socket_get_option(&s, SOL_SOCKET, SO_ERROR),
        show,
    );
    report(
        "get SO_LINGER",
        socket_get_option(&s, SOL_SOCKET, SO_LINGER),
        show,
    );
    let linger = Linger {
        l_onoff: 1,
        l_linger: 5,
    };
    report(
        "set SO_LINGER",
        socket_set_option(&s, SOL_SOCKET, SO_LINGER, linger),
        t,
    );
    report(
        "get SO_LINGER",
        socket_get_option(&s, SOL_SOCKET, SO_LINGER),
        show,
    );
    let tv = Timeval {
        sec: 1,
        usec: 500_000,
    };
    report(
        "set SO_RCVTIMEO",
        socket_set_option(&s, SOL_SOCKET, SO_RCVTIMEO, tv),
        t,
    );
    report(
        "get SO_RCVTIMEO",
        socket_get_option(&s, SOL_SOCKET, SO_RCVTIMEO),
        show,
    );
    let tv = Timeval { sec: 2, usec: 0 };
    report(
        "set SO_SNDTIMEO",
        socket_set_option(&s, SOL_SOCKET, SO_SNDTIMEO, tv),
        t,
    );
    report(
        "get SO_SNDTIMEO",
        socket_get_option(&s, SOL_SOCKET, SO_SNDTIMEO),
        show,
    );
    report(
        "bad level",
        socket_set_option(&s, 999, 1, OptionValue::Int(1)),
        t,
    );
    report("get bad level", socket_get_option(&s, 999, 1), show);
}

/// socket_shutdown() modes.
fn shutdown() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("shutdown write", socket_shutdown(&a, 1), t);
    report("read sees eof", socket_read(&b, 10, PHP_BINARY_READ), data);
    report("write after shutdown", socket_write(&a, "x", None), int);
    report("bad mode", socket_shutdown(&a, 5), t);
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report("unconnected", socket_shutdown(&s, 2), t);
}

/// Per-socket and global error slots, and clearing them.
fn last_error() {
    let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    report("getpeername", socket_getpeername(&s), name);
    println!(
        "socket: {} global: {}",
        socket_last_error(Some(&s)),
        socket_last_error(None)
    );
    socket_clear_error(Some(&s));
    println!(
        "socket: {} global: {}",
        socket_last_error(Some(&s)),
        socket_last_error(None)
    );
    socket_clear_error(None);
    println!(
        "socket: {} global: {}",
        socket_last_error(Some(&s)),
        socket_last_error(None)
    );
    report(
        "create pair inet",
        socket_create_pair(AF_INET, SOCK_STREAM, 0),
        t,
    );
    println!("global: {}", socket_last_error(None));
}

/// Non-blocking accept and connect.
fn nonblocking() {
    let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_bind(&l, "127.0.0.1", 0).unwrap();
    socket_listen(&l, 5).unwrap();
    let port = i64::from(socket_getsockname(&l).unwrap().port.unwrap());
    report("set_nonblock", socket_set_nonblock(&l), t);
    socket_clear_error(None);
    report("accept nothing", socket_accept(&l), t);
    println!(
        "listener error: {} global: {}",
        socket_last_error(Some(&l)),
        socket_last_error(None)
    );
    let c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_set_nonblock(&c).unwrap();
    report("connect", socket_connect(&c, "127.0.0.1", Some(port)), t);
    let (mut r, mut w, mut e) = (vec![], vec![&c], vec![]);
    report(
        "select write",
        socket_select(&mut r, &mut w, &mut e, Some(5), 0),
        int,
    );
    report(
        "SO_ERROR",
        socket_get_option(&c, SOL_SOCKET, SO_ERROR),
        |v| v.as_int().map_or("?".into(), |i| i.to_string()),
    );
    let (mut r, mut w) = (vec![&l], vec![]);
    report(
        "select listener",
        socket_select(&mut r, &mut w, &mut e, Some(5), 0),
        int,
    );
    report("accept", socket_accept(&l), t);
    report("set_block", socket_set_block(&c), t);
}

/// recv() flags: MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT.
fn recv_flags() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_write(&a, "hello world", None).unwrap();
    report("peek", socket_recv(&b, 5, MSG_PEEK), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
    report("recv", socket_recv(&b, 5, 0), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
    report("waitall", socket_recv(&b, 6, MSG_WAITALL), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
    report("dontwait", socket_recv(&b, 6, MSG_DONTWAIT), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
}

/// socket_create_listen(): IPv4, INADDR_ANY.
fn create_listen(port: i64) {
    let Some(l) = keep("create_listen", socket_create_listen(port, SOMAXCONN), t) else {
        return;
    };
    let name = socket_getsockname(&l);
    report("name", name.clone(), |n| {
        format!("{} {}", q(n.address.as_bytes()), n.port.unwrap_or(0) > 0)
    });
    // The port the kernel picked, taken again.
    let port = name.map_or(0, |n| i64::from(n.port.unwrap_or(0)));
    report("again", socket_create_listen(port, SOMAXCONN), t);
}

/// socket_cmsg_space() sizes and errors.
fn cmsg_space() {
    for (level, ty, n) in [
        (SOL_SOCKET, SCM_RIGHTS, 0),
        (SOL_SOCKET, SCM_RIGHTS, 1),
        (SOL_SOCKET, SCM_RIGHTS, 3),
        (SOL_SOCKET, SCM_CREDENTIALS, 0),
        (IPPROTO_IPV6, IPV6_PKTINFO, 0),
        (IPPROTO_IPV6, IPV6_HOPLIMIT, 0),
        (IPPROTO_IPV6, IPV6_TCLASS, 0),
        (SOL_SOCKET, 99, 0),
        (SOL_SOCKET, SCM_RIGHTS, -1),
    ] {
        report(
            &format!("cmsg_space({level}, {ty}, {n})"),
            socket_cmsg_space(level, ty, n),
            int,
        );
    }
}

/// MSG_TRUNC on datagrams: the kernel's full length, the data cut to the buffer. (PHP 8.2
/// reports the same counts but returns bytes from past its buffer; docs/php-differences.md.)
fn msg_trunc() {
    let (c, d) = socket_create_pair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    socket_write(&c, "a long datagram", None).unwrap();
    report("trunc", socket_recv(&d, 6, MSG_TRUNC), |r| {
        format!("{} {}", r.count, q(&r.data))
    });
    socket_write(&c, "another datagram", None).unwrap();
    report("recvfrom trunc", socket_recvfrom(&d, 7, MSG_TRUNC), |r| {
        format!("{} {} {}", r.count, q(&r.data), q(r.address.as_bytes()))
    });
}

/// One operation against the policy or the limits: `probe OP [ARGS]`. Prints one line.
fn probe(args: &[String]) {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    let n = |i: usize| a(i).parse::<i64>().unwrap_or(0);
    let inet = |host: &str| {
        if host.contains(':') {
            AF_INET6
        } else {
            AF_INET
        }
    };
    match a(0) {
        "connect" => {
            let s = socket_create(inet(a(1)), SOCK_STREAM, SOL_TCP).unwrap();
            report("connect", socket_connect(&s, a(1), Some(n(2))), t);
        }
        "connect-many" => {
            // A guest denied in a loop: every denial counted, few logged.
            let s = socket_create(inet(a(1)), SOCK_STREAM, SOL_TCP).unwrap();
            let denied = (0..n(3))
                .filter(|_| socket_connect(&s, a(1), Some(n(2))).is_err())
                .count();
            println!("denied: {denied}");
        }
        "connect-udp-send" => {
            let s = socket_create(inet(a(1)), SOCK_DGRAM, SOL_UDP).unwrap();
            report("connect", socket_connect(&s, a(1), Some(n(2))), t);
            report("send", socket_send(&s, "x", 1, 0), int);
        }
        "bind" => {
            let s = socket_create(inet(a(1)), SOCK_STREAM, SOL_TCP).unwrap();
            report("bind", socket_bind(&s, a(1), n(2)), t);
        }
        "accept-one" => {
            // Serves one connection on a(1):n(2): reads a line, echoes it.
            let s = socket_create(inet(a(1)), SOCK_STREAM, SOL_TCP).unwrap();
            socket_set_option(&s, SOL_SOCKET, SO_REUSEADDR, 1).unwrap();
            report(
                "listen",
                socket_bind(&s, a(1), n(2)).and_then(|()| socket_listen(&s, 4)),
                t,
            );
            let c = match socket_accept(&s) {
                Ok(c) => c,
                Err(e) => return println!("accept: {e:?}"),
            };
            report(
                "echo",
                socket_read(&c, 64, PHP_NORMAL_READ)
                    .and_then(|line| socket_write(&c, &line, None).map(|_| line)),
                data,
            );
        }
        "listen-unbound" => {
            let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            report("listen", socket_listen(&s, 1), t);
        }
        "sendto" => {
            let s = socket_create(inet(a(1)), SOCK_DGRAM, SOL_UDP).unwrap();
            report(
                "sendto",
                socket_sendto(&s, "x", 1, 0, a(1), Some(n(2))),
                int,
            );
        }
        "create-listen" => report("create_listen", socket_create_listen(n(1), SOMAXCONN), t),
        "unix-bind" => {
            let s = socket_create(AF_UNIX, SOCK_STREAM, 0).unwrap();
            report("bind", socket_bind(&s, a(1), 0), t);
        }
        "unix-bind-in" => {
            // A relative name after the guest changed its working directory.
            match std::env::set_current_dir(a(1)) {
                Ok(()) => println!("chdir: true"),
                Err(e) => println!("chdir: {e}"),
            }
            let s = socket_create(AF_UNIX, SOCK_STREAM, 0).unwrap();
            report("bind", socket_bind(&s, a(2), 0), t);
            report(
                "getsockname",
                socket_getsockname(&s).map(|n| n.address),
                |a: &String| a.clone(),
            );
        }
        "unix-connect" => {
            let s = socket_create(AF_UNIX, SOCK_STREAM, 0).unwrap();
            report("connect", socket_connect(&s, a(1), None), t);
        }
        "unix-sendto" => {
            let s = socket_create(AF_UNIX, SOCK_DGRAM, 0).unwrap();
            report("sendto", socket_sendto(&s, "x", 1, 0, a(1), None), int);
        }
        "raw" => report("create raw", socket_create(AF_INET, SOCK_RAW, 1), t),
        "seqpacket" => {
            report(
                "create seqpacket",
                socket_create(AF_UNIX, SOCK_SEQPACKET, 0),
                t,
            );
            report(
                "pair seqpacket",
                socket_create_pair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0),
                t,
            );
        }
        "privileged-option" => {
            let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            report(
                "SO_MARK",
                socket_set_option(&s, SOL_SOCKET, SO_MARK, OptionValue::Int(1)),
                t,
            );
            report(
                "SO_BINDTODEVICE",
                socket_set_option(
                    &s,
                    SOL_SOCKET,
                    SO_BINDTODEVICE,
                    OptionValue::Text("lo".into()),
                ),
                t,
            );
        }
        "hostname" => {
            let s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            report("connect", socket_connect(&s, a(1), Some(n(2))), t);
        }
        "max-sockets" => {
            let mut held = Vec::new();
            loop {
                match socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) {
                    Ok(s) => held.push(s),
                    Err(e) => {
                        println!("opened {} then: {}", held.len(), e);
                        break;
                    }
                }
            }
            held.pop();
            report(
                "after closing one",
                socket_create(AF_INET, SOCK_DGRAM, SOL_UDP),
                t,
            );
        }
        "huge-read" => {
            let (x, y) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
            socket_write(&x, vec![7u8; 100_000], None).unwrap();
            report(
                "read 2^40",
                socket_read(&y, 1 << 40, PHP_BINARY_READ),
                |d| d.len().to_string(),
            );
        }
        "windows-only" => report(
            "wsaprotocol_info_release",
            socket_wsaprotocol_info_release("x"),
            |b| b.to_string(),
        ),
        "blocked-read" => {
            let (_x, y) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
            println!("reading forever");
            report("read", socket_read(&y, 10, PHP_BINARY_READ), data);
        }
        "blocked-accept" => {
            let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            socket_bind(&l, "127.0.0.1", 0).unwrap();
            socket_listen(&l, 1).unwrap();
            report("accept", socket_accept(&l), t);
        }
        "spin" => {
            // Computes for ever without a host call: only the epoch can make it yield.
            println!("spinning");
            let mut x = 0u64;
            loop {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
        }
        "idle-accept" => {
            // A pause between socket_create and socket_bind: a reactor that registered the
            // socket at creation saw it hung up, and later spun on the listener.
            let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(50));
            socket_bind(&l, "127.0.0.1", 0).unwrap();
            socket_listen(&l, 1).unwrap();
            println!("listening");
            report("accept", socket_accept(&l), t);
        }
        "idle-poll" => {
            let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            socket_bind(&l, "127.0.0.1", 0).unwrap();
            socket_listen(&l, 1).unwrap();
            let poller = Poller::new().unwrap();
            poller.add(&l, 0, Readiness::READABLE).unwrap();
            println!("listening");
            report("wait", poller.wait(8, None), |e| e.len().to_string());
        }
        "blocked-select" => {
            let (x, _y) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
            let (mut r, mut w, mut e) = (vec![&x], vec![], vec![]);
            report(
                "select",
                socket_select(&mut r, &mut w, &mut e, None, 0),
                int,
            );
        }
        "rcvtimeo" => {
            let (_x, y) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
            socket_set_option(
                &y,
                SOL_SOCKET,
                SO_RCVTIMEO,
                Timeval {
                    sec: 0,
                    usec: 200_000,
                },
            )
            .unwrap();
            report(
                "read with timeout",
                socket_read(&y, 10, PHP_BINARY_READ),
                data,
            );
        }
        "accept-peer" => {
            let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
            report("bind", socket_bind(&l, a(1), n(2)), t);
            report("listen", socket_listen(&l, 5), t);
            report(
                "accept",
                socket_accept(&l).and_then(|c| socket_getpeername(&c)),
                |p| p.address.clone(),
            );
        }
        "streams" => streams(),
        "atmark" => {
            let (s, c) = semantics::tcp_pair();
            socket_send(&c, "ab", 2, 0).unwrap();
            socket_send(&c, "!", 1, MSG_OOB).unwrap();
            let (mut r, mut w, mut e) = (vec![], vec![], vec![&s]);
            report(
                "select except",
                socket_select(&mut r, &mut w, &mut e, Some(5), 0),
                int,
            );
            report("atmark before", socket_atmark(&s), |b| b.to_string());
            report("read", socket_read(&s, 10, PHP_BINARY_READ), data);
            report("atmark after", socket_atmark(&s), |b| b.to_string());
            report("oob", socket_recv(&s, 1, MSG_OOB), |r| q(&r.data));
        }
        "strerror-range" => report("strerror 2^40", socket_strerror(1i64 << 40), |s| s.clone()),
        other => println!("unknown probe {other}"),
    }
}

/// socket_export_stream / socket_import_stream over a socket pair.
fn streams() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let Some((input, output)) = keep("export", socket_export_stream(&a), t) else {
        return;
    };
    report(
        "stream write",
        output
            .blocking_write_and_flush(b"via stream")
            .map_err(|_| Error::Unspecified),
        t,
    );
    report("socket read", socket_read(&b, 100, PHP_BINARY_READ), data);
    socket_write(&b, "to stream", None).unwrap();
    report(
        "stream read",
        input.blocking_read(100).map_err(|_| Error::Unspecified),
        data,
    );
    let Some(c) = keep("import", socket_import_stream(&input), t) else {
        return;
    };
    report("imported write", socket_write(&c, "via import", None), int);
    report("socket read", socket_read(&b, 100, PHP_BINARY_READ), data);
    report("close original", socket_close(&a), t);
    report("peer sees end", socket_read(&b, 100, PHP_BINARY_READ), data);
    report(
        "stream after close",
        input
            .blocking_read(10)
            .map(|d| d.len())
            .map_err(|_| Error::Unspecified),
        int,
    );
}

/// Multicast options: value rules, interfaces by name and index, group membership and a
/// datagram looped back through `lo`.
fn multicast() {
    let show = |v: &OptionValue| {
        v.as_int()
            .map_or_else(|| format!("{v:?}"), |i| i.to_string())
    };
    let s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    let set = |label: &str, s: &Socket, level, opt, value: OptionValue| {
        report(label, socket_set_option(s, level, opt, value), t)
    };
    let get =
        |label: &str, s: &Socket, level, opt| report(label, socket_get_option(s, level, opt), show);
    set(
        "ttl 300",
        &s,
        IPPROTO_IP,
        IP_MULTICAST_TTL,
        OptionValue::Int(300),
    );
    set(
        "ttl 5",
        &s,
        IPPROTO_IP,
        IP_MULTICAST_TTL,
        OptionValue::Int(5),
    );
    get("ttl", &s, IPPROTO_IP, IP_MULTICAST_TTL);
    set(
        "loop 0",
        &s,
        IPPROTO_IP,
        IP_MULTICAST_LOOP,
        OptionValue::Int(0),
    );
    get("loop", &s, IPPROTO_IP, IP_MULTICAST_LOOP);
    set(
        "loop 1",
        &s,
        IPPROTO_IP,
        IP_MULTICAST_LOOP,
        OptionValue::Int(1),
    );
    get("loop", &s, IPPROTO_IP, IP_MULTICAST_LOOP);
    set(
        "if lo",
        &s,
        IPPROTO_IP,
        IP_MULTICAST_IF,
        OptionValue::Text("lo".into()),
    );
    get("if", &s, IPPROTO_IP, IP_MULTICAST_IF);
    set(
        "if nosuch0",
        &s,
        IPPROTO_IP,
        IP_MULTICAST_IF,
        OptionValue::Text("nosuch0".into()),
    );
    set("if 0", &s, IPPROTO_IP, IP_MULTICAST_IF, OptionValue::Int(0));
    get("if", &s, IPPROTO_IP, IP_MULTICAST_IF);
    let group = |g: &str, i: Option<Iface>, src: Option<&str>| {
        OptionValue::Mcast(McastRequest {
            group: g.into(),
            interface: i,
            source: src.map(Into::into),
        })
    };
    socket_bind(&s, "0.0.0.0", 0).unwrap();
    let port = i64::from(socket_getsockname(&s).unwrap().port.unwrap());
    set(
        "join",
        &s,
        IPPROTO_IP,
        MCAST_JOIN_GROUP,
        group("239.255.0.1", Some(Iface::Name("lo".into())), None),
    );
    set(
        "if lo",
        &s,
        IPPROTO_IP,
        IP_MULTICAST_IF,
        OptionValue::Text("lo".into()),
    );
    report(
        "send to group",
        socket_sendto(&s, "to the group", 12, 0, "239.255.0.1", Some(port)),
        int,
    );
    report("receive", socket_recvfrom(&s, 100, MSG_DONTWAIT), |r| {
        q(&r.data)
    });
    set(
        "block source",
        &s,
        IPPROTO_IP,
        MCAST_BLOCK_SOURCE,
        group("239.255.0.1", Some(Iface::Index(1)), Some("127.0.0.1")),
    );
    set(
        "unblock source",
        &s,
        IPPROTO_IP,
        MCAST_UNBLOCK_SOURCE,
        group("239.255.0.1", Some(Iface::Index(1)), Some("127.0.0.1")),
    );
    set(
        "leave",
        &s,
        IPPROTO_IP,
        MCAST_LEAVE_GROUP,
        group("239.255.0.1", Some(Iface::Index(1)), None),
    );
    set(
        "leave again",
        &s,
        IPPROTO_IP,
        MCAST_LEAVE_GROUP,
        group("239.255.0.1", None, None),
    );
    set(
        "join source group",
        &s,
        IPPROTO_IP,
        MCAST_JOIN_SOURCE_GROUP,
        group("232.1.1.1", Some(Iface::Index(1)), Some("127.0.0.1")),
    );
    set(
        "leave source group",
        &s,
        IPPROTO_IP,
        MCAST_LEAVE_SOURCE_GROUP,
        group("232.1.1.1", Some(Iface::Index(1)), Some("127.0.0.1")),
    );
    let s6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP).unwrap();
    set(
        "hops -2",
        &s6,
        IPPROTO_IPV6,
        IPV6_MULTICAST_HOPS,
        OptionValue::Int(-2),
    );
    set(
        "hops -1",
        &s6,
        IPPROTO_IPV6,
        IPV6_MULTICAST_HOPS,
        OptionValue::Int(-1),
    );
    get("hops", &s6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS);
    set(
        "hops 10",
        &s6,
        IPPROTO_IPV6,
        IPV6_MULTICAST_HOPS,
        OptionValue::Int(10),
    );
    get("hops", &s6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS);
    set(
        "loop6 0",
        &s6,
        IPPROTO_IPV6,
        IPV6_MULTICAST_LOOP,
        OptionValue::Int(0),
    );
    get("loop6", &s6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP);
    set(
        "if6 lo",
        &s6,
        IPPROTO_IPV6,
        IPV6_MULTICAST_IF,
        OptionValue::Text("lo".into()),
    );
    get("if6", &s6, IPPROTO_IPV6, IPV6_MULTICAST_IF);
    set(
        "join6",
        &s6,
        IPPROTO_IPV6,
        MCAST_JOIN_GROUP,
        group("ff02::1:3", Some(Iface::Name("lo".into())), None),
    );
    set(
        "leave6",
        &s6,
        IPPROTO_IPV6,
        MCAST_LEAVE_GROUP,
        group("ff02::1:3", Some(Iface::Name("lo".into())), None),
    );
    let tcp = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    for (label, opt, val) in [
        ("keepidle", TCP_KEEPIDLE, 30),
        ("keepintvl", TCP_KEEPINTVL, 5),
        ("keepcnt", TCP_KEEPCNT, 3),
        ("defer_accept", TCP_DEFER_ACCEPT, 1),
        ("syncnt", TCP_SYNCNT, 3),
    ] {
        set(label, &tcp, SOL_TCP, opt, OptionValue::Int(val));
        get(label, &tcp, SOL_TCP, opt);
    }
    report(
        "congestion",
        socket_get_option(&tcp, SOL_TCP, TCP_CONGESTION),
        |v| match v {
            OptionValue::Text(name) => q(name.as_bytes()),
            other => format!("{other:?}"),
        },
    );
    set(
        "mtu discover",
        &s,
        IPPROTO_IP,
        IP_MTU_DISCOVER,
        OptionValue::Int(2),
    );
    get("mtu discover", &s, IPPROTO_IP, IP_MTU_DISCOVER);
}
