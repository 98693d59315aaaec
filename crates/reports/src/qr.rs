//! QR codes of a dossier code or lookup URL: an SVG string for web pages, vector squares on
//! the PDF receipt.

use qrcode::{Color, EcLevel, QrCode};

use crate::pdf::{Doc, BLACK};
use crate::PrintError;

/// Quiet zone around the symbol, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// The modules of a QR symbol (without the quiet zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` (UTF-8) at error-correction level M: survives a crumpled paper receipt,
    /// still small for a code plus a URL.
    pub fn new(text: &str) -> Result<QrMatrix, PrintError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)?;
        let width = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        Ok(QrMatrix { width, dark })
    }

    /// Modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Horizontal runs of dark modules: (x, y, length).
    fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    out.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        out
    }
}

/// The QR code of `text` as a standalone, accessible SVG element (scales to its container;
/// set a width in CSS). The label says what the code holds, for screen readers.
pub fn qr_svg(text: &str) -> Result<String, PrintError> {
    qr_svg_labelled(text, &format!("Mã QR: {text}"))
}

/// [`qr_svg`] with the screen readers' label in the page's own words (e.g. "Mã QR để tra
/// cứu hồ sơ …" rather than the address it holds).
pub fn qr_svg_labelled(text: &str, label: &str) -> Result<String, PrintError> {
    let m = QrMatrix::new(text)?;
    let side = m.width + 2 * QUIET;
    let label = crate::chart::escape(label);
    let mut d = String::new();
    for (x, y, n) in m.runs() {
        d.push_str(&format!("M{},{}h{}v1h-{}z", x + QUIET, y + QUIET, n, n));
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" role=\"img\" \
aria-label=\"{label}\" shape-rendering=\"crispEdges\"><title>{label}</title>\
<rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{d}\" fill=\"#000\"/></svg>"
    ))
}

impl Doc<'_> {
    /// Draws the QR code of `text` as a `size`-point square (quiet zone included) with its
    /// top-left corner at (`x`, `y`).
    pub(crate) fn qr(&mut self, x: f32, y: f32, size: f32, text: &str) -> Result<(), PrintError> {
        let m = QrMatrix::new(text)?;
        let module = size / (m.width + 2 * QUIET) as f32;
        let (ox, oy) = (x + QUIET as f32 * module, y + QUIET as f32 * module);
        for (mx, my, n) in m.runs() {
            // A hair of overlap avoids white seams between modules in some viewers.
            self.rect(
                (
                    ox + mx as f32 * module,
                    oy + my as f32 * module,
                    n as f32 * module + 0.05,
                    module + 0.05,
                ),
                Some(BLACK),
                None,
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the matrix as a grey image and decodes it with an independent reader.
    fn decode(m: &QrMatrix) -> String {
        let scale = 4;
        let side = (m.width() + 2 * QUIET) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            if mx >= QUIET && my >= QUIET && m.is_dark(mx - QUIET, my - QUIET) {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn qr_round_trips_a_lookup_url() {
        let url = "https://dichvucong.example.vn/tra-cuu?ma=000.17.22.H56-210531-0001";
        assert_eq!(decode(&QrMatrix::new(url).unwrap()), url);
        let code = "000.17.22.H56-210531-0001";
        assert_eq!(decode(&QrMatrix::new(code).unwrap()), code);
    }

    #[test]
    fn qr_svg_is_accessible_and_square() {
        let svg = qr_svg("000.17.22.H56-210531-0001").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>Mã QR: 000.17.22.H56-210531-0001</title>"));
        let m = QrMatrix::new("000.17.22.H56-210531-0001").unwrap();
        let side = m.width() + 8;
        assert!(svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")));
        assert!(qr_svg(&"x".repeat(5000)).is_err());
    }
}
