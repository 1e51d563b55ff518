//! Authorization, tested the way an attacker would try it: connect straight to PostgreSQL
//! with your own login, skip the app, and read or write what is not yours. Each attempt
//! must fail with the right SQLSTATE (and, where a person would read it, the Vietnamese
//! message), and the matching legal operation must succeed, so every test here fails if a
//! policy, grant, trigger or function check is loosened.
//!
//! Office schema 3: no login writes any table directly (the one exception: a login files
//! its own refusal in `nv.mutations`); every write goes through the schema's functions,
//! which decide who may.
//!
//! The data is set up through the app: the office registers
//!   document 15 (a file attached): one task for Sở Y tế, one for Sở Tài chính;
//!   document 16 (a file attached): a task led by Sở Xây dựng with Sở Y tế coordinating;
//!   document 17 (a file attached): a task for Sở Tài chính, which accepts it and reports
//!   its result with a file of its own;
//! and vp_thu and vp_lan extend the task of Sở Y tế at the same time, so the server records
//! a conflict between them (kept by vp_lan, overwriting vp_thu's value). Every probe runs in
//! a transaction that is rolled back, so the probes never change what the next one sees.

mod support;

use std::collections::BTreeSet;

use chrono::Days;
use nhiemvu_core::model::{
    DocumentKind, Extension, Issuer, Origin, ResultOutcome, ResultReport, Urgency,
};
use nhiemvu_core::store::{NewTask, TaskAction};
use nhiemvu_core::timeliness::today_local;
use nhiemvu_sync::provision::scram_verifier;
use postgres::error::{DbError, SqlState};
use postgres::Client;
use serde_json::{json, Value};
use support::*;
use uuid::Uuid;

const APP_ROLES: [&str; 4] = [
    "nhiemvu_office",
    "nhiemvu_unit",
    "nhiemvu_leader",
    "nhiemvu_admin",
];

/// Every table of the office schema, with a column to name in an UPDATE.
const TABLES: [(&str, &str); 19] = [
    ("meta", "value"),
    ("units", "name"),
    ("people", "title"),
    ("documents", "summary"),
    ("document_attachments", "file_name"),
    ("blobs", "created_at"),
    ("blob_uploads", "login"),
    ("tasks", "deadline"),
    ("task_coordinators", "unit_id"),
    ("task_events", "kind"),
    ("mutations", "reason"),
    ("conflicts", "resolution"),
    ("change_log", "entity"),
    ("settings", "value"),
    ("enum_values", "value"),
    ("action_rules", "to_state"),
    ("logins", "note"),
    ("security_log", "detail"),
    ("quarantine", "reason"),
];

/// The refusal of `nv.task_act` for a task the login may not see (or that does not exist).
const NOT_YOURS: &str =
    "Không tìm thấy nhiệm vụ trên máy chủ, hoặc bạn không còn được giao nhiệm vụ này.";

fn logins() -> impl Iterator<Item = &'static str> {
    LOGINS.iter().map(|l| l.0)
}

fn kind(login: &str) -> &'static str {
    match LOGINS.iter().find(|l| l.0 == login).unwrap().2 {
        nhiemvu_core::model::Role::Office => "office",
        nhiemvu_core::model::Role::Unit => "unit",
        nhiemvu_core::model::Role::Leader => "leader",
        nhiemvu_core::model::Role::Admin => "admin",
        r => panic!("{r:?} has no login"),
    }
}

/// The core's refusal of `action` by `actor_kind` from `state` (what `nv.action_rules` holds).
fn core_refusal(action: &str, actor_kind: &str, state: &str) -> String {
    nhiemvu_sync::rules::action_rules()
        .into_iter()
        .find(|r| r.action == action && r.actor_kind == actor_kind && r.from_state == state)
        .and_then(|r| r.refusal)
        .unwrap_or_else(|| panic!("{actor_kind} may {action} from {state}"))
}
// ---------------------------------------------------------------------------------------
// A login's own connection, and the probes run on it.

struct Conn {
    login: &'static str,
    c: Client,
}

fn conn(office: &Office, login: &'static str) -> Conn {
    Conn {
        login,
        c: office.direct(login),
    }
}

impl Conn {
    /// Run `setup` (every statement must succeed), then `sql`, then roll everything back.
    fn attempt(&mut self, setup: &[&str], sql: &str) -> Result<u64, postgres::Error> {
        let login = self.login;
        let mut tx = self.c.transaction().unwrap();
        for s in setup {
            tx.batch_execute(s)
                .unwrap_or_else(|e| panic!("{login}: setup `{s}` failed: {e}"));
        }
        tx.execute(sql, &[])
        // dropped: rolled back
    }

    /// `sql` must fail (after `setup`); returns the server's error.
    fn refused_after(&mut self, setup: &[&str], sql: &str) -> DbError {
        match self.attempt(setup, sql) {
            Ok(n) => panic!(
                "{}: `{sql}` should be refused, but succeeded ({n} rows)",
                self.login
            ),
            Err(e) => match e.as_db_error() {
                Some(db) => db.clone(),
                None => panic!("{}: `{sql}` failed without SQLSTATE: {e}", self.login),
            },
        }
    }

    fn refused(&mut self, sql: &str) -> DbError {
        self.refused_after(&[], sql)
    }

    /// Refused with insufficient_privilege (42501): a missing grant, a policy's WITH CHECK,
    /// or a move the state machine does not allow this kind of person. Returns the message.
    fn denied_after(&mut self, setup: &[&str], sql: &str) -> String {
        let e = self.refused_after(setup, sql);
        assert_eq!(
            e.code(),
            &SqlState::INSUFFICIENT_PRIVILEGE,
            "{}: `{sql}` refused with {} ({}), expected 42501",
            self.login,
            e.code().code(),
            e.message()
        );
        e.message().to_string()
    }

    fn denied(&mut self, sql: &str) -> String {
        self.denied_after(&[], sql)
    }

