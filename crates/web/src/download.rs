//! Files sent to a browser or an API client: always as an attachment, typed from what the
//! store detected, never sniffed by the browser.

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use motcua_app::files::OpenedFile;
use motcua_files::content_disposition;
use tokio_util::io::ReaderStream;

/// Streams an opened file as an attachment.
pub fn send(f: OpenedFile) -> Response {
    let disposition = HeaderValue::from_str(&content_disposition(&f.file.name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(f.content_type),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, HeaderValue::from(f.len)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        Body::from_stream(ReaderStream::new(f.blob)),
    )
        .into_response()
}
