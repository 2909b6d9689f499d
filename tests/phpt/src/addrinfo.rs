//! socket_addrinfo_lookup() / _bind() / _connect() / _explain().

use crate::check::{Ctx, Fallible, Outcome, TestFn};
use sockbox_guest::*;

pub const TESTS: &[(&str, TestFn)] = &[
    ("socket_addrinfo_bind", socket_addrinfo_bind_test),
    ("socket_addrinfo_connect", socket_addrinfo_connect_test),
    ("socket_addrinfo_explain", socket_addrinfo_explain_test),
    ("socket_getaddrinfo_error", socket_getaddrinfo_error),
];

/// socket_addrinfo_lookup('127.0.0.1', PORT, [AF_INET, SOCK_DGRAM]).
fn lookup(port: i64) -> Fallible<Vec<AddressInfo>> {
    let hints = AddrinfoHints {
        ai_family: Some(AF_INET),
        ai_socktype: Some(SOCK_DGRAM),
        ..AddrinfoHints::default()
    };
    let list = ok!(socket_addrinfo_lookup(
        "127.0.0.1",
        Some(&port.to_string()),
        hints
    ));
    ensure!(
        !list.is_empty(),
        "socket_addrinfo_lookup returned no result"
    );
    Ok(list)
}

/// socket_addrinfo_bind() of the first result gives a Socket.
fn socket_addrinfo_bind_test(c: &Ctx) -> Outcome {
    let list = lookup(c.int("port", 2000))?;
    let s = ok!(socket_addrinfo_bind(&list[0]));
    eq!(
        ok!(socket_getsockname(&s)).port.map(i64::from),
        Some(c.int("port", 2000))
    );
    Ok(())
}

/// socket_addrinfo_connect() of the first result gives a (UDP, connected) Socket.
fn socket_addrinfo_connect_test(c: &Ctx) -> Outcome {
    let list = lookup(c.int("port", 2000))?;
    let s = ok!(socket_addrinfo_connect(&list[0]));
    eq!(
        ok!(socket_getpeername(&s)).port.map(i64::from),
        Some(c.int("port", 2000))
    );
    Ok(())
}

/// socket_addrinfo_explain(): ai_family 2, ai_socktype 2, ai_addr {sin_port 2000, sin_addr
/// 127.0.0.1} (ai_flags / ai_protocol any int; ai_canonname left out, as the phpt unsets it).
fn socket_addrinfo_explain_test(_: &Ctx) -> Outcome {
    let list = lookup(2000)?;
    let explained = socket_addrinfo_explain(&list[0]);
    eq!(explained.ai_family, 2);
    eq!(explained.ai_socktype, 2);
    eq!(explained.ai_addr.port, 2000);
    eq!(explained.ai_addr.addr, "127.0.0.1");
    Ok(())
}

/// Invalid hints: PHP 8.5's ValueErrors. (The phpt's TypeErrors for stdClass values and its
/// ValueErrors for numeric keys cannot be built with the typed hints record.)
fn socket_getaddrinfo_error(_: &Ctx) -> Outcome {
    let base = AddrinfoHints {
        ai_family: Some(AF_INET),
        ai_socktype: Some(SOCK_DGRAM),
        ai_flags: Some(0),
        ai_protocol: Some(0),
    };
    let cases = [
        (
            AddrinfoHints {
                ai_family: Some(i64::MAX),
                ..base
            },
            "socket_addrinfo_lookup(): Argument #3 ($hints) \"ai_family\" key must be AF_INET%A",
        ),
        (
            AddrinfoHints {
                ai_socktype: Some(-1),
                ..base
            },
            "socket_addrinfo_lookup(): Argument #3 ($hints) \"ai_socktype\" key must be between 0 and %d",
        ),
        (
            AddrinfoHints {
                ai_flags: Some(-256),
                ..base
            },
            "socket_addrinfo_lookup(): Argument #3 ($hints) \"ai_flags\" key must be between 0 and %d",
        ),
        (
            AddrinfoHints {
                ai_protocol: Some(i64::MIN),
                ..base
            },
            "socket_addrinfo_lookup(): Argument #3 ($hints) \"ai_protocol\" key must be between 0 and %d",
        ),
    ];
    for (hints, message) in cases {
        match socket_addrinfo_lookup("127.0.0.1", Some("2000"), hints) {
            Err(LookupError::InvalidArgument(m)) if crate::check::expectf(message, &m) => {}
            other => fail!("lookup with {hints:?} gave {other:?}, expected \"{message}\""),
        }
    }
    Ok(())
}
