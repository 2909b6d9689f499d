//! Test harness: builds the wasm guests, runs them through the real host (in process, or via
//! the `sockbox` CLI), and runs the same scenarios under the real php-cli.

use sockbox::Policy;
use sockbox::run::{GuestConfig, Outcome, Runner};
use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use wasmtime::component::Component;

/// Every guest the tests run, built for wasm32-wasip2.
pub mod examples;

/// The README's Rust examples, compiled (and the embedding one run) as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

pub const GUESTS: &[&str] = &[
    "sockbox-test-guest",
    "sockbox-phpt",
    "echo-server",
    "echo-client",
    "http-head",
    "socket-pair",
    "udp-ping",
    "select-echo",
    "std-echo",
];

/// No guest in the tests may run longer than this.
pub const GUEST_TIME_LIMIT: Duration = Duration::from_secs(60);

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Builds the guests and the CLI once per test process (a no-op when they are fresh).
fn ensure_built() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut guests = Command::new(&cargo);
        guests.current_dir(root()).args(["build", "--quiet", "--target", "wasm32-wasip2"]);
        for g in GUESTS {
            guests.args(["-p", g]);
        }
        let status = guests.status().expect("run cargo to build the guests");
        assert!(status.success(), "building the wasm guests failed (is the wasm32-wasip2 target installed? scripts/test installs it)");
        // The workspace's packages, as `cargo test --workspace` selects them: the same feature
        // unification (the bench turns on wasmtime's pooling allocator), so nothing of wasmtime
        // is compiled a second time for `-p sockbox` alone.
        let mut cli = Command::new(&cargo);
        cli.current_dir(root())
            .args(["build", "--quiet", "--workspace", "--bin", "sockbox"])
            .args(["--exclude", "sockbox-guest"]);
        for g in GUESTS {
            cli.args(["--exclude", g]);
        }
        let status = cli
            .status()
            .expect("run cargo to build the CLI");
        assert!(status.success(), "building the sockbox CLI failed");
    });
}

/// The path of a built guest component.
pub fn guest_path(name: &str) -> PathBuf {
    ensure_built();
    target_dir()
        .join("wasm32-wasip2/debug")
        .join(format!("{name}.wasm"))
}

/// A C guest built by scripts/build-c-guests. Missing is a failure, not a skip: the C SDK is
/// part of what the tests cover.
pub fn c_guest_path(name: &str) -> PathBuf {
    let path = root().join(format!("target/wasm32-wasip2/c/{name}.wasm"));
    assert!(
        path.is_file(),
        "{} is missing: run scripts/build-c-guests (after scripts/c-toolchain) first",
        path.display()
    );
    path
}

/// The `sockbox` CLI binary.
pub fn cli() -> PathBuf {
    ensure_built();
    target_dir().join("debug/sockbox")
}

/// One runner (engine + linker) for the whole test process.
pub fn runner() -> &'static Runner {
    static RUNNER: OnceLock<Runner> = OnceLock::new();
    RUNNER.get_or_init(|| Runner::new().expect("create the runner"))
}

/// A compiled guest, compiled once per process.
pub fn component(name: &str) -> Component {
    static CACHE: OnceLock<Mutex<HashMap<String, Component>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(c) = cache.lock().unwrap().get(name) {
        return c.clone();
    }
    let c = runner().load(guest_path(name)).expect("compile guest");
    cache.lock().unwrap().insert(name.into(), c.clone());
    c
}

/// A guest configuration with captured I/O and the test time limit.
pub fn config(name: &str, args: &[&str], policy: Policy) -> GuestConfig {
    GuestConfig::new(policy)
        .args(std::iter::once(name).chain(args.iter().copied()))
        .capture(Vec::new())
        .wall_clock_limit(GUEST_TIME_LIMIT)
}

/// Runs a guest asynchronously (for tests that run several at once).
pub async fn run_async(name: &str, cfg: GuestConfig) -> Outcome {
    runner()
        .run(&component(name), cfg)
        .await
        .unwrap_or_else(|e| panic!("guest {name} failed: {e:?}"))
}

/// Runs a guest to completion on a fresh runtime.
pub fn run(name: &str, args: &[&str], policy: Policy) -> Outcome {
    let cfg = config(name, args, policy);
    tokio_runtime().block_on(run_async(name, cfg))
}

/// Runs the scenario guest and returns its stdout as text.
pub fn scenario(args: &[&str], policy: Policy) -> String {
    scenario_outcome(args, policy).0
}

/// Runs the scenario guest; returns its stdout as text and the whole outcome (denial counters,
/// open sockets).
pub fn scenario_outcome(args: &[&str], policy: Policy) -> (String, Outcome) {
    let out = run("sockbox-test-guest", args, policy);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.exit_code,
        0,
        "scenario {args:?} exited {}: {stdout}{}",
        out.exit_code,
        String::from_utf8_lossy(&out.stderr)
    );
    (stdout, out)
}

