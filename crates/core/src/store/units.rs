//! Units (the tree of sở, ban, ngành, phòng, xã/phường) and people.

use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;

use super::outbox::{self, Mutation};
use super::{audit, ms, Store};
use crate::error::{CoreError, Result};
use crate::lifecycle::Actor;
use crate::model::{Id, Person, Role, Unit, UnitKind};
use crate::text;

impl Store {
    /// Add a unit under `parent_id` (None for a top-level unit).
    pub fn create_unit(
        &mut self,
        actor: &Actor,
        parent_id: Option<Id>,
        name: &str,
        kind: UnitKind,
    ) -> Result<Unit> {
        let name = text::required("name", "Tên đơn vị", name, 200, false)?;
        self.write(|tx| {
            if let Some(p) = parent_id {
                ensure_unit(tx, p, "parent_id")?;
            }
            let unit = Unit {
                id: Uuid::now_v7(),
                parent_id,
                name,
                kind,
            };
            insert_unit(tx, &unit)?;
            outbox::append(
                tx,
                actor,
                Utc::now(),
                &Mutation::CreateUnit { unit: unit.clone() },
            )?;
            audit::record(
                tx,
                actor,
                "unit",
                Some(unit.id),
                "create",
                None::<&()>,
                Some(&unit),
            )?;
            Ok(unit)
        })
    }

    /// Add a person to a unit.
    pub fn create_person(
        &mut self,
        actor: &Actor,
        unit_id: Id,
        full_name: &str,
        role: Role,
        title: &str,
    ) -> Result<Person> {
        let full_name = text::required("full_name", "Họ và tên", full_name, 100, false)?;
        let title = text::clean("title", "Chức vụ", title, 100, false)?;
        self.write(|tx| {
            ensure_unit(tx, unit_id, "unit_id")?;
            let p = Person {
                id: Uuid::now_v7(),
                full_name,
                unit_id,
                role,
                title,
            };
            insert_person(tx, &p)?;
            if p.role.is_shared_with_office() {
                outbox::append(
                    tx,
                    actor,
                    Utc::now(),
                    &Mutation::CreatePerson { person: p.clone() },
                )?;
            }
            audit::record(
                tx,
                actor,
                "person",
                Some(p.id),
                "create",
                None::<&()>,
                Some(&p),
            )?;
            Ok(p)
        })
    }

    /// All units, parents before children, siblings in Vietnamese alphabetical order.
    pub fn units(&self) -> Result<Vec<Unit>> {
        let mut st = self
            .conn
            .prepare("SELECT id, parent_id, name, kind FROM units ORDER BY sort_key")?;
        let all: Vec<Unit> = st
            .query_map([], |r| {
                Ok(Unit {
                    id: r.get(0)?,
                    parent_id: r.get(1)?,
                    name: r.get(2)?,
                    kind: UnitKind::parse(&r.get::<_, String>(3)?).unwrap_or(UnitKind::Agency),
                })
            })?
            .collect::<Result<_, _>>()?;
        // Depth-first from the roots so a phòng follows its sở; office first, then sở, ban
        // ngành and xã/phường.
        let rank = |k: UnitKind| match k {
            UnitKind::Office => 0,
            UnitKind::Department => 1,
            UnitKind::Agency => 2,
            UnitKind::Division => 3,
            UnitKind::Commune => 4,
        };
        let mut roots: Vec<&Unit> = all.iter().filter(|u| u.parent_id.is_none()).collect();
        roots.sort_by_key(|u| rank(u.kind));
        let mut out = Vec::with_capacity(all.len());
        fn visit<'a>(u: &'a Unit, all: &'a [Unit], out: &mut Vec<Unit>) {
            out.push(u.clone());
            for c in all.iter().filter(|c| c.parent_id == Some(u.id)) {
                visit(c, all, out);
            }
        }
        for r in roots {
            visit(r, &all, &mut out);
        }
        Ok(out)
    }

    pub fn unit_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM units", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// People, in Vietnamese order of given name.
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut st = self
            .conn
            .prepare("SELECT id, full_name, unit_id, role, title FROM people ORDER BY sort_key")?;
        let rows = st.query_map([], |r| {
            Ok(Person {
                id: r.get(0)?,
                full_name: r.get(1)?,
                unit_id: r.get(2)?,
                role: Role::parse(&r.get::<_, String>(3)?).unwrap_or(Role::Unit),
                title: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The unit and its descendants (a sở and its phòng).
    pub fn unit_and_descendants(&self, unit_id: Id) -> Result<Vec<Id>> {
        let mut st = self.conn.prepare(
            "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
             SELECT id FROM sub",
        )?;
        let rows = st.query_map([unit_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

pub(crate) fn insert_unit(tx: &Transaction, u: &Unit) -> Result<()> {
    tx.prepare_cached("INSERT INTO units (id, parent_id, name, kind, sort_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute((u.id, u.parent_id, &u.name, u.kind.as_str(), text::sort_key(&u.name), ms(Utc::now())))?;
    Ok(())
}

pub(crate) fn insert_person(tx: &Transaction, p: &Person) -> Result<()> {
    tx.prepare_cached("INSERT INTO people (id, full_name, unit_id, role, title, sort_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute((p.id, &p.full_name, p.unit_id, p.role.as_str(), &p.title, text::person_sort_key(&p.full_name), ms(Utc::now())))?;
    Ok(())
}

/// The unit's name, or a field error saying it does not exist.
pub(crate) fn ensure_unit(tx: &Transaction, id: Id, field: &'static str) -> Result<String> {
    tx.prepare_cached("SELECT name FROM units WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::invalid(field, format!("Không tìm thấy đơn vị có mã {id}.")))
}

pub(crate) fn ensure_person(tx: &Transaction, id: Id, field: &'static str) -> Result<String> {
    tx.prepare_cached("SELECT full_name FROM people WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::invalid(field, format!("Không tìm thấy cán bộ có mã {id}.")))
}
