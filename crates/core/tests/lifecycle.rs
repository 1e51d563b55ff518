//! The task lifecycle through the store: every write is one transaction with its event and
//! audit entry; refused actions change nothing.

mod common;
use common::*;

use nhiemvu_core::model::{
    DocumentKind, Extension, ProgressUpdate, ResultOutcome, ResultReport, TaskEvent, WorkflowState,
};
use nhiemvu_core::status::{StatusFilter, TaskStatus};
use nhiemvu_core::store::query::RegisterQuery;
use nhiemvu_core::store::TaskAction;

fn report(issued: chrono::NaiveDate) -> ResultReport {
    ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "88".into(),
        reply_symbol: "STC-QLNS".into(),
        reply_summary: "Báo cáo kết quả giải ngân vốn đầu tư công".into(),
        reply_issued_on: issued,
        reply_signer: "Trần Văn Đức".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(issued),
        explanation: "Đã hoàn thành".into(),
        attachment: None,
    }
}

#[test]
fn full_lifecycle_with_return_reassign_rejection_and_extension() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let (doc, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![
                new_task(f.xa, Some(d(2026, 3, 20))),
                new_task(f.so, Some(d(2026, 3, 31))),
            ],
            at(issued, 9, 0),
        )
        .unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(doc.origin.as_str(), "qc45");
    assert!(!doc.entered_late);
    assert_eq!(tasks[0].classification_code(), "QC45_a");
    let (t1, t2) = (tasks[0].id, tasks[1].id);

    // The xã returns the first task; the office reassigns it to the sở's phòng.
    f.store
        .apply_at(
            &f.xa_staff,
            t1,
            Some(1),
            TaskAction::Return {
                reason: "Không thuộc thẩm quyền của xã".into(),
            },
            at(d(2026, 3, 3), 10, 0),
        )
        .unwrap();
    let t = f
        .store
        .apply_at(
            &f.office,
            t1,
            None,
            TaskAction::Reassign {
                to_unit_id: f.phong,
                note: "Giao Phòng QLNS".into(),
            },
            at(d(2026, 3, 3), 14, 0),
        )
        .unwrap();
    assert_eq!(t.state, WorkflowState::Assigned);
    assert_eq!(t.lead_unit_id, f.phong);
    // The xã can no longer act on it.
    assert_eq!(
        f.store
            .apply(&f.xa_staff, t1, None, TaskAction::Accept)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    f.store
        .apply_at(
            &f.phong_staff,
            t1,
            None,
            TaskAction::Accept,
            at(d(2026, 3, 4), 8, 0),
        )
        .unwrap();
    f.store
        .apply_at(
            &f.phong_staff,
            t1,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: "Đang tổng hợp".into(),
                difficulties: "Thiếu số liệu".into(),
                proposals: "Đề nghị gia hạn".into(),
                delay_reasons: String::new(),
            }),
            at(d(2026, 3, 10), 9, 0),
        )
        .unwrap();
    // Extension keeps the original deadline.
    let t = f
        .store
        .apply_at(
            &f.office,
            t1,
            None,
            TaskAction::Extend(Extension {
                new_deadline: d(2026, 3, 27),
                approving_document: "130/UBND-KT ngày 12/3/2026".into(),
                reason: "Theo đề nghị".into(),
            }),
            at(d(2026, 3, 12), 9, 0),
        )
        .unwrap();
    assert_eq!(
        (t.original_deadline, t.deadline),
        (Some(d(2026, 3, 20)), Some(d(2026, 3, 27)))
    );
    // A shorter "extension" is refused.
    let e = f
        .store
        .apply(
            &f.office,
            t1,
            None,
            TaskAction::Extend(Extension {
                new_deadline: d(2026, 3, 25),
                approving_document: "x".into(),
                reason: String::new(),
            }),
        )
        .unwrap_err();
    assert_eq!(e.code(), "invalid.new_deadline");

    // First report rejected, second accepted; timeliness from the second submission.
    f.store
        .apply_at(
            &f.phong_staff,
            t1,
            None,
            TaskAction::SubmitResult(report(d(2026, 3, 23))),
            at(d(2026, 3, 23), 16, 0),
        )
        .unwrap();
    let stale_version = f.store.task(t1).unwrap().version;
    let t = f
        .store
        .apply_at(
            &f.office,
            t1,
            Some(stale_version),
            TaskAction::Review {
                passed: false,
                comment: "Thiếu số liệu quý I".into(),
            },
            at(d(2026, 3, 24), 9, 0),
        )
        .unwrap();
    assert_eq!((t.state, t.rejection_count), (WorkflowState::InProgress, 1));
    // A decision based on the old version is refused.
    assert_eq!(
        f.store
            .apply(
                &f.office,
                t1,
                Some(stale_version),
                TaskAction::Review {
                    passed: true,
                    comment: String::new()
                }
            )
            .unwrap_err()
            .code(),
        "stale"
    );
    f.store
        .apply_at(
            &f.phong_staff,
            t1,
            None,
            TaskAction::SubmitResult(report(d(2026, 3, 26))),
            at(d(2026, 3, 26), 10, 0),
        )
        .unwrap();
    let t = f
        .store
        .apply_at(
            &f.office,
            t1,
            None,
            TaskAction::Review {
                passed: true,
                comment: "Đạt".into(),
            },
            at(d(2026, 3, 30), 9, 0),
        )
        .unwrap();
    assert_eq!(t.state, WorkflowState::Done);
    assert_eq!(t.completed_submitted_at, Some(at(d(2026, 3, 26), 10, 0)));

    // Timeline holds every step, and the audit trail every change.
    let kinds: Vec<&str> = f
        .store
        .timeline(t1)
        .unwrap()
        .iter()
        .map(|e| e.event.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "assigned",
            "returned",
            "reassigned",
            "accepted",
            "progress",
            "extended",
            "result_submitted",
            "reviewed",
            "result_submitted",
            "reviewed"
        ]
    );
    assert_eq!(f.store.audit_of(t1).unwrap().len(), 10);
    // The review on 30/3 of a report submitted at 10:00 on 26/3 was late (same-day rule).
    let late_review = f
        .store
        .timeline(t1)
        .unwrap()
        .into_iter()
        .rev()
        .find_map(|e| match e.event {
            TaskEvent::Reviewed { late, .. } => Some(late),
            _ => None,
        });
    assert_eq!(late_review, Some(true));

    // Register: as of 31/3, t1 is done on time (submitted 26/3 ≤ 27/3), t2 not started.
    let page = f
        .store
        .register_page(&RegisterQuery {
            as_of: Some(d(2026, 3, 31)),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let status_of = |id| page.rows.iter().find(|r| r.id == id).unwrap().status;
    assert_eq!(status_of(t1), TaskStatus::DoneOnTime);
    assert_eq!(status_of(t2), TaskStatus::NotStarted);
    // As of 21/3 (before the extension was approved? no: approved 12/3) t1 was in progress.
    let page = f
        .store
        .register_page(&RegisterQuery {
            as_of: Some(d(2026, 3, 21)),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        page.rows.iter().find(|r| r.id == t1).unwrap().status,
        TaskStatus::InProgressOnTime
    );
    // As of 1/4, t2 (deadline 31/3, never accepted) is overdue, and the filter agrees.
    let q = RegisterQuery {
        as_of: Some(d(2026, 4, 1)),
        status: Some(StatusFilter::Overdue),
        limit: 10,
        ..Default::default()
    };
    let page = f.store.register_page(&q).unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![t2]);
    assert_eq!(page.total, 1);
}

#[test]
fn extension_approved_later_does_not_rewrite_the_past() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let (_, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![new_task(f.so, Some(d(2026, 3, 10)))],
            at(issued, 9, 0),
        )
        .unwrap();
    let id = tasks[0].id;
    f.store
        .apply_at(
            &f.so_staff,
            id,
            None,
            TaskAction::Accept,
            at(d(2026, 3, 3), 9, 0),
        )
        .unwrap();
    f.store
        .apply_at(
            &f.office,
            id,
            None,
            TaskAction::Extend(Extension {
                new_deadline: d(2026, 3, 31),
                approving_document: "140/UBND-KT".into(),
                reason: String::new(),
            }),
            at(d(2026, 3, 16), 9, 0),
        )
        .unwrap();
    let status = |f: &Fixture, as_of| {
        f.store
            .register_page(&RegisterQuery {
                as_of: Some(as_of),
                limit: 5,
                ..Default::default()
            })
            .unwrap()
            .rows[0]
            .status
    };
    // On 12/3 the deadline in force was 10/3: overdue then, in time after the extension.
    assert_eq!(status(&f, d(2026, 3, 12)), TaskStatus::Overdue);
    assert_eq!(status(&f, d(2026, 3, 17)), TaskStatus::InProgressOnTime);
    let s = f
        .store
        .statistics(d(2026, 3, 1), d(2026, 3, 31), d(2026, 3, 12))
        .unwrap();
    assert_eq!(s.total.overdue, 1);
    let s = f
        .store
        .statistics(d(2026, 3, 1), d(2026, 3, 31), d(2026, 3, 17))
        .unwrap();
    assert_eq!((s.total.overdue, s.total.in_progress_on_time), (0, 1));
}

