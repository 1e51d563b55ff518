//! The domain's records: units, people, directive documents, tasks and their events.
//! Vietnamese terms are explained where the word matters (DOMAIN.md §1–3).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub type Id = Uuid;

/// Kinds of unit in a province's tree since 01/7/2025 (two-level local government).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UnitKind {
    /// Văn phòng UBND tỉnh: the office that assigns and follows up tasks.
    Office,
    /// Sở: a provincial department (at most 14).
    Department,
    /// Ban, ngành: boards and other provincial agencies.
    Agency,
    /// Phòng: a division inside a sở (or inside the office).
    Division,
    /// UBND xã/phường: a commune or ward People's Committee.
    Commune,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::Office,
        UnitKind::Department,
        UnitKind::Agency,
        UnitKind::Division,
        UnitKind::Commune,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Office => "office",
            UnitKind::Department => "department",
            UnitKind::Agency => "agency",
            UnitKind::Division => "division",
            UnitKind::Commune => "commune",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "office" => UnitKind::Office,
            "department" => UnitKind::Department,
            "agency" => UnitKind::Agency,
            "division" => UnitKind::Division,
            "commune" => UnitKind::Commune,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Unit {
    pub id: Id,
    pub parent_id: Option<Id>,
    pub name: String,
    pub kind: UnitKind,
}

/// What a person may do (DOMAIN.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Chuyên viên theo dõi of the office: registers documents, assigns, reviews.
    Office,
    /// Văn thư / chuyên viên of a unit: accepts, updates, reports.
    Unit,
    /// Lãnh đạo: reads dashboards, signs reports; never types data.
    Leader,
    /// Văn thư mật: keeps the confidential registers (separate store).
    ConfidentialClerk,
    /// Quản trị: units, accounts, holiday calendar.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Office,
        Role::Unit,
        Role::Leader,
        Role::ConfidentialClerk,
        Role::Admin,
    ];

    /// Whether this person belongs in the shared office database. The văn thư mật works on
    /// an offline PC, and nothing about them goes to the network.
    pub fn is_shared_with_office(self) -> bool {
        !matches!(self, Role::ConfidentialClerk)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Office => "office",
            Role::Unit => "unit",
            Role::Leader => "leader",
            Role::ConfidentialClerk => "confidential_clerk",
            Role::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "office" => Role::Office,
            "unit" => Role::Unit,
            "leader" => Role::Leader,
            "confidential_clerk" => Role::ConfidentialClerk,
            "admin" => Role::Admin,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Office => "Chuyên viên theo dõi (Văn phòng)",
            Role::Unit => "Cán bộ đơn vị",
            Role::Leader => "Lãnh đạo",
            Role::ConfidentialClerk => "Văn thư mật",
            Role::Admin => "Quản trị",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    pub id: Id,
    pub full_name: String,
    pub unit_id: Id,
    pub role: Role,
    /// Chức vụ, e.g. "Phó Chánh Văn phòng".
    pub title: String,
}

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal : $label:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($(#[$vm])* $variant,)+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The code stored in the database and sent over IPC.
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $code,)+ } }
            pub fn parse(s: &str) -> Option<Self> { match s { $($code => Some($name::$variant),)+ _ => None } }
            /// The Vietnamese label shown to users.
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label,)+ } }
        }
    };
}

str_enum! {
    /// Tên loại văn bản (DOMAIN.md §2, NĐ 30/2020 Phụ lục III).
    DocumentKind {
        Decision = "decision": "Quyết định",
        Directive = "directive": "Chỉ thị",
        Statute = "statute": "Quy chế",
        Regulation = "regulation": "Quy định",
        Programme = "programme": "Chương trình",
        Plan = "plan": "Kế hoạch",
        Guidance = "guidance": "Hướng dẫn",
        Project = "project": "Đề án",
        Scheme = "scheme": "Phương án",
        OfficialLetter = "official_letter": "Công văn",
        Telegram = "telegram": "Công điện",
        TransmittalSlip = "transmittal_slip": "Phiếu chuyển",
        ConclusionNotice = "conclusion_notice": "Thông báo kết luận",
        Other = "other": "Văn bản khác",
    }
}

