//! `/admin/procedures`: search the catalog, edit a procedure's main facts and its internal
//! procedure. Saving never changes a version in place: `App::save_procedure` inserts a new
//! version and makes it current, so dossiers keep the version they pinned.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use motcua_app::admin::procedures::{ProcedureEdit, ProcedureFilter, StoredProcedure};
use motcua_domain::{Procedure, PublicationStatus, Role, Unit};
use serde::Deserialize;

use super::common::{opt, unprocessable, vn_time, Admin, FormData, FormErrors};
use super::procedure_form::{domain_problems, rules, ProcForm, Rules};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{format, render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/procedures", get(list))
        .route("/admin/procedures/{code}", get(edit).post(save))
        .route("/admin/procedures/{code}/check", post(check))
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<u32>,
}

struct Line {
    code: String,
    name: String,
    version: i64,
    committed: String,
    statutory: String,
    cut: Option<String>,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "admin/procedures.html")]
struct ListPage {
    layout: Layout,
    section: &'static str,
    q: String,
    total: i64,
    page: u32,
    pages: u32,
    lines: Vec<Line>,
}

pub fn status_label(s: PublicationStatus, t: &Tr) -> &'static str {
    match s {
        PublicationStatus::Draft => t.get("admin.proc.status.draft"),
        PublicationStatus::Published => t.get("admin.proc.status.published"),
        PublicationStatus::Withdrawn => t.get("admin.proc.status.withdrawn"),
    }
}

const PER_PAGE: u32 = 30;

pub async fn list(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let t = a.t();
    let filter = ProcedureFilter {
        q: opt(&q.q),
        page: q.page.unwrap_or(1),
        per_page: PER_PAGE,
        ..ProcedureFilter::default()
    };
    let found = s.app.admin_procedures(&a.actor(), &filter).await?;
    let lines = found
        .items
        .iter()
        .map(|p| Line {
            code: p.code.clone(),
            name: p.name.clone(),
            version: p.version,
            committed: format::time_limit(&p.committed_time, &t),
            statutory: format::time_limit(&p.statutory_time, &t),
            cut: p
                .committed_time
                .cut_percent(&p.statutory_time)
                .map(|c| format::number((c * 10.0).round() / 10.0, t.lang)),
            status: status_label(p.status, &t),
        })
        .collect();
    render(ListPage {
        layout: a.layout("admin.proc.title"),
        section: "procedures",
        q: q.q,
        total: found.total,
        page: found.page,
        pages: (found.total.max(1) as u32).div_ceil(PER_PAGE),
        lines,
    })
}

#[derive(Template)]
#[template(path = "admin/procedure.html")]
struct EditPage {
    layout: Layout,
    section: &'static str,
    stored: StoredProcedure,
    versions: Vec<(i64, String, bool)>,
    form: ProcForm,
    errors: FormErrors,
    rules: Rules,
    units: Vec<Unit>,
    roles: Vec<(&'static str, &'static str)>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/procedure_rules_partial.html")]
struct RulesPartial {
    layout: Layout,
    rules: Rules,
}

async fn context(s: &AppState, a: &Admin, code: &str) -> Result<ProcedureEdit, PageError> {
    s.app
        .procedure_for_edit(&a.actor(), code)
        .await
        .map_err(|e| a.failed(e))
}

fn step_roles(t: &Tr) -> Vec<(&'static str, &'static str)> {
    [
        Role::Desk,
        Role::Specialist,
        Role::Head,
        Role::Director,
        Role::Clerk,
    ]
    .iter()
    .map(|r| (r.as_str(), format::role(*r, t)))
    .collect()
}

fn page(
    a: &Admin,
    c: ProcedureEdit,
    form: ProcForm,
    procedure: &Procedure,
    errors: FormErrors,
    done: Option<String>,
) -> EditPage {
    let t = a.t();
    let versions = c
        .versions
        .iter()
        .map(|(v, at, current)| (*v, vn_time(*at), *current))
        .collect();
    let units = c
        .agencies
        .iter()
        .find(|ag| ag.code == c.stored.procedure.agency_code)
        .map(|ag| ag.units.clone())
        .unwrap_or_default();
    EditPage {
        layout: a.layout("admin.proc.edit_title"),
        section: "procedures",
        rules: rules(procedure, &c.agencies, &c.fields, &t),
        versions,
        form,
        errors,
        units,
        roles: step_roles(&t),
        done,
        stored: c.stored,
    }
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn edit(
    State(s): State<AppState>,
    a: Admin,
    Path(code): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let c = context(&s, &a, &code).await?;
    let t = a.t();
    let done = match q.done.as_deref() {
        Some("saved") => Some(t.fmt("admin.proc.saved", c.stored.version)),
        Some("unchanged") => Some(t.get("admin.proc.unchanged").to_owned()),
        _ => None,
    };
    let form = ProcForm::from_procedure(&c.stored.procedure);
    let p = c.stored.procedure.clone();
    render(page(&a, c, form, &p, FormErrors::default(), done))
}

/// The rules panel for what is typed now (htmx, as the administrator types).
pub async fn check(
    State(s): State<AppState>,
    a: Admin,
    Path(code): Path<String>,
    body: String,
) -> Result<Response, PageError> {
    let c = context(&s, &a, &code).await?;
    let t = a.t();
    let form = ProcForm::from_data(&FormData::parse(&body));
    let p = form.to_procedure(&c.stored.procedure, &t, &mut FormErrors::default());
    render(RulesPartial {
        layout: a.layout("admin.proc.edit_title"),
        rules: rules(&p, &c.agencies, &c.fields, &t),
    })
}

pub async fn save(
    State(s): State<AppState>,
    a: Admin,
    Path(code): Path<String>,
    body: String,
) -> Result<Response, PageError> {
    let c = context(&s, &a, &code).await?;
    let t = a.t();
    let data = FormData::parse(&body);
    let mut form = ProcForm::from_data(&data);
    let op = data.get("op");
    let mut errors = FormErrors::default();
    let p = form.to_procedure(&c.stored.procedure, &t, &mut errors);
    if op != "save" {
        // Adding, removing or moving a row: show the form again, nothing saved.
        form.apply_op(op);
        let mut ignored = FormErrors::default();
        let p = form.to_procedure(&c.stored.procedure, &t, &mut ignored);
        return render(page(&a, c, form, &p, FormErrors::default(), None));
    }
    domain_problems(&p, &c.agencies, &c.fields, &t, &mut errors);
    if errors.is_empty() {
        match s.app.save_procedure(&a.actor(), &code, p.clone()).await {
            Ok(saved) => {
                let done = if saved.changed { "saved" } else { "unchanged" };
                let to = format!("/admin/procedures/{code}?done={done}");
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    }
    render(page(&a, c, form, &p, errors, None)).map(unprocessable)
}
