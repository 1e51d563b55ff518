//! Provisioning, roles and the ways around the policies.

use super::*;

// ---------------------------------------------------------------------------------------
// Provisioning, roles and the ways around the policies.

#[test]
fn only_the_admin_provisions_units_and_people() {
    let w = world();
    let new_unit = Uuid::now_v7();
    let unit_sql =
        format!("SELECT nv.provision_unit('{new_unit}', NULL, 'Sở Nội vụ', 'department')");
    // A person with the admin role, in Sở Y tế: what a unit login would love to create.
    let person_sql = format!(
        "SELECT nv.provision_person(gen_random_uuid(), 'Kẻ Mạo Danh', '{}', 'admin', '',
             'ke_mao_danh', NULL)",
        w.office.health.id
    );
    for login in logins().filter(|l| *l != "qt_an") {
        let mut c = w.conn(login);
        let m = c.denied(&unit_sql);
        assert_eq!(m, "permission denied for function provision_unit");
        let m = c.denied(&person_sql);
        assert_eq!(m, "permission denied for function provision_person");
        // Not even for themselves.
        let m = c.denied(&format!(
            "SELECT nv.provision_person('{}', 'Tự Nâng Quyền', '{}', 'admin', '', '{login}', NULL)",
            w.person(login),
            w.office.office_unit.id
        ));
        assert_eq!(m, "permission denied for function provision_person");
        assert_eq!(
            c.count("SELECT count(*) FROM pg_roles WHERE rolname = 'ke_mao_danh'"),
            0
        );
    }

    // The admin does it, and the new person can log in with the unit's rights.
    let mut an = w.office.direct("qt_an");
    an.execute(
        "SELECT nv.provision_unit($1, NULL, 'Sở Nội vụ', 'department')",
        &[&new_unit],
    )
    .unwrap();
    an.execute(
        "SELECT nv.provision_person($1, 'Bùi Thị Mai', $2, 'unit', 'Chuyên viên', 'snv_mai', $3)",
        &[&Uuid::now_v7(), &new_unit, &scram_verifier(PASSWORD)],
    )
    .unwrap();
    let mut mai = w.conn("snv_mai");
    let r = mai
        .c
        .query_one(
            "SELECT nv.kind_of(current_user), nv.unit_ids_of(current_user)",
            &[],
        )
        .unwrap();
    assert_eq!(r.get::<_, Option<String>>(0).as_deref(), Some("unit"));
    assert_eq!(r.get::<_, Vec<Uuid>>(1), vec![new_unit]);
    assert_eq!(mai.count("SELECT count(*) FROM nv.tasks"), 0);
    assert_eq!(mai.count("SELECT count(*) FROM nv.units"), 5);
}

#[test]
fn there_is_no_way_around_the_policies() {
    let w = world();
    let mut su = w.office.superuser();
    let unit_roles: Vec<String> = su
        .query("SELECT role_name::text FROM nv.units", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for login in logins() {
        let mut c = w.conn(login);
        // No stepping into the owner (who bypasses row-level security), or anyone else.
        for role in ["nhiemvu_owner", "postgres"] {
            let m = c.denied(&format!("SET ROLE {role}"));
            assert_eq!(m, format!("permission denied to set role \"{role}\""));
            c.denied(&format!("SET SESSION AUTHORIZATION {role}"));
        }
        for other in logins().filter(|l| *l != login) {
            c.denied(&format!("SET ROLE {other}"));
        }
        // Nor into a kind or a unit that is not theirs.
        let kind =
            c.c.query_one("SELECT nv.kind_of(current_user)", &[])
                .unwrap()
                .get::<_, String>(0);
        for role in APP_ROLES {
            if role != format!("nhiemvu_{kind}") {
                c.denied(&format!("SET ROLE {role}"));
            }
        }
        let mine: BTreeSet<String> = c
            .c
            .query(
                "SELECT role_name::text FROM nv.units WHERE id = ANY (nv.unit_ids_of(current_user))",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        for role in unit_roles.iter().filter(|r| !mine.contains(*r)) {
            c.denied(&format!("SET ROLE {role}"));
        }

        // Turning row-level security off is an error, not a way to read everything.
        for table in ["tasks", "documents", "mutations", "conflicts", "change_log"] {
            let m = c.denied_after(
                &["SET row_security = off"],
                &format!("SELECT * FROM nv.{table}"),
            );
            assert_eq!(
                m,
                format!(
                    "query would be affected by row-level security policy for table \"{table}\""
                )
            );
        }

        // No objects of one's own: no temporary table to shadow a catalog name inside a
        // SECURITY DEFINER function, no table, function or schema next to the office's.
        c.denied("CREATE TEMP TABLE pg_roles (rolname name)");
        c.denied("CREATE TABLE nv.tasks_copy (id uuid)");
        c.denied("CREATE TABLE public.tasks_copy (id uuid)");
        c.denied("CREATE FUNCTION nv.kind_of2() RETURNS text LANGUAGE sql AS 'SELECT ''admin'''");
        c.denied("CREATE SCHEMA nv2");
        // And no changing the rules.
        c.denied("ALTER TABLE nv.tasks DISABLE ROW LEVEL SECURITY");
        c.denied("DROP POLICY tasks_read ON nv.tasks");
        c.denied("ALTER TABLE nv.tasks DISABLE TRIGGER tasks_guard");
        c.denied("GRANT nhiemvu_admin TO CURRENT_USER");
    }
}

#[test]
fn no_role_bypasses_row_level_security_or_owns_a_table() {
    let w = world();
    let mut su = w.office.superuser();
    let mut roles: Vec<String> = APP_ROLES.iter().map(|r| r.to_string()).collect();
    roles.extend(logins().map(String::from));
    roles.extend(
        su.query("SELECT role_name::text FROM nv.units", &[])
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0)),
    );
    assert_eq!(roles.len(), 4 + 7 + 4);
    for role in &roles {
        let r = su
            .query_one(
                "SELECT rolbypassrls, rolsuper, rolcreaterole, rolcreatedb,
                        pg_has_role(rolname, 'nhiemvu_owner', 'MEMBER')
                 FROM pg_roles WHERE rolname = $1",
                &[role],
            )
            .unwrap_or_else(|e| panic!("{role}: {e}"));
        let attrs: (bool, bool, bool, bool, bool) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        assert_eq!(
            attrs,
            (false, false, false, false, false),
            "{role}: bypassrls, superuser, createrole, createdb, member of the owner"
        );
        let owned: i64 = su
            .query_one(
                "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'nv' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = $1))
                      + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'nv' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = $1))",
                &[role],
            )
            .unwrap()
            .get(0);
        assert_eq!(owned, 0, "{role} owns objects of schema nv");
    }
    // Everything is the owner's, and every table forces row-level security on it too.
    let r = su
        .query_one(
            "SELECT count(*),
                    count(*) FILTER (WHERE pg_get_userbyid(c.relowner) <> 'nhiemvu_owner'),
                    count(*) FILTER (WHERE c.relkind = 'r'),
                    count(*) FILTER (WHERE c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity))
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'nv'",
            &[],
        )
        .unwrap();
    let (all, not_owner, tables, unforced): (i64, i64, i64, i64) =
        (r.get(0), r.get(1), r.get(2), r.get(3));
    assert!(all > TABLES.len() as i64);
    assert_eq!((not_owner, tables, unforced), (0, TABLES.len() as i64, 0));
    let owner: String = su
        .query_one(
            "SELECT pg_get_userbyid(nspowner)::text FROM pg_namespace WHERE nspname = 'nv'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(owner, "nhiemvu_owner");
}
