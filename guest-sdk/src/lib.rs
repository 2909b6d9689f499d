//! PHP's `ext/sockets` for Rust guests of sockbox (`wasm32-wasip2` components importing
//! `php:sockets`).
//!
//! The API is PHP's, with Rust types:
//!
//! - every PHP function under its PHP name ([`socket_create`], [`socket_bind`], ...,
//!   aliases [`socket_getopt`] / [`socket_setopt`] included), taking the arguments PHP takes and
//!   returning its by-reference outputs (`&$address`, `&$data`, `&$pair`, ...) as values;
//! - the same calls as methods of [`Socket`] (`sock.bind("127.0.0.1", 8080)`), which the free
//!   functions call;
//! - PHP's `false` + `socket_last_error()` and PHP's exceptions as [`Error`], which displays
//!   PHP's text and converts to [`std::io::Error`];
//! - every constant PHP defines on Linux as a `pub const NAME: i64`, with its canonical Linux
//!   value (see [`constants`](mod@constants));
//! - [`Socket`] implements [`std::io::Read`] and [`std::io::Write`];
//! - beyond PHP, [`Poller`]: epoll-style readiness for event loops over many sockets.
//!
//! The raw generated bindings stay reachable in [`bindings`].
//!
//! # Example
//!
//! A client for the echo server of PHP's manual, as a PHP script would write it:
//!
//! ```no_run
//! use sockbox_guest::*;
//! use std::io::{Read, Write};
//!
//! fn main() -> std::io::Result<()> {
//!     let socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)?;
//!     if let Err(e) = socket_connect(&socket, "127.0.0.1", Some(10000)) {
//!         // `e` displays socket_strerror()'s text: "Connection refused", ...
//!         eprintln!("socket_connect() failed: reason: {e}");
//!         return Err(e.into());
//!     }
//!     socket_write(&socket, "hello\n", None)?;
//!     let line = socket_read(&socket, 2048, PHP_NORMAL_READ)?; // up to "\n"
//!     print!("{}", String::from_utf8_lossy(&line));
//!
//!     // A Socket is also std::io::Read + Write.
//!     writeln!(&socket, "quit")?;
//!     let mut rest = String::new();
//!     (&socket).read_to_string(&mut rest)?; // until EOF
//!     socket_close(&socket)?;
//!     Ok(())
//! }
//! ```
#![deny(missing_docs)]

#[allow(missing_docs)] // generated
pub mod bindings;
pub mod constants;

mod addrinfo;
mod error;
mod events;
mod functions;
mod msg;
mod options;
mod select;
mod socket;

pub use addrinfo::{AddressInfo, AddrinfoAddr, AddrinfoExplained, AddrinfoHints};
pub use constants::*;
pub use error::{Error, LookupError, Result};
pub use events::{Event, Poller, Readiness};
pub use functions::*;
pub use msg::{Cmsg, CmsgData, Message, MsgName, ReceivedMessage, RecvmsgRequest, Ucred};
pub use options::{Iface, Linger, McastRequest, Meminfo, OptionValue, Pktinfo, Timeval};
pub use select::{SelectReady, socket_select, socket_select_ready};
pub use socket::{Received, ReceivedFrom, SockName, Socket};

/// The `wasi:io` input stream of [`socket_export_stream`] / [`socket_import_stream`].
pub use bindings::wasi::io::streams::InputStream;
/// The `wasi:io` output stream of [`socket_export_stream`].
pub use bindings::wasi::io::streams::OutputStream;
