//! The demo province generator: determinism, a realistic lifecycle mix as of the end date,
//! rows consistent with what the store itself writes, search, cancellation and refusal.

use std::sync::{Mutex, OnceLock};

use chrono::{Months, NaiveDate, NaiveTime, Timelike};
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::model::{DocumentKind, Role, TaskEvent, UnitKind};
use nhiemvu_core::stats::StatsFilter;
use nhiemvu_core::status::StatusFilter;
use nhiemvu_core::store::query::{RegisterQuery, RegisterSort};
use nhiemvu_core::store::Store;
use nhiemvu_core::timeliness;
use rusqlite::types::Value;

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 13).unwrap()
}

fn options(seed: u64, tasks: u64) -> DemoOptions {
    DemoOptions {
        seed,
        tasks,
        end: end(),
        years: 4,
    }
}

fn start(opts: &DemoOptions) -> NaiveDate {
    opts.end
        .checked_sub_months(Months::new(12 * opts.years))
        .unwrap()
        .succ_opt()
        .unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store
        .connection()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row of the tables the generator writes (FTS shadow tables included).
fn dump(store: &Store) -> Vec<(String, Vec<Vec<Value>>)> {
    let tables = [
        "units",
        "people",
        "documents",
        "tasks",
        "task_coordinators",
        "task_events",
        "settings",
        "audit",
        "task_fts_data",
        "task_fts_idx",
        "document_fts_data",
    ];
    tables
        .iter()
        .map(|t| {
            let mut st = store
                .connection()
                .prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2"))
                .unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, Value>(i))
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            (t.to_string(), rows)
        })
        .collect()
}

/// One 20,000-task province shared by the read-only tests.
fn province() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = Store::open_in_memory().unwrap();
        let mut calls = Vec::new();
        let summary = demo::generate(&mut store, &options(7, 20_000), &mut |done, total| {
            calls.push((done, total));
            true
        })
        .unwrap();
        assert_eq!(summary.tasks, 20_000);
        assert_eq!(store.task_count().unwrap(), 20_000);
        assert_eq!(store.document_count().unwrap(), summary.documents);
        let avg = summary.tasks as f64 / summary.documents as f64;
        assert!(
            (2.0..=3.0).contains(&avg),
            "about 2.5 tasks per document, got {avg:.2}"
        );
        // Progress: from 0, about every 1,000 tasks, increasing, ending at the total.
        assert_eq!(calls.first(), Some(&(0, 20_000)));
        assert_eq!(calls.last(), Some(&(20_000, 20_000)));
        assert!(calls.len() >= 20, "{} calls", calls.len());
        assert!(calls.windows(2).all(|w| w[0].0 < w[1].0));
        Mutex::new(store)
    })
}

#[test]
fn same_seed_same_tables_other_seed_other_tables() {
    let gen = |seed| {
        let mut s = Store::open_in_memory().unwrap();
        demo::generate(&mut s, &options(seed, 3_000), &mut |_, _| true).unwrap();
        s
    };
    let a = dump(&gen(42));
    // The same into a database file (where the import switches journal mode and foreign-key
    // checks for its duration and puts them back).
    let dir = tempfile::tempdir().unwrap();
    let mut file = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    demo::generate(&mut file, &options(42, 3_000), &mut |_, _| true).unwrap();
    let pragma = |name: &str| {
        file.connection()
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, Value>(0))
            .unwrap()
    };
    assert_eq!(pragma("journal_mode"), Value::Text("wal".into()));
    assert_eq!(pragma("foreign_keys"), Value::Integer(1));
    assert_eq!(pragma("cache_size"), Value::Integer(-65536));
    let b = dump(&file);
    for ((ta, ra), (_, rb)) in a.iter().zip(&b) {
        assert!(!ra.is_empty(), "{ta} is empty");
        assert!(
            ra == rb,
            "table {ta} differs between two generations with the same seed"
        );
    }
    let c = dump(&gen(43));
    let tasks =
        |d: &[(String, Vec<Vec<Value>>)]| d.iter().find(|(t, _)| t == "tasks").unwrap().1.clone();
    assert_ne!(tasks(&a), tasks(&c));
}

