//! Rows of the office database this PC could not read (a payload it cannot decode, a value
//! it does not know, a reference to one of those). The sync skips them and goes on with
//! everything else; they are remembered so that the window can say which record is damaged.

use crate::model::Id;

/// One row of the office database this PC could not read.
#[derive(Debug, Clone, PartialEq)]
pub struct DamagedRecord {
    /// "task", "event", "document", "unit", "person", "settings" or "calendar".
    pub entity: String,
    /// The row's id on the server (a timeline row's number, a uuid, the settings' key).
    pub id: String,
    /// The task it belongs to (a task or one of its timeline rows).
    pub task_id: Option<Id>,
    /// What it is, in Vietnamese: "Sự kiện #123 của nhiệm vụ «Rà soát…»".
    pub label: String,
    /// Why it could not be read.
    pub reason: String,
}
