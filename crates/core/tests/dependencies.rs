//! The core stays free of the desktop shell and of networking: checked over `cargo metadata`,
//! not by convention (DESIGN.md, "Dependency rules").

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

/// Crates whose presence means GUI or network code got into the core.
const FORBIDDEN: &[&str] = &[
    "tauri",
    "wry",
    "tao",
    "webkit2gtk",
    "tokio",
    "tokio-postgres",
    "postgres",
    "reqwest",
    "hyper",
    "ureq",
    "socket2",
    "mio",
    "native-tls",
    "rustls",
];

fn normal_closure(root: &str) -> BTreeSet<String> {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let start = names
        .iter()
        .find(|(_, n)| **n == root)
        .map(|(id, _)| *id)
        .expect("package in workspace");
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            // Only normal (and build) dependencies ship in the binary; dev-dependencies do not.
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if normal {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    seen.into_iter().map(|id| names[id].to_string()).collect()
}

#[test]
fn core_has_no_gui_or_network_crates() {
    let closure = normal_closure("nhiemvu-core");
    assert!(
        closure.contains("rusqlite"),
        "the walk found the core's dependencies: {closure:?}"
    );
    let bad: Vec<&String> = closure
        .iter()
        .filter(|n| FORBIDDEN.contains(&n.as_str()))
        .collect();
    assert!(bad.is_empty(), "nhiemvu-core depends on {bad:?}");
}

#[test]
fn the_app_does_depend_on_tauri() {
    // The check above would pass vacuously if the walk were broken; the app's closure shows
    // that it sees GUI crates where they are.
    assert!(normal_closure("nhiemvu").contains("tauri"));
}
