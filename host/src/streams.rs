//! `socket_export_stream()` / `socket_import_stream()`: wasi:io streams over a socket.

use crate::ctx::{Sock, SocketsView};
use crate::errors::{HostError, HostResult, errno};
use wasmtime::component::Resource;
use wasmtime_wasi::p2::{DynInputStream, DynOutputStream};

/// `socket_export_stream()`: not implemented yet (ENOSYS, listed in docs/api-map.md).
pub(crate) fn export(
    v: &mut SocketsView<'_>,
    s: &Resource<Sock>,
) -> HostResult<(Resource<DynInputStream>, Resource<DynOutputStream>)> {
    let sock = v.table.get_mut(s)?;
    tracing::warn!(target: "sockbox", "socket_export_stream() is not implemented yet");
    let r = sock
        .raw()
        .and_then(|_| Err(HostError::errno(errno::ENOSYS)));
    v.ctx.record(sock, r)
}

/// `socket_import_stream()`: not implemented yet (ENOSYS, listed in docs/api-map.md).
pub(crate) fn import(
    v: &mut SocketsView<'_>,
    input: &Resource<DynInputStream>,
) -> HostResult<Resource<Sock>> {
    v.table.get(input)?;
    tracing::warn!(target: "sockbox", "socket_import_stream() is not implemented yet");
    v.ctx.record_global(Err(HostError::errno(errno::ENOSYS)))
}
