//! Which socket options a guest may use without `allow-privileged-options`: an allow-list of
//! what an unprivileged Linux process may do, value by value where the kernel checks values.
//!
//! The host may run as root; the kernel would then grant `CAP_NET_ADMIN` / `CAP_NET_RAW`
//! options to any guest. Everything not listed here — unknown options included — needs the
//! privileged rule; listed options whose kernel check depends on the value are checked here
//! the way the kernel checks an unprivileged caller.

use super::{Denial, Operation, Policy};

/// What the kernel lets an unprivileged process do with one option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Set and get.
    Free,
    /// Get only; the kernel refuses to set it (ENOPROTOOPT / EINVAL) for everyone.
    GetOnly,
    /// `SO_PRIORITY`: 0..=6 without privileges.
    Priority,
    /// `TCP_CONGESTION`: the names in `tcp_allowed_congestion_control` only.
    Congestion,
    /// Needs privileges: the errno an unprivileged process gets. The privileged rule allows it.
    Privileged(i32),
    /// Never, whatever the rules: the kernel would install a descriptor in the host
    /// (`SO_PEERPIDFD`, `SO_PASSPIDFD`) or take a number as one of the host's descriptors
    /// (`SO_ATTACH_BPF`). Refused as an option the kernel does not know.
    Never,
}

/// `SO_PASSPIDFD` and `SO_PEERPIDFD` (Linux 6.5).
const SO_PASSPIDFD: i32 = 76;
const SO_PEERPIDFD: i32 = 77;

use libc::SOL_SOCKET as SOCKET;
use libc::{IPPROTO_IP as IP, IPPROTO_IPV6 as IP6, IPPROTO_TCP as TCP, IPPROTO_UDP as UDP};