str_enum! {
    /// Cơ quan ban hành: who issued the directive document.
    Issuer {
        ProvincialCommittee = "provincial_committee": "UBND tỉnh",
        Chairman = "chairman": "Chủ tịch UBND tỉnh",
        ViceChairman = "vice_chairman": "Phó Chủ tịch UBND tỉnh",
        CommitteeOffice = "committee_office": "Văn phòng UBND tỉnh",
        Government = "government": "Chính phủ",
        PrimeMinister = "prime_minister": "Thủ tướng Chính phủ",
    }
}

impl Issuer {
    /// Tasks from the Government or the Prime Minister conveyed by the province are QC42;
    /// the rest QC45 (Đắk Lắk 4b). The default origin for a document from this issuer.
    pub fn default_origin(self) -> Origin {
        match self {
            Issuer::Government | Issuer::PrimeMinister => Origin::Qc42,
            _ => Origin::Qc45,
        }
    }
}

str_enum! {
    /// Độ khẩn: urgency of a document.
    Urgency {
        Normal = "normal": "Thường",
        Urgent = "urgent": "Khẩn",
        VeryUrgent = "very_urgent": "Thượng khẩn",
        /// Hỏa tốc: must be entered the same day.
        Flash = "flash": "Hỏa tốc",
    }
}

str_enum! {
    /// Độ mật of a state secret (Luật Bảo vệ bí mật nhà nước): documents at these levels
    /// are never entered in the main app; the confidential registers keep them.
    Secrecy {
        /// Mật.
        Confidential = "confidential": "Mật",
        /// Tối mật.
        Secret = "secret": "Tối mật",
        /// Tuyệt mật.
        TopSecret = "top_secret": "Tuyệt mật",
    }
}

impl Secrecy {
    /// The red stamp: "MẬT", "TỐI MẬT", "TUYỆT MẬT".
    pub fn stamp(self) -> &'static str {
        match self {
            Secrecy::Confidential => "MẬT",
            Secrecy::Secret => "TỐI MẬT",
            Secrecy::TopSecret => "TUYỆT MẬT",
        }
    }
}

str_enum! {
    /// Nguồn gốc nhiệm vụ: QC45 (UBND tỉnh / Chủ tịch) or QC42 (Chính phủ / Thủ tướng).
    Origin {
        Qc45 = "qc45": "QC45",
        Qc42 = "qc42": "QC42",
    }
}

str_enum! {
    /// Phân loại nhiệm vụ (Gia Lai Đ4, Đắk Lắk 4b): from having a deadline and having to
    /// submit/report. Shown as its code, e.g. QC45_a.
    Classification {
        /// Có thời hạn, phải trình/báo cáo.
        A = "a": "a",
        /// Có thời hạn, không phải trình/báo cáo.
        B = "b": "b",
        /// Không thời hạn, phải trình/báo cáo.
        C = "c": "c",
        /// Không thời hạn, không phải trình/báo cáo.
        D = "d": "d",
    }
}

impl Classification {
    pub fn of(has_deadline: bool, must_report: bool) -> Self {
        match (has_deadline, must_report) {
            (true, true) => Classification::A,
            (true, false) => Classification::B,
            (false, true) => Classification::C,
            (false, false) => Classification::D,
        }
    }
    /// The code shown to users: "QC45_a", "QC42_c", …
    pub fn code(self, origin: Origin) -> String {
        format!("{}_{}", origin.label(), self.as_str())
    }
}

