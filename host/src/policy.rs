//! The capability policy: deny by default, allow rules for what a guest may reach, and every
//! step that decides it.
//!
//! Every path of the host that touches the network or the filesystem asks this module first,
//! before its syscall: a guest's address is read here exactly as the kernel will read it
//! (`resolve`: PHP's address text, names looked up under their rule, AF_UNIX bytes cut where
//! the kernel cuts them), then checked (`permit`: the rule for its use, the embedder's check,
//! an AF_UNIX path pinned to what was checked), and native addresses are shown back here as
//! PHP shows them (a pinned name as the guest gave it). A denial is logged (`tracing`, target
//! `sockbox::policy`) with the flag that would have allowed it, counted, and turned into the
//! errno a native call would give.
//!
//! So every PHP function's path is its own module, this file and its syscall
//! (docs/api-map.md). Two parts live beside it: how a policy is written (builders, rule
//! syntax: `policy/grants.rs`) and the socket options an unprivileged process may use
//! (`policy/socket_options.rs`).

mod grants;
pub(crate) mod socket_options;

pub use grants::{NetRule, PolicyError};

use crate::bindings::php::sockets::types::SockName;
use crate::check::CheckTarget;
use crate::ctx::SocketsCtx;
use crate::errors::{HostError, HostResult, errno};
use socket2::SockAddr;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// What a guest asked for, as the policy sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// TCP connect, UDP connect, and every datagram destination (sendto).
    Connect,
    /// bind, and listen on the bound address.
    Bind,
    /// A connection accepted from a peer.
    Accept,
    /// An AF_UNIX path or abstract name (bind, connect, sendto).
    Unix,
    /// An abstract AF_UNIX name (bind, connect, sendto, sendmsg).
    AbstractName,
    /// Sockets arriving with SCM_RIGHTS.
    ReceiveSockets,
    /// A host-name lookup.
    Lookup,
    /// A privileged socket option.
    PrivilegedOption,
    /// A `SOCK_RAW` socket.
    RawSocket,
    /// A `SOCK_SEQPACKET` socket.
    SeqpacketSocket,
    /// A socket kind (domain, type, protocol) off the allow-list: packet sockets, SCTP, ping
    /// sockets and the like. No rule allows these.
    SocketKind,
}

impl Operation {
    /// Whether this kind is allowed by an on/off rule rather than by a list of targets.
    fn is_switch(self) -> bool {
        matches!(
            self,
            Operation::ReceiveSockets
                | Operation::PrivilegedOption
                | Operation::RawSocket
                | Operation::SeqpacketSocket
        )
    }

    /// The rule that allows this kind of operation: the CLI flag without its dashes and the
    /// policy-file key; `None` where no rule can allow it.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Operation::Connect => Some("allow-connect"),
            Operation::Bind => Some("allow-bind"),
            Operation::Accept => Some("allow-accept"),
            Operation::Unix => Some("allow-unix"),
            Operation::AbstractName => Some("allow-abstract"),
            Operation::ReceiveSockets => Some("allow-receive-sockets"),
            Operation::Lookup => Some("allow-lookup"),
            Operation::PrivilegedOption => Some("allow-privileged-options"),
            Operation::RawSocket => Some("allow-raw"),
            Operation::SeqpacketSocket => Some("allow-seqpacket"),
            Operation::SocketKind => None,
        }
    }
}

/// A denied operation: what was asked and the rule that would have allowed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// The kind of operation.
    pub operation: Operation,
    /// What the guest asked for (`127.0.0.1:80`, a path, a name).
    pub target: String,
    /// The narrowest rule value that would allow it (`127.0.0.1:80`, a directory), if any.
    pub rule: Option<String>,
    /// Refused by the embedder's check ([`SocketsCtx::with_check`](crate::SocketsCtx::with_check))
    /// after the policy allowed it.
    pub by_embedder_check: bool,
}

impl Denial {
    /// A refusal by the embedder's check of what the policy allowed.
    pub(crate) fn by_embedder(operation: Operation, target: String) -> Self {
        Denial {
            operation,
            target,
            rule: None,
            by_embedder_check: true,
        }
    }

    /// How to allow it: the CLI flag and the policy-file line.
    pub fn advice(&self) -> String {
        if self.by_embedder_check {
            return "refused by the embedder's check (the policy allows it)".into();
        }
        match (self.operation.key(), &self.rule) {
            (Some(key), Some(rule)) => {
                format!("allow with --{key} {rule} (policy file: {key} = [\"{rule}\"])")
            }
            (Some(key), None) if self.operation.is_switch() => {
                format!("allow with --{key} (policy file: {key} = true)")
            }
            _ => "no rule can allow this".into(),
        }
    }
}

/// `SOCK_PACKET`, which Linux turns into a packet socket (`AF_PACKET`) on AF_INET.
const SOCK_PACKET: i32 = 10;

/// The policy's answer for a socket kind ([`Policy::check_socket`]).
#[derive(Debug)]
pub enum SocketCheck {
    /// On the allow-list.
    Allowed,
    /// Refused before the kernel is asked, with the errno an unprivileged process gets.
    Denied(Denial, i32),
    /// Off the allow-list: refused, but only after the kernel had its say (a kind the kernel
    /// refuses fails with the kernel's errno, as natively).
    KernelDecides(Denial),
}

/// Why an AF_UNIX address was refused ([`Policy::check_unix`]).
#[derive(Debug)]
pub enum UnixRefusal {
    /// The policy does not allow it.
    Denied(Denial),
    /// The address lies inside an allowed directory but the kernel would refuse it anyway
    /// (a missing directory: ENOENT, a file in the way: ENOTDIR): the native errno.
    Native(i32),
}

/// A set of allow rules. The default policy denies everything.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    connect: Vec<NetRule>,
    bind: Vec<NetRule>,
    accept: Vec<NetRule>,
    unix_dirs: Vec<PathBuf>,
    abstract_names: Vec<String>,
    receive_sockets: bool,
    seqpacket: bool,
    privileged_options: bool,
    lookups: Vec<String>,
    all_network: bool,
    raw: bool,
}

impl NetRule {
    /// Whether the rule allows `addr` (its address in one of the rule's networks, its port in
    /// the rule's range).
    fn matches(&self, addr: &SocketAddr) -> bool {
        (self.ports.0..=self.ports.1).contains(&addr.port())
            && self.nets.iter().any(|n| n.contains(&addr.ip()))
    }
}

impl Policy {
    /// Checks sockets arriving with SCM_RIGHTS.
    pub fn check_receive_sockets(&self) -> Result<(), Denial> {
        if self.receive_sockets {
            return Ok(());
        }
        Err(Denial {
            operation: Operation::ReceiveSockets,
            target: "SCM_RIGHTS".into(),
            rule: None,
            by_embedder_check: false,
        })
    }

