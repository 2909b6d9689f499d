//! The C guests (guest-sdk/c, built by scripts/build-c-guests) under the real `sockbox run`:
//! the manual's examples give the same bytes as php-cli, as their Rust twins do in
//! examples.rs, and setjmp/longjmp unwinds (wasm exceptions in the host).

use sockbox_tests::examples::{
    Server, assert_echo_server_matches_php, assert_http_client_matches_php, finish,
    select_echo_clients,
};
use sockbox_tests::{c_guest_path, cli, free_port};
use std::process::{Command, Output};

/// Runs `sockbox run [FLAGS] GUEST ARGS` to completion.
fn sockbox_run(flags: &[&str], guest: &str, args: &[&str]) -> Output {
    sockbox_tests::sockbox_run(flags, &c_guest_path(guest), args)
}

#[test]
fn c_echo_server_matches_php() {
    assert_echo_server_matches_php(&c_guest_path("echo-server"));
}

#[test]
fn c_echo_server_denied_without_a_rule() {
    let port = free_port();
    let out = sockbox_run(&[], "echo-server", &["127.0.0.1", &port.to_string()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "socket_bind() failed: reason: Permission denied\n"
    );
    assert!(!out.status.success());
}

#[test]
fn c_http_client_matches_php() {
    assert_http_client_matches_php(|port| {
        let guest = sockbox_run(
            &["--allow-connect", &format!("127.0.0.1:{port}")],
            "http-client",
            &["127.0.0.1", &port.to_string()],
        );
        assert!(
            guest.status.success(),
            "{}",
            String::from_utf8_lossy(&guest.stderr)
        );
        guest.stdout
    });
}

#[test]
fn c_http_client_denied_without_a_rule() {
    let port = free_port();
    let out = sockbox_run(&[], "http-client", &["127.0.0.1", &port.to_string()]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("socket_connect() failed.\nReason: () Permission denied\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!out.status.success());
}

/// `guest` (an echo server taking ADDRESS PORT N) serves N clients at once, then exits.
fn serves_many_clients_at_once(guest: &str) {
    const CLIENTS: usize = 16;
    let port = free_port();
    let server = Server::spawn(
        Command::new(cli())
            .args(["run", "--allow-bind", &format!("127.0.0.1:{port}")])
            .arg(c_guest_path(guest))
            .args(["127.0.0.1", &port.to_string(), &CLIENTS.to_string()]),
    )
    .unwrap();
    select_echo_clients(port, CLIENTS, 200);
    // Having served its N clients, the server exits by itself.
    assert_eq!(finish(server), format!("listening on 127.0.0.1:{port}\n"));
}

#[test]
fn c_select_echo_serves_many_clients_at_once() {
    serves_many_clients_at_once("select-echo");
}

#[test]
fn c_event_echo_serves_many_clients_at_once() {
    serves_many_clients_at_once("event-echo");
}

#[test]
fn c_longjmp_unwinds() {
    let out = sockbox_run(&[], "longjmp", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("exceptions proposal not enabled"),
        "the host does not load wasm exceptions (Config::wasm_exceptions): {stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "round 1: setjmp returned 0, calling level1\n\
         level3: longjmp(env, 41)\n\
         round 1: setjmp returned 41 after depth 3, rounds=1\n\
         round 2: setjmp returned 0, calling level1\n\
         level3: longjmp(env, 42)\n\
         round 2: setjmp returned 42 after depth 3, rounds=2\n\
         unwound correctly\n"
    );
    assert!(out.status.success(), "{stderr}");
}
