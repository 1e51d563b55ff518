//! The operations behind the window's commands, as plain methods on the shared state so
//! that tests can call them without a window. Each one takes the store for one unit of
//! work; writes act as the person using this PC (the profile), never as a value the UI
//! sends, so the UI cannot act for somebody else.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use nhiemvu_core::calendar::{CalendarOverride, Holiday};
use nhiemvu_core::model::{Attachment, Document, Id, Person, Role, Task, Unit, UnitKind};
use nhiemvu_core::stats::Statistics;
use nhiemvu_core::store::query::{DocumentPage, DocumentQuery};
use nhiemvu_core::store::{
    NewDocument, NewOffice, NewTask, Profile, Settings, Store, TaskAction, TaskDetail,
};
use nhiemvu_core::{timeliness, CoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Shared;

/// One year of the working-day calendar for the admin screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CalendarYear {
    pub year: i32,
    /// Public holidays of the Labour Code, from the lunar calendar where needed.
    pub holidays: Vec<Holiday>,
    /// Extra days off and make-up working days decided for this year.
    pub overrides: Vec<CalendarOverride>,
}

/// A new unit or person from the admin screen.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct NewUnit {
    pub parent_id: Option<Id>,
    pub name: String,
    pub kind: UnitKind,
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct NewPerson {
    pub unit_id: Id,
    pub full_name: String,
    pub role: Role,
    pub title: String,
}

impl Shared {
    pub fn profile(&self) -> Result<Option<Profile>, CoreError> {
        self.store().profile()
    }

    pub fn set_profile(&self, person_id: Id) -> Result<Profile, CoreError> {
        self.store().set_profile(person_id)
    }

    pub fn create_office(&self, office: NewOffice) -> Result<Profile, CoreError> {
        self.store().create_office(office)
    }

    pub fn people(&self) -> Result<Vec<Person>, CoreError> {
        self.store().people()
    }

    pub fn document_page(&self, query: &DocumentQuery) -> Result<DocumentPage, CoreError> {
        self.store().document_page(query)
    }

    pub fn document(&self, id: Id) -> Result<Document, CoreError> {
        self.store().document(id)
    }

    pub fn register_document(
        &self,
        document: NewDocument,
        tasks: Vec<NewTask>,
    ) -> Result<(Document, Vec<Task>), CoreError> {
        let mut store = self.store();
        let actor = store.actor()?;
        store.register_document(&actor, document, tasks)
    }

    pub fn add_tasks(&self, document_id: Id, tasks: Vec<NewTask>) -> Result<Vec<Task>, CoreError> {
        let mut store = self.store();
        let actor = store.actor()?;
        store.add_tasks(&actor, document_id, tasks)
    }

    pub fn task_detail(&self, id: Id, as_of: Option<NaiveDate>) -> Result<TaskDetail, CoreError> {
        self.store().task_detail(id, as_of)
    }

    pub fn apply_action(
        &self,
        task_id: Id,
        expected_version: Option<i64>,
        action: TaskAction,
    ) -> Result<Task, CoreError> {
        let mut store = self.store();
        let actor = store.actor()?;
        store.apply(&actor, task_id, expected_version, action)
    }

    pub fn put_attachment(&self, file_name: &str, bytes: &[u8]) -> Result<Attachment, CoreError> {
        let mut store = self.store();
        store.actor()?;
        store.put_attachment(file_name, bytes)
    }

