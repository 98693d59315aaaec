//! A use case's refusal as an operator reads it: one line, in Vietnamese and English.

use motcua_app::AppError;

pub fn cli_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid { vi, en, .. }
        | AppError::Forbidden { vi, en }
        | AppError::Unauthorized { vi, en } => anyhow::anyhow!("{vi} / {en}"),
        AppError::NotFound(what) => anyhow::anyhow!("không tìm thấy {what} / {what} not found"),
        other => anyhow::Error::new(other),
    }
}
