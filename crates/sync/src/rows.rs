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
use nhiemvu_core::store::{
    DamagedRecord, ReplicaBatch, ReplicaDocument, ReplicaEvent, ReplicaTask,
};

use crate::error::{Result, SyncError};

/// Rows read, and the rows that could not be (skipped: one bad row never stops a sync).
#[derive(Debug, Clone)]
pub struct Fetched<T> {
    pub rows: Vec<T>,
    pub damaged: Vec<DamagedRecord>,
}

impl<T> Default for Fetched<T> {
    fn default() -> Self {
        Fetched {
            rows: Vec::new(),
            damaged: Vec::new(),
        }
    }
}

/// "«Rà soát danh mục dự án…»": a name to recognise a record by.
pub fn quoted(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.chars().count() < text.chars().count() {
        format!("«{short}…»")
    } else {
        format!("«{short}»")
    }
}

fn damaged(
    entity: &str,
    id: impl ToString,
    task_id: Option<Uuid>,
    label: String,
    reason: impl ToString,
) -> DamagedRecord {
    DamagedRecord {
        entity: entity.into(),
        id: id.to_string(),
        task_id,
        label,
        reason: reason.to_string(),
    }
}

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
            // Derived by each PC from the facts (the server does not vouch for it).
            entered_late: r.get::<_, Option<bool>>(17).unwrap_or(false),
            attachments: Vec::new(),
            version: r.get(18),
        },
        entered_unit_id: r.get(16),
    })
}

/// Tasks by id with their coordinators and timelines, as this login may see them. A task
/// row or a timeline row this build cannot read is left out and reported.
pub fn fetch_tasks(client: &mut impl GenericClient, ids: &[Uuid]) -> Result<Fetched<ReplicaTask>> {
    let mut out = Fetched::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = client.query(
        &format!("SELECT {TASK_COLS} FROM nv.tasks WHERE id = ANY($1) ORDER BY id"),
        &[&ids],
    )?;
    let mut records: Vec<TaskRecord> = Vec::with_capacity(rows.len());
    let mut names: HashMap<Uuid, String> = HashMap::new();
    for r in &rows {
        let id: Uuid = r.get(0);
        let description: String = r.get(2);
        match task_record(r) {
            Ok(rec) => {
                names.insert(id, description);
                records.push(rec);
            }
            Err(e) => out.damaged.push(damaged(
                "task",
                id,
                Some(id),
                format!("Nhiệm vụ {}", quoted(&description)),
                e,
            )),
        }
    }
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
        "SELECT task_id, at, actor_id, actor_name, unit_id, payload, id, kind FROM nv.task_events
         WHERE task_id = ANY($1) ORDER BY task_id, at, id",
        &[&found],
    )? {
        let task_id: Uuid = r.get(0);
        let payload: serde_json::Value = r.get(5);
        match serde_json::from_value::<TaskEvent>(payload) {
            Ok(event) => events.entry(task_id).or_default().push(ReplicaEvent {
                at: r.get(1),
                actor_id: r.get(2),
                actor_name: r.get(3),
                unit_id: r.get(4),
                event,
            }),
            Err(e) => {
                let id: i64 = r.get(6);
                let kind: String = r.get(7);
                out.damaged.push(damaged(
                    "event",
                    id,
                    Some(task_id),
                    format!(
                        "Sự kiện #{id} ({kind}) của nhiệm vụ {}",
                        quoted(names.get(&task_id).map_or("", String::as_str))
                    ),
                    format!("nội dung không đọc được: {e}"),
                ))
            }
        }
    }
    for rec in &mut records {
        rec.task.coordinating_unit_ids = coordinators.remove(&rec.task.id).unwrap_or_default();
    }
    out.rows = records
        .into_iter()
        .map(|record| {
            let events = events.remove(&record.task.id).unwrap_or_default();
            ReplicaTask { record, events }
        })
        .collect();
    Ok(out)
}

/// Documents by id with their attachments, as this login may see them (one this build
/// cannot read is left out and reported).
pub fn fetch_documents(
    client: &mut impl GenericClient,
    ids: &[Uuid],
) -> Result<Fetched<ReplicaDocument>> {
    let mut out = Fetched::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = client.query(
        &format!("SELECT {DOCUMENT_COLS} FROM nv.documents WHERE id = ANY($1) ORDER BY id"),
        &[&ids],
    )?;
    let mut docs: Vec<ReplicaDocument> = Vec::with_capacity(rows.len());
    for r in &rows {
        match document(r) {
            Ok(d) => docs.push(d),
            Err(e) => {
                let id: Uuid = r.get(0);
                let (number, symbol, summary): (String, String, String) =
                    (r.get(2), r.get(3), r.get(5));
                out.damaged.push(damaged(
                    "document",
                    id,
                    None,
                    format!(
                        "Văn bản {} {}",
                        nhiemvu_core::model::full_number(&number, &symbol),
                        quoted(&summary)
                    ),
                    e,
                ));
            }
        }
    }
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
    out.rows = docs;
    Ok(out)
}

