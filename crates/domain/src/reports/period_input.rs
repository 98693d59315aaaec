//! The period picker of every report door (pages, JSON API): a kind (month, quarter, half-year,
//! year or range), its numbers or dates as typed, and the cut-off day. Read here once, so a
//! period the page refuses is refused by the API with the same words.

use chrono::{Datelike, NaiveDate};

use super::period::{CutOff, Period};

/// The period as typed (blanks are filled by [`PeriodInput::or_defaults`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodInput {
    /// `month`, `quarter`, `half`, `year` or `range`.
    pub kind: String,
    pub year: String,
    pub month: String,
    pub quarter: String,
    pub half: String,
    /// `YYYY-MM-DD`, for a range.
    pub from: String,
    pub to: String,
    /// First day of the reporting month, 1–28.
    pub cut: String,
}

/// What is wrong with one field of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodReason {
    Cut,
    From,
    To,
    Reversed,
    Year,
    Kind,
    /// The month, quarter or half-year is out of range.
    Number,
}

/// One problem with the period, tied to the field it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodProblem {
    pub field: &'static str,
    pub reason: PeriodReason,
}

impl PeriodReason {
    pub fn message_vi(self) -> &'static str {
        match self {
            PeriodReason::Cut => "Ngày chốt số liệu phải là một số từ 1 đến 28.",
            PeriodReason::From => "Nhập ngày bắt đầu, ví dụ 2025-01-01.",
            PeriodReason::To => "Nhập ngày kết thúc, ví dụ 2025-03-31.",
            PeriodReason::Reversed => "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
            PeriodReason::Year => "Năm phải là số có 4 chữ số, ví dụ 2025.",
            PeriodReason::Kind => "Chọn loại kỳ báo cáo.",
            PeriodReason::Number => "Chọn tháng, quý hoặc 6 tháng hợp lệ.",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            PeriodReason::Cut => "The cut-off day must be a number from 1 to 28.",
            PeriodReason::From => "Enter the first day, for example 2025-01-01.",
            PeriodReason::To => "Enter the last day, for example 2025-03-31.",
            PeriodReason::Reversed => "The last day must be on or after the first day.",
            PeriodReason::Year => "The year must have 4 digits, for example 2025.",
            PeriodReason::Kind => "Choose the kind of period.",
            PeriodReason::Number => "Choose a valid month, quarter or half-year.",
        }
    }
}

/// A period that has not ended yet stops today: figures are "as of" now, and a dossier due
/// next week is not counted as overdue at the end of the year.
pub fn as_of(p: Period, today: NaiveDate) -> Period {
    if p.from <= today && today < p.to {
        Period {
            from: p.from,
            to: today,
        }
    } else {
        p
    }
}

impl PeriodInput {
    /// Blanks filled as the picker shows them: `default_kind`, this year, this month, quarter
    /// and half-year, calendar months (cut-off 1). Values are trimmed.
    pub fn or_defaults(self, today: NaiveDate, default_kind: &str) -> PeriodInput {
        let or = |v: String, d: String| {
            let v = v.trim().to_owned();
            if v.is_empty() {
                d
            } else {
                v
            }
        };
        PeriodInput {
            kind: or(self.kind, default_kind.to_owned()),
            year: or(self.year, today.year().to_string()),
            month: or(self.month, today.month().to_string()),
            quarter: or(self.quarter, (today.month0() / 3 + 1).to_string()),
            half: or(self.half, (today.month0() / 6 + 1).to_string()),
            from: self.from.trim().to_owned(),
            to: self.to.trim().to_owned(),
            cut: or(self.cut, "1".to_owned()),
        }
    }

    /// The cut-off day, when it is one.
    pub fn cut_off(&self) -> Option<CutOff> {
        match self.cut.parse::<u32>() {
            Ok(c) if (1..=28).contains(&c) => Some(CutOff(c)),
            _ => None,
        }
    }

