//! Structure, checked rather than promised: the sync never depends on the confidential
//! store, and the app built without `office-sync` (the offline confidential workstation)
//! contains no sync, PostgreSQL or TLS code at all.

use std::process::Command;

fn tree(args: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree", "--edges", "normal", "--prefix", "none", "--format", "{p}",
        ])
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_sync_does_not_depend_on_the_confidential_store() {
    let deps = tree(&["-p", "nhiemvu-sync"]);
    assert!(
        deps.iter().any(|d| d == "postgres"),
        "the tree was read: {deps:?}"
    );
    assert!(
        !deps
            .iter()
            .any(|d| d.contains("secret") && d.starts_with("nhiemvu")),
        "{deps:?}"
    );
}

#[test]
fn the_offline_workstation_build_has_no_sync_code() {
    let with = tree(&["-p", "nhiemvu"]);
    assert!(
        with.iter().any(|d| d == "nhiemvu-sync"),
        "the default build syncs"
    );
    let without = tree(&["-p", "nhiemvu", "--no-default-features"]);
    for forbidden in [
        "nhiemvu-sync",
        "postgres",
        "tokio-postgres",
        "native-tls",
        "postgres-native-tls",
    ] {
        assert!(
            !without.iter().any(|d| d == forbidden),
            "{forbidden} in the offline build"
        );
    }
}
