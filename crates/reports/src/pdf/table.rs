//! Bordered tables with wrapped cells, multi-level headers and page breaks that repeat the
//! header.

use super::text::LEADING;
use super::{Doc, HAlign, BLACK};
use crate::fonts::Style;
use crate::table::{place_header, Align, Cell, HeaderCell, Placed};
use crate::PrintError;

const PAD: f32 = 2.5;
const BORDER: f32 = 0.5;

/// How to draw a table.
pub(crate) struct TableStyle {
    pub size: f32,
    pub header_size: f32,
    /// Gray fill behind header cells.
    pub header_fill: bool,
}

struct HeaderLayout {
    cells: Vec<(Placed, Vec<String>)>,
    row_heights: Vec<f32>,
}

impl Doc<'_> {
    fn column_x(&self, widths: &[f32]) -> Vec<f32> {
        let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
        let scale = self.content_width() / total;
        let mut xs = vec![self.left];
        for w in widths {
            let last = xs.last().copied().unwrap_or(self.left);
            xs.push(last + w * scale);
        }
        xs
    }

    fn layout_header(
        &self,
        xs: &[f32],
        header: &[Vec<HeaderCell>],
        size: f32,
    ) -> Result<HeaderLayout, PrintError> {
        let placed = place_header(header, xs.len() - 1)?;
        let lh = size * LEADING;
        let mut row_heights = vec![0.0_f32; header.len()];
        let mut cells = Vec::new();
        for p in placed {
            let w = xs[p.col + p.colspan] - xs[p.col] - 2.0 * PAD;
            let lines = self.wrap(&p.text, Style::Bold, size, w);
            cells.push((p, lines));
        }
        for (p, lines) in cells.iter().filter(|(p, _)| p.rowspan == 1) {
            let h = lines.len() as f32 * lh + 2.0 * PAD;
            row_heights[p.row] = row_heights[p.row].max(h);
        }
        for (p, lines) in cells.iter().filter(|(p, _)| p.rowspan > 1) {
            let need = lines.len() as f32 * lh + 2.0 * PAD;
            let have: f32 = row_heights[p.row..p.row + p.rowspan].iter().sum();
            if need > have {
                row_heights[p.row + p.rowspan - 1] += need - have;
            }
        }
        Ok(HeaderLayout { cells, row_heights })
    }

    fn draw_header(&mut self, xs: &[f32], layout: &HeaderLayout, style: &TableStyle) {
        let lh = style.header_size * LEADING;
        let mut tops = vec![self.y];
        for h in &layout.row_heights {
            let last = tops.last().copied().unwrap_or(self.y);
            tops.push(last + h);
        }
        for (p, lines) in &layout.cells {
            let (x0, x1) = (xs[p.col], xs[p.col + p.colspan]);
            let (y0, y1) = (tops[p.row], tops[p.row + p.rowspan]);
            let fill = style.header_fill.then_some(super::Rgb(235, 235, 235));
            self.rect((x0, y0, x1 - x0, y1 - y0), fill, Some((BLACK, BORDER)));
            let text_h = lines.len() as f32 * lh;
            let mut baseline = y0 + (y1 - y0 - text_h) / 2.0 + style.header_size;
            for line in lines {
                self.text_at(
                    (x0 + x1) / 2.0,
                    baseline,
                    line,
                    Style::Bold,
                    style.header_size,
                    HAlign::Center,
                );
                baseline += lh;
            }
        }
        self.y = tops.last().copied().unwrap_or(self.y);
    }

    /// Draws a table across the text width from the cursor; column `widths` are relative.
    pub(crate) fn table(
        &mut self,
        widths: &[f32],
        header: &[Vec<HeaderCell>],
        rows: &[Vec<Cell>],
        style: &TableStyle,
    ) -> Result<(), PrintError> {
        if widths.is_empty() {
            return Err(PrintError::Table(
                "a table needs at least one column".into(),
            ));
        }
        let xs = self.column_x(widths);
        let head = self.layout_header(&xs, header, style.header_size)?;
        let head_h: f32 = head.row_heights.iter().sum();
        let lh = style.size * LEADING;
        // Keep the header with at least one row.
        self.ensure(head_h + lh + 2.0 * PAD);
        self.draw_header(&xs, &head, style);
        for (ri, row) in rows.iter().enumerate() {
            if row.len() > widths.len() {
                return Err(PrintError::Table(format!(
                    "row {} has {} cells for {} columns",
                    ri + 1,
                    row.len(),
                    widths.len()
                )));
            }
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let st = if cell.bold {
                        Style::Bold
                    } else {
                        Style::Regular
                    };
                    self.wrap(
                        &cell.display(),
                        st,
                        style.size,
                        xs[c + 1] - xs[c] - 2.0 * PAD,
                    )
                })
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * lh + 2.0 * PAD;
            if self.ensure(h) {
                self.draw_header(&xs, &head, style);
            }
            let y0 = self.y;
            for c in 0..widths.len() {
                self.rect(
                    (xs[c], y0, xs[c + 1] - xs[c], h),
                    None,
                    Some((BLACK, BORDER)),
                );
            }
            for (c, (cell, lines)) in row.iter().zip(&wrapped).enumerate() {
                let st = if cell.bold {
                    Style::Bold
                } else {
                    Style::Regular
                };
                let (x, align) = match cell.effective_align() {
                    Align::Left => (xs[c] + PAD, HAlign::Left),
                    Align::Center => ((xs[c] + xs[c + 1]) / 2.0, HAlign::Center),
                    Align::Right => (xs[c + 1] - PAD, HAlign::Right),
                };
                let mut baseline = y0 + PAD + style.size;
                for line in lines {
                    self.text_at(x, baseline, line, st, style.size, align);
                    baseline += lh;
                }
            }
            self.y += h;
        }
        Ok(())
    }
}
