//! The working calendar: which days are worked, with which periods, precomputed as a day table.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use crate::lunar::{MAX_YEAR, MIN_YEAR};
use crate::notices::{notices_for, NOTICES};
use crate::office_hours::{OfficeHours, Period};
use crate::rules::{default_entries, DayEntry, DayKind, EntrySource, HolidayGroup, HolidayRule};
use crate::CalendarError;

/// What an operator's override makes of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OverrideKind {
    /// Worked (listed as a make-up working day).
    Working,
    /// Not worked, not a holiday.
    DayOff,
    /// Not worked, a holiday.
    Holiday,
}

/// An operator's change to one date; it replaces whatever the rules and notices said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayOverride {
    pub date: NaiveDate,
    pub kind: OverrideKind,
    pub name: String,
}

/// How one date is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayInfo<'a> {
    pub date: NaiveDate,
    pub working: bool,
    /// The holiday, day off or make-up day that applies, if any.
    pub entry: Option<&'a DayEntry>,
    /// The working periods of the day (empty if not worked).
    pub periods: &'a [Period],
}

/// Builds a [`WorkingCalendar`].
#[derive(Clone, Debug)]
pub struct WorkingCalendarBuilder {
    first_year: i32,
    last_year: i32,
    hours: OfficeHours,
    overrides: Vec<DayOverride>,
    disabled: HashSet<HolidayRule>,
    notices: bool,
}

impl Default for WorkingCalendarBuilder {
    fn default() -> Self {
        Self {
            first_year: MIN_YEAR,
            last_year: MAX_YEAR,
            hours: OfficeHours::default(),
            overrides: Vec::new(),
            disabled: HashSet::new(),
            notices: true,
        }
    }
}

impl WorkingCalendarBuilder {
    /// Restricts the table to solar years `first..=last` (default 1900–2199). A smaller range
    /// builds faster and uses less memory.
    pub fn years(mut self, first: i32, last: i32) -> Self {
        self.first_year = first;
        self.last_year = last;
        self
    }

    /// The agency's office hours (default Monday–Friday 07:00–11:30, 13:30–17:00).
    pub fn office_hours(mut self, hours: OfficeHours) -> Self {
        self.hours = hours;
        self
    }

    /// Operators' overrides; later ones win over earlier ones for the same date.
    pub fn with_overrides(mut self, overrides: &[DayOverride]) -> Self {
        self.overrides.extend_from_slice(overrides);
        self
    }

    /// Switches off a statutory rule.
    pub fn without_rule(mut self, rule: HolidayRule) -> Self {
        self.disabled.insert(rule);
        self
    }

    /// Ignores the shipped yearly notices (law defaults only).
    pub fn without_notices(mut self) -> Self {
        self.notices = false;
        self
    }

    /// Computes the day table.
    pub fn build(self) -> Result<WorkingCalendar, CalendarError> {
        let out_of_range = |year| CalendarError::YearOutOfRange {
            year,
            min: MIN_YEAR,
            max: MAX_YEAR,
        };
        if !(MIN_YEAR..=MAX_YEAR).contains(&self.first_year) {
            return Err(out_of_range(self.first_year));
        }
        if !(self.first_year..=MAX_YEAR).contains(&self.last_year) {
            return Err(out_of_range(self.last_year));
        }
        self.hours.check_not_empty()?;
        let first =
            NaiveDate::from_ymd_opt(self.first_year, 1, 1).ok_or(out_of_range(self.first_year))?;
        let last =
            NaiveDate::from_ymd_opt(self.last_year, 12, 31).ok_or(out_of_range(self.last_year))?;

        let entries = self.entries(first, last)?;

        // Distinct period lists; index 0 means "not worked".
        let mut schedules: Vec<Vec<Period>> = vec![Vec::new()];
        let mut sched_index = |p: &[Period]| -> u8 {
            if p.is_empty() {
                return 0;
            }
            match schedules.iter().position(|s| s.as_slice() == p) {
                Some(i) => i as u8,
                None => {
                    schedules.push(p.to_vec());
                    (schedules.len() - 1) as u8
                }
            }
        };
        let days = (last - first).num_days() as usize + 1;
        let mut day_sched = Vec::with_capacity(days);
        for date in first.iter_days().take(days) {
            let weekday = self.hours.periods(date.weekday());
            let working = match entries.get(&date) {
                Some(e) => e.kind.is_working(),
                None => !weekday.is_empty(),
            };
            let periods = match (working, weekday.is_empty()) {
                (false, _) => &[][..],
                (true, false) => weekday,
                (true, true) => self.hours.makeup_periods(),
            };
            day_sched.push(sched_index(periods));
        }
        let mut cum = Vec::with_capacity(days + 1);
        let mut total = 0i64;
        cum.push(0);
        let lens: Vec<i64> = schedules
            .iter()
            .map(|s| s.iter().map(|p| i64::from(p.len_seconds())).sum())
            .collect();
        for &s in &day_sched {
            total += lens[s as usize];
            cum.push(total);
        }
        Ok(WorkingCalendar {
            first,
            last,
            first_day: days_from_epoch(first),
            schedules,
            day_sched,
            cum,
            entries,
        })
    }

