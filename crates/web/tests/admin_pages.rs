//! The administration pages over real HTTP on both stores: who may enter, agencies and units,
//! accounts (create, sign in, deactivate, unlock), procedure versions and their rules. The
//! working calendar and office hours are in `admin_calendar_pages.rs`.

mod online_files;
mod pages_support;

use motcua_store::{catalog, Db};
use pages_support::{spawn_app, App, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    only_administrators_enter,
    agencies_and_units_with_codes_checked,
    accounts_created_deactivated_and_unlocked,
    procedure_edit_makes_a_version_and_checks_the_steps,
);

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

    let mut b = Browser::signed_in(&app, "admin").await;
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
    let mut b = Browser::signed_in(&app, "admin").await;
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
    assert!(p.html.contains("cấp trên “H56” không hợp lệ"), "{}", p.html);
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
    let mut b = Browser::signed_in(&app, "admin").await;
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
    let mut b = Browser::signed_in(&app, "admin").await;
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
