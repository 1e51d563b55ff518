//! Push: the outbox's mutations, oldest first, each replayed on the server's copy in its
//! own transaction with the same rules the PC used (`nhiemvu_core::action::plan`), under the
//! row-level security, column grants and state-machine trigger of the person's login.
//!
//! Exactly once: the mutation id is recorded in `nv.mutations` in the same transaction as
//! its effect. A mutation sent again (the acknowledgement was lost, the app died after the
//! server's commit) finds its id and gets the recorded decision back.

use chrono::{DateTime, Utc};
use postgres::Client;
use uuid::Uuid;

use nhiemvu_core::action::{self, TaskRecord};
use nhiemvu_core::lifecycle::Actor;
use nhiemvu_core::model::{Attachment, Document, Id, Person, Role, Task, TaskEvent};
use nhiemvu_core::store::{Mutation, OutboxEntry, Store, TaskAction};
use nhiemvu_core::timeliness::local_date;
use nhiemvu_core::CoreError;

use crate::error::{is_transient, short, Result, SyncError};
use crate::prepared::Tx;
use crate::rows::{task_record, TASK_COLS};
use crate::task_write::{EventRow, PendingWrites, TaskWrite, Value, WriteError};

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
            Failure::Refused(short(&e))
        }
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Server(e) => e.into(),
            WriteError::NotAllowed => {
                Failure::Refused("bạn không có quyền thay đổi nhiệm vụ này".into())
            }
        }
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
    let why = why.trim_end_matches('.');
    format!(
        "Máy chủ không nhận thao tác \"{what}\": {why}. Dữ liệu trên máy đã được cập nhật theo máy chủ; hãy xem lại và làm lại nếu vẫn cần."
    )
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
    let mut pending = PendingWrites::new();
    apply_entry(
        &mut tx,
        store,
        me,
        entry,
        server_now,
        &mut LockedTasks::new(),
        &mut pending,
    )?;
    pending.flush(&mut tx)?;
    record_applied(&mut tx, entry)?;
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

fn record_applied(tx: &mut Tx, entry: &OutboxEntry) -> std::result::Result<(), Failure> {
    tx.execute(
        "INSERT INTO nv.mutations (id, name, entity_id, outcome) VALUES ($1, $2, $3, 'applied')",
        &[
            &entry.id,
            &entry.mutation.name(),
            &entry.mutation.entity_id(),
        ],
    )?;
    Ok(())
}

/// Replay one mutation on the server's copy, inside `tx`.
fn apply_entry(
    tx: &mut Tx,
    store: &Store,
    me: &Me,
    entry: &OutboxEntry,
    server_now: DateTime<Utc>,
    locked: &mut LockedTasks,
    pending: &mut PendingWrites,
) -> std::result::Result<(), Failure> {
    match &entry.mutation {
        Mutation::RegisterDocument { document, tasks } => {
            let at = document.entered_at.min(server_now);
            insert_document(tx, store, me, document, at)?;
            for t in tasks {
                insert_task(tx, me, t, at, entry.id)?;
            }
        }
        Mutation::AddTasks { tasks, .. } => {
            for t in tasks {
                let at = t.assigned_at.min(server_now);
                insert_task(tx, me, t, at, entry.id)?;
            }
        }
        // The directory is the admin's: the server lets only nhiemvu_admin call these.
        Mutation::CreateUnit { unit } => {
            crate::provision::put_unit(tx.inner(), unit).map_err(failure)?;
        }
        Mutation::CreatePerson { person } => {
            crate::provision::put_person(tx.inner(), person, None, None).map_err(failure)?;
        }
        // The office's configuration: the grants let only the office and the admin write it.
        Mutation::SaveSettings { settings } => {
            let value = serde_json::to_value(settings).expect("settings serialise");
            put_config(tx, "settings", &value)?;
        }
        Mutation::SetCalendar { overrides } => {
            let value = serde_json::to_value(overrides).expect("calendar serialises");
            put_config(tx, "calendar", &value)?;
        }
        Mutation::TaskAction {
            task_id,
            base_version,
            action,
            at,
            seen,
        } => {
            let at = (*at).min(server_now);
            apply_action(
                tx,
                locked,
                pending,
                store,
                me,
                *task_id,
                *base_version,
                action.clone(),
                at,
                seen.as_ref(),
                entry.id,
            )?;
        }
    }
    Ok(())
}

