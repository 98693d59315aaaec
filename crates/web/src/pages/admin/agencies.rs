//! `/admin/agencies`: agencies (QCVN 102:2016 codes) and their units. Checked with the
//! domain's catalog validation, written one record at a time by the store.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use motcua_domain::catalog::Entity;
use motcua_domain::{Agency, Catalog, Unit};
use motcua_store::catalog;
use serde::Deserialize;

use super::{opt, pick, unprocessable, Admin, FormErrors};
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
        agencies: catalog::list_agencies(&s.db).await?,
        form: AgencyForm::default(),
        errors: FormErrors::default(),
        done: done_text(&t, q.done.as_deref()),
    })
}

/// Runs the domain's catalog validation on one agency and turns its problems into form errors.
fn check(agency: &Agency, t: &Tr, prefix: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    let c = Catalog {
        agencies: vec![agency.clone()],
        ..Catalog::default()
    };
    if let Err(e) = c.validate() {
        for p in e.0 {
            let field = match (p.entity, p.attribute) {
                (Entity::Unit, _) => "unit_code".to_owned(),
                (_, attr) => format!("{prefix}{attr}"),
            };
            errors.add(field, pick(t, &p.message_vi, &p.message_en));
        }
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
    let agencies = catalog::list_agencies(&s.db).await?;
    let agency = agency_from(&f, &f.code, Vec::new());
    let mut errors = check(&agency, &t, "");
    if agencies.iter().any(|x| x.code == agency.code) {
        errors.add("code", t.fmt("admin.agency.exists", &agency.code));
    }
    if !errors.is_empty() {
        let page = ListPage {
            layout: a.layout("admin.agency.title"),
            section: "agencies",
            agencies,
            form: f,
            errors,
            done: None,
        };
        return render(page).map(unprocessable);
    }
    catalog::upsert_agency(&s.db, &agency).await?;
    Ok(Redirect::to(&format!("/admin/agencies/{}?done=saved", agency.code)).into_response())
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
    catalog::list_agencies(&s.db)
        .await?
        .into_iter()
        .find(|x| x.code == code)
        .ok_or(PageError::NotFound(a.ctx.lang))
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
    let errors = check(&agency, &t, "");
    if !errors.is_empty() {
        let page = EditPage {
            layout: a.layout("admin.agency.edit_title"),
            section: "agencies",
            agency: old,
            form: AgencyForm { code, ..f },
            unit: UnitForm::default(),
            errors,
            done: None,
        };
        return render(page).map(unprocessable);
    }
    let agency = Agency {
        address: old.address,
        phone: old.phone,
        email: old.email,
        ..agency
    };
    catalog::upsert_agency(&s.db, &agency).await?;
    Ok(Redirect::to(&format!("/admin/agencies/{code}?done=saved")).into_response())
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
    let mut candidate = agency.clone();
    match candidate.units.iter_mut().find(|u| u.code == unit.code) {
        Some(u) => u.name = unit.name.clone(),
        None => candidate.units.push(unit.clone()),
    }
    let mut errors = check(&candidate, &t, "agency_");
    if unit.name.is_empty() {
        errors.add("unit_name", t.get("admin.agency.unit_name_missing"));
    }
    if !errors.is_empty() {
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
        return render(page).map(unprocessable);
    }
    catalog::upsert_unit(&s.db, &code, &unit).await?;
    Ok(Redirect::to(&format!("/admin/agencies/{code}?done=unit")).into_response())
}
