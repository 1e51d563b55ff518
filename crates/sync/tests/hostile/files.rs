//! 7. Files: a quota per login, loose files pruned.

use super::*;

// ---------------------------------------------------------------------------------------
// 7. Files: a quota per login, and loose files pruned.

#[test]
fn file_quotas_hold_for_every_login_and_loose_files_are_pruned() {
    let mut s = scene();
    let before = baseline(&mut s);
    let mb = 1_048_576usize;
    let mut su = s.office.superuser();
    su.batch_execute(&format!(
        "UPDATE nv.meta SET value = '{}' WHERE key = 'blob_unattached_bytes';
         UPDATE nv.meta SET value = '{}' WHERE key = 'blob_quota_bytes';",
        2 * mb,
        3 * mb
    ))
    .unwrap();
    let file = |login: &str, n: u8, size: usize| {
        let mut v = format!("%PDF-1.4 {login} {n} ").into_bytes();
        v.resize(size, n);
        v
    };
    let loose_limit =
        "Có quá nhiều tệp đã gửi mà chưa gắn vào văn bản hay báo cáo nào (hạn mức 2 MB).";
    let total_limit =
        "Tài khoản đã dùng hết dung lượng tệp trên máy chủ (3 MB). Liên hệ quản trị viên.";
    for login in logins() {
        let mut c = s.office.direct(login);
        if kind(login) == Role::Leader {
            let e = put_blob(&mut c, b"x").unwrap_err();
            assert_eq!(
                e.as_db_error().unwrap().message(),
                "permission denied for function put_blob"
            );
            continue;
        }
        let first = file(login, 1, mb + mb / 2);
        put_blob(&mut c, &first).unwrap();
        put_blob(&mut c, &first).unwrap(); // sending the same again costs nothing
        let e = put_blob(&mut c, &file(login, 2, mb)).unwrap_err();
        let db = e.as_db_error().unwrap();
        assert_eq!(
            (db.code(), db.message()),
            (&SqlState::PROGRAM_LIMIT_EXCEEDED, loose_limit),
            "{login}"
        );
        // Attached to a result (a unit) or a document (the office), the file no longer
        // counts as loose, but still counts in all.
        let sha = sha_of(&first);
        let attachment = json!({"sha256": sha, "file_name": "bao-cao.pdf"});
        if kind(login) == Role::Unit {
            let mut r = result_json(today_local());
            r["attachment"] = attachment;
            c.batch_execute(&act(s.overdue[login][0], &r)).unwrap();
        } else {
            let d = json!({
                "id": Uuid::now_v7(), "kind": "decision", "number": "5", "symbol": "QĐ-UBND",
                "issued_on": today_local().to_string(), "summary": "Về việc lưu trữ",
                "signer_name": "A", "signer_title": "B", "issuer": "chairman",
                "urgency": "normal", "origin": "qc45", "attachments": [attachment],
            });
            c.batch_execute(&format!(
                "SELECT nv.register_document(gen_random_uuid(), {}, '[]'::jsonb, now())",
                lit(&d)
            ))
            .unwrap();
        }
        put_blob(&mut c, &file(login, 3, mb)).unwrap();
        let e = put_blob(&mut c, &file(login, 4, mb)).unwrap_err();
        let db = e.as_db_error().unwrap();
        assert_eq!(
            (db.code(), db.message()),
            (&SqlState::PROGRAM_LIMIT_EXCEEDED, total_limit),
            "{login}"
        );
        // Another login's quota is its own.
    }
    // The admin prunes loose files older than a day (and who uploaded them), never one in use.
    let stored = count(&mut su, "SELECT count(*) FROM nv.blobs");
    su.batch_execute("UPDATE nv.blobs SET created_at = now() - interval '2 days'")
        .unwrap();
    for login in logins().filter(|l| *l != "qt_an") {
        let e = admin::prune_blobs(&mut s.office.direct(login)).unwrap_err();
        assert!(
            e.to_string()
                .contains("permission denied for function prune_blobs"),
            "{e}"
        );
    }
    let pruned = admin::prune_blobs(&mut s.office.direct("qt_an")).unwrap();
    assert_eq!(
        pruned, 6,
        "the loose file of each of the 6 logins that send files"
    );
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.blobs"), stored - 6);
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM nv.blob_uploads u WHERE NOT EXISTS (SELECT 1 FROM nv.blobs b WHERE b.sha256 = u.sha256)"
        ),
        0
    );
    // With room again, a login sends a file.
    put_blob(&mut s.office.direct("syt_binh"), &file("syt_binh", 5, mb)).unwrap();
    assert_eq!(numbers(&mut s.vp), before);
    s.everyone_syncs();
}

/// One login's uploads are serialised: two sent at once cannot both pass the quota.
#[test]
fn two_uploads_at_once_cannot_both_pass_the_quota() {
    let office = Office::start();
    let mb = 1_048_576usize;
    let mut su = office.superuser();
    su.execute(
        "UPDATE nv.meta SET value = $1 WHERE key = 'blob_unattached_bytes'",
        &[&(2 * mb).to_string()],
    )
    .unwrap();
    let file = move |n: u8| vec![n; mb + mb / 2];
    let mut first = office.direct("syt_binh");
    let mut tx = first.transaction().unwrap();
    tx.execute("SELECT nv.put_blob($1, $2)", &[&sha_of(&file(1)), &file(1)])
        .unwrap();
    // The second, from another connection of the same login, waits for the first...
    let mut second = office.direct("syt_binh");
    let pid: i32 = second
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    let waiting = std::thread::spawn(move || {
        second
            .batch_execute("SET statement_timeout = '60s'")
            .unwrap();
        put_blob(&mut second, &file(2))
    });
    wait_for("the second upload to wait for the first", || {
        let r = su
            .query_one(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1",
                &[&pid],
            )
            .unwrap();
        r.get::<_, Option<bool>>(0).unwrap_or(false).then_some(())
    });
    tx.commit().unwrap();
    // ... and then counts it.
    let e = waiting.join().unwrap().unwrap_err();
    assert_eq!(
        e.as_db_error().map(|d| d.message()),
        Some("Có quá nhiều tệp đã gửi mà chưa gắn vào văn bản hay báo cáo nào (hạn mức 2 MB).")
    );
    // Another login is not held up by an upload of syt_binh still open.
    let mut tx = first.transaction().unwrap();
    tx.execute(
        "SELECT nv.put_blob($1, $2)",
        &[&sha_of(b"nho"), &b"nho".as_slice()],
    )
    .unwrap();
    let mut other = office.direct("stc_cuong");
    other
        .batch_execute("SET statement_timeout = '60s'")
        .unwrap();
    put_blob(&mut other, &file(4)).unwrap();
    tx.commit().unwrap();
}
