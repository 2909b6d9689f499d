//! Start-up cost: how long `sockbox run` takes to load a component and run it to its exit,
//! compiled from scratch and from wasmtime's cache, beside native `php -r ''` starting and
//! exiting (the baseline a PHP user compares with).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs of each measurement; the median is reported.
const RUNS: usize = 7;

/// Median wall time of `RUNS` runs of `command()` to its exit (its status is not judged: a
/// component run without arguments may well exit 1).
fn median(mut command: impl FnMut() -> Command) -> std::io::Result<Duration> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        command()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[RUNS / 2])
}

/// Prints the start-up table for `component`, run by the `sockbox` binary beside this one.
pub fn report(component: &Path) -> std::io::Result<()> {
    let sockbox = std::env::current_exe()?.with_file_name("sockbox");
    let size = std::fs::metadata(component)?.len();
    let run = |cache: bool| {
        let mut c = Command::new(&sockbox);
        c.arg("run").arg(component);
        if !cache {
            c.env("SOCKBOX_NO_CACHE", "1");
        }
        c
    };
    // Fill the cache once before timing warm starts.
    run(true)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let cold = median(|| run(false))?;
    let warm = median(|| run(true))?;
    let php = median(|| {
        let mut c = Command::new("php");
        c.args(["-r", ""]);
        c
    })?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "\nstart-up of {} ({:.1} MB), median of {RUNS} runs:",
        component.display(),
        size as f64 / 1e6
    );
    println!("{:<34}{:>10}", "", "ms");
    println!(
        "{:<34}{:>10.1}",
        "sockbox run, compiled (no cache)",
        ms(cold)
    );
    println!("{:<34}{:>10.1}", "sockbox run, from the cache", ms(warm));
    println!("{:<34}{:>10.1}", "native php -r ''", ms(php));
    println!(
        "{:<34}{:>10.2}",
        "cached / native php",
        warm.as_secs_f64() / php.as_secs_f64()
    );
    Ok(())
}
