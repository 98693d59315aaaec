//! Feedback and petitions (phản ánh, kiến nghị — PAKN): `/feedback` takes one, the
//! confirmation gives its code, and `/feedback/{code}` shows where it stands to whoever gives
//! the last 4 digits of the phone (or the e-mail) left with it — the same kind of second
//! factor as a dossier lookup, and the same answer whether or not the code exists.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;
use motcua_domain::service::{Contact, Feedback, FeedbackKind, FeedbackStatus, NewFeedback};
use serde::Deserialize;

use super::common::{see_other, PortalResult};
use super::draft::{check_contact, clean, FieldError};
use crate::i18n::Lang;
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;
use motcua_app::AppError;

#[derive(Deserialize, Default, Clone)]
pub struct FeedbackForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    dossier_code: String,
    /// `1` when the sender agrees that the answer be published.
    #[serde(default)]
    publish_consent: String,
}

/// The i18n key of what a page may promise about being told: `{base}.both`, `.email`, `.sms`
/// or `.none` — never a channel that has no transport.
pub(super) fn promise_key(c: motcua_app::notifications::Channels, base: &str) -> String {
    let which = match (c.email, c.sms) {
        (true, true) => "both",
        (true, false) => "email",
        (false, true) => "sms",
        (false, false) => "none",
    };
    format!("{base}.{which}")
}

