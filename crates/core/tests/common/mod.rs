//! A small hand-made province for store tests: the office, one sở with a phòng, one xã.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use nhiemvu_core::lifecycle::Actor;
use nhiemvu_core::model::{DocumentKind, Id, Issuer, Role, UnitKind, Urgency};
use nhiemvu_core::store::{NewDocument, NewTask, Store};
use nhiemvu_core::timeliness::local_instant;

pub struct Fixture {
    pub store: Store,
    pub dir: tempfile::TempDir,
    pub admin: Actor,
    pub office: Actor,
    pub office_unit: Id,
    pub so: Id,
    pub phong: Id,
    pub xa: Id,
    /// Staff of the sở, the phòng and the xã.
    pub so_staff: Actor,
    pub phong_staff: Actor,
    pub xa_staff: Actor,
    pub officer: Id,
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn at(date: NaiveDate, h: u32, min: u32) -> DateTime<Utc> {
    local_instant(date, NaiveTime::from_hms_opt(h, min, 0).unwrap())
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("nhiemvu.sqlite3")).unwrap();
    let admin = Actor::system();
    let office_unit = store
        .create_unit(&admin, None, "Văn phòng UBND tỉnh", UnitKind::Office)
        .unwrap()
        .id;
    let so = store
        .create_unit(&admin, None, "Sở Tài chính", UnitKind::Department)
        .unwrap()
        .id;
    let phong = store
        .create_unit(
            &admin,
            Some(so),
            "Phòng Quản lý ngân sách",
            UnitKind::Division,
        )
        .unwrap()
        .id;
    let xa = store
        .create_unit(&admin, None, "Xã Hải Lăng", UnitKind::Commune)
        .unwrap()
        .id;
    let officer = store
        .create_person(
            &admin,
            office_unit,
            "Nguyễn Thị Đoan Trang",
            Role::Office,
            "Chuyên viên",
        )
        .unwrap();
    let so_p = store
        .create_person(&admin, so, "Trần Văn Đức", Role::Unit, "Văn thư")
        .unwrap();
    let phong_p = store
        .create_person(&admin, phong, "Lê Thị Ánh", Role::Unit, "Chuyên viên")
        .unwrap();
    let xa_p = store
        .create_person(&admin, xa, "Phạm Quang Trị", Role::Unit, "Văn thư")
        .unwrap();
    Fixture {
        office: Actor::office(officer.id, office_unit, &officer.full_name),
        so_staff: Actor::unit(so_p.id, so, &so_p.full_name),
        phong_staff: Actor::unit(phong_p.id, phong, &phong_p.full_name),
        xa_staff: Actor::unit(xa_p.id, xa, &xa_p.full_name),
        officer: officer.id,
        store,
        dir,
        admin,
        office_unit,
        so,
        phong,
        xa,
    }
}

pub fn new_document(issued_on: NaiveDate) -> NewDocument {
    NewDocument {
        kind: DocumentKind::OfficialLetter,
        number: "125".into(),
        symbol: "UBND-KT".into(),
        issued_on,
        summary: "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công tại tỉnh Quảng Trị".into(),
        signer_name: "Hoàng Văn Bình".into(),
        signer_title: "Phó Chủ tịch UBND tỉnh".into(),
        issuer: Issuer::ViceChairman,
        submitting_agency: Some("Sở Tài chính".into()),
        director: Some("Hoàng Văn Bình".into()),
        drafter: Some("Nguyễn Thị Đoan Trang".into()),
        urgency: Urgency::Normal,
        origin: None,
        attachments: vec![],
    }
}

pub fn new_task(lead: Id, deadline: Option<NaiveDate>) -> NewTask {
    NewTask {
        description: "Rà soát, báo cáo tình hình giải ngân vốn đầu tư công".into(),
        follow_up_content: "Báo cáo kết quả trước thời hạn".into(),
        lead_unit_id: Some(lead),
        coordinating_unit_ids: vec![],
        follow_up_officer_id: None,
        director: None,
        direction_notes: String::new(),
        deadline,
        must_report: true,
    }
}

/// Every row of the tables that hold user data, for "nothing changed" checks.
pub fn dump(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let mut out = Vec::new();
    for table in [
        "units",
        "people",
        "documents",
        "tasks",
        "task_coordinators",
        "task_events",
        "audit",
        "blobs",
        "document_attachments",
        "settings",
        "calendar_overrides",
    ] {
        let mut st = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let cols: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", cols.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(|r| r.unwrap()));
    }
    out
}
