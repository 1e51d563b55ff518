//! The registers: continuous yearly numbers with no gap or duplicate (under concurrent
//! entry, cancellation and the turn of the year), recipients who sign, sealed envelopes,
//! the tuyệt mật rule held by the file itself, nothing deleted, protection periods.

mod common;
use common::*;

use std::collections::BTreeSet;

use nhiemvu_core::model::Secrecy;
use nhiemvu_secret::{
    DecisionKind, EntryStatus, NewDecision, NewIncoming, Register, SecretError, SecretStore,
    SummaryApproval,
};

#[test]
fn numbers_run_on_within_a_year_start_again_at_one_and_a_cancelled_one_stays() {
    let mut f = fixture();
    let s = &mut f.store;
    let a = s
        .register_incoming(incoming(
            "Một",
            Secrecy::Confidential,
            local(2025, 12, 30, 8, 0),
        ))
        .unwrap();
    let b = s
        .register_incoming(incoming(
            "Hai",
            Secrecy::Secret,
            local(2025, 12, 31, 23, 58),
        ))
        .unwrap();
    // 00:05 on 1 January in Hà Nội is still 31 December in UTC: the local date decides.
    let c = s
        .register_incoming(incoming(
            "Ba",
            Secrecy::Confidential,
            local(2026, 1, 1, 0, 5),
        ))
        .unwrap();
    assert_eq!((a.year, a.number), (2025, 1));
    assert_eq!((b.year, b.number), (2025, 2));
    assert_eq!((c.year, c.number), (2026, 1));
    // The outgoing register has its own numbers, which are also the documents' numbers.
    let o = s
        .register_outgoing(outgoing(
            "Báo cáo mật",
            Secrecy::Secret,
            local(2026, 1, 2, 9, 0),
        ))
        .unwrap();
    assert_eq!(
        (o.year, o.number, o.doc_number.as_str()),
        (2026, 1, "1/BC-VP")
    );

    let cancelled = s.cancel_entry(c.id, "Vào sổ nhầm văn bản").unwrap();
    assert_eq!(cancelled.status, EntryStatus::Cancelled);
    assert!(s.cancel_entry(c.id, "lần nữa").is_err());
    let d2 = s
        .register_incoming(incoming(
            "Bốn",
            Secrecy::Confidential,
            local(2026, 1, 3, 9, 0),
        ))
        .unwrap();
    assert_eq!(d2.number, 2, "the cancelled entry keeps number 1");
    let numbers: Vec<u32> = s
        .entries(Register::Incoming, Some(2026))
        .unwrap()
        .iter()
        .map(|e| e.number)
        .collect();
    assert_eq!(numbers, vec![1, 2]);
    assert!(s.cancel_entry(a.id, "  ").is_err(), "a reason is required");
}

#[test]
fn two_clerks_at_once_never_get_the_same_number_nor_leave_a_gap() {
    let f = fixture();
    let path = f.path();
    let code = f.code.as_str().to_string();
    drop(f.store);
    const EACH: usize = 40;
    let handles: Vec<_> = (0..3)
        .map(|t| {
            let path = path.clone();
            let code = code.clone();
            std::thread::spawn(move || {
                let vault = nhiemvu_secret::MemoryVault::new();
                let mut s =
                    SecretStore::open_with_recovery_code(&path, &code, None, &vault, clerk())
                        .unwrap();
                let mut got = Vec::new();
                for i in 0..EACH {
                    let e = s
                        .register_incoming(incoming(
                            &format!("Luồng {t} văn bản {i}"),
                            Secrecy::Confidential,
                            local(2026, 5, 4, 9, 0),
                        ))
                        .unwrap();
                    got.push(e.number);
                }
                got
            })
        })
        .collect();
    let mut all: Vec<u32> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort();
    let expected: Vec<u32> = (1..=(3 * EACH) as u32).collect();
    assert_eq!(all, expected, "1…120, each once");
}

#[test]
fn an_outgoing_document_has_recipients_who_each_sign_for_it() {
    let mut f = fixture();
    let s = &mut f.store;
    let mut o = outgoing("Kế hoạch bảo vệ", Secrecy::Secret, local(2026, 4, 1, 9, 0));
    o.recipients = vec![
        "Công an tỉnh".into(),
        " ".into(),
        "Bộ Chỉ huy Quân sự tỉnh".into(),
        "Sở Ngoại vụ".into(),
    ];
    let e = s.register_outgoing(o).unwrap();
    let names: Vec<&str> = e.recipients.iter().map(|r| r.recipient.as_str()).collect();
    assert_eq!(
        names,
        ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Sở Ngoại vụ"]
    );
    let first = e.recipients[0].id;
    let e = s
        .sign_for_recipient(first, "Đại úy Lê Văn Tâm", Some(local(2026, 4, 1, 14, 30)))
        .unwrap();
    assert_eq!(
        e.recipients[0].received_by.as_deref(),
        Some("Đại úy Lê Văn Tâm")
    );
    assert_eq!(e.recipients[0].received_at, Some(local(2026, 4, 1, 14, 30)));
    assert!(e.recipients[1].received_by.is_none());
    assert!(
        s.sign_for_recipient(first, "Người khác", None).is_err(),
        "never overwritten"
    );
    let mut none = outgoing("x", Secrecy::Secret, local(2026, 4, 1, 9, 0));
    none.recipients.clear();
    let err = s.register_outgoing(none).unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("recipients"));
}

