//! The embedder's own check beside the policy (`GuestConfig::check`, `SocketsCtx::with_check`):
//! asked, asynchronously, about what the policy allowed and nothing else; a refusal is a
//! denial like the policy's (same errno, counted, before any syscall), for php:sockets and
//! wasi:sockets alike.

use sockbox::policy::Operation;
use sockbox::run::Outcome;
use sockbox::{CheckRequest, CheckTarget, Policy};
use sockbox_tests::{TempDir, config, free_port, run_async, tokio_runtime};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const DENIED: &str = "false [13] Permission denied";

/// Runs the scenario guest with a check that refuses what `refuse` says (after a real wait,
/// so the check is awaited, not just called); returns its stdout, what the check was asked,
/// in order, and the outcome.
fn checked(
    args: &[&str],
    policy: Policy,
    refuse: impl Fn(&CheckRequest) -> bool + Send + Sync + 'static,
) -> (String, Vec<Asked>, Outcome) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let cfg = config("sockbox-test-guest", args, policy).check(move |request| {
        let allow = !refuse(&request);
        log.lock().unwrap().push(request);
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(2)).await;
            allow
        })
    });
    let out = tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.exit_code, 0, "{args:?}: {stdout}");
    let asked = std::mem::take(&mut *asked.lock().unwrap());
    let asked = asked.into_iter().map(|r| (r.operation, r.target)).collect();
    (stdout, asked, out)
}

/// A request as (operation, target), for comparing: `CheckRequest` cannot be built here.
type Asked = (Operation, CheckTarget);

fn ip(operation: Operation, addr: &str) -> Asked {
    (operation, CheckTarget::Ip(addr.parse().unwrap()))
}

fn denials(out: &Outcome, op: Operation) -> u64 {
    out.sockets.denials().get(&op).copied().unwrap_or(0)
}

fn port_of(r: &CheckRequest) -> Option<u16> {
    match r.target {
        CheckTarget::Ip(a) => Some(a.port()),
        _ => None,
    }
}

#[test]
fn php_sockets_connect_binds_and_sends_are_narrowed_by_the_check() {
    let (open, refused) = (
        TcpListener::bind("127.0.0.1:0").unwrap(),
        TcpListener::bind("127.0.0.1:0").unwrap(),
    );
    let (po, pr) = (
        open.local_addr().unwrap().port(),
        refused.local_addr().unwrap().port(),
    );
    let everything_local = || {
        Policy::deny_all()
            .allow_connect("127.0.0.1:1-65535")
            .unwrap()
            .allow_bind("127.0.0.1:1-65535")
            .unwrap()
    };
    let refuse_pr = move |r: &CheckRequest| port_of(r) == Some(pr);

    let (stdout, asked, out) = checked(
        &["probe", "connect", "127.0.0.1", &po.to_string()],
        everything_local(),
        refuse_pr,
    );
    assert_eq!(stdout, "connect: true\n");
    assert_eq!(asked, [ip(Operation::Connect, &format!("127.0.0.1:{po}"))]);
    assert_eq!(denials(&out, Operation::Connect), 0);

    let (stdout, asked, out) = checked(
        &["probe", "connect", "127.0.0.1", &pr.to_string()],
        everything_local(),
        refuse_pr,
    );
    assert_eq!(stdout, format!("connect: {DENIED}\n"));
    assert_eq!(asked, [ip(Operation::Connect, &format!("127.0.0.1:{pr}"))]);
    assert_eq!(denials(&out, Operation::Connect), 1, "counted as a denial");
    // Nothing was sent: the refused listener never saw a connection.
    refused.set_nonblocking(true).unwrap();
    assert!(
        refused.accept().is_err(),
        "the check runs before connect(2)"
    );

    // Datagrams and binds ask the same way.
    let (stdout, asked, _) = checked(
        &["probe", "sendto", "127.0.0.1", &pr.to_string()],
        everything_local(),
        refuse_pr,
    );
    assert_eq!(stdout, format!("sendto: {DENIED}\n"));
    assert_eq!(asked, [ip(Operation::Connect, &format!("127.0.0.1:{pr}"))]);
    let free = free_port();
    let (stdout, asked, out) = checked(
        &["probe", "bind", "127.0.0.1", &free.to_string()],
        everything_local(),
        move |r| port_of(r) == Some(free),
    );
    assert_eq!(stdout, format!("bind: {DENIED}\n"));
    assert_eq!(asked, [ip(Operation::Bind, &format!("127.0.0.1:{free}"))]);
    assert_eq!(denials(&out, Operation::Bind), 1);
    let (stdout, asked, _) = checked(
        &["probe", "create-listen", &free.to_string()],
        Policy::deny_all().allow_bind("0.0.0.0:1-65535").unwrap(),
        |_| true,
    );
    assert_eq!(stdout, format!("create_listen: {DENIED}\n"));
    assert_eq!(asked, [ip(Operation::Bind, &format!("0.0.0.0:{free}"))]);
}

