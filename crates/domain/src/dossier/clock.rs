//! The legal clock: appointments from the procedure's committed time, step due instants, pauses,
//! where a dossier stands at an instant, and how a finished one is classified.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use motcua_calendar::{
    DeadlineRule, DueStatus, Pause, WorkingCalendar, WorkingDuration, VN_OFFSET,
};
use serde::{Deserialize, Serialize};

use super::{Dossier, DossierError};
use crate::catalog::{Procedure, Step, TimeUnit};
use crate::rules::RuleSet;

type Result<T> = std::result::Result<T, DossierError>;

pub(crate) fn to_vn(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&VN_OFFSET)
}

pub(crate) fn to_utc(t: DateTime<FixedOffset>) -> DateTime<Utc> {
    t.with_timezone(&Utc)
}

/// The Vietnam (UTC+7) date of an instant: what codes, rule sets and forms use.
pub fn vn_date(t: DateTime<Utc>) -> NaiveDate {
    to_vn(t).date_naive()
}

/// The rule set to put in a [`Context`](super::Context) for acting on `d` at `now`: the
/// dossier's own once received, otherwise the one in force today (reception pins it).
pub fn for_dossier(d: Option<&Dossier>, now: DateTime<Utc>) -> &'static RuleSet {
    match d.and_then(|d| d.rule_set) {
        Some(id) => crate::rules::by_id(id),
        None => crate::rules::for_date(vn_date(now)),
    }
}

/// How the appointment is computed for `procedure` under `rules`.
pub fn deadline_rule(procedure: &Procedure, rules: &RuleSet) -> DeadlineRule {
    let limit = procedure.committed_time;
    let rule = match limit.unit {
        TimeUnit::WorkingDays => {
            DeadlineRule::working(WorkingDuration::half_days(limit.half_days().max(0)))
        }
        // Half calendar days do not exist in practice; round up rather than shorten the time.
        TimeUnit::CalendarDays => DeadlineRule::calendar_days(limit.days.max(0.0).ceil() as u32),
        // Same day: the end of the day counting starts on.
        TimeUnit::SameDay => DeadlineRule::calendar_days(0),
    };
    if limit.unit == TimeUnit::SameDay || procedure.same_day_cutoff {
        rule.with_same_day_cutoff(rules.same_day_cutoff)
    } else {
        rule
    }
}

/// Clock start, appointment and step due instants at reception.
pub(crate) struct Times {
    pub(crate) clock_start: DateTime<Utc>,
    pub(crate) due_at: DateTime<Utc>,
    pub(crate) step_dues: Vec<DateTime<Utc>>,
}

/// Clock start, appointment and step due instants for a dossier received at `received`.
pub(crate) fn reception_times(
    cal: &WorkingCalendar,
    procedure: &Procedure,
    steps: &[Step],
    rules: &RuleSet,
    received: DateTime<Utc>,
) -> Result<Times> {
    let rule = deadline_rule(procedure, rules);
    let start = cal.next_working_instant(cal.counting_start(to_vn(received), &rule)?)?;
    let due = to_utc(cal.due(to_vn(received), &rule)?);
    let start = to_utc(start);
    Ok(Times {
        clock_start: start,
        due_at: due,
        step_dues: step_dues(cal, start, steps, &[], due)?,
    })
}

/// Due instant of each step: the step durations chained from `start`, the clock stopped in the
/// closed `pauses`, never after the appointment `cap`.
pub(crate) fn step_dues(
    cal: &WorkingCalendar,
    start: DateTime<Utc>,
    steps: &[Step],
    pauses: &[Pause],
    cap: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>> {
    let mut cum = 0i64;
    let mut out = Vec::with_capacity(steps.len());
    for s in steps {
        cum += i64::from(s.minutes());
        let due =
            cal.add_working_with_pauses(to_vn(start), WorkingDuration::minutes(cum), pauses)?;
        out.push(to_utc(due).min(cap));
    }
    Ok(out)
}

/// `t` moved out by `d` of working time (a due instant after a pause).
pub(crate) fn shift(
    cal: &WorkingCalendar,
    t: DateTime<Utc>,
    d: WorkingDuration,
) -> Result<DateTime<Utc>> {
    if d <= WorkingDuration::ZERO {
        return Ok(t);
    }
    Ok(to_utc(cal.add_working(to_vn(t), d)?))
}

/// The latest instant at which at least `before` of working time remains until `due`.
pub(crate) fn latest_before(
    cal: &WorkingCalendar,
    due: DateTime<Utc>,
    before: WorkingDuration,
) -> Result<DateTime<Utc>> {
    // Working time to `due` only grows as we go back: bisect over seconds (≈40 steps).
    let remaining = |t: i64| -> Result<WorkingDuration> {
        let t = DateTime::from_timestamp(t, 0).unwrap_or(due);
        Ok(cal.working_time_between(to_vn(t), to_vn(due))?)
    };
    let (mut ok, mut bad) = (due.timestamp() - 400 * 86_400, due.timestamp());
    if remaining(bad)? >= before {
        return Ok(due);
    }
    if remaining(ok)? < before {
        return Ok(DateTime::from_timestamp(ok, 0).unwrap_or(due));
    }
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        if remaining(mid)? >= before {
            ok = mid;
        } else {
            bad = mid;
        }
    }
    Ok(DateTime::from_timestamp(ok, 0).unwrap_or(due))
}

