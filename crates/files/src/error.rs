//! Errors, with user-facing messages in Vietnamese and English.

use crate::sniff::{accepted_labels, label_for};

/// Why an upload was refused. Nothing is left on disk in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("file larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("empty file")]
    Empty,
    #[error("file type not allowed (detected: {detected:?})")]
    NotAllowed { detected: Option<String> },
    #[error("extension {extension:?} does not match the content ({detected})")]
    ExtensionMismatch { extension: String, detected: String },
    #[error("storage error: {0}")]
    Io(#[from] std::io::Error),
    #[error("upload interrupted: {0}")]
    Stream(String),
    #[error("archive unpacks to more than {limit} bytes")]
    Inflated { limit: u64 },
}

impl UploadError {
    /// The reason and what to do, for the applicant or officer, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            Self::TooLarge { limit } => format!(
                "Tệp quá lớn: tối đa {}. Hãy giảm dung lượng (ví dụ quét ở độ phân giải thấp hơn) \
                 hoặc chia thành nhiều tệp rồi tải lên lại.",
                format_size(*limit, ',')
            ),
            Self::Empty => "Tệp rỗng (0 byte). Hãy kiểm tra lại tệp rồi tải lên lại.".to_owned(),
            Self::NotAllowed { .. } => format!(
                "Định dạng tệp không được chấp nhận. Chỉ nhận: {}. \
                 Hãy chuyển tệp sang PDF rồi tải lên lại.",
                accepted_labels()
            ),
            Self::ExtensionMismatch {
                extension,
                detected,
            } => {
                let (label, ext) = label_for(detected);
                format!(
                    "Phần mở rộng {} không khớp với nội dung tệp (nội dung là {label}). \
                     Hãy đổi tên tệp có đuôi .{ext} hoặc chọn đúng tệp.",
                    shown_extension(extension, "(không có)")
                )
            }
            Self::Io(_) => "Lỗi hệ thống khi lưu tệp. Vui lòng thử lại sau; nếu vẫn lỗi, \
                            hãy liên hệ quản trị viên."
                .to_owned(),
            Self::Stream(_) => "Quá trình tải lên bị gián đoạn. Hãy kiểm tra kết nối mạng \
                                rồi tải lên lại."
                .to_owned(),
            Self::Inflated { limit } => format!(
                "Tệp nén bên trong quá lớn khi giải nén (tối đa {}). Hãy lưu lại tài liệu \
                 (hoặc chuyển sang PDF) rồi tải lên lại.",
                format_size(*limit, ',')
            ),
        }
    }

    /// The reason and what to do, in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::TooLarge { limit } => format!(
                "The file is too large: at most {}. Reduce its size (for example scan at a lower \
                 resolution) or split it into several files, then upload again.",
                format_size(*limit, '.')
            ),
            Self::Empty => {
                "The file is empty (0 bytes). Check the file and upload it again.".to_owned()
            }
            Self::NotAllowed { .. } => format!(
                "This file format is not accepted. Accepted formats: {}. \
                 Convert the file to PDF and upload it again.",
                accepted_labels()
            ),
            Self::ExtensionMismatch {
                extension,
                detected,
            } => {
                let (label, ext) = label_for(detected);
                format!(
                    "The file extension {} does not match its content ({label}). \
                     Rename the file to end in .{ext} or choose the right file.",
                    shown_extension(extension, "(none)")
                )
            }
            Self::Io(_) => "A system error occurred while saving the file. Try again later; \
                            if it persists, contact the administrator."
                .to_owned(),
            Self::Stream(_) => {
                "The upload was interrupted. Check your connection and upload again.".to_owned()
            }
            Self::Inflated { limit } => format!(
                "The document unpacks to more than {}. Save it again (or convert it to PDF) \
                 and upload it again.",
                format_size(*limit, '.')
            ),
        }
    }
}

fn shown_extension(extension: &str, none: &str) -> String {
    if extension.is_empty() {
        none.to_owned()
    } else {
        format!(".{extension}")
    }
}

/// Errors reading stored blobs.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Not 64 lowercase hex digits; refused before touching the file system.
    #[error("invalid SHA-256 hex: {0:?}")]
    InvalidHash(String),
    #[error("no stored file {0}")]
    NotFound(String),
    #[error("storage error: {0}")]
    Io(#[from] std::io::Error),
}

/// "10 MB", "1,5 MB" (Vietnamese decimal comma), "512 KB", "100 byte".
pub fn format_size(bytes: u64, decimal_sep: char) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let (unit, name) = match bytes {
        b if b >= MB => (MB, "MB"),
        b if b >= KB => (KB, "KB"),
        b => return format!("{b} byte"),
    };
    // One decimal, rounded down so the shown limit is never above the real one.
    // Split so a huge limit cannot overflow.
    let tenths = bytes / unit * 10 + bytes % unit * 10 / unit;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    if tenth == 0 {
        format!("{whole} {name}")
    } else {
        format!("{whole}{decimal_sep}{tenth} {name}")
    }
}
