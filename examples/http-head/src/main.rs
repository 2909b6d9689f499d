//! PHP manual, Sockets, "Examples", Example #2: a simple TCP/IP client that sends an HTTP
//! `HEAD /` request and prints the reply.
//!
//! `http-head [HOST] [PORT]` (default `127.0.0.1 80`). The script looks the address up with
//! `gethostbyname()`; a guest gets no DNS here, so `HOST` must be an IP literal or `localhost`.
//!
//! ```text
//! sockbox run --allow-connect 127.0.0.1:8080 http-head.wasm 127.0.0.1 8080
//! ```

use sockbox_guest::*;
use std::io::Write;
use std::net::IpAddr;

fn main() {
    let mut args = std::env::args().skip(1);
    let host = args.next().unwrap_or_else(|| "127.0.0.1".to_string());
    let service_port: i64 = match args.next().map(|p| p.parse()) {
        None => 80,
        Some(Ok(port)) => port,
        Some(Err(_)) => usage(),
    };
    // Instead of gethostbyname(): an IP literal, or localhost.
    let address: IpAddr = match host.as_str() {
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        literal => literal.parse().unwrap_or_else(|_| usage()),
    };
    let (domain, host_header) = match address {
        IpAddr::V4(_) => (AF_INET, host.clone()),
        IpAddr::V6(_) => (AF_INET6, format!("[{host}]")),
    };
    let address = address.to_string();

    println!("<h2>TCP/IP Connection</h2>");

    // Create a TCP/IP socket.
    let socket = match socket_create(domain, SOCK_STREAM, SOL_TCP) {
        Ok(socket) => {
            println!("OK.");
            socket
        }
        Err(e) => {
            println!("socket_create() failed: reason: {e}");
            std::process::exit(1);
        }
    };

    print!("Attempting to connect to '{address}' on port '{service_port}'...");
    match socket_connect(&socket, &address, Some(service_port)) {
        Ok(()) => println!("OK."),
        Err(e) => {
            // `($result)` is `false`, which PHP prints as nothing.
            println!("socket_connect() failed.\nReason: () {e}");
            std::process::exit(1);
        }
    }

    let mut request = String::from("HEAD / HTTP/1.1\r\n");
    request += &format!("Host: {host_header}\r\n");
    request += "Connection: Close\r\n\r\n";

    print!("Sending HTTP HEAD request...");
    let _ = socket_write(&socket, &request, Some(request.len() as i64));
    println!("OK.");

    println!("Reading response:\n");
    let mut stdout = std::io::stdout();
    // `while ($out = socket_read($socket, 2048))`: until "" (end of stream), false or "0".
    while let Ok(out) = socket_read(&socket, 2048, PHP_BINARY_READ) {
        if out.is_empty() || out == b"0" {
            break;
        }
        let _ = stdout.write_all(&out);
    }

    print!("Closing socket...");
    let _ = socket_close(&socket);
    println!("OK.\n");
}

fn usage() -> ! {
    eprintln!("usage: http-head [HOST] [PORT]  (HOST: an IP address or localhost)");
    std::process::exit(2);
}
