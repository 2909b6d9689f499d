//! An embedder's own check beside the static [`Policy`](crate::Policy), asked after the policy
//! allowed an operation (so it can only narrow it): every IP address a guest binds, listens on,
//! connects or sends to, or accepts a connection from, every AF_UNIX address it binds, listens
//! on, connects or sends to, and every host name it looks up — php:sockets and wasi:sockets
//! alike. Like wasmtime-wasi's `socket_addr_check`, it is async: it may ask a service.
//!
//! A refusal is a denial like the policy's: the errno a native call refused by a security
//! module gives (`EACCES`; a lookup fails as an unknown host), counted in
//! [`SocketsCtx::denials`](crate::SocketsCtx::denials) and logged as refused by the embedder's
//! check. Not asked: the kernel's implicit bind (the wildcard address, port 0, before a connect
//! or send on an unbound socket) and an AF_UNIX `bind("")` (the kernel picks the name), which
//! the policy treats as it always does (a `listen` on either is asked, on the address it got),
//! and `localhost` and address literals, which are not lookups.

use crate::policy::{Denial, Operation};
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

/// What the check is asked to allow.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckRequest {
    /// [`Operation::Connect`], [`Bind`](Operation::Bind), [`Accept`](Operation::Accept),
    /// [`Unix`](Operation::Unix), [`AbstractName`](Operation::AbstractName) or
    /// [`Lookup`](Operation::Lookup).
    pub operation: Operation,
    /// The address or name.
    pub target: CheckTarget,
}

/// The address or name of a [`CheckRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckTarget {
    /// An IP endpoint: the destination of a connect or send, the address of a bind or listen,
    /// the peer of an accepted connection.
    Ip(SocketAddr),
    /// An AF_UNIX address as the kernel uses it: a path name (cut at its first NUL; the host
    /// file a name in one of the guest's preopened directories is, else as the guest gave it,
    /// a relative one relative to the host process's working directory) or an abstract name
    /// (a leading NUL).
    Unix(Vec<u8>),
    /// A host name to look up.
    Name(String),
}

impl fmt::Display for CheckTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckTarget::Ip(addr) => write!(f, "{addr}"),
            CheckTarget::Unix(bytes) => write!(f, "{:?}", String::from_utf8_lossy(bytes)),
            CheckTarget::Name(name) => f.write_str(name),
        }
    }
}

/// What a check returns: resolves to `true` to allow (`Send + Sync`, as wasmtime-wasi's
/// `socket_addr_check` needs of the futures it awaits).
pub type CheckFuture = Pin<Box<dyn Future<Output = bool> + Send + Sync>>;

/// An embedder's check, shared by the php:sockets and wasi:sockets sides of a guest.
#[derive(Clone)]
pub(crate) struct EmbedderCheck(Arc<dyn Fn(CheckRequest) -> CheckFuture + Send + Sync>);

impl EmbedderCheck {
    pub(crate) fn new(f: impl Fn(CheckRequest) -> CheckFuture + Send + Sync + 'static) -> Self {
        EmbedderCheck(Arc::new(f))
    }

    /// Asks the check about what the policy allowed: its refusal as a denial.
    pub(crate) async fn allows(
        &self,
        operation: Operation,
        target: CheckTarget,
    ) -> Result<(), Denial> {
        let label = target.to_string();
        match (self.0)(CheckRequest { operation, target }).await {
            true => Ok(()),
            false => Err(Denial::by_embedder(operation, label)),
        }
    }
}

impl fmt::Debug for EmbedderCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmbedderCheck")
    }
}
