//! php-src's own ext/sockets tests (`ext/sockets/tests/*.phpt`), rewritten as a sockbox guest.
//!
//! `sockbox-phpt NAME [KEY=VALUE]...` runs the port of `NAME.phpt` and prints `PASS NAME`;
//! `DIFFERS NAME: <difference>` when it passed by asserting a documented difference from PHP
//! instead of the phpt's expectation; or `FAIL NAME: <what differed>` and exits 1.
//! `sockbox-phpt list` prints every ported name.
//!
//! Each test asserts what the original's `--EXPECT--` / `--EXPECTF--` section asserts
//! (return values, errno, exception messages, data), translated to the SDK's types: PHP's
//! `false` + warning is `Error::Errno`, a `ValueError` / `TypeError` is
//! `Error::InvalidArgument`, a "has already been closed" `Error` is `Error::Closed`, and a
//! silent `false` is `Error::Unspecified`. Parts of a phpt that cannot be written against a
//! typed API (wrong argument counts, non-int array values, missing array keys) are left out,
//! each with a comment. Where sockbox deliberately differs from PHP (docs/php-differences.md),
//! the test asserts sockbox's documented behaviour, says so, and reports DIFFERS.
//!
//! The harness (tests/tests/phpt.rs) passes what a test needs as `KEY=VALUE` arguments: `dir`
//! (a directory the policy allows for AF_UNIX paths), `port` / `port2` (free loopback ports,
//! where the phpt hard-codes one), `pid` (the host's process id) and `algo` (a congestion
//! control algorithm this machine allows). Without them the phpt's own values are used.

#[macro_use]
mod check;
mod addrinfo;
mod create;
mod errors;
mod io;
mod mcast;
mod msg;
mod options;
mod select;

use check::{Ctx, TestFn};

/// Every ported phpt, by file name without `.phpt`.
fn tests() -> Vec<(&'static str, TestFn)> {
    let mut all = Vec::new();
    all.extend_from_slice(errors::TESTS);
    all.extend_from_slice(create::TESTS);
    all.extend_from_slice(io::TESTS);
    all.extend_from_slice(select::TESTS);
    all.extend_from_slice(msg::TESTS);
    all.extend_from_slice(options::TESTS);
    all.extend_from_slice(addrinfo::TESTS);
    all.extend_from_slice(mcast::TESTS);
    all
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        eprintln!("usage: sockbox-phpt NAME [KEY=VALUE]... | sockbox-phpt list");
        std::process::exit(2);
    };
    let all = tests();
    if name == "list" {
        let mut names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        for n in names {
            println!("{n}");
        }
        return;
    }
    let Some((_, test)) = all.iter().find(|(n, _)| n == name) else {
        eprintln!("unknown test '{name}' (sockbox-phpt list shows the ported ones)");
        std::process::exit(2);
    };
    let ctx = Ctx::new(&args[1..]);
    match test(&ctx) {
        Ok(()) if ctx.differences().is_empty() => println!("PASS {name}"),
        Ok(()) => println!("DIFFERS {name}: {}", ctx.differences().join("; ")),
        Err(why) => {
            println!("FAIL {name}: {why}");
            std::process::exit(1);
        }
    }
}
