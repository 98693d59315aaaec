//! Reading typed values out of cells, row by row, collecting a located problem for every cell
//! that cannot be read (never stopping at the first).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use motcua_domain::text::nfc;

use crate::layout::{Named, Sheet};
use crate::table::{Cell, Row, Table};

/// A problem found while importing, with enough to sort and print it.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub sheet: Sheet,
    pub file: String,
    pub row: usize,
    pub column: Option<&'static str>,
    /// 0-based position of the column in the file, when it is there.
    pub column_index: Option<usize>,
    pub vi: String,
    pub en: String,
}

/// Every problem found so far, and which rows have one.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub items: Vec<Problem>,
    pub bad_rows: HashSet<(Sheet, usize)>,
}

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.bad_rows.insert((p.sheet, p.row));
        self.items.push(p);
    }
}

/// Where each layout column sits in one sheet's file.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub sheet: Sheet,
    pub file: String,
    positions: HashMap<&'static str, usize>,
}

impl Columns {
    /// Reads the header row: reports missing required columns and columns given twice. Columns
    /// that are not in the layout are ignored (room for the operator's own notes).
    pub fn read(table: &Table, problems: &mut Problems) -> Columns {
        let sheet = table.sheet;
        let mut positions = HashMap::new();
        for (i, h) in table.header.iter().enumerate() {
            let Some(col) = sheet.column(&h.to_lowercase()) else {
                continue;
            };
            if positions.insert(col.name, i).is_some() {
                problems.push(Problem {
                    sheet,
                    file: table.file.clone(),
                    row: 1,
                    column: Some(col.name),
                    column_index: Some(i),
                    vi: format!("Cột “{}” xuất hiện hai lần", col.name),
                    en: format!("the column “{}” appears twice", col.name),
                });
            }
        }
        for col in sheet
            .columns()
            .iter()
            .filter(|c| c.required && !positions.contains_key(c.name))
        {
            problems.push(Problem {
                sheet,
                file: table.file.clone(),
                row: 1,
                column: Some(col.name),
                column_index: None,
                vi: format!("Thiếu cột “{}” ở dòng tiêu đề", col.name),
                en: format!("the header row has no column “{}”", col.name),
            });
        }
        Columns {
            sheet,
            file: table.file.clone(),
            positions,
        }
    }

    pub fn index(&self, column: &str) -> Option<usize> {
        self.positions.get(column).copied()
    }

    /// A problem at `row`, in `column` (or the whole row).
    pub fn problem(
        &self,
        row: usize,
        column: Option<&'static str>,
        vi: String,
        en: String,
    ) -> Problem {
        Problem {
            sheet: self.sheet,
            file: self.file.clone(),
            row,
            column,
            column_index: column.and_then(|c| self.index(c)),
            vi,
            en,
        }
    }
}

/// One data row being read: typed getters that report what they cannot read.
pub(crate) struct RowReader<'a> {
    pub columns: &'a Columns,
    pub row: &'a Row,
    pub problems: &'a mut Problems,
}

