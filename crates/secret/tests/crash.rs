//! kill -9 in the middle of writing: everything committed before is there, the numbers are
//! still continuous, and the audit chain still verifies.

mod common;
use common::*;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use nhiemvu_core::model::Secrecy;
use nhiemvu_secret::{MemoryVault, Register, SecretStore};

/// The child: registers documents as fast as it can, noting each committed number.
#[test]
#[ignore = "run by killed_mid_write_keeps_every_committed_entry as a child process"]
fn crash_child_writer() {
    let (Ok(dir), Ok(code)) = (
        std::env::var("NHIEMVU_SECRET_CRASH_DIR"),
        std::env::var("NHIEMVU_SECRET_CRASH_CODE"),
    ) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let vault = MemoryVault::new();
    let mut s =
        SecretStore::open_with_recovery_code(&dir.join("so-mat.nvm"), &code, None, &vault, clerk())
            .unwrap();
    let mut marker = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("marker"))
        .unwrap();
    for i in 0.. {
        let e = s
            .register_outgoing(outgoing(
                &format!("Văn bản {i}"),
                Secrecy::Secret,
                local(2026, 7, 1, 9, 0),
            ))
            .unwrap();
        writeln!(marker, "{}", e.number).unwrap();
        marker.sync_all().unwrap();
    }
}

#[test]
fn killed_mid_write_keeps_every_committed_entry() {
    let f = fixture();
    let path = f.path();
    let code = f.code.as_str().to_string();
    drop(f.store);
    let marker = f.dir.path().join("marker");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "crash_child_writer", "--nocapture"])
        .env("NHIEMVU_SECRET_CRASH_DIR", f.dir.path())
        .env("NHIEMVU_SECRET_CRASH_CODE", &code)
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let n = std::fs::read_to_string(&marker)
            .map(|s| s.lines().count())
            .unwrap_or(0);
        if n >= 30 || started.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let committed: Vec<u32> = std::fs::read_to_string(&marker)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert!(committed.len() >= 30, "the child wrote {}", committed.len());

    let store =
        SecretStore::open_with_recovery_code(&path, &code, None, &MemoryVault::new(), clerk())
            .unwrap();
    let numbers: Vec<u32> = store
        .entries(Register::Outgoing, None)
        .unwrap()
        .iter()
        .map(|e| e.number)
        .collect();
    for n in &committed {
        assert!(numbers.contains(n), "committed number {n} lost");
    }
    let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
    assert_eq!(numbers, expected, "no gap, no duplicate");
    let r = store.verify().unwrap();
    assert!(r.first_broken.is_none(), "{:?}", r.first_broken);
}
