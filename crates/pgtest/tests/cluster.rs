//! Tests of the throw-away cluster against the real PostgreSQL server programs.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nhiemvu_pgtest::postgres::error::SqlState;
use nhiemvu_pgtest::postgres::{Client, NoTls};
use nhiemvu_pgtest::PgCluster;

fn process_exists(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// The postmaster's children (backends, checkpointer, …) from /proc.
fn children_of(pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let child: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).ok()?;
            let ppid: u32 = stat[stat.rfind(')')? + 1..]
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (ppid == pid).then_some(child)
        })
        .collect()
}

/// Gone or a zombie.
fn process_dead(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat[stat.rfind(')').unwrap() + 1..]
            .trim_start()
            .starts_with('Z'),
    }
}

fn wait_process_gone(pid: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while process_exists(pid) {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

fn refused(
    result: Result<Client, nhiemvu_pgtest::postgres::Error>,
) -> nhiemvu_pgtest::postgres::Error {
    match result {
        Ok(_) => panic!("the connection was accepted"),
        Err(e) => e,
    }
}

fn count(client: &mut Client, table: &str) -> i64 {
    client
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .unwrap()
        .get(0)
}

#[test]
fn superuser_connects_over_tcp_with_scram() {
    let pg = PgCluster::start().unwrap();
    assert_eq!(pg.host(), "127.0.0.1");
    assert_ne!(pg.port(), 0);
    assert!(!pg.superuser_password().is_empty());

    let mut client = pg.connect_superuser("postgres").unwrap();
    let version: String = client.query_one("SELECT version()", &[]).unwrap().get(0);
    assert!(version.contains("PostgreSQL"), "{version}");
    // Over TCP, not the socket.
    let addr: String = client
        .query_one("SELECT host(inet_server_addr())", &[])
        .unwrap()
        .get(0);
    assert_eq!(addr, "127.0.0.1");
    let hash: String = client
        .query_one(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(hash.starts_with("SCRAM-SHA-256$"), "{hash}");
    let encoding: String = client
        .query_one("SHOW server_encoding", &[])
        .unwrap()
        .get(0);
    assert_eq!(encoding, "UTF8");

    // The URL form works too.
    let mut by_url = Client::connect(&pg.superuser_url("postgres"), NoTls).unwrap();
    by_url.batch_execute("SELECT 1").unwrap();

    // A wrong superuser password is refused.
    let err = refused(pg.connect("postgres", "wrong", "postgres"));
    assert_eq!(err.code(), Some(&SqlState::INVALID_PASSWORD), "{err}");
}

#[test]
fn role_with_password_connects_and_a_wrong_password_is_refused() {
    let pg = PgCluster::start().unwrap();
    pg.create_database("văn phòng").unwrap();
    let password = "mật khẩu: @/?#%'\"&=+";
    let mut admin = pg.connect_superuser("postgres").unwrap();
    admin
        .batch_execute(&format!(
            "CREATE ROLE nhan_vien LOGIN PASSWORD '{}'",
            password.replace('\'', "''")
        ))
        .unwrap();

    // The percent-encoded URL round-trips the password, user and database names.
    let url = pg.url("nhan_vien", password, "văn phòng");
    assert!(
        url.starts_with("postgresql://nhan_vien:m%E1%BA%ADt%20kh"),
        "{url}"
    );
    assert!(
        url.ends_with(&format!("@127.0.0.1:{}/v%C4%83n%20ph%C3%B2ng", pg.port())),
        "{url}"
    );
    let mut client = Client::connect(&url, NoTls).unwrap();
    let (user, db): (String, String) = {
        let row = client
            .query_one("SELECT current_user::text, current_database()::text", &[])
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(user, "nhan_vien");
    assert_eq!(db, "văn phòng");

    let err = refused(pg.connect("nhan_vien", "mật khẩu sai", "văn phòng"));
    assert_eq!(err.code(), Some(&SqlState::INVALID_PASSWORD), "{err}");
    let err = refused(Client::connect(&pg.url("nhan_vien", "", "postgres"), NoTls));
    assert_eq!(err.code(), Some(&SqlState::INVALID_PASSWORD), "{err}");
}

#[test]
fn restart_keeps_data_and_port() {
    let mut pg = PgCluster::start().unwrap();
    let port = pg.port();
    let first_pid = pg.pid().unwrap();
    pg.connect_superuser("postgres")
        .unwrap()
        .batch_execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2);")
        .unwrap();

    pg.restart().unwrap();
    assert_eq!(pg.port(), port);
    assert_ne!(pg.pid().unwrap(), first_pid);
    assert!(wait_process_gone(first_pid, Duration::from_secs(5)));
    let mut client = pg.connect_superuser("postgres").unwrap();
    assert_eq!(count(&mut client, "t"), 2);

    // stop, then start_again: the same.
    drop(client);
    pg.stop().unwrap();
    assert!(pg.pid().is_none());
    assert!(pg.connect_superuser("postgres").is_err());
    pg.stop().unwrap(); // idempotent
    pg.start_again().unwrap();
    assert!(pg.start_again().is_err()); // already running
    assert_eq!(
        count(&mut pg.connect_superuser("postgres").unwrap(), "t"),
        2
    );
}

#[test]
fn kill_hard_then_start_again_keeps_committed_data() {
    let mut pg = PgCluster::start().unwrap();
    let port = pg.port();
    let mut client = pg.connect_superuser("postgres").unwrap();
    // Durable commits for this session (the cluster defaults to synchronous_commit=off).
    client
        .batch_execute(
            "SET synchronous_commit = on;
             CREATE TABLE t (x int);
             INSERT INTO t SELECT generate_series(1, 1000);",
        )
        .unwrap();
    let backend: i32 = client
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    let mut tx = client.transaction().unwrap();
    tx.batch_execute("INSERT INTO t VALUES (-1)").unwrap(); // never committed

    let pid = pg.pid().unwrap();
    let children = children_of(pid);
    assert!(children.contains(&(backend as u32)), "{children:?}");
    pg.kill_hard().unwrap();
    assert!(pg.pid().is_none());
    assert!(!process_exists(pid), "postmaster {pid} still exists");
    for child in children {
        assert!(
            process_dead(child),
            "server process {child} survived kill_hard"
        );
    }
    assert!(tx.commit().is_err(), "the connection must be gone");
    drop(client);
    assert!(pg.data_dir().join("postmaster.pid").exists()); // a crash leaves it behind

    pg.start_again().unwrap();
    assert_eq!(pg.port(), port);
    let mut client = pg.connect_superuser("postgres").unwrap();
    assert_eq!(count(&mut client, "t"), 1000);
    let negatives: i64 = client
        .query_one("SELECT count(*) FROM t WHERE x < 0", &[])
        .unwrap()
        .get(0);
    assert_eq!(negatives, 0);

    // A second crash, then Drop without starting again, must also clean up.
    drop(client);
    pg.kill_hard().unwrap();
    let dir = pg.data_dir().to_path_buf();
    drop(pg);
    assert!(!dir.exists());
}

#[test]
fn dump_restore_round_trip() {
    let pg = PgCluster::start().unwrap();
    pg.create_database("app").unwrap();
    let mut client = pg.connect_superuser("app").unwrap();
    client
        .batch_execute(
            "CREATE TABLE tasks (id int PRIMARY KEY, title text NOT NULL);
             INSERT INTO tasks VALUES (1, 'Báo cáo quý'), (2, 'Đôn đốc sở');",
        )
        .unwrap();

    // A root-only directory: the dump must still land there.
    let out = tempfile::tempdir().unwrap();
    let dump = out.path().join("app.dump");
    pg.dump("app", &dump).unwrap();
    let header = std::fs::read(&dump).unwrap();
    assert!(header.starts_with(b"PGDMP"), "not a custom-format dump");

    client
        .batch_execute("INSERT INTO tasks VALUES (3, 'x'), (4, 'y'), (5, 'z')")
        .unwrap();
    assert_eq!(count(&mut client, "tasks"), 5);

    // `client` stays connected to "app": restore must terminate it.
    pg.restore("app", &dump).unwrap();
    assert!(client.batch_execute("SELECT 1").is_err());
    let mut client = pg.connect_superuser("app").unwrap();
    let titles: Vec<String> = client
        .query("SELECT title FROM tasks ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(titles, ["Báo cáo quý", "Đôn đốc sở"]);

    // Into a database that does not exist yet.
    pg.restore("app copy", &dump).unwrap();
    assert_eq!(
        count(&mut pg.connect_superuser("app copy").unwrap(), "tasks"),
        2
    );

    // A missing dump leaves the database alone.
    assert!(pg.restore("app", out.path().join("missing.dump")).is_err());
    assert_eq!(count(&mut client, "tasks"), 2);
}

#[test]
fn drop_stops_the_server_and_removes_the_directory() {
    let pg = PgCluster::start().unwrap();
    let pid = pg.pid().unwrap();
    let port = pg.port();
    let dir = pg.data_dir().to_path_buf();
    let log = pg.log_path().to_path_buf();
    assert!(process_exists(pid));
    assert!(dir.join("PG_VERSION").exists());
    assert!(log.exists());
    // A connection left open must not hold the shutdown.
    let _client = pg.connect_superuser("postgres").unwrap();
    let children = children_of(pid);
    assert!(children.len() >= 3, "{children:?}"); // checkpointer, walwriter, a backend, …

    let started = Instant::now();
    drop(pg);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(!process_exists(pid), "postmaster {pid} still exists");
    for child in children {
        assert!(process_dead(child), "server process {child} outlived Drop");
    }
    assert!(!dir.exists());
    assert!(!log.exists());
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn drop_during_a_panic_stops_the_server() {
    let (tx, rx) = std::sync::mpsc::channel();
    let result = std::panic::catch_unwind(move || {
        let pg = PgCluster::start().unwrap();
        tx.send((pg.pid().unwrap(), pg.data_dir().to_path_buf()))
            .unwrap();
        panic!("a failing test");
    });
    assert!(result.is_err());
    let (pid, dir) = rx.recv().unwrap();
    assert!(!process_exists(pid), "postmaster {pid} still exists");
    assert!(!dir.exists());
}

/// Run as a child process by `server_dies_with_the_test_process`.
#[test]
fn child_holds_a_cluster_until_killed() {
    if std::env::var_os("NHIEMVU_PGTEST_CHILD").is_none() {
        return;
    }
    // Started on a test thread that ends: the server must outlive it.
    let pg = std::thread::spawn(|| PgCluster::start().unwrap())
        .join()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    pg.connect_superuser("postgres").unwrap();
    println!(
        "PID {} {} {}",
        pg.pid().unwrap(),
        pg.port(),
        pg.socket_dir().display()
    );
    std::thread::sleep(Duration::from_secs(120));
}

#[test]
fn server_dies_with_the_test_process() {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_holds_a_cluster_until_killed",
            "--nocapture",
        ])
        .env("NHIEMVU_PGTEST_CHILD", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines
        .find_map(|l| l.ok().filter(|l| l.starts_with("PID ")))
        .expect("the child test printed no PID line");
    let mut parts = line.split_whitespace().skip(1);
    let pid: u32 = parts.next().unwrap().parse().unwrap();
    let port: u16 = parts.next().unwrap().parse().unwrap();
    let dir = std::path::PathBuf::from(parts.next().unwrap());
    assert!(process_exists(pid));
    assert!(TcpStream::connect(("127.0.0.1", port)).is_ok());

    let children = children_of(pid);
    child.kill().unwrap(); // SIGKILL: no Drop runs
    child.wait().unwrap();
    assert!(
        wait_process_gone(pid, Duration::from_secs(10)),
        "postmaster {pid} outlived the killed test process"
    );
    for child in children {
        assert!(
            process_dead(child),
            "server process {child} outlived the test process"
        );
    }

    // No Drop ran, so the directory stayed; the next start (this one, or one in a
    // parallel test) sweeps it away.
    let _next = PgCluster::start().unwrap();
    assert!(!dir.exists(), "{} was not swept", dir.display());
}

#[test]
fn two_clusters_run_at_once() {
    let a = PgCluster::start().unwrap();
    let b = PgCluster::builder().max_connections(20).start().unwrap();
    assert_ne!(a.port(), b.port());
    assert_ne!(a.superuser_password(), b.superuser_password());
    assert_ne!(a.data_dir(), b.data_dir());

    let mut ca = a.connect_superuser("postgres").unwrap();
    let mut cb = b.connect_superuser("postgres").unwrap();
    ca.batch_execute("CREATE TABLE only_in_a (x int)").unwrap();
    assert!(cb.batch_execute("SELECT * FROM only_in_a").is_err());
    let max_a: String = ca.query_one("SHOW max_connections", &[]).unwrap().get(0);
    let max_b: String = cb.query_one("SHOW max_connections", &[]).unwrap().get(0);
    assert_eq!(max_a, "100");
    assert_eq!(max_b, "20");
    // Each password belongs to its own cluster.
    assert!(a
        .connect("postgres", b.superuser_password(), "postgres")
        .is_err());
}

#[test]
fn settings_and_tools() {
    let pg = PgCluster::builder()
        .setting("timezone", "Asia/Ho_Chi_Minh")
        .start()
        .unwrap();
    let mut client = pg.connect_superuser("postgres").unwrap();
    let tz: String = client.query_one("SHOW timezone", &[]).unwrap().get(0);
    assert_eq!(tz, "Asia/Ho_Chi_Minh");
    for (name, value) in [
        ("fsync", "off"),
        ("synchronous_commit", "off"),
        ("full_page_writes", "off"),
        ("listen_addresses", "127.0.0.1"),
        ("log_min_messages", "warning"),
    ] {
        let got: String = client
            .query_one(&format!("SHOW {name}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(got, value, "{name}");
    }

    // psql through the Unix socket (trust), as whatever user the server runs as.
    let out = pg
        .command("psql")
        .args(["-X", "-tA", "-c", "SELECT current_user"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "postgres");
    assert!(pg.bin("pg_ctl").is_file());

    // A setting name that could inject configuration is refused.
    let err = PgCluster::builder()
        .setting("x = 1\nfsync", "on")
        .start()
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}