    /// Checks a socket kind: `ty` without `SOCK_NONBLOCK` / `SOCK_CLOEXEC`.
    ///
    /// An allow-list of what the policy understands: TCP and UDP over IPv4 and IPv6, AF_UNIX
    /// stream, datagram (and `SOCK_RAW`, which Linux makes a datagram socket) and, with its rule,
    /// seqpacket sockets, and raw IP sockets with theirs. Kinds that would use the host's
    /// privileges are refused before the kernel sees them (EPERM, what an unprivileged process
    /// gets); any other kind is left to the kernel to refuse with its own errno, and refused here
    /// if the kernel would make it.
    pub fn check_socket(&self, domain: i32, ty: i32, protocol: i32) -> SocketCheck {
        let denial = |operation, what: &str| Denial {
            operation,
            target: format!("{what} socket (domain {domain}, type {ty}, protocol {protocol})"),
            rule: None,
            by_embedder_check: false,
        };
        let ip = matches!(domain, libc::AF_INET | libc::AF_INET6);
        match (ty, protocol) {
            (libc::SOCK_STREAM, 0 | libc::IPPROTO_TCP) if ip => SocketCheck::Allowed,
            (libc::SOCK_DGRAM, 0 | libc::IPPROTO_UDP) if ip => SocketCheck::Allowed,
            // Protocol 0 names no raw protocol: the kernel refuses it before any privilege check.
            (libc::SOCK_RAW, p) if ip && p != 0 => match self.raw {
                true => SocketCheck::Allowed,
                false => SocketCheck::Denied(denial(Operation::RawSocket, "raw"), libc::EPERM),
            },
            (SOCK_PACKET, _) if domain == libc::AF_INET => {
                SocketCheck::Denied(denial(Operation::SocketKind, "packet"), libc::EPERM)
            }
            (libc::SOCK_STREAM | libc::SOCK_DGRAM | libc::SOCK_RAW, 0 | libc::PF_UNIX)
                if domain == libc::AF_UNIX =>
            {
                SocketCheck::Allowed
            }
            (libc::SOCK_SEQPACKET, 0 | libc::PF_UNIX) if domain == libc::AF_UNIX => {
                match self.seqpacket {
                    true => SocketCheck::Allowed,
                    false => SocketCheck::Denied(
                        denial(Operation::SeqpacketSocket, "seqpacket"),
                        libc::EPERM,
                    ),
                }
            }
            _ => SocketCheck::KernelDecides(denial(Operation::SocketKind, "unlisted")),
        }
    }

    /// Checks a connect target or datagram destination, sent from a socket bound to `bound`
    /// (if it is bound): an unspecified destination reaches what Linux makes of it.
    pub fn check_connect(&self, addr: SocketAddr, bound: Option<SocketAddr>) -> Result<(), Denial> {
        let addr = normalize_connect(addr, bound);
        if self.all_network || self.connect.iter().any(|r| r.matches(&addr)) {
            return Ok(());
        }
        Err(Denial {
            operation: Operation::Connect,
            target: addr.to_string(),
            rule: Some(rule_text(&addr)),
            by_embedder_check: false,
        })
    }

    /// Checks a bind (or the address a listen would use).
    pub fn check_bind(&self, addr: SocketAddr) -> Result<(), Denial> {
        let addr = normalize(addr);
        if self.all_network || self.bind.iter().any(|r| r.matches(&addr)) {
            return Ok(());
        }
        Err(Denial {
            operation: Operation::Bind,
            target: addr.to_string(),
            rule: Some(rule_text(&addr)),
            by_embedder_check: false,
        })
    }

    /// Checks a bind on a socket that may be dual-stack: `[::]` on an IPv6 socket without
    /// `IPV6_V6ONLY` also takes the IPv4 port, so it needs both `[::]` and `0.0.0.0` rules.
    pub fn check_bind_socket(&self, addr: SocketAddr, dual_stack: bool) -> Result<(), Denial> {
        self.check_bind(addr)?;
        match addr.ip() {
            IpAddr::V6(ip) if ip.is_unspecified() && dual_stack => {
                self.check_bind(SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), addr.port()))
            }
            _ => Ok(()),
        }
    }

    /// Checks a peer a listening socket accepted.
    pub fn check_accept(&self, peer: SocketAddr) -> Result<(), Denial> {
        let peer = normalize(peer);
        if self.accept.is_empty() || self.accept.iter().any(|r| r.matches(&peer)) {
            return Ok(());
        }
        Err(Denial {
            operation: Operation::Accept,
            target: peer.to_string(),
            rule: Some(rule_text(&peer)),
            by_embedder_check: false,
        })
    }

    /// Checks a host-name lookup.
    pub fn check_lookup(&self, name: &str) -> Result<(), Denial> {
        let lower = name.to_ascii_lowercase();
        if self.all_network
            || self
                .lookups
                .iter()
                .any(|g| glob_match(g.as_bytes(), lower.as_bytes()))
        {
            return Ok(());
        }
        Err(Denial {
            operation: Operation::Lookup,
            target: name.to_string(),
            rule: Some(name.to_string()),
            by_embedder_check: false,
        })
    }

    /// Checks an AF_UNIX address, given as the bytes the kernel will use (see
    /// `kernel_unix_bytes`): a filesystem path whose real parent directory (and real
    /// target, if it already exists) lies inside an allowed directory, or an abstract name
    /// (leading NUL) that an abstract rule matches.
    pub fn check_unix(&self, path: &[u8]) -> Result<(), UnixRefusal> {
        // Abstract names live outside the filesystem: only name rules cover them.
        if let Some(name) = path.strip_prefix(&[0u8][..]) {
            if self
                .abstract_names
                .iter()
                .any(|g| glob_match(g.as_bytes(), name))
            {
                return Ok(());
            }
            return Err(UnixRefusal::Denied(Denial {
                operation: Operation::AbstractName,
                target: shown_unix(path),
                rule: Some(String::from_utf8_lossy(name).into_owned()),
                by_embedder_check: false,
            }));
        }
        self.resolve_unix_path(path, path).map(drop)
    }

    /// The real location of a path name (see [`Policy::check_unix`]), if it is allowed
    /// (`shown` is the name the guest gave, for the log).
    pub(crate) fn resolve_unix_path(
        &self,
        path: &[u8],
        shown: &[u8],
    ) -> Result<PathBuf, UnixRefusal> {
        let real = match real_unix_path(Path::new(std::ffi::OsStr::from_bytes(path))) {
            Ok(real) => real,
            Err(Some((missing, code))) if self.unix_dirs.iter().any(|d| missing.starts_with(d)) => {
                return Err(UnixRefusal::Native(code));
            }
            Err(_) => return Err(self.unix_denial(shown, None)),
        };
        self.check_real_unix_path(&real, shown)?;
        Ok(real)
    }

    /// Checks a resolved location (`shown` is the path the guest gave, for the log).
    pub(crate) fn check_real_unix_path(
        &self,
        real: &Path,
        shown: &[u8],
    ) -> Result<(), UnixRefusal> {
        if self.unix_dirs.iter().any(|d| real.starts_with(d)) {
            return Ok(());
        }
        let dir = real.parent().map(|p| p.display().to_string());
        Err(self.unix_denial(shown, dir))
    }

    fn unix_denial(&self, path: &[u8], rule: Option<String>) -> UnixRefusal {
        UnixRefusal::Denied(Denial {
            operation: Operation::Unix,
            target: shown_unix(path),
            rule,
            by_embedder_check: false,
        })
    }

    /// Whether any abstract name the kernel may pick for an unnamed socket (`bind` with an
    /// empty path: five hex digits) is allowed: only a rule of `*` alone says so in advance.
    pub fn allows_any_abstract_name(&self) -> bool {
        self.abstract_names
            .iter()
            .any(|g| g.bytes().all(|b| b == b'*'))
    }

    /// Whether some destination may be sent to (a connect rule, or all of the network).
    pub fn allows_some_connect(&self) -> bool {
        self.all_network || !self.connect.is_empty()
    }
}

