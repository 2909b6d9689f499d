//! Lists every `libc::NAME` the host's source uses that `wit/constants.tsv` also defines (as
//! NAME, or as PHP's `SOCKET_NAME` for errno values), for `tests/tests/constants.rs` to compare:
//! the host's syscalls and the constants guests are told must be the same numbers.

use std::collections::BTreeSet;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let tsv = root.join("wit/constants.tsv");
    let host = root.join("host/src");
    println!("cargo::rerun-if-changed={}", tsv.display());
    println!("cargo::rerun-if-changed={}", host.display());
    let defined: BTreeSet<String> = std::fs::read_to_string(&tsv)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut fields = l.split('\t');
            let (name, value) = (fields.next()?, fields.next()?);
            (value != "-").then(|| name.to_owned())
        })
        .collect();
    let mut files = Vec::new();
    rust_files(&host, &mut files);
    let mut used = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("libc::") {
            let name: String = text[at + 6..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.insert(name);
            }
        }
    }
    let mut rows = String::from("&[\n");
    for name in &used {
        let php = if defined.contains(name) {
            name.clone()
        } else if defined.contains(&format!("SOCKET_{name}")) {
            format!("SOCKET_{name}")
        } else {
            continue;
        };
        rows += &format!("    (\"{php}\", \"{name}\", libc::{name} as i64),\n");
    }
    rows += "]\n";
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("host_libc.rs");
    std::fs::write(out, rows).unwrap();
}
