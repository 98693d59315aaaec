//! The reform report: the figures of domain.md §8 as sentences an officer can paste, in the
//! reporting department's voice (late dossiers by procedure, apologies and petitions
//! included), the table of figures, and downloads as Word (DOCX), ODT, PDF, XLSX and CSV. The
//! text is `App::report_reform_statement` rendered by `official::reform_document`, as the CLI
//! does.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;
use motcua_app::reports::ReportChoices;
use motcua_reports::official;
use motcua_reports::{document_docx, document_odt, document_pdf};

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
        Some(p) => Some(
            s.app
                .report_reform_statement(&actor, p, &f.scope(), Utc::now())
                .await?,
        ),
        None => None,
    };
    if let (Some(format), Some(r)) = (Export::parse(&q), &r) {
        let document = || official::reform_document(r);
        return match format {
            Export::Odt => Ok(download(
                document_odt(&document())?,
                "application/vnd.oasis.opendocument.text",
                "bao-cao-cai-cach.odt",
            )),
            Export::Docx => Ok(download(
                document_docx(&document())?,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "bao-cao-cai-cach.docx",
            )),
            Export::Pdf => {
                let (d, fonts) = (document(), s.fonts.clone());
                let pdf = tokio::task::spawn_blocking(move || document_pdf(&d, &fonts))
                    .await
                    .map_err(|e| PageError::Unexpected(e.to_string()))??;
                Ok(download(pdf, "application/pdf", "bao-cao-cai-cach.pdf"))
            }
            _ => {
                export_table(
                    &s,
                    official::reform_table(&r.figures),
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
            official::reform_table(&r.figures)
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
