//! The raw bindings wit-bindgen generates for the `php:sockets/guest` world.
//!
//! Everything in the SDK is built on these. Reach for them when the SDK's types get in the way,
//! for example to pass a handle to code that uses the raw resources; [`Socket::as_raw`],
//! [`Socket::into_raw`] and [`Socket::from_raw`] convert between the two.
//!
//! The `wasi:io` streams returned by `socket_export_stream` are generated here too
//! ([`wasi::io::streams`]); they are distinct Rust types from those of the `wasi` crate, but the
//! same component-model handles (convert with `take_handle` / `from_handle`).
//!
//! [`Socket::as_raw`]: crate::Socket::as_raw
//! [`Socket::into_raw`]: crate::Socket::into_raw
//! [`Socket::from_raw`]: crate::Socket::from_raw

wit_bindgen::generate!({
    path: "wit",
    world: "php:sockets/guest",
    generate_all,
    // Value types compare by value; types that hold resources cannot.
    additional_derives: [PartialEq, Eq],
    additional_derives_ignore: ["received-message", "stream-error"],
});
