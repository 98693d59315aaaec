//! "Vì sao là ngày này?" — a dossier's appointment explained in the reader's language, from
//! the domain's [`AppointmentWhy`]: when the clock started and why, each day counted or skipped
//! with its reason, each pause, each apology's new date. Rendered in a `<details>` (no script).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};
use motcua_calendar::{DayStatus, OffReason, StartReason, WorkingDuration};
use motcua_domain::dossier::AppointmentWhy;

use super::work::common::vn_time;
use crate::i18n::Tr;

/// One line of the explanation; `counted` days are shown plain, skipped ones muted.
pub struct WhyLine {
    pub text: String,
    pub counted: bool,
}

/// The explanation as the page shows it.
pub struct DueWhyView {
    pub start: String,
    pub days: Vec<WhyLine>,
    pub pauses: Vec<String>,
    pub waiting: Option<String>,
    pub extensions: Vec<String>,
    pub total: String,
}

fn weekday(w: Weekday, t: &Tr) -> &'static str {
    let key = match w {
        Weekday::Mon => "due_why.wd.mon",
        Weekday::Tue => "due_why.wd.tue",
        Weekday::Wed => "due_why.wd.wed",
        Weekday::Thu => "due_why.wd.thu",
        Weekday::Fri => "due_why.wd.fri",
        Weekday::Sat => "due_why.wd.sat",
        Weekday::Sun => "due_why.wd.sun",
    };
    t.get(key)
}

fn day(d: NaiveDate, t: &Tr) -> String {
    format!("{} {}", weekday(d.weekday(), t), d.format("%d/%m/%Y"))
}

fn at(i: DateTime<FixedOffset>, t: &Tr) -> String {
    format!("{} {}", i.format("%H:%M"), day(i.date_naive(), t))
}

/// Hours and minutes of working time: a day's count is never rounded.
fn hours(d: WorkingDuration, t: &Tr) -> String {
    let minutes = d.as_minutes().max(0);
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (h, 0) => t.fmt("due_why.hours", h),
        (0, m) => t.fmt("due_why.minutes", m),
        (h, m) => format!(
            "{} {}",
            t.fmt("due_why.hours", h),
            t.fmt("due_why.minutes", m)
        ),
    }
}

fn off_reason(r: &OffReason, t: &Tr) -> String {
    match r {
        OffReason::WeeklyRest(_) => t.get("due_why.off.weekly").to_owned(),
        OffReason::Holiday(n) => t.fmt("due_why.off.holiday", n.name.trim()),
        OffReason::DayOff(n) => match n.notice {
            Some(notice) => t.fmt("due_why.off.notice", n.name.trim()).replacen(
                "{}",
                &notice.year.to_string(),
                1,
            ),
            None => t.fmt("due_why.off.day_off", n.name.trim()),
        },
    }
}

fn start_reason(r: &StartReason, t: &Tr) -> String {
    match r {
        StartReason::InWorkingTime => t.get("due_why.start.in_hours").to_owned(),
        StartReason::BeforeOfficeHours => t.get("due_why.start.before").to_owned(),
        StartReason::DuringBreak => t.get("due_why.start.break").to_owned(),
        StartReason::AfterOfficeHours => t.get("due_why.start.after").to_owned(),
        StartReason::DayOff(r) => t.fmt("due_why.start.day_off", off_reason(r, t)),
        StartReason::AfterSameDayCutoff { cutoff } => {
            t.fmt("due_why.start.cutoff", cutoff.format("%H:%M"))
        }
        StartReason::CalendarDate => t.get("due_why.start.calendar").to_owned(),
    }
}

/// The page's words for `why`.
pub fn view(why: &AppointmentWhy, t: &Tr) -> DueWhyView {
    let e = &why.counted;
    let start = t
        .fmt("due_why.start", at(e.received, t))
        .replacen("{}", &at(e.clock_start, t), 1)
        .replacen("{}", &start_reason(&e.start_reason, t), 1);
    let days = e
        .days
        .iter()
        .map(|d| {
            let head = day(d.date, t);
            let text = match &d.status {
                DayStatus::Off(r) => {
                    t.fmt("due_why.day.skipped", head)
                        .replacen("{}", &off_reason(r, t), 1)
                }
                status => {
                    let spans: Vec<String> = d
                        .counted
                        .iter()
                        .map(|s| format!("{}–{}", s.from.format("%H:%M"), s.to.format("%H:%M")))
                        .collect();
                    let mut text = if let Some(n) = d.calendar_day {
                        t.fmt("due_why.day.calendar", head)
                            .replacen("{}", &n.to_string(), 1)
                    } else if spans.is_empty() {
                        t.fmt("due_why.day.none", head)
                    } else {
                        t.fmt("due_why.day.counted", head)
                            .replacen("{}", &hours(d.counted_time, t), 1)
                            .replacen("{}", &spans.join(", "), 1)
                    };
                    if d.paused_time > WorkingDuration::ZERO {
                        text.push_str(&t.fmt("due_why.day.paused", hours(d.paused_time, t)));
                    }
                    if let DayStatus::MakeupWorkday(n) = status {
                        text.push_str(&t.fmt("due_why.day.makeup", n.name.trim()));
                    }
                    text
                }
            };
            WhyLine {
                text,
                counted: d.counted_time > WorkingDuration::ZERO || d.calendar_day.is_some(),
            }
        })
        .collect();
    let pauses = e
        .pauses
        .iter()
        .map(|p| {
            t.fmt("due_why.pause", at(p.start, t))
                .replacen("{}", &at(p.end, t), 1)
                .replacen("{}", &hours(p.stopped, t), 1)
        })
        .collect();
    let waiting = why
        .paused_since
        .map(|s: DateTime<Utc>| t.fmt("due_why.waiting", vn_time(s)));
    let extensions = why
        .extensions
        .iter()
        .map(|x| {
            t.fmt("due_why.extension", vn_time(x.at))
                .replacen("{}", &vn_time(x.new_due), 1)
                .replacen("{}", x.reason.trim(), 1)
        })
        .collect();
    let calendar_days = e.days.iter().filter_map(|d| d.calendar_day).max();
    let total = match calendar_days {
        Some(n) => t.fmt("due_why.total_calendar", n),
        None => t.fmt("due_why.total", hours(e.counted, t)),
    }
    .replacen("{}", &vn_time(why.due_at), 1);
    DueWhyView {
        start,
        days,
        pauses,
        waiting,
        extensions,
        total,
    }
}
