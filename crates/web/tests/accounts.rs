//! Sessions and accounts over real HTTP on both stores (issue 18, build 5): sessions listed
//! and ended by their owner and by an administrator, at both doors; idle timeouts; the
//! breached-password list; TOTP enrolment and the two-step sign-in at the page and the API,
//! wrong codes locking like wrong passwords; administrators led to enrol; the audit log.

mod online_files;
mod pages_support;

use chrono::{Duration, Utc};
use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    sessions_are_listed_and_ended_by_their_owner,
    an_idle_session_ends,
    an_administrator_sees_and_ends_anyones_sessions_and_it_is_audited,
    totp_enrolment_then_two_step_sign_in_at_the_page,
    the_api_asks_for_the_code_and_wrong_codes_lock,
    an_administrator_without_a_second_factor_must_enrol_first,
    breached_passwords_are_refused_at_both_doors,
    admin_changes_are_audited_with_before_and_after,
);

async fn api(
    app: &pages_support::App,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut r = reqwest::Client::new().request(method, format!("{}{path}", app.base));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let res = r.send().await.expect("request");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn api_token(app: &pages_support::App, user: &str) -> String {
    let (s, v) = api(
        app,
        reqwest::Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"username": user, "password": format!("pw-{user}")})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["token"].as_str().expect("token").to_owned()
}

/// The TOTP secret shown on the enrolment page.
fn secret_in(html: &str) -> String {
    let at = html.find("id=\"totp-secret\">").expect("secret shown") + "id=\"totp-secret\">".len();
    html[at..at + html[at..].find('<').expect("end")].replace(' ', "")
}

