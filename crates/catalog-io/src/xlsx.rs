//! The `.xlsx` form: one workbook, one worksheet per sheet. Written with `rust_xlsxwriter`
//! (bold frozen header, an autofilter, column widths, text columns formatted as text so codes
//! typed later stay text), read with `calamine`.

use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::error::IoError;
use crate::layout::{Kind, Sheet};
use crate::table::{Cell, SheetData, Table};

/// Writes the sheets as one workbook at `path`.
pub(crate) fn write(path: &Path, sheets: &[SheetData]) -> Result<(), IoError> {
    let err = |e: XlsxError| IoError::Xlsx {
        path: path.to_owned(),
        message: e.to_string(),
    };
    let mut workbook = Workbook::new();
    for data in sheets {
        write_sheet(&mut workbook, data).map_err(err)?;
    }
    workbook.save(path).map_err(|e| match e {
        XlsxError::IoError(source) => IoError::Io {
            path: path.to_owned(),
            source,
        },
        e => err(e),
    })
}

fn write_sheet(workbook: &mut Workbook, data: &SheetData) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_align(FormatAlign::Top);
    let text = Format::new()
        .set_num_format("@")
        .set_align(FormatAlign::Top);
    let lines = Format::new()
        .set_num_format("@")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let other = Format::new().set_align(FormatAlign::Top);

    let sheet = workbook.add_worksheet();
    sheet.set_name(data.sheet.name())?;
    let columns = data.sheet.columns();
    let mut formats = Vec::with_capacity(columns.len());
    for (c, column) in columns.iter().enumerate() {
        let c = col_num(c)?;
        let format = match column.kind {
            Kind::Text | Kind::Date => &text,
            Kind::List => &lines,
            Kind::Integer | Kind::Number | Kind::Bool => &other,
        };
        formats.push(format);
        // Wide enough for the header too, so the machine-friendly names stay readable.
        sheet.set_column_width(c, column.width.max(column.name.len() as u16 + 2))?;
        sheet.set_column_format(c, format)?;
        sheet.write_string_with_format(0, c, column.name, &header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, cells) in data.rows.iter().enumerate() {
        let r = row_num(r + 1)?;
        for (c, (cell, format)) in cells.iter().zip(&formats).enumerate() {
            let c = col_num(c)?;
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    sheet.write_string_with_format(r, c, s, format)?;
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(r, c, *n, format)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean_with_format(r, c, *b, format)?;
                }
                Cell::Date(d) => {
                    sheet.write_string_with_format(
                        r,
                        c,
                        d.format("%Y-%m-%d").to_string(),
                        format,
                    )?;
                }
            }
        }
    }
    let last_col = col_num(columns.len().saturating_sub(1))?;
    sheet.autofilter(0, 0, row_num(data.rows.len())?, last_col)?;
    Ok(())
}

fn row_num(r: usize) -> Result<u32, XlsxError> {
    u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)
}

fn col_num(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Reads every sheet of the workbook at `path`, in [`Sheet::ALL`] order. Sheet names are matched
/// ignoring case and surrounding spaces; other worksheets are ignored.
pub(crate) fn read(path: &Path) -> Result<Vec<Table>, IoError> {
    let err = |message: String| IoError::Xlsx {
        path: path.to_owned(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|source| IoError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut workbook = Xlsx::new(std::io::BufReader::new(file)).map_err(|e| err(e.to_string()))?;
    let names = workbook.sheet_names();
    let file_name = display_name(path);
    let mut tables = Vec::with_capacity(Sheet::ALL.len());
    for sheet in Sheet::ALL {
        let name = names
            .iter()
            .find(|n| n.as_str() == sheet.name())
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().eq_ignore_ascii_case(sheet.name()))
            })
            .ok_or(IoError::MissingSheet {
                path: path.to_owned(),
                sheet: sheet.name(),
            })?
            .clone();
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| err(e.to_string()))?;
        tables.push(Table::from_rows(sheet, file_name.clone(), grid(&range)));
    }
    Ok(tables)
}

/// The used range laid out from cell A1, so that row and column numbers are the sheet's own.
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let mut out: Vec<Vec<Cell>> = (0..top).map(|_| Vec::new()).collect();
    for row in range.rows() {
        let mut cells: Vec<Cell> = (0..left).map(|_| Cell::Empty).collect();
        cells.extend(row.iter().map(cell));
        out.push(cells);
    }
    out
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(_) | Data::DateTimeIso(_) => match data.as_date() {
            Some(d) => Cell::Date(d),
            None => Cell::Text(data.to_string()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

pub(crate) fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
