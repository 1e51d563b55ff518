//! Whether this computer is on a network. The law forbids storing state secrets on a
//! computer connected to a network (Luật Bảo vệ bí mật nhà nước; DOMAIN.md §8), so the
//! confidential workstation looks at start and every half minute for a network interface
//! other than loopback that is up, and the window shows a red warning while there is one.
//!
//! The interfaces are read with `getifaddrs(3)`, which sees the network namespace of this
//! process (what the app itself could use), not a file system view of another.

use serde::Serialize;
use ts_rs::TS;

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum NetworkState {
    /// Only loopback, or nothing, is up.
    Offline,
    /// These interfaces (other than loopback) are up.
    Connected { interfaces: Vec<String> },
    /// The check could not be made on this system.
    Unknown { reason: String },
}

impl NetworkState {
    pub fn is_connected(&self) -> bool {
        matches!(self, NetworkState::Connected { .. })
    }
}

/// Look now.
pub fn check() -> NetworkState {
    match interfaces_up() {
        Ok(list) if list.is_empty() => NetworkState::Offline,
        Ok(interfaces) => NetworkState::Connected { interfaces },
        Err(reason) => NetworkState::Unknown { reason },
    }
}

/// The names of the interfaces that are up, loopback left out.
#[cfg(unix)]
pub fn interfaces_up() -> Result<Vec<String>, String> {
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `head` with a list we free below with freeifaddrs; each
    // node and its name stay valid until then, and we copy the names out.
    unsafe {
        if libc::getifaddrs(&mut head) != 0 {
            return Err(format!(
                "không đọc được danh sách giao diện mạng: {}",
                std::io::Error::last_os_error()
            ));
        }
        let mut names = Vec::new();
        let mut node = head;
        while !node.is_null() {
            let ifa = &*node;
            let flags = ifa.ifa_flags;
            let up = flags & (libc::IFF_UP as libc::c_uint) != 0;
            let loopback = flags & (libc::IFF_LOOPBACK as libc::c_uint) != 0;
            if up && !loopback && !ifa.ifa_name.is_null() {
                let name = std::ffi::CStr::from_ptr(ifa.ifa_name)
                    .to_string_lossy()
                    .into_owned();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            node = ifa.ifa_next;
        }
        libc::freeifaddrs(head);
        names.sort();
        Ok(names)
    }
}

#[cfg(not(unix))]
pub fn interfaces_up() -> Result<Vec<String>, String> {
    Err("phiên bản này chưa kiểm tra được kết nối mạng trên hệ điều hành này; hãy tự kiểm tra máy đã rút cáp mạng và tắt Wi-Fi".into())
}

/// What `nhiemvu kiem-tra-mang` prints, and its exit code (0: not on a network).
pub fn report() -> (String, i32) {
    match check() {
        NetworkState::Offline => (
            "Không có giao diện mạng nào đang bật (ngoài loopback): máy không nối mạng.".into(),
            0,
        ),
        NetworkState::Connected { interfaces } => (
            format!(
                "CẢNH BÁO: máy đang nối mạng qua {}. Pháp luật cấm lưu trữ bí mật nhà nước trên máy tính nối mạng.",
                interfaces.join(", ")
            ),
            2,
        ),
        NetworkState::Unknown { reason } => (format!("Không kiểm tra được: {reason}."), 3),
    }
}
