//! The officers' workspace: a dossier as an officer sees it (with what they may do now, who it
//! can go to, its history and the names to show), where its clock stands, the officers a step
//! can be given to — the rule the page's list and [`App::act`] share — and liên thông plans.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{
    access, available_actions, classify_finished, clock, disclose_events, explain_appointment,
    Access, Action, Actor, ActorKind, AppointmentWhy, ClassifyOptions, Clock, Command, Dossier,
    Event, Purpose, Timeliness, Viewer,
};
use motcua_domain::{rules, Role, Step};
use motcua_store::catalog::{self, ProcedureFilter};
use motcua_store::users::{self, User};
use motcua_store::{dossiers, StoreError};

pub use motcua_domain::Agency;
pub use motcua_store::catalog::{ProcedureSummary, StoredProcedure};

use crate::privacy::Reading;
use crate::{App, AppError, Result};

/// An officer a step can be given to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub username: String,
    pub full_name: String,
}

/// Where a dossier stands at an instant: its legal clock (absent before reception) and, once it
/// has a result, whether that came early, on time or late.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub clock: Option<Clock>,
    pub timeliness: Option<Timeliness>,
}

/// Everything the officer's dossier screen shows, read for one officer at one instant.
pub struct DossierDetail {
    /// As this officer may see it: the applicant masked unless their relation (or a reveal)
    /// shows it in full.
    pub dossier: Dossier,
    /// What the domain's access rule granted ([`motcua_domain::dossier::access`]).
    pub access: Access,
    /// Whether a reveal would show what is masked now.
    pub may_reveal: bool,
    /// The procedure version the dossier pinned.
    pub procedure: Arc<StoredProcedure>,
    /// What this officer may do now ([`available_actions`]).
    pub actions: Vec<Action>,
    pub standing: Standing,
    /// Why the appointment is that date (absent before reception).
    pub due_why: Option<AppointmentWhy>,
    /// The history, oldest first.
    pub events: Vec<Event>,
    /// Every agency with its units (names of units, agencies, liên thông targets).
    pub agencies: Vec<Agency>,
    /// Full names by user name.
    pub people: HashMap<String, String>,
    /// Who the next step can be forwarded to by name.
    pub next_officers: Vec<Officer>,
    /// Who the current step can be reassigned to.
    pub unit_officers: Vec<Officer>,
    /// Other agencies' published procedures a transfer can take its steps from (only when the
    /// officer may transfer).
    pub transfer_procedures: Vec<ProcedureSummary>,
    /// Whether the history verifies against its hash chain.
    pub record: crate::record::RecordCheck,
}

/// The domain's view of a stored account, to ask the rules about it.
fn as_actor(u: &User) -> Actor {
    Actor {
        kind: if u.roles.is_empty() {
            ActorKind::Applicant
        } else {
            ActorKind::Officer
        },
        user_id: Some(u.id),
        username: u.username.clone(),
        roles: u.roles.clone(),
        agency_code: u.agency_code.clone(),
        unit_code: u.unit_code.clone(),
    }
}

/// Whether `u` may be named to hold step `step` of `d`: active, and the step's role, agency
/// and unit ([`Dossier::may_hold_step`]).
fn eligible(d: &Dossier, step: usize, u: &User) -> bool {
    u.active && d.may_hold_step(step, &as_actor(u))
}

/// The user a command names to hold a step, and that step: forward (the next step) and
/// reassign (the current one). Blank names mean the step's unit queue.
fn named_holder(d: &Dossier, cmd: &Command) -> Option<(&'static str, String, usize)> {
    let (field, name, step) = match cmd {
        Command::Forward {
            to_user: Some(u), ..
        } => ("to_user", u, d.step + 1),
        Command::Reassign { to: Some(u) } => ("to", u, d.step),
        _ => return None,
    };
    let name = name.trim();
    (!name.is_empty()).then(|| (field, name.to_owned(), step))
}

/// Officers only: applicants (and anonymous callers) never see the workspace.
pub(crate) fn officer_only(actor: &Actor) -> Result<()> {
    match actor.kind {
        ActorKind::Officer | ActorKind::System => Ok(()),
        ActorKind::Applicant => Err(AppError::officers_only()),
    }
}

impl App {
    /// Dossier `code` and its pinned procedure, for an officer who may see it: absent →
    /// [`AppError::NotFound`]; another agency's → [`AppError::Forbidden`] (officers know
    /// dossiers by code; saying so is no leak, and it tells them to ask the right agency).
    pub async fn officer_dossier(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<(Dossier, Arc<StoredProcedure>)> {
        officer_only(actor)?;
        let stored = dossiers::load(&self.db, code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("dossier {code}")))?;
        let d = stored.dossier;
        if !crate::visibility::may_see(actor, &d) {
            return Err(AppError::forbidden(
                "Anh/chị không tham gia xử lý hồ sơ này nên không được xem",
                "You have no part in handling this dossier, so you may not see it",
            ));
        }
        let procedure = self.pinned_procedure(&d).await?;
        Ok((d, procedure))
    }

