//! Every notice kind, every channel choice, and the portal record's shape.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use motcua_calendar::VN_OFFSET;

use super::*;
use crate::catalog::*;
use crate::dossier::*;
use crate::rules::RuleSetId;

/// `YYYY-MM-DD hh:mm` Vietnam time as UTC.
fn vn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    VN_OFFSET
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid instant")
        .with_timezone(&Utc)
}

fn procedure() -> Procedure {
    Procedure {
        code: "1.000948".into(),
        name: "Cấp Giấy phép bán buôn sản phẩm rượu".into(),
        field_code: "LT".into(),
        agency_code: "000.00.17.H56".into(),
        unit_code: "QLTM".into(),
        level: None,
        applicant_types: vec![ApplicantType::Business],
        statutory_time: TimeLimit::working_days(15.0),
        committed_time: TimeLimit::working_days(10.0),
        same_day_cutoff: false,
        fee_timing: FeeTiming::Before,
        fees: Vec::new(),
        sets: 1,
        components: Vec::new(),
        result_name: "Giấy phép".into(),
        result_kind: ResultKind::Paper,
        online_level: OnlineLevel::Full,
        national_portal: true,
        on_the_spot: false,
        conditions: None,
        legal_basis: Vec::new(),
        effective_from: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        effective_to: None,
        status: PublicationStatus::Published,
        steps: Vec::new(),
    }
}

fn steps() -> Vec<Step> {
    let step = |name: &str, role, unit: &str| Step {
        name: name.into(),
        role,
        unit_code: unit.into(),
        agency_code: None,
        hours: 8.0,
    };
    vec![
        step("Tiếp nhận hồ sơ", Role::Desk, "MC"),
        step("Thẩm định hồ sơ", Role::Specialist, "QLTM"),
        step("Trả kết quả", Role::Desk, "MC"),
    ]
}

fn dossier() -> Dossier {
    Dossier {
        code: "000.00.17.H56-250602-0001".into(),
        receiving_agency: "000.00.17.H56".into(),
        agency_code: "000.00.17.H56".into(),
        procedure_code: "1.000948".into(),
        rule_set: Some(RuleSetId::Decree118_2025),
        channel: Channel::Online,
        applicant: Applicant {
            name: "Nguyễn Văn An".into(),
            id_number: Some("001090000001".into()),
            address: Some("12 Lê Lợi, Huế".into()),
            phone: Some("0912345678".into()),
            email: Some("an@example.vn".into()),
            kind: ApplicantType::Citizen,
        },
        summary: Some("Xin cấp giấy phép".into()),
        files: vec![FileRef {
            sha256: "ab".repeat(32),
            name: "don.pdf".into(),
            size: 10,
            content_type: Some("application/pdf".into()),
            component: Some("Đơn đề nghị".into()),
            upload_ticket: None,
        }],
        status: Status::Received,
        steps: steps(),
        step_entered_at: Some(vn(2025, 6, 2, 9, 15)),
        submitted_at: vn(2025, 6, 1, 20, 0),
        received_at: Some(vn(2025, 6, 2, 9, 15)),
        clock_start: Some(vn(2025, 6, 2, 9, 15)),
        due_at: Some(vn(2025, 6, 16, 9, 15)),
        original_due_at: Some(vn(2025, 6, 16, 9, 15)),
        step_dues: vec![
            vn(2025, 6, 3, 9, 15),
            vn(2025, 6, 12, 9, 15),
            vn(2025, 6, 16, 9, 15),
        ],
        version: 2,
        ..Dossier::default()
    }
}

fn desk() -> Actor {
    Actor::officer("motcua1", &[Role::Desk], "000.00.17.H56", "MC")
}

fn event(kind: EventKind, from: Option<Status>, to: Status, at: DateTime<Utc>) -> Event {
    Event {
        at,
        actor: desk(),
        kind,
        from,
        to,
        step: Some(0),
        note: None,
    }
}

fn reception() -> Reception {
    Reception {
        rule_set: RuleSetId::Decree118_2025,
        received_at: vn(2025, 6, 2, 9, 15),
        clock_start: vn(2025, 6, 2, 9, 15),
        due_at: vn(2025, 6, 16, 9, 15),
        step_dues: Vec::new(),
        owner: Owner::User {
            username: "motcua1".into(),
        },
    }
}

/// The portal's public address in these tests.
const BASE: &str = "https://motcua.example.gov.vn";
const LINK: &str = "https://motcua.example.gov.vn/lookup?code=000.00.17.H56-250602-0001";

