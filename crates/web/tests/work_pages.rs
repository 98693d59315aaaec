//! The officer workspace and the one-stop desk through pages alone, over real HTTP on both
//! stores: inbox, dossier page and its action forms, counter intake, the queue of online
//! submissions, results handed back, the tracking book, conflicts and permissions.

mod pages_support;

use chrono::{Duration, Utc};
use motcua_calendar::WorkingCalendar;
use motcua_domain::dossier::{Actor, Applicant, Channel, Command};
use motcua_domain::Role;
use motcua_store::users::{create_user, NewUser};
use motcua_store::{dossiers, Db};
use pages_support::{spawn_app, App, Browser, Page, SCT};
use reqwest::StatusCode;
use serde_json::json;

/// Bán buôn rượu, 10 working days: desk → specialist → specialist → head → director → clerk
/// → desk.
const WHOLESALE: &str = "2.000633";
/// Its amendment, 5 working days: desk → specialist → head → director → clerk → desk.
const AMENDMENT: &str = "2.000629";

motcua_store::on_both_stores!(
    inbox_shows_mine_and_the_unit_queue_due_first_in_words,
    the_whole_path_through_pages_alone,
    online_submission_is_received_from_the_desk_queue,
    the_desk_guides_to_supplement_and_refuses_from_the_queue,
    send_back_needs_a_reason,
    request_supplement_pauses_the_clock,
    the_head_extends_once_and_the_domain_refuses_a_second_time,
    a_stale_page_gets_the_conflict_message_and_changes_nothing,
    other_agencies_roles_and_applicants_are_kept_out,
    counter_intake_keeps_what_was_typed_when_incomplete,
    tracking_book_lists_the_period_as_csv,
);

fn version_in(html: &str) -> String {
    let key = "name=\"version\" value=\"";
    let at = html.find(key).expect("a form with the version") + key.len();
    html[at..at + html[at..].find('"').expect("end")].to_owned()
}

async fn signed_in(app: &App, user: &str) -> Browser {
    let mut b = Browser::new(app);
    b.sign_in(user).await;
    b
}

