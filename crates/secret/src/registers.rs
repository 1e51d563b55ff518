//! Sổ đăng ký bí mật nhà nước đến and đi: registering with continuous yearly numbers,
//! receipts, the tuyệt mật trích yếu, cancellation, and the protection period with its
//! decisions (gia hạn, điều chỉnh độ mật, giải mật, tiêu hủy).

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, Transaction};
use uuid::Uuid;

use nhiemvu_core::model::{Id, Secrecy, Urgency};
use nhiemvu_core::text;
use nhiemvu_core::timeliness::{local_date, today_local};

use crate::audit;
use crate::error::{Result, SecretError};
use crate::model::{
    Decision, DecisionKind, Entry, EntryStatus, NewDecision, NewIncoming, NewOutgoing, Recipient,
    Register, SummaryApproval,
};
use crate::store::SecretStore;

/// Thời hạn bảo vệ bí mật nhà nước (Luật Bảo vệ bí mật nhà nước, Điều 19): 30 years for
/// tuyệt mật, 20 for tối mật, 10 for mật.
pub fn protection_years(s: Secrecy) -> u32 {
    match s {
        Secrecy::TopSecret => 30,
        Secrecy::Secret => 20,
        Secrecy::Confidential => 10,
    }
}

/// The end of protection of a document dated `from` at level `s`.
pub fn protected_until(from: NaiveDate, s: Secrecy) -> NaiveDate {
    from.checked_add_months(Months::new(12 * protection_years(s)))
        .unwrap_or(NaiveDate::MAX)
}

pub(crate) fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn instant_str(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn parse_instant(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// Ids are kept as text in this store (readable in the log's JSON).
pub(crate) fn uid(r: &Row, i: usize) -> rusqlite::Result<Id> {
    let s: String = r.get(i)?;
    Uuid::parse_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn opt_date(s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.as_deref().map(parse_date).transpose()
}

pub(crate) fn opt_instant(s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_instant).transpose()
}

pub(crate) fn secrecy_of(s: &str) -> rusqlite::Result<Secrecy> {
    Secrecy::parse(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("độ mật không hợp lệ: {s}").into(),
        )
    })
}

/// A moment the clerk gives (or now): never noticeably in the future.
pub(crate) fn moment(at: Option<DateTime<Utc>>, field: &'static str) -> Result<DateTime<Utc>> {
    let now = Utc::now();
    let at = at.unwrap_or(now);
    if at > now + chrono::Duration::minutes(5) {
        return Err(SecretError::invalid(
            field,
            "Thời điểm không được ở tương lai.",
        ));
    }
    Ok(at)
}

/// The next number of a yearly register, read inside the writing (IMMEDIATE) transaction:
/// writers are serialised, so two clerks never get the same number, and a cancelled entry
/// keeps its number, so there is never a gap.
pub(crate) fn next_number(
    tx: &Transaction,
    table: &str,
    register: Option<Register>,
    year: i32,
) -> Result<u32> {
    let n: i64 = match register {
        Some(r) => tx.query_row(
            &format!("SELECT coalesce(max(number), 0) + 1 FROM {table} WHERE register = ?1 AND year = ?2"),
            (r.as_str(), year),
            |r| r.get(0),
        )?,
        None => tx.query_row(
            &format!("SELECT coalesce(max(number), 0) + 1 FROM {table} WHERE year = ?1"),
            [year],
            |r| r.get(0),
        )?,
    };
    Ok(n as u32)
}

const ENTRY_COLS: &str = "id, register, year, number, registered_at, registered_on, doc_number, doc_date, doc_kind,
    summary, summary_approved_by, summary_approved_on, secrecy, urgency, issuer, signer, handler, handler_signed_by,
    handler_signed_at, keeping_unit, copies, sealed_for, note, protected_until, status, cancel_reason, created_by";

