//! The JSON API, versioned under `/api/v1`, described by the OpenAPI document at
//! `/api/openapi.json` (snapshot-tested so changes are deliberate).

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::state::AppState;
use motcua_app::UploadConfig;

mod access_log;
pub(crate) mod dossiers;
pub mod error;
mod feedback;
pub(crate) mod files;
pub(crate) mod lookup;
mod procedures;
mod ratings;
pub(crate) mod reports;
pub(crate) mod sessions;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "Hệ thống thông tin một cửa điện tử — electronic one-stop system. Errors carry `message_vi` and `message_en`."
    ),
    paths(
        procedures::list, procedures::get_one, procedures::fields, procedures::agencies,
        sessions::create, dossiers::submit, dossiers::get_one, dossiers::events, dossiers::act, dossiers::inbox,
        files::upload, files::download, lookup::lookup,
        reports::form_06a, reports::behind, reports::form_07b, reports::index_766, reports::reform,
        ratings::rate, ratings::get_one,
        feedback::submit, feedback::status, feedback::list, feedback::answer,
        access_log::list
    ),
    components(schemas(error::ErrorBody)),
    tags(
        (name = "catalog", description = "Danh mục thủ tục hành chính — the procedure catalog"),
        (name = "auth", description = "Đăng nhập — sign-in for officers and applicants"),
        (name = "dossiers", description = "Hồ sơ — submission, handling and tracking of dossiers"),
        (name = "files", description = "Tệp đính kèm — uploads and the files of a dossier"),
        (name = "lookup", description = "Tra cứu hồ sơ — public lookup by code and a second factor, without personal data"),
        (name = "reports", description = "Báo cáo — Biểu II.06a, II.07b, Decision 766 index and reform figures, for reporting roles"),
        (name = "feedback", description = "Phản ánh, kiến nghị — feedback and petitions: filed by anyone, answered by the agency"),
        (name = "access", description = "Nhật ký truy cập dữ liệu cá nhân — who read applicants' personal data (administrators)")
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Declares the bearer token scheme that `/api/v1/sessions` hands out.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document as served.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_owned())
}

/// The API routes; the upload route's body limit comes from `uploads`.
pub fn routes(uploads: &UploadConfig) -> Router<AppState> {
    Router::new()
        .route(
            "/api/openapi.json",
            get(|| async { Json(ApiDoc::openapi()) }),
        )
        .route("/api/v1/procedures", get(procedures::list))
        .route("/api/v1/procedures/{code}", get(procedures::get_one))
        .route("/api/v1/fields", get(procedures::fields))
        .route("/api/v1/agencies", get(procedures::agencies))
        .route("/api/v1/sessions", post(sessions::create))
        .route("/api/v1/dossiers", post(dossiers::submit))
        .route("/api/v1/dossiers/{code}", get(dossiers::get_one))
        .route("/api/v1/dossiers/{code}/events", get(dossiers::events))
        .route("/api/v1/dossiers/{code}/actions", post(dossiers::act))
        .route("/api/v1/inbox", get(dossiers::inbox))
        .route(
            "/api/v1/uploads",
            post(files::upload).layer(DefaultBodyLimit::max(uploads.request_limit())),
        )
        .route(
            "/api/v1/dossiers/{code}/files/{sha256}",
            get(files::download),
        )
        .route("/api/v1/lookup/{code}", get(lookup::lookup))
        .route("/api/v1/reports/06a", get(reports::form_06a))
        .route("/api/v1/reports/06a/behind", get(reports::behind))
        .route("/api/v1/reports/07b", get(reports::form_07b))
        .route("/api/v1/reports/766", get(reports::index_766))
        .route("/api/v1/reports/reform", get(reports::reform))
        .route(
            "/api/v1/dossiers/{code}/rating",
            get(ratings::get_one).post(ratings::rate),
        )
        .route(
            "/api/v1/feedback",
            get(feedback::list).post(feedback::submit),
        )
        .route("/api/v1/feedback/{code}", get(feedback::status))
        .route("/api/v1/feedback/{code}/answer", post(feedback::answer))
        .route("/api/v1/access-log", get(access_log::list))
}