    /// Refused because no grant covers it ("permission denied for table/function ...").
    fn no_grant(&mut self, sql: &str) {
        let m = self.denied(sql);
        assert!(
            m.starts_with("permission denied for"),
            "{}: {m}",
            self.login
        );
    }

    fn no_grant_after(&mut self, setup: &[&str], sql: &str) {
        let m = self.denied_after(setup, sql);
        assert!(
            m.starts_with("permission denied for"),
            "{}: {m}",
            self.login
        );
    }

    /// Refused by a policy's WITH CHECK.
    fn no_policy(&mut self, sql: &str) {
        let m = self.denied(sql);
        assert!(
            m.starts_with("new row violates row-level security policy"),
            "{}: {m}",
            self.login
        );
    }

    /// Refused with `code` and exactly `message` (a refusal a person reads).
    fn refused_with(&mut self, sql: &str, code: &SqlState, message: &str) {
        let e = self.refused(sql);
        assert_eq!(
            (e.code(), e.message()),
            (code, message),
            "{}: `{sql}`",
            self.login
        );
    }

    /// Refused by one of the schema's functions, for lack of the right (42501), with its
    /// Vietnamese `message`.
    fn forbidden(&mut self, sql: &str, message: &str) {
        self.refused_with(sql, &SqlState::INSUFFICIENT_PRIVILEGE, message);
    }

    /// `sql` succeeds (after `setup`), and is rolled back; returns the rows it touched.
    fn allowed_after(&mut self, setup: &[&str], sql: &str) -> u64 {
        self.attempt(setup, sql).unwrap_or_else(|e| {
            let why = e.as_db_error().map(|d| d.message().to_string());
            panic!("{}: `{sql}` should succeed: {e} {why:?}", self.login)
        })
    }

    fn allowed(&mut self, sql: &str) -> u64 {
        self.allowed_after(&[], sql)
    }

    /// A count read after `setup`, in a transaction rolled back afterwards.
    fn count_after(&mut self, setup: &[&str], sql: &str) -> i64 {
        let mut tx = self.c.transaction().unwrap();
        for s in setup {
            tx.batch_execute(s).unwrap();
        }
        tx.query_one(sql, &[])
            .unwrap_or_else(|e| panic!("{}: `{sql}`: {e}", self.login))
            .get(0)
    }

    fn count(&mut self, sql: &str) -> i64 {
        self.c
            .query_one(sql, &[])
            .unwrap_or_else(|e| panic!("{}: `{sql}`: {e}", self.login))
            .get(0)
    }

    fn ids(&mut self, sql: &str) -> BTreeSet<Uuid> {
        let rows = self
            .c
            .query(sql, &[])
            .unwrap_or_else(|e| panic!("{}: `{sql}`: {e}", self.login));
        rows.iter().map(|r| r.get(0)).collect()
    }

    fn texts(&mut self, sql: &str) -> BTreeSet<String> {
        let rows = self
            .c
            .query(sql, &[])
            .unwrap_or_else(|e| panic!("{}: `{sql}`: {e}", self.login));
        rows.iter().map(|r| r.get(0)).collect()
    }
}

fn set<T: Ord + Clone>(items: &[&T]) -> BTreeSet<T> {
    items.iter().map(|t| (*t).clone()).collect()
}

// ---------------------------------------------------------------------------------------
// The office's data, entered through the app.

struct World {
    office: Office,
    doc_15: Uuid,
    doc_16: Uuid,
    doc_17: Uuid,
    /// Document 15: Sở Y tế leads.
    t_health: Uuid,
    /// Document 15: Sở Tài chính leads.
    t_finance: Uuid,
    /// Document 16: Sở Xây dựng leads, Sở Y tế coordinates.
    t_coord: Uuid,
    /// Document 17: Sở Tài chính leads, result submitted.
    t_submitted: Uuid,
    file_15: String,
    file_16: String,
    file_17: String,
    /// The file of Sở Tài chính's result report (on a task event).
    file_result: String,
    /// The conflict the server recorded on `t_health` (kept by vp_lan, over vp_thu's value).
    conflict: i64,
}

impl World {
    fn person(&self, login: &str) -> Uuid {
        self.office.people[login].id
    }

    fn conn(&self, login: &'static str) -> Conn {
        conn(&self.office, login)
    }

    /// The task each unit login leads (none for the others).
    fn led_by(&self, login: &str) -> Option<Uuid> {
        match login {
            "syt_binh" => Some(self.t_health),
            "stc_cuong" => Some(self.t_finance),
            "sxd_hoa" => Some(self.t_coord),
            _ => None,
        }
    }
}

fn register_with_file(pc: &mut Pc, number: &str, tasks: Vec<NewTask>) -> (Uuid, Vec<Uuid>, String) {
    let bytes = format!("%PDF-1.4 Văn bản số {number}/QĐ-UBND (bản quét)").into_bytes();
    let file = pc
        .store
        .put_attachment(&format!("van-ban-{number}.pdf"), &bytes)
        .unwrap();
    let mut doc = document(number);
    doc.attachments = vec![file.clone()];
    let actor = pc.actor();
    let (d, t) = pc.store.register_document(&actor, doc, tasks).unwrap();
    (d.id, t.iter().map(|t| t.id).collect(), file.sha256)
}

