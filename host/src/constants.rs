//! The `constants` interface: every constant PHP registers on Linux, at its Linux value.

include!(concat!(env!("OUT_DIR"), "/constants.rs"));

/// The value of a constant by name.
pub fn value(name: &str) -> Option<i64> {
    CONSTANTS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}
