//! The hostile PC (issue 17): a login that skips the app, connects straight to PostgreSQL
//! and sends anything. Each attack of the issue, and variants of it, is run as every login
//! it applies to; it is refused (with the Vietnamese message a person would read) or is
//! harmless, and the office's figures stay what they were: the office PC syncs and counts
//! its report (overdue, done late, late result entries and late reviews per unit) before
//! and after, and both must be equal. No row one PC writes stops another PC's sync.
//!
//! Nothing here waits a fixed time for a state: it polls the server until the state is
//! there, with a generous deadline.

mod support;

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use nhiemvu_core::model::{DocumentKind, ProgressUpdate, ResultOutcome, ResultReport, Role};
use nhiemvu_core::stats::Lateness;
use nhiemvu_core::store::{NewDocument, NewTask, TaskAction};
use nhiemvu_core::timeliness::{local_date, local_instant, today_local};
use nhiemvu_sync::admin;
use nhiemvu_sync::provision::scram_verifier;
use postgres::error::SqlState;
use postgres::Client;
use serde_json::{json, Value};
use support::*;
use uuid::Uuid;

const UNIT_LOGINS: [&str; 3] = ["syt_binh", "stc_cuong", "sxd_hoa"];
const NOT_YOURS: &str =
    "Không tìm thấy nhiệm vụ trên máy chủ, hoặc bạn không còn được giao nhiệm vụ này.";

fn logins() -> impl Iterator<Item = &'static str> {
    LOGINS.iter().map(|l| l.0)
}

fn kind(login: &str) -> Role {
    LOGINS.iter().find(|l| l.0 == login).unwrap().2
}

/// Poll `f` until it gives a value (a state of the server), for at most two minutes.
fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A connection the server must refuse.
fn refused_login(office: &Office, login: &str, password: &str, db: &str) -> postgres::Error {
    match office.pg.connect(login, password, db) {
        Ok(_) => panic!("{login} connected to {db}"),
        Err(e) => e,
    }
}

fn count(c: &mut Client, sql: &str) -> i64 {
    c.query_one(sql, &[])
        .unwrap_or_else(|e| panic!("`{sql}`: {e}"))
        .get(0)
}

fn lit(v: &Value) -> String {
    format!("'{}'::jsonb", v.to_string().replace('\'', "''"))
}

/// `nv.task_act` with a fresh mutation id and a claimed time (an SQL expression).
fn act_at(task: Uuid, action: &Value, claimed: &str) -> String {
    format!(
        "SELECT nv.task_act(gen_random_uuid(), '{task}', {}, {claimed}, NULL, NULL)",
        lit(action)
    )
}

fn act(task: Uuid, action: &Value) -> String {
    act_at(task, action, "now()")
}

/// Run `sql`; it must fail with `code` and exactly `message`.
fn refused(c: &mut Client, sql: &str, code: &SqlState, message: &str) {
    match c.batch_execute(sql) {
        Ok(()) => panic!("`{}` should be refused", short(sql)),
        Err(e) => {
            let db = e
                .as_db_error()
                .unwrap_or_else(|| panic!("`{}`: {e}", short(sql)));
            assert_eq!(
                (db.code(), db.message()),
                (code, message),
                "`{}`",
                short(sql)
            );
        }
    }
}

/// A refusal for lack of a grant on a table or function.
fn no_grant(c: &mut Client, sql: &str, object: &str) {
    refused(
        c,
        sql,
        &SqlState::INSUFFICIENT_PRIVILEGE,
        &format!("permission denied for {object}"),
    );
}

fn invalid(c: &mut Client, sql: &str, message: &str) {
    refused(c, sql, &SqlState::CHECK_VIOLATION, message);
}

fn forbidden(c: &mut Client, sql: &str, message: &str) {
    refused(c, sql, &SqlState::INSUFFICIENT_PRIVILEGE, message);
}

fn short(sql: &str) -> String {
    let s: String = sql.chars().take(300).collect();
    if s.len() < sql.len() {
        format!("{s}…")
    } else {
        s
    }
}

fn result_report(on: NaiveDate) -> ResultReport {
    ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "45".into(),
        reply_symbol: "BC-SYT".into(),
        reply_summary: "Báo cáo kết quả thực hiện nhiệm vụ".into(),
        reply_issued_on: on,
        reply_signer: "Giám đốc Sở".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(on),
        explanation: String::new(),
        attachment: None,
    }
}

fn result_json(on: NaiveDate) -> Value {
    serde_json::to_value(TaskAction::SubmitResult(result_report(on))).unwrap()
}

fn progress_json(text: &str) -> Value {
    json!({"type": "progress", "text": text, "difficulties": "", "proposals": "", "delay_reasons": ""})
}

// ---------------------------------------------------------------------------------------
// The office of every test: tasks assigned a month ago, some overdue, one done late.

struct Scene {
    office: Office,
    /// The office's PC: its figures are the report's.
    vp: Pc,
    /// Each unit's PC.
    pcs: HashMap<&'static str, Pc>,
    /// Per unit login: its overdue tasks (accepted weeks ago, deadline passed, no result).
    overdue: HashMap<&'static str, Vec<Uuid>>,
    /// Per unit login: a task it accepted, due in three weeks.
    open: HashMap<&'static str, Uuid>,
    /// Per unit login: a task it has not accepted yet, due in three weeks.
    fresh: HashMap<&'static str, Uuid>,
}

impl Scene {
    fn unit_of(&self, login: &str) -> Uuid {
        match login {
            "syt_binh" => self.office.health.id,
            "stc_cuong" => self.office.finance.id,
            "sxd_hoa" => self.office.construction.id,
            _ => self.office.office_unit.id,
        }
    }

    fn pc(&mut self, login: &str) -> &mut Pc {
        self.pcs.get_mut(login).unwrap()
    }

