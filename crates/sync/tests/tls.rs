//! TLS to the office database: with `sslmode=require` and the office's CA the connection is
//! encrypted (the server says so); an untrusted certificate is refused with a message that
//! says what to do.

mod support;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::Command;

use nhiemvu_sync::SyncSession;
use support::*;

fn openssl(args: &[&str], dir: &std::path::Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn encrypted_with_the_office_ca_and_refused_without_it() {
    let office = Office::start();
    let certs = tempfile::tempdir().unwrap();
    let d = certs.path();
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Nhiem Vu test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
        d,
    );
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
        d,
    );
    std::fs::write(d.join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.pem",
        ],
        d,
    );

    // The server's files go into its data directory, owned by the server's user.
    let data = office.pg.data_dir();
    let owner = std::fs::metadata(data).unwrap();
    for f in ["server.pem", "server.key"] {
        let to = data.join(f);
        std::fs::copy(d.join(f), &to).unwrap();
        std::os::unix::fs::chown(&to, Some(owner.uid()), Some(owner.gid())).unwrap();
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut su = office.superuser();
    for sql in [
        "ALTER SYSTEM SET ssl_cert_file = 'server.pem'",
        "ALTER SYSTEM SET ssl_key_file = 'server.key'",
        "ALTER SYSTEM SET ssl = on",
        "SELECT pg_reload_conf()",
    ] {
        su.batch_execute(sql).unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(300));

    let ca = d.join("ca.pem");
    let url = format!(
        "{}?sslmode=require&sslrootcert={}",
        office.url("vp_thu"),
        ca.display()
    );
    let mut session = SyncSession::open(&url, None).expect("TLS with the office CA");
    let encrypted: bool = session
        .client()
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(encrypted);

    let untrusted = format!("{}?sslmode=require", office.url("vp_thu"));
    let e = SyncSession::open(&untrusted, None).err().expect("refused");
    assert!(
        e.to_string()
            .contains("Chứng thư TLS của máy chủ không được tin cậy"),
        "{e}"
    );
    assert!(!e.is_transient(), "not retried as if offline");

    // A round works over TLS.
    let dir = tempfile::tempdir().unwrap();
    let mut store = nhiemvu_core::store::Store::open(&dir.path().join("a.sqlite3")).unwrap();
    session.round(&mut store, &mut |_| {}).unwrap();
    assert_eq!(store.units().unwrap().len(), 4);
}
