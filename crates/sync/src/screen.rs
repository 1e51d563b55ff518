//! The last check before a downloaded batch reaches the local copy. A row that refers to
//! something this PC neither has nor receives (a document, unit or person the server holds
//! in a form this build cannot read) cannot be placed: it is left out and reported like the
//! unreadable row itself, so the rest of the batch, and every later sync, goes through.

use std::collections::HashSet;

use nhiemvu_core::model::Id;
use nhiemvu_core::store::{DamagedRecord, ReplicaBatch, Store};
use nhiemvu_core::CoreError;

use crate::error::Result;
use crate::rows::quoted;

/// The ids of `table` this PC already has, among `ids`.
fn local_ids(store: &Store, table: &str, ids: &[Id]) -> Result<HashSet<Id>> {
    let mut have = HashSet::new();
    if ids.is_empty() {
        return Ok(have);
    }
    let mut st = store
        .connection()
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))
        .map_err(CoreError::from)?;
    for id in ids {
        if st.exists([id]).map_err(CoreError::from)? {
            have.insert(*id);
        }
    }
    Ok(have)
}

/// Move the rows of `batch` that could not be placed into `batch.damaged`.
pub fn screen(store: &Store, batch: &mut ReplicaBatch) -> Result<()> {
    let mut unit_refs: Vec<Id> = Vec::new();
    let mut person_refs: Vec<Id> = Vec::new();
    let mut document_refs: Vec<Id> = Vec::new();
    for d in &batch.documents {
        unit_refs.extend(d.entered_unit_id);
        person_refs.extend(d.document.entered_by);
    }
    for t in &batch.tasks {
        let task = &t.record.task;
        unit_refs.push(task.lead_unit_id);
        unit_refs.extend(&task.coordinating_unit_ids);
        person_refs.extend(task.follow_up_officer_id);
        document_refs.push(task.document_id);
    }
    let mut units: HashSet<Id> = batch.units.iter().map(|u| u.id).collect();
    let missing: Vec<Id> = unit_refs
        .into_iter()
        .filter(|u| !units.contains(u))
        .collect();
    units.extend(local_ids(store, "units", &dedup(missing))?);
    let mut people: HashSet<Id> = batch.people.iter().map(|p| p.id).collect();
    let missing: Vec<Id> = person_refs
        .into_iter()
        .filter(|p| !people.contains(p))
        .collect();
    people.extend(local_ids(store, "people", &dedup(missing))?);

    let mut kept = Vec::with_capacity(batch.documents.len());
    for d in std::mem::take(&mut batch.documents) {
        let doc = &d.document;
        let why = if d.entered_unit_id.is_some_and(|u| !units.contains(&u)) {
            Some("đơn vị vào sổ không đọc được")
        } else if doc.entered_by.is_some_and(|p| !people.contains(&p)) {
            Some("người vào sổ không đọc được")
        } else {
            None
        };
        match why {
            None => kept.push(d),
            Some(why) => batch.damaged.push(DamagedRecord {
                entity: "document".into(),
                id: doc.id.to_string(),
                task_id: None,
                label: format!("Văn bản {} {}", doc.full_number(), quoted(&doc.summary)),
                reason: why.into(),
            }),
        }
    }
    batch.documents = kept;
    let mut documents: HashSet<Id> = batch.documents.iter().map(|d| d.document.id).collect();
    let missing: Vec<Id> = document_refs
        .into_iter()
        .filter(|d| !documents.contains(d))
        .collect();
    documents.extend(local_ids(store, "documents", &dedup(missing))?);

    let mut kept = Vec::with_capacity(batch.tasks.len());
    for t in std::mem::take(&mut batch.tasks) {
        let task = &t.record.task;
        let why = if !documents.contains(&task.document_id) {
            Some("văn bản giao nhiệm vụ không đọc được")
        } else if !units.contains(&task.lead_unit_id)
            || task
                .coordinating_unit_ids
                .iter()
                .any(|u| !units.contains(u))
        {
            Some("đơn vị chủ trì hoặc phối hợp không đọc được")
        } else if task
            .follow_up_officer_id
            .is_some_and(|p| !people.contains(&p))
        {
            Some("chuyên viên theo dõi không đọc được")
        } else {
            None
        };
        match why {
            None => kept.push(t),
            Some(why) => batch.damaged.push(DamagedRecord {
                entity: "task".into(),
                id: task.id.to_string(),
                task_id: Some(task.id),
                label: format!("Nhiệm vụ {}", quoted(&task.description)),
                reason: why.into(),
            }),
        }
    }
    batch.tasks = kept;
    Ok(())
}

fn dedup(mut ids: Vec<Id>) -> Vec<Id> {
    ids.sort();
    ids.dedup();
    ids
}
