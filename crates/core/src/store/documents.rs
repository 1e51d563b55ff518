//! Directive documents (văn bản chỉ đạo, điều hành): validation, storage, search.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::outbox::{self, Mutation};
use super::tasks::{insert_task_tx, NewTask};
use super::{attachments, audit, date_str, from_ms, ms, parse_date, Store};
use crate::error::{CoreError, Result};
use crate::lifecycle::Actor;
use crate::model::{
    full_number, Attachment, Document, DocumentKind, Id, Issuer, Origin, Task, Urgency,
};
use crate::text;
use crate::timeliness;

/// What the office types when registering a document (every field of DOMAIN.md §2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewDocument {
    pub kind: DocumentKind,
    pub number: String,
    pub symbol: String,
    pub issued_on: NaiveDate,
    pub summary: String,
    pub signer_name: String,
    pub signer_title: String,
    pub issuer: Issuer,
    pub submitting_agency: Option<String>,
    pub director: Option<String>,
    pub drafter: Option<String>,
    pub urgency: Urgency,
    /// QC45 / QC42; when absent it follows the issuer.
    pub origin: Option<Origin>,
    pub attachments: Vec<Attachment>,
}

impl NewDocument {
    /// Normalise (NFC) and validate every field; the first problem is reported by field.
    pub(crate) fn validated(mut self, today: NaiveDate) -> Result<Self> {
        self.number = text::clean("number", "Số văn bản", &self.number, 20, false)?;
        self.symbol = text::clean("symbol", "Ký hiệu", &self.symbol, 60, false)?;
        if self.number.is_empty() && self.symbol.is_empty() {
            return Err(CoreError::invalid(
                "number",
                "Vui lòng nhập số và ký hiệu văn bản.",
            ));
        }
        if self.issued_on > today {
            return Err(CoreError::invalid(
                "issued_on",
                "Ngày ban hành không được sau ngày hôm nay.",
            ));
        }
        if self.issued_on.year_ce().1 < 1990 {
            return Err(CoreError::invalid(
                "issued_on",
                "Ngày ban hành không hợp lệ.",
            ));
        }
        self.summary = text::required("summary", "Trích yếu", &self.summary, 2000, true)?;
        self.signer_name =
            text::required("signer_name", "Người ký", &self.signer_name, 100, false)?;
        self.signer_title = text::clean(
            "signer_title",
            "Chức vụ người ký",
            &self.signer_title,
            100,
            false,
        )?;
        self.submitting_agency = text::optional(
            "submitting_agency",
            "Cơ quan trình",
            self.submitting_agency.as_deref(),
            200,
        )?;
        self.director = text::optional("director", "Người chỉ đạo", self.director.as_deref(), 100)?;
        self.drafter = text::optional(
            "drafter",
            "Công chức soạn thảo",
            self.drafter.as_deref(),
            100,
        )?;
        Ok(self)
    }
}

use chrono::Datelike;

impl Store {
    /// Register a document and assign its tasks in one transaction (the "split into tasks in
    /// the same flow" of the register screen). Nothing is written if anything is invalid.
    pub fn register_document(
        &mut self,
        actor: &Actor,
        doc: NewDocument,
        tasks: Vec<NewTask>,
    ) -> Result<(Document, Vec<Task>)> {
        self.register_document_at(actor, doc, tasks, Utc::now())
    }

    /// As `register_document`, with an explicit entry time (imports, tests).
    pub fn register_document_at(
        &mut self,
        actor: &Actor,
        doc: NewDocument,
        tasks: Vec<NewTask>,
        now: DateTime<Utc>,
    ) -> Result<(Document, Vec<Task>)> {
        if !matches!(
            actor.role,
            crate::model::Role::Office | crate::model::Role::Admin
        ) {
            return Err(CoreError::Forbidden(
                "Chỉ Văn phòng mới được vào sổ văn bản chỉ đạo.".into(),
            ));
        }
        let doc = doc.validated(timeliness::local_date(now))?;
        let tasks = tasks
            .into_iter()
            .enumerate()
            .map(|(i, t)| t.validated(doc.issued_on).map_err(|e| prefix_task(i, e)))
            .collect::<Result<Vec<_>>>()?;
        let cal = self.calendar.clone();
        self.write(|tx| {
            let d = insert_document_tx(tx, actor, doc, now, &cal)?;
            let mut out = Vec::with_capacity(tasks.len());
            for (i, t) in tasks.into_iter().enumerate() {
                out.push(insert_task_tx(tx, actor, &d, t, now).map_err(|e| prefix_task(i, e))?);
            }
            let m = Mutation::RegisterDocument {
                document: d.clone(),
                tasks: out.clone(),
            };
            outbox::append(tx, actor, now, &m)?;
            Ok((d, out))
        })
    }

