//! The Vietnamese lunisolar calendar, computed at UTC+7.
//!
//! Implemented from Hồ Ngọc Đức's published description ("Thuật toán tính âm lịch"): new moons
//! and the sun's longitude from Meeus' series; month 11 is the month containing the winter
//! solstice; in a year with 13 months, the leap month is the first month after month 11 with no
//! major solar term (trung khí). Using UTC+7 rather than UTC+8 is what makes Vietnamese dates
//! differ from Chinese ones in some years (Tết 1985, 2007).

use std::f64::consts::PI;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::CalendarError;

/// First solar and lunar year supported.
pub const MIN_YEAR: i32 = 1900;
/// Last solar and lunar year supported.
pub const MAX_YEAR: i32 = 2199;

/// Vietnam's offset from UTC in hours; the lunar calendar is computed for this meridian.
const TIME_ZONE: f64 = 7.0;
/// Mean synodic month in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// Julian day of the new moon of 1900-01-01 (the origin of the k numbering).
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;

/// A date of the Vietnamese lunar calendar.
///
/// ```
/// use chrono::NaiveDate;
/// use motcua_calendar::lunar::{LunarDate, solar_to_lunar, lunar_to_solar};
///
/// // Tết Ất Sửu: the Vietnamese calendar (UTC+7) gives 21 January 1985,
/// // one day before the Chinese one.
/// let tet = LunarDate { year: 1985, month: 1, day: 1, leap: false };
/// assert_eq!(lunar_to_solar(tet)?, NaiveDate::from_ymd_opt(1985, 1, 21).unwrap());
/// assert_eq!(solar_to_lunar(NaiveDate::from_ymd_opt(2007, 2, 17).unwrap())?, LunarDate::new(2007, 1, 1));
/// # Ok::<(), motcua_calendar::CalendarError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LunarDate {
    pub year: i32,
    /// 1..=12; a leap month carries the number of the month it follows.
    pub month: u32,
    /// 1..=30
    pub day: u32,
    pub leap: bool,
}

impl LunarDate {
    /// A date in a regular (non-leap) month.
    pub const fn new(year: i32, month: u32, day: u32) -> Self {
        Self {
            year,
            month,
            day,
            leap: false,
        }
    }
}

impl fmt::Display for LunarDate {
    /// `YEAR-MONTH-DAY`, with ` leap` appended for a leap month (the CLI contract).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.year, self.month, self.day)?;
        if self.leap {
            f.write_str(" leap")?;
        }
        Ok(())
    }
}

/// Julian day number of a Gregorian date.
fn jd_from_date(date: NaiveDate) -> i64 {
    // chrono counts days from 0001-01-01 (CE day 1) = JDN 1_721_426.
    i64::from(date.num_days_from_ce()) + 1_721_425
}

fn date_from_jd(jd: i64) -> Option<NaiveDate> {
    let ce = i32::try_from(jd - 1_721_425).ok()?;
    NaiveDate::from_num_days_from_ce_opt(ce)
}

/// Julian day (UT, fractional) of the k-th new moon after the 1900-01-01 one (Meeus ch. 49,
/// truncated series as in the published algorithm).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The local (UTC+7) day number on which the k-th new moon falls.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// Sun's apparent longitude in radians, normalised to [0, 2π), at Julian day `jdn` (UT).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Index 0..=11 of the 30° sector of the sun's longitude at the start of local day `day`.
fn sun_sector(day: i64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i64
}

fn k_of_day(day: i64) -> i64 {
    ((day as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64
}

/// Day number of the start of month 11 (the month containing the winter solstice) of `year`.
fn month11_start(year: i32) -> i64 {
    let off = jd_from_date_ymd(year, 12, 31) - 2_415_021;
    let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k);
    // Sector ≥ 9 means the sun is already past 270° (the solstice) at this new moon, so the
    // solstice month started one lunation earlier.
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

fn jd_from_date_ymd(year: i32, month: u32, day: u32) -> i64 {
    // Only called with valid constant month/day (31 December).
    NaiveDate::from_ymd_opt(year, month, day).map_or(0, jd_from_date)
}

/// Offset (in months after month 11) of the leap month of the 13-month year starting at `a11`.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        // Same sector at two consecutive new moons: that month has no major term.
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

fn check_year(year: i32) -> Result<(), CalendarError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(CalendarError::YearOutOfRange {
            year,
            min: MIN_YEAR,
            max: MAX_YEAR,
        })
    }
}

