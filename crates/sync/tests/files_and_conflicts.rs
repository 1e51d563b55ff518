//! Attachments travel content-addressed and once per content; concurrent edits of one
//! field keep both values as a conflict both people see; a stale review is refused.

mod support;

use chrono::Days;
use nhiemvu_core::model::{DocumentKind, Extension, ResultOutcome, ResultReport, WorkflowState};
use nhiemvu_core::store::{OutboxState, TaskAction};
use nhiemvu_core::timeliness::today_local;
use support::*;

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn attachments_sync_once_per_content_and_only_to_who_may_see_them() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");
    let mut stc = office.pc("stc_cuong");
    let pdf = b"%PDF-1.4 ban ky so cua Quyet dinh 12/QD-UBND".repeat(2000);
    let a = vp.store.put_attachment("QĐ 12.pdf", &pdf).unwrap();
    let actor = vp.actor();
    let mut d1 = document("12");
    d1.attachments = vec![a.clone()];
    let mut d2 = document("13");
    d2.attachments = vec![a.clone()]; // the same file under a second document
    vp.store
        .register_document(
            &actor,
            d1,
            vec![task(
                office.health.id,
                "Triển khai",
                Some(today_local() + Days::new(10)),
            )],
        )
        .unwrap();
    vp.store
        .register_document(
            &actor,
            d2,
            vec![task(
                office.health.id,
                "Báo cáo",
                Some(today_local() + Days::new(10)),
            )],
        )
        .unwrap();
    let r = vp.sync();
    assert_eq!(
        (r.pushed, r.rejected),
        (2, 0),
        "{:?}",
        vp.store.outbox_entries(Some(OutboxState::Rejected), 5)
    );
    let mut su = office.superuser();
    assert_eq!(
        count(&mut su, "SELECT count(*) FROM nv.blobs"),
        1,
        "stored once"
    );
    assert_eq!(
        count(&mut su, "SELECT count(*) FROM nv.document_attachments"),
        2
    );

    syt.sync();
    assert_eq!(
        syt.store.read_attachment(&a.sha256).unwrap(),
        pdf,
        "downloaded, checked against its address"
    );
    stc.sync();
    assert!(
        stc.store.read_attachment(&a.sha256).is_err(),
        "not to a unit with no task in it"
    );
    let mut direct = office.direct("stc_cuong");
    assert_eq!(count(&mut direct, "SELECT count(*) FROM nv.blobs"), 0);

    // The unit's result file goes up the same way and comes back to the office.
    let report = syt
        .store
        .put_attachment("BC 45.pdf", b"%PDF-1.4 bao cao ket qua")
        .unwrap();
    let unit = syt.actor();
    let id = syt.store.task_ids().unwrap()[0];
    syt.store
        .apply(&unit, id, None, TaskAction::Accept)
        .unwrap();
    syt.store
        .apply(
            &unit,
            id,
            None,
            TaskAction::SubmitResult(ResultReport {
                reply_kind: DocumentKind::OfficialLetter,
                reply_number: "45".into(),
                reply_symbol: "BC-SYT".into(),
                reply_summary: "Báo cáo kết quả".into(),
                reply_issued_on: today_local(),
                reply_signer: "Giám đốc Sở Y tế".into(),
                outcome: ResultOutcome::Completed,
                completed_on: Some(today_local()),
                explanation: String::new(),
                attachment: Some(report.clone()),
            }),
        )
        .unwrap();
    syt.sync();
    vp.sync();
    assert_eq!(
        vp.store.read_attachment(&report.sha256).unwrap(),
        b"%PDF-1.4 bao cao ket qua"
    );

    // A forged blob whose address does not match its bytes is refused by the server, and
    // the table cannot be written around the upload function.
    let mut direct = office.direct("syt_binh");
    let e = direct
        .execute("SELECT nv.put_blob($1, 'abc')", &[&"0".repeat(64)])
        .unwrap_err();
    assert_eq!(e.code().unwrap().code(), "23514", "check_violation");
    let e = direct
        .execute(
            "INSERT INTO nv.blobs (sha256, size, content) VALUES ($1, 3, 'abc')",
            &[&"0".repeat(64)],
        )
        .unwrap_err();
    assert_eq!(e.code().unwrap().code(), "42501");
    // And one over the size limit.
    let big = vec![0u8; 52_428_801];
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&big))
    };
    let e = direct
        .execute("SELECT nv.put_blob($1, $2)", &[&sha, &big])
        .unwrap_err();
    assert_eq!(e.code().unwrap().code(), "23514");
}

