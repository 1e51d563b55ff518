//! Push: the outbox's mutations, oldest first. The PC proposes, the server decides: each
//! mutation goes to one of the office schema's functions (`nv.task_act`,
//! `nv.register_document`, …), which checks the person, the rules and the task's history
//! and writes the rows itself, with times it checked against its own clock. Before sending,
//! the PC replays a task action with the core's own rules (`nhiemvu_core::action::plan`)
//! on the server's current row, so a refusal the core can explain is explained in its words
//! and does not abort the batch.
//!
//! Exactly once: the mutation id is recorded in `nv.mutations` in the same transaction as
//! its effect. A mutation sent again (the acknowledgement was lost, the app died after the
//! server's commit) finds its id and gets the recorded decision back.

use chrono::{DateTime, Utc};
use postgres::Client;
use uuid::Uuid;

use nhiemvu_core::action::{self, TaskRecord};
use nhiemvu_core::lifecycle::Actor;
use nhiemvu_core::model::{Attachment, Document, Id, Person, Role, Task};
use nhiemvu_core::store::{Mutation, OutboxEntry, SeenFields, Store, TaskAction};
use nhiemvu_core::timeliness::local_date;
use nhiemvu_core::CoreError;
use serde_json::json;

use crate::error::{is_transient, short, Result, SyncError};
use crate::prepared::Tx;
use crate::rows::{task_record, TASK_COLS};

/// The person the login belongs to, as the office database knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    pub login: String,
    pub person: Person,
    /// Kind from the login's role membership (what the database enforces).
    pub role: Role,
}

impl Me {
    pub fn actor(&self) -> Actor {
        Actor {
            person_id: Some(self.person.id),
            unit_id: Some(self.person.unit_id),
            role: self.role,
            name: self.person.full_name.clone(),
        }
    }
}

/// Who the current login is. A login that is not a person of the directory cannot sync.
pub fn whoami(client: &mut impl postgres::GenericClient) -> Result<Me> {
    let row = client.query_opt(
        "SELECT id, full_name, unit_id, role, title, current_user::text, nv.kind_of(current_user)
         FROM nv.people WHERE login = current_user",
        &[],
    )?;
    let Some(r) = row else {
        return Err(SyncError::Setup(
            "Tài khoản đăng nhập này không gắn với cán bộ nào trong danh bạ của Văn phòng. Liên hệ quản trị viên.".into(),
        ));
    };
    let kind: Option<String> = r.get(6);
    let role = kind
        .as_deref()
        .and_then(Role::parse)
        .ok_or_else(|| SyncError::Setup("Tài khoản chưa được cấp vai trò (Văn phòng, đơn vị, lãnh đạo, quản trị). Liên hệ quản trị viên.".into()))?;
    let person_role: String = r.get(3);
    Ok(Me {
        login: r.get(5),
        person: Person {
            id: r.get(0),
            full_name: r.get(1),
            unit_id: r.get(2),
            role: Role::parse(&person_role).unwrap_or(role),
            title: r.get(4),
        },
        role,
    })
}

/// The server's decision on one mutation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Applied,
    /// Refused for good; the reason is for the mutation's author.
    Rejected(String),
    /// Not decided (network, server restarting): send again later.
    Transient(String),
}

enum Failure {
    /// Refused by the rules the PC also applies, before anything was written.
    Rejected(String),
    /// Refused by the server itself (a policy, a grant, the trigger): its transaction is
    /// aborted.
    Refused(String),
    Transient(String),
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        if is_transient(&e) {
            Failure::Transient(short(&e))
        } else {
            Failure::Refused(refusal(&e))
        }
    }
}

/// The server's reason: our functions speak Vietnamese; a missing grant is PostgreSQL's
/// English, said here in the user's words.
fn refusal(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) if db.message().starts_with("permission denied") => {
            "tài khoản của bạn không được phép làm việc này trên máy chủ".into()
        }
        _ => short(e),
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Stale => Failure::Rejected(
                "nhiệm vụ đã được người khác thay đổi sau khi bạn mở nó, nên quyết định dựa trên bản cũ không được ghi nhận.".into(),
            ),
            e => Failure::Rejected(e.to_string()),
        }
    }
}