    /// Every PC syncs without a refusal or an error and shows what the server shows it.
    fn everyone_syncs(&mut self) {
        let office = &self.office;
        for pc in std::iter::once(&mut self.vp).chain(self.pcs.values_mut()) {
            let r = pc
                .try_sync()
                .unwrap_or_else(|e| panic!("{}: {e}", pc.login));
            assert_eq!((r.rejected, &r.transient), (0, &None), "{}", pc.login);
            assert_eq!(
                local_view(&pc.store),
                server_view(&mut office.direct(pc.login)),
                "{}",
                pc.login
            );
        }
    }
}

fn scene() -> Scene {
    let office = Office::start();
    // The month-old assignment is entered now, dated when it happened.
    allow_offline_days(&office, 40);
    let mut vp = office.pc("vp_thu");
    let entered = Utc::now() - chrono::Duration::days(30);
    let past = today_local() - Days::new(5);
    let later = today_local() + Days::new(20);
    let units = [
        ("syt_binh", office.health.id, 2usize),
        ("stc_cuong", office.finance.id, 1),
        ("sxd_hoa", office.construction.id, 1),
    ];
    // (login, deadline, role of the task)
    let mut plan: Vec<(&'static str, NaiveDate, &'static str)> = Vec::new();
    for (login, _, overdue) in units {
        for _ in 0..overdue {
            plan.push((login, past, "overdue"));
        }
        plan.push((login, later, "open"));
        plan.push((login, later, "fresh"));
    }
    plan.push(("stc_cuong", past, "done_late"));
    let lead = |login: &str| units.iter().find(|u| u.0 == login).unwrap().1;
    let new_tasks = plan
        .iter()
        .enumerate()
        .map(|(i, (login, deadline, what))| NewTask {
            description: format!("Nhiệm vụ {} ({what})", i + 1),
            lead_unit_id: Some(lead(login)),
            deadline: Some(*deadline),
            must_report: true,
            ..Default::default()
        })
        .collect();
    let doc = NewDocument {
        issued_on: local_date(entered) - Days::new(1),
        ..document("21")
    };
    let actor = vp.actor();
    let (_, tasks) = vp
        .store
        .register_document_at(&actor, doc, new_tasks, entered)
        .unwrap();
    assert_eq!(vp.sync().pushed, 1);
    let mut overdue: HashMap<&'static str, Vec<Uuid>> = HashMap::new();
    let mut open = HashMap::new();
    let mut fresh = HashMap::new();
    let mut done_late = Uuid::nil();
    for ((login, _, what), t) in plan.iter().zip(&tasks) {
        match *what {
            "overdue" => overdue.entry(login).or_default().push(t.id),
            "open" => {
                open.insert(*login, t.id);
            }
            "fresh" => {
                fresh.insert(*login, t.id);
            }
            _ => done_late = t.id,
        }
    }
    let mut pcs = HashMap::new();
    for (login, _, _) in units {
        let mut pc = office.pc(login);
        let a = pc.actor();
        let accepted = entered + chrono::Duration::days(10);
        let mine = overdue[login]
            .iter()
            .chain([&open[login]])
            .chain((login == "stc_cuong").then_some(&done_late));
        for t in mine {
            pc.store
                .apply_at(&a, *t, None, TaskAction::Accept, accepted)
                .unwrap();
        }
        if login == "stc_cuong" {
            pc.store
                .apply(
                    &a,
                    done_late,
                    None,
                    TaskAction::SubmitResult(result_report(today_local())),
                )
                .unwrap();
        }
        let r = pc.sync();
        assert_eq!(r.rejected, 0, "{login}");
        pcs.insert(login, pc);
    }
    vp.sync();
    let a = vp.actor();
    let v = vp.store.task(done_late).unwrap().version;
    vp.store
        .apply(
            &a,
            done_late,
            Some(v),
            TaskAction::Review {
                passed: true,
                comment: "Đạt".into(),
            },
        )
        .unwrap();
    assert_eq!(vp.sync().pushed, 1);
    // From now on the default: a week offline at most.
    office
        .superuser()
        .execute(
            "UPDATE nv.meta SET value = '168' WHERE key = 'max_offline_hours'",
            &[],
        )
        .unwrap();
    Scene {
        office,
        vp,
        pcs,
        overdue,
        open,
        fresh,
    }
}

/// The office's figures for its report: what issue 17's attacks tried to change.
#[derive(Debug, Clone, PartialEq)]
struct Numbers {
    overdue: u32,
    done_on_time: u32,
    done_late: u32,
    /// (unit, overdue, done late)
    by_unit: Vec<(Uuid, u32, u32)>,
    /// The overdue list: (task, working days overdue).
    overdue_tasks: Vec<(Uuid, i64)>,
    /// Late document entries, late result entries and late reviews per unit.
    lateness: Vec<Lateness>,
}

/// Sync the office PC and count its report for the last three months, as of today.
fn numbers(pc: &mut Pc) -> Numbers {
    let r = pc.sync();
    assert_eq!((r.rejected, &r.transient), (0, &None), "{}", pc.login);
    let today = today_local();
    let s = pc
        .store
        .statistics(today - Days::new(90), today, today)
        .unwrap();
    let mut overdue_tasks: Vec<(Uuid, i64)> = s
        .overdue
        .iter()
        .map(|o| (o.task_id, o.days_overdue))
        .collect();
    overdue_tasks.sort();
    Numbers {
        overdue: s.total.overdue,
        done_on_time: s.total.done_on_time,
        done_late: s.total.done_late,
        by_unit: s
            .by_unit
            .iter()
            .map(|u| (u.unit_id, u.counts.overdue, u.counts.done_late))
            .collect(),
        overdue_tasks,
        lateness: s.lateness,
    }
}

/// Every state change of every task has its timeline entry: a task is written at version 1
/// with its "assigned" entry, and each action adds one version and one entry.
fn every_change_has_its_timeline_entry(office: &Office) {
    let mut su = office.superuser();
    for r in su
        .query(
            "SELECT t.id, t.version, (SELECT count(*) FROM nv.task_events e WHERE e.task_id = t.id)
             FROM nv.tasks t",
            &[],
        )
        .unwrap()
    {
        let (id, version, events): (Uuid, i64, i64) = (r.get(0), r.get(1), r.get(2));
        assert_eq!(version, events, "task {id}: versions and timeline entries");
    }
}

