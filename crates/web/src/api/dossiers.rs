//! `/api/v1/dossiers…`: submit, look up, act on dossiers, and the officer's inbox.
//!
//! Who is acting: a signed-in user (`Authorization: Bearer …`), or an applicant without an
//! account who proves they own a dossier with its code plus the identity number or phone given
//! at submission (`X-Applicant-Id`), as one-stop portals do.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::Utc;
use motcua_app::dossiers::{Created, Submission};
use motcua_app::inbox::{DossierLine, InboxQuery, InboxScope};
use motcua_domain::dossier::{
    guest_actor, normalize_id, Actor, ActorKind, Applicant, Channel, Clock, ClockState, Command,
    Dossier, Event, FileRef, RevealReason, Timeliness, Viewer,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::error::ErrorBody;
use super::sessions::{MaybeOfficer, Officer};
use crate::state::AppState;
use motcua_app::files::command_files;
use motcua_app::privacy::{Disclosed, Door, Reading};
use motcua_app::AppError;

fn bad_json(e: JsonRejection) -> ApiError {
    ApiError::bad_request(
        format!("Dữ liệu gửi lên không hợp lệ: {}", e.body_text()),
        format!("the request body is not valid: {}", e.body_text()),
    )
}

/// The identity number or phone an applicant without an account proves a dossier is theirs
/// with, normalized.
pub(super) fn applicant_header(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-applicant-id")
        .and_then(|v| v.to_str().ok())
        .map(normalize_id)
        .filter(|s| !s.is_empty())
}

/// A new dossier.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmitBody {
    /// National code of a published procedure.
    pub procedure_code: String,
    pub applicant: Applicant,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub files: Vec<FileRef>,
    /// For desk officers only: `direct` (counter) or `postal`; the dossier is received at once.
    #[serde(default)]
    pub channel: Option<Channel>,
}

/// A dossier with where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierView {
    pub dossier: Dossier,
    /// National status id (1–10) and portal code (domain.md §4).
    pub national_status: u8,
    pub national_code: &'static str,
    pub status_vi: &'static str,
    /// The legal clock at this instant (absent before reception).
    pub clock: Option<Clock>,
    /// For a finished dossier: early, on time or late against the original appointment.
    pub timeliness: Option<Timeliness>,
}

pub(super) fn view(d: Dossier, state: &AppState) -> Result<DossierView, ApiError> {
    let standing = state.app.standing(&d, Utc::now())?;
    let national = d.status.national();
    Ok(DossierView {
        national_status: national.id(),
        national_code: national.portal_code(),
        status_vi: national.name_vi(),
        clock: standing.clock,
        timeliness: standing.timeliness,
        dossier: d,
    })
}

/// Submit a dossier: online (anyone; waits for the desk) or at the desk (received at once).
/// Send an `Idempotency-Key` header: a retried request returns the same dossier.
#[utoipa::path(post, path = "/api/v1/dossiers", tag = "dossiers", request_body = SubmitBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key; a retry with the same key returns the same dossier")),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 201, body = DossierView), (status = 200, description = "Same key seen before: the existing dossier", body = DossierView),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "A rule refused it, or a file reference is unknown, without its upload ticket, misnamed or over the per-dossier total", body = ErrorBody)))]
pub async fn submit(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    body: Result<Json<SubmitBody>, JsonRejection>,
) -> Result<(StatusCode, Json<DossierView>), ApiError> {
    let Json(mut b) = body.map_err(bad_json)?;
    s.app.check_uploaded_files(None, &mut b.files).await?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty() && k.len() <= 200);
    let (actor, desk_channel) = match (actor, b.channel) {
        (Some(a), Some(ch)) if a.kind == ActorKind::Officer => (a, Some(ch)),
        (Some(a), None) => (a, None),
        (Some(_), Some(_)) | (None, Some(_)) => {
            return Err(AppError::forbidden(
                "Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính",
                "Only desk officers receive dossiers in person or by post",
            )
            .into())
        }
        (None, None) => {
            match guest_actor(&b.applicant) {
                Some(a) => (a, None),
                None => {
                    return Err(ApiError::bad_request(
                        "Cần số định danh cá nhân (hoặc mã số doanh nghiệp) hoặc số điện thoại để tra cứu hồ sơ sau này",
                        "An identity number (or business code) or a phone number is needed to look the dossier up later",
                    ))
                }
            }
        }
    };
    let created = s
        .app
        .submit(
            actor,
            Submission {
                procedure_code: b.procedure_code,
                applicant: b.applicant,
                summary: b.summary,
                files: b.files,
                desk_channel,
                idempotency_key: key,
                handed_in: Vec::new(),
            },
            Utc::now(),
        )
        .await?;
    Ok(match created {
        Created::New(d) => (StatusCode::CREATED, Json(view(d.dossier, &s)?)),
        Created::Existing(d) => (StatusCode::OK, Json(view(d.dossier, &s)?)),
    })
}

