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
use motcua_app::desk::{intake_problems, Checked, CopyForm, CounterIntake, IntakeProblem, Queue};
use motcua_app::dossiers::Created;
use motcua_app::work::ProcedureSummary;
use motcua_app::AppError;
use motcua_domain::dossier::{Applicant, Channel, DossierError, DOSSIER_ACTIONS};
use motcua_domain::{ApplicantType, Procedure};
use serde::Deserialize;

use super::actions::{domain_message, Fields};
use super::common::{forbidden, is_desk, status_label, vn_time, WorkUser};
use super::dossier_view::{action_key, action_label};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{format, render, Layout, PageCtx};
use crate::state::AppState;

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
    payments: Vec<PaymentLine>,
    payments_total: i64,
}

/// A dossier awaiting payment, with what it owes.
pub struct PaymentLine {
    pub code: String,
    pub version: i64,
    pub procedure: String,
    pub applicant: String,
    pub requested_at: String,
    pub amount: String,
    pub outstanding: String,
    /// What is owed, as the record form's default amount ("1.200.000").
    pub outstanding_input: String,
}

#[derive(Deserialize)]
pub struct DeskQuery {
    done: Option<String>,
    code: Option<String>,
}

fn queue_lines(q: Queue, t: &Tr) -> (i64, Vec<QueueLine>) {
    let lines = q
        .items
        .into_iter()
        .map(|item| {
            let d = item.dossier;
            QueueLine {
                version: d.version,
                procedure: item.procedure_name,
                applicant: d.applicant.name.clone(),
                at: vn_time(d.finished_at.unwrap_or(d.submitted_at)),
                status: status_label(d.status, t),
                components: item.components,
                code: d.code,
            }
        })
        .collect();
    (q.total, lines)
}

