//! The service to applicants after and beside their dossiers: satisfaction ratings and
//! feedback and petitions (phản ánh, kiến nghị — PAKN). The rules are the domain's
//! (`motcua_domain::service`); these load, ask them, and have the store write.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{Actor, ActorKind, Dossier, Viewer};
use motcua_domain::notify::feedback_notices;
use motcua_domain::service::{
    change_feedback, complaint_from_rating, may_change_feedback, may_rate, may_read_feedback,
    Feedback, FeedbackStatus, NewFeedback, Rating, RatingLevel, ServiceError,
};
use motcua_store::feedback::{self, FeedbackError};
use motcua_store::ratings::{self, RateError};

pub use motcua_store::feedback::FeedbackFilter;

use crate::portal::ApplicantProof;
use crate::{App, AppError, Result};

/// The applicant's answers to the satisfaction questions.
#[derive(Debug, Clone)]
pub struct RatingAnswers {
    pub ease: RatingLevel,
    pub overall: RatingLevel,
    pub comment: Option<String>,
}

fn feedback_error(e: FeedbackError, code: &str) -> AppError {
    match e {
        FeedbackError::NotFound => AppError::NotFound(format!("PAKN {code}")),
        FeedbackError::Changed => AppError::Unexpected(format!("PAKN {code} changed meanwhile")),
        FeedbackError::Store(s) => s.into(),
    }
}

impl App {
    /// Rates dossier `code` for its applicant (`proof`): once, and only after its result was
    /// returned. An officer never rates; an applicant without proof finds nothing.
    pub async fn rate(
        &self,
        code: &str,
        proof: ApplicantProof<'_>,
        answers: RatingAnswers,
        now: DateTime<Utc>,
    ) -> Result<Rating> {
        if proof.is_officer() && proof.viewer.applicant_id.is_none() {
            return Err(AppError::forbidden(
                "Chỉ người nộp hồ sơ được đánh giá mức độ hài lòng",
                "Only the applicant rates their dossier",
            ));
        }
        let d = self.applicant_dossier(code, proof, now).await?;
        let rated = ratings::get_rating(&self.db, &d.code).await?.is_some();
        may_rate(d.status, rated)?;
        let rating = Rating {
            dossier_code: d.code,
            ease: answers.ease,
            overall: answers.overall,
            comment: answers.comment,
            rated_at: now,
        }
        .validate()?;
        let rating = match ratings::rate(&self.db, rating).await {
            Ok(r) => r,
            Err(RateError::AlreadyRated) => return Err(ServiceError::AlreadyRated.into()),
            Err(RateError::Store(e)) => return Err(e.into()),
        };
        // "Không hài lòng" with words: they reach the officers' PAKN inbox, to be answered.
        if let Some(new) = complaint_from_rating(&rating, &d.applicant, &d.agency_code) {
            self.store_feedback(new, now).await?;
        }
        Ok(rating)
    }

    /// Why the applicant cannot rate `d` now (the caller proved it is theirs), if they cannot.
    pub async fn rating_refusal(&self, d: &Dossier) -> Result<Option<ServiceError>> {
        let rated = ratings::get_rating(&self.db, &d.code).await?.is_some();
        Ok(may_rate(d.status, rated).err())
    }

    /// The rating of dossier `code`, to whoever may see the dossier.
    pub async fn rating(&self, code: &str, viewer: Viewer<'_>) -> Result<Option<Rating>> {
        let d = self.dossier(code, viewer).await?;
        Ok(ratings::get_rating(&self.db, &d.code).await?)
    }

    /// Receives a PAKN from anyone at `now`; it gets the next code of its day.
    pub async fn submit_feedback(&self, new: NewFeedback, now: DateTime<Utc>) -> Result<Feedback> {
        let new = new.validate()?;
        if !self
            .agencies()
            .await?
            .iter()
            .any(|a| a.code == new.agency_code)
        {
            return Err(AppError::invalid_field(
                "agency_code",
                "Không có cơ quan này",
                "No such agency",
            ));
        }
        self.store_feedback(new, now).await
    }

    /// Stores a validated PAKN and queues its code to the sender, in one transaction.
    async fn store_feedback(&self, new: NewFeedback, now: DateTime<Utc>) -> Result<Feedback> {
        let base = self.delivery.public_base_url.clone();
        let notices =
            move |f: &Feedback| crate::notifications::to_messages(feedback_notices(f, &base));
        feedback::create_feedback_notified(&self.db, new, now, &notices)
            .await
            .map_err(|e| feedback_error(e, "new"))
    }

    /// PAKN `code` as its sender may follow it: `key` must be the e-mail or phone they gave (or
    /// its last 4 digits). A wrong key and an unknown code answer the same
    /// [`AppError::NotFound`]; wrong keys count against the code as at the dossier lookup.
    pub async fn feedback_status(&self, code: &str, key: &str) -> Result<Feedback> {
        let code = code.trim();
        // Its own key space: a PAKN code never spends a dossier code's tries.
        let guard = format!("pakn:{code}");
        let now = chrono::Utc::now();
        self.guard_check(&guard, now).await?;
        match feedback::get_feedback(&self.db, code).await? {
            Some(f) if f.contact_matches(key) => Ok(f),
            _ => {
                self.guard_fail(&guard, now).await?;
                Err(AppError::NotFound(format!("PAKN {code}")))
            }
        }
    }

    /// The PAKN an officer may read: their agency's (an administrator's: any, or the agency
    /// the filter names), newest first, with the total.
    pub async fn feedback_list(
        &self,
        actor: &Actor,
        mut filter: FeedbackFilter,
    ) -> Result<(i64, Vec<Feedback>)> {
        if actor.kind != ActorKind::Officer && !actor.is_admin() {
            return Err(AppError::officers_only());
        }
        if !actor.is_admin() {
            let Some(agency) = actor.agency_code.clone() else {
                return Err(AppError::officers_only());
            };
            filter.agency_code = Some(agency);
        }
        Ok(feedback::list_feedback(&self.db, &filter).await?)
    }

    /// Moves PAKN `code` to `to` as `actor` at `now`: an officer of its agency with a handling
    /// role (publishing: one of its leaders). `text` is the answer, the reason of a refusal, or
    /// the information asked for. Someone else's change in between is a refusal from the
    /// status it reached, nothing written.
    pub async fn change_feedback(
        &self,
        actor: &Actor,
        code: &str,
        to: FeedbackStatus,
        text: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Feedback> {
        let code = code.trim();
        let f = feedback::get_feedback(&self.db, code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("PAKN {code}")))?;
        if !may_read_feedback(actor, &f.agency_code) {
            return Err(AppError::NotFound(format!("PAKN {code}")));
        }
        if !may_change_feedback(actor, &f, to) {
            return Err(AppError::forbidden(
                "Bạn không có quyền xử lý phản ánh, kiến nghị này",
                "You may not handle this feedback",
            ));
        }
        let from = f.status;
        let next = change_feedback(f, to, text, &actor.username, now)?;
        // The sender hears the answer (or refusal, or the question) in the same transaction.
        let messages = crate::notifications::to_messages(feedback_notices(
            &next,
            &self.delivery.public_base_url,
        ));
        match feedback::update_feedback_notified(&self.db, from, &next, &messages).await {
            Ok(()) => Ok(next),
            Err(FeedbackError::Changed) => {
                let now_at = feedback::get_feedback(&self.db, code)
                    .await?
                    .map_or(from, |f| f.status);
                Err(ServiceError::WrongStatus { from: now_at, to }.into())
            }
            Err(e) => Err(feedback_error(e, code)),
        }
    }
}
