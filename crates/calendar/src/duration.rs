//! Working durations and deadline rules.

use chrono::NaiveTime;

use crate::CalendarError;

/// One working day is 8 working hours, whatever an agency's office hours (domain rule: durations
/// are kept in working hours so half days work).
pub const SECONDS_PER_WORKING_DAY: i64 = 8 * 3600;

/// An amount of working time, exact to the second (durations are whole minutes in practice).
///
/// ```
/// use motcua_calendar::WorkingDuration;
/// assert_eq!(WorkingDuration::parse_days("1.5")?, WorkingDuration::hours(12));
/// assert!(WorkingDuration::parse_days("0.3").is_err());
/// assert_eq!(WorkingDuration::half_days(1).as_minutes(), 240);
/// # Ok::<(), motcua_calendar::CalendarError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkingDuration {
    seconds: i64,
}

impl WorkingDuration {
    pub const ZERO: Self = Self { seconds: 0 };

    pub const fn seconds(seconds: i64) -> Self {
        Self { seconds }
    }
    pub const fn minutes(minutes: i64) -> Self {
        Self {
            seconds: minutes * 60,
        }
    }
    pub const fn hours(hours: i64) -> Self {
        Self {
            seconds: hours * 3600,
        }
    }
    /// Whole working days of 8 hours.
    pub const fn days(days: i64) -> Self {
        Self {
            seconds: days * SECONDS_PER_WORKING_DAY,
        }
    }
    /// Half working days of 4 hours.
    pub const fn half_days(half_days: i64) -> Self {
        Self {
            seconds: half_days * SECONDS_PER_WORKING_DAY / 2,
        }
    }

    /// Working days as a number that must be a non-negative multiple of 0.5.
    pub fn from_days(days: f64) -> Result<Self, CalendarError> {
        let halves = days * 2.0;
        if !halves.is_finite() || halves < 0.0 || halves.fract() != 0.0 || halves > 2.0e6 {
            return Err(CalendarError::InvalidDuration(format!(
                "{days} ngày: phải là bội số không âm của 0,5 / {days} days: must be a non-negative multiple of 0.5"
            )));
        }
        Ok(Self::half_days(halves as i64))
    }

    /// Working hours as a non-negative number giving whole minutes (e.g. `1.5`, `0.25`).
    pub fn from_hours(hours: f64) -> Result<Self, CalendarError> {
        let minutes = hours * 60.0;
        if !minutes.is_finite() || minutes < 0.0 || minutes.fract() != 0.0 || minutes > 1.0e9 {
            return Err(CalendarError::InvalidDuration(format!(
                "{hours} giờ: phải không âm và tròn phút / {hours} hours: must be non-negative whole minutes"
            )));
        }
        Ok(Self::minutes(minutes as i64))
    }

    /// Parses a number of working days (`2`, `0.5`, `1,5`).
    pub fn parse_days(s: &str) -> Result<Self, CalendarError> {
        Self::from_days(parse_number(s)?)
    }

    /// Parses a number of working hours (`4`, `1.5`).
    pub fn parse_hours(s: &str) -> Result<Self, CalendarError> {
        Self::from_hours(parse_number(s)?)
    }

    pub const fn as_seconds(self) -> i64 {
        self.seconds
    }
    /// Whole minutes, rounded towards zero.
    pub const fn as_minutes(self) -> i64 {
        self.seconds / 60
    }
    pub fn as_hours(self) -> f64 {
        self.seconds as f64 / 3600.0
    }
    pub fn as_days(self) -> f64 {
        self.seconds as f64 / SECONDS_PER_WORKING_DAY as f64
    }
    pub const fn is_negative(self) -> bool {
        self.seconds < 0
    }
}

impl std::ops::Add for WorkingDuration {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self {
            seconds: self.seconds + rhs.seconds,
        }
    }
}

impl std::ops::Sub for WorkingDuration {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self {
            seconds: self.seconds - rhs.seconds,
        }
    }
}

fn parse_number(s: &str) -> Result<f64, CalendarError> {
    s.trim().replace(',', ".").parse::<f64>().map_err(|_| {
        CalendarError::InvalidDuration(format!("'{s}' không phải là số / '{s}' is not a number"))
    })
}

/// The statutory time of a procedure or a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Duration {
    /// Working time (days of 8 hours, half days, hours).
    Working(WorkingDuration),
    /// Calendar days; the due day is moved to the next working day if it is a day off.
    CalendarDays(u32),
}

/// 15:00, the usual cut-off for same-day procedures.
pub const SAME_DAY_CUTOFF: NaiveTime = match NaiveTime::from_hms_opt(15, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// How a deadline is computed from the received instant.
///
/// ```
/// use motcua_calendar::{DeadlineRule, WorkingDuration, SAME_DAY_CUTOFF};
/// let same_day = DeadlineRule::working(WorkingDuration::days(1)).with_same_day_cutoff(SAME_DAY_CUTOFF);
/// assert_eq!(same_day.same_day_cutoff, Some(SAME_DAY_CUTOFF));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeadlineRule {
    pub duration: Duration,
    /// If set, a dossier received after this local time counts from the next working day
    /// (same-day procedures: 15:00).
    pub same_day_cutoff: Option<NaiveTime>,
}

impl DeadlineRule {
    pub fn working(duration: WorkingDuration) -> Self {
        Self {
            duration: Duration::Working(duration),
            same_day_cutoff: None,
        }
    }
    pub fn calendar_days(days: u32) -> Self {
        Self {
            duration: Duration::CalendarDays(days),
            same_day_cutoff: None,
        }
    }
    pub fn with_same_day_cutoff(mut self, cutoff: NaiveTime) -> Self {
        self.same_day_cutoff = Some(cutoff);
        self
    }
}

/// Where an unfinished item stands against its due instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DueStatus {
    /// More working time left than the warning threshold.
    OnTrack,
    /// Not yet due, but within the warning threshold.
    DueSoon,
    /// The due instant has passed.
    Overdue,
}
