//! # motcua-calendar
//!
//! Working time as Vietnamese public offices count it. Pure: no I/O, no database.
//!
//! - [`lunar`]: the Vietnamese lunisolar calendar at UTC+7 (Hồ Ngọc Đức's method), 1900–2199.
//! - [`rules`]: public holidays by law, by period, and the default days off they give.
//! - [`notices`]: the Government's yearly notices 2016–2026 (actual days off, make-up Saturdays).
//! - [`OfficeHours`]: working periods per weekday (default Mon–Fri 07:00–11:30, 13:30–17:00).
//! - [`WorkingCalendar`]: all of the above plus operators' overrides, precomputed per day, with
//!   exact working-time arithmetic (due instants, time used with pauses, due-soon checks).
//! - [`DueExplanation`]: "why this date", a due instant explained day by day as data.
//!
//! Instants are `chrono::DateTime<FixedOffset>`; any offset is accepted, results are `+07:00`.
//!
//! ```
//! use motcua_calendar::{parse_instant, DeadlineRule, WorkingCalendar, WorkingDuration};
//!
//! let cal = WorkingCalendar::vietnam()?;
//! // Received Friday 26 April 2024 at 16:00; 2 working days. Mon 29/4 (swapped), 30/4 and 1/5
//! // are off, Saturday 4/5 is worked.
//! let due = cal.due(parse_instant("2024-04-26T16:00")?, &DeadlineRule::working(WorkingDuration::days(2)))?;
//! assert_eq!(due.to_rfc3339(), "2024-05-03T16:00:00+07:00");
//! # Ok::<(), motcua_calendar::CalendarError>(())
//! ```

/// Re-exported so users name the same `chrono` types without a version clash.
pub use chrono;

mod arithmetic;
mod calendar;
mod duration;
mod error;
mod explain;
pub mod lunar;
pub mod notices;
mod office_hours;
pub mod rules;

pub use arithmetic::{parse_instant, vn_offset, Pause, VN_OFFSET, VN_OFFSET_SECONDS};
pub use calendar::{DayInfo, DayOverride, OverrideKind, WorkingCalendar, WorkingCalendarBuilder};
pub use duration::{
    DeadlineRule, DueStatus, Duration, WorkingDuration, SAME_DAY_CUTOFF, SECONDS_PER_WORKING_DAY,
};
pub use error::CalendarError;
pub use explain::{
    CountedSpan, DayNote, DayStatus, DueExplanation, ExplainedDay, ExplainedPause, NoticeRef,
    OffReason, StartReason,
};
pub use lunar::LunarDate;
pub use office_hours::{OfficeHours, Period};
pub use rules::{DayEntry, DayKind, EntrySource, HolidayGroup, HolidayRule};
