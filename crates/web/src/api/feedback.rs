//! `/api/v1/feedback…`: feedback and petitions (phản ánh, kiến nghị — PAKN). Anyone files
//! one and follows it with its code and the phone or e-mail they gave; officers of the agency
//! list them and answer (leaders publish). Each operation is one call of a use case.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use motcua_app::service::FeedbackFilter;
use motcua_domain::service::{Contact, Feedback, FeedbackKind, FeedbackStatus, NewFeedback};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::error::ErrorBody;
use super::sessions::Officer;
use crate::state::AppState;

fn bad_json(e: JsonRejection) -> ApiError {
    ApiError::bad_request(
        format!("Dữ liệu gửi lên không hợp lệ: {}", e.body_text()),
        format!("the request body is not valid: {}", e.body_text()),
    )
}

fn bad_query(e: QueryRejection) -> ApiError {
    ApiError::bad_request(
        format!("Tham số truy vấn không hợp lệ: {}", e.body_text()),
        format!("invalid query parameters: {}", e.body_text()),
    )
}

/// Who sends a PAKN and how to answer them (a phone or an e-mail is needed).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SenderIn {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// A new PAKN.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FeedbackIn {
    pub kind: FeedbackKind,
    pub subject: String,
    pub content: String,
    pub sender: SenderIn,
    /// The dossier it is about, if any.
    #[serde(default)]
    pub dossier_code: Option<String>,
    /// The agency it is addressed to (QCVN 102 code).
    pub agency_code: String,
    /// The sender agrees that the agency's answer be published.
    #[serde(default)]
    pub publish_consent: bool,
}

/// The code to follow a PAKN with.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackCreated {
    /// `PAKN-{yyMMdd}-{seq:04}`.
    pub code: String,
    pub status: FeedbackStatus,
    pub received_at: DateTime<Utc>,
}

/// A PAKN as its sender follows it: no contact data.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackStatusOut {
    pub code: String,
    pub kind: FeedbackKind,
    pub subject: String,
    pub status: FeedbackStatus,
    pub status_vi: &'static str,
    pub received_at: DateTime<Utc>,
    /// The answer, the reason of a refusal, or the information asked for.
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

impl From<Feedback> for FeedbackStatusOut {
    fn from(f: Feedback) -> Self {
        FeedbackStatusOut {
            status_vi: f.status.name_vi(),
            answered_at: f.answer.as_ref().map(|a| a.at),
            answer: f.answer.map(|a| a.text),
            code: f.code,
            kind: f.kind,
            subject: f.subject,
            status: f.status,
            received_at: f.received_at,
            published_at: f.published_at,
        }
    }
}

/// A PAKN as the agency's officers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackOut {
    pub code: String,
    pub kind: FeedbackKind,
    pub subject: String,
    pub content: String,
    pub sender_name: String,
    pub sender_phone: Option<String>,
    pub sender_email: Option<String>,
    pub dossier_code: Option<String>,
    pub agency_code: String,
    pub status: FeedbackStatus,
    pub received_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub answer: Option<String>,
    /// Who answered (user name) and when.
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// The officer it is assigned to (user name).
    pub assigned_to: Option<String>,
    /// The sender agreed that the answer be published.
    pub publish_consent: bool,
}

impl From<Feedback> for FeedbackOut {
    fn from(f: Feedback) -> Self {
        let (answer, answered_by, answered_at) = match f.answer {
            Some(a) => (Some(a.text), Some(a.by), Some(a.at)),
            None => (None, None, None),
        };
        FeedbackOut {
            code: f.code,
            kind: f.kind,
            subject: f.subject,
            content: f.content,
            sender_name: f.contact.name,
            sender_phone: f.contact.phone,
            sender_email: f.contact.email,
            dossier_code: f.dossier_code,
            agency_code: f.agency_code,
            status: f.status,
            received_at: f.received_at,
            updated_at: f.updated_at,
            answer,
            answered_by,
            answered_at,
            published_at: f.published_at,
            assigned_to: f.assigned_to,
            publish_consent: f.publish_consent,
        }
    }
}

/// File a PAKN (anyone). Keep the code: with the phone or e-mail given it shows the status.
#[utoipa::path(post, path = "/api/v1/feedback", tag = "feedback", request_body = FeedbackIn,
    responses((status = 201, body = FeedbackCreated), (status = 400, body = ErrorBody),
        (status = 422, description = "A field is missing or not valid", body = ErrorBody)))]