#[test]
fn concurrent_extensions_keep_both_values_as_a_conflict() {
    let office = Office::start();
    let mut thu = office.pc("vp_thu");
    let mut lan = office.pc("vp_lan");
    let tasks = register(&mut thu, "50", &[office.health.id]);
    thu.sync();
    lan.sync();
    let id = tasks[0].id;
    let extend = |days| {
        TaskAction::Extend(Extension {
            new_deadline: today_local() + Days::new(days),
            approving_document: "90/UBND-TH".into(),
            reason: "Gia hạn".into(),
        })
    };
    let a = thu.actor();
    thu.store.apply(&a, id, None, extend(40)).unwrap();
    let a = lan.actor();
    lan.store.apply(&a, id, None, extend(60)).unwrap();
    thu.sync();
    let r = lan.sync();
    assert_eq!((r.pushed, r.rejected), (1, 0), "the later commit wins");
    thu.sync();
    let want = Some(today_local() + Days::new(60));
    assert_eq!(thu.store.task(id).unwrap().deadline, want);
    assert_eq!(lan.store.task(id).unwrap().deadline, want);

    // Both see the conflict with both values.
    for login in ["vp_thu", "vp_lan"] {
        let mut c = office.direct(login);
        let rows = c
            .query("SELECT field, overwritten, kept, overwritten_by::text, kept_by::text FROM nv.conflicts", &[])
            .unwrap();
        assert_eq!(rows.len(), 1, "{login}");
        let r = &rows[0];
        assert_eq!(r.get::<_, &str>(0), "deadline");
        assert_eq!(
            r.get::<_, serde_json::Value>(1),
            serde_json::json!(today_local() + Days::new(40))
        );
        assert_eq!(r.get::<_, serde_json::Value>(2), serde_json::json!(want));
        assert_eq!(
            (r.get::<_, &str>(3), r.get::<_, &str>(4)),
            ("vp_thu", "vp_lan")
        );
    }
    assert_eq!(lan.session.as_mut().unwrap().open_conflicts().unwrap(), 1);
    // Either of them settles it; a unit cannot see it.
    let mut c = office.direct("vp_thu");
    let id: i64 = c
        .query_one("SELECT id FROM nv.conflicts", &[])
        .unwrap()
        .get(0);
    c.execute("SELECT nv.resolve_conflict($1, 'Giữ hạn 60 ngày')", &[&id])
        .unwrap();
    assert_eq!(lan.session.as_mut().unwrap().open_conflicts().unwrap(), 0);
    let mut unit = office.direct("syt_binh");
    assert_eq!(count(&mut unit, "SELECT count(*) FROM nv.conflicts"), 0);
}

#[test]
fn a_review_decided_on_an_old_version_is_refused() {
    let office = Office::start();
    let mut thu = office.pc("vp_thu");
    let mut lan = office.pc("vp_lan");
    let mut syt = office.pc("syt_binh");
    let tasks = register(&mut thu, "60", &[office.health.id]);
    thu.sync();
    syt.sync();
    let id = tasks[0].id;
    let u = syt.actor();
    syt.store.apply(&u, id, None, TaskAction::Accept).unwrap();
    let submit = TaskAction::SubmitResult(ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "7".into(),
        reply_symbol: "BC-SYT".into(),
        reply_summary: "Đã hoàn thành".into(),
        reply_issued_on: today_local(),
        reply_signer: "Giám đốc".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(today_local()),
        explanation: String::new(),
        attachment: None,
    });
    syt.store.apply(&u, id, None, submit.clone()).unwrap();
    syt.sync();
    thu.sync();
    lan.sync();
    // Lan rejects the result; the unit submits again; Thu, looking at the first result,
    // accepts it without having synced.
    let a = lan.actor();
    lan.store
        .apply(
            &a,
            id,
            None,
            TaskAction::Review {
                passed: false,
                comment: "Thiếu số liệu".into(),
            },
        )
        .unwrap();
    lan.sync();
    syt.sync();
    syt.store.apply(&u, id, None, submit).unwrap();
    syt.sync();
    let a = thu.actor();
    let v = thu.store.task(id).unwrap().version;
    thu.store
        .apply(
            &a,
            id,
            Some(v),
            TaskAction::Review {
                passed: true,
                comment: String::new(),
            },
        )
        .unwrap();
    let r = thu.sync();
    assert_eq!(r.rejected, 1, "decided on a result that was replaced");
    let e = &thu
        .store
        .outbox_entries(Some(OutboxState::Rejected), 5)
        .unwrap()[0];
    assert!(
        e.reason.as_deref().unwrap().contains("người khác thay đổi"),
        "{:?}",
        e.reason
    );
    assert_eq!(
        thu.store.task(id).unwrap().state,
        WorkflowState::Submitted,
        "shows the new result waiting"
    );
}
