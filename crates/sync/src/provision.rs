//! Units and people in the office database. Every person who uses the app gets their own
//! PostgreSQL login, member of their kind's role (office, unit, leader, admin) and of their
//! unit's role; the database decides what each login may read and write from those.
//! Passwords travel only as SCRAM-SHA-256 verifiers computed on this PC.

use postgres::GenericClient;

use nhiemvu_core::model::{Person, Unit};

use crate::error::{Result, SyncError};

/// The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (what `ALTER ROLE … PASSWORD`
/// receives instead of the password itself).
pub fn scram_verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

/// Names PostgreSQL gives a meaning of its own.
const RESERVED_LOGINS: &[&str] = &[
    "postgres",
    "public",
    "none",
    "current_user",
    "session_user",
    "current_role",
];

/// A login name PostgreSQL and people can both read: lower-case ASCII letters, digits and _.
/// (The server checks the same rule in `nv.login_problem`; this one answers before the
/// password is asked for.)
pub fn check_login(login: &str) -> Result<()> {
    let ok = !login.is_empty()
        && login.len() <= 63
        && login.starts_with(|c: char| c.is_ascii_lowercase())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !login.starts_with("nhiemvu_")
        && !login.starts_with("pg_")
        && !RESERVED_LOGINS.contains(&login);
    if ok {
        Ok(())
    } else {
        Err(SyncError::Setup(format!(
            "Tên đăng nhập \"{login}\" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái (ví dụ nguyenvana)."
        )))
    }
}

/// A password long enough to mean something.
pub fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 10 {
        return Err(SyncError::Setup("Mật khẩu cần ít nhất 10 ký tự.".into()));
    }
    Ok(())
}

/// Add or update a unit (and its role).
pub fn put_unit(client: &mut impl GenericClient, u: &Unit) -> Result<()> {
    client.execute(
        "SELECT nv.provision_unit($1, $2, $3, $4)",
        &[&u.id, &u.parent_id, &u.name, &u.kind.as_str()],
    )?;
    Ok(())
}

/// Add or update a person; with a login, create it (or reset its password when given).
pub fn put_person(
    client: &mut impl GenericClient,
    p: &Person,
    login: Option<&str>,
    password: Option<&str>,
) -> Result<()> {
    if let Some(l) = login {
        check_login(l)?;
    }
    if let Some(pw) = password {
        check_password(pw)?;
    }
    let verifier = password.map(scram_verifier);
    client.execute(
        "SELECT nv.provision_person($1, $2, $3, $4, $5, $6, $7)",
        &[
            &p.id,
            &p.full_name,
            &p.unit_id,
            &p.role.as_str(),
            &p.title,
            &login,
            &verifier,
        ],
    )?;
    Ok(())
}

/// Upload a whole directory (units parents first, then people without logins): used when
/// an office that started on one PC gets its shared database. Confidential clerks stay
/// off it. Returns how many people were sent.
pub fn put_directory(
    client: &mut postgres::Client,
    units: &[Unit],
    people: &[Person],
) -> Result<usize> {
    let mut tx = client.transaction()?;
    let mut done = std::collections::HashSet::new();
    let mut rest: Vec<&Unit> = units.iter().collect();
    while !rest.is_empty() {
        let before = rest.len();
        let mut next = Vec::new();
        for u in rest {
            if u.parent_id.is_none_or(|p| done.contains(&p)) {
                put_unit(&mut tx, u)?;
                done.insert(u.id);
            } else {
                next.push(u);
            }
        }
        if next.len() == before {
            return Err(SyncError::Setup(
                "Cây đơn vị có đơn vị cha không tồn tại.".into(),
            ));
        }
        rest = next;
    }
    let mut sent = 0;
    for p in people.iter().filter(|p| p.role.is_shared_with_office()) {
        put_person(&mut tx, p, None, None)?;
        sent += 1;
    }
    tx.commit()?;
    Ok(sent)
}

/// A person changes their own password.
pub fn set_my_password(client: &mut impl GenericClient, password: &str) -> Result<()> {
    check_password(password)?;
    client.execute(
        "SELECT nv.set_my_password($1)",
        &[&scram_verifier(password)],
    )?;
    Ok(())
}

/// The first upload of the office's settings and calendar exceptions (`office-db seed`):
/// each is written only where the server has none yet, so a second PC's seed does not
/// overwrite what the office already shares. Returns which of the two were written.
pub fn put_config_if_absent(
    client: &mut postgres::Client,
    settings: &nhiemvu_core::store::Settings,
    calendar: &[nhiemvu_core::calendar::CalendarOverride],
) -> Result<(bool, bool)> {
    let mut tx = client.transaction()?;
    let mut put = |key: &str, value: serde_json::Value| -> Result<bool> {
        Ok(tx
            .query_one("SELECT nv.seed_config($1, $2)", &[&key, &value])?
            .get(0))
    };
    let s = put(
        "settings",
        serde_json::to_value(settings).expect("settings serialise"),
    )?;
    let c = put(
        "calendar",
        serde_json::to_value(calendar).expect("calendar serialises"),
    )?;
    tx.commit()?;
    Ok((s, c))
}
