//! The JSON API, versioned under `/api/v1`, described by the OpenAPI document at
//! `/api/openapi.json` (snapshot-tested so changes are deliberate).

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::state::AppState;
use motcua_app::UploadConfig;

mod access_log;
mod appointment;
pub(crate) mod dossiers;
pub mod error;
mod feedback;
pub(crate) mod files;
pub(crate) mod lookup;
mod paging;
mod payments;
mod procedures;
mod ratings;
mod rejections;
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
        sessions::create, sessions::mine, sessions::revoke, sessions::of_user, sessions::revoke_of_user,
        dossiers::submit, dossiers::get_one, dossiers::events, dossiers::act, dossiers::inbox,
        appointment::appointment,
        files::upload, files::download, lookup::lookup,
        reports::form_06a, reports::behind, reports::form_07b, reports::index_766, reports::reform,
        reports::feedback,
        ratings::rate, ratings::get_one,
        feedback::submit, feedback::status, feedback::list, feedback::answer, feedback::assign,
        access_log::list,
        payments::fees, payments::record, payments::receipts, payments::start, payments::ipn, payments::report
    ),
    components(schemas(error::ErrorBody)),
    tags(
        (name = "catalog", description = "Danh mục thủ tục hành chính — the procedure catalog"),
        (name = "auth", description = "Đăng nhập — sign-in for officers and applicants"),
        (name = "dossiers", description = "Hồ sơ — submission, handling and tracking of dossiers"),
        (name = "files", description = "Tệp đính kèm — uploads and the files of a dossier"),
        (name = "lookup", description = "Tra cứu hồ sơ — public lookup by code and a second factor, without personal data"),
        (name = "reports", description = "Báo cáo — Biểu II.06a, II.07b, Decision 766 index and reform figures, for reporting roles"),
        (name = "payments", description = "Phí, lệ phí — fee lines, receipts, online payment through the gateway (redirect and signed IPN)"),
        (name = "feedback", description = "Phản ánh, kiến nghị — feedback and petitions: filed by anyone, answered by the agency"),
        (name = "access", description = "Nhật ký truy cập dữ liệu cá nhân — who read applicants' personal data (administrators)")
    ),
    modifiers(&BearerAuth, &EdgeResponses)
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

/// What every operation can answer before its handler runs, added to each operation that does
/// not already describe it: 400 (a text the edge refuses: a NUL or control character, not
/// UTF-8, too long; or a malformed parameter), 429 where an `X-Applicant-Id` is checked, and for
/// operations with a body, 413 (too large), 415 (not the declared content type) and 422 (JSON
/// of the wrong shape).
struct EdgeResponses;

impl utoipa::Modify for EdgeResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.put, true),
                (&mut item.delete, false),
                (&mut item.patch, true),
            ];
            for (op, has_body) in ops {
                let Some(op) = op.as_mut() else { continue };
                let responses = &mut op.responses.responses;
                let mut add = |code: &str, description: &str| {
                    responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error(description).into());
                };
                add(
                    "400",
                    "Refused input: a NUL or control character, text that is not UTF-8 or too \
                     long, or a malformed parameter",
                );
                // A wrong identity number or phone counts against the code's wrong-attempt
                // limit, shared with the public lookup.
                let proves_applicant = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.name.eq_ignore_ascii_case("x-applicant-id"));
                if proves_applicant {
                    add(
                        "429",
                        "Too many wrong identity numbers or phones for this dossier code: \
                         locked for a while",
                    );
                }
                if has_body && op.request_body.is_some() {
                    add("413", "The request body is too large");
                    add("415", "The body is not of the declared content type");
                    add("422", "The body does not have the expected shape");
                }
            }
        }
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
        .route(
            "/api/v1/sessions",
            post(sessions::create).get(sessions::mine),
        )
        .route("/api/v1/sessions/{id}", delete(sessions::revoke))
        .route("/api/v1/admin/users/{id}/sessions", get(sessions::of_user))
        .route(
            "/api/v1/admin/users/{id}/sessions/{session}",
            delete(sessions::revoke_of_user),
        )
        .route("/api/v1/dossiers", post(dossiers::submit))
        .route("/api/v1/dossiers/{code}", get(dossiers::get_one))
        .route("/api/v1/dossiers/{code}/events", get(dossiers::events))
        .route(
            "/api/v1/dossiers/{code}/appointment",
            get(appointment::appointment),
        )
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
        .route("/api/v1/reports/pakn", get(reports::feedback))
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
        .route("/api/v1/dossiers/{code}/fees", get(payments::fees))
        .route(
            "/api/v1/dossiers/{code}/receipts",
            get(payments::receipts).post(payments::record),
        )
        .route(
            "/api/v1/dossiers/{code}/payments/online",
            post(payments::start),
        )
        .route("/api/v1/payments/ipn", get(payments::ipn))
        .route("/api/v1/reports/payments", get(payments::report))
        .route("/api/v1/feedback/{code}/assign", post(feedback::assign))
        .layer(axum::middleware::map_response(rejections::json_errors))
}
