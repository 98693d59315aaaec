//! The public lookup (tra cứu hồ sơ). With the dossier code and a second factor the applicant
//! holds (their identity number, or the last 4 digits of the phone given at submission) anyone
//! may see where a dossier stands — in words, with the appointment, the working time left and
//! the timeline — but no personal data: no names of applicants or officers, no identity
//! numbers, phones, addresses, notes, reasons or files. Wrong keys are counted per code
//! (10 per hour), so the last 4 digits of a phone cannot be guessed by trying them all.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::dossier::{
    clock, normalize_id, vn_date, Action, ClockState, Dossier, Event, EventKind, NationalStatus,
};
use motcua_domain::rules;
use motcua_store::{catalog, dossiers};
use serde::Serialize;

use crate::{App, AppError, Result};

/// A dossier as the public lookup shows it: no personal data.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupView {
    pub code: String,
    /// National status id (1–10) and portal code (domain.md §4).
    pub national_status: u8,
    pub national_code: &'static str,
    pub status_vi: &'static str,
    pub status_en: &'static str,
    pub procedure_name: String,
    /// The step the dossier is at and the unit handling it, while it is being handled.
    pub current_step: Option<String>,
    pub unit_name: Option<String>,
    pub agency_name: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
    /// Appointment to return the result (ngày hẹn trả), as an instant and a Vietnam date.
    pub appointment_at: Option<DateTime<Utc>>,
    pub appointment_date: Option<NaiveDate>,
    /// Working time left until the appointment (8-hour working days, then hours); zero once
    /// overdue. Absent before reception.
    pub remaining: Option<Remaining>,
    /// Waiting for the applicant: the clock stands still.
    pub paused: bool,
    /// Handling is over (result ready, returned, refused, withdrawn or stopped).
    pub finished: bool,
    /// What happened, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// Working time left.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Remaining {
    pub days: i64,
    pub hours: i64,
    /// `within_time`, `due_soon` or `overdue`.
    pub state: ClockState,
}

/// One step of the history, without who did it or why.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    /// The day in Vietnam.
    pub date: NaiveDate,
    pub action_vi: String,
    pub action_en: String,
    pub status_vi: &'static str,
    pub status_en: &'static str,
    /// The step's name, once the dossier is being handled.
    pub step: Option<String>,
}

impl App {
    /// Looks dossier `code` up with `key` (identity number, phone, or its last 4 digits). A
    /// wrong key and an unknown code answer the same [`AppError::NotFound`]; after too many
    /// wrong keys for one code, [`AppError::TooMany`] until the window ends.
    pub async fn lookup(&self, code: &str, key: &str, now: DateTime<Utc>) -> Result<LookupView> {
        let d = self.lookup_dossier(code, key).await?;
        let events = dossiers::events(&self.db, &d.code).await?;
        redacted(self, d, &events, now).await
    }

    /// The dossier behind a successful lookup (for the portal, which then remembers that this
    /// browser may see it); the same checks and throttle as [`App::lookup`].
    pub async fn lookup_dossier(&self, code: &str, key: &str) -> Result<Dossier> {
        let key = normalize_id(key);
        if key.is_empty() {
            return Err(AppError::invalid_field(
                "key",
                "Cần nhập số định danh cá nhân (hoặc mã số doanh nghiệp) hoặc 4 số cuối \
                 của số điện thoại đã khai khi nộp hồ sơ",
                "Give the identity number (or business code) or the last 4 digits of the \
                 phone number given at submission",
            ));
        }
        let code = code.trim();
        let now = Utc::now();
        self.guard_check(code, now).await?;
        match dossiers::load(&self.db, code).await? {
            Some(d) if d.dossier.lookup_key_matches(&key) => Ok(d.dossier),
            _ => {
                self.guard_fail(code, now).await?;
                Err(AppError::NotFound(format!("dossier {code}")))
            }
        }
    }

    /// What the public may see of a dossier the caller already found, with its `events`.
    pub async fn public_view(
        &self,
        d: Dossier,
        events: &[Event],
        now: DateTime<Utc>,
    ) -> Result<LookupView> {
        redacted(self, d, events, now).await
    }
}

