//! The office database's schema: embedded, versioned migrations run in one transaction
//! each, under an advisory lock so two admins cannot migrate at once; after them, the
//! core's rules (`rules.rs`) and the app's settings on its logins.

use postgres::{Client, GenericClient};

use crate::error::{Result, SyncError};

/// Migrations in order; the database at version k has run the first k. A version may come
/// in several files (run in order, in one transaction).
const MIGRATIONS: &[&[&str]] = &[
    &[include_str!("schema/0001_office.sql")],
    &[include_str!("schema/0002_config_prune.sql")],
    &[
        include_str!("schema/0003a_server_truth.sql"),
        include_str!("schema/0003b_task_writes.sql"),
        include_str!("schema/0003c_config_files_logins.sql"),
        include_str!("schema/0003d_horizon_repair_grants.sql"),
    ],
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The cluster-wide roles the schema's grants and policies name. `nhiemvu_login` is the
/// group of every login the app makes (for pg_hba.conf: `+nhiemvu_login`).
pub const ROLES: &[&str] = &[
    "nhiemvu_owner",
    "nhiemvu_office",
    "nhiemvu_unit",
    "nhiemvu_leader",
    "nhiemvu_admin",
    "nhiemvu_login",
];

/// The databases every PostgreSQL cluster has, which the app's logins have no business in.
const MAINTENANCE_DATABASES: &[&str] = &["postgres", "template1"];

const LOCK_KEY: i64 = 0x4E56_7501; // "NVụ"

/// What `init` and `migrate` did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Setup {
    /// The schema versions run (empty: already up to date).
    pub ran: Vec<i32>,
    /// What the administrator should know (Vietnamese), e.g. a database the app's logins
    /// can still connect to.
    pub notices: Vec<String>,
}

impl Setup {
    /// What was done, for the administrator (Vietnamese, one line each).
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![match self.ran.last() {
            None => format!(
                "Cơ sở dữ liệu của Văn phòng đã ở lược đồ {SCHEMA_VERSION}; không cần nâng cấp."
            ),
            Some(v) => format!("Cơ sở dữ liệu của Văn phòng đã được đưa lên lược đồ {v}."),
        }];
        lines.extend(self.notices.iter().cloned());
        lines
    }
}

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

fn require_superuser(client: &mut impl GenericClient, what: &str) -> Result<()> {
    let is_super: bool = client
        .query_one(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )?
        .get(0);
    if !is_super {
        return Err(SyncError::Setup(format!(
            "{what} cơ sở dữ liệu của Văn phòng cần tài khoản quản trị PostgreSQL (superuser), ví dụ postgres."
        )));
    }
    Ok(())
}

/// Create the roles and bring the schema to `SCHEMA_VERSION`. Needs a superuser (the
/// owner role bypasses row-level security for the SECURITY DEFINER functions, and only a
/// superuser can grant that). Safe to run again.
pub fn init(client: &mut Client) -> Result<Setup> {
    require_superuser(client, "Khởi tạo")?;
    let mut tx = client.transaction()?;
    lock(&mut tx)?;
    ensure_roles(&mut tx)?;
    let db: String = tx.query_one("SELECT current_database()", &[])?.get(0);
    tx.batch_execute(&format!(
        "REVOKE ALL ON DATABASE {0} FROM PUBLIC;
         GRANT CONNECT ON DATABASE {0} TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;",
        quote_ident(&db)
    ))?;
    let ran = run_migrations(&mut tx)?;
    let notices = finish(&mut tx)?;
    tx.commit()?;
    Ok(Setup { ran, notices })
}

/// Bring an existing office schema up to date (the admin command and the admin screen;
/// a superuser, like `init`).
pub fn migrate(client: &mut Client) -> Result<Setup> {
    require_superuser(client, "Nâng cấp")?;
    let mut tx = client.transaction()?;
    lock(&mut tx)?;
    if version(&mut tx)? == 0 {
        return Err(SyncError::Setup(
            "Cơ sở dữ liệu này chưa được khởi tạo cho Nhiệm Vụ: chạy 'nhiemvu office-db init' trước.".into(),
        ));
    }
    ensure_roles(&mut tx)?;
    let ran = run_migrations(&mut tx)?;
    let notices = finish(&mut tx)?;
    tx.commit()?;
    Ok(Setup { ran, notices })
}

/// One admin at a time. Any login may take an advisory lock and keep it, and a login's open
/// transaction keeps the tables it read: nothing waits for those longer than a minute, and
/// the administrator is told what to do.
fn lock(tx: &mut postgres::Transaction) -> Result<()> {
    tx.batch_execute("SET LOCAL lock_timeout = '60s'")?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .map_err(lock_error)?;
    Ok(())
}

fn lock_error(e: postgres::Error) -> SyncError {
    if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
        SyncError::Setup(
            "Một phiên làm việc khác đang giữ cơ sở dữ liệu của Văn phòng (một lần nâng cấp khác, hoặc một giao dịch chưa kết thúc). Xem bằng 'nhiemvu office-db status', kết thúc phiên đó (pg_terminate_backend) rồi chạy lại.".into(),
        )
    } else {
        e.into()
    }
}

