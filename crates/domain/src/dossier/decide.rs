//! `decide`: a command against the current state gives the events to append, or why not.
//! Intake, supplement, payment and ending are here; step handling is in `handling.rs`.
//!
//! Checks run in a fixed order so errors are predictable: existence, status, permission,
//! input, rule limits.

use super::clock::{closed_pauses, reception_times, shift, step_dues, to_vn};
use super::fees;
use super::handling;
use super::permission::{applicant_or_desk, desk, role_in_agency};
use super::support::{invalid, non_empty, non_empty_list, one, Result};
use super::{
    Action, ActorKind, Applicant, Channel, Command, Context, Dossier, DossierError, DossierInit,
    Dues, Event, EventKind, Forbidden, NewDossier, Owner, PaymentState, Problem, Receipt,
    Reception, StateProblem, Status,
};
use crate::catalog::{is_agency_code, OnlineLevel, PublicationStatus, Role};

/// Decides what `cmd` does to `d` (`None`: no dossier yet) in `ctx`. Pure: the same inputs
/// give the same events.
pub fn decide(d: Option<&Dossier>, cmd: &Command, ctx: &Context) -> Result<Vec<Event>> {
    let action = cmd.action();
    match cmd {
        Command::SubmitOnline { dossier } => submit_online(d, dossier, ctx),
        Command::ReceiveAtDesk {
            dossier,
            channel,
            note,
        } => receive_at_desk(d, dossier, *channel, note, ctx),
        _ => {
            let d = d.ok_or(DossierError::NotFound { action })?;
            if !action.allowed_in().contains(&d.status) {
                return Err(DossierError::WrongState {
                    action,
                    status: d.status,
                    problem: None,
                });
            }
            existing(d, cmd, ctx)
        }
    }
}

fn existing(d: &Dossier, cmd: &Command, ctx: &Context) -> Result<Vec<Event>> {
    let action = cmd.action();
    let actor = &ctx.actor;
    match cmd {
        Command::Receive { note } => {
            desk(d, actor, action)?;
            if ctx.procedure.code != d.procedure_code {
                return Err(invalid(action, "procedure", Problem::WrongProcedure));
            }
            let reception = reception(d, ctx)?;
            Ok(one(
                d,
                ctx,
                EventKind::Received { reception },
                Status::Received,
                note.clone(),
            ))
        }
        Command::GuideToSupplement { missing, reason } => {
            desk(d, actor, action)?;
            let missing = non_empty_list(action, "missing", missing)?;
            Ok(one(
                d,
                ctx,
                EventKind::GuidedToSupplement {
                    missing,
                    reason: reason.trim().to_string(),
                },
                Status::IntakeSupplement,
                None,
            ))
        }
        Command::RefuseIntake { reasons } => {
            desk(d, actor, action)?;
            let reasons = non_empty_list(action, "reasons", reasons)?;
            Ok(one(
                d,
                ctx,
                EventKind::IntakeRefused { reasons },
                Status::Refused,
                None,
            ))
        }
        Command::Supplement { files, note } => {
            applicant_or_desk(d, actor, action)?;
            if d.status == Status::IntakeSupplement {
                let kind = EventKind::IntakeSupplemented {
                    files: files.clone(),
                };
                return Ok(one(d, ctx, kind, Status::Submitted, note.clone()));
            }
            let dues = resumed_dues(d, ctx)?;
            let to = d.resume_status.unwrap_or(Status::Processing);
            let kind = EventKind::Supplemented {
                files: files.clone(),
                dues,
            };
            Ok(one(d, ctx, kind, to, note.clone()))
        }
        Command::RequestPayment {
            amount_vnd,
            lines,
            note,
        } => {
            role_in_agency(
                actor,
                &[
                    Role::Desk,
                    Role::Clerk,
                    Role::Specialist,
                    Role::Head,
                    Role::Director,
                ],
                &[&d.agency_code, &d.receiving_agency],
                action,
            )?;
            if amount_vnd.is_some_and(|a| a < 0) {
                return Err(invalid(action, "amount_vnd", Problem::Negative));
            }
            let (total, lines) = fees::requested(action, *amount_vnd, lines)?;
            let kind = EventKind::PaymentRequested {
                amount_vnd: Some(total),
                lines,
            };
            Ok(one(d, ctx, kind, Status::AwaitingPayment, note.clone()))
        }
        Command::RecordPayment {
            method,
            amount_vnd,
            receipt_number,
            reference,
        } => {
            // Money is confirmed by whoever took it: the desk or the agency's clerk, or the
            // payment gateway's signed callback (the system). Never by the payer's word.
            if actor.kind != ActorKind::System {
                if actor.has(Role::Clerk) && !actor.has(Role::Desk) {
                    role_in_agency(actor, &[Role::Clerk], &[&d.agency_code], action)?;
                } else {
                    desk(d, actor, action)?;
                }
            }
            // A request logged before amounts were required takes whatever is typed, in full.
            let (amount, full) = match d.payment.amount_vnd {
                None => (amount_vnd.unwrap_or(0).max(0), true),
                Some(_) => {
                    let owed = d.payment.outstanding_vnd();
                    let a = fees::receipt_amount(action, *amount_vnd, owed)?;
                    (a, a == owed)
                }
            };
            let number = match receipt_number.as_deref().map(str::trim) {
                Some(n) if !n.is_empty() => n.to_string(),
                _ => format!("{}/{}", d.code, d.payment.receipts.len() + 1),
            };
            let receipt = Receipt {
                number,
                amount_vnd: amount,
                method: *method,
                at: ctx.now,
                by: actor.username.clone(),
                reference: reference
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string),
            };
            // Paid in part, the dossier waits for the rest.
            let to = if full {
                d.resume_status.unwrap_or(Status::Processing)
            } else {
                Status::AwaitingPayment
            };
            Ok(one(
                d,
                ctx,
                EventKind::PaymentRecorded {
                    method: *method,
                    receipt: Some(receipt),
                },
                to,
                None,
            ))
        }
        Command::ReturnResult {
            channel,
            received_by,
        } => {
            desk(d, actor, action)?;
            if matches!(
                d.payment.state,
                PaymentState::Pending | PaymentState::Unpaid
            ) {
                return Err(DossierError::WrongState {
                    action,
                    status: d.status,
                    problem: Some(StateProblem::PaymentPending),
                });
            }
            let received_by = non_empty(action, "received_by", received_by)?;
            let kind = EventKind::ResultReturned {
                channel: *channel,
                received_by,
            };
            Ok(one(d, ctx, kind, Status::Returned, None))
        }
        Command::Withdraw { reason } => {
            applicant_or_desk(d, actor, action)?;
            let reason = non_empty(action, "reason", reason)?;
            Ok(one(
                d,
                ctx,
                EventKind::Withdrawn { reason },
                Status::Withdrawn,
                None,
            ))
        }
        _ => handling::decide_handling(d, cmd, ctx),
    }
}

