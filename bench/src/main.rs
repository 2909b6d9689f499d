//! `sockbox-bench`: drives eight echo servers with the same client and prints a table of
//! round trips per second and bulk throughput, with sockbox's ratio to each of the others.
//! Run it through `scripts/bench`, which builds everything it needs in release first.
//!
//! ```text
//! sockbox-bench [--duration SECS] [--warmup SECS] [--only NAME[,NAME]...] [--cpu N | --no-pin]
//!               [--startup COMPONENT]
//! ```
//!
//! `--startup COMPONENT` adds the start-up table (`startup.rs`) for that component.

mod calls;
mod client;
mod cores;
mod guests;
mod servers;
mod startup;

use client::{CHUNK, MESSAGE, Timing};
use servers::{Running, Server};
use std::time::Duration;

const USAGE: &str = "usage: sockbox-bench [--duration SECS] [--warmup SECS] \
                     [--only NAME[,NAME]...] [--cpu N | --no-pin] [--startup COMPONENT]
       sockbox-bench --guests N [--frugal] [--workers W]
       sockbox-bench --calls
       sockbox-bench --cores [--duration SECS] [--warmup SECS]
names: sockbox, sockbox-c, sockbox-ev, php, php-wasm, native, epoll, wasi-std";

/// One row of the table: what the client does.
#[derive(Clone, Copy)]
enum Row {
    /// 64-byte round trips over this many concurrent connections.
    RoundTrips(usize),
    /// 64 KiB chunks over one connection.
    Bulk,
    /// 64-byte round trips over `ACTIVE` connections among this many, the rest idle.
    Crowd(usize),
}

/// How many connections of a `Crowd` row carry traffic.
const ACTIVE: usize = 64;

/// Native PHP's `socket_select` refuses descriptors from this number on (`FD_SETSIZE`).
const FD_SETSIZE: usize = 1024;

const ROWS: [Row; 7] = [
    Row::RoundTrips(1),
    Row::RoundTrips(8),
    Row::RoundTrips(ACTIVE),
    Row::Bulk,
    Row::Crowd(1000),
    Row::Crowd(5000),
    Row::Crowd(10000),
];

impl Row {
    fn label(self) -> String {
        match self {
            Row::RoundTrips(n) => format!("rt/s @{n}"),
            Row::Bulk => "bulk MB/s".into(),
            Row::Crowd(n) => format!("{ACTIVE} of {n}"),
        }
    }

    fn applies_to(self, server: Server) -> bool {
        matches!(self, Row::RoundTrips(1) | Row::Bulk) || server.concurrent()
    }

    /// Whether `server` is known to fail this row: native PHP past `FD_SETSIZE` descriptors.
    /// Its failure is then shown, not counted as a broken bench.
    fn beyond_limit_of(self, server: Server) -> bool {
        matches!(self, Row::Crowd(n) if n > FD_SETSIZE && server == Server::Php)
    }

    /// Runs the row against `running`: round trips per second, or MB (10^6 bytes) per
    /// second of echoed data.
    fn measure(self, running: &Running, timing: Timing) -> std::io::Result<f64> {
        match self {
            Row::RoundTrips(n) => client::run(running.addr, n, MESSAGE, timing),
            Row::Bulk => Ok(client::run(running.addr, 1, CHUNK, timing)? * CHUNK as f64 / 1e6),
            Row::Crowd(n) => {
                let _idle = client::open_idle(running.addr, n - ACTIVE)?;
                client::run(running.addr, ACTIVE, MESSAGE, timing)
            }
        }
    }
}

/// A cell of the table.
#[derive(Clone)]
enum Cell {
    Value(f64),
    /// The row does not apply to the server.
    NotApplicable,
    /// Left out with `--only`.
    Skipped,
    Failed,
    /// Failed where the server is known to (`Row::beyond_limit_of`).
    Refused,
}

struct Options {
    /// `--guests N`: the many-guests report instead of the table.
    guests: Option<usize>,
    /// `--frugal`: the engine settings for many guests (fewer mappings each).
    frugal: bool,
    /// `--workers W`: the many-guests run on a multi-thread runtime of W workers (default: one
    /// current-thread runtime).
    workers: Option<usize>,
    /// `--calls`: the per-call table instead of the servers' table.
    calls: bool,
    /// `--cores`: the 1-worker / 2-worker report instead of the table.
    cores: bool,
    timing: Timing,
    only: Vec<Server>,
    cpu: Option<usize>,
    startup: Option<std::path::PathBuf>,
}