/// What the public may see of `d` at `now`: where it stands, in words, without personal data.
async fn redacted(
    app: &App,
    d: Dossier,
    events: &[Event],
    now: DateTime<Utc>,
) -> Result<LookupView> {
    let cal = app.calendar();
    let rules = rules::for_dossier(Some(&d), now);
    let clock = clock(&d, now, &cal, rules.due_soon())?;
    let procedure_name = catalog::get_procedure_by_id(&app.db, d.procedure_version_id)
        .await?
        .map(|p| p.procedure.name)
        .unwrap_or_else(|| d.procedure_code.clone());
    let finished = d.status.is_terminal() || d.status.has_result();
    let handling = d.status.is_received() && !d.status.is_terminal();
    let (mut unit_name, mut agency_name) = (None, None);
    let current = d.current_step().filter(|_| handling);
    if let Some(step) = current {
        let agency_code = d.step_agency(step);
        let agencies = catalog::list_agencies(&app.db).await?;
        if let Some(a) = agencies.into_iter().find(|a| a.code == agency_code) {
            unit_name = a
                .units
                .iter()
                .find(|u| u.code == step.unit_code)
                .map(|u| u.name.clone());
            agency_name = Some(a.name);
        }
    }
    let national = d.status.national();
    let timeline = events
        .iter()
        .filter_map(|e| {
            let action = public_action(&e.kind)?;
            let status = e.to.national();
            Some(TimelineEntry {
                at: e.at,
                date: vn_date(e.at),
                action_vi: capitalized(action.name_vi()),
                action_en: capitalized(action.name_en()),
                status_vi: status.name_vi(),
                status_en: national_name_en(status),
                step: e
                    .step
                    .and_then(|i| d.steps.get(i))
                    .map(|st| st.name.clone()),
            })
        })
        .collect();
    Ok(LookupView {
        national_status: national.id(),
        national_code: national.portal_code(),
        status_vi: national.name_vi(),
        status_en: national_name_en(national),
        procedure_name,
        current_step: current.map(|st| st.name.clone()),
        unit_name,
        agency_name,
        submitted_at: d.submitted_at,
        received_at: d.received_at,
        appointment_at: d.due_at,
        appointment_date: d.due_at.map(vn_date),
        remaining: clock.as_ref().map(|c| Remaining {
            days: c.dossier.remaining.days,
            hours: c.dossier.remaining.hours,
            state: c.dossier.state,
        }),
        paused: clock.as_ref().is_some_and(|c| c.paused),
        finished,
        timeline,
        code: d.code,
    })
}

/// The action an event shows as; internal assignments (claim, reassign) are left out.
fn public_action(kind: &EventKind) -> Option<Action> {
    Some(match kind {
        EventKind::Submitted { .. } => Action::SubmitOnline,
        EventKind::ReceivedAtDesk { .. } => Action::ReceiveAtDesk,
        EventKind::Received { .. } => Action::Receive,
        EventKind::GuidedToSupplement { .. } => Action::GuideToSupplement,
        EventKind::IntakeSupplemented { .. } | EventKind::Supplemented { .. } => Action::Supplement,
        EventKind::IntakeRefused { .. } => Action::RefuseIntake,
        EventKind::Claimed { .. } | EventKind::Reassigned { .. } => return None,
        EventKind::Forwarded { .. } => Action::Forward,
        EventKind::SentBack { .. } => Action::SendBack,
        EventKind::Transferred { .. } => Action::Transfer,
        EventKind::SupplementRequested { .. } => Action::RequestSupplement,
        EventKind::PaymentRequested { .. } => Action::RequestPayment,
        EventKind::PaymentRecorded { .. } => Action::RecordPayment,
        EventKind::Approved => Action::Approve,
        EventKind::Signed { .. } => Action::Sign,
        EventKind::ResultReady { .. } => Action::MarkResultReady,
        EventKind::ResultReturned { .. } => Action::ReturnResult,
        EventKind::Withdrawn { .. } => Action::Withdraw,
        EventKind::Stopped { .. } => Action::Stop,
        EventKind::Extended { .. } => Action::Extend,
    })
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The national status in English words.
pub fn national_name_en(n: NationalStatus) -> &'static str {
    match n {
        NationalStatus::Receiving => "Submitted, waiting to be received",
        NationalStatus::New => "Received",
        NationalStatus::Denied => "Not received (refused at intake)",
        NationalStatus::Processing => "Being processed",
        NationalStatus::Waiting => "Waiting for additional documents",
        NationalStatus::Paying => "Waiting for payment of fees",
        NationalStatus::Cancelled => "Withdrawn at the applicant's request",
        NationalStatus::Unresolved => "Processing stopped",
        NationalStatus::Releasing => "Processed, result ready",
        NationalStatus::Done => "Result returned",
    }
}
