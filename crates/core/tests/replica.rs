//! The local copy written from the office database trusts the server with nothing it can
//! derive: the lateness of documents and timeline entries is the core's, judged with this
//! PC's working calendar, and agrees with what the same actions get when taken here. Rows
//! the sync could not read are remembered until they read fine again.

mod common;
use common::*;

use chrono::{DateTime, NaiveDate, Utc};
use nhiemvu_core::calendar::{CalendarOverride, OverrideKind};
use nhiemvu_core::model::{
    DocumentKind, Extension, Id, ProgressUpdate, ResultOutcome, ResultReport, TaskEvent,
};
use nhiemvu_core::stats::Lateness;
use nhiemvu_core::store::{
    DamagedRecord, ReplicaBatch, ReplicaDocument, ReplicaEvent, ReplicaTask, Settings, Store,
    TaskAction,
};
use nhiemvu_core::timeliness;

fn report(reply_issued_on: NaiveDate, outcome: ResultOutcome) -> ResultReport {
    ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "45".into(),
        reply_symbol: "STC-NS".into(),
        reply_summary: "Báo cáo kết quả giải ngân vốn đầu tư công".into(),
        reply_issued_on,
        reply_signer: "Trần Văn Đức".into(),
        outcome,
        completed_on: (outcome == ResultOutcome::Completed).then_some(reply_issued_on),
        explanation: String::new(),
        attachment: None,
    }
}

fn review(passed: bool) -> TaskAction {
    TaskAction::Review {
        passed,
        comment: if passed {
            "Đạt yêu cầu."
        } else {
            "Chưa đạt, bổ sung số liệu."
        }
        .into(),
    }
}

/// The stored timeline of a task: kind, `late` column, and the flag in a review's payload.
fn stored_flags(store: &Store, task: Id) -> Vec<(String, Option<bool>, Option<bool>)> {
    let mut st = store
        .connection()
        .prepare("SELECT kind, late, payload FROM task_events WHERE task_id = ?1 ORDER BY at, id")
        .unwrap();
    let rows = st
        .query_map([task], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?))
        })
        .unwrap();
    rows.map(|r| {
        let (kind, late, payload) = r.unwrap();
        let event: TaskEvent = serde_json::from_str(&payload).unwrap();
        let in_payload = match event {
            TaskEvent::Reviewed { late, .. } => Some(late),
            _ => None,
        };
        (kind, late, in_payload)
    })
    .collect()
}

fn entered_late(store: &Store, document: Id) -> bool {
    store
        .connection()
        .query_row(
            "SELECT entered_late FROM documents WHERE id = ?1",
            [document],
            |r| r.get(0),
        )
        .unwrap()
}

fn lateness(store: &Store) -> Vec<Lateness> {
    store
        .statistics(d(2026, 1, 1), d(2026, 12, 31), d(2026, 12, 31))
        .unwrap()
        .lateness
}

/// Everything `from` holds, as one batch from the server: directory, documents, tasks
/// with their timelines.
fn batch_of(from: &Store) -> ReplicaBatch {
    let mut units = from.units().unwrap();
    // Parents first, as the server sends them.
    units.sort_by_key(|u| u.parent_id.is_some());
    let mut documents = Vec::new();
    let mut tasks = Vec::new();
    let doc_ids: Vec<Id> = {
        let mut st = from
            .connection()
            .prepare("SELECT id FROM documents ORDER BY id")
            .unwrap();
        let ids = st.query_map([], |r| r.get(0)).unwrap();
        ids.map(|r| r.unwrap()).collect()
    };
    for id in doc_ids {
        let entered_unit_id: Option<Id> = from
            .connection()
            .query_row(
                "SELECT entered_unit_id FROM documents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        documents.push(ReplicaDocument {
            document: from.document(id).unwrap(),
            entered_unit_id,
        });
    }
    for id in from.task_ids().unwrap() {
        tasks.push(ReplicaTask {
            record: from.task_record(id).unwrap().unwrap(),
            events: from.task_events(id).unwrap(),
        });
    }
    ReplicaBatch {
        units,
        people: from.people().unwrap(),
        documents,
        tasks,
        ..Default::default()
    }
}

