//! Notices to the applicant: Vietnamese subject and body (plain, polite), English line last.

use super::notice::{dossier_link, vn_display, Notice, NoticeChannel, Source};
use crate::catalog::{ApplicantType, Procedure};
use crate::dossier::{vnd, Channel, Dossier, Event, EventKind, PaymentMethod, ReturnChannel};
use crate::phone::is_mobile;

/// Who signs the notices: the one-stop desk (Bộ phận Tiếp nhận và Trả kết quả).
const SIGNATURE: &str = "Bộ phận Tiếp nhận và Trả kết quả";

/// What one kind of change says.
struct Text {
    subject: String,
    /// Body paragraphs, in Vietnamese.
    body: Vec<String>,
    /// A short Vietnamese line for SMS.
    short: String,
    english: String,
}

/// The applicant notices for `e`, if the change is one the applicant is told about: an e-mail
/// when they left an address, and a text message when they left a mobile number (a landline
/// cannot take one). Both carry the link to the dossier's page.
pub(super) fn notices(d: &Dossier, src: &Source<'_>, e: &Event) -> Vec<Notice> {
    let Some(text) = text(d, src.procedure, e) else {
        return Vec::new();
    };
    let link = dossier_link(src.base_url, &d.code);
    let mut out = Vec::new();
    if let Some(to) = non_empty(d.applicant.email.as_deref()) {
        out.push(Notice {
            channel: NoticeChannel::Email,
            dossier_code: d.code.clone(),
            recipient: Some(to.to_string()),
            subject: Some(text.subject.clone()),
            body: email_body(d, &text, &link),
        });
    }
    // No address at all: the desk hands the paper form over instead.
    if let Some(to) = non_empty(d.applicant.phone.as_deref()).filter(|p| is_mobile(p)) {
        out.push(Notice {
            channel: NoticeChannel::Sms,
            dossier_code: d.code.clone(),
            recipient: Some(to.to_string()),
            subject: None,
            body: format!("{} Tra cứu: {link}\n{}", text.short, text.english),
        });
    }
    out
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// How the letter addresses the applicant: a person, or an organisation.
fn pronoun(kind: ApplicantType) -> &'static str {
    match kind {
        ApplicantType::Citizen | ApplicantType::Foreign => "Ông/Bà",
        ApplicantType::Business | ApplicantType::StateAgency | ApplicantType::Organization => {
            "Quý cơ quan, tổ chức"
        }
    }
}

