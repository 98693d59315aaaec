//! The question pages of an online submission, one topic each (who applies; name and number;
//! phone and e-mail; address; the request), then "check your answers", the send and the
//! confirmation. Files have their own pages (`uploads.rs`).

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use motcua_app::catalog::StoredProcedure;
use motcua_app::AppError;
use motcua_domain::dossier::first_missing_component;
use motcua_domain::{ApplicantType, Procedure};
use serde::Deserialize;
use std::collections::HashMap;

use super::common::{see_other, set_cookie, PortalError, PortalResult, DRAFT_COOKIE, DRAFT_HOURS};
use super::draft::{self, Answers, Draft, FieldError};
use crate::pages::error::PageError;
use crate::pages::{format, render, Layout, PageCtx};
use crate::state::AppState;

/// The question pages, in order.
pub const STEPS: &[&str] = &["applicant", "identity", "contact", "address", "request"];

/// A published procedure that can be filed online, or a 404.
pub async fn online_procedure(
    s: &AppState,
    ctx: &PageCtx,
    code: &str,
) -> Result<StoredProcedure, PortalError> {
    match s.app.online_procedure(code).await {
        Ok(p) => Ok(p),
        Err(AppError::NotFound(_)) => Err(PageError::NotFound(ctx.lang).into()),
        Err(e) => Err(e.into()),
    }
}

/// Where the journey goes after `step` (or back to the check page when changing an answer).
fn next_after(p: &Procedure, step: &str, change: bool) -> String {
    let code = &p.code;
    if change {
        return format!("/submit/{code}/check");
    }
    match STEPS.iter().position(|s| *s == step) {
        Some(i) if i + 1 < STEPS.len() => format!("/submit/{code}/{}", STEPS[i + 1]),
        _ if !p.components.is_empty() => format!("/submit/{code}/files/0"),
        _ => format!("/submit/{code}/check"),
    }
}

fn previous_of(p: &Procedure, step: &str) -> String {
    let code = &p.code;
    match STEPS.iter().position(|s| *s == step) {
        Some(i) if i > 0 => format!("/submit/{code}/{}", STEPS[i - 1]),
        _ => format!("/submit/{code}"),
    }
}

/// The first page still to fill in, if any.
pub fn first_missing(p: &Procedure, d: &Draft) -> Option<String> {
    let code = &p.code;
    if let Some(step) = STEPS.iter().find(|s| !d.is_done(s)) {
        return Some(format!("/submit/{code}/{step}"));
    }
    // The same completeness rule `App::submit` enforces.
    first_missing_component(&p.components, &d.answers.files)
        .map(|i| format!("/submit/{code}/files/{i}"))
}

#[derive(Template)]
#[template(path = "portal/submit_start.html")]
struct StartPage {
    layout: Layout,
    p: Procedure,
    committed: String,
    online: &'static str,
    resume: Option<String>,
}

/// `GET /submit/{procedure}`: what the journey asks for, and the start button.
pub async fn start_page(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let t = ctx.t();
    let resume = Draft::for_procedure(&s, &headers, &code)
        .await?
        .filter(|d| d.answers.submitted.is_none())
        .map(|d| first_missing(&p, &d).unwrap_or_else(|| format!("/submit/{code}/check")));
    Ok(render(StartPage {
        layout: ctx.layout(t.fmt("submit.start_title", &p.name), "catalog"),
        committed: format::time_limit(&p.committed_time, &t),
        online: format::online_level(p.online_level, &t),
        resume,
        p,
    })?)
}

/// `POST /submit/{procedure}`: a fresh draft (and idempotency key) under a new random id.
pub async fn start(
    State(s): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let (token, _) = motcua_app::auth::new_token();
    let (key, _) = motcua_app::auth::new_token();
    let answers = Answers {
        idempotency_key: key,
        ..Answers::default()
    };
    let expires = Utc::now() + Duration::hours(DRAFT_HOURS);
    s.app
        .create_draft(&token, &p.code, &serde_json::to_string(&answers)?, expires)
        .await?;
    let mut res = see_other(&format!("/submit/{}/{}", p.code, STEPS[0]));
    set_cookie(&mut res, DRAFT_COOKIE, &token, DRAFT_HOURS * 3600);
    Ok(res)
}