/// The whole directory. A unit or person this build cannot read is left out and reported,
/// and so are the units below such a unit and the people in it (they could not be placed).
pub fn fetch_directory(client: &mut impl GenericClient) -> Result<Directory> {
    let mut dir = Directory::default();
    let mut units = Vec::new();
    for r in client.query("SELECT id, parent_id, name, kind FROM nv.units", &[])? {
        let kind: String = r.get(3);
        let name: String = r.get(2);
        match UnitKind::parse(&kind) {
            Some(kind) => units.push(Unit {
                id: r.get(0),
                parent_id: r.get(1),
                name,
                kind,
            }),
            None => dir.damaged.push(damaged(
                "unit",
                r.get::<_, Uuid>(0),
                None,
                format!("Đơn vị {}", quoted(&name)),
                bad("loại đơn vị", &kind),
            )),
        }
    }
    // Parents before children, so the local foreign keys hold at every insert.
    let mut placed = std::collections::HashSet::new();
    loop {
        let before = dir.units.len();
        for u in &units {
            if !placed.contains(&u.id) && u.parent_id.is_none_or(|p| placed.contains(&p)) {
                placed.insert(u.id);
                dir.units.push(u.clone());
            }
        }
        if dir.units.len() == before {
            break;
        }
    }
    for u in units.iter().filter(|u| !placed.contains(&u.id)) {
        dir.damaged.push(damaged(
            "unit",
            u.id,
            None,
            format!("Đơn vị {}", quoted(&u.name)),
            "đơn vị cấp trên không đọc được",
        ));
    }
    for r in client.query(
        "SELECT id, full_name, unit_id, role, title FROM nv.people",
        &[],
    )? {
        let role: String = r.get(3);
        let full_name: String = r.get(1);
        let unit_id: Uuid = r.get(2);
        let problem = match Role::parse(&role) {
            None => Some(bad("vai trò", &role).to_string()),
            Some(_) if !placed.contains(&unit_id) => {
                Some("đơn vị của cán bộ không đọc được".into())
            }
            Some(_) => None,
        };
        match problem {
            None => dir.people.push(Person {
                id: r.get(0),
                full_name,
                unit_id,
                role: Role::parse(&role).expect("parsed above"),
                title: r.get(4),
            }),
            Some(why) => dir.damaged.push(damaged(
                "person",
                r.get::<_, Uuid>(0),
                None,
                format!("Cán bộ {}", quoted(&full_name)),
                why,
            )),
        }
    }
    Ok(dir)
}

/// The directory as read (see `fetch_directory`).
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub units: Vec<Unit>,
    pub people: Vec<Person>,
    pub damaged: Vec<DamagedRecord>,
}

/// The office's settings and calendar exceptions, each `None` until someone has written
/// them on the server (then the PC keeps its own), or when what is there cannot be used
/// (reported; the PC keeps its own).
pub fn fetch_config(client: &mut impl GenericClient) -> Result<OfficeConfig> {
    let mut config = OfficeConfig::default();
    for r in client.query("SELECT key, value FROM nv.settings", &[])? {
        let key: String = r.get(0);
        let value: serde_json::Value = r.get(1);
        match key.as_str() {
            "settings" => match serde_json::from_value::<nhiemvu_core::store::Settings>(value)
                .map_err(|e| e.to_string())
                .and_then(|s| s.validated().map_err(|e| e.to_string()))
            {
                Ok(s) => config.settings = Some(s),
                Err(e) => config.damaged.push(damaged(
                    "settings",
                    "settings",
                    None,
                    "Cấu hình của tỉnh".into(),
                    e,
                )),
            },
            "calendar" => {
                match serde_json::from_value::<Vec<nhiemvu_core::calendar::CalendarOverride>>(value)
                    .map_err(|e| e.to_string())
                    .and_then(|c| {
                        nhiemvu_core::calendar::check_overrides(&c)
                            .map(|_| c)
                            .map_err(|e| e.to_string())
                    }) {
                    Ok(c) => config.calendar = Some(c),
                    Err(e) => config.damaged.push(damaged(
                        "calendar",
                        "calendar",
                        None,
                        "Bảng ngày nghỉ bù, làm bù".into(),
                        e,
                    )),
                }
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
    pub damaged: Vec<DamagedRecord>,
}

impl OfficeConfig {
    /// Into a batch for the local copy.
    pub fn into_batch(self, batch: &mut ReplicaBatch) {
        batch.settings = self.settings;
        batch.calendar = self.calendar;
        // Read, whatever it found: a damaged setting repaired away (no row left) is over.
        batch.config_read = true;
        batch.damaged.extend(self.damaged);
    }
}
