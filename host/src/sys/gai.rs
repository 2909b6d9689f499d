//! `getaddrinfo(3)` and `getnameinfo(3)` behind a safe interface. They may block on the
//! resolver: callers run them on a blocking thread unless the lookup is numeric.

use socket2::{SockAddr, SockAddrStorage};
use std::ffi::{CStr, CString};

/// The four `struct addrinfo` hints PHP passes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct GaiHints {
    pub flags: i32,
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
}

/// One AF_INET / AF_INET6 result.
#[derive(Debug)]
pub(crate) struct GaiEntry {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub canonname: Option<String>,
    pub addr: SockAddr,
}

/// `getaddrinfo(host, service, hints)`: at most `max` AF_INET / AF_INET6 results (others are
/// skipped, as PHP skips them), or the `EAI_*` code. A string with a NUL is `EAI_NONAME`.
pub(crate) fn getaddrinfo(
    host: &str,
    service: Option<&str>,
    hints: GaiHints,
    max: usize,
) -> Result<Vec<GaiEntry>, i32> {
    let host = CString::new(host).map_err(|_| libc::EAI_NONAME)?;
    let service = service
        .map(CString::new)
        .transpose()
        .map_err(|_| libc::EAI_SERVICE)?;
    // SAFETY: an all-zero addrinfo is a valid hints value (null pointers, zero fields).
    let mut req: libc::addrinfo = unsafe { std::mem::zeroed() };
    req.ai_flags = hints.flags;
    req.ai_family = hints.family;
    req.ai_socktype = hints.socktype;
    req.ai_protocol = hints.protocol;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: host and service are NUL-terminated, req is a valid hints struct, and list is
    // valid for the write of the result pointer.
    let rc = unsafe {
        libc::getaddrinfo(
            host.as_ptr(),
            service.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
            &req,
            &mut list,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    let mut out = Vec::new();
    let mut node = list;
    while !node.is_null() && out.len() < max {
        // SAFETY: node is an element of the list getaddrinfo returned, not yet freed.
        let ai = unsafe { &*node };
        if let Some(entry) = entry(ai) {
            out.push(entry);
        }
        node = ai.ai_next;
    }
    // SAFETY: list came from a successful getaddrinfo and is freed exactly once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(out)
}

/// glibc's `NI_MAXHOST`: room for any name getnameinfo gives.
const NI_MAXHOST: usize = 1025;

/// `getnameinfo(addr, NI_NAMEREQD)`: the name of an address, or the `EAI_*` code
/// (`EAI_NONAME` for an address without one).
pub(crate) fn getnameinfo(addr: &SockAddr) -> Result<String, i32> {
    let mut host = [0 as libc::c_char; NI_MAXHOST];
    // SAFETY: addr points to addr.len() bytes of a socket address; host is writable for its
    // whole length, within which getnameinfo NUL-terminates the name; no service is asked.
    let rc = unsafe {
        libc::getnameinfo(
            addr.as_ptr().cast::<libc::sockaddr>(),
            addr.len(),
            host.as_mut_ptr(),
            NI_MAXHOST as libc::socklen_t,
            std::ptr::null_mut(),
            0,
            libc::NI_NAMEREQD,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    // SAFETY: on success host holds a NUL-terminated string.
    Ok(unsafe { CStr::from_ptr(host.as_ptr()) }
        .to_string_lossy()
        .into_owned())
}

/// Copies one AF_INET / AF_INET6 result out of glibc's list.
fn entry(ai: &libc::addrinfo) -> Option<GaiEntry> {
    if !matches!(ai.ai_family, libc::AF_INET | libc::AF_INET6) || ai.ai_addr.is_null() {
        return None;
    }
    let mut storage = SockAddrStorage::zeroed();
    let len = (ai.ai_addrlen as usize).min(size_of::<SockAddrStorage>());
    // SAFETY: ai_addr points to ai_addrlen bytes of address; at most the storage's size is
    // copied into the (separate) zeroed storage.
    let addr = unsafe {
        std::ptr::copy_nonoverlapping(
            ai.ai_addr.cast::<u8>(),
            (&raw mut storage).cast::<u8>(),
            len,
        );
        SockAddr::new(storage, len as libc::socklen_t)
    };
    let canonname = (!ai.ai_canonname.is_null()).then(|| {
        // SAFETY: a non-null ai_canonname is a NUL-terminated string owned by the list.
        unsafe { CStr::from_ptr(ai.ai_canonname) }
            .to_string_lossy()
            .into_owned()
    });
    Some(GaiEntry {
        family: ai.ai_family,
        socktype: ai.ai_socktype,
        protocol: ai.ai_protocol,
        canonname,
        addr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_lookups_need_no_resolver() {
        let hints = GaiHints {
            flags: libc::AI_NUMERICHOST,
            family: libc::AF_INET,
            socktype: libc::SOCK_STREAM,
            protocol: 0,
        };
        let found = getaddrinfo("127.0.0.1", Some("80"), hints, 64).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].addr.as_socket(),
            Some("127.0.0.1:80".parse().unwrap())
        );
        assert_eq!(found[0].protocol, libc::IPPROTO_TCP);
        assert_eq!(
            getaddrinfo("not a literal", None, hints, 64).unwrap_err(),
            libc::EAI_NONAME
        );
        assert_eq!(
            getaddrinfo("a\0b", None, hints, 64).unwrap_err(),
            libc::EAI_NONAME
        );
    }
}
