//! "Why this date?": a due instant explained as data.
//!
//! [`WorkingCalendar::explain_due`] answers what a citizen or an officer asks when they see an
//! appointment: when the clock started and why, how many working hours each day counted (and in
//! which periods), why each other day was skipped (weekly rest, which holiday, which Government
//! notice), what every pause stopped, and the due instant itself.
//!
//! The due instant is NOT recomputed here: it comes from [`WorkingCalendar::counting_start`],
//! [`WorkingCalendar::add_working_with_pauses`] and [`WorkingCalendar::add_calendar_days`], the
//! functions every deadline in motcua uses. This module only splits the interval from the clock's
//! start to that instant into days, periods and pauses, so the explanation can never disagree
//! with the date shown next to it (the property tests check that the counted hours add up).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike, Weekday};

use crate::arithmetic::{local_seconds, vn_offset, Pause, VN_OFFSET_SECONDS};
use crate::calendar::{days_from_epoch, WorkingCalendar};
use crate::duration::{DeadlineRule, Duration, WorkingDuration};
use crate::notices::NOTICES;
use crate::rules::{DayEntry, DayKind, EntrySource, HolidayGroup};
use crate::CalendarError;

const DAY: i64 = 86_400;

/// A due instant with everything that led to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueExplanation {
    /// When the dossier (or step) was received, at `+07:00`.
    pub received: DateTime<FixedOffset>,
    /// The rule the due instant was computed with.
    pub rule: DeadlineRule,
    /// When the clock started: the first working instant counted (for calendar-day rules, the
    /// instant whose date is day 0).
    pub clock_start: DateTime<FixedOffset>,
    /// Why the clock started then rather than at `received`.
    pub start_reason: StartReason,
    /// Every calendar day from the received date to the due date, in order.
    pub days: Vec<ExplainedDay>,
    /// The pauses as given, each with the working time it stopped before the due instant.
    pub pauses: Vec<ExplainedPause>,
    /// Working time counted over all days (equals the rule's working duration).
    pub counted: WorkingDuration,
    /// The due instant, exactly as [`WorkingCalendar::due`] (no pauses) or
    /// [`WorkingCalendar::add_working_with_pauses`] gives it.
    pub due: DateTime<FixedOffset>,
}

/// Why the clock started when it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartReason {
    /// Received inside a working period: counted from that instant.
    InWorkingTime,
    /// Received before the day's first period: counted from its opening.
    BeforeOfficeHours,
    /// Received between two periods (lunch): counted from the next period.
    DuringBreak,
    /// Received after the day's last period: counted from the next working morning.
    AfterOfficeHours,
    /// Received on a day that is not worked: counted from the next working day.
    DayOff(OffReason),
    /// A same-day procedure received after its cut-off: counted from the next working day.
    AfterSameDayCutoff { cutoff: NaiveTime },
    /// A calendar-day rule counts days from the date received, whatever the hour.
    CalendarDate,
}

/// How a date is treated by the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayStatus {
    /// An ordinary working day.
    Working,
    /// A weekly rest day declared a working day (make-up Saturday).
    MakeupWorkday(DayNote),
    /// Not worked, and why.
    Off(OffReason),
}

/// Why a day is not worked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OffReason {
    /// A weekly rest day of the office hours (Saturday, Sunday).
    WeeklyRest(Weekday),
    /// A public holiday.
    Holiday(DayNote),
    /// A day off that is not itself a holiday: compensation, bridge or swapped day.
    DayOff(DayNote),
}

/// The listed entry behind a day: its Vietnamese name and who decided it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayNote {
    pub name: String,
    pub source: EntrySource,
    /// The Government notice that announced the day, if it came from one.
    pub notice: Option<NoticeRef>,
}

/// Which shipped notice a day comes from. The notices are recorded by year and holiday group;
/// their official numbers are not part of the data (see [`crate::notices`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoticeRef {
    pub year: i32,
    pub group: HolidayGroup,
}

/// A stretch of working time counted towards the duration, `[from, to)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountedSpan {
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
}

impl CountedSpan {
    pub fn duration(&self) -> WorkingDuration {
        WorkingDuration::seconds(self.to.timestamp() - self.from.timestamp())
    }
}

/// One calendar day of the explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainedDay {
    pub date: NaiveDate,
    pub status: DayStatus,
    /// Working time counted this day, period by period (empty on a day off, or when the clock
    /// had not started yet, was paused, or had already reached the due instant).
    pub counted: Vec<CountedSpan>,
    /// The sum of `counted`.
    pub counted_time: WorkingDuration,
    /// Working time of this day's periods the clock did not count because of a pause.
    pub paused_time: WorkingDuration,
    /// For calendar-day rules: this day's number counted from the received date (1..=n); days
    /// after n are the due day moved past days off.
    pub calendar_day: Option<u32>,
}

impl ExplainedDay {
    /// Whether the calendar works this day.
    pub fn is_working(&self) -> bool {
        !matches!(self.status, DayStatus::Off(_))
    }
}

