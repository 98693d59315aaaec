//! The rules of ratings and PAKN: who may rate and when, who may move a PAKN on, and what a
//! change of status does to it. Pure; the use cases (`motcua_app::service`) load, ask these,
//! and have the store write the result.

use chrono::{DateTime, Utc};

use super::{Feedback, FeedbackAnswer, FeedbackStatus, ServiceError};
use crate::catalog::Role;
use crate::dossier::{Actor, ActorKind, Status};

/// Whether a dossier in `status`, rated already or not, may be rated now: only once its result
/// was returned, and only once (domain.md §7). Who rates is the applicant; the use case asks
/// for the applicant's proof before it asks this.
pub fn may_rate(status: Status, already_rated: bool) -> Result<(), ServiceError> {
    if status != Status::Returned {
        return Err(ServiceError::NotReturned);
    }
    if already_rated {
        return Err(ServiceError::AlreadyRated);
    }
    Ok(())
}

/// Roles that handle a PAKN of their agency: receive, ask for information, answer, refuse.
pub const FEEDBACK_HANDLERS: [Role; 3] = [Role::Desk, Role::Head, Role::Director];
/// Roles that may publish an answer (the agency's leadership).
pub const FEEDBACK_PUBLISHERS: [Role; 2] = [Role::Head, Role::Director];

/// Whether `actor` may read the PAKN of `agency_code` (officers of that agency, administrators).
pub fn may_read_feedback(actor: &Actor, agency_code: &str) -> bool {
    actor.is_admin()
        || (actor.kind == ActorKind::Officer && actor.agency_code.as_deref() == Some(agency_code))
}

/// Whether `actor` may move PAKN `f` to `to`: an officer of its agency with a handling role
/// or the officer it was assigned to, and, to publish, one of its leaders; administrators
/// always.
pub fn may_change_feedback(actor: &Actor, f: &Feedback, to: FeedbackStatus) -> bool {
    if actor.is_admin() {
        return true;
    }
    let assignee = f.assigned_to.as_deref() == Some(actor.username.as_str());
    if assignee && to != FeedbackStatus::Published && may_read_feedback(actor, &f.agency_code) {
        return true;
    }
    let roles: &[Role] = if to == FeedbackStatus::Published {
        &FEEDBACK_PUBLISHERS
    } else {
        &FEEDBACK_HANDLERS
    };
    may_read_feedback(actor, &f.agency_code) && roles.iter().any(|r| actor.has(*r))
}

/// Whether going to `to` records a text: the answer, the reason of a refusal, or the
/// information asked for.
pub fn needs_text(to: FeedbackStatus) -> bool {
    matches!(
        to,
        FeedbackStatus::Answered | FeedbackStatus::Refused | FeedbackStatus::InfoRequested
    )
}

/// PAKN `f` moved to `to` by `by` at `now`, if the transition is allowed: the text (trimmed)
/// becomes its answer where one is needed; publishing keeps the answer and stamps the time.
pub fn change_feedback(
    mut f: Feedback,
    to: FeedbackStatus,
    text: Option<&str>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Feedback, ServiceError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if needs_text(to) && text.is_none() {
        return Err(ServiceError::Missing { field: "text" });
    }
    if text.is_some_and(|t| t.chars().count() > super::MAX_TEXT) {
        return Err(ServiceError::TooLong {
            field: "text",
            max: super::MAX_TEXT,
        });
    }
    if !f.status.can_become(to) {
        return Err(ServiceError::WrongStatus { from: f.status, to });
    }
    if to == FeedbackStatus::Published && !f.publish_consent {
        return Err(ServiceError::NoConsent);
    }
    if let (true, Some(t)) = (needs_text(to), text) {
        f.answer = Some(FeedbackAnswer {
            text: t.to_owned(),
            by: by.to_owned(),
            at: now,
        });
    }
    if to == FeedbackStatus::Published {
        f.published_at = Some(now);
    }
    f.status = to;
    f.updated_at = now;
    Ok(f)
}
