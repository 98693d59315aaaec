//! "Check your answers", the send through `App::submit` and the confirmation page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use motcua_domain::{ApplicantType, Procedure};

use super::common::{act_message, attachment_message, grant, see_other, PortalError, PortalResult};
use super::draft::Draft;
use super::submit::{draft_or_start, first_missing, kind_code, online_procedure};
use crate::pages::{format, render, Layout, PageCtx};
use crate::state::AppState;
use motcua_app::dossiers::{Created, Submission};
use motcua_domain::dossier::guest_actor;

/// One row of "check your answers".
pub struct CheckRow {
    pub label: String,
    pub value: String,
    pub change: String,
}

#[derive(Template)]
#[template(path = "portal/submit_check.html")]
struct CheckPage {
    layout: Layout,
    procedure_name: String,
    action: String,
    rows: Vec<CheckRow>,
    file_rows: Vec<CheckRow>,
    error: Option<String>,
}

fn check_page(
    ctx: &PageCtx,
    p: &Procedure,
    d: &Draft,
    error: Option<String>,
) -> Result<Response, PortalError> {
    let t = ctx.t();
    let a = &d.answers;
    let code = &p.code;
    let row = |key: &str, value: String, step: &str| CheckRow {
        label: t.get(key).to_owned(),
        value: if value.is_empty() {
            t.get("submit.check.none").to_owned()
        } else {
            value
        },
        change: format!("/submit/{code}/{step}?change=1"),
    };
    let kind = a.kind.unwrap_or(ApplicantType::Citizen);
    let rows = vec![
        row(
            "submit.field.kind",
            format::applicant(kind, &t).to_owned(),
            "applicant",
        ),
        row("submit.field.name", a.name.clone(), "identity"),
        row(
            &format!("submit.field.id_number.{}", kind_code(kind)),
            a.id_number.clone(),
            "identity",
        ),
        row("submit.field.phone", a.phone.clone(), "contact"),
        row("submit.field.email", a.email.clone(), "contact"),
        row("submit.field.address", a.address.clone(), "address"),
        row("submit.field.summary", a.summary.clone(), "request"),
    ];
    let file_rows = p
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let names: Vec<String> = a
                .files
                .iter()
                .filter(|f| f.component.as_deref() == Some(&c.name))
                .map(|f| f.name.clone())
                .collect();
            CheckRow {
                label: c.name.clone(),
                value: if names.is_empty() {
                    t.get("submit.check.no_file").to_owned()
                } else {
                    names.join(", ")
                },
                change: format!("/submit/{code}/files/{i}?change=1"),
            }
        })
        .collect();
    let failed = error.is_some();
    let res = render(CheckPage {
        layout: ctx.layout(t.get("submit.check.title"), "catalog"),
        procedure_name: p.name.clone(),
        action: format!("/submit/{code}/check"),
        rows,
        file_rows,
        error,
    })?;
    Ok(if failed {
        (StatusCode::UNPROCESSABLE_ENTITY, res).into_response()
    } else {
        res
    })
}

/// `GET /submit/{procedure}/check`: everything on one page, each with its change link.
pub async fn check(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let d = match draft_or_start(&s, &headers, &code).await? {
        Ok(d) => d,
        Err(redirect) => return Ok(redirect),
    };
    if let Some(missing) = first_missing(&p, &d) {
        return Ok(see_other(&missing));
    }
    check_page(&ctx, &p, &d, None)
}

/// `POST /submit/{procedure}/check`: files the dossier through `workflow::submit` with the
/// draft's idempotency key, opens its page to this browser and shows the confirmation. A
/// second send (double click, refresh) lands on the same dossier.
pub async fn send(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let mut d = match Draft::for_procedure(&s, &headers, &code).await? {
        Some(d) => d,
        None => return Ok(see_other(&format!("/submit/{code}"))),
    };
    if let Some(missing) = first_missing(&p, &d) {
        return Ok(see_other(&missing));
    }
    let mut files = d.answers.files.clone();
    if let Err(e) = s.app.check_files(None, &mut files).await {
        return check_page(&ctx, &p, &d, Some(attachment_message(&e, ctx.lang)));
    }
    let applicant = d.applicant();
    let actor = match ctx.user.as_deref() {
        Some(u) if !u.is_officer() => u.actor(),
        // The draft's questions require one of them; `guest:` alone would prove nothing.
        _ => match guest_actor(&applicant) {
            Some(a) => a,
            None => return Ok(see_other(&format!("/submit/{code}"))),
        },
    };
    let submission = Submission {
        procedure_code: p.code.clone(),
        applicant,
        summary: (!d.answers.summary.is_empty()).then(|| d.answers.summary.clone()),
        files,
        desk_channel: None,
        idempotency_key: Some(d.answers.idempotency_key.clone()),
        handed_in: Vec::new(),
    };
    let created = match s.app.submit(actor, submission, Utc::now()).await {
        Ok(c) => c,
        Err(e) => match act_message(&e, ctx.lang) {
            Some(m) => return check_page(&ctx, &p, &d, Some(m)),
            None => return Err(e.into()),
        },
    };
    let dossier_code = match created {
        Created::New(x) | Created::Existing(x) => x.dossier.code,
    };
    d.answers.submitted = Some(dossier_code.clone());
    d.save(&s).await?;
    let mut res = see_other(&format!("/submit/{code}/done"));
    grant(&s, &headers, &dossier_code, &mut res).await?;
    Ok(res)
}

#[derive(Template)]
#[template(path = "portal/submit_done.html")]
struct DonePage {
    layout: Layout,
    code: String,
    procedure_name: String,
    lookup_url: String,
    qr: String,
    has_id: bool,
    /// How the applicant will be told (only channels that can deliver).
    track: String,
}

/// `GET /submit/{procedure}/done`: the confirmation.
pub async fn done(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let Some(d) = Draft::for_procedure(&s, &headers, &code).await? else {
        return Ok(see_other(&format!("/submit/{code}")));
    };
    let Some(dossier_code) = d.answers.submitted.clone() else {
        return Ok(see_other(&format!("/submit/{code}/check")));
    };
    let url = crate::pages::links::lookup_url(&headers, &dossier_code);
    // Too long for a QR code (it never is for our URLs): the link below still shows.
    let label = ctx.t().fmt("submit.done.qr_alt", &dossier_code);
    let svg = motcua_reports::qr_svg_labelled(&url, &label).unwrap_or_default();
    Ok(render(DonePage {
        layout: ctx.layout(ctx.t().get("submit.done.title"), "catalog"),
        procedure_name: p.name,
        qr: svg
            .find("<svg")
            .map(|i| svg[i..].to_owned())
            .unwrap_or_default(),
        lookup_url: url,
        has_id: !d.answers.id_number.is_empty(),
        code: dossier_code,
        track: ctx
            .t()
            .get(&super::feedback::promise_key(
                s.app.channels().await?,
                "submit.done.next_track",
            ))
            .to_owned(),
    })?)
}
