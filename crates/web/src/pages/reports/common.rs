//! What the report pages share: the [`Reporter`] guard, the scope pickers' lists, downloads
//! (`?format=xlsx|csv|pdf`, and `odt|docx` for the reform report) and numbers in the page's language.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use motcua_app::reports::{may_read_reports, ReportChoices};
use motcua_domain::dossier::Actor;
use motcua_reports::ReportTable;

use super::filters::Filters;
use crate::i18n::Lang;
use crate::pages::error::PageError;
use crate::pages::{Layout, PageCtx};
use crate::session::{SessionUser, SignedIn};
use crate::state::AppState;

/// A signed-in person who may read reports (a reporting role, and an agency unless an
/// administrator), with the page context. Anonymous visitors are sent to sign in; anyone else
/// gets the 403 page. The use cases check again: this only picks the page to show.
pub struct Reporter {
    pub user: Arc<SessionUser>,
    pub ctx: PageCtx,
}

#[derive(Template)]
#[template(path = "reports_forbidden.html")]
struct ForbiddenPage {
    layout: Layout,
}

impl<S: Send + Sync> FromRequestParts<S> for Reporter {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, s).await?;
        let ctx = match PageCtx::from_request_parts(parts, s).await {
            Ok(c) => c,
            Err(never) => match never {},
        };
        if !may_read_reports(&user.actor()) {
            let page = ForbiddenPage {
                layout: ctx.layout(ctx.t().get("reports.forbidden.title"), "reports"),
            };
            return Err(match page.render() {
                Ok(html) => (StatusCode::FORBIDDEN, Html(html)).into_response(),
                Err(_) => StatusCode::FORBIDDEN.into_response(),
            });
        }
        Ok(Reporter { user, ctx })
    }
}

impl Reporter {
    /// The reader as the use cases know them.
    pub fn actor(&self) -> Actor {
        self.user.actor()
    }

    /// The layout of a report page titled by i18n key `title_key`.
    pub fn layout(&self, title_key: &str) -> Layout {
        self.ctx.layout(self.ctx.t().get(title_key), "reports")
    }

    /// The lists of the scope pickers for the filters' agency.
    pub async fn choices(&self, s: &AppState, f: &Filters) -> Result<ReportChoices, PageError> {
        let agency = (!f.agency.is_empty()).then_some(f.agency.as_str());
        Ok(s.app.report_choices(&self.actor(), agency).await?)
    }
}

/// Export formats a report page offers (`?format=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Xlsx,
    Csv,
    Pdf,
    /// OpenDocument text (a zip package) for the reform report.
    Odt,
    /// Word for the reform report.
    Docx,
}

impl Export {
    pub fn parse(q: &HashMap<String, String>) -> Option<Export> {
        match q.get("format").map(String::as_str) {
            Some("xlsx") => Some(Export::Xlsx),
            Some("csv") => Some(Export::Csv),
            Some("pdf") => Some(Export::Pdf),
            Some("odt") => Some(Export::Odt),
            Some("docx") => Some(Export::Docx),
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
            Export::Csv | Export::Odt | Export::Docx => {
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
        Export::Csv | Export::Odt | Export::Docx => {
            download(out, "text/csv; charset=utf-8", &format!("{name}.csv"))
        }
    })
}

/// 1234 → "1.234" (vi) / "1,234" (en).
pub fn count(n: i64, lang: Lang) -> String {
    let s = motcua_reports::group_thousands(n);
    match lang {
        Lang::Vi => s,
        Lang::En => s.replace('.', ","),
    }
}

/// 0.414 → "41,4%" (vi) / "41.4%" (en); "—" when there is nothing to divide.
pub fn percent(r: Option<f64>, lang: Lang) -> String {
    match r {
        None => "—".to_owned(),
        Some(r) => {
            let s = motcua_reports::official::percent_vi(r);
            match lang {
                Lang::Vi => s,
                Lang::En => s.replace('.', "").replace(',', "."),
            }
        }
    }
}