/// Options PHP's constants name or that PHP code commonly sets, by (level, option).
const TABLE: &[(i32, i32, Access)] = &[
    (SOCKET, libc::SO_DEBUG, Access::Privileged(libc::EACCES)),
    (SOCKET, libc::SO_REUSEADDR, Access::Free),
    (SOCKET, libc::SO_TYPE, Access::GetOnly),
    (SOCKET, libc::SO_ERROR, Access::GetOnly),
    (SOCKET, libc::SO_DONTROUTE, Access::Free),
    (SOCKET, libc::SO_BROADCAST, Access::Free),
    (SOCKET, libc::SO_SNDBUF, Access::Free),
    (SOCKET, libc::SO_RCVBUF, Access::Free),
    (
        SOCKET,
        libc::SO_SNDBUFFORCE,
        Access::Privileged(libc::EPERM),
    ),
    (
        SOCKET,
        libc::SO_RCVBUFFORCE,
        Access::Privileged(libc::EPERM),
    ),
    (SOCKET, libc::SO_KEEPALIVE, Access::Free),
    (SOCKET, libc::SO_OOBINLINE, Access::Free),
    (SOCKET, libc::SO_NO_CHECK, Access::Free),
    (SOCKET, libc::SO_PRIORITY, Access::Priority),
    (SOCKET, libc::SO_LINGER, Access::Free),
    (SOCKET, libc::SO_REUSEPORT, Access::Free),
    (SOCKET, libc::SO_PASSCRED, Access::Free),
    (SOCKET, libc::SO_PEERCRED, Access::GetOnly),
    (SOCKET, libc::SO_RCVLOWAT, Access::Free),
    (SOCKET, libc::SO_SNDLOWAT, Access::Free),
    (SOCKET, libc::SO_RCVTIMEO, Access::Free),
    (SOCKET, libc::SO_SNDTIMEO, Access::Free),
    (
        SOCKET,
        libc::SO_BINDTODEVICE,
        Access::Privileged(libc::EPERM),
    ),
    (
        SOCKET,
        libc::SO_BINDTOIFINDEX,
        Access::Privileged(libc::EPERM),
    ),
    (
        SOCKET,
        libc::SO_ATTACH_FILTER,
        Access::Privileged(libc::EPERM),
    ),
    (SOCKET, libc::SO_DETACH_FILTER, Access::Free),
    (SOCKET, libc::SO_ATTACH_BPF, Access::Never),
    (
        SOCKET,
        libc::SO_ATTACH_REUSEPORT_CBPF,
        Access::Privileged(libc::EPERM),
    ),
    (SOCKET, libc::SO_ATTACH_REUSEPORT_EBPF, Access::Never),
    (SOCKET, SO_PASSPIDFD, Access::Never),
    (SOCKET, SO_PEERPIDFD, Access::Never),
    (SOCKET, libc::SO_DETACH_REUSEPORT_BPF, Access::Free),
    (SOCKET, libc::SO_LOCK_FILTER, Access::Free),
    (SOCKET, libc::SO_PEERNAME, Access::GetOnly),
    (SOCKET, libc::SO_TIMESTAMP, Access::Free),
    (SOCKET, libc::SO_TIMESTAMPNS, Access::Free),
    (SOCKET, libc::SO_TIMESTAMPING, Access::Free),
    (SOCKET, libc::SO_ACCEPTCONN, Access::GetOnly),
    (SOCKET, libc::SO_PROTOCOL, Access::GetOnly),
    (SOCKET, libc::SO_DOMAIN, Access::GetOnly),
    (SOCKET, libc::SO_MARK, Access::Privileged(libc::EPERM)),
    (SOCKET, libc::SO_RXQ_OVFL, Access::Free),
    (SOCKET, libc::SO_PEEK_OFF, Access::Free),
    (SOCKET, libc::SO_SELECT_ERR_QUEUE, Access::Free),
    // Linux 6.x lets anyone raise it (the busy wait is bounded per call).
    (SOCKET, libc::SO_BUSY_POLL, Access::Free),
    (SOCKET, libc::SO_MAX_PACING_RATE, Access::Free),
    (SOCKET, libc::SO_BPF_EXTENSIONS, Access::GetOnly),
    (SOCKET, libc::SO_INCOMING_CPU, Access::Free),
    (SOCKET, libc::SO_INCOMING_NAPI_ID, Access::GetOnly),
    (SOCKET, libc::SO_COOKIE, Access::GetOnly),
    (SOCKET, libc::SO_MEMINFO, Access::GetOnly),
    (SOCKET, libc::SO_ZEROCOPY, Access::Free),
    (IP, libc::IP_TOS, Access::Free),
    (IP, libc::IP_TTL, Access::Free),
    (IP, libc::IP_HDRINCL, Access::Free),
    (IP, libc::IP_RECVOPTS, Access::Free),
    (IP, libc::IP_RETOPTS, Access::Free),
    (IP, libc::IP_PKTINFO, Access::Free),
    (IP, libc::IP_MTU_DISCOVER, Access::Free),
    (IP, libc::IP_RECVERR, Access::Free),
    (IP, libc::IP_RECVTTL, Access::Free),
    (IP, libc::IP_RECVTOS, Access::Free),
    (IP, libc::IP_MTU, Access::GetOnly),
    (IP, libc::IP_FREEBIND, Access::Free),
    (IP, libc::IP_TRANSPARENT, Access::Privileged(libc::EPERM)),
    (IP, libc::IP_BIND_ADDRESS_NO_PORT, Access::Free),
    (IP, libc::IP_ORIGDSTADDR, Access::Free),
    (IP, libc::IP_MINTTL, Access::Free),
    (IP, libc::IP_CHECKSUM, Access::Free),
    (IP, libc::IP_PASSSEC, Access::Free),
    (IP, libc::IP_RECVFRAGSIZE, Access::Free),
    (IP, libc::IP_MULTICAST_IF, Access::Free),
    (IP, libc::IP_MULTICAST_TTL, Access::Free),
    (IP, libc::IP_MULTICAST_LOOP, Access::Free),
    (IP, libc::IP_ADD_MEMBERSHIP, Access::Free),
    (IP, libc::IP_DROP_MEMBERSHIP, Access::Free),
    (IP, libc::IP_MULTICAST_ALL, Access::Free),
    (IP, libc::MCAST_JOIN_GROUP, Access::Free),
    (IP, libc::MCAST_LEAVE_GROUP, Access::Free),
    (IP, libc::MCAST_BLOCK_SOURCE, Access::Free),
    (IP, libc::MCAST_UNBLOCK_SOURCE, Access::Free),
    (IP, libc::MCAST_JOIN_SOURCE_GROUP, Access::Free),
    (IP, libc::MCAST_LEAVE_SOURCE_GROUP, Access::Free),
    (IP6, libc::IPV6_UNICAST_HOPS, Access::Free),
    (IP6, libc::IPV6_MULTICAST_IF, Access::Free),
    (IP6, libc::IPV6_MULTICAST_HOPS, Access::Free),
    (IP6, libc::IPV6_MULTICAST_LOOP, Access::Free),
    (IP6, libc::IPV6_ADD_MEMBERSHIP, Access::Free),
    (IP6, libc::IPV6_DROP_MEMBERSHIP, Access::Free),
    (IP6, libc::IPV6_MTU_DISCOVER, Access::Free),
    (IP6, libc::IPV6_MTU, Access::GetOnly),
    (IP6, libc::IPV6_RECVERR, Access::Free),
    (IP6, libc::IPV6_V6ONLY, Access::Free),
    (IP6, libc::IPV6_MULTICAST_ALL, Access::Free),
    (IP6, libc::IPV6_RECVPKTINFO, Access::Free),
    (IP6, libc::IPV6_PKTINFO, Access::Free),
    (IP6, libc::IPV6_RECVHOPLIMIT, Access::Free),
    (IP6, libc::IPV6_HOPLIMIT, Access::Free),
    (IP6, libc::IPV6_RECVTCLASS, Access::Free),
    (IP6, libc::IPV6_TCLASS, Access::Free),
    (IP6, libc::IPV6_DONTFRAG, Access::Free),
    (IP6, libc::IPV6_RECVPATHMTU, Access::Free),
    (IP6, libc::IPV6_PATHMTU, Access::GetOnly),
    (IP6, libc::IPV6_AUTOFLOWLABEL, Access::Free),
    (IP6, libc::IPV6_TRANSPARENT, Access::Privileged(libc::EPERM)),
    (IP6, libc::IPV6_FLOWINFO, Access::Free),
    (IP6, libc::IPV6_RECVHOPOPTS, Access::Free),
    (IP6, libc::IPV6_RECVRTHDR, Access::Free),
    (IP6, libc::IPV6_RECVDSTOPTS, Access::Free),
    (IP6, libc::IPV6_ADDR_PREFERENCES, Access::Free),
    (IP6, libc::IPV6_MINHOPCOUNT, Access::Free),
    (IP6, libc::IPV6_ORIGDSTADDR, Access::Free),
    (IP6, libc::IPV6_RECVFRAGSIZE, Access::Free),
    (IP6, libc::IPV6_FREEBIND, Access::Free),
    (IP6, libc::MCAST_JOIN_GROUP, Access::Free),
    (IP6, libc::MCAST_LEAVE_GROUP, Access::Free),
    (IP6, libc::MCAST_BLOCK_SOURCE, Access::Free),
    (IP6, libc::MCAST_UNBLOCK_SOURCE, Access::Free),
    (IP6, libc::MCAST_JOIN_SOURCE_GROUP, Access::Free),
    (IP6, libc::MCAST_LEAVE_SOURCE_GROUP, Access::Free),
    (TCP, libc::TCP_NODELAY, Access::Free),
    (TCP, libc::TCP_MAXSEG, Access::Free),
    (TCP, libc::TCP_CORK, Access::Free),
    (TCP, libc::TCP_KEEPIDLE, Access::Free),
    (TCP, libc::TCP_KEEPINTVL, Access::Free),
    (TCP, libc::TCP_KEEPCNT, Access::Free),
    (TCP, libc::TCP_SYNCNT, Access::Free),
    (TCP, libc::TCP_LINGER2, Access::Free),
    (TCP, libc::TCP_DEFER_ACCEPT, Access::Free),
    (TCP, libc::TCP_WINDOW_CLAMP, Access::Free),
    (TCP, libc::TCP_INFO, Access::GetOnly),
    (TCP, libc::TCP_QUICKACK, Access::Free),
    (TCP, libc::TCP_CONGESTION, Access::Congestion),
    (TCP, libc::TCP_THIN_LINEAR_TIMEOUTS, Access::Free),
    (TCP, libc::TCP_THIN_DUPACK, Access::Free),
    (TCP, libc::TCP_USER_TIMEOUT, Access::Free),
    (TCP, libc::TCP_REPAIR, Access::Privileged(libc::EPERM)),
    (TCP, libc::TCP_FASTOPEN, Access::Free),
    (TCP, libc::TCP_NOTSENT_LOWAT, Access::Free),
    (TCP, libc::TCP_FASTOPEN_CONNECT, Access::Free),
    (TCP, libc::TCP_INQ, Access::Free),
    (UDP, libc::UDP_CORK, Access::Free),
    (UDP, libc::UDP_SEGMENT, Access::Free),
    (UDP, libc::UDP_GRO, Access::Free),
];