pub async fn submit(
    State(s): State<AppState>,
    body: Result<Json<FeedbackIn>, JsonRejection>,
) -> Result<(StatusCode, Json<FeedbackCreated>), ApiError> {
    let Json(b) = body.map_err(bad_json)?;
    let new = NewFeedback {
        kind: b.kind,
        subject: b.subject,
        content: b.content,
        contact: Contact {
            name: b.sender.name,
            phone: b.sender.phone,
            email: b.sender.email,
        },
        dossier_code: b.dossier_code,
        agency_code: b.agency_code,
        publish_consent: b.publish_consent,
    };
    let f = s.app.submit_feedback(new, Utc::now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(FeedbackCreated {
            code: f.code,
            status: f.status,
            received_at: f.received_at,
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyParams {
    /// The e-mail or phone given with the PAKN, or the phone's last 4 digits.
    key: Option<String>,
}

/// Where a PAKN stands, for its sender. A wrong key and an unknown code answer the same 404;
/// too many wrong keys for one code answer 429 for a while (as the dossier lookup).
#[utoipa::path(get, path = "/api/v1/feedback/{code}", tag = "feedback",
    params(("code" = String, Path), KeyParams),
    responses((status = 200, body = FeedbackStatusOut), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn status(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Query(p): Query<KeyParams>,
) -> Result<Json<FeedbackStatusOut>, ApiError> {
    let key = p.key.unwrap_or_default();
    Ok(Json(s.app.feedback_status(&code, &key).await?.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only PAKN in this status.
    status: Option<FeedbackStatus>,
    /// Page number, from 1 (50 per page).
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
}

/// A page of PAKN.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackPage {
    items: Vec<FeedbackOut>,
    total: i64,
    page: u32,
}

/// The PAKN of the officer's agency, newest first (officers only).
#[utoipa::path(get, path = "/api/v1/feedback", tag = "feedback", params(ListParams),
    security(("bearer" = [])),
    responses((status = 200, body = FeedbackPage), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    Officer(actor): Officer,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<FeedbackPage>, ApiError> {
    const PER_PAGE: u32 = 50;
    let Query(p) = params.map_err(bad_query)?;
    let page = super::paging::page_number(p.page)?;
    let filter = FeedbackFilter {
        statuses: p.status.into_iter().collect(),
        limit: PER_PAGE,
        offset: (page - 1).saturating_mul(PER_PAGE),
        ..Default::default()
    };
    let (total, items) = s.app.feedback_list(&actor, filter).await?;
    Ok(Json(FeedbackPage {
        items: items.into_iter().map(FeedbackOut::from).collect(),
        total,
        page,
    }))
}

/// How a PAKN moves on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerIn {
    /// `answered` (default), `refused`, `info_requested`, `in_progress` or `published`.
    #[serde(default = "answered")]
    pub status: FeedbackStatus,
    /// The answer, the reason of a refusal, or the information asked for.
    #[serde(default)]
    pub text: Option<String>,
}

fn answered() -> FeedbackStatus {
    FeedbackStatus::Answered
}

/// Answer a PAKN, refuse it, ask for information, or publish its answer: officers of its
/// agency with a handling role (desk, head, director); publishing is for its leaders.
#[utoipa::path(post, path = "/api/v1/feedback/{code}/answer", tag = "feedback", request_body = AnswerIn,
    params(("code" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = FeedbackOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not possible from its current status", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Path(code): Path<String>,
    body: Result<Json<AnswerIn>, JsonRejection>,
) -> Result<Json<FeedbackOut>, ApiError> {
    let Json(b) = body.map_err(bad_json)?;
    let f = s
        .app
        .change_feedback(&actor, &code, b.status, b.text.as_deref(), Utc::now())
        .await?;
    Ok(Json(f.into()))
}

/// Whom a PAKN goes to.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignIn {
    /// The user name of an officer of the PAKN's agency.
    pub to: String,
}

/// Assign a PAKN to an officer of its agency, who may then answer it: the desk and the
/// agency's leaders (heads, directors) assign. A PAKN not yet looked at becomes `in_progress`.
#[utoipa::path(post, path = "/api/v1/feedback/{code}/assign", tag = "feedback", request_body = AssignIn,
    params(("code" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = FeedbackOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already answered or closed", body = ErrorBody),
        (status = 422, description = "Not an officer who may be given it", body = ErrorBody)))]
pub async fn assign(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Path(code): Path<String>,
    body: Result<Json<AssignIn>, JsonRejection>,
) -> Result<Json<FeedbackOut>, ApiError> {
    let Json(b) = body.map_err(bad_json)?;
    let f = s
        .app
        .assign_feedback(&actor, &code, &b.to, Utc::now())
        .await?;
    Ok(Json(f.into()))
}
