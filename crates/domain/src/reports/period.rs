//! Report periods: month, quarter, half-year, year or any range, with a configurable cut-off
//! day (e.g. the 15th: a "month" runs from the 15th of the previous month to the 14th).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A closed range of Vietnam dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a period cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "Kỳ báo cáo không hợp lệ: ngày bắt đầu sau ngày kết thúc / invalid period: from after to"
    )]
    Reversed,
    #[error("Kỳ báo cáo không hợp lệ / invalid period ({0})")]
    Invalid(&'static str),
}

/// First day of the reporting month (1 = calendar months; 15 = from the 15th).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutOff(pub u32);

impl Default for CutOff {
    fn default() -> Self {
        CutOff(1)
    }
}

/// `day` of `year`/`month`, clamped to the month's last day.
fn clamped(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    (1..=day.max(1))
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
}

fn prev_month(year: i32, month: u32) -> (i32, u32) {
    if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    }
}

impl Period {
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError::Reversed);
        }
        Ok(Period { from, to })
    }

    /// Reporting months `first..=last` of `year` under `cut`.
    fn months(year: i32, first: u32, last: u32, cut: CutOff) -> Result<Period, PeriodError> {
        if !(1..=12).contains(&first) || !(first..=12).contains(&last) {
            return Err(PeriodError::Invalid("month"));
        }
        if !(1..=28).contains(&cut.0) {
            return Err(PeriodError::Invalid("cut-off day must be 1–28"));
        }
        let (from, to) = if cut.0 == 1 {
            let from = clamped(year, first, 1);
            let to = clamped(year, last, 31);
            (from, to)
        } else {
            let (py, pm) = prev_month(year, first);
            (clamped(py, pm, cut.0), clamped(year, last, cut.0 - 1))
        };
        match (from, to) {
            (Some(from), Some(to)) => Period::range(from, to),
            _ => Err(PeriodError::Invalid("date")),
        }
    }

    pub fn month(year: i32, month: u32, cut: CutOff) -> Result<Period, PeriodError> {
        Self::months(year, month, month, cut)
    }

    pub fn quarter(year: i32, quarter: u32, cut: CutOff) -> Result<Period, PeriodError> {
        if !(1..=4).contains(&quarter) {
            return Err(PeriodError::Invalid("quarter"));
        }
        Self::months(year, quarter * 3 - 2, quarter * 3, cut)
    }

    pub fn half(year: i32, half: u32, cut: CutOff) -> Result<Period, PeriodError> {
        if !(1..=2).contains(&half) {
            return Err(PeriodError::Invalid("half"));
        }
        Self::months(year, half * 6 - 5, half * 6, cut)
    }

    pub fn year(year: i32, cut: CutOff) -> Result<Period, PeriodError> {
        Self::months(year, 1, 12, cut)
    }

    /// The same period one year earlier (29 February becomes 28 February).
    pub fn previous_year(&self) -> Period {
        let back = |d: NaiveDate| clamped(d.year() - 1, d.month(), d.day()).unwrap_or(d);
        Period {
            from: back(self.from),
            to: back(self.to),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn calendar_periods() {
        let c = CutOff::default();
        assert_eq!(
            Period::month(2024, 2, c).unwrap(),
            Period {
                from: d(2024, 2, 1),
                to: d(2024, 2, 29)
            }
        );
        assert_eq!(
            Period::quarter(2024, 4, c).unwrap(),
            Period {
                from: d(2024, 10, 1),
                to: d(2024, 12, 31)
            }
        );
        assert_eq!(
            Period::half(2024, 1, c).unwrap(),
            Period {
                from: d(2024, 1, 1),
                to: d(2024, 6, 30)
            }
        );
        assert_eq!(
            Period::year(2023, c).unwrap(),
            Period {
                from: d(2023, 1, 1),
                to: d(2023, 12, 31)
            }
        );
    }

    #[test]
    fn cut_off_periods() {
        let c = CutOff(15);
        assert_eq!(
            Period::month(2024, 3, c).unwrap(),
            Period {
                from: d(2024, 2, 15),
                to: d(2024, 3, 14)
            }
        );
        assert_eq!(
            Period::month(2024, 1, c).unwrap(),
            Period {
                from: d(2023, 12, 15),
                to: d(2024, 1, 14)
            }
        );
        assert_eq!(
            Period::quarter(2024, 2, c).unwrap(),
            Period {
                from: d(2024, 3, 15),
                to: d(2024, 6, 14)
            }
        );
        assert_eq!(
            Period::year(2024, c).unwrap(),
            Period {
                from: d(2023, 12, 15),
                to: d(2024, 12, 14)
            }
        );
        // Consecutive months tile the year without gaps.
        for m in 1..12 {
            let a = Period::month(2024, m, c).unwrap();
            let b = Period::month(2024, m + 1, c).unwrap();
            assert_eq!(a.to.succ_opt().unwrap(), b.from);
        }
    }

    #[test]
    fn invalid_and_previous_year() {
        assert!(Period::month(2024, 13, CutOff(1)).is_err());
        assert!(Period::month(2024, 1, CutOff(29)).is_err());
        assert!(Period::quarter(2024, 5, CutOff(1)).is_err());
        assert_eq!(
            Period::range(d(2024, 2, 2), d(2024, 2, 1)),
            Err(PeriodError::Reversed)
        );
        let p = Period::range(d(2024, 2, 29), d(2024, 3, 1)).unwrap();
        assert_eq!(
            p.previous_year(),
            Period {
                from: d(2023, 2, 28),
                to: d(2023, 3, 1)
            }
        );
        assert!(p.contains(d(2024, 3, 1)) && !p.contains(d(2024, 3, 2)));
    }
}
