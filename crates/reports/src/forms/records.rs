//! The records kept while a dossier is handled: the process control slip (one dossier, every
//! hand-over) and the tracking book (every dossier, A4 landscape).

use super::common::{base_size, compact, heading, time_and_date, title};
use super::data::{ControlSlipData, TrackingBookData};
use crate::fonts::Style;
use crate::pdf::{Doc, HAlign, Span, TableStyle};
use crate::report::ReportTable;
use crate::table::{Align, Cell, HeaderCell};
use crate::PrintError;

pub(super) fn control_slip(
    doc: &mut Doc<'_>,
    d: &ControlSlipData,
    form_title: &str,
    label: &str,
) -> Result<(), PrintError> {
    let s = base_size(doc);
    heading(doc, &d.issuer, None, d.issued_on, label);
    title(
        doc,
        form_title,
        &["(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)"],
    );
    doc.paragraph(
        &[
            Span::new("Mã hồ sơ: ", Style::Regular),
            Span::new(d.dossier_code.as_str(), Style::Bold),
        ],
        s,
        HAlign::Left,
    );
    doc.field("Người nộp hồ sơ", &d.applicant_name, s);
    doc.field("Nội dung yêu cầu giải quyết", &d.request, s);
    doc.field("Cơ quan (bộ phận) giải quyết hồ sơ", &d.handling_agency, s);
    let coordinating = if d.coordinating.is_empty() {
        "Không".to_string()
    } else {
        d.coordinating.join("; ")
    };
    doc.field("Cơ quan phối hợp giải quyết hồ sơ", &coordinating, s);
    doc.field("Thời gian tiếp nhận", &time_and_date(d.received_at), s);
    doc.field(
        "Thời gian hẹn trả kết quả",
        &time_and_date(d.appointment),
        s,
    );
    doc.gap(3.0);
    let header = vec![vec![
        HeaderCell::new("TT"),
        HeaderCell::new("Tên cơ quan, người giao - người nhận"),
        HeaderCell::new("Thời gian giao, nhận hồ sơ"),
        HeaderCell::new("Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)"),
        HeaderCell::new("Ghi chú"),
    ]];
    let rows: Vec<Vec<Cell>> = d
        .rows
        .iter()
        .enumerate()
        .map(|(i, h)| {
            vec![
                Cell::int(i as i64 + 1).align(Align::Center),
                Cell::text(format!("Giao: {}\nNhận: {}", h.from, h.to)),
                Cell::text(compact(h.at)).align(Align::Center),
                Cell::text(h.result.clone().unwrap_or_default()).align(Align::Center),
                Cell::text(h.note.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let style = TableStyle {
        size: s * 0.85,
        header_size: s * 0.8,
        header_fill: false,
    };
    doc.table(&[5.0, 40.0, 18.0, 18.0, 14.0], &header, &rows, &style)
}

/// The tracking book's columns: the receiving data, then "Ngày, tháng, năm" over the four
/// dates of the hand-overs, as in the circulars' annex.
fn tracking_header() -> Vec<Vec<HeaderCell>> {
    vec![
        vec![
            HeaderCell::span("STT", 1, 2),
            HeaderCell::span("Mã hồ sơ", 1, 2),
            HeaderCell::span("Tên thủ tục hành chính", 1, 2),
            HeaderCell::span("Số lượng hồ sơ (bộ)", 1, 2),
            HeaderCell::span("Tên cá nhân, tổ chức", 1, 2),
            HeaderCell::span("Địa chỉ, số điện thoại", 1, 2),
            HeaderCell::span("Cơ quan chủ trì giải quyết", 1, 2),
            HeaderCell::span("Ngày, tháng, năm", 5, 1),
            HeaderCell::span("Trả kết quả: ký nhận", 1, 2),
            HeaderCell::span("Ghi chú", 1, 2),
        ],
        vec![
            HeaderCell::new("Nhận hồ sơ"),
            HeaderCell::new("Hẹn trả kết quả"),
            HeaderCell::new("Chuyển hồ sơ đến cơ quan giải quyết"),
            HeaderCell::new("Nhận kết quả từ cơ quan giải quyết"),
            HeaderCell::new("Trả kết quả cho cá nhân, tổ chức"),
        ],
    ]
}

const TRACKING_WIDTHS: [f32; 14] = [
    3.5, 15.5, 16.0, 5.0, 11.0, 12.5, 10.5, 8.0, 8.0, 8.0, 8.0, 8.0, 7.0, 7.0,
];

/// The tracking book as a report table, for the XLSX export (same columns as the PDF).
pub fn tracking_book_table(d: &TrackingBookData) -> ReportTable {
    let subtitle = [
        d.period.clone(),
        d.volume.as_ref().map(|v| format!("Quyển số: {v}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" - ");
    ReportTable {
        title: "Sổ theo dõi hồ sơ".into(),
        subtitle: (!subtitle.is_empty()).then_some(subtitle),
        header: tracking_header(),
        rows: tracking_rows(d),
        widths: TRACKING_WIDTHS.to_vec(),
        landscape: true,
        notes: Vec::new(),
        sheet: Some("Sổ theo dõi hồ sơ".into()),
        form_block: None,
    }
}

fn tracking_rows(d: &TrackingBookData) -> Vec<Vec<Cell>> {
    let opt = |t: Option<chrono::NaiveDateTime>| Cell::text(t.map(compact).unwrap_or_default());
    d.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Cell::int(i as i64 + 1).align(Align::Center),
                Cell::text(r.dossier_code.as_str()),
                Cell::text(r.procedure.as_str()),
                Cell::int(i64::from(r.sets)).align(Align::Center),
                Cell::text(r.applicant_name.as_str()),
                Cell::text(r.contact.as_str()),
                Cell::text(r.handling_agency.as_str()),
                Cell::text(compact(r.received_at)),
                Cell::text(compact(r.appointment)),
                opt(r.transferred_at),
                opt(r.result_in_at),
                opt(r.returned_at),
                Cell::empty(),
                Cell::text(r.note.clone().unwrap_or_default()),
            ]
        })
        .collect()
}

pub(super) fn tracking_book(
    doc: &mut Doc<'_>,
    d: &TrackingBookData,
    form_title: &str,
    label: &str,
) -> Result<(), PrintError> {
    let s = 10.0;
    heading(doc, &d.issuer, None, d.issued_on, label);
    let mut subs = Vec::new();
    if let Some(p) = d.period.as_deref() {
        subs.push(p);
    }
    let volume = d.volume.as_ref().map(|v| format!("Quyển số: {v}"));
    if let Some(v) = volume.as_deref() {
        subs.push(v);
    }
    title(doc, form_title, &subs);
    let style = TableStyle {
        size: s * 0.78,
        header_size: s * 0.75,
        header_fill: true,
    };
    doc.table(
        &TRACKING_WIDTHS,
        &tracking_header(),
        &tracking_rows(d),
        &style,
    )
}
