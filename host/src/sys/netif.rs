//! Network interfaces (getifaddrs) and multicast group requests, for socket options.

use std::net::{Ipv4Addr, SocketAddr};

/// Calls `f` with each IPv4 address of the host's interfaces and the interface's index.
fn each_ipv4(mut f: impl FnMut(Ipv4Addr, u32) -> bool) {
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs writes a list head we free below; on failure nothing is allocated.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return;
    }
    let mut cur = list;
    while !cur.is_null() {
        // SAFETY: cur points into the list getifaddrs returned, which stays alive until freed.
        let ifa = unsafe { &*cur };
        cur = ifa.ifa_next;
        if ifa.ifa_addr.is_null() {
            continue;
        }
        // SAFETY: a non-null ifa_addr points to a sockaddr whose family says its real type.
        let family = unsafe { (*ifa.ifa_addr).sa_family };
        if i32::from(family) != libc::AF_INET {
            continue;
        }
        // SAFETY: AF_INET addresses are sockaddr_in; ifa_name is a NUL-terminated string.
        let (addr, index) = unsafe {
            let sin = &*(ifa.ifa_addr as *const libc::sockaddr_in);
            (
                Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)),
                libc::if_nametoindex(ifa.ifa_name),
            )
        };
        if f(addr, index) {
            break;
        }
    }
    // SAFETY: list came from getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(list) };
}

/// The first IPv4 address of interface `index`.
pub(crate) fn ipv4_of_ifindex(index: u32) -> Option<Ipv4Addr> {
    let mut found = None;
    each_ipv4(|addr, i| {
        if i == index {
            found = Some(addr);
        }
        found.is_some()
    });
    found
}

/// The index of the interface that has `addr` (0 when none does).
pub(crate) fn ifindex_of_ipv4(addr: Ipv4Addr) -> u32 {
    let mut found = 0;
    each_ipv4(|a, i| {
        if a == addr {
            found = i;
        }
        found != 0
    });
    found
}

/// `struct group_req` / `struct group_source_req` (RFC 3678) as bytes: the interface index,
/// then each address in a `sockaddr_storage` at its 8-byte-aligned offset.
pub(crate) fn group_request(iface: u32, group: SocketAddr, source: Option<SocketAddr>) -> Vec<u8> {
    const STORAGE: usize = size_of::<libc::sockaddr_storage>();
    let mut out = Vec::with_capacity(8 + 2 * STORAGE);
    out.extend_from_slice(&iface.to_ne_bytes());
    out.extend_from_slice(&[0; 4]);
    for addr in std::iter::once(group).chain(source) {
        let sa = socket2::SockAddr::from(addr);
        let mut storage = [0u8; STORAGE];
        // SAFETY: sa.as_ptr() is valid for sa.len() bytes, which never exceed a sockaddr_storage.
        let bytes =
            unsafe { std::slice::from_raw_parts(sa.as_ptr().cast::<u8>(), sa.len() as usize) };
        storage[..bytes.len()].copy_from_slice(bytes);
        out.extend_from_slice(&storage);
    }
    out
}
