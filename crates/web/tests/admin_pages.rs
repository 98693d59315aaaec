//! The administration pages over real HTTP on both stores: who may enter, agencies and units,
//! accounts (create, sign in, deactivate, unlock), procedure versions and their rules, the
//! working calendar (and that a day off moves the next appointment), settings without restart.

mod pages_support;

use chrono::{DateTime, FixedOffset, NaiveDate};
use motcua_store::{catalog, Db};
use pages_support::{spawn_app, App, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    only_administrators_enter,
    agencies_and_units_with_codes_checked,
    accounts_created_deactivated_and_unlocked,
    procedure_edit_makes_a_version_and_checks_the_steps,
    calendar_shows_the_year_in_words,
    a_day_off_moves_a_new_appointment,
    settings_change_without_restart,
);

async fn admin(app: &App) -> Browser {
    let mut b = Browser::new(app);
    b.sign_in("admin").await;
    b
}

async fn only_administrators_enter(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut anon = Browser::new(&app);
    for path in [
        "/admin/agencies",
        "/admin/users",
        "/admin/procedures",
        "/admin/calendar",
        "/admin/settings",
    ] {
        let p = anon.get(path).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{path}");
        let to = p.location.expect("redirect");
        assert!(to.starts_with("/sign-in?next=/admin/"), "{to}");
    }
    let mut spec = Browser::new(&app);
    spec.sign_in("specialist").await;
    let p = spec.get("/admin/users").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains("Không có quyền truy cập"), "{}", p.html);
    assert!(
        !p.html.contains("href=\"/admin\""),
        "no admin link for others"
    );
    let p = spec
        .post(
            "/admin/calendar",
            &[("date", "2026-06-01"), ("kind", "day_off"), ("name", "x")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "forms are refused too");

    let mut b = admin(&app).await;
    let p = b.get("/").await;
    assert!(
        p.html.contains("href=\"/admin\">Quản trị</a>"),
        "header link"
    );
    let p = b.get("/admin/users?lang=en").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("<h1>Users</h1>"), "{}", p.html);
}

