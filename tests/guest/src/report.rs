//! Output in the shape tests/php/scenarios.php prints, so the two can be compared byte for byte.

use sockbox_guest::{Error, Result, socket_strerror};

/// A PHP-like quoted string: `addcslashes($s, "\0..\37\"\\")` inside double quotes.
pub fn q(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in bytes {
        match b {
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            7 => out.push_str("\\a"),
            8 => out.push_str("\\b"),
            11 => out.push_str("\\v"),
            12 => out.push_str("\\f"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0..=31 => out.push_str(&format!("\\{b:03o}")),
            _ => out.push(b as char),
        }
    }
    out.push('"');
    out
}

/// Prints `label: <value>` on success, or the failure as PHP shows it: `false [errno] text`,
/// `false` (no error recorded), or the exception's message.
pub fn report<T>(label: &str, r: Result<T>, show: impl FnOnce(&T) -> String) {
    keep(label, r, show);
}

/// Like [`report`] but hands the value back for further steps.
pub fn keep<T>(label: &str, r: Result<T>, show: impl FnOnce(&T) -> String) -> Option<T> {
    match r {
        Ok(v) => {
            println!("{label}: {}", show(&v));
            Some(v)
        }
        Err(e) => {
            println!("{label}: {}", failure(&e));
            None
        }
    }
}

fn failure(e: &Error) -> String {
    match e {
        Error::Errno(code) => format!(
            "false [{code}] {}",
            socket_strerror(i64::from(*code)).unwrap_or_default()
        ),
        Error::InvalidArgument(m) => format!("ValueError: {m}"),
        Error::Warning(m) => format!("Warning: {m}, false"),
        Error::Closed => "Error: closed".into(),
        Error::Unspecified => "false".into(),
    }
}