fn failure(e: SyncError) -> Failure {
    match e {
        SyncError::Offline(m) => Failure::Transient(m),
        SyncError::Server(m) if m.contains("permission denied") => Failure::Rejected(
            "chỉ quản trị viên mới được thêm đơn vị và cán bộ vào danh bạ của Văn phòng".into(),
        ),
        e => Failure::Rejected(e.to_string()),
    }
}

/// What the user reads about a refused mutation: what, why, and what to do.
pub fn rejection_text(m: &Mutation, why: &str) -> String {
    let what = match m.name() {
        "register_document" => "vào sổ văn bản",
        "create_unit" => "thêm đơn vị",
        "create_person" => "thêm cán bộ",
        "save_settings" => "lưu cấu hình",
        "set_calendar" => "sửa lịch làm việc",
        "add_tasks" => "thêm nhiệm vụ",
        "accept_task" => "tiếp nhận nhiệm vụ",
        "return_task" => "trả lại nhiệm vụ",
        "reassign_task" => "giao lại nhiệm vụ",
        "post_progress" => "cập nhật tiến độ",
        "submit_result" => "báo cáo kết quả",
        "review_result" => "đánh giá kết quả",
        "extend_deadline" => "gia hạn",
        "cancel_task" => "thu hồi/hủy nhiệm vụ",
        "request_extension" => "đề nghị gia hạn",
        "refuse_extension" => "từ chối gia hạn",
        other => other,
    };
    let why = lower_first(why.trim_end_matches('.'));
    format!(
        "Máy chủ không nhận thao tác \"{what}\": {why}. Dữ liệu trên máy đã được cập nhật theo máy chủ; hãy xem lại và làm lại nếu vẫn cần."
    )
}

/// "Chỉ Văn phòng …" → "chỉ Văn phòng …" after a colon; "UBND …" stays.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

/// Send one outbox entry and return the server's decision. The decision is not yet
/// written to the local outbox: the caller does that (and a crash in between only means
/// the entry is sent again and answered from `nv.mutations`).
pub fn push_one(client: &mut Client, store: &Store, me: &Me, entry: &OutboxEntry) -> Outcome {
    match try_push(client, store, me, entry) {
        Ok(o) => o,
        Err(Failure::Transient(e)) => Outcome::Transient(e),
        Err(Failure::Rejected(why) | Failure::Refused(why)) => {
            let reason = rejection_text(&entry.mutation, &why);
            // Record the refusal so a resend gets the same answer.
            // In a transaction, like every statement sent: behind PgBouncer's transaction
            // pooling a statement prepared outside one may reach another server connection.
            let recorded = client.transaction().and_then(|mut tx| {
                tx.execute(
                    "INSERT INTO nv.mutations (id, name, entity_id, outcome, reason) VALUES ($1, $2, $3, 'rejected', $4)
                     ON CONFLICT (id) DO NOTHING",
                    &[&entry.id, &entry.mutation.name(), &entry.mutation.entity_id(), &reason],
                )?;
                tx.commit()
            });
            match recorded {
                Ok(_) => Outcome::Rejected(reason),
                Err(e) if is_transient(&e) => Outcome::Transient(short(&e)),
                Err(_) => Outcome::Rejected(reason),
            }
        }
    }
}

fn try_push(
    client: &mut Client,
    store: &Store,
    me: &Me,
    entry: &OutboxEntry,
) -> std::result::Result<Outcome, Failure> {
    if entry.actor_id != Some(me.person.id) {
        return Err(Failure::Rejected(NOT_MINE.into()));
    }
    let mut tx = Tx::begin(client)?;
    if let Some(decided) = recorded(&mut tx, entry.id)? {
        return Ok(decided);
    }
    let server_now: DateTime<Utc> = tx.query_one("SELECT now()", &[])?.get(0);
    let mut calls = ActionCalls::default();
    apply_entry(
        &mut tx,
        store,
        me,
        entry,
        server_now,
        &mut KnownTasks::new(),
        &mut calls,
    )?;
    calls.send(&mut tx)?;
    tx.commit()?;
    Ok(Outcome::Applied)
}

const NOT_MINE: &str =
    "thao tác này do một người dùng khác làm trên máy này (tỉnh mẫu); chỉ người đó gửi được";

