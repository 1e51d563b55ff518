//! Opening a file with the system's default program (the PDF viewer for a signed document).

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};

/// Starts the system's viewer for `path` and returns without waiting for it.
pub fn open(path: &Path) -> io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("explorer");
        c.arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    };
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                io::Error::new(
                    e.kind(),
                    "máy không có chương trình mở tệp mặc định (xdg-open)",
                )
            } else {
                e
            }
        })?;
    // Reap the launcher in the background so it never lingers as a zombie.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}