/// Dossier `code` if the bearer (or the holder of `X-Applicant-Id`) may see it.
pub(super) async fn load_visible(
    s: &AppState,
    code: &str,
    actor: Option<&Actor>,
    headers: &HeaderMap,
) -> Result<Dossier, ApiError> {
    let id = applicant_header(headers);
    let viewer = Viewer {
        actor,
        applicant_id: id.as_deref(),
    };
    Ok(s.app.dossier(code, viewer).await?)
}

/// Dossier `code` as the bearer (or the holder of `X-Applicant-Id`) may see it for `reading`,
/// the read recorded in the access log when an officer's.
pub(super) async fn read_visible(
    s: &AppState,
    code: &str,
    actor: Option<&Actor>,
    headers: &HeaderMap,
    reading: Reading,
) -> Result<Disclosed, ApiError> {
    let id = applicant_header(headers);
    let viewer = Viewer {
        actor,
        applicant_id: id.as_deref(),
    };
    Ok(s.app.read_dossier(code, viewer, reading).await?)
}

/// Query of a dossier read: `reveal=<reason>` shows the applicant's identity number, phone,
/// address and e-mail in full to an officer whose role allows it on request (logged).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadParams {
    /// `contact_applicant`, `check_identity`, `applicant_request` or `inspection`.
    reveal: Option<String>,
}

fn reading(p: &ReadParams) -> Result<Reading, ApiError> {
    match p.reveal.as_deref() {
        None => Ok(Reading::read(Door::Api)),
        Some(r) => RevealReason::parse(r)
            .map(|r| Reading::reveal(r, Door::Api))
            .ok_or_else(|| {
                AppError::invalid_field(
                    "reveal",
                    "Lý do xem đầy đủ không hợp lệ (contact_applicant, check_identity, applicant_request, inspection)",
                    "Unknown reveal reason (contact_applicant, check_identity, applicant_request, inspection)",
                )
                .into()
            }),
    }
}

/// One dossier and its clock. An officer sees the applicant's identity number, phone, address
/// and e-mail in full only when their part in the dossier needs them (holder, desk); others
/// get them masked unless they ask with `reveal` (logged); reporters never.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", tag = "dossiers",
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header, description = "Identity number or phone given at submission"), ReadParams),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 200, body = DossierView), (status = 403, description = "A reveal the reader's role does not allow", body = ErrorBody),
        (status = 400, description = "An unknown reveal reason", body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(p): Query<ReadParams>,
) -> Result<Json<DossierView>, ApiError> {
    let d = read_visible(&s, &code, actor.as_ref(), &headers, reading(&p)?).await?;
    Ok(Json(view(d.dossier, &s)?))
}