/// The last instant an apology / extension may be issued for `d` under `rules`.
pub fn extension_deadline(
    d: &Dossier,
    cal: &WorkingCalendar,
    rules: &RuleSet,
) -> Result<Option<DateTime<Utc>>> {
    match d.due_at {
        Some(due) => Ok(Some(latest_before(cal, due, rules.extension_notice())?)),
        None => Ok(None),
    }
}

/// The closed pauses as calendar intervals.
pub(crate) fn closed_pauses(d: &Dossier) -> Vec<Pause> {
    d.pauses
        .iter()
        .filter_map(|p| {
            p.end.map(|end| Pause {
                start: to_vn(p.start),
                end: to_vn(end),
            })
        })
        .collect()
}

/// Working time split for display: days of 8 hours, hours, minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkTime {
    pub total_minutes: i64,
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
}

impl WorkTime {
    pub fn from_duration(d: WorkingDuration) -> WorkTime {
        let total = d.as_minutes().max(0);
        WorkTime {
            total_minutes: total,
            days: total / 480,
            hours: total % 480 / 60,
            minutes: total % 60,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    WithinTime,
    DueSoon,
    Overdue,
}

/// Where one deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    pub due_at: DateTime<Utc>,
    pub state: ClockState,
    /// Working time left (zero once overdue).
    pub remaining: WorkTime,
    /// Working time past the due instant (zero while within time).
    pub overdue: WorkTime,
}

/// The clock of a received dossier at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clock {
    /// The instant the clock was read at: `now`, or when it stopped (pause, result, closing).
    pub at: DateTime<Utc>,
    /// Waiting for the applicant: the clock stands still.
    pub paused: bool,
    /// The dossier has a result or is closed: the clock no longer runs.
    pub stopped: bool,
    pub dossier: Deadline,
    /// The current step's deadline, while handling.
    pub step: Option<Deadline>,
    pub step_index: usize,
}

/// Share of a deadline's own length in which it counts as due soon: its last quarter.
pub const DUE_SOON_SHARE: i64 = 4;

/// How close to its due instant a deadline of `length` working time counts as due soon: the
/// rule set's window, but never more than the last quarter of the deadline's own length. A
/// 4-hour step is due soon in its last hour, not from the moment it starts; a 10-day
/// appointment keeps the rule set's whole window. A deadline of unknown length (zero) keeps
/// the rule set's window.
pub fn due_soon_window(length: WorkingDuration, rule_window: WorkingDuration) -> WorkingDuration {
    if length <= WorkingDuration::ZERO {
        return rule_window;
    }
    let share = WorkingDuration::seconds(length.as_seconds() / DUE_SOON_SHARE);
    share.min(rule_window)
}

/// The working length of a step as pinned (its hours).
fn step_length(step: &Step) -> WorkingDuration {
    WorkingDuration::seconds((step.hours * 3600.0).round() as i64)
}

fn deadline(
    cal: &WorkingCalendar,
    at: DateTime<Utc>,
    due: DateTime<Utc>,
    due_soon: WorkingDuration,
) -> Result<Deadline> {
    let state = match cal.due_status(to_vn(at), to_vn(due), due_soon)? {
        DueStatus::OnTrack => ClockState::WithinTime,
        DueStatus::DueSoon => ClockState::DueSoon,
        DueStatus::Overdue => ClockState::Overdue,
    };
    let between = cal.working_time_between(to_vn(at), to_vn(due))?;
    Ok(Deadline {
        due_at: due,
        state,
        remaining: WorkTime::from_duration(between),
        overdue: WorkTime::from_duration(WorkingDuration::ZERO - between),
    })
}

