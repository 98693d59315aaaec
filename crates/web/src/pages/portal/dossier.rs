//! `/my/dossiers/{code}`: the applicant's own page, open after a lookup in this browser or to
//! the signed-in owner. Where the dossier stands in words, the timeline (the public lookup's
//! redacted view), and what the applicant can do: send a supplement when asked, download an
//! electronic result, withdraw the dossier.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use motcua_domain::dossier::{ClockState, Command, Dossier, FileRef, Status};
use serde::Deserialize;

use super::common::{
    accept_attr, accepted_formats, act_message, attachment_message, proof, see_other, signed_in,
    size_text, PortalError, PortalResult,
};
use crate::i18n::{Lang, Tr};
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;
use crate::statuses::attachment_status;
use motcua_app::lookup::LookupView;

/// The dossier if this browser may see it; otherwise a redirect to the lookup form (which
/// says nothing about whether the code exists).
pub(super) async fn visible(
    s: &AppState,
    ctx: &PageCtx,
    headers: &HeaderMap,
    code: &str,
) -> Result<Result<Dossier, Response>, PortalError> {
    let actor = signed_in(ctx);
    match s
        .app
        .applicant_dossier(code, proof(actor.as_ref(), headers), Utc::now())
        .await
    {
        Ok(d) => Ok(Ok(d)),
        Err(motcua_app::AppError::NotFound(_)) => Ok(Err(see_other(&format!(
            "/lookup?code={}",
            crate::session::urlencode(code)
        )))),
        Err(e) => Err(e.into()),
    }
}

/// Who acts for the applicant on `d` from this browser (see `ApplicantProof::actor_for`).
fn applicant_actor(
    ctx: &PageCtx,
    headers: &HeaderMap,
    d: &Dossier,
) -> Option<motcua_domain::dossier::Actor> {
    let actor = signed_in(ctx);
    proof(actor.as_ref(), headers).actor_for(d)
}

/// "còn 3 ngày làm việc", "còn 5 giờ làm việc", "đã quá hạn".
fn remaining_text(v: &LookupView, t: &Tr) -> Option<String> {
    let r = v.remaining.as_ref()?;
    if v.finished {
        return None;
    }
    if v.paused {
        return Some(t.get("my.paused").to_owned());
    }
    Some(match r.state {
        ClockState::Overdue => t.get("my.overdue").to_owned(),
        _ if r.days > 0 && r.hours > 0 => {
            t.fmt("my.left_days_hours", r.days)
                .replacen("{}", &r.hours.to_string(), 1)
        }
        _ if r.days > 0 => t.fmt("my.left_days", r.days),
        _ => t.fmt("my.left_hours", r.hours),
    })
}

pub struct Line {
    pub date: String,
    pub action: String,
    pub status: String,
    pub step: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/my_dossier.html")]
struct DossierPage {
    layout: Layout,
    v: LookupView,
    status: &'static str,
    status_class: &'static str,
    place: Option<String>,
    remaining: Option<String>,
    appointment: Option<String>,
    /// "Why this date?" under the appointment.
    due_why: Option<crate::pages::due_why::DueWhyView>,
    timeline: Vec<Line>,
    /// Asked for a supplement: what is missing and why.
    asked: Option<(Vec<String>, String)>,
    result_files: Vec<FileRef>,
    /// Số văn bản kết quả, once the result is signed.
    result_number: Option<String>,
    /// The files sent with the dossier: name and size in words.
    submitted: Vec<(String, String)>,
    /// Received: the receipt (form 01) can be downloaded.
    has_receipt: bool,
    can_withdraw: bool,
    /// Returned and not rated yet: invite a rating.
    can_rate: bool,
    formats: String,
    accept: String,
    max_file: String,
    note: String,
    error: Option<String>,
    notice: Option<String>,
    /// Asked to pay: amount, lines and the ways to pay.
    pay: Option<motcua_app::payments::HowToPay>,
    receipts: Vec<crate::pages::receipt::ReceiptLine>,
}

fn status_class(d: &Dossier) -> &'static str {
    match d.status {
        Status::AwaitingSupplement | Status::IntakeSupplement | Status::AwaitingPayment => {
            "status-action"
        }
        Status::ResultReady | Status::Returned => "status-done",
        Status::Refused | Status::Withdrawn | Status::Stopped => "status-ended",
        _ => "status-progress",
    }
}

