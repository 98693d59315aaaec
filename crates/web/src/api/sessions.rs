//! `/api/v1/sessions`: sign in with a user name and password to get a bearer token; the
//! [`Officer`] extractor turns `Authorization: Bearer …` into the acting [`Actor`].

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use motcua_domain::dossier::{Actor, ActorKind};
use motcua_store::{sessions, users};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ErrorBody;
use crate::{ApiError, AppState};

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

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized {
        vi: "Tên đăng nhập hoặc mật khẩu không đúng".into(),
        en: "Wrong user name or password".into(),
    }
}

/// Sign in.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "auth", request_body = SignIn,
    responses((status = 201, body = SessionOut), (status = 401, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    Json(body): Json<SignIn>,
) -> Result<(StatusCode, Json<SessionOut>), ApiError> {
    let user = users::find_user(&s.db, body.username.trim()).await?;
    // Verify even for unknown users so timing does not reveal which names exist.
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| {
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$invalidinvalidinvalidinvalidinvalidinvalid"
                .into()
        });
    let password = body.password;
    let ok = tokio::task::spawn_blocking(move || crate::auth::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|u| ok && u.active) else {
        return Err(bad_credentials());
    };
    let (token, hash) = crate::auth::new_token();
    let expires_at = Utc::now() + Duration::days(TOKEN_DAYS);
    sessions::create(&s.db, &hash, user.id, expires_at).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionOut {
            token,
            expires_at,
            username: user.username,
            full_name: user.full_name,
            roles: user.roles,
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
    let Some(u) = sessions::user(&s.db, &crate::auth::token_hash(token), Utc::now()).await? else {
        return Err(ApiError::Unauthorized {
            vi: "Phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại".into(),
            en: "The session has expired or is not valid; please sign in again".into(),
        });
    };
    let kind = if u.roles.is_empty() {
        ActorKind::Applicant
    } else {
        ActorKind::Officer
    };
    Ok(Some(Actor {
        kind,
        user_id: Some(u.id),
        username: u.username,
        roles: u.roles,
        agency_code: u.agency_code,
        unit_code: u.unit_code,
    }))
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
            Some(_) => Err(ApiError::Forbidden {
                vi: "Chức năng này dành cho cán bộ, công chức".into(),
                en: "This is for officers only".into(),
            }),
            None => Err(ApiError::Unauthorized {
                vi: "Cần đăng nhập".into(),
                en: "Sign-in required".into(),
            }),
        }
    }
}