fn put_config(
    tx: &mut Tx,
    key: &str,
    value: &serde_json::Value,
) -> std::result::Result<(), Failure> {
    tx.execute(
        "INSERT INTO nv.settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&key, value],
    )
    .map_err(|e| match SyncError::from(e) {
        SyncError::Server(m) if m.contains("permission denied") || m.contains("row-level security") => {
            Failure::Refused("chỉ Văn phòng hoặc quản trị viên mới được thay đổi cấu hình và lịch làm việc chung".into())
        }
        e => failure(e),
    })?;
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
    let mut locked = LockedTasks::new();
    let task_ids: Vec<Id> = entries
        .iter()
        .filter(|e| !known.contains_key(&e.id))
        .filter_map(|e| match &e.mutation {
            Mutation::TaskAction { task_id, .. } => Some(*task_id),
            _ => None,
        })
        .collect();
    match lock_tasks(&mut tx, &task_ids, &mut locked) {
        Ok(()) => {}
        Err(Failure::Transient(e)) => return Err(BatchFailure::Transient(e)),
        Err(_) => return Err(BatchFailure::Refused),
    }
    let mut pending = PendingWrites::new();
    let mut outcomes = Vec::with_capacity(entries.len());
    let mut decided: Vec<(&OutboxEntry, Option<String>)> = Vec::with_capacity(entries.len());
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
                &mut pending,
            )
        };
        match applied {
            Ok(()) => {
                decided.push((entry, None));
                outcomes.push(Outcome::Applied);
            }
            Err(Failure::Rejected(why)) => {
                let reason = rejection_text(&entry.mutation, &why);
                decided.push((entry, Some(reason.clone())));
                outcomes.push(Outcome::Rejected(reason));
            }
            Err(Failure::Transient(e)) => return Err(BatchFailure::Transient(e)),
            Err(Failure::Refused(_)) => return Err(BatchFailure::Refused),
        }
    }
    match pending.flush(&mut tx) {
        Ok(()) => {}
        Err(WriteError::Server(e)) => return Err(transient(e)),
        Err(WriteError::NotAllowed) => return Err(BatchFailure::Refused),
    }
    // The decisions, in the same transaction as their effects (one statement for all).
    let ids: Vec<Uuid> = decided.iter().map(|(e, _)| e.id).collect();
    let names: Vec<&str> = decided.iter().map(|(e, _)| e.mutation.name()).collect();
    let entities: Vec<Uuid> = decided
        .iter()
        .map(|(e, _)| e.mutation.entity_id())
        .collect();
    let verdicts: Vec<&str> = decided
        .iter()
        .map(|(_, r)| if r.is_none() { "applied" } else { "rejected" })
        .collect();
    let reasons: Vec<Option<&str>> = decided.iter().map(|(_, r)| r.as_deref()).collect();
    if !ids.is_empty() {
        tx.execute(
            "INSERT INTO nv.mutations (id, name, entity_id, outcome, reason)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[])",
            &[&ids, &names, &entities, &verdicts, &reasons],
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

fn insert_document(
    tx: &mut Tx,
    store: &Store,
    me: &Me,
    d: &Document,
    at: DateTime<Utc>,
) -> std::result::Result<(), Failure> {
    for a in &d.attachments {
        upload_blob(tx, store, a)?;
    }
    tx.execute(
        "INSERT INTO nv.documents (id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer,
            submitting_agency, director, drafter, urgency, origin, entered_at, entered_by, entered_unit_id, entered_late)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        &[
            &d.id,
            &d.kind.as_str(),
            &d.number,
            &d.symbol,
            &d.issued_on,
            &d.summary,
            &d.signer_name,
            &d.signer_title,
            &d.issuer.as_str(),
            &d.submitting_agency,
            &d.director,
            &d.drafter,
            &d.urgency.as_str(),
            &d.origin.as_str(),
            &at,
            &me.person.id,
            &me.person.unit_id,
            &d.entered_late,
        ],
    )?;
    for a in &d.attachments {
        tx.execute(
            "INSERT INTO nv.document_attachments (document_id, sha256, file_name) VALUES ($1, $2, $3)",
            &[&d.id, &a.sha256, &a.file_name],
        )?;
    }
    Ok(())
}

fn insert_task(
    tx: &mut Tx,
    me: &Me,
    t: &Task,
    at: DateTime<Utc>,
    mutation: Uuid,
) -> std::result::Result<(), Failure> {
    tx.execute(
        "INSERT INTO nv.tasks (id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id,
            director, direction_notes, original_deadline, deadline, must_report, origin, classification, state, assigned_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'assigned', $14)",
        &[
            &t.id,
            &t.document_id,
            &t.description,
            &t.follow_up_content,
            &t.lead_unit_id,
            &t.follow_up_officer_id,
            &t.director,
            &t.direction_notes,
            &t.original_deadline,
            &t.deadline,
            &t.must_report,
            &t.origin.as_str(),
            &t.classification.as_str(),
            &at,
        ],
    )?;
    for u in &t.coordinating_unit_ids {
        tx.execute(
            "INSERT INTO nv.task_coordinators (task_id, unit_id) VALUES ($1, $2)",
            &[&t.id, u],
        )?;
    }
    insert_event(
        tx,
        me,
        t.id,
        at,
        Some(t.lead_unit_id),
        None,
        &TaskEvent::Assigned {
            lead_unit_id: t.lead_unit_id,
        },
        mutation,
    )
}

