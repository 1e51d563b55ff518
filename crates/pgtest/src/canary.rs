//! Where a marker string could leak when syncing: the bytes on the wire (a recording TCP
//! relay between the PC and PostgreSQL, TLS off so the bytes can be read), the whole office
//! database (a plain-text pg_dump), and every file a PC wrote. The sync's own test shows
//! these find a marker that does travel; the confidential store's canary test uses them to
//! prove its markers appear in none of them.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A TCP relay to the server that keeps a copy of everything in both directions.
pub struct Recorder {
    pub port: u16,
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl Recorder {
    pub fn start(server_port: u16) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let seen = bytes.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(server) = TcpStream::connect(("127.0.0.1", server_port)) else {
                    continue;
                };
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let seen = seen.clone();
                    std::thread::spawn(move || {
                        let mut buf = [0u8; 16384];
                        loop {
                            match from.read(&mut buf) {
                                Ok(0) | Err(_) => {
                                    let _ = to.shutdown(std::net::Shutdown::Both);
                                    return;
                                }
                                Ok(n) => {
                                    seen.lock().unwrap().extend_from_slice(&buf[..n]);
                                    if to.write_all(&buf[..n]).is_err() {
                                        return;
                                    }
                                }
                            }
                        }
                    });
                }
            }
        });
        Recorder { port, bytes }
    }

    pub fn traffic(&self) -> Vec<u8> {
        self.bytes.lock().unwrap().clone()
    }
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack.windows(n.len()).any(|w| w == n)
}

/// The office database as plain SQL text.
pub fn dump_text(pg: &crate::PgCluster, db: &str) -> Vec<u8> {
    let out = pg
        .command("pg_dump")
        .args(["--format=plain", "--no-owner", db])
        .output()
        .expect("pg_dump runs");
    assert!(
        out.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every file under `dir` (the PC's database, its WAL, attachments), with its path.
pub fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    out
}
