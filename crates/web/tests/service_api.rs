//! Ratings and feedback (PAKN) through the JSON API: who may rate and when, a PAKN filed by
//! anyone, followed by its sender, listed and answered by the agency. On both stores.

mod online_files;
mod pages_support;

#[allow(dead_code)]
mod files_support;

#[allow(dead_code)]
mod portal_support;

use motcua_store::Db;
use pages_support::spawn_app;
use portal_support::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(rating_through_the_api, feedback_through_the_api);

/// JSON call with an optional bearer token and `X-Applicant-Id`.
async fn call(
    app: &pages_support::App,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    applicant: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut r = reqwest::Client::new().request(method, format!("{}{path}", app.base));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(a) = applicant {
        r = r.header("X-Applicant-Id", a);
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let res = r.send().await.expect("request");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn rating_through_the_api(db: Db, _: String) {
    use reqwest::Method;
    let app = spawn_app(db).await;
    let (_, code) = file_dossier(&app).await;
    let path = format!("/api/v1/dossiers/{code}/rating");
    let body = json!({"ease": "satisfied", "overall": "very_satisfied", "comment": " Tốt "});
    let (s, v) = call(
        &app,
        Method::POST,
        &path,
        None,
        Some(TAX_CODE),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "not before the return: {v}");
    assert_eq!(v["error"], "not_returned");
    walk_to_result(&app, &code, uploaded_pdf(&app, 4).await).await;
    act(
        &app,
        "desk",
        &code,
        json!({"type": "return_result", "channel": "desk", "received_by": "Lê Văn Bình"}),
    )
    .await;
    let (s, _) = call(
        &app,
        Method::POST,
        &path,
        None,
        Some("9999"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a wrong proof finds nothing");
    let desk = token(&app, "desk").await;
    let (s, v) = call(
        &app,
        Method::POST,
        &path,
        Some(&desk),
        None,
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "officers do not rate: {v}");
    let (s, _) = call(&app, Method::GET, &path, None, Some(TAX_CODE), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no rating yet");
    let (s, v) = call(
        &app,
        Method::POST,
        &path,
        None,
        Some(TAX_CODE),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["ease"], "satisfied");
    assert_eq!(v["comment"], "Tốt");
    let (s, v) = call(&app, Method::POST, &path, None, Some(TAX_CODE), Some(body)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"], "already_rated");
    assert!(v["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("đã được đánh giá")));
    let (s, v) = call(&app, Method::GET, &path, Some(&desk), None, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["overall"], "very_satisfied");
}

async fn feedback_through_the_api(db: Db, _: String) {
    use reqwest::Method;
    let app = spawn_app(db).await;
    let body = json!({"kind": "petition", "subject": "Giờ làm việc", "content": "Đề nghị mở cửa sáng thứ Bảy",
        "sender": {"name": "Trần Văn Nam", "phone": "0912 345 678"}, "agency_code": pages_support::SCT,
        "publish_consent": true});
    let (s, v) = call(
        &app,
        Method::POST,
        "/api/v1/feedback",
        None,
        None,
        Some(body),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let code = v["code"].as_str().expect("code").to_owned();
    assert!(code.starts_with("PAKN-"), "{code}");
    let bad = json!({"kind": "feedback", "subject": "x", "content": "y", "sender": {"name": "A"},
        "agency_code": pages_support::SCT});
    let (s, v) = call(
        &app,
        Method::POST,
        "/api/v1/feedback",
        None,
        None,
        Some(bad),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "no_contact");
    let status = format!("/api/v1/feedback/{code}");
    let (s, _) = call(
        &app,
        Method::GET,
        &format!("{status}?key=1111"),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = call(
        &app,
        Method::GET,
        &format!("{status}?key=5678"),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "received");
    assert!(
        v.get("sender_phone").is_none(),
        "no contact data to the public: {v}"
    );

    let citizen = token(&app, "citizen").await;
    let (s, _) = call(
        &app,
        Method::GET,
        "/api/v1/feedback",
        Some(&citizen),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let desk = token(&app, "desk").await;
    let (s, v) = call(
        &app,
        Method::GET,
        "/api/v1/feedback?status=received",
        Some(&desk),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["sender_name"], "Trần Văn Nam");

    let answer = format!("{status}/answer");
    let text = json!({"text": "Đã tiếp thu, sẽ xem xét."});
    let specialist = token(&app, "specialist").await;
    let (s, _) = call(
        &app,
        Method::POST,
        &answer,
        Some(&specialist),
        None,
        Some(text.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "specialists do not answer PAKN");
    let (s, v) = call(
        &app,
        Method::POST,
        &answer,
        Some(&desk),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an answer needs its text: {v}"
    );
    let (s, v) = call(&app, Method::POST, &answer, Some(&desk), None, Some(text)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "answered");
    assert_eq!(v["answered_by"], "desk");
    let publish = json!({"status": "published"});
    let (s, _) = call(
        &app,
        Method::POST,
        &answer,
        Some(&desk),
        None,
        Some(publish.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "publishing is for the leaders");
    let head = token(&app, "head").await;
    let (s, v) = call(
        &app,
        Method::POST,
        &answer,
        Some(&head),
        None,
        Some(publish.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["published_at"].is_string());
    let (s, v) = call(
        &app,
        Method::POST,
        &answer,
        Some(&head),
        None,
        Some(publish),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"], "wrong_status");
    let (s, v) = call(
        &app,
        Method::GET,
        &format!("{status}?key=5678"),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(
        (s, v["answer"].as_str()),
        (StatusCode::OK, Some("Đã tiếp thu, sẽ xem xét."))
    );
}
