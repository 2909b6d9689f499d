//! The capability policy: deny by default, allow rules for what a guest may reach.
//!
//! Every path of the host that touches the network or the filesystem asks this module first.
//! A denial is logged (`tracing`, target `sockbox::policy`) with the flag that would have
//! allowed it, counted, and turned by the caller into the errno a native call would give.

use ipnet::IpNet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// An allow rule for IP endpoints: an address or CIDR and a port range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetRule {
    nets: Vec<IpNet>,
    ports: (u16, u16),
    text: String,
}

/// A rule or policy that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// An `ADDR:PORTS` rule that does not parse: the rule and why.
    BadRule {
        /// The rule as given.
        rule: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An empty name or glob given to the rule `key` (`allow-lookup`, `allow-abstract`).
    EmptyName {
        /// The rule's flag / policy-file key.
        key: &'static str,
    },
    /// An `allow-unix` directory that cannot be resolved.
    BadDirectory {
        /// The directory as given.
        dir: PathBuf,
        /// Why (the resolver's error).
        error: String,
    },
    /// A policy file that cannot be read or parsed.
    File {
        /// The file.
        path: PathBuf,
        /// The reader's or parser's message (with the line, where it has one).
        message: String,
    },
    /// A bad rule at a place of a policy file (`FILE:LINE: KEY`) or a flag.
    At {
        /// Where the rule was given.
        place: String,
        /// What is wrong with it.
        error: Box<PolicyError>,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::BadRule { rule, reason } => write!(
                f,
                "invalid rule '{rule}': {reason} (expected ADDR:PORTS, e.g. 127.0.0.1:8000-8100)"
            ),
            PolicyError::EmptyName { key } => write!(f, "--{key} needs a name or glob"),
            PolicyError::BadDirectory { dir, error } => {
                write!(f, "--allow-unix {}: {error}", dir.display())
            }
            PolicyError::File { path, message } => write!(f, "{}: {message}", path.display()),
            PolicyError::At { place, error } => write!(f, "{place}: {error}"),
        }
    }
}

impl std::error::Error for PolicyError {}

impl FromStr for NetRule {
    type Err = PolicyError;

    /// `ADDR:PORTS` where ADDR is an IPv4 address, `[IPv6]`, a CIDR (`10.0.0.0/8`,
    /// `[fd00::/8]`), `localhost` (127.0.0.0/8 and ::1) or `*` (any address), and PORTS is a
    /// port, a range `8000-8100`, or `*`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &'static str| PolicyError::BadRule {
            rule: s.to_string(),
            reason,
        };
        let (addr, ports) = match s.strip_prefix('[') {
            Some(rest) => rest
                .split_once("]:")
                .ok_or_else(|| bad("unclosed '[' or missing ':PORTS'"))?,
            None => {
                let (addr, ports) = s.rsplit_once(':').ok_or_else(|| bad("missing ':PORTS'"))?;
                if addr.contains(':') {
                    return Err(bad("write IPv6 addresses in brackets, e.g. [::1]:80"));
                }
                (addr, ports)
            }
        };
        let ports = parse_ports(ports).ok_or_else(|| bad("bad port or port range"))?;
        let nets = match addr {
            "*" => vec![
                IpNet::from_str("0.0.0.0/0").unwrap(),
                IpNet::from_str("::/0").unwrap(),
            ],
            "localhost" => vec![
                IpNet::from_str("127.0.0.0/8").unwrap(),
                IpNet::from_str("::1/128").unwrap(),
            ],
            a if a.contains('/') => vec![IpNet::from_str(a).map_err(|_| bad("bad CIDR"))?],
            a => vec![IpNet::from(
                IpAddr::from_str(a).map_err(|_| bad("bad address"))?,
            )],
        };
        Ok(NetRule {
            nets: nets.into_iter().map(|n| n.trunc()).collect(),
            ports,
            text: s.to_string(),
        })
    }
}

fn parse_ports(s: &str) -> Option<(u16, u16)> {
    if s == "*" {
        return Some((0, u16::MAX));
    }
    let (lo, hi) = match s.split_once('-') {
        Some((lo, hi)) => (lo.parse().ok()?, hi.parse().ok()?),
        None => {
            let p = s.parse().ok()?;
            (p, p)
        }
    };
    (lo <= hi).then_some((lo, hi))
}

impl NetRule {
    fn matches(&self, addr: &SocketAddr) -> bool {
        (self.ports.0..=self.ports.1).contains(&addr.port())
            && self.nets.iter().any(|n| n.contains(&addr.ip()))
    }
}

impl fmt::Display for NetRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

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

impl Policy {
    /// A policy that allows nothing.
    pub fn deny_all() -> Self {
        Self::default()
    }

    /// Allows connecting (and sending datagrams) to `rule` (`ADDR:PORTS`).
    pub fn allow_connect(mut self, rule: &str) -> Result<Self, PolicyError> {
        self.connect.push(rule.parse()?);
        Ok(self)
    }