fn world() -> World {
    let office = Office::start();
    let deadline = Some(today_local() + Days::new(20));
    let mut vp = office.pc("vp_thu");
    let (doc_15, t15, file_15) = register_with_file(
        &mut vp,
        "15",
        vec![
            task(office.health.id, "Rà soát danh mục dự án y tế", deadline),
            task(office.finance.id, "Bố trí vốn đối ứng", deadline),
        ],
    );
    let coordinated = NewTask {
        coordinating_unit_ids: vec![office.health.id],
        ..task(office.construction.id, "Xây dựng trạm y tế xã", deadline)
    };
    let (doc_16, t16, file_16) = register_with_file(&mut vp, "16", vec![coordinated]);
    let (doc_17, t17, file_17) = register_with_file(
        &mut vp,
        "17",
        vec![task(office.finance.id, "Báo cáo giải ngân quý I", deadline)],
    );
    let r = vp.sync();
    assert_eq!((r.pushed, r.rejected), (3, 0));

    // Sở Tài chính accepts the task of document 17 and reports its result with a file.
    let mut stc = office.pc("stc_cuong");
    let t_submitted = t17[0];
    let a = stc.actor();
    stc.store
        .apply(&a, t_submitted, None, TaskAction::Accept)
        .unwrap();
    let report = stc
        .store
        .put_attachment("bao-cao-giai-ngan.pdf", b"%PDF-1.4 Bao cao giai ngan quy I")
        .unwrap();
    stc.store
        .apply(
            &a,
            t_submitted,
            None,
            TaskAction::SubmitResult(result_report(Some(report.clone()))),
        )
        .unwrap();
    let r = stc.sync();
    assert_eq!((r.pushed, r.rejected), (2, 0));

    // A real conflict: vp_thu and vp_lan extend the task of Sở Y tế, each from what she saw.
    let mut lan = office.pc("vp_lan");
    let extend = |days| {
        TaskAction::Extend(Extension {
            new_deadline: today_local() + Days::new(days),
            approving_document: "90/UBND-TH".into(),
            reason: "Gia hạn theo đề nghị".into(),
        })
    };
    let a = vp.actor();
    vp.store.apply(&a, t15[0], None, extend(40)).unwrap();
    let a = lan.actor();
    lan.store.apply(&a, t15[0], None, extend(60)).unwrap();
    assert_eq!(vp.sync().pushed, 1);
    assert_eq!(lan.sync().pushed, 1);
    let conflict: i64 = office
        .superuser()
        .query_one(
            "SELECT id FROM nv.conflicts WHERE overwritten_by = 'vp_thu' AND kept_by = 'vp_lan'",
            &[],
        )
        .expect("the server recorded the conflict")
        .get(0);

    World {
        office,
        doc_15,
        doc_16,
        doc_17,
        t_health: t15[0],
        t_finance: t15[1],
        t_coord: t16[0],
        t_submitted,
        file_15,
        file_16,
        file_17,
        file_result: report.sha256,
        conflict,
    }
}

fn result_report(attachment: Option<nhiemvu_core::model::Attachment>) -> ResultReport {
    ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "88".into(),
        reply_symbol: "STC-NS".into(),
        reply_summary: "Báo cáo kết quả giải ngân quý I".into(),
        reply_issued_on: today_local(),
        reply_signer: "Hoàng Văn Cường".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(today_local()),
        explanation: String::new(),
        attachment,
    }
}

// ---------------------------------------------------------------------------------------
// SQL the probes use: the schema's functions, called as a client that skips the app would.

/// A JSON value as an SQL literal.
fn lit(v: &Value) -> String {
    format!("'{}'::jsonb", v.to_string().replace('\'', "''"))
}

/// `nv.task_act` with a fresh mutation id, claimed now.
fn act(task: Uuid, action: &Value) -> String {
    format!(
        "SELECT nv.task_act(gen_random_uuid(), '{task}', {}, now(), NULL, NULL)",
        lit(action)
    )
}

fn action(a: &TaskAction) -> Value {
    serde_json::to_value(a).unwrap()
}

fn accept() -> Value {
    json!({"type": "accept"})
}

fn progress() -> Value {
    json!({"type": "progress", "text": "Đã họp triển khai", "difficulties": "",
           "proposals": "", "delay_reasons": ""})
}

fn extend(days: u64) -> Value {
    action(&TaskAction::Extend(Extension {
        new_deadline: today_local() + Days::new(days),
        approving_document: "125/UBND-TH".into(),
        reason: "Theo đề nghị của đơn vị".into(),
    }))
}

/// A document as `nv.register_document` reads it, with these attachments.
fn document_json(id: Uuid, attachments: Value) -> Value {
    json!({
        "id": id,
        "kind": DocumentKind::Decision.as_str(),
        "number": "99",
        "symbol": "QĐ-UBND",
        "issued_on": today_local() - Days::new(1),
        "summary": "Về việc kiểm tra công tác phòng cháy",
        "signer_name": "Nguyễn Văn Phước",
        "signer_title": "Chủ tịch",
        "issuer": Issuer::Chairman.as_str(),
        "urgency": Urgency::Normal.as_str(),
        "origin": Origin::Qc45.as_str(),
        "attachments": attachments,
    })
}

fn task_json(lead: Uuid) -> Value {
    json!({
        "id": Uuid::now_v7(),
        "lead_unit_id": lead,
        "description": "Kiểm tra công tác phòng cháy",
        "deadline": today_local() + Days::new(30),
        "must_report": true,
    })
}

fn register_document(lead: Uuid, attachments: Value) -> String {
    format!(
        "SELECT nv.register_document(gen_random_uuid(), {}, {}, now())",
        lit(&document_json(Uuid::now_v7(), attachments)),
        lit(&json!([task_json(lead)]))
    )
}

fn insert_mutation(author: &str, outcome: &str) -> String {
    format!(
        "INSERT INTO nv.mutations (id, author, name, outcome, reason)
         VALUES (gen_random_uuid(), {author}, 'accept_task', '{outcome}', 'Máy chủ không nhận')"
    )
}

const MY_LOGIN: &str = "current_user";

/// A real verifier for `PASSWORD` (rolled back with the probe, so nothing changes).
fn same_password() -> String {
    format!("SELECT nv.set_my_password('{}')", scram_verifier(PASSWORD))
}
// ---------------------------------------------------------------------------------------
// Reads.

