//! OsKeychain against a real Secret Service: a private D-Bus session bus with
//! gnome-keyring-daemon on it, both started and killed by this test.
//!
//! Needs the Debian packages `dbus-daemon` and `gnome-keyring`; without them the test says
//! SKIPPED and passes, unless NHIEMVU_REQUIRE_REAL_KEYCHAIN=1 (then it fails).
//! Environment variables are process-global, so this binary has a single test.

#![cfg(target_os = "linux")]

mod common;

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{timed, which, TempDir};
use nhiemvu_keychain::{Credentials, Keychain, OsKeychain};

/// Children killed (and reaped) on drop, last started first.
struct Processes(Vec<(&'static str, Child)>);

impl Drop for Processes {
    fn drop(&mut self) {
        while let Some((name, mut child)) = self.0.pop() {
            let _ = child.kill();
            match child.wait() {
                Ok(status) => println!("stopped {name} (pid {}): {status}", child.id()),
                Err(e) => println!("could not reap {name}: {e}"),
            }
        }
    }
}

/// Says something even when libtest captures the test's output.
fn shout(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// A session bus config that listens in `dir` and activates no services.
fn bus_config(dir: &Path) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        dir.display()
    )
}

/// Starts dbus-daemon and returns its address.
fn start_bus(dbus_daemon: &Path, dir: &Path, procs: &mut Processes) -> String {
    let config = dir.join("bus.conf");
    std::fs::write(&config, bus_config(dir)).unwrap();
    let mut child = Command::new(dbus_daemon)
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(File::create(dir.join("dbus-daemon.log")).unwrap())
        .spawn()
        .expect("start dbus-daemon");
    let stdout = child.stdout.take().unwrap();
    procs.0.push(("dbus-daemon", child));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let address = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("dbus-daemon printed no address")
        .trim()
        .to_owned();
    assert!(address.starts_with("unix:"), "address {address:?}");
    address
}

/// Starts gnome-keyring-daemon on the bus with its login keyring unlocked by an empty
/// password, and all its files inside `dir`.
fn start_keyring(gnome_keyring: &Path, address: &str, dir: &Path, procs: &mut Processes) {
    for sub in ["runtime", "data", "config", "home"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let mut child = Command::new(gnome_keyring)
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .env("XDG_RUNTIME_DIR", dir.join("runtime"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("HOME", dir.join("home"))
        .stdin(Stdio::piped())
        .stdout(File::create(dir.join("gnome-keyring.log")).unwrap())
        .stderr(File::create(dir.join("gnome-keyring.err")).unwrap())
        .spawn()
        .expect("start gnome-keyring-daemon");
    // An empty password. It must be a line: with no bytes at all before EOF the daemon
    // does not create the login keyring, and there is no default collection.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"\n").unwrap();
    drop(stdin);
    procs.0.push(("gnome-keyring-daemon", child));
}

/// True when `needle` occurs in some file under `dir`.
fn occurs_in_files(dir: &Path, needle: &[u8]) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let path = e.path();
        if path.is_dir() {
            occurs_in_files(&path, needle)
        } else {
            std::fs::read(&path)
                .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        }
    })
}

#[test]
fn os_keychain_with_a_real_secret_service() {
    let (Some(dbus_daemon), Some(gnome_keyring)) =
        (which("dbus-daemon"), which("gnome-keyring-daemon"))
    else {
        let message = "SKIPPED os_keychain_with_a_real_secret_service: dbus-daemon or \
                       gnome-keyring-daemon is not installed \
                       (Debian: apt-get install dbus-daemon gnome-keyring)";
        if std::env::var_os("NHIEMVU_REQUIRE_REAL_KEYCHAIN").is_some_and(|v| v == "1") {
            panic!("{message}, and NHIEMVU_REQUIRE_REAL_KEYCHAIN=1");
        }
        shout(message);
        return;
    };

    let dir = TempDir::new("real");
    let mut procs = Processes(Vec::new());
    // Never reach a real desktop session by accident.
    std::env::set_var("XDG_RUNTIME_DIR", dir.path());
    let k = OsKeychain::new("nhiemvu-test").with_timeout(Duration::from_secs(10));

    // A bus with no Secret Service on it: Unavailable, quickly.
    let address = start_bus(&dbus_daemon, dir.path(), &mut procs);
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
    let (result, took) = timed(|| k.get("probe"));
    println!("bus without secret service: {took:?} -> {result:?}");
    assert!(result.unwrap_err().is_unavailable());
    assert!(took < Duration::from_secs(3), "took {took:?}");

    // Now with gnome-keyring on the bus.
    start_keyring(&gnome_keyring, &address, dir.path(), &mut procs);
    let start = Instant::now();
    loop {
        match k.get("probe") {
            Ok(_) => break,
            Err(e) if start.elapsed() < Duration::from_secs(10) => {
                println!("waiting for gnome-keyring: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("gnome-keyring did not come up: {e}"),
        }
    }
    println!("gnome-keyring ready after {:?}", start.elapsed());

    let db = "postgres:office";
    let key = "store-key";
    let password = "Mật-khẩu đúng 123!";
    let hex_key = "a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    let (r, took) = timed(|| k.get(db));
    println!("get missing: {took:?}");
    assert_eq!(r.unwrap(), None);
    let (r, took) = timed(|| k.set(db, "cũ"));
    println!("set: {took:?}");
    r.unwrap();
    k.set(db, password).unwrap(); // overwrite
    k.set(key, hex_key).unwrap();
    let (r, took) = timed(|| k.get(db));
    println!("get: {took:?}");
    assert_eq!(r.unwrap().as_deref(), Some(password));
    assert_eq!(k.get(key).unwrap().as_deref(), Some(hex_key));

    // A second OsKeychain value (a later app start) sees the same entries.
    let again = OsKeychain::new("nhiemvu-test");
    assert_eq!(again.get(db).unwrap().as_deref(), Some(password));
    // Another service name does not.
    assert_eq!(OsKeychain::new("nhiemvu-other").get(db).unwrap(), None);

    // From inside a tokio runtime, as in a Tauri async command.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let k2 = k.clone();
    let inside = rt
        .block_on(async move { tokio::spawn(async move { k2.get(db) }).await })
        .expect("no panic inside tokio");
    assert_eq!(inside.unwrap().as_deref(), Some(password));
    drop(rt);

    // Credentials over the real keychain: no fallback.
    let c = Credentials::new(k.clone());
    assert_eq!(c.get(db).unwrap().as_deref(), Some(password));
    assert_eq!(c.fallback_notice(), None);

    // Nothing readable on disk: gnome-keyring's files are encrypted.
    assert!(!occurs_in_files(dir.path(), password.as_bytes()));
    assert!(!occurs_in_files(dir.path(), hex_key.as_bytes()));

    let (r, took) = timed(|| k.delete(db));
    println!("delete: {took:?}");
    r.unwrap();
    assert_eq!(k.get(db).unwrap(), None);
    k.delete(db).unwrap(); // deleting a missing entry is fine
    k.delete(key).unwrap();
    assert_eq!(k.get(key).unwrap(), None);

    drop(procs); // kill gnome-keyring-daemon, then dbus-daemon

    // The bus is gone: Unavailable again, quickly.
    let (result, took) = timed(|| k.get(db));
    println!("after the bus stopped: {took:?} -> {result:?}");
    assert!(result.unwrap_err().is_unavailable());
    assert!(took < Duration::from_secs(3));
}
