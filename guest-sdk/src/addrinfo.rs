//! [`AddressInfo`]: PHP's `AddressInfo` object, one `struct addrinfo` from
//! `socket_addrinfo_lookup`.

use crate::Socket;
use crate::bindings::php::sockets::sockets as wit;
use crate::error::{LookupError, Result};

pub use crate::bindings::php::sockets::types::{AddrinfoAddr, AddrinfoExplained, AddrinfoHints};

/// PHP's `AddressInfo` object: one result of [`socket_addrinfo_lookup`](crate::socket_addrinfo_lookup).
#[derive(Debug)]
#[repr(transparent)]
pub struct AddressInfo(wit::AddressInfo);

impl AddressInfo {
    /// Wraps a raw generated address-info resource.
    pub fn from_raw(raw: wit::AddressInfo) -> Self {
        AddressInfo(raw)
    }

    /// The raw generated address-info resource.
    pub fn as_raw(&self) -> &wit::AddressInfo {
        &self.0
    }

    /// Unwraps the raw generated address-info resource.
    pub fn into_raw(self) -> wit::AddressInfo {
        self.0
    }

    /// `socket_addrinfo_lookup($host, $service, $hints)`: the AF_INET / AF_INET6 results of
    /// `getaddrinfo`. Pass `AddrinfoHints::default()` for PHP's `[]`.
    pub fn lookup(
        host: &str,
        service: Option<&str>,
        hints: AddrinfoHints,
    ) -> core::result::Result<Vec<AddressInfo>, LookupError> {
        let list = wit::addrinfo_lookup(host, service, hints)?;
        Ok(list.into_iter().map(AddressInfo).collect())
    }

    /// `socket_addrinfo_bind($address)`: a new socket bound to this address.
    pub fn bind(&self) -> Result<Socket> {
        Ok(Socket::from_raw(self.0.bind()?))
    }

    /// `socket_addrinfo_connect($address)`: a new socket connected (blocking) to this address.
    pub fn connect(&self) -> Result<Socket> {
        Ok(Socket::from_raw(self.0.connect()?))
    }

    /// `socket_addrinfo_explain($address)`: the fields of the `struct addrinfo`.
    pub fn explain(&self) -> AddrinfoExplained {
        self.0.explain()
    }
}

impl From<wit::AddressInfo> for AddressInfo {
    fn from(raw: wit::AddressInfo) -> Self {
        AddressInfo(raw)
    }
}

/// PHP's `$hints = []`: no key set.
impl Default for AddrinfoHints {
    fn default() -> Self {
        AddrinfoHints {
            ai_flags: None,
            ai_socktype: None,
            ai_protocol: None,
            ai_family: None,
        }
    }
}
