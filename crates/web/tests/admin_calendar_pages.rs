//! The administration pages that change what working time is, over real HTTP on both stores:
//! the working calendar shown in words, a day off that moves the next appointment, office
//! hours changed without a restart.

mod online_files;
mod pages_support;

use chrono::{DateTime, FixedOffset, NaiveDate};
use motcua_store::Db;
use pages_support::{spawn_app, App, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    calendar_shows_the_year_in_words,
    a_day_off_moves_a_new_appointment,
    settings_change_without_restart,
);

const WINE: &str = "2.000633";

async fn calendar_shows_the_year_in_words(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::signed_in(&app, "admin").await;
    let p = b.get("/admin/calendar?year=2026").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Lịch làm việc năm 2026"));
    assert!(
        p.html
            .contains("17/02 — Nghỉ lễ, Tết: Tết Nguyên đán (mùng 1)"),
        "{}",
        p.html
    );
    assert!(p.html.contains("22/08 — Làm bù: Làm bù cho thứ Hai 31/08"));
    assert!(p.html.contains("Chú giải"), "a legend");
    let p = b.get("/admin/calendar?year=2026&lang=en").await;
    assert!(p.html.contains("Make-up working day"));
}

/// Submits the wine licence online and has the desk receive it: the appointment.
async fn received_appointment(app: &App, desk_token: &str) -> DateTime<FixedOffset> {
    let http = reqwest::Client::new();
    let v: Value = http
        .post(format!("{}/api/v1/dossiers", app.base))
        .json(&json!({
            "procedure_code": WINE,
            "applicant": {"name": "Công ty TNHH Rượu Khánh Hòa", "id_number": "4201234567", "phone": "0258 3 822 111", "kind": "business"},
            "summary": "Đề nghị cấp Giấy phép bán buôn rượu",
            "files": pages_support::complete_files(WINE)
        }))
        .send()
        .await
        .expect("submit")
        .json()
        .await
        .expect("json");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let res = http
        .post(format!("{}/api/v1/dossiers/{code}/actions", app.base))
        .bearer_auth(desk_token)
        .json(&json!({"command": {"type": "receive"}}))
        .send()
        .await
        .expect("receive");
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.expect("json");
    DateTime::parse_from_rfc3339(v["dossier"]["due_at"].as_str().expect("due_at")).expect("instant")
}

