//! Generates the constants table from the single source of truth, `wit/constants.tsv` (this
//! crate's copy of the workspace's `wit/`).

use std::fmt::Write;

fn main() {
    let src = "wit/constants.tsv";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).expect("read wit/constants.tsv");
    let mut out = String::from(
        "/// Every constant defined on Linux, in the order of `wit/constants.tsv`.\npub static CONSTANTS: &[(&str, i64)] = &[\n",
    );
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (Some(name), Some(value)) = (cols.next(), cols.next()) else {
            panic!("bad line: {line}")
        };
        if value == "-" {
            continue;
        }
        let value: i64 = value
            .parse()
            .unwrap_or_else(|_| panic!("bad value in: {line}"));
        writeln!(out, "    ({name:?}, {value}),").unwrap();
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("constants.rs");
    std::fs::write(dest, out).unwrap();
}
