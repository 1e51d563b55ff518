//! The search-index rows of a downloaded batch, and the names they hold.

use std::collections::HashMap;

use rusqlite::Transaction;

use crate::error::Result;
use crate::model::{full_number, Id};

/// The search-index rows of a batch, written with one statement per index at its end.
/// FTS5 writes its pending terms out as a new segment whenever a statement touches the
/// index inside a transaction, so a row-by-row insert makes a segment per row and then
/// spends most of the download merging them.
#[derive(Default)]
pub(super) struct SearchRows {
    pub tasks: Vec<(i64, String)>,
    pub documents: Vec<(i64, String)>,
}

impl SearchRows {
    pub fn write(&mut self, tx: &Transaction) -> Result<()> {
        for (index, rows) in [
            ("task_fts", &mut self.tasks),
            ("document_fts", &mut self.documents),
        ] {
            if rows.is_empty() {
                continue;
            }
            tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS search_rows (rowid INTEGER PRIMARY KEY, body TEXT NOT NULL);
                 DELETE FROM temp.search_rows;",
            )?;
            {
                let mut st = tx.prepare_cached(
                    "INSERT OR REPLACE INTO temp.search_rows (rowid, body) VALUES (?1, ?2)",
                )?;
                for (rowid, body) in rows.iter() {
                    st.execute((rowid, body))?;
                }
            }
            tx.execute(
                &format!(
                    "INSERT INTO {index} (rowid, body) SELECT rowid, body FROM temp.search_rows"
                ),
                [],
            )?;
            tx.execute("DELETE FROM temp.search_rows", [])?;
            rows.clear();
        }
        Ok(())
    }
}

/// The document numbers and unit names a task's search text holds, looked up once per batch.
#[derive(Default)]
pub(super) struct SearchNames {
    documents: HashMap<Id, String>,
    units: HashMap<Id, String>,
}

impl SearchNames {
    pub fn document(&mut self, tx: &Transaction, id: Id) -> Result<String> {
        if let Some(n) = self.documents.get(&id) {
            return Ok(n.clone());
        }
        let (number, symbol): (String, String) = tx
            .prepare_cached("SELECT number, symbol FROM documents WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let n = full_number(&number, &symbol);
        self.documents.insert(id, n.clone());
        Ok(n)
    }

    pub fn unit(&mut self, tx: &Transaction, id: Id) -> Result<String> {
        if let Some(n) = self.units.get(&id) {
            return Ok(n.clone());
        }
        let name: String = tx
            .prepare_cached("SELECT name FROM units WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        self.units.insert(id, name.clone());
        Ok(name)
    }
}