/// What an unprivileged process may do with `(level, option)`. Options off the list are
/// treated as privileged; the kernel's answer for an option it does not know is ENOPROTOOPT.
/// Levels other than these five reach no option on the sockets a guest may create (the kernel
/// refuses them, with its own errno), so the kernel answers for them.
pub(crate) fn access(level: i32, option: i32) -> Access {
    if ![SOCKET, IP, IP6, TCP, UDP].contains(&level) {
        return Access::Free;
    }
    TABLE
        .iter()
        .find(|&&(l, o, _)| (l, o) == (level, option))
        .map_or(Access::Privileged(libc::ENOPROTOOPT), |&(_, _, a)| a)
}

/// Whether an unprivileged process may select congestion control `name`: it must be one the
/// host allows everyone (`net.ipv4.tcp_allowed_congestion_control`). Otherwise the errno an
/// unprivileged process gets: EPERM for an algorithm the kernel has, ENOENT for one it has not
/// (the host is never asked to load a module for it).
pub(crate) fn congestion_refusal(name: &str) -> Option<i32> {
    // No name at all is the kernel's to refuse (EINVAL), as PHP passes it.
    if name.is_empty() {
        return None;
    }
    let listed = |file: &str| {
        std::fs::read_to_string(format!("/proc/sys/net/ipv4/{file}"))
            .is_ok_and(|list| list.split_whitespace().any(|n| n == name))
    };
    if listed("tcp_allowed_congestion_control") {
        None
    } else if listed("tcp_available_congestion_control") {
        Some(libc::EPERM)
    } else {
        Some(libc::ENOENT)
    }
}

