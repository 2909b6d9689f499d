//! The numbers the host passes to the kernel and the numbers guests are told are one: every
//! `libc::NAME` in host/src that `wit/constants.tsv` also defines has the table's value.

/// (PHP's name in constants.tsv, the libc name, libc's value), from tests/build.rs.
const HOST_LIBC: &[(&str, &str, i64)] = include!(concat!(env!("OUT_DIR"), "/host_libc.rs"));

#[test]
fn every_libc_value_the_host_uses_is_the_constant_table_value() {
    let table: std::collections::HashMap<&str, i64> =
        sockbox::constants::CONSTANTS.iter().copied().collect();
    // The host's option, family, level and errno numbers: far more than a handful.
    assert!(HOST_LIBC.len() > 50, "only {} names found", HOST_LIBC.len());
    let wrong: Vec<String> = HOST_LIBC
        .iter()
        .filter(|(php, _, value)| table.get(php) != Some(value))
        .map(|(php, name, value)| {
            format!("{php}: table {:?}, libc::{name} {value}", table.get(php))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
