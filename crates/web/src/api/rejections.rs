//! The API answers every error with the same JSON [`ErrorBody`]. Axum's extractors refuse some
//! requests before a handler runs (a path parameter out of range, a query that does not parse,
//! a body without its content type, an unknown method) and answer in plain text; this layer
//! gives those answers the JSON body, so a client parses one shape whatever went wrong.

use axum::body::to_bytes;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::error::ErrorBody;

/// The most of a plain-text refusal kept as its detail (axum's are one short sentence).
const DETAIL_LIMIT: usize = 2048;

/// Rewrites a non-JSON error response of the API into an [`ErrorBody`] with the same status
/// (and the same headers, such as `Allow` on 405).
pub async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let detail = match to_bytes(body, DETAIL_LIMIT).await {
        Ok(b) => String::from_utf8_lossy(&b).trim().to_owned(),
        Err(_) => String::new(),
    };
    let (error, vi, en) = wording(status);
    let (message_vi, message_en) = if detail.is_empty() || status.is_server_error() {
        // A server error's text is ours, not the client's business (it is in the log).
        (vi.to_owned(), en.to_owned())
    } else {
        (format!("{vi}: {detail}"), format!("{en}: {detail}"))
    };
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = ErrorBody {
        error,
        message_vi,
        message_en,
        current_version: None,
        field: None,
    };
    (parts, Json(body)).into_response()
}

/// The stable code and the sentence in both languages of a status.
fn wording(status: StatusCode) -> (&'static str, &'static str, &'static str) {
    match status {
        StatusCode::BAD_REQUEST => (
            "bad_request",
            "Yêu cầu không hợp lệ",
            "The request is not valid",
        ),
        StatusCode::NOT_FOUND => ("not_found", "Không tìm thấy", "Not found"),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "Địa chỉ này không nhận phương thức đó",
            "This address does not take that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            "Dữ liệu gửi lên quá lớn",
            "The request body is too large",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Dữ liệu gửi lên không đúng định dạng khai báo (JSON cần Content-Type: application/json)",
            "The body is not of the declared type (JSON needs Content-Type: application/json)",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => (
            "invalid_body",
            "Dữ liệu gửi lên không đúng cấu trúc",
            "The body does not have the expected shape",
        ),
        s if s.is_server_error() => (
            "internal",
            "Hệ thống gặp lỗi, vui lòng thử lại sau",
            "Something went wrong on our side; please try again later",
        ),
        _ => ("refused", "Yêu cầu bị từ chối", "The request was refused"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    async fn through(res: Response) -> (StatusCode, Option<String>, serde_json::Value) {
        let res = json_errors(res).await;
        let status = res.status();
        let allow = res
            .headers()
            .get(header::ALLOW)
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        let bytes = to_bytes(res.into_body(), 1 << 16).await.unwrap_or_default();
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        (status, allow, json)
    }

    #[tokio::test]
    async fn plain_refusals_become_error_bodies() {
        let res = Response::builder()
            .status(StatusCode::BAD_REQUEST)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from("Cannot parse `9223372036854775808` to a `i64`"))
            .unwrap_or_default();
        let (status, _, v) = through(res).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(v["error"], "bad_request");
        assert!(
            v["message_en"].as_str().unwrap_or_default().contains("i64"),
            "{v}"
        );

        let res = Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .header(header::ALLOW, "GET,HEAD")
            .body(Body::empty())
            .unwrap_or_default();
        let (status, allow, v) = through(res).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(allow.as_deref(), Some("GET,HEAD"));
        assert_eq!(v["error"], "method_not_allowed");

        let res = Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::from("secret stack trace"))
            .unwrap_or_default();
        let (_, _, v) = through(res).await;
        assert_eq!(v["error"], "internal");
        assert!(!v.to_string().contains("secret"), "{v}");
    }

    #[tokio::test]
    async fn json_and_success_pass_untouched() {
        for (status, ty) in [
            (StatusCode::OK, "text/csv"),
            (StatusCode::NOT_FOUND, "application/json"),
        ] {
            let res = Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, ty)
                .body(Body::from("a,b"))
                .unwrap_or_default();
            let res = json_errors(res).await;
            assert_eq!(res.status(), status);
            let bytes = to_bytes(res.into_body(), 1024).await.unwrap_or_default();
            assert_eq!(&bytes[..], b"a,b");
        }
    }
}
