//! Forms 02–04 (and 05 of Circular 03/2025): supplement request, refusal, apology, and the
//! notice of stopping — letters to the applicant.

use super::common::{
    addressee, applicant_lines, base_size, full_stop, heading, long_date, numbered, signatures,
    time_and_date, title, you, Signature,
};
use super::data::{ApologyData, ApplicantInfo, RefusalData, StopNoticeData, SupplementRequestData};
use crate::fonts::Style;
use crate::pdf::{Doc, HAlign, Span};

fn code_line(doc: &mut Doc<'_>, code: &str) {
    let s = base_size(doc);
    doc.paragraph(
        &[
            Span::new("Mã hồ sơ: ", Style::Regular),
            Span::new(code, Style::Bold),
        ],
        s,
        HAlign::Center,
    );
    doc.gap(s * 0.3);
}

fn text(doc: &mut Doc<'_>, t: &str) {
    let s = base_size(doc);
    let (x, w) = (doc.left, doc.content_width());
    doc.paragraph_at(
        &[Span::new(t, Style::Regular)],
        s,
        x,
        w,
        HAlign::Left,
        s * 1.5,
    );
}

fn to_addressee(doc: &mut Doc<'_>, a: &ApplicantInfo) {
    let s = base_size(doc);
    doc.paragraph(
        &[
            Span::new("Kính gửi: ", Style::Regular),
            Span::kept(addressee(a), Style::Bold),
        ],
        s,
        HAlign::Center,
    );
    doc.gap(s * 0.3);
}

pub(super) fn supplement(
    doc: &mut Doc<'_>,
    d: &SupplementRequestData,
    form_title: &str,
    label: &str,
) {
    let s = base_size(doc);
    heading(
        doc,
        &d.issuer,
        Some(d.number.as_deref().unwrap_or_default()),
        d.issued_on,
        label,
    );
    title(doc, form_title, &[]);
    code_line(doc, &d.dossier_code);
    applicant_lines(doc, Some("Hồ sơ của"), &d.applicant);
    doc.field("Nội dung yêu cầu giải quyết", &d.request, s);
    doc.paragraph(
        &[Span::new(
            "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
            Style::Regular,
        )],
        s,
        HAlign::Left,
    );
    numbered(doc, &d.items);
    doc.field("Lý do", &d.reason, s);
    text(
        doc,
        &format!(
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, {} liên hệ {} để được hướng dẫn./.",
            you(&d.applicant),
            d.contact.trim_end().trim_end_matches('.')
        ),
    );
    signatures(
        doc,
        &[Signature {
            title: "Người hướng dẫn",
            hint: "(Ký và ghi rõ họ tên)",
            name: &d.officer,
        }],
    );
}

pub(super) fn refusal(doc: &mut Doc<'_>, d: &RefusalData, form_title: &str, label: &str) {
    let s = base_size(doc);
    heading(
        doc,
        &d.issuer,
        Some(d.number.as_deref().unwrap_or_default()),
        d.issued_on,
        label,
    );
    title(doc, form_title, &[]);
    if let Some(code) = d.dossier_code.as_deref() {
        code_line(doc, code);
    }
    doc.paragraph(
        &[
            Span::new(format!("{} tiếp nhận hồ sơ của: ", d.desk), Style::Regular),
            Span::kept(d.applicant.name.as_str(), Style::Bold),
        ],
        s,
        HAlign::Left,
    );
    applicant_lines(doc, None, &d.applicant);
    doc.field("Nội dung yêu cầu giải quyết", &d.request, s);
    text(
        doc,
        &format!(
            "Qua xem xét, {} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
            d.desk
        ),
    );
    numbered(doc, &d.reasons);
    text(
        doc,
        &format!(
            "Xin thông báo cho {} được biết và thực hiện./.",
            you(&d.applicant)
        ),
    );
    signatures(
        doc,
        &[Signature {
            title: "Người tiếp nhận hồ sơ",
            hint: "(Ký và ghi rõ họ tên)",
            name: &d.officer,
        }],
    );
}

