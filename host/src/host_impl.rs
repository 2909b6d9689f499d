//! The generated php:sockets traits, implemented by forwarding each WIT item to the module
//! that owns its concern (socket.rs, io.rs, select.rs, options.rs, msg.rs, addrinfo.rs,
//! streams.rs, events.rs). Read a function here, then follow it there.

use crate::addrinfo::{self, AddrInfo};
use crate::bindings::php::sockets::{constants, events, sockets, types};
use crate::ctx::{Sock, SocketsCtxView};
use crate::errors::{HostError, HostResult};
use crate::events::EventPoller;
use crate::{io, msg, options, select, socket, streams};
use types::{
    AddrinfoExplained, AddrinfoHints, LookupError, Message, OptionValue, Received, ReceivedFrom,
    ReceivedMessage, RecvmsgRequest, SelectReady, SockName,
};
use wasmtime::component::Resource;
use wasmtime_wasi::p2::{DynInputStream, DynOutputStream};

impl types::Host for SocketsCtxView<'_> {
    fn convert_error(&mut self, err: HostError) -> wasmtime::Result<types::Error> {
        match err {
            HostError::Php(e) => Ok(e),
            HostError::Trap(t) => Err(t),
        }
    }
}

impl sockets::HostSocket for SocketsCtxView<'_> {
    fn id(&mut self, s: Resource<Sock>) -> wasmtime::Result<u32> {
        // The table index: what `select` looks its sets up by (type-checked there).
        Ok(s.rep())
    }
    async fn accept(&mut self, s: Resource<Sock>) -> HostResult<Resource<Sock>> {
        socket::accept(self, &s).await
    }
    fn set_nonblock(&mut self, s: Resource<Sock>) -> HostResult<()> {
        socket::set_blocking(self, &s, false)
    }
    fn set_block(&mut self, s: Resource<Sock>) -> HostResult<()> {
        socket::set_blocking(self, &s, true)
    }
    async fn listen(&mut self, s: Resource<Sock>, backlog: i64) -> HostResult<()> {
        socket::listen(self, &s, backlog).await
    }
    async fn close(&mut self, s: Resource<Sock>) -> HostResult<()> {
        socket::close(self, &s).await
    }
    async fn write(
        &mut self,
        s: Resource<Sock>,
        data: Vec<u8>,
        length: Option<i64>,
    ) -> HostResult<u64> {
        io::write(self, &s, data, length).await
    }
    async fn read(&mut self, s: Resource<Sock>, length: i64, mode: i64) -> HostResult<Vec<u8>> {
        io::read(self, &s, length, mode).await
    }
    async fn getsockname(&mut self, s: Resource<Sock>) -> HostResult<SockName> {
        socket::name(self, &s, false).await
    }
    async fn getpeername(&mut self, s: Resource<Sock>) -> HostResult<SockName> {
        socket::name(self, &s, true).await
    }
    async fn connect(
        &mut self,
        s: Resource<Sock>,
        address: String,
        port: Option<i64>,
    ) -> HostResult<()> {
        socket::connect(self, &s, address, port).await
    }
    async fn bind(&mut self, s: Resource<Sock>, address: String, port: i64) -> HostResult<()> {
        socket::bind(self, &s, address, port).await
    }
    async fn recv(&mut self, s: Resource<Sock>, length: i64, flags: i64) -> HostResult<Received> {
        io::recv(self, &s, length, flags).await
    }
    async fn send(
        &mut self,
        s: Resource<Sock>,
        data: Vec<u8>,
        length: i64,
        flags: i64,
    ) -> HostResult<u64> {
        io::send(self, &s, data, length, flags).await
    }
    async fn recvfrom(
        &mut self,
        s: Resource<Sock>,
        length: i64,
        flags: i64,
    ) -> HostResult<ReceivedFrom> {
        io::recvfrom(self, &s, length, flags).await
    }
    async fn sendto(
        &mut self,
        s: Resource<Sock>,
        data: Vec<u8>,
        length: i64,
        flags: i64,
        address: String,
        port: Option<i64>,
    ) -> HostResult<u64> {
        io::sendto(self, &s, data, length, flags, address, port).await
    }
    async fn get_option(
        &mut self,
        s: Resource<Sock>,
        level: i64,
        option: i64,
    ) -> HostResult<OptionValue> {
        options::get(self, &s, level, option).await
    }
    async fn set_option(
        &mut self,
        s: Resource<Sock>,
        level: i64,
        option: i64,
        value: OptionValue,
    ) -> HostResult<()> {
        options::set(self, &s, level, option, value).await
    }
    async fn shutdown(&mut self, s: Resource<Sock>, mode: i64) -> HostResult<()> {
        socket::shutdown(self, &s, mode).await
    }
    async fn atmark(&mut self, s: Resource<Sock>) -> HostResult<bool> {
        socket::atmark(self, &s).await
    }
    async fn export_stream(
        &mut self,
        s: Resource<Sock>,
    ) -> HostResult<(Resource<DynInputStream>, Resource<DynOutputStream>)> {
        streams::export(self, &s)
    }
    async fn sendmsg(
        &mut self,
        s: Resource<Sock>,
        message: Message,
        rights: Vec<Resource<Sock>>,
        flags: i64,
    ) -> HostResult<u64> {
        msg::sendmsg(self, &s, message, rights, flags).await
    }
    async fn recvmsg(
        &mut self,
        s: Resource<Sock>,
        request: RecvmsgRequest,
        flags: i64,
    ) -> HostResult<(ReceivedMessage, Vec<Resource<Sock>>)> {
        msg::recvmsg(self, &s, request, flags).await
    }
    async fn wsaprotocol_info_export(
        &mut self,
        s: Resource<Sock>,
        _process_id: i64,
    ) -> HostResult<String> {
        socket::windows_only(self, Some(&s)).await
    }
    async fn drop(&mut self, s: Resource<Sock>) -> wasmtime::Result<()> {
        socket::drop_socket(self, s).await.map_err(trap)
    }
}

