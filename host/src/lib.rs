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
//! your store data, implement [`SocketsView`] to borrow them as a [`SocketsCtxView`], and call
//! [`add_to_linker_async`] (or [`add_to_linker_sync`]).
//!
//! ```
//! use sockbox::{Policy, SocketsCtx, SocketsCtxView, SocketsView};
//! use wasmtime::component::{Linker, ResourceTable};
//!
//! struct State { table: ResourceTable, sockets: SocketsCtx }
//!
//! impl SocketsView for State {
//!     fn sockets(&mut self) -> SocketsCtxView<'_> {
//!         SocketsCtxView { ctx: &mut self.sockets, table: &mut self.table }
//!     }
//! }
//!
//! let engine = wasmtime::Engine::default();
//! let mut linker: Linker<State> = Linker::new(&engine);
//! sockbox::add_to_linker_async(&mut linker)?;
//! let policy = Policy::deny_all().allow_connect("127.0.0.1:8080")?;
//! let state = State { table: ResourceTable::new(), sockets: SocketsCtx::new(policy) };
//! let store = wasmtime::Store::new(&engine, state);
//! assert_eq!(store.data().sockets.open_sockets(), 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Unsafe code lives in `sys` alone (libc calls socket2 and rustix do not cover), each block
// with the reason it is sound.
#![deny(unsafe_code)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod addrinfo;
pub mod bindings;
pub mod check;
pub mod constants;
mod ctx;
mod denials;
mod epoch;
mod errors;
mod events;
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
mod strerror;
mod sync;
#[allow(unsafe_code)]
mod sys;
pub mod wasi_sockets;
mod wasi_tcp_input;

pub use check::{CheckFuture, CheckRequest, CheckTarget};
pub use ctx::{Limits, Sock, SocketsCtx, SocketsCtxView, SocketsView};
pub use errors::HostError;
pub use events::EventPoller;
pub use fd::{host_descriptor_limit, host_descriptors_in_use};
pub use policy::Policy;
pub use strerror::strerror;

use wasmtime::component::{HasData, Linker};

/// The [`HasData`] marker for php:sockets: its data is a [`SocketsCtxView`].
pub struct PhpSockets;

impl HasData for PhpSockets {
    type Data<'a> = SocketsCtxView<'a>;
}

/// The view of store data `T`, as the generated `add_to_linker` functions take it.
fn view<T: SocketsView>(state: &mut T) -> SocketsCtxView<'_> {
    state.sockets()
}

/// Adds every php:sockets import to `linker`. The host functions are async: run guests with
/// wasmtime's `*_async` calls inside a tokio runtime.
pub fn add_to_linker_async<T: SocketsView + 'static>(
    linker: &mut Linker<T>,
) -> wasmtime::Result<()> {
    bindings::php::sockets::types::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    bindings::php::sockets::sockets::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    bindings::php::sockets::constants::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    bindings::php::sockets::events::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    Ok(())
}

/// Adds every php:sockets import to `linker` for synchronous embedders (no tokio of their own):
/// each call blocks the calling thread until it completes, using the ambient tokio runtime if
/// there is one and wasmtime-wasi's otherwise. Prefer [`add_to_linker_async`] where you can: a
/// guest blocked here holds its thread.
pub fn add_to_linker_sync<T: SocketsView + 'static>(
    linker: &mut Linker<T>,
) -> wasmtime::Result<()> {
    bindings::php::sockets::types::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    bindings::sync::php::sockets::sockets::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    bindings::sync::php::sockets::constants::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    bindings::sync::php::sockets::events::add_to_linker::<T, PhpSockets>(linker, view::<T>)?;
    Ok(())
}
