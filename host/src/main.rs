//! The `sockbox` command line: run a wasm component with php:sockets under a policy.

use clap::{Args, Parser, Subcommand};
use sockbox::policy::PolicyError;
use sockbox::policy_file::{LimitsSpec, PolicySpec};
use sockbox::run::{GuestConfig, Preopen, Runner, RunnerOptions, WallClockLimit};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Run WebAssembly components that use PHP's ext/sockets API (php:sockets), with exactly the
/// network access you grant. Everything not allowed is denied (EACCES) and logged.
#[derive(Parser)]
#[command(name = "sockbox", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a wasi:cli command component (e.g. a wasm32-wasip2 binary) with php:sockets.
    Run(Box<RunArgs>),
    /// Print the php:sockets constants this host defines, as `NAME VALUE` lines.
    Constants,
    /// Work with policy files.
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Validate a policy file and print the effective rules and limits.
    Check {
        /// The policy file (TOML; keys as the `run` flags: allow-connect = ["127.0.0.1:80"]).
        file: PathBuf,
    },
}

#[derive(Args)]
struct RunArgs {
    /// Allow connecting (TCP, UDP connect, every sendto destination) to ADDR:PORTS.
    /// ADDR: IPv4, [IPv6], CIDR (10.0.0.0/8, [fd00::/8]), `localhost` or `*`;
    /// PORTS: 80, 8000-8100 or `*`. Repeatable.
    #[arg(long = "allow-connect", value_name = "ADDR:PORTS")]
    allow_connect: Vec<String>,
    /// Allow binding and listening on ADDR:PORTS (same syntax). Repeatable.
    #[arg(long = "allow-bind", value_name = "ADDR:PORTS")]
    allow_bind: Vec<String>,
    /// Accept connections only from peers matching ADDR:PORTS (same syntax; without any,
    /// every peer). Others are closed unseen by the guest. Repeatable.
    #[arg(long = "allow-accept", value_name = "ADDR:PORTS")]
    allow_accept: Vec<String>,
    /// Allow AF_UNIX sockets at paths inside DIR (resolved: no `..` or symlink escapes). Repeatable.
    #[arg(long = "allow-unix", value_name = "DIR")]
    allow_unix: Vec<PathBuf>,
    /// Allow abstract AF_UNIX names matching GLOB (the name without its leading NUL; `*`
    /// wildcard). Repeatable.
    #[arg(long = "allow-abstract", value_name = "GLOB")]
    allow_abstract: Vec<String>,
    /// Let sockets sent with SCM_RIGHTS reach the guest (files never do).
    #[arg(long = "allow-receive-sockets")]
    allow_receive_sockets: bool,
    /// Allow SOCK_SEQPACKET sockets.
    #[arg(long = "allow-seqpacket")]
    allow_seqpacket: bool,
    /// Allow privileged socket options (SO_MARK, SO_BINDTODEVICE, SO_DEBUG, BPF filters,
    /// IP_TRANSPARENT, TCP_REPAIR; the host process also needs the capabilities).
    #[arg(long = "allow-privileged-options")]
    allow_privileged_options: bool,
    /// Allow host-name lookups of names matching GLOB (`*` wildcard), and reverse lookups
    /// (gethostbyaddr) of addresses whose reverse name matches (`*.in-addr.arpa`). Repeatable.
    #[arg(long = "allow-lookup", value_name = "GLOB")]
    allow_lookup: Vec<String>,
    /// Allow SOCK_RAW sockets (the host process also needs CAP_NET_RAW).
    #[arg(long = "allow-raw")]
    allow_raw: bool,
    /// Allow every IP connect, bind and lookup (AF_UNIX still needs --allow-unix).
    #[arg(long = "allow-all-network")]
    allow_all_network: bool,
    /// Read rules and limits from a policy file (flags add to it). See `sockbox policy check`.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Most sockets the guest may hold open at once [default: 1024].
    #[arg(long, value_name = "N")]
    max_sockets: Option<usize>,
    /// Most bytes one read/recv may allocate; longer reads return at most this much
    /// [default: 16 MiB].
    #[arg(long, value_name = "BYTES")]
    max_io_bytes: Option<usize>,
    /// Most sockets one socket_select may watch [default: 4096].
    #[arg(long, value_name = "N")]
    max_select: Option<usize>,
    /// Most connections a listening socket may queue; larger backlogs are clamped
    /// [default: 128].
    #[arg(long, value_name = "N")]
    max_backlog: Option<usize>,
    /// Most bytes of linear memory the guest may use [default: 1 GiB].
    #[arg(long, value_name = "BYTES")]
    max_memory: Option<usize>,
    /// Stop the guest after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    wall_clock_limit: Option<f64>,
    /// Native stack the guest's wasm frames may use before it traps with a stack overflow
    /// [default: 8 MiB].
    #[arg(long, value_name = "BYTES")]
    max_wasm_stack: Option<usize>,
    /// Set an environment variable for the guest (NAME=VALUE), or pass the host's NAME
    /// through (NAME alone; nothing if the host has none). Repeatable. The guest sees no other
    /// variables.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    env: Vec<String>,
    /// Let the guest read and write the host directory HOST, seen in the guest at GUEST
    /// (default: the same path). Repeatable. Without any --dir the guest sees no files.
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dir: Vec<String>,
    /// Like --dir, but the guest may only read. Repeatable.
    #[arg(long = "dir-ro", value_name = "HOST[::GUEST]")]
    dir_ro: Vec<String>,
    /// The component to run.
    component: PathBuf,
    /// Arguments passed to the guest.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

impl RunArgs {
    /// The policy file (if any) with the flags on top: one spec, whichever way it was given.
    fn spec(&self) -> Result<PolicySpec, PolicyError> {
        let mut spec = match &self.policy {
            Some(file) => PolicySpec::load(file)?,
            None => PolicySpec::default(),
        };
        let mut flags = PolicySpec::default();
        let lists = [
            ("allow-connect", &self.allow_connect),
            ("allow-bind", &self.allow_bind),
            ("allow-accept", &self.allow_accept),
            ("allow-lookup", &self.allow_lookup),
            ("allow-abstract", &self.allow_abstract),
        ];
        for (key, values) in lists {
            values.iter().for_each(|v| flags.push(key, v));
        }
        for dir in &self.allow_unix {
            flags.push("allow-unix", &dir.to_string_lossy());
        }
        flags.allow_raw = self.allow_raw;
        flags.allow_receive_sockets = self.allow_receive_sockets;
        flags.allow_seqpacket = self.allow_seqpacket;
        flags.allow_privileged_options = self.allow_privileged_options;
        flags.allow_all_network = self.allow_all_network;
        flags.limits = LimitsSpec {
            max_sockets: self.max_sockets,
            max_io_bytes: self.max_io_bytes,
            max_select: self.max_select,
            max_backlog: self.max_backlog,
            max_lookups: None,
            max_memory: self.max_memory,
        };
        spec.merge(flags);
        Ok(spec)
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SOCKBOX_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match Cli::parse().command {
        Command::Constants => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`sockbox constants | head`) just ends the listing.
            let _ = sockbox::constants::CONSTANTS
                .iter()
                .try_for_each(|(name, value)| writeln!(out, "{name} {value}"));
            ExitCode::SUCCESS
        }
        Command::Policy(PolicyCommand::Check { file }) => {
            match PolicySpec::load(&file).and_then(|s| Ok((s.policy()?, s.limits()))) {
                Ok((policy, limits)) => {
                    print!(
                        "# effective policy of {}\n{policy}\n{limits}",
                        file.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("sockbox: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Run(args) => match run(*args) {
            Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
            Err(e) => {
                eprintln!("sockbox: {e:?}");
                ExitCode::from(failure_status(&e))
            }
        },
    }
}

/// The exit status of a run that did not end with the guest's own status: all below 128, so
/// none reads as "killed by a signal" to a shell.
fn failure_status(e: &wasmtime::Error) -> u8 {
    if e.downcast_ref::<WallClockLimit>().is_some() {
        124 // as timeout(1)
    } else if e.downcast_ref::<wasmtime::Trap>().is_some() {
        123
    } else {
        125 // sockbox itself: flags, policy, loading, linking
    }
}

/// `HOST[::GUEST]`, as wasmtime's `--dir`.
fn preopen(spec: &str, writable: bool) -> Preopen {
    let (host, guest) = spec.split_once("::").unwrap_or((spec, spec));
    Preopen::new(host, guest, writable)
}

/// `--env` values: NAME=VALUE as given, NAME from the host's environment if it has it.
fn environment(specs: &[String]) -> Vec<(String, String)> {
    specs
        .iter()
        .filter_map(|spec| match spec.split_once('=') {
            Some((k, v)) => Some((k.to_string(), v.to_string())),
            None => std::env::var(spec).ok().map(|v| (spec.clone(), v)),
        })
        .collect()
}

fn run(args: RunArgs) -> wasmtime::Result<i32> {
    let spec = args.spec()?;
    let (policy, limits) = (spec.policy()?, spec.limits());
    let name = args
        .component
        .file_name()
        .map_or("guest".into(), |n| n.to_string_lossy().into_owned());
    let mut cfg = GuestConfig::new(policy)
        .limits(limits)
        .args(std::iter::once(name).chain(args.args.iter().cloned()));
    for (k, v) in environment(&args.env) {
        cfg = cfg.env(k, v);
    }
    for dir in (args.dir.iter().map(|d| preopen(d, true)))
        .chain(args.dir_ro.iter().map(|d| preopen(d, false)))
    {
        cfg = cfg.dir(dir);
    }
    if let Some(secs) = args.wall_clock_limit {
        cfg = cfg.wall_clock_limit(Duration::try_from_secs_f64(secs).map_err(|_| {
            wasmtime::Error::msg(format!(
                "--wall-clock-limit {secs}: expected a non-negative number of seconds"
            ))
        })?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let code = runtime.block_on(async {
        // SOCKBOX_NO_CACHE=1 compiles afresh (the bench's cold start-up figure).
        let mut options =
            RunnerOptions::default().cache(std::env::var_os("SOCKBOX_NO_CACHE").is_none());
        if let Some(bytes) = args.max_wasm_stack {
            options = options.max_wasm_stack(bytes);
        }
        let runner = Runner::with_options(options)?;
        let component = runner.load(&args.component)?;
        Ok(runner.run(&component, cfg).await?.exit_code)
    });
    // A stopped guest may leave a lingering close on a blocking thread: do not wait for it.
    runtime.shutdown_background();
    code
}
