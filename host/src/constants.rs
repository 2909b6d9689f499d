//! The `constants` interface: every constant PHP registers on Linux, at its Linux value.

include!(concat!(env!("OUT_DIR"), "/constants.rs"));
