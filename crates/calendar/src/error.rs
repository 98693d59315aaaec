//! The crate's error type. Messages are bilingual (Vietnamese / English) because the CLI shows
//! them to operators as they are.

use chrono::NaiveDate;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A year outside the supported range.
    #[error("năm {year} nằm ngoài phạm vi hỗ trợ {min}–{max} / year {year} is outside the supported range {min}–{max}")]
    YearOutOfRange { year: i32, min: i32, max: i32 },
    /// A lunar date that does not exist (bad month or day, or no such leap month).
    #[error("ngày âm lịch không tồn tại: {year}-{month}-{day}{} / no such lunar date", if *leap { " (nhuận / leap)" } else { "" })]
    InvalidLunarDate {
        year: i32,
        month: u32,
        day: u32,
        leap: bool,
    },
    /// An instant or date outside the years this calendar was built for.
    #[error("ngày {date} nằm ngoài phạm vi của lịch ({first}–{last}) / date {date} is outside the calendar's range ({first}–{last})")]
    OutOfRange {
        date: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
    },
    /// A duration that cannot be used (negative, not a multiple of 0.5 day, unparsable).
    #[error("thời hạn không hợp lệ / invalid duration: {0}")]
    InvalidDuration(String),
    /// An instant that cannot be parsed.
    #[error("thời điểm không hợp lệ / invalid instant: {0}")]
    InvalidInstant(String),
    /// Office hours that overlap, are out of order or leave no working time at all.
    #[error("giờ làm việc không hợp lệ / invalid office hours: {0}")]
    InvalidOfficeHours(String),
}