fn run(d: &Dossier, e: Event) -> Vec<Notice> {
    let p = procedure();
    let src = Source {
        procedure: &p,
        field_name: Some("Lưu thông hàng hóa"),
        base_url: BASE,
    };
    notices(d, &src, &[e])
}

/// The applicant notices of one event on `channel` (there must be exactly one).
fn notice_on(d: &Dossier, e: Event, channel: NoticeChannel) -> Notice {
    let out: Vec<Notice> = run(d, e)
        .into_iter()
        .filter(|n| n.channel == channel)
        .collect();
    assert_eq!(out.len(), 1, "{out:#?}");
    out.into_iter().next().expect("one notice")
}

/// The applicant's e-mail for one event (there must be exactly one).
fn applicant_notice(d: &Dossier, e: Event) -> Notice {
    notice_on(d, e, NoticeChannel::Email)
}

fn assert_letter(n: &Notice, subject: &str, lines: &[&str], english: &str) {
    assert_eq!(n.channel, NoticeChannel::Email);
    assert_eq!(n.recipient.as_deref(), Some("an@example.vn"));
    assert_eq!(n.dossier_code, "000.00.17.H56-250602-0001");
    assert_eq!(n.subject.as_deref(), Some(subject));
    assert!(
        n.body.starts_with("Kính gửi Ông/Bà Nguyễn Văn An,\n\n"),
        "{}",
        n.body
    );
    for l in lines {
        assert!(n.body.contains(l), "missing «{l}» in:\n{}", n.body);
    }
    let last = n.body.trim_end().lines().last().expect("a last line");
    assert_eq!(
        last,
        format!("English: {english} Follow the dossier at {LINK}")
    );
    assert!(
        n.body.contains(&format!("Theo dõi hồ sơ tại: {LINK}\n")),
        "the link to the dossier's page: {}",
        n.body
    );
    assert!(n
        .body
        .contains("Trân trọng,\nBộ phận Tiếp nhận và Trả kết quả"));
    assert_eq!(crate::text::nfc(&n.body), n.body.trim(), "text is NFC");
}

#[test]
fn times_are_vietnam_time() {
    let t = Utc
        .with_ymd_and_hms(2025, 6, 1, 17, 2, 3)
        .single()
        .expect("t");
    assert_eq!(vn_display(t), "02/06/2025 00:02");
    assert_eq!(portal_time(t), "20250602000203");
}

proptest::proptest! {
    /// The field-by-field formatting says what chrono's patterns say.
    #[test]
    fn times_format_as_the_patterns_say(secs in 0i64..4_102_444_800) {
        let t = DateTime::<Utc>::from_timestamp(secs, 0).expect("in range");
        let vn = t.with_timezone(&motcua_calendar::VN_OFFSET);
        proptest::prop_assert_eq!(vn_display(t), vn.format("%d/%m/%Y %H:%M").to_string());
        proptest::prop_assert_eq!(portal_time(t), vn.format("%Y%m%d%H%M%S").to_string());
    }
}

#[test]
fn reception_by_email_with_code_and_appointment() {
    for kind in [
        EventKind::Received {
            reception: reception(),
        },
        EventKind::ReceivedAtDesk {
            dossier: DossierInit {
                code: "x".into(),
                receiving_agency: "a".into(),
                agency_code: "a".into(),
                procedure_code: "p".into(),
                procedure_version_id: 1,
                channel: Channel::Direct,
                applicant: Applicant::default(),
                owner_account: None,
                summary: None,
                files: Vec::new(),
                steps: Vec::new(),
                handed_in: Vec::new(),
            },
            reception: reception(),
        },
    ] {
        let from = matches!(kind, EventKind::Received { .. }).then_some(Status::Submitted);
        let n = applicant_notice(
            &dossier(),
            event(kind, from, Status::Received, vn(2025, 6, 2, 9, 15)),
        );
        assert_letter(
            &n,
            "Tiếp nhận hồ sơ 000.00.17.H56-250602-0001",
            &[
                "Hồ sơ của Ông/Bà đã được tiếp nhận.",
                "Mã hồ sơ: 000.00.17.H56-250602-0001\nThủ tục: Cấp Giấy phép bán buôn sản phẩm rượu",
                "Thời điểm tiếp nhận: 02/06/2025 09:15",
                "Ngày hẹn trả kết quả: 16/06/2025 09:15",
            ],
            "Dossier 000.00.17.H56-250602-0001 was received on 02/06/2025 09:15; the result is due on 16/06/2025 09:15 (Vietnam time).",
        );
    }
}

