//! The HTTP status of each use-case refusal, the same through both doors (pages and API).

use axum::http::StatusCode;
use motcua_app::files::AttachmentError;
use motcua_domain::dossier::{DossierError, ErrorKind};
use motcua_files::{FileError, UploadError};

/// The HTTP status of a refused upload or file reference.
pub fn attachment_status(e: &AttachmentError) -> StatusCode {
    match e {
        AttachmentError::Upload(e) => match e {
            UploadError::TooLarge { .. } | UploadError::Inflated { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            UploadError::NotAllowed { .. } | UploadError::ExtensionMismatch { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            UploadError::Empty | UploadError::Stream(_) => StatusCode::BAD_REQUEST,
            UploadError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        },
        AttachmentError::RequestTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        AttachmentError::NoFile
        | AttachmentError::Multipart(_)
        | AttachmentError::TwoComponents => StatusCode::BAD_REQUEST,
        AttachmentError::UnknownFile { .. }
        | AttachmentError::NoUploadTicket { .. }
        | AttachmentError::NameMismatch { .. }
        | AttachmentError::DossierTooLarge { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AttachmentError::Storage(FileError::InvalidHash(_) | FileError::NotFound(_)) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        AttachmentError::Storage(FileError::Io(_)) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The status a domain refusal answers with.
pub fn refusal_status(e: &DossierError) -> StatusCode {
    kind_status(e.kind())
}

/// The status a refused rating or PAKN change answers with (the same kinds as a dossier's).
pub fn service_status(e: &motcua_domain::service::ServiceError) -> StatusCode {
    kind_status(e.kind())
}

fn kind_status(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::WrongState => StatusCode::CONFLICT,
        ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
