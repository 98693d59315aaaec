//! The one-stop desk through pages alone, over real HTTP on both stores: the queue of online
//! submissions (receive, guide to supplement, refuse), counter intake with its checklist, and
//! the tracking book.

mod online_files;
mod pages_support;
mod work_support;

use motcua_store::{dossiers, Db};
use pages_support::spawn_app;
use reqwest::StatusCode;
use work_support::*;

motcua_store::on_both_stores!(
    online_submission_is_received_from_the_desk_queue,
    the_desk_guides_to_supplement_and_refuses_from_the_queue,
    counter_intake_keeps_what_was_typed_when_incomplete,
    tracking_book_lists_the_period_as_csv,
);

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
                ("confirm", "yes"),
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
