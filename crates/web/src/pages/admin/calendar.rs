//! `/admin/calendar?year=2026`: the year month by month as the working calendar in force sees
//! it (law, the Government's notices, operators' overrides), each day marked in words and
//! symbols as well as colour; administrators add or remove days off and make-up working days.
//! A change first shows which open dossiers it touches (appointments on the day, working
//! time left before and after) and is saved only from that page; it reloads the calendar at
//! once, so the next appointment counts with it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Datelike, NaiveDate};
use motcua_app::calendar::StoredOverride;
use motcua_calendar::{DayKind, EntrySource, OverrideKind, WorkingCalendar};
use serde::Deserialize;

use super::common::{unprocessable, Admin, FormErrors};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/calendar", get(view).post(add))
        .route("/admin/calendar/remove", post(remove))
}

/// How a day is treated, for its colour, symbol and words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Working,
    Weekend,
    Holiday,
    DayOff,
    Makeup,
}

impl Mark {
    pub fn class(self) -> &'static str {
        match self {
            Mark::Working => "day-working",
            Mark::Weekend => "day-weekend",
            Mark::Holiday => "day-holiday",
            Mark::DayOff => "day-off",
            Mark::Makeup => "day-makeup",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Working => "",
            Mark::Weekend => "–",
            Mark::Holiday => "★",
            Mark::DayOff => "○",
            Mark::Makeup => "◆",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Mark::Working => "admin.cal.working",
            Mark::Weekend => "admin.cal.weekend",
            Mark::Holiday => "admin.cal.holiday",
            Mark::DayOff => "admin.cal.day_off",
            Mark::Makeup => "admin.cal.makeup",
        }
    }
}

pub struct Day {
    pub day: u32,
    pub mark: Mark,
    /// The holiday's or notice's name, when the day has one.
    pub name: Option<String>,
    /// Set by an operator's override.
    pub overridden: bool,
}

pub struct Month {
    pub name: String,
    /// Weeks, Monday first; `None` before the 1st and after the last day.
    pub weeks: Vec<Vec<Option<Day>>>,
    /// The named days of the month, in words: (date, mark, name, overridden).
    pub named: Vec<(String, Mark, String, bool)>,
}

fn month(cal: &WorkingCalendar, year: i32, m: u32, t: &Tr) -> Option<Month> {
    let first = NaiveDate::from_ymd_opt(year, m, 1)?;
    let mut weeks = Vec::new();
    let mut week: Vec<Option<Day>> = (0..first.weekday().num_days_from_monday())
        .map(|_| None)
        .collect();
    let mut named = Vec::new();
    for date in first.iter_days().take_while(|d| d.month() == m) {
        let info = cal.day_info(date).ok()?;
        let mark = match info.entry.map(|e| e.kind) {
            Some(DayKind::Holiday) => Mark::Holiday,
            Some(DayKind::DayOff) => Mark::DayOff,
            Some(DayKind::MakeupWorkday) => Mark::Makeup,
            None if info.working => Mark::Working,
            None => Mark::Weekend,
        };
        let overridden = info
            .entry
            .is_some_and(|e| e.source == EntrySource::Override);
        let name = info.entry.map(|e| e.name.clone());
        if let Some(n) = &name {
            named.push((
                date.format("%d/%m").to_string(),
                mark,
                n.clone(),
                overridden,
            ));
        }
        week.push(Some(Day {
            day: date.day(),
            mark,
            name,
            overridden,
        }));
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
    }
    if !week.is_empty() {
        week.resize_with(7, || None);
        weeks.push(week);
    }
    Some(Month {
        name: t.fmt("admin.cal.month", m),
        weeks,
        named,
    })
}

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    layout: Layout,
    section: &'static str,
    year: i32,
    months: Vec<Month>,
    legend: Vec<Mark>,
    overrides: Vec<StoredOverride>,
    form: AddForm,
    errors: FormErrors,
    done: Option<String>,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
    done: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct AddForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    /// `yes` once the administrator has seen what the change does ([`Preview`]).
    #[serde(default)]
    confirm: String,
}

/// One touched dossier, in words.
pub struct TouchedView {
    pub code: String,
    pub applicant: String,
    pub procedure: String,
    pub due: String,
    /// The appointment to offer instead, when it falls on a day that stops being worked.
    pub move_to: Option<String>,
    pub left_now: String,
    pub left_after: String,
}

/// What a change of one day does to the open dossiers, shown before it is saved.
#[derive(Template)]
#[template(path = "admin/calendar_preview.html")]
struct Preview {
    layout: Layout,
    section: &'static str,
    form: AddForm,
    kind_label: String,
    date_label: String,
    touched: Vec<TouchedView>,
    total: i64,
    year: i32,
}

