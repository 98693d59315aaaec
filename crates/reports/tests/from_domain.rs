//! Forms filled from domain values: a dossier, its procedure and its event log.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use motcua_domain::catalog::{
    Agency, ApplicantType, Catalog, Component, Fee, FeeTiming, OnlineLevel, Procedure,
    PublicationStatus, ResultKind, Role, Step, TimeLimit, Unit,
};
use motcua_domain::dossier::{
    Actor, Applicant, Dossier, EndKind, Ending, Event, EventKind, Extension, Owner, Status,
};
use motcua_domain::rules::{Form, RuleSetId};
use motcua_reports::forms::*;
use motcua_reports::{render_form, Fonts, PrintError};

const AGENCY: &str = "000.00.00.H56";

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn step(name: &str, role: Role, unit: &str, hours: f64) -> Step {
    Step {
        name: name.into(),
        role,
        unit_code: unit.into(),
        agency_code: None,
        hours,
    }
}

fn procedure() -> Procedure {
    Procedure {
        code: "1.000948".into(),
        name: "Cấp Giấy phép bán lẻ sản phẩm rượu".into(),
        field_code: "TM".into(),
        agency_code: AGENCY.into(),
        unit_code: "QLTM".into(),
        level: None,
        applicant_types: vec![ApplicantType::Citizen],
        statutory_time: TimeLimit::working_days(10.0),
        committed_time: TimeLimit::working_days(7.5),
        same_day_cutoff: false,
        fee_timing: FeeTiming::After,
        fees: vec![Fee {
            name: "Phí thẩm định".into(),
            amount_vnd: Some(1_200_000),
            description: None,
        }],
        sets: 1,
        components: vec![Component {
            name: "Đơn đề nghị cấp Giấy phép".into(),
            originals: 1,
            certified_copies: 0,
            copies: 0,
            required: true,
            template: None,
            note: None,
        }],
        result_name: "Giấy phép bán lẻ sản phẩm rượu".into(),
        result_kind: ResultKind::Both,
        online_level: OnlineLevel::Full,
        national_portal: true,
        on_the_spot: false,
        conditions: None,
        legal_basis: vec![],
        effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        effective_to: None,
        status: PublicationStatus::Published,
        steps: vec![
            step("Tiếp nhận", Role::Desk, "MOTCUA", 4.0),
            step("Thẩm định", Role::Specialist, "QLTM", 40.0),
            step("Trả kết quả", Role::Desk, "MOTCUA", 4.0),
        ],
    }
}

fn dossier() -> Dossier {
    let p = procedure();
    Dossier {
        code: "000.00.00.H56-250805-0001".into(),
        receiving_agency: AGENCY.into(),
        agency_code: AGENCY.into(),
        procedure_code: p.code.clone(),
        rule_set: Some(RuleSetId::Decree118_2025),
        applicant: Applicant {
            name: "Nguyễn Thị Hường".into(),
            id_number: Some("022190001234".into()),
            address: Some("Phường Đông Hải, tỉnh Quảng Ninh".into()),
            phone: Some("0912345678".into()),
            email: None,
            kind: ApplicantType::Citizen,
        },
        status: Status::Processing,
        steps: p.steps.clone(),
        step: 1,
        // 01:35 UTC is 08:35 in Vietnam.
        received_at: Some(utc(2025, 8, 5, 1, 35)),
        due_at: Some(utc(2025, 8, 14, 9, 0)),
        step_dues: vec![
            utc(2025, 8, 5, 5, 35),
            utc(2025, 8, 13, 9, 0),
            utc(2025, 8, 14, 9, 0),
        ],
        missing: vec!["Bản sao Giấy chứng nhận đăng ký hộ kinh doanh".into()],
        ..Dossier::default()
    }
}

fn issuer() -> Issuer {
    Issuer {
        parent: Some("UBND tỉnh Quảng Ninh".into()),
        name: "Sở Công Thương".into(),
        place: "Quảng Ninh".into(),
    }
}

fn names() -> Names {
    let mut names = Names::from_catalog(&Catalog {
        agencies: vec![Agency {
            code: AGENCY.into(),
            name: "Sở Công Thương".into(),
            parent_code: None,
            address: None,
            phone: None,
            email: None,
            units: vec![
                Unit {
                    code: "QLTM".into(),
                    name: "Phòng Quản lý Thương mại".into(),
                },
                Unit {
                    code: "MOTCUA".into(),
                    name: "Bộ phận Một cửa".into(),
                },
            ],
        }],
        fields: vec![],
        procedures: vec![],
    });
    names.users.insert("desk1".into(), "Trần Văn An".into());
    names
}