    /// Allows binding and listening on `rule` (`ADDR:PORTS`).
    pub fn allow_bind(mut self, rule: &str) -> Result<Self, PolicyError> {
        self.bind.push(rule.parse()?);
        Ok(self)
    }

    /// Accepts connections only from peers matching `rule` (`ADDR:PORTS`). Without any accept
    /// rule, a socket the guest may listen on accepts every peer.
    pub fn allow_accept(mut self, rule: &str) -> Result<Self, PolicyError> {
        self.accept.push(rule.parse()?);
        Ok(self)
    }

    /// Allows AF_UNIX sockets at paths inside `dir` (which must exist; symlinks are resolved
    /// once, here, so later checks compare real paths).
    pub fn allow_unix(mut self, dir: impl AsRef<Path>) -> Result<Self, PolicyError> {
        let dir = dir.as_ref();
        let real = dir.canonicalize().map_err(|e| PolicyError::BadDirectory {
            dir: dir.to_path_buf(),
            error: e.to_string(),
        })?;
        self.unix_dirs.push(real);
        Ok(self)
    }

    /// Allows abstract AF_UNIX names matching `glob` (the name without its leading NUL; `*`
    /// matches any run of characters).
    pub fn allow_abstract(mut self, glob: &str) -> Result<Self, PolicyError> {
        if glob.is_empty() {
            return Err(PolicyError::EmptyName {
                key: "allow-abstract",
            });
        }
        self.abstract_names.push(glob.to_string());
        Ok(self)
    }

    /// Lets sockets sent with SCM_RIGHTS reach the guest (only sockets ever do; files are
    /// closed on arrival either way).
    pub fn allow_receive_sockets(mut self) -> Self {
        self.receive_sockets = true;
        self
    }

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

    /// Allows host-name lookups of names matching `glob` (`*` matches any run of characters).
    pub fn allow_lookup(mut self, glob: &str) -> Result<Self, PolicyError> {
        if glob.is_empty() {
            return Err(PolicyError::EmptyName {
                key: "allow-lookup",
            });
        }
        self.lookups.push(glob.to_ascii_lowercase());
        Ok(self)
    }

    /// Allows every IP connect, bind and lookup (not AF_UNIX paths).
    pub fn allow_all_network(mut self) -> Self {
        self.all_network = true;
        self
    }

    /// Allows SOCK_RAW sockets (which also need CAP_NET_RAW on the host).
    pub fn allow_raw(mut self) -> Self {
        self.raw = true;
        self
    }

    /// Allows SOCK_SEQPACKET sockets.
    pub fn allow_seqpacket(mut self) -> Self {
        self.seqpacket = true;
        self
    }

    /// Allows privileged socket options (SO_MARK, SO_BINDTODEVICE, SO_DEBUG, BPF filters,
    /// IP_TRANSPARENT, TCP_REPAIR …; the host process also needs the capabilities).
    pub fn allow_privileged_options(mut self) -> Self {
        self.privileged_options = true;
        self
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
    /// `addr::kernel_unix_bytes`): a filesystem path whose real parent directory (and real
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
        self.resolve_unix_path(path).map(drop)
    }

    /// The real location of a path name (see [`Policy::check_unix`]), if it is allowed.
    pub(crate) fn resolve_unix_path(&self, path: &[u8]) -> Result<PathBuf, UnixRefusal> {
        let real = match real_unix_path(Path::new(std::ffi::OsStr::from_bytes(path))) {
            Ok(real) => real,
            Err(Some((missing, code))) if self.unix_dirs.iter().any(|d| missing.starts_with(d)) => {
                return Err(UnixRefusal::Native(code));
            }
            Err(_) => return Err(self.unix_denial(path, None)),
        };
        self.check_real_unix_path(&real, path)?;
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

/// The effective rules, in policy-file form (directories resolved).
impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list(
            f: &mut fmt::Formatter<'_>,
            key: &str,
            items: impl Iterator<Item = String>,
        ) -> fmt::Result {
            let items: Vec<String> = items.map(|i| format!("{i:?}")).collect();
            writeln!(f, "{key} = [{}]", items.join(", "))
        }
        list(
            f,
            "allow-connect",
            self.connect.iter().map(ToString::to_string),
        )?;
        list(f, "allow-bind", self.bind.iter().map(ToString::to_string))?;
        list(
            f,
            "allow-accept",
            self.accept.iter().map(ToString::to_string),
        )?;
        list(
            f,
            "allow-unix",
            self.unix_dirs.iter().map(|d| d.display().to_string()),
        )?;
        list(f, "allow-abstract", self.abstract_names.iter().cloned())?;
        list(f, "allow-lookup", self.lookups.iter().cloned())?;
        writeln!(f, "allow-receive-sockets = {}", self.receive_sockets)?;
        writeln!(f, "allow-raw = {}", self.raw)?;
        writeln!(f, "allow-seqpacket = {}", self.seqpacket)?;
        writeln!(f, "allow-privileged-options = {}", self.privileged_options)?;
        writeln!(f, "allow-all-network = {}", self.all_network)
    }
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
}