// A guest's addresses: read as the kernel will read them (`resolve`), then checked for their
// use (`permit`).

/// Checks a PHP port argument: `0..=65535` or PHP 8.5's ValueError.
pub(crate) fn port_arg(func: &str, arg: u32, port: i64) -> HostResult<u16> {
    u16::try_from(port).map_err(|_| {
        HostError::invalid(format!(
            "{func}(): Argument #{arg} ($port) must be between 0 and 65535"
        ))
    })
}

/// A nullable PHP port argument: required (PHP's ValueError when null) for AF_INET and
/// AF_INET6, ignored (0) for AF_UNIX.
pub(crate) fn port_for_family(
    func: &str,
    arg: u32,
    family: i32,
    port: Option<i64>,
) -> HostResult<i64> {
    match (family, port) {
        (libc::AF_INET | libc::AF_INET6, None) => Err(HostError::invalid(format!(
            "{func}(): Argument #{arg} ($port) cannot be null when the socket type is {}",
            family_name(family)
        ))),
        (_, p) => Ok(p.unwrap_or(0)),
    }
}

/// The family name PHP uses in messages.
fn family_name(family: i32) -> &'static str {
    match family {
        libc::AF_INET => "AF_INET",
        libc::AF_INET6 => "AF_INET6",
        libc::AF_UNIX => "AF_UNIX",
        _ => "unknown",
    }
}

/// `sizeof(sun_path)` on Linux.
pub(crate) const SUN_PATH_LEN: usize = 108;

/// What an address will be used for, from which socket: decides which policy rule applies and
/// what the kernel will make of the address.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Use {
    /// A connect or a datagram destination, from a socket bound to this address (if bound).
    Connect { bound: Option<SocketAddr> },
    /// A bind; `dual_stack` when `[::]` would also take the IPv4 port (no `IPV6_V6ONLY`).
    Bind { dual_stack: bool },
}

impl Use {
    /// Connecting or sending from `socket`.
    pub(crate) fn connect_from(socket: &socket2::Socket) -> Use {
        let bound = socket.local_addr().ok().and_then(|a| a.as_socket());
        Use::Connect { bound }
    }

    /// Binding a fresh socket of `family`: dual-stack if it is IPv6 and new IPv6 sockets
    /// start without `IPV6_V6ONLY` (`net.ipv6.bindv6only`: off when it cannot be read, the
    /// kernel's default).
    pub(crate) fn bind_of_new(family: i32) -> Use {
        let v6only = || {
            std::fs::read_to_string("/proc/sys/net/ipv6/bindv6only").is_ok_and(|v| v.trim() == "1")
        };
        Use::Bind {
            dual_stack: family == libc::AF_INET6 && !v6only(),
        }
    }

    /// Binding `socket`.
    pub(crate) fn bind_of(socket: &socket2::Socket) -> Use {
        Use::Bind {
            dual_stack: socket.only_v6().map(|only| !only).unwrap_or(false),
        }
    }

    /// Checks an IP endpoint for this use against the policy, then the embedder's check.
    pub(crate) async fn check(self, ctx: &mut SocketsCtx, sa: SocketAddr) -> HostResult<()> {
        let (policy, operation) = match self {
            Use::Connect { bound } => (ctx.policy.check_connect(sa, bound), Operation::Connect),
            Use::Bind { dual_stack } => (
                ctx.policy.check_bind_socket(sa, dual_stack),
                Operation::Bind,
            ),
        };
        ctx.permit(policy, operation, CheckTarget::Ip(sa)).await
    }
}

/// The `sun_path` bytes the kernel uses for a PHP address: a path name ends at its first NUL
/// (the kernel terminates it there), an abstract name (leading NUL) is every byte given.
pub(crate) fn kernel_unix_bytes(address: &[u8]) -> &[u8] {
    match address.first() {
        Some(0) | None => address,
        Some(_) => {
            let end = address
                .iter()
                .position(|&b| b == 0)
                .unwrap_or(address.len());
            &address[..end]
        }
    }
}

/// Checks AF_UNIX address bytes (as the kernel will use them) against the policy, then the
/// embedder's check.
pub(crate) async fn permit_unix(ctx: &mut SocketsCtx, bytes: &[u8]) -> HostResult<()> {
    ctx.policy.check_unix(bytes).map_err(|r| refused(ctx, r))?;
    embedder_allows_unix(ctx, bytes).await
}

/// The embedder's check of AF_UNIX address bytes the policy allowed.
async fn embedder_allows_unix(ctx: &mut SocketsCtx, bytes: &[u8]) -> HostResult<()> {
    let operation = match bytes.first() {
        Some(0) => Operation::AbstractName,
        _ => Operation::Unix,
    };
    let r = ctx.embedder_allows(operation, CheckTarget::Unix(bytes.to_vec()));
    r.await.map_err(|d| ctx.denied(d))
}

fn refused(ctx: &mut SocketsCtx, r: UnixRefusal) -> HostError {
    match r {
        UnixRefusal::Native(code) => HostError::errno(code),
        UnixRefusal::Denied(d) => ctx.denied(d),
    }
}

/// Where a guest's AF_UNIX path names are on the host: in the directories preopened for it
/// (the filesystem wasi:filesystem shows it), with relative names under its working
/// directory, as wasi-libc resolves the guest's own file names. So `socket_bind($s,
/// '/app/x.sock')` with `--dir $PWD::/app` makes `$PWD/x.sock`, the file the guest's
/// `file_exists('/app/x.sock')` sees. A name no preopened directory holds is the host's
/// path, as given. The policy then checks where the name really is, on the host.
#[derive(Clone, Debug, Default)]
pub(crate) struct GuestPaths {
    /// The preopened directories, the most components first, so the deepest that holds a
    /// name wins.
    dirs: Vec<GuestDir>,
    /// The guest's working directory (as components): wasi-libc's `/` unless the guest says
    /// otherwise (`working-directory`).
    cwd: Vec<Vec<u8>>,
}