/// One input of a question page.
pub struct QField {
    pub id: &'static str,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub error: Option<String>,
    /// `text`, `tel`, `email`, `textarea` or `radio`.
    pub input: &'static str,
    pub autocomplete: &'static str,
    pub options: Vec<(String, String)>,
}

impl QField {
    /// Whether the input is of `kind` (templates compare through this).
    pub fn is(&self, kind: &str) -> bool {
        self.input == kind
    }

    pub fn is_id(&self) -> bool {
        self.id == "id_number"
    }
}

#[derive(Template)]
#[template(path = "portal/submit_question.html")]
struct QuestionPage {
    layout: Layout,
    procedure_name: String,
    action: String,
    back: String,
    progress: String,
    heading: String,
    lead: String,
    fields: Vec<QField>,
    has_errors: bool,
    change: bool,
}

#[derive(Deserialize, Default)]
pub struct ChangeQuery {
    change: Option<String>,
}

impl ChangeQuery {
    /// Came from a change link of the check page: go back there when saved.
    pub fn is_change(&self) -> bool {
        self.change.as_deref().is_some_and(|c| !c.is_empty())
    }
}

/// The applicant types a procedure accepts (all when the catalog names none).
fn kinds(p: &Procedure) -> Vec<ApplicantType> {
    if p.applicant_types.is_empty() {
        vec![
            ApplicantType::Citizen,
            ApplicantType::Business,
            ApplicantType::Organization,
            ApplicantType::StateAgency,
            ApplicantType::Foreign,
        ]
    } else {
        p.applicant_types.clone()
    }
}

pub(super) fn kind_code(k: ApplicantType) -> &'static str {
    match k {
        ApplicantType::Citizen => "citizen",
        ApplicantType::Business => "business",
        ApplicantType::StateAgency => "state_agency",
        ApplicantType::Organization => "organization",
        ApplicantType::Foreign => "foreign",
    }
}

/// The page for `step` with `values` shown and `errors` next to their fields.
fn question_page(
    ctx: &PageCtx,
    p: &Procedure,
    step: &str,
    values: &HashMap<String, String>,
    errors: &[FieldError],
    change: bool,
) -> Result<Response, PortalError> {
    let t = ctx.t();
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let err = |id: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, key)| t.get(key).to_owned())
    };
    let field = |id: &'static str, input: &'static str, autocomplete: &'static str| QField {
        id,
        label: t.get(&format!("submit.field.{id}")).to_owned(),
        hint: t.get(&format!("submit.hint.{id}")).to_owned(),
        value: v(id),
        error: err(id),
        input,
        autocomplete,
        options: Vec::new(),
    };
    let fields = match step {
        "applicant" => {
            let mut f = field("kind", "radio", "");
            f.options = kinds(p)
                .into_iter()
                .map(|k| (kind_code(k).to_owned(), format::applicant(k, &t).to_owned()))
                .collect();
            vec![f]
        }
        "identity" => {
            let kind = v("kind");
            let mut id = field("id_number", "text", "off");
            id.label = t.get(&format!("submit.field.id_number.{kind}")).to_owned();
            id.hint = t.get(&format!("submit.hint.id_number.{kind}")).to_owned();
            vec![field("name", "text", "name"), id]
        }
        "contact" => vec![
            field("phone", "tel", "tel"),
            field("email", "email", "email"),
        ],
        "address" => vec![field("address", "textarea", "street-address")],
        _ => vec![field("summary", "textarea", "off")],
    };
    let position = STEPS.iter().position(|s| *s == step).unwrap_or(0) + 1;
    let total = STEPS.len() + p.components.len() + 1;
    let page = QuestionPage {
        layout: ctx.layout(t.get(&format!("submit.q.{step}")), "catalog"),
        procedure_name: p.name.clone(),
        action: format!("/submit/{}/{step}", p.code),
        back: if change {
            format!("/submit/{}/check", p.code)
        } else {
            previous_of(p, step)
        },
        progress: t
            .fmt("submit.progress", position)
            .replacen("{}", &total.to_string(), 1),
        heading: t.get(&format!("submit.q.{step}")).to_owned(),
        lead: t.get(&format!("submit.lead.{step}")).to_owned(),
        has_errors: !errors.is_empty(),
        fields,
        change,
    };
    let res = render(page)?;
    Ok(if errors.is_empty() {
        res
    } else {
        (StatusCode::UNPROCESSABLE_ENTITY, res).into_response()
    })
}

