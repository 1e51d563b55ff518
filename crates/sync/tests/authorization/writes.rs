//! Writes: no table is written directly by anyone; the functions decide who may.

use super::*;

// ---------------------------------------------------------------------------------------
// Writes: no table is written directly by anyone.

#[test]
fn no_login_writes_locks_or_empties_any_table_directly() {
    let w = world();
    let mut su = w.office.superuser();
    let tables: BTreeSet<String> = su
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'nv' AND c.relkind = 'r'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let listed: BTreeSet<String> = TABLES.iter().map(|t| t.0.to_string()).collect();
    assert_eq!(tables, listed, "TABLES lists every table of the schema");
    let sequences: Vec<String> = su
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'nv' AND c.relkind = 'S'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(sequences.len() >= 4, "{sequences:?}");

    for login in logins() {
        let mut c = w.conn(login);
        for (table, col) in TABLES {
            let probes = [
                format!("INSERT INTO nv.{table} DEFAULT VALUES"),
                format!("UPDATE nv.{table} SET {col} = {col}"),
                format!("DELETE FROM nv.{table}"),
                format!("TRUNCATE nv.{table}"),
                format!("TRUNCATE nv.{table} CASCADE"),
                // Nor lock writers (or the app's functions) out.
                format!("LOCK TABLE nv.{table} IN SHARE MODE"),
                format!("LOCK TABLE nv.{table} IN EXCLUSIVE MODE"),
                format!("LOCK TABLE nv.{table} IN ACCESS EXCLUSIVE MODE"),
                format!("SELECT 1 FROM nv.{table} FOR UPDATE"),
                format!("SELECT 1 FROM nv.{table} FOR KEY SHARE"),
            ];
            for sql in &probes {
                let m = c.denied(sql);
                // The one table a login inserts into (its own refusals) answers with its
                // policy; every other write finds no grant at all.
                let writes_refusals =
                    table == "mutations" && sql.starts_with("INSERT") && kind(login) != "leader";
                let expected = if writes_refusals {
                    format!("new row violates row-level security policy for table \"{table}\"")
                } else {
                    format!("permission denied for table {table}")
                };
                assert_eq!(m, expected, "{login}: `{sql}`");
            }
        }
        for s in &sequences {
            c.no_grant(&format!("SELECT nextval('nv.{s}')"));
            c.no_grant(&format!("SELECT setval('nv.{s}', 1)"));
        }
        // Spelled out: the writes of issue 17, in full.
        c.no_grant(&format!(
            "INSERT INTO nv.task_events (task_id, at, actor_login, kind, payload)
             VALUES ('{}', now(), current_user, 'progress', '{{\"type\": \"not-a-progress\"}}')",
            w.t_health
        ));
        c.no_grant(&format!(
            "UPDATE nv.tasks SET pending_submitted_at = deadline - 2, version = version + 1 WHERE id = '{}'",
            w.t_health
        ));
        c.no_grant(
            "UPDATE nv.settings SET value = '[{\"date\": \"not-a-date\"}]' WHERE key = 'calendar'",
        );
        c.no_grant(&format!(
            "INSERT INTO nv.people (id, full_name, unit_id, role, login)
             VALUES (gen_random_uuid(), 'Kẻ Mạo Danh', '{}', 'admin', 'ke_mao_danh')",
            w.office.health.id
        ));
        c.no_grant("UPDATE nv.meta SET value = '100000' WHERE key = 'max_offline_hours'");
        c.no_grant("UPDATE nv.action_rules SET to_state = 'done', refusal = NULL");
        c.no_grant("INSERT INTO nv.enum_values VALUES ('workflow_state', 'hidden')");

        // ... while the same login's legal path works.
        match (kind(login), w.led_by(login)) {
            ("unit", Some(t)) => assert_eq!(c.allowed(&act(t, &accept())), 1, "{login}"),
            ("office" | "admin", _) => assert_eq!(
                c.allowed("SELECT nv.save_config(gen_random_uuid(), 'calendar', '[]')"),
                1,
                "{login}"
            ),
            _ => {
                assert_eq!(
                    c.count("SELECT count(*) FROM nv.tasks"),
                    4,
                    "a leader reads"
                );
                assert_eq!(c.allowed("SELECT nv.release_held()"), 1);
            }
        }
    }
}