/// Flip every flag the server could claim: a document's entry and a review's payload.
fn lie_about_lateness(batch: &mut ReplicaBatch) {
    for d in &mut batch.documents {
        d.document.entered_late = !d.document.entered_late;
    }
    for t in &mut batch.tasks {
        for e in &mut t.events {
            if let TaskEvent::Reviewed { late, .. } = &mut e.event {
                *late = !*late;
            }
        }
    }
}

/// Two tasks taken through their lifecycle on this PC, across Tết 2026, with entries and
/// reviews on time and late. Returns the document and the two tasks.
fn lifecycle_on_this_pc(f: &mut Fixture) -> (Id, Id, Id) {
    // Issued Thursday 12/02/2026; the limit is Monday 23/02 (Tết in between): entered
    // Tuesday 24/02, late.
    let (doc, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(d(2026, 2, 12)),
            vec![
                new_task(f.so, Some(d(2026, 3, 31))),
                new_task(f.xa, Some(d(2026, 3, 31))),
            ],
            at(d(2026, 2, 24), 9, 0),
        )
        .unwrap();
    assert!(doc.entered_late);
    let (t1, t2) = (tasks[0].id, tasks[1].id);
    let so = f.so_staff.clone();
    let office = f.office.clone();
    let xa = f.xa_staff.clone();
    let steps: Vec<(
        &nhiemvu_core::lifecycle::Actor,
        Id,
        TaskAction,
        DateTime<Utc>,
    )> = vec![
        (&so, t1, TaskAction::Accept, at(d(2026, 2, 24), 10, 0)),
        (
            &so,
            t1,
            TaskAction::Progress(ProgressUpdate {
                text: "Đã rà soát 12/20 dự án.".into(),
                ..Default::default()
            }),
            at(d(2026, 2, 25), 8, 0),
        ),
        // Reply of Wednesday 25/02 entered Friday 27/02: late (the limit is Thursday).
        (
            &so,
            t1,
            TaskAction::SubmitResult(report(d(2026, 2, 25), ResultOutcome::NotCompleted)),
            at(d(2026, 2, 27), 10, 0),
        ),
        // Entered the day of its reply, after 15:00: on time.
        (
            &so,
            t1,
            TaskAction::SubmitResult(report(d(2026, 3, 2), ResultOutcome::Completed)),
            at(d(2026, 3, 2), 16, 0),
        ),
        // Submitted after 15:00 on Monday: Tuesday is the limit, Wednesday is late.
        (&office, t1, review(false), at(d(2026, 3, 4), 9, 0)),
        (
            &so,
            t1,
            TaskAction::SubmitResult(report(d(2026, 3, 5), ResultOutcome::Completed)),
            at(d(2026, 3, 6), 15, 30),
        ),
        (
            &office,
            t1,
            TaskAction::Extend(Extension {
                new_deadline: d(2026, 4, 30),
                approving_document: "125/UBND-TH ngày 06/3/2026".into(),
                reason: "Chờ số liệu quyết toán.".into(),
            }),
            at(d(2026, 3, 6), 16, 0),
        ),
        // Submitted Friday 15:30: Monday is still in time.
        (&office, t1, review(true), at(d(2026, 3, 9), 9, 0)),
        (&xa, t2, TaskAction::Accept, at(d(2026, 3, 2), 9, 0)),
        (
            &xa,
            t2,
            TaskAction::RequestExtension {
                proposed_deadline: d(2026, 4, 15),
                reason: "Thiếu cán bộ.".into(),
            },
            at(d(2026, 3, 3), 9, 0),
        ),
        (
            &office,
            t2,
            TaskAction::RefuseExtension {
                comment: "Không có căn cứ.".into(),
            },
            at(d(2026, 3, 4), 9, 0),
        ),
        (
            &xa,
            t2,
            TaskAction::SubmitResult(report(d(2026, 3, 10), ResultOutcome::Completed)),
            at(d(2026, 3, 10), 9, 0),
        ),
        // Three weeks after the submission: late.
        (&office, t2, review(true), at(d(2026, 3, 31), 9, 0)),
    ];
    for (actor, task, action, when) in steps {
        f.store.apply_at(actor, task, None, action, when).unwrap();
    }
    (doc.id, t1, t2)
}