fn received() -> Event {
    event(
        EventKind::Received {
            reception: reception(),
        },
        Some(Status::Submitted),
        Status::Received,
        vn(2025, 6, 2, 9, 15),
    )
}

#[test]
fn every_channel_given_a_text_only_to_a_mobile_and_nothing_without_either() {
    let mut d = dossier();
    let channels = |d: &Dossier| -> Vec<NoticeChannel> {
        run(d, received())
            .into_iter()
            .map(|n| n.channel)
            .filter(|c| *c != NoticeChannel::NationalPortal)
            .collect()
    };
    assert_eq!(channels(&d), [NoticeChannel::Email, NoticeChannel::Sms]);
    d.applicant.email = Some("  ".into());
    let n = notice_on(&d, received(), NoticeChannel::Sms);
    assert_eq!(n.recipient.as_deref(), Some("0912345678"));
    assert_eq!(n.subject, None);
    assert_eq!(
        n.body,
        format!("Hồ sơ 000.00.17.H56-250602-0001 đã được tiếp nhận lúc 02/06/2025 09:15, hẹn trả kết quả 16/06/2025 09:15. Tra cứu: {LINK}\n\
         Dossier 000.00.17.H56-250602-0001 was received on 02/06/2025 09:15; the result is due on 16/06/2025 09:15 (Vietnam time).")
    );
    // A landline cannot take a text message: the e-mail only, or nothing.
    d.applicant.phone = Some("0258 3822 123".into());
    assert!(channels(&d).is_empty());
    d.applicant.email = Some("an@example.vn".into());
    assert_eq!(channels(&d), [NoticeChannel::Email]);
    d.applicant.email = None;
    d.applicant.phone = None;
    let all = run(&d, received());
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].channel, NoticeChannel::NationalPortal);
}

#[test]
fn online_submission_sends_the_code_and_the_link() {
    let mut init_applicant = dossier().applicant;
    init_applicant.kind = ApplicantType::Citizen;
    let submitted = |channel: Channel| {
        event(
            EventKind::Submitted {
                dossier: DossierInit {
                    code: "000.00.17.H56-250602-0001".into(),
                    receiving_agency: "000.00.17.H56".into(),
                    agency_code: "000.00.17.H56".into(),
                    procedure_code: "1.000948".into(),
                    procedure_version_id: 1,
                    channel,
                    applicant: init_applicant.clone(),
                    owner_account: None,
                    summary: None,
                    files: Vec::new(),
                    handed_in: Vec::new(),
                    steps: Vec::new(),
                },
            },
            None,
            Status::Submitted,
            vn(2025, 6, 1, 20, 0),
        )
    };
    let mut d = dossier();
    d.status = Status::Submitted;
    assert_letter(
        &applicant_notice(&d, submitted(Channel::Online)),
        "Đã nhận hồ sơ nộp trực tuyến 000.00.17.H56-250602-0001",
        &[
            "Hồ sơ của Ông/Bà đã được gửi trực tuyến thành công.",
            "Mã hồ sơ: 000.00.17.H56-250602-0001",
            "Thời điểm gửi: 01/06/2025 20:00",
        ],
        "Dossier 000.00.17.H56-250602-0001 was filed online and waits for the desk to receive it.",
    );
    let sms = notice_on(&d, submitted(Channel::Online), NoticeChannel::Sms);
    assert!(sms.body.contains("000.00.17.H56-250602-0001"));
    assert!(sms.body.contains(LINK), "{}", sms.body);
    // A postal dossier waiting for the desk: the applicant hears at reception.
    assert!(run(&d, submitted(Channel::Postal))
        .iter()
        .all(|n| n.channel == NoticeChannel::NationalPortal));
}

