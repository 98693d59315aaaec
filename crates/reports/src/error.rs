//! One error type for everything the crate produces.

use std::path::PathBuf;

use motcua_domain::rules::{Form, RuleSetId};

/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The rule set has no such form (e.g. a stop notice under Circular 01/2018).
    #[error("form {form:?} does not exist under rule set {rule_set:?}")]
    FormNotInRuleSet { form: Form, rule_set: RuleSetId },
    /// The data given does not belong to the form asked for.
    #[error("form {form:?} was given the data of another form ({data})")]
    DataMismatch { form: Form, data: &'static str },
    /// A font file could not be read or parsed.
    #[error("font {path}: {reason}")]
    Font { path: PathBuf, reason: String },
    /// A font lacks glyphs Vietnamese text needs; it would print boxes.
    #[error("font {path} has no glyph for {missing:?}: it cannot print Vietnamese")]
    FontCoverage { path: PathBuf, missing: String },
    #[error("cannot encode a QR code: {0}")]
    Qr(#[from] qrcode::types::QrError),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The dossier lacks what the form prints (e.g. a receipt for a dossier not received).
    #[error("cannot fill the form: {0}")]
    Incomplete(String),
    #[error("table: {0}")]
    Table(String),
    /// A word-processor package (`.odt`, `.docx`) could not be written.
    #[error("document: {0}")]
    Document(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