/// The decision the server already recorded for this mutation id, if any.
fn recorded(tx: &mut Tx, id: Uuid) -> std::result::Result<Option<Outcome>, Failure> {
    Ok(tx
        .query_opt(
            "SELECT outcome, reason FROM nv.mutations WHERE id = $1",
            &[&id],
        )?
        .map(|r| {
            let outcome: String = r.get(0);
            if outcome == "applied" {
                Outcome::Applied
            } else {
                Outcome::Rejected(r.get::<_, Option<String>>(1).unwrap_or_default())
            }
        }))
}

/// The directory's mutations go through the admin's provisioning functions, which know
/// nothing of mutation ids: their decision is recorded here, in the same transaction.
fn record_applied(tx: &mut Tx, entry: &OutboxEntry) -> std::result::Result<(), Failure> {
    tx.execute(
        "SELECT nv.record_applied($1, $2, $3)",
        &[
            &entry.id,
            &entry.mutation.name(),
            &entry.mutation.entity_id(),
        ],
    )?;
    Ok(())
}

/// Send one mutation to the server's function that applies it, inside `tx` (task actions
/// are collected in `calls` and sent together).
fn apply_entry(
    tx: &mut Tx,
    store: &Store,
    me: &Me,
    entry: &OutboxEntry,
    server_now: DateTime<Utc>,
    locked: &mut KnownTasks,
    calls: &mut ActionCalls,
) -> std::result::Result<(), Failure> {
    match &entry.mutation {
        Mutation::RegisterDocument { document, tasks } => {
            for a in &document.attachments {
                upload_blob(tx, store, a)?;
            }
            tx.execute(
                "SELECT nv.register_document($1, $2, $3, $4)",
                &[
                    &entry.id,
                    &document_json(document),
                    &tasks_json(tasks),
                    &document.entered_at,
                ],
            )?;
        }
        Mutation::AddTasks { document_id, tasks } => {
            let at = tasks
                .first()
                .map(|t| t.assigned_at)
                .unwrap_or(entry.created_at);
            tx.execute(
                "SELECT nv.add_tasks($1, $2, $3, $4)",
                &[&entry.id, document_id, &tasks_json(tasks), &at],
            )?;
        }
        // The directory is the admin's: the server lets only nhiemvu_admin call these.
        Mutation::CreateUnit { unit } => {
            crate::provision::put_unit(tx.inner(), unit).map_err(failure)?;
            record_applied(tx, entry)?;
        }
        Mutation::CreatePerson { person } => {
            crate::provision::put_person(tx.inner(), person, None, None).map_err(failure)?;
            record_applied(tx, entry)?;
        }
        // The office's configuration: only the office and the admin may write it, and the
        // server checks that every PC can read it.
        Mutation::SaveSettings { settings } => {
            let value = serde_json::to_value(settings).expect("settings serialise");
            put_config(tx, entry.id, "settings", &value)?;
        }
        Mutation::SetCalendar { overrides } => {
            let value = serde_json::to_value(overrides).expect("calendar serialises");
            put_config(tx, entry.id, "calendar", &value)?;
        }
        Mutation::TaskAction {
            task_id,
            base_version,
            action,
            at,
            seen,
        } => {
            apply_action(
                tx,
                locked,
                calls,
                store,
                me,
                *task_id,
                *base_version,
                action.clone(),
                *at,
                server_now,
                seen.as_ref(),
                entry.id,
            )?;
        }
    }
    Ok(())
}

/// A document as `nv.register_document` reads it: what the office typed. Who entered it,
/// when, and whether that was late are the server's (and the PCs') to derive.
fn document_json(d: &Document) -> serde_json::Value {
    json!({
        "id": d.id,
        "kind": d.kind.as_str(),
        "number": d.number,
        "symbol": d.symbol,
        "issued_on": d.issued_on,
        "summary": d.summary,
        "signer_name": d.signer_name,
        "signer_title": d.signer_title,
        "issuer": d.issuer.as_str(),
        "submitting_agency": d.submitting_agency,
        "director": d.director,
        "drafter": d.drafter,
        "urgency": d.urgency.as_str(),
        "origin": d.origin.as_str(),
        "attachments": d.attachments.iter()
            .map(|a| json!({ "sha256": a.sha256, "file_name": a.file_name }))
            .collect::<Vec<_>>(),
    })
}

