//! Who works on this PC (người dùng của máy này): one person of the unit tree, whose unit
//! and role decide what the window offers and which lifecycle actions the core allows.
//! Kept in the database's `settings` table; a demo province lets the profile switch so
//! one person can see both the office and a unit.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::units::{insert_person, insert_unit};
use super::{audit, settings, Settings, Store};
use crate::error::{CoreError, Result};
use crate::lifecycle::Actor;
use crate::model::{Id, Person, Role, Unit, UnitKind};
use crate::text;

/// The person using the app, with their unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Profile {
    pub person: Person,
    pub unit: Unit,
    /// The database holds the demo province (dữ liệu minh họa): switching person is allowed.
    pub demo: bool,
}

impl Profile {
    pub fn actor(&self) -> Actor {
        Actor {
            person_id: Some(self.person.id),
            unit_id: Some(self.unit.id),
            role: self.person.role,
            name: self.person.full_name.clone(),
        }
    }
}

/// What the first-run form asks ("tạo cơ quan của tôi").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
#[ts(export)]
pub struct NewOffice {
    /// Tên tỉnh, e.g. "Quảng Trị".
    pub province_name: String,
    /// Cơ quan ban hành báo cáo, e.g. "Văn phòng UBND tỉnh".
    pub issuing_body: String,
    /// My unit, e.g. "Văn phòng UBND tỉnh" or "Sở Y tế".
    pub unit_name: String,
    pub full_name: String,
    pub title: String,
    pub role: Option<Role>,
}

const PROFILE_KEY: &str = "profile";

/// How a change of the person using this PC is checked and recorded.
struct ProfileChange {
    /// Why a real office's PC does not change hands.
    refused: &'static str,
    /// The person is not in the directory.
    unknown: &'static str,
    audit_action: &'static str,
    /// The sample province stops being one (the PC joined an office).
    leaves_demo: bool,
}
const DEMO_KEY: &str = "demo";

pub(crate) fn mark_demo(tx: &Transaction) -> Result<()> {
    put(tx, DEMO_KEY, "true")
}

fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )?;
    Ok(())
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