#[test]
fn illegal_transitions_change_nothing() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let (_, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![new_task(f.so, Some(d(2026, 3, 20)))],
            at(issued, 9, 0),
        )
        .unwrap();
    let id = tasks[0].id;
    let before = dump(&f.store);
    let attempts = vec![
        (
            f.so_staff.clone(),
            TaskAction::SubmitResult(report(d(2026, 3, 2))),
        ),
        (
            f.so_staff.clone(),
            TaskAction::Progress(ProgressUpdate {
                text: "x".into(),
                ..Default::default()
            }),
        ),
        (
            f.office.clone(),
            TaskAction::Review {
                passed: true,
                comment: String::new(),
            },
        ),
        (f.office.clone(), TaskAction::Accept),
        (f.xa_staff.clone(), TaskAction::Accept),
        (
            f.so_staff.clone(),
            TaskAction::Cancel {
                reason: "x".into(),
                withdrawn: false,
            },
        ),
        (
            f.so_staff.clone(),
            TaskAction::Return {
                reason: "   ".into(),
            },
        ),
        (
            f.office.clone(),
            TaskAction::Cancel {
                reason: "".into(),
                withdrawn: true,
            },
        ),
    ];
    for (actor, action) in attempts {
        let e = f.store.apply(&actor, id, None, action.clone()).unwrap_err();
        assert!(
            ["illegal_transition", "forbidden", "invalid.reason"].contains(&e.code().as_str()),
            "{action:?}: {}",
            e.code()
        );
        assert!(!e.to_string().is_empty());
        assert_eq!(dump(&f.store), before, "{action:?} changed the database");
    }
    // Once cancelled, nothing more can happen.
    f.store
        .apply(
            &f.office,
            id,
            None,
            TaskAction::Cancel {
                reason: "Thu hồi theo chỉ đạo".into(),
                withdrawn: true,
            },
        )
        .unwrap();
    let before = dump(&f.store);
    for action in [
        TaskAction::Accept,
        TaskAction::Cancel {
            reason: "lần 2".into(),
            withdrawn: false,
        },
    ] {
        let actor = if action == TaskAction::Accept {
            &f.so_staff
        } else {
            &f.office
        };
        let e = f.store.apply(actor, id, None, action).unwrap_err();
        assert_eq!(e.code(), "illegal_transition");
        assert!(e.to_string().contains("thu hồi/hủy"), "{e}");
    }
    assert_eq!(dump(&f.store), before);
}

