//! Ratings and feedback (PAKN) on both stores.

mod common;

use chrono::{TimeZone, Utc};
use motcua_domain::dossier::Status;
use motcua_domain::service::*;
use motcua_store::feedback::{self, FeedbackError, FeedbackFilter};
use motcua_store::ratings::{self, RateError};
use motcua_store::Db;

motcua_store::on_both_stores!(one_rating_per_dossier, feedback_lifecycle);

fn rating(code: &str) -> Rating {
    Rating {
        dossier_code: code.into(),
        ease: RatingLevel::Satisfied,
        overall: RatingLevel::VerySatisfied,
        comment: Some(" Nhanh, gọn ".into()),
        rated_at: Utc.with_ymd_and_hms(2024, 3, 4, 5, 6, 7).unwrap(),
    }
}

async fn one_rating_per_dossier(db: Db, _url: String) {
    let ids = common::import(
        &db,
        vec![common::procedure("1.000001", "LTHH", "QLTM", 5.0, 7.0)],
    )
    .await;
    let at = Utc.with_ymd_and_hms(2024, 3, 1, 2, 0, 0).unwrap();
    let done = common::raw_dossier(&db, ids[0], Status::Returned, at).await;

    // When a dossier may be rated is the domain's rule (`may_rate`, tested there and through
    // `App::rate`); the store keeps one rating per dossier, whatever races.
    assert_eq!(ratings::get_rating(&db, &done).await.unwrap(), None);
    let stored = ratings::rate(&db, rating(&done)).await.expect("rate");
    assert_eq!(stored.comment.as_deref(), Some(" Nhanh, gọn "));
    assert_eq!(ratings::get_rating(&db, &done).await.unwrap(), Some(stored));
    let again = ratings::rate(&db, rating(&done)).await;
    assert!(matches!(again, Err(RateError::AlreadyRated)), "{again:?}");
    let e = RateError::AlreadyRated.to_string();
    assert!(e.contains("đã được đánh giá") && e.contains("already rated"));
}

fn new(subject: &str) -> NewFeedback {
    NewFeedback {
        kind: FeedbackKind::Petition,
        subject: subject.into(),
        content: "Đề nghị rút ngắn thời gian giải quyết.".into(),
        contact: Contact {
            name: "Trần Thị B".into(),
            phone: None,
            email: Some("b@example.vn".into()),
        },
        dossier_code: None,
        agency_code: common::AGENCY.into(),
        publish_consent: true,
    }
}

async fn feedback_lifecycle(db: Db, _url: String) {
    // 2024-03-04 23:30 UTC is already 2024-03-05 in Vietnam.
    let t0 = Utc.with_ymd_and_hms(2024, 3, 4, 23, 30, 0).unwrap();
    let a = feedback::create_feedback(&db, new("Một"), t0)
        .await
        .expect("create");
    let b = feedback::create_feedback(&db, new("Hai"), t0)
        .await
        .expect("create");
    assert_eq!(a.code, "PAKN-240305-0001");
    assert_eq!(b.code, "PAKN-240305-0002");
    assert_eq!(a.status, FeedbackStatus::Received);
    assert_eq!(
        feedback::get_feedback(&db, &a.code).await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(
        feedback::get_feedback(&db, "PAKN-000000-0000")
            .await
            .unwrap(),
        None
    );

    // The change is the domain's (`change_feedback`); the store writes it only over the
    // status it was decided from.
    let t1 = t0 + chrono::Duration::days(1);
    let answered = change_feedback(
        a.clone(),
        FeedbackStatus::Answered,
        Some("Đã tiếp thu."),
        "canbo",
        t1,
    )
    .expect("answer");
    feedback::update_feedback(&db, FeedbackStatus::Received, &answered)
        .await
        .expect("write answer");
    assert_eq!(
        feedback::get_feedback(&db, &a.code).await.unwrap(),
        Some(answered.clone())
    );
    let stale = feedback::update_feedback(&db, FeedbackStatus::Received, &answered).await;
    assert!(matches!(stale, Err(FeedbackError::Changed)), "{stale:?}");
    let published = change_feedback(answered.clone(), FeedbackStatus::Published, None, "ld", t1)
        .expect("publish");
    feedback::update_feedback(&db, FeedbackStatus::Answered, &published)
        .await
        .expect("write publication");
    assert_eq!(
        feedback::get_feedback(&db, &a.code).await.unwrap(),
        Some(published.clone())
    );
    let mut ghost = published;
    ghost.code = "PAKN-000000-0000".into();
    let missing = feedback::update_feedback(&db, FeedbackStatus::Published, &ghost).await;
    assert!(matches!(missing, Err(FeedbackError::NotFound)));

    let all = FeedbackFilter {
        limit: 10,
        ..Default::default()
    };
    let (n, list) = feedback::list_feedback(&db, &all).await.unwrap();
    assert_eq!((n, list.len()), (2, 2));
    let open = FeedbackFilter {
        statuses: vec![FeedbackStatus::Received],
        limit: 10,
        ..Default::default()
    };
    let (n, list) = feedback::list_feedback(&db, &open).await.unwrap();
    assert_eq!((n, list[0].code.as_str()), (1, b.code.as_str()));
    let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
    let by_day = |from, to| FeedbackFilter {
        from,
        to,
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        feedback::list_feedback(&db, &by_day(Some(day), Some(day)))
            .await
            .unwrap()
            .0,
        2
    );
    assert_eq!(
        feedback::list_feedback(&db, &by_day(day.succ_opt(), None))
            .await
            .unwrap()
            .0,
        0
    );
    assert_eq!(
        feedback::list_feedback(&db, &by_day(None, day.pred_opt()))
            .await
            .unwrap()
            .0,
        0
    );
}
