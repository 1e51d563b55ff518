//! The hostile PC (issue 17): a login that skips the app, connects straight to PostgreSQL
//! and sends anything. Each attack of the issue, and variants of it, is run as every login
//! it applies to; it is refused (with the Vietnamese message a person would read) or is
//! harmless, and the office's figures stay what they were: the office PC syncs and counts
//! its report (overdue, done late, late result entries and late reviews per unit) before
//! and after, and both must be equal. No row one PC writes stops another PC's sync.
//!
//! Nothing here waits a fixed time for a state: it polls the server until the state is
//! there, with a generous deadline.

#[path = "../support/mod.rs"]
mod support;

mod backdating;
mod charged;
mod conflicts;
mod damaged;
mod files;
mod horizon;
mod leaks;
mod logins;
mod payloads;

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

fn sha_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn put_blob(c: &mut Client, bytes: &[u8]) -> Result<(), postgres::Error> {
    c.execute("SELECT nv.put_blob($1, $2)", &[&sha_of(bytes), &bytes])
        .map(|_| ())
}
