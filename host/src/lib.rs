//! # sockbox
//!
//! PHP's ext/sockets API (`php:sockets`) for WebAssembly components, implemented over native
//! sockets behind a deny-by-default capability [`Policy`].
//!
//! Features: `cli` (default) builds the `sockbox` command line and brings `policy-file`
//! (TOML policy files, [`policy_file`]); an embedder that turns default features off gets
//! neither clap, toml nor a tracing subscriber.
//!
//! Embedding follows wasmtime-wasi: keep a [`SocketsCtx`] and the store's `ResourceTable` in
//! your store data and hand [`add_to_linker`] a closure that borrows them as a [`SocketsView`].
//!
//! ```no_run
//! use sockbox::{Policy, SocketsCtx, SocketsView};
//! use wasmtime::component::{Linker, ResourceTable};
//!
//! struct State { table: ResourceTable, sockets: SocketsCtx }
//!
//! let engine = wasmtime::Engine::default();
//! let mut linker: Linker<State> = Linker::new(&engine);
//! sockbox::add_to_linker(&mut linker, |s: &mut State| SocketsView { ctx: &mut s.sockets, table: &mut s.table })?;
//! let policy = Policy::deny_all().allow_connect("127.0.0.1:8080")?;
//! let state = State { table: ResourceTable::new(), sockets: SocketsCtx::new(policy) };
//! # let _ = state;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod addr;
mod addrinfo;
pub mod bindings;
pub mod constants;
mod ctx;
mod denials;
mod errors;
mod fd;
mod host_impl;
mod io;
mod msg;
mod options;
pub mod policy;
#[cfg(feature = "policy-file")]
pub mod policy_file;
pub mod run;
mod select;
mod socket;
mod streams;
mod sync;
mod sys;
mod unix_path;
pub mod wasi_sockets;

pub use ctx::{Limits, Sock, SocketsCtx, SocketsState, SocketsView};
pub use errors::{HostError, strerror};
pub use fd::{host_descriptor_limit, host_descriptors_in_use};
pub use policy::Policy;

use wasmtime::component::{HasData, Linker};

/// The [`HasData`] marker for php:sockets: its data is a [`SocketsView`].
pub struct PhpSockets;

impl HasData for PhpSockets {
    type Data<'a> = SocketsView<'a>;
}

/// Adds every php:sockets import to `linker`. The host functions are async: run guests with
/// wasmtime's `*_async` calls inside a tokio runtime.
/// `get` borrows the view from the store data.
pub fn add_to_linker<T: Send + 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> SocketsView<'_>,
) -> wasmtime::Result<()> {
    bindings::php::sockets::types::add_to_linker::<T, PhpSockets>(linker, get)?;
    bindings::php::sockets::sockets::add_to_linker::<T, PhpSockets>(linker, get)?;
    bindings::php::sockets::constants::add_to_linker::<T, PhpSockets>(linker, get)?;
    Ok(())
}

/// Adds every php:sockets import to `linker` for synchronous embedders (no tokio of their own):
/// each call blocks the calling thread until it completes, using the ambient tokio runtime if
/// there is one and wasmtime-wasi's otherwise. Prefer [`add_to_linker`] where you can: a guest
/// blocked here holds its thread.
pub fn add_to_linker_sync<T: Send + 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> SocketsView<'_>,
) -> wasmtime::Result<()> {
    bindings::php::sockets::types::add_to_linker::<T, PhpSockets>(linker, get)?;
    bindings::sync::php::sockets::sockets::add_to_linker::<T, PhpSockets>(linker, get)?;
    bindings::sync::php::sockets::constants::add_to_linker::<T, PhpSockets>(linker, get)?;
    Ok(())
}
