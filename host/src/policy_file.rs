//! Policy files (`sockbox run --policy FILE`, `sockbox policy check FILE`): the CLI's allow
//! flags as TOML keys of the same names, plus limits. Flags, files and the builder API all go
//! through [`PolicySpec`], so the three mean the same thing.
//!
//! ```toml
//! allow-connect = ["127.0.0.1:8000-8100", "[::1]:443"]
//! allow-bind = ["127.0.0.1:8080"]
//! allow-accept = ["127.0.0.0/8:*"]
//! allow-unix = ["/run/app"]
//! allow-lookup = ["*.example.com"]
//! allow-abstract = ["app-*"]
//! allow-receive-sockets = false
//! allow-raw = false
//! allow-seqpacket = false
//! allow-privileged-options = false
//! allow-all-network = false
//!
//! [limits]
//! max-sockets = 64
//! max-io-bytes = 1048576
//! max-select = 1024
//! max-backlog = 64
//! max-memory = 268435456
//! ```

use crate::Limits;
use crate::policy::{Policy, PolicyError};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Everything a policy file (or the CLI) can say. The rule lists are filled by
/// [`PolicySpec::push`] or a file, and read through [`PolicySpec::policy`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PolicySpec {
    /// `--allow-connect` rules.
    #[serde(default)]
    allow_connect: Vec<Spanned<String>>,
    /// `--allow-bind` rules.
    #[serde(default)]
    allow_bind: Vec<Spanned<String>>,
    /// `--allow-accept` rules.
    #[serde(default)]
    allow_accept: Vec<Spanned<String>>,
    /// `--allow-unix` directories.
    #[serde(default)]
    allow_unix: Vec<Spanned<PathBuf>>,
    /// `--allow-lookup` globs.
    #[serde(default)]
    allow_lookup: Vec<Spanned<String>>,
    /// `--allow-abstract` name globs.
    #[serde(default)]
    allow_abstract: Vec<Spanned<String>>,
    /// `--allow-receive-sockets`.
    #[serde(default)]
    pub allow_receive_sockets: bool,
    /// `--allow-seqpacket`.
    #[serde(default)]
    pub allow_seqpacket: bool,
    /// `--allow-privileged-options`.
    #[serde(default)]
    pub allow_privileged_options: bool,
    /// `--allow-raw`.
    #[serde(default)]
    pub allow_raw: bool,
    /// `--allow-all-network`.
    #[serde(default)]
    pub allow_all_network: bool,
    /// Per-guest limits; unset ones keep their defaults.
    #[serde(default)]
    pub limits: LimitsSpec,
    /// Where the spec came from, for error messages (`None`: the command line).
    #[serde(skip)]
    source: Option<(PathBuf, String)>,
}

/// The `[limits]` table.
#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LimitsSpec {
    /// `--max-sockets`.
    pub max_sockets: Option<usize>,
    /// `--max-io-bytes`.
    pub max_io_bytes: Option<usize>,
    /// Sockets one `socket_select` may watch.
    pub max_select: Option<usize>,
    /// Connections a listening socket may queue.
    pub max_backlog: Option<usize>,
    /// Host-name lookups in flight.
    pub max_lookups: Option<usize>,
    /// `--max-memory`.
    pub max_memory: Option<usize>,
}

