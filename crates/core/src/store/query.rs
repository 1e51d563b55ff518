//! The task register's query and page types: what the UI asks for and gets back.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Classification, DocumentKind, Id, Issuer, Origin, Urgency, WorkflowState};
use crate::status::StatusFilter;

/// Sort orders of the task register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegisterSort {
    /// By current deadline, tasks without one last.
    #[default]
    Deadline,
    /// Newest assignment first.
    AssignedDesc,
}

/// Sort orders of the document register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentSort {
    /// Newest issue date first.
    #[default]
    IssuedDesc,
    IssuedAsc,
    /// Most recently entered first.
    EnteredDesc,
}

/// Filters for one page of the document register (sổ theo dõi văn bản chỉ đạo).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
#[ts(export)]
pub struct DocumentQuery {
    /// Accent-insensitive words over kind, number, summary and signer.
    pub search: Option<String>,
    pub kind: Option<DocumentKind>,
    pub issuer: Option<Issuer>,
    pub origin: Option<Origin>,
    pub urgency: Option<Urgency>,
    pub issued_from: Option<NaiveDate>,
    pub issued_to: Option<NaiveDate>,
    pub sort: DocumentSort,
    pub offset: u32,
    pub limit: u32,
}

/// One row of the document register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentRow {
    pub id: Id,
    pub kind: DocumentKind,
    /// "23/2016/QĐ-UBND"
    pub full_number: String,
    pub issued_on: NaiveDate,
    pub summary: String,
    pub signer_name: String,
    pub issuer: Issuer,
    pub urgency: Urgency,
    pub origin: Origin,
    pub entered_late: bool,
    pub task_count: u32,
    pub attachment_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentPage {
    pub rows: Vec<DocumentRow>,
    pub total: u32,
    pub offset: u32,
}

/// Filters for one page of the task register (sổ theo dõi). Every field is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
#[ts(export)]
pub struct RegisterQuery {
    /// Lead unit (chủ trì); with `include_sub_units`, tasks of its phòng too.
    pub unit_id: Option<Id>,
    pub include_sub_units: bool,
    /// Also tasks the unit coordinates (phối hợp).
    pub include_coordinating: bool,
    pub status: Option<StatusFilter>,
    /// Workflow states (the work queues: waiting to be accepted, returned, waiting for
    /// review); empty means any.
    pub states: Vec<WorkflowState>,
    /// Only tasks with an extension request (đề nghị gia hạn) waiting for the office.
    pub extension_requested: bool,
    pub classification: Option<Classification>,
    pub origin: Option<Origin>,
    pub deadline_from: Option<NaiveDate>,
    pub deadline_to: Option<NaiveDate>,
    /// Assigned within this range (the reporting period of the statistics).
    pub assigned_from: Option<NaiveDate>,
    pub assigned_to: Option<NaiveDate>,
    pub follow_up_officer_id: Option<Id>,
    pub document_id: Option<Id>,
    /// Accent-insensitive words ("quang tri" finds "Quảng Trị"); never FTS syntax.
    pub search: Option<String>,
    /// The status is derived as of this date; today (Asia/Ho_Chi_Minh) when absent.
    pub as_of: Option<NaiveDate>,
    pub sort: RegisterSort,
    /// Zero-based row offset and page size (at most 500).
    pub offset: u32,
    pub limit: u32,
}

/// One row of the task register, with its status already derived by the core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskRow {
    pub id: Id,
    pub document_id: Id,
    /// "23/2016/QĐ-UBND"
    pub document_number: String,
    pub document_issued_on: NaiveDate,
    pub description: String,
    pub lead_unit_id: Id,
    pub lead_unit_name: String,
    pub deadline: Option<NaiveDate>,
    pub original_deadline: Option<NaiveDate>,
    /// "QC45_a"
    pub classification_code: String,
    pub state: WorkflowState,
    pub status: crate::status::TaskStatus,
    /// Vietnamese label of `status`, e.g. "Chưa hoàn thành quá hạn".
    pub status_label: String,
    /// Whether the deadline is within the configured number of working days (orange).
    pub due_soon: bool,
    pub follow_up_officer_name: Option<String>,
    /// An extension request (đề nghị gia hạn) is waiting for the office.
    pub extension_requested: bool,
    /// Unsuccessful reviews so far (kết quả không đạt).
    pub rejection_count: u32,
    /// The task's version, for actions taken from a list (a stale view is refused).
    #[ts(type = "number")]
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegisterPage {
    pub rows: Vec<TaskRow>,
    /// Total rows matching the filters (for the scroll bar).
    pub total: u32,
    pub offset: u32,
    pub as_of: NaiveDate,
}
