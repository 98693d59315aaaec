//! What a PAKN's sender is told (issue 17 item 3): its code when it arrives, and the agency's
//! answer (or refusal, or the question asked back) when it is given; on every channel they
//! left, with the link to the PAKN's page where the answer stays to be read.

use super::notice::{Notice, NoticeChannel};
use crate::phone::is_mobile;
use crate::service::{Feedback, FeedbackStatus};

/// The page where the sender follows PAKN `code` (their e-mail or phone digits are asked there).
pub fn feedback_link(base_url: &str, code: &str) -> String {
    format!("{}/feedback/{code}", base_url.trim_end_matches('/'))
}

/// The notices of PAKN `f` having just reached its current status (a new one: `Received`).
/// Statuses the sender need not hear about give none. `Notice::dossier_code` holds the PAKN's
/// code, so the operators' outbox page names what each message is about.
pub fn feedback_notices(f: &Feedback, base_url: &str) -> Vec<Notice> {
    let code = &f.code;
    let link = feedback_link(base_url, code);
    let answer = f.answer.as_ref().map(|a| a.text.trim()).unwrap_or_default();
    let (subject, said, short, english) = match f.status {
        FeedbackStatus::Received => (
            format!("Đã tiếp nhận phản ánh, kiến nghị {code}"),
            format!(
                "Cơ quan đã tiếp nhận {} của Ông/Bà: «{}».\nMã phản ánh, kiến nghị: {code}",
                f.kind.name_vi().to_lowercase(),
                f.subject.trim()
            ),
            format!("Đã tiếp nhận phản ánh, kiến nghị {code}."),
            format!("Your feedback {code} was received."),
        ),
        FeedbackStatus::Answered => (
            format!("Trả lời phản ánh, kiến nghị {code}"),
            format!(
                "Cơ quan trả lời phản ánh, kiến nghị «{}» của Ông/Bà như sau:\n\n{answer}",
                f.subject.trim()
            ),
            format!("Phản ánh, kiến nghị {code} đã có trả lời."),
            format!("Your feedback {code} has been answered."),
        ),
        FeedbackStatus::Refused => (
            format!("Phản ánh, kiến nghị {code} không được xử lý"),
            format!(
                "Phản ánh, kiến nghị «{}» của Ông/Bà không được xử lý. Lý do:\n\n{answer}",
                f.subject.trim()
            ),
            format!("Phản ánh, kiến nghị {code} không được xử lý; xem lý do tại trang theo dõi."),
            format!("Your feedback {code} was not taken up; the reason is on its page."),
        ),
        FeedbackStatus::InfoRequested => (
            format!("Đề nghị bổ sung thông tin phản ánh, kiến nghị {code}"),
            format!(
                "Để xử lý phản ánh, kiến nghị «{}», đề nghị Ông/Bà cung cấp thêm:\n\n{answer}",
                f.subject.trim()
            ),
            format!("Phản ánh, kiến nghị {code}: cơ quan đề nghị bổ sung thông tin."),
            format!("Your feedback {code}: the agency asks for more information."),
        ),
        FeedbackStatus::InProgress | FeedbackStatus::Published => return Vec::new(),
    };
    let mut out = Vec::new();
    let email = f
        .contact
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if let Some(to) = email {
        let name = f.contact.name.trim();
        out.push(Notice {
            channel: NoticeChannel::Email,
            dossier_code: code.clone(),
            recipient: Some(to.to_owned()),
            subject: Some(subject),
            body: format!(
                "Kính gửi Ông/Bà {name},\n\n{said}\n\nTheo dõi phản ánh, kiến nghị tại: {link}\n(nhập thư điện tử hoặc 4 số cuối số điện thoại đã để lại)\n\nTrân trọng.\n\n(Thư gửi tự động, vui lòng không trả lời thư này.)\n\nEnglish: {english} Follow it at {link}\n"
            ),
        });
    }
    let phone = f
        .contact
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| is_mobile(p));
    if let Some(to) = phone {
        out.push(Notice {
            channel: NoticeChannel::Sms,
            dossier_code: code.clone(),
            recipient: Some(to.to_owned()),
            subject: None,
            body: format!("{short} Xem tại: {link}\n{english}"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::service::{change_feedback, Contact, FeedbackKind};

    fn pakn(phone: Option<&str>, email: Option<&str>) -> Feedback {
        let t = Utc
            .with_ymd_and_hms(2026, 3, 2, 3, 0, 0)
            .single()
            .expect("t");
        Feedback {
            code: "PAKN-260302-0001".into(),
            kind: FeedbackKind::Feedback,
            subject: "Chậm trả kết quả".into(),
            content: "c".into(),
            contact: Contact {
                name: "Trần Thị Lan".into(),
                phone: phone.map(str::to_owned),
                email: email.map(str::to_owned),
            },
            dossier_code: None,
            agency_code: "A".into(),
            status: FeedbackStatus::Received,
            received_at: t,
            updated_at: t,
            answer: None,
            published_at: None,
            assigned_to: None,
            publish_consent: false,
        }
    }

    const BASE: &str = "https://motcua.example.gov.vn/";
    const LINK: &str = "https://motcua.example.gov.vn/feedback/PAKN-260302-0001";

    #[test]
    fn the_answer_reaches_the_sender_with_the_link() {
        let f = pakn(Some("0912 345 678"), Some("lan@example.vn"));
        let t = f.received_at;
        let answered = change_feedback(
            f,
            FeedbackStatus::Answered,
            Some("Sở đã chấn chỉnh bộ phận một cửa."),
            "ld",
            t,
        )
        .expect("answered");
        let out = feedback_notices(&answered, BASE);
        assert_eq!(out.len(), 2);
        let mail = &out[0];
        assert_eq!(mail.channel, NoticeChannel::Email);
        assert_eq!(mail.recipient.as_deref(), Some("lan@example.vn"));
        assert_eq!(
            mail.subject.as_deref(),
            Some("Trả lời phản ánh, kiến nghị PAKN-260302-0001")
        );
        assert!(mail.body.starts_with("Kính gửi Ông/Bà Trần Thị Lan,"));
        assert!(mail.body.contains("Sở đã chấn chỉnh bộ phận một cửa."));
        assert!(mail.body.contains(LINK), "{}", mail.body);
        let sms = &out[1];
        assert_eq!(sms.channel, NoticeChannel::Sms);
        assert!(sms.body.contains(LINK));
    }

    #[test]
    fn a_landline_gets_no_text_and_quiet_steps_say_nothing() {
        let f = pakn(Some("0258 3822 123"), None);
        assert!(feedback_notices(&f, BASE).is_empty());
        let f = pakn(Some("0912345678"), None);
        assert_eq!(feedback_notices(&f, BASE).len(), 1, "received: the code");
        let mut going = f.clone();
        going.status = FeedbackStatus::InProgress;
        assert!(feedback_notices(&going, BASE).is_empty());
    }
}
