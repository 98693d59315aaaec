//! The officers' PAKN inbox (issue 17 item 3): who hands a PAKN to whom, when it is overdue,
//! what a "không hài lòng" rating brings into the inbox, and the figures the reports show.
//!
//! Who handles PAKN (decided here, documented in ARCHITECTURE.md): the one-stop desk triages
//! the inbox and the agency's leaders (unit heads, directors) may do so too; each of them may
//! assign a PAKN to any officer of the agency who works on dossiers (desk, specialist, head,
//! director), and that officer may then answer, refuse or ask for information. Publishing an
//! answer stays with the leaders, and only when the sender agreed.

use chrono::{DateTime, Utc};
use motcua_calendar::WorkingCalendar;
use serde::{Deserialize, Serialize};

use super::{
    feedback_deadlines, Contact, Feedback, FeedbackKind, FeedbackLimits, FeedbackStatus,
    NewFeedback, Rating, ServiceError, FEEDBACK_HANDLERS,
};
use crate::catalog::Role;
use crate::dossier::{Actor, ActorKind, Applicant};

/// Roles that may hand a PAKN of their agency to an officer: the desk and the leaders.
pub const FEEDBACK_ASSIGNERS: [Role; 3] = FEEDBACK_HANDLERS;

/// Roles a PAKN may be assigned to: officers who work on dossiers.
const ASSIGNABLE: [Role; 4] = [Role::Desk, Role::Specialist, Role::Head, Role::Director];

/// Whether `actor` may assign PAKN `f` (administrators always).
pub fn may_assign_feedback(actor: &Actor, f: &Feedback) -> bool {
    actor.is_admin()
        || (super::may_read_feedback(actor, &f.agency_code)
            && FEEDBACK_ASSIGNERS.iter().any(|r| actor.has(*r)))
}

/// Whether officer `to` may be given PAKN `f`: an officer of its agency with a dossier role.
pub fn may_be_assigned_feedback(to: &Actor, f: &Feedback) -> bool {
    to.kind == ActorKind::Officer
        && to.agency_code.as_deref() == Some(f.agency_code.as_str())
        && ASSIGNABLE.iter().any(|r| to.has(*r))
}

/// PAKN `f` assigned to `to` at `now`: an open PAKN only; one not yet looked at becomes
/// "being handled".
pub fn assign_feedback(
    mut f: Feedback,
    to: &Actor,
    now: DateTime<Utc>,
) -> Result<Feedback, ServiceError> {
    if f.status.is_final() || f.status == FeedbackStatus::Answered {
        return Err(ServiceError::WrongStatus {
            from: f.status,
            to: FeedbackStatus::InProgress,
        });
    }
    if !may_be_assigned_feedback(to, &f) {
        return Err(ServiceError::NotAssignable {
            username: to.username.clone(),
        });
    }
    f.assigned_to = Some(to.username.clone());
    if f.status == FeedbackStatus::Received {
        f.status = FeedbackStatus::InProgress;
    }
    f.updated_at = now;
    Ok(f)
}

/// Whether `f` is still waiting for its answer after the legal deadline, at `now`.
pub fn feedback_overdue(
    f: &Feedback,
    now: DateTime<Utc>,
    cal: &WorkingCalendar,
    limits: &FeedbackLimits,
) -> Result<bool, ServiceError> {
    if !is_open(f.status) {
        return Ok(false);
    }
    Ok(now > feedback_deadlines(f, cal, limits)?.answer_by)
}

/// Still waiting for the agency's answer.
fn is_open(s: FeedbackStatus) -> bool {
    matches!(
        s,
        FeedbackStatus::Received | FeedbackStatus::InProgress | FeedbackStatus::InfoRequested
    )
}

/// The PAKN a "không hài lòng" rating with a comment brings into the agency's inbox: the
/// applicant's words about dossier `dossier_code`, answered like any other PAKN. `None` for a
/// satisfied rating or one without a comment (nothing to answer), or no way to answer.
pub fn complaint_from_rating(
    rating: &Rating,
    applicant: &Applicant,
    agency_code: &str,
) -> Option<NewFeedback> {
    let comment = rating
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())?;
    if rating.ease.is_satisfied() && rating.overall.is_satisfied() {
        return None;
    }
    let new = NewFeedback {
        kind: FeedbackKind::Feedback,
        subject: format!(
            "Không hài lòng về việc giải quyết hồ sơ {}",
            rating.dossier_code
        ),
        content: comment.to_owned(),
        contact: Contact {
            name: applicant.name.clone(),
            phone: applicant.phone.clone(),
            email: applicant.email.clone(),
        },
        dossier_code: Some(rating.dossier_code.clone()),
        agency_code: agency_code.to_owned(),
        publish_consent: false,
    };
    new.validate().ok()
}

