//! Host behaviour that has no php-cli twin: limits, timeouts, stopping a blocked guest,
//! Windows-only functions, descriptor passing, and PHP 8.4/8.5 behaviour newer than Debian's PHP 8.2.

use sockbox::run::GuestConfig;
use sockbox::{Limits, Policy};
use sockbox_tests::{config, run_async, scenario, tokio_runtime};
use std::time::{Duration, Instant};

fn probe(args: &[&str]) -> String {
    let mut full = vec!["probe"];
    full.extend_from_slice(args);
    scenario(&full, Policy::deny_all())
}

#[test]
fn socket_limit_gives_emfile_and_recovers() {
    let mut cfg: GuestConfig = config(
        "sockbox-test-guest",
        &["probe", "max-sockets"],
        Policy::deny_all(),
    );
    cfg.limits = Limits::default().max_sockets(5);
    let out = tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "opened 5 then: Too many open files\nafter closing one: true\n"
    );
}

#[test]
fn reads_allocate_at_most_the_cap() {
    let mut cfg = config(
        "sockbox-test-guest",
        &["probe", "huge-read"],
        Policy::deny_all(),
    );
    cfg.limits = Limits::default().max_io_bytes(4096);
    let out = tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "read 2^40: 4096\n");
    // With the default cap, a 2^40-byte read returns what is there.
    assert_eq!(probe(&["huge-read"]), "read 2^40: 100000\n");
}

#[test]
fn windows_only_functions_say_so() {
    assert_eq!(
        probe(&["windows-only"]),
        "wsaprotocol_info_release: false [95] Operation not supported\n"
    );
}

#[test]
fn exported_streams_share_the_socket_and_import_back() {
    assert_eq!(
        probe(&["streams"]),
        "export: true\nstream write: true\nsocket read: \"via stream\"\nstream read: \"to stream\"\nimport: true\n\
         imported write: 10\nsocket read: \"via import\"\nclose original: true\npeer sees end: \"\"\nstream after close: false\n"
    );
}

#[test]
fn receive_timeout_gives_eagain() {
    let start = Instant::now();
    assert_eq!(
        probe(&["rcvtimeo"]),
        "read with timeout: false [11] Resource temporarily unavailable\n"
    );
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(190) && took < Duration::from_secs(10),
        "{took:?}"
    );
}

#[test]
fn a_blocked_guest_is_stopped_by_the_wall_clock_limit() {
    const LIMIT: Duration = Duration::from_millis(300);
    // (A blocking connect waits the same way; loopback cannot make a handshake hang.)
    let component = sockbox_tests::component("sockbox-test-guest");
    for blocked in ["blocked-read", "blocked-accept", "blocked-select"] {
        let mut cfg = config(
            "sockbox-test-guest",
            &["probe", blocked],
            sockbox_tests::loopback_policy(&[]),
        );
        cfg.wall_clock_limit = Some(LIMIT);
        // The stop itself takes well under 100 ms; the bound only catches a guest the limit
        // does not stop, with room for a loaded machine.
        const BOUND: Duration = Duration::from_secs(10);
        let start = Instant::now();
        let run = sockbox_tests::runner().run(&component, cfg);
        let err = tokio_runtime()
            .block_on(async { tokio::time::timeout(LIMIT + BOUND, run).await })
            .unwrap_or_else(|_| panic!("{blocked}: not stopped {BOUND:?} after the limit"))
            .unwrap_err();
        let late = start.elapsed().saturating_sub(LIMIT);
        assert!(
            format!("{err:?}").contains("wall-clock limit"),
            "{blocked}: {err:?}"
        );
        eprintln!("{blocked}: stopped {late:?} after the limit");
    }
}

