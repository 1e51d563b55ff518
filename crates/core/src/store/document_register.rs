//! The document register (sổ theo dõi văn bản chỉ đạo, điều hành): filtered, sorted pages
//! of directive documents with how many tasks each was split into.

use rusqlite::types::Value;

use super::query::{DocumentPage, DocumentQuery, DocumentRow, DocumentSort};
use super::{date_str, parse_date, Store};
use crate::error::Result;
use crate::model::{full_number, DocumentKind, Issuer, Origin, Urgency};
use crate::text;

impl Store {
    /// One page of the document register.
    pub fn document_page(&self, q: &DocumentQuery) -> Result<DocumentPage> {
        let limit = q.limit.clamp(1, 500);
        let mut conds: Vec<&str> = Vec::new();
        let mut params: Vec<(&str, Value)> = Vec::new();
        let mut text_param = |conds: &mut Vec<&str>, cond, name, v: &str| {
            conds.push(cond);
            params.push((name, Value::Text(v.to_string())));
        };
        if let Some(k) = q.kind {
            text_param(&mut conds, "d.kind = :kind", ":kind", k.as_str());
        }
        if let Some(i) = q.issuer {
            text_param(&mut conds, "d.issuer = :issuer", ":issuer", i.as_str());
        }
        if let Some(o) = q.origin {
            text_param(&mut conds, "d.origin = :origin", ":origin", o.as_str());
        }
        if let Some(u) = q.urgency {
            text_param(&mut conds, "d.urgency = :urgency", ":urgency", u.as_str());
        }
        if let Some(f) = q.issued_from {
            text_param(&mut conds, "d.issued_on >= :from", ":from", &date_str(f));
        }
        if let Some(t) = q.issued_to {
            text_param(&mut conds, "d.issued_on <= :to", ":to", &date_str(t));
        }
        if let Some(fts) = q.search.as_deref().and_then(text::fts_query) {
            text_param(
                &mut conds,
                "d.rowid IN (SELECT rowid FROM document_fts WHERE document_fts MATCH :search)",
                ":search",
                &fts,
            );
        }
        let filter = if conds.is_empty() {
            "1".to_string()
        } else {
            conds.join(" AND ")
        };
        let order = match q.sort {
            DocumentSort::IssuedDesc => "d.issued_on DESC, d.rowid DESC",
            DocumentSort::IssuedAsc => "d.issued_on, d.rowid",
            DocumentSort::EnteredDesc => "d.entered_at DESC, d.rowid DESC",
        };
        let p: Vec<(&str, &dyn rusqlite::ToSql)> = params
            .iter()
            .map(|(n, v)| (*n, v as &dyn rusqlite::ToSql))
            .collect();
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM documents d WHERE {filter}"))?
            .query_row(p.as_slice(), |r| r.get(0))?;
        let sql = format!(
            "SELECT d.id, d.kind, d.number, d.symbol, d.issued_on, d.summary, d.signer_name, d.issuer, d.urgency,
                    d.origin, d.entered_late,
                    (SELECT count(*) FROM tasks t WHERE t.document_id = d.id),
                    (SELECT count(*) FROM document_attachments a WHERE a.document_id = d.id)
             FROM documents d WHERE {filter} ORDER BY {order} LIMIT {limit} OFFSET {}",
            q.offset
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(p.as_slice())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(DocumentRow {
                id: r.get(0)?,
                kind: DocumentKind::parse(&r.get::<_, String>(1)?).unwrap_or(DocumentKind::Other),
                full_number: full_number(&r.get::<_, String>(2)?, &r.get::<_, String>(3)?),
                issued_on: parse_date(&r.get::<_, String>(4)?)?,
                summary: r.get(5)?,
                signer_name: r.get(6)?,
                issuer: Issuer::parse(&r.get::<_, String>(7)?)
                    .unwrap_or(Issuer::ProvincialCommittee),
                urgency: Urgency::parse(&r.get::<_, String>(8)?).unwrap_or(Urgency::Normal),
                origin: Origin::parse(&r.get::<_, String>(9)?).unwrap_or(Origin::Qc45),
                entered_late: r.get(10)?,
                task_count: r.get::<_, i64>(11)? as u32,
                attachment_count: r.get::<_, i64>(12)? as u32,
            });
        }
        Ok(DocumentPage {
            rows: out,
            total: total as u32,
            offset: q.offset,
        })
    }
}