/// New tasks as `nv.insert_task` reads them (their class, origin, state and time are
/// derived on the server).
fn tasks_json(tasks: &[Task]) -> serde_json::Value {
    tasks
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "lead_unit_id": t.lead_unit_id,
                "coordinating_unit_ids": t.coordinating_unit_ids,
                "follow_up_officer_id": t.follow_up_officer_id,
                "description": t.description,
                "follow_up_content": t.follow_up_content,
                "director": t.director,
                "direction_notes": t.direction_notes,
                "deadline": t.deadline,
                "must_report": t.must_report,
            })
        })
        .collect()
}

fn put_config(
    tx: &mut Tx,
    mutation: Uuid,
    key: &str,
    value: &serde_json::Value,
) -> std::result::Result<(), Failure> {
    tx.execute(
        "SELECT nv.save_config($1, $2, $3)",
        &[&mutation, &key, value],
    )?;
    Ok(())
}

/// Task actions sent together in one server transaction, the common case (a unit's
/// progress reports, the office's reviews): one commit and one lookup of recorded
/// decisions for the lot, each statement prepared once. A refusal the PC's own rules
/// find is decided before anything is written, so it is recorded and the batch goes
/// on; a refusal by the server (a policy, a grant, the trigger) aborts the transaction,
/// and then every entry of the batch is sent again on its own.
const ACTION_BATCH: usize = 100;

enum BatchFailure {
    Transient(String),
    /// The server refused one of them: send each alone.
    Refused,
}

fn push_actions(
    client: &mut Client,
    store: &Store,
    me: &Me,
    entries: &[OutboxEntry],
) -> std::result::Result<Vec<Outcome>, BatchFailure> {
    let transient = |e: postgres::Error| {
        if is_transient(&e) {
            BatchFailure::Transient(short(&e))
        } else {
            BatchFailure::Refused
        }
    };
    let mut tx = Tx::begin(client).map_err(transient)?;
    let ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    let mut known: std::collections::HashMap<Uuid, Outcome> = std::collections::HashMap::new();
    for r in tx
        .query(
            "SELECT id, outcome, reason FROM nv.mutations WHERE id = ANY($1)",
            &[&ids],
        )
        .map_err(transient)?
    {
        let outcome: String = r.get(1);
        let decided = if outcome == "applied" {
            Outcome::Applied
        } else {
            Outcome::Rejected(r.get::<_, Option<String>>(2).unwrap_or_default())
        };
        known.insert(r.get(0), decided);
    }
    let server_now: DateTime<Utc> = tx.query_one("SELECT now()", &[]).map_err(transient)?.get(0);
    let mut locked = KnownTasks::new();
    let task_ids: Vec<Id> = entries
        .iter()
        .filter(|e| !known.contains_key(&e.id))
        .filter_map(|e| match &e.mutation {
            Mutation::TaskAction { task_id, .. } => Some(*task_id),
            _ => None,
        })
        .collect();
    match read_tasks(&mut tx, &task_ids, &mut locked) {
        Ok(()) => {}
        Err(Failure::Transient(e)) => return Err(BatchFailure::Transient(e)),
        Err(_) => return Err(BatchFailure::Refused),
    }
    let mut calls = ActionCalls::default();
    let mut outcomes = Vec::with_capacity(entries.len());
    let mut refused: Vec<(&OutboxEntry, String)> = Vec::new();
    for entry in entries {
        if let Some(known) = known.remove(&entry.id) {
            outcomes.push(known);
            continue;
        }
        let applied = if entry.actor_id != Some(me.person.id) {
            Err(Failure::Rejected(NOT_MINE.into()))
        } else {
            apply_entry(
                &mut tx,
                store,
                me,
                entry,
                server_now,
                &mut locked,
                &mut calls,
            )
        };
        match applied {
            Ok(()) => outcomes.push(Outcome::Applied),
            Err(Failure::Rejected(why)) => {
                let reason = rejection_text(&entry.mutation, &why);
                refused.push((entry, reason.clone()));
                outcomes.push(Outcome::Rejected(reason));
            }
            Err(Failure::Transient(e)) => return Err(BatchFailure::Transient(e)),
            Err(Failure::Refused(_)) => return Err(BatchFailure::Refused),
        }
    }
    // The server applies the rest, in order, and records each as applied; one it refuses
    // aborts the call (then each is sent alone).
    calls.send(&mut tx).map_err(transient)?;
    // The refusals the core decided, recorded in the same transaction (one statement).
    if !refused.is_empty() {
        let ids: Vec<Uuid> = refused.iter().map(|(e, _)| e.id).collect();
        let names: Vec<&str> = refused.iter().map(|(e, _)| e.mutation.name()).collect();
        let entities: Vec<Uuid> = refused
            .iter()
            .map(|(e, _)| e.mutation.entity_id())
            .collect();
        let reasons: Vec<&str> = refused.iter().map(|(_, r)| r.as_str()).collect();
        tx.execute(
            "INSERT INTO nv.mutations (id, name, entity_id, outcome, reason)
             SELECT i, n, e, 'rejected', r FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS u(i, n, e, r)",
            &[&ids, &names, &entities, &reasons],
        )
        .map_err(transient)?;
    }
    tx.commit().map_err(transient)?;
    Ok(outcomes)
}

