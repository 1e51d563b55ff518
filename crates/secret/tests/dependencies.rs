//! Structure, checked rather than promised: nothing in the confidential store's dependency
//! closure can open a network connection, and the office sync does not depend on it.

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
    let mut deps: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    deps.sort();
    deps.dedup();
    deps
}

/// Crates that speak to a network, or carry sockets, TLS, HTTP or an async runtime's I/O.
const NETWORKING: &[&str] = &[
    "tokio",
    "mio",
    "socket2",
    "async-io",
    "async-net",
    "hyper",
    "h2",
    "reqwest",
    "ureq",
    "curl",
    "curl-sys",
    "native-tls",
    "openssl",
    "rustls",
    "tokio-postgres",
    "postgres",
    "postgres-protocol",
    "postgres-native-tls",
    "zbus",
    "dbus",
    "libdbus-sys",
    "keyring",
    "secret-service",
    "nhiemvu-sync",
    "nhiemvu-keychain",
    "tauri",
    "if-addrs",
    "trust-dns-resolver",
    "hickory-resolver",
    "tungstenite",
    "quinn",
];

#[test]
fn the_confidential_store_reaches_no_network() {
    let deps = tree(&["-p", "nhiemvu-secret"]);
    assert!(
        deps.iter().any(|d| d == "rusqlite"),
        "the tree was read: {deps:?}"
    );
    for bad in NETWORKING {
        assert!(
            !deps.iter().any(|d| d == bad),
            "{bad} is in nhiemvu-secret's dependencies"
        );
    }
}

#[test]
fn the_sync_does_not_depend_on_the_confidential_store() {
    let deps = tree(&["-p", "nhiemvu-sync"]);
    assert!(deps.iter().any(|d| d == "postgres"), "the tree was read");
    assert!(!deps.iter().any(|d| d == "nhiemvu-secret"));
}