    pub fn document(&self, id: Id) -> Result<Document> {
        load_document(&self.conn, id)?
            .ok_or_else(|| CoreError::NotFound("Không tìm thấy văn bản.".into()))
    }

    /// Documents, newest first, optionally matching accent-insensitive words.
    pub fn documents(
        &self,
        search: Option<&str>,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Document>> {
        let limit = limit.clamp(1, 500);
        let ids: Vec<Id> = match search.and_then(text::fts_query) {
            Some(q) => {
                let mut st = self.conn.prepare_cached(
                    "SELECT d.id FROM document_fts f JOIN documents d ON d.rowid = f.rowid
                     WHERE document_fts MATCH ?1 ORDER BY d.issued_on DESC, d.rowid DESC LIMIT ?2 OFFSET ?3",
                )?;
                let rows = st.query_map((q, limit, offset), |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            }
            None => {
                let mut st = self.conn.prepare_cached("SELECT id FROM documents ORDER BY issued_on DESC, rowid DESC LIMIT ?1 OFFSET ?2")?;
                let rows = st.query_map((limit, offset), |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            }
        };
        ids.into_iter().map(|id| self.document(id)).collect()
    }
}

/// "Nhiệm vụ 2: …" and the item index on a bad field of the i-th task of a form.
pub(crate) fn prefix_task(i: usize, e: CoreError) -> CoreError {
    match e {
        CoreError::Invalid { field, message, .. } => CoreError::Invalid {
            field,
            message: format!("Nhiệm vụ {}: {message}", i + 1),
            item: Some(i as u32),
        },
        e => e,
    }
}

pub(crate) fn insert_document_tx(
    tx: &Transaction,
    actor: &Actor,
    doc: NewDocument,
    now: DateTime<Utc>,
    cal: &crate::calendar::WorkCalendar,
) -> Result<Document> {
    for a in &doc.attachments {
        attachments::ensure_blob(tx, a)?;
    }
    let entered_late = timeliness::is_document_entry_late(cal, doc.issued_on, doc.urgency, now);
    let d = Document {
        id: Uuid::now_v7(),
        kind: doc.kind,
        origin: doc.origin.unwrap_or_else(|| doc.issuer.default_origin()),
        number: doc.number,
        symbol: doc.symbol,
        issued_on: doc.issued_on,
        summary: doc.summary,
        signer_name: doc.signer_name,
        signer_title: doc.signer_title,
        issuer: doc.issuer,
        submitting_agency: doc.submitting_agency,
        director: doc.director,
        drafter: doc.drafter,
        urgency: doc.urgency,
        entered_at: now,
        entered_by: actor.person_id,
        entered_late,
        attachments: doc.attachments,
        version: 1,
    };
    tx.prepare_cached(
        "INSERT INTO documents (id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer,
            submitting_agency, director, drafter, urgency, origin, entered_at, entered_by, entered_unit_id, entered_late)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(rusqlite::params![
        d.id,
        d.kind.as_str(),
        d.number,
        d.symbol,
        date_str(d.issued_on),
        d.summary,
        d.signer_name,
        d.signer_title,
        d.issuer.as_str(),
        d.submitting_agency,
        d.director,
        d.drafter,
        d.urgency.as_str(),
        d.origin.as_str(),
        ms(now),
        d.entered_by,
        actor.unit_id,
        d.entered_late,
    ])?;
    let rowid = tx.last_insert_rowid();
    for a in &d.attachments {
        tx.prepare_cached("INSERT OR IGNORE INTO document_attachments (document_id, sha256, file_name) VALUES (?1, ?2, ?3)")?
            .execute((d.id, &a.sha256, &a.file_name))?;
    }
    index_document(tx, rowid, &d)?;
    audit::record_at(
        tx,
        now,
        actor,
        "document",
        Some(d.id),
        "create",
        None::<&()>,
        Some(&d),
    )?;
    Ok(d)
}

/// The folded text the search index holds for a document.
pub(crate) fn document_search_text(
    number: &str,
    symbol: &str,
    summary: &str,
    signer: &str,
    kind: DocumentKind,
) -> String {
    text::fold(&format!(
        "{} {} {} {}",
        kind.label(),
        full_number(number, symbol),
        summary,
        signer
    ))
}

fn index_document(tx: &Transaction, rowid: i64, d: &Document) -> Result<()> {
    tx.prepare_cached("INSERT INTO document_fts (rowid, body) VALUES (?1, ?2)")?
        .execute((
            rowid,
            document_search_text(&d.number, &d.symbol, &d.summary, &d.signer_name, d.kind),
        ))?;
    Ok(())
}

pub(crate) fn reindex_all(tx: &Transaction) -> Result<()> {
    let mut st =
        tx.prepare("SELECT rowid, number, symbol, summary, signer_name, kind FROM documents")?;
    let mut ins = tx.prepare("INSERT INTO document_fts (rowid, body) VALUES (?1, ?2)")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let kind = DocumentKind::parse(&r.get::<_, String>(5)?).unwrap_or(DocumentKind::Other);
        let body = document_search_text(
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            kind,
        );
        ins.execute((r.get::<_, i64>(0)?, body))?;
    }
    Ok(())
}

pub(crate) fn load_document(conn: &rusqlite::Connection, id: Id) -> Result<Option<Document>> {
    let doc = conn
        .prepare_cached(
            "SELECT id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer, submitting_agency,
                    director, drafter, urgency, origin, entered_at, entered_by, entered_late, version
             FROM documents WHERE id = ?1",
        )?
        .query_row([id], row_to_document)
        .optional()?;
    let Some(doc) = doc else { return Ok(None) };
    let mut doc = doc?;
    let mut st = conn.prepare_cached(
        "SELECT a.sha256, a.file_name, b.size FROM document_attachments a JOIN blobs b ON b.sha256 = a.sha256
         WHERE a.document_id = ?1 ORDER BY a.file_name",
    )?;
    doc.attachments = st
        .query_map([id], |r| {
            Ok(Attachment {
                sha256: r.get(0)?,
                file_name: r.get(1)?,
                size: r.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(doc))
}

fn row_to_document(r: &Row) -> rusqlite::Result<Result<Document>> {
    let kind: String = r.get(1)?;
    let issued_on: String = r.get(4)?;
    let issuer: String = r.get(8)?;
    let urgency: String = r.get(12)?;
    let origin: String = r.get(13)?;
    let build = || -> Result<Document> {
        Ok(Document {
            id: r.get(0)?,
            kind: DocumentKind::parse(&kind).unwrap_or(DocumentKind::Other),
            number: r.get(2)?,
            symbol: r.get(3)?,
            issued_on: parse_date(&issued_on)?,
            summary: r.get(5)?,
            signer_name: r.get(6)?,
            signer_title: r.get(7)?,
            issuer: Issuer::parse(&issuer).unwrap_or(Issuer::ProvincialCommittee),
            submitting_agency: r.get(9)?,
            director: r.get(10)?,
            drafter: r.get(11)?,
            urgency: Urgency::parse(&urgency).unwrap_or(Urgency::Normal),
            origin: Origin::parse(&origin).unwrap_or(Origin::Qc45),
            entered_at: from_ms(r.get(14)?),
            entered_by: r.get(15)?,
            entered_late: r.get(16)?,
            attachments: Vec::new(),
            version: r.get(17)?,
        })
    };
    Ok(build())
}