/// Counter intake of `procedure` by the desk; returns the new code.
async fn intake(b: &mut Browser, procedure: &str, name: &str) -> String {
    let form = b
        .get(&format!("/work/desk/intake?procedure={procedure}"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    let mut fields = vec![
        ("procedure", procedure.to_owned()),
        ("name", name.to_owned()),
        ("kind", "business".to_owned()),
        ("id_number", "4201234567".to_owned()),
        ("phone", "0258 3 822 111".to_owned()),
        ("sets", "1".to_owned()),
        ("channel", "direct".to_owned()),
        ("note", "Nộp tại quầy số 3".to_owned()),
    ];
    for i in 0..count_components(&form.html) {
        fields.push((leak(format!("present_{i}")), "1".to_owned()));
        fields.push((leak(format!("form_{i}")), "original".to_owned()));
        fields.push((leak(format!("count_{i}")), "1".to_owned()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post("/work/desk/intake", &refs).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let loc = p.location.expect("location");
    let code = loc
        .strip_prefix("/work/dossiers/")
        .and_then(|r| r.split('?').next())
        .expect("dossier page")
        .to_owned();
    assert!(loc.ends_with("?done=receive_at_desk"), "{loc}");
    code
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn count_components(html: &str) -> usize {
    html.matches("name=\"present_").count()
}

/// Runs `action` from the dossier page as the browser's user; expects the 303 back.
async fn act(b: &mut Browser, code: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        page.html
            .contains(&format!("name=\"action\" value=\"{action}\"")),
        "{action} is offered: {}",
        page.html
    );
    let version = version_in(&page.html);
    let mut all = vec![("action", action), ("version", version.as_str())];
    all.extend_from_slice(fields);
    b.post(&format!("/work/dossiers/{code}/actions"), &all)
        .await
}

async fn act_ok(b: &mut Browser, code: &str, action: &str, fields: &[(&str, &str)]) {
    let p = act(b, code, action, fields).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{action}: {}", p.html);
    assert_eq!(
        p.location.as_deref().and_then(|l| l.split('#').next()),
        Some(format!("/work/dossiers/{code}?done={action}").as_str())
    );
}

async fn status_of(app: &App, code: &str) -> (String, i64) {
    let d = dossiers::load(&app.db, code)
        .await
        .expect("load")
        .expect("dossier")
        .dossier;
    (d.status.as_str().to_owned(), d.version)
}

/// A dossier received and forwarded by the desk 40 days ago: long overdue in QLTM's queue.
async fn overdue_dossier(app: &App) -> String {
    let cal = WorkingCalendar::builder().build().expect("calendar");
    let desk = Actor::officer("desk", &[Role::Desk], SCT, "MOTCUA");
    let then = Utc::now() - Duration::days(40);
    let created = motcua_web::workflow::submit(
        &app.db,
        &cal,
        desk.clone(),
        motcua_web::workflow::Submission {
            procedure_code: WHOLESALE.into(),
            applicant: Applicant {
                name: "Hộ kinh doanh Trễ Hạn".into(),
                ..Applicant::default()
            },
            summary: None,
            files: Vec::new(),
            desk_channel: Some(Channel::Direct),
            idempotency_key: None,
        },
        then,
    )
    .await
    .expect("old intake");
    let code = match created {
        dossiers::Created::New(d) | dossiers::Created::Existing(d) => d.dossier.code,
    };
    motcua_web::workflow::act(
        &app.db,
        &cal,
        desk,
        &code,
        None,
        &Command::Forward {
            note: None,
            to_user: None,
        },
        then + Duration::hours(1),
    )
    .await
    .expect("old forward");
    code
}

async fn inbox_shows_mine_and_the_unit_queue_due_first_in_words(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let long = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Khánh Hòa").await;
    let short = intake(&mut desk, AMENDMENT, "Công ty Cổ phần Đồ uống Nha Trang").await;
    // The desk holds both (its own first step), sorted by appointment.
    let mine = desk.get("/work").await;
    assert_eq!(mine.status, StatusCode::OK);
    let (a, b) = (
        mine.html.find(&short).expect("short"),
        mine.html.find(&long).expect("long"),
    );
    assert!(a < b, "the earlier appointment first");
    assert!(mine.html.contains("Trong hạn") && mine.html.contains("clock-ok"));
    assert!(mine.html.contains("ngày"), "working time left in days");
    for code in [&long, &short] {
        act_ok(&mut desk, code, "forward", &[]).await;
    }
    let late = overdue_dossier(&app).await;

    let mut spec = signed_in(&app, "specialist").await;
    let queue = spec.get("/work?tab=queue").await;
    let pos = |c: &str| queue.html.find(c).unwrap_or_else(|| panic!("{c} queued"));
    assert!(
        pos(&late) < pos(&short) && pos(&short) < pos(&long),
        "due first"
    );
    assert!(queue.html.contains("Quá hạn") && queue.html.contains("clock-late"));
    assert!(queue.html.contains("quá "), "time past in words");
    assert!(queue
        .html
        .contains("Hàng chờ của đơn vị <span class=\"badge\">3</span>"));
    // Claiming moves one to "mine".
    act_ok(&mut spec, &long, "claim", &[]).await;
    let mine = spec.get("/work").await;
    assert!(mine.html.contains(&long) && !mine.html.contains(&short));
    assert!(mine
        .html
        .contains("Hồ sơ của tôi <span class=\"badge\">1</span>"));
    // Filters: overdue only; search without diacritics; the htmx fragment alone.
    let overdue = spec.get("/work?tab=queue&overdue=1").await;
    assert!(overdue.html.contains(&late) && !overdue.html.contains(&short));
    let found = spec.get("/work?tab=queue&q=do+uong+nha+trang").await;
    assert!(found.html.contains(&short) && !found.html.contains(&late));
    let fragment = spec
        .http
        .get(format!("{}/work?tab=queue&procedure={AMENDMENT}", app.base))
        .header("HX-Request", "true")
        .send()
        .await
        .expect("htmx");
    let html = fragment.text().await.expect("body");
    assert!(!html.contains("<html") && html.contains(&short) && !html.contains(&late));
}

async fn the_whole_path_through_pages_alone(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Khánh Hòa").await;
    let page = desk
        .get(&format!("/work/dossiers/{code}?done=receive_at_desk"))
        .await;
    assert!(page.html.contains(&code) && page.html.contains("Ngày hẹn trả"));
    assert!(page.html.contains("Đã thực hiện"), "the confirmation");
    assert!(
        page.html.contains("Thành phần hồ sơ đã nhận (1 bộ)"),
        "the checklist is on the slip"
    );
    act_ok(&mut desk, &code, "forward", &[]).await;

    let mut spec = signed_in(&app, "specialist").await;
    act_ok(&mut spec, &code, "claim", &[]).await;
    act_ok(
        &mut spec,
        &code,
        "forward",
        &[("to_user", "specialist"), ("note", "Hồ sơ hợp lệ")],
    )
    .await;
    act_ok(&mut spec, &code, "forward", &[]).await;

    let mut head = signed_in(&app, "head").await;
    act_ok(&mut head, &code, "claim", &[]).await;
    act_ok(&mut head, &code, "forward", &[]).await;

    let mut director = signed_in(&app, "director").await;
    act_ok(&mut director, &code, "claim", &[]).await;
    act_ok(&mut director, &code, "approve", &[]).await;
    let page = director.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("enctype=\"multipart/form-data\""));
    let version = version_in(&page.html);
    let form = reqwest::multipart::Form::new()
        .text("version", version)
        .text("result_number", "15/GP-SCT")
        .text("signer", "Phạm Minh Tuấn")
        .text("signed_on", "2026-11-30")
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf())
                .file_name("giay-phep.pdf")
                .mime_str("application/pdf")
                .expect("mime"),
        );
    let res = director
        .http
        .post(format!(
            "{}/work/dossiers/{code}/sign?csrf={}",
            app.base, director.csrf
        ))
        .multipart(form)
        .send()
        .await
        .expect("sign");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    act_ok(&mut director, &code, "forward", &[]).await;

    let mut clerk = signed_in(&app, "clerk").await;
    act_ok(&mut clerk, &code, "mark_result_ready", &[]).await;

    // The result file is served to officers as an attachment.
    let page = desk.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("15/GP-SCT") && page.html.contains("giay-phep.pdf"));
    let at = page.html.find("/files/").expect("file link");
    let href = &page.html[page.html[..at].rfind('"').expect("start") + 1..];
    let href = &href[..href.find('"').expect("end")];
    let file = desk
        .http
        .get(format!("{}{href}", app.base))
        .send()
        .await
        .expect("file");
    assert_eq!(file.status(), StatusCode::OK);
    assert!(file.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .starts_with("attachment"));
    assert_eq!(file.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        file.bytes().await.expect("bytes").as_ref(),
        pdf().as_slice()
    );

    // The desk hands it back from its list of results.
    let list = desk.get("/work/desk").await;
    assert!(list.html.contains(&code), "waiting to be handed back");
    let version = version_in(&desk.get(&format!("/work/dossiers/{code}")).await.html);
    let p = desk
        .post(
            &format!("/work/dossiers/{code}/actions"),
            &[
                ("action", "return_result"),
                ("version", &version),
                ("back", "desk"),
                ("received_by", "Nguyễn Văn Bình"),
                ("channel", "desk"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert!(p
        .location
        .expect("loc")
        .starts_with("/work/desk?done=return_result"));
    assert_eq!(status_of(&app, &code).await.0, "returned");
    let page = desk.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("Đã trả kết quả") && page.html.contains("Nguyễn Văn Bình"));
    for what in [
        "Tiếp nhận tại Bộ phận Một cửa",
        "Chuyển bước",
        "Ký kết quả",
        "Trả kết quả",
    ] {
        assert!(page.html.contains(what), "timeline has {what}");
    }
}

async fn submit_online(app: &App, name: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/dossiers", app.base))
        .json(&json!({
            "procedure_code": WHOLESALE,
            "applicant": {"name": name, "id_number": "079123456789", "kind": "business"}
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: serde_json::Value = res.json().await.expect("json");
    v["dossier"]["code"].as_str().expect("code").to_owned()
}

async fn online_submission_is_received_from_the_desk_queue(db: Db, _: String) {
    let app = spawn_app(db).await;
    let code = submit_online(&app, "Công ty TNHH Thương mại Cam Ranh").await;
    let mut desk = signed_in(&app, "desk").await;
    let page = desk.get("/work/desk").await;
    assert!(page.html.contains(&code) && page.html.contains("Cam Ranh"));
    let version = version_in(&desk.get(&format!("/work/dossiers/{code}")).await.html);
    desk.get("/work/desk").await;
    let p = desk
        .post(
            &format!("/work/dossiers/{code}/actions"),
            &[
                ("action", "receive"),
                ("version", &version),
                ("back", "desk"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(
        p.location.as_deref(),
        Some(format!("/work/desk?done=receive&code={}", code.replace('/', "%2F")).as_str())
    );
    assert_eq!(status_of(&app, &code).await.0, "received");
    let desk_page = desk.get("/work/desk?done=receive").await;
    assert!(desk_page.html.contains("Đã thực hiện: Tiếp nhận hồ sơ"));
    assert!(!desk_page
        .html
        .contains(&format!("/work/dossiers/{code}/actions")));
}

async fn the_desk_guides_to_supplement_and_refuses_from_the_queue(db: Db, _: String) {
    let app = spawn_app(db).await;
    let a = submit_online(&app, "Hộ kinh doanh Vĩnh Hải").await;
    let b = submit_online(&app, "Hộ kinh doanh Phước Long").await;
    let mut desk = signed_in(&app, "desk").await;
    let va = version_in(&desk.get(&format!("/work/dossiers/{a}")).await.html);
    // Nothing marked missing: the domain's message, next to the form, the reason kept.
    let p = desk
        .post(
            &format!("/work/dossiers/{a}/actions"),
            &[
                ("action", "guide_to_supplement"),
                ("version", &va),
                ("back", "desk"),
                ("reason", "Thiếu bản sao hợp đồng kho"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Không thể hướng dẫn bổ sung"), "{}", p.html);
    assert!(p.html.contains("Thiếu bản sao hợp đồng kho</textarea>"));
    assert_eq!(status_of(&app, &a).await.0, "submitted");
    let p = desk
        .post(
            &format!("/work/dossiers/{a}/actions"),
            &[
                ("action", "guide_to_supplement"),
                ("version", &va),
                ("back", "desk"),
                (
                    "missing",
                    "Bản sao hợp đồng thuê hoặc giấy tờ chứng minh quyền sử dụng hợp pháp kho hàng",
                ),
                ("reason", "Thiếu bản sao hợp đồng kho"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(status_of(&app, &a).await.0, "intake_supplement");
    let vb = version_in(&desk.get(&format!("/work/dossiers/{b}")).await.html);
    let p = desk
        .post(
            &format!("/work/dossiers/{b}/actions"),
            &[
                ("action", "refuse_intake"),
                ("version", &vb),
                ("back", "desk"),
                (
                    "reasons",
                    "Không thuộc thẩm quyền\nĐã có giấy phép còn hiệu lực",
                ),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(status_of(&app, &b).await.0, "refused");
    let page = desk.get(&format!("/work/dossiers/{b}")).await;
    assert!(page
        .html
        .contains("Không thuộc thẩm quyền; Đã có giấy phép còn hiệu lực"));
    let queue = desk.get("/work/desk").await;
    assert!(!queue.html.contains(&format!("/work/dossiers/{a}/actions")));
    assert!(!queue.html.contains(&format!("/work/dossiers/{b}/actions")));
}

/// Desk intake, forwarded, claimed and forwarded by the specialist to the head's queue.
async fn at_the_head(app: &App) -> String {
    let mut desk = signed_in(app, "desk").await;
    let code = intake(&mut desk, AMENDMENT, "Công ty TNHH Bia Ninh Hòa").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut spec = signed_in(app, "specialist").await;
    act_ok(&mut spec, &code, "claim", &[]).await;
    act_ok(&mut spec, &code, "forward", &[]).await;
    code
}

async fn send_back_needs_a_reason(db: Db, _: String) {
    let app = spawn_app(db).await;
    let code = at_the_head(&app).await;
    let mut head = signed_in(&app, "head").await;
    act_ok(&mut head, &code, "claim", &[]).await;
    let p = act(
        &mut head,
        &code,
        "send_back",
        &[("to_step", "1"), ("reason", "  ")],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.html
            .contains("Không thể trả lại bước trước: reason không được để trống"),
        "{}",
        p.html
    );
    act_ok(
        &mut head,
        &code,
        "send_back",
        &[("to_step", "1"), ("reason", "Cần kiểm tra lại kho hàng")],
    )
    .await;
    let page = head.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("Cần kiểm tra lại kho hàng"));
    assert!(page.html.contains("Trả lại bước trước"));
    // Back to the specialist who handled that step.
    let mine = signed_in(&app, "specialist").await.get("/work").await;
    assert!(mine.html.contains(&code));
}

async fn request_supplement_pauses_the_clock(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Diên Khánh").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut spec = signed_in(&app, "specialist").await;
    act_ok(&mut spec, &code, "claim", &[]).await;
    act_ok(
        &mut spec,
        &code,
        "request_supplement",
        &[
            ("missing", "Đơn đề nghị cấp Giấy phép bán buôn rượu"),
            ("missing_other", "Sơ đồ kho hàng"),
            ("reason", "Đơn chưa ký, đóng dấu"),
        ],
    )
    .await;
    assert_eq!(status_of(&app, &code).await.0, "awaiting_supplement");
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("Tạm dừng — chờ bổ sung"));
    assert!(page
        .html
        .contains("Đơn đề nghị cấp Giấy phép bán buôn rượu; Sơ đồ kho hàng"));
    // The desk records the supplement brought to the counter; the clock runs again.
    act_ok(
        &mut desk,
        &code,
        "supplement",
        &[("note", "Đã nộp đơn có chữ ký")],
    )
    .await;
    assert_eq!(status_of(&app, &code).await.0, "processing");
}

async fn the_head_extends_once_and_the_domain_refuses_a_second_time(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Vạn Ninh").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut spec = signed_in(&app, "specialist").await;
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    assert!(!page.html.contains("value=\"extend\""), "only heads extend");
    let new_date = (Utc::now() + Duration::days(60))
        .format("%Y-%m-%d")
        .to_string();
    let mut head = signed_in(&app, "head").await;
    act_ok(
        &mut head,
        &code,
        "extend",
        &[
            ("reason", "Cần xác minh thực tế tại kho"),
            ("new_date", &new_date),
            ("new_time", "16:00"),
        ],
    )
    .await;
    let page = head.get(&format!("/work/dossiers/{code}")).await;
    assert!(
        page.html.contains("Xin lỗi và hẹn lại")
            && page.html.contains("Cần xác minh thực tế tại kho")
    );
    assert!(page.html.contains("Hẹn ban đầu"), "both appointments shown");
    let later = (Utc::now() + Duration::days(90))
        .format("%Y-%m-%d")
        .to_string();
    let (_, before) = status_of(&app, &code).await;
    let p = act(
        &mut head,
        &code,
        "extend",
        &[("reason", "Lần nữa"), ("new_date", &later)],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("chỉ được 1 lần gia hạn"), "{}", p.html);
    assert!(
        p.html.contains("Lần nữa</textarea>"),
        "what was typed is kept"
    );
    assert_eq!(status_of(&app, &code).await.1, before);
    // English speakers get the domain's English message.
    head.get(&format!("/work/dossiers/{code}?lang=en")).await;
    let p = act(
        &mut head,
        &code,
        "extend",
        &[("reason", "Again"), ("new_date", &later)],
    )
    .await;
    assert!(p.html.contains("only 1 extension(s) allowed"), "{}", p.html);
}

async fn a_stale_page_gets_the_conflict_message_and_changes_nothing(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Cam Lâm").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut a = signed_in(&app, "specialist").await;
    let mut b = signed_in(&app, "head").await;
    let stale = version_in(&b.get(&format!("/work/dossiers/{code}")).await.html);
    act_ok(&mut a, &code, "claim", &[]).await;
    let (status, version) = status_of(&app, &code).await;
    let p = b
        .post(
            &format!("/work/dossiers/{code}/actions"),
            &[("action", "reassign"), ("version", &stale), ("to", "")],
        )
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(
        p.html
            .contains("Người khác vừa cập nhật hồ sơ này trước bạn"),
        "{}",
        p.html
    );
    assert!(
        p.html.contains("Cán bộ specialist"),
        "the current state is shown"
    );
    assert_eq!(
        version_in(&p.html),
        version.to_string(),
        "the page now carries the current version"
    );
    assert_eq!(status_of(&app, &code).await, (status, version));
}

async fn other_agencies_roles_and_applicants_are_kept_out(db: Db, _: String) {
    let app = spawn_app(db).await;
    let hash = motcua_web::auth::hash_password("pw-city").expect("hash");
    create_user(
        &app.db,
        &NewUser {
            username: "city".into(),
            full_name: "Cán bộ thành phố".into(),
            email: None,
            password_hash: hash,
            agency_code: Some("000.00.11.H56".into()),
            unit_code: Some("MOTCUA".into()),
            roles: vec![Role::Desk],
        },
    )
    .await
    .expect("user");
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Ninh Hòa").await;
    let mut city = signed_in(&app, "city").await;
    assert_eq!(
        city.get(&format!("/work/dossiers/{code}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut reporter = signed_in(&app, "reporter").await;
    let page = reporter.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.html.contains("name=\"action\""), "no action forms");
    assert!(page.html.contains("Bạn không có thao tác nào"));
    assert_eq!(
        reporter.get("/work/desk").await.status,
        StatusCode::FORBIDDEN
    );
    // The specialist may not forward the desk's step: refused, nothing changes.
    let mut spec = signed_in(&app, "specialist").await;
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    assert!(!page.html.contains("value=\"forward\""));
    let before = status_of(&app, &code).await;
    let p = spec
        .post(
            &format!("/work/dossiers/{code}/actions"),
            &[
                ("action", "forward"),
                (
                    "version",
                    &version_in(&desk.get(&format!("/work/dossiers/{code}")).await.html),
                ),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains("Bạn không có quyền chuyển bước tiếp theo"));
    assert_eq!(status_of(&app, &code).await, before);
    let mut citizen = signed_in(&app, "citizen").await;
    let p = citizen.get("/work").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains("Bạn không có quyền xem trang này"));
    assert_eq!(
        citizen.get(&format!("/work/dossiers/{code}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut anon = Browser::new(&app);
    let p = anon.get("/work?tab=queue").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        p.location.as_deref(),
        Some("/sign-in?next=/work%3Ftab%3Dqueue")
    );
}

async fn counter_intake_keeps_what_was_typed_when_incomplete(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let search = desk
        .get("/work/desk/intake?q=giay+phep+ban+buon+ruou")
        .await;
    assert!(search
        .html
        .contains(&format!("/work/desk/intake?procedure={WHOLESALE}")));
    desk.get(&format!("/work/desk/intake?procedure={WHOLESALE}"))
        .await;
    let p = desk
        .post(
            "/work/desk/intake",
            &[
                ("procedure", WHOLESALE),
                ("name", "Công ty TNHH Rượu Khánh Sơn"),
                ("phone", "0912 345 678"),
                ("present_0", "1"),
                ("form_0", "original"),
                ("count_0", "1"),
                ("sets", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Thiếu thành phần bắt buộc"), "{}", p.html);
    assert!(
        p.html.contains("value=\"Công ty TNHH Rượu Khánh Sơn\"")
            && p.html.contains("value=\"0912 345 678\"")
    );
    assert!(
        p.html.contains("href=\"#components\""),
        "the summary links to the checklist"
    );
    let (total, _) = dossiers::list(
        &app.db,
        &dossiers::DossierFilter {
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .expect("list");
    assert_eq!(total, 0, "nothing received");
}

async fn tracking_book_lists_the_period_as_csv(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let a = intake(
        &mut desk,
        WHOLESALE,
        "Công ty TNHH Rượu Khánh Hòa, chi nhánh 2",
    )
    .await;
    let b = intake(&mut desk, AMENDMENT, "Hộ kinh doanh Bà Triệu").await;
    let online = submit_online(&app, "Chưa tiếp nhận").await;
    let page = desk.get("/work/desk/book").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(&a) && page.html.contains(&b) && !page.html.contains(&online));
    let res = desk
        .http
        .get(format!("{}/work/desk/book?format=csv", app.base))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("cd")
        .starts_with("attachment"));
    let csv = res.text().await.expect("text");
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].starts_with("STT,Mã hồ sơ,"));
    assert!(rows[1].starts_with(&format!(
        "1,{a},\"Công ty TNHH Rượu Khánh Hòa, chi nhánh 2\","
    )));
    assert!(rows[2].starts_with(&format!("2,{b},Hộ kinh doanh Bà Triệu,")));
    assert!(rows[2].ends_with(','), "signature column blank");
    let old = desk
        .http
        .get(format!(
            "{}/work/desk/book?from=2020-01-01&to=2020-01-31&format=csv",
            app.base
        ))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert_eq!(
        old.trim_start_matches('\u{feff}').lines().count(),
        1,
        "header only"
    );
    let mut spec = signed_in(&app, "specialist").await;
    assert_eq!(
        spec.get("/work/desk/book").await.status,
        StatusCode::FORBIDDEN
    );
}

/// A small well-formed PDF.
fn pdf() -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}
