//! Error paths, argument checks and error bookkeeping: strerror, ValueErrors on lengths and
//! ports, warnings of failing calls, calls on closed sockets.

use crate::check::{Ctx, Outcome, TestFn, expectf};
use sockbox_guest::*;

pub const TESTS: &[(&str, TestFn)] = &[
    ("bug46360", bug46360),
    ("gh16267", gh16267),
    ("gh17921", gh17921),
    ("socket_strerror", socket_strerror_test),
    ("socket_accept_failure", socket_accept_failure),
    ("socket_read_params", socket_read_params),
    ("socket_send_params", socket_send_params),
    ("socket_sendto_params", socket_sendto_params),
    ("socket_sendto_invalid_port", socket_sendto_invalid_port),
    ("socket_bind_invalid_port", socket_bind_invalid_port),
    ("socket_clear_error", socket_clear_error_test),
    ("socket_listen-wrongparams", socket_listen_wrongparams),
    ("socket_getpeername", socket_getpeername_test),
    ("socket_set_block-retval", socket_set_block_retval),
    ("socket_set_nonblock-retval", socket_set_nonblock_retval),
    ("socket_set_nonblock", socket_set_nonblock_test),
    ("socket_connect_params", socket_connect_params),
];

/// TCP_NODELAY is defined, as an int (the phpt dumps the name; the constant is what it is
/// about), and works with get/set_option.
fn bug46360(_: &Ctx) -> Outcome {
    eq!(TCP_NODELAY, 1);
    let listed = constants();
    ensure!(
        listed
            .iter()
            .any(|(n, v)| n == "TCP_NODELAY" && *v == TCP_NODELAY),
        "the host does not define TCP_NODELAY"
    );
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    ok!(socket_set_option(&s, SOL_TCP, TCP_NODELAY, 1i64));
    eq!(
        ok!(socket_get_option(&s, SOL_TCP, TCP_NODELAY)).as_int(),
        Some(1)
    );
    Ok(())
}

/// socket_strerror() outside C int range: ValueError (PHP >= 8.3).
fn gh16267(_: &Ctx) -> Outcome {
    let message = "socket_strerror(): Argument #1 ($error_code) must be between %s and %s";
    throws!(socket_strerror(i64::MIN), message);
    throws!(socket_strerror(i64::MAX), message);
    Ok(())
}

/// socket_read()/socket_recv() with PHP_INT_MAX / PHP_INT_MIN: false, without a warning.
fn gh17921(_: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(0, SOMAXCONN));
    for length in [i64::MAX, i64::MIN] {
        eq!(
            err!(socket_read(&s, length, PHP_BINARY_READ)),
            Error::Unspecified
        );
        eq!(err!(socket_recv(&s, length, 0)), Error::Unspecified);
    }
    // No warning: nothing recorded.
    eq!(socket_last_error(Some(&s)), 0);
    Ok(())
}

include!("strerror_table.rs");

/// socket_strerror(0..=132): glibc's texts on Linux.
fn socket_strerror_test(_: &Ctx) -> Outcome {
    // The phpt's first call, socket_strerror() without an argument, is an ArgumentCountError
    // a typed call cannot make.
    for (code, expected) in STRERROR_0_TO_132.iter().enumerate() {
        let text = ok!(socket_strerror(code as i64));
        ensure!(
            expectf(expected, &text),
            "socket_strerror({code}) is {text:?}, expected {expected:?}"
        );
    }
    Ok(())
}

/// socket_accept() on a socket that is not listening: warning with an errno, false.
fn socket_accept_failure(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    let e = err!(socket_accept(&s));
    // "[%d]: %a": Linux answers EINVAL; socket_accept records it in the global slot.
    eq!(e, Error::Errno(SOCKET_EINVAL as i32));
    eq!(i64::from(socket_last_error(None)), SOCKET_EINVAL);
    Ok(())
}

/// socket_read() on a listening socket: "unable to read from socket [%i]: %a".
fn socket_read_params(c: &Ctx) -> Outcome {
    // The two wrong-argument-count calls of the phpt cannot be written with typed calls.
    let s = ok!(socket_create_listen(c.int("port", 31331), SOMAXCONN));
    let e = err!(socket_read(&s, 25, PHP_BINARY_READ));
    ensure!(
        e.errno() != 0,
        "socket_read failed with {e:?}, expected an errno"
    );
    eq!(socket_last_error(Some(&s)), e.errno());
    ok!(socket_close(&s));
    Ok(())
}

/// socket_send() with a negative length: ValueError.
fn socket_send_params(_: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(0, SOMAXCONN));
    throws!(
        socket_send(&s, "foo", -1, MSG_OOB),
        "socket_send(): Argument #3 ($length) must be greater than or equal to 0"
    );
    ok!(socket_close(&s));
    Ok(())
}

/// socket_sendto() with a negative length: ValueError (PHP 8; PHP 7's was a warning).
fn socket_sendto_params(c: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(c.int("port", 31331), SOMAXCONN));
    // The phpt passes no port; the length is checked first.
    throws!(
        socket_sendto(&s, "foo", -1, MSG_OOB, "127.0.0.1", None),
        "socket_sendto(): Argument #3 ($length) must be greater than or equal to 0"
    );
    ok!(socket_close(&s));
    Ok(())
}

