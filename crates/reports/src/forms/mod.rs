//! The official one-stop forms, numbered, titled and sized by the dossier's rule set
//! (Circular 01/2018: forms 01–06; Circular 03/2025: forms 01–07).

mod common;
mod data;
mod from_domain;
mod notices;
mod receipt;
mod records;

pub use common::{long_date, short_date, time_and_date};
pub use data::{
    ApologyData, ApplicantInfo, ComponentLine, ControlSlipData, HandOver, Issuer, ReceiptData,
    RefusalData, StopNoticeData, SupplementRequestData, TrackingBookData, TrackingRow,
};
pub use from_domain::{fee_mode, statutory_time, to_local, Names};
pub use records::tracking_book_table;

use chrono::{DateTime, Utc};
use motcua_domain::dossier::Dossier;
use motcua_domain::rules::{self, Form, Paper, RuleSetId};

use crate::fonts::Fonts;
use crate::pdf::{Doc, PageSize};
use crate::PrintError;

/// Which form to print: its purpose under a rule set. The number, title and paper come from
/// the rule set. [`Form::Apology`] and [`Form::ApologyAndExtension`] both mean "the rule
/// set's form 04", so callers need not know which circular applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FormKind {
    pub rule_set: RuleSetId,
    pub form: Form,
}

impl FormKind {
    pub fn new(rule_set: RuleSetId, form: Form) -> FormKind {
        FormKind { rule_set, form }
    }

    /// `form` under the dossier's own rule set (the one in force at `now` before reception).
    pub fn for_dossier(d: &Dossier, form: Form, now: DateTime<Utc>) -> FormKind {
        FormKind::new(rules::for_dossier(Some(d), now).id, form)
    }
}

/// The data of one form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormData {
    Receipt(ReceiptData),
    SupplementRequest(SupplementRequestData),
    Refusal(RefusalData),
    Apology(ApologyData),
    StopNotice(StopNoticeData),
    ControlSlip(ControlSlipData),
    TrackingBook(TrackingBookData),
}

impl FormData {
    fn name(&self) -> &'static str {
        match self {
            FormData::Receipt(_) => "Receipt",
            FormData::SupplementRequest(_) => "SupplementRequest",
            FormData::Refusal(_) => "Refusal",
            FormData::Apology(_) => "Apology",
            FormData::StopNotice(_) => "StopNotice",
            FormData::ControlSlip(_) => "ControlSlip",
            FormData::TrackingBook(_) => "TrackingBook",
        }
    }
}

/// Margins in mm (top, right, bottom, left): Decree 30/2020 asks for 20–25 mm left on A4; A5
/// slips are kept tighter so a receipt stays on one page.
fn margins(size: PageSize) -> (f32, f32, f32, f32) {
    match size {
        PageSize::A5 | PageSize::A5Landscape => (10.0, 10.0, 10.0, 15.0),
        PageSize::A4 => (20.0, 15.0, 20.0, 25.0),
        PageSize::A4Landscape => (15.0, 12.0, 15.0, 15.0),
    }
}

/// Renders `kind` with `data` as a PDF.
///
/// Errors if the rule set has no such form (a stop notice under Circular 01/2018), or if
/// `data` is another form's data.
pub fn render_form(kind: FormKind, data: &FormData, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let rules = rules::by_id(kind.rule_set);
    let form = match kind.form {
        Form::Apology | Form::ApologyAndExtension => rules.extension_form(),
        f => f,
    };
    let spec = rules.form(form).ok_or(PrintError::FormNotInRuleSet {
        form: kind.form,
        rule_set: kind.rule_set,
    })?;
    let size = match (form, spec.paper) {
        (Form::TrackingBook, _) => PageSize::A4Landscape,
        (_, Paper::A4) => PageSize::A4,
        (_, Paper::A5) => PageSize::A5,
    };
    let label = format!("Mẫu số {:02}", spec.number);
    let mut doc = Doc::new(fonts, size, margins(size), spec.title)?;
    let mismatch = || PrintError::DataMismatch {
        form,
        data: data.name(),
    };
    match (form, data) {
        (Form::Receipt, FormData::Receipt(d)) => receipt::draw(&mut doc, d, spec.title, &label)?,
        (Form::SupplementRequest, FormData::SupplementRequest(d)) => {
            notices::supplement(&mut doc, d, spec.title, &label)
        }
        (Form::Refusal, FormData::Refusal(d)) => notices::refusal(&mut doc, d, spec.title, &label),
        (Form::Apology, FormData::Apology(d)) => {
            notices::apology(&mut doc, d, spec.title, &label, false)
        }
        (Form::ApologyAndExtension, FormData::Apology(d)) => {
            notices::apology(&mut doc, d, spec.title, &label, true)
        }
        (Form::StopNotice, FormData::StopNotice(d)) => {
            notices::stop_notice(&mut doc, d, spec.title, &label)
        }
        (Form::ControlSlip, FormData::ControlSlip(d)) => {
            records::control_slip(&mut doc, d, spec.title, &label)?
        }
        (Form::TrackingBook, FormData::TrackingBook(d)) => {
            records::tracking_book(&mut doc, d, spec.title, &label)?
        }
        _ => return Err(mismatch()),
    }
    doc.finish()
}
