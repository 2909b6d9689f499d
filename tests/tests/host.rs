//! Host behaviour that has no php-cli twin: limits, timeouts, stopping a blocked guest,
//! functions not implemented yet, and PHP 8.4/8.5 behaviour newer than Debian's PHP 8.2.

use sockbox::run::GuestConfig;
use sockbox::{Limits, Policy};
use sockbox_tests::{config, run, run_async, scenario, tokio_runtime};
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
    cfg.limits = Limits {
        max_sockets: 5,
        ..Limits::default()
    };
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
    cfg.limits = Limits {
        max_io_bytes: 4096,
        ..Limits::default()
    };
    let out = tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "read 2^40: 4096\n");
    // With the default cap, a 2^40-byte read returns what is there.
    assert_eq!(probe(&["huge-read"]), "read 2^40: 100000\n");
}

#[test]
fn not_yet_implemented_functions_say_so() {
    assert_eq!(
        probe(&["not-implemented"]),
        "sendmsg: false [38] Function not implemented\n\
         recvmsg: false [38] Function not implemented\n\
         addrinfo_lookup: false\n\
         wsaprotocol_info_release: false [95] Operation not supported\n"
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
fn a_guest_blocked_in_read_is_stopped_by_the_wall_clock_limit() {
    let mut cfg = config(
        "sockbox-test-guest",
        &["probe", "blocked-read"],
        Policy::deny_all(),
    );
    cfg.wall_clock_limit = Some(Duration::from_millis(300));
    let start = Instant::now();
    let err = tokio_runtime()
        .block_on(sockbox_tests::runner().run(&sockbox_tests::component("sockbox-test-guest"), cfg))
        .unwrap_err();
    assert!(format!("{err:?}").contains("wall-clock limit"), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn blocked_guests_do_not_block_each_other() {
    let rt = tokio_runtime();
    rt.block_on(async {
        let mut blocked = config(
            "sockbox-test-guest",
            &["probe", "blocked-read"],
            Policy::deny_all(),
        );
        blocked.wall_clock_limit = Some(Duration::from_secs(3));
        let component = sockbox_tests::component("sockbox-test-guest");
        let stuck =
            tokio::spawn(async move { sockbox_tests::runner().run(&component, blocked).await });
        let start = Instant::now();
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
            start.elapsed() < Duration::from_secs(3),
            "other guests ran while one was blocked"
        );
        assert!(stuck.await.unwrap().is_err());
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
fn guest_exit_closes_every_descriptor() {
    fn open_fds() -> usize {
        std::fs::read_dir("/proc/self/fd").unwrap().count()
    }
    // Warm up: compile and load everything once so only the guests' own descriptors vary.
    run(
        "sockbox-test-guest",
        &["probe", "max-sockets"],
        Policy::deny_all(),
    );
    let before = open_fds();
    for _ in 0..20 {
        let mut cfg = config(
            "sockbox-test-guest",
            &["probe", "max-sockets"],
            Policy::deny_all(),
        );
        cfg.limits = Limits {
            max_sockets: 50,
            ..Limits::default()
        };
        tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    }
    let after = open_fds();
    assert!(
        after <= before + 2,
        "descriptors leaked: {before} before, {after} after"
    );
}
