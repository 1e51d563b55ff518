//! The task lifecycle of DOMAIN.md §3 as explicit transitions. `check` decides, before
//! anything is written, whether an actor may take an action on a task in its current state;
//! an illegal transition is refused with a Vietnamese message and changes nothing.

use crate::error::{CoreError, Result};
use crate::model::{Id, Role, WorkflowState};

/// Who is acting: a person, their unit and role.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub person_id: Option<Id>,
    pub unit_id: Option<Id>,
    pub role: Role,
    pub name: String,
}

impl Actor {
    /// The program itself (imports, demo data, migrations).
    pub fn system() -> Self {
        Actor {
            person_id: None,
            unit_id: None,
            role: Role::Admin,
            name: "Hệ thống".into(),
        }
    }
    pub fn office(person_id: Id, unit_id: Id, name: &str) -> Self {
        Actor {
            person_id: Some(person_id),
            unit_id: Some(unit_id),
            role: Role::Office,
            name: name.into(),
        }
    }
    pub fn unit(person_id: Id, unit_id: Id, name: &str) -> Self {
        Actor {
            person_id: Some(person_id),
            unit_id: Some(unit_id),
            role: Role::Unit,
            name: name.into(),
        }
    }
    fn is_office(&self) -> bool {
        matches!(self.role, Role::Office | Role::Admin)
    }
}

/// The kinds of lifecycle action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Tiếp nhận.
    Accept,
    /// Trả lại (with a reason).
    Return,
    /// Giao lại / điều chỉnh đơn vị chủ trì.
    Reassign,
    /// Cập nhật tiến độ.
    PostProgress,
    /// Báo cáo kết quả.
    SubmitResult { completed: bool },
    /// Đánh giá đạt / không đạt.
    Review { passed: bool },
    /// Gia hạn.
    Extend,
    /// Thu hồi / hủy.
    Cancel,
    /// Đề nghị gia hạn: the lead unit asks the office for a later deadline.
    RequestExtension,
    /// Không đồng ý gia hạn: the office refuses a pending extension request.
    RefuseExtension,
}

impl ActionKind {
    /// Every action, with both outcomes of a result report and of a review.
    pub const ALL: [ActionKind; 12] = [
        ActionKind::Accept,
        ActionKind::Return,
        ActionKind::Reassign,
        ActionKind::PostProgress,
        ActionKind::SubmitResult { completed: true },
        ActionKind::SubmitResult { completed: false },
        ActionKind::Review { passed: true },
        ActionKind::Review { passed: false },
        ActionKind::Extend,
        ActionKind::Cancel,
        ActionKind::RequestExtension,
        ActionKind::RefuseExtension,
    ];

    /// The action's name as `TaskAction` is sent (its serde tag), with the outcome of a
    /// result report or a review: the key of the office database's rule table.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Accept => "accept",
            ActionKind::Return => "return",
            ActionKind::Reassign => "reassign",
            ActionKind::PostProgress => "progress",
            ActionKind::SubmitResult { completed: true } => "submit_result:completed",
            ActionKind::SubmitResult { completed: false } => "submit_result:not_completed",
            ActionKind::Review { passed: true } => "review:passed",
            ActionKind::Review { passed: false } => "review:failed",
            ActionKind::Extend => "extend",
            ActionKind::Cancel => "cancel",
            ActionKind::RequestExtension => "request_extension",
            ActionKind::RefuseExtension => "refuse_extension",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ActionKind::Accept => "tiếp nhận",
            ActionKind::Return => "trả lại",
            ActionKind::Reassign => "giao lại",
            ActionKind::PostProgress => "cập nhật tiến độ",
            ActionKind::SubmitResult { .. } => "báo cáo kết quả",
            ActionKind::Review { .. } => "đánh giá kết quả",
            ActionKind::Extend => "gia hạn",
            ActionKind::Cancel => "thu hồi/hủy",
            ActionKind::RequestExtension => "đề nghị gia hạn",
            ActionKind::RefuseExtension => "từ chối gia hạn",
        }
    }
}

