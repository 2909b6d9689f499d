//! Synchronous embedding: the generated blocking traits, each function running its async
//! implementation to completion on the ambient (or wasmtime-wasi's) tokio runtime.

use crate::addrinfo::AddrInfo;
use crate::bindings::php::sockets::{
    constants as async_constants, events as async_events, sockets as async_sockets, types,
};
use crate::bindings::sync::php::sockets::{constants, events, sockets};
use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::HostResult;
use crate::events::EventPoller;
use types::{
    AddrinfoExplained, AddrinfoHints, Constant, LookupError, Message, OptionValue, Received,
    ReceivedFrom, ReceivedMessage, RecvmsgRequest, SelectReady, SockName,
};
use wasmtime::component::Resource;
use wasmtime_wasi::p2::{DynInputStream, DynOutputStream};
use wasmtime_wasi::runtime::in_tokio;

/// Implements each listed method by blocking on the async trait's method of the same name;
/// those after `plain:` never wait, and are plain functions in both traits.
macro_rules! blocking {
    ($async_trait:path =>
        $(fn $name:ident(&mut self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*
        $(plain: $(fn $plain:ident(&mut self $(, $parg:ident: $pty:ty)*) -> $pret:ty;)*)?
    ) => {
        $(fn $name(&mut self $(, $arg: $ty)*) -> $ret {
            in_tokio(<Self as $async_trait>::$name(self $(, $arg)*))
        })*
        $($(fn $plain(&mut self $(, $parg: $pty)*) -> $pret {
            <Self as $async_trait>::$plain(self $(, $parg)*)
        })*)?
    };
}

impl sockets::HostSocket for SocketsCtxView<'_> {
    blocking! { async_sockets::HostSocket =>
        fn accept(&mut self, s: Resource<Sock>) -> HostResult<Resource<Sock>>;
        fn listen(&mut self, s: Resource<Sock>, backlog: i64) -> HostResult<()>;
        fn close(&mut self, s: Resource<Sock>) -> HostResult<()>;
        fn write(&mut self, s: Resource<Sock>, data: Vec<u8>, length: Option<i64>) -> HostResult<u64>;
        fn read(&mut self, s: Resource<Sock>, length: i64, mode: i64) -> HostResult<Vec<u8>>;
        fn getsockname(&mut self, s: Resource<Sock>) -> HostResult<SockName>;
        fn getpeername(&mut self, s: Resource<Sock>) -> HostResult<SockName>;
        fn connect(&mut self, s: Resource<Sock>, address: String, port: Option<i64>) -> HostResult<()>;
        fn bind(&mut self, s: Resource<Sock>, address: String, port: i64) -> HostResult<()>;
        fn recv(&mut self, s: Resource<Sock>, length: i64, flags: i64) -> HostResult<Received>;
        fn send(&mut self, s: Resource<Sock>, data: Vec<u8>, length: i64, flags: i64) -> HostResult<u64>;
        fn recvfrom(&mut self, s: Resource<Sock>, length: i64, flags: i64) -> HostResult<ReceivedFrom>;
        fn sendto(&mut self, s: Resource<Sock>, data: Vec<u8>, length: i64, flags: i64, address: String, port: Option<i64>) -> HostResult<u64>;
        fn get_option(&mut self, s: Resource<Sock>, level: i64, option: i64) -> HostResult<OptionValue>;
        fn set_option(&mut self, s: Resource<Sock>, level: i64, option: i64, value: OptionValue) -> HostResult<()>;
        fn shutdown(&mut self, s: Resource<Sock>, mode: i64) -> HostResult<()>;
        fn atmark(&mut self, s: Resource<Sock>) -> HostResult<bool>;
        fn export_stream(&mut self, s: Resource<Sock>) -> HostResult<(Resource<DynInputStream>, Resource<DynOutputStream>)>;
        fn sendmsg(&mut self, s: Resource<Sock>, message: Message, rights: Vec<Resource<Sock>>, flags: i64) -> HostResult<u64>;
        fn recvmsg(&mut self, s: Resource<Sock>, request: RecvmsgRequest, flags: i64) -> HostResult<(ReceivedMessage, Vec<Resource<Sock>>)>;
        fn wsaprotocol_info_export(&mut self, s: Resource<Sock>, process_id: i64) -> HostResult<String>;
        fn drop(&mut self, s: Resource<Sock>) -> wasmtime::Result<()>;
        plain:
        fn id(&mut self, s: Resource<Sock>) -> wasmtime::Result<u32>;
        fn set_nonblock(&mut self, s: Resource<Sock>) -> HostResult<()>;
        fn set_block(&mut self, s: Resource<Sock>) -> HostResult<()>;
    }
}

impl sockets::HostAddressInfo for SocketsCtxView<'_> {
    blocking! { async_sockets::HostAddressInfo =>
        fn bind(&mut self, ai: Resource<AddrInfo>) -> HostResult<Resource<Sock>>;
        fn connect(&mut self, ai: Resource<AddrInfo>) -> HostResult<Resource<Sock>>;
        fn explain(&mut self, ai: Resource<AddrInfo>) -> wasmtime::Result<AddrinfoExplained>;
        fn drop(&mut self, ai: Resource<AddrInfo>) -> wasmtime::Result<()>;
    }
}

