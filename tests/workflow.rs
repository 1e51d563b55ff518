//! The window's operations without the window: first run, the profile switch of the demo
//! province, registering a document with two tasks and taking each through the lifecycle
//! as the office and as the lead unit — every write acting as the person using this PC.

use chrono::NaiveDate;
use nhiemvu_app::service::{NewPerson, NewUnit};
use nhiemvu_app::AppState;
use nhiemvu_core::calendar::{CalendarOverride, OverrideKind};
use nhiemvu_core::model::{
    DocumentKind, Issuer, ProgressUpdate, ResultOutcome, ResultReport, Role, Task, UnitKind,
    Urgency, WorkflowState,
};
use nhiemvu_core::status::TaskStatus;
use nhiemvu_core::store::query::{DocumentQuery, RegisterQuery};
use nhiemvu_core::store::{NewDocument, NewOffice, NewTask, Store, TaskAction};
use nhiemvu_core::timeliness::today_local;

fn state() -> AppState {
    AppState::new(Store::open_in_memory().unwrap(), "test.sqlite3".into())
}

fn office(state: &AppState) -> nhiemvu_core::store::Profile {
    state
        .create_office(NewOffice {
            province_name: "Quảng Trị".into(),
            issuing_body: "Văn phòng UBND tỉnh".into(),
            unit_name: "Văn phòng UBND tỉnh".into(),
            full_name: "Trần Thị Thu".into(),
            title: "Chuyên viên".into(),
            role: Some(Role::Office),
        })
        .unwrap()
}

fn document() -> NewDocument {
    NewDocument {
        kind: DocumentKind::Decision,
        number: "12".into(),
        symbol: "QĐ-UBND".into(),
        issued_on: today_local(),
        summary: "Về việc đẩy nhanh giải ngân vốn đầu tư công".into(),
        signer_name: "Nguyễn Văn A".into(),
        signer_title: "Chủ tịch".into(),
        issuer: Issuer::Chairman,
        submitting_agency: None,
        director: None,
        drafter: None,
        urgency: Urgency::Urgent,
        origin: None,
        attachments: vec![],
    }
}

fn task(lead: nhiemvu_core::model::Id, description: &str) -> NewTask {
    NewTask {
        description: description.into(),
        lead_unit_id: Some(lead),
        deadline: Some(today_local() + chrono::Days::new(30)),
        must_report: true,
        ..Default::default()
    }
}

fn result_report(state: &AppState) -> ResultReport {
    ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "45".into(),
        reply_symbol: "SYT-KHTC".into(),
        reply_summary: "Báo cáo kết quả giải ngân".into(),
        reply_issued_on: today_local(),
        reply_signer: "Lê Văn Hùng".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(today_local()),
        explanation: String::new(),
        attachment: Some(
            state
                .put_attachment("Báo cáo.pdf", b"%PDF-1.4 test")
                .unwrap(),
        ),
    }
}

#[test]
fn first_run_creates_my_office_and_refuses_a_second_time() {
    let state = state();
    assert!(state.profile().unwrap().is_none());
    let err = state.register_document(document(), vec![]).unwrap_err();
    assert_eq!(
        err.code(),
        "forbidden",
        "nobody may write before the first run"
    );

    let me = office(&state);
    assert_eq!(me.person.full_name, "Trần Thị Thu");
    assert!(!me.demo);
    assert_eq!(state.settings().province_name, "Quảng Trị");
    assert_eq!(state.profile().unwrap().unwrap(), me);

    let again = state.create_office(NewOffice {
        province_name: "Huế".into(),
        issuing_body: "VP".into(),
        unit_name: "VP".into(),
        full_name: "X".into(),
        role: Some(Role::Office),
        ..Default::default()
    });
    assert_eq!(again.unwrap_err().code(), "invalid.unit_name");

    let other = state
        .create_unit(NewUnit {
            parent_id: None,
            name: "Sở Y tế".into(),
            kind: UnitKind::Department,
        })
        .unwrap();
    let p = state
        .create_person(NewPerson {
            unit_id: other.id,
            full_name: "Lê Văn Hùng".into(),
            role: Role::Unit,
            title: String::new(),
        })
        .unwrap();
    assert_eq!(
        state.set_profile(p.id).unwrap_err().code(),
        "forbidden",
        "a real office does not switch person"
    );
}