/// A pause and the working time it stopped between the clock's start and the due instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExplainedPause {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub stopped: WorkingDuration,
}

/// `[a, b)` without the (sorted, disjoint) `holes`: the pieces left, in order.
fn subtract(a: i64, b: i64, holes: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut cur = a;
    for &(s, e) in holes {
        if e <= cur || s >= b {
            continue;
        }
        if s > cur {
            out.push((cur, s));
        }
        cur = cur.max(e);
        if cur >= b {
            break;
        }
    }
    if cur < b {
        out.push((cur, b));
    }
    out
}

fn note(entry: &DayEntry) -> DayNote {
    let notice = (entry.source == EntrySource::Notice)
        .then(|| {
            let key = (entry.date.year(), entry.date.month(), entry.date.day());
            NOTICES
                .iter()
                .find(|n| n.days.iter().any(|d| d.date == key))
                .map(|n| NoticeRef {
                    year: n.year,
                    group: n.group,
                })
        })
        .flatten();
    DayNote {
        name: entry.name.clone(),
        source: entry.source,
        notice,
    }
}

impl WorkingCalendar {
    /// How the calendar treats `date`, with the reason when it is not worked.
    pub fn day_status(&self, date: NaiveDate) -> Result<DayStatus, CalendarError> {
        let info = self.day_info(date)?;
        Ok(match (info.working, info.entry) {
            (true, Some(e)) if e.kind == DayKind::MakeupWorkday => {
                DayStatus::MakeupWorkday(note(e))
            }
            (true, _) => DayStatus::Working,
            (false, Some(e)) if e.kind == DayKind::Holiday => {
                DayStatus::Off(OffReason::Holiday(note(e)))
            }
            (false, Some(e)) if e.kind == DayKind::DayOff => {
                DayStatus::Off(OffReason::DayOff(note(e)))
            }
            // No entry (or one an override turned into "off"): the office hours' weekly rest.
            (false, _) => DayStatus::Off(OffReason::WeeklyRest(date.weekday())),
        })
    }

    fn instant_at(&self, ls: i64) -> Result<DateTime<FixedOffset>, CalendarError> {
        DateTime::from_timestamp(ls - i64::from(VN_OFFSET_SECONDS), 0)
            .map(|d| d.with_timezone(&vn_offset()))
            .ok_or(self.out_of_range(self.range().1))
    }

    /// Why working time counted from `t` starts where it does.
    fn start_reason(&self, t: DateTime<FixedOffset>) -> Result<StartReason, CalendarError> {
        if self.next_working_instant(t)? == t {
            return Ok(StartReason::InWorkingTime);
        }
        let t = t.with_timezone(&vn_offset());
        let info = self.day_info(t.date_naive())?;
        let sod = t.time().num_seconds_from_midnight();
        Ok(match (info.periods.first(), info.periods.last()) {
            (Some(first), _) if sod < first.start => StartReason::BeforeOfficeHours,
            (_, Some(last)) if sod >= last.end => StartReason::AfterOfficeHours,
            (Some(_), _) => StartReason::DuringBreak,
            (None, _) => match self.day_status(info.date)? {
                DayStatus::Off(reason) => StartReason::DayOff(reason),
                // Unreachable with a day table (a worked day has periods); say "day off" anyway.
                _ => StartReason::DayOff(OffReason::WeeklyRest(info.date.weekday())),
            },
        })
    }

    /// The due instant of `rule` for something received at `received`, with the clock stopped
    /// during `pauses`, explained day by day.
    ///
    /// The due instant equals [`WorkingCalendar::due`] without pauses and
    /// `add_working_with_pauses(counting_start(received, rule), d, pauses)` with them.
    /// Calendar-day rules take no pauses (the calendar has no pause arithmetic for them).
    ///
    /// ```
    /// use motcua_calendar::{parse_instant, DeadlineRule, StartReason, WorkingCalendar, WorkingDuration};
    /// let cal = WorkingCalendar::vietnam()?;
    /// // Friday 3 January 2025, 17:30: counted from Monday 07:00.
    /// let rule = DeadlineRule::working(WorkingDuration::days(1));
    /// let e = cal.explain_due(parse_instant("2025-01-03T17:30")?, &rule, &[])?;
    /// assert_eq!(e.start_reason, StartReason::AfterOfficeHours);
    /// assert_eq!(e.clock_start.to_rfc3339(), "2025-01-06T07:00:00+07:00");
    /// assert_eq!(e.due, cal.due(e.received, &rule)?);
    /// assert_eq!(e.days.len(), 4); // Fri (nothing left), Sat, Sun skipped, Mon 8 h
    /// # Ok::<(), motcua_calendar::CalendarError>(())
    /// ```
    pub fn explain_due(
        &self,
        received: DateTime<FixedOffset>,
        rule: &DeadlineRule,
        pauses: &[Pause],
    ) -> Result<DueExplanation, CalendarError> {
        let received = received.with_timezone(&vn_offset());
        let start = self.counting_start(received, rule)?;
        let after_cutoff = start != received;
        let cutoff_reason = rule
            .same_day_cutoff
            .filter(|_| after_cutoff)
            .map(|cutoff| StartReason::AfterSameDayCutoff { cutoff });
        match rule.duration {
            Duration::Working(d) => {
                let due = self.add_working_with_pauses(start, d, pauses)?;
                let start_reason = match cutoff_reason {
                    Some(r) => r,
                    None => self.start_reason(start)?,
                };
                self.explain_working(received, *rule, start, start_reason, due, pauses)
            }
            Duration::CalendarDays(n) => {
                if !pauses.is_empty() {
                    return Err(CalendarError::InvalidDuration(
                        "thời hạn tính theo ngày lịch không có tạm dừng / calendar-day deadlines take no pauses"
                            .to_string(),
                    ));
                }
                let due = self.add_calendar_days(start, n)?;
                let start_reason = cutoff_reason.unwrap_or(StartReason::CalendarDate);
                self.explain_calendar(received, *rule, start, start_reason, n, due)
            }
        }
    }

