//! Scenarios for the guest's own WASI, beside php:sockets: its language's sockets (Rust
//! `std::net`, which goes through wasi-libc to wasi:sockets) under sockbox's policy, files in
//! preopened directories, the exit status, and the native stack. Each prints one line per
//! step: what worked, or the error's kind.

use sockbox_guest::*;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs, UdpSocket};

/// Runs `name` if it is one of these scenarios.
pub fn run(name: &str, args: &[String]) -> bool {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    let target = || target_at(args, 0);
    match name {
        "std-connect" => std_connect(&target()),
        "std-listen" => std_listen(&target()),
        "std-udp-send" => match UdpSocket::bind(if a(0).contains(':') {
            "[::]:0"
        } else {
            "0.0.0.0:0"
        })
        .and_then(|s| s.send_to(b"ping", target()))
        {
            Ok(n) => println!("sent {n}"),
            Err(e) => println!("send: {:?}", e.kind()),
        },
        "std-udp-bind" => match UdpSocket::bind(target()) {
            Ok(s) => println!("bound {}", s.local_addr().unwrap()),
            Err(e) => println!("bind: {:?}", e.kind()),
        },
        "std-lookup" => match (a(0), 80).to_socket_addrs() {
            Ok(found) => {
                let mut found: Vec<String> = found.map(|s| s.ip().to_string()).collect();
                found.sort();
                println!("found {}", found.join(" "));
            }
            Err(e) => println!("lookup: {e}"),
        },
        "std-hold" => std_hold(a(0).parse().unwrap_or(0), &target_at(args, 1)),
        "mixed" => {
            // The same destination through both worlds: one policy answers both alike.
            let php = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)
                .and_then(|s| socket_connect(&s, a(0), a(1).parse().ok()).map(|_| s));
            match php {
                Ok(_) => println!("php:sockets connected"),
                Err(e) => println!("php:sockets: {:?}", e.kind()),
            }
            std_connect(&target());
        }
        "exit" => std::process::exit(a(0).parse().unwrap_or(0)),
        "trap" => std::process::abort(),
        "env" => {
            let mut vars: Vec<String> = std::env::vars().map(|(k, v)| format!("{k}={v}")).collect();
            vars.sort();
            println!("{}", vars.join(" "));
        }
        "fs-read" => match std::fs::read_to_string(a(0)) {
            Ok(text) => println!("read {}", text.trim_end()),
            Err(e) => println!("read: {:?}", e.kind()),
        },
        "fs-write" => match std::fs::write(a(0), a(1)) {
            Ok(()) => println!("wrote"),
            Err(e) => println!("write: {:?}", e.kind()),
        },
        "recurse" => {
            let n = a(0).parse().unwrap_or(0);
            recurse(n);
            println!("depth {n}");
        }
        _ => return false,
    }
    true
}

fn bracket(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// `ADDRESS:PORT` from the arguments at `i` and `i + 1` (IPv6 in brackets).
fn target_at(args: &[String], i: usize) -> String {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    format!("{}:{}", bracket(a(i)), a(i + 1))
}

/// Connects, sends a line and prints the reply line.
fn std_connect(target: &str) {
    let mut stream = match TcpStream::connect(target) {
        Ok(s) => s,
        Err(e) => return println!("connect: {:?}", e.kind()),
    };
    println!("connected");
    stream.write_all(b"ping\n").unwrap();
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    println!("reply {}", line.trim_end());
}

/// Listens, then echoes one line of one connection.
fn std_listen(target: &str) {
    let listener = match TcpListener::bind(target) {
        Ok(l) => l,
        Err(e) => return println!("listen: {:?}", e.kind()),
    };
    println!("listening on {}", listener.local_addr().unwrap());
    let stream = match listener.accept() {
        Ok((stream, _)) => stream,
        Err(e) => return println!("accept: {}", e),
    };
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line).unwrap();
    (&stream).write_all(line.as_bytes()).unwrap();
    println!("echoed {}", line.trim_end());
}

/// Opens up to `n` connections to `target` at once and says how many it got; then, having
/// closed them all, whether one more can be made (the slots came back).
fn std_hold(n: usize, target: &str) {
    let mut held = Vec::new();
    let mut error = None;
    while held.len() < n {
        match TcpStream::connect(target) {
            Ok(s) => held.push(s),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    match error {
        Some(e) => println!(
            "held {} then {:?}",
            held.len(),
            e.raw_os_error().map(strerror_wasi)
        ),
        None => println!("held {}", held.len()),
    }
    drop(held);
    match TcpStream::connect(target) {
        Ok(_) => println!("after close: connected"),
        Err(e) => println!("after close: {:?}", e.kind()),
    }
}

/// wasi-libc's errno numbers differ from Linux's: name the ones a limit test sees.
fn strerror_wasi(code: i32) -> String {
    std::io::Error::from_raw_os_error(code).to_string()
}

/// Recurses `n` frames deep. The values live in wasm locals, so the depth is bounded by the
/// native stack wasm frames get (`--max-wasm-stack`), not by the guest's linear-memory stack.
#[inline(never)]
fn recurse(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    let below = recurse(std::hint::black_box(n - 1));
    below.wrapping_mul(31).wrapping_add(n) | 1
}
