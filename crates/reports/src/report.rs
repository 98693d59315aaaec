//! Generic report documents: a titled table (e.g. Biểu II.06a with its two-level header) as a
//! PDF, optionally followed by charts; the same [`ReportTable`] goes to XLSX in [`crate::xlsx`].

use crate::chart::{Chart, ChartKind};
use crate::fonts::{Fonts, Style};
use crate::pdf::{Doc, HAlign, PageSize, Span, TableStyle};
use crate::table::{Cell, HeaderCell};
use crate::PrintError;

/// A report table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportTable {
    /// E.g. "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH".
    pub title: String,
    /// E.g. "Kỳ báo cáo: Quý III năm 2025 (từ ngày 15/06/2025 đến ngày 14/09/2025)".
    pub subtitle: Option<String>,
    /// Header rows; cells may span columns and rows.
    pub header: Vec<Vec<HeaderCell>>,
    pub rows: Vec<Vec<Cell>>,
    /// Relative column widths; their count is the number of columns.
    pub widths: Vec<f32>,
    /// A4 landscape rather than portrait.
    pub landscape: bool,
    /// Lines printed under the table in italics (notes, sources).
    pub notes: Vec<String>,
    /// The XLSX sheet's name (Excel allows 31 characters): a short name of the report, so the
    /// title is not cut mid-word. `None`: the title, shortened at a word.
    pub sheet: Option<String>,
    /// The official form's heading block above the title, as the circular's annex prints it.
    pub form_block: Option<FormBlock>,
}

/// The heading block of an official reporting form (Biểu II.06a…): who reports and to whom on
/// the left, the form's number and legal basis on the right.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormBlock {
    pub left: Vec<String>,
    pub right: Vec<String>,
}

/// `t` as a PDF on A4, then each chart under it; the header repeats on every page.
pub fn table_pdf(
    t: &ReportTable,
    charts: &[(Chart, ChartKind)],
    fonts: &Fonts,
) -> Result<Vec<u8>, PrintError> {
    let size = if t.landscape {
        PageSize::A4Landscape
    } else {
        PageSize::A4
    };
    let mut doc = Doc::new(fonts, size, (15.0, 12.0, 15.0, 15.0), &t.title)?;
    doc.paragraph(
        &[Span::new(t.title.to_uppercase(), Style::Bold)],
        13.0,
        HAlign::Center,
    );
    if let Some(sub) = t.subtitle.as_deref() {
        doc.paragraph(&[Span::new(sub, Style::Italic)], 11.0, HAlign::Center);
    }
    doc.gap(8.0);
    let style = TableStyle {
        size: 9.0,
        header_size: 8.5,
        header_fill: true,
    };
    doc.table(&t.widths, &t.header, &t.rows, &style)?;
    for note in &t.notes {
        doc.gap(2.0);
        doc.paragraph(
            &[Span::new(note.as_str(), Style::Italic)],
            9.0,
            HAlign::Left,
        );
    }
    for (chart, kind) in charts {
        doc.gap(12.0);
        doc.chart(chart, *kind);
    }
    doc.finish()
}

/// The header of Biểu II.06a/VPCP/KSTT (Circular 01/2020/TT-VPCP): received, resolved and in
/// progress, each split in two levels, then the column numbers (1)…(13). Rows are: STT, the
/// field (or procedure, unit, agency), then the eleven counts.
pub fn ii06a_header() -> Vec<Vec<HeaderCell>> {
    let h = HeaderCell::new;
    vec![
        vec![
            HeaderCell::span("STT", 1, 2),
            HeaderCell::span("Lĩnh vực giải quyết", 1, 2),
            HeaderCell::span("Số hồ sơ nhận giải quyết", 4, 1),
            HeaderCell::span("Kết quả giải quyết: số hồ sơ đã giải quyết", 4, 1),
            HeaderCell::span("Số hồ sơ đang giải quyết", 3, 1),
        ],
        vec![
            h("Tổng số"),
            h("Số kỳ trước chuyển qua"),
            h("Số mới tiếp nhận trực tuyến"),
            h("Số mới tiếp nhận trực tiếp, bưu chính"),
            h("Tổng số"),
            h("Trả trước hạn"),
            h("Trả đúng hạn"),
            h("Trả quá hạn"),
            h("Tổng số"),
            h("Chưa đến hạn"),
            h("Quá hạn"),
        ],
        (1..=13)
            .map(|i| HeaderCell::new(format!("({i})")))
            .collect(),
    ]
}

/// Relative column widths of [`ii06a_header`].
pub fn ii06a_widths() -> Vec<f32> {
    let mut w = vec![4.0, 26.0];
    w.extend([8.0; 11]);
    w
}

/// `t` as CSV (RFC 4180): the title, the header rows (a spanning cell at its first column),
/// then the body. Numbers are plain (`1234`, `0.414`) so a spreadsheet reads them as numbers.
pub fn table_csv(t: &ReportTable) -> Result<String, PrintError> {
    use crate::table::Value;
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let columns = t.widths.len();
    let mut out = String::new();
    out.push_str(&field(&t.title));
    out.push_str("\r\n");
    if let Some(sub) = &t.subtitle {
        out.push_str(&field(sub));
        out.push_str("\r\n");
    }
    let placed = crate::table::place_header(&t.header, columns)?;
    for r in 0..t.header.len() {
        let mut line = vec![String::new(); columns];
        for p in placed.iter().filter(|p| p.row == r) {
            line[p.col] = field(&p.text);
        }
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    for row in &t.rows {
        let line: Vec<String> = row
            .iter()
            .map(|c| match &c.value {
                Value::Empty => String::new(),
                Value::Text(s) => field(s),
                Value::Integer(n) => n.to_string(),
                Value::Number(x) | Value::Percent(x) => {
                    format!("{}", (x * 10000.0).round() / 10000.0)
                }
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    for n in &t.notes {
        out.push_str(&field(n));
        out.push_str("\r\n");
    }
    Ok(out)
}
