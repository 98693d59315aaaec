//! The national sync record (domain.md §9), one per status change.
//!
//! Field names follow the National Public Service Portal's conventions (Vietnamese PascalCase:
//! `MaHoSo`, `MaTTHC`, `NgayTiepNhan`, …); times are `yyyyMMddHHmmss` in Vietnam time; codes
//! (agency, unit) are sent where we hold no names. **Verify**: the exact field set, the numeric
//! codes of `KenhThucHien`, `LoaiDoiTuong` and `HinhThucTraKetQua`, and whether units are sent by
//! code or name must be checked against the portal's integration spec before going live; the
//! mapping lives in this file only.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::notice::{portal_time, Source};
use crate::catalog::ApplicantType;
use crate::dossier::{Channel, Dossier, EndKind, Event, EventKind, Owner, ReturnChannel};

/// One dossier as the portal receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortalRecord {
    /// Dossier code `{agency}-{yyMMdd}-{seq}`.
    pub ma_ho_so: String,
    /// Procedure code (mã thủ tục hành chính).
    #[serde(rename = "MaTTHC")]
    pub ma_tthc: String,
    #[serde(rename = "TenTTHC")]
    pub ten_tthc: String,
    pub ma_linh_vuc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ten_linh_vuc: Option<String>,
    /// 1 direct (at the desk), 2 online, 3 postal.
    pub kenh_thuc_hien: u8,
    /// Summary (trích yếu).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trich_yeu_ho_so: Option<String>,
    /// Owner: the person or organisation the dossier is for.
    pub chu_ho_so: String,
    /// Citizen ID number, or business / tax code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_giay_to_chu_ho_so: Option<String>,
    /// 1 citizen, 2 business, 3 organisation (state agencies included), 4 foreigner.
    pub loai_doi_tuong: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dia_chi_chu_ho_so: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_dien_thoai: Option<String>,
    /// Receiving agency (nơi nộp hồ sơ), by code.
    pub noi_nop_ho_so: String,
    /// Agency currently handling (the current step's, liên thông included), by code.
    pub don_vi_xu_ly: String,
    /// Unit of the current step, by code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phong_ban_xu_ly: Option<String>,
    pub ngay_nop_ho_so: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_tiep_nhan: Option<String>,
    /// Current appointment (after any extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_hen_tra: Option<String>,
    /// Appointment before any extension (what the late rate counts against).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_hen_tra_ban_dau: Option<String>,
    /// When the result was handed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_tra: Option<String>,
    /// When handling finished with a result (status 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_ket_thuc_xu_ly: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_tu_choi: Option<String>,
    /// National status id, 1–10 (domain.md §4).
    pub trang_thai_ho_so: u8,
    /// National status code (`receiving`, `new`, … `done`).
    pub ma_trang_thai: String,
    /// 1 at the desk, 2 by post, 3 online; set once returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinh_thuc_tra_ket_qua: Option<u8>,
    pub tai_lieu_nop: Vec<PortalFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub danh_sach_le_phi: Vec<PortalFee>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub danh_sach_ho_so_bo_sung: Vec<PortalSupplement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub danh_sach_giay_to_ket_qua: Vec<PortalResultDoc>,
    /// The handling history entry of this change (the portal appends entries per record).
    pub qua_trinh_xu_ly: Vec<PortalHandling>,
}

/// A submitted file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortalFile {
    pub ten_tep_dinh_kem: String,
    /// SHA-256 of the content: the file's identity in our store.
    pub ma_tep: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thanh_phan_ho_so: Option<String>,
    /// Digitised / reused flags: not tracked yet, so not sent (rather than sent false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duoc_so_hoa: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duoc_tai_su_dung: Option<bool>,
}

/// Fees asked for after handling (amount, payment state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortalFee {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_tien: Option<i64>,
    /// `pending`, `paid`, `unpaid`, `cancelled`, `refunded`.
    pub trang_thai_thanh_toan: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_thanh_toan: Option<String>,
}

/// A supplement pause during handling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortalSupplement {
    pub ngay_yeu_cau: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_bo_sung: Option<String>,
    pub ly_do: String,
}

/// A signed result document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortalResultDoc {
    pub so_ky_hieu: String,
    pub nguoi_ky: String,
    /// `yyyyMMdd`.
    pub ngay_ky: String,
    pub tep_ket_qua: Vec<String>,
}