#[test]
fn receipt_from_a_received_dossier_uses_vietnam_time() {
    let r = ReceiptData::from_dossier(
        &dossier(),
        &procedure(),
        issuer(),
        "Bộ phận Một cửa Sở Công Thương",
        "Trần Văn An",
    )
    .unwrap();
    assert_eq!(
        time_and_date(r.received_at),
        "08 giờ 35 phút, ngày 05/08/2025"
    );
    assert_eq!(
        time_and_date(r.appointment),
        "16 giờ 00 phút, ngày 14/08/2025"
    );
    assert_eq!(r.statutory_time, "10 ngày làm việc");
    assert_eq!(
        r.fee,
        "Nộp phí, lệ phí khi nhận kết quả: Phí thẩm định 1.200.000 đồng"
    );
    assert_eq!(r.components[0].originals, 1);
    assert_eq!(r.issued_on, NaiveDate::from_ymd_opt(2025, 8, 5).unwrap());
    let pdf = render_form(
        FormKind::new(RuleSetId::Decree118_2025, Form::Receipt),
        &FormData::Receipt(r),
        &Fonts::bundled().unwrap(),
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    let mut not_received = dossier();
    not_received.received_at = None;
    let err = ReceiptData::from_dossier(&not_received, &procedure(), issuer(), "", "");
    assert!(matches!(err, Err(PrintError::Incomplete(_))));
}

#[test]
fn notices_take_their_facts_from_the_dossier() {
    let d = dossier();
    let s = SupplementRequestData::from_dossier(
        &d,
        &procedure(),
        issuer(),
        "Thiếu thành phần hồ sơ",
        "Bộ phận Một cửa, 0203 3835 111",
        "Trần Văn An",
        utc(2025, 8, 6, 2, 0),
    );
    assert_eq!(s.items, d.missing);

    let mut late = dossier();
    late.extensions.push(Extension {
        reason: "Cần xác minh thực tế".into(),
        previous_due: utc(2025, 8, 14, 9, 0),
        new_due: utc(2025, 8, 19, 9, 0),
        by: "head1".into(),
        at: utc(2025, 8, 12, 3, 0),
    });
    let a = ApologyData::from_dossier(&late, &procedure(), issuer(), "GIÁM ĐỐC", "Lê Minh Đức")
        .unwrap();
    assert_eq!(
        time_and_date(a.new_appointment),
        "16 giờ 00 phút, ngày 19/08/2025"
    );
    assert!(ApologyData::from_dossier(&d, &procedure(), issuer(), "", "").is_err());

    let mut stopped = dossier();
    stopped.ending = Some(Ending {
        kind: EndKind::Stopped,
        reasons: vec!["Người nộp không bổ sung hồ sơ".into()],
        stage: Status::Processing,
        step: 1,
        by: "dir1".into(),
        at: utc(2025, 8, 12, 3, 0),
    });
    let n =
        StopNoticeData::from_dossier(&stopped, &procedure(), issuer(), &names(), "GIÁM ĐỐC", "X")
            .unwrap();
    assert_eq!(
        n.stage,
        "Thẩm định (Phòng Quản lý Thương mại - Sở Công Thương)"
    );
    assert!(RefusalData::from_dossier(&stopped, &procedure(), issuer(), "", "").is_err());
}

#[test]
fn control_slip_has_one_row_per_hand_over() {
    let d = dossier();
    let desk = Actor::officer("desk1", &[Role::Desk], AGENCY, "MOTCUA");
    let ev = |at, kind, step| Event {
        at,
        actor: desk.clone(),
        kind,
        from: Some(Status::Received),
        to: Status::Processing,
        step: Some(step),
        note: None,
    };
    let events = vec![
        ev(
            utc(2025, 8, 5, 3, 0),
            EventKind::Forwarded {
                to_step: 1,
                owner: Owner::Unit {
                    agency_code: AGENCY.into(),
                    unit_code: "QLTM".into(),
                },
            },
            0,
        ),
        ev(
            utc(2025, 8, 5, 4, 0),
            EventKind::Claimed {
                username: "sp1".into(),
            },
            1,
        ),
        ev(
            utc(2025, 8, 14, 8, 0),
            EventKind::ResultReady {
                to_step: 2,
                owner: None,
            },
            1,
        ),
    ];
    let slip = ControlSlipData::from_events(
        &d,
        &procedure(),
        &events,
        &names(),
        issuer(),
        utc(2025, 8, 14, 9, 0),
    )
    .unwrap();
    assert_eq!(slip.rows.len(), 2, "claiming is not a hand-over");
    assert_eq!(
        slip.rows[0].from,
        "Bộ phận Một cửa - Sở Công Thương (Trần Văn An)"
    );
    assert_eq!(slip.rows[0].to, "Phòng Quản lý Thương mại - Sở Công Thương");
    assert_eq!(slip.rows[0].result.as_deref(), Some("Đúng hạn"));
    assert_eq!(slip.rows[1].result.as_deref(), Some("Đúng hạn"));
    assert_eq!(
        slip.handling_agency,
        "Phòng Quản lý Thương mại - Sở Công Thương"
    );

    let row = TrackingRow::from_dossier(&d, &procedure(), &events, &names()).unwrap();
    assert_eq!(
        row.transferred_at.map(|t| t.to_string()).as_deref(),
        Some("2025-08-05 10:00:00")
    );
    assert_eq!(row.handling_agency, "Sở Công Thương");
    assert_eq!(row.contact, "Phường Đông Hải, tỉnh Quảng Ninh; 0912345678");
}

#[test]
fn a_dossier_prints_the_forms_of_its_own_rule_set() {
    let mut d = dossier();
    let now = utc(2025, 8, 20, 3, 0);
    d.rule_set = Some(RuleSetId::Decree61_2018);
    let kind = FormKind::for_dossier(&d, Form::ControlSlip, now);
    assert_eq!(kind.rule_set, RuleSetId::Decree61_2018);
    d.rule_set = None;
    let kind = FormKind::for_dossier(&d, Form::ControlSlip, now);
    assert_eq!(kind.rule_set, RuleSetId::Decree118_2025);
}
