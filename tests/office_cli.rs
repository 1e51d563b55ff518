//! The office database's command line against a real PostgreSQL: an office that started
//! alone on one PC initialises the shared database, uploads its directory, gives its
//! people logins, and a second PC syncs with one of them. Passwords go through stdin.

#![cfg(feature = "office-sync")]

use std::io::Write;
use std::process::{Command, Stdio};

use nhiemvu_core::model::Role;
use nhiemvu_core::store::{NewOffice, Store};
use nhiemvu_pgtest::PgCluster;

fn nhiemvu(args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nhiemvu"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // No OS keychain in the test: the password is not saved, and that is said.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn init_seed_add_login_then_sync_from_a_new_pc() {
    let pg = PgCluster::start().unwrap();
    pg.create_database("nhiemvu").unwrap();
    let admin_url = format!("postgresql://postgres@127.0.0.1:{}/nhiemvu", pg.port());
    let su = format!("{}\n", pg.superuser_password());

    let (ok, out, errs) = nhiemvu(
        &["office-db", "init", "--url", &admin_url, "--password-stdin"],
        &su,
    );
    assert!(ok, "{out}{errs}");
    assert!(out.contains("đã được đưa lên lược đồ"), "{out}");
    let (ok, out, _) = nhiemvu(
        &["office-db", "init", "--url", &admin_url, "--password-stdin"],
        &su,
    );
    assert!(
        ok && out.contains("không cần nâng cấp"),
        "safe to run twice: {out}"
    );

    // The office that started alone.
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("office.sqlite3");
    let mut store = Store::open(&first).unwrap();
    store
        .create_office(NewOffice {
            province_name: "Gia Lai".into(),
            issuing_body: "Văn phòng UBND tỉnh".into(),
            unit_name: "Văn phòng UBND tỉnh".into(),
            full_name: "Trần Thị Thu".into(),
            title: "Chuyên viên".into(),
            role: Some(Role::Office),
        })
        .unwrap();
    drop(store);
    let db = first.to_str().unwrap();
    let (ok, out, errs) = nhiemvu(
        &[
            "office-db",
            "seed",
            "--url",
            &admin_url,
            "--db",
            db,
            "--password-stdin",
        ],
        &su,
    );
    assert!(ok, "{out}{errs}");
    assert!(out.contains("1 đơn vị và 1 cán bộ"), "{out}");

    let (ok, out, errs) = nhiemvu(
        &[
            "office-db",
            "add-login",
            "--url",
            &admin_url,
            "--person",
            "Trần Thị Thu",
            "--login",
            "vp_thu",
            "--password-stdin",
        ],
        &format!("{su}mật khẩu của Thu 2026\n"),
    );
    assert!(ok, "{out}{errs}");
    let (ok, _, errs) = nhiemvu(
        &[
            "office-db",
            "add-login",
            "--url",
            &admin_url,
            "--person",
            "Không Có Ai",
            "--login",
            "x_y",
            "--password-stdin",
        ],
        &format!("{su}mật khẩu bất kỳ 2026\n"),
    );
    assert!(!ok && errs.contains("Không có cán bộ tên"), "{errs}");

    // A new PC logs in as Thu and gets the directory and her profile.
    let second = dir.path().join("pc2.sqlite3");
    let url = format!("postgresql://vp_thu@127.0.0.1:{}/nhiemvu", pg.port());
    let (ok, out, errs) = nhiemvu(
        &[
            "sync",
            "--url",
            &url,
            "--db",
            second.to_str().unwrap(),
            "--password-stdin",
        ],
        "mật khẩu của Thu 2026\n",
    );
    assert!(ok, "{out}{errs}");
    assert!(out.contains("Đã đồng bộ"), "{out}");
    let store = Store::open(&second).unwrap();
    assert_eq!(
        store.profile().unwrap().unwrap().person.full_name,
        "Trần Thị Thu"
    );

    let (ok, _, errs) = nhiemvu(
        &[
            "sync",
            "--url",
            &url,
            "--db",
            second.to_str().unwrap(),
            "--password-stdin",
        ],
        "sai mật khẩu\n",
    );
    assert!(!ok && errs.contains("Máy chủ từ chối đăng nhập"), "{errs}");
    let (ok, _, errs) = nhiemvu(
        &[
            "sync",
            "--url",
            &format!("postgresql://vp_thu:lo@127.0.0.1:{}/nhiemvu", pg.port()),
            "--db",
            second.to_str().unwrap(),
            "--password-stdin",
        ],
        "x\n",
    );
    assert!(
        !ok && errs.contains("Không ghi mật khẩu trong địa chỉ"),
        "{errs}"
    );
}