/// Where a dossier stands at `now` against its appointment and its current step's due
/// instant. `None` before reception. A paused clock is read at the pause's start; a dossier
/// with a result or closed, at that moment.
pub fn clock(
    d: &Dossier,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
    due_soon: WorkingDuration,
) -> Result<Option<Clock>> {
    let Some(due) = d.due_at else {
        return Ok(None);
    };
    let stopped_at = d.finished_at.or(d.closed_at);
    let paused_at = d.open_pause().map(|p| p.start);
    let at = stopped_at.or(paused_at).map_or(now, |t| t.min(now));
    let handling = stopped_at.is_none() && d.status.is_received();
    let step = match (handling, d.current_step_due()) {
        (true, Some(sd)) => {
            let length = d
                .steps
                .get(d.step)
                .map_or(WorkingDuration::ZERO, step_length);
            let window = due_soon_window(length, due_soon);
            Some(deadline(calendar, at, sd, window)?)
        }
        _ => None,
    };
    // The appointment's length: working time from where the clock started to the due instant.
    let length = match d.clock_start.or(d.received_at) {
        Some(start) => calendar.working_time_between(to_vn(start), to_vn(due))?,
        None => WorkingDuration::ZERO,
    };
    Ok(Some(Clock {
        at,
        paused: paused_at.is_some() && stopped_at.is_none(),
        stopped: stopped_at.is_some(),
        dossier: deadline(calendar, at, due, due_soon_window(length, due_soon))?,
        step,
        step_index: d.step,
    }))
}

/// A finished dossier against its appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

/// Report options for [`classify_finished`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassifyOptions {
    /// Count against the original appointment (true) or the extended one.
    pub against_original: bool,
    /// More supplement requests than this in handling is late whatever the dates; `None` to
    /// ignore the 766 rule.
    pub late_if_supplements_over: Option<u32>,
}

impl ClassifyOptions {
    pub fn from_rules(rules: &RuleSet) -> ClassifyOptions {
        ClassifyOptions {
            against_original: rules.count_late_against_original,
            late_if_supplements_over: Some(rules.late_if_supplements_over),
        }
    }
}

/// Early (finished on a day before the appointment's day), on time (by the appointment, in
/// working time) or late. Pauses are already in the appointment. `None` if the dossier has no
/// result yet.
pub fn classify_finished(
    d: &Dossier,
    calendar: &WorkingCalendar,
    opts: &ClassifyOptions,
) -> Result<Option<Timeliness>> {
    let (Some(finished), Some(due)) = (d.finished_at, d.due_at) else {
        return Ok(None);
    };
    if opts
        .late_if_supplements_over
        .is_some_and(|max| d.supplement_requests > max)
    {
        return Ok(Some(Timeliness::Late));
    }
    let due = if opts.against_original {
        d.original_due_at.unwrap_or(due)
    } else {
        due
    };
    // Working time between the appointment and the finish: after it in working time = late;
    // a finish on a day off after a Friday 17:00 appointment is not late.
    let past = calendar.working_time_between(to_vn(due), to_vn(finished))?;
    Ok(Some(if past > WorkingDuration::ZERO {
        Timeliness::Late
    } else if vn_date(finished) < vn_date(due) {
        Timeliness::Early
    } else {
        Timeliness::OnTime
    }))
}

#[cfg(test)]
mod due_soon_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_window_scales_with_the_deadline() {
        let day = WorkingDuration::days(1);
        assert_eq!(
            due_soon_window(WorkingDuration::hours(4), day),
            WorkingDuration::hours(1)
        );
        assert_eq!(
            due_soon_window(WorkingDuration::days(2), day),
            WorkingDuration::hours(4)
        );
        assert_eq!(due_soon_window(WorkingDuration::days(10), day), day);
        assert_eq!(due_soon_window(WorkingDuration::ZERO, day), day);
    }

    proptest! {
        #[test]
        fn the_window_never_exceeds_the_rule_nor_a_quarter(
            len in 1i64..5_000_000,
            rule in 0i64..200_000,
        ) {
            let (l, r) = (WorkingDuration::seconds(len), WorkingDuration::seconds(rule));
            let w = due_soon_window(l, r);
            prop_assert!(w <= r);
            prop_assert!(w.as_seconds() * DUE_SOON_SHARE <= len);
            // A longer deadline never gets a shorter window.
            prop_assert!(due_soon_window(WorkingDuration::seconds(len + 1), r) >= w);
        }
    }
}