fn submit_online(d: Option<&Dossier>, n: &NewDossier, ctx: &Context) -> Result<Vec<Event>> {
    let action = Action::SubmitOnline;
    if let Some(d) = d {
        return Err(DossierError::AlreadyExists {
            code: d.code.clone(),
        });
    }
    if !(ctx.actor.kind == ActorKind::Applicant || ctx.actor.is_admin()) {
        return Err(DossierError::NotAllowed {
            action,
            reason: Forbidden::NotApplicant,
        });
    }
    let init = init(n, Channel::Online, ctx, action)?;
    if ctx.procedure.online_level == OnlineLevel::None {
        return Err(invalid(action, "procedure", Problem::NotOnline));
    }
    Ok(vec![Event {
        at: ctx.now,
        actor: ctx.actor.clone(),
        kind: EventKind::Submitted { dossier: init },
        from: None,
        to: Status::Submitted,
        step: None,
        note: None,
    }])
}

fn receive_at_desk(
    d: Option<&Dossier>,
    n: &NewDossier,
    channel: Channel,
    note: &Option<String>,
    ctx: &Context,
) -> Result<Vec<Event>> {
    let action = Action::ReceiveAtDesk;
    if let Some(d) = d {
        return Err(DossierError::AlreadyExists {
            code: d.code.clone(),
        });
    }
    role_in_agency(
        &ctx.actor,
        &[Role::Desk],
        &[&n.receiving_agency, &ctx.procedure.agency_code],
        action,
    )?;
    if channel == Channel::Online {
        return Err(invalid(action, "channel", Problem::NotDeskChannel));
    }
    let init = init(n, channel, ctx, action)?;
    let draft = Dossier {
        steps: init.steps.clone(),
        agency_code: init.agency_code.clone(),
        receiving_agency: init.receiving_agency.clone(),
        ..Dossier::default()
    };
    let reception = reception(&draft, ctx)?;
    Ok(vec![Event {
        at: ctx.now,
        actor: ctx.actor.clone(),
        kind: EventKind::ReceivedAtDesk {
            dossier: init,
            reception,
        },
        from: None,
        to: Status::Received,
        step: Some(0),
        note: note.clone(),
    }])
}