/// Upload a file the mutation refers to (content-addressed: once per content).
fn upload_blob(tx: &mut Tx, store: &Store, a: &Attachment) -> std::result::Result<(), Failure> {
    let known: bool = tx.query_one("SELECT nv.has_blob($1)", &[&a.sha256])?.get(0);
    if known {
        return Ok(());
    }
    let bytes = store.read_attachment(&a.sha256).map_err(|e| {
        Failure::Rejected(format!(
            "không đọc được tệp \"{}\" trên máy này ({e})",
            a.file_name
        ))
    })?;
    if bytes.len() as u64 > nhiemvu_core::store::MAX_ATTACHMENT_BYTES {
        return Err(Failure::Rejected(format!(
            "tệp \"{}\" lớn hơn giới hạn {} MB",
            a.file_name,
            nhiemvu_core::store::MAX_ATTACHMENT_BYTES / 1_048_576
        )));
    }
    tx.execute("SELECT nv.put_blob($1, $2)", &[&a.sha256, &bytes])?;
    Ok(())
}

/// Tasks as the server has them now (or as the core expects them after an earlier action
/// of the same batch): a batch reads all its tasks in one query. Not locked: the server's
/// function locks the row it changes and decides on it again.
type KnownTasks = std::collections::HashMap<Id, TaskRecord>;

/// Read these tasks (those this login may see; the others stay absent).
fn read_tasks(
    tx: &mut Tx,
    ids: &[Id],
    locked: &mut KnownTasks,
) -> std::result::Result<(), Failure> {
    let rows = tx.query(
        &format!(
            "SELECT {TASK_COLS},
                ARRAY(SELECT c.unit_id FROM nv.task_coordinators c WHERE c.task_id = t.id ORDER BY c.unit_id)
             FROM nv.tasks t WHERE id = ANY($1)"
        ),
        &[&ids],
    )?;
    for row in rows {
        let mut record = task_record(&row).map_err(|e| Failure::Rejected(e.to_string()))?;
        record.task.coordinating_unit_ids = row.get(25);
        locked.insert(record.task.id, record);
    }
    Ok(())
}

/// Task actions waiting to go to `nv.task_acts`, in order.
#[derive(Default)]
struct ActionCalls {
    mutations: Vec<Uuid>,
    tasks: Vec<Id>,
    actions: Vec<serde_json::Value>,
    claimed: Vec<DateTime<Utc>>,
    base_versions: Vec<i64>,
    seen: Vec<Option<serde_json::Value>>,
}