impl PolicySpec {
    /// Parses a policy file's text; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, PolicyError> {
        let mut spec: PolicySpec = toml::from_str(text).map_err(|e| PolicyError::File {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        spec.source = Some((path.to_path_buf(), text.to_string()));
        Ok(spec)
    }

    /// Reads and parses a policy file.
    pub fn load(path: &Path) -> Result<Self, PolicyError> {
        let text = std::fs::read_to_string(path).map_err(|e| PolicyError::File {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Self::parse(path, &text)
    }

    /// Adds one rule as the CLI gives it (`key` is the flag without dashes).
    pub fn push(&mut self, key: &str, value: &str) {
        let value = Spanned::new(0..0, value.to_string());
        match key {
            "allow-connect" => self.allow_connect.push(value),
            "allow-bind" => self.allow_bind.push(value),
            "allow-accept" => self.allow_accept.push(value),
            "allow-lookup" => self.allow_lookup.push(value),
            "allow-abstract" => self.allow_abstract.push(value),
            "allow-unix" => self
                .allow_unix
                .push(Spanned::new(0..0, PathBuf::from(value.into_inner()))),
            other => panic!("no rule key {other}"),
        }
    }

    /// Adds another spec's rules to this one (flags on top of a file).
    pub fn merge(&mut self, other: PolicySpec) {
        let located =
            |list: Vec<Spanned<String>>, src: &Option<(PathBuf, String)>| -> Vec<Spanned<String>> {
                // Rules from another source lose their spans: report them without a line.
                if src.is_some() {
                    list.into_iter()
                        .map(|s| Spanned::new(0..0, s.into_inner()))
                        .collect()
                } else {
                    list
                }
            };
        self.allow_connect
            .extend(located(other.allow_connect, &other.source));
        self.allow_bind
            .extend(located(other.allow_bind, &other.source));
        self.allow_accept
            .extend(located(other.allow_accept, &other.source));
        self.allow_lookup
            .extend(located(other.allow_lookup, &other.source));
        self.allow_abstract
            .extend(located(other.allow_abstract, &other.source));
        self.allow_receive_sockets |= other.allow_receive_sockets;
        self.allow_seqpacket |= other.allow_seqpacket;
        self.allow_privileged_options |= other.allow_privileged_options;
        let unix = other.allow_unix.into_iter();
        if other.source.is_some() {
            self.allow_unix
                .extend(unix.map(|s| Spanned::new(0..0, s.into_inner())));
        } else {
            self.allow_unix.extend(unix);
        }
        self.allow_raw |= other.allow_raw;
        self.allow_all_network |= other.allow_all_network;
        let l = other.limits;
        self.limits.max_sockets = l.max_sockets.or(self.limits.max_sockets);
        self.limits.max_io_bytes = l.max_io_bytes.or(self.limits.max_io_bytes);
        self.limits.max_select = l.max_select.or(self.limits.max_select);
        self.limits.max_backlog = l.max_backlog.or(self.limits.max_backlog);
        self.limits.max_lookups = l.max_lookups.or(self.limits.max_lookups);
        self.limits.max_memory = l.max_memory.or(self.limits.max_memory);
    }

    /// Where a value came from: `file:line: key` or `--key`.
    /// `error` of the rule `value`, placed where it was given.
    fn error_at<T>(&self, key: &str, value: &Spanned<T>, error: PolicyError) -> PolicyError {
        PolicyError::At {
            place: self.at(key, value),
            error: Box::new(error),
        }
    }

    fn at<T>(&self, key: &str, value: &Spanned<T>) -> String {
        match &self.source {
            Some((path, text)) if value.span().end > 0 => match text.get(..value.span().start) {
                Some(before) => {
                    let line = before.matches('\n').count() + 1;
                    format!("{}:{line}: {key}", path.display())
                }
                None => format!("{}: {key}", path.display()),
            },
            _ => format!("--{key}"),
        }
    }

    /// Builds the policy, naming the file line (or flag) of any bad rule.
    pub fn policy(&self) -> Result<Policy, PolicyError> {
        type Add = fn(Policy, &str) -> Result<Policy, PolicyError>;
        let mut p = Policy::deny_all();
        let lists: [(&str, &Vec<Spanned<String>>, Add); 5] = [
            ("allow-connect", &self.allow_connect, Policy::allow_connect),
            ("allow-bind", &self.allow_bind, Policy::allow_bind),
            ("allow-accept", &self.allow_accept, Policy::allow_accept),
            ("allow-lookup", &self.allow_lookup, Policy::allow_lookup),
            (
                "allow-abstract",
                &self.allow_abstract,
                Policy::allow_abstract,
            ),
        ];
        for (key, rules, add) in lists {
            for rule in rules {
                p = add(p, rule.get_ref()).map_err(|e| self.error_at(key, rule, e))?;
            }
        }
        for dir in &self.allow_unix {
            p = p
                .allow_unix(dir.get_ref())
                .map_err(|e| self.error_at("allow-unix", dir, e))?;
        }
        if self.allow_receive_sockets {
            p = p.allow_receive_sockets();
        }
        if self.allow_seqpacket {
            p = p.allow_seqpacket();
        }
        if self.allow_privileged_options {
            p = p.allow_privileged_options();
        }
        if self.allow_raw {
            p = p.allow_raw();
        }
        if self.allow_all_network {
            p = p.allow_all_network();
        }
        Ok(p)
    }

    /// The limits: what the spec sets, defaults for the rest.
    pub fn limits(&self) -> Limits {
        let d = Limits::default();
        let l = &self.limits;
        Limits::default()
            .max_sockets(l.max_sockets.unwrap_or(d.max_sockets))
            .max_io_bytes(l.max_io_bytes.unwrap_or(d.max_io_bytes))
            .max_select(l.max_select.unwrap_or(d.max_select))
            .max_backlog(l.max_backlog.unwrap_or(d.max_backlog))
            .max_lookups(l.max_lookups.unwrap_or(d.max_lookups))
            .max_memory(l.max_memory.unwrap_or(d.max_memory))
    }
}

/// The effective limits, as a `[limits]` table.
impl fmt::Display for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "[limits]")?;
        writeln!(f, "max-sockets = {}", self.max_sockets)?;
        writeln!(f, "max-io-bytes = {}", self.max_io_bytes)?;
        writeln!(f, "max-select = {}", self.max_select)?;
        writeln!(f, "max-backlog = {}", self.max_backlog)?;
        writeln!(f, "max-lookups = {}", self.max_lookups)?;
        writeln!(f, "max-memory = {}", self.max_memory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_and_flags_mean_the_same() {
        let file = PolicySpec::parse(
            Path::new("p.toml"),
            "allow-connect = [\"127.0.0.1:80\"]\n[limits]\nmax-sockets = 3\n",
        )
        .unwrap();
        let mut flags = PolicySpec::default();
        flags.push("allow-connect", "127.0.0.1:80");
        assert_eq!(
            file.policy().unwrap().to_string(),
            flags.policy().unwrap().to_string()
        );
        assert_eq!(file.limits().max_sockets, 3);
    }

    #[test]
    fn merging_files_keeps_each_rule_and_its_place() {
        let dir = std::env::temp_dir();
        let mut a =
            PolicySpec::parse(Path::new("a.toml"), "allow-bind = [\"127.0.0.1:1\"]\n").unwrap();
        let long = format!(
            "{}allow-unix = [{:?}]\nallow-connect = [\"bad\"]\n",
            "\n".repeat(50),
            dir
        );
        a.merge(PolicySpec::parse(Path::new("b.toml"), &long).unwrap());
        let err = a.policy().unwrap_err();
        assert!(
            err.to_string()
                .contains("allow-connect: invalid rule 'bad'"),
            "{err}"
        );
        assert_eq!(a.allow_unix.len(), 1);
    }

    #[test]
    fn errors_name_the_line() {
        let err = PolicySpec::parse(
            Path::new("p.toml"),
            "allow-bind = [\"127.0.0.1:1\"]\nallow-connect = [\n  \"10.0.0.1\",\n]\n",
        )
        .unwrap()
        .policy()
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.toml:3: allow-connect: invalid rule '10.0.0.1'"),
            "{err}"
        );
        let err = PolicySpec::parse(Path::new("p.toml"), "allow-everything = true\n").unwrap_err();
        assert!(matches!(err, PolicyError::File { .. }), "{err:?}");
        assert!(
            err.to_string().contains("unknown field `allow-everything`"),
            "{err}"
        );
    }
}
