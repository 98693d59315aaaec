//! `/api/v1/dossiers/{code}/rating`: the applicant's satisfaction rating (domain.md §7), once,
//! after the result was returned. The applicant is the bearer of the owning account or the
//! holder of `X-Applicant-Id`, as for the dossier itself.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Utc};
use motcua_app::portal::ApplicantProof;
use motcua_app::service::RatingAnswers;
use motcua_app::AppError;
use motcua_domain::dossier::Viewer;
use motcua_domain::service::{Rating, RatingLevel};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dossiers::applicant_header;
use super::error::ApiError;
use super::error::ErrorBody;
use super::sessions::MaybeOfficer;
use crate::state::AppState;

/// The two satisfaction questions, and a comment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RatingIn {
    /// How easy the procedure was.
    pub ease: RatingLevel,
    /// Overall.
    pub overall: RatingLevel,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A stored rating.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingOut {
    pub dossier_code: String,
    pub ease: RatingLevel,
    pub overall: RatingLevel,
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
}

impl From<Rating> for RatingOut {
    fn from(r: Rating) -> Self {
        RatingOut {
            dossier_code: r.dossier_code,
            ease: r.ease,
            overall: r.overall,
            comment: r.comment,
            rated_at: r.rated_at,
        }
    }
}

/// Rate a returned dossier (its applicant, once).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/rating", tag = "dossiers", request_body = RatingIn,
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header, description = "Identity number or phone given at submission")),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 201, body = RatingOut), (status = 403, description = "Officers do not rate", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not returned yet, or rated already", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn rate(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Result<Json<RatingIn>, JsonRejection>,
) -> Result<(StatusCode, Json<RatingOut>), ApiError> {
    let Json(b) = body.map_err(|e| {
        ApiError::bad_request(
            format!("Dữ liệu gửi lên không hợp lệ: {}", e.body_text()),
            format!("the request body is not valid: {}", e.body_text()),
        )
    })?;
    let id = applicant_header(&headers);
    let proof = ApplicantProof {
        viewer: Viewer {
            actor: actor.as_ref(),
            applicant_id: id.as_deref(),
        },
        lookup_token: None,
    };
    let answers = RatingAnswers {
        ease: b.ease,
        overall: b.overall,
        comment: b.comment,
    };
    let r = s.app.rate(&code, proof, answers, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

/// The rating of a dossier, to whoever may see the dossier; 404 while it has none.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/rating", tag = "dossiers",
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header)),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 200, body = RatingOut), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<RatingOut>, ApiError> {
    let id = applicant_header(&headers);
    let viewer = Viewer {
        actor: actor.as_ref(),
        applicant_id: id.as_deref(),
    };
    match s.app.rating(&code, viewer).await? {
        Some(r) => Ok(Json(r.into())),
        None => Err(AppError::NotFound(format!("rating of {code}")).into()),
    }
}