/// Decide the state after `action`, or refuse. `lead_unit_id` is the task's current lead unit.
pub fn check(
    state: WorkflowState,
    lead_unit_id: Id,
    actor: &Actor,
    action: ActionKind,
) -> Result<WorkflowState> {
    use ActionKind as A;
    use WorkflowState as S;

    // Who may act: the office owns assignment, review, extension and cancellation; the lead
    // unit owns acceptance, progress and results. Leaders only read.
    let office_action = matches!(
        action,
        A::Reassign | A::Review { .. } | A::Extend | A::Cancel | A::RefuseExtension
    );
    if office_action && !actor.is_office() {
        return Err(CoreError::Forbidden(format!(
            "Chỉ Văn phòng (chuyên viên theo dõi) mới được {} nhiệm vụ.",
            action.label()
        )));
    }
    if !office_action {
        let is_lead = actor.unit_id == Some(lead_unit_id) && actor.role == Role::Unit;
        if !(is_lead || actor.role == Role::Admin) {
            return Err(CoreError::Forbidden(format!(
                "Chỉ đơn vị chủ trì mới được {} nhiệm vụ này.",
                action.label()
            )));
        }
    }

    let refuse = |why: &str| -> Result<WorkflowState> {
        Err(CoreError::IllegalTransition(format!(
            "Không thể {} nhiệm vụ đang ở trạng thái \"{}\": {}",
            action.label(),
            state.label(),
            why
        )))
    };

    match (action, state) {
        (_, S::Cancelled) => refuse("nhiệm vụ đã bị thu hồi/hủy."),
        (_, S::Done) => refuse("nhiệm vụ đã hoàn thành."),
        (A::Accept, S::Assigned) => Ok(S::InProgress),
        (A::Accept, _) => refuse("chỉ tiếp nhận được nhiệm vụ mới giao."),
        (A::Return, S::Assigned) => Ok(S::Returned),
        (A::Return, _) => refuse("chỉ trả lại được nhiệm vụ chưa tiếp nhận."),
        (A::Reassign, S::Assigned | S::Returned) => Ok(S::Assigned),
        (A::Reassign, _) => refuse("đơn vị đã tiếp nhận nhiệm vụ."),
        (A::PostProgress, S::InProgress) => Ok(S::InProgress),
        (A::PostProgress, _) => refuse("chỉ cập nhật tiến độ cho nhiệm vụ đang thực hiện."),
        (A::SubmitResult { completed: true }, S::InProgress) => Ok(S::Submitted),
        (A::SubmitResult { completed: false }, S::InProgress) => Ok(S::InProgress),
        (A::SubmitResult { .. }, S::Submitted) => {
            refuse("kết quả trước đang chờ Văn phòng đánh giá.")
        }
        (A::SubmitResult { .. }, _) => refuse("đơn vị chưa tiếp nhận nhiệm vụ."),
        (A::Review { passed: true }, S::Submitted) => Ok(S::Done),
        (A::Review { passed: false }, S::Submitted) => Ok(S::InProgress),
        (A::Review { .. }, _) => refuse("không có kết quả nào đang chờ đánh giá."),
        (A::Extend, S::Assigned | S::Returned | S::InProgress | S::Submitted) => Ok(state),
        (A::Cancel, S::Assigned | S::Returned | S::InProgress | S::Submitted) => Ok(S::Cancelled),
        (A::RequestExtension, S::Assigned | S::InProgress) => Ok(state),
        (A::RequestExtension, _) => {
            refuse("chỉ đề nghị gia hạn được khi nhiệm vụ đang chờ tiếp nhận hoặc đang thực hiện.")
        }
        (A::RefuseExtension, S::Assigned | S::Returned | S::InProgress | S::Submitted) => Ok(state),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;
    use ActionKind as A;
    use WorkflowState as S;

    const STATES: [S; 6] = [
        S::Assigned,
        S::Returned,
        S::InProgress,
        S::Submitted,
        S::Done,
        S::Cancelled,
    ];

    fn actors(lead: Id) -> (Actor, Actor, Actor, Actor) {
        let office = Actor::office(Uuid::now_v7(), Uuid::now_v7(), "VP");
        let unit = Actor::unit(Uuid::now_v7(), lead, "Đơn vị");
        let other = Actor::unit(Uuid::now_v7(), Uuid::now_v7(), "Khác");
        let leader = Actor {
            role: Role::Leader,
            ..office.clone()
        };
        (office, unit, other, leader)
    }

    /// Every (state, action) pair: exactly the legal table below is accepted.
    #[test]
    fn transition_table_is_exact() {
        let lead = Uuid::now_v7();
        let (office, unit, _, _) = actors(lead);
        let legal: &[(S, A, S)] = &[
            (S::Assigned, A::Accept, S::InProgress),
            (S::Assigned, A::Return, S::Returned),
            (S::Assigned, A::Reassign, S::Assigned),
            (S::Returned, A::Reassign, S::Assigned),
            (S::InProgress, A::PostProgress, S::InProgress),
            (
                S::InProgress,
                A::SubmitResult { completed: true },
                S::Submitted,
            ),
            (
                S::InProgress,
                A::SubmitResult { completed: false },
                S::InProgress,
            ),
            (S::Submitted, A::Review { passed: true }, S::Done),
            (S::Submitted, A::Review { passed: false }, S::InProgress),
            (S::Assigned, A::Extend, S::Assigned),
            (S::Returned, A::Extend, S::Returned),
            (S::InProgress, A::Extend, S::InProgress),
            (S::Submitted, A::Extend, S::Submitted),
            (S::Assigned, A::Cancel, S::Cancelled),
            (S::Returned, A::Cancel, S::Cancelled),
            (S::InProgress, A::Cancel, S::Cancelled),
            (S::Submitted, A::Cancel, S::Cancelled),
            (S::Assigned, A::RequestExtension, S::Assigned),
            (S::InProgress, A::RequestExtension, S::InProgress),
            (S::Assigned, A::RefuseExtension, S::Assigned),
            (S::Returned, A::RefuseExtension, S::Returned),
            (S::InProgress, A::RefuseExtension, S::InProgress),
            (S::Submitted, A::RefuseExtension, S::Submitted),
        ];
        let actions = [
            A::Accept,
            A::Return,
            A::Reassign,
            A::PostProgress,
            A::SubmitResult { completed: true },
            A::SubmitResult { completed: false },
            A::Review { passed: true },
            A::Review { passed: false },
            A::Extend,
            A::Cancel,
            A::RequestExtension,
            A::RefuseExtension,
        ];
        for s in STATES {
            for a in actions {
                let office_action = matches!(
                    a,
                    A::Reassign | A::Review { .. } | A::Extend | A::Cancel | A::RefuseExtension
                );
                let actor = if office_action { &office } else { &unit };
                let got = check(s, lead, actor, a);
                match legal.iter().find(|(ls, la, _)| *ls == s && *la == a) {
                    Some((_, _, next)) => assert_eq!(got.unwrap(), *next, "{s:?} {a:?}"),
                    None => {
                        let e = got.unwrap_err();
                        assert_eq!(e.code(), "illegal_transition", "{s:?} {a:?}");
                        assert!(e.to_string().starts_with("Không thể"), "{e}");
                    }
                }
            }
        }
    }

    #[test]
    fn roles_are_enforced() {
        let lead = Uuid::now_v7();
        let (office, unit, other, leader) = actors(lead);
        assert_eq!(
            check(S::Assigned, lead, &other, A::Accept)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        assert_eq!(
            check(S::Assigned, lead, &office, A::Accept)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        assert_eq!(
            check(S::Submitted, lead, &unit, A::Review { passed: true })
                .unwrap_err()
                .code(),
            "forbidden"
        );
        assert_eq!(
            check(S::Assigned, lead, &leader, A::Cancel)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        assert_eq!(
            check(S::InProgress, lead, &leader, A::PostProgress)
                .unwrap_err()
                .code(),
            "forbidden"
        );
    }
}