/// `sockbox run [FLAGS] GUEST ARGS` under the real CLI, to its exit.
pub fn sockbox_run(flags: &[&str], guest: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(cli())
        .arg("run")
        .args(flags)
        .arg(guest)
        .args(args)
        .output()
        .expect("run the sockbox CLI")
}

/// A multi-threaded tokio runtime.
pub fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A policy allowing everything on loopback, unix sockets in `dirs`, receiving sockets and
/// SOCK_SEQPACKET.
pub fn loopback_policy(dirs: &[&Path]) -> Policy {
    let mut p = Policy::deny_all().allow_receive_sockets().allow_seqpacket();
    for rule in ["127.0.0.0/8:*", "[::1]:*"] {
        p = p.allow_connect(rule).unwrap().allow_bind(rule).unwrap();
    }
    for d in dirs {
        p = p.allow_unix(d).unwrap();
    }
    p
}

/// A loopback port that was free a moment ago, and never handed out before in this process
/// (so tests running in parallel never share one). Prefer binding port 0 and reporting the
/// port where a test can; this is for ports a phpt or an example hard-codes.
///
/// The ports lie below the kernel's ephemeral range, so no bind(0) or connect elsewhere takes
/// one before the test binds it: 12000..20000, above the examples' default ports (10000,
/// 10001) and below the bench's guests (20000 on). Each process (test binaries may run at
/// once) walks them from its own start, derived from its pid, so two seldom try the same.
pub fn free_port() -> u16 {
    const PORTS: std::ops::Range<u16> = 12000..20000;
    static GIVEN: Mutex<Vec<u16>> = Mutex::new(Vec::new());
    let ephemeral = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse().ok())
        .unwrap_or(PORTS.end);
    let end = PORTS.end.min(ephemeral);
    assert!(
        end > PORTS.start,
        "the ephemeral range starts at {ephemeral}: no ports below it for the tests"
    );
    let span = u32::from(end - PORTS.start);
    let start = std::process::id().wrapping_mul(1009) % span;
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    let port = (0..span)
        .map(|i| PORTS.start + ((start + i) % span) as u16)
        .find(|port| !given.contains(port) && bindable(*port))
        .unwrap_or_else(|| panic!("no free port in {}..{end}", PORTS.start));
    given.push(port);
    port
}

/// Whether a TCP socket can bind 127.0.0.1:`port`, without SO_REUSEADDR: a port whose
/// connections of an earlier test are in TIME_WAIT counts as taken.
fn bindable(port: u16) -> bool {
    let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    s.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], port)).into())
        .is_ok()
}

