//! Public holidays by law, by period, and the default days off computed from them.
//!
//! Sources: Labour Code 1994 as amended in 2007 (Tết 4 days; Hùng Kings added 2007), Labour
//! Code 2012 (in force 1 May 2013: Tết 5 days), Labour Code 2019 Art. 112 (in force 1 January
//! 2021: 2/9 plus one adjacent day). A holiday that falls on a weekly rest day (Saturday or
//! Sunday for civil servants) is compensated on the next working day (Art. 112(3)).
//!
//! These give the *default* for a year; the Government's yearly notices (see [`crate::notices`])
//! replace the default of the holiday groups they cover.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::lunar::{self, LunarDate};
use crate::CalendarError;

/// What a listed day is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DayKind {
    /// A public holiday by law (listed even when it falls on a weekend).
    Holiday,
    /// A day off that is not itself a holiday: compensation, bridge or swap.
    DayOff,
    /// A weekly rest day (usually Saturday) declared a working day.
    MakeupWorkday,
}

impl DayKind {
    /// The CSV spelling: `holiday`, `day_off`, `makeup_workday`.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::DayOff => "day_off",
            DayKind::MakeupWorkday => "makeup_workday",
        }
    }

    /// Whether a day of this kind is worked.
    pub fn is_working(self) -> bool {
        self == DayKind::MakeupWorkday
    }
}

/// Where a day's entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntrySource {
    /// Computed from the law's rules.
    Law,
    /// A Government notice shipped in [`crate::notices`].
    Notice,
    /// An operator's override.
    Override,
}

/// A day that differs from the ordinary week: a holiday, a day off or a make-up working day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// Vietnamese name, e.g. `Tết Dương lịch`, `Nghỉ bù Quốc khánh`.
    pub name: String,
    pub source: EntrySource,
}

/// The holiday groups a yearly notice can rearrange as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HolidayGroup {
    /// 1/1 (and days around it).
    NewYear,
    /// Lunar New Year.
    Tet,
    /// Hùng Kings' commemoration, 10/3 lunar.
    HungKings,
    /// 30/4 and 1/5.
    VictoryAndLabour,
    /// 2/9 (and its adjacent day from 2021).
    NationalDay,
    /// 24/11, Vietnamese Culture Day (from 2026, verify).
    CultureDay,
}

/// A statutory rule that can be switched off per calendar (e.g. if a rule turns out not to
/// apply, or an agency follows another regime).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HolidayRule {
    /// 24/11 Ngày Văn hóa Việt Nam as a paid holiday from 2026. (verify) Reported as decided in
    /// late 2025 / early 2026 (Politburo Resolution on culture, National Assembly resolution);
    /// on by default as the most credible reading, switch off with
    /// [`crate::WorkingCalendarBuilder::without_rule`].
    CultureDay2026,
    /// Compensating a holiday that falls on a weekly rest day with the next working day.
    WeekendCompensation,
}

/// First year of 24/11 as a holiday. (verify)
pub const CULTURE_DAY_FROM: i32 = 2026;
/// First lunar year whose Tết is under the Labour Code 2012 (in force 1 May 2013): 5 days.
/// Tết 2013 (10 February 2013) was still under the 4-day rule.
pub const TET_FIVE_DAYS_FROM: i32 = 2014;
/// First year of the Hùng Kings holiday (Labour Code amendment of 2 April 2007).
pub const HUNG_KINGS_FROM: i32 = 2007;
/// First year of the second National Day holiday (Labour Code 2019, in force 1 January 2021).
pub const NATIONAL_DAY_TWO_DAYS_FROM: i32 = 2021;

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, CalendarError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(CalendarError::YearOutOfRange {
        year: y,
        min: lunar::MIN_YEAR,
        max: lunar::MAX_YEAR,
    })
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The statutory holidays of a solar year, by group, without compensation days.
pub fn statutory_holidays(
    year: i32,
    culture_day: bool,
) -> Result<Vec<(HolidayGroup, NaiveDate, String)>, CalendarError> {
    use HolidayGroup::*;
    let mut out = vec![(NewYear, date(year, 1, 1)?, "Tết Dương lịch".to_string())];

    // Tết: the last day of the old lunar year, then mùng 1..3 (before 2014) or 1..4.
    let tet = lunar::lunar_to_solar(LunarDate::new(year, 1, 1))?;
    let eve = lunar::last_day_of_year(year - 1)?;
    let eve_day = lunar::solar_to_lunar(eve)?.day;
    out.push((Tet, eve, format!("Tết Nguyên đán ({eve_day} tháng Chạp)")));
    let new_year_days = if year >= TET_FIVE_DAYS_FROM { 4 } else { 3 };
    for (i, d) in tet.iter_days().take(new_year_days).enumerate() {
        out.push((Tet, d, format!("Tết Nguyên đán (mùng {})", i + 1)));
    }

    if year >= HUNG_KINGS_FROM {
        let d = lunar::lunar_to_solar(LunarDate::new(year, 3, 10))?;
        out.push((HungKings, d, "Giỗ Tổ Hùng Vương (10/3 âm lịch)".to_string()));
    }
    out.push((
        VictoryAndLabour,
        date(year, 4, 30)?,
        "Ngày Chiến thắng (30/4)".to_string(),
    ));
    out.push((
        VictoryAndLabour,
        date(year, 5, 1)?,
        "Ngày Quốc tế Lao động (1/5)".to_string(),
    ));

    let national_day = date(year, 9, 2)?;
    out.push((NationalDay, national_day, "Quốc khánh (2/9)".to_string()));
    if year >= NATIONAL_DAY_TWO_DAYS_FROM {
        let adjacent = national_day_adjacent(year)?;
        out.push((
            NationalDay,
            adjacent,
            "Quốc khánh (ngày liền kề)".to_string(),
        ));
    }
    if culture_day && year >= CULTURE_DAY_FROM {
        out.push((
            CultureDay,
            date(year, 11, 24)?,
            "Ngày Văn hóa Việt Nam (24/11)".to_string(),
        ));
    }
    out.sort_by_key(|(_, d, _)| *d);
    Ok(out)
}

