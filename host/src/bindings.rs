//! Host bindings generated from `wit/` (world `php:sockets/host`).

wasmtime::component::bindgen!({
    path: "../wit",
    world: "php:sockets/host",
    imports: { default: async | trappable },
    trappable_error_type: {
        "php:sockets/types.error" => crate::errors::HostError,
    },
    with: {
        "php:sockets/sockets.socket": crate::ctx::Sock,
        "php:sockets/sockets.address-info": crate::addrinfo::AddrInfo,
        "wasi:io": wasmtime_wasi::p2::bindings::io,
    },
});