impl sockets::HostAddressInfo for SocketsCtxView<'_> {
    async fn bind(&mut self, ai: Resource<AddrInfo>) -> HostResult<Resource<Sock>> {
        addrinfo::open(self, &ai, true).await
    }
    async fn connect(&mut self, ai: Resource<AddrInfo>) -> HostResult<Resource<Sock>> {
        addrinfo::open(self, &ai, false).await
    }
    async fn explain(&mut self, ai: Resource<AddrInfo>) -> wasmtime::Result<AddrinfoExplained> {
        Ok(self.table.get(&ai)?.explained.clone())
    }
    async fn drop(&mut self, ai: Resource<AddrInfo>) -> wasmtime::Result<()> {
        self.table.delete(ai)?;
        Ok(())
    }
}

/// Host errors that must trap become wasmtime errors; PHP errors cannot occur there.
fn trap(e: HostError) -> wasmtime::Error {
    match e {
        HostError::Trap(t) => t,
        HostError::Php(p) => wasmtime::Error::msg(format!("unexpected php:sockets error {p:?}")),
    }
}

impl sockets::Host for SocketsCtxView<'_> {
    async fn create(&mut self, domain: i64, ty: i64, protocol: i64) -> HostResult<Resource<Sock>> {
        socket::create(self, domain, ty, protocol).await
    }
    async fn create_listen(&mut self, port: i64, backlog: i64) -> HostResult<Resource<Sock>> {
        socket::create_listen(self, port, backlog).await
    }
    async fn create_pair(
        &mut self,
        domain: i64,
        ty: i64,
        protocol: i64,
    ) -> HostResult<(Resource<Sock>, Resource<Sock>)> {
        socket::create_pair(self, domain, ty, protocol).await
    }
    async fn select(
        &mut self,
        read: Vec<u32>,
        write: Vec<u32>,
        except: Vec<u32>,
        seconds: Option<i64>,
        microseconds: i64,
    ) -> HostResult<SelectReady> {
        select::select(self, [read, write, except], seconds, microseconds).await
    }
    fn strerror(&mut self, code: i64) -> HostResult<String> {
        let code = i32::try_from(code).map_err(|_| {
            HostError::invalid("socket_strerror(): Argument #1 ($error_code) must be between -2147483648 and 2147483647")
        })?;
        Ok(crate::strerror::strerror(code))
    }
    fn last_error(&mut self, s: Option<Resource<Sock>>) -> wasmtime::Result<i32> {
        Ok(match s {
            Some(s) => self.table.get(&s)?.last_error,
            None => self.ctx.global_error,
        })
    }
    fn clear_error(&mut self, s: Option<Resource<Sock>>) -> wasmtime::Result<()> {
        self.restore_error(s, 0)
    }
    fn restore_error(&mut self, s: Option<Resource<Sock>>, code: i32) -> wasmtime::Result<()> {
        match s {
            Some(s) => self.table.get_mut(&s)?.last_error = code,
            None => self.ctx.global_error = code,
        }
        Ok(())
    }
    fn cmsg_space(&mut self, level: i64, ty: i64, num: i64) -> HostResult<u64> {
        msg::cmsg_space(level, ty, num)
    }
    async fn addrinfo_lookup(
        &mut self,
        host: String,
        service: Option<String>,
        hints: AddrinfoHints,
    ) -> wasmtime::Result<Result<Vec<Resource<AddrInfo>>, LookupError>> {
        addrinfo::lookup(self, host, service, hints).await
    }
    async fn name_of_address(
        &mut self,
        address: String,
    ) -> wasmtime::Result<Result<String, LookupError>> {
        Ok(addrinfo::name_of_address(self.ctx, &address).await)
    }
    async fn import_stream(
        &mut self,
        input: Resource<DynInputStream>,
    ) -> HostResult<Resource<Sock>> {
        streams::import(self, &input)
    }
    async fn wsaprotocol_info_import(&mut self, _info_id: String) -> HostResult<Resource<Sock>> {
        socket::windows_only(self, None).await
    }
    async fn wsaprotocol_info_release(&mut self, _info_id: String) -> HostResult<bool> {
        socket::windows_only(self, None).await
    }
    fn process_id(&mut self) -> wasmtime::Result<i32> {
        Ok(crate::sys::process_ids().0)
    }
    fn working_directory(&mut self, path: String) -> HostResult<()> {
        self.ctx.guest_paths.set_cwd(path.as_bytes())
    }
}