#[test]
fn a_unit_reads_only_the_tasks_it_leads_or_coordinates_and_what_hangs_off_them() {
    let w = world();
    let (h, f, c, s) = (&w.t_health, &w.t_finance, &w.t_coord, &w.t_submitted);
    let (d15, d16, d17) = (&w.doc_15, &w.doc_16, &w.doc_17);
    let health = w.office.health.id;
    // (login, its unit, tasks, documents, blobs)
    type Case = (
        &'static str,
        Uuid,
        BTreeSet<Uuid>,
        BTreeSet<Uuid>,
        BTreeSet<String>,
    );
    let cases: [Case; 3] = [
        (
            // lead of one task, coordinator of another
            "syt_binh",
            health,
            set(&[h, c]),
            set(&[d15, d16]),
            set(&[&w.file_15, &w.file_16]),
        ),
        (
            "stc_cuong",
            w.office.finance.id,
            set(&[f, s]),
            set(&[d15, d17]),
            set(&[&w.file_15, &w.file_17, &w.file_result]),
        ),
        (
            "sxd_hoa",
            w.office.construction.id,
            set(&[c]),
            set(&[d16]),
            set(&[&w.file_16]),
        ),
    ];
    let mut su = w.office.superuser();
    let all_log: i64 = su
        .query_one("SELECT count(*) FROM nv.change_log", &[])
        .unwrap()
        .get(0);
    for (login, unit, tasks, docs, blobs) in cases {
        let mut u = w.conn(login);
        assert_eq!(u.ids("SELECT id FROM nv.tasks"), tasks, "{login}: tasks");
        assert_eq!(
            u.ids("SELECT DISTINCT task_id FROM nv.task_events"),
            tasks,
            "{login}: events only of its tasks"
        );
        assert_eq!(
            u.ids("SELECT id FROM nv.documents"),
            docs,
            "{login}: documents"
        );
        assert_eq!(
            u.ids("SELECT DISTINCT document_id FROM nv.document_attachments"),
            docs,
            "{login}: attachments only of its documents"
        );
        assert_eq!(
            u.texts("SELECT sha256 FROM nv.blobs"),
            blobs,
            "{login}: files"
        );
        assert_eq!(
            u.count("SELECT count(*) FROM nv.blobs WHERE content IS NOT NULL"),
            blobs.len() as i64
        );
        // The coordination of document 16 is seen by its lead and its coordinator only.
        let coordinators = u.ids("SELECT task_id FROM nv.task_coordinators");
        let expected = if tasks.contains(c) {
            set(&[c])
        } else {
            set(&[])
        };
        assert_eq!(coordinators, expected, "{login}: coordinators rows");

        // The change log: the directory (units NULL) and rows naming the unit, nothing else.
        let visible = u.count("SELECT count(*) FROM nv.change_log");
        let foreign = u.count(&format!(
            "SELECT count(*) FROM nv.change_log WHERE units IS NOT NULL AND NOT ('{unit}' = ANY (units))"
        ));
        assert_eq!(foreign, 0, "{login}: change log rows of other units");
        assert!(
            visible > 0 && visible < all_log,
            "{login}: {visible} of {all_log}"
        );
        assert_eq!(
            u.ids("SELECT DISTINCT entity_id FROM nv.change_log WHERE entity = 'task'"),
            tasks,
            "{login}: change log of its tasks"
        );

        // Asking by id does not help.
        for other in [h, f, c, s].into_iter().filter(|t| !tasks.contains(*t)) {
            let n = u.count(&format!(
                "SELECT (SELECT count(*) FROM nv.tasks WHERE id = '{other}')
                      + (SELECT count(*) FROM nv.task_events WHERE task_id = '{other}')
                      + (SELECT count(*) FROM nv.change_log WHERE entity_id = '{other}')"
            ));
            assert_eq!(n, 0, "{login} finds task {other} by its id");
        }
    }
}

#[test]
fn leaders_the_office_and_the_admin_read_everything() {
    let w = world();
    let mut su = w.office.superuser();
    let truth = |su: &mut Client, sql: &str| -> i64 { su.query_one(sql, &[]).unwrap().get(0) };
    let queries = [
        "SELECT count(*) FROM nv.tasks",
        "SELECT count(*) FROM nv.documents",
        "SELECT count(*) FROM nv.document_attachments",
        "SELECT count(*) FROM nv.blobs",
        "SELECT count(*) FROM nv.task_events",
        "SELECT count(*) FROM nv.task_coordinators",
        "SELECT count(*) FROM nv.change_log",
    ];
    let expected: Vec<i64> = queries.iter().map(|q| truth(&mut su, q)).collect();
    assert_eq!(&expected[..4], &[4, 3, 3, 4], "the data is there");
    for login in ["ld_dung", "vp_thu", "vp_lan", "qt_an"] {
        let mut c = w.conn(login);
        let seen: Vec<i64> = queries.iter().map(|q| c.count(q)).collect();
        assert_eq!(seen, expected, "{login} sees everything");
    }
}