/// A directory preopened for a guest.
#[derive(Clone, Debug)]
struct GuestDir {
    /// As the guest sees it: absolute, as components.
    guest: Vec<Vec<u8>>,
    /// Where it is on the host.
    host: PathBuf,
    /// Whether the guest may create files in it (`--dir`, not `--dir-ro`).
    writable: bool,
}

/// Where a guest's path name is on the host.
#[derive(Debug)]
pub(crate) struct Placed {
    /// The host path.
    pub(crate) path: Vec<u8>,
    /// Whether it is in a directory the guest may write (a bind makes a file).
    pub(crate) writable: bool,
}

/// The longest working directory a guest may set, in bytes (Linux's `PATH_MAX`).
const PATH_MAX: usize = 4096;

impl GuestPaths {
    /// Adds a preopened directory: `guest` as the guest names it (a relative name is under
    /// `/`, as wasi-libc takes it), `host` where it is.
    pub(crate) fn add(&mut self, guest: &str, host: &Path, writable: bool) {
        self.dirs.push(GuestDir {
            guest: components(&[], guest.as_bytes()),
            host: host.canonicalize().unwrap_or_else(|_| host.to_path_buf()),
            writable,
        });
        self.dirs
            .sort_by_key(|dir| std::cmp::Reverse(dir.guest.len()));
    }

    /// Sets the guest's working directory: an absolute path without NUL, under `PATH_MAX`.
    pub(crate) fn set_cwd(&mut self, cwd: &[u8]) -> HostResult<()> {
        if cwd.first() != Some(&b'/') || cwd.contains(&0) || cwd.len() >= PATH_MAX {
            return Err(HostError::errno(errno::EINVAL));
        }
        self.cwd = components(&[], cwd);
        Ok(())
    }

    /// Where a guest's path name (`kernel_unix_bytes`) is on the host, if a preopened
    /// directory holds it; `None` leaves the name as it is.
    pub(crate) fn host_path(&self, guest: &[u8]) -> Option<Placed> {
        let name = components(&self.cwd, guest);
        let dir = self.dirs.iter().find(|dir| name.starts_with(&dir.guest))?;
        let mut path = dir.host.as_os_str().as_bytes().to_vec();
        for part in &name[dir.guest.len()..] {
            if path.last() != Some(&b'/') {
                path.push(b'/');
            }
            path.extend_from_slice(part);
        }
        Some(Placed {
            path,
            writable: dir.writable,
        })
    }

    /// The guest's name for a host path name the kernel reports (a peer's, a sender's), if a
    /// preopened directory holds it.
    fn guest_path(&self, host: &[u8]) -> Option<Vec<u8>> {
        let path = Path::new(std::ffi::OsStr::from_bytes(host));
        let (dir, rest) = self
            .dirs
            .iter()
            .filter_map(|dir| Some((&dir.guest, path.strip_prefix(&dir.host).ok()?)))
            // The deepest directory leaves the shortest rest (all are ends of one path).
            .min_by_key(|(_, rest)| rest.as_os_str().len())?;
        let mut name = Vec::new();
        for part in dir
            .iter()
            .map(Vec::as_slice)
            .chain(rest.components().map(|c| c.as_os_str().as_bytes()))
        {
            name.push(b'/');
            name.extend_from_slice(part);
        }
        Some(if name.is_empty() { b"/".to_vec() } else { name })
    }
}

/// The components of `path`, taken from `base` when it is relative; empty ones and `.` are
/// dropped (`..` is kept: where it leads is the policy's to check, on the host).
fn components(base: &[Vec<u8>], path: &[u8]) -> Vec<Vec<u8>> {
    let mut parts = if path.first() == Some(&b'/') {
        Vec::new()
    } else {
        base.to_vec()
    };
    parts.extend(
        path.split(|&b| b == b'/')
            .filter(|part| !part.is_empty() && *part != b".")
            .map(<[u8]>::to_vec),
    );
    parts
}

/// The native address for AF_UNIX address bytes (as the kernel will use them), checked
/// against the policy and the embedder's check: a path name pinned to what was checked
/// (below), an abstract name as it is.
async fn unix_target(ctx: &mut SocketsCtx, bytes: &[u8], usage: Use) -> HostResult<Resolved> {
    if bytes.first() == Some(&0) {
        permit_unix(ctx, bytes).await?;
        return Ok(Resolved {
            addr: unix_addr(bytes)?,
            pinned: None,
        });
    }
    let how = match usage {
        Use::Connect { .. } => PathUse::Reach,
        Use::Bind { .. } => PathUse::Create,
    };
    let placed = ctx.guest_paths.host_path(bytes);
    // A bind makes a file: not in a directory the guest sees read-only (as natively on a
    // read-only filesystem).
    if how == PathUse::Create && placed.as_ref().is_some_and(|p| !p.writable) {
        return Err(HostError::errno(errno::EROFS));
    }
    let host = placed.as_ref().map_or(bytes, |p| p.path.as_slice());
    let pinned = pin(&ctx.policy, host, bytes, how).map_err(|r| refused(ctx, r))?;
    embedder_allows_unix(ctx, host).await?;
    Ok(Resolved {
        addr: pinned.sockaddr()?,
        pinned: Some(pinned),
    })
}

/// A resolved address, and for an AF_UNIX path the descriptor that pins it (keep it until
/// the syscall is done; after a bind, keep it with the socket).
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) addr: SockAddr,
    pub(crate) pinned: Option<Pinned>,
}

/// What a PHP address names, resolved but not yet checked: [`permit`] does that.
#[derive(Debug)]
pub(crate) enum Named {
    /// An IP endpoint.
    Ip(SocketAddr),
    /// AF_UNIX `sun_path` bytes as the kernel will use them (none: no name).
    Unix(Vec<u8>),
}

/// The name a reverse lookup of `ip` asks DNS for, which the `allow-lookup` rules are checked
/// against: `d.c.b.a.in-addr.arpa`, or the 32 nibbles of an IPv6 address backwards under
/// `ip6.arpa`. glibc's DNS backend asks for an IPv4-mapped (`::ffff:a.b.c.d`) or
/// IPv4-compatible (`::a.b.c.d`, not `::1`) address's IPv4 name, so those are checked as
/// that name: what `Ipv6Addr::to_ipv4` gives, but for `::1`.
pub(crate) fn reverse_lookup_name(ip: IpAddr) -> String {
    let v6 = match ip {
        IpAddr::V4(v4) => return ipv4_reverse_name(v4),
        IpAddr::V6(v6) => v6,
    };
    if let Some(v4) = v6.to_ipv4().filter(|_| v6 != Ipv6Addr::LOCALHOST) {
        return ipv4_reverse_name(v4);
    }
    let mut name = String::with_capacity(73);
    for b in v6.octets().iter().rev() {
        let _ = write!(name, "{:x}.{:x}.", b & 0xf, b >> 4);
    }
    name + "ip6.arpa"
}