#[test]
fn blocked_guests_do_not_block_each_other() {
    // One thread, as the CLI runs guests: a blocked guest must yield it.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let runner = sockbox_tests::runner();
    let prepared = runner
        .prepare(&sockbox_tests::component("sockbox-test-guest"))
        .unwrap();
    rt.block_on(async {
        let blocked = config(
            "sockbox-test-guest",
            &["probe", "blocked-read"],
            Policy::deny_all(),
        );
        let stuck = runner.spawn(&prepared, blocked);
        // Its socket pair exists: it is on its way into the read that never ends.
        let start = Instant::now();
        while stuck.open_sockets() < 2 {
            assert!(start.elapsed() < Duration::from_secs(20), "never started");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // Order, not time: the others run to their end while it is still blocked.
        for _ in 0..3 {
            let out = run_async(
                "sockbox-test-guest",
                config("sockbox-test-guest", &["pair-example"], Policy::deny_all()),
            )
            .await;
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                "write: 10\nread: \"ABCdef123\\n\"\n"
            );
        }
        assert!(
            !stuck.is_finished(),
            "the other guests ran only once the blocked one ended"
        );
        stuck.stop();
        let stopped = tokio::time::timeout(Duration::from_secs(20), stuck.wait());
        let err = stopped.await.expect("the stop took").unwrap_err();
        assert!(
            err.downcast_ref::<sockbox::run::Stopped>().is_some(),
            "{err:?}"
        );
    });
}

#[test]
fn php_8_5_port_range_errors() {
    // Debian's PHP 8.2 wraps out-of-range ports silently; sockbox raises PHP 8.5's ValueError.
    assert_eq!(
        probe(&["bind", "127.0.0.1", "70000"]),
        "bind: ValueError: socket_bind(): Argument #3 ($port) must be between 0 and 65535\n"
    );
    assert_eq!(
        probe(&["create-listen", "-1"]),
        "create_listen: ValueError: socket_create_listen(): Argument #1 ($port) must be between 0 and 65535\n"
    );
    assert_eq!(
        probe(&["sendto", "127.0.0.1", "65536"]),
        "sendto: ValueError: socket_sendto(): Argument #6 ($port) must be between 0 and 65535\n"
    );
}

#[test]
fn strerror_rejects_codes_outside_c_int() {
    assert_eq!(
        probe(&["strerror-range"]),
        "strerror 2^40: ValueError: socket_strerror(): Argument #1 ($error_code) must be between -2147483648 and 2147483647\n"
    );
}

#[test]
fn msg_trunc_reports_full_length_and_returns_only_received_bytes() {
    assert_eq!(
        scenario(&["msg-trunc"], Policy::deny_all()),
        "trunc: 15 \"a long\"\nrecvfrom trunc: 16 \"another\" \"\"\n"
    );
}

#[test]
fn tcp_notsent_lowat_is_an_int_option() {
    // PHP dispatches option 25 as SO_BINDTODEVICE whatever the level, so it cannot set
    // TCP_NOTSENT_LOWAT (EINVAL); sockbox follows the manual (docs/php-differences.md).
    assert_eq!(
        scenario(&["notsent-lowat"], Policy::deny_all()),
        "set: true\nget: 16384\n"
    );
}

