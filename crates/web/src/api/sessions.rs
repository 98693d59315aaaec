//! `/api/v1/sessions`: sign in with a user name and password (and the second-factor code, if
//! the account has one) to get a bearer token; list and end one's own sessions; an
//! administrator lists and ends anyone's (`/api/v1/admin/users/{id}/sessions`). The
//! [`Officer`] extractor turns `Authorization: Bearer …` into the acting [`Actor`].

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use chrono::{DateTime, Utc};
use motcua_app::sessions::{actor_of, SessionKind, SessionLine, SignedIn as Outcome};
use motcua_app::AppError;
use motcua_domain::dossier::{Actor, ActorKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ApiError;
use super::error::ErrorBody;
use crate::session::ClientInfo;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    pub username: String,
    pub password: String,
    /// The 6-digit code of the authenticator app (or a recovery code), for accounts with
    /// two-factor authentication; without it such an account gets `400` with `field: "totp"`.
    #[serde(default)]
    pub totp: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionOut {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub username: String,
    pub full_name: String,
    pub roles: Vec<motcua_domain::Role>,
}

/// Sign in. The same lock-out as the sign-in page: 5 wrong passwords or codes in a row lock
/// the name for 15 minutes (`429 sign_in_locked`). The token ends after the configured idle
/// time without a request, and at `expires_at` in any case.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "auth", request_body = SignIn,
    responses((status = 201, body = SessionOut),
        (status = 400, description = "Missing fields, or `field: \"totp\"`: the account needs its second-factor code", body = ErrorBody),
        (status = 401, description = "Wrong user name, password or code", body = ErrorBody),
        (status = 429, description = "Too many wrong passwords or codes for this name; try again later", body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    ClientInfo(client): ClientInfo,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionOut>), ApiError> {
    let Json(body) = body.map_err(|e| {
        ApiError::bad_request(
            format!("Dữ liệu gửi lên không hợp lệ: {}", e.body_text()),
            format!("the request body is not valid: {}", e.body_text()),
        )
    })?;
    let outcome = s
        .app
        .sign_in(
            &body.username,
            &body.password,
            body.totp.as_deref(),
            SessionKind::Api,
            &client,
            Utc::now(),
        )
        .await?;
    let Outcome::Session(session) = outcome else {
        // Only pages get a pending step; the API asks for the code with the password.
        return Err(motcua_app::sessions::code_needed().into());
    };
    Ok((
        StatusCode::CREATED,
        Json(SessionOut {
            token: session.token,
            expires_at: session.expires_at,
            username: session.user.username,
            full_name: session.user.full_name,
            roles: session.user.roles,
        }),
    ))
}

/// One open session, as its owner or an administrator sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    /// Names the session for `DELETE`; not usable as a token.
    pub id: String,
    /// `page` (browser), `api` or `machine` (an administrator's long-lived token).
    pub kind: String,
    pub created_at: DateTime<Utc>,
    /// The last request, to the minute.
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The session of this request.
    pub current: bool,
}

impl From<SessionLine> for SessionInfo {
    fn from(l: SessionLine) -> SessionInfo {
        let s = l.session;
        SessionInfo {
            id: s.id,
            kind: s.kind.as_str().to_owned(),
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
            user_agent: s.user_agent,
            ip: s.ip,
            current: l.current,
        }
    }
}

/// The caller's open sessions (browsers and tokens), the most recently used first.
#[utoipa::path(get, path = "/api/v1/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<SessionInfo>), (status = 401, body = ErrorBody)))]
pub async fn mine(
    State(s): State<AppState>,
    Person(actor, token): Person,
) -> Result<Json<Vec<SessionInfo>>, ApiError> {
    let lines = s.app.my_sessions(&actor, Some(&token), Utc::now()).await?;
    Ok(Json(lines.into_iter().map(SessionInfo::from).collect()))
}

/// Ends one of the caller's sessions (this one too, which signs out).
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "A session's `id` as listed")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(s): State<AppState>,
    Person(actor, _): Person,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    s.app.revoke_my_session(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An administrator's view of a user's open sessions.
#[utoipa::path(get, path = "/api/v1/admin/users/{id}/sessions", tag = "auth", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id")),
    responses((status = 200, body = Vec<SessionInfo>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_user(
    State(s): State<AppState>,
    Person(actor, _): Person,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SessionInfo>>, ApiError> {
    let lines = s.app.user_sessions(&actor, id, Utc::now()).await?;
    Ok(Json(lines.into_iter().map(SessionInfo::from).collect()))
}

/// An administrator ends one session of a user (recorded in the audit log).
#[utoipa::path(delete, path = "/api/v1/admin/users/{id}/sessions/{session}", tag = "auth", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id"), ("session" = String, Path, description = "A session's `id` as listed")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_of_user(
    State(s): State<AppState>,
    Person(actor, _): Person,
    Path((id, session)): Path<(i64, String)>,
) -> Result<StatusCode, ApiError> {
    s.app.revoke_user_session(&actor, id, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Any signed-in person (officer or applicant) with the token of the request.
pub struct Person(pub Actor, pub String);

impl FromRequestParts<AppState> for Person {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).map(str::to_owned);
        match (actor(parts, s).await?, token) {
            (Some(a), Some(t)) => Ok(Person(a, t)),
            _ => Err(AppError::sign_in_required().into()),
        }
    }
}

/// The signed-in user behind a request, as the domain's actor.
pub struct Officer(pub Actor);

/// A signed-in user if there is one.
pub struct MaybeOfficer(pub Option<Actor>);

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

async fn actor(parts: &Parts, s: &AppState) -> Result<Option<Actor>, ApiError> {
    let Some(token) = bearer(parts) else {
        return Ok(None);
    };
    match s.app.session_user(token, Utc::now()).await? {
        Some(u) => Ok(Some(actor_of(&u))),
        None => Err(AppError::Unauthorized {
            vi: "Phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại".into(),
            en: "The session has expired or is not valid; please sign in again".into(),
        }
        .into()),
    }
}

impl FromRequestParts<AppState> for MaybeOfficer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        Ok(MaybeOfficer(actor(parts, s).await?))
    }
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        match actor(parts, s).await? {
            Some(a) if a.kind == ActorKind::Officer => Ok(Officer(a)),
            Some(_) => Err(AppError::officers_only().into()),
            None => Err(AppError::sign_in_required().into()),
        }
    }
}
