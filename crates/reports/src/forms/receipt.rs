//! Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (A5), with the dossier code's QR code.

use super::common::{applicant_lines, heading, signatures, time_and_date, title, Signature};
use super::data::ReceiptData;
use crate::fonts::Style;
use crate::pdf::{Doc, HAlign, Span, TableStyle, MM};
use crate::table::{Align, Cell, HeaderCell};
use crate::PrintError;

pub(super) fn draw(
    doc: &mut Doc<'_>,
    d: &ReceiptData,
    form_title: &str,
    label: &str,
) -> Result<(), PrintError> {
    let s = super::common::base_size(doc);
    heading(
        doc,
        &d.issuer,
        Some(d.number.as_deref().unwrap_or_default()),
        d.issued_on,
        label,
    );
    title(doc, form_title, &[]);

    // Dossier code on the left, its QR code on the right, for lookup by phone.
    let qr = 20.0 * MM;
    let top = doc.y;
    let text_w = doc.content_width() - qr - 4.0;
    let (x, w) = (doc.left, text_w);
    doc.paragraph_at(
        &[
            Span::new("Mã hồ sơ: ", Style::Regular),
            Span::new(d.dossier_code.as_str(), Style::Bold),
        ],
        s * 1.05,
        x,
        w,
        HAlign::Left,
        0.0,
    );
    doc.paragraph_at(
        &[Span::new(
            "(Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã QR)",
            Style::Italic,
        )],
        s * 0.85,
        x,
        w,
        HAlign::Left,
        0.0,
    );
    doc.gap(2.0);
    let desk_spans = [
        Span::new(format!("{} tiếp nhận hồ sơ của: ", d.desk), Style::Regular),
        Span::kept(d.applicant.name.as_str(), Style::Bold),
    ];
    doc.paragraph_at(&desk_spans, s, x, w, HAlign::Left, 0.0);
    let qr_text = d.qr_text.as_deref().unwrap_or(&d.dossier_code);
    doc.qr(doc.right - qr, top - 2.0, qr, qr_text)?;
    doc.y = doc.y.max(top + qr - 8.0);

    if let Some(owner) = d.owner.as_deref() {
        doc.field("Chủ hồ sơ", owner, s);
    }
    // The name is printed above with the desk.
    applicant_lines(doc, None, &d.applicant);
    doc.field("Nội dung yêu cầu giải quyết", &d.request, s);
    doc.field("Phí, lệ phí", &d.fee, s);

    doc.paragraph(
        &[Span::new("1. Thành phần hồ sơ nộp gồm:", Style::Regular)],
        s,
        HAlign::Left,
    );
    let header = vec![
        vec![
            HeaderCell::span("TT", 1, 2),
            HeaderCell::span("Tên giấy tờ", 1, 2),
            HeaderCell::span("Số lượng", 3, 1),
        ],
        vec![
            HeaderCell::new("Bản chính"),
            HeaderCell::new("Bản sao chứng thực"),
            HeaderCell::new("Bản sao"),
        ],
    ];
    let count = |n: u32| {
        if n == 0 {
            Cell::empty()
        } else {
            Cell::int(i64::from(n)).align(Align::Center)
        }
    };
    let rows: Vec<Vec<Cell>> = d
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Cell::int(i as i64 + 1).align(Align::Center),
                Cell::text(c.name.as_str()),
                count(c.originals),
                count(c.certified_copies),
                count(c.copies),
            ]
        })
        .collect();
    let style = TableStyle {
        size: s * 0.88,
        header_size: s * 0.85,
        header_fill: false,
    };
    doc.table(&[6.0, 50.0, 11.0, 15.0, 10.0], &header, &rows, &style)?;
    doc.gap(3.0);

    // Items 2–6, the book line and the signatures go together: the signature block never
    // stands alone on a second page (the table above breaks instead).
    let lh = s * crate::pdf::LEADING;
    let long_lines = [&d.statutory_time, &d.collect_at]
        .iter()
        .map(|v| {
            let w = doc.width_of(v, Style::Bold, s) + 60.0 * MM;
            (w / doc.content_width()).ceil().max(1.0)
        })
        .sum::<f32>();
    doc.ensure(lh * (long_lines + 4.0) + super::common::signatures_height(doc));

    let line = |doc: &mut Doc<'_>, label: &str, value: &str| {
        doc.paragraph(
            &[
                Span::new(label, Style::Regular),
                Span::new(value, Style::Bold),
            ],
            s,
            HAlign::Left,
        );
    };
    line(doc, "2. Số lượng hồ sơ: ", &format!("{} (bộ)", d.sets));
    line(
        doc,
        "3. Thời gian giải quyết hồ sơ theo quy định: ",
        &d.statutory_time,
    );
    line(
        doc,
        "4. Thời gian nhận hồ sơ: ",
        &time_and_date(d.received_at),
    );
    line(
        doc,
        "5. Thời gian trả kết quả giải quyết hồ sơ: ",
        &time_and_date(d.appointment),
    );
    line(doc, "6. Đăng ký nhận kết quả tại: ", &d.collect_at);
    let volume = d.book_volume.as_deref().unwrap_or("……");
    let number = d.book_number.as_deref().unwrap_or("……");
    doc.paragraph(
        &[
            Span::new("Vào Sổ theo dõi hồ sơ, Quyển số: ", Style::Regular),
            Span::new(volume, Style::Bold),
            Span::new(" Số thứ tự: ", Style::Regular),
            Span::new(number, Style::Bold),
        ],
        s,
        HAlign::Left,
    );
    signatures(
        doc,
        &[
            Signature {
                title: "Người nộp hồ sơ",
                hint: "(Ký và ghi rõ họ tên)",
                name: &d.applicant.name,
            },
            Signature {
                title: "Người tiếp nhận hồ sơ",
                hint: "(Ký và ghi rõ họ tên)",
                name: &d.officer,
            },
        ],
    );
    Ok(())
}
