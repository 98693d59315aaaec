//! What every decision shares: the result type, the one-event answer and the input checks.
//! Below both `decide.rs` (intake, supplement, payment, ending) and `handling.rs` (the steps),
//! so neither imports the other's helpers.

use super::{Action, Context, Dossier, DossierError, Event, EventKind, Problem, Status};

pub(crate) type Result<T> = std::result::Result<T, DossierError>;

/// One event from `d`'s status to `to`, at the current step.
pub(crate) fn one(
    d: &Dossier,
    ctx: &Context,
    kind: EventKind,
    to: Status,
    note: Option<String>,
) -> Vec<Event> {
    vec![Event {
        at: ctx.now,
        actor: ctx.actor.clone(),
        kind,
        from: Some(d.status),
        to,
        step: d.status.is_received().then_some(d.step),
        note: note.filter(|n| !n.trim().is_empty()),
    }]
}

pub(crate) fn invalid(action: Action, field: &'static str, problem: Problem) -> DossierError {
    DossierError::Invalid {
        action,
        field,
        problem,
    }
}

pub(crate) fn non_empty(action: Action, field: &'static str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(invalid(action, field, Problem::Empty));
    }
    Ok(t.to_string())
}

/// The non-blank entries, trimmed; at least one.
pub(crate) fn non_empty_list(
    action: Action,
    field: &'static str,
    v: &[String],
) -> Result<Vec<String>> {
    let out: Vec<String> = v
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if out.is_empty() {
        return Err(invalid(action, field, Problem::Empty));
    }
    Ok(out)
}
