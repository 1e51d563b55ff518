//! 4 and 8. The admin manages the app's own logins only; real SCRAM verifiers.

use super::*;

// ---------------------------------------------------------------------------------------
// 4 and 8. The admin manages the app's own logins, and only those.

fn rolpassword(su: &mut Client, role: &str) -> Option<String> {
    su.query_opt(
        "SELECT rolpassword FROM pg_authid WHERE rolname = $1",
        &[&role],
    )
    .unwrap()
    .and_then(|r| r.get(0))
}

fn provision(id: Uuid, unit: Uuid, login: &str, verifier: &str) -> String {
    format!(
        "SELECT nv.provision_person('{id}', 'Người Mới', '{unit}', 'unit', '', '{login}', '{verifier}')"
    )
}

#[test]
fn the_admin_manages_only_the_apps_own_logins() {
    let office = Office::start();
    let mut su = office.superuser();
    office.pg.create_database("ketoan").unwrap();
    su.batch_execute(
        "CREATE ROLE ketoan_app LOGIN PASSWORD 'KeToan-2026';
         GRANT CONNECT ON DATABASE ketoan TO ketoan_app;",
    )
    .unwrap();
    let before = rolpassword(&mut su, "ketoan_app");
    let verifier = scram_verifier("Mật-khẩu-chiếm-quyền");
    let health = office.health.id;
    let mut an = office.direct("qt_an");

    // Another application's role: never taken over, for a new person or an existing one.
    let taken = "Tên đăng nhập \"ketoan_app\" đã được dùng cho một tài khoản khác trên máy chủ (không phải của Nhiệm Vụ); hãy chọn tên khác.";
    forbidden(
        &mut an,
        &provision(Uuid::now_v7(), health, "ketoan_app", &verifier),
        taken,
    );
    forbidden(
        &mut an,
        &provision(office.people["sxd_hoa"].id, health, "ketoan_app", &verifier),
        taken,
    );
    forbidden(
        &mut an,
        &format!(
            "SELECT nv.provision_person(gen_random_uuid(), 'X', '{health}', 'unit', '', 'ketoan_app', NULL)"
        ),
        taken,
    );
    assert_eq!(
        rolpassword(&mut su, "ketoan_app"),
        before,
        "its password is unchanged"
    );
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM pg_auth_members WHERE member = (SELECT oid FROM pg_roles WHERE rolname = 'ketoan_app')"
        ),
        0,
        "and it was given no role"
    );
    office
        .pg
        .connect("ketoan_app", "KeToan-2026", "ketoan")
        .unwrap();
    // Nor disabled, enabled or removed.
    for f in ["disable_login", "enable_login", "remove_login"] {
        for role in ["ketoan_app", "postgres", "nhiemvu_owner", "nhiemvu_admin"] {
            forbidden(
                &mut an,
                &format!("SELECT nv.{f}('{role}')"),
                &format!("\"{role}\" không phải là tài khoản của Nhiệm Vụ."),
            );
        }
    }
    office
        .pg
        .connect("ketoan_app", "KeToan-2026", "ketoan")
        .unwrap();

    // Login names: the server's own rule.
    for bad in [
        "postgres",
        "public",
        "current_user",
        "nhiemvu_owner",
        "nhiemvu_x",
        "pg_monitor",
        "pg_x",
        "KeToan",
        "1abc",
        "a-b",
        "ke toan",
        "kế_toán",
        "",
    ] {
        invalid(
            &mut an,
            &provision(Uuid::now_v7(), health, bad, &verifier),
            &format!(
                "Tên đăng nhập \"{bad}\" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái (ví dụ nguyenvana)."
            ),
        );
    }
    // Another person's login of the app.
    refused(
        &mut an,
        &provision(Uuid::now_v7(), health, "syt_binh", &verifier),
        &SqlState::UNIQUE_VIOLATION,
        "Tên đăng nhập \"syt_binh\" đã được dùng cho một cán bộ khác.",
    );
    // The legal call.
    an.batch_execute(&provision(
        Uuid::now_v7(),
        health,
        "syt_mai",
        &scram_verifier(PASSWORD),
    ))
    .unwrap();
    office.direct("syt_mai");

    // Only the admin manages logins.
    for login in logins().filter(|l| *l != "qt_an") {
        let mut c = office.direct(login);
        for f in ["disable_login", "enable_login", "remove_login"] {
            no_grant(
                &mut c,
                &format!("SELECT nv.{f}('syt_mai')"),
                &format!("function {f}"),
            );
        }
        no_grant(
            &mut c,
            &provision(Uuid::now_v7(), health, "ke_mao_danh", &verifier),
            "function provision_person",
        );
    }

    // Renamed: the old name can no longer log in, and its open session ends.
    let mut old = office.direct("sxd_hoa");
    let hoa = &office.people["sxd_hoa"];
    an.batch_execute(&format!(
        "SELECT nv.provision_person('{}', 'Đặng Thị Hoa', '{}', 'unit', 'Chuyên viên', 'sxd_hoa_moi', '{}')",
        hoa.id,
        office.construction.id,
        scram_verifier(PASSWORD)
    ))
    .unwrap();
    wait_for("the old session to end", || {
        old.batch_execute("SELECT 1").err()
    });
    let e = refused_login(&office, "sxd_hoa", PASSWORD, DB);
    assert_eq!(
        e.as_db_error().unwrap().message(),
        "role \"sxd_hoa\" is not permitted to log in"
    );
    let mut new = office.pg.connect("sxd_hoa_moi", PASSWORD, DB).unwrap();
    let unit: Vec<Uuid> = new
        .query_one("SELECT nv.unit_ids_of(current_user)", &[])
        .unwrap()
        .get(0);
    assert_eq!(unit, vec![office.construction.id]);
    invalid(
        &mut an,
        "SELECT nv.enable_login('sxd_hoa')",
        "Tài khoản \"sxd_hoa\" đã được thay bằng \"sxd_hoa_moi\".",
    );

    // Disabled: cannot connect, its session ends; enabled again, it has its rights back.
    let mut pc = office.pc("syt_binh");
    let mut open = office.direct("syt_binh");
    an.batch_execute("SELECT nv.disable_login('syt_binh')")
        .unwrap();
    wait_for("the disabled login's session to end", || {
        open.batch_execute("SELECT 1").err()
    });
    let e = refused_login(&office, "syt_binh", PASSWORD, DB);
    assert_eq!(
        e.as_db_error().unwrap().message(),
        "role \"syt_binh\" is not permitted to log in"
    );
    pc.session = None;
    assert!(pc.try_sync().is_err(), "its PC cannot sync");
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM nv.logins WHERE login = 'syt_binh' AND disabled_at IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM nv.security_log WHERE what = 'login_disabled' AND subject = 'syt_binh' AND by_login = 'qt_an'"
        ),
        1
    );
    an.batch_execute("SELECT nv.enable_login('syt_binh')")
        .unwrap();
    let mut back = office.direct("syt_binh");
    let kind: Option<String> = back
        .query_one("SELECT nv.kind_of(current_user)", &[])
        .unwrap()
        .get(0);
    assert_eq!(kind.as_deref(), Some("unit"));
    pc.sync();

    // Removed: gone for good, and the name is never given again.
    an.batch_execute("SELECT nv.remove_login('stc_cuong')")
        .unwrap();
    assert!(office.pg.connect("stc_cuong", PASSWORD, DB).is_err());
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM pg_roles WHERE rolname = 'stc_cuong'"
        ),
        0
    );
    refused(
        &mut an,
        &provision(
            office.people["stc_cuong"].id,
            office.finance.id,
            "stc_cuong",
            &verifier,
        ),
        &SqlState::UNIQUE_VIOLATION,
        "Tên đăng nhập \"stc_cuong\" đã bị xóa và không được dùng lại (lịch sử vẫn ghi tên này).",
    );
    refused(
        &mut an,
        &provision(Uuid::now_v7(), office.finance.id, "stc_cuong", &verifier),
        &SqlState::UNIQUE_VIOLATION,
        "Tên đăng nhập \"stc_cuong\" đã được dùng cho một cán bộ khác.",
    );
    // What the admin sees.
    let rows = admin::logins(&mut an).unwrap();
    let state = |l: &str| {
        let r = rows.iter().find(|r| r.login == l).unwrap();
        (r.disabled_at.is_some(), r.removed_at.is_some())
    };
    assert_eq!(state("stc_cuong"), (true, true));
    assert_eq!(state("sxd_hoa"), (true, false));
    assert_eq!(state("syt_binh"), (false, false));
    assert!(!rows.iter().any(|r| r.login == "ketoan_app"));
}