#[derive(Template)]
#[template(path = "portal/feedback_form.html")]
struct FormPage {
    layout: Layout,
    f: FeedbackForm,
    agencies: Vec<(String, String)>,
    errors: Vec<(&'static str, String)>,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

async fn form_page(
    s: &AppState,
    ctx: &PageCtx,
    f: FeedbackForm,
    errors: Vec<(&'static str, String)>,
) -> PortalResult {
    let agencies = s
        .app
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let res = render(FormPage {
        layout: ctx.layout(ctx.t().get("pakn.title"), "feedback"),
        f,
        agencies,
        errors,
    })?;
    Ok((status, res).into_response())
}

/// `GET /feedback`.
pub async fn form(State(s): State<AppState>, ctx: PageCtx) -> PortalResult {
    form_page(&s, &ctx, FeedbackForm::default(), Vec::new()).await
}

fn parse_kind(k: &str) -> Option<FeedbackKind> {
    match k {
        "feedback" => Some(FeedbackKind::Feedback),
        "petition" => Some(FeedbackKind::Petition),
        _ => None,
    }
}

/// `POST /feedback`: checks each field (messages next to them), then stores it.
pub async fn submit(
    State(s): State<AppState>,
    ctx: PageCtx,
    Form(mut f): Form<FeedbackForm>,
) -> PortalResult {
    let t = ctx.t();
    f.subject = clean(&f.subject);
    f.content = motcua_domain::text::nfc(f.content.trim());
    f.name = clean(&f.name);
    f.phone = clean(&f.phone);
    f.email = f.email.trim().to_owned();
    f.dossier_code = f.dossier_code.trim().to_uppercase();
    let mut errs: Vec<FieldError> = Vec::new();
    let kind = parse_kind(&f.kind);
    if kind.is_none() {
        errs.push(("kind", "pakn.err.kind"));
    }
    if f.agency.trim().is_empty() {
        errs.push(("agency", "pakn.err.agency"));
    }
    if f.subject.is_empty() {
        errs.push(("subject", "pakn.err.subject"));
    } else if f.subject.chars().count() > motcua_domain::service::MAX_SUBJECT {
        errs.push(("subject", "pakn.err.subject_long"));
    }
    if f.content.is_empty() {
        errs.push(("content", "pakn.err.content"));
    } else if f.content.chars().count() > motcua_domain::service::MAX_TEXT {
        errs.push(("content", "pakn.err.content_long"));
    }
    if f.name.is_empty() {
        errs.push(("name", "submit.err.name_missing"));
    }
    if f.phone.is_empty() && f.email.is_empty() {
        errs.push(("phone", "pakn.err.contact"));
    } else if !f.phone.is_empty() || !f.email.is_empty() {
        let phone = if f.phone.is_empty() {
            "0903456789"
        } else {
            &f.phone
        };
        errs.extend(check_contact(phone, &f.email));
    }
    let (Some(kind), true) = (kind, errs.is_empty()) else {
        let errors = errs
            .into_iter()
            .map(|(k, m)| (k, t.get(m).to_owned()))
            .collect();
        return form_page(&s, &ctx, f, errors).await;
    };
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let new = NewFeedback {
        kind,
        subject: f.subject.clone(),
        content: f.content.clone(),
        contact: Contact {
            name: f.name.clone(),
            phone: opt(&f.phone),
            email: opt(&f.email),
        },
        dossier_code: opt(&f.dossier_code),
        agency_code: f.agency.trim().to_owned(),
        publish_consent: f.publish_consent == "1",
    };
    match s.app.submit_feedback(new, Utc::now()).await {
        Ok(saved) => Ok(see_other(&format!("/feedback/{}/sent", saved.code))),
        Err(AppError::Service(e)) => {
            let m = if ctx.lang == Lang::Vi {
                e.message_vi()
            } else {
                e.message_en()
            };
            form_page(&s, &ctx, f, vec![("content", m)]).await
        }
        Err(AppError::Invalid { vi, en, .. }) => {
            let m = if ctx.lang == Lang::Vi { vi } else { en };
            form_page(&s, &ctx, f, vec![("agency", m)]).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "portal/feedback_status.html")]
struct StatusPage {
    layout: Layout,
    code: String,
    /// Shown once the second factor matched.
    found: Option<Shown>,
    /// Just filed: the confirmation.
    sent: bool,
    /// How the sender will hear back (only channels that can deliver).
    promise: String,
    miss: Option<String>,
}

pub struct Shown {
    pub kind: &'static str,
    pub subject: String,
    pub status: &'static str,
    pub received: String,
    pub answer: Option<String>,
}

fn status_en(s: FeedbackStatus) -> &'static str {
    match s {
        FeedbackStatus::Received => "Received",
        FeedbackStatus::InProgress => "Being handled",
        FeedbackStatus::InfoRequested => "More information requested",
        FeedbackStatus::Answered => "Answered",
        FeedbackStatus::Refused => "Refused",
        FeedbackStatus::Published => "Answered and published",
    }
}

fn shown(f: &Feedback, lang: Lang) -> Shown {
    let vi = lang == Lang::Vi;
    Shown {
        kind: match (f.kind, vi) {
            (_, true) => f.kind.name_vi(),
            (FeedbackKind::Feedback, false) => "Feedback",
            (FeedbackKind::Petition, false) => "Petition",
        },
        subject: f.subject.clone(),
        status: if vi {
            f.status.name_vi()
        } else {
            status_en(f.status)
        },
        received: f
            .received_at
            .with_timezone(&motcua_calendar::VN_OFFSET)
            .format("%d/%m/%Y")
            .to_string(),
        answer: f.answer.as_ref().map(|a| a.text.clone()),
    }
}

fn status_page(
    ctx: &PageCtx,
    code: &str,
    found: Option<Shown>,
    sent: Option<String>,
    miss: Option<String>,
) -> PortalResult {
    let status = if miss.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let res = render(StatusPage {
        layout: ctx.layout(ctx.t().get("pakn.status_title"), "feedback"),
        code: code.to_owned(),
        found,
        sent: sent.is_some(),
        promise: sent.unwrap_or_default(),
        miss,
    })?;
    Ok((status, res).into_response())
}

/// `GET /feedback/{code}/sent`: the confirmation with its code.
pub async fn sent(
    State(s): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> PortalResult {
    let key = promise_key(s.app.channels().await?, "pakn.sent_next");
    let promise = ctx.t().get(&key).to_owned();
    status_page(&ctx, &code, None, Some(promise), None)
}

/// `GET /feedback/{code}`: asks for the second factor.
pub async fn status_form(ctx: PageCtx, Path(code): Path<String>) -> PortalResult {
    status_page(&ctx, &code, None, None, None)
}

#[derive(Deserialize)]
pub struct KeyForm {
    key: String,
}

/// `POST /feedback/{code}`: the status, when the factor matches.
pub async fn status(
    State(s): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Form(k): Form<KeyForm>,
) -> PortalResult {
    let found = match s.app.feedback_status(&code, &k.key).await {
        Ok(f) => Some(f),
        Err(AppError::TooMany { .. }) => {
            let m = ctx.t().get("lookup.err.too_many").to_owned();
            return status_page(&ctx, &code, None, None, Some(m));
        }
        Err(AppError::NotFound(_)) => None,
        Err(e) => return Err(e.into()),
    };
    match found {
        Some(f) => status_page(&ctx, &code, Some(shown(&f, ctx.lang)), None, None),
        None => {
            let m = ctx.t().get("pakn.err.no_match").to_owned();
            status_page(&ctx, &code, None, None, Some(m))
        }
    }
}
