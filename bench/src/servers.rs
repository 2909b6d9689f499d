//! The eight echo servers under test: how to start each, and the process that runs it.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a server may take to accept its first connection: a cold wasmtime cache means
/// compiling the guest with cranelift on the one pinned CPU first.
const STARTUP: Duration = Duration::from_secs(180);

/// The most sockets (and select entries) a sockbox server is given: the largest row's
/// connections, the listener and room for the probe connection.
const MAX_CONNECTIONS: &str = "10100";

/// One of the servers the bench compares.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// examples/select-echo on `sockbox run`.
    Sockbox,
    /// bench/c/select-echo.c (the same loop in C, over guest-sdk/c) on `sockbox run`.
    SockboxC,
    /// examples/event-echo (the same server on sockbox's `events.poller`) on `sockbox run`.
    SockboxEvents,
    /// bench/php/select-echo.php on native `php`.
    Php,
    /// The same script on php.wasm (scripts/php-build, with its ext/sockets on php:sockets)
    /// under `sockbox run`.
    PhpWasm,
    /// The `native-select-echo` bin of this crate (`poll(2)`).
    Native,
    /// The `native-epoll-echo` bin of this crate (`epoll(7)`): the limit for many connections.
    Epoll,
    /// bench/std-echo (std::net, one connection at a time) on plain wasmtime-wasi.
    WasiStd,
}

impl Server {
    /// Every server, in table order.
    pub const ALL: [Server; 8] = [
        Server::Sockbox,
        Server::SockboxC,
        Server::SockboxEvents,
        Server::Php,
        Server::PhpWasm,
        Server::Native,
        Server::Epoll,
        Server::WasiStd,
    ];

    /// The column name, as given to `--only`.
    pub fn name(self) -> &'static str {
        match self {
            Server::Sockbox => "sockbox",
            Server::SockboxC => "sockbox-c",
            Server::SockboxEvents => "sockbox-ev",
            Server::PhpWasm => "php-wasm",
            Server::Php => "php",
            Server::Native => "native",
            Server::Epoll => "epoll",
            Server::WasiStd => "wasi-std",
        }
    }

    /// Whether the server handles many connections at once (std-echo serves them in turn).
    pub fn concurrent(self) -> bool {
        self != Server::WasiStd
    }

    /// The command that runs the server on 127.0.0.1:`port`. Binaries are looked up beside
    /// this one (target/release), guests in target/wasm32-wasip2/release (Rust) and
    /// target/wasm32-wasip2/c (C).
    fn command(self, port: u16) -> io::Result<Command> {
        let bin_dir = bin_dir()?;
        let wasm_dir = wasm_dir();
        let port_arg = port.to_string();
        let sockbox = |flags: &[String], guest: PathBuf| -> io::Result<Command> {
            let mut c = Command::new(existing(bin_dir.join("sockbox"))?);
            c.arg("run")
                .arg("--allow-bind")
                .arg(format!("127.0.0.1:{port}"))
                // Room for the largest crowd row.
                .args([
                    "--max-sockets",
                    MAX_CONNECTIONS,
                    "--max-select",
                    MAX_CONNECTIONS,
                ])
                .args(flags)
                .arg(existing(guest)?);
            Ok(c)
        };
        let mut command = match self {
            Server::Sockbox => sockbox(&[], wasm_dir.join("select-echo.wasm"))?,
            Server::SockboxC => sockbox(&[], bin_dir.join("../wasm32-wasip2/c/select-echo.wasm"))?,
            Server::SockboxEvents => sockbox(&[], wasm_dir.join("event-echo.wasm"))?,
            Server::Php => {
                let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("php/select-echo.php");
                let mut c = Command::new("php");
                c.arg(existing(script)?);
                c
            }
            Server::PhpWasm => {
                // The script's directory, read-only, at /bench in the guest.
                let scripts = existing(Path::new(env!("CARGO_MANIFEST_DIR")).join("php"))?;
                let preopen = format!("{}::/bench", scripts.display());
                let mut c = sockbox(
                    &["--dir-ro".into(), preopen],
                    bin_dir.join("../php/php.wasm"),
                )?;
                c.arg("/bench/select-echo.php");
                c
            }
            Server::Native => Command::new(existing(bin_dir.join("native-select-echo"))?),
            Server::Epoll => Command::new(existing(bin_dir.join("native-epoll-echo"))?),
            Server::WasiStd => {
                let mut c = Command::new(existing(bin_dir.join("wasi-std-run"))?);
                c.arg(existing(wasm_dir.join("std-echo.wasm"))?);
                c
            }
        };
        command.args(["127.0.0.1", &port_arg]);
        Ok(command)
    }
}

/// The directory of this binary (target/release), where the other binaries are.
pub fn bin_dir() -> io::Result<PathBuf> {
    Ok(std::env::current_exe()?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default())
}

/// Where the Rust guests are built (target/wasm32-wasip2/release, beside this binary's
/// target/release).
pub fn wasm_dir() -> PathBuf {
    bin_dir()
        .unwrap_or_default()
        .join("../wasm32-wasip2/release")
}

/// `path` if it exists, else an error naming it (so a missing build says what is missing).
pub fn existing(path: PathBuf) -> io::Result<PathBuf> {
    match path.try_exists() {
        Ok(true) => Ok(path),
        _ => Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} not found (run scripts/bench to build it)",
                path.display()
            ),
        )),
    }
}

/// A running server, killed when dropped.
pub struct Running {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Running {
    /// Starts `server` on a free loopback port and waits until it accepts a connection.
    /// The child inherits this process's CPU affinity, so it is pinned like the client.
    pub fn start(server: Server) -> io::Result<Running> {
        let port = free_port()?;
        let mut command = server.command(port)?;
        // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
        unsafe {
            // Should the bench itself be killed, the server goes too instead of lingering.
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null()) // its "listening on" line would break up the table
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut running = Running {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        running.wait_ready()?;
        Ok(running)
    }

    /// The CPUs the server may run on, as the kernel reports them.
    pub fn cpus(&self) -> String {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()));
        status
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
                    .map(|cpus| cpus.trim().to_string())
            })
            .unwrap_or_else(|| "?".into())
    }

    fn wait_ready(&mut self) -> io::Result<()> {
        let deadline = Instant::now() + STARTUP;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Err(io::Error::other(format!(
                    "server exited at start: {status}"
                )));
            }
            // The probe connection is closed at once; every server just sees end of stream.
            if TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "server did not accept connections in time",
        ))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on now (the server binds it a moment later).
pub fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
