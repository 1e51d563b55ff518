//! The local store: bad input, search folding, attachments, migrations, foreign and damaged
//! files, statistics against a hand-computed fixture.

mod common;
use common::*;

use nhiemvu_core::model::{Attachment, DocumentKind, Issuer, ResultOutcome, ResultReport, Urgency};
use nhiemvu_core::status::StatusFilter;
use nhiemvu_core::store::query::RegisterQuery;
use nhiemvu_core::store::{Store, TaskAction, MAX_ATTACHMENT_BYTES, SCHEMA_VERSION};
use unicode_normalization::UnicodeNormalization;

#[test]
fn bad_input_gets_a_field_error_and_changes_nothing() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let before = dump(&f.store);
    let now = at(d(2026, 3, 3), 9, 0);
    let mut cases: Vec<(
        &str,
        nhiemvu_core::store::NewDocument,
        Vec<nhiemvu_core::store::NewTask>,
    )> = Vec::new();
    let ok_task = new_task(f.so, Some(d(2026, 3, 20)));

    let mut doc = new_document(issued);
    doc.summary = "   ".into();
    cases.push(("invalid.summary", doc, vec![ok_task.clone()]));
    let mut doc = new_document(issued);
    doc.signer_name = String::new();
    cases.push(("invalid.signer_name", doc, vec![ok_task.clone()]));
    let mut doc = new_document(issued);
    doc.number = String::new();
    doc.symbol = String::new();
    cases.push(("invalid.number", doc, vec![ok_task.clone()]));
    // A 1 MB trích yếu.
    let mut doc = new_document(issued);
    doc.summary = "Trích yếu rất dài ".repeat(60_000);
    cases.push(("invalid.summary", doc, vec![ok_task.clone()]));
    // Control characters.
    let mut doc = new_document(issued);
    doc.signer_name = "Hoàng\u{0000}Bình".into();
    cases.push(("invalid.signer_name", doc, vec![ok_task.clone()]));
    // Issued in the future.
    cases.push((
        "invalid.issued_on",
        new_document(d(2026, 3, 9)),
        vec![ok_task.clone()],
    ));
    // Deadline before issuance.
    cases.push((
        "invalid.deadline",
        new_document(issued),
        vec![new_task(f.so, Some(d(2026, 3, 1)))],
    ));
    // No lead unit, unknown lead unit, unknown coordinating unit, lead also coordinating.
    let mut t = ok_task.clone();
    t.lead_unit_id = None;
    cases.push(("invalid.lead_unit_id", new_document(issued), vec![t]));
    cases.push((
        "invalid.lead_unit_id",
        new_document(issued),
        vec![new_task(uuid::Uuid::now_v7(), None)],
    ));
    let mut t = ok_task.clone();
    t.coordinating_unit_ids = vec![uuid::Uuid::now_v7()];
    cases.push((
        "invalid.coordinating_unit_ids",
        new_document(issued),
        vec![t],
    ));
    let mut t = ok_task.clone();
    t.coordinating_unit_ids = vec![f.so];
    cases.push((
        "invalid.coordinating_unit_ids",
        new_document(issued),
        vec![t],
    ));
    // The second task is bad: the first must not be written either.
    let mut t = ok_task.clone();
    t.description = String::new();
    cases.push((
        "invalid.description",
        new_document(issued),
        vec![ok_task.clone(), t],
    ));
    // An attachment that was never uploaded.
    let mut doc = new_document(issued);
    doc.attachments = vec![Attachment {
        sha256: "0".repeat(64),
        file_name: "x.pdf".into(),
        size: 1,
    }];
    cases.push(("invalid.attachments", doc, vec![ok_task.clone()]));

    for (code, doc, tasks) in cases {
        let e = f
            .store
            .register_document_at(&f.office, doc, tasks, now)
            .unwrap_err();
        assert_eq!(e.code(), code, "{e}");
        assert!(
            !e.to_string().is_empty() && !e.to_string().contains("Error"),
            "{e}"
        );
        assert_eq!(dump(&f.store), before, "{code} changed the database");
    }
    let e = f
        .store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![{
                let mut t = ok_task.clone();
                t.description = String::new();
                t
            }],
            now,
        )
        .unwrap_err();
    assert!(e.to_string().starts_with("Nhiệm vụ 1:"), "{e}");
    // A unit cannot register documents.
    assert_eq!(
        f.store
            .register_document_at(&f.so_staff, new_document(issued), vec![], now)
            .unwrap_err()
            .code(),
        "forbidden"
    );
}