#[test]
fn stopping_and_payment_due_tell_the_applicant() {
    let stopped = event(
        EventKind::Stopped {
            reason: "Cơ sở không đủ điều kiện kinh doanh".into(),
        },
        Some(Status::Processing),
        Status::Stopped,
        vn(2025, 6, 9, 8, 0),
    );
    assert_letter(
        &applicant_notice(&dossier(), stopped),
        "Dừng giải quyết hồ sơ 000.00.17.H56-250602-0001",
        &["Lý do: Cơ sở không đủ điều kiện kinh doanh"],
        "Handling of dossier 000.00.17.H56-250602-0001 was stopped, for the reason given above.",
    );
    let pay = |amount| {
        event(
            EventKind::PaymentRequested {
                amount_vnd: amount,
                lines: Vec::new(),
            },
            Some(Status::Processing),
            Status::AwaitingPayment,
            vn(2025, 6, 9, 8, 0),
        )
    };
    assert_letter(
        &applicant_notice(&dossier(), pay(Some(1_200_000))),
        "Đề nghị nộp phí, lệ phí hồ sơ 000.00.17.H56-250602-0001",
        &["Tổng số tiền phải nộp: 1.200.000 đồng"],
        "Dossier 000.00.17.H56-250602-0001: please pay the fees of 1.200.000 VND at the desk, by bank transfer quoting the dossier code, or online.",
    );
    let n = applicant_notice(&dossier(), pay(None));
    assert!(
        n.body
            .contains("cần thực hiện nghĩa vụ tài chính (nộp phí, lệ phí)"),
        "{}",
        n.body
    );
}

#[test]
fn organisations_are_addressed_as_such() {
    let mut d = dossier();
    d.applicant.kind = ApplicantType::Business;
    d.applicant.name = "Công ty TNHH Hương Giang".into();
    let n = applicant_notice(&d, received());
    assert!(n
        .body
        .starts_with("Kính gửi Quý cơ quan, tổ chức Công ty TNHH Hương Giang,"));
    assert!(n
        .body
        .contains("Hồ sơ của Quý cơ quan, tổ chức đã được tiếp nhận."));
}

#[test]
fn intake_guidance_lists_what_is_missing_and_why() {
    let mut d = dossier();
    d.status = Status::IntakeSupplement;
    let e = event(
        EventKind::GuidedToSupplement {
            missing: vec!["Bản sao giấy phép kinh doanh".into(), "Sơ đồ kho".into()],
            reason: "Thiếu thành phần bắt buộc".into(),
        },
        Some(Status::Submitted),
        Status::IntakeSupplement,
        vn(2025, 6, 2, 8, 0),
    );
    assert_letter(
        &applicant_notice(&d, e),
        "Hướng dẫn bổ sung, hoàn thiện hồ sơ 000.00.17.H56-250602-0001",
        &[
            "Đề nghị Ông/Bà bổ sung, hoàn thiện các thành phần sau:",
            "- Bản sao giấy phép kinh doanh\n- Sơ đồ kho",
            "Lý do: Thiếu thành phần bắt buộc",
        ],
        "Dossier 000.00.17.H56-250602-0001 is incomplete: please supply the documents listed above (2 item(s)).",
    );
}

#[test]
fn supplement_request_says_the_clock_pauses() {
    let e = event(
        EventKind::SupplementRequested {
            missing: vec!["Hợp đồng thuê kho".into()],
            reason: "Hợp đồng đã hết hạn".into(),
        },
        Some(Status::Processing),
        Status::AwaitingSupplement,
        vn(2025, 6, 5, 14, 30),
    );
    assert_letter(
        &applicant_notice(&dossier(), e),
        "Yêu cầu bổ sung hồ sơ 000.00.17.H56-250602-0001",
        &[
            "- Hợp đồng thuê kho",
            "Lý do: Hợp đồng đã hết hạn",
            "Thời gian giải quyết tạm dừng từ 05/06/2025 14:30",
        ],
        "Dossier 000.00.17.H56-250602-0001: a supplement is requested (1 item(s), listed above); the clock is paused until it arrives.",
    );
}

#[test]
fn refusal_gives_the_reasons() {
    let e = event(
        EventKind::IntakeRefused {
            reasons: vec!["Không thuộc thẩm quyền".into()],
        },
        Some(Status::Submitted),
        Status::Refused,
        vn(2025, 6, 2, 8, 0),
    );
    assert_letter(
        &applicant_notice(&dossier(), e),
        "Từ chối tiếp nhận hồ sơ 000.00.17.H56-250602-0001",
        &["không đủ điều kiện tiếp nhận", "- Không thuộc thẩm quyền"],
        "Dossier 000.00.17.H56-250602-0001 could not be accepted, for the reasons listed above.",
    );
}

