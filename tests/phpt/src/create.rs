//! Creating sockets: socket_create_listen, socket_create_pair, and naming what was created.

use crate::check::{Ctx, Outcome, TestFn, expectf};
use sockbox_guest::*;

pub const TESTS: &[(&str, TestFn)] = &[
    ("socket_create_listen", socket_create_listen_test),
    (
        "socket_create_listen_invalid_port",
        socket_create_listen_invalid_port,
    ),
    ("socket_create_listen_used", socket_create_listen_used),
    ("socket_create_listen-nobind", socket_create_listen_nobind),
    ("socket_create_pair", socket_create_pair_test),
    (
        "socket_create_pair-wrongparams",
        socket_create_pair_wrongparams,
    ),
    ("socket_create_pair_sockexec", socket_create_pair_sockexec),
    ("socket_getsockname", socket_getsockname_test),
    ("gh13603", gh13603),
];

/// socket_create_listen(PORT) listens on 0.0.0.0:PORT.
fn socket_create_listen_test(c: &Ctx) -> Outcome {
    let port = c.int("port", 31338);
    let s = ok!(socket_create_listen(port, SOMAXCONN));
    let name = ok!(socket_getsockname(&s));
    eq!(name.address, "0.0.0.0");
    eq!(name.port.map(i64::from), Some(port));
    Ok(())
}

/// Ports outside 0..65535: PHP 8.5's ValueError; port 0 works.
fn socket_create_listen_invalid_port(_: &Ctx) -> Outcome {
    ok!(socket_create_listen(0, SOMAXCONN));
    let message = "socket_create_listen(): Argument #1 ($port) must be between 0 and 65535";
    throws!(socket_create_listen(-1, SOMAXCONN), message);
    throws!(socket_create_listen(65536, SOMAXCONN), message);
    Ok(())
}

/// A second socket_create_listen() on a port in use: "unable to bind to given address
/// [%i]: %a" (EADDRINUSE), false.
fn socket_create_listen_used(c: &Ctx) -> Outcome {
    let port = c.int("port", 31331);
    let first = ok!(socket_create_listen(port, SOMAXCONN));
    errno!(socket_create_listen(port, SOMAXCONN), SOCKET_EADDRINUSE);
    // socket_create_listen records its error in the global slot.
    eq!(i64::from(socket_last_error(None)), SOCKET_EADDRINUSE);
    ok!(socket_close(&first));
    Ok(())
}

/// socket_create_listen(80) where the caller may not bind port 80: "unable to bind to given
/// address [13]: Permission denied". The phpt needs a non-root user, whom the kernel refuses;
/// here the policy does not allow the bind, and sockbox refuses it the same way (EACCES).
fn socket_create_listen_nobind(_: &Ctx) -> Outcome {
    errno!(socket_create_listen(80, SOMAXCONN), SOCKET_EACCES);
    eq!(i64::from(socket_last_error(None)), SOCKET_EACCES);
    Ok(())
}

/// socket_create_pair(AF_UNIX, SOCK_STREAM) gives two Sockets (connected to each other).
fn socket_create_pair_test(_: &Ctx) -> Outcome {
    let (a, b) = ok!(socket_create_pair(AF_UNIX, SOCK_STREAM, 0));
    eq!(ok!(socket_write(&a, "x", None)), 1);
    eq!(ok!(socket_read(&b, 1, PHP_BINARY_READ)), b"x");
    Ok(())
}

/// socket_create_pair() argument checks (PHP 8's version of the phpt: ValueErrors for an
/// unknown domain or type, a warning and false when socketpair() refuses).
fn socket_create_pair_wrongparams(_: &Ctx) -> Outcome {
    // socketpair(AF_INET, 0, 0): "unable to create socket pair [%d]: %s not supported".
    let e = err!(socket_create_pair(AF_INET, 0, 0));
    ensure!(
        e.errno() != 0,
        "socket_create_pair(AF_INET, 0, 0) failed with {e:?}"
    );
    ensure!(
        expectf("%s not supported", &e.to_string()),
        "socket_create_pair(AF_INET, 0, 0) failed with {e:?} ({e}), expected '... not supported'"
    );
    eq!(socket_last_error(None), e.errno());
    throws!(
        socket_create_pair(31337, 0, 0),
        "socket_create_pair(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET"
    );
    // sockbox gives PHP 8.4's text, which goes on with " optionally OR'ed with SOCK_CLOEXEC,
    // SOCK_NONBLOCK" (docs/php-differences.md); the %A admits it.
    throws!(
        socket_create_pair(AF_INET, 31337, 0),
        "socket_create_pair(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM%A"
    );
    Ok(())
}

/// A type OR'ed with SOCK_CLOEXEC / SOCK_NONBLOCK is accepted; an invalid base type still
/// throws.
fn socket_create_pair_sockexec(_: &Ctx) -> Outcome {
    let message = "socket_create_pair(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM%A";
    throws!(socket_create_pair(AF_UNIX, 11 | SOCK_CLOEXEC, 0), message);
    throws!(socket_create_pair(AF_UNIX, 11 | SOCK_NONBLOCK, 0), message);
    throws!(
        socket_create_pair(AF_UNIX, 11 | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
        message
    );
    let (a, _b) = ok!(socket_create_pair(
        AF_UNIX,
        SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
        0
    ));
    // Not in the phpt: sockbox makes a SOCK_NONBLOCK socket behave non-blocking (PHP's flag
    // says blocking; docs/php-differences.md), so an empty read answers EAGAIN.
    errno!(socket_read(&a, 1, PHP_BINARY_READ), SOCKET_EAGAIN);
    Ok(())
}

/// socket_getsockname() after binding 0.0.0.0:PORT.
fn socket_getsockname_test(c: &Ctx) -> Outcome {
    let port = c.int("port", 31331);
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    ok!(socket_bind(&s, "0.0.0.0", port));
    let name = ok!(socket_getsockname(&s));
    eq!(name.address, "0.0.0.0");
    eq!(name.port.map(i64::from), Some(port));
    ok!(socket_close(&s));
    Ok(())
}

/// socket_getsockname() of an AF_UNIX path socket is exactly the bound path.
fn gh13603(c: &Ctx) -> Outcome {
    // The phpt binds the relative path 'sn.socp'; a guest has no working directory of its
    // own, so the same name goes in the directory the policy allows.
    let path = c.path("sn.socp");
    let s = ok!(socket_create(AF_UNIX, SOCK_STREAM, 0));
    ok!(socket_bind(&s, &path, 0));
    ok!(socket_listen(&s, 0));
    let name = ok!(socket_getsockname(&s));
    eq!(name.address, path);
    eq!(name.port, None);
    ok!(socket_close(&s));
    Ok(())
}
