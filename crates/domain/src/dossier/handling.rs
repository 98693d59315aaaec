//! Decisions along the internal procedure: claim, forward, send back, reassign, transfer,
//! supplement requests, approval and signature, result ready, stop, extension.

use super::clock::{closed_pauses, latest_before, step_dues, to_vn};
use super::permission::{
    approver_step, clerk_step, head_of_step, role_in_agency, step_actor, step_actor_or_head,
};
use super::support::{invalid, non_empty, non_empty_list, one, Result};
use super::{
    Action, Command, Context, Dossier, DossierError, Event, EventKind, Limit, Owner, Problem,
    ResultDoc, StateProblem, Status,
};
use crate::catalog::{is_agency_code, Role};

fn wrong(d: &Dossier, action: Action, problem: StateProblem) -> DossierError {
    DossierError::WrongState {
        action,
        status: d.status,
        problem: Some(problem),
    }
}

fn user(username: &str) -> Owner {
    Owner::User {
        username: username.to_string(),
    }
}

pub(crate) fn decide_handling(d: &Dossier, cmd: &Command, ctx: &Context) -> Result<Vec<Event>> {
    let action = cmd.action();
    let actor = &ctx.actor;
    match cmd {
        Command::Claim => {
            if let Some(Owner::User { username }) = &d.step_owner {
                return Err(wrong(
                    d,
                    action,
                    StateProblem::AlreadyClaimed(username.clone()),
                ));
            }
            step_actor(d, actor, action)?;
            let kind = EventKind::Claimed {
                username: actor.username.clone(),
            };
            Ok(one(d, ctx, kind, d.status, None))
        }
        Command::Forward { note, to_user } => {
            step_actor_or_head(d, actor, action)?;
            let next = d.step + 1;
            if next >= d.steps.len() {
                return Err(wrong(d, action, StateProblem::NoNextStep));
            }
            // The approver's step is left only with a signed result.
            if approver_step(&d.steps) == Some(d.step) && d.status != Status::Signed {
                return Err(wrong(d, action, StateProblem::NotSigned));
            }
            let owner = match to_user.as_deref().map(str::trim) {
                Some(u) if !u.is_empty() => user(u),
                _ => d.unit_queue(next).unwrap_or_else(|| user(&actor.username)),
            };
            let to = if d.status == Status::Received {
                Status::Processing
            } else {
                d.status
            };
            let kind = EventKind::Forwarded {
                to_step: next,
                owner,
            };
            Ok(one(d, ctx, kind, to, note.clone()))
        }
        Command::SendBack { to_step, reason } => {
            step_actor_or_head(d, actor, action)?;
            if *to_step >= d.step {
                return Err(invalid(
                    action,
                    "to_step",
                    Problem::NotEarlierStep { current: d.step },
                ));
            }
            let reason = non_empty(action, "reason", reason)?;
            // Back to whoever handled that step, else to its unit's queue.
            let owner = match d.step_handlers.get(*to_step) {
                Some(Some(u)) => user(u),
                _ => d
                    .unit_queue(*to_step)
                    .unwrap_or_else(|| user(&actor.username)),
            };
            let kind = EventKind::SentBack {
                to_step: *to_step,
                reason,
                owner,
            };
            Ok(one(d, ctx, kind, Status::Processing, None))
        }
        Command::Reassign { to } => {
            head_of_step(d, actor, action)?;
            let owner = match to.as_deref().map(str::trim) {
                Some(u) if !u.is_empty() => user(u),
                _ => d
                    .unit_queue(d.step)
                    .unwrap_or_else(|| user(&actor.username)),
            };
            Ok(one(d, ctx, EventKind::Reassigned { owner }, d.status, None))
        }
        Command::Transfer {
            agency_code,
            steps,
            note,
        } => {
            step_actor_or_head(d, actor, action)?;
            let agency = agency_code.trim();
            if !is_agency_code(agency) {
                return Err(invalid(action, "agency_code", Problem::NotAgencyCode));
            }
            if steps.is_empty() {
                return Err(invalid(action, "steps", Problem::Empty));
            }
            if steps
                .iter()
                .any(|s| !(s.hours >= 0.0 && s.hours.is_finite()))
            {
                return Err(invalid(action, "steps.hours", Problem::Negative));
            }
            let inserted = steps.iter().cloned().map(|mut s| {
                s.agency_code.get_or_insert_with(|| agency.to_string());
                s
            });
            let mut all = d.steps[..=d.step.min(d.steps.len().saturating_sub(1))].to_vec();
            all.extend(inserted);
            all.extend(d.steps.iter().skip(d.step + 1).cloned());
            let to_step = d.step + 1;
            let (Some(start), Some(due)) = (d.clock_start, d.due_at) else {
                return Err(DossierError::WrongState {
                    action,
                    status: d.status,
                    problem: None,
                });
            };
            let dues = step_dues(ctx.calendar, start, &all, &closed_pauses(d), due)?;
            let owner = Owner::Unit {
                agency_code: all[to_step]
                    .agency_code
                    .clone()
                    .unwrap_or_else(|| agency.to_string()),
                unit_code: all[to_step].unit_code.clone(),
            };
            let kind = EventKind::Transferred {
                agency_code: agency.to_string(),
                steps: all,
                to_step,
                owner,
                step_dues: dues,
            };
            Ok(one(d, ctx, kind, Status::Processing, note.clone()))
        }
        Command::RequestSupplement { missing, reason } => {
            step_actor_or_head(d, actor, action)?;
            let missing = non_empty_list(action, "missing", missing)?;
            let reason = non_empty(action, "reason", reason)?;
            let max = ctx.rules.max_supplement_requests;
            if d.supplement_requests >= max {
                return Err(DossierError::LimitReached {
                    action,
                    limit: Limit::SupplementRequests,
                    max,
                });
            }
            let kind = EventKind::SupplementRequested { missing, reason };
            Ok(one(d, ctx, kind, Status::AwaitingSupplement, None))
        }
        Command::Approve { note } => {
            at_approver_step(d, action)?;
            step_actor(d, actor, action)?;
            Ok(one(
                d,
                ctx,
                EventKind::Approved,
                Status::Approved,
                note.clone(),
            ))
        }
        Command::Sign {
            result_number,
            signer,
            signed_on,
            files,
        } => {
            at_approver_step(d, action)?;
            step_actor(d, actor, action)?;
            let result = ResultDoc {
                number: non_empty(action, "result_number", result_number)?,
                signer: non_empty(action, "signer", signer)?,
                signed_on: *signed_on,
                files: files.clone(),
            };
            Ok(one(
                d,
                ctx,
                EventKind::Signed { result },
                Status::Signed,
                None,
            ))
        }
        Command::MarkResultReady => {
            match clerk_step(&d.steps) {
                Some(i) if d.step != i => {
                    return Err(wrong(d, action, StateProblem::WrongStep { step: i }))
                }
                Some(_) => step_actor(d, actor, action)?,
                // No clerk's step: the step's officer or any clerk of the agency.
                None => step_actor(d, actor, action).or_else(|e| {
                    role_in_agency(actor, &[Role::Clerk], &[&d.agency_code], action).map_err(|_| e)
                })?,
            }
            // The dossier goes on to the desk's return step, if the procedure ends with one.
            let last = d.steps.len().saturating_sub(1);
            let returns_at_desk = last > d.step && d.steps[last].role == Role::Desk;
            let (to_step, owner) = if returns_at_desk {
                (last, d.unit_queue(last))
            } else {
                (d.step, None)
            };
            let kind = EventKind::ResultReady { to_step, owner };
            Ok(one(d, ctx, kind, Status::ResultReady, None))
        }
        Command::Stop { reason } => {
            head_of_step(d, actor, action)?;
            let reason = non_empty(action, "reason", reason)?;
            Ok(one(
                d,
                ctx,
                EventKind::Stopped { reason },
                Status::Stopped,
                None,
            ))
        }
        Command::Extend { reason, new_due } => {
            head_of_step(d, actor, action)?;
            let reason = non_empty(action, "reason", reason)?;
            let max = ctx.rules.max_extensions;
            if d.extensions.len() as u64 >= u64::from(max) {
                return Err(DossierError::LimitReached {
                    action,
                    limit: Limit::Extensions,
                    max,
                });
            }
            let Some(due) = d.due_at else {
                return Err(DossierError::WrongState {
                    action,
                    status: d.status,
                    problem: None,
                });
            };
            if *new_due <= due {
                return Err(invalid(action, "new_due", Problem::NotAfterDue));
            }
            let notice = ctx.rules.extension_notice();
            let left = ctx
                .calendar
                .working_time_between(to_vn(ctx.now), to_vn(due))?;
            if left < notice {
                let deadline = latest_before(ctx.calendar, due, notice)?;
                return Err(DossierError::TooLate { action, deadline });
            }
            let kind = EventKind::Extended {
                reason,
                previous_due: due,
                new_due: *new_due,
            };
            Ok(one(d, ctx, kind, d.status, None))
        }
        // Every other command is decided in `decide.rs`.
        _ => Err(DossierError::WrongState {
            action,
            status: d.status,
            problem: None,
        }),
    }
}

fn at_approver_step(d: &Dossier, action: Action) -> Result<()> {
    match approver_step(&d.steps) {
        Some(i) if i == d.step => Ok(()),
        Some(i) => Err(wrong(d, action, StateProblem::WrongStep { step: i })),
        None => Err(wrong(d, action, StateProblem::NoNextStep)),
    }
}
