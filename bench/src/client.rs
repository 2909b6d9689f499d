//! The load generator: one thread, non-blocking sockets, one `poll` per step. Client and
//! servers share one CPU, so a single thread that never spins leaves the rest of it to the
//! server under test.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

/// The size of one round-trip message.
pub const MESSAGE: usize = 64;
/// The size of one bulk chunk.
pub const CHUNK: usize = 64 * 1024;
/// A run fails when nothing comes back for this long (a stuck or dead server).
const STALL: Duration = Duration::from_secs(5);
/// Most messages one `advance` completes before going back to `poll`, so that a server on
/// another CPU (`--no-pin`) cannot keep one connection busy past the end of the run.
const BURST: u64 = 64;

/// How long to drive a server: `warmup` uncounted, then `duration` counted.
#[derive(Clone, Copy)]
pub struct Timing {
    /// Time before counting starts (connections settle, caches warm up).
    pub warmup: Duration,
    /// Time during which completed round trips or bytes are counted.
    pub duration: Duration,
}

/// One connection's progress through its current message: `sent` bytes written, then
/// `received` bytes read back.
struct Conn {
    stream: TcpStream,
    message: Vec<u8>,
    echo: Vec<u8>,
    sent: usize,
    received: usize,
}

impl Conn {
    fn open(addr: SocketAddr, size: usize, seed: usize) -> io::Result<Conn> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        stream.set_nodelay(true)?;
        stream.set_nonblocking(true)?;
        // Distinct content per connection, so an echo sent to the wrong client is caught.
        let message = (0..size).map(|i| (i * 7 + seed * 13) as u8).collect();
        Ok(Conn {
            stream,
            message,
            echo: vec![0; size],
            sent: 0,
            received: 0,
        })
    }

    /// Writes and reads as far as the socket allows without blocking. Returns how many
    /// whole messages came back (and were checked) meanwhile.
    fn advance(&mut self) -> io::Result<u64> {
        let mut completed = 0;
        loop {
            let mut progressed = false;
            if self.sent < self.message.len() {
                match self.stream.write(&self.message[self.sent..]) {
                    Ok(n) => (self.sent, progressed) = (self.sent + n, n > 0),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                    Err(e) => return Err(e),
                }
            }
            if self.received < self.sent {
                match self.stream.read(&mut self.echo[self.received..self.sent]) {
                    Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                    Ok(n) => (self.received, progressed) = (self.received + n, true),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                    Err(e) => return Err(e),
                }
            }
            if self.received == self.message.len() {
                if self.echo != self.message {
                    return Err(io::Error::other("echo differs from what was sent"));
                }
                (self.sent, self.received) = (0, 0);
                completed += 1;
                if completed == BURST {
                    return Ok(completed);
                }
            } else if !progressed {
                return Ok(completed);
            }
        }
    }

    fn events(&self) -> libc::c_short {
        if self.sent < self.message.len() {
            libc::POLLIN | libc::POLLOUT
        } else {
            libc::POLLIN
        }
    }
}

/// Opens `count` connections that stay idle while others are driven, and makes sure the
/// server serves every one of them (one byte echoed on each) before they go quiet: the
/// server then watches them all, not a backlog it has yet to accept.
pub fn open_idle(addr: SocketAddr, count: usize) -> io::Result<Vec<TcpStream>> {
    let mut idle = Vec::with_capacity(count);
    // In batches, so that the listen backlog never overflows (a dropped SYN costs a second).
    while idle.len() < count {
        let first = idle.len();
        for _ in first..count.min(first + 256) {
            let mut stream = TcpStream::connect_timeout(&addr, STALL)?;
            stream.set_read_timeout(Some(STALL))?;
            stream.write_all(b"i")?;
            idle.push(stream);
        }
        for stream in &mut idle[first..] {
            let mut byte = [0u8];
            stream.read_exact(&mut byte).map_err(|e| {
                io::Error::new(e.kind(), format!("an idle connection got no echo: {e}"))
            })?;
        }
    }
    Ok(idle)
}

/// Drives `connections` connections, each echoing `size`-byte messages one at a time, and
/// returns the messages completed per second while counting.
pub fn run(addr: SocketAddr, connections: usize, size: usize, timing: Timing) -> io::Result<f64> {
    let mut conns = (0..connections)
        .map(|seed| Conn::open(addr, size, seed))
        .collect::<io::Result<Vec<_>>>()?;
    let mut fds: Vec<libc::pollfd> = Vec::with_capacity(connections);
    let start = Instant::now();
    let counting = start + timing.warmup;
    let end = counting + timing.duration;
    let (mut count, mut last_progress) = (0u64, start);

    for conn in &mut conns {
        conn.advance()?;
    }
    loop {
        let now = Instant::now();
        if now >= end {
            break;
        }
        if now - last_progress > STALL {
            return Err(io::Error::new(
                ErrorKind::TimedOut,
                "server stopped echoing",
            ));
        }
        fds.clear();
        fds.extend(conns.iter().map(|c| libc::pollfd {
            fd: c.stream.as_raw_fd(),
            events: c.events(),
            revents: 0,
        }));
        let timeout = (end - now).min(Duration::from_millis(100)).as_millis() as i32 + 1;
        // SAFETY: `fds` is a valid, initialised array of `fds.len()` pollfd structs.
        if unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) } < 0 {
            continue; // EINTR
        }
        let now = Instant::now();
        for (conn, fd) in conns.iter_mut().zip(&fds) {
            if fd.revents != 0 {
                let done = conn.advance()?;
                if done > 0 {
                    last_progress = now;
                    if now >= counting && now < end {
                        count += done;
                    }
                }
            }
        }
    }
    Ok(count as f64 / timing.duration.as_secs_f64())
}