#[test]
fn nfd_input_is_stored_as_nfc() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let mut doc = new_document(issued);
    doc.summary = "Về việc phòng, chống thiên tai tại Quảng Trị"
        .nfd()
        .collect();
    let (doc, _) = f
        .store
        .register_document_at(&f.office, doc, vec![], at(issued, 10, 0))
        .unwrap();
    let stored = f.store.document(doc.id).unwrap();
    assert_eq!(
        stored.summary,
        "Về việc phòng, chống thiên tai tại Quảng Trị"
            .nfc()
            .collect::<String>()
    );
    assert!(unicode_normalization::is_nfc(&stored.summary));
}

#[test]
fn accent_insensitive_search_treats_syntax_as_text() {
    let mut f = fixture();
    let issued = d(2026, 3, 2);
    let mut t1 = new_task(f.xa, Some(d(2026, 3, 20)));
    t1.description = "Hỗ trợ người dân bị ảnh hưởng bão số 5 tại Quảng Trị".into();
    let mut t2 = new_task(f.so, Some(d(2026, 3, 20)));
    t2.description = "Thẩm định dự toán do ông Đức đề xuất".into();
    let mut t3 = new_task(f.so, None);
    t3.description = "Quy chế \"phối hợp\" (sửa đổi) * OR NEAR".into();
    f.store
        .register_document_at(
            &f.office,
            new_document(issued),
            vec![t1, t2, t3],
            at(issued, 9, 0),
        )
        .unwrap();
    let search = |f: &Fixture, s: &str| -> Vec<String> {
        let q = RegisterQuery {
            search: Some(s.into()),
            as_of: Some(d(2026, 3, 3)),
            limit: 50,
            ..Default::default()
        };
        let mut v: Vec<String> = f
            .store
            .register_page(&q)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.description)
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        search(&f, "quang tri"),
        vec!["Hỗ trợ người dân bị ảnh hưởng bão số 5 tại Quảng Trị"]
    );
    assert_eq!(search(&f, "QUẢNG TRỊ"), search(&f, "quang tri"));
    assert_eq!(
        search(&f, &"Quảng Trị".nfd().collect::<String>()),
        search(&f, "quang tri")
    );
    assert_eq!(
        search(&f, "duc"),
        vec!["Thẩm định dự toán do ông Đức đề xuất"]
    );
    assert_eq!(
        search(&f, "đức"),
        vec!["Thẩm định dự toán do ông Đức đề xuất"]
    );
    // Prefixes while typing.
    assert_eq!(search(&f, "tham di").len(), 1);
    // The unit name and document number are searchable too.
    assert_eq!(search(&f, "hai lang").len(), 1);
    assert_eq!(search(&f, "125/UBND-KT").len(), 3);
    // FTS and SQL syntax is text, never syntax, and never an error.
    for s in [
        "\"phoi hop\"",
        "(sua doi)",
        "OR",
        "NEAR",
        "*",
        "'; DROP TABLE tasks; --",
        "quy che AND",
        "body:quy",
        "^quy",
        "\"",
        "-",
    ] {
        f.store
            .register_page(&RegisterQuery {
                search: Some(s.into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
    }
    assert_eq!(
        search(&f, "\"phối hợp\" (sửa"),
        vec!["Quy chế \"phối hợp\" (sửa đổi) * OR NEAR"]
    );
    assert_eq!(search(&f, "sửa OR đổi NEAR").len(), 1);
    assert_eq!(f.store.task_count().unwrap(), 3);
    // Documents are searchable the same way.
    assert_eq!(
        f.store
            .documents(Some("giai ngan dau tu"), 0, 10)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        f.store
            .documents(Some("hoang van binh"), 0, 10)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(f.store.documents(Some("không có"), 0, 10).unwrap().len(), 0);
}

/// Tasks assigned after the as-of date are not in that day's register, whether the page is
/// searched or not, and a search combines with the other filters.
#[test]
fn register_as_of_an_earlier_date_leaves_out_later_tasks() {
    let mut f = fixture();
    let (first, second) = (d(2026, 3, 2), d(2026, 3, 10));
    for (issued, lead) in [(first, f.so), (second, f.xa), (second, f.so)] {
        f.store
            .register_document_at(
                &f.office,
                new_document(issued),
                vec![new_task(lead, Some(d(2026, 4, 30)))],
                at(issued, 9, 0),
            )
            .unwrap();
    }
    let page = |as_of, search: Option<&str>, unit| {
        f.store
            .register_page(&RegisterQuery {
                as_of: Some(as_of),
                search: search.map(String::from),
                unit_id: unit,
                limit: 10,
                ..Default::default()
            })
            .unwrap()
    };
    for search in [None, Some("giai ngan")] {
        let early = page(d(2026, 3, 5), search, None);
        assert_eq!((early.total, early.rows.len()), (1, 1), "{search:?}");
        let late = page(d(2026, 3, 10), search, None);
        assert_eq!((late.total, late.rows.len()), (3, 3), "{search:?}");
        let so = page(d(2026, 3, 10), search, Some(f.so));
        assert_eq!((so.total, so.rows.len()), (2, 2), "{search:?}");
        assert!(so.rows.iter().all(|r| r.lead_unit_id == f.so));
    }
    assert_eq!(page(d(2026, 3, 10), Some("khong co"), None).total, 0);
}

#[test]
fn attachments_are_content_addressed_deduplicated_and_limited() {
    let mut f = fixture();
    let a = f
        .store
        .put_attachment("quyet-dinh.pdf", b"%PDF-1.7 signed")
        .unwrap();
    let b = f
        .store
        .put_attachment("ban-sao.pdf", b"%PDF-1.7 signed")
        .unwrap();
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(
        f.store.read_attachment(&a.sha256).unwrap(),
        b"%PDF-1.7 signed"
    );
    let files: usize = walk(f.store.files_dir());
    assert_eq!(files, 1);
    let big = vec![0u8; MAX_ATTACHMENT_BYTES as usize + 1];
    let e = f.store.put_attachment("scan.pdf", &big).unwrap_err();
    assert_eq!(e.code(), "attachment_too_large");
    assert!(e.to_string().contains("giới hạn là 50 MB"), "{e}");
    assert_eq!(walk(f.store.files_dir()), 1);
    // Attach it to a document.
    let mut doc = new_document(d(2026, 3, 2));
    doc.attachments = vec![a.clone()];
    let (doc, _) = f
        .store
        .register_document_at(&f.office, doc, vec![], at(d(2026, 3, 2), 9, 0))
        .unwrap();
    assert_eq!(f.store.document(doc.id).unwrap().attachments, vec![a]);
}

fn walk(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            n += walk(&e.path());
        } else {
            n += 1;
        }
    }
    n
}

#[test]
fn a_database_from_an_earlier_version_opens_and_upgrades() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        // A version-1 file with data written by that version.
        let conn = nhiemvu_core::store::create_at_version(&path, 1).unwrap();
        let unit = uuid::Uuid::now_v7();
        let doc = uuid::Uuid::now_v7();
        conn.execute("INSERT INTO units (id, name, kind, sort_key, created_at) VALUES (?1, 'Xã Hải Lăng', 'commune', x'00', 0)", [unit]).unwrap();
        conn.execute(
            "INSERT INTO documents (id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer, urgency, origin, entered_at)
             VALUES (?1, 'official_letter', '5', 'UBND-KT', '2025-05-05', 'Về phòng chống lụt bão', 'A', 'B', 'chairman', 'normal', 'qc45', 0)",
            [doc],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO tasks (id, document_id, description, lead_unit_id, must_report, origin, classification, state, assigned_at, assigned_on)
             VALUES (?1, ?2, 'Kiểm tra đê điều Quảng Trị', ?3, 1, 'qc45', 'c', 'assigned', 0, '2025-05-05')",
            (uuid::Uuid::now_v7(), doc, unit),
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.task_count().unwrap(), 1);
    // The upgrade indexed the old rows and seeded the 2026 calendar decision.
    let q = RegisterQuery {
        search: Some("de dieu quang tri".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.register_page(&q).unwrap().rows.len(), 1);
    assert!(store.calendar().is_working_day(d(2026, 8, 22)));
    assert!(!store.calendar().is_working_day(d(2026, 8, 31)));
    drop(store);
    // Opening again is a no-op.
    assert_eq!(Store::open(&path).unwrap().task_count().unwrap(), 1);
}

#[test]
fn foreign_damaged_and_newer_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // Not SQLite at all.
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(
        &text,
        "Biên bản họp giao ban tuần, không phải cơ sở dữ liệu",
    )
    .unwrap();
    let e = Store::open(&text).err().unwrap();
    assert_eq!(e.code(), "bad_database");
    assert!(
        e.to_string()
            .contains("không phải là cơ sở dữ liệu của Nhiệm Vụ"),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "Biên bản họp giao ban tuần, không phải cơ sở dữ liệu"
    );

    // Another program's SQLite database.
    let other = dir.path().join("other.sqlite3");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);").unwrap();
    }
    let bytes = std::fs::read(&other).unwrap();
    let e = Store::open(&other).err().unwrap();
    assert_eq!(e.code(), "bad_database");
    assert_eq!(std::fs::read(&other).unwrap(), bytes);

    // Our file with its pages overwritten by garbage after the header.
    let damaged = dir.path().join("damaged.sqlite3");
    {
        let f = fixture();
        drop(f.store);
        std::fs::copy(f.dir.path().join("nhiemvu.sqlite3"), &damaged).unwrap();
    }
    let mut raw = std::fs::read(&damaged).unwrap();
    for b in raw.iter_mut().skip(100).take(8000) {
        *b = 0xA5;
    }
    std::fs::write(&damaged, &raw).unwrap();
    let e = Store::open(&damaged)
        .err()
        .expect("a damaged file must be refused");
    assert_eq!(e.code(), "bad_database", "{e}");
    assert_eq!(std::fs::read(&damaged).unwrap(), raw);

    // A file from a newer version.
    let newer = dir.path().join("newer.sqlite3");
    {
        let c = nhiemvu_core::store::create_at_version(&newer, SCHEMA_VERSION).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
    }
    let e = Store::open(&newer).err().unwrap();
    assert!(e.to_string().contains("phiên bản mới hơn"), "{e}");
}

