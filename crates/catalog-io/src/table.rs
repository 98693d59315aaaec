//! The format-neutral middle: a sheet as a grid of cells. The `.xlsx` and `.csv` code turn files
//! into [`Table`]s and [`Table`]s into files; the mapping code turns tables into a catalog and back.

use chrono::NaiveDate;

use crate::layout::Sheet;

/// One cell's value as read from, or written to, a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date typed as a date in a spreadsheet (we write dates as ISO text).
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text the way a person would read it: numbers without a trailing `.0`,
    /// booleans as `true` / `false`, dates in ISO form.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// Whether the cell holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Formats a number the shortest way that reads back the same: `3`, `2.5`, `1200000`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One data row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row number a spreadsheet shows (the header is row 1).
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// A sheet read from a file: its header and its non-blank data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub sheet: Sheet,
    /// The file name shown in problems (`catalog.xlsx`, `catalog.steps.csv`).
    pub file: String,
    /// The header cells, as text, trimmed.
    pub header: Vec<String>,
    /// Data rows, blank rows left out (their numbers are skipped, not reused).
    pub rows: Vec<Row>,
}

impl Table {
    /// Builds a table from raw rows; the first is the header. Blank rows are dropped.
    pub fn from_rows(
        sheet: Sheet,
        file: String,
        raw: impl IntoIterator<Item = Vec<Cell>>,
    ) -> Table {
        let mut raw = raw.into_iter();
        let header = raw
            .next()
            .map(|cells| {
                cells
                    .iter()
                    .map(|c| c.to_text().trim().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let rows = raw
            .enumerate()
            .filter(|(_, cells)| !cells.iter().all(Cell::is_blank))
            .map(|(i, cells)| Row {
                number: i + 2,
                cells,
            })
            .collect();
        Table {
            sheet,
            file,
            header,
            rows,
        }
    }
}

/// A sheet to write: the header is the layout's column names, each row one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetData {
    pub sheet: Sheet,
    pub rows: Vec<Vec<Cell>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_short() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(1_200_000.0), "1200000");
        assert_eq!(format_number(1.000948), "1.000948");
    }

    #[test]
    fn blank_rows_are_dropped_but_counted() {
        let t = Table::from_rows(
            Sheet::Fields,
            "x".into(),
            vec![
                vec![Cell::Text(" code ".into()), Cell::Text("name".into())],
                vec![Cell::Text("TM".into()), Cell::Text("Thương mại".into())],
                vec![Cell::Empty, Cell::Text("  ".into())],
                vec![Cell::Text("D".into()), Cell::Text("Điện".into())],
                vec![],
            ],
        );
        assert_eq!(t.header, vec!["code", "name"]);
        assert_eq!(
            t.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
            vec![2, 4]
        );
    }
}