fn baseline(s: &mut Scene) -> Numbers {
    let n = numbers(&mut s.vp);
    assert_eq!(
        (n.overdue, n.done_late),
        (4, 1),
        "the scene: 2 overdue tasks of Sở Y tế, 1 each of the others; 1 done late"
    );
    n
}

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

// ---------------------------------------------------------------------------------------
// 2. A unit hides its overdue tasks.

#[test]
fn a_unit_cannot_hide_its_overdue_tasks() {
    let mut s = scene();
    // The office extends each unit's open task now: the unit's next step comes after it.
    let a = s.vp.actor();
    for login in UNIT_LOGINS {
        s.vp.store
            .apply(
                &a,
                s.open[login],
                None,
                TaskAction::Extend(nhiemvu_core::model::Extension {
                    new_deadline: today_local() + Days::new(40),
                    approving_document: "125/UBND-TH".into(),
                    reason: "Chờ vốn".into(),
                }),
            )
            .unwrap();
    }
    let before = baseline(&mut s);
    let gap_hours = 48;
    s.office
        .superuser()
        .execute(
            "UPDATE nv.meta SET value = $1 WHERE key = 'max_offline_hours'",
            &[&gap_hours.to_string()],
        )
        .unwrap();

    for login in UNIT_LOGINS {
        let mut c = s.office.direct(login);
        let overdue = s.overdue[login].clone();
        // The attack, as it was made.
        for t in &overdue {
            no_grant(
                &mut c,
                &format!(
                    "UPDATE nv.tasks SET pending_submitted_at = deadline - 2, version = version + 1 WHERE id = '{t}'"
                ),
                "table tasks",
            );
        }
        // Through the app: each overdue result "made offline" two days before the deadline.
        let pc = s.pc(login);
        let unit = pc.actor();
        let mut claims = Vec::new();
        for t in &overdue {
            let deadline = pc.store.task(*t).unwrap().deadline.unwrap();
            let day = deadline - Days::new(2);
            let claimed = local_instant(day, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
            pc.store
                .apply_at(
                    &unit,
                    *t,
                    None,
                    TaskAction::SubmitResult(result_report(day)),
                    claimed,
                )
                .unwrap();
            claims.push((*t, deadline, claimed));
        }
        let r = pc.sync();
        assert_eq!((r.pushed, r.rejected), (overdue.len() as u64, 0), "{login}");
        for (t, deadline, claimed) in claims {
            let r = c
                .query_one(
                    "SELECT t.pending_submitted_at, e.at, e.claimed_at, e.received_at,
                            e.received_at - make_interval(hours => $2) = e.at
                     FROM nv.tasks t JOIN nv.task_events e ON e.task_id = t.id
                     WHERE t.id = $1 AND e.kind = 'result_submitted'",
                    &[&t, &gap_hours],
                )
                .unwrap();
            let (pending, at, claim): (DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>) =
                (r.get(0), r.get(1), r.get(2));
            assert_eq!(pending, at, "{login}");
            assert!(
                r.get::<_, bool>(4),
                "{login}: recorded at the allowed gap before receipt"
            );
            assert!(
                local_date(at) > deadline,
                "{login}: still after the deadline"
            );
            // The claim stays visible beside the time recorded.
            let claim = claim.expect("the claim is kept");
            assert!((claim - claimed).num_milliseconds().abs() < 1, "{login}");
        }

        // Never before the task's previous step: progress "made" three days ago on the
        // task the office extended a moment ago is recorded at the extension.
        let open = s.open[login];
        let three_days_ago = Utc::now() - chrono::Duration::days(3);
        let pc = s.pc(login);
        pc.store
            .apply_at(
                &unit,
                open,
                None,
                TaskAction::Progress(ProgressUpdate {
                    text: "Đã làm xong phần lớn".into(),
                    ..Default::default()
                }),
                three_days_ago,
            )
            .unwrap();
        assert_eq!(pc.sync().pushed, 1);
        let r = c
            .query_one(
                "SELECT e.at = (SELECT x.at FROM nv.task_events x WHERE x.task_id = e.task_id AND x.kind = 'extended'),
                        e.claimed_at IS NOT NULL
                 FROM nv.task_events e WHERE e.task_id = $1 AND e.kind = 'progress'",
                &[&open],
            )
            .unwrap();
        assert!(
            r.get::<_, bool>(0),
            "{login}: recorded at the previous step"
        );
        assert!(r.get::<_, bool>(1));

        // An acceptance dated 2000-01-01: recorded at the allowed gap, after the assignment.
        let fresh = s.fresh[login];
        c.batch_execute(&act_at(fresh, &json!({"type": "accept"}), "'2000-01-01'"))
            .unwrap();
        let r = c
            .query_one(
                "SELECT t.accepted_at = e.at, e.at = e.received_at - make_interval(hours => $2),
                        e.at > t.assigned_at, e.claimed_at = '2000-01-01'
                 FROM nv.tasks t JOIN nv.task_events e ON e.task_id = t.id
                 WHERE t.id = $1 AND e.kind = 'accepted'",
                &[&fresh, &gap_hours],
            )
            .unwrap();
        for i in 0..4 {
            assert!(r.get::<_, bool>(i), "{login}: acceptance column {i}");
        }
        // Follow-up dates in 2099: a progress report claimed then is recorded now; results
        // and dates of the future are refused.
        c.batch_execute(&act_at(
            open,
            &progress_json("Báo cáo từ tương lai"),
            "'2099-01-01'",
        ))
        .unwrap();
        let r = c
            .query_one(
                "SELECT t.last_progress_at = e.received_at, e.at = e.received_at
                 FROM nv.tasks t JOIN nv.task_events e ON e.task_id = t.id
                 WHERE t.id = $1 AND e.kind = 'progress' ORDER BY e.id DESC LIMIT 1",
                &[&open],
            )
            .unwrap();
        assert!(r.get::<_, bool>(0) && r.get::<_, bool>(1), "{login}");
        let mut future = result_json(today_local());
        future["completed_on"] = json!("2099-01-01");
        invalid(
            &mut c,
            &act(open, &future),
            "Ngày hoàn thành không được sau ngày hôm nay.",
        );
        // A state change without a timeline entry: there is no way to make one.
        no_grant(
            &mut c,
            &format!(
                "UPDATE nv.tasks SET state = 'done', version = version + 1 WHERE id = '{open}'"
            ),
            "table tasks",
        );
    }
    every_change_has_its_timeline_entry(&s.office);
    let after = numbers(&mut s.vp);
    assert_eq!(after.overdue, 4, "quá hạn 4, as before");
    // The results are there, and counted for what they are: entered late (their replies
    // are dated two days before the deadline, the server received them well after).
    let mut expected = before.clone();
    let late_entries = |n: &Numbers| -> std::collections::BTreeMap<Uuid, (u32, u32, u32)> {
        n.lateness
            .iter()
            .map(|l| {
                let v = (
                    l.late_document_entries,
                    l.late_result_entries,
                    l.late_reviews,
                );
                (l.unit_id, v)
            })
            .filter(|(_, v)| *v != (0, 0, 0))
            .collect()
    };
    let mut want = late_entries(&before);
    for login in UNIT_LOGINS {
        want.entry(s.unit_of(login)).or_default().1 += s.overdue[login].len() as u32;
    }
    assert_eq!(late_entries(&after), want, "late result entries per unit");
    expected.lateness = after.lateness.clone();
    assert_eq!(after, expected, "everything else as before");
    s.everyone_syncs();
}

// ---------------------------------------------------------------------------------------
// 3. Timeline rows charged to another unit, with any kind, lateness and time.

#[test]
fn timeline_rows_are_charged_and_dated_by_the_server() {
    let mut s = scene();
    let before = baseline(&mut s);
    let forged_extras = |other: Uuid| {
        json!({"unit_id": other, "late": true, "kind": "reviewed", "at": "2000-01-01T00:00:00Z",
               "actor_login": "vp_thu", "actor_name": "Võ Văn Dũng", "claimed_at": null,
               "received_at": "2000-01-01T00:00:00Z", "mutation_id": Uuid::nil()})
    };
    let with_extras = |mut a: Value, extras: &Value| {
        for (k, v) in extras.as_object().unwrap() {
            a[k] = v.clone();
        }
        a
    };
    for login in UNIT_LOGINS {
        let mut c = s.office.direct(login);
        let other = if login == "syt_binh" {
            s.office.finance.id
        } else {
            s.office.health.id
        };
        let extras = forged_extras(other);
        // On its own overdue task: a result that claims to be a late review by another unit.
        let t = s.overdue[login][0];
        let sent = with_extras(result_json(today_local()), &extras);
        c.batch_execute(&act(t, &sent)).unwrap();
        let r = c
            .query_one(
                "SELECT unit_id, kind, late, actor_login::text, at = received_at, payload
                 FROM nv.task_events WHERE task_id = $1 ORDER BY id DESC LIMIT 1",
                &[&t],
            )
            .unwrap();
        assert_eq!(r.get::<_, Uuid>(0), s.unit_of(login));
        assert_eq!(r.get::<_, String>(1), "result_submitted");
        assert_eq!(r.get::<_, Option<bool>>(2), None);
        assert_eq!(r.get::<_, String>(3), login);
        assert!(r.get::<_, bool>(4));
        let payload: Value = r.get(5);
        let keys: BTreeSet<&str> = payload
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let clean = result_json(today_local());
        let expected: BTreeSet<&str> = clean
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, expected, "{login}: only the server's keys");
        // On another unit's task, or one that does not exist: the same answer, no oracle.
        for t in [s.open["stc_cuong"], s.open["sxd_hoa"], Uuid::now_v7()] {
            if login != "syt_binh" && t == s.open[login] {
                continue;
            }
            forbidden(
                &mut c,
                &act(t, &with_extras(progress_json("x"), &extras)),
                NOT_YOURS,
            );
        }
        // Through a group role it is still itself.
        c.batch_execute("SET ROLE nhiemvu_unit").unwrap();
        let foreign = if login == "syt_binh" {
            s.open["stc_cuong"]
        } else {
            s.open["syt_binh"]
        };
        forbidden(&mut c, &act(foreign, &progress_json("x")), NOT_YOURS);
        c.batch_execute("RESET ROLE").unwrap();
        let m = c.batch_execute("SET ROLE nhiemvu_office").unwrap_err();
        assert_eq!(
            m.as_db_error().unwrap().message(),
            "permission denied to set role \"nhiemvu_office\""
        );
    }
    // The office's reviews of those results, each claiming to be on time, dated long ago
    // and charged to the unit: charged to the reviewer's unit, dated after the result.
    for (reviewer, unit) in [
        ("vp_thu", "syt_binh"),
        ("vp_lan", "stc_cuong"),
        ("qt_an", "sxd_hoa"),
    ] {
        let t = s.overdue[unit][0];
        let mut c = s.office.direct(reviewer);
        let review = with_extras(
            json!({"type": "review", "passed": false, "comment": "Chưa đạt"}),
            &json!({"late": false, "unit_id": s.unit_of(unit), "kind": "progress"}),
        );
        c.batch_execute(&format!(
            "SELECT nv.task_act(gen_random_uuid(), '{t}', {}, '2000-01-01',
                 (SELECT version FROM nv.tasks WHERE id = '{t}'), NULL)",
            lit(&review)
        ))
        .unwrap();
        let r = c
            .query_one(
                "SELECT e.unit_id, e.kind, e.late, e.payload, e.actor_login::text,
                        e.at = (SELECT x.at FROM nv.task_events x WHERE x.task_id = e.task_id
                                AND x.kind = 'result_submitted' ORDER BY x.id DESC LIMIT 1)
                 FROM nv.task_events e WHERE e.task_id = $1 ORDER BY e.id DESC LIMIT 1",
                &[&t],
            )
            .unwrap();
        assert_eq!(r.get::<_, Uuid>(0), s.office.office_unit.id, "{reviewer}");
        assert_eq!(r.get::<_, String>(1), "reviewed");
        assert_eq!(r.get::<_, Option<bool>>(2), None);
        assert_eq!(
            r.get::<_, Value>(3),
            json!({"type": "reviewed", "passed": false, "comment": "Chưa đạt"})
        );
        assert_eq!(r.get::<_, String>(4), reviewer);
        assert!(
            r.get::<_, bool>(5),
            "{reviewer}: the review is recorded no earlier than the result it decides on"
        );
    }
    // A leader writes no timeline row at all.
    let mut ld = s.office.direct("ld_dung");
    no_grant(
        &mut ld,
        &act(s.overdue["syt_binh"][1], &progress_json("x")),
        "function task_act",
    );
    every_change_has_its_timeline_entry(&s.office);
    assert_eq!(numbers(&mut s.vp), before);
    s.everyone_syncs();
}