#[test]
fn what_the_policy_refuses_never_reaches_the_check() {
    let port = free_port().to_string();
    let (stdout, asked, out) = checked(
        &["probe", "connect", "127.0.0.1", &port],
        Policy::deny_all(),
        |_| false,
    );
    assert_eq!(stdout, format!("connect: {DENIED}\n"));
    assert!(asked.is_empty(), "asked {asked:?}");
    assert_eq!(denials(&out, Operation::Connect), 1);
}

#[test]
fn a_refused_lookup_never_reaches_the_resolver() {
    let policy = || Policy::deny_all().allow_lookup("*.invalid").unwrap();
    let name = |n: &str| (Operation::Lookup, CheckTarget::Name(n.into()));
    let (stdout, asked, out) = checked(
        &["probe", "hostname", "refused.invalid", "80"],
        policy(),
        |r| r.target == CheckTarget::Name("refused.invalid".into()),
    );
    assert_eq!(stdout, format!("connect: {DENIED}\n"));
    assert_eq!(asked, [name("refused.invalid")]);
    assert_eq!(denials(&out, Operation::Lookup), 1);
    // Literals and localhost are not lookups; the guest's own std::net lookups are asked too.
    let (_, asked, _) = checked(
        &["probe", "hostname", "localhost", "1"],
        policy().allow_connect("127.0.0.1:1").unwrap(),
        |_| false,
    );
    assert_eq!(asked, [ip(Operation::Connect, "127.0.0.1:1")]);
    let (stdout, asked, out) = checked(&["std-lookup", "refused.invalid"], policy(), |_| true);
    assert_eq!(asked, [name("refused.invalid")]);
    assert!(stdout.starts_with("lookup: "), "{stdout}");
    assert_eq!(denials(&out, Operation::Lookup), 1);
}

#[test]
fn a_reverse_lookup_is_the_lookup_of_its_reverse_name() {
    let name_of = |ip: &'static str| ["addrinfo-probe", "name-of", ip];
    // No rule: refused by the policy (the check is never asked), as an address without a name.
    let ip = name_of("192.0.2.7");
    let (stdout, asked, out) = checked(&ip, Policy::deny_all(), |_| false);
    assert_eq!(stdout, "name of 192.0.2.7: EAI -2\n");
    assert_eq!(asked, []);
    assert_eq!(denials(&out, Operation::Lookup), 1);
    // A rule for the reverse name lets the check see it (a mapped address's is its IPv4
    // name, which glibc asks DNS for); the check's refusal is the same answer.
    let policy = Policy::deny_all().allow_lookup("*.in-addr.arpa").unwrap();
    let ip = name_of("::ffff:192.0.2.7");
    let (stdout, asked, out) = checked(&ip, policy, |_| true);
    assert_eq!(stdout, "name of ::ffff:192.0.2.7: EAI -2\n");
    assert_eq!(
        asked,
        [(
            Operation::Lookup,
            CheckTarget::Name("7.2.0.192.in-addr.arpa".into())
        )]
    );
    assert_eq!(denials(&out, Operation::Lookup), 1);
    // The loopback addresses are `localhost` with no rule and no question; text that is no
    // address is refused as PHP's gethostbyaddr() refuses it.
    for (ip, said) in [
        ("127.0.0.1", "localhost"),
        ("::1", "localhost"),
        (
            "127.0.0.1 ",
            "ValueError: Address is not a valid IPv4 or IPv6 address",
        ),
    ] {
        let (stdout, asked, out) = checked(&name_of(ip), Policy::deny_all(), |_| false);
        assert_eq!(stdout, format!("name of {ip}: {said}\n"));
        assert_eq!(asked, []);
        assert_eq!(denials(&out, Operation::Lookup), 0);
    }
}