/// Form 04. `extension` selects the Circular 03/2025 wording (a request to extend the time)
/// over the Circular 01/2018 one (a new appointment).
pub(super) fn apology(
    doc: &mut Doc<'_>,
    d: &ApologyData,
    form_title: &str,
    label: &str,
    extension: bool,
) {
    let s = base_size(doc);
    heading(
        doc,
        &d.issuer,
        Some(d.number.as_deref().unwrap_or_default()),
        d.issued_on,
        label,
    );
    title(doc, form_title, &[]);
    to_addressee(doc, &d.applicant);
    code_line(doc, &d.dossier_code);
    let agency = &d.issuer.name;
    let you = you(&d.applicant);
    text(
        doc,
        &format!(
            "Vào {}, {agency} đã tiếp nhận giải quyết hồ sơ của {you}, nội dung yêu cầu giải \
quyết: {} Thời hạn trả kết quả giải quyết hồ sơ: {}.",
            time_and_date(d.received_at),
            full_stop(&d.request),
            time_and_date(d.previous_appointment)
        ),
    );
    text(
        doc,
        &format!(
            "Tuy nhiên đến nay, {agency} chưa trả kết quả giải quyết hồ sơ của {you} đúng hạn \
ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, lý do: {}",
            full_stop(&d.reason)
        ),
    );
    let when = time_and_date(d.new_appointment);
    if extension {
        text(
            doc,
            &format!(
                "Sự chậm trễ này đã gây phiền hà cho {you}. {agency} xin lỗi {you} và đề nghị \
{you} đồng ý gia hạn thời gian giải quyết hồ sơ đến {when}."
            ),
        );
    } else {
        text(
            doc,
            &format!(
                "Sự chậm trễ này đã gây phiền hà cho {you}. {agency} xin lỗi {you} và hẹn trả \
kết quả giải quyết hồ sơ cho {you} vào {when}."
            ),
        );
    }
    text(
        doc,
        &format!("Xin trân trọng cảm ơn sự hợp tác của {you}./."),
    );
    doc.gap(s * 0.2);
    signatures(
        doc,
        &[Signature {
            title: &d.signer_title,
            hint: "(Ký tên, đóng dấu)",
            name: &d.signer,
        }],
    );
}

pub(super) fn stop_notice(doc: &mut Doc<'_>, d: &StopNoticeData, form_title: &str, label: &str) {
    let s = base_size(doc);
    heading(
        doc,
        &d.issuer,
        Some(d.number.as_deref().unwrap_or_default()),
        d.issued_on,
        label,
    );
    title(doc, form_title, &[]);
    to_addressee(doc, &d.applicant);
    code_line(doc, &d.dossier_code);
    applicant_lines(doc, Some("Hồ sơ của"), &d.applicant);
    doc.field("Nội dung yêu cầu giải quyết", &d.request, s);
    doc.field(
        "Thời gian tiếp nhận hồ sơ",
        &time_and_date(d.received_at),
        s,
    );
    text(
        doc,
        &format!(
            "{} thông báo dừng giải quyết hồ sơ nêu trên kể từ {}.",
            d.issuer.name,
            long_date(d.issued_on)
        ),
    );
    doc.field("Lý do dừng giải quyết", &d.reason, s);
    doc.field("Giai đoạn giải quyết đã thực hiện", &d.stage, s);
    text(
        doc,
        &format!(
            "Hồ sơ và các giấy tờ đã nộp được trả lại theo quy định. Xin thông báo để {} được \
biết./.",
            you(&d.applicant)
        ),
    );
    signatures(
        doc,
        &[Signature {
            title: &d.signer_title,
            hint: "(Ký tên, đóng dấu)",
            name: &d.signer,
        }],
    );
}
