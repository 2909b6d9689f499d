//! The peers of the manual's examples (echo server, HTTP client), shared by the Rust and the C
//! guests' tests: each drives a guest the way the manual's user would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a peer waits for the guest.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Connects to a server that is starting up, retrying for up to [`crate::STARTUP_DEADLINE`]
/// (under the CLI, the guest compiles first).
pub fn connect(port: u16) -> TcpStream {
    try_connect(port).unwrap_or_else(|e| panic!("server on {port} never came up: {e}"))
}

/// [`connect`], returning the error instead of panicking: only a refused connection (nothing
/// listens yet) is retried, so a server that resets the connection during the handshake is
/// not mistaken for one that is not up (a retry would be a second, different peer).
pub fn try_connect(port: u16) -> std::io::Result<TcpStream> {
    let start = Instant::now();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    loop {
        match TcpStream::connect_timeout(&addr, IO_TIMEOUT) {
            Ok(s) => {
                s.set_read_timeout(Some(IO_TIMEOUT))?;
                return Ok(s);
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::ConnectionRefused
                    && start.elapsed() <= crate::STARTUP_DEADLINE =>
            {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(e) => return Err(e),
        }
    }
}

/// A server process, killed when dropped: a test that fails while it runs (a peer's assertion
/// panics) leaves no server behind, busy or not.
pub struct Server(Child);

impl Server {
    /// Starts `command` with its stdout piped.
    pub fn spawn(command: &mut Command) -> std::io::Result<Server> {
        command.stdout(Stdio::piped()).spawn().map(Server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for a server process to exit and returns its stdout.
pub fn finish(mut server: Server) -> String {
    let start = Instant::now();
    let child = &mut server.0;
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > IO_TIMEOUT {
            panic!("server did not stop after 'shutdown'");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    out
}

/// Talks to the echo server like a telnet user: two sessions, the second shuts it down.
/// Returns everything the client received.
pub fn echo_session(port: u16) -> String {
    const WELCOME_END: &str = "To quit, type 'quit'. To shut down the server type 'shutdown'.\n";
    let mut transcript = String::new();
    for lines in [
        &["hello", "   ", "crlf line\r", "sockets in wasm", "quit"][..],
        &["bye", "shutdown"][..],
    ] {
        let stream = connect(port);
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        while !transcript.ends_with(WELCOME_END) {
            let mut line = String::new();
            assert!(
                reader.read_line(&mut line).unwrap() > 0,
                "welcome cut short: {transcript:?}"
            );
            transcript += &line;
        }
        for line in lines {
            writer.write_all(format!("{line}\n").as_bytes()).unwrap();
            if line.trim().is_empty() || ["quit", "shutdown"].contains(line) {
                continue;
            }
            reader.read_line(&mut transcript).unwrap();
        }
        let mut rest = String::new();
        reader.read_to_string(&mut rest).unwrap();
        transcript += &rest;
        transcript += "[closed]\n";
    }
    transcript
}

/// A one-shot HTTP server: answers one HEAD request and closes. It waits for its client as
/// long as for a CLI-run guest's startup: its clock starts before the client guest compiles.
pub fn http_server() -> (u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut s = crate::accept_tcp_within(&listener, crate::STARTUP_DEADLINE);
        s.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        let mut req = Vec::new();
        let mut buf = [0u8; 1024];
        while !req.ends_with(b"\r\n\r\n") {
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0, "request cut short");
            req.extend_from_slice(&buf[..n]);
        }
        s.write_all(
            b"HTTP/1.1 200 OK\r\nServer: test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        String::from_utf8(req).unwrap()
    });
    (port, handle)
}

/// `clients` concurrent clients of a select-echo server, each sending `rounds` distinct
/// 64-byte messages and checking every echo.
pub fn select_echo_clients(port: u16, clients: usize, rounds: usize) {
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            std::thread::spawn(move || {
                let mut s = connect(port);
                let mut back = [0u8; 64];
                for r in 0..rounds {
                    let msg: Vec<u8> = (0..64).map(|i| (c * 31 + r * 7 + i) as u8).collect();
                    s.write_all(&msg).unwrap();
                    s.read_exact(&mut back).unwrap();
                    assert_eq!(&back[..], &msg[..], "client {c} round {r}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

/// Runs the echo-server `guest` under `sockbox run` and tests/php/echo-server.php under php-cli,
/// drives both through the same two sessions, and asserts they sent and printed the same.
pub fn assert_echo_server_matches_php(guest: &std::path::Path) {
    let sb_port = crate::free_port();
    let guest = Server::spawn(
        Command::new(crate::cli())
            .args(["run", "--allow-bind", &format!("127.0.0.1:{sb_port}")])
            .arg(guest)
            .args(["127.0.0.1", &sb_port.to_string()]),
    )
    .unwrap();
    let sb_transcript = echo_session(sb_port);
    let sb_out = finish(guest);

    let php_port = crate::free_port();
    let server = Server::spawn(
        Command::new("php")
            .arg(crate::root().join("tests/php/echo-server.php"))
            .args(["127.0.0.1", &php_port.to_string()]),
    )
    .expect("php-cli is required (scripts/test installs it)");
    let php_transcript = echo_session(php_port);
    let php_out = finish(server);

    assert!(
        sb_transcript.contains("PHP: You said 'sockets in wasm'.\n"),
        "{sb_transcript}"
    );
    assert_eq!(sb_transcript, php_transcript, "what the client received");
    assert_eq!(sb_out, "hello\ncrlf line\nsockets in wasm\nbye\n");
    assert_eq!(sb_out, php_out, "what the server printed");
}

/// Runs an HTTP-client guest against a one-shot server (`run(port)` returns the guest's
/// stdout), and tests/php/http-head.php against another, and asserts both sent the manual's
/// request and printed the same (ports aside).
pub fn assert_http_client_matches_php(run: impl FnOnce(u16) -> Vec<u8>) {
    let (port, server) = http_server();
    let guest = run(port);
    let guest_request = server.join().unwrap();
    let (port2, server2) = http_server();
    let expected = crate::php("http-head.php", &["127.0.0.1", &port2.to_string()]);
    let php_request = server2.join().unwrap();
    assert_eq!(
        guest_request,
        "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Close\r\n\r\n"
    );
    assert_eq!(guest_request, php_request);
    let norm = |s: &[u8], p: u16| String::from_utf8_lossy(s).replace(&p.to_string(), "PORT");
    assert!(norm(&guest, port).contains("HTTP/1.1 200 OK"));
    assert_eq!(norm(&guest, port), norm(&expected.stdout, port2));
}
