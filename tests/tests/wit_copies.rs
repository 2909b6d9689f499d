//! `host/wit` and `guest-sdk/wit` are the published crates' copies of `wit/` (a packaged crate
//! reads only its own files): they must be `wit/` byte for byte, no file more or less.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `dir`, by its path relative to `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn each_crate_carries_the_workspace_wit_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let truth = files(&root.join("wit"));
    assert!(truth.contains_key(Path::new("sockets.wit")));
    for krate in ["host", "guest-sdk"] {
        let copy = files(&root.join(krate).join("wit"));
        let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&copy),
            names(&truth),
            "{krate}/wit: run scripts/sync-wit"
        );
        for (path, bytes) in &truth {
            assert!(
                copy[path] == *bytes,
                "{krate}/wit/{} differs from wit/: run scripts/sync-wit",
                path.display()
            );
        }
    }
}
