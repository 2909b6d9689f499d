//! The cost of one call (`sockbox-bench --calls`): a php:sockets call that makes no syscall
//! (`socket_last_error(null)`) and a 1-byte `socket_write` + `socket_read` on a socket pair,
//! timed inside the program (bench/call-cost under `sockbox run`, bench/php/call-cost.php on
//! php.wasm under sockbox and on native PHP) beside the same pair loop in native Rust.

use crate::servers::{bin_dir, existing, wasm_dir};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Iterations of each loop in one run.
const ITERATIONS: u32 = 200_000;
/// Runs of each program; the median is reported.
const RUNS: usize = 3;

/// One program's figures: ns per trivial call and per pair round, or why it has none.
type Figures = Result<(f64, f64), String>;

/// Prints the per-call table.
pub fn report() -> std::io::Result<()> {
    let bin_dir = bin_dir()?;
    let sockbox = existing(bin_dir.join("sockbox"))?;
    let scripts = existing(Path::new(env!("CARGO_MANIFEST_DIR")).join("php"))?;
    let n = ITERATIONS.to_string();
    let guest = {
        let mut c = Command::new(&sockbox);
        c.arg("run")
            .arg(existing(wasm_dir().join("call-cost.wasm"))?)
            .arg(&n);
        c
    };
    let php_wasm = {
        let mut c = Command::new(&sockbox);
        c.arg("run")
            .arg("--dir-ro")
            .arg(format!("{}::/bench", scripts.display()))
            .arg(existing(bin_dir.join("../php/php.wasm"))?)
            .args(["/bench/call-cost.php", &n]);
        c
    };
    let php = {
        let mut c = Command::new("php");
        c.arg(scripts.join("call-cost.php")).arg(&n);
        c
    };
    let rows = [
        ("sockbox (Rust guest)", median(guest)),
        ("php.wasm under sockbox", median(php_wasm)),
        ("native php", median(php)),
        ("native Rust", native()),
    ];
    println!("\none call, ns (median of {RUNS} runs of {ITERATIONS} iterations):");
    println!(
        "{:<24}{:>14}{:>22}",
        "", "trivial call", "1-byte write + read"
    );
    for (name, figures) in &rows {
        match figures {
            Ok((trivial, pair)) if trivial.is_nan() => {
                println!("{name:<24}{:>14}{pair:>22.0}", "n/a")
            }
            Ok((trivial, pair)) => println!("{name:<24}{trivial:>14.1}{pair:>22.0}"),
            Err(e) => println!("{name:<24}  failed: {e}"),
        }
    }
    if let (Ok((guest_call, guest_pair)), Ok((php_call, php_pair)), Ok((_, rust_pair))) =
        (&rows[0].1, &rows[2].1, &rows[3].1)
    {
        println!(
            "sockbox / native php: trivial call {:.2}x the time, pair {:.2}x; sockbox / native Rust pair {:.2}x",
            guest_call / php_call,
            guest_pair / php_pair,
            guest_pair / rust_pair
        );
    }
    Ok(())
}

/// Runs `command` `RUNS` times; the median of each figure it prints.
fn median(mut command: Command) -> Figures {
    let mut runs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let out = command.output().map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("exited with {}", out.status));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let figure = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.trim().parse::<f64>().ok())
                .ok_or_else(|| format!("no {name:?} line in {text:?}"))
        };
        runs.push((figure("trivial ")?, figure("pair ")?));
    }
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Ok((
        mid(runs.iter().map(|r| r.0).collect()),
        mid(runs.iter().map(|r| r.1).collect()),
    ))
}

/// The pair loop in native Rust (a trivial call has no native counterpart worth timing).
fn native() -> Figures {
    let mut runs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let (mut a, mut b) = UnixStream::pair().map_err(|e| e.to_string())?;
        let mut byte = [0u8];
        let start = Instant::now();
        for _ in 0..ITERATIONS {
            a.write_all(b"x").map_err(|e| e.to_string())?;
            b.read_exact(&mut byte).map_err(|e| e.to_string())?;
        }
        runs.push(start.elapsed().as_nanos() as f64 / f64::from(ITERATIONS));
    }
    runs.sort_by(f64::total_cmp);
    Ok((f64::NAN, runs[RUNS / 2]))
}
