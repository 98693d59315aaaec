//! `GET /api/v1/lookup/{code}?key=…`: the public lookup (tra cứu hồ sơ). With the dossier code
//! and a second factor the applicant holds (their identity number, or the last 4 digits of the
//! phone given at submission) anyone may see where a dossier stands — in words, with the
//! appointment, the working time left and the timeline — but no personal data: no names of
//! applicants or officers, no identity numbers, phones, addresses, notes, reasons or files.

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::dossier::{
    clock, vn_date, Action, ClockState, Dossier, Event, EventKind, NationalStatus,
};
use motcua_domain::rules;
use motcua_store::{catalog, dossiers};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dossiers::normalize_id;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupParams {
    /// The applicant's identity number (or business code), or the last 4 digits of the phone
    /// number given at submission.
    key: Option<String>,
}

/// A dossier as the public lookup shows it: no personal data.
#[derive(Debug, Serialize, ToSchema)]
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
#[derive(Debug, Serialize, ToSchema)]
pub struct Remaining {
    pub days: i64,
    pub hours: i64,
    /// `within_time`, `due_soon` or `overdue`.
    pub state: ClockState,
}

/// One step of the history, without who did it or why.
#[derive(Debug, Serialize, ToSchema)]
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

/// Look a dossier up by its code and a second factor. A wrong key and an unknown code answer
/// the same 404.
#[utoipa::path(get, path = "/api/v1/lookup/{code}", tag = "lookup", params(("code" = String, Path), LookupParams),
    responses((status = 200, body = LookupView), (status = 400, description = "No key given", body = ErrorBody),
        (status = 404, description = "No dossier with this code and key", body = ErrorBody),
        (status = 429, description = "Too many wrong keys for this code; try again later", body = ErrorBody)))]
pub async fn lookup(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Query(p): Query<LookupParams>,
) -> Result<Json<LookupView>, ApiError> {
    let key = p.key.as_deref().map(normalize_id).unwrap_or_default();
    if key.is_empty() {
        return Err(ApiError::BadRequest {
            vi: "Cần nhập số định danh cá nhân (hoặc mã số doanh nghiệp) hoặc 4 số cuối \
                 của số điện thoại đã khai khi nộp hồ sơ"
                .into(),
            en: "Give the identity number (or business code) or the last 4 digits of the \
                 phone number given at submission"
                .into(),
        });
    }
    let code = code.trim();
    let now = std::time::Instant::now();
    if let Err(retry) = s.lookup_failures.check(code, now) {
        return Err(ApiError::TooManyAttempts {
            retry_after_secs: retry.0.as_secs(),
        });
    }
    let Some(d) = dossiers::load(&s.db, code)
        .await?
        .map(|d| d.dossier)
        .filter(|d| key_matches(d, &key))
    else {
        s.lookup_failures.fail(code, now);
        return Err(ApiError::NotFound(format!("dossier {code}")));
    };
    let events = dossiers::events(&s.db, &d.code).await?;
    Ok(Json(redacted(&s, d, &events).await?))
}

/// Whether `key` (normalized) is the applicant's identity number, their phone, or its last 4
/// digits.
fn key_matches(d: &Dossier, key: &str) -> bool {
    let id = d.applicant.id_number.as_deref().map(normalize_id);
    if id.as_deref().is_some_and(|id| !id.is_empty() && id == key) {
        return true;
    }
    let Some(phone) = d.applicant.phone.as_deref() else {
        return false;
    };
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return false;
    }
    key == digits || (key.len() == 4 && digits.ends_with(key))
}

async fn redacted(s: &AppState, d: Dossier, events: &[Event]) -> Result<LookupView, ApiError> {
    let now = Utc::now();
    let cal = s.calendar();
    let rules = rules::for_dossier(Some(&d), now);
    let clock = clock(&d, now, &cal, rules.due_soon()).map_err(ApiError::Dossier)?;
    let procedure_name = catalog::get_procedure_by_id(&s.db, d.procedure_version_id)
        .await?
        .map(|p| p.procedure.name)
        .unwrap_or_else(|| d.procedure_code.clone());
    let finished = d.status.is_terminal() || d.status.has_result();
    let handling = d.status.is_received() && !d.status.is_terminal();
    let (mut unit_name, mut agency_name) = (None, None);
    let current = d.current_step().filter(|_| handling);
    if let Some(step) = current {
        let agency_code = d.step_agency(step);
        let agencies = catalog::list_agencies(&s.db).await?;
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
pub(crate) fn national_name_en(n: NationalStatus) -> &'static str {
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
