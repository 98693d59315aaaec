//! Catalog import and export: the procedure catalog ([`motcua_domain::Catalog`]) as an `.xlsx`
//! workbook or as a set of `.csv` files, in the column layout documented in
//! `docs/catalog-format.md`.
//!
//! The whole API is two functions:
//!
//! * [`write()`] lays a catalog out as seven sheets (`agencies`, `units`, `fields`, `procedures`,
//!   `fees`, `components`, `steps`) and writes them.
//! * [`read()`] reads every row of every sheet, collecting every problem rather than stopping at
//!   the first, then runs [`motcua_domain::Catalog::validate`] and points each of its problems
//!   back at the sheet, row and column the value came from. A file with any problem gives
//!   [`ImportError::Invalid`] with all of them; nothing is half-read.
//!
//! The format is chosen from the extension: `.xlsx`, or `.csv` where `NAME.csv` holds the
//! procedures and `NAME.SHEET.csv` each other sheet. [`write()`] then [`read()`] gives back an equal
//! catalog, provided its text is already NFC without surrounding whitespace and empty optional
//! text is `None` (what [`read()`] itself produces).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::path::Path;
//! let catalog = motcua_catalog_io::read(Path::new("catalog.xlsx"), &mut |p| {
//!     eprint!("\r{}/{}", p.done_rows, p.total_rows);
//! })?;
//! motcua_catalog_io::write(Path::new("catalog.csv"), &catalog)?;
//! # Ok(())
//! # }
//! ```

use std::path::Path;

use motcua_domain::Catalog;

mod cells;
mod csv_set;
mod error;
mod export;
mod import;
mod layout;
mod locate;
mod table;
mod xlsx;

pub use error::{ImportError, ImportProblem, IoError};

/// How far [`read()`] has got, to drive a progress bar: rows of all sheets together, header rows
/// and blank rows not counted. Reported once before the first row (`done_rows == 0`) and after
/// every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done_rows: usize,
    pub total_rows: usize,
}

/// The names of the sheets, in the order they are written.
pub const SHEETS: [&str; 7] = [
    "agencies",
    "units",
    "fields",
    "procedures",
    "fees",
    "components",
    "steps",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
}

fn format_of(path: &Path) -> Result<Format, IoError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("xlsx") => Ok(Format::Xlsx),
        Some("csv") => Ok(Format::Csv),
        _ => Err(IoError::UnknownExtension {
            path: path.to_owned(),
        }),
    }
}

/// Writes `catalog` to `path` (`.xlsx`: one workbook; `.csv`: `path` for the procedures and a
/// sibling `NAME.SHEET.csv` per other sheet), replacing existing files. The catalog is written
/// as it is: it need not be valid.
pub fn write(path: &Path, catalog: &Catalog) -> Result<(), IoError> {
    let format = format_of(path)?;
    let sheets = export::sheets(catalog);
    match format {
        Format::Xlsx => xlsx::write(path, &sheets),
        Format::Csv => csv_set::write(path, &sheets),
    }
}

/// Reads the catalog at `path` (see [`write()`] for the files) and validates it.
///
/// Returns the catalog only when the file has no problem at all. Otherwise
/// [`ImportError::Invalid`] lists every problem found, each at its sheet, row (header = row 1)
/// and column, sorted in that order; or [`ImportError::File`] when the file cannot be read at
/// all (missing, not a workbook, not UTF-8, a sheet missing, unknown extension).
///
/// Cells may hold numbers as numbers or as text, surrounding whitespace is ignored, blank rows
/// are skipped (keeping their row numbers), and text is normalised to NFC. `progress` is called
/// as rows are read.
pub fn read(path: &Path, progress: &mut dyn FnMut(Progress)) -> Result<Catalog, ImportError> {
    let tables = match format_of(path)? {
        Format::Xlsx => xlsx::read(path)?,
        Format::Csv => csv_set::read(path)?,
    };
    let parsed = import::parse(&tables, progress);
    let validation = parsed.catalog.validate();
    locate::finish(parsed, validation).map_err(ImportError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_match_layout() {
        assert_eq!(
            SHEETS.to_vec(),
            layout::Sheet::ALL
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn extensions() {
        assert_eq!(format_of(Path::new("a.XLSX")).ok(), Some(Format::Xlsx));
        assert_eq!(format_of(Path::new("a.csv")).ok(), Some(Format::Csv));
        assert!(matches!(
            format_of(Path::new("a.xls")),
            Err(IoError::UnknownExtension { .. })
        ));
        assert!(matches!(
            format_of(Path::new("a")),
            Err(IoError::UnknownExtension { .. })
        ));
    }
}
