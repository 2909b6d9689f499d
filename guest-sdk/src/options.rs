//! Typed `socket_get_option` / `socket_set_option` values.

pub use crate::bindings::php::sockets::types::{
    Iface, Linger, McastRequest, Meminfo, OptionValue, Pktinfo, Timeval,
};

impl OptionValue {
    /// The integer of an [`OptionValue::Int`] (what `socket_get_option` returns for most
    /// options); `None` for the array and string shapes.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            OptionValue::Int(value) => Some(*value),
            _ => None,
        }
    }
}

/// A generic integer option (`SO_REUSEADDR`, `TCP_NODELAY`, `SO_RCVBUF`, ...).
impl From<i64> for OptionValue {
    fn from(value: i64) -> Self {
        OptionValue::Int(value)
    }
}

/// An integer option from a boolean, as PHP's `(int)` converts it (1 or 0).
impl From<bool> for OptionValue {
    fn from(value: bool) -> Self {
        OptionValue::Int(value.into())
    }
}

/// `SO_LINGER`.
impl From<Linger> for OptionValue {
    fn from(value: Linger) -> Self {
        OptionValue::Linger(value)
    }
}

/// `SO_RCVTIMEO` / `SO_SNDTIMEO`.
impl From<Timeval> for OptionValue {
    fn from(value: Timeval) -> Self {
        OptionValue::Timeval(value)
    }
}

/// `MCAST_*` group requests.
impl From<McastRequest> for OptionValue {
    fn from(value: McastRequest) -> Self {
        OptionValue::Mcast(value)
    }
}

/// `IP_MULTICAST_IF` / `IPV6_MULTICAST_IF`.
impl From<Iface> for OptionValue {
    fn from(value: Iface) -> Self {
        OptionValue::Interface(value)
    }
}

/// `IPV6_PKTINFO`.
impl From<Pktinfo> for OptionValue {
    fn from(value: Pktinfo) -> Self {
        OptionValue::Pktinfo(value)
    }
}

/// A string option (`SO_BINDTODEVICE`, `TCP_CONGESTION`).
impl From<String> for OptionValue {
    fn from(value: String) -> Self {
        OptionValue::Text(value)
    }
}

/// A string option (`SO_BINDTODEVICE`, `TCP_CONGESTION`).
impl From<&str> for OptionValue {
    fn from(value: &str) -> Self {
        OptionValue::Text(value.to_owned())
    }
}