    /// Law defaults, replaced group by group by notices, then by overrides.
    fn entries(
        &self,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, DayEntry>, CalendarError> {
        let culture = !self.disabled.contains(&HolidayRule::CultureDay2026);
        let compensate = !self.disabled.contains(&HolidayRule::WeekendCompensation);
        let mut map = BTreeMap::new();
        // Compensation for late-December holidays can spill into the next year, and notices
        // can announce days in the previous year: compute one year either side.
        let lo = (self.first_year - 1).max(MIN_YEAR);
        let hi = (self.last_year + 1).min(MAX_YEAR);
        for year in lo..=hi {
            let noticed: Vec<HolidayGroup> = if self.notices {
                notices_for(year).map(|n| n.group).collect()
            } else {
                Vec::new()
            };
            for (group, entry) in default_entries(year, culture, compensate)? {
                if !noticed.contains(&group) {
                    map.insert(entry.date, entry);
                }
            }
        }
        if self.notices {
            for n in NOTICES.iter().filter(|n| (lo..=hi).contains(&n.year)) {
                for d in n.days {
                    let (y, m, day) = d.date;
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, day) {
                        let entry = DayEntry {
                            date,
                            kind: d.kind,
                            name: d.name.to_string(),
                            source: EntrySource::Notice,
                        };
                        map.insert(date, entry);
                    }
                }
            }
        }
        for o in &self.overrides {
            let kind = match o.kind {
                OverrideKind::Working => DayKind::MakeupWorkday,
                OverrideKind::DayOff => DayKind::DayOff,
                OverrideKind::Holiday => DayKind::Holiday,
            };
            let entry = DayEntry {
                date: o.date,
                kind,
                name: o.name.clone(),
                source: EntrySource::Override,
            };
            map.insert(o.date, entry);
        }
        Ok(map
            .range(first..=last)
            .map(|(d, e)| (*d, e.clone()))
            .collect())
    }
}

pub(crate) fn days_from_epoch(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

/// A working calendar: holidays, notices, overrides and office hours, precomputed per day so
/// that working-time arithmetic is O(1) per day crossed at worst and usually O(log days).
///
/// Build one per agency and reuse it (it is `Send + Sync`); [`WorkingCalendar::vietnam`] is the
/// shared default.
///
/// ```
/// use chrono::NaiveDate;
/// use motcua_calendar::{DayOverride, OverrideKind, WorkingCalendar};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
///
/// let cal = WorkingCalendar::vietnam()?;
/// assert!(!cal.is_working_day(d(2025, 5, 2))?);   // swapped day off
/// assert!(cal.is_working_day(d(2025, 4, 26))?);   // make-up Saturday
///
/// let cal = WorkingCalendar::builder()
///     .years(2024, 2026)
///     .with_overrides(&[DayOverride { date: d(2025, 6, 2), kind: OverrideKind::DayOff, name: "Bão".into() }])
///     .build()?;
/// assert!(!cal.is_working_day(d(2025, 6, 2))?);
/// # Ok::<(), motcua_calendar::CalendarError>(())
/// ```
#[derive(Clone, Debug)]
pub struct WorkingCalendar {
    pub(crate) first: NaiveDate,
    pub(crate) last: NaiveDate,
    /// `first` as days since 1970-01-01.
    pub(crate) first_day: i64,
    pub(crate) schedules: Vec<Vec<Period>>,
    pub(crate) day_sched: Vec<u8>,
    /// Working seconds before each day; one more element than `day_sched`.
    pub(crate) cum: Vec<i64>,
    entries: BTreeMap<NaiveDate, DayEntry>,
}

impl WorkingCalendar {
    /// A builder with the defaults: 1900–2199, standard office hours, shipped notices.
    pub fn builder() -> WorkingCalendarBuilder {
        WorkingCalendarBuilder::default()
    }

    /// The default Vietnamese calendar (all defaults), built once per process and shared.
    pub fn vietnam() -> Result<&'static WorkingCalendar, CalendarError> {
        static CAL: OnceLock<Result<WorkingCalendar, CalendarError>> = OnceLock::new();
        CAL.get_or_init(|| WorkingCalendar::builder().build())
            .as_ref()
            .map_err(Clone::clone)
    }

    /// First and last date covered.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        (self.first, self.last)
    }

    pub(crate) fn out_of_range(&self, date: NaiveDate) -> CalendarError {
        CalendarError::OutOfRange {
            date,
            first: self.first,
            last: self.last,
        }
    }

    pub(crate) fn index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        if date < self.first || date > self.last {
            return Err(self.out_of_range(date));
        }
        Ok((days_from_epoch(date) - self.first_day) as usize)
    }

    /// Whether a date is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day_sched[self.index(date)?] != 0)
    }

    /// Everything known about a date.
    pub fn day_info(&self, date: NaiveDate) -> Result<DayInfo<'_>, CalendarError> {
        let periods = &self.schedules[self.day_sched[self.index(date)?] as usize];
        Ok(DayInfo {
            date,
            working: !periods.is_empty(),
            entry: self.entries.get(&date),
            periods,
        })
    }

    /// The first working day on or after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let i = self.index(date)?;
        let j = self.day_sched[i..]
            .iter()
            .position(|&s| s != 0)
            .ok_or(self.out_of_range(self.last))?;
        Ok(date + chrono::Days::new(j as u64))
    }

    /// Holidays, days off and make-up days between two dates (inclusive), in date order.
    pub fn entries(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &DayEntry> {
        let to = to.max(from);
        self.entries.range(from..=to).map(|(_, e)| e)
    }
}
