//! socket_select().

use crate::check::{Ctx, Outcome, TestFn};
use sockbox_guest::*;

pub const TESTS: &[(&str, TestFn)] = &[
    ("socket_select", socket_select_test),
    ("socket_select-wrongparams-1", socket_select_wrongparams_1),
    ("socket_select-wrongparams-2", socket_select_wrongparams_2),
    ("socket_select-wrongparams-4", socket_select_wrongparams_4),
];

/// An idle socket pair: select returns 0 (the phpt also holds a reference into the array,
/// bug #78038, which has no Rust counterpart).
fn socket_select_test(_: &Ctx) -> Outcome {
    let (a, b) = ok!(socket_create_pair(AF_UNIX, SOCK_STREAM, 0));
    let mut read = vec![&a, &b];
    eq!(
        ok!(socket_select(
            &mut read,
            &mut vec![],
            &mut vec![],
            Some(0),
            0
        )),
        0
    );
    ensure!(read.is_empty(), "{} sockets left in $read", read.len());
    Ok(())
}

/// A negative timeout: "Unable to select [%d]: Invalid argument", false.
fn socket_select_wrongparams_1(_: &Ctx) -> Outcome {
    let (a, b) = ok!(socket_create_pair(AF_UNIX, SOCK_STREAM, 0));
    let mut read = vec![&a, &b];
    errno!(
        socket_select(&mut read, &mut vec![], &mut vec![], Some(-1), 0),
        SOCKET_EINVAL
    );
    Ok(())
}

/// No array at all: ValueError.
fn socket_select_wrongparams_2(_: &Ctx) -> Outcome {
    throws!(
        socket_select(&mut vec![], &mut vec![], &mut vec![], Some(0), 0),
        "socket_select(): At least one array argument must be passed"
    );
    Ok(())
}

/// Microseconds above 999999 are normalised (0 s + 2000000 us = 2 s): returns 0.
fn socket_select_wrongparams_4(_: &Ctx) -> Outcome {
    let (a, b) = ok!(socket_create_pair(AF_UNIX, SOCK_STREAM, 0));
    let mut read = vec![&a, &b];
    eq!(
        ok!(socket_select(
            &mut read,
            &mut vec![],
            &mut vec![],
            Some(0),
            2_000_000
        )),
        0
    );
    Ok(())
}