fn ipv4_reverse_name(ip: Ipv4Addr) -> String {
    let [a, b, c, d] = ip.octets();
    format!("{d}.{c}.{b}.{a}.in-addr.arpa")
}

/// Resolves `address` for a socket of `family`.
///
/// IP families accept literals, `localhost`, and names the policy (and the embedder's check)
/// allow looking up (a lookup failure is PHP's `-10001`, "Unknown host"). AF_UNIX takes a
/// path of under 108 bytes (a leading NUL makes an abstract name).
pub(crate) async fn resolve(
    ctx: &mut SocketsCtx,
    func: &str,
    family: i32,
    address: &str,
    port: u16,
) -> HostResult<Named> {
    match family {
        libc::AF_UNIX => {
            if address.len() >= SUN_PATH_LEN {
                return Err(HostError::invalid(format!(
                    "{func}(): Argument #2 ($address) must be less than {SUN_PATH_LEN}"
                )));
            }
            Ok(Named::Unix(kernel_unix_bytes(address.as_bytes()).to_vec()))
        }
        libc::AF_INET | libc::AF_INET6 => {
            // PHP hands the resolver a C string: it ends at the first NUL.
            let address = address.split('\0').next().unwrap_or_default();
            let (ip, scope) = resolve_ip(ctx, family, address).await?;
            Ok(Named::Ip(match ip {
                IpAddr::V6(v6) => SocketAddr::V6(SocketAddrV6::new(v6, port, 0, scope)),
                IpAddr::V4(v4) => SocketAddr::new(IpAddr::V4(v4), port),
            }))
        }
        _ => Err(HostError::errno(errno::EAFNOSUPPORT)),
    }
}

/// The policy (then the embedder's check) on what an address names, for `usage`: the native
/// address to give the syscall, an AF_UNIX path name pinned to what was checked.
pub(crate) async fn permit(ctx: &mut SocketsCtx, named: Named, usage: Use) -> HostResult<Resolved> {
    let bytes = match named {
        Named::Ip(sa) => {
            usage.check(ctx, sa).await?;
            return Ok(Resolved {
                addr: SockAddr::from(sa),
                pinned: None,
            });
        }
        Named::Unix(bytes) if !bytes.is_empty() => {
            return unix_target(ctx, &bytes, usage).await;
        }
        Named::Unix(bytes) => bytes,
    };
    match usage {
        // An address of no bytes is too short for the kernel.
        Use::Connect { .. } => return Err(HostError::errno(errno::EINVAL)),
        // bind() with no name: the kernel picks an abstract name.
        Use::Bind { .. } if !ctx.policy.allows_any_abstract_name() => {
            let d = Denial {
                operation: Operation::AbstractName,
                target: "an abstract name the kernel picks (empty path)".into(),
                rule: Some("*".into()),
                by_embedder_check: false,
            };
            return Err(ctx.denied(d));
        }
        Use::Bind { .. } => {}
    }
    Ok(Resolved {
        addr: unix_addr(&bytes)?,
        pinned: None,
    })
}

/// An AF_UNIX address with the length PHP computes (offset + strlen, so abstract names work).
pub(crate) fn unix_addr(path: &[u8]) -> HostResult<SockAddr> {
    use std::os::unix::ffi::OsStrExt;
    SockAddr::unix(std::ffi::OsStr::from_bytes(path)).map_err(HostError::from)
}

/// The scope id PHP sets for `scope` after IPv6 number `v6`, if glibc's getaddrinfo takes it
/// (`__inet6_scopeid_pton`): a decimal number that fits 32 bits, or an interface name on a
/// link-local unicast or a node- or link-local multicast address (`::1%lo` is refused,
/// `::1%1` and `fe80::1%lo` are not). PHP reads a number as the number.
fn glibc_scope(v6: &Ipv6Addr, scope: &str) -> Option<u32> {
    if scope.bytes().all(|c| c.is_ascii_digit()) {
        return scope.parse().ok();
    }
    let [a, b, ..] = v6.octets();
    let link_local = a == 0xfe && b & 0xc0 == 0x80;
    let local_multicast = a == 0xff && matches!(b & 0x0f, 0x1 | 0x2);
    Some(interface_index(scope)).filter(|&i| (link_local || local_multicast) && i != 0)
}

/// The scope of a name the resolver answered (`name%eth0`), as PHP sets it: a number, else the
/// interface's index; 0 without one.
fn scope_id(address: &str) -> u32 {
    match address.split_once('%') {
        Some((_, scope)) => scope.parse().unwrap_or_else(|_| interface_index(scope)),
        None => 0,
    }
}

/// `if_nametoindex(3)` as glibc does it (`SIOCGIFINDEX` on a socket of its own, so in the host
/// process's network namespace); 0 when there is no such interface.
pub(crate) fn interface_index(name: &str) -> u32 {
    socket2::Socket::new(socket2::Domain::UNIX, socket2::Type::DGRAM, None)
        .and_then(|probe| rustix::net::netdevice::name_to_index(&probe, name).map_err(Into::into))
        .unwrap_or(0)
}

/// PHP's `-10000 - h_errno` for a failed name, after the failure sets h_errno (`Some`) or
/// leaves it as the guest's last lookup left it (`None`).
fn lookup_failed(ctx: &mut SocketsCtx, sets: Option<i32>) -> HostError {
    if let Some(h_errno) = sets {
        ctx.h_errno = h_errno;
    }
    HostError::errno(errno::lookup_failed(ctx.h_errno))
}

/// A name glibc refuses without a lookup: gethostbyname (PHP's AF_INET path) leaves h_errno
/// alone, getaddrinfo (AF_INET6) sets HOST_NOT_FOUND for a name no host has.
fn refused_unasked(ctx: &mut SocketsCtx, family: i32) -> HostError {
    lookup_failed(
        ctx,
        (family != libc::AF_INET).then_some(errno::H_HOST_NOT_FOUND),
    )
}

