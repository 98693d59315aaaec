//! Tests of `service`.

use super::*;
use chrono::TimeZone;

fn new_feedback() -> NewFeedback {
    NewFeedback {
        kind: FeedbackKind::Feedback,
        subject: "  Chậm trả kết quả ".into(),
        content: "Hồ sơ của tôi quá hạn.".into(),
        contact: Contact {
            name: "Nguyễn Văn A".into(),
            phone: Some("0912 345 678".into()),
            email: Some("  ".into()),
        },
        dossier_code: Some("".into()),
        agency_code: "000.17.22.H56".into(),
        publish_consent: false,
    }
}

#[test]
fn codes_round_trip() {
    let d = NaiveDate::from_ymd_opt(2021, 5, 31).unwrap();
    assert_eq!(feedback_code(d, 7), "PAKN-210531-0007");
    assert_eq!(parse_feedback_code("PAKN-210531-0007"), Some((d, 7)));
    assert_eq!(parse_feedback_code("PAKN-210531-12345"), Some((d, 12345)));
    assert_eq!(parse_feedback_code("PAKN-210532-0007"), None);
    assert_eq!(parse_feedback_code("PAKN-210531-07"), None);
    assert_eq!(parse_feedback_code("X-210531-0007"), None);
}

#[test]
fn validation_cleans_and_refuses() {
    let f = new_feedback().validate().unwrap();
    assert_eq!(f.subject, "Chậm trả kết quả");
    assert_eq!(f.contact.email, None);
    assert_eq!(f.dossier_code, None);
    let mut n = new_feedback();
    n.contact.phone = None;
    assert_eq!(n.validate(), Err(ServiceError::NoWayToAnswer));
    let mut n = new_feedback();
    n.contact.phone = Some("12ab".into());
    assert_eq!(n.validate(), Err(ServiceError::BadPhone));
    let mut n = new_feedback();
    n.contact.email = Some("a@b".into());
    assert_eq!(n.validate(), Err(ServiceError::BadEmail));
    let mut n = new_feedback();
    n.subject = " ".into();
    let e = n.validate().unwrap_err();
    assert_eq!(e, ServiceError::Missing { field: "subject" });
    assert!(e.to_string().contains("Thiếu thông tin") && e.to_string().contains("missing"));
    let mut n = new_feedback();
    n.content = "x".repeat(MAX_TEXT + 1);
    assert!(matches!(n.validate(), Err(ServiceError::TooLong { .. })));
}

#[test]
fn rating_validation() {
    let r = Rating {
        dossier_code: "X-210531-0001".into(),
        ease: RatingLevel::Satisfied,
        overall: RatingLevel::VerySatisfied,
        comment: Some("  ".into()),
        rated_at: Utc::now(),
    };
    assert_eq!(r.clone().validate().unwrap().comment, None);
    assert_eq!(
        RatingLevel::parse("dissatisfied"),
        Some(RatingLevel::Dissatisfied)
    );
    assert!(!RatingLevel::Dissatisfied.is_satisfied());
    assert_eq!(RatingLevel::VerySatisfied.name_vi(), "Rất hài lòng");
}

#[test]
fn status_transitions() {
    use FeedbackStatus::*;
    assert!(Received.can_become(InProgress));
    assert!(InProgress.can_become(Answered));
    assert!(Answered.can_become(Published));
    assert!(Received.can_become(Refused));
    assert!(!Refused.can_become(Answered));
    assert!(!Published.can_become(Answered));
    assert!(!Received.can_become(Published));
    for s in FeedbackStatus::ALL {
        assert_eq!(FeedbackStatus::parse(s.as_str()), Some(s));
    }
}