/// Runs the scenario guest with `limits`; its stdout.
fn probe_with(args: &[&str], policy: Policy, limits: Limits) -> String {
    let mut cfg = config("sockbox-test-guest", args, policy);
    cfg.limits = limits;
    let out = tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A `SOL_SOCKET` / `SCM_RIGHTS` control message passing `fds`, laid out by hand as 64-bit
/// Linux does (`size_t cmsg_len`, `int level`, `int type`, the ints, padding to 8 bytes).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn scm_rights(fds: &[i32]) -> Vec<u8> {
    let len = 16 + 4 * fds.len();
    let mut b = (len as u64).to_ne_bytes().to_vec();
    b.extend(1i32.to_ne_bytes());
    b.extend(1i32.to_ne_bytes());
    for fd in fds {
        b.extend(fd.to_ne_bytes());
    }
    b.resize(len.div_ceil(8) * 8, 0);
    b
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[test]
fn scm_rights_delivers_only_sockets_to_the_guest() {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::os::unix::net::{UnixListener, UnixStream};
    let dir = sockbox_tests::TempDir::new("rights");
    let path = dir.path().join("peer.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let policy = Policy::deny_all()
        .allow_unix(dir.path())
        .unwrap()
        .allow_receive_sockets();
    let rt = tokio_runtime();
    // Compiled before the accept's clock starts.
    sockbox_tests::component("sockbox-test-guest");
    let guest = rt.spawn(run_async(
        "sockbox-test-guest",
        config(
            "sockbox-test-guest",
            &["msg-probe", "recv-rights", path.to_str().unwrap()],
            policy,
        ),
    ));
    let conn = sockbox_tests::accept_unix(&listener);
    let file = std::fs::File::open("/proc/self/status").unwrap();
    let (passed, mut kept) = UnixStream::pair().unwrap();
    let control = scm_rights(&[file.as_raw_fd(), passed.as_raw_fd()]);
    let data = [std::io::IoSlice::new(b"fd")];
    let msg = socket2::MsgHdr::new()
        .with_buffers(&data)
        .with_control(&control);
    socket2::SockRef::from(&conn).sendmsg(&msg, 0).unwrap();
    drop(passed);
    kept.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut got = [0u8; 14];
    kept.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"from the guest");
    let out = rt.block_on(guest).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "connect: true\n\
         recvmsg: 2 iov [\"fd\"] flags 8 control [1/1 rights 1] sockets 1\n\
         write via passed: 14\n",
        "the file never reached the guest; MSG_CTRUNC says something was dropped"
    );
    assert_eq!(out.sockets.open_sockets(), 0);
}

#[test]
fn received_sockets_count_against_the_socket_limit() {
    let limits = Limits::default().max_sockets(5);
    assert_eq!(
        probe_with(
            &["msg-probe", "rights-limit"],
            Policy::deny_all().allow_receive_sockets(),
            limits
        ),
        "sendmsg: 2\nrecvmsg: 2 iov [\"fd\"] flags 8 control [1/1 rights 1] sockets 1\n",
        "four sockets held, room for one more: the second passed socket is closed"
    );
}

#[test]
fn scm_rights_names_only_open_guest_sockets() {
    assert_eq!(
        scenario(&["msg-probe", "rights-errors"], Policy::deny_all()),
        "position out of range: Warning: error converting user data (path: msghdr > control > element #0 > data > element #2): no socket at position 1 of the rights list, false\n\
         closed socket: Warning: error converting user data (path: msghdr > control > element #0 > data > element #1): socket is already closed, false\n"
    );
}

#[test]
fn forged_credentials_are_refused_whatever_the_host_may_do() {
    assert_eq!(
        scenario(&["msg-probe", "forged-credentials"], Policy::deny_all()),
        "sendmsg pid 1: false [1] Operation not permitted\nglobal error: 1\n"
    );
}

#[test]
fn recvmsg_allocates_at_most_the_cap() {
    let limits = Limits::default().max_io_bytes(4096);
    assert_eq!(
        probe_with(&["msg-probe", "recvmsg-cap"], Policy::deny_all(), limits),
        "recvmsg 100 MiB buffer: 4096 kept 4096 flags 32\n"
    );
}

#[test]
fn php_8_5_addrinfo_hint_checks() {
    // Debian's PHP 8.2 coerces any hint; PHP 8.5 throws, and 8.6 accepts AF_UNSPEC.
    let prefix = "ValueError: socket_addrinfo_lookup(): Argument #3 ($hints)";
    assert_eq!(
        scenario(&["addrinfo-probe", "hints"], Policy::deny_all()),
        format!(
            "flags -256: {prefix} \"ai_flags\" key must be between 0 and 2147483647\n\
             socktype 2^31: {prefix} \"ai_socktype\" key must be between 0 and 2147483647\n\
             family AF_UNIX: {prefix} \"ai_family\" key must be AF_INET or AF_INET6\n\
             family AF_UNSPEC: 1 [flags 0 family 2 socktype 1 protocol 6 canonname - addr \"127.0.0.1\" port 0]\n"
        )
    );
}