#[test]
fn statistics_match_a_hand_computed_fixture() {
    let mut f = fixture();
    let issued = d(2026, 1, 5);
    let now = at(issued, 9, 0);
    // Six tasks assigned 05/01/2026; statistics as of 31/03/2026.
    let mut tasks = vec![
        new_task(f.so, Some(d(2026, 2, 27))), // 0: done on time (submitted 26/02)
        new_task(f.so, Some(d(2026, 2, 27))), // 1: done late (submitted 03/03)
        new_task(f.xa, Some(d(2026, 4, 30))), // 2: in progress, in time
        new_task(f.xa, Some(d(2026, 3, 16))), // 3: overdue, with difficulties
        new_task(f.phong, Some(d(2026, 6, 30))), // 4: not started
        new_task(f.phong, None),              // 5: no deadline
    ];
    tasks[5].must_report = false;
    let mut qc42 = new_document(issued);
    qc42.issuer = Issuer::PrimeMinister;
    qc42.number = "7".into();
    let (_, a) = f
        .store
        .register_document_at(&f.office, new_document(issued), tasks, now)
        .unwrap();
    // Two more: one QC42 cancelled (excluded from assigned), one assigned after the period.
    let (_, b) = f
        .store
        .register_document_at(
            &f.office,
            qc42,
            vec![new_task(f.so, Some(d(2026, 3, 1)))],
            now,
        )
        .unwrap();
    f.store
        .apply_at(
            &f.office,
            b[0].id,
            None,
            TaskAction::Cancel {
                reason: "Không còn phù hợp".into(),
                withdrawn: false,
            },
            at(d(2026, 2, 1), 9, 0),
        )
        .unwrap();
    let (_, later) = f
        .store
        .register_document_at(
            &f.office,
            new_document(d(2026, 4, 2)),
            vec![new_task(f.so, None)],
            at(d(2026, 4, 2), 9, 0),
        )
        .unwrap();
    assert_eq!(later.len(), 1);

    let accept = |f: &mut Fixture, i: usize, who: &nhiemvu_core::lifecycle::Actor| {
        f.store
            .apply_at(
                who,
                a[i].id,
                None,
                TaskAction::Accept,
                at(d(2026, 1, 6), 9, 0),
            )
            .unwrap();
    };
    let (so, xa) = (f.so_staff.clone(), f.xa_staff.clone());
    for (i, who) in [(0, &so), (1, &so), (2, &xa), (3, &xa)] {
        accept(&mut f, i, who);
    }
    let submit_and_pass = |f: &mut Fixture, i: usize, who: &nhiemvu_core::lifecycle::Actor, day| {
        let r = ResultReport {
            reply_kind: DocumentKind::OfficialLetter,
            reply_number: "1".into(),
            reply_symbol: "STC".into(),
            reply_summary: "Báo cáo".into(),
            reply_issued_on: day,
            reply_signer: "Trần Văn Đức".into(),
            outcome: ResultOutcome::Completed,
            completed_on: Some(day),
            explanation: String::new(),
            attachment: None,
        };
        f.store
            .apply_at(
                who,
                a[i].id,
                None,
                TaskAction::SubmitResult(r),
                at(day, 10, 0),
            )
            .unwrap();
        f.store
            .apply_at(
                &f.office.clone(),
                a[i].id,
                None,
                TaskAction::Review {
                    passed: true,
                    comment: String::new(),
                },
                at(day, 14, 0),
            )
            .unwrap();
    };
    submit_and_pass(&mut f, 0, &so, d(2026, 2, 26));
    submit_and_pass(&mut f, 1, &so, d(2026, 3, 3));
    f.store
        .apply_at(
            &xa,
            a[3].id,
            None,
            TaskAction::Progress(nhiemvu_core::model::ProgressUpdate {
                text: "Đang làm".into(),
                difficulties: "Thiếu kinh phí".into(),
                proposals: "Đề nghị bổ sung vốn".into(),
                delay_reasons: "Mưa lũ kéo dài".into(),
            }),
            at(d(2026, 3, 10), 9, 0),
        )
        .unwrap();

    let s = f
        .store
        .statistics(d(2026, 1, 1), d(2026, 3, 31), d(2026, 3, 31))
        .unwrap();
    let t = s.total;
    assert_eq!(
        (
            t.assigned,
            t.done_on_time,
            t.done_late,
            t.in_progress_on_time,
            t.overdue,
            t.not_started,
            t.no_deadline,
            t.cancelled
        ),
        (6, 1, 1, 1, 1, 1, 1, 1)
    );
    assert!((t.overdue_rate() - 100.0 / 6.0).abs() < 1e-9);
    assert!((t.done_rate() - 200.0 / 6.0).abs() < 1e-9);
    let by = |name: &str| {
        s.by_unit
            .iter()
            .find(|u| u.unit_name == name)
            .unwrap()
            .counts
    };
    assert_eq!(
        (
            by("Sở Tài chính").done_on_time,
            by("Sở Tài chính").done_late,
            by("Sở Tài chính").cancelled
        ),
        (1, 1, 1)
    );
    assert_eq!(
        (
            by("Xã Hải Lăng").overdue,
            by("Xã Hải Lăng").in_progress_on_time
        ),
        (1, 1)
    );
    assert_eq!(
        (
            by("Phòng Quản lý ngân sách").not_started,
            by("Phòng Quản lý ngân sách").no_deadline
        ),
        (1, 1)
    );
    // Units in tree order: the sở, then its phòng, then the xã.
    let names: Vec<&str> = s.by_unit.iter().map(|u| u.unit_name.as_str()).collect();
    assert_eq!(
        names,
        ["Sở Tài chính", "Phòng Quản lý ngân sách", "Xã Hải Lăng"]
    );
    // By origin: the QC42 task was cancelled.
    let qc42 = s
        .by_origin
        .iter()
        .find(|(o, _)| o.as_str() == "qc42")
        .unwrap()
        .1;
    assert_eq!((qc42.assigned, qc42.cancelled), (0, 1));
    let class_d = s
        .by_classification
        .iter()
        .find(|(c, _)| c.as_str() == "d")
        .unwrap()
        .1;
    assert_eq!(class_d.no_deadline, 1);
    // The overdue list carries the unit's reasons.
    assert_eq!(s.overdue.len(), 1);
    let o = &s.overdue[0];
    assert_eq!(
        (o.lead_unit_name.as_str(), o.deadline),
        ("Xã Hải Lăng", d(2026, 3, 16))
    );
    assert_eq!(
        (
            o.difficulties.as_str(),
            o.proposals.as_str(),
            o.delay_reasons.as_str()
        ),
        ("Thiếu kinh phí", "Đề nghị bổ sung vốn", "Mưa lũ kéo dài")
    );
    assert_eq!(o.days_overdue, 11); // 17/03 … 31/03: 11 working days.
                                    // The register's status filters agree with the statistics.
    for (filter, n) in [
        (StatusFilter::Overdue, 1),
        (StatusFilter::DoneLate, 1),
        (StatusFilter::NotStarted, 1),
        (StatusFilter::NoDeadline, 1),
        (StatusFilter::Cancelled, 1),
        (StatusFilter::Unfinished, 4),
    ] {
        let q = RegisterQuery {
            status: Some(filter),
            as_of: Some(d(2026, 3, 31)),
            limit: 50,
            ..Default::default()
        };
        assert_eq!(f.store.register_page(&q).unwrap().total, n, "{filter:?}");
    }
    // As of 20/02 nothing was overdue or done yet.
    let s = f
        .store
        .statistics(d(2026, 1, 1), d(2026, 3, 31), d(2026, 2, 20))
        .unwrap();
    assert_eq!((s.total.overdue, s.total.done()), (0, 0));
    // A period that ends before it starts is refused.
    assert_eq!(
        f.store
            .statistics(d(2026, 3, 1), d(2026, 1, 1), d(2026, 3, 1))
            .unwrap_err()
            .code(),
        "invalid.to"
    );
}

