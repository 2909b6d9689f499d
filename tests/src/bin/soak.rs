//! Soak test (a command, not a test): runs the select-echo guest under `sockbox run` for N
//! minutes while clients echo checksummed payloads through it, reconnecting as they go, and
//! samples the host process's RSS and descriptor count.
//!
//! `cargo run --release -p sockbox-tests --bin soak -- [MINUTES] [CLIENTS]` (scripts/soak).
//! Fails if any byte comes back wrong, or if RSS or descriptors grow after warm-up.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const ROUNDS_PER_CONNECTION: u64 = 500;

fn status(pid: u32) -> (u64, usize) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss_kib = text
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0);
    (rss_kib, fds)
}

/// A payload whose last 8 bytes are a checksum of the rest, so corruption is caught even if a
/// length happens to match.
fn payload(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    let mut body: Vec<u8> = (0..len.saturating_sub(8))
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let sum = body
        .iter()
        .fold(0u64, |a, &b| a.wrapping_mul(31).wrapping_add(u64::from(b)));
    body.extend_from_slice(&sum.to_le_bytes());
    body
}

fn client(port: u16, id: u64, stop: Arc<AtomicBool>, bytes: Arc<AtomicU64>) {
    let mut seed = id * 7919 + 1;
    while !stop.load(Ordering::Relaxed) {
        let mut s = match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => s,
            Err(_) => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        for _ in 0..ROUNDS_PER_CONNECTION {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 8 + (seed >> 33) as usize % (64 * 1024);
            let msg = payload(seed, len);
            s.write_all(&msg).expect("write to the echo server");
            let mut back = vec![0u8; msg.len()];
            s.read_exact(&mut back).expect("read the echo back");
            assert!(back == msg, "client {id}: echoed bytes differ");
            bytes.fetch_add(msg.len() as u64, Ordering::Relaxed);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let minutes: f64 = args.next().map_or(5.0, |m| m.parse().expect("MINUTES"));
    let clients: u64 = args.next().map_or(8, |c| c.parse().expect("CLIENTS"));
    let root = sockbox_tests::root();
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let sockbox = root.join("target").join(profile).join("sockbox");
    let guest = root
        .join("target/wasm32-wasip2")
        .join(profile)
        .join("select-echo.wasm");
    let port = sockbox_tests::free_port();
    let mut server = Command::new(&sockbox)
        .args(["run", "--allow-bind", &format!("127.0.0.1:{port}")])
        .arg(&guest)
        .args(["127.0.0.1", &port.to_string()])
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e} (scripts/soak builds it)", sockbox.display()));
    let pid = server.id();
    let (stop, bytes) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
    );
    let workers: Vec<_> = (0..clients)
        .map(|id| {
            let (stop, bytes) = (stop.clone(), bytes.clone());
            std::thread::spawn(move || client(port, id, stop, bytes))
        })
        .collect();
    let start = Instant::now();
    let total = Duration::from_secs_f64(minutes * 60.0);
    let warm = (total / 5).min(Duration::from_secs(30));
    println!(
        "{:>8} {:>10} {:>6} {:>12}",
        "seconds", "rss KiB", "fds", "MiB echoed"
    );
    let mut baseline = None;
    let mut worst = (0u64, 0usize);
    while start.elapsed() < total {
        std::thread::sleep(Duration::from_secs(10).min(total.saturating_sub(start.elapsed())));
        let (rss, fds) = status(pid);
        println!(
            "{:>8} {rss:>10} {fds:>6} {:>12.1}",
            start.elapsed().as_secs(),
            bytes.load(Ordering::Relaxed) as f64 / 1048576.0
        );
        if start.elapsed() >= warm {
            baseline.get_or_insert((rss, fds));
            worst = (worst.0.max(rss), worst.1.max(fds));
        }
        assert!(server.try_wait().unwrap().is_none(), "the server died");
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("a client failed");
    }
    let _ = server.kill();
    let _ = server.wait();
    let (rss0, fds0) = baseline.expect("the run is longer than its warm-up");
    let mib = bytes.load(Ordering::Relaxed) as f64 / 1048576.0;
    println!(
        "echoed {mib:.1} MiB intact; RSS after warm-up {rss0} KiB, peak {} KiB; fds {fds0}, peak {}",
        worst.0, worst.1
    );
    assert!(worst.0 <= rss0 + rss0 / 5 + 4096, "RSS grew");
    assert!(worst.1 <= fds0 + clients as usize, "descriptors grew");
    println!("soak passed");
}