impl Store {
    /// Whether this database holds the demo province.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(get(&self.conn, DEMO_KEY)?.as_deref() == Some("true"))
    }

    /// The person using this PC; in a demo province without a choice yet, the first
    /// follow-up officer of the office. None before the first-run form.
    pub fn profile(&self) -> Result<Option<Profile>> {
        let demo = self.is_demo()?;
        let chosen = get(&self.conn, PROFILE_KEY)?.and_then(|s| Uuid::parse_str(&s).ok());
        let person = match chosen {
            Some(id) => self.people()?.into_iter().find(|p| p.id == id),
            None => None,
        };
        let person = match person {
            Some(p) => Some(p),
            None if demo => self.people()?.into_iter().find(|p| p.role == Role::Office),
            None => None,
        };
        let Some(person) = person else {
            return Ok(None);
        };
        let unit = self
            .units()?
            .into_iter()
            .find(|u| u.id == person.unit_id)
            .ok_or_else(|| CoreError::NotFound("Không tìm thấy đơn vị của người dùng.".into()))?;
        Ok(Some(Profile { person, unit, demo }))
    }

    /// The actor for a user action: the profile's person, or an error when nobody is set.
    pub fn actor(&self) -> Result<Actor> {
        self.profile()?
            .map(|p| p.actor())
            .ok_or_else(|| CoreError::Forbidden("Chưa chọn người dùng cho máy này.".into()))
    }

    /// Switch the person using this PC. Outside a demo province this is refused once a
    /// profile exists (a real office has one person per PC account).
    pub fn set_profile(&mut self, person_id: Id) -> Result<Profile> {
        self.change_profile(
            person_id,
            ProfileChange {
                refused: "Chỉ đổi được người dùng trong tỉnh mẫu (dữ liệu minh họa).",
                unknown: "Không tìm thấy cán bộ đã chọn.",
                audit_action: "switch",
                leaves_demo: false,
            },
        )
    }

    /// This PC now belongs to a person of the office database (after its first download
    /// from it): the profile becomes theirs, and a demo province stops being one.
    pub fn join_office(&mut self, person_id: Id) -> Result<Profile> {
        self.change_profile(
            person_id,
            ProfileChange {
                refused: "Máy này đã thuộc về một cán bộ khác.",
                unknown: "Không tìm thấy cán bộ trong danh bạ đã tải về.",
                audit_action: "join_office",
                leaves_demo: true,
            },
        )
    }

    fn change_profile(&mut self, person_id: Id, how: ProfileChange) -> Result<Profile> {
        let current = self.profile()?;
        if let Some(cur) = &current {
            if !cur.demo && cur.person.id != person_id {
                return Err(CoreError::Forbidden(how.refused.into()));
            }
        }
        if !self.people()?.iter().any(|p| p.id == person_id) {
            return Err(CoreError::invalid("person_id", how.unknown));
        }
        let actor = current
            .as_ref()
            .map(Profile::actor)
            .unwrap_or_else(Actor::system);
        let before = current.as_ref().map(|p| p.person.id);
        self.write(|tx| {
            put(tx, PROFILE_KEY, &person_id.to_string())?;
            if how.leaves_demo {
                put(tx, DEMO_KEY, "false")?;
            }
            audit::record(
                tx,
                &actor,
                "profile",
                Some(person_id),
                how.audit_action,
                Some(&before),
                Some(&person_id),
            )
        })?;
        self.profile()?
            .ok_or_else(|| CoreError::NotFound("Không tìm thấy cán bộ đã chọn.".into()))
    }

    /// First run of a real office: the province's settings, my unit and me, in one
    /// transaction. Only on an empty database.
    pub fn create_office(&mut self, o: NewOffice) -> Result<Profile> {
        let province_name =
            text::required("province_name", "Tên tỉnh", &o.province_name, 100, false)?;
        let issuing_body = text::required(
            "issuing_body",
            "Cơ quan ban hành",
            &o.issuing_body,
            200,
            false,
        )?;
        let unit_name = text::required("unit_name", "Đơn vị của tôi", &o.unit_name, 200, false)?;
        let full_name = text::required("full_name", "Họ và tên", &o.full_name, 100, false)?;
        let title = text::clean("title", "Chức vụ", &o.title, 100, false)?;
        // A văn thư mật sets up the confidential workstation this way too.
        let role = o
            .role
            .ok_or_else(|| CoreError::invalid("role", "Vui lòng chọn vai trò của bạn."))?;
        if self.unit_count()? > 0 {
            return Err(CoreError::invalid(
                "unit_name",
                "Cơ sở dữ liệu này đã có đơn vị; không tạo lại cơ quan được.",
            ));
        }
        let kind = match role {
            Role::Unit => UnitKind::Department,
            _ => UnitKind::Office,
        };
        let unit = Unit {
            id: Uuid::now_v7(),
            parent_id: None,
            name: unit_name,
            kind,
        };
        let person = Person {
            id: Uuid::now_v7(),
            full_name,
            unit_id: unit.id,
            role,
            title,
        };
        let new_settings = Settings {
            province_name,
            issuing_body,
            ..self.settings.clone()
        };
        let actor = Actor {
            person_id: Some(person.id),
            unit_id: Some(unit.id),
            role,
            name: person.full_name.clone(),
        };
        let json = serde_json::to_string(&new_settings).expect("settings serialise");
        self.write(|tx| {
            insert_unit(tx, &unit)?;
            insert_person(tx, &person)?;
            put(tx, "settings", &json)?;
            put(tx, PROFILE_KEY, &person.id.to_string())?;
            audit::record(
                tx,
                &actor,
                "unit",
                Some(unit.id),
                "create",
                None::<&()>,
                Some(&unit),
            )?;
            audit::record(
                tx,
                &actor,
                "person",
                Some(person.id),
                "create",
                None::<&()>,
                Some(&person),
            )?;
            audit::record(
                tx,
                &actor,
                "settings",
                None,
                "update",
                None::<&()>,
                Some(&new_settings),
            )
        })?;
        self.settings = settings::load(&self.conn)?;
        Ok(Profile {
            person,
            unit,
            demo: false,
        })
    }
}
