//! `apply`: the pure fold. Every value an event sets travels in the event, so replaying a log
//! needs nothing but the log.

use super::{
    Approval, Dossier, EndKind, Ending, Event, EventKind, Extension, Owner, PauseInterval,
    PaymentState, Returned, Status,
};

/// Applies one event. A creating event starts a new dossier; any other event applied to
/// `None` starts from [`Dossier::default`] (a log must begin with a creating event).
pub fn apply(d: Option<Dossier>, e: &Event) -> Dossier {
    let mut d = d.unwrap_or_default();
    let from = d.status;
    let at = e.at;
    let by = e.actor.username.clone();
    match &e.kind {
        EventKind::Submitted { dossier } | EventKind::ReceivedAtDesk { dossier, .. } => {
            let version = d.version;
            d = Dossier {
                code: dossier.code.clone(),
                receiving_agency: dossier.receiving_agency.clone(),
                agency_code: dossier.agency_code.clone(),
                procedure_code: dossier.procedure_code.clone(),
                procedure_version_id: dossier.procedure_version_id,
                channel: dossier.channel,
                applicant: dossier.applicant.clone(),
                owner_account: dossier.owner_account.clone(),
                summary: dossier.summary.clone(),
                files: dossier.files.clone(),
                step_handlers: vec![None; dossier.steps.len()],
                steps: dossier.steps.clone(),
                submitted_at: at,
                version,
                ..Dossier::default()
            };
            if let EventKind::ReceivedAtDesk { reception, .. } = &e.kind {
                receive(&mut d, reception);
            }
        }
        EventKind::Received { reception } => receive(&mut d, reception),
        EventKind::GuidedToSupplement { missing, .. } => {
            d.intake_supplements += 1;
            d.missing = missing.clone();
        }
        EventKind::IntakeSupplemented { files } => {
            d.files.extend(files.iter().cloned());
            d.missing.clear();
        }
        EventKind::IntakeRefused { reasons } => end(&mut d, EndKind::Refused, reasons, &by, at),
        EventKind::Claimed { username } => {
            d.step_owner = Some(Owner::User {
                username: username.clone(),
            });
            set_handler(&mut d, username);
        }
        EventKind::Forwarded { to_step, owner } => {
            set_handler(&mut d, &by);
            move_to(&mut d, *to_step, owner.clone(), at);
        }
        EventKind::SentBack { to_step, owner, .. } => {
            d.approval = None;
            move_to(&mut d, *to_step, owner.clone(), at);
        }
        EventKind::Reassigned { owner } => d.step_owner = Some(owner.clone()),
        EventKind::Transferred {
            steps,
            to_step,
            owner,
            step_dues,
            ..
        } => {
            set_handler(&mut d, &by);
            let added = steps.len().saturating_sub(d.steps.len());
            let at_index = (d.step + 1).min(d.step_handlers.len());
            d.step_handlers
                .splice(at_index..at_index, std::iter::repeat_n(None, added));
            d.steps = steps.clone();
            d.step_dues = step_dues.clone();
            move_to(&mut d, *to_step, owner.clone(), at);
        }
        EventKind::SupplementRequested { missing, reason } => {
            d.supplement_requests += 1;
            d.missing = missing.clone();
            d.resume_status = Some(from);
            d.pauses.push(PauseInterval {
                start: at,
                end: None,
                reason: reason.clone(),
            });
        }
        EventKind::Supplemented { files, dues } => {
            d.files.extend(files.iter().cloned());
            d.missing.clear();
            d.resume_status = None;
            if let Some(p) = d.pauses.last_mut().filter(|p| p.end.is_none()) {
                p.end = Some(at.max(p.start));
            }
            d.due_at = Some(dues.due_at);
            d.original_due_at = Some(dues.original_due_at);
            d.step_dues = dues.step_dues.clone();
        }
        EventKind::PaymentRequested { amount_vnd, lines } => {
            d.resume_status = Some(from);
            d.payment.state = PaymentState::Pending;
            d.payment.amount_vnd = *amount_vnd;
            d.payment.lines = lines.clone();
            d.payment.paid_vnd = 0;
            d.payment.requested_at = Some(at);
            d.payment.method = None;
            d.payment.paid_at = None;
        }
        EventKind::PaymentRecorded { method, receipt } => {
            d.payment.method = Some(*method);
            match receipt {
                Some(r) => {
                    d.payment.paid_vnd += r.amount_vnd;
                    d.payment.receipts.push(r.clone());
                }
                // An older log: the whole amount, no receipt detail.
                None => d.payment.paid_vnd = d.payment.amount_vnd.unwrap_or(0),
            }
            // Paid in part, the dossier stays at status 6 (`e.to`).
            if e.to != Status::AwaitingPayment {
                d.resume_status = None;
                d.payment.state = PaymentState::Paid;
                d.payment.paid_at = Some(at);
            }
        }
        EventKind::Approved => d.approval = Some(Approval { by, at }),
        EventKind::Signed { result } => d.result = Some(result.clone()),
        EventKind::ResultReady { to_step, owner } => {
            set_handler(&mut d, &by);
            d.finished_at = Some(at);
            if *to_step != d.step {
                d.step = *to_step;
                d.step_entered_at = Some(at);
            }
            if owner.is_some() {
                d.step_owner = owner.clone();
            }
        }
        EventKind::ResultReturned {
            channel,
            received_by,
        } => {
            set_handler(&mut d, &by);
            d.returned = Some(Returned {
                channel: *channel,
                received_by: received_by.clone(),
                by,
                at,
            });
            d.closed_at = Some(at);
        }
        EventKind::Withdrawn { reason } => end(
            &mut d,
            EndKind::Withdrawn,
            std::slice::from_ref(reason),
            &by,
            at,
        ),
        EventKind::Stopped { reason } => end(
            &mut d,
            EndKind::Stopped,
            std::slice::from_ref(reason),
            &by,
            at,
        ),
        EventKind::Extended {
            reason,
            previous_due,
            new_due,
        } => {
            d.extensions.push(Extension {
                reason: reason.clone(),
                previous_due: *previous_due,
                new_due: *new_due,
                by,
                at,
            });
            d.due_at = Some(*new_due);
        }
    }
    d.status = e.to;
    d.version += 1;
    d
}