// ---------------------------------------------------------------------------------------
// A mutation id applies once, whoever sends it.

#[test]
fn a_mutation_id_applies_once_whoever_sends_it() {
    let mut s = scene();
    let before = baseline(&mut s);
    let t = s.open["syt_binh"];
    let pc = s.pc("syt_binh");
    let a = pc.actor();
    pc.store
        .apply(
            &a,
            t,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: "Tuần 1".into(),
                ..Default::default()
            }),
        )
        .unwrap();
    assert_eq!(pc.sync().pushed, 1);
    // The id is visible to everyone who reads the task's timeline.
    let used: Uuid = s
        .office
        .direct("vp_lan")
        .query_one(
            "SELECT mutation_id FROM nv.task_events WHERE task_id = $1 AND kind = 'progress'",
            &[&t],
        )
        .unwrap()
        .get(0);
    let reuse = |task: Uuid, a: &Value| {
        format!(
            "SELECT nv.task_act('{used}', '{task}', {}, now(), NULL, NULL)",
            lit(a)
        )
    };
    let taken = "Mã thao tác này đã được dùng.";
    for login in logins() {
        let mut c = s.office.direct(login);
        match kind(login) {
            Role::Leader => no_grant(&mut c, &reuse(t, &progress_json("x")), "function task_act"),
            Role::Unit => {
                let own = s.open[login];
                refused(
                    &mut c,
                    &reuse(own, &progress_json("Tuần 1 (gửi lại)")),
                    &SqlState::UNIQUE_VIOLATION,
                    taken,
                );
                // Nor may it file a refusal under that id.
                let m = c
                    .batch_execute(&format!(
                        "INSERT INTO nv.mutations (id, name, outcome) VALUES ('{used}', 'accept_task', 'rejected')"
                    ))
                    .unwrap_err();
                assert_eq!(m.code(), Some(&SqlState::UNIQUE_VIOLATION));
                // With a fresh id it works.
                c.batch_execute(&act(own, &progress_json("Tuần 1")))
                    .unwrap();
            }
            _ => {
                refused(
                    &mut c,
                    &reuse(t, &extend(60)),
                    &SqlState::UNIQUE_VIOLATION,
                    taken,
                );
                refused(
                    &mut c,
                    &format!("SELECT nv.save_config('{used}', 'calendar', '[]')"),
                    &SqlState::UNIQUE_VIOLATION,
                    taken,
                );
                invalid(
                    &mut c,
                    &format!(
                        "SELECT nv.task_act(NULL, '{t}', {}, now(), NULL, NULL)",
                        lit(&extend(60))
                    ),
                    "Thiếu mã thao tác.",
                );
            }
        }
    }
    let r: (String, String) = {
        let mut su = s.office.superuser();
        let r = su
            .query_one(
                "SELECT author::text, outcome FROM nv.mutations WHERE id = $1",
                &[&used],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(r, ("syt_binh".into(), "applied".into()));
    every_change_has_its_timeline_entry(&s.office);
    assert_eq!(numbers(&mut s.vp), before);
    s.everyone_syncs();
}

fn extend(days: u64) -> Value {
    json!({"type": "extend", "new_deadline": (today_local() + Days::new(days)).to_string(),
           "approving_document": "125/UBND-TH", "reason": "Chờ vốn"})
}

/// (entity, id) of damaged records, to compare lists.
fn listed(records: &[nhiemvu_core::store::DamagedRecord]) -> BTreeSet<(String, String)> {
    records
        .iter()
        .map(|d| (d.entity.clone(), d.id.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// A row no PC can read (written before schema 3, or by a careless superuser) stops nobody.

#[test]
fn a_damaged_row_stops_no_pc_and_the_admin_repairs_it() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut ld = office.pc("ld_dung");
    let mut syt = office.pc("syt_binh");
    let tasks = register(&mut vp, "70", &[office.health.id, office.health.id]);
    vp.sync();
    syt.sync();
    ld.sync();
    let (damaged_task, other) = (tasks[0].id, tasks[1].id);
    // The office's calendar, as it was before.
    let a = vp.actor();
    vp.store
        .set_calendar_overrides(
            &a,
            &[nhiemvu_core::calendar::CalendarOverride {
                date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                kind: nhiemvu_core::calendar::OverrideKind::DayOff,
                note: "Nghỉ bù".into(),
            }],
        )
        .unwrap();
    vp.sync();

    let mut su = office.superuser();
    let bad_event: i64 = su
        .query_one(
            "INSERT INTO nv.task_events (task_id, at, actor_login, kind, payload)
             VALUES ($1, now(), 'postgres', 'progress', '{\"type\": \"progress\", \"text\": 42}')
             RETURNING id",
            &[&damaged_task],
        )
        .unwrap()
        .get(0);
    su.execute(
        "UPDATE nv.tasks SET version = version + 1 WHERE id = $1",
        &[&damaged_task],
    )
    .unwrap();
    su.execute(
        "UPDATE nv.settings SET value = '[{\"date\": \"not-a-date\"}]' WHERE key = 'calendar'",
        &[],
    )
    .unwrap();

    // Meanwhile, ordinary work: a new document, and the unit's progress on its other task.
    let later = register(&mut vp, "71", &[office.health.id]);
    assert_eq!(vp.sync().pushed, 1);
    let u = syt.actor();
    syt.store
        .apply(&u, other, None, TaskAction::Accept)
        .unwrap();

    let expected: BTreeSet<(String, String)> = [
        ("event".to_string(), bad_event.to_string()),
        ("calendar".to_string(), "calendar".to_string()),
    ]
    .into();
    let mut fresh = office.pc("vp_lan"); // a brand-new PC: its first sync is a full download
    for pc in [&mut vp, &mut ld, &mut syt, &mut fresh] {
        let r = pc
            .try_sync()
            .unwrap_or_else(|e| panic!("{}: the sync failed: {e}", pc.login));
        assert_eq!((r.rejected, &r.transient), (0, &None), "{}", pc.login);
        assert!(
            pc.store.task(later[0].id).is_ok(),
            "{}: the new task arrived",
            pc.login
        );
        let server = server_view(&mut office.direct(pc.login));
        let local = local_view(&pc.store);
        for (s, l) in server.iter().zip(&local) {
            if s.0 == damaged_task {
                // Everything but the unreadable row: the version, the other entries.
                assert_eq!((s.2, s.5 - 1), (l.2, l.5), "{}", pc.login);
            } else {
                assert_eq!(s, l, "{}", pc.login);
            }
        }
        assert_eq!(server.len(), local.len(), "{}", pc.login);
        // The PC says which records it skipped (the window lists them).
        assert_eq!(listed(&skipped(&pc.store)), expected, "{}", pc.login);
    }
    // The office's PC keeps the calendar it had.
    let days: Vec<NaiveDate> = vp
        .store
        .calendar_overrides()
        .unwrap()
        .iter()
        .map(|o| o.date)
        .collect();
    assert_eq!(days, [NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()]);
    assert_eq!(
        syt.store.task(other).unwrap().state,
        nhiemvu_core::model::WorkflowState::InProgress
    );

    // The admin finds exactly those rows, with the PCs' own decoders, and repairs them.
    let mut an = office.direct("qt_an");
    let found = admin::damaged(&mut an).unwrap();
    assert_eq!(listed(&found), expected);
    // No one else may.
    for login in logins().filter(|l| *l != "qt_an") {
        let e = admin::repair(&mut office.direct(login), &found).unwrap_err();
        assert!(
            e.to_string()
                .contains("permission denied for function quarantine_"),
            "{login}: {e}"
        );
    }
    assert_eq!(admin::repair(&mut an, &found).unwrap(), 2);
    let kept: Vec<(String, String, Value)> = su
        .query(
            "SELECT entity, entity_id, row_data FROM nv.quarantine ORDER BY entity DESC",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(kept.len(), 2);
    assert_eq!(
        (kept[0].0.as_str(), kept[0].1.as_str()),
        ("event", bad_event.to_string().as_str())
    );
    assert_eq!(
        kept[0].2["payload"],
        json!({"type": "progress", "text": 42})
    );
    assert_eq!(kept[1].2["value"], json!([{"date": "not-a-date"}]));
    assert!(admin::damaged(&mut an).unwrap().is_empty());
    for pc in [&mut vp, &mut ld, &mut syt, &mut fresh] {
        let r = pc.sync();
        assert_eq!(r.rejected, 0);
        assert_eq!(
            local_view(&pc.store),
            server_view(&mut office.direct(pc.login)),
            "{}: the repaired task",
            pc.login
        );
        assert!(
            skipped(&pc.store).is_empty(),
            "{}: nothing is listed as damaged any more",
            pc.login
        );
    }
}

/// The records the PC's syncs skipped, as it keeps them for the window.
fn skipped(store: &nhiemvu_core::store::Store) -> Vec<nhiemvu_core::store::DamagedRecord> {
    store
        .damaged_records()
        .unwrap()
        .into_iter()
        .map(|r| r.record)
        .collect()
}

// ---------------------------------------------------------------------------------------
// 5. A transaction left open holds back every PC: reported, then ended.

#[test]
fn a_transaction_left_open_is_reported_then_ended() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut ld = office.pc("ld_dung");
    let mut su = office.superuser();
    // The app's logins cannot reach the server's other databases (where a transaction would
    // hold the horizon just the same).
    for login in logins() {
        for db in ["postgres", "template1"] {
            let e = refused_login(&office, login, PASSWORD, db);
            let db_err = e.as_db_error().expect("refused by the server");
            assert_eq!(
                (db_err.code(), db_err.message()),
                (
                    &SqlState::INSUFFICIENT_PRIVILEGE,
                    format!("permission denied for database \"{db}\"").as_str()
                ),
                "{login}"
            );
        }
    }
    su.batch_execute(
        "UPDATE nv.meta SET value = '1' WHERE key = 'held_warn_seconds';
         UPDATE nv.meta SET value = '3600' WHERE key = 'held_release_seconds';",
    )
    .unwrap();
    // (holder, seconds held), as the superuser sees it.
    let status = |su: &mut Client| -> Option<(String, i64)> {
        let r = su
            .query_one(
                "SELECT holder::text, held_seconds FROM nv.horizon_status()",
                &[],
            )
            .unwrap();
        Some((r.get::<_, Option<String>>(0)?, r.get::<_, Option<i64>>(1)?))
    };

    // Every kind of login in turn (the leader too: it reads only, and still holds a
    // transaction id if it asks for one).
    for (n, holder) in logins().enumerate() {
        let mut h = office.direct(holder);
        h.batch_execute("BEGIN; SELECT pg_current_xact_id();")
            .unwrap();
        // A change made while it holds.
        let waiting = register(&mut vp, &format!("8{n}"), &[office.health.id]);
        assert_eq!(vp.sync().pushed, 1);
        wait_for("the warning limit", || {
            status(&mut su).filter(|(who, secs)| who == holder && *secs >= 1)
        });
        let r = ld.sync();
        let held = r.held_back.clone().expect("the leader's PC is told");
        assert_eq!(
            (held.holder, held.holder_is_app, held.released),
            (None, true, false),
            "a leader is not told who"
        );
        assert!(
            ld.store.task(waiting[0].id).is_err(),
            "held back: the change has not arrived"
        );
        let held = vp.sync().held_back.expect("the office's PC is told");
        assert_eq!(
            held.holder.as_deref(),
            Some(holder),
            "the office is told who"
        );
        assert_eq!(held.database.as_deref(), Some(DB));

        // Past the release limit, the next round ends it.
        su.execute(
            "UPDATE nv.meta SET value = '3' WHERE key = 'held_release_seconds'",
            &[],
        )
        .unwrap();
        wait_for("the release limit", || {
            status(&mut su).filter(|(who, secs)| who == holder && *secs >= 3)
        });
        let r = ld.sync();
        assert!(r.held_back.as_ref().is_some_and(|h| h.released), "{r:?}");
        let e = h.batch_execute("SELECT 1").unwrap_err();
        assert!(
            e.is_closed() || e.code() == Some(&SqlState::ADMIN_SHUTDOWN),
            "{holder}'s connection was ended: {e}"
        );
        assert_eq!(
            count(
                &mut su,
                &format!(
                    "SELECT count(*) FROM nv.security_log WHERE what = 'held_transaction_ended' AND subject = '{holder}'"
                )
            ),
            1
        );
        wait_for("the horizon to move", || {
            status(&mut su).is_none().then_some(())
        });
        let r = ld.sync();
        assert_eq!(r.held_back, None);
        assert!(
            ld.store.task(waiting[0].id).is_ok(),
            "the waiting change arrived"
        );
        su.execute(
            "UPDATE nv.meta SET value = '3600' WHERE key = 'held_release_seconds'",
            &[],
        )
        .unwrap();
    }

    // Another program's login holding it is reported, never ended by the app.
    su.batch_execute(&format!(
        "CREATE ROLE ketoan_app LOGIN PASSWORD '{PASSWORD}';
         GRANT CONNECT ON DATABASE postgres TO ketoan_app;
         UPDATE nv.meta SET value = '1' WHERE key = 'held_release_seconds';"
    ))
    .unwrap();
    let mut other = office
        .pg
        .connect("ketoan_app", PASSWORD, "postgres")
        .unwrap();
    other
        .batch_execute("BEGIN; SELECT pg_current_xact_id();")
        .unwrap();
    wait_for("the other program's hold", || {
        status(&mut su).filter(|(who, secs)| who == "ketoan_app" && *secs >= 1)
    });
    let held = vp.sync().held_back.expect("reported");
    assert_eq!(
        (held.holder.as_deref(), held.holder_is_app, held.released),
        (Some("ketoan_app"), false, false)
    );
    assert_eq!(held.database.as_deref(), Some("postgres"));
    other.batch_execute("SELECT 1").unwrap();
    other.batch_execute("COMMIT").unwrap();
}

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

// ---------------------------------------------------------------------------------------
// 7. Files: a quota per login, and loose files pruned.

fn sha_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn put_blob(c: &mut Client, bytes: &[u8]) -> Result<(), postgres::Error> {
    c.execute("SELECT nv.put_blob($1, $2)", &[&sha_of(bytes), &bytes])
        .map(|_| ())
}

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

// ---------------------------------------------------------------------------------------
// 6. Conflicts are the server's to write, and the parties' (or the office's) to settle.

#[test]
fn conflicts_are_written_by_the_server_and_settled_by_the_people_in_them() {
    let mut s = scene();
    let before = baseline(&mut s);
    let mut lan = s.office.pc("vp_lan");
    let t = s.open["syt_binh"];
    let u = s.fresh["stc_cuong"];
    // Thu extends, then the unit reports progress (so the task's last writer is not who
    // set the deadline); Lan, who had not synced, extends from the deadline she saw. The
    // same for the lead unit of another task.
    let thu_actor = s.vp.actor();
    let lan_actor = lan.actor();
    let ext = |days| {
        TaskAction::Extend(nhiemvu_core::model::Extension {
            new_deadline: today_local() + Days::new(days),
            approving_document: "90/UBND-TH".into(),
            reason: "Gia hạn".into(),
        })
    };
    s.vp.store.apply(&thu_actor, t, None, ext(40)).unwrap();
    lan.store.apply(&lan_actor, t, None, ext(60)).unwrap();
    s.vp.store
        .apply(
            &thu_actor,
            u,
            None,
            TaskAction::Reassign {
                to_unit_id: s.office.construction.id,
                note: String::new(),
            },
        )
        .unwrap();
    lan.store
        .apply(
            &lan_actor,
            u,
            None,
            TaskAction::Reassign {
                to_unit_id: s.office.health.id,
                note: String::new(),
            },
        )
        .unwrap();
    assert_eq!(s.vp.sync().pushed, 2);
    let pc = s.pc("syt_binh");
    let a = pc.actor();
    pc.store
        .apply(
            &a,
            t,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: "Đang làm".into(),
                ..Default::default()
            }),
        )
        .unwrap();
    assert_eq!(pc.sync().pushed, 1);
    assert_eq!(lan.sync().pushed, 2);
    let mut su = s.office.superuser();
    let rows: Vec<(i64, String, String, String)> = su
        .query(
            "SELECT id, field, overwritten_by::text, kept_by::text FROM nv.conflicts ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    let fields: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r.1.as_str(), r.2.as_str(), r.3.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("deadline", "vp_thu", "vp_lan"),
            ("lead_unit_id", "vp_thu", "vp_lan")
        ],
        "the one whose value was overwritten, not the task's last writer"
    );
    assert_eq!(lan.session.as_mut().unwrap().open_conflicts().unwrap(), 2);
    assert_eq!(s.vp.session.as_mut().unwrap().open_conflicts().unwrap(), 2);

    let (first, second) = (rows[0].0, rows[1].0);
    let settle = |id: i64, text: &str| {
        format!(
            "SELECT nv.resolve_conflict({id}, '{}')",
            text.replace('\'', "''")
        )
    };
    for login in logins() {
        let mut c = s.office.direct(login);
        // Writing one by hand, with a phone number in it: nobody.
        no_grant(
            &mut c,
            &format!(
                "INSERT INTO nv.conflicts (task_id, field, overwritten, kept, overwritten_by, kept_by, mutation_id)
                 VALUES ('{t}', 'deadline', '\"Gọi 0912 345 678\"', '\"x\"', 'vp_thu', current_user, gen_random_uuid())"
            ),
            "table conflicts",
        );
        no_grant(
            &mut c,
            "UPDATE nv.conflicts SET kept = '\"Gọi 0912 345 678\"'",
            "table conflicts",
        );
        match kind(login) {
            Role::Leader => no_grant(
                &mut c,
                &settle(first, "Gọi 0912 345 678"),
                "function resolve_conflict",
            ),
            Role::Unit => {
                forbidden(
                    &mut c,
                    &settle(first, "Gọi 0912 345 678"),
                    "Không tìm thấy xung đột này.",
                );
                assert_eq!(count(&mut c, "SELECT count(*) FROM nv.conflicts"), 0);
            }
            _ => {
                forbidden(&mut c, &settle(0, "x"), "Không tìm thấy xung đột này.");
                invalid(&mut c, &settle(first, "  "), "Thiếu Cách giải quyết.");
            }
        }
    }
    // The people in it settle them.
    let mut thu = s.office.direct("vp_thu");
    thu.batch_execute(&settle(first, "Giữ hạn 60 ngày"))
        .unwrap();
    invalid(
        &mut thu,
        &settle(first, "Lại"),
        "Xung đột này đã được giải quyết.",
    );
    s.office
        .direct("qt_an")
        .batch_execute(&settle(second, "Giao Sở Y tế"))
        .unwrap();
    assert_eq!(lan.session.as_mut().unwrap().open_conflicts().unwrap(), 0);
    let after = numbers(&mut s.vp);
    assert_eq!(after, before);
}

