//! `socket_addrinfo_lookup()` and the `AddressInfo` resource.

use crate::bindings::php::sockets::types::{AddrinfoExplained, AddrinfoHints, LookupError};
use crate::ctx::{Sock, SocketsView};
use crate::errors::{HostError, HostResult, errno};
use wasmtime::component::Resource;

/// PHP's `AddressInfo`: one resolved `struct addrinfo`.
#[derive(Debug, Clone)]
pub struct AddrInfo {
    pub(crate) explained: AddrinfoExplained,
}

/// `EAI_SYSTEM`-style failure used while lookups are not implemented.
const EAI_FAIL: i32 = libc::EAI_FAIL;

/// `socket_addrinfo_lookup()`: not implemented yet (EAI_FAIL, listed in docs/api-map.md).
pub(crate) fn lookup(
    _v: &mut SocketsView<'_>,
    _host: String,
    _service: Option<String>,
    _hints: AddrinfoHints,
) -> Result<Vec<Resource<AddrInfo>>, LookupError> {
    tracing::warn!(target: "sockbox", "socket_addrinfo_lookup() is not implemented yet");
    Err(LookupError::Eai(EAI_FAIL))
}

/// `socket_addrinfo_bind()` / `socket_addrinfo_connect()`: not implemented yet (ENOSYS).
pub(crate) fn open(
    v: &mut SocketsView<'_>,
    ai: &Resource<AddrInfo>,
    func: &str,
) -> HostResult<Resource<Sock>> {
    v.table.get(ai)?;
    tracing::warn!(target: "sockbox", "{func}() is not implemented yet");
    v.ctx.record_global(Err(HostError::errno(errno::ENOSYS)))
}
