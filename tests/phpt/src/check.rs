//! The assertions the ports use, and what the harness passes in.

use sockbox_guest::{Error, Socket, socket_select};
use std::collections::HashMap;

/// A step's value, or what differed from the phpt's expectation.
pub type Fallible<T> = std::result::Result<T, String>;

/// A test's outcome: `Err` says what differed from the phpt's expectation.
pub type Outcome = Fallible<()>;

/// One ported phpt.
pub type TestFn = fn(&Ctx) -> Outcome;

/// The `KEY=VALUE` arguments the harness passes, and the documented differences a port
/// asserted instead of the phpt's expectation.
pub struct Ctx {
    args: HashMap<String, String>,
    differs: std::cell::RefCell<Vec<&'static str>>,
}

impl Ctx {
    pub fn new(args: &[String]) -> Self {
        let args = args
            .iter()
            .filter_map(|a| a.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        Ctx {
            args,
            differs: Default::default(),
        }
    }

    /// Records that the next assertion checks sockbox's documented behaviour
    /// (docs/php-differences.md), not the phpt's: the test then reports DIFFERS, not PASS.
    pub fn differs(&self, what: &'static str) {
        self.differs.borrow_mut().push(what);
    }

    /// The differences recorded so far.
    pub fn differences(&self) -> Vec<&'static str> {
        self.differs.borrow().clone()
    }

    /// A string argument, or `default`.
    pub fn get<'a>(&'a self, key: &str, default: &'a str) -> &'a str {
        self.args.get(key).map(String::as_str).unwrap_or(default)
    }

    /// An integer argument, or `default` (the phpt's hard-coded value).
    pub fn int(&self, key: &str, default: i64) -> i64 {
        self.args
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// The directory AF_UNIX paths go in (the phpts use /tmp or their own directory).
    pub fn path(&self, file: &str) -> String {
        format!("{}/{file}", self.get("dir", "/tmp"))
    }
}

/// Fails the test with a formatted reason, prefixed by the source line.
macro_rules! fail {
    ($($arg:tt)+) => {
        return Err(format!("line {}: {}", line!(), format!($($arg)+)))
    };
}

/// Fails the test unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            fail!($($arg)+);
        }
    };
}

/// Fails the test unless both sides are equal.
macro_rules! eq {
    ($actual:expr, $expected:expr $(,)?) => {{
        let (actual, expected) = (&$actual, &$expected);
        if actual != expected {
            fail!(
                "{} is {:?}, expected {:?}",
                stringify!($actual),
                actual,
                expected
            );
        }
    }};
}

/// The value of a call that must succeed (PHP's non-false return).
macro_rules! ok {
    ($call:expr) => {
        match $call {
            Ok(value) => value,
            Err(e) => fail!("{} failed: {:?} ({})", stringify!($call), e, e),
        }
    };
}

/// The error of a call that must fail.
macro_rules! err {
    ($call:expr) => {
        match $call {
            Ok(value) => fail!(
                "{} succeeded with {:?}, expected a failure",
                stringify!($call),
                value
            ),
            Err(e) => e,
        }
    };
}

/// PHP's `ValueError` / `TypeError` with exactly this message.
macro_rules! throws {
    ($call:expr, $message:expr) => {{
        let e = err!($call);
        if let Err(why) = $crate::check::is_invalid(&e, $message) {
            fail!("{}: {}", stringify!($call), why);
        }
    }};
}

/// PHP's `false` with this errno recorded (the warning's `[%d]`).
macro_rules! errno {
    ($call:expr, $errno:expr) => {{
        let e = err!($call);
        if e != sockbox_guest::Error::Errno($errno as i32) {
            fail!(
                "{} failed with {:?} ({}), expected errno {} ({})",
                stringify!($call),
                e,
                e,
                $errno,
                sockbox_guest::socket_strerror($errno as i64).unwrap_or_default()
            );
        }
    }};
}

/// Whether `e` is an invalid-argument error whose message matches the EXPECTF `pattern`.
pub fn is_invalid(e: &Error, pattern: &str) -> Outcome {
    match e {
        Error::InvalidArgument(message) if expectf(pattern, message) => Ok(()),
        other => Err(format!(
            "failed with {other:?}, expected ValueError/TypeError \"{pattern}\""
        )),
    }
}

/// Whether `actual` matches a run-tests.php EXPECTF pattern: `%s` (one or more characters
/// other than a newline), `%a` (one or more of any), `%A` (zero or more of any), `%d` (digits),
/// `%i` (a signed integer).
pub fn expectf(pattern: &str, actual: &str) -> bool {
    fn matches(p: &[u8], a: &[u8]) -> bool {
        match p {
            [] => a.is_empty(),
            [b'%', kind @ (b's' | b'a' | b'A' | b'd' | b'i'), rest @ ..] => {
                let mut start = 0;
                if *kind == b'i' && matches!(a.first(), Some(b'-' | b'+')) {
                    start = 1;
                }
                let allowed = |c: u8| match kind {
                    b's' => c != b'\n',
                    b'a' | b'A' => true,
                    _ => c.is_ascii_digit(),
                };
                let min = if *kind == b'A' { 0 } else { start + 1 };
                let mut end = start;
                while end < a.len() && allowed(a[end]) {
                    end += 1;
                }
                (min..=end)
                    .rev()
                    .any(|n| n <= a.len() && matches(rest, &a[n..]))
            }
            [c, rest @ ..] => a.first() == Some(c) && matches(rest, &a[1..]),
        }
    }
    matches(pattern.as_bytes(), actual.as_bytes())
}

/// mcast_helpers.php.inc's `checktimeout()`: waits (at most `ms` milliseconds) for `sock`
/// to become readable.
pub fn readable_within(sock: &Socket, ms: i64) -> Outcome {
    let mut read = vec![sock];
    match socket_select(
        &mut read,
        &mut vec![],
        &mut vec![],
        Some(ms / 1000),
        (ms % 1000) * 1000,
    ) {
        Ok(1) => Ok(()),
        other => Err(format!("socket not readable within {ms} ms: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::expectf;

    #[test]
    fn patterns() {
        assert!(expectf("a %d b", "a 12 b"));
        assert!(!expectf("a %d b", "a  b"));
        assert!(expectf("x%A", "x"));
        assert!(expectf("%s not supported", "Socket type not supported"));
        assert!(expectf(
            "between %s and %s",
            "between -2147483648 and 2147483647"
        ));
        assert!(expectf("%i", "-5"));
    }
}