#[test]
fn late_entries_and_reviews_are_counted_per_unit() {
    let mut f = fixture();
    // Issued Monday 02/03, entered Thursday 05/03: 3 working days, late.
    let mut doc = new_document(d(2026, 3, 2));
    doc.urgency = Urgency::Normal;
    let (doc, tasks) = f
        .store
        .register_document_at(
            &f.office,
            doc,
            vec![new_task(f.so, Some(d(2026, 3, 31)))],
            at(d(2026, 3, 5), 9, 0),
        )
        .unwrap();
    assert!(doc.entered_late);
    let id = tasks[0].id;
    f.store
        .apply_at(
            &f.so_staff,
            id,
            None,
            TaskAction::Accept,
            at(d(2026, 3, 5), 10, 0),
        )
        .unwrap();
    let r = ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "9".into(),
        reply_symbol: "STC".into(),
        reply_summary: "Báo cáo".into(),
        reply_issued_on: d(2026, 3, 9),
        reply_signer: "Trần Văn Đức".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(d(2026, 3, 9)),
        explanation: String::new(),
        attachment: None,
    };
    // Reply dated Mon 09/03 entered Wed 11/03: late. Reviewed Fri 13/03: late.
    f.store
        .apply_at(
            &f.so_staff,
            id,
            None,
            TaskAction::SubmitResult(r),
            at(d(2026, 3, 11), 9, 0),
        )
        .unwrap();
    f.store
        .apply_at(
            &f.office,
            id,
            None,
            TaskAction::Review {
                passed: true,
                comment: String::new(),
            },
            at(d(2026, 3, 13), 9, 0),
        )
        .unwrap();
    let s = f
        .store
        .statistics(d(2026, 3, 1), d(2026, 3, 31), d(2026, 3, 31))
        .unwrap();
    let l = |name: &str| {
        s.lateness
            .iter()
            .find(|l| l.unit_name == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(l("Văn phòng UBND tỉnh").late_document_entries, 1);
    assert_eq!(l("Văn phòng UBND tỉnh").late_reviews, 1);
    assert_eq!(l("Sở Tài chính").late_result_entries, 1);
}

#[test]
fn document_register_filters_sorts_and_counts_tasks() {
    use nhiemvu_core::model::{DocumentKind, Issuer, Urgency};
    use nhiemvu_core::store::query::{DocumentQuery, DocumentSort};
    let mut f = fixture();
    let mk = |kind, issuer, urgency, summary: &str, day| nhiemvu_core::store::NewDocument {
        kind,
        issuer,
        urgency,
        summary: summary.into(),
        ..new_document(d(2026, 3, day))
    };
    let docs = [
        (
            mk(
                DocumentKind::Decision,
                Issuer::Chairman,
                Urgency::Normal,
                "Quyết định về cải cách hành chính",
                2,
            ),
            2,
        ),
        (
            mk(
                DocumentKind::Telegram,
                Issuer::PrimeMinister,
                Urgency::Flash,
                "Công điện về phòng chống bão",
                4,
            ),
            1,
        ),
        (
            mk(
                DocumentKind::OfficialLetter,
                Issuer::ViceChairman,
                Urgency::Urgent,
                "Đôn đốc giải ngân",
                3,
            ),
            0,
        ),
    ];
    for (doc, n) in docs {
        let tasks = (0..n)
            .map(|_| new_task(f.so, Some(d(2026, 4, 30))))
            .collect();
        f.store
            .register_document_at(&f.office, doc, tasks, at(d(2026, 3, 5), 9, 0))
            .unwrap();
    }
    let page = |q: DocumentQuery| {
        f.store
            .document_page(&DocumentQuery { limit: 10, ..q })
            .unwrap()
    };
    let all = page(DocumentQuery::default());
    assert_eq!(all.total, 3);
    let summaries: Vec<_> = all.rows.iter().map(|r| r.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "Công điện về phòng chống bão",
            "Đôn đốc giải ngân",
            "Quyết định về cải cách hành chính"
        ],
        "newest issue date first"
    );
    assert_eq!(
        all.rows.iter().map(|r| r.task_count).collect::<Vec<_>>(),
        [1, 0, 2]
    );
    let asc = page(DocumentQuery {
        sort: DocumentSort::IssuedAsc,
        ..Default::default()
    });
    assert_eq!(asc.rows[0].summary, "Quyết định về cải cách hành chính");
    let telegram = page(DocumentQuery {
        kind: Some(DocumentKind::Telegram),
        ..Default::default()
    });
    assert_eq!(telegram.total, 1);
    assert_eq!(
        telegram.rows[0].origin.as_str(),
        "qc42",
        "the Prime Minister's documents are QC42"
    );
    assert_eq!(
        page(DocumentQuery {
            urgency: Some(Urgency::Urgent),
            ..Default::default()
        })
        .total,
        1
    );
    assert_eq!(
        page(DocumentQuery {
            issuer: Some(Issuer::Chairman),
            ..Default::default()
        })
        .total,
        1
    );
    let range = page(DocumentQuery {
        issued_from: Some(d(2026, 3, 3)),
        issued_to: Some(d(2026, 3, 3)),
        ..Default::default()
    });
    assert_eq!(
        range
            .rows
            .iter()
            .map(|r| r.summary.as_str())
            .collect::<Vec<_>>(),
        ["Đôn đốc giải ngân"]
    );
    let search = page(DocumentQuery {
        search: Some("cong dien bao".into()),
        ..Default::default()
    });
    assert_eq!(search.total, 1);
    let injected = page(DocumentQuery {
        search: Some("\" OR 1=1 --".into()),
        ..Default::default()
    });
    assert_eq!(injected.total, 0, "search input is only ever words");
}