fn flags(list: &[(&str, Option<bool>)]) -> Vec<(String, Option<bool>, Option<bool>)> {
    list.iter()
        .map(|(kind, late)| {
            let in_payload = (*kind == "reviewed").then(|| late.unwrap());
            (kind.to_string(), *late, in_payload)
        })
        .collect()
}

#[test]
fn a_timeline_judged_again_gets_the_flags_its_actions_got_when_taken() {
    let mut f = fixture();
    let (_, t1, t2) = lifecycle_on_this_pc(&mut f);
    assert_eq!(
        stored_flags(&f.store, t1),
        flags(&[
            ("assigned", None),
            ("accepted", None),
            ("progress", None),
            ("result_submitted", Some(true)),
            ("result_submitted", Some(false)),
            ("reviewed", Some(true)),
            ("result_submitted", Some(false)),
            ("extended", None),
            ("reviewed", Some(false)),
        ])
    );
    assert_eq!(
        stored_flags(&f.store, t2),
        flags(&[
            ("assigned", None),
            ("accepted", None),
            ("extension_requested", None),
            ("extension_refused", None),
            ("result_submitted", Some(false)),
            ("reviewed", Some(true)),
        ])
    );
    // The rule for a downloaded timeline, applied to the one `action::plan` wrote.
    for task in [t1, t2] {
        let events = f.store.task_events(task).unwrap();
        let judged = timeliness::timeline_lateness(
            f.store.calendar(),
            events.iter().map(|e| (e.at, &e.event)),
        );
        let written: Vec<Option<bool>> = stored_flags(&f.store, task)
            .into_iter()
            .map(|(_, late, _)| late)
            .collect();
        assert_eq!(judged, written);
    }
}

