//! Browser sign-in over real HTTP on both stores: sessions in cookies, CSRF on every form,
//! lock-out after repeated failures, sign-out here and everywhere.

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
    assert!(
        !home.html.contains("href=\"/work\""),
        "applicants have no work menu"
    );
}
