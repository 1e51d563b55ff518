//! Sổ chuyển giao (every hand-over, signed by the receiver) and Sổ quản lý sao, chụp (every
//! copy or photo, with who authorised it). Numbered continuously within each year.

use chrono::Datelike;
use rusqlite::{OptionalExtension, Row};
use uuid::Uuid;

use nhiemvu_core::model::{Id, Secrecy};
use nhiemvu_core::text;
use nhiemvu_core::timeliness::local_date;

use crate::audit;
use crate::error::{Result, SecretError};
use crate::model::{CopyMethod, CopyRecord, Entry, EntryStatus, Handover, NewCopy, NewHandover};
use crate::registers::{instant_str, moment, next_number, parse_instant, secrecy_of, uid};
use crate::store::SecretStore;

/// How a register entry is named on another register's line: its number and kind, and its
/// trích yếu only where it has one (a tuyệt mật document without approval has none).
fn describe(e: &Entry) -> String {
    let what = [e.doc_kind.as_str(), e.doc_number.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" số ");
    let place = match e.register {
        crate::model::Register::Incoming => format!("văn bản đến số {}/{}", e.number, e.year),
        crate::model::Register::Outgoing => format!("văn bản đi số {}/{}", e.number, e.year),
    };
    match (&e.summary, what.is_empty()) {
        (Some(s), false) => format!("{what} ({place}): {s}"),
        (Some(s), true) => format!("{place}: {s}"),
        (None, false) => format!("{what} ({place})"),
        (None, true) => place,
    }
}

fn handover_row(r: &Row) -> rusqlite::Result<Handover> {
    Ok(Handover {
        id: uid(r, 0)?,
        year: r.get(1)?,
        number: r.get(2)?,
        entry_id: r
            .get::<_, Option<String>>(3)?
            .map(|s| Uuid::parse_str(&s))
            .transpose()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    3,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
        document: r.get(4)?,
        secrecy: secrecy_of(&r.get::<_, String>(5)?)?,
        copies: r.get(6)?,
        giver: r.get(7)?,
        receiver: r.get(8)?,
        handed_at: parse_instant(&r.get::<_, String>(9)?)?,
        purpose: r.get(10)?,
        note: r.get(11)?,
        created_by: r.get(12)?,
    })
}

fn copy_row(r: &Row) -> rusqlite::Result<CopyRecord> {
    let method: String = r.get(6)?;
    Ok(CopyRecord {
        id: uid(r, 0)?,
        year: r.get(1)?,
        number: r.get(2)?,
        entry_id: r
            .get::<_, Option<String>>(3)?
            .map(|s| Uuid::parse_str(&s))
            .transpose()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    3,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
        document: r.get(4)?,
        secrecy: secrecy_of(&r.get::<_, String>(5)?)?,
        method: if method == "photo" {
            CopyMethod::Photo
        } else {
            CopyMethod::Copy
        },
        count: r.get(7)?,
        authorized_by: r.get(8)?,
        made_by: r.get(9)?,
        made_at: parse_instant(&r.get::<_, String>(10)?)?,
        delivered_to: r.get(11)?,
        note: r.get(12)?,
        created_by: r.get(13)?,
    })
}

const HANDOVER_COLS: &str =
    "id, year, number, entry_id, document, secrecy, copies, giver, receiver, handed_at, purpose, note, created_by";
const COPY_COLS: &str = "id, year, number, entry_id, document, secrecy, method, count, authorized_by, made_by, made_at, delivered_to, note, created_by";

impl SecretStore {
    /// The entry a line refers to (it must not be cancelled or destroyed), and what the
    /// line then says of it and its level when the clerk left them out.
    fn referenced(
        &self,
        entry_id: Option<Id>,
        document: &str,
        secrecy: Option<Secrecy>,
    ) -> Result<(String, Secrecy)> {
        let typed = text::clean("document", "Tài liệu", document, 500, false)?;
        match entry_id {
            Some(id) => {
                let e = self.entry(id)?;
                if matches!(e.status, EntryStatus::Cancelled | EntryStatus::Destroyed) {
                    return Err(SecretError::Refused(format!(
                        "Mục số {}/{} đang ở trạng thái «{}».",
                        e.number,
                        e.year,
                        e.status.label()
                    )));
                }
                let document = if typed.is_empty() {
                    describe(&e)
                } else {
                    typed
                };
                Ok((document, secrecy.unwrap_or(e.secrecy)))
            }
            None => {
                if typed.is_empty() {
                    return Err(SecretError::invalid(
                        "document",
                        "Chọn văn bản trong sổ, hoặc ghi tên tài liệu được chuyển giao.",
                    ));
                }
                let s = secrecy
                    .ok_or_else(|| SecretError::invalid("secrecy", "Vui lòng chọn độ mật."))?;
                Ok((typed, s))
            }
        }
    }

