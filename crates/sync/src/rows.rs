//! Office database rows ↔ the core's types. The server keeps the same rows as the local
//! store, with PostgreSQL types (uuid, timestamptz, date, jsonb). Public so that the
//! benchmark can time the download's queries apart from its local writes.

use std::collections::HashMap;

use postgres::{GenericClient, Row};
use uuid::Uuid;

use nhiemvu_core::action::TaskRecord;
use nhiemvu_core::model::{
    Attachment, Classification, Document, DocumentKind, Issuer, Origin, Person, Role, Task,
    TaskEvent, Unit, UnitKind, Urgency, WorkflowState,
};
use nhiemvu_core::store::{ReplicaBatch, ReplicaDocument, ReplicaEvent, ReplicaTask};

use crate::error::{Result, SyncError};

pub const TASK_COLS: &str = "id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id,
    director, direction_notes, original_deadline, deadline, extended_at, must_report, origin, classification, state,
    assigned_at, accepted_at, completed_submitted_at, completed_reviewed_at, pending_submitted_at, cancelled_at,
    rejection_count, last_progress_at, extension_requested_at, version";

pub const DOCUMENT_COLS: &str = "id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer,
    submitting_agency, director, drafter, urgency, origin, entered_at, entered_by, entered_unit_id, entered_late, version";

fn bad(what: &str, v: &str) -> SyncError {
    SyncError::Server(format!("Giá trị {what} không hợp lệ trên máy chủ: {v}"))
}

/// A task row (without its coordinators, which the caller adds).
pub fn task_record(r: &Row) -> Result<TaskRecord> {
    let origin: String = r.get(12);
    let class: String = r.get(13);
    let state: String = r.get(14);
    Ok(TaskRecord {
        task: Task {
            id: r.get(0),
            document_id: r.get(1),
            description: r.get(2),
            follow_up_content: r.get(3),
            lead_unit_id: r.get(4),
            coordinating_unit_ids: Vec::new(),
            follow_up_officer_id: r.get(5),
            director: r.get(6),
            direction_notes: r.get(7),
            original_deadline: r.get(8),
            deadline: r.get(9),
            must_report: r.get(11),
            origin: Origin::parse(&origin).ok_or_else(|| bad("nguồn", &origin))?,
            classification: Classification::parse(&class)
                .ok_or_else(|| bad("phân loại", &class))?,
            state: WorkflowState::parse(&state).ok_or_else(|| bad("trạng thái", &state))?,
            assigned_at: r.get(15),
            accepted_at: r.get(16),
            completed_submitted_at: r.get(17),
            completed_reviewed_at: r.get(18),
            cancelled_at: r.get(20),
            rejection_count: r.get(21),
            version: r.get(24),
        },
        pending_submitted_at: r.get(19),
        extension_requested_at: r.get(23),
        last_progress_at: r.get(22),
        extended_at: r.get(10),
    })
}

pub fn document(r: &Row) -> Result<ReplicaDocument> {
    let kind: String = r.get(1);
    let issuer: String = r.get(8);
    let urgency: String = r.get(12);
    let origin: String = r.get(13);
    Ok(ReplicaDocument {
        document: Document {
            id: r.get(0),
            kind: DocumentKind::parse(&kind).ok_or_else(|| bad("loại văn bản", &kind))?,
            number: r.get(2),
            symbol: r.get(3),
            issued_on: r.get(4),
            summary: r.get(5),
            signer_name: r.get(6),
            signer_title: r.get(7),
            issuer: Issuer::parse(&issuer).ok_or_else(|| bad("cơ quan ban hành", &issuer))?,
            submitting_agency: r.get(9),
            director: r.get(10),
            drafter: r.get(11),
            urgency: Urgency::parse(&urgency).ok_or_else(|| bad("độ khẩn", &urgency))?,
            origin: Origin::parse(&origin).ok_or_else(|| bad("nguồn", &origin))?,
            entered_at: r.get(14),
            entered_by: r.get(15),
            entered_late: r.get(17),
            attachments: Vec::new(),
            version: r.get(18),
        },
        entered_unit_id: r.get(16),
    })
}

/// Tasks by id with their coordinators and timelines, as this login may see them.
pub fn fetch_tasks(client: &mut impl GenericClient, ids: &[Uuid]) -> Result<Vec<ReplicaTask>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = client.query(
        &format!("SELECT {TASK_COLS} FROM nv.tasks WHERE id = ANY($1) ORDER BY id"),
        &[&ids],
    )?;
    let mut records: Vec<TaskRecord> = rows.iter().map(task_record).collect::<Result<_>>()?;
    let found: Vec<Uuid> = records.iter().map(|r| r.task.id).collect();
    let mut coordinators: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for r in client.query(
        "SELECT task_id, unit_id FROM nv.task_coordinators WHERE task_id = ANY($1) ORDER BY task_id, unit_id",
        &[&found],
    )? {
        coordinators.entry(r.get(0)).or_default().push(r.get(1));
    }
    let mut events: HashMap<Uuid, Vec<ReplicaEvent>> = HashMap::new();
    for r in client.query(
        "SELECT task_id, at, actor_id, actor_name, unit_id, late, payload FROM nv.task_events
         WHERE task_id = ANY($1) ORDER BY task_id, at, id",
        &[&found],
    )? {
        let payload: serde_json::Value = r.get(6);
        let event: TaskEvent = serde_json::from_value(payload)
            .map_err(|e| SyncError::Server(format!("Sự kiện nhiệm vụ không đọc được: {e}")))?;
        events.entry(r.get(0)).or_default().push(ReplicaEvent {
            at: r.get(1),
            actor_id: r.get(2),
            actor_name: r.get(3),
            unit_id: r.get(4),
            late: r.get(5),
            event,
        });
    }
    for rec in &mut records {
        rec.task.coordinating_unit_ids = coordinators.remove(&rec.task.id).unwrap_or_default();
    }
    Ok(records
        .into_iter()
        .map(|record| {
            let events = events.remove(&record.task.id).unwrap_or_default();
            ReplicaTask { record, events }
        })
        .collect())
}

