//! OsKeychain where there is no keychain: it must answer Unavailable quickly, never panic
//! or hang. Environment variables are process-global, so this binary has a single test
//! that runs its cases one after another.

#![cfg(target_os = "linux")]

mod common;

use std::os::unix::net::UnixListener;
use std::sync::mpsc;
use std::time::Duration;

use common::{timed, TempDir};
use nhiemvu_keychain::{Credentials, Keychain, KeychainError, OsKeychain};

/// What "quickly" means for a missing bus.
const QUICK: Duration = Duration::from_secs(3);

fn expect_unavailable<T: std::fmt::Debug>(
    what: &str,
    f: impl FnOnce() -> Result<T, KeychainError>,
    limit: Duration,
) -> KeychainError {
    let (result, took) = timed(f);
    println!("{what}: {took:?} -> {result:?}");
    let err = result.expect_err(what);
    assert!(err.is_unavailable(), "{what}: {err:?}");
    assert_eq!(err.code(), "keychain_unavailable");
    assert!(took < limit, "{what} took {took:?}");
    err
}

fn all_three(label: &str, k: &OsKeychain) {
    expect_unavailable(&format!("{label} get"), || k.get("probe"), QUICK);
    expect_unavailable(&format!("{label} set"), || k.set("probe", "x"), QUICK);
    expect_unavailable(&format!("{label} delete"), || k.delete("probe"), QUICK);
}

#[test]
fn os_keychain_without_a_session_bus() {
    let dir = TempDir::new("nobus");
    // Never reach a real desktop session, even on a developer's machine.
    std::env::set_var("XDG_RUNTIME_DIR", dir.path());
    let k = OsKeychain::new("nhiemvu-test");

    // 1. The address points to a socket that does not exist.
    let missing = dir.path().join("no-such-bus");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", missing.display()),
    );
    all_three("missing socket", &k);

    // 2. No address at all: zbus then tries $XDG_RUNTIME_DIR/bus, which is not there.
    std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
    all_three("unset address", &k);

    // 3. Called from inside a tokio runtime, as a Tauri async command would: keyring's
    //    zbus backend blocks on its own runtime, which must not panic here.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", missing.display()),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let k2 = k.clone();
    let inside = rt.block_on(async move { tokio::spawn(async move { k2.get("probe") }).await });
    println!("inside tokio: {inside:?}");
    assert!(inside.expect("no panic").unwrap_err().is_unavailable());
    drop(rt);

    // 4. Credentials over it fall back to memory and say so.
    let c = Credentials::new(k.clone());
    let ((), took) = timed(|| c.set("postgres:office", "mật-khẩu").unwrap());
    println!("credentials fallback set: {took:?}");
    assert!(took < QUICK);
    assert_eq!(
        c.get("postgres:office").unwrap().as_deref(),
        Some("mật-khẩu")
    );
    let notice = c.fallback_notice().expect("fallback notice");
    println!("notice: {notice}");
    println!("reason: {}", c.fallback_reason().unwrap());

    // 5. A bus socket that accepts and then never answers: the time limit must cut in.
    let silent_path = dir.path().join("silent-bus");
    let listener = UnixListener::bind(&silent_path).unwrap();
    let (stop, stopped) = mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let mut held = Vec::new();
        loop {
            if let Ok((stream, _)) = listener.accept() {
                held.push(stream); // keep it open, say nothing
            }
            if stopped.recv_timeout(Duration::from_millis(20)).is_ok() {
                return; // dropping the streams ends the client's wait
            }
        }
    });
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", silent_path.display()),
    );
    let limit = Duration::from_millis(1500);
    let quick = k.clone().with_timeout(limit);
    let err = expect_unavailable("silent bus get", || quick.get("probe"), limit * 3);
    assert!(err.to_string().contains("không trả lời"), "{err}");
    stop.send(()).unwrap();
    holder.join().unwrap();

    // 6. The worker is free again once the silent peer hung up.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", missing.display()),
    );
    expect_unavailable("after the silent bus", || k.get("probe"), QUICK);
}