/// Replays a whole log; `None` for an empty one.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Dossier> {
    events.into_iter().fold(None, |d, e| Some(apply(d, e)))
}

fn receive(d: &mut Dossier, r: &super::Reception) {
    d.rule_set = Some(r.rule_set);
    d.received_at = Some(r.received_at);
    d.clock_start = Some(r.clock_start);
    d.due_at = Some(r.due_at);
    d.original_due_at = Some(r.due_at);
    d.step_dues = r.step_dues.clone();
    d.step = 0;
    d.step_owner = Some(r.owner.clone());
    d.step_entered_at = Some(r.received_at);
    d.missing.clear();
}

fn move_to(d: &mut Dossier, step: usize, owner: Owner, at: chrono::DateTime<chrono::Utc>) {
    d.step = step;
    d.step_owner = Some(owner);
    d.step_entered_at = Some(at);
}

fn set_handler(d: &mut Dossier, username: &str) {
    if let Some(h) = d.step_handlers.get_mut(d.step) {
        *h = Some(username.to_string());
    }
}

fn end(
    d: &mut Dossier,
    kind: EndKind,
    reasons: &[String],
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) {
    // A pause still open ends with the dossier.
    if let Some(p) = d.pauses.last_mut().filter(|p| p.end.is_none()) {
        p.end = Some(at.max(p.start));
    }
    d.ending = Some(Ending {
        kind,
        reasons: reasons.to_vec(),
        stage: d.status,
        step: d.step,
        by: by.to_string(),
        at,
    });
    d.closed_at = Some(at);
    if d.status == Status::Submitted || d.status == Status::IntakeSupplement {
        d.step_owner = None;
    }
}