/// socket_sendto() with a port outside 0..65535: PHP 8.5's ValueError.
fn socket_sendto_invalid_port(_: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(0, SOMAXCONN));
    let message = "socket_sendto(): Argument #6 ($port) must be between 0 and 65535";
    throws!(
        socket_sendto(&s, "foo", 0, MSG_OOB, "127.0.0.1", Some(65536)),
        message
    );
    throws!(
        socket_sendto(&s, "foo", 0, MSG_OOB, "127.0.0.1", Some(-1)),
        message
    );
    ok!(socket_close(&s));
    Ok(())
}

/// socket_bind() with a port outside 0..65535: PHP 8.5's ValueError.
fn socket_bind_invalid_port(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    let message = "socket_bind(): Argument #3 ($port) must be between 0 and 65535";
    throws!(socket_bind(&s, "0.0.0.0", -1), message);
    throws!(socket_bind(&s, "0.0.0.0", 65536), message);
    Ok(())
}

/// A refused connect records ECONNREFUSED on the socket; socket_clear_error() resets it.
fn socket_clear_error_test(c: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    // "unable to connect [%d]: Connection refused" (the harness passes a closed port).
    errno!(
        socket_connect(&s, "127.0.0.1", Some(c.int("port", 21248))),
        SOCKET_ECONNREFUSED
    );
    eq!(i64::from(socket_last_error(Some(&s))), SOCKET_ECONNREFUSED);
    socket_clear_error(Some(&s));
    eq!(socket_last_error(Some(&s)), 0);
    Ok(())
}

/// socket_listen() on an unbound AF_UNIX stream socket: "[%d]: Invalid argument", false.
fn socket_listen_wrongparams(_: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_UNIX, SOCK_STREAM, 0));
    errno!(socket_listen(&s, 0), SOCKET_EINVAL);
    Ok(())
}

/// socket_getpeername() on a bound, unconnected socket: warning with an errno, false.
fn socket_getpeername_test(c: &Ctx) -> Outcome {
    let s = ok!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
    ok!(socket_bind(&s, "0.0.0.0", c.int("port", 31331)));
    // "unable to retrieve peer name [%i]: %a"; $ip and $port stay NULL (no output).
    errno!(socket_getpeername(&s), SOCKET_ENOTCONN);
    ok!(socket_close(&s));
    Ok(())
}

/// socket_set_block(): true; on a closed socket, PHP 8's "has already been closed" Error
/// (the phpt's PHP 7 text was "supplied resource is not a valid Socket resource").
fn socket_set_block_retval(c: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(c.int("port", 31339), SOMAXCONN));
    ok!(socket_set_block(&s));
    ok!(socket_close(&s));
    let s2 = ok!(socket_create_listen(c.int("port2", 31340), SOMAXCONN));
    ok!(socket_close(&s2));
    eq!(err!(socket_set_block(&s2)), Error::Closed);
    Ok(())
}

/// socket_set_nonblock(): true; on a closed socket, "has already been closed".
fn socket_set_nonblock_retval(c: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(c.int("port", 31339), SOMAXCONN));
    ok!(socket_set_nonblock(&s));
    ok!(socket_close(&s));
    let s2 = ok!(socket_create_listen(c.int("port2", 31340), SOMAXCONN));
    ok!(socket_close(&s2));
    eq!(err!(socket_set_nonblock(&s2)), Error::Closed);
    Ok(())
}

/// socket_set_nonblock() on a listening socket leaves a valid Socket.
fn socket_set_nonblock_test(_: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(0, SOMAXCONN));
    ok!(socket_set_nonblock(&s));
    // var_dump($s_c_l) shows a Socket: it is still usable. (The phpt's socket_accept() is
    // commented out; on a non-blocking listener with no client it would fail with EAGAIN.)
    ok!(socket_getsockname(&s));
    errno!(socket_accept(&s), SOCKET_EAGAIN);
    ok!(socket_close(&s));
    Ok(())
}

/// socket_connect(): a null port on AF_INET is a ValueError; connecting a listening socket to
/// 0.0.0.0 fails with a warning ("unable to connect [%i]: %a"). (The phpt's first call, with
/// no address, is an ArgumentCountError a typed call cannot make.)
fn socket_connect_params(_: &Ctx) -> Outcome {
    let s = ok!(socket_create_listen(0, SOMAXCONN));
    let port = ok!(socket_getsockname(&s)).port.map(i64::from);
    throws!(
        socket_connect(&s, "0.0.0.0", None),
        "socket_connect(): Argument #3 ($port) cannot be null when the socket type is AF_INET"
    );
    let e = err!(socket_connect(&s, "0.0.0.0", port));
    ensure!(
        e.errno() != 0,
        "socket_connect failed with {e:?}, expected an errno"
    );
    eq!(socket_last_error(Some(&s)), e.errno());
    ok!(socket_close(&s));
    Ok(())
}
