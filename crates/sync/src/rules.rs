//! The core's rules as the office database keeps them: the values of its enumerations and
//! the lifecycle's table (what each kind of person may do from each state, or the core's
//! refusal). Written from `nhiemvu_core` at every `init` and `migrate`, so the server's
//! functions follow the same rules as every PC and the rules keep one source.

use postgres::GenericClient;
use uuid::Uuid;

use nhiemvu_core::calendar::OverrideKind;
use nhiemvu_core::lifecycle::{self, ActionKind, Actor};
use nhiemvu_core::model::{
    Classification, DocumentKind, Issuer, Origin, ResultOutcome, Role, UnitKind, Urgency,
    WorkflowState,
};

use crate::error::Result;

/// (enumeration, value) for every value the server's functions accept.
pub fn enum_values() -> Vec<(&'static str, &'static str)> {
    let mut v = Vec::new();
    v.extend(UnitKind::ALL.iter().map(|k| ("unit_kind", k.as_str())));
    v.extend(
        Role::ALL
            .iter()
            .filter(|r| r.is_shared_with_office())
            .map(|r| ("role", r.as_str())),
    );
    v.extend(
        DocumentKind::ALL
            .iter()
            .map(|k| ("document_kind", k.as_str())),
    );
    v.extend(Issuer::ALL.iter().map(|k| ("issuer", k.as_str())));
    v.extend(Urgency::ALL.iter().map(|k| ("urgency", k.as_str())));
    v.extend(Origin::ALL.iter().map(|k| ("origin", k.as_str())));
    v.extend(
        Classification::ALL
            .iter()
            .map(|k| ("classification", k.as_str())),
    );
    v.extend(
        WorkflowState::ALL
            .iter()
            .map(|k| ("workflow_state", k.as_str())),
    );
    v.extend(
        ResultOutcome::ALL
            .iter()
            .map(|k| ("result_outcome", k.as_str())),
    );
    v.extend(
        OverrideKind::ALL
            .iter()
            .map(|k| ("override_kind", k.as_str())),
    );
    v
}

/// One row of `nv.action_rules`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRule {
    pub action: &'static str,
    pub actor_kind: &'static str,
    pub from_state: &'static str,
    /// The state the action leads to, or `None` with the core's refusal.
    pub to_state: Option<&'static str>,
    pub refusal: Option<String>,
}

/// The lifecycle (`nhiemvu_core::lifecycle::check`) for every action, every kind of person
/// who may connect to the office database and every state. A unit is asked as the task's
/// lead unit: the server's function checks the lead separately.
pub fn action_rules() -> Vec<ActionRule> {
    let lead = Uuid::from_u128(1);
    let mut rules = Vec::new();
    for role in Role::ALL.iter().filter(|r| r.is_shared_with_office()) {
        let actor = Actor {
            person_id: Some(Uuid::from_u128(2)),
            unit_id: Some(if *role == Role::Unit {
                lead
            } else {
                Uuid::from_u128(3)
            }),
            role: *role,
            name: String::new(),
        };
        for action in ActionKind::ALL {
            for state in WorkflowState::ALL {
                let decided = lifecycle::check(state, lead, &actor, action);
                rules.push(ActionRule {
                    action: action.code(),
                    actor_kind: role.as_str(),
                    from_state: state.as_str(),
                    to_state: decided.as_ref().ok().map(|s| s.as_str()),
                    refusal: decided.err().map(|e| e.to_string()),
                });
            }
        }
    }
    rules
}

/// Replace the server's copy of the rules with this build's (inside the migration's
/// transaction, as the schema's owner).
pub fn write(tx: &mut impl GenericClient) -> Result<()> {
    let (enums, values): (Vec<&str>, Vec<&str>) = enum_values().into_iter().unzip();
    tx.execute("DELETE FROM nv.enum_values", &[])?;
    tx.execute(
        "INSERT INTO nv.enum_values (enum, value) SELECT * FROM unnest($1::text[], $2::text[])",
        &[&enums, &values],
    )?;
    let rules = action_rules();
    let col = |f: fn(&ActionRule) -> Option<String>| rules.iter().map(f).collect::<Vec<_>>();
    tx.execute("DELETE FROM nv.action_rules", &[])?;
    tx.execute(
        "INSERT INTO nv.action_rules (action, actor_kind, from_state, to_state, refusal)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])",
        &[
            &col(|r| Some(r.action.to_string())),
            &col(|r| Some(r.actor_kind.to_string())),
            &col(|r| Some(r.from_state.to_string())),
            &col(|r| r.to_state.map(str::to_string)),
            &col(|r| r.refusal.clone()),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nhiemvu_core::model::ProgressUpdate;
    use nhiemvu_core::store::TaskAction;

    /// The rule table's action names are what the PC sends: `TaskAction`'s serde tag.
    #[test]
    fn action_codes_are_the_serde_tags_of_task_actions() {
        let samples = [
            TaskAction::Accept,
            TaskAction::Return {
                reason: String::new(),
            },
            TaskAction::Reassign {
                to_unit_id: Uuid::nil(),
                note: String::new(),
            },
            TaskAction::Progress(ProgressUpdate::default()),
            TaskAction::Review {
                passed: true,
                comment: String::new(),
            },
            TaskAction::Cancel {
                reason: String::new(),
                withdrawn: false,
            },
            TaskAction::RefuseExtension {
                comment: String::new(),
            },
        ];
        for a in samples {
            let tag = serde_json::to_value(&a).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string();
            let code = a.kind().code();
            assert_eq!(code.split(':').next().unwrap(), tag, "{a:?}");
        }
        for k in ResultOutcome::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for k in OverrideKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }

    #[test]
    fn every_action_state_and_kind_has_one_rule() {
        let rules = action_rules();
        assert_eq!(
            rules.len(),
            4 * ActionKind::ALL.len() * WorkflowState::ALL.len()
        );
        let office_done: Vec<_> = rules
            .iter()
            .filter(|r| r.actor_kind == "leader")
            .filter(|r| r.to_state.is_some())
            .collect();
        assert!(
            office_done.is_empty(),
            "a leader only reads: {office_done:?}"
        );
        let accept = rules
            .iter()
            .find(|r| r.action == "accept" && r.actor_kind == "unit" && r.from_state == "assigned")
            .unwrap();
        assert_eq!(accept.to_state, Some("in_progress"));
    }
}
