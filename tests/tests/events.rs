//! sockbox's `events.poller` against the kernel: the guest's `events` scenario and the same
//! steps on native sockets and epoll(7) must print the same lines (readiness as the kernel
//! reports it, the errno of each misuse); `events-contained` checks what sockbox adds.

use sockbox::Policy;
use sockbox_tests::{loopback_policy, scenario, tokio_runtime};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

#[test]
fn the_poller_reports_what_native_epoll_reports() {
    let guest = scenario(&["events"], loopback_policy(&[]));
    assert_eq!(
        guest,
        native_events(),
        "sockbox (left) and native epoll (right)"
    );
}

#[test]
fn closed_sockets_leave_every_set_and_pollers_count_against_the_limit() {
    let cfg = sockbox_tests::config(
        "sockbox-test-guest",
        &["events-contained"],
        Policy::deny_all(),
    );
    let cfg = cfg.limits(sockbox::Limits::default().max_sockets(4));
    let out = tokio_runtime().block_on(sockbox_tests::run_async("sockbox-test-guest", cfg));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "closed, stream alive: []\n\
         a huge max-events: []\n\
         pollers: 3, then: Too many open files\n\
         after dropping them: true\n"
    );
    assert_eq!(out.sockets.open_sockets(), 0);
}

/// A native epoll set, printing as the guest's scenario prints.
struct Epoll(OwnedFd);

const IN: u32 = (libc::EPOLLIN | libc::EPOLLRDHUP) as u32;
const OUT: u32 = libc::EPOLLOUT as u32;

impl Epoll {
    fn new() -> Epoll {
        // SAFETY: no pointers; a non-negative result is a new descriptor.
        let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        assert!(fd >= 0);
        // SAFETY: fd is fresh and owned by nobody else.
        Epoll(unsafe { OwnedFd::from_raw_fd(fd) })
    }

    fn ctl(&self, label: &str, op: i32, fd: RawFd, token: u64, events: u32) -> String {
        let mut ev = libc::epoll_event { events, u64: token };
        // SAFETY: ev is valid for the call.
        let r = unsafe { libc::epoll_ctl(self.0.as_raw_fd(), op, fd, &mut ev) };
        format!(
            "{label}: {}\n",
            if r == 0 { "true".into() } else { failure() }
        )
    }

    fn wait(&self, label: &str, max: i32, timeout_ms: i32) -> String {
        let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 8];
        let cap = max.min(8);
        // SAFETY: events has room for `cap` (≤ its length) entries.
        let n =
            unsafe { libc::epoll_wait(self.0.as_raw_fd(), events.as_mut_ptr(), cap, timeout_ms) };
        if n < 0 {
            return format!("{label}: {}\n", failure());
        }
        let mut ready: Vec<(u64, u32)> = events[..n as usize]
            .iter()
            .map(|e| (e.u64, e.events))
            .collect();
        if label == "one at most" {
            return format!("{label}: {n} event\n");
        }
        ready.sort_by_key(|e| e.0);
        let shown: Vec<String> = ready
            .iter()
            .map(|(token, ev)| format!("{token}: {}", names(*ev)))
            .collect();
        format!("{label}: [{}]\n", shown.join(", "))
    }
}

/// The guest's names for a set of epoll events (a hang-up or error also reads as readable).
fn names(ev: u32) -> String {
    let has = |bits: i32| ev & bits as u32 != 0;
    let all = [
        (
            has(libc::EPOLLIN | libc::EPOLLRDHUP | libc::EPOLLHUP | libc::EPOLLERR),
            "readable",
        ),
        (has(libc::EPOLLOUT), "writable"),
        (has(libc::EPOLLPRI), "priority"),
        (has(libc::EPOLLHUP | libc::EPOLLRDHUP), "hangup"),
        (has(libc::EPOLLERR), "error"),
    ];
    let set: Vec<&str> = all.iter().filter(|(on, _)| *on).map(|(_, n)| *n).collect();
    set.join("|")
}

fn failure() -> String {
    let code = std::io::Error::last_os_error().raw_os_error().unwrap();
    format!("false [{code}] {}", sockbox::strerror(code))
}

/// The guest's `events` scenario, natively.
fn native_events() -> String {
    let (add, modify, del) = (
        libc::EPOLL_CTL_ADD,
        libc::EPOLL_CTL_MOD,
        libc::EPOLL_CTL_DEL,
    );
    let mut out = String::new();
    let (a, mut b) = UnixStream::pair().unwrap();
    let p = Epoll::new();
    let fa = a.as_raw_fd();
    out += &p.ctl("add", add, fa, 1, IN);
    out += &p.ctl("add again", add, fa, 1, IN);
    out += &p.wait("idle", 8, 0);
    b.write_all(b"x").unwrap();
    out += &p.wait("readable", 8, 0);
    out += &p.wait("still readable", 8, 0);
    out += &p.ctl("modify", modify, fa, 2, OUT);
    out += &p.wait("writable", 8, 0);
    out += &p.ctl("modify both", modify, fa, 3, IN | OUT);
    out += &p.wait("both", 8, 0);
    out += &p.ctl("remove", del, fa, 0, 0);
    out += &p.ctl("remove again", del, fa, 0, 0);
    out += &p.ctl("modify removed", modify, fa, 4, IN);
    out += &p.wait("after remove", 8, 0);

    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    out += &p.ctl("add listener", add, l.as_raw_fd(), 10, IN);
    out += &p.wait("listener idle", 8, 0);
    let mut c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    // Not at once: the connection may reach the accept queue a moment after connect returns.
    out += &p.wait("connection", 8, 5000);
    let (mut s, _) = l.accept().unwrap();
    out += &p.ctl("add accepted", add, s.as_raw_fd(), 11, IN | OUT);
    out += &p.wait("accepted", 8, 0);
    c.write_all(b"hi").unwrap();
    out += &p.wait("data", 8, 5000);
    c.shutdown(Shutdown::Write).unwrap();
    let mut buf = [0u8; 10];
    while s.read(&mut buf).unwrap() > 0 {}
    out += &p.wait("peer shut down", 8, 0);
    s.shutdown(Shutdown::Both).unwrap();
    out += &p.wait("both shut down", 8, 0);

    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let p2 = Epoll::new();
    let refused = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    refused.set_nonblocking(true).unwrap();
    let _ = refused.connect(&free.into());
    out += &p2.ctl("add connecting", add, refused.as_raw_fd(), 12, OUT);
    out += &p2.wait("refused", 8, 5000);

    let (e, mut f) = UnixStream::pair().unwrap();
    f.write_all(b"y").unwrap();
    out += &p2.ctl("add another", add, e.as_raw_fd(), 13, IN);
    out += &p2.wait("two ready", 8, 0);
    out += &p2.wait("one at most", 1, 0);
    out += &p2.wait("none at most", 0, 0);
    drop(e);
    out += &p2.wait("after close", 8, 0);

    let p3 = Epoll::new();
    let start = Instant::now();
    out += &p3.wait("empty set", 8, 50);
    out += &format!("waited: {}\n", start.elapsed() >= Duration::from_millis(50));
    drop((a, b, c, s, f));
    out
}