impl constants::Host for SocketsCtxView<'_> {
    fn all(&mut self) -> wasmtime::Result<Vec<types::Constant>> {
        Ok(crate::constants::CONSTANTS
            .iter()
            .map(|(name, value)| types::Constant {
                name: (*name).into(),
                value: *value,
            })
            .collect())
    }
}

impl events::HostPoller for SocketsCtxView<'_> {
    async fn create(&mut self) -> HostResult<Resource<EventPoller>> {
        crate::events::create(self)
    }
    async fn add(
        &mut self,
        p: Resource<EventPoller>,
        s: Resource<Sock>,
        token: u64,
        interest: types::Readiness,
    ) -> HostResult<()> {
        crate::events::control(self, &p, &s, crate::sys::EpollChange::Add, token, interest)
    }
    async fn modify(
        &mut self,
        p: Resource<EventPoller>,
        s: Resource<Sock>,
        token: u64,
        interest: types::Readiness,
    ) -> HostResult<()> {
        crate::events::control(
            self,
            &p,
            &s,
            crate::sys::EpollChange::Modify,
            token,
            interest,
        )
    }
    async fn remove(&mut self, p: Resource<EventPoller>, s: Resource<Sock>) -> HostResult<()> {
        let none = types::Readiness::empty();
        crate::events::control(self, &p, &s, crate::sys::EpollChange::Remove, 0, none)
    }
    async fn wait(
        &mut self,
        p: Resource<EventPoller>,
        max_events: u32,
        timeout_ms: Option<u64>,
    ) -> HostResult<Vec<types::Event>> {
        crate::events::wait(self, &p, max_events, timeout_ms).await
    }
    async fn drop(&mut self, p: Resource<EventPoller>) -> wasmtime::Result<()> {
        crate::events::drop_poller(self, p)
    }
}

impl events::Host for SocketsCtxView<'_> {}