fn date(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

pub(super) async fn page(
    s: &AppState,
    ctx: &PageCtx,
    d: Dossier,
    note: String,
    error: Option<String>,
    notice: Option<String>,
    status: StatusCode,
) -> PortalResult {
    let t = ctx.t();
    let lang = ctx.lang;
    let class = status_class(&d);
    let pay = s.app.how_to_pay(&d).await?;
    // The pay form leads to the gateway: this page's policy lets it (the gateway is set live).
    let csp = pay
        .as_ref()
        .and_then(|p| p.gateway_url.as_deref())
        .map(|url| s.security.content_security_policy_also_to(url));
    let receipts = crate::pages::receipt::receipt_lines(&d, &t);
    let view = s.app.applicant_view(d, Utc::now()).await?;
    let result_number = view
        .dossier
        .result
        .as_ref()
        .map(|r| r.number.trim().to_owned())
        .filter(|n| !n.is_empty());
    let submitted = view
        .dossier
        .files
        .iter()
        .map(|f| (f.name.clone(), size_text(f.size, &t)))
        .collect();
    let has_receipt = view.dossier.received_at.is_some();
    let v = view.public;
    let pick = |vi: &str, en: &str| {
        if lang == Lang::Vi {
            vi.to_owned()
        } else {
            en.to_owned()
        }
    };
    let place = v.unit_name.as_ref().map(|u| t.fmt("my.at", u));
    let timeline = v
        .timeline
        .iter()
        .rev()
        .map(|e| Line {
            date: date(e.date, lang),
            action: pick(&e.action_vi, &e.action_en),
            status: pick(e.status_vi, e.status_en),
            step: e.step.clone(),
        })
        .collect();
    let res = render(DossierPage {
        layout: ctx.layout(t.fmt("my.title", &v.code), "lookup"),
        status: if lang == Lang::Vi {
            v.status_vi
        } else {
            v.status_en
        },
        status_class: class,
        place,
        remaining: remaining_text(&v, &t),
        appointment: v.appointment_date.map(|a| date(a, lang)),
        due_why: view
            .due_why
            .as_ref()
            .map(|w| crate::pages::due_why::view(w, &t)),
        timeline,
        asked: view.asked,
        result_files: view.result_files,
        result_number,
        submitted,
        has_receipt,
        can_withdraw: view.can_withdraw,
        can_rate: view.can_rate,
        formats: accepted_formats(),
        accept: accept_attr(),
        max_file: size_text(s.app.uploads.max_file, &t),
        note,
        error,
        notice,
        pay,
        receipts,
        v,
    })?;
    let mut res = (status, res).into_response();
    if let Some(v) = csp.and_then(|c| axum::http::HeaderValue::from_str(&c).ok()) {
        res.headers_mut()
            .insert(axum::http::header::CONTENT_SECURITY_POLICY, v);
    }
    Ok(res)
}

/// `GET /my/dossiers/{code}`.
pub async fn page_handler(
    s: &AppState,
    ctx: &PageCtx,
    headers: &HeaderMap,
    code: &str,
    notice: Option<String>,
) -> PortalResult {
    match visible(s, ctx, headers, code).await? {
        Ok(d) => page(s, ctx, d, String::new(), None, notice, StatusCode::OK).await,
        Err(r) => Ok(r),
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn page_get(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DoneQuery>,
) -> PortalResult {
    let notice = match q.done.as_deref() {
        Some("supplement") => Some(ctx.t().get("my.supplement_sent").to_owned()),
        Some("withdrawn") => Some(ctx.t().get("my.withdrawn").to_owned()),
        Some("rated") => Some(ctx.t().get("rating.thanks").to_owned()),
        Some("paid") => Some(ctx.t().get("pay.return.paid").to_owned()),
        _ => None,
    };
    page_handler(&s, &ctx, &headers, &code, notice).await
}

/// `POST /my/dossiers/{code}/supplement?csrf=…` (multipart: `note`, then `file`s): the files
/// and the note go to `App::act` as the applicant's `Supplement`.
pub async fn supplement(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let lang = ctx.lang;
    let received = super::uploads::receive(&s, multipart, s.app.uploads.max_dossier).await;
    let note = received.field("note");
    if let Some(e) = received.error {
        let m = attachment_message(&e, lang);
        return page(&s, &ctx, d, note, Some(m), None, attachment_status(&e)).await;
    }
    let mut files = received.files;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if let Err(e) = s.app.check_files(Some(&d), &mut files).await {
        let m = attachment_message(&e, lang);
        return page(&s, &ctx, d, note, Some(m), None, unprocessable).await;
    }
    let Some(actor) = applicant_actor(&ctx, &headers, &d) else {
        let m = ctx.t().get("my.not_owner").to_owned();
        return page(&s, &ctx, d, note, Some(m), None, StatusCode::FORBIDDEN).await;
    };
    let cmd = Command::Supplement {
        files,
        note: (!note.is_empty()).then(|| note.clone()),
    };
    let now = Utc::now();
    match s.app.act(actor, &code, Some(d.version), &cmd, now).await {
        Ok(_) => Ok(see_other(&format!("/my/dossiers/{code}?done=supplement"))),
        Err(e) => match act_message(&e, lang) {
            Some(m) => page(&s, &ctx, d, note, Some(m), None, unprocessable).await,
            None => Err(e.into()),
        },
    }
}

/// `GET /my/dossiers/{code}/files/{sha256}`: a result file of the dossier (only those).
pub async fn download(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, sha256)): Path<(String, String)>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    // Only the electronic result; a file missing from storage is a 404 like any other.
    match s.app.result_file(&d, &sha256).await {
        Ok(f) => Ok(crate::download::send(f)),
        Err(motcua_app::AppError::NotFound(_)) => {
            Err(crate::pages::error::PageError::NotFound(ctx.lang).into())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /my/dossiers/{code}/receipt.pdf`: the applicant's copy of the receipt (form 01), with
/// the receiving officer's name and the QR code of this dossier's lookup page.
pub async fn receipt(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let papers = s.app.applicant_papers(d).await?;
    let url = crate::pages::links::lookup_url(&headers, &code);
    let pdf =
        crate::pages::print::paper_pdf(&s, ctx.lang, &papers, motcua_reports::Form::Receipt, url)
            .await?;
    Ok(crate::pages::print::pdf_response(
        &format!("{code}-receipt.pdf"),
        pdf,
    ))
}

#[derive(Template)]
#[template(path = "portal/my_withdraw.html")]
struct WithdrawPage {
    layout: Layout,
    code: String,
    reason: String,
    /// The reason was given: ask to confirm.
    confirming: bool,
    error: Option<String>,
}

fn withdraw_page(
    ctx: &PageCtx,
    code: &str,
    reason: String,
    confirming: bool,
    error: Option<String>,
) -> PortalResult {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let res = render(WithdrawPage {
        layout: ctx.layout(ctx.t().get("my.withdraw_title"), "lookup"),
        code: code.to_owned(),
        reason,
        confirming,
        error,
    })?;
    Ok((status, res).into_response())
}

/// `GET /my/dossiers/{code}/withdraw`: the reason.
pub async fn withdraw_form(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => withdraw_page(&ctx, &d.code, String::new(), false, None),
        Err(r) => Ok(r),
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    reason: String,
    /// Present on the confirmation step's button.
    confirm: Option<String>,
}

/// `POST /my/dossiers/{code}/withdraw`: first with the reason (shows the confirmation), then
/// with `confirm` (withdraws through `App::act`).
pub async fn withdraw(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<WithdrawForm>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let t = ctx.t();
    let reason = motcua_domain::text::nfc(f.reason.trim());
    if reason.is_empty() {
        return withdraw_page(
            &ctx,
            &code,
            reason,
            false,
            Some(t.get("my.err.reason_missing").to_owned()),
        );
    }
    if reason.chars().count() > 1000 {
        return withdraw_page(
            &ctx,
            &code,
            reason,
            false,
            Some(t.get("my.err.reason_long").to_owned()),
        );
    }
    if f.confirm.is_none() {
        return withdraw_page(&ctx, &code, reason, true, None);
    }
    let Some(actor) = applicant_actor(&ctx, &headers, &d) else {
        return withdraw_page(
            &ctx,
            &code,
            reason,
            true,
            Some(t.get("my.not_owner").to_owned()),
        );
    };
    let cmd = Command::Withdraw {
        reason: reason.clone(),
    };
    match s
        .app
        .act(actor, &code, Some(d.version), &cmd, Utc::now())
        .await
    {
        Ok(_) => Ok(see_other(&format!("/my/dossiers/{code}?done=withdrawn"))),
        Err(e) => match act_message(&e, ctx.lang) {
            Some(m) => withdraw_page(&ctx, &code, reason, true, Some(m)),
            None => Err(e.into()),
        },
    }
}
