//! Secret tasks follow the main app's lifecycle and are counted as the main app counts,
//! for the quarterly, 6-month and yearly paper report.

mod common;
use common::*;

use nhiemvu_core::calendar::WorkCalendar;
use nhiemvu_core::model::{
    DocumentKind, Id, ProgressUpdate, ResultOutcome, ResultReport, Secrecy, Unit, UnitKind,
};
use nhiemvu_core::status::TaskStatus;
use nhiemvu_core::store::{NewTask, TaskAction};
use nhiemvu_core::timeliness::today_local;
use nhiemvu_secret::{NewSecretTask, SecretError};

fn units() -> Vec<Unit> {
    ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]
        .iter()
        .map(|n| Unit {
            id: uuid::Uuid::now_v7(),
            parent_id: None,
            name: (*n).into(),
            kind: UnitKind::Agency,
        })
        .collect()
}

fn new_task(entry: Id, lead: Id, deadline_in_days: Option<i64>) -> NewSecretTask {
    NewSecretTask {
        entry_id: entry,
        task: NewTask {
            description: "Rà soát phương án bảo vệ mục tiêu".into(),
            lead_unit_id: Some(lead),
            deadline: deadline_in_days.map(|n| today_local() + chrono::Duration::days(n)),
            must_report: true,
            ..Default::default()
        },
        origin: None,
    }
}

fn result() -> TaskAction {
    TaskAction::SubmitResult(ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "21".into(),
        reply_symbol: "CAT-PV01".into(),
        reply_summary: "Báo cáo kết quả rà soát".into(),
        reply_issued_on: today_local(),
        reply_signer: "Đại tá Nguyễn Văn Bảo".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(today_local()),
        explanation: String::new(),
        attachment: None,
    })
}

#[test]
fn a_secret_task_goes_through_the_lifecycle_and_illegal_moves_are_refused() {
    let mut f = fixture();
    let u = units();
    let cal = WorkCalendar::with_seed();
    let entry = f
        .store
        .register_incoming(incoming(
            "Chỉ thị mật",
            Secrecy::Secret,
            local(2026, 3, 2, 9, 0),
        ))
        .unwrap();
    let t = f
        .store
        .add_task(new_task(entry.id, u[0].id, Some(20)), &u)
        .unwrap();
    assert_eq!(t.lead_unit_name, "Công an tỉnh");
    assert_eq!(t.status, Some(TaskStatus::NotStarted));
    let id = t.task.id;
    // Review before any result: refused with the main app's message, nothing written.
    let e = f
        .store
        .apply_task_action(
            &cal,
            id,
            None,
            TaskAction::Review {
                passed: true,
                comment: String::new(),
            },
            &u,
        )
        .unwrap_err();
    assert!(matches!(e, SecretError::Core(_)), "{e}");
    f.store
        .apply_task_action(&cal, id, None, TaskAction::Accept, &u)
        .unwrap();
    f.store
        .apply_task_action(
            &cal,
            id,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: "Đã rà soát 3/5 mục tiêu".into(),
                ..Default::default()
            }),
            &u,
        )
        .unwrap();
    // A file is not kept here.
    let mut with_file = result();
    if let TaskAction::SubmitResult(r) = &mut with_file {
        r.attachment = Some(nhiemvu_core::model::Attachment {
            sha256: "0".repeat(64),
            file_name: "bao-cao.pdf".into(),
            size: 10,
        });
    }
    assert!(f
        .store
        .apply_task_action(&cal, id, None, with_file, &u)
        .is_err());
    f.store
        .apply_task_action(&cal, id, None, result(), &u)
        .unwrap();
    // A stale decision (the clerk saw version 1) is refused.
    let stale = TaskAction::Review {
        passed: true,
        comment: String::new(),
    };
    assert!(matches!(
        f.store.apply_task_action(&cal, id, Some(1), stale, &u),
        Err(SecretError::Core(nhiemvu_core::CoreError::Stale))
    ));
    let done = f
        .store
        .apply_task_action(
            &cal,
            id,
            None,
            TaskAction::Review {
                passed: true,
                comment: "Đạt".into(),
            },
            &u,
        )
        .unwrap();
    assert_eq!(done.status, Some(TaskStatus::DoneOnTime));
    let kinds: Vec<&str> = f
        .store
        .task_events(id)
        .unwrap()
        .iter()
        .map(|e| e.event.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "assigned",
            "accepted",
            "progress",
            "result_submitted",
            "reviewed"
        ]
    );
    assert!(f.store.verify().unwrap().first_broken.is_none());
    // A task cannot hang off a cancelled directive.
    f.store.cancel_entry(entry.id, "Nhầm").unwrap();
    assert!(f
        .store
        .add_task(new_task(entry.id, u[0].id, None), &u)
        .is_err());
}

#[test]
fn statistics_count_as_the_main_app_does() {
    let mut f = fixture();
    let u = units();
    let cal = WorkCalendar::with_seed();
    let entry = f
        .store
        .register_incoming(incoming(
            "Kế hoạch mật",
            Secrecy::Confidential,
            local(2026, 3, 2, 9, 0),
        ))
        .unwrap();
    let mut ids = Vec::new();
    for (lead, days) in [(0, Some(30)), (0, None), (1, Some(10)), (1, Some(40))] {
        ids.push(
            f.store
                .add_task(new_task(entry.id, u[lead].id, days), &u)
                .unwrap()
                .task
                .id,
        );
    }
    // One done on time, one cancelled, one in progress, one not started.
    for a in [
        TaskAction::Accept,
        result(),
        TaskAction::Review {
            passed: true,
            comment: String::new(),
        },
    ] {
        f.store
            .apply_task_action(&cal, ids[0], None, a, &u)
            .unwrap();
    }
    f.store
        .apply_task_action(
            &cal,
            ids[1],
            None,
            TaskAction::Cancel {
                reason: "Không còn cần".into(),
                withdrawn: true,
            },
            &u,
        )
        .unwrap();
    f.store
        .apply_task_action(&cal, ids[2], None, TaskAction::Accept, &u)
        .unwrap();

    let today = today_local();
    let st = f
        .store
        .task_statistics(&cal, today - chrono::Days::new(90), today, today, 3)
        .unwrap();
    assert_eq!(
        st.total.assigned, 3,
        "cancelled tasks are not counted as assigned"
    );
    assert_eq!(st.total.cancelled, 1);
    assert_eq!(st.total.done_on_time, 1);
    assert_eq!(st.total.in_progress_on_time, 1);
    assert_eq!(st.total.not_started, 1);
    let names: Vec<&str> = st.by_unit.iter().map(|u| u.unit_name.as_str()).collect();
    assert_eq!(
        names,
        ["Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh"],
        "Vietnamese order"
    );
    assert_eq!(st.by_unit[1].counts.assigned, 1);
    assert_eq!(st.by_unit[0].counts.assigned, 2);
    // A period before they were assigned counts nothing.
    let before = f
        .store
        .task_statistics(
            &cal,
            today - chrono::Days::new(400),
            today - chrono::Days::new(200),
            today,
            3,
        )
        .unwrap();
    assert_eq!(before.total.assigned, 0);
}