/// A refusal of the desk's use cases as a page: the workspace's 403 page, the 404 page, or
/// our fault.
fn refusal(ctx: &PageCtx, e: AppError) -> Result<Response, PageError> {
    match e {
        AppError::Forbidden { .. } => Ok(forbidden(ctx)),
        AppError::NotFound(_) => Err(PageError::NotFound(ctx.lang)),
        e => Err(e.into()),
    }
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
    let queues = match s.app.desk_queues(&user.actor()).await {
        Ok(q) => q,
        Err(e) => return refusal(&ctx, e),
    };
    let (intake_total, intake) = queue_lines(queues.intake, &t);
    let (results_total, results) = queue_lines(queues.results, &t);
    let pay = match s.app.awaiting_payment(&user.actor()).await {
        Ok(q) => q,
        Err(e) => return refusal(&ctx, e),
    };
    let payments_total = pay.total;
    let payments = pay
        .items
        .into_iter()
        .map(|item| {
            let d = item.dossier;
            let p = &d.payment;
            PaymentLine {
                version: d.version,
                procedure: item.procedure_name,
                applicant: d.applicant.name.clone(),
                requested_at: p.requested_at.map(vn_time).unwrap_or_default(),
                amount: format::money(p.amount_vnd.unwrap_or(0), ctx.lang),
                outstanding: format::money(p.outstanding_vnd(), ctx.lang),
                outstanding_input: motcua_domain::dossier::vnd(p.outstanding_vnd()),
                code: d.code.clone(),
            }
        })
        .collect();
    let done = q
        .done
        .as_deref()
        .and_then(|a| DOSSIER_ACTIONS.iter().find(|x| action_key(**x) == a))
        .map(|a| t.fmt("work.done", action_label(*a, &ctx)));
    render(DeskPage {
        layout: ctx.layout(t.get("work.desk.title"), "work"),
        done,
        done_code: q.code.unwrap_or_default(),
        intake,
        intake_total,
        results,
        results_total,
        payments,
        payments_total,
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

fn form_value(f: CopyForm) -> &'static str {
    match f {
        CopyForm::Original => "original",
        CopyForm::Certified => "certified",
        CopyForm::Copy => "copy",
    }
}

/// The checklist of `p`'s components: from what was sent, or every one present in the form
/// and number the procedure asks for.
fn checklist(p: &Procedure, f: Option<&Fields>) -> Vec<ComponentLine> {
    p.components
        .iter()
        .enumerate()
        .map(|(i, c)| match f {
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
                form: form_value(CopyForm::default_for(c)).to_owned(),
                count: (c.originals + c.certified_copies + c.copies)
                    .max(1)
                    .to_string(),
            },
        })
        .collect()
}

async fn intake_page(
    s: &AppState,
    ctx: &PageCtx,
    actor: &motcua_domain::dossier::Actor,
    q: String,
    code: &str,
    sent: Option<&Fields>,
    errors: Vec<(String, String)>,
) -> Result<IntakePage, AppError> {
    let t = ctx.t();
    let procedure = match code {
        "" => None,
        c => s.app.intake_procedure(actor, c).await?,
    };
    let found = match procedure {
        None => s.app.intake_search(actor, &q).await?,
        Some(_) => Vec::new(),
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
    let page = match intake_page(&s, &ctx, &user.actor(), q.q, &q.procedure, None, Vec::new()).await
    {
        Ok(p) => p,
        Err(e) => return refusal(&ctx, e),
    };
    if !q.procedure.is_empty() && page.procedure.is_none() {
        return Err(PageError::NotFound(ctx.lang));
    }
    render(page)
}

/// Why the checklist is not complete, in the page's language.
fn problem_message(p: &IntakeProblem, t: &Tr) -> String {
    match p {
        IntakeProblem::NoName => t.get("work.intake.need_name").to_owned(),
        IntakeProblem::Incomplete(names) => t.fmt("work.intake.incomplete", names.join("; ")),
        IntakeProblem::BadCount => t.get("work.intake.bad_count").to_owned(),
    }
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
    let actor = user.actor();
    let f = Fields::parse(&body);
    let code = f.get("procedure").to_owned();
    let p = match s.app.intake_procedure(&actor, &code).await {
        Ok(Some(p)) => p,
        Ok(None) => return Err(PageError::NotFound(ctx.lang)),
        Err(e) => return refusal(&ctx, e),
    };
    let channel = match f.get("channel") {
        "postal" => Channel::Postal,
        _ => Channel::Direct,
    };
    let kind = KINDS
        .into_iter()
        .find(|k| kind_value(*k) == f.get("kind"))
        .unwrap_or(ApplicantType::Citizen);
    let intake = CounterIntake {
        procedure_code: code.clone(),
        applicant: Applicant {
            name: f.get("name").to_owned(),
            id_number: f.opt("id_number"),
            address: f.opt("address"),
            phone: f.opt("phone"),
            email: f.opt("email"),
            kind,
        },
        summary: f.opt("summary"),
        channel,
        components: (0..p.components.len())
            .map(|i| Checked {
                present: !f.get(&format!("present_{i}")).is_empty(),
                form: CopyForm::parse(f.get(&format!("form_{i}"))),
                count: f.get(&format!("count_{i}")).to_owned(),
            })
            .collect(),
        sets: f.get("sets").to_owned(),
        note: f.opt("note"),
    };
    // Every problem at once, next to its field; the use case checks the same again.
    let mut errors: Vec<(String, String)> = intake_problems(&p.components, &intake)
        .iter()
        .map(|e| (e.field().to_owned(), problem_message(e, &t)))
        .collect();
    if errors.is_empty() {
        match s
            .app
            .receive_at_counter(actor.clone(), intake, Utc::now())
            .await
        {
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
            Err(AppError::Invalid { field, vi, en }) => errors.push((
                field.unwrap_or("form").to_owned(),
                match ctx.lang {
                    crate::i18n::Lang::Vi => vi,
                    crate::i18n::Lang::En => en,
                },
            )),
            Err(e @ (AppError::Store(_) | AppError::Unexpected(_))) => return Err(e.into()),
            Err(e @ (AppError::NotFound(_) | AppError::Forbidden { .. })) => {
                return refusal(&ctx, e)
            }
            Err(e) => errors.push(("form".to_owned(), e.to_string())),
        }
    }
    let page = match intake_page(&s, &ctx, &actor, String::new(), &code, Some(&f), errors).await {
        Ok(p) => p,
        Err(e) => return refusal(&ctx, e),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}
