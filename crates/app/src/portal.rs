//! The citizen portal's use cases: submission drafts and lookup grants (both kept under the
//! SHA-256 of a random token only the browser's cookie holds), the applicant's own dossier
//! (seen with an applicant's proof, with what they may do now), and "my dossiers".

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{
    Action, Actor, ActorKind, Dossier, Event, EventKind, FileRef, Status, Viewer,
};
use motcua_store::dossiers::{self, DossierFilter};
use motcua_store::portal;

pub use motcua_store::portal::Draft;

use crate::auth::token_hash;
use crate::lookup::LookupView;
use crate::{App, AppError, Result};

/// How a browser or a client shows it acts for the applicant of a dossier. An officer is
/// never the applicant: their account proves nothing here.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplicantProof<'a> {
    /// A signed-in account (the owner's), and/or the identity number or phone given at
    /// submission (normalized), as the JSON API's `X-Applicant-Id`.
    pub viewer: Viewer<'a>,
    /// The token of this browser's lookup grants (the portal's cookie).
    pub lookup_token: Option<&'a str>,
}

impl ApplicantProof<'_> {
    /// The signed-in applicant account, if any (officers are left out).
    fn account(&self) -> Option<&Actor> {
        self.viewer.actor.filter(|a| a.kind == ActorKind::Applicant)
    }

    /// Whether an officer's account is all there is.
    pub fn is_officer(&self) -> bool {
        self.viewer
            .actor
            .is_some_and(|a| a.kind != ActorKind::Applicant)
    }

    /// Who acts for the applicant on `d`: the signed-in owner, or the name the submission
    /// was filed under (an applicant without an account, after proving the dossier is theirs).
    pub fn actor_for(&self, d: &Dossier) -> Option<Actor> {
        match self.account() {
            Some(a) if d.owner_account.as_deref() == Some(a.username.as_str()) => Some(a.clone()),
            _ => d.owner_account.as_deref().map(Actor::applicant),
        }
    }
}

/// The applicant's page of a dossier: where it stands (the public lookup's view), its history,
/// and what the applicant may do now — each asked of the domain.
#[derive(Debug)]
pub struct ApplicantView {
    pub dossier: Dossier,
    pub events: Vec<Event>,
    pub public: LookupView,
    /// Asked for a supplement (and still waiting): what is missing and why.
    pub asked: Option<(Vec<String>, String)>,
    /// The electronic result, once there is one.
    pub result_files: Vec<FileRef>,
    /// The domain allows the applicant's withdrawal in the current status.
    pub can_withdraw: bool,
    /// Returned and not rated yet.
    pub can_rate: bool,
    /// Why the appointment is that date (absent before reception).
    pub due_why: Option<motcua_domain::dossier::AppointmentWhy>,
}

/// One of the signed-in applicant's dossiers.
#[derive(Debug, Clone)]
pub struct MyDossier {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub submitted_at: DateTime<Utc>,
    /// `None` when the stored status is not one this version knows.
    pub status: Option<Status>,
    pub raw_status: String,
}

/// What the applicant was last asked to bring, and why.
fn supplement_request(events: &[Event]) -> Option<(Vec<String>, String)> {
    events.iter().rev().find_map(|e| match &e.kind {
        EventKind::GuidedToSupplement { missing, reason }
        | EventKind::SupplementRequested { missing, reason } => {
            Some((missing.clone(), reason.clone()))
        }
        _ => None,
    })
}

impl App {
    /// Starts (or replaces) the draft under `token` for `procedure_code` with `data`.
    pub async fn create_draft(
        &self,
        token: &str,
        procedure_code: &str,
        data: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let hash = token_hash(token);
        Ok(portal::create_draft(&self.db, &hash, procedure_code, data, expires_at).await?)
    }

    /// The unexpired draft under `token`.
    pub async fn draft(&self, token: &str, now: DateTime<Utc>) -> Result<Option<Draft>> {
        Ok(portal::draft(&self.db, &token_hash(token), now).await?)
    }

    /// Saves the draft's data and pushes its expiry back; false when it no longer exists.
    pub async fn save_draft(
        &self,
        token: &str,
        data: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(portal::save_draft(&self.db, &token_hash(token), data, expires_at).await?)
    }

    /// Opens dossier `code` to the holder of `token` until `expires_at` (after a lookup or a
    /// submission from that browser).
    pub async fn grant_lookup(
        &self,
        token: &str,
        code: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        Ok(portal::grant_lookup(&self.db, &token_hash(token), code, expires_at).await?)
    }