async fn agencies_and_units_with_codes_checked(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = admin(&app).await;
    b.get("/admin/agencies").await;
    let p = b
        .post(
            "/admin/agencies",
            &[
                ("code", "17.22.H56"),
                ("name", "Sở Tư pháp"),
                ("parent_code", ""),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.html.contains("không đúng dạng QCVN 102"),
        "the code's problem is named: {}",
        p.html
    );
    assert!(p.html.contains("value=\"Sở Tư pháp\""), "the name is kept");
    assert!(
        p.html.contains("href=\"#code\""),
        "the summary links to the field"
    );
    let p = b
        .post(
            "/admin/agencies",
            &[
                ("code", "000.17.22.H56"),
                ("name", "Trùng"),
                ("parent_code", ""),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "existing code");

    let p = b
        .post(
            "/admin/agencies",
            &[
                ("code", "000.18.22.H56"),
                ("name", "Sở Tư pháp"),
                ("parent_code", "000.00.00.H56"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(
        p.location.as_deref(),
        Some("/admin/agencies/000.18.22.H56?done=saved")
    );
    b.get("/admin/agencies/000.18.22.H56").await;
    let p = b
        .post(
            "/admin/agencies/000.18.22.H56/units",
            &[
                ("unit_code", "HCTP"),
                ("unit_name", "Phòng Hành chính tư pháp"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let p = b
        .post(
            "/admin/agencies/000.18.22.H56",
            &[
                ("name", "Sở Tư pháp tỉnh Khánh Hòa"),
                ("parent_code", "H56"),
            ],
        )
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad parent code"
    );
    assert!(p.html.contains("cấp trên «H56» không hợp lệ"), "{}", p.html);
    let agencies = catalog::list_agencies(&app.db).await.expect("agencies");
    let a = agencies
        .iter()
        .find(|a| a.code == "000.18.22.H56")
        .expect("added");
    assert_eq!(a.name, "Sở Tư pháp");
    assert_eq!(a.units.len(), 1);
    let p = b.get("/admin/agencies").await;
    assert!(p.html.contains("000.18.22.H56") && p.html.contains("HCTP"));
}

async fn try_sign_in(app: &App, name: &str, password: &str) -> StatusCode {
    let mut b = Browser::new(app);
    b.get("/sign-in").await;
    b.post("/sign-in", &[("username", name), ("password", password)])
        .await
        .status
}

async fn accounts_created_deactivated_and_unlocked(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = admin(&app).await;
    b.get("/admin/users/new").await;
    let form = |pw2: &'static str| {
        vec![
            ("username", "nguyenvana"),
            ("full_name", "Nguyễn Văn A"),
            ("email", "a@sct.example.gov.vn"),
            ("agency_code", pages_support::SCT),
            ("unit_code", "QLTM"),
            ("roles", "specialist"),
            ("roles", "head"),
            ("password_mode", "typed"),
            ("password", "mat-khau-dai-1"),
            ("password2", pw2),
        ]
    };
    let p = b.post("/admin/users/new", &form("khac-nhau")).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Hai lần nhập mật khẩu không giống nhau"));
    assert!(p.html.contains("value=\"Nguyễn Văn A\""), "values kept");
    assert!(p.html.contains("value=\"head\" checked"), "roles kept");
    let p = b.post("/admin/users/new", &form("mat-khau-dai-1")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let user_page = p
        .location
        .expect("to the user")
        .replace("?done=created", "");
    assert_eq!(
        try_sign_in(&app, "nguyenvana", "mat-khau-dai-1").await,
        StatusCode::SEE_OTHER,
        "the new account signs in"
    );
    let u = motcua_store::users::find_user(&app.db, "nguyenvana")
        .await
        .expect("find")
        .expect("exists");
    assert_eq!(
        u.roles,
        vec![motcua_domain::Role::Specialist, motcua_domain::Role::Head]
    );

    // Generated password: shown once, and it works.
    b.get("/admin/users/new").await;
    let p = b
        .post(
            "/admin/users/new",
            &[
                ("username", "tranthib"),
                ("full_name", "Trần Thị B"),
                ("agency_code", pages_support::SCT),
                ("unit_code", "MOTCUA"),
                ("roles", "desk"),
                ("password_mode", "generate"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    let marker = "class=\"once-password\"><code>";
    let at = p.html.find(marker).expect("shown") + marker.len();
    let generated = p.html[at..at + 14].to_owned();
    assert_eq!(
        try_sign_in(&app, "tranthib", &generated).await,
        StatusCode::SEE_OTHER
    );

    // Deactivated: cannot sign in, and an open session ends.
    let mut a_session = Browser::new(&app);
    a_session.get("/sign-in").await;
    a_session
        .post(
            "/sign-in",
            &[("username", "nguyenvana"), ("password", "mat-khau-dai-1")],
        )
        .await;
    b.get(&user_page).await;
    let p = b
        .post(&format!("{user_page}/active"), &[("active", "0")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        try_sign_in(&app, "nguyenvana", "mat-khau-dai-1").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let p = a_session.get("/").await;
    assert!(!p.html.contains("Nguyễn Văn A"), "the session ended");
    let p = b.get(&user_page).await;
    assert!(p.html.contains("Đã khóa"), "status in words");
    b.post(&format!("{user_page}/active"), &[("active", "1")])
        .await;
    assert_eq!(
        try_sign_in(&app, "nguyenvana", "mat-khau-dai-1").await,
        StatusCode::SEE_OTHER
    );

    // Locked by failed sign-ins, then unlocked by the administrator.
    for _ in 0..5 {
        try_sign_in(&app, "nguyenvana", "sai").await;
    }
    assert_eq!(
        try_sign_in(&app, "nguyenvana", "mat-khau-dai-1").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "locked"
    );
    let p = b.get(&user_page).await;
    assert!(
        p.html.contains("Tạm khóa do nhập sai mật khẩu đến"),
        "{}",
        p.html
    );
    let p = b.post(&format!("{user_page}/unlock"), &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        try_sign_in(&app, "nguyenvana", "mat-khau-dai-1").await,
        StatusCode::SEE_OTHER,
        "unlocked"
    );

    // An administrator cannot take away their own role.
    let me = motcua_store::users::find_user(&app.db, "admin")
        .await
        .expect("find")
        .expect("admin");
    b.get(&format!("/admin/users/{}", me.id)).await;
    let p = b
        .post(
            &format!("/admin/users/{}", me.id),
            &[
                ("full_name", "Quản trị"),
                ("agency_code", pages_support::SCT),
                ("roles", "desk"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The edit form of `code` as stored, with `change` applied to the fields.
async fn procedure_form(app: &App, code: &str) -> Vec<(String, String)> {
    let p = catalog::get_procedure(&app.db, code)
        .await
        .expect("get")
        .expect("exists")
        .procedure;
    let text = |v: Value| v.as_str().unwrap_or_default().to_owned();
    let mut f = vec![
        ("name".to_owned(), p.name.clone()),
        ("statutory_unit".into(), text(json!(p.statutory_time.unit))),
        ("statutory_days".into(), p.statutory_time.days.to_string()),
        ("committed_unit".into(), text(json!(p.committed_time.unit))),
        ("committed_days".into(), p.committed_time.days.to_string()),
        ("fee_timing".into(), text(json!(p.fee_timing))),
        ("online_level".into(), text(json!(p.online_level))),
        ("status".into(), text(json!(p.status))),
    ];
    if p.on_the_spot {
        f.push(("on_the_spot".into(), "1".into()));
    }
    for fee in &p.fees {
        f.push(("fee_name".into(), fee.name.clone()));
        f.push((
            "fee_amount".into(),
            fee.amount_vnd.map(|a| a.to_string()).unwrap_or_default(),
        ));
    }
    for s in &p.steps {
        f.push((
            "step_agency".into(),
            s.agency_code.clone().unwrap_or_default(),
        ));
        f.push(("step_name".into(), s.name.clone()));
        f.push(("step_role".into(), s.role.as_str().into()));
        f.push(("step_unit".into(), s.unit_code.clone()));
        f.push(("step_hours".into(), s.hours.to_string()));
    }
    f
}

fn set(f: &mut [(String, String)], name: &str, value: &str) {
    if let Some(x) = f.iter_mut().find(|(k, _)| k == name) {
        x.1 = value.to_owned();
    }
}

async fn post_owned(b: &mut Browser, path: &str, f: &[(String, String)]) -> pages_support::Page {
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post(path, &fields).await
}

const WINE: &str = "2.000633";

async fn procedure_edit_makes_a_version_and_checks_the_steps(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = admin(&app).await;
    let before = catalog::get_procedure(&app.db, WINE)
        .await
        .expect("get")
        .expect("exists");
    let path = format!("/admin/procedures/{WINE}");
    let p = b.get(&path).await;
    assert_eq!(p.status, StatusCode::OK);
    // 10 committed against 15 statutory working days.
    assert!(
        p.html.contains("Cắt giảm 33,3% so với quy định"),
        "{}",
        p.html
    );

    // Committed 12 days: the steps (80 h) no longer add up; refused, values kept.
    let mut f = procedure_form(&app, WINE).await;
    set(&mut f, "committed_days", "12");
    f.push(("op".into(), "save".into()));
    let p = post_owned(&mut b, &path, &f).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.html
            .contains("Tổng thời gian các bước (80 giờ) khác thời hạn cam kết (96 giờ)"),
        "{}",
        p.html
    );
    assert!(p.html.contains("value=\"12\""), "the typed value is kept");
    assert_eq!(
        catalog::get_procedure(&app.db, WINE)
            .await
            .expect("get")
            .expect("exists")
            .version,
        before.version,
        "nothing saved"
    );

    // The live check (htmx) warns when the committed time is not below the statutory one.
    let mut f = procedure_form(&app, WINE).await;
    set(&mut f, "committed_days", "15");
    let p = post_owned(&mut b, &format!("{path}/check"), &f).await;
    assert!(
        p.html.contains("Cảnh báo:") && p.html.contains("cắt giảm 0%"),
        "{}",
        p.html
    );
    assert!(
        p.html.contains("khác thời hạn cam kết"),
        "and the steps do not add up"
    );

    // Moving a step re-shows the form, nothing saved.
    let f = procedure_form(&app, WINE).await;
    let mut moved = f.clone();
    moved.push(("op".into(), "down:0".into()));
    let p = post_owned(&mut b, &path, &moved).await;
    assert_eq!(p.status, StatusCode::OK);
    let first = before.procedure.steps[0].name.clone();
    let second = before.procedure.steps[1].name.clone();
    let at = |n: &str| p.html.find(&format!("value=\"{n}\"")).expect("step shown");
    assert!(at(&second) < at(&first), "the first step moved down");

    // A real change: a new version, the old one kept for the dossiers that pinned it.
    let mut f = procedure_form(&app, WINE).await;
    set(
        &mut f,
        "name",
        "Cấp Giấy phép bán buôn sản phẩm rượu (sửa đổi)",
    );
    f.push(("op".into(), "save".into()));
    let p = post_owned(&mut b, &path, &f).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let after = catalog::get_procedure(&app.db, WINE)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.created_by.as_deref(), Some("admin"));
    assert_eq!(
        after.procedure.name,
        "Cấp Giấy phép bán buôn sản phẩm rượu (sửa đổi)"
    );
    let old = catalog::get_procedure_by_id(&app.db, before.id)
        .await
        .expect("get")
        .expect("kept");
    assert_eq!(old.procedure, before.procedure);
    let p = b.get(&format!("{path}?done=saved")).await;
    assert!(p.html.contains(&format!(
        "phiên bản {} là phiên bản hiện hành",
        after.version
    )));
}

async fn calendar_shows_the_year_in_words(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = admin(&app).await;
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
            "summary": "Đề nghị cấp Giấy phép bán buôn rượu"
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
    let cal = motcua_web::workflow::calendar_with_overrides(&app.db)
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

    let mut b = admin(&app).await;
    b.get("/admin/calendar").await;
    let p = b
        .post(
            "/admin/calendar",
            &[
                ("date", &day_off.to_string()),
                ("kind", "day_off"),
                ("name", "Nghỉ do bão"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let after = received_appointment(&app, &token).await;
    let next_working: NaiveDate = before
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
    let mut b = admin(&app).await;
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