impl sockets::Host for SocketsCtxView<'_> {
    blocking! { async_sockets::Host =>
        fn create(&mut self, domain: i64, ty: i64, protocol: i64) -> HostResult<Resource<Sock>>;
        fn create_listen(&mut self, port: i64, backlog: i64) -> HostResult<Resource<Sock>>;
        fn create_pair(&mut self, domain: i64, ty: i64, protocol: i64) -> HostResult<(Resource<Sock>, Resource<Sock>)>;
        fn select(&mut self, read: Vec<u32>, write: Vec<u32>, except: Vec<u32>, seconds: Option<i64>, microseconds: i64) -> HostResult<SelectReady>;
        fn addrinfo_lookup(&mut self, host: String, service: Option<String>, hints: AddrinfoHints) -> wasmtime::Result<Result<Vec<Resource<AddrInfo>>, LookupError>>;
        fn name_of_address(&mut self, address: String) -> wasmtime::Result<Result<String, LookupError>>;
        fn import_stream(&mut self, input: Resource<DynInputStream>) -> HostResult<Resource<Sock>>;
        fn wsaprotocol_info_import(&mut self, info_id: String) -> HostResult<Resource<Sock>>;
        fn wsaprotocol_info_release(&mut self, info_id: String) -> HostResult<bool>;
        plain:
        fn strerror(&mut self, code: i64) -> HostResult<String>;
        fn last_error(&mut self, s: Option<Resource<Sock>>) -> wasmtime::Result<i32>;
        fn clear_error(&mut self, s: Option<Resource<Sock>>) -> wasmtime::Result<()>;
        fn restore_error(&mut self, s: Option<Resource<Sock>>, code: i32) -> wasmtime::Result<()>;
        fn process_id(&mut self) -> wasmtime::Result<i32>;
        fn working_directory(&mut self, path: String) -> HostResult<()>;
        fn cmsg_space(&mut self, level: i64, ty: i64, num: i64) -> HostResult<u64>;
    }
}

impl constants::Host for SocketsCtxView<'_> {
    blocking! { async_constants::Host =>
        plain:
        fn all(&mut self) -> wasmtime::Result<Vec<Constant>>;
    }
}

impl events::HostPoller for SocketsCtxView<'_> {
    blocking! { async_events::HostPoller =>
        fn create(&mut self) -> HostResult<Resource<EventPoller>>;
        fn add(&mut self, p: Resource<EventPoller>, s: Resource<Sock>, token: u64, interest: types::Readiness) -> HostResult<()>;
        fn modify(&mut self, p: Resource<EventPoller>, s: Resource<Sock>, token: u64, interest: types::Readiness) -> HostResult<()>;
        fn remove(&mut self, p: Resource<EventPoller>, s: Resource<Sock>) -> HostResult<()>;
        fn wait(&mut self, p: Resource<EventPoller>, max_events: u32, timeout_ms: Option<u64>) -> HostResult<Vec<types::Event>>;
        fn drop(&mut self, p: Resource<EventPoller>) -> wasmtime::Result<()>;
    }
}

impl events::Host for SocketsCtxView<'_> {}
