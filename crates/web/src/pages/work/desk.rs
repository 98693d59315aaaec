//! The one-stop desk (Bộ phận Một cửa): `/work/desk` — the queue of online submissions to
//! check and the results to hand back; `/work/desk/intake` — counter intake in one go;
//! `/work/desk/book` — the tracking book for a period, printable and as CSV.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use motcua_domain::dossier::{Applicant, Channel, DossierError, Status};
use motcua_domain::{ApplicantType, Procedure};
use motcua_store::catalog::{self, ProcedureFilter, ProcedureSummary};
use motcua_store::dossiers::{self, Created, DossierFilter};
use serde::Deserialize;

use super::actions::{domain_message, Fields};
use super::dossier::action_label;
use super::view::OFFERED;
use super::{forbidden, is_desk, status_label, vn_time, WorkUser};
use crate::pages::error::PageError;
use crate::pages::{format, render, Layout, PageCtx};
use crate::state::AppState;
use motcua_app::dossiers::Submission;
use motcua_app::AppError;

pub struct QueueLine {
    pub code: String,
    pub version: i64,
    pub procedure: String,
    pub applicant: String,
    pub at: String,
    pub status: &'static str,
    pub components: Vec<String>,
}

#[derive(Template)]
#[template(path = "work_desk.html")]
struct DeskPage {
    layout: Layout,
    done: Option<String>,
    done_code: String,
    intake: Vec<QueueLine>,
    intake_total: i64,
    results: Vec<QueueLine>,
    results_total: i64,
}

#[derive(Deserialize)]
pub struct DeskQuery {
    done: Option<String>,
    code: Option<String>,
}

async fn queue(
    s: &AppState,
    f: &DossierFilter,
    t: &crate::i18n::Tr,
    names: &HashMap<String, String>,
) -> Result<(i64, Vec<QueueLine>), PageError> {
    let (total, lines) = dossiers::list(&s.db, f).await?;
    let mut out = Vec::new();
    for line in lines {
        let Some(stored) = dossiers::load(&s.db, &line.code).await? else {
            continue;
        };
        let d = stored.dossier;
        let components = catalog::get_procedure_by_id_cached(&s.db, d.procedure_version_id)
            .await?
            .map(|p| {
                p.procedure
                    .components
                    .iter()
                    .map(|c| c.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        out.push(QueueLine {
            version: d.version,
            procedure: names
                .get(&d.procedure_code)
                .cloned()
                .unwrap_or_else(|| d.procedure_code.clone()),
            applicant: d.applicant.name.clone(),
            at: vn_time(d.finished_at.unwrap_or(d.submitted_at)),
            status: status_label(d.status, t),
            components,
            code: d.code,
        });
    }
    Ok((total, out))
}

pub(crate) async fn procedure_names(s: &AppState) -> Result<Vec<ProcedureSummary>, PageError> {
    Ok(catalog::list_procedures(
        &s.db,
        &ProcedureFilter {
            per_page: 500,
            ..Default::default()
        },
    )
    .await?
    .items)
}

pub async fn page(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Query(q): Query<DeskQuery>,
) -> Result<Response, PageError> {
    if !is_desk(&user) {
        return Ok(forbidden(&ctx));
    }
    let t = ctx.t();
    let names: HashMap<String, String> = procedure_names(&s)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let agency = user.agency_code.clone().unwrap_or_default();
    let (intake_total, intake) = queue(
        &s,
        &DossierFilter {
            intake_agency: Some(agency.clone()),
            statuses: vec![Status::Submitted],
            limit: 50,
            ..Default::default()
        },
        &t,
        &names,
    )
    .await?;
    let (results_total, results) = queue(
        &s,
        &DossierFilter {
            statuses: vec![Status::ResultReady],
            agency_code: Some(agency),
            limit: 50,
            ..Default::default()
        },
        &t,
        &names,
    )
    .await?;
    let done = q
        .done
        .as_deref()
        .and_then(|a| {
            OFFERED
                .iter()
                .find(|x| super::dossier::action_key(**x) == a)
        })
        .map(|a| t.fmt("work.done", action_label(*a, &ctx)));
    render(DeskPage {
        layout: ctx.layout(t.get("work.desk.title"), "work"),
        done,
        done_code: q.code.unwrap_or_default(),
        intake,
        intake_total,
        results,
        results_total,
    })
}

/// A component line of the counter checklist.
pub struct ComponentLine {
    pub index: usize,
    pub name: String,
    pub required: bool,
    pub present: bool,
    pub form: String,
    pub count: String,
}

#[derive(Template)]
#[template(path = "work_intake.html")]
struct IntakePage {
    layout: Layout,
    q: String,
    found: Vec<ProcedureSummary>,
    procedure: Option<Procedure>,
    components: Vec<ComponentLine>,
    kinds: Vec<(&'static str, &'static str)>,
    values: HashMap<String, String>,
    errors: Vec<(String, String)>,
}

impl IntakePage {
    pub fn v(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Deserialize)]
pub struct IntakeQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    procedure: String,
}

fn kind_value(k: ApplicantType) -> &'static str {
    match k {
        ApplicantType::Citizen => "citizen",
        ApplicantType::Business => "business",
        ApplicantType::StateAgency => "state_agency",
        ApplicantType::Organization => "organization",
        ApplicantType::Foreign => "foreign",
    }
}

const KINDS: [ApplicantType; 5] = [
    ApplicantType::Citizen,
    ApplicantType::Business,
    ApplicantType::Organization,
    ApplicantType::StateAgency,
    ApplicantType::Foreign,
];

/// The checklist of `p`'s components: from what was sent, or every one present in the form
/// and number the procedure asks for.
fn checklist(p: &Procedure, f: Option<&Fields>) -> Vec<ComponentLine> {
    p.components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let default_form = if c.originals > 0 {
                "original"
            } else if c.certified_copies > 0 {
                "certified"
            } else {
                "copy"
            };
            let default_count = (c.originals + c.certified_copies + c.copies).max(1);
            match f {
                Some(f) => ComponentLine {
                    index: i,
                    name: c.name.clone(),
                    required: c.required,
                    present: !f.get(&format!("present_{i}")).is_empty(),
                    form: f.get(&format!("form_{i}")).to_owned(),
                    count: f.get(&format!("count_{i}")).to_owned(),
                },
                None => ComponentLine {
                    index: i,
                    name: c.name.clone(),
                    required: c.required,
                    present: true,
                    form: default_form.to_owned(),
                    count: default_count.to_string(),
                },
            }
        })
        .collect()
}

