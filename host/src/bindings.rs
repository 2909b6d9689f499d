//! Host bindings generated from `wit/` (world `php:sockets/host`).

wasmtime::component::bindgen!({
    path: "wit",
    world: "php:sockets/host",
    // tracing: every call and its result at TRACE level (SOCKBOX_LOG=sockbox=trace shows what a
    // guest did; lists are summarised, not dumped). Calls that never wait are plain functions:
    // an async host call costs a boxed future polled on the guest's fiber (about 20 ns more,
    // docs/performance.md).
    imports: {
        "php:sockets/sockets.[method]socket.id": trappable | tracing,
        "php:sockets/sockets.[method]socket.set-nonblock": trappable | tracing,
        "php:sockets/sockets.[method]socket.set-block": trappable | tracing,
        "php:sockets/sockets.strerror": trappable | tracing,
        "php:sockets/sockets.last-error": trappable | tracing,
        "php:sockets/sockets.clear-error": trappable | tracing,
        "php:sockets/sockets.restore-error": trappable | tracing,
        "php:sockets/sockets.cmsg-space": trappable | tracing,
        "php:sockets/sockets.process-id": trappable | tracing,
        "php:sockets/sockets.working-directory": trappable | tracing,
        "php:sockets/constants.all": trappable | tracing,
        default: async | trappable | tracing,
    },
    trappable_error_type: {
        "php:sockets/types.error" => crate::errors::HostError,
    },
    with: {
        "php:sockets/sockets.socket": crate::ctx::Sock,
        "php:sockets/sockets.address-info": crate::addrinfo::AddrInfo,
        "php:sockets/events.poller": crate::events::EventPoller,
        "wasi:io": wasmtime_wasi::p2::bindings::io,
    },
});

/// The same world for synchronous embedders: the types are shared with the async bindings
/// above; only the host traits differ (their functions block).
pub mod sync {
    wasmtime::component::bindgen!({
        path: "wit",
        world: "php:sockets/host",
        imports: { default: trappable | tracing },
        require_store_data_send: true,
        trappable_error_type: {
            "php:sockets/types.error" => crate::errors::HostError,
        },
        with: {
            "php:sockets/types": crate::bindings::php::sockets::types,
            "php:sockets/sockets.socket": crate::ctx::Sock,
            "php:sockets/sockets.address-info": crate::addrinfo::AddrInfo,
            "php:sockets/events.poller": crate::events::EventPoller,
            "wasi:io": wasmtime_wasi::p2::bindings::io,
        },
    });
}