/// Tasks this transaction holds locked (`FOR UPDATE`), as the server has them now, with the
/// login that last wrote each: a batch reads all its tasks in one query, and an action
/// replays on the state the previous one in the batch left.
type LockedTasks = std::collections::HashMap<Id, (TaskRecord, String)>;

/// Lock and read these tasks (those this login may see; the others stay absent).
fn lock_tasks(
    tx: &mut Tx,
    ids: &[Id],
    locked: &mut LockedTasks,
) -> std::result::Result<(), Failure> {
    let rows = tx.query(
        &format!(
            "SELECT {TASK_COLS}, updated_by::text,
                ARRAY(SELECT c.unit_id FROM nv.task_coordinators c WHERE c.task_id = t.id ORDER BY c.unit_id)
             FROM nv.tasks t WHERE id = ANY($1) ORDER BY id FOR UPDATE"
        ),
        &[&ids],
    )?;
    for row in rows {
        let mut record = task_record(&row).map_err(|e| Failure::Rejected(e.to_string()))?;
        record.task.coordinating_unit_ids = row.get(26);
        locked.insert(record.task.id, (record, row.get(25)));
    }
    Ok(())
}

/// The file a timeline entry refers to (a result report's attachment).
fn event_attachment(event: &TaskEvent) -> Option<String> {
    match event {
        TaskEvent::ResultSubmitted(r) => r.attachment.as_ref().map(|a| a.sha256.clone()),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn insert_event(
    tx: &mut Tx,
    me: &Me,
    task_id: Id,
    at: DateTime<Utc>,
    unit_id: Option<Id>,
    late: Option<bool>,
    event: &TaskEvent,
    mutation: Uuid,
) -> std::result::Result<(), Failure> {
    let attachment = event_attachment(event);
    let payload = serde_json::to_value(event).expect("event serialises");
    tx.execute(
        "INSERT INTO nv.task_events (task_id, at, actor_id, actor_name, unit_id, kind, late, payload, attachment_sha256, mutation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &task_id,
            &at,
            &me.person.id,
            &me.person.full_name,
            &unit_id,
            &event.kind(),
            &late,
            &payload,
            &attachment,
            &mutation,
        ],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn apply_action(
    tx: &mut Tx,
    locked: &mut LockedTasks,
    pending: &mut PendingWrites,
    store: &Store,
    me: &Me,
    task_id: Id,
    base_version: i64,
    action: TaskAction,
    at: DateTime<Utc>,
    seen: Option<&nhiemvu_core::store::SeenFields>,
    mutation: Uuid,
) -> std::result::Result<(), Failure> {
    // A task's second action in a batch: its first reaches the trigger before.
    if pending.contains(task_id) {
        pending.flush(tx)?;
    }
    if !locked.contains_key(&task_id) {
        lock_tasks(tx, &[task_id], locked)?;
    }
    let Some((before, last_writer)) = locked.get(&task_id).cloned() else {
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
    // A review decides on what the reviewer saw; everything else replays on the server's
    // current copy.
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
    let after = &planned.after;

    // Only the columns this action changes: the grants decide who may change which.
    let (b, a) = (&before.task, &after.task);
    let mut sets: Vec<(&'static str, Value)> = vec![
        ("state", Value::Text(a.state.as_str().to_string())),
        ("version", Value::Int(a.version)),
    ];
    let mut set_if_changed = |col: &'static str, changed: bool, value: Value| {
        if changed {
            sets.push((col, value));
        }
    };
    set_if_changed(
        "lead_unit_id",
        b.lead_unit_id != a.lead_unit_id,
        Value::Uuid(a.lead_unit_id),
    );
    set_if_changed(
        "deadline",
        b.deadline != a.deadline,
        Value::Date(a.deadline),
    );
    set_if_changed(
        "original_deadline",
        b.original_deadline != a.original_deadline,
        Value::Date(a.original_deadline),
    );
    set_if_changed(
        "classification",
        b.classification != a.classification,
        Value::Text(a.classification.as_str().to_string()),
    );
    set_if_changed(
        "accepted_at",
        b.accepted_at != a.accepted_at,
        Value::Time(a.accepted_at),
    );
    set_if_changed(
        "completed_submitted_at",
        b.completed_submitted_at != a.completed_submitted_at,
        Value::Time(a.completed_submitted_at),
    );
    set_if_changed(
        "completed_reviewed_at",
        b.completed_reviewed_at != a.completed_reviewed_at,
        Value::Time(a.completed_reviewed_at),
    );
    set_if_changed(
        "cancelled_at",
        b.cancelled_at != a.cancelled_at,
        Value::Time(a.cancelled_at),
    );
    set_if_changed(
        "rejection_count",
        b.rejection_count != a.rejection_count,
        Value::Int(a.rejection_count),
    );
    set_if_changed(
        "pending_submitted_at",
        before.pending_submitted_at != after.pending_submitted_at,
        Value::Time(after.pending_submitted_at),
    );
    set_if_changed(
        "extended_at",
        before.extended_at != after.extended_at,
        Value::Time(after.extended_at),
    );
    set_if_changed(
        "extension_requested_at",
        before.extension_requested_at != after.extension_requested_at,
        Value::Time(after.extension_requested_at),
    );
    set_if_changed(
        "last_progress_at",
        before.last_progress_at != after.last_progress_at,
        Value::Time(after.last_progress_at),
    );
    // The row and its timeline entry are written with the rest of the batch (the entry
    // only if the policies let the row through).
    let event = &planned.event;
    pending.push(TaskWrite {
        task_id,
        sets,
        event: EventRow {
            at,
            actor_id: me.person.id,
            actor_name: me.person.full_name.clone(),
            unit_id: planned.event_unit,
            kind: event.kind(),
            late: planned.late,
            payload: serde_json::to_value(event).expect("event serialises"),
            attachment_sha256: event_attachment(event),
            mutation_id: mutation,
        },
    });
    for gone in b
        .coordinating_unit_ids
        .iter()
        .filter(|u| !a.coordinating_unit_ids.contains(u))
    {
        tx.execute(
            "DELETE FROM nv.task_coordinators WHERE task_id = $1 AND unit_id = $2",
            &[&task_id, gone],
        )?;
    }
    // The server's row is now what the plan made of it (the trigger adds only who and when).
    locked.insert(task_id, (after.clone(), me.login.clone()));

    // Someone else changed the same field since this user looked: the later commit (this
    // one) wins, and both values are kept where both people can see them.
    if let Some(seen) = seen {
        let mut conflict = |field: &str, theirs: serde_json::Value, ours: serde_json::Value| {
            tx.execute(
                "INSERT INTO nv.conflicts (task_id, field, overwritten, kept, overwritten_by, mutation_id)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&task_id, &field, &theirs, &ours, &last_writer, &mutation],
            )
        };
        if matches!(action, TaskAction::Extend(_)) && seen.deadline != b.deadline {
            conflict(
                "deadline",
                serde_json::json!(b.deadline),
                serde_json::json!(a.deadline),
            )?;
        }
        if matches!(action, TaskAction::Reassign { .. }) && seen.lead_unit_id != b.lead_unit_id {
            conflict(
                "lead_unit_id",
                serde_json::json!(b.lead_unit_id),
                serde_json::json!(a.lead_unit_id),
            )?;
        }
    }
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