fn stored_values(a: &Answers) -> HashMap<String, String> {
    let mut m = HashMap::new();
    m.insert(
        "kind".into(),
        a.kind.map(kind_code).unwrap_or("").to_owned(),
    );
    m.insert("name".into(), a.name.clone());
    m.insert("id_number".into(), a.id_number.clone());
    m.insert("phone".into(), a.phone.clone());
    m.insert("email".into(), a.email.clone());
    m.insert("address".into(), a.address.clone());
    m.insert("summary".into(), a.summary.clone());
    m
}

/// The draft of this browser for `code`, or a redirect to the journey's start.
pub(super) async fn draft_or_start(
    s: &AppState,
    headers: &HeaderMap,
    code: &str,
) -> Result<Result<Draft, Response>, PortalError> {
    Ok(match Draft::for_procedure(s, headers, code).await? {
        Some(d) if d.answers.submitted.is_some() => Err(see_other(&format!("/submit/{code}/done"))),
        Some(d) => Ok(d),
        None => Err(see_other(&format!("/submit/{code}"))),
    })
}

/// `GET /submit/{procedure}/{step}`.
pub async fn question(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, step)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<ChangeQuery>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    if !STEPS.contains(&step.as_str()) {
        return Err(PageError::NotFound(ctx.lang).into());
    }
    let d = match draft_or_start(&s, &headers, &code).await? {
        Ok(d) => d,
        Err(redirect) => return Ok(redirect),
    };
    question_page(
        &ctx,
        &p,
        &step,
        &stored_values(&d.answers),
        &[],
        q.is_change(),
    )
}

/// `POST /submit/{procedure}/{step}`: validate, keep what was typed either way, move on.
pub async fn answer(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, step)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    if !STEPS.contains(&step.as_str()) {
        return Err(PageError::NotFound(ctx.lang).into());
    }
    let mut d = match draft_or_start(&s, &headers, &code).await? {
        Ok(d) => d,
        Err(redirect) => return Ok(redirect),
    };
    let change = form.get("change").is_some_and(|c| !c.is_empty());
    let get = |k: &str| draft::clean(form.get(k).map(String::as_str).unwrap_or(""));
    let a = &mut d.answers;
    let errors: Vec<FieldError> = match step.as_str() {
        "applicant" => {
            let chosen = kinds(&p).into_iter().find(|k| kind_code(*k) == get("kind"));
            match chosen {
                Some(k) => {
                    a.kind = Some(k);
                    Vec::new()
                }
                None => vec![("kind", "submit.err.kind_missing")],
            }
        }
        "identity" => {
            a.name = get("name");
            a.id_number = get("id_number");
            draft::check_identity(
                a.kind.unwrap_or(ApplicantType::Citizen),
                &a.name,
                &a.id_number,
            )
        }
        "contact" => {
            a.phone = get("phone");
            a.email = get("email");
            draft::check_contact(&a.phone, &a.email)
        }
        "address" => {
            a.address = get("address");
            draft::check_address(&a.address)
        }
        _ => {
            // Keep the citizen's line breaks in the free text.
            let raw = form.get("summary").map(String::as_str).unwrap_or("");
            a.summary = motcua_domain::text::nfc(raw.trim());
            draft::check_summary(&a.summary)
        }
    };
    if errors.is_empty() {
        d.mark_done(&step);
    }
    // Saved even when invalid: nothing typed is lost if the citizen leaves and comes back.
    d.save(&s).await?;
    if !errors.is_empty() {
        return question_page(&ctx, &p, &step, &stored_values(&d.answers), &errors, change);
    }
    Ok(see_other(&next_after(&p, &step, change)))
}
