//! A multi-guest host on several cores (`sockbox-bench --cores`): `GUESTS` copies of
//! bench/work-echo in one process, through one embedded [`Runner`] on a multi-thread tokio
//! runtime, each answering one client connection that does round trips. Each answer costs the
//! guest `ROUNDS` rounds of arithmetic, so the time goes to wasm rather than to loopback TCP
//! (whose kernel work, client included, would share the same two CPUs). The same run with 1
//! worker thread and with 2, in one invocation: the ratio is what a second core buys.

use crate::servers::{existing, free_port, wasm_dir};
use sockbox::Policy;
use sockbox::run::{GuestConfig, Runner};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// Guests (and client connections), a few per worker so either runtime can keep all busy.
const GUESTS: usize = 4;
/// Arithmetic rounds per answer (about 0.25 ms of wasm here): the client's share of the CPUs
/// stays a few per cent.
const ROUNDS: u64 = 200_000;
/// The message each round trip carries.
const MESSAGE: &[u8] = b"sixteen bytes ok";

/// Runs the report: round trips per second at 1 and 2 workers, and their ratio.
pub fn report(duration: Duration, warmup: Duration) -> io::Result<()> {
    let failed = |e: wasmtime::Error| io::Error::other(format!("{e:#}"));
    let path = existing(wasm_dir().join("work-echo.wasm"))?;
    let runner = Runner::new().map_err(failed)?;
    let component = runner.load(&path).map_err(failed)?;
    let prepared = runner.prepare(&component).map_err(failed)?;
    println!(
        "{GUESTS} guests of {} in one process, one client each, {ROUNDS} rounds of arithmetic per answer, unpinned:",
        path.display()
    );
    let mut baseline = None;
    for workers in [1, 2] {
        let rate = run(&runner, &prepared, workers, duration, warmup)?;
        let base = *baseline.get_or_insert(rate);
        println!(
            "  {workers} worker{}: {rate:>9.0} round trips/s  ({:.2}x one worker)",
            if workers == 1 { " " } else { "s" },
            rate / base
        );
    }
    Ok(())
}

/// One measurement: the guests on a runtime of `workers` threads, the clients on threads of
/// their own; completed round trips per second over `duration` after `warmup`.
fn run(
    runner: &Runner,
    prepared: &sockbox::run::Prepared,
    workers: usize,
    duration: Duration,
    warmup: Duration,
) -> io::Result<f64> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()?;
    let _inside = rt.enter();
    let mut guests = Vec::new();
    let mut ports = Vec::new();
    for _ in 0..GUESTS {
        let port = free_port()?;
        let policy = Policy::deny_all()
            .allow_bind(&format!("127.0.0.1:{port}"))
            .map_err(|e| io::Error::other(e.to_string()))?;
        let cfg = GuestConfig::new(policy)
            .args([
                "work-echo",
                "127.0.0.1",
                &port.to_string(),
                &ROUNDS.to_string(),
            ])
            .capture(Vec::new());
        guests.push(runner.spawn(prepared, cfg));
        ports.push(port);
    }
    let start = Arc::new(Barrier::new(GUESTS + 1));
    let clients: Vec<_> = ports
        .into_iter()
        .map(|port| {
            let start = start.clone();
            std::thread::spawn(move || client(port, &start, duration, warmup))
        })
        .collect();
    start.wait();
    let mut total = 0u64;
    for c in clients {
        total += c
            .join()
            .map_err(|_| io::Error::other("client panicked"))??;
    }
    for g in &guests {
        g.stop();
    }
    drop(_inside);
    rt.shutdown_timeout(Duration::from_secs(5));
    Ok(total as f64 / duration.as_secs_f64())
}

/// One client: connects once its guest listens, waits for the others, then counts the round
/// trips it completes after the warm-up.
fn client(port: u16, start: &Barrier, duration: Duration, warmup: Duration) -> io::Result<u64> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut stream = loop {
        match TcpStream::connect(addr) {
            Ok(s) => break s,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                start.wait();
                return Err(e);
            }
        }
    };
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    start.wait();
    let counting = Instant::now() + warmup;
    let end = counting + duration;
    let mut reply = [0u8; MESSAGE.len()];
    let mut done = 0u64;
    loop {
        let now = Instant::now();
        if now >= end {
            return Ok(done);
        }
        stream.write_all(MESSAGE)?;
        stream.read_exact(&mut reply)?;
        if now >= counting {
            done += 1;
        }
    }
}