/// What a call is expected to do for a login.
#[derive(Debug, Clone)]
enum Expect {
    Ok,
    /// No EXECUTE grant on the function.
    NoGrant(&'static str),
    /// Refused by the function: SQLSTATE and the Vietnamese message.
    Refused(SqlState, String),
}

fn check(c: &mut Conn, sql: &str, expect: Expect) {
    match expect {
        Expect::Ok => {
            c.allowed(sql);
        }
        Expect::NoGrant(f) => assert_eq!(
            c.denied(sql),
            format!("permission denied for function {f}"),
            "{}: `{sql}`",
            c.login
        ),
        Expect::Refused(code, m) => c.refused_with(sql, &code, &m),
    }
}

fn denied(m: &str) -> Expect {
    Expect::Refused(SqlState::INSUFFICIENT_PRIVILEGE, m.to_string())
}

#[test]
fn the_functions_do_what_each_login_may_and_refuse_the_rest_in_vietnamese() {
    let w = world();
    let mut su = w.office.superuser();
    let state = |su: &mut Client, t: Uuid| -> String {
        su.query_one("SELECT state FROM nv.tasks WHERE id = $1", &[&t])
            .unwrap()
            .get(0)
    };
    assert_eq!(state(&mut su, w.t_health), "assigned");
    assert_eq!(state(&mut su, w.t_submitted), "submitted");
    let office_only = "Chỉ Văn phòng mới được vào sổ văn bản và giao nhiệm vụ.";
    let calendar = json!([{"date": "2026-12-31", "kind": "day_off", "note": "Nghỉ bù"}]);
    let blob =
        "SELECT nv.put_blob(encode(sha256('bien ban hop'::bytea), 'hex'), 'bien ban hop'::bytea)";
    let review = |t: Uuid, passed: bool| {
        format!(
            "SELECT nv.task_act(gen_random_uuid(), '{t}', '{{\"type\": \"review\", \"passed\": {passed}, \"comment\": \"\"}}',
                 now(), (SELECT version FROM nv.tasks WHERE id = '{t}'), NULL)"
        )
    };

    for login in logins() {
        let k = kind(login);
        let mut c = w.conn(login);
        let leader = k == "leader";
        let by_kind = |office: Expect, unit: Expect, f: &'static str| -> Expect {
            match k {
                "leader" => Expect::NoGrant(f),
                "unit" => unit,
                _ => office,
            }
        };

        // Registering, assigning, the shared configuration: the office and the admin.
        check(
            &mut c,
            &register_document(w.office.health.id, json!([])),
            by_kind(Expect::Ok, denied(office_only), "register_document"),
        );
        check(
            &mut c,
            &format!(
                "SELECT nv.add_tasks(gen_random_uuid(), '{}', {}, now())",
                w.doc_15,
                lit(&json!([task_json(w.office.finance.id)]))
            ),
            by_kind(
                Expect::Ok,
                denied("Chỉ Văn phòng mới được giao nhiệm vụ."),
                "add_tasks",
            ),
        );
        check(
            &mut c,
            &format!(
                "SELECT nv.save_config(gen_random_uuid(), 'calendar', {})",
                lit(&calendar)
            ),
            by_kind(
                Expect::Ok,
                denied("Chỉ Văn phòng hoặc quản trị viên mới được thay đổi cấu hình và lịch làm việc chung."),
                "save_config",
            ),
        );
        // Files: everyone but the leader sends them.
        check(&mut c, blob, by_kind(Expect::Ok, Expect::Ok, "put_blob"));

