//! How an operator writes a [`Policy`]: the builders (`allow_*`, one per CLI flag and
//! policy-file key), the `ADDR:PORTS` rule syntax and its errors, and the policy shown back in
//! policy-file form. The decisions the rules make are in `policy.rs`.

use super::Policy;
use ipnet::IpNet;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An allow rule for IP endpoints: an address or CIDR and a port range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetRule {
    pub(super) nets: Vec<IpNet>,
    pub(super) ports: (u16, u16),
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

impl fmt::Display for NetRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
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
        self.abstract_names
            .push(non_empty(glob, "allow-abstract")?.to_string());
        Ok(self)
    }

    /// Lets sockets sent with SCM_RIGHTS reach the guest (only sockets ever do; files are
    /// closed on arrival either way).
    pub fn allow_receive_sockets(mut self) -> Self {
        self.receive_sockets = true;
        self
    }

    /// Allows host-name lookups of names matching `glob` (`*` matches any run of characters).
    pub fn allow_lookup(mut self, glob: &str) -> Result<Self, PolicyError> {
        self.lookups
            .push(non_empty(glob, "allow-lookup")?.to_ascii_lowercase());
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
}

/// A name or glob given to rule `key`, which may not be empty.
fn non_empty<'a>(glob: &'a str, key: &'static str) -> Result<&'a str, PolicyError> {
    match glob.is_empty() {
        true => Err(PolicyError::EmptyName { key }),
        false => Ok(glob),
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