// ---------------------------------------------------------------------------------------
// 5 (variant). A prepared transaction would hold the horizon with no session to end: the
// server the app is set up on allows none.

#[test]
fn no_login_can_leave_a_prepared_transaction_behind() {
    let office = Office::start();
    for login in logins() {
        let mut c = office.direct(login);
        c.batch_execute("BEGIN; SELECT pg_current_xact_id();")
            .unwrap();
        let e = c
            .batch_execute("PREPARE TRANSACTION 'giu_moc'")
            .unwrap_err();
        assert_eq!(
            e.as_db_error().map(|d| d.message()),
            Some("prepared transactions are disabled"),
            "{login}"
        );
        c.batch_execute("ROLLBACK").unwrap();
    }
    let mut su = office.superuser();
    assert_eq!(count(&mut su, "SELECT count(*) FROM pg_prepared_xacts"), 0);
}

// ---------------------------------------------------------------------------------------
// 5 (variant). A lock one login holds, with no transaction at all, stops no one's sync:
// PostgreSQL lets any login take any advisory lock for as long as it stays connected.

#[test]
fn an_advisory_lock_held_by_one_login_stops_no_one_elses_upload() {
    let mut s = scene();
    let before = baseline(&mut s);
    let senders: Vec<&str> = logins().filter(|l| kind(l) != Role::Leader).collect();
    // Every login, the leader too, in turn holds the locks of every other login's uploads
    // (the keys are public: the schema's source is) and the migration's.
    for holder in logins() {
        let mut h = s.office.direct(holder);
        for victim in &senders {
            h.execute(
                "SELECT pg_advisory_lock(hashtext('nhiemvu_blob_quota'), hashtext($1))",
                &[victim],
            )
            .unwrap();
        }
        for victim in senders.iter().filter(|v| **v != holder) {
            let mut c = s.office.direct(victim);
            // Bounded, so that a regression fails here instead of hanging the suite.
            c.batch_execute("SET statement_timeout = '20s'").unwrap();
            let bytes = format!("%PDF-1.4 {victim} gửi khi {holder} giữ khóa").into_bytes();
            put_blob(&mut c, &bytes)
                .unwrap_or_else(|e| panic!("{victim}'s upload waits for {holder}'s lock: {e}"));
        }
        h.batch_execute("SELECT pg_advisory_unlock_all()").unwrap();
    }
    // And a PC's sync with a file goes through while a unit holds the locks.
    let mut h = s.office.direct("stc_cuong");
    h.execute(
        "SELECT pg_advisory_lock(hashtext('nhiemvu_blob_quota'), hashtext('syt_binh'))",
        &[],
    )
    .unwrap();
    let t = s.overdue["syt_binh"][0];
    let pc = s.pc("syt_binh");
    let a = pc.actor();
    let file = pc
        .store
        .put_attachment("bao-cao.pdf", b"%PDF-1.4 bao cao ket qua")
        .unwrap();
    let mut report = result_report(today_local());
    report.attachment = Some(file);
    pc.store
        .apply(&a, t, None, TaskAction::SubmitResult(report))
        .unwrap();
    let mut pc = s.pcs.remove("syt_binh").unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    // On its own thread, so that a regression fails below instead of hanging the suite.
    let round = std::thread::spawn(move || {
        let r = pc.try_sync().map(|r| (r.pushed, r.rejected));
        done.send(()).ok();
        (pc, r)
    });
    wait_for("syt_binh's sync round", || finished.try_recv().ok());
    let (pc, r) = round.join().unwrap();
    assert_eq!(r.unwrap(), (1, 0));
    s.pcs.insert("syt_binh", pc);
    every_change_has_its_timeline_entry(&s.office);
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