/// A fresh temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates the directory.
    pub fn new(tag: &str) -> Self {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("sockbox-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Its path as text.
    pub fn str(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a PHP script from tests/php with php-cli (warnings to stderr, so stdout holds only what
/// the script prints).
pub fn php(script: &str, args: &[&str]) -> Output {
    Command::new("php")
        .args(["-d", "display_errors=stderr", "-d", "error_reporting=E_ALL"])
        .arg(root().join("tests/php").join(script))
        .args(args)
        .output()
        .expect("php-cli is required for the differential tests: scripts/test installs it (apt-get install php-cli)")
}

/// Runs `php SCRIPT ARGS` with the script's stdout as text, asserting success.
pub fn php_stdout(script: &str, args: &[&str]) -> String {
    let out = php(script, args);
    assert!(
        out.status.success(),
        "php {script} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// How long a test waits for a peer to connect or accept: no wait in the tests is unbounded.
pub const PEER_DEADLINE: Duration = Duration::from_secs(20);

/// How long a peer waits for a guest server run by the `sockbox` CLI to come up: the CLI
/// compiles the guest first, which takes seconds on a loaded machine. (A test that runs its
/// guest in process warms it with [`component`] before starting the peer.)
pub const STARTUP_DEADLINE: Duration = Duration::from_secs(60);

/// Retries a non-blocking `attempt` until it stops saying "would block", for at most
/// `deadline`; `what` names it in the panic.
fn within<T>(what: &str, deadline: Duration, mut attempt: impl FnMut() -> std::io::Result<T>) -> T {
    let start = std::time::Instant::now();
    loop {
        match attempt() {
            Ok(v) => return v,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("{what}: {e}"),
        }
        assert!(
            start.elapsed() < deadline,
            "{what}: nothing within {deadline:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Accepts one TCP connection within [`PEER_DEADLINE`] (the stream is left blocking).
pub fn accept_tcp(listener: &TcpListener) -> std::net::TcpStream {
    accept_tcp_within(listener, PEER_DEADLINE)
}

/// Accepts one TCP connection within `deadline` (the stream is left blocking).
pub fn accept_tcp_within(listener: &TcpListener, deadline: Duration) -> std::net::TcpStream {
    listener.set_nonblocking(true).unwrap();
    let (s, _) = within("accept", deadline, || listener.accept());
    s.set_nonblocking(false).unwrap();
    s
}

/// Accepts one AF_UNIX connection within [`PEER_DEADLINE`] (the stream is left blocking).
pub fn accept_unix(listener: &std::os::unix::net::UnixListener) -> std::os::unix::net::UnixStream {
    listener.set_nonblocking(true).unwrap();
    let (s, _) = within("accept", PEER_DEADLINE, || listener.accept());
    s.set_nonblocking(false).unwrap();
    s
}

/// A result of a host call.
pub type R<T> = Result<T, sockbox::HostError>;

/// One guest's php:sockets state, driven straight through the host traits (the code a guest
/// reaches) by tests that make calls one at a time, with helpers for the common ones.
pub struct HostGuest {
    /// The guest's php:sockets state.
    pub ctx: sockbox::SocketsCtx,
    /// Its resource table.
    pub table: wasmtime::component::ResourceTable,
}

/// A borrowed handle for the socket with table index `rep`.
pub fn h(rep: u32) -> wasmtime::component::Resource<sockbox::Sock> {
    wasmtime::component::Resource::new_borrow(rep)
}

impl HostGuest {
    /// A guest under `policy` with default limits.
    pub fn new(policy: Policy) -> Self {
        HostGuest::with_limits(policy, sockbox::Limits::default())
    }

    /// A guest under `policy` and `limits`.
    pub fn with_limits(policy: Policy, limits: sockbox::Limits) -> Self {
        HostGuest {
            ctx: sockbox::SocketsCtx::new(policy).with_limits(limits),
            table: wasmtime::component::ResourceTable::new(),
        }
    }

    /// The view the host traits take.
    pub fn v(&mut self) -> sockbox::SocketsCtxView<'_> {
        sockbox::SocketsCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }

    /// `socket_create()`: the new socket's table index.
    pub async fn create(&mut self, domain: i32, ty: i32, protocol: i32) -> R<u32> {
        use sockbox::bindings::php::sockets::sockets::Host;
        let s = Host::create(&mut self.v(), domain.into(), ty.into(), protocol.into()).await?;
        Ok(s.rep())
    }

    /// `socket_connect()`.
    pub async fn connect(&mut self, s: u32, addr: &str, port: i64) -> R<()> {
        use sockbox::bindings::php::sockets::sockets::HostSocket;
        HostSocket::connect(&mut self.v(), h(s), addr.into(), Some(port)).await
    }

    /// `socket_bind()`.
    pub async fn bind(&mut self, s: u32, addr: &str, port: i64) -> R<()> {
        use sockbox::bindings::php::sockets::sockets::HostSocket;
        HostSocket::bind(&mut self.v(), h(s), addr.into(), port).await
    }

    /// `socket_set_option()`.
    pub async fn set(&mut self, s: u32, level: i32, option: i32, value: OptionValue) -> R<()> {
        use sockbox::bindings::php::sockets::sockets::HostSocket;
        HostSocket::set_option(&mut self.v(), h(s), level.into(), option.into(), value).await
    }

    /// `socket_get_option()`.
    pub async fn get(&mut self, s: u32, level: i32, option: i32) -> R<OptionValue> {
        use sockbox::bindings::php::sockets::sockets::HostSocket;
        HostSocket::get_option(&mut self.v(), h(s), level.into(), option.into()).await
    }

    /// `socket_getsockname()`'s address.
    pub async fn local_name(&mut self, s: u32) -> R<String> {
        use sockbox::bindings::php::sockets::sockets::HostSocket;
        Ok(HostSocket::getsockname(&mut self.v(), h(s)).await?.address)
    }
}

use sockbox::bindings::php::sockets::types::OptionValue;

/// Runs `f` on a fresh single-threaded runtime (as the CLI runs guests), failing the test if
/// it takes longer than `limit`. A lingering close may still run on a blocking thread after:
/// the runtime does not wait for it.
pub fn block_on_bounded<F: std::future::Future>(limit: Duration, f: F) -> F::Output {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let out = rt.block_on(async {
        tokio::time::timeout(limit, f)
            .await
            .unwrap_or_else(|_| panic!("test exceeded its {limit:?} bound"))
    });
    rt.shutdown_background();
    out
}

/// A TCP listener on loopback whose accept queue is full: the kernel drops new SYNs, so a
/// connect to it neither succeeds nor fails until it gives up. The clients that fill it are
/// returned to keep it full.
pub fn full_tcp_listener() -> (socket2::Socket, Vec<socket2::Socket>, u16) {
    use socket2::{Domain, Socket, Type};
    let l = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    l.bind(
        &"127.0.0.1:0"
            .parse::<std::net::SocketAddr>()
            .unwrap()
            .into(),
    )
    .unwrap();
    l.listen(0).unwrap();
    let addr = l.local_addr().unwrap();
    let mut clients = Vec::new();
    // Every connect has a deadline; the first that cannot finish shows the queue is full.
    for _ in 0..8 {
        let c = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        let done = c
            .connect_timeout(&addr, std::time::Duration::from_millis(300))
            .is_ok();
        clients.push(c);
        if !done {
            break;
        }
    }
    let port = addr.as_socket().unwrap().port();
    (l, clients, port)
}