    /// The period asked for, stopped at `today` while it runs ([`as_of`]); or every problem
    /// found, in the order of the picker's fields.
    pub fn period(&self, today: NaiveDate) -> Result<Period, Vec<PeriodProblem>> {
        self.read().map(|p| as_of(p, today))
    }

    fn read(&self) -> Result<Period, Vec<PeriodProblem>> {
        let problem = |field, reason| PeriodProblem { field, reason };
        let Some(cut) = self.cut_off() else {
            return Err(vec![problem("cut", PeriodReason::Cut)]);
        };
        if self.kind == "range" {
            let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            let (from, to) = (date(&self.from), date(&self.to));
            let mut problems = Vec::new();
            if from.is_none() {
                problems.push(problem("from", PeriodReason::From));
            }
            if to.is_none() {
                problems.push(problem("to", PeriodReason::To));
            }
            let (Some(from), Some(to)) = (from, to) else {
                return Err(problems);
            };
            return Period::range(from, to)
                .map_err(|_| vec![problem("to", PeriodReason::Reversed)]);
        }
        let year = match self.year.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => return Err(vec![problem("year", PeriodReason::Year)]),
        };
        let n = |s: &str| s.parse::<u32>().unwrap_or(0);
        let (p, field) = match self.kind.as_str() {
            "month" => (Period::month(year, n(&self.month), cut), "month"),
            "quarter" => (Period::quarter(year, n(&self.quarter), cut), "quarter"),
            "half" => (Period::half(year, n(&self.half), cut), "half"),
            "year" => (Period::year(year, cut), "half"),
            _ => return Err(vec![problem("kind", PeriodReason::Kind)]),
        };
        p.map_err(|_| vec![problem(field, PeriodReason::Number)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input(kind: &str) -> PeriodInput {
        PeriodInput {
            kind: kind.into(),
            ..PeriodInput::default()
        }
        .or_defaults(d(2025, 5, 20), "quarter")
    }

    #[test]
    fn blanks_are_this_years_current_period() {
        let i = PeriodInput::default().or_defaults(d(2025, 5, 20), "quarter");
        assert_eq!(
            (i.kind.as_str(), i.year.as_str(), i.month.as_str()),
            ("quarter", "2025", "5")
        );
        assert_eq!((i.quarter.as_str(), i.half.as_str()), ("2", "1"));
        assert_eq!(i.cut, "1");
    }

    #[test]
    fn a_running_period_stops_today() {
        let today = d(2025, 5, 20);
        let q = input("quarter").period(today).unwrap();
        assert_eq!((q.from, q.to), (d(2025, 4, 1), today));
        let past = PeriodInput {
            year: "2024".into(),
            ..input("year")
        };
        let y = past.period(today).unwrap();
        assert_eq!((y.from, y.to), (d(2024, 1, 1), d(2024, 12, 31)));
    }

    #[test]
    fn problems_name_their_field() {
        let today = d(2025, 5, 20);
        let bad_cut = PeriodInput {
            cut: "29".into(),
            ..input("month")
        };
        assert_eq!(
            bad_cut.period(today).unwrap_err(),
            vec![PeriodProblem {
                field: "cut",
                reason: PeriodReason::Cut
            }]
        );
        let range = input("range").period(today).unwrap_err();
        let fields: Vec<_> = range.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["from", "to"]);
        let reversed = PeriodInput {
            from: "2025-03-01".into(),
            to: "2025-02-01".into(),
            ..input("range")
        };
        assert_eq!(
            reversed.period(today).unwrap_err()[0].reason,
            PeriodReason::Reversed
        );
        let quarter = PeriodInput {
            quarter: "5".into(),
            ..input("quarter")
        };
        assert_eq!(quarter.period(today).unwrap_err()[0].field, "quarter");
        let year = PeriodInput {
            year: "25".into(),
            ..input("year")
        };
        assert_eq!(
            year.period(today).unwrap_err()[0].reason,
            PeriodReason::Year
        );
        assert_eq!(
            input("week").period(today).unwrap_err()[0].reason,
            PeriodReason::Kind
        );
    }
}