#[test]
fn mutations_are_private_and_conflicts_are_for_the_people_involved() {
    let w = world();
    let mut su = w.office.superuser();
    let total: i64 = su
        .query_one("SELECT count(*) FROM nv.mutations", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        total, 7,
        "vp_thu: 3 registrations and an extension; vp_lan: an extension; stc_cuong: 2 actions"
    );
    for login in logins() {
        let mut c = w.conn(login);
        let own = c.count("SELECT count(*) FROM nv.mutations WHERE author = current_user");
        let mine = match login {
            "vp_thu" => 4,
            "vp_lan" => 1,
            "stc_cuong" => 2,
            _ => 0,
        };
        assert_eq!(own, mine, "{login} reads its own mutations");
        assert_eq!(
            c.count("SELECT count(*) FROM nv.mutations"),
            mine,
            "{login} reads nobody else's mutations (not even the office or a leader)"
        );
        // The one row a login writes itself: its own refusal. Not in someone else's name,
        // and never an "applied" (which would answer a later send of that id as done).
        let other = if login == "vp_thu" {
            "'vp_lan'"
        } else {
            "'vp_thu'"
        };
        if login == "ld_dung" {
            c.no_grant(&insert_mutation(MY_LOGIN, "rejected"));
        } else {
            c.no_policy(&insert_mutation(other, "rejected"));
            c.no_policy(&insert_mutation(MY_LOGIN, "applied"));
            assert_eq!(
                c.allowed(&insert_mutation(MY_LOGIN, "rejected")),
                1,
                "{login}"
            );
        }
        // A recorded decision cannot be rewritten, even by its author.
        c.no_grant("UPDATE nv.mutations SET outcome = 'applied', reason = NULL");
        c.no_grant("DELETE FROM nv.mutations");
    }

    // The conflict: kept by vp_lan over vp_thu's value; the office and the admin see every
    // conflict, nobody else sees it.
    for login in logins() {
        let sees = matches!(kind(login), "office" | "admin");
        let mut c = w.conn(login);
        assert_eq!(
            c.count("SELECT count(*) FROM nv.conflicts"),
            sees as i64,
            "{login} reads the conflict"
        );
    }
    // Settling it: one of the two people in it, or the office; always in their own name.
    let settle = format!(
        "SELECT nv.resolve_conflict({}, 'Giữ hạn 60 ngày')",
        w.conflict
    );
    for login in logins() {
        let mut c = w.conn(login);
        match kind(login) {
            "leader" => assert_eq!(
                c.denied(&settle),
                "permission denied for function resolve_conflict"
            ),
            "unit" => c.forbidden(&settle, "Không tìm thấy xung đột này."),
            _ => {
                let mut tx = c.c.transaction().unwrap();
                tx.execute(&settle, &[]).unwrap();
                let r = tx
                    .query_one(
                        "SELECT resolved_by::text, resolution FROM nv.conflicts WHERE id = $1",
                        &[&w.conflict],
                    )
                    .unwrap();
                assert_eq!(r.get::<_, String>(0), login);
                assert_eq!(r.get::<_, String>(1), "Giữ hạn 60 ngày");
            }
        }
        // Never by hand.
        c.no_grant(
            "UPDATE nv.conflicts SET resolved_at = now(), resolved_by = current_user, resolution = 'Đã xử lý'",
        );
        c.no_grant(&format!(
            "INSERT INTO nv.conflicts (task_id, field, overwritten, kept, overwritten_by, kept_by, mutation_id)
             VALUES ('{}', 'deadline', '\"2026-05-01\"', '\"2026-06-01\"', 'vp_thu', current_user,
                 gen_random_uuid())",
            w.t_health
        ));
    }
    // Once settled, it stays settled.
    let e = w.conn("vp_thu").refused_after(&[&settle], &settle);
    assert_eq!(
        (e.code(), e.message()),
        (
            &SqlState::CHECK_VIOLATION,
            "Xung đột này đã được giải quyết."
        )
    );
}

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
// ---------------------------------------------------------------------------------------
// Provisioning, roles and the ways around the policies.

#[test]
fn only_the_admin_provisions_units_and_people() {
    let w = world();
    let new_unit = Uuid::now_v7();
    let unit_sql =
        format!("SELECT nv.provision_unit('{new_unit}', NULL, 'Sở Nội vụ', 'department')");
    // A person with the admin role, in Sở Y tế: what a unit login would love to create.
    let person_sql = format!(
        "SELECT nv.provision_person(gen_random_uuid(), 'Kẻ Mạo Danh', '{}', 'admin', '',
             'ke_mao_danh', NULL)",
        w.office.health.id
    );
    for login in logins().filter(|l| *l != "qt_an") {
        let mut c = w.conn(login);
        let m = c.denied(&unit_sql);
        assert_eq!(m, "permission denied for function provision_unit");
        let m = c.denied(&person_sql);
        assert_eq!(m, "permission denied for function provision_person");
        // Not even for themselves.
        let m = c.denied(&format!(
            "SELECT nv.provision_person('{}', 'Tự Nâng Quyền', '{}', 'admin', '', '{login}', NULL)",
            w.person(login),
            w.office.office_unit.id
        ));
        assert_eq!(m, "permission denied for function provision_person");
        assert_eq!(
            c.count("SELECT count(*) FROM pg_roles WHERE rolname = 'ke_mao_danh'"),
            0
        );
    }

    // The admin does it, and the new person can log in with the unit's rights.
    let mut an = w.office.direct("qt_an");
    an.execute(
        "SELECT nv.provision_unit($1, NULL, 'Sở Nội vụ', 'department')",
        &[&new_unit],
    )
    .unwrap();
    an.execute(
        "SELECT nv.provision_person($1, 'Bùi Thị Mai', $2, 'unit', 'Chuyên viên', 'snv_mai', $3)",
        &[&Uuid::now_v7(), &new_unit, &scram_verifier(PASSWORD)],
    )
    .unwrap();
    let mut mai = w.conn("snv_mai");
    let r = mai
        .c
        .query_one(
            "SELECT nv.kind_of(current_user), nv.unit_ids_of(current_user)",
            &[],
        )
        .unwrap();
    assert_eq!(r.get::<_, Option<String>>(0).as_deref(), Some("unit"));
    assert_eq!(r.get::<_, Vec<Uuid>>(1), vec![new_unit]);
    assert_eq!(mai.count("SELECT count(*) FROM nv.tasks"), 0);
    assert_eq!(mai.count("SELECT count(*) FROM nv.units"), 5);
}

