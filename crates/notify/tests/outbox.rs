//! The worker against a real outbox (SQLite always, PostgreSQL with `MOTCUA_TEST_POSTGRES_URL`)
//! and a local HTTP server standing in for the national portal. Time is injected: no waiting.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Duration, Utc};
use motcua_notify::{NotifyConfig, Pass, Worker, NO_SMS_GATEWAY, NO_SMTP};
use motcua_store::outbox::{self, Message, NewMessage};
use motcua_store::Db;

motcua_store::on_both_stores!(
    portal_failure_is_retried_with_backoff_then_delivered_once,
    without_a_transport_messages_stay_undelivered_with_the_reason,
    disabled_portal_keeps_records_queued_until_enabled,
    email_arrives_over_smtp_with_its_link,
    sms_goes_through_the_gateway,
);

mod support {
    pub mod smtp_sink;
}
use support::smtp_sink::SmtpSink;

/// What the fake portal saw: (authorization header, body).
type Seen = Arc<Mutex<Vec<(Option<String>, String)>>>;

/// A portal that answers 500 to the first `failures` requests, then 200.
async fn portal(failures: usize) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let count = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new().route(
        "/sync",
        axum::routing::post({
            let seen = seen.clone();
            move |headers: HeaderMap, body: String| async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                seen.lock().expect("lock").push((auth, body));
                if count.fetch_add(1, Ordering::SeqCst) < failures {
                    (StatusCode::INTERNAL_SERVER_ERROR, "quá tải / overloaded")
                } else {
                    (StatusCode::OK, "{\"ok\":true}")
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/sync"), seen)
}

fn record(code: &str) -> NewMessage {
    NewMessage {
        channel: "national_portal".into(),
        dossier_code: Some(code.into()),
        recipient: None,
        subject: Some(format!("Đồng bộ hồ sơ {code} — new")),
        body: format!("{{\"MaHoSo\":\"{code}\",\"TrangThaiHoSo\":2}}"),
    }
}

fn email(code: &str) -> NewMessage {
    NewMessage {
        channel: "email".into(),
        dossier_code: Some(code.into()),
        recipient: Some("an@example.vn".into()),
        subject: Some(format!("Tiếp nhận hồ sơ {code}")),
        body: "Kính gửi Ông/Bà Nguyễn Văn An,\n\nEnglish: received.".into(),
    }
}

async fn one(db: &Db, code: &str) -> Message {
    let all = outbox::list(db, Some(code), 10).await.expect("list");
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().expect("one message")
}

/// Comfortably after the messages were queued (they are queued at the real clock).
fn start() -> DateTime<Utc> {
    Utc::now() + Duration::seconds(5)
}

fn pass(claimed: usize, delivered: usize, failed: usize) -> Pass {
    Pass {
        claimed,
        delivered,
        failed,
    }
}

async fn portal_failure_is_retried_with_backoff_then_delivered_once(db: Db, _url: String) {
    let (endpoint, seen) = portal(2).await;
    outbox::push(&db, &[record("H56-250602-0001")])
        .await
        .expect("push");
    let worker = Worker::new(
        db.clone(),
        NotifyConfig {
            portal_endpoint: Some(endpoint),
            portal_token: Some("t0ken-123".into()),
            ..NotifyConfig::default()
        },
    )
    .expect("worker");
    let t0 = start();

    // 1st try: 500 → retried in 1 minute, the error kept.
    assert_eq!(worker.run_once(t0).await.expect("pass"), pass(1, 0, 1));
    let m = one(&db, "H56-250602-0001").await;
    assert_eq!((m.attempts, m.delivered_at), (1, None));
    assert_eq!(
        m.next_attempt.timestamp(),
        (t0 + Duration::minutes(1)).timestamp()
    );
    let err = m.last_error.expect("last error");
    assert!(err.contains("500") && err.contains("overloaded"), "{err}");

    // Not due yet: nothing is sent.
    let t = t0 + Duration::seconds(59);
    assert_eq!(worker.run_once(t).await.expect("pass"), Pass::default());
    assert_eq!(seen.lock().expect("lock").len(), 1);

    // 2nd try: 500 again → 2 minutes.
    let t1 = t0 + Duration::minutes(1);
    assert_eq!(worker.run_once(t1).await.expect("pass"), pass(1, 0, 1));
    let m = one(&db, "H56-250602-0001").await;
    assert_eq!(m.attempts, 2);
    assert_eq!(
        m.next_attempt.timestamp(),
        (t1 + Duration::minutes(2)).timestamp()
    );

    // 3rd try: 200 → delivered, error cleared.
    let t2 = t1 + Duration::minutes(2);
    assert_eq!(worker.run_once(t2).await.expect("pass"), pass(1, 1, 0));
    let m = one(&db, "H56-250602-0001").await;
    assert_eq!(m.attempts, 3);
    assert_eq!(m.last_error, None);
    assert_eq!(m.delivered_at.map(|t| t.timestamp()), Some(t2.timestamp()));

    // Never again, however late.
    let later = t2 + Duration::days(30);
    assert_eq!(worker.run_once(later).await.expect("pass"), Pass::default());
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 3);
    for (auth, body) in &seen {
        assert_eq!(auth.as_deref(), Some("Bearer t0ken-123"));
        assert_eq!(body, "{\"MaHoSo\":\"H56-250602-0001\",\"TrangThaiHoSo\":2}");
    }
}

fn sms(code: &str) -> NewMessage {
    NewMessage {
        channel: "sms".into(),
        recipient: Some("0912345678".into()),
        subject: None,
        body: format!("Hồ sơ {code} đã được tiếp nhận. Tra cứu: https://motcua.example.gov.vn/lookup?code={code}"),
        ..email(code)
    }
}

async fn without_a_transport_messages_stay_undelivered_with_the_reason(db: Db, _url: String) {
    outbox::push(&db, &[email("H56-250602-0002"), sms("H56-250602-0003")])
        .await
        .expect("push");
    let worker = Worker::new(db.clone(), NotifyConfig::default()).expect("worker");
    let t0 = start();
    assert_eq!(worker.run_once(t0).await.expect("pass"), pass(2, 0, 2));
    for (code, why) in [
        ("H56-250602-0002", NO_SMTP),
        ("H56-250602-0003", NO_SMS_GATEWAY),
    ] {
        let m = one(&db, code).await;
        assert_eq!((m.attempts, m.last_error.as_deref()), (1, Some(why)));
        assert_eq!(m.delivered_at, None, "never claimed as delivered");
        assert_eq!(
            m.next_attempt.timestamp_micros(),
            (t0 + Duration::minutes(1)).timestamp_micros(),
            "retried with backoff"
        );
    }
    // Nothing due before the backoff; tried again after it, and still undelivered.
    assert_eq!(worker.run_once(t0).await.expect("pass"), Pass::default());
    let t1 = t0 + Duration::minutes(1);
    assert_eq!(worker.run_once(t1).await.expect("pass"), pass(2, 0, 2));
    assert_eq!(
        one(&db, "H56-250602-0002")
            .await
            .next_attempt
            .timestamp_micros(),
        (t1 + Duration::minutes(2)).timestamp_micros()
    );
    // An operator's "try again" makes it due at once.
    let id = one(&db, "H56-250602-0002").await.id;
    assert!(outbox::retry_now(&db, id, t1).await.expect("retry"));
    assert_eq!(worker.run_once(t1).await.expect("pass"), pass(1, 0, 1));
    let counts = outbox::undelivered_counts(&db).await.expect("counts");
    assert_eq!(counts, [("email".into(), 0, 1), ("sms".into(), 0, 1)]);
}

async fn email_arrives_over_smtp_with_its_link(db: Db, _url: String) {
    let sink = SmtpSink::start().await;
    let link = "https://motcua.example.gov.vn/lookup?code=000.00.17.H56-250602-0007";
    outbox::push(
        &db,
        &[NewMessage {
            subject: Some("Đã nhận hồ sơ nộp trực tuyến 000.00.17.H56-250602-0007".into()),
            body: format!(
                "Kính gửi Ông/Bà Nguyễn Văn An,\n\nHồ sơ của Ông/Bà đã được gửi trực tuyến thành công.\n\nTheo dõi hồ sơ tại: {link}\n"
            ),
            ..email("000.00.17.H56-250602-0007")
        }],
    )
    .await
    .expect("push");
    let worker = Worker::new(
        db.clone(),
        NotifyConfig {
            smtp_url: Some(sink.url()),
            mail_from: "Một cửa điện tử <no-reply@motcua.example.gov.vn>".into(),
            ..NotifyConfig::default()
        },
    )
    .expect("worker");
    let t0 = start();
    assert_eq!(worker.run_once(t0).await.expect("pass"), pass(1, 1, 0));
    let got = sink.messages();
    assert_eq!(got.len(), 1, "{got:#?}");
    let m = &got[0];
    assert_eq!(m.from, "<no-reply@motcua.example.gov.vn>");
    assert_eq!(m.to, ["<an@example.vn>"]);
    assert_eq!(
        m.subject(),
        "Đã nhận hồ sơ nộp trực tuyến 000.00.17.H56-250602-0007"
    );
    let text = m.text();
    assert!(
        text.contains("Hồ sơ của Ông/Bà đã được gửi trực tuyến thành công."),
        "{text}"
    );
    assert!(
        text.contains(&format!("Theo dõi hồ sơ tại: {link}")),
        "{text}"
    );
    let stored = one(&db, "000.00.17.H56-250602-0007").await;
    assert!(stored.delivered_at.is_some());
    assert_eq!(stored.last_error, None);
    // Delivered once: a later pass sends nothing more.
    assert_eq!(
        worker.run_once(t0 + Duration::days(1)).await.expect("pass"),
        Pass::default()
    );
    assert_eq!(sink.messages().len(), 1);
}

async fn sms_goes_through_the_gateway(db: Db, _url: String) {
    let (endpoint, seen) = portal(1).await;
    outbox::push(&db, &[sms("H56-250602-0008")])
        .await
        .expect("push");
    let worker = Worker::new(
        db.clone(),
        NotifyConfig {
            sms_url: Some(endpoint),
            sms_token: Some("sms-key".into()),
            ..NotifyConfig::default()
        },
    )
    .expect("worker");
    let t0 = start();
    // The gateway refuses once: kept with its answer, then delivered on the retry.
    assert_eq!(worker.run_once(t0).await.expect("pass"), pass(1, 0, 1));
    let m = one(&db, "H56-250602-0008").await;
    assert!(m
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("SMS gateway answered 500")));
    assert_eq!(
        worker
            .run_once(t0 + Duration::minutes(1))
            .await
            .expect("pass"),
        pass(1, 1, 0)
    );
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].0.as_deref(), Some("Bearer sms-key"));
    let body: serde_json::Value = serde_json::from_str(&seen[1].1).expect("json");
    assert_eq!(body["to"], "0912345678");
    assert_eq!(body["reference"], "H56-250602-0008");
    assert!(body["text"]
        .as_str()
        .is_some_and(|t| t.contains("lookup?code=H56-250602-0008")));
}

