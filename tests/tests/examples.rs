//! The manual's examples as guests: each runs end to end over loopback, and where PHP can run
//! the same program (tests/php), both give the same bytes.

use sockbox::Policy;
use sockbox_tests::examples::{
    assert_echo_server_matches_php, assert_http_client_matches_php, select_echo_clients,
};
use sockbox_tests::{config, free_port, guest_path, php, run, run_async, tokio_runtime};

use std::time::{Duration, Instant};

#[test]
fn echo_server_matches_php() {
    assert_echo_server_matches_php(&guest_path("echo-server"));
}

#[test]
fn echo_client_talks_to_echo_server_both_as_guests() {
    let port = free_port();
    let p = port.to_string();
    let rt = tokio_runtime();
    // Both compiled first: the client's retries then wait only for the server's startup.
    for guest in ["echo-server", "echo-client"] {
        sockbox_tests::component(guest);
    }
    let (server, client) = rt.block_on(async {
        let policy = Policy::deny_all()
            .allow_bind(&format!("127.0.0.1:{port}"))
            .unwrap();
        let server = tokio::spawn(run_async(
            "echo-server",
            config("echo-server", &["127.0.0.1", &p], policy),
        ));
        let policy = Policy::deny_all()
            .allow_connect(&format!("127.0.0.1:{port}"))
            .unwrap();
        // Retried by time, not by count: each failed try costs a guest run, however slow.
        let start = Instant::now();
        let client = loop {
            let out = run_async(
                "echo-client",
                config(
                    "echo-client",
                    &["127.0.0.1", &p, "hello", "sockets in wasm", "shutdown"],
                    policy.clone(),
                ),
            )
            .await;
            if out.exit_code == 0 {
                break out;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "client never connected: {}",
                String::from_utf8_lossy(&out.stdout)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        (server.await.unwrap(), client)
    });
    let transcript = String::from_utf8_lossy(&client.stdout);
    assert!(
        transcript.contains("> hello\n< PHP: You said 'hello'.\n"),
        "{transcript}"
    );
    assert!(
        transcript.contains("< PHP: You said 'sockets in wasm'.\n"),
        "{transcript}"
    );
    assert_eq!(server.exit_code, 0);
    assert_eq!(
        String::from_utf8_lossy(&server.stdout),
        "hello\nsockets in wasm\n"
    );
}

#[test]
fn socket_pair_example_matches_php() {
    let out = run("socket-pair", &[], Policy::deny_all());
    let expected = php("socket-pair.php", &[]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "string(10) \"ABCdef123\n\"\n"
    );
    assert_eq!(out.stdout, expected.stdout);
}

#[test]
fn http_head_example_matches_php() {
    assert_http_client_matches_php(|port| {
        let policy = Policy::deny_all()
            .allow_connect(&format!("127.0.0.1:{port}"))
            .unwrap();
        run("http-head", &["127.0.0.1", &port.to_string()], policy).stdout
    });
}

#[test]
fn http_head_denied_without_a_rule() {
    let port = free_port();
    let out = run(
        "http-head",
        &["127.0.0.1", &port.to_string()],
        Policy::deny_all(),
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("socket_connect() failed.\nReason: () Permission denied")
    );
}

#[test]
fn udp_ping_example() {
    let policy = sockbox_tests::loopback_policy(&[]);
    let out = run("udp-ping", &[], policy);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.exit_code, 0, "{text}");
    assert!(text.contains("ping") && text.contains("pong"), "{text}");
}

#[test]
fn select_echo_serves_many_clients_at_once() {
    serves_many_clients_at_once("select-echo");
}

#[test]
fn event_echo_serves_many_clients_at_once() {
    serves_many_clients_at_once("event-echo");
}

/// Runs the echo server `guest` until it served 16 clients echoing 200 rounds each.
fn serves_many_clients_at_once(guest: &'static str) {
    const CLIENTS: usize = 16;
    const ROUNDS: usize = 200;
    let port = free_port();
    let rt = tokio_runtime();
    let p = port.to_string();
    let n = CLIENTS.to_string();
    let policy = Policy::deny_all()
        .allow_bind(&format!("127.0.0.1:{port}"))
        .unwrap();
    // Compiled before the clients' clock starts.
    sockbox_tests::component(guest);
    let server = rt.spawn(run_async(
        guest,
        config(guest, &["127.0.0.1", &p, &n], policy),
    ));
    select_echo_clients(port, CLIENTS, ROUNDS);
    let out = rt.block_on(server).unwrap();
    assert_eq!(out.exit_code, 0, "{}", String::from_utf8_lossy(&out.stdout));
}
