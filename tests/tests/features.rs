//! The crate's features: an embedder that turns default features off gets the library alone.

use std::process::Command;

#[test]
fn without_default_features_the_library_brings_no_cli_dependencies() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(sockbox_tests::root())
        .args([
            "tree",
            "-p",
            "sockbox",
            "--no-default-features",
            "-e",
            "normal",
        ])
        .args(["--prefix", "none", "--offline"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.starts_with("sockbox "), "{tree}");
    for name in ["clap", "toml", "tracing-subscriber", "cranelift-codegen"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name} is a dependency without default features"
        );
    }
}