/// The address `address` names for `family`, and the IPv6 scope id PHP gives it.
async fn resolve_ip(ctx: &mut SocketsCtx, family: i32, address: &str) -> HostResult<(IpAddr, u32)> {
    // PHP tries inet_pton first, then the resolver; on AF_INET6 its getaddrinfo asks for
    // AI_V4MAPPED, so an IPv4 number becomes its mapped address without a lookup.
    if family == libc::AF_INET {
        // glibc's gethostbyname, which PHP falls back to, reads digits-and-dots names (`127.1`,
        // `2130706433`, octal `0177.0.0.1`) as inet_aton does, and refuses bad ones itself.
        let digits_dots = !address.is_empty()
            && !address.ends_with('.')
            && address.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if digits_dots {
            return match inet_aton(address) {
                Some(v4) => Ok((v4.into(), 0)),
                None => Err(refused_unasked(ctx, family)),
            };
        }
    } else {
        match address.split_once('%') {
            None => {
                if let Ok(v6) = address.parse::<Ipv6Addr>() {
                    return Ok((v6.into(), 0));
                }
            }
            // An IPv6 number with a scope: getaddrinfo's, which reads it or refuses the whole
            // address without a lookup.
            Some((literal, scope)) => {
                if let Ok(v6) = literal.parse::<Ipv6Addr>() {
                    // A refused scope leaves h_errno as it was.
                    return glibc_scope(&v6, scope)
                        .map(|id| (v6.into(), id))
                        .ok_or_else(|| lookup_failed(ctx, None));
                }
            }
        }
        if let Some(v4) = inet_aton(address) {
            return Ok((v4.to_ipv6_mapped().into(), 0));
        }
    }
    // An empty name (PHP's null too): glibc fails it as NO_RECOVERY without asking anyone.
    if address.is_empty() {
        return Err(lookup_failed(ctx, Some(errno::H_NO_RECOVERY)));
    }
    // Nor does it ask for a name with characters no host name has (spaces, brackets, the
    // colons of an IPv6 number given to an AF_INET socket).
    let hostname_bytes = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    if !address.bytes().all(hostname_bytes) {
        return Err(refused_unasked(ctx, family));
    }
    if address.eq_ignore_ascii_case("localhost") {
        let ip = match family {
            libc::AF_INET => Ipv4Addr::LOCALHOST.into(),
            _ => Ipv6Addr::LOCALHOST.into(),
        };
        return Ok((ip, 0));
    }
    let policy = ctx.policy.check_lookup(address);
    let name = CheckTarget::Name(address.to_owned());
    ctx.permit(policy, Operation::Lookup, name).await?;
    let hints = crate::sys::GaiHints {
        family,
        socktype: libc::SOCK_STREAM,
        ..Default::default()
    };
    let ip = crate::addrinfo::resolver(ctx, address, None, hints)
        .await
        .ok()
        .and_then(|found| {
            found
                .iter()
                .find_map(|e| e.addr.as_socket().map(|sa| sa.ip()))
        });
    let Some(ip) = ip else {
        return Err(lookup_failed(ctx, Some(errno::H_HOST_NOT_FOUND)));
    };
    Ok((ip, scope_id(address)))
}

/// glibc's `inet_aton(3)` over a whole string: one to four parts, each decimal, octal
/// (leading `0`) or hex (`0x`), the last filling the remaining bytes (`127.1`, `2130706433`,
/// `0177.0.0.1`, `0x7f.1`) — how glibc reads numeric host names.
pub(crate) fn inet_aton(text: &str) -> Option<Ipv4Addr> {
    let bytes = text.as_bytes();
    let mut parts: Vec<u64> = Vec::with_capacity(4);
    for part in bytes.split(|&b| b == b'.') {
        if parts.len() == 4 || !part.first()?.is_ascii_digit() {
            return None;
        }
        let (digits, radix) = match part {
            [b'0', b'x' | b'X', rest @ ..] => (rest, 16),
            [b'0', rest @ ..] => (rest, 8),
            _ => (part, 10),
        };
        let mut value: u64 = 0;
        for &d in digits {
            let digit = u64::from(char::from(d).to_digit(radix)?);
            value = value.checked_mul(u64::from(radix))?.checked_add(digit)?;
            if value > u64::from(u32::MAX) {
                return None;
            }
        }
        parts.push(value);
    }
    let (last, head) = parts.split_last()?;
    // Earlier parts are one byte each; the last fills the bytes left.
    let last_bits = 8 * (5 - parts.len()).min(4);
    if head.iter().any(|&p| p > 0xff) || *last >> last_bits != 0 {
        return None;
    }
    let value = head.iter().enumerate().fold(*last as u32, |acc, (i, &p)| {
        acc | (p as u32) << (24 - 8 * i)
    });
    Some(Ipv4Addr::from(value))
}

// Native addresses shown back as PHP shows them (`getsockname`, a sender's name), a name bound
// through a pinned directory as the guest gave it.

/// Formats a native address the way `socket_getsockname()` fills `&$address` / `&$port`.
pub(crate) fn sock_name(func: &str, paths: &GuestPaths, sa: &SockAddr) -> HostResult<SockName> {
    if let Some(ip) = sa.as_socket() {
        let address = match ip.ip() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => v6.to_string(),
        };
        return Ok(SockName {
            address,
            port: Some(ip.port()),
        });
    }
    if sa.is_unix() {
        return Ok(SockName {
            address: unix_path_text(paths, sa),
            port: None,
        });
    }
    Err(HostError::invalid(format!(
        "{func}(): Argument #1 ($socket) must be one of AF_UNIX, AF_INET, or AF_INET6"
    )))
}

/// The `sun_path` text PHP reports: the path (as the guest gave it, for a socket the host
/// bound through a pinned directory; as the guest sees it, for a path in a directory
/// preopened for it), `\0name` for abstract names, `""` if unnamed.
pub(crate) fn unix_path_text(paths: &GuestPaths, sa: &SockAddr) -> String {
    let kernel = unix_name_bytes(sa);
    let name = guest_name(&kernel)
        .or_else(|| paths.guest_path(&kernel))
        .unwrap_or(kernel);
    String::from_utf8_lossy(&name).into_owned()
}

/// The bytes of an AF_UNIX address as the kernel holds them: a path, `\0` and an abstract
/// name, or nothing for an unnamed socket.
pub(crate) fn unix_name_bytes(sa: &SockAddr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    if let Some(p) = sa.as_pathname() {
        return p.as_os_str().as_bytes().to_vec();
    }
    if let Some(name) = sa.as_abstract_namespace() {
        return [&[0u8][..], name].concat();
    }
    Vec::new()
}

// AF_UNIX path names, pinned to what the policy checked.
//
// Checking a path and then handing the same string to `bind`/`connect` leaves a window: the
// kernel resolves the string again, and a directory renamed or a symlink swapped in between
// sends the call elsewhere. So after the check the host opens what it checked (`O_PATH`: the
// socket file for a connect, its directory for a bind), verifies where that descriptor really
// is, and makes the syscall through `/proc/self/fd/N` — the kernel then reaches exactly that
// inode, whatever happens to the path.
//
// A bind through `/proc/self/fd/N/NAME` records that string as the socket's name, so the
// host keeps the directory open for as long as the socket lives and translates the name back
// to the guest's path wherever it reports one (`getsockname`, a sender's or peer's name).