// ---------------------------------------------------------------------------------------
// 8. Passwords reach the server only as real SCRAM verifiers.

#[test]
fn only_real_scram_verifiers_are_accepted() {
    let office = Office::start();
    let new_password = "Mật-khẩu-mới-2026";
    let good = scram_verifier(new_password);
    // SCRAM-SHA-256$4096:<salt>$<stored key>:<server key>
    let (head, keys) = good.split_once('$').unwrap().1.split_once('$').unwrap();
    let (_, salt) = head.split_once(':').unwrap();
    let (stored, server) = keys.split_once(':').unwrap();
    let zeros = |n: usize| {
        // base64 of n zero bytes
        let full = n / 3 * 4;
        let rest = match n % 3 {
            0 => "",
            1 => "AA==",
            _ => "AAA=",
        };
        format!("{}{rest}", "A".repeat(full))
    };
    let not_scram = "Mật khẩu phải được gửi dưới dạng SCRAM-SHA-256.";
    let bad_hash = "Mật khẩu băm không hợp lệ.";
    let cases: Vec<(String, &str)> = vec![
        (new_password.into(), not_scram),
        (format!("md5{}", "0".repeat(32)), not_scram),
        (String::new(), not_scram),
        (format!("{good} "), not_scram),
        (format!("SCRAM-SHA-256${head}"), not_scram),
        (
            format!("SCRAM-SHA-256$1000:{salt}${stored}:{server}"),
            "Mật khẩu phải được băm với ít nhất 4096 vòng.",
        ),
        (
            format!("SCRAM-SHA-256$1:{salt}${stored}:{server}"),
            "Mật khẩu phải được băm với ít nhất 4096 vòng.",
        ),
        (
            format!("SCRAM-SHA-256$4096:{}${stored}:{server}", zeros(8)),
            bad_hash,
        ),
        (
            format!("SCRAM-SHA-256$4096:{salt}${}:{server}", zeros(16)),
            bad_hash,
        ),
        (
            format!("SCRAM-SHA-256$4096:{salt}${stored}:{}", zeros(48)),
            bad_hash,
        ),
        (
            format!("SCRAM-SHA-256$4096:{salt}${stored}:{}", &server[1..]),
            bad_hash,
        ),
    ];
    let mut su = office.superuser();
    for login in logins() {
        let mut c = office.direct(login);
        let before = rolpassword(&mut su, login);
        for (v, m) in &cases {
            invalid(
                &mut c,
                &format!("SELECT nv.set_my_password('{}')", v.replace('\'', "''")),
                m,
            );
        }
        invalid(&mut c, "SELECT nv.set_my_password(NULL)", not_scram);
        assert_eq!(rolpassword(&mut su, login), before, "{login}");
        office.pg.connect(login, PASSWORD, DB).unwrap();
        // A real one works: the new password logs in, the old one no longer.
        c.batch_execute(&format!("SELECT nv.set_my_password('{good}')"))
            .unwrap();
        office.pg.connect(login, new_password, DB).unwrap();
        assert!(office.pg.connect(login, PASSWORD, DB).is_err(), "{login}");
    }
    // The admin's provisioning checks the same.
    let mut an = office.pg.connect("qt_an", new_password, DB).unwrap();
    for (v, m) in &cases {
        invalid(
            &mut an,
            &provision(Uuid::now_v7(), office.health.id, "syt_moi", v),
            m,
        );
    }
    an.batch_execute(&provision(
        Uuid::now_v7(),
        office.health.id,
        "syt_moi",
        &scram_verifier(PASSWORD),
    ))
    .unwrap();
    office.pg.connect("syt_moi", PASSWORD, DB).unwrap();
}

// ---------------------------------------------------------------------------------------