#[test]
fn unknown_task_is_not_found() {
    let mut f = fixture();
    let e = f
        .store
        .apply(&f.office, uuid::Uuid::now_v7(), None, TaskAction::Accept)
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn extension_requests_are_decided_by_the_office_once() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let (_, tasks) = f
        .store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![
                new_task(f.so, Some(d(2026, 3, 20))),
                new_task(f.so, Some(d(2026, 3, 20))),
            ],
            at(issued, 9, 0),
        )
        .unwrap();
    let (t1, t2) = (tasks[0].id, tasks[1].id);
    let ask = |deadline| TaskAction::RequestExtension {
        proposed_deadline: deadline,
        reason: "Chờ ý kiến của Bộ Tài chính".into(),
    };
    let pending = |store: &nhiemvu_core::store::Store| {
        store
            .register_page(&RegisterQuery {
                extension_requested: true,
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };

    // A proposal not after the current deadline is refused, naming the field.
    let before = dump(&f.store);
    let err = f
        .store
        .apply_at(
            &f.so_staff,
            t1,
            None,
            ask(d(2026, 3, 20)),
            at(d(2026, 3, 5), 9, 0),
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid.proposed_deadline");
    assert_eq!(dump(&f.store), before);

    f.store
        .apply_at(
            &f.so_staff,
            t1,
            None,
            ask(d(2026, 4, 15)),
            at(d(2026, 3, 5), 9, 0),
        )
        .unwrap();
    f.store
        .apply_at(
            &f.so_staff,
            t2,
            None,
            ask(d(2026, 4, 30)),
            at(d(2026, 3, 5), 9, 5),
        )
        .unwrap();
    assert_eq!(pending(&f.store).len(), 2);
    // One request at a time.
    assert_eq!(
        f.store
            .apply_at(
                &f.so_staff,
                t1,
                None,
                ask(d(2026, 5, 1)),
                at(d(2026, 3, 5), 10, 0)
            )
            .unwrap_err()
            .code(),
        "illegal_transition"
    );
    // Only the office decides.
    assert_eq!(
        f.store
            .apply_at(
                &f.so_staff,
                t1,
                None,
                TaskAction::RefuseExtension {
                    comment: "x".into()
                },
                at(d(2026, 3, 6), 9, 0)
            )
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let detail = f.store.task_detail(t1, Some(d(2026, 3, 6))).unwrap();
    let p = detail
        .pending_extension
        .expect("the request is shown on the task");
    assert_eq!(p.proposed_deadline, d(2026, 4, 15));

    // Approve the first with an extension, refuse the second.
    f.store
        .apply_at(
            &f.office,
            t1,
            None,
            TaskAction::Extend(Extension {
                new_deadline: d(2026, 4, 15),
                approving_document: "125/UBND-TH ngày 06/3/2026".into(),
                reason: "Đồng ý đề nghị".into(),
            }),
            at(d(2026, 3, 6), 9, 0),
        )
        .unwrap();
    let t = f
        .store
        .apply_at(
            &f.office,
            t2,
            None,
            TaskAction::RefuseExtension {
                comment: "Đề nghị hoàn thành đúng hạn".into(),
            },
            at(d(2026, 3, 6), 9, 5),
        )
        .unwrap();
    assert_eq!(
        t.deadline,
        Some(d(2026, 3, 20)),
        "a refusal keeps the deadline"
    );
    assert!(pending(&f.store).is_empty());
    assert!(f
        .store
        .task_detail(t2, None)
        .unwrap()
        .pending_extension
        .is_none());
    let kinds: Vec<_> = f
        .store
        .timeline(t2)
        .unwrap()
        .iter()
        .map(|e| e.event.kind())
        .collect();
    assert_eq!(
        kinds,
        ["assigned", "extension_requested", "extension_refused"]
    );
    // Nothing left to refuse.
    assert_eq!(
        f.store
            .apply_at(
                &f.office,
                t2,
                None,
                TaskAction::RefuseExtension {
                    comment: "x".into()
                },
                at(d(2026, 3, 7), 9, 0)
            )
            .unwrap_err()
            .code(),
        "illegal_transition"
    );
}

#[test]
fn work_queue_and_period_filters_of_the_register() {
    let mut f = fixture();
    let (_, early) = f
        .store
        .register_document_at(
            &f.office,
            new_document(d(2026, 1, 5)),
            vec![new_task(f.so, Some(d(2026, 2, 20)))],
            at(d(2026, 1, 5), 9, 0),
        )
        .unwrap();
    let (_, late) = f
        .store
        .register_document_at(
            &f.office,
            new_document(d(2026, 3, 2)),
            vec![new_task(f.so, Some(d(2026, 3, 20)))],
            at(d(2026, 3, 2), 9, 0),
        )
        .unwrap();
    f.store
        .apply_at(
            &f.so_staff,
            late[0].id,
            None,
            TaskAction::Accept,
            at(d(2026, 3, 3), 9, 0),
        )
        .unwrap();
    let ids = |q: RegisterQuery| {
        f.store
            .register_page(&RegisterQuery { limit: 10, ..q })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(RegisterQuery {
            states: vec![WorkflowState::Assigned],
            ..Default::default()
        }),
        [early[0].id]
    );
    assert_eq!(
        ids(RegisterQuery {
            states: vec![WorkflowState::Assigned, WorkflowState::InProgress],
            ..Default::default()
        })
        .len(),
        2
    );
    assert_eq!(
        ids(RegisterQuery {
            assigned_from: Some(d(2026, 3, 1)),
            assigned_to: Some(d(2026, 3, 31)),
            ..Default::default()
        }),
        [late[0].id]
    );
}