async fn intake_page(
    s: &AppState,
    ctx: &PageCtx,
    q: String,
    code: &str,
    sent: Option<&Fields>,
    errors: Vec<(String, String)>,
) -> Result<IntakePage, PageError> {
    let t = ctx.t();
    let procedure = match code {
        "" => None,
        c => catalog::get_procedure(&s.db, c)
            .await?
            .map(|p| p.procedure)
            .filter(|p| p.status == motcua_domain::PublicationStatus::Published),
    };
    let found = if procedure.is_none() && !q.trim().is_empty() {
        catalog::list_procedures(
            &s.db,
            &ProcedureFilter {
                q: Some(q.trim().to_owned()),
                published_only: true,
                per_page: 30,
                ..Default::default()
            },
        )
        .await?
        .items
    } else {
        Vec::new()
    };
    let mut values: HashMap<String, String> = sent
        .map(|f| f.0.iter().cloned().collect())
        .unwrap_or_default();
    if let Some(p) = &procedure {
        values
            .entry("sets".into())
            .or_insert_with(|| p.sets.max(1).to_string());
        values
            .entry("channel".into())
            .or_insert_with(|| "direct".into());
        values.entry("kind".into()).or_insert_with(|| {
            p.applicant_types
                .first()
                .map_or("citizen", |k| kind_value(*k))
                .into()
        });
    }
    Ok(IntakePage {
        layout: ctx.layout(t.get("work.intake.title"), "work"),
        components: procedure
            .as_ref()
            .map(|p| checklist(p, sent))
            .unwrap_or_default(),
        kinds: KINDS
            .iter()
            .map(|k| (kind_value(*k), format::applicant(*k, &t)))
            .collect(),
        q,
        found,
        procedure,
        values,
        errors,
    })
}

pub async fn intake_form(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Query(q): Query<IntakeQuery>,
) -> Result<Response, PageError> {
    if !is_desk(&user) {
        return Ok(forbidden(&ctx));
    }
    let page = intake_page(&s, &ctx, q.q, &q.procedure, None, Vec::new()).await?;
    if !q.procedure.is_empty() && page.procedure.is_none() {
        return Err(PageError::NotFound(ctx.lang));
    }
    render(page)
}