fn entry_row(r: &Row) -> rusqlite::Result<Entry> {
    let bad = |what: &str, v: String| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{what} không hợp lệ: {v}").into(),
        )
    };
    let register: String = r.get(1)?;
    let urgency: String = r.get(13)?;
    let status: String = r.get(24)?;
    Ok(Entry {
        id: uid(r, 0)?,
        register: Register::parse(&register).ok_or_else(|| bad("sổ", register.clone()))?,
        year: r.get(2)?,
        number: r.get(3)?,
        registered_at: parse_instant(&r.get::<_, String>(4)?)?,
        registered_on: parse_date(&r.get::<_, String>(5)?)?,
        doc_number: r.get(6)?,
        doc_date: opt_date(r.get(7)?)?,
        doc_kind: r.get(8)?,
        summary: r.get(9)?,
        summary_approved_by: r.get(10)?,
        summary_approved_on: opt_date(r.get(11)?)?,
        secrecy: secrecy_of(&r.get::<_, String>(12)?)?,
        urgency: Urgency::parse(&urgency).ok_or_else(|| bad("độ khẩn", urgency.clone()))?,
        issuer: r.get(14)?,
        signer: r.get(15)?,
        handler: r.get(16)?,
        handler_signed_by: r.get(17)?,
        handler_signed_at: opt_instant(r.get(18)?)?,
        keeping_unit: r.get(19)?,
        copies: r.get(20)?,
        sealed_for: r.get(21)?,
        note: r.get(22)?,
        protected_until: opt_date(r.get(23)?)?,
        status: EntryStatus::parse(&status).ok_or_else(|| bad("trạng thái", status.clone()))?,
        cancel_reason: r.get(25)?,
        created_by: r.get(26)?,
        recipients: Vec::new(),
    })
}

