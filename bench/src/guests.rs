//! Many guests in one process (`sockbox-bench --guests N`): N copies of `examples/echo-server`
//! (the manual's Example #1) run by one embedded [`Runner`], each blocked in `socket_accept` on
//! a port of its own. Reports what an operator hosting many plugins asks: how long they take to
//! be up, memory and mappings per idle guest, the CPU an idle process burns, how fast one of
//! them answers while the rest stay blocked, and what one instantiation costs.

use sockbox::Policy;
use sockbox::run::{GuestConfig, Runner, RunnerOptions};
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Guest `i` listens on `FIRST_PORT + i` (below Linux's ephemeral range, so the probes' own
/// ports never collide with a guest's).
const FIRST_PORT: u16 = 20000;
/// The most guests one run may start (the ports up to the ephemeral range).
pub const MAX_GUESTS: usize = 12000;
/// Guests connected to at once to see how fast a blocked guest answers.
const PROBES: usize = 10;
/// Instantiations timed for the per-instantiation cost.
const INSTANTIATIONS: usize = 200;

/// Runs the many-guests report for `count` guests of `component` (examples/echo-server).
pub fn report(
    component_path: &std::path::Path,
    count: usize,
    frugal: bool,
    workers: Option<usize>,
) -> std::io::Result<()> {
    let failed = |e: wasmtime::Error| std::io::Error::other(format!("{e:#}"));
    let mut options = RunnerOptions::default();
    if frugal {
        // No copy-on-write image of the data segments: two mappings fewer per guest.
        options = options.engine(|config| {
            config.memory_init_cow(false);
        });
    }
    let runner = Arc::new(Runner::with_options(options).map_err(failed)?);
    let component = runner.load(component_path).map_err(failed)?;
    let prepared = runner.prepare(&component).map_err(failed)?;
    let rt = match workers {
        Some(n) => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build()?,
        None => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?,
    };
    let last = FIRST_PORT as usize + count - 1;
    let policy = Policy::deny_all()
        .allow_bind(&format!("127.0.0.1:{FIRST_PORT}-{last}"))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let guest = |args: Vec<String>| {
        GuestConfig::new(policy.clone())
            .args(std::iter::once("echo-server".to_string()).chain(args))
            .capture(Vec::new())
    };

    println!(
        "{count} guests of {} in one process ({}, {}):",
        component_path.display(),
        if frugal {
            "memory_init_cow off"
        } else {
            "default engine"
        },
        match workers {
            Some(n) => format!("{n} worker threads"),
            None => "one current-thread runtime".into(),
        }
    );
    let (linked, per_run) = rt.block_on(instantiation_time(&runner, &component, &prepared, &guest));
    println!(
        "  instantiate + run a guest that exits at once: median {:.1} µs prepared once ({:.1} µs linking each time), of {INSTANTIATIONS}",
        linked.as_secs_f64() * 1e6,
        per_run.as_secs_f64() * 1e6
    );
    let own = rt.block_on(instantiate_only(&runner, &prepared, &guest));
    let pooled = pooling_runner().map_err(failed)?;
    let pooled_component = pooled.load(component_path).map_err(failed)?;
    let pooled_prepared = pooled.prepare(&pooled_component).map_err(failed)?;
    let pool = rt.block_on(instantiate_only(&pooled, &pooled_prepared, &guest));
    println!(
        "  instantiate only (Runner::instantiate, not run): median {:.1} µs; {:.1} µs with the pooling allocator (RunnerOptions::engine), of {INSTANTIATIONS}",
        own.as_secs_f64() * 1e6,
        pool.as_secs_f64() * 1e6
    );

    let (rss_before, maps_before) = (rss_kib(), mappings());
    let start = Instant::now();
    let mut started = 0usize;
    for i in 0..count {
        let port = (FIRST_PORT as usize + i).to_string();
        let (runner, prepared) = (runner.clone(), prepared.clone());
        let cfg = guest(vec!["127.0.0.1".into(), port]);
        rt.spawn(async move { runner.run_prepared(&prepared, cfg).await });
        started += 1;
    }
    // Drive the runtime on a thread of its own; this thread measures from outside.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let driver = std::thread::spawn(move || {
        rt.block_on(async {
            let _ = stop_rx.await;
        });
        // Dropping the runtime drops every guest.
    });
    let listening = wait_listening(count, Duration::from_secs(120));
    let up = start.elapsed();
    println!(
        "  {listening} of {started} listening after {:.2} s",
        up.as_secs_f64()
    );
    std::thread::sleep(Duration::from_millis(500));
    let (rss, maps) = (rss_kib(), mappings());
    println!(
        "  memory: {:.1} KiB RSS per guest ({} MiB in all), {:.1} mappings per guest (vm.max_map_count {})",
        (rss.saturating_sub(rss_before)) as f64 / count as f64,
        rss / 1024,
        (maps.saturating_sub(maps_before)) as f64 / count as f64,
        std::fs::read_to_string("/proc/sys/vm/max_map_count")
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| "?".into())
    );
    let cpu_before = cpu_time();
    std::thread::sleep(Duration::from_secs(2));
    let idle = (cpu_time() - cpu_before).as_secs_f64() / 2.0;
    println!(
        "  idle: {:.2} % of one CPU while all are blocked in accept",
        idle * 100.0
    );
    let up = count.min(listening);
    print_probes(
        "simultaneous connections to guests spread over the ports",
        probe(up),
    );
    print_probes(
        "connections one at a time (each timed from its own connect)",
        probe_one_at_a_time(up),
    );
    let _ = stop_tx.send(());
    let _ = driver.join();
    if listening < count {
        return Err(std::io::Error::other(format!(
            "only {listening} of {count} guests came up"
        )));
    }
    Ok(())
}