    /// Dossier `code` if `proof` shows the caller is its applicant: the owner's account, the
    /// identity number or phone given at submission, or a fresh lookup grant. Otherwise (and
    /// when absent) [`AppError::NotFound`], the same answer.
    pub async fn applicant_dossier(
        &self,
        code: &str,
        proof: ApplicantProof<'_>,
        now: DateTime<Utc>,
    ) -> Result<Dossier> {
        let not_found = || AppError::NotFound(format!("dossier {code}"));
        let d = dossiers::load(&self.db, code)
            .await?
            .ok_or_else(not_found)?
            .dossier;
        let by_account = Viewer {
            actor: proof.account(),
            applicant_id: None,
        };
        if d.visible_to(by_account) {
            return Ok(d);
        }
        if proof.viewer.applicant_id.is_some() {
            let as_applicant = Viewer {
                applicant_id: proof.viewer.applicant_id,
                ..by_account
            };
            // A wrong id counts against the code (as at the lookup) unless a grant proves it.
            let granted = match proof.lookup_token {
                Some(t) => portal::lookup_granted(&self.db, &token_hash(t), &d.code, now).await?,
                None => false,
            };
            if granted {
                return Ok(d);
            }
            return self
                .check_applicant_id(code, Some(&d), as_applicant)
                .await
                .map(|()| d);
        }
        match proof.lookup_token {
            Some(t) if portal::lookup_granted(&self.db, &token_hash(t), &d.code, now).await? => {
                Ok(d)
            }
            _ => Err(not_found()),
        }
    }

    /// Everything the applicant's page of `d` shows (the caller proved it is theirs).
    pub async fn applicant_view(&self, d: Dossier, now: DateTime<Utc>) -> Result<ApplicantView> {
        let events = self.events(&d).await?;
        let asked = matches!(
            d.status,
            Status::AwaitingSupplement | Status::IntakeSupplement
        )
        .then(|| supplement_request(&events))
        .flatten()
        .map(|(missing, reason)| {
            // The open request's list, as the dossier keeps it.
            let missing = if d.missing.is_empty() {
                missing
            } else {
                d.missing.clone()
            };
            (missing, reason)
        });
        let result_files = if d.status.has_result() {
            d.result
                .as_ref()
                .map(|r| r.files.clone())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        // Ask the domain, not a guess: a signed dossier can no longer be withdrawn.
        let can_withdraw = Action::Withdraw.allowed_in().contains(&d.status);
        let can_rate = self.rating_refusal(&d).await?.is_none();
        let due_why = self.explain_dossier_appointment(&d).await?;
        let public = self.public_view(d.clone(), &events, now).await?;
        Ok(ApplicantView {
            dossier: d,
            events,
            public,
            asked,
            result_files,
            can_withdraw,
            can_rate,
            due_why,
        })
    }

    /// Result file `sha256` of `d` (which the caller proved is theirs): only the electronic
    /// result is served to the applicant, and a file missing from storage is
    /// [`AppError::NotFound`] like any other.
    pub async fn result_file(&self, d: &Dossier, sha256: &str) -> Result<crate::files::OpenedFile> {
        let sha256 = sha256.to_ascii_lowercase();
        let file = d
            .status
            .has_result()
            .then_some(d.result.as_ref())
            .flatten()
            .and_then(|r| r.files.iter().find(|f| f.sha256 == sha256))
            .ok_or_else(|| AppError::NotFound(format!("file {sha256}")))?;
        self.open_file(file).await
    }

    /// The dossiers filed under the signed-in applicant account `actor`, newest first.
    pub async fn my_dossiers(&self, actor: &Actor) -> Result<Vec<MyDossier>> {
        let filter = DossierFilter {
            owner_account: Some(actor.username.clone()),
            limit: 200,
            ..Default::default()
        };
        let (_, mut lines) = dossiers::list(&self.db, &filter).await?;
        lines.sort_by_key(|l| std::cmp::Reverse(l.submitted_at));
        let mut names = std::collections::HashMap::new();
        let mut out = Vec::with_capacity(lines.len());
        for l in lines {
            if !names.contains_key(&l.procedure_code) {
                let name = self.procedure_name(&l.procedure_code).await?;
                names.insert(l.procedure_code.clone(), name);
            }
            let status =
                serde_json::from_value::<Status>(serde_json::Value::String(l.status.clone())).ok();
            out.push(MyDossier {
                procedure_name: names
                    .get(&l.procedure_code)
                    .cloned()
                    .unwrap_or_else(|| l.procedure_code.clone()),
                code: l.code,
                procedure_code: l.procedure_code,
                submitted_at: l.submitted_at,
                status,
                raw_status: l.status,
            });
        }
        Ok(out)
    }
}