#[test]
fn there_is_no_way_around_the_policies() {
    let w = world();
    let mut su = w.office.superuser();
    let unit_roles: Vec<String> = su
        .query("SELECT role_name::text FROM nv.units", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for login in logins() {
        let mut c = w.conn(login);
        // No stepping into the owner (who bypasses row-level security), or anyone else.
        for role in ["nhiemvu_owner", "postgres"] {
            let m = c.denied(&format!("SET ROLE {role}"));
            assert_eq!(m, format!("permission denied to set role \"{role}\""));
            c.denied(&format!("SET SESSION AUTHORIZATION {role}"));
        }
        for other in logins().filter(|l| *l != login) {
            c.denied(&format!("SET ROLE {other}"));
        }
        // Nor into a kind or a unit that is not theirs.
        let kind =
            c.c.query_one("SELECT nv.kind_of(current_user)", &[])
                .unwrap()
                .get::<_, String>(0);
        for role in APP_ROLES {
            if role != format!("nhiemvu_{kind}") {
                c.denied(&format!("SET ROLE {role}"));
            }
        }
        let mine: BTreeSet<String> = c
            .c
            .query(
                "SELECT role_name::text FROM nv.units WHERE id = ANY (nv.unit_ids_of(current_user))",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        for role in unit_roles.iter().filter(|r| !mine.contains(*r)) {
            c.denied(&format!("SET ROLE {role}"));
        }

        // Turning row-level security off is an error, not a way to read everything.
        for table in ["tasks", "documents", "mutations", "conflicts", "change_log"] {
            let m = c.denied_after(
                &["SET row_security = off"],
                &format!("SELECT * FROM nv.{table}"),
            );
            assert_eq!(
                m,
                format!(
                    "query would be affected by row-level security policy for table \"{table}\""
                )
            );
        }

        // No objects of one's own: no temporary table to shadow a catalog name inside a
        // SECURITY DEFINER function, no table, function or schema next to the office's.
        c.denied("CREATE TEMP TABLE pg_roles (rolname name)");
        c.denied("CREATE TABLE nv.tasks_copy (id uuid)");
        c.denied("CREATE TABLE public.tasks_copy (id uuid)");
        c.denied("CREATE FUNCTION nv.kind_of2() RETURNS text LANGUAGE sql AS 'SELECT ''admin'''");
        c.denied("CREATE SCHEMA nv2");
        // And no changing the rules.
        c.denied("ALTER TABLE nv.tasks DISABLE ROW LEVEL SECURITY");
        c.denied("DROP POLICY tasks_read ON nv.tasks");
        c.denied("ALTER TABLE nv.tasks DISABLE TRIGGER tasks_guard");
        c.denied("GRANT nhiemvu_admin TO CURRENT_USER");
    }
}

#[test]
fn no_role_bypasses_row_level_security_or_owns_a_table() {
    let w = world();
    let mut su = w.office.superuser();
    let mut roles: Vec<String> = APP_ROLES.iter().map(|r| r.to_string()).collect();
    roles.extend(logins().map(String::from));
    roles.extend(
        su.query("SELECT role_name::text FROM nv.units", &[])
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0)),
    );
    assert_eq!(roles.len(), 4 + 7 + 4);
    for role in &roles {
        let r = su
            .query_one(
                "SELECT rolbypassrls, rolsuper, rolcreaterole, rolcreatedb,
                        pg_has_role(rolname, 'nhiemvu_owner', 'MEMBER')
                 FROM pg_roles WHERE rolname = $1",
                &[role],
            )
            .unwrap_or_else(|e| panic!("{role}: {e}"));
        let attrs: (bool, bool, bool, bool, bool) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        assert_eq!(
            attrs,
            (false, false, false, false, false),
            "{role}: bypassrls, superuser, createrole, createdb, member of the owner"
        );
        let owned: i64 = su
            .query_one(
                "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'nv' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = $1))
                      + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'nv' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = $1))",
                &[role],
            )
            .unwrap()
            .get(0);
        assert_eq!(owned, 0, "{role} owns objects of schema nv");
    }
    // Everything is the owner's, and every table forces row-level security on it too.
    let r = su
        .query_one(
            "SELECT count(*),
                    count(*) FILTER (WHERE pg_get_userbyid(c.relowner) <> 'nhiemvu_owner'),
                    count(*) FILTER (WHERE c.relkind = 'r'),
                    count(*) FILTER (WHERE c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity))
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'nv'",
            &[],
        )
        .unwrap();
    let (all, not_owner, tables, unforced): (i64, i64, i64, i64) =
        (r.get(0), r.get(1), r.get(2), r.get(3));
    assert!(all > TABLES.len() as i64);
    assert_eq!((not_owner, tables, unforced), (0, TABLES.len() as i64, 0));
    let owner: String = su
        .query_one(
            "SELECT pg_get_userbyid(nspowner)::text FROM pg_namespace WHERE nspname = 'nv'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(owner, "nhiemvu_owner");
}

// ---------------------------------------------------------------------------------------
// Identity: what a person writes carries their own name, whatever the PC sends.

