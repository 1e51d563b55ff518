//! A server transaction that prepares each distinct statement once and reuses it until the
//! transaction ends. Named statements live only inside the transaction, so behind
//! PgBouncer's transaction pooling they never meet another server connection; within it, a
//! batch of mutations costs one round trip per statement instead of two (prepare, then
//! execute) and the server plans each statement once.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, Row, Statement, Transaction};

pub struct Tx<'c> {
    tx: Transaction<'c>,
    prepared: HashMap<String, Statement>,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl<'c> Tx<'c> {
    pub fn begin(client: &'c mut Client) -> Result<Tx<'c>, postgres::Error> {
        Ok(Tx {
            tx: client.transaction()?,
            prepared: HashMap::new(),
        })
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.prepared.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub fn query(&mut self, sql: &str, params: Params) -> Result<Vec<Row>, postgres::Error> {
        let s = self.statement(sql)?;
        self.tx.query(&s, params)
    }

    pub fn query_opt(&mut self, sql: &str, params: Params) -> Result<Option<Row>, postgres::Error> {
        let s = self.statement(sql)?;
        self.tx.query_opt(&s, params)
    }

    pub fn query_one(&mut self, sql: &str, params: Params) -> Result<Row, postgres::Error> {
        let s = self.statement(sql)?;
        self.tx.query_one(&s, params)
    }

    pub fn execute(&mut self, sql: &str, params: Params) -> Result<u64, postgres::Error> {
        let s = self.statement(sql)?;
        self.tx.execute(&s, params)
    }

    /// The plain transaction, for helpers written against `GenericClient`.
    pub fn inner(&mut self) -> &mut Transaction<'c> {
        &mut self.tx
    }

    pub fn commit(mut self) -> Result<(), postgres::Error> {
        // The statements are closed before the transaction ends.
        self.prepared.clear();
        self.tx.commit()
    }
}