#[test]
fn unix_paths_are_asked_after_the_policy_and_before_the_syscall() {
    let base = TempDir::new("check-unix");
    let dir = base.path().join("allowed");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("s.sock");
    let p = path.to_str().unwrap();
    let (stdout, asked, out) = checked(
        &["probe", "unix-bind", p],
        Policy::deny_all().allow_unix(&dir).unwrap(),
        |_| true,
    );
    assert_eq!(stdout, format!("bind: {DENIED}\n"));
    assert_eq!(asked, [(Operation::Unix, CheckTarget::Unix(p.into()))]);
    assert_eq!(denials(&out, Operation::Unix), 1);
    assert!(!path.exists(), "the refused bind created no socket file");
    let (stdout, asked, _) = checked(
        &["probe", "unix-bind", p],
        Policy::deny_all().allow_unix(&dir).unwrap(),
        |_| false,
    );
    assert_eq!(stdout, "bind: true\n");
    assert_eq!(asked.len(), 1);
    assert!(path.exists());
    // An abstract name is asked as one.
    let (stdout, asked, _) = checked(
        &["probe", "unix-connect", "\0sockbox-check"],
        Policy::deny_all().allow_abstract("sockbox-*").unwrap(),
        |_| true,
    );
    assert_eq!(stdout, format!("connect: {DENIED}\n"));
    assert_eq!(
        asked,
        [(
            Operation::AbstractName,
            CheckTarget::Unix(b"\0sockbox-check".to_vec())
        )]
    );
}

/// A client that sends `line` and returns what came back (nothing when the server dropped it:
/// its reset may come before the write, or even before the client sees its connect complete).
fn client(port: u16, line: &'static str) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut back = String::new();
        let reset = std::io::ErrorKind::ConnectionReset;
        let mut s = match sockbox_tests::examples::try_connect(port) {
            Ok(s) => s,
            Err(e) if e.kind() == reset => return back,
            Err(e) => panic!("server on {port} never came up: {e}"),
        };
        if let Err(e) = s.write_all(line.as_bytes()) {
            assert!(
                matches!(e.kind(), std::io::ErrorKind::BrokenPipe) || e.kind() == reset,
                "{e}"
            );
        }
        let _ = BufReader::new(&mut s).read_line(&mut back);
        back
    })
}

#[test]
fn a_peer_the_check_refuses_is_dropped_unseen_and_the_next_one_served() {
    // Compiled before the clients' clock starts.
    sockbox_tests::component("sockbox-test-guest");
    for guest in ["accept-one", "std-listen"] {
        let port = free_port();
        let policy = Policy::deny_all()
            .allow_bind(&format!("127.0.0.1:{port}"))
            .unwrap();
        let accepts = Arc::new(Mutex::new(0));
        let seen = accepts.clone();
        let first_peer = Arc::new(Mutex::new(None::<SocketAddr>));
        let peer = first_peer.clone();
        let args: Vec<String> = match guest {
            "accept-one" => ["probe", guest, "127.0.0.1", &port.to_string()]
                .map(Into::into)
                .into(),
            _ => [guest, "127.0.0.1", &port.to_string()]
                .map(Into::into)
                .into(),
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let cfg = config("sockbox-test-guest", &args, policy).check(move |r| {
            let mut n = seen.lock().unwrap();
            let refuse = r.operation == Operation::Accept && *n == 0;
            if r.operation == Operation::Accept {
                *n += 1;
                if let CheckTarget::Ip(a) = r.target {
                    peer.lock().unwrap().get_or_insert(a);
                }
            }
            Box::pin(std::future::ready(!refuse))
        });
        let server = std::thread::spawn(move || {
            tokio_runtime().block_on(run_async("sockbox-test-guest", cfg))
        });
        let dropped = client(port, "first\n").join().unwrap();
        let served = client(port, "second\n").join().unwrap();
        let out = server.join().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(dropped, "", "{guest}: the refused peer got nothing");
        assert_eq!(served, "second\n", "{guest}: {stdout}");
        assert_eq!(*accepts.lock().unwrap(), 2, "{guest}");
        let first = first_peer.lock().unwrap().unwrap();
        assert_eq!(first.ip().to_string(), "127.0.0.1", "{guest}");
        assert_eq!(denials(&out, Operation::Accept), 1, "{guest}");
    }
}
