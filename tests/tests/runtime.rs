//! What the `sockbox run` host gives a real interpreter beside php:sockets: preopened
//! directories (and nothing else of the filesystem), environment variables, a stack sized for
//! deep recursion, and exit statuses that tell a guest's own status from a trap, a time limit
//! and a host error.

use sockbox_tests::{TempDir, c_guest_path, cli, free_port, guest_path};
use std::process::{Command, Output};

/// `sockbox run [FLAGS] sockbox-test-guest ARGS`.
fn sockbox(flags: &[&str], args: &[&str]) -> Output {
    sockbox_tests::sockbox_run(flags, &guest_path("sockbox-test-guest"), args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn exit_statuses_tell_the_guest_from_traps_limits_and_sockbox() {
    assert_eq!(sockbox(&[], &["exit", "0"]).status.code(), Some(0));
    // A guest that exits through wasi:cli's exit-with-code has its exact status.
    for code in ["0", "7", "200"] {
        let out = sockbox_tests::sockbox_run(&[], &c_guest_path("exit-code"), &[code]);
        assert_eq!(stdout(&out), format!("exiting with {code}\n"));
        assert_eq!(out.status.code(), code.parse().ok(), "{out:?}");
    }
    // A trap, a wall-clock stop and sockbox's own failure each have a status below 128, so no
    // shell reads one as "killed by a signal".
    let trap = sockbox(&[], &["trap"]);
    assert_eq!(trap.status.code(), Some(123), "{trap:?}");
    let port = free_port().to_string();
    let rule = format!("127.0.0.1:{port}");
    let stopped = sockbox(
        &["--allow-bind", &rule, "--wall-clock-limit", "0.5"],
        &["std-listen", "127.0.0.1", &port],
    );
    assert_eq!(stopped.status.code(), Some(124), "{stopped:?}");
    assert!(String::from_utf8_lossy(&stopped.stderr).contains("wall-clock limit"));
    let missing = Command::new(cli())
        .args(["run", "/nonexistent/guest.wasm"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(125));
}

#[test]
fn the_guest_sees_only_the_directories_it_is_given() {
    let dir = TempDir::new("preopen");
    std::fs::write(dir.path().join("in.txt"), "hello\n").unwrap();
    let outside = TempDir::new("outside");
    std::fs::write(outside.path().join("secret.txt"), "secret\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("link")).unwrap();
    let ro = format!("{}::/data", dir.path().display());
    let read = |flags: &[&str], path: &str| stdout(&sockbox(flags, &["fs-read", path]));

    assert_eq!(read(&["--dir-ro", &ro], "/data/in.txt"), "read hello\n");
    // Nothing without a --dir; no way out of one by `..` or by a symlink.
    assert_eq!(read(&[], "/data/in.txt"), "read: NotFound\n");
    let host_path = outside.path().join("secret.txt");
    assert!(read(&[], host_path.to_str().unwrap()).starts_with("read: "));
    let dotdot = format!(
        "/data/../{}/secret.txt",
        outside.path().file_name().unwrap().to_str().unwrap()
    );
    for escape in [dotdot.as_str(), "/data/link"] {
        let seen = read(&["--dir-ro", &ro], escape);
        assert!(
            seen.starts_with("read: ") && !seen.contains("secret"),
            "{escape}: {seen}"
        );
    }

    // Read-only means no writes; --dir allows them.
    let write = |flags: &[&str]| stdout(&sockbox(flags, &["fs-write", "/data/out.txt", "x"]));
    assert!(write(&["--dir-ro", &ro]).starts_with("write: "));
    assert!(!dir.path().join("out.txt").exists());
    let rw = format!("{}::/data", dir.path().display());
    assert_eq!(write(&["--dir", &rw]), "wrote\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.txt")).unwrap(),
        "x"
    );
    // HOST alone is seen at the same path.
    let same = dir.path().join("in.txt");
    assert_eq!(
        read(
            &["--dir-ro", dir.path().to_str().unwrap()],
            same.to_str().unwrap()
        ),
        "read hello\n"
    );
}

#[test]
fn environment_variables_are_set_or_passed_through_and_nothing_else() {
    let out = Command::new(cli())
        .args([
            "run",
            "--env",
            "A=1",
            "--env",
            "FROM_HOST",
            "--env",
            "UNSET_HERE",
        ])
        .arg(guest_path("sockbox-test-guest"))
        .arg("env")
        .env("FROM_HOST", "passed")
        .env("NOT_ASKED", "kept out")
        .env_remove("UNSET_HERE")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "A=1 FROM_HOST=passed\n", "{out:?}");
}

#[test]
fn the_stack_is_sized_for_interpreters_and_configurable() {
    // 60,000 nested calls: far beyond wasmtime's default 512 KiB of native stack, well within
    // sockbox's default 8 MiB.
    let deep = sockbox(&[], &["recurse", "60000"]);
    assert_eq!(stdout(&deep), "depth 60000\n", "{deep:?}");
    let small = sockbox(&["--max-wasm-stack", "524288"], &["recurse", "60000"]);
    assert_eq!(small.status.code(), Some(123));
    assert!(String::from_utf8_lossy(&small.stderr).contains("call stack exhausted"));
    // Nonsense sizes are refused with a message, never a crash.
    for bytes in ["0", &usize::MAX.to_string()] {
        let bad = sockbox(&["--max-wasm-stack", bytes], &["exit", "0"]);
        assert_eq!(bad.status.code(), Some(125), "{bytes}: {bad:?}");
    }
}
