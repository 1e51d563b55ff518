//! The outbox of the office sync, written by the store itself: every user action is a named
//! mutation in the same transaction as the change; a refused action leaves neither; the
//! program's own writes are not user actions. And the local copy written from the server
//! (replica) keeps what the user changed but has not sent.

mod common;
use common::*;

use nhiemvu_core::action::TaskRecord;
use nhiemvu_core::model::{TaskEvent, WorkflowState};
use nhiemvu_core::store::{
    Mutation, OutboxState, ReplicaBatch, ReplicaEvent, ReplicaTask, TaskAction,
};

#[test]
fn every_action_is_queued_with_its_change_and_a_refused_one_queues_nothing() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let (doc, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![new_task(f.so, Some(d(2026, 3, 31)))],
            at(issued, 9, 0),
        )
        .unwrap();
    let q = f.store.outbox_pending(10).unwrap();
    assert_eq!(q.len(), 1);
    match &q[0].mutation {
        Mutation::RegisterDocument { document, tasks: t } => {
            assert_eq!(document.id, doc.id);
            assert_eq!(t.len(), 1);
            assert_eq!(
                t[0].id, tasks[0].id,
                "the ids chosen on the PC travel with it"
            );
        }
        m => panic!("{m:?}"),
    }
    assert_eq!(q[0].actor_id, f.office.person_id);

    f.store
        .apply_at(
            &f.so_staff,
            tasks[0].id,
            None,
            TaskAction::Accept,
            at(issued, 10, 0),
        )
        .unwrap();
    // Refused (already accepted): no change, no mutation.
    assert!(f
        .store
        .apply_at(
            &f.so_staff,
            tasks[0].id,
            None,
            TaskAction::Accept,
            at(issued, 11, 0)
        )
        .is_err());
    f.store
        .add_tasks(&f.office, doc.id, vec![new_task(f.xa, None)])
        .unwrap();
    let q = f.store.outbox_pending(10).unwrap();
    let names: Vec<&str> = q.iter().map(|e| e.mutation.name()).collect();
    assert_eq!(names, ["register_document", "accept_task", "add_tasks"]);
    match &q[1].mutation {
        Mutation::TaskAction {
            base_version, seen, ..
        } => {
            assert_eq!(*base_version, 1);
            assert_eq!(seen.as_ref().unwrap().deadline, Some(d(2026, 3, 31)));
        }
        m => panic!("{m:?}"),
    }
    assert_eq!(f.store.outbox_counts().unwrap().pending, 3);
    assert!(f.store.outbox_has_pending_for(tasks[0].id).unwrap());

    f.store.outbox_mark_applied(q[0].id).unwrap();
    f.store
        .outbox_mark_rejected(q[1].id, "Máy chủ không nhận thao tác")
        .unwrap();
    let c = f.store.outbox_counts().unwrap();
    assert_eq!((c.pending, c.rejected), (1, 1));
    f.store.outbox_acknowledge(q[1].id).unwrap();
    assert_eq!(
        f.store.outbox_counts().unwrap().rejected,
        0,
        "read by its author"
    );
    assert_eq!(
        f.store
            .outbox_entries(Some(OutboxState::Rejected), 10)
            .unwrap()
            .len(),
        1,
        "but kept"
    );
    assert_eq!(f.store.outbox_resend_applied().unwrap(), 1);
    assert_eq!(f.store.outbox_counts().unwrap().pending, 2);
}

#[test]
fn the_copy_from_the_server_replaces_rows_but_keeps_unsent_changes() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let (_, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![
                new_task(f.so, Some(d(2026, 3, 31))),
                new_task(f.xa, Some(d(2026, 3, 31))),
            ],
            at(issued, 9, 0),
        )
        .unwrap();
    for e in f.store.outbox_pending(10).unwrap() {
        f.store.outbox_mark_applied(e.id).unwrap();
    }
    // The server says task 0 was extended by someone else; task 1 is gone from my scope.
    let mut rec: TaskRecord = f.store.task_record(tasks[0].id).unwrap().unwrap();
    rec.task.deadline = Some(d(2026, 4, 30));
    rec.task.version = 2;
    let events = vec![ReplicaEvent {
        at: at(issued, 9, 0),
        actor_id: f.office.person_id,
        actor_name: Some("Văn phòng".into()),
        unit_id: Some(f.so),
        event: TaskEvent::Assigned { lead_unit_id: f.so },
    }];
    f.store
        .replica_apply(&ReplicaBatch {
            tasks: vec![ReplicaTask {
                record: rec.clone(),
                events: events.clone(),
            }],
            removed_tasks: vec![tasks[1].id],
            state: vec![("cursor".into(), "7:3".into())],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        f.store.task(tasks[0].id).unwrap().deadline,
        Some(d(2026, 4, 30))
    );
    assert!(f.store.task(tasks[1].id).is_err(), "removed");
    assert_eq!(
        f.store.sync_state_get("cursor").unwrap().as_deref(),
        Some("7:3")
    );
    // The search index follows the written row.
    let page = f
        .store
        .register_page(&nhiemvu_core::store::query::RegisterQuery {
            search: Some("giai ngan".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);

    // An unsent local change wins until it is sent.
    f.store
        .apply_at(
            &f.so_staff,
            tasks[0].id,
            None,
            TaskAction::Accept,
            at(issued, 10, 0),
        )
        .unwrap();
    let mut stale = rec.clone();
    stale.task.description = "Bản cũ của máy chủ".into();
    f.store
        .replica_apply(&ReplicaBatch {
            tasks: vec![ReplicaTask {
                record: stale,
                events,
            }],
            ..Default::default()
        })
        .unwrap();
    let t = f.store.task(tasks[0].id).unwrap();
    assert_eq!(t.state, WorkflowState::InProgress);
    assert_ne!(t.description, "Bản cũ của máy chủ");
}