    /// Copies an attachment out of the store under its own name, in a private temporary
    /// folder, for the system's viewer to open. Returns the copy's path.
    pub fn export_attachment(&self, sha256: &str, file_name: &str) -> Result<PathBuf, CoreError> {
        let bytes = self.store().read_attachment(sha256)?;
        let safe: String = file_name
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | '\0') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let short = sha256.get(..16).unwrap_or(sha256);
        let dir = std::env::temp_dir().join("nhiemvu-tep").join(short);
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(if safe.trim().is_empty() {
            "tep"
        } else {
            safe.as_str()
        });
        let tmp = dir.join(format!(".{short}.tmp"));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, &path)?;
        Ok(path)
    }

    pub fn statistics(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        as_of: Option<NaiveDate>,
    ) -> Result<Statistics, CoreError> {
        let as_of = as_of.unwrap_or_else(timeliness::today_local);
        self.store().statistics(from, to, as_of)
    }

    pub fn settings(&self) -> Settings {
        self.store().settings().clone()
    }

    pub fn save_settings(&self, settings: Settings) -> Result<Settings, CoreError> {
        let mut store = self.store();
        let actor = store.actor()?;
        require_admin_or_office(&actor.role)?;
        store.save_settings(&actor, settings)?;
        Ok(store.settings().clone())
    }

    pub fn calendar_year(&self, year: i32) -> Result<CalendarYear, CoreError> {
        check_year(year)?;
        let store = self.store();
        let overrides = store
            .calendar_overrides()?
            .into_iter()
            .filter(|o| o.date.year() == year)
            .collect();
        Ok(CalendarYear {
            year,
            holidays: store.calendar().holidays(year),
            overrides,
        })
    }

    /// Replaces the extra days off and make-up days of one year; other years are kept.
    pub fn set_calendar_year(
        &self,
        year: i32,
        overrides: Vec<CalendarOverride>,
    ) -> Result<CalendarYear, CoreError> {
        check_year(year)?;
        if let Some(o) = overrides.iter().find(|o| o.date.year() != year) {
            return Err(CoreError::invalid(
                "date",
                format!("Ngày {} không thuộc năm {year}.", o.date.format("%d/%m/%Y")),
            ));
        }
        let mut dates: Vec<NaiveDate> = overrides.iter().map(|o| o.date).collect();
        dates.sort();
        if let Some(w) = dates.windows(2).find(|w| w[0] == w[1]) {
            return Err(CoreError::invalid(
                "date",
                format!("Ngày {} được nhập hai lần.", w[0].format("%d/%m/%Y")),
            ));
        }
        {
            let mut store = self.store();
            let actor = store.actor()?;
            require_admin_or_office(&actor.role)?;
            let mut all: Vec<CalendarOverride> = store
                .calendar_overrides()?
                .into_iter()
                .filter(|o| o.date.year() != year)
                .collect();
            all.extend(overrides);
            all.sort_by_key(|o| o.date);
            store.set_calendar_overrides(&actor, &all)?;
        }
        self.calendar_year(year)
    }

    pub fn create_unit(&self, unit: NewUnit) -> Result<Unit, CoreError> {
        let mut store = self.store();
        let actor = store.actor()?;
        require_directory_writer(&store, &actor.role)?;
        store.create_unit(&actor, unit.parent_id, &unit.name, unit.kind)
    }

    pub fn create_person(&self, person: NewPerson) -> Result<Person, CoreError> {
        let mut store = self.store();
        let actor = store.actor()?;
        require_directory_writer(&store, &actor.role)?;
        store.create_person(
            &actor,
            person.unit_id,
            &person.full_name,
            person.role,
            &person.title,
        )
    }
}

fn check_year(year: i32) -> Result<(), CoreError> {
    if !(1990..=2100).contains(&year) {
        return Err(CoreError::invalid("year", "Năm phải từ 1990 đến 2100."));
    }
    Ok(())
}

/// The directory of a PC that syncs is the office database's: only its administrator adds
/// units and people there (each person gets a login), so the office is refused up front
/// rather than by the server later.
fn require_directory_writer(store: &Store, role: &Role) -> Result<(), CoreError> {
    require_admin_or_office(role)?;
    if *role != Role::Admin && store.joined_office()? {
        return Err(CoreError::Forbidden(
            "Máy này đồng bộ với cơ sở dữ liệu của Văn phòng: chỉ quản trị viên thêm được đơn vị và cán bộ (mỗi cán bộ cần tài khoản riêng trên máy chủ).".into(),
        ));
    }
    Ok(())
}

/// Settings, the calendar and the unit tree belong to the office (and the administrator).
fn require_admin_or_office(role: &Role) -> Result<(), CoreError> {
    if matches!(role, Role::Office | Role::Admin) {
        Ok(())
    } else {
        Err(CoreError::Forbidden(
            "Chỉ Văn phòng hoặc quản trị mới được thay đổi cấu hình này.".into(),
        ))
    }
}
