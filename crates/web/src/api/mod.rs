//! The JSON API, versioned under `/api/v1`, described by the OpenAPI document at
//! `/api/openapi.json` (snapshot-tested so changes are deliberate).

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::AppState;

mod procedures;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "Hệ thống thông tin một cửa điện tử — electronic one-stop system. Errors carry `message_vi` and `message_en`."
    ),
    paths(procedures::list, procedures::get_one, procedures::fields, procedures::agencies),
    components(schemas(crate::error::ErrorBody)),
    tags((name = "catalog", description = "Danh mục thủ tục hành chính — the procedure catalog"))
)]
pub struct ApiDoc;

/// The OpenAPI document as served.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_owned())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/openapi.json",
            get(|| async { Json(ApiDoc::openapi()) }),
        )
        .route("/api/v1/procedures", get(procedures::list))
        .route("/api/v1/procedures/{code}", get(procedures::get_one))
        .route("/api/v1/fields", get(procedures::fields))
        .route("/api/v1/agencies", get(procedures::agencies))
}
