//! The officer workspace's other branches through pages alone, over real HTTP on both stores:
//! send back (with a reason), supplement requests pausing the clock, the head's one extension,
//! transfer to another agency, payment and withdrawal recorded by the desk.

mod online_files;
mod pages_support;
mod work_support;

use chrono::{Duration, Utc};
use motcua_domain::Role;
use motcua_store::users::{create_user, NewUser};
use motcua_store::Db;
use pages_support::{spawn_app, App};
use reqwest::StatusCode;
use work_support::*;

motcua_store::on_both_stores!(
    send_back_needs_a_reason,
    request_supplement_pauses_the_clock,
    the_head_extends_once_and_the_domain_refuses_a_second_time,
    transfer_to_another_agency_reaches_its_queue,
    payment_and_withdrawal_recorded_by_the_desk,
    the_timeline_names_an_applicant_without_an_account,
);

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
    // "Send back" offers the step just before this one first: one click never sends a
    // dossier to the counter.
    let page = head.get(&format!("/work/dossiers/{code}")).await;
    let select = &page.html[page.html.find("id=\"back-step\"").expect("send back")..];
    let select = &select[..select.find("</select>").expect("select end")];
    let options: Vec<&str> = select.split("<option").skip(1).collect();
    assert!(options.len() >= 2, "{select}");
    assert_eq!(select.matches(" selected").count(), 1, "{select}");
    assert!(
        options.last().is_some_and(|o| o.contains(" selected")),
        "{select}"
    );
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
            .contains("Không thể trả lại bước trước: Lý do không được để trống"),
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

async fn city_officer(app: &App, name: &str, role: Role, unit: &str) {
    let hash = motcua_app::auth::hash_password(&format!("pw-{name}")).expect("hash");
    create_user(
        &app.db,
        &NewUser {
            username: name.into(),
            full_name: format!("Cán bộ {name}"),
            email: None,
            password_hash: hash,
            agency_code: Some("000.00.11.H56".into()),
            unit_code: Some(unit.into()),
            roles: vec![role],
        },
    )
    .await
    .expect("user");
}

async fn transfer_to_another_agency_reaches_its_queue(db: Db, _: String) {
    let app = spawn_app(db).await;
    city_officer(&app, "cityspec", Role::Specialist, "PKT").await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Vĩnh Lương").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut spec = signed_in(&app, "specialist").await;
    act_ok(&mut spec, &code, "claim", &[]).await;
    // A step spec needs its hours: the message comes next to the form, the choice kept.
    let p = act(
        &mut spec,
        &code,
        "transfer",
        &[
            ("unit", "000.00.11.H56|PKT"),
            ("step_name", "Xác nhận địa điểm kinh doanh"),
            ("role", "specialist"),
            ("hours", ""),
        ],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("phải là số giờ làm việc"), "{}", p.html);
    assert!(p.html.contains("value=\"Xác nhận địa điểm kinh doanh\""));
    act_ok(
        &mut spec,
        &code,
        "transfer",
        &[
            ("unit", "000.00.11.H56|PKT"),
            ("step_name", "Xác nhận địa điểm kinh doanh"),
            ("role", "specialist"),
            ("hours", "8"),
            ("note", "Đề nghị UBND thành phố xác nhận"),
        ],
    )
    .await;
    let mut city = signed_in(&app, "cityspec").await;
    let queue = city.get("/work?tab=queue").await;
    assert!(queue.html.contains(&code), "in the other agency's queue");
    act_ok(&mut city, &code, "claim", &[]).await;
    let page = city.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("Xác nhận địa điểm kinh doanh"));
    assert!(
        page.html.contains("Ủy ban nhân dân thành phố Nha Trang"),
        "the step's agency is named"
    );
    assert!(
        page.html.contains("Chuyển liên thông"),
        "the hand-over is on the slip"
    );
}