    fn explain_working(
        &self,
        received: DateTime<FixedOffset>,
        rule: DeadlineRule,
        start: DateTime<FixedOffset>,
        start_reason: StartReason,
        due: DateTime<FixedOffset>,
        pauses: &[Pause],
    ) -> Result<DueExplanation, CalendarError> {
        // The first instant counted, as the domain records a dossier's clock start.
        let clock_start = self.next_working_instant(start)?;
        let (lo, hi) = (local_seconds(&start), local_seconds(&due));
        let holes = WorkingCalendar::merged(pauses);
        let mut days = Vec::new();
        let mut counted = WorkingDuration::ZERO;
        let (first, last) = (received.date_naive(), due.date_naive());
        for date in first.iter_days().take_while(|d| *d <= last) {
            let base = days_from_epoch(date) * DAY;
            let info = self.day_info(date)?;
            let (mut spans, mut day_counted, mut day_paused) = (Vec::new(), 0i64, 0i64);
            for p in info.periods {
                let (a, b) = (
                    (base + i64::from(p.start)).max(lo),
                    (base + i64::from(p.end)).min(hi),
                );
                if a >= b {
                    continue;
                }
                let mut worked = 0;
                for (s, e) in subtract(a, b, &holes) {
                    worked += e - s;
                    spans.push(CountedSpan {
                        from: self.instant_at(s)?,
                        to: self.instant_at(e)?,
                    });
                }
                day_counted += worked;
                day_paused += (b - a) - worked;
            }
            counted = counted + WorkingDuration::seconds(day_counted);
            days.push(ExplainedDay {
                date,
                status: self.day_status(date)?,
                counted: spans,
                counted_time: WorkingDuration::seconds(day_counted),
                paused_time: WorkingDuration::seconds(day_paused),
                calendar_day: None,
            });
        }
        let mut explained = Vec::with_capacity(pauses.len());
        for p in pauses {
            let (s, e) = (p.start.max(start), p.end.min(due));
            let stopped = if e > s {
                self.working_time_between(s, e)?
            } else {
                WorkingDuration::ZERO
            };
            explained.push(ExplainedPause {
                start: p.start.with_timezone(&vn_offset()),
                end: p.end.with_timezone(&vn_offset()),
                stopped,
            });
        }
        Ok(DueExplanation {
            received,
            rule,
            clock_start,
            start_reason,
            days,
            pauses: explained,
            counted,
            due,
        })
    }

    fn explain_calendar(
        &self,
        received: DateTime<FixedOffset>,
        rule: DeadlineRule,
        start: DateTime<FixedOffset>,
        start_reason: StartReason,
        n: u32,
        due: DateTime<FixedOffset>,
    ) -> Result<DueExplanation, CalendarError> {
        let day0 = start.date_naive();
        let (first, last) = (received.date_naive(), due.date_naive());
        let mut days = Vec::new();
        for date in first.iter_days().take_while(|d| *d <= last) {
            let k = (date - day0).num_days();
            let calendar_day = u32::try_from(k).ok().filter(|k| (1..=n).contains(k));
            days.push(ExplainedDay {
                date,
                status: self.day_status(date)?,
                counted: Vec::new(),
                counted_time: WorkingDuration::ZERO,
                paused_time: WorkingDuration::ZERO,
                calendar_day,
            });
        }
        Ok(DueExplanation {
            received,
            rule,
            clock_start: start,
            start_reason,
            days,
            pauses: Vec::new(),
            counted: WorkingDuration::ZERO,
            due,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::subtract;

    #[test]
    fn subtract_cuts_holes() {
        assert_eq!(subtract(0, 10, &[]), vec![(0, 10)]);
        assert_eq!(
            subtract(0, 10, &[(2, 4), (6, 7)]),
            vec![(0, 2), (4, 6), (7, 10)]
        );
        assert_eq!(subtract(0, 10, &[(-5, 3), (8, 20)]), vec![(3, 8)]);
        assert_eq!(subtract(0, 10, &[(-5, 30)]), vec![]);
        assert_eq!(subtract(5, 10, &[(0, 2), (12, 20)]), vec![(5, 10)]);
    }
}