        // Task actions: the lead unit acts on its own task, the office on any; the core's
        // rules (nv.action_rules) refuse the rest, in the core's words.
        let sees = |t: Uuid| match login {
            "syt_binh" => t == w.t_health || t == w.t_coord,
            "stc_cuong" => t == w.t_finance || t == w.t_submitted,
            "sxd_hoa" => t == w.t_coord,
            _ => true,
        };
        let leads = |t: Uuid| match login {
            "syt_binh" => t == w.t_health,
            "stc_cuong" => t == w.t_finance || t == w.t_submitted,
            "sxd_hoa" => t == w.t_coord,
            _ => false,
        };
        let on = |t: Uuid, name: &str, from: &str| -> Expect {
            let rule = nhiemvu_sync::rules::action_rules()
                .into_iter()
                .find(|r| r.action == name && r.actor_kind == k && r.from_state == from)
                .unwrap();
            if leader {
                Expect::NoGrant("task_act")
            } else if !sees(t) {
                denied(NOT_YOURS)
            } else if let Some(refusal) = rule.refusal {
                denied(&refusal)
            } else if k == "unit" && !leads(t) {
                denied("Chỉ đơn vị chủ trì mới được thực hiện thao tác này.")
            } else {
                Expect::Ok
            }
        };
        check(
            &mut c,
            &act(w.t_health, &accept()),
            on(w.t_health, "accept", "assigned"),
        );
        check(
            &mut c,
            &act(w.t_coord, &accept()),
            on(w.t_coord, "accept", "assigned"),
        );
        check(
            &mut c,
            &act(w.t_health, &extend(90)),
            on(w.t_health, "extend", "assigned"),
        );
        check(
            &mut c,
            &review(w.t_submitted, true),
            on(w.t_submitted, "review:passed", "submitted"),
        );
        check(
            &mut c,
            &review(w.t_submitted, false),
            on(w.t_submitted, "review:failed", "submitted"),
        );

        // Everyone changes their own password (a real verifier), reads the horizon, asks
        // for a held transaction to be released, and knows which files it sent.
        for sql in [
            same_password(),
            "SELECT * FROM nv.horizon_status()".into(),
            "SELECT nv.release_held()".into(),
            format!("SELECT nv.has_blob('{}')", w.file_15),
            "SELECT nv.meta_int('max_offline_hours', 168)".into(),
        ] {
            check(&mut c, &sql, Expect::Ok);
        }
        // Nobody calls the change log's helper (it tells which units a task has).
        check(
            &mut c,
            &format!("SELECT nv.task_units('{}')", w.t_coord),
            Expect::NoGrant("task_units"),
        );

        // The admin's functions.
        let admin = |f: &'static str| {
            if k == "admin" {
                Expect::Ok
            } else {
                Expect::NoGrant(f)
            }
        };
        let calls: Vec<(String, &'static str)> = vec![
            (
                format!(
                    "SELECT nv.provision_unit('{}', NULL, 'Sở Nội vụ', 'department')",
                    Uuid::now_v7()
                ),
                "provision_unit",
            ),
            (
                format!(
                    "SELECT nv.provision_person('{}', 'Bùi Thị Mai', '{}', 'unit', '', 'snv_mai', '{}')",
                    Uuid::now_v7(),
                    w.office.health.id,
                    scram_verifier(PASSWORD)
                ),
                "provision_person",
            ),
            ("SELECT nv.disable_login('vp_lan')".into(), "disable_login"),
            ("SELECT nv.enable_login('vp_lan')".into(), "enable_login"),
            ("SELECT nv.remove_login('vp_lan')".into(), "remove_login"),
            (
                "SELECT nv.prune_change_log(interval '90 days')".into(),
                "prune_change_log",
            ),
            ("SELECT nv.prune_blobs(interval '1 day')".into(), "prune_blobs"),
            (
                "SELECT nv.seed_config('calendar', '[]')".into(),
                "seed_config",
            ),
            (
                "SELECT nv.quarantine_event(0, 'thử')".into(),
                "quarantine_event",
            ),
            (
                "SELECT nv.quarantine_config('calendar', 'thử')".into(),
                "quarantine_config",
            ),
            (
                format!("SELECT nv.repair_values('task', '{}', 'thử')", w.t_health),
                "repair_values",
            ),
            (
                "SELECT nv.record_applied(gen_random_uuid(), 'accept_task', NULL)".into(),
                "record_applied",
            ),
        ];
        for (sql, f) in calls {
            check(&mut c, &sql, admin(f));
        }
        // Not even the admin disables, or removes, itself.
        if k == "admin" {
            c.refused_with(
                "SELECT nv.disable_login('qt_an')",
                &SqlState::CHECK_VIOLATION,
                "Không tự khóa tài khoản đang dùng.",
            );
            c.refused_with(
                "SELECT nv.remove_login('qt_an')",
                &SqlState::CHECK_VIOLATION,
                "Không tự xóa tài khoản đang dùng.",
            );
        }
    }
}

