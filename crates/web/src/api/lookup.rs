//! `GET /api/v1/lookup/{code}?key=…`: the public lookup (tra cứu hồ sơ). With the dossier code
//! and a second factor the applicant holds (their identity number, or the last 4 digits of the
//! phone given at submission) anyone may see where a dossier stands — in words, with the
//! appointment, the working time left and the timeline — but no personal data: no names of
//! applicants or officers, no identity numbers, phones, addresses, notes, reasons or files.

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::Utc;
use motcua_app::lookup::LookupView;
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use super::error::ErrorBody;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupParams {
    /// The applicant's identity number (or business code), or the last 4 digits of the phone
    /// number given at submission.
    key: Option<String>,
}

/// Look a dossier up by its code and a second factor. A wrong key and an unknown code answer
/// the same 404.
#[utoipa::path(get, path = "/api/v1/lookup/{code}", tag = "lookup", params(("code" = String, Path), LookupParams),
    responses((status = 200, body = LookupView), (status = 400, description = "No key given", body = ErrorBody),
        (status = 404, description = "No dossier with this code and key", body = ErrorBody),
        (status = 429, description = "Too many wrong keys for this code; try again later", body = ErrorBody)))]
pub async fn lookup(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Query(p): Query<LookupParams>,
) -> Result<Json<LookupView>, ApiError> {
    let key = p.key.unwrap_or_default();
    Ok(Json(s.app.lookup(&code, &key, Utc::now()).await?))
}
