//! Table values shared by the PDF and XLSX writers: a cell keeps its number as a number so a
//! spreadsheet can add it up, and prints it the Vietnamese way on paper (1.234,5).

/// Horizontal alignment inside a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Integer(i64),
    Number(f64),
    /// A ratio: 0.414 prints as "41,4%".
    Percent(f64),
}

/// One body cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    pub bold: bool,
    /// Defaults: numbers right, text left.
    pub align: Option<Align>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            value: Value::Text(crate::nfc(&s.into())),
            bold: false,
            align: None,
        }
    }

    pub fn int(n: i64) -> Cell {
        Cell {
            value: Value::Integer(n),
            bold: false,
            align: None,
        }
    }

    pub fn number(n: f64) -> Cell {
        Cell {
            value: Value::Number(n),
            bold: false,
            align: None,
        }
    }

    pub fn percent(ratio: f64) -> Cell {
        Cell {
            value: Value::Percent(ratio),
            bold: false,
            align: None,
        }
    }

    pub fn empty() -> Cell {
        Cell {
            value: Value::Empty,
            bold: false,
            align: None,
        }
    }

    pub fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }

    pub fn align(mut self, align: Align) -> Cell {
        self.align = Some(align);
        self
    }

    pub fn effective_align(&self) -> Align {
        self.align.unwrap_or(match self.value {
            Value::Text(_) | Value::Empty => Align::Left,
            _ => Align::Right,
        })
    }

    /// The cell as printed.
    pub fn display(&self) -> String {
        match &self.value {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Integer(n) => group_thousands(*n),
            Value::Number(x) => decimal(*x, 2),
            Value::Percent(r) => format!("{}%", decimal(r * 100.0, 1)),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::text(s)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::int(n)
    }
}

/// A header cell, possibly spanning columns and header rows (the II.06a two-level header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    pub text: String,
    pub colspan: u16,
    pub rowspan: u16,
}

impl HeaderCell {
    pub fn new(text: impl Into<String>) -> HeaderCell {
        HeaderCell {
            text: crate::nfc(&text.into()),
            colspan: 1,
            rowspan: 1,
        }
    }

    pub fn span(text: impl Into<String>, colspan: u16, rowspan: u16) -> HeaderCell {
        HeaderCell {
            colspan: colspan.max(1),
            rowspan: rowspan.max(1),
            ..HeaderCell::new(text)
        }
    }
}

/// A header cell placed on the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placed {
    pub row: usize,
    pub col: usize,
    pub colspan: usize,
    pub rowspan: usize,
    pub text: String,
}

/// Places header cells left to right, skipping columns taken by cells spanning down from
/// rows above (as HTML tables do). Errors if a row overflows `columns`.
pub(crate) fn place_header(
    header: &[Vec<HeaderCell>],
    columns: usize,
) -> Result<Vec<Placed>, crate::PrintError> {
    let rows = header.len();
    let mut taken = vec![vec![false; columns]; rows];
    let mut out = Vec::new();
    for (r, cells) in header.iter().enumerate() {
        let mut c = 0;
        for cell in cells {
            while c < columns && taken[r][c] {
                c += 1;
            }
            let (cs, rs) = (cell.colspan as usize, cell.rowspan as usize);
            if c + cs > columns || r + rs > rows {
                return Err(crate::PrintError::Table(format!(
                    "header cell {:?} at row {}, column {} does not fit {} columns × {} rows",
                    cell.text,
                    r + 1,
                    c + 1,
                    columns,
                    rows
                )));
            }
            for row in taken.iter_mut().skip(r).take(rs) {
                for t in row.iter_mut().skip(c).take(cs) {
                    *t = true;
                }
            }
            out.push(Placed {
                row: r,
                col: c,
                colspan: cs,
                rowspan: rs,
                text: cell.text.clone(),
            });
            c += cs;
        }
    }
    Ok(out)
}

/// 1234567 → "1.234.567".
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// 41.44 with 1 decimal → "41,4"; whole numbers print without decimals.
pub fn decimal(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let (int, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let frac = frac.trim_end_matches('0');
    let whole: i64 = int.trim_start_matches('-').parse().unwrap_or(0);
    // A value that rounds to zero prints "0", never "-0".
    let neg = int.starts_with('-') && (whole != 0 || !frac.is_empty());
    let int = format!("{}{}", if neg { "-" } else { "" }, group_thousands(whole));
    if frac.is_empty() {
        int
    } else {
        format!("{int},{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_the_vietnamese_way() {
        assert_eq!(group_thousands(1_234_567), "1.234.567");
        assert_eq!(group_thousands(-12), "-12");
        assert_eq!(Cell::percent(55.0 / 133.0).display(), "41,4%");
        assert_eq!(Cell::percent(1.0).display(), "100%");
        assert_eq!(Cell::number(2.5).display(), "2,5");
        assert_eq!(Cell::number(1234.0).display(), "1.234");
        assert_eq!(decimal(-0.0, 2), "0");
        assert_eq!(decimal(-0.001, 2), "0");
        assert_eq!(decimal(-1.5, 2), "-1,5");
        assert_eq!(decimal(-0.25, 2), "-0,25");
    }

    #[test]
    fn header_cells_skip_columns_spanned_from_above() {
        let h = vec![
            vec![HeaderCell::span("A", 1, 2), HeaderCell::span("B", 2, 1)],
            vec![HeaderCell::new("B1"), HeaderCell::new("B2")],
        ];
        let p = place_header(&h, 3).unwrap();
        let at: Vec<(usize, usize)> = p.iter().map(|c| (c.row, c.col)).collect();
        assert_eq!(at, vec![(0, 0), (0, 1), (1, 1), (1, 2)]);
        assert!(place_header(&h, 2).is_err());
    }
}
