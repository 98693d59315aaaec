//! `/work/desk/book`: the tracking book (Sổ theo dõi hồ sơ) of the desk's agency for a
//! period — the dossiers received, in order, with appointment and return; printable (print CSS)
//! and as CSV for spreadsheets.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate, Utc};
use motcua_app::AppError;
use serde::Deserialize;

use super::common::{forbidden, is_desk, vn_time, WorkUser};
use crate::pages::error::PageError;
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;

pub struct BookLine {
    pub number: usize,
    pub code: String,
    pub applicant: String,
    pub procedure: String,
    pub received_at: String,
    pub due_at: String,
    pub returned_at: String,
}

#[derive(Template)]
#[template(path = "work_book.html")]
struct BookPage {
    layout: Layout,
    from: String,
    to: String,
    period: String,
    lines: Vec<BookLine>,
    csv_href: String,
    agency: String,
}

#[derive(Deserialize)]
pub struct BookQuery {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub async fn book(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Query(q): Query<BookQuery>,
) -> Result<Response, PageError> {
    if !is_desk(&user) {
        return Ok(forbidden(&ctx));
    }
    let t = ctx.t();
    let today = motcua_domain::dossier::vn_date(Utc::now());
    let parse = |v: &Option<String>| {
        v.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let from = parse(&q.from).unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let to = parse(&q.to).unwrap_or(today).max(from);
    let book = match s.app.tracking_book(&user.actor(), from, to).await {
        Ok(b) => b,
        Err(AppError::Forbidden { .. }) => return Ok(forbidden(&ctx)),
        Err(e) => return Err(e.into()),
    };
    let lines: Vec<BookLine> = book
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, r)| BookLine {
            number: i + 1,
            procedure: r.procedure_name,
            applicant: r.applicant_name,
            received_at: vn_time(r.received_at),
            due_at: r.due_at.map(vn_time).unwrap_or_default(),
            returned_at: r.returned_at.map(vn_time).unwrap_or_default(),
            code: r.code,
        })
        .collect();
    let (from_s, to_s) = (
        from.format("%Y-%m-%d").to_string(),
        to.format("%Y-%m-%d").to_string(),
    );
    if q.format.as_deref() == Some("csv") {
        let mut out = String::from("\u{feff}");
        let head = [
            "work.book.number",
            "work.book.code",
            "work.book.applicant",
            "work.book.procedure",
            "work.book.received",
            "work.book.due",
            "work.book.returned",
            "work.book.signature",
        ];
        out.push_str(
            &head
                .iter()
                .map(|k| csv_cell(t.get(k)))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
        for l in &lines {
            let cells = [
                l.number.to_string(),
                l.code.clone(),
                l.applicant.clone(),
                l.procedure.clone(),
                l.received_at.clone(),
                l.due_at.clone(),
                l.returned_at.clone(),
                String::new(),
            ];
            out.push_str(
                &cells
                    .iter()
                    .map(|c| csv_cell(c))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
        let disposition = format!("attachment; filename=\"so-theo-doi-{from_s}-{to_s}.csv\"");
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&disposition)
                        .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            out,
        )
            .into_response());
    }
    render(BookPage {
        layout: ctx.layout(t.get("work.book.title"), "work"),
        csv_href: format!("/work/desk/book?from={from_s}&to={to_s}&format=csv"),
        period: format!("{} – {}", from.format("%d/%m/%Y"), to.format("%d/%m/%Y")),
        from: from_s,
        to: to_s,
        lines,
        agency: book.agency_name,
    })
}