fn form_label(form: &str) -> &'static str {
    match form {
        "original" => "bản chính",
        "certified" => "bản sao chứng thực",
        _ => "bản sao",
    }
}

/// What the desk checked at the counter, for the process-control slip (Vietnamese: it is the
/// official record).
fn checklist_note(lines: &[ComponentLine], sets: &str, note: &str) -> String {
    let items: Vec<String> = lines
        .iter()
        .filter(|c| c.present)
        .enumerate()
        .map(|(n, c)| {
            format!(
                "{}. {} ({} × {})",
                n + 1,
                c.name,
                form_label(&c.form),
                c.count
            )
        })
        .collect();
    let mut out = format!("Thành phần hồ sơ đã nhận ({sets} bộ): {}", items.join("; "));
    if !note.trim().is_empty() {
        out.push_str(&format!(". Ghi chú: {}", note.trim()));
    }
    out
}

pub async fn intake_submit(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    body: Bytes,
) -> Result<Response, PageError> {
    if !is_desk(&user) {
        return Ok(forbidden(&ctx));
    }
    let t = ctx.t();
    let f = Fields::parse(&body);
    let code = f.get("procedure").to_owned();
    let Some(p) = catalog::get_procedure(&s.db, &code)
        .await?
        .map(|p| p.procedure)
    else {
        return Err(PageError::NotFound(ctx.lang));
    };
    let lines = checklist(&p, Some(&f));
    let mut errors = Vec::new();
    if f.get("name").is_empty() {
        errors.push(("name".to_owned(), t.get("work.intake.need_name").to_owned()));
    }
    let absent: Vec<&str> = lines
        .iter()
        .filter(|c| c.required && !c.present)
        .map(|c| c.name.as_str())
        .collect();
    if !absent.is_empty() {
        errors.push((
            "components".to_owned(),
            t.fmt("work.intake.incomplete", absent.join("; ")),
        ));
    }
    if lines
        .iter()
        .any(|c| c.present && c.count.parse::<u32>().map_or(true, |n| n == 0))
        || f.get("sets").parse::<u32>().map_or(true, |n| n == 0)
    {
        errors.push(("sets".to_owned(), t.get("work.intake.bad_count").to_owned()));
    }
    let channel = match f.get("channel") {
        "postal" => Channel::Postal,
        _ => Channel::Direct,
    };
    let kind = KINDS
        .into_iter()
        .find(|k| kind_value(*k) == f.get("kind"))
        .unwrap_or(ApplicantType::Citizen);
    if errors.is_empty() {
        let applicant = Applicant {
            name: f.get("name").to_owned(),
            id_number: f.opt("id_number"),
            address: f.opt("address"),
            phone: f.opt("phone"),
            email: f.opt("email"),
            kind,
        };
        let note = checklist_note(&lines, f.get("sets"), f.get("note"));
        let result = s
            .app
            .submit_noted(
                user.actor(),
                Submission {
                    procedure_code: code.clone(),
                    applicant,
                    summary: Some(f.opt("summary").unwrap_or_else(|| p.name.clone())),
                    files: Vec::new(),
                    desk_channel: Some(channel),
                    idempotency_key: None,
                },
                Some(note),
                Utc::now(),
            )
            .await;
        match result {
            Ok(Created::New(d) | Created::Existing(d)) => {
                return Ok(Redirect::to(&format!(
                    "/work/dossiers/{}?done=receive_at_desk",
                    d.dossier.code
                ))
                .into_response())
            }
            Err(AppError::Refused(e)) => {
                let field = match &e {
                    DossierError::Invalid { field, .. } if *field == "applicant.name" => "name",
                    _ => "form",
                };
                errors.push((field.to_owned(), domain_message(&e, ctx.lang)));
            }
            Err(AppError::NotFound(_)) => return Err(PageError::NotFound(ctx.lang)),
            Err(e @ (AppError::Store(_) | AppError::Unexpected(_))) => return Err(e.into()),
            Err(e) => errors.push(("form".to_owned(), e.to_string())),
        }
    }
    let page = intake_page(&s, &ctx, String::new(), &code, Some(&f), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}