    /// The procedure version `d` pinned.
    pub(crate) async fn pinned_procedure(&self, d: &Dossier) -> Result<Arc<StoredProcedure>> {
        Ok(
            catalog::get_procedure_by_id_cached(&self.db, d.procedure_version_id)
                .await?
                .ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "procedure version {} missing",
                        d.procedure_version_id
                    ))
                })?,
        )
    }

    /// Why `d`'s appointment is that date, on the working calendar (`procedure`: the version it
    /// pinned); `None` before reception.
    pub fn appointment_why(
        &self,
        d: &Dossier,
        procedure: &motcua_domain::catalog::Procedure,
    ) -> Result<Option<AppointmentWhy>> {
        explain_appointment(d, procedure, &self.calendar())
            .map_err(|e| AppError::Unexpected(format!("appointment of {}: {e}", d.code)))
    }

    /// [`Self::appointment_why`] for a dossier the caller may see, with its pinned procedure.
    pub async fn explain_dossier_appointment(&self, d: &Dossier) -> Result<Option<AppointmentWhy>> {
        let procedure = self.pinned_procedure(d).await?;
        self.appointment_why(d, &procedure.procedure)
    }

    /// Where `d` stands at `now` on the working calendar, under its own rule set.
    pub fn standing(&self, d: &Dossier, now: DateTime<Utc>) -> Result<Standing> {
        let rules = rules::for_dossier(Some(d), now);
        let cal = self.calendar();
        let clock = clock(d, now, &cal, rules.due_soon())
            .map_err(|e| AppError::Unexpected(format!("clock of {}: {e}", d.code)))?;
        let timeliness = classify_finished(d, &cal, &ClassifyOptions::from_rules(rules))
            .map_err(|e| AppError::Unexpected(format!("timeliness of {}: {e}", d.code)))?;
        Ok(Standing { clock, timeliness })
    }

    /// The officer's dossier screen: [`App::officer_dossier`] plus what they may do, who the
    /// dossier can go to, its history and the names to show — the applicant as the access
    /// rule shows them for `reading` (a read, or a reveal with its reason), recorded in the
    /// access log.
    pub async fn dossier_detail(
        &self,
        actor: &Actor,
        code: &str,
        now: DateTime<Utc>,
        reading: Reading,
    ) -> Result<DossierDetail> {
        let (d, procedure) = self.officer_dossier(actor, code).await?;
        let viewer = Viewer::actor(actor);
        let granted = access(&d, viewer, reading.purpose);
        crate::privacy::check_reveal(granted, reading)?;
        self.record_read(viewer, &d, granted, reading).await?;
        let may_reveal = !granted.is_full() && access(&d, viewer, Purpose::Reveal).is_full();
        let actions = available_actions(&d, actor);
        let standing = self.standing(&d, now)?;
        let due_why = self.appointment_why(&d, &procedure.procedure)?;
        let events = disclose_events(dossiers::events(&self.db, &d.code).await?, granted);
        let record = self.verify_record(&d).await?;
        let agencies = catalog::list_agencies(&self.db).await?;
        let all = users::list_users(&self.db).await?;
        let officers = |step: usize| -> Vec<Officer> {
            all.iter()
                .filter(|u| eligible(&d, step, u))
                .map(|u| Officer {
                    username: u.username.clone(),
                    full_name: u.full_name.clone(),
                })
                .collect()
        };
        let (next_officers, unit_officers) = (officers(d.step + 1), officers(d.step));
        let people = all.into_iter().map(|u| (u.username, u.full_name)).collect();
        let transfer_procedures = if actions.contains(&Action::Transfer) {
            catalog::list_procedures(
                &self.db,
                &ProcedureFilter {
                    published_only: true,
                    per_page: 500,
                    ..Default::default()
                },
            )
            .await?
            .items
            .into_iter()
            .filter(|x| x.agency_code != d.agency_code)
            .collect()
        } else {
            Vec::new()
        };
        Ok(DossierDetail {
            dossier: d.disclosed(granted),
            access: granted,
            may_reveal,
            procedure,
            actions,
            standing,
            due_why,
            events,
            agencies,
            people,
            next_officers,
            unit_officers,
            transfer_procedures,
            record,
        })
    }

    /// The officers step `step` of `d` can be given to by name.
    pub async fn eligible_officers(&self, d: &Dossier, step: usize) -> Result<Vec<Officer>> {
        Ok(users::list_users(&self.db)
            .await?
            .into_iter()
            .filter(|u| eligible(d, step, u))
            .map(|u| Officer {
                username: u.username,
                full_name: u.full_name,
            })
            .collect())
    }

    /// Refuses a command that names someone to hold a step (forward to, reassign to) who does
    /// not exist, is deactivated, or is not eligible for that step: the same rule as the list
    /// the dossier page offers ([`App::eligible_officers`]).
    pub(crate) async fn check_named_holder(&self, d: &Dossier, cmd: &Command) -> Result<()> {
        let Some((field, name, step)) = named_holder(d, cmd) else {
            return Ok(());
        };
        let refuse = |vi: String, en: String| Err(AppError::invalid_field(field, vi, en));
        match users::find_user(&self.db, &name).await? {
            None => refuse(
                format!("Không có tài khoản “{name}”"),
                format!("There is no account “{name}”"),
            ),
            Some(u) if !u.active => refuse(
                format!("Tài khoản “{name}” đã ngừng hoạt động"),
                format!("The account “{name}” is deactivated"),
            ),
            Some(u) if !eligible(d, step, &u) => refuse(
                format!(
                    "“{name}” không thuộc vai trò, đơn vị xử lý bước {} của hồ sơ",
                    step + 1
                ),
                format!(
                    "“{name}” does not have the role or unit of step {} of this dossier",
                    step + 1
                ),
            ),
            Some(_) => Ok(()),
        }
    }

    /// Liên thông from one of another agency's procedures: that agency and its handling steps
    /// (its own intake and return stay with our desk). Any procedure version, published or not:
    /// the steps are what matters.
    pub async fn transfer_plan(&self, procedure_code: &str) -> Result<(String, Vec<Step>)> {
        let p = catalog::get_procedure(&self.db, procedure_code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("procedure {procedure_code}")))?;
        let steps = p
            .procedure
            .steps
            .iter()
            .filter(|st| st.role != Role::Desk)
            .cloned()
            .collect();
        Ok((p.procedure.agency_code.clone(), steps))
    }
}