fn main() {
    let options = parse_options().unwrap_or_else(|message| {
        eprintln!("sockbox-bench: {message}");
        eprintln!("{USAGE}");
        std::process::exit(2);
    });
    // The crowd rows and --guests hold 10,000 connections or more (servers inherit the limit).
    if let Err(e) = raise_descriptor_limit() {
        println!("could not raise the descriptor limit ({e}): crowd rows and --guests may fail");
    }
    if options.calls {
        if let Err(e) = calls::report() {
            eprintln!("sockbox-bench --calls: {e}");
            std::process::exit(1);
        }
        return;
    }
    if options.cores {
        if let Err(e) = cores::report(options.timing.duration, options.timing.warmup) {
            eprintln!("sockbox-bench --cores: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Some(count) = options.guests {
        let component = servers::wasm_dir().join("echo-server.wasm");
        if let Err(e) = guests::report(&component, count, options.frugal, options.workers) {
            eprintln!("sockbox-bench --guests: {e}");
            std::process::exit(1);
        }
        return;
    }
    match options.cpu {
        // Servers started later inherit the affinity, so client and server share the CPU.
        Some(cpu) => match pin_to(cpu) {
            Ok(()) => println!("client and servers pinned to CPU {cpu}"),
            Err(e) => println!("could not pin to CPU {cpu} ({e}): running unpinned"),
        },
        None => println!("running unpinned (--no-pin)"),
    }
    println!(
        "each cell: {:.1} s warm-up, then {:.1} s counted\n",
        options.timing.warmup.as_secs_f64(),
        options.timing.duration.as_secs_f64()
    );

    // Every server runs (idle until driven) for the whole bench, and each row is measured on
    // all of them back to back: a noisy neighbour then skews a row's ratios far less than if
    // each server's rows were measured a minute apart.
    let servers: Vec<Result<Running, Cell>> = Server::ALL
        .into_iter()
        .map(|server| start(server, options.only.contains(&server)))
        .collect();
    let mut columns = vec![Vec::new(); Server::ALL.len()];
    for row in ROWS {
        eprint!("{}:", row.label());
        for ((server, running), column) in Server::ALL.into_iter().zip(&servers).zip(&mut columns) {
            column.push(match running {
                Err(cell) => cell.clone(),
                Ok(_) if !row.applies_to(server) => Cell::NotApplicable,
                Ok(running) => {
                    eprint!(" {}", server.name());
                    row.measure(running, options.timing).map_or_else(
                        |e| {
                            eprint!(" (failed: {e})");
                            if row.beyond_limit_of(server) {
                                Cell::Refused
                            } else {
                                Cell::Failed
                            }
                        },
                        Cell::Value,
                    )
                }
            });
        }
        eprintln!();
    }
    drop(servers); // kills them
    eprintln!();

    print_table(&columns);
    let mut failed = columns.iter().flatten().any(|c| matches!(c, Cell::Failed));
    if let Some(component) = &options.startup
        && let Err(e) = startup::report(component)
    {
        eprintln!("start-up of {}: {e}", component.display());
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
}

/// Starts `server` if `selected`. A server that fails to start is reported on stderr and
/// becomes a column of `Failed` cells, so one broken server does not hide the others.
fn start(server: Server, selected: bool) -> Result<Running, Cell> {
    if !selected {
        return Err(Cell::Skipped);
    }
    eprint!("{}: starting... ", server.name());
    match Running::start(server) {
        Ok(running) => {
            eprintln!("listening on {}, on CPUs {}", running.addr, running.cpus());
            Ok(running)
        }
        Err(e) => {
            eprintln!("failed: {e}");
            Err(Cell::Failed)
        }
    }
}

fn print_table(columns: &[Vec<Cell>]) {
    // Each ratio column: a server's figure divided by another's.
    let ratios = [
        (Server::Sockbox, Server::SockboxC),
        (Server::Sockbox, Server::Php),
        (Server::Sockbox, Server::Native),
        (Server::Sockbox, Server::Epoll),
        (Server::SockboxEvents, Server::Epoll),
        (Server::Sockbox, Server::WasiStd),
        (Server::PhpWasm, Server::Php),
    ];
    print!("{:<11}", "");
    for server in Server::ALL {
        print!("{:>11}", server.name());
    }
    for (over, under) in ratios {
        print!("{:>19}", format!("{}/{}", over.name(), under.name()));
    }
    println!();
    for (r, row) in ROWS.iter().enumerate() {
        print!("{:<11}", row.label());
        let decimals = if matches!(row, Row::Bulk) { 1 } else { 0 };
        for column in columns {
            print!("{:>11}", show(&column[r], decimals));
        }
        for (over, under) in ratios {
            // Columns are in `Server::ALL` order, which is the enum's declaration order.
            let ratio = match (&columns[over as usize][r], &columns[under as usize][r]) {
                (Cell::Value(a), Cell::Value(b)) if *b > 0.0 => Cell::Value(a / b),
                (_, Cell::NotApplicable) | (Cell::NotApplicable, _) => Cell::NotApplicable,
                (Cell::Failed, _) | (_, Cell::Failed) => Cell::Failed,
                (Cell::Refused, _) | (_, Cell::Refused) => Cell::NotApplicable,
                _ => Cell::Skipped,
            };
            print!("{:>19}", show(&ratio, 2));
        }
        println!();
    }
}

fn show(cell: &Cell, decimals: usize) -> String {
    match cell {
        Cell::Value(v) => format!("{v:.decimals$}"),
        Cell::NotApplicable => "n/a".into(),
        Cell::Skipped => "-".into(),
        Cell::Failed => "failed".into(),
        Cell::Refused => "refuses".into(),
    }
}

/// Descriptors the many-connections and many-guests runs want (a privileged run may raise its
/// hard limit to this).
const WANTED_DESCRIPTORS: libc::rlim_t = 65536;

/// Raises this process's `RLIMIT_NOFILE`: to `WANTED_DESCRIPTORS` where allowed (root), else
/// the soft limit to the hard one.
fn raise_descriptor_limit() -> std::io::Result<()> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: both calls only read or write the rlimit struct passed to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let wanted = limit.rlim_max.max(WANTED_DESCRIPTORS);
        let raised = libc::rlimit {
            rlim_cur: wanted,
            rlim_max: wanted,
        };
        if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
            return Ok(());
        }
        limit.rlim_cur = limit.rlim_max;
        if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Restricts this process (and so every child it starts later) to one CPU, as `taskset -c`.
fn pin_to(cpu: usize) -> std::io::Result<()> {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; CPU_SET and sched_setaffinity only
    // touch the set passed to them.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        guests: None,
        frugal: false,
        workers: None,
        calls: false,
        cores: false,
        timing: Timing {
            warmup: Duration::from_millis(500),
            duration: Duration::from_secs(3),
        },
        only: Vec::new(),
        cpu: Some(0),
        startup: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--duration" => options.timing.duration = seconds(&value()?)?,
            "--warmup" => options.timing.warmup = seconds(&value()?)?,
            "--cpu" => options.cpu = Some(value()?.parse().map_err(|_| "bad --cpu")?),
            "--no-pin" => options.cpu = None,
            "--startup" => options.startup = Some(value()?.into()),
            "--guests" => {
                let n: usize = value()?.parse().map_err(|_| "bad --guests")?;
                if n == 0 || n > guests::MAX_GUESTS {
                    return Err(format!("--guests takes 1 to {}", guests::MAX_GUESTS));
                }
                options.guests = Some(n);
            }
            "--frugal" => options.frugal = true,
            "--workers" => {
                let n: usize = value()?.parse().map_err(|_| "bad --workers")?;
                if n == 0 || n > 64 {
                    return Err("--workers takes 1 to 64".into());
                }
                options.workers = Some(n);
            }
            "--calls" => options.calls = true,
            "--cores" => options.cores = true,
            "--only" => {
                for name in value()?.split(',') {
                    let server = Server::ALL
                        .into_iter()
                        .find(|s| s.name() == name)
                        .ok_or(format!("unknown server {name:?}"))?;
                    options.only.push(server);
                }
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if options.timing.duration.is_zero() {
        return Err("--duration must be more than 0".into());
    }
    if options.only.is_empty() {
        options.only = Server::ALL.to_vec();
    }
    Ok(options)
}

fn seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| (0.0..=3600.0).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or(format!("bad number of seconds {text:?}"))
}
