//! Receipts (biên lai) as the applicant's page and the officer's page list them, and one
//! receipt as a printable page (A5-ish, the browser prints it).

use askama::Template;
use axum::response::{IntoResponse, Response};
use motcua_domain::dossier::{vn_date, Dossier, FeeLine, PaymentMethod, Receipt};

use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::format::money;
use crate::pages::{render, PageCtx};

/// One receipt as a table row.
pub struct ReceiptLine {
    /// 1-based: the address of its printable page.
    pub n: usize,
    pub number: String,
    pub date: String,
    pub method: &'static str,
    pub amount: String,
}

pub fn method_label(m: PaymentMethod, t: &Tr) -> &'static str {
    match m {
        PaymentMethod::Cash => t.get("pay.method.cash"),
        PaymentMethod::Transfer => t.get("pay.method.transfer"),
        PaymentMethod::Online => t.get("pay.method.online"),
    }
}

fn date(r: &Receipt) -> String {
    vn_date(r.at).format("%d/%m/%Y").to_string()
}

pub fn receipt_lines(d: &Dossier, t: &Tr) -> Vec<ReceiptLine> {
    d.payment
        .receipts
        .iter()
        .enumerate()
        .map(|(i, r)| ReceiptLine {
            n: i + 1,
            number: r.number.clone(),
            date: date(r),
            method: method_label(r.method, t),
            amount: money(r.amount_vnd, t.lang),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    layout: crate::pages::Layout,
    agency: String,
    code: String,
    procedure: String,
    payer: String,
    number: String,
    date: String,
    method: &'static str,
    amount: String,
    reference: Option<String>,
    collector: String,
    lines: Vec<(String, String)>,
    back: String,
}

/// Receipt `n` (1-based) of `d` as a printable page; 404 when there is no such receipt.
pub fn page(
    ctx: &PageCtx,
    d: &Dossier,
    n: usize,
    procedure: String,
    agency: String,
    back: String,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let Some(r) = n.checked_sub(1).and_then(|i| d.payment.receipts.get(i)) else {
        return Err(PageError::NotFound(ctx.lang));
    };
    // The lines shown are the request's when this receipt paid it whole.
    let lines: Vec<(String, String)> = if r.amount_vnd == d.payment.amount_vnd.unwrap_or(-1) {
        d.payment
            .lines
            .iter()
            .map(|l: &FeeLine| (l.name.clone(), money(l.amount_vnd, t.lang)))
            .collect()
    } else {
        Vec::new()
    };
    let collector = if r.by == "system" {
        t.get("pay.method.online").to_owned()
    } else {
        r.by.clone()
    };
    let res = render(ReceiptPage {
        layout: ctx.layout(format!("{} {}", t.get("pay.receipt"), r.number), "lookup"),
        agency,
        code: d.code.clone(),
        procedure,
        payer: d.applicant.name.clone(),
        number: r.number.clone(),
        date: date(r),
        method: method_label(r.method, &t),
        amount: money(r.amount_vnd, t.lang),
        reference: r.reference.clone(),
        collector,
        lines,
        back,
    })?;
    Ok(res.into_response())
}