#[test]
fn bad_first_run_input_names_the_field() {
    let state = state();
    let err = state
        .create_office(NewOffice {
            province_name: "  ".into(),
            issuing_body: "VP".into(),
            unit_name: "VP".into(),
            full_name: "A".into(),
            role: Some(Role::Office),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("province_name"));
    assert!(state.profile().unwrap().is_none(), "nothing written");
}

/// The scenario of the end-to-end test, through the same operations the window calls.
#[test]
fn the_two_task_scenario_ends_with_one_done_on_time_and_one_not_started() {
    let state = state();
    let guard = state.0.begin_demo().unwrap();
    state
        .generate_demo(
            &guard,
            &nhiemvu_core::demo::DemoOptions::new(1),
            &mut |_| {},
        )
        .unwrap();
    drop(guard);
    let me = state
        .profile()
        .unwrap()
        .expect("a demo province has a default person");
    assert!(me.demo);
    assert_eq!(me.person.role, Role::Office);

    let units = state.units().unwrap();
    let health = units.iter().find(|u| u.name == "Sở Y tế").unwrap().id;
    let finance = units.iter().find(|u| u.name == "Sở Tài chính").unwrap().id;
    let people = state.people().unwrap();
    let health_officer = people
        .iter()
        .find(|p| p.unit_id == health && p.role == Role::Unit)
        .unwrap()
        .id;

    let (doc, tasks) = state
        .register_document(
            document(),
            vec![
                task(health, "Rà soát danh mục dự án chậm giải ngân"),
                task(health, "Báo cáo tiến độ giải ngân hằng tháng"),
            ],
        )
        .unwrap();
    let (a, b) = (&tasks[0], &tasks[1]);

    // A bad task of a multi-task form names the item.
    let err = state
        .register_document(
            document(),
            vec![
                task(health, "Một"),
                NewTask {
                    lead_unit_id: None,
                    ..task(health, "Hai")
                },
            ],
        )
        .unwrap_err()
        .payload();
    assert_eq!(
        (err.field.as_deref(), err.item),
        (Some("lead_unit_id"), Some(1))
    );

    let page = state
        .document_page(&DocumentQuery {
            search: Some("giai ngan".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert!(page
        .rows
        .iter()
        .any(|r| r.id == doc.id && r.task_count == 2));

    // The unit: accept one, return the other with a reason.
    state.set_profile(health_officer).unwrap();
    let act = |t: &Task, action| state.apply_action(t.id, Some(t.version), action);
    let a = act(a, TaskAction::Accept).unwrap();
    let b = act(
        b,
        TaskAction::Return {
            reason: "Không thuộc chức năng của Sở Y tế".into(),
        },
    )
    .unwrap();
    assert_eq!(b.state, WorkflowState::Returned);
    let inbox = state
        .register_page(&RegisterQuery {
            unit_id: Some(health),
            states: vec![WorkflowState::InProgress],
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(inbox.rows.iter().any(|r| r.id == a.id));

    // The office reassigns the returned task.
    state.set_profile(me.person.id).unwrap();
    let returned = state
        .register_page(&RegisterQuery {
            states: vec![WorkflowState::Returned],
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(returned.rows.iter().any(|r| r.id == b.id));
    let b = act(
        &b,
        TaskAction::Reassign {
            to_unit_id: finance,
            note: "Giao Sở Tài chính chủ trì".into(),
        },
    )
    .unwrap();
    assert_eq!(b.lead_unit_id, finance);
    // The office cannot act for the unit.
    assert_eq!(
        act(
            &a,
            TaskAction::Progress(ProgressUpdate {
                text: "x".into(),
                ..Default::default()
            })
        )
        .unwrap_err()
        .code(),
        "forbidden"
    );

    // The unit posts progress and submits a result with a file; the office rejects it once.
    state.set_profile(health_officer).unwrap();
    let a = act(
        &a,
        TaskAction::Progress(ProgressUpdate {
            text: "Đã rà soát 12 dự án".into(),
            ..Default::default()
        }),
    )
    .unwrap();
    let a = act(&a, TaskAction::SubmitResult(result_report(&state))).unwrap();
    assert_eq!(a.state, WorkflowState::Submitted);
    state.set_profile(me.person.id).unwrap();
    let stale = state.apply_action(
        a.id,
        Some(a.version - 1),
        TaskAction::Review {
            passed: true,
            comment: String::new(),
        },
    );
    assert_eq!(
        stale.unwrap_err().code(),
        "stale",
        "a decision on an old view is refused"
    );
    let a = act(
        &a,
        TaskAction::Review {
            passed: false,
            comment: "Thiếu số liệu của quý".into(),
        },
    )
    .unwrap();
    assert_eq!((a.state, a.rejection_count), (WorkflowState::InProgress, 1));

    // Second report, accepted.
    state.set_profile(health_officer).unwrap();
    let a = act(&a, TaskAction::SubmitResult(result_report(&state))).unwrap();
    state.set_profile(me.person.id).unwrap();
    let a = act(
        &a,
        TaskAction::Review {
            passed: true,
            comment: "Đạt".into(),
        },
    )
    .unwrap();
    assert_eq!(a.state, WorkflowState::Done);

    let detail = state.task_detail(a.id, None).unwrap();
    assert_eq!(detail.status, TaskStatus::DoneOnTime);
    assert_eq!(detail.status_label, "Hoàn thành đúng hạn");
    assert_eq!(
        detail.result_files.len(),
        2,
        "both reports' files are listed"
    );
    let kinds: Vec<_> = detail.timeline.iter().map(|e| e.event.kind()).collect();
    assert_eq!(
        kinds,
        [
            "assigned",
            "accepted",
            "progress",
            "result_submitted",
            "reviewed",
            "result_submitted",
            "reviewed"
        ]
    );
    assert!(detail.audit.len() >= kinds.len());
    assert_eq!(
        state.task_detail(b.id, None).unwrap().status,
        TaskStatus::NotStarted
    );

    // The dashboard's figures for today.
    let today = today_local();
    let stats = state.statistics(today, today, None).unwrap();
    assert_eq!(stats.total.assigned, 2);
    assert_eq!(stats.total.done_on_time, 1);
    assert_eq!(stats.total.not_started, 1);
    assert_eq!(stats.by_month.len(), 1);
    assert_eq!(stats.by_month[0].counts.assigned, 2);
}

#[test]
fn extension_requests_wait_for_the_office() {
    let state = state();
    let me = office(&state);
    let health = state
        .create_unit(NewUnit {
            parent_id: None,
            name: "Sở Y tế".into(),
            kind: UnitKind::Department,
        })
        .unwrap();
    let (_, tasks) = state
        .register_document(document(), vec![task(health.id, "Lập kế hoạch")])
        .unwrap();
    let t = &tasks[0];
    // Only the lead unit may ask; the office user here is not it.
    let err = state
        .apply_action(
            t.id,
            None,
            TaskAction::RequestExtension {
                proposed_deadline: today_local() + chrono::Days::new(60),
                reason: "Chờ số liệu".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let err = state
        .apply_action(
            t.id,
            None,
            TaskAction::RefuseExtension {
                comment: "Không".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "illegal_transition", "nothing to refuse");
    assert_eq!(me.person.role, Role::Office);
}

#[test]
fn the_calendar_screen_replaces_one_year_only() {
    let state = state();
    office(&state);
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let before_2025 = state.calendar_year(2025).unwrap().overrides;
    let year = state
        .set_calendar_year(
            2027,
            vec![CalendarOverride {
                date: d(2027, 4, 17),
                kind: OverrideKind::WorkingDay,
                note: "Làm bù".into(),
            }],
        )
        .unwrap();
    assert_eq!(year.overrides.len(), 1);
    assert!(year
        .holidays
        .iter()
        .any(|h| h.name.contains("Tết Nguyên đán")));
    assert_eq!(state.calendar_year(2025).unwrap().overrides, before_2025);
    let wrong_year = state.set_calendar_year(
        2027,
        vec![CalendarOverride {
            date: d(2028, 1, 2),
            kind: OverrideKind::DayOff,
            note: String::new(),
        }],
    );
    assert_eq!(wrong_year.unwrap_err().code(), "invalid.date");
    assert_eq!(
        state.calendar_year(3000).unwrap_err().code(),
        "invalid.year"
    );
}

#[test]
fn attachments_are_exported_under_their_name() {
    let state = state();
    office(&state);
    let a = state
        .put_attachment("Quyết định 12.pdf", b"%PDF-1.4 x")
        .unwrap();
    let path = state.export_attachment(&a.sha256, &a.file_name).unwrap();
    assert!(path.ends_with("Quyết định 12.pdf"));
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4 x");
    let sneaky = state
        .export_attachment(&a.sha256, "../../etc/passwd")
        .unwrap();
    assert_eq!(
        sneaky.parent(),
        path.parent(),
        "a name never leaves the folder"
    );
}

#[test]
fn unit_staff_print_only_their_own_unit_s_reports() {
    let mut store = Store::open_in_memory().unwrap();
    let opts = nhiemvu_core::demo::DemoOptions {
        seed: 11,
        tasks: 800,
        end: today_local(),
        years: 2,
    };
    nhiemvu_core::demo::generate(&mut store, &opts, &mut |_, _| true).unwrap();
    let people = store.people().unwrap();
    let units = store.units().unwrap();
    let state = AppState::new(store, "test.sqlite3".into());
    let year = today_local().format("%Y").to_string();
    use nhiemvu_report::ReportKind;

    let clerk = people.iter().find(|p| p.role == Role::Unit).unwrap();
    state.set_profile(clerk.id).unwrap();
    let other = units.iter().find(|u| u.id != clerk.unit_id).unwrap();
    // Whatever unit is asked for, the unit's own is filled in.
    let req = state
        .report_defaults(ReportKind::Register, &year, Some(other.id), None)
        .unwrap();
    assert_eq!(req.unit_id, Some(clerk.unit_id));
    let pdf = state.report_pdf(&req).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let mut theirs = req.clone();
    theirs.unit_id = Some(other.id);
    let e = state.report_pdf(&theirs).unwrap_err();
    assert!(e.to_string().contains("của đơn vị mình"), "{e}");
    let e = state
        .report_defaults(ReportKind::Urging, &year, Some(clerk.unit_id), None)
        .unwrap_err();
    assert!(e.to_string().contains("Văn phòng ban hành"), "{e}");

    // The office urges any unit.
    let officer = people.iter().find(|p| p.role == Role::Office).unwrap();
    state.set_profile(officer.id).unwrap();
    let req = state
        .report_defaults(ReportKind::Urging, &year, Some(other.id), None)
        .unwrap();
    assert_eq!(req.addressees, vec![other.name.clone()]);
    assert!(state.report_pdf(&req).unwrap().starts_with(b"%PDF-"));
}

/// Once this PC syncs with an office database, units and people are the admin's to add
/// there (each needs a login): the office is told so before anything is queued.
#[test]
fn a_pc_that_syncs_leaves_the_directory_to_the_admin() {
    let state = state();
    office(&state);
    let unit = NewUnit {
        parent_id: None,
        name: "Sở Y tế".into(),
        kind: UnitKind::Department,
    };
    let health = state.create_unit(unit.clone()).unwrap();
    state
        .store()
        .sync_state_set(
            nhiemvu_core::store::outbox::SERVER_IDENTITY_KEY,
            "epoch/16384",
        )
        .unwrap();
    let pending = state.store().outbox_counts().unwrap().pending;
    let err = state
        .create_unit(NewUnit {
            name: "Sở Nội vụ".into(),
            ..unit
        })
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err.to_string().contains("chỉ quản trị viên"), "{err}");
    let err = state
        .create_person(NewPerson {
            unit_id: health.id,
            full_name: "Nguyễn Thị Mai".into(),
            role: Role::Unit,
            title: String::new(),
        })
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert_eq!(state.store().outbox_counts().unwrap().pending, pending);
}
