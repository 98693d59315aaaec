//! What each form prints: plain data, filled by the caller (see `from_domain` for the
//! constructors from a dossier). Times are Vietnam local times (UTC+7).

use chrono::{NaiveDate, NaiveDateTime};

/// The issuing agency, printed top-left, and the place of the date line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Issuer {
    /// Governing body, first line of the block, e.g. "UBND TỈNH QUẢNG NINH".
    pub parent: Option<String>,
    /// The agency or its desk, e.g. "SỞ CÔNG THƯƠNG" (printed in capitals, bold).
    pub name: String,
    /// Place of the date line, e.g. "Quảng Ninh" → "Quảng Ninh, ngày 05 tháng 3 năm 2025".
    pub place: String,
}

/// The person or organisation the dossier is for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApplicantInfo {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Citizen identity number, or business / tax code.
    pub id_number: Option<String>,
    /// An organisation (a business, an association…) rather than a person: letters address
    /// it by its name ("Kính gửi: Công ty …"), not "Ông/Bà".
    pub organisation: bool,
}

/// One row of the components table of the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComponentLine {
    pub name: String,
    pub originals: u32,
    pub certified_copies: u32,
    pub copies: u32,
}

/// Form 01: receipt and appointment (Giấy tiếp nhận hồ sơ và hẹn trả kết quả).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReceiptData {
    pub issuer: Issuer,
    /// "Số: …" of the paper, if the agency numbers them.
    pub number: Option<String>,
    /// The desk that received it, e.g. "Bộ phận Một cửa Sở Công Thương".
    pub desk: String,
    pub dossier_code: String,
    /// What the QR code holds: the public lookup URL; the dossier code when `None`.
    pub qr_text: Option<String>,
    pub applicant: ApplicantInfo,
    /// Owner of the dossier (chủ hồ sơ) when not the person who filed it.
    pub owner: Option<String>,
    /// The request: the procedure's name.
    pub request: String,
    /// Fee mode, e.g. "Nộp phí khi nhận kết quả".
    pub fee: String,
    pub components: Vec<ComponentLine>,
    pub sets: u32,
    /// E.g. "15 ngày làm việc".
    pub statutory_time: String,
    pub received_at: NaiveDateTime,
    pub appointment: NaiveDateTime,
    /// Where to collect the result, e.g. "Bộ phận Một cửa" or "Qua dịch vụ bưu chính công ích".
    pub collect_at: String,
    /// Tracking book volume (quyển số) and entry number (số thứ tự).
    pub book_volume: Option<String>,
    pub book_number: Option<String>,
    /// Receiving officer.
    pub officer: String,
    pub issued_on: NaiveDate,
}

/// Form 02: request to supplement or complete the dossier.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SupplementRequestData {
    pub issuer: Issuer,
    pub number: Option<String>,
    pub dossier_code: String,
    pub applicant: ApplicantInfo,
    pub request: String,
    /// What must be added or corrected, one item per line.
    pub items: Vec<String>,
    pub reason: String,
    /// Whom to contact for guidance, e.g. "Bộ phận Một cửa, số điện thoại 0203 3835 111".
    pub contact: String,
    /// The officer who gives the guidance.
    pub officer: String,
    pub issued_on: NaiveDate,
}

/// Form 03: refusal to receive.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RefusalData {
    pub issuer: Issuer,
    pub number: Option<String>,
    pub desk: String,
    pub dossier_code: Option<String>,
    pub applicant: ApplicantInfo,
    pub request: String,
    pub reasons: Vec<String>,
    pub officer: String,
    pub issued_on: NaiveDate,
}

/// Form 04: apology and new appointment (01/2018), or apology and request for an extension
/// (03/2025).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApologyData {
    pub issuer: Issuer,
    pub number: Option<String>,
    pub dossier_code: String,
    pub applicant: ApplicantInfo,
    pub request: String,
    pub received_at: NaiveDateTime,
    pub previous_appointment: NaiveDateTime,
    pub reason: String,
    pub new_appointment: NaiveDateTime,
    /// E.g. "GIÁM ĐỐC" or "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC".
    pub signer_title: String,
    pub signer: String,
    pub issued_on: NaiveDate,
}

/// Form 05 of Circular 03/2025: notice that the handling is stopped.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StopNoticeData {
    pub issuer: Issuer,
    pub number: Option<String>,
    pub dossier_code: String,
    pub applicant: ApplicantInfo,
    pub request: String,
    pub received_at: NaiveDateTime,
    /// Why: the applicant's request, or the agency's reason.
    pub reason: String,
    /// Stage reached when stopped, e.g. "Thẩm định hồ sơ tại Phòng Quản lý Thương mại".
    pub stage: String,
    pub signer_title: String,
    pub signer: String,
    pub issued_on: NaiveDate,
}

/// One hand-over on the process control slip.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HandOver {
    /// Who hands over: unit and person, e.g. "Bộ phận Một cửa — Trần Văn An".
    pub from: String,
    pub to: String,
    pub at: NaiveDateTime,
    /// "Trước hạn" / "Đúng hạn" / "Quá hạn" for the step handed over, when known.
    pub result: Option<String>,
    pub note: Option<String>,
}

/// Process control slip (form 05 of 01/2018, form 06 of 03/2025).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ControlSlipData {
    pub issuer: Issuer,
    pub dossier_code: String,
    pub applicant_name: String,
    pub request: String,
    /// Agency (unit) handling the dossier.
    pub handling_agency: String,
    /// Agencies taking part (liên thông).
    pub coordinating: Vec<String>,
    pub received_at: NaiveDateTime,
    pub appointment: NaiveDateTime,
    pub rows: Vec<HandOver>,
    pub issued_on: NaiveDate,
}

/// One line of the tracking book.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrackingRow {
    pub dossier_code: String,
    pub procedure: String,
    pub sets: u32,
    pub applicant_name: String,
    /// Address and phone, as one cell.
    pub contact: String,
    pub handling_agency: String,
    pub received_at: NaiveDateTime,
    pub appointment: NaiveDateTime,
    /// Sent to the handling agency.
    pub transferred_at: Option<NaiveDateTime>,
    /// Result received back from the handling agency.
    pub result_in_at: Option<NaiveDateTime>,
    /// Result returned to the applicant.
    pub returned_at: Option<NaiveDateTime>,
    pub note: Option<String>,
}

/// Tracking book (form 06 of 01/2018, form 07 of 03/2025): A4 landscape.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrackingBookData {
    pub issuer: Issuer,
    /// E.g. "Từ ngày 01/01/2025 đến ngày 31/03/2025".
    pub period: Option<String>,
    pub volume: Option<String>,
    pub rows: Vec<TrackingRow>,
    pub issued_on: NaiveDate,
}
