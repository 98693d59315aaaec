//! Report pages (issue 6) for reporters, heads, directors and admins: Biểu II.06a with
//! drill-down, II.07b, the Decision 766 index, the reform report and the leaders' dashboard,
//! each downloadable as XLSX, CSV and PDF. The numbers come from `motcua_store::reports`
//! and the layouts from `motcua_reports::official`; nothing is recomputed here.

use std::collections::HashMap;

use askama::Template;
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use motcua_domain::Role;
use motcua_reports::ReportTable;
use motcua_store::catalog;

use super::{Layout, PageCtx};
use crate::pages::error::PageError;
use crate::session::SessionUser;
use crate::state::AppState;

mod dashboard;
mod filters;
mod forms;
mod reform;

pub use filters::Filters;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports", get(forms::index))
        .route("/reports/06a", get(forms::form_06a))
        .route("/reports/06a/behind", get(forms::behind))
        .route("/reports/07b", get(forms::form_07b))
        .route("/reports/766", get(forms::index_766))
        .route("/reports/reform", get(reform::page))
        .route("/reports/dashboard", get(dashboard::page))
}

/// Who may read reports.
pub const REPORT_ROLES: [Role; 4] = [Role::Reporter, Role::Director, Role::Head, Role::Admin];

#[derive(Template)]
#[template(path = "reports_forbidden.html")]
struct Forbidden {
    layout: Layout,
}

/// 403 with a page saying why, for officers without a reporting role.
fn forbidden(ctx: &PageCtx) -> Response {
    let t = ctx.t();
    let page = Forbidden {
        layout: ctx.layout(t.get("reports.forbidden.title"), "reports"),
    };
    match page.render() {
        Ok(html) => (StatusCode::FORBIDDEN, Html(html)).into_response(),
        Err(_) => StatusCode::FORBIDDEN.into_response(),
    }
}

/// The 403 page unless the user may read reports (with an agency, unless an admin).
fn refused(ctx: &PageCtx, user: &SessionUser) -> Option<Response> {
    let ok =
        user.has_any(&REPORT_ROLES) && (user.has_any(&[Role::Admin]) || user.agency_code.is_some());
    (!ok).then(|| forbidden(ctx))
}

/// A code and its name, for the filter lists.
pub struct Choice {
    pub code: String,
    pub name: String,
}

/// What the scope filters offer: agencies, units (of the chosen agency), fields, procedures.
pub struct Options {
    pub agencies: Vec<Choice>,
    pub units: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub procedures: Vec<Choice>,
}

impl Options {
    pub async fn load(s: &AppState, f: &Filters) -> Result<Options, PageError> {
        let c = catalog::load_catalog(&s.db).await?;
        let agency_ok = |code: &str| f.agency.is_empty() || f.agency == code;
        let units = c
            .agencies
            .iter()
            .filter(|a| agency_ok(&a.code))
            .flat_map(|a| a.units.iter())
            .map(|u| Choice {
                code: u.code.clone(),
                name: u.name.clone(),
            })
            .collect();
        let mut procedures: Vec<Choice> = c
            .procedures
            .iter()
            .filter(|p| agency_ok(&p.agency_code))
            .map(|p| Choice {
                code: p.code.clone(),
                name: p.name.clone(),
            })
            .collect();
        procedures.sort_by(|a, b| a.code.cmp(&b.code));
        procedures.dedup_by(|a, b| a.code == b.code);
        Ok(Options {
            agencies: c
                .agencies
                .iter()
                .map(|a| Choice {
                    code: a.code.clone(),
                    name: a.name.clone(),
                })
                .collect(),
            units,
            fields: c
                .fields
                .iter()
                .map(|x| Choice {
                    code: x.code.clone(),
                    name: x.name.clone(),
                })
                .collect(),
            procedures,
        })
    }

    /// The name of the agency a locked filter shows.
    pub fn agency_name(&self, code: &str) -> String {
        self.agencies
            .iter()
            .find(|a| a.code == code)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
}

/// Export formats a report page offers (`?format=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Xlsx,
    Csv,
    Pdf,
    Odt,
}

impl Export {
    pub fn parse(q: &HashMap<String, String>) -> Option<Export> {
        match q.get("format").map(String::as_str) {
            Some("xlsx") => Some(Export::Xlsx),
            Some("csv") => Some(Export::Csv),
            Some("pdf") => Some(Export::Pdf),
            Some("fodt") => Some(Export::Odt),
            _ => None,
        }
    }
}

/// A file to download.
pub fn download(bytes: impl Into<Body>, content_type: &str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes.into(),
    )
        .into_response()
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `t` as XLSX, CSV or PDF (rendering is CPU work: off the async threads).
pub async fn export_table(
    s: &AppState,
    t: ReportTable,
    charts: Vec<(motcua_reports::Chart, motcua_reports::ChartKind)>,
    format: Export,
    name: &str,
) -> Result<Response, PageError> {
    let fonts = s.fonts.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, PageError> {
        Ok(match format {
            Export::Xlsx => motcua_reports::table_xlsx(&t, &charts)?,
            Export::Pdf => motcua_reports::table_pdf(&t, &charts, &fonts)?,
            Export::Csv | Export::Odt => {
                // A byte-order mark so Excel reads the Vietnamese text as UTF-8.
                let mut v = "\u{feff}".as_bytes().to_vec();
                v.extend(motcua_reports::table_csv(&t)?.into_bytes());
                v
            }
        })
    })
    .await
    .map_err(|e| PageError::Unexpected(e.to_string()))??;
    Ok(match format {
        Export::Xlsx => download(out, XLSX, &format!("{name}.xlsx")),
        Export::Pdf => download(out, "application/pdf", &format!("{name}.pdf")),
        Export::Csv | Export::Odt => {
            download(out, "text/csv; charset=utf-8", &format!("{name}.csv"))
        }
    })
}

/// 1234 → "1.234" (vi) / "1,234" (en).
pub fn count(n: i64, lang: crate::i18n::Lang) -> String {
    let s = motcua_reports::group_thousands(n);
    match lang {
        crate::i18n::Lang::Vi => s,
        crate::i18n::Lang::En => s.replace('.', ","),
    }
}

/// 0.414 → "41,4%" (vi) / "41.4%" (en); "—" when there is nothing to divide.
pub fn percent(r: Option<f64>, lang: crate::i18n::Lang) -> String {
    match r {
        None => "—".to_owned(),
        Some(r) => {
            let s = motcua_reports::official::percent_vi(r);
            match lang {
                crate::i18n::Lang::Vi => s,
                crate::i18n::Lang::En => s.replace('.', "").replace(',', "."),
            }
        }
    }
}
