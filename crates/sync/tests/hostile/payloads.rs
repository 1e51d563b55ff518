//! 1. Payloads no PC can read.

use super::*;

// ---------------------------------------------------------------------------------------
// 1. Payloads no PC can read.

#[test]
fn payloads_no_pc_could_read_are_refused_for_every_login() {
    let mut s = scene();
    let before = baseline(&mut s);
    let today = today_local();
    let any = s.open["stc_cuong"];
    let big = "x".repeat(10 * 1024 * 1024);
    for login in logins() {
        let mut c = s.office.direct(login);
        let own = s.open.get(login).copied().unwrap_or(any);
        // The attack, as it was made: into the tables, then a version bump.
        no_grant(
            &mut c,
            &format!(
                "INSERT INTO nv.task_events (task_id, at, actor_login, kind, payload)
                 VALUES ('{own}', now(), current_user, 'progress', '{{\"type\": \"progress\", \"text\": 42}}')"
            ),
            "table task_events",
        );
        no_grant(
            &mut c,
            &format!("UPDATE nv.tasks SET version = version + 1 WHERE id = '{own}'"),
            "table tasks",
        );
        no_grant(
            &mut c,
            "UPDATE nv.settings SET value = '[{\"date\": \"not-a-date\"}]' WHERE key = 'calendar'",
            "table settings",
        );
        no_grant(
            &mut c,
            "INSERT INTO nv.settings (key, value) VALUES ('calendar', '[{\"date\": \"not-a-date\"}]')",
            "table settings",
        );
        if kind(login) == Role::Leader {
            no_grant(&mut c, &act(own, &progress_json("x")), "function task_act");
            no_grant(
                &mut c,
                "SELECT nv.save_config(gen_random_uuid(), 'calendar', '[]')",
                "function save_config",
            );
            continue;
        }

        // Every shape of action that is not one, NULLs everywhere.
        let not_an_action = "Thao tác không hợp lệ.";
        for a in [
            "NULL",
            "'null'::jsonb",
            "'\"accept\"'::jsonb",
            "'[]'::jsonb",
            "'{}'::jsonb",
        ] {
            invalid(
                &mut c,
                &format!("SELECT nv.task_act(gen_random_uuid(), '{own}', {a}, now(), 1, NULL)"),
                not_an_action,
            );
        }
        invalid(
            &mut c,
            "SELECT nv.task_act(NULL, NULL, NULL, NULL, NULL, NULL)",
            not_an_action,
        );
        forbidden(
            &mut c,
            &format!(
                "SELECT nv.task_act(gen_random_uuid(), NULL, {}, NULL, NULL, NULL)",
                lit(&progress_json("x"))
            ),
            NOT_YOURS,
        );
        invalid(
            &mut c,
            &act(own, &json!({"type": 5})),
            "Thao tác \"5\" không có.",
        );
        invalid(
            &mut c,
            &act(own, &json!({"type": "delete_task"})),
            "Thao tác \"delete_task\" không có.",
        );
        invalid(
            &mut c,
            &act(own, &json!({"type": "review", "passed": "true"})),
            "Thiếu Kết quả đánh giá (có/không).",
        );
        invalid(
            &mut c,
            "SELECT nv.task_acts(ARRAY[gen_random_uuid()], ARRAY[]::uuid[], ARRAY[]::jsonb[],
                 ARRAY[]::timestamptz[], ARRAY[]::bigint[], ARRAY[]::jsonb[])",
            "Lô thao tác không hợp lệ.",
        );
        invalid(
            &mut c,
            &format!(
                "SELECT nv.task_acts(array_agg(gen_random_uuid()), array_agg('{own}'::uuid),
                     array_agg('{{\"type\": \"progress\", \"text\": \"x\"}}'::jsonb), array_agg(now()),
                     array_agg(1::bigint), array_agg(NULL::jsonb)) FROM generate_series(1, 1001)"
            ),
            "Lô thao tác không hợp lệ.",
        );

        if kind(login) == Role::Unit {
            // A unit's own task, in progress: progress reports and results of every wrong shape.
            let with = |base: Value, key: &str, v: Value| {
                let mut a = base;
                a[key] = v;
                a
            };
            let p = progress_json("Đang triển khai");
            let r = result_json(today);
            let cases: Vec<(Value, String)> = vec![
                (
                    with(p.clone(), "text", json!(123)),
                    "Nội dung tiến độ phải là một đoạn văn bản.".into(),
                ),
                (
                    with(p.clone(), "text", json!(["a"])),
                    "Nội dung tiến độ phải là một đoạn văn bản.".into(),
                ),
                (
                    with(p.clone(), "difficulties", json!({"a": 1})),
                    "Khó khăn, vướng mắc phải là một đoạn văn bản.".into(),
                ),
                (
                    with(p.clone(), "text", json!("x".repeat(4001))),
                    "Nội dung tiến độ dài quá 4000 ký tự.".into(),
                ),
                (
                    with(p.clone(), "text", json!(big)),
                    "Nội dung tiến độ dài quá 4000 ký tự.".into(),
                ),
                (
                    with(p.clone(), "text", json!("   ")),
                    "Thiếu nội dung cập nhật tiến độ.".into(),
                ),
                (
                    with(r.clone(), "reply_kind", json!("nonsense")),
                    "Loại văn bản trả lời không hợp lệ: nonsense.".into(),
                ),
                (
                    with(r.clone(), "reply_issued_on", json!("yesterday")),
                    "Ngày văn bản trả lời không phải là một ngày hợp lệ.".into(),
                ),
                (
                    with(r.clone(), "reply_issued_on", json!("2026-02-30")),
                    "Ngày văn bản trả lời không phải là một ngày hợp lệ.".into(),
                ),
                (
                    with(r.clone(), "reply_issued_on", json!(20260101)),
                    "Ngày văn bản trả lời không phải là một ngày hợp lệ.".into(),
                ),
                (
                    with(r.clone(), "reply_summary", Value::Null),
                    "Thiếu Trích yếu văn bản trả lời.".into(),
                ),
                (
                    with(r.clone(), "completed_on", Value::Null),
                    "Thiếu ngày hoàn thành.".into(),
                ),
                (
                    with(r.clone(), "completed_on", json!("2099-01-01")),
                    "Ngày hoàn thành không được sau ngày hôm nay.".into(),
                ),
                (
                    with(r.clone(), "reply_issued_on", json!("2099-01-01")),
                    "Ngày ban hành văn bản trả lời không được sau ngày hôm nay.".into(),
                ),
                (
                    with(r.clone(), "attachment", json!("a file")),
                    "Tệp đính kèm không hợp lệ.".into(),
                ),
                (
                    json!({"type": "request_extension", "proposed_deadline": "not-a-date", "reason": "Cần thêm thời gian"}),
                    "Thời hạn đề nghị không phải là một ngày hợp lệ.".into(),
                ),
                (
                    json!({"type": "request_extension", "proposed_deadline": today.to_string(), "reason": "Cần thêm thời gian"}),
                    format!(
                        "Thời hạn đề nghị phải sau {}.",
                        (today + Days::new(20)).format("%d/%m/%Y")
                    ),
                ),
            ];
            for (a, m) in cases {
                invalid(&mut c, &act(own, &a), &m);
            }
            // The office's save is not theirs.
            forbidden(
                &mut c,
                "SELECT nv.save_config(gen_random_uuid(), 'calendar', '[{\"date\": \"not-a-date\"}]')",
                "Chỉ Văn phòng hoặc quản trị viên mới được thay đổi cấu hình và lịch làm việc chung.",
            );
        } else {
            // The office and the admin: extensions, reassignments and cancellations of every
            // wrong shape, documents that are not ones, and unreadable settings.
            let ext = |v: Value| json!({"type": "extend", "new_deadline": v, "approving_document": "125/UBND-TH", "reason": ""});
            let reassign = |v: Value| json!({"type": "reassign", "to_unit_id": v, "note": ""});
            let not_in_directory = "Đơn vị được giao lại không có trong danh bạ của Văn phòng.";
            let cases: Vec<(Value, String)> = vec![
                (
                    ext(json!("not-a-date")),
                    "Thời hạn mới không phải là một ngày hợp lệ.".into(),
                ),
                (
                    ext(json!(12345)),
                    "Thời hạn mới không phải là một ngày hợp lệ.".into(),
                ),
                (
                    ext(json!("2026-02-30")),
                    "Thời hạn mới không phải là một ngày hợp lệ.".into(),
                ),
                (
                    ext(json!("99999-01-01")),
                    "Thời hạn mới không phải là một ngày hợp lệ.".into(),
                ),
                (ext(Value::Null), "Thiếu Thời hạn mới.".into()),
                (
                    ext(json!(today.to_string())),
                    format!(
                        "Thời hạn mới phải sau thời hạn hiện tại ({}).",
                        (today + Days::new(20)).format("%d/%m/%Y")
                    ),
                ),
                (reassign(json!(Uuid::now_v7())), not_in_directory.into()),
                (reassign(json!("not-a-uuid")), not_in_directory.into()),
                (reassign(Value::Null), not_in_directory.into()),
                (reassign(json!(7)), not_in_directory.into()),
                (
                    json!({"type": "cancel", "reason": "Văn bản bị thay thế", "withdrawn": "yes"}),
                    "Thiếu Thu hồi (có/không).".into(),
                ),
                (
                    json!({"type": "cancel", "withdrawn": false}),
                    "Thiếu Lý do thu hồi/hủy.".into(),
                ),
            ];
            for (a, m) in cases {
                // Reassigning is for a task not yet accepted.
                let on = if a["type"] == "reassign" {
                    s.fresh["stc_cuong"]
                } else {
                    own
                };
                invalid(&mut c, &act(on, &a), &m);
            }

            let doc = |key: &str, v: Value| {
                let mut d = json!({
                    "id": Uuid::now_v7(), "kind": "decision", "number": "99", "symbol": "QĐ-UBND",
                    "issued_on": (today - Days::new(1)).to_string(), "summary": "Về việc kiểm tra",
                    "signer_name": "Nguyễn Văn Phước", "signer_title": "Chủ tịch", "issuer": "chairman",
                    "urgency": "normal", "origin": "qc45", "attachments": [],
                });
                d[key] = v;
                d
            };
            let task = |key: &str, v: Value| {
                let mut t = json!({
                    "id": Uuid::now_v7(), "lead_unit_id": s.office.health.id,
                    "description": "Kiểm tra công tác phòng cháy",
                    "deadline": (today + Days::new(30)).to_string(), "must_report": true,
                });
                t[key] = v;
                json!([t])
            };
            let register = |d: &Value, t: &Value| {
                format!(
                    "SELECT nv.register_document(gen_random_uuid(), {}, {}, now())",
                    lit(d),
                    lit(t)
                )
            };
            let ok_tasks = task("description", json!("Kiểm tra công tác phòng cháy"));
            let doc_cases: Vec<(Value, Value, String)> = vec![
                (
                    doc("issued_on", json!("yesterday")),
                    ok_tasks.clone(),
                    "Ngày ban hành không phải là một ngày hợp lệ.".into(),
                ),
                (
                    doc("issued_on", json!((today + Days::new(1)).to_string())),
                    ok_tasks.clone(),
                    format!(
                        "Ngày ban hành ({}) không được sau ngày hôm nay.",
                        (today + Days::new(1)).format("%d/%m/%Y")
                    ),
                ),
                (
                    doc("kind", json!("nonsense")),
                    ok_tasks.clone(),
                    "Loại văn bản không hợp lệ: nonsense.".into(),
                ),
                (
                    doc("origin", json!("qc99")),
                    ok_tasks.clone(),
                    "Nguồn giao không hợp lệ: qc99.".into(),
                ),
                (
                    doc("summary", json!("")),
                    ok_tasks.clone(),
                    "Thiếu Trích yếu.".into(),
                ),
                (
                    doc("number", json!("1".repeat(21))),
                    ok_tasks.clone(),
                    "Số văn bản dài quá 20 ký tự.".into(),
                ),
                (
                    doc("id", json!("not-a-uuid")),
                    ok_tasks.clone(),
                    "Mã văn bản không hợp lệ.".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    json!({"not": "an array"}),
                    "Danh sách nhiệm vụ không hợp lệ.".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    task("lead_unit_id", Value::Null),
                    "Đơn vị chủ trì không có trong danh bạ của Văn phòng.".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    task("deadline", json!("2099-13-01")),
                    "Thời hạn không phải là một ngày hợp lệ.".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    task("must_report", json!("yes")),
                    "Thiếu Phải báo cáo (có/không).".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    task("description", json!("x".repeat(4001))),
                    "Nội dung nhiệm vụ dài quá 4000 ký tự.".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    task("id", json!(any)),
                    "Nhiệm vụ này đã có trên máy chủ.".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    task("follow_up_officer_id", json!(Uuid::now_v7())),
                    "Chuyên viên theo dõi không có trong danh bạ của Văn phòng.".into(),
                ),
                (
                    doc("kind", json!("decision")),
                    task("coordinating_unit_ids", json!([Uuid::now_v7()])),
                    "Đơn vị phối hợp không có trong danh bạ của Văn phòng.".into(),
                ),
            ];
            for (d, t, m) in doc_cases {
                let sql = register(&d, &t);
                let e = c.batch_execute(&sql).unwrap_err();
                let db = e.as_db_error().unwrap();
                assert_eq!(db.message(), m, "{login}: {d} {t}");
            }
            invalid(
                &mut c,
                "SELECT nv.register_document(NULL, NULL, NULL, NULL)",
                "Thiếu Ngày ban hành.",
            );

            // The office's attack of the issue, through the function, and its variants.
            let config = |key: &str, v: &Value| {
                format!(
                    "SELECT nv.save_config(gen_random_uuid(), '{key}', {})",
                    lit(v)
                )
            };
            let days: Vec<Value> = (0..100_000)
                .map(|i| {
                    json!({"date": (NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Days::new(i)).to_string(),
                           "kind": "day_off", "note": ""})
                })
                .collect();
            let settings = |key: &str, v: Value| {
                let mut s = json!({"province_name": "Quảng Trị", "due_soon_days": 3});
                s[key] = v;
                s
            };
            let recipients: Vec<String> = (0..21).map(|i| format!("Sở số {i}")).collect();
            for (key, v, why) in [
                (
                    "calendar",
                    json!([{"date": "not-a-date"}]),
                    "ngày \"not-a-date\" không hợp lệ",
                ),
                ("calendar", json!(days), "quá lớn"),
                (
                    "calendar",
                    json!(vec![1; 5001]),
                    "không phải một bảng ngày nghỉ bù, làm bù",
                ),
                (
                    "calendar",
                    json!([{"date": "2026-12-31", "kind": "day_off", "note": "x".repeat(501)}]),
                    "ngày \"2026-12-31\" không hợp lệ",
                ),
                ("settings", json!([]), "không phải một bộ cấu hình"),
                (
                    "settings",
                    settings("due_soon_days", json!("3")),
                    "số ngày \"sắp đến hạn\" phải từ 0 đến 30",
                ),
                (
                    "settings",
                    settings("due_soon_days", json!(31)),
                    "số ngày \"sắp đến hạn\" phải từ 0 đến 30",
                ),
                (
                    "settings",
                    settings("tracked_classes", json!([])),
                    "cần theo dõi ít nhất một loại nhiệm vụ",
                ),
                (
                    "settings",
                    settings("tracked_classes", json!(["z"])),
                    "mục \"tracked_classes\" không hợp lệ",
                ),
                (
                    "settings",
                    settings("province_name", json!(42)),
                    "mục \"province_name\" không hợp lệ",
                ),
                // What every PC's own check (Settings::validated) refuses, the server refuses
                // too: otherwise no PC could use the office's settings.
                (
                    "settings",
                    settings("province_name", json!("Q".repeat(101))),
                    "mục \"province_name\" không hợp lệ",
                ),
                (
                    "settings",
                    settings("signer_name", json!("Nguyễn\u{7}Văn")),
                    "mục \"signer_name\" không hợp lệ",
                ),
                (
                    "settings",
                    settings("report_symbol", json!("BC VP")),
                    "mục \"report_symbol\" không hợp lệ",
                ),
                (
                    "settings",
                    settings("urging_symbol", json!("12/VP-TH")),
                    "mục \"urging_symbol\" không hợp lệ",
                ),
                (
                    "settings",
                    settings("report_recipients", json!(recipients)),
                    "mục \"report_recipients\" không hợp lệ",
                ),
                (
                    "settings",
                    settings("urging_recipients", json!(["x".repeat(201)])),
                    "mục \"urging_recipients\" không hợp lệ",
                ),
            ] {
                invalid(
                    &mut c,
                    &config(key, &v),
                    &format!("Cấu hình không hợp lệ: {why}."),
                );
            }
            invalid(
                &mut c,
                "SELECT nv.save_config(NULL, NULL, NULL)",
                "Cấu hình không hợp lệ: không có mục cấu hình này.",
            );
        }
    }

    // What the server does accept, every PC reads: the longest names the app allows.
    let mut thu = s.office.direct("vp_thu");
    let longest = "Q".repeat(100);
    thu.execute(
        &format!(
            "SELECT nv.save_config(gen_random_uuid(), 'settings', {})",
            lit(&json!({"province_name": longest, "report_symbol": "BC-VP",
                        "report_recipients": vec!["Như trên"; 20]}))
        ),
        &[],
    )
    .unwrap();
    s.everyone_syncs();
    for pc in std::iter::once(&mut s.vp).chain(s.pcs.values_mut()) {
        assert_eq!(pc.store.settings().province_name, longest, "{}", pc.login);
    }
    assert!(admin::damaged(&mut s.office.direct("qt_an"))
        .unwrap()
        .is_empty());
    every_change_has_its_timeline_entry(&s.office);
    assert_eq!(numbers(&mut s.vp), before);
}
