//! Who may do what: roles, agency and unit scope, step ownership.
//!
//! - desk: intake, receive, refuse, return; may also record a supplement, payment or
//!   withdrawal brought to the counter;
//! - the officer matching the current step (its role, in its agency, in its unit — a
//!   director may act for any unit of the agency): claim, forward, send back, transfer,
//!   request a supplement; approve and sign at the approver's step;
//! - head of the current step's unit (or a director): reassign, extend, stop, and whatever the
//!   step's officer may do;
//! - clerk: mark the result ready;
//! - the applicant who filed online: supplement, pay, withdraw;
//! - administrators and the system: everything.

use super::{Action, Actor, ActorKind, Dossier, DossierError, Forbidden, Owner, StateProblem};
use crate::catalog::{Role, Step};

type Result<T> = std::result::Result<T, DossierError>;

fn deny(action: Action, reason: Forbidden) -> DossierError {
    DossierError::NotAllowed { action, reason }
}

fn officer(actor: &Actor, action: Action) -> Result<()> {
    match actor.kind {
        ActorKind::Officer | ActorKind::System => Ok(()),
        ActorKind::Applicant => Err(deny(action, Forbidden::OfficerOnly)),
    }
}

/// The actor holds one of `roles` and belongs to one of `agencies`.
pub(crate) fn role_in_agency(
    actor: &Actor,
    roles: &[Role],
    agencies: &[&str],
    action: Action,
) -> Result<()> {
    if actor.is_admin() {
        return Ok(());
    }
    officer(actor, action)?;
    if !roles.iter().any(|r| actor.has(*r)) {
        return Err(deny(action, Forbidden::Role(roles.to_vec())));
    }
    match actor.agency_code.as_deref() {
        Some(a) if agencies.contains(&a) => Ok(()),
        _ => Err(deny(
            action,
            Forbidden::Agency(agencies.first().copied().unwrap_or_default().to_string()),
        )),
    }
}

/// A desk officer of the receiving or the competent agency.
pub(crate) fn desk(d: &Dossier, actor: &Actor, action: Action) -> Result<()> {
    role_in_agency(
        actor,
        &[Role::Desk],
        &[&d.receiving_agency, &d.agency_code],
        action,
    )
}

fn current(d: &Dossier, action: Action) -> Result<&Step> {
    d.current_step().ok_or(DossierError::WrongState {
        action,
        status: d.status,
        problem: Some(StateProblem::NoNextStep),
    })
}

/// The agencies whose officers may act on `step` (a desk step also at the receiving agency).
fn step_agencies(d: &Dossier, step: &Step) -> Vec<String> {
    let mut v = vec![d.step_agency(step)];
    if step.role == Role::Desk {
        v.push(d.receiving_agency.clone());
    }
    v
}

/// Head of the current step's unit, or a director of its agency.
pub(crate) fn head_of_step(d: &Dossier, actor: &Actor, action: Action) -> Result<()> {
    if actor.is_admin() {
        return Ok(());
    }
    officer(actor, action)?;
    let step = current(d, action)?;
    let agencies = step_agencies(d, step);
    if !actor
        .agency_code
        .as_ref()
        .is_some_and(|a| agencies.contains(a))
    {
        return Err(deny(action, Forbidden::Agency(d.step_agency(step))));
    }
    if actor.has(Role::Director) {
        return Ok(());
    }
    if !actor.has(Role::Head) {
        return Err(deny(
            action,
            Forbidden::Role(vec![Role::Head, Role::Director]),
        ));
    }
    if actor.unit_code.as_deref() != Some(step.unit_code.as_str()) {
        return Err(deny(action, Forbidden::Unit(step.unit_code.clone())));
    }
    Ok(())
}

/// The officer the current step is for: its role, agency and unit (directors act for any unit),
/// and not held by someone else.
pub(crate) fn step_actor(d: &Dossier, actor: &Actor, action: Action) -> Result<()> {
    if actor.is_admin() {
        return Ok(());
    }
    officer(actor, action)?;
    let step = current(d, action)?;
    if !actor.has(step.role) {
        return Err(deny(action, Forbidden::Role(vec![step.role])));
    }
    let agencies = step_agencies(d, step);
    if !actor
        .agency_code
        .as_ref()
        .is_some_and(|a| agencies.contains(a))
    {
        return Err(deny(action, Forbidden::Agency(d.step_agency(step))));
    }
    if !actor.has(Role::Director) && actor.unit_code.as_deref() != Some(step.unit_code.as_str()) {
        return Err(deny(action, Forbidden::Unit(step.unit_code.clone())));
    }
    if let Some(Owner::User { username }) = &d.step_owner {
        if *username != actor.username {
            return Err(deny(action, Forbidden::Owner(username.clone())));
        }
    }
    Ok(())
}

/// The step's officer, or the head of its unit (who may act for their staff).
pub(crate) fn step_actor_or_head(d: &Dossier, actor: &Actor, action: Action) -> Result<()> {
    match step_actor(d, actor, action) {
        Ok(()) => Ok(()),
        Err(e) => head_of_step(d, actor, action).map_err(|_| e),
    }
}

/// The applicant who filed the dossier online, or the desk on the applicant's behalf.
pub(crate) fn applicant_or_desk(d: &Dossier, actor: &Actor, action: Action) -> Result<()> {
    if actor.kind == ActorKind::Applicant {
        return match &d.owner_account {
            Some(owner) if *owner == actor.username => Ok(()),
            _ => Err(deny(action, Forbidden::NotApplicant)),
        };
    }
    desk(d, actor, action).map_err(|_| deny(action, Forbidden::NotApplicant))
}

/// The role that approves and signs: the director where the procedure has a director's step,
/// otherwise the last handling role (e.g. a commune procedure ending with the specialist).
pub fn approver_role(steps: &[Step]) -> Role {
    if steps.iter().any(|s| s.role == Role::Director) {
        return Role::Director;
    }
    steps
        .iter()
        .rev()
        .map(|s| s.role)
        .find(|r| !matches!(r, Role::Desk | Role::Clerk))
        .unwrap_or(Role::Head)
}

/// Index of the step where the result is approved and signed: the last step of the approver.
pub fn approver_step(steps: &[Step]) -> Option<usize> {
    let role = approver_role(steps);
    steps.iter().rposition(|s| s.role == role)
}

/// Index of the clerk's step after the approver's, if the procedure has one.
pub fn clerk_step(steps: &[Step]) -> Option<usize> {
    let from = approver_step(steps).map_or(0, |i| i + 1);
    steps
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, s)| s.role == Role::Clerk)
        .map(|(i, _)| i)
}
