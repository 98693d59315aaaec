//! `/api/v1/procedures…`: the public catalog as JSON (published procedures only).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use motcua_app::catalog::{ProcedureFilter, ProcedureSummary, StoredProcedure};
use motcua_domain::{Agency, Field, OnlineLevel};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::error::ErrorBody;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Search words; diacritics and case are ignored ("giay phep ruou").
    q: Option<String>,
    /// Field code (lĩnh vực).
    field: Option<String>,
    /// Competent agency code (QCVN 102).
    agency: Option<String>,
    /// Online service level.
    online_level: Option<OnlineLevel>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u32>,
}

/// A page of procedures.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcedurePage {
    items: Vec<ProcedureSummary>,
    total: i64,
    page: u32,
    per_page: u32,
}

fn bad_query(e: QueryRejection) -> ApiError {
    ApiError::bad_request(
        format!("Tham số truy vấn không hợp lệ: {}", e.body_text()),
        format!("invalid query parameters: {}", e.body_text()),
    )
}

/// List and search published procedures.
#[utoipa::path(get, path = "/api/v1/procedures", tag = "catalog", params(ListParams),
    responses((status = 200, body = ProcedurePage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<ProcedurePage>, ApiError> {
    let Query(p) = params.map_err(bad_query)?;
    let per_page = p.per_page.unwrap_or(20);
    if !(1..=100).contains(&per_page) {
        return Err(ApiError::bad_request(
            "per_page phải từ 1 đến 100",
            "per_page must be between 1 and 100",
        ));
    }
    let page = super::paging::page_number(p.page)?;
    let r = s
        .app
        .published_procedures(&ProcedureFilter {
            q: p.q,
            field_code: p.field,
            agency_code: p.agency,
            online_level: p.online_level,
            published_only: true,
            page,
            per_page,
        })
        .await?;
    Ok(Json(ProcedurePage {
        items: r.items,
        total: r.total,
        page: r.page,
        per_page: r.per_page,
    }))
}

/// One published procedure, complete: components, fees, internal steps.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", tag = "catalog",
    params(("code" = String, Path, description = "National procedure code, e.g. 2.000633")),
    responses((status = 200, body = StoredProcedure), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<StoredProcedure>, ApiError> {
    Ok(Json(s.app.published_procedure(&code).await?))
}

/// Fields of procedures (lĩnh vực).
#[utoipa::path(get, path = "/api/v1/fields", tag = "catalog", responses((status = 200, body = [Field])))]
pub async fn fields(State(s): State<AppState>) -> Result<Json<Vec<Field>>, ApiError> {
    Ok(Json(s.app.fields().await?))
}

/// Agencies with their units.
#[utoipa::path(get, path = "/api/v1/agencies", tag = "catalog", responses((status = 200, body = [Agency])))]
pub async fn agencies(State(s): State<AppState>) -> Result<Json<Vec<Agency>>, ApiError> {
    Ok(Json(s.app.agencies().await?))
}