/// The dossier's history: every event, oldest first (the process control slip).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/events", tag = "dossiers",
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header)),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 200, body = [Event]), (status = 404, body = ErrorBody)))]
pub async fn events(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<Vec<Event>>, ApiError> {
    let d = read_visible(
        &s,
        &code,
        actor.as_ref(),
        &headers,
        Reading::read(Door::Api),
    )
    .await?;
    Ok(Json(s.app.disclosed_events(&d).await?))
}

/// An action on a dossier.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionBody {
    /// The version the client saw; a mismatch answers 409 with the current version.
    #[serde(default)]
    pub expected_version: Option<i64>,
    pub command: Command,
}

/// Act on a dossier: receive, forward, request a supplement, sign, return… Conflicting
/// concurrent actions: exactly one succeeds, the others get 409 with the current version.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/actions", tag = "dossiers", request_body = ActionBody,
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header)),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 200, body = DossierView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Result<Json<ActionBody>, JsonRejection>,
) -> Result<Json<DossierView>, ApiError> {
    let Json(mut b) = body.map_err(bad_json)?;
    let d = load_visible(&s, &code, actor.as_ref(), &headers).await?;
    if let Some(files) = command_files(&mut b.command) {
        s.app.check_uploaded_files(Some(&d), files).await?;
    }
    let actor = match actor {
        Some(a) => a,
        // An applicant without an account acts under the name their submission was filed with.
        None => d
            .owner_account
            .as_deref()
            .map(Actor::applicant)
            .ok_or_else(AppError::sign_in_required)?,
    };
    let viewer_actor = actor.clone();
    let stored = s
        .app
        .act(actor, &code, b.expected_version, &b.command, Utc::now())
        .await?;
    // The answer shows the dossier as the actor may see it now (masked where the rule says).
    let id = applicant_header(&headers);
    let viewer = Viewer {
        actor: Some(&viewer_actor),
        applicant_id: id.as_deref(),
    };
    let shown = s
        .app
        .disclose(stored.dossier, viewer)
        .ok_or_else(|| AppError::NotFound(format!("dossier {code}")))?;
    Ok(Json(view(shown.dossier, &s)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    /// Search by code, applicant name or identity number (diacritics ignored).
    q: Option<String>,
    /// `mine` (held by me), `queue` (my unit's queue, and for the desk the online submissions
    /// to check), `all` (both, default), `agency` (every open dossier of my agency),
    /// `visible` (every dossier I may see, open or closed: the search).
    scope: Option<String>,
    /// Page number, from 1 (50 per page).
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
}

/// An inbox line with where its appointment stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxLine {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    line: DossierLine,
    /// `within_time`, `due_soon` or `overdue` against the appointment; absent before reception
    /// and while the clock is paused for the applicant.
    state: Option<ClockState>,
}

/// A page of the inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxPage {
    items: Vec<InboxLine>,
    total: i64,
    page: u32,
}

/// The officer's inbox: what they hold and what waits in their unit's queue, due first.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "dossiers", params(InboxParams),
    responses((status = 200, body = InboxPage), (status = 401, body = ErrorBody)))]
pub async fn inbox(
    State(s): State<AppState>,
    Officer(actor): Officer,
    params: Result<Query<InboxParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<InboxPage>, ApiError> {
    let Query(p) = params.map_err(|e| {
        ApiError::bad_request(
            format!("Tham số truy vấn không hợp lệ: {}", e.body_text()),
            format!("invalid query parameters: {}", e.body_text()),
        )
    })?;
    let q = InboxQuery {
        scope: p
            .scope
            .as_deref()
            .and_then(InboxScope::parse)
            .unwrap_or_default(),
        q: p.q,
        page: super::paging::page_number(p.page)?,
        per_page: 50,
        ..Default::default()
    };
    let inbox = s.app.inbox(&actor, &q, Utc::now()).await?;
    let items = inbox
        .items
        .into_iter()
        .map(|item| InboxLine {
            state: item.state,
            line: item.line,
        })
        .collect();
    Ok(Json(InboxPage {
        items,
        total: inbox.total,
        page: inbox.page,
    }))
}
