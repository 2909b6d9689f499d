//! UDP between two sockets: A sends "ping" to B with `socket_sendto`, B receives it with
//! `socket_recvfrom` (which tells who sent it) and replies "pong" to that address.
//!
//! `udp-ping [PORT_A] [PORT_B]`: both sockets bind to 127.0.0.1, on these ports (default 0:
//! any free port; `socket_getsockname` tells which).
//!
//! ```text
//! sockbox run --allow-bind 127.0.0.1:0-65535 --allow-connect 127.0.0.1:0-65535 udp-ping.wasm
//! ```

use sockbox_guest::*;

const ADDRESS: &str = "127.0.0.1";

fn main() {
    let mut args = std::env::args().skip(1);
    let mut port_arg = || match args.next().map(|p| p.parse::<i64>()) {
        None => 0,
        Some(Ok(port)) => port,
        Some(Err(_)) => {
            eprintln!("usage: udp-ping [PORT_A] [PORT_B]");
            std::process::exit(2);
        }
    };
    let (port_a, port_b) = (port_arg(), port_arg());

    let a = udp_socket("A", port_a);
    let b = udp_socket("B", port_b);
    let b_name = socket_getsockname(&b).unwrap_or_else(|e| fail("socket_getsockname", e));

    let ping = "ping";
    check(
        "socket_sendto",
        socket_sendto(
            &a,
            ping,
            ping.len() as i64,
            0,
            &b_name.address,
            b_name.port.map(i64::from),
        ),
    );

    let received = socket_recvfrom(&b, 1024, 0).unwrap_or_else(|e| fail("socket_recvfrom", e));
    report("B", &received);

    let pong = "pong";
    let to_port = received.port.map(i64::from);
    check(
        "socket_sendto",
        socket_sendto(&b, pong, pong.len() as i64, 0, &received.address, to_port),
    );

    let received = socket_recvfrom(&a, 1024, 0).unwrap_or_else(|e| fail("socket_recvfrom", e));
    report("A", &received);

    let _ = socket_close(&a);
    let _ = socket_close(&b);
}

/// An AF_INET datagram socket bound to `ADDRESS:port`; prints where it is bound.
fn udp_socket(name: &str, port: i64) -> Socket {
    let socket =
        socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap_or_else(|e| fail("socket_create", e));
    check("socket_bind", socket_bind(&socket, ADDRESS, port));
    let bound = socket_getsockname(&socket).unwrap_or_else(|e| fail("socket_getsockname", e));
    println!(
        "{name} bound to {}:{}",
        bound.address,
        bound.port.unwrap_or(0)
    );
    socket
}

fn report(name: &str, received: &ReceivedFrom) {
    println!(
        "{name} received {:?} ({} bytes) from {}:{}",
        String::from_utf8_lossy(&received.data),
        received.count,
        received.address,
        received.port.unwrap_or(0),
    );
}

fn check<T>(function: &str, result: Result<T>) {
    if let Err(e) = result {
        fail(function, e);
    }
}

fn fail(function: &str, e: Error) -> ! {
    println!("{function}() failed: reason: {e}");
    std::process::exit(1);
}