/// Median time to instantiate and run a guest that exits at once (a usage error): with the
/// component prepared once, and linked again for each run.
async fn instantiation_time(
    runner: &Runner,
    component: &wasmtime::component::Component,
    prepared: &sockbox::run::Prepared,
    guest: &impl Fn(Vec<String>) -> GuestConfig,
) -> (Duration, Duration) {
    let bad_port = || guest(vec!["127.0.0.1".into(), "not-a-port".into()]);
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..INSTANTIATIONS {
        for (prepared_once, list) in [true, false].into_iter().zip(&mut times) {
            let start = Instant::now();
            let _ = if prepared_once {
                runner.run_prepared(prepared, bad_port()).await
            } else {
                runner.run(component, bad_port()).await
            };
            list.push(start.elapsed());
        }
    }
    let [mut a, mut b] = times;
    a.sort();
    b.sort();
    (a[INSTANTIATIONS / 2], b[INSTANTIATIONS / 2])
}

/// Median time of [`Runner::instantiate`] alone: store, WASI context and instance, not run.
async fn instantiate_only(
    runner: &Runner,
    prepared: &sockbox::run::Prepared,
    guest: &impl Fn(Vec<String>) -> GuestConfig,
) -> Duration {
    let mut times = Vec::with_capacity(INSTANTIATIONS);
    for _ in 0..INSTANTIATIONS {
        let cfg = guest(vec![]);
        let start = Instant::now();
        let instance = runner.instantiate(prepared, cfg).await;
        times.push(start.elapsed());
        drop(instance.expect("instantiate"));
    }
    times.sort();
    times[INSTANTIATIONS / 2]
}

/// A runner whose engine takes instances from wasmtime's pooling allocator (slots made
/// once, reused), as an embedder that starts guests all day would configure it.
fn pooling_runner() -> wasmtime::Result<Runner> {
    let options = RunnerOptions::default().engine(|config| {
        let mut pool = wasmtime::PoolingAllocationConfig::default();
        pool.total_component_instances(16)
            .total_core_instances(64)
            .total_memories(64)
            .total_tables(64)
            .max_memory_size(64 << 20);
        config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));
    });
    Runner::with_options(options)
}