#[test]
fn apology_gives_reason_and_both_appointments() {
    let e = event(
        EventKind::Extended {
            reason: "Cần xác minh thực địa".into(),
            previous_due: vn(2025, 6, 16, 9, 15),
            new_due: vn(2025, 6, 20, 16, 0),
        },
        Some(Status::Processing),
        Status::Processing,
        vn(2025, 6, 13, 10, 0),
    );
    let all = run(&dossier(), e.clone());
    assert!(
        all.iter()
            .all(|n| n.channel != NoticeChannel::NationalPortal),
        "an extension keeps the status: no portal record"
    );
    assert_eq!(all.len(), 2, "an e-mail and a text message");
    assert_letter(
        &all[0],
        "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ 000.00.17.H56-250602-0001",
        &[
            "Chúng tôi thành thật xin lỗi Ông/Bà",
            "Lý do: Cần xác minh thực địa",
            "Ngày hẹn trả kết quả trước đây: 16/06/2025 09:15",
            "Ngày hẹn trả kết quả mới: 20/06/2025 16:00",
        ],
        "We apologise: dossier 000.00.17.H56-250602-0001 was not ready by 16/06/2025 09:15; the new appointment is 20/06/2025 16:00 (reason above).",
    );
}

fn result_ready(at: DateTime<Utc>) -> Event {
    event(
        EventKind::ResultReady {
            to_step: 2,
            owner: None,
        },
        Some(Status::Signed),
        Status::ResultReady,
        at,
    )
}

#[test]
fn result_ready_says_so_and_notes_an_early_finish() {
    let mut d = dossier();
    d.result = Some(ResultDoc {
        number: "15/GP-SCT".into(),
        signer: "Trần Thị Bình".into(),
        signed_on: NaiveDate::from_ymd_opt(2025, 6, 10).expect("date"),
        files: Vec::new(),
    });
    let early = applicant_notice(&d, result_ready(vn(2025, 6, 10, 15, 0)));
    assert_letter(
        &early,
        "Hồ sơ 000.00.17.H56-250602-0001 đã có kết quả",
        &[
            "đã được giải quyết xong",
            "Số kết quả: 15/GP-SCT",
            "Hồ sơ được giải quyết trước ngày hẹn (16/06/2025 09:15).",
        ],
        "The result of dossier 000.00.17.H56-250602-0001 is ready, ahead of the appointment; please collect it as arranged.",
    );
    let late = applicant_notice(&d, result_ready(vn(2025, 6, 17, 8, 0)));
    assert!(!late.body.contains("trước ngày hẹn"));
    assert!(late.body.ends_with(&format!(
        "English: The result of dossier 000.00.17.H56-250602-0001 is ready; please collect it as arranged. Follow the dossier at {LINK}\n"
    )));
}

#[test]
fn result_returned_on_each_channel() {
    for (channel, vi, en) in [
        (
            ReturnChannel::Desk,
            "tại Bộ phận Tiếp nhận và Trả kết quả",
            "at the desk",
        ),
        (ReturnChannel::Post, "qua dịch vụ bưu chính", "by post"),
        (ReturnChannel::Online, "trực tuyến", "online"),
    ] {
        let e = event(
            EventKind::ResultReturned {
                channel,
                received_by: "Nguyễn Văn An".into(),
            },
            Some(Status::ResultReady),
            Status::Returned,
            vn(2025, 6, 11, 9, 5),
        );
        assert_letter(
            &applicant_notice(&dossier(), e),
            "Đã trả kết quả hồ sơ 000.00.17.H56-250602-0001",
            &[
                &format!("đã được trả {vi} lúc 11/06/2025 09:05"),
                "Người nhận: Nguyễn Văn An",
                "đánh giá mức độ hài lòng",
            ],
            &format!("The result of dossier 000.00.17.H56-250602-0001 was handed over {en} on 11/06/2025 09:05."),
        );
    }
}

#[test]
fn internal_moves_tell_the_applicant_nothing() {
    let moves = [
        event(
            EventKind::Claimed {
                username: "cv1".into(),
            },
            Some(Status::Processing),
            Status::Processing,
            vn(2025, 6, 3, 8, 0),
        ),
        event(
            EventKind::Approved,
            Some(Status::Processing),
            Status::Approved,
            vn(2025, 6, 9, 8, 0),
        ),
    ];
    for e in moves {
        let changes = changes_status(&e);
        let out = run(&dossier(), e);
        assert!(out
            .iter()
            .all(|n| n.channel == NoticeChannel::NationalPortal));
        assert_eq!(out.len(), usize::from(changes));
    }
}

mod portal;

mod payment;