async fn payment_and_withdrawal_recorded_by_the_desk(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Ba Ngòi").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut spec = signed_in(&app, "specialist").await;
    act_ok(&mut spec, &code, "claim", &[]).await;
    // The form starts from the procedure's fee (name and amount filled in).
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    assert!(page
        .html
        .contains("value=\"Phí thẩm định cấp Giấy phép bán buôn rượu\""));
    assert!(page.html.contains("value=\"1.200.000\""));
    let p = act(
        &mut spec,
        &code,
        "request_payment",
        &[("line_name", "Phí thẩm định"), ("line_amount", "sáu trăm")],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("số tiền là số nguyên dương"), "{}", p.html);
    act_ok(
        &mut spec,
        &code,
        "request_payment",
        &[
            ("line_name", "Phí thẩm định (khu vực khác)"),
            ("line_amount", "600.000"),
            ("line_name", ""),
            ("line_amount", ""),
        ],
    )
    .await;
    assert_eq!(status_of(&app, &code).await.0, "awaiting_payment");
    let page = desk.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("600.000 đồng"));
    assert!(page.html.contains("Phí thẩm định (khu vực khác)"));
    // The desk's list of dossiers awaiting payment has it, with what is owed.
    let list = desk.get("/work/desk").await;
    assert!(list.html.contains("Chờ thanh toán"), "{}", list.html);
    assert!(list.html.contains(&code) && list.html.contains("600.000 đồng"));
    // A receipt needs its number.
    let p = act(
        &mut desk,
        &code,
        "record_payment",
        &[
            ("method", "cash"),
            ("amount", "600.000"),
            ("receipt_number", ""),
        ],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Nhập số biên lai"), "{}", p.html);
    act_ok(
        &mut desk,
        &code,
        "record_payment",
        &[
            ("method", "transfer"),
            ("amount", "600.000"),
            ("receipt_number", "0004567"),
            ("reference", "FT2601"),
        ],
    )
    .await;
    let page = desk.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("0004567"));
    let printed = desk.get(&format!("/work/dossiers/{code}/receipts/1")).await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(printed.html.contains("Biên lai thu phí, lệ phí") && printed.html.contains("0004567"));
    assert!(
        printed.html.contains("600.000 đồng") && printed.html.contains("Công ty TNHH Rượu Ba Ngòi")
    );
    assert_eq!(
        desk.get(&format!("/work/dossiers/{code}/receipts/2"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(status_of(&app, &code).await.0, "processing");
    let p = act(&mut desk, &code, "withdraw", &[("reason", "")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Irreversible: the first press asks, with the reason shown and a way back; nothing
    // happens until the person confirms.
    let reason = "Doanh nghiệp đề nghị rút để bổ sung hồ sơ kho";
    let ask = act(&mut desk, &code, "withdraw", &[("reason", reason)]).await;
    assert_eq!(ask.status, StatusCode::OK, "{}", ask.html);
    assert!(ask.html.contains("Xác nhận: Rút hồ sơ"), "{}", ask.html);
    assert!(ask.html.contains("name=\"confirm\" value=\"yes\""));
    assert!(ask.html.contains(reason));
    assert!(ask
        .html
        .contains(&format!("href=\"/work/dossiers/{code}\"")));
    assert_eq!(status_of(&app, &code).await.0, "processing");
    act_ok(
        &mut desk,
        &code,
        "withdraw",
        &[("reason", reason), ("confirm", "yes")],
    )
    .await;
    assert_eq!(status_of(&app, &code).await.0, "withdrawn");
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("Đã rút hồ sơ") && page.html.contains("Bạn không có thao tác nào"));
}

async fn the_timeline_names_an_applicant_without_an_account(db: Db, _: String) {
    let app = spawn_app(db).await;
    let code = submit_online(&app, "Công ty TNHH Rượu Cam Ranh").await;
    let mut desk = signed_in(&app, "desk").await;
    let page = desk.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html
            .contains("Công ty TNHH Rượu Cam Ranh (người nộp hồ sơ)"),
        "{}",
        page.html
    );
    assert!(!page.html.contains("guest:"), "{}", page.html);
}
