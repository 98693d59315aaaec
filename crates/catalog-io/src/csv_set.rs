//! The `.csv` form: a set of files. `NAME.csv` holds the procedures sheet and `NAME.SHEET.csv`
//! each other sheet (`catalog.agencies.csv`, `catalog.steps.csv`, …). Written as UTF-8 with a
//! byte-order mark so that Excel reads the diacritics right; the mark is optional on read, and a
//! file whose first line has more semicolons than commas is read with `;` as the separator.

use std::path::{Path, PathBuf};

use crate::error::IoError;
use crate::layout::Sheet;
use crate::table::{Cell, SheetData, Table};
use crate::xlsx::display_name;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file of `sheet` in the set named by `path` (`…/catalog.csv`).
pub(crate) fn sheet_path(path: &Path, sheet: Sheet) -> PathBuf {
    if sheet == Sheet::Procedures {
        return path.to_owned();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.{}.{ext}", sheet.name()))
}

/// Writes one file per sheet.
pub(crate) fn write(path: &Path, sheets: &[SheetData]) -> Result<(), IoError> {
    for data in sheets {
        let file = sheet_path(path, data.sheet);
        let err = |e: csv::Error| IoError::Csv {
            path: file.clone(),
            message: e.to_string(),
        };
        let mut writer = csv::Writer::from_writer(BOM.to_vec());
        writer
            .write_record(data.sheet.columns().iter().map(|c| c.name))
            .map_err(err)?;
        for row in &data.rows {
            writer
                .write_record(row.iter().map(Cell::to_text))
                .map_err(err)?;
        }
        let bytes = writer.into_inner().map_err(|e| IoError::Csv {
            path: file.clone(),
            message: e.to_string(),
        })?;
        std::fs::write(&file, bytes).map_err(|source| IoError::Io {
            path: file.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Reads every file of the set, in [`Sheet::ALL`] order.
pub(crate) fn read(path: &Path) -> Result<Vec<Table>, IoError> {
    let mut tables = Vec::with_capacity(Sheet::ALL.len());
    for sheet in Sheet::ALL {
        let file = sheet_path(path, sheet);
        if sheet != Sheet::Procedures && !file.exists() {
            return Err(IoError::MissingSheet {
                path: file,
                sheet: sheet.name(),
            });
        }
        let bytes = std::fs::read(&file).map_err(|source| IoError::Io {
            path: file.clone(),
            source,
        })?;
        tables.push(Table::from_rows(
            sheet,
            display_name(&file),
            parse(&file, &bytes)?,
        ));
    }
    Ok(tables)
}

fn parse(file: &Path, bytes: &[u8]) -> Result<Vec<Vec<Cell>>, IoError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| IoError::Csv {
        path: file.to_owned(),
        message: "tệp không phải UTF-8, hãy lưu dạng “CSV UTF-8” / the file is not UTF-8; save it as \"CSV UTF-8\""
            .into(),
    })?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| IoError::Csv {
            path: file.to_owned(),
            message: e.to_string(),
        })?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_files() {
        let p = Path::new("/tmp/x/catalog.csv");
        assert_eq!(
            sheet_path(p, Sheet::Procedures),
            Path::new("/tmp/x/catalog.csv")
        );
        assert_eq!(
            sheet_path(p, Sheet::Components),
            Path::new("/tmp/x/catalog.components.csv")
        );
        assert_eq!(
            sheet_path(Path::new("A.CSV"), Sheet::Steps),
            Path::new("A.steps.CSV")
        );
    }

    #[test]
    fn bom_and_semicolons() {
        let rows = parse(
            Path::new("x"),
            "\u{feff}code;name\nTM;\"Thương mại; quốc tế\"\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(
            rows[0],
            vec![Cell::Text("code".into()), Cell::Text("name".into())]
        );
        assert_eq!(rows[1][1], Cell::Text("Thương mại; quốc tế".into()));
        assert!(parse(Path::new("x"), b"code,name\n\xE0,x\n").is_err());
    }

    #[test]
    fn a_quoted_multi_line_cell_is_one_row_and_empty_lines_are_skipped() {
        let rows = parse(Path::new("x"), b"a,b\n1,\"x\ny\"\n\n2,z\n,\n").unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][1], Cell::Text("x\ny".into()));
        assert_eq!(rows[2][0], Cell::Text("2".into()));
        assert_eq!(rows[3], vec![Cell::Empty, Cell::Empty]);
    }
}
