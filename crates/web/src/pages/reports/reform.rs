//! The reform report: the figures of domain.md §8 as sentences an officer can paste, the
//! table of figures, and downloads as PDF, ODT (flat), XLSX and CSV.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use motcua_app::reports::ReportChoices;
use motcua_domain::reports::ReformReport;
use motcua_reports::official;
use motcua_reports::{document_fodt, document_pdf, TextDocument};

use super::common::{download, export_table, Export, Reporter};
use super::filters::Filters;
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "reports_reform.html")]
struct ReformPage {
    layout: Layout,
    f: Filters,
    o: ReportChoices,
    sentences: Vec<String>,
    rows: Vec<Vec<String>>,
    query: String,
}

/// The reform report as a document (title, sentences, table of figures).
pub fn document(r: &ReformReport) -> TextDocument {
    let table = official::reform_table(r);
    TextDocument {
        title: table.title.clone(),
        subtitle: table.subtitle.clone(),
        paragraphs: official::reform_sentences(r),
        table: Some(table),
    }
}

pub async fn page(
    State(s): State<AppState>,
    reader: Reporter,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (ctx, actor) = (&reader.ctx, reader.actor());
    let t = ctx.t();
    let f = Filters::parse(&q, &actor, &t, "year");
    let o = reader.choices(&s, &f).await?;
    let r = match f.period {
        Some(p) => Some(s.app.report_reform(&actor, p, &f.scope()).await?),
        None => None,
    };
    if let (Some(format), Some(r)) = (Export::parse(&q), &r) {
        return match format {
            Export::Odt => {
                let x = document_fodt(&document(r))?;
                Ok(download(
                    x,
                    "application/vnd.oasis.opendocument.text",
                    "bao-cao-cai-cach.fodt",
                ))
            }
            Export::Pdf => {
                let (d, fonts) = (document(r), s.fonts.clone());
                let pdf = tokio::task::spawn_blocking(move || document_pdf(&d, &fonts))
                    .await
                    .map_err(|e| PageError::Unexpected(e.to_string()))??;
                Ok(download(pdf, "application/pdf", "bao-cao-cai-cach.pdf"))
            }
            _ => {
                export_table(
                    &s,
                    official::reform_table(r),
                    vec![],
                    format,
                    "bao-cao-cai-cach",
                )
                .await
            }
        };
    }
    let (sentences, rows) = match &r {
        Some(r) => (
            official::reform_sentences(r),
            official::reform_table(r)
                .rows
                .iter()
                .map(|row| row.iter().map(|c| c.display()).collect())
                .collect(),
        ),
        None => (vec![], vec![]),
    };
    render(ReformPage {
        layout: ctx.layout(t.get("reports.reform.title"), "reports"),
        query: f.query(),
        f,
        o,
        sentences,
        rows,
    })
}