impl ActionCalls {
    /// One round trip for all of them; the server applies them in order.
    fn send(&mut self, tx: &mut Tx) -> std::result::Result<(), postgres::Error> {
        if self.mutations.is_empty() {
            return Ok(());
        }
        let calls = std::mem::take(self);
        tx.execute(
            "SELECT nv.task_acts($1, $2, $3, $4, $5, $6)",
            &[
                &calls.mutations,
                &calls.tasks,
                &calls.actions,
                &calls.claimed,
                &calls.base_versions,
                &calls.seen,
            ],
        )?;
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
fn apply_action(
    tx: &mut Tx,
    locked: &mut KnownTasks,
    calls: &mut ActionCalls,
    store: &Store,
    me: &Me,
    task_id: Id,
    base_version: i64,
    action: TaskAction,
    claimed: DateTime<Utc>,
    server_now: DateTime<Utc>,
    seen: Option<&SeenFields>,
    mutation: Uuid,
) -> std::result::Result<(), Failure> {
    if !locked.contains_key(&task_id) {
        read_tasks(tx, &[task_id], locked)?;
    }
    let Some(before) = locked.get(&task_id).cloned() else {
        return Err(Failure::Rejected(
            "không tìm thấy nhiệm vụ trên máy chủ, hoặc bạn không còn được giao nhiệm vụ này"
                .into(),
        ));
    };
    if let TaskAction::SubmitResult(r) = &action {
        if let Some(a) = &r.attachment {
            upload_blob(tx, store, a)?;
        }
    }
    // The core's rules first, on the server's row: what they refuse is refused in their
    // words, without sending anything. The server then decides again, on its own.
    let at = claimed.min(server_now);
    let expected = matches!(action, TaskAction::Review { .. }).then_some(base_version);
    let action = action.validated(local_date(at))?;
    let planned = action::plan(
        store.calendar(),
        &before,
        &me.actor(),
        expected,
        action.clone(),
        at,
    )?;
    calls.mutations.push(mutation);
    calls.tasks.push(task_id);
    calls
        .actions
        .push(serde_json::to_value(&action).expect("action serialises"));
    calls.claimed.push(claimed);
    calls.base_versions.push(base_version);
    calls
        .seen
        .push(seen.map(|s| serde_json::to_value(s).expect("seen fields serialise")));
    locked.insert(task_id, planned.after);
    Ok(())
}

/// Push every pending entry of this person, oldest first, until one fails transiently.
/// Returns (applied, rejected, transient error if any) and the entities to refresh.
pub fn push_pending(client: &mut Client, store: &mut Store, me: &Me) -> Result<PushReport> {
    let mut report = PushReport::default();
    loop {
        let pending = store.outbox_pending(200)?;
        if pending.is_empty() {
            return Ok(report);
        }
        let mut rest = &pending[..];
        while !rest.is_empty() {
            // A run of task actions goes in one transaction; anything else on its own.
            let run = rest
                .iter()
                .take(ACTION_BATCH)
                .take_while(|e| matches!(e.mutation, Mutation::TaskAction { .. }))
                .count();
            let (now, later) = rest.split_at(run.max(1));
            rest = later;
            let outcomes = if run > 1 {
                match push_actions(client, store, me, now) {
                    Ok(o) => o,
                    Err(BatchFailure::Transient(e)) => vec![Outcome::Transient(e)],
                    Err(BatchFailure::Refused) => {
                        // Each alone: the decisions of the others are kept as they come.
                        let mut o = Vec::with_capacity(now.len());
                        for e in now {
                            let one = push_one(client, store, me, e);
                            let stop = matches!(one, Outcome::Transient(_));
                            o.push(one);
                            if stop {
                                break;
                            }
                        }
                        o
                    }
                }
            } else {
                vec![push_one(client, store, me, &now[0])]
            };
            let mut decisions = Vec::with_capacity(now.len());
            let mut retry = None;
            for (e, outcome) in now.iter().zip(outcomes) {
                match outcome {
                    Outcome::Applied => {
                        decisions.push((e.id, None));
                        report.applied += 1;
                    }
                    Outcome::Rejected(reason) => {
                        decisions.push((e.id, Some(reason.clone())));
                        report.rejected.push((e.id, reason));
                        report.refresh.push(e.mutation.clone());
                    }
                    Outcome::Transient(err) => {
                        retry = Some((e, err));
                        break;
                    }
                }
            }
            store.outbox_mark_decided(&decisions)?;
            if let Some((e, err)) = retry {
                let next = Utc::now() + backoff(e.attempts);
                store.outbox_mark_retry(e.id, &err, next)?;
                report.transient = Some(err);
                return Ok(report);
            }
        }
    }
}

/// How long to wait before the n-th retry: doubling from 2 s, at most 5 min.
pub fn backoff(attempts: i64) -> chrono::Duration {
    let secs = 2i64
        .saturating_pow(attempts.clamp(0, 20) as u32 + 1)
        .min(300);
    chrono::Duration::seconds(secs)
}

#[derive(Debug, Default, Clone)]
pub struct PushReport {
    pub applied: u64,
    pub rejected: Vec<(Uuid, String)>,
    /// The mutations whose entities must be fetched again (their local effect was refused).
    pub refresh: Vec<Mutation>,
    pub transient: Option<String>,
}
