//! 8. Helpers that answer about someone else say nothing; files attached only by who sent them.

use super::*;

// 8. Helpers that answer about someone else say nothing.

#[test]
fn helpers_reveal_nothing_about_others() {
    let mut s = scene();
    let before = baseline(&mut s);
    let mut stc = s.office.direct("stc_cuong");
    stc.batch_execute(
        "SELECT nv.put_blob(encode(sha256('bang ke chi tiet'::bytea), 'hex'), 'bang ke chi tiet'::bytea)",
    )
    .unwrap();
    let theirs = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b"bang ke chi tiet"))
    };
    let bool_of = |c: &mut Client, sql: &str| -> bool { c.query_one(sql, &[]).unwrap().get(0) };
    for login in UNIT_LOGINS.into_iter().chain(["ld_dung"]) {
        let mut c = s.office.direct(login);
        for (other_login, other_unit) in [
            ("stc_cuong", s.office.finance.id),
            ("sxd_hoa", s.office.construction.id),
            ("syt_binh", s.office.health.id),
        ] {
            if other_login == login {
                continue;
            }
            // Whether another unit leads a task: not answered.
            let t = s.open[other_login];
            assert!(
                !bool_of(
                    &mut c,
                    &format!("SELECT nv.task_lead_in('{t}', ARRAY['{other_unit}'::uuid])")
                ),
                "{login} learns that {other_login} leads {t}"
            );
            // Whether another login sent a file: not answered.
            if other_login == "stc_cuong" {
                assert!(!bool_of(
                    &mut c,
                    &format!("SELECT nv.may_attach('{theirs}', 'stc_cuong')")
                ));
                assert!(!bool_of(&mut c, &format!("SELECT nv.has_blob('{theirs}')")));
            }
        }
        // The units of a task: no one may ask.
        no_grant(
            &mut c,
            &format!("SELECT nv.task_units('{}')", s.open["stc_cuong"]),
            "function task_units",
        );
        // Who holds the horizon, the app's logins and the security log: not theirs.
        no_grant(&mut c, "SELECT count(*) FROM nv.logins", "table logins");
        no_grant(
            &mut c,
            "SELECT count(*) FROM nv.security_log",
            "table security_log",
        );
        no_grant(
            &mut c,
            "SELECT count(*) FROM nv.quarantine",
            "table quarantine",
        );
        // ... while about itself they answer.
        if let Some(own) = s.open.get(login) {
            let unit = s.unit_of(login);
            assert!(bool_of(
                &mut c,
                &format!("SELECT nv.task_lead_in('{own}', ARRAY['{unit}'::uuid])")
            ));
        }
    }
    assert!(bool_of(
        &mut stc,
        &format!("SELECT nv.may_attach('{theirs}', session_user)")
    ));
    assert!(bool_of(
        &mut stc,
        &format!("SELECT nv.has_blob('{theirs}')")
    ));
    // The office reads the security log; only the admin the logins.
    let mut vp = s.office.direct("vp_thu");
    count(&mut vp, "SELECT count(*) FROM nv.security_log");
    no_grant(&mut vp, "SELECT count(*) FROM nv.logins", "table logins");
    let mut an = s.office.direct("qt_an");
    assert_eq!(count(&mut an, "SELECT count(*) FROM nv.logins"), 7);
    assert_eq!(numbers(&mut s.vp), before);
}

// ---------------------------------------------------------------------------------------
// A file is attached only by a login that sent its bytes: knowing its address is not
// enough, for a document or for a result.

#[test]
fn a_file_another_login_sent_cannot_be_attached() {
    let mut s = scene();
    let before = baseline(&mut s);
    let not_sent = "Tệp đính kèm chưa được gửi lên máy chủ từ tài khoản này.";
    // Each login that sends files has one of its own on the server.
    let mut sent: HashMap<&str, String> = HashMap::new();
    for login in logins().filter(|l| kind(l) != Role::Leader) {
        let bytes = format!("%PDF-1.4 tệp riêng của {login}").into_bytes();
        put_blob(&mut s.office.direct(login), &bytes).unwrap();
        sent.insert(login, sha_of(&bytes));
    }
    let document = |sha: &str| {
        let d = json!({
            "id": Uuid::now_v7(), "kind": "decision", "number": "6", "symbol": "QĐ-UBND",
            "issued_on": today_local().to_string(), "summary": "Về việc lưu trữ",
            "signer_name": "A", "signer_title": "B", "issuer": "chairman",
            "urgency": "normal", "origin": "qc45",
            "attachments": [{"sha256": sha, "file_name": "mượn.pdf"}],
        });
        format!(
            "SELECT nv.register_document(gen_random_uuid(), {}, '[]'::jsonb, now())",
            lit(&d)
        )
    };
    let result = |sha: &str| {
        let mut r = result_json(today_local());
        r["attachment"] = json!({"sha256": sha, "file_name": "mượn.pdf", "size": 1});
        r
    };
    for login in logins().filter(|l| kind(l) != Role::Leader) {
        let mut c = s.office.direct(login);
        for (other, sha) in &sent {
            if *other == login {
                continue;
            }
            match kind(login) {
                Role::Unit => forbidden(&mut c, &act(s.overdue[login][0], &result(sha)), not_sent),
                _ => forbidden(&mut c, &document(sha), not_sent),
            }
        }
        // Not even with an address of the right shape that nobody sent.
        let nobody = "0".repeat(64);
        match kind(login) {
            Role::Unit => forbidden(
                &mut c,
                &act(s.overdue[login][0], &result(&nobody)),
                not_sent,
            ),
            _ => forbidden(&mut c, &document(&nobody), not_sent),
        }
        // Its own, it attaches.
        let own = &sent[login];
        match kind(login) {
            Role::Unit => c
                .batch_execute(&act(s.overdue[login][0], &result(own)))
                .unwrap(),
            _ => c.batch_execute(&document(own)).unwrap(),
        }
    }
    // The size recorded is the server's, not the PC's.
    let mut su = s.office.superuser();
    let sizes: Vec<(i64, i64)> = su
        .query(
            "SELECT (e.payload #>> '{attachment,size}')::bigint, b.size FROM nv.task_events e
             JOIN nv.blobs b ON b.sha256 = e.attachment_sha256",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(sizes.len(), 3);
    assert!(sizes.iter().all(|(said, real)| said == real && *real > 1));
    every_change_has_its_timeline_entry(&s.office);
    assert_eq!(numbers(&mut s.vp), before);
    s.everyone_syncs();
}
