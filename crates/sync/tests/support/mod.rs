//! The office every sync test runs against: a throw-away PostgreSQL cluster (initdb in a
//! temp dir, free port), the office schema, a small directory of units and people with
//! their own logins, and PCs each with their own SQLite file.

#![allow(dead_code)]

#[allow(unused_imports)]
pub use nhiemvu_pgtest::canary;

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use nhiemvu_core::lifecycle::Actor;
use nhiemvu_core::model::{DocumentKind, Id, Issuer, Person, Role, Task, Unit, UnitKind, Urgency};
use nhiemvu_core::store::{NewDocument, NewTask, Store};
use nhiemvu_core::timeliness::today_local;
use nhiemvu_pgtest::PgCluster;
use nhiemvu_sync::{provision, schema, SyncReport, SyncSession};
use uuid::Uuid;

pub const DB: &str = "nhiemvu";
pub const PASSWORD: &str = "Mật-khẩu-thử-2026";

pub struct Office {
    pub pg: PgCluster,
    pub office_unit: Unit,
    pub health: Unit,
    pub finance: Unit,
    pub construction: Unit,
    pub people: HashMap<&'static str, Person>,
}

/// (login, full name, role, unit index: 0 office, 1 health, 2 finance, 3 construction)
pub const LOGINS: &[(&str, &str, Role, usize)] = &[
    ("vp_thu", "Trần Thị Thu", Role::Office, 0),
    ("vp_lan", "Lê Thị Lan", Role::Office, 0),
    ("syt_binh", "Phạm Văn Bình", Role::Unit, 1),
    ("stc_cuong", "Hoàng Văn Cường", Role::Unit, 2),
    ("sxd_hoa", "Đặng Thị Hoa", Role::Unit, 3),
    ("ld_dung", "Võ Văn Dũng", Role::Leader, 0),
    ("qt_an", "Ngô Văn An", Role::Admin, 0),
];

fn unit(name: &str, kind: UnitKind) -> Unit {
    Unit {
        id: Uuid::now_v7(),
        parent_id: None,
        name: name.into(),
        kind,
    }
}

impl Office {
    pub fn start() -> Office {
        Self::start_with(PgCluster::builder())
    }

    pub fn start_with(builder: nhiemvu_pgtest::PgClusterBuilder) -> Office {
        let pg = builder.start().expect("PostgreSQL starts");
        pg.create_database(DB).expect("database");
        let office_unit = unit("Văn phòng UBND tỉnh", UnitKind::Office);
        let health = unit("Sở Y tế", UnitKind::Department);
        let finance = unit("Sở Tài chính", UnitKind::Department);
        let construction = unit("Sở Xây dựng", UnitKind::Department);
        let units = [&office_unit, &health, &finance, &construction];
        let mut people = HashMap::new();
        let mut su = pg.connect_superuser(DB).unwrap();
        schema::init(&mut su).expect("schema");
        for u in units {
            provision::put_unit(&mut su, u).unwrap();
        }
        for (login, name, role, ui) in LOGINS {
            let p = Person {
                id: Uuid::now_v7(),
                full_name: (*name).into(),
                unit_id: units[*ui].id,
                role: *role,
                title: "Chuyên viên".into(),
            };
            provision::put_person(&mut su, &p, Some(login), Some(PASSWORD)).unwrap();
            people.insert(*login, p);
        }
        Office {
            pg,
            office_unit,
            health,
            finance,
            construction,
            people,
        }
    }

    pub fn url(&self, login: &str) -> String {
        self.pg.url(login, PASSWORD, DB)
    }

    pub fn superuser(&self) -> postgres::Client {
        self.pg.connect_superuser(DB).unwrap()
    }

    /// A login's own connection, straight to PostgreSQL (as a client bypassing the app).
    pub fn direct(&self, login: &str) -> postgres::Client {
        self.pg.connect(login, PASSWORD, DB).unwrap()
    }

    /// A PC used by `login`, with an empty local database, synced once.
    pub fn pc(&self, login: &'static str) -> Pc {
        Self::pc_at(login, self.url(login))
    }

    /// The same, connecting to `url` (a pooler in front of the server, say).
    pub fn pc_at(login: &'static str, url: String) -> Pc {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("nhiemvu.sqlite3")).unwrap();
        let session = SyncSession::open(&url, None).expect("login");
        let mut pc = Pc {
            login,
            dir,
            store,
            session: Some(session),
            url,
        };
        pc.sync();
        pc
    }
}