impl Policy {
    /// Whether options beyond what an unprivileged process may set are allowed.
    pub fn allows_privileged_options(&self) -> bool {
        self.privileged_options
    }

    /// The denial of a privileged socket option.
    pub fn privileged_option_denial(&self, level: i32, option: i32) -> Denial {
        Denial {
            operation: Operation::PrivilegedOption,
            target: format!("level {level} option {option}"),
            rule: None,
            by_embedder_check: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_one_entry_per_option() {
        for (i, a) in TABLE.iter().enumerate() {
            assert!(
                TABLE[i + 1..].iter().all(|b| (a.0, a.1) != (b.0, b.1)),
                "({}, {}) listed twice",
                a.0,
                a.1
            );
        }
    }

    #[test]
    fn unknown_and_fd_producing_options_are_privileged() {
        // The kernel would install pidfds in the host, or read a host descriptor number.
        for option in [SO_PASSPIDFD, SO_PEERPIDFD, libc::SO_ATTACH_BPF] {
            assert_eq!(access(SOCKET, option), Access::Never);
        }
        assert_eq!(access(SOCKET, 9999), Access::Privileged(libc::ENOPROTOOPT));
        assert_eq!(
            access(SOCKET, libc::SO_RCVBUFFORCE),
            Access::Privileged(libc::EPERM)
        );
        assert_eq!(access(TCP, libc::TCP_NODELAY), Access::Free);
    }
}
