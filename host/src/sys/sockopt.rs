//! `getsockopt` / `setsockopt`, and what option values need: network interfaces (by name,
//! by index, by IPv4 address via getifaddrs) and multicast group requests.

use super::plain::{self, from_bytes};
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::{AsRawFd, BorrowedFd};

/// `getsockopt` of an int-sized (or smaller) option; returns the value and the kernel's length.
pub(crate) fn getsockopt_int(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
) -> io::Result<(i32, usize)> {
    let mut val: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: val and len are valid for writes; the kernel writes at most len bytes.
    syscall!(unsafe {
        libc::getsockopt(fd.as_raw_fd(), level, name, (&raw mut val).cast(), &mut len)
    })?;
    Ok((val, len as usize))
}

/// `setsockopt` with a plain byte buffer (ints, structs and strings, already laid out).
pub(crate) fn setsockopt_bytes(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
    value: &[u8],
) -> io::Result<()> {
    // SAFETY: value is valid for reads of value.len() bytes.
    syscall!(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            value.as_ptr().cast(),
            value.len() as libc::socklen_t,
        )
    })?;
    Ok(())
}

/// `getsockopt` of an option whose value is a plain libc struct.
pub(crate) fn getsockopt_plain<T: plain::Plain>(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
) -> io::Result<T> {
    Ok(from_bytes(&getsockopt_bytes(
        fd,
        level,
        name,
        size_of::<T>(),
    )?))
}

/// `getsockopt` into a byte buffer; returns the bytes the kernel wrote.
pub(crate) fn getsockopt_bytes(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
    cap: usize,
) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; cap];
    let mut len = cap as libc::socklen_t;
    // SAFETY: buf is valid for writes of len bytes; the kernel updates len to what it wrote.
    syscall!(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    })?;
    buf.truncate(len as usize);
    Ok(buf)
}

/// The kernel's SO_RCVTIMEO / SO_SNDTIMEO as it holds it: `None` for no timeout (the kernel
/// reports "forever" as zero).
pub(crate) fn timeout_of(
    fd: BorrowedFd<'_>,
    option: i32,
) -> io::Result<Option<std::time::Duration>> {
    let tv: libc::timeval = getsockopt_plain(fd, libc::SOL_SOCKET, option)?;
    let secs = u64::try_from(tv.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(tv.tv_usec.clamp(0, 999_999)).unwrap_or(0) * 1000;
    Ok((secs > 0 || nanos > 0).then(|| std::time::Duration::new(secs, nanos)))
}

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

/// The IPv4 address of interface `index` as PHP finds it for `IP_MULTICAST_IF`
/// (`php_if_index_to_addr4`): `SIOCGIFNAME`, then `SIOCGIFADDR`, both on the guest's own
/// socket, so a failure is the kernel's errno for that socket (`ENODEV` for no such
/// interface, `ENOTTY` on a socket that is not AF_INET, `EADDRNOTAVAIL` for an interface
/// without an IPv4 address). Both requests only read.
pub(crate) fn ipv4_of_interface(fd: BorrowedFd<'_>, index: u32) -> io::Result<Ipv4Addr> {
    // SAFETY: ifreq is plain data, for which all zeroes is a valid value.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    req.ifr_ifru.ifru_ifindex = index as libc::c_int;
    // SAFETY: both requests read and write one ifreq, which the pointer is valid for.
    syscall!(unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCGIFNAME, &mut req) })?;
    // SAFETY: as above.
    syscall!(unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCGIFADDR, &mut req) })?;
    // SAFETY: SIOCGIFADDR filled ifru_addr with an AF_INET address (a sockaddr_in, which has
    // the size of a sockaddr); read unaligned, since a union field promises no alignment.
    let sin: libc::sockaddr_in =
        unsafe { std::ptr::read_unaligned((&raw const req.ifr_ifru.ifru_addr).cast()) };
    Ok(Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)))
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

/// `struct group_req` / `struct group_source_req` (RFC 3678) as bytes, at libc's offsets: the
/// interface index, then each address in a `sockaddr_storage` (the padding between stays zero).
pub(crate) fn group_request(iface: u32, group: SocketAddr, source: Option<SocketAddr>) -> Vec<u8> {
    use std::mem::offset_of;
    let (size, interface, at) = match source {
        None => (
            size_of::<libc::group_req>(),
            offset_of!(libc::group_req, gr_interface),
            [offset_of!(libc::group_req, gr_group), 0],
        ),
        Some(_) => (
            size_of::<libc::group_source_req>(),
            offset_of!(libc::group_source_req, gsr_interface),
            [
                offset_of!(libc::group_source_req, gsr_group),
                offset_of!(libc::group_source_req, gsr_source),
            ],
        ),
    };
    let mut out = vec![0u8; size];
    out[interface..interface + 4].copy_from_slice(&iface.to_ne_bytes());
    for (addr, at) in std::iter::once(group).chain(source).zip(at) {
        let sa = socket2::SockAddr::from(addr);
        // SAFETY: sa.as_ptr() is valid for sa.len() bytes, which never exceed a sockaddr_storage.
        let bytes =
            unsafe { std::slice::from_raw_parts(sa.as_ptr().cast::<u8>(), sa.len() as usize) };
        out[at..at + bytes.len()].copy_from_slice(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_request;
    use std::mem::MaybeUninit;
    use std::net::SocketAddr;

    /// The bytes of a libc struct built field by field in zeroed memory (padding stays zero).
    fn bytes_of_zeroed<T>(fill: impl FnOnce(*mut T)) -> Vec<u8> {
        let mut value = MaybeUninit::<T>::zeroed();
        fill(value.as_mut_ptr());
        // SAFETY: zeroed storage, fields written through raw pointers: every byte initialised.
        unsafe { std::slice::from_raw_parts(value.as_ptr().cast::<u8>(), size_of::<T>()) }.to_vec()
    }

    fn storage(addr: SocketAddr) -> libc::sockaddr_storage {
        let sa = socket2::SockAddr::from(addr);
        // SAFETY: a SockAddr's storage is a valid sockaddr_storage.
        unsafe { std::ptr::read(sa.as_ptr().cast::<libc::sockaddr_storage>()) }
    }

    #[test]
    fn group_requests_are_libcs_structs() {
        let group: SocketAddr = "[ff02::fb]:0".parse().unwrap();
        let source: SocketAddr = "192.0.2.1:0".parse().unwrap();
        // SAFETY: p points to a zeroed group_req, written field by field.
        let req = bytes_of_zeroed::<libc::group_req>(|p| unsafe {
            (&raw mut (*p).gr_interface).write(7);
            (&raw mut (*p).gr_group).write(storage(group));
        });
        assert_eq!(group_request(7, group, None), req);
        // SAFETY: p points to a zeroed group_source_req, written field by field.
        let with_source = bytes_of_zeroed::<libc::group_source_req>(|p| unsafe {
            (&raw mut (*p).gsr_interface).write(9);
            (&raw mut (*p).gsr_group).write(storage(group));
            (&raw mut (*p).gsr_source).write(storage(source));
        });
        assert_eq!(group_request(9, group, Some(source)), with_source);
    }
}