/// Waits until `count` guests listen (as /proc/net/tcp lists listening sockets on their
/// ports), or `limit` passes; returns how many do.
fn wait_listening(count: usize, limit: Duration) -> usize {
    let deadline = Instant::now() + limit;
    loop {
        let up = listening_guests();
        if up >= count || Instant::now() >= deadline {
            return up;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sockets in the LISTEN state on the guests' ports.
fn listening_guests() -> usize {
    let ports = FIRST_PORT as u32..FIRST_PORT as u32 + MAX_GUESTS as u32;
    std::fs::read_to_string("/proc/net/tcp")
        .unwrap_or_default()
        .lines()
        .skip(1)
        .filter(|line| {
            let mut fields = line.split_whitespace();
            let local = fields.nth(1).unwrap_or("");
            let state = fields.nth(1).unwrap_or("");
            let port = local
                .rsplit(':')
                .next()
                .and_then(|p| u32::from_str_radix(p, 16).ok());
            state == "0A" && port.is_some_and(|p| ports.contains(&p))
        })
        .count()
}

/// Connects to `PROBES` guests spread over the first `count` at once; the time each took to
/// send its welcome line.
fn probe(count: usize) -> std::io::Result<Vec<Duration>> {
    let targets: Vec<u16> = (0..PROBES.min(count))
        .map(|i| FIRST_PORT + (i * count / PROBES.min(count).max(1)) as u16)
        .collect();
    let start = Instant::now();
    let streams = targets
        .iter()
        .map(|&port| {
            let s = TcpStream::connect_timeout(
                &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                Duration::from_secs(5),
            )?;
            s.set_read_timeout(Some(Duration::from_secs(5)))?;
            Ok(s)
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    streams
        .into_iter()
        .map(|mut s| {
            let mut byte = [0u8];
            s.read_exact(&mut byte)?;
            Ok(start.elapsed())
        })
        .collect()
}

/// Prints how long probes took to get their welcome line: median and slowest.
fn print_probes(what: &str, answers: std::io::Result<Vec<Duration>>) {
    match answers {
        Ok(mut times) if !times.is_empty() => {
            times.sort();
            println!(
                "  {} {what}: welcome line after median {:.3} ms, slowest {:.3} ms",
                times.len(),
                times[times.len() / 2].as_secs_f64() * 1e3,
                times[times.len() - 1].as_secs_f64() * 1e3
            );
        }
        Ok(_) => println!("  no guest to probe"),
        Err(e) => println!("  probe failed: {e}"),
    }
}

/// Connects to guests spread over the ports one after the other (others than [`probe`]'s, so
/// each is still blocked in its first accept), each timed from its own connect to the first
/// byte of its welcome line.
fn probe_one_at_a_time(count: usize) -> std::io::Result<Vec<Duration>> {
    let n = PROBES.min(count / 2);
    (0..n)
        .map(|i| {
            let port = FIRST_PORT + (i * count / n.max(1) + count / (2 * n.max(1))) as u16;
            let start = Instant::now();
            let mut s = TcpStream::connect_timeout(
                &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                Duration::from_secs(5),
            )?;
            s.set_read_timeout(Some(Duration::from_secs(5)))?;
            let mut byte = [0u8];
            s.read_exact(&mut byte)?;
            Ok(start.elapsed())
        })
        .collect()
}

/// This process's resident memory, in KiB.
fn rss_kib() -> u64 {
    status_field("VmRSS:")
}

fn status_field(name: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix(name)
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse().ok())
            })
        })
        .unwrap_or(0)
}

/// This process's memory mappings.
fn mappings() -> usize {
    std::fs::read_to_string("/proc/self/maps")
        .map(|m| m.lines().count())
        .unwrap_or(0)
}

/// CPU time (user + system) this process used so far.
fn cpu_time() -> Duration {
    // SAFETY: getrusage writes one rusage struct through the pointer.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
