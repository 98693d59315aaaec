//! Attachments: `POST /api/v1/uploads` streams files into the blob store (anyone may upload:
//! applicants without accounts attach files too), and
//! `GET /api/v1/dossiers/{code}/files/{sha256}` serves a file to those who may see a dossier
//! that references it. An uploaded file is visible only through such a dossier.

use std::sync::{Arc, Mutex};

use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use futures_util::{Stream, StreamExt};
use motcua_domain::dossier::FileRef;
use motcua_files::UploadError;
use serde::Serialize;
use utoipa::ToSchema;

use super::dossiers::load_visible;
use super::error::ApiError;
use super::error::ErrorBody;
use super::sessions::MaybeOfficer;
use crate::state::AppState;
use motcua_app::files::AttachmentError;

/// The multipart form of an upload (for the API description; the handler streams it).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// One or more files (PDF, JPEG, PNG, TIFF, DOCX, DOC, XLSX, XLS, ODT, ODS), each at most
    /// 10 MB by default; the name's extension must match the content.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
    /// Code or name of the required component the files are for (at most one per request).
    component: Option<String>,
}

/// What was stored: reference these entries, each with its `upload_ticket`, in a submission,
/// a supplement or a signed result (a hash without its ticket is refused).
#[derive(Debug, Serialize, ToSchema)]
pub struct Uploaded {
    pub files: Vec<FileRef>,
}

/// Upload files. Each file is streamed to storage while hashed and sniffed against the
/// allowlist; a refused file leaves nothing behind. The answer's entries (`sha256` with its
/// `upload_ticket`) are what a dossier references; a file becomes visible only through a
/// dossier that references it.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "files",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Uploaded),
        (status = 400, description = "Empty file, malformed or interrupted upload", body = ErrorBody),
        (status = 413, description = "A file over the per-file limit, or the request over the per-request limit", body = ErrorBody),
        (status = 415, description = "Content not on the allowlist, or the extension does not match it", body = ErrorBody)))]
pub async fn upload(
    State(s): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Uploaded>), ApiError> {
    let multipart = multipart.map_err(|e| AttachmentError::Multipart(e.body_text()))?;
    let mut created = Vec::new();
    match read_files(&s, multipart, &mut created).await {
        Ok(mut files) => {
            s.app.issue_upload_tickets(&mut files).await?;
            Ok((StatusCode::CREATED, Json(Uploaded { files })))
        }
        Err(e) => {
            // A refused request keeps none of its files (only those it stored itself).
            s.app.discard_uploads(&created).await;
            Err(e)
        }
    }
}

/// The files of an upload request, stored; the hashes this request created go to `created`.
async fn read_files(
    s: &AppState,
    mut multipart: Multipart,
    created: &mut Vec<String>,
) -> Result<Vec<FileRef>, ApiError> {
    let request_limit = s.app.uploads.max_dossier;
    let mut files = Vec::new();
    let mut component: Option<String> = None;
    let mut received: u64 = 0;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(&e, request_limit).into()),
        };
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                // The per-file limit, or what is left of the request's.
                let limit = s
                    .app
                    .uploads
                    .max_file
                    .min(request_limit.saturating_sub(received));
                let seen = Arc::new(Mutex::new(None));
                let stored = s
                    .app
                    .blobs()
                    .put_new(watch(field, seen.clone()), &name, limit)
                    .await;
                let stored = match stored {
                    Ok(put) => {
                        if put.created {
                            created.push(put.file.sha256.clone());
                        }
                        s.app.note_upload(&put.file.sha256).await?;
                        put.file
                    }
                    Err(e) => {
                        let cause = seen.lock().ok().and_then(|mut c| c.take());
                        let over_request = cause == Some(StatusCode::PAYLOAD_TOO_LARGE)
                            || (matches!(e, UploadError::TooLarge { .. })
                                && limit < s.app.uploads.max_file);
                        return Err(if over_request {
                            AttachmentError::RequestTooLarge {
                                limit: request_limit,
                            }
                        } else {
                            AttachmentError::Upload(e)
                        }
                        .into());
                    }
                };
                received += stored.size;
                files.push(FileRef {
                    sha256: stored.sha256,
                    name: stored.original_name,
                    size: stored.size,
                    content_type: Some(stored.mime),
                    component: None,
                    upload_ticket: None,
                });
            }
            Some("component") => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| multipart_error(&e, request_limit))?;
                let text = text.trim();
                if component.is_some() {
                    return Err(AttachmentError::TwoComponents.into());
                }
                if !text.is_empty() {
                    component = Some(text.chars().take(500).collect());
                }
            }
            // Other parts are read and ignored (a form's submit button, for example).
            _ => {
                let mut field = field;
                while field
                    .chunk()
                    .await
                    .map_err(|e| multipart_error(&e, request_limit))?
                    .is_some()
                {}
            }
        }
    }
    if files.is_empty() {
        return Err(AttachmentError::NoFile.into());
    }
    for f in &mut files {
        f.component.clone_from(&component);
    }
    Ok(files)
}

fn multipart_error(e: &MultipartError, request_limit: u64) -> AttachmentError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AttachmentError::RequestTooLarge {
            limit: request_limit,
        }
    } else {
        AttachmentError::Multipart(e.body_text())
    }
}

/// The field as a byte stream, remembering the HTTP status of the error that ended it (the
/// blob store only sees the error's text).
fn watch(
    field: Field<'_>,
    seen: Arc<Mutex<Option<StatusCode>>>,
) -> impl Stream<Item = Result<bytes::Bytes, MultipartError>> + Unpin + '_ {
    field.map(move |chunk| {
        if let Err(e) = &chunk {
            if let Ok(mut s) = seen.lock() {
                *s = Some(e.status());
            }
        }
        chunk
    })
}

/// Download one of a dossier's files, for those who may see the dossier (signed-in officers
/// of the agencies concerned, the owner, or the applicant with `X-Applicant-Id`).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/files/{sha256}", tag = "files",
    params(("code" = String, Path), ("sha256" = String, Path, description = "The file's SHA-256, as referenced by the dossier"),
        ("X-Applicant-Id" = Option<String>, Header, description = "Identity number or phone given at submission")),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 200, description = "The file, as an attachment", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, body = ErrorBody)))]
pub async fn download(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path((code, sha256)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let d = load_visible(&s, &code, actor.as_ref(), &headers).await?;
    Ok(crate::download::send(
        s.app.dossier_file(&d, &sha256).await?,
    ))
}