/// Documents by id with their attachments, as this login may see them.
pub fn fetch_documents(
    client: &mut impl GenericClient,
    ids: &[Uuid],
) -> Result<Vec<ReplicaDocument>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = client.query(
        &format!("SELECT {DOCUMENT_COLS} FROM nv.documents WHERE id = ANY($1) ORDER BY id"),
        &[&ids],
    )?;
    let mut docs: Vec<ReplicaDocument> = rows.iter().map(document).collect::<Result<_>>()?;
    let found: Vec<Uuid> = docs.iter().map(|d| d.document.id).collect();
    let mut atts: HashMap<Uuid, Vec<Attachment>> = HashMap::new();
    for r in client.query(
        "SELECT a.document_id, a.sha256, a.file_name, b.size FROM nv.document_attachments a
         JOIN nv.blobs b ON b.sha256 = a.sha256 WHERE a.document_id = ANY($1) ORDER BY a.file_name",
        &[&found],
    )? {
        atts.entry(r.get(0)).or_default().push(Attachment {
            sha256: r.get(1),
            file_name: r.get(2),
            size: r.get::<_, i64>(3) as u64,
        });
    }
    for d in &mut docs {
        d.document.attachments = atts.remove(&d.document.id).unwrap_or_default();
    }
    Ok(docs)
}

/// The whole directory: units and people.
pub fn fetch_directory(client: &mut impl GenericClient) -> Result<(Vec<Unit>, Vec<Person>)> {
    let mut units = Vec::new();
    for r in client.query("SELECT id, parent_id, name, kind FROM nv.units", &[])? {
        let kind: String = r.get(3);
        units.push(Unit {
            id: r.get(0),
            parent_id: r.get(1),
            name: r.get(2),
            kind: UnitKind::parse(&kind).ok_or_else(|| bad("loại đơn vị", &kind))?,
        });
    }
    // Parents before children, so the local foreign keys hold at every insert.
    let mut ordered = Vec::with_capacity(units.len());
    let mut placed = std::collections::HashSet::new();
    while ordered.len() < units.len() {
        let before = ordered.len();
        for u in &units {
            if !placed.contains(&u.id) && u.parent_id.is_none_or(|p| placed.contains(&p)) {
                placed.insert(u.id);
                ordered.push(u.clone());
            }
        }
        if ordered.len() == before {
            return Err(SyncError::Server(
                "Cây đơn vị trên máy chủ không hợp lệ.".into(),
            ));
        }
    }
    let mut people = Vec::new();
    for r in client.query(
        "SELECT id, full_name, unit_id, role, title FROM nv.people",
        &[],
    )? {
        let role: String = r.get(3);
        people.push(Person {
            id: r.get(0),
            full_name: r.get(1),
            unit_id: r.get(2),
            role: Role::parse(&role).ok_or_else(|| bad("vai trò", &role))?,
            title: r.get(4),
        });
    }
    Ok((ordered, people))
}

/// The office's settings and calendar exceptions, each `None` until someone has written
/// them on the server (then the PC keeps its own).
pub fn fetch_config(client: &mut impl GenericClient) -> Result<OfficeConfig> {
    let mut config = OfficeConfig::default();
    for r in client.query("SELECT key, value FROM nv.settings", &[])? {
        let key: String = r.get(0);
        let value: serde_json::Value = r.get(1);
        match key.as_str() {
            "settings" => {
                config.settings = Some(
                    serde_json::from_value(value).map_err(|e| bad("cấu hình", &e.to_string()))?,
                )
            }
            "calendar" => {
                config.calendar = Some(
                    serde_json::from_value(value)
                        .map_err(|e| bad("lịch làm việc", &e.to_string()))?,
                )
            }
            _ => {}
        }
    }
    Ok(config)
}

/// What `fetch_config` reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficeConfig {
    pub settings: Option<nhiemvu_core::store::Settings>,
    pub calendar: Option<Vec<nhiemvu_core::calendar::CalendarOverride>>,
}

impl OfficeConfig {
    /// Into a batch for the local copy.
    pub fn into_batch(self, batch: &mut ReplicaBatch) {
        batch.settings = self.settings;
        batch.calendar = self.calendar;
    }
}