fn email_body(d: &Dossier, t: &Text, link: &str) -> String {
    let name = d.applicant.name.trim();
    let greeting = if name.is_empty() {
        format!("Kính gửi {},", pronoun(d.applicant.kind))
    } else {
        format!("Kính gửi {} {},", pronoun(d.applicant.kind), name)
    };
    format!(
        "{greeting}\n\n{}\n\nTheo dõi hồ sơ tại: {link}\n(nhập mã hồ sơ và số giấy tờ tùy thân hoặc 4 số cuối số điện thoại đã khai)\n\nTrân trọng,\n{SIGNATURE}\n\n(Thư gửi tự động, vui lòng không trả lời thư này.)\n\nEnglish: {} Follow the dossier at {link}\n",
        t.body.join("\n\n"),
        t.english
    )
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("- {}", i.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn text(d: &Dossier, procedure: &Procedure, e: &Event) -> Option<Text> {
    let code = &d.code;
    let you = pronoun(d.applicant.kind);
    let header = format!("Mã hồ sơ: {code}\nThủ tục: {}", procedure.name.trim());
    let text = match &e.kind {
        // Sent online: the code is all the applicant has until the desk receives it.
        EventKind::Submitted { dossier } if dossier.channel == Channel::Online => Text {
            subject: format!("Đã nhận hồ sơ nộp trực tuyến {code}"),
            body: vec![
                format!("Hồ sơ của {you} đã được gửi trực tuyến thành công."),
                format!("{header}\nThời điểm gửi: {}", vn_display(e.at)),
                format!("Bộ phận Tiếp nhận và Trả kết quả sẽ kiểm tra hồ sơ và thông báo cho {you} việc tiếp nhận (kèm ngày hẹn trả kết quả) hoặc hướng dẫn bổ sung."),
            ],
            short: format!("Hồ sơ {code} đã được gửi trực tuyến, đang chờ tiếp nhận."),
            english: format!("Dossier {code} was filed online and waits for the desk to receive it."),
        },
        EventKind::ReceivedAtDesk { reception, .. } | EventKind::Received { reception } => {
            let received = vn_display(reception.received_at);
            let due = vn_display(reception.due_at);
            Text {
                subject: format!("Tiếp nhận hồ sơ {code}"),
                body: vec![
                    format!("Hồ sơ của {you} đã được tiếp nhận."),
                    format!("{header}\nThời điểm tiếp nhận: {received}\nNgày hẹn trả kết quả: {due}"),
                    format!("{you} vui lòng giữ mã hồ sơ để tra cứu tình trạng giải quyết và nhận kết quả."),
                ],
                short: format!("Hồ sơ {code} đã được tiếp nhận lúc {received}, hẹn trả kết quả {due}."),
                english: format!(
                    "Dossier {code} was received on {received}; the result is due on {due} (Vietnam time)."
                ),
            }
        }
        EventKind::GuidedToSupplement { missing, reason } => Text {
            subject: format!("Hướng dẫn bổ sung, hoàn thiện hồ sơ {code}"),
            body: vec![
                format!("Hồ sơ của {you} chưa đầy đủ, hợp lệ. Đề nghị {you} bổ sung, hoàn thiện các thành phần sau:"),
                bullets(missing),
                format!("Lý do: {}", reason.trim()),
                header,
            ],
            short: format!(
                "Hồ sơ {code} cần bổ sung: {}. Lý do: {}",
                missing.join("; "),
                reason.trim()
            ),
            english: format!(
                "Dossier {code} is incomplete: please supply the documents listed above ({} item(s))."
                , missing.len()
            ),
        },
        EventKind::SupplementRequested { missing, reason } => Text {
            subject: format!("Yêu cầu bổ sung hồ sơ {code}"),
            body: vec![
                format!("Trong quá trình giải quyết, cơ quan có thẩm quyền đề nghị {you} bổ sung các giấy tờ sau:"),
                bullets(missing),
                format!("Lý do: {}", reason.trim()),
                format!("{header}\nThời gian giải quyết tạm dừng từ {} và được tính tiếp khi {you} nộp đủ hồ sơ bổ sung.", vn_display(e.at)),
            ],
            short: format!(
                "Hồ sơ {code} cần bổ sung: {}. Lý do: {}",
                missing.join("; "),
                reason.trim()
            ),
            english: format!(
                "Dossier {code}: a supplement is requested ({} item(s), listed above); the clock is paused until it arrives.",
                missing.len()
            ),
        },
        EventKind::IntakeRefused { reasons } => Text {
            subject: format!("Từ chối tiếp nhận hồ sơ {code}"),
            body: vec![
                format!("Rất tiếc, hồ sơ của {you} không đủ điều kiện tiếp nhận vì các lý do sau:"),
                bullets(reasons),
                header,
            ],
            short: format!("Hồ sơ {code} không được tiếp nhận. Lý do: {}", reasons.join("; ")),
            english: format!("Dossier {code} could not be accepted, for the reasons listed above."),
        },
        EventKind::Extended {
            reason,
            previous_due,
            new_due,
        } => {
            let (previous, new) = (vn_display(*previous_due), vn_display(*new_due));
            Text {
                subject: format!("Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}"),
                body: vec![
                    format!("Chúng tôi thành thật xin lỗi {you} vì hồ sơ chưa được giải quyết đúng hẹn."),
                    format!("{header}\nLý do: {}\nNgày hẹn trả kết quả trước đây: {previous}\nNgày hẹn trả kết quả mới: {new}", reason.trim()),
                    format!("Mong {you} thông cảm."),
                ],
                short: format!("Xin lỗi, hồ sơ {code} chưa giải quyết đúng hẹn. Hẹn lại: {new}. Lý do: {}", reason.trim()),
                english: format!(
                    "We apologise: dossier {code} was not ready by {previous}; the new appointment is {new} (reason above)."
                ),
            }
        }
        EventKind::PaymentRequested { amount_vnd, lines } => {
            let amount = vnd(amount_vnd.unwrap_or(0));
            let mut body = vec![format!(
                "Hồ sơ của {you} cần thực hiện nghĩa vụ tài chính (nộp phí, lệ phí) trước khi được giải quyết tiếp hoặc trả kết quả."
            )];
            if !lines.is_empty() {
                body.push(bullets(
                    &lines
                        .iter()
                        .map(|l| format!("{}: {} đồng", l.name.trim(), vnd(l.amount_vnd)))
                        .collect::<Vec<_>>(),
                ));
            }
            body.push(format!("{header}\nTổng số tiền phải nộp: {amount} đồng"));
            body.push(format!(
                "{you} có thể nộp tại {SIGNATURE}, chuyển khoản với nội dung là mã hồ sơ {code}, hoặc thanh toán trực tuyến trên trang tra cứu hồ sơ."
            ));
            Text {
                subject: format!("Đề nghị nộp phí, lệ phí hồ sơ {code}"),
                body,
                short: format!(
                    "Hồ sơ {code}: đề nghị nộp phí, lệ phí {amount} đồng (tại Bộ phận Một cửa, chuyển khoản ghi mã hồ sơ, hoặc trực tuyến)."
                ),
                english: format!(
                    "Dossier {code}: please pay the fees of {amount} VND at the desk, by bank transfer quoting the dossier code, or online."
                ),
            }
        }
        // A transfer or an online payment is matched out of the applicant's sight: they learn
        // here that the money arrived and the dossier moves on (at the desk, the receipt too).
        EventKind::PaymentRecorded { method, receipt } => {
            let (how_vi, how_en) = match method {
                PaymentMethod::Cash => ("tại Bộ phận Một cửa", "at the desk"),
                PaymentMethod::Transfer => ("bằng chuyển khoản", "by bank transfer"),
                PaymentMethod::Online => ("trực tuyến", "online"),
            };
            let mut facts = header;
            let (short, english) = match receipt {
                Some(r) => {
                    let amount = vnd(r.amount_vnd);
                    facts.push_str(&format!(
                        "\nSố tiền đã nộp: {amount} đồng\nSố biên lai: {}\nThời điểm: {}",
                        r.number.trim(),
                        vn_display(r.at)
                    ));
                    (
                        format!("Hồ sơ {code}: đã nhận {amount} đồng phí, lệ phí ({how_vi}), biên lai số {}.", r.number.trim()),
                        format!("Dossier {code}: the fees of {amount} VND paid {how_en} were received (receipt {}).", r.number.trim()),
                    )
                }
                None => (
                    format!("Hồ sơ {code}: đã ghi nhận việc nộp phí, lệ phí ({how_vi})."),
                    format!("Dossier {code}: the payment of the fees {how_en} was recorded."),
                ),
            };
            Text {
                subject: format!("Đã nhận phí, lệ phí hồ sơ {code}"),
                body: vec![
                    format!("Cơ quan đã nhận khoản nộp phí, lệ phí {how_vi} của {you}; hồ sơ được tiếp tục giải quyết."),
                    facts,
                ],
                short,
                english,
            }
        }
        EventKind::Stopped { reason } => Text {
            subject: format!("Dừng giải quyết hồ sơ {code}"),
            body: vec![
                format!("Cơ quan có thẩm quyền thông báo dừng giải quyết hồ sơ của {you}."),
                format!("Lý do: {}", reason.trim()),
                header,
            ],
            short: format!("Hồ sơ {code} đã bị dừng giải quyết. Lý do: {}", reason.trim()),
            english: format!("Handling of dossier {code} was stopped, for the reason given above."),
        },
        EventKind::ResultReady { .. } => {
            let mut facts = header;
            if let Some(r) = &d.result {
                facts.push_str(&format!("\nSố kết quả: {}", r.number.trim()));
            }
            let early = d.due_at.filter(|due| e.at < *due);
            if let Some(due) = early {
                facts.push_str(&format!(
                    "\nHồ sơ được giải quyết trước ngày hẹn ({}).",
                    vn_display(due)
                ));
            }
            Text {
                subject: format!("Hồ sơ {code} đã có kết quả"),
                body: vec![
                    format!("Hồ sơ của {you} đã được giải quyết xong."),
                    facts,
                    format!("Mời {you} nhận kết quả tại {SIGNATURE} (mang theo giấy tiếp nhận hồ sơ và giấy tờ tùy thân) hoặc theo hình thức đã đăng ký."),
                ],
                short: format!("Hồ sơ {code} đã có kết quả. Mời {you} nhận kết quả theo hình thức đã đăng ký."),
                english: format!(
                    "The result of dossier {code} is ready{}; please collect it as arranged.",
                    if early.is_some() { ", ahead of the appointment" } else { "" }
                ),
            }
        }
        EventKind::ResultReturned {
            channel,
            received_by,
        } => {
            let (how_vi, how_en) = match channel {
                ReturnChannel::Desk => ("tại Bộ phận Tiếp nhận và Trả kết quả", "at the desk"),
                ReturnChannel::Post => ("qua dịch vụ bưu chính", "by post"),
                ReturnChannel::Online => ("trực tuyến", "online"),
            };
            let at = vn_display(e.at);
            Text {
                subject: format!("Đã trả kết quả hồ sơ {code}"),
                body: vec![
                    format!("Kết quả giải quyết hồ sơ của {you} đã được trả {how_vi} lúc {at}."),
                    format!("{header}\nNgười nhận: {}", received_by.trim()),
                    format!("Cảm ơn {you}. Mời {you} đánh giá mức độ hài lòng về việc giải quyết hồ sơ."),
                ],
                short: format!("Kết quả hồ sơ {code} đã được trả {how_vi} lúc {at}."),
                english: format!("The result of dossier {code} was handed over {how_en} on {at}."),
            }
        }
        _ => return None,
    };
    Some(text)
}