#[test]
fn localhost_is_both_loopback_addresses_without_a_resolver() {
    assert_eq!(
        scenario(&["addrinfo-probe", "localhost"], Policy::deny_all()),
        "localhost: 2 [flags 2 family 2 socktype 1 protocol 6 canonname \"localhost\" addr \"127.0.0.1\" port 80; \
         flags 2 family 10 socktype 1 protocol 6 canonname - addr \"::1\" port 80]\n"
    );
}

#[test]
fn atmark_and_out_of_band_data() {
    // socket_atmark() is PHP 8.3+, so Debian's PHP 8.2 cannot be the reference here.
    assert_eq!(
        scenario(&["probe", "atmark"], sockbox_tests::loopback_policy(&[])),
        "select except: 1\natmark before: false\nread: \"ab\"\natmark after: true\noob: \"!\"\n"
    );
}

#[test]
fn host_name_lookups_in_flight_are_bounded() {
    // With no lookup slots, an allowed name is never sent to the resolver.
    let policy = Policy::deny_all()
        .allow_lookup("*")
        .unwrap()
        .allow_connect("*:*")
        .unwrap();
    let mut cfg = config(
        "sockbox-test-guest",
        &["probe", "hostname", "db.example.invalid", "80"],
        policy,
    );
    cfg.limits = Limits::default().max_lookups(0);
    let out = tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "connect: false [-10001] Unknown host\n"
    );
}

#[test]
fn a_computing_guest_yields_to_others_and_meets_its_wall_clock_limit() {
    // One thread, one guest that never makes a host call: the epoch ticker (awake while a guest
    // runs) makes it yield, so a second guest runs to its end meanwhile, and the first is
    // stopped at its limit. Order, not time: the other guest ends before the limit stops the
    // first (the limit is long enough for it on a loaded machine).
    const LIMIT: Duration = Duration::from_secs(3);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runner = sockbox_tests::runner();
        let component = sockbox_tests::component("sockbox-test-guest");
        let prepared = runner.prepare(&component).unwrap();
        let mut spin = config("sockbox-test-guest", &["probe", "spin"], Policy::deny_all());
        spin.wall_clock_limit = Some(LIMIT);
        let quick = config("sockbox-test-guest", &["exit", "3"], Policy::deny_all());
        let start = Instant::now();
        let (spun, quick) = tokio_runtime().block_on(async {
            let spinning = async {
                let r = runner.run_prepared(&prepared, spin).await;
                (r, start.elapsed())
            };
            let other = async {
                tokio::task::yield_now().await;
                let r = runner.run_prepared(&prepared, quick).await;
                (r, start.elapsed())
            };
            tokio::join!(spinning, other)
        });
        done.send((spun, quick)).unwrap();
    });
    let ((spun, spun_at), (quick, quick_at)) = finished
        .recv_timeout(Duration::from_secs(30))
        .expect("a computing guest held the thread");
    assert_eq!(quick.unwrap().exit_code, 1); // a usage error: it ends at once
    assert!(format!("{:?}", spun.unwrap_err()).contains("wall-clock limit"));
    assert!(
        quick_at < spun_at,
        "the other guest ended at {quick_at:?}, only after the first was stopped at {spun_at:?}"
    );
    assert!(
        spun_at < LIMIT + Duration::from_secs(10),
        "stopped at {spun_at:?}"
    );
}

#[test]
fn a_guest_blocked_in_accept_costs_no_wakeups() {
    assert_idle("idle-accept");
}

#[test]
fn a_guest_blocked_in_a_poller_wait_costs_no_wakeups() {
    assert_idle("idle-poll");
}