pub struct Pc {
    pub login: &'static str,
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub session: Option<SyncSession>,
    pub url: String,
}

impl Pc {
    pub fn try_sync(&mut self) -> nhiemvu_sync::Result<SyncReport> {
        if self.session.is_none() {
            self.session = Some(SyncSession::open(&self.url, None)?);
        }
        let r = self
            .session
            .as_mut()
            .unwrap()
            .round(&mut self.store, &mut |_| {});
        if r.as_ref().is_err_and(|e| e.is_transient()) {
            self.session = None;
        }
        r
    }

    pub fn sync(&mut self) -> SyncReport {
        self.try_sync().expect("sync round")
    }

    pub fn actor(&self) -> Actor {
        self.store.actor().unwrap()
    }

    /// Reopen the local file, as after the app was closed (or killed).
    pub fn reopen(&mut self) {
        let path = self.dir.path().join("nhiemvu.sqlite3");
        self.store = Store::open(&path).unwrap();
        self.session = None;
    }
}

pub fn document(number: &str) -> NewDocument {
    NewDocument {
        kind: DocumentKind::Decision,
        number: number.into(),
        symbol: "QĐ-UBND".into(),
        issued_on: today_local() - Days::new(1),
        summary: "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công".into(),
        signer_name: "Nguyễn Văn Phước".into(),
        signer_title: "Chủ tịch".into(),
        issuer: Issuer::Chairman,
        submitting_agency: None,
        director: None,
        drafter: None,
        urgency: Urgency::Normal,
        origin: None,
        attachments: vec![],
    }
}

pub fn task(lead: Id, description: &str, deadline: Option<NaiveDate>) -> NewTask {
    NewTask {
        description: description.into(),
        lead_unit_id: Some(lead),
        deadline,
        must_report: true,
        ..Default::default()
    }
}

/// Register a document with one task per lead unit, on the office PC.
pub fn register(pc: &mut Pc, number: &str, leads: &[Id]) -> Vec<Task> {
    register_at(pc, number, leads, chrono::Utc::now())
}

/// The same, entered at `at` (a document issued the day before).
pub fn register_at(
    pc: &mut Pc,
    number: &str,
    leads: &[Id],
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<Task> {
    let actor = pc.actor();
    let tasks = leads
        .iter()
        .enumerate()
        .map(|(i, l)| {
            task(
                *l,
                &format!("Nhiệm vụ {} của văn bản {number}", i + 1),
                Some(today_local() + Days::new(20)),
            )
        })
        .collect();
    let doc = NewDocument {
        issued_on: nhiemvu_core::timeliness::local_date(at) - Days::new(1),
        ..document(number)
    };
    pc.store
        .register_document_at(&actor, doc, tasks, at)
        .unwrap()
        .1
}

/// Let PCs of this office date their actions up to `days` before the server's clock (the
/// default is a week).
pub fn allow_offline_days(office: &Office, days: u32) {
    office
        .superuser()
        .execute(
            "UPDATE nv.meta SET value = $1 WHERE key = 'max_offline_hours'",
            &[&(days * 24).to_string()],
        )
        .unwrap();
}

/// What PostgreSQL shows `login`: (task id, state, version, lead unit, deadline, events).
pub fn server_view(
    client: &mut postgres::Client,
) -> Vec<(Uuid, String, i64, Uuid, Option<NaiveDate>, i64)> {
    client
        .query(
            "SELECT t.id, t.state, t.version, t.lead_unit_id, t.deadline,
                    (SELECT count(*) FROM nv.task_events e WHERE e.task_id = t.id)
             FROM nv.tasks t ORDER BY t.id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
        .collect()
}

/// The same, from a PC's local copy.
pub fn local_view(store: &Store) -> Vec<(Uuid, String, i64, Uuid, Option<NaiveDate>, i64)> {
    store
        .task_ids()
        .unwrap()
        .into_iter()
        .map(|id| {
            let t = store.task(id).unwrap();
            let events = store.task_events(id).unwrap().len() as i64;
            (
                t.id,
                t.state.as_str().to_string(),
                t.version,
                t.lead_unit_id,
                t.deadline,
                events,
            )
        })
        .collect()
}