#[test]
fn a_sealed_envelope_is_registered_from_its_outside() {
    let mut f = fixture();
    let s = &mut f.store;
    let env = NewIncoming {
        received_at: Some(local(2026, 6, 1, 10, 0)),
        issuer: "Ban Cơ yếu Chính phủ".into(),
        doc_number: "07/BCY".into(),
        secrecy: Some(Secrecy::TopSecret),
        sealed_for: Some("Chủ tịch UBND tỉnh".into()),
        handler: "Chủ tịch UBND tỉnh".into(),
        ..Default::default()
    };
    let e = s.register_incoming(env.clone()).unwrap();
    assert_eq!(e.sealed_for.as_deref(), Some("Chủ tịch UBND tỉnh"));
    assert!(e.summary.is_none());
    let err = s
        .register_incoming(NewIncoming {
            summary: Some("Nội dung trong bì".into()),
            summary_approved_by: Some("Nguyễn Văn A".into()),
            summary_approved_on: Some(d(2026, 6, 1)),
            ..env
        })
        .unwrap_err();
    assert!(err.to_string().contains("bên ngoài bì"), "{err}");
    let e = s
        .sign_for_incoming(e.id, "Chủ tịch UBND tỉnh", Some(local(2026, 6, 1, 10, 30)))
        .unwrap();
    assert_eq!(e.handler_signed_by.as_deref(), Some("Chủ tịch UBND tỉnh"));
}

#[test]
fn a_top_secret_summary_needs_the_leader_and_the_file_holds_the_rule() {
    let mut f = fixture();
    let s = &mut f.store;
    // Through the store: refused without the approval, accepted with it.
    let err = s
        .register_outgoing(outgoing(
            "Phương án tác chiến",
            Secrecy::TopSecret,
            local(2026, 2, 2, 9, 0),
        ))
        .unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("summary_approved_by"));
    let mut no_summary = outgoing("", Secrecy::TopSecret, local(2026, 2, 2, 9, 0));
    no_summary.summary = None;
    let e = s.register_outgoing(no_summary).unwrap();
    assert!(e.summary.is_none());
    let e = s
        .approve_summary(
            e.id,
            SummaryApproval {
                summary: "Phương án tác chiến".into(),
                approved_by: "Phó Chánh Văn phòng Hồ Thị Lan".into(),
                approved_on: d(2026, 2, 3),
            },
        )
        .unwrap();
    assert_eq!(e.summary.as_deref(), Some("Phương án tác chiến"));

    // Straight SQL on the opened file: the constraint and the triggers refuse.
    let c = s.connection();
    let id = e.id.to_string();
    let attempts = [
        format!("UPDATE entries SET summary_approved_by = NULL WHERE id = '{id}'"),
        format!("UPDATE entries SET summary_approved_on = NULL WHERE id = '{id}'"),
        "INSERT INTO entries (id, register, year, number, registered_at, registered_on, summary, secrecy, urgency, created_by)
         VALUES ('x', 'outgoing', 2026, 99, '2026-02-02T02:00:00Z', '2026-02-02', 'Lộ trích yếu', 'top_secret', 'normal', 'kẻ gian')".into(),
    ];
    for sql in &attempts {
        assert!(c.execute(sql, []).is_err(), "{sql}");
    }
    // Even with CHECK constraints switched off, the triggers hold.
    c.execute_batch("PRAGMA ignore_check_constraints = ON")
        .unwrap();
    for sql in &attempts {
        let e = c.execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("tuyệt mật"), "{sql}: {e}");
    }
    c.execute_batch("PRAGMA ignore_check_constraints = OFF")
        .unwrap();
    // The row is as it was.
    assert_eq!(
        s.entry(e.id).unwrap().summary_approved_by.as_deref(),
        Some("Phó Chánh Văn phòng Hồ Thị Lan")
    );
}

#[test]
fn nothing_is_deleted_and_numbers_never_change() {
    let mut f = fixture();
    let s = &mut f.store;
    let e = s
        .register_outgoing(outgoing("Giữ", Secrecy::Secret, local(2026, 3, 3, 9, 0)))
        .unwrap();
    let c = s.connection();
    for sql in [
        "DELETE FROM entries".to_string(),
        "DELETE FROM recipients".into(),
        "DELETE FROM audit".into(),
        format!("UPDATE entries SET number = 7 WHERE id = '{}'", e.id),
        format!("UPDATE entries SET year = 2020 WHERE id = '{}'", e.id),
        "UPDATE audit SET actor = 'ai đó'".into(),
    ] {
        let err = c.execute(&sql, []).unwrap_err();
        assert!(
            err.to_string().contains("Không được") || err.to_string().contains("không được"),
            "{sql}: {err}"
        );
    }
    assert_eq!(s.entries(Register::Outgoing, None).unwrap().len(), 1);
}