fn recipients_of(conn: &rusqlite::Connection, entry: Id) -> Result<Vec<Recipient>> {
    let mut st = conn.prepare_cached(
        "SELECT id, position, recipient, received_by, received_at FROM recipients WHERE entry_id = ?1 ORDER BY position",
    )?;
    let rows = st.query_map([entry.to_string()], |r| {
        Ok(Recipient {
            id: uid(r, 0)?,
            position: r.get(1)?,
            recipient: r.get(2)?,
            received_by: r.get(3)?,
            received_at: opt_instant(r.get(4)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The trích yếu and its approval, checked: a tuyệt mật one needs the leader's name and
/// date (Đắk Lắk 2.1a); an envelope registered from the outside has none.
fn summary_fields(
    secrecy: Secrecy,
    summary: Option<&str>,
    approved_by: Option<&str>,
    approved_on: Option<NaiveDate>,
    sealed: bool,
) -> Result<(Option<String>, Option<String>, Option<NaiveDate>)> {
    let summary = text::optional("summary", "Trích yếu", summary, 2000)?;
    if summary.is_some() && sealed {
        return Err(SecretError::invalid(
            "summary",
            "Bì \"Chỉ người có tên mới được bóc bì\" được vào sổ theo bên ngoài bì, không ghi trích yếu.",
        ));
    }
    let approved_by = text::optional("summary_approved_by", "Lãnh đạo đồng ý", approved_by, 100)?;
    if secrecy != Secrecy::TopSecret || summary.is_none() {
        return Ok((summary, None, None));
    }
    let (Some(by), Some(on)) = (approved_by, approved_on) else {
        return Err(SecretError::invalid(
            "summary_approved_by",
            "Văn bản tuyệt mật: chỉ ghi trích yếu khi lãnh đạo phụ trách đồng ý. Nhập họ tên lãnh đạo đồng ý và ngày đồng ý, hoặc để trống trích yếu.",
        ));
    };
    if on > today_local() {
        return Err(SecretError::invalid(
            "summary_approved_on",
            "Ngày lãnh đạo đồng ý không được ở tương lai.",
        ));
    }
    Ok((summary, Some(by), Some(on)))
}

impl SecretStore {
    /// Vào sổ đến: a secret document (or a sealed envelope) that arrived.
    pub fn register_incoming(&mut self, e: NewIncoming) -> Result<Entry> {
        let at = moment(e.received_at, "received_at")?;
        let secrecy = e
            .secrecy
            .ok_or_else(|| SecretError::invalid("secrecy", "Vui lòng chọn độ mật."))?;
        let issuer = text::required("issuer", "Cơ quan ban hành", &e.issuer, 200, false)?;
        let sealed_for = text::optional(
            "sealed_for",
            "Người có tên trên bì",
            e.sealed_for.as_deref(),
            100,
        )?;
        let (summary, approved_by, approved_on) = summary_fields(
            secrecy,
            e.summary.as_deref(),
            e.summary_approved_by.as_deref(),
            e.summary_approved_on,
            sealed_for.is_some(),
        )?;
        let doc_date = check_doc_date(e.doc_date, at)?;
        let fields = EntryFields {
            register: Register::Incoming,
            at,
            doc_number: text::clean("doc_number", "Số, ký hiệu", &e.doc_number, 100, false)?,
            doc_date,
            doc_kind: text::clean("doc_kind", "Tên loại", &e.doc_kind, 100, false)?,
            summary,
            approved_by,
            approved_on,
            secrecy,
            urgency: e.urgency.unwrap_or(Urgency::Normal),
            issuer,
            signer: String::new(),
            handler: text::clean("handler", "Đơn vị, người nhận", &e.handler, 200, false)?,
            keeping_unit: String::new(),
            copies: None,
            sealed_for,
            note: text::clean("note", "Ghi chú", &e.note, 1000, true)?,
            symbol: None,
            recipients: Vec::new(),
        };
        self.insert_entry(fields)
    }

    /// Vào sổ đi: a secret document the office sends; its number is the register's.
    pub fn register_outgoing(&mut self, e: NewOutgoing) -> Result<Entry> {
        let at = moment(e.registered_at, "registered_at")?;
        let secrecy = e
            .secrecy
            .ok_or_else(|| SecretError::invalid("secrecy", "Vui lòng chọn độ mật."))?;
        let (summary, approved_by, approved_on) = summary_fields(
            secrecy,
            e.summary.as_deref(),
            e.summary_approved_by.as_deref(),
            e.summary_approved_on,
            false,
        )?;
        let recipients: Vec<String> = e
            .recipients
            .iter()
            .map(|r| text::clean("recipients", "Nơi nhận", r, 200, false))
            .collect::<std::result::Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|r| !r.is_empty())
            .collect();
        if recipients.is_empty() {
            return Err(SecretError::invalid(
                "recipients",
                "Vui lòng nhập ít nhất một nơi nhận.",
            ));
        }
        if recipients.len() > 100 {
            return Err(SecretError::invalid("recipients", "Tối đa 100 nơi nhận."));
        }
        if e.copies == Some(0) {
            return Err(SecretError::invalid(
                "copies",
                "Số lượng bản phải lớn hơn 0.",
            ));
        }
        let symbol = text::clean("doc_symbol", "Ký hiệu", &e.doc_symbol, 50, false)?;
        if symbol.contains(char::is_whitespace) || symbol.starts_with('/') {
            return Err(SecretError::invalid(
                "doc_symbol",
                "Ký hiệu viết liền, không có số và dấu / ở đầu, ví dụ BC-VP.",
            ));
        }
        let fields = EntryFields {
            register: Register::Outgoing,
            at,
            doc_number: String::new(),
            doc_date: check_doc_date(e.doc_date, at)?,
            doc_kind: text::clean("doc_kind", "Tên loại", &e.doc_kind, 100, false)?,
            summary,
            approved_by,
            approved_on,
            secrecy,
            urgency: e.urgency.unwrap_or(Urgency::Normal),
            issuer: String::new(),
            signer: text::required("signer", "Người ký", &e.signer, 100, false)?,
            handler: String::new(),
            keeping_unit: text::clean("keeping_unit", "Đơn vị lưu", &e.keeping_unit, 200, false)?,
            copies: e.copies,
            sealed_for: None,
            note: text::clean("note", "Ghi chú", &e.note, 1000, true)?,
            symbol: Some(symbol),
            recipients,
        };
        self.insert_entry(fields)
    }

    fn insert_entry(&mut self, f: EntryFields) -> Result<Entry> {
        let id = Uuid::now_v7();
        let on = local_date(f.at);
        let year = on.year();
        let protected = protected_until(f.doc_date.unwrap_or(on), f.secrecy);
        self.write(|tx, clerk| {
            let number = next_number(tx, "entries", Some(f.register), year)?;
            let doc_number = match &f.symbol {
                Some(s) if s.is_empty() => number.to_string(),
                Some(s) => format!("{number}/{s}"),
                None => f.doc_number.clone(),
            };
            tx.execute(
                "INSERT INTO entries (id, register, year, number, registered_at, registered_on, doc_number, doc_date,
                    doc_kind, summary, summary_approved_by, summary_approved_on, secrecy, urgency, issuer, signer,
                    handler, keeping_unit, copies, sealed_for, note, protected_until, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                rusqlite::params![
                    id.to_string(),
                    f.register.as_str(),
                    year,
                    number,
                    instant_str(f.at),
                    date_str(on),
                    doc_number,
                    f.doc_date.map(date_str),
                    f.doc_kind,
                    f.summary,
                    f.approved_by,
                    f.approved_on.map(date_str),
                    f.secrecy.as_str(),
                    f.urgency.as_str(),
                    f.issuer,
                    f.signer,
                    f.handler,
                    f.keeping_unit,
                    f.copies,
                    f.sealed_for,
                    f.note,
                    date_str(protected),
                    clerk.name,
                ],
            )?;
            let action = match f.register {
                Register::Incoming => "register_incoming",
                Register::Outgoing => "register_outgoing",
            };
            audit::record(tx, clerk, action, "entry", Some(&id.to_string()))?;
            for (i, r) in f.recipients.iter().enumerate() {
                let rid = Uuid::now_v7();
                tx.execute(
                    "INSERT INTO recipients (id, entry_id, position, recipient) VALUES (?1, ?2, ?3, ?4)",
                    (rid.to_string(), id.to_string(), i as i64 + 1, r),
                )?;
                audit::record(tx, clerk, "add_recipient", "recipient", Some(&rid.to_string()))?;
            }
            Ok(())
        })?;
        self.entry(id)
    }

    /// One entry with its recipients.
    pub fn entry(&self, id: Id) -> Result<Entry> {
        let mut e = self
            .conn
            .prepare_cached(&format!("SELECT {ENTRY_COLS} FROM entries WHERE id = ?1"))?
            .query_row([id.to_string()], entry_row)
            .optional()?
            .ok_or(SecretError::NotFound("mục này trong sổ"))?;
        e.recipients = recipients_of(&self.conn, id)?;
        Ok(e)
    }

    /// A register's entries, of one year or of all, in number order.
    pub fn entries(&self, register: Register, year: Option<i32>) -> Result<Vec<Entry>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLS} FROM entries WHERE register = ?1 AND (?2 IS NULL OR year = ?2) ORDER BY year, number"
        ))?;
        let rows = st.query_map((register.as_str(), year), entry_row)?;
        let mut out: Vec<Entry> = rows.collect::<rusqlite::Result<_>>()?;
        if register == Register::Outgoing {
            for e in &mut out {
                e.recipients = recipients_of(&self.conn, e.id)?;
            }
        }
        Ok(out)
    }

    /// The years that have entries in a register, newest first.
    pub fn years(&self) -> Result<Vec<i32>> {
        let mut st = self.conn.prepare(
            "SELECT year FROM entries UNION SELECT year FROM handovers UNION SELECT year FROM copies ORDER BY 1 DESC",
        )?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Hủy a mistaken entry: it stays in the register with its number and the reason.
    pub fn cancel_entry(&mut self, id: Id, reason: &str) -> Result<Entry> {
        let reason = text::required("reason", "Lý do hủy", reason, 500, true)?;
        let e = self.entry(id)?;
        if e.status != EntryStatus::Active {
            return Err(SecretError::Refused(format!(
                "Mục số {} đang ở trạng thái «{}», không hủy được.",
                e.number,
                e.status.label()
            )));
        }
        self.write(|tx, clerk| {
            tx.execute(
                "UPDATE entries SET status = 'cancelled', cancel_reason = ?2 WHERE id = ?1",
                (id.to_string(), &reason),
            )?;
            audit::record(tx, clerk, "cancel", "entry", Some(&id.to_string()))
        })?;
        self.entry(id)
    }

    /// The handler of an incoming document signed for it.
    pub fn sign_for_incoming(
        &mut self,
        id: Id,
        by: &str,
        at: Option<DateTime<Utc>>,
    ) -> Result<Entry> {
        let by = text::required("received_by", "Người ký nhận", by, 100, false)?;
        let at = moment(at, "received_at")?;
        let e = self.entry(id)?;
        if e.register != Register::Incoming {
            return Err(SecretError::Refused(
                "Chỉ văn bản đến mới ký nhận ở đây; văn bản đi ký nhận theo từng nơi nhận.".into(),
            ));
        }
        if e.handler_signed_by.is_some() {
            return Err(SecretError::Refused(format!(
                "Văn bản đến số {} đã được ký nhận; không ghi đè.",
                e.number
            )));
        }
        self.write(|tx, clerk| {
            tx.execute(
                "UPDATE entries SET handler_signed_by = ?2, handler_signed_at = ?3 WHERE id = ?1",
                (id.to_string(), &by, instant_str(at)),
            )?;
            audit::record(tx, clerk, "sign_incoming", "entry", Some(&id.to_string()))
        })?;
        self.entry(id)
    }

    /// A recipient of an outgoing document signed for it.
    pub fn sign_for_recipient(
        &mut self,
        recipient_id: Id,
        by: &str,
        at: Option<DateTime<Utc>>,
    ) -> Result<Entry> {
        let by = text::required("received_by", "Người ký nhận", by, 100, false)?;
        let at = moment(at, "received_at")?;
        let (entry_id, done): (Id, Option<String>) = self
            .conn
            .query_row(
                "SELECT entry_id, received_by FROM recipients WHERE id = ?1",
                [recipient_id.to_string()],
                |r| Ok((uid(r, 0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(SecretError::NotFound("nơi nhận này"))?;
        if done.is_some() {
            return Err(SecretError::Refused(
                "Nơi nhận này đã ký nhận; không ghi đè.".into(),
            ));
        }
        self.write(|tx, clerk| {
            tx.execute(
                "UPDATE recipients SET received_by = ?2, received_at = ?3 WHERE id = ?1",
                (recipient_id.to_string(), &by, instant_str(at)),
            )?;
            audit::record(
                tx,
                clerk,
                "sign_recipient",
                "recipient",
                Some(&recipient_id.to_string()),
            )
        })?;
        self.entry(entry_id)
    }

    /// Ghi trích yếu with the leader's agreement (a tuyệt mật document registered without it).
    pub fn approve_summary(&mut self, id: Id, a: SummaryApproval) -> Result<Entry> {
        let e = self.entry(id)?;
        if e.summary.is_some() {
            return Err(SecretError::Refused(format!(
                "Mục số {} đã có trích yếu.",
                e.number
            )));
        }
        let (summary, by, on) = summary_fields(
            e.secrecy,
            Some(&a.summary),
            Some(&a.approved_by),
            Some(a.approved_on),
            e.sealed_for.is_some(),
        )?;
        if summary.is_none() {
            return Err(SecretError::invalid("summary", "Vui lòng nhập trích yếu."));
        }
        self.write(|tx, clerk| {
            tx.execute(
                "UPDATE entries SET summary = ?2, summary_approved_by = ?3, summary_approved_on = ?4 WHERE id = ?1",
                (id.to_string(), &summary, &by, on.map(date_str)),
            )?;
            audit::record(tx, clerk, "summary", "entry", Some(&id.to_string()))
        })?;
        self.entry(id)
    }

    /// Record a decision about a document's protection and apply it to the entry.
    pub fn record_decision(&mut self, entry_id: Id, d: NewDecision) -> Result<Decision> {
        let e = self.entry(entry_id)?;
        if e.status != EntryStatus::Active {
            return Err(SecretError::Refused(format!(
                "Mục số {} đang ở trạng thái «{}»; không ghi thêm quyết định.",
                e.number,
                e.status.label()
            )));
        }
        let number = text::required(
            "decision_number",
            "Số quyết định",
            &d.decision_number,
            100,
            false,
        )?;
        if d.decision_date > today_local() {
            return Err(SecretError::invalid(
                "decision_date",
                "Ngày quyết định không được ở tương lai.",
            ));
        }
        let note = text::clean("note", "Ghi chú", &d.note, 1000, true)?;
        let (new_secrecy, new_until) = match d.kind {
            DecisionKind::Extend => {
                let until = d.new_until.ok_or_else(|| {
                    SecretError::invalid("new_until", "Vui lòng nhập thời hạn bảo vệ mới.")
                })?;
                if e.protected_until.is_some_and(|cur| until <= cur) {
                    return Err(SecretError::invalid(
                        "new_until",
                        "Thời hạn gia hạn phải sau thời hạn bảo vệ hiện tại.",
                    ));
                }
                (None, Some(until))
            }
            DecisionKind::ChangeLevel => {
                let s = d.new_secrecy.ok_or_else(|| {
                    SecretError::invalid("new_secrecy", "Vui lòng chọn độ mật mới.")
                })?;
                if s == e.secrecy {
                    return Err(SecretError::invalid(
                        "new_secrecy",
                        "Độ mật mới trùng độ mật hiện tại.",
                    ));
                }
                if s == Secrecy::TopSecret && e.summary.is_some() && e.summary_approved_by.is_none()
                {
                    return Err(SecretError::Refused(
                        "Nâng lên tuyệt mật: trích yếu đã ghi chưa có lãnh đạo đồng ý. Không đổi được độ mật khi trích yếu chưa được duyệt.".into(),
                    ));
                }
                let from = e.doc_date.unwrap_or(e.registered_on);
                (
                    Some(s),
                    Some(d.new_until.unwrap_or_else(|| protected_until(from, s))),
                )
            }
            DecisionKind::Declassify | DecisionKind::Destroy => (None, None),
        };
        let id = Uuid::now_v7();
        let now = Utc::now();
        self.write(|tx, clerk| {
            tx.execute(
                "INSERT INTO decisions (id, entry_id, kind, decision_number, decision_date, new_secrecy, new_until, note, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    id.to_string(),
                    entry_id.to_string(),
                    d.kind.as_str(),
                    number,
                    date_str(d.decision_date),
                    new_secrecy.map(|s| s.as_str()),
                    new_until.map(date_str),
                    note,
                    instant_str(now),
                    clerk.name,
                ],
            )?;
            audit::record(tx, clerk, d.kind.as_str(), "decision", Some(&id.to_string()))?;
            match d.kind {
                DecisionKind::Extend => {
                    tx.execute(
                        "UPDATE entries SET protected_until = ?2 WHERE id = ?1",
                        (entry_id.to_string(), new_until.map(date_str)),
                    )?;
                }
                DecisionKind::ChangeLevel => {
                    tx.execute(
                        "UPDATE entries SET secrecy = ?2, protected_until = ?3 WHERE id = ?1",
                        (entry_id.to_string(), new_secrecy.map(|s| s.as_str()), new_until.map(date_str)),
                    )?;
                }
                DecisionKind::Declassify => {
                    tx.execute("UPDATE entries SET status = 'declassified' WHERE id = ?1", [entry_id.to_string()])?;
                }
                DecisionKind::Destroy => {
                    tx.execute("UPDATE entries SET status = 'destroyed' WHERE id = ?1", [entry_id.to_string()])?;
                }
            }
            audit::record(tx, clerk, d.kind.as_str(), "entry", Some(&entry_id.to_string()))
        })?;
        self.decision(id)
    }

    fn decision(&self, id: Id) -> Result<Decision> {
        self.conn
            .query_row(
                "SELECT id, entry_id, kind, decision_number, decision_date, new_secrecy, new_until, note, recorded_at, recorded_by
                 FROM decisions WHERE id = ?1",
                [id.to_string()],
                decision_row,
            )
            .optional()?
            .ok_or(SecretError::NotFound("quyết định"))
    }

    /// The decisions about one entry, oldest first.
    pub fn decisions(&self, entry_id: Id) -> Result<Vec<Decision>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, entry_id, kind, decision_number, decision_date, new_secrecy, new_until, note, recorded_at, recorded_by
             FROM decisions WHERE entry_id = ?1 ORDER BY recorded_at",
        )?;
        let rows = st.query_map([entry_id.to_string()], decision_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Documents still protected whose protection ends by `today + within_days` (or has
    /// already ended without a decision), soonest first.
    pub fn expiring(&self, today: NaiveDate, within_days: u32) -> Result<Vec<Entry>> {
        let limit = today + chrono::Days::new(u64::from(within_days));
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLS} FROM entries WHERE status = 'active' AND protected_until <= ?1 ORDER BY protected_until, year, number"
        ))?;
        let rows = st.query_map([date_str(limit)], entry_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn decision_row(r: &Row) -> rusqlite::Result<Decision> {
    let kind: String = r.get(2)?;
    Ok(Decision {
        id: uid(r, 0)?,
        entry_id: uid(r, 1)?,
        kind: DecisionKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                "loại quyết định".into(),
            )
        })?,
        decision_number: r.get(3)?,
        decision_date: parse_date(&r.get::<_, String>(4)?)?,
        new_secrecy: r
            .get::<_, Option<String>>(5)?
            .as_deref()
            .map(secrecy_of)
            .transpose()?,
        new_until: opt_date(r.get(6)?)?,
        note: r.get(7)?,
        recorded_at: parse_instant(&r.get::<_, String>(8)?)?,
        recorded_by: r.get(9)?,
    })
}

fn check_doc_date(d: Option<NaiveDate>, at: DateTime<Utc>) -> Result<Option<NaiveDate>> {
    if let Some(d) = d {
        if d > local_date(at) {
            return Err(SecretError::invalid(
                "doc_date",
                "Ngày của văn bản không được sau ngày vào sổ.",
            ));
        }
    }
    Ok(d)
}

/// An entry's fields, checked, before it gets its number.
struct EntryFields {
    register: Register,
    at: DateTime<Utc>,
    doc_number: String,
    doc_date: Option<NaiveDate>,
    doc_kind: String,
    summary: Option<String>,
    approved_by: Option<String>,
    approved_on: Option<NaiveDate>,
    secrecy: Secrecy,
    urgency: Urgency,
    issuer: String,
    signer: String,
    handler: String,
    keeping_unit: String,
    copies: Option<u32>,
    sealed_for: Option<String>,
    note: String,
    /// Outgoing: the ký hiệu after the register's number.
    symbol: Option<String>,
    recipients: Vec<String>,
}
