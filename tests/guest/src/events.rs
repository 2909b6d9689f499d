//! The `events` interface (sockbox's epoll-style poller). `events` prints what
//! tests/tests/events.rs prints for the same steps on native epoll(7); `events-contained`
//! checks what sockbox adds: closed sockets leave every set, pollers count against the limit.

use crate::report::report;
use crate::t;
use sockbox_guest::*;
use std::time::{Duration, Instant};

/// Runs `name` if it is one of these scenarios.
pub fn run(scenario: &str, _args: &[String]) -> bool {
    match scenario {
        "events" => events(),
        "events-contained" => contained(),
        _ => return false,
    }
    true
}

/// The events, sorted by token (the kernel's order depends on timing), as `[token: flags]`.
fn show(events: &[Event]) -> String {
    let mut events: Vec<_> = events.iter().map(|e| (e.token, e.ready)).collect();
    events.sort_by_key(|e| e.0);
    let shown: Vec<String> = events
        .iter()
        .map(|(token, ready)| format!("{token}: {}", names(*ready)))
        .collect();
    format!("[{}]", shown.join(", "))
}

fn names(ready: Readiness) -> String {
    let all = [
        (Readiness::READABLE, "readable"),
        (Readiness::WRITABLE, "writable"),
        (Readiness::PRIORITY, "priority"),
        (Readiness::HANGUP, "hangup"),
        (Readiness::ERROR, "error"),
    ];
    let set: Vec<&str> = all
        .iter()
        .filter(|(r, _)| ready.contains(*r))
        .map(|(_, n)| *n)
        .collect();
    set.join("|")
}

const NOW: Option<Duration> = Some(Duration::ZERO);

fn events() {
    let r = Readiness::READABLE;
    let w = Readiness::WRITABLE;
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let p = Poller::new().unwrap();
    report("add", p.add(&a, 1, r), t);
    report("add again", p.add(&a, 1, r), t);
    report("idle", p.wait(8, NOW), |e| show(e));
    socket_write(&b, "x", None).unwrap();
    report("readable", p.wait(8, NOW), |e| show(e));
    report("still readable", p.wait(8, NOW), |e| show(e));
    report("modify", p.modify(&a, 2, w), t);
    report("writable", p.wait(8, NOW), |e| show(e));
    report("modify both", p.modify(&a, 3, r | w), t);
    report("both", p.wait(8, NOW), |e| show(e));
    report("remove", p.remove(&a), t);
    report("remove again", p.remove(&a), t);
    report("modify removed", p.modify(&a, 4, r), t);
    report("after remove", p.wait(8, NOW), |e| show(e));

    let l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_bind(&l, "127.0.0.1", 0).unwrap();
    socket_listen(&l, 4).unwrap();
    let port = i64::from(socket_getsockname(&l).unwrap().port.unwrap());
    report("add listener", p.add(&l, 10, r), t);
    report("listener idle", p.wait(8, NOW), |e| show(e));
    let c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_connect(&c, "127.0.0.1", Some(port)).unwrap();
    // Not at once: the connection may reach the accept queue a moment after connect returns.
    report("connection", p.wait(8, Some(Duration::from_secs(5))), |e| {
        show(e)
    });
    let s = socket_accept(&l).unwrap();
    report("add accepted", p.add(&s, 11, r | w), t);
    report("accepted", p.wait(8, NOW), |e| show(e));
    socket_write(&c, "hi", None).unwrap();
    report("data", p.wait(8, Some(Duration::from_secs(5))), |e| show(e));
    socket_shutdown(&c, 1).unwrap();
    // The FIN has arrived once a read sees the end.
    while !socket_read(&s, 10, PHP_BINARY_READ).unwrap().is_empty() {}
    report("peer shut down", p.wait(8, NOW), |e| show(e));
    socket_shutdown(&s, 2).unwrap();
    report("both shut down", p.wait(8, NOW), |e| show(e));

    // A refused connect, on a second poller: an error and a hang-up without being asked.
    let gone = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_bind(&gone, "127.0.0.1", 0).unwrap();
    let free = i64::from(socket_getsockname(&gone).unwrap().port.unwrap());
    socket_close(&gone).unwrap();
    let p2 = Poller::new().unwrap();
    let refused = socket_create(AF_INET, SOCK_STREAM, SOL_TCP).unwrap();
    socket_set_nonblock(&refused).unwrap();
    let _ = socket_connect(&refused, "127.0.0.1", Some(free));
    report("add connecting", p2.add(&refused, 12, w), t);
    report("refused", p2.wait(8, Some(Duration::from_secs(5))), |e| {
        show(e)
    });

    // Closing a socket takes it out of the set.
    let (e, f) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    socket_write(&f, "y", None).unwrap();
    report("add another", p2.add(&e, 13, r), t);
    report("two ready", p2.wait(8, NOW), |e| show(e));
    report("one at most", p2.wait(1, NOW), |e| {
        format!("{} event", e.len())
    });
    report("none at most", p2.wait(0, NOW), |e| show(e));
    socket_close(&e).unwrap();
    report("after close", p2.wait(8, NOW), |e| show(e));

    let p3 = Poller::new().unwrap();
    let start = Instant::now();
    report(
        "empty set",
        p3.wait(8, Some(Duration::from_millis(50))),
        |e| show(e),
    );
    println!("waited: {}", start.elapsed() >= Duration::from_millis(50));
    drop((b, f));
}

fn contained() {
    let r = Readiness::READABLE;
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let p = Poller::new().unwrap();
    p.add(&a, 1, r).unwrap();
    socket_write(&b, "x", None).unwrap();
    // An exported stream keeps the descriptor open after socket_close: the set forgets the
    // socket anyway (native epoll would keep reporting a socket the program closed).
    let streams = socket_export_stream(&a).unwrap();
    socket_close(&a).unwrap();
    report("closed, stream alive", p.wait(8, NOW), |e| show(e));
    drop(streams);
    report("a huge max-events", p.wait(u32::MAX, NOW), |e| show(e));
    // Pollers count like sockets: the limit (run with --max-sockets 4) holds both.
    let mut pollers = vec![p];
    let made = loop {
        match Poller::new() {
            Ok(p) => pollers.push(p),
            Err(e) => break e,
        }
        if pollers.len() > 100 {
            println!("no limit on pollers");
            return;
        }
    };
    println!("pollers: {}, then: {made}", pollers.len());
    pollers.clear();
    report("after dropping them", Poller::new().map(|_| ()), t);
}