#[test]
fn lifecycle_mix_as_of_the_end_date() {
    let store = province().lock().unwrap_or_else(|e| e.into_inner());
    let opts = options(7, 20_000);
    let stats = store.statistics(start(&opts), opts.end, opts.end).unwrap();
    let t = stats.total;
    assert_eq!(t.assigned + t.cancelled, 20_000);
    let share = |n: u32| n as f64 * 100.0 / t.assigned as f64;
    assert!(
        (1.0..=5.0).contains(&t.overdue_rate()),
        "overdue {:.2} %",
        t.overdue_rate()
    );
    assert!(share(t.done()) > 75.0, "done {:.1} %", share(t.done()));
    assert!(
        t.done_on_time > 4 * t.done_late,
        "mostly on time: {} vs {}",
        t.done_on_time,
        t.done_late
    );
    assert!(
        t.done_late > 0
            && t.in_progress_on_time > 0
            && t.not_started > 0
            && t.no_deadline > 0
            && t.due_soon > 0,
        "{t:?}"
    );
    let cancelled = share(t.cancelled);
    assert!(
        (0.4..=2.5).contains(&cancelled),
        "cancelled {cancelled:.2} %"
    );
    // Old periods are mostly done; the last quarter still has work in progress.
    let first_year = store
        .statistics(
            start(&opts),
            start(&opts).checked_add_months(Months::new(12)).unwrap(),
            opts.end,
        )
        .unwrap()
        .total;
    assert!(
        first_year.done_rate() > 90.0,
        "first year done {:.1} %",
        first_year.done_rate()
    );
    let last_q = store
        .statistics(
            opts.end.checked_sub_months(Months::new(3)).unwrap(),
            opts.end,
            opts.end,
        )
        .unwrap()
        .total;
    assert!(last_q.unfinished() > last_q.assigned / 4, "{last_q:?}");
    assert!(
        last_q.in_progress_on_time > 0 && last_q.not_started > 0,
        "{last_q:?}"
    );
    eprintln!("all: {t:?}\nfirst year: {first_year:?}\nlast quarter: {last_q:?}");
    // Overdue tasks come with what their units said about them.
    assert_eq!(stats.overdue.len() as u32, t.overdue);
    let explained = stats
        .overdue
        .iter()
        .filter(|o| !o.delay_reasons.is_empty() && !o.difficulties.is_empty())
        .count();
    assert!(
        explained * 2 > stats.overdue.len(),
        "{explained} of {} overdue tasks explained",
        stats.overdue.len()
    );
    // Late entries and reviews are recorded.
    assert!(stats.lateness.iter().any(|l| l.late_document_entries > 0));
    assert!(stats.lateness.iter().any(|l| l.late_reviews > 0));
    assert!(stats.lateness.iter().any(|l| l.late_result_entries > 0));
    assert_eq!(stats.by_origin.len(), 2, "QC45 and QC42");
    let qc42 = stats
        .by_origin
        .iter()
        .find(|(o, _)| o.as_str() == "qc42")
        .unwrap()
        .1
        .assigned as f64
        / t.assigned as f64;
    assert!((0.08..=0.25).contains(&qc42), "QC42 share {qc42:.2}");

    // Some of each history.
    for (what, sql) in [
        ("returned", "SELECT count(*) FROM task_events WHERE kind = 'returned'"),
        ("reassigned", "SELECT count(*) FROM task_events WHERE kind = 'reassigned'"),
        ("extended", "SELECT count(*) FROM tasks WHERE original_deadline <> deadline AND extended_at IS NOT NULL"),
        ("rejected once", "SELECT count(*) FROM tasks WHERE rejection_count > 0 AND state = 'done'"),
        ("cancelled", "SELECT count(*) FROM tasks WHERE state = 'cancelled'"),
        ("submitted, awaiting review", "SELECT count(*) FROM tasks WHERE state = 'submitted'"),
        ("not yet accepted", "SELECT count(*) FROM tasks WHERE state = 'assigned'"),
        ("interim reports", "SELECT count(*) FROM task_events WHERE kind = 'result_submitted' AND payload LIKE '%not_completed%'"),
        ("coordinated", "SELECT count(DISTINCT task_id) FROM task_coordinators"),
        ("class c", "SELECT count(*) FROM tasks WHERE classification = 'c'"),
        ("class d", "SELECT count(*) FROM tasks WHERE classification = 'd'"),
    ] {
        assert!(count(&store, sql) > 0, "no {what}");
    }
    let a_b = count(
        &store,
        "SELECT count(*) FROM tasks WHERE classification IN ('a', 'b')",
    );
    assert!(a_b > 20_000 * 7 / 10, "mostly classes a and b: {a_b}");

    // The register agrees with the statistics.
    let q = |status| RegisterQuery {
        status: Some(status),
        as_of: Some(opts.end),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(
        store
            .register_page(&q(StatusFilter::Overdue))
            .unwrap()
            .total,
        t.overdue
    );
    assert_eq!(
        store
            .register_page(&q(StatusFilter::Cancelled))
            .unwrap()
            .total,
        t.cancelled
    );
    assert_eq!(
        store
            .register_page(&q(StatusFilter::DoneLate))
            .unwrap()
            .total,
        t.done_late
    );
    let page = store
        .register_page(&RegisterQuery {
            sort: RegisterSort::Deadline,
            as_of: Some(opts.end),
            limit: 50,
            ..q(StatusFilter::Overdue)
        })
        .unwrap();
    assert!(page
        .rows
        .iter()
        .all(|r| r.status.label() == "Chưa hoàn thành quá hạn"));
}

#[test]
fn every_row_is_consistent_with_its_history() {
    let store = province().lock().unwrap_or_else(|e| e.into_inner());
    let opts = options(7, 20_000);
    let zero = |what: &str, sql: &str| assert_eq!(count(&store, sql), 0, "{what}");
    zero("done without completion facts", "SELECT count(*) FROM tasks WHERE state = 'done' AND (completed_submitted_at IS NULL OR completed_on IS NULL OR completed_reviewed_at IS NULL OR accepted_at IS NULL OR pending_submitted_at IS NOT NULL)");
    zero("submitted without a pending report", "SELECT count(*) FROM tasks WHERE state = 'submitted' AND (pending_submitted_at IS NULL OR pending_on IS NULL OR accepted_at IS NULL OR completed_on IS NOT NULL)");
    zero("in progress but not accepted", "SELECT count(*) FROM tasks WHERE state = 'in_progress' AND (accepted_at IS NULL OR pending_submitted_at IS NOT NULL OR completed_on IS NOT NULL)");
    zero(
        "accepted while assigned or returned",
        "SELECT count(*) FROM tasks WHERE state IN ('assigned', 'returned') AND accepted_at IS NOT NULL",
    );
    zero(
        "cancelled without time",
        "SELECT count(*) FROM tasks WHERE (state = 'cancelled') <> (cancelled_at IS NOT NULL)",
    );
    zero(
        "review before submission",
        "SELECT count(*) FROM tasks WHERE completed_reviewed_at < completed_submitted_at",
    );
    for (at, on) in [
        ("assigned_at", "assigned_on"),
        ("accepted_at", "accepted_on"),
        ("completed_submitted_at", "completed_on"),
        ("pending_submitted_at", "pending_on"),
        ("cancelled_at", "cancelled_on"),
    ] {
        zero(
            &format!("{on} is not the local date of {at}"),
            &format!("SELECT count(*) FROM tasks WHERE ({at} IS NULL) <> ({on} IS NULL) OR {on} <> date({at} / 1000 + 25200, 'unixepoch')"),
        );
    }
    zero("classification does not match", "SELECT count(*) FROM tasks WHERE classification <> CASE WHEN deadline IS NOT NULL AND must_report THEN 'a' WHEN deadline IS NOT NULL THEN 'b' WHEN must_report THEN 'c' ELSE 'd' END");
    zero(
        "deadline before issuance",
        "SELECT count(*) FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.original_deadline < d.issued_on",
    );
    zero(
        "task assigned when its document was entered",
        "SELECT count(*) FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.assigned_at <> d.entered_at OR t.origin <> d.origin",
    );
    zero(
        "version is not the number of events",
        "SELECT count(*) FROM tasks t WHERE version <> (SELECT count(*) FROM task_events e WHERE e.task_id = t.id)",
    );
    zero("first event is not the assignment", "SELECT count(*) FROM tasks t WHERE (SELECT kind || at FROM task_events e WHERE e.task_id = t.id ORDER BY id LIMIT 1) <> 'assigned' || t.assigned_at");
    zero(
        "events out of order",
        "SELECT count(*) FROM task_events a JOIN task_events b ON b.task_id = a.task_id AND b.id = a.id + 1 WHERE b.at <= a.at",
    );
    zero("last event does not match the state", "SELECT count(*) FROM tasks t WHERE state IN ('done', 'cancelled', 'submitted', 'returned') AND (SELECT kind FROM task_events e WHERE e.task_id = t.id ORDER BY id DESC LIMIT 1) <> CASE state WHEN 'done' THEN 'reviewed' WHEN 'cancelled' THEN 'cancelled' WHEN 'submitted' THEN 'result_submitted' ELSE 'returned' END");
    zero("extended without its event", "SELECT count(*) FROM tasks t WHERE (extended_at IS NOT NULL) <> EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.id AND e.kind = 'extended')");
    zero("late not recorded", "SELECT count(*) FROM task_events WHERE (kind IN ('result_submitted', 'reviewed')) <> (late IS NOT NULL)");
    zero("event without unit", "SELECT count(*) FROM task_events WHERE unit_id IS NULL OR actor_id IS NULL OR actor_name IS NULL");
    zero(
        "lead coordinates too",
        "SELECT count(*) FROM task_coordinators c JOIN tasks t ON t.id = c.task_id WHERE c.unit_id = t.lead_unit_id",
    );
    let end_ms = nhiemvu_core::store::ms_of(timeliness::local_instant(
        opts.end.succ_opt().unwrap(),
        NaiveTime::MIN,
    ));
    assert_eq!(
        count(
            &store,
            &format!("SELECT count(*) FROM task_events WHERE at >= {end_ms}")
        ),
        0,
        "nothing after the end date"
    );
    assert_eq!(count(&store, &format!("SELECT count(*) FROM documents WHERE entered_at >= {end_ms} OR issued_on > '2026-03-13'")), 0);
    assert_eq!(
        count(&store, "SELECT count(*) FROM task_fts"),
        20_000,
        "every task is indexed"
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM document_fts"),
        count(&store, "SELECT count(*) FROM documents")
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );

    // Timelines read back; the `late` flags are those the store computes.
    let cal = store.calendar();
    let ids: Vec<uuid::Uuid> = {
        let mut st = store
            .connection()
            .prepare("SELECT id FROM tasks WHERE rowid % 37 = 0")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut submissions = 0;
    for id in ids {
        let task = store.task(id).unwrap();
        let timeline = store.timeline(id).unwrap();
        assert_eq!(timeline.len() as i64, task.version);
        let mut pending = None;
        for e in &timeline {
            match &e.event {
                TaskEvent::ResultSubmitted(r) => {
                    submissions += 1;
                    let local =
                        timeliness::local_instant(timeliness::local_date(e.at), NaiveTime::MIN);
                    let hour = (e.at - local).num_hours();
                    assert!((7..20).contains(&hour), "submitted at {hour}h");
                    assert!(r.reply_issued_on <= timeliness::local_date(e.at));
                    if r.completed_on.is_some() {
                        pending = Some(e.at);
                    }
                }
                TaskEvent::Reviewed { late, .. } => {
                    assert_eq!(
                        *late,
                        timeliness::is_review_late(cal, pending.unwrap(), e.at)
                    );
                }
                _ => {}
            }
            assert!(e.actor_name.is_some());
        }
    }
    assert!(submissions > 100);
    for d in store.documents(None, 0, 200).unwrap() {
        assert_eq!(
            d.entered_late,
            timeliness::is_document_entry_late(cal, d.issued_on, d.urgency, d.entered_at),
            "{}",
            d.full_number()
        );
        assert!(timeliness::local_date(d.entered_at) >= d.issued_on);
        assert!(d.entered_at.with_timezone(&timeliness::vn_offset()).hour() >= 7);
    }
}

#[test]
fn the_province_looks_real() {
    let store = province().lock().unwrap_or_else(|e| e.into_inner());
    assert_eq!(store.settings().province_name, "Quảng Trị");
    let units = store.units().unwrap();
    let of = |k: UnitKind| units.iter().filter(|u| u.kind == k).count();
    assert_eq!(of(UnitKind::Office), 1);
    assert_eq!(of(UnitKind::Department), 13);
    assert!((95..=105).contains(&of(UnitKind::Commune)));
    assert!(of(UnitKind::Agency) >= 5);
    assert!(units
        .iter()
        .any(|u| u.name == "Sở Nông nghiệp và Môi trường"));
    assert!(units.iter().any(|u| u.name == "Xã Hải Lăng"));
    let people = store.people().unwrap();
    let role = |r: Role| people.iter().filter(|p| p.role == r).count();
    assert!(role(Role::Office) >= 4);
    assert!(role(Role::Leader) >= 5);
    assert_eq!(role(Role::ConfidentialClerk), 1);
    assert_eq!(role(Role::Admin), 1);
    assert!(role(Role::Unit) >= units.len());
    let nguyen = people
        .iter()
        .filter(|p| p.full_name.starts_with("Nguyễn "))
        .count() as f64
        / people.len() as f64;
    assert!((0.25..=0.5).contains(&nguyen), "Nguyễn share {nguyen:.2}");
    assert!(people.iter().all(|p| p.full_name.split(' ').count() >= 3));

    // Documents: kinds, ký hiệu and numbering restarting each year.
    let docs = store.documents(None, 0, 500).unwrap();
    assert!(docs
        .iter()
        .any(|d| d.kind == DocumentKind::OfficialLetter && d.symbol.starts_with("UBND-")));
    assert!(docs
        .iter()
        .any(|d| d.kind == DocumentKind::ConclusionNotice && d.symbol.starts_with("TB-")));
    assert!(docs
        .iter()
        .all(|d| !d.summary.is_empty() && !d.signer_name.is_empty()));
    let first_of_year =
        count(&store, "SELECT min(CAST(number AS INTEGER)) FROM documents WHERE symbol LIKE 'UBND-%' AND issued_on >= '2026-01-01'");
    assert!(
        first_of_year < 50,
        "công văn numbers restart in January: {first_of_year}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM (SELECT number, symbol, substr(issued_on, 1, 4) FROM documents GROUP BY 1, 2, 3 HAVING count(*) > 1)"
        ),
        0,
        "numbers are unique per year"
    );
    let audit =
        count(&store, "SELECT count(*) FROM audit WHERE entity = 'demo' AND action = 'generate' AND after LIKE '%\"tasks\":20000%'");
    assert_eq!((audit, store.audit_count().unwrap()), (1, 1));
    // All text is NFC.
    let texts: Vec<String> = {
        let mut st = store
            .connection()
            .prepare("SELECT description || summary FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.rowid % 101 = 0")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(texts.iter().all(|t| nhiemvu_core::text::nfc(t) == *t));
}

#[test]
fn search_without_accents_finds_places_and_topics() {
    let store = province().lock().unwrap_or_else(|e| e.into_inner());
    let search = |s: &str| {
        store
            .register_page(&RegisterQuery {
                search: Some(s.into()),
                as_of: Some(end()),
                limit: 100,
                ..Default::default()
            })
            .unwrap()
    };
    let page = search("hai lang");
    assert!(page.total > 0);
    // Every word matches (as a prefix); most rows name the place itself.
    let texts: Vec<String> = page
        .rows
        .iter()
        .map(|r| {
            nhiemvu_core::text::fold(&format!(
                "{} {} {}",
                r.description, r.lead_unit_name, r.document_number
            ))
        })
        .collect();
    assert!(texts
        .iter()
        .all(|t| t.contains("hai") && t.contains("lang")));
    assert!(texts.iter().filter(|t| t.contains("hai lang")).count() * 2 > texts.len());
    assert!(search("giai ngan").total > 100);
    assert!(search("dong ha").total > 0);
    assert_eq!(search("khong co dau vet nao ca").total, 0);
    assert!(!store
        .documents(Some("giai phong mat bang"), 0, 10)
        .unwrap()
        .is_empty());
}

#[test]
fn the_store_carries_on_from_the_generated_state() {
    use nhiemvu_core::lifecycle::Actor;
    use nhiemvu_core::model::WorkflowState;
    use nhiemvu_core::store::TaskAction;
    let mut store = Store::open_in_memory().unwrap();
    // One busy year, so that every state occurs on the end date.
    demo::generate(
        &mut store,
        &DemoOptions {
            years: 1,
            ..options(11, 8_000)
        },
        &mut |_, _| true,
    )
    .unwrap();
    let one = |store: &Store, state: &str| -> uuid::Uuid {
        store
            .connection()
            .query_row(
                "SELECT id FROM tasks WHERE state = ?1 ORDER BY rowid DESC LIMIT 1",
                [state],
                |r| r.get(0),
            )
            .unwrap()
    };
    let person = |store: &Store, sql: &str, task: uuid::Uuid| -> (uuid::Uuid, uuid::Uuid, String) {
        store
            .connection()
            .query_row(sql, [task], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
    };
    let now = timeliness::local_instant(end(), NaiveTime::from_hms_opt(16, 0, 0).unwrap());
    // The follow-up officer reviews a submitted result: done, completed as submitted.
    let id = one(&store, "submitted");
    let before = store.task(id).unwrap();
    let (p, u, n) = person(
        &store,
        "SELECT p.id, p.unit_id, p.full_name FROM tasks t JOIN people p ON p.id = t.follow_up_officer_id WHERE t.id = ?1",
        id,
    );
    let done = store
        .apply_at(
            &Actor::office(p, u, &n),
            id,
            Some(before.version),
            TaskAction::Review {
                passed: true,
                comment: String::new(),
            },
            now,
        )
        .unwrap();
    assert_eq!(done.state, WorkflowState::Done);
    let pending: i64 = store
        .connection()
        .query_row(
            "SELECT completed_submitted_at FROM tasks WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        Some(pending),
        done.completed_submitted_at.map(|t| t.timestamp_millis())
    );
    assert_eq!(store.timeline(id).unwrap().len() as i64, done.version);
    // A unit accepts a task it has not accepted yet.
    let id = one(&store, "assigned");
    let (p, u, n) = person(
        &store,
        "SELECT p.id, p.unit_id, p.full_name FROM tasks t JOIN people p ON p.unit_id = t.lead_unit_id WHERE t.id = ?1 LIMIT 1",
        id,
    );
    let accepted = store
        .apply_at(&Actor::unit(p, u, &n), id, None, TaskAction::Accept, now)
        .unwrap();
    assert_eq!(accepted.state, WorkflowState::InProgress);
    // An overdue task can still be extended by the office, keeping its original deadline.
    let id: uuid::Uuid = store
        .connection()
        .query_row(
            "SELECT id FROM tasks WHERE state = 'in_progress' AND deadline < '2026-03-13' AND original_deadline = deadline LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (p, u, n) = person(
        &store,
        "SELECT p.id, p.unit_id, p.full_name FROM tasks t JOIN people p ON p.id = t.follow_up_officer_id WHERE t.id = ?1",
        id,
    );
    let ext = nhiemvu_core::model::Extension {
        new_deadline: NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
        approving_document: "12/UBND-TH ngày 13/03/2026".into(),
        reason: String::new(),
    };
    let t = store
        .apply_at(
            &Actor::office(p, u, &n),
            id,
            None,
            TaskAction::Extend(ext),
            now,
        )
        .unwrap();
    assert_ne!(t.original_deadline, t.deadline);
}

#[test]
fn cancelling_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
    let audits = store.audit_count().unwrap();
    let mut calls = 0;
    let err = demo::generate(&mut store, &options(1, 5_000), &mut |done, _| {
        calls += 1;
        done < 2_000
    })
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert!(calls >= 3);
    assert_eq!(store.unit_count().unwrap(), 0);
    assert_eq!(store.task_count().unwrap(), 0);
    assert_eq!(store.document_count().unwrap(), 0);
    assert_eq!(store.audit_count().unwrap(), audits);
    assert_eq!(store.settings().province_name, "");
    // Cancelled before anything started.
    assert_eq!(
        demo::generate(&mut store, &options(1, 5_000), &mut |_, _| false)
            .unwrap_err()
            .code(),
        "cancelled"
    );
    assert_eq!(store.unit_count().unwrap(), 0);
    // The same store then takes a full generation.
    let s = demo::generate(&mut store, &options(1, 1_000), &mut |_, _| true).unwrap();
    assert_eq!(store.task_count().unwrap(), s.tasks);
    drop(store);
    let reopened = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
    assert_eq!(reopened.task_count().unwrap(), 1_000);
    assert_eq!(reopened.settings().province_name, "Quảng Trị");
}

#[test]
fn refuses_a_non_empty_database_and_bad_sizes() {
    let mut store = Store::open_in_memory().unwrap();
    for n in [0, demo::MAX_TASKS + 1] {
        let e = demo::generate(&mut store, &options(1, n), &mut |_, _| true).unwrap_err();
        assert_eq!(e.code(), "invalid.tasks");
    }
    demo::generate(&mut store, &options(1, 500), &mut |_, _| true).unwrap();
    let before = (
        store.unit_count().unwrap(),
        store.task_count().unwrap(),
        store.audit_count().unwrap(),
    );
    let e = demo::generate(&mut store, &options(2, 500), &mut |_, _| true).unwrap_err();
    assert_eq!(e.code(), "invalid.tasks");
    assert!(e.to_string().contains("cơ sở dữ liệu trống"), "{e}");
    assert_eq!(
        (
            store.unit_count().unwrap(),
            store.task_count().unwrap(),
            store.audit_count().unwrap()
        ),
        before
    );
    // A store with only a unit typed by hand is not empty either.
    let mut other = Store::open_in_memory().unwrap();
    other
        .create_unit(
            &nhiemvu_core::lifecycle::Actor::system(),
            None,
            "Sở Tài chính",
            UnitKind::Department,
        )
        .unwrap();
    assert_eq!(
        demo::generate(&mut other, &options(1, 10), &mut |_, _| true)
            .unwrap_err()
            .code(),
        "invalid.tasks"
    );
}

/// The generator builds the secondary indexes after the load: the schema afterwards is
/// exactly the one the migrations create, and a cancelled run leaves it whole too.
#[test]
fn the_schema_is_intact_after_generation_and_after_a_cancel() {
    let schema = |store: &Store| -> Vec<(String, Option<String>)> {
        let mut st = store
            .connection()
            .prepare("SELECT name, sql FROM sqlite_schema ORDER BY name")
            .unwrap();
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let fresh = schema(&Store::open_in_memory().unwrap());
    assert!(fresh.iter().any(|(n, _)| n == "tasks_unit_deadline"));
    let mut cancelled = Store::open_in_memory().unwrap();
    demo::generate(&mut cancelled, &options(3, 3_000), &mut |done, _| {
        done < 1_000
    })
    .unwrap_err();
    assert_eq!(schema(&cancelled), fresh);
    let mut store = Store::open_in_memory().unwrap();
    demo::generate(&mut store, &options(3, 3_000), &mut |_, _| true).unwrap();
    assert_eq!(schema(&store), fresh);
    let plan: String = store
        .connection()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE lead_unit_id = x'00' ORDER BY deadline",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("tasks_unit_deadline"), "{plan}");
}

#[test]
fn filtered_statistics_are_the_matching_part_of_the_whole() {
    let store = province().lock().unwrap_or_else(|e| e.into_inner());
    let opts = options(7, 20_000);
    let (from, to, as_of) = (start(&opts), opts.end, opts.end);
    let all = store.statistics(from, to, as_of).unwrap();
    for (origin, counts) in &all.by_origin {
        let only = store
            .statistics_where(
                from,
                to,
                as_of,
                &StatsFilter {
                    origin: Some(*origin),
                    lead_unit_id: None,
                },
            )
            .unwrap();
        assert_eq!(only.total, *counts, "{origin:?}");
        assert_eq!(only.by_origin.len(), 1);
    }
    for unit in all.by_unit.iter().take(5) {
        let only = store
            .statistics_where(
                from,
                to,
                as_of,
                &StatsFilter {
                    origin: None,
                    lead_unit_id: Some(unit.unit_id),
                },
            )
            .unwrap();
        assert_eq!(only.total, unit.counts, "{}", unit.unit_name);
        assert_eq!(only.by_unit.len(), 1);
        assert!(only
            .overdue
            .iter()
            .all(|t| t.lead_unit_name == unit.unit_name));
    }
}
