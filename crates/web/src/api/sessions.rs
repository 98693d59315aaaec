//! `/api/v1/sessions`: sign in with a user name and password to get a bearer token; the
//! [`Officer`] extractor turns `Authorization: Bearer …` into the acting [`Actor`].

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use motcua_app::sessions::actor_of;
use motcua_app::AppError;
use motcua_domain::dossier::{Actor, ActorKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ApiError;
use super::error::ErrorBody;
use crate::state::AppState;

/// How long a token lives.
const TOKEN_DAYS: i64 = 7;

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    pub username: String,
    pub password: String,
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

/// Sign in. The same lock-out as the sign-in page: 5 wrong passwords in a row lock the name
/// for 15 minutes (`429 sign_in_locked`).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "auth", request_body = SignIn,
    responses((status = 201, body = SessionOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 429, description = "Too many wrong passwords for this name; try again later", body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionOut>), ApiError> {
    let Json(body) = body.map_err(|e| {
        ApiError::bad_request(
            format!("Dữ liệu gửi lên không hợp lệ: {}", e.body_text()),
            format!("the request body is not valid: {}", e.body_text()),
        )
    })?;
    let session = s
        .app
        .sign_in(
            &body.username,
            &body.password,
            Duration::days(TOKEN_DAYS),
            Utc::now(),
        )
        .await?;
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