/// Converts a solar (Gregorian) date to the Vietnamese lunar date. Solar years 1900–2199.
pub fn solar_to_lunar(date: NaiveDate) -> Result<LunarDate, CalendarError> {
    check_year(date.year())?;
    let day_number = jd_from_date(date);
    let k = k_of_day(day_number);
    // The mean-lunation estimate k can be one off near a new moon (e.g. 2054-05-07): take the
    // latest new moon day not after the date among k-1..=k+1.
    let month_start = (k - 1..=k + 1)
        .rev()
        .map(new_moon_day)
        .find(|&d| d <= day_number)
        .unwrap_or_else(|| new_moon_day(k - 2));
    let yy = date.year();
    let mut a11 = month11_start(yy);
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = yy;
        a11 = month11_start(yy - 1);
    } else {
        lunar_year = yy + 1;
        b11 = month11_start(yy + 1);
    }
    let day = (day_number - month_start + 1) as u32;
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    Ok(LunarDate {
        year: lunar_year,
        month: month as u32,
        day,
        leap,
    })
}

/// The day number of the first day of a lunar month, or `None` if the month does not exist.
fn month_start_day(year: i32, month: u32, leap: bool) -> Option<i64> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let (a11, b11) = if month < 11 {
        (month11_start(year - 1), month11_start(year))
    } else {
        (month11_start(year), month11_start(year + 1))
    };
    let k = (0.5 + (a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    let mut off = i64::from(month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if leap && i64::from(month) != leap_month {
            return None;
        }
        if leap || off >= leap_off {
            off += 1;
        }
    } else if leap {
        return None;
    }
    Some(new_moon_day(k + off))
}

/// Number of days (29 or 30) of a lunar month, or `None` if it does not exist.
pub fn month_length(year: i32, month: u32, leap: bool) -> Option<u32> {
    let start = month_start_day(year, month, leap)?;
    let k = ((start as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    // The next new moon day after `start`; k is within one of the month's own index.
    let next = (k..k + 3).map(new_moon_day).find(|&d| d > start)?;
    u32::try_from(next - start).ok()
}

/// Converts a Vietnamese lunar date to the solar (Gregorian) date. Lunar years 1900–2199.
pub fn lunar_to_solar(date: LunarDate) -> Result<NaiveDate, CalendarError> {
    check_year(date.year)?;
    let invalid = CalendarError::InvalidLunarDate {
        year: date.year,
        month: date.month,
        day: date.day,
        leap: date.leap,
    };
    let len = month_length(date.year, date.month, date.leap).ok_or(invalid.clone())?;
    if date.day == 0 || date.day > len {
        return Err(invalid);
    }
    let start = month_start_day(date.year, date.month, date.leap).ok_or(invalid.clone())?;
    date_from_jd(start + i64::from(date.day) - 1).ok_or(invalid)
}

/// The leap month of a lunar year (its number, i.e. the month it repeats), if any.
pub fn leap_month(year: i32) -> Option<u32> {
    (1..=12).find(|&m| month_start_day(year, m, true).is_some())
}

/// The last day of a lunar year (the day before Tết), as a solar date.
pub fn last_day_of_year(year: i32) -> Result<NaiveDate, CalendarError> {
    let tet = lunar_to_solar(LunarDate::new(year + 1, 1, 1))?;
    tet.pred_opt().ok_or(CalendarError::YearOutOfRange {
        year,
        min: MIN_YEAR,
        max: MAX_YEAR,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn vietnamese_tet_differs_from_chinese() {
        assert_eq!(
            lunar_to_solar(LunarDate::new(1985, 1, 1)).unwrap(),
            d(1985, 1, 21)
        );
        assert_eq!(
            lunar_to_solar(LunarDate::new(2007, 1, 1)).unwrap(),
            d(2007, 2, 17)
        );
    }

    #[test]
    fn leap_months() {
        assert_eq!(leap_month(2023), Some(2));
        assert_eq!(leap_month(2025), Some(6));
        assert_eq!(leap_month(2024), None);
        let leap = LunarDate {
            year: 2023,
            month: 2,
            day: 1,
            leap: true,
        };
        assert_eq!(lunar_to_solar(leap).unwrap(), d(2023, 3, 22));
        assert_eq!(solar_to_lunar(d(2023, 3, 22)).unwrap(), leap);
        assert!(lunar_to_solar(LunarDate {
            year: 2024,
            month: 2,
            day: 1,
            leap: true
        })
        .is_err());
    }

    #[test]
    fn rejects_bad_dates_and_years() {
        assert!(lunar_to_solar(LunarDate::new(2024, 13, 1)).is_err());
        assert!(lunar_to_solar(LunarDate::new(2024, 1, 31)).is_err());
        assert!(lunar_to_solar(LunarDate::new(2024, 1, 0)).is_err());
        assert!(solar_to_lunar(d(1899, 12, 31)).is_err());
        assert!(solar_to_lunar(d(2200, 1, 1)).is_err());
        assert_eq!(
            LunarDate {
                year: 2023,
                month: 2,
                day: 1,
                leap: true
            }
            .to_string(),
            "2023-2-1 leap"
        );
    }
}