/// Văn bản chỉ đạo, điều hành: a directive document that yields tasks (DOMAIN.md §2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Document {
    pub id: Id,
    pub kind: DocumentKind,
    /// Số, e.g. "23".
    pub number: String,
    /// Ký hiệu, e.g. "2016/QĐ-UBND" or "UBND-VX".
    pub symbol: String,
    /// Ngày ban hành.
    pub issued_on: NaiveDate,
    /// Trích yếu: the one-line summary.
    pub summary: String,
    /// Người ký and chức vụ người ký.
    pub signer_name: String,
    pub signer_title: String,
    pub issuer: Issuer,
    /// Cơ quan trình: the agency that submitted the draft.
    pub submitting_agency: Option<String>,
    /// Người chỉ đạo: the leader directing the work.
    pub director: Option<String>,
    /// Công chức soạn thảo: the civil servant who drafted it.
    pub drafter: Option<String>,
    pub urgency: Urgency,
    pub origin: Origin,
    /// When the office entered it (entry timeliness, DOMAIN.md §5).
    pub entered_at: DateTime<Utc>,
    pub entered_by: Option<Id>,
    /// Whether it was entered in time (2 working days; hỏa tốc same day; 15:00 rule).
    pub entered_late: bool,
    pub attachments: Vec<Attachment>,
    #[ts(type = "number")]
    pub version: i64,
}

impl Document {
    /// "23/2016/QĐ-UBND"
    pub fn full_number(&self) -> String {
        full_number(&self.number, &self.symbol)
    }
}

pub fn full_number(number: &str, symbol: &str) -> String {
    match (number.is_empty(), symbol.is_empty()) {
        (false, false) => format!("{number}/{symbol}"),
        (false, true) => number.to_string(),
        (true, _) => symbol.to_string(),
    }
}

/// A stored file, addressed by its SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attachment {
    pub sha256: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// Where a task is in its lifecycle (DOMAIN.md §3). Stored; the reporting status
/// (`status::TaskStatus`) is derived from this and the dates, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorkflowState {
    /// Đã giao, chờ tiếp nhận.
    Assigned,
    /// Đơn vị trả lại (with a reason): the office fixes or reassigns it.
    Returned,
    /// Đã tiếp nhận, đang thực hiện.
    InProgress,
    /// Đã báo cáo kết quả, chờ Văn phòng đánh giá.
    Submitted,
    /// Đánh giá đạt: done.
    Done,
    /// Thu hồi / hủy.
    Cancelled,
}

impl WorkflowState {
    pub const ALL: [WorkflowState; 6] = [
        WorkflowState::Assigned,
        WorkflowState::Returned,
        WorkflowState::InProgress,
        WorkflowState::Submitted,
        WorkflowState::Done,
        WorkflowState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowState::Assigned => "assigned",
            WorkflowState::Returned => "returned",
            WorkflowState::InProgress => "in_progress",
            WorkflowState::Submitted => "submitted",
            WorkflowState::Done => "done",
            WorkflowState::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "assigned" => WorkflowState::Assigned,
            "returned" => WorkflowState::Returned,
            "in_progress" => WorkflowState::InProgress,
            "submitted" => WorkflowState::Submitted,
            "done" => WorkflowState::Done,
            "cancelled" => WorkflowState::Cancelled,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            WorkflowState::Assigned => "Chờ tiếp nhận",
            WorkflowState::Returned => "Bị trả lại",
            WorkflowState::InProgress => "Đang thực hiện",
            WorkflowState::Submitted => "Chờ đánh giá",
            WorkflowState::Done => "Đã hoàn thành",
            WorkflowState::Cancelled => "Đã hủy",
        }
    }
}

/// Nhiệm vụ: one task from a directive document (DOMAIN.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Task {
    pub id: Id,
    pub document_id: Id,
    /// Mô tả nhiệm vụ / nội dung giao.
    pub description: String,
    /// Nội dung theo dõi.
    pub follow_up_content: String,
    /// Đơn vị chủ trì: exactly one.
    pub lead_unit_id: Id,
    /// Đơn vị phối hợp.
    pub coordinating_unit_ids: Vec<Id>,
    /// Chuyên viên theo dõi.
    pub follow_up_officer_id: Option<Id>,
    /// Người chỉ đạo and ý kiến chỉ đạo.
    pub director: Option<String>,
    pub direction_notes: String,
    /// Thời hạn ban đầu and hiện tại (after extensions); None = không thời hạn.
    pub original_deadline: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    /// Phải trình / phải báo cáo.
    pub must_report: bool,
    pub origin: Origin,
    pub classification: Classification,
    pub state: WorkflowState,
    pub assigned_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// Submission time of the result report that was accepted (decides timeliness).
    pub completed_submitted_at: Option<DateTime<Utc>>,
    pub completed_reviewed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub rejection_count: i64,
    #[ts(type = "number")]
    pub version: i64,
}