fn vn_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&motcua_calendar::VN_OFFSET)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// Working time left until an appointment, in words ("quá hạn" once past).
fn left_words(d: motcua_calendar::WorkingDuration, t: &Tr) -> String {
    let h = d.as_hours();
    if h <= 0.0 {
        t.get("admin.cal.impact.past").to_owned()
    } else {
        crate::pages::format::hours((h * 10.0).round() / 10.0, t)
    }
}

fn this_year() -> i32 {
    chrono::Utc::now()
        .with_timezone(&motcua_calendar::vn_offset())
        .year()
}

async fn page(
    s: &AppState,
    a: &Admin,
    year: i32,
    form: AddForm,
    errors: FormErrors,
    done: Option<String>,
) -> Result<CalendarPage, PageError> {
    let t = a.t();
    let (first, last) = s.app.calendar().range();
    // The edges of the table are excluded: a month there may lack its neighbours' data.
    let year = year.clamp(first.year() + 1, last.year() - 1);
    let cal = s.app.calendar();
    let months = (1..=12).filter_map(|m| month(&cal, year, m, &t)).collect();
    let overrides = s.app.calendar_overrides(&a.actor(), Some(year)).await?;
    Ok(CalendarPage {
        layout: a.layout("admin.cal.title"),
        section: "calendar",
        year,
        months,
        legend: vec![
            Mark::Working,
            Mark::Weekend,
            Mark::Holiday,
            Mark::DayOff,
            Mark::Makeup,
        ],
        overrides,
        form,
        errors,
        done,
    })
}

pub async fn view(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let t = a.t();
    let done = match q.done.as_deref() {
        Some("added") => Some(t.get("admin.cal.added").to_owned()),
        Some("removed") => Some(t.get("admin.cal.removed").to_owned()),
        _ => None,
    };
    let year = q.year.unwrap_or_else(this_year);
    render(
        page(
            &s,
            &a,
            year,
            AddForm::default(),
            FormErrors::default(),
            done,
        )
        .await?,
    )
}

/// The override kinds offered on the form.
fn kind(s: &str) -> Option<OverrideKind> {
    match s {
        "day_off" => Some(OverrideKind::DayOff),
        "working" => Some(OverrideKind::Working),
        "holiday" => Some(OverrideKind::Holiday),
        _ => None,
    }
}

pub async fn add(
    State(s): State<AppState>,
    a: Admin,
    Form(f): Form<AddForm>,
) -> Result<Response, PageError> {
    let t = a.t();
    let mut errors = FormErrors::default();
    let date = NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        errors.add("date", t.get("admin.cal.date_bad"));
    }
    let k = kind(&f.kind);
    if k.is_none() {
        errors.add("kind", t.get("admin.cal.kind_bad"));
    }
    if let (Some(date), Some(k), false) = (date, k, f.confirm == "yes") {
        // First what the change would do; saving is the preview's own button.
        match s
            .app
            .calendar_change_impact(&a.actor(), date, k, &f.name, chrono::Utc::now())
            .await
        {
            Ok(impact) => {
                let touched = impact
                    .touched
                    .into_iter()
                    .map(|x| TouchedView {
                        code: x.code,
                        applicant: x.applicant_name,
                        procedure: x.procedure_code,
                        due: vn_time(x.due_at),
                        move_to: x.falls_on_day_off.map(vn_time),
                        left_now: left_words(x.left_now, &t),
                        left_after: left_words(x.left_after, &t),
                    })
                    .collect();
                let kind_label = t
                    .get(match k {
                        OverrideKind::DayOff => "admin.cal.day_off",
                        OverrideKind::Working => "admin.cal.makeup",
                        OverrideKind::Holiday => "admin.cal.holiday",
                    })
                    .to_owned();
                return render(Preview {
                    layout: a.layout("admin.cal.impact.title"),
                    section: "calendar",
                    kind_label,
                    date_label: date.format("%d/%m/%Y").to_string(),
                    touched,
                    total: impact.total,
                    year: date.year(),
                    form: f,
                });
            }
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    } else if let (Some(date), Some(k)) = (date, k) {
        // The use case checks the date's range and the name, and rebuilds the calendar.
        match s
            .app
            .set_calendar_override(&a.actor(), date, k, &f.name)
            .await
        {
            Ok(()) => {
                let to = format!("/admin/calendar?year={}&done=added", date.year());
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    }
    let year = date.map(|d| d.year()).unwrap_or_else(this_year);
    render(page(&s, &a, year, f, errors, None).await?).map(unprocessable)
}

#[derive(Deserialize)]
pub struct RemoveForm {
    date: NaiveDate,
}

pub async fn remove(
    State(s): State<AppState>,
    a: Admin,
    Form(f): Form<RemoveForm>,
) -> Result<Response, PageError> {
    // Removing a day that has no override changes nothing; the page says "removed" alike.
    s.app.remove_calendar_override(&a.actor(), f.date).await?;
    Ok(Redirect::to(&format!(
        "/admin/calendar?year={}&done=removed",
        f.date.year()
    ))
    .into_response())
}
