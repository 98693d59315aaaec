//! `GET /api/v1/dossiers/{code}/appointment`: why the appointment is that date, as data — the
//! same explanation the dossier pages show ("Vì sao là ngày này?"), for other systems to render.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use motcua_app::privacy::{Door, Reading};
use motcua_app::AppError;
use motcua_calendar::{DayStatus, OffReason, StartReason, WorkingDuration};
use motcua_domain::dossier::{AppointmentWhy, Extension};
use serde::Serialize;
use utoipa::ToSchema;

use super::dossiers::read_visible;
use super::error::{ApiError, ErrorBody};
use super::sessions::MaybeOfficer;
use crate::state::AppState;

/// A dossier's appointment explained.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentOut {
    pub received_at: DateTime<FixedOffset>,
    /// When the clock started (the first working instant counted).
    pub clock_start: DateTime<FixedOffset>,
    /// Why then: `in_working_time`, `before_office_hours`, `during_break`,
    /// `after_office_hours`, `day_off`, `after_same_day_cutoff`, `calendar_date`.
    pub start_reason: &'static str,
    /// Every calendar day from reception to the appointment before extensions.
    pub days: Vec<DayOut>,
    /// Each closed supplement pause and the working minutes it moved the date by.
    pub pauses: Vec<PauseOut>,
    /// The clock has stood still since then, waiting for the applicant.
    pub paused_since: Option<DateTime<Utc>>,
    /// New appointments given with an apology (form 04), oldest first.
    pub extensions: Vec<Extension>,
    /// Working minutes counted over all days: the procedure's committed time.
    pub counted_minutes: i64,
    /// The appointment the count gives (before any extension).
    pub counted_due: DateTime<FixedOffset>,
    /// The appointment in force.
    pub due_at: DateTime<Utc>,
}

/// One calendar day of the count.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayOut {
    pub date: NaiveDate,
    /// `working`, `makeup_workday`, `weekly_rest`, `holiday` or `day_off`.
    pub kind: &'static str,
    /// The holiday's, day off's or make-up day's name.
    pub name: Option<String>,
    /// For a Government notice's day: the notice's year.
    pub notice_year: Option<i32>,
    pub counted_minutes: i64,
    /// The periods counted, `[from, to)`.
    pub periods: Vec<SpanOut>,
    /// Working minutes of this day a pause did not count.
    pub paused_minutes: i64,
    /// For limits in calendar days: this day's number from reception.
    pub calendar_day: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SpanOut {
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PauseOut {
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
    pub stopped_minutes: i64,
}

fn minutes(d: WorkingDuration) -> i64 {
    d.as_minutes()
}

fn start_reason(r: &StartReason) -> &'static str {
    match r {
        StartReason::InWorkingTime => "in_working_time",
        StartReason::BeforeOfficeHours => "before_office_hours",
        StartReason::DuringBreak => "during_break",
        StartReason::AfterOfficeHours => "after_office_hours",
        StartReason::DayOff(_) => "day_off",
        StartReason::AfterSameDayCutoff { .. } => "after_same_day_cutoff",
        StartReason::CalendarDate => "calendar_date",
    }
}

fn out(why: AppointmentWhy) -> AppointmentOut {
    let e = why.counted;
    let days = e
        .days
        .iter()
        .map(|d| {
            let (kind, note) = match &d.status {
                DayStatus::Working => ("working", None),
                DayStatus::MakeupWorkday(n) => ("makeup_workday", Some(n)),
                DayStatus::Off(OffReason::WeeklyRest(_)) => ("weekly_rest", None),
                DayStatus::Off(OffReason::Holiday(n)) => ("holiday", Some(n)),
                DayStatus::Off(OffReason::DayOff(n)) => ("day_off", Some(n)),
            };
            DayOut {
                date: d.date,
                kind,
                name: note.map(|n| n.name.clone()),
                notice_year: note.and_then(|n| n.notice).map(|n| n.year),
                counted_minutes: minutes(d.counted_time),
                periods: d
                    .counted
                    .iter()
                    .map(|s| SpanOut {
                        from: s.from,
                        to: s.to,
                    })
                    .collect(),
                paused_minutes: minutes(d.paused_time),
                calendar_day: d.calendar_day,
            }
        })
        .collect();
    AppointmentOut {
        received_at: e.received,
        clock_start: e.clock_start,
        start_reason: start_reason(&e.start_reason),
        days,
        pauses: e
            .pauses
            .iter()
            .map(|p| PauseOut {
                from: p.start,
                to: p.end,
                stopped_minutes: minutes(p.stopped),
            })
            .collect(),
        paused_since: why.paused_since,
        extensions: why.extensions,
        counted_minutes: minutes(e.counted),
        counted_due: e.due,
        due_at: why.due_at,
    }
}

/// Why the dossier's appointment is that date: the committed time counted day by day from
/// reception (days skipped with their reason), the supplement pauses, the apologies' new
/// dates. 404 before reception, as for a dossier the caller may not see.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/appointment", tag = "dossiers",
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header)),
    responses((status = 200, body = AppointmentOut),
        (status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody),
        (status = 404, description = "No such dossier for this caller, or not received yet", body = ErrorBody)))]
pub async fn appointment(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<AppointmentOut>, ApiError> {
    let d = read_visible(
        &s,
        &code,
        actor.as_ref(),
        &headers,
        Reading::read(Door::Api),
    )
    .await?;
    let why = s
        .app
        .explain_dossier_appointment(&d.dossier)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("appointment of {code}")))?;
    Ok(Json(out(why)))
}
