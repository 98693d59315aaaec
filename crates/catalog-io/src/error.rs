//! Errors: [`IoError`] when a file cannot be written or read at all, [`ImportError`] when it was
//! read but holds problems, each located at a sheet, row and column.

use std::fmt;
use std::path::PathBuf;

/// A catalog file could not be written, or could not be read at all.
///
/// Messages are bilingual, Vietnamese first, for the operator at the command line.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    #[error("Tên tệp phải có đuôi .xlsx hoặc .csv / the file name must end in .xlsx or .csv: {}", path.display())]
    UnknownExtension { path: PathBuf },

    #[error("Không đọc/ghi được tệp / cannot read or write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("Không đọc/ghi được tệp Excel / cannot read or write the workbook {}: {message}", path.display())]
    Xlsx { path: PathBuf, message: String },

    #[error("Không đọc/ghi được tệp CSV / cannot read or write {}: {message}", path.display())]
    Csv { path: PathBuf, message: String },

    #[error("Tệp không có trang tính “{sheet}” / the file has no sheet “{sheet}”: {}", path.display())]
    MissingSheet { path: PathBuf, sheet: &'static str },
}

/// One problem in an imported file, located where a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The file the value came from: `catalog.xlsx`, or for a `.csv` set the sheet's own file,
    /// e.g. `catalog.steps.csv`.
    pub file: String,
    /// The sheet name: `agencies`, `units`, `fields`, `procedures`, `fees`, `components`, `steps`.
    pub sheet: &'static str,
    /// Row number as a spreadsheet shows it: the header is row 1, the first record row 2.
    pub row: usize,
    /// The column's header name, e.g. `committed_days`; `None` when the problem is about the
    /// whole row (e.g. "the procedure has no components").
    pub column: Option<String>,
    /// The column's letter as a spreadsheet shows it (`K`), when the column is in the file.
    pub column_letter: Option<String>,
    pub message_vi: String,
    pub message_en: String,
}

impl fmt::Display for ImportProblem {
    /// `catalog.xlsx [procedures] K5 (committed_days): <vi> / <en>`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] ", self.file, self.sheet)?;
        match (&self.column, &self.column_letter) {
            (Some(name), Some(letter)) => write!(f, "{letter}{} ({name})", self.row)?,
            (Some(name), None) => write!(f, "dòng/row {} ({name})", self.row)?,
            (None, _) => write!(f, "dòng/row {}", self.row)?,
        }
        write!(f, ": {} / {}", self.message_vi, self.message_en)
    }
}

/// Why [`crate::read()`] refused a file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read at all (I/O, not a workbook, missing sheet, unknown
    /// extension).
    #[error(transparent)]
    File(#[from] IoError),

    /// The file was read but some rows are wrong: every problem found, in sheet and row order.
    /// Never empty.
    #[error("{}", Lines(.0))]
    Invalid(Vec<ImportProblem>),
}

impl ImportError {
    /// The located problems (empty for [`ImportError::File`]).
    pub fn problems(&self) -> &[ImportProblem] {
        match self {
            ImportError::Invalid(problems) => problems,
            ImportError::File(_) => &[],
        }
    }
}

struct Lines<'a>(&'a [ImportProblem]);

impl fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(column: Option<&str>, letter: Option<&str>) -> ImportProblem {
        ImportProblem {
            file: "c.xlsx".into(),
            sheet: "procedures",
            row: 5,
            column: column.map(str::to_owned),
            column_letter: letter.map(str::to_owned),
            message_vi: "sai".into(),
            message_en: "wrong".into(),
        }
    }

    #[test]
    fn one_line_per_problem() {
        let e = ImportError::Invalid(vec![
            problem(Some("committed_days"), Some("K")),
            problem(Some("committed_days"), None),
            problem(None, None),
        ]);
        assert_eq!(
            e.to_string(),
            "c.xlsx [procedures] K5 (committed_days): sai / wrong\n\
             c.xlsx [procedures] dòng/row 5 (committed_days): sai / wrong\n\
             c.xlsx [procedures] dòng/row 5: sai / wrong"
        );
    }
}
