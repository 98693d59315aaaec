//! Printable documents for motcua: the official one-stop forms as PDF (Circular 01/2018 and
//! Circular 03/2025, chosen by the dossier's rule set), QR codes, SVG charts, and generic
//! report tables as PDF and XLSX.
//!
//! PDFs are written with krilla (typst's PDF writer) through a small layout engine of our own
//! ([`pdf`]): text is shaped with rustybuzz and broken by measured advances; the bundled font
//! is Noto Serif (OFL) and operators may load their own ([`Fonts::from_dir`]). Every string
//! is normalised to NFC before it is measured or written.
//!
//! Rendering is CPU work (a form takes milliseconds): call it from `spawn_blocking` in async
//! code. [`Fonts`] is cheap to clone and can live in shared state.
//!
//! ```
//! use motcua_reports::{render_form, samples, Form, FormData, FormKind, Fonts, RuleSetId};
//!
//! let fonts = Fonts::bundled()?;
//! let kind = FormKind::new(RuleSetId::Decree118_2025, Form::Receipt);
//! let pdf = render_form(kind, &FormData::Receipt(samples::receipt()), &fonts)?;
//! assert!(pdf.starts_with(b"%PDF"));
//! # Ok::<(), motcua_reports::PrintError>(())
//! ```

pub mod chart;
mod document;
mod error;
mod fonts;
pub mod forms;
pub mod official;
pub mod pdf;
mod qr;
mod report;
pub mod samples;
mod table;
pub mod xlsx;

pub use chart::{bar_chart_svg, line_chart_svg, Chart, ChartKind, Series, ValueFormat};
pub use document::{document_docx, document_odt, document_pdf, TextDocument};
pub use error::PrintError;
pub use fonts::{Fonts, Style};
pub use forms::{render_form, FormData, FormKind};
pub use motcua_domain::rules::{Form, RuleSetId};
pub use qr::{qr_svg, qr_svg_labelled, QrMatrix};
pub use report::{ii06a_header, ii06a_widths, table_csv, table_pdf, FormBlock, ReportTable};
/// The XLSX library, for callers composing their own workbooks with [`xlsx::write_table`].
pub use rust_xlsxwriter;
pub use table::{decimal, group_thousands, Align, Cell, HeaderCell, Value};
pub use xlsx::{table_xlsx, XlsxRowWriter};

use unicode_normalization::UnicodeNormalization;

/// `text` in Unicode NFC: decomposed input (e.g. from macOS file names) prints and searches
/// the same as composed.
pub fn nfc(text: &str) -> String {
    nfc_cow(text).into_owned()
}

/// [`nfc`] without a copy when the text is already NFC (the quick check is cheap; big
/// exports call this for every cell).
pub(crate) fn nfc_cow(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fonts_can_be_shared_between_threads() {
        fn shared<T: Send + Sync + Clone + 'static>() {}
        shared::<crate::Fonts>();
    }
}
