//! The `sockbox` command line: constants listing, help, policy flags, denial logs.

use sockbox_tests::{cli, free_port, guest_path, root};
use std::collections::BTreeMap;
use std::process::Command;

fn constants() -> BTreeMap<String, i64> {
    let out = Command::new(cli()).arg("constants").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (n, v) = l.split_once(' ').unwrap();
            (n.to_string(), v.parse().unwrap())
        })
        .collect()
}

#[test]
fn constants_cover_php_8_2_on_linux() {
    let ours = constants();
    let floor =
        std::fs::read_to_string(root().join("tests/data/php82-linux-constants.tsv")).unwrap();
    let mut checked = 0;
    for line in floor.lines().skip(1) {
        let (name, value) = line.split_once('\t').unwrap();
        assert_eq!(ours.get(name), Some(&value.parse().unwrap()), "{name}");
        checked += 1;
    }
    assert_eq!(checked, 212);
    assert_eq!(
        ours.len(),
        263,
        "every constant with a Linux value in wit/constants.tsv"
    );
}

#[test]
fn constants_match_the_running_php() {
    let out = Command::new("php")
        .args([
            "-r",
            "foreach (get_defined_constants(true)['sockets'] as $n => $v) echo \"$n $v\\n\";",
        ])
        .output()
        .expect("php-cli is required (scripts/test installs it)");
    let ours = constants();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() >= 200);
    for line in text.lines() {
        let (name, value) = line.split_once(' ').unwrap();
        assert_eq!(ours.get(name), Some(&value.parse().unwrap()), "{name}");
    }
}

#[test]
fn help_documents_every_policy_flag() {
    let out = Command::new(cli())
        .args(["run", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--allow-connect",
        "--allow-bind",
        "--allow-unix",
        "--allow-lookup",
        "--allow-raw",
        "--allow-all-network",
        "--allow-abstract",
        "--allow-receive-sockets",
        "--allow-accept",
        "--policy",
        "--max-sockets",
        "--max-io-bytes",
        "--wall-clock-limit",
        "--env",
    ] {
        assert!(help.contains(flag), "{flag} missing from help:\n{help}");
    }
}

#[test]
fn bad_rules_are_rejected_with_a_message() {
    let out = Command::new(cli())
        .args(["run", "--allow-connect", "127.0.0.1"])
        .arg(guest_path("socket-pair"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid rule '127.0.0.1'"));
}

#[test]
fn denials_are_logged_with_the_flag_that_would_allow_them() {
    let port = free_port();
    let out = Command::new(cli())
        .arg("run")
        .arg(guest_path("sockbox-test-guest"))
        .args(["probe", "connect", "127.0.0.1", &port.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "connect: false [13] Permission denied\n"
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains(&format!("allow with --allow-connect 127.0.0.1:{port}")),
        "{log}"
    );
}

#[test]
fn guest_exit_code_is_the_cli_exit_code() {
    let out = Command::new(cli())
        .arg("run")
        .arg(guest_path("sockbox-test-guest"))
        .arg("no-such-scenario")
        .output()
        .unwrap();
    // Rust's std on wasm32-wasip2 exits through wasi:cli's ok/err `exit`, so the guest's
    // exit(2) arrives as 1 (a guest calling `exit-with-code` gets its exact status through).
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown scenario"));
}

#[test]
fn policy_files_are_checked_and_used() {
    let dir = sockbox_tests::TempDir::new("cli-policy");
    let port = free_port();
    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        format!("allow-connect = [\"127.0.0.1:{port}\"]\n\n[limits]\nmax-sockets = 4\n"),
    )
    .unwrap();
    let out = Command::new(cli())
        .args(["policy", "check"])
        .arg(&good)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains(&format!("allow-connect = [\"127.0.0.1:{port}\"]"))
            && text.contains("max-sockets = 4"),
        "{text}"
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "allow-bind = [\"127.0.0.1:1\"]\nallow-connect = [\n  \"10.0.0.1\",\n]\n",
    )
    .unwrap();
    let out = Command::new(cli())
        .args(["policy", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("bad.toml:3: allow-connect: invalid rule '10.0.0.1'")
    );

    // The file's rule allows the connect (refused by the closed port, not by the policy), and its
    // limit applies.
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let out = Command::new(cli())
        .args(["run", "--policy"])
        .arg(&good)
        .arg(guest_path("sockbox-test-guest"))
        .args(["probe", "connect", "127.0.0.1", &port.to_string()])
        .output()
        .unwrap();
    drop(listener);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "connect: true\n");
    let out = Command::new(cli())
        .args(["run", "--policy"])
        .arg(&good)
        .arg(guest_path("sockbox-test-guest"))
        .args(["probe", "max-sockets"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("opened 4 then: Too many open files"));
}

#[test]
fn bad_limits_are_rejected_without_a_panic() {
    for bad in ["-1", "NaN", "inf", "1e300"] {
        let out = Command::new(cli())
            .args(["run", &format!("--wall-clock-limit={bad}")])
            .arg(guest_path("sockbox-test-guest"))
            .arg("strerror")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(125),
            "--wall-clock-limit {bad}: {stderr}"
        );
        assert!(stderr.contains("--wall-clock-limit"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_guest_denied_in_a_loop_does_not_flood_the_log() {
    let out = Command::new(cli())
        .arg("run")
        .arg(guest_path("sockbox-test-guest"))
        .args(["probe", "connect-many", "127.0.0.1", "9", "5000"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "denied: 5000\n");
    let log = String::from_utf8_lossy(&out.stderr);
    let lines = log.lines().filter(|l| l.contains("denied Connect")).count();
    assert!(
        (1..=60).contains(&lines),
        "{lines} log lines for 5000 denials"
    );
}

#[test]
fn trace_logging_shows_every_call_the_guest_made() {
    let out = Command::new(cli())
        .args(["run"])
        .arg(guest_path("sockbox-test-guest"))
        .arg("strerror")
        .env("SOCKBOX_LOG", "sockbox=trace")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains(r#"function="strerror"}"#) && log.contains("call error_code="),
        "{log}"
    );
    // Off by default: a warn-level run logs no calls.
    let quiet = Command::new(cli())
        .arg("run")
        .arg(guest_path("sockbox-test-guest"))
        .arg("strerror")
        .env_remove("SOCKBOX_LOG")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("wit-bindgen import"));
}