async fn disabled_portal_keeps_records_queued_until_enabled(db: Db, _url: String) {
    outbox::push(&db, &[record("H56-250602-0004"), email("H56-250602-0005")])
        .await
        .expect("push");
    let t0 = start();
    let off = Worker::new(db.clone(), NotifyConfig::default()).expect("worker");
    // Only the e-mail is taken (and stays undelivered: no mail server); the record is left
    // untouched, however often we pass.
    assert_eq!(off.run_once(t0).await.expect("pass"), pass(1, 0, 1));
    assert_eq!(off.run_once(t0).await.expect("pass"), Pass::default());
    let m = one(&db, "H56-250602-0004").await;
    assert_eq!((m.attempts, m.delivered_at, m.last_error), (0, None, None));

    // Enabled later: the backlog goes out.
    let (endpoint, seen) = portal(0).await;
    let on = Worker::new(
        db.clone(),
        NotifyConfig {
            portal_endpoint: Some(endpoint),
            ..NotifyConfig::default()
        },
    )
    .expect("worker");
    assert_eq!(on.run_once(t0).await.expect("pass"), pass(1, 1, 0));
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].0, None,
        "no token configured: no authorization header"
    );
    assert!(one(&db, "H56-250602-0004").await.delivered_at.is_some());
}

#[test]
fn bad_settings_are_refused_at_start() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let t = motcua_store::testing::TestDb::sqlite().await.expect("db");
        let bad_from = NotifyConfig {
            mail_from: "not an address".into(),
            ..NotifyConfig::default()
        };
        assert!(Worker::new(t.db.clone(), bad_from).is_err());
        let bad_smtp = NotifyConfig {
            smtp_url: Some("ftp://x".into()),
            ..NotifyConfig::default()
        };
        assert!(Worker::new(t.db.clone(), bad_smtp).is_err());
        let bad_token = NotifyConfig {
            portal_token: Some("mã\nbí mật".into()),
            ..NotifyConfig::default()
        };
        assert!(Worker::new(t.db.clone(), bad_token).is_err());
        let good = NotifyConfig {
            smtp_url: Some("smtps://u:p@mail.example.vn:465".into()),
            mail_from: "Một cửa điện tử <no-reply@example.gov.vn>".into(),
            ..NotifyConfig::default()
        };
        assert!(Worker::new(t.db.clone(), good).is_ok());
        t.cleanup().await;
    });
}
