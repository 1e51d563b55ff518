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

/// The administrator's commands: two people with the same name are told apart by id, a
/// login is listed, disabled (it cannot connect), enabled and removed (its name is never
/// given again), and the server's state and damaged rows are reported, all in Vietnamese.
#[test]
fn the_admin_manages_logins_and_reads_the_servers_state() {
    let pg = PgCluster::start().unwrap();
    pg.create_database("nhiemvu").unwrap();
    let admin_url = format!("postgresql://postgres@127.0.0.1:{}/nhiemvu", pg.port());
    let su = format!("{}\n", pg.superuser_password());
    let (ok, out, errs) = nhiemvu(
        &["office-db", "init", "--url", &admin_url, "--password-stdin"],
        &su,
    );
    assert!(ok, "{out}{errs}");

    // An office with two officers called Nguyễn Văn An.
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("office.sqlite3");
    let mut store = Store::open(&first).unwrap();
    store
        .create_office(NewOffice {
            province_name: "Gia Lai".into(),
            issuing_body: "Văn phòng UBND tỉnh".into(),
            unit_name: "Văn phòng UBND tỉnh".into(),
            full_name: "Nguyễn Văn An".into(),
            title: "Chuyên viên".into(),
            role: Some(Role::Office),
        })
        .unwrap();
    let me = store.profile().unwrap().unwrap();
    let actor = me.actor();
    let twin = store
        .create_person(
            &actor,
            me.person.unit_id,
            "Nguyễn Văn An",
            Role::Office,
            "Phó Chánh Văn phòng",
        )
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

    let add = |who: &[&str], login: &str| {
        let mut args = vec!["office-db", "add-login", "--url", &admin_url];
        args.extend_from_slice(who);
        args.extend_from_slice(&["--login", login, "--password-stdin"]);
        nhiemvu(&args, &format!("{su}mật khẩu của An 2026\n"))
    };
    let (ok, _, errs) = add(&["--person", "Nguyễn Văn An"], "vp_an");
    assert!(!ok, "a name two people share is refused");
    assert!(errs.contains("Có 2 cán bộ cùng tên"), "{errs}");
    assert!(
        errs.contains(&twin.id.to_string()),
        "the ids are listed: {errs}"
    );
    let id = twin.id.to_string();
    let (ok, out, errs) = add(&["--person-id", &id], "vp_an");
    assert!(ok, "{out}{errs}");
    // Another application's role on the same server is not ours to take.
    pg.connect_superuser("nhiemvu")
        .unwrap()
        .batch_execute("CREATE ROLE ketoan_app LOGIN PASSWORD 'ke-toan-2026'")
        .unwrap();
    let (ok, _, errs) = add(&["--person-id", &id], "ketoan_app");
    assert!(!ok && errs.contains("không phải của Nhiệm Vụ"), "{errs}");

    let run = |args: &[&str]| {
        let mut all = vec!["office-db"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--url", &admin_url, "--password-stdin"]);
        nhiemvu(&all, &su)
    };
    let (ok, out, errs) = run(&["logins"]);
    assert!(ok, "{errs}");
    assert!(
        out.contains("vp_an") && out.contains(&id) && out.contains("đang dùng"),
        "{out}"
    );
    let an_can_connect = || {
        pg.connect("vp_an", "mật khẩu của An 2026", "nhiemvu")
            .is_ok()
    };
    assert!(an_can_connect());
    let (ok, out, errs) = run(&["disable-login", "--login", "vp_an"]);
    assert!(ok && out.contains("Đã khóa tài khoản"), "{out}{errs}");
    assert!(!an_can_connect(), "a disabled login cannot connect");
    let (ok, out, _) = run(&["logins"]);
    assert!(ok && out.contains("đang khóa từ"), "{out}");
    let (ok, out, errs) = run(&["enable-login", "--login", "vp_an"]);
    assert!(ok && out.contains("Đã mở lại"), "{out}{errs}");
    assert!(an_can_connect());
    let (ok, _, errs) = run(&["disable-login", "--login", "ketoan_app"]);
    assert!(
        !ok && errs.contains("không phải là tài khoản của Nhiệm Vụ"),
        "{errs}"
    );

    let (ok, out, errs) = run(&["status"]);
    assert!(ok, "{errs}");
    assert!(out.contains("Lược đồ: 3"), "{out}");
    assert!(out.contains("không có giao dịch nào giữ"), "{out}");
    assert!(
        out.contains("đã khóa tài khoản vp_an"),
        "the security log: {out}"
    );
    let (ok, out, errs) = run(&["damaged"]);
    assert!(
        ok && out.contains("Không có bản ghi nào hỏng"),
        "{out}{errs}"
    );

    let (ok, out, errs) = run(&["remove-login", "--login", "vp_an"]);
    assert!(ok && out.contains("Đã xóa tài khoản"), "{out}{errs}");
    assert!(!an_can_connect());
    let (ok, _, errs) = add(&["--person-id", &id], "vp_an");
    assert!(!ok && errs.contains("không được dùng lại"), "{errs}");
    for text in [&out, &errs] {
        assert_eq!(nhiemvu_core::text::nfc(text), *text, "Vietnamese in NFC");
    }
}