/// Checks a new dossier's data against the procedure in the context.
fn init(n: &NewDossier, channel: Channel, ctx: &Context, action: Action) -> Result<DossierInit> {
    let p = ctx.procedure;
    let code = non_empty(action, "code", &n.code)?;
    if !is_agency_code(n.receiving_agency.trim()) {
        return Err(invalid(action, "receiving_agency", Problem::NotAgencyCode));
    }
    let name = non_empty(action, "applicant.name", &n.applicant.name)?;
    if p.status != PublicationStatus::Published {
        return Err(invalid(action, "procedure", Problem::NotPublished));
    }
    if p.steps.is_empty() {
        return Err(invalid(action, "procedure", Problem::NoSteps));
    }
    let mut applicant = n.applicant.clone();
    applicant.name = name;
    check_applicant(action, &applicant, n.summary.as_deref())?;
    Ok(DossierInit {
        code,
        receiving_agency: n.receiving_agency.trim().to_string(),
        agency_code: p.agency_code.clone(),
        procedure_code: p.code.clone(),
        procedure_version_id: n.procedure_version_id,
        channel,
        applicant,
        owner_account: (ctx.actor.kind == ActorKind::Applicant).then(|| ctx.actor.username.clone()),
        summary: n.summary.clone(),
        files: n.files.clone(),
        steps: p.steps.clone(),
        handed_in: n.handed_in.clone(),
    })
}

/// The applicant's details and the summary against [`crate::input`]: lengths, no control
/// characters, and an identity number, phone and e-mail of the right shape when given.
fn check_applicant(action: Action, a: &Applicant, summary: Option<&str>) -> Result<()> {
    use crate::input::{self, check_email, check_id_number, check_line, check_phone, check_text};
    fn present(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let text = |field: &'static str, r: std::result::Result<(), input::TextProblem>| {
        r.map_err(|p| invalid(action, field, Problem::Text(p)))
    };
    text("applicant.name", check_line(&a.name, input::NAME_MAX))?;
    if let Some(v) = present(&a.address) {
        text("applicant.address", check_text(v, input::ADDRESS_MAX))?;
    }
    if let Some(v) = present(&a.id_number) {
        text("applicant.id_number", check_id_number(v))?;
    }
    if let Some(v) = present(&a.phone) {
        text("applicant.phone", check_phone(v))?;
    }
    if let Some(v) = present(&a.email) {
        text("applicant.email", check_email(v))?;
    }
    if let Some(v) = summary {
        text("summary", check_text(v, input::SUMMARY_MAX))?;
    }
    Ok(())
}

/// Reception at `ctx.now`: rule set, clock start, appointment, step dues, owner of step 0.
fn reception(d: &Dossier, ctx: &Context) -> Result<Reception> {
    let times = reception_times(ctx.calendar, ctx.procedure, &d.steps, ctx.rules, ctx.now)?;
    // The receiving desk officer holds the desk's own first step; otherwise its unit's queue.
    let first_is_desk = d.steps.first().is_some_and(|s| s.role == Role::Desk);
    let owner = if first_is_desk && ctx.actor.has(Role::Desk) {
        Owner::User {
            username: ctx.actor.username.clone(),
        }
    } else {
        d.unit_queue(0).unwrap_or(Owner::Unit {
            agency_code: d.agency_code.clone(),
            unit_code: String::new(),
        })
    };
    Ok(Reception {
        rule_set: ctx.rules.id,
        received_at: ctx.now,
        clock_start: times.clock_start,
        due_at: times.due_at,
        step_dues: times.step_dues,
        owner,
    })
}

/// Appointment and step dues after the open pause ends now: moved out by the paused working time.
fn resumed_dues(d: &Dossier, ctx: &Context) -> Result<Dues> {
    let cal = ctx.calendar;
    let (Some(due), Some(start)) = (d.due_at, d.clock_start) else {
        return Err(DossierError::WrongState {
            action: Action::Supplement,
            status: d.status,
            problem: None,
        });
    };
    let paused = match d.open_pause() {
        Some(p) if p.start < ctx.now => cal.working_time_between(to_vn(p.start), to_vn(ctx.now))?,
        _ => motcua_calendar::WorkingDuration::ZERO,
    };
    let due_at = shift(cal, due, paused)?;
    let original_due_at = shift(cal, d.original_due_at.unwrap_or(due), paused)?;
    let mut pauses = closed_pauses(d);
    if let Some(p) = d.open_pause() {
        if p.start < ctx.now {
            pauses.push(motcua_calendar::Pause {
                start: to_vn(p.start),
                end: to_vn(ctx.now),
            });
        }
    }
    let step_dues = step_dues(cal, start, &d.steps, &pauses, due_at)?;
    Ok(Dues {
        due_at,
        original_due_at,
        step_dues,
    })
}