/// A checked path name and the descriptor that pins it.
#[derive(Debug)]
pub(crate) struct Pinned {
    /// What the syscall gets: `/proc/self/fd/N` (connect, send) or `/proc/self/fd/N/NAME`
    /// (bind).
    kernel: Vec<u8>,
    /// The path as the guest gave it (cut where the kernel cuts it).
    guest: Vec<u8>,
    pin: File,
}

/// What the path will be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathUse {
    /// Reaching an existing socket (connect, sendto, sendmsg): follows symlinks, as the
    /// kernel does.
    Reach,
    /// Creating a socket file (bind).
    Create,
}

/// Checks `host` (where the guest's path name `guest`, as the kernel cuts it, is on the host)
/// against the policy and pins it.
pub(crate) fn pin(
    policy: &Policy,
    host: &[u8],
    guest: &[u8],
    usage: PathUse,
) -> Result<Pinned, UnixRefusal> {
    let real = policy.resolve_unix_path(host, guest)?;
    let native = |e: std::io::Error| UnixRefusal::Native(crate::errors::errno_of(&e));
    let (target, name) = match usage {
        PathUse::Reach => (real.as_path(), None),
        PathUse::Create => {
            let name = real.file_name().ok_or(UnixRefusal::Native(libc::EINVAL))?;
            (real.parent().unwrap_or(Path::new("/")), Some(name))
        }
    };
    let directory = if usage == PathUse::Create {
        libc::O_DIRECTORY
    } else {
        0
    };
    let pin = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_PATH | libc::O_CLOEXEC | directory)
        .open(target)
        .map_err(native)?;
    // Where the descriptor really is, now that nothing can move it.
    let fd_path = format!("/proc/self/fd/{}", pin.as_raw_fd());
    let there = std::fs::read_link(&fd_path).map_err(native)?;
    let there = match name {
        Some(n) => there.join(n),
        None => there,
    };
    policy.check_real_unix_path(&there, guest)?;
    let mut kernel = fd_path.into_bytes();
    if let Some(n) = name {
        kernel.push(b'/');
        kernel.extend_from_slice(n.as_bytes());
    }
    // A pinned name must fit in `sun_path` with its terminating NUL.
    if kernel.len() >= SUN_PATH_LEN {
        return Err(UnixRefusal::Native(libc::ENAMETOOLONG));
    }
    Ok(Pinned {
        kernel,
        guest: guest.to_vec(),
        pin,
    })
}

impl Pinned {
    /// The address the syscall gets.
    pub(crate) fn sockaddr(&self) -> HostResult<socket2::SockAddr> {
        unix_addr(&self.kernel)
    }

    /// After a successful bind: the name the kernel recorded is reported as the guest's path
    /// for as long as the returned guard (kept with the socket) lives.
    pub(crate) fn into_bound_name(self) -> BoundName {
        names()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.kernel.clone(), self.guest);
        BoundName {
            kernel: self.kernel,
            _dir: self.pin,
        }
    }
}

/// Keeps a bound socket's directory open (so its `/proc/self/fd/N` name stays unique) and its
/// translation registered.
#[derive(Debug)]
pub(crate) struct BoundName {
    kernel: Vec<u8>,
    _dir: File,
}

impl Drop for BoundName {
    fn drop(&mut self) {
        names()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.kernel);
    }
}

/// Kernel names of sockets bound through a pinned directory, to the guests' paths.
fn names() -> &'static Mutex<HashMap<Vec<u8>, Vec<u8>>> {
    static NAMES: OnceLock<Mutex<HashMap<Vec<u8>, Vec<u8>>>> = OnceLock::new();
    NAMES.get_or_init(Default::default)
}

/// The path a guest gave for a name the kernel reports, if the host bound it through a pinned
/// directory.
fn guest_name(kernel: &[u8]) -> Option<Vec<u8>> {
    if !kernel.starts_with(b"/proc/self/fd/") {
        return None;
    }
    let names = names().lock().unwrap_or_else(|e| e.into_inner());
    names.get(kernel).cloned()
}

/// Resolves where a unix socket path really lives: the canonical parent directory joined with
/// the file name, or the canonical target if the path exists (connect follows symlinks).
/// When the parent cannot be resolved: the nearest ancestor that can (with the rest of the path
/// joined on) and the errno, so a missing directory inside an allowed one fails as natively;
/// `None` for paths that name no file at all.
fn real_unix_path(path: &Path) -> Result<PathBuf, Option<(PathBuf, i32)>> {
    let name = match path.components().next_back() {
        Some(Component::Normal(n)) => n.to_owned(),
        _ => return Err(None),
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let real_parent = match parent.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            let code = e.raw_os_error().unwrap_or(libc::ENOENT);
            // Only plain names below the ancestor: `..` would make the lexical join lie.
            let plain = path
                .components()
                .all(|c| !matches!(c, Component::ParentDir));
            let found = path.ancestors().skip(1).find_map(|a| {
                let base = if a.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    a
                };
                let real = base.canonicalize().ok()?;
                Some(real.join(path.strip_prefix(a).ok()?))
            });
            return Err(found.filter(|_| plain).map(|f| (f, code)));
        }
    };
    let joined = real_parent.join(name);
    match joined.canonicalize() {
        Ok(target) => Ok(target),
        Err(_) => Ok(joined),
    }
}

/// An AF_UNIX address as the log shows it (NULs written `\0`).
fn shown_unix(path: &[u8]) -> String {
    String::from_utf8_lossy(path).replace('\0', "\\0")
}

/// The narrowest rule text allowing `addr`.
fn rule_text(addr: &SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
    }
}

/// IPv4-mapped IPv6 addresses are matched as the IPv4 address they reach.
fn normalize(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), addr.port()),
            None => addr,
        },
        IpAddr::V4(_) => addr,
    }
}

/// Where Linux sends a connect or datagram to the unspecified address: an IPv4 one goes to the
/// socket's bound source address, or 127.0.0.1 when unbound; an IPv6 one to ::1, or to
/// 127.0.0.1 from a socket bound to an IPv4-mapped address.
fn normalize_connect(addr: SocketAddr, bound: Option<SocketAddr>) -> SocketAddr {
    let addr = normalize(addr);
    let bound = bound.map(normalize);
    let port = addr.port();
    match (addr.ip(), bound.map(|b| b.ip())) {
        (IpAddr::V4(ip), Some(IpAddr::V4(src))) if ip.is_unspecified() && !src.is_unspecified() => {
            SocketAddr::new(src.into(), port)
        }
        (IpAddr::V4(ip), _) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)
        }
        (IpAddr::V6(ip), Some(IpAddr::V4(_))) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)
        }
        (IpAddr::V6(ip), _) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), port)
        }
        _ => addr,
    }
}