#[test]
fn deadlines_in_working_days() {
    let cal = WorkingCalendar::vietnam().unwrap();
    // Friday 2021-05-28 10:00 Vietnam time.
    let received = chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2021, 5, 28, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let f = Feedback {
        code: "PAKN-210528-0001".into(),
        kind: FeedbackKind::Petition,
        subject: "s".into(),
        content: "c".into(),
        contact: Contact::default(),
        dossier_code: None,
        agency_code: "A".into(),
        status: FeedbackStatus::Received,
        received_at: received,
        updated_at: received,
        answer: None,
        published_at: None,
        assigned_to: None,
        publish_consent: false,
    };
    let d = feedback_deadlines(&f, cal, &FeedbackLimits::default()).unwrap();
    let vn = |t: DateTime<Utc>| {
        t.with_timezone(&motcua_calendar::VN_OFFSET)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    // 2 working days: Mon 31/5 and Tue 1/6 → Tuesday 10:00.
    assert_eq!(vn(d.refuse_by), "2021-06-01 10:00");
    assert_eq!(vn(d.request_info_by), "2021-06-04 10:00");
    // 10 working days (Decree 20/2008): two weeks.
    assert_eq!(vn(d.answer_by), "2021-06-11 10:00");
    assert_eq!(d.publish_by, None);
    let mut answered = f.clone();
    answered.status = FeedbackStatus::Answered;
    answered.answer = Some(FeedbackAnswer {
        text: "ok".into(),
        by: "x".into(),
        at: d.answer_by,
    });
    let d2 = feedback_deadlines(&answered, cal, &FeedbackLimits::default()).unwrap();
    assert_eq!(vn(d2.publish_by.unwrap()), "2021-06-15 10:00");
    assert!(feedback_on_time(&answered, d.answer_by, cal, &FeedbackLimits::default()).unwrap());
    assert!(
        !feedback_on_time(&f, d2.publish_by.unwrap(), cal, &FeedbackLimits::default()).unwrap()
    );
}

#[test]
fn rating_only_once_after_return() {
    use crate::dossier::Status;
    assert_eq!(may_rate(Status::Returned, false), Ok(()));
    assert_eq!(
        may_rate(Status::ResultReady, false),
        Err(ServiceError::NotReturned)
    );
    assert_eq!(
        may_rate(Status::Submitted, false),
        Err(ServiceError::NotReturned)
    );
    assert_eq!(
        may_rate(Status::Returned, true),
        Err(ServiceError::AlreadyRated)
    );
    assert_eq!(ServiceError::AlreadyRated.kind(), ErrorKind::WrongState);
    assert!(ServiceError::NotReturned
        .message_vi()
        .contains("chưa được trả kết quả"));
}

fn received_feedback() -> Feedback {
    let t = Utc.with_ymd_and_hms(2026, 3, 2, 3, 0, 0).unwrap();
    Feedback {
        code: "PAKN-260302-0001".into(),
        kind: FeedbackKind::Feedback,
        subject: "s".into(),
        content: "c".into(),
        contact: Contact::default(),
        dossier_code: None,
        agency_code: "A".into(),
        status: FeedbackStatus::Received,
        received_at: t,
        updated_at: t,
        answer: None,
        published_at: None,
        assigned_to: None,
        publish_consent: true,
    }
}

#[test]
fn feedback_changes_follow_the_transitions() {
    let f = received_feedback();
    let t1 = f.received_at + chrono::Duration::hours(5);
    assert_eq!(
        change_feedback(f.clone(), FeedbackStatus::Answered, Some("  "), "u", t1),
        Err(ServiceError::Missing { field: "text" })
    );
    assert_eq!(
        change_feedback(f.clone(), FeedbackStatus::Published, None, "u", t1),
        Err(ServiceError::WrongStatus {
            from: FeedbackStatus::Received,
            to: FeedbackStatus::Published
        })
    );
    let answered = change_feedback(
        f.clone(),
        FeedbackStatus::Answered,
        Some(" Đã tiếp thu. "),
        "cb",
        t1,
    )
    .unwrap();
    assert_eq!(answered.status, FeedbackStatus::Answered);
    assert_eq!(answered.updated_at, t1);
    let a = answered.answer.clone().unwrap();
    assert_eq!(
        (a.text.as_str(), a.by.as_str(), a.at),
        ("Đã tiếp thu.", "cb", t1)
    );
    let t2 = t1 + chrono::Duration::hours(1);
    let published =
        change_feedback(answered.clone(), FeedbackStatus::Published, None, "ld", t2).unwrap();
    assert_eq!(published.published_at, Some(t2));
    assert_eq!(
        published.answer, answered.answer,
        "publishing keeps the answer"
    );
    assert!(change_feedback(published, FeedbackStatus::Answered, Some("x"), "u", t2).is_err());
    let progress = change_feedback(f, FeedbackStatus::InProgress, None, "u", t1).unwrap();
    assert_eq!(progress.answer, None);
}

#[test]
fn who_may_handle_feedback() {
    use crate::catalog::Role;
    use crate::dossier::Actor;
    let f = received_feedback();
    let desk = Actor::officer("desk", &[Role::Desk], "A", "MOTCUA");
    let head = Actor::officer("head", &[Role::Head], "A", "QLTM");
    let spec = Actor::officer("spec", &[Role::Specialist], "A", "QLTM");
    let other = Actor::officer("desk2", &[Role::Desk], "B", "MOTCUA");
    let admin = Actor::officer("admin", &[Role::Admin], "B", "X");
    let citizen = Actor::applicant("lan");
    assert!(may_change_feedback(&desk, &f, FeedbackStatus::Answered));
    assert!(!may_change_feedback(&desk, &f, FeedbackStatus::Published));
    assert!(may_change_feedback(&head, &f, FeedbackStatus::Published));
    assert!(!may_change_feedback(&spec, &f, FeedbackStatus::Answered));
    assert!(!may_change_feedback(&other, &f, FeedbackStatus::Answered));
    assert!(may_change_feedback(&admin, &f, FeedbackStatus::Published));
    assert!(!may_change_feedback(&citizen, &f, FeedbackStatus::Answered));
    assert!(may_read_feedback(&spec, "A") && !may_read_feedback(&other, "A"));
    assert!(!may_read_feedback(&citizen, "A"));
}