#[test]
fn events_documents_and_mutations_carry_their_writers_own_identity() {
    let w = world();
    let h = w.t_health;
    let thu = w.person("vp_thu");
    let mut syt = w.conn("syt_binh");
    // A progress report that claims to come from vp_thu, in the leader's name, charged to
    // Sở Tài chính and marked late: the server writes its own facts.
    let forged = json!({
        "type": "progress", "text": "Đã họp triển khai", "difficulties": "", "proposals": "",
        "delay_reasons": "", "actor_id": thu, "actor_login": "vp_thu", "actor_name": "Võ Văn Dũng",
        "unit_id": w.office.finance.id, "late": true, "kind": "reviewed",
    });
    let mut tx = syt.c.transaction().unwrap();
    tx.execute(&act(h, &accept()), &[]).unwrap();
    tx.execute(&act(h, &forged), &[]).unwrap();
    let r = tx
        .query_one(
            "SELECT actor_login::text, actor_id, actor_name, unit_id, kind, late, payload
             FROM nv.task_events WHERE task_id = $1 ORDER BY id DESC LIMIT 1",
            &[&h],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "syt_binh");
    assert_eq!(r.get::<_, Uuid>(1), w.person("syt_binh"));
    assert_eq!(r.get::<_, String>(2), "Phạm Văn Bình");
    assert_eq!(r.get::<_, Uuid>(3), w.office.health.id);
    assert_eq!(r.get::<_, String>(4), "progress");
    assert_eq!(r.get::<_, Option<bool>>(5), None);
    assert_eq!(
        r.get::<_, Value>(6),
        progress(),
        "the payload is the server's"
    );
    drop(tx);

    // The office: a document entered in a colleague's name is entered in one's own.
    let mut lan = w.conn("vp_lan");
    let id = Uuid::now_v7();
    let mut doc = document_json(id, json!([]));
    doc["entered_by"] = json!(thu);
    doc["entered_login"] = json!("vp_thu");
    doc["entered_unit_id"] = json!(w.office.health.id);
    doc["entered_late"] = json!(false);
    doc["entered_at"] = json!("2000-01-01T00:00:00Z");
    let mut tx = lan.c.transaction().unwrap();
    tx.execute(
        &format!(
            "SELECT nv.register_document(gen_random_uuid(), {}, {}, now())",
            lit(&doc),
            lit(&json!([task_json(w.office.health.id)]))
        ),
        &[],
    )
    .unwrap();
    let r = tx
        .query_one(
            "SELECT entered_by, entered_login::text, entered_unit_id, entered_late, entered_at = now()
             FROM nv.documents WHERE id = $1",
            &[&id],
        )
        .unwrap();
    assert_eq!(r.get::<_, Uuid>(0), w.person("vp_lan"));
    assert_eq!(r.get::<_, String>(1), "vp_lan");
    assert_eq!(r.get::<_, Uuid>(2), w.office.office_unit.id);
    assert_eq!(r.get::<_, Option<bool>>(3), None, "each PC derives it");
    assert!(r.get::<_, bool>(4));
    drop(tx);
    lan.no_policy(&insert_mutation("'vp_thu'", "rejected"));
    assert_eq!(lan.allowed(&insert_mutation(MY_LOGIN, "rejected")), 1);
}

