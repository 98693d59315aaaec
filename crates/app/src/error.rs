//! The one error every use case returns. The web crate maps it once to a JSON body and once to
//! a page; the CLI prints it. Each variant says what the person can do about it, in Vietnamese
//! and in English.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::DossierError;
use motcua_domain::service::ServiceError;
use motcua_store::dossiers::WriteError;
use motcua_store::StoreError;

use crate::attachment_error::AttachmentError;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Absent, or not visible to the caller: both look the same from outside.
    #[error("not found: {0}")]
    NotFound(String),
    /// The caller must sign in (or their session ended).
    #[error("unauthorized: {en}")]
    Unauthorized { vi: String, en: String },
    /// The caller is known but may not do this.
    #[error("forbidden: {en}")]
    Forbidden { vi: String, en: String },
    /// The input does not say what is needed; `field` names the form field when there is one.
    #[error("invalid: {en}")]
    Invalid {
        field: Option<&'static str>,
        vi: String,
        en: String,
    },
    /// An idempotency key another sender used first: their dossier is not shown.
    #[error("idempotency key used by another sender")]
    KeyReused,
    /// The thing changed since the caller read it.
    #[error("conflict: now at version {current_version}")]
    Conflict { current_version: i64 },
    /// A rule of the domain refused the command (nothing was written).
    #[error(transparent)]
    Refused(#[from] DossierError),
    /// A rule of ratings or PAKN refused it, or their input is not valid (nothing was written).
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// An upload or a file reference was refused.
    #[error(transparent)]
    Attachment(#[from] AttachmentError),
    /// Too many failed attempts for one key (the public lookup's second factor).
    #[error("too many attempts; retry after {retry_after_secs} s")]
    TooMany { retry_after_secs: u64 },
    /// Too many wrong passwords for one user name: locked until then.
    #[error("sign-in locked until {until}")]
    Locked { until: DateTime<Utc> },
    /// The database failed; details go to the log, never to the person.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else that is our fault, not the caller's.
    #[error("{0}")]
    Unexpected(String),
}

impl AppError {
    /// Bad input with both languages.
    pub fn invalid(vi: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: None,
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// Bad input in one named field.
    pub fn invalid_field(
        field: &'static str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> AppError {
        AppError::Invalid {
            field: Some(field),
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn forbidden(vi: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::Forbidden {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// Sign-in needed.
    pub fn sign_in_required() -> AppError {
        AppError::Unauthorized {
            vi: "Cần đăng nhập".into(),
            en: "Sign-in required".into(),
        }
    }

    /// Only officers (people with a role) may do this.
    pub fn officers_only() -> AppError {
        AppError::forbidden(
            "Chức năng này dành cho cán bộ, công chức",
            "This is for officers only",
        )
    }

    /// Whether this is the caller's doing (4xx) rather than ours (5xx).
    pub fn is_callers(&self) -> bool {
        match self {
            AppError::Store(_) | AppError::Unexpected(_) => false,
            AppError::Refused(e) => e.kind() != motcua_domain::dossier::ErrorKind::Internal,
            AppError::Service(e) => e.kind() != motcua_domain::dossier::ErrorKind::Internal,
            _ => true,
        }
    }
}

impl From<WriteError> for AppError {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Domain(d) => AppError::Refused(d),
            WriteError::Conflict { current_version } => AppError::Conflict { current_version },
            WriteError::NotFound(c) => AppError::NotFound(format!("dossier {c}")),
            WriteError::KeyTaken => AppError::KeyReused,
            WriteError::Store(s) => AppError::Store(s),
        }
    }
}

impl From<motcua_calendar::CalendarError> for AppError {
    fn from(e: motcua_calendar::CalendarError) -> Self {
        AppError::Refused(e.into())
    }
}
