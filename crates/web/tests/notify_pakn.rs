//! Issue 17 items 2 and 3 through the real server: an online submission queues the code and
//! the lookup link on every channel the applicant gave; pages promise only channels that can
//! deliver; operators see what did not go out and try it again; PAKN reach the officers'
//! inbox (assign, answer, publish with consent, overdue in colour), the answer reaches the
//! sender (message with the link, and their PAKN page); a "không hài lòng" comment becomes a
//! PAKN; the figures in the reports. On both stores.

mod online_files;
mod pages_support;

#[allow(dead_code)]
mod files_support;

#[allow(dead_code)]
mod portal_support;

use chrono::{Duration, Utc};
use motcua_domain::service::{Contact, FeedbackKind, NewFeedback};
use motcua_store::outbox;
use motcua_store::Db;
use pages_support::{spawn_app, Browser, SCT};
use portal_support::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    online_submission_queues_the_code_and_link_and_promises_no_dead_channel,
    operators_see_undelivered_notifications_and_try_again,
    pakn_is_assigned_answered_and_the_answer_reaches_the_sender,
    dissatisfied_comment_and_pakn_figures_through_the_api,
);

async fn online_submission_queues_the_code_and_link_and_promises_no_dead_channel(
    db: Db,
    _: String,
) {
    let app = spawn_app(db.clone()).await;
    let (mut b, code) = file_dossier(&app).await;
    let link = format!("{}/lookup?code={code}", app.base);
    // The applicant left a mobile number, no e-mail: one text message with the code and link.
    let queued = outbox::list(&db, Some(&code), 50).await.expect("outbox");
    let people: Vec<_> = queued
        .iter()
        .filter(|m| m.channel != "national_portal")
        .collect();
    assert_eq!(people.len(), 1, "{queued:#?}");
    assert_eq!(people[0].channel, "sms");
    assert_eq!(people[0].recipient.as_deref(), Some(PHONE));
    assert!(people[0].body.contains(&code), "{}", people[0].body);
    assert!(people[0].body.contains(&link), "{}", people[0].body);
    assert_eq!(people[0].delivered_at, None);
    // No mail server, no SMS gateway: the confirmation promises neither.
    let done = b.get(&format!("/submit/{PROCEDURE}/done")).await;
    assert!(
        done.html
            .contains("Bạn theo dõi hồ sơ tại trang Tra cứu hồ sơ hoặc bằng mã QR ở trên.</li>"),
        "{}",
        done.html
    );
    assert!(!done.html.contains("tin nhắn"), "no text message promised");
    // Reception tells the applicant too, with the same link.
    act(&app, "desk", &code, json!({"type": "receive"})).await;
    let queued = outbox::list(&db, Some(&code), 50).await.expect("outbox");
    let sms: Vec<_> = queued.iter().filter(|m| m.channel == "sms").collect();
    assert_eq!(sms.len(), 2);
    assert!(sms[1].body.contains("đã được tiếp nhận") && sms[1].body.contains(&link));

    // An administrator sets a mail server: pages may now promise e-mail, still no SMS.
    let mut admin = Browser::signed_in(&app, "admin").await;
    admin.get("/admin/settings").await;
    let p = admin
        .post(
            "/admin/settings/smtp",
            &[
                ("smtp_host", "mail.example.gov.vn"),
                ("smtp_port", "465"),
                ("smtp_user", ""),
                ("smtp_password", ""),
                ("smtp_from", "Một cửa <no-reply@example.gov.vn>"),
                ("smtp_tls", "tls"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let mut citizen = Browser::new(&app);
    citizen.get("/feedback").await;
    let p = citizen
        .post(
            "/feedback",
            &[
                ("kind", "feedback"),
                ("agency", SCT),
                ("subject", "Chờ lâu"),
                ("content", "Phải chờ hai giờ ở quầy."),
                ("name", "Trần Văn Nam"),
                ("phone", "0912 345 678"),
                ("email", "nam@example.vn"),
            ],
        )
        .await;
    let sent = p.location.expect("redirect to the confirmation");
    let page = citizen.get(&sent).await;
    assert!(
        page.html.contains("qua thư điện tử (nếu bạn đã để lại)"),
        "{}",
        page.html
    );
    assert!(!page.html.contains("tin nhắn"), "{}", page.html);
}

async fn operators_see_undelivered_notifications_and_try_again(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let (_, code) = file_dossier(&app).await;
    let sms = outbox::list(&db, Some(&code), 50)
        .await
        .expect("outbox")
        .into_iter()
        .find(|m| m.channel == "sms")
        .expect("the text message");
    // The worker found no gateway: undelivered, with the reason, due again later.
    let later = Utc::now() + Duration::hours(1);
    outbox::mark_failed(
        &db,
        sms.id,
        "Chưa cấu hình cổng gửi tin nhắn SMS / no SMS gateway configured",
        later,
    )
    .await
    .expect("fail");
    let mut admin = Browser::signed_in(&app, "admin").await;
    let home = admin.get("/admin").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.html);
    assert!(
        home.html.contains("thông báo chưa gửi được"),
        "{}",
        home.html
    );
    assert!(
        home.html.contains("1 đã thử gửi nhưng không thành công"),
        "{}",
        home.html
    );
    assert!(home.html.contains("chưa cấu hình cổng gửi tin nhắn"));
    let list = admin.get("/admin/notifications").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains(&code));
    assert!(list.html.contains("no SMS gateway configured"));
    assert!(list.html.contains("Gửi không thành công"));
    let p = admin
        .post(&format!("/admin/notifications/{}/retry", sms.id), &[])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let again = outbox::list(&db, Some(&code), 50)
        .await
        .expect("outbox")
        .into_iter()
        .find(|m| m.id == sms.id)
        .expect("still there");
    assert!(again.next_attempt < later, "due now");
    assert_eq!(again.delivered_at, None);
    // Nobody else sees it.
    let mut desk = Browser::signed_in(&app, "desk").await;
    assert_eq!(
        desk.get("/admin/notifications").await.status,
        StatusCode::FORBIDDEN
    );
}

async fn pakn_is_assigned_answered_and_the_answer_reaches_the_sender(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    // An old one, never answered: overdue on the working calendar.
    let old = motcua_store::feedback::create_feedback(
        &db,
        NewFeedback {
            kind: FeedbackKind::Petition,
            subject: "Đề nghị mở cửa thứ Bảy".into(),
            content: "Nhiều người đi làm ngày thường.".into(),
            contact: Contact {
                name: "Lê Thị Hoa".into(),
                phone: Some("0987654321".into()),
                email: None,
            },
            dossier_code: None,
            agency_code: SCT.into(),
            publish_consent: false,
        },
        Utc::now() - Duration::days(40),
    )
    .await
    .expect("old PAKN");

    let mut citizen = Browser::new(&app);
    citizen.get("/feedback").await;
    let p = citizen
        .post(
            "/feedback",
            &[
                ("kind", "feedback"),
                ("agency", SCT),
                ("subject", "Thái độ phục vụ"),
                ("content", "Cán bộ quầy số 2 không hướng dẫn rõ."),
                ("name", "Trần Văn Nam"),
                ("phone", "0912 345 678"),
                ("email", "nam@example.vn"),
                ("publish_consent", "1"),
            ],
        )
        .await;
    let sent = p.location.expect("confirmation");
    let code = sent
        .trim_start_matches("/feedback/")
        .trim_end_matches("/sent")
        .to_owned();
    // The sender gets the code at once.
    let queued = outbox::list(&db, Some(&code), 10).await.expect("outbox");
    assert_eq!(
        queued
            .iter()
            .map(|m| m.channel.as_str())
            .collect::<Vec<_>>(),
        ["email", "sms"]
    );

    let mut desk = Browser::signed_in(&app, "desk").await;
    let inbox = desk.get("/work/feedback").await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.html);
    assert!(inbox.html.contains(&code) && inbox.html.contains(&old.code));
    assert!(inbox.html.contains("clock-late"), "the old one in colour");
    assert!(inbox.html.contains("Quá hạn"));
    let page = desk.get(&format!("/work/feedback/{code}")).await;
    assert!(page.html.contains("Giao xử lý"), "{}", page.html);
    assert!(page.html.contains("Người gửi đồng ý công khai"));
    assert!(!page.html.contains("/publish"), "nothing to publish yet");
    // The specialist may not answer before being given it.
    let mut spec = Browser::signed_in(&app, "specialist").await;
    let p = spec.get(&format!("/work/feedback/{code}")).await;
    assert!(!p.html.contains("/answer\""), "{}", p.html);
    let p = desk
        .post(
            &format!("/work/feedback/{code}/assign"),
            &[("to", "specialist")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let mine = spec.get("/work/feedback?show=mine").await;
    assert!(mine.html.contains(&code) && !mine.html.contains(&old.code));
    spec.get(&format!("/work/feedback/{code}")).await;
    let p = spec
        .post(
            &format!("/work/feedback/{code}/answer"),
            &[("outcome", "answered"), ("text", "  ")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Nhập nội dung trả lời"));
    let answer = "Sở đã nhắc nhở cán bộ và bố trí thêm người hướng dẫn.";
    let p = spec
        .post(
            &format!("/work/feedback/{code}/answer"),
            &[("outcome", "answered"), ("text", answer)],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    // The answer goes out by e-mail and text, each with the PAKN's page.
    let link = format!("{}/feedback/{code}", app.base);
    let queued = outbox::list(&db, Some(&code), 10).await.expect("outbox");
    assert_eq!(queued.len(), 4, "{queued:#?}");
    let mail = &queued[2];
    assert_eq!(mail.channel, "email");
    assert_eq!(mail.recipient.as_deref(), Some("nam@example.vn"));
    assert!(
        mail.body.contains(answer) && mail.body.contains(&link),
        "{}",
        mail.body
    );
    assert!(queued[3].body.contains(&link));
    // The sender reads it on their page.
    citizen.get(&format!("/feedback/{code}")).await;
    let p = citizen
        .post(&format!("/feedback/{code}"), &[("key", "5678")])
        .await;
    assert!(p.html.contains(answer), "{}", p.html);
    // A leader publishes it (the sender agreed); the desk may not.
    let d = desk.get(&format!("/work/feedback/{code}")).await;
    assert!(!d.html.contains("/publish"));
    let mut head = Browser::signed_in(&app, "head").await;
    let h = head.get(&format!("/work/feedback/{code}")).await;
    assert!(h.html.contains("/publish"), "{}", h.html);
    let p = head
        .post(&format!("/work/feedback/{code}/publish"), &[])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let p = citizen
        .post(&format!("/feedback/{code}"), &[("key", "nam@example.vn")])
        .await;
    assert!(p.html.contains("Đã công khai"), "{}", p.html);
    // Without consent there is no publishing, even for a leader.
    head.get(&format!("/work/feedback/{}", old.code)).await;
    let p = head
        .post(
            &format!("/work/feedback/{}/answer", old.code),
            &[("outcome", "answered"), ("text", "Sở sẽ xem xét.")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = head
        .post(&format!("/work/feedback/{}/publish", old.code), &[])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("không đồng ý công khai"), "{}", p.html);

    // The home page: PAKN with the hotline and address an administrator set.
    let mut admin = Browser::signed_in(&app, "admin").await;
    admin.get("/admin/settings").await;
    let p = admin
        .post(
            "/admin/settings/contact",
            &[
                ("hotline", "0258 3822 123"),
                ("address", "04 Phan Chu Trinh, Nha Trang"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let home = Browser::new(&app).get("/").await;
    assert!(
        home.html.contains("href=\"tel:02583822123\""),
        "{}",
        home.html
    );
    assert!(home.html.contains("04 Phan Chu Trinh, Nha Trang"));
    assert!(home.html.contains("07:00–11:30, 13:30–17:00"));
    assert!(home.html.contains("href=\"/feedback\""));
}

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

async fn dissatisfied_comment_and_pakn_figures_through_the_api(db: Db, _: String) {
    use reqwest::Method;
    let app = spawn_app(db.clone()).await;
    let (_, code) = file_dossier(&app).await;
    walk_to_result(&app, &code, uploaded_pdf(&app, 7).await).await;
    act(
        &app,
        "desk",
        &code,
        json!({"type": "return_result", "channel": "desk", "received_by": "Lê Văn Bình"}),
    )
    .await;
    let body = json!({"ease": "satisfied", "overall": "dissatisfied",
        "comment": "Phải đi lại ba lần mới nộp được."});
    let (s, v) = call(
        &app,
        Method::POST,
        &format!("/api/v1/dossiers/{code}/rating"),
        None,
        Some(TAX_CODE),
        Some(body),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let desk = token(&app, "desk").await;
    let (s, v) = call(
        &app,
        Method::GET,
        "/api/v1/feedback",
        Some(&desk),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1, "{v}");
    let pakn = &v["items"][0];
    assert_eq!(pakn["dossier_code"], code.as_str());
    assert_eq!(pakn["content"], "Phải đi lại ba lần mới nộp được.");
    assert_eq!(pakn["sender_name"], NAME);
    assert_eq!(pakn["publish_consent"], false);
    let pakn_code = pakn["code"].as_str().expect("code").to_owned();

    // Assign through the API: to an officer of the agency only, by the desk or a leader.
    let assign = format!("/api/v1/feedback/{pakn_code}/assign");
    let spec = token(&app, "specialist").await;
    let (s, _) = call(
        &app,
        Method::POST,
        &assign,
        Some(&spec),
        None,
        Some(json!({"to": "specialist"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = call(
        &app,
        Method::POST,
        &assign,
        Some(&desk),
        None,
        Some(json!({"to": "clerk"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "not_assignable");
    let (s, v) = call(
        &app,
        Method::POST,
        &assign,
        Some(&desk),
        None,
        Some(json!({"to": "specialist"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["assigned_to"], "specialist");
    assert_eq!(v["status"], "in_progress");
    let (s, v) = call(
        &app,
        Method::POST,
        &format!("/api/v1/feedback/{pakn_code}/answer"),
        Some(&spec),
        None,
        Some(json!({"text": "Sở xin lỗi và đã chấn chỉnh."})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // The figures: received this year, one answered on time.
    let reporter = token(&app, "reporter").await;
    let (s, v) = call(
        &app,
        Method::GET,
        "/api/v1/reports/pakn?kind=year",
        Some(&reporter),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (
            &v["received"],
            &v["answered_on_time"],
            &v["answered_late"],
            &v["pending"]
        ),
        (&json!(1), &json!(1), &json!(0), &json!(0)),
        "{v}"
    );
    let (s, _) = call(
        &app,
        Method::GET,
        "/api/v1/reports/pakn",
        Some(&spec),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "reports are for reporting roles");
    // And on the dashboard page.
    let mut b = Browser::signed_in(&app, "reporter").await;
    let page = b.get("/reports/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Trả lời đúng hạn"), "{}", page.html);
}