#[test]
fn protection_periods_run_30_20_10_years_and_decisions_change_them() {
    let mut f = fixture();
    let s = &mut f.store;
    let at = local(2026, 3, 10, 9, 0);
    let mut top = incoming("", Secrecy::TopSecret, at);
    top.summary = None;
    let top = s.register_incoming(top).unwrap();
    let sec = s
        .register_incoming(incoming("Tối mật", Secrecy::Secret, at))
        .unwrap();
    let conf = s
        .register_incoming(incoming("Mật", Secrecy::Confidential, at))
        .unwrap();
    let dated = d(2026, 3, 8); // the documents' date (two days before arrival)
    assert_eq!(top.protected_until, Some(d(2056, 3, 8)));
    assert_eq!(sec.protected_until, Some(d(2046, 3, 8)));
    assert_eq!(conf.protected_until, Some(d(2036, 3, 8)));
    assert_eq!(conf.doc_date, Some(dated));

    let decision = |kind, number: &str| NewDecision {
        kind,
        decision_number: number.into(),
        decision_date: d(2026, 11, 2),
        new_secrecy: None,
        new_until: None,
        note: String::new(),
    };
    // Extension needs a later date.
    let mut ext = decision(DecisionKind::Extend, "12/QĐ-UBND");
    ext.new_until = Some(d(2030, 1, 1));
    assert!(s.record_decision(conf.id, ext.clone()).is_err());
    ext.new_until = Some(d(2041, 3, 8));
    s.record_decision(conf.id, ext).unwrap();
    assert_eq!(
        s.entry(conf.id).unwrap().protected_until,
        Some(d(2041, 3, 8))
    );
    // A lower level: the period follows the new level unless the decision says otherwise.
    let mut down = decision(DecisionKind::ChangeLevel, "13/QĐ-UBND");
    down.new_secrecy = Some(Secrecy::Confidential);
    s.record_decision(sec.id, down).unwrap();
    let sec_now = s.entry(sec.id).unwrap();
    assert_eq!(sec_now.secrecy, Secrecy::Confidential);
    assert_eq!(sec_now.protected_until, Some(d(2036, 3, 8)));
    // Declassified and destroyed rows stay, with their decisions.
    s.record_decision(top.id, decision(DecisionKind::Declassify, "14/QĐ-UBND"))
        .unwrap();
    s.record_decision(conf.id, decision(DecisionKind::Destroy, "15/QĐ-UBND"))
        .unwrap();
    assert_eq!(s.entry(top.id).unwrap().status, EntryStatus::Declassified);
    assert_eq!(s.entry(conf.id).unwrap().status, EntryStatus::Destroyed);
    assert_eq!(s.decisions(conf.id).unwrap().len(), 2);
    assert!(
        s.record_decision(conf.id, decision(DecisionKind::Declassify, "16/QĐ-UBND"))
            .is_err(),
        "nothing more on a destroyed document"
    );
    assert_eq!(s.entries(Register::Incoming, None).unwrap().len(), 3);

    // What expires soon: only active documents, soonest first.
    let soon = s.expiring(d(2036, 1, 1), 180).unwrap();
    let ids: BTreeSet<_> = soon.iter().map(|e| e.id).collect();
    assert_eq!(ids, BTreeSet::from([sec.id]));
    assert!(s.expiring(d(2026, 12, 1), 180).unwrap().is_empty());
}

#[test]
fn refusals_are_explained_and_change_nothing() {
    let mut f = fixture();
    let s = &mut f.store;
    let mut bad = incoming("x", Secrecy::Secret, local(2026, 3, 3, 9, 0));
    bad.secrecy = None;
    let e = s.register_incoming(bad).unwrap_err();
    assert_eq!(e.payload().field.as_deref(), Some("secrecy"));
    let mut future = incoming(
        "x",
        Secrecy::Secret,
        chrono::Utc::now() + chrono::Duration::days(2),
    );
    future.doc_date = None;
    assert!(matches!(
        s.register_incoming(future),
        Err(SecretError::Invalid { .. })
    ));
    let mut ctrl = incoming("x", Secrecy::Secret, local(2026, 3, 3, 9, 0));
    ctrl.issuer = "Bộ\u{0007}Công an".into();
    assert!(s.register_incoming(ctrl).is_err());
    assert!(s.entries(Register::Incoming, None).unwrap().is_empty());
    assert_eq!(
        s.verify().unwrap().entries,
        1,
        "only the creation is logged"
    );
}