/// Under the CLI, a guest blocked in the probe `probe` must not wake the process: counts the
/// voluntary context switches of all its threads (the runtime's and the epoch ticker's, which
/// sleeps while no guest runs) over one second.
fn assert_idle(probe: &str) {
    let mut child = std::process::Command::new(sockbox_tests::cli())
        .args([
            "run",
            "--allow-bind",
            "127.0.0.1:*",
            "--wall-clock-limit",
            "10",
        ])
        .arg(sockbox_tests::guest_path("sockbox-test-guest"))
        .args(["probe", probe])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    assert_eq!(lines.next().unwrap().unwrap(), "listening");
    let switches = || -> u64 {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", child.id())).unwrap();
        tasks
            .map(|task| {
                let status = std::fs::read_to_string(task.unwrap().path().join("status")).unwrap();
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
                    .map(|v| v.trim().parse::<u64>().unwrap())
                    .unwrap()
            })
            .sum()
    };
    std::thread::sleep(Duration::from_millis(300));
    let before = switches();
    std::thread::sleep(Duration::from_secs(1));
    let woken = switches() - before;
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        woken < 20,
        "the guest blocked in {probe} woke the process {woken} times in 1 s"
    );
}

#[test]
fn an_embedder_tunes_the_engine_and_links_a_guest_once() {
    use sockbox::run::{Runner, RunnerOptions};
    let tuned = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen = tuned.clone();
    let options = RunnerOptions::default().engine(move |config| {
        config.memory_init_cow(false);
        seen.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let runner = Runner::with_options(options).unwrap();
    assert!(tuned.load(std::sync::atomic::Ordering::Relaxed));
    let component = runner
        .load(sockbox_tests::guest_path("sockbox-test-guest"))
        .unwrap();
    let prepared = runner.prepare(&component).unwrap();
    // One preparation, many guests, each with its own arguments and state.
    let outs: Vec<_> = tokio_runtime().block_on(async {
        let mut outs = Vec::new();
        for code in ["0", "3"] {
            let cfg = config("sockbox-test-guest", &["exit", code], Policy::deny_all());
            outs.push(runner.run_prepared(&prepared, cfg).await.unwrap());
        }
        outs
    });
    // (Rust's std on wasm32-wasip2 reports any failing status as 1.)
    assert_eq!(outs[0].exit_code, 0);
    assert_eq!(outs[1].exit_code, 1);
}

#[test]
fn an_embedder_watches_and_stops_a_running_guest() {
    use sockbox::policy::Operation;
    use sockbox::run::Stopped;
    let runner = sockbox_tests::runner();
    let prepared = runner
        .prepare(&sockbox_tests::component("echo-server"))
        .unwrap();
    let port = sockbox_tests::free_port();
    let p = port.to_string();
    let rt = tokio_runtime();
    rt.block_on(async {
        // A server with a client: visible while it runs, stopped where it waits.
        let policy = Policy::deny_all()
            .allow_bind(&format!("127.0.0.1:{port}"))
            .unwrap();
        let server = runner.spawn(&prepared, config("echo-server", &["127.0.0.1", &p], policy));
        // Held open: a client that closed at once would make the server's read fail with
        // ECONNRESET and end it before the stop. Retried: a socket shows before its listen().
        let start = Instant::now();
        let client = loop {
            match std::net::TcpStream::connect(("127.0.0.1", port)) {
                Ok(client) => break client,
                Err(e) => assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "never listened: {e}"
                ),
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        // The welcome proves it accepted (stopped before, the queued connection is reset).
        let mut client = client;
        client
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut welcome = Vec::new();
        while !welcome.ends_with(b"'shutdown'.\n") {
            let mut buf = [0u8; 256];
            let n = std::io::Read::read(&mut client, &mut buf).expect("the welcome");
            assert!(n > 0, "closed after {welcome:?}");
            welcome.extend_from_slice(&buf[..n]);
        }
        assert_eq!(server.open_sockets(), 2);
        assert!(!server.is_finished());
        server.stop();
        let bounded = tokio::time::timeout(Duration::from_secs(20), server.wait());
        let err = match bounded.await.expect("the stop took") {
            Err(e) => e,
            Ok(out) => panic!("ran to its end: {out:?}"),
        };
        assert!(err.downcast_ref::<Stopped>().is_some(), "{err:?}");
        // Everything it held is closed: the client reads the end of the stream, and nothing
        // listens on the port any more.
        let mut rest = Vec::new();
        std::io::Read::read_to_end(&mut client, &mut rest).expect("the connection was closed");
        assert_eq!(rest, b"");
        let refused = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);

        // Denials can be read while a guest runs, and a stop asked early still stops it.
        let denied = runner.spawn(
            &runner
                .prepare(&sockbox_tests::component("sockbox-test-guest"))
                .unwrap(),
            config(
                "sockbox-test-guest",
                &["probe", "connect-many", "127.0.0.1", "9", "5"],
                Policy::deny_all(),
            ),
        );
        let start = Instant::now();
        while !denied.is_finished() {
            assert!(start.elapsed() < Duration::from_secs(20), "never finished");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(denied.denials().get(&Operation::Connect), Some(&5));
        assert_eq!(denied.open_sockets(), 0);
        assert_eq!(denied.wait().await.unwrap().exit_code, 0);

        // Stopped right away (a guest that would wait in accept, so it cannot end first).
        let port = sockbox_tests::free_port();
        let policy = Policy::deny_all()
            .allow_bind(&format!("127.0.0.1:{port}"))
            .unwrap();
        let early = runner.spawn(
            &prepared,
            config("echo-server", &["127.0.0.1", &port.to_string()], policy),
        );
        early.stop();
        let bounded = tokio::time::timeout(Duration::from_secs(20), early.wait());
        let err = bounded.await.unwrap().expect_err("stopped at once");
        assert!(err.downcast_ref::<Stopped>().is_some(), "{err:?}");
    });
}

#[test]
fn an_instantiated_guest_runs_later_and_its_limit_counts_from_run() {
    // Runner::instantiate keeps a guest warm: it runs when asked, prints what a straight run
    // prints, and its wall-clock limit starts with the run, not with the instantiation. The
    // limit is far above what a run of strerror takes, even on a loaded machine.
    const LIMIT: Duration = Duration::from_secs(2);
    let runner = sockbox_tests::runner();
    let prepared = runner
        .prepare(&sockbox_tests::component("sockbox-test-guest"))
        .unwrap();
    let cfg = |args: &[&str]| {
        config("sockbox-test-guest", args, Policy::deny_all()).wall_clock_limit(LIMIT)
    };
    tokio_runtime().block_on(async {
        let straight = runner
            .run_prepared(&prepared, cfg(&["strerror"]))
            .await
            .unwrap();
        let warm = runner
            .instantiate(&prepared, cfg(&["strerror"]))
            .await
            .unwrap();
        tokio::time::sleep(LIMIT * 2).await;
        let later = warm.run().await.unwrap();
        assert_eq!(later.exit_code, 0);
        assert!(!later.stdout.is_empty());
        assert_eq!(later.stdout, straight.stdout);

        let spinning = runner
            .instantiate(&prepared, cfg(&["probe", "spin"]))
            .await
            .unwrap();
        let start = Instant::now();
        let run = tokio::time::timeout(LIMIT * 10, spinning.run());
        let err = run.await.expect("the limit ends the run").unwrap_err();
        assert!(
            err.downcast_ref::<sockbox::run::WallClockLimit>().is_some(),
            "{err:?}"
        );
        let took = start.elapsed();
        assert!(took >= LIMIT && took < LIMIT * 10, "stopped after {took:?}");
    });
}