impl Task {
    /// "QC45_a"
    pub fn classification_code(&self) -> String {
        self.classification.code(self.origin)
    }
}

/// Kết quả báo cáo: whether the unit reports the work as complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ResultOutcome {
    Completed,
    NotCompleted,
}

impl ResultOutcome {
    pub const ALL: [ResultOutcome; 2] = [ResultOutcome::Completed, ResultOutcome::NotCompleted];

    /// The code stored and sent (serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            ResultOutcome::Completed => "completed",
            ResultOutcome::NotCompleted => "not_completed",
        }
    }
}

/// The reply document a unit sends with its result report (DOMAIN.md §3 step 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ResultReport {
    pub reply_kind: DocumentKind,
    pub reply_number: String,
    pub reply_symbol: String,
    pub reply_summary: String,
    pub reply_issued_on: NaiveDate,
    pub reply_signer: String,
    pub outcome: ResultOutcome,
    pub completed_on: Option<NaiveDate>,
    /// Diễn giải.
    pub explanation: String,
    pub attachment: Option<Attachment>,
}

/// Cập nhật tiến độ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[ts(export)]
pub struct ProgressUpdate {
    pub text: String,
    /// Khó khăn, vướng mắc.
    pub difficulties: String,
    /// Kiến nghị, đề xuất.
    pub proposals: String,
    /// Nguyên nhân chậm.
    pub delay_reasons: String,
}

/// Gia hạn: a deadline extension decided by the assigning leader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Extension {
    pub new_deadline: NaiveDate,
    /// The approving document, e.g. "125/UBND-TH ngày 03/3/2026".
    pub approving_document: String,
    pub reason: String,
}

/// One entry of a task's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum TaskEvent {
    Assigned {
        lead_unit_id: Id,
    },
    Accepted,
    Returned {
        reason: String,
    },
    Reassigned {
        from_unit_id: Id,
        to_unit_id: Id,
        note: String,
    },
    Progress(ProgressUpdate),
    ResultSubmitted(ResultReport),
    Reviewed {
        passed: bool,
        comment: String,
        /// Derived by each PC from the timeline (the server does not vouch for it).
        #[serde(default)]
        late: bool,
    },
    Extended {
        from: Option<NaiveDate>,
        extension: Extension,
    },
    Cancelled {
        reason: String,
        withdrawn: bool,
    },
    /// Đề nghị gia hạn from the lead unit, waiting for the office's decision.
    ExtensionRequested {
        proposed_deadline: NaiveDate,
        reason: String,
    },
    /// The office did not agree to the requested extension.
    ExtensionRefused {
        comment: String,
    },
}

impl TaskEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            TaskEvent::Assigned { .. } => "assigned",
            TaskEvent::Accepted => "accepted",
            TaskEvent::Returned { .. } => "returned",
            TaskEvent::Reassigned { .. } => "reassigned",
            TaskEvent::Progress(_) => "progress",
            TaskEvent::ResultSubmitted(_) => "result_submitted",
            TaskEvent::Reviewed { .. } => "reviewed",
            TaskEvent::Extended { .. } => "extended",
            TaskEvent::Cancelled { .. } => "cancelled",
            TaskEvent::ExtensionRequested { .. } => "extension_requested",
            TaskEvent::ExtensionRefused { .. } => "extension_refused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    pub actor_name: Option<String>,
    pub event: TaskEvent,
}
