//! Errors as users see them: bilingual JSON for the API, a friendly page for browsers.
//! Internal details go to the log with the request id, never to the response.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// The JSON error body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `not_found`.
    pub error: &'static str,
    pub message_vi: String,
    pub message_en: String,
    /// On `409 conflict`: the dossier's current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("bad request: {en}")]
    BadRequest { vi: String, en: String },
    #[error("unauthorized: {en}")]
    Unauthorized { vi: String, en: String },
    #[error("forbidden: {en}")]
    Forbidden { vi: String, en: String },
    /// Too many failed attempts (e.g. wrong lookup keys for one dossier code).
    #[error("too many attempts; retry after {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The resource changed since the client read it.
    #[error("conflict: now at version {current_version}")]
    Conflict { current_version: i64 },
    /// A rule of the domain refused the request.
    #[error(transparent)]
    Dossier(#[from] motcua_domain::dossier::DossierError),
    /// An upload or a file reference was refused.
    #[error(transparent)]
    Attachment(#[from] crate::attachments::AttachmentError),
    #[error(transparent)]
    Unexpected(#[from] motcua_store::StoreError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            ApiError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                ErrorBody {
                    error: "not_found",
                    message_vi: format!("Không tìm thấy {what}"),
                    message_en: format!("{what} was not found"),
                    current_version: None,
                },
            ),
            ApiError::BadRequest { vi, en } => (
                StatusCode::BAD_REQUEST,
                ErrorBody {
                    error: "bad_request",
                    message_vi: vi.clone(),
                    message_en: en.clone(),
                    current_version: None,
                },
            ),
            ApiError::Unauthorized { vi, en } => (
                StatusCode::UNAUTHORIZED,
                ErrorBody { error: "unauthorized", message_vi: vi.clone(), message_en: en.clone(), current_version: None },
            ),
            ApiError::Forbidden { vi, en } => (
                StatusCode::FORBIDDEN,
                ErrorBody { error: "forbidden", message_vi: vi.clone(), message_en: en.clone(), current_version: None },
            ),
            ApiError::TooManyAttempts { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorBody {
                    error: "too_many_attempts",
                    message_vi: format!(
                        "Đã thử sai quá nhiều lần với mã hồ sơ này; hãy thử lại sau {} phút",
                        retry_after_secs.div_ceil(60)
                    ),
                    message_en: format!(
                        "Too many wrong attempts for this dossier code; try again in {} minutes",
                        retry_after_secs.div_ceil(60)
                    ),
                    current_version: None,
                },
            ),
            ApiError::Conflict { current_version } => (
                StatusCode::CONFLICT,
                ErrorBody {
                    error: "conflict",
                    message_vi: format!("Hồ sơ vừa được người khác cập nhật (phiên bản {current_version}); hãy tải lại và thử lại"),
                    message_en: format!("Someone else updated the dossier first (now version {current_version}); reload and try again"),
                    current_version: Some(*current_version),
                },
            ),
            ApiError::Dossier(e) => {
                use motcua_domain::dossier::ErrorKind;
                let status = match e.kind() {
                    ErrorKind::NotFound => StatusCode::NOT_FOUND,
                    ErrorKind::Forbidden => StatusCode::FORBIDDEN,
                    ErrorKind::WrongState => StatusCode::CONFLICT,
                    ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                    _ => StatusCode::INTERNAL_SERVER_ERROR,
                };
                (status, ErrorBody { error: e.code(), message_vi: e.message_vi(), message_en: e.message_en(), current_version: None })
            }
            ApiError::Attachment(e) => {
                let status = e.status();
                if status.is_server_error() {
                    tracing::error!(error = %e, "attachment storage failed");
                }
                (
                    status,
                    ErrorBody {
                        error: e.code(),
                        message_vi: e.message_vi(),
                        message_en: e.message_en(),
                        current_version: None,
                    },
                )
            }
            ApiError::Unexpected(e) => {
                tracing::error!(error = %e, "unexpected error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody {
                        error: "internal",
                        message_vi: "Hệ thống gặp lỗi, vui lòng thử lại sau".into(),
                        message_en: "Something went wrong on our side; please try again later"
                            .into(),
                        current_version: None,
                    },
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound(crate::i18n::Lang),
    #[error(transparent)]
    Store(#[from] motcua_store::StoreError),
    #[error(transparent)]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Print(#[from] motcua_reports::PrintError),
    #[error("{0}")]
    Unexpected(String),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::NotFound(lang) => crate::pages::not_found_page(lang),
            other => {
                tracing::error!(error = %other, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(
                        "<!doctype html><meta charset=utf-8><title>Lỗi / Error</title>\
                         <h1>Hệ thống gặp lỗi, vui lòng thử lại sau.</h1>\
                         <p lang=en>Something went wrong on our side; please try again later.</p>",
                    ),
                )
                    .into_response()
            }
        }
    }
}