#[test]
fn the_lifecycle_holds_for_every_kind_of_person() {
    let w = world();
    let (h, s) = (w.t_health, w.t_submitted);
    let mut syt = w.conn("syt_binh");
    let accepted = act(h, &accept());
    let submit = act(h, &action(&TaskAction::SubmitResult(result_report(None))));
    let cancel = json!({"type": "cancel", "reason": "Văn bản bị thay thế", "withdrawn": false});
    let review = json!({"type": "review", "passed": true, "comment": ""});
    let refuse = json!({"type": "refuse_extension", "comment": "Không có căn cứ"});
    let reassign = json!({"type": "reassign", "to_unit_id": w.office.finance.id, "note": ""});
    // A unit, on its own task: never reviewed, cancelled, extended or handed on by itself,
    // from any state it can reach.
    for (setup, state) in [
        (vec![], "assigned"),
        (vec![accepted.as_str()], "in_progress"),
        (vec![accepted.as_str(), submit.as_str()], "submitted"),
    ] {
        for (a, name) in [
            (&cancel, "cancel"),
            (&extend(90), "extend"),
            (&reassign, "reassign"),
            (&review, "review:passed"),
            (&refuse, "refuse_extension"),
        ] {
            let m = syt.denied_after(&setup, &act(h, a));
            assert_eq!(m, core_refusal(name, "unit", state), "{name} from {state}");
        }
    }
    // Its legal moves.
    assert_eq!(
        syt.allowed(&act(
            h,
            &json!({"type": "return", "reason": "Không đúng chức năng"})
        )),
        1
    );
    assert_eq!(syt.allowed_after(&[&accepted], &submit), 1);
    // The result stc_cuong reported: stc cannot approve it or take it back; the office can.
    let mut stc = w.conn("stc_cuong");
    let m = stc.denied(&act(s, &review));
    assert_eq!(m, core_refusal("review:passed", "unit", "submitted"));
    let m = stc.denied(&act(s, &accept()));
    assert_eq!(m, core_refusal("accept", "unit", "submitted"));
    let mut vp = w.conn("vp_thu");
    let reviewed = |passed: bool, version: &str| {
        format!(
            "SELECT nv.task_act(gen_random_uuid(), '{s}', '{{\"type\": \"review\", \"passed\": {passed}, \"comment\": \"\"}}',
                 now(), {version}, NULL)"
        )
    };
    let current = format!("(SELECT version FROM nv.tasks WHERE id = '{s}')");
    assert_eq!(vp.allowed(&reviewed(true, &current)), 1);
    assert_eq!(vp.allowed(&reviewed(false, &current)), 1, "sent back");
    // A review decides on the version its reviewer saw.
    for stale in [
        format!("{current} - 1"),
        format!("{current} + 1"),
        "NULL".into(),
        "0".into(),
    ] {
        vp.refused_with(
            &reviewed(true, &stale),
            &SqlState::T_R_SERIALIZATION_FAILURE,
            "Nhiệm vụ đã được người khác thay đổi sau khi bạn mở nó, nên quyết định dựa trên bản cũ không được ghi nhận.",
        );
    }
    // The office has its limits too: nothing is accepted or reviewed for the unit.
    let m = vp.denied(&act(h, &accept()));
    assert_eq!(m, core_refusal("accept", "office", "assigned"));
    let m = vp.denied(&act(h, &review));
    assert_eq!(m, core_refusal("review:passed", "office", "assigned"));
    assert_eq!(vp.allowed(&act(h, &cancel)), 1);
    let m = vp.denied_after(&[&act(h, &cancel)], &act(h, &extend(90)));
    assert_eq!(m, core_refusal("extend", "office", "cancelled"));
    // An action nobody knows.
    vp.refused_with(
        &act(h, &json!({"type": "delete"})),
        &SqlState::CHECK_VIOLATION,
        "Thao tác \"delete\" không có.",
    );

    // Moments are the server's: an acceptance claimed tomorrow is recorded now.
    let mut tx = syt.c.transaction().unwrap();
    tx.execute(
        &format!(
            "SELECT nv.task_act(gen_random_uuid(), '{h}', '{{\"type\": \"accept\"}}', now() + interval '1 day', NULL, NULL)"
        ),
        &[],
    )
    .unwrap();
    let r = tx
        .query_one(
            "SELECT accepted_at = now(),
                    (SELECT claimed_at - now() = interval '1 day' FROM nv.task_events
                     WHERE task_id = t.id AND kind = 'accepted')
             FROM nv.tasks t WHERE id = $1",
            &[&h],
        )
        .unwrap();
    assert!(r.get::<_, bool>(0), "accepted at the server's time");
    assert!(r.get::<_, bool>(1), "the claim is kept beside it");
}
