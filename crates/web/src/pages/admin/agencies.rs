//! `/admin/agencies`: agencies (QCVN 102:2016 codes) and their units. The use cases check
//! them with the domain's catalog validation and write one record at a time; the form shows
//! every problem at once.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use motcua_app::admin::catalog::{agency_problems, with_unit};
use motcua_domain::{Agency, Unit};
use serde::Deserialize;

use super::common::{opt, pick, unprocessable, Admin, FormErrors};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/agencies", get(list).post(create))
        .route("/admin/agencies/{code}", get(edit).post(update))
        .route("/admin/agencies/{code}/units", post(save_unit))
}

/// What the agency form holds (as typed, so it can be shown back).
#[derive(Deserialize, Default, Clone)]
pub struct AgencyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_code: String,
}

#[derive(Template)]
#[template(path = "admin/agencies.html")]
struct ListPage {
    layout: Layout,
    section: &'static str,
    agencies: Vec<Agency>,
    form: AgencyForm,
    errors: FormErrors,
    done: Option<String>,
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

fn done_text(t: &Tr, done: Option<&str>) -> Option<String> {
    match done? {
        "saved" => Some(t.get("admin.saved").to_owned()),
        "unit" => Some(t.get("admin.agency.unit_saved").to_owned()),
        _ => None,
    }
}

pub async fn list(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let t = a.t();
    render(ListPage {
        layout: a.layout("admin.agency.title"),
        section: "agencies",
        agencies: s.app.admin_agencies(&a.actor()).await?,
        form: AgencyForm::default(),
        errors: FormErrors::default(),
        done: done_text(&t, q.done.as_deref()),
    })
}

/// The domain's problems of one agency as form errors; `prefix` names the agency's fields on
/// the unit form (`agency_name`), where unit problems stay on `unit_code`.
fn check(agency: &Agency, t: &Tr, prefix: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    for p in agency_problems(agency) {
        let field = match p.field {
            "unit_code" => "unit_code".to_owned(),
            attr => format!("{prefix}{attr}"),
        };
        errors.add(field, pick(t, &p.vi, &p.en));
    }
    errors
}

fn agency_from(f: &AgencyForm, code: &str, units: Vec<Unit>) -> Agency {
    Agency {
        code: code.trim().to_owned(),
        name: motcua_domain::text::nfc(&f.name),
        parent_code: opt(&f.parent_code),
        address: None,
        phone: None,
        email: None,
        units,
    }
}

pub async fn create(
    State(s): State<AppState>,
    a: Admin,
    Form(f): Form<AgencyForm>,
) -> Result<Response, PageError> {
    let t = a.t();
    let agency = agency_from(&f, &f.code, Vec::new());
    let mut errors = check(&agency, &t, "");
    if errors.is_empty() {
        match s.app.create_agency(&a.actor(), &agency).await {
            Ok(()) => {
                let to = format!("/admin/agencies/{}?done=saved", agency.code);
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    }
    let agencies = s.app.admin_agencies(&a.actor()).await?;
    let page = ListPage {
        layout: a.layout("admin.agency.title"),
        section: "agencies",
        agencies,
        form: f,
        errors,
        done: None,
    };
    render(page).map(unprocessable)
}

#[derive(Deserialize, Default, Clone)]
pub struct UnitForm {
    #[serde(default)]
    unit_code: String,
    #[serde(default)]
    unit_name: String,
}

#[derive(Template)]
#[template(path = "admin/agency.html")]
struct EditPage {
    layout: Layout,
    section: &'static str,
    agency: Agency,
    form: AgencyForm,
    unit: UnitForm,
    errors: FormErrors,
    done: Option<String>,
}

async fn find(s: &AppState, a: &Admin, code: &str) -> Result<Agency, PageError> {
    match s.app.admin_agency(&a.actor(), code).await {
        Ok(found) => Ok(found),
        Err(e) => Err(a.failed(e)),
    }
}

pub async fn edit(
    State(s): State<AppState>,
    a: Admin,
    Path(code): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let agency = find(&s, &a, &code).await?;
    let t = a.t();
    render(EditPage {
        layout: a.layout("admin.agency.edit_title"),
        section: "agencies",
        form: AgencyForm {
            code: agency.code.clone(),
            name: agency.name.clone(),
            parent_code: agency.parent_code.clone().unwrap_or_default(),
        },
        agency,
        unit: UnitForm::default(),
        errors: FormErrors::default(),
        done: done_text(&t, q.done.as_deref()),
    })
}

pub async fn update(
    State(s): State<AppState>,
    a: Admin,
    Path(code): Path<String>,
    Form(f): Form<AgencyForm>,
) -> Result<Response, PageError> {
    let old = find(&s, &a, &code).await?;
    let t = a.t();
    let agency = agency_from(&f, &old.code, old.units.clone());
    let mut errors = check(&agency, &t, "");
    if errors.is_empty() {
        let changed = s
            .app
            .update_agency(&a.actor(), &code, &agency.name, agency.parent_code.clone())
            .await;
        match changed {
            Ok(()) => {
                let to = format!("/admin/agencies/{code}?done=saved");
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    }
    let page = EditPage {
        layout: a.layout("admin.agency.edit_title"),
        section: "agencies",
        agency: old,
        form: AgencyForm { code, ..f },
        unit: UnitForm::default(),
        errors,
        done: None,
    };
    render(page).map(unprocessable)
}

pub async fn save_unit(
    State(s): State<AppState>,
    a: Admin,
    Path(code): Path<String>,
    Form(f): Form<UnitForm>,
) -> Result<Response, PageError> {
    let agency = find(&s, &a, &code).await?;
    let t = a.t();
    let unit = Unit {
        code: f.unit_code.trim().to_owned(),
        name: motcua_domain::text::nfc(&f.unit_name),
    };
    // A known code renames the unit; a new one is added at the end.
    let (candidate, problems) = with_unit(&agency, &unit);
    let mut errors = check(&candidate, &t, "agency_");
    if let Some(p) = problems.into_iter().find(|p| p.field == "unit_name") {
        errors.add("unit_name", pick(&t, &p.vi, &p.en));
    }
    if errors.is_empty() {
        match s.app.save_unit(&a.actor(), &code, &unit).await {
            Ok(()) => {
                let to = format!("/admin/agencies/{code}?done=unit");
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    }
    let page = EditPage {
        layout: a.layout("admin.agency.edit_title"),
        section: "agencies",
        form: AgencyForm {
            code: agency.code.clone(),
            name: agency.name.clone(),
            parent_code: agency.parent_code.clone().unwrap_or_default(),
        },
        agency,
        unit: f,
        errors,
        done: None,
    };
    render(page).map(unprocessable)
}