#[test]
fn a_downloaded_copy_has_the_cores_lateness_whatever_the_server_claims() {
    let mut a = fixture();
    let (doc, t1, t2) = lifecycle_on_this_pc(&mut a);
    let mut batch = batch_of(&a.store);
    lie_about_lateness(&mut batch);
    assert!(
        !batch.documents[0].document.entered_late,
        "the server claims on time"
    );

    let mut b = Store::open_in_memory().unwrap();
    b.replica_apply(&batch).unwrap();
    for task in [t1, t2] {
        assert_eq!(stored_flags(&b, task), stored_flags(&a.store, task));
    }
    assert!(entered_late(&b, doc));
    // The statistics count the same late entries and reviews on both PCs.
    let counted = lateness(&b);
    assert_eq!(counted, lateness(&a.store));
    let of = |name: &str| {
        counted
            .iter()
            .find(|l| l.unit_name == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(of("Văn phòng UBND tỉnh").late_document_entries, 1);
    assert_eq!(of("Văn phòng UBND tỉnh").late_reviews, 2);
    assert_eq!(of("Sở Tài chính").late_result_entries, 1);
    assert!(counted.iter().all(|l| l.unit_name != "Xã Hải Lăng"));
}

#[test]
fn a_batch_claiming_wrong_lateness_is_stored_and_counted_with_the_cores_values() {
    let a = fixture();
    let mut b = Store::open_in_memory().unwrap();
    let directory = batch_of(&a.store);
    b.replica_apply(&directory).unwrap();

    // Issued Monday 02/03, entered the same day: the server says late. Another issued
    // Monday 02/03 and entered ten days later: the server says on time.
    let doc = |id: Id, entered: DateTime<Utc>, claimed_late: bool| ReplicaDocument {
        document: nhiemvu_core::model::Document {
            id,
            kind: DocumentKind::OfficialLetter,
            number: "125".into(),
            symbol: "UBND-KT".into(),
            issued_on: d(2026, 3, 2),
            summary: "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công".into(),
            signer_name: "Hoàng Văn Bình".into(),
            signer_title: "Phó Chủ tịch UBND tỉnh".into(),
            issuer: nhiemvu_core::model::Issuer::ViceChairman,
            submitting_agency: None,
            director: None,
            drafter: None,
            urgency: nhiemvu_core::model::Urgency::Normal,
            origin: nhiemvu_core::model::Origin::Qc45,
            entered_at: entered,
            entered_by: Some(a.officer),
            entered_late: claimed_late,
            attachments: vec![],
            version: 1,
        },
        entered_unit_id: Some(a.office_unit),
    };
    let (on_time_doc, late_doc) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let task_id = uuid::Uuid::now_v7();
    let mut record = {
        // A task row as the server keeps it, borrowed from a task made on a scratch PC.
        let mut scratch = fixture();
        let (_, tasks) = scratch
            .store
            .register_document_at(
                &scratch.office,
                new_document(d(2026, 3, 2)),
                vec![new_task(scratch.so, Some(d(2026, 3, 31)))],
                at(d(2026, 3, 2), 9, 0),
            )
            .unwrap();
        scratch.store.task_record(tasks[0].id).unwrap().unwrap()
    };
    record.task.id = task_id;
    record.task.document_id = on_time_doc;
    record.task.lead_unit_id = a.so;
    let event = |when: DateTime<Utc>, unit: Id, event: TaskEvent| ReplicaEvent {
        at: when,
        actor_id: None,
        actor_name: Some("Máy chủ".into()),
        unit_id: Some(unit),
        event,
    };
    let timeline = vec![
        event(
            at(d(2026, 3, 2), 9, 0),
            a.so,
            TaskEvent::Assigned { lead_unit_id: a.so },
        ),
        event(at(d(2026, 3, 2), 10, 0), a.so, TaskEvent::Accepted),
        // Entered the day of its reply.
        event(
            at(d(2026, 3, 10), 9, 0),
            a.so,
            TaskEvent::ResultSubmitted(report(d(2026, 3, 10), ResultOutcome::Completed)),
        ),
        // Reviewed three weeks after the submission, claiming on time.
        event(
            at(d(2026, 3, 31), 9, 0),
            a.office_unit,
            TaskEvent::Reviewed {
                passed: true,
                comment: "Đạt yêu cầu.".into(),
                late: false,
            },
        ),
    ];
    let batch = ReplicaBatch {
        documents: vec![
            doc(on_time_doc, at(d(2026, 3, 2), 9, 0), true),
            doc(late_doc, at(d(2026, 3, 12), 9, 0), false),
        ],
        tasks: vec![ReplicaTask {
            record,
            events: timeline,
        }],
        ..Default::default()
    };
    b.replica_apply(&batch).unwrap();
    let stored = flags(&[
        ("assigned", None),
        ("accepted", None),
        ("result_submitted", Some(false)),
        ("reviewed", Some(true)),
    ]);
    assert_eq!(stored_flags(&b, task_id), stored);
    assert!(!entered_late(&b, on_time_doc));
    assert!(entered_late(&b, late_doc));
    assert_eq!(b.document(late_doc).unwrap().entered_late, true);

    // A flag written by a version that trusted the server is put right by the next pull.
    b.connection()
        .execute(
            "UPDATE task_events SET late = 1 WHERE kind = 'result_submitted'",
            [],
        )
        .unwrap();
    b.replica_apply(&batch).unwrap();
    assert_eq!(stored_flags(&b, task_id), stored);

    let counted = lateness(&b);
    let of = |name: &str| {
        counted
            .iter()
            .find(|l| l.unit_name == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(of("Văn phòng UBND tỉnh").late_document_entries, 1);
    assert_eq!(of("Văn phòng UBND tỉnh").late_reviews, 1);
    assert!(counted.iter().all(|l| l.late_result_entries == 0));
}

/// A reply of Wednesday 04/03 entered Friday 06/03: late, unless Thursday 05/03 is a
/// day off.
fn result_entered_two_days_after_its_reply(f: &Fixture) -> ReplicaBatch {
    let mut batch = batch_of(&f.store);
    let task = &mut batch.tasks[0];
    task.events.push(ReplicaEvent {
        at: at(d(2026, 3, 6), 10, 0),
        actor_id: None,
        actor_name: None,
        unit_id: Some(f.so),
        event: TaskEvent::ResultSubmitted(report(d(2026, 3, 4), ResultOutcome::NotCompleted)),
    });
    batch
}

fn thursday_off() -> Vec<CalendarOverride> {
    vec![CalendarOverride {
        date: d(2026, 3, 5),
        kind: OverrideKind::DayOff,
        note: "Nghỉ theo quyết định của UBND tỉnh".into(),
    }]
}

fn last_flag(store: &Store, task: Id) -> Option<bool> {
    stored_flags(store, task).last().unwrap().1
}

#[test]
fn lateness_is_judged_with_the_calendar_the_batch_brings() {
    let mut f = fixture();
    let (_, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(d(2026, 3, 2)),
            vec![new_task(f.so, Some(d(2026, 3, 31)))],
            at(d(2026, 3, 2), 9, 0),
        )
        .unwrap();
    for e in f.store.outbox_pending(10).unwrap() {
        f.store.outbox_mark_applied(e.id).unwrap();
    }
    let task = tasks[0].id;
    let mut batch = result_entered_two_days_after_its_reply(&f);
    f.store.replica_apply(&batch).unwrap();
    assert_eq!(last_flag(&f.store, task), Some(true));

    let mut overrides = f.store.calendar_overrides().unwrap();
    overrides.extend(thursday_off());
    batch.calendar = Some(overrides);
    f.store.replica_apply(&batch).unwrap();
    assert_eq!(last_flag(&f.store, task), Some(false));
    assert!(!f.store.calendar().is_working_day(d(2026, 3, 5)));
}

#[test]
fn lateness_follows_a_calendar_changed_through_another_connection() {
    let mut f = fixture();
    let (_, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(d(2026, 3, 2)),
            vec![new_task(f.so, Some(d(2026, 3, 31)))],
            at(d(2026, 3, 2), 9, 0),
        )
        .unwrap();
    for e in f.store.outbox_pending(10).unwrap() {
        f.store.outbox_mark_applied(e.id).unwrap();
    }
    let task = tasks[0].id;
    // The sync worker's own connection, opened before the office changed the calendar in
    // the window; the change is not sent yet, so the server's calendar does not apply.
    let mut worker = Store::open(&f.dir.path().join("nhiemvu.sqlite3")).unwrap();
    let mut overrides = f.store.calendar_overrides().unwrap();
    overrides.extend(thursday_off());
    f.store
        .set_calendar_overrides(&f.office, &overrides)
        .unwrap();
    let mut batch = result_entered_two_days_after_its_reply(&f);
    batch.calendar = Some(Vec::new());
    worker.replica_apply(&batch).unwrap();
    assert_eq!(last_flag(&worker, task), Some(false));
}

// ---- damaged records ---------------------------------------------------------------------

fn damaged(entity: &str, id: &str, task_id: Option<Id>, label: &str) -> DamagedRecord {
    DamagedRecord {
        entity: entity.into(),
        id: id.into(),
        task_id,
        label: label.into(),
        reason: "unknown variant `approved`, expected one of `assigned`, `accepted`".into(),
    }
}

fn listed(store: &Store) -> Vec<(String, String)> {
    store
        .damaged_records()
        .unwrap()
        .into_iter()
        .map(|r| (r.record.entity, r.record.id))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn pair(entity: &str, id: impl ToString) -> (String, String) {
    (entity.to_string(), id.to_string())
}

#[test]
fn damaged_records_are_kept_until_the_record_reads_fine_again() {
    let mut f = fixture();
    let (doc, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(d(2026, 3, 2)),
            vec![
                new_task(f.so, Some(d(2026, 3, 31))),
                new_task(f.xa, Some(d(2026, 3, 31))),
            ],
            at(d(2026, 3, 2), 9, 0),
        )
        .unwrap();
    for e in f.store.outbox_pending(10).unwrap() {
        f.store.outbox_mark_applied(e.id).unwrap();
    }
    let (t1, t2) = (tasks[0].id, tasks[1].id);
    let whole = batch_of(&f.store);
    let other_doc = uuid::Uuid::now_v7();
    let reported = vec![
        damaged(
            "event",
            "123",
            Some(t1),
            "Sự kiện #123 của nhiệm vụ «Rà soát…»",
        ),
        damaged("task", &t2.to_string(), Some(t2), "Nhiệm vụ «Rà soát…»"),
        damaged("document", &doc.id.to_string(), None, "Văn bản 125/UBND-KT"),
        damaged(
            "document",
            &other_doc.to_string(),
            None,
            "Văn bản 7/QĐ-UBND",
        ),
        damaged("unit", "9", None, "Đơn vị #9"),
        damaged("person", "10", None, "Cán bộ #10"),
        damaged("settings", "settings", None, "Cấu hình chung"),
        damaged("calendar", "2026-03-05", None, "Ngày nghỉ 05/03/2026"),
    ];
    f.store
        .replica_apply(&ReplicaBatch {
            damaged: reported.clone(),
            ..Default::default()
        })
        .unwrap();
    let rows = f.store.damaged_records().unwrap();
    assert_eq!(rows.len(), 8);
    let event = rows.iter().find(|r| r.record.entity == "event").unwrap();
    assert_eq!(event.record, reported[0]);
    assert_eq!(event.first_seen, event.last_seen);

    // Reported again with its task: the entry stays, still since the first time.
    let long_ago = at(d(2026, 3, 1), 8, 0);
    f.store
        .connection()
        .execute(
            "UPDATE sync_damaged SET first_seen = ?1, last_seen = ?1",
            [long_ago.timestamp_millis()],
        )
        .unwrap();
    let before = Utc::now();
    let mut t1_with_a_bad_entry = whole.clone();
    t1_with_a_bad_entry.tasks.retain(|t| t.record.task.id == t1);
    t1_with_a_bad_entry.documents.clear();
    t1_with_a_bad_entry.units.clear();
    t1_with_a_bad_entry.people.clear();
    t1_with_a_bad_entry.damaged = vec![reported[0].clone()];
    f.store.replica_apply(&t1_with_a_bad_entry).unwrap();
    let event = f
        .store
        .damaged_records()
        .unwrap()
        .into_iter()
        .find(|r| r.record.entity == "event")
        .unwrap();
    assert_eq!(event.first_seen, long_ago);
    assert!(event.last_seen >= before - chrono::Duration::seconds(1));
    assert_eq!(listed(&f.store).len(), 8);

    // The task read fine, timeline and all.
    t1_with_a_bad_entry.damaged.clear();
    f.store.replica_apply(&t1_with_a_bad_entry).unwrap();
    assert!(!listed(&f.store).contains(&pair("event", "123")));
    // The other task, gone from the scope.
    f.store
        .replica_apply(&ReplicaBatch {
            removed_tasks: vec![t2],
            ..Default::default()
        })
        .unwrap();
    assert!(!listed(&f.store).contains(&pair("task", t2)));
    // The document read fine; the other one is still unreadable.
    f.store
        .replica_apply(&ReplicaBatch {
            documents: whole.documents.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        listed(&f.store),
        vec![
            pair("calendar", "2026-03-05"),
            pair("document", other_doc),
            pair("person", "10"),
            pair("settings", "settings"),
            pair("unit", "9"),
        ]
    );
    // The directory, the settings and the calendar read fine.
    f.store
        .replica_apply(&ReplicaBatch {
            units: whole.units.clone(),
            people: whole.people.clone(),
            settings: Some(Settings::default()),
            calendar: Some(f.store.calendar_overrides().unwrap()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(listed(&f.store), vec![pair("document", other_doc)]);
}

#[test]
fn damaged_records_survive_reopening_and_a_full_download_reports_them_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhiemvu.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .replica_apply(&ReplicaBatch {
                damaged: vec![damaged("unit", "9", None, "Đơn vị #9")],
                ..Default::default()
            })
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let rows = store.damaged_records().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].record.label, "Đơn vị #9");
    // Sync bookkeeping, not a user's change: no audit entry, nothing to send.
    let audit: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audit, 0);
    assert_eq!(store.outbox_counts().unwrap().pending, 0);

    store.replica_begin_full().unwrap();
    assert!(store.damaged_records().unwrap().is_empty());
    store
        .replica_apply(&ReplicaBatch {
            damaged: vec![damaged("person", "10", None, "Cán bộ #10")],
            ..Default::default()
        })
        .unwrap();
    store.replica_finish_full(&[], false).unwrap();
    assert_eq!(listed(&store), vec![pair("person", "10")]);
}

#[test]
fn a_failed_batch_records_no_damage() {
    let mut store = Store::open_in_memory().unwrap();
    // A task whose document is nowhere: the batch fails as a whole.
    let f = fixture();
    let mut batch = batch_of(&f.store);
    batch.documents.clear();
    batch.tasks.push(ReplicaTask {
        record: {
            let mut scratch = fixture();
            let (_, tasks) = scratch
                .store
                .register_document_at(
                    &scratch.office,
                    new_document(d(2026, 3, 2)),
                    vec![new_task(scratch.so, None)],
                    at(d(2026, 3, 2), 9, 0),
                )
                .unwrap();
            scratch.store.task_record(tasks[0].id).unwrap().unwrap()
        },
        events: vec![],
    });
    batch.damaged = vec![damaged("unit", "9", None, "Đơn vị #9")];
    assert!(store.replica_apply(&batch).is_err());
    assert!(store.damaged_records().unwrap().is_empty());
}

#[test]
fn a_pull_that_read_the_configuration_clears_its_damage_even_without_rows() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .replica_apply(&ReplicaBatch {
            damaged: vec![
                damaged("settings", "settings", None, "Cấu hình của tỉnh"),
                damaged("calendar", "calendar", None, "Bảng ngày nghỉ bù, làm bù"),
            ],
            ..Default::default()
        })
        .unwrap();
    // Read again: the calendar is still unreadable, the settings row is gone (repaired).
    store
        .replica_apply(&ReplicaBatch {
            config_read: true,
            damaged: vec![damaged(
                "calendar",
                "calendar",
                None,
                "Bảng ngày nghỉ bù, làm bù",
            )],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(listed(&store), vec![pair("calendar", "calendar")]);
    // A pull that did not read the configuration says nothing about it.
    store.replica_apply(&ReplicaBatch::default()).unwrap();
    assert_eq!(listed(&store), vec![pair("calendar", "calendar")]);
    store
        .replica_apply(&ReplicaBatch {
            config_read: true,
            ..Default::default()
        })
        .unwrap();
    assert!(listed(&store).is_empty());
}