/// One entry of the handling history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortalHandling {
    /// Username of who acted.
    pub nguoi_xu_ly: String,
    pub thoi_diem_xu_ly: String,
    /// Unit (code) of who acted, or of the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phong_ban_xu_ly: Option<String>,
    /// What was done, in Vietnamese.
    pub noi_dung_xu_ly: String,
    pub trang_thai: u8,
    /// Name of the step the dossier is at after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buoc_xu_ly: Option<String>,
    /// Start of that step, and its due instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_bat_dau: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_ket_thuc_theo_quy_dinh: Option<String>,
}

fn channel_code(c: Channel) -> u8 {
    match c {
        Channel::Direct => 1,
        Channel::Online => 2,
        Channel::Postal => 3,
    }
}

fn applicant_code(k: ApplicantType) -> u8 {
    match k {
        ApplicantType::Citizen => 1,
        ApplicantType::Business => 2,
        ApplicantType::StateAgency | ApplicantType::Organization => 3,
        ApplicantType::Foreign => 4,
    }
}

fn return_code(c: ReturnChannel) -> u8 {
    match c {
        ReturnChannel::Desk => 1,
        ReturnChannel::Post => 2,
        ReturnChannel::Online => 3,
    }
}

fn opt_time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(portal_time)
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The record for status change `e`; `d` is the dossier after the change it belongs to.
pub fn portal_record(d: &Dossier, src: &Source<'_>, e: &Event) -> PortalRecord {
    let p = src.procedure;
    let step = d.current_step();
    let national = e.to.national();
    let refused = d
        .ending
        .as_ref()
        .filter(|x| x.kind == EndKind::Refused)
        .map(|x| x.at);
    let fees = if d.payment.amount_vnd.is_some() || d.payment.requested_at.is_some() {
        vec![PortalFee {
            so_tien: d.payment.amount_vnd,
            trang_thai_thanh_toan: format!("{:?}", d.payment.state).to_lowercase(),
            ngay_thanh_toan: opt_time(d.payment.paid_at),
        }]
    } else {
        Vec::new()
    };
    PortalRecord {
        ma_ho_so: d.code.clone(),
        ma_tthc: p.code.clone(),
        ten_tthc: p.name.clone(),
        ma_linh_vuc: p.field_code.clone(),
        ten_linh_vuc: src.field_name.map(str::to_string),
        kenh_thuc_hien: channel_code(d.channel),
        trich_yeu_ho_so: non_empty(&d.summary),
        chu_ho_so: d.applicant.name.clone(),
        so_giay_to_chu_ho_so: non_empty(&d.applicant.id_number),
        loai_doi_tuong: applicant_code(d.applicant.kind),
        dia_chi_chu_ho_so: non_empty(&d.applicant.address),
        email: non_empty(&d.applicant.email),
        so_dien_thoai: non_empty(&d.applicant.phone),
        noi_nop_ho_so: d.receiving_agency.clone(),
        don_vi_xu_ly: match step {
            Some(s) if d.received_at.is_some() => d.step_agency(s),
            _ => d.receiving_agency.clone(),
        },
        phong_ban_xu_ly: step
            .filter(|_| d.received_at.is_some())
            .map(|s| s.unit_code.clone()),
        ngay_nop_ho_so: portal_time(d.submitted_at),
        ngay_tiep_nhan: opt_time(d.received_at),
        ngay_hen_tra: opt_time(d.due_at),
        ngay_hen_tra_ban_dau: opt_time(d.original_due_at),
        ngay_tra: opt_time(d.returned.as_ref().map(|r| r.at)),
        ngay_ket_thuc_xu_ly: opt_time(d.finished_at),
        ngay_tu_choi: opt_time(refused),
        trang_thai_ho_so: national.id(),
        ma_trang_thai: national.portal_code().to_string(),
        hinh_thuc_tra_ket_qua: d.returned.as_ref().map(|r| return_code(r.channel)),
        tai_lieu_nop: d
            .files
            .iter()
            .map(|f| PortalFile {
                ten_tep_dinh_kem: f.name.clone(),
                ma_tep: f.sha256.clone(),
                thanh_phan_ho_so: f.component.clone(),
                duoc_so_hoa: None,
                duoc_tai_su_dung: None,
            })
            .collect(),
        danh_sach_le_phi: fees,
        danh_sach_ho_so_bo_sung: d
            .pauses
            .iter()
            .map(|x| PortalSupplement {
                ngay_yeu_cau: portal_time(x.start),
                ngay_bo_sung: opt_time(x.end),
                ly_do: x.reason.clone(),
            })
            .collect(),
        danh_sach_giay_to_ket_qua: d
            .result
            .iter()
            .map(|r| PortalResultDoc {
                so_ky_hieu: r.number.clone(),
                nguoi_ky: r.signer.clone(),
                ngay_ky: r.signed_on.format("%Y%m%d").to_string(),
                tep_ket_qua: r.files.iter().map(|f| f.name.clone()).collect(),
            })
            .collect(),
        qua_trinh_xu_ly: vec![handling(d, e)],
    }
}