#[test]
fn only_the_office_and_the_admin_write_the_shared_settings_and_calendar() {
    let w = world();
    let good = json!([{"date": "2026-12-31", "kind": "day_off", "note": "Nghỉ bù"}]);
    let put = |v: &Value| {
        format!(
            "SELECT nv.save_config(gen_random_uuid(), 'calendar', {})",
            lit(v)
        )
    };
    for login in logins() {
        let mut c = w.conn(login);
        // Everyone reads them: every PC counts deadlines on the same days.
        assert_eq!(c.count("SELECT count(*) FROM nv.settings"), 0, "{login}");
        match kind(login) {
            "leader" => assert_eq!(
                c.denied(&put(&good)),
                "permission denied for function save_config"
            ),
            "unit" => c.forbidden(
                &put(&good),
                "Chỉ Văn phòng hoặc quản trị viên mới được thay đổi cấu hình và lịch làm việc chung.",
            ),
            _ => {
                // Who wrote it is the server's to say.
                let mut tx = c.c.transaction().unwrap();
                tx.execute(&put(&good), &[]).unwrap();
                let r = tx
                    .query_one(
                        "SELECT updated_by::text, value FROM nv.settings WHERE key = 'calendar'",
                        &[],
                    )
                    .unwrap();
                assert_eq!(r.get::<_, String>(0), login);
                assert_eq!(r.get::<_, Value>(1), good);
                drop(tx);
                // What no PC could read is refused, in Vietnamese.
                for (bad, why) in [
                    (json!([{"date": "not-a-date"}]), "ngày \"not-a-date\" không hợp lệ"),
                    (json!({"date": "2026-12-31"}), "không phải một bảng ngày nghỉ bù, làm bù"),
                    (
                        json!([{"date": "2026-02-30", "kind": "day_off", "note": ""}]),
                        "ngày \"2026-02-30\" không hợp lệ",
                    ),
                    (
                        json!([{"date": "2026-12-31", "kind": "holiday", "note": ""}]),
                        "ngày \"2026-12-31\" không hợp lệ",
                    ),
                    (
                        json!([{"date": "2026-12-31", "kind": "day_off", "note": ""},
                               {"date": "2026-12-31", "kind": "working_day", "note": ""}]),
                        "ngày 31/12/2026 có hai lần",
                    ),
                ] {
                    c.refused_with(
                        &put(&bad),
                        &SqlState::CHECK_VIOLATION,
                        &format!("Cấu hình không hợp lệ: {why}."),
                    );
                }
                c.refused_with(
                    "SELECT nv.save_config(gen_random_uuid(), 'password', '{}')",
                    &SqlState::CHECK_VIOLATION,
                    "Cấu hình không hợp lệ: không có mục cấu hình này.",
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Holes found while writing these tests, each fixed in the schema; the tests stay so that
// none comes back.

/// Was a hole (schema 1): an office person who ran `SET ROLE nhiemvu_office` kept every office
/// right but wrote as nobody. Now a group role reads nothing, and the functions act for the
/// session's own login whatever role it set: the write carries her name.
#[test]
fn a_login_acts_in_its_own_name_whatever_role_it_sets() {
    let w = world();
    let h = w.t_health;
    let as_group = ["SET ROLE nhiemvu_office"];
    let mut thu = w.conn("vp_thu");
    assert_eq!(
        thu.count_after(&as_group, "SELECT count(*) FROM nv.tasks"),
        0,
        "the group role sees no task"
    );
    let mut tx = thu.c.transaction().unwrap();
    tx.batch_execute(as_group[0]).unwrap();
    tx.execute(&act(h, &extend(90)), &[]).unwrap();
    tx.batch_execute("RESET ROLE").unwrap();
    let r = tx
        .query_one(
            "SELECT t.updated_by::text, e.actor_login::text, e.actor_id FROM nv.tasks t
             JOIN nv.task_events e ON e.task_id = t.id WHERE t.id = $1 ORDER BY e.id DESC LIMIT 1",
            &[&h],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "vp_thu");
    assert_eq!(r.get::<_, String>(1), "vp_thu");
    assert_eq!(r.get::<_, Uuid>(2), w.person("vp_thu"));
    drop(tx);
    // A unit login that takes on its kind's role is itself all the same; it cannot take the
    // office's.
    let mut syt = w.conn("syt_binh");
    let m = syt.denied("SET ROLE nhiemvu_office");
    assert_eq!(m, "permission denied to set role \"nhiemvu_office\"");
    let mut tx = syt.c.transaction().unwrap();
    tx.batch_execute("SET ROLE nhiemvu_unit").unwrap();
    let e = tx.execute(&act(h, &extend(90)), &[]).unwrap_err();
    assert_eq!(
        e.as_db_error().unwrap().message(),
        core_refusal("extend", "unit", "assigned")
    );
    drop(tx);
    // And its unit's role has no rights at all.
    let unit_role: String = syt
        .c
        .query_one(
            "SELECT role_name::text FROM nv.units WHERE id = ANY (nv.unit_ids_of(current_user))",
            &[],
        )
        .unwrap()
        .get(0);
    let setup = format!("SET ROLE {unit_role}");
    syt.no_grant_after(&[&setup], &act(h, &accept()));
    assert_eq!(syt.allowed(&act(h, &accept())), 1, "in its own name");
}

/// Was a hole: a blob is readable by anyone who can see an event pointing at it, and a unit
/// could point its own event at any blob whose SHA-256 it knew. Now only a login that sent
/// the bytes (`nv.put_blob`) may attach them, to a result or to a document.
#[test]
fn a_file_is_attached_only_by_a_login_that_sent_it() {
    let w = world();
    let mut syt = w.conn("syt_binh");
    let read = format!(
        "SELECT count(*) FROM nv.blobs WHERE sha256 = '{}'",
        w.file_17
    );
    assert_eq!(syt.count(&read), 0);
    let attachment = |sha: &str| nhiemvu_core::model::Attachment {
        sha256: sha.into(),
        file_name: "bao-cao.pdf".into(),
        size: 1,
    };
    let accepted = act(w.t_health, &accept());
    let steal = act(
        w.t_health,
        &action(&TaskAction::SubmitResult(result_report(Some(attachment(
            &w.file_17,
        ))))),
    );
    let m = syt.denied_after(&[&accepted], &steal);
    assert_eq!(
        m,
        "Tệp đính kèm chưa được gửi lên máy chủ từ tài khoản này."
    );
    assert_eq!(syt.count(&read), 0);
    // Its own result file goes in: uploaded through put_blob, then referenced.
    let upload =
        "SELECT nv.put_blob(encode(sha256('bao cao y te'::bytea), 'hex'), 'bao cao y te'::bytea)";
    let own_sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b"bao cao y te"))
    };
    let own = act(
        w.t_health,
        &action(&TaskAction::SubmitResult(result_report(Some(attachment(
            &own_sha,
        ))))),
    );
    assert_eq!(syt.allowed_after(&[&accepted, upload], &own), 1);
    // The office, likewise: a colleague's file is not hers to attach to a document.
    let mut lan = w.conn("vp_lan");
    let theirs = register_document(
        w.office.health.id,
        json!([{"sha256": w.file_15, "file_name": "mượn.pdf"}]),
    );
    lan.forbidden(
        &theirs,
        "Tệp đính kèm chưa được gửi lên máy chủ từ tài khoản này.",
    );
    let mine = register_document(
        w.office.health.id,
        json!([{"sha256": w.file_15, "file_name": "van-ban-15.pdf"}]),
    );
    let upload_15 = format!(
        "SELECT nv.put_blob('{}', convert_to('%PDF-1.4 Văn bản số 15/QĐ-UBND (bản quét)', 'UTF8'))",
        w.file_15
    );
    assert_eq!(lan.allowed_after(&[&upload_15], &mine), 1);
}

/// A person the admin moves to another unit, or to another kind, keeps none of the old
/// rights: Bình moves from Sở Y tế to Sở Tài chính and sees only Sở Tài chính's tasks;
/// made a leader, he writes nothing.
#[test]
fn a_person_moved_to_another_unit_or_kind_keeps_no_old_rights() {
    let w = world();
    let mut binh = w.office.people["syt_binh"].clone();
    let mut su = w.office.superuser();
    let mut syt = w.conn("syt_binh");
    let mine = "SELECT id FROM nv.tasks";
    assert_eq!(
        syt.ids(mine),
        set(&[&w.t_health, &w.t_coord]),
        "before the move"
    );
    assert_eq!(syt.allowed(&act(w.t_health, &accept())), 1);

    binh.unit_id = w.office.finance.id;
    nhiemvu_sync::provision::put_person(&mut su, &binh, Some("syt_binh"), None).unwrap();
    let mut moved = w.conn("syt_binh");
    assert_eq!(
        moved.ids(mine),
        set(&[&w.t_finance, &w.t_submitted]),
        "after the move: the new unit's tasks only"
    );
    moved.forbidden(&act(w.t_health, &accept()), NOT_YOURS);
    assert_eq!(moved.allowed(&act(w.t_finance, &accept())), 1);

    binh.role = nhiemvu_core::model::Role::Leader;
    nhiemvu_sync::provision::put_person(&mut su, &binh, Some("syt_binh"), None).unwrap();
    let mut leader = w.conn("syt_binh");
    assert_eq!(
        leader.count("SELECT count(*) FROM nv.tasks"),
        4,
        "a leader reads all"
    );
    assert_eq!(
        leader.denied(&act(w.t_finance, &accept())),
        "permission denied for function task_act"
    );
}
