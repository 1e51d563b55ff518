//! The office database's schema: embedded, versioned migrations run in one transaction
//! each, under an advisory lock so two admins cannot migrate at once.

use postgres::{Client, GenericClient};

use crate::error::{Result, SyncError};

/// Migrations in order; the database at version k has run the first k.
const MIGRATIONS: &[&str] = &[
    include_str!("schema/0001_office.sql"),
    include_str!("schema/0002_config_prune.sql"),
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The cluster-wide roles the schema's grants and policies name.
pub const ROLES: &[&str] = &[
    "nhiemvu_owner",
    "nhiemvu_office",
    "nhiemvu_unit",
    "nhiemvu_leader",
    "nhiemvu_admin",
];

const LOCK_KEY: i64 = 0x4E56_7501; // "NVụ"

/// The version of the office schema in this database (0 when there is none yet).
pub fn version(client: &mut impl GenericClient) -> Result<i32> {
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'nv')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<String> = client
        .query_opt(
            "SELECT value FROM nv.meta WHERE key = 'schema_version'",
            &[],
        )?
        .map(|r| r.get(0));
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(1))
}

/// Create the roles and bring the schema to `SCHEMA_VERSION`. Needs a superuser (the
/// owner role bypasses row-level security for the SECURITY DEFINER helpers, and only a
/// superuser can grant that). Safe to run again: returns the versions run.
pub fn init(client: &mut Client) -> Result<Vec<i32>> {
    let is_super: bool = client
        .query_one(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )?
        .get(0);
    if !is_super {
        return Err(SyncError::Setup(
            "Khởi tạo cơ sở dữ liệu của Văn phòng cần tài khoản quản trị PostgreSQL (superuser), ví dụ postgres.".into(),
        ));
    }
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])?;
    for role in ROLES {
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
                &[role],
            )?
            .get(0);
        if !exists {
            let attrs = if *role == "nhiemvu_owner" {
                "NOLOGIN BYPASSRLS CREATEROLE"
            } else {
                "NOLOGIN NOBYPASSRLS NOINHERIT"
            };
            tx.batch_execute(&format!("CREATE ROLE {role} {attrs}"))?;
        }
    }
    // From PostgreSQL 16 a CREATEROLE role may grant only roles it holds with ADMIN OPTION;
    // the owner grants the kind roles to the logins it provisions. (Untested here: the
    // machines we test on have PostgreSQL 15, where CREATEROLE suffices.)
    let version: i32 = tx
        .query_one("SELECT current_setting('server_version_num')::int", &[])?
        .get(0);
    if version >= 160000 {
        tx.batch_execute(
            "GRANT nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin TO nhiemvu_owner
             WITH ADMIN OPTION, INHERIT FALSE, SET FALSE",
        )?;
    }
    let db: String = tx.query_one("SELECT current_database()", &[])?.get(0);
    tx.batch_execute(&format!(
        "REVOKE ALL ON DATABASE {0} FROM PUBLIC;
         GRANT CONNECT ON DATABASE {0} TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;",
        quote_ident(&db)
    ))?;
    let ran = run_migrations(&mut tx)?;
    tx.commit()?;
    Ok(ran)
}

/// Bring an existing office schema up to date (the admin command and the admin screen).
pub fn migrate(client: &mut Client) -> Result<Vec<i32>> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])?;
    if version(&mut tx)? == 0 {
        return Err(SyncError::Setup(
            "Cơ sở dữ liệu này chưa được khởi tạo cho Nhiệm Vụ: chạy 'nhiemvu office-db init' trước.".into(),
        ));
    }
    let ran = run_migrations(&mut tx)?;
    tx.commit()?;
    Ok(ran)
}

/// Drop change-log rows older than `keep_days` days (at least 61: longer than the absence
/// after which a PC downloads its scope again). Returns how many rows went.
pub fn prune_change_log(client: &mut Client, keep_days: u32) -> Result<u64> {
    if keep_days <= crate::engine::LONG_ABSENCE_DAYS as u32 {
        return Err(SyncError::Setup(format!(
            "Cần giữ nhật ký thay đổi hơn {} ngày.",
            crate::engine::LONG_ABSENCE_DAYS
        )));
    }
    let mut tx = client.transaction()?;
    let n: i64 = tx
        .query_one(
            "SELECT nv.prune_change_log(make_interval(days => $1))",
            &[&(keep_days as i32)],
        )?
        .get(0);
    tx.commit()?;
    Ok(n as u64)
}

/// Refuse to sync with a schema this build does not know.
pub fn check_compatible(client: &mut impl GenericClient) -> Result<()> {
    let v = version(client)?;
    if v == 0 {
        return Err(SyncError::Schema(
            "Cơ sở dữ liệu của Văn phòng chưa được khởi tạo cho Nhiệm Vụ. Liên hệ quản trị viên."
                .into(),
        ));
    }
    if v > SCHEMA_VERSION {
        return Err(SyncError::Schema(format!(
            "Cơ sở dữ liệu của Văn phòng dùng lược đồ {v}, phiên bản Nhiệm Vụ này chỉ hiểu đến {SCHEMA_VERSION}. Vui lòng cập nhật phần mềm."
        )));
    }
    if v < SCHEMA_VERSION {
        return Err(SyncError::Schema(format!(
            "Cơ sở dữ liệu của Văn phòng còn ở lược đồ {v}; quản trị viên cần chạy 'nhiemvu office-db migrate' (lược đồ {SCHEMA_VERSION})."
        )));
    }
    Ok(())
}

fn run_migrations(tx: &mut postgres::Transaction) -> Result<Vec<i32>> {
    let current = version(tx)?;
    if current > SCHEMA_VERSION {
        return Err(SyncError::Schema(format!(
            "Cơ sở dữ liệu đã ở lược đồ {current}, mới hơn phiên bản này ({SCHEMA_VERSION})."
        )));
    }
    let mut ran = Vec::new();
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let v = i as i32 + 1;
        tx.batch_execute(sql).map_err(|e| {
            SyncError::Schema(format!(
                "Lược đồ {v} không chạy được: {}",
                crate::error::short(&e)
            ))
        })?;
        tx.execute(
            "INSERT INTO nv.meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&v.to_string()],
        )?;
        ran.push(v);
    }
    Ok(ran)
}

/// Quote an SQL identifier.
pub(crate) fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}