/// `*` matches any run of bytes; everything else matches itself.
fn glob_match(glob: &[u8], name: &[u8]) -> bool {
    match glob.iter().position(|&b| b == b'*') {
        None => glob == name,
        Some(star) => {
            let (head, rest) = (&glob[..star], &glob[star + 1..]);
            let Some(tail) = name.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len()).any(|i| glob_match(rest, &tail[i..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_lookup_names_are_the_names_dns_is_asked() {
        let name = |ip: &str| reverse_lookup_name(ip.parse().unwrap());
        assert_eq!(name("192.0.2.10"), "10.2.0.192.in-addr.arpa");
        // RFC 3596's example.
        assert_eq!(
            name("4321:0:1:2:3:4:567:89ab"),
            "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa"
        );
        assert_eq!(name("::ffff:192.0.2.10"), "10.2.0.192.in-addr.arpa");
        assert_eq!(name("::192.0.2.10"), "10.2.0.192.in-addr.arpa");
        assert_eq!(name("::1"), format!("1.{}ip6.arpa", "0.".repeat(31)));
        // `::` is checked as 0.0.0.0's name (glibc asks DNS nothing for it: seen in a namespace).
        assert_eq!(name("::"), "0.0.0.0.in-addr.arpa");
    }

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn net_rules_parse_and_match() {
        let p = Policy::deny_all()
            .allow_connect("127.0.0.1:8000-8100")
            .unwrap()
            .allow_connect("[::1]:80")
            .unwrap()
            .allow_bind("10.0.0.0/8:*")
            .unwrap();
        assert!(p.check_connect(sa("127.0.0.1:8050"), None).is_ok());
        assert!(p.check_connect(sa("127.0.0.1:8101"), None).is_err());
        assert!(
            p.check_connect(sa("[::ffff:127.0.0.1]:8000"), None).is_ok(),
            "mapped IPv6 matches IPv4 rule"
        );
        assert!(p.check_connect(sa("[::1]:80"), None).is_ok());
        assert!(p.check_bind(sa("10.2.3.4:1")).is_ok());
        assert!(p.check_bind(sa("11.0.0.1:1")).is_err());
        let d = p.check_connect(sa("0.0.0.0:9"), None).unwrap_err();
        assert_eq!(
            d.rule.as_deref(),
            Some("127.0.0.1:9"),
            "0.0.0.0 is the local host"
        );
    }

    #[test]
    fn bad_rules_are_rejected() {
        for bad in [
            "127.0.0.1",
            "127.0.0.1:x",
            "1.2.3:80",
            "127.0.0.1:9-1",
            "[::1:80",
        ] {
            assert!(bad.parse::<NetRule>().is_err(), "{bad}");
        }
        assert!("localhost:*".parse::<NetRule>().is_ok());
        for (key, made) in [
            ("allow-lookup", Policy::deny_all().allow_lookup("")),
            ("allow-abstract", Policy::deny_all().allow_abstract("")),
        ] {
            assert_eq!(made.unwrap_err(), PolicyError::EmptyName { key }, "{key}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob_match(b"*.example.com", b"www.example.com"));
        assert!(!glob_match(b"*.example.com", b"example.com"));
        assert!(glob_match(b"a*b*c", b"axxbyyc"));
    }

    #[test]
    fn unix_paths_cannot_escape() {
        let dir = std::env::temp_dir().join(format!("sockbox-policy-{}", std::process::id()));
        let allowed = dir.join("allowed");
        std::fs::create_dir_all(&allowed).unwrap();
        let p = Policy::deny_all().allow_unix(&allowed).unwrap();
        let ok = allowed.join("s.sock");
        assert!(p.check_unix(ok.to_str().unwrap().as_bytes()).is_ok());
        let dotdot = format!("{}/../s.sock", allowed.display());
        assert!(p.check_unix(dotdot.as_bytes()).is_err());
        std::os::unix::fs::symlink(&dir, allowed.join("link")).unwrap();
        let via_link = format!("{}/link/s.sock", allowed.display());
        assert!(p.check_unix(via_link.as_bytes()).is_err());
        assert!(p.check_unix(b"\0abstract").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn guest_path_names_are_placed_as_the_guests_files() {
        // Host directories that do not exist stay as given (nothing to canonicalise).
        let mut paths = GuestPaths::default();
        paths.add("/app", Path::new("/srv/a"), true);
        paths.add("/app/data/", Path::new("/srv/d"), false);
        paths.add(".", Path::new("/srv/root"), true);
        fn text(bytes: Option<Vec<u8>>) -> Option<String> {
            bytes.map(|b| String::from_utf8(b).unwrap())
        }
        let host = |paths: &GuestPaths, p: &str| {
            text(paths.host_path(p.as_bytes()).map(|placed| placed.path))
        };
        // Writable as the directory that holds the name.
        assert!(paths.host_path(b"/app/x").is_some_and(|p| p.writable));
        assert!(paths.host_path(b"/app/data/x").is_some_and(|p| !p.writable));
        // The deepest preopened directory that holds a name wins; `.` is wasi-libc's `/`.
        assert_eq!(
            host(&paths, "/app/x.sock").as_deref(),
            Some("/srv/a/x.sock")
        );
        assert_eq!(host(&paths, "/app//./data/y").as_deref(), Some("/srv/d/y"));
        assert_eq!(host(&paths, "/appx/z").as_deref(), Some("/srv/root/appx/z"));
        assert_eq!(host(&paths, "/app").as_deref(), Some("/srv/a"));
        // Relative names are under the working directory, `/` until the guest says otherwise.
        assert_eq!(host(&paths, "r.sock").as_deref(), Some("/srv/root/r.sock"));
        paths.set_cwd(b"/app/data").unwrap();
        assert_eq!(host(&paths, "r.sock").as_deref(), Some("/srv/d/r.sock"));
        // `..` is kept for the policy to resolve on the host.
        assert_eq!(
            host(&paths, "../r.sock").as_deref(),
            Some("/srv/d/../r.sock")
        );
        // Shown back as the guest sees them.
        let guest = |h: &str| text(paths.guest_path(h.as_bytes()));
        assert_eq!(guest("/srv/d/y").as_deref(), Some("/app/data/y"));
        assert_eq!(guest("/srv/a/x.sock").as_deref(), Some("/app/x.sock"));
        assert_eq!(guest("/srv/root").as_deref(), Some("/"));
        assert_eq!(guest("/elsewhere/x"), None);
        assert_eq!(guest("\0abstract"), None);
        // No preopened directory: names are the host's, as given.
        let none = GuestPaths::default();
        assert!(none.host_path(b"/run/app.sock").is_none());
        assert!(none.host_path(b"rel.sock").is_none());
        // A working directory must be absolute, without NUL, under PATH_MAX.
        for bad in [&b"rel"[..], b"", b"/a\0b", &[b'/'; PATH_MAX]] {
            assert!(paths.set_cwd(bad).is_err());
        }
    }
}