fn handling(d: &Dossier, e: &Event) -> PortalHandling {
    let step = d.current_step().filter(|_| d.received_at.is_some());
    let unit = e.actor.unit_code.clone().or_else(|| match &d.step_owner {
        Some(Owner::Unit { unit_code, .. }) => Some(unit_code.clone()),
        _ => step.map(|s| s.unit_code.clone()),
    });
    let mut what = action_vi(&e.kind);
    if let Some(note) = e.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        what = format!("{what}. Ghi chú: {note}");
    }
    PortalHandling {
        nguoi_xu_ly: e.actor.username.clone(),
        thoi_diem_xu_ly: portal_time(e.at),
        phong_ban_xu_ly: unit,
        noi_dung_xu_ly: what,
        trang_thai: e.to.national().id(),
        buoc_xu_ly: step.map(|s| s.name.clone()),
        ngay_bat_dau: step.and(opt_time(d.step_entered_at)),
        ngay_ket_thuc_theo_quy_dinh: step.and(opt_time(d.current_step_due())),
    }
}

/// What a change did, in words, for the handling history.
fn action_vi(kind: &EventKind) -> String {
    let reasons = |label: &str, r: &str| format!("{label}: {}", r.trim());
    match kind {
        EventKind::Submitted { .. } => "Nộp hồ sơ trực tuyến".into(),
        EventKind::ReceivedAtDesk { .. } | EventKind::Received { .. } => "Tiếp nhận hồ sơ".into(),
        EventKind::GuidedToSupplement { missing, reason } => format!(
            "Hướng dẫn bổ sung, hoàn thiện hồ sơ ({}). {}",
            missing.join("; "),
            reasons("Lý do", reason)
        ),
        EventKind::IntakeSupplemented { .. } => "Bổ sung hồ sơ khi tiếp nhận".into(),
        EventKind::IntakeRefused { reasons: r } => {
            format!("Từ chối tiếp nhận. Lý do: {}", r.join("; "))
        }
        EventKind::Claimed { .. } => "Nhận xử lý hồ sơ".into(),
        EventKind::Forwarded { .. } => "Chuyển bước xử lý".into(),
        EventKind::SentBack { reason, .. } => reasons("Trả lại bước trước. Lý do", reason),
        EventKind::Reassigned { .. } => "Phân công lại người xử lý".into(),
        EventKind::Transferred { agency_code, .. } => {
            format!("Chuyển liên thông đến cơ quan {agency_code}")
        }
        EventKind::SupplementRequested { missing, reason } => format!(
            "Yêu cầu bổ sung hồ sơ ({}). {}",
            missing.join("; "),
            reasons("Lý do", reason)
        ),
        EventKind::Supplemented { .. } => "Công dân đã bổ sung hồ sơ".into(),
        EventKind::PaymentRequested { .. } => "Yêu cầu thực hiện nghĩa vụ tài chính".into(),
        EventKind::PaymentRecorded { .. } => "Đã thực hiện nghĩa vụ tài chính".into(),
        EventKind::Approved => "Phê duyệt kết quả".into(),
        EventKind::Signed { result } => format!("Ký kết quả số {}", result.number),
        EventKind::ResultReady { .. } => "Có kết quả, chờ trả".into(),
        EventKind::ResultReturned { received_by, .. } => {
            format!("Trả kết quả cho {}", received_by.trim())
        }
        EventKind::Withdrawn { reason } => reasons("Công dân rút hồ sơ. Lý do", reason),
        EventKind::Stopped { reason } => reasons("Dừng xử lý. Lý do", reason),
        EventKind::Extended { reason, .. } => reasons("Xin lỗi và gia hạn. Lý do", reason),
    }
}

/// The record as queued. Serialising these plain structs cannot fail; should it ever, the body
/// still names the dossier and the portal's refusal keeps it visibly retried in the outbox.
pub(super) fn record_json(r: &PortalRecord) -> String {
    serde_json::to_string(r).unwrap_or_else(|e| {
        format!(
            "{{\"MaHoSo\":{:?},\"LoiTaoBanGhi\":{:?}}}",
            r.ma_ho_so,
            e.to_string()
        )
    })
}