async fn sessions_are_listed_and_ended_by_their_owner(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut phone = Browser::signed_in(&app, "head").await;
    let mut desk = Browser::signed_in(&app, "head").await;
    let token = api_token(&app, "head").await;
    let page = desk.get("/account/sessions").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Phiên đăng nhập"));
    assert!(page.html.contains("Thiết bị này"), "{}", page.html);
    assert!(page.html.contains("127.0.0.1"), "the address is shown");
    // The API lists the same three, the token's own marked current.
    let (s, list) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/sessions",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let list = list.as_array().expect("list").clone();
    assert_eq!(list.len(), 3, "{list:?}");
    assert_eq!(list.iter().filter(|l| l["current"] == true).count(), 1);
    assert!(list
        .iter()
        .any(|l| l["kind"] == "api" && l["current"] == true));
    // Ending one browser session from the other: the phone is signed out.
    let other = list
        .iter()
        .find(|l| l["kind"] == "page")
        .and_then(|l| l["id"].as_str())
        .expect("a page session")
        .to_owned();
    let (s, _) = api(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/sessions/{other}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let a = phone.get("/work").await.status;
    let b = desk.get("/work").await.status;
    assert!(
        (a == StatusCode::SEE_OTHER) != (b == StatusCode::SEE_OTHER),
        "exactly one browser is signed out: {a} {b}"
    );
    // Someone else's session id is not found, whoever asks.
    let spec = api_token(&app, "specialist").await;
    let (_, mine) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/sessions",
        Some(&spec),
        None,
    )
    .await;
    let spec_id = mine[0]["id"].as_str().expect("id").to_owned();
    let (s, _) = api(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/sessions/{spec_id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // "Sign out every other device" at the page keeps only this browser.
    let still = if b == StatusCode::SEE_OTHER {
        &mut phone
    } else {
        &mut desk
    };
    still.get("/account/sessions").await;
    let p = still.post("/account/sessions/revoke-others", &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let (s, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/sessions",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "the API token was another device"
    );
    let page = still.get("/account/sessions").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.html.matches("<tr>").count(),
        2,
        "header and this session"
    );
    let (s, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/sessions",
        Some(&spec),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "other people keep theirs");
}

async fn an_idle_session_ends(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let token = api_token(&app, "head").await;
    let (s, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/sessions",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // As if the last request was 25 hours ago (the API idles out after 24).
    let hash = motcua_app::auth::token_hash(&token);
    motcua_store::sessions::touch(&db, &hash, Utc::now() - Duration::hours(25))
        .await
        .expect("age");
    let (s, v) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/sessions",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    // A browser idles out after 60 minutes.
    let mut b = Browser::signed_in(&app, "specialist").await;
    assert_eq!(b.get("/work").await.status, StatusCode::OK);
    let cookie_token = {
        let p = b.get("/account/sessions").await;
        assert_eq!(p.status, StatusCode::OK);
        let (_, list) = api(
            &app,
            reqwest::Method::GET,
            "/api/v1/sessions",
            Some(&api_token(&app, "specialist").await),
            None,
        )
        .await;
        list.as_array()
            .expect("list")
            .iter()
            .find(|l| l["kind"] == "page")
            .and_then(|l| l["id"].as_str())
            .expect("page session")
            .to_owned()
    };
    motcua_store::sessions::touch(&db, &cookie_token, Utc::now() - Duration::minutes(61))
        .await
        .expect("age");
    let p = b.get("/work").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "sent to sign in again");
}

async fn an_administrator_sees_and_ends_anyones_sessions_and_it_is_audited(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let head = motcua_store::users::find_user(&db, "head")
        .await
        .expect("find")
        .expect("head");
    let mut h = Browser::signed_in(&app, "head").await;
    let mut a = Browser::signed_in(&app, "admin").await;
    let page = a.get(&format!("/admin/users/{}/sessions", head.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let at = page.html.find("/sessions/").expect("a revoke form") + "/sessions/".len();
    let id = page.html[at..at + 64].to_owned();
    let p = a
        .post(
            &format!("/admin/users/{}/sessions/{id}/revoke", head.id),
            &[],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        h.get("/work").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
    // The API door, with an administrator's token (second factor given).
    let spec_token = api_token(&app, "specialist").await;
    let spec = motcua_store::users::find_user(&db, "specialist")
        .await
        .expect("find")
        .expect("u");
    let (s, v) = api(
        &app,
        reqwest::Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"username": "admin", "password": "pw-admin", "totp": pages_support::admin_code()})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let admin = v["token"].as_str().expect("token").to_owned();
    let path = format!("/api/v1/admin/users/{}/sessions", spec.id);
    let (s, list) = api(&app, reqwest::Method::GET, &path, Some(&admin), None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let sid = list[0]["id"].as_str().expect("id").to_owned();
    let (s, _) = api(&app, reqwest::Method::GET, &path, Some(&spec_token), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "officers see only their own");
    let (s, _) = api(
        &app,
        reqwest::Method::DELETE,
        &format!("{path}/{sid}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/sessions",
        Some(&spec_token),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let log = motcua_store::audit::search(
        &db,
        &motcua_store::audit::AuditFilter {
            action: Some("session".into()),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .expect("audit");
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log
        .iter()
        .all(|e| e.actor == "admin" && e.action == "session.revoke"));
    assert!(log[0]
        .before
        .as_deref()
        .is_some_and(|b| b.contains("\"kind\":\"api\"")));
}

async fn totp_enrolment_then_two_step_sign_in_at_the_page(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::signed_in(&app, "head").await;
    let page = b.get("/account/totp").await;
    assert!(page.html.contains("action=\"/account/totp/start\""));
    assert_eq!(
        b.post("/account/totp/start", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let page = b.get("/account/totp").await;
    assert!(page.html.contains("<svg"), "a QR code");
    let secret = secret_in(&page.html);
    let now = Utc::now();
    let wrong = b.post("/account/totp/confirm", &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = motcua_app::totp::code_at(&secret, now).expect("code");
    let done = b.post("/account/totp/confirm", &[("code", &code)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.html);
    assert!(done.html.contains("Mã khôi phục"));
    let recovery: Vec<String> = done
        .html
        .split("<li><code>")
        .skip(1)
        .map(|s| s[..s.find('<').expect("end")].to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    // Signing in now takes two steps.
    let mut fresh = Browser::new(&app);
    fresh.get("/sign-in").await;
    let p = fresh
        .post(
            "/sign-in",
            &[
                ("username", "head"),
                ("password", "pw-head"),
                ("next", "/work"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("action=\"/sign-in/code\""));
    assert_eq!(
        fresh.get("/work").await.status,
        StatusCode::SEE_OTHER,
        "not signed in yet"
    );
    fresh.get("/sign-in").await;
    fresh
        .post(
            "/sign-in",
            &[
                ("username", "head"),
                ("password", "pw-head"),
                ("next", "/work"),
            ],
        )
        .await;
    // The code used for the enrolment is not good again.
    let reused = fresh
        .post("/sign-in/code", &[("code", &code), ("next", "/work")])
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let next = motcua_app::totp::code_at(&secret, now + Duration::seconds(30)).expect("code");
    let ok = fresh
        .post("/sign-in/code", &[("code", &next), ("next", "/work")])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.html);
    assert_eq!(ok.location.as_deref(), Some("/work"));
    assert_eq!(fresh.get("/work").await.status, StatusCode::OK);
    // A recovery code works once.
    let mut other = Browser::new(&app);
    other.get("/sign-in").await;
    other
        .post("/sign-in", &[("username", "head"), ("password", "pw-head")])
        .await;
    let p = other
        .post("/sign-in/code", &[("code", &recovery[0].to_uppercase())])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let mut again = Browser::new(&app);
    again.get("/sign-in").await;
    again
        .post("/sign-in", &[("username", "head"), ("password", "pw-head")])
        .await;
    let p = again.post("/sign-in/code", &[("code", &recovery[0])]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Without the pending cookie there is nothing to confirm.
    let mut none = Browser::new(&app);
    none.get("/sign-in").await;
    let p = none.post("/sign-in/code", &[("code", &next)]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("hết hạn"));
}

async fn the_api_asks_for_the_code_and_wrong_codes_lock(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let (s, v) = api(
        &app,
        reqwest::Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"username": "admin", "password": "pw-admin"})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "totp");
    let now = Utc::now();
    let good = motcua_app::totp::code_at(pages_support::ADMIN_TOTP_SECRET, now).expect("code");
    let (s, v) = api(
        &app,
        reqwest::Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"username": "admin", "password": "pw-admin", "totp": good})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert!(v["roles"]
        .as_array()
        .is_some_and(|r| r.contains(&json!("admin"))));
    for i in 1..=5 {
        let (s, v) = api(
            &app,
            reqwest::Method::POST,
            "/api/v1/sessions",
            None,
            Some(json!({"username": "admin", "password": "pw-admin", "totp": "123456"})),
        )
        .await;
        let want = if i == 5 {
            StatusCode::TOO_MANY_REQUESTS
        } else {
            StatusCode::UNAUTHORIZED
        };
        assert_eq!(s, want, "attempt {i}: {v}");
    }
    // Locked: even a right code is refused now, at the API and at the page.
    let next = motcua_app::totp::code_at(
        pages_support::ADMIN_TOTP_SECRET,
        now + Duration::seconds(30),
    )
    .expect("code");
    let (s, _) = api(
        &app,
        reqwest::Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"username": "admin", "password": "pw-admin", "totp": next})),
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let p = b
        .post(
            "/sign-in",
            &[("username", "admin"), ("password", "pw-admin")],
        )
        .await;
    assert!(p.html.contains("tạm khóa"));
}

async fn an_administrator_without_a_second_factor_must_enrol_first(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let mut a = Browser::signed_in(&app, "admin").await;
    // A new administrator, created by the enrolled one.
    a.get("/admin/users/new").await;
    let p = a
        .post(
            "/admin/users/new",
            &[
                ("username", "admin2"),
                ("full_name", "Quản trị hai"),
                ("agency_code", pages_support::SCT),
                ("unit_code", "VP"),
                ("roles", "admin"),
                ("password", "mật khẩu thứ hai rất dài"),
                ("password2", "mật khẩu thứ hai rất dài"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let p = b
        .post(
            "/sign-in",
            &[
                ("username", "admin2"),
                ("password", "mật khẩu thứ hai rất dài"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    for path in ["/admin/users", "/work", "/"] {
        let p = b.get(path).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(p.location.as_deref(), Some("/account/totp"), "{path}");
    }
    let page = b.get("/account/totp").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .html
        .contains("Quản trị viên phải bật xác thực hai lớp"));
    // The API agrees: without a second factor the token acts without the administrator role.
    let (s, v) = api(
        &app,
        reqwest::Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"username": "admin2", "password": "mật khẩu thứ hai rất dài"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let t = v["token"].as_str().expect("token").to_owned();
    let (s, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/admin/users/1/sessions",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Enrolled, the administrator works.
    b.post("/account/totp/start", &[]).await;
    let page = b.get("/account/totp").await;
    let secret = secret_in(&page.html);
    let code = motcua_app::totp::code_at(&secret, Utc::now()).expect("code");
    let p = b.post("/account/totp/confirm", &[("code", &code)]).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(b.get("/admin/users").await.status, StatusCode::OK);
    // An administrator cannot turn the factor off.
    let p = b.post("/account/totp/disable", &[("code", "000000")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn breached_passwords_are_refused_at_both_doors(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    b.get("/register").await;
    let p = b
        .post(
            "/register",
            &[
                ("full_name", "Nguyễn Văn Dân"),
                ("username", "nvdan"),
                ("email", ""),
                ("password", "Password123"),
                ("password_again", "Password123"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("danh sách mật khẩu đã bị lộ"), "{}", p.html);
    let p = b
        .post(
            "/register",
            &[
                ("full_name", "Nguyễn Văn Dân"),
                ("username", "nvdan"),
                ("email", ""),
                ("password", "sông Hồng mùa lũ"),
                ("password_again", "sông Hồng mùa lũ"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    // An administrator's reset follows the same policy.
    let mut a = Browser::signed_in(&app, "admin").await;
    a.get("/admin/users").await;
    let head = a.get("/admin/users/2").await;
    assert_eq!(head.status, StatusCode::OK);
    let p = a
        .post(
            "/admin/users/2/password",
            &[("password", "qwertyuiop"), ("password2", "qwertyuiop")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("danh sách mật khẩu đã bị lộ"));
}

async fn admin_changes_are_audited_with_before_and_after(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut a = Browser::signed_in(&app, "admin").await;
    let head = a.get("/admin/users/3").await;
    assert_eq!(head.status, StatusCode::OK);
    let p = a.post("/admin/users/3/active", &[("active", "0")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    a.get("/admin/settings").await;
    let p = a
        .post(
            "/admin/settings/portal",
            &[
                ("portal_url", "https://dvc.example.gov.vn/sync"),
                ("portal_enabled", "1"),
                ("portal_token", "bi-mat-4711"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let page = a.get("/admin/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("user.deactivate"), "{}", page.html);
    assert!(
        page.html.contains("{&quot;active&quot;:true}")
            || page.html.contains("{&#34;active&#34;:true}"),
        "before shown"
    );
    let page = a.get("/admin/audit?action=settings").await;
    assert!(!page.html.contains("user.deactivate"));
    assert!(page.html.contains("settings.portal"), "{}", page.html);
    assert!(
        !page.html.contains("bi-mat-4711"),
        "secrets never reach the log"
    );
    assert!(page.html.contains("(set)"));
    let csv = a
        .http
        .get(format!("{}/admin/audit.csv?action=user", app.base))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    let text = csv.text().await.expect("body");
    assert!(text.contains("id,at,actor,action,target,before,after"));
    assert!(text.contains(",admin,user.deactivate,"), "{text}");
    // Officers see none of it (the head, user 3, was just deactivated: the director asks).
    let mut h = Browser::signed_in(&app, "director").await;
    assert_eq!(h.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        h.get("/admin/audit.csv").await.status,
        StatusCode::FORBIDDEN
    );
}