async fn desk_token(app: &App) -> String {
    let v: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&json!({"username": "desk", "password": "pw-desk"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    v["token"].as_str().expect("token").to_owned()
}

async fn a_day_off_moves_a_new_appointment(db: Db, _: String) {
    let app = spawn_app(db).await;
    let token = desk_token(&app).await;
    let before = received_appointment(&app, &token).await;
    let cal = motcua_app::calendar::build(&app.db)
        .await
        .expect("calendar");
    let today = chrono::Utc::now()
        .with_timezone(&motcua_calendar::vn_offset())
        .date_naive();
    // A working day after today and before the appointment.
    let day_off = today
        .succ_opt()
        .expect("tomorrow")
        .iter_days()
        .find(|d| cal.is_working_day(*d).expect("in range"))
        .expect("a working day");
    assert!(day_off < before.date_naive());

    let mut b = Browser::signed_in(&app, "admin").await;
    b.get("/admin/calendar").await;
    let next_working: NaiveDate = before
        .date_naive()
        .succ_opt()
        .expect("next")
        .iter_days()
        .find(|d| cal.is_working_day(*d).expect("in range"))
        .expect("next working day");
    // The appointment's own day made a holiday: the preview says the appointment falls on a
    // day off and offers the same hour on the next working day; nothing is saved yet.
    let p = b
        .post(
            "/admin/calendar",
            &[
                ("date", &before.date_naive().to_string()),
                ("kind", "holiday"),
                ("name", "Nghỉ lễ thử"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    assert!(p.html.contains("Kiểm tra trước khi đổi lịch"), "{}", p.html);
    assert!(p.html.contains("Rơi vào ngày nghỉ"), "{}", p.html);
    let moved = format!(
        "hẹn lại: {} {}",
        before
            .with_timezone(&motcua_calendar::vn_offset())
            .format("%H:%M"),
        next_working.format("%d/%m/%Y")
    );
    assert!(p.html.contains(&moved), "{moved}: {}", p.html);
    assert!(p.html.contains("name=\"confirm\" value=\"yes\""));
    let unchanged = received_appointment(&app, &token).await;
    assert_eq!(unchanged.date_naive(), before.date_naive(), "not saved yet");

    // A working day before the appointment made a day off: every open dossier loses that
    // day of working time; shown, then applied on confirmation.
    let preview = b
        .post(
            "/admin/calendar",
            &[
                ("date", &day_off.to_string()),
                ("kind", "day_off"),
                ("name", "Nghỉ do bão"),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.html);
    assert!(preview
        .html
        .contains("hồ sơ đang giải quyết có ngày hẹn trả"));
    assert!(!preview.html.contains("Rơi vào ngày nghỉ"));
    assert!(preview.html.contains(" → "), "time left before and after");
    let p = b
        .post(
            "/admin/calendar",
            &[
                ("date", &day_off.to_string()),
                ("kind", "day_off"),
                ("name", "Nghỉ do bão"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let after = received_appointment(&app, &token).await;
    let _: NaiveDate = before
        .date_naive()
        .succ_opt()
        .expect("next")
        .iter_days()
        .find(|d| cal.is_working_day(*d).expect("in range"))
        .expect("next working day");
    assert_eq!(
        after.date_naive(),
        next_working,
        "one working day later: {before} → {after}"
    );
    let p = b
        .get(&format!("/admin/calendar?year={}", day_off.format("%Y")))
        .await;
    assert!(
        p.html.contains("Nghỉ do bão (Do quản trị điều chỉnh)"),
        "shown as an override"
    );

    // Removing it brings the appointments back.
    b.post("/admin/calendar/remove", &[("date", &day_off.to_string())])
        .await;
    let again = received_appointment(&app, &token).await;
    assert_eq!(again.date_naive(), before.date_naive());

    // A bad date is refused next to its field.
    b.get("/admin/calendar").await;
    let p = b
        .post(
            "/admin/calendar",
            &[("date", "31/02/2026"), ("kind", "day_off"), ("name", "x")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Hãy chọn một ngày hợp lệ."));
}

async fn settings_change_without_restart(db: Db, _: String) {
    let app = spawn_app(db).await;
    let token = desk_token(&app).await;
    let before = received_appointment(&app, &token).await;
    let mut b = Browser::signed_in(&app, "admin").await;
    let p = b.get("/admin/settings").await;
    assert!(p.html.contains("Đang dùng giờ làm việc mặc định"));
    // Shorter days: 10 working days of 8 hours take more days.
    let p = b
        .post(
            "/admin/settings/office-hours",
            &[
                ("morning_start", "08:00"),
                ("morning_end", "11:00"),
                ("afternoon_start", "14:00"),
                ("afternoon_end", "16:00"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let after = received_appointment(&app, &token).await;
    assert!(
        after.date_naive() > before.date_naive(),
        "{before} → {after}"
    );
    let p = b
        .post(
            "/admin/settings/office-hours",
            &[
                ("morning_start", "11:00"),
                ("morning_end", "08:00"),
                ("afternoon_start", "14:00"),
                ("afternoon_end", "16:00"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.html.contains("value=\"11:00\""),
        "the typed hours are kept"
    );

    // Portal and SMTP: stored, secrets never shown back.
    b.get("/admin/settings").await;
    let p = b
        .post(
            "/admin/settings/portal",
            &[
                ("portal_url", "https://dvc.example.gov.vn/sync"),
                ("portal_enabled", "1"),
                ("portal_token", "bi-mat-123"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    b.get("/admin/settings").await;
    b.post(
        "/admin/settings/smtp",
        &[
            ("smtp_host", "mail.example.gov.vn"),
            ("smtp_port", "465"),
            ("smtp_tls", "tls"),
            ("smtp_user", "motcua"),
            ("smtp_password", "mat-khau-smtp"),
            ("smtp_from", "Một cửa <no-reply@example.gov.vn>"),
        ],
    )
    .await;
    let p = b.get("/admin/settings").await;
    assert!(!p.html.contains("bi-mat-123") && !p.html.contains("mat-khau-smtp"));
    assert!(p.html.contains("Đã đặt."));
    assert!(p.html.contains("https://dvc.example.gov.vn/sync"));
    // Saving again with the secret fields empty keeps the secrets.
    b.post(
        "/admin/settings/portal",
        &[
            ("portal_url", "https://dvc.example.gov.vn/sync2"),
            ("portal_enabled", "1"),
        ],
    )
    .await;
    let stored: motcua_store::settings::Stored<motcua_store::settings::PortalSetting> =
        motcua_store::settings::get(&app.db, motcua_store::settings::PORTAL)
            .await
            .expect("get")
            .expect("set");
    assert_eq!(stored.value.token.as_deref(), Some("bi-mat-123"));
    assert_eq!(stored.value.url, "https://dvc.example.gov.vn/sync2");
    assert_eq!(stored.updated_by, "admin");
}