/// PAKN figures of a period (reports): what came in and how it was answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackFigures {
    /// Received in the period.
    pub received: u64,
    /// Answered (or refused) by the legal deadline.
    pub answered_on_time: u64,
    /// Answered (or refused) after it.
    pub answered_late: u64,
    /// Still waiting for an answer at the end of the period (or now, if earlier).
    pub pending: u64,
    /// Of those, past their deadline.
    pub pending_overdue: u64,
}

/// The figures of the PAKN in `received` (those received in the period) as they stood at
/// `at`: an answer given after `at` counts as pending.
pub fn feedback_figures(
    received: &[Feedback],
    at: DateTime<Utc>,
    cal: &WorkingCalendar,
    limits: &FeedbackLimits,
) -> Result<FeedbackFigures, ServiceError> {
    let mut out = FeedbackFigures::default();
    for f in received {
        out.received += 1;
        let deadlines = feedback_deadlines(f, cal, limits)?;
        let answered = f
            .answer
            .as_ref()
            .filter(|a| a.at <= at && !matches!(f.status, FeedbackStatus::InfoRequested));
        match answered {
            Some(a) => {
                let by = if f.status == FeedbackStatus::Refused {
                    deadlines.refuse_by.max(deadlines.answer_by)
                } else {
                    deadlines.answer_by
                };
                if a.at <= by {
                    out.answered_on_time += 1;
                } else {
                    out.answered_late += 1;
                }
            }
            None => {
                out.pending += 1;
                if at > deadlines.answer_by {
                    out.pending_overdue += 1;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::service::{change_feedback, RatingLevel};

    fn cal() -> &'static WorkingCalendar {
        WorkingCalendar::vietnam().expect("calendar")
    }

    /// Received Friday 2021-05-28 10:00 Vietnam time: answer due Friday 2021-06-11 10:00.
    fn received(code: &str) -> Feedback {
        let t = chrono::FixedOffset::east_opt(7 * 3600)
            .and_then(|o| o.with_ymd_and_hms(2021, 5, 28, 10, 0, 0).single())
            .expect("instant")
            .with_timezone(&Utc);
        Feedback {
            code: code.into(),
            kind: FeedbackKind::Petition,
            subject: "s".into(),
            content: "c".into(),
            contact: Contact::default(),
            dossier_code: None,
            agency_code: "A".into(),
            status: FeedbackStatus::Received,
            received_at: t,
            updated_at: t,
            answer: None,
            published_at: None,
            assigned_to: None,
            publish_consent: false,
        }
    }

    #[test]
    fn ten_working_days_then_overdue() {
        let f = received("PAKN-210528-0001");
        let due = feedback_deadlines(&f, cal(), &FeedbackLimits::default())
            .expect("deadlines")
            .answer_by;
        let vn = due.with_timezone(&motcua_calendar::VN_OFFSET);
        assert_eq!(vn.format("%Y-%m-%d %H:%M").to_string(), "2021-06-11 10:00");
        let limits = FeedbackLimits::default();
        assert!(!feedback_overdue(&f, due, cal(), &limits).expect("ok"));
        assert!(feedback_overdue(&f, due + Duration::minutes(1), cal(), &limits).expect("ok"));
        let answered =
            change_feedback(f, FeedbackStatus::Answered, Some("ok"), "u", due).expect("answer");
        assert!(
            !feedback_overdue(&answered, due + Duration::days(30), cal(), &limits).expect("ok")
        );
    }

    #[test]
    fn assigning_goes_to_an_officer_of_the_agency_and_starts_handling() {
        let f = received("PAKN-210528-0001");
        let desk = Actor::officer("desk", &[Role::Desk], "A", "MC");
        let spec = Actor::officer("cv", &[Role::Specialist], "A", "QLTM");
        let clerk = Actor::officer("vt", &[Role::Clerk], "A", "VP");
        let outsider = Actor::officer("cv2", &[Role::Specialist], "B", "QLTM");
        let reporter = Actor::officer("bc", &[Role::Reporter], "A", "VP");
        assert!(may_assign_feedback(&desk, &f));
        assert!(!may_assign_feedback(&spec, &f));
        assert!(!may_assign_feedback(&reporter, &f));
        let now = f.received_at + Duration::hours(1);
        let given = assign_feedback(f.clone(), &spec, now).expect("assigned");
        assert_eq!(given.assigned_to.as_deref(), Some("cv"));
        assert_eq!(given.status, FeedbackStatus::InProgress);
        assert_eq!(given.updated_at, now);
        for nobody in [&clerk, &outsider] {
            assert_eq!(
                assign_feedback(f.clone(), nobody, now),
                Err(ServiceError::NotAssignable {
                    username: nobody.username.clone()
                })
            );
        }
        // The assignee may now answer it, not publish it.
        assert!(super::super::may_change_feedback(
            &spec,
            &given,
            FeedbackStatus::Answered
        ));
        assert!(!super::super::may_change_feedback(
            &spec,
            &given,
            FeedbackStatus::Published
        ));
        let done = change_feedback(given, FeedbackStatus::Answered, Some("x"), "cv", now)
            .expect("answered");
        assert!(assign_feedback(done, &spec, now).is_err());
    }

    #[test]
    fn publishing_needs_the_senders_consent() {
        let mut f = received("PAKN-210528-0001");
        let t = f.received_at + Duration::hours(2);
        f = change_feedback(f, FeedbackStatus::Answered, Some("ok"), "u", t).expect("answered");
        assert_eq!(
            change_feedback(f.clone(), FeedbackStatus::Published, None, "ld", t),
            Err(ServiceError::NoConsent)
        );
        f.publish_consent = true;
        assert!(change_feedback(f, FeedbackStatus::Published, None, "ld", t).is_ok());
    }

    #[test]
    fn a_dissatisfied_comment_becomes_a_pakn() {
        let applicant = Applicant {
            name: "Trần Thị Lan".into(),
            phone: Some("0912345678".into()),
            ..Applicant::default()
        };
        let rating = |overall, comment: Option<&str>| Rating {
            dossier_code: "X-250602-0001".into(),
            ease: RatingLevel::Satisfied,
            overall,
            comment: comment.map(str::to_owned),
            rated_at: Utc::now(),
        };
        let new = complaint_from_rating(
            &rating(RatingLevel::Dissatisfied, Some(" Phải đi lại ba lần ")),
            &applicant,
            "A",
        )
        .expect("a PAKN");
        assert_eq!(new.content, "Phải đi lại ba lần");
        assert_eq!(new.dossier_code.as_deref(), Some("X-250602-0001"));
        assert_eq!(new.contact.phone.as_deref(), Some("0912345678"));
        assert!(new.subject.contains("Không hài lòng"));
        assert!(!new.publish_consent);
        assert_eq!(
            complaint_from_rating(
                &rating(RatingLevel::Satisfied, Some("tốt")),
                &applicant,
                "A"
            ),
            None
        );
        assert_eq!(
            complaint_from_rating(
                &rating(RatingLevel::Dissatisfied, Some("  ")),
                &applicant,
                "A"
            ),
            None
        );
        // Nobody to answer: no phone, no e-mail.
        let anonymous = Applicant::default();
        assert_eq!(
            complaint_from_rating(
                &rating(RatingLevel::Dissatisfied, Some("x")),
                &anonymous,
                "A"
            ),
            None
        );
    }

    #[test]
    fn figures_count_on_time_late_and_pending_at_the_cut() {
        let limits = FeedbackLimits::default();
        let base = received("PAKN-210528-0001");
        let due = feedback_deadlines(&base, cal(), &limits)
            .expect("deadlines")
            .answer_by;
        let answer = |code: &str, at| {
            change_feedback(
                received(code),
                FeedbackStatus::Answered,
                Some("ok"),
                "u",
                at,
            )
            .expect("answered")
        };
        let list = vec![
            answer("PAKN-210528-0001", due),
            answer("PAKN-210528-0002", due + Duration::hours(1)),
            received("PAKN-210528-0003"),
        ];
        let end = due + Duration::days(10);
        let f = feedback_figures(&list, end, cal(), &limits).expect("figures");
        assert_eq!(
            f,
            FeedbackFigures {
                received: 3,
                answered_on_time: 1,
                answered_late: 1,
                pending: 1,
                pending_overdue: 1,
            }
        );
        // Cut before the deadline: the answers after it count as pending, none overdue yet.
        let early =
            feedback_figures(&list, due - Duration::hours(1), cal(), &limits).expect("figures");
        assert_eq!((early.pending, early.pending_overdue), (3, 0));
        let sum = early.answered_on_time + early.answered_late + early.pending;
        assert_eq!(sum, early.received);
    }
}