impl RowReader<'_> {
    fn cell(&self, column: &str) -> &Cell {
        debug_assert!(
            self.columns.sheet.column(column).is_some(),
            "{column} is not a column"
        );
        self.columns
            .index(column)
            .and_then(|i| self.row.cells.get(i))
            .unwrap_or(&Cell::Empty)
    }

    /// Reports a problem in `column` of this row.
    pub fn report(&mut self, column: &'static str, vi: String, en: String) {
        let p = self.columns.problem(self.row.number, Some(column), vi, en);
        self.problems.push(p);
    }

    /// Reports a blank required cell. When the whole column is missing, that was reported once
    /// on the header row: the row is only marked as bad, so checks that need the value keep
    /// quiet.
    pub fn missing(&mut self, column: &'static str) {
        if self.columns.index(column).is_none() {
            self.problems
                .bad_rows
                .insert((self.columns.sheet, self.row.number));
            return;
        }
        self.report(
            column,
            "Ô này không được để trống".into(),
            "this cell must not be empty".into(),
        );
    }

    /// Text, NFC, trimmed; `None` when blank.
    pub fn text(&mut self, column: &'static str) -> Option<String> {
        let s = nfc(&self.cell(column).to_text());
        (!s.is_empty()).then_some(s)
    }

    /// Text that must be there; reports a blank cell and gives `""` for it.
    pub fn required_text(&mut self, column: &'static str) -> String {
        self.text(column).unwrap_or_else(|| {
            self.missing(column);
            String::new()
        })
    }

    /// One value per line, each NFC and trimmed, blank lines left out.
    pub fn lines(&mut self, column: &'static str) -> Vec<String> {
        self.cell(column)
            .to_text()
            .lines()
            .map(nfc)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// An enum by its snake_case name; reports a blank or unknown value.
    pub fn required_name<T: Named>(&mut self, column: &'static str) -> Option<T> {
        let Some(s) = self.text(column) else {
            self.missing(column);
            return None;
        };
        let value = T::parse(&s);
        if value.is_none() {
            self.unknown_name::<T>(column, &s);
        }
        value
    }

    /// Several enum values, one per line (commas and semicolons also separate).
    pub fn names<T: Named>(&mut self, column: &'static str) -> Vec<T> {
        let raw = self.cell(column).to_text();
        let mut out = Vec::new();
        for s in raw
            .split(['\n', ',', ';'])
            .map(nfc)
            .filter(|s| !s.is_empty())
        {
            match T::parse(&s) {
                Some(v) => out.push(v),
                None => self.unknown_name::<T>(column, &s),
            }
        }
        out
    }

    fn unknown_name<T: Named>(&mut self, column: &'static str, s: &str) {
        self.report(
            column,
            format!("Giá trị “{s}” không hợp lệ; dùng một trong: {}", T::names()),
            format!("“{s}” is not a valid value; use one of: {}", T::names()),
        );
    }

    /// A number (`2.5`, or `2,5` with a decimal comma); `None` when blank or unreadable, and an
    /// unreadable one is reported.
    pub fn decimal(&mut self, column: &'static str) -> Option<f64> {
        let parsed = match self.cell(column) {
            Cell::Empty => return None,
            Cell::Number(n) => Some(*n),
            Cell::Text(s) if s.trim().is_empty() => return None,
            Cell::Text(s) => parse_decimal(s),
            Cell::Bool(_) | Cell::Date(_) => None,
        };
        let value = parsed.filter(|n| n.is_finite());
        if value.is_none() {
            let shown = nfc(&self.cell(column).to_text());
            self.report(
                column,
                format!("“{shown}” không phải là số"),
                format!("“{shown}” is not a number"),
            );
        }
        value
    }

    /// A whole number ≥ 0 (thousands may be grouped: `1.200.000`); `None` when blank or
    /// unreadable, and an unreadable one is reported.
    pub fn whole(&mut self, column: &'static str) -> Option<i64> {
        let parsed = match self.cell(column) {
            Cell::Empty => return None,
            Cell::Number(n) => Some(*n)
                .filter(|n| n.fract() == 0.0 && n.abs() < 9e15)
                .map(|n| n as i64),
            Cell::Text(s) if s.trim().is_empty() => return None,
            Cell::Text(s) => parse_whole(s),
            Cell::Bool(_) | Cell::Date(_) => None,
        };
        let value = parsed.filter(|n| *n >= 0);
        if value.is_none() {
            let shown = nfc(&self.cell(column).to_text());
            self.report(
                column,
                format!("“{shown}” không phải là số nguyên không âm"),
                format!("“{shown}” is not a whole number (0 or more)"),
            );
        }
        value
    }

    /// A count (`u32`); `default` when blank or unreadable.
    pub fn count(&mut self, column: &'static str, default: u32) -> u32 {
        match self.whole(column) {
            None => default,
            Some(n) => u32::try_from(n).unwrap_or_else(|_| {
                self.report(
                    column,
                    format!("Số {n} quá lớn"),
                    format!("{n} is too large"),
                );
                default
            }),
        }
    }

    /// `true` / `false` (also `yes`/`no`, `1`/`0`, `x`, `có`/`không`); `default` when blank.
    pub fn flag(&mut self, column: &'static str, default: bool) -> bool {
        let value = match self.cell(column) {
            Cell::Bool(b) => Some(*b),
            Cell::Number(n) if *n == 1.0 => Some(true),
            Cell::Number(n) if *n == 0.0 => Some(false),
            cell if cell.is_blank() => return default,
            cell => parse_flag(&nfc(&cell.to_text())),
        };
        value.unwrap_or_else(|| {
            let shown = nfc(&self.cell(column).to_text());
            self.report(
                column,
                format!("“{shown}” không phải true hoặc false"),
                format!("“{shown}” is not true or false"),
            );
            default
        })
    }

    /// A date, `YYYY-MM-DD` (also `DD/MM/YYYY`, or a cell typed as a date); `None` when blank or
    /// unreadable, and an unreadable one is reported.
    pub fn date(&mut self, column: &'static str) -> Option<NaiveDate> {
        let value = match self.cell(column) {
            Cell::Date(d) => Some(*d),
            cell if cell.is_blank() => return None,
            Cell::Text(s) => parse_date(s.trim()),
            _ => None,
        };
        if value.is_none() {
            let shown = nfc(&self.cell(column).to_text());
            self.report(
                column,
                format!("“{shown}” không phải là ngày dạng YYYY-MM-DD"),
                format!("“{shown}” is not a date in the form YYYY-MM-DD"),
            );
        }
        value
    }

    /// A date that must be there.
    pub fn required_date(&mut self, column: &'static str) -> Option<NaiveDate> {
        if self.cell(column).is_blank() {
            self.missing(column);
            return None;
        }
        self.date(column)
    }
}

fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = if s.contains('.') {
        s.to_owned()
    } else {
        s.replacen(',', ".", 1)
    };
    // `f64::from_str` also takes "inf" and "NaN": only digits, one point and a sign are numbers.
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return None;
    }
    s.parse().ok()
}

fn parse_whole(s: &str) -> Option<i64> {
    let s: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    // Grouped thousands: 1.200.000 or 1,200,000.
    for sep in ['.', ','] {
        let groups: Vec<&str> = s.split(sep).collect();
        let grouped = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if grouped {
            return groups.concat().parse().ok();
        }
    }
    // A whole number written with a fraction of zero: `3.0`.
    parse_decimal(&s)
        .filter(|n| n.fract() == 0.0 && n.abs() < 9e15)
        .map(|n| n as i64)
}

fn parse_flag(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "true" | "yes" | "1" | "x" | "có" | "co" => Some(true),
        "false" | "no" | "0" | "không" | "khong" => Some(false),
        _ => None,
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("2.5"), Some(2.5));
        assert_eq!(parse_decimal(" 2,5 "), Some(2.5));
        assert_eq!(parse_decimal("15"), Some(15.0));
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("mười"), None);
    }

    #[test]
    fn wholes() {
        assert_eq!(parse_whole("1200000"), Some(1_200_000));
        assert_eq!(parse_whole("1.200.000"), Some(1_200_000));
        assert_eq!(parse_whole("1,200,000"), Some(1_200_000));
        assert_eq!(parse_whole("1 200 000"), Some(1_200_000));
        assert_eq!(parse_whole("3.0"), Some(3));
        assert_eq!(parse_whole("2.5"), None);
        assert_eq!(parse_whole("12.34.567"), None);
        assert_eq!(parse_whole("hai"), None);
    }

    #[test]
    fn flags_and_dates() {
        assert_eq!(parse_flag("TRUE"), Some(true));
        assert_eq!(parse_flag("Không"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
        assert_eq!(
            parse_date("2021-03-01"),
            NaiveDate::from_ymd_opt(2021, 3, 1)
        );
        assert_eq!(
            parse_date("01/03/2021"),
            NaiveDate::from_ymd_opt(2021, 3, 1)
        );
        assert_eq!(parse_date("2021-02-30"), None);
    }
}
