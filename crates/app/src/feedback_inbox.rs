//! The officers' PAKN inbox (issue 17 item 3): the list with each PAKN's legal deadline on the
//! working calendar, one PAKN with what the reader may do to it, assignment to an officer, and
//! the figures the reports show. The rules are the domain's (`motcua_domain::service`).

use chrono::{DateTime, Utc};
use motcua_domain::dossier::Actor;
use motcua_domain::reports::Period;
use motcua_domain::service::{
    assign_feedback, feedback_deadlines, feedback_figures, feedback_overdue, may_assign_feedback,
    may_be_assigned_feedback, may_change_feedback, may_read_feedback, Feedback, FeedbackFigures,
    FeedbackLimits, FeedbackStatus, ServiceError,
};
use motcua_store::feedback::{self, FeedbackError, FeedbackFilter};
use motcua_store::reports::{day_start, Scope};
use motcua_store::users;

use crate::sessions::actor_of;
use crate::work::Officer;
use crate::{App, AppError, Result};

/// One PAKN as the inbox shows it.
#[derive(Debug, Clone)]
pub struct FeedbackItem {
    pub feedback: Feedback,
    /// The answer is due by then (working days from reception).
    pub answer_by: DateTime<Utc>,
    /// Still unanswered past `answer_by`.
    pub overdue: bool,
}

/// One PAKN with what its reader may do now.
#[derive(Debug, Clone)]
pub struct FeedbackDetail {
    pub item: FeedbackItem,
    pub may_assign: bool,
    /// May answer, refuse or ask for more information.
    pub may_answer: bool,
    /// May publish the answer (answered, sender agreed, a leader).
    pub may_publish: bool,
    /// Officers it may be assigned to.
    pub officers: Vec<Officer>,
}

fn not_found(code: &str) -> AppError {
    AppError::NotFound(format!("PAKN {code}"))
}

impl App {
    fn feedback_item(&self, f: Feedback, now: DateTime<Utc>) -> Result<FeedbackItem> {
        let cal = self.calendar();
        let limits = FeedbackLimits::default();
        let answer_by = feedback_deadlines(&f, &cal, &limits)?.answer_by;
        let overdue = feedback_overdue(&f, now, &cal, &limits)?;
        Ok(FeedbackItem {
            feedback: f,
            answer_by,
            overdue,
        })
    }

    /// The PAKN inbox of `actor`'s agency ([`App::feedback_list`]'s rules), each with its
    /// deadline and whether it is overdue at `now`.
    pub async fn feedback_inbox(
        &self,
        actor: &Actor,
        filter: FeedbackFilter,
        now: DateTime<Utc>,
    ) -> Result<(i64, Vec<FeedbackItem>)> {
        let (total, list) = self.feedback_list(actor, filter).await?;
        let items = list
            .into_iter()
            .map(|f| self.feedback_item(f, now))
            .collect::<Result<Vec<_>>>()?;
        Ok((total, items))
    }

    async fn readable_feedback(&self, actor: &Actor, code: &str) -> Result<Feedback> {
        let code = code.trim();
        let f = feedback::get_feedback(&self.db, code)
            .await?
            .ok_or_else(|| not_found(code))?;
        if !may_read_feedback(actor, &f.agency_code) {
            return Err(not_found(code));
        }
        Ok(f)
    }

    /// PAKN `code` for an officer of its agency, with what they may do to it now.
    pub async fn feedback_detail(
        &self,
        actor: &Actor,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<FeedbackDetail> {
        let f = self.readable_feedback(actor, code).await?;
        let open = !f.status.is_final() && f.status != FeedbackStatus::Answered;
        let may_assign = open && may_assign_feedback(actor, &f);
        let may_answer = f.status.can_become(FeedbackStatus::Answered)
            && may_change_feedback(actor, &f, FeedbackStatus::Answered);
        let may_publish = f.publish_consent
            && f.status.can_become(FeedbackStatus::Published)
            && may_change_feedback(actor, &f, FeedbackStatus::Published);
        let officers = if may_assign {
            users::list_users(&self.db)
                .await?
                .into_iter()
                .filter(|u| u.active && may_be_assigned_feedback(&actor_of(u), &f))
                .map(|u| Officer {
                    username: u.username,
                    full_name: u.full_name,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(FeedbackDetail {
            item: self.feedback_item(f, now)?,
            may_assign,
            may_answer,
            may_publish,
            officers,
        })
    }

    /// Assigns PAKN `code` to officer `to` (a user name) as `actor` at `now`: the desk or a
    /// leader of its agency, to an officer of that agency. Someone else's change in between is
    /// refused, nothing written.
    pub async fn assign_feedback(
        &self,
        actor: &Actor,
        code: &str,
        to: &str,
        now: DateTime<Utc>,
    ) -> Result<Feedback> {
        let f = self.readable_feedback(actor, code).await?;
        if !may_assign_feedback(actor, &f) {
            return Err(AppError::forbidden(
                "Bạn không có quyền giao xử lý phản ánh, kiến nghị này",
                "You may not assign this feedback",
            ));
        }
        let to = to.trim();
        let assignee = match users::find_user(&self.db, to).await? {
            Some(u) if u.active => actor_of(&u),
            _ => {
                return Err(ServiceError::NotAssignable {
                    username: to.to_owned(),
                }
                .into())
            }
        };
        let from = f.status;
        let next = assign_feedback(f, &assignee, now)?;
        match feedback::update_feedback(&self.db, from, &next).await {
            Ok(()) => Ok(next),
            Err(FeedbackError::Changed) => Err(ServiceError::WrongStatus {
                from,
                to: FeedbackStatus::InProgress,
            }
            .into()),
            Err(FeedbackError::NotFound) => Err(not_found(code)),
            Err(FeedbackError::Store(e)) => Err(e.into()),
        }
    }

    /// PAKN figures of `period` for the agency `actor` may report on (the reports' rules): received
    /// in the period; answered on time, late; still pending at the period's end (or `now`).
    pub async fn feedback_figures(
        &self,
        actor: &Actor,
        period: Period,
        agency: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<FeedbackFigures> {
        let scope = self.report_scope(
            actor,
            &Scope {
                agency_code: agency.map(str::to_owned),
                ..Scope::default()
            },
        )?;
        let from = day_start(period.from);
        let to = day_start(period.to.succ_opt().unwrap_or(period.to));
        let list =
            feedback::feedback_received_between(&self.db, scope.agency_code.as_deref(), from, to)
                .await?;
        let cal = self.calendar();
        Ok(feedback_figures(
            &list,
            now.min(to),
            &cal,
            &FeedbackLimits::default(),
        )?)
    }
}
