//! Office hours: the working periods of each weekday, in Vietnam time (UTC+7, no DST).

use chrono::{NaiveTime, Timelike, Weekday};

use crate::CalendarError;

/// A working period of a day, `[start, end)`, in seconds since local midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: u32,
    pub end: u32,
}

impl Period {
    /// A period from two local times; `end` must be after `start`.
    ///
    /// ```
    /// use chrono::NaiveTime;
    /// use motcua_calendar::Period;
    /// let p = Period::new(NaiveTime::from_hms_opt(7, 0, 0).unwrap(), NaiveTime::from_hms_opt(11, 30, 0).unwrap())?;
    /// assert_eq!(p.len_seconds(), 4 * 3600 + 1800);
    /// # Ok::<(), motcua_calendar::CalendarError>(())
    /// ```
    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<Self, CalendarError> {
        Self::from_hm(
            start.num_seconds_from_midnight(),
            end.num_seconds_from_midnight(),
        )
    }

    fn from_hm(start: u32, end: u32) -> Result<Self, CalendarError> {
        if start >= end || end > 86_400 {
            return Err(CalendarError::InvalidOfficeHours(format!(
                "khoảng {start}s–{end}s / period {start}s–{end}s"
            )));
        }
        Ok(Self { start, end })
    }

    /// Length in seconds.
    pub fn len_seconds(&self) -> u32 {
        self.end - self.start
    }
}

/// Working periods for each weekday. A weekday with no period is a weekly rest day.
///
/// Make-up working days (usually Saturdays) use the [`OfficeHours::makeup_periods`], by default
/// Monday's.
///
/// ```
/// use chrono::{NaiveTime, Weekday};
/// use motcua_calendar::{OfficeHours, Period};
/// let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
/// // An agency whose desk also opens on Saturday mornings.
/// let hours = OfficeHours::default()
///     .with_day(Weekday::Sat, &[Period::new(t(7, 30), t(11, 30))?])?;
/// assert_eq!(hours.periods(Weekday::Sat).len(), 1);
/// # Ok::<(), motcua_calendar::CalendarError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeHours {
    days: [Vec<Period>; 7],
    makeup: Vec<Period>,
}

/// 07:00–11:30 and 13:30–17:00: 8 working hours.
fn standard_day() -> Vec<Period> {
    vec![
        Period {
            start: 7 * 3600,
            end: 11 * 3600 + 1800,
        },
        Period {
            start: 13 * 3600 + 1800,
            end: 17 * 3600,
        },
    ]
}

impl Default for OfficeHours {
    /// Monday–Friday 07:00–11:30 and 13:30–17:00; Saturday and Sunday off.
    fn default() -> Self {
        let std = standard_day();
        Self {
            days: [
                std.clone(),
                std.clone(),
                std.clone(),
                std.clone(),
                std.clone(),
                Vec::new(),
                Vec::new(),
            ],
            makeup: std,
        }
    }
}

fn validate(periods: &[Period]) -> Result<(), CalendarError> {
    for w in periods.windows(2) {
        if w[0].end > w[1].start {
            return Err(CalendarError::InvalidOfficeHours(
                "các khoảng chồng nhau hoặc không theo thứ tự / periods overlap or are out of order"
                    .to_string(),
            ));
        }
    }
    Ok(())
}

impl OfficeHours {
    /// Sets the periods of one weekday (empty = weekly rest day). Periods must be in order and
    /// must not overlap.
    pub fn with_day(mut self, day: Weekday, periods: &[Period]) -> Result<Self, CalendarError> {
        validate(periods)?;
        self.days[day.num_days_from_monday() as usize] = periods.to_vec();
        if day == Weekday::Mon && !periods.is_empty() {
            self.makeup = periods.to_vec();
        }
        Ok(self)
    }

    /// Sets the periods used on make-up working days.
    pub fn with_makeup_periods(mut self, periods: &[Period]) -> Result<Self, CalendarError> {
        validate(periods)?;
        if periods.is_empty() {
            return Err(CalendarError::InvalidOfficeHours(
                "ngày làm bù cần giờ làm việc / make-up days need working periods".to_string(),
            ));
        }
        self.makeup = periods.to_vec();
        Ok(self)
    }

    /// The periods of a weekday.
    pub fn periods(&self, day: Weekday) -> &[Period] {
        &self.days[day.num_days_from_monday() as usize]
    }

    /// The periods used on make-up working days.
    pub fn makeup_periods(&self) -> &[Period] {
        &self.makeup
    }

    pub(crate) fn check_not_empty(&self) -> Result<(), CalendarError> {
        if self.days.iter().all(Vec::is_empty) {
            return Err(CalendarError::InvalidOfficeHours(
                "không có ngày làm việc nào / no working day at all".to_string(),
            ));
        }
        Ok(())
    }
}
