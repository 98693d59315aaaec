//! The dossiers behind a number of Biểu II.06a: each code with its procedure's name, its
//! agency and unit, and the applicant's name when the reader may see it (the use case asks
//! the access rule, as the `/work` lists do); as a page, an XLSX or a CSV.

use std::collections::HashMap;

use askama::Template;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::response::Response;
use motcua_app::reports::behind::BehindLine;
use motcua_domain::dossier::Actor;
use motcua_domain::reports::{Cell06a, Period};
use motcua_reports::official;
use motcua_reports::{Cell, HeaderCell, XlsxRowWriter};

use super::common::{count, download, Export, Reporter, XLSX};
use super::filters::Filters;
use crate::i18n::Lang;
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

/// One line of the list as the page shows it.
pub struct LineView {
    pub stt: usize,
    pub line: BehindLine,
}

#[derive(Template)]
#[template(path = "reports_behind.html")]
struct BehindPage {
    layout: Layout,
    cell_name: String,
    period: String,
    total: String,
    lines: Vec<LineView>,
    prev: Option<String>,
    next: Option<String>,
    back: String,
    query: String,
    error: Option<String>,
}

const PER_PAGE: u32 = 50;

pub async fn page(
    State(s): State<AppState>,
    r: Reporter,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (ctx, actor) = (&r.ctx, r.actor());
    let t = ctx.t();
    let f = Filters::parse(&q, &actor, &t, "quarter");
    let cell = q.get("cell").and_then(|c| Cell06a::parse(c));
    let base = format!(
        "cell={}&{}",
        cell.map(|c| c.as_str()).unwrap_or_default(),
        f.query()
    );
    let page_no: u32 = q
        .get("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let layout = ctx.layout(t.get("reports.behind.title"), "reports");
    let (Some(cell), Some(period)) = (cell, f.period) else {
        let error = f
            .errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_else(|| t.get("reports.error.cell").to_owned());
        return render(BehindPage {
            layout,
            cell_name: String::new(),
            period: String::new(),
            total: String::new(),
            lines: vec![],
            prev: None,
            next: None,
            back: format!("/reports/06a?{}", f.query()),
            query: base,
            error: Some(error),
        });
    };
    if let Some(format) = Export::parse(&q) {
        return export(&s, &actor, &f, period, cell, format).await;
    }
    let p = s
        .app
        .report_behind_lines(
            &actor,
            period,
            &f.scope(),
            cell,
            f.against(),
            page_no,
            PER_PAGE,
        )
        .await?;
    let pages = (p.total as u32).div_ceil(PER_PAGE).max(1);
    let first = (page_no as usize - 1) * PER_PAGE as usize;
    let link = |n: u32| format!("/reports/06a/behind?{base}&page={n}");
    render(BehindPage {
        layout,
        cell_name: cell_name(cell, ctx.lang),
        period: official::period_line(&period),
        total: count(p.total, ctx.lang),
        lines: p
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| LineView {
                stt: first + i + 1,
                line,
            })
            .collect(),
        prev: (page_no > 1).then(|| link(page_no - 1)),
        next: (page_no < pages).then(|| link(page_no + 1)),
        back: format!("/reports/06a?{}", f.query()),
        query: base,
        error: None,
    })
}

fn cell_name(cell: Cell06a, lang: Lang) -> String {
    match lang {
        Lang::Vi => cell.name_vi().to_owned(),
        Lang::En => cell.as_str().replace('_', " "),
    }
}

/// The columns of an export, in order.
const COLUMNS: [&str; 7] = [
    "STT",
    "Mã hồ sơ",
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Cơ quan",
    "Đơn vị",
    "Người nộp",
];

/// One line's cells after its number: what the page shows, the applicant blank when hidden.
fn cells(l: &BehindLine) -> [&str; 6] {
    [
        &l.code,
        &l.procedure_code,
        &l.procedure_name,
        &l.agency_name,
        &l.unit_name,
        l.applicant_name.as_deref().unwrap_or_default(),
    ]
}

/// One CSV field, quoted when needed (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The whole list behind a cell: XLSX row by row in constant memory (a temporary file
/// streamed back), or CSV.
async fn export(
    s: &AppState,
    actor: &Actor,
    f: &Filters,
    period: Period,
    cell: Cell06a,
    format: Export,
) -> Result<Response, PageError> {
    let lines = s
        .app
        .report_behind_all_lines(actor, period, &f.scope(), cell, f.against())
        .await?;
    match format {
        Export::Xlsx => {
            let path = std::env::temp_dir().join(format!(
                "motcua-behind-{}-{}.xlsx",
                std::process::id(),
                rand_suffix()
            ));
            let title = format!("Hồ sơ: {}", cell.name_vi());
            let sub = official::period_line(&period);
            let p2 = path.clone();
            tokio::task::spawn_blocking(move || -> Result<(), PageError> {
                let mut w = XlsxRowWriter::new(
                    &title,
                    Some(&sub),
                    vec![COLUMNS.iter().map(|c| HeaderCell::new(*c)).collect()],
                    vec![8.0, 30.0, 14.0, 50.0, 30.0, 30.0, 28.0],
                    false,
                )?;
                for (i, l) in lines.iter().enumerate() {
                    let mut row = vec![Cell::int(i as i64 + 1)];
                    row.extend(cells(l).iter().map(|c| Cell::text(*c)));
                    w.write_row(&row)?;
                }
                w.finish(&p2)?;
                Ok(())
            })
            .await
            .map_err(|e| PageError::Unexpected(e.to_string()))??;
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| PageError::Unexpected(e.to_string()))?;
            // Unlinked now; the open handle streams it and the space is freed at the end.
            let _ = tokio::fs::remove_file(&path).await;
            let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
            Ok(download(body, XLSX, "ho-so.xlsx"))
        }
        _ => {
            let mut out = format!("\u{feff}{}\r\n", COLUMNS.join(","));
            for (i, l) in lines.iter().enumerate() {
                let fields: Vec<String> = cells(l).iter().map(|c| csv_field(c)).collect();
                out.push_str(&format!("{},{}\r\n", i + 1, fields.join(",")));
            }
            Ok(download(out, "text/csv; charset=utf-8", "ho-so.csv"))
        }
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish()
}