/// The day next to 2/9 that the Prime Minister picks each year; the default is the one that
/// joins the holiday to a weekend, as chosen in every notice 2021–2025; 1/9 when neither does
/// (2/9 on a Wednesday). (verify for years without a notice)
fn national_day_adjacent(year: i32) -> Result<NaiveDate, CalendarError> {
    let before = date(year, 9, 1)?;
    let after = date(year, 9, 3)?;
    let touches_weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Mon | Weekday::Fri);
    Ok(if touches_weekend(before) {
        before
    } else if touches_weekend(after) || is_weekend(before) {
        after
    } else {
        before
    })
}

/// The default entries of a solar year computed from the law: every holiday, plus a
/// compensation day off for each holiday on a weekend (or on another holiday).
pub fn default_entries(
    year: i32,
    culture_day: bool,
    weekend_compensation: bool,
) -> Result<Vec<(HolidayGroup, DayEntry)>, CalendarError> {
    let holidays = statutory_holidays(year, culture_day)?;
    let mut by_date: BTreeMap<NaiveDate, (HolidayGroup, DayEntry)> = BTreeMap::new();
    let mut lost: Vec<(HolidayGroup, NaiveDate, String)> = Vec::new();
    for (group, d, name) in holidays {
        // A holiday on a weekend, or on another holiday (Hùng Kings can meet 30/4 or 1/5), is
        // lost and owed back.
        if is_weekend(d) || by_date.contains_key(&d) {
            lost.push((group, d, name.clone()));
        }
        if let Some((_, existing)) = by_date.get_mut(&d) {
            existing.name = format!("{}; {}", existing.name, name);
            continue;
        }
        let entry = DayEntry {
            date: d,
            kind: DayKind::Holiday,
            name,
            source: EntrySource::Law,
        };
        by_date.insert(d, (group, entry));
    }
    if weekend_compensation {
        let mut last_used: Option<NaiveDate> = None;
        for (group, d, name) in lost {
            // The next weekday after the lost day that is neither a holiday nor already given
            // as compensation.
            let free = |c: &NaiveDate| {
                !is_weekend(*c) && !by_date.contains_key(c) && last_used.is_none_or(|u| *c > u)
            };
            let Some(c) = d.iter_days().skip(1).find(free) else {
                continue;
            };
            last_used = Some(c);
            let base = name.split(" (").next().unwrap_or(&name);
            let entry = DayEntry {
                date: c,
                kind: DayKind::DayOff,
                name: format!("Nghỉ bù {base} ({})", d.format("%d/%m")),
                source: EntrySource::Law,
            };
            by_date.insert(c, (group, entry));
        }
    }
    Ok(by_date.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn off_days(year: i32) -> Vec<NaiveDate> {
        default_entries(year, true, true)
            .unwrap()
            .into_iter()
            .map(|(_, e)| e.date)
            .filter(|x| !is_weekend(*x))
            .collect()
    }

    #[test]
    fn tet_length_by_period() {
        let count = |y| {
            statutory_holidays(y, true)
                .unwrap()
                .iter()
                .filter(|(g, _, _)| *g == HolidayGroup::Tet)
                .count()
        };
        assert_eq!(count(2012), 4);
        assert_eq!(count(2013), 4);
        assert_eq!(count(2014), 5);
    }

    #[test]
    fn hung_kings_from_2007_and_national_day_two_days_from_2021() {
        let has = |y, g| {
            statutory_holidays(y, true)
                .unwrap()
                .iter()
                .any(|(x, _, _)| *x == g)
        };
        assert!(!has(2006, HolidayGroup::HungKings));
        assert!(has(2007, HolidayGroup::HungKings));
        let nd = |y| {
            statutory_holidays(y, true)
                .unwrap()
                .iter()
                .filter(|(g, _, _)| *g == HolidayGroup::NationalDay)
                .count()
        };
        assert_eq!(nd(2020), 1);
        assert_eq!(nd(2021), 2);
        assert!(!has(2025, HolidayGroup::CultureDay));
        assert!(has(2026, HolidayGroup::CultureDay));
        assert!(!statutory_holidays(2026, false)
            .unwrap()
            .iter()
            .any(|(g, _, _)| *g == HolidayGroup::CultureDay));
    }

    #[test]
    fn weekend_holidays_are_compensated_on_next_working_day() {
        // 2022: 1/1 Saturday → Monday 3/1; 30/4 Sat + 1/5 Sun → Mon 2/5 and Tue 3/5.
        let days = off_days(2022);
        assert!(days.contains(&d(2022, 1, 3)));
        assert!(days.contains(&d(2022, 5, 2)));
        assert!(days.contains(&d(2022, 5, 3)));
        // 2027: 2/9 Thursday, adjacent Friday 3/9.
        assert!(off_days(2027).contains(&d(2027, 9, 3)));
    }
}
