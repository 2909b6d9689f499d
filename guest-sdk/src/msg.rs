//! `socket_sendmsg` / `socket_recvmsg` message shapes and control messages.

use crate::Socket;
use crate::bindings::php::sockets::sockets as wit;

pub use crate::bindings::php::sockets::types::{Cmsg, CmsgData, MsgName, Ucred};
pub use wit::{Message, RecvmsgRequest};

/// `socket_recvmsg()`'s output `$message`.
#[derive(Debug)]
pub struct ReceivedMessage {
    /// The sender's address (`$message['name']`), if the request asked for it.
    pub name: Option<MsgName>,
    /// The control messages. `SCM_RIGHTS` data names sockets by their position in `rights`.
    pub control: Vec<Cmsg>,
    /// The bytes received, normally in one buffer.
    pub iov: Vec<Vec<u8>>,
    /// `msg_flags`, e.g. `MSG_TRUNC` or `MSG_CTRUNC`.
    pub flags: i64,
    /// The byte count `socket_recvmsg()` returns (the kernel's, larger than the data with
    /// `MSG_TRUNC`).
    pub count: u64,
    /// PHP's warning when a control message has no PHP form (a kind PHP does not convert,
    /// or one the control buffer cut inside its data): PHP then sets the message to `false`.
    pub control_error: Option<String>,
    /// Sockets received with `SCM_RIGHTS`.
    pub rights: Vec<Socket>,
}

/// The message and the sockets that arrived beside it.
impl From<(wit::ReceivedMessage, Vec<wit::Socket>)> for ReceivedMessage {
    fn from((raw, rights): (wit::ReceivedMessage, Vec<wit::Socket>)) -> Self {
        ReceivedMessage {
            name: raw.name,
            control: raw.control,
            iov: raw.iov,
            flags: raw.flags,
            count: raw.count,
            control_error: raw.control_error,
            rights: rights.into_iter().map(Socket::from_raw).collect(),
        }
    }
}

/// An empty message: no name, no data, no control messages.
impl Default for Message {
    fn default() -> Self {
        Message {
            name: None,
            iov: Vec::new(),
            control: Vec::new(),
        }
    }
}

/// An address with no field set.
impl Default for MsgName {
    fn default() -> Self {
        MsgName {
            family: None,
            addr: None,
            port: None,
            flowinfo: None,
            scope_id: None,
            path: None,
        }
    }
}

/// PHP's defaults: `buffer_size` 8192 (host-side), no `controllen` (which PHP requires, so set
/// it, e.g. from `socket_cmsg_space`), no sender address.
impl Default for RecvmsgRequest {
    fn default() -> Self {
        RecvmsgRequest {
            buffer_size: None,
            controllen: None,
            want_name: false,
        }
    }
}
