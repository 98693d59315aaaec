//! Errors as API clients see them: a status and a bilingual JSON body with a stable code.
//! Every use-case error is mapped here, once; internal details go to the log with the request
//! id, never to the response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_app::files::AttachmentError;
use motcua_app::AppError;
use motcua_domain::dossier::DossierError;

use crate::statuses::{attachment_status, refusal_status, service_status};
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
    /// On `400 bad_request`: the field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

/// A use-case error on its way to a JSON client.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<DossierError> for ApiError {
    fn from(e: DossierError) -> Self {
        ApiError(e.into())
    }
}

impl From<AttachmentError> for ApiError {
    fn from(e: AttachmentError) -> Self {
        ApiError(e.into())
    }
}

impl ApiError {
    /// A request the API cannot read (bad JSON, a missing header).
    pub fn bad_request(vi: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError(AppError::invalid(vi, en))
    }
}

fn body(error: &'static str, vi: String, en: String) -> ErrorBody {
    ErrorBody {
        error,
        message_vi: vi,
        message_en: en,
        current_version: None,
        field: None,
    }
}

fn internal() -> ErrorBody {
    body(
        "internal",
        "Hệ thống gặp lỗi, vui lòng thử lại sau".into(),
        "Something went wrong on our side; please try again later".into(),
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self.0 {
            AppError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                body(
                    "not_found",
                    format!("Không tìm thấy {what}"),
                    format!("{what} was not found"),
                ),
            ),
            AppError::Invalid { field, vi, en } => (
                StatusCode::BAD_REQUEST,
                ErrorBody {
                    field,
                    ..body("bad_request", vi, en)
                },
            ),
            AppError::Unauthorized { vi, en } => {
                (StatusCode::UNAUTHORIZED, body("unauthorized", vi, en))
            }
            AppError::Forbidden { vi, en } => (StatusCode::FORBIDDEN, body("forbidden", vi, en)),
            AppError::TooMany { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    body(
                        "too_many_attempts",
                        format!(
                            "Đã thử sai quá nhiều lần với mã hồ sơ này; hãy thử lại sau {minutes} phút"
                        ),
                        format!(
                            "Too many wrong attempts for this dossier code; try again in {minutes} minutes"
                        ),
                    ),
                )
            }
            AppError::Locked { until } => {
                let minutes = (until - chrono::Utc::now()).num_minutes().max(0) + 1;
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    body(
                        "sign_in_locked",
                        format!(
                            "Tên đăng nhập này tạm bị khóa do nhập sai mật khẩu nhiều lần; hãy thử lại sau {minutes} phút"
                        ),
                        format!(
                            "This user name is locked after too many wrong passwords; try again in {minutes} minutes"
                        ),
                    ),
                )
            }
            AppError::KeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody {
                    field: Some("Idempotency-Key"),
                    ..body(
                        "idempotency_key_reused",
                        "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới".to_owned(),
                        "This Idempotency-Key was used for a different request; use a new key".to_owned(),
                    )
                },
            ),
            AppError::Conflict { current_version } => (
                StatusCode::CONFLICT,
                ErrorBody {
                    current_version: Some(current_version),
                    ..body(
                        "conflict",
                        format!("Hồ sơ vừa được người khác cập nhật (phiên bản {current_version}); hãy tải lại và thử lại"),
                        format!("Someone else updated the dossier first (now version {current_version}); reload and try again"),
                    )
                },
            ),
            AppError::Refused(e) => {
                let status = refusal_status(&e);
                if status.is_server_error() {
                    tracing::error!(error = %e, "domain failed");
                }
                (status, body(e.code(), e.message_vi(), e.message_en()))
            }
            AppError::Service(e) => {
                let status = service_status(&e);
                if status.is_server_error() {
                    tracing::error!(error = %e, "service rule failed");
                }
                (
                    status,
                    ErrorBody {
                        field: e.field(),
                        ..body(e.code(), e.message_vi(), e.message_en())
                    },
                )
            }
            AppError::Attachment(e) => {
                let status = attachment_status(&e);
                if status.is_server_error() {
                    tracing::error!(error = %e, "attachment storage failed");
                }
                (status, body(e.code(), e.message_vi(), e.message_en()))
            }
            e @ (AppError::Store(_) | AppError::Unexpected(_)) => {
                tracing::error!(error = %e, "unexpected error");
                (StatusCode::INTERNAL_SERVER_ERROR, internal())
            }
        };
        (status, Json(body)).into_response()
    }
}