    /// Ghi sổ chuyển giao.
    pub fn record_handover(&mut self, h: NewHandover) -> Result<Handover> {
        let (document, secrecy) = self.referenced(h.entry_id, &h.document, h.secrecy)?;
        let giver = text::required("giver", "Người giao", &h.giver, 100, false)?;
        let receiver = text::required("receiver", "Người nhận", &h.receiver, 100, false)?;
        if giver == receiver {
            return Err(SecretError::invalid(
                "receiver",
                "Người nhận phải khác người giao.",
            ));
        }
        let copies = h.copies.unwrap_or(1);
        if copies == 0 {
            return Err(SecretError::invalid("copies", "Số bản phải lớn hơn 0."));
        }
        let at = moment(h.handed_at, "handed_at")?;
        let purpose = text::clean("purpose", "Mục đích", &h.purpose, 200, false)?;
        let note = text::clean("note", "Ghi chú", &h.note, 1000, true)?;
        let year = local_date(at).year();
        let id = Uuid::now_v7();
        self.write(|tx, clerk| {
            let number = next_number(tx, "handovers", None, year)?;
            tx.execute(
                &format!("INSERT INTO handovers ({HANDOVER_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
                rusqlite::params![
                    id.to_string(),
                    year,
                    number,
                    h.entry_id.map(|e| e.to_string()),
                    document,
                    secrecy.as_str(),
                    copies,
                    giver,
                    receiver,
                    instant_str(at),
                    purpose,
                    note,
                    clerk.name,
                ],
            )?;
            audit::record(tx, clerk, "handover", "handover", Some(&id.to_string()))
        })?;
        self.conn
            .query_row(
                &format!("SELECT {HANDOVER_COLS} FROM handovers WHERE id = ?1"),
                [id.to_string()],
                handover_row,
            )
            .optional()?
            .ok_or(SecretError::NotFound("dòng chuyển giao"))
    }

    pub fn handovers(&self, year: Option<i32>) -> Result<Vec<Handover>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {HANDOVER_COLS} FROM handovers WHERE ?1 IS NULL OR year = ?1 ORDER BY year, number"
        ))?;
        let rows = st.query_map([year], handover_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ghi sổ quản lý sao, chụp.
    pub fn record_copy(&mut self, c: NewCopy) -> Result<CopyRecord> {
        let (document, secrecy) = self.referenced(c.entry_id, &c.document, c.secrecy)?;
        if c.count == 0 {
            return Err(SecretError::invalid(
                "count",
                "Số bản sao, chụp phải lớn hơn 0.",
            ));
        }
        let authorized_by = text::required(
            "authorized_by",
            "Người cho phép sao, chụp",
            &c.authorized_by,
            100,
            false,
        )?;
        let made_by = text::required("made_by", "Người sao, chụp", &c.made_by, 100, false)?;
        let at = moment(c.made_at, "made_at")?;
        let delivered_to = text::clean(
            "delivered_to",
            "Nơi nhận bản sao",
            &c.delivered_to,
            500,
            false,
        )?;
        let note = text::clean("note", "Ghi chú", &c.note, 1000, true)?;
        let year = local_date(at).year();
        let id = Uuid::now_v7();
        self.write(|tx, clerk| {
            let number = next_number(tx, "copies", None, year)?;
            tx.execute(
                &format!("INSERT INTO copies ({COPY_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
                rusqlite::params![
                    id.to_string(),
                    year,
                    number,
                    c.entry_id.map(|e| e.to_string()),
                    document,
                    secrecy.as_str(),
                    c.method.as_str(),
                    c.count,
                    authorized_by,
                    made_by,
                    instant_str(at),
                    delivered_to,
                    note,
                    clerk.name,
                ],
            )?;
            audit::record(tx, clerk, "copy", "copy", Some(&id.to_string()))
        })?;
        self.conn
            .query_row(
                &format!("SELECT {COPY_COLS} FROM copies WHERE id = ?1"),
                [id.to_string()],
                copy_row,
            )
            .optional()?
            .ok_or(SecretError::NotFound("dòng sao, chụp"))
    }

    pub fn copies(&self, year: Option<i32>) -> Result<Vec<CopyRecord>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COPY_COLS} FROM copies WHERE ?1 IS NULL OR year = ?1 ORDER BY year, number"
        ))?;
        let rows = st.query_map([year], copy_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
