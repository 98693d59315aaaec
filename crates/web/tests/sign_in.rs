//! Browser sign-in over real HTTP on both stores: sessions in cookies, CSRF on every form,
//! lock-out after repeated failures, sign-out here and everywhere.

mod online_files;
mod pages_support;

use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use reqwest::StatusCode;

motcua_store::on_both_stores!(
    sign_in_then_out,
    wrong_password_is_explained_and_keeps_the_name,
    five_failures_lock_the_name,
    forms_without_the_token_or_from_elsewhere_are_refused,
    sign_out_everywhere_ends_other_sessions,
    sign_in_only_returns_to_local_pages,
    the_api_locks_too_and_shares_the_lock_with_the_page,
);

async fn sign_in_then_out(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    let page = b.get("/sign-in?next=/procedures").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .html
        .contains("<label for=\"username\">Tên đăng nhập</label>"));
    assert!(!b.csrf.is_empty(), "the form carries a token");
    let p = b
        .post(
            "/sign-in",
            &[
                ("username", "specialist"),
                ("password", "pw-specialist"),
                ("next", "/procedures"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location.as_deref(), Some("/procedures"));
    let home = b.get("/").await;
    assert!(
        home.html.contains("Cán bộ specialist"),
        "the header names who is signed in"
    );
    assert!(
        home.html.contains("href=\"/work\""),
        "officers see their work menu"
    );
    let out = b.post("/sign-out", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let home = b.get("/").await;
    assert!(!home.html.contains("Cán bộ specialist"));
    assert!(home.html.contains("href=\"/sign-in\""));
}

async fn wrong_password_is_explained_and_keeps_the_name(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    b.get("/sign-in?lang=en").await;
    let p = b
        .post("/sign-in", &[("username", "head"), ("password", "nope")])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("The user name or password is wrong"));
    assert!(p.html.contains("value=\"head\""), "the name typed is kept");
    let p = b
        .post("/sign-in", &[("username", ""), ("password", "")])
        .await;
    assert!(p.html.contains("Enter your user name and password."));
}

async fn five_failures_lock_the_name(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    for i in 1..=5 {
        let p = b
            .post(
                "/sign-in",
                &[("username", "director"), ("password", "wrong")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p.html.contains("tạm khóa"), i == 5, "attempt {i}");
    }
    // Even the right password is refused while locked …
    let p = b
        .post(
            "/sign-in",
            &[("username", "director"), ("password", "pw-director")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Hãy thử lại sau 15 phút"));
    // … while other names are not affected, and unknown names lock too (no name probing).
    b.sign_in("head").await;
}

async fn forms_without_the_token_or_from_elsewhere_are_refused(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let url = format!("{}/sign-in", app.base);
    let form = [("username", "head"), ("password", "pw-head")];
    let no_token = b.http.post(&url).form(&form).send().await.expect("post");
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let text = no_token.text().await.expect("body");
    assert!(text.contains("Biểu mẫu đã hết hạn") && text.contains("The form has expired"));
    let mut with_token = form.to_vec();
    with_token.push(("csrf", &b.csrf));
    let foreign = b
        .http
        .post(&url)
        .header("Origin", "https://evil.example")
        .form(&with_token)
        .send()
        .await
        .expect("post");
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let wrong = b
        .http
        .post(&url)
        .form(&[("username", "head"), ("password", "pw-head"), ("csrf", "0")])
        .send()
        .await
        .expect("post");
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    // A fresh client has no token cookie at all.
    let fresh = reqwest::Client::new()
        .post(&url)
        .form(&with_token)
        .send()
        .await
        .expect("post");
    assert_eq!(fresh.status(), StatusCode::FORBIDDEN);
    // The header form (htmx) works, from this origin.
    let htmx = b
        .http
        .post(&url)
        .header("X-CSRF-Token", &b.csrf)
        .header("Origin", &app.base)
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(htmx.status(), StatusCode::SEE_OTHER);
    // The JSON API is not affected (bearer tokens).
    let api = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&serde_json::json!({"username": "head", "password": "pw-head"}))
        .send()
        .await
        .expect("post");
    assert_eq!(api.status(), StatusCode::CREATED);
}

async fn sign_out_everywhere_ends_other_sessions(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut phone = Browser::new(&app);
    let mut desktop = Browser::new(&app);
    phone.sign_in("desk").await;
    desktop.sign_in("desk").await;
    assert!(desktop.get("/").await.html.contains("Cán bộ desk"));
    phone.get("/").await;
    let p = phone.post("/sign-out", &[("everywhere", "1")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(!desktop.get("/").await.html.contains("Cán bộ desk"));
    assert!(!phone.get("/").await.html.contains("Cán bộ desk"));
}

async fn sign_in_only_returns_to_local_pages(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let p = b
        .post(
            "/sign-in",
            &[
                ("username", "citizen"),
                ("password", "pw-citizen"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some("/"));
    let home = b.get("/").await;
    assert!(home.html.contains("Cán bộ citizen"));
    // With no page asked for, an officer lands on their inbox.
    let mut officer = Browser::new(&app);
    officer.get("/sign-in").await;
    let p = officer
        .post("/sign-in", &[("username", "desk"), ("password", "pw-desk")])
        .await;
    assert_eq!(p.location.as_deref(), Some("/work"));
    assert!(
        !home.html.contains("href=\"/work\""),
        "applicants have no work menu"
    );
}

/// `POST /api/v1/sessions` as a JSON client: (status, body).
async fn api_sign_in(
    app: &pages_support::App,
    user: &str,
    password: &str,
) -> (StatusCode, serde_json::Value) {
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&serde_json::json!({ "username": user, "password": password }))
        .send()
        .await
        .expect("post");
    let status = r.status();
    (status, r.json().await.expect("json body"))
}

/// The JSON door used to bypass the lock-out; now both doors share one sign-in and one lock.
async fn the_api_locks_too_and_shares_the_lock_with_the_page(db: Db, _: String) {
    let app = spawn_app(db).await;
    for i in 1..=4 {
        let (status, body) = api_sign_in(&app, "clerk", "wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}: {body}");
    }
    // The fifth wrong password is the one that locks.
    let (status, body) = api_sign_in(&app, "clerk", "wrong").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // The sixth attempt is refused even with the right password, in both languages.
    let (status, body) = api_sign_in(&app, "clerk", "pw-clerk").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"], "sign_in_locked");
    let vi = body["message_vi"].as_str().expect("message_vi");
    let en = body["message_en"].as_str().expect("message_en");
    assert!(vi.contains("tạm bị khóa") && vi.contains("phút"), "{vi}");
    assert!(en.contains("locked") && en.contains("minutes"), "{en}");
    assert!(body.get("token").is_none(), "no session while locked");

    // The name locked through the API is locked on the sign-in page too …
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let p = b
        .post(
            "/sign-in",
            &[("username", "clerk"), ("password", "pw-clerk")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("tạm khóa"), "{}", p.html);
    // … other names are not, and an administrator's unlock opens both doors again.
    let (status, _) = api_sign_in(&app, "head", "pw-head").await;
    assert_eq!(status, StatusCode::CREATED);
    let mut admin = Browser::signed_in(&app, "admin").await;
    let clerk = motcua_store::users::find_user(&app.db, "clerk")
        .await
        .expect("find")
        .expect("clerk");
    admin.get(&format!("/admin/users/{}", clerk.id)).await;
    let p = admin
        .post(&format!("/admin/users/{}/unlock", clerk.id), &[])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let (status, body) = api_sign_in(&app, "clerk", "pw-clerk").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["token"].as_str().is_some_and(|t| !t.is_empty()));
}
