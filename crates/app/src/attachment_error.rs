//! Why an upload or a file reference was refused: its own module, below both the use cases
//! that refuse and [`crate::AppError`] that carries the refusal.

use motcua_files::{format_size, FileError, UploadError};

/// Why an upload or a file reference was refused; each has a stable code and both languages.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error(transparent)]
    Upload(#[from] UploadError),
    /// The whole request passed the per-request limit.
    #[error("upload request larger than {limit} bytes")]
    RequestTooLarge { limit: u64 },
    #[error("no file part in the upload")]
    NoFile,
    #[error("malformed multipart body: {0}")]
    Multipart(String),
    #[error("more than one component part")]
    TwoComponents,
    #[error("unknown file {sha256}")]
    UnknownFile { sha256: String },
    /// A reference through the API without the ticket its upload returned (or with another
    /// file's): a hash alone proves nothing about who holds the file.
    #[error("file {sha256} referenced without its upload ticket")]
    NoUploadTicket { sha256: String },
    #[error("file name {name:?} does not match the stored content {detected}")]
    NameMismatch {
        name: String,
        detected: &'static str,
    },
    #[error("dossier files total {total} bytes, over the limit of {limit}")]
    DossierTooLarge { total: u64, limit: u64 },
    #[error("storage: {0}")]
    Storage(#[from] FileError),
}

impl AttachmentError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AttachmentError::Upload(e) => match e {
                UploadError::TooLarge { .. } => "file_too_large",
                UploadError::Empty => "file_empty",
                UploadError::NotAllowed { .. } => "file_type_not_allowed",
                UploadError::ExtensionMismatch { .. } => "file_extension_mismatch",
                UploadError::Stream(_) => "upload_interrupted",
                UploadError::Inflated { .. } => "file_inflates_too_much",
                UploadError::Io(_) => "internal",
            },
            AttachmentError::RequestTooLarge { .. } => "upload_too_large",
            AttachmentError::NoFile => "no_file",
            AttachmentError::Multipart(_) => "bad_multipart",
            AttachmentError::TwoComponents => "bad_multipart",
            AttachmentError::UnknownFile { .. } => "unknown_file",
            AttachmentError::NoUploadTicket { .. } => "upload_ticket_invalid",
            AttachmentError::NameMismatch { .. } => "file_name_mismatch",
            AttachmentError::DossierTooLarge { .. } => "dossier_files_too_large",
            AttachmentError::Storage(FileError::Io(_)) => "internal",
            AttachmentError::Storage(_) => "unknown_file",
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            AttachmentError::Upload(e) => e.message_vi(),
            AttachmentError::RequestTooLarge { limit } => format!(
                "Tổng dung lượng các tệp trong một lần tải lên vượt quá {}. \
                 Hãy tải lên từng tệp một.",
                format_size(*limit, ',')
            ),
            AttachmentError::NoFile => {
                "Không có tệp nào được gửi lên (cần trường “file”).".to_owned()
            }
            AttachmentError::Multipart(e) => {
                format!("Dữ liệu tải lên không hợp lệ (multipart/form-data): {e}")
            }
            AttachmentError::TwoComponents => {
                "Mỗi lần tải lên chỉ ghi một thành phần hồ sơ (trường “component”).".to_owned()
            }
            AttachmentError::UnknownFile { sha256 } => format!(
                "Không tìm thấy tệp đã tải lên có mã {}. Hãy tải tệp lên trước \
                 (POST /api/v1/uploads) rồi dùng mã sha256 được trả về.",
                short(sha256)
            ),
            AttachmentError::NoUploadTicket { sha256 } => format!(
                "Tệp có mã {} thiếu hoặc sai “upload_ticket”. Hãy dùng đúng mục tệp \
                 (sha256 và upload_ticket) mà POST /api/v1/uploads đã trả về.",
                short(sha256)
            ),
            AttachmentError::NameMismatch { name, detected } => {
                let (label, ext) = label(detected);
                format!(
                    "Tên tệp “{name}” không khớp với nội dung đã lưu ({label}). \
                     Hãy đặt tên có đuôi .{ext}."
                )
            }
            AttachmentError::DossierTooLarge { total, limit } => format!(
                "Tổng dung lượng tệp của hồ sơ ({}) vượt quá mức tối đa {}. \
                 Hãy giảm dung lượng hoặc bớt tệp không cần thiết.",
                format_size(*total, ','),
                format_size(*limit, ',')
            ),
            AttachmentError::Storage(FileError::Io(_)) => {
                UploadError::Io(std::io::Error::other("storage")).message_vi()
            }
            AttachmentError::Storage(e) => format!("Mã tệp không hợp lệ hoặc không tồn tại: {e}"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            AttachmentError::Upload(e) => e.message_en(),
            AttachmentError::RequestTooLarge { limit } => format!(
                "The files of one upload add up to more than {}. Upload them one at a time.",
                format_size(*limit, '.')
            ),
            AttachmentError::NoFile => "No file was sent (a “file” part is needed).".to_owned(),
            AttachmentError::Multipart(e) => {
                format!("The upload is not valid multipart/form-data: {e}")
            }
            AttachmentError::TwoComponents => {
                "One upload names at most one dossier component (the “component” part).".to_owned()
            }
            AttachmentError::UnknownFile { sha256 } => format!(
                "No uploaded file has the hash {}. Upload the file first \
                 (POST /api/v1/uploads) and use the sha256 it returns.",
                short(sha256)
            ),
            AttachmentError::NoUploadTicket { sha256 } => format!(
                "File {} is referenced without its upload_ticket, or with a wrong one. Use the \
                 file entry (sha256 and upload_ticket) that POST /api/v1/uploads returned.",
                short(sha256)
            ),
            AttachmentError::NameMismatch { name, detected } => {
                let (label, ext) = label(detected);
                format!(
                    "The file name “{name}” does not match the stored content ({label}). \
                     Name it with the extension .{ext}."
                )
            }
            AttachmentError::DossierTooLarge { total, limit } => format!(
                "The dossier's files add up to {}, over the limit of {}. \
                 Reduce their size or leave out files that are not needed.",
                format_size(*total, '.'),
                format_size(*limit, '.')
            ),
            AttachmentError::Storage(FileError::Io(_)) => {
                UploadError::Io(std::io::Error::other("storage")).message_en()
            }
            AttachmentError::Storage(e) => format!("Invalid or unknown file hash: {e}"),
        }
    }
}

fn short(sha256: &str) -> String {
    sha256.chars().take(80).collect()
}

fn label(mime: &str) -> (&'static str, &'static str) {
    motcua_files::allowed(mime)
        .map(|t| (t.label, t.extensions.first().copied().unwrap_or("")))
        .unwrap_or(("?", "?"))
}
