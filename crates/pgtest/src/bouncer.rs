//! PgBouncer in front of a throw-away cluster: the connection pooler an office puts between
//! many PCs and a server with fewer connections. Debian's `pgbouncer` package (the test
//! command installs it).
//!
//! The pooler checks each client's SCRAM proof against the verifier PostgreSQL keeps for
//! that login and logs in to the server on its behalf (SCRAM pass-through), so the people's
//! own logins, and with them row-level security, work through it unchanged.

use std::fs;
use std::io;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{error, percent_encode, spawn_from_lasting_thread, PgCluster, HOST};

/// How PgBouncer shares its server connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolMode {
    /// A server connection per client session.
    Session,
    /// A server connection only while a transaction runs.
    Transaction,
}

impl PoolMode {
    fn as_str(self) -> &'static str {
        match self {
            PoolMode::Session => "session",
            PoolMode::Transaction => "transaction",
        }
    }
}

/// A running PgBouncer; stopped and its directory removed on drop.
pub struct PgBouncer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

/// The PgBouncer program, if installed.
pub fn pgbouncer_program() -> Option<PathBuf> {
    ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

impl PgCluster {
    /// Start PgBouncer in front of this cluster's database `dbname`, with at most
    /// `server_connections` connections to the server (all logins together). The logins
    /// known at this moment (those with a SCRAM password) may connect through it.
    pub fn start_pgbouncer(
        &self,
        dbname: &str,
        mode: PoolMode,
        server_connections: u32,
    ) -> io::Result<PgBouncer> {
        let program = pgbouncer_program().ok_or_else(|| {
            error(
                io::ErrorKind::NotFound,
                "Chưa cài PgBouncer (apt-get install pgbouncer)",
                "PgBouncer is not installed (apt-get install pgbouncer)",
            )
        })?;
        let mut su = self.connect_superuser(dbname).map_err(io::Error::other)?;
        let mut userlist = String::new();
        for r in su
            .query(
                "SELECT rolname::text, rolpassword FROM pg_authid
                 WHERE rolcanlogin AND rolpassword LIKE 'SCRAM-SHA-256$%'",
                &[],
            )
            .map_err(io::Error::other)?
        {
            let (name, secret): (String, String) = (r.get(0), r.get(1));
            userlist.push_str(&format!("\"{name}\" \"{secret}\"\n"));
        }
        drop(su);
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
            .local_addr()?
            .port();
        // Inside the cluster's own directory, which the server's user owns.
        let dir = self.dir.path().join(format!("pgbouncer-{port}"));
        fs::create_dir_all(&dir)?;
        let d = dir.display();
        let ini = format!(
            "[databases]
{dbname} = host={HOST} port={pg_port} dbname={dbname}

[pgbouncer]
listen_addr = {HOST}
listen_port = {port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {d}/userlist.txt
pool_mode = {mode}
max_client_conn = 2000
default_pool_size = {server_connections}
max_db_connections = {server_connections}
reserve_pool_size = 0
server_idle_timeout = 60
query_wait_timeout = 120
ignore_startup_parameters = extra_float_digits
logfile = {d}/pgbouncer.log
pidfile =
log_connections = 0
log_disconnections = 0
",
            pg_port = self.port,
            mode = mode.as_str(),
        );
        fs::write(dir.join("userlist.txt"), userlist)?;
        fs::write(dir.join("pgbouncer.ini"), ini)?;
        for (p, mode) in [
            (dir.clone(), 0o700),
            (dir.join("userlist.txt"), 0o600),
            (dir.join("pgbouncer.ini"), 0o600),
        ] {
            fs::set_permissions(&p, fs::Permissions::from_mode(mode))?;
            if let Some(user) = self.run_as {
                std::os::unix::fs::chown(&p, Some(user.uid), Some(user.gid))?;
            }
        }
        let stderr = fs::File::create(dir.join("stderr.log"))?;
        let mut cmd = Command::new(program);
        cmd.arg(dir.join("pgbouncer.ini"))
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        if let Some(user) = self.run_as {
            // PgBouncer refuses to run as root.
            cmd.uid(user.uid).gid(user.gid);
        }
        #[cfg(target_os = "linux")]
        // SAFETY: the hook only makes an async-signal-safe call (prctl).
        unsafe {
            cmd.pre_exec(|| {
                // If the test process dies without dropping us, PgBouncer goes too.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = spawn_from_lasting_thread(cmd)?;
        let mut bouncer = PgBouncer { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Some(status) = bouncer.child.try_wait()? {
                return Err(io::Error::other(format!(
                    "PgBouncer exited ({status}): {}",
                    bouncer.log_tail()
                )));
            }
            if Instant::now() > deadline {
                return Err(io::Error::other(format!(
                    "PgBouncer did not listen: {}",
                    bouncer.log_tail()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(bouncer)
    }
}

impl PgBouncer {
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A `postgresql://` URL through the pooler.
    pub fn url(&self, user: &str, password: &str, dbname: &str) -> String {
        format!(
            "postgresql://{}:{}@{HOST}:{}/{}",
            percent_encode(user),
            percent_encode(password),
            self.port,
            percent_encode(dbname)
        )
    }

    /// The last lines of PgBouncer's logs, for error messages.
    pub fn log_tail(&self) -> String {
        let mut s = String::new();
        for f in ["stderr.log", "pgbouncer.log"] {
            if let Ok(t) = fs::read_to_string(self.dir.join(f)) {
                let lines: Vec<&str> = t.lines().collect();
                s.push_str(&lines[lines.len().saturating_sub(10)..].join("\n"));
            }
        }
        s
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}
