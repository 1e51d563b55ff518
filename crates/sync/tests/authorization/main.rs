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

#[path = "../support/mod.rs"]
mod support;

mod holes;
mod identity;
mod reads;
mod roles;
mod writes;

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