fn ensure_roles(tx: &mut postgres::Transaction) -> Result<()> {
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
    // The owner's functions read who holds the change log's horizon (pg_stat_activity of
    // other sessions) and end the sessions of a disabled login or of one holding it.
    tx.batch_execute("GRANT pg_read_all_stats, pg_signal_backend TO nhiemvu_owner")?;
    // From PostgreSQL 16 a CREATEROLE role may grant only roles it holds with ADMIN OPTION;
    // the owner grants the kind roles to the logins it provisions. (Untested here: the
    // machines we test on have PostgreSQL 15, where CREATEROLE suffices.)
    let version: i32 = tx
        .query_one("SELECT current_setting('server_version_num')::int", &[])?
        .get(0);
    if version >= 160000 {
        tx.batch_execute(
            "GRANT nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin, nhiemvu_login TO nhiemvu_owner
             WITH ADMIN OPTION, INHERIT FALSE, SET FALSE",
        )?;
    }
    Ok(())
}

/// After the migrations, every time: this build's rules, the app's settings on every login,
/// and the other databases of the server closed to the app's logins.
fn finish(tx: &mut postgres::Transaction) -> Result<Vec<String>> {
    crate::rules::write(tx)?;
    tx.execute(
        "SELECT nv.configure_login(l.login) FROM nv.logins l
         WHERE l.removed_at IS NULL AND EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = l.login)",
        &[],
    )?;
    lock_other_databases(tx)
}

/// The app's logins connect to this database only: a login connected elsewhere could hold
/// a transaction open there and so hold back every PC's sync (transaction ids are shared by
/// the whole server). PostgreSQL lets every role connect to a database through PUBLIC; on
/// the maintenance databases that grant is replaced by one for each role that already
/// logs in (so nothing else changes); on other applications' databases the administrator
/// is told the pg_hba.conf line that closes them.
fn lock_other_databases(tx: &mut postgres::Transaction) -> Result<Vec<String>> {
    let mut notices = Vec::new();
    let rows = tx.query(
        "SELECT d.datname::text FROM pg_database d
         WHERE d.datallowconn AND d.datname <> current_database()
           AND EXISTS (SELECT 1 FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                       WHERE a.grantee = 0 AND a.privilege_type = 'CONNECT')
         ORDER BY 1",
        &[],
    )?;
    for r in rows {
        let db: String = r.get(0);
        if MAINTENANCE_DATABASES.contains(&db.as_str()) {
            let kept: Vec<String> = tx
                .query(
                    "SELECT r.rolname::text FROM pg_roles r
                     WHERE r.rolcanlogin AND NOT r.rolsuper
                       AND NOT pg_has_role(r.oid, 'nhiemvu_login', 'MEMBER')
                       AND r.rolname NOT IN (SELECT login FROM nv.logins)
                     ORDER BY 1",
                    &[],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for role in &kept {
                tx.batch_execute(&format!(
                    "GRANT CONNECT ON DATABASE {} TO {}",
                    quote_ident(&db),
                    quote_ident(role)
                ))?;
            }
            tx.batch_execute(&format!(
                "REVOKE CONNECT ON DATABASE {} FROM PUBLIC",
                quote_ident(&db)
            ))?;
            notices.push(if kept.is_empty() {
                format!("Đã bỏ quyền kết nối chung (PUBLIC) vào cơ sở dữ liệu {db}: tài khoản của Nhiệm Vụ không vào được đó.")
            } else {
                format!(
                    "Đã bỏ quyền kết nối chung (PUBLIC) vào cơ sở dữ liệu {db}: tài khoản của Nhiệm Vụ không vào được đó; {} tài khoản khác đang có vẫn kết nối được như trước ({}).",
                    kept.len(),
                    kept.join(", ")
                )
            });
        } else {
            notices.push(format!(
                "Cảnh báo: tài khoản của Nhiệm Vụ vẫn kết nối được tới cơ sở dữ liệu {db} của ứng dụng khác (quyền CONNECT của PUBLIC). Để chặn, thêm vào đầu pg_hba.conf dòng: host {db} +nhiemvu_login all reject"
            ));
        }
    }
    Ok(notices)
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
    // PostgreSQL takes a 32-bit number of days: a larger one must not wrap round.
    let days = i32::try_from(keep_days).map_err(|_| {
        SyncError::Setup(format!(
            "Số ngày giữ lại nhật ký thay đổi quá lớn: {keep_days} (tối đa {}).",
            i32::MAX
        ))
    })?;
    let mut tx = client.transaction()?;
    let n: i64 = tx
        .query_one(
            "SELECT nv.prune_change_log(make_interval(days => $1))",
            &[&days],
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
    for (i, parts) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let v = i as i32 + 1;
        for sql in *parts {
            tx.batch_execute(sql).map_err(|e| match lock_error(e) {
                SyncError::Server(m) => {
                    SyncError::Schema(format!("Lược đồ {v} không chạy được: {m}"))
                }
                other => other,
            })?;
        }
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
